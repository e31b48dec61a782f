package qap

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

// Nodes returns the distinct codes in the int columns a and b of t,
// ascending: the node order of the matrices built by Matrix.
func Nodes(t *table.Table, a, b string) ([]int64, error) {
	ca, err := t.MustCol(a, table.Int)
	if err != nil {
		return nil, fmt.Errorf("qap: %v", err)
	}
	cb, err := t.MustCol(b, table.Int)
	if err != nil {
		return nil, fmt.Errorf("qap: %v", err)
	}
	seen := map[int64]bool{}
	var out []int64
	for _, c := range []*table.Column{ca, cb} {
		for i, v := range c.Ints {
			if c.IsMissing(i) {
				return nil, fmt.Errorf("qap: column %q is missing at data row %d", c.Name, i+1)
			}
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Matrix builds the n x n matrix over nodes of the column value of a
// dyadic table t whose rows are identified by the codes in the int
// columns a (row node) and b (column node). Rows whose codes are not both
// in nodes are skipped. Cells without a row get fill (0 for a list of
// ties such as alliances; NaN, i.e. missing, when every pair should be
// listed). With symmetric, a row (a, b) also sets (b, a), and two rows
// giving a pair different values are an error. Missing values become NaN.
// The diagonal is 0.
func Matrix(t *table.Table, a, b, value string, nodes []int64, fill float64, symmetric bool) (*mat.Dense, error) {
	ca, err := t.MustCol(a, table.Int)
	if err != nil {
		return nil, fmt.Errorf("qap: %v", err)
	}
	cb, err := t.MustCol(b, table.Int)
	if err != nil {
		return nil, fmt.Errorf("qap: %v", err)
	}
	cv, err := t.MustCol(value, table.Int, table.Float, table.Bool)
	if err != nil {
		return nil, fmt.Errorf("qap: %v", err)
	}
	pos := make(map[int64]int, len(nodes))
	for i, v := range nodes {
		pos[v] = i
	}
	n := len(nodes)
	m := mat.NewDense(n, n, nil)
	set := make([]bool, n*n)
	put := func(i, j int, v float64, row int) error {
		if set[i*n+j] {
			old := m.At(i, j)
			if old == v || (math.IsNaN(old) && math.IsNaN(v)) {
				return nil
			}
			return fmt.Errorf("qap: %s: pair (%d, %d) given twice with different values (%v at data row %d)", value, nodes[i], nodes[j], v, row+1)
		}
		set[i*n+j] = true
		m.Set(i, j, v)
		return nil
	}
	for r := 0; r < t.NumRows(); r++ {
		if ca.IsMissing(r) || cb.IsMissing(r) {
			continue
		}
		i, oki := pos[ca.Ints[r]]
		j, okj := pos[cb.Ints[r]]
		if !oki || !okj || i == j {
			continue
		}
		v, ok := cv.Float64(r)
		if !ok {
			v = math.NaN()
		}
		if err := put(i, j, v, r); err != nil {
			return nil, err
		}
		if symmetric {
			if err := put(j, i, v, r); err != nil {
				return nil, err
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && !set[i*n+j] {
				m.Set(i, j, fill)
			}
		}
	}
	return m, nil
}
