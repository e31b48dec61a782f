package loaders

import (
	"fmt"
	"io"
	"sort"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// ReadContiguity reads COW Direct Contiguity v3.2's dated spells (as
// packaged by peacesciencer: ccode1, ccode2, conttype, stdate, enddate)
// and expands them to one row per non-directed dyad-year with ccode1 <
// ccode2: ccode1, ccode2, year, conttype (1 land or river border; 2, 3, 4,
// 5: separated by at most 12, 24, 150 or 400 miles of water).
//
// The file is directed: each spell appears as A-B and as B-A. Rows with
// ccode1 > ccode2 must mirror one with ccode1 < ccode2 (same type and
// dates), and only the latter are used; a file with no ccode1 > ccode2
// rows is taken as non-directed. Expansion rule for partial years: a spell
// covers every calendar year from the year of stdate to the year of
// enddate inclusive, so a year in which the type changes is covered by
// both spells and gets the smallest (closest) type in force at any time
// that year. Spells of conttype 0 (the dyad is not contiguous in that
// period, i.e. separated by more than 400 miles of water) give no rows.
//
// The table's meta absent = "zero": a dyad-year inside the coverage
// (1816-2016) without a row is not contiguous; outside the coverage it is
// missing.
func ReadContiguity(r io.Reader, name string) (*table.Table, error) {
	return readContiguity(userInput(r, name), YearRange{})
}

// Contiguity is ReadContiguity on the bundled cow_contdir.csv.
func Contiguity() (*table.Table, error) { return loadContiguity(YearRange{}) }

func loadContiguity(years YearRange) (*table.Table, error) {
	in, err := bundledInput("cow-contiguity", "cow_contdir.csv")
	if err != nil {
		return nil, err
	}
	return readContiguity(in, years)
}

func readContiguity(in *input, years YearRange) (*table.Table, error) {
	res, err := readSpec(in, spec{fields: []field{
		{src: "ccode1", name: "ccode1", typ: table.Int, key: true, cow: true},
		{src: "ccode2", name: "ccode2", typ: table.Int, key: true, cow: true},
		{src: "conttype", name: "conttype", typ: table.Int, key: true},
		{src: "stdate", name: "stdate", typ: table.String, key: true},
		{src: "enddate", name: "enddate", typ: table.String, key: true},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	c1, c2 := res.t.Col("ccode1").Ints, res.t.Col("ccode2").Ints
	ty := res.t.Col("conttype").Ints
	st, en := res.t.Col("stdate").Strings, res.t.Col("enddate").Strings
	type spell struct {
		a, b, t int64
		s, e    string
	}
	lower := make(map[spell]int) // spells with ccode1 < ccode2 -> line
	var lowerRows, upper []int   // rows with ccode1 < ccode2, > ccode2
	var cov span
	for i := range c1 {
		line := res.lines[i]
		if c1[i] == c2[i] {
			return nil, res.errAt(i, "ccode2", "expected two different states in a dyad, found ccode1 = ccode2 = %d", c1[i])
		}
		if ty[i] < 0 || ty[i] > 5 {
			return nil, res.errAt(i, "conttype", "expected a contiguity type 0 to 5, found %d", ty[i])
		}
		sy, ok := dateYear(st[i])
		if !ok {
			return nil, res.errAt(i, "stdate", "expected a date YYYY-MM-DD, found %q", st[i])
		}
		ey, ok := dateYear(en[i])
		if !ok {
			return nil, res.errAt(i, "enddate", "expected a date YYYY-MM-DD, found %q", en[i])
		}
		if en[i] < st[i] {
			return nil, res.errAt(i, "enddate", "expected a date at or after stdate %s, found %s", st[i], en[i])
		}
		cov.add(sy)
		cov.add(ey)
		if c1[i] < c2[i] {
			sp := spell{c1[i], c2[i], ty[i], st[i], en[i]}
			if l, dup := lower[sp]; dup {
				return nil, &csvx.Error{File: in.name, Line: line, Msg: fmt.Sprintf("duplicate spell (%d, %d, type %d, %s to %s): lines %d and %d", sp.a, sp.b, sp.t, sp.s, sp.e, l, line)}
			}
			lower[sp] = line
			lowerRows = append(lowerRows, i)
		} else {
			upper = append(upper, i)
		}
	}
	if len(upper) > 0 {
		mirrored := make(map[spell]bool, len(upper))
		for _, i := range upper {
			sp := spell{c2[i], c1[i], ty[i], st[i], en[i]}
			if _, ok := lower[sp]; !ok {
				return nil, &csvx.Error{File: in.name, Line: res.lines[i],
					Msg: fmt.Sprintf("expected the mirror of this spell (%d, %d, type %d, %s to %s) in the file, as in a directed file, found none", sp.a, sp.b, sp.t, sp.s, sp.e)}
			}
			mirrored[sp] = true
		}
		for _, i := range lowerRows {
			sp := spell{c1[i], c2[i], ty[i], st[i], en[i]}
			if !mirrored[sp] {
				return nil, &csvx.Error{File: in.name, Line: res.lines[i],
					Msg: fmt.Sprintf("expected the mirror of this spell (%d, %d, type %d, %s to %s) in the file, as in a directed file, found none", sp.b, sp.a, sp.t, sp.s, sp.e)}
			}
		}
	}
	// Expand: the smallest non-zero type in force in each dyad-year.
	type dy struct{ a, b, y int64 }
	best := make(map[dy]int64)
	for sp := range lower {
		if sp.t == 0 {
			continue
		}
		sy, _ := dateYear(sp.s)
		ey, _ := dateYear(sp.e)
		for y := sy; y <= ey; y++ {
			if !years.Contains(y) {
				continue
			}
			k := dy{sp.a, sp.b, int64(y)}
			if t, ok := best[k]; !ok || sp.t < t {
				best[k] = sp.t
			}
		}
	}
	keys := make([]dy, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.a != b.a {
			return a.a < b.a
		}
		if a.b != b.b {
			return a.b < b.b
		}
		return a.y < b.y
	})
	n := len(keys)
	a, b, y, t := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i, k := range keys {
		a[i], b[i], y[i], t[i] = k.a, k.b, k.y, best[k]
	}
	out := table.New(table.NewInt("ccode1", a), table.NewInt("ccode2", b), table.NewInt("year", y), table.NewInt("conttype", t))
	out = finish(out, in, "non-directed dyad-year", cov)
	out.SetMeta("absent", "zero")
	out.SetMeta("rule", "a spell covers every calendar year from year(stdate) to year(enddate); a year covered by several spells takes the smallest non-zero conttype; conttype 0 spells give no rows")
	return out, nil
}
