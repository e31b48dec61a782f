package plots

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot returns a plot in the house style: thin black axes with short
// outward ticks, Liberation Sans throughout, no background (the figure
// paints one), tick marks from the given tickers.
func newPlot(st style, xt, yt ticker) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.Title.TextStyle = st.strip()
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = vg.Points(stripPad)
	for i, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = st.axisTitle()
		a.Label.TextStyle.XAlign = draw.XCenter
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = vg.Points(2)
		a.Tick.Label = st.tick()
		if i == 0 {
			a.Tick.Label.XAlign, a.Tick.Label.YAlign = draw.XCenter, draw.YTop
		} else {
			a.Tick.Label.XAlign, a.Tick.Label.YAlign = draw.XRight, draw.YCenter
		}
		a.Tick.Length = vg.Points(2.5)
		a.Tick.LineStyle = draw.LineStyle{Color: textBlack, Width: vg.Points(0.6)}
		a.LineStyle = draw.LineStyle{Color: textBlack, Width: vg.Points(0.6)}
		a.Padding = vg.Points(2)
	}
	setTicker(&p.X, xt)
	setTicker(&p.Y, yt)
	return p
}

// setTicker sets an axis's ticker; unlabelled ticks are drawn at half
// length by gonum/plot, so their length is doubled to match.
func setTicker(a *plot.Axis, t ticker) {
	a.Tick.Marker = t
	if t.hide {
		a.Tick.Length = vg.Points(5)
	}
}

// gridLines draws light reference lines at the ticks of one or both axes,
// under the data.
type gridLines struct {
	x, y   *ticker
	vx, vy []float64 // explicit positions, used instead of the tickers when set
}

func (g gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: gridGrey, Width: vg.Points(0.4)}
	xs, ys := g.vx, g.vy
	if g.x != nil {
		xs = g.x.values(p.X.Min, p.X.Max)
	}
	if g.y != nil {
		ys = g.y.values(p.Y.Min, p.Y.Max)
	}
	for _, v := range xs {
		if x := trX(v); x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, v := range ys {
		if y := trY(v); y >= c.Min.Y && y <= c.Max.Y {
			c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
		}
	}
}

// path draws a polyline in data coordinates; a NaN y breaks the line, so
// that a missing value is a gap, never a zero or an interpolation.
type path struct {
	xy [][2]float64
	ls draw.LineStyle
}

func (l path) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var run []vg.Point
	flush := func() {
		if len(run) > 1 {
			c.StrokeLines(l.ls, c.ClipLinesXY(run)...)
		}
		run = run[:0]
	}
	for _, q := range l.xy {
		if math.IsNaN(q[0]) || math.IsNaN(q[1]) {
			flush()
			continue
		}
		run = append(run, vg.Point{X: trX(q[0]), Y: trY(q[1])})
	}
	flush()
}

// band fills the area between lo and hi over x; a NaN bound breaks it.
type band struct {
	x, lo, hi []float64
	fill      color.Color
}

func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	start := -1
	flush := func(end int) {
		if start >= 0 && end-start > 1 {
			var poly []vg.Point
			for i := start; i < end; i++ {
				poly = append(poly, vg.Point{X: trX(b.x[i]), Y: trY(b.hi[i])})
			}
			for i := end - 1; i >= start; i-- {
				poly = append(poly, vg.Point{X: trX(b.x[i]), Y: trY(b.lo[i])})
			}
			c.FillPolygon(b.fill, c.ClipPolygonXY(poly))
		}
		start = -1
	}
	for i := range b.x {
		if math.IsNaN(b.lo[i]) || math.IsNaN(b.hi[i]) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(b.x))
}

func (b band) marks() []mark {
	var ms []mark
	var poly [][2]float64
	flush := func(lo [][2]float64) {
		if len(poly) > 1 {
			for i := len(lo) - 1; i >= 0; i-- {
				poly = append(poly, lo[i])
			}
			ms = append(ms, polygon(poly))
		}
		poly = nil
	}
	var lo [][2]float64
	for i := range b.x {
		if math.IsNaN(b.lo[i]) || math.IsNaN(b.hi[i]) {
			flush(lo)
			lo = nil
			continue
		}
		poly = append(poly, [2]float64{b.x[i], b.hi[i]})
		lo = append(lo, [2]float64{b.x[i], b.lo[i]})
	}
	flush(lo)
	return ms
}

// points draws one glyph per point.
type points struct {
	xy [][2]float64
	gs draw.GlyphStyle
}

func (pt points) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, q := range pt.xy {
		if math.IsNaN(q[0]) || math.IsNaN(q[1]) {
			continue
		}
		v := vg.Point{X: trX(q[0]), Y: trY(q[1])}
		if c.Contains(v) {
			c.DrawGlyph(pt.gs, v)
		}
	}
}

// refLines draws dashed vertical reference lines with small labels above
// the data area, in as many rows as it takes for labels not to overlap.
type refLines struct {
	at     []float64
	labels []string
	sty    text.Style
	rows   int  // label rows reserved above the data
	show   bool // draw the labels (only the top row of a panel grid does)
}

func (r refLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	ls := draw.LineStyle{Color: grey, Width: vg.Points(0.5), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}
	for _, v := range r.at {
		if x := trX(v); x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
		}
	}
	if !r.show {
		return
	}
	lh := lineHeight(r.sty)
	for i, v := range r.at {
		x := trX(v)
		if x < c.Min.X || x > c.Max.X || r.labels[i] == "" {
			continue
		}
		row := r.row(c, p, i)
		y := c.Max.Y + vg.Points(1) + lh*vg.Length(row) + r.sty.FontExtents().Descent
		textAt(c, r.sty, vg.Point{X: x, Y: y}, draw.XCenter, draw.YBottom, r.labels[i])
	}
}

// row assigns label i the lowest row in which it overlaps no label placed
// before it (labels are placed in order of position).
func (r refLines) row(c draw.Canvas, p *plot.Plot, i int) int {
	trX, _ := p.Transforms(&c)
	type span struct{ lo, hi vg.Length }
	order := make([]int, len(r.at))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return r.at[order[a]] < r.at[order[b]] })
	var rows [][]span
	pad := vg.Points(2)
	for _, k := range order {
		w := width(r.sty, r.labels[k])
		s := span{trX(r.at[k]) - w/2 - pad, trX(r.at[k]) + w/2 + pad}
		placed := -1
		for j := range rows {
			free := true
			for _, o := range rows[j] {
				if s.lo < o.hi && o.lo < s.hi {
					free = false
					break
				}
			}
			if free {
				placed = j
				break
			}
		}
		if placed < 0 {
			rows = append(rows, nil)
			placed = len(rows) - 1
		}
		rows[placed] = append(rows[placed], s)
		if k == i {
			return placed
		}
	}
	return 0
}

// GlyphBoxes reserves the label rows above the data area.
func (r refLines) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if !r.show || r.rows == 0 {
		return nil
	}
	h := lineHeight(r.sty)*vg.Length(r.rows) + vg.Points(1)
	return []plot.GlyphBox{{X: 0.5, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{X: -1, Y: 0}, Max: vg.Point{X: 1, Y: h}}}}
}

// labelRows estimates the label rows refLines needs on a data area w wide.
func labelRows(at []float64, labels []string, sty text.Style, lo, hi float64, w vg.Length) int {
	if len(at) == 0 {
		return 0
	}
	type span struct{ lo, hi vg.Length }
	idx := make([]int, len(at))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return at[idx[a]] < at[idx[b]] })
	var rows [][]span
	for _, k := range idx {
		if labels[k] == "" || at[k] < lo || at[k] > hi {
			continue
		}
		x := vg.Length((at[k]-lo)/(hi-lo)) * w
		lw := width(sty, labels[k])
		s := span{x - lw/2 - vg.Points(2), x + lw/2 + vg.Points(2)}
		placed := false
		for j := range rows {
			free := true
			for _, o := range rows[j] {
				if s.lo < o.hi && o.lo < s.hi {
					free = false
				}
			}
			if free {
				rows[j] = append(rows[j], s)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, []span{s})
		}
	}
	return len(rows)
}

// endLabel is a label for the right end of a line.
type endLabel struct {
	x, y float64
	text string
	col  color.Color
}

// endLabels writes each line's name just right of its last point. Labels
// that would overlap are pushed apart vertically, keeping each cluster of
// labels centred on the points it names, and joined to their points by a
// thin leader line in the line's colour.
type endLabels struct {
	items []endLabel
	sty   text.Style
}

const endGap = 3 // points between a line's end and its label

func (e endLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var bs []plot.GlyphBox
	h := lineHeight(e.sty)
	for _, it := range e.items {
		w := width(e.sty, it.text)
		bs = append(bs, plot.GlyphBox{
			X: p.X.Norm(it.x), Y: p.Y.Norm(it.y),
			Rectangle: vg.Rectangle{Min: vg.Point{X: vg.Points(endGap), Y: -h / 2}, Max: vg.Point{X: vg.Points(endGap+4) + w, Y: h / 2}},
		})
	}
	return bs
}

func (e endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(e.items)
	want := make([]vg.Length, n)
	for i, it := range e.items {
		want[i] = trY(it.y)
	}
	got := spread(want, lineHeight(e.sty), c.Min.Y, c.Max.Y)
	for i, it := range e.items {
		x := trX(it.x)
		lx := x + vg.Points(endGap)
		if math.Abs(float64(got[i]-want[i])) > 0.5 {
			ls := draw.LineStyle{Color: it.col, Width: vg.Points(0.4)}
			c.StrokeLines(ls, []vg.Point{{X: x + vg.Points(0.5), Y: want[i]}, {X: lx + vg.Points(2), Y: got[i]}, {X: lx + vg.Points(3), Y: got[i]}})
			lx += vg.Points(4)
		}
		textAt(c, e.sty, vg.Point{X: lx, Y: got[i]}, draw.XLeft, draw.YCenter, it.text)
	}
}

// spread moves the positions want (any order) apart so that neighbours are
// at least h apart, within [lo, hi] when they fit, moving each cluster of
// crowded labels as a block centred on the mean of its wanted positions.
// Ties keep their input order.
func spread(want []vg.Length, h, lo, hi vg.Length) []vg.Length {
	n := len(want)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return want[order[a]] < want[order[b]] })
	type cluster struct {
		first, n int
		sum      vg.Length // sum of wanted positions
		start    vg.Length // position of the first member
	}
	var cs []cluster
	for k, i := range order {
		cs = append(cs, cluster{first: k, n: 1, sum: want[i], start: want[i]})
		for len(cs) > 1 {
			a, b := cs[len(cs)-2], cs[len(cs)-1]
			if a.start+h*vg.Length(a.n) <= b.start {
				break
			}
			m := cluster{first: a.first, n: a.n + b.n, sum: a.sum + b.sum}
			m.start = m.sum/vg.Length(m.n) - h*vg.Length(m.n-1)/2
			cs = append(cs[:len(cs)-2], m)
		}
	}
	got := make([]vg.Length, n)
	for _, cl := range cs {
		for j := 0; j < cl.n; j++ {
			got[order[cl.first+j]] = cl.start + h*vg.Length(j)
		}
	}
	// Keep inside [lo, hi]: shift the ends in, pushing neighbours along.
	if n > 0 && h*vg.Length(n-1) <= hi-lo {
		for k := 0; k < n; k++ {
			i := order[k]
			floor := lo
			if k > 0 {
				floor = got[order[k-1]] + h
			}
			got[i] = max(got[i], floor)
		}
		for k := n - 1; k >= 0; k-- {
			i := order[k]
			ceil := hi
			if k < n-1 {
				ceil = got[order[k+1]] - h
			}
			got[i] = min(got[i], ceil)
		}
	}
	return got
}
