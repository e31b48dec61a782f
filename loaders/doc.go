// Package loaders turns the bundled source files (and a user's own newer
// copies of them) into typed, tidy tables: one row per unit (state-year,
// dyad-year, IGO, ...), one column per variable, COW state codes and years
// as keys, snake_case names.
//
// Every source has two entry points. ReadX(r, name) parses any reader
// holding the source file's format (gzip is detected and decompressed), and
// names name in its errors; X() reads the bundled copy through
// datasets.Open, which checks its sha256 and honours datasets.Override. Load
// dispatches on a registry id for the repnet table command.
//
// # Conventions every table follows
//
//   - Sources: t.Sources lists the files read, with their sha256 (for a
//     reader given to ReadX, the sha256 of the bytes read and the name as
//     given).
//   - t.Meta["unit"] names the row unit ("state-year", "directed dyad-year",
//     "non-directed dyad-year", ...) and t.Meta["coverage"] the first and
//     last year present in the source file ("1816-2014"), computed from the
//     data, not from the registry, so that a user's newer copy reports its
//     own coverage. Filtering rows by year (Options.Years) does not change
//     it.
//   - Missing is never zero: source missing codes (NA, empty, COW's -9, and
//     the codes each loader's doc lists) become missing values.
//   - Non-directed dyadic tables have ccode1 < ccode2.
//   - Sparse dyadic sources carry t.Meta["absent"] = "zero". It means: a
//     dyad-year whose year lies inside the coverage and that has no row is
//     0 on every variable (ATOP lists only dyad-years with at least one
//     obligation, contiguity lists only contiguous dyads); a dyad-year
//     outside the coverage is missing, not 0. Code that builds a panel from
//     such a table must fill zeros only inside the coverage, and only for
//     dyads both of whose states exist that year.
//   - Rows are sorted by their keys (ccode, year; or ccode1, ccode2, year),
//     and two rows with the same key are an error naming both lines.
//   - In the sources keyed by COW codes (COW IGO, NMC, trade, contiguity,
//     ATOP, Fariss, PTS), a code that is not in the COW state system list
//     (cow-states/states2016.csv, or the file that replaces it) is an
//     error, not a new state. Sources with codes of their own (V-Dem,
//     LIED, GWF) document how they map them.
//
// Errors about the data are *csvx.Error values naming the file, the line,
// the column and what was expected.
package loaders
