package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// A Chart is one kind of figure: an options struct naming the columns it
// draws and how. The kinds are TimeSeries, Ranking, Coef, Network, Heatmap,
// Distribution and Bars; New returns an empty one by name.
type Chart interface {
	// Kind returns the chart's name as New accepts it, such as "timeseries".
	Kind() string
	// build checks the options against the tables and lays out the figure.
	// It sets pg.Height when it is zero.
	build(in Inputs, pg *Page, st style) (*figure, error)
}

// Inputs are the tables a chart draws from.
type Inputs struct {
	// Data is the main table: one row per observation, or per edge for
	// Network and Heatmap.
	Data *table.Table
	// Nodes holds node attributes for Network and Heatmap (one row per
	// node); other kinds ignore it.
	Nodes *table.Table
}

// Legend placements for Page.Legend.
const (
	LegendAuto   = "auto"   // an empty corner of a single panel, else outside
	LegendRight  = "right"  // a column to the right of the panels
	LegendBottom = "bottom" // centred rows below the panels
	LegendNone   = "none"   // no legend
	legendInside = "inside"
)

// Page sets a figure's size, resolution and surroundings. The zero Page is a
// single-column figure at 300 DPI with an automatically placed legend.
type Page struct {
	// Width is the printed width in inches: SingleColumn (3.5, the default)
	// or DoubleColumn (7) for most journals.
	Width float64 `toml:"width"`
	// Height is the printed height in inches; 0 lets the chart choose one
	// that suits the width and the data (such as the number of panels).
	Height float64 `toml:"height"`
	// DPI is the resolution of PNG output (default 300); SVG and PDF are
	// vector formats and ignore it.
	DPI float64 `toml:"dpi"`
	// Title is an optional title over the figure. Journals usually want
	// the caption in the text instead.
	Title string `toml:"title"`
	// Legend places the legend: "auto" (default), "right", "bottom" or
	// "none". Legends never cover data.
	Legend string `toml:"legend"`
	// LegendTitle is an optional heading for the legend.
	LegendTitle string `toml:"legend_title"`
	// FontSize is the size in points of axis titles (default 8); tick
	// labels and legends are a point smaller, annotations two.
	FontSize float64 `toml:"font_size"`
}

func (pg Page) normalize() (Page, error) {
	if pg.Width == 0 {
		pg.Width = SingleColumn
	}
	if pg.DPI == 0 {
		pg.DPI = 300
	}
	if pg.FontSize == 0 {
		pg.FontSize = 8
	}
	if pg.Legend == "" {
		pg.Legend = LegendAuto
	}
	switch {
	case !(pg.Width >= 1 && pg.Width <= 40):
		return pg, &OptionError{Option: "width", Msg: fmt.Sprintf("%v in: want 1 to 40 inches (3.5 for one column, 7 for two)", pg.Width)}
	case pg.Height != 0 && !(pg.Height >= 1 && pg.Height <= 40):
		return pg, &OptionError{Option: "height", Msg: fmt.Sprintf("%v in: want 1 to 40 inches, or 0 to let the chart choose", pg.Height)}
	case !(pg.DPI >= 50 && pg.DPI <= 2400):
		return pg, &OptionError{Option: "dpi", Msg: fmt.Sprintf("%v: want 50 to 2400", pg.DPI)}
	case !(pg.FontSize >= 5 && pg.FontSize <= 24):
		return pg, &OptionError{Option: "font_size", Msg: fmt.Sprintf("%v pt: want 5 to 24", pg.FontSize)}
	}
	switch pg.Legend {
	case LegendAuto, LegendRight, LegendBottom, LegendNone:
	default:
		return pg, &OptionError{Option: "legend", Msg: fmt.Sprintf("%q: want auto, right, bottom or none", pg.Legend)}
	}
	return pg, nil
}

// Axes are the axis titles and range options shared by the charts with x
// and y axes.
type Axes struct {
	// XLabel and YLabel are the axis titles (default: the column name);
	// XUnit and YUnit, when given, follow in parentheses: "GDP (US$)".
	XLabel string `toml:"x_label"`
	XUnit  string `toml:"x_unit"`
	YLabel string `toml:"y_label"`
	YUnit  string `toml:"y_unit"`
	// YZero extends the y axis to include zero.
	YZero bool `toml:"y_zero"`
}

var kinds = map[string]func() Chart{
	"timeseries":   func() Chart { return &TimeSeries{} },
	"ranking":      func() Chart { return &Ranking{} },
	"coef":         func() Chart { return &Coef{} },
	"network":      func() Chart { return &Network{} },
	"heatmap":      func() Chart { return &Heatmap{} },
	"distribution": func() Chart { return &Distribution{} },
	"bars":         func() Chart { return &Bars{} },
}

// Kinds returns the chart kind names New accepts, sorted.
func Kinds() []string {
	ks := make([]string, 0, len(kinds))
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// New returns an empty options struct (a pointer) of the named kind, for a
// command line or a TOML notebook to fill.
func New(kind string) (Chart, error) {
	f, ok := kinds[strings.ToLower(kind)]
	if !ok {
		return nil, fmt.Errorf("plots: unknown figure kind %q (kinds: %s)", kind, strings.Join(Kinds(), ", "))
	}
	return f(), nil
}

// panelGrid returns a grid of rows × cols for n panels on a page w inches
// wide: at most one column per 1.6 in, one row when they fit, else as
// square a grid as the page allows; cols, when positive, is the user's
// choice.
func panelGrid(n int, w float64, cols int) (rows, c int) {
	if cols <= 0 {
		cols = int(math.Max(1, math.Floor(w/1.6)))
		if n > cols {
			cols = min(cols, int(math.Ceil(math.Sqrt(float64(n)))))
		}
	}
	cols = max(1, min(cols, n))
	return (n + cols - 1) / cols, cols
}

// tickCount returns how many ticks suit an axis of the given length in
// inches: about one per 0.55 in across, one per 0.4 in up.
func tickCount(inches float64, horizontal bool) int {
	per := 0.4
	if horizontal {
		per = 0.55
	}
	return int(math.Max(2, math.Min(8, math.Ceil(inches/per-0.05))))
}
