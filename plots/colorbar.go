package plots

import (
	"image"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A colorbar is the key of a sequential (viridis) colour scale, drawn
// upright to the right of the panels, as tall as their data area.
type colorbar struct {
	title    string
	min, max float64
	tk       ticker
	canvas   draw.Canvas // set by figure.draw
}

const cbarTick = 2 // points

func (cb *colorbar) width(st style) vg.Length {
	var lw vg.Length
	for _, t := range cb.tk.Ticks(cb.min, cb.max) {
		lw = max(lw, width(st.tick(), t.Label))
	}
	w := vg.Points(cbarWidth+cbarTick+2) + lw
	if cb.title != "" {
		w += vg.Points(3) + lineHeight(st.axisTitle())
	}
	return w
}

// gradient is a 1-pixel-wide viridis ramp, bottom = low. Viewers smooth it
// when scaling, which is what a continuous scale should look like.
var gradient = func() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 1, 256))
	for i := 0; i < 256; i++ {
		img.SetNRGBA(0, 255-i, viridis[i])
	}
	return img
}()

func (cb *colorbar) draw(st style, lo, hi vg.Length) {
	c := cb.canvas
	x0 := c.Min.X
	r := vg.Rectangle{Min: vg.Point{X: x0, Y: lo}, Max: vg.Point{X: x0 + vg.Points(cbarWidth), Y: hi}}
	c.DrawImage(r, gradient)
	ls := draw.LineStyle{Color: grey, Width: vg.Points(0.4)}
	c.StrokeLines(ls, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	sty := st.tick()
	var lw vg.Length
	for _, t := range cb.tk.Ticks(cb.min, cb.max) {
		f := (t.Value - cb.min) / (cb.max - cb.min)
		if math.IsNaN(f) || f < -1e-9 || f > 1+1e-9 {
			continue
		}
		y := lo + vg.Length(f)*(hi-lo)
		c.StrokeLine2(ls, r.Max.X, y, r.Max.X+vg.Points(cbarTick), y)
		textAt(c, sty, vg.Point{X: r.Max.X + vg.Points(cbarTick+1.5), Y: y}, draw.XLeft, draw.YCenter, t.Label)
		lw = max(lw, width(sty, t.Label))
	}
	if cb.title != "" {
		ts := st.axisTitle()
		ts.Rotation = math.Pi / 2
		x := r.Max.X + vg.Points(cbarTick+1.5+3) + lw
		textAt(c, ts, vg.Point{X: x, Y: (lo + hi) / 2}, draw.XCenter, draw.YTop, cb.title)
	}
}
