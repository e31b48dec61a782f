package tnr

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/loaders"
)

var watchlistColumns = []string{"origin_rank", "origin", "origin_abb", "origin_name", "origin_regime",
	"repression", "repression_before", "repression_rise", "pts", "pts_before", "pts_rise",
	"host_rank", "host", "host_abb", "host_name", "host_regime",
	"shared_autocratic_igos", "igo_year", "alliance", "atop_year", "un_agreement", "unvotes_year",
	"link_score", "link_components"}

// TestWatchlistRules recomputes the 2021 watchlist from the loaders' and
// layers' tables, following the documented rules step by step, and checks
// every row's components and both rankings.
func TestWatchlistRules(t *testing.T) {
	const top, hosts = 8, 4
	d := NewData(2021)
	w, err := d.Watchlist(WatchlistOptions{Top: top, Hosts: hosts})
	if err != nil {
		t.Fatal(err)
	}
	if w.Year != 2021 || w.Model != nil || !math.IsNaN(w.AUC) {
		t.Fatalf("year %d, model %v, AUC %v", w.Year, w.Model, w.AUC)
	}
	tab := w.Table
	if got := strings.Join(tab.Names(), ","); got != strings.Join(watchlistColumns, ",") {
		t.Fatalf("columns %s", got)
	}
	if tab.NumRows() != top*hosts {
		t.Fatalf("%d rows", tab.NumRows())
	}

	// Origins, independently: the 2021 states (those of 2016), ranked by
	// theta(2018) - theta(2021), ties by code.
	sys, err := loaders.LoadSystem()
	if err != nil {
		t.Fatal(err)
	}
	states := sys.StatesIn(2016)
	fariss, err := loaders.Load("fariss", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	theta := map[[2]int64]float64{}
	for i, c := range fariss.Col("ccode").Ints {
		if v, ok := fariss.Col("theta_mean").Float64(i); ok {
			theta[[2]int64{c, fariss.Col("year").Ints[i]}] = v
		}
	}
	type ranked struct {
		c    int
		rise float64
	}
	var want []ranked
	for _, c := range states {
		a, ok1 := theta[[2]int64{int64(c), 2018}]
		b, ok2 := theta[[2]int64{int64(c), 2021}]
		if ok1 && ok2 {
			want = append(want, ranked{c, a - b})
		}
	}
	slices.SortFunc(want, func(x, y ranked) int { return cmp.Or(cmp.Compare(y.rise, x.rise), cmp.Compare(x.c, y.c)) })
	pts, err := loaders.Load("pts", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ptsMean := map[[2]int64]float64{}
	for i, c := range pts.Col("ccode").Ints {
		var s, n float64
		for _, col := range []string{"pts_a", "pts_h", "pts_s"} {
			if v, ok := pts.Col(col).Float64(i); ok {
				s, n = s+v, n+1
			}
		}
		if n > 0 {
			ptsMean[[2]int64{c, pts.Col("year").Ints[i]}] = s / n
		}
	}

	// Hosts, independently: the three layers in their sources' years,
	// every ordered pair of 2021 for the ranges.
	ld := layers.NewDataThrough(2021)
	build := func(s layers.Spec, y int) *layers.Year {
		p, err := ld.Build(s, loaders.YearRange{First: y, Last: y})
		if err != nil {
			t.Fatal(err)
		}
		return p.Years[0]
	}
	comp := []*layers.Year{build(layers.Spec{Layer: "igo", Select: "autocratic"}, 2014), build(layers.Spec{Layer: "atop"}, 2018), build(layers.Spec{Layer: "unvotes"}, 2019)}
	lo, hi := []float64{math.Inf(1), math.Inf(1), math.Inf(1)}, []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for _, a := range states {
		for _, b := range states {
			for k, yr := range comp {
				if v, ok := yr.Weight(int64(a), int64(b)); ok && a != b {
					lo[k], hi[k] = math.Min(lo[k], v), math.Max(hi[k], v)
				}
			}
		}
	}
	type hostScore struct {
		c     int
		score float64
		igo   float64
		n     int
	}
	hostsOf := func(o int) []hostScore {
		var out []hostScore
		for _, h := range states {
			if h == o {
				continue
			}
			hs := hostScore{c: h, score: math.NaN(), igo: math.NaN()}
			var sum float64
			for k, yr := range comp {
				if v, ok := yr.Weight(int64(o), int64(h)); ok {
					sum += (v - lo[k]) / (hi[k] - lo[k])
					hs.n++
					if k == 0 {
						hs.igo = v
					}
				}
			}
			if hs.n > 0 {
				hs.score = sum / float64(hs.n)
			}
			out = append(out, hs)
		}
		slices.SortFunc(out, func(x, y hostScore) int {
			nx, ny := math.IsNaN(x.score), math.IsNaN(y.score)
			if nx != ny {
				if nx {
					return 1
				}
				return -1
			}
			return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(y.igo, x.igo), cmp.Compare(x.c, y.c))
		})
		return out
	}

	col := func(name string, i int) (float64, bool) { return tab.Col(name).Float64(i) }
	for i := 0; i < tab.NumRows(); i++ {
		k, j := i/hosts, i%hosts
		o := want[k]
		if got, _ := col("origin_rank", i); int(got) != k+1 || tab.Col("origin").Ints[i] != int64(o.c) {
			t.Fatalf("row %d: origin %d ranked %v, want %d ranked %d", i, tab.Col("origin").Ints[i], got, o.c, k+1)
		}
		rise, _ := col("repression_rise", i)
		rep, ok1 := col("repression", i)
		before, ok2 := col("repression_before", i)
		if !ok1 || !ok2 || rise != o.rise || rep != -theta[[2]int64{int64(o.c), 2021}] || before != -theta[[2]int64{int64(o.c), 2018}] {
			t.Errorf("row %d: repression %v, before %v, rise %v; want rise %v", i, rep, before, rise, o.rise)
		}
		p, okP := col("pts", i)
		pb, okPB := col("pts_before", i)
		pr, okPR := col("pts_rise", i)
		wp, okWP := ptsMean[[2]int64{int64(o.c), 2021}]
		wpb, okWPB := ptsMean[[2]int64{int64(o.c), 2018}]
		if okP != okWP || okPB != okWPB || okPR != (okWP && okWPB) || okP && p != wp || okPB && pb != wpb || okPR && pr != wp-wpb {
			t.Errorf("row %d: pts %v %v %v", i, p, pb, pr)
		}
		// Hosts.
		hs := hostsOf(o.c)[j]
		if got, _ := col("host_rank", i); int(got) != j+1 || tab.Col("host").Ints[i] != int64(hs.c) {
			t.Errorf("row %d (origin %d): host %d ranked %v, want %d ranked %d", i, o.c, tab.Col("host").Ints[i], got, hs.c, j+1)
			continue
		}
		if got, _ := col("link_score", i); math.Abs(got-hs.score) > 1e-12 || int(tab.Col("link_components").Ints[i]) != hs.n {
			t.Errorf("row %d: link_score %v (%d components), want %v (%d)", i, got, tab.Col("link_components").Ints[i], hs.score, hs.n)
		}
		for k, name := range []string{"shared_autocratic_igos", "alliance", "un_agreement"} {
			v, ok := col(name, i)
			wv, wok := comp[k].Weight(int64(o.c), int64(hs.c))
			if ok != wok || ok && v != wv {
				t.Errorf("row %d: %s %v (%v), want %v (%v)", i, name, v, ok, wv, wok)
			}
		}
		for name, y := range map[string]int64{"igo_year": 2014, "atop_year": 2018, "unvotes_year": 2019} {
			if tab.Col(name).Ints[i] != y {
				t.Errorf("row %d: %s %d", i, name, tab.Col(name).Ints[i])
			}
		}
		for _, name := range []string{"origin_abb", "origin_name", "host_abb", "host_name"} {
			if tab.Col(name).Strings[i] == "" {
				t.Errorf("row %d: empty %s", i, name)
			}
		}
	}

	// The origins table ranks all of them, the unranked last.
	ot := w.Origins
	if ot.NumRows() != len(states) {
		t.Errorf("origins table has %d rows, %d states", ot.NumRows(), len(states))
	}
	for i, r := range want {
		if ot.Col("origin").Ints[i] != int64(r.c) || ot.Col("origin_rank").Ints[i] != int64(i+1) {
			t.Fatalf("origins row %d: %d, want %d", i, ot.Col("origin").Ints[i], r.c)
		}
	}
	for i := len(want); i < ot.NumRows(); i++ {
		if !ot.Col("origin_rank").IsMissing(i) || !ot.Col("repression_rise").IsMissing(i) {
			t.Errorf("origins row %d: an unranked state has a rank", i)
		}
	}
	for _, key := range []string{"origin_rank", "host_rank", "link_score", "repression", "pts", "source_year:shared_autocratic_igos", "source_year:alliance", "source_year:un_agreement"} {
		if tab.Meta[key] == "" {
			t.Errorf("no meta %s", key)
		}
	}

	// Only origins whose repression rose are listed.
	rising := 0
	for _, r := range want {
		if r.rise > 0 {
			rising++
		}
	}
	all, err := d.Watchlist(WatchlistOptions{Top: 1000, Hosts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if all.Table.NumRows() != rising || rising == 0 || rising == len(want) {
		t.Errorf("%d origins listed, %d of %d rose", all.Table.NumRows(), rising, len(want))
	}
	for i, v := range all.Table.Col("repression_rise").Floats {
		if !(v > 0) {
			t.Errorf("row %d: rise %v listed", i, v)
		}
	}

	// Errors.
	if _, err := d.Watchlist(WatchlistOptions{Year: 2022}); err == nil || !strings.Contains(err.Error(), "latest year the data allow is 2021") {
		t.Errorf("2022: %v", err)
	}
}

// TestWatchlistModel fits the model inside a watchlist on synthetic
// incidents (TestHostModelRecoversSynthetic's) and checks the
// out-of-sample wiring: the model sees only the years before Y, the AUC
// is that of its predictions for Y, and hosts are ranked by them.
func TestWatchlistModel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds four years of directed dyads")
	}
	d := NewData(2016)
	inc, _, _ := simulateHost(t, d, 2013, 2016, 1)
	w, err := d.Watchlist(WatchlistOptions{Year: 2016, Top: 5, Hosts: 3, Incidents: inc})
	if err != nil {
		t.Fatal(err)
	}
	if w.Model == nil || w.TrainYears != (loaders.YearRange{First: 2013, Last: 2015}) {
		t.Fatalf("model %v, train years %v", w.Model != nil, w.TrainYears)
	}
	// Independently: the panel, the fit on 2013-2015, the predictions
	// for 2016 and their AUC.
	panel, err := d.HostPanel(inc, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	yc := panel.Col("year").Ints
	fit, err := FitHost(panel.Filter(func(i int) bool { return yc[i] < 2016 }), "", 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fit.Firth.Coef, w.Model.Firth.Coef) {
		t.Errorf("coefficients %v, want %v", w.Model.Firth.Coef, fit.Firth.Coef)
	}
	test := panel.Filter(func(i int) bool { return yc[i] == 2016 })
	p, ok, err := Predict(fit.Firth, test)
	if err != nil {
		t.Fatal(err)
	}
	var s []float64
	var y []bool
	prob := map[[2]int64]float64{}
	for i := range p {
		if ok[i] {
			s = append(s, p[i])
			y = append(y, test.Col("coop").Ints[i] == 1)
			prob[[2]int64{test.Col("ccode1").Ints[i], test.Col("ccode2").Ints[i]}] = p[i]
		}
	}
	auc, err := AUC(s, y)
	if err != nil {
		t.Fatal(err)
	}
	if w.AUC != auc || w.TestPairs != len(s) {
		t.Errorf("AUC %v on %d pairs, want %v on %d", w.AUC, w.TestPairs, auc, len(s))
	}
	if auc < 0.7 {
		t.Errorf("AUC %v: the synthetic model has signal, the predictions should find it", auc)
	}
	t.Logf("out-of-sample AUC in 2016: %.4f (%d pairs, %d positive)", auc, w.TestPairs, w.TestPositives)
	tab := w.Table
	if !strings.Contains(strings.Join(tab.Names(), ","), "link_components,p_coop,pair_rank,coop") {
		t.Fatalf("columns %v", tab.Names())
	}
	for i := 0; i < tab.NumRows(); i++ {
		o, h := tab.Col("origin").Ints[i], tab.Col("host").Ints[i]
		pc, okc := tab.Col("p_coop").Float64(i)
		if !okc || pc != prob[[2]int64{o, h}] {
			t.Errorf("row %d: p_coop %v, want %v", i, pc, prob[[2]int64{o, h}])
		}
		// Hosts in order of p_coop, and no other host of the origin above
		// the last one listed.
		if i%3 > 0 {
			prev, _ := tab.Col("p_coop").Float64(i - 1)
			if prev < pc {
				t.Errorf("row %d: p_coop %v above the previous host's %v", i, pc, prev)
			}
		}
		if i%3 == 2 {
			var above int
			for k, v := range prob {
				if k[0] == o && v > pc {
					above++
				}
			}
			if above != 2 {
				t.Errorf("origin %d: %d hosts above the third listed", o, above)
			}
		}
		// pair_rank: one plus the pairs with a higher probability.
		rank := tab.Col("pair_rank").Ints[i]
		var higher int64
		for _, v := range prob {
			if v > pc {
				higher++
			}
		}
		if rank != higher+1 {
			t.Errorf("row %d: pair_rank %d, %d pairs above it", i, rank, higher)
		}
	}
	if !strings.Contains(tab.Meta["auc"], "out of sample") {
		t.Errorf("auc meta %q", tab.Meta["auc"])
	}
}

// BenchmarkWatchlistLatest makes the watchlist for the latest year the
// bundled data allow (2021), from scratch: reading every source and
// building the three layers.
func BenchmarkWatchlistLatest(b *testing.B) {
	for range b.N {
		w, err := NewData(2021).Watchlist(WatchlistOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if w.Year != 2021 || w.Table.NumRows() != 50 {
			b.Fatalf("year %d, %d rows", w.Year, w.Table.NumRows())
		}
	}
}
