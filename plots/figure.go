package plots

import (
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var plotTextHandler = plot.DefaultTextHandler

// A figure is what a chart builds from its tables and what render draws:
// a grid of panels with shared decorations around it.
type figure struct {
	grid           [][]*panel // rows of panels, top row first; nil cells stay empty
	xTitle, yTitle string     // shared axis titles of a multi-panel grid
	legend         *legend    // nil: no legend
	colorbar       *colorbar  // nil: no colour bar
	// insideOK allows "auto" legend placement inside a single panel, in a
	// corner that holds no data.
	insideOK bool
	// square keeps a single panel's data area square, centring the
	// figure in the room left over (a matrix has square cells).
	square bool
	// net is the sociogram of a network figure, which records the labels
	// it could not place.
	net *sociogram
}

// A panel is one plot and the geometry of its data, in data coordinates,
// which the legend placement must not cover.
type panel struct {
	p     *plot.Plot
	marks []mark
}

// A mark is data geometry: a polyline, a polygon (closed), or a point with
// a radius.
type mark struct {
	xy     [][2]float64
	closed bool
	radius vg.Length
}

func polyline(xy [][2]float64) mark { return mark{xy: xy} }
func polygon(xy [][2]float64) mark  { return mark{xy: xy, closed: true} }
func rectMark(x0, y0, x1, y1 float64) mark {
	return polygon([][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
}

const (
	outerMargin = 2   // points around the whole figure
	legendInset = 3   // points between a legend inside a panel and the axes
	panelGap    = 6   // points between panels
	swatchWidth = 12  // points
	swatchGap   = 3   // points between swatch and text
	entryGap    = 8   // points between entries in a row
	cbarWidth   = 7   // points
	cbarGap     = 6   // points between the plot and the colour bar
	titleGap    = 3   // points under the figure title
	xTitleGap   = 2   // points between shared x tick labels and the title
	stripPad    = 1.5 // points under a panel's strip title
)

// draw draws the figure on c.
func (f *figure) draw(c draw.Canvas, st style, pg *Page) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, vg.Points(outerMargin), -vg.Points(outerMargin), vg.Points(outerMargin), -vg.Points(outerMargin))

	if pg.Title != "" {
		sty := st.title()
		lines := wrap(sty, pg.Title, c.Max.X-c.Min.X)
		y := c.Max.Y
		for _, l := range lines {
			y -= lineHeight(sty)
			textAt(c, sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y - sty.FontExtents().Descent}, draw.XCenter, draw.YBottom, l)
		}
		c.Max.Y = y - vg.Points(titleGap)
	}

	if f.colorbar != nil {
		w := f.colorbar.width(st)
		cb := c
		cb.Min.X = c.Max.X - w
		c.Max.X -= w + vg.Points(cbarGap)
		f.colorbar.canvas = cb
	}

	// Legend placement: "auto" tries the empty corners of a single panel,
	// then goes outside; outside means below narrow figures and to the
	// right of wide ones.
	where := pg.Legend
	if f.legend == nil || len(f.legend.entries) == 0 {
		where = LegendNone
	}
	var inside vg.Rectangle
	if where == LegendAuto {
		where = LegendBottom
		if pg.Width >= 5 {
			where = LegendRight
		}
		if f.insideOK && len(f.grid) == 1 && len(f.grid[0]) == 1 && f.grid[0][0] != nil {
			if r, ok := f.legend.corner(f.grid[0][0], f.plotArea(c, st), st); ok {
				where, inside = legendInside, r
			}
		}
	}
	switch where {
	case LegendRight:
		w, _ := f.legend.columnSize(st)
		lc := c
		lc.Min.X = c.Max.X - w
		c.Max.X -= w + vg.Points(entryGap)
		f.legend.drawColumn(lc, st)
	case LegendBottom:
		h := f.legend.rowsHeight(st, c.Max.X-c.Min.X)
		lc := c
		lc.Max.Y = c.Min.Y + h
		c.Min.Y += h + vg.Points(entryGap)/2
		f.legend.drawRows(lc, st)
	}

	area := f.plotArea(c, st)
	if f.square && len(f.grid) == 1 && len(f.grid[0]) == 1 {
		dc := f.grid[0][0].p.DataCanvas(area)
		w, h := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
		if w > h {
			area.Min.X += (w - h) / 2
			area.Max.X -= (w - h) / 2
			if f.colorbar != nil {
				f.colorbar.canvas.Min.X -= (w - h) / 2
				f.colorbar.canvas.Max.X -= (w - h) / 2
			}
		} else {
			area.Min.Y += (h - w) / 2
			area.Max.Y -= (h - w) / 2
		}
	}
	f.drawShared(c, area, st)
	f.drawGrid(area)
	if where == legendInside {
		f.legend.drawBox(c, inside, st)
	}
	if f.colorbar != nil {
		lo, hi := f.dataHeight(area)
		f.colorbar.draw(st, lo, hi)
	}
}

// plotArea returns the part of c left for the panels once the shared axis
// titles have their room.
func (f *figure) plotArea(c draw.Canvas, st style) draw.Canvas {
	if f.yTitle != "" {
		c.Min.X += lineHeight(st.axisTitle()) + vg.Points(xTitleGap)
	}
	if f.xTitle != "" {
		c.Min.Y += lineHeight(st.axisTitle()) + vg.Points(xTitleGap)
	}
	return c
}

func (f *figure) drawShared(c, area draw.Canvas, st style) {
	sty := st.axisTitle()
	if f.xTitle != "" {
		textAt(c, sty, vg.Point{X: (area.Min.X + area.Max.X) / 2, Y: c.Min.Y + sty.FontExtents().Descent}, draw.XCenter, draw.YBottom, f.xTitle)
	}
	if f.yTitle != "" {
		sty.Rotation = math.Pi / 2
		textAt(c, sty, vg.Point{X: c.Min.X + sty.FontExtents().Ascent, Y: (area.Min.Y + area.Max.Y) / 2}, draw.XCenter, draw.YBottom, f.yTitle)
	}
}

func (f *figure) tiles() draw.Tiles {
	cols := 0
	for _, row := range f.grid {
		cols = max(cols, len(row))
	}
	return draw.Tiles{Rows: len(f.grid), Cols: cols, PadX: vg.Points(panelGap), PadY: vg.Points(panelGap)}
}

func (f *figure) plots() [][]*plot.Plot {
	t := f.tiles()
	ps := make([][]*plot.Plot, t.Rows)
	for j, row := range f.grid {
		ps[j] = make([]*plot.Plot, t.Cols)
		for i, pn := range row {
			if pn != nil {
				ps[j][i] = pn.p
			}
		}
	}
	return ps
}

func (f *figure) canvases(area draw.Canvas) [][]draw.Canvas {
	if len(f.grid) == 1 && len(f.grid[0]) == 1 {
		return [][]draw.Canvas{{area}}
	}
	return plot.Align(f.plots(), f.tiles(), area)
}

func (f *figure) drawGrid(area draw.Canvas) {
	cs := f.canvases(area)
	for j, row := range f.grid {
		for i, pn := range row {
			if pn != nil {
				pn.p.Draw(cs[j][i])
			}
		}
	}
}

// dataHeight returns the vertical extent of the data area of the first
// panel, which the colour bar matches.
func (f *figure) dataHeight(area draw.Canvas) (lo, hi vg.Length) {
	cs := f.canvases(area)
	for j, row := range f.grid {
		for i, pn := range row {
			if pn != nil {
				dc := pn.p.DataCanvas(cs[j][i])
				return dc.Min.Y, dc.Max.Y
			}
		}
	}
	return area.Min.Y, area.Max.Y
}

// wrap breaks s into lines no wider than w, at spaces.
func wrap(sty text.Style, s string, w vg.Length) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, wd := range words {
		try := wd
		if cur != "" {
			try = cur + " " + wd
		}
		if cur != "" && width(sty, try) > w {
			lines = append(lines, cur)
			cur = wd
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
