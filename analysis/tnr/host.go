package tnr

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// HostOptions describe the host-cooperation panel.
type HostOptions struct {
	// Years are the panel's years, within the incidents' coverage; the
	// zero range is the whole coverage.
	Years loaders.YearRange
	// Cooperation is the host_cooperation values an incident must have to
	// count; nil means {"yes"}: the host state's authorities carried out
	// or assisted the act.
	Cooperation []string
	// Tactics keeps only incidents with these tactics; nil keeps all.
	Tactics []string
	// NoCarry makes a dyadic component missing after its source's last
	// year instead of taking that year's value.
	NoCarry bool
}

// HostFormula is the default model of the host-cooperation design.
const HostFormula = "coop ~ shared_autocratic_igos + host_autocracy + origin_repression_rise + alliance + contiguity + un_agreement"

// HostPanel builds the directed dyad-year panel of the host-cooperation
// design (Michaelsen and Ruijgrok 2024) from incidents: one row for every
// ordered pair of states in the COW system in every year of o.Years
// (loaders.IncidentDyadYears: ccode1 is the origin, ccode2 the host),
// sorted by ccode1, ccode2, year, with columns
//
//	coop                    1 if at least one incident that year targeted a national of ccode1
//	                        in ccode2 with host_cooperation in o.Cooperation (default yes), else 0
//	shared_autocratic_igos  organizations both are full members of, at least half of whose full
//	                        members with a V-Dem code are autocracies
//	alliance                1 if either has an ATOP obligation towards the other, else 0
//	contiguity              1 if they share a land or river border, else 0
//	un_agreement            share of the year's UN roll calls on which they voted alike
//	host_autocracy          1 if the host is a closed or electoral autocracy (V-Dem RoW), else 0
//	host_polyarchy          the host's V-Dem electoral democracy index
//	origin_repression       the origin's repression the year before, -theta_mean(t-1) (Fariss)
//	origin_repression_rise  its rise over the three years before, -theta(t-1) + theta(t-4)
//
// The dyadic components use their source's value of year t, or after the
// source's last year that of its last year (see the package
// documentation); the meta records the rule for each (source_year:NAME).
// Any value a source lacks is missing, never 0: an origin without a
// Fariss score in t-1 or t-4, a pair that shared no UN roll call, a state
// that was not yet a node of the component's graph in its source year.
// The rise is lagged by a year so that it precedes the outcome, and runs
// over three years so that a watchlist made in year Y from the rise over
// Y-3..Y scores the same quantity for year Y+1.
func (d *Data) HostPanel(inc *loaders.Incidents, o HostOptions) (*table.Table, error) {
	coop := o.Cooperation
	if coop == nil {
		coop = []string{"yes"}
	}
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	years := o.Years
	if years.IsAll() {
		years = inc.Coverage
	}
	if cov := inc.Coverage; cov.First > 0 && (years.First < cov.First || years.Last > cov.Last) {
		return nil, fmt.Errorf("tnr: years %s reach outside the incidents' coverage %d-%d", years, cov.First, cov.Last)
	}
	if years.Last > d.through {
		return nil, fmt.Errorf("tnr: years %s reach past %d, the year this Data's state system runs through", years, d.through)
	}
	dy, err := inc.DyadYears(sys, loaders.DyadRule{Value: loaders.DyadAny, Cooperation: coop, Tactics: o.Tactics, Years: years})
	if err != nil {
		return nil, err
	}
	return d.hostColumns(dy.Table, "any_incident", dy.Years.First, dy.Years.Last, o.NoCarry)
}

// hostColumns adds the predictors to a directed dyad-year table (ccode1,
// ccode2, year and the outcome column out, renamed coop).
func (d *Data) hostColumns(t *table.Table, out string, first, last int, noCarry bool) (*table.Table, error) {
	st, cds, err := d.prepare(first, last, noCarry, components)
	if err != nil {
		return nil, err
	}
	n := t.NumRows()
	c1, c2, yy := t.Col("ccode1").Ints, t.Col("ccode2").Ints, t.Col("year").Ints
	y0 := t.Col(out)
	if y0 == nil {
		return nil, fmt.Errorf("tnr: the dyad table has no column %s", out)
	}
	cols := []*table.Column{t.Col("ccode1"), t.Col("ccode2"), t.Col("year"), {Name: "coop", Type: y0.Type, Ints: y0.Ints, Missing: y0.Missing}}

	// The dyadic components, one goroutine each.
	comp := make([]*table.Column, len(cds))
	var wg sync.WaitGroup
	for k, cd := range cds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			yrs := cd.snapshot()
			v, miss := make([]float64, n), make([]bool, n)
			for i := 0; i < n; i++ {
				w, _, ok := cd.weight(yrs, int(c1[i]), int(c2[i]), int(yy[i]), noCarry)
				v[i], miss[i] = w, !ok
			}
			comp[k] = floatOrInt(cd.c.name, v, miss)
		}()
	}
	wg.Wait()

	hAut, hPol := make([]int64, n), make([]float64, n)
	oRep, oRise := make([]float64, n), make([]float64, n)
	mAut, mPol, mRep, mRise := make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for i := 0; i < n; i++ {
		o, h, y := int(c1[i]), int(c2[i]), int(yy[i])
		a, ok := st.autocracy(h, y)
		hAut[i], mAut[i] = int64(a), !ok
		hPol[i], ok = st.get(st.polyarchy, h, y)
		mPol[i] = !ok
		oRep[i], ok = st.get(st.repression, o, y-1)
		mRep[i] = !ok
		oRise[i], ok = st.rise(st.repression, o, y-1, y-4)
		mRise[i] = !ok
	}
	cols = append(cols, comp...)
	cols = append(cols,
		table.NewInt("host_autocracy", hAut).WithMissing(mAut),
		nanMissing(table.NewFloat("host_polyarchy", hPol), mPol),
		nanMissing(table.NewFloat("origin_repression", oRep), mRep),
		nanMissing(table.NewFloat("origin_repression_rise", oRise), mRise))
	res := table.New(cols...)
	res.Sources = append(res.Sources, t.Sources...)
	res.AddSources(st.sources...)
	for _, cd := range cds {
		res.AddSources(cd.sources...)
	}
	for k, v := range t.Meta {
		res.SetMeta(k, v)
	}
	res.SetMeta("design", "host cooperation (Michaelsen and Ruijgrok 2024): directed dyad-years, ccode1 = origin, ccode2 = host")
	res.SetMeta("outcome:coop", t.Meta["dyad_value"])
	for _, cd := range cds {
		res.SetMeta("about:"+cd.c.name, cd.c.about)
		res.SetMeta("source_year:"+cd.c.name, cd.yearRule(first, last, noCarry))
	}
	res.SetMeta("about:host_autocracy", "1 if the host's V-Dem Regimes of the World code (v2x_regime) that year is 0 or 1 (closed or electoral autocracy), 0 if 2 or 3")
	res.SetMeta("about:host_polyarchy", "the host's V-Dem electoral democracy index (v2x_polyarchy) that year")
	res.SetMeta("about:origin_repression", "minus the origin's Fariss theta_mean in t-1 (higher: more repression)")
	res.SetMeta("about:origin_repression_rise", "origin_repression(t-1) - origin_repression(t-4): the rise of repression over the three years before t; missing unless Fariss scores both years")
	res.SetMeta("source_year:origin_repression", fmt.Sprintf("Fariss v4.02 ends in %d: t-1 after %d is missing", st.farissLast, st.farissLast))
	res.SetMeta("source_year:host_autocracy", fmt.Sprintf("V-Dem RoW ends in %d", st.vdemLast))
	return res, nil
}

// prepare loads the state-year series and builds the dyadic components
// comps for years first..last, concurrently.
func (d *Data) prepare(first, last int, noCarry bool, comps []component) (*stateData, []*compData, error) {
	cds := make([]*compData, len(comps))
	errs := make([]error, len(comps)+1)
	var st *stateData
	var wg sync.WaitGroup
	wg.Add(len(comps) + 1)
	go func() {
		defer wg.Done()
		st, errs[len(comps)] = d.loadStates()
	}()
	for k, c := range comps {
		go func() {
			defer wg.Done()
			cd, err := d.comp(c)
			if err == nil {
				err = d.ensure(cd, first, last, noCarry)
			}
			cds[k], errs[k] = cd, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return st, cds, nil
}

// floatOrInt returns a weight column: int when every known value is a
// whole number (counts, 0/1 ties), float otherwise; missing where miss.
func floatOrInt(name string, v []float64, miss []bool) *table.Column {
	whole := true
	for i, x := range v {
		if !miss[i] && x != math.Trunc(x) {
			whole = false
			break
		}
	}
	if !whole {
		return nanMissing(table.NewFloat(name, v), miss)
	}
	iv := make([]int64, len(v))
	for i, x := range v {
		if !miss[i] {
			iv[i] = int64(x)
		}
	}
	return table.NewInt(name, iv).WithMissing(miss)
}

// nanMissing marks c missing where miss is true (with NaN values there).
func nanMissing(c *table.Column, miss []bool) *table.Column {
	any := false
	for i, m := range miss {
		if m {
			c.Floats[i] = math.NaN()
			any = true
		}
	}
	if !any {
		return c
	}
	return c.WithMissing(miss)
}

// HostFit is the host-cooperation model fitted two ways.
type HostFit struct {
	// Firth is the logit fitted by Firth's penalised likelihood, with
	// model-based (Wald) variance: finite estimates with rare outcomes
	// and under separation.
	Firth *glm.Model
	// Logit is the logit fitted by maximum likelihood, whose
	// Coefficients use the dyadic-robust variance (Aronow, Samii and
	// Assenova 2015), clustering on both states of a pair.
	Logit *glm.Model
	// Coefficients has broom's columns (glm.CoefColumns) after a column
	// model: firth (vcov classical) and logit (vcov dyadic:ccode1,ccode2).
	Coefficients *table.Table
	// Stats has one row per model (glm's Model.Stats after a column model).
	Stats *table.Table
}

// FitHost fits formula (HostFormula if "") to a host-cooperation panel
// twice: by Firth's penalised likelihood with Wald intervals, and by
// maximum likelihood with dyadic-robust errors.
//
// Why two fits: repnet's glm offers no sandwich variance for Firth fits
// (the penalised score is not a sum of independent per-row scores, and
// neither logistf nor brglm2 define one), and the dyadic-robust variance
// of Aronow, Samii and Assenova (2015) is what directed dyad-years need,
// as every row shares a state with thousands of others. The Firth
// estimates are the ones to read when cooperative incidents are few or a
// predictor separates them; the ML fit's dyadic intervals say how much
// wider the intervals are once dependence among dyads sharing a state is
// allowed for. With many events and no separation the two estimates
// agree to O(1/n).
func FitHost(panel *table.Table, formula string, level float64) (*HostFit, error) {
	if formula == "" {
		formula = HostFormula
	}
	if level == 0 {
		level = 0.95
	}
	var fit HostFit
	var errF, errL error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); fit.Firth, errF = glm.FitFirthString(formula, panel, nil) }()
	go func() { defer wg.Done(); fit.Logit, errL = glm.FitString(formula, panel, glm.Logit, nil) }()
	wg.Wait()
	if errF != nil {
		return nil, fmt.Errorf("tnr: Firth logit: %w", errF)
	}
	if errL != nil {
		return nil, fmt.Errorf("tnr: logit: %w", errL)
	}
	cf, err := fit.Firth.Coefficients(level, "classical")
	if err != nil {
		return nil, err
	}
	cl, err := fit.Logit.Coefficients(level, "dyadic:ccode1,ccode2")
	if err != nil {
		return nil, err
	}
	if fit.Coefficients, err = stack([]string{"firth", "logit"}, cf, cl); err != nil {
		return nil, err
	}
	if fit.Stats, err = stack([]string{"firth", "logit"}, fit.Firth.Stats(), fit.Logit.Stats()); err != nil {
		return nil, err
	}
	return &fit, nil
}

// stack binds tables with the same columns, adding a first column model.
func stack(models []string, ts ...*table.Table) (*table.Table, error) {
	var model []string
	for k, t := range ts {
		for i := 0; i < t.NumRows(); i++ {
			model = append(model, models[k])
		}
	}
	cols := []*table.Column{table.NewString("model", model)}
	for j, c := range ts[0].Columns {
		parts := make([]*table.Column, len(ts))
		for k, t := range ts {
			if len(t.Columns) != len(ts[0].Columns) || t.Columns[j].Name != c.Name || t.Columns[j].Type != c.Type {
				return nil, fmt.Errorf("tnr: tables to stack differ in column %d", j+1)
			}
			parts[k] = t.Columns[j]
		}
		cols = append(cols, table.Concat(parts...))
	}
	out := table.New(cols...)
	for _, t := range ts {
		out.AddSources(t.Sources...)
		for k, v := range t.Meta {
			if _, dup := out.Meta[k]; !dup {
				out.SetMeta(k, v)
			}
		}
	}
	return out, nil
}

// Predict returns the model's fitted mean (the probability, for a logit)
// for every row of t, computed from its coefficients as
// linkinv(sum_j b_j x_j): x_j is 1 for "(Intercept)" and the column of the
// same name otherwise, so only models whose terms are numeric columns (no
// factors, interactions or transformations) can predict. A row with a
// missing value in any such column is missing (NaN, and false in ok).
func Predict(m *glm.Model, t *table.Table) (p []float64, ok []bool, err error) {
	n := t.NumRows()
	p, ok = make([]float64, n), make([]bool, n)
	eta := make([]float64, n)
	for i := range ok {
		ok[i] = true
	}
	for j, name := range m.Names {
		b := m.Coef[j]
		if name == "(Intercept)" {
			for i := range eta {
				eta[i] += b
			}
			continue
		}
		c := t.Col(name)
		if c == nil || (c.Type != table.Int && c.Type != table.Float) {
			return nil, nil, fmt.Errorf("tnr: predicting: coefficient %q is not a numeric column of the table (only models of numeric main effects predict)", name)
		}
		for i := range eta {
			x, known := c.Float64(i)
			if !known {
				ok[i] = false
				continue
			}
			eta[i] += b * x
		}
	}
	inv, err := linkinv(m.Family)
	if err != nil {
		return nil, nil, err
	}
	for i, e := range eta {
		if ok[i] {
			p[i] = inv(e)
		} else {
			p[i] = math.NaN()
		}
	}
	return p, ok, nil
}

func linkinv(f glm.Family) (func(float64) float64, error) {
	switch {
	case f.Link == "logit":
		return func(e float64) float64 { return 1 / (1 + math.Exp(-e)) }, nil
	case f.Link == "probit":
		return func(e float64) float64 { return 0.5 * math.Erfc(-e/math.Sqrt2) }, nil
	case f.Link == "log":
		return math.Exp, nil
	case f.Link == "identity":
		return func(e float64) float64 { return e }, nil
	}
	return nil, fmt.Errorf("tnr: predicting: link %s not supported", strings.ToLower(f.Link))
}
