package network

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
)

func refLayers(t *testing.T) []Layer {
	var layers []Layer
	for k, name := range []string{"cow2014", "cow1950", "ties", "disconnected"} {
		c := loadCase(t, name)
		// Give the layers years in an order different from their
		// position, to check that output is in year order.
		layers = append(layers, Layer{Year: []int{2014, 1950, 1990, 1816}[k], Graph: c.g, Groups: c.groups})
	}
	return layers
}

// sameTable reports whether two tables are identical bit for bit.
func sameTable(a, b *table.Table) bool {
	if !slices.Equal(a.Names(), b.Names()) || a.NumRows() != b.NumRows() {
		return false
	}
	for j, ca := range a.Columns {
		cb := b.Columns[j]
		if ca.Type != cb.Type || !slices.Equal(ca.Ints, cb.Ints) {
			return false
		}
		for i := 0; i < ca.Len(); i++ {
			if ca.IsMissing(i) != cb.IsMissing(i) {
				return false
			}
		}
		for i := range ca.Floats {
			if math.Float64bits(ca.Floats[i]) != math.Float64bits(cb.Floats[i]) {
				return false
			}
		}
	}
	return true
}

// TestComputeDeterministic checks that output bits do not depend on
// GOMAXPROCS or on the number of workers, both across layers and inside a
// single layer's betweenness.
func TestComputeDeterministic(t *testing.T) {
	layers := refLayers(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first, firstG *table.Table
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		for _, workers := range []int{0, 1, 3, 8} {
			for _, ls := range [][]Layer{layers, layers[:1]} {
				n, g, err := Compute(ls, UndirectedMeasures(), Options{Workers: workers, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				if len(ls) == 1 {
					// Must equal the corresponding rows of the full run.
					if first != nil {
						rows := first.Filter(func(i int) bool { return first.Col("year").Ints[i] == 2014 })
						if !sameTable(rows, n) {
							t.Errorf("GOMAXPROCS=%d workers=%d: layer 2014 alone differs from its rows in the full run", procs, workers)
						}
					}
					continue
				}
				if first == nil {
					first, firstG = n, g
					continue
				}
				if !sameTable(first, n) || !sameTable(firstG, g) {
					t.Errorf("GOMAXPROCS=%d workers=%d: output differs from GOMAXPROCS=1", procs, workers)
				}
			}
		}
	}
}

func TestCompute(t *testing.T) {
	layers := refLayers(t)
	n, g, err := Compute(layers, UndirectedMeasures(), Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"year", "ccode"}
	for _, m := range UndirectedMeasures() {
		wantNames = append(wantNames, string(m))
	}
	if !slices.Equal(n.Names(), wantNames) {
		t.Errorf("node columns %v, want %v", n.Names(), wantNames)
	}
	if got := g.Names(); !slices.Equal(got, []string{"year", "nodes", "edges", "density", "mean_degree", "transitivity",
		"assortativity_degree", "components", "assortativity_group", "communities", "modularity"}) {
		t.Errorf("graph columns %v", got)
	}
	if !slices.Equal(g.Col("year").Ints, []int64{1816, 1950, 1990, 2014}) {
		t.Errorf("graph years %v", g.Col("year").Ints)
	}
	// Rows are sorted by (year, ccode) and hold what the functions return.
	years, codes := n.Col("year").Ints, n.Col("ccode").Ints
	for i := 1; i < len(years); i++ {
		if years[i] < years[i-1] || years[i] == years[i-1] && codes[i] <= codes[i-1] {
			t.Fatalf("row %d out of order", i)
		}
	}
	cow := layers[0].Graph
	rows := n.Filter(func(i int) bool { return years[i] == 2014 })
	if !slices.Equal(rows.Col("ccode").Ints, cow.IDs()) {
		t.Fatal("2014 rows are not the 2014 nodes")
	}
	if !slices.Equal(rows.Col("betweenness").Floats, Betweenness(cow)) {
		t.Error("betweenness column differs from Betweenness")
	}
	cl, _ := Clustering(layers[3].Graph)
	rows = n.Filter(func(i int) bool { return years[i] == 1816 })
	col := rows.Col("clustering")
	for i, v := range cl {
		if math.IsNaN(v) != col.IsMissing(i) {
			t.Errorf("clustering of node %d: %v, missing=%v", i, v, col.IsMissing(i))
		}
	}
	if !rows.Col("closeness").HasMissing() {
		t.Error("isolates' closeness should be missing")
	}
	if g.Col("modularity").Floats[3] <= 0 || g.Col("communities").Ints[3] < 2 {
		t.Errorf("2014 partition: %v communities, Q = %v", g.Col("communities").Ints[3], g.Col("modularity").Floats[3])
	}
	if g.Meta["network.louvain"] == "" || n.Meta["network.path_length"] == "" {
		t.Error("conventions not recorded in table metadata")
	}
}

func TestComputeErrors(t *testing.T) {
	ug, _ := graph.FromEdges([]int64{1, 2}, []graph.Edge{{From: 1, To: 2, Weight: 1}}, false)
	dg, _ := graph.FromEdges([]int64{1, 2}, []graph.Edge{{From: 1, To: 2, Weight: 1}}, true)
	for _, tc := range []struct {
		layers   []Layer
		measures []Measure
		want     string
	}{
		{[]Layer{{Year: 1, Graph: ug}}, []Measure{"nonsense"}, `unknown measure "nonsense"`},
		{[]Layer{{Year: 1, Graph: ug}}, []Measure{MDegree, MDegree}, "requested twice"},
		{[]Layer{{Year: 1, Graph: ug}, {Year: 1, Graph: ug}}, nil, "two layers for year 1"},
		{[]Layer{{Year: 3, Graph: dg}}, []Measure{MEigenvector}, `"eigenvector" is not defined for directed graphs (layer 3)`},
		{[]Layer{{Year: 3, Graph: ug}}, []Measure{MHub}, `"hub" is not defined for undirected graphs`},
		{[]Layer{{Year: 3}}, nil, "layer 3 has no graph"},
		{[]Layer{{Year: 3, Graph: ug, Groups: []int64{1}}}, nil, "groups for 1 nodes"},
	} {
		_, _, err := Compute(tc.layers, tc.measures, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "network: ") {
			t.Errorf("got %v, want an error containing %q", err, tc.want)
		}
	}
	// Directed measures on a directed layer work.
	if _, _, err := Compute([]Layer{{Year: 3, Graph: dg}}, DirectedMeasures(), Options{}); err != nil {
		t.Error(err)
	}
	// An empty panel gives empty tables.
	n, g, err := Compute(nil, UndirectedMeasures(), Options{})
	if err != nil || n.NumRows() != 0 || g.NumRows() != 0 {
		t.Errorf("empty panel: %v %d %d", err, n.NumRows(), g.NumRows())
	}
}
