package network

import (
	"slices"

	"github.com/repnet/repnet/analysis/graph"
)

func sortInt32(x []int32) { slices.Sort(x) }

// pattern returns g itself if it is undirected, and otherwise the
// undirected graph joining the nodes that g joins by an arc in either
// direction, every edge of weight 1: for measures that ignore weights and
// directions.
func pattern(g *graph.Graph) *graph.Graph {
	if !g.Directed() {
		return g
	}
	edges := g.Edges()
	for i := range edges {
		edges[i].Weight = 1
	}
	u, err := graph.FromEdges(g.IDs(), dedupe(edges), false)
	if err != nil {
		panic(err) // cannot happen: the edges come from a valid graph
	}
	return u
}

// dedupe removes the second of two opposite arcs (i→j and j→i), leaving
// each unordered pair once.
func dedupe(edges []graph.Edge) []graph.Edge {
	type key struct{ a, b int64 }
	seen := make(map[key]bool, len(edges))
	out := edges[:0]
	for _, e := range edges {
		k := key{min(e.From, e.To), max(e.From, e.To)}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}
