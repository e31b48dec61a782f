package loaders

import (
	"fmt"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// ReadGWF reads the Geddes-Wright-Frantz autocratic regimes data (as
// packaged by democracyData: gwf_all, all country-years 1946-2010, and
// gwf_autocratic, the autocratic ones with regime dates and failure
// details) into one row per state-year of gwf_all:
//
// ccode (democracyData's cown, COW's code: GWF's own gwf_cowcode gives
// West Germany 1950-1989 as 255 and unified Yemen as 678, where COW has
// 260 and 679), year, gwf_cowcode, gwf_country, gwf_casename,
// gwf_regimetype (party, military, personal, monarchy and hybrids;
// missing when not autocratic), gwf_nonautocracy (democracy, provisional,
// foreign-occupied, warlord, not-independent; missing when autocratic),
// gwf_party, gwf_military, gwf_monarchy, gwf_personal (0/1 dimensions),
// gwf_spell, gwf_duration, gwf_fail, gwf_prior, gwf_next, gwf_disagree,
// and from gwf_autocratic, joined on (cown, year) and missing for
// non-autocratic years: gwf_startdate, gwf_enddate (YYYY-MM-DD; 2010-12-31
// means ongoing), gwf_fail_subsregime, gwf_fail_type, gwf_fail_violent.
// An autocratic row without a row in gwf_all is an error.
func ReadGWF(all, autocratic Input) (*table.Table, error) {
	return readGWF(userInput(all.R, all.Name), userInput(autocratic.R, autocratic.Name), YearRange{})
}

// GWF is ReadGWF on the bundled gwf/gwf_all.csv.gz and
// gwf/gwf_autocratic.csv.gz.
func GWF() (*table.Table, error) { return loadGWF(YearRange{}) }

func loadGWF(years YearRange) (*table.Table, error) {
	all, err := bundledInput("gwf", "gwf_all.csv.gz")
	if err != nil {
		return nil, err
	}
	aut, err := bundledInput("gwf", "gwf_autocratic.csv.gz")
	if err != nil {
		return nil, err
	}
	return readGWF(all, aut, years)
}

func readGWF(all, aut *input, years YearRange) (*table.Table, error) {
	var fields []field
	fields = append(fields,
		field{src: "cown", name: "ccode", typ: table.Int, key: true},
		field{src: "year", name: "year", typ: table.Int, key: true},
		field{src: "gwf_cowcode", name: "gwf_cowcode", typ: table.Int},
		field{src: "gwf_country", name: "gwf_country", typ: table.String},
		field{src: "gwf_casename", name: "gwf_casename", typ: table.String},
		field{src: "gwf_regimetype", name: "gwf_regimetype", typ: table.String},
		field{src: "gwf_nonautocracy", name: "gwf_nonautocracy", typ: table.String},
	)
	for _, n := range []string{"gwf_party", "gwf_military", "gwf_monarchy", "gwf_personal", "gwf_spell", "gwf_duration", "gwf_fail"} {
		fields = append(fields, field{src: n, name: n, typ: table.Int})
	}
	fields = append(fields,
		field{src: "gwf_prior", name: "gwf_prior", typ: table.String},
		field{src: "gwf_next", name: "gwf_next", typ: table.String},
		field{src: "gwf_disagree", name: "gwf_disagree", typ: table.Int},
	)
	a, err := readSpec(all, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	t, err := sortRows(a.t, a.lines, all.name, "ccode-year", "ccode", "year")
	if err != nil {
		return nil, err
	}
	b, err := readSpec(aut, spec{year: "year", fields: []field{
		{src: "cown", name: "ccode", typ: table.Int, key: true},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "gwf_startdate", name: "gwf_startdate", typ: table.String},
		{src: "gwf_enddate", name: "gwf_enddate", typ: table.String},
		{src: "gwf_fail_subsregime", name: "gwf_fail_subsregime", typ: table.Int},
		{src: "gwf_fail_type", name: "gwf_fail_type", typ: table.Int},
		{src: "gwf_fail_violent", name: "gwf_fail_violent", typ: table.Int},
	}}, years)
	if err != nil {
		return nil, err
	}
	if _, err := sortRows(b.t, b.lines, aut.name, "ccode-year", "ccode", "year"); err != nil {
		return nil, err
	}
	row := make(map[[2]int64]int, t.NumRows())
	cc, yy := t.Col("ccode").Ints, t.Col("year").Ints
	for i := range cc {
		row[[2]int64{cc[i], yy[i]}] = i
	}
	bc, by := b.t.Col("ccode").Ints, b.t.Col("year").Ints
	idx := make([]int, t.NumRows()) // row of b for each row of t, or -1
	for i := range idx {
		idx[i] = -1
	}
	for j := range bc {
		i, ok := row[[2]int64{bc[j], by[j]}]
		if !ok {
			return nil, &csvx.Error{File: aut.name, Line: b.lines[j],
				Msg: fmt.Sprintf("autocratic state-year (%d, %d) has no row in %s", bc[j], by[j], all.name)}
		}
		idx[i] = j
	}
	for _, c := range b.t.Columns[2:] {
		t.Columns = append(t.Columns, joinColumn(c, idx))
	}
	t = finish(t, all, "state-year", a.cov)
	t.AddSources(aut.source())
	return t, nil
}

// joinColumn returns the rows idx of c, missing where idx is -1.
func joinColumn(c *table.Column, idx []int) *table.Column {
	if c.Len() == 0 {
		return missingColumn(c.Name, c.Type, len(idx))
	}
	safe := make([]int, len(idx))
	miss := make([]bool, len(idx))
	for i, j := range idx {
		if j < 0 {
			miss[i] = true
		} else {
			safe[i] = j
			miss[i] = c.IsMissing(j)
		}
	}
	out := c.Take(safe)
	out.Missing = nil
	for _, m := range miss {
		if m {
			return out.WithMissing(miss)
		}
	}
	return out
}

// missingColumn returns a column of n missing values.
func missingColumn(name string, typ table.Type, n int) *table.Column {
	c := &table.Column{Name: name, Type: typ}
	switch typ {
	case table.Int:
		c.Ints = make([]int64, n)
	case table.Float:
		c.Floats = make([]float64, n)
	case table.String:
		c.Strings = make([]string, n)
	case table.Bool:
		c.Bools = make([]bool, n)
	}
	miss := make([]bool, n)
	for i := range miss {
		miss[i] = true
	}
	return c.WithMissing(miss)
}
