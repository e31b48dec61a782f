package graph

import (
	"slices"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// UndirectedView exposes an undirected Graph through gonum's
// graph.WeightedUndirected interface. Node IDs are the Graph's identifiers
// (COW codes); iteration is in ascending ID order.
type UndirectedView struct{ g *Graph }

// DirectedView exposes a directed Graph through gonum's
// graph.WeightedDirected interface. Node IDs are the Graph's identifiers;
// iteration is in ascending ID order.
type DirectedView struct{ g *Graph }

var (
	_ gg.WeightedUndirected = UndirectedView{}
	_ gg.WeightedDirected   = DirectedView{}
)

// UndirectedView returns g as a gonum graph.WeightedUndirected. It panics if
// g is directed (use Symmetrize first).
func (g *Graph) UndirectedView() UndirectedView {
	if g.directed {
		panic("graph: UndirectedView of a directed graph")
	}
	return UndirectedView{g}
}

// DirectedView returns g as a gonum graph.WeightedDirected. It panics if g
// is undirected.
func (g *Graph) DirectedView() DirectedView {
	if !g.directed {
		panic("graph: DirectedView of an undirected graph")
	}
	return DirectedView{g}
}

// nodes iterates over node indices, reporting their identifiers, in order.
type nodes struct {
	ids []int64
	idx []int32 // nil: all of ids
	pos int
}

func (it *nodes) Len() int {
	if it.idx == nil {
		return len(it.ids) - it.pos
	}
	return len(it.idx) - it.pos
}

func (it *nodes) Next() bool {
	if it.Len() <= 0 {
		return false
	}
	it.pos++
	return true
}

func (it *nodes) Reset() { it.pos = 0 }

func (it *nodes) Node() gg.Node {
	if it.pos == 0 || it.Len() < 0 {
		return nil
	}
	if it.idx == nil {
		return simple.Node(it.ids[it.pos-1])
	}
	return simple.Node(it.ids[it.idx[it.pos-1]])
}

func node(g *Graph, id int64) gg.Node {
	if _, ok := g.Index(id); ok {
		return simple.Node(id)
	}
	return nil
}

func allNodes(g *Graph) gg.Nodes { return &nodes{ids: g.ids} }

func nbrNodes(g *Graph, id int64, in bool) gg.Nodes {
	i, ok := g.Index(id)
	if !ok {
		return gg.Empty
	}
	var nbr []int32
	if in {
		nbr, _ = g.In(i)
	} else {
		nbr, _ = g.Out(i)
	}
	if len(nbr) == 0 {
		return gg.Empty
	}
	return &nodes{ids: g.ids, idx: nbr}
}

// arcWeight returns the weight of the arc from x to y, and whether there is
// one. For x == y it returns 0 and true: a Graph has no self-loops, so a
// node's self-weight is zero, and gonum's simple graphs report the
// self-weight with true.
func arcWeight(g *Graph, xid, yid int64) (float64, bool) {
	if xid == yid {
		return 0, true
	}
	i, ok := g.Index(xid)
	if !ok {
		return 0, false
	}
	j, ok := g.Index(yid)
	if !ok {
		return 0, false
	}
	nbr, w := g.Out(i)
	if k, ok := slices.BinarySearch(nbr, int32(j)); ok {
		return w[k], true
	}
	return 0, false
}

func weightedEdge(g *Graph, uid, vid int64) gg.WeightedEdge {
	if uid == vid {
		return nil
	}
	w, ok := arcWeight(g, uid, vid)
	if !ok {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(uid), T: simple.Node(vid), W: w}
}

// Node returns the node with the given ID, or nil.
func (v UndirectedView) Node(id int64) gg.Node { return node(v.g, id) }

// Nodes returns all nodes in ascending ID order.
func (v UndirectedView) Nodes() gg.Nodes { return allNodes(v.g) }

// From returns the neighbours of id in ascending ID order.
func (v UndirectedView) From(id int64) gg.Nodes { return nbrNodes(v.g, id, false) }

// HasEdgeBetween reports whether x and y are joined.
func (v UndirectedView) HasEdgeBetween(xid, yid int64) bool {
	return weightedEdge(v.g, xid, yid) != nil
}

// Edge returns the edge from u to v, or nil.
func (v UndirectedView) Edge(uid, vid int64) gg.Edge {
	if e := weightedEdge(v.g, uid, vid); e != nil {
		return e
	}
	return nil
}

// EdgeBetween returns the edge between x and y, or nil.
func (v UndirectedView) EdgeBetween(xid, yid int64) gg.Edge { return v.Edge(xid, yid) }

// WeightedEdge returns the weighted edge from u to v, or nil.
func (v UndirectedView) WeightedEdge(uid, vid int64) gg.WeightedEdge {
	return weightedEdge(v.g, uid, vid)
}

// WeightedEdgeBetween returns the weighted edge between x and y, or nil.
func (v UndirectedView) WeightedEdgeBetween(xid, yid int64) gg.WeightedEdge {
	return weightedEdge(v.g, xid, yid)
}

// Weight returns the weight of the edge between x and y and true, or 0 and
// false if there is none. Weight(x, x) is 0 and true, as in gonum's simple
// graphs.
func (v UndirectedView) Weight(xid, yid int64) (float64, bool) { return arcWeight(v.g, xid, yid) }

// Node returns the node with the given ID, or nil.
func (v DirectedView) Node(id int64) gg.Node { return node(v.g, id) }

// Nodes returns all nodes in ascending ID order.
func (v DirectedView) Nodes() gg.Nodes { return allNodes(v.g) }

// From returns the out-neighbours of id in ascending ID order.
func (v DirectedView) From(id int64) gg.Nodes { return nbrNodes(v.g, id, false) }

// To returns the in-neighbours of id in ascending ID order.
func (v DirectedView) To(id int64) gg.Nodes { return nbrNodes(v.g, id, true) }

// HasEdgeBetween reports whether there is an arc between x and y in either
// direction.
func (v DirectedView) HasEdgeBetween(xid, yid int64) bool {
	return weightedEdge(v.g, xid, yid) != nil || weightedEdge(v.g, yid, xid) != nil
}

// HasEdgeFromTo reports whether there is an arc from u to v.
func (v DirectedView) HasEdgeFromTo(uid, vid int64) bool {
	return weightedEdge(v.g, uid, vid) != nil
}

// Edge returns the arc from u to v, or nil.
func (v DirectedView) Edge(uid, vid int64) gg.Edge {
	if e := weightedEdge(v.g, uid, vid); e != nil {
		return e
	}
	return nil
}

// WeightedEdge returns the weighted arc from u to v, or nil.
func (v DirectedView) WeightedEdge(uid, vid int64) gg.WeightedEdge {
	return weightedEdge(v.g, uid, vid)
}

// Weight returns the weight of the arc from x to y and true, or 0 and false
// if there is none. Weight(x, x) is 0 and true, as in gonum's simple graphs.
func (v DirectedView) Weight(xid, yid int64) (float64, bool) { return arcWeight(v.g, xid, yid) }
