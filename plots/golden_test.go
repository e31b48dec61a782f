package plots

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCase is one figure of the catalogue, drawn from the fixtures.
type goldenCase struct {
	name  string
	chart Chart
	in    func(t testing.TB) Inputs
	page  Page
	pdf   bool // also keep a PDF golden
}

func data(file string) func(t testing.TB) Inputs {
	return func(t testing.TB) Inputs { return Inputs{Data: readCSV(t, file)} }
}

func network(t testing.TB) Inputs {
	return Inputs{Data: readCSV(t, "net2014_edges.csv"), Nodes: readCSV(t, "net2014_nodes.csv")}
}

var markers = []RefLine{{X: 1945, Label: "1945"}, {X: 1989, Label: "1989"}}

// catalogue lists every kind at least once, with the options a paper
// would use.
func catalogue() []goldenCase {
	return []goldenCase{
		{name: "timeseries", chart: &TimeSeries{Y: "count", Group: "series", RefLines: markers,
			Axes: Axes{XLabel: "Year", YLabel: "Number", YZero: true}}, in: data("igo_states_year.csv"), pdf: true},
		{name: "timeseries_band_panels", chart: &TimeSeries{Y: "polyarchy", Group: "ccode", Label: "stateabb",
			Lower: "conf_low", Upper: "conf_high", Panels: true, RefLines: markers,
			Axes: Axes{XLabel: "Year", YLabel: "Electoral democracy (V-Dem)", YZero: true}}, in: data("polyarchy.csv")},
		{name: "timeseries_endlabels", chart: &TimeSeries{Y: "igo_full", Group: "ccode", Label: "stateabb", EndLabels: true,
			Axes: Axes{XLabel: "Year", YLabel: "Full IGO memberships"}}, in: data("memberships.csv")},
		{name: "ranking_bump", chart: &Ranking{Y: "igo_full", Group: "ccode", Label: "stateabb",
			Axes: Axes{XLabel: "Year", YLabel: "Rank by full IGO memberships"}}, in: data("ranking.csv")},
		{name: "ranking_lines", chart: &Ranking{Y: "igo_full", Group: "ccode", Label: "stateabb", Style: "lines", Top: 6,
			Axes: Axes{XLabel: "Year", YLabel: "Full IGO memberships"}}, in: data("ranking.csv")},
		{name: "coef", chart: &Coef{Model: "vcov", Drop: []string{"(Intercept)"}, XLabel: "Poisson coefficient (95% CI)"},
			in: data("coef.csv"), page: Page{LegendTitle: "Standard errors"}},
		{name: "network", chart: &Network{Backbone: "backbone", Category: "regime", Size: "igo_full",
			SizeLabel: "IGO memberships", Label: "stateabb"}, in: network},
		{name: "heatmap", chart: &Heatmap{Community: "community", ColorLabel: "Joint full IGO memberships",
			AxisLabel: "Community (Louvain)"}, in: network},
		{name: "histogram", chart: &Distribution{X: "igo_full", Group: "year",
			Axes: Axes{XLabel: "Full IGO memberships", YLabel: "States"}}, in: data("distribution.csv")},
		{name: "ecdf", chart: &Distribution{X: "igo_full", Group: "year", Style: "ecdf",
			Axes: Axes{XLabel: "Full IGO memberships", YLabel: "Share of states"}}, in: data("distribution.csv")},
		{name: "bars", chart: &Bars{X: "decade", Y: "igos", Group: "composition",
			Axes: Axes{XLabel: "Year", YLabel: "IGOs alive"}}, in: data("bars.csv"),
			page: Page{Title: "Intergovernmental organizations by the regime types of their full members, 1950-2010"}},
	}
}

const goldenDPI = 100

// fontData matches the base64 font programs vgsvg embeds in SVG files.
var fontData = regexp.MustCompile(`(data:font/ttf;charset=utf-8;base64,)([A-Za-z0-9+/=]+)`)

// stripFonts replaces each embedded font program in an SVG by the sha256
// of its bytes, so that golden SVGs stay small while still pinning the
// exact font embedded (TestFontsEmbedded checks the font itself).
func stripFonts(svg []byte) []byte {
	return fontData.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := fontData.FindSubmatch(m)
		raw, err := base64.StdEncoding.DecodeString(string(sub[2]))
		if err != nil {
			return []byte("undecodable-font")
		}
		sum := sha256.Sum256(raw)
		return append(append([]byte(nil), sub[1]...), "sha256:"+hex.EncodeToString(sum[:])...)
	})
}

func render(t testing.TB, c goldenCase, f Format) []byte {
	t.Helper()
	pg := c.page
	pg.DPI = goldenDPI
	var buf bytes.Buffer
	if err := Render(&buf, f, c.chart, c.in(t), pg); err != nil {
		t.Fatalf("%s.%s: %v", c.name, f, err)
	}
	return buf.Bytes()
}

// TestGolden renders every figure of the catalogue as PNG and SVG (and
// PDF for one), twice, with GOMAXPROCS 1 and 2, checks that the bytes do
// not change, and compares them with the golden files.
func TestGolden(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range catalogue() {
		formats := []Format{PNG, SVG}
		if c.pdf {
			formats = append(formats, PDF)
		}
		for _, f := range formats {
			t.Run(c.name+"."+string(f), func(t *testing.T) {
				runtime.GOMAXPROCS(1)
				a := render(t, c, f)
				runtime.GOMAXPROCS(2)
				b := render(t, c, f)
				if !bytes.Equal(a, b) {
					t.Fatalf("output differs between GOMAXPROCS=1 and 2 (%d and %d bytes)", len(a), len(b))
				}
				if f == SVG {
					a = stripFonts(a)
				}
				path := filepath.Join("testdata", "golden", c.name+"."+string(f))
				if *update {
					if err := os.WriteFile(path, a, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(a, want) {
					got := path + ".got"
					os.WriteFile(got, a, 0o644)
					t.Errorf("%s differs from the golden file (%d bytes, golden %d); wrote %s", path, len(a), len(want), got)
				}
			})
		}
	}
}

// TestDoubleColumn renders the catalogue at double-column width: it must
// draw without error and deterministically (no golden: the single-column
// goldens pin the drawing code).
func TestDoubleColumn(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, c := range catalogue() {
		c.page.Width = DoubleColumn
		a := render(t, c, PNG)
		b := render(t, c, PNG)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: double-column PNG differs between runs", c.name)
		}
	}
}

func ExampleSave() {
	// A tidy table: one row per year and series.
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	tb, _ := parseCSV(bytes.NewReader([]byte("year,series,count\n1990,IGOs,300\n1991,IGOs,310\n1992,IGOs,320\n")), "igos.csv")
	chart := &TimeSeries{Y: "count", Group: "series", Axes: Axes{YLabel: "IGOs alive"}}
	err := Save(filepath.Join(dir, "igos.svg"), chart, Inputs{Data: tb}, Page{Width: SingleColumn})
	fmt.Println(err)
	// Output: <nil>
}
