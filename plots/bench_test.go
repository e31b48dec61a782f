package plots

import (
	"bytes"
	"testing"
)

// BenchmarkCatalogue renders every figure of the catalogue once as a
// double-column PNG at 300 DPI and once as SVG: one iteration is the
// whole catalogue.
func BenchmarkCatalogue(b *testing.B) {
	cases := catalogue()
	ins := make([]Inputs, len(cases))
	for i, c := range cases {
		ins[i] = c.in(b)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, c := range cases {
			pg := c.page
			pg.Width, pg.DPI = DoubleColumn, 300
			for _, f := range []Format{PNG, SVG} {
				buf.Reset()
				if err := Render(&buf, f, c.chart, ins[k], pg); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
