package layers

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/repnet/repnet/analysis/backbone"
	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
)

// Panel is a layer built for a range of years: one graph per year, plus
// what is known about the pairs that are not edges.
type Panel struct {
	// Spec is the normalized spec the panel was built from.
	Spec Spec
	// Directed reports whether the graphs are directed.
	Directed bool
	// States reports whether the nodes are COW state codes (every layer
	// but a file layer with nodes = file).
	States bool
	// Labels, for a file layer whose node codes are not all integers,
	// holds the node names: node k is Labels[k], names sorted. Nil
	// otherwise.
	Labels []string
	// Years holds one entry per year built, ascending.
	Years []*Year
	// Sources lists the files read.
	Sources []table.Source
	// Meta describes the layer (its spec, weight definition, coverage) and
	// is copied into every table made from the panel.
	Meta map[string]string
	// Notes are things a user should know about the data (rows dropped
	// and why), one sentence each; commands print them on stderr.
	Notes []string
}

// Year is one year of a panel.
type Year struct {
	Year int
	// Graph holds the year's nodes and its edges of positive weight
	// (after the backbone, if any).
	Graph *graph.Graph
	// Complete is true when every pair of nodes is observed, so that a
	// pair without an edge has weight 0 (IGO co-membership, alliances,
	// contiguity, file edge lists). When false only the pairs in observed
	// have a known weight (possibly 0); any other pair is missing (trade
	// flows COW did not record, states that never voted on the same UN
	// roll call).
	Complete bool
	observed []dyad // sorted by (i, j); only when !Complete
	// Tests are the backbone's tests of this year's edges (nil without a
	// backbone).
	Tests []backbone.EdgeTest
}

// dyad is an observed pair of node indexes; for an undirected layer i <
// j.
type dyad struct{ i, j int32 }

// Weight returns the weight of the tie from node a to node b (between
// them, if the layer is undirected) in this year, by node identifier. ok is
// false when the weight is unknown: a or b is not a node this year, a ==
// b, or the pair was not observed. A pair observed without a tie, or whose
// tie the backbone dropped, has weight 0.
func (y *Year) Weight(a, b int64) (w float64, ok bool) {
	i, oka := y.Graph.Index(a)
	j, okb := y.Graph.Index(b)
	if !oka || !okb || i == j {
		return math.NaN(), false
	}
	return y.weightAt(i, j)
}

func (y *Year) weightAt(i, j int) (float64, bool) {
	if w := y.Graph.Weight(i, j); w != 0 {
		return w, true
	}
	if y.Complete {
		return 0, true
	}
	if !y.Graph.Directed() && i > j {
		i, j = j, i
	}
	if _, found := slices.BinarySearchFunc(y.observed, dyad{i: int32(i), j: int32(j)}, cmpDyad); !found {
		return math.NaN(), false
	}
	return 0, true // observed; its positive weight, if any, is in the graph
}

func cmpDyad(a, b dyad) int {
	if c := cmp.Compare(a.i, b.i); c != 0 {
		return c
	}
	return cmp.Compare(a.j, b.j)
}

// Year returns the panel's entry for year y, or nil.
func (p *Panel) Year(y int) *Year {
	k := sort.Search(len(p.Years), func(k int) bool { return p.Years[k].Year >= y })
	if k < len(p.Years) && p.Years[k].Year == y {
		return p.Years[k]
	}
	return nil
}

// Weight returns the weight between nodes a and b in year y (see
// Year.Weight); ok is false when y is not in the panel.
func (p *Panel) Weight(y int, a, b int64) (float64, bool) {
	yr := p.Year(y)
	if yr == nil {
		return math.NaN(), false
	}
	return yr.Weight(a, b)
}

// Layers returns the panel's graphs as network layers, for
// network.Compute.
func (p *Panel) Layers() []network.Layer {
	out := make([]network.Layer, len(p.Years))
	for k, y := range p.Years {
		out[k] = network.Layer{Year: y.Year, Graph: y.Graph}
	}
	return out
}

// NodeColumn is the name of the column that holds node identifiers in the
// panel's tables: ccode for states, node otherwise.
func (p *Panel) NodeColumn() string {
	if p.States {
		return "ccode"
	}
	return "node"
}

// Edges returns the panel's ties as a table with columns year, ccode1,
// ccode2 and weight (node1 and node2 instead of ccode1 and ccode2 when the
// nodes are not states; strings when the panel has Labels), one row per
// edge of positive weight, sorted by year, ccode1, ccode2. Undirected rows
// have ccode1 < ccode2; directed rows run from ccode1 to ccode2.
//
// With allDyads, every pair of nodes of every year has a row (every
// ordered pair, if directed): weight 0 for a pair observed without a tie,
// and missing for a pair whose weight is unknown (see Year.Complete).
func (p *Panel) Edges(allDyads bool) *table.Table {
	var rows int
	for _, y := range p.Years {
		if allDyads {
			n := y.Graph.N()
			if p.Directed {
				rows += n * (n - 1)
			} else {
				rows += n * (n - 1) / 2
			}
		} else {
			rows += y.Graph.NumEdges()
		}
	}
	year := make([]int64, 0, rows)
	a := make([]int64, 0, rows)
	b := make([]int64, 0, rows)
	w := make([]float64, 0, rows)
	var miss []bool
	for _, y := range p.Years {
		g := y.Graph
		if !allDyads {
			for i := 0; i < g.N(); i++ {
				nbr, ws := g.Out(i)
				for k, j := range nbr {
					if !p.Directed && int(j) < i {
						continue
					}
					year, a, b, w = append(year, int64(y.Year)), append(a, g.ID(i)), append(b, g.ID(int(j))), append(w, ws[k])
				}
			}
			continue
		}
		for i := 0; i < g.N(); i++ {
			j0 := i + 1
			if p.Directed {
				j0 = 0
			}
			for j := j0; j < g.N(); j++ {
				if j == i {
					continue
				}
				v, ok := y.weightAt(i, j)
				if !ok && miss == nil {
					miss = make([]bool, len(w), rows)
				}
				if miss != nil {
					miss = append(miss, !ok)
				}
				year, a, b, w = append(year, int64(y.Year)), append(a, g.ID(i)), append(b, g.ID(j)), append(w, v)
			}
		}
	}
	names := [2]string{"ccode1", "ccode2"}
	if !p.States {
		names = [2]string{"node1", "node2"}
	}
	wc := table.NewFloat("weight", w)
	if miss != nil {
		wc = wc.WithMissing(miss)
	}
	t := table.New(table.NewInt("year", year), p.nodeCol(names[0], a), p.nodeCol(names[1], b), wc)
	p.annotate(t)
	if allDyads {
		t.SetMeta("unit", p.unit()+" (all pairs of nodes)")
	} else {
		t.SetMeta("unit", p.unit()+" (edges of positive weight)")
	}
	return t
}

func (p *Panel) unit() string {
	if p.Directed {
		return "directed dyad-year"
	}
	return "non-directed dyad-year"
}

// nodeCol returns an int column of node identifiers, or a string column
// of their labels.
func (p *Panel) nodeCol(name string, ids []int64) *table.Column {
	if p.Labels == nil {
		return table.NewInt(name, ids)
	}
	s := make([]string, len(ids))
	for k, id := range ids {
		s[k] = p.Labels[id]
	}
	return table.NewString(name, s)
}

// Relabel adapts a node-level table made from the panel's layers (such as
// network.Compute's, whose node column is ccode) to the panel's nodes: for
// a panel whose nodes are not states the column ccode becomes node, and
// holds the node names when the panel has Labels. It also copies the
// panel's sources and meta into t. It returns t.
func (p *Panel) Relabel(t *table.Table) *table.Table {
	c := t.Col("ccode")
	if c != nil && !p.States {
		nc := p.nodeCol("node", c.Ints)
		for k, col := range t.Columns {
			if col == c {
				t.Columns[k] = nc
			}
		}
	}
	p.annotate(t)
	switch {
	case c != nil && p.States:
		t.SetMeta("unit", "state-year")
	case c != nil:
		t.SetMeta("unit", "node-year")
	case t.Col("year") != nil:
		t.SetMeta("unit", "year")
	}
	return t
}

func (p *Panel) annotate(t *table.Table) {
	t.AddSources(p.Sources...)
	for k, v := range p.Meta {
		t.SetMeta(k, v)
	}
}

// yearData is a year of a layer as a builder makes it, before the graph
// and the backbone.
type yearData struct {
	year     int
	nodes    []int64
	edges    []graph.Edge // positive weights, each pair once
	complete bool
	// observed lists, when !complete, every observed pair (by node
	// identifier) with its weight, zero weights included.
	observed []graph.Edge
}

// finish builds the panel year of d: its graph and, when !complete, the
// index of observed pairs.
func finish(d yearData, directed bool) (*Year, error) {
	g, err := graph.FromEdges(d.nodes, d.edges, directed)
	if err != nil {
		return nil, fmt.Errorf("layers: year %d: %v", d.year, err)
	}
	y := &Year{Year: d.year, Graph: g, Complete: d.complete}
	if !d.complete {
		y.observed = make([]dyad, 0, len(d.observed))
		for _, e := range d.observed {
			i, _ := g.Index(e.From)
			j, _ := g.Index(e.To)
			if !directed && i > j {
				i, j = j, i
			}
			y.observed = append(y.observed, dyad{i: int32(i), j: int32(j)})
		}
		slices.SortFunc(y.observed, cmpDyad)
	}
	return y, nil
}
