package layers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// dyadic builds a layer from a dyad-year table keyed by ccode1, ccode2 and
// year (alliances, trade, contiguity): the nodes of a year are the states
// in the COW system, and each row of the year gives its ties through emit.
type dyadic struct {
	kind        string
	sys         *loaders.System
	srcs        []table.Source
	first, last int
	dir         bool
	complete    bool
	c1, c2      []int64
	rows        map[int][]int // year -> row indexes
	meta        map[string]string
	// emit reports the ties of row i: add(from, to, w, known) for each;
	// an unknown tie leaves the pair unobserved.
	emit func(i int, add func(from, to int64, w float64, known bool))

	mu      sync.Mutex
	outside map[int64]int // ccode -> rows naming it in a year it is outside the system
}

// newDyadic indexes t (columns ccode1, ccode2, year) by year.
func newDyadic(kind string, t *table.Table, sys *loaders.System) (*dyadic, error) {
	first, last, err := metaCoverage(t)
	if err != nil {
		return nil, fmt.Errorf("layers: %s layer: %v", kind, err)
	}
	b := &dyadic{kind: kind, sys: sys, first: max(first, sys.First), last: min(last, sys.Last),
		c1: t.Col("ccode1").Ints, c2: t.Col("ccode2").Ints, rows: map[int][]int{}, meta: map[string]string{},
		outside: map[int64]int{}}
	b.srcs = append(append(b.srcs, t.Sources...), sys.Source)
	for i, y := range t.Col("year").Ints {
		b.rows[int(y)] = append(b.rows[int(y)], i)
	}
	return b, nil
}

// metaCoverage reads a loader table's coverage meta, "FIRST-LAST".
func metaCoverage(t *table.Table) (first, last int, err error) {
	a, b, ok := strings.Cut(t.Meta["coverage"], "-")
	first, err1 := strconv.Atoi(a)
	last, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("the source table has no coverage (%q)", t.Meta["coverage"])
	}
	return first, last, nil
}

func (b *dyadic) years(r loaders.YearRange) ([]int, error) {
	return coverage("the "+b.kind+" layer (with the COW state system)", b.first, b.last, r)
}

func (b *dyadic) directed() bool          { return b.dir }
func (b *dyadic) states() bool            { return true }
func (b *dyadic) parallel() bool          { return true }
func (b *dyadic) sources() []table.Source { return b.srcs }

func (b *dyadic) describe(p *Panel) {
	p.Meta["layer.nodes"] = "states in the COW state system that year (states2016), isolates included"
	for k, v := range b.meta {
		p.Meta[k] = v
	}
}

func (b *dyadic) build(y int) (yearData, error) {
	states := b.sys.StatesIn(y)
	d := yearData{year: y, nodes: make([]int64, len(states)), complete: b.complete}
	for i, c := range states {
		d.nodes[i] = int64(c)
	}
	var outside []int64
	add := func(from, to int64, w float64, known bool) {
		if !known {
			return
		}
		if !b.complete {
			d.observed = append(d.observed, graph.Edge{From: from, To: to, Weight: w})
		}
		if w > 0 {
			d.edges = append(d.edges, graph.Edge{From: from, To: to, Weight: w})
		}
	}
	for _, i := range b.rows[y] {
		in1, in2 := b.sys.InSystem(int(b.c1[i]), y), b.sys.InSystem(int(b.c2[i]), y)
		if !in1 {
			outside = append(outside, b.c1[i])
		}
		if !in2 {
			outside = append(outside, b.c2[i])
		}
		if !in1 || !in2 {
			continue
		}
		b.emit(i, add)
	}
	if outside != nil {
		b.mu.Lock()
		for _, c := range outside {
			b.outside[c]++
		}
		b.mu.Unlock()
	}
	return d, nil
}

func (b *dyadic) notes() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.outside) == 0 {
		return nil
	}
	return []string{b.kind + " layer: rows naming a state in a year when it was not in the COW system were left out, by ccode (rows): " + countList(b.outside)}
}

// The atop layer: alliance obligations from ATOP v5.1 (Leeds et al. 2002),
// as packaged by peacesciencer (directed dyad-years). A tie from A to B
// means A has an obligation of the chosen kind towards B in an alliance in
// force that year (obligation = defense, offense, neutrality,
// nonaggression, consultation; any: at least one of the five). Weights are
// 1. With directed the ties keep ATOP's direction; otherwise A and B are
// joined when either has the obligation towards the other (see
// loaders.ATOPUndirected). Pairs without a row have no obligation (ATOP
// lists only allied dyads), so every pair is observed.
func (d *Data) atopBuilder(s Spec) (builder, error) {
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	t, err := d.atop.get(loaders.ATOP)
	if err != nil {
		return nil, err
	}
	if !s.Directed {
		if t, err = loaders.ATOPUndirected(t); err != nil {
			return nil, err
		}
	}
	b, err := newDyadic(ATOP, t, sys)
	if err != nil {
		return nil, err
	}
	b.dir, b.complete = s.Directed, true
	cols := map[string][]string{
		"defense": {"atop_defense"}, "offense": {"atop_offense"}, "neutrality": {"atop_neutral"},
		"nonaggression": {"atop_nonagg"}, "consultation": {"atop_consul"},
		"any": {"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"},
	}[s.Obligation]
	var vals [][]int64
	for _, c := range cols {
		vals = append(vals, t.Col(c).Ints)
	}
	b.emit = func(i int, add func(from, to int64, w float64, known bool)) {
		for _, v := range vals {
			if v[i] == 1 {
				add(b.c1[i], b.c2[i], 1, true)
				return
			}
		}
	}
	b.meta["layer.weight"] = "1 when the states share an alliance obligation (" + s.Obligation + ") that year (ATOP v5.1)"
	if s.Directed {
		b.meta["layer.direction"] = "from the state with the obligation (ATOP's state A) to the state it is owed to"
	} else {
		b.meta["layer.direction"] = "undirected: either state has the obligation towards the other"
	}
	return b, nil
}

// The trade layer: COW Trade v4.0 dyadic flows (Barbieri, Keshk and
// Pollins 2009), in millions of current US dollars. With directed, the
// tie from A to B is A's exports to B, taken as B's reported imports
// from A (COW's flow1 is ccode1's imports from ccode2, flow2 ccode2's
// imports from ccode1). Undirected, the weight is total bilateral trade,
// flow1 + flow2, and is missing when either flow is. Flows COW did not
// record (-9), and dyad-years without a row, are missing, not zero; a
// recorded zero flow is an observed zero. Flows below min_weight count as
// zero. flow = smoothflow uses COW's smoothed flows instead.
func (d *Data) tradeBuilder(s Spec) (builder, error) {
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	t, err := d.trade.get(loaders.Trade)
	if err != nil {
		return nil, err
	}
	b, err := newDyadic(Trade, t, sys)
	if err != nil {
		return nil, err
	}
	b.dir, b.complete = s.Directed, false
	f1, f2 := t.Col(s.Flow+"1"), t.Col(s.Flow+"2")
	val := func(c *table.Column, i int) (float64, bool) {
		v, ok := c.Float64(i)
		if ok && v < s.MinWeight {
			v = 0
		}
		return v, ok
	}
	b.emit = func(i int, add func(from, to int64, w float64, known bool)) {
		v1, ok1 := val(f1, i) // imports of ccode1 from ccode2
		v2, ok2 := val(f2, i)
		if s.Directed {
			add(b.c2[i], b.c1[i], v1, ok1)
			add(b.c1[i], b.c2[i], v2, ok2)
			return
		}
		if ok1 && ok2 {
			w, _ := f1.Float64(i)
			w2, _ := f2.Float64(i)
			w += w2
			if w < s.MinWeight {
				w = 0
			}
			add(b.c1[i], b.c2[i], w, true)
		}
	}
	if s.Directed {
		b.meta["layer.weight"] = fmt.Sprintf("exports from ccode1 to ccode2 (= ccode2's %s of imports from ccode1), millions of current USD (COW Trade v4.0)", s.Flow)
	} else {
		b.meta["layer.weight"] = fmt.Sprintf("total bilateral trade %s1 + %s2, millions of current USD, missing if either is (COW Trade v4.0)", s.Flow, s.Flow)
	}
	if s.MinWeight > 0 {
		b.meta["layer.threshold"] = fmt.Sprintf("weights below %v are 0", s.MinWeight)
	}
	return b, nil
}

// The contiguity layer: COW Direct Contiguity v3.2 (Stinnett et al.
// 2002). States are joined, with weight 1, in years in which their closest
// contiguity type is at most max_type: 1 land or river border (the
// default), 2 to 5 separated by at most 12, 24, 150 or 400 miles of water.
// Pairs without a row are not contiguous.
func (d *Data) contiguityBuilder(s Spec) (builder, error) {
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	t, err := d.contig.get(loaders.Contiguity)
	if err != nil {
		return nil, err
	}
	b, err := newDyadic(Contiguity, t, sys)
	if err != nil {
		return nil, err
	}
	b.complete = true
	ty := t.Col("conttype").Ints
	b.emit = func(i int, add func(from, to int64, w float64, known bool)) {
		if ty[i] >= 1 && ty[i] <= int64(s.MaxType) {
			add(b.c1[i], b.c2[i], 1, true)
		}
	}
	b.meta["layer.weight"] = fmt.Sprintf("1 when the closest COW contiguity type that year is at most %d (1 land or river border; 2-5 water up to 12, 24, 150, 400 miles)", s.MaxType)
	return b, nil
}

// countList formats counts by code as "code (count), ...", by ascending
// code.
func countList(m map[int64]int) string {
	codes := make([]int64, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	parts := make([]string, len(codes))
	for k, c := range codes {
		parts[k] = fmt.Sprintf("%d (%d)", c, m[c])
	}
	return strings.Join(parts, ", ")
}
