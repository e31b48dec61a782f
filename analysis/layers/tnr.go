package layers

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// TNRBundled is the bundled incident dataset a tnr layer reads when its
// file is written tnr:ifes-2024-cases (write ./ifes-2024-cases for a file
// of that name).
const TNRBundled = "ifes-2024-cases"

// The tnr layer: transnational repression, as a directed network from the
// origin state (whose government targets its national) to the host state
// (where the incident happened), read from an incident file through an
// incident mapping (loaders.ReadIncidents; tnr:ifes-2024-cases reads the
// bundled illustrative cases).
//
// The ties of a year are the directed dyad-years of
// loaders.IncidentDyadYears under the layer's rule: with rule = count the
// weight of origin -> host is the number of incidents that year, with
// rule = any it is 1 for at least one; tactics and cooperation keep only
// the incidents with those tactics and host_cooperation values
// (cooperation = yes: the host state's authorities carried out or
// assisted the act). A pair without an incident has weight 0 in a year
// the source covers, and the layer has no graph in a year outside its
// coverage (the mapping's first_year-last_year, which must be declared):
// for event data a year without incidents is a zero, a year the source
// did not look at is unknown. Incidents without a year, with the same
// origin and host, or with a state outside the COW system that year are
// left out and listed in the panel's notes.
//
// With pool = true the layer is one graph of every incident of the years
// asked (the coverage by default), its weights summed over the years
// (rule = count) or 1 when any year had one (rule = any); it is labelled
// with the period's last year and its meta records the period. With
// undated = true (pool only) the incidents without a year are placed in
// the pooled graph too.
//
// Nodes: nodes = cow (the default) makes every state in the COW system
// that year a node, isolates included, so that in-degree is the number of
// origin states a host state cooperated with (or whose agents acted on its
// soil), out-degree the number of host states in which an origin state
// targeted its nationals, and strengths count incidents. After 2016, the
// last year of the COW membership file, the states are those whose last
// spell runs to 2016 (loaders.System.Extended), as in IncidentDyadYears;
// a pooled graph's nodes are the states in the system in any year of the
// period. nodes = file keeps only the states that take part in the
// graph's incidents, for drawing a list of cases.
type tnrBuilder struct {
	s           Spec
	inc         *loaders.Incidents
	sys         *loaders.System // extended through the coverage
	dy          *loaders.IncidentDyads
	first, last int // the years asked (pooled) or built
	undated     []graph.Edge
	notesList   []string
}

// readTNR reads (once per Data) the incidents of a tnr layer.
func (d *Data) readTNR(s Spec) (*loaders.Incidents, error) {
	key := s.Path() + "\x00" + s.Mapping + "\x00" + strconv.FormatBool(s.AllowUnresolved)
	return d.incidents.get(key, func() (*loaders.Incidents, error) {
		if s.Path() == TNRBundled {
			return loaders.IFESCases()
		}
		m, err := tnrMapping(s.Mapping)
		if err != nil {
			return nil, err
		}
		raw, _, err := datasets.ReadUserFile(s.Path())
		if err != nil {
			return nil, fmt.Errorf("layers: tnr layer: %v", err)
		}
		c, err := d.loadCountries()
		if err != nil {
			return nil, err
		}
		return loaders.ReadIncidents(bytes.NewReader(raw), s.Path(), m, c, loaders.IncidentOptions{AllowUnresolved: s.AllowUnresolved})
	})
}

// tnrMapping returns a built-in incident mapping by name, or parses a TOML
// mapping file.
func tnrMapping(name string) (*loaders.IncidentMapping, error) {
	if slices.Contains(loaders.IncidentMappings(), name) {
		return loaders.BuiltinIncidentMapping(name)
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, specErrorf("layers: tnr layer: mapping %q: no such file and not a built-in mapping (%s)", name, strings.Join(loaders.IncidentMappings(), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("layers: tnr layer: %v", err)
	}
	return loaders.ParseIncidentMapping(b, name)
}

func (d *Data) tnrBuilder(s Spec) (builder, error) {
	inc, err := d.readTNR(s)
	if err != nil {
		return nil, err
	}
	return d.newTNRBuilder(s, inc)
}

// BuildIncidents builds a tnr layer (see the tnr layer above) from
// incidents already read, such as a notebook's incident table: s.Layer
// is tnr:NAME, NAME labelling the source; s.Mapping, if empty, is taken
// from inc. The spec's other options apply as in Build.
func (d *Data) BuildIncidents(inc *loaders.Incidents, s Spec, years loaders.YearRange) (*Panel, error) {
	if s.Kind() != TNR {
		return nil, specErrorf("layers: BuildIncidents builds tnr layers, not %q", s.Layer)
	}
	if s.Mapping == "" && s.Path() != TNRBundled && inc.Mapping != nil {
		s.Mapping = inc.Mapping.Name
	}
	s, err := s.Normalize()
	if err != nil {
		return nil, err
	}
	b, err := d.newTNRBuilder(s, inc)
	if err != nil {
		return nil, err
	}
	return d.buildPanel(s, b, years)
}

func (d *Data) newTNRBuilder(s Spec, inc *loaders.Incidents) (*tnrBuilder, error) {
	if inc.Coverage.First <= 0 || inc.Coverage.Last < inc.Coverage.First {
		return nil, fmt.Errorf("layers: tnr layer: the incidents (mapping %s) declare no coverage, so a year without incidents cannot be told from a year the source did not cover: set first_year and last_year in a copy of the mapping", mappingName(inc))
	}
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	rule := loaders.DyadRule{Value: s.Rule, Tactics: s.Tactics, Cooperation: s.Cooperation}
	dy, err := inc.DyadYears(sys, rule)
	if err != nil {
		return nil, fmt.Errorf("layers: tnr layer: %v", err)
	}
	b := &tnrBuilder{s: s, inc: inc, sys: sys.Extended(inc.Coverage.Last), dy: dy}
	if len(dy.Excluded) > 0 {
		var parts []string
		for _, e := range dy.Excluded {
			if s.Undated && e.Reason == "no year" {
				continue // placed in the pooled graph below
			}
			parts = append(parts, e.String())
		}
		if parts != nil {
			b.notesList = append(b.notesList, fmt.Sprintf("tnr layer: %d incident%s not counted: %s", len(parts), plural(len(parts)), strings.Join(parts, "; ")))
		}
	}
	for _, u := range inc.Unresolved {
		b.notesList = append(b.notesList, "tnr layer: dropped, country did not resolve: "+u.String())
	}
	if s.Undated {
		if err := b.collectUndated(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func mappingName(inc *loaders.Incidents) string {
	if inc.Mapping == nil {
		return "?"
	}
	return inc.Mapping.Name
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// collectUndated finds the incidents without a year that pass the rule's
// filters (the filters of loaders.IncidentDyadYears).
func (b *tnrBuilder) collectUndated() error {
	t := b.inc.Table
	yc, err := t.MustCol("year", table.Int)
	if err != nil {
		return fmt.Errorf("layers: tnr layer: %v", err)
	}
	oc, _ := t.MustCol("origin_ccode", table.Int)
	hc, _ := t.MustCol("host_ccode", table.Int)
	tc, _ := t.MustCol("tactic", table.String)
	cc, _ := t.MustCol("host_cooperation", table.String)
	if oc == nil || hc == nil || tc == nil || cc == nil {
		return fmt.Errorf("layers: tnr layer: the incident table lacks origin_ccode, host_ccode, tactic or host_cooperation")
	}
	count := map[[2]int64]float64{}
	var keys [][2]int64
	for i := 0; i < t.NumRows(); i++ {
		if !yc.IsMissing(i) || oc.IsMissing(i) || hc.IsMissing(i) {
			continue
		}
		if b.s.Tactics != nil && !slices.Contains(b.s.Tactics, tc.Strings[i]) {
			continue
		}
		if b.s.Cooperation != nil && !slices.Contains(b.s.Cooperation, cc.Strings[i]) {
			continue
		}
		k := [2]int64{oc.Ints[i], hc.Ints[i]}
		if k[0] == k[1] {
			b.notesList = append(b.notesList, fmt.Sprintf("tnr layer: an undated incident with the same origin and host (%d) left out", k[0]))
			continue
		}
		if _, ok := count[k]; !ok {
			keys = append(keys, k)
		}
		count[k]++
	}
	slices.SortFunc(keys, func(a, c [2]int64) int {
		return cmp.Or(cmp.Compare(a[0], c[0]), cmp.Compare(a[1], c[1]))
	})
	for _, k := range keys {
		w := count[k]
		if b.s.Rule == "any" {
			w = 1
		}
		b.undated = append(b.undated, graph.Edge{From: k[0], To: k[1], Weight: w})
	}
	return nil
}

func (b *tnrBuilder) years(r loaders.YearRange) ([]int, error) {
	cov := b.inc.Coverage
	ys, err := coverage("the tnr layer "+b.s.Path()+" (its incidents' coverage)", cov.First, cov.Last, r)
	if err != nil {
		return nil, err
	}
	b.first, b.last = ys[0], ys[len(ys)-1]
	if b.s.Pool {
		return []int{b.last}, nil
	}
	return ys, nil
}

func (b *tnrBuilder) directed() bool { return true }
func (b *tnrBuilder) states() bool   { return true }
func (b *tnrBuilder) parallel() bool { return false }

func (b *tnrBuilder) sources() []table.Source {
	return append(slices.Clone(b.inc.Table.Sources), b.sys.Source)
}

func (b *tnrBuilder) notes() []string { return b.notesList }

func (b *tnrBuilder) build(y int) (yearData, error) {
	first := y
	if b.s.Pool {
		first = b.first
	}
	t := b.dy.Table
	c1, c2, yy := t.Col("ccode1").Ints, t.Col("ccode2").Ints, t.Col("year").Ints
	val := t.Columns[3].Ints // the one value column (incidents or any_incident)
	w := map[[2]int64]float64{}
	for i := range yy {
		if int(yy[i]) < first || int(yy[i]) > y || val[i] == 0 {
			continue
		}
		k := [2]int64{c1[i], c2[i]}
		if b.s.Rule == "any" {
			w[k] = 1
		} else {
			w[k] += float64(val[i])
		}
	}
	inSystem := map[int64]bool{}
	for yr := first; yr <= y; yr++ {
		for _, c := range b.sys.StatesIn(yr) {
			inSystem[int64(c)] = true
		}
	}
	for _, e := range b.undated {
		if !inSystem[e.From] || !inSystem[e.To] {
			b.notesList = append(b.notesList, fmt.Sprintf("tnr layer: an undated incident from %d to %d left out: a state not in the COW system in %d-%d", e.From, e.To, first, y))
			continue
		}
		k := [2]int64{e.From, e.To}
		if b.s.Rule == "any" {
			w[k] = 1
		} else {
			w[k] += e.Weight
		}
	}
	d := yearData{year: y, complete: true}
	for k, v := range w {
		d.edges = append(d.edges, graph.Edge{From: k[0], To: k[1], Weight: v})
	}
	slices.SortFunc(d.edges, func(a, c graph.Edge) int {
		return cmp.Or(cmp.Compare(a.From, c.From), cmp.Compare(a.To, c.To))
	})
	if b.s.Nodes == "file" {
		for _, e := range d.edges {
			d.nodes = append(d.nodes, e.From, e.To)
		}
		slices.Sort(d.nodes)
		d.nodes = slices.Compact(d.nodes)
	} else {
		for c := range inSystem {
			d.nodes = append(d.nodes, c)
		}
		slices.Sort(d.nodes)
	}
	return d, nil
}

func (b *tnrBuilder) describe(p *Panel) {
	m := b.dy.Table.Meta
	p.Meta["layer.direction"] = "from the origin state (whose government targets its national) to the host state (where the incident happened)"
	w := "number of incidents"
	if b.s.Rule == "any" {
		w = "1 when there is at least one incident"
	}
	if b.s.Tactics != nil {
		w += "; tactics " + strings.Join(b.s.Tactics, ", ")
	}
	if b.s.Cooperation != nil {
		w += "; host_cooperation " + strings.Join(b.s.Cooperation, " or ")
	}
	p.Meta["layer.weight"] = w + "; pairs without an incident are 0 in the years the source covers"
	if b.s.Nodes == "file" {
		p.Meta["layer.nodes"] = "the states that take part in the graph's incidents"
	} else {
		p.Meta["layer.nodes"] = "states in the COW state system that year (states2016), isolates included"
	}
	if b.last > b.sys.FileLast {
		p.Meta["layer.system"] = fmt.Sprintf("after %d, the last year of the COW membership file, the states are those whose last spell runs to %d", b.sys.FileLast, b.sys.FileLast)
	}
	p.Meta["layer.coverage"] = fmt.Sprintf("%d-%d (the source's declared coverage; mapping %s)", b.inc.Coverage.First, b.inc.Coverage.Last, mappingName(b.inc))
	if b.s.Pool {
		s := fmt.Sprintf("every incident of %d-%d in one graph, labelled %d", b.first, b.last, b.last)
		if b.s.Undated {
			s += fmt.Sprintf(", with %d incident pair%s without a year (which may lie outside the period)", len(b.undated), plural(len(b.undated)))
		}
		p.Meta["layer.pooled"] = s
	}
	for _, k := range []string{"universe", "host_cooperation_rule", "mapping"} {
		if v, ok := m[k]; ok {
			p.Meta["layer."+k] = v
		}
	}
}
