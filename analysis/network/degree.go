package network

import "github.com/repnet/repnet/analysis/graph"

// Degree returns the number of neighbours of every node of g: nodes joined
// to it by an edge of positive weight (edges of weight zero are not edges).
// On a directed graph it is the number of distinct nodes joined to it by an
// arc in either direction. For a co-membership graph it is the number of
// states a state shares at least one organization with.
func Degree(g *graph.Graph) []int {
	n := g.N()
	out := make([]int, n)
	if !g.Directed() {
		for i := range out {
			out[i] = g.OutDegree(i)
		}
		return out
	}
	for i := range out {
		a, _ := g.Out(i)
		b, _ := g.In(i)
		out[i] = unionSize(a, b)
	}
	return out
}

// unionSize returns the size of the union of two ascending lists.
func unionSize(a, b []int32) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			i++
			j++
		}
		n++
	}
	return n + len(a) - i + len(b) - j
}

// OutDegree returns the number of arcs leaving every node of g (its degree,
// if g is undirected).
func OutDegree(g *graph.Graph) []int {
	out := make([]int, g.N())
	for i := range out {
		out[i] = g.OutDegree(i)
	}
	return out
}

// InDegree returns the number of arcs entering every node of g (its degree,
// if g is undirected).
func InDegree(g *graph.Graph) []int {
	out := make([]int, g.N())
	for i := range out {
		out[i] = g.InDegree(i)
	}
	return out
}

// Strength returns the sum of the weights of the edges at every node of g
// (Barrat et al. 2004): for a co-membership graph, the number of
// (partner, organization) pairs. On a directed graph it is in-strength plus
// out-strength.
func Strength(g *graph.Graph) []float64 {
	out := OutStrength(g)
	if g.Directed() {
		for i, x := range InStrength(g) {
			out[i] += x
		}
	}
	return out
}

// OutStrength returns the sum of the weights of the arcs leaving every node
// of g (its strength, if g is undirected).
func OutStrength(g *graph.Graph) []float64 {
	out := make([]float64, g.N())
	for i := range out {
		_, w := g.Out(i)
		out[i] = sum(w)
	}
	return out
}

// InStrength returns the sum of the weights of the arcs entering every node
// of g (its strength, if g is undirected).
func InStrength(g *graph.Graph) []float64 {
	out := make([]float64, g.N())
	for i := range out {
		_, w := g.In(i)
		out[i] = sum(w)
	}
	return out
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
