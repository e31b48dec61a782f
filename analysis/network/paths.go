package network

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/repnet/repnet/analysis/graph"
)

// TieEpsilon is the relative tolerance within which two path lengths are
// taken to be equal: a and b tie when |a-b| < TieEpsilon·(|a|+|b|). It is
// igraph's IGRAPH_SHORTEST_PATH_EPSILON. Lengths are sums of 1/weight, and
// sums that are equal in exact arithmetic (1/2+1/2 and 1/1, or 1/3+1/3+1/3
// and 1/1) often differ in their last bits in floating point; without a
// tolerance such ties would be missed and betweenness would depend on the
// order of additions.
//
// igraph applies the tolerance to lengths offset by one (it stores d+1 so
// that 0 can mean "unreached"), which makes its tolerance absolute, about
// 2e-10, for paths much shorter than 1. repnet applies it to the lengths
// themselves, so multiplying every weight by a constant leaves betweenness
// unchanged. The two rules agree whenever distinct path lengths differ by
// more than about 1e-10·(d+1), as they do in every reference graph in
// testdata.
const TieEpsilon = 1e-10

// cmpEps compares two non-negative path lengths with relative tolerance
// TieEpsilon: -1 if a is shorter, 0 if they tie, +1 if a is longer.
func cmpEps(a, b float64) int {
	if a == b {
		return 0
	}
	d := a - b
	if math.Abs(d) < TieEpsilon*(a+b) {
		return 0
	}
	if d < 0 {
		return -1
	}
	return 1
}

// Paths holds the shortest-path measures of every node of a graph, all
// computed from one single-source search per node. See Betweenness,
// Closeness and Harmonic for their definitions.
type Paths struct {
	Betweenness []float64
	Closeness   []float64
	Harmonic    []float64
}

// pathChunks is the number of blocks the sources are divided into. Each
// block's betweenness contributions are summed into its own vector and the
// vectors are added in block order, so the floating-point result depends on
// this constant and on nothing else: not on the number of workers nor on
// which worker ran which block.
const pathChunks = 64

// ShortestPaths computes betweenness, closeness and harmonic centrality of
// every node of g in one pass of single-source searches. If weighted, the
// length of an arc is 1/weight (Dijkstra's algorithm, with ties judged by
// TieEpsilon); otherwise every arc has length 1 (breadth-first search). On a
// directed graph paths follow arc directions and closeness and harmonic
// centrality use the distances from a node to the others (igraph's
// mode="out").
//
// The searches run on up to workers goroutines (GOMAXPROCS if workers <= 0).
// The result is bit-for-bit the same for any number of workers.
func ShortestPaths(g *graph.Graph, weighted bool, workers int) Paths {
	n := g.N()
	p := Paths{
		Betweenness: make([]float64, n),
		Closeness:   make([]float64, n),
		Harmonic:    make([]float64, n),
	}
	if n == 0 {
		return p
	}
	off, nbr, w := g.CSR()
	inOff, inNbr, _ := g.InCSR()
	var length []float64
	if weighted {
		length = make([]float64, len(w))
		for k, x := range w {
			length[k] = 1 / x
		}
	}
	chunks := min(n, pathChunks)
	partial := make([][]float64, chunks)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch(n)
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				bc := make([]float64, n)
				lo, hi := c*n/chunks, (c+1)*n/chunks
				for src := lo; src < hi; src++ {
					if weighted {
						s.dijkstra(int32(src), off, nbr, length)
					} else {
						s.bfs(int32(src), off, nbr, inOff, inNbr)
					}
					p.Closeness[src], p.Harmonic[src] = s.closeness(n)
					s.accumulate(int32(src), bc)
					s.reset()
				}
				partial[c] = bc
			}
		}()
	}
	wg.Wait()
	for _, bc := range partial {
		for v, x := range bc {
			p.Betweenness[v] += x
		}
	}
	if !g.Directed() {
		// Each unordered pair was counted from both ends.
		for v := range p.Betweenness {
			p.Betweenness[v] *= 0.5
		}
	}
	return p
}

// scratch is one worker's state for single-source searches. Between
// searches every per-node entry is back at its initial value (reset only
// touches the nodes the last search reached).
type scratch struct {
	dist    []float64 // +Inf when unreached
	hops    []int32   // -1 when unreached (breadth-first search)
	sigma   []float64 // number of shortest paths from the source
	delta   []float64 // Brandes dependency
	parents [][]int32 // predecessors on shortest paths
	order   []int32   // nodes in the order they were settled
	heap    heap
}

func newScratch(n int) *scratch {
	s := &scratch{
		dist:    make([]float64, n),
		hops:    make([]int32, n),
		sigma:   make([]float64, n),
		delta:   make([]float64, n),
		parents: make([][]int32, n),
		order:   make([]int32, 0, n),
	}
	for i := range s.dist {
		s.dist[i] = math.Inf(1)
		s.hops[i] = -1
	}
	s.heap.init(n, s.dist)
	return s
}

func (s *scratch) reset() {
	for _, v := range s.order {
		s.dist[v] = math.Inf(1)
		s.hops[v] = -1
		s.sigma[v] = 0
		s.delta[v] = 0
		s.parents[v] = s.parents[v][:0]
	}
	s.order = s.order[:0]
}

// dijkstra runs igraph's single-source shortest-path search for weighted
// betweenness (igraph_i_sspf_weighted): a node reached by a path whose
// length ties the best known one (cmpEps) gains that path's predecessor
// and path count; a strictly shorter path replaces them.
func (s *scratch) dijkstra(src int32, off []int, nbr []int32, length []float64) {
	dist, sigma, parents := s.dist, s.sigma, s.parents
	dist[src] = 0
	sigma[src] = 1
	s.heap.push(src)
	for s.heap.len() > 0 {
		u := s.heap.pop()
		s.order = append(s.order, u)
		du, su := dist[u], sigma[u]
		a, b := off[u], off[u+1]
		for k, v := range nbr[a:b] {
			alt := du + length[a+k]
			dv := dist[v]
			// Fast rejection of the common case, a longer path: tieHi
			// exceeds (1+TieEpsilon)/(1-TieEpsilon), the exact bound of
			// cmpEps, by far more than rounding. Unreached nodes have
			// dv = +Inf and pass.
			if alt > dv*tieHi {
				continue
			}
			if sigma[v] == 0 {
				dist[v] = alt
				sigma[v] = su
				parents[v] = append(parents[v], u)
				s.heap.push(v)
				continue
			}
			switch cmpEps(alt, dv) {
			case -1:
				dist[v] = alt
				sigma[v] = su
				parents[v] = append(parents[v][:0], u)
				s.heap.fix(v)
			case 0:
				sigma[v] += su
				parents[v] = append(parents[v], u)
			}
		}
	}
}

// tieHi is a factor just above (1+TieEpsilon)/(1-TieEpsilon): a length
// above tieHi·d is certainly longer than d by cmpEps.
const tieHi = 1 + 2.5*TieEpsilon

// bfs is the unweighted search: every arc has length 1. Like dijkstra it
// records each node's predecessors on shortest paths.
//
// It is direction-optimising (Beamer, Asanović and Patterson 2012): a level
// is expanded top-down, scanning the arcs out of the frontier, or
// bottom-up, scanning the arcs into the nodes not yet reached, whichever
// scans fewer arcs. On the dense IGO graphs, where almost every node is
// reached in one step, bottom-up saves scanning the whole graph to find the
// few nodes two steps away. Both find every predecessor; they differ only
// in the order nodes of a level are listed, which changes the last bits of
// betweenness sums but not the result's dependence on anything but g.
func (s *scratch) bfs(src int32, off []int, nbr []int32, inOff []int, inNbr []int32) {
	hops, sigma, parents := s.hops, s.sigma, s.parents
	n := len(hops)
	hops[src] = 0
	sigma[src] = 1
	s.order = append(s.order, src)
	unreachedArcs := len(inNbr) - (inOff[src+1] - inOff[src])
	for lo, level := 0, int32(0); lo < len(s.order); level++ {
		hi := len(s.order)
		frontierArcs := 0
		for _, u := range s.order[lo:hi] {
			frontierArcs += off[u+1] - off[u]
		}
		next := level + 1
		if unreachedArcs < frontierArcs {
			// Bottom-up: each unreached node looks for parents on the
			// frontier among its in-neighbours.
			for v := 0; v < n; v++ {
				if hops[v] >= 0 {
					continue
				}
				for _, p := range inNbr[inOff[v]:inOff[v+1]] {
					if hops[p] == level {
						sigma[v] += sigma[p]
						parents[v] = append(parents[v], p)
					}
				}
				if sigma[v] > 0 {
					s.order = append(s.order, int32(v))
				}
			}
			for _, v := range s.order[hi:] {
				hops[v] = next
			}
		} else {
			for _, u := range s.order[lo:hi] {
				su := sigma[u]
				for _, v := range nbr[off[u]:off[u+1]] {
					hv := hops[v]
					if hv < 0 {
						hops[v] = next
						hv = next
						s.order = append(s.order, v)
					}
					if hv == next {
						sigma[v] += su
						parents[v] = append(parents[v], u)
					}
				}
			}
		}
		for _, v := range s.order[hi:] {
			unreachedArcs -= inOff[v+1] - inOff[v]
		}
		lo = hi
	}
	for _, v := range s.order {
		s.dist[v] = float64(hops[v])
	}
}

// closeness returns the closeness and harmonic centrality of the last
// search's source from the distances it found.
func (s *scratch) closeness(n int) (clo, har float64) {
	var sum, inv float64
	for _, v := range s.order[1:] {
		d := s.dist[v]
		sum += d
		inv += 1 / d
	}
	r := len(s.order) // nodes reached, the source included
	clo = math.NaN()
	if r > 1 {
		clo = float64(r-1) / sum
	}
	if n > 1 {
		har = inv / float64(n-1)
	}
	return clo, har
}

// accumulate adds the last search's dependencies to bc (Brandes 2001,
// with igraph's order of operations).
func (s *scratch) accumulate(src int32, bc []float64) {
	sigma, delta := s.sigma, s.delta
	for k := len(s.order) - 1; k >= 0; k-- {
		w := s.order[k]
		coeff := (1 + delta[w]) / sigma[w]
		for _, p := range s.parents[w] {
			delta[p] += sigma[p] * coeff
		}
		if w != src {
			bc[w] += delta[w]
		}
	}
}

// heap is an indexed binary min-heap of nodes keyed by key[node].
type heap struct {
	h   []int32
	pos []int32
	key []float64
}

func (h *heap) init(n int, key []float64) {
	h.h = make([]int32, 0, n)
	h.pos = make([]int32, n)
	h.key = key
}

func (h *heap) len() int { return len(h.h) }

func (h *heap) push(v int32) {
	h.pos[v] = int32(len(h.h))
	h.h = append(h.h, v)
	h.up(len(h.h) - 1)
}

func (h *heap) pop() int32 {
	top := h.h[0]
	last := len(h.h) - 1
	h.h[0] = h.h[last]
	h.pos[h.h[0]] = 0
	h.h = h.h[:last]
	if last > 0 {
		h.down(0)
	}
	return top
}

// fix restores the heap after key[v] decreased.
func (h *heap) fix(v int32) { h.up(int(h.pos[v])) }

func (h *heap) up(i int) {
	hh, key, pos := h.h, h.key, h.pos
	v := hh[i]
	kv := key[v]
	for i > 0 {
		p := (i - 1) / 2
		u := hh[p]
		if key[u] <= kv {
			break
		}
		hh[i] = u
		pos[u] = int32(i)
		i = p
	}
	hh[i] = v
	pos[v] = int32(i)
}

func (h *heap) down(i int) {
	hh, key, pos := h.h, h.key, h.pos
	n := len(hh)
	v := hh[i]
	kv := key[v]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && key[hh[c+1]] < key[hh[c]] {
			c++
		}
		u := hh[c]
		if kv <= key[u] {
			break
		}
		hh[i] = u
		pos[u] = int32(i)
		i = c
	}
	hh[i] = v
	pos[v] = int32(i)
}
