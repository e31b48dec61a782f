package panel

import (
	"bytes"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// TestBundledDyadPanel builds a dyad-year panel from the bundled data and
// checks every cell against a lookup written independently from the
// loaders' tables (maps keyed by code and year).
func TestBundledDyadPanel(t *testing.T) {
	tb, err := Build(Options{Unit: DyadYear, Years: "2009-2012", Add: []string{
		"vdem.v2x_polyarchy as polyarchy", "atop.atop_defense as defense", "cow-contiguity.conttype",
		"cow-trade.flow1", "lag(fariss.theta_mean) as theta_lag",
	}})
	if err != nil {
		t.Fatal(err)
	}
	sys, err := loaders.LoadSystem()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for y := 2009; y <= 2012; y++ {
		n := len(sys.StatesIn(y))
		want += n * (n - 1) / 2
	}
	if tb.NumRows() != want {
		t.Fatalf("%d rows, want %d", tb.NumRows(), want)
	}
	type sk struct{ c, y int64 }
	type dk struct{ a, b, y int64 }
	stateMap := func(id, col string) map[sk]float64 {
		d, err := loaders.Load(id, loaders.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[sk]float64{}
		cc, yy, v := d.Col("ccode"), d.Col("year"), d.Col(col)
		for i := range cc.Ints {
			if x, ok := v.Float64(i); ok && !cc.IsMissing(i) {
				m[sk{cc.Ints[i], yy.Ints[i]}] = x
			}
		}
		return m
	}
	poly := stateMap("vdem", "v2x_polyarchy")
	theta := stateMap("fariss", "theta_mean")
	atop, err := loaders.ATOP()
	if err != nil {
		t.Fatal(err)
	}
	defense := map[dk]float64{}
	for i, a := range atop.Col("ccode1").Ints {
		b, y := atop.Col("ccode2").Ints[i], atop.Col("year").Ints[i]
		if atop.Col("atop_defense").Ints[i] == 1 {
			defense[dk{min(a, b), max(a, b), y}] = 1
		}
	}
	cont, err := loaders.Contiguity()
	if err != nil {
		t.Fatal(err)
	}
	conttype := map[dk]float64{}
	for i, a := range cont.Col("ccode1").Ints {
		conttype[dk{a, cont.Col("ccode2").Ints[i], cont.Col("year").Ints[i]}] = float64(cont.Col("conttype").Ints[i])
	}
	trade, err := loaders.Trade()
	if err != nil {
		t.Fatal(err)
	}
	flow := map[dk]float64{}
	tradeRow := map[dk]bool{}
	for i, a := range trade.Col("ccode1").Ints {
		k := dk{a, trade.Col("ccode2").Ints[i], trade.Col("year").Ints[i]}
		tradeRow[k] = true
		if v, ok := trade.Col("flow1").Float64(i); ok {
			flow[k] = v
		}
	}

	c1, c2, yy := tb.Col("ccode1").Ints, tb.Col("ccode2").Ints, tb.Col("year").Ints
	check := func(col string, r int, want float64, ok bool) {
		got, gok := tb.Col(col).Float64(r)
		if gok != ok || ok && got != want {
			t.Fatalf("%s of %d-%d in %d = %v (%v), want %v (%v)", col, c1[r], c2[r], yy[r], got, gok, want, ok)
		}
	}
	for r := range c1 {
		a, b, y := c1[r], c2[r], yy[r]
		p1, ok1 := poly[sk{a, y}]
		check("polyarchy_1", r, p1, ok1)
		p2, ok2 := poly[sk{b, y}]
		check("polyarchy_2", r, p2, ok2)
		check("defense", r, defense[dk{a, b, y}], true)   // sparse: absent is 0
		check("conttype", r, conttype[dk{a, b, y}], true) // likewise
		f, okf := flow[dk{a, b, y}]
		check("flow1", r, f, okf)
		th, okt := theta[sk{a, y - 1}]
		okt = okt && sys.InSystem(int(a), int(y-1))
		check("theta_lag_1", r, th, okt)
	}
	// Hand-checked: USA-Canada, NATO allies with a land border.
	for r := range c1 {
		if c1[r] == 2 && c2[r] == 20 && yy[r] == 2010 {
			check("defense", r, 1, true)
			check("conttype", r, 1, true)
		}
	}
	if tb.Meta["coverage:defense"] != "1815-2018" {
		t.Errorf("coverage of defense: %q", tb.Meta["coverage:defense"])
	}
	if len(tb.Sources) < 6 {
		t.Errorf("sources: %v", tb.Sources)
	}
}

// TestBundledCoverage: years outside a source's coverage are missing, not
// zero, and state-years of states without data are missing.
func TestBundledCoverage(t *testing.T) {
	tb, err := Build(Options{Unit: StateYear, Years: "1944-1947", Add: []string{"fariss.theta_mean", "cow-trade/totals.imports"}})
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < tb.NumRows(); r++ {
		y := tb.Col("year").Ints[r]
		if _, ok := tb.Col("theta_mean").Float64(r); ok && y < 1946 {
			t.Fatalf("theta_mean present in %d, before Fariss's coverage", y)
		}
		if tb.Col("ccode").Ints[r] == 2 && y == 1946 {
			if v, ok := tb.Col("theta_mean").Float64(r); !ok || math.IsNaN(v) {
				t.Errorf("USA 1946 theta_mean missing")
			}
		}
	}
	if tb.Meta["unit"] != "state-year" || tb.Col("imports").Type != table.Float {
		t.Errorf("meta %v, imports %v", tb.Meta, tb.Col("imports").Type)
	}
}

// TestBundledLayers checks layer weights, exposure and centrality from
// the bundled data against values recomputed from the layers package's
// edge table.
func TestBundledLayers(t *testing.T) {
	spec := layers.Spec{Layer: "igo", Select: "autocratic"}
	lp, err := layers.Build(spec, loaders.YearRange{First: 2009, Last: 2010})
	if err != nil {
		t.Fatal(err)
	}
	edges := lp.Edges(false)
	type pair struct{ a, b, y int64 }
	w := map[pair]float64{}
	nbrs := map[[2]int64][]int64{} // (ccode, year) -> neighbours
	for i, y := range edges.Col("year").Ints {
		a, b := edges.Col("ccode1").Ints[i], edges.Col("ccode2").Ints[i]
		w[pair{a, b, y}] = edges.Col("weight").Floats[i]
		w[pair{b, a, y}] = edges.Col("weight").Floats[i]
		nbrs[[2]int64{a, y}] = append(nbrs[[2]int64{a, y}], b)
		nbrs[[2]int64{b, y}] = append(nbrs[[2]int64{b, y}], a)
	}
	vd, err := loaders.Load("vdem", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	poly := map[[2]int64]float64{}
	for i, c := range vd.Col("ccode").Ints {
		if v, ok := vd.Col("v2x_polyarchy").Float64(i); ok && !vd.Col("ccode").IsMissing(i) {
			poly[[2]int64{c, vd.Col("year").Ints[i]}] = v
		}
	}
	st, err := Build(Options{Unit: StateYear, Years: "2010", Add: []string{
		"exposure(vdem.v2x_polyarchy, layer(igo, select=autocratic)) as e",
		"lag(exposure(vdem.v2x_polyarchy, layer(igo, select=autocratic))) as e_lag",
		"centrality(layer(igo, select=autocratic), degree) as deg",
		"centrality(layer(igo, select=autocratic), strength) as str",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if about, want := st.Meta["layer:layer(igo, select=autocratic)"], "number of organizations in which both states are full members; organizations: autocratic that year: share of autocracies (v2x_regime 0, 1) among full members with a V-Dem RoW code >= 0.5"; about != want {
		t.Errorf("layer meta %q, want %q", about, want)
	}
	expo := func(c, y int64) (float64, bool) {
		var num, den float64
		for _, j := range nbrs[[2]int64{c, y}] {
			if v, ok := poly[[2]int64{j, y}]; ok {
				num += w[pair{c, j, y}] * v
				den += w[pair{c, j, y}]
			}
		}
		return num / den, den > 0
	}
	nExp := 0
	for r, c := range st.Col("ccode").Ints {
		for _, k := range []struct {
			col string
			y   int64
		}{{"e", 2010}, {"e_lag", 2009}} {
			want, ok := expo(c, k.y)
			got, gok := st.Col(k.col).Float64(r)
			if ok != gok || ok && math.Abs(got-want) > 1e-12*math.Abs(want) {
				t.Errorf("%s of %d: %v (%v), want %v (%v)", k.col, c, got, gok, want, ok)
			}
			if ok {
				nExp++
			}
		}
		var s float64
		for _, j := range nbrs[[2]int64{c, 2010}] {
			s += w[pair{c, j, 2010}]
		}
		if d, _ := st.Col("deg").Float64(r); int(d) != len(nbrs[[2]int64{c, 2010}]) {
			t.Errorf("degree of %d: %v, want %d", c, d, len(nbrs[[2]int64{c, 2010}]))
		}
		if got, _ := st.Col("str").Float64(r); math.Abs(got-s) > 1e-9 {
			t.Errorf("strength of %d: %v, want %v", c, got, s)
		}
	}
	if nExp < 200 {
		t.Errorf("only %d exposures present", nExp)
	}

	// Years past the IGO data (2014) have no layer: missing, not 0.
	dy, err := Build(Options{Unit: DyadYear, Years: "2014-2015", Add: []string{"layer(igo) as igos"}})
	if err != nil {
		t.Fatal(err)
	}
	for r, y := range dy.Col("year").Ints {
		_, ok := dy.Col("igos").Float64(r)
		if ok != (y == 2014) {
			t.Fatalf("igos in %d: present %v", y, ok)
		}
		if dy.Col("ccode1").Ints[r] == 2 && dy.Col("ccode2").Ints[r] == 20 && y == 2014 {
			if v, _ := dy.Col("igos").Float64(r); v != 72 {
				t.Errorf("USA-Canada 2014 shared IGOs %v, want 72", v)
			}
		}
	}
}

func TestLayerSpec(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"layer(igo)", "igo,members=full,weight=count"},
		{"layer(igo, sco, gcc)", "igo,members=full,igos=gcc/sco,weight=count"},
		{"layer(igo, igos=sco/csto, members=full+associate)", "igo,members=full+associate,igos=csto/sco,weight=count"},
		{"layer(igo, select=autocratic, threshold=0.67)", "igo,members=full,select=autocratic,threshold=0.67,weight=count"},
		{"layer(atop, obligation=defense, directed=true)", "atop,obligation=defense,directed=true"},
		{"layer(contiguity, max-type=2)", "contiguity,max_type=2"},
		{`layer(file, "edges.csv", nodes=cow)`, "file:edges.csv,directed=false"},
	} {
		sp, err := ParseSpec(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		s, err := LayerSpec(sp.Expr.Layer)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if !strings.HasPrefix(s.String(), strings.SplitN(tt.want, ",", 2)[0]) {
			t.Errorf("%s: %s, want %s", tt.in, s, tt.want)
		}
		if !strings.Contains(tt.in, "file") && s.String() != tt.want {
			t.Errorf("%s: %s, want %s", tt.in, s, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"layer(igo, bogus=1)", `unknown option "bogus"`},
		{"layer(nope)", `unknown layer "nope"`},
		{"layer(atop, defense)", `unexpected value "defense"`},
		{"layer(igo, threshold=0.5)", "threshold applies only with select"},
		{"layer(igo, select=totalitarian)", "select"},
		{"layer(file)", "needs its path"},
	} {
		sp, err := ParseSpec(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LayerSpec(sp.Expr.Layer); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestOptionsTOML decodes the options as a notebook step holds them and
// checks that the panel's bytes do not depend on GOMAXPROCS.
func TestOptionsTOML(t *testing.T) {
	const step = `
unit = "state-year"
years = "2012-2014"
add = [
  "neg(fariss.theta_mean) as repression",
  "exposure(neg(fariss.theta_mean), layer(igo, select=autocratic)) as learning",
  "centrality(igo, eigenvector)",
  "centrality(igo, community)",
]
seed = 7
`
	var o Options
	md, err := toml.Decode(step, &o)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Undecoded()) > 0 || o.Unit != StateYear || o.Years != "2012-2014" || len(o.Add) != 4 || o.Seed != 7 {
		t.Fatalf("decoded %+v (undecoded %v)", o, md.Undecoded())
	}
	var outs []string
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		tb, err := Build(o)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := table.Write(&b, tb, table.CSV, table.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("the panel depends on GOMAXPROCS")
	}
	if !strings.HasPrefix(outs[0], "ccode,year,repression,learning,eigenvector_igo,community_igo\n") {
		t.Errorf("header: %q", outs[0][:80])
	}
}
