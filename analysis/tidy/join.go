package tidy

import (
	"fmt"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// How a join treats left rows without a match.
const (
	LeftJoin  = "left"  // keep them, with the right table's columns missing
	InnerJoin = "inner" // drop them
)

// Join joins left and right on key columns: by lists names common to both
// tables, or "lname=rname" pairs for keys named differently. how is
// LeftJoin or InnerJoin. The result has left's columns, then right's
// non-key columns, and left's rows in their order.
//
// A join never multiplies rows: two rows of right with the same key are an
// error, naming the key and both rows. Keys must have the same type on
// both sides. A missing key matches nothing. A non-key column name in both
// tables is an error (rename or select first). The result keeps left's
// metadata and both tables' sources.
func Join(left, right *table.Table, by []string, how string) (*table.Table, error) {
	if how != LeftJoin && how != InnerJoin {
		return nil, fmt.Errorf("tidy: join: how = %q: want left or inner", how)
	}
	if len(by) == 0 {
		return nil, fmt.Errorf("tidy: join: no key columns (by) given")
	}
	lnames, rnames := make([]string, len(by)), make([]string, len(by))
	for i, b := range by {
		l, r, ok := strings.Cut(b, "=")
		if !ok {
			r = l
		}
		lnames[i], rnames[i] = strings.TrimSpace(l), strings.TrimSpace(r)
	}
	lk, err := keyCols("join (left table)", left, lnames)
	if err != nil {
		return nil, err
	}
	rk, err := keyCols("join (right table)", right, rnames)
	if err != nil {
		return nil, err
	}
	for i := range lk {
		if lk[i].Type != rk[i].Type {
			return nil, fmt.Errorf("tidy: join: key %s is %s on the left but %s on the right", by[i], lk[i].Type, rk[i].Type)
		}
	}
	isKey := map[string]bool{}
	for _, n := range rnames {
		isKey[n] = true
	}
	var rcols []*table.Column
	for _, c := range right.Columns {
		if isKey[c.Name] {
			continue
		}
		if left.Col(c.Name) != nil {
			return nil, fmt.Errorf("tidy: join: both tables have a column %q: rename or drop one first", c.Name)
		}
		rcols = append(rcols, c)
	}
	index := make(map[string]int, right.NumRows())
	var buf []byte
	for i := 0; i < right.NumRows(); i++ {
		if anyMissing(rk, i) {
			continue
		}
		buf = appendKey(buf[:0], rk, i)
		if j, dup := index[string(buf)]; dup {
			return nil, fmt.Errorf("tidy: join: the right table has two rows with %s (rows %d and %d): a join must not multiply rows", describeKey(rk, i), j+1, i+1)
		}
		index[string(buf)] = i
	}
	var lrows, rrows []int
	for i := 0; i < left.NumRows(); i++ {
		j, ok := -1, false
		if !anyMissing(lk, i) {
			buf = appendKey(buf[:0], lk, i)
			j, ok = index[string(buf)]
		}
		if !ok && how == InnerJoin {
			continue
		}
		if !ok {
			j = -1
		}
		lrows = append(lrows, i)
		rrows = append(rrows, j)
	}
	cols := make([]*table.Column, 0, len(left.Columns)+len(rcols))
	for _, c := range left.Columns {
		cols = append(cols, c.Take(lrows))
	}
	for _, c := range rcols {
		cols = append(cols, takeOrMissing(c, rrows))
	}
	out := derive(left, cols)
	out.AddSources(right.Sources...)
	return out, nil
}

func anyMissing(cols []*table.Column, i int) bool {
	for _, c := range cols {
		if isMissing(c, i) {
			return true
		}
	}
	return false
}

func describeKey(cols []*table.Column, i int) string {
	parts := make([]string, len(cols))
	for k, c := range cols {
		parts[k] = c.Name + " = " + c.Format(i)
	}
	return strings.Join(parts, ", ")
}

// takeOrMissing is Column.Take with -1 meaning a missing value.
func takeOrMissing(c *table.Column, idx []int) *table.Column {
	safe := make([]int, len(idx))
	var miss []bool
	for k, i := range idx {
		if i < 0 {
			if miss == nil {
				miss = make([]bool, len(idx))
			}
			miss[k] = true
			continue
		}
		safe[k] = i
		if c.IsMissing(i) {
			if miss == nil {
				miss = make([]bool, len(idx))
			}
			miss[k] = true
		}
	}
	out := c.Take(safe)
	if miss != nil {
		out.WithMissing(miss)
	}
	return out
}
