package layers

import (
	"math"
	"testing"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func composition2014(t *testing.T, threshold float64) *table.Table {
	t.Helper()
	tb, err := shared.Composition(loaders.YearRange{First: 2014, Last: 2014}, threshold)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// row returns the row of the composition table for igo.
func row(t *testing.T, tb *table.Table, igo string) int {
	t.Helper()
	for i, s := range tb.Col("igo").Strings {
		if s == igo {
			return i
		}
	}
	t.Fatalf("no row for %s", igo)
	return -1
}

// TestCompositionSpotChecks: the SCO and the GCC in 2014 have six full
// members each, every one an autocracy in V-Dem's Regimes of the World
// (values looked up in the bundled ert_v15 file: China 0, Russia 1,
// Kazakhstan 1, Kyrgyzstan 1, Tajikistan 1, Uzbekistan 0; Saudi Arabia,
// Kuwait, Bahrain, Qatar, the UAE and Oman all 0).
func TestCompositionSpotChecks(t *testing.T) {
	reg, err := shared.loadRegimes()
	if err != nil {
		t.Fatal(err)
	}
	for cc, want := range map[int32]int8{710: 0, 365: 1, 705: 1, 703: 1, 702: 1, 704: 0, 670: 0, 690: 0, 692: 0, 694: 0, 696: 0, 698: 0} {
		if got, ok := reg.regime[stateYear{cc, 2014}]; !ok || got != want {
			t.Errorf("v2x_regime of %d in 2014: %d (ok %v), want %d", cc, got, ok, want)
		}
	}
	tb := composition2014(t, 0.5)
	for _, igo := range []string{"sco", "gcc"} {
		i := row(t, tb, igo)
		for name, want := range map[string]int64{"n_full": 6, "n_regime": 6, "n_autocracies": 6} {
			if got := tb.Col(name).Ints[i]; got != want {
				t.Errorf("%s %s = %d, want %d", igo, name, got, want)
			}
		}
		if tb.Col("share_autocratic").Floats[i] != 1 || !tb.Col("autocratic").Bools[i] || tb.Col("regime_coverage").Floats[i] != 1 {
			t.Errorf("%s: share %v autocratic %v", igo, tb.Col("share_autocratic").Floats[i], tb.Col("autocratic").Bools[i])
		}
	}
	// SCO polyarchy: the mean of the six members' v2x_polyarchy in 2014
	// (0.084, 0.269, 0.232, 0.445, 0.204, 0.167 in the ert file, which
	// V-Dem's file repeats).
	i := row(t, tb, "sco")
	if got, want := tb.Col("polyarchy_mean").Floats[i], (0.084+0.269+0.232+0.445+0.204+0.167)/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("SCO polyarchy mean %v, want %v", got, want)
	}
	// The CSTO's observers (Serbia, Afghanistan) do not enter its shares.
	i = row(t, tb, "csto")
	if tb.Col("n_full").Ints[i] != 6 || tb.Col("n_observer").Ints[i] != 2 || tb.Col("n_regime").Ints[i] != 6 {
		t.Errorf("CSTO: full %d observer %d regime %d", tb.Col("n_full").Ints[i], tb.Col("n_observer").Ints[i], tb.Col("n_regime").Ints[i])
	}
	// An organization COW codes missing for every state: no share.
	for k := range tb.Col("igo").Strings {
		if tb.Col("n_full").Ints[k] == 0 {
			if !tb.Col("share_autocratic").IsMissing(k) || !tb.Col("autocratic").IsMissing(k) || !tb.Col("regime_coverage").IsMissing(k) {
				t.Errorf("%s has no full member but a share", tb.Col("igo").Strings[k])
			}
		}
	}
}

// TestCompositionReference compares every organization-year of 2014 with
// the recomputation in testdata/make_reference.py: counts exactly, shares,
// means and standard deviations to a relative 1e-12.
func TestCompositionReference(t *testing.T) {
	_, recs := readCSV(t, "testdata/composition_2014.csv")
	tb := composition2014(t, 0.5)
	if tb.NumRows() != len(recs) {
		t.Fatalf("%d rows, reference %d", tb.NumRows(), len(recs))
	}
	ints := []string{"n_full", "n_regime", "n_autocracies"}
	for k, r := range recs {
		if tb.Col("igo").Strings[k] != r[0] {
			t.Fatalf("row %d: %s, reference %s", k, tb.Col("igo").Strings[k], r[0])
		}
		for j, name := range ints {
			if got := tb.Col(name).Ints[k]; got != int64(atoi(t, r[1+j])) {
				t.Errorf("%s %s = %d, reference %s", r[0], name, got, r[1+j])
			}
		}
		if got := tb.Col("n_polyarchy").Ints[k]; got != int64(atoi(t, r[5])) {
			t.Errorf("%s n_polyarchy = %d, reference %s", r[0], got, r[5])
		}
		for _, c := range []struct {
			name string
			ref  string
		}{{"share_autocratic", r[4]}, {"polyarchy_mean", r[6]}, {"polyarchy_sd", r[7]}} {
			got, want := tb.Col(c.name).Floats[k], atof(t, c.ref)
			if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && relErr(got, want) > 1e-12) {
				t.Errorf("%s %s = %v, reference %v", r[0], c.name, got, want)
			}
			if math.IsNaN(want) != tb.Col(c.name).IsMissing(k) {
				t.Errorf("%s %s: missing mask disagrees with NaN", r[0], c.name)
			}
		}
	}
}

// TestCompositionThresholds pins the numbers quoted in the documentation of
// Composition and of the igos command: how many of the 335 organizations
// of 2014 are autocratic at each threshold.
func TestCompositionThresholds(t *testing.T) {
	for _, c := range []struct {
		threshold float64
		want      int
	}{{0.5, 103}, {0.6, 81}, {0.67, 53}, {0.75, 43}, {0.9, 25}, {1, 13}} {
		tb := composition2014(t, c.threshold)
		a := tb.Col("autocratic")
		n, coded := 0, 0
		for i := range a.Bools {
			if !a.IsMissing(i) {
				coded++
				if a.Bools[i] {
					n++
				}
			}
		}
		if tb.NumRows() != 335 || coded != 307 || n != c.want {
			t.Errorf("threshold %v: %d of %d coded (%d rows) autocratic, want %d of 307 (335 rows)", c.threshold, n, coded, tb.NumRows(), c.want)
		}
	}
	if _, err := shared.Composition(loaders.YearRange{}, 0); err == nil {
		t.Errorf("threshold 0 accepted")
	}
	if _, err := shared.Composition(loaders.YearRange{First: 2010, Last: 2020}, 0.5); err == nil {
		t.Errorf("years past 2014 accepted")
	}
}

// TestSelectAutocratic: the autocratic igo layer uses exactly the
// organizations the composition table calls autocratic that year, and
// democratic ones those with a share of democracies at the threshold.
func TestSelectAutocratic(t *testing.T) {
	y := loaders.YearRange{First: 2014, Last: 2014}
	for _, c := range []struct {
		spec      string
		threshold float64
		democ     bool
	}{{"igo,select=autocratic", 0.5, false}, {"igo,select=autocratic,threshold=0.67", 0.67, false}, {"igo,select=democratic,threshold=0.6", 0.6, true}} {
		tb := composition2014(t, 0.5)
		var names []string
		for i, s := range tb.Col("igo").Strings {
			share := tb.Col("share_autocratic")
			if share.IsMissing(i) {
				continue
			}
			nr, na := tb.Col("n_regime").Ints[i], tb.Col("n_autocracies").Ints[i]
			in := share.Floats[i] >= c.threshold
			if c.democ {
				in = float64(nr-na)/float64(nr) >= c.threshold
			}
			if in {
				names = append(names, s)
			}
		}
		want := build(t, "igo,igos="+joinSlash(names), y).Year(2014).Graph
		got := build(t, c.spec, y).Year(2014).Graph
		we, ge := want.Edges(), got.Edges()
		if len(we) != len(ge) {
			t.Fatalf("%s: %d edges, by names %d", c.spec, len(ge), len(we))
		}
		for k, e := range ge {
			if e != we[k] {
				t.Fatalf("%s: edge %v, by names %v", c.spec, e, we[k])
			}
		}
		t.Logf("%s: %d organizations, %d edges", c.spec, len(names), got.NumEdges())
	}
	p := build(t, "igo,select=autocratic", loaders.YearRange{})
	if p.Years[0].Year != 1900 {
		t.Errorf("select starts in %d, want 1900 (Regimes of the World)", p.Years[0].Year)
	}
}

func joinSlash(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "/"
		}
		out += x
	}
	return out
}
