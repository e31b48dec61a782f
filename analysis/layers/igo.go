package layers

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/repnet/repnet/analysis/backbone"
	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// igoData is COW IGO v3 as the igo layer reads it: the state-year panel,
// the IGO list, and an index of the panel's rows by year.
type igoData struct {
	panel   *loaders.IGOPanel
	list    *loaders.IGOList
	listIdx []int           // panel IGO index -> IGOList index, or -1
	rows    map[int][]int32 // year -> state-year rows, by ascending ccode
}

func (d *Data) loadIGO() (*igoData, error) {
	return d.igo.get(func() (*igoData, error) {
		p, err := loaders.LoadIGOPanel(loaders.YearRange{})
		if err != nil {
			return nil, err
		}
		l, err := loaders.LoadIGOList()
		if err != nil {
			return nil, err
		}
		ig := &igoData{panel: p, list: l, listIdx: make([]int, len(p.IGOs)), rows: map[int][]int32{}}
		for i, name := range p.IGOs {
			ig.listIdx[i] = l.Index(name)
		}
		// The panel is sorted by ccode then year, so each year's rows come
		// out by ascending ccode.
		for k, y := range p.Year {
			ig.rows[int(y)] = append(ig.rows[int(y)], int32(k))
		}
		return ig, nil
	})
}

// The igo layer: states joined by shared membership in intergovernmental
// organizations, the one-mode projection of the bipartite state-by-IGO
// network of COW IGO v3's state-year file (Pevehouse et al. 2020).
//
// Nodes are the states in the COW system that year (states2016),
// isolates included, that COW IGO codes: all of them except, in 1990, West
// and East Germany (260, 265) and North and South Yemen (678, 680), which
// COW IGO codes only as unified Germany (255) and Yemen (679) that year. A state is a member of an organization in a year when
// its state-year cell is coded with a counted status: full (1) by default;
// full or associate (1, 2) with members = full+associate; full, associate
// or observer (1, 2, 3) with members = any. Missing (-9) is never
// membership, and neither is "not in existence" (-1). The organizations
// are every column of the state-year file, narrowed by igos (names), kinds
// (COW issue-area flags) and select (regime composition that year), all
// that are given having to hold. Weights between states i and j, with O_i
// the set of selected organizations i belongs to:
//
//   - count: |O_i ∩ O_j|, the number of organizations both belong to;
//   - jaccard: |O_i ∩ O_j| / |O_i ∪ O_j|, which discounts states that join
//     everything (0 when neither belongs to any);
//   - newman: Σ over organizations k in O_i ∩ O_j of 1/(n_k - 1), n_k the
//     number of (counted) members of k among the year's nodes, so that
//     each organization spreads a total weight of n_k/2 over its n_k(n_k-1)/2
//     pairs and large organizations count for less (Newman 2001, "Scientific
//     collaboration networks. II", Physical Review E 64, 016132, eq. 2).
//
// With members = full+associate the counts equal COW's own dyadic file,
// whose cells are 1 when both states are full or associate members (see
// the package documentation).
type igoBuilder struct {
	d           *Data
	s           Spec
	ig          *igoData
	sys         *loaders.System
	reg         *regimes // when s.Select is set
	mask        []bool   // organizations passing igos and kinds
	first, last int
	counted     [4]bool // by status code 1..3

	mu      sync.Mutex
	notIn   map[int]int     // year -> state-year rows of states outside the system
	uncoded map[int][]int64 // year -> system members without a row
}

func (d *Data) igoBuilder(s Spec) (*igoBuilder, error) {
	ig, err := d.loadIGO()
	if err != nil {
		return nil, err
	}
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	b := &igoBuilder{d: d, s: s, ig: ig, sys: sys, notIn: map[int]int{}, uncoded: map[int][]int64{}}
	b.first, b.last = max(ig.panel.First, sys.First), min(ig.panel.Last, sys.Last)
	b.counted[loaders.Full] = true
	switch s.Members {
	case "full+associate":
		b.counted[loaders.Associate] = true
	case "any":
		b.counted[loaders.Associate], b.counted[loaders.Observer] = true, true
	}
	b.mask = make([]bool, len(ig.panel.IGOs))
	for i := range b.mask {
		b.mask[i] = true
	}
	if s.IGOs != nil {
		var unknown []string
		for i := range b.mask {
			b.mask[i] = false
		}
		for _, name := range s.IGOs {
			if i := ig.panel.Index(name); i >= 0 {
				b.mask[i] = true
			} else {
				unknown = append(unknown, name)
			}
		}
		if unknown != nil {
			return nil, specErrorf("layers: igo layer: unknown IGO %s (IGOs are named by COW's lower-case abbreviation, e.g. sco, gcc; see repnet table cow-igo --table igos)", strings.Join(unknown, ", "))
		}
	}
	if s.Kinds != nil {
		for i := range b.mask {
			li := ig.listIdx[i]
			ok := false
			if li >= 0 {
				info := &ig.list.List[li]
				for _, k := range s.Kinds {
					f := map[string]int8{"political": info.Political, "economic": info.Economic, "social": info.Social}[k]
					ok = ok || f == 1
				}
			}
			b.mask[i] = b.mask[i] && ok
		}
	}
	if s.Select != "" {
		if b.reg, err = d.loadRegimes(); err != nil {
			return nil, err
		}
		b.first, b.last = max(b.first, b.reg.first), min(b.last, b.reg.last)
	}
	return b, nil
}

func (b *igoBuilder) years(r loaders.YearRange) ([]int, error) {
	what := "the igo layer"
	if b.s.Select != "" {
		what = "the igo layer with select (COW IGO and V-Dem Regimes of the World)"
	}
	return coverage(what, b.first, b.last, r)
}

func (b *igoBuilder) directed() bool { return false }
func (b *igoBuilder) states() bool   { return true }
func (b *igoBuilder) parallel() bool { return true }

// members returns the year's nodes and, for every organization selected
// that year, the indexes (into nodes, ascending) of its counted members.
func (b *igoBuilder) members(y int) (nodes []int64, mem [][]int32) {
	p := b.ig.panel
	sel := slices.Clone(b.mask)
	if b.s.Select != "" {
		for i := range sel {
			sel[i] = false
		}
		for _, o := range b.d.composition(b.ig, b.reg, y) {
			var in, ok bool
			if b.s.Select == "autocratic" {
				in, ok = o.Autocratic(b.s.Threshold)
			} else {
				in, ok = o.Democratic(b.s.Threshold)
			}
			sel[o.IGO] = b.mask[o.IGO] && in && ok
		}
	}
	// Nodes: the states in the system that have a row in the IGO file
	// that year. COW codes every system member except, in 1990, West and
	// East Germany and North and South Yemen, which it codes only as
	// unified Germany and Yemen: they are left out, not isolates, since
	// their memberships are unknown.
	coded := make(map[int16]bool, len(b.ig.rows[y]))
	for _, k := range b.ig.rows[y] {
		coded[p.Ccode[k]] = true
	}
	pos := make(map[int16]int32, len(coded))
	var uncoded []int64
	for _, c := range b.sys.StatesIn(y) {
		if !coded[int16(c)] {
			uncoded = append(uncoded, int64(c))
			continue
		}
		pos[int16(c)] = int32(len(nodes))
		nodes = append(nodes, int64(c))
	}
	mem = make([][]int32, len(p.IGOs))
	outside := 0
	for _, k := range b.ig.rows[y] {
		i, ok := pos[p.Ccode[k]]
		if !ok {
			outside++
			continue
		}
		for e := p.Start[k]; e < p.Start[k+1]; e++ {
			g, s := p.IGO[e], p.Status[e]
			if sel[g] && s > 0 && int(s) < len(b.counted) && b.counted[s] {
				mem[g] = append(mem[g], i)
			}
		}
	}
	if outside > 0 || uncoded != nil {
		b.mu.Lock()
		if outside > 0 {
			b.notIn[y] = outside
		}
		if uncoded != nil {
			b.uncoded[y] = uncoded
		}
		b.mu.Unlock()
	}
	return nodes, mem
}

func (b *igoBuilder) build(y int) (yearData, error) {
	nodes, mem := b.members(y)
	n := len(nodes)
	w := make([]float64, n*n) // upper triangle: w[i*n+j], i < j
	var deg []int
	if b.s.Weight == "jaccard" {
		deg = make([]int, n)
	}
	// Organizations in index order, so floating-point sums (newman) are
	// formed in a fixed order.
	for _, ms := range mem {
		k := len(ms)
		if deg != nil {
			for _, i := range ms {
				deg[i]++
			}
		}
		if k < 2 {
			continue
		}
		inc := 1.0
		if b.s.Weight == "newman" {
			inc = 1 / float64(k-1)
		}
		for a := 0; a < k; a++ {
			row := w[int(ms[a])*n:]
			for _, j := range ms[a+1:] {
				row[j] += inc
			}
		}
	}
	var edges []graph.Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			c := w[i*n+j]
			if c == 0 {
				continue
			}
			if deg != nil {
				c /= float64(deg[i]+deg[j]) - c
			}
			edges = append(edges, graph.Edge{From: nodes[i], To: nodes[j], Weight: c})
		}
	}
	return yearData{year: y, nodes: nodes, edges: edges, complete: true}, nil
}

// incidence returns the bipartite state-by-organization network of year
// y behind the layer: the year's nodes as agents and a tie for every
// counted membership in a selected organization (artifact: the IGO's index
// in the panel).
func (b *igoBuilder) incidence(y int) ([]int64, []backbone.Tie) {
	nodes, mem := b.members(y)
	var ties []backbone.Tie
	for g, ms := range mem {
		for _, i := range ms {
			ties = append(ties, backbone.Tie{Agent: nodes[i], Artifact: int64(g)})
		}
	}
	return nodes, ties
}

// Incidence returns the bipartite network behind an igo layer in year y:
// the states in the COW system that year (agents, ascending) and one tie
// per counted membership of a state in a selected organization, the
// organization named by its index in IGONames. Its projection, counted,
// is the igo layer's count weight; backbone.SDSM tests it.
func (d *Data) Incidence(s Spec, y int) (agents []int64, ties []backbone.Tie, err error) {
	s, err = s.Normalize()
	if err != nil {
		return nil, nil, err
	}
	if s.Kind() != IGO {
		return nil, nil, specErrorf("layers: only the igo layer has a bipartite incidence, not %s", s.Layer)
	}
	b, err := d.igoBuilder(s)
	if err != nil {
		return nil, nil, err
	}
	if _, err := b.years(loaders.YearRange{First: y, Last: y}); err != nil {
		return nil, nil, err
	}
	agents, ties = b.incidence(y)
	return agents, ties, nil
}

// IGONames returns the lower-case abbreviations of COW's IGOs: the
// organization with artifact index i in Incidence is IGONames()[i].
func (d *Data) IGONames() ([]string, error) {
	ig, err := d.loadIGO()
	if err != nil {
		return nil, err
	}
	return slices.Clone(ig.panel.IGOs), nil
}

func (b *igoBuilder) describe(p *Panel) {
	p.Meta["layer.nodes"] = "states in the COW state system that year (states2016) with a row in COW IGO's state-year file, isolates included"
	m := map[string]string{
		"full":           "full members (COW code 1)",
		"full+associate": "full or associate members (COW codes 1, 2), as in COW's dyadic file",
		"any":            "full members, associate members or observers (COW codes 1, 2, 3)",
	}[b.s.Members]
	p.Meta["layer.members"] = m + "; missing (-9) is not membership"
	p.Meta["layer.weight"] = map[string]string{
		"count":   "number of organizations in which both states are " + m[:strings.Index(m, " (")],
		"jaccard": "shared organizations / organizations either state belongs to (Jaccard)",
		"newman":  "sum over shared organizations of 1/(members - 1) (Newman 2001)",
	}[b.s.Weight]
	var sel []string
	if b.s.IGOs != nil {
		sel = append(sel, "named: "+strings.Join(b.s.IGOs, " "))
	}
	if b.s.Kinds != nil {
		sel = append(sel, "COW issue area: "+strings.Join(b.s.Kinds, " or "))
	}
	if b.s.Select != "" {
		sel = append(sel, fmt.Sprintf("%s that year: share of %s among full members with a V-Dem RoW code >= %v",
			b.s.Select, map[string]string{"autocratic": "autocracies (v2x_regime 0, 1)", "democratic": "democracies (v2x_regime 2, 3)"}[b.s.Select], b.s.Threshold))
	}
	if sel == nil {
		sel = []string{"all COW IGO v3 organizations"}
	}
	p.Meta["layer.organizations"] = strings.Join(sel, "; ")
}

func (b *igoBuilder) sources() []table.Source {
	srcs := []table.Source{b.ig.panel.Source, b.sys.Source}
	if b.s.Kinds != nil {
		srcs = append(srcs, b.ig.list.Source)
	}
	if b.reg != nil {
		srcs = append(srcs, b.ig.list.Source)
		srcs = append(srcs, b.reg.srcs...)
	}
	return srcs
}

func (b *igoBuilder) notes() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	if len(b.notIn) > 0 {
		var ys []int
		total := 0
		for y, n := range b.notIn {
			ys = append(ys, y)
			total += n
		}
		slices.Sort(ys)
		out = append(out, fmt.Sprintf("igo layer: %d state-year rows of the IGO file name a state outside the COW system that year (first in %d) and were left out", total, ys[0]))
	}
	if len(b.uncoded) > 0 {
		var ys []int
		for y := range b.uncoded {
			ys = append(ys, y)
		}
		slices.Sort(ys)
		var parts []string
		for _, y := range ys {
			parts = append(parts, fmt.Sprintf("%s in %d", strings.Trim(fmt.Sprint(b.uncoded[y]), "[]"), y))
		}
		out = append(out, "igo layer: states in the COW system without a row in the IGO file are not nodes (their memberships are unknown): "+strings.Join(parts, "; "))
	}
	return out
}
