package network

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
)

// Measure names a node-level measure. Its value is the name of its column
// in the table Compute returns.
type Measure string

// Node-level measures. Each is documented at the function that computes
// it.
const (
	MDegree           Measure = "degree"            // Degree (undirected only)
	MStrength         Measure = "strength"          // Strength (undirected only)
	MInDegree         Measure = "in_degree"         // InDegree
	MOutDegree        Measure = "out_degree"        // OutDegree
	MInStrength       Measure = "in_strength"       // InStrength
	MOutStrength      Measure = "out_strength"      // OutStrength
	MBetweenness      Measure = "betweenness"       // Betweenness
	MBetweennessHops  Measure = "betweenness_hops"  // BetweennessHops
	MCloseness        Measure = "closeness"         // Closeness
	MHarmonic         Measure = "harmonic"          // Harmonic
	MEigenvector      Measure = "eigenvector"       // Eigenvector (undirected only)
	MPageRank         Measure = "pagerank"          // PageRank
	MKatz             Measure = "katz"              // Katz with KatzAlpha and beta 1
	MHub              Measure = "hub"               // Hub
	MAuthority        Measure = "authority"         // Authority
	MCoreness         Measure = "kcore"             // Coreness
	MClustering       Measure = "clustering"        // Clustering (undirected only)
	MClusteringBarrat Measure = "clustering_barrat" // ClusteringBarrat (undirected only)
	MCommunity        Measure = "community"         // Louvain community number
)

// measureInfo says whether a measure is an integer and whether it is
// defined on directed and undirected graphs.
var measureInfo = map[Measure]struct{ integer, undirected, directed bool }{
	MDegree:           {true, true, false},
	MStrength:         {false, true, false},
	MInDegree:         {true, false, true},
	MOutDegree:        {true, false, true},
	MInStrength:       {false, false, true},
	MOutStrength:      {false, false, true},
	MBetweenness:      {false, true, true},
	MBetweennessHops:  {false, true, true},
	MCloseness:        {false, true, true},
	MHarmonic:         {false, true, true},
	MEigenvector:      {false, true, false},
	MPageRank:         {false, true, true},
	MKatz:             {false, true, true},
	MHub:              {false, false, true},
	MAuthority:        {false, false, true},
	MCoreness:         {true, true, true},
	MClustering:       {false, true, false},
	MClusteringBarrat: {false, true, false},
	MCommunity:        {true, true, true},
}

// UndirectedMeasures returns every measure defined for undirected graphs,
// in the column order Compute uses by default.
func UndirectedMeasures() []Measure {
	return []Measure{MDegree, MStrength, MBetweenness, MBetweennessHops, MCloseness, MHarmonic,
		MEigenvector, MPageRank, MKatz, MCoreness, MClustering, MClusteringBarrat, MCommunity}
}

// DirectedMeasures returns every measure defined for directed graphs, in
// the column order Compute uses by default.
func DirectedMeasures() []Measure {
	return []Measure{MInDegree, MOutDegree, MInStrength, MOutStrength, MBetweenness, MBetweennessHops,
		MCloseness, MHarmonic, MPageRank, MKatz, MHub, MAuthority, MCoreness, MCommunity}
}

// Layer is one graph of a panel, such as the IGO co-membership graph of
// one year.
type Layer struct {
	Year  int
	Graph *graph.Graph
	// Groups optionally gives a categorical attribute of every node, in
	// node order (such as a regime type), for the graph table's
	// assortativity_group column; GroupMissing, if not nil, marks nodes
	// whose category is unknown (see NominalAssortativity).
	Groups       []int64
	GroupMissing []bool
}

// Options controls Compute.
type Options struct {
	// Workers is the number of goroutines (GOMAXPROCS if <= 0). Results do
	// not depend on it.
	Workers int
	// Resolution is the Louvain resolution γ (see Modularity); 0 means 1.
	Resolution float64
	// Seed seeds Louvain: the layer of year y uses rand.NewPCG(Seed, y),
	// so a layer's partition does not depend on which other layers are
	// computed.
	Seed uint64
	// IgraphTies judges ties between weighted path lengths as igraph does
	// (see TieEpsilon and PathOptions).
	IgraphTies bool
}

// Compute computes the given node-level measures for every layer, and the
// graph-level statistics of every layer, with layers computed in parallel.
//
// The node table has columns year, ccode and one column per measure, in
// the order given, with a row per node of every layer, ordered by year and
// then ccode. Integer measures are int columns; the others float columns in
// which a missing value (a closeness of an isolate, a clustering coefficient
// of a node with fewer than two neighbours) is NaN and marked missing.
//
// The graph table has a row per layer with columns year, nodes, edges,
// density, mean_degree, transitivity, assortativity_degree and components
// (see Stats); assortativity_group when every layer has Groups; and, when
// MCommunity is among the measures, communities and modularity of the
// Louvain partition.
//
// Layers must have distinct years. A measure not defined for a layer's
// kind of graph (eigenvector on a directed graph, say) is an error. Output
// bytes depend only on the layers, the measures and Options.Resolution and
// Seed, never on Workers or GOMAXPROCS.
func Compute(layers []Layer, measures []Measure, opts Options) (nodes, graphs *table.Table, err error) {
	for _, m := range measures {
		if _, ok := measureInfo[m]; !ok {
			return nil, nil, fmt.Errorf("network: unknown measure %q", m)
		}
	}
	for i, m := range measures {
		if slices.Contains(measures[:i], m) {
			return nil, nil, fmt.Errorf("network: measure %q requested twice", m)
		}
	}
	order := make([]int, len(layers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return layers[a].Year - layers[b].Year })
	for k := 1; k < len(order); k++ {
		if layers[order[k]].Year == layers[order[k-1]].Year {
			return nil, nil, fmt.Errorf("network: two layers for year %d", layers[order[k]].Year)
		}
	}
	for _, l := range layers {
		if l.Graph == nil {
			return nil, nil, fmt.Errorf("network: layer %d has no graph", l.Year)
		}
		for _, m := range measures {
			info := measureInfo[m]
			if l.Graph.Directed() && !info.directed || !l.Graph.Directed() && !info.undirected {
				kind := "undirected"
				if l.Graph.Directed() {
					kind = "directed"
				}
				return nil, nil, fmt.Errorf("network: measure %q is not defined for %s graphs (layer %d)", m, kind, l.Year)
			}
		}
		if l.Groups != nil && len(l.Groups) != l.Graph.N() || l.GroupMissing != nil && len(l.GroupMissing) != l.Graph.N() {
			return nil, nil, fmt.Errorf("network: layer %d: groups for %d nodes, graph has %d", l.Year, len(l.Groups), l.Graph.N())
		}
	}
	res := opts.Resolution
	if res == 0 {
		res = 1
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	inner := max(1, workers/max(1, len(layers)))

	results := make([]layerResult, len(layers))
	errs := make([]error, len(layers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(layers)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(layers) {
					return
				}
				results[k], errs[k] = computeLayer(layers[k], measures, res, opts.Seed, inner, opts.IgraphTies)
			}
		}()
	}
	wg.Wait()
	for _, k := range order {
		if errs[k] != nil {
			return nil, nil, errs[k]
		}
	}

	// Assemble in year order.
	var rows int
	for _, l := range layers {
		rows += l.Graph.N()
	}
	year := make([]int64, 0, rows)
	ccode := make([]int64, 0, rows)
	ints := make([][]int64, len(measures))
	flts := make([][]float64, len(measures))
	for _, k := range order {
		g := layers[k].Graph
		for i := 0; i < g.N(); i++ {
			year = append(year, int64(layers[k].Year))
			ccode = append(ccode, g.ID(i))
		}
		for j, m := range measures {
			if measureInfo[m].integer {
				for _, v := range results[k].ints[j] {
					ints[j] = append(ints[j], int64(v))
				}
			} else {
				flts[j] = append(flts[j], results[k].floats[j]...)
			}
		}
	}
	cols := []*table.Column{table.NewInt("year", year), table.NewInt("ccode", ccode)}
	for j, m := range measures {
		if measureInfo[m].integer {
			cols = append(cols, table.NewInt(string(m), ints[j]))
		} else {
			cols = append(cols, table.NewFloat(string(m), flts[j]))
		}
	}
	nodes = table.New(cols...)

	withGroups := len(layers) > 0
	for _, l := range layers {
		withGroups = withGroups && l.Groups != nil
	}
	withComm := slices.Contains(measures, MCommunity)
	gcols := map[string][]float64{}
	var gyear, gn, gm, gcomp, gncomm []int64
	for _, k := range order {
		r := results[k]
		gyear = append(gyear, int64(layers[k].Year))
		gn = append(gn, int64(r.stats.Nodes))
		gm = append(gm, int64(r.stats.Edges))
		gcomp = append(gcomp, int64(r.stats.Components))
		gcols["density"] = append(gcols["density"], r.stats.Density)
		gcols["mean_degree"] = append(gcols["mean_degree"], r.stats.MeanDegree)
		gcols["transitivity"] = append(gcols["transitivity"], r.stats.Transitivity)
		gcols["assortativity_degree"] = append(gcols["assortativity_degree"], r.stats.DegreeAssortativity)
		gcols["assortativity_group"] = append(gcols["assortativity_group"], r.groupAssort)
		gncomm = append(gncomm, int64(r.partition.Communities))
		gcols["modularity"] = append(gcols["modularity"], r.partition.Modularity)
	}
	gc := []*table.Column{
		table.NewInt("year", gyear), table.NewInt("nodes", gn), table.NewInt("edges", gm),
		table.NewFloat("density", gcols["density"]), table.NewFloat("mean_degree", gcols["mean_degree"]),
		table.NewFloat("transitivity", gcols["transitivity"]),
		table.NewFloat("assortativity_degree", gcols["assortativity_degree"]),
		table.NewInt("components", gcomp),
	}
	if withGroups {
		gc = append(gc, table.NewFloat("assortativity_group", gcols["assortativity_group"]))
	}
	if withComm {
		gc = append(gc, table.NewInt("communities", gncomm), table.NewFloat("modularity", gcols["modularity"]))
	}
	graphs = table.New(gc...)

	names := make([]string, len(measures))
	for j, m := range measures {
		names[j] = string(m)
	}
	for _, t := range []*table.Table{nodes, graphs} {
		t.SetMeta("network.measures", strings.Join(names, ","))
		ties := "ties within relative " + strconv.FormatFloat(TieEpsilon, 'g', -1, 64)
		if opts.IgraphTies {
			ties += " of length+1 (igraph)"
		}
		t.SetMeta("network.path_length", "1/weight; "+ties)
		t.SetMeta("network.katz", "alpha = 0.5/max strength, beta = 1, unit L2 norm")
		t.SetMeta("network.pagerank_damping", strconv.FormatFloat(Damping, 'g', -1, 64))
		if withComm {
			t.SetMeta("network.louvain", fmt.Sprintf("gonum community.Modularize, resolution %v, seed rand.NewPCG(%d, year)", res, opts.Seed))
		}
	}
	return nodes, graphs, nil
}

type layerResult struct {
	ints        [][]int
	floats      [][]float64
	stats       Stats
	groupAssort float64
	partition   Partition
}

func computeLayer(l Layer, measures []Measure, res float64, seed uint64, workers int, igraphTies bool) (layerResult, error) {
	g := l.Graph
	r := layerResult{ints: make([][]int, len(measures)), floats: make([][]float64, len(measures))}
	var paths, hops *Paths
	need := func(ms ...Measure) bool {
		for _, m := range ms {
			if slices.Contains(measures, m) {
				return true
			}
		}
		return false
	}
	if need(MBetweenness, MCloseness, MHarmonic) {
		p := ShortestPaths(g, PathOptions{Workers: workers, IgraphTies: igraphTies})
		paths = &p
	}
	if need(MBetweennessHops) {
		p := ShortestPaths(g, PathOptions{Hops: true, Workers: workers})
		hops = &p
	}
	var pairs, wsum []float64
	if !g.Directed() {
		pairs, wsum = triangles(g)
	}
	if need(MCommunity) {
		p, err := Louvain(g, res, rand.NewPCG(seed, uint64(int64(l.Year))))
		if err != nil {
			return r, layerErr(l.Year, err)
		}
		r.partition = p
	}
	for j, m := range measures {
		var err error
		switch m {
		case MDegree:
			r.ints[j] = Degree(g)
		case MInDegree:
			r.ints[j] = InDegree(g)
		case MOutDegree:
			r.ints[j] = OutDegree(g)
		case MStrength:
			r.floats[j] = Strength(g)
		case MInStrength:
			r.floats[j] = InStrength(g)
		case MOutStrength:
			r.floats[j] = OutStrength(g)
		case MBetweenness:
			r.floats[j] = paths.Betweenness
		case MCloseness:
			r.floats[j] = paths.Closeness
		case MHarmonic:
			r.floats[j] = paths.Harmonic
		case MBetweennessHops:
			r.floats[j] = hops.Betweenness
		case MEigenvector:
			r.floats[j], err = Eigenvector(g)
		case MPageRank:
			r.floats[j] = PageRank(g)
		case MKatz:
			r.floats[j], err = Katz(g, KatzAlpha(g), 1)
		case MHub:
			r.floats[j] = Hub(g)
		case MAuthority:
			r.floats[j] = Authority(g)
		case MCoreness:
			r.ints[j] = Coreness(g)
		case MClustering:
			r.floats[j] = clusteringFrom(g, pairs)
		case MClusteringBarrat:
			r.floats[j] = barratFrom(g, wsum)
		case MCommunity:
			r.ints[j] = r.partition.Membership
		}
		if err != nil {
			return r, layerErr(l.Year, err)
		}
	}
	r.stats = graphStats(g, pairs)
	if l.Groups != nil {
		r.groupAssort = NominalAssortativity(g, l.Groups, l.GroupMissing)
	}
	return r, nil
}

// layerErr names the layer in an error from this package.
func layerErr(year int, err error) error {
	return fmt.Errorf("network: layer %d: %s", year, strings.TrimPrefix(err.Error(), "network: "))
}
