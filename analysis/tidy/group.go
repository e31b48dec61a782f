package tidy

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// keyCols returns the named columns of t, or an error naming the verb.
func keyCols(verb string, t *table.Table, names []string) ([]*table.Column, error) {
	cols := make([]*table.Column, len(names))
	seen := map[string]bool{}
	for i, n := range names {
		c := t.Col(n)
		if c == nil {
			return nil, fmt.Errorf("tidy: %s: no column %q (columns: %s)", verb, n, strings.Join(t.Names(), ", "))
		}
		if seen[n] {
			return nil, fmt.Errorf("tidy: %s: column %q named twice", verb, n)
		}
		seen[n] = true
		cols[i] = c
	}
	return cols, nil
}

// appendKey appends an encoding of row i of cols to b that is equal for
// two rows exactly when their values are equal (missing equal to missing,
// -0 equal to 0).
func appendKey(b []byte, cols []*table.Column, i int) []byte {
	for _, c := range cols {
		if c.IsMissing(i) {
			b = append(b, 0)
			continue
		}
		switch c.Type {
		case table.Int:
			b = append(b, 1)
			b = binary.BigEndian.AppendUint64(b, uint64(c.Ints[i]))
		case table.Float:
			f := c.Floats[i]
			if math.IsNaN(f) {
				b = append(b, 0)
				continue
			}
			if f == 0 {
				f = 0
			}
			b = append(b, 2)
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(f))
		case table.String:
			b = append(b, 3)
			b = binary.AppendUvarint(b, uint64(len(c.Strings[i])))
			b = append(b, c.Strings[i]...)
		case table.Bool:
			if c.Bools[i] {
				b = append(b, 5)
			} else {
				b = append(b, 4)
			}
		}
	}
	return b
}

// compareRows compares row a with row b on cols, ascending, missing last.
func compareRows(cols []*table.Column, a, b int) int {
	for _, c := range cols {
		if r := compareCell(c, a, b); r != 0 {
			return r
		}
	}
	return 0
}

func compareCell(c *table.Column, a, b int) int {
	ma, mb := isMissing(c, a), isMissing(c, b)
	switch {
	case ma && mb:
		return 0
	case ma:
		return 1
	case mb:
		return -1
	}
	switch c.Type {
	case table.Int:
		return cmpOrdered(c.Ints[a], c.Ints[b])
	case table.Float:
		return cmpOrdered(c.Floats[a], c.Floats[b])
	case table.String:
		return strings.Compare(c.Strings[a], c.Strings[b])
	case table.Bool:
		switch {
		case c.Bools[a] == c.Bools[b]:
			return 0
		case c.Bools[b]:
			return -1
		}
		return 1
	}
	return 0
}

// isMissing reports whether row i of c is missing, counting a float NaN
// as missing whatever the mask says.
func isMissing(c *table.Column, i int) bool {
	return c.IsMissing(i) || c.Type == table.Float && math.IsNaN(c.Floats[i])
}

// groups assigns each row of t to a group of equal values of cols. It
// returns, for each group in ascending key order (missing last), its rows
// in their order in t. With no columns, all rows form one group, which
// is empty when t has no rows.
func groups(cols []*table.Column, n int) [][]int {
	if len(cols) == 0 {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		return [][]int{all}
	}
	index := map[string]int{}
	var out [][]int
	var buf []byte
	for i := 0; i < n; i++ {
		buf = appendKey(buf[:0], cols, i)
		g, ok := index[string(buf)]
		if !ok {
			g = len(out)
			index[string(buf)] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], i)
	}
	sort.SliceStable(out, func(a, b int) bool { return compareRows(cols, out[a][0], out[b][0]) < 0 })
	return out
}
