package plots

import (
	"image/color"
	"math"
	"sort"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Ranking shows the top entities (states) by a measure over time, either
// as a bump chart of their ranks (Style "bump", the default) or as lines of
// the measure labelled at their right ends (Style "lines").
//
// Ranks are computed at each time among all entities with a value there,
// highest value first. Ties are broken by the group value, ascending
// (numerically for a numeric group column, so the lower COW code ranks
// first): every entity gets a distinct rank, so lines never sit on top of
// each other, but a reader should know that tied entities are ordered
// arbitrarily.
//
// The bump chart shows every entity that is among the top K at some time;
// a line leaves the chart at the bottom when its entity drops out. The
// entities among the top K at the last time are coloured and named at the
// right; the others are grey and named where they last appear. The lines
// style shows the top K at time At (default: the last time).
type Ranking struct {
	// X is the time column (default "year").
	X string `toml:"x"`
	// Y is the measure to rank by (higher ranks first).
	Y string `toml:"y"`
	// Group identifies an entity, such as ccode.
	Group string `toml:"group"`
	// Label names an entity (such as stateabb); default: its group value.
	Label string `toml:"label"`
	// Top is the number of ranks shown (default 7, as many as there are
	// distinct line colours; beyond 7 colours repeat, dashed).
	Top int `toml:"top"`
	// Style is "bump" (default) or "lines".
	Style string `toml:"style"`
	// At is the time at which the lines style picks its top entities
	// (default: the last time in the table).
	At float64 `toml:"at"`
	Axes
}

// Kind returns "ranking".
func (*Ranking) Kind() string { return "ranking" }

func (rk *Ranking) build(in Inputs, pg *Page, st style) (*figure, error) {
	cs, err := newCols(rk.Kind(), "table", in.Data)
	if err != nil {
		return nil, err
	}
	xname := rk.X
	if xname == "" {
		xname = "year"
	}
	xc, err := cs.numeric("x", xname)
	if err != nil {
		return nil, err
	}
	if rk.Y == "" {
		return nil, cs.required("y", "the measure to rank by")
	}
	yc, err := cs.numeric("y", rk.Y)
	if err != nil {
		return nil, err
	}
	if rk.Group == "" {
		return nil, cs.required("group", "the entities ranked, such as ccode")
	}
	gc, err := cs.key("group", rk.Group)
	if err != nil {
		return nil, err
	}
	lc, err := cs.optionalKey("label", rk.Label)
	if err != nil {
		return nil, err
	}
	top := rk.Top
	if top == 0 {
		top = 7
	}
	if top < 1 || top > 50 {
		return nil, cs.optionErrorf("top", "%d: want 1 to 50", rk.Top)
	}
	bump := true
	switch rk.Style {
	case "", "bump":
	case "lines":
		bump = false
	default:
		return nil, cs.optionErrorf("style", "%q: want bump or lines", rk.Style)
	}
	ss, err := groupSeries(cs, xc, yc, gc, lc, nil, nil)
	if err != nil {
		return nil, err
	}

	// Ties are broken by group value, numerically when the group column is
	// numeric.
	numericKey := gc.Type == table.Int || gc.Type == table.Float
	less := func(a, b int) bool {
		ra, rb := ss[a].row, ss[b].row
		if numericKey {
			va, _ := gc.Float64(ra)
			vb, _ := gc.Float64(rb)
			return va < vb
		}
		return gc.Format(ra) < gc.Format(rb)
	}

	// All times, and each entity's value at each.
	var times []float64
	{
		seen := map[float64]bool{}
		for _, s := range ss {
			for _, x := range s.x {
				if !seen[x] {
					seen[x] = true
					times = append(times, x)
				}
			}
		}
		sort.Float64s(times)
	}
	tIndex := map[float64]int{}
	for i, t := range times {
		tIndex[t] = i
	}
	val := make([][]float64, len(ss))
	for e, s := range ss {
		val[e] = make([]float64, len(times))
		for i := range val[e] {
			val[e][i] = math.NaN()
		}
		for j, x := range s.x {
			val[e][tIndex[x]] = s.y[j]
		}
	}
	rank := rankAll(val, less)

	xInt := isInteger(xc)
	year := isYearName(xname) && xInt
	xTitle := axisTitle(rk.XLabel, rk.XUnit, xname)
	if pg.Height == 0 {
		if bump {
			pg.Height = math.Max(2, math.Min(6, 0.2*float64(top)+0.75))
		} else {
			pg.Height = math.Max(2, math.Min(3.4, pg.Width*0.68))
		}
	}
	xt := ticker{n: tickCount(pg.Width-1.2, true), integer: xInt, year: year}
	fig := &figure{}
	last := len(times) - 1

	if !bump {
		at := last
		if rk.At != 0 {
			i, ok := tIndex[rk.At]
			if !ok {
				return nil, cs.errorf("option at: no rows with %s = %s", xname, formatValue(rk.At, !year))
			}
			at = i
		}
		var es []int
		for e := range ss {
			if r := rank[e][at]; !math.IsNaN(r) && r <= float64(top) {
				es = append(es, e)
			}
		}
		sort.Slice(es, func(a, b int) bool { return rank[es[a]][at] < rank[es[b]][at] })
		yt := ticker{n: tickCount(pg.Height-0.6, false), integer: isInteger(yc)}
		p := newPlot(st, xt, yt)
		p.X.Label.Text, p.Y.Label.Text = xTitle, axisTitle(rk.YLabel, rk.YUnit, rk.Y)
		p.X.Min, p.X.Max = times[0], times[last]
		var all []float64
		for _, e := range es {
			all = append(all, val[e]...)
		}
		p.Y.Min, p.Y.Max = dataRange(all)
		if rk.YZero {
			p.Y.Min, p.Y.Max = math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
		}
		p.Add(gridLines{y: &yt})
		var ends []endLabel
		for i, e := range es {
			col, dash := lineCategory(i)
			xy := make([][2]float64, len(times))
			for ti, t := range times {
				xy[ti] = [2]float64{t, val[e][ti]}
			}
			p.Add(path{xy: xy, ls: draw.LineStyle{Color: col, Width: vg.Points(1), Dashes: dash}})
			for ti := last; ti >= 0; ti-- {
				if !math.IsNaN(val[e][ti]) {
					ends = append(ends, endLabel{x: times[ti], y: val[e][ti], text: ss[e].name, col: col})
					break
				}
			}
		}
		p.Add(endLabels{items: ends, sty: st.legendText()})
		fig.grid = [][]*panel{{{p: p}}}
		return fig, nil
	}

	// Bump chart.
	var shown []int
	for e := range ss {
		for ti := range times {
			if rank[e][ti] <= float64(top) {
				shown = append(shown, e)
				break
			}
		}
	}
	// Colour the final top K in rank order; grey for the rest, drawn first
	// so the coloured lines lie on top.
	colour := map[int]int{}
	var final []int
	for _, e := range shown {
		if rank[e][last] <= float64(top) {
			final = append(final, e)
		}
	}
	sort.Slice(final, func(a, b int) bool { return rank[final[a]][last] < rank[final[b]][last] })
	for i, e := range final {
		colour[e] = i
	}
	rt := rankTicks(top)
	p := newPlot(st, xt, ticker{})
	p.Y.Tick.Marker = rt
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.X.Label.Text = xTitle
	p.Y.Label.Text = axisTitle(rk.YLabel, rk.YUnit, "Rank by "+rk.Y)
	p.X.Min, p.X.Max = times[0], times[last]
	p.Y.Min, p.Y.Max = 0.5, float64(top)+0.5
	var ends []endLabel
	var exits []exitLabel
	draws := func(grey bool) {
		for _, e := range shown {
			ci, isFinal := colour[e]
			if isFinal == grey {
				continue
			}
			col := lightGrey
			lw := vg.Points(0.8)
			if isFinal {
				col, _ = lineCategory(ci)
				lw = vg.Points(1.2)
			}
			xy := make([][2]float64, len(times))
			var in [][2]float64
			for ti, t := range times {
				xy[ti] = [2]float64{t, rank[e][ti]}
				if rank[e][ti] <= float64(top) {
					in = append(in, xy[ti])
				}
			}
			p.Add(path{xy: xy, ls: draw.LineStyle{Color: col, Width: lw}})
			p.Add(points{xy: in, gs: draw.GlyphStyle{Color: col, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}})
			if isFinal {
				ends = append(ends, endLabel{x: times[last], y: rank[e][last], text: ss[e].name, col: col})
			} else {
				lastIn := in[len(in)-1]
				exits = append(exits, exitLabel{x: lastIn[0], y: lastIn[1], text: ss[e].name})
			}
		}
	}
	draws(true)
	draws(false)
	p.Add(exitLabels{items: exits, sty: st.note(), col: grey})
	p.Add(endLabels{items: ends, sty: st.legendText()})
	fig.grid = [][]*panel{{{p: p}}}
	return fig, nil
}

// rankTicks labels every rank from 1 to k (every other one past 20).
func rankTicks(k int) plot.ConstantTicks {
	step := 1
	if k > 20 {
		step = 2
	}
	var ts plot.ConstantTicks
	for r := 1; r <= k; r++ {
		label := ""
		if r == 1 || (r-1)%step == 0 {
			label = formatNumber(float64(r), 0, false)
		}
		ts = append(ts, plot.Tick{Value: float64(r), Label: label})
	}
	return ts
}

// exitLabel names a bump-chart line where it leaves the top ranks.
type exitLabel struct {
	x, y float64
	text string
}

// exitLabels places each label just above its point, or failing that just
// below, to the right or to the left, taking the first spot that overlaps
// no label placed before it (labels are placed in time order) and stays
// inside the data area; a label with no free spot takes the first.
type exitLabels struct {
	items []exitLabel
	sty   text.Style
	col   color.Color
}

func (e exitLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	order := make([]int, len(e.items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return e.items[order[a]].x < e.items[order[b]].x })
	var placed []vg.Rectangle
	sty := e.sty
	sty.Color = e.col
	h := lineHeight(sty)
	for _, i := range order {
		it := e.items[i]
		x, y := trX(it.x), trY(it.y)
		w := width(sty, it.text)
		d := vg.Points(2.5)
		cands := []vg.Rectangle{
			{Min: vg.Point{X: x - w/2, Y: y + d}, Max: vg.Point{X: x + w/2, Y: y + d + h}},
			{Min: vg.Point{X: x - w/2, Y: y - d - h}, Max: vg.Point{X: x + w/2, Y: y - d}},
			{Min: vg.Point{X: x + d, Y: y - h/2}, Max: vg.Point{X: x + d + w, Y: y + h/2}},
			{Min: vg.Point{X: x - d - w, Y: y - h/2}, Max: vg.Point{X: x - d, Y: y + h/2}},
		}
		pick := -1
		for k, r := range cands {
			if r.Min.X < c.Min.X || r.Max.X > c.Max.X || r.Min.Y < c.Min.Y || r.Max.Y > c.Max.Y {
				continue
			}
			if !overlapsAny(r, placed) {
				pick = k
				break
			}
		}
		if pick < 0 {
			pick = 0
		}
		r := cands[pick]
		placed = append(placed, r)
		halo(c, r)
		textAt(c, sty, vg.Point{X: r.Min.X, Y: r.Min.Y + sty.FontExtents().Descent}, draw.XLeft, draw.YBottom, it.text)
	}
}

func overlapsAny(r vg.Rectangle, rs []vg.Rectangle) bool {
	for _, o := range rs {
		if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
			return true
		}
	}
	return false
}

// rankAll ranks entities at each time: val[e][t] is entity e's value at
// time t (NaN when missing), and the result holds its rank among the
// entities with a value at t, 1 for the highest, ties broken by less, or
// NaN when it has no value.
func rankAll(val [][]float64, less func(a, b int) bool) [][]float64 {
	rank := make([][]float64, len(val))
	nt := 0
	if len(val) > 0 {
		nt = len(val[0])
	}
	for e := range rank {
		rank[e] = make([]float64, nt)
	}
	for ti := 0; ti < nt; ti++ {
		var es []int
		for e := range val {
			rank[e][ti] = math.NaN()
			if !math.IsNaN(val[e][ti]) {
				es = append(es, e)
			}
		}
		sort.SliceStable(es, func(a, b int) bool {
			va, vb := val[es[a]][ti], val[es[b]][ti]
			if va != vb {
				return va > vb
			}
			return less(es[a], es[b])
		})
		for r, e := range es {
			rank[e][ti] = float64(r + 1)
		}
	}
	return rank
}
