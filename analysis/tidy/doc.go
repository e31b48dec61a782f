// Package tidy is a small set of dplyr-like verbs on tidy tables
// (internal/table.Table): filter, select, rename, mutate, summarise by
// groups, count, left and inner joins, sort, head, pivot_longer and
// bind_rows. Notebooks chain them in transform steps (see Op); analysis
// code may call the verbs directly.
//
// Every verb returns a new table and never modifies its inputs, so a table
// may be shared by several readers at once. Results depend only on the
// inputs: groups come out sorted by their keys, sorts are stable, and no
// map is iterated to produce output.
//
// # Expressions
//
// filter conditions, mutate definitions and summarise definitions are
// written in one small expression language (see Parse):
//
//	year >= 1990 and ccode in [710, 750]
//	members = full + associate
//	share = abs(x - y) / y
//	mean_full = mean(full)
//
// # Missing values
//
// Missing is never zero. Arithmetic, comparisons and functions of a missing
// value are missing (is_missing excepted); "and" and "or" follow
// three-valued logic (false and missing is false, true or missing is
// true); filter keeps only the rows whose condition is true, dropping those
// where it is false or missing. A float result that is NaN (0/0, log(-1))
// is missing; infinities (1/0) are kept as values.
//
// Summaries follow R's rule by default (na_rm = false): a group in which
// any value of the summarised column is missing gets a missing sum, mean,
// min, max, sd or paste. With na_rm = true missing values are skipped, and a
// group with no non-missing value still gets missing, never 0. n() counts
// rows whatever their values; n_distinct counts a missing value as one
// more distinct value unless na_rm is true.
package tidy
