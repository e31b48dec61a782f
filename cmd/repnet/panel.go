package main

import (
	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/panel"
)

func init() { register(newCmdPanel) }

type panelOptions struct {
	g        *globalOptions
	out      outputOptions
	Unit     string
	Years    string
	Add      []string
	Directed bool
	Seed     uint64
}

func newCmdPanel(g *globalOptions) *cobra.Command {
	o := &panelOptions{g: g}
	cmd := &cobra.Command{
		Use:   "panel state-year|dyad-year --years A-B --add SPEC...",
		Short: "Build a state-year or dyad-year panel of datasets, layers, lags and exposures",
		Long: `Build a state-year or dyad-year panel: one row per state in the COW state
system each year (ccode, year), or per pair of states both in the system
that year (ccode1, ccode2, year; ccode1 < ccode2, or both orders with
--directed), with one column per --add spec.

SPEC is an expression, optionally named with "as":

  DATASET[/TABLE].COLUMN      a column of a bundled dataset (repnet datasets)
  lag(EXPR[, K])              EXPR K years earlier (K = 1); never across a gap
                              in the state's (dyad's) years in the system
  lead(EXPR[, K])             EXPR K years later
  neg(EXPR)                   minus EXPR (neg(fariss.theta_mean): repression)
  min(EXPR), max(EXPR)        dyad panels: the smaller/larger value of the pair
  absdiff(EXPR)               dyad panels: |value of ccode1 - value of ccode2|
  layer(KIND, KEY=VALUE...)   dyad panels: the layer's edge weight (0 between
                              two states not joined)
  exposure(EXPR, LAYER)       weighted mean of EXPR over a state's neighbours
                              in LAYER (missing neighbours left out)
  centrality(LAYER, MEASURE)  degree, strength, eigenvector, pagerank,
                              betweenness, closeness, ... of each state
  SPEC as NAME                name the column (dyad panels: NAME_1, NAME_2)
  SPEC as NAME1, NAME2        dyad panels: name both members' columns

LAYER options are those of package layers' Spec: igo takes
members, igos, kinds, select, threshold, weight, backbone (layer(igo, sco)
is 1 for two SCO members); atop obligation, directed; trade flow,
min_weight; contiguity max_type; unvotes abstain, issues, important;
layer(file, path="edges.csv", nodes=cow) a user's edge list. A LAYER may
be written as a bare KIND (igo) for layer(KIND). A state-year
variable in a dyad panel gives two columns, one per member, suffixed _1
and _2. Values outside a source's years are missing; for sparse sources
(ATOP, contiguity) a dyad-year inside the source's years without a row is
0. The coverage and spec of each column are written to Parquet metadata.`,
		Example: `  repnet panel state-year --years 1990-2014 --add 'neg(fariss.theta_mean) as repression' \
      --add 'lag(exposure(neg(fariss.theta_mean), layer(igo, select=autocratic)), 1) as learning'
  repnet panel dyad-year --years 1990-2014 -o panel.parquet \
      --add 'vdem.v2x_polyarchy as polyarchy' --add 'atop.atop_defense as defense' \
      --add 'cow-contiguity.conttype' --add 'layer(igo) as shared_igos'
  repnet panel state-year --years 2014 --add 'centrality(igo, eigenvector)' --format markdown`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Unit = args[0]
			return panelRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Years, "years", "", "years `A-B` (or one year) of the rows (required)")
	cmd.Flags().StringArrayVar(&o.Add, "add", nil, "add the variable `SPEC` (repeatable; see above)")
	cmd.Flags().BoolVar(&o.Directed, "directed", false, "dyad-year: one row per ordered pair")
	cmd.Flags().Uint64Var(&o.Seed, "seed", 1, "seed of centrality(..., community)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func panelRun(o *panelOptions) error {
	if o.Unit != panel.StateYear && o.Unit != panel.DyadYear {
		return usagef("unknown panel unit %q: want state-year or dyad-year", o.Unit)
	}
	if o.Directed && o.Unit != panel.DyadYear {
		return usagef("--directed applies to dyad-year panels only")
	}
	if o.Years == "" {
		return usagef("--years is required, e.g. --years 1990-2014")
	}
	if _, err := parseYears(o.Years); err != nil {
		return err
	}
	for _, s := range o.Add {
		sp, err := panel.ParseSpec(s)
		if err != nil {
			return usageError{err}
		}
		// An unknown dataset or a bad layer option is a usage error too,
		// found before any data is read.
		if err := sp.Check(); err != nil {
			return usageError{err}
		}
	}
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	t, err := panel.Build(panel.Options{Unit: o.Unit, Years: o.Years, Directed: o.Directed, Add: o.Add, Seed: o.Seed})
	if err != nil {
		return err
	}
	return writeOutput(o.g, &o.out, t)
}
