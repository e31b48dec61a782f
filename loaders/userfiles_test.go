package loaders

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// ufWrite writes a small user file for a test and opens it.
func ufWrite(t *testing.T, name, content string) (*os.File, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, p
}

// ufDump renders a table as CSV-like text for comparisons.
func ufDump(t *table.Table) string {
	var b strings.Builder
	b.WriteString(strings.Join(t.Names(), ","))
	b.WriteByte('\n')
	for i := 0; i < t.NumRows(); i++ {
		for j, c := range t.Columns {
			if j > 0 {
				b.WriteByte(',')
			}
			if c.IsMissing(i) {
				b.WriteString("NA")
			} else {
				b.WriteString(c.Format(i))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func ufTypes(t *table.Table) string {
	var s []string
	for _, c := range t.Columns {
		s = append(s, c.Name+":"+c.Type.String())
	}
	return strings.Join(s, " ")
}

func TestLoadStateYear(t *testing.T) {
	c := ctryTestCountries(t)
	f, p := ufWrite(t, "incidents.csv", `Country,Year,Incidents,Share of GDP,Source Org,Verified
Russian Federation,2015,12,0.5,FH,true
Türkiye,2015,7,NA,FH,FALSE
China,2014,30,1.25,,true
Côte d’Ivoire,2015,1,2,AI,false
Germany,1970,2,,AI,True
`)
	tab, un, err := LoadStateYear(f, p, Mapping{Country: "Country", Year: "Year"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 0 {
		t.Errorf("unresolved: %v", un)
	}
	want := `ccode,year,incidents,share_of_gdp,source_org,verified
260,1970,2,NA,AI,true
365,2015,12,0.5,FH,true
437,2015,1,2,AI,false
640,2015,7,NA,FH,false
710,2014,30,1.25,NA,true
`
	if got := ufDump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	if got := ufTypes(tab); got != "ccode:int year:int incidents:int share_of_gdp:float source_org:string verified:bool" {
		t.Errorf("types: %s", got)
	}
	if len(tab.Sources) != 1 || tab.Sources[0].File != p || len(tab.Sources[0].SHA256) != 64 {
		t.Errorf("sources: %+v", tab.Sources)
	}
}

func TestLoadStateYearCCodeAndDrop(t *testing.T) {
	c := ctryTestCountries(t)
	f, p := ufWrite(t, "x.csv", "cow,yr,name,v\n2,2000,USA,1.5\n20,2000,Canada,NA\n")
	tab, _, err := LoadStateYear(f, p, Mapping{CCode: "cow", Year: "yr", Drop: []string{"name"}}, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ufDump(tab), "ccode,year,v\n2,2000,1.5\n20,2000,NA\n"; got != want {
		t.Errorf("got\n%s want\n%s", got, want)
	}
}

func TestLoadStateYearGzip(t *testing.T) {
	c := ctryTestCountries(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("iso3,year,x\nCHN,2010,1\nRUS,2010,2\n"))
	zw.Close()
	tab, _, err := LoadStateYear(bytes.NewReader(buf.Bytes()), "x.csv.gz", Mapping{Country: "iso3", Year: "year"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ufDump(tab), "ccode,year,x\n365,2010,2\n710,2010,1\n"; got != want {
		t.Errorf("got\n%s", got)
	}
}

func TestLoadStateYearUnresolved(t *testing.T) {
	c := ctryTestCountries(t)
	content := "country,year,v\nChina,2000,1\nAtlantis,2000,2\nHong Kong,2000,3\nRussia,2000,4\n,2001,5\nNA,2001,6\n"
	f, p := ufWrite(t, "u.csv", content)
	_, _, err := LoadStateYear(f, p, Mapping{Country: "country", Year: "year"}, c)
	var ce *csvx.Error
	if !errors.As(err, &ce) || ce.Line != 3 || ce.Name != "country" || !strings.Contains(err.Error(), "Atlantis") || !strings.Contains(err.Error(), "AllowUnresolved") {
		t.Fatalf("err = %v, want an error at line 3 naming Atlantis", err)
	}
	f, p = ufWrite(t, "u.csv", content)
	tab, un, err := LoadStateYear(f, p, Mapping{Country: "country", Year: "year", AllowUnresolved: true}, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ufDump(tab), "ccode,year,v\n365,2000,4\n710,2000,1\n"; got != want {
		t.Errorf("got\n%s", got)
	}
	var lines []string
	for _, u := range un {
		lines = append(lines, u.String())
	}
	want := []string{
		`line 3, column "country": "Atlantis": unknown country name or code`,
		`line 4, column "country": "Hong Kong": Hong Kong has no COW code`,
		`line 6, column "country": "": empty`,
		`line 7, column "country": "NA": NA is read as missing (for Namibia write NAM or its name)`,
	}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("unresolved:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if tab.Meta["repnet.unresolved_rows_dropped"] != "4" {
		t.Errorf("meta: %v", tab.Meta)
	}
}

func TestLoadStateYearErrors(t *testing.T) {
	c := ctryTestCountries(t)
	tests := []struct {
		name, content string
		m             Mapping
		want          string
	}{
		{"duplicate", "country,year\nChina,2000\nRussia,2000\nPRC,2000\n", Mapping{Country: "country", Year: "year"}, ":4: duplicate key ccode 710, year 2000: also on line 2"},
		{"duplicate via year rule", "country,year\nWest Germany,1970\nGermany,1970\n", Mapping{Country: "country", Year: "year"}, "also on line 2"},
		{"bad year", "country,year\nChina,20x0\n", Mapping{Country: "country", Year: "year"}, `:2: column 2 ("year"): expected a year, found "20x0"`},
		{"empty year", "country,year\nChina,\n", Mapping{Country: "country", Year: "year"}, "expected a year"},
		{"no column", "country,year\nChina,2000\n", Mapping{Country: "nation", Year: "year"}, `no column "nation"`},
		{"bad mapping", "country,year\n", Mapping{Year: "year"}, "exactly one of CCode or Country"},
		{"both", "country,year\n", Mapping{Country: "country", CCode: "year", Year: "year"}, "exactly one of CCode or Country"},
		{"not cow", "cc,year\n999,2000\n", Mapping{CCode: "cc", Year: "year"}, "not a COW state code"},
		{"not int", "cc,year\nChina,2000\n", Mapping{CCode: "cc", Year: "year"}, "not an integer COW code"},
		{"reserved", "country,year,ccode\nChina,2000,710\n", Mapping{Country: "country", Year: "year"}, `would be named "ccode"`},
		{"snake clash", "country,year,A b,a_b\nChina,2000,1,2\n", Mapping{Country: "country", Year: "year"}, "both \"a_b\""},
		{"dup header", "country,year,x,x\nChina,2000,1,2\n", Mapping{Country: "country", Year: "year"}, "also names column"},
		{"short row", "country,year,x\nChina,2000\n", Mapping{Country: "country", Year: "year"}, "expected 3 fields"},
		{"empty", "", Mapping{Country: "country", Year: "year"}, "empty file"},
		{"parquet", "PAR1\x00\x00", Mapping{Country: "country", Year: "year"}, "Parquet input is not supported yet"},
		{"drop unknown", "country,year\n", Mapping{Country: "country", Year: "year", Drop: []string{"zz"}}, `no column "zz"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LoadStateYear(strings.NewReader(tc.content), "f.csv", tc.m, c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, _, err := LoadStateYear(strings.NewReader("a,b\n"), "f.csv", Mapping{Country: "a", Year: "b"}, nil); err == nil {
		t.Error("nil Countries accepted")
	}
}

func TestLoadDyadYear(t *testing.T) {
	c := ctryTestCountries(t)
	content := "origin,target,year,incidents\nChina,Kazakhstan,2018,3\nRussia,China,2018,1\nKazakhstan,China,2018,2\n"
	// Directed: both China-Kazakhstan and Kazakhstan-China are kept.
	f, p := ufWrite(t, "d.csv", content)
	tab, _, err := LoadDyadYear(f, p, Mapping{Country1: "origin", Country2: "target", Year: "year"}, c, true)
	if err != nil {
		t.Fatal(err)
	}
	want := "ccode1,ccode2,year,incidents\n365,710,2018,1\n705,710,2018,2\n710,705,2018,3\n"
	if got := ufDump(tab); got != want {
		t.Errorf("directed:\n%s\nwant\n%s", got, want)
	}
	// Non-directed: the same pair twice in a year is a duplicate.
	f, p = ufWrite(t, "d.csv", content)
	_, _, err = LoadDyadYear(f, p, Mapping{Country1: "origin", Country2: "target", Year: "year"}, c, false)
	if err == nil || !strings.Contains(err.Error(), ":4: duplicate key ccode1 705, ccode2 710, year 2018: also on line 2") {
		t.Errorf("err = %v", err)
	}
	f, p = ufWrite(t, "d.csv", "a,b,year,w\n710,365,2000,1.5\n2,20,2000,NA\n")
	tab, _, err = LoadDyadYear(f, p, Mapping{CCode1: "a", CCode2: "b", Year: "year"}, c, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ufDump(tab), "ccode1,ccode2,year,w\n2,20,2000,NA\n365,710,2000,1.5\n"; got != want {
		t.Errorf("non-directed:\n%s", got)
	}
	_, _, err = LoadDyadYear(strings.NewReader("a,b,year\nChina,PRC,2000\n"), "s.csv", Mapping{Country1: "a", Country2: "b", Year: "year"}, c, true)
	if err == nil || !strings.Contains(err.Error(), "with itself") {
		t.Errorf("self-dyad: err = %v", err)
	}
	// Unresolved on both sides are both listed.
	tab, un, err := LoadDyadYear(strings.NewReader("a,b,year\nAtlantis,Lemuria,2000\nChina,Russia,2000\n"), "u.csv",
		Mapping{Country1: "a", Country2: "b", Year: "year", AllowUnresolved: true}, c, false)
	if err != nil {
		t.Fatal(err)
	}
	if tab.NumRows() != 1 || len(un) != 2 || un[0].Column != "a" || un[1].Column != "b" || un[1].Line != 2 {
		t.Errorf("rows %d, unresolved %v", tab.NumRows(), un)
	}
	if _, _, err := LoadDyadYear(strings.NewReader("a,b\n"), "m.csv", Mapping{Country1: "a", Year: "b"}, c, true); err == nil {
		t.Error("incomplete dyad mapping accepted")
	}
}

func TestLoadMembership(t *testing.T) {
	c := ctryTestCountries(t)
	content := `organization,member,from,to,kind,note
SCO,China,2001,2003,full,founder
SCO,Russian Federation,2001,2002,full,
SCO,India,2017,,full,
SCO,Iran,2005,2006,observer,
CIS,Russia,1991,1992,full,
Test,Germany,1989,1991,full,split by year
`
	m := Mapping{Org: "organization", Country: "member", StartYear: "from", EndYear: "to", Status: "kind", OpenEnd: 2018}
	f, p := ufWrite(t, "m.csv", content)
	tab, un, err := LoadMembership(f, p, m, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 0 {
		t.Errorf("unresolved %v", un)
	}
	want := `org,ccode,year,status,note
CIS,365,1991,full,NA
CIS,365,1992,full,NA
SCO,365,2001,full,NA
SCO,365,2002,full,NA
SCO,630,2005,observer,NA
SCO,630,2006,observer,NA
SCO,710,2001,full,founder
SCO,710,2002,full,founder
SCO,710,2003,full,founder
SCO,750,2017,full,NA
SCO,750,2018,full,NA
Test,255,1990,full,split by year
Test,255,1991,full,split by year
Test,260,1989,full,split by year
`
	if got := ufDump(tab); got != want {
		t.Errorf("membership:\n%s\nwant\n%s", got, want)
	}
	// Without OpenEnd an empty end year is an error.
	m.OpenEnd = 0
	f, p = ufWrite(t, "m.csv", content)
	if _, _, err := LoadMembership(f, p, m, c); err == nil || !strings.Contains(err.Error(), ":4: column 4 (\"to\"): empty end year") {
		t.Errorf("err = %v", err)
	}
	// Overlapping spells are duplicates naming both lines.
	_, _, err = LoadMembership(strings.NewReader("o,c,s,e\nGCC,Qatar,1981,2000\nGCC,QAT,1999,2001\n"), "o.csv",
		Mapping{Org: "o", Country: "c", StartYear: "s", EndYear: "e"}, c)
	if err == nil || !strings.Contains(err.Error(), `:3: duplicate key org "GCC", ccode 694, year 1999: also on line 2`) {
		t.Errorf("overlap: err = %v", err)
	}
	// Year-by-year lists.
	tab, _, err = LoadMembership(strings.NewReader("o,c,y\nCSTO,Armenia,2014\nCSTO,Belarus,2014\n"), "y.csv", Mapping{Org: "o", Country: "c", Year: "y"}, c)
	if err != nil || tab.NumRows() != 2 || ufTypes(tab) != "org:string ccode:int year:int" {
		t.Errorf("year list: %v %v", err, tab)
	}
	for _, tc := range []struct {
		content string
		m       Mapping
		want    string
	}{
		{"o,c,s,e\nGCC,Qatar,2000,1990\n", Mapping{Org: "o", Country: "c", StartYear: "s", EndYear: "e"}, "before start year"},
		{"o,c,s,e\n,Qatar,2000,2001\n", Mapping{Org: "o", Country: "c", StartYear: "s", EndYear: "e"}, "empty organization"},
		{"o,c,s,e\nX,Qatar,0,5000\n", Mapping{Org: "o", Country: "c", StartYear: "s", EndYear: "e"}, "longer than 1000 years"},
		{"o,c,s,e\n", Mapping{Org: "o", Country: "c", StartYear: "s"}, "either Year or both StartYear and EndYear"},
		{"o,c,y\n", Mapping{Org: "o", Country: "c", Year: "y", StartYear: "y"}, "either Year or both"},
		{"o,c,y\n", Mapping{Country: "c", Year: "y"}, "needs Org"},
	} {
		if _, _, err := LoadMembership(strings.NewReader(tc.content), "e.csv", tc.m, c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.content, err, tc.want)
		}
	}
}

func TestUfSnakeAndInfer(t *testing.T) {
	for in, want := range map[string]string{
		"Share of GDP": "share_of_gdp", "gdpPerCapita": "gdp_per_capita", "PTS_A": "pts_a",
		"2019 value": "x2019_value", "  ": "", "Naïve (%)": "naive", "a--b": "a_b",
	} {
		if got := ufSnake(in); got != want {
			t.Errorf("ufSnake(%q) = %q, want %q", in, got, want)
		}
	}
	c := ufInfer("x", []string{"1", "", "2.5", "NaN"}, []bool{false, true, false, false})
	if c.Type != table.Float || !c.IsMissing(1) || !c.IsMissing(3) || c.Floats[2] != 2.5 {
		t.Errorf("float inference: %+v", c)
	}
	c = ufInfer("x", []string{"", ""}, []bool{true, true})
	if c.Type != table.String || !c.IsMissing(0) {
		t.Errorf("all-missing inference: %+v", c)
	}
	c = ufInfer("x", []string{"1", "x"}, []bool{false, false})
	if c.Type != table.String {
		t.Errorf("mixed inference: %+v", c)
	}
}

func FuzzLoadStateYear(f *testing.F) {
	for _, s := range []string{
		"country,year,v\nChina,2000,1\n",
		"country,year,v\n\"Korea, North\",1990,NA\nXX,1,\n",
		"country,year\n\"unterminated,2000\n",
		"PAR1",
		"",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	c, err := LoadCountries()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, content string, allow bool) {
		tab, un, err := LoadStateYear(strings.NewReader(content), "fuzz.csv", Mapping{Country: "country", Year: "year", AllowUnresolved: allow}, c)
		if err != nil {
			return
		}
		if !allow && len(un) > 0 {
			t.Fatalf("unresolved without AllowUnresolved: %v", un)
		}
		seen := map[[2]int64]bool{}
		cc, yr := tab.Col("ccode"), tab.Col("year")
		for i := 0; i < tab.NumRows(); i++ {
			k := [2]int64{cc.Ints[i], yr.Ints[i]}
			if seen[k] {
				t.Fatalf("duplicate key %v in output", k)
			}
			seen[k] = true
		}
	})
}
