package loaders

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// ptsCodes assigns COW codes to PTS rows whose COW_Code_N is NA but that
// are COW states.
var ptsCodes = map[string]int64{"Soviet Union": 365, "Serbia": 345}

// ptsKeep345 resolves the years in which PTS has two scored rows for COW
// 345 (Yugoslavia / Serbia): the country whose row is kept.
var ptsKeep345 = map[int64]string{
	1991: "Yugoslavia, Socialist Federal Republic of",
	1992: "Yugoslavia, Federal Republic of",
	2006: "Yugoslavia, Federal Republic of",
}

// ReadPTS reads the Political Terror Scale (2022 release) into one row per
// state-year: ccode, year, country, pts_a, pts_h, pts_s (scores from
// Amnesty International, Human Rights Watch and the US State Department
// reports: 1 secure rule of law ... 5 terror extends to the whole
// population; NA missing), na_status_a, na_status_h, na_status_s (PTS's
// reason a score is missing: 0 scored; 66, 77, 88, 99 as in the PTS
// codebook, roughly territory, not independent, no report, report
// without enough information), region, cow_abb (COW_Code_A), wb_code
// (WordBank_Code_A) and un_code (UN_Code_N).
//
// Rules, in order: ccode is COW_Code_N, except that "Soviet Union" is 365
// and "Serbia" 345 (both NA in the file); rows where PTS_A, PTS_H and
// PTS_S are all NA are dropped (no score: not in existence, a territory,
// no report); rows still without a COW code (territories such as Western
// Sahara or Puerto Rico) are dropped and listed in meta "dropped"; where
// two scored rows remain for 345 in a year, the one of the state COW
// codes 345 that year is kept (1991 the Socialist Federal Republic; 1992
// and 2006 the Federal Republic). Any other duplicate is an error.
func ReadPTS(r io.Reader, name string) (*table.Table, error) {
	return readPTS(userInput(r, name), YearRange{})
}

// PTS is ReadPTS on the bundled pts/PTS-2022.csv.gz.
func PTS() (*table.Table, error) { return loadPTS(YearRange{}) }

func loadPTS(years YearRange) (*table.Table, error) {
	in, err := bundledInput("pts", "PTS-2022.csv.gz")
	if err != nil {
		return nil, err
	}
	return readPTS(in, years)
}

func readPTS(in *input, years YearRange) (*table.Table, error) {
	res, err := readSpec(in, spec{year: "year", fields: []field{
		{src: "COW_Code_N", name: "ccode", typ: table.Int, cow: true},
		{src: "Year", name: "year", typ: table.Int, key: true},
		{src: "Country", name: "country", typ: table.String, key: true},
		{src: "PTS_A", name: "pts_a", typ: table.Int},
		{src: "PTS_H", name: "pts_h", typ: table.Int},
		{src: "PTS_S", name: "pts_s", typ: table.Int},
		{src: "NA_Status_A", name: "na_status_a", typ: table.Int},
		{src: "NA_Status_H", name: "na_status_h", typ: table.Int},
		{src: "NA_Status_S", name: "na_status_s", typ: table.Int},
		{src: "Region", name: "region", typ: table.String},
		{src: "COW_Code_A", name: "cow_abb", typ: table.String},
		{src: "WordBank_Code_A", name: "wb_code", typ: table.String},
		{src: "UN_Code_N", name: "un_code", typ: table.Int},
	}}, years)
	if err != nil {
		return nil, err
	}
	t := res.t
	cc, yy, country := t.Col("ccode"), t.Col("year").Ints, t.Col("country").Strings
	scores := []*table.Column{t.Col("pts_a"), t.Col("pts_h"), t.Col("pts_s")}
	for _, c := range scores {
		for i, v := range c.Ints {
			if !c.IsMissing(i) && (v < 1 || v > 5) {
				return nil, res.errAt(i, c.Name, "expected a score 1 to 5 or NA, found %d", v)
			}
		}
	}
	var keep []int
	dropped := map[string]int{}
	for i := range yy {
		if cc.IsMissing(i) {
			if code, ok := ptsCodes[country[i]]; ok {
				cc.Ints[i] = code
				cc.Missing[i] = false
			}
		}
		if scores[0].IsMissing(i) && scores[1].IsMissing(i) && scores[2].IsMissing(i) {
			continue
		}
		if cc.IsMissing(i) {
			dropped[country[i]]++
			continue
		}
		if cc.Ints[i] == 345 {
			if k, ok := ptsKeep345[yy[i]]; ok && country[i] != k {
				continue
			}
		}
		keep = append(keep, i)
	}
	lines := make([]int, len(keep))
	for j, i := range keep {
		lines[j] = res.lines[i]
	}
	t = t.Take(keep)
	t.Col("ccode").WithMissing(nil)
	t, err = sortRows(t, lines, in.name, "ccode-year", "ccode", "year")
	if err != nil {
		return nil, err
	}
	t = finish(t, in, "state-year", res.cov)
	if len(dropped) > 0 {
		t.SetMeta("dropped", countList(dropped))
	}
	return t, nil
}

// countList formats name counts as "a (3), b (1)", sorted by name.
func countList(m map[string]int) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n, m[n])
	}
	return strings.Join(parts, ", ")
}
