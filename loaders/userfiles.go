package loaders

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// Mapping tells the user-file loaders (LoadStateYear, LoadDyadYear,
// LoadMembership) which columns of a user's file hold the keys. Column
// names are matched exactly as they appear in the header.
//
// A country is given either by a column of COW codes (CCode, CCode1,
// CCode2: integers that must be COW state codes) or by a column of names or
// codes that Countries resolves (Country, Country1, Country2: COW digits,
// ISO2, ISO3, COW letters or any name variant). With a year, names are
// resolved with Countries.ResolveYear, so that "Germany" in 1970 is West
// Germany (260); set NoYearRules to use Countries.Resolve instead.
//
// Every column not named in the mapping (nor in Drop) is kept, renamed to
// snake_case (lower case, runs of other characters as one underscore), with
// its type inferred from its values: int if every value is an integer,
// else float if every value is a number, else bool if every value is
// true/false (any case), else string. Empty cells and NA are missing; in
// a country column NA is therefore never Namibia's ISO2 code.
type Mapping struct {
	CCode, Country     string // state-year and membership files
	CCode1, CCode2     string // dyad-year files: COW codes ...
	Country1, Country2 string // ... or names
	Year               string // the year column
	StartYear, EndYear string // membership spells (instead of Year)
	Org                string // membership files: the organization
	Status             string // membership files: optional status (kept as a string)
	// OpenEnd is the last year of a membership spell whose end year is
	// empty (ongoing). Zero makes an empty end year an error.
	OpenEnd int
	// Drop lists columns not to keep.
	Drop []string
	// AllowUnresolved drops rows whose country does not resolve and lists
	// them, instead of failing.
	AllowUnresolved bool
	// NoYearRules resolves names without looking at the year.
	NoYearRules bool
}

// Unresolved is a country in a user's file that did not resolve to a COW
// state code.
type Unresolved struct {
	Line   int    // 1-based line of the file
	Column string // the column it is in
	Value  string // the text in the file
	Reason string // why it did not resolve
}

func (u Unresolved) String() string {
	return fmt.Sprintf("line %d, column %q: %q: %s", u.Line, u.Column, u.Value, u.Reason)
}

// LoadStateYear reads a user's state-year file (CSV, optionally gzipped)
// into a tidy table keyed by ccode, year, sorted by them. m must set Year
// and one of CCode or Country. name labels the file in errors and in the
// table's sources.
//
// A country that does not resolve is an error naming its line, unless
// m.AllowUnresolved is set: then the row is dropped and listed in the
// returned []Unresolved (which is never silently empty when rows were
// dropped). Two rows with the same ccode and year are an error naming both
// lines. Parquet input is not supported yet: the error says so.
func LoadStateYear(r io.Reader, name string, m Mapping, c *Countries) (*table.Table, []Unresolved, error) {
	if m.Year == "" || (m.CCode == "") == (m.Country == "") {
		return nil, nil, fmt.Errorf("loaders: %s: a state-year mapping needs Year and exactly one of CCode or Country", name)
	}
	u, err := ufOpen(r, name, m, c)
	if err != nil {
		return nil, nil, err
	}
	if err := u.need(m.Year); err != nil {
		return nil, nil, err
	}
	side, err := u.side(m.CCode, m.Country)
	if err != nil {
		return nil, nil, err
	}
	yc := u.idx[m.Year]
	u.keyNames = []string{"ccode", "year"}
	err = u.each(func(rec [][]byte) error {
		y, err := u.year(rec, yc)
		if err != nil {
			return err
		}
		cc, ok, err := u.country(rec, side, y)
		if err != nil || !ok {
			return err
		}
		return u.addRow(rec, []int64{int64(cc), int64(y)})
	})
	if err != nil {
		return nil, nil, err
	}
	return u.finish()
}

// LoadDyadYear reads a user's dyad-year file into a tidy table keyed by
// ccode1, ccode2, year, sorted by them. m must set Year and, for each side,
// one of CCode1/Country1 and CCode2/Country2.
//
// When directed is false the dyad is unordered: each row is stored with
// ccode1 < ccode2 (the two countries are swapped when needed, and every
// other value is taken to describe the pair as a whole), and a file that
// lists both A-B and B-A for a year has a duplicate. When directed is true
// the order is kept. A row with the same country on both sides is an
// error. Unresolved countries and duplicates are handled as in
// LoadStateYear.
func LoadDyadYear(r io.Reader, name string, m Mapping, c *Countries, directed bool) (*table.Table, []Unresolved, error) {
	if m.Year == "" || (m.CCode1 == "") == (m.Country1 == "") || (m.CCode2 == "") == (m.Country2 == "") {
		return nil, nil, fmt.Errorf("loaders: %s: a dyad-year mapping needs Year and exactly one of CCode1 or Country1 and one of CCode2 or Country2", name)
	}
	u, err := ufOpen(r, name, m, c)
	if err != nil {
		return nil, nil, err
	}
	if err := u.need(m.Year); err != nil {
		return nil, nil, err
	}
	s1, err := u.side(m.CCode1, m.Country1)
	if err != nil {
		return nil, nil, err
	}
	s2, err := u.side(m.CCode2, m.Country2)
	if err != nil {
		return nil, nil, err
	}
	yc := u.idx[m.Year]
	u.keyNames = []string{"ccode1", "ccode2", "year"}
	err = u.each(func(rec [][]byte) error {
		y, err := u.year(rec, yc)
		if err != nil {
			return err
		}
		a, ok1, err := u.country(rec, s1, y)
		if err != nil {
			return err
		}
		b, ok2, err := u.country(rec, s2, y)
		if err != nil || !ok1 || !ok2 {
			return err
		}
		if a == b {
			return u.rd.Errorf(s2.col, "a dyad of %d with itself", a)
		}
		if !directed && a > b {
			a, b = b, a
		}
		return u.addRow(rec, []int64{int64(a), int64(b), int64(y)})
	})
	if err != nil {
		return nil, nil, err
	}
	return u.finish()
}

// LoadMembership reads a user's organization membership list into a tidy
// org-state-year table (org, ccode, year, then status if mapped, then the
// other columns), sorted by org, ccode and year. m must set Org, one of
// CCode or Country, and either Year (one row per member-year) or StartYear
// and EndYear (one row per spell, expanded to every year from start to end
// inclusive; an empty end year runs to m.OpenEnd). Countries are resolved
// year by year, so a spell of "Germany" from 1950 to 2000 gives West
// Germany (260) to 1989 and Germany (255) from 1990. Two rows covering the
// same organization, state and year are an error naming both lines.
func LoadMembership(r io.Reader, name string, m Mapping, c *Countries) (*table.Table, []Unresolved, error) {
	spells := m.StartYear != "" || m.EndYear != ""
	if m.Org == "" || (m.CCode == "") == (m.Country == "") || (m.Year == "") == !spells || (spells && (m.StartYear == "" || m.EndYear == "")) {
		return nil, nil, fmt.Errorf("loaders: %s: a membership mapping needs Org, exactly one of CCode or Country, and either Year or both StartYear and EndYear", name)
	}
	u, err := ufOpen(r, name, m, c)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range []string{m.Org, m.Year, m.StartYear, m.EndYear, m.Status} {
		if err := u.need(n); err != nil {
			return nil, nil, err
		}
	}
	side, err := u.side(m.CCode, m.Country)
	if err != nil {
		return nil, nil, err
	}
	oc := u.idx[m.Org]
	u.keyNames = []string{"org", "ccode", "year"}
	u.strKey = true
	if m.Status != "" {
		u.statusCol = u.idx[m.Status]
	}
	err = u.each(func(rec [][]byte) error {
		org := strings.TrimSpace(string(rec[oc]))
		if org == "" || org == "NA" {
			return u.rd.Errorf(oc, "empty organization")
		}
		var first, last int
		if spells {
			if first, err = u.year(rec, u.idx[m.StartYear]); err != nil {
				return err
			}
			ec := u.idx[m.EndYear]
			v, ok, err := u.rd.Int(rec, ec)
			switch {
			case err != nil:
				return u.rd.Errorf(ec, "expected a year, found %q", ufClipBytes(rec[ec]))
			case !ok && m.OpenEnd == 0:
				return u.rd.Errorf(ec, "empty end year (set Mapping.OpenEnd for ongoing memberships)")
			case !ok:
				last = m.OpenEnd
			default:
				last = int(v)
			}
			if last < first {
				return u.rd.Errorf(ec, "end year %d before start year %d", last, first)
			}
			if last-first > 1000 {
				return u.rd.Errorf(ec, "spell %d-%d longer than 1000 years", first, last)
			}
		} else {
			if first, err = u.year(rec, u.idx[m.Year]); err != nil {
				return err
			}
			last = first
		}
		for y := first; y <= last; y++ {
			cc, ok, err := u.country(rec, side, y)
			if err != nil {
				return err
			}
			if !ok {
				break // listed once; the name does not resolve in any year
			}
			u.org = org
			if err := u.addRow(rec, []int64{int64(cc), int64(y)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return u.finish()
}

// ---- shared machinery

type ufSide struct {
	col      int
	isCCode  bool
	colName  string
	resolved map[string]int // cache for names
}

type ufLoader struct {
	name     string
	m        Mapping
	c        *Countries
	rd       *csvx.Reader
	hash     hash.Hash
	header   []string
	idx      map[string]int
	keep     []int    // kept columns, in file order
	keepName []string // their snake_case names
	keyNames []string
	strKey   bool // membership: org string key first

	// collected rows
	keys      [][]int64
	orgs      []string
	status    []string
	statusCol int
	org       string
	lines     []int
	cells     [][]string // per kept column
	missing   [][]bool

	seen         map[string]int // key -> line
	unresolved   []Unresolved
	unresolvedAt [2]int // line and column of the last one listed
}

func ufOpen(r io.Reader, name string, m Mapping, c *Countries) (*ufLoader, error) {
	u, err := ufStart(r, name, m, c)
	if err != nil {
		return nil, err
	}
	for _, d := range m.Drop {
		if err := u.need(d); err != nil {
			return nil, err
		}
	}
	mapped := map[string]bool{}
	for _, n := range []string{m.CCode, m.Country, m.CCode1, m.CCode2, m.Country1, m.Country2, m.Year, m.StartYear, m.EndYear, m.Org, m.Status} {
		if n != "" {
			mapped[n] = true
		}
	}
	for _, d := range m.Drop {
		mapped[d] = true
	}
	reserved := map[string]bool{"ccode": true, "ccode1": true, "ccode2": true, "year": true, "org": true, "status": true}
	if err := u.setKeep(mapped, reserved); err != nil {
		return nil, err
	}
	return u, nil
}

// ufStart opens a user's file: it hashes the bytes as they are read,
// refuses Parquet, reads the header and indexes its column names (which
// must be unique). The caller then chooses the kept columns with setKeep.
func ufStart(r io.Reader, name string, m Mapping, c *Countries) (*ufLoader, error) {
	if c == nil {
		return nil, fmt.Errorf("loaders: %s: no country crosswalk (call LoadCountries)", name)
	}
	h := sha256.New()
	br := bufio.NewReader(io.TeeReader(r, h))
	if magic, _ := br.Peek(4); string(magic) == "PAR1" {
		return nil, &csvx.Error{File: name, Msg: "Parquet input is not supported yet: save the file as CSV"}
	}
	rd, err := csvx.NewReader(br, name)
	if err != nil {
		return nil, err
	}
	header, err := rd.ReadHeader()
	if err != nil {
		return nil, err
	}
	u := &ufLoader{name: name, m: m, c: c, rd: rd, hash: h, header: header, idx: map[string]int{}, seen: map[string]int{}, statusCol: -1}
	for i, n := range header {
		if j, dup := u.idx[n]; dup {
			return nil, &csvx.Error{File: name, Line: 1, Column: i + 1, Name: n, Msg: fmt.Sprintf("column name %q also names column %d", n, j+1)}
		}
		u.idx[n] = i
	}
	return u, nil
}

// setKeep chooses the columns kept as they are: every column not in mapped,
// renamed to snake_case. A kept column whose snake_case name is reserved
// (a column the loader itself writes) or shared with another kept column
// is an error naming it.
func (u *ufLoader) setKeep(mapped, reserved map[string]bool) error {
	name := u.name
	names := map[string]string{}
	u.keep, u.keepName = nil, nil
	for i, n := range u.header {
		if mapped[n] {
			continue
		}
		sn := ufSnake(n)
		if sn == "" {
			sn = fmt.Sprintf("column_%d", i+1)
		}
		if reserved[sn] {
			return &csvx.Error{File: name, Line: 1, Column: i + 1, Name: n, Msg: fmt.Sprintf("column %q would be named %q, a key of the tidy table: map it or drop it", n, sn)}
		}
		if o, dup := names[sn]; dup {
			return &csvx.Error{File: name, Line: 1, Column: i + 1, Name: n, Msg: fmt.Sprintf("columns %q and %q are both %q in snake_case: rename or drop one", o, n, sn)}
		}
		names[sn] = n
		u.keep = append(u.keep, i)
		u.keepName = append(u.keepName, sn)
	}
	u.cells = make([][]string, len(u.keep))
	u.missing = make([][]bool, len(u.keep))
	return nil
}

func (u *ufLoader) need(col string) error {
	if col == "" {
		return nil
	}
	if _, ok := u.idx[col]; !ok {
		return &csvx.Error{File: u.name, Line: 1, Msg: fmt.Sprintf("no column %q (columns: %s)", col, strings.Join(u.header, ", "))}
	}
	return nil
}

func (u *ufLoader) side(ccode, country string) (ufSide, error) {
	col := ccode
	if col == "" {
		col = country
	}
	if err := u.need(col); err != nil {
		return ufSide{}, err
	}
	return ufSide{col: u.idx[col], isCCode: ccode != "", colName: col, resolved: map[string]int{}}, nil
}

func (u *ufLoader) each(f func(rec [][]byte) error) error {
	for {
		rec, err := u.rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(rec); err != nil {
			return err
		}
	}
}

func (u *ufLoader) year(rec [][]byte, col int) (int, error) {
	v, ok, err := u.rd.Int(rec, col)
	if err != nil || !ok {
		return 0, u.rd.Errorf(col, "expected a year, found %q", ufClipBytes(rec[col]))
	}
	if v < -9999 || v > 9999 {
		return 0, u.rd.Errorf(col, "year %d out of range", v)
	}
	return int(v), nil
}

// country returns the COW code of a row's country; ok is false when it
// does not resolve and AllowUnresolved is set (the row is listed).
func (u *ufLoader) country(rec [][]byte, s ufSide, year int) (int, bool, error) {
	return u.countryIn(rec, s, year, true)
}

// countryIn is country for a row whose year may be unknown (hasYear
// false): the name is then resolved with Countries.Resolve, without the
// year rules.
func (u *ufLoader) countryIn(rec [][]byte, s ufSide, year int, hasYear bool) (int, bool, error) {
	raw := strings.TrimSpace(string(rec[s.col]))
	var reason string
	if s.isCCode {
		v, ok, err := u.rd.Int(rec, s.col)
		switch {
		case err != nil:
			reason = "not an integer COW code"
		case !ok:
			reason = "empty"
		default:
			if _, known := u.c.ByCCode(int(v)); known && v > 0 {
				return int(v), true, nil
			}
			reason = "not a COW state code"
		}
	} else if raw == "NA" {
		// R's missing value; also Namibia's ISO2 code, which is therefore
		// not read from user files (a missing country must not become
		// Namibia silently).
		reason = "NA is read as missing (for Namibia write NAM or its name)"
	} else {
		var cc int
		var ok bool
		if u.m.NoYearRules || !hasYear {
			cc, ok = u.c.Resolve(raw)
		} else {
			cc, ok = u.c.ResolveYear(raw, year)
		}
		if ok {
			return cc, true, nil
		}
		switch k, known := u.c.Lookup(raw); {
		case raw == "":
			reason = "empty"
		case known:
			reason = fmt.Sprintf("%s has no COW code", k.Name)
		default:
			reason = "unknown country name or code"
		}
	}
	if !u.m.AllowUnresolved {
		return 0, false, u.rd.Errorf(s.col, "country %q: %s (set AllowUnresolved to drop such rows)", ufClip(raw), reason)
	}
	if at := [2]int{u.rd.Line(), s.col}; u.unresolvedAt != at {
		u.unresolved = append(u.unresolved, Unresolved{Line: u.rd.Line(), Column: s.colName, Value: raw, Reason: reason})
		u.unresolvedAt = at
	}
	return 0, false, nil
}

func (u *ufLoader) addRow(rec [][]byte, key []int64) error {
	var kb strings.Builder
	if u.strKey {
		kb.WriteString(u.org)
		kb.WriteByte(0)
	}
	for _, k := range key {
		kb.WriteString(strconv.FormatInt(k, 10))
		kb.WriteByte(' ')
	}
	ks := kb.String()
	line := u.rd.Line()
	if prev, dup := u.seen[ks]; dup {
		what := make([]string, len(key))
		names := u.keyNames
		if u.strKey {
			names = names[1:]
		}
		for i, k := range key {
			what[i] = fmt.Sprintf("%s %d", names[i], k)
		}
		if u.strKey {
			what = append([]string{fmt.Sprintf("org %q", u.org)}, what...)
		}
		if prev == line {
			return u.rd.Errorf(-1, "duplicate key %s within the row's own spell", strings.Join(what, ", "))
		}
		return u.rd.Errorf(-1, "duplicate key %s: also on line %d", strings.Join(what, ", "), prev)
	}
	u.seen[ks] = line
	u.keys = append(u.keys, key)
	u.lines = append(u.lines, line)
	if u.strKey {
		u.orgs = append(u.orgs, u.org)
	}
	if u.statusCol >= 0 {
		u.status = append(u.status, strings.TrimSpace(string(rec[u.statusCol])))
	}
	for j, i := range u.keep {
		b := rec[i]
		miss := len(b) == 0 || string(b) == "NA"
		u.cells[j] = append(u.cells[j], string(b))
		u.missing[j] = append(u.missing[j], miss)
	}
	return nil
}

func (u *ufLoader) finish() (*table.Table, []Unresolved, error) {
	n := len(u.keys)
	var cols []*table.Column
	var sortBy []string
	k0 := 0
	if u.strKey {
		cols = append(cols, table.NewString("org", u.orgs))
		sortBy = append(sortBy, "org")
		k0 = 1
	}
	for j, kn := range u.keyNames[k0:] {
		v := make([]int64, n)
		for i := range u.keys {
			v[i] = u.keys[i][j]
		}
		cols = append(cols, table.NewInt(kn, v))
		sortBy = append(sortBy, kn)
	}
	if u.statusCol >= 0 {
		st := table.NewString("status", u.status)
		miss := make([]bool, n)
		any := false
		for i, s := range u.status {
			if s == "" || s == "NA" {
				miss[i], any = true, true
			}
		}
		if any {
			st.WithMissing(miss)
		}
		cols = append(cols, st)
	}
	for j := range u.keep {
		cols = append(cols, ufInfer(u.keepName[j], u.cells[j], u.missing[j]))
	}
	t := table.New(cols...)
	t, err := t.SortBy(sortBy...)
	if err != nil {
		return nil, nil, err
	}
	t.AddSources(table.Source{File: u.name, Path: u.name, SHA256: hex.EncodeToString(u.hash.Sum(nil))})
	if len(u.unresolved) > 0 {
		t.SetMeta("repnet.unresolved_rows_dropped", strconv.Itoa(len(u.unresolved)))
	}
	return t, u.unresolved, nil
}

// ufInfer builds a typed column from text cells: int, else float, else
// bool, else string (see Mapping).
func ufInfer(name string, cells []string, missing []bool) *table.Column {
	isInt, isFloat, isBool, anyValue := true, true, true, false
	for i, s := range cells {
		if missing[i] {
			continue
		}
		anyValue = true
		if isInt {
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				isInt = false
			}
		}
		if isFloat && !isInt {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				isFloat = false
			}
		}
		if isBool {
			switch strings.ToLower(s) {
			case "true", "false":
			default:
				isBool = false
			}
		}
	}
	anyMissing := false
	for _, m := range missing {
		anyMissing = anyMissing || m
	}
	var c *table.Column
	switch {
	case !anyValue:
		c = table.NewString(name, make([]string, len(cells)))
	case isInt:
		v := make([]int64, len(cells))
		for i, s := range cells {
			if !missing[i] {
				v[i], _ = strconv.ParseInt(s, 10, 64)
			}
		}
		c = table.NewInt(name, v)
	case isFloat:
		v := make([]float64, len(cells))
		for i, s := range cells {
			if !missing[i] {
				v[i], _ = strconv.ParseFloat(s, 64)
				if math.IsNaN(v[i]) {
					missing[i], anyMissing = true, true
				}
			}
		}
		c = table.NewFloat(name, v)
	case isBool:
		v := make([]bool, len(cells))
		for i, s := range cells {
			v[i] = strings.ToLower(s) == "true"
		}
		c = table.NewBool(name, v)
	default:
		v := make([]string, len(cells))
		for i, s := range cells {
			if !missing[i] {
				v[i] = s
			}
		}
		c = table.NewString(name, v)
	}
	if anyMissing {
		c.WithMissing(missing)
	}
	return c
}

// ufSnake turns a column name into snake_case: lower case ASCII letters
// and digits, other runs as one underscore, no leading or trailing one, and
// a leading digit prefixed with "x".
func ufSnake(s string) string {
	var b strings.Builder
	us := false
	prevLower := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if prevLower && !us && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
			us, prevLower = false, false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			us, prevLower = false, true
		default:
			if f, ok := ctryFold[r]; ok {
				b.WriteString(f)
				us, prevLower = false, true
				continue
			}
			if !us && b.Len() > 0 {
				b.WriteByte('_')
				us = true
			}
			prevLower = false
		}
	}
	out := strings.TrimRight(b.String(), "_")
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "x" + out
	}
	return out
}

func ufClipBytes(b []byte) string { return ufClip(string(b)) }

func ufClip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) > max {
		r = r[:max]
	}
	return string(r) + "..."
}
