package tnr

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// WatchlistOptions describe a watchlist.
type WatchlistOptions struct {
	// Year is the watchlist's year Y; 0 means the latest year the data
	// allow (LatestYear).
	Year int
	// Top is the number of origin states listed (default 10); Hosts the
	// number of host states listed for each (default 5).
	Top, Hosts int
	// Incidents, if not nil, are used to fit the host-cooperation model on
	// the years before Y and to rank each origin's hosts by its predicted
	// probability of a cooperative incident in Y.
	Incidents *loaders.Incidents
	// Host are the model's options (Cooperation, Tactics, NoCarry; Years
	// is set by the watchlist: the incidents' first year to Y).
	Host HostOptions
	// Formula is the model (HostFormula if ""); its terms must be numeric
	// columns of the panel, so that it can predict.
	Formula string
}

// Watchlist is a watchlist and how it was made.
type Watchlist struct {
	Year int
	// Table has one row per listed origin and host; see Data.Watchlist.
	Table *table.Table
	// Origins has one row per state in the system in Y: its rank (missing
	// when its repression rise is unknown) and the components of it.
	Origins *table.Table
	// Model is the host-cooperation model fitted on the years before Y
	// (nil without incidents).
	Model *HostFit
	// AUC is the area under the ROC curve of the model's predictions for
	// Y against the cooperative incidents observed in Y, over every pair
	// with complete predictors (NaN without a model, or when Y has no
	// observed outcome or no cooperative incident). TestPairs and
	// TestPositives count those pairs and their incidents; TrainYears are
	// the years the model was fitted on.
	AUC                      float64
	TestPairs, TestPositives int
	TrainYears               loaders.YearRange
	// Notes say what a reader should know (years outside a source, why
	// there is no AUC).
	Notes []string
}

// LatestYear returns the latest year a watchlist can be made for: the
// last year of Fariss's scores, which rank the origins (2021 for the
// bundled v4.02).
func (d *Data) LatestYear() (int, error) {
	st, err := d.loadStates()
	if err != nil {
		return 0, err
	}
	return st.farissLast, nil
}

// The three components of a host's link to an origin in the watchlist.
var linkComponents = []string{"shared_autocratic_igos", "alliance", "un_agreement"}

// Watchlist lists the origin states whose domestic repression rose most
// over the three years to Y and, for each, the host states most tied to
// it, with every component of both rankings, so that a reader sees why a
// pair is listed. It follows the IFES paper's advice (Cottiero 2024) to
// identify those "likely to be targeted based on known predictors of
// transnational repression", chief among them intensifying domestic
// repression (Dukalskis et al. 2023), and the ties along which host
// states cooperate (Michaelsen and Ruijgrok 2024).
//
// Origins. Every state in the COW system in Y is ranked by its
// repression_rise, the rise of -theta_mean (Fariss) from Y-3 to Y,
// highest first, ties broken by the lower COW code; states without a score
// in both years are not ranked. The Top highest are listed, but only
// states whose repression rose (repression_rise > 0). The Political Terror Scale (the mean of
// the available Amnesty, HRW and State Department scores, 1 best to 5
// worst) is shown for Y and Y-3 and its change beside it, as a second
// reading of the same trend, but does not enter the rank: its five
// ordinal steps tie most states, and its sources report on different
// states in different years.
//
// Hosts. For each of the Top origins, every other state in the system in
// Y is a candidate host, with the three components: the number of
// autocratic organizations they share (shared_autocratic_igos), an
// alliance obligation in either direction (alliance) and their UN
// voting agreement (un_agreement); each from its source's year Y, or its
// last year when Y is later (the columns igo_year, atop_year and
// unvotes_year say which), missing when the source does not cover the
// pair. link_score is the mean of the components available for the pair,
// each first rescaled to 0-1 over all ordered pairs of states in Y
// ((x - min) / (max - min): 0 for the weakest tie of any pair, 1 for the
// strongest); link_components says how many were available. Without
// incidents the hosts are ranked by link_score, highest first (ties: more
// shared organizations, then the lower COW code). With incidents, the
// host-cooperation model (HostPanel, FitHost's Firth fit) is fitted on
// the years from the incidents' first to Y-1, and the hosts are ranked by
// p_coop, its predicted probability of a cooperative incident in Y;
// pair_rank ranks the pair among all ordered pairs of Y, and coop is the
// outcome observed in Y (when the incidents cover Y), from which the AUC
// is computed.
//
// The table's columns: origin_rank, origin (COW code), origin_abb,
// origin_name, origin_regime (V-Dem RoW in Y), repression,
// repression_before, repression_rise, pts, pts_before, pts_rise,
// host_rank, host, host_abb, host_name, host_regime,
// shared_autocratic_igos, igo_year, alliance, atop_year, un_agreement,
// unvotes_year, link_score, link_components, and with a model p_coop,
// pair_rank, coop. Its meta records each rule and each source's year.
func (d *Data) Watchlist(o WatchlistOptions) (*Watchlist, error) {
	st, err := d.loadStates()
	if err != nil {
		return nil, err
	}
	y := o.Year
	if y == 0 {
		y = st.farissLast
	}
	if y > st.farissLast {
		return nil, fmt.Errorf("tnr: watchlist for %d: the latest year the data allow is %d (Fariss's scores, which rank the origins, end in %d)", y, st.farissLast, st.farissLast)
	}
	if y > d.through {
		return nil, fmt.Errorf("tnr: watchlist for %d: this Data's state system runs through %d", y, d.through)
	}
	top, hosts := o.Top, o.Hosts
	if top == 0 {
		top = 10
	}
	if hosts == 0 {
		hosts = 5
	}
	if top < 1 || hosts < 1 {
		return nil, fmt.Errorf("tnr: watchlist: top and hosts must be at least 1")
	}
	w := &Watchlist{Year: y, AUC: math.NaN()}

	// Fit the model first: its panel builds the components for every year.
	var probs map[[2]int]float64
	var observed map[[2]int]int64
	if o.Incidents != nil {
		if probs, observed, err = d.watchModel(o, y, w); err != nil {
			return nil, err
		}
	}
	var comps []component
	for _, name := range linkComponents {
		c, _ := componentByName(name)
		comps = append(comps, c)
	}
	_, cds, err := d.prepare(y, y, false, comps)
	if err != nil {
		return nil, err
	}
	c, err := d.loadCountries()
	if err != nil {
		return nil, err
	}
	states, err := d.systemStates(y)
	if err != nil {
		return nil, err
	}

	// Origins.
	origins := make([]watchOrigin, len(states))
	for k, s := range states {
		or := watchOrigin{c: s}
		var ok bool
		if or.rep, ok = st.get(st.repression, s, y); !ok {
			or.rep = math.NaN()
		}
		if or.before, ok = st.get(st.repression, s, y-3); !ok {
			or.before = math.NaN()
		}
		or.rise, or.ok = st.rise(st.repression, s, y, y-3)
		or.pts, or.pOK = st.get(st.pts, s, y)
		or.ptsBefore, or.pbOK = st.get(st.pts, s, y-3)
		or.ptsUp = or.pts - or.ptsBefore
		origins[k] = or
	}
	slices.SortStableFunc(origins, func(a, b watchOrigin) int {
		switch {
		case a.ok != b.ok:
			if a.ok {
				return -1
			}
			return 1
		case a.ok && a.rise != b.rise:
			return cmp.Compare(b.rise, a.rise)
		}
		return cmp.Compare(a.c, b.c)
	})

	// Link components for every ordered pair of Y, and their ranges.
	yrs := make([]map[int]*layers.Year, len(cds))
	srcYear := make([]int, len(cds))
	byName := map[string]int{}
	for k, cd := range cds {
		yrs[k] = cd.snapshot()
		srcYear[k], _ = cd.sourceYear(y, false)
		byName[cd.c.name] = k
	}
	lo, hi := make([]float64, len(linkComponents)), make([]float64, len(linkComponents))
	for j := range lo {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for _, a := range states {
		for _, b := range states {
			if a == b {
				continue
			}
			for j, name := range linkComponents {
				cd := cds[byName[name]]
				if v, _, ok := cd.weight(yrs[byName[name]], a, b, y, false); ok {
					lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
				}
			}
		}
	}
	type host struct {
		c           int
		comp        [3]float64
		known       [3]bool
		score       float64
		ncomp       int
		p           float64
		pOK         bool
		coop        int64
		coopKnown   bool
		pairRank    int64
		pairRankSet bool
	}
	pairRank := rankPairs(probs)

	// Rows.
	var (
		oRank, oCode, hRank, hCode, nComp, igoY, atopY, unY, pRank, coopV []int64
		oAbb, oName, oReg, hAbb, hName, hReg                              []string
		rep, repB, rise, pts, ptsB, ptsUp, igo, ally, un, score, pc       []float64
		mOReg, mRep, mRepB, mPts, mPtsB, mPtsUp, mHReg, mIgo, mAlly, mUn  []bool
		mScore, mP, mPRank, mCoop                                         []bool
	)
	regime := func(s int) (string, bool) {
		r, ok := st.regime[stateKey{int32(s), int32(y)}]
		if !ok {
			return "", false
		}
		return layers.RegimeNames[r], true
	}
	listed := 0
	for _, or := range origins {
		if !or.ok || or.rise <= 0 || listed == top {
			break // ranked by rise: the rest did not rise, or are not ranked
		}
		listed++
		var hs []host
		for _, h := range states {
			if h == or.c {
				continue
			}
			hh := host{c: h}
			var sum float64
			for j, name := range linkComponents {
				cd := cds[byName[name]]
				v, _, ok := cd.weight(yrs[byName[name]], or.c, h, y, false)
				hh.comp[j], hh.known[j] = v, ok
				if ok && hi[j] > lo[j] {
					sum += (v - lo[j]) / (hi[j] - lo[j])
					hh.ncomp++
				}
			}
			hh.score = math.NaN()
			if hh.ncomp > 0 {
				hh.score = sum / float64(hh.ncomp)
			}
			if probs != nil {
				hh.p, hh.pOK = probs[[2]int{or.c, h}]
				hh.coop, hh.coopKnown = observed[[2]int{or.c, h}]
				var r int
				r, hh.pairRankSet = pairRank[[2]int{or.c, h}]
				hh.pairRank = int64(r)
			}
			hs = append(hs, hh)
		}
		slices.SortStableFunc(hs, func(a, b host) int {
			if probs != nil {
				if a.pOK != b.pOK {
					if a.pOK {
						return -1
					}
					return 1
				}
				if a.pOK && a.p != b.p {
					return cmp.Compare(b.p, a.p)
				}
			}
			as, bs := !math.IsNaN(a.score), !math.IsNaN(b.score)
			if as != bs {
				if as {
					return -1
				}
				return 1
			}
			if as && a.score != b.score {
				return cmp.Compare(b.score, a.score)
			}
			if a.known[0] && b.known[0] && a.comp[0] != b.comp[0] {
				return cmp.Compare(b.comp[0], a.comp[0])
			}
			return cmp.Compare(a.c, b.c)
		})
		for k, hh := range hs[:min(hosts, len(hs))] {
			oRank, oCode = append(oRank, int64(listed)), append(oCode, int64(or.c))
			oAbb, oName = append(oAbb, c.StateAbb(or.c)), append(oName, c.Name(or.c))
			r, ok := regime(or.c)
			oReg, mOReg = append(oReg, r), append(mOReg, !ok)
			rep, mRep = append(rep, or.rep), append(mRep, math.IsNaN(or.rep))
			repB, mRepB = append(repB, or.before), append(mRepB, math.IsNaN(or.before))
			rise = append(rise, or.rise)
			pts, mPts = append(pts, or.pts), append(mPts, !or.pOK)
			ptsB, mPtsB = append(ptsB, or.ptsBefore), append(mPtsB, !or.pbOK)
			ptsUp, mPtsUp = append(ptsUp, or.ptsUp), append(mPtsUp, !(or.pOK && or.pbOK))
			hRank, hCode = append(hRank, int64(k+1)), append(hCode, int64(hh.c))
			hAbb, hName = append(hAbb, c.StateAbb(hh.c)), append(hName, c.Name(hh.c))
			r, ok = regime(hh.c)
			hReg, mHReg = append(hReg, r), append(mHReg, !ok)
			igo, mIgo = append(igo, hh.comp[0]), append(mIgo, !hh.known[0])
			ally, mAlly = append(ally, hh.comp[1]), append(mAlly, !hh.known[1])
			un, mUn = append(un, hh.comp[2]), append(mUn, !hh.known[2])
			igoY = append(igoY, int64(srcYear[byName["shared_autocratic_igos"]]))
			atopY = append(atopY, int64(srcYear[byName["alliance"]]))
			unY = append(unY, int64(srcYear[byName["un_agreement"]]))
			score, mScore = append(score, hh.score), append(mScore, hh.ncomp == 0)
			nComp = append(nComp, int64(hh.ncomp))
			if probs != nil {
				pc, mP = append(pc, hh.p), append(mP, !hh.pOK)
				pRank, mPRank = append(pRank, hh.pairRank), append(mPRank, !hh.pairRankSet)
				coopV, mCoop = append(coopV, hh.coop), append(mCoop, !hh.coopKnown)
			}
		}
	}
	cols := []*table.Column{
		table.NewInt("origin_rank", oRank), table.NewInt("origin", oCode),
		table.NewString("origin_abb", oAbb), table.NewString("origin_name", oName),
		table.NewString("origin_regime", oReg).WithMissing(mOReg),
		nanMissing(table.NewFloat("repression", rep), mRep),
		nanMissing(table.NewFloat("repression_before", repB), mRepB),
		table.NewFloat("repression_rise", rise),
		nanMissing(table.NewFloat("pts", pts), mPts),
		nanMissing(table.NewFloat("pts_before", ptsB), mPtsB),
		nanMissing(table.NewFloat("pts_rise", ptsUp), mPtsUp),
		table.NewInt("host_rank", hRank), table.NewInt("host", hCode),
		table.NewString("host_abb", hAbb), table.NewString("host_name", hName),
		table.NewString("host_regime", hReg).WithMissing(mHReg),
		floatOrInt("shared_autocratic_igos", igo, mIgo), table.NewInt("igo_year", igoY),
		floatOrInt("alliance", ally, mAlly), table.NewInt("atop_year", atopY),
		nanMissing(table.NewFloat("un_agreement", un), mUn), table.NewInt("unvotes_year", unY),
		nanMissing(table.NewFloat("link_score", score), mScore), table.NewInt("link_components", nComp),
	}
	if probs != nil {
		cols = append(cols, nanMissing(table.NewFloat("p_coop", pc), mP),
			table.NewInt("pair_rank", pRank).WithMissing(mPRank),
			table.NewInt("coop", coopV).WithMissing(mCoop))
	}
	w.Table = table.New(cols...)
	w.Origins = originsTable(origins, c, regime)

	// Provenance and rules.
	for _, t := range []*table.Table{w.Table, w.Origins} {
		t.AddSources(st.sources...)
		t.SetMeta("unit", "watchlist")
		t.SetMeta("year", strconv.Itoa(y))
		t.SetMeta("origin_rank", fmt.Sprintf("states in the COW system in %d ranked by repression_rise, highest first, ties by the lower COW code; states without Fariss scores in both %d and %d are not ranked", y, y-3, y))
		t.SetMeta("repression", fmt.Sprintf("minus Fariss theta_mean (v4.02; higher: more repression) in %d; repression_before in %d; repression_rise = repression - repression_before", y, y-3))
		t.SetMeta("pts", fmt.Sprintf("mean of the available Political Terror Scale scores (Amnesty, HRW, State Department; 1 best to 5 worst) in %d; pts_before in %d; pts_rise = pts - pts_before; shown, not used in the rank (PTS ends in %d)", y, y-3, st.ptsLast))
		t.SetMeta("origin_regime", fmt.Sprintf("V-Dem Regimes of the World (v2x_regime) in %d", y))
	}
	t := w.Table
	for _, cd := range cds {
		t.AddSources(cd.sources...)
		if slices.Contains(linkComponents, cd.c.name) {
			sy, _ := cd.sourceYear(y, false)
			t.SetMeta("about:"+cd.c.name, cd.c.about)
			t.SetMeta("source_year:"+cd.c.name, fmt.Sprintf("%d (%s)", sy, cd.yearRule(y, y, false)))
		}
	}
	var rng []string
	for j, name := range linkComponents {
		rng = append(rng, fmt.Sprintf("%s %s to %s", name, strconv.FormatFloat(lo[j], 'g', 6, 64), strconv.FormatFloat(hi[j], 'g', 6, 64)))
	}
	t.SetMeta("link_score", "mean of the available components among "+fmt.Sprint(linkComponents)+", each rescaled to 0-1 by (x - min) / (max - min) over all ordered pairs of states in the year (ranges: "+joinComma(rng)+"); link_components counts them")
	if probs == nil {
		t.SetMeta("host_rank", "each origin's other states in the system ranked by link_score, highest first; ties by more shared_autocratic_igos, then the lower COW code")
	} else {
		t.SetMeta("host_rank", "each origin's other states ranked by p_coop, highest first (pairs without a prediction last, by link_score)")
		t.SetMeta("p_coop", fmt.Sprintf("probability of a cooperative incident in %d predicted by the Firth logit %s fitted on %s; pair_rank ranks it among the %d ordered pairs of %d with a prediction; coop is the outcome observed in %d", y, formulaOr(o.Formula), w.TrainYears, len(probs), y, y))
		if !math.IsNaN(w.AUC) {
			t.SetMeta("auc", fmt.Sprintf("%.6f on %d pairs of %d with %d cooperative incident pairs (model fitted on %s, out of sample)", w.AUC, w.TestPairs, y, w.TestPositives, w.TrainYears))
		}
	}
	return w, nil
}

// watchOrigin is an origin state and the components of its rank.
type watchOrigin struct {
	c                     int
	rise, rep, before     float64
	ok                    bool // rise known
	pts, ptsBefore, ptsUp float64
	pOK, pbOK             bool
}

// originsTable lists every origin, ranked ones first in rank order.
func originsTable(origins []watchOrigin, c *loaders.Countries, regime func(int) (string, bool)) *table.Table {
	n := len(origins)
	rank, code := make([]int64, n), make([]int64, n)
	abb, name, reg := make([]string, n), make([]string, n), make([]string, n)
	rep, repB, rise, pts, ptsB, ptsUp := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	mRank, mReg, mRep, mRepB, mPts, mPtsB, mPtsUp := make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for i, or := range origins {
		rank[i], mRank[i] = int64(i+1), !or.ok
		code[i], abb[i], name[i] = int64(or.c), c.StateAbb(or.c), c.Name(or.c)
		var ok bool
		reg[i], ok = regime(or.c)
		mReg[i] = !ok
		rise[i] = or.rise
		rep[i], mRep[i] = or.rep, math.IsNaN(or.rep)
		repB[i], mRepB[i] = or.before, math.IsNaN(or.before)
		pts[i], mPts[i] = or.pts, !or.pOK
		ptsB[i], mPtsB[i] = or.ptsBefore, !or.pbOK
		ptsUp[i], mPtsUp[i] = or.ptsUp, !(or.pOK && or.pbOK)
	}
	return table.New(table.NewInt("origin_rank", rank).WithMissing(mRank), table.NewInt("origin", code),
		table.NewString("origin_abb", abb), table.NewString("origin_name", name),
		table.NewString("origin_regime", reg).WithMissing(mReg),
		nanMissing(table.NewFloat("repression", rep), mRep),
		nanMissing(table.NewFloat("repression_before", repB), mRepB),
		nanMissing(table.NewFloat("repression_rise", rise), mRank),
		nanMissing(table.NewFloat("pts", pts), mPts),
		nanMissing(table.NewFloat("pts_before", ptsB), mPtsB),
		nanMissing(table.NewFloat("pts_rise", ptsUp), mPtsUp))
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "; "
		}
		out += x
	}
	return out
}

func formulaOr(f string) string {
	if f == "" {
		return HostFormula
	}
	return f
}

// rankPairs ranks pairs by probability, highest first (ties by origin,
// then host code): rank 1 is the most likely.
func rankPairs(p map[[2]int]float64) map[[2]int]int {
	if p == nil {
		return nil
	}
	keys := make([][2]int, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		return cmp.Or(cmp.Compare(p[b], p[a]), cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	out := make(map[[2]int]int, len(keys))
	for i, k := range keys {
		out[k] = i + 1
	}
	return out
}

// watchModel fits the host-cooperation model on the incidents' years
// before y and predicts y. It returns the predicted probability and the
// observed outcome (when the incidents cover y) of every pair of y.
func (d *Data) watchModel(o WatchlistOptions, y int, w *Watchlist) (map[[2]int]float64, map[[2]int]int64, error) {
	inc := o.Incidents
	cov := inc.Coverage
	if cov.First <= 0 {
		return nil, nil, fmt.Errorf("tnr: the incidents (mapping %s) declare no coverage: set first_year and last_year in a copy of the mapping", mappingName(inc))
	}
	if y <= cov.First {
		return nil, nil, fmt.Errorf("tnr: watchlist for %d: the incidents cover %d-%d, so no year before %d is left to fit the model on", y, cov.First, cov.Last, y)
	}
	ho := o.Host
	last := min(y, cov.Last)
	ho.Years = loaders.YearRange{First: cov.First, Last: last}
	panel, err := d.HostPanel(inc, ho)
	if err != nil {
		return nil, nil, err
	}
	yc := panel.Col("year").Ints
	train := panel.Filter(func(i int) bool { return int(yc[i]) < y })
	w.TrainYears = loaders.YearRange{First: cov.First, Last: min(y-1, cov.Last)}
	fit, err := FitHost(train, o.Formula, 0.95)
	if err != nil {
		return nil, nil, err
	}
	w.Model = fit
	for _, x := range fit.Firth.Warnings {
		w.Notes = append(w.Notes, "Firth logit: "+x)
	}
	for _, x := range fit.Logit.Warnings {
		w.Notes = append(w.Notes, "ML logit (read the Firth estimates): "+x)
	}
	var test *table.Table
	if y <= cov.Last {
		test = panel.Filter(func(i int) bool { return int(yc[i]) == y })
	} else {
		w.Notes = append(w.Notes, fmt.Sprintf("the incidents cover %d-%d: no outcome in %d to check the predictions against", cov.First, cov.Last, y))
		if test, err = d.pairsOf(y, ho.NoCarry); err != nil {
			return nil, nil, err
		}
	}
	p, ok, err := Predict(fit.Firth, test)
	if err != nil {
		return nil, nil, err
	}
	c1, c2 := test.Col("ccode1").Ints, test.Col("ccode2").Ints
	coop := test.Col("coop")
	probs, observed := map[[2]int]float64{}, map[[2]int]int64{}
	var scores []float64
	var labels []bool
	for i := range p {
		k := [2]int{int(c1[i]), int(c2[i])}
		if !coop.IsMissing(i) {
			observed[k] = coop.Ints[i]
		}
		if !ok[i] {
			continue
		}
		probs[k] = p[i]
		if !coop.IsMissing(i) {
			scores = append(scores, p[i])
			labels = append(labels, coop.Ints[i] == 1)
			if coop.Ints[i] == 1 {
				w.TestPositives++
			}
		}
	}
	w.TestPairs = len(scores)
	if y <= cov.Last {
		if a, err := AUC(scores, labels); err == nil {
			w.AUC = a
		} else {
			w.Notes = append(w.Notes, fmt.Sprintf("no AUC for %d: %d pairs with predictions, %d with a cooperative incident", y, w.TestPairs, w.TestPositives))
		}
	}
	return probs, observed, nil
}

// pairsOf returns the host-cooperation predictors of every ordered pair of
// states in year y, with the outcome missing (for a year the incidents do
// not cover).
func (d *Data) pairsOf(y int, noCarry bool) (*table.Table, error) {
	states, err := d.systemStates(y)
	if err != nil {
		return nil, err
	}
	var c1, c2, yy, v []int64
	var miss []bool
	for _, a := range states {
		for _, b := range states {
			if a != b {
				c1, c2, yy, v, miss = append(c1, int64(a)), append(c2, int64(b)), append(yy, int64(y)), append(v, 0), append(miss, true)
			}
		}
	}
	t := table.New(table.NewInt("ccode1", c1), table.NewInt("ccode2", c2), table.NewInt("year", yy), table.NewInt("any_incident", v).WithMissing(miss))
	return d.hostColumns(t, "any_incident", y, y, noCarry)
}
