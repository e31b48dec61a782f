// Package qap tests network regressions by the quadratic assignment
// procedure: the regression of a network y on networks x1, x2, ... (all
// n x n over the same nodes) fitted to the cells of the matrices, with
// p-values from the distribution of the test statistics when the nodes are
// relabelled at random. It reproduces R's sna::netlm (Linear) and
// sna::netlogit (Logit) (Butts 2008, Journal of Statistical Software
// 24(6)).
//
// Cells: with Directed, every cell (i, j) with i != j (sna's mode =
// "digraph"); otherwise only the cells below the diagonal, i > j (sna's
// mode = "graph", which reads the lower triangle; pass symmetric matrices).
// The diagonal is never used (sna's diag = FALSE).
//
// Null hypotheses:
//   - YPerm (sna's "qapy"; Krackhardt 1988, Social Networks 10(4)): each
//     permutation relabels the nodes of y, y'[i,j] = y[o(i), o(j)], and
//     refits the whole model.
//   - DSP, double semi-partialling (sna's "qapspp"; Dekker, Krackhardt
//     and Snijders 2007, Psychometrika 72(4)): for each term j (the
//     intercept included, as sna does) the residuals e_j of x_j regressed
//     by least squares on the other columns are put in a matrix (and made
//     symmetric for undirected networks), and each permutation refits y
//     on the other columns plus the relabelled residual matrix; the
//     statistic is that last column's.
//
// The statistic is the t value (Linear), the z value (Logit; from the
// information matrix at the last IRLS iteration, as glm.fit), or with
// Options.Beta the coefficient. With S the observed statistic and S_p the
// permuted ones, p = 1..P, the p-values are, exactly as sna's:
//
//	p_greater   = #{p : S_p >= S} / P
//	p_less      = #{p : S_p <= S} / P
//	p_two_sided = #{p : |S_p| >= |S|} / P
//
// The observed statistic is not counted among the permutations, so a
// p-value can be 0, which means below 1/P.
//
// The networks may be built with Nodes and Matrix from dyadic tables, or
// read as a Network from an edge table (TableNetwork) or from a layer of
// package layers (ParseLayer, LayerNetwork) and laid over the nodes of y;
// DropIncomplete finds the nodes to leave out when some cells are missing.
// The repnet qap command and the notebooks' qap step read their networks
// this way.
//
// The observed fit is R's (glm.fit's starting values and convergence rule
// for Logit), so the estimates and statistics agree with sna's. Each
// permutation is drawn from its own generator, seeded by (Options.Seed,
// permutation index), and its statistics are stored by index, so the
// result is the same with any number of workers or GOMAXPROCS. The
// p-values of two runs with different generators (say repnet's and R's)
// differ only by Monte Carlo error, whose standard deviation is
// sqrt(p (1-p) / P).
package qap
