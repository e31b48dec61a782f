package panel

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// A small state system: A (2), B (20) and D (40, from 2004) stay; C (30)
// leaves after 2003 and returns in 2006.
const testStates = `stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
AAA,2,A,2000,1,1,2010,12,31,2016
BBB,20,B,2000,1,1,2010,12,31,2016
CCC,30,C,2000,1,1,2003,12,31,2016
CCC,30,C,2006,1,1,2010,12,31,2016
DDD,40,D,2004,1,1,2010,12,31,2016
`

func testSystem(t testing.TB) *loaders.System {
	t.Helper()
	s, err := loaders.ReadSystem(strings.NewReader(testStates), "states.csv")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testX is the value of the state-year test variable sy.x: missing for D
// in 2005, ccode*100 + year - 2000 otherwise.
func testX(c, y int) (float64, bool) {
	if c == 40 && y == 2005 {
		return 0, false
	}
	return float64(c*100 + y - 2000), true
}

// testLoad serves the fake datasets sy (state-year, every code 1995-2010,
// including years a state is not in the system), dy (a sparse
// non-directed dyad-year table covering 2001-2008), dup (a state-year
// table with a duplicate key) and igo (unit state-IGO-year).
func testLoad(id string, o loaders.Options) (*table.Table, error) {
	switch id {
	case "sy":
		var cc, yy []int64
		var x []float64
		for _, c := range []int{2, 20, 30, 40} {
			for y := 1995; y <= 2010; y++ {
				if !o.Years.Contains(y) {
					continue
				}
				v, ok := testX(c, y)
				if !ok {
					v = math.NaN()
				}
				cc, yy, x = append(cc, int64(c)), append(yy, int64(y)), append(x, v)
			}
		}
		t := table.New(table.NewInt("ccode", cc), table.NewInt("year", yy), table.NewFloat("x", x),
			table.NewString("s", make([]string, len(cc))))
		t.SetMeta("unit", "state-year")
		t.SetMeta("coverage", "1995-2010")
		t.AddSources(table.Source{Dataset: "sy", File: "sy.csv"})
		return t, nil
	case "dy":
		t := table.New(table.NewInt("ccode1", []int64{2, 20, 2}), table.NewInt("ccode2", []int64{20, 30, 40}),
			table.NewInt("year", []int64{2002, 2006, 2005}), table.NewInt("v", []int64{5, 7, 9}))
		t.SetMeta("unit", "non-directed dyad-year")
		t.SetMeta("coverage", "2001-2008")
		t.SetMeta("absent", "zero")
		return t, nil
	case "dup":
		t := table.New(table.NewInt("ccode", []int64{2, 20, 20}), table.NewInt("year", []int64{2001, 2001, 2001}),
			table.NewFloat("x", []float64{1, 2, 3}))
		t.SetMeta("unit", "state-year")
		return t, nil
	case "igo":
		t := table.New(table.NewInt("ccode", []int64{2}), table.NewInt("year", []int64{2001}))
		t.SetMeta("unit", "state-IGO-year")
		return t, nil
	}
	return nil, fmt.Errorf("no dataset %q", id)
}

// testEdges are the edges of the fake layer "net" in 2005 (C is out of
// the system then) and 2006; other years have no graph.
var testEdges = map[int][]graph.Edge{
	2005: {{From: 2, To: 20, Weight: 2}, {From: 2, To: 40, Weight: 1}, {From: 20, To: 40, Weight: 3}},
	2006: {{From: 2, To: 30, Weight: 1}, {From: 20, To: 40, Weight: 0.5}},
}

func testLayers(sys *loaders.System) LayerSource {
	return func(l *LayerRef, first, last int) (*Layer, error) {
		if l.Kind != "net" {
			return nil, fmt.Errorf("unknown layer kind %q", l.Kind)
		}
		out := &Layer{Graphs: map[int]*graph.Graph{}}
		for y := first; y <= last; y++ {
			es, ok := testEdges[y]
			if !ok {
				continue
			}
			var nodes []int64
			for _, c := range sys.StatesIn(y) {
				nodes = append(nodes, int64(c))
			}
			g, err := graph.FromEdges(nodes, es, false)
			if err != nil {
				return nil, err
			}
			out.Graphs[y] = g
		}
		if _, partial := l.Get("partial"); partial {
			// Only pairs with an edge and the pair 2-30 are observed.
			out.Known = func(y, i, j int) bool {
				g := out.Graphs[y]
				a, b := min(g.ID(i), g.ID(j)), max(g.ID(i), g.ID(j))
				return g.Weight(i, j) != 0 || a == 2 && b == 30
			}
		}
		return out, nil
	}
}

func buildTest(t *testing.T, unit, years string, directed bool, add ...string) *table.Table {
	t.Helper()
	sys := testSystem(t)
	tb, err := Build(Options{Unit: unit, Years: years, Directed: directed, Add: add,
		System: sys, Load: testLoad, Layers: testLayers(sys)})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// cell returns the value of column name in the row with the given keys.
func cell(t *testing.T, tb *table.Table, name string, keys ...int) (float64, bool) {
	t.Helper()
	var kc []*table.Column
	if len(keys) == 2 {
		kc = []*table.Column{tb.Col("ccode"), tb.Col("year")}
	} else {
		kc = []*table.Column{tb.Col("ccode1"), tb.Col("ccode2"), tb.Col("year")}
	}
	c := tb.Col(name)
	if c == nil {
		t.Fatalf("no column %q in %v", name, tb.Names())
	}
	for r := 0; r < tb.NumRows(); r++ {
		match := true
		for k, col := range kc {
			match = match && col.Ints[r] == int64(keys[k])
		}
		if match {
			return c.Float64(r)
		}
	}
	t.Fatalf("no row %v", keys)
	return 0, false
}

func TestStateYearLagsAndLeads(t *testing.T) {
	sys := testSystem(t)
	tb := buildTest(t, StateYear, "2000-2010", false, "sy.x", "lag(sy.x)", "lag(sy.x, 2) as x2", "lead(sy.x, 2)", "neg(sy.x)")
	if got := strings.Join(tb.Names(), " "); got != "ccode year x x_lag1 x2 x_lead2 neg_x" {
		t.Fatalf("columns %s", got)
	}
	// Rows: every state-year in the system, sorted by ccode and year.
	wantRows := 0
	for y := 2000; y <= 2010; y++ {
		wantRows += len(sys.StatesIn(y))
	}
	if tb.NumRows() != wantRows {
		t.Fatalf("%d rows, want %d", tb.NumRows(), wantRows)
	}
	// present reports whether c is in the system in every year a..b.
	present := func(c, a, b int) bool {
		for y := a; y <= b; y++ {
			if !sys.InSystem(c, y) {
				return false
			}
		}
		return true
	}
	cc, yy := tb.Col("ccode").Ints, tb.Col("year").Ints
	for r := range cc {
		c, y := int(cc[r]), int(yy[r])
		if r > 0 && (cc[r-1] > cc[r] || cc[r-1] == cc[r] && yy[r-1] >= yy[r]) {
			t.Fatalf("rows not sorted at %d", r)
		}
		for _, k := range []struct {
			col string
			dy  int
		}{{"x", 0}, {"x_lag1", -1}, {"x2", -2}, {"x_lead2", 2}} {
			a, b := min(y, y+k.dy), max(y, y+k.dy)
			want, ok := testX(c, y+k.dy)
			ok = ok && present(c, a, b)
			got, gok := cell(t, tb, k.col, c, y)
			if ok != gok || ok && got != want {
				t.Errorf("%s of %d in %d = %v (%v), want %v (%v)", k.col, c, y, got, gok, want, ok)
			}
		}
		x, ok := cell(t, tb, "x", c, y)
		n, nok := cell(t, tb, "neg_x", c, y)
		if ok != nok || ok && n != -x {
			t.Errorf("neg_x of %d in %d = %v", c, y, n)
		}
	}
	// Spot checks of the gap rule: C returns in 2006, so its lag is
	// missing in 2006 and its lag 2 in 2006 and 2007; A's lag in 2000
	// reads 1999, when A was not in the system.
	for _, k := range []struct {
		col     string
		c, y    int
		present bool
	}{{"x_lag1", 30, 2006, false}, {"x_lag1", 30, 2007, true}, {"x2", 30, 2007, false}, {"x2", 30, 2008, true},
		{"x_lag1", 2, 2000, false}, {"x_lead2", 30, 2002, false}, {"x_lead2", 30, 2001, true}} {
		if _, ok := cell(t, tb, k.col, k.c, k.y); ok != k.present {
			t.Errorf("%s of %d in %d: present %v, want %v", k.col, k.c, k.y, ok, k.present)
		}
	}
}

func TestDyadYearJoins(t *testing.T) {
	for _, directed := range []bool{false, true} {
		t.Run(fmt.Sprint("directed=", directed), func(t *testing.T) {
			sys := testSystem(t)
			tb := buildTest(t, DyadYear, "2000-2010", directed, "sy.x", "sy.x as p", "sy.x as a, b", "dy.v", "lag(dy.v)", "absdiff(sy.x)", "min(sy.x)")
			if got := strings.Join(tb.Names(), " "); got != "ccode1 ccode2 year x_1 x_2 p_1 p_2 a b v v_lag1 absdiff_x min_x" {
				t.Fatalf("columns %s", got)
			}
			wantRows := 0
			for y := 2000; y <= 2010; y++ {
				n := len(sys.StatesIn(y))
				if directed {
					wantRows += n * (n - 1)
				} else {
					wantRows += n * (n - 1) / 2
				}
			}
			if tb.NumRows() != wantRows {
				t.Fatalf("%d rows, want %d", tb.NumRows(), wantRows)
			}
			c1, c2, yy := tb.Col("ccode1").Ints, tb.Col("ccode2").Ints, tb.Col("year").Ints
			for r := range c1 {
				a, b, y := int(c1[r]), int(c2[r]), int(yy[r])
				if !directed && a >= b {
					t.Fatalf("row %d: ccode1 %d >= ccode2 %d", r, a, b)
				}
				if !sys.InSystem(a, y) || !sys.InSystem(b, y) {
					t.Fatalf("row %d: %d-%d in %d is not a system dyad", r, a, b, y)
				}
				xa, oka := testX(a, y)
				xb, okb := testX(b, y)
				for _, k := range []struct {
					col  string
					want float64
					ok   bool
				}{{"x_1", xa, oka}, {"x_2", xb, okb}, {"p_1", xa, oka}, {"b", xb, okb},
					{"absdiff_x", math.Abs(xa - xb), oka && okb}, {"min_x", min(xa, xb), oka && okb}} {
					got, ok := tb.Col(k.col).Float64(r)
					if ok != k.ok || ok && got != k.want {
						t.Errorf("%s of %d-%d in %d = %v (%v), want %v (%v)", k.col, a, b, y, got, ok, k.want, k.ok)
					}
				}
			}
			// The sparse table: listed rows, 0 inside 2001-2008, missing outside;
			// a listed row joins a directed panel both ways round.
			checks := []struct {
				col     string
				a, b, y int
				want    float64
				ok      bool
			}{
				{"v", 2, 20, 2002, 5, true}, {"v", 2, 20, 2003, 0, true}, {"v", 2, 20, 2001, 0, true},
				{"v", 2, 20, 2000, 0, false}, {"v", 2, 20, 2009, 0, false}, {"v", 20, 30, 2006, 7, true},
				{"v", 2, 40, 2005, 9, true}, {"v_lag1", 2, 20, 2003, 5, true}, {"v_lag1", 2, 20, 2002, 0, true},
				{"v_lag1", 2, 20, 2001, 0, false}, {"v_lag1", 20, 30, 2006, 0, false}, {"v_lag1", 20, 30, 2007, 7, true},
			}
			for _, k := range checks {
				pairs := [][2]int{{k.a, k.b}}
				if directed {
					pairs = append(pairs, [2]int{k.b, k.a})
				}
				for _, p := range pairs {
					got, ok := cell(t, tb, k.col, p[0], p[1], k.y)
					if ok != k.ok || ok && got != k.want {
						t.Errorf("%s of %d-%d in %d = %v (%v), want %v (%v)", k.col, p[0], p[1], k.y, got, ok, k.want, k.ok)
					}
				}
			}
			if tb.Meta["coverage:v"] != "2001-2008" || tb.Meta["spec:p_1"] != "sy.x as p" {
				t.Errorf("meta %v", tb.Meta)
			}
		})
	}
}

func TestLayersExposureCentrality(t *testing.T) {
	tb := buildTest(t, StateYear, "2004-2007", false, "exposure(sy.x, net) as e", "lag(exposure(sy.x, layer(net)), 1) as e_lag",
		"centrality(net, degree)", "centrality(net, strength) as s")
	// 2005: A-B 2, A-D 1, B-D 3; D's x is missing. 2006: A-C 1, B-D 0.5.
	x := func(c, y int) float64 { v, _ := testX(c, y); return v }
	checks := []struct {
		col  string
		c, y int
		want float64
		ok   bool
	}{
		{"e", 2, 2005, x(20, 2005), true},             // D left out, renormalised over B
		{"e", 20, 2005, x(2, 2005), true},             // likewise
		{"e", 40, 2005, (2*1 + 20*3) / 4.0 * 1, true}, // placeholder, fixed below
		{"e", 2, 2006, x(30, 2006), true},
		{"e", 20, 2006, x(40, 2006), true},
		{"e", 40, 2006, x(20, 2006), true},
		{"e", 2, 2004, 0, false}, // no graph in 2004
		{"e_lag", 2, 2006, x(20, 2005), true},
		{"e_lag", 2, 2005, 0, false},
		{"degree_net", 2, 2005, 2, true},
		{"degree_net", 30, 2006, 1, true},
		{"degree_net", 30, 2007, 0, false},
		{"s", 20, 2005, 5, true},
		{"s", 40, 2006, 0.5, true},
	}
	checks[2].want = (x(2, 2005)*1 + x(20, 2005)*3) / 4
	for _, k := range checks {
		got, ok := cell(t, tb, k.col, k.c, k.y)
		if ok != k.ok || ok && math.Abs(got-k.want) > 1e-12 {
			t.Errorf("%s of %d in %d = %v (%v), want %v (%v)", k.col, k.c, k.y, got, ok, k.want, k.ok)
		}
	}

	// A node with no neighbours has no exposure: C is not a node in 2005
	// (out of the system) and has a neighbour in 2006; in 2005 every node
	// has neighbours, so use a layer in which D is isolated.
	testEdges[2007] = []graph.Edge{{From: 2, To: 20, Weight: 1}}
	defer delete(testEdges, 2007)
	tb = buildTest(t, StateYear, "2007", false, "exposure(sy.x, net) as e")
	if _, ok := cell(t, tb, "e", 40, 2007); ok {
		t.Errorf("isolate has an exposure")
	}

	// Layer weights in a dyad panel: 0 between unjoined nodes, missing
	// without a graph.
	for _, directed := range []bool{false, true} {
		tb = buildTest(t, DyadYear, "2004-2006", directed, "layer(net) as w")
		for _, k := range []struct {
			a, b, y int
			want    float64
			ok      bool
		}{{2, 20, 2005, 2, true}, {20, 40, 2005, 3, true}, {2, 30, 2006, 1, true}, {2, 20, 2006, 0, true}, {2, 20, 2004, 0, false}} {
			for _, p := range [][2]int{{k.a, k.b}, {k.b, k.a}} {
				if !directed && p[0] > p[1] {
					continue
				}
				got, ok := cell(t, tb, "w", p[0], p[1], k.y)
				if ok != k.ok || ok && got != k.want {
					t.Errorf("directed=%v: w of %v in %d = %v (%v), want %v", directed, p, k.y, got, ok, k.want)
				}
			}
		}
	}
}

func TestLayerUnobservedPairs(t *testing.T) {
	tb := buildTest(t, DyadYear, "2006", false, "layer(net, partial=true) as w")
	for _, k := range []struct {
		a, b int
		want float64
		ok   bool
	}{{2, 30, 1, true}, {20, 40, 0.5, true}, {2, 20, 0, false}, {30, 40, 0, false}} {
		got, ok := cell(t, tb, "w", k.a, k.b, 2006)
		if ok != k.ok || ok && got != k.want {
			t.Errorf("w of %d-%d = %v (%v), want %v (%v)", k.a, k.b, got, ok, k.want, k.ok)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	sys := testSystem(t)
	tests := []struct {
		unit, years string
		directed    bool
		add         []string
		want        string
	}{
		{"country-year", "2000", false, nil, "unknown unit"},
		{StateYear, "2000", true, nil, "cannot be directed"},
		{StateYear, "2010-2000", false, nil, "years"},
		{StateYear, "2000", false, []string{"sy.nope"}, `no column "nope"`},
		{StateYear, "2000", false, []string{"nope.x"}, `no dataset "nope"`},
		{StateYear, "2001", false, []string{"dup.x"}, "duplicate key ccode 20, year 2001"},
		{StateYear, "2001", false, []string{"dy.v"}, "state-year panel can only join state-year tables"},
		{StateYear, "2001", false, []string{"igo.x"}, `unit "state-IGO-year"`},
		{StateYear, "2001", false, []string{"layer(net)"}, "is dyadic"},
		{StateYear, "2001", false, []string{"min(sy.x)"}, "state-year panel"},
		{DyadYear, "2001", false, []string{"absdiff(dy.v)"}, "already dyadic"},
		{DyadYear, "2001", false, []string{"exposure(dy.v, net)"}, "must be a state-year one"},
		{StateYear, "2001", false, []string{"sy.x", "lag(sy.x) as x"}, `column "x" is already`},
		{StateYear, "2001", false, []string{"sy.x as ccode"}, `column "ccode" is already the key`},
		{StateYear, "2001", false, []string{"sy.x as a, b"}, "two names given for one column"},
		{StateYear, "2001", false, []string{"neg(sy.s)"}, "not a number"},
		{StateYear, "2001", false, []string{"sy.year"}, "key column"},
		{StateYear, "2005", false, []string{"centrality(net, nope)"}, `unknown centrality measure "nope"`},
		{StateYear, "2005", false, []string{"centrality(other, degree)"}, `unknown layer kind "other"`},
		{StateYear, "2005", false, []string{"lag(sy.x"}, "closing lag("},
	}
	for _, tt := range tests {
		_, err := Build(Options{Unit: tt.unit, Years: tt.years, Directed: tt.directed, Add: tt.add,
			System: sys, Load: testLoad, Layers: testLayers(sys)})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s %v: error %v, want %q", tt.unit, tt.years, tt.add, err, tt.want)
		}
	}
}
