package notebooks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/qap"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() {
	registerStep("qap", `Regresses one network on others by the quadratic assignment procedure
  (analysis/qap; 'repnet help qap'), as R's sna::netlogit and netlm:
  y = "NETWORK", x = ["NETWORK", ...], each either a column of the edge table
  in = "TABLE" (int columns ccode1, ccode2; a pair without a row is 0) or a
  layer, "layer(igo, select=autocratic)"; "NETWORK as NAME" names the term
  (by default a column's name, or the layer). year = 2014: the year of the
  layers, and of the table's rows when it has a year column.
  family = "logit" (y 0/1) or "gaussian"; method = "dsp" (double
  semi-partialling, Dekker, Krackhardt and Snijders 2007) or "yperm"
  (Krackhardt 1988); perms = 1000; directed = true to use both cells of every
  pair. The nodes are y's (the codes of the table, or the layer's states that
  year); nodes with missing values are left out, most missing first, and
  named in the Methods. Permutation p uses a PCG seeded with (the step's
  seed, p). out = "NAME": term, estimate, statistic, p_two_sided, p_greater,
  p_less, perms.`, newQAPStep)
}

type qapStep struct {
	spec     *Spec
	Y        string   `toml:"y"`
	X        []string `toml:"x"`
	Year     int      `toml:"year"`
	Family   string   `toml:"family"`
	Method   string   `toml:"method"`
	Perms    int      `toml:"perms"`
	Directed bool     `toml:"directed"`
	model    qap.Model
	null     qap.Null
	y        qapNet
	xs       []qapNet
}

// qapNet is one network argument: a column of the in table or a layer.
type qapNet struct {
	text, name, column string
	layer              *layers.Spec
}

func newQAPStep(s *Spec, p *Params) (Step, error) {
	st := &qapStep{spec: s, Family: "logit", Method: "dsp", Perms: 1000}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 1 {
		return nil, p.Errorf("in", "a QAP step reads at most one edge table: in = \"TABLE\" (layers need none)")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a QAP step makes one table: out = \"NAME\"")
	}
	switch strings.ToLower(st.Family) {
	case "logit", "binomial":
		st.model = qap.Logit
	case "gaussian", "linear":
		st.model = qap.Linear
	default:
		return nil, p.Errorf("family", "family %q: want \"logit\" or \"gaussian\"", st.Family)
	}
	var err error
	if st.null, err = qap.ParseNull(st.Method); err != nil {
		return nil, p.Errorf("method", "method %q: want \"dsp\" or \"yperm\"", st.Method)
	}
	if st.Perms < 1 {
		return nil, p.Errorf("perms", "perms = %d: want at least 1", st.Perms)
	}
	if st.Year < 0 || st.Year > 9999 {
		return nil, p.Errorf("year", "year = %d: want a year", st.Year)
	}
	parse := func(key string, k int, text string) (qapNet, error) {
		errf := func(format string, args ...any) error {
			if k < 0 {
				return p.Errorf(key, format, args...)
			}
			return p.ElemErrorf(key, k, format, args...)
		}
		n := qapNet{text: text}
		body := strings.TrimSpace(text)
		if i := strings.LastIndex(body, " as "); i >= 0 {
			n.name = strings.TrimSpace(body[i+4:])
			body = strings.TrimSpace(body[:i])
			if n.name == "" || strings.ContainsAny(n.name, " ,()") {
				return n, errf("%q: expected NETWORK as NAME with a one-word NAME", text)
			}
		}
		if body == "" {
			return n, errf("empty network: give a column of the in table or a layer(...)")
		}
		if strings.HasPrefix(body, "layer(") {
			spec, err := qap.ParseLayer(body)
			if err != nil {
				return n, errf("%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "panel: "), "layers: "))
			}
			if st.Year == 0 {
				return n, errf("%s is a layer: give year = YEAR", body)
			}
			n.layer = &spec
			if n.name == "" {
				n.name = body
			}
			return n, nil
		}
		if strings.ContainsAny(body, "(),") {
			return n, errf("%q: expected a column of the in table or a layer, layer(KIND, KEY=VALUE, ...)", body)
		}
		if len(s.In) == 0 {
			return n, errf("%q is a column: name its edge table with in = \"TABLE\"", body)
		}
		n.column = body
		if n.name == "" {
			n.name = body
		}
		return n, nil
	}
	if st.Y == "" {
		return nil, p.Errorf("", "missing y: the network regressed, a column of the in table or a layer(...)")
	}
	if st.y, err = parse("y", -1, st.Y); err != nil {
		return nil, err
	}
	if len(st.X) == 0 {
		return nil, p.Errorf("", "missing x: the regressor networks, x = [\"NETWORK\", ...]")
	}
	names := map[string]bool{}
	for k, x := range st.X {
		n, err := parse("x", k, x)
		if err != nil {
			return nil, err
		}
		if names[n.name] {
			return nil, p.ElemErrorf("x", k, "term %q given twice: name one with \"as NAME\"", n.name)
		}
		names[n.name] = true
		st.xs = append(st.xs, n)
	}
	return st, nil
}

func (st *qapStep) Inputs() []string { return st.spec.In }
func (st *qapStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}}
}
func (st *qapStep) Cites() []string {
	out := []string{"krackhardt1988predicting", "butts2008social"}
	if st.null == qap.DSP {
		out = append(out, "dekker2007sensitivity")
	}
	return out
}

// UsesSeed: the permutations are random.
func (st *qapStep) UsesSeed(derived uint64) (uint64, bool) { return derived, true }

func (st *qapStep) Run(ctx *Context) error {
	var edges *table.Table
	if len(st.spec.In) == 1 {
		var err error
		if edges, err = ctx.Table(st.spec.In[0]); err != nil {
			return err
		}
	}
	data := layers.NewData()
	network := func(n qapNet) (*qap.Network, error) {
		if n.column != "" {
			net, err := qap.TableNetwork(edges, "table "+st.spec.In[0], n.column, st.Year, st.Directed)
			var ye *qap.YearsError
			if errors.As(err, &ye) {
				err = fmt.Errorf("%v with year = YEAR", err)
			}
			return net, err
		}
		p, err := data.Build(*n.layer, loaders.YearRange{First: st.Year, Last: st.Year})
		if err != nil {
			return nil, err
		}
		return qap.LayerNetwork(p, n.name, st.Year, st.Directed)
	}
	yn, err := network(st.y)
	if err != nil {
		return err
	}
	nodes := yn.Nodes
	ms := make([]*mat.Dense, 1+len(st.xs))
	if ms[0], err = yn.Matrix(nodes); err != nil {
		return err
	}
	names := make([]string, len(st.xs))
	for i, x := range st.xs {
		xn, err := network(x)
		if err != nil {
			return err
		}
		if ms[i+1], err = xn.Matrix(nodes); err != nil {
			return err
		}
		names[i] = x.name
	}
	keep, dropped := qap.DropIncomplete(ms, st.Directed)
	if len(keep) < 3 {
		return fmt.Errorf("only %d of the %d nodes have no missing value; QAP needs at least 3", len(keep), len(nodes))
	}
	var droppedCodes []string
	if len(dropped) > 0 {
		for i := range ms {
			ms[i] = qap.Sub(ms[i], keep)
		}
		for _, d := range dropped {
			droppedCodes = append(droppedCodes, strconv.FormatInt(nodes[d], 10))
		}
	}
	res, err := qap.Regress(ms[0], ms[1:], names, qap.Options{
		Model: st.model, Null: st.null, Directed: st.Directed, Perms: st.Perms, Seed: ctx.Seed,
	})
	if err != nil {
		return err
	}
	t := res.Table()
	t.SetMeta("y", st.y.text)
	t.SetMeta("x", strings.Join(st.X, "; "))
	t.SetMeta("nodes", strconv.Itoa(len(keep)))
	t.SetMeta("dropped_nodes", strings.Join(droppedCodes, " "))
	if st.Year != 0 {
		t.SetMeta("year", strconv.Itoa(st.Year))
	}
	t.SetMeta("observed_statistic", joinFloats(res.Stat))
	if edges != nil {
		t.AddSources(edges.Sources...)
	}
	ctx.SetTable(st.spec.Out[0], t)
	return nil
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = table.FormatFloat(x)
	}
	return strings.Join(s, " ")
}

func (st *qapStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	var b strings.Builder
	what := "network"
	if st.Year != 0 {
		what = fmt.Sprintf("%d network", st.Year)
	}
	var xs []string
	for _, x := range st.xs {
		xs = append(xs, x.name)
	}
	model := "a logit fitted to the cells as sna::netlogit"
	stat := "z"
	if st.model == qap.Linear {
		model, stat = "a linear model fitted to the cells by least squares as sna::netlm", "t"
	}
	cells := "each pair once"
	if st.Directed {
		cells = "both cells of each pair"
	}
	nodes := commaString(t.Meta["nodes"])
	fmt.Fprintf(&b, "Table %s is a QAP regression %s of the %s %s on %s: %s %s, over %s nodes (%s cells, %s).",
		st.spec.Out[0], citeInText(methodsBib, "krackhardt1988predicting"), what, st.y.name, joinAnd(xs), model, citeInText(methodsBib, "butts2008social"),
		nodes, commaString(t.Meta["cells"]), cells)
	if d := t.Meta["dropped_nodes"]; d != "" {
		codes := strings.Fields(d)
		fmt.Fprintf(&b, " %d nodes with missing values were left out, the node in the most missing cells first (COW codes %s).", len(codes), strings.Join(codes, ", "))
	}
	if st.null == qap.DSP {
		fmt.Fprintf(&b, " p-values come from %s permutations by double semi-partialling %s: for each term, the residuals of its regression on the other terms are permuted (rows and columns together) and the model refitted;", comma(int64(st.Perms)), citeInText(methodsBib, "dekker2007sensitivity"))
	} else {
		fmt.Fprintf(&b, " p-values come from %s permutations of the rows and columns of y, refitting the model each time;", comma(int64(st.Perms)))
	}
	fmt.Fprintf(&b, " p_two_sided is the share of permutations whose |%s| is at least the observed |%s| (p_greater and p_less one-sided), so 0 means below 1/%s. Permutation p is drawn from a PCG generator seeded with (%s, p).",
		stat, stat, comma(int64(st.Perms)), t.Meta["seed"])
	return b.String()
}

// joinAnd joins names as "a, b and c".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
