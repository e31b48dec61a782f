package plots

import (
	"image"
	"image/color"
	"math"
	"sort"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws a network's weighted adjacency matrix with rows and
// columns ordered by community, so that blocks of dense ties show as
// bright squares on the diagonal. Cells are coloured by edge weight on
// the viridis scale from 0 to the largest weight, with a colour bar; pairs
// with no edge, and the diagonal, stay white.
//
// Communities are ordered by value (numerically for a numeric column, else
// by first appearance in the node table), nodes without a community come
// last, and within a community nodes are ordered by weighted degree,
// largest first, ties by id. Thin lines separate the communities, and the
// axes name them; with Labels (the default up to 40 nodes) the axes name
// every node instead.
type Heatmap struct {
	// Source, Target and Weight are the edge columns (defaults "ccode1",
	// "ccode2", and "weight" when present).
	Source string `toml:"source"`
	Target string `toml:"target"`
	Weight string `toml:"weight"`
	// Node is the node table's id column (default "ccode").
	Node string `toml:"node"`
	// Community is the node table's community column; without it the
	// nodes are in id order.
	Community string `toml:"community"`
	// Label names nodes on the axes (default: the id).
	Label string `toml:"label"`
	// Labels is "auto" (default: node names up to 40 nodes, community
	// names beyond), "nodes" or "communities".
	Labels string `toml:"labels"`
	// ColorLabel titles the colour bar (default: the weight column's name).
	ColorLabel string `toml:"color_label"`
	// AxisLabel titles both axes (default: the community column's name,
	// or "Node" when nodes are named).
	AxisLabel string `toml:"axis_label"`
}

// Kind returns "heatmap".
func (*Heatmap) Kind() string { return "heatmap" }

func (hm *Heatmap) build(in Inputs, pg *Page, st style) (*figure, error) {
	g, err := readGraph(hm.Kind(), in, graphOptions{source: hm.Source, target: hm.Target, weight: hm.Weight, node: hm.Node})
	if err != nil {
		return nil, err
	}
	n := len(g.ids)
	if g.nc == nil && (hm.Community != "" || hm.Label != "") {
		return nil, g.ec.optionErrorf("community", "options community and label read the node table, and none was given")
	}
	var comc, labc *table.Column
	if g.nc != nil {
		if comc, err = g.nc.optionalKeyMissingOK("community", hm.Community); err != nil {
			return nil, err
		}
		if labc, err = g.nc.optionalKeyMissingOK("label", hm.Label); err != nil {
			return nil, err
		}
	}
	nodeLabels := n <= 40
	switch hm.Labels {
	case "", "auto":
	case "nodes":
		nodeLabels = true
	case "communities":
		nodeLabels = false
	default:
		return nil, g.ec.optionErrorf("labels", "%q: want auto, nodes or communities", hm.Labels)
	}
	strength := make([]float64, n)
	for _, e := range g.edges {
		strength[e.i] += e.w
		strength[e.j] += e.w
	}
	// Community of each node, as an index into comms (-1: none).
	com := make([]int, n)
	var comms []string
	if comc != nil {
		rows := make([]int, comc.Len())
		for i := range rows {
			rows[i] = i
		}
		if comc.Type == table.Int || comc.Type == table.Float {
			sort.SliceStable(rows, func(a, b int) bool { return idLessMissingLast(comc, rows[a], rows[b]) })
		}
		idx := map[string]int{}
		for _, r := range rows {
			if comc.IsMissing(r) {
				continue
			}
			if _, ok := idx[comc.Format(r)]; !ok {
				idx[comc.Format(r)] = len(comms)
				comms = append(comms, comc.Format(r))
			}
		}
		for v := range com {
			com[v] = -1
			if r := g.row[v]; !comc.IsMissing(r) {
				com[v] = idx[comc.Format(r)]
			}
		}
	}
	order := make([]int, n)
	for v := range order {
		order[v] = v
	}
	sort.SliceStable(order, func(a, b int) bool {
		ca, cb := com[order[a]], com[order[b]]
		if ca != cb {
			if ca < 0 || cb < 0 {
				return cb < 0
			}
			return ca < cb
		}
		return strength[order[a]] > strength[order[b]]
	})
	pos := make([]int, n) // matrix position of each node
	for p, v := range order {
		pos[v] = p
	}

	if pg.Height == 0 {
		pg.Height = math.Max(2.5, math.Min(4.8, pg.Width-0.55))
	}
	p := newPlot(st, ticker{}, ticker{})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(n), 0, float64(n)
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.X.Padding, p.Y.Padding = 0, 0
	var ticks plot.ConstantTicks
	var sizes []float64 // nodes in the community of each tick
	var bounds []float64
	title := hm.AxisLabel
	if nodeLabels {
		for p, v := range order {
			t := g.ids[v]
			if labc != nil && !labc.IsMissing(g.row[v]) {
				t = labc.Format(g.row[v])
			}
			ticks = append(ticks, plot.Tick{Value: float64(p) + 0.5, Label: t})
		}
		if title == "" {
			title = "Node"
		}
	}
	if comc != nil {
		start := 0
		for p := 1; p <= n; p++ {
			if p == n || com[order[p]] != com[order[start]] {
				if !nodeLabels {
					name := "none"
					if c := com[order[start]]; c >= 0 {
						name = comms[c]
					}
					ticks = append(ticks, plot.Tick{Value: float64(start+p) / 2, Label: name})
					sizes = append(sizes, float64(p-start))
				}
				if p < n {
					bounds = append(bounds, float64(p))
				}
				start = p
			}
		}
		if title == "" {
			title = hm.Community
		}
		if !nodeLabels {
			// The matrix side is at most the page height less the
			// axis titles and tick labels (about 0.75 in).
			ticks = thinTicks(ticks, sizes, float64(n), vg.Length(pg.Height-0.75)*vg.Inch, st.tick())
		}
	}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Marker = ticks
		a.Tick.Length = 0
		if nodeLabels && n > 20 {
			a.Tick.Label.Font.Size = vg.Points(math.Max(4, st.base-3))
		}
	}
	if nodeLabels {
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	p.X.Label.Text, p.Y.Label.Text = title, title
	cells := make([][3]float64, 0, 2*len(g.edges))
	for _, e := range g.edges {
		cells = append(cells, [3]float64{float64(pos[e.i]), float64(pos[e.j]), e.w}, [3]float64{float64(pos[e.j]), float64(pos[e.i]), e.w})
	}
	p.Add(&matrix{n: n, cells: cells, max: g.maxW, bounds: bounds})
	wname := hm.ColorLabel
	if wname == "" {
		wname = hm.Weight
		if wname == "" && in.Data.Col("weight") != nil {
			wname = "weight"
		}
	}
	fig := &figure{grid: [][]*panel{{{p: p}}}, square: true}
	if g.maxW > 0 {
		fig.colorbar = &colorbar{title: wname, min: 0, max: g.maxW, tk: ticker{n: tickCount(pg.Height-1, false)}}
	}
	return fig, nil
}

// thinTicks drops the labels of ticks (in data units on an axis of span
// data units drawn over length) that would overlap another label, so that
// the names of small communities squeezed between large ones do not print
// over each other. weight[i] is tick i's claim to its label (the size of
// its community): labels are placed from the heaviest down, ties by
// position, and each is kept if it overlaps none placed before it. A label
// needs its width or height in sty, whichever is larger (the same ticks
// serve the horizontal axis, where labels sit side by side, and the
// vertical one, where they stack), plus a little space.
func thinTicks(ticks plot.ConstantTicks, weight []float64, span float64, length vg.Length, sty text.Style) plot.ConstantTicks {
	if span <= 0 || length <= 0 {
		return ticks
	}
	per := float64(length) / span // points per data unit
	order := make([]int, len(ticks))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weight[order[a]] > weight[order[b]] })
	type seg struct{ lo, hi float64 }
	var taken []seg
	keep := make([]bool, len(ticks))
	for _, i := range order {
		t := ticks[i]
		half := float64(max(width(sty, t.Label), lineHeight(sty)))/2 + float64(vg.Points(1))
		at := t.Value * per
		s := seg{at - half, at + half}
		free := true
		for _, o := range taken {
			if s.lo < o.hi && o.lo < s.hi {
				free = false
				break
			}
		}
		if free {
			taken = append(taken, s)
			keep[i] = true
		}
	}
	var out plot.ConstantTicks
	for i, t := range ticks {
		if keep[i] {
			out = append(out, t)
		}
	}
	return out
}

// idLessMissingLast orders a numeric column's rows by value, missing last.
func idLessMissingLast(c *table.Column, a, b int) bool {
	ma, mb := c.IsMissing(a), c.IsMissing(b)
	if ma || mb {
		return !ma && mb
	}
	return idLess(c, a, b)
}

// matrix draws an n×n grid of cells [row, col, weight] as an image, with
// separator lines at the community bounds.
type matrix struct {
	n      int
	cells  [][3]float64
	max    float64
	bounds []float64
}

func (m *matrix) Plot(c draw.Canvas, p *plot.Plot) {
	// Each cell is k×k pixels, nearest-neighbour, so that scaling by the
	// viewer blurs only the cells' edges: at the canvas resolution for
	// PNG, and at least 300 pixels across for vector output.
	px := 300.0
	if d, ok := c.Canvas.(interface{ DPI() float64 }); ok && d.DPI() > 72 {
		px = float64(c.Max.X-c.Min.X) / float64(vg.Inch) * d.DPI()
	}
	k := max(1, int(math.Ceil(px/float64(m.n))))
	img := image.NewNRGBA(image.Rect(0, 0, m.n*k, m.n*k))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for _, cl := range m.cells {
		col := sequential(cl[2] / m.max)
		r, q := int(cl[0]), int(cl[1])
		for y := r * k; y < (r+1)*k; y++ {
			for x := q * k; x < (q+1)*k; x++ {
				img.SetNRGBA(x, y, col)
			}
		}
	}
	c.DrawImage(c.Rectangle, img)
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: color.NRGBA{0x33, 0x33, 0x33, 0xFF}, Width: vg.Points(0.5)}
	for _, b := range m.bounds {
		c.StrokeLine2(ls, trX(b), c.Min.Y, trX(b), c.Max.Y)
		c.StrokeLine2(ls, c.Min.X, trY(b), c.Max.X, trY(b))
	}
	frame := draw.LineStyle{Color: grey, Width: vg.Points(0.4)}
	c.StrokeLines(frame, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}, c.Min})
}
