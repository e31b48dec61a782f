package tidy

import (
	"fmt"

	"github.com/repnet/repnet/internal/table"
)

// BindRows stacks the rows of tables, in order. Columns are matched by
// name: the result has the first table's columns, then any new ones in
// order of appearance; a table without a column gets missing values in
// it. A column must have one type in every table, except that ints and
// floats together become floats. The result keeps the first table's
// metadata and every table's sources.
func BindRows(tables ...*table.Table) (*table.Table, error) {
	if len(tables) == 0 {
		return nil, fmt.Errorf("tidy: bind_rows: no tables")
	}
	var names []string
	types := map[string]table.Type{}
	for k, t := range tables {
		for _, c := range t.Columns {
			ty, seen := types[c.Name]
			switch {
			case !seen:
				names = append(names, c.Name)
				types[c.Name] = c.Type
			case ty == c.Type:
			case isNum(ty) && isNum(c.Type):
				types[c.Name] = table.Float
			default:
				return nil, fmt.Errorf("tidy: bind_rows: column %q is %s in an earlier table but %s in table %d", c.Name, ty, c.Type, k+1)
			}
		}
	}
	total := 0
	for _, t := range tables {
		total += t.NumRows()
	}
	cols := make([]*table.Column, len(names))
	for j, name := range names {
		ty := types[name]
		b := newBuilder(name, ty, total)
		for _, t := range tables {
			c := t.Col(name)
			for i := 0; i < t.NumRows(); i++ {
				if c == nil {
					b.add(value{na: true})
					continue
				}
				v := get(c, i)
				if ty == table.Float && c.Type == table.Int && !v.na {
					v.f = float64(v.i)
				}
				b.add(v)
			}
		}
		cols[j] = b.column()
	}
	out := derive(tables[0], cols)
	for _, t := range tables[1:] {
		out.AddSources(t.Sources...)
	}
	return out, nil
}
