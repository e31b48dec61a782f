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
// that 0 can mean "unreached"), which makes its tolerance nearly absolute,
// about 2e-10, for paths much shorter than 1: it then counts as ties paths
// whose lengths differ by far more than rounding, and its betweenness
// changes when every weight is multiplied by a constant (trade in dollars
// rather than millions). By default repnet applies the tolerance to the
// lengths themselves, which is scale-invariant; PathOptions.IgraphTies
// selects igraph's rule. The two agree whenever distinct path lengths differ
// by more than about 1e-10·(d+1), as in every reference graph in testdata;
// on the 20,000-node benchmark graph (integer weights 1 to 100) they differ
// on 15 nodes, by up to 1.3e-4 relative (one pair's half share).
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

// PathOptions configures ShortestPaths.
type PathOptions struct {
	// Hops makes every arc of length 1, whatever its weight
	// (breadth-first search); otherwise an arc has length 1/weight
	// (Dijkstra's algorithm).
	Hops bool
	// Workers is the number of goroutines (GOMAXPROCS if <= 0). The
	// result is bit-for-bit the same for any number.
	Workers int
	// IgraphTies judges ties between weighted path lengths as igraph 0.10
	// does, on lengths offset by one, instead of on the lengths themselves
	// (see TieEpsilon). Use it to reproduce igraph's tie decisions.
	IgraphTies bool
}

// ShortestPaths computes betweenness, closeness and harmonic centrality of
// every node of g in one pass of single-source searches (see Betweenness,
// Closeness and Harmonic, which call it with default options). On a
// directed graph paths follow arc directions and closeness and harmonic
// centrality use the distances from a node to the others (igraph's
// mode="out").
func ShortestPaths(g *graph.Graph, opts PathOptions) Paths {
	weighted, workers := !opts.Hops, opts.Workers
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
	var bk *bucketPlan
	if weighted {
		length = make([]float64, len(w))
		for k, x := range w {
			length[k] = 1 / x
		}
		if !heapOnly {
			base := 0.0
			if opts.IgraphTies {
				base = 1
			}
			bk = planBuckets(length, n, base)
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
			if opts.IgraphTies && weighted {
				s.base = 1
			}
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				bc := make([]float64, n)
				lo, hi := c*n/chunks, (c+1)*n/chunks
				for src := lo; src < hi; src++ {
					if weighted {
						if bk == nil || !s.dial(int32(src), off, nbr, length, bk) {
							s.dijkstra(int32(src), off, nbr, length)
						}
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
// searches (after reset, or after dial gives up) every per-node entry is
// back at its initial value.
type scratch struct {
	// The per-node state of the search, packed so that relaxing an arc
	// touches one cache line of the target.
	st    []nodeState
	order []int32 // nodes in the order they were settled
	pool  []link  // predecessor lists (see nodeState.head)
	heap  heap
	// buckets is dial's circular bucket array.
	buckets [][]int32
	// base is the distance given to the source: 0, or 1 to store lengths
	// offset by one and so judge ties as igraph does.
	base float64
}

type nodeState struct {
	dist  float64 // distance from the source; +Inf when unreached
	sigma float64 // number of shortest paths from the source
	delta float64 // Brandes dependency
	// head is the first entry in the pool of the node's list of
	// predecessors on shortest paths, -1 if none. Entries abandoned when a
	// shorter path is found stay in the pool until the next search.
	head int32
	done int32 // 1 once settled (dial)
}

type link struct{ node, next int32 }

var unreached = nodeState{dist: math.Inf(1), head: -1}

func newScratch(n int) *scratch {
	s := &scratch{
		st:    make([]nodeState, n),
		order: make([]int32, 0, n),
	}
	for i := range s.st {
		s.st[i] = unreached
	}
	s.heap.init(n)
	return s
}

func (s *scratch) addParent(v, u int32) {
	s.pool = append(s.pool, link{node: u, next: s.st[v].head})
	s.st[v].head = int32(len(s.pool) - 1)
}

func (s *scratch) reset() {
	if 4*len(s.order) < len(s.st) {
		for _, v := range s.order {
			s.st[v] = unreached
		}
	} else {
		// Most nodes were reached: sweep the array in order instead.
		for i := range s.st {
			s.st[i] = unreached
		}
	}
	s.order = s.order[:0]
	s.pool = s.pool[:0]
}

// dijkstra runs igraph's single-source shortest-path search for weighted
// betweenness (igraph_i_sspf_weighted): a node reached by a path whose
// length ties the best known one (cmpEps) gains that path's predecessor
// and path count; a strictly shorter path replaces them.
func (s *scratch) dijkstra(src int32, off []int, nbr []int32, length []float64) {
	st := s.st
	inf := math.Inf(1)
	st[src].dist = s.base
	st[src].sigma = 1
	s.heap.push(st, src, s.base)
	for s.heap.len() > 0 {
		u := s.heap.pop(st)
		s.order = append(s.order, u)
		du, su := st[u].dist, st[u].sigma
		a, b := off[u], off[u+1]
		for k, v := range nbr[a:b] {
			alt := du + length[a+k]
			sv := &st[v]
			dv := sv.dist
			// Fast rejection of the common case, a longer path: tieHi
			// exceeds (1+TieEpsilon)/(1-TieEpsilon), the exact bound of
			// cmpEps, by far more than rounding. Unreached nodes have
			// dv = +Inf and pass.
			if alt > dv*tieHi {
				continue
			}
			if dv == inf && sv.sigma == 0 {
				sv.dist = alt
				sv.sigma = su
				s.pool = append(s.pool, link{node: u, next: -1})
				sv.head = int32(len(s.pool) - 1)
				s.heap.push(st, v, alt)
				continue
			}
			switch cmpEps(alt, dv) {
			case -1:
				sv.dist = alt
				sv.sigma = su
				s.pool = append(s.pool, link{node: u, next: -1})
				sv.head = int32(len(s.pool) - 1)
				s.heap.decrease(st, v, alt)
			case 0:
				sv.sigma += su
				s.pool = append(s.pool, link{node: u, next: sv.head})
				sv.head = int32(len(s.pool) - 1)
			}
		}
	}
}

// heapOnly disables dial, for tests of dijkstra.
var heapOnly = false

// bucketPlan is the layout of the bucket queue used by dial.
type bucketPlan struct {
	width float64 // bucket width, just below the shortest arc length
	slots int     // number of buckets in the circular array
	limit int     // bucket steps allowed per search before giving up
}

// planBuckets returns a bucket queue layout for the arc lengths and a
// source distance of base, or nil if the lengths span more than a factor
// of 1000 (or there are none), when the binary heap is the better choice,
// or if bucket indices could grow so large that rounding might misplace a
// node.
func planBuckets(length []float64, n int, base float64) *bucketPlan {
	if len(length) == 0 {
		return nil
	}
	lo, hi := math.Inf(1), 0.0
	for _, l := range length {
		lo = min(lo, l)
		hi = max(hi, l)
	}
	if !(lo > 0) || math.IsInf(hi, 1) || hi > 1000*lo {
		return nil
	}
	// The width is a hair below the shortest arc so that an arc always
	// leads to a later bucket, whatever the rounding of the bucket index:
	// the margin, 1e-7 of a bucket, exceeds the rounding of indices below
	// 1e8 (about 1e8·2e-16).
	width := lo * (1 - 1e-7)
	plan := &bucketPlan{
		width: width,
		slots: int(hi/width) + 3,
		limit: 8 * (n + len(length)),
	}
	if base/width+float64(plan.limit) > 1e8 {
		return nil
	}
	return plan
}

// dial is dijkstra with a circular array of buckets in place of the heap
// (Dial 1969, "Algorithm 360: shortest-path forest with topological
// ordering", CACM 12(11)), which is several times faster on graphs whose
// arc lengths span a modest range, such as weights that count shared
// organizations. Because each bucket is narrower than the shortest arc, no
// node can improve another in its own bucket: the nodes of a bucket are
// final when it is reached and may be settled in any order, and every
// predecessor of a node is settled in an earlier bucket, so the settling
// order is a valid order for Brandes' accumulation. Ties and path counts
// are handled as in dijkstra. dial gives up and returns false (leaving the
// scratch to be reset) if the search steps over more than plan.limit
// buckets, which can only happen on long paths of short arcs; the caller
// then runs dijkstra on the scratch, which dial has reset. Which of the
// two ran depends only on the graph and the source.
func (s *scratch) dial(src int32, off []int, nbr []int32, length []float64, plan *bucketPlan) bool {
	st := s.st
	inf := math.Inf(1)
	if len(s.buckets) != plan.slots {
		s.buckets = make([][]int32, plan.slots)
	}
	width, slots := plan.width, plan.slots
	st[src].dist = s.base
	st[src].sigma = 1
	first := int(s.base / width)
	s.buckets[first%slots] = append(s.buckets[first%slots], src)
	pending := 1 // entries in the buckets, stale ones included
	for cur, steps := first, 0; pending > 0; cur++ {
		if steps++; steps > plan.limit {
			// Reached but unsettled nodes are not in s.order, so reset
			// everything.
			for i := range s.buckets {
				s.buckets[i] = s.buckets[i][:0]
			}
			for i := range st {
				st[i] = unreached
			}
			s.order = s.order[:0]
			s.pool = s.pool[:0]
			return false
		}
		slot := cur % slots
		list := s.buckets[slot]
		pending -= len(list)
		for _, u := range list {
			if st[u].done != 0 {
				continue // settled earlier from a lower bucket
			}
			st[u].done = 1
			s.order = append(s.order, u)
			du, su := st[u].dist, st[u].sigma
			a, b := off[u], off[u+1]
			for k, v := range nbr[a:b] {
				alt := du + length[a+k]
				sv := &st[v]
				dv := sv.dist
				if alt > dv*tieHi {
					continue
				}
				if dv == inf && sv.sigma == 0 {
					sv.dist = alt
					sv.sigma = su
					s.pool = append(s.pool, link{node: u, next: -1})
					sv.head = int32(len(s.pool) - 1)
				} else {
					switch cmpEps(alt, dv) {
					case -1:
						sv.dist = alt
						sv.sigma = su
						s.pool = append(s.pool, link{node: u, next: -1})
						sv.head = int32(len(s.pool) - 1)
					case 0:
						sv.sigma += su
						s.pool = append(s.pool, link{node: u, next: sv.head})
						sv.head = int32(len(s.pool) - 1)
						continue
					default:
						continue
					}
				}
				// v is new or improved: file it under its bucket (an
				// older entry goes stale).
				bv := int(alt/width) % slots
				s.buckets[bv] = append(s.buckets[bv], v)
				pending++
			}
		}
		s.buckets[slot] = list[:0]
	}
	return true
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
	st := s.st
	inf := math.Inf(1)
	n := len(st)
	st[src].dist = 0
	st[src].sigma = 1
	s.order = append(s.order, src)
	unreachedArcs := len(inNbr) - (inOff[src+1] - inOff[src])
	for lo, level := 0, 0.0; lo < len(s.order); level++ {
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
				if st[v].dist != inf {
					continue
				}
				for _, p := range inNbr[inOff[v]:inOff[v+1]] {
					if st[p].dist == level {
						st[v].sigma += st[p].sigma
						s.addParent(int32(v), p)
					}
				}
				if st[v].sigma > 0 {
					s.order = append(s.order, int32(v))
				}
			}
			for _, v := range s.order[hi:] {
				st[v].dist = next
			}
		} else {
			for _, u := range s.order[lo:hi] {
				su := st[u].sigma
				for _, v := range nbr[off[u]:off[u+1]] {
					hv := st[v].dist
					if hv == inf {
						st[v].dist = next
						hv = next
						s.order = append(s.order, v)
					}
					if hv == next {
						st[v].sigma += su
						s.addParent(v, u)
					}
				}
			}
		}
		for _, v := range s.order[hi:] {
			unreachedArcs -= inOff[v+1] - inOff[v]
		}
		lo = hi
	}
}

// closeness returns the closeness and harmonic centrality of the last
// search's source from the distances it found.
func (s *scratch) closeness(n int) (clo, har float64) {
	var sum, inv float64
	for _, v := range s.order[1:] {
		d := s.st[v].dist - s.base
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

// accumulate adds the last search's dependencies to bc (Brandes 2001).
func (s *scratch) accumulate(src int32, bc []float64) {
	st, pool := s.st, s.pool
	for k := len(s.order) - 1; k >= 0; k-- {
		w := s.order[k]
		coeff := (1 + st[w].delta) / st[w].sigma
		for e := st[w].head; e >= 0; e = pool[e].next {
			p := &st[pool[e].node]
			p.delta += p.sigma * coeff
		}
		if w != src {
			bc[w] += st[w].delta
		}
	}
}

// heap is an indexed 4-ary min-heap of nodes keyed by distance; a node's
// position is kept in its nodeState, for decrease-key. Keys are stored in
// the heap entries, so sifting compares neighbouring memory rather than
// chasing node indices, and the four children of an entry share a cache
// line. (A lazy-deletion heap without positions, tried on the 20,000-node
// benchmark graph, was slower: it holds about 60% more entries.)
type heap struct {
	h   []entry
	pos []int32 // position of each node in h
}

type entry struct {
	key  float64
	node int32
}

func (h *heap) init(n int) {
	h.h = make([]entry, 0, n)
	h.pos = make([]int32, n)
}

func (h *heap) len() int { return len(h.h) }

func (h *heap) push(st []nodeState, v int32, key float64) {
	h.h = append(h.h, entry{key, v})
	h.up(st, len(h.h)-1, entry{key, v})
}

func (h *heap) pop(st []nodeState) int32 {
	top := h.h[0].node
	last := len(h.h) - 1
	e := h.h[last]
	h.h = h.h[:last]
	if last > 0 {
		h.down(st, e)
	}
	return top
}

// decrease lowers the key of v, which is in the heap.
func (h *heap) decrease(st []nodeState, v int32, key float64) {
	h.up(st, int(h.pos[v]), entry{key, v})
}

// up places e at position i or above.
func (h *heap) up(st []nodeState, i int, e entry) {
	hh := h.h
	for i > 0 {
		p := (i - 1) / 4
		if hh[p].key <= e.key {
			break
		}
		hh[i] = hh[p]
		h.pos[hh[i].node] = int32(i)
		i = p
	}
	hh[i] = e
	h.pos[e.node] = int32(i)
}

// down places e, replacing the root, at the root or below.
func (h *heap) down(st []nodeState, e entry) {
	hh := h.h
	n := len(hh)
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		mk := hh[c].key
		if c+3 < n {
			// All four children exist: select the least without
			// data-dependent branches (the compiler emits conditional
			// moves), as the comparisons are unpredictable.
			k1, k2, k3 := hh[c+1].key, hh[c+2].key, hh[c+3].key
			m1, mk1 := c, mk
			if k1 < mk1 {
				m1, mk1 = c+1, k1
			}
			m2, mk2 := c+2, k2
			if k3 < mk2 {
				m2, mk2 = c+3, k3
			}
			m, mk = m1, mk1
			if mk2 < mk1 {
				m, mk = m2, mk2
			}
		} else {
			for j := c + 1; j < n; j++ {
				if hh[j].key < mk {
					m, mk = j, hh[j].key
				}
			}
		}
		if e.key <= mk {
			break
		}
		hh[i] = hh[m]
		h.pos[hh[i].node] = int32(i)
		i = m
	}
	hh[i] = e
	h.pos[e.node] = int32(i)
}
