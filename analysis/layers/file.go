package layers

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// The file layer: a user's own edge list (CSV, optionally gzipped), one
// row per tie and year, with columns from_column, to_column, year_column
// (default ccode1, ccode2, year) and, if the file has it, weight_column
// (default weight; without one every row has weight 1). Other columns are
// ignored. Every listed pair is observed; a pair not listed in a year has
// weight 0 that year. A weight must be a non-negative number: an empty or
// NA weight is an error (leave the row out for no tie, or write 0), as are
// a tie of a node with itself and a pair listed twice in a year (in either
// order, unless directed).
//
// With nodes = file (the default) the nodes of a year are the codes that
// appear in that year's rows, whatever they are (parties, organizations,
// people): integers if every code is an integer, otherwise names, ordered
// as strings. A row of weight 0 makes its two nodes present without a
// tie. Years between the first and last year of the file without a row
// have no layer. With nodes = cow the nodes are the states in the COW
// system that year, isolates included; codes are COW codes in digits or
// country names and abbreviations, which the countries crosswalk resolves
// year by year (Germany in 1970 is West Germany, 260), and a code that does
// not resolve, or names a state outside the system that year, is an error.
type fileBuilder struct {
	s           Spec
	sys         *loaders.System // nodes = cow
	labels      []string
	src         table.Source
	first, last int
	byYear      map[int][]graph.Edge
	skipped     []int
	wcol        string // the weight column read, or ""
}

func (d *Data) fileBuilder(s Spec) (builder, error) {
	raw, src, err := datasets.ReadUserFile(s.Path())
	if err != nil {
		return nil, fmt.Errorf("layers: file layer: %v", err)
	}
	b := &fileBuilder{s: s, src: src, byYear: map[int][]graph.Edge{}}
	var c *loaders.Countries
	if s.Nodes == "cow" {
		if b.sys, err = d.loadSystem(); err != nil {
			return nil, err
		}
		if c, err = d.loadCountries(); err != nil {
			return nil, err
		}
	}
	if err := b.read(bytes.NewReader(raw), s.Path(), c); err != nil {
		return nil, err
	}
	return b, nil
}

// fileRow is one row of the edge list before node codes are assigned.
type fileRow struct {
	from, to string
	year     int
	w        float64
	line     int
}

func (b *fileBuilder) read(r io.Reader, name string, c *loaders.Countries) error {
	rd, err := csvx.NewReader(r, name)
	if err != nil {
		return err
	}
	header, err := rd.ReadHeader()
	if err != nil {
		return err
	}
	col := func(n string) int { return slices.Index(header, n) }
	fc, tc, yc, wc := col(b.s.FromColumn), col(b.s.ToColumn), col(b.s.YearColumn), -1
	for _, x := range []struct {
		name string
		at   int
	}{{b.s.FromColumn, fc}, {b.s.ToColumn, tc}, {b.s.YearColumn, yc}} {
		if x.at < 0 {
			return &csvx.Error{File: name, Line: 1, Msg: fmt.Sprintf("no column %q (columns: %s); name the edge list's columns with from_column, to_column and year_column", x.name, strings.Join(header, ", "))}
		}
	}
	if b.s.WeightColumn != "" {
		if wc = col(b.s.WeightColumn); wc < 0 {
			return &csvx.Error{File: name, Line: 1, Msg: fmt.Sprintf("no weight column %q (columns: %s)", b.s.WeightColumn, strings.Join(header, ", "))}
		}
	} else {
		wc = col("weight")
	}
	if wc >= 0 {
		b.wcol = header[wc]
	}
	var rows []fileRow
	allInts := true
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		y, ok, err := rd.Int(rec, yc)
		if err != nil || !ok || y < -9999 || y > 9999 {
			return rd.Errorf(yc, "expected a year, found %q", clip(rec[yc]))
		}
		fr := fileRow{from: strings.TrimSpace(string(rec[fc])), to: strings.TrimSpace(string(rec[tc])), year: int(y), w: 1, line: rd.Line()}
		for _, x := range []struct {
			v  string
			at int
		}{{fr.from, fc}, {fr.to, tc}} {
			if x.v == "" || x.v == "NA" {
				return rd.Errorf(x.at, "expected a node code or name, found an empty or NA cell")
			}
			if _, err := strconv.ParseInt(x.v, 10, 64); err != nil {
				allInts = false
			}
		}
		if fr.from == fr.to {
			return rd.Errorf(tc, "a tie of %q with itself (self-loops are not allowed)", fr.from)
		}
		if wc >= 0 {
			w, ok, err := rd.Float(rec, wc)
			if err != nil || !ok || math.IsInf(w, 0) || w < 0 {
				return rd.Errorf(wc, "expected a non-negative weight, found %q (leave the row out for no tie, or write 0)", clip(rec[wc]))
			}
			fr.w = w
		}
		rows = append(rows, fr)
	}
	if len(rows) == 0 {
		return &csvx.Error{File: name, Msg: "the edge list has no rows"}
	}
	// Node identifiers.
	var id func(s string, y, line, at int) (int64, error)
	switch {
	case c != nil:
		id = func(s string, y, line, at int) (int64, error) {
			cc, err := strconv.Atoi(s)
			ok := err == nil
			if !ok {
				cc, ok = c.ResolveYear(s, y)
			}
			if !ok {
				return 0, &csvx.Error{File: name, Line: line, Column: at + 1, Name: header[at], Msg: fmt.Sprintf("%q is not a COW code or a country name the crosswalk knows", s)}
			}
			if !b.sys.InSystem(cc, y) {
				return 0, &csvx.Error{File: name, Line: line, Column: at + 1, Name: header[at], Msg: fmt.Sprintf("%q (COW %d) is not in the COW state system in %d", s, cc, y)}
			}
			return int64(cc), nil
		}
	case allInts:
		id = func(s string, _, _, _ int) (int64, error) { return strconv.ParseInt(s, 10, 64) }
	default:
		for _, r := range rows {
			b.labels = append(b.labels, r.from, r.to)
		}
		slices.Sort(b.labels)
		b.labels = slices.Compact(b.labels)
		id = func(s string, _, _, _ int) (int64, error) {
			k, _ := slices.BinarySearch(b.labels, s)
			return int64(k), nil
		}
	}
	type key struct {
		y    int
		a, b int64
	}
	seen := map[key]int{}
	for _, r := range rows {
		a, err := id(r.from, r.year, r.line, fc)
		if err != nil {
			return err
		}
		z, err := id(r.to, r.year, r.line, tc)
		if err != nil {
			return err
		}
		if a == z {
			return &csvx.Error{File: name, Line: r.line, Column: tc + 1, Name: header[tc], Msg: fmt.Sprintf("%q and %q are the same node", r.from, r.to)}
		}
		k := key{r.year, a, z}
		if !b.s.Directed && a > z {
			k.a, k.b = z, a
		}
		if prev, dup := seen[k]; dup {
			return &csvx.Error{File: name, Line: r.line, Msg: fmt.Sprintf("the pair %s-%s is listed twice for %d: also on line %d", r.from, r.to, r.year, prev)}
		}
		seen[k] = r.line
		b.byYear[r.year] = append(b.byYear[r.year], graph.Edge{From: a, To: z, Weight: r.w})
		if b.first == 0 && b.last == 0 || r.year < b.first {
			b.first = r.year
		}
		b.last = max(b.last, r.year)
	}
	return nil
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

func (b *fileBuilder) years(r loaders.YearRange) ([]int, error) {
	ys, err := coverage("the edge list "+b.s.Path(), b.first, b.last, r)
	if err != nil {
		return nil, err
	}
	out := ys[:0]
	b.skipped = nil
	for _, y := range ys {
		if b.byYear[y] == nil {
			b.skipped = append(b.skipped, y)
			continue
		}
		out = append(out, y)
	}
	return out, nil
}

func (b *fileBuilder) directed() bool          { return b.s.Directed }
func (b *fileBuilder) states() bool            { return b.sys != nil }
func (b *fileBuilder) parallel() bool          { return false }
func (b *fileBuilder) sources() []table.Source { return []table.Source{b.src} }

func (b *fileBuilder) build(y int) (yearData, error) {
	d := yearData{year: y, complete: true}
	if b.sys != nil {
		for _, c := range b.sys.StatesIn(y) {
			d.nodes = append(d.nodes, int64(c))
		}
	} else {
		for _, e := range b.byYear[y] {
			d.nodes = append(d.nodes, e.From, e.To)
		}
		slices.Sort(d.nodes)
		d.nodes = slices.Compact(d.nodes)
	}
	for _, e := range b.byYear[y] {
		if e.Weight > 0 {
			d.edges = append(d.edges, e)
		}
	}
	slices.SortFunc(d.edges, func(a, b graph.Edge) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
	return d, nil
}

func (b *fileBuilder) describe(p *Panel) {
	p.Labels = b.labels
	if b.sys != nil {
		p.Meta["layer.nodes"] = "states in the COW state system that year (states2016), isolates included"
	} else {
		p.Meta["layer.nodes"] = "the codes in the year's rows of " + b.src.File
	}
	w := "1 for every listed pair"
	if b.wcol != "" {
		w = "column " + b.wcol + " of " + b.src.File
	}
	p.Meta["layer.weight"] = w + "; pairs not listed are 0"
}

func (b *fileBuilder) notes() []string {
	if len(b.skipped) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("file layer: no row in %s: no layer for those years", joinInts(b.skipped))}
}
