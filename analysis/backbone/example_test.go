package backbone_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/backbone"
	"github.com/repnet/repnet/analysis/graph"
)

// The example of the R package backbone's disparity() help page: a clique
// of weak ties (nodes 1-5) and one of strong ties (6-10), each with a hub
// joined to the other's. A global threshold keeps only the strong clique;
// the disparity filter keeps each hub's star in both.
func ExampleDisparity() {
	var edges []graph.Edge
	for _, c := range []struct {
		hub, first int64
		spoke, rim float64
	}{{1, 2, 10, 1}, {6, 7, 100, 10}} {
		for i := c.first; i < c.first+4; i++ {
			edges = append(edges, graph.Edge{From: c.hub, To: i, Weight: c.spoke})
			for j := i + 1; j < c.first+4; j++ {
				edges = append(edges, graph.Edge{From: i, To: j, Weight: c.rim})
			}
		}
	}
	edges = append(edges, graph.Edge{From: 1, To: 6, Weight: 75})
	g, err := graph.FromEdges([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, edges, false)
	if err != nil {
		panic(err)
	}
	bb, tests, err := backbone.Disparity(g, 0.05, backbone.BenjaminiHochberg)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(tests), "edges tested,", bb.NumEdges(), "kept:")
	for _, e := range bb.Edges() {
		fmt.Printf("%d-%d ", e.From, e.To)
	}
	fmt.Println()
	// Output:
	// 21 edges tested, 9 kept:
	// 1-2 1-3 1-4 1-5 1-6 6-7 6-8 6-9 6-10
}
