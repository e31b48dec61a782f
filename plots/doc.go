// Package plots turns tidy tables into publication figures: time series,
// rankings over time, coefficient plots, network sociograms, adjacency
// heatmaps, distributions and bar charts, drawn with gonum/plot.
//
// Each kind of figure is an options struct (TimeSeries, Ranking, Coef,
// Network, Heatmap, Distribution, Bars) naming the columns it draws from; a
// command line or a TOML notebook fills it (New returns an empty one by kind
// name). Page sets the size, resolution, title and legend placement. Save
// writes a figure to a file, choosing the format from the extension (.svg,
// .png or .pdf); Render writes to any io.Writer.
//
// Figures are meant to be printed: sizes are in inches at the size they will
// appear (3.5 in for a single journal column, 7 in for two), text sizes in
// points at that size. Categories are coloured with the Okabe-Ito palette and
// values with viridis, both readable with the common colour-vision
// deficiencies. Legends never cover data: a legend goes into an empty corner
// of the plot when there is one, and outside the plot otherwise.
//
// Output is byte-for-byte reproducible: the same tables and options give the
// same file on every run, with any GOMAXPROCS. Fonts (Liberation Sans) are
// embedded in SVG and PDF files, so a figure looks the same on a machine
// without them. PDF creation and modification dates are fixed: to
// SOURCE_DATE_EPOCH when that is set (https://reproducible-builds.org/specs/source-date-epoch/),
// and to 1970-01-01T00:00:00Z otherwise. Files are written atomically: a
// temporary file in the target directory is renamed into place only when the
// figure is complete, and bad input writes nothing.
package plots
