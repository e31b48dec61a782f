package loaders

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
)

func ctryTestCountries(t testing.TB) *Countries {
	t.Helper()
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCountriesBundled(t *testing.T) {
	c := ctryTestCountries(t)
	all := c.All()
	cow := 0
	for _, k := range all {
		if k.CCode != 0 {
			cow++
		}
	}
	// 217 distinct codes in COW State System Membership v2016.
	if cow != 217 {
		t.Errorf("%d COW states in the crosswalk, want 217", cow)
	}
	if len(all) != 242 {
		t.Errorf("%d entries, want 242 (update when the crosswalk grows)", len(all))
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.CCode != 0 && b.CCode != 0 && a.CCode >= b.CCode {
			t.Errorf("All not sorted by COW code at %d, %d", a.CCode, b.CCode)
		}
	}
	k, ok := c.ByCCode(710)
	if !ok || k.ISO3 != "CHN" || k.ISO2 != "CN" || k.StateAbb != "CHN" || k.GWCode != 710 || k.VDemID != 110 || k.Name != "China" {
		t.Errorf("ByCCode(710) = %+v, %v", k, ok)
	}
	if got := c.ISO3(365); got != "RUS" {
		t.Errorf("ISO3(365) = %q", got)
	}
	if got := c.Name(260); got != "West Germany" {
		t.Errorf("Name(260) = %q", got)
	}
	if got := c.StateAbb(305); got != "AUS" {
		t.Errorf("StateAbb(305) = %q", got)
	}
	if got := c.Name(999); got != "" {
		t.Errorf("Name(999) = %q, want empty", got)
	}
}

func TestResolve(t *testing.T) {
	c := ctryTestCountries(t)
	tests := []struct {
		in   string
		want int // 0: must not resolve
	}{
		{"710", 710}, {"0710", 710}, {"2", 2}, {"999", 0}, {"0", 0},
		{"CN", 710}, {"chn", 710}, {"China", 710}, {"  china ", 710},
		{"Russian Federation", 365}, {"Russia", 365}, {"RUS", 365}, {"RU", 365},
		{"Soviet Union", 365}, {"USSR", 365}, {"U.S.S.R.", 365}, {"SU", 365},
		{"Türkiye", 640}, {"Turkiye", 640}, {"TURKEY", 640}, {"Ottoman Empire", 640},
		{"Côte d'Ivoire", 437}, {"Côte d’Ivoire", 437}, {"Cote d'Ivoire", 437}, {"cote divoire", 437},
		{"Ivory Coast", 437}, {"CIV", 437}, {"CDI", 437},
		{"Korea, North", 731}, {"North Korea", 731}, {"Democratic People's Republic of Korea", 731},
		{"DPRK", 731}, {"Korea, Dem. People's Rep.", 731}, {"PRK", 731},
		{"South Korea", 732}, {"Korea, Republic of", 732}, {"ROK", 732}, {"KR", 732},
		{"Korea", 730},
		{"DR Congo", 490}, {"Congo, Democratic Republic of", 490}, {"Congo - Kinshasa", 490},
		{"Zaire", 490}, {"DRC", 490}, {"COD", 490},
		{"Congo", 484}, {"Congo - Brazzaville", 484}, {"Republic of the Congo", 484}, {"Congo, Rep.", 484},
		{"Burma", 775}, {"Myanmar", 775}, {"Myanmar (Burma)", 775},
		{"Eswatini", 572}, {"Swaziland", 572}, {"SZ", 572},
		{"Czechia", 316}, {"Czech Republic", 316}, {"Czechoslovakia", 315}, {"CS", 315},
		{"Antigua & Barbuda", 58}, {"Antigua and Barbuda", 58},
		{"St. Kitts & Nevis", 60}, {"Saint Kitts and Nevis", 60},
		{"São Tomé & Príncipe", 403}, {"Sao Tome and Principe", 403},
		{"Gambia, The", 420}, {"The Gambia", 420}, {"The Bahamas", 31}, {"Bahamas, The", 31},
		{"United States of America", 2}, {"U.S.", 2}, {"USA", 2}, {"US", 2},
		{"UK", 200}, {"GB", 200}, {"UKG", 200}, {"Great Britain", 200},
		{"Federal Republic of Germany", 260}, {"German Democratic Republic", 265}, {"GDR", 265}, {"DD", 265},
		{"Germany", 255}, {"DE", 255}, {"Prussia", 255},
		{"Yemen Arab Republic", 678}, {"Yemen", 679}, {"Yemen People's Republic", 680}, {"YD", 680},
		{"Republic of Vietnam", 817}, {"Viet Nam", 816}, {"Vietnam", 816},
		{"Yugoslavia", 345}, {"Serbia", 345}, {"YU", 345}, {"RS", 345}, {"Serbia and Montenegro", 345},
		{"Bavaria", 245}, {"BAV", 245}, {"Wuerttemburg", 271}, {"Würtemberg", 271},
		{"Taiwan", 713}, {"Republic of China", 713}, {"Kosovo", 347}, {"XK", 347},
		{"Namibia", 565}, {"NA", 565},
		// entities without a COW code
		{"Hong Kong", 0}, {"HKG", 0}, {"Palestine", 0}, {"State of Palestine", 0}, {"Somaliland", 0},
		{"Puerto Rico", 0}, {"Western Sahara", 0}, {"Tibet", 0},
		// nonsense
		{"", 0}, {"   ", 0}, {"Atlantis", 0}, {"-", 0}, {"2.0", 0}, {"12345678901234567890", 0},
	}
	for _, tc := range tests {
		got, ok := c.Resolve(tc.in)
		if tc.want == 0 {
			if ok {
				t.Errorf("Resolve(%q) = %d, want no COW code", tc.in, got)
			}
			continue
		}
		if !ok || got != tc.want {
			t.Errorf("Resolve(%q) = %d, %v; want %d", tc.in, got, ok, tc.want)
		}
	}
	if k, ok := c.Lookup("Hong Kong SAR, China"); !ok || k.ISO3 != "HKG" || k.VDemID != 167 {
		t.Errorf("Lookup(Hong Kong SAR, China) = %+v, %v", k, ok)
	}
}

// TestResolveCodeCollisions checks the documented rule for the codes that
// are an ISO 3166 code of one entity and the COW abbreviation of another:
// ISO wins in Resolve; ResolveCOWAbb and ResolveISO read one kind only. The
// collisions are found from the crosswalk itself, so a new one cannot slip
// by untested.
func TestResolveCodeCollisions(t *testing.T) {
	c := ctryTestCountries(t)
	iso := map[string]Country{}
	for _, k := range c.All() {
		for _, code := range []string{k.ISO2, k.ISO3} {
			if code != "" {
				iso[code] = k
			}
		}
	}
	var found []string
	for _, k := range c.All() {
		o, clash := iso[k.StateAbb]
		if k.StateAbb == "" || !clash || o.Name == k.Name {
			continue
		}
		found = append(found, k.StateAbb)
		got, ok := c.Resolve(k.StateAbb)
		if o.CCode == 0 {
			if ok {
				t.Errorf("Resolve(%q) = %d; the ISO entity %s has no COW code, want unresolved", k.StateAbb, got, o.Name)
			}
		} else if !ok || got != o.CCode {
			t.Errorf("Resolve(%q) = %d, %v; want ISO's %s (%d), not COW's %s (%d)", k.StateAbb, got, ok, o.Name, o.CCode, k.Name, k.CCode)
		}
		if got, ok := c.ResolveCOWAbb(k.StateAbb); !ok || got != k.CCode {
			t.Errorf("ResolveCOWAbb(%q) = %d, %v; want %d", k.StateAbb, got, ok, k.CCode)
		}
		t.Logf("%s: ISO %s (%d) over COW %s (%d)", k.StateAbb, o.Name, o.CCode, k.Name, k.CCode)
	}
	sort.Strings(found)
	want := "AUS CZE KOR MAC MNG SLV SWZ"
	if got := strings.Join(found, " "); got != want {
		t.Errorf("ISO/COW collisions = %s, want %s (document any new one on Countries)", got, want)
	}
	if got, ok := c.ResolveISO("AUS"); !ok || got != 900 {
		t.Errorf("ResolveISO(AUS) = %d, %v", got, ok)
	}
	if _, ok := c.ResolveISO("AUH"); ok {
		t.Errorf("ResolveISO(AUH) resolved a COW abbreviation")
	}
}

func TestResolveYear(t *testing.T) {
	c := ctryTestCountries(t)
	tests := []struct {
		in   string
		year int
		want int
	}{
		{"Germany", 1938, 255}, {"Germany", 1970, 260}, {"Germany", 1990, 255}, {"Germany", 2000, 255},
		{"Germany", 1950, 260}, {"West Germany", 1970, 260}, {"East Germany", 1970, 265},
		{"Yemen", 1980, 678}, {"Yemen", 1990, 679}, {"Yemen", 2010, 679}, {"YEM", 1975, 678},
		{"Czech Republic", 1980, 315}, {"Czech Republic", 1993, 316}, {"Slovakia", 1980, 317},
		{"Austria", 1900, 300}, {"Austria", 1800, 300}, {"Austria", 1930, 305}, {"Austria", 1940, 305},
		{"Hungary", 1900, 310}, {"Yemen", 1800, 678},
		{"Korea", 1900, 730}, {"Korea", 2000, 732}, {"Korea", 1930, 730},
		{"South Korea", 1900, 730}, {"South Korea", 1907, 732}, {"South Korea", 2000, 732},
		{"Russia", 1970, 365}, {"China", 1850, 710}, // outside membership, no rule: unchanged
	}
	for _, tc := range tests {
		if got, ok := c.ResolveYear(tc.in, tc.year); !ok || got != tc.want {
			t.Errorf("ResolveYear(%q, %d) = %d, %v; want %d", tc.in, tc.year, got, ok, tc.want)
		}
	}
	if _, ok := c.ResolveYear("Hong Kong", 2000); ok {
		t.Error("ResolveYear(Hong Kong) resolved")
	}
	if !c.InSystem(2, 2020) || c.InSystem(260, 1991) || !c.InSystem(260, 1990) || c.InSystem(40, 1907) {
		t.Error("InSystem disagrees with COW v2016")
	}
}

func TestResolveAll(t *testing.T) {
	c := ctryTestCountries(t)
	names := []string{"China", "Atlantis", "RUS", "Hong Kong", "Atlantis", "", "Türkiye"}
	codes, un := c.ResolveAll(names)
	want := []int{710, 0, 365, 0, 0, 0, 640}
	for i := range want {
		if codes[i] != want[i] {
			t.Errorf("codes[%d] = %d, want %d", i, codes[i], want[i])
		}
	}
	if got := fmt.Sprintf("%q", un); got != `["Atlantis" "Hong Kong" ""]` {
		t.Errorf("unresolved = %s", got)
	}
}

func TestNormalizeCountryName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Côte d’Ivoire", "cote divoire"},
		{"CÔTE D'IVOIRE", "cote divoire"},
		{"São Tomé & Príncipe", "sao tome and principe"},
		{"St. Kitts & Nevis", "saint kitts and nevis"},
		{"Gambia, The", "gambia"},
		{"The Gambia", "gambia"},
		{"  Korea,   Dem.  People's  Rep. ", "korea dem peoples rep"},
		{"Türkiye", "turkiye"},
		{"Ærø-Straße", "aero strasse"},
		{"the", "the"},
		{"St", "saint"},
		{"", ""},
		{"\xff\xfe", ""},
		{"Россия", "россия"},
	}
	for _, tc := range tests {
		if got := NormalizeCountryName(tc.in); got != tc.want {
			t.Errorf("NormalizeCountryName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadCountriesErrors(t *testing.T) {
	good := "ccode,gwcode,iso2,iso3,vdem_id,stateabb,name\n2,2,US,USA,20,USA,United States\n"
	goodV := "variant,ccode,name,source\nAmerica,2,United States,hand\n"
	tests := []struct {
		name, countries, variants, want string
	}{
		{"header", "ccode,name\n", goodV, "expected header"},
		{"dup ccode", good + "2,2,,,,XXX,Other\n", goodV, "COW code 2 listed twice"},
		{"dup name", good + "3,,,,,XXX,United States\n", goodV, `name "United States" listed twice`},
		{"bad code", good + "x,,,,,XXX,Other\n", goodV, "expected an integer"},
		{"negative", good + "-4,,,,,XXX,Other\n", goodV, "expected a positive code"},
		{"empty name", good + "4,,,,,XXX,\n", goodV, "empty name"},
		{"dup iso", good + "4,,US,,,XXX,Other\n", goodV, "names both"},
		{"variant target", good, goodV + "Foo,3,Nowhere,hand\n", `name "Nowhere" is not in`},
		{"variant code", good, goodV + "Foo,3,United States,hand\n", "does not match"},
		{"variant clash", good + "4,,,,,XXX,Other\n", goodV + "America,4,Other,hand\n", "names both"},
		{"short row", good + "4,,\n", goodV, "expected 7 fields"},
	}
	for _, tc := range tests {
		_, err := ReadCountries(strings.NewReader(tc.countries), "c.csv", strings.NewReader(tc.variants), "v.csv", nil, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	c, err := ReadCountries(strings.NewReader(good), "c.csv", strings.NewReader(goodV), "v.csv", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Resolve("america"); !ok || got != 2 {
		t.Errorf("Resolve(america) = %d, %v", got, ok)
	}
}

// TestCountrycodeCrossCheck compares the crosswalk with the R package
// countrycode's codelist (GPL-3, reference only: read here, never shipped).
// For every codelist row with a COW code that we also have, cown, gwn,
// iso2c, iso3c and vdem must agree where both sides have a value; each
// disagreement must be in ctryCountrycodeAllowed with the reason. Rows of
// codelist with a COW code we lack, and values only one side has, are
// listed in the log.
func TestCountrycodeCrossCheck(t *testing.T) {
	const path = "/work/shared/data/reference_only/countrycode/codelist.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference codelist absent: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	c := ctryTestCountries(t)
	col := map[string]int{}
	for i, n := range rows[0] {
		col[n] = i
	}
	for _, n := range []string{"country.name.en", "cown", "gwn", "iso2c", "iso3c", "vdem"} {
		if _, ok := col[n]; !ok {
			t.Fatalf("codelist has no column %s", n)
		}
	}
	seen := map[string]bool{}
	var fails, onlyTheirs, onlyOurs []string
	for _, r := range rows[1:] {
		name := r[col["country.name.en"]]
		cown, err := strconv.Atoi(r[col["cown"]])
		if err != nil {
			continue // no COW code
		}
		k, ok := c.ByCCode(cown)
		if !ok {
			onlyTheirs = append(onlyTheirs, fmt.Sprintf("%s (cown %d) is not in our crosswalk", name, cown))
			continue
		}
		ours := map[string]string{
			"gwn":   ctryItoa(k.GWCode),
			"iso2c": k.ISO2,
			"iso3c": k.ISO3,
			"vdem":  ctryItoa(k.VDemID),
		}
		for _, field := range []string{"gwn", "iso2c", "iso3c", "vdem"} {
			theirs, mine := r[col[field]], ours[field]
			key := fmt.Sprintf("%d %s", cown, field)
			switch {
			case theirs == mine:
			case theirs == "":
				onlyOurs = append(onlyOurs, fmt.Sprintf("%d %s %s: ours %s, codelist none", cown, name, field, mine))
			case mine == "":
				onlyTheirs = append(onlyTheirs, fmt.Sprintf("%d %s %s: codelist %s, ours none", cown, name, field, theirs))
			default:
				seen[key] = true
				why, allowed := ctryCountrycodeAllowed[key]
				msg := fmt.Sprintf("%d %s %s: codelist %s, ours %s", cown, name, field, theirs, mine)
				if allowed {
					t.Logf("allowed disagreement: %s (%s)", msg, why)
				} else {
					fails = append(fails, msg)
				}
			}
		}
	}
	for _, s := range onlyTheirs {
		t.Logf("only in codelist: %s", s)
	}
	for _, s := range onlyOurs {
		t.Logf("only ours: %s", s)
	}
	for _, s := range fails {
		t.Errorf("disagreement with countrycode: %s", s)
	}
	var stale []string
	for k := range ctryCountrycodeAllowed {
		if !seen[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("allow-list entry %q no longer needed: remove it", k)
	}
}

func ctryItoa(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// ctryCountrycodeAllowed lists the known disagreements with countrycode's
// codelist ("cown field") and why ours stands.
var ctryCountrycodeAllowed = map[string]string{
	"816 gwn": "countrycode gives Vietnam G-W 815, G-W's code for pre-colonial Vietnam (Annam, 1816-1893); the bundled cow_gw_years pairs COW 816 with G-W 816 (Democratic Republic of Vietnam, 1954-)",
	"345 gwn": "our 345 is the one state COW codes 345 throughout (Serbia 1878, Yugoslavia 1918, Serbia 2006) and takes the latest G-W code paired with it, Serbia 340 (cow_gw_years 2006-2020); countrycode's row is Yugoslavia, G-W 345 (1918-2006)",
}

// TestSourceNamesResolve checks that every distinct country name in the
// bundled V-Dem, ERT, LIED, PTS, Fariss and GWF files, and every ISO2 code
// and name in the UN votes data, resolves to the COW code the file gives
// for it in its latest year with a code (ResolveYear is checked on every
// row in TestSourceRowsResolveYear). Known exceptions are listed with the
// reason.
func TestSourceNamesResolve(t *testing.T) {
	c := ctryTestCountries(t)
	for _, s := range ctrySources {
		t.Run(s.id, func(t *testing.T) {
			latest := map[string][2]int{}
			var order []string
			err := ctryEachRow(t, s.id, s.file, func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
				if s.skip != nil && s.skip(col, rec) {
					return nil
				}
				y, _, err := rd.Int(rec, col(s.year))
				if err != nil {
					return err
				}
				cc, ok, err := rd.Int(rec, col(s.code))
				if err != nil {
					return err
				}
				for _, nc := range s.names {
					n := string(rec[col(nc)])
					b, seen := latest[n]
					if !seen {
						order = append(order, n)
						b = [2]int{-1 << 30, 0}
					}
					if ok && int(y) >= b[0] {
						b = [2]int{int(y), int(cc)}
					}
					latest[n] = b
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, n := range order {
				want := latest[n][1]
				if s.notCOW != nil && s.notCOW[want] {
					want = 0
				}
				got, ok := c.Resolve(n)
				key := s.id + ":" + n
				why, allowed := ctryNameExceptions[key]
				switch {
				case want == 0 && !ok:
					// no code in the file, none from us: agree
				case ok && got == want && !allowed:
				case allowed:
					t.Logf("exception %q: file %d, Resolve %d (%v): %s", n, want, got, ok, why)
				default:
					t.Errorf("%s name %q: file gives %d, Resolve gives %d (ok %v)", s.id, n, want, got, ok)
				}
				checked++
			}
			t.Logf("%d distinct names checked", checked)
		})
	}
	t.Run("unvotes", func(t *testing.T) {
		type pair struct{ name, code string }
		seen := map[pair]bool{}
		var order []pair
		err := ctryEachRow(t, "unvotes", "un_votes.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
			p := pair{string(rec[col("country")]), string(rec[col("country_code")])}
			if !seen[p] {
				seen[p] = true
				order = append(order, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range order {
			byName, okName := c.Resolve(p.name)
			if !okName {
				t.Errorf("unvotes name %q does not resolve", p.name)
			}
			if p.code == "" {
				t.Logf("unvotes %q has no code; name resolves to %d", p.name, byName)
				continue
			}
			byCode, okCode := c.Resolve(p.code)
			if !okCode || byCode != byName {
				t.Errorf("unvotes %q (%s): code resolves to %d (%v), name to %d", p.name, p.code, byCode, okCode, byName)
			}
		}
		t.Logf("%d distinct (name, code) pairs checked", len(order))
	})
}

// TestSourceRowsResolveYear checks ResolveYear on every row: the name and
// year give the code the file gives. Names whose code changes over time
// (divided and reunified states) are where ResolveYear earns its keep;
// the remaining disagreements are counted per name and must be listed in
// ctryYearExceptions.
func TestSourceRowsResolveYear(t *testing.T) {
	c := ctryTestCountries(t)
	for _, s := range ctrySources {
		t.Run(s.id, func(t *testing.T) {
			bad := map[string]map[string]int{}
			err := ctryEachRow(t, s.id, s.file, func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
				if s.skip != nil && s.skip(col, rec) {
					return nil
				}
				y, _, err := rd.Int(rec, col(s.year))
				if err != nil {
					return err
				}
				cc, ok, err := rd.Int(rec, col(s.code))
				if err != nil {
					return err
				}
				if !ok || (s.notCOW != nil && s.notCOW[int(cc)]) {
					return nil
				}
				for _, nc := range s.names {
					n := string(rec[col(nc)])
					got, rok := c.ResolveYear(n, int(y))
					if rok && got == int(cc) {
						continue
					}
					if bad[n] == nil {
						bad[n] = map[string]int{}
					}
					bad[n][fmt.Sprintf("file %d, ours %d", cc, got)]++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for n := range bad {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				var ds []string
				for d, k := range bad[n] {
					ds = append(ds, fmt.Sprintf("%s: %d rows", d, k))
				}
				sort.Strings(ds)
				key := s.id + ":" + n
				if why, ok := ctryYearExceptions[key]; ok {
					t.Logf("exception %q %s (%s)", n, strings.Join(ds, "; "), why)
				} else if why, ok := ctryNameExceptions[key]; ok {
					t.Logf("exception %q %s (%s)", n, strings.Join(ds, "; "), why)
				} else {
					t.Errorf("%s %q: %s", s.id, n, strings.Join(ds, "; "))
				}
			}
		})
	}
}

type ctrySource struct {
	id, file   string
	year, code string
	names      []string
	notCOW     map[int]bool                                  // codes the file uses that are not COW codes
	skip       func(col func(string) int, rec [][]byte) bool // rows the tidy table drops
}

var ctrySources = []ctrySource{
	{id: "vdem", file: "vdem_simple.csv.gz", year: "year", code: "vdem_cowcode", names: []string{"vdem_country_name"}},
	{id: "lied", file: "LIED.csv.gz", year: "year", code: "lied_cow", names: []string{"lied_country"},
		// LIED's own codes for units COW does not list.
		notCOW: map[int]bool{21: true, 89: true, 241: true, 242: true, 266: true, 268: true, 276: true, 521: true,
			556: true, 557: true, 558: true, 559: true, 601: true, 665: true, 667: true, 668: true, 711: true}},
	{id: "pts", file: "PTS-2022.csv.gz", year: "Year", code: "COW_Code_N", names: []string{"Country", "Country_OLD"},
		// PTS lists every country in every year, with no scores in the years
		// before it existed (Czech Republic 1976-1992 coded 316); the tidy
		// table drops rows without any score, and so does this check.
		skip: func(col func(string) int, rec [][]byte) bool {
			for _, n := range []string{"PTS_A", "PTS_H", "PTS_S"} {
				if v := string(rec[col(n)]); v != "NA" && v != "" {
					return false
				}
			}
			return true
		}},
	{id: "fariss", file: "LHRS-v4.02-2021.csv.gz", year: "YEAR", code: "COW", names: []string{"country_name"}},
	{id: "gwf", file: "gwf_all.csv.gz", year: "year", code: "cown", names: []string{"gwf_country", "extended_country_name"}},
}

// ctryNameExceptions: names whose plain Resolve differs from the code the
// file gives in its latest year, with the reason.
var ctryNameExceptions = map[string]string{
	"lied:Gran Colombia":          "LIED codes Great Colombia (1821-1829) as 100; COW's Colombia 100 begins 1831, so the crosswalk keeps Great Colombia as the G-W-only state 99 without a COW code",
	"pts:Soviet Union":            "PTS gives no COW code; the crosswalk maps the USSR to 365 as COW does",
	"pts:Serbia":                  "PTS gives no COW code; the crosswalk maps Serbia to 345 as COW does",
	"gwf:German Federal Republic": "democracyData's extended name for all German rows (cown 260 to 1990, 255 after); the crosswalk reads the name as COW does, West Germany 260",
}

// ctryYearExceptions: names for which ResolveYear differs from the file on
// some rows, with the reason.
var ctryYearExceptions = map[string]string{
	"pts:Czech Republic": "PTS scores the Czech Republic in 1992 under 316, before independence on 1 January 1993; ResolveYear reads the 1992 name as Czechoslovakia 315 (PTS also scores Czechoslovakia in 1992)",
	"vdem:Germany":       "V-Dem codes all of 1990 as West Germany 260; both 260 and 255 were members in 1990 and the name keeps its plain reading, 255",
	"lied:Austria":       "LIED codes Austria's 1918 as 305; COW's Austria begins in 1919 and Austria-Hungary (300) lasts to November 1918",
	"lied:Vietnam":       "LIED codes Vietnam 1789-1953 as 817 (COW's 817 is the Republic of Vietnam, 1954-1975); the name reads as Vietnam 816",
	"fariss:Czechia":     "Fariss codes Czechoslovakia 1946-1992 as 316 under the name Czechia; COW's code for those years is 315 (the fariss loader recodes them)",
}

// ctryEachRow streams a bundled file.
func ctryEachRow(t *testing.T, id, file string, f func(rd *csvx.Reader, col func(string) int, rec [][]byte) error) error {
	t.Helper()
	r, _, err := datasets.OpenReader(id, file)
	if err != nil {
		return err
	}
	rd, err := csvx.NewReader(r, id+"/"+file)
	if err != nil {
		return err
	}
	h, err := rd.ReadHeader()
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for i, n := range h {
		idx[n] = i
	}
	col := func(n string) int {
		i, ok := idx[n]
		if !ok {
			t.Fatalf("%s/%s has no column %q", id, file, n)
		}
		return i
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(rd, col, rec); err != nil {
			return err
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"China", "Côte d’Ivoire", "AUS", "710", "", "The", "st", "&&", "\xff", "Korea, Dem. People's Rep.", "0000000000000000001"} {
		f.Add(s, 1990)
	}
	c, err := LoadCountries()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		n := NormalizeCountryName(s)
		if NormalizeCountryName(n) != n {
			t.Errorf("NormalizeCountryName not idempotent on %q: %q then %q", s, n, NormalizeCountryName(n))
		}
		cc, ok := c.Resolve(s)
		if ok {
			if _, known := c.ByCCode(cc); !known {
				t.Errorf("Resolve(%q) = %d, not in the crosswalk", s, cc)
			}
		}
		c.ResolveYear(s, year)
		c.Lookup(s)
		c.ResolveAll([]string{s, s})
	})
}

// The crosswalk is a bundled dataset like the others: repnet table
// countries exports it (it was listed by repnet datasets but refused by
// repnet table), with codes an entity lacks missing and ISO2 NA (Namibia)
// kept as a code.
func TestCountriesTable(t *testing.T) {
	tb, err := Load("countries", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tb.Names(), ","); got != "ccode,gwcode,iso2,iso3,vdem_id,stateabb,name" {
		t.Errorf("columns %s", got)
	}
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	all := c.All()
	if tb.NumRows() != len(all) {
		t.Fatalf("%d rows, the crosswalk has %d entities", tb.NumRows(), len(all))
	}
	cc, iso2, gw, name := tb.Col("ccode"), tb.Col("iso2"), tb.Col("gwcode"), tb.Col("name")
	for i, k := range all {
		if name.Strings[i] != k.Name || cc.IsMissing(i) != (k.CCode == 0) || (!cc.IsMissing(i) && int(cc.Ints[i]) != k.CCode) ||
			gw.IsMissing(i) != (k.GWCode == 0) || iso2.IsMissing(i) != (k.ISO2 == "") || iso2.Strings[i] != k.ISO2 {
			t.Errorf("row %d: %s %v %q, crosswalk %+v", i+1, name.Strings[i], cc.Format(i), iso2.Strings[i], k)
		}
	}
	names, err := Load("countries", Options{Table: "names"})
	if err != nil {
		t.Fatal(err)
	}
	if names.NumRows() < 200 || names.Col("variant") == nil || names.Col("source") == nil {
		t.Errorf("names: %d rows, columns %v", names.NumRows(), names.Names())
	}
}
