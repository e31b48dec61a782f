package network

import "github.com/repnet/repnet/analysis/graph"

// Coreness returns the k-core number of every node of g: the largest k such
// that the node belongs to a subgraph in which every node has at least k
// neighbours (Seidman 1983, "Network structure and minimum degree", Social
// Networks 5(3)). Weights are ignored. On a directed graph neighbours are
// counted in either direction, each once (igraph's coreness on
// g.as_undirected(mode="collapse")); on an undirected graph this is
// python-igraph 0.10's g.coreness(). Isolates have coreness 0.
//
// The algorithm is Batagelj and Zaversnik's O(m) bucket sort (2003, "An
// O(m) algorithm for cores decomposition of networks", arXiv cs/0310049).
func Coreness(g *graph.Graph) []int {
	g = pattern(g)
	n := g.N()
	nbrs := func(i int) []int32 { a, _ := g.Out(i); return a }
	deg := make([]int, n)
	md := 0
	for i := range deg {
		deg[i] = len(nbrs(i))
		md = max(md, deg[i])
	}
	bin := make([]int, md+1)
	for _, d := range deg {
		bin[d]++
	}
	start := 0
	for d := range bin {
		num := bin[d]
		bin[d] = start
		start += num
	}
	pos := make([]int, n)
	vert := make([]int, n)
	for v, d := range deg {
		pos[v] = bin[d]
		vert[pos[v]] = v
		bin[d]++
	}
	for d := md; d > 0; d-- {
		bin[d] = bin[d-1]
	}
	if md >= 0 && len(bin) > 0 {
		bin[0] = 0
	}
	for i := 0; i < n; i++ {
		v := vert[i]
		for _, u32 := range nbrs(v) {
			u := int(u32)
			if deg[u] > deg[v] {
				du, pu := deg[u], pos[u]
				pw := bin[du]
				w := vert[pw]
				if u != w {
					pos[u], vert[pu] = pw, w
					pos[w], vert[pw] = pu, u
				}
				bin[du]++
				deg[u]--
			}
		}
	}
	return deg
}
