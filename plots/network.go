package plots

import (
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Network draws a sociogram of one network layer in one year: nodes placed
// by a seeded force-directed layout (see forceLayout: the same seed gives
// the same picture, to the byte), coloured by a category (such as regime
// type) with a legend, sized by a measure (node area proportional to the
// value), with edges drawn wider and darker the heavier they are, and the
// most important nodes labelled without overlaps.
//
// The edge table has one row per undirected edge (source, target, and an
// optional weight); the node table one row per node. Every edge end must
// be in the node table; nodes without edges are drawn too. With Backbone
// set, only the edges flagged true are drawn, and only they shape the
// layout.
type Network struct {
	// Source and Target are the edge ends (default "ccode1" and "ccode2").
	Source string `toml:"source"`
	Target string `toml:"target"`
	// Weight is the edge weight (default "weight" when the edge table has
	// such a column, else every edge weighs 1; "-" ignores a weight column).
	Weight string `toml:"weight"`
	// Backbone, if set, is a true/false edge column: only true edges are
	// drawn and laid out.
	Backbone string `toml:"backbone"`
	// Node is the node table's id column (default "ccode").
	Node string `toml:"node"`
	// Category colours the nodes, with a legend; categories keep the
	// order of CategoryOrder, then of first appearance in the node table.
	Category      string   `toml:"category"`
	CategoryOrder []string `toml:"category_order"`
	// CategoryColors optionally names the colour of each category, in
	// category order, from the Okabe-Ito palette (see ColorNames): blue,
	// vermillion, bluish green, orange, reddish purple, sky blue, black,
	// yellow. Categories beyond the list take the palette's colours in
	// its order. By default the categories take the palette in order.
	CategoryColors []string `toml:"category_colors"`
	// Size sets node areas in proportion to its values (which must be at
	// least zero). A node whose size is missing is drawn as a ring.
	// SizeLabel names the measure in the legend (default: the column name).
	Size      string `toml:"size"`
	SizeLabel string `toml:"size_label"`
	// Label is the text for labelled nodes, such as stateabb (default:
	// the node id).
	Label string `toml:"label"`
	// Labels is how many nodes get labels: the largest by LabelBy, else
	// by Size, else by weighted degree; ties go to the lower id. Default
	// 10; negative for none.
	Labels int `toml:"labels"`
	// LabelBy names a numeric node column that chooses the labelled nodes
	// (the Labels largest; missing values last), such as a state's
	// strength relative to the strongest of its community, to name every
	// cluster's leader rather than only the largest nodes.
	LabelBy string `toml:"label_by"`
	// Seed seeds the layout's starting positions (default 1).
	Seed uint64 `toml:"seed"`
	// Iterations is the number of layout iterations (default 500).
	Iterations int `toml:"iterations"`
}

// Kind returns "network".
func (*Network) Kind() string { return "network" }

func (nw *Network) build(in Inputs, pg *Page, st style) (*figure, error) {
	k := nw.Kind()
	g, err := readGraph(k, in, graphOptions{source: nw.Source, target: nw.Target, weight: nw.Weight, backbone: nw.Backbone, node: nw.Node})
	if err != nil {
		return nil, err
	}
	if g.nc == nil && (nw.Category != "" || nw.Size != "" || nw.Label != "") {
		return nil, g.ec.optionErrorf("category", "options category, size and label read the node table, and none was given")
	}
	iters := nw.Iterations
	if iters == 0 {
		iters = 500
	}
	if iters < 1 || iters > 100000 {
		return nil, g.ec.optionErrorf("iterations", "%d: want 1 to 100000", nw.Iterations)
	}
	seed := nw.Seed
	if seed == 0 {
		seed = 1
	}
	n := len(g.ids)
	if g.nc == nil && nw.LabelBy != "" {
		return nil, g.ec.optionErrorf("label_by", "reads the node table, and none was given")
	}
	var catc, sizec, labc, byc *table.Column
	if g.nc != nil {
		if byc, err = g.nc.optionalNumeric("label_by", nw.LabelBy); err != nil {
			return nil, err
		}
		if catc, err = g.nc.optionalKeyMissingOK("category", nw.Category); err != nil {
			return nil, err
		}
		if sizec, err = g.nc.optionalNumeric("size", nw.Size); err != nil {
			return nil, err
		}
		if labc, err = g.nc.optionalKeyMissingOK("label", nw.Label); err != nil {
			return nil, err
		}
	}
	var edges []graphEdge
	for _, e := range g.edges {
		if nw.Backbone == "" || e.backbone {
			edges = append(edges, e)
		}
	}
	var lay []layoutEdge
	for _, e := range edges {
		w := 1.0
		if g.maxW > 0 {
			w = e.w / g.maxW
		}
		lay = append(lay, layoutEdge{i: e.i, j: e.j, w: w})
	}
	pos := forceLayout(n, lay, seed, iters)

	// Categories and colours.
	if len(nw.CategoryColors) > 0 && catc == nil {
		return nil, g.ec.optionErrorf("category_colors", "needs option category")
	}
	var palette []color.NRGBA
	for _, name := range nw.CategoryColors {
		c, ok := okabeItoByName[name]
		if !ok {
			return nil, g.ec.optionErrorf("category_colors", "%q is not an Okabe-Ito colour (%s)", name, strings.Join(ColorNames(), ", "))
		}
		palette = append(palette, c)
	}
	cat := make([]int, n) // -1: missing
	var cats []string
	if catc != nil {
		idx := map[string]int{}
		for _, c := range nw.CategoryOrder {
			if _, dup := idx[c]; !dup {
				idx[c] = len(cats)
				cats = append(cats, c)
			}
		}
		for r := 0; r < catc.Len(); r++ {
			if catc.IsMissing(r) {
				continue
			}
			c := catc.Format(r)
			if _, ok := idx[c]; !ok {
				idx[c] = len(cats)
				cats = append(cats, c)
			}
		}
		for v := range cat {
			cat[v] = -1
			if r := g.row[v]; !catc.IsMissing(r) {
				cat[v] = idx[catc.Format(r)]
			}
		}
	}
	// Sizes: area proportional to value.
	if pg.Height == 0 {
		pg.Height = math.Min(6, math.Max(2.5, pg.Width*0.92))
	}
	// The largest node: about half a line of legend text across, more on
	// large pages (1.2% of the shorter side).
	lh := lineHeight(st.legendText())
	rmax := max(lh*0.48, vg.Length(0.012*math.Min(pg.Width, pg.Height))*vg.Inch)
	rmin := vg.Points(1.2)
	radius := make([]vg.Length, n)
	sizeMissing := make([]bool, n)
	var smax float64
	if sizec != nil {
		for v := range radius {
			if s, ok := sizec.Float64(g.row[v]); ok {
				if s < 0 {
					return nil, g.nc.errorf("option size: column %q: data row %d holds %g; sizes must be at least zero", nw.Size, g.row[v]+1, s)
				}
				smax = math.Max(smax, s)
			}
		}
	}
	for v := range radius {
		radius[v] = (rmin + rmax) / 2
		if sizec == nil {
			continue
		}
		s, ok := sizec.Float64(g.row[v])
		if !ok {
			sizeMissing[v] = true
			radius[v] = rmin + vg.Points(0.8)
			continue
		}
		radius[v] = max(rmin, rmax*vg.Length(math.Sqrt(s/smax)))
	}
	// Which nodes get labels: by size, else weighted degree; ties by id.
	nlab := nw.Labels
	if nlab == 0 {
		nlab = 10
	}
	importance := make([]float64, n)
	rankc := sizec
	if byc != nil {
		rankc = byc
	}
	for v := range importance {
		if rankc != nil {
			importance[v] = math.Inf(-1)
			if s, ok := rankc.Float64(g.row[v]); ok {
				importance[v] = s
			}
		}
	}
	if rankc == nil {
		for _, e := range edges {
			importance[e.i] += e.w
			importance[e.j] += e.w
		}
	}
	order := make([]int, n)
	for v := range order {
		order[v] = v
	}
	sort.SliceStable(order, func(a, b int) bool { return importance[order[a]] > importance[order[b]] })
	var labels []labelItem
	for _, v := range order[:max(0, min(nlab, n))] {
		t := g.ids[v]
		if labc != nil && !labc.IsMissing(g.row[v]) {
			t = labc.Format(g.row[v])
		}
		labels = append(labels, labelItem{node: v, text: t})
	}

	p := plot.New()
	p.HideAxes()
	p.BackgroundColor = nil
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, 0.5, -0.5, 0.5
	sp := &sociogram{pos: pos, edges: edges, maxW: g.maxW, radius: radius, cat: cat, palette: palette, sizeMissing: sizeMissing, labels: labels, labelSty: st.note(), rmax: rmax}
	p.Add(sp)
	fig := &figure{grid: [][]*panel{{{p: p}}}, net: sp}
	if len(cats) > 0 || sizec != nil {
		fig.legend = newLegend(pg.LegendTitle, 2*float64(rmax.Points())+1)
		fig.legend.minRow = 2*rmax + vg.Points(1.5)
		for i, c := range cats {
			fig.legend.add(c, glyphSwatch(draw.GlyphStyle{Color: nodeColor(palette, i), Radius: rmax * 0.8, Shape: draw.CircleGlyph{}}, nil))
		}
		if catc != nil && hasMissing(cat) {
			fig.legend.add("no data", glyphSwatch(draw.GlyphStyle{Color: lightGrey, Radius: rmax * 0.8, Shape: draw.CircleGlyph{}}, nil))
		}
		if sizec != nil && smax > 0 {
			// Two reference sizes: the largest round value not above the
			// maximum, and half of it.
			ref := ticker{n: 1}.niceBelow(smax)
			name := nw.SizeLabel
			if name == "" {
				name = nw.Size
			}
			fig.legend.heading(name + ":")
			for _, v := range []float64{ref / 2, ref} {
				r := max(rmin, rmax*vg.Length(math.Sqrt(v/smax)))
				fig.legend.add(formatValue(v, true), glyphSwatch(draw.GlyphStyle{Color: grey, Radius: r, Shape: draw.RingGlyph{}}, nil))
			}
		}
	}
	return fig, nil
}

func hasMissing(cat []int) bool {
	for _, c := range cat {
		if c < 0 {
			return true
		}
	}
	return false
}

// nodeColor is the fill of category i (light grey for missing): the
// palette's colour if it has one, else the Okabe-Ito colour i.
func nodeColor(palette []color.NRGBA, i int) color.NRGBA {
	if i < 0 {
		return lightGrey
	}
	if i < len(palette) {
		return palette[i]
	}
	c, _ := category(i)
	return c
}

// niceBelow returns the largest of 1, 2 or 5 times a power of ten that is
// at most v (v > 0).
func (t ticker) niceBelow(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*mag <= v*(1+1e-12) {
			return m * mag
		}
	}
	return mag
}

// sociogram draws the laid-out network in the data area, keeping the
// layout's aspect ratio.
type sociogram struct {
	pos         [][2]float64
	edges       []graphEdge
	maxW        float64
	radius      []vg.Length
	cat         []int
	sizeMissing []bool
	palette     []color.NRGBA // category colours chosen by name
	labels      []labelItem
	labelSty    text.Style
	rmax        vg.Length
	dropped     []labelItem // labels placeLabels could not place, for tests
}

func (s *sociogram) Plot(c draw.Canvas, _ *plot.Plot) {
	m := s.rmax + vg.Points(2)
	inner := vg.Rectangle{Min: vg.Point{X: c.Min.X + m, Y: c.Min.Y + m}, Max: vg.Point{X: c.Max.X - m, Y: c.Max.Y - m}}
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range s.pos {
		lo = [2]float64{math.Min(lo[0], p[0]), math.Min(lo[1], p[1])}
		hi = [2]float64{math.Max(hi[0], p[0]), math.Max(hi[1], p[1])}
	}
	sx, sy := hi[0]-lo[0], hi[1]-lo[1]
	w, h := float64(inner.Max.X-inner.Min.X), float64(inner.Max.Y-inner.Min.Y)
	scale := math.Inf(1)
	if sx > 0 {
		scale = w / sx
	}
	if sy > 0 {
		scale = math.Min(scale, h/sy)
	}
	if math.IsInf(scale, 0) {
		scale = 0
	}
	cx := float64(inner.Min.X+inner.Max.X) / 2
	cy := float64(inner.Min.Y+inner.Max.Y) / 2
	mx, my := (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
	pt := make([]vg.Point, len(s.pos))
	for i, p := range s.pos {
		pt[i] = vg.Point{X: vg.Length(cx + (p[0]-mx)*scale), Y: vg.Length(cy + (p[1]-my)*scale)}
	}

	// Edges, lightest first so heavy ones lie on top; ties in node order.
	es := append([]graphEdge(nil), s.edges...)
	sort.SliceStable(es, func(a, b int) bool { return es[a].w < es[b].w })
	for _, e := range es {
		f := 1.0
		if s.maxW > 0 {
			f = e.w / s.maxW
		}
		ls := draw.LineStyle{Color: withAlpha(color.NRGBA{0x4D, 0x4D, 0x4D, 0xFF}, 0.15+0.45*f), Width: vg.Points(0.25 + 1.1*f)}
		c.StrokeLine2(ls, pt[e.i].X, pt[e.i].Y, pt[e.j].X, pt[e.j].Y)
	}
	// Nodes, largest first so that small ones stay visible; ties by id.
	order := make([]int, len(pt))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return s.radius[order[a]] > s.radius[order[b]] })
	outline := draw.LineStyle{Color: color.White, Width: vg.Points(0.4)}
	nodes := make([]circle, len(pt))
	for _, i := range order {
		nodes[i] = circle{x: pt[i].X, y: pt[i].Y, r: s.radius[i]}
		if s.sizeMissing[i] {
			c.DrawGlyph(draw.GlyphStyle{Color: nodeColor(s.palette, s.cat[i]), Radius: s.radius[i], Shape: draw.RingGlyph{}}, pt[i])
			continue
		}
		c.DrawGlyph(draw.GlyphStyle{Color: nodeColor(s.palette, s.cat[i]), Radius: s.radius[i], Shape: draw.CircleGlyph{}}, pt[i])
		c.DrawGlyph(draw.GlyphStyle{Color: outline.Color, Radius: s.radius[i], Shape: draw.RingGlyph{}}, pt[i])
	}
	placed, dropped := placeLabels(s.labels, nodes, s.labelSty, c.Rectangle)
	s.dropped = dropped
	for _, pl := range placed {
		nd := nodes[pl.item.node]
		if pl.leader {
			// From the node's rim towards the label's nearest point.
			tx := min(max(nd.x, pl.box.Min.X), pl.box.Max.X)
			ty := min(max(nd.y, pl.box.Min.Y), pl.box.Max.Y)
			dx, dy := float64(tx-nd.x), float64(ty-nd.y)
			if d := math.Hypot(dx, dy); d > 0 {
				sx := nd.x + vg.Length(dx/d)*nd.r
				sy := nd.y + vg.Length(dy/d)*nd.r
				c.StrokeLine2(draw.LineStyle{Color: grey, Width: vg.Points(0.4)}, sx, sy, tx, ty)
			}
		}
		halo(c, pl.box)
		textAt(c, s.labelSty, vg.Point{X: pl.box.Min.X, Y: pl.box.Min.Y + s.labelSty.FontExtents().Descent}, draw.XLeft, draw.YBottom, pl.item.text)
	}
}
