package tidy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Sort returns t's rows sorted by the named columns, each ascending, or
// descending when prefixed with "-". Missing values go last in both
// directions. The sort is stable: rows with equal keys keep their order.
func Sort(t *table.Table, keys []string) (*table.Table, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("tidy: sort: no columns named")
	}
	cols := make([]*table.Column, len(keys))
	desc := make([]bool, len(keys))
	for i, k := range keys {
		desc[i] = strings.HasPrefix(k, "-")
		name := strings.TrimPrefix(k, "-")
		if cols[i] = t.Col(name); cols[i] == nil {
			return nil, fmt.Errorf("tidy: sort: no column %q (columns: %s)", name, strings.Join(t.Names(), ", "))
		}
	}
	idx := make([]int, t.NumRows())
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		for k, c := range cols {
			r := compareCell(c, ia, ib)
			if r == 0 {
				continue
			}
			if desc[k] && !isMissing(c, ia) && !isMissing(c, ib) {
				r = -r
			}
			return r < 0
		}
		return false
	})
	return t.Take(idx), nil
}
