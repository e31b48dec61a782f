package loaders

import (
	"fmt"
	"io"
	"sort"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// Input is one source file to read: its bytes and the name errors use.
// Loaders that combine several files take one Input per file.
type Input struct {
	R    io.Reader
	Name string
}

// SystemSpell is one spell of a state's membership in the COW state
// system, with its start and end dates.
type SystemSpell struct {
	Ccode                     int
	StateAbb, StateName       string
	StartYear, StartMonth     int
	StartDay                  int
	EndYear, EndMonth, EndDay int
}

// System is the COW state system membership list (states2016): every spell
// of every state.
//
// A state is in the system in year Y when one of its spells covers any
// part of Y (StartYear <= Y <= EndYear). A state that leaves and re-enters
// within one year is in the system that year once. By this rule the system
// has 23 states in 1816 and 195 in 2014, the counts COW publishes and the
// state-year rows of COW's IGO file.
type System struct {
	Spells      []SystemSpell // sorted by ccode and start year
	First, Last int           // years covered (by the file, or through Extended's year)
	Source      table.Source
	// FileLast is the last year of the membership file (2016 for
	// states2016); Last is later only for a system made by Extended.
	FileLast int

	byYear map[int][]int
}

// StatesIn returns the COW codes of the states in the system in year y,
// ascending. The slice is shared: do not modify it.
func (s *System) StatesIn(y int) []int {
	return s.byYear[y]
}

// InSystem reports whether state ccode is in the system in year y.
func (s *System) InSystem(ccode, y int) bool {
	cs := s.byYear[y]
	i := sort.SearchInts(cs, ccode)
	return i < len(cs) && cs[i] == ccode
}

// Extended returns s covering the years through last: in each year after
// s.FileLast the members are the states whose last spell runs to
// s.FileLast, the rule of Countries.InSystem and IncidentDyadYears for
// years the membership file does not reach (states2016 ends in 2016, so
// 2017-2021 have the 195 states of 2016 then). Spells are not changed. It
// returns s itself when last <= s.Last.
func (s *System) Extended(last int) *System {
	if last <= s.Last {
		return s
	}
	out := *s
	out.byYear = make(map[int][]int, len(s.byYear)+last-s.Last)
	for y, cs := range s.byYear {
		out.byYear[y] = cs
	}
	var carried []int
	for _, sp := range s.Spells {
		if sp.EndYear == s.FileLast && (len(carried) == 0 || carried[len(carried)-1] != sp.Ccode) {
			carried = append(carried, sp.Ccode) // Spells are sorted by ccode
		}
	}
	for y := s.Last + 1; y <= last; y++ {
		out.byYear[y] = carried
	}
	out.Last = last
	return &out
}

// ReadSystem parses a COW state system membership file (states2016.csv:
// stateabb, ccode, statenme, styear, stmonth, stday, endyear, endmonth,
// endday, version).
func ReadSystem(r io.Reader, name string) (*System, error) {
	return readSystem(userInput(r, name))
}

// LoadSystem reads the bundled cow-states/states2016.csv.
func LoadSystem() (*System, error) {
	in, err := bundledInput("cow-states", "states2016.csv")
	if err != nil {
		return nil, err
	}
	return readSystem(in)
}

func readSystem(in *input) (*System, error) {
	cr, h, err := in.csv()
	if err != nil {
		return nil, err
	}
	names := []string{"stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"}
	col := make([]int, len(names))
	for i, n := range names {
		if col[i], err = h.col(n); err != nil {
			return nil, err
		}
	}
	s := &System{byYear: make(map[int][]int)}
	var cov span
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		var v [9]int
		for i := 3; i < 9; i++ {
			x, ok, err := cr.Int(rec, col[i])
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, cr.Errorf(col[i], "expected an integer, found %q", rec[col[i]])
			}
			v[i] = int(x)
		}
		cc, ok, err := cr.Int(rec, col[1])
		if err != nil {
			return nil, err
		}
		if !ok || cc <= 0 {
			return nil, cr.Errorf(col[1], "expected a COW state code, found %q", rec[col[1]])
		}
		for _, i := range []int{3, 6} {
			if v[i] < minYear || v[i] > maxYear {
				return nil, cr.Errorf(col[i], "expected a year (%d to %d), found %d", minYear, maxYear, v[i])
			}
		}
		if v[6] < v[3] {
			return nil, cr.Errorf(col[6], "expected an end year at or after the start year %d, found %d", v[3], v[6])
		}
		sp := SystemSpell{Ccode: int(cc), StateAbb: string(rec[col[0]]), StateName: string(rec[col[2]]),
			StartYear: v[3], StartMonth: v[4], StartDay: v[5], EndYear: v[6], EndMonth: v[7], EndDay: v[8]}
		s.Spells = append(s.Spells, sp)
		cov.add(sp.StartYear)
		cov.add(sp.EndYear)
	}
	sort.SliceStable(s.Spells, func(a, b int) bool {
		x, y := s.Spells[a], s.Spells[b]
		if x.Ccode != y.Ccode {
			return x.Ccode < y.Ccode
		}
		return x.StartYear < y.StartYear
	})
	for _, sp := range s.Spells {
		for y := sp.StartYear; y <= sp.EndYear; y++ {
			cs := s.byYear[y]
			if n := len(cs); n == 0 || cs[n-1] != sp.Ccode {
				s.byYear[y] = append(cs, sp.Ccode)
			}
		}
	}
	for y, cs := range s.byYear {
		sort.Ints(cs)
		s.byYear[y] = cs
	}
	s.First, s.Last = cov.first, cov.last
	s.FileLast = s.Last
	s.Source = in.source()
	return s, nil
}

// Table returns one row per state-year in the system (see System): ccode,
// year, stateabb, state_name, with the abbreviation and name of the spell
// covering the year (the later spell when two cover it).
func (s *System) Table() *table.Table {
	var cc, yy []int64
	var abb, nm []string
	type key struct{ cc, y int }
	last := make(map[key]int)
	for _, sp := range s.Spells {
		for y := sp.StartYear; y <= sp.EndYear; y++ {
			if i, dup := last[key{sp.Ccode, y}]; dup {
				abb[i], nm[i] = sp.StateAbb, sp.StateName
				continue
			}
			last[key{sp.Ccode, y}] = len(cc)
			cc = append(cc, int64(sp.Ccode))
			yy = append(yy, int64(y))
			abb = append(abb, sp.StateAbb)
			nm = append(nm, sp.StateName)
		}
	}
	t := table.New(table.NewInt("ccode", cc), table.NewInt("year", yy),
		table.NewString("stateabb", abb), table.NewString("state_name", nm))
	t, _ = sortRows(t, nil, "", "", "ccode", "year") // unique by construction
	t.AddSources(s.Source)
	t.SetMeta("unit", "state-year")
	t.SetMeta("coverage", span{s.First, s.Last}.String())
	t.SetMeta("rule", "a state is in the system in year Y if one of its membership spells covers any part of Y")
	return t
}

// ReadStateSystem reads the COW state system file and, when the readers
// are given (non-nil R), the COW-GW year crosswalk and the COW major
// powers, into one row per state-year in the system (see System):
// ccode, year, stateabb, state_name, and, with the other files, gwcode
// (Gleditsch-Ward code of the state that year, from the crosswalk matched
// on ccode and year; missing when the crosswalk has none) and major (true
// when a major-power spell covers any part of the year).
func ReadStateSystem(states, gwYears, majors Input) (*table.Table, error) {
	s, err := readSystem(userInput(states.R, states.Name))
	if err != nil {
		return nil, err
	}
	var cw, mj *input
	if gwYears.R != nil {
		cw = userInput(gwYears.R, gwYears.Name)
	}
	if majors.R != nil {
		mj = userInput(majors.R, majors.Name)
	}
	return stateSystemTable(s, cw, mj)
}

// StateSystem is ReadStateSystem on the bundled states2016.csv,
// cow_gw_years.csv.gz and cow_majors.csv.
func StateSystem() (*table.Table, error) {
	s, err := LoadSystem()
	if err != nil {
		return nil, err
	}
	cw, err := bundledInput("cow-states", "cow_gw_years.csv.gz")
	if err != nil {
		return nil, err
	}
	mj, err := bundledInput("cow-states", "cow_majors.csv")
	if err != nil {
		return nil, err
	}
	return stateSystemTable(s, cw, mj)
}

func stateSystemTable(s *System, cw, mj *input) (*table.Table, error) {
	t := s.Table()
	cc, yy := t.Col("ccode").Ints, t.Col("year").Ints
	if cw != nil {
		x, err := readCOWGWYears(cw, YearRange{})
		if err != nil {
			return nil, err
		}
		gw := make(map[[2]int64]int64)
		xc, xy, xg := x.Col("ccode"), x.Col("year").Ints, x.Col("gwcode")
		for i := range xy {
			if !xc.IsMissing(i) && !xg.IsMissing(i) {
				gw[[2]int64{xc.Ints[i], xy[i]}] = xg.Ints[i]
			}
		}
		b := &intBuilder{name: "gwcode"}
		for i := range cc {
			g, ok := gw[[2]int64{cc[i], yy[i]}]
			b.add(g, ok)
		}
		t.Columns = append(t.Columns, b.column())
		t.AddSources(x.Sources...)
	}
	if mj != nil {
		spells, src, err := readMajors(mj)
		if err != nil {
			return nil, err
		}
		major := make([]bool, len(cc))
		for i := range cc {
			for _, sp := range spells {
				if int64(sp.Ccode) == cc[i] && int64(sp.StartYear) <= yy[i] && yy[i] <= int64(sp.EndYear) {
					major[i] = true
					break
				}
			}
		}
		t.Columns = append(t.Columns, table.NewBool("major", major))
		t.AddSources(src)
	}
	return t, nil
}

// MajorSpell is one spell of a state's status as a COW major power.
type MajorSpell struct {
	Ccode                           int
	StartYear, StartMonth, StartDay int
	EndYear, EndMonth, EndDay       int
}

func readMajors(in *input) ([]MajorSpell, table.Source, error) {
	cr, h, err := in.csv()
	if err != nil {
		return nil, table.Source{}, err
	}
	names := []string{"ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"}
	col := make([]int, len(names))
	for i, n := range names {
		if col[i], err = h.col(n); err != nil {
			return nil, table.Source{}, err
		}
	}
	var out []MajorSpell
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, table.Source{}, err
		}
		var v [7]int
		for i := range v {
			x, ok, err := cr.Int(rec, col[i])
			if err != nil {
				return nil, table.Source{}, err
			}
			if !ok {
				return nil, table.Source{}, cr.Errorf(col[i], "expected an integer, found %q", rec[col[i]])
			}
			v[i] = int(x)
		}
		for _, i := range []int{1, 4} {
			if v[i] < minYear || v[i] > maxYear {
				return nil, table.Source{}, cr.Errorf(col[i], "expected a year (%d to %d), found %d", minYear, maxYear, v[i])
			}
		}
		if v[4] < v[1] {
			return nil, table.Source{}, cr.Errorf(col[4], "expected an end year at or after the start year %d, found %d", v[1], v[4])
		}
		out = append(out, MajorSpell{v[0], v[1], v[2], v[3], v[4], v[5], v[6]})
	}
	return out, in.source(), nil
}

// ReadMajorPowers reads the COW major powers file (cow_majors.csv: ccode,
// styear, stmonth, stday, endyear, endmonth, endday) into one row per
// major-power state-year: ccode, year (each spell covers styear through
// endyear inclusive).
func ReadMajorPowers(r io.Reader, name string) (*table.Table, error) {
	return majorPowers(userInput(r, name))
}

// MajorPowers is ReadMajorPowers on the bundled cow_majors.csv.
func MajorPowers() (*table.Table, error) {
	in, err := bundledInput("cow-states", "cow_majors.csv")
	if err != nil {
		return nil, err
	}
	return majorPowers(in)
}

func majorPowers(in *input) (*table.Table, error) {
	spells, src, err := readMajors(in)
	if err != nil {
		return nil, err
	}
	var cc, yy []int64
	var cov span
	seen := make(map[[2]int]bool)
	for _, sp := range spells {
		cov.add(sp.StartYear)
		cov.add(sp.EndYear)
		for y := sp.StartYear; y <= sp.EndYear; y++ {
			if !seen[[2]int{sp.Ccode, y}] {
				seen[[2]int{sp.Ccode, y}] = true
				cc = append(cc, int64(sp.Ccode))
				yy = append(yy, int64(y))
			}
		}
	}
	t := table.New(table.NewInt("ccode", cc), table.NewInt("year", yy))
	t, _ = sortRows(t, nil, "", "", "ccode", "year")
	t.AddSources(src)
	t.SetMeta("unit", "state-year")
	t.SetMeta("coverage", cov.String())
	return t, nil
}

// ReadCOWGWYears reads the COW-Gleditsch-Ward state-year crosswalk
// (peacesciencer's cow_gw_years: stateabb, year, gwcode, ccode,
// gw_statename, cow_statename) into columns ccode, year, gwcode,
// stateabb, cow_statename, gw_statename. A state-year in only one of the
// two systems has the other's code missing. Rows are sorted by ccode
// (missing last), year and gwcode; (ccode, year) is unique where ccode is
// present, but a
// G-W code may map to two COW codes in a year (G-W 260 is COW 255 and 260
// in 1990).
func ReadCOWGWYears(r io.Reader, name string) (*table.Table, error) {
	return readCOWGWYears(userInput(r, name), YearRange{})
}

// COWGWYears is ReadCOWGWYears on the bundled cow_gw_years.csv.gz.
func COWGWYears() (*table.Table, error) {
	in, err := bundledInput("cow-states", "cow_gw_years.csv.gz")
	if err != nil {
		return nil, err
	}
	return readCOWGWYears(in, YearRange{})
}

func readCOWGWYears(in *input, years YearRange) (*table.Table, error) {
	res, err := readSpec(in, spec{year: "year", fields: []field{
		{src: "ccode", name: "ccode", typ: table.Int},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "gwcode", name: "gwcode", typ: table.Int},
		{src: "stateabb", name: "stateabb", typ: table.String},
		{src: "cow_statename", name: "cow_statename", typ: table.String},
		{src: "gw_statename", name: "gw_statename", typ: table.String},
	}}, years)
	if err != nil {
		return nil, err
	}
	t := res.t
	// COW codes are unique within a year, naming both lines when not. G-W
	// codes are not: G-W's 260 is both COW's 260 and 255 in 1990, for
	// example, and G-W's 678 covers COW's 678 and 679.
	yy := t.Col("year").Ints
	for _, code := range []string{"ccode"} {
		c := t.Col(code)
		seen := make(map[[2]int64]int)
		for i := range yy {
			if c.IsMissing(i) {
				continue
			}
			k := [2]int64{c.Ints[i], yy[i]}
			if l, dup := seen[k]; dup {
				return nil, &csvx.Error{File: in.name, Line: res.lines[i],
					Msg: fmt.Sprintf("duplicate %s-year (%d, %d): lines %d and %d", code, k[0], k[1], l, res.lines[i])}
			}
			seen[k] = res.lines[i]
		}
	}
	// Sort by ccode (missing last), year, then gwcode.
	t, err = t.SortBy("ccode", "year", "gwcode")
	if err != nil {
		return nil, err
	}
	return finish(t, in, "state-year", res.cov), nil
}

// ReadGWStates reads the Gleditsch-Ward list of independent states
// (gw_states.csv: gwcode, stateabb, statename, startdate, enddate) into
// one row per spell: gwcode, stateabb, state_name, start_date, end_date
// (YYYY-MM-DD as in the file), sorted by gwcode and start date.
func ReadGWStates(r io.Reader, name string) (*table.Table, error) {
	return gwStates(userInput(r, name))
}

// GWStates is ReadGWStates on the bundled gw_states.csv.
func GWStates() (*table.Table, error) {
	in, err := bundledInput("cow-states", "gw_states.csv")
	if err != nil {
		return nil, err
	}
	return gwStates(in)
}

func gwStates(in *input) (*table.Table, error) {
	res, err := readSpec(in, spec{fields: []field{
		{src: "gwcode", name: "gwcode", typ: table.Int, key: true},
		{src: "stateabb", name: "stateabb", typ: table.String},
		{src: "statename", name: "state_name", typ: table.String},
		{src: "startdate", name: "start_date", typ: table.String, key: true},
		{src: "enddate", name: "end_date", typ: table.String},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	var cov span
	for _, c := range []*table.Column{res.t.Col("start_date"), res.t.Col("end_date")} {
		for r, d := range c.Strings {
			if c.IsMissing(r) {
				continue
			}
			y, ok := dateYear(d)
			if !ok {
				return nil, res.errAt(r, c.Name, "expected a date YYYY-MM-DD, found %q", d)
			}
			cov.add(y)
		}
	}
	t, err := res.t.SortBy("gwcode", "start_date")
	if err != nil {
		return nil, err
	}
	return finish(t, in, "state spell", cov), nil
}

// dateYear returns the year of a YYYY-MM-DD date.
func dateYear(d string) (int, bool) {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return 0, false
	}
	y := 0
	for i, c := range d {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		if i < 4 {
			y = y*10 + int(c-'0')
		}
	}
	m := int(d[5]-'0')*10 + int(d[6]-'0')
	day := int(d[8]-'0')*10 + int(d[9]-'0')
	if m < 1 || m > 12 || day < 1 || day > 31 {
		return 0, false
	}
	return y, true
}
