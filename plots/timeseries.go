package plots

import (
	"image/color"
	"math"
	"sort"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TimeSeries draws one line per group over time: in one panel with a
// legend (or labels at the lines' ends), or as small multiples, one panel
// per group on shared axes. An optional band shades an interval (such as a
// confidence interval) around each line, and reference lines mark dates.
//
// A missing y value breaks the line: a gap is drawn, never a zero and
// never an interpolation. Rows with a missing x are skipped. Two rows with
// the same x in one group are an error.
type TimeSeries struct {
	// X is the time column (default "year").
	X string `toml:"x"`
	// Y is the value column.
	Y string `toml:"y"`
	// Group, if set, splits the rows into one line per value, in order of
	// first appearance.
	Group string `toml:"group"`
	// Label, if set, names each group (for example stateabb for a ccode
	// group); by default a group is named by its value.
	Label string `toml:"label"`
	// Lower and Upper, if set, are the bounds of a band drawn around each
	// line, such as conf_low and conf_high.
	Lower string `toml:"lower"`
	Upper string `toml:"upper"`
	// Panels draws one panel per group (small multiples) on shared axes.
	Panels bool `toml:"panels"`
	// Columns is the number of panel columns (default: as many as fit,
	// about 1.6 in each, in a near-square grid).
	Columns int `toml:"columns"`
	// EndLabels names the lines at their right ends instead of in a legend.
	EndLabels bool `toml:"end_labels"`
	// RefLines are vertical reference lines, such as 1945 and 1989.
	RefLines []RefLine `toml:"ref_lines"`
	Axes
}

// RefLine is a vertical reference line at X with a short label above the
// plot.
type RefLine struct {
	X     float64 `toml:"x"`
	Label string  `toml:"label"`
}

// Kind returns "timeseries".
func (*TimeSeries) Kind() string { return "timeseries" }

type series struct {
	name         string
	x, y, lo, hi []float64
	col          color.NRGBA
	ls           draw.LineStyle
	row          int // first data row of the group
}

// groupSeries splits rows into series by group (first-appearance order),
// sorted by x, checking for duplicate x within a group. lo and hi may be
// nil.
func groupSeries(cs *cols, xc, yc, gc, lc, loc, hic *table.Column) ([]*series, error) {
	n := cs.t.NumRows()
	names := []string{""}
	idx := make([]int, n)
	if gc != nil {
		names, idx = levels(gc)
	}
	ss := make([]*series, len(names))
	named := make([]bool, len(names))
	for i, nm := range names {
		ss[i] = &series{name: nm}
	}
	val := func(c *table.Column, i int) float64 {
		if c == nil {
			return math.NaN()
		}
		v, ok := c.Float64(i)
		if !ok {
			return math.NaN()
		}
		return v
	}
	rows := make([][]int, len(names))
	for i := 0; i < n; i++ {
		if _, ok := xc.Float64(i); !ok {
			continue
		}
		g := idx[i]
		if lc != nil {
			l := lc.Format(i)
			if !named[g] {
				ss[g].name, named[g] = l, true
			} else if l != ss[g].name {
				return nil, cs.errorf("option label: column %q names group %s both %q and %q (data row %d)", lc.Name, names[g], ss[g].name, l, i+1)
			}
		}
		if len(rows[g]) == 0 {
			ss[g].row = i
		}
		rows[g] = append(rows[g], i)
	}
	var out []*series
	for g, s := range ss {
		r := rows[g]
		if len(r) == 0 {
			continue
		}
		sort.SliceStable(r, func(a, b int) bool {
			xa, _ := xc.Float64(r[a])
			xb, _ := xc.Float64(r[b])
			return xa < xb
		})
		for k, i := range r {
			x, _ := xc.Float64(i)
			if k > 0 {
				if px, _ := xc.Float64(r[k-1]); px == x {
					where := ""
					if gc != nil {
						where = " in group " + names[g]
					}
					return nil, cs.errorf("two rows with %s = %s%s (data rows %d and %d)", xc.Name, formatValue(x, false), where, r[k-1]+1, i+1)
				}
			}
			s.x = append(s.x, x)
			s.y = append(s.y, val(yc, i))
			if loc != nil {
				s.lo = append(s.lo, val(loc, i))
				s.hi = append(s.hi, val(hic, i))
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, cs.errorf("column %q has no non-missing values", xc.Name)
	}
	return out, nil
}

// dataRange returns the range of the finite values in the slices.
func dataRange(vs ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if !math.IsNaN(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi
}

func (ts *TimeSeries) build(in Inputs, pg *Page, st style) (*figure, error) {
	k := ts.Kind()
	cs, err := newCols(k, "table", in.Data)
	if err != nil {
		return nil, err
	}
	xname := ts.X
	if xname == "" {
		xname = "year"
	}
	xc, err := cs.numeric("x", xname)
	if err != nil {
		return nil, err
	}
	if ts.Y == "" {
		return nil, cs.required("y", "the values")
	}
	yc, err := cs.numeric("y", ts.Y)
	if err != nil {
		return nil, err
	}
	gc, err := cs.optionalKey("group", ts.Group)
	if err != nil {
		return nil, err
	}
	if ts.Label != "" && gc == nil {
		return nil, cs.optionErrorf("label", "needs option group")
	}
	lc, err := cs.optionalKey("label", ts.Label)
	if err != nil {
		return nil, err
	}
	if (ts.Lower == "") != (ts.Upper == "") {
		return nil, cs.optionErrorf("lower", "options lower and upper go together: give both or neither")
	}
	loc, err := cs.optionalNumeric("lower", ts.Lower)
	if err != nil {
		return nil, err
	}
	hic, err := cs.optionalNumeric("upper", ts.Upper)
	if err != nil {
		return nil, err
	}
	if ts.Panels && gc == nil {
		return nil, cs.optionErrorf("panels", "needs option group")
	}
	ss, err := groupSeries(cs, xc, yc, gc, lc, loc, hic)
	if err != nil {
		return nil, err
	}

	var xs, ys []float64
	for _, s := range ss {
		xs = append(xs, s.x...)
		ys = append(ys, s.y...)
		ys = append(ys, s.lo...)
		ys = append(ys, s.hi...)
	}
	xmin, xmax := dataRange(xs)
	ymin, ymax := dataRange(ys)
	if math.IsInf(ymin, 0) {
		return nil, cs.errorf("column %q has no values at non-missing %s", ts.Y, xname)
	}
	if ts.YZero {
		ymin, ymax = math.Min(ymin, 0), math.Max(ymax, 0)
	}
	xInt, yInt := isInteger(xc), isInteger(yc) && loc == nil
	year := isYearName(xname) && xInt
	xTitle := axisTitle(ts.XLabel, ts.XUnit, xname)
	yTitle := axisTitle(ts.YLabel, ts.YUnit, ts.Y)

	npanel, rows, ncol := 1, 1, 1
	if ts.Panels {
		npanel = len(ss)
		rows, ncol = panelGrid(npanel, pg.Width, ts.Columns)
	}
	pw := (pg.Width - 0.45) / float64(ncol)
	if pg.Height == 0 {
		if ts.Panels {
			pg.Height = math.Min(9, float64(rows)*(pw*0.62+0.22)+0.5)
		} else {
			pg.Height = math.Max(2, math.Min(3.4, pg.Width*0.68))
		}
	}
	ph := (pg.Height - 0.5) / float64(rows)
	xt := ticker{n: tickCount(pw-0.3, true), integer: xInt, year: year}
	yt := ticker{n: tickCount(ph-0.25, false), integer: yInt}

	var refAt []float64
	var refLab []string
	for _, r := range ts.RefLines {
		refAt = append(refAt, r.X)
		refLab = append(refLab, r.Label)
	}
	refRows := labelRows(refAt, refLab, st.note(), xmin, xmax, vg.Length(pw-0.4)*vg.Inch)

	fig := &figure{insideOK: true}
	lineW := vg.Points(1)
	if ts.Panels {
		lineW = vg.Points(0.8)
	}
	for i, s := range ss {
		col, dash := lineCategory(i)
		if ts.Panels {
			col, dash = okabeIto[0], nil
		}
		s.col = col
		s.ls = draw.LineStyle{Color: col, Width: lineW, Dashes: dash}
	}
	if len(ss) > 1 && !ts.Panels && !ts.EndLabels {
		fig.legend = newLegend(pg.LegendTitle, swatchWidth)
		for _, s := range ss {
			if s.lo != nil {
				fig.legend.add(s.name, bandSwatch(withAlpha(s.col, 0.25), s.ls))
			} else {
				fig.legend.add(s.name, lineSwatch(s.ls))
			}
		}
	}

	mk := func(show []*series, r, c int) *panel {
		xtk, ytk := xt, yt
		if ts.Panels {
			xtk.hide = !lastInColumn(r, c, rows, ncol, npanel)
			ytk.hide = c > 0
		}
		p := newPlot(st, xtk, ytk)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
		if !ts.Panels {
			p.X.Label.Text, p.Y.Label.Text = xTitle, yTitle
		}
		pn := &panel{p: p}
		p.Add(gridLines{y: &ytk})
		if len(refAt) > 0 {
			p.Add(refLines{at: refAt, labels: refLab, sty: st.note(), rows: refRows, show: r == 0})
		}
		for _, s := range show {
			if s.lo != nil {
				b := band{x: s.x, lo: s.lo, hi: s.hi, fill: withAlpha(s.col, 0.25)}
				p.Add(b)
				pn.marks = append(pn.marks, b.marks()...)
			}
		}
		var ends []endLabel
		for _, s := range show {
			xy := make([][2]float64, len(s.x))
			for j := range s.x {
				xy[j] = [2]float64{s.x[j], s.y[j]}
			}
			p.Add(path{xy: xy, ls: s.ls})
			pn.marks = append(pn.marks, polyline(xy))
			if ts.EndLabels && !ts.Panels && len(ss) > 1 {
				for j := len(s.x) - 1; j >= 0; j-- {
					if !math.IsNaN(s.y[j]) {
						ends = append(ends, endLabel{x: s.x[j], y: s.y[j], text: s.name, col: s.col})
						break
					}
				}
			}
		}
		if len(ends) > 0 {
			p.Add(endLabels{items: ends, sty: st.legendText()})
		}
		if ts.Panels {
			p.Title.Text = show[0].name
		}
		return pn
	}
	if !ts.Panels {
		fig.grid = [][]*panel{{mk(ss, 0, 0)}}
		return fig, nil
	}
	fig.grid = make([][]*panel, rows)
	for r := range fig.grid {
		fig.grid[r] = make([]*panel, ncol)
	}
	for i, s := range ss {
		r, c := i/ncol, i%ncol
		fig.grid[r][c] = mk([]*series{s}, r, c)
	}
	fig.xTitle, fig.yTitle = xTitle, yTitle
	return fig, nil
}

// lastInColumn reports whether the panel at row r, column c is the lowest
// of its column in a grid of n panels filled row by row.
func lastInColumn(r, c, rows, cols, n int) bool {
	below := (r+1)*cols + c
	return r == rows-1 || below >= n
}
