package network

import (
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

// Damping is the PageRank damping factor used by PageRank: the probability
// that the random surfer follows an arc rather than jumping.
const Damping = 0.85

// PageRank returns the weighted PageRank of every node of g with damping
// factor Damping (0.85): the stationary distribution of a walk that with
// probability 0.85 follows an arc out of the current node, chosen with
// probability proportional to its weight, and otherwise jumps to a node
// chosen uniformly at random,
//
//	PR_j = (1-d)/n + d Σ_{i→j} PR_i w_ij / s_i + d/n Σ_{i dangling} PR_i,
//
// where s_i is the out-strength of i (its strength, if g is undirected) and
// a dangling node, one without out-arcs, jumps uniformly to every node,
// itself included, as igraph's PRPACK solver does (Brin and Page 1998,
// "The anatomy of a large-scale hypertextual Web search engine", Computer
// Networks 30). The scores sum to 1. An undirected edge can be walked both
// ways. This is python-igraph 0.10's g.pagerank(weights=w) (directed=True
// on directed graphs).
//
// The equation is solved by power iteration from the uniform vector, which
// is deterministic, until successive iterates differ by less than 1e-15 in
// L1 norm (or after 10,000 iterations); the L1 error is then below about
// 6e-15, against igraph's tolerance of 1e-10. A graph without nodes returns
// an empty slice.
func PageRank(g *graph.Graph) []float64 {
	return pagerank(g, Damping, 1e-15, 10000)
}

func pagerank(g *graph.Graph, d, tol float64, maxIter int) []float64 {
	n := g.N()
	if n == 0 {
		return nil
	}
	s := OutStrength(g)
	inOff, inNbr, inW := g.InCSR()
	x := make([]float64, n)
	y := make([]float64, n)
	z := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	fn := float64(n)
	for it := 0; it < maxIter; it++ {
		var dangling float64
		for i, si := range s {
			if si == 0 {
				dangling += x[i]
				z[i] = 0
			} else {
				z[i] = x[i] / si
			}
		}
		base := (1-d)/fn + d*dangling/fn
		var diff float64
		for j := 0; j < n; j++ {
			var acc float64
			for k := inOff[j]; k < inOff[j+1]; k++ {
				acc += inW[k] * z[inNbr[k]]
			}
			y[j] = base + d*acc
			diff += math.Abs(y[j] - x[j])
		}
		x, y = y, x
		if diff < tol {
			break
		}
	}
	// Remove the rounding drift of the sum.
	var total float64
	for _, v := range x {
		total += v
	}
	for i := range x {
		x[i] /= total
	}
	return x
}
