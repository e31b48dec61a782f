// Package formula parses R model formulas such as
//
//	defense ~ contig + polyarchy1*polyarchy2 + factor(year)
//
// and builds the design matrix of a model from an internal/table.Table,
// naming every column exactly as R's model.matrix does, so that a
// coefficient table from repnet can be laid next to one from R.
//
// Supported syntax: the response (a column, or log(column)) followed by ~
// and terms joined by + and -; a:b (interaction), a*b (a + b + a:b),
// (a + b)^n (all interactions up to order n), parentheses, factor(col)
// (treatment contrasts with the first level as baseline), log(col), and
// backquoted column names (`my var`). "- 1", "+ 0" and "0 +" remove the
// intercept, "+ 1" keeps it; "- term" removes a term.
//
// Conventions, all as in R (model.frame, terms.formula, model.matrix):
//   - Terms are sorted by order (main effects, then two-way interactions,
//     ...), keeping formula order within an order. Variables within an
//     interaction appear in the order in which the variables first occur
//     in the formula (response included), so y ~ x + z:x labels the
//     interaction x:z.
//   - Int and float columns are numeric. A bool column is, as a logical
//     in R, a factor with levels FALSE and TRUE (both always present), so
//     a bool column b contributes the column bTRUE. A string column must
//     be wrapped in factor(). factor() levels are the distinct values of
//     the rows used, sorted (ints numerically; strings by byte order,
//     which is R's order in the C locale; integral floats numerically).
//   - A factor in a term is coded by treatment contrasts if the term with
//     that factor removed is empty or contained in a preceding term, and
//     by one indicator per level otherwise (R's rule from Statistical
//     Models in S, p. 38). Without an intercept, the first factor of the
//     first term that contains one is coded by indicators. Columns of an
//     interaction vary fastest in its first variable.
//   - Rows with a missing value in any column the formula uses are
//     dropped and counted (na.omit). Levels that occur only in dropped
//     rows are not levels (drop.unused.levels = TRUE, as in lm and glm).
//   - A design with a column that is (numerically) a linear combination
//     of the columns before it is an error naming the aliased columns;
//     R would instead drop them and report NA coefficients. The test is a
//     Cholesky factorisation of the column-equilibrated cross-product
//     matrix, in column order: a column is aliased when 1 - R^2 of its
//     regression on the preceding non-aliased columns is below 1e-10
//     (a residual norm below 1e-5 of the column norm; R's glm uses
//     1e-11 on the norm, so designs that are collinear to within 1 part
//     in 1e5 are rejected here and fitted, imprecisely, by R).
package formula
