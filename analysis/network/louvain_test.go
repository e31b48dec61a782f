package network

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/community"

	"github.com/repnet/repnet/analysis/graph"
)

// gonumLouvain partitions g with gonum's community.Modularize itself.
func gonumLouvain(g *graph.Graph, resolution float64, src rand.Source) []int {
	membership := make([]int, g.N())
	for i := range membership {
		membership[i] = i
	}
	if g.NumEdges() == 0 {
		return membership
	}
	r := community.Modularize(g.UndirectedView(), resolution, src)
	for c, members := range r.Communities() {
		for _, nd := range members {
			i, _ := g.Index(nd.ID())
			membership[i] = c
		}
	}
	return Canonical(membership)
}

// TestLouvainMatchesGonum checks that Louvain's partition is gonum's, node
// for node, on every reference graph and a sparse random graph, for many
// seeds and three resolutions.
func TestLouvainMatchesGonum(t *testing.T) {
	var graphs []*graph.Graph
	var names []string
	for _, name := range refNames {
		c := loadCase(t, name)
		graphs = append(graphs, mustSym(t, c.g))
		names = append(names, name)
	}
	nodes, edges := barabasiAlbert(600, 2, 9)
	graphs = append(graphs, mustGraph(t, nodes, edges, false))
	names = append(names, "ba600")
	seeds := 4
	if testing.Short() {
		seeds = 1
	}
	for k, g := range graphs {
		for _, res := range []float64{0.5, 1, 2} {
			for seed := range uint64(seeds) {
				want := gonumLouvain(g, res, rand.NewPCG(seed, 99))
				got := Canonical(louvain(g, res, rand.NewPCG(seed, 99)))
				if !slices.Equal(got, want) {
					t.Errorf("%s, resolution %v, seed %d: partition differs from gonum's", names[k], res, seed)
				}
			}
		}
	}
}
