package plots

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A legend is a list of labelled swatches, drawn by the figure as a column
// (inside a panel corner or to the right) or as wrapped rows (below).
// Entries keep the order in which the chart added them, which is always the
// order of first appearance in the table or an order the user gave: never
// the order of a map.
type legend struct {
	title   string
	entries []legendEntry
	swatchW vg.Length // width of the swatch column
	minRow  vg.Length // least height of an entry (for large swatches)
}

// rowHeight is the height of one entry: a line of text, or more for tall
// swatches.
func (l *legend) rowHeight(st style) vg.Length {
	return max(lineHeight(st.legendText()), l.minRow)
}

type legendEntry struct {
	label  string
	swatch func(c draw.Canvas, r vg.Rectangle) // nil: a heading, text only
	break_ bool                                // in rows, start a new row here
}

func newLegend(title string, swatchW float64) *legend {
	return &legend{title: title, swatchW: vg.Points(swatchW)}
}

func (l *legend) add(label string, swatch func(c draw.Canvas, r vg.Rectangle)) {
	l.entries = append(l.entries, legendEntry{label: label, swatch: swatch})
}

// heading starts a new group of entries with a text-only entry, on a new
// row when the legend is laid out in rows.
func (l *legend) heading(label string) {
	l.entries = append(l.entries, legendEntry{label: label, break_: true})
}

func (l *legend) entryWidth(st style, e legendEntry) vg.Length {
	if e.swatch == nil {
		return width(st.legendText(), e.label)
	}
	return l.swatchW + vg.Points(swatchGap) + width(st.legendText(), e.label)
}

// columnSize returns the size of the legend laid out as one column.
func (l *legend) columnSize(st style) (w, h vg.Length) {
	sty := st.legendText()
	for _, e := range l.entries {
		w = max(w, l.entryWidth(st, e))
	}
	h = l.rowHeight(st) * vg.Length(len(l.entries))
	if l.title != "" {
		w = max(w, width(sty, l.title))
		h += lineHeight(sty)
	}
	return w, h
}

func (l *legend) drawColumn(c draw.Canvas, st style) {
	sty := st.legendText()
	rh := l.rowHeight(st)
	y := c.Max.Y
	if l.title != "" {
		y -= lineHeight(sty)
		textAt(c, sty, vg.Point{X: c.Min.X, Y: y + sty.FontExtents().Descent}, draw.XLeft, draw.YBottom, l.title)
	}
	for _, e := range l.entries {
		y -= rh
		l.drawEntry(c, st, e, c.Min.X, y+(rh-lineHeight(sty))/2)
	}
}

// drawEntry draws one entry whose line box has its lower left corner at
// (x, y).
func (l *legend) drawEntry(c draw.Canvas, st style, e legendEntry, x, y vg.Length) {
	sty := st.legendText()
	ext := sty.FontExtents()
	if e.swatch == nil {
		textAt(c, sty, vg.Point{X: x, Y: y + ext.Descent}, draw.XLeft, draw.YBottom, e.label)
		return
	}
	// The swatch is centred on the middle of the capitals.
	mid := y + ext.Descent + ext.Ascent*0.36
	half := ext.Ascent * 0.36
	e.swatch(c, vg.Rectangle{Min: vg.Point{X: x, Y: mid - half}, Max: vg.Point{X: x + l.swatchW, Y: mid + half}})
	textAt(c, sty, vg.Point{X: x + l.swatchW + vg.Points(swatchGap), Y: y + ext.Descent}, draw.XLeft, draw.YBottom, e.label)
}

// rows breaks the entries into rows no wider than w.
func (l *legend) rows(st style, w vg.Length) [][]legendEntry {
	var rows [][]legendEntry
	var cur []legendEntry
	var cw vg.Length
	for _, e := range l.entries {
		ew := l.entryWidth(st, e)
		if len(cur) > 0 && (e.break_ || cw+vg.Points(entryGap)+ew > w) {
			rows = append(rows, cur)
			cur, cw = nil, 0
		}
		if len(cur) > 0 {
			cw += vg.Points(entryGap)
		}
		cur = append(cur, e)
		cw += ew
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	return rows
}

func (l *legend) rowsHeight(st style, w vg.Length) vg.Length {
	h := l.rowHeight(st) * vg.Length(len(l.rows(st, w)))
	if l.title != "" {
		h += lineHeight(st.legendText())
	}
	return h
}

// drawRows draws the legend as centred rows filling c from the top.
func (l *legend) drawRows(c draw.Canvas, st style) {
	sty := st.legendText()
	rh := l.rowHeight(st)
	y := c.Max.Y
	cx := (c.Min.X + c.Max.X) / 2
	if l.title != "" {
		y -= lineHeight(sty)
		textAt(c, sty, vg.Point{X: cx, Y: y + sty.FontExtents().Descent}, draw.XCenter, draw.YBottom, l.title)
	}
	for _, row := range l.rows(st, c.Max.X-c.Min.X) {
		y -= rh
		var rw vg.Length
		for i, e := range row {
			if i > 0 {
				rw += vg.Points(entryGap)
			}
			rw += l.entryWidth(st, e)
		}
		x := cx - rw/2
		for _, e := range row {
			l.drawEntry(c, st, e, x, y+(rh-lineHeight(sty))/2)
			x += l.entryWidth(st, e) + vg.Points(entryGap)
		}
	}
}

const boxPad = 2 // points of padding inside a legend drawn in a panel

// drawBox draws the legend as a column in r, on a white ground that hides
// grid lines (r holds no data).
func (l *legend) drawBox(c draw.Canvas, r vg.Rectangle, st style) {
	c.SetColor(color.White)
	c.Fill(r.Path())
	inner := c
	inner.Rectangle = vg.Rectangle{
		Min: vg.Point{X: r.Min.X + vg.Points(boxPad), Y: r.Min.Y + vg.Points(boxPad)},
		Max: vg.Point{X: r.Max.X - vg.Points(boxPad), Y: r.Max.Y - vg.Points(boxPad)},
	}
	l.drawColumn(inner, st)
}

// corner returns the first of the data area's corners (top left, top
// right, bottom left, bottom right) where the legend, as a column, covers
// none of the panel's data.
func (l *legend) corner(pn *panel, area draw.Canvas, st style) (vg.Rectangle, bool) {
	w, h := l.columnSize(st)
	w += 2 * vg.Points(boxPad)
	h += 2 * vg.Points(boxPad)
	dc := pn.p.DataCanvas(area)
	in := vg.Points(legendInset)
	if w > (dc.Max.X-dc.Min.X)/2+in || h > (dc.Max.Y-dc.Min.Y)*0.6 {
		return vg.Rectangle{}, false // too big to sit in a corner
	}
	left, right := dc.Min.X+in, dc.Max.X-in-w
	bottom, top := dc.Min.Y+in, dc.Max.Y-in-h
	trX, trY := pn.p.Transforms(&dc)
	pts := make([][]vg.Point, len(pn.marks))
	for i, m := range pn.marks {
		pts[i] = make([]vg.Point, len(m.xy))
		for j, xy := range m.xy {
			pts[i][j] = vg.Point{X: trX(xy[0]), Y: trY(xy[1])}
		}
	}
	for _, o := range [][2]vg.Length{{left, top}, {right, top}, {left, bottom}, {right, bottom}} {
		r := vg.Rectangle{Min: vg.Point{X: o[0], Y: o[1]}, Max: vg.Point{X: o[0] + w, Y: o[1] + h}}
		free := true
		for i, m := range pn.marks {
			if hits(r, pts[i], m) {
				free = false
				break
			}
		}
		if free {
			return r, true
		}
	}
	return vg.Rectangle{}, false
}

// hits reports whether the mark with canvas points pts touches r (grown by
// a small clearance).
func hits(r vg.Rectangle, pts []vg.Point, m mark) bool {
	const clear = 2
	r.Min.X -= vg.Points(clear) + m.radius
	r.Min.Y -= vg.Points(clear) + m.radius
	r.Max.X += vg.Points(clear) + m.radius
	r.Max.Y += vg.Points(clear) + m.radius
	for i, p := range pts {
		if isNaNPoint(p) {
			continue
		}
		if contains(r, p) {
			return true
		}
		var q vg.Point
		switch {
		case i+1 < len(pts):
			q = pts[i+1]
		case m.closed && len(pts) > 2:
			q = pts[0]
		default:
			continue
		}
		if !isNaNPoint(q) && segmentHitsRect(p, q, r) {
			return true
		}
	}
	if m.closed && len(pts) > 2 {
		return insidePolygon(r.Min, pts)
	}
	return false
}

func isNaNPoint(p vg.Point) bool { return p.X != p.X || p.Y != p.Y }

func contains(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentHitsRect reports whether segment pq meets r (Liang-Barsky).
func segmentHitsRect(p, q vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(p.X - r.Min.X)},
		{dx, float64(r.Max.X - p.X)},
		{-dy, float64(p.Y - r.Min.Y)},
		{dy, float64(r.Max.Y - p.Y)},
	} {
		pp, qq := e[0], e[1]
		if pp == 0 {
			if qq < 0 {
				return false
			}
			continue
		}
		t := qq / pp
		if pp < 0 {
			if t > t1 {
				return false
			}
			t0 = max(t0, t)
		} else {
			if t < t0 {
				return false
			}
			t1 = min(t1, t)
		}
	}
	return true
}

// insidePolygon reports whether p is inside the polygon (even-odd rule).
func insidePolygon(p vg.Point, poly []vg.Point) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// Swatches.

func lineSwatch(ls draw.LineStyle) func(draw.Canvas, vg.Rectangle) {
	return func(c draw.Canvas, r vg.Rectangle) {
		y := (r.Min.Y + r.Max.Y) / 2
		c.StrokeLine2(ls, r.Min.X, y, r.Max.X, y)
	}
}

func bandSwatch(fill color.Color, ls draw.LineStyle) func(draw.Canvas, vg.Rectangle) {
	return func(c draw.Canvas, r vg.Rectangle) {
		c.SetColor(fill)
		c.Fill(r.Path())
		lineSwatch(ls)(c, r)
	}
}

func boxSwatch(fill color.Color) func(draw.Canvas, vg.Rectangle) {
	return func(c draw.Canvas, r vg.Rectangle) {
		s := r.Max.Y - r.Min.Y
		sq := vg.Rectangle{Min: r.Min, Max: vg.Point{X: r.Min.X + s, Y: r.Max.Y}}
		c.SetColor(fill)
		c.Fill(sq.Path())
	}
}

func glyphSwatch(gs draw.GlyphStyle, ls *draw.LineStyle) func(draw.Canvas, vg.Rectangle) {
	return func(c draw.Canvas, r vg.Rectangle) {
		y := (r.Min.Y + r.Max.Y) / 2
		if ls != nil {
			c.StrokeLine2(*ls, r.Min.X, y, r.Max.X, y)
		}
		c.DrawGlyph(gs, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: y})
	}
}
