package network

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/repnet/repnet/analysis/graph"
)

// deltaQTol is gonum's tolerance for a modularity gain to count as an
// improvement (community.deltaQtol).
const deltaQTol = 1e-15

// lvGraph is one level of the Louvain hierarchy: a weighted graph whose
// nodes are the communities of the level below, laid out as gonum's
// community.ReducedUndirected lays it out.
type lvGraph struct {
	edges [][]int32   // neighbours of each node, in gonum's order
	wts   [][]float64 // weight of the edge to each neighbour
	self  []float64   // weight inside the node (its self-loop)
}

// louvain returns, for every node of the undirected graph g, the index of
// its community found by the Louvain algorithm exactly as gonum's
// community.Modularize (v0.17) runs it on g.UndirectedView(): the same node
// orders, the same random draws from src, the same floating-point sums in
// the same order, and so the same partition. It is a re-implementation on
// flat arrays because gonum's version keeps edge weights in maps and takes
// about 100 ms on the 2014 IGO graph, most of the time of a panel's
// measures; TestLouvainMatchesGonum checks that both give identical
// partitions.
func louvain(g *graph.Graph, resolution float64, src rand.Source) []int {
	n := g.N()
	lv := &lvGraph{edges: make([][]int32, n), wts: make([][]float64, n), self: make([]float64, n)}
	for u := 0; u < n; u++ {
		lv.edges[u], lv.wts[u] = g.Out(u)
	}
	member := make([]int, n)
	for i := range member {
		member[i] = i
	}
	rnd := rand.New(src).IntN
	for {
		comms, changed := lv.localMoving(resolution, rnd)
		if !changed {
			return member
		}
		var communityOf []int32
		lv, communityOf = lv.reduce(comms)
		for i, c := range member {
			member[i] = int(communityOf[c])
		}
	}
}

// localMoving runs gonum's undirectedLocalMover.localMovingHeuristic on a
// level that starts with every node in its own community, and returns the
// communities and whether any node moved.
func (lv *lvGraph) localMoving(gamma float64, rnd func(int) int) ([][]int32, bool) {
	n := len(lv.self)
	weightOf := make([]float64, n) // gonum's edgeWeightOf
	var m2 float64
	for u := 0; u < n; u++ {
		w := lv.self[u]
		for _, x := range lv.wts[u] {
			w += x
		}
		weightOf[u] = w
		m2 += w
	}
	if m2 == 0 {
		return nil, false
	}
	comms := make([][]int32, n)
	membership := make([]int32, n)
	nodes := make([]int32, n)
	for i := range comms {
		comms[i] = []int32{int32(i)}
		membership[i] = int32(i)
		nodes[i] = int32(i)
	}
	row := make([]float64, n) // weights from the node being moved
	seen := make([]bool, n)   // communities already among the candidates
	var candidates []int32
	changed := false
	for {
		moved := false
		for i := range nodes[:n-1] {
			j := i + rnd(n-i)
			nodes[i], nodes[j] = nodes[j], nodes[i]
		}
		for _, id := range nodes {
			// deltaQ, as in gonum.
			aaa := lv.self[id]
			ka := weightOf[id]
			for k, v := range lv.edges[id] {
				row[v] = lv.wts[id][k]
			}
			row[id] = aaa
			candidates = candidates[:0]
			for _, v := range lv.edges[id] {
				if c := membership[v]; !seen[c] {
					seen[c] = true
					candidates = append(candidates, c)
				}
			}
			if c := membership[id]; !seen[c] {
				seen[c] = true
				candidates = append(candidates, c)
			}
			slices.Sort(candidates)
			var dQremove float64
			dQadd, dst := math.Inf(-1), int32(-1)
			srcComm, srcNode := int32(-1), -1
			for _, c := range candidates {
				seen[c] = false
				var kaC, sigmaTotC float64
				removal := false
				for j, u := range comms[c] {
					if u == id {
						srcComm, srcNode = c, j
						removal = true
					}
					kaC += row[u]
					sigmaTotC += weightOf[u]
				}
				if removal {
					dQremove = kaC - aaa - gamma*ka*(sigmaTotC-ka)/m2
				} else {
					dQ := kaC - gamma*ka*sigmaTotC/m2
					if dQ > dQadd {
						dQadd = dQ
						dst = c
					}
				}
			}
			for _, v := range lv.edges[id] {
				row[v] = 0
			}
			row[id] = 0
			if dQ := 2 * (dQadd - dQremove) / m2; dQ <= deltaQTol {
				continue
			}
			// move, as in gonum: append to the destination, swap-remove
			// from the source.
			moved, changed = true, true
			membership[id] = dst
			comms[dst] = append(comms[dst], id)
			sc := comms[srcComm]
			last := len(sc) - 1
			sc[srcNode] = sc[last]
			comms[srcComm] = sc[:last]
		}
		if !moved {
			return comms, changed
		}
	}
}

// reduce builds the next level from the communities of this one, as
// gonum's reduceUndirected does, and returns it with the community of each
// node of this level.
func (lv *lvGraph) reduce(comms [][]int32) (*lvGraph, []int32) {
	// Remove empty communities destructively, moving the last into the gap.
	for i := 0; i < len(comms); {
		if len(comms[i]) == 0 {
			last := len(comms) - 1
			comms[i] = comms[last]
			comms[last] = nil
			comms = comms[:last]
		} else {
			i++
		}
	}
	n, nc := len(lv.self), len(comms)
	communityOf := make([]int32, n)
	for c, members := range comms {
		for _, u := range members {
			communityOf[u] = int32(c)
		}
	}
	next := &lvGraph{edges: make([][]int32, nc), wts: make([][]float64, nc), self: make([]float64, nc)}
	row := make([]float64, n)
	acc := make([]float64, nc)
	inOut := make([]bool, nc)
	pair := make(map[[2]int32]float64)
	for c, members := range comms {
		uc := int32(c)
		var out []int32
		for i, u := range members {
			next.self[c] += lv.self[u]
			for k, v := range lv.edges[u] {
				row[v] = lv.wts[u][k]
			}
			for _, v := range members[i+1:] {
				next.self[c] += 2 * row[v]
			}
			for _, v := range lv.edges[u] {
				row[v] = 0
			}
			for k, v := range lv.edges[u] {
				vc := communityOf[v]
				if !inOut[vc] && vc != uc {
					inOut[vc] = true
					out = append(out, vc)
				}
				if uc < vc {
					acc[vc] += lv.wts[u][k]
				}
			}
		}
		for _, vc := range out {
			inOut[vc] = false
			if uc < vc {
				pair[[2]int32{uc, vc}] = acc[vc]
				acc[vc] = 0
			}
		}
		next.edges[c] = out
	}
	for c, out := range next.edges {
		w := make([]float64, len(out))
		for k, vc := range out {
			w[k] = pair[[2]int32{min(int32(c), vc), max(int32(c), vc)}]
		}
		next.wts[c] = w
	}
	return next, communityOf
}
