package backbone

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/csvx"
)

// readCSV reads a testdata CSV file into a list of records keyed by
// column name.
func readCSV(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := csvx.NewReader(f, name)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.ReadHeader()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]string, len(head))
		for i, h := range head {
			m[h] = string(rec[i])
		}
		out = append(out, m)
	}
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func id(t testing.TB, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// close reports whether got is within rel of want, or within abs of it.
func close(got, want, rel, abs float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

// incidence loads NAME.agents.csv and NAME.ties.csv.
func incidence(t testing.TB, name string) ([]int64, []Tie) {
	var agents []int64
	for _, r := range readCSV(t, name+".agents.csv") {
		agents = append(agents, id(t, r["ccode"]))
	}
	var ties []Tie
	for _, r := range readCSV(t, name+".ties.csv") {
		ties = append(ties, Tie{Agent: id(t, r["ccode"]), Artifact: id(t, r["artifact"])})
	}
	return agents, ties
}

// projection is the weighted co-occurrence graph of an incidence.
func projection(t testing.TB, agents []int64, ties []Tie) *graph.Graph {
	byArt := map[int64][]int64{}
	for _, x := range ties {
		byArt[x.Artifact] = append(byArt[x.Artifact], x.Agent)
	}
	var edges []graph.Edge
	for _, ms := range byArt {
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
	return g
}

var cases = []string{"cow1950", "cow2014", "small"}

// TestAdjust checks Adjust against R's p.adjust on the reference p-values
// (the complete 1950 files).
func TestAdjust(t *testing.T) {
	for _, f := range []struct{ file, p, prefix string }{
		{"cow1950.disparity.csv", "p", ""},
		{"cow1950.sdsm.csv", "p_exact", "exact_"},
	} {
		rows := readCSV(t, f.file)
		p := make([]float64, len(rows))
		for i, r := range rows {
			p[i] = num(t, r[f.p])
		}
		for _, c := range []Correction{Bonferroni, Holm, BenjaminiHochberg} {
			got := Adjust(p, c)
			for i, r := range rows {
				if want := num(t, r[f.prefix+c.String()]); !close(got[i], want, 1e-14, 0) {
					t.Fatalf("%s %v: test %d: %v, R %v", f.file, c, i, got[i], want)
				}
			}
		}
	}
	// Hand cases: ties, NaN (untested), m counts only tested entries.
	nan := math.NaN()
	p := []float64{0.01, 0.04, nan, 0.03, 0.04, 0.5}
	for _, tc := range []struct {
		c    Correction
		want []float64
	}{
		{None, p},
		{Bonferroni, []float64{0.05, 0.2, nan, 0.15, 0.2, 1}},
		{Holm, []float64{0.05, 0.12, nan, 0.12, 0.12, 0.5}},
		{BenjaminiHochberg, []float64{0.05, 0.05, nan, 0.05, 0.05, 0.5}},
	} {
		got := Adjust(p, tc.c)
		for i := range got {
			if !close(got[i], tc.want[i], 1e-15, 0) {
				t.Errorf("%v = %v, want %v", tc.c, got, tc.want)
				break
			}
		}
	}
	for _, s := range []string{"none", "Bonferroni", "holm", "BH", "fdr"} {
		if _, err := ParseCorrection(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseCorrection("hommel"); err == nil {
		t.Error("hommel: no error")
	}
}

// TestBiCM checks BiCM's probabilities against the reference fixed-point
// solution, cell by cell.
func TestBiCM(t *testing.T) {
	for _, name := range cases {
		var rdeg, cdeg []int
		var rx, cy []float64
		var rid, cid []int64
		for _, r := range readCSV(t, name+".bicm.csv") {
			d, _ := strconv.Atoi(r["degree"])
			f := num(t, r["fitness"])
			if r["kind"] == "row" {
				rdeg, rx, rid = append(rdeg, d), append(rx, f), append(rid, id(t, r["id"]))
			} else {
				cdeg, cy, cid = append(cdeg, d), append(cy, f), append(cid, id(t, r["id"]))
			}
		}
		fit, err := BiCM(rdeg, cdeg)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for i := range rdeg {
			for k := range cdeg {
				if math.IsNaN(rx[i]) || math.IsNaN(cy[k]) {
					continue // checked against NAME.prob.csv below
				}
				z := rx[i] * cy[k]
				got, want := fit.P(i, k), z/(1+z)
				if !close(got, want, 1e-9, 1e-15) {
					t.Fatalf("%s: P[%d,%d] = %v, reference %v", name, i, k, got, want)
				}
				worst = max(worst, math.Abs(got-want)/want)
			}
		}
		// Expected degrees equal observed ones.
		for i := range rdeg {
			var s float64
			for k := range cdeg {
				s += fit.P(i, k)
			}
			if math.Abs(s-float64(rdeg[i])) > 1e-9 {
				t.Errorf("%s: row %d: expected degree %v, observed %d", name, i, s, rdeg[i])
			}
		}
		t.Logf("%-8s BiCM probabilities: max relative difference %.2g", name, worst)
		if _, err := os.Stat(filepath.Join("testdata", name+".prob.csv")); err != nil {
			continue
		}
		ri := map[int64]int{}
		for i, v := range rid {
			ri[v] = i
		}
		ci := map[int64]int{}
		for k, v := range cid {
			ci[v] = k
		}
		for _, r := range readCSV(t, name+".prob.csv") {
			i, k := ri[id(t, r["ccode"])], ci[id(t, r["artifact"])]
			if got, want := fit.P(i, k), num(t, r["p"]); !close(got, want, 1e-9, 1e-15) {
				t.Errorf("%s: P[%s,%s] = %v, reference %v", name, r["ccode"], r["artifact"], got, want)
			}
		}
	}
}

func TestBiCMErrors(t *testing.T) {
	for _, tc := range []struct {
		rows, cols []int
		want       string
	}{
		{[]int{1, 2}, []int{1, 1}, "sum to 3"},
		{[]int{3}, []int{1, 1}, "row degree 3 outside 0..2"},
		{[]int{1}, []int{2}, "column degree 2 outside 0..1"},
	} {
		if _, err := BiCM(tc.rows, tc.cols); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("BiCM(%v, %v): %v, want %q", tc.rows, tc.cols, err, tc.want)
		}
	}
	// Degrees (2,1) x (2,1) allow only [[1,1],[1,0]]: row 0 and column 0
	// are full (removed in the first round), after which row 1 and column
	// 1 are empty: P reproduces the matrix.
	fit, err := BiCM([]int{2, 1}, []int{2, 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := []float64{fit.P(0, 0), fit.P(0, 1), fit.P(1, 0), fit.P(1, 1)}; !slices.Equal(got, []float64{1, 1, 1, 0}) {
		t.Errorf("forced matrix: P = %v", got)
	}
}

// TestSDSM checks SDSM's p-values (exact and refined normal), adjusted
// p-values and backbone sizes against the reference.
func TestSDSM(t *testing.T) {
	for _, name := range cases {
		agents, ties := incidence(t, name)
		_, exact, err := SDSM(agents, ties, 0.05, None, Exact)
		if err != nil {
			t.Fatal(err)
		}
		_, rna, err := SDSM(agents, ties, 0.05, None, RefinedNormal)
		if err != nil {
			t.Fatal(err)
		}
		if len(exact) != len(rna) {
			t.Fatal("exact and RNA test different pairs")
		}
		idx := map[[2]int64]int{}
		for i, e := range exact {
			idx[[2]int64{e.From, e.To}] = i
		}
		var worstE, worstR float64
		rows := readCSV(t, name+".sdsm.csv")
		for _, r := range rows {
			k := [2]int64{id(t, r["ccode1"]), id(t, r["ccode2"])}
			i, ok := idx[k]
			if !ok {
				t.Fatalf("%s: pair %v not tested", name, k)
			}
			if exact[i].Weight != num(t, r["cooccur"]) {
				t.Fatalf("%s: pair %v: co-occurrence %v, reference %v", name, k, exact[i].Weight, r["cooccur"])
			}
			pe, pr := num(t, r["p_exact"]), num(t, r["p_rna"])
			if !close(exact[i].P, pe, 1e-8, 1e-300) {
				t.Errorf("%s: pair %v: exact p %v, reference %v", name, k, exact[i].P, pe)
			}
			if !close(rna[i].P, pr, 1e-8, 1e-15) {
				t.Errorf("%s: pair %v: RNA p %v, reference %v", name, k, rna[i].P, pr)
			}
			if pe > 0 {
				worstE = max(worstE, math.Abs(exact[i].P-pe)/pe)
			}
			if pr > 1e-15 {
				worstR = max(worstR, math.Abs(rna[i].P-pr)/pr)
			}
		}
		t.Logf("%-8s %d tests (%d in reference file): exact p max relative difference %.2g, RNA %.2g", name, len(exact), len(rows), worstE, worstR)
		kept := map[string]int{}
		for _, r := range readCSV(t, name+".kept.csv") {
			n, _ := strconv.Atoi(r["kept"])
			kept[r["test"]+"/"+r["correction"]] = n
		}
		for _, c := range []Correction{None, Bonferroni, Holm, BenjaminiHochberg} {
			bb, tests, err := SDSM(agents, ties, 0.05, c, Exact)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range tests {
				if e.Keep {
					n++
				}
			}
			if want := kept["sdsm/"+c.String()]; n != want || bb.NumEdges() != n || bb.N() != len(agents) {
				t.Errorf("%s %v: kept %d (backbone %d edges, %d nodes), reference %d", name, c, n, bb.NumEdges(), bb.N(), want)
			}
			if c == BenjaminiHochberg && len(rows) == len(tests) {
				for i, r := range rows {
					if !close(tests[i].Adjusted, num(t, r["exact_BH"]), 1e-8, 1e-300) {
						t.Fatalf("%s: BH-adjusted p of test %d: %v, reference %v", name, i, tests[i].Adjusted, r["exact_BH"])
					}
				}
			}
		}
		n := 0
		for _, e := range rna {
			if e.Keep {
				n++
			}
		}
		if want := kept["sdsm_rna/none"]; n != want {
			t.Errorf("%s RNA: kept %d, reference %d", name, n, want)
		}
		// The projection weights are the co-occurrence counts.
		g := projection(t, agents, ties)
		if g.NumEdges() != len(exact) {
			t.Errorf("%s: %d tests for %d projected edges", name, len(exact), g.NumEdges())
		}
		for _, e := range exact[:min(len(exact), 200)] {
			i, _ := g.Index(e.From)
			j, _ := g.Index(e.To)
			if g.Weight(i, j) != e.Weight {
				t.Fatalf("%s: weight of %d-%d", name, e.From, e.To)
			}
		}
	}
}

func TestSDSMErrors(t *testing.T) {
	for _, tc := range []struct {
		agents []int64
		ties   []Tie
		alpha  float64
		want   string
	}{
		{[]int64{1, 2}, nil, 0, "alpha"},
		{[]int64{1, 2}, nil, 1, "alpha"},
		{[]int64{1, 1}, nil, 0.05, "agent 1 is listed twice"},
		{[]int64{1, 2}, []Tie{{Agent: 3, Artifact: 9}}, 0.05, "agent 3 is not in the agent list"},
		{[]int64{1, 2}, []Tie{{Agent: 1, Artifact: 9}, {Agent: 1, Artifact: 9}}, 0.05, "tie (1, 9) is listed twice"},
	} {
		if _, _, err := SDSM(tc.agents, tc.ties, tc.alpha, None, Exact); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "backbone: ") {
			t.Errorf("got %v, want an error containing %q", err, tc.want)
		}
	}
	// No ties at all: no tests, an empty backbone on the agents.
	bb, tests, err := SDSM([]int64{1, 2, 3}, nil, 0.05, Holm, Exact)
	if err != nil || len(tests) != 0 || bb.N() != 3 || bb.NumEdges() != 0 {
		t.Errorf("no ties: %v %v %v", bb, tests, err)
	}
}

// TestDisparity checks the disparity filter against the reference on the
// COW projections and on the example of backbone's disparity() help page.
func TestDisparity(t *testing.T) {
	for _, name := range []string{"cow1950", "cow2014", "example"} {
		var g *graph.Graph
		if name == "example" {
			var edges []graph.Edge
			for _, r := range readCSV(t, "example.edges.csv") {
				edges = append(edges, graph.Edge{From: id(t, r["from"]), To: id(t, r["to"]), Weight: num(t, r["weight"])})
			}
			var err error
			g, err = graph.FromEdges([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, edges, false)
			if err != nil {
				t.Fatal(err)
			}
		} else {
			agents, ties := incidence(t, name)
			g = projection(t, agents, ties)
		}
		rows := readCSV(t, name+".disparity.csv")
		kept := map[string]int{}
		for _, r := range readCSV(t, name+".kept.csv") {
			n, _ := strconv.Atoi(r["kept"])
			kept[r["test"]+"/"+r["correction"]] = n
		}
		for _, c := range []Correction{None, Bonferroni, Holm, BenjaminiHochberg} {
			bb, tests, err := Disparity(g, 0.05, c)
			if err != nil {
				t.Fatal(err)
			}
			// The reference holds every step-th test (all but for
			// cow2014).
			step := (len(tests) + len(rows) - 1) / len(rows)
			if (len(tests)+step-1)/step != len(rows) {
				t.Fatalf("%s: %d tests, reference %d", name, len(tests), len(rows))
			}
			n := 0
			for i, e := range tests {
				if e.Keep {
					n++
				}
				if i%step != 0 {
					continue
				}
				r := rows[i/step]
				if e.From != id(t, r["ccode1"]) || e.To != id(t, r["ccode2"]) || e.Weight != num(t, r["weight"]) {
					t.Fatalf("%s: test %d is %d-%d, reference %s-%s", name, i, e.From, e.To, r["ccode1"], r["ccode2"])
				}
				if !close(e.P, num(t, r["p"]), 1e-12, 1e-300) {
					t.Fatalf("%s: edge %d-%d: p %v, reference %v", name, e.From, e.To, e.P, r["p"])
				}
				if c != None && !close(e.Adjusted, num(t, r[c.String()]), 1e-12, 1e-300) {
					t.Fatalf("%s %v: edge %d-%d: adjusted %v, reference %v", name, c, e.From, e.To, e.Adjusted, r[c.String()])
				}
			}
			if want := kept["disparity/"+c.String()]; n != want || bb.NumEdges() != n {
				t.Errorf("%s %v: kept %d, reference %d", name, c, n, want)
			}
		}
	}
	// The help page's point: the disparity backbone keeps edges of both
	// the strong and the weak clique.
	if _, _, err := Disparity(mustEmpty(t), 1.5, None); err == nil {
		t.Error("alpha 1.5: no error")
	}
}

func mustEmpty(t *testing.T) *graph.Graph {
	g, err := graph.FromEdges([]int64{1}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPoissonBinomial checks the exact tail against enumeration and the
// binomial distribution, including p-values far below 1e-16.
func TestPoissonBinomial(t *testing.T) {
	p := []float64{0.1, 0.5, 0.9, 0.3, 0, 1, 0.25, 0.6}
	for k := 0; k <= len(p)+1; k++ {
		var want float64
		for mask := 0; mask < 1<<len(p); mask++ {
			pr, ones := 1.0, 0
			for i, q := range p {
				if mask&(1<<i) != 0 {
					pr *= q
					ones++
				} else {
					pr *= 1 - q
				}
			}
			if ones >= k {
				want += pr
			}
		}
		if got := PoissonBinomialUpper(p, k, nil); !close(got, want, 1e-14, 1e-16) {
			t.Errorf("P(X >= %d) = %v, enumeration %v", k, got, want)
		}
	}
	// Binomial(200, 0.01): P(X >= 60) = Σ_{j>=60} C(200,j) 0.01^j 0.99^(200-j).
	q := make([]float64, 200)
	for i := range q {
		q[i] = 0.01
	}
	var want float64
	for j := 60; j <= 200; j++ {
		lg, _ := math.Lgamma(201)
		lj, _ := math.Lgamma(float64(j + 1))
		lr, _ := math.Lgamma(float64(200 - j + 1))
		want += math.Exp(lg - lj - lr + float64(j)*math.Log(0.01) + float64(200-j)*math.Log(0.99))
	}
	got := PoissonBinomialUpper(q, 60, nil)
	if want > 1e-60 || !close(got, want, 1e-10, 0) {
		t.Errorf("binomial tail: %v, want %v", got, want)
	}
	// The approximation is close in the bulk.
	if a, e := PoissonBinomialUpperRNA(q, 3), PoissonBinomialUpper(q, 3, nil); math.Abs(a-e) > 0.01 {
		t.Errorf("RNA %v, exact %v", a, e)
	}
	if PoissonBinomialUpperRNA([]float64{1, 1, 0}, 2) != 1 || PoissonBinomialUpperRNA([]float64{1, 1, 0}, 3) != 0 {
		t.Error("RNA with certain trials")
	}
}

func TestDisparityDirected(t *testing.T) {
	// Node 1 sends 8 to 2 and 1 each to 3 and 4; node 2 sends 1 to 1.
	g, err := graph.FromEdges([]int64{1, 2, 3, 4}, []graph.Edge{
		{From: 1, To: 2, Weight: 8}, {From: 1, To: 3, Weight: 1}, {From: 1, To: 4, Weight: 1}, {From: 2, To: 1, Weight: 1},
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	tests := DisparityP(g)
	// 1→2: source side (1-0.8)^2 = 0.04; target 2 has in-degree 1: 1.
	want := map[[2]int64]float64{{1, 2}: 0.04, {1, 3}: 0.81, {1, 4}: 0.81, {2, 1}: 1}
	for _, e := range tests {
		if w := want[[2]int64{e.From, e.To}]; !close(e.P, w, 1e-12, 0) {
			t.Errorf("%d→%d: p = %v, want %v", e.From, e.To, e.P, w)
		}
	}
	if !slices.IsSortedFunc(tests, func(a, b EdgeTest) int {
		if a.From != b.From {
			return int(a.From - b.From)
		}
		return int(a.To - b.To)
	}) {
		t.Error("tests not in edge order")
	}
}

func TestTestTable(t *testing.T) {
	agents, ties := incidence(t, "small")
	_, tests, err := SDSM(agents, ties, 0.05, Holm, Exact)
	if err != nil {
		t.Fatal(err)
	}
	tab := TestTable(tests)
	if !slices.Equal(tab.Names(), []string{"ccode1", "ccode2", "weight", "p_value", "p_adjusted", "kept"}) || tab.NumRows() != len(tests) {
		t.Fatalf("table %v with %d rows", tab.Names(), tab.NumRows())
	}
	for i, e := range tests {
		if tab.Col("ccode1").Ints[i] != e.From || tab.Col("p_adjusted").Floats[i] != e.Adjusted || tab.Col("kept").Bools[i] != e.Keep {
			t.Fatalf("row %d differs from test %+v", i, e)
		}
	}
}
