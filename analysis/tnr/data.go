package tnr

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// Data reads the sources of the designs, each once, when first needed. A
// Data is safe for concurrent use.
type Data struct {
	// Layers builds the dyadic components; its state system runs through
	// the year given to NewData.
	Layers *layers.Data

	through   int
	system    once[*loaders.System] // the COW file, not extended
	countries once[*loaders.Countries]
	states    once[*stateData]
	comps     sync.Map // component name -> *once[*compData]
}

// NewData returns a Data whose state system runs through year through
// (after 2016, the states of 2016 still in the system; see
// loaders.System.Extended). through must be at least the last year any
// panel or watchlist built from it needs.
func NewData(through int) *Data {
	return &Data{Layers: layers.NewDataThrough(through), through: through}
}

type once[T any] struct {
	o   sync.Once
	v   T
	err error
}

func (l *once[T]) get(f func() (T, error)) (T, error) {
	l.o.Do(func() { l.v, l.err = f() })
	return l.v, l.err
}

func (d *Data) loadSystem() (*loaders.System, error) {
	return d.system.get(loaders.LoadSystem)
}

func (d *Data) loadCountries() (*loaders.Countries, error) {
	return d.countries.get(loaders.LoadCountries)
}

// systemStates returns the states in the system in year y, after the file's
// last year by the last-spell rule.
func (d *Data) systemStates(y int) ([]int, error) {
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	return sys.Extended(y).StatesIn(y), nil
}

// stateKey is a state-year.
type stateKey struct{ c, y int32 }

// stateData holds the state-year series the designs use.
type stateData struct {
	repression map[stateKey]float64 // -theta_mean (Fariss)
	pts        map[stateKey]float64 // mean of the available PTS scores
	regime     map[stateKey]int     // V-Dem v2x_regime 0-3
	polyarchy  map[stateKey]float64 // V-Dem v2x_polyarchy
	// Last years of the sources.
	farissLast, ptsLast, vdemLast int
	sources                       []table.Source
}

func (d *Data) loadStates() (*stateData, error) {
	return d.states.get(func() (*stateData, error) {
		var f, p, v *table.Table
		var ef, ep, ev error
		var wg sync.WaitGroup
		wg.Add(3)
		go func() { defer wg.Done(); f, ef = loaders.Load("fariss", loaders.Options{}) }()
		go func() { defer wg.Done(); p, ep = loaders.Load("pts", loaders.Options{}) }()
		go func() { defer wg.Done(); v, ev = loaders.Load("vdem-row", loaders.Options{}) }()
		wg.Wait()
		for _, err := range []error{ef, ep, ev} {
			if err != nil {
				return nil, err
			}
		}
		s := &stateData{repression: map[stateKey]float64{}, pts: map[stateKey]float64{},
			regime: map[stateKey]int{}, polyarchy: map[stateKey]float64{}}
		var err error
		if s.farissLast, err = lastYear(f); err != nil {
			return nil, err
		}
		if s.ptsLast, err = lastYear(p); err != nil {
			return nil, err
		}
		if s.vdemLast, err = lastYear(v); err != nil {
			return nil, err
		}
		key := func(t *table.Table, i int) (stateKey, bool) {
			c, y := t.Col("ccode"), t.Col("year")
			if c.IsMissing(i) || y.IsMissing(i) {
				return stateKey{}, false
			}
			return stateKey{int32(c.Ints[i]), int32(y.Ints[i])}, true
		}
		theta, err := f.MustCol("theta_mean", table.Float)
		if err != nil {
			return nil, fmt.Errorf("tnr: fariss: %v", err)
		}
		for i := 0; i < f.NumRows(); i++ {
			if k, ok := key(f, i); ok && !theta.IsMissing(i) {
				s.repression[k] = -theta.Floats[i]
			}
		}
		var scores []*table.Column
		for _, n := range []string{"pts_a", "pts_h", "pts_s"} {
			c, err := p.MustCol(n, table.Int)
			if err != nil {
				return nil, fmt.Errorf("tnr: pts: %v", err)
			}
			scores = append(scores, c)
		}
		for i := 0; i < p.NumRows(); i++ {
			k, ok := key(p, i)
			if !ok {
				continue
			}
			var sum, n float64
			for _, c := range scores {
				if !c.IsMissing(i) {
					sum += float64(c.Ints[i])
					n++
				}
			}
			if n > 0 {
				s.pts[k] = sum / n
			}
		}
		reg, err := v.MustCol("v2x_regime", table.Int)
		if err != nil {
			return nil, fmt.Errorf("tnr: vdem-row: %v", err)
		}
		pol, err := v.MustCol("v2x_polyarchy", table.Float)
		if err != nil {
			return nil, fmt.Errorf("tnr: vdem-row: %v", err)
		}
		for i := 0; i < v.NumRows(); i++ {
			k, ok := key(v, i)
			if !ok {
				continue
			}
			if !reg.IsMissing(i) {
				s.regime[k] = int(reg.Ints[i])
			}
			if !pol.IsMissing(i) {
				s.polyarchy[k] = pol.Floats[i]
			}
		}
		s.sources = append(append(append(s.sources, f.Sources...), p.Sources...), v.Sources...)
		return s, nil
	})
}

// lastYear reads the last year of a loader table's coverage meta.
func lastYear(t *table.Table) (int, error) {
	_, b, ok := strings.Cut(t.Meta["coverage"], "-")
	y, err := strconv.Atoi(b)
	if !ok || err != nil {
		return 0, fmt.Errorf("tnr: table without a coverage (%q)", t.Meta["coverage"])
	}
	return y, nil
}

func (s *stateData) get(m map[stateKey]float64, c, y int) (float64, bool) {
	v, ok := m[stateKey{int32(c), int32(y)}]
	return v, ok
}

// rise returns m(c, y) - m(c, y0), and whether both exist.
func (s *stateData) rise(m map[stateKey]float64, c, y, y0 int) (float64, bool) {
	a, ok1 := s.get(m, c, y)
	b, ok2 := s.get(m, c, y0)
	return a - b, ok1 && ok2
}

// autocracy returns 1 for a closed or electoral autocracy (v2x_regime 0
// or 1), 0 for a democracy, and false when V-Dem has no code.
func (s *stateData) autocracy(c, y int) (int, bool) {
	r, ok := s.regime[stateKey{int32(c), int32(y)}]
	if !ok {
		return 0, false
	}
	if layers.Autocracy(r) {
		return 1, true
	}
	return 0, true
}

// A dyadic component of the designs: a layer whose edge weight is a
// predictor, with the rule for the years after its source ends.
type component struct {
	name  string // column name
	spec  layers.Spec
	about string // what the value is, for the meta
}

// The dyadic components, in column order.
var components = []component{
	{"shared_autocratic_igos", layers.Spec{Layer: layers.IGO, Select: "autocratic"},
		"number of intergovernmental organizations, among those whose full members with a V-Dem code are at least half autocracies (v2x_regime 0-1) that year, in which both states are full members (COW IGO v3; layers igo, select = autocratic)"},
	{"alliance", layers.Spec{Layer: layers.ATOP},
		"1 when either state has an alliance obligation of any kind (defense, offense, neutrality, non-aggression, consultation) towards the other (ATOP v5.1), else 0"},
	{"contiguity", layers.Spec{Layer: layers.Contiguity},
		"1 when the states share a land or river border (COW direct contiguity type 1), else 0"},
	{"un_agreement", layers.Spec{Layer: layers.UNVotes},
		"share of the year's UN General Assembly roll calls, among those both states voted on, on which they voted alike (Voeten; session year = 1945 + session); missing when they share no roll call"},
}

func componentByName(name string) (component, bool) {
	for _, c := range components {
		if c.name == name {
			return c, true
		}
	}
	return component{}, false
}

// compData is a component's layer, built for the years asked so far.
type compData struct {
	c           component
	first, last int // the layer's coverage
	mu          sync.Mutex
	years       map[int]*layers.Year
	sources     []table.Source
	meta        map[string]string
}

func (d *Data) comp(c component) (*compData, error) {
	v, _ := d.comps.LoadOrStore(c.name, &once[*compData]{})
	return v.(*once[*compData]).get(func() (*compData, error) {
		first, last, err := d.Layers.Coverage(c.spec)
		if err != nil {
			return nil, err
		}
		return &compData{c: c, first: first, last: last, years: map[int]*layers.Year{}}, nil
	})
}

// SourceYear returns the year of the component's source that stands for
// year t: t itself within the source's years, its last year after them
// (unless noCarry), and false before them or, with noCarry, after them.
func (cd *compData) sourceYear(t int, noCarry bool) (int, bool) {
	switch {
	case t < cd.first:
		return 0, false
	case t <= cd.last:
		return t, true
	case noCarry:
		return 0, false
	}
	return cd.last, true
}

// ensure builds the component's layer for the source years of years
// first..last.
func (d *Data) ensure(cd *compData, first, last int, noCarry bool) error {
	lo, hi := max(first, cd.first), min(last, cd.last)
	if lo > hi {
		if noCarry || first <= cd.last {
			return nil // no year of first..last has a source year
		}
		lo, hi = cd.last, cd.last // every year takes the last one
	}
	cd.mu.Lock()
	defer cd.mu.Unlock()
	need := false
	for y := lo; y <= hi; y++ {
		if _, ok := cd.years[y]; !ok {
			need = true
		}
	}
	if !need {
		return nil
	}
	p, err := d.Layers.Build(cd.c.spec, loaders.YearRange{First: lo, Last: hi})
	if err != nil {
		return err
	}
	for y := lo; y <= hi; y++ {
		cd.years[y] = p.Year(y) // nil for a year the layer skips (no roll call)
	}
	if cd.sources == nil {
		cd.sources = p.Sources
		cd.meta = p.Meta
	}
	return nil
}

// snapshot returns the component's built years, for lookups without the
// lock.
func (cd *compData) snapshot() map[int]*layers.Year {
	cd.mu.Lock()
	defer cd.mu.Unlock()
	out := make(map[int]*layers.Year, len(cd.years))
	for y, yr := range cd.years {
		out[y] = yr
	}
	return out
}

// weight returns the component between states a and b in year t (by the
// source-year rule) from a snapshot of its years, the source year used,
// and whether it is known.
func (cd *compData) weight(years map[int]*layers.Year, a, b, t int, noCarry bool) (float64, int, bool) {
	y, ok := cd.sourceYear(t, noCarry)
	if !ok {
		return math.NaN(), 0, false
	}
	yr := years[y]
	if yr == nil {
		return math.NaN(), y, false
	}
	w, ok := yr.Weight(int64(a), int64(b))
	return w, y, ok
}

// yearRule describes, for the meta, which source year a component uses for
// years first..last.
func (cd *compData) yearRule(first, last int, noCarry bool) string {
	s := fmt.Sprintf("source years %d-%d", cd.first, cd.last)
	if last > cd.last {
		after := fmt.Sprint(last)
		if a := max(first, cd.last+1); a < last {
			after = fmt.Sprintf("%d-%d", a, last)
		}
		if noCarry {
			s += fmt.Sprintf("; missing in %s, after the source ends", after)
		} else {
			s += fmt.Sprintf("; %s take%s the %d value, the source's last", after, map[bool]string{true: "s", false: ""}[!strings.Contains(after, "-")], cd.last)
		}
	}
	return s
}
