package network

import "github.com/repnet/repnet/analysis/graph"

// Betweenness returns the weighted betweenness centrality of every node of
// g,
//
//	B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st,
//
// where σ_st is the number of shortest paths from s to t and σ_st(v) the
// number of them passing through v (Freeman 1977). The length of a path is
// the sum of 1/weight over its edges, so strong ties are short. Path lengths
// within a relative TieEpsilon of each other are equal (see TieEpsilon for
// how this differs from igraph for very short paths).
//
// On an undirected graph each unordered pair {s, t} is counted once (the
// sum over ordered pairs is halved); on a directed graph paths follow arcs
// and ordered pairs are counted. Values are not normalised. These are
// python-igraph 0.10's conventions for g.betweenness(weights=1/w).
//
// The algorithm is Brandes' (Brandes 2001, "A faster algorithm for
// betweenness centrality", Journal of Mathematical Sociology 25(2)), with
// Dijkstra's search for weighted graphs (Brandes 2008, "On variants of
// shortest-path betweenness centrality and their generic computation",
// Social Networks 30(2)), run with a bucket queue (Dial 1969) when the
// weights span at most a factor of 1000 and with a 4-ary heap otherwise.
// Sources are searched in parallel on GOMAXPROCS goroutines; see
// ShortestPaths to choose the number, to judge ties as igraph does, or to
// get closeness and harmonic centrality from the same searches.
func Betweenness(g *graph.Graph) []float64 {
	return ShortestPaths(g, PathOptions{}).Betweenness
}

// BetweennessHops returns the unweighted betweenness centrality of every
// node of g: Betweenness with every edge of length 1, whatever its weight
// (python-igraph's g.betweenness() without weights).
func BetweennessHops(g *graph.Graph) []float64 {
	return ShortestPaths(g, PathOptions{Hops: true}).Betweenness
}
