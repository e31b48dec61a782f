package plots

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot/vg"
)

// A missing value breaks a line: it is drawn as a gap, not as a zero and
// not bridged.
func TestMissingIsGap(t *testing.T) {
	y := []float64{1, 2, math.NaN(), 4, 5}
	tb := table.New(table.NewInt("year", []int64{2000, 2001, 2002, 2003, 2004}), table.NewFloat("v", y))
	var buf bytes.Buffer
	if err := Render(&buf, SVG, &TimeSeries{Y: "v"}, Inputs{Data: tb}, Page{}); err != nil {
		t.Fatal(err)
	}
	paths := regexp.MustCompile(`<path d="([^"]*)" style="fill:none;stroke:#0072B2`).FindAllSubmatch(buf.Bytes(), -1)
	if len(paths) != 2 {
		t.Fatalf("%d line pieces, want 2 (one each side of the gap)", len(paths))
	}
	for _, p := range paths {
		if n := strings.Count(string(p[1]), "L"); n != 1 {
			t.Errorf("piece %s has %d segments, want 1", p[1], n)
		}
	}
}

// Every legend placement draws; auto placement picks an empty corner.
func TestLegendPlacement(t *testing.T) {
	in := Inputs{Data: readCSV(t, "igo_states_year.csv")}
	c := &TimeSeries{Y: "count", Group: "series"}
	out := map[string][]byte{}
	for _, where := range []string{LegendAuto, LegendRight, LegendBottom, LegendNone} {
		var buf bytes.Buffer
		if err := Render(&buf, SVG, c, in, Page{Legend: where}); err != nil {
			t.Fatal(where, err)
		}
		out[where] = buf.Bytes()
		has := bytes.Contains(buf.Bytes(), []byte(">IGOs alive</text>"))
		if has == (where == LegendNone) {
			t.Errorf("legend %s: legend text present = %v", where, has)
		}
	}
	if bytes.Equal(out[LegendAuto], out[LegendBottom]) || bytes.Equal(out[LegendRight], out[LegendBottom]) {
		t.Error("legend placements give identical figures")
	}

	// Data in every corner: auto placement must go outside, like bottom.
	var rows []int64
	var vs []float64
	for y := int64(0); y <= 40; y++ {
		rows = append(rows, y)
		vs = append(vs, math.Abs(float64(y)-20)) // high at both ends
	}
	rows2 := append(append([]int64(nil), rows...), rows...)
	vs2 := append([]float64(nil), vs...)
	for _, v := range vs {
		vs2 = append(vs2, 20-v) // low at both ends: covers the bottom corners
	}
	grp := make([]string, len(rows2))
	for i := range grp {
		grp[i] = "a"
		if i >= len(rows) {
			grp[i] = "b"
		}
	}
	tb := table.New(table.NewInt("t", rows2), table.NewFloat("v", vs2), table.NewString("g", grp))
	var auto, bottom bytes.Buffer
	c2 := &TimeSeries{X: "t", Y: "v", Group: "g"}
	if err := Render(&auto, SVG, c2, Inputs{Data: tb}, Page{}); err != nil {
		t.Fatal(err)
	}
	if err := Render(&bottom, SVG, c2, Inputs{Data: tb}, Page{Legend: LegendBottom}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(auto.Bytes(), bottom.Bytes()) {
		t.Error("with data in all four corners, auto placement did not go below the plot")
	}
}

func TestHits(t *testing.T) {
	r := vg.Rectangle{Min: vg.Point{X: 10, Y: 10}, Max: vg.Point{X: 20, Y: 20}}
	cases := []struct {
		pts  []vg.Point
		m    mark
		want bool
	}{
		{[]vg.Point{{X: 0, Y: 0}, {X: 30, Y: 30}}, mark{}, true},                                           // crosses
		{[]vg.Point{{X: 0, Y: 0}, {X: 30, Y: 0}}, mark{}, false},                                           // passes below
		{[]vg.Point{{X: 15, Y: 15}}, mark{}, true},                                                         // point inside
		{[]vg.Point{{X: 25, Y: 15}}, mark{radius: 4}, true},                                                // big point near
		{[]vg.Point{{X: 0, Y: 0}, {X: 40, Y: 0}, {X: 40, Y: 40}, {X: 0, Y: 40}}, mark{closed: true}, true}, // encloses
		{[]vg.Point{{X: 0, Y: 0}, {X: 40, Y: 0}, {X: 40, Y: 40}, {X: 0, Y: 40}}, mark{}, false},            // open: only its sides
	}
	for i, c := range cases {
		if got := hits(r, c.pts, c.m); got != c.want {
			t.Errorf("case %d: hits = %v", i, got)
		}
	}
}

// TestRandomTables draws every kind from random small tables, with
// missing values, ties, negative and constant columns: each must either
// draw or return an error, never panic.
func TestRandomTables(t *testing.T) {
	rng := splitmix64(99)
	col := func(name string, n int, kind int) *table.Column {
		switch kind {
		case 0: // small ints with ties and missing
			v := make([]int64, n)
			miss := make([]bool, n)
			for i := range v {
				v[i] = int64(rng.next()%5) - 1
				miss[i] = rng.next()%7 == 0
			}
			return table.NewInt(name, v).WithMissing(miss)
		case 1: // floats, some NaN, maybe constant
			v := make([]float64, n)
			c := rng.next()%4 == 0
			for i := range v {
				v[i] = rng.float()*10 - 3
				if c {
					v[i] = 2
				}
				if rng.next()%9 == 0 {
					v[i] = math.NaN()
				}
			}
			return table.NewFloat(name, v)
		default:
			v := make([]string, n)
			for i := range v {
				v[i] = "g" + strconv.Itoa(int(rng.next()%3))
			}
			return table.NewString(name, v)
		}
	}
	panics := 0
	drawn := map[string]int{}
	for trial := 0; trial < 150; trial++ {
		n := 1 + int(rng.next()%12)
		tb := table.New(col("a", n, int(rng.next()%3)), col("b", n, int(rng.next()%3)), col("c", n, int(rng.next()%3)), col("d", n, 0))
		charts := []Chart{
			&TimeSeries{X: "a", Y: "b", Group: "c"},
			&TimeSeries{X: "d", Y: "b", Lower: "a", Upper: "b", Group: "c", Panels: true},
			&Ranking{X: "a", Y: "b", Group: "c", Style: []string{"bump", "lines"}[trial%2]},
			&Coef{Term: "c", Estimate: "b", Lower: "a", Upper: "d"},
			&Coef{Term: "c", Estimate: "b", Lower: "b", Upper: "b", Model: "d"},
			&Network{Source: "a", Target: "d", Weight: "b"},
			&Heatmap{Source: "a", Target: "d"},
			&Distribution{X: "b", Group: "c", Style: []string{"histogram", "ecdf"}[trial%2]},
			&Bars{X: "a", Y: "b", Group: "c", Mode: []string{"stack", "dodge", "fill"}[trial%3]},
		}
		for _, c := range charts {
			err := Render(new(bytes.Buffer), SVG, c, Inputs{Data: tb}, Page{})
			if err == nil {
				drawn[c.Kind()]++
			} else if testing.Verbose() && trial < 40 {
				t.Logf("%s: %v", c.Kind(), err)
			}
			if err != nil && strings.Contains(err.Error(), "drawing failed") {
				panics++
				if panics < 10 {
					t.Errorf("trial %d %s: %v", trial, c.Kind(), err)
				}
			}
		}
	}
	t.Logf("figures drawn from 150 random tables: %v", drawn)
	for _, k := range Kinds() {
		if drawn[k] == 0 {
			t.Errorf("no random table drew a %s: the test exercises only errors", k)
		}
	}
}

// The names of small communities squeezed between large ones are dropped
// rather than printed over each other: on the horizontal axis no two
// community labels overlap.
func TestHeatmapCommunityLabelsDoNotOverlap(t *testing.T) {
	// A ring of 85 nodes: communities of 60, 1, 1, 1 and 22 nodes.
	const n = 85
	var src, dst []int64
	for i := int64(0); i < n; i++ {
		src, dst = append(src, i), append(dst, (i+1)%n)
	}
	ids := make([]int64, n)
	com := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i)
		switch {
		case i < 60:
			com[i] = 0
		case i < 63:
			com[i] = int64(i - 59)
		default:
			com[i] = 4
		}
	}
	edges := table.New(table.NewInt("ccode1", src), table.NewInt("ccode2", dst))
	nodes := table.New(table.NewInt("ccode", ids), table.NewInt("community", com))
	var buf bytes.Buffer
	if err := Render(&buf, SVG, &Heatmap{Community: "community"}, Inputs{Data: edges, Nodes: nodes}, Page{}); err != nil {
		t.Fatal(err)
	}
	// Tick labels are <text x=".." y=".."> elements; those of the
	// horizontal axis share the lowest y (the SVG y axis is flipped).
	re := regexp.MustCompile(`<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]*\n?[^>]*>([0-9]+)</text>`)
	type lab struct {
		x    float64
		text string
	}
	byY := map[string][]lab{}
	for _, m := range re.FindAllStringSubmatch(buf.String(), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		byY[m[2]] = append(byY[m[2]], lab{x, m[3]})
	}
	var axis []lab
	for _, ls := range byY {
		if len(ls) > len(axis) {
			axis = ls
		}
	}
	if len(axis) < 2 {
		t.Fatalf("found %d horizontal tick labels", len(axis))
	}
	const digit = 4.5 // width of one digit at 8 pt, in SVG units (points)
	for i := range axis {
		for j := i + 1; j < len(axis); j++ {
			if math.Abs(axis[i].x-axis[j].x) < digit {
				t.Errorf("labels %s and %s overlap (x %.1f and %.1f)", axis[i].text, axis[j].text, axis[i].x, axis[j].x)
			}
		}
	}
	seen := map[string]bool{}
	for _, l := range axis {
		seen[l.text] = true
	}
	if !seen["0"] || !seen["4"] {
		t.Errorf("the large communities' labels are missing: %v", axis)
	}
}

// An option the chart cannot use is an *OptionError (a command line's
// usage error); a table that does not fit the options is not.
func TestOptionErrors(t *testing.T) {
	igo := readCSV(t, "igo_states_year.csv")
	opt := []Chart{
		&TimeSeries{},
		&TimeSeries{Y: "count", Lower: "count"},
		&Distribution{X: "count", Style: "pie"},
		&Ranking{Y: "count"},
		&Bars{X: "year", Y: "count", Mode: "pile"},
	}
	for _, c := range opt {
		var oe *OptionError
		if err := Render(io.Discard, SVG, c, Inputs{Data: igo}, Page{}); !errors.As(err, &oe) {
			t.Errorf("%+v: error %v is not an *OptionError", c, err)
		}
	}
	var oe *OptionError
	if err := Render(io.Discard, SVG, &TimeSeries{Y: "count"}, Inputs{Data: igo}, Page{DPI: 10}); !errors.As(err, &oe) || oe.Option != "dpi" {
		t.Errorf("dpi 10: error %v, want an *OptionError for dpi", err)
	}
	data := []Chart{
		&TimeSeries{Y: "nope"},
		&TimeSeries{Y: "series"},
	}
	for _, c := range data {
		if err := Render(io.Discard, SVG, c, Inputs{Data: igo}, Page{}); err == nil || errors.As(err, &oe) {
			t.Errorf("%+v: error %v, want a table error", c, err)
		}
	}
}

// Extreme values (a span of ±1e308, or values past 2^53 that differ by a
// few units) once made the tick loop run without end until memory ran
// out; they must give a figure, or an error for a histogram whose bins
// cannot be counted.
func TestExtremeValues(t *testing.T) {
	for _, r := range [][2]float64{{-1e308, 1e308}, {1e17, 1e17 + 16}, {-math.MaxFloat64, 0}} {
		done := make(chan []float64, 1)
		go func() { done <- ticker{n: 5}.values(r[0], r[1]) }()
		select {
		case vs := <-done:
			if len(vs) == 0 || len(vs) > 1000 {
				t.Errorf("ticks on [%g, %g]: %d values", r[0], r[1], len(vs))
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ticks on [%g, %g] did not finish", r[0], r[1])
		}
	}
	tb := table.New(table.NewInt("year", []int64{2000, 2001, 2002, 2003}),
		table.NewFloat("v", []float64{1e308, -1e308, 1e17 + 16, 1e17}),
		table.NewString("g", []string{"a", "b", "a", "b"}))
	for _, c := range []Chart{&TimeSeries{Y: "v"}, &TimeSeries{Y: "v", Group: "g", Panels: true},
		&Ranking{Y: "v", Group: "g"}, &Distribution{X: "v", Style: "ecdf"}, &Bars{X: "year", Y: "v", Mode: "dodge"}} {
		if err := Render(io.Discard, PNG, c, Inputs{Data: tb}, Page{DPI: 50}); err != nil {
			t.Errorf("%s: %v", c.Kind(), err)
		}
	}
	err := Render(io.Discard, PNG, &Distribution{X: "v"}, Inputs{Data: tb}, Page{DPI: 50})
	if err == nil || !strings.Contains(err.Error(), "choose a wider bin") {
		t.Errorf("histogram of ±1e308: error %v, want one asking for a wider bin", err)
	}
}
