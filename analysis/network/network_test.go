package network

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
)

func mustGraph(t testing.TB, nodes []int64, edges []graph.Edge, directed bool) *graph.Graph {
	t.Helper()
	g, err := graph.FromEdges(nodes, edges, directed)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// path returns the path 1-2-...-n with the given weight on every edge.
func path(t testing.TB, n int, w float64) *graph.Graph {
	var nodes []int64
	var edges []graph.Edge
	for i := 1; i <= n; i++ {
		nodes = append(nodes, int64(i))
		if i > 1 {
			edges = append(edges, graph.Edge{From: int64(i - 1), To: int64(i), Weight: w})
		}
	}
	return mustGraph(t, nodes, edges, false)
}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func nearAll(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !near(a[i], b[i], tol) {
			return false
		}
	}
	return true
}

// TestHandComputed checks measures on small graphs worked out by hand.
func TestHandComputed(t *testing.T) {
	// Path 1-2-3-4 with weight 2: every edge has length 1/2.
	p4 := path(t, 4, 2)
	star := mustGraph(t, []int64{1, 2, 3, 4}, []graph.Edge{{From: 1, To: 2, Weight: 1}, {From: 1, To: 3, Weight: 1}, {From: 1, To: 4, Weight: 1}}, false)
	// Square 1-2-3-4-1: two shortest paths between opposite corners.
	square := mustGraph(t, []int64{1, 2, 3, 4}, []graph.Edge{{From: 1, To: 2, Weight: 1}, {From: 2, To: 3, Weight: 1}, {From: 3, To: 4, Weight: 1}, {From: 1, To: 4, Weight: 1}}, false)
	// Triangle with a pendant: 1-2-3-1, 3-4.
	tri := mustGraph(t, []int64{1, 2, 3, 4}, []graph.Edge{{From: 1, To: 2, Weight: 1}, {From: 2, To: 3, Weight: 3}, {From: 1, To: 3, Weight: 1}, {From: 3, To: 4, Weight: 1}}, false)
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		got  func() []float64
		want []float64
	}{
		{"path betweenness", func() []float64 { return Betweenness(p4) }, []float64{0, 2, 2, 0}},
		{"path closeness", func() []float64 { return Closeness(p4) }, []float64{3 / 3.0, 3 / 2.0, 3 / 2.0, 3 / 3.0}},
		{"path harmonic", func() []float64 { return Harmonic(p4) }, []float64{(2 + 1 + 2/3.0) / 3, (2 + 2 + 1) / 3.0, (2 + 2 + 1) / 3.0, (2 + 1 + 2/3.0) / 3}},
		{"star betweenness", func() []float64 { return Betweenness(star) }, []float64{3, 0, 0, 0}},
		{"square betweenness", func() []float64 { return Betweenness(square) }, []float64{0.5, 0.5, 0.5, 0.5}},
		{"star eigenvector (bipartite)", func() []float64 { x, _ := Eigenvector(star); return x }, []float64{1, 1 / math.Sqrt(3), 1 / math.Sqrt(3), 1 / math.Sqrt(3)}},
		{"path eigenvector (bipartite)", func() []float64 { x, _ := Eigenvector(path(t, 4, 1)); return x }, []float64{1 / math.Phi, 1, 1, 1 / math.Phi}},
		{"star pagerank", func() []float64 { return PageRank(star) }, starPageRank()},
		{"triangle clustering", func() []float64 { x, _ := Clustering(tri); return x }, []float64{1, 1, 1 / 3.0, nan}},
		// Node 3: neighbours 1 (w 1), 2 (w 3), 4 (w 1); s = 5, k = 3; the
		// closed pair {1,2} contributes (1+3)/2 twice (ordered pairs).
		{"triangle barrat", func() []float64 { x, _ := ClusteringBarrat(tri); return x }, []float64{1, 1, 4 / (5.0 * 2), nan}},
		{"triangle coreness", func() []float64 { return ints(Coreness(tri)) }, []float64{2, 2, 2, 1}},
		{"star katz", func() []float64 { x, _ := Katz(star, 0.25, 1); return x }, starKatz(0.25)},
	} {
		if got := tc.got(); !nearAll(got, tc.want, 1e-12) {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
	if tr := Transitivity(tri); !near(tr, 3/5.0, 1e-15) {
		t.Errorf("triangle transitivity = %v, want 3/5", tr)
	}
}

// starPageRank solves the star's PageRank by hand: centre c, leaves l,
// c = 0.15/4 + 0.85·3l, l = 0.15/4 + 0.85·c/3.
func starPageRank() []float64 {
	l := (0.15/4 + 0.85*0.15/4/3) / (1 - 0.85*0.85)
	c := 0.15/4 + 0.85*3*l
	return []float64{c, l, l, l}
}

// starKatz solves x_c = 3αx_l + 1, x_l = αx_c + 1 and normalises.
func starKatz(a float64) []float64 {
	c := (3*a + 1) / (1 - 3*a*a)
	l := a*c + 1
	n := math.Sqrt(c*c + 3*l*l)
	return []float64{c / n, l / n, l / n, l / n}
}

// TestTies checks the tolerance on path lengths: ten edges of weight 10
// sum to 0.9999999999999999 in floating point, which ties with one edge of
// weight 1, so the pair (1, 11) has two shortest paths and the nine inner
// nodes of the long one each carry half of it.
func TestTies(t *testing.T) {
	var edges []graph.Edge
	nodes := []int64{1}
	for i := int64(2); i <= 11; i++ {
		nodes = append(nodes, i)
		edges = append(edges, graph.Edge{From: i - 1, To: i, Weight: 10})
	}
	edges = append(edges, graph.Edge{From: 1, To: 11, Weight: 1})
	var d float64
	for range 10 {
		d += 1.0 / 10
	}
	if d == 1 {
		t.Fatal("test assumption: ten tenths do not sum to one")
	}
	g := mustGraph(t, nodes, edges, false)
	// With exact comparison the long path is strictly shorter than the
	// direct edge, and the pair (1, 11) adds 1 to every inner node instead
	// of 1/2.
	h := Betweenness(g)
	exact := exactBetweenness(g)
	if slices.Equal(h, exact) {
		t.Fatal("tolerance made no difference; the test does not test it")
	}
	for i := 1; i <= 9; i++ {
		if !near(exact[i]-h[i], 0.5, 1e-12) {
			t.Errorf("node %d: tolerance changed betweenness by %v, want 1/2", i+1, exact[i]-h[i])
		}
	}
}

// exactBetweenness is Brandes' algorithm with exact comparison of path
// lengths, written independently of ShortestPaths for TestTies: distances
// by repeated relaxation (Bellman-Ford), predecessors where d[p] + l(p,v)
// == d[v] exactly, path counts in order of distance, undirected.
func exactBetweenness(g *graph.Graph) []float64 {
	n := g.N()
	b := make([]float64, n)
	for src := 0; src < n; src++ {
		d := make([]float64, n)
		for i := range d {
			d[i] = math.Inf(1)
		}
		d[src] = 0
		for changed := true; changed; {
			changed = false
			for u := 0; u < n; u++ {
				nbr, w := g.Out(u)
				for k, v := range nbr {
					if l := d[u] + 1/w[k]; l < d[v] {
						d[v], changed = l, true
					}
				}
			}
		}
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(d[a], d[b]) })
		sigma := make([]float64, n)
		sigma[src] = 1
		preds := make([][]int, n)
		for _, v := range order {
			nbr, w := g.In(v)
			for k, p := range nbr {
				if d[int(p)]+1/w[k] == d[v] {
					preds[v] = append(preds[v], int(p))
					sigma[v] += sigma[p]
				}
			}
		}
		delta := make([]float64, n)
		for k := n - 1; k >= 0; k-- {
			v := order[k]
			for _, p := range preds[v] {
				delta[p] += sigma[p] / sigma[v] * (1 + delta[v])
			}
			if v != src {
				b[v] += delta[v]
			}
		}
	}
	for i := range b {
		b[i] /= 2
	}
	return b
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestScaleInvariance checks that multiplying every weight by a constant
// leaves the path measures' shape unchanged: betweenness exactly (ties
// are judged relative to path length), closeness and harmonic scaled.
func TestScaleInvariance(t *testing.T) {
	c := loadCase(t, "ties")
	base := ShortestPaths(c.g, PathOptions{Workers: 1})
	for _, k := range []float64{1e-6, 1e6} {
		edges := c.g.Edges()
		for i := range edges {
			edges[i].Weight *= k
		}
		g := mustGraph(t, c.g.IDs(), edges, false)
		p := ShortestPaths(g, PathOptions{Workers: 1})
		for i := range p.Betweenness {
			if !near(p.Betweenness[i], base.Betweenness[i], 1e-12) ||
				!near(p.Closeness[i], k*base.Closeness[i], 1e-12) ||
				!near(p.Harmonic[i], k*base.Harmonic[i], 1e-12) {
				t.Fatalf("weights ×%g: node %d: %v %v %v, want %v %v %v", k, i,
					p.Betweenness[i], p.Closeness[i], p.Harmonic[i],
					base.Betweenness[i], k*base.Closeness[i], k*base.Harmonic[i])
			}
		}
	}
}

// TestDegenerate runs every measure on graphs with no nodes, one node, and
// no edges: no panics, and igraph's conventions.
func TestDegenerate(t *testing.T) {
	empty := mustGraph(t, nil, nil, false)
	one := mustGraph(t, []int64{7}, nil, false)
	three := mustGraph(t, []int64{1, 2, 3}, nil, false)
	for _, g := range []*graph.Graph{empty, one, three} {
		n := g.N()
		p := ShortestPaths(g, PathOptions{})
		ev, err := Eigenvector(g)
		if err != nil {
			t.Fatal(err)
		}
		cl, _ := Clustering(g)
		katz, err := Katz(g, KatzAlpha(g), 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			if p.Betweenness[i] != 0 || !math.IsNaN(p.Closeness[i]) || p.Harmonic[i] != 0 ||
				ev[i] != 1 || !near(PageRank(g)[i], 1/float64(n), 1e-15) || !math.IsNaN(cl[i]) ||
				!near(katz[i], 1/math.Sqrt(float64(n)), 1e-15) || Coreness(g)[i] != 0 || Hub(g)[i] != 1 {
				t.Errorf("%d nodes, node %d: b %v c %v h %v ev %v pr %v cl %v katz %v", n, i,
					p.Betweenness[i], p.Closeness[i], p.Harmonic[i], ev[i], PageRank(g)[i], cl[i], katz[i])
			}
		}
		s := GraphStats(g)
		if s.Nodes != n || s.Edges != 0 || s.Components != n || !math.IsNaN(s.Transitivity) || !math.IsNaN(s.DegreeAssortativity) {
			t.Errorf("%d nodes: stats %+v", n, s)
		}
		if n >= 2 && s.Density != 0 || n < 2 && !math.IsNaN(s.Density) {
			t.Errorf("%d nodes: density %v", n, s.Density)
		}
		part, err := Louvain(g, 1, rand.NewPCG(1, 1))
		if err != nil || part.Communities != n || !math.IsNaN(part.Modularity) {
			t.Errorf("%d nodes: Louvain %+v %v", n, part, err)
		}
	}
}

func TestKatzDiverges(t *testing.T) {
	g := path(t, 3, 2) // spectral radius 2√2
	if _, err := Katz(g, 1, 1); err == nil {
		t.Error("Katz with alpha above 1/ρ: no error")
	}
	if _, err := Katz(g, -1, 1); err == nil {
		t.Error("Katz with negative alpha: no error")
	}
	if _, err := Katz(g, 0.3, 1); err != nil {
		t.Errorf("Katz with alpha below 1/ρ: %v", err)
	}
}

// TestHITS checks hub and authority scores on a small digraph:
// 1→3, 2→3, 2→4 (weights 1) gives W Wᵀ = [[1,1],[1,2]] on hubs 1, 2.
func TestHITS(t *testing.T) {
	g := mustGraph(t, []int64{1, 2, 3, 4}, []graph.Edge{{From: 1, To: 3, Weight: 1}, {From: 2, To: 3, Weight: 1}, {From: 2, To: 4, Weight: 1}}, true)
	// Leading eigenvector of [[1,1],[1,2]] is (1, φ) up to scale; of
	// Wᵀ W = [[2,1],[1,1]] on authorities 3, 4 it is (φ, 1).
	if got, want := Hub(g), []float64{1 / math.Phi, 1, 0, 0}; !nearAll(got, want, 1e-12) {
		t.Errorf("Hub = %v, want %v", got, want)
	}
	if got, want := Authority(g), []float64{0, 0, 1, 1 / math.Phi}; !nearAll(got, want, 1e-12) {
		t.Errorf("Authority = %v, want %v", got, want)
	}
}

func TestModularityAndCanonical(t *testing.T) {
	// Two triangles joined by one edge.
	g := mustGraph(t, []int64{1, 2, 3, 4, 5, 6}, []graph.Edge{{From: 1, To: 2, Weight: 1}, {From: 2, To: 3, Weight: 1}, {From: 1, To: 3, Weight: 1}, {From: 4, To: 5, Weight: 1}, {From: 5, To: 6, Weight: 1}, {From: 4, To: 6, Weight: 1}, {From: 3, To: 4, Weight: 1}}, false)
	// Hand value: W = 7, each side has 3 internal edges and strength 7.
	want := 2 * (3/7.0 - (7/14.0)*(7/14.0))
	if q := Modularity(g, []int{5, 5, 5, 9, 9, 9}, 1); !near(q, want, 1e-15) {
		t.Errorf("Modularity = %v, want %v", q, want)
	}
	p, err := Louvain(g, 1, rand.NewPCG(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Membership, []int{0, 0, 0, 1, 1, 1}) || !near(p.Modularity, want, 1e-15) {
		t.Errorf("Louvain = %+v", p)
	}
	if got := Canonical([]int{7, 3, 7, 0, 3}); !slices.Equal(got, []int{0, 1, 0, 2, 1}) {
		t.Errorf("Canonical = %v", got)
	}
}

// TestTriangleMethods checks that the dense (bit matrix) and sparse
// (forward) triangle counts agree on every reference graph and on a sparse
// random graph, where each is the one triangles would pick for the other.
func TestTriangleMethods(t *testing.T) {
	var gs []*graph.Graph
	for _, name := range []string{"cow2014", "cow1950", "ties", "disconnected"} {
		gs = append(gs, loadCase(t, name).g)
	}
	nodes, edges := barabasiAlbert(3000, 3, 1)
	gs = append(gs, mustGraph(t, nodes, edges, false))
	for k, g := range gs {
		p1, w1 := trianglesDense(g)
		p2, w2 := trianglesSparse(g)
		if !slices.Equal(p1, p2) || !nearAll(w1, w2, 1e-13) {
			t.Errorf("graph %d: dense and sparse triangle counts differ", k)
		}
	}
}

// TestIgraphTies shows where igraph's tie rule and repnet's differ: on the
// square 1-2-4-3-1 with three edges of length 0.01 and one, 3-4, of length
// 0.01 + 5e-12, the two paths between opposite corners differ by 2.5e-10 of
// their length. They are distinct for repnet (|a-b| >= 1e-10·(a+b)) but tie
// for igraph, which compares 1.02 with 1.020000000005.
func TestIgraphTies(t *testing.T) {
	g := mustGraph(t, []int64{1, 2, 3, 4}, []graph.Edge{
		{From: 1, To: 2, Weight: 100},
		{From: 2, To: 4, Weight: 100},
		{From: 1, To: 3, Weight: 100},
		{From: 3, To: 4, Weight: 1 / (0.01 + 5e-12)},
	}, false)
	rel := Betweenness(g)
	ig := ShortestPaths(g, PathOptions{IgraphTies: true}).Betweenness
	if want := []float64{1, 1, 0, 0}; !slices.Equal(rel, want) {
		t.Errorf("repnet rule: %v, want %v", rel, want)
	}
	if want := []float64{0.5, 0.5, 0.5, 0.5}; !slices.Equal(ig, want) {
		t.Errorf("igraph rule: %v, want %v", ig, want)
	}
}
