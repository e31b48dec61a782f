package layers

import (
	"fmt"
	"math"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// regimes holds the regime data organizations are classified by: V-Dem
// Regimes of the World (v2x_regime) and V-Dem's electoral democracy index
// (v2x_polyarchy), by COW state-year.
type regimes struct {
	regime      map[stateYear]int8
	polyarchy   map[stateYear]float64
	first, last int // years with at least one v2x_regime
	srcs        []table.Source
}

type stateYear struct {
	ccode int32
	year  int32
}

// Autocracy is the regime classification of composition: a state-year is
// an autocracy when V-Dem's Regimes of the World code v2x_regime is 0
// (closed autocracy) or 1 (electoral autocracy), and a democracy when it
// is 2 (electoral democracy) or 3 (liberal democracy).
func Autocracy(v2xRegime int) bool { return v2xRegime <= 1 }

func (d *Data) loadRegimes() (*regimes, error) {
	return d.regimes.get(func() (*regimes, error) {
		row, err := loaders.VDemRoW()
		if err != nil {
			return nil, err
		}
		vd, err := loaders.VDem()
		if err != nil {
			return nil, err
		}
		r := &regimes{regime: map[stateYear]int8{}, polyarchy: map[stateYear]float64{}}
		cc, yy, reg := row.Col("ccode"), row.Col("year"), row.Col("v2x_regime")
		for i := range cc.Ints {
			if cc.IsMissing(i) || reg.IsMissing(i) {
				continue
			}
			y := int(yy.Ints[i])
			k := stateYear{int32(cc.Ints[i]), int32(y)}
			if _, dup := r.regime[k]; dup {
				return nil, fmt.Errorf("layers: V-Dem RoW has two rows for ccode %d in %d", k.ccode, y)
			}
			r.regime[k] = int8(reg.Ints[i])
			if r.first == 0 || y < r.first {
				r.first = y
			}
			r.last = max(r.last, y)
		}
		cc, yy = vd.Col("ccode"), vd.Col("year")
		pol := vd.Col("v2x_polyarchy")
		for i := range cc.Ints {
			if cc.IsMissing(i) || pol.IsMissing(i) {
				continue
			}
			k := stateYear{int32(cc.Ints[i]), int32(yy.Ints[i])}
			if _, dup := r.polyarchy[k]; dup {
				return nil, fmt.Errorf("layers: V-Dem has two rows for ccode %d in %d", k.ccode, k.year)
			}
			r.polyarchy[k] = pol.Floats[i]
		}
		r.srcs = append(append(r.srcs, row.Sources...), vd.Sources...)
		return r, nil
	})
}

// OrgYear is the membership and regime composition of one organization in
// one year (see Composition).
type OrgYear struct {
	IGO  int // index in the IGO panel (loaders.IGOPanel.IGOs)
	Year int
	// Full, Associate and Observer count the states with that status;
	// Missing those coded -9 (membership unknown).
	Full, Associate, Observer, Missing int
	// Coded counts the full members with a V-Dem Regimes of the World
	// code that year, Autocracies those among them coded 0 or 1.
	Coded, Autocracies int
	// ShareAutocratic is Autocracies/Coded; NaN when Coded is 0.
	ShareAutocratic float64
	// PolyarchyN counts the full members with a v2x_polyarchy score;
	// PolyarchyMean is their mean (NaN when there are none) and
	// PolyarchySD their sample standard deviation, with denominator n-1
	// (NaN for fewer than two).
	PolyarchyN                 int
	PolyarchyMean, PolyarchySD float64
	alive, inStateYear         bool
}

// Autocratic reports whether o is autocratic at threshold t: its share of
// autocracies is at least t. ok is false when no full member has a known
// regime.
func (o *OrgYear) Autocratic(t float64) (autocratic, ok bool) {
	if o.Coded == 0 {
		return false, false
	}
	return o.ShareAutocratic >= t, true
}

// Democratic reports whether o is democratic at threshold t: its share of
// democracies, (Coded-Autocracies)/Coded, is at least t. At t = 0.5 an
// organization split evenly is both autocratic and democratic.
func (o *OrgYear) Democratic(t float64) (democratic, ok bool) {
	if o.Coded == 0 {
		return false, false
	}
	return float64(o.Coded-o.Autocracies)/float64(o.Coded) >= t, true
}

// composition returns the composition of every organization in year y
// that COW's IGO-year file counts as alive or that has a state-year entry
// that year, ordered by IGO index.
func (d *Data) composition(ig *igoData, reg *regimes, y int) []OrgYear {
	p := ig.panel
	out := make([]OrgYear, len(p.IGOs))
	polys := make([][]float64, len(p.IGOs))
	for _, k := range ig.rows[y] {
		cc := int32(p.Ccode[k])
		key := stateYear{cc, int32(y)}
		for e := p.Start[k]; e < p.Start[k+1]; e++ {
			o := &out[p.IGO[e]]
			o.inStateYear = true
			switch p.Status[e] {
			case loaders.Full:
				o.Full++
				if r, ok := reg.regime[key]; ok {
					o.Coded++
					if Autocracy(int(r)) {
						o.Autocracies++
					}
				}
				if v, ok := reg.polyarchy[key]; ok {
					polys[p.IGO[e]] = append(polys[p.IGO[e]], v)
				}
			case loaders.Associate:
				o.Associate++
			case loaders.Observer:
				o.Observer++
			case loaders.StatusMissing:
				o.Missing++
			}
		}
	}
	var rows []OrgYear
	for i := range out {
		o := &out[i]
		o.IGO, o.Year = i, y
		if li := ig.listIdx[i]; li >= 0 {
			o.alive = ig.list.List[li].AliveIn(y)
		}
		if !o.alive && !o.inStateYear {
			continue
		}
		o.ShareAutocratic = math.NaN()
		if o.Coded > 0 {
			o.ShareAutocratic = float64(o.Autocracies) / float64(o.Coded)
		}
		o.PolyarchyN = len(polys[i])
		o.PolyarchyMean, o.PolyarchySD = meanSD(polys[i])
		rows = append(rows, *o)
	}
	return rows
}

// meanSD returns the mean and sample standard deviation of xs, computed in
// two passes; NaN where undefined.
func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	mean = s / float64(len(xs))
	if len(xs) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// Composition returns the regime composition of intergovernmental
// organizations, one row per organization-year, the construct of Debre
// (2022, "Clubs of autocrats: regional organizations and authoritarian
// survival", Review of International Organizations 17) and Cottiero and
// Haggard (2023, "Stabilizing authoritarian rule: the role of
// international organizations", International Studies Quarterly 67). For
// each organization and year:
//
//   - n_full, n_associate, n_observer, n_missing: the number of states
//     that are full members, associate members, observers, or whose
//     membership COW codes missing (-9), in COW IGO v3's state-year file;
//   - n_regime: the full members with a V-Dem Regimes of the World code
//     (v2x_regime) that year, and regime_coverage = n_regime/n_full;
//   - n_autocracies: those coded closed (0) or electoral (1) autocracy,
//     and share_autocratic = n_autocracies/n_regime;
//   - polyarchy_mean and polyarchy_sd: the mean and sample standard
//     deviation (n-1) of the full members' V-Dem electoral democracy index
//     v2x_polyarchy, over the n_polyarchy members that have one;
//   - autocratic: share_autocratic >= threshold (default 0.5).
//
// Members without a regime code are left out of the share, which is
// therefore the share among coded members: read it with regime_coverage.
// A share (and autocratic) is missing when no full member is coded, as
// for every organization before 1900 (Regimes of the World starts then),
// and for the organizations whose membership COW codes missing (26 in
// 2014); polyarchy_mean likewise when no member has a score. Only full
// members count; associate members and observers are reported but do not
// enter the shares.
//
// The classification depends on the threshold. Of the 335 organizations
// alive in 2014, 307 have a full member with a regime code; of these, 103
// are autocratic at threshold 0.5, 81 at 0.6, 53 at 0.67 (two thirds), 43
// at 0.75, 25 at 0.9 and 13 at 1 (every coded member an autocracy).
//
// Rows are the organization-years that COW's IGO-year file counts as
// alive (see loaders.IGOList.Alive) or that have a membership entry in the
// state-year file (the two disagree on 51 organization-years; column
// alive says which), sorted by year and igo, with the organization's
// ionum, ioname and orgname. years selects the years (the zero range: all
// of COW IGO v3, 1816-2014).
func (d *Data) Composition(years loaders.YearRange, threshold float64) (*table.Table, error) {
	if !(threshold > 0 && threshold <= 1) {
		return nil, specErrorf("layers: threshold %v is not in (0, 1]", threshold)
	}
	ig, err := d.loadIGO()
	if err != nil {
		return nil, err
	}
	reg, err := d.loadRegimes()
	if err != nil {
		return nil, err
	}
	ys, err := coverage("COW IGO v3", ig.panel.First, ig.panel.Last, years)
	if err != nil {
		return nil, err
	}
	var (
		year, ionum, nf, na, no, nm, nr, naut, npol []int64
		igo, ioname, orgname                        []string
		cov, share, pmean, psd                      []float64
		aut, alive, autMiss                         []bool
	)
	for _, y := range ys {
		for _, o := range d.composition(ig, reg, y) {
			year = append(year, int64(y))
			name := ig.panel.IGOs[o.IGO]
			igo = append(igo, name)
			var num int64
			var ion, org string
			if li := ig.listIdx[o.IGO]; li >= 0 {
				info := &ig.list.List[li]
				num, ion, org = int64(info.IONum), info.IOName, info.OrgName
			}
			ionum, ioname, orgname = append(ionum, num), append(ioname, ion), append(orgname, org)
			nf, na, no, nm = append(nf, int64(o.Full)), append(na, int64(o.Associate)), append(no, int64(o.Observer)), append(nm, int64(o.Missing))
			nr, naut, npol = append(nr, int64(o.Coded)), append(naut, int64(o.Autocracies)), append(npol, int64(o.PolyarchyN))
			c := math.NaN()
			if o.Full > 0 {
				c = float64(o.Coded) / float64(o.Full)
			}
			cov, share = append(cov, c), append(share, o.ShareAutocratic)
			pmean, psd = append(pmean, o.PolyarchyMean), append(psd, o.PolyarchySD)
			a, ok := o.Autocratic(threshold)
			aut, autMiss = append(aut, a), append(autMiss, !ok)
			alive = append(alive, o.alive)
		}
	}
	t := table.New(
		table.NewInt("year", year), table.NewString("igo", igo), table.NewInt("ionum", ionum),
		table.NewString("ioname", ioname), table.NewString("orgname", orgname),
		table.NewInt("n_full", nf), table.NewInt("n_associate", na), table.NewInt("n_observer", no), table.NewInt("n_missing", nm),
		table.NewInt("n_regime", nr), table.NewFloat("regime_coverage", cov),
		table.NewInt("n_autocracies", naut), table.NewFloat("share_autocratic", share),
		table.NewInt("n_polyarchy", npol), table.NewFloat("polyarchy_mean", pmean), table.NewFloat("polyarchy_sd", psd),
		table.NewBool("autocratic", aut).WithMissing(autMiss), table.NewBool("alive", alive),
	)
	for _, name := range []string{"ionum", "ioname", "orgname"} {
		c := t.Col(name)
		miss := make([]bool, c.Len())
		any := false
		for i := range miss {
			miss[i] = (c.Type == table.Int && c.Ints[i] == 0) || (c.Type == table.String && c.Strings[i] == "")
			any = any || miss[i]
		}
		if any {
			c.Missing = miss
		}
	}
	t.AddSources(ig.panel.Source, ig.list.Source)
	t.AddSources(reg.srcs...)
	t.SetMeta("unit", "IGO-year")
	t.SetMeta("threshold", fmt.Sprint(threshold))
	t.SetMeta("autocratic", fmt.Sprintf("share_autocratic >= %v, where share_autocratic = full members coded v2x_regime 0 or 1 / full members with a v2x_regime code (V-Dem Regimes of the World)", threshold))
	t.SetMeta("polyarchy", "mean and sample (n-1) standard deviation of full members' v2x_polyarchy (V-Dem)")
	return t, nil
}
