package backbone

import (
	"fmt"
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

// EdgeTest is the significance test of one edge.
type EdgeTest struct {
	From, To int64   // the edge; From < To if the graph is undirected
	Weight   float64 // its weight (for SDSM, the observed co-occurrence count)
	P        float64 // p-value under the null model
	Adjusted float64 // P after the multiple-testing correction
	Keep     bool    // Adjusted < alpha: the edge is in the backbone
}

// DisparityP returns the disparity filter's p-value of every edge of g, in
// the order of g.Edges() (Serrano, Boguñá and Vespignani 2009, "Extracting
// the multiscale backbone of complex weighted networks", PNAS 106(16)).
// Under the null hypothesis that a node's strength s_i is spread uniformly
// at random over its k_i edges, the probability that edge ij carries at
// least its share p_ij = w_ij/s_i is
//
//	alpha_ij = (1 - w_ij/s_i)^(k_i - 1).
//
// An edge is kept if it is significant for either of its endpoints (Serrano
// et al.: "satisfy the above criterion for at least one of the two nodes"),
// so its p-value is min(alpha_ij, alpha_ji). A node of degree 1 gives
// 0^0 = 1: its only edge is never significant from its side. On a directed
// graph the source's test uses its out-strength and out-degree and the
// target's its in-strength and in-degree. These are the conventions of the
// R package backbone's disparity() (version 2).
func DisparityP(g *graph.Graph) []EdgeTest {
	n := g.N()
	sOut := make([]float64, n)
	sIn := make([]float64, n)
	for i := 0; i < n; i++ {
		_, w := g.Out(i)
		for _, x := range w {
			sOut[i] += x
		}
		_, w = g.In(i)
		for _, x := range w {
			sIn[i] += x
		}
	}
	var tests []EdgeTest
	for i := 0; i < n; i++ {
		nbr, w := g.Out(i)
		for k, j := range nbr {
			if !g.Directed() && int(j) < i {
				continue
			}
			// Source side: out-strength and out-degree of i; target side:
			// in-strength and in-degree of j (both plain strength and
			// degree when undirected).
			a := math.Pow(1-w[k]/sOut[i], float64(g.OutDegree(i)-1))
			b := math.Pow(1-w[k]/sIn[j], float64(g.InDegree(int(j))-1))
			tests = append(tests, EdgeTest{From: g.ID(i), To: g.ID(int(j)), Weight: w[k], P: math.Min(a, b)})
		}
	}
	return tests
}

// Disparity returns the disparity-filter backbone of g: the graph on all
// of g's nodes (isolates included) with the edges of g whose p-value (see
// DisparityP), adjusted by the correction c over the g.NumEdges() tests, is
// below alpha, with their original weights; and the tests themselves. alpha
// must lie in (0, 1).
func Disparity(g *graph.Graph, alpha float64, c Correction) (*graph.Graph, []EdgeTest, error) {
	if !(alpha > 0 && alpha < 1) {
		return nil, nil, fmt.Errorf("backbone: alpha must lie between 0 and 1, got %v", alpha)
	}
	tests := DisparityP(g)
	return extract(g.IDs(), g.Directed(), tests, alpha, c)
}

// extract applies the correction, marks the kept edges and builds the
// backbone graph.
func extract(nodes []int64, directed bool, tests []EdgeTest, alpha float64, c Correction) (*graph.Graph, []EdgeTest, error) {
	p := make([]float64, len(tests))
	for i, t := range tests {
		p[i] = t.P
	}
	adj := Adjust(p, c)
	var edges []graph.Edge
	for i := range tests {
		tests[i].Adjusted = adj[i]
		tests[i].Keep = adj[i] < alpha
		if tests[i].Keep {
			edges = append(edges, graph.Edge{From: tests[i].From, To: tests[i].To, Weight: tests[i].Weight})
		}
	}
	b, err := graph.FromEdges(nodes, edges, directed)
	if err != nil {
		return nil, nil, fmt.Errorf("backbone: %v", err)
	}
	return b, tests, nil
}
