package panel

import (
	"math"
	"testing"

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
