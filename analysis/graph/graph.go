package graph

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Edge is an edge between the nodes with identifiers From and To. In an
// undirected graph the order of From and To does not matter.
type Edge struct {
	From, To int64
	Weight   float64
}

// Graph is a compact, immutable weighted graph. The zero value is an empty
// undirected graph.
type Graph struct {
	ids      []int64 // ascending
	directed bool
	m        int // number of edges; an undirected edge counts once

	// Out-arcs in CSR form: node i's neighbours are nbr[off[i]:off[i+1]], in
	// ascending order, with weights w at the same positions. For an
	// undirected graph these hold every neighbour.
	off []int
	nbr []int32
	w   []float64

	// In-arcs of a directed graph; for an undirected graph they alias the
	// out-arcs.
	inOff []int
	inNbr []int32
	inW   []float64
}

// FromEdges returns the graph on nodes with the given edges. The nodes may
// be given in any order; the graph holds them in ascending order. It is an
// error for a node to be listed twice, for an edge to name a node not in
// nodes, to join a node to itself, to have a weight that is negative, NaN
// or infinite, or to repeat a pair of nodes already joined (in either
// order, for an undirected graph; use FromEdgesSum to add such weights).
// Edges of weight zero are left out. Errors name the offending edge by its
// 0-based position in edges.
func FromEdges(nodes []int64, edges []Edge, directed bool) (*Graph, error) {
	return build(nodes, edges, directed, false)
}

// FromEdgesSum is FromEdges except that repeated edges between the same
// pair of nodes (in either order, for an undirected graph) are merged into
// one whose weight is the sum of theirs. Sums are formed in the order the
// edges are given.
func FromEdgesSum(nodes []int64, edges []Edge, directed bool) (*Graph, error) {
	return build(nodes, edges, directed, true)
}

type arc struct {
	u, v int32
	w    float64
	pos  int // position in the input, for error messages and stable sums
}

func build(nodes []int64, edges []Edge, directed, sum bool) (*Graph, error) {
	if len(nodes) > math.MaxInt32 {
		return nil, fmt.Errorf("graph: %d nodes is more than %d", len(nodes), math.MaxInt32)
	}
	ids := slices.Clone(nodes)
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return nil, fmt.Errorf("graph: node %d is listed twice", ids[i])
		}
	}
	g := &Graph{ids: ids, directed: directed}
	index := func(id int64) (int32, bool) {
		i, ok := slices.BinarySearch(ids, id)
		return int32(i), ok
	}
	arcs := make([]arc, 0, len(edges))
	for k, e := range edges {
		u, ok := index(e.From)
		if !ok {
			return nil, fmt.Errorf("graph: edge %d (%d-%d): node %d is not in the node list", k, e.From, e.To, e.From)
		}
		v, ok := index(e.To)
		if !ok {
			return nil, fmt.Errorf("graph: edge %d (%d-%d): node %d is not in the node list", k, e.From, e.To, e.To)
		}
		if u == v {
			return nil, fmt.Errorf("graph: edge %d (%d-%d): self-loops are not allowed", k, e.From, e.To)
		}
		if math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) || e.Weight < 0 {
			return nil, fmt.Errorf("graph: edge %d (%d-%d): weight %v is not a finite non-negative number", k, e.From, e.To, e.Weight)
		}
		if !directed && u > v {
			u, v = v, u
		}
		arcs = append(arcs, arc{u: u, v: v, w: e.Weight, pos: k})
	}
	slices.SortFunc(arcs, func(a, b arc) int {
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	// Merge or reject duplicates, then drop zero weights.
	out := arcs[:0]
	for i := 0; i < len(arcs); {
		a := arcs[i]
		j := i + 1
		for ; j < len(arcs) && arcs[j].u == a.u && arcs[j].v == a.v; j++ {
			if !sum {
				e, f := edges[a.pos], edges[arcs[j].pos]
				return nil, fmt.Errorf("graph: edges %d (%d-%d) and %d (%d-%d) join the same nodes", a.pos, e.From, e.To, arcs[j].pos, f.From, f.To)
			}
			a.w += arcs[j].w
		}
		if math.IsInf(a.w, 0) {
			return nil, fmt.Errorf("graph: edges between %d and %d sum to an infinite weight", ids[a.u], ids[a.v])
		}
		if a.w != 0 {
			out = append(out, a)
		}
		i = j
	}
	arcs = out
	g.m = len(arcs)
	n := len(ids)
	if directed {
		g.off, g.nbr, g.w = csr(n, arcs, false)
		g.inOff, g.inNbr, g.inW = csr(n, arcs, true)
	} else {
		// Store both directions.
		both := make([]arc, 0, 2*len(arcs))
		for _, a := range arcs {
			both = append(both, a, arc{u: a.v, v: a.u, w: a.w})
		}
		g.off, g.nbr, g.w = csr(n, both, false)
		g.inOff, g.inNbr, g.inW = g.off, g.nbr, g.w
	}
	return g, nil
}

// csr lays arcs out by source (or by target, if reverse), each row sorted
// by neighbour index.
func csr(n int, arcs []arc, reverse bool) (off []int, nbr []int32, w []float64) {
	off = make([]int, n+1)
	for _, a := range arcs {
		s := a.u
		if reverse {
			s = a.v
		}
		off[s+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	nbr = make([]int32, len(arcs))
	w = make([]float64, len(arcs))
	next := slices.Clone(off[:n])
	for _, a := range arcs {
		s, t := a.u, a.v
		if reverse {
			s, t = t, s
		}
		nbr[next[s]] = t
		w[next[s]] = a.w
		next[s]++
	}
	for i := 0; i < n; i++ {
		row := nbr[off[i]:off[i+1]]
		if !slices.IsSorted(row) {
			rw := w[off[i]:off[i+1]]
			idx := make([]int, len(row))
			for k := range idx {
				idx[k] = k
			}
			slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(row[a], row[b]) })
			r2 := make([]int32, len(row))
			w2 := make([]float64, len(row))
			for k, j := range idx {
				r2[k], w2[k] = row[j], rw[j]
			}
			copy(row, r2)
			copy(rw, w2)
		}
	}
	return off, nbr, w
}

// N returns the number of nodes.
func (g *Graph) N() int { return len(g.ids) }

// NumEdges returns the number of edges; an undirected edge counts once.
func (g *Graph) NumEdges() int { return g.m }

// Directed reports whether g is directed.
func (g *Graph) Directed() bool { return g.directed }

// ID returns the identifier of node i.
func (g *Graph) ID(i int) int64 { return g.ids[i] }

// IDs returns a copy of the node identifiers in ascending order.
func (g *Graph) IDs() []int64 { return slices.Clone(g.ids) }

// Index returns the position of the node with identifier id, and false if
// there is none.
func (g *Graph) Index(id int64) (int, bool) {
	return slices.BinarySearch(g.ids, id)
}

// Out returns the out-neighbours of node i (all neighbours, if g is
// undirected) in ascending order, and the weights of the arcs to them. The
// slices belong to g and must not be modified.
func (g *Graph) Out(i int) (nbr []int32, w []float64) {
	a, b := g.off[i], g.off[i+1]
	return g.nbr[a:b:b], g.w[a:b:b]
}

// In returns the in-neighbours of node i (all neighbours, if g is
// undirected) in ascending order, and the weights of the arcs from them. The
// slices belong to g and must not be modified.
func (g *Graph) In(i int) (nbr []int32, w []float64) {
	a, b := g.inOff[i], g.inOff[i+1]
	return g.inNbr[a:b:b], g.inW[a:b:b]
}

// OutDegree returns the number of out-neighbours of node i (neighbours, if
// g is undirected).
func (g *Graph) OutDegree(i int) int { return g.off[i+1] - g.off[i] }

// InDegree returns the number of in-neighbours of node i (neighbours, if g
// is undirected).
func (g *Graph) InDegree(i int) int { return g.inOff[i+1] - g.inOff[i] }

// NumArcs returns the length of the CSR arrays: twice the number of edges
// for an undirected graph, the number of arcs for a directed one.
func (g *Graph) NumArcs() int { return len(g.nbr) }

// CSR returns g's out-adjacency arrays: node i's out-neighbours (all
// neighbours, if g is undirected) are nbr[off[i]:off[i+1]] with weights
// w[off[i]:off[i+1]]. The slices belong to g and must not be modified.
func (g *Graph) CSR() (off []int, nbr []int32, w []float64) { return g.off, g.nbr, g.w }

// InCSR returns g's in-adjacency arrays, laid out as CSR's. For an
// undirected graph they are the same arrays as CSR's.
func (g *Graph) InCSR() (off []int, nbr []int32, w []float64) { return g.inOff, g.inNbr, g.inW }

// Weight returns the weight of the arc from node i to node j (of the edge
// between them, if g is undirected), or 0 if there is none.
func (g *Graph) Weight(i, j int) float64 {
	nbr, w := g.Out(i)
	if k, ok := slices.BinarySearch(nbr, int32(j)); ok {
		return w[k]
	}
	return 0
}

// Edges returns g's edges ordered by (From, To), with From < To when g is
// undirected.
func (g *Graph) Edges() []Edge {
	out := make([]Edge, 0, g.m)
	for i := range g.ids {
		nbr, w := g.Out(i)
		for k, j := range nbr {
			if !g.directed && int(j) < i {
				continue
			}
			out = append(out, Edge{From: g.ids[i], To: g.ids[j], Weight: w[k]})
		}
	}
	return out
}

// Symmetrize returns the undirected graph on g's nodes in which i and j are
// joined when g has an arc between them in either direction, with weight
// w(i,j) + w(j,i). An undirected g is returned as is. The only possible
// error is a sum of two weights that overflows to infinity.
func (g *Graph) Symmetrize() (*Graph, error) {
	if !g.directed {
		return g, nil
	}
	return FromEdgesSum(g.ids, g.Edges(), false)
}
