package network

import "github.com/repnet/repnet/analysis/graph"

// Hub returns Kleinberg's hub score of every node of g: the leading
// eigenvector of W Wᵀ, where W_ij is the weight of the arc from i to j,
// scaled so that its largest entry is 1 (Kleinberg 1999, "Authoritative
// sources in a hyperlinked environment", Journal of the ACM 46(5)). A good
// hub points to good authorities. This is python-igraph 0.10's
// g.hub_score(weights=w, scale=True). Nodes without out-arcs score 0. The
// computation, its accuracy and the handling of disconnected or degenerate
// spectra are as for Eigenvector, with W Wᵀ in place of W. On an undirected
// graph W Wᵀ = W², whose leading eigenvector is the eigenvector centrality
// unless the graph is bipartite.
func Hub(g *graph.Graph) []float64 {
	off, nbr, w := g.CSR()
	inOff, inNbr, _ := g.InCSR()
	return hits(g, off, nbr, w, inOff, inNbr, OutStrength(g))
}

// Authority returns Kleinberg's authority score of every node of g: the
// leading eigenvector of Wᵀ W, scaled so that its largest entry is 1. A good
// authority is pointed to by good hubs. This is python-igraph 0.10's
// g.authority_score(weights=w, scale=True). Nodes without in-arcs score 0.
// See Hub.
func Authority(g *graph.Graph) []float64 {
	off, nbr, _ := g.CSR()
	inOff, inNbr, inW := g.InCSR()
	return hits(g, inOff, inNbr, inW, off, nbr, InStrength(g))
}

// hits computes the leading eigenvector of M Mᵀ where row i of M holds the
// arcs nbr[off[i]:off[i+1]] with weights w, and rOff/rNbr is M's transpose
// pattern (the rows pointing at each target).
func hits(g *graph.Graph, off []int, nbr []int32, w []float64, rOff []int, rNbr []int32, start []float64) []float64 {
	n := g.N()
	// Nodes are in one block of M Mᵀ when they point to a common target.
	uf := newUnionFind(n)
	for t := 0; t < n; t++ {
		src := rNbr[rOff[t]:rOff[t+1]]
		for _, j := range src[min(1, len(src)):] {
			uf.union(src[0], j)
		}
	}
	blocks := uf.blocks()
	y := make([]float64, n) // scratch: Mᵀ src on the block's targets
	mul := func(block, loc []int32) func(dst, src []float64) {
		return func(dst, src []float64) {
			for a, i := range block {
				for k := off[i]; k < off[i+1]; k++ {
					y[nbr[k]] += w[k] * src[a]
				}
			}
			for a, i := range block {
				var s float64
				for k := off[i]; k < off[i+1]; k++ {
					s += w[k] * y[nbr[k]]
				}
				dst[a] = s
			}
			for _, i := range block {
				for k := off[i]; k < off[i+1]; k++ {
					y[nbr[k]] = 0
				}
			}
		}
	}
	return perron(n, blocks, mul, start)
}

// unionFind is a disjoint-set forest over node indices.
type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &unionFind{p}
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins the sets of a and b, keeping the smaller index as the root.
func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

// blocks returns the sets, each in ascending order, ordered by their
// smallest member.
func (u *unionFind) blocks() [][]int32 {
	n := len(u.parent)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = -1
	}
	var out [][]int32
	for i := 0; i < n; i++ {
		r := u.find(int32(i))
		if idx[r] < 0 {
			idx[r] = int32(len(out))
			out = append(out, nil)
		}
		out[idx[r]] = append(out[idx[r]], int32(i))
	}
	return out
}
