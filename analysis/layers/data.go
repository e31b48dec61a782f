package layers

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/repnet/repnet/analysis/backbone"
	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// Data reads the sources that layers are built from, each once, when a
// layer first needs it, so that one Data can build many layers (a
// notebook's, say) without reading a file twice. The sources are the
// bundled datasets, or the user's copies installed with
// datasets.Override before the first use. A Data is safe for concurrent
// use.
type Data struct {
	// Progress, if not nil, is called as the years of a layer are built:
	// done of total years.
	Progress func(done, total int)

	system    lazy[*loaders.System]
	countries lazy[*loaders.Countries]
	igo       lazy[*igoData]
	regimes   lazy[*regimes]
	atop      lazy[*table.Table]
	trade     lazy[*table.Table]
	contig    lazy[*table.Table]
	votes     lazy[*votes]
	incidents lazyMap[*loaders.Incidents]

	through int // extend the state system through this year (NewDataThrough)
}

// NewData returns a Data that reads the bundled datasets (or their
// overrides).
func NewData() *Data { return &Data{} }

// NewDataThrough returns a Data whose state system runs through year last
// (see loaders.System.Extended): after 2016, the last year of the COW
// membership file, the nodes of a year are the states whose last spell
// runs to 2016. Layers whose sources outlast the file then cover their
// sources' years (atop to 2018, unvotes to 2019, tnr to its coverage)
// rather than stopping in 2016; the panel's meta says so (layer.system).
func NewDataThrough(last int) *Data { return &Data{through: last} }

// lazy holds a value computed once, on first use.
type lazy[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (l *lazy[T]) get(f func() (T, error)) (T, error) {
	l.once.Do(func() { l.v, l.err = f() })
	return l.v, l.err
}

func (d *Data) loadSystem() (*loaders.System, error) {
	return d.system.get(func() (*loaders.System, error) {
		sys, err := loaders.LoadSystem()
		if err != nil || d.through == 0 {
			return sys, err
		}
		return sys.Extended(d.through), nil
	})
}

// lazyMap holds values computed once per key, on first use.
type lazyMap[T any] struct {
	mu sync.Mutex
	m  map[string]*lazy[T]
}

func (l *lazyMap[T]) get(key string, f func() (T, error)) (T, error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*lazy[T]{}
	}
	e := l.m[key]
	if e == nil {
		e = &lazy[T]{}
		l.m[key] = e
	}
	l.mu.Unlock()
	return e.get(f)
}

func (d *Data) loadCountries() (*loaders.Countries, error) {
	return d.countries.get(loaders.LoadCountries)
}

// Build builds the layer s for the years in years (every year the layer
// covers when years is the zero range). A year in the range that the
// layer does not cover is an error naming the layer's coverage: a year
// outside a source's coverage has no network, not an empty one.
func Build(s Spec, years loaders.YearRange) (*Panel, error) {
	return NewData().Build(s, years)
}

// Build is the package-level Build reading its sources through d.
func (d *Data) Build(s Spec, years loaders.YearRange) (*Panel, error) {
	s, err := s.Normalize()
	if err != nil {
		return nil, err
	}
	b, err := d.builder(s)
	if err != nil {
		return nil, err
	}
	return d.buildPanel(s, b, years)
}

// Coverage returns the first and last year the layer s can be built for
// (with d's state system), without building any graph.
func (d *Data) Coverage(s Spec) (first, last int, err error) {
	if s, err = s.Normalize(); err != nil {
		return 0, 0, err
	}
	b, err := d.builder(s)
	if err != nil {
		return 0, 0, err
	}
	ys, err := b.years(loaders.YearRange{})
	if err != nil {
		return 0, 0, err
	}
	if len(ys) == 0 {
		return 0, 0, fmt.Errorf("layers: %s has no year", s)
	}
	if s.Kind() == TNR && s.Pool {
		tb := b.(*tnrBuilder)
		return tb.first, tb.last, nil
	}
	return ys[0], ys[len(ys)-1], nil
}

// builder returns the builder of a normalized spec's layer kind.
func (d *Data) builder(s Spec) (builder, error) {
	switch s.Kind() {
	case IGO:
		return d.igoBuilder(s)
	case ATOP:
		return d.atopBuilder(s)
	case Trade:
		return d.tradeBuilder(s)
	case Contiguity:
		return d.contiguityBuilder(s)
	case UNVotes:
		return d.unvotesBuilder(s)
	case File:
		return d.fileBuilder(s)
	case TNR:
		return d.tnrBuilder(s)
	}
	return nil, specErrorf("layers: unknown layer %q", s.Layer)
}

// buildPanel builds the years of a normalized spec with its builder.
func (d *Data) buildPanel(s Spec, b builder, years loaders.YearRange) (*Panel, error) {
	ys, err := b.years(years)
	if err != nil {
		return nil, err
	}
	p := &Panel{Spec: s, Directed: b.directed(), States: b.states(), Meta: map[string]string{}}
	b.describe(p)
	p.Meta["layer"] = s.String()
	if s.Backbone != "" {
		p.Meta["layer.backbone"] = fmt.Sprintf("%s, alpha %v, correction %s: only edges significant under the null model are kept; the rest have weight 0", s.Backbone, s.Alpha, s.Correction)
	}
	if len(ys) > 0 {
		p.Meta["years"] = fmt.Sprintf("%d-%d", ys[0], ys[len(ys)-1])
	}
	if p.States && d.through != 0 {
		if sys, err := d.loadSystem(); err == nil && len(ys) > 0 && ys[len(ys)-1] > sys.FileLast {
			p.Meta["layer.system"] = fmt.Sprintf("after %d, the last year of the COW membership file, the states are those whose last spell runs to %d", sys.FileLast, sys.FileLast)
		}
	}
	p.Years = make([]*Year, len(ys))
	errs := make([]error, len(ys))
	var done int
	var mu sync.Mutex
	// Years are built one after another unless the builder says they are
	// independent and costly enough to share out; either way each year's
	// result depends only on that year.
	work := func(k int) {
		yd, err := b.build(ys[k])
		if err == nil {
			p.Years[k], err = finish(yd, p.Directed)
		}
		if err == nil && s.Backbone != "" {
			err = d.applyBackbone(b, s, p.Years[k])
		}
		errs[k] = err
		if d.Progress != nil {
			mu.Lock()
			done++
			d.Progress(done, len(ys))
			mu.Unlock()
		}
	}
	parallel(len(ys), b.parallel(), work)
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	p.Sources = b.sources()
	p.Notes = b.notes()
	return p, nil
}

// builder builds one layer kind's years.
type builder interface {
	// years returns the years to build for the requested range, or an
	// error if the range reaches outside the layer's coverage.
	years(loaders.YearRange) ([]int, error)
	build(year int) (yearData, error)
	directed() bool
	states() bool
	// parallel reports whether build may run for several years at once.
	parallel() bool
	describe(p *Panel)
	sources() []table.Source
	notes() []string
}

// CoverageError is the error Build returns when the requested years reach
// outside the years a layer's source covers, First to Last. It is a
// SpecError (a usage error at the command line); callers that want the
// covered part only, such as panels, build again with the years clamped.
type CoverageError struct {
	SpecError
	First, Last int
}

// Unwrap returns the SpecError, so that errors.As finds it (a CoverageError
// is a usage error).
func (e *CoverageError) Unwrap() error { return &e.SpecError }

// coverage returns the years first..last that lie in r, or an error if r
// asks for a year outside first..last.
func coverage(what string, first, last int, r loaders.YearRange) ([]int, error) {
	lo, hi := first, last
	if r.First != 0 {
		lo = r.First
	}
	if r.Last != 0 {
		hi = r.Last
	}
	if lo < first || hi > last {
		return nil, &CoverageError{SpecError: SpecError{Msg: fmt.Sprintf("layers: %s covers %d-%d; years %s reach outside it", what, first, last, r)}, First: first, Last: last}
	}
	var ys []int
	for y := lo; y <= hi; y++ {
		ys = append(ys, y)
	}
	return ys, nil
}

// applyBackbone replaces y's graph by its backbone.
func (d *Data) applyBackbone(b builder, s Spec, y *Year) error {
	corr, err := backbone.ParseCorrection(s.Correction)
	if err != nil {
		return err
	}
	var bb *graph.Graph
	var tests []backbone.EdgeTest
	switch s.Backbone {
	case "disparity":
		bb, tests, err = backbone.Disparity(y.Graph, s.Alpha, corr)
	case "sdsm":
		ib, ok := b.(*igoBuilder)
		if !ok {
			return fmt.Errorf("layers: the sdsm backbone applies only to the igo layer")
		}
		agents, ties := ib.incidence(y.Year)
		bb, tests, err = backbone.SDSM(agents, ties, s.Alpha, corr, backbone.Exact)
		if err == nil && s.Weight != "count" {
			// SDSM's backbone carries co-occurrence counts; keep the
			// layer's own weights on the edges it keeps.
			var edges []graph.Edge
			for _, e := range y.Graph.Edges() {
				i, _ := bb.Index(e.From)
				j, _ := bb.Index(e.To)
				if bb.Weight(i, j) != 0 {
					edges = append(edges, e)
				}
			}
			bb, err = graph.FromEdges(y.Graph.IDs(), edges, false)
		}
	}
	if err != nil {
		return fmt.Errorf("layers: year %d: %v", y.Year, err)
	}
	if !y.Complete {
		// Pairs the backbone drops are observed with weight 0: make sure
		// every edge of the full graph is in the observed index.
		for _, e := range y.Graph.Edges() {
			i, _ := y.Graph.Index(e.From)
			j, _ := y.Graph.Index(e.To)
			d := dyad{i: int32(i), j: int32(j)}
			if _, found := slices.BinarySearchFunc(y.observed, d, cmpDyad); !found {
				return fmt.Errorf("layers: year %d: edge %d-%d is not among the observed pairs", y.Year, e.From, e.To)
			}
		}
	}
	y.Graph, y.Tests = bb, tests
	return nil
}

// parallel runs f(0..n-1), on up to GOMAXPROCS goroutines when par is
// true. f must write only its own results, so that they do not depend on
// the order.
func parallel(n int, par bool, f func(k int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if !par || workers < 2 {
		for k := 0; k < n; k++ {
			f(k)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= n {
					return
				}
				f(k)
			}
		}()
	}
	wg.Wait()
}
