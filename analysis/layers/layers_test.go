package layers

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/loaders"
)

func weight(t *testing.T, p *Panel, y int, a, b int64) (float64, bool) {
	t.Helper()
	return p.Weight(y, a, b)
}

func TestATOP(t *testing.T) {
	und := build(t, "atop", loaders.YearRange{})
	dir := build(t, "atop,directed=true", loaders.YearRange{})
	def := build(t, "atop,obligation=defense", loaders.YearRange{})
	for _, c := range []struct {
		p    *Panel
		y    int
		a, b int64
		want float64
	}{
		{und, 1990, 2, 20, 1},  // NATO
		{def, 1990, 2, 20, 1},  // a defense pact
		{und, 1990, 2, 70, 1},  // Rio Pact
		{und, 1990, 2, 630, 0}, // USA-Iran: no alliance, an observed zero
		{und, 1990, 2, 365, 1}, // USA-USSR: ATOP codes a non-aggression pact from 1975
		{und, 1930, 2, 20, 0},  // before NATO
		{dir, 1990, 20, 2, 1},
	} {
		if got, ok := weight(t, c.p, c.y, c.a, c.b); !ok || got != c.want {
			t.Errorf("%s %d %d-%d: %v (ok %v), want %v", c.p.Spec, c.y, c.a, c.b, got, ok, c.want)
		}
	}
	if und.Directed || !dir.Directed || und.Years[0].Year != 1816 || und.Years[len(und.Years)-1].Year != 2016 {
		t.Errorf("atop covers %d-%d", und.Years[0].Year, und.Years[len(und.Years)-1].Year)
	}
	// Independent recount from the loader's directed table: the
	// undirected edges of a year are the pairs with any obligation in
	// either direction, both states in the system.
	raw, err := loaders.ATOP()
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := shared.loadSystem()
	want := map[int]map[[2]int64]bool{}
	c1, c2, yy := raw.Col("ccode1").Ints, raw.Col("ccode2").Ints, raw.Col("year").Ints
	for i := range c1 {
		y := int(yy[i])
		anyObl := false
		for _, n := range []string{"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"} {
			anyObl = anyObl || raw.Col(n).Ints[i] == 1
		}
		if !anyObl || y < 1816 || y > 2016 || !sys.InSystem(int(c1[i]), y) || !sys.InSystem(int(c2[i]), y) {
			continue
		}
		if want[y] == nil {
			want[y] = map[[2]int64]bool{}
		}
		want[y][[2]int64{min(c1[i], c2[i]), max(c1[i], c2[i])}] = true
	}
	for _, yr := range und.Years {
		if got := yr.Graph.NumEdges(); got != len(want[yr.Year]) {
			t.Fatalf("%d: %d edges, recount %d", yr.Year, got, len(want[yr.Year]))
		}
		for _, e := range yr.Graph.Edges() {
			if !want[yr.Year][[2]int64{e.From, e.To}] {
				t.Fatalf("%d: edge %d-%d not in the recount", yr.Year, e.From, e.To)
			}
		}
		// The directed layer symmetrised is the undirected one.
		s, err := dir.Year(yr.Year).Graph.Symmetrize()
		if err != nil || s.NumEdges() != yr.Graph.NumEdges() {
			t.Fatalf("%d: directed layer symmetrised has %d edges, undirected %d", yr.Year, s.NumEdges(), yr.Graph.NumEdges())
		}
	}
	if len(und.Notes) != 1 || !strings.Contains(und.Notes[0], "221 (") {
		t.Errorf("notes %q should list Monaco (221), which ATOP has outside COW's system years", und.Notes)
	}
}

func TestTrade(t *testing.T) {
	und := build(t, "trade", loaders.YearRange{})
	dir := build(t, "trade,directed=true", loaders.YearRange{})
	thr := build(t, "trade,min_weight=1000", loaders.YearRange{First: 2014, Last: 2014})
	raw, err := loaders.Trade()
	if err != nil {
		t.Fatal(err)
	}
	c1, c2, yy := raw.Col("ccode1").Ints, raw.Col("ccode2").Ints, raw.Col("year").Ints
	f1, f2 := raw.Col("flow1"), raw.Col("flow2")
	sys, _ := shared.loadSystem()
	var nBoth, nMissing, nZero int
	for i := range c1 {
		y := int(yy[i])
		if !sys.InSystem(int(c1[i]), y) || !sys.InSystem(int(c2[i]), y) {
			continue
		}
		v1, ok1 := f1.Float64(i)
		v2, ok2 := f2.Float64(i)
		w, ok := und.Weight(y, c1[i], c2[i])
		if ok != (ok1 && ok2) || ok && w != v1+v2 {
			t.Fatalf("%d %d-%d: %v (ok %v), flows %v %v", y, c1[i], c2[i], w, ok, v1, v2)
		}
		// Directed: exports of ccode2 to ccode1 are ccode1's imports (flow1).
		d21, ok21 := dir.Weight(y, c2[i], c1[i])
		d12, ok12 := dir.Weight(y, c1[i], c2[i])
		if ok21 != ok1 || ok12 != ok2 || ok1 && d21 != v1 || ok2 && d12 != v2 {
			t.Fatalf("%d %d-%d: directed %v %v, flows %v %v", y, c1[i], c2[i], d21, d12, v1, v2)
		}
		switch {
		case !ok:
			nMissing++
		case w == 0:
			nZero++
		default:
			nBoth++
		}
		if y == 2014 {
			tw, tok := thr.Weight(y, c1[i], c2[i])
			if tok != ok || ok && w >= 1000 && tw != w || ok && w < 1000 && tw != 0 {
				t.Fatalf("min_weight: %d-%d %v -> %v", c1[i], c2[i], w, tw)
			}
		}
	}
	t.Logf("trade dyad-years: %d positive, %d zero, %d missing", nBoth, nZero, nMissing)
	if nMissing == 0 || nZero == 0 {
		t.Errorf("expected missing and zero flows")
	}
	// A dyad-year without a row is missing, not zero.
	if w, ok := und.Weight(1870, 2, 900); ok {
		t.Errorf("1870 USA-Australia: %v", w)
	}
	if w, _ := und.Weight(2014, 2, 20); w != 622221 {
		t.Errorf("USA-Canada 2014 trade %v", w)
	}
}

func TestContiguity(t *testing.T) {
	land := build(t, "contiguity", loaders.YearRange{})
	sea := build(t, "contiguity,max_type=2", loaders.YearRange{})
	for _, c := range []struct {
		p    *Panel
		y    int
		a, b int64
		want float64
	}{
		{land, 2014, 2, 20, 1}, {land, 2014, 2, 70, 1}, {land, 2014, 2, 200, 0},
		{land, 2014, 2, 365, 0}, {sea, 2014, 2, 365, 1}, {sea, 1950, 2, 365, 0}, // Bering Strait from 1959
		{sea, 2014, 2, 40, 0}, // Cuba: type 4
	} {
		if got, ok := weight(t, c.p, c.y, c.a, c.b); !ok || got != c.want {
			t.Errorf("%s %d %d-%d: %v (ok %v), want %v", c.p.Spec, c.y, c.a, c.b, got, ok, c.want)
		}
	}
}

// TestUNVotes checks the agreement index against a direct count over the
// loader's vote rows.
func TestUNVotes(t *testing.T) {
	same := build(t, "unvotes", loaders.YearRange{})
	half := build(t, "unvotes,abstain=half", loaders.YearRange{})
	hr := build(t, "unvotes,issues=hr", loaders.YearRange{First: 2014, Last: 2014})
	c, _ := shared.loadCountries()
	raw, err := loaders.UNVotes(c.Resolve)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ rc, cc int64 }
	votes := map[key]int64{}
	rcs := map[int][]int64{}
	hrCall := map[int64]bool{}
	for i, rc := range raw.Col("rcid").Ints {
		s := int(raw.Col("session").Ints[i])
		votes[key{rc, raw.Col("ccode").Ints[i]}] = raw.Col("vote_code").Ints[i]
		rcs[s] = append(rcs[s], rc)
		hrCall[rc] = raw.Col("issue_hr").Bools[i]
	}
	agree := func(session int, a, b int64, halfRule, hrOnly bool) (float64, bool) {
		seen := map[int64]bool{}
		var joint, score float64
		for _, rc := range rcs[session] {
			if seen[rc] || hrOnly && !hrCall[rc] {
				continue
			}
			seen[rc] = true
			va, oka := votes[key{rc, a}]
			vb, okb := votes[key{rc, b}]
			if !oka || !okb {
				continue
			}
			joint++
			switch {
			case va == vb:
				score++
			case halfRule && (va == 2 || vb == 2):
				score += 0.5
			}
		}
		return score / joint, joint > 0
	}
	for _, c := range []struct {
		y    int
		a, b int64
	}{{2014, 2, 20}, {2014, 365, 710}, {1990, 2, 20}, {1990, 2, 365}, {1975, 2, 200}, {2014, 2, 652}, {1960, 2, 365}} {
		s := c.y - 1945
		for _, v := range []struct {
			p            *Panel
			half, hrOnly bool
		}{{same, false, false}, {half, true, false}, {hr, false, true}} {
			if v.hrOnly && c.y != 2014 {
				continue
			}
			want, wok := agree(s, c.a, c.b, v.half, v.hrOnly)
			got, ok := v.p.Weight(c.y, c.a, c.b)
			if ok != wok || math.Abs(got-want) > 1e-15 {
				t.Errorf("%s %d %d-%d: %v (ok %v), direct count %v", v.p.Spec, c.y, c.a, c.b, got, ok, want)
			}
		}
	}
	if w, _ := same.Weight(2014, 2, 20); math.Abs(w-0.775) > 1e-12 {
		t.Errorf("USA-Canada 2014 agreement %v", w)
	}
	// Switzerland (225) joined the UN in 2002: no votes in 1990, so its
	// agreement with anyone is missing, while it is a node.
	if w, ok := same.Weight(1990, 2, 225); ok {
		t.Errorf("USA-Switzerland 1990 agreement %v", w)
	}
	if _, ok := same.Year(1990).Graph.Index(225); !ok {
		t.Errorf("Switzerland is not a node in 1990")
	}
}

// TestEdgesTable checks the edge table's order and its all-dyads form.
func TestEdgesTable(t *testing.T) {
	y := loaders.YearRange{First: 1989, Last: 1991}
	for _, spec := range []string{"igo", "trade", "atop,directed=true", "unvotes"} {
		p := build(t, spec, y)
		e := p.Edges(false)
		all := p.Edges(true)
		if got := strings.Join(e.Names(), ","); got != "year,ccode1,ccode2,weight" {
			t.Fatalf("%s: columns %s", spec, got)
		}
		var pairs, edges int
		for _, yr := range p.Years {
			n := yr.Graph.N()
			edges += yr.Graph.NumEdges()
			if p.Directed {
				pairs += n * (n - 1)
			} else {
				pairs += n * (n - 1) / 2
			}
		}
		if e.NumRows() != edges || all.NumRows() != pairs {
			t.Errorf("%s: %d edge rows (%d edges), %d all-dyad rows (%d pairs)", spec, e.NumRows(), edges, all.NumRows(), pairs)
		}
		for _, tb := range []struct {
			name string
			rows int
			cols [4][]int64
			w    []float64
			miss func(int) bool
		}{{"edges", e.NumRows(), [4][]int64{e.Col("year").Ints, e.Col("ccode1").Ints, e.Col("ccode2").Ints}, e.Col("weight").Floats, e.Col("weight").IsMissing},
			{"all", all.NumRows(), [4][]int64{all.Col("year").Ints, all.Col("ccode1").Ints, all.Col("ccode2").Ints}, all.Col("weight").Floats, all.Col("weight").IsMissing}} {
			var zero, missing int
			for i := 0; i < tb.rows; i++ {
				yr, a, b := tb.cols[0][i], tb.cols[1][i], tb.cols[2][i]
				if !p.Directed && a >= b || a == b {
					t.Fatalf("%s %s row %d: %d-%d", spec, tb.name, i, a, b)
				}
				if i > 0 {
					py, pa, pb := tb.cols[0][i-1], tb.cols[1][i-1], tb.cols[2][i-1]
					if slices.Compare([]int64{py, pa, pb}, []int64{yr, a, b}) >= 0 {
						t.Fatalf("%s %s rows %d, %d out of order", spec, tb.name, i-1, i)
					}
				}
				switch {
				case tb.miss(i):
					missing++
					if !math.IsNaN(tb.w[i]) {
						t.Fatalf("missing weight is %v", tb.w[i])
					}
				case tb.w[i] == 0:
					zero++
				}
				if w, ok := p.Weight(int(yr), a, b); ok == tb.miss(i) || ok && w != tb.w[i] {
					t.Fatalf("%s %s %d %d-%d: table %v, Weight %v %v", spec, tb.name, yr, a, b, tb.w[i], w, ok)
				}
			}
			if tb.name == "edges" && (zero > 0 || missing > 0) {
				t.Errorf("%s: edge table has %d zero and %d missing weights", spec, zero, missing)
			}
			if tb.name == "all" {
				t.Logf("%s all dyads 1989-1991: %d rows, %d zero, %d missing", spec, tb.rows, zero, missing)
				incomplete := spec == "trade" || spec == "unvotes"
				if incomplete != (missing > 0) {
					t.Errorf("%s: %d missing weights", spec, missing)
				}
			}
		}
	}
}

// TestBackboneLayer: the sdsm backbone of the 2014 igo layer keeps the
// edges package backbone's reference keeps (2,837 without correction,
// 1,908 with BH), and the disparity filter keeps none of that year's.
func TestBackboneLayer(t *testing.T) {
	y := loaders.YearRange{First: 2014, Last: 2014}
	for _, c := range []struct {
		spec string
		want int
	}{{"igo,backbone=sdsm", 2837}, {"igo,backbone=sdsm,correction=BH", 1908}, {"igo,backbone=disparity", 0}, {"igo,backbone=sdsm,weight=jaccard", 2837}} {
		p := build(t, c.spec, y)
		yr := p.Year(2014)
		if yr.Graph.NumEdges() != c.want || yr.Graph.N() != 195 {
			t.Errorf("%s: %d edges on %d nodes, want %d on 195", c.spec, yr.Graph.NumEdges(), yr.Graph.N(), c.want)
		}
		if len(yr.Tests) != 18908 {
			t.Errorf("%s: %d tests", c.spec, len(yr.Tests))
		}
		// A dropped edge has weight 0, not missing.
		kept := 0
		for _, tt := range yr.Tests {
			w, ok := yr.Weight(tt.From, tt.To)
			if !ok || tt.Keep != (w != 0) {
				t.Fatalf("%s: %d-%d kept %v, weight %v %v", c.spec, tt.From, tt.To, tt.Keep, w, ok)
			}
			if tt.Keep {
				kept++
			}
		}
		if kept != c.want {
			t.Errorf("%s: %d tests kept", c.spec, kept)
		}
	}
	// The jaccard sdsm backbone keeps jaccard weights.
	j := build(t, "igo,weight=jaccard", y)
	jb := build(t, "igo,backbone=sdsm,weight=jaccard", y)
	for _, e := range jb.Year(2014).Graph.Edges() {
		if w, _ := j.Weight(2014, e.From, e.To); w != e.Weight {
			t.Fatalf("%d-%d: %v, jaccard %v", e.From, e.To, e.Weight, w)
		}
	}
	// Trade with the disparity filter: dropped observed flows are 0,
	// unobserved pairs still missing.
	tr := build(t, "trade,backbone=disparity", y)
	full := build(t, "trade", y)
	var dropped, miss int
	for _, e := range full.Year(2014).Graph.Edges() {
		if w, ok := tr.Weight(2014, e.From, e.To); !ok {
			t.Fatalf("%d-%d missing after the backbone", e.From, e.To)
		} else if w == 0 {
			dropped++
		}
	}
	g := full.Year(2014).Graph
	for i := 0; i < g.N(); i++ {
		for j := i + 1; j < g.N(); j++ {
			if _, ok := full.Weight(2014, g.ID(i), g.ID(j)); !ok {
				if _, ok2 := tr.Weight(2014, g.ID(i), g.ID(j)); ok2 {
					t.Fatalf("unobserved pair gained a weight")
				}
				miss++
			}
		}
	}
	t.Logf("trade 2014 disparity: %d of %d edges kept, %d dropped, %d pairs missing", tr.Year(2014).Graph.NumEdges(), g.NumEdges(), dropped, miss)
	if dropped == 0 || tr.Year(2014).Graph.NumEdges() == 0 {
		t.Errorf("disparity on trade kept %d edges", tr.Year(2014).Graph.NumEdges())
	}
}

// TestIncidence: the projection of the bipartite incidence is the count
// layer.
func TestIncidence(t *testing.T) {
	for _, spec := range []string{"igo", "igo,members=any,kinds=economic"} {
		s, _ := ParseSpec(spec)
		agents, ties, err := shared.Incidence(s, 1990)
		if err != nil {
			t.Fatal(err)
		}
		byOrg := map[int64][]int64{}
		for _, tie := range ties {
			byOrg[tie.Artifact] = append(byOrg[tie.Artifact], tie.Agent)
		}
		var edges []graph.Edge
		for _, ms := range byOrg {
			for a := range ms {
				for b := a + 1; b < len(ms); b++ {
					edges = append(edges, graph.Edge{From: ms[a], To: ms[b], Weight: 1})
				}
			}
		}
		g, err := graph.FromEdgesSum(agents, edges, false)
		if err != nil {
			t.Fatal(err)
		}
		want := build(t, spec, loaders.YearRange{First: 1990, Last: 1990}).Year(1990).Graph
		if !slices.Equal(g.Edges(), want.Edges()) || !slices.Equal(g.IDs(), want.IDs()) {
			t.Errorf("%s: projection of the incidence differs from the layer", spec)
		}
	}
	names, _ := shared.IGONames()
	if names[slices.Index(names, "sco")] != "sco" {
		t.Fatal("IGONames")
	}
	if _, _, err := shared.Incidence(Spec{Layer: "atop"}, 1990); err == nil {
		t.Errorf("atop incidence")
	}
	if _, _, err := shared.Incidence(Spec{Layer: "igo"}, 2015); err == nil {
		t.Errorf("igo incidence in 2015")
	}
}

func TestCoverageErrors(t *testing.T) {
	for _, c := range []struct {
		spec  string
		years loaders.YearRange
		want  string
	}{
		{"igo", loaders.YearRange{First: 2010, Last: 2016}, "covers 1816-2014"},
		{"igo,select=autocratic", loaders.YearRange{First: 1850, Last: 1950}, "covers 1900-2014"},
		{"trade", loaders.YearRange{First: 1860, Last: 1870}, "covers 1870-2014"},
		{"igo,igos=sco/nato_typo", loaders.YearRange{}, "unknown IGO nato_typo"},
	} {
		s, _ := ParseSpec(c.spec)
		_, err := shared.Build(s, c.years)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: error %v, want %q", c.spec, c.years, err, c.want)
		}
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFileLayer(t *testing.T) {
	// Integer codes of anything, weights, a zero-weight row making nodes
	// present.
	p := writeFile(t, "parties.csv", "ccode1,ccode2,year,weight,note\n10,20,2000,2.5,x\n20,30,2000,1,\n30,40,2000,0,\n10,20,2002,1,\n")
	pn, err := Build(Spec{Layer: "file:" + p}, loaders.YearRange{})
	if err != nil {
		t.Fatal(err)
	}
	if pn.States || pn.Labels != nil || len(pn.Years) != 2 || len(pn.Notes) != 1 || !strings.Contains(pn.Notes[0], "2001") {
		t.Fatalf("panel: states %v labels %v years %d notes %q", pn.States, pn.Labels, len(pn.Years), pn.Notes)
	}
	g := pn.Year(2000).Graph
	if !slices.Equal(g.IDs(), []int64{10, 20, 30, 40}) || g.NumEdges() != 2 {
		t.Errorf("2000: nodes %v, %d edges", g.IDs(), g.NumEdges())
	}
	if w, ok := pn.Weight(2000, 20, 10); !ok || w != 2.5 {
		t.Errorf("10-20: %v %v", w, ok)
	}
	if w, ok := pn.Weight(2000, 10, 40); !ok || w != 0 {
		t.Errorf("10-40: %v %v", w, ok)
	}
	e := pn.Edges(false)
	if strings.Join(e.Names(), ",") != "year,node1,node2,weight" {
		t.Errorf("columns %v", e.Names())
	}
	// Names: nodes are labels, sorted; no weight column means weight 1.
	p = writeFile(t, "orgs.csv", "a,b,yr\nNATO,EU,2000\nEU,OSCE,2000\n")
	pn, err = Build(Spec{Layer: "file:" + p, FromColumn: "a", ToColumn: "b", YearColumn: "yr", Directed: true}, loaders.YearRange{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pn.Labels, []string{"EU", "NATO", "OSCE"}) || !pn.Directed {
		t.Fatalf("labels %v", pn.Labels)
	}
	e = pn.Edges(true)
	var rows []string
	for i := 0; i < e.NumRows(); i++ {
		rows = append(rows, e.Col("node1").Strings[i]+">"+e.Col("node2").Strings[i]+"="+e.Col("weight").Format(i))
	}
	if got := strings.Join(rows, " "); got != "EU>NATO=0 EU>OSCE=1 NATO>EU=1 NATO>OSCE=0 OSCE>EU=0 OSCE>NATO=0" {
		t.Errorf("directed all dyads: %s", got)
	}
	// COW nodes: names resolved year by year, isolates are the system.
	p = writeFile(t, "rep.csv", "ccode1,ccode2,year,weight\nGermany,Russia,1970,3\nGermany,Russia,2000,4\n2,China,2000,1\n")
	pn, err = Build(Spec{Layer: "file:" + p, Nodes: "cow"}, loaders.YearRange{First: 1970, Last: 1970})
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := shared.loadSystem()
	if w, ok := pn.Weight(1970, 260, 365); !ok || w != 3 || pn.Year(1970).Graph.N() != len(sys.StatesIn(1970)) {
		t.Errorf("1970: West Germany-Russia %v %v, %d nodes", w, ok, pn.Year(1970).Graph.N())
	}
	if w, ok := pn.Weight(1970, 2, 20); !ok || w != 0 {
		t.Errorf("1970 USA-Canada %v %v", w, ok)
	}
	if !pn.States || strings.Join(pn.Edges(false).Names(), ",") != "year,ccode1,ccode2,weight" {
		t.Errorf("COW file layer: columns %v", pn.Edges(false).Names())
	}
}

func TestFileLayerErrors(t *testing.T) {
	for _, c := range []struct {
		text string
		spec Spec
		want string
	}{
		{"ccode1,ccode2,year\n", Spec{}, "no rows"},
		{"from,to,year\n1,2,2000\n", Spec{}, `no column "ccode1"`},
		{"ccode1,ccode2,year\n1,2,x\n", Spec{}, ":2: column 3"},
		{"ccode1,ccode2,year,weight\n1,2,2000,NA\n", Spec{}, "expected a non-negative weight"},
		{"ccode1,ccode2,year,weight\n1,2,2000,-1\n", Spec{}, ":2: column 4"},
		{"ccode1,ccode2,year\n1,1,2000\n", Spec{}, "itself"},
		{"ccode1,ccode2,year\n1,,2000\n", Spec{}, ":2: column 2"},
		{"ccode1,ccode2,year\n1,2,2000\n2,1,2000\n", Spec{}, ":3: the pair 2-1 is listed twice for 2000: also on line 2"},
		{"ccode1,ccode2,year\n1,2,2000\n2,1,2000\n", Spec{Directed: true}, ""},
		{"ccode1,ccode2,year\n2,20,2000\n", Spec{WeightColumn: "w"}, `no weight column "w"`},
		{"ccode1,ccode2,year\nAtlantis,20,2000\n", Spec{Nodes: "cow"}, "Atlantis"},
		{"ccode1,ccode2,year\n260,20,2000\n", Spec{Nodes: "cow"}, "not in the COW state system in 2000"},
		{"ccode1,ccode2,year\nGermany,West Germany,1970\n", Spec{Nodes: "cow"}, "same node"},
		{"ccode1,ccode2,year\n2,20,2020\n", Spec{Nodes: "cow"}, "not in the COW state system in 2020"},
	} {
		p := writeFile(t, "e.csv", c.text)
		c.spec.Layer = "file:" + p
		_, err := Build(c.spec, loaders.YearRange{})
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: %v", c.text, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q %+v: error %v, want %q", c.text, c.spec, err, c.want)
		}
	}
	if _, err := Build(Spec{Layer: "file:/nonexistent/x.csv"}, loaders.YearRange{}); err == nil || !strings.Contains(err.Error(), "x.csv") {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzFileLayer(f *testing.F) {
	f.Add("ccode1,ccode2,year,weight\n1,2,2000,1\n2,3,2000,0.5\n")
	f.Add("ccode1,ccode2,year\na,b,1999\nb,c,1999\n")
	f.Add("ccode1,ccode2,year,weight\n1,2,2000,1e308\n2,1,2001,\"3\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		dir := t.TempDir()
		p := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		pn, err := Build(Spec{Layer: "file:" + p}, loaders.YearRange{})
		if err != nil {
			return
		}
		for _, y := range pn.Years {
			if y.Graph.N() < 2 {
				t.Fatalf("year %d with %d nodes", y.Year, y.Graph.N())
			}
		}
		pn.Edges(true)
	})
}
