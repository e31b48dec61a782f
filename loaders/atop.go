package loaders

import (
	"fmt"
	"io"

	"github.com/repnet/repnet/internal/table"
)

// atopObligations are ATOP's five obligation indicators, in file order.
var atopObligations = []string{"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"}

// ReadATOP reads ATOP v5.1's directed dyad-year file (as packaged by
// peacesciencer: ccode1, ccode2, year, atop_defense, atop_offense,
// atop_neutral, atop_nonagg, atop_consul) into one row per directed
// dyad-year: ccode1 (ATOP's state A), ccode2 (state B), year, and five
// 0/1 columns, 1 when A has an obligation of that kind towards B in an
// alliance in force that year: defense, offense, neutrality,
// non-aggression, consultation.
//
// ATOP lists only dyad-years with at least one obligation (a few rows have
// all five 0, as in the source). The table's meta absent = "zero": a
// dyad-year inside the coverage (1815-2018) without a row has no
// obligation (0 on all five), and one outside the coverage is missing.
// A row with ccode1 == ccode2 is an error.
func ReadATOP(r io.Reader, name string) (*table.Table, error) {
	return readATOP(userInput(r, name), YearRange{})
}

// ATOP is ReadATOP on the bundled atop/atop_alliance.csv.gz.
func ATOP() (*table.Table, error) { return loadATOP(YearRange{}) }

func loadATOP(years YearRange) (*table.Table, error) {
	in, err := bundledInput("atop", "atop_alliance.csv.gz")
	if err != nil {
		return nil, err
	}
	return readATOP(in, years)
}

func readATOP(in *input, years YearRange) (*table.Table, error) {
	fields := []field{
		{src: "ccode1", name: "ccode1", typ: table.Int, key: true, cow: true},
		{src: "ccode2", name: "ccode2", typ: table.Int, key: true, cow: true},
		{src: "year", name: "year", typ: table.Int, key: true},
	}
	for _, n := range atopObligations {
		fields = append(fields, field{src: n, name: n, typ: table.Int})
	}
	res, err := readSpec(in, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	c1, c2 := res.t.Col("ccode1").Ints, res.t.Col("ccode2").Ints
	for i := range c1 {
		if c1[i] == c2[i] {
			return nil, res.errAt(i, "ccode2", "expected two different states in a dyad, found ccode1 = ccode2 = %d", c1[i])
		}
	}
	for _, n := range atopObligations {
		c := res.t.Col(n)
		for i, v := range c.Ints {
			if c.IsMissing(i) || (v != 0 && v != 1) {
				return nil, res.errAt(i, n, "expected 0 or 1, found %s", c.Format(i))
			}
		}
	}
	t, err := sortRows(res.t, res.lines, in.name, "directed dyad-year", "ccode1", "ccode2", "year")
	if err != nil {
		return nil, err
	}
	t = finish(t, in, "directed dyad-year", res.cov)
	t.SetMeta("absent", "zero")
	return t, nil
}

// ATOPUndirected symmetrises a directed ATOP table (from ReadATOP) into one
// row per non-directed dyad-year with ccode1 < ccode2: each obligation is
// 1 when either state has it towards the other (the maximum over the two
// directions). The two directions differ in 1,300 of ATOP v5.1's directed
// rows, mostly offense and neutrality pledges made by one side only.
// Sources and meta (absent = "zero", coverage) carry over; unit becomes
// "non-directed dyad-year".
func ATOPUndirected(d *table.Table) (*table.Table, error) {
	c1, err := d.MustCol("ccode1", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: ATOPUndirected: %v", err)
	}
	c2, err := d.MustCol("ccode2", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: ATOPUndirected: %v", err)
	}
	yc, err := d.MustCol("year", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: ATOPUndirected: %v", err)
	}
	obl := make([]*table.Column, len(atopObligations))
	for k, n := range atopObligations {
		if obl[k], err = d.MustCol(n, table.Int); err != nil {
			return nil, fmt.Errorf("loaders: ATOPUndirected: %v", err)
		}
	}
	type key struct{ a, b, y int64 }
	at := make(map[key]int)
	var a, b, y []int64
	vals := make([][]int64, len(obl))
	for i := range c1.Ints {
		k := key{c1.Ints[i], c2.Ints[i], yc.Ints[i]}
		if k.a > k.b {
			k.a, k.b = k.b, k.a
		}
		r, ok := at[k]
		if !ok {
			r = len(a)
			at[k] = r
			a, b, y = append(a, k.a), append(b, k.b), append(y, k.y)
			for j := range vals {
				vals[j] = append(vals[j], 0)
			}
		}
		for j, c := range obl {
			if c.Ints[i] > vals[j][r] {
				vals[j][r] = c.Ints[i]
			}
		}
	}
	cols := []*table.Column{table.NewInt("ccode1", a), table.NewInt("ccode2", b), table.NewInt("year", y)}
	for j, n := range atopObligations {
		cols = append(cols, table.NewInt(n, vals[j]))
	}
	t, _ := sortRows(table.New(cols...), nil, "", "", "ccode1", "ccode2", "year") // unique by construction
	t.Sources = append(t.Sources, d.Sources...)
	for k, v := range d.Meta {
		t.SetMeta(k, v)
	}
	t.SetMeta("unit", "non-directed dyad-year")
	return t, nil
}
