package loaders

import (
	"fmt"
	"io"
	"sort"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// Status is a state's membership status in an IGO in a year, with COW's
// IGO v3 codes.
type Status int8

// Membership statuses as coded in COW IGO v3. COW's other codes, 0 (not a
// member) and -1 (state or IGO not in existence), are never stored: a
// state-year without an entry for an IGO is a non-member or the IGO or
// state did not exist.
const (
	Full          Status = 1
	Associate     Status = 2
	Observer      Status = 3
	StatusMissing Status = -9 // COW -9: membership not known
)

// String returns the status as it appears in the long table: full,
// associate, observer or missing.
func (s Status) String() string {
	switch s {
	case Full:
		return "full"
	case Associate:
		return "associate"
	case Observer:
		return "observer"
	case StatusMissing:
		return "missing"
	}
	return fmt.Sprintf("Status(%d)", int8(s))
}

// IGOPanel is COW's state-year IGO file in compact typed form: for every
// state-year row of the file, its memberships as (IGO index, status) pairs.
// It is what IGOMemberships and IGOCounts are built from, and what network
// code should read instead of the string-valued long table.
//
// Layout (struct of arrays): state-year k is (Ccode[k], Year[k]); its
// memberships are IGO[Start[k]:Start[k+1]] with statuses
// Status[Start[k]:Start[k+1]]. State-years are sorted by ccode then year;
// within a state-year IGO indexes ascend. IGO index i names IGOs[i], the
// lower-case abbreviation that heads the file's column; IGOs is sorted
// alphabetically (byte order), so sorting by index is sorting by name.
// Only cells coded 1, 2, 3 or -9 are stored.
type IGOPanel struct {
	IGOs   []string
	Ccode  []int16
	Year   []int16
	Start  []int32 // len(Ccode)+1 offsets into IGO and Status
	IGO    []int16
	Status []Status
	// Coverage is the first and last year of the source file (all rows,
	// before any year filter).
	First, Last int
	Source      table.Source
}

// NumStateYears returns the number of state-year rows.
func (p *IGOPanel) NumStateYears() int { return len(p.Ccode) }

// Index returns the index of the IGO with the given lower-case
// abbreviation, or -1.
func (p *IGOPanel) Index(igo string) int {
	i := sort.SearchStrings(p.IGOs, igo)
	if i < len(p.IGOs) && p.IGOs[i] == igo {
		return i
	}
	return -1
}

// States returns the ccodes of the state-year rows of year y, ascending:
// the states the file covers that year (for COW IGO v3, the COW state
// system members).
func (p *IGOPanel) States(y int) []int {
	var out []int
	for k, yy := range p.Year {
		if int(yy) == y {
			out = append(out, int(p.Ccode[k]))
		}
	}
	return out
}

// Member is one state's membership in an IGO.
type Member struct {
	Ccode  int
	Status Status
}

// Members returns the memberships of year y grouped by IGO: element i
// lists the states with an entry for IGO i (any status, including
// StatusMissing), by ascending ccode.
func (p *IGOPanel) Members(y int) [][]Member {
	out := make([][]Member, len(p.IGOs))
	for k, yy := range p.Year {
		if int(yy) != y {
			continue
		}
		for c := p.Start[k]; c < p.Start[k+1]; c++ {
			i := p.IGO[c]
			out[i] = append(out[i], Member{Ccode: int(p.Ccode[k]), Status: p.Status[c]})
		}
	}
	return out
}

// ReadIGOPanel parses COW IGO v3's state-year file (state_year_format3):
// columns ccode, year, state, then one column per IGO named by its
// lower-case abbreviation, with cells 0 (none), 1 (full), 2 (associate),
// 3 (observer), -9 (missing) or -1 (state or IGO not in existence). Any
// other cell is an error naming the file, line and column. Only rows whose
// year lies in years are kept. name is used in errors.
func ReadIGOPanel(r io.Reader, name string, years YearRange) (*IGOPanel, error) {
	return readIGOPanel(userInput(r, name), years)
}

// LoadIGOPanel reads the bundled state_year_format3.csv.gz.
func LoadIGOPanel(years YearRange) (*IGOPanel, error) {
	in, err := bundledInput("cow-igo", "state_year_format3.csv.gz")
	if err != nil {
		return nil, err
	}
	return readIGOPanel(in, years)
}

func readIGOPanel(in *input, years YearRange) (*IGOPanel, error) {
	cr, h, err := in.csv()
	if err != nil {
		return nil, err
	}
	for i, n := range []string{"ccode", "year", "state"} {
		if err := h.expectAt(i, n); err != nil {
			return nil, err
		}
	}
	names := h.names[3:]
	if len(names) > 1<<15-1 {
		return nil, &csvx.Error{File: in.name, Line: 1, Msg: fmt.Sprintf("%d IGO columns: at most 32767 are supported", len(names))}
	}
	for i, n := range names {
		if n == "" {
			return nil, &csvx.Error{File: in.name, Line: 1, Column: i + 4, Msg: "expected an IGO abbreviation as column name, found an empty name"}
		}
	}
	// rank[j] is the alphabetical index of the IGO in file column j+3.
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return names[order[a]] < names[order[b]] })
	p := &IGOPanel{IGOs: make([]string, len(names)), Source: table.Source{}}
	rank := make([]int16, len(names))
	for k, j := range order {
		p.IGOs[k] = names[j]
		rank[j] = int16(k)
	}
	// Cells are visited in alphabetical order through order, so each
	// state-year's entries come out sorted by IGO index.
	cow, err := cowCodes()
	if err != nil {
		return nil, err
	}
	var lines []int
	var cov span
	p.Start = append(p.Start, 0)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		cc, ok, err := cr.Int(rec, 0)
		if err != nil {
			return nil, err
		}
		if !ok || cc <= 0 || cc > 1<<15-1 || !cow[cc] {
			return nil, cowCodeError(cr, 0, rec[0])
		}
		y, ok, err := cr.Int(rec, 1)
		if err != nil {
			return nil, err
		}
		if !ok || y < minYear || y > maxYear {
			return nil, cr.Errorf(1, "expected a year (%d to %d), found %q", minYear, maxYear, rec[1])
		}
		cov.add(int(y))
		if !years.Contains(int(y)) {
			continue
		}
		cells := rec[3:]
		for _, j := range order {
			b := cells[j]
			var s Status
			switch {
			case len(b) == 1 && b[0] == '0':
				continue
			case len(b) == 1 && b[0] == '1':
				s = Full
			case len(b) == 1 && b[0] == '2':
				s = Associate
			case len(b) == 1 && b[0] == '3':
				s = Observer
			case len(b) == 2 && b[0] == '-' && b[1] == '1':
				continue
			case len(b) == 2 && b[0] == '-' && b[1] == '9':
				s = StatusMissing
			default:
				return nil, cr.Errorf(j+3, "expected a membership code (0, 1, 2, 3, -9 or -1), found %q", clipBytes(b))
			}
			p.IGO = append(p.IGO, rank[j])
			p.Status = append(p.Status, s)
		}
		p.Ccode = append(p.Ccode, int16(cc))
		p.Year = append(p.Year, int16(y))
		p.Start = append(p.Start, int32(len(p.IGO)))
		lines = append(lines, cr.Line())
	}
	if err := p.sortStateYears(lines, in.name); err != nil {
		return nil, err
	}
	p.First, p.Last = cov.first, cov.last
	p.Source = in.source()
	return p, nil
}

// sortStateYears puts state-years in (ccode, year) order, which COW's file
// already has, and rejects duplicate state-years.
func (p *IGOPanel) sortStateYears(lines []int, file string) error {
	n := len(p.Ccode)
	key := func(k int) int32 { return int32(p.Ccode[k])<<16 | int32(p.Year[k]) }
	sorted := true
	for k := 1; k < n; k++ {
		if key(k-1) >= key(k) {
			sorted = false
			break
		}
	}
	if sorted {
		return nil
	}
	idx := make([]int, n)
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
	for k := 1; k < n; k++ {
		if key(idx[k-1]) == key(idx[k]) {
			a, b := lines[idx[k-1]], lines[idx[k]]
			if a > b {
				a, b = b, a
			}
			return &csvx.Error{File: file, Line: b,
				Msg: fmt.Sprintf("duplicate ccode-year (%d, %d): lines %d and %d", p.Ccode[idx[k]], p.Year[idx[k]], a, b)}
		}
	}
	q := IGOPanel{Start: make([]int32, 1, n+1), IGO: make([]int16, 0, len(p.IGO)), Status: make([]Status, 0, len(p.Status))}
	for _, k := range idx {
		q.Ccode = append(q.Ccode, p.Ccode[k])
		q.Year = append(q.Year, p.Year[k])
		q.IGO = append(q.IGO, p.IGO[p.Start[k]:p.Start[k+1]]...)
		q.Status = append(q.Status, p.Status[p.Start[k]:p.Start[k+1]]...)
		q.Start = append(q.Start, int32(len(q.IGO)))
	}
	p.Ccode, p.Year, p.Start, p.IGO, p.Status = q.Ccode, q.Year, q.Start, q.IGO, q.Status
	return nil
}

func (p *IGOPanel) coverage() string { return span{p.First, p.Last}.String() }

// Memberships returns the long table of p: columns ccode, year, igo,
// status (see IGOMemberships).
func (p *IGOPanel) Memberships() *table.Table {
	n := len(p.IGO)
	cc := make([]int64, n)
	yy := make([]int64, n)
	igo := make([]string, n)
	st := make([]string, n)
	names := [...]string{Full: "full", Associate: "associate", Observer: "observer"}
	for k := range p.Ccode {
		c, y := int64(p.Ccode[k]), int64(p.Year[k])
		for e := p.Start[k]; e < p.Start[k+1]; e++ {
			cc[e], yy[e] = c, y
			igo[e] = p.IGOs[p.IGO[e]]
			if s := p.Status[e]; s == StatusMissing {
				st[e] = "missing"
			} else {
				st[e] = names[s]
			}
		}
	}
	t := table.New(table.NewInt("ccode", cc), table.NewInt("year", yy),
		table.NewString("igo", igo), table.NewString("status", st))
	t.AddSources(p.Source)
	t.SetMeta("unit", "state-IGO-year")
	t.SetMeta("coverage", p.coverage())
	t.SetMeta("absent", "no row: not a member (COW 0) or the state or IGO did not exist (COW -1)")
	t.SetMeta("igo_order", "alphabetical")
	return t
}

// Counts returns the per state-year membership counts of p (see
// IGOCounts).
func (p *IGOPanel) Counts() *table.Table {
	n := len(p.Ccode)
	cc := make([]int64, n)
	yy := make([]int64, n)
	var full, assoc, obs, anyc, miss = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for k := range p.Ccode {
		cc[k], yy[k] = int64(p.Ccode[k]), int64(p.Year[k])
		for e := p.Start[k]; e < p.Start[k+1]; e++ {
			switch p.Status[e] {
			case Full:
				full[k]++
			case Associate:
				assoc[k]++
			case Observer:
				obs[k]++
			case StatusMissing:
				miss[k]++
			}
		}
		anyc[k] = full[k] + assoc[k] + obs[k]
	}
	t := table.New(table.NewInt("ccode", cc), table.NewInt("year", yy),
		table.NewInt("full", full), table.NewInt("associate", assoc), table.NewInt("observer", obs),
		table.NewInt("any", anyc), table.NewInt("missing", miss))
	t.AddSources(p.Source)
	t.SetMeta("unit", "state-year")
	t.SetMeta("coverage", p.coverage())
	return t
}

// ReadIGOMemberships reads COW IGO v3's state-year file (see ReadIGOPanel)
// into a long table with one row per state, year and IGO in which the
// state had an entry: columns ccode (int), year (int), igo (string, the
// lower-case abbreviation heading the file's column, e.g. "sco"), status
// (string: "full", "associate", "observer", or "missing" for COW's -9).
// Cells coded 0 (not a member) or -1 (state or IGO not in existence) give
// no row. Rows are sorted by ccode, year, then igo alphabetically.
func ReadIGOMemberships(r io.Reader, name string) (*table.Table, error) {
	p, err := ReadIGOPanel(r, name, YearRange{})
	if err != nil {
		return nil, err
	}
	return p.Memberships(), nil
}

// IGOMemberships is ReadIGOMemberships on the bundled
// cow-igo/state_year_format3.csv.gz.
func IGOMemberships() (*table.Table, error) {
	p, err := LoadIGOPanel(YearRange{})
	if err != nil {
		return nil, err
	}
	return p.Memberships(), nil
}

// ReadIGOCounts reads COW IGO v3's state-year file (see ReadIGOPanel) into
// one row per state-year of the file with the number of IGOs in which the
// state was a full member, an associate member, an observer, any of the
// three (any = full + associate + observer), and the number of IGOs whose
// membership is coded missing (-9). Columns: ccode, year, full, associate,
// observer, any, missing. These equal peacesciencer's cow_igo_sy
// (sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype) on
// every state-year.
//
// The file's state-years are exactly the COW state system's (see System):
// in 2014 the 195 members, whose mean number of full and associate
// memberships is 63.46 (France, 220, has the most: 117). Each of them has
// missing = 26 in 2014: the 26 IGOs alive that year whose membership COW
// codes -9 for every state.
func ReadIGOCounts(r io.Reader, name string) (*table.Table, error) {
	p, err := ReadIGOPanel(r, name, YearRange{})
	if err != nil {
		return nil, err
	}
	return p.Counts(), nil
}

// IGOCounts is ReadIGOCounts on the bundled state_year_format3.csv.gz.
func IGOCounts() (*table.Table, error) {
	p, err := LoadIGOPanel(YearRange{})
	if err != nil {
		return nil, err
	}
	return p.Counts(), nil
}
