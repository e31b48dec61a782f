// Package panel builds the state-year and dyad-year panels that models of
// co-membership effects are fitted on: one row per state (or pair of
// states) in the COW state system in each year, with variables joined from
// the bundled datasets, edge weights and centralities of network layers,
// lags and leads, and network exposure.
//
//	t, err := panel.Build(panel.Options{
//		Unit:  panel.DyadYear,
//		Years: "1990-2014",
//		Add: []string{
//			"vdem.v2x_polyarchy as polyarchy",
//			"atop.atop_defense as defense",
//			"layer(igo) as shared_igos",
//		},
//	})
//
// # Rows
//
// A state-year panel has a row for every state in the COW system in every
// year of the range (loaders.System: 195 states in 2014), keyed ccode,
// year. A dyad-year panel has a row for every pair of states both in the
// system that year, keyed ccode1, ccode2, year: once per pair with ccode1
// < ccode2, or, directed, once per ordered pair. Rows are sorted by the
// keys.
//
// # Variables
//
// Each variable is given by a spec:
//
//	SPEC := EXPR [ "as" NAME [ "," NAME ] ]
//	EXPR := DATASET[/TABLE].COLUMN           a column of a bundled dataset
//	      | lag(EXPR [, K])                  the value K years earlier (K = 1 by default)
//	      | lead(EXPR [, K])                 the value K years later
//	      | neg(EXPR)                        minus the value
//	      | min(EXPR) | max(EXPR)            dyad panels: the smaller, larger value of the two members
//	      | absdiff(EXPR)                    dyad panels: |member 1 - member 2|
//	      | LAYER                            dyad panels: the edge weight of the layer
//	      | exposure(EXPR, LAYER)            network exposure of a state-year EXPR
//	      | centrality(LAYER, MEASURE)       a node measure of the layer (package network)
//	LAYER := layer(KIND [, KEY=VALUE]...)    a layer of package layers
//	       | KIND                            the same as layer(KIND)
//
// Values are words, numbers or "quoted strings". Examples:
//
//	vdem.v2x_polyarchy
//	neg(fariss.theta_mean) as repression
//	lag(fariss.theta_mean, 1)
//	cow-contiguity.conttype
//	atop.atop_defense as defense
//	layer(igo, select=autocratic, threshold=0.5) as shared_autoc
//	layer(igo, sco) as sco                  (both members of the SCO: 1, else 0)
//	layer(atop, obligation=defense) as defense
//	exposure(neg(fariss.theta_mean), layer(igo, select=autocratic))
//	lag(exposure(fariss.theta_mean, igo), 1)
//	centrality(igo, eigenvector)
//
// A layer's KEY=VALUE options are those of package layers (its Spec's toml
// keys; see LayerSpec): for igo members, igos, kinds, select, threshold,
// weight, backbone; for atop obligation and directed; for trade flow and
// min_weight; for contiguity max_type; for unvotes abstain, issues,
// important; layer(file, path="edges.csv", nodes=cow) reads a user's edge
// list. Bare values after igo name organizations.
//
// A state-year expression (a state-year dataset's column, exposure,
// centrality, and lags and transformations of these) gives one column in a
// state-year panel and two in a dyad-year panel, the values of ccode1's
// and ccode2's state: NAME_1 and NAME_2, or the two names given after
// "as". A dyadic expression (a dyad-year dataset's column, a layer, min,
// max, absdiff) gives one column and is an error in a state-year panel.
// Without "as" a column is named after the expression: theta_mean,
// theta_mean_lag1, neg_theta_mean, igo_autocratic_0_5 (a layer's kind and
// option values), exposure_theta_mean_igo, eigenvector_igo. Two columns
// with one name are an error.
//
// # Joins, coverage and missing values
//
// A dataset is loaded once per panel (loaders.Load) for the panel's years
// (widened by its lags and leads). Its table must be keyed ccode, year
// (state-year) or ccode1, ccode2, year (dyad-year); every join checks that
// no key occurs twice, which is an error rather than a multiplication of
// rows. A row the table does not have is missing, except for a sparse
// source (table meta absent = "zero", such as ATOP and COW contiguity):
// there a dyad-year inside the source's coverage (meta coverage) with no
// row is 0, and outside the coverage missing. A non-directed table joins
// to a directed panel in both directions; a directed table to a
// non-directed panel only for ATOP, which is symmetrised first (an
// obligation in either direction; loaders.ATOPUndirected). The coverage of
// each column is recorded in the table's meta as coverage:NAME, the
// spec that made it as spec:NAME, and what each layer's weight means as
// layer:LAYER (LAYER in spec syntax, such as layer(igo, select=autocratic)).
//
// # Lags and leads
//
// lag(x, k) at year t is x at t - k of the same state (or dyad) when the
// state (both states) was in the system in every year from t - k to t,
// and missing otherwise: a lag never crosses a gap in a unit's years, so
// the lag of a state that left the system and came back is missing in the
// year of its return (and k - 1 years after). Values from before the
// panel's first year are used, so lag(x, 1) in the first year is not
// missing for a state that existed the year before. lead is the same
// forward.
//
// # Layers and centralities
//
// A layer's edge weight (such as the number of organizations two states
// share) is 0 for two states that are both nodes of that year's graph but
// not joined, and missing when either state is not a node or the layer
// has no graph that year. A directed layer needs a directed panel.
// centrality(LAYER, MEASURE) computes any measure of network.Compute
// (degree, strength, eigenvector, pagerank, betweenness, closeness,
// harmonic, katz, kcore, clustering, ...; community with Options.Seed) on
// each year's graph; a state that is not a node that year is missing.
//
// # Network exposure
//
// exposure(y, W), the "spatial lag" of y over the layer W, is for state i
// in year t the weighted mean of y over i's neighbours in that year's
// graph (out-neighbours, in a directed layer):
//
//	exposure_it = sum_j w_ijt y_jt / sum_j w_ijt,   j in N_t(i) with y_jt observed
//
// that is, the row-normalised W y (Anselin 1988, Spatial Econometrics;
// as network exposure, Leenders 2002, Social Networks 24(1)). Neighbours
// whose y is missing are left out and the row is re-normalised over the
// others, so the measure is the mean over the neighbours with data rather
// than treating missing as zero. It is missing when i has no neighbours,
// or none with y observed, or is not a node of the graph. With
// W = layer(igo, select=autocratic) and y = neg(fariss.theta_mean) it
// measures how repressive the states are with which a state shares
// autocratic organizations ("authoritarian learning"); lag(exposure(...),
// 1) is its value the year before.
package panel
