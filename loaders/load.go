package loaders

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Options select what Load returns.
type Options struct {
	// Years keeps rows whose year lies in the range (zero: all years).
	// Rows of years outside the source's coverage never appear, as zero or
	// otherwise. Tables without a year (IGO lists, G-W state spells) reject
	// a non-zero range.
	Years YearRange
	// Table selects a secondary table of a dataset (see Tables); "" is the
	// dataset's main table.
	Table string
	// Undirected returns ATOP symmetrised to non-directed dyad-years (see
	// ATOPUndirected).
	Undirected bool
	// KeepUncoded keeps the rows of V-Dem, V-Dem RoW and LIED whose unit
	// has no COW code, with ccode missing, after the coded rows, instead of
	// dropping them (they are counted in the table's meta either way).
	KeepUncoded bool
	// Resolve maps ISO2 codes and country names to COW codes; required
	// for unvotes.
	Resolve Resolver
}

// loadFunc loads one table of a dataset.
type loadFunc func(o Options) (*table.Table, error)

// entry is one loadable table; yearless tables have no year column.
type entry struct {
	load     loadFunc
	yearless bool
	about    string
}

// registry maps a dataset id (or pseudo-id) to its tables by name; ""
// is the main table.
var registry = map[string]map[string]entry{
	"atop": {"": {load: func(o Options) (*table.Table, error) {
		t, err := loadATOP(o.Years)
		if err != nil || !o.Undirected {
			return t, err
		}
		return ATOPUndirected(t)
	}, about: "directed dyad-year alliance obligations (non-directed with Undirected)"}},
	"countries": {
		"": {load: func(o Options) (*table.Table, error) { return CountriesTable() }, yearless: true,
			about: "country crosswalk: COW, Gleditsch-Ward, ISO 3166-1 and V-Dem codes, one row per entity"},
		"names": {load: func(o Options) (*table.Table, error) { return CountryNamesTable() }, yearless: true,
			about: "name variants of the crosswalk's entities, with where each was seen"},
	},
	"cow-contiguity": {"": {load: func(o Options) (*table.Table, error) { return loadContiguity(o.Years) },
		about: "non-directed dyad-year contiguity type"}},
	"cow-igo": {
		"": {load: func(o Options) (*table.Table, error) {
			p, err := LoadIGOPanel(o.Years)
			if err != nil {
				return nil, err
			}
			return p.Memberships(), nil
		}, about: "state-IGO-year membership status"},
		"igos": {load: func(o Options) (*table.Table, error) { return IGOs() }, yearless: true,
			about: "one row per IGO: names, dates, issue-area flags"},
		"igo-years": {load: func(o Options) (*table.Table, error) {
			l, err := LoadIGOList()
			if err != nil {
				return nil, err
			}
			return l.YearsTable(), nil
		}, about: "IGO-year: one row per IGO and year alive, with birth and death flags"},
	},
	"cow-igo-counts": {"": {load: func(o Options) (*table.Table, error) {
		p, err := LoadIGOPanel(o.Years)
		if err != nil {
			return nil, err
		}
		return p.Counts(), nil
	}, about: "state-year counts of IGO memberships by status"}},
	"cow-nmc": {"": {load: func(o Options) (*table.Table, error) { return loadNMC(o.Years) },
		about: "state-year national material capabilities"}},
	"cow-states": {
		"": {load: func(o Options) (*table.Table, error) { return StateSystem() },
			about: "state-year COW system membership, G-W code, major power"},
		"gw-states": {load: func(o Options) (*table.Table, error) { return GWStates() }, yearless: true,
			about: "Gleditsch-Ward independent state spells"},
		"cow-gw-years": {load: func(o Options) (*table.Table, error) { return COWGWYears() },
			about: "COW-Gleditsch-Ward state-year crosswalk"},
		"majors": {load: func(o Options) (*table.Table, error) { return MajorPowers() },
			about: "COW major power state-years"},
	},
	"cow-trade": {
		"": {load: func(o Options) (*table.Table, error) { return loadTrade(o.Years) },
			about: "non-directed dyad-year trade flows"},
		"totals": {load: func(o Options) (*table.Table, error) { return loadTradeTotals(o.Years) },
			about: "state-year total imports and exports"},
	},
	"digo": {"": {load: func(o Options) (*table.Table, error) { return DIGO() }, yearless: true,
		about: "one row per IGO: region, scope, function, death"}},
	"fariss": {"": {load: func(o Options) (*table.Table, error) { return loadFariss(o.Years) },
		about: "state-year latent human rights protection scores"}},
	"gwf": {"": {load: func(o Options) (*table.Table, error) { return loadGWF(o.Years) },
		about: "state-year autocratic regime types"}},
	"ifes-2024-cases": {"": {load: func(o Options) (*table.Table, error) {
		inc, err := IFESCases()
		if err != nil {
			return nil, err
		}
		return inc.Table, nil
	}, about: "collaborative transnational repression cases named in Cottiero (2024): illustrative incidents"}},
	"lied": {"": {load: func(o Options) (*table.Table, error) { return loadLIED(o.Years, o.KeepUncoded) },
		about: "state-year lexical index of electoral democracy"}},
	"mia": {"": {load: func(o Options) (*table.Table, error) { return loadMIA(o.Years) },
		about: "IO-year delegation and pooling"}},
	"pts": {"": {load: func(o Options) (*table.Table, error) { return loadPTS(o.Years) },
		about: "state-year Political Terror Scale"}},
	"unvotes": {"": {load: func(o Options) (*table.Table, error) { return loadUNVotes(o.Resolve, o.Years) },
		about: "country-vote UN General Assembly roll calls"}},
	"vdem": {"": {load: func(o Options) (*table.Table, error) { return loadVDem(o.Years, o.KeepUncoded) },
		about: "state-year V-Dem democracy indices"}},
	"vdem-row": {"": {load: func(o Options) (*table.Table, error) { return loadVDemRoW(o.Years, o.KeepUncoded) },
		about: "state-year Regimes of the World and regime episodes"}},
}

// IDs returns the ids Load accepts: the bundled datasets' ids plus the
// pseudo-id cow-igo-counts, sorted.
func IDs() []string {
	ids := make([]string, 0, len(registry))
	for id := range registry {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Tables returns the table names of dataset id: "" (the main table) first,
// then its secondary tables, sorted.
func Tables(id string) []string {
	var names []string
	for n := range registry[id] {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// HasYears reports whether a dataset's table has a year column, so that
// Options.Years applies to it.
func HasYears(id, tableName string) bool {
	e, ok := registry[id][tableName]
	return ok && !e.yearless
}

// About returns a one-line description of a dataset's table.
func About(id, tableName string) string { return registry[id][tableName].about }

// Load returns the tidy table of a bundled dataset (reading the bundled
// files, or their overrides, through datasets.Open): its main table, or
// the secondary table opts.Table, keeping the rows of opts.Years. The
// pseudo-id cow-igo-counts gives IGOCounts.
func Load(id string, opts Options) (*table.Table, error) {
	tabs, ok := registry[id]
	if !ok {
		return nil, fmt.Errorf("loaders: unknown dataset %q (known: %s)", id, strings.Join(IDs(), ", "))
	}
	e, ok := tabs[opts.Table]
	if !ok {
		var names []string
		for _, n := range Tables(id) {
			if n != "" {
				names = append(names, n)
			}
		}
		return nil, fmt.Errorf("loaders: dataset %s has no table %q (tables: %s)", id, opts.Table, strings.Join(names, ", "))
	}
	if e.yearless && !opts.Years.IsAll() {
		return nil, fmt.Errorf("loaders: table %s has no year column: a year range does not apply", name(id, opts.Table))
	}
	t, err := e.load(opts)
	if err != nil {
		return nil, err
	}
	if !e.yearless && !opts.Years.IsAll() {
		// Loaders that filter while reading have done so; this catches
		// those that read everything (small files).
		yc := t.Col("year")
		t2 := t.Filter(func(i int) bool { return !yc.IsMissing(i) && opts.Years.Contains(int(yc.Ints[i])) })
		if t2.NumRows() != t.NumRows() {
			t = t2
		}
		t.SetMeta("years", opts.Years.String())
	}
	t.SetMeta("table", name(id, opts.Table))
	return t, nil
}

func name(id, tab string) string {
	if tab == "" {
		return id
	}
	return id + "/" + tab
}
