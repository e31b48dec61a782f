package loaders

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadIncidents feeds arbitrary files to ReadIncidents with the
// built-in schema mapping (given a coverage 2010-2020) or the
// freedom-house mapping (2014-2024), and checks that it never
// panics, that its errors are positioned, and that an accepted table keeps
// the schema's invariants; the dyad-years made from it must count exactly
// the incidents neither filtered nor excluded.
func FuzzReadIncidents(f *testing.F) {
	const h = "incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source,extra\n"
	f.Add([]byte(h+"a,2015,,China,Egypt,detention,yes,student,s,1\nb,,2016-02-29,PRC,EGY,assault,,,,2\n"), true, false)
	f.Add([]byte(h+"a,2015,,China,Egypt,detention,yes,student,s,1\na,2015,,China,Egypt,detention,yes,student,s,1\n"), false, false)
	f.Add([]byte(h+",2015,2015-07,Atlantis,710,other,no,,,x\n,NA,NA,NA,NA,,unknown,NA,NA,NA\n"), true, false)
	f.Add([]byte(h+"\"a,b\",\"2015\",\"\",\"Côte d’Ivoire\",\"Türkiye\",\"Detention \",\"YES\",\"x\"\"y\",s,\n"), false, false)
	f.Add([]byte("\xef\xbb\xbf"+h+"x,2015.0,2015-01-01,315,Egypt,detention,yes,,,\n"), true, false)
	c, err := LoadCountries()
	if err != nil {
		f.Fatal(err)
	}
	sys := incTestSystemF(f)
	m, err := BuiltinIncidentMapping("schema")
	if err != nil {
		f.Fatal(err)
	}
	m.Coverage = YearRange{2010, 2020}
	fh, err := BuiltinIncidentMapping("freedom-house")
	if err != nil {
		f.Fatal(err)
	}
	const fhHead = "Year,Origin country,Host country,Tactic,Target,Notes\n"
	f.Add([]byte(fhHead+"2015,China,Kazakhstan,Detention,x,y\n2015,China,Kazakhstan,Detention,x,y\n2016,Atlantis,Turkey, ASSAULT ,x,\n"), true, true)
	f.Add([]byte(fhHead+"2024,RUS,BLR,Rendition,,\n,China,Turkey,Physical intimidation,NA,NA\n"), false, true)
	f.Fuzz(func(t *testing.T, b []byte, allow, useFH bool) {
		mm, cov := m, m.Coverage
		if useFH {
			mm, cov = fh, fh.Coverage
		}
		inc, err := ReadIncidents(bytes.NewReader(b), "f.csv", mm, c, IncidentOptions{AllowUnresolved: allow})
		checkErr(t, err)
		if err != nil {
			return
		}
		tb := inc.Table
		n := tb.NumRows()
		for _, name := range []string{"origin_ccode", "host_ccode", "line", "tactic", "host_cooperation", "origin", "host"} {
			if tb.Col(name).HasMissing() {
				t.Fatalf("column %s has missing values", name)
			}
		}
		oc, hc, yc, lc := tb.Col("origin_ccode").Ints, tb.Col("host_ccode").Ints, tb.Col("year"), tb.Col("line").Ints
		noYear := 0
		for i := 0; i < n; i++ {
			if oc[i] <= 0 || hc[i] <= 0 {
				t.Fatalf("row %d: ccodes %d %d", i, oc[i], hc[i])
			}
			if i > 0 && lc[i] <= lc[i-1] {
				t.Fatalf("rows out of file order at %d", i)
			}
			if !inVocab(tb.Col("tactic").Strings[i], IncidentTactics) || !inVocab(tb.Col("host_cooperation").Strings[i], HostCooperationValues) {
				t.Fatalf("row %d: tactic %q, cooperation %q", i, tb.Col("tactic").Strings[i], tb.Col("host_cooperation").Strings[i])
			}
			if yc.IsMissing(i) {
				noYear++
			} else if y := int(yc.Ints[i]); !cov.Contains(y) {
				t.Fatalf("row %d: year %d outside the coverage", i, y)
			}
		}
		if noYear != inc.NoYear {
			t.Fatalf("%d rows without a year, NoYear says %d", noYear, inc.NoYear)
		}
		if !allow && len(inc.Unresolved) > 0 {
			t.Fatalf("unresolved countries accepted without AllowUnresolved")
		}
		d, err := inc.DyadYears(sys, DyadRule{Value: DyadCount})
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, v := range d.Table.Col("incidents").Ints {
			sum += v
		}
		if int(sum) != d.Counted || d.Counted+d.Filtered+len(d.Excluded) != n {
			t.Fatalf("dyads sum to %d; counted %d, filtered %d, excluded %d of %d incidents", sum, d.Counted, d.Filtered, len(d.Excluded), n)
		}
	})
}

// FuzzIncidentMapping feeds arbitrary text to ParseIncidentMapping: it
// must never panic, its errors must be positioned, and an accepted mapping
// must satisfy the rules on IncidentMapping.
func FuzzIncidentMapping(f *testing.F) {
	for _, name := range IncidentMappings() {
		b, err := IncidentMappingText(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("[columns]\norigin = \"O\"\nhost = \"H\"\ntactic = \"T\"\ndate = \"D\"\n[tactics]\n\"\" = \"other\"\n'a\\b' = \"threat\"\n")
	f.Add("first_year = 2000\nlast_year = 1999\n")
	f.Add("[columns]\norigin = \"O\"\n[columns]\nhost = \"H\"\n")
	f.Add("[tactics]\n\"x\" = 1\n")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ParseIncidentMapping([]byte(text), "m.toml")
		checkErr(t, err)
		if err != nil {
			return
		}
		c := m.Columns
		if c.Origin == "" || c.Host == "" || c.Tactic == "" || (c.Year == "" && c.Date == "") {
			t.Fatalf("accepted a mapping without a required column: %+v", c)
		}
		if (m.Coverage.First == 0) != (m.Coverage.Last == 0) || m.Coverage.First > m.Coverage.Last {
			t.Fatalf("coverage %v", m.Coverage)
		}
		for k, v := range m.Tactics {
			if k != normLabel(k) || !inVocab(v, IncidentTactics) {
				t.Fatalf("tactic map %q -> %q", k, v)
			}
		}
		for k, v := range m.Cooperation {
			if k != normLabel(k) || !inVocab(v, HostCooperationValues) {
				t.Fatalf("cooperation map %q -> %q", k, v)
			}
		}
		for k, v := range m.CooperationByTactic {
			if !inVocab(k, IncidentTactics) || !inVocab(v, HostCooperationValues) {
				t.Fatalf("cooperation by tactic %q -> %q", k, v)
			}
		}
		seen := map[string]bool{}
		for _, fc := range c.fields() {
			if fc[1] == "" {
				continue
			}
			if seen[fc[1]] || strings.TrimSpace(fc[1]) == "" {
				t.Fatalf("column %q mapped twice or blank", fc[1])
			}
			seen[fc[1]] = true
		}
	})
}

func incTestSystemF(f *testing.F) *System {
	s, err := ReadSystem(strings.NewReader(incSmallSystem), "small_states.csv")
	if err != nil {
		f.Fatal(err)
	}
	return s
}
