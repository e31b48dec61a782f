package plots

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/BurntSushi/toml"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/repnet/repnet/internal/table"
)

// TestFixtureFacts checks the fixtures against facts checked by hand on
// the bundled COW files (see /work/shared/data/README.md).
func TestFixtureFacts(t *testing.T) {
	tb := readCSV(t, "igo_states_year.csv")
	year, series, count := tb.Col("year"), tb.Col("series"), tb.Col("count")
	peak, peakYear := int64(0), int64(0)
	for i := 0; i < tb.NumRows(); i++ {
		if series.Strings[i] != "IGOs alive" {
			if series.Strings[i] == "States in system" && year.Ints[i] == 2014 && count.Ints[i] != 195 {
				t.Errorf("states in 2014: %d, want 195", count.Ints[i])
			}
			continue
		}
		if count.Ints[i] > peak {
			peak, peakYear = count.Ints[i], year.Ints[i]
		}
		if year.Ints[i] == 2014 && count.Ints[i] != 335 {
			t.Errorf("IGOs alive in 2014: %d, want 335", count.Ints[i])
		}
	}
	if peak != 343 || peakYear != 1994 {
		t.Errorf("peak %d IGOs in %d, want 343 in 1994", peak, peakYear)
	}
}

// Bad input: every kind reports a missing column (naming the ones there
// are), a non-numeric column where it needs numbers, and an empty table,
// and writes no file.
func TestBadInput(t *testing.T) {
	igo := readCSV(t, "igo_states_year.csv")
	edges, nodes := readCSV(t, "net2014_edges.csv"), readCSV(t, "net2014_nodes.csv")
	coef := readCSV(t, "coef.csv")
	empty := table.New(table.NewInt("year", nil), table.NewFloat("count", nil))
	emptyEdges := table.New(table.NewInt("ccode1", nil), table.NewInt("ccode2", nil))
	cases := []struct {
		name  string
		chart Chart
		in    Inputs
		want  []string // substrings of the error
	}{
		{"ts missing", &TimeSeries{Y: "igos"}, Inputs{Data: igo}, []string{`plots: timeseries`, `no column "igos"`, `columns: year, series, count`}},
		{"ts text", &TimeSeries{Y: "series"}, Inputs{Data: igo}, []string{`column "series" must hold numbers`, `data row 1 holds "IGOs alive"`}},
		{"ts empty", &TimeSeries{Y: "count"}, Inputs{Data: empty}, []string{"the table is empty"}},
		{"ts nil", &TimeSeries{Y: "count"}, Inputs{}, []string{"no table given"}},
		{"ts no y", &TimeSeries{}, Inputs{Data: igo}, []string{"option y: is required"}},
		{"ts band half", &TimeSeries{Y: "count", Lower: "count"}, Inputs{Data: igo}, []string{"lower and upper go together"}},
		{"ts duplicate x", &TimeSeries{Y: "count"}, Inputs{Data: igo}, []string{"two rows with year = 1816", "data rows 1 and 200"}},
		{"ranking missing", &Ranking{Y: "count", Group: "state"}, Inputs{Data: igo}, []string{`no column "state"`, "columns: year, series, count"}},
		{"ranking text", &Ranking{Y: "series", Group: "series"}, Inputs{Data: igo}, []string{`"series" must hold numbers`}},
		{"ranking empty", &Ranking{Y: "count", Group: "year"}, Inputs{Data: empty}, []string{"empty"}},
		{"coef missing", &Coef{Model: "model"}, Inputs{Data: coef}, []string{`no column "model"`, "columns: term, estimate, std_error, conf_low, conf_high, vcov"}},
		{"coef text", &Coef{Estimate: "vcov"}, Inputs{Data: coef}, []string{`"vcov" must hold numbers`, `"classical"`}},
		{"coef duplicate", &Coef{}, Inputs{Data: coef}, []string{`term "(Intercept)" appears twice`}},
		{"coef empty", &Coef{}, Inputs{Data: table.New(table.NewString("term", nil))}, []string{"empty"}},
		{"network missing", &Network{Size: "gdp"}, Inputs{Data: edges, Nodes: nodes}, []string{`node table has no column "gdp"`, "columns: ccode, stateabb, regime, igo_full, community"}},
		{"network text", &Network{Size: "regime"}, Inputs{Data: edges, Nodes: nodes}, []string{`"regime" must hold numbers`, `"Closed autocracy"`}},
		{"network text weight", &Network{Weight: "backbone"}, Inputs{Data: edges, Nodes: nodes}, []string{`"backbone" must hold numbers`}},
		{"network empty", &Network{}, Inputs{Data: emptyEdges}, []string{"the edge table is empty"}},
		{"network empty nodes", &Network{}, Inputs{Data: edges, Nodes: nodes.Filter(func(int) bool { return false })}, []string{"the node table is empty"}},
		{"network unknown node", &Network{}, Inputs{Data: edges, Nodes: nodes.Filter(func(i int) bool { return i > 0 })}, []string{"ccode1 = 40 is not in the node table"}},
		{"network backbone type", &Network{Backbone: "weight"}, Inputs{Data: edges, Nodes: nodes}, []string{`"weight" must hold true/false`}},
		{"heatmap missing", &Heatmap{Community: "louvain"}, Inputs{Data: edges, Nodes: nodes}, []string{`no column "louvain"`}},
		{"heatmap text", &Heatmap{Weight: "backbone"}, Inputs{Data: edges, Nodes: nodes}, []string{`must hold numbers`}},
		{"heatmap empty", &Heatmap{}, Inputs{Data: emptyEdges}, []string{"empty"}},
		{"distribution missing", &Distribution{X: "igos"}, Inputs{Data: igo}, []string{`no column "igos"`, "columns: year, series, count"}},
		{"distribution text", &Distribution{X: "series"}, Inputs{Data: igo}, []string{"must hold numbers"}},
		{"distribution empty", &Distribution{X: "count"}, Inputs{Data: empty}, []string{"empty"}},
		{"bars missing", &Bars{X: "decade", Y: "count"}, Inputs{Data: igo}, []string{`no column "decade"`}},
		{"bars text", &Bars{X: "year", Y: "series"}, Inputs{Data: igo}, []string{"must hold numbers"}},
		{"bars duplicate", &Bars{X: "year", Y: "count"}, Inputs{Data: igo}, []string{"two rows with year = 1816", "aggregate first"}},
		{"bars empty", &Bars{X: "year", Y: "count"}, Inputs{Data: empty}, []string{"empty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			err := Save(filepath.Join(dir, "fig.png"), c.chart, c.in, Page{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("files left behind: %v", ents)
			}
		})
	}
}

func TestBadPage(t *testing.T) {
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	c := &TimeSeries{Y: "count", Group: "series"}
	for _, pg := range []Page{{Width: 0.5}, {DPI: 10}, {Legend: "top"}, {FontSize: 2}, {Height: 100}} {
		if err := Render(new(bytes.Buffer), PNG, c, in, pg); err == nil {
			t.Errorf("%+v: no error", pg)
		}
	}
}

func TestFormats(t *testing.T) {
	for path, want := range map[string]Format{"a.svg": SVG, "b.PNG": PNG, "dir/c.pdf": PDF} {
		if f, err := FormatOf(path); err != nil || f != want {
			t.Errorf("FormatOf(%q) = %q, %v", path, f, err)
		}
	}
	dir := t.TempDir()
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	c := &TimeSeries{Y: "count", Group: "series"}
	for name, want := range map[string]string{"fig.eps": "EPS is not supported", "fig.ps": "EPS", "fig.jpg": `unsupported figure format ".jpg"`, "fig": "no file extension"} {
		err := Save(filepath.Join(dir, name), c, in, Page{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", name, err, want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files written: %v", ents)
	}
}

// A failed Save leaves an existing file as it was, and a good one leaves
// no temporary file behind.
func TestSaveAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fig.svg")
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	if err := Save(path, &TimeSeries{Y: "count", Group: "series"}, in, Page{}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := Save(path, &TimeSeries{Y: "nope"}, in, Page{}); err == nil {
		t.Fatal("no error")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed Save changed the existing file")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %v, want only fig.svg", ents)
	}
	if err := Save(filepath.Join(dir, "missing", "fig.svg"), &TimeSeries{Y: "count", Group: "series"}, in, Page{}); err == nil {
		t.Error("no error for a missing directory")
	}
}

var pdfDates = regexp.MustCompile(`/(CreationDate|ModDate) \(D:(\d{14})\)`)

// TestPDFReproducible renders the same PDF more than a second apart and
// compares bytes: fpdf would otherwise write the current time.
func TestPDFReproducible(t *testing.T) {
	in := network(t)
	c := &Network{Backbone: "backbone", Category: "regime", Size: "igo_full", Label: "stateabb"}
	var a, b bytes.Buffer
	if err := Render(&a, PDF, c, in, Page{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := Render(&b, PDF, c, in, Page{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("PDFs rendered 1.1 s apart differ")
	}
	ms := pdfDates.FindAllSubmatch(a.Bytes(), -1)
	if len(ms) != 2 {
		t.Fatalf("found %d PDF dates, want 2", len(ms))
	}
	for _, m := range ms {
		if string(m[2]) != "19700101000000" {
			t.Errorf("%s = %s, want the epoch", m[1], m[2])
		}
	}

	t.Setenv("SOURCE_DATE_EPOCH", "1700000000") // 2023-11-14 22:13:20 UTC
	var e bytes.Buffer
	if err := Render(&e, PDF, c, in, Page{}); err != nil {
		t.Fatal(err)
	}
	for _, m := range pdfDates.FindAllSubmatch(e.Bytes(), -1) {
		if string(m[2]) != "20231114221320" {
			t.Errorf("with SOURCE_DATE_EPOCH, %s = %s, want 20231114221320", m[1], m[2])
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if err := Render(new(bytes.Buffer), PDF, c, in, Page{}); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH: error %v", err)
	}
}

// TestFontsEmbedded checks that SVG and PDF output carry the Liberation
// Sans font program, so that they look the same where it is not installed.
func TestFontsEmbedded(t *testing.T) {
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	c := &TimeSeries{Y: "count", Group: "series"}
	var svg, pdf bytes.Buffer
	if err := Render(&svg, SVG, c, in, Page{}); err != nil {
		t.Fatal(err)
	}
	ms := fontData.FindAllSubmatch(svg.Bytes(), -1)
	if len(ms) != 1 {
		t.Fatalf("SVG embeds %d fonts, want 1", len(ms))
	}
	raw, err := base64.StdEncoding.DecodeString(string(ms[0][2]))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, liberationsansregular.TTF) {
		t.Error("the SVG's embedded font is not Liberation Sans Regular")
	}
	if !bytes.Contains(svg.Bytes(), []byte(`font-family:"Liberation Sans"`)) {
		t.Error(`SVG @font-face does not declare "Liberation Sans"`)
	}
	if err := Render(&pdf, PDF, c, in, Page{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/BaseFont /LiberationSans", "/FontFile2 ", "/Length1 " + strconv.Itoa(len(liberationsansregular.TTF))} {
		if !bytes.Contains(pdf.Bytes(), []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestPNGResolution(t *testing.T) {
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	var buf bytes.Buffer
	if err := Render(&buf, PNG, &TimeSeries{Y: "count", Group: "series"}, in, Page{Width: DoubleColumn, Height: 3}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if w, h := binary.BigEndian.Uint32(b[16:]), binary.BigEndian.Uint32(b[20:]); w != 2100 || h != 900 {
		t.Errorf("PNG is %d×%d pixels, want 2100×900 (7×3 in at 300 DPI)", w, h)
	}
	i := bytes.Index(b, []byte("pHYs"))
	if i < 0 {
		t.Fatal("no pHYs chunk")
	}
	if ppm := binary.BigEndian.Uint32(b[i+4:]); ppm != 11811 || b[i+12] != 1 {
		t.Errorf("pHYs %d per unit %d, want 11811 per metre (300 DPI)", ppm, b[i+12])
	}
}

func TestTicks(t *testing.T) {
	cases := []struct {
		tk       ticker
		min, max float64
		want     string
	}{
		{ticker{n: 4, integer: true, year: true}, 1816, 2014, "1850 1900 1950 2000"},
		{ticker{n: 3, integer: true, year: true}, 1990, 1995, "1990 1992 1994"},
		{ticker{n: 4, integer: true}, 0, 3500, "0 1,000 2,000 3,000"},
		{ticker{n: 4}, 0, 1, "0.00 0.25 0.50 0.75 1.00"},
		{ticker{n: 3}, 0, 1, "0.0 0.5 1.0"},
		{ticker{n: 4}, -0.2, 0.31, "-0.2 0.0 0.2"},
		{ticker{n: 4, integer: true}, 0, 3, "0 1 2 3"},
		{ticker{n: 2}, 0.01, 0.9, "0.25 0.50 0.75"}, // too few ticks at 0.5: step down
		{ticker{n: 5}, 1e6, 5e6, "1,000,000 2,000,000 3,000,000 4,000,000 5,000,000"},
		{ticker{n: 5, integer: true}, 0, 120, "0 25 50 75 100"},
	}
	for _, c := range cases {
		var got []string
		for _, tk := range c.tk.Ticks(c.min, c.max) {
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%+v on [%v, %v]: %q, want %q", c.tk, c.min, c.max, s, c.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		prec int
		sep  bool
		want string
	}{
		{999, 0, true, "999"}, {1000, 0, true, "1,000"}, {1994, 0, false, "1994"},
		{-1234567.5, 1, true, "-1,234,567.5"}, {-0.0001, 2, true, "0.00"}, {12345.678, 2, true, "12,345.68"},
	}
	for _, c := range cases {
		if got := formatNumber(c.v, c.prec, c.sep); got != c.want {
			t.Errorf("formatNumber(%v, %d, %v) = %q, want %q", c.v, c.prec, c.sep, got, c.want)
		}
	}
	for name, want := range map[string]bool{"year": true, "styear": true, "decade": true, "count": false, "igo_full": false} {
		if isYearName(name) != want {
			t.Errorf("isYearName(%q) = %v", name, !want)
		}
	}
}

// TestRanks compares the bump chart's ranks with ranks computed in Python
// among all states (testdata/ref_ranks.csv, by make_fixtures.py).
func TestRanks(t *testing.T) {
	tb := readCSV(t, "ranking.csv")
	cc, yc, vc := tb.Col("ccode"), tb.Col("year"), tb.Col("igo_full")
	var codes []int64
	ci := map[int64]int{}
	var years []int64
	yi := map[int64]int{}
	for i := 0; i < tb.NumRows(); i++ {
		if _, ok := ci[cc.Ints[i]]; !ok {
			ci[cc.Ints[i]] = len(codes)
			codes = append(codes, cc.Ints[i])
		}
		if _, ok := yi[yc.Ints[i]]; !ok {
			yi[yc.Ints[i]] = len(years)
			years = append(years, yc.Ints[i])
		}
	}
	val := make([][]float64, len(codes))
	for e := range val {
		val[e] = make([]float64, len(years))
		for k := range val[e] {
			val[e][k] = math.NaN()
		}
	}
	for i := 0; i < tb.NumRows(); i++ {
		val[ci[cc.Ints[i]]][yi[yc.Ints[i]]] = float64(vc.Ints[i])
	}
	rank := rankAll(val, func(a, b int) bool { return codes[a] < codes[b] })
	ref := readCSV(t, "ref_ranks.csv")
	for i := 0; i < ref.NumRows(); i++ {
		y, r, c := ref.Col("year").Ints[i], ref.Col("rank").Ints[i], ref.Col("ccode").Ints[i]
		e, ok := ci[c]
		if !ok {
			t.Errorf("%d: reference rank %d state %d is not in the fixture", y, r, c)
			continue
		}
		if got := rank[e][yi[y]]; got != float64(r) {
			t.Errorf("%d: state %d has rank %v, reference %d", y, c, got, r)
		}
	}
}

// TestHistogram compares bin counts with Python's (ref_hist.csv) and the
// Freedman-Diaconis width with R's (ref_fd.csv).
func TestHistogram(t *testing.T) {
	tb := readCSV(t, "distribution.csv")
	byYear := map[int64][]float64{}
	var all []float64
	for i := 0; i < tb.NumRows(); i++ {
		v := float64(tb.Col("igo_full").Ints[i])
		byYear[tb.Col("year").Ints[i]] = append(byYear[tb.Col("year").Ints[i]], v)
		all = append(all, v)
	}
	ref := readCSV(t, "ref_hist.csv")
	counts := map[int64][]float64{}
	for y, vs := range byYear {
		counts[y] = histogram(vs, 0, 10, 13)
	}
	for i := 0; i < ref.NumRows(); i++ {
		y, b, n := ref.Col("year").Ints[i], ref.Col("bin_start").Ints[i], ref.Col("count").Ints[i]
		if got := counts[y][b/10]; got != float64(n) {
			t.Errorf("%d bin [%d, %d): %v, reference %d", y, b, b+10, got, n)
		}
	}
	rfd := readCSV(t, "ref_fd.csv")
	sort.Float64s(all)
	q25, q75 := quantile(all, 0.25), quantile(all, 0.75)
	if want, _ := rfd.Col("q25").Float64(0); q25 != want {
		t.Errorf("q25 = %v, R %v", q25, want)
	}
	if want, _ := rfd.Col("q75").Float64(0); q75 != want {
		t.Errorf("q75 = %v, R %v", q75, want)
	}
	raw := 2 * (q75 - q25) / math.Cbrt(float64(len(all)))
	if want, _ := rfd.Col("fd_width").Float64(0); math.Abs(raw-want) > 1e-12*want {
		t.Errorf("Freedman-Diaconis width %v, R %v", raw, want)
	}
	if w := fdWidth(all, true); w != 10 {
		t.Errorf("rounded width %v, want 10 (8.74 rounded up to 1, 2, 2.5 or 5 times a power of 10, integer)", w)
	}
	if w := fdWidth(all, false); w != 10 {
		t.Errorf("rounded width %v, want 10", w)
	}
}

func TestQuantileType7(t *testing.T) {
	// R: quantile(c(1, 2, 4, 7, 11), c(0, .1, .25, .5, .9, 1)) = 1 1.4 2 4 9.4 11
	x := []float64{1, 2, 4, 7, 11}
	for p, want := range map[float64]float64{0: 1, 0.1: 1.4, 0.25: 2, 0.5: 4, 0.9: 9.4, 1: 11} {
		if got := quantile(x, p); math.Abs(got-want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, R %v", p, got, want)
		}
	}
}

func TestViridisTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "viridis_viridisLite.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 256 {
		t.Fatalf("%d reference colours", len(lines))
	}
	for i, l := range lines {
		c := viridis[i]
		if got := "#" + strings.ToUpper(hex2(c.R)+hex2(c.G)+hex2(c.B)); got != strings.ToUpper(l) {
			t.Errorf("viridis[%d] = %s, viridisLite %s", i, got, l)
		}
	}
}

func hex2(v uint8) string { return strconv.FormatUint(uint64(v)|0x100, 16)[1:] }

func TestSpread(t *testing.T) {
	h := vg.Length(8)
	cases := [][]vg.Length{
		{10, 12, 14, 50},
		{0, 0, 0, 0},
		{100, 95, 99, 30, 31},
		{-5, 200},
	}
	for _, want := range cases {
		got := spread(want, h, 0, 120)
		ys := append([]vg.Length(nil), got...)
		sort.Slice(ys, func(a, b int) bool { return ys[a] < ys[b] })
		for i := 1; i < len(ys); i++ {
			if ys[i]-ys[i-1] < h-1e-9 {
				t.Errorf("spread(%v) = %v: labels overlap", want, got)
			}
		}
		for _, y := range got {
			if y < 0 || y > 120 {
				t.Errorf("spread(%v) = %v: outside [0, 120]", want, got)
			}
		}
	}
	// Labels with room stay put.
	if got := spread([]vg.Length{10, 50, 90}, h, 0, 120); got[0] != 10 || got[1] != 50 || got[2] != 90 {
		t.Errorf("spread moved labels that had room: %v", got)
	}
}

// TestPlaceLabels places many labels among crowded nodes: no two placed
// labels may overlap, whatever is dropped.
func TestPlaceLabels(t *testing.T) {
	st := style{base: 8}
	rng := splitmix64(7)
	bounds := vg.Rectangle{Max: vg.Point{X: 200, Y: 150}}
	var nodes []circle
	var items []labelItem
	for i := 0; i < 80; i++ {
		nodes = append(nodes, circle{x: vg.Length(rng.float() * 200), y: vg.Length(rng.float() * 150), r: 2 + vg.Length(rng.float()*3)})
		items = append(items, labelItem{node: i, text: "AB" + strconv.Itoa(i)})
	}
	placed, dropped := placeLabels(items, nodes, st.note(), bounds)
	if len(placed)+len(dropped) != len(items) {
		t.Fatalf("%d placed + %d dropped != %d", len(placed), len(dropped), len(items))
	}
	for i := range placed {
		for j := i + 1; j < len(placed); j++ {
			if overlapsAny(placed[i].box, []vg.Rectangle{placed[j].box}) {
				t.Errorf("labels %q and %q overlap", placed[i].item.text, placed[j].item.text)
			}
		}
		b := placed[i].box
		if b.Min.X < 0 || b.Min.Y < 0 || b.Max.X > 200 || b.Max.Y > 150 {
			t.Errorf("label %q outside the bounds: %v", placed[i].item.text, b)
		}
	}
	if len(placed) < 40 {
		t.Errorf("only %d of 80 labels placed", len(placed))
	}
}

// TestNetworkLabelsAllPlaced checks that the golden sociogram drops none
// of its top-10 labels.
func TestNetworkLabelsAllPlaced(t *testing.T) {
	nw := &Network{Backbone: "backbone", Category: "regime", Size: "igo_full", Label: "stateabb"}
	pg, _ := Page{}.normalize()
	st := style{base: pg.FontSize}
	fig, err := nw.build(network(t), &pg, st)
	if err != nil {
		t.Fatal(err)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(pg.Width)*vg.Inch, vg.Length(pg.Height)*vg.Inch), vgimg.UseDPI(72))
	fig.draw(draw.New(c), st, &pg)
	sp := fig.net
	if sp == nil || len(sp.labels) != 10 || len(sp.dropped) != 0 {
		t.Fatalf("sociogram %v: labels asked %d, dropped %v", sp != nil, len(sp.labels), sp.dropped)
	}
}

// TestNetworkLabelByAndColors: label_by chooses the labelled nodes, and
// category_colors the categories' colours, by Okabe-Ito name.
func TestNetworkLabelByAndColors(t *testing.T) {
	in := network(t)
	pg, _ := Page{}.normalize()
	st := style{base: pg.FontSize}
	// Label the three nodes with the smallest igo_full: label_by a
	// column holding minus igo_full.
	nodes := in.Nodes
	full := nodes.Col("igo_full")
	neg := make([]float64, nodes.NumRows())
	for i := range neg {
		v, _ := full.Float64(i)
		neg[i] = -v
	}
	byNeg := table.New(append(append([]*table.Column(nil), nodes.Columns...), table.NewFloat("neg", neg))...)
	nw := &Network{Backbone: "backbone", Category: "regime", Size: "igo_full", Label: "stateabb", Labels: 3, LabelBy: "neg",
		CategoryColors: []string{"vermillion", "orange"}}
	fig, err := nw.build(Inputs{Data: in.Data, Nodes: byNeg}, &pg, st)
	if err != nil {
		t.Fatal(err)
	}
	order := make([]int, nodes.NumRows())
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return neg[order[a]] > neg[order[b]] })
	var want, got []string
	for _, i := range order[:3] {
		want = append(want, nodes.Col("stateabb").Strings[i])
	}
	for _, l := range fig.net.labels {
		got = append(got, l.text)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("labels %v, want %v", got, want)
	}
	if nodeColor(fig.net.palette, 0) != okabeIto[1] || nodeColor(fig.net.palette, 1) != okabeIto[3] || nodeColor(fig.net.palette, 2) != okabeIto[2] || nodeColor(fig.net.palette, -1) != lightGrey {
		t.Errorf("palette %v", fig.net.palette)
	}
	for _, c := range []struct {
		nw   *Network
		want string
	}{
		{&Network{Category: "regime", CategoryColors: []string{"red"}}, `option category_colors: "red" is not an Okabe-Ito colour (blue, vermillion, bluish green`},
		{&Network{CategoryColors: []string{"blue"}}, "option category_colors: needs option category"},
		{&Network{LabelBy: "regime"}, `"regime" must hold numbers`},
	} {
		if _, err := c.nw.build(in, &pg, st); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.nw, err, c.want)
		}
	}
}

func TestForceLayout(t *testing.T) {
	edges := []layoutEdge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 4, 1}, {4, 5, 0.5}, {5, 3, 1}, {2, 3, 0.1}}
	a := forceLayout(6, edges, 42, 300)
	b := forceLayout(6, edges, 42, 300)
	for i := range a {
		if math.Float64bits(a[i][0]) != math.Float64bits(b[i][0]) || math.Float64bits(a[i][1]) != math.Float64bits(b[i][1]) {
			t.Fatalf("same seed, different layouts: %v %v", a, b)
		}
	}
	c := forceLayout(6, edges, 43, 300)
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Error("different seeds gave the same layout")
	}
	dist := func(p, q [2]float64) float64 { return math.Hypot(p[0]-q[0], p[1]-q[1]) }
	// The two triangles: members of one triangle sit closer to each other
	// than to the other triangle's members.
	within := (dist(a[0], a[1]) + dist(a[1], a[2]) + dist(a[3], a[4]) + dist(a[4], a[5])) / 4
	between := (dist(a[0], a[4]) + dist(a[1], a[5]) + dist(a[0], a[3]) + dist(a[1], a[4])) / 4
	if !(within < between) {
		t.Errorf("mean distance within triangles %v, between %v", within, between)
	}
	// Normalised: the larger side of the bounding box is 1, centred.
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range a {
		for d := 0; d < 2; d++ {
			lo[d], hi[d] = math.Min(lo[d], p[d]), math.Max(hi[d], p[d])
		}
	}
	if w, h := hi[0]-lo[0], hi[1]-lo[1]; math.Abs(math.Max(w, h)-1) > 1e-12 || w < h {
		t.Errorf("bounding box %v × %v: want width 1 (principal axis horizontal)", w, h)
	}
}

func TestSplitMix64(t *testing.T) {
	// First outputs for seed 1234567 of Vigna's reference splitmix64.c,
	// checked with a Python transcription of it.
	s := splitmix64(1234567)
	want := []uint64{6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821}
	for i, w := range want {
		if got := s.next(); got != w {
			t.Errorf("output %d: %d, want %d", i, got, w)
		}
	}
}

// TestTOML decodes notebook-style TOML into the options of every kind.
func TestTOML(t *testing.T) {
	src := `
[figure]
kind = "timeseries"
y = "count"
group = "series"
y_label = "Number"
y_zero = true
ref_lines = [{x = 1945, label = "1945"}]

[page]
width = 7
legend = "bottom"
`
	var doc struct {
		Figure toml.Primitive `toml:"figure"`
		Page   Page           `toml:"page"`
	}
	md, err := toml.Decode(src, &doc)
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		Kind string `toml:"kind"`
	}
	if err := md.PrimitiveDecode(doc.Figure, &head); err != nil {
		t.Fatal(err)
	}
	c, err := New(head.Kind)
	if err != nil {
		t.Fatal(err)
	}
	if err := md.PrimitiveDecode(doc.Figure, c); err != nil {
		t.Fatal(err)
	}
	ts := c.(*TimeSeries)
	if ts.Y != "count" || ts.YLabel != "Number" || !ts.YZero || len(ts.RefLines) != 1 || ts.RefLines[0].X != 1945 {
		t.Errorf("decoded %+v", ts)
	}
	if doc.Page.Width != 7 || doc.Page.Legend != "bottom" {
		t.Errorf("page %+v", doc.Page)
	}
	for _, k := range Kinds() {
		c, err := New(k)
		if err != nil || c.Kind() != k {
			t.Errorf("New(%q) = %v, %v", k, c, err)
		}
	}
	if _, err := New("pie"); err == nil || !strings.Contains(err.Error(), "bars, coef, distribution, heatmap, network, ranking, timeseries") {
		t.Errorf("New(pie): %v", err)
	}
}
