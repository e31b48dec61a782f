// Package backbone extracts the statistically significant edges of
// weighted graphs: the disparity filter for any weighted graph (Serrano,
// Boguñá and Vespignani 2009) and the stochastic degree sequence model for
// bipartite projections such as state-by-state co-membership in
// organizations (Neal 2014).
//
// Both test every edge against a null model and keep the edges whose
// p-value, after an optional multiple-testing correction (Adjust), is below
// alpha. The conventions follow the R package backbone (Neal 2022, PLOS ONE
// 17, e0269137) version 2: only edges present in the graph are tested, each
// undirected edge once, and the correction is R's p.adjust over those
// tests. Every function returns the p-values next to the backbone so that a
// paper can report them.
package backbone
