package main

import (
	"github.com/spf13/cobra"
)

func init() { register(newCmdEdges) }

type edgesOptions struct {
	g        *globalOptions
	out      outputOptions
	layer    layerOptions
	AllDyads bool
}

func newCmdEdges(g *globalOptions) *cobra.Command {
	o := &edgesOptions{g: g}
	cmd := &cobra.Command{
		Use:   "edges --layer LAYER [layer options] [--years A-B] [--all-dyads]",
		Short: "Write a layer's ties as a dyad-year table",
		Long: `Write the ties of a layer as a tidy dyad-year table with columns year,
ccode1, ccode2 and weight, sorted by year, ccode1 and ccode2. Undirected
layers have ccode1 < ccode2; directed ones run from ccode1 to ccode2. A
file layer with its own nodes has node1 and node2 instead.

Without --all-dyads only pairs with a positive weight appear. With it,
every pair of nodes of every year appears: weight 0 for a pair observed
without a tie, and empty (missing) for a pair whose weight is unknown.

For the igo layer the weight counts the organizations in which both states
are full members (--members changes which memberships count). COW's own
dyadic IGO file counts full and associate memberships: --members
full+associate reproduces it exactly (1950, 1990 and 2014 are checked).

` + layerHelp,
		Example: `  repnet edges --layer igo --years 1816-2014 --all-dyads --format csv -o igo_dyads.csv
  repnet edges --layer igo --select autocratic --threshold 0.67 --years 2014
  repnet edges --layer igo --igos sco,csto,cis --weight newman --years 1992-2014
  repnet edges --layer atop --obligation defense --directed --years 1990
  repnet edges --layer unvotes --issues hr --years 2000-2016 -o hr_agreement.parquet
  repnet edges --layer file:incidents.csv --nodes cow --all-dyads`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return edgesRun(o) },
	}
	addLayerFlags(cmd, &o.layer)
	cmd.Flags().BoolVar(&o.AllDyads, "all-dyads", false, "write every pair of nodes, with weight 0 or missing where there is no edge")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func edgesRun(o *edgesOptions) error {
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	p, _, err := buildPanel(o.g, &o.layer)
	if err != nil {
		return err
	}
	return writeOutput(o.g, &o.out, p.Edges(o.AllDyads))
}
