package plots

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an output file format.
type Format string

// Output formats. EPS is deliberately absent: gonum/plot's EPS writer
// neither embeds fonts nor supports transparency.
const (
	SVG Format = "svg"
	PNG Format = "png"
	PDF Format = "pdf"
)

// FormatOf returns the format named by path's extension.
func FormatOf(path string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	case ".pdf":
		return PDF, nil
	case ".eps", ".ps":
		return "", fmt.Errorf("plots: %s: EPS is not supported (it cannot embed the fonts or draw transparency); write .pdf or .svg instead", path)
	case "":
		return "", fmt.Errorf("plots: %s: no file extension: use .svg, .png or .pdf", path)
	default:
		return "", fmt.Errorf("plots: %s: unsupported figure format %q: use .svg, .png or .pdf", path, ext)
	}
}

// Save draws chart c from in and writes it to path, in the format its
// extension names. The file is replaced atomically: nothing is written
// when the options or tables are bad, and a reader never sees a partial
// file.
func Save(path string, c Chart, in Inputs, pg Page) error {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := Render(&buf, f, c, in, pg); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// Render draws chart c from in and writes it to w in format f. It checks
// everything before writing anything to w.
func Render(w io.Writer, f Format, c Chart, in Inputs, pg Page) (err error) {
	switch f {
	case SVG, PNG, PDF:
	default:
		return fmt.Errorf("plots: unsupported figure format %q: use svg, png or pdf", f)
	}
	if c == nil {
		return fmt.Errorf("plots: no chart given")
	}
	// gonum/plot reports some drawing failures by panicking; no input may
	// crash the caller, so they become errors here.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: %s: drawing failed: %v", c.Kind(), r)
		}
	}()
	pg, err = pg.normalize()
	if err != nil {
		return err
	}
	var date time.Time
	if f == PDF {
		if date, err = pdfDate(); err != nil {
			return err
		}
	}
	st := style{base: pg.FontSize}
	fig, err := c.build(in, &pg, st)
	if err != nil {
		return err
	}
	wd, ht := vg.Length(pg.Width)*vg.Inch, vg.Length(pg.Height)*vg.Inch
	var canvas vg.CanvasWriterTo
	switch f {
	case SVG:
		canvas = vgsvg.NewWith(vgsvg.UseWH(wd, ht), vgsvg.EmbedFonts(true))
	case PNG:
		canvas = pngCanvas{vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(int(math.Round(pg.DPI))))}
	case PDF:
		canvas = newPDF(wd, ht, date)
	}
	fig.draw(draw.New(canvas), st, &pg)
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return fmt.Errorf("plots: %s: encoding %s: %v", c.Kind(), f, err)
	}
	out := buf.Bytes()
	if f == PNG {
		out = withPHYs(out, pg.DPI)
	}
	_, err = w.Write(out)
	return err
}

// pngCanvas writes a vgimg canvas as PNG with deflate's fastest level:
// at 300 DPI, encoding is most of the cost of a figure, and the fastest
// level takes about half the time of the default for files some 5% larger.
type pngCanvas struct{ *vgimg.Canvas }

func (c pngCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return 0, err
	}
	return buf.WriteTo(w)
}

// pdfMu serialises PDF canvas creation: fpdf takes a document's creation
// and modification dates and its catalog-sort flag from package-level
// defaults when the document is made, and this package is the only code
// that sets them.
var pdfMu sync.Mutex

// newPDF returns a PDF canvas whose creation and modification dates are
// date (fpdf would otherwise write the current time), whose resource
// catalogs are sorted (fpdf would otherwise write fonts and images in map
// order), and which embeds its fonts.
func newPDF(w, h vg.Length, date time.Time) pdfCanvas {
	pdfMu.Lock()
	defer pdfMu.Unlock()
	fpdf.SetDefaultCreationDate(date)
	fpdf.SetDefaultModificationDate(date)
	fpdf.SetDefaultCatalogSort(true)
	c := vgpdf.New(w, h)
	c.EmbedFonts(true)
	return pdfCanvas{c}
}

// pdfCanvas works around two bugs of gonum/plot v0.17.0's vgpdf. Its
// SetColor passes the premultiplied components of a translucent colour to
// fpdf as if they were straight, so that 25% blue came out as 25% dark
// grey-blue, and white halos as grey; and its DrawImage draws images upside
// down. The wrapper hands vgpdf straight components and flips images.
type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	if a != 0 && a != 0xFFFF {
		r, g, b = r*0xFFFF/a, g*0xFFFF/a, b*0xFFFF/a
	}
	c.Canvas.SetColor(straightColor{r, g, b, a})
}

func (c pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	b := img.Bounds()
	flipped := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			flipped.Set(x, b.Dy()-1-y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	c.Canvas.DrawImage(rect, flipped)
}

// straightColor returns its components as given, not premultiplied: it
// breaks color.Color's contract on purpose, for vgpdf alone (see
// pdfCanvas).
type straightColor struct{ r, g, b, a uint32 }

func (s straightColor) RGBA() (r, g, b, a uint32) { return s.r, s.g, s.b, s.a }

// pdfDate returns the date written into PDF files: SOURCE_DATE_EPOCH when
// it is set, else the Unix epoch, in UTC.
func pdfDate() (time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return time.Unix(0, 0).UTC(), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return time.Time{}, fmt.Errorf("plots: SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970 (up to year 9999)", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// withPHYs inserts a pHYs chunk recording the resolution into a PNG
// written by image/png (which writes none), right after the IHDR chunk, so
// that programs that read it (word processors, journal checkers) see the
// intended DPI.
func withPHYs(png []byte, dpi float64) []byte {
	const ihdrEnd = 8 + 8 + 13 + 4 // signature, IHDR length+type, data, CRC
	if len(png) < ihdrEnd || string(png[12:16]) != "IHDR" {
		return png
	}
	ppm := uint32(math.Round(dpi / 0.0254))
	chunk := make([]byte, 0, 21)
	chunk = binary.BigEndian.AppendUint32(chunk, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = append(chunk, 1) // unit: metre
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := make([]byte, 0, len(png)+len(chunk))
	out = append(out, png[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, png[ihdrEnd:]...)
}

// writeAtomic writes data to path through a temporary file in the same
// directory, renamed into place once complete.
func writeAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("plots: %v", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("plots: writing %s: %v", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("plots: writing %s: %v", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("plots: writing %s: %v", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("plots: writing %s: %v", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("plots: writing %s: %v", path, err)
	}
	return nil
}
