// Package network computes centrality, cohesion and community measures of
// the graphs in package graph, one value per node in the graph's node order
// (ascending COW code), and runs them over panels of yearly graphs in
// parallel with output that never depends on the number of threads.
//
// The conventions are a public contract, written at each function with its
// formula and source, and checked against python-igraph 0.10 (networkx for
// Katz) on the COW IGO graphs of 1950 and 2014 and on synthetic graphs with
// tied path lengths, directions, and isolated nodes; the reference script
// and values are in testdata. In brief:
//
//   - A weight is a strength. Paths use length 1/weight, so two states
//     sharing many organizations are close. Path lengths within a relative
//     1e-10 tie (see TieEpsilon).
//   - Betweenness counts each unordered pair once on undirected graphs and
//     is not normalised. Closeness is computed over reachable nodes and is
//     missing (NaN) for isolates; harmonic centrality is 0 for them.
//   - Eigenvector, hub and authority scores are scaled to a maximum of 1;
//     PageRank sums to 1 with damping 0.85 and uniform teleportation from
//     dangling nodes; Katz uses alpha = 0.5/(largest strength), beta = 1,
//     unit Euclidean norm.
//   - Local clustering is missing (NaN) for nodes with fewer than two
//     neighbours. Missing is never zero.
//   - Louvain communities come from gonum with a caller-seeded random
//     source and are numbered by their smallest node.
//
// Each measure lives in its own file. ShortestPaths computes betweenness,
// closeness and harmonic centrality in one pass of single-source searches,
// in parallel across sources with a fixed division of the work, so its
// floating-point sums are the same for any number of goroutines. Compute
// runs a set of measures over many layers (one graph per year) and returns
// tidy tables (year, ccode, measures...) and graph-level statistics.
package network
