package loaders

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

var (
	panelOnce sync.Once
	thePanel  *IGOPanel
	panelErr  error
	listOnce  sync.Once
	theList   *IGOList
	listErr   error
)

// bundledPanel is the bundled state-year file, read once for all tests.
func bundledPanel(t testing.TB) *IGOPanel {
	t.Helper()
	panelOnce.Do(func() { thePanel, panelErr = LoadIGOPanel(YearRange{}) })
	if panelErr != nil {
		t.Fatal(panelErr)
	}
	return thePanel
}

func bundledList(t testing.TB) *IGOList {
	t.Helper()
	listOnce.Do(func() { theList, listErr = LoadIGOList() })
	if listErr != nil {
		t.Fatal(listErr)
	}
	return theList
}

// membersOf returns the ccodes with status s in igo in year y.
func membersOf(t *testing.T, p *IGOPanel, igo string, y int, s Status) []int {
	t.Helper()
	i := p.Index(igo)
	if i < 0 {
		t.Fatalf("no IGO %q", igo)
	}
	var out []int
	for _, m := range p.Members(y)[i] {
		if m.Status == s {
			out = append(out, m.Ccode)
		}
	}
	return out
}

func TestIGOHandCheckedFacts(t *testing.T) {
	p := bundledPanel(t)
	if len(p.IGOs) != 534 {
		t.Errorf("%d IGOs, want 534", len(p.IGOs))
	}
	if p.First != 1816 || p.Last != 2014 {
		t.Errorf("coverage %d-%d, want 1816-2014", p.First, p.Last)
	}
	counts := p.Counts()
	row := func(cc, y int) map[string]int64 {
		for i := 0; i < counts.NumRows(); i++ {
			if counts.Col("ccode").Ints[i] == int64(cc) && counts.Col("year").Ints[i] == int64(y) {
				out := map[string]int64{}
				for _, c := range counts.Columns[2:] {
					out[c.Name] = c.Ints[i]
				}
				return out
			}
		}
		t.Fatalf("no counts row for %d %d", cc, y)
		return nil
	}
	china := row(710, 2014)
	if china["full"] != 80 || china["observer"] != 3 || china["any"] != 83 || china["associate"] != 0 {
		t.Errorf("China 2014 counts %v, want 80 full, 0 associate, 3 observer, 83 any", china)
	}
	if got := row(2, 2014)["full"]; got != 89 {
		t.Errorf("USA 2014 full = %d, want 89", got)
	}
	if got := row(365, 2014)["full"]; got != 88 {
		t.Errorf("Russia 2014 full = %d, want 88", got)
	}

	tests := []struct {
		igo    string
		status Status
		want   []int
	}{
		{"sco", Full, []int{365, 702, 703, 704, 705, 710}},
		{"sco", Observer, nil}, // COW v3 does not code SCO observers
		{"sco", Associate, nil},
		{"gcc", Full, []int{670, 690, 692, 694, 696, 698}},
		{"csto", Full, []int{365, 370, 371, 702, 703, 705}},
		{"csto", Observer, []int{345, 700}},
		{"csto", Associate, nil},
	}
	for _, tt := range tests {
		if got := membersOf(t, p, tt.igo, 2014, tt.status); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s 2014 %v members: got %v, want %v", tt.igo, tt.status, got, tt.want)
		}
	}
	if got := membersOf(t, p, "gcc", 2014, StatusMissing); got != nil {
		t.Errorf("gcc 2014 has missing entries %v", got)
	}

	// Mean memberships (full + associate) over the 195 states of 2014, and
	// the state with the most.
	states := p.States(2014)
	if len(states) != 195 {
		t.Fatalf("%d states in 2014, want 195", len(states))
	}
	var sum, best, bestCC int64
	for _, cc := range states {
		r := row(cc, 2014)
		n := r["full"] + r["associate"]
		if r["missing"] != 26 {
			t.Errorf("%d 2014: %d missing, want 26 (the IGOs coded -9 for every state)", cc, r["missing"])
		}
		sum += n
		if n > best {
			best, bestCC = n, int64(cc)
		}
	}
	if mean := float64(sum) / 195; math.Abs(mean-63.46) > 0.005 {
		t.Errorf("mean 2014 memberships %.4f, want 63.46", mean)
	}
	if best != 117 || bestCC != 220 {
		t.Errorf("most memberships 2014: %d by %d, want 117 by France (220)", best, bestCC)
	}
}

func TestIGOAlive(t *testing.T) {
	p := bundledPanel(t)
	l := bundledList(t)
	if len(l.List) != 534 {
		t.Fatalf("%d IGOs in the IGO-year file, want 534", len(l.List))
	}
	// Every IGO of the state-year file joins to exactly one IGO of the
	// IGO-year file, at the same index.
	keys := make([]string, len(l.List))
	for i, g := range l.List {
		keys[i] = g.IGO
	}
	if !reflect.DeepEqual(keys, p.IGOs) {
		for i := range keys {
			if i < len(p.IGOs) && keys[i] != p.IGOs[i] {
				t.Fatalf("IGO %d: IGO-year file %q, state-year file %q", i, keys[i], p.IGOs[i])
			}
		}
		t.Fatal("IGO keys differ between the two files")
	}
	alive14 := l.Alive(2014)
	if len(alive14) != 335 {
		t.Errorf("%d IGOs alive in 2014, want 335", len(alive14))
	}
	members := p.Members(2014)
	onlyMissing := 0
	for _, i := range alive14 {
		coded, missing := 0, 0
		for _, m := range members[i] {
			if m.Status == StatusMissing {
				missing++
			} else {
				coded++
			}
		}
		if coded == 0 && missing > 0 {
			onlyMissing++
		}
	}
	if onlyMissing != 26 {
		t.Errorf("%d IGOs alive in 2014 with only missing membership data, want 26", onlyMissing)
	}
	peak, peakYear := 0, 0
	for y := l.First; y <= l.Last; y++ {
		if n := len(l.Alive(y)); n > peak {
			peak, peakYear = n, y
		}
	}
	if peak != 343 || peakYear != 1994 {
		t.Errorf("peak %d IGOs alive in %d, want 343 in 1994", peak, peakYear)
	}
	// The IGO-years on which the IGO-year file and the state-year file's
	// -1 coding disagree, as documented on IGOList.Alive.
	coded := map[[2]int]bool{} // (igo, year) with a cell other than -1
	for k := range p.Year {
		for c := p.Start[k]; c < p.Start[k+1]; c++ {
			coded[[2]int{int(p.IGO[c]), int(p.Year[k])}] = true
		}
	}
	// Cells coded 0 are not stored in the panel: re-read them.
	zeros, err := igoZeroCells()
	if err != nil {
		t.Fatal(err)
	}
	for k := range zeros {
		coded[k] = true
	}
	diff := map[string][]int{}
	for y := l.First; y <= l.Last; y++ {
		for i := range l.List {
			if l.List[i].AliveIn(y) != coded[[2]int{i, y}] {
				diff[l.List[i].IGO] = append(diff[l.List[i].IGO], y)
			}
		}
	}
	span := func(a, b int) (out []int) {
		for y := a; y <= b; y++ {
			out = append(out, y)
		}
		return out
	}
	wantDiff := map[string][]int{"ccnr": span(1870, 1905), "iaradio": {1964}, "itc": span(1986, 1990), "iccec": span(1989, 1997)}
	if !reflect.DeepEqual(diff, wantDiff) {
		t.Errorf("alive disagreements %v, want %v", diff, wantDiff)
	}

	sco := l.List[l.Index("sco")]
	if sco.Start != 1996 || sco.End != 0 || sco.IOName != "SCO" || !sco.AliveIn(2014) || sco.AliveIn(1995) {
		t.Errorf("SCO: %+v", sco)
	}
	for igo, start := range map[string]int{"gcc": 1981, "csto": 2002, "cis": 1991, "eaec": 2000} {
		if g := l.List[l.Index(igo)]; g.Start != start {
			t.Errorf("%s sdate %d, want %d", igo, g.Start, start)
		}
	}
	// PCB's 1920 row has no flags (a conversion artifact in sourcesandnotes);
	// later rows give economic.
	if pcb := l.List[l.Index("pcb")]; pcb.Economic != 1 || pcb.Political != 0 {
		t.Errorf("PCB flags %+v", pcb)
	}
}

// TestIGOCountsMatchPeacesciencer compares IGOCounts with peacesciencer's
// cow_igo_sy, an independent computation, on every state-year.
func TestIGOCountsMatchPeacesciencer(t *testing.T) {
	mine, err := IGOCounts()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := readRefCSV(t, "cow-igo", "cow_igo_sy.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ref) != mine.NumRows() {
		t.Fatalf("%d state-years, peacesciencer has %d", mine.NumRows(), len(ref))
	}
	pairs := [][2]string{{"full", "sum_igo_full"}, {"associate", "sum_igo_associate"},
		{"observer", "sum_igo_observer"}, {"any", "sum_igo_anytype"}}
	cc, yy := mine.Col("ccode").Ints, mine.Col("year").Ints
	bad := 0
	for i := range cc {
		r, ok := ref[fmt.Sprint(cc[i], ",", yy[i])]
		if !ok {
			t.Errorf("state-year %d %d not in peacesciencer", cc[i], yy[i])
			continue
		}
		for _, pr := range pairs {
			if got, want := fmt.Sprint(mine.Col(pr[0]).Ints[i]), r[pr[1]]; got != want {
				bad++
				if bad < 10 {
					t.Errorf("%d %d %s: %s, peacesciencer %s", cc[i], yy[i], pr[0], got, want)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d mismatches", bad)
	}
}

func TestIGOMembershipsTable(t *testing.T) {
	tab, err := IGOMemberships()
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Names(); !reflect.DeepEqual(got, []string{"ccode", "year", "igo", "status"}) {
		t.Fatalf("columns %v", got)
	}
	// Status counts from testdata/igo_reference.py (Python csv module on
	// the bundled file).
	want := map[string]int{"full": 535772, "associate": 861, "observer": 2332, "missing": 138874}
	got := map[string]int{}
	for _, s := range tab.Col("status").Strings {
		got[s]++
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("status counts %v, want %v", got, want)
	}
	cc, yy, igo := tab.Col("ccode").Ints, tab.Col("year").Ints, tab.Col("igo").Strings
	if !sort.SliceIsSorted(cc, func(a, b int) bool {
		if cc[a] != cc[b] {
			return cc[a] < cc[b]
		}
		if yy[a] != yy[b] {
			return yy[a] < yy[b]
		}
		return igo[a] < igo[b]
	}) {
		t.Error("rows not sorted by ccode, year, igo")
	}
	for i := 1; i < len(cc); i++ {
		if cc[i] == cc[i-1] && yy[i] == yy[i-1] && igo[i] <= igo[i-1] {
			t.Fatalf("rows %d and %d out of order or duplicate: %d %d %s %s", i-1, i, cc[i], yy[i], igo[i-1], igo[i])
		}
	}
	if tab.Meta["unit"] != "state-IGO-year" || tab.Meta["coverage"] != "1816-2014" {
		t.Errorf("meta %v", tab.Meta)
	}
	if len(tab.Sources) != 1 || tab.Sources[0].Dataset != "cow-igo" || tab.Sources[0].SHA256 == "" {
		t.Errorf("sources %+v", tab.Sources)
	}
	for _, c := range tab.Columns {
		if c.HasMissing() {
			t.Errorf("column %s has missing values", c.Name)
		}
	}
	_ = table.Int
}

func TestIGOPanelYearFilter(t *testing.T) {
	all := bundledPanel(t)
	in, err := bundledInput("cow-igo", "state_year_format3.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	p, err := readIGOPanel(in, YearRange{2010, 2014})
	if err != nil {
		t.Fatal(err)
	}
	if p.First != 1816 || p.Last != 2014 {
		t.Errorf("filtered panel coverage %d-%d, want the source's 1816-2014", p.First, p.Last)
	}
	want := 0
	for _, y := range all.Year {
		if y >= 2010 {
			want++
		}
	}
	if p.NumStateYears() != want {
		t.Errorf("%d state-years 2010-2014, want %d", p.NumStateYears(), want)
	}
	if !reflect.DeepEqual(p.Members(2014), all.Members(2014)) {
		t.Error("2014 members differ between filtered and full panel")
	}
}

func BenchmarkIGOMemberships(b *testing.B) {
	for b.Loop() {
		t, err := IGOMemberships()
		if err != nil {
			b.Fatal(err)
		}
		if t.NumRows() != 677839 {
			b.Fatalf("%d rows", t.NumRows())
		}
	}
}

// igoZeroCells returns the (IGO index, year) pairs with a cell coded 0 in
// the bundled state-year file, which the panel does not store.
func igoZeroCells() (map[[2]int]bool, error) {
	in, err := bundledInput("cow-igo", "state_year_format3.csv.gz")
	if err != nil {
		return nil, err
	}
	cr, h, err := in.csv()
	if err != nil {
		return nil, err
	}
	names := append([]string(nil), h.names[3:]...)
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	rank := make([]int, len(names))
	for j, n := range names {
		rank[j] = sort.SearchStrings(sorted, n)
	}
	out := map[[2]int]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		y, _, _ := cr.Int(rec, 1)
		for j, b := range rec[3:] {
			if string(b) == "0" {
				out[[2]int{rank[j], int(y)}] = true
			}
		}
	}
	return out, nil
}

func TestIGOYearsTable(t *testing.T) {
	l := bundledList(t)
	tb := l.YearsTable()
	if tb.NumRows() != 19335 {
		t.Errorf("%d IGO-years, want 19335 (the rows of the IGO-year file)", tb.NumRows())
	}
	year, igo := tb.Col("year").Ints, tb.Col("igo").Strings
	birth, death := tb.Col("birth").Ints, tb.Col("death").Ints
	alive := map[int]int{}
	births, deaths := 0, 0
	died := map[string]int{}
	for i := range year {
		if i > 0 && (year[i-1] > year[i] || year[i-1] == year[i] && igo[i-1] >= igo[i]) {
			t.Fatalf("rows %d and %d out of (year, igo) order", i, i+1)
		}
		alive[int(year[i])]++
		births += int(birth[i])
		deaths += int(death[i])
		if death[i] == 1 {
			died[igo[i]] = int(year[i])
		}
	}
	for y := l.First; y <= l.Last; y++ {
		if alive[y] != len(l.Alive(y)) {
			t.Errorf("%d: %d rows, %d IGOs alive", y, alive[y], len(l.Alive(y)))
		}
	}
	if alive[2014] != 335 {
		t.Errorf("2014: %d IGOs alive, want 335", alive[2014])
	}
	// 534 IGOs, each born once; the 199 whose rows end before 2014 die
	// once (acct's deaddate is 2005 but it has rows to 2014).
	if births != 534 || deaths != 199 {
		t.Errorf("%d births and %d deaths, want 534 and 199", births, deaths)
	}
	for g, y := range map[string]int{"iru": 1967, "itc": 1985} {
		if died[g] != y {
			t.Errorf("%s dies in %d, want %d (its last row)", g, died[g], y)
		}
	}
	if _, ok := died["acct"]; ok {
		t.Error("acct has rows to 2014 and must not die")
	}
	lt, err := Load("cow-igo", Options{Table: "igo-years", Years: YearRange{First: 2014, Last: 2014}})
	if err != nil {
		t.Fatal(err)
	}
	if lt.NumRows() != 335 || lt.Meta["table"] != "cow-igo/igo-years" {
		t.Errorf("Load igo-years 2014: %d rows, meta %v", lt.NumRows(), lt.Meta)
	}
}
