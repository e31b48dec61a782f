package plots

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Distribution draws the distribution of a measure as a histogram (Style
// "histogram", the default) or as an empirical cumulative distribution
// function (Style "ecdf"), optionally per group: one histogram panel per
// group on shared axes, or one ECDF line per group in one panel.
//
// Histogram bins are left-closed, [a, a+w), and aligned on multiples of
// the bin width w. The default width is the Freedman-Diaconis width
// 2 IQR n^(-1/3) (Freedman and Diaconis 1981, Z. Wahrscheinlichkeitstheorie
// 57:453) of the pooled values, rounded up to 1, 2, 2.5 or 5 times a power
// of ten (and to an integer for integer data), so that every group shares
// the same bins. Missing values are left out and counted in no bin.
type Distribution struct {
	// X is the measure.
	X string `toml:"x"`
	// Group, if set, draws one distribution per value, in order of first
	// appearance.
	Group string `toml:"group"`
	// Style is "histogram" (default) or "ecdf".
	Style string `toml:"style"`
	// BinWidth sets the histogram bin width (default: see above).
	BinWidth float64 `toml:"bin_width"`
	// Columns is the number of histogram panel columns (default: on a
	// narrow page, 1 for up to four groups, so that distributions line up
	// one above another; else as for TimeSeries panels).
	Columns int `toml:"columns"`
	Axes
}

// Kind returns "distribution".
func (*Distribution) Kind() string { return "distribution" }

func (ds *Distribution) build(in Inputs, pg *Page, st style) (*figure, error) {
	cs, err := newCols(ds.Kind(), "table", in.Data)
	if err != nil {
		return nil, err
	}
	if ds.X == "" {
		return nil, cs.required("x", "the measure")
	}
	xc, err := cs.numeric("x", ds.X)
	if err != nil {
		return nil, err
	}
	gc, err := cs.optionalKey("group", ds.Group)
	if err != nil {
		return nil, err
	}
	ecdf := false
	switch ds.Style {
	case "", "histogram":
	case "ecdf":
		ecdf = true
	default:
		return nil, cs.optionErrorf("style", "%q: want histogram or ecdf", ds.Style)
	}
	if ds.BinWidth < 0 || math.IsNaN(ds.BinWidth) || math.IsInf(ds.BinWidth, 0) {
		return nil, cs.optionErrorf("bin_width", "%v: want a positive number, or 0 for the default", ds.BinWidth)
	}
	names := []string{""}
	idx := make([]int, cs.t.NumRows())
	if gc != nil {
		names, idx = levels(gc)
	}
	vals := make([][]float64, len(names))
	var all []float64
	for i := range idx {
		if v, ok := xc.Float64(i); ok {
			vals[idx[i]] = append(vals[idx[i]], v)
			all = append(all, v)
		}
	}
	sort.Float64s(all)
	xmin, xmax := all[0], all[len(all)-1]
	integer := isInteger(xc)
	xTitle := axisTitle(ds.XLabel, ds.XUnit, ds.X)
	sep := !isYearName(ds.X)

	if ecdf {
		if pg.Height == 0 {
			pg.Height = math.Max(2, math.Min(3.4, pg.Width*0.68))
		}
		xt := ticker{n: tickCount(pg.Width-0.8, true), integer: integer, year: !sep}
		yt := ticker{n: tickCount(pg.Height-0.6, false)}
		p := newPlot(st, xt, yt)
		p.X.Label.Text = xTitle
		p.Y.Label.Text = axisTitle(ds.YLabel, ds.YUnit, "Cumulative share")
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, 0, 1
		p.Add(gridLines{y: &yt})
		pn := &panel{p: p}
		fig := &figure{grid: [][]*panel{{pn}}, insideOK: true}
		if len(names) > 1 {
			fig.legend = newLegend(pg.LegendTitle, swatchWidth)
		}
		for g, vs := range vals {
			if len(vs) == 0 {
				continue
			}
			sort.Float64s(vs)
			n := float64(len(vs))
			xy := [][2]float64{{xmin, 0}}
			for i, v := range vs {
				xy = append(xy, [2]float64{v, float64(i) / n}, [2]float64{v, float64(i+1) / n})
			}
			xy = append(xy, [2]float64{xmax, 1})
			col, dash := lineCategory(g)
			ls := draw.LineStyle{Color: col, Width: vg.Points(1), Dashes: dash}
			p.Add(path{xy: xy, ls: ls})
			pn.marks = append(pn.marks, polyline(xy))
			if fig.legend != nil {
				fig.legend.add(names[g], lineSwatch(ls))
			}
		}
		return fig, nil
	}

	w := ds.BinWidth
	if w == 0 {
		w = fdWidth(all, integer)
	}
	start := math.Floor(xmin/w) * w
	bins := math.Floor((xmax-start)/w) + 1
	if !(bins <= 10000) {
		// Also a span too wide for float64 (values of ±1e308), where
		// the width and the count are not finite.
		return nil, cs.errorf("option bin_width: %v gives %g bins from %g to %g: choose a wider bin, or leave out the extreme values", w, bins, xmin, xmax)
	}
	nb := int(bins)
	counts := make([][]float64, len(names))
	var cmax float64
	for g, vs := range vals {
		counts[g] = histogram(vs, start, w, nb)
		for _, n := range counts[g] {
			cmax = math.Max(cmax, n)
		}
	}
	ng := len(names)
	ncol := ds.Columns
	if ncol <= 0 && ng <= 4 && pg.Width < 5 {
		ncol = 1 // narrow page: one above another, sharing the x axis
	}
	rows, cols := panelGrid(ng, pg.Width, ncol)
	pw := (pg.Width - 0.45) / float64(cols)
	if pg.Height == 0 {
		if ng == 1 {
			pg.Height = math.Max(2, math.Min(3.4, pg.Width*0.68))
		} else {
			pg.Height = math.Min(9, float64(rows)*math.Min(1.8, math.Max(1.0, pw*0.35+0.25))+0.5)
		}
	}
	ph := (pg.Height - 0.5) / float64(rows)
	xt := ticker{n: tickCount(pw-0.3, true), integer: integer && w == math.Trunc(w), year: !sep}
	yt := ticker{n: tickCount(ph-0.25, false), integer: true}
	yTitle := axisTitle(ds.YLabel, ds.YUnit, "Count")
	fig := &figure{insideOK: true}
	fig.grid = make([][]*panel, rows)
	for r := range fig.grid {
		fig.grid[r] = make([]*panel, cols)
	}
	for g := range names {
		r, c := g/cols, g%cols
		xtk, ytk := xt, yt
		if ng > 1 {
			xtk.hide = !lastInColumn(r, c, rows, cols, ng)
			ytk.hide = c > 0
		}
		p := newPlot(st, xtk, ytk)
		p.X.Min, p.X.Max = start, start+float64(nb)*w
		p.Y.Min, p.Y.Max = 0, cmax*1.04 // headroom over the tallest bar
		p.Y.Padding = 0
		p.Add(gridLines{y: &ytk})
		pn := &panel{p: p}
		var rects [][4]float64
		for b, n := range counts[g] {
			if n > 0 {
				x0 := start + float64(b)*w
				rects = append(rects, [4]float64{x0, 0, x0 + w, n})
				pn.marks = append(pn.marks, rectMark(x0, 0, x0+w, n))
			}
		}
		p.Add(bars{rects: rects, fill: okabeIto[0]})
		if ng > 1 {
			p.Title.Text = names[g]
		} else {
			p.X.Label.Text, p.Y.Label.Text = xTitle, yTitle
		}
		fig.grid[r][c] = pn
	}
	if ng > 1 {
		fig.xTitle, fig.yTitle = xTitle, yTitle
	}
	return fig, nil
}

// fdWidth returns the Freedman-Diaconis bin width of sorted values, rounded
// up to a round number (Sturges' rule when the IQR is zero).
func fdWidth(sorted []float64, integer bool) float64 {
	n := len(sorted)
	iqr := quantile(sorted, 0.75) - quantile(sorted, 0.25)
	span := sorted[n-1] - sorted[0]
	w := 2 * iqr / math.Cbrt(float64(n))
	if !(w > 0) {
		w = span / math.Ceil(math.Log2(float64(n))+1)
	}
	if !(w > 0) {
		w = 1
	}
	t := ticker{n: 1, integer: integer}
	return t.niceAtLeast(w)
}

// niceAtLeast returns the smallest of 1, 2, 2.5 or 5 times a power of ten
// that is at least w (an integer at least 1 for integer data).
func (t ticker) niceAtLeast(w float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(w)))
	for _, e := range []float64{mag, mag * 10} {
		for _, m := range []float64{1, 2, 2.5, 5} {
			s := m * e
			if t.integer && (s < 1 || s != math.Trunc(s)) {
				continue
			}
			if s >= w*(1-1e-12) {
				return s
			}
		}
	}
	return 10 * mag
}

// quantile returns the p-quantile of sorted values, by linear
// interpolation between order statistics (R's type 7, the default).
func quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// bars fills rectangles [x0, y0, x1, y1] given in data coordinates, with
// a thin white edge so that adjacent bars stay distinct.
type bars struct {
	rects [][4]float64
	fill  color.Color
	fills []color.Color // per rectangle, when set
}

func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	edge := draw.LineStyle{Color: whiteEdge, Width: vg.Points(0.3)}
	for i, r := range b.rects {
		poly := []vg.Point{{X: trX(r[0]), Y: trY(r[1])}, {X: trX(r[2]), Y: trY(r[1])}, {X: trX(r[2]), Y: trY(r[3])}, {X: trX(r[0]), Y: trY(r[3])}}
		f := b.fill
		if b.fills != nil {
			f = b.fills[i]
		}
		c.FillPolygon(f, c.ClipPolygonXY(poly))
		c.StrokeLines(edge, c.ClipLinesXY(append(poly, poly[0]))...)
	}
}

// histogram counts vs in nb bins [start+i w, start+(i+1) w).
func histogram(vs []float64, start, w float64, nb int) []float64 {
	counts := make([]float64, nb)
	for _, v := range vs {
		b := int(math.Floor((v - start) / w))
		counts[min(max(b, 0), nb-1)]++
	}
	return counts
}
