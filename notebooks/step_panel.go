package notebooks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repnet/repnet/analysis/panel"
)

func init() {
	registerStep("panel", `Builds a state-year or dyad-year panel (analysis/panel; 'repnet help panel'):
  out = "NAME", unit = "state-year" or "dyad-year", years = "1976-2014",
  directed = true for a dyad-year panel of ordered pairs (default: one row per
  pair, ccode1 < ccode2), and add = ["SPEC", ...], one variable each, in the
  grammar of 'repnet panel --add':
    "neg(fariss.theta_mean) as repression"        a dataset column, negated
    "lag(vdem.v2x_polyarchy, 1) as polyarchy_lag"  a lag (never across a gap)
    "layer(igo, select=autocratic) as shared_autoc" (dyad-year) a layer's weight
    "min(vdem.v2x_polyarchy) as polyarchy_low"     (dyad-year) the lower of the two
    "lag(exposure(neg(fariss.theta_mean), layer(igo, select=autocratic))) as exposure"
  Rows are the states (pairs of states) of the COW state system each year; a
  value a source lacks is missing, never 0. Like a table step, the panel is
  written to tables/ only when a write step asks, and the data files it read
  are listed in the manifest. centrality(LAYER, community) uses the step's seed.`, newPanelStep)
}

type panelStep struct {
	spec     *Spec
	Unit     string     `toml:"unit"`
	Years    yearsParam `toml:"years"`
	Directed bool       `toml:"directed"`
	Add      []string   `toml:"add"`
	specs    []panel.Spec
}

func newPanelStep(s *Spec, p *Params) (Step, error) {
	st := &panelStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "a panel reads no table: it loads the bundled datasets its add specs name")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a panel step makes one table: out = \"NAME\"")
	}
	switch st.Unit {
	case panel.StateYear, panel.DyadYear:
	case "":
		return nil, p.Errorf("", "missing unit: \"state-year\" or \"dyad-year\"")
	default:
		return nil, p.Errorf("unit", "unit %q: want \"state-year\" or \"dyad-year\"", st.Unit)
	}
	if st.Directed && st.Unit != panel.DyadYear {
		return nil, p.Errorf("directed", "directed applies to dyad-year panels only")
	}
	if !st.Years.set {
		return nil, p.Errorf("", "missing years: the years of the rows, such as years = \"1990-2014\"")
	}
	if len(st.Add) == 0 {
		return nil, p.Errorf("", "no variables: give add = [\"SPEC\", ...], such as \"vdem.v2x_polyarchy as polyarchy\"")
	}
	for k, a := range st.Add {
		sp, err := panel.ParseSpec(a)
		if err == nil {
			err = sp.Check()
		}
		if err != nil {
			return nil, p.ElemErrorf("add", k, "%s", strings.TrimPrefix(err.Error(), "panel: "))
		}
		st.specs = append(st.specs, sp)
	}
	return st, nil
}

func (st *panelStep) Inputs() []string { return nil }
func (st *panelStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}}
}
func (st *panelStep) IsSource() {}

// UsesSeed: only Louvain communities are random.
func (st *panelStep) UsesSeed(derived uint64) (uint64, bool) {
	for _, sp := range st.specs {
		uses := false
		walkExpr(sp.Expr, func(e *panel.Expr) { uses = uses || e.Op == panel.OpCentrality && e.Measure == "community" })
		if uses {
			return derived, true
		}
	}
	return 0, false
}

func walkExpr(e *panel.Expr, f func(*panel.Expr)) {
	for ; e != nil; e = e.Arg {
		f(e)
	}
}

func (st *panelStep) Cites() []string {
	for _, sp := range st.specs {
		exposure := false
		walkExpr(sp.Expr, func(e *panel.Expr) { exposure = exposure || e.Op == panel.OpExposure })
		if exposure {
			return []string{"leenders2002modeling"}
		}
	}
	return nil
}

func (st *panelStep) Run(ctx *Context) error {
	seed, _ := st.UsesSeed(ctx.Seed)
	t, err := panel.Build(panel.Options{
		Unit: st.Unit, Years: fmt.Sprintf("%d-%d", st.Years.First, st.Years.Last),
		Directed: st.Directed, Add: st.Add, Seed: seed,
	})
	if err != nil {
		return err
	}
	ctx.SetTable(st.spec.Out[0], t)
	return nil
}

// Methods describes the rows, each variable with its spec and how often
// it is missing, the layers, and what lags and exposures are.
func (st *panelStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	var b strings.Builder
	dyadic := st.Unit == panel.DyadYear
	states := map[int64]bool{}
	keys := []string{"ccode"}
	if dyadic {
		keys = []string{"ccode1", "ccode2"}
	}
	for _, k := range keys {
		if c := t.Col(k); c != nil {
			for _, v := range c.Ints {
				states[v] = true
			}
		}
	}
	years := fmt.Sprintf("%d-%d", st.Years.First, st.Years.Last)
	if st.Years.First == st.Years.Last {
		years = fmt.Sprint(st.Years.First)
	}
	switch {
	case !dyadic:
		fmt.Fprintf(&b, "Table %s is a state-year panel: one row for every state in the Correlates of War state system in each year %s (%s rows, %d states)",
			st.spec.Out[0], years, comma(int64(t.NumRows())), len(states))
	case st.Directed:
		fmt.Fprintf(&b, "Table %s is a directed dyad-year panel: one row for every ordered pair of states both in the Correlates of War state system in each year %s (%s rows, %d states)",
			st.spec.Out[0], years, comma(int64(t.NumRows())), len(states))
	default:
		fmt.Fprintf(&b, "Table %s is a non-directed dyad-year panel: one row for every pair of states both in the Correlates of War state system in each year %s, listed once with ccode1 < ccode2 (%s rows, %d states)",
			st.spec.Out[0], years, comma(int64(t.NumRows())), len(states))
	}
	var cols []string
	lags, exposure := false, false
	for _, c := range t.Columns {
		spec := t.Meta["spec:"+c.Name]
		if spec == "" {
			continue
		}
		expr := spec
		if sp, err := panel.ParseSpec(spec); err == nil {
			expr = sp.Expr.String()
			walkExpr(sp.Expr, func(e *panel.Expr) {
				lags = lags || e.Op == panel.OpLag || e.Op == panel.OpLead
				exposure = exposure || e.Op == panel.OpExposure
			})
		}
		miss := 0
		for i := 0; i < c.Len(); i++ {
			if c.IsMissing(i) {
				miss++
			}
		}
		var notes []string
		switch miss {
		case 0:
			notes = append(notes, "never missing")
		case 1:
			notes = append(notes, "missing in 1 row")
		default:
			notes = append(notes, fmt.Sprintf("missing in %s rows", comma(int64(miss))))
		}
		if cov := t.Meta["coverage:"+c.Name]; cov != "" {
			notes = append(notes, "source years "+cov)
		}
		cols = append(cols, fmt.Sprintf("%s = %s (%s)", c.Name, expr, strings.Join(notes, "; ")))
	}
	fmt.Fprintf(&b, ", with the variables %s.", strings.Join(cols, ", "))
	var layerKeys []string
	for k := range t.Meta {
		if strings.HasPrefix(k, "layer:") {
			layerKeys = append(layerKeys, k)
		}
	}
	sort.Strings(layerKeys)
	if len(layerKeys) > 0 {
		var ls []string
		for _, k := range layerKeys {
			ls = append(ls, fmt.Sprintf("%s, %s", strings.TrimPrefix(k, "layer:"), t.Meta[k]))
		}
		fmt.Fprintf(&b, " Layer weights: %s.", strings.Join(ls, "; "))
	}
	if dyadic {
		b.WriteString(" A state-year variable gives two columns, one per member (_1 for ccode1, _2 for ccode2); min and max take the lower and higher value of the pair. A layer's weight is 0 for two states that are both in that year's network without a tie, and missing when either is not in it.")
	}
	if lags {
		b.WriteString(" lag(x, k) is x k years earlier for the same unit, missing unless the unit was in the system in every year in between.")
	}
	if exposure {
		fmt.Fprintf(&b, " exposure(y, W) is, for a state in a year, the mean of y over the states it is tied to in W that year, weighted by the tie weights, leaving out neighbours whose y is missing (a row-normalised network lag %s); it is missing for a state without a tie to a state with data.", citeInText(methodsBib, "leenders2002modeling"))
	}
	return b.String()
}
