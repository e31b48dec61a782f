package loaders

import (
	"bytes"
	"compress/gzip"
	"errors"
	"hash/fnv"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// readers maps a loader name to its reader-based entry point, for the
// bad-input tests; loaders of several files read the others from the
// bundled copies.
var readers = map[string]func(io.Reader, string) (*table.Table, error){
	"igo":          ReadIGOMemberships,
	"igo-counts":   ReadIGOCounts,
	"igos":         ReadIGOs,
	"nmc":          ReadNMC,
	"trade":        ReadTrade,
	"trade-totals": ReadTradeTotals,
	"atop":         ReadATOP,
	"contiguity":   ReadContiguity,
	"fariss":       ReadFariss,
	"pts":          ReadPTS,
	"vdem":         ReadVDem,
	"mia":          ReadMIA,
	"digo":         ReadDIGO,
	"gw-states":    ReadGWStates,
	"cow-gw-years": ReadCOWGWYears,
	"majors":       ReadMajorPowers,
	"lied":         func(r io.Reader, name string) (*table.Table, error) { return ReadLIED(r, name, nil) },
	"states": func(r io.Reader, name string) (*table.Table, error) {
		return ReadStateSystem(Input{r, name}, Input{}, Input{})
	},
	"gwf": func(r io.Reader, name string) (*table.Table, error) {
		aut := "gwf_cowcode,year,cown,gwf_startdate,gwf_enddate,gwf_fail_subsregime,gwf_fail_type,gwf_fail_violent\n"
		return ReadGWF(Input{r, name}, Input{strings.NewReader(aut), "aut.csv"})
	},
	"vdem-row": func(r io.Reader, name string) (*table.Table, error) {
		b, _, err := datasets.Open("vdem", "vdem_simple.csv.gz")
		if err != nil {
			return nil, err
		}
		return ReadVDemRoW(Input{r, name}, Input{bytes.NewReader(b), "vdem.csv.gz"})
	},
	"unvotes": func(r io.Reader, name string) (*table.Table, error) {
		calls, _, err := datasets.Open("unvotes", "un_roll_calls.csv.gz")
		if err != nil {
			return nil, err
		}
		issues, _, err := datasets.Open("unvotes", "un_roll_call_issues.csv")
		if err != nil {
			return nil, err
		}
		return ReadUNVotes(Input{r, name}, Input{bytes.NewReader(calls), "calls.csv.gz"},
			Input{bytes.NewReader(issues), "issues.csv"}, fakeResolver)
	},
}

// bundledFile names the bundled file each reader parses.
var bundledFile = map[string][2]string{
	"igo": {"cow-igo", "state_year_format3.csv.gz"}, "igo-counts": {"cow-igo", "state_year_format3.csv.gz"},
	"igos": {"cow-igo", "igo_year_format3.csv.gz"}, "nmc": {"cow-nmc", "cow_nmc.csv.gz"},
	"trade": {"cow-trade", "cow_trade_ndy.csv.gz"}, "trade-totals": {"cow-trade", "cow_trade_sy.csv.gz"},
	"atop": {"atop", "atop_alliance.csv.gz"}, "contiguity": {"cow-contiguity", "cow_contdir.csv"},
	"fariss": {"fariss", "LHRS-v4.02-2021.csv.gz"}, "pts": {"pts", "PTS-2022.csv.gz"},
	"vdem": {"vdem", "vdem_simple.csv.gz"}, "mia": {"mia", "MIA_DP_May2021.csv.gz"},
	"digo": {"digo", "DIGO_organizations.csv"}, "gw-states": {"cow-states", "gw_states.csv"},
	"cow-gw-years": {"cow-states", "cow_gw_years.csv.gz"}, "majors": {"cow-states", "cow_majors.csv"},
	"lied": {"lied", "LIED.csv.gz"}, "states": {"cow-states", "states2016.csv"},
	"gwf": {"gwf", "gwf_all.csv.gz"}, "vdem-row": {"vdem-row", "ert_v15.csv.gz"},
	"unvotes": {"unvotes", "un_votes.csv.gz"},
}

const igoHeader = "ccode,year,state,sco,gcc\n"

func TestBadInput(t *testing.T) {
	tests := []struct {
		loader, in, want string
	}{
		{"igo", "ccode,yr,state,sco\n2,1990,usa,0\n",
			`x.csv:1: column 2 ("yr"): expected column 2 to be "year", found "yr"`},
		{"igo", "ccode,year\n2,1990\n",
			`x.csv:1: column 3: expected column 3 to be "state", but the header has only 2 columns`},
		{"igo", "", `x.csv:1: empty file: expected a header line`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2x,1991,usa,0,1\n",
			`x.csv:3: column 1 ("ccode"): expected an integer, found "2x"`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,,usa,0,1\n",
			`x.csv:3: column 2 ("year"): expected a year (1 to 9999), found ""`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,1991,usa,0,4\n",
			`x.csv:3: column 5 ("gcc"): expected a membership code (0, 1, 2, 3, -9 or -1), found "4"`},
		{"igo", igoHeader + "2,1990,usa,NA,1\n",
			`x.csv:2: column 4 ("sco"): expected a membership code (0, 1, 2, 3, -9 or -1), found "NA"`},
		{"igo", igoHeader + "2,1990,usa,1.0,1\n",
			`x.csv:2: column 4 ("sco"): expected a membership code (0, 1, 2, 3, -9 or -1), found "1.0"`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,1991,usa,0\n",
			`x.csv:3: expected 5 fields (as in the header), found 4`},
		{"igo", igoHeader + "2,1991,usa,0,1\n20,1990,can,0,1\n2,1991,usa,1,1\n",
			`x.csv:4: duplicate ccode-year (2, 1991): lines 2 and 4`},
		{"igo", "ccode,year,state,sco,sco\n",
			`x.csv:1: column 5 ("sco"): column name "sco" appears twice in the header`},
		{"igo-counts", igoHeader + "2,1990,usa,0,-2\n",
			`x.csv:2: column 5 ("gcc"): expected a membership code (0, 1, 2, 3, -9 or -1), found "-2"`},
		{"igos", "ioname,orgname,year,sdate,deaddate,longorgname,ionum,political,social,economic,integrated\n",
			`x.csv:1: expected a column named "replaced" in the header, found none (header: ioname, orgname, year, sdate, deaddate, longorgname, ionum, political, social, economic, integrated)`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\n",
			`x.csv:3: duplicate IGO-year (SCO, 2001): lines 2 and 3`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSco,Shanghai,2002,1996,,S,4370,1,0,1,0,0\n",
			`x.csv:3: column 1 ("ioname"): IGO abbreviations "SCO" and "Sco" differ only in case, so both would have the key "sco"`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSCO,Shanghai,2002,1997,,S,4370,1,0,1,0,0\n",
			`x.csv:3: column 4 ("sdate"): expected sdate 1996 for SCO (as on line 2), found 1997`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,2,0,1,0,0\n",
			`x.csv:2: column 8 ("political"): expected 0 or 1, found 2`},
		{"nmc", "ccode,year,milex,milper,irst,pec,tpop,upop\n",
			`x.csv:1: expected a column named "cinc" in the header, found none (header: ccode, year, milex, milper, irst, pec, tpop, upop)`},
		{"nmc", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n2,1816,3823,17,80,254,8659,101,0.03\n2,1817,x,17,80,254,8659,101,0.03\n",
			`x.csv:3: column 3 ("milex"): expected a number, found "x"`},
		{"nmc", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n2,1816,3823,17,80,254,8659,101,0.03\n20,1816,1,1,1,1,1,1,0.1\n2,1816,3823,17,80,254,8659,101,0.03\n",
			`x.csv:4: duplicate ccode-year (2, 1816): lines 2 and 4`},
		{"nmc", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\nNA,1816,3823,17,80,254,8659,101,0.03\n",
			`x.csv:2: column 1 ("ccode"): expected a value for key column "ccode", found "NA"`},
		{"trade", "ccode1,ccode2,year,flow1,flow2,smoothflow1,smoothflow2\n20,2,1990,1,2,1,2\n",
			`x.csv:2: column 2 ("ccode2"): expected ccode1 < ccode2 in a non-directed dyad, found ccode1 20 and ccode2 2`},
		{"trade", "ccode1,ccode2,year,flow1,flow2,smoothflow1,smoothflow2\n2,20,1990,1,2,1,2\n2,20,1990,1,2,1,2\n",
			`x.csv:3: duplicate dyad-year (2, 20, 1990): lines 2 and 3`},
		{"atop", "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n2,20,1990,2,0,0,0,0\n",
			`x.csv:2: column 4 ("atop_defense"): expected 0 or 1, found 2`},
		{"atop", "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n2,2,1990,1,0,0,0,0\n",
			`x.csv:2: column 2 ("ccode2"): expected two different states in a dyad, found ccode1 = ccode2 = 2`},
		{"contiguity", "ccode1,ccode2,conttype,stdate,enddate\n2,20,7,1920-01-01,2016-12-01\n",
			`x.csv:2: column 3 ("conttype"): expected a contiguity type 0 to 5, found 7`},
		{"contiguity", "ccode1,ccode2,conttype,stdate,enddate\n2,20,1,1920-01-01,2016-12-01\n20,2,1,1920-01-01,2016-11-01\n",
			`x.csv:3: expected the mirror of this spell (2, 20, type 1, 1920-01-01 to 2016-11-01) in the file, as in a directed file, found none`},
		{"contiguity", "ccode1,ccode2,conttype,stdate,enddate\n2,20,1,1920-13-01,2016-12-01\n",
			`x.csv:2: column 4 ("stdate"): expected a date YYYY-MM-DD, found "1920-13-01"`},
		{"contiguity", "ccode1,ccode2,conttype,stdate,enddate\n2,20,1,1920-01-01,1910-12-01\n",
			`x.csv:2: column 5 ("enddate"): expected a date at or after stdate 1920-01-01, found 1910-12-01`},
		{"pts", "Country,Country_OLD,Year,COW_Code_A,COW_Code_N,WordBank_Code_A,UN_Code_N,Region,PTS_A,PTS_H,PTS_S,NA_Status_A,NA_Status_H,NA_Status_S\nChina,China,2014,CHN,710,CHN,156,eap,7,4,4,0,0,0\n",
			`x.csv:2: column 9 ("PTS_A"): expected a score 1 to 5 or NA, found 7`},
		{"pts", "Country,Country_OLD,Year,COW_Code_A,COW_Code_N,WordBank_Code_A,UN_Code_N,Region,PTS_A,PTS_H,PTS_S,NA_Status_A,NA_Status_H,NA_Status_S\nChina,China,2014,CHN,710,CHN,156,eap,4,4,4,0,0,0\nPRC,China,2014,CHN,710,CHN,156,eap,4,4,4,0,0,0\n",
			`x.csv:3: duplicate ccode-year (710, 2014): lines 2 and 3`},
		{"states", "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\nUSA,2,United States,1816,1,1,1815,12,31,2016\n",
			`x.csv:2: column 7 ("endyear"): expected an end year at or after the start year 1816, found 1815`},
		{"gw-states", "gwcode,stateabb,statename,startdate,enddate\n2,USA,United States,1816-01-01,2017-31-12\n",
			`x.csv:2: column 5 ("enddate"): expected a date YYYY-MM-DD, found "2017-31-12"`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,x,1,0,1,0,0\n",
			`x.csv:2: column 7 ("ionum"): expected an integer, found "x"`},
		// A code that is no COW state is an error, not a new state.
		{"igo", igoHeader + "2,1990,usa,0,1\n999,1990,xyz,0,1\n",
			`x.csv:3: column 1 ("ccode"): expected a COW state code (one of those in cow-states/states2016.csv), found 999`},
		{"nmc", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n999,1816,3823,17,80,254,8659,101,0.03\n",
			`x.csv:2: column 1 ("ccode"): expected a COW state code (one of those in cow-states/states2016.csv), found 999`},
		{"atop", "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n2,21,1990,1,0,0,0,0\n",
			`x.csv:2: column 2 ("ccode2"): expected a COW state code (one of those in cow-states/states2016.csv), found 21`},
		{"trade-totals", "ccode,year,imports,exports\n2,1990,1,2\n3,1990,3,4\n",
			`x.csv:3: column 1 ("ccode"): expected a COW state code (one of those in cow-states/states2016.csv), found 3`},
		{"pts", "Country,Country_OLD,Year,COW_Code_A,COW_Code_N,WordBank_Code_A,UN_Code_N,Region,PTS_A,PTS_H,PTS_S,NA_Status_A,NA_Status_H,NA_Status_S\nChina,China,2014,CHN,711,CHN,156,eap,4,4,4,0,0,0\n",
			`x.csv:2: column 5 ("COW_Code_N"): expected a COW state code (one of those in cow-states/states2016.csv), found 711`},
		{"vdem", "vdem_country_name\n",
			`x.csv:1: expected a column named "vdem_cowcode" in the header, found none (header: vdem_country_name)`},
		{"lied", "lied_cow,year\n",
			`x.csv:1: expected a column named "lied_country" in the header, found none (header: lied_cow, year)`},
		{"mia", "ioname,year\n",
			`x.csv:1: expected a column named "acronym" in the header, found none (header: ioname, year)`},
	}
	for _, tt := range tests {
		_, err := readers[tt.loader](strings.NewReader(tt.in), "x.csv")
		var e *csvx.Error
		if err == nil || !errors.As(err, &e) || err.Error() != tt.want {
			t.Errorf("%s %q:\n got  %v\n want %s", tt.loader, tt.in, err, tt.want)
		}
	}
}

const igosHeader = "ioname,orgname,year,sdate,deaddate,longorgname,ionum,political,social,economic,integrated,replaced\n"

// TestTruncatedGzip feeds every reader the first lines of its bundled
// file, gzipped, then cut short.
func TestTruncatedGzip(t *testing.T) {
	for name, read := range readers {
		f, ok := bundledFile[name]
		if !ok {
			t.Errorf("no bundled file for reader %s", name)
			continue
		}
		_, lines := refRaw(t, f[0], f[1], 3000)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(lines)
		zw.Close()
		if _, err := read(bytes.NewReader(buf.Bytes()), "t.csv.gz"); err != nil {
			t.Errorf("%s: whole sample: %v", name, err)
			continue
		}
		cut := buf.Bytes()[:buf.Len()*2/3]
		_, err := read(bytes.NewReader(cut), "t.csv.gz")
		var e *csvx.Error
		if err == nil || !errors.As(err, &e) || !strings.HasPrefix(err.Error(), "t.csv.gz:") || !strings.Contains(err.Error(), "truncated or corrupt compressed data") {
			t.Errorf("%s: truncated gzip: got %v", name, err)
		}
	}
}

// fakeResolver gives every distinct country identifier a distinct code.
func fakeResolver(s string) (int, bool) {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() >> 1), true
}

func TestUNVotesUnresolved(t *testing.T) {
	votes := "rcid,country,country_code,vote\n3,United States,US,yes\n3,Atlantis,XA,no\n4,Atlantis,XA,no\n4,Lemuria,,abstain\n"
	calls := "rcid,session,importantvote,date,unres,amend,para,short,descr\n3,1,0,1946-01-01,R/1/66,1,0,A,B\n4,1,,1946-01-02,R/1/79,0,0,C,D\n"
	issues := "rcid,short_name,issue\n3,hr,Human rights\n"
	resolve := func(s string) (int, bool) { return 2, s == "US" }
	_, err := ReadUNVotes(Input{strings.NewReader(votes), "v.csv"}, Input{strings.NewReader(calls), "c.csv"},
		Input{strings.NewReader(issues), "i.csv"}, resolve)
	want := `v.csv:3: 2 country codes could not be resolved to COW codes: "XA" (Atlantis; 2 rows, first on line 3), "" (Lemuria; 1 rows, first on line 5)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	resolve = func(s string) (int, bool) { return map[string]int{"US": 2, "XA": 1000, "Lemuria": 1001}[s], true }
	tab, err := ReadUNVotes(Input{strings.NewReader(votes), "v.csv"}, Input{strings.NewReader(calls), "c.csv"},
		Input{strings.NewReader(issues), "i.csv"}, resolve)
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Col("ccode").Ints; !reflect.DeepEqual(got, []int64{2, 1000, 1000, 1001}) {
		t.Errorf("ccodes %v", got)
	}
	if got := tab.Col("issue_hr").Bools; !reflect.DeepEqual(got, []bool{true, true, false, false}) {
		t.Errorf("issue_hr %v", got)
	}
	if imp := tab.Col("important_vote"); imp.IsMissing(0) || !imp.IsMissing(2) {
		t.Errorf("important_vote missing mask %v", imp.Missing)
	}
	if cc := tab.Col("country_code"); !cc.IsMissing(3) {
		t.Error("empty country code not missing")
	}
	_, err = ReadUNVotes(Input{strings.NewReader(votes + "5,Atlantis,XA,no\n"), "v.csv"}, Input{strings.NewReader(calls), "c.csv"},
		Input{strings.NewReader(issues), "i.csv"}, resolve)
	if want := "v.csv:6: rcid 5 has no roll call in c.csv"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, err = ReadUNVotes(Input{strings.NewReader(votes + "3,Atlantis,XA,no\n"), "v.csv"}, Input{strings.NewReader(calls), "c.csv"},
		Input{strings.NewReader(issues), "i.csv"}, resolve)
	if want := "v.csv:6: duplicate rcid-ccode (3, 1000): lines 3 and 6"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
