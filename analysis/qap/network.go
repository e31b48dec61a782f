package qap

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/panel"
	"github.com/repnet/repnet/internal/table"
)

// Network is one network of a QAP regression, read from an edge table
// (TableNetwork) or a layer (LayerNetwork): its nodes, ascending, and its
// matrix over any list of nodes, so that every network of a regression can
// be laid over the nodes of its y.
type Network struct {
	// Nodes are the network's own nodes, ascending: the codes in an edge
	// table, or the nodes of the layer's graph that year.
	Nodes []int64
	// Matrix returns the n x n matrix of the network over nodes (n =
	// len(nodes)), in that order. Missing values are NaN; see
	// TableNetwork and LayerNetwork for what is missing and what is an
	// error.
	Matrix func(nodes []int64) (*mat.Dense, error)
}

// TableNetwork reads a network from a dyadic table t with int columns
// ccode1 and ccode2 and the numeric or bool column value. When t has an
// int year column, only the rows of year are kept (year 0 means the table
// must hold a single year). label names the table in errors. The nodes are
// the codes in ccode1 and ccode2 of the rows kept; a pair without a row is
// 0 (an edge list lists ties), a missing value is NaN. Unless directed, a
// row (a, b) also sets (b, a), and two rows giving a pair different values
// are an error (see Matrix).
func TableNetwork(t *table.Table, label, value string, year int, directed bool) (*Network, error) {
	for _, c := range []string{"ccode1", "ccode2", value} {
		if t.Col(c) == nil {
			return nil, fmt.Errorf("%s: no column %q: an edge list has columns ccode1, ccode2, %s (and optionally year); columns: %s", label, c, value, strings.Join(t.Names(), ", "))
		}
	}
	if yc := t.Col("year"); yc != nil {
		if yc.Type != table.Int {
			return nil, fmt.Errorf("%s: column year is %s, expected integers", label, yc.Type)
		}
		years := map[int64]bool{}
		for i, y := range yc.Ints {
			if !yc.IsMissing(i) {
				years[y] = true
			}
		}
		if year == 0 && len(years) > 1 {
			return nil, &YearsError{Label: label, Years: len(years)}
		}
		if year != 0 {
			t = t.Filter(func(i int) bool { return !yc.IsMissing(i) && yc.Ints[i] == int64(year) })
			if t.NumRows() == 0 {
				return nil, fmt.Errorf("%s has no rows for year %d", label, year)
			}
		}
	}
	nodes, err := Nodes(t, "ccode1", "ccode2")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", label, err)
	}
	return &Network{Nodes: nodes, Matrix: func(nodes []int64) (*mat.Dense, error) {
		m, err := Matrix(t, "ccode1", "ccode2", value, nodes, 0, !directed)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", label, err)
		}
		return m, nil
	}}, nil
}

// YearsError is TableNetwork's error for a table of several years when
// no year was chosen.
type YearsError struct {
	Label string
	Years int
}

func (e *YearsError) Error() string {
	return fmt.Sprintf("%s has %d years: choose one", e.Label, e.Years)
}

// ParseLayer parses a layer written in the compact form of package layers
// (igo,select=autocratic; atop,obligation=defense) or as in a panel spec
// (layer(igo, select=autocratic)), and normalizes it.
func ParseLayer(s string) (layers.Spec, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "layer(") {
		sp, err := panel.ParseSpec(s)
		if err != nil {
			return layers.Spec{}, err
		}
		if sp.Expr.Op != panel.OpLayer || len(sp.Names) > 0 {
			return layers.Spec{}, fmt.Errorf("qap: %q: expected a layer, layer(KIND, KEY=VALUE, ...)", s)
		}
		return panel.LayerSpec(sp.Expr.Layer)
	}
	spec, err := layers.ParseSpec(s)
	if err != nil {
		return spec, err
	}
	return spec.Normalize()
}

// LayerNetwork returns the network of the layer p in year, named label in
// errors: its nodes are the nodes of that year's graph. Laid over nodes,
// a node the graph lacks or a pair whose weight the layer does not know
// (an unrecorded trade flow) is an error, since QAP needs complete
// networks. A directed layer needs directed.
func LayerNetwork(p *layers.Panel, label string, year int, directed bool) (*Network, error) {
	if p.Directed && !directed {
		return nil, fmt.Errorf("%s is a directed layer: regress directed networks", label)
	}
	yr := p.Year(year)
	if yr == nil {
		return nil, fmt.Errorf("%s has no network in %d", label, year)
	}
	return &Network{Nodes: yr.Graph.IDs(), Matrix: func(nodes []int64) (*mat.Dense, error) {
		n := len(nodes)
		m := mat.NewDense(n, n, nil)
		for i, a := range nodes {
			for j, b := range nodes {
				if i == j {
					continue
				}
				w, ok := yr.Weight(a, b)
				if !ok {
					if _, in := yr.Graph.Index(a); !in {
						return nil, fmt.Errorf("%s: state %d is not a node in %d", label, a, year)
					}
					if _, in := yr.Graph.Index(b); !in {
						return nil, fmt.Errorf("%s: state %d is not a node in %d", label, b, year)
					}
					return nil, fmt.Errorf("%s: the tie between %d and %d is unobserved in %d; QAP needs complete networks", label, a, b, year)
				}
				if math.IsNaN(w) {
					return nil, fmt.Errorf("%s: the tie between %d and %d is missing in %d", label, a, b, year)
				}
				m.Set(i, j, w)
			}
		}
		return m, nil
	}}, nil
}

// DropIncomplete finds the nodes to leave out so that none of the
// matrices (n x n over the same nodes) has a missing (NaN) value in a cell
// QAP uses (i != j; with !directed only i > j, as Regress). While a used
// cell is missing, it drops the node in the most missing cells, the first
// in node order on a tie; so a node whose attribute is missing, and which
// is therefore missing in all its cells, goes before its partners. It
// returns the indexes of the nodes kept, ascending, and of those dropped,
// in the order dropped.
func DropIncomplete(ms []*mat.Dense, directed bool) (keep, dropped []int) {
	if len(ms) == 0 {
		return nil, nil
	}
	n, _ := ms[0].Dims()
	miss := make([]bool, n*n) // a used cell missing in some matrix
	count := make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j || !directed && i < j {
				continue
			}
			for _, m := range ms {
				if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					miss[i*n+j] = true
					count[i]++
					count[j]++
					break
				}
			}
		}
	}
	gone := make([]bool, n)
	for {
		worst := -1
		for i, c := range count {
			if !gone[i] && c > 0 && (worst < 0 || c > count[worst]) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		gone[worst] = true
		dropped = append(dropped, worst)
		for k := 0; k < n; k++ {
			if miss[worst*n+k] {
				miss[worst*n+k] = false
				count[worst]--
				count[k]--
			}
			if miss[k*n+worst] {
				miss[k*n+worst] = false
				count[worst]--
				count[k]--
			}
		}
	}
	for i := range gone {
		if !gone[i] {
			keep = append(keep, i)
		}
	}
	return keep, dropped
}

// Sub returns the submatrix of m over the rows and columns keep.
func Sub(m *mat.Dense, keep []int) *mat.Dense {
	if len(keep) == 0 {
		return &mat.Dense{}
	}
	out := mat.NewDense(len(keep), len(keep), nil)
	for a, i := range keep {
		for b, j := range keep {
			out.Set(a, b, m.At(i, j))
		}
	}
	return out
}
