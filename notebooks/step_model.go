package notebooks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/repnet/repnet/analysis/formula"
	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/analysis/modeltable"
	"github.com/repnet/repnet/internal/table"
)

func init() {
	registerStep("model", `Fits a generalised linear model to a table, as R's glm (analysis/glm;
  'repnet help model'): in = "TABLE", formula = "y ~ x1 + x2*x3 + factor(year)",
  family = "gaussian" (least squares), "logit", "probit" or "poisson",
  vcov = ["classical", "cluster:ccode"] (the variance estimators: classical,
  hc0, hc1, cluster:A, cluster:A,B (multiway), dyadic:A,B; profile with
  firth = true), firth = true (Firth's penalised logit), level = 0.95 (of
  the intervals), margins = true (also the average marginal effects).
  out = ["COEFS", "STATS", "PAPER"] names the coefficient table (broom's
  columns term, estimate, std_error, statistic, p_value, conf_low, conf_high,
  plus vcov: one row per term and estimator), the fit statistics (one row:
  nobs, ndropped, loglik, aic, ...) and the paper table, written to
  tables/PAPER.tex (LaTeX) and tables/PAPER.md (shown in the report), one
  column per estimator; with margins = true a fourth name, the table of
  average marginal effects (same columns). Rows with a missing value in a
  variable of the formula are dropped; the Methods say how many, and why.
`+paperKeysDoc, newModelStep)
}

type modelStep struct {
	spec    *Spec
	Formula string     `toml:"formula"`
	Family  string     `toml:"family"`
	Vcov    stringList `toml:"vcov"`
	Firth   bool       `toml:"firth"`
	Margins bool       `toml:"margins"`
	Level   float64    `toml:"level"`
	paperOptions
	f   *formula.Formula
	fam glm.Family
}

func newModelStep(s *Spec, p *Params) (Step, error) {
	st := &modelStep{spec: s, Level: 0.95}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) != 1 {
		return nil, p.Errorf("in", "a model is fitted to one table: in = \"TABLE\"")
	}
	want := 3
	if st.Margins {
		want = 4
	}
	if len(s.Out) != want {
		if st.Margins {
			return nil, p.Errorf("out", "a model with margins = true makes four outputs: out = [\"COEFS\", \"STATS\", \"PAPER\", \"MARGINS\"] (the coefficients, the fit statistics, the paper table and the average marginal effects)")
		}
		return nil, p.Errorf("out", "a model makes three outputs: out = [\"COEFS\", \"STATS\", \"PAPER\"] (the coefficient table, the fit statistics and the paper table)")
	}
	if st.Formula == "" {
		return nil, p.Errorf("", "missing formula, such as formula = \"y ~ x1 + x2 + factor(year)\"")
	}
	f, err := formula.Parse(st.Formula)
	if err != nil {
		return nil, p.Errorf("formula", "%s", strings.TrimPrefix(err.Error(), "formula: "))
	}
	st.f = f
	if st.Family == "" {
		st.Family = "gaussian"
	}
	if st.fam, err = glm.ParseFamily(st.Family); err != nil {
		return nil, p.Errorf("family", "%s", strings.TrimPrefix(err.Error(), "glm: "))
	}
	if st.Firth && st.fam != glm.Logit {
		return nil, p.Errorf("firth", "firth = true fits logits only (family = \"logit\")")
	}
	if !(st.Level > 0 && st.Level < 1) {
		return nil, p.Errorf("level", "level = %v: want a confidence level between 0 and 1, such as 0.95", st.Level)
	}
	if len(st.Vcov) == 0 {
		st.Vcov = stringList{"classical"}
	}
	seen := map[string]bool{}
	for k, v := range st.Vcov {
		if err := glm.CheckVcovs([]string{v}, st.Firth, st.Margins); err != nil {
			return nil, p.ElemErrorf("vcov", k, "%s", strings.TrimPrefix(err.Error(), "glm: "))
		}
		if seen[v] {
			return nil, p.ElemErrorf("vcov", k, "variance estimator %q given twice", v)
		}
		seen[v] = true
	}
	if err := st.paperOptions.check(p, len(st.Vcov)); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *modelStep) Inputs() []string { return []string{st.spec.In[0]} }

func (st *modelStep) Outputs() []Output {
	o := st.spec.Out
	out := []Output{
		{Name: o[0], Kind: TableOutput, Detail: true},
		{Name: o[1], Kind: TableOutput, Detail: true},
		documentOutput(o[2]),
	}
	if st.Margins {
		out = append(out, Output{Name: o[3], Kind: TableOutput})
	}
	return out
}

func (st *modelStep) Cites() []string {
	var out []string
	if st.Firth {
		out = append(out, "firth1993bias", "heinze2002solution")
	}
	for _, v := range st.Vcov {
		out = append(out, vcovCites(v)...)
	}
	return out
}

func vcovCites(v string) []string {
	s, _ := glm.ParseVcov(v)
	switch s.Kind {
	case glm.HC0, glm.HC1:
		return []string{"white1980heteroskedasticity", "zeileis2004econometric", "zeileis2006object"}
	case glm.Cluster:
		out := []string{"zeileis2004econometric", "zeileis2006object", "zeileis2020various"}
		if len(s.Columns) > 1 {
			out = append(out, "cameron2011robust")
		}
		return out
	case glm.Dyadic:
		return []string{"aronow2015cluster"}
	case glm.Profile:
		return []string{"heinze2002solution"}
	}
	return nil
}

func (st *modelStep) Run(ctx *Context) error {
	data, err := ctx.Table(st.spec.In[0])
	if err != nil {
		return err
	}
	var m *glm.Model
	if st.Firth {
		m, err = glm.FitFirth(st.f, data, nil)
	} else {
		m, err = glm.Fit(st.f, data, st.fam, nil)
	}
	if err != nil {
		return fmt.Errorf("table %s: %v", st.spec.In[0], err)
	}
	coefs, err := m.Coefficients(st.Level, st.Vcov...)
	if err != nil {
		return err
	}
	stats := m.Stats()
	// What the Methods need, kept in the tables' meta so that it comes
	// back from the cache: how many rows were dropped for which
	// variables, and the number of clusters of each estimator.
	stats.SetMeta("rows_in", strconv.Itoa(data.NumRows()))
	stats.SetMeta("missing", missingCounts(data, st.f.Columns()))
	for _, v := range st.Vcov {
		if g := clusterCounts(m, v); g != "" {
			coefs.SetMeta("clusters:"+v, g)
		}
	}
	ctx.SetTable(st.spec.Out[0], coefs)
	ctx.SetTable(st.spec.Out[1], stats)
	if st.Margins {
		ame, err := m.Margins(st.Level, st.Vcov...)
		if err != nil {
			return err
		}
		ctx.SetTable(st.spec.Out[3], ame)
	}
	return st.paperOptions.write(ctx, st.spec.Out[2], modeltable.Columns(coefs, stats, st.Vcov))
}

// missingCounts lists, for each column the formula uses, the rows of t in
// which it is missing: "x 12, z 3" (columns never missing left out).
func missingCounts(t *table.Table, cols []string) string {
	var parts []string
	for _, name := range cols {
		c := t.Col(name)
		if c == nil {
			continue
		}
		n := 0
		for i := 0; i < c.Len(); i++ {
			if c.IsMissing(i) {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", name, comma(int64(n))))
		}
	}
	return strings.Join(parts, ", ")
}

// clusterCounts returns the number of clusters of a cluster estimator
// among the rows fitted ("160"; multiway: "160, 39 and 6,199 (ccode x
// year)"), or of states for a dyadic one, or "".
func clusterCounts(m *glm.Model, v string) string {
	s, err := glm.ParseVcov(v)
	if err != nil || s.Kind != glm.Cluster && s.Kind != glm.Dyadic {
		return ""
	}
	rows := m.Design.Rows
	key := func(c *table.Column, i int) string { return c.Format(i) }
	cols := make([]*table.Column, len(s.Columns))
	for j, n := range s.Columns {
		if cols[j] = m.Data.Col(n); cols[j] == nil {
			return ""
		}
	}
	if s.Kind == glm.Dyadic {
		members := map[string]bool{}
		for _, i := range rows {
			members[key(cols[0], i)] = true
			members[key(cols[1], i)] = true
		}
		return strconv.Itoa(len(members))
	}
	if len(cols) == 1 {
		g := map[string]bool{}
		for _, i := range rows {
			g[key(cols[0], i)] = true
		}
		return comma(int64(len(g)))
	}
	// Every non-empty subset of the columns, as the inclusion-exclusion
	// uses them: "26 for ccode1, 26 for ccode2, 351 for ccode1 x ccode2".
	var counts []string
	for mask := 1; mask < 1<<len(cols); mask++ {
		g := map[string]bool{}
		var names []string
		for j := range cols {
			if mask&(1<<j) != 0 {
				names = append(names, s.Columns[j])
			}
		}
		for _, i := range rows {
			var k []string
			for j, c := range cols {
				if mask&(1<<j) != 0 {
					k = append(k, key(c, i))
				}
			}
			g[strings.Join(k, "\x00")] = true
		}
		counts = append(counts, fmt.Sprintf("%s for %s", comma(int64(len(g))), strings.Join(names, " x ")))
	}
	return joinAnd(counts)
}

// Methods names the estimator, the data and the rows dropped, and each
// variance estimator exactly.
func (st *modelStep) Methods(ctx *Context) string {
	coefs, err1 := ctx.Table(st.spec.Out[0])
	stats, err2 := ctx.Table(st.spec.Out[1])
	if err1 != nil || err2 != nil {
		return ""
	}
	get := func(c string) string {
		if col := stats.Col(c); col != nil && !col.IsMissing(0) {
			return col.Format(0)
		}
		return ""
	}
	nobs, _ := strconv.ParseInt(get("nobs"), 10, 64)
	ndropped, _ := strconv.ParseInt(get("ndropped"), 10, 64)
	var b strings.Builder
	var est string
	switch {
	case st.Firth:
		est = fmt.Sprintf("a logit fitted by Firth's penalised maximum likelihood %s, as R's logistf %s", citeInText(methodsBib, "firth1993bias"), citeInText(methodsBib, "heinze2002solution"))
	case st.fam == glm.Gaussian:
		est = "a linear model fitted by least squares (a gaussian GLM with identity link, as R's glm)"
	case st.fam == glm.Logit:
		est = "a logit fitted by maximum likelihood (iteratively reweighted least squares, as R's glm)"
	case st.fam == glm.Probit:
		est = "a probit fitted by maximum likelihood (iteratively reweighted least squares, as R's glm)"
	default:
		est = "a poisson regression (log link) fitted by maximum likelihood (iteratively reweighted least squares, as R's glm)"
	}
	fmt.Fprintf(&b, "Model %s (tables %s and %s; paper table tables/%s.tex) is %s of %s on table %s.",
		st.spec.ID, st.spec.Out[0], st.spec.Out[1], st.spec.Out[2], est, st.f, st.spec.In[0])
	in := stats.Meta["rows_in"]
	if ndropped == 0 {
		fmt.Fprintf(&b, " It uses all %s rows.", comma(nobs))
	} else {
		fmt.Fprintf(&b, " It uses %s of the %s rows: the %s rows with a missing value in a variable of the formula were dropped", comma(nobs), commaString(in), comma(ndropped))
		if m := stats.Meta["missing"]; m != "" {
			fmt.Fprintf(&b, " (missing values: %s)", m)
		}
		b.WriteString(".")
	}
	var ses []string
	for _, v := range st.Vcov {
		ses = append(ses, st.describeVcov(v, coefs.Meta["clusters:"+v], stats))
	}
	fmt.Fprintf(&b, " %s %s.", map[bool]string{true: "Inference:", false: "Standard errors:"}[st.Firth], strings.Join(ses, "; "))
	profile := false
	for _, v := range st.Vcov {
		s, _ := glm.ParseVcov(v)
		profile = profile || s.Kind == glm.Profile
	}
	fmt.Fprintf(&b, " Intervals are %g%% Wald intervals from the distribution of the test", 100*st.Level)
	if profile {
		b.WriteString(" (profile penalised-likelihood intervals for \"profile\")")
	}
	if st.Margins {
		fmt.Fprintf(&b, ". Table %s holds average marginal effects on the response scale (the mean over the rows used of the derivative of the expected outcome, or for a factor level the mean discrete change from the first level), with delta-method standard errors under the same estimators and z tests", st.spec.Out[3])
	}
	b.WriteString(".")
	if w := get("warnings"); w != "" {
		fmt.Fprintf(&b, " The fit warned: %s.", strings.TrimSuffix(w, "."))
	}
	return b.String()
}

// commaString formats a decimal integer string with thousands separators.
func commaString(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	return comma(n)
}

// describeVcov names a variance estimator exactly, with its convention,
// reference and test distribution.
func (st *modelStep) describeVcov(v, clusters string, stats *table.Table) string {
	s, _ := glm.ParseVcov(v)
	dist := "z tests"
	if s.Kind == glm.Classical && st.fam == glm.Gaussian && !st.Firth {
		dist = "t tests with " + commaString(stats.Col("df_residual").Format(0)) + " degrees of freedom"
	}
	cols := strings.Join(s.Columns, " and ")
	zc := citeList("zeileis2004econometric", "zeileis2006object", "zeileis2020various")
	switch s.Kind {
	case glm.Classical:
		if st.fam == glm.Gaussian && !st.Firth {
			return fmt.Sprintf("%q: classical standard errors, s^2 (X'X)^-1 with s^2 the residual variance (R's summary.lm), %s", v, dist)
		}
		return fmt.Sprintf("%q: classical (model-based) standard errors from the inverse information matrix (R's summary.glm), %s", v, dist)
	case glm.HC0:
		return fmt.Sprintf("%q: heteroskedasticity-robust standard errors, HC0 %s (sandwich::vcovHC type HC0) %s, %s", v, citeInText(methodsBib, "white1980heteroskedasticity"), zc, dist)
	case glm.HC1:
		return fmt.Sprintf("%q: heteroskedasticity-robust standard errors, HC1 (HC0 %s times n/(n-k); sandwich::vcovHC type HC1) %s, %s", v, citeInText(methodsBib, "white1980heteroskedasticity"), zc, dist)
	case glm.Cluster:
		if len(s.Columns) == 1 {
			return fmt.Sprintf("%q: standard errors clustered by %s (%s clusters), the sandwich::vcovCL convention for a glm: HC0 with G/(G-1) %s, %s", v, cols, clusters, zc, dist)
		}
		how := fmt.Sprintf("the clustered variances for %s and for %s minus that for their intersection", s.Columns[0], s.Columns[1])
		if len(s.Columns) > 2 {
			how = "the inclusion-exclusion sum of the clustered variances for every non-empty set of the columns (their intersections), with signs alternating by the size of the set"
		}
		return fmt.Sprintf("%q: standard errors clustered by %s at once, by the multiway clustering of %s: %s, each with its own G/(G-1), as sandwich::vcovCL with cluster = ~%s and no eigenvalue fix %s (clusters: %s), %s",
			v, cols, citeTextual("cameron2011robust"), how, strings.Join(s.Columns, " + "), zc, clusters, dist)
	case glm.Dyadic:
		return fmt.Sprintf("%q: dyadic-robust standard errors %s, %s the two members (%s states): the scores of any two rows that share a member, in any year, may be correlated; no small-sample adjustment; %s", v, citeInText(methodsBib, "aronow2015cluster"), cols, clusters, dist)
	case glm.Profile:
		return fmt.Sprintf("%q: profile penalised-likelihood intervals and penalised likelihood-ratio tests %s", v, citeInText(methodsBib, "heinze2002solution"))
	}
	return fmt.Sprintf("%q", v)
}

// citeTextual cites an entry of methods.bib in running text: Cameron et
// al. (2011).
func citeTextual(key string) string {
	c := strings.Trim(citeInText(methodsBib, key), "()")
	if i := strings.LastIndexByte(c, ' '); i > 0 {
		return c[:i] + " (" + c[i+1:] + ")"
	}
	return c
}

// citeList cites several entries of methods.bib in one parenthesis:
// (Zeileis 2004; Zeileis 2006; Zeileis et al. 2020).
func citeList(keys ...string) string {
	var parts []string
	for _, k := range keys {
		parts = append(parts, strings.Trim(citeInText(methodsBib, k), "()"))
	}
	return "(" + strings.Join(parts, "; ") + ")"
}
