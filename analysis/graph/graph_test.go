package graph

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

func TestFromEdgesErrors(t *testing.T) {
	nodes := []int64{2, 20, 365}
	for _, tc := range []struct {
		name     string
		nodes    []int64
		edges    []Edge
		directed bool
		want     string
	}{
		{"dup node", []int64{2, 2}, nil, false, "node 2 is listed twice"},
		{"unknown from", nodes, []Edge{{From: 3, To: 20, Weight: 1}}, false, "edge 0 (3-20): node 3 is not in the node list"},
		{"unknown to", nodes, []Edge{{From: 2, To: 20, Weight: 1}, {From: 2, To: 710, Weight: 1}}, false, "edge 1 (2-710): node 710"},
		{"loop", nodes, []Edge{{From: 20, To: 20, Weight: 1}}, false, "self-loops"},
		{"negative", nodes, []Edge{{From: 2, To: 20, Weight: -1}}, false, "weight -1"},
		{"nan", nodes, []Edge{{From: 2, To: 20, Weight: math.NaN()}}, false, "weight NaN"},
		{"inf", nodes, []Edge{{From: 2, To: 20, Weight: math.Inf(1)}}, false, "weight +Inf"},
		{"dup edge", nodes, []Edge{{From: 2, To: 20, Weight: 1}, {From: 20, To: 2, Weight: 2}}, false, "edges 0 (2-20) and 1 (20-2) join the same nodes"},
		{"dup arc", nodes, []Edge{{From: 2, To: 20, Weight: 1}, {From: 2, To: 20, Weight: 2}}, true, "edges 0 (2-20) and 1 (2-20)"},
	} {
		_, err := FromEdges(tc.nodes, tc.edges, tc.directed)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "graph: ") {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// Opposite arcs are distinct in a directed graph.
	if _, err := FromEdges(nodes, []Edge{{From: 2, To: 20, Weight: 1}, {From: 20, To: 2, Weight: 2}}, true); err != nil {
		t.Errorf("opposite arcs: %v", err)
	}
	if _, err := FromEdgesSum(nodes, []Edge{{From: 2, To: 20, Weight: math.MaxFloat64}, {From: 20, To: 2, Weight: math.MaxFloat64}}, false); err == nil {
		t.Error("overflowing sum: no error")
	}
}

func TestFromEdges(t *testing.T) {
	// Nodes out of order, an isolate (40), a zero-weight edge, both
	// orientations of undirected edges.
	g, err := FromEdges([]int64{365, 2, 40, 20, 710}, []Edge{
		{From: 710, To: 365, Weight: 55},
		{From: 2, To: 20, Weight: 72},
		{From: 20, To: 365, Weight: 0},
		{From: 2, To: 710, Weight: 3.5},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.IDs(), []int64{2, 20, 40, 365, 710}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
	if g.N() != 5 || g.NumEdges() != 3 || g.NumArcs() != 6 || g.Directed() {
		t.Errorf("N, NumEdges, NumArcs, Directed = %d, %d, %d, %v", g.N(), g.NumEdges(), g.NumArcs(), g.Directed())
	}
	nbr, w := g.Out(0)
	if !slices.Equal(nbr, []int32{1, 4}) || !slices.Equal(w, []float64{72, 3.5}) {
		t.Errorf("Out(0) = %v %v", nbr, w)
	}
	nbr, _ = g.Out(2)
	if len(nbr) != 0 || g.OutDegree(2) != 0 || g.InDegree(3) != 1 {
		t.Errorf("isolate has neighbours %v, or wrong degrees", nbr)
	}
	if g.Weight(3, 4) != 55 || g.Weight(4, 3) != 55 || g.Weight(1, 3) != 0 {
		t.Errorf("Weight: %v %v %v", g.Weight(3, 4), g.Weight(4, 3), g.Weight(1, 3))
	}
	if i, ok := g.Index(365); !ok || i != 3 {
		t.Errorf("Index(365) = %d, %v", i, ok)
	}
	if _, ok := g.Index(366); ok {
		t.Error("Index(366) found")
	}
	want := []Edge{{2, 20, 72}, {2, 710, 3.5}, {365, 710, 55}}
	if got := g.Edges(); !slices.Equal(got, want) {
		t.Errorf("Edges = %v, want %v", got, want)
	}
	s, err := g.Symmetrize()
	if err != nil || s != g {
		t.Errorf("Symmetrize of an undirected graph should return it: %v", err)
	}
}

func TestDirectedAndSum(t *testing.T) {
	edges := []Edge{
		{From: 1, To: 2, Weight: 1},
		{From: 2, To: 1, Weight: 2},
		{From: 1, To: 2, Weight: 0.5},
		{From: 3, To: 1, Weight: 4},
	}
	g, err := FromEdgesSum([]int64{1, 2, 3}, edges, true)
	if err != nil {
		t.Fatal(err)
	}
	if g.NumEdges() != 3 || g.Weight(0, 1) != 1.5 || g.Weight(1, 0) != 2 || g.Weight(0, 2) != 0 {
		t.Errorf("directed sums wrong: m=%d w01=%v w10=%v", g.NumEdges(), g.Weight(0, 1), g.Weight(1, 0))
	}
	in, inw := g.In(0)
	if !slices.Equal(in, []int32{1, 2}) || !slices.Equal(inw, []float64{2, 4}) {
		t.Errorf("In(0) = %v %v", in, inw)
	}
	s, err := g.Symmetrize()
	if err != nil {
		t.Fatal(err)
	}
	if want := []Edge{{1, 2, 3.5}, {1, 3, 4}}; !slices.Equal(s.Edges(), want) {
		t.Errorf("Symmetrize edges = %v, want %v", s.Edges(), want)
	}
	u, err := FromEdgesSum([]int64{1, 2, 3}, edges, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Edge{{1, 2, 3.5}, {1, 3, 4}}; !slices.Equal(u.Edges(), want) {
		t.Errorf("undirected sum edges = %v, want %v", u.Edges(), want)
	}
}

// TestGonumViews checks the views against gonum's own simple graphs built
// from the same edges.
func TestGonumViews(t *testing.T) {
	ids := []int64{2, 20, 40, 365, 710, 750}
	edges := []Edge{{2, 20, 72}, {2, 710, 3}, {365, 710, 55}, {20, 750, 1}, {710, 750, 9}}
	for _, directed := range []bool{false, true} {
		g, err := FromEdges(ids, edges, directed)
		if err != nil {
			t.Fatal(err)
		}
		var view gg.Weighted
		var ref interface {
			gg.Weighted
			SetWeightedEdge(gg.WeightedEdge)
			AddNode(gg.Node)
		}
		if directed {
			view = g.DirectedView()
			ref = simple.NewWeightedDirectedGraph(0, 0)
		} else {
			view = g.UndirectedView()
			ref = simple.NewWeightedUndirectedGraph(0, 0)
		}
		for _, id := range ids {
			ref.AddNode(simple.Node(id))
		}
		for _, e := range edges {
			ref.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(e.From), T: simple.Node(e.To), W: e.Weight})
		}
		if got := idsOf(view.Nodes()); !slices.Equal(got, ids) {
			t.Errorf("directed=%v: Nodes = %v", directed, got)
		}
		for _, x := range append(ids, 999) {
			if (view.Node(x) == nil) != (ref.Node(x) == nil) {
				t.Errorf("Node(%d) disagrees", x)
			}
			got := idsOf(view.From(x))
			want := idsOf(ref.From(x))
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("directed=%v: From(%d) = %v, want %v", directed, x, got, want)
			}
			for _, y := range append(ids, 999) {
				gw, gok := view.Weight(x, y)
				rw, rok := ref.Weight(x, y)
				if gok != rok || gw != rw {
					t.Errorf("directed=%v: Weight(%d,%d) = %v,%v; gonum %v,%v", directed, x, y, gw, gok, rw, rok)
				}
				if (view.Edge(x, y) == nil) != (ref.Edge(x, y) == nil) || view.HasEdgeBetween(x, y) != ref.HasEdgeBetween(x, y) {
					t.Errorf("directed=%v: Edge(%d,%d) disagrees", directed, x, y)
				}
			}
		}
		if directed {
			dv := g.DirectedView()
			dr := ref.(*simple.WeightedDirectedGraph)
			for _, x := range ids {
				got, want := idsOf(dv.To(x)), idsOf(dr.To(x))
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("To(%d) = %v, want %v", x, got, want)
				}
			}
		}
	}
}

func idsOf(it gg.Nodes) []int64 {
	var out []int64
	n := it.Len()
	for it.Next() {
		out = append(out, it.Node().ID())
	}
	if n != len(out) {
		panic("Len disagrees with the number of nodes iterated")
	}
	return out
}

// FuzzFromEdges checks that no input makes FromEdges panic, and that what
// it accepts is a consistent graph.
func FuzzFromEdges(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, false, false)
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true, true)
	f.Fuzz(func(t *testing.T, data []byte, directed, sum bool) {
		// Nodes 0..7; each 10-byte record is an edge: from, to, weight bits.
		nodes := []int64{7, 3, 0, 1, 2, 4, 5, 6}
		var edges []Edge
		for len(data) >= 10 {
			w := math.Float64frombits(binary.LittleEndian.Uint64(data[2:10]))
			edges = append(edges, Edge{From: int64(data[0] % 9), To: int64(data[1] % 9), Weight: w})
			data = data[10:]
		}
		build := FromEdges
		if sum {
			build = FromEdgesSum
		}
		g, err := build(nodes, edges, directed)
		if err != nil {
			return
		}
		arcs := 0
		for i := 0; i < g.N(); i++ {
			nbr, w := g.Out(i)
			if !slices.IsSorted(nbr) {
				t.Fatal("unsorted row")
			}
			for k, j := range nbr {
				if int(j) == i || !(w[k] > 0) || math.IsInf(w[k], 0) {
					t.Fatalf("bad arc %d->%d weight %v", i, j, w[k])
				}
			}
			arcs += len(nbr)
		}
		if want := g.NumEdges() * map[bool]int{false: 2, true: 1}[directed]; arcs != want {
			t.Fatalf("%d arcs for %d edges", arcs, g.NumEdges())
		}
		if s, err := g.Symmetrize(); err == nil && (s.Directed() || s.N() != g.N()) {
			t.Fatal("Symmetrize returned a directed graph or lost nodes")
		}
	})
}
