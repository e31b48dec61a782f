package loaders

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// The expected values in this file come from testdata/loaders_reference.py
// (Python's csv module on the bundled files, re-implementing each
// documented rule; its output is testdata/loaders_reference.txt) or from
// the sanity values in the datasets' PROVENANCE.txt.

// find returns the row of t whose int columns equal keys (name, value
// pairs), failing the test when there is none.
func find(t *testing.T, tab *table.Table, keys ...any) int {
	t.Helper()
	for i := 0; i < tab.NumRows(); i++ {
		ok := true
		for k := 0; k < len(keys); k += 2 {
			c := tab.Col(keys[k].(string))
			switch v := keys[k+1].(type) {
			case int:
				ok = ok && !c.IsMissing(i) && c.Ints[i] == int64(v)
			case string:
				ok = ok && !c.IsMissing(i) && c.Strings[i] == v
			}
		}
		if ok {
			return i
		}
	}
	t.Fatalf("no row %v", keys)
	return -1
}

func load(t *testing.T, id string, o Options) *table.Table {
	t.Helper()
	tab, err := Load(id, o)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func checkTable(t *testing.T, tab *table.Table, rows int, unit, coverage string, keys ...string) {
	t.Helper()
	if tab.NumRows() != rows {
		t.Errorf("%s: %d rows, want %d", tab.Meta["table"], tab.NumRows(), rows)
	}
	if tab.Meta["unit"] != unit || tab.Meta["coverage"] != coverage {
		t.Errorf("%s: unit %q coverage %q, want %q %q", tab.Meta["table"], tab.Meta["unit"], tab.Meta["coverage"], unit, coverage)
	}
	if len(tab.Sources) == 0 {
		t.Errorf("%s: no sources", tab.Meta["table"])
	}
	for _, s := range tab.Sources {
		if s.Dataset == "" || s.SHA256 == "" || !strings.HasPrefix(s.Path, "embedded:") {
			t.Errorf("%s: source %+v", tab.Meta["table"], s)
		}
	}
	for _, k := range keys {
		if c := tab.Col(k); c == nil || c.HasMissing() {
			t.Errorf("%s: key column %s absent or has missing values", tab.Meta["table"], k)
		}
	}
}

func TestATOP(t *testing.T) {
	d := load(t, "atop", Options{})
	checkTable(t, d, 273296, "directed dyad-year", "1815-2018", "ccode1", "ccode2", "year")
	if d.Meta["absent"] != "zero" {
		t.Errorf("absent = %q", d.Meta["absent"])
	}
	if want := []string{"ccode1", "ccode2", "year", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"}; !reflect.DeepEqual(d.Names(), want) {
		t.Errorf("columns %v", d.Names())
	}
	i := find(t, d, "ccode1", 2, "ccode2", 20, "year", 2018)
	for n, want := range map[string]int64{"atop_defense": 1, "atop_nonagg": 1, "atop_consul": 1, "atop_offense": 0} {
		if got := d.Col(n).Ints[i]; got != want {
			t.Errorf("USA-Canada 2018 %s = %d, want %d", n, got, want)
		}
	}
	for _, y := range []int{2001, 2018} {
		i := find(t, d, "ccode1", 365, "ccode2", 710, "year", y)
		if d.Col("atop_nonagg").Ints[i] != 1 || d.Col("atop_consul").Ints[i] != 1 {
			t.Errorf("Russia-China %d: nonagg and consul should be 1", y)
		}
	}
	u := load(t, "atop", Options{Undirected: true})
	checkTable(t, u, 136648, "non-directed dyad-year", "1815-2018", "ccode1", "ccode2", "year")
	want := []int64{69127, 3194, 2305, 130924, 65668}
	for k, n := range atopObligations {
		var s int64
		for _, v := range u.Col(n).Ints {
			s += v
		}
		if s != want[k] {
			t.Errorf("undirected %s sum %d, want %d", n, s, want[k])
		}
	}
	c1, c2 := u.Col("ccode1").Ints, u.Col("ccode2").Ints
	for i := range c1 {
		if c1[i] >= c2[i] {
			t.Fatalf("undirected row %d: ccode1 %d >= ccode2 %d", i, c1[i], c2[i])
		}
	}
	if u.Meta["absent"] != "zero" {
		t.Error("undirected table lost absent = zero")
	}
}

func TestContiguity(t *testing.T) {
	c := load(t, "cow-contiguity", Options{})
	checkTable(t, c, 41220, "non-directed dyad-year", "1816-2016", "ccode1", "ccode2", "year", "conttype")
	counts := map[int64]int{}
	for _, v := range c.Col("conttype").Ints {
		counts[v]++
	}
	if want := map[int64]int{1: 24472, 2: 1078, 3: 1160, 4: 5670, 5: 8840}; !reflect.DeepEqual(counts, want) {
		t.Errorf("type counts %v, want %v", counts, want)
	}
	if i := find(t, c, "ccode1", 2, "ccode2", 20, "year", 2016); c.Col("conttype").Ints[i] != 1 {
		t.Error("USA-Canada 2016 not land contiguous")
	}
	if i := find(t, c, "ccode1", 2, "ccode2", 40, "year", 2016); c.Col("conttype").Ints[i] != 4 {
		t.Error("USA-Cuba 2016 not type 4")
	}
	// UK-France: type 3 spell ends June 1940, a type 0 spell runs to
	// November 1942: 1940 is type 3, 1941 absent.
	if i := find(t, c, "ccode1", 200, "ccode2", 220, "year", 1940); c.Col("conttype").Ints[i] != 3 {
		t.Error("UK-France 1940 not type 3")
	}
	for i := 0; i < c.NumRows(); i++ {
		if c.Col("ccode1").Ints[i] == 200 && c.Col("ccode2").Ints[i] == 220 && c.Col("year").Ints[i] == 1941 {
			t.Error("UK-France 1941 has a row")
		}
	}
	if c.Meta["absent"] != "zero" {
		t.Error("absent != zero")
	}
}

func TestTrade(t *testing.T) {
	tr := load(t, "cow-trade", Options{})
	checkTable(t, tr, 673654, "non-directed dyad-year", "1870-2014", "ccode1", "ccode2", "year")
	i := find(t, tr, "ccode1", 2, "ccode2", 710, "year", 2014)
	if tr.Col("flow1").Floats[i] != 472525 || tr.Col("flow2").Floats[i] != 183283 {
		t.Errorf("USA-China 2014 flows %v %v", tr.Col("flow1").Floats[i], tr.Col("flow2").Floats[i])
	}
	miss := func(c *table.Column) (n int) {
		for i := range c.Floats {
			if c.IsMissing(i) {
				if !math.IsNaN(c.Floats[i]) {
					t.Fatalf("%s row %d missing but not NaN", c.Name, i)
				}
				n++
			}
		}
		return n
	}
	if a, b := miss(tr.Col("flow1")), miss(tr.Col("flow2")); a != 22937 || b != 27896 {
		t.Errorf("missing flows %d %d, want 22937 27896", a, b)
	}
	tot := load(t, "cow-trade", Options{Table: "totals"})
	checkTable(t, tot, 14410, "state-year", "1870-2014", "ccode", "year")
}

func TestNMC(t *testing.T) {
	n := load(t, "cow-nmc", Options{})
	checkTable(t, n, 17121, "state-year", "1816-2022", "ccode", "year")
	m := 0
	for i := range n.Col("milex").Floats {
		if n.Col("milex").IsMissing(i) {
			m++
		}
	}
	if m != 2360 {
		t.Errorf("milex missing %d, want 2360", m)
	}
}

func TestFariss(t *testing.T) {
	f := load(t, "fariss", Options{})
	checkTable(t, f, 11665, "state-year", "1946-2021", "ccode", "year", "theta_mean")
	for _, c := range []struct {
		cc, y int
		want  float64
	}{{710, 2000, -1.29}, {710, 2010, -1.34}, {710, 2019, -1.40}, {2, 2019, -0.14}} {
		i := find(t, f, "ccode", c.cc, "year", c.y)
		if got := f.Col("theta_mean").Floats[i]; math.Abs(got-c.want) > 0.005 {
			t.Errorf("theta_mean %d %d = %.3f, want %.2f", c.cc, c.y, got, c.want)
		}
	}
}

func TestPTS(t *testing.T) {
	p := load(t, "pts", Options{})
	checkTable(t, p, 8158, "state-year", "1976-2021", "ccode", "year")
	for y, want := range map[int][3]int64{2014: {4, 4, 4}, 2021: {4, 4, 5}} {
		i := find(t, p, "ccode", 710, "year", y)
		got := [3]int64{p.Col("pts_a").Ints[i], p.Col("pts_h").Ints[i], p.Col("pts_s").Ints[i]}
		if got != want {
			t.Errorf("China %d PTS %v, want %v", y, got, want)
		}
	}
	if i := find(t, p, "ccode", 345, "year", 1991); p.Col("country").Strings[i] != "Yugoslavia, Socialist Federal Republic of" {
		t.Errorf("345 1991 is %q", p.Col("country").Strings[i])
	}
	if i := find(t, p, "ccode", 365, "year", 1985); p.Col("country").Strings[i] != "Soviet Union" {
		t.Errorf("365 1985 is %q", p.Col("country").Strings[i])
	}
	if !strings.Contains(p.Meta["dropped"], "Western Sahara (25)") {
		t.Errorf("dropped = %q", p.Meta["dropped"])
	}
}

func TestGWF(t *testing.T) {
	g := load(t, "gwf", Options{})
	checkTable(t, g, 7954, "state-year", "1946-2010", "ccode", "year")
	if len(g.Sources) != 2 {
		t.Errorf("sources %v", g.Sources)
	}
	if i := find(t, g, "ccode", 710, "year", 2010); g.Col("gwf_regimetype").Strings[i] != "party" {
		t.Errorf("China 2010 regime type %q", g.Col("gwf_regimetype").Strings[i])
	}
	n := 0
	for i := range g.Col("gwf_startdate").Strings {
		if !g.Col("gwf_startdate").IsMissing(i) {
			n++
		}
	}
	if n != 4591 {
		t.Errorf("%d rows joined to autocratic, want 4591", n)
	}
	if i := find(t, g, "ccode", 2, "year", 2000); !g.Col("gwf_regimetype").IsMissing(i) || g.Col("gwf_nonautocracy").Strings[i] != "democracy" {
		t.Error("USA 2000 should be a democracy without regime type")
	}
	// COW codes, not GWF's: West Germany is 260.
	find(t, g, "ccode", 260, "year", 1970)
}

func TestVDem(t *testing.T) {
	v := load(t, "vdem", Options{})
	checkTable(t, v, 27068, "state-year", "1789-2024", "ccode", "year")
	if v.Meta["uncoded_rows"] != "845" || !strings.Contains(v.Meta["uncoded"], "Hong Kong (125)") {
		t.Errorf("uncoded meta %q %q", v.Meta["uncoded_rows"], v.Meta["uncoded"])
	}
	for cc, want := range map[int]float64{710: 0.073, 365: 0.172} {
		if i := find(t, v, "ccode", cc, "year", 2024); v.Col("v2x_polyarchy").Floats[i] != want {
			t.Errorf("%d 2024 polyarchy %v, want %v", cc, v.Col("v2x_polyarchy").Floats[i], want)
		}
	}
	// V-Dem's year-specific COW codes for Germany (country_id 77).
	if i := find(t, v, "ccode", 260, "year", 1960); v.Col("vdem_country_id").Ints[i] != 77 {
		t.Error("260 1960 is not V-Dem's Germany")
	}
	if i := find(t, v, "ccode", 255, "year", 2000); v.Col("vdem_country_id").Ints[i] != 77 {
		t.Error("255 2000 is not V-Dem's Germany")
	}
	k := load(t, "vdem", Options{KeepUncoded: true})
	if k.NumRows() != 27913 || k.Meta["uncoded_rows"] != "845" {
		t.Errorf("KeepUncoded: %d rows", k.NumRows())
	}
	for i := 27068; i < k.NumRows(); i++ {
		if !k.Col("ccode").IsMissing(i) {
			t.Fatalf("row %d of the kept uncoded rows has a ccode", i)
		}
	}
}

func TestVDemRoW(t *testing.T) {
	v := load(t, "vdem-row", Options{})
	checkTable(t, v, 19271, "state-year", "1900-2024", "ccode", "year")
	if len(v.Sources) != 2 || v.Meta["uncoded_rows"] != "407" {
		t.Errorf("sources %v uncoded %q", v.Sources, v.Meta["uncoded_rows"])
	}
	for cc, want := range map[int]int64{710: 0, 365: 1, 705: 1, 2: 3} {
		if i := find(t, v, "ccode", cc, "year", 2024); v.Col("v2x_regime").Ints[i] != want {
			t.Errorf("%d 2024 v2x_regime %d, want %d", cc, v.Col("v2x_regime").Ints[i], want)
		}
	}
	if v.Col("") != nil {
		t.Error("R row index kept")
	}
}

func TestLIED(t *testing.T) {
	l := load(t, "lied", Options{})
	checkTable(t, l, 31866, "state-year", "1789-2024", "ccode", "year")
	if l.Meta["uncoded_rows"] != "1025" || !strings.Contains(l.Meta["uncoded"], "Tibet") {
		t.Errorf("uncoded %q %q", l.Meta["uncoded_rows"], l.Meta["uncoded"])
	}
}

func TestMIA(t *testing.T) {
	m := load(t, "mia", Options{})
	checkTable(t, m, 3961, "IO-year", "1950-2019", "ioname", "year")
	if m.Meta["igo_unmatched"] != "EAC1, EEA" {
		t.Errorf("unmatched %q", m.Meta["igo_unmatched"])
	}
	for _, c := range []struct {
		io   string
		y    int
		want string
	}{{"SCO", 2010, "sco"}, {"AU", 1990, "oau"}, {"AU", 2010, "au"}, {"EU", 1960, "eec"}, {"EU", 2000, "eu"},
		{"GCC", 2000, "gcc"}, {"CIS", 2000, "cis"}, {"ALADI", 1970, "lafta"}, {"Interpol", 2000, "interpol"}} {
		i := find(t, m, "ioname", c.io, "year", c.y)
		if got := m.Col("igo").Strings[i]; got != c.want {
			t.Errorf("MIA %s %d igo %q, want %q", c.io, c.y, got, c.want)
		}
	}
	// Every matched igo is a COW IGO alive that year, except where MIA
	// starts an IO before COW or runs past 2014.
	l := bundledList(t)
	igo, yy := m.Col("igo"), m.Col("year").Ints
	notAlive := map[string]bool{}
	for i := range yy {
		if igo.IsMissing(i) || yy[i] > 2014 {
			continue
		}
		if g := l.List[l.Index(igo.Strings[i])]; !g.AliveIn(int(yy[i])) {
			notAlive[m.Col("ioname").Strings[i]] = true
		}
	}
	// Benelux, CAN, EAC2, OECS and WIPO start before COW's dates for them.
	if want := map[string]bool{"Benelux": true, "CAN": true, "EAC2": true, "OECS": true, "WIPO": true}; !reflect.DeepEqual(notAlive, want) {
		t.Errorf("IOs mapped to a COW IGO not alive that year: %v", notAlive)
	}
}

func TestDIGO(t *testing.T) {
	d := load(t, "digo", Options{})
	checkTable(t, d, 561, "IGO", "1815-2016", "igo_id")
	if d.Meta["igo_unmatched_rows"] != "69" {
		t.Errorf("unmatched %q", d.Meta["igo_unmatched_rows"])
	}
	if i := find(t, d, "igo_id", "RCC"); !d.Col("igo").IsMissing(i) {
		t.Error("RCC matched to COW's Regional Cooperation Council")
	}
	if i := find(t, d, "igo_id", "CSTO"); d.Col("igo").Strings[i] != "csto" {
		t.Error("CSTO not matched")
	}
	if _, err := Load("digo", Options{Years: YearRange{1990, 2000}}); err == nil {
		t.Error("a year range on digo should be an error")
	}
}

func TestUNVotes(t *testing.T) {
	resolve := referenceResolver(t)
	u := load(t, "unvotes", Options{Resolve: resolve})
	checkTable(t, u, 870109, "country-vote", "1946-2020", "rcid", "ccode", "year", "vote", "vote_code")
	if len(u.Sources) != 3 {
		t.Errorf("sources %v", u.Sources)
	}
	votes := map[string]int{}
	for i, v := range u.Col("vote").Strings {
		votes[v]++
		if want := map[string]int64{"yes": 1, "abstain": 2, "no": 3}[v]; u.Col("vote_code").Ints[i] != want {
			t.Fatalf("row %d vote %s code %d", i, v, u.Col("vote_code").Ints[i])
		}
	}
	if want := map[string]int{"yes": 693664, "no": 65548, "abstain": 110897}; !reflect.DeepEqual(votes, want) {
		t.Errorf("votes %v", votes)
	}
	want := map[string]int{"co": 129708, "di": 170497, "ec": 108759, "hr": 156623, "me": 158656, "nu": 133635}
	for k, w := range want {
		n := 0
		for _, b := range u.Col("issue_" + k).Bools {
			if b {
				n++
			}
		}
		if n != w {
			t.Errorf("issue_%s on %d vote rows, want %d", k, n, w)
		}
	}
	nam := 0
	for i, c := range u.Col("country_code").Strings {
		if c == "NA" && !u.Col("country_code").IsMissing(i) {
			nam++
			if u.Col("ccode").Ints[i] != 565 {
				t.Fatalf("Namibia row with ccode %d", u.Col("ccode").Ints[i])
			}
		}
	}
	if nam != 2455 {
		t.Errorf("%d Namibia rows, want 2455", nam)
	}
	if _, err := Load("unvotes", Options{}); err == nil {
		t.Error("unvotes without a resolver should be an error")
	}
}

func TestLoadYears(t *testing.T) {
	for _, id := range []string{"cow-igo", "cow-igo-counts", "atop", "cow-contiguity", "cow-nmc", "vdem"} {
		tab := load(t, id, Options{Years: YearRange{2000, 2005}})
		yc := tab.Col("year")
		if tab.NumRows() == 0 {
			t.Errorf("%s: no rows 2000-2005", id)
		}
		for i, y := range yc.Ints {
			if y < 2000 || y > 2005 {
				t.Fatalf("%s: row %d year %d", id, i, y)
			}
		}
		if tab.Meta["years"] != "2000-2005" {
			t.Errorf("%s: meta years %q", id, tab.Meta["years"])
		}
	}
	// Years outside the coverage give no rows, never zeros.
	if tab := load(t, "cow-igo-counts", Options{Years: YearRange{2015, 2020}}); tab.NumRows() != 0 {
		t.Errorf("cow-igo-counts 2015-2020 has %d rows", tab.NumRows())
	}
	if _, err := Load("nope", Options{}); err == nil {
		t.Error("unknown id accepted")
	}
	if _, err := Load("cow-trade", Options{Table: "nope"}); err == nil || !strings.Contains(err.Error(), "totals") {
		t.Errorf("unknown table: %v", err)
	}
}
