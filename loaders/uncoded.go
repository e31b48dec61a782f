package loaders

import (
	"fmt"
	"strconv"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// keyCoded finishes a state-year table some of whose rows have no COW code
// (entities COW does not list, such as Hong Kong or Hamburg). Without
// keep those rows are dropped; with keep they stay, with ccode missing,
// after the coded rows. Either way meta "uncoded_rows" counts them,
// "uncoded" lists them by entity (the nameCol value) and "uncoded_rule"
// says what was done: a researcher is never left to discover that rows
// vanished. (ccode, year) must be unique among coded rows; (entityCol,
// year) orders the uncoded ones.
func keyCoded(t *table.Table, lines []int, file, nameCol, entityCol string, keep bool) (*table.Table, error) {
	cc := t.Col("ccode")
	names := t.Col(nameCol).Strings
	var coded, uncoded []int
	counts := map[string]int{}
	for i := range names {
		if cc.IsMissing(i) {
			uncoded = append(uncoded, i)
			counts[names[i]]++
		} else {
			coded = append(coded, i)
		}
	}
	pick := func(rows []int) []int {
		out := make([]int, len(rows))
		for j, i := range rows {
			out[j] = lines[i]
		}
		return out
	}
	c := t.Take(coded)
	c.Col("ccode").Missing = nil
	c, err := sortRows(c, pick(coded), file, "ccode-year", "ccode", "year")
	if err != nil {
		return nil, err
	}
	if keep && len(uncoded) > 0 {
		u, err := sortRows(t.Take(uncoded), pick(uncoded), file, entityCol+"-year", entityCol, "year")
		if err != nil {
			return nil, err
		}
		c = appendRows(c, u)
	}
	c.SetMeta("uncoded_rows", strconv.Itoa(len(uncoded)))
	if len(uncoded) > 0 {
		c.SetMeta("uncoded", countList(counts))
	}
	if keep {
		c.SetMeta("uncoded_rule", "rows without a COW code kept, with ccode missing, after the coded rows")
	} else {
		c.SetMeta("uncoded_rule", "rows without a COW code dropped")
	}
	return c, nil
}

// appendRows returns the rows of a followed by those of b (same columns).
func appendRows(a, b *table.Table) *table.Table {
	cols := make([]*table.Column, len(a.Columns))
	n, m := a.NumRows(), b.NumRows()
	for j, ca := range a.Columns {
		cb := b.Columns[j]
		c := &table.Column{Name: ca.Name, Type: ca.Type}
		c.Ints = append(append([]int64(nil), ca.Ints...), cb.Ints...)
		c.Floats = append(append([]float64(nil), ca.Floats...), cb.Floats...)
		c.Strings = append(append([]string(nil), ca.Strings...), cb.Strings...)
		c.Bools = append(append([]bool(nil), ca.Bools...), cb.Bools...)
		if ca.Missing != nil || cb.Missing != nil {
			c.Missing = make([]bool, n+m)
			for i := 0; i < n; i++ {
				c.Missing[i] = ca.IsMissing(i)
			}
			for i := 0; i < m; i++ {
				c.Missing[n+i] = cb.IsMissing(i)
			}
		}
		cols[j] = c
	}
	t := table.New(cols...)
	t.Sources = append(t.Sources, a.Sources...)
	for k, v := range a.Meta {
		t.SetMeta(k, v)
	}
	return t
}

// vdemCodes maps V-Dem (country_id, year) to V-Dem's COW code for that
// year (vdem_cowcode), from the V-Dem file.
type vdemCodes map[[2]int64]int64

func readVDemCodes(in *input) (vdemCodes, table.Source, error) {
	res, err := readSpec(in, spec{fields: []field{
		{src: "country_id", name: "country_id", typ: table.Int, key: true},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "vdem_cowcode", name: "ccode", typ: table.Int},
	}}, YearRange{})
	if err != nil {
		return nil, table.Source{}, err
	}
	id, yy, cc := res.t.Col("country_id").Ints, res.t.Col("year").Ints, res.t.Col("ccode")
	m := make(vdemCodes, len(id))
	lines := make(map[[2]int64]int, len(id))
	for i := range id {
		k := [2]int64{id[i], yy[i]}
		if l, dup := lines[k]; dup {
			return nil, table.Source{}, &csvx.Error{File: in.name, Line: res.lines[i],
				Msg: fmt.Sprintf("duplicate country_id-year (%d, %d): lines %d and %d", k[0], k[1], l, res.lines[i])}
		}
		lines[k] = res.lines[i]
		if !cc.IsMissing(i) {
			m[k] = cc.Ints[i]
		}
	}
	return m, in.source(), nil
}
