package tidy

import (
	"fmt"
	"math"

	"github.com/repnet/repnet/internal/table"
)

// PivotLonger turns the columns cols of t into rows: for each row of t and
// each of cols in turn, one row with t's other columns, the column's name
// in namesTo ("name" when empty) and its value in valuesTo ("value" when
// empty). The pivoted columns must share a type, except that ints and
// floats together become floats. Missing values stay missing.
func PivotLonger(t *table.Table, cols []string, namesTo, valuesTo string) (*table.Table, error) {
	if namesTo == "" {
		namesTo = "name"
	}
	if valuesTo == "" {
		valuesTo = "value"
	}
	if namesTo == valuesTo {
		return nil, fmt.Errorf("tidy: pivot_longer: names_to and values_to are both %q", namesTo)
	}
	pc, err := keyCols("pivot_longer", t, cols)
	if err != nil {
		return nil, err
	}
	if len(pc) == 0 {
		return nil, fmt.Errorf("tidy: pivot_longer: no columns named")
	}
	ty := pc[0].Type
	for _, c := range pc[1:] {
		switch {
		case c.Type == ty:
		case isNum(c.Type) && isNum(ty):
			ty = table.Float
		default:
			return nil, fmt.Errorf("tidy: pivot_longer: columns %q (%s) and %q (%s) cannot share one value column", pc[0].Name, pc[0].Type, c.Name, c.Type)
		}
	}
	pivoted := map[string]bool{}
	for _, c := range pc {
		pivoted[c.Name] = true
	}
	var idCols []*table.Column
	for _, c := range t.Columns {
		if pivoted[c.Name] {
			continue
		}
		if c.Name == namesTo || c.Name == valuesTo {
			return nil, fmt.Errorf("tidy: pivot_longer: the table already has a column %q", c.Name)
		}
		idCols = append(idCols, c)
	}
	n := t.NumRows()
	rows := make([]int, 0, n*len(pc))
	names := make([]string, 0, n*len(pc))
	vals := newBuilder(valuesTo, ty, n*len(pc))
	for i := 0; i < n; i++ {
		for _, c := range pc {
			rows = append(rows, i)
			names = append(names, c.Name)
			v := get(c, i)
			if ty == table.Float && c.Type == table.Int && !v.na {
				v.f = float64(v.i)
			}
			if ty == table.Float && v.na {
				v.f = math.NaN()
			}
			vals.add(v)
		}
	}
	out := make([]*table.Column, 0, len(idCols)+2)
	for _, c := range idCols {
		out = append(out, c.Take(rows))
	}
	out = append(out, table.NewString(namesTo, names), vals.column())
	return derive(t, out), nil
}
