package tnr

import (
	"fmt"
	"slices"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// OriginOptions describe the origin-year panel.
type OriginOptions struct {
	// Years are the panel's years, within the incidents' coverage; the
	// zero range is the whole coverage.
	Years loaders.YearRange
	// Tactics and Cooperation keep only the incidents with these tactics
	// and host_cooperation values; nil keeps all.
	Tactics, Cooperation []string
	// Autocracies keeps only the origin-years whose state was an autocracy
	// the year before (V-Dem RoW v2x_regime 0 or 1 in t-1), the population
	// of Dukalskis et al.
	Autocracies bool
}

// OriginFormula is the default model of the origin-year design.
const OriginFormula = "incidents ~ repression_lag1 + repression_rise"

// OriginPanel builds the state-year panel of the origin-year design
// (Dukalskis, Furstenberg, Hellmeier and Scales 2023): one row for every
// state in the COW system in every year of o.Years, sorted by ccode and
// year, with columns
//
//	incidents        the number of incidents in which the state targeted a national abroad that year
//	repression_lag1  its domestic repression the year before, -theta_mean(t-1) (Fariss)
//	repression_rise  its rise over the three years before, -theta(t-1) + theta(t-4)
//	autocracy_lag1   1 if it was a closed or electoral autocracy in t-1 (V-Dem RoW), else 0
//	polyarchy_lag1   its V-Dem electoral democracy index in t-1
//
// incidents is the sum over host states of the incidents of
// loaders.IncidentDyadYears (rule count, o's filters), so it counts
// exactly the incidents that can be placed in a directed dyad-year: those
// without a year, with the same origin and host, or with a state outside
// the COW system are left out and listed in the meta. Years without an
// incident are 0 within the coverage. Lags missing in a source are
// missing.
func (d *Data) OriginPanel(inc *loaders.Incidents, o OriginOptions) (*table.Table, error) {
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
	dy, err := inc.DyadYears(sys, loaders.DyadRule{Value: loaders.DyadCount, Tactics: o.Tactics, Cooperation: o.Cooperation, Years: years})
	if err != nil {
		return nil, err
	}
	st, err := d.loadStates()
	if err != nil {
		return nil, err
	}
	count := map[stateKey]int64{}
	dt := dy.Table
	c1, yy, v := dt.Col("ccode1").Ints, dt.Col("year").Ints, dt.Col("incidents").Ints
	for i := range v {
		if v[i] != 0 {
			count[stateKey{int32(c1[i]), int32(yy[i])}] += v[i]
		}
	}
	var cc, year, n, aut []int64
	var rep, rise, pol []float64
	var mRep, mRise, mAut, mPol []bool
	type row struct{ c, y int }
	var rows []row
	for y := dy.Years.First; y <= dy.Years.Last; y++ {
		states, err := d.systemStates(y)
		if err != nil {
			return nil, err
		}
		for _, c := range states {
			rows = append(rows, row{c, y})
		}
	}
	// Sort by ccode, then year.
	byState := map[int][]int{}
	var codes []int
	for _, r := range rows {
		if byState[r.c] == nil {
			codes = append(codes, r.c)
		}
		byState[r.c] = append(byState[r.c], r.y)
	}
	slices.Sort(codes)
	dropped := 0
	for _, c := range codes {
		for _, y := range byState[c] {
			a, okA := st.autocracy(c, y-1)
			if o.Autocracies && (!okA || a != 1) {
				dropped++
				continue
			}
			cc, year = append(cc, int64(c)), append(year, int64(y))
			n = append(n, count[stateKey{int32(c), int32(y)}])
			r, ok := st.get(st.repression, c, y-1)
			rep, mRep = append(rep, r), append(mRep, !ok)
			r, ok = st.rise(st.repression, c, y-1, y-4)
			rise, mRise = append(rise, r), append(mRise, !ok)
			aut, mAut = append(aut, int64(a)), append(mAut, !okA)
			p, ok := st.get(st.polyarchy, c, y-1)
			pol, mPol = append(pol, p), append(mPol, !ok)
		}
	}
	t := table.New(table.NewInt("ccode", cc), table.NewInt("year", year), table.NewInt("incidents", n),
		nanMissing(table.NewFloat("repression_lag1", rep), mRep),
		nanMissing(table.NewFloat("repression_rise", rise), mRise),
		table.NewInt("autocracy_lag1", aut).WithMissing(mAut),
		nanMissing(table.NewFloat("polyarchy_lag1", pol), mPol))
	t.Sources = append(t.Sources, dt.Sources...)
	t.AddSources(st.sources...)
	for k, v := range dt.Meta {
		switch k {
		case "unit", "dyad_set", "dyad_value":
		default:
			t.SetMeta(k, v)
		}
	}
	t.SetMeta("unit", "state-year")
	t.SetMeta("design", "origin-year counts (Dukalskis, Furstenberg, Hellmeier and Scales 2023)")
	t.SetMeta("outcome:incidents", "incidents in which the state (the origin) targeted a national in another state that year: "+dt.Meta["dyad_value"]+", summed over host states")
	t.SetMeta("about:repression_lag1", "minus the state's Fariss theta_mean in t-1 (higher: more repression)")
	t.SetMeta("about:repression_rise", "repression(t-1) - repression(t-4); missing unless Fariss scores both years")
	t.SetMeta("about:autocracy_lag1", "1 if V-Dem RoW v2x_regime in t-1 is 0 or 1, 0 if 2 or 3")
	t.SetMeta("about:polyarchy_lag1", "V-Dem v2x_polyarchy in t-1")
	t.SetMeta("rows", "every state in the COW system each year (after 2016, those whose last spell runs to 2016)")
	if o.Autocracies {
		t.SetMeta("sample", fmt.Sprintf("autocracies the year before only (v2x_regime 0 or 1 in t-1): %d state-years of other states or without a V-Dem code left out", dropped))
	}
	return t, nil
}

// OriginFit is the origin-year model.
type OriginFit struct {
	Model *glm.Model
	// Coefficients has broom's columns (glm.CoefColumns), with errors
	// clustered by state (vcov cluster:ccode) and, for comparison, the
	// model-based ones (classical).
	Coefficients *table.Table
	Stats        *table.Table
}

// FitOrigin fits formula (OriginFormula if "") to an origin-year panel by
// Poisson maximum likelihood, with errors clustered by state: the
// repeated years of one state are not independent, and the cluster-robust
// variance also guards against overdispersion, as the Poisson
// quasi-likelihood estimator is consistent for the mean whatever the
// variance of the counts (Wooldridge 1999, Journal of Econometrics 90(1)).
func FitOrigin(panel *table.Table, formula string, level float64) (*OriginFit, error) {
	if formula == "" {
		formula = OriginFormula
	}
	if level == 0 {
		level = 0.95
	}
	m, err := glm.FitString(formula, panel, glm.Poisson, nil)
	if err != nil {
		return nil, fmt.Errorf("tnr: Poisson: %w", err)
	}
	c, err := m.Coefficients(level, "cluster:ccode", "classical")
	if err != nil {
		return nil, err
	}
	return &OriginFit{Model: m, Coefficients: c, Stats: m.Stats()}, nil
}

func mappingName(inc *loaders.Incidents) string {
	if inc.Mapping == nil {
		return "?"
	}
	return inc.Mapping.Name
}
