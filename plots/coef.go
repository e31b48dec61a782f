package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Coef is a coefficient plot: each term's estimate as a point with its
// interval as a line, terms from top to bottom in table order, and a
// dashed line at zero. With a Model column (a model name, or the kind of
// standard errors, such as "classical" and "HC1"), the models are drawn
// side by side within each term, distinguished by colour and by shape so
// that the figure also reads in greyscale.
//
// Column names default to broom's (term, estimate, conf_low, conf_high),
// as the analysis packages write them. A missing estimate draws nothing
// for that row (an aliased coefficient has no estimate to draw); a missing
// bound draws the point alone.
type Coef struct {
	// Term names the coefficient (default "term").
	Term string `toml:"term"`
	// Estimate is the point estimate (default "estimate").
	Estimate string `toml:"estimate"`
	// Lower and Upper are the interval bounds (default "conf_low" and
	// "conf_high").
	Lower string `toml:"lower"`
	Upper string `toml:"upper"`
	// Model, if set, names the model (or vcov) of each row; one colour
	// and shape per model, in order of first appearance.
	Model string `toml:"model"`
	// Drop lists terms to leave out, such as "(Intercept)".
	Drop []string `toml:"drop"`
	// XLabel and XUnit title the estimate axis (default "Estimate").
	XLabel string `toml:"x_label"`
	XUnit  string `toml:"x_unit"`
}

// Kind returns "coef".
func (*Coef) Kind() string { return "coef" }

var modelGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}, draw.RingGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}}

func (cf *Coef) build(in Inputs, pg *Page, st style) (*figure, error) {
	cs, err := newCols(cf.Kind(), "table", in.Data)
	if err != nil {
		return nil, err
	}
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	tc, err := cs.key("term", def(cf.Term, "term"))
	if err != nil {
		return nil, err
	}
	ec, err := cs.numeric("estimate", def(cf.Estimate, "estimate"))
	if err != nil {
		return nil, err
	}
	loc, err := cs.numeric("lower", def(cf.Lower, "conf_low"))
	if err != nil {
		return nil, err
	}
	hic, err := cs.numeric("upper", def(cf.Upper, "conf_high"))
	if err != nil {
		return nil, err
	}
	mc, err := cs.optionalKey("model", cf.Model)
	if err != nil {
		return nil, err
	}
	drop := map[string]bool{}
	for _, d := range cf.Drop {
		drop[d] = true
	}
	n := cs.t.NumRows()
	var terms []string
	termIdx := map[string]int{}
	var models []string
	modelIdx := map[string]int{}
	type est struct {
		term, model int
		b, lo, hi   float64
	}
	var ests []est
	seen := map[[2]int]int{}
	for i := 0; i < n; i++ {
		t := tc.Format(i)
		if drop[t] {
			continue
		}
		m := ""
		if mc != nil {
			m = mc.Format(i)
		}
		ti, ok := termIdx[t]
		if !ok {
			ti = len(terms)
			termIdx[t] = ti
			terms = append(terms, t)
		}
		mi, ok := modelIdx[m]
		if !ok {
			mi = len(models)
			modelIdx[m] = mi
			models = append(models, m)
		}
		if j, dup := seen[[2]int{ti, mi}]; dup {
			what := ""
			if mc != nil {
				what = " in model " + m
			}
			return nil, cs.errorf("term %q appears twice%s (data rows %d and %d)", t, what, j+1, i+1)
		}
		seen[[2]int{ti, mi}] = i
		b, ok := ec.Float64(i)
		if !ok {
			continue
		}
		lo, _ := loc.Float64(i)
		hi, _ := hic.Float64(i)
		if !math.IsNaN(lo) && !math.IsNaN(hi) && (lo > b || hi < b) {
			return nil, cs.errorf("data row %d (term %q): the interval [%g, %g] does not contain the estimate %g", i+1, t, lo, hi, b)
		}
		ests = append(ests, est{term: ti, model: mi, b: b, lo: lo, hi: hi})
	}
	if len(ests) == 0 {
		return nil, cs.errorf("no estimates to draw (all dropped or missing)")
	}
	nm := len(models)
	d := math.Min(0.25, 0.7/float64(nm))
	if pg.Height == 0 {
		pg.Height = math.Max(1.6, math.Min(9, 0.75+float64(len(terms))*math.Max(0.24, 0.13*float64(nm))))
	}
	var xs []float64
	for _, e := range ests {
		xs = append(xs, e.b, e.lo, e.hi)
	}
	xmin, xmax := dataRange(xs, []float64{0})
	pad := 0.04 * (xmax - xmin) // keep the zero line and the intervals off the frame
	xmin, xmax = xmin-pad, xmax+pad
	xt := ticker{n: tickCount(pg.Width-1.5, true)}
	p := newPlot(st, xt, ticker{})
	p.X.Label.Text = axisTitle(cf.XLabel, cf.XUnit, "Estimate")
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = -0.5, float64(len(terms))-0.5
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	var yt plot.ConstantTicks
	var rows []float64
	for i, t := range terms {
		yt = append(yt, plot.Tick{Value: float64(i), Label: t})
		rows = append(rows, float64(i))
	}
	p.Y.Tick.Marker = yt
	p.Y.Tick.Length = 0
	p.Add(gridLines{x: &xt, vy: rows})
	p.Add(zeroLine{})
	pn := &panel{p: p}
	for mi := range models {
		col, _ := lineCategory(mi)
		off := (float64(mi) - float64(nm-1)/2) * d
		ls := draw.LineStyle{Color: col, Width: vg.Points(0.9)}
		gs := draw.GlyphStyle{Color: col, Radius: vg.Points(1.9), Shape: modelGlyphs[mi%len(modelGlyphs)]}
		var pts [][2]float64
		for _, e := range ests {
			if e.model != mi {
				continue
			}
			y := float64(e.term) + off
			if !math.IsNaN(e.lo) && !math.IsNaN(e.hi) {
				seg := [][2]float64{{e.lo, y}, {e.hi, y}}
				p.Add(path{xy: seg, ls: ls})
				pn.marks = append(pn.marks, polyline(seg))
			}
			pts = append(pts, [2]float64{e.b, y})
			pn.marks = append(pn.marks, mark{xy: [][2]float64{{e.b, y}}, radius: gs.Radius})
		}
		p.Add(points{xy: pts, gs: gs})
	}
	fig := &figure{grid: [][]*panel{{pn}}, insideOK: true}
	if nm > 1 {
		fig.legend = newLegend(pg.LegendTitle, swatchWidth)
		for mi, m := range models {
			col, _ := lineCategory(mi)
			ls := draw.LineStyle{Color: col, Width: vg.Points(0.9)}
			fig.legend.add(m, glyphSwatch(draw.GlyphStyle{Color: col, Radius: vg.Points(1.9), Shape: modelGlyphs[mi%len(modelGlyphs)]}, &ls))
		}
	}
	return fig, nil
}

// zeroLine draws a dashed vertical line at x = 0.
type zeroLine struct{}

func (zeroLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(0)
	if x < c.Min.X || x > c.Max.X {
		return
	}
	c.StrokeLine2(draw.LineStyle{Color: grey, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2.5), vg.Points(1.5)}}, x, c.Min.Y, x, c.Max.Y)
}
