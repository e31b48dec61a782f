// Package graph is repnet's compact, immutable graph for the hot paths of
// network analysis.
//
// Nodes are int64 identifiers (COW state codes, or any integers) held in
// ascending order; node i of a Graph is the i-th smallest identifier, and
// every measure in package network returns one value per node in that order.
// Adjacency is stored in compressed sparse row (CSR) arrays: for node i the
// neighbour indices Nbr[Off[i]:Off[i+1]] in ascending order and their
// weights alongside. An undirected graph stores each edge in both
// directions; a directed graph keeps out-arcs and, separately, in-arcs.
//
// A Graph is built once, by FromEdges or FromEdgesSum, and never changes, so
// any number of goroutines may read it at once.
//
// Conventions, a public contract:
//   - A weight is a strength (more IGOs in common = stronger tie), positive
//     and finite. An edge given with weight zero is not an edge: it is left
//     out, so it counts for neither degree nor paths.
//   - Self-loops are rejected: co-membership projections have none, and a
//     loop would make degree, strength and clustering conventions ambiguous.
//   - Two edges between the same pair (in either order, for an undirected
//     graph) are an error in FromEdges and are summed by FromEdgesSum.
//
// The views returned by UndirectedView and DirectedView expose a Graph
// through gonum's graph interfaces (graph.WeightedUndirected,
// graph.WeightedDirected) so gonum algorithms such as community.Modularize
// run on it. Their node iteration order is ascending ID, never Go's random
// map order, so a gonum algorithm that is deterministic given its random
// source is deterministic on these views.
package graph
