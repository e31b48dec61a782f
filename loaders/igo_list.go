package loaders

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// IGOInfo describes one IGO of COW IGO v3, from its IGO-year file.
type IGOInfo struct {
	IONum       int    // COW IGO number (ionum)
	IOName      string // COW abbreviation as written in the IGO-year file (e.g. "AfDB")
	IGO         string // lower-case abbreviation: the join key to the state-year file's columns
	OrgName     string
	LongOrgName string // as in the IGO's last year in the file
	Start       int    // sdate: the year COW dates the IGO from
	End         int    // deaddate: the year it ended; 0 if it was alive at the end of the data
	// Political, Social and Economic are COW's 0/1 issue-area flags, as
	// in the IGO's latest row that has them; -1 when no row has them.
	Political, Social, Economic int8
	// Integrated and Replaced are 1 if any row of the IGO marks it as
	// integrated into, or replaced by, another IGO.
	Integrated, Replaced int8
	// Years lists, ascending, the years in which the IGO has a row in the
	// IGO-year file: the years COW counts it as alive.
	Years []int16
}

// AliveIn reports whether the IGO has a row for year y in the IGO-year
// file.
func (g *IGOInfo) AliveIn(y int) bool {
	i := sort.Search(len(g.Years), func(i int) bool { return int(g.Years[i]) >= y })
	return i < len(g.Years) && int(g.Years[i]) == y
}

// IGOList is the list of COW IGOs, sorted by IGO (the lower-case
// abbreviation), so that with the bundled files index i here is IGO index i
// of an IGOPanel (IGOPanel.IGOs[i] == List[i].IGO).
type IGOList struct {
	List        []IGOInfo
	First, Last int // years covered by the file
	Source      table.Source
}

// Index returns the position of the IGO with the given lower-case
// abbreviation, or -1.
func (l *IGOList) Index(igo string) int {
	i := sort.Search(len(l.List), func(i int) bool { return l.List[i].IGO >= igo })
	if i < len(l.List) && l.List[i].IGO == igo {
		return i
	}
	return -1
}

// Alive returns the indexes of the IGOs alive in year y: those with a row
// for y in COW's IGO-year file.
//
// This is the definition of "alive" that reproduces COW's published
// counts (335 IGOs in 2014, a peak of 343 in 1994 and 1996). It differs
// from the state-year file's -1 coding (an IGO whose every state cell is -1
// in a year is not in existence) in 51 IGO-years: ccnr 1870-1905 (coded
// in the state-year file but without IGO-year rows), and iaradio 1964,
// itc 1986-1990 and iccec 1989-1997 (IGO-year rows, but every state cell
// -1 in the state-year file). It also differs from sdate and deaddate,
// which disagree with the rows for agc, acct, ccnr, iho, iru and itc.
func (l *IGOList) Alive(y int) []int {
	var out []int
	for i := range l.List {
		if l.List[i].AliveIn(y) {
			out = append(out, i)
		}
	}
	return out
}

// ReadIGOList parses COW IGO v3's IGO-year file (igo_year_format3): one
// row per IGO and year alive, with columns ioname, orgname, year, one
// column per state, sdate, deaddate, longorgname, ionum, political,
// social, economic, integrated, replaced and others. The state columns are
// not read. Two rows for one IGO-year, or two abbreviations that differ
// only in case, are errors.
func ReadIGOList(r io.Reader, name string) (*IGOList, error) {
	return readIGOList(userInput(r, name))
}

// LoadIGOList reads the bundled igo_year_format3.csv.gz.
func LoadIGOList() (*IGOList, error) {
	in, err := bundledInput("cow-igo", "igo_year_format3.csv.gz")
	if err != nil {
		return nil, err
	}
	return readIGOList(in)
}

func readIGOList(in *input) (*IGOList, error) {
	cr, h, err := in.csv()
	if err != nil {
		return nil, err
	}
	names := []string{"ioname", "orgname", "year", "sdate", "deaddate", "longorgname", "ionum",
		"political", "social", "economic", "integrated", "replaced"}
	col := make(map[string]int, len(names))
	for _, n := range names {
		if col[n], err = h.col(n); err != nil {
			return nil, err
		}
	}
	type seen struct {
		info      *IGOInfo
		firstLine int
		years     map[int16]int // year -> line
		flagYear  [3]int16
		nameYear  int16 // year of the row longorgname was taken from
	}
	byName := make(map[string]*seen)
	byKey := make(map[string]string)
	var order []string
	var cov span
	intField := func(rec [][]byte, n string, allowMissing bool) (int64, bool, error) {
		j := col[n]
		v, ok, err := cr.Int(rec, j)
		if err != nil {
			return 0, false, err
		}
		if !ok && !allowMissing {
			return 0, false, cr.Errorf(j, "expected an integer, found %q", rec[j])
		}
		return v, ok, nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		ion := string(rec[col["ioname"]])
		if ion == "" {
			return nil, cr.Errorf(col["ioname"], "expected an IGO abbreviation, found an empty field")
		}
		y, _, err := intField(rec, "year", false)
		if err != nil {
			return nil, err
		}
		if y < minYear || y > maxYear {
			return nil, cr.Errorf(col["year"], "expected a year (%d to %d), found %q", minYear, maxYear, rec[col["year"]])
		}
		cov.add(int(y))
		s := byName[ion]
		if s == nil {
			key := strings.ToLower(ion)
			if other, dup := byKey[key]; dup {
				return nil, cr.Errorf(col["ioname"], "IGO abbreviations %q and %q differ only in case, so both would have the key %q", other, ion, key)
			}
			byKey[key] = ion
			num, _, err := intField(rec, "ionum", false)
			if err != nil {
				return nil, err
			}
			sd, _, err := intField(rec, "sdate", false)
			if err != nil {
				return nil, err
			}
			dd, ok, err := intField(rec, "deaddate", true)
			if err != nil {
				return nil, err
			}
			if !ok {
				dd = 0
			}
			s = &seen{info: &IGOInfo{IONum: int(num), IOName: ion, IGO: key,
				OrgName: string(rec[col["orgname"]]), Start: int(sd), End: int(dd),
				Political: -1, Social: -1, Economic: -1},
				firstLine: cr.Line(), years: make(map[int16]int)}
			byName[ion] = s
			order = append(order, ion)
		}
		g := s.info
		if l, dup := s.years[int16(y)]; dup {
			return nil, &csvx.Error{File: in.name, Line: cr.Line(),
				Msg: fmt.Sprintf("duplicate IGO-year (%s, %d): lines %d and %d", ion, y, l, cr.Line())}
		}
		s.years[int16(y)] = cr.Line()
		g.Years = append(g.Years, int16(y))
		// Attributes that should not vary by year must not.
		if num, _, err := intField(rec, "ionum", false); err != nil {
			return nil, err
		} else if int(num) != g.IONum {
			return nil, cr.Errorf(col["ionum"], "expected ionum %d for %s (as on line %d), found %d", g.IONum, ion, s.firstLine, num)
		}
		if sd, _, err := intField(rec, "sdate", false); err != nil {
			return nil, err
		} else if int(sd) != g.Start {
			return nil, cr.Errorf(col["sdate"], "expected sdate %d for %s (as on line %d), found %d", g.Start, ion, s.firstLine, sd)
		}
		// Flags: keep the value of the latest year that has one.
		for k, n := range []string{"political", "social", "economic"} {
			v, ok, err := intField(rec, n, true)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if v != 0 && v != 1 {
				return nil, cr.Errorf(col[n], "expected 0 or 1, found %d", v)
			}
			if ptr := [...]*int8{&g.Political, &g.Social, &g.Economic}[k]; *ptr < 0 || int16(y) >= s.flagYear[k] {
				*ptr = int8(v)
				s.flagYear[k] = int16(y)
			}
		}
		for k, n := range []string{"integrated", "replaced"} {
			v, ok, err := intField(rec, n, true)
			if err != nil {
				return nil, err
			}
			if ok && v != 0 && v != 1 {
				return nil, cr.Errorf(col[n], "expected 0 or 1, found %d", v)
			}
			if ok && v == 1 {
				*[...]*int8{&g.Integrated, &g.Replaced}[k] = 1
			}
		}
		if int16(y) >= s.nameYear {
			g.LongOrgName = string(rec[col["longorgname"]])
			s.nameYear = int16(y)
		}
	}
	l := &IGOList{First: cov.first, Last: cov.last}
	for _, ion := range order {
		g := byName[ion].info
		sort.Slice(g.Years, func(a, b int) bool { return g.Years[a] < g.Years[b] })
		l.List = append(l.List, *g)
	}
	sort.Slice(l.List, func(a, b int) bool { return l.List[a].IGO < l.List[b].IGO })
	l.Source = in.source()
	return l, nil
}

// Table returns the IGO attributes as a table, one row per IGO sorted by
// igo: ionum, ioname, igo, orgname, longorgname, start_year (sdate),
// end_year (deaddate; missing when the IGO was alive at the end of the
// data), political, social, economic (0/1; missing if never coded),
// integrated, replaced (0/1), first_year and last_year (first and last
// year with a row in the IGO-year file) and years_alive (number of such
// rows; fewer than last_year-first_year+1 when COW records a gap).
func (l *IGOList) Table() *table.Table {
	n := len(l.List)
	var (
		ionum    = &intBuilder{name: "ionum"}
		ioname   = &stringBuilder{name: "ioname"}
		igo      = &stringBuilder{name: "igo"}
		org      = &stringBuilder{name: "orgname"}
		longOrg  = &stringBuilder{name: "longorgname"}
		start    = &intBuilder{name: "start_year"}
		end      = &intBuilder{name: "end_year"}
		flags    = []*intBuilder{{name: "political"}, {name: "social"}, {name: "economic"}, {name: "integrated"}, {name: "replaced"}}
		first    = &intBuilder{name: "first_year"}
		last     = &intBuilder{name: "last_year"}
		nAlive   = &intBuilder{name: "years_alive"}
		nonEmpty = func(s string) bool { return s != "" }
	)
	for i := 0; i < n; i++ {
		g := &l.List[i]
		ionum.add(int64(g.IONum), true)
		ioname.add(g.IOName, true)
		igo.add(g.IGO, true)
		org.add(g.OrgName, nonEmpty(g.OrgName))
		longOrg.add(g.LongOrgName, nonEmpty(g.LongOrgName))
		start.add(int64(g.Start), true)
		end.add(int64(g.End), g.End != 0)
		for k, v := range []int8{g.Political, g.Social, g.Economic, g.Integrated, g.Replaced} {
			flags[k].add(int64(v), v >= 0)
		}
		first.add(int64(g.Years[0]), true)
		last.add(int64(g.Years[len(g.Years)-1]), true)
		nAlive.add(int64(len(g.Years)), true)
	}
	cols := []*table.Column{ionum.column(), ioname.column(), igo.column(), org.column(), longOrg.column(),
		start.column(), end.column()}
	for _, f := range flags {
		cols = append(cols, f.column())
	}
	cols = append(cols, first.column(), last.column(), nAlive.column())
	t := table.New(cols...)
	t.AddSources(l.Source)
	t.SetMeta("unit", "IGO")
	t.SetMeta("coverage", span{l.First, l.Last}.String())
	return t
}

// ReadIGOs reads COW IGO v3's IGO-year file into one row per IGO (see
// IGOList.Table).
func ReadIGOs(r io.Reader, name string) (*table.Table, error) {
	l, err := ReadIGOList(r, name)
	if err != nil {
		return nil, err
	}
	return l.Table(), nil
}

// IGOs is ReadIGOs on the bundled igo_year_format3.csv.gz.
func IGOs() (*table.Table, error) {
	l, err := LoadIGOList()
	if err != nil {
		return nil, err
	}
	return l.Table(), nil
}

// YearsTable returns the IGO-years of the list as a long table, one row per
// IGO and year in which the IGO has a row in COW's IGO-year file (the
// definition of alive that IGOList.Alive documents), sorted by year, then
// igo. Columns: year, igo (lower-case abbreviation), ionum, and the 0/1
// ints birth and death:
//
//   - birth is 1 in the IGO's first year in the file (its first_year);
//   - death is 1 in the IGO's last year in the file when that year is
//     before the file's last year (l.Last): an IGO dies in the last year it
//     is alive, which is COW's deaddate for all but three IGOs (acct, iru
//     and itc, whose rows end in 2014, 1967 and 1985 while deaddate says
//     2005, 1968 and 1990).
//
// A gap in an IGO's rows (agc, ccnr) is not a death and a rebirth. So,
// per year, counting rows gives the IGOs alive (335 in 2014, a peak of 343
// first reached in 1994), and summing birth and death gives the IGOs
// founded and dissolved.
func (l *IGOList) YearsTable() *table.Table {
	type row struct {
		year        int16
		igo         int
		birth, dead bool
	}
	var rows []row
	for i := range l.List {
		ys := l.List[i].Years
		for k, y := range ys {
			rows = append(rows, row{year: y, igo: i, birth: k == 0,
				dead: k == len(ys)-1 && int(y) < l.Last})
		}
	}
	// List is sorted by igo, so a stable sort by year gives year, igo.
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].year < rows[b].year })
	n := len(rows)
	year, ionum, birth, death := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	igo := make([]string, n)
	for k, r := range rows {
		g := &l.List[r.igo]
		year[k], igo[k], ionum[k] = int64(r.year), g.IGO, int64(g.IONum)
		if r.birth {
			birth[k] = 1
		}
		if r.dead {
			death[k] = 1
		}
	}
	t := table.New(table.NewInt("year", year), table.NewString("igo", igo), table.NewInt("ionum", ionum),
		table.NewInt("birth", birth), table.NewInt("death", death))
	t.AddSources(l.Source)
	t.SetMeta("unit", "IGO-year")
	t.SetMeta("coverage", span{l.First, l.Last}.String())
	t.SetMeta("alive", "a row in COW's IGO-year file (igo_year_format3)")
	return t
}
