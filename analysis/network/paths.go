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
						s.bfs(int32(src), off, nbr)
					}
					p.Closeness[src], p.Harmonic[src] = s.closeness(n)
					if weighted {
						s.accumulate(int32(src), bc)
					} else {
						s.accumulateHops(int32(src), bc, g)
					}
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
	parents [][]int32 // predecessors on shortest paths (Dijkstra)
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
			if sigma[v] == 0 {
				dist[v] = alt
				sigma[v] = su
				parents[v] = append(parents[v], u)
				s.heap.push(v)
				continue
			}
			switch cmpEps(alt, dist[v]) {
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

// bfs is the unweighted search: every arc has length 1.
func (s *scratch) bfs(src int32, off []int, nbr []int32) {
	hops, sigma := s.hops, s.sigma
	hops[src] = 0
	sigma[src] = 1
	s.order = append(s.order, src)
	for q := 0; q < len(s.order); q++ {
		u := s.order[q]
		hu, su := hops[u]+1, sigma[u]
		for _, v := range nbr[off[u]:off[u+1]] {
			if hops[v] < 0 {
				hops[v] = hu
				s.order = append(s.order, v)
			}
			if hops[v] == hu {
				sigma[v] += su
			}
		}
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

// accumulate adds the last weighted search's dependencies to bc (Brandes
// 2001, with igraph's order of operations).
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

// accumulateHops is accumulate for breadth-first search, where the
// predecessors of w are its in-neighbours one hop closer to the source.
func (s *scratch) accumulateHops(src int32, bc []float64, g *graph.Graph) {
	sigma, delta, hops := s.sigma, s.delta, s.hops
	inOff, inNbr, _ := g.InCSR()
	for k := len(s.order) - 1; k >= 0; k-- {
		w := s.order[k]
		coeff := (1 + delta[w]) / sigma[w]
		hw := hops[w] - 1
		for _, p := range inNbr[inOff[w]:inOff[w+1]] {
			if hops[p] == hw {
				delta[p] += sigma[p] * coeff
			}
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
