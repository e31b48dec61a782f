package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Standard figure widths, in inches.
const (
	SingleColumn = 3.5
	DoubleColumn = 7.0
)

// okabeIto is the Okabe-Ito palette of eight colours distinguishable by
// readers with the common colour-vision deficiencies (Okabe and Ito 2008,
// "Color Universal Design"), ordered so that the colours that read best as
// thin lines on white come first and yellow comes last.
var okabeIto = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// okabeItoNames names the colours of okabeIto, in its order.
var okabeItoNames = []string{"blue", "vermillion", "bluish green", "orange", "reddish purple", "sky blue", "black", "yellow"}

var okabeItoByName = func() map[string]color.NRGBA {
	m := map[string]color.NRGBA{}
	for i, n := range okabeItoNames {
		m[n] = okabeIto[i]
	}
	return m
}()

// ColorNames returns the names of the Okabe-Ito colours, in the order in
// which categories take them: blue, vermillion, bluish green, orange,
// reddish purple, sky blue, black, yellow.
func ColorNames() []string { return append([]string(nil), okabeItoNames...) }

// dashCycle is the dash pattern used once the palette has been used up, so
// that the ninth series differs from the first.
var dashCycle = [][]vg.Length{nil, {vg.Points(3), vg.Points(1.5)}, {vg.Points(1), vg.Points(1)}, {vg.Points(4), vg.Points(1.5), vg.Points(1), vg.Points(1.5)}}

// category returns the fill colour of the i-th category (bars, nodes):
// all eight Okabe-Ito colours, then again with a dash pattern for any
// outline.
func category(i int) (color.NRGBA, []vg.Length) {
	n := len(okabeIto)
	return okabeIto[i%n], dashCycle[(i/n)%len(dashCycle)]
}

// lineCategory returns the colour and dash pattern of the i-th line: the
// Okabe-Ito colours without yellow, which is too light for a thin line on
// white, then the same colours dashed.
func lineCategory(i int) (color.NRGBA, []vg.Length) {
	n := len(okabeIto) - 1
	return okabeIto[i%n], dashCycle[(i/n)%len(dashCycle)]
}

// halo paints a translucent white box behind a label at r, so that the
// label stays legible where it crosses lines.
func halo(c draw.Canvas, r vg.Rectangle) {
	p := vg.Points(0.6)
	r.Min.X -= p
	r.Min.Y -= p
	r.Max.X += p
	r.Max.Y += p
	c.SetColor(withAlpha(color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}, 0.8))
	c.Fill(r.Path())
}

// sequential maps v in [0, 1] to viridis; values outside are clamped.
func sequential(v float64) color.NRGBA {
	if math.IsNaN(v) || v < 0 {
		v = 0
	}
	if v > 1 {
		v = 1
	}
	return viridis[int(math.Round(v*255))]
}

var (
	grey      = color.NRGBA{0x66, 0x66, 0x66, 0xFF}
	lightGrey = color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}
	gridGrey  = color.NRGBA{0xE3, 0xE3, 0xE3, 0xFF}
	textBlack = color.NRGBA{0x1A, 0x1A, 0x1A, 0xFF}
	whiteEdge = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// withAlpha returns c with alpha a in [0, 1], as a non-premultiplied colour.
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(255 * a))
	return c
}

// style holds the text sizes of one figure, derived from Page.FontSize
// (the size of axis titles). Tick labels, legends and strips are a point
// smaller; annotations two points smaller, never below 5 pt.
type style struct {
	base float64
}

// The one typeface used everywhere. A single face keeps embedded SVG and
// PDF files small (one font program each).
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

func (s style) text(size float64) text.Style {
	return text.Style{
		Color:   textBlack,
		Font:    font.From(sansFont, vg.Points(size)),
		Handler: plotTextHandler,
	}
}

func (s style) axisTitle() text.Style { return s.text(s.base) }
func (s style) tick() text.Style      { return s.text(s.base - 1) }
func (s style) legendText() text.Style {
	return s.text(s.base - 1)
}
func (s style) strip() text.Style { return s.text(s.base - 0.5) }
func (s style) title() text.Style { return s.text(s.base + 1) }
func (s style) note() text.Style  { return s.text(math.Max(5, s.base-2)) }

// width returns the width of str set in sty.
func width(sty text.Style, str string) vg.Length {
	return sty.Rectangle(str).Size().X
}

// lineHeight returns the height of one line of text in sty.
func lineHeight(sty text.Style) vg.Length {
	return sty.FontExtents().Height
}

// textAt draws str with its anchor at pt, aligned by xa and ya.
func textAt(c draw.Canvas, sty text.Style, pt vg.Point, xa draw.XAlignment, ya draw.YAlignment, str string) {
	sty.XAlign = xa
	sty.YAlign = ya
	c.FillText(sty, pt, str)
}
