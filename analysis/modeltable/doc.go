// Package modeltable lays several fitted models side by side as the
// regression tables of a paper, in LaTeX and Markdown, from the
// coefficient and fit-statistics tables of package glm (which may have
// been written to files and read back with ReadCoefficients and
// ReadStats).
//
// Each model is a column: for every term its estimate, with significance
// stars if asked for, and below it the standard error in parentheses;
// then rows of fit statistics (N, log-likelihood, AIC by default); then
// notes naming each column's variance estimator and N, and the meaning of
// the stars.
//
// LaTeX output uses booktabs rules and dcolumn's D columns to align the
// numbers on the decimal point (the choice of stargazer; unlike siunitx's
// S columns, D columns accept the parentheses and stars without escaping).
// The preamble needs
//
//	\usepackage{booktabs}
//	\usepackage{dcolumn}
//
// Stars are off by default (many journals no longer want them); with
// Options.Stars = []float64{0.1, 0.05, 0.01} a p-value below 0.1 gets *,
// below 0.05 **, below 0.01 ***, using the p_value column of the
// coefficient table, i.e. the test of the column's variance estimator.
package modeltable
