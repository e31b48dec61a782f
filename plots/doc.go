// Package plots turns tidy tables into publication figures, drawn with
// gonum/plot:
//
//	timeseries    lines over time by group, bands, reference lines, small multiples
//	ranking       top entities over time: bump chart, or lines labelled at their ends
//	coef          estimates with intervals, several models side by side
//	network       sociogram of one layer-year (edge table + node table)
//	heatmap       adjacency matrix ordered by community, with a colour bar
//	distribution  histogram or ECDF, per group
//	bars          stacked, side-by-side or share bars per category
//
// Each kind is an options struct (TimeSeries, Ranking, Coef, Network,
// Heatmap, Distribution, Bars) whose fields name the columns it draws from
// and carry toml tags, so that a command line (one flag per field) or a
// TOML notebook (decode into the value New returns for a kind name) can
// fill it. Inputs holds the tables: Data (observations, or edges) and, for
// network and heatmap, Nodes. Page sets size, resolution, title and legend
// placement. Save writes a figure to a file in the format its extension
// names (.svg, .png or .pdf; EPS is refused); Render writes to an
// io.Writer. Options are checked against the tables before anything is
// drawn: a missing column (the error lists the columns there are), text
// where numbers are needed (the error quotes the first offending value
// and its row), or an empty table is an error, and no file is written.
//
// Figures are meant to be printed: sizes are in inches at the size they
// will appear (3.5 in for a single journal column, 7 in for two), text in
// points at that size. Categories are coloured with the Okabe-Ito palette
// and values with viridis, both readable with the common colour-vision
// deficiencies. Legends never cover data: a legend goes into an empty
// corner of the plot when there is one, else outside it. Tick labels of
// 1,000 and more have thousands separators, except on year axes.
//
// Output is reproducible byte for byte: the same tables and options give
// the same file on every run and with any GOMAXPROCS, for a given build
// (the compressed streams of PNG and PDF depend on the Go release's
// compress/flate). Fonts (Liberation Sans) are embedded in SVG and PDF
// files, so a figure looks the same on a machine without them. PDF
// creation and modification dates are fixed: to SOURCE_DATE_EPOCH when it
// is set (https://reproducible-builds.org/specs/source-date-epoch/), else
// to 1970-01-01T00:00:00Z. Files are written atomically: a temporary file
// in the target directory is renamed into place only once the figure is
// complete.
package plots
