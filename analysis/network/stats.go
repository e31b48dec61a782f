package network

import (
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

// Stats are graph-level descriptive statistics.
type Stats struct {
	Nodes int // number of nodes, isolates included
	Edges int // number of edges (arcs, if directed)
	// Density is Edges over the number of possible edges, n(n-1)/2
	// (undirected) or n(n-1) (directed); NaN for fewer than two nodes.
	Density float64
	// MeanDegree is 2·Edges/Nodes (undirected) or Edges/Nodes, the mean
	// in- and out-degree (directed); NaN for a graph without nodes.
	MeanDegree float64
	// Transitivity is the global clustering coefficient (see
	// Transitivity).
	Transitivity float64
	// DegreeAssortativity is the degree correlation (see
	// DegreeAssortativity).
	DegreeAssortativity float64
	// Components is the number of connected components, weakly connected
	// for a directed graph; an isolate is a component.
	Components int
}

// GraphStats returns the descriptive statistics of g, with python-igraph
// 0.10's conventions: g.density(loops=False), g.transitivity_undirected(),
// g.assortativity_degree(), len(g.connected_components(mode="weak")).
func GraphStats(g *graph.Graph) Stats {
	return graphStats(g, nil)
}

// graphStats is GraphStats with the triangle counts of an undirected g
// already at hand (pairs from triangles), or nil.
func graphStats(g *graph.Graph, pairs []float64) Stats {
	n, m := g.N(), g.NumEdges()
	var tr float64
	if pairs != nil && !g.Directed() {
		tr = transitivityFrom(g, pairs)
	} else {
		tr = Transitivity(g)
	}
	s := Stats{
		Nodes:               n,
		Edges:               m,
		Density:             math.NaN(),
		MeanDegree:          math.NaN(),
		Transitivity:        tr,
		DegreeAssortativity: DegreeAssortativity(g),
		Components:          len(components(g)),
	}
	if n >= 2 {
		pairs := float64(n) * float64(n-1)
		if !g.Directed() {
			pairs /= 2
		}
		s.Density = float64(m) / pairs
	}
	if n > 0 {
		s.MeanDegree = float64(m) / float64(n)
		if !g.Directed() {
			s.MeanDegree *= 2
		}
	}
	return s
}

// Components returns the connected components of g (weakly connected, if g
// is directed) as a component number for every node: components are
// numbered 0, 1, ... in the order of their smallest node.
func Components(g *graph.Graph) []int {
	out := make([]int, g.N())
	for c, members := range components(g) {
		for _, i := range members {
			out[i] = c
		}
	}
	return out
}
