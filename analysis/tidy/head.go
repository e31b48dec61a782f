package tidy

import (
	"fmt"

	"github.com/repnet/repnet/internal/table"
)

// Head returns the first n rows of t or, with by columns, the first n rows
// of each group of equal by values ("top n per group" after a Sort). Rows
// keep their order in t.
func Head(t *table.Table, n int, by []string) (*table.Table, error) {
	if n < 0 {
		return nil, fmt.Errorf("tidy: head: n = %d: want 0 or more", n)
	}
	keys, err := keyCols("head", t, by)
	if err != nil {
		return nil, err
	}
	var keep []int
	if len(keys) == 0 {
		for i := 0; i < t.NumRows() && i < n; i++ {
			keep = append(keep, i)
		}
		return t.Take(keep), nil
	}
	seen := map[string]int{}
	var buf []byte
	for i := 0; i < t.NumRows(); i++ {
		buf = appendKey(buf[:0], keys, i)
		if seen[string(buf)] < n {
			seen[string(buf)]++
			keep = append(keep, i)
		}
	}
	return t.Take(keep), nil
}
