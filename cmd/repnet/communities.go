package main

import (
	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/layers"
)

func init() { register(newCmdCommunities) }

type communitiesOptions struct {
	g          *globalOptions
	out        outputOptions
	layer      layerOptions
	Resolution float64
	Seed       uint64
	GraphStats bool
}

func newCmdCommunities(g *globalOptions) *cobra.Command {
	o := &communitiesOptions{g: g}
	cmd := &cobra.Command{
		Use:   "communities --layer LAYER [layer options] [--resolution R] [--seed N] [--years A-B]",
		Short: "Find communities (Louvain) in every year of a layer",
		Long: `Divide each year's network into communities by maximising weighted
modularity with the Louvain algorithm (Blondel et al. 2008, as gonum's
community.Modularize runs it). The output has one row per node and year:
year, ccode, community (numbered 0, 1, ... in the order of each
community's smallest ccode), communities (their number that year) and
modularity (of that year's partition, at the resolution used). With
--graph-stats it has one row per year instead, with the graph statistics.

The algorithm visits nodes in a random order: the year Y uses the random
source PCG(seed, Y), so results depend only on --seed (default 1), not on
which other years are computed or on the number of threads. Different
seeds can give different partitions of similar modularity; report the
seed. --resolution above 1 favours smaller communities (Reichardt and
Bornholdt 2006). A directed layer is partitioned as undirected with
weights w_ij + w_ji.

` + layerHelp,
		Example: `  repnet communities --layer igo --years 1946-2014 -o igo_communities.csv
  repnet communities --layer unvotes --years 1990-2016 --resolution 1.2 --seed 7
  repnet communities --layer igo --select autocratic --years 2014 --graph-stats`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return communitiesRun(o) },
	}
	addLayerFlags(cmd, &o.layer)
	f := cmd.Flags()
	f.Float64Var(&o.Resolution, "resolution", 1, "modularity resolution γ (1: classical modularity)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.BoolVar(&o.GraphStats, "graph-stats", false, "write one row per year (graph statistics, communities, modularity) instead")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func communitiesRun(o *communitiesOptions) error {
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	if !(o.Resolution > 0) {
		return usagef("--resolution %v: want a positive number", o.Resolution)
	}
	p, d, err := buildPanel(o.g, &o.layer)
	if err != nil {
		return err
	}
	nodes, graphs, err := d.Communities(p, layers.MeasureOptions{Resolution: o.Resolution, Seed: o.Seed})
	if err != nil {
		return layerErr(err)
	}
	if o.GraphStats {
		return writeOutput(o.g, &o.out, graphs)
	}
	return writeOutput(o.g, &o.out, nodes)
}
