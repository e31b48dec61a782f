package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/tnr"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() { register(newCmdTNRModel) }

type tnrModelOptions struct {
	g               *globalOptions
	out             outputOptions
	Design          string
	Incidents       string
	Mapping         string
	AllowUnresolved bool
	Years           string
	Formula         string
	Tactics         []string
	Cooperation     []string
	NoCarry         bool
	Autocracies     bool
	PanelOut        string
	StatsOut        string
}

func newCmdTNRModel(g *globalOptions) *cobra.Command {
	o := &tnrModelOptions{g: g}
	cmd := &cobra.Command{
		Use:   "tnr-model --design host|origin --incidents FILE --mapping M [--years A-B] [--formula F]",
		Short: "Fit the host-cooperation or origin-year model of transnational repression",
		Long: `Build the panel of a published design of transnational repression from an
incident file (read with --mapping as 'repnet incidents' does) and fit its
model; write the coefficients (broom's columns after a column model).

--design host (Michaelsen and Ruijgrok 2024, Democratization 31(2)): directed
dyad-years, ccode1 the origin, ccode2 the host, every ordered pair of COW
states each year of --years (default: the incidents' coverage). coop is 1
when the origin's nationals were targeted in the host with the host's
cooperation (--cooperation, default yes); the predictors are
shared_autocratic_igos, alliance, contiguity, un_agreement (each in its
source's year, or its last year after it ends, unless --no-carry),
host_autocracy, host_polyarchy, origin_repression (-theta_mean, Fariss, t-1)
and origin_repression_rise (over t-4..t-1). Default formula:
  ` + tnr.HostFormula + `
fitted by Firth's penalised likelihood (model firth, Wald intervals) and by
maximum likelihood with dyadic-robust errors (model logit,
dyadic:ccode1,ccode2); repnet offers no sandwich variance for Firth fits.

--design origin (Dukalskis, Furstenberg, Hellmeier and Scales 2023, Journal
of Conflict Resolution): state-years, incidents = the state's incidents that
year (summed over hosts; --tactic and --cooperation filter them),
repression_lag1, repression_rise, autocracy_lag1, polyarchy_lag1;
--autocracies keeps the states that were autocracies the year before.
Default formula:
  ` + tnr.OriginFormula + `
fitted by Poisson regression with errors clustered by state (cluster:ccode)
and, for comparison, model-based ones. Their repression measure is V-Dem's
inverted civil liberties index, which repnet does not bundle.

--panel-out writes the panel (for 'repnet model' with other formulas),
--stats-out the fit statistics. A value a source lacks is missing, never 0,
and a model drops its rows.`,
		Example: `  repnet tnr-model --design host --incidents fh.csv --mapping fh.toml --years 2014-2020 -o host_model.csv
  repnet tnr-model --design origin --incidents aaad.csv --mapping aaad --autocracies --panel-out origin_years.parquet
  repnet tnr-model --design host --incidents fh.csv --mapping fh.toml --formula "coop ~ host_autocracy + contiguity"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return tnrModelRun(o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.Design, "design", "", "`DESIGN`: host (dyad-year cooperation) or origin (origin-year counts)")
	f.StringVar(&o.Incidents, "incidents", "", "the incident `FILE` (CSV, optionally gzipped)")
	f.StringVar(&o.Mapping, "mapping", "", "the incident file's layout: a built-in `NAME` ("+strings.Join(loaders.IncidentMappings(), ", ")+") or a TOML file")
	f.BoolVar(&o.AllowUnresolved, "allow-unresolved", false, "drop (and list) incidents whose origin or host does not resolve to a COW state")
	f.StringVar(&o.Years, "years", "", "years `A-B` of the panel (default: the incidents' coverage)")
	f.StringVar(&o.Formula, "formula", "", "the model `FORMULA` (default: the design's)")
	f.StringSliceVar(&o.Tactics, "tactic", nil, "count only incidents with these `TACTICS`")
	f.StringSliceVar(&o.Cooperation, "cooperation", nil, "count only incidents whose host_cooperation is one of `VALUES` (host design: default yes)")
	f.BoolVar(&o.NoCarry, "no-carry", false, "host design: leave a dyadic predictor missing after its source's last year")
	f.BoolVar(&o.Autocracies, "autocracies", false, "origin design: keep only states that were autocracies the year before (V-Dem RoW)")
	f.StringVar(&o.PanelOut, "panel-out", "", "also write the panel to `FILE` (.csv, .parquet, .md)")
	f.StringVar(&o.StatsOut, "stats-out", "", "also write the fit statistics to `FILE` (.csv, .parquet, .md)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func tnrModelRun(o *tnrModelOptions) error {
	g := o.g
	if _, _, err := o.out.resolve(g.Stdout); err != nil {
		return err
	}
	switch {
	case o.Design != "host" && o.Design != "origin":
		return usagef("--design %q: want host or origin", o.Design)
	case o.Incidents == "" || o.Mapping == "":
		return usagef("give --incidents FILE and --mapping (a built-in name: %s, or a TOML file)", strings.Join(loaders.IncidentMappings(), ", "))
	case o.Design == "host" && o.Autocracies:
		return usagef("--autocracies goes with --design origin")
	case o.Design == "origin" && o.NoCarry:
		return usagef("--no-carry goes with --design host")
	}
	for _, tc := range o.Tactics {
		if !contains(loaders.IncidentTactics, tc) {
			return usagef("--tactic %q: want one of %s", tc, strings.Join(loaders.IncidentTactics, ", "))
		}
	}
	for _, v := range o.Cooperation {
		if !contains(loaders.HostCooperationValues, v) {
			return usagef("--cooperation %q: want one of %s", v, strings.Join(loaders.HostCooperationValues, ", "))
		}
	}
	if err := checkSideOutput("--panel-out", o.PanelOut); err != nil {
		return err
	}
	if err := checkSideOutput("--stats-out", o.StatsOut); err != nil {
		return err
	}
	years, err := parseYears(o.Years)
	if err != nil {
		return err
	}
	m, err := incidentMapping(o.Mapping)
	if err != nil {
		return err
	}
	c, err := loaders.LoadCountries()
	if err != nil {
		return err
	}
	f, err := os.Open(o.Incidents)
	if err != nil {
		return err
	}
	defer f.Close()
	inc, err := loaders.ReadIncidents(f, o.Incidents, m, c, loaders.IncidentOptions{AllowUnresolved: o.AllowUnresolved})
	if err != nil {
		return err
	}
	if !g.Quiet {
		incidentNotes(g.Stderr, inc)
	}
	cov := inc.Coverage
	if cov.IsAll() {
		return fmt.Errorf("%s: mapping %s declares no coverage (first_year, last_year): copy the mapping, set them, and pass the copy with --mapping", o.Incidents, m.Name)
	}
	if !years.IsAll() && (years.First < cov.First || years.Last > cov.Last) {
		return usagef("--years %s reaches outside the incidents' coverage %d-%d", o.Years, cov.First, cov.Last)
	}
	d := tnr.NewData(max(cov.Last, 2021))
	var panel, coefs, stats *table.Table
	if o.Design == "host" {
		if panel, err = d.HostPanel(inc, tnr.HostOptions{Years: years, Cooperation: o.Cooperation, Tactics: o.Tactics, NoCarry: o.NoCarry}); err != nil {
			return err
		}
		fit, err := tnr.FitHost(panel, o.Formula, 0.95)
		if err != nil {
			return err
		}
		coefs, stats = fit.Coefficients, fit.Stats
		if !g.Quiet {
			for _, x := range fit.Logit.Warnings {
				fmt.Fprintf(g.Stderr, "repnet: warning: ML logit (read the Firth estimates): %s\n", x)
			}
			for _, x := range fit.Firth.Warnings {
				fmt.Fprintf(g.Stderr, "repnet: warning: Firth logit: %s\n", x)
			}
		}
	} else {
		if panel, err = d.OriginPanel(inc, tnr.OriginOptions{Years: years, Tactics: o.Tactics, Cooperation: o.Cooperation, Autocracies: o.Autocracies}); err != nil {
			return err
		}
		fit, err := tnr.FitOrigin(panel, o.Formula, 0.95)
		if err != nil {
			return err
		}
		coefs, stats = fit.Coefficients, fit.Stats
		if !g.Quiet {
			for _, x := range fit.Model.Warnings {
				fmt.Fprintf(g.Stderr, "repnet: warning: Poisson: %s\n", x)
			}
		}
	}
	if err := writeSideOutput(g, o.PanelOut, panel); err != nil {
		return err
	}
	if err := writeSideOutput(g, o.StatsOut, stats); err != nil {
		return err
	}
	return writeOutput(g, &o.out, coefs)
}
