package plots

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"testing"
)

// pdfStreams returns the decompressed Flate streams of a PDF written by
// fpdf, each with the dictionary before it.
func pdfStreams(t *testing.T, pdf []byte) (dicts []string, data [][]byte) {
	t.Helper()
	re := regexp.MustCompile(`(?s)<<([^>]*(?:>>[^>]*)?)>>\nstream\n`)
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		start := m[1]
		end := bytes.Index(pdf[start:], []byte("\nendstream"))
		if end < 0 {
			t.Fatal("unterminated stream")
		}
		dict := string(pdf[m[2]:m[3]])
		raw := pdf[start : start+end]
		if !bytes.Contains([]byte(dict), []byte("/FlateDecode")) {
			dicts, data = append(dicts, dict), append(data, raw)
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("stream after %q: %v", dict, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("stream after %q: %v", dict, err)
		}
		dicts, data = append(dicts, dict), append(data, b)
	}
	return dicts, data
}

// TestPDFWorkarounds checks the two vgpdf bugs pdfCanvas works around:
// translucent colours must reach the PDF with straight (not premultiplied)
// components, and images must not be upside down.
func TestPDFWorkarounds(t *testing.T) {
	c := goldenCase{}
	for _, k := range catalogue() {
		if k.name == "timeseries_band_panels" {
			c = k
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, PDF, c.chart, c.in(t), c.page); err != nil {
		t.Fatal(err)
	}
	_, streams := pdfStreams(t, buf.Bytes())
	var content []byte
	for _, s := range streams {
		content = append(content, s...)
	}
	// The band is Okabe-Ito blue (0, 114, 178) at 25% opacity.
	if !bytes.Contains(content, []byte("0.000 0.447 0.698 rg")) {
		t.Error("no fill in straight Okabe-Ito blue")
	}
	if bytes.Contains(content, []byte("0.000 0.110 0.173 rg")) || bytes.Contains(content, []byte("0.000 0.110 0.173 RG")) {
		t.Error("a premultiplied blue reached the PDF: translucent colours are darkened")
	}

	// The heatmap's colour bar is a 1×256 image, high (yellow) at the top.
	// vgpdf draws images upside down, so the file must store it low end
	// first for it to show the right way up.
	for _, k := range catalogue() {
		if k.name == "heatmap" {
			c = k
		}
	}
	buf.Reset()
	if err := Render(&buf, PDF, c.chart, c.in(t), c.page); err != nil {
		t.Fatal(err)
	}
	dicts, streams := pdfStreams(t, buf.Bytes())
	found := false
	for i, d := range dicts {
		if !bytes.Contains([]byte(d), []byte("/Width 1\n/Height 256")) {
			continue
		}
		found = true
		// PNG-predicted rows: one filter byte, then RGB. The first pixel
		// of the first row is stored as is whatever the filter.
		first := streams[i][1:4]
		v := viridis[0]
		if first[0] != v.R || first[1] != v.G || first[2] != v.B {
			t.Errorf("colour bar image starts with %x, want viridis[0] %02x%02x%02x", first, v.R, v.G, v.B)
		}
	}
	if !found {
		t.Error("no colour bar image in the PDF")
	}
}
