package main

import (
	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/layers"
)

func init() { register(newCmdIGOs) }

type igosOptions struct {
	g         *globalOptions
	out       outputOptions
	Years     string
	Threshold float64
}

func newCmdIGOs(g *globalOptions) *cobra.Command {
	o := &igosOptions{g: g}
	cmd := &cobra.Command{
		Use:   "igos [--years A-B] [--threshold T]",
		Short: "Regime composition of intergovernmental organizations, by year",
		Long: `Write the regime composition of every intergovernmental organization in
COW IGO v3, one row per organization-year (Debre 2022; Cottiero and Haggard
2023): year, igo (COW's lower-case abbreviation), ionum, ioname, orgname;
n_full, n_associate, n_observer and n_missing (states coded -9); n_regime,
the full members with a V-Dem Regimes of the World code that year, and
regime_coverage = n_regime/n_full; n_autocracies, those coded closed (0) or
electoral (1) autocracy, and share_autocratic = n_autocracies/n_regime;
polyarchy_mean and polyarchy_sd (sample, n-1) of the full members'
v2x_polyarchy over n_polyarchy members; autocratic = share_autocratic >=
--threshold; and alive (COW's IGO-year file has the organization that year).

Only full members count. Members without a regime code are left out of the
share, which is the share among coded members: read it with
regime_coverage. The share and autocratic are missing when no full member
is coded: before 1900, when Regimes of the World begins, and for the
organizations whose membership COW codes missing (26 in 2014).

The classification is sensitive to the threshold. Of the 335 organizations
alive in 2014, 307 have a coded full member; autocratic are
  103 at 0.5, 81 at 0.6, 53 at 0.67, 43 at 0.75, 25 at 0.9, 13 at 1.
Report results at more than one threshold.`,
		Example: `  repnet igos --years 2014 --format markdown
  repnet igos --years 1990-2014 --threshold 0.67 -o igo_composition.parquet
  repnet edges --layer igo --select autocratic --threshold 0.67 --years 2014`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return igosRun(o) },
	}
	cmd.Flags().StringVar(&o.Years, "years", "", "years `A-B` (or one year; default 1816-2014)")
	cmd.Flags().Float64Var(&o.Threshold, "threshold", layers.DefaultThreshold, "share of autocracies at or above which an organization is autocratic")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func igosRun(o *igosOptions) error {
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	years, err := parseYears(o.Years)
	if err != nil {
		return err
	}
	if !(o.Threshold > 0 && o.Threshold <= 1) {
		return usagef("--threshold %v: want a share in (0, 1]", o.Threshold)
	}
	t, err := layers.NewData().Composition(years, o.Threshold)
	if err != nil {
		return layerErr(err)
	}
	return writeOutput(o.g, &o.out, t)
}
