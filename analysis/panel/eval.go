package panel

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// builder evaluates the specs of one panel, loading each dataset table and
// building each layer once.
type builder struct {
	o      Options
	sys    *loaders.System
	f      *frame
	tables map[string]*table.Table
	layers map[string]*Layer
	out    *table.Table // collects sources and meta
}

// value is an evaluated expression: a column with one entry per state row
// of the frame, or per dyad row when dyadic.
type value struct {
	dyadic   bool
	col      *table.Column
	coverage string // years covered by the source ("1816-2014"), when from one dataset
}

func (b *builder) eval(e *Expr) (value, error) {
	switch e.Op {
	case OpColumn:
		return b.column(e)
	case OpLag, OpLead:
		v, err := b.eval(e.Arg)
		if err != nil {
			return value{}, err
		}
		k := e.K
		if e.Op == OpLead {
			k = -k
		}
		v.col = takeOrMissing(v.col, b.f.shift(v.dyadic, k))
		return v, nil
	case OpNeg:
		v, err := b.eval(e.Arg)
		if err != nil {
			return value{}, err
		}
		c := v.col
		out := &table.Column{Type: c.Type, Missing: c.Missing}
		switch c.Type {
		case table.Int:
			out.Ints = make([]int64, len(c.Ints))
			for i, x := range c.Ints {
				out.Ints[i] = -x
			}
		case table.Float:
			out.Floats = make([]float64, len(c.Floats))
			for i, x := range c.Floats {
				out.Floats[i] = -x
			}
		default:
			return value{}, fmt.Errorf("neg(%s): %s is %s, not a number", e.Arg, e.Arg, c.Type)
		}
		v.col = out
		return v, nil
	case OpMin, OpMax, OpAbsDiff:
		return b.pairwise(e)
	case OpLayer:
		return b.layerWeight(e.Layer)
	case OpExposure:
		return b.exposure(e)
	case OpCentrality:
		return b.centrality(e)
	}
	return value{}, fmt.Errorf("unknown expression")
}

// loadTable loads (once) a dataset table for the frame's years.
func (b *builder) loadTable(id, tab string, undirected bool) (*table.Table, error) {
	key := id + "/" + tab + fmt.Sprint(undirected)
	if t, ok := b.tables[key]; ok {
		return t, nil
	}
	t, err := b.o.Load(id, loaders.Options{
		Years:      loaders.YearRange{First: b.f.first, Last: b.f.last},
		Table:      tab,
		Undirected: undirected,
	})
	if err != nil {
		return nil, err
	}
	b.tables[key] = t
	b.out.AddSources(t.Sources...)
	return t, nil
}

// column joins a dataset column to the frame.
func (b *builder) column(e *Expr) (value, error) {
	t, err := b.loadTable(e.Dataset, e.Table, false)
	if err != nil {
		return value{}, err
	}
	name := e.Dataset
	if e.Table != "" {
		name += "/" + e.Table
	}
	unit := t.Meta["unit"]
	switch unit {
	case "state-year":
	case "non-directed dyad-year", "directed dyad-year":
		if !b.f.dyadic {
			return value{}, fmt.Errorf("%s is a %s table; a state-year panel can only join state-year tables", name, unit)
		}
		if unit == "directed dyad-year" && !b.f.directed {
			if e.Dataset != "atop" {
				return value{}, fmt.Errorf("%s is a directed dyad-year table; join it to a directed panel", name)
			}
			// ATOP's own symmetrisation: an obligation in either direction.
			if t, err = b.loadTable(e.Dataset, e.Table, true); err != nil {
				return value{}, err
			}
			unit = t.Meta["unit"]
		}
	default:
		hint := ""
		if e.Dataset == "cow-igo" {
			hint = "; for co-membership use layer(igo, ...), for counts cow-igo-counts"
		}
		return value{}, fmt.Errorf("%s has unit %q; only state-year and dyad-year tables can be joined%s", name, unit, hint)
	}
	src, err := t.MustCol(e.Column)
	if err != nil {
		return value{}, fmt.Errorf("%s: %v", name, err)
	}
	for _, k := range []string{"ccode", "ccode1", "ccode2", "year"} {
		if e.Column == k {
			return value{}, fmt.Errorf("%s.%s is a key column", name, k)
		}
	}
	cov := t.Meta["coverage"]
	covFirst, covLast, covErr := ParseYears(cov)
	zero := t.Meta["absent"] == "zero"
	if zero && covErr != nil {
		return value{}, fmt.Errorf("%s: absent rows mean zero but the coverage %q is not a year range", name, cov)
	}
	dyadic := unit != "state-year"
	n := b.f.nrows(dyadic)
	set := make([]bool, n)
	out := newColumn(src.Type, n)
	yc, err := t.MustCol("year", table.Int)
	if err != nil {
		return value{}, fmt.Errorf("%s: %v", name, err)
	}
	put := func(row, r int, key string) error {
		if set[row] {
			return fmt.Errorf("%s: duplicate key %s: the table has two rows for it (at data rows of that key; a join would multiply rows)", name, key)
		}
		set[row] = true
		copyCell(out, row, src, r)
		return nil
	}
	if !dyadic {
		cc, err := t.MustCol("ccode", table.Int)
		if err != nil {
			return value{}, fmt.Errorf("%s: %v", name, err)
		}
		for r := range cc.Ints {
			if cc.IsMissing(r) || yc.IsMissing(r) {
				continue
			}
			row := b.f.stateRow(b.f.codeIndex(cc.Ints[r]), int(yc.Ints[r]))
			if row < 0 {
				continue
			}
			if err := put(row, r, fmt.Sprintf("ccode %d, year %d", cc.Ints[r], yc.Ints[r])); err != nil {
				return value{}, err
			}
		}
	} else {
		c1, err := t.MustCol("ccode1", table.Int)
		if err != nil {
			return value{}, fmt.Errorf("%s: %v", name, err)
		}
		c2, err := t.MustCol("ccode2", table.Int)
		if err != nil {
			return value{}, fmt.Errorf("%s: %v", name, err)
		}
		directedSrc := unit == "directed dyad-year"
		for r := range c1.Ints {
			if c1.IsMissing(r) || c2.IsMissing(r) || yc.IsMissing(r) {
				continue
			}
			i, j, y := b.f.codeIndex(c1.Ints[r]), b.f.codeIndex(c2.Ints[r]), int(yc.Ints[r])
			if i < 0 || j < 0 || i == j {
				continue
			}
			key := fmt.Sprintf("ccode1 %d, ccode2 %d, year %d", c1.Ints[r], c2.Ints[r], y)
			if !directedSrc && i > j {
				i, j = j, i // a non-directed table listing a dyad the other way round
			}
			if row := b.f.dyadRow(i, j, y); row >= 0 {
				if err := put(row, r, key); err != nil {
					return value{}, err
				}
			}
			if !directedSrc && b.f.directed {
				if row := b.f.dyadRow(j, i, y); row >= 0 {
					if err := put(row, r, key); err != nil {
						return value{}, err
					}
				}
			}
		}
	}
	// A sparse source lists only non-zero rows: inside its coverage a row
	// it does not list is 0; outside, missing (as every unset row is).
	if zero && src.Type != table.String {
		year := b.f.sYear
		if dyadic {
			year = b.f.dYear
		}
		for row, y := range year {
			if !set[row] && int(y) >= covFirst && int(y) <= covLast {
				out.Missing[row] = false
				switch out.Type {
				case table.Int:
					out.Ints[row] = 0
				case table.Float:
					out.Floats[row] = 0
				case table.Bool:
					out.Bools[row] = false
				}
			}
		}
	}
	return value{dyadic: dyadic, col: out, coverage: cov}, nil
}

// newColumn returns a column of n missing values.
func newColumn(typ table.Type, n int) *table.Column {
	c := &table.Column{Type: typ, Missing: make([]bool, n)}
	switch typ {
	case table.Int:
		c.Ints = make([]int64, n)
	case table.Float:
		c.Floats = make([]float64, n)
		for i := range c.Floats {
			c.Floats[i] = math.NaN()
		}
	case table.String:
		c.Strings = make([]string, n)
	case table.Bool:
		c.Bools = make([]bool, n)
	}
	for i := range c.Missing {
		c.Missing[i] = true
	}
	return c
}

// copyCell sets dst[i] to src[j], missing or not.
func copyCell(dst *table.Column, i int, src *table.Column, j int) {
	if src.IsMissing(j) {
		return // dst starts missing
	}
	dst.Missing[i] = false
	switch src.Type {
	case table.Int:
		dst.Ints[i] = src.Ints[j]
	case table.Float:
		dst.Floats[i] = src.Floats[j]
	case table.String:
		dst.Strings[i] = src.Strings[j]
	case table.Bool:
		dst.Bools[i] = src.Bools[j]
	}
}

// pairwise computes min, max or absdiff of a state-level value over the two
// members of each dyad.
func (b *builder) pairwise(e *Expr) (value, error) {
	if !b.f.dyadic {
		return value{}, fmt.Errorf("%s() combines the two members of a dyad; this is a state-year panel", e.Op)
	}
	v, err := b.eval(e.Arg)
	if err != nil {
		return value{}, err
	}
	if v.dyadic {
		return value{}, fmt.Errorf("%s(%s): the argument is already dyadic", e.Op, e.Arg)
	}
	c := v.col
	if c.Type != table.Int && c.Type != table.Float {
		return value{}, fmt.Errorf("%s(%s): %s is %s, not a number", e.Op, e.Arg, e.Arg, c.Type)
	}
	f := b.f
	n := len(f.dYear)
	out := newColumn(c.Type, n)
	for r := 0; r < n; r++ {
		r1 := f.stateRow(int(f.d1[r]), int(f.dYear[r]))
		r2 := f.stateRow(int(f.d2[r]), int(f.dYear[r]))
		if c.IsMissing(r1) || c.IsMissing(r2) {
			continue
		}
		out.Missing[r] = false
		if c.Type == table.Int {
			a, b := c.Ints[r1], c.Ints[r2]
			switch e.Op {
			case OpMin:
				out.Ints[r] = min(a, b)
			case OpMax:
				out.Ints[r] = max(a, b)
			default:
				out.Ints[r] = max(a-b, b-a)
			}
			continue
		}
		a, b := c.Floats[r1], c.Floats[r2]
		switch e.Op {
		case OpMin:
			out.Floats[r] = min(a, b)
		case OpMax:
			out.Floats[r] = max(a, b)
		default:
			out.Floats[r] = math.Abs(a - b)
		}
	}
	return value{dyadic: true, col: out, coverage: v.coverage}, nil
}

// layer builds (once) the graphs of a layer for the frame's years.
func (b *builder) layer(l *LayerRef) (*Layer, error) {
	key := l.String()
	if g, ok := b.layers[key]; ok {
		return g, nil
	}
	if b.o.Layers == nil {
		return nil, errors.New("no layer source: layers are not available in this build")
	}
	g, err := b.o.Layers(l, b.f.first, b.f.last)
	if err != nil {
		return nil, err
	}
	b.layers[key] = g
	b.out.AddSources(g.Sources...)
	if g.About != "" {
		b.out.SetMeta("layer:"+key, g.About)
	}
	return g, nil
}

// nodeIndex maps the frame's code indices to the nodes of g (-1: absent).
func (b *builder) nodeIndex(g *graph.Graph, buf []int32) []int32 {
	buf = buf[:0]
	for _, c := range b.f.codes {
		i, ok := g.Index(int64(c))
		if !ok {
			i = -1
		}
		buf = append(buf, int32(i))
	}
	return buf
}

// layerWeight gives each dyad-year the weight of the layer's edge between
// its members: 0 when both are nodes of that year's graph but not joined;
// missing when either is not a node or the year has no graph.
func (b *builder) layerWeight(l *LayerRef) (value, error) {
	if !b.f.dyadic {
		return value{}, fmt.Errorf("%s is dyadic; in a state-year panel use centrality(%s, degree) or strength, or exposure", l, l.Kind)
	}
	ly, err := b.layer(l)
	if err != nil {
		return value{}, err
	}
	f := b.f
	nc := f.nc()
	out := newColumn(table.Float, len(f.dYear))
	var node []int32
	for y := f.first; y <= f.last; y++ {
		g := ly.Graphs[y]
		if g == nil {
			continue
		}
		if g.Directed() && !f.directed {
			return value{}, fmt.Errorf("%s is directed in %d; use a directed panel (--directed)", l, y)
		}
		node = b.nodeIndex(g, node)
		codeOf := make(map[int32]int, g.N()) // node -> code index
		for ci, ni := range node {
			if ni >= 0 {
				codeOf[ni] = ci
			}
		}
		// Zero for every observed dyad of two nodes, then the edges'
		// weights.
		for i := 0; i < nc; i++ {
			if node[i] < 0 {
				continue
			}
			for j := 0; j < nc; j++ {
				if node[j] < 0 {
					continue
				}
				if row := f.dyadRow(i, j, y); row >= 0 && (ly.Known == nil || ly.Known(y, int(node[i]), int(node[j]))) {
					out.Missing[row] = false
					out.Floats[row] = 0
				}
			}
		}
		for i := 0; i < nc; i++ {
			if node[i] < 0 {
				continue
			}
			nbr, w := g.Out(int(node[i]))
			for k, nj := range nbr {
				j, ok := codeOf[nj]
				if !ok {
					continue
				}
				if row := f.dyadRow(i, j, y); row >= 0 {
					out.Missing[row] = false
					out.Floats[row] = w[k]
				}
			}
		}
	}
	return value{dyadic: true, col: out}, nil
}

// exposure computes the network exposure (spatial lag) of a state-level
// value; see the package documentation.
func (b *builder) exposure(e *Expr) (value, error) {
	v, err := b.eval(e.Arg)
	if err != nil {
		return value{}, err
	}
	if v.dyadic {
		return value{}, fmt.Errorf("exposure(%s, ...): the variable must be a state-year one", e.Arg)
	}
	if v.col.Type != table.Int && v.col.Type != table.Float {
		return value{}, fmt.Errorf("exposure(%s, ...): %s is %s, not a number", e.Arg, e.Arg, v.col.Type)
	}
	ly, err := b.layer(e.Layer)
	if err != nil {
		return value{}, err
	}
	f := b.f
	out := newColumn(table.Float, len(f.sYear))
	var node []int32
	for y := f.first; y <= f.last; y++ {
		g := ly.Graphs[y]
		if g == nil {
			continue
		}
		node = b.nodeIndex(g, node)
		// The state row of each node this year (-1: not in the system).
		rowOf := make([]int, g.N())
		for i := range rowOf {
			rowOf[i] = -1
		}
		for ci, ni := range node {
			if ni >= 0 {
				rowOf[ni] = f.stateRow(ci, y)
			}
		}
		for ni, row := range rowOf {
			if row < 0 {
				continue
			}
			nbr, w := g.Out(ni)
			var num, den float64
			for k, nj := range nbr {
				rj := rowOf[nj]
				if rj < 0 {
					continue
				}
				x, ok := v.col.Float64(rj)
				if !ok {
					continue
				}
				num += w[k] * x
				den += w[k]
			}
			if den > 0 {
				out.Missing[row] = false
				out.Floats[row] = num / den
			}
		}
	}
	return value{col: out, coverage: v.coverage}, nil
}

// centrality computes a node measure of the layer's graph in each year.
func (b *builder) centrality(e *Expr) (value, error) {
	ly, err := b.layer(e.Layer)
	if err != nil {
		return value{}, err
	}
	var layers []network.Layer
	for y := b.f.first; y <= b.f.last; y++ {
		if g := ly.Graphs[y]; g != nil {
			layers = append(layers, network.Layer{Year: y, Graph: g})
		}
	}
	f := b.f
	m := network.Measure(e.Measure)
	nodes, _, err := network.Compute(layers, []network.Measure{m}, network.Options{Seed: b.o.Seed})
	if err != nil {
		if strings.Contains(err.Error(), "unknown measure") {
			return value{}, fmt.Errorf("unknown centrality measure %q (undirected: %v; directed: %v)", e.Measure, network.UndirectedMeasures(), network.DirectedMeasures())
		}
		return value{}, err
	}
	src := nodes.Col(string(m))
	yc, cc := nodes.Col("year"), nodes.Col("ccode")
	out := newColumn(src.Type, len(f.sYear))
	for r := range yc.Ints {
		row := f.stateRow(f.codeIndex(cc.Ints[r]), int(yc.Ints[r]))
		if row >= 0 {
			copyCell(out, row, src, r)
		}
	}
	return value{col: out}, nil
}
