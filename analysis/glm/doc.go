// Package glm fits generalised linear models to tables, as R's glm, with
// the variance estimators political scientists use for dyadic data, and
// returns broom-style tables.
//
//	m, err := glm.FitString("defense ~ contig + polyarchy1*polyarchy2 + factor(year)", panel, glm.Logit, nil)
//	coefs, err := m.Coefficients(0.95, "classical", "cluster:ccode1,ccode2", "dyadic:ccode1,ccode2")
//	stats := m.Stats()
//	ame, err := m.Margins(0.95, "dyadic:ccode1,ccode2")
//
// Families: gaussian (identity link), binomial (logit, probit) and poisson
// (log). Formulas and design matrices are those of package formula (R's
// model.matrix); rows with missing values are dropped and counted.
//
// # Fitting
//
// Fit is R's glm.fit: iteratively reweighted least squares from R's
// starting values (family$initialize: mu = y for gaussian, (y + 1/2)/2 for
// binomial, y + 0.1 for poisson), with R's convergence rule
// |dev - dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations, step
// halving when the deviance is not finite, and R's numerical guards in the
// link functions. It therefore takes the same iterations as R and stops at
// the same point: on the reference panel the estimates agree with R's to
// about 1e-12 and the standard errors to about 1e-10.
//
// Each step solves the normal equations (X'WX) b = X'Wz by a Cholesky
// factorisation of X'WX after scaling it to unit diagonal. X'WX is
// accumulated row by row from the sparse rows of the design (a factor
// contributes one entry per row), so a model with year fixed effects on a
// million rows needs O(n) memory and O(n k) time per iteration, where a QR
// factorisation of the n x k weighted design, R's method, would need an
// n x k copy and O(n k^2) time. Normal equations square the condition
// number, which is why the matrix is equilibrated and why the steps after
// the first are computed as increments, b_new = b + (X'WX)^-1 X'W r with r
// the working residual: the fixed point then satisfies the score equations
// X'W r = 0 to the accuracy with which the scores are summed, whatever the
// accuracy of the solve, which only affects the speed of convergence.
// Exactly collinear designs are rejected before fitting (see package
// formula) rather than fitted with NA coefficients as R does.
//
// As R, the standard errors use the working weights of the last iteration
// (computed at the previous iterate) and the working residuals at the
// final estimate.
//
// # Separation and convergence
//
// Problems are reported in Model.Warnings (and the warnings column of
// Stats), never as a silent NaN: non-convergence; fitted probabilities
// numerically 0 or 1 (R's warning); and quasi-complete separation by a 0/1
// column (a dummy or factor level whose rows all have the same outcome),
// which R does not detect. A non-finite estimate is an error. FitFirth
// gives finite estimates under separation.
//
// # Inference
//
// Coefficients takes any number of variance estimators (see Model.Vcov):
// classical, hc0, hc1, cluster:A, cluster:A,B, dyadic:A,B; each output row
// carries the estimator string as given. The classical estimator is
// referred to t with the residual degrees of freedom for gaussian and to
// the normal otherwise (summary.glm); sandwich estimators to the normal
// (lmtest::coeftest on a glm). Confidence intervals are Wald intervals from
// the same distribution.
//
// The reference values in testdata were made by R 4.2 with sandwich 3.0.2
// and lmtest 0.9.40 (make_glm_ref.R, make_firth_ref.R), on a dyad-year
// panel built from the bundled ATOP, COW contiguity and trade, and V-Dem
// data (make_panel.R).
package glm
