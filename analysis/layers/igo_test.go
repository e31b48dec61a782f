package layers

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/loaders"
)

// shared is one Data for the package's tests, so that each source is read
// once.
var shared = NewData()

var (
	panelMu    sync.Mutex
	panelCache = map[string]*Panel{}
)

// build builds (once per spec and range) a layer for a test.
func build(t testing.TB, spec string, years loaders.YearRange) *Panel {
	t.Helper()
	key := spec + "@" + years.String()
	panelMu.Lock()
	defer panelMu.Unlock()
	if p, ok := panelCache[key]; ok {
		return p
	}
	s, err := ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	p, err := shared.Build(s, years)
	if err != nil {
		t.Fatalf("%s: %v", spec, err)
	}
	panelCache[key] = p
	return p
}

// readCSV reads a CSV file of the test data: header and records.
func readCSV(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func atof(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
}

// TestIGORecount compares the igo layer, every year 1816-2014, with the
// independent recount of testdata/make_reference.py: node and edge
// counts, the sum of weights, and for count weights the sha256 of the
// whole edge list, so that every dyad-year is checked exactly. Newman and
// Jaccard sums agree to a relative 1e-12 (their sums are formed in another
// order).
func TestIGORecount(t *testing.T) {
	_, recs := readCSV(t, "testdata/igo_years.csv")
	panels := map[string]*Panel{}
	for _, m := range []string{"full", "full+associate"} {
		for _, w := range []string{"count", "newman", "jaccard"} {
			panels[m+"/"+w] = build(t, fmt.Sprintf("igo,members=%s,weight=%s", m, w), loaders.YearRange{})
		}
	}
	checked := 0
	for _, r := range recs {
		y, key := atoi(t, r[0]), r[1]+"/"+r[2]
		yr := panels[key].Year(y)
		if yr == nil {
			t.Fatalf("%s: no year %d", key, y)
		}
		g := yr.Graph
		if g.N() != atoi(t, r[3]) || g.NumEdges() != atoi(t, r[4]) {
			t.Errorf("%s %d: %d nodes %d edges, reference %s %s", key, y, g.N(), g.NumEdges(), r[3], r[4])
			continue
		}
		var total float64
		var text strings.Builder
		for _, e := range g.Edges() {
			total += e.Weight
			if r[2] == "count" {
				fmt.Fprintf(&text, "%d,%d,%d\n", e.From, e.To, int(e.Weight))
			}
		}
		if e := relErr(total, atof(t, r[5])); e > 1e-12 {
			t.Errorf("%s %d: total weight %v, reference %s (relative error %.2g)", key, y, total, r[5], e)
		}
		if r[2] == "count" {
			h := sha256.Sum256([]byte(text.String()))
			if hex.EncodeToString(h[:]) != r[6] {
				t.Errorf("%s %d: edge list differs from the recount", key, y)
			}
		}
		checked++
	}
	if checked != 199*6 {
		t.Errorf("checked %d layer-years, want %d", checked, 199*6)
	}
}

// TestIGOSample checks newman and jaccard weights of sampled dyad-years
// against the reference to a relative 1e-12.
func TestIGOSample(t *testing.T) {
	_, recs := readCSV(t, "testdata/igo_sample.csv")
	if len(recs) < 100 {
		t.Fatalf("only %d sampled dyads", len(recs))
	}
	for _, r := range recs {
		y, a, b := atoi(t, r[0]), int64(atoi(t, r[1])), int64(atoi(t, r[2]))
		for k, w := range []string{"count", "newman", "jaccard"} {
			p := build(t, "igo,weight="+w, loaders.YearRange{})
			got, ok := p.Weight(y, a, b)
			if e := relErr(got, atof(t, r[3+k])); !ok || e > 1e-12 {
				t.Errorf("%s %d %d-%d: %v (ok %v), reference %s", w, y, a, b, got, ok, r[3+k])
			}
		}
	}
}

// TestIGOHandFacts checks the co-membership counts checked by hand on the
// raw files (datasets README).
func TestIGOHandFacts(t *testing.T) {
	p := build(t, "igo", loaders.YearRange{})
	for _, c := range []struct {
		year int
		a, b int64
		want float64
	}{
		{1990, 2, 20, 67}, {2000, 2, 20, 73}, {2014, 2, 20, 72}, {2014, 365, 710, 55}, {2000, 365, 710, 50},
		{2014, 20, 2, 72}, // either order
	} {
		if got, ok := p.Weight(c.year, c.a, c.b); !ok || got != c.want {
			t.Errorf("%d %d-%d: %v (ok %v), want %v", c.year, c.a, c.b, got, ok, c.want)
		}
	}
	// Unknown: a state outside the system, a year outside the panel.
	if _, ok := p.Weight(2014, 2, 260); ok {
		t.Errorf("West Germany in 2014 has a weight")
	}
	if _, ok := p.Weight(2015, 2, 20); ok {
		t.Errorf("2015 has a weight")
	}
	if w, ok := p.Weight(2014, 2, 2); ok {
		t.Errorf("a state with itself has weight %v", w)
	}
}

// TestCOWDyadic compares the igo layer with COW's own dyadic counts
// (peacesciencer's cow_igo_ndy, 1950, 1990, 2014). Full co-memberships
// differ on exactly 29, 91 and 4,253 dyads, always by COW counting 1 to 3
// more; counting full and associate members reproduces every dyad (see
// the package documentation).
func TestCOWDyadic(t *testing.T) {
	r, _, err := datasets.OpenReader("cow-igo", "cow_igo_ndy_1950_1990_2014.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := csvx.NewReader(r, "cow_igo_ndy_1950_1990_2014.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.ReadHeader(); err != nil {
		t.Fatal(err)
	}
	full := build(t, "igo", loaders.YearRange{})
	assoc := build(t, "igo,members=full+associate", loaders.YearRange{})
	type stat struct{ n, diff, diffAssoc, lo, hi int }
	st := map[int]*stat{1950: {lo: 99}, 1990: {lo: 99}, 2014: {lo: 99}}
	for {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		var v [4]int64
		for i := range v {
			x, ok, err := rd.Int(rec, i)
			if err != nil || !ok {
				t.Fatalf("line %d: %v", rd.Line(), err)
			}
			v[i] = x
		}
		y := int(v[2])
		s := st[y]
		s.n++
		wf, ok1 := full.Weight(y, v[0], v[1])
		wa, ok2 := assoc.Weight(y, v[0], v[1])
		if !ok1 || !ok2 {
			t.Fatalf("%d %d-%d: not in the layer", y, v[0], v[1])
		}
		if d := int(v[3]) - int(wf); d != 0 {
			s.diff++
			s.lo, s.hi = min(s.lo, d), max(s.hi, d)
		}
		if wa != float64(v[3]) {
			s.diffAssoc++
		}
	}
	want := map[int]stat{1950: {2775, 29, 0, 1, 1}, 1990: {12880, 91, 0, 1, 1}, 2014: {18915, 4253, 0, 1, 3}}
	for y, w := range want {
		s := *st[y]
		t.Logf("%d: %d of %d dyads differ (%.2f%%), by %d to %d; with associates: %d differ", y, s.diff, s.n, 100*float64(s.diff)/float64(s.n), s.lo, s.hi, s.diffAssoc)
		if s != w {
			t.Errorf("%d: %+v, want %+v", y, s, w)
		}
		// Every dyad of the year is in COW's file.
		n := full.Year(y).Graph.N()
		if s.n != n*(n-1)/2 {
			t.Errorf("%d: %d dyads in COW's file, %d pairs of states", y, s.n, n*(n-1)/2)
		}
	}
}

// TestNetworkChain closes the chain of references: the igo layer's 2014
// and 1950 graphs are the graphs whose measures package network checks
// against python-igraph (analysis/network/testdata, written by its
// make_reference.py).
func TestNetworkChain(t *testing.T) {
	p := build(t, "igo", loaders.YearRange{})
	for _, y := range []int{1950, 2014} {
		_, nodes := readCSV(t, fmt.Sprintf("../network/testdata/cow%d.nodes.csv", y))
		_, edges := readCSV(t, fmt.Sprintf("../network/testdata/cow%d.edges.csv", y))
		g := p.Year(y).Graph
		ids := g.IDs()
		if len(ids) != len(nodes) {
			t.Fatalf("%d: %d nodes, reference %d", y, len(ids), len(nodes))
		}
		for i, r := range nodes {
			if ids[i] != int64(atoi(t, r[0])) {
				t.Fatalf("%d: node %d is %d, reference %s", y, i, ids[i], r[0])
			}
		}
		ge := g.Edges()
		if len(ge) != len(edges) {
			t.Fatalf("%d: %d edges, reference %d", y, len(ge), len(edges))
		}
		for k, r := range edges {
			e := ge[k]
			if e.From != int64(atoi(t, r[0])) || e.To != int64(atoi(t, r[1])) || e.Weight != atof(t, r[2]) {
				t.Fatalf("%d: edge %d is %v, reference %v", y, k, e, r)
			}
		}
	}
}

// TestIGOSelection checks organizations chosen by name and kind.
func TestIGOSelection(t *testing.T) {
	y := loaders.YearRange{First: 2014, Last: 2014}
	sco := build(t, "igo,igos=SCO", y).Year(2014).Graph
	var got []string
	for _, e := range sco.Edges() {
		got = append(got, fmt.Sprintf("%d-%d", e.From, e.To))
	}
	// The 6 full members of the SCO, all pairs.
	if sco.NumEdges() != 15 || got[0] != "365-702" || got[14] != "705-710" {
		t.Errorf("SCO 2014 edges: %v", got)
	}
	two := build(t, "igo,igos=sco/csto", y)
	// Russia, Kazakhstan, Kyrgyzstan, Tajikistan are in both.
	if w, _ := two.Weight(2014, 365, 705); w != 2 {
		t.Errorf("Russia-Kazakhstan in SCO and CSTO: %v", w)
	}
	if w, _ := two.Weight(2014, 365, 710); w != 1 {
		t.Errorf("Russia-China in SCO and CSTO: %v", w)
	}
	// Kinds partition nothing exactly, but each kind's graph has no more
	// weight than all organizations' and their union covers the total
	// minus organizations without a flag.
	all := build(t, "igo", y).Year(2014).Graph
	pol := build(t, "igo,kinds=political", y).Year(2014).Graph
	if w, _ := build(t, "igo", y).Weight(2014, 2, 20); w != 72 {
		t.Fatal(w)
	}
	if pol.NumEdges() == 0 || pol.NumEdges() > all.NumEdges() {
		t.Errorf("political: %d edges of %d", pol.NumEdges(), all.NumEdges())
	}
	for _, e := range pol.Edges() {
		i, _ := all.Index(e.From)
		j, _ := all.Index(e.To)
		if e.Weight > all.Weight(i, j) {
			t.Fatalf("political %d-%d weight %v above all %v", e.From, e.To, e.Weight, all.Weight(i, j))
		}
	}
}
