package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/network"
)

func init() { register(newCmdCentrality) }

type centralityOptions struct {
	g             *globalOptions
	out           outputOptions
	layer         layerOptions
	Measures      string
	GraphStats    bool
	Assortativity string
	Resolution    float64
	Seed          uint64
	IgraphTies    bool
	Attributes    bool
}

func newCmdCentrality(g *globalOptions) *cobra.Command {
	o := &centralityOptions{g: g}
	undirected := make([]string, 0)
	for _, m := range network.UndirectedMeasures() {
		undirected = append(undirected, string(m))
	}
	directed := make([]string, 0)
	for _, m := range network.DirectedMeasures() {
		directed = append(directed, string(m))
	}
	cmd := &cobra.Command{
		Use:   "centrality --layer LAYER [layer options] [--measures LIST|all] [--years A-B]",
		Short: "Compute node centrality (or graph statistics) for every year of a layer",
		Long: `Compute node-level measures for every year of a layer: a tidy table with
columns year, ccode and one column per measure, one row per state-year
(isolates included); --attributes adds each state's abbreviation, name and
V-Dem regime that year, ready for repnet plot network. A value that is undefined (the closeness of an
isolate, the clustering of a node with fewer than two neighbours) is
missing, never 0.

Measures on undirected layers: ` + strings.Join(undirected, ", ") + `.
On directed layers: ` + strings.Join(directed, ", ") + `.
"all" is every measure defined for the layer. Conventions (checked against
python-igraph 0.10): weights are strengths and paths use length 1/weight;
betweenness counts each unordered pair once and is not normalised;
eigenvector, hub and authority scores have maximum 1; PageRank sums to 1
(damping 0.85); Katz uses alpha = 0.5/(largest strength), beta 1, unit norm;
community is the Louvain community (seeded, see repnet communities).

With --graph-stats the output is one row per year instead: nodes, edges,
density, mean_degree, transitivity, assortativity_degree, components (and
communities and modularity when community is among the measures), plus
assortativity_group, the nominal assortativity of the regime type, with
--assortativity autocracy (autocracies, v2x_regime 0-1, against
democracies) or regime (the four Regimes of the World categories); states
without a V-Dem code are left out of it.

Output is the same, byte for byte, whatever the number of threads.

` + layerHelp,
		Example: `  repnet centrality --layer igo --measures all --years 1946-2014 -o igo_centrality.parquet
  repnet centrality --layer igo --select autocratic --measures degree,strength,eigenvector --years 2014
  repnet centrality --layer igo --graph-stats --assortativity autocracy --years 1950-2014
  repnet centrality --layer igo --igos sco,csto,cis --measures strength --attributes --years 2014 -o nodes.csv
  repnet centrality --layer atop --directed --measures in_degree,pagerank --years 2000
  repnet centrality --layer tnr:ifes-2024-cases --pool --undated --nodes file --measures in_degree,in_strength,out_degree`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return centralityRun(o) },
	}
	addLayerFlags(cmd, &o.layer)
	f := cmd.Flags()
	f.StringVar(&o.Measures, "measures", "all", "comma-separated `LIST` of measures, or all")
	f.BoolVar(&o.GraphStats, "graph-stats", false, "write one row of graph-level statistics per year instead")
	f.StringVar(&o.Assortativity, "assortativity", "", "with --graph-stats: add the assortativity of autocracy or regime (V-Dem RoW)")
	f.Float64Var(&o.Resolution, "resolution", 1, "Louvain resolution for the community measure")
	f.Uint64Var(&o.Seed, "seed", 1, "Louvain random seed for the community measure")
	f.BoolVar(&o.IgraphTies, "igraph-ties", false, "judge ties between path lengths exactly as igraph does")
	f.BoolVar(&o.Attributes, "attributes", false, "add stateabb, name, v2x_regime, regime, autocracy and v2x_polyarchy (V-Dem) after ccode")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func centralityRun(o *centralityOptions) error {
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	if o.Assortativity != "" && o.Assortativity != "autocracy" && o.Assortativity != "regime" {
		return usagef("--assortativity %q: want autocracy or regime", o.Assortativity)
	}
	if o.Assortativity != "" && !o.GraphStats {
		return usagef("--assortativity goes with --graph-stats")
	}
	if o.Attributes && o.GraphStats {
		return usagef("--attributes describes nodes: it does not go with --graph-stats")
	}
	p, d, err := buildPanel(o.g, &o.layer)
	if err != nil {
		return err
	}
	ms, err := layers.ParseMeasures(o.Measures, p.Directed)
	if err != nil {
		return usagef("--measures: %s", strings.TrimPrefix(err.Error(), "layers: "))
	}
	nodes, graphs, err := d.Centrality(p, ms, layers.MeasureOptions{Resolution: o.Resolution, Seed: o.Seed,
		IgraphTies: o.IgraphTies, Assortativity: o.Assortativity, Attributes: o.Attributes})
	if err != nil {
		return layerErr(err)
	}
	if o.GraphStats {
		return writeOutput(o.g, &o.out, graphs)
	}
	return writeOutput(o.g, &o.out, nodes)
}
