package network

import "github.com/repnet/repnet/analysis/graph"

// Closeness returns the weighted closeness centrality of every node of g,
// computed over the nodes it can reach:
//
//	C(v) = (r_v - 1) / Σ_{u reachable from v, u≠v} d(v, u),
//
// where r_v counts the nodes reachable from v, v included, and d is the
// shortest-path length with edge length 1/weight. A node that reaches no
// other node (an isolate) has no closeness: NaN, which tables mark missing.
// This is python-igraph 0.10's g.closeness(weights=1/w, normalized=True),
// igraph's convention for disconnected graphs (Bavelas 1950; Freeman 1979,
// "Centrality in social networks: conceptual clarification", Social Networks
// 1(3)). On a directed graph d(v, u) follows arcs out of v (mode="out").
//
// Because it ignores unreachable nodes, closeness on a disconnected graph
// compares a node only with its own component: a node in a small tight
// component can score higher than a hub of the giant one. Harmonic
// centrality has no such problem.
func Closeness(g *graph.Graph) []float64 {
	return ShortestPaths(g, PathOptions{}).Closeness
}

// Harmonic returns the weighted harmonic centrality of every node of g,
//
//	H(v) = 1/(n-1) Σ_{u≠v} 1/d(v, u),
//
// with edge length 1/weight and 1/d = 0 for unreachable u, so isolates score
// 0 and disconnected graphs need no special rule (Marchiori and Latora 2000,
// "Harmony in the small-world", Physica A 285; Boldi and Vigna 2014, "Axioms
// for centrality", Internet Mathematics 10). A graph of one node scores 0.
// This is python-igraph 0.10's g.harmonic_centrality(weights=1/w,
// normalized=True); on a directed graph d(v, u) follows arcs out of v.
func Harmonic(g *graph.Graph) []float64 {
	return ShortestPaths(g, PathOptions{}).Harmonic
}
