package notebooks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/network"
)

func init() {
	registerStep("centrality", `Computes node measures for every year of a network layer (as 'repnet
  centrality'): out = "NODES" (columns year, ccode, the measures; one row per
  state-year, isolates included) or out = ["NODES", "GRAPHS"] to add one row per
  year of graph statistics (nodes, edges, density, mean_degree, transitivity,
  assortativity_degree, components; communities and modularity with the
  community measure).
`+layerKeysDoc+`
  measures = ["degree", "strength", "eigenvector"]   or "all" (required): degree,
    strength, betweenness, betweenness_hops, closeness, harmonic, eigenvector,
    pagerank, katz, kcore, clustering, clustering_barrat, community (directed
    layers: in_degree, out_degree, in_strength, out_strength, hub, authority
    instead of degree, strength, eigenvector and the clusterings);
  attributes = true   adds stateabb, name, v2x_regime, regime, autocracy and
    v2x_polyarchy (V-Dem, that year) after ccode, for plots and tables;
  assortativity = "autocracy" | "regime"   adds assortativity_group to GRAPHS;
  resolution = 1.0, seed = N   the Louvain resolution and seed of the
    community measure (default: the step's seed);
  igraph_ties = true   judges ties between path lengths as igraph does.
  Conventions (checked against python-igraph): weights are strengths and paths
  have length 1/weight; betweenness counts each unordered pair once, not
  normalised; eigenvector has maximum 1; PageRank sums to 1 (damping 0.85).`, newCentralityStep)
}

type centralityStep struct {
	spec *Spec
	layerKeys
	Measures      stringList `toml:"measures"`
	Attributes    bool       `toml:"attributes"`
	Assortativity string     `toml:"assortativity"`
	Resolution    float64    `toml:"resolution"`
	Seed          uint64     `toml:"seed"`
	IgraphTies    bool       `toml:"igraph_ties"`
	ms            []network.Measure
}

func newCentralityStep(s *Spec, p *Params) (Step, error) {
	st := &centralityStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "a centrality step reads no table: it builds the layer from the bundled data")
	}
	if len(s.Out) != 1 && len(s.Out) != 2 {
		return nil, p.Errorf("out", "a centrality step makes the node table and, optionally, the graph table: out = \"NODES\" or out = [\"NODES\", \"GRAPHS\"]")
	}
	if err := st.resolveLayer(p); err != nil {
		return nil, err
	}
	if len(st.Measures) == 0 {
		return nil, p.Errorf("", "missing measures: give measures = [\"degree\", \"eigenvector\", ...] or measures = \"all\"")
	}
	var err error
	if st.ms, err = layers.ParseMeasures(strings.Join(st.Measures, ","), st.net.Directed); err != nil {
		return nil, p.Errorf("measures", "%s", strings.TrimPrefix(err.Error(), "layers: "))
	}
	switch st.Assortativity {
	case "":
	case "autocracy", "regime":
		if len(s.Out) != 2 {
			return nil, p.Errorf("assortativity", "assortativity goes into the graph table: give out = [\"NODES\", \"GRAPHS\"]")
		}
	default:
		return nil, p.Errorf("assortativity", "assortativity %q: want autocracy (autocracies against democracies) or regime (the four Regimes of the World categories)", st.Assortativity)
	}
	if p.Has("resolution") && !(st.Resolution > 0 && st.Resolution < 1e6) {
		return nil, p.Errorf("resolution", "resolution %v: want a positive number (1 is classical modularity)", st.Resolution)
	}
	if (p.Has("resolution") || p.Has("seed")) && !st.community() {
		return nil, p.Errorf(map[bool]string{true: "resolution", false: "seed"}[p.Has("resolution")], "resolution and seed apply to the community measure only")
	}
	return st, nil
}

func (st *centralityStep) community() bool { return slices.Contains(st.ms, network.MCommunity) }

func (st *centralityStep) Inputs() []string { return nil }
func (st *centralityStep) Outputs() []Output {
	out := make([]Output, len(st.spec.Out))
	for i, n := range st.spec.Out {
		out[i] = Output{Name: n, Kind: TableOutput}
	}
	return out
}

// UsesSeed: the community measure is seeded.
func (st *centralityStep) UsesSeed(derived uint64) (uint64, bool) {
	if !st.community() {
		return 0, false
	}
	if st.Seed != 0 {
		return st.Seed, true
	}
	return derived, true
}

func (st *centralityStep) Run(ctx *Context) error {
	p, d, err := st.panel(ctx)
	if err != nil {
		return err
	}
	seed, _ := st.UsesSeed(ctx.Seed)
	nodes, graphs, err := d.Centrality(p, st.ms, layers.MeasureOptions{Resolution: st.Resolution, Seed: seed,
		IgraphTies: st.IgraphTies, Assortativity: st.Assortativity, Attributes: st.Attributes})
	if err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "layers: "))
	}
	annotateNotes(p, nodes)
	ctx.SetTable(st.spec.Out[0], nodes)
	if len(st.spec.Out) == 2 {
		annotateNotes(p, graphs)
		ctx.SetTable(st.spec.Out[1], graphs)
	}
	return nil
}

// measureWords says what each measure is, with its conventions.
var measureWords = map[network.Measure]string{
	network.MDegree:           "degree (the number of states it has a tie with)",
	network.MStrength:         "strength (the sum of its ties' weights; Barrat et al. 2004)",
	network.MInDegree:         "in-degree and out-degree (arcs in, arcs out)",
	network.MOutDegree:        "",
	network.MInStrength:       "in-strength and out-strength (the weights of arcs in and out)",
	network.MOutStrength:      "",
	network.MBetweenness:      "betweenness (Freeman 1977; Brandes 2001) with path length 1/weight (Newman 2001), each unordered pair of states counted once, not normalised",
	network.MBetweennessHops:  "betweenness on unweighted paths (every tie of length 1), each unordered pair counted once, not normalised",
	network.MCloseness:        "closeness over the nodes a node can reach, (r - 1)/(sum of distances), with path length 1/weight, missing for isolates (Freeman 1979)",
	network.MHarmonic:         "harmonic centrality, the mean of 1/distance over the other nodes with path length 1/weight, 0 for isolates (Marchiori and Latora 2000)",
	network.MEigenvector:      "eigenvector centrality, the leading eigenvector of the weighted adjacency matrix scaled to a maximum of 1 (Bonacich 1972)",
	network.MPageRank:         "PageRank with damping 0.85, summing to 1 over the year's nodes (Page et al. 1999)",
	network.MKatz:             "Katz centrality with attenuation 0.5/(largest strength), beta 1 and unit Euclidean norm (Katz 1953)",
	network.MHub:              "HITS hub and authority scores scaled to a maximum of 1 (Kleinberg 1999)",
	network.MAuthority:        "",
	network.MCoreness:         "k-core number, ignoring weights (Seidman 1983)",
	network.MClustering:       "local clustering coefficient, ignoring weights, missing for nodes with fewer than two neighbours (Watts and Strogatz 1998)",
	network.MClusteringBarrat: "weighted local clustering coefficient (Barrat et al. 2004), missing for nodes with fewer than two neighbours",
	network.MCommunity:        "",
}

// measureCites are the methods.bib keys of measureWords.
var measureCites = map[network.Measure][]string{
	network.MStrength:         {"barrat2004architecture"},
	network.MBetweenness:      {"freeman1977set", "brandes2001faster", "newman2001scientific"},
	network.MCloseness:        {"freeman1979centrality"},
	network.MHarmonic:         {"marchiori2000harmony"},
	network.MEigenvector:      {"bonacich1972factoring"},
	network.MPageRank:         {"page1999pagerank"},
	network.MKatz:             {"katz1953new"},
	network.MHub:              {"kleinberg1999authoritative"},
	network.MAuthority:        {"kleinberg1999authoritative"},
	network.MCoreness:         {"seidman1983network"},
	network.MClustering:       {"watts1998collective"},
	network.MClusteringBarrat: {"barrat2004architecture"},
	network.MCommunity:        {"blondel2008fast"},
}

func (st *centralityStep) Cites() []string {
	keys := layerCites(st.net)
	for _, m := range st.ms {
		keys = append(keys, measureCites[m]...)
	}
	if st.community() && st.Resolution != 0 && st.Resolution != 1 {
		keys = append(keys, "reichardt2006statistical")
	}
	return keys
}

func (st *centralityStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	var words []string
	for _, m := range st.ms {
		if w := measureWords[m]; w != "" {
			words = append(words, w)
		}
	}
	var b strings.Builder
	phrase, details := st.describeLayer(ctx, st.spec.Out[0], t)
	b.WriteString(sentences(fmt.Sprintf("Table %s gives, for every node and year: %s.", st.spec.Out[0], measureSentence(words)),
		fmt.Sprintf("The network is %s.", phrase), details))
	if st.community() {
		seed, _ := st.UsesSeed(ctx.Seed)
		fmt.Fprintf(&b, " %s", louvainWords(st.Resolution, seed))
	}
	if st.Attributes {
		b.WriteString(" Each state's COW abbreviation and its V-Dem Regimes of the World category and electoral democracy index that year are attached (missing where V-Dem has none).")
	}
	if st.IgraphTies {
		b.WriteString(" Ties between path lengths are judged as igraph judges them.")
	}
	if len(st.spec.Out) == 2 {
		fmt.Fprintf(&b, " Table %s has one row per year of graph statistics: nodes, edges, density, mean degree, transitivity (global clustering, ignoring weights), degree assortativity and the number of components", st.spec.Out[1])
		if st.Assortativity != "" {
			what := map[string]string{"autocracy": "autocracy against democracy (v2x_regime 0-1 against 2-3)", "regime": "the four Regimes of the World categories"}[st.Assortativity]
			fmt.Fprintf(&b, ", and the nominal assortativity of %s, states without a V-Dem code left out", what)
		}
		b.WriteString(".")
	}
	return b.String()
}

// measureSentence joins measure descriptions: "a, b and c".
func measureSentence(words []string) string {
	switch len(words) {
	case 0:
		return "its Louvain community"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], "; ") + "; and " + words[len(words)-1]
}

// louvainWords describes the Louvain partition of a step.
func louvainWords(resolution float64, seed uint64) string {
	res := "classical modularity (resolution 1)"
	if resolution != 0 && resolution != 1 {
		res = fmt.Sprintf("modularity at resolution %v (Reichardt and Bornholdt 2006)", resolution)
	}
	return fmt.Sprintf("Communities maximise weighted %s with the Louvain algorithm (Blondel et al. 2008) as gonum's community.Modularize runs it, each year's run seeded with PCG(%d, year); they are numbered 0, 1, ... in the order of their smallest COW code, and different seeds can give different partitions of similar modularity.", res, seed)
}
