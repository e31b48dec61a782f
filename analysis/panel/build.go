package panel

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// Units of a panel.
const (
	StateYear = "state-year"
	DyadYear  = "dyad-year"
)

// Options describe a panel. The toml tags let a notebook step hold them:
//
//	unit = "dyad-year"
//	years = "1990-2014"
//	add = ["vdem.v2x_polyarchy as polyarchy", "layer(igo) as igos"]
type Options struct {
	// Unit is StateYear or DyadYear.
	Unit string `toml:"unit"`
	// Years is the range of years of the rows, "FIRST-LAST" or one year.
	Years string `toml:"years"`
	// Directed makes a dyad-year panel directed: both (a, b) and (b, a).
	// Otherwise a dyad appears once, with ccode1 < ccode2.
	Directed bool `toml:"directed"`
	// Add lists the variables, one spec each (see the package
	// documentation), in the order of their columns.
	Add []string `toml:"add"`
	// Seed seeds the Louvain communities of centrality(..., community).
	Seed uint64 `toml:"seed"`
	// Layers builds the graphs of layer(...) specs; nil means
	// LayersSource(layers.NewData()).
	Layers LayerSource `toml:"-"`
	// System is the state system; nil means the bundled COW list.
	System *loaders.System `toml:"-"`
	// Load loads a dataset's table; nil means loaders.Load.
	Load func(id string, o loaders.Options) (*table.Table, error) `toml:"-"`
}

// Layer is the graph of a layer in each year it covers.
type Layer struct {
	// Graphs maps a year to the layer's graph that year; a year without an
	// entry is outside the layer's data, and every value from the layer is
	// missing that year. Node identifiers are COW codes.
	Graphs map[int]*graph.Graph
	// Known, if not nil, reports whether the weight between nodes i and j
	// (indices in the year's graph) is known; pairs without an edge whose
	// weight is not known are missing rather than 0 (trade flows COW did
	// not record, say). Nil means every pair of nodes is observed.
	Known   func(year, i, j int) bool
	Sources []table.Source
	// About says in words what the layer's edge weight is (such as "number
	// of organizations in which both states are full or associate members;
	// organizations: ..."); Build records it in the table's meta as
	// layer:LAYER, LAYER the layer in spec syntax. Optional.
	About string
}

// LayerSource builds the graphs of layer l for the years first..last.
type LayerSource func(l *LayerRef, first, last int) (*Layer, error)

// ParseYears parses "FIRST-LAST", or "Y" meaning Y-Y.
func ParseYears(s string) (first, last int, err error) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || first < 1 || last < first || last > 9999 {
		return 0, 0, fmt.Errorf("panel: years %q: expected a year or a range FIRST-LAST such as 1990-2014", s)
	}
	return first, last, nil
}

// Build builds the panel that o describes: a table with the key columns
// (ccode, year; or ccode1, ccode2, year) and one or two columns per spec,
// rows sorted by the keys. See the package documentation.
func Build(o Options) (*table.Table, error) {
	var dyadic bool
	switch o.Unit {
	case StateYear:
		if o.Directed {
			return nil, fmt.Errorf("panel: a state-year panel cannot be directed")
		}
	case DyadYear:
		dyadic = true
	default:
		return nil, fmt.Errorf("panel: unknown unit %q (want %s or %s)", o.Unit, StateYear, DyadYear)
	}
	first, last, err := ParseYears(o.Years)
	if err != nil {
		return nil, err
	}
	specs := make([]Spec, len(o.Add))
	back, fwd := 0, 0
	for i, s := range o.Add {
		if specs[i], err = ParseSpec(s); err != nil {
			return nil, err
		}
		b, f := reach(specs[i].Expr)
		back, fwd = max(back, b), max(fwd, f)
	}
	sys := o.System
	if sys == nil {
		if sys, err = loaders.LoadSystem(); err != nil {
			return nil, err
		}
	}
	b := &builder{
		o:      o,
		sys:    sys,
		f:      newFrame(sys, max(first-back, 1), last+fwd, dyadic, o.Directed),
		tables: map[string]*table.Table{},
		layers: map[string]*Layer{},
		out:    &table.Table{},
	}
	if b.o.Load == nil {
		b.o.Load = loaders.Load
	}
	if b.o.Layers == nil {
		b.o.Layers = LayersSource(layers.NewData())
	}
	b.out.AddSources(sys.Source)

	// Output rows: the frame rows in the output years.
	var keep []int
	var keys []*table.Column
	f := b.f
	if dyadic {
		for r, y := range f.dYear {
			if int(y) >= first && int(y) <= last {
				keep = append(keep, r)
			}
		}
		c1, c2, yy := make([]int64, len(keep)), make([]int64, len(keep)), make([]int64, len(keep))
		for i, r := range keep {
			c1[i], c2[i], yy[i] = int64(f.codes[f.d1[r]]), int64(f.codes[f.d2[r]]), int64(f.dYear[r])
		}
		keys = []*table.Column{table.NewInt("ccode1", c1), table.NewInt("ccode2", c2), table.NewInt("year", yy)}
	} else {
		for r, y := range f.sYear {
			if int(y) >= first && int(y) <= last {
				keep = append(keep, r)
			}
		}
		cc, yy := make([]int64, len(keep)), make([]int64, len(keep))
		for i, r := range keep {
			cc[i], yy[i] = int64(f.codes[f.sCode[r]]), int64(f.sYear[r])
		}
		keys = []*table.Column{table.NewInt("ccode", cc), table.NewInt("year", yy)}
	}
	cols := keys
	names := map[string]string{}
	for _, c := range keys {
		names[c.Name] = "the key"
	}
	for _, sp := range specs {
		v, err := b.eval(sp.Expr)
		if err != nil {
			return nil, fmt.Errorf("panel: %s: %w", sp.Text, err)
		}
		var made []*table.Column
		switch {
		case v.dyadic || !dyadic:
			if len(sp.Names) == 2 {
				return nil, fmt.Errorf("panel: %s: two names given for one column", sp.Text)
			}
			name := defaultName(sp.Expr)
			if len(sp.Names) == 1 {
				name = sp.Names[0]
			}
			made = []*table.Column{rename(v.col.Take(keep), name)}
		default: // a state-level value in a dyad panel: one column per member
			n1, n2 := defaultName(sp.Expr)+"_1", defaultName(sp.Expr)+"_2"
			switch len(sp.Names) {
			case 1:
				n1, n2 = sp.Names[0]+"_1", sp.Names[0]+"_2"
			case 2:
				n1, n2 = sp.Names[0], sp.Names[1]
			}
			r1, r2 := make([]int32, len(keep)), make([]int32, len(keep))
			for i, r := range keep {
				r1[i] = int32(f.stateRow(int(f.d1[r]), int(f.dYear[r])))
				r2[i] = int32(f.stateRow(int(f.d2[r]), int(f.dYear[r])))
			}
			made = []*table.Column{rename(takeOrMissing(v.col, r1), n1), rename(takeOrMissing(v.col, r2), n2)}
		}
		for _, c := range made {
			if prev, dup := names[c.Name]; dup {
				return nil, fmt.Errorf("panel: %s: column %q is already %s; name this one with \"as NAME\"", sp.Text, c.Name, prev)
			}
			names[c.Name] = "made by " + strconv.Quote(sp.Text)
			if v.coverage != "" {
				b.out.SetMeta("coverage:"+c.Name, v.coverage)
			}
			b.out.SetMeta("spec:"+c.Name, sp.String())
		}
		cols = append(cols, made...)
	}
	t := table.New(cols...)
	t.Sources = b.out.Sources
	t.Meta = b.out.Meta
	unit := "state-year"
	if dyadic {
		unit = "non-directed dyad-year"
		if o.Directed {
			unit = "directed dyad-year"
		}
	}
	t.SetMeta("unit", unit)
	t.SetMeta("years", fmt.Sprintf("%d-%d", first, last))
	t.SetMeta("universe", "COW state system members (both members of a dyad) in each year")
	return t, nil
}

func rename(c *table.Column, name string) *table.Column {
	c.Name = name
	return c
}

// reach returns how many years before the first and after the last output
// year the expression reads.
func reach(e *Expr) (back, fwd int) {
	if e.Arg != nil {
		back, fwd = reach(e.Arg)
	}
	switch e.Op {
	case OpLag:
		back += e.K
	case OpLead:
		fwd += e.K
	}
	return back, fwd
}

// defaultName is the column name of an expression without "as".
func defaultName(e *Expr) string {
	switch e.Op {
	case OpColumn:
		return e.Column
	case OpLag:
		return fmt.Sprintf("%s_lag%d", defaultName(e.Arg), e.K)
	case OpLead:
		return fmt.Sprintf("%s_lead%d", defaultName(e.Arg), e.K)
	case OpNeg, OpMin, OpMax, OpAbsDiff:
		return e.Op.String() + "_" + defaultName(e.Arg)
	case OpLayer:
		return layerName(e.Layer)
	case OpExposure:
		return "exposure_" + defaultName(e.Arg) + "_" + layerName(e.Layer)
	case OpCentrality:
		return e.Measure + "_" + layerName(e.Layer)
	}
	return "x"
}

// layerName is the kind and the option values of a layer, in snake case:
// layer(igo, select=autocratic, threshold=0.5) is igo_autocratic_0_5.
func layerName(l *LayerRef) string {
	parts := []string{l.Kind}
	for _, p := range l.Params {
		parts = append(parts, p.Value)
	}
	var b []byte
	for _, c := range []byte(strings.ToLower(strings.Join(parts, "_"))) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b = append(b, c)
		} else if len(b) > 0 && b[len(b)-1] != '_' {
			b = append(b, '_')
		}
	}
	return strings.TrimRight(string(b), "_")
}

// takeOrMissing returns the rows idx of c, missing where idx is -1.
func takeOrMissing(c *table.Column, idx []int32) *table.Column {
	ii := make([]int, len(idx))
	var miss []bool
	for i, r := range idx {
		if r < 0 {
			if miss == nil {
				miss = make([]bool, len(idx))
			}
			miss[i] = true
			continue
		}
		ii[i] = int(r)
	}
	out := c.Take(ii)
	if miss != nil {
		for i, m := range miss {
			if m {
				out.SetMissing(i)
			}
		}
	}
	return out
}
