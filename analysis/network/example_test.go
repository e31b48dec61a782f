package network_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/analysis/network"
)

// Five states; weights count the organizations two states share.
func exampleGraph() *graph.Graph {
	g, err := graph.FromEdges([]int64{2, 20, 200, 365, 710}, []graph.Edge{
		{From: 2, To: 20, Weight: 72},
		{From: 2, To: 200, Weight: 60},
		{From: 20, To: 200, Weight: 58},
		{From: 200, To: 365, Weight: 50},
		{From: 365, To: 710, Weight: 55},
	}, false)
	if err != nil {
		panic(err)
	}
	return g
}

func ExampleBetweenness() {
	g := exampleGraph()
	for i, b := range network.Betweenness(g) {
		fmt.Printf("%d %.1f\n", g.ID(i), b)
	}
	// Output:
	// 2 0.0
	// 20 0.0
	// 200 4.0
	// 365 3.0
	// 710 0.0
}

func ExampleLouvain() {
	g := exampleGraph()
	p, err := network.Louvain(g, 1, rand.NewPCG(1, 2014))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Membership, p.Communities)
	// Output:
	// [0 0 0 1 1] 2
}

func ExampleCompute() {
	layers := []network.Layer{{Year: 2014, Graph: exampleGraph()}}
	nodes, graphs, err := network.Compute(layers, []network.Measure{network.MDegree, network.MCloseness}, network.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(nodes.Names())
	c := nodes.Col("closeness")
	fmt.Printf("%.4f\n", c.Floats[0])
	fmt.Println(graphs.Names())
	// Output:
	// [year ccode degree closeness]
	// 32.7679
	// [year nodes edges density mean_degree transitivity assortativity_degree components]
}
