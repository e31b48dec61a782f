package panel

import "testing"

// BenchmarkDyadYear1990to2014 builds the benchmark panel: every
// non-directed dyad-year 1990-2014 (about 440,000 rows) with IGO
// co-membership, ATOP defense pacts, contiguity and both states'
// polyarchy, from the bundled files (read and parsed each time).
// Target: under 2 s.
func BenchmarkDyadYear1990to2014(b *testing.B) {
	o := Options{Unit: DyadYear, Years: "1990-2014", Add: []string{
		"layer(igo) as igos", "atop.atop_defense as defense", "cow-contiguity.conttype",
		"vdem.v2x_polyarchy as polyarchy",
	}}
	for b.Loop() {
		t, err := Build(o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(t.NumRows()), "rows")
	}
}
