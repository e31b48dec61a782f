package network

import (
	"errors"
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

// Eigenvector returns the weighted eigenvector centrality of every node of
// the undirected graph g: the leading eigenvector x of the weighted
// adjacency matrix W,
//
//	λ x_i = Σ_j w_ij x_j,
//
// scaled so that its largest entry is 1 (Bonacich 1972, "Factoring and
// weighting approaches to status scores and clique identification", Journal
// of Mathematical Sociology 2(1)). This is python-igraph 0.10's
// g.eigenvector_centrality(weights=w, scale=True).
//
// On a disconnected graph the leading eigenvector lives on the component
// with the largest leading eigenvalue; every other node scores 0 (exactly 0
// here, where igraph's ARPACK leaves rounding noise of order 1e-16). If
// several components share the largest eigenvalue (to a relative 1e-10) the
// eigenvector is not unique; repnet then scales each such component's
// vector to a maximum of 1, where igraph's choice is arbitrary. A graph
// without edges scores 1 everywhere, as in igraph.
//
// The eigenvector of each component is computed by the Lanczos method (see
// leadingEigen) to a residual of 1e-13·λ; its entries are accurate to about
// 1e-13·λ/gap, where gap is the distance from λ to the component's second
// eigenvalue. The entry of largest magnitude is made positive (by
// Perron-Frobenius all entries then are). Eigenvector returns an error for a
// directed graph; use Hub, Authority or PageRank there.
func Eigenvector(g *graph.Graph) ([]float64, error) {
	if g.Directed() {
		return nil, errors.New("network: eigenvector centrality is defined here for undirected graphs only")
	}
	off, nbr, w := g.CSR()
	mul := func(block []int32, loc []int32) func(dst, src []float64) {
		return func(dst, src []float64) {
			for a, i := range block {
				var s float64
				for k := off[i]; k < off[i+1]; k++ {
					s += w[k] * src[loc[nbr[k]]]
				}
				dst[a] = s
			}
		}
	}
	return perron(g.N(), components(g), mul, Strength(g)), nil
}

// perron computes the leading eigenvector of a symmetric non-negative
// matrix whose support graph has the given connected components (blocks),
// block by block; mul(block, loc) returns the matrix restricted to a block
// acting on vectors indexed by position in the block (loc maps a node to
// its position). start gives a positive starting value for every node of a
// block of two or more nodes. Blocks whose leading eigenvalue is below the
// largest (by more than a relative 1e-10) get 0; the others are scaled to a
// maximum of 1. If every eigenvalue is 0 every node gets 1.
func perron(n int, blocks [][]int32, mul func(block, loc []int32) func(dst, src []float64), start []float64) []float64 {
	x := make([]float64, n)
	loc := make([]int32, n)
	lambda := make([]float64, len(blocks))
	vecs := make([][]float64, len(blocks))
	for b, block := range blocks {
		for a, i := range block {
			loc[i] = int32(a)
		}
		s := make([]float64, len(block))
		for a, i := range block {
			s[a] = start[i]
		}
		lambda[b], vecs[b] = leadingEigen(len(block), mul(block, loc), s)
	}
	var top float64
	for _, l := range lambda {
		top = max(top, l)
	}
	for b, block := range blocks {
		if top == 0 {
			for _, i := range block {
				x[i] = 1
			}
			continue
		}
		if lambda[b] < top*(1-1e-10) {
			continue // stays 0
		}
		v := vecs[b]
		big := 0
		for a := range v {
			if math.Abs(v[a]) > math.Abs(v[big]) {
				big = a
			}
		}
		scale := 1 / v[big]
		for a, i := range block {
			x[i] = v[a] * scale
		}
	}
	return x
}

// components returns the weakly connected components of g, each a list of
// node indices in ascending order, ordered by their smallest node.
func components(g *graph.Graph) [][]int32 {
	n := g.N()
	label := make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	var comps [][]int32
	var stack []int32
	for s := 0; s < n; s++ {
		if label[s] >= 0 {
			continue
		}
		c := int32(len(comps))
		label[s] = c
		members := []int32{int32(s)}
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out, _ := g.Out(int(u))
			in, _ := g.In(int(u))
			for _, nb := range [2][]int32{out, in} {
				for _, v := range nb {
					if label[v] < 0 {
						label[v] = c
						members = append(members, v)
						stack = append(stack, v)
					}
				}
			}
		}
		sortInt32(members)
		comps = append(comps, members)
	}
	return comps
}
