package layers

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
)

// ParseMeasures reads a comma-separated list of node measures of package
// network (degree, strength, betweenness, eigenvector, ...), or "all" for
// every measure defined for the kind of graph (see
// network.UndirectedMeasures and network.DirectedMeasures). An unknown
// measure, one given twice, or one not defined for directed (or
// undirected) graphs is a SpecError.
func ParseMeasures(list string, directed bool) ([]network.Measure, error) {
	defined := network.UndirectedMeasures()
	kind := "undirected"
	if directed {
		defined, kind = network.DirectedMeasures(), "directed"
	}
	if strings.TrimSpace(list) == "all" {
		return defined, nil
	}
	known := append(network.UndirectedMeasures(), network.DirectedMeasures()...)
	var ms []network.Measure
	for _, m := range strings.Split(list, ",") {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		meas := network.Measure(m)
		switch {
		case !slices.Contains(known, meas):
			return nil, specErrorf("layers: unknown measure %q (measures: %s)", m, measureList(known))
		case !slices.Contains(defined, meas):
			return nil, specErrorf("layers: measure %q is not defined for %s graphs (those are: %s)", m, kind, measureList(defined))
		case slices.Contains(ms, meas):
			return nil, specErrorf("layers: measure %q given twice", m)
		}
		ms = append(ms, meas)
	}
	if len(ms) == 0 {
		return nil, specErrorf("layers: no measure given")
	}
	return ms, nil
}

// measureList returns the distinct measures of ms, comma-separated.
func measureList(ms []network.Measure) string {
	var names []string
	for _, m := range ms {
		if !slices.Contains(names, string(m)) {
			names = append(names, string(m))
		}
	}
	return strings.Join(names, ", ")
}

// MeasureOptions controls Centrality and Communities.
type MeasureOptions struct {
	// Resolution is the Louvain resolution γ (0 means 1) of the community
	// measure.
	Resolution float64
	// Seed seeds Louvain: the year y uses rand.NewPCG(Seed, y) (see
	// network.Options).
	Seed uint64
	// IgraphTies judges ties between path lengths as igraph does (see
	// network.Options).
	IgraphTies bool
	// Assortativity, "autocracy" or "regime", adds to the graph table the
	// nominal assortativity of regime type (see GroupedLayers); "" adds
	// nothing.
	Assortativity string
	// Attributes adds each state's stateabb, name and V-Dem regime to the
	// node table, after ccode (see WithNodeAttributes).
	Attributes bool
}

// Centrality computes the node measures ms (see ParseMeasures) for every
// year of p with network.Compute, and returns its two tables relabelled
// to the panel's nodes (see Panel.Relabel): nodes, with columns year,
// ccode (or node), the attributes if asked, and one column per measure,
// one row per node-year; and graphs, one row per year of graph-level
// statistics (network.Compute's graph table, with assortativity_group when
// asked). A measure not defined for the panel's kind of graph, and
// attributes or assortativity on a panel whose nodes are not states, are
// SpecErrors.
func (d *Data) Centrality(p *Panel, ms []network.Measure, o MeasureOptions) (nodes, graphs *table.Table, err error) {
	for _, m := range ms {
		if _, err := ParseMeasures(string(m), p.Directed); err != nil {
			return nil, nil, err
		}
	}
	if slices.Contains(ms, network.MCommunity) && !(o.Resolution >= 0 && !math.IsInf(o.Resolution, 1)) {
		return nil, nil, specErrorf("layers: resolution %v: want a positive number", o.Resolution)
	}
	ls := p.Layers()
	switch o.Assortativity {
	case "":
	case "autocracy", "regime":
		if !p.States {
			return nil, nil, specErrorf("layers: assortativity by %s needs states as nodes", o.Assortativity)
		}
		if ls, err = d.GroupedLayers(p, o.Assortativity); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, specErrorf("layers: assortativity %q: want autocracy or regime", o.Assortativity)
	}
	if o.Attributes && !p.States {
		return nil, nil, specErrorf("layers: node attributes need states as nodes")
	}
	nodes, graphs, err = network.Compute(ls, ms, network.Options{Resolution: o.Resolution, Seed: o.Seed, IgraphTies: o.IgraphTies})
	if err != nil {
		return nil, nil, err
	}
	if o.Assortativity != "" {
		graphs.SetMeta("assortativity_group", "nominal assortativity of "+o.Assortativity+" (V-Dem Regimes of the World v2x_regime); states without a code left out")
	}
	if o.Attributes {
		if nodes, err = d.WithNodeAttributes(p, nodes); err != nil {
			return nil, nil, err
		}
	}
	return p.Relabel(nodes), p.Relabel(graphs), nil
}

// Communities divides every year of p into communities with the Louvain
// algorithm (network.Louvain, seeded by o.Seed and the year, at
// o.Resolution) and returns nodes, with columns year, ccode (or node), the
// attributes if asked, community (numbered 0, 1, ... by each community's
// smallest node), communities (their number that year) and modularity (of
// that year's partition), one row per node-year; and graphs, one row per
// year with the graph statistics, communities and modularity (see
// network.Compute). o.Assortativity is ignored.
func (d *Data) Communities(p *Panel, o MeasureOptions) (nodes, graphs *table.Table, err error) {
	o.Assortativity = ""
	nodes, graphs, err = d.Centrality(p, []network.Measure{network.MCommunity}, o)
	if err != nil {
		return nil, nil, err
	}
	// Join each year's number of communities and modularity onto its
	// nodes.
	gy, gc, gq := graphs.Col("year").Ints, graphs.Col("communities").Ints, graphs.Col("modularity")
	at := make(map[int64]int, len(gy))
	for k, y := range gy {
		at[y] = k
	}
	n := nodes.NumRows()
	nc, q := make([]int64, n), make([]float64, n)
	miss := make([]bool, n)
	for i, y := range nodes.Col("year").Ints {
		k, ok := at[y]
		if !ok {
			return nil, nil, fmt.Errorf("layers: communities: no partition for year %d", y)
		}
		nc[i], q[i], miss[i] = gc[k], gq.Floats[k], gq.IsMissing(k)
	}
	nodes.Columns = append(nodes.Columns, table.NewInt("communities", nc), table.NewFloat("modularity", q).WithMissing(miss))
	return nodes, graphs, nil
}
