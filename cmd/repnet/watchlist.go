package main

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/tnr"
	"github.com/repnet/repnet/loaders"
)

func init() { register(newCmdWatchlist) }

type watchlistOptions struct {
	g               *globalOptions
	out             outputOptions
	Year            int
	Top, Hosts      int
	Incidents       string
	Mapping         string
	AllowUnresolved bool
	Cooperation     []string
	NoCarry         bool
	OriginsOut      string
	ModelOut        string
}

func newCmdWatchlist(g *globalOptions) *cobra.Command {
	o := &watchlistOptions{g: g}
	cmd := &cobra.Command{
		Use:   "watchlist [--year Y] [--incidents FILE --mapping M] [--top N] [--hosts K]",
		Short: "Origin states of rising repression, and the host states most tied to them",
		Long: `List the states whose domestic repression rose most over the three years to
--year (default: the latest year the data allow, 2021, the last year of
Fariss's scores) and, for each, the host states most tied to it: the
states whose dissidents abroad are likeliest to be targeted, and where
(Cottiero 2024, IFES: "proactively identify and support individuals and
groups which are likely to be targeted based on known predictors of
transnational repression").

One row per listed origin and host, with every component of both ranks:
  origin_rank        by repression_rise = repression(Y) - repression(Y-3),
                     repression = -theta_mean (Fariss v4.02; higher = more
                     repression); ties by the lower COW code
  pts, pts_before, pts_rise
                     the Political Terror Scale (mean of the available
                     Amnesty, HRW, State Department scores, 1-5) in Y and
                     Y-3: shown beside the rank, not used in it
  host_rank          by link_score, the mean of the available components,
                     each rescaled to 0-1 over all ordered pairs of Y:
    shared_autocratic_igos  organizations both are full members of, at
                            least half of whose full members with a V-Dem
                            code are autocracies (COW IGO: igo_year)
    alliance                an ATOP obligation either way (atop_year)
    un_agreement            UN General Assembly voting agreement (unvotes_year)
Each source is used in year Y, or in its last year when Y is later (COW
IGO ends in 2014, ATOP in 2018, the UN votes in 2019): the *_year columns
say which. A value a source lacks is missing, never 0.

With --incidents (a Freedom House or AAAD file, or your own, read with
--mapping as 'repnet incidents' does), the host-cooperation model
(Michaelsen and Ruijgrok 2024: a Firth logit of a cooperative incident on
shared autocratic organizations, host autocracy, the origin's rise in
repression, alliance, contiguity and UN agreement, directed dyad-years) is
fitted on the incidents' years before Y and each origin's hosts are ranked
by p_coop, its predicted probability in Y; pair_rank ranks the pair among
all pairs, coop is what happened in Y, and the AUC of the predictions for
Y (out of sample) is printed and recorded in the metadata. --model-out
writes the model's coefficients (Firth with Wald intervals; ML logit with
dyadic-robust intervals). The bundled ifes-2024-cases are illustrative, not
a sample: no model is fitted to them.

The rules and the source years are recorded in the output's metadata
(Parquet).`,
		Example: `  repnet watchlist --format markdown
  repnet watchlist --year 2019 --top 20 --hosts 3 -o watchlist_2019.csv
  repnet watchlist --incidents fh_incidents.csv --mapping fh.toml --year 2020 --model-out host_model.csv -o watchlist.parquet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return watchlistRun(o) },
	}
	f := cmd.Flags()
	f.IntVar(&o.Year, "year", 0, "the watchlist's `YEAR` (default: the latest the data allow)")
	f.IntVar(&o.Top, "top", 10, "list the `N` origin states whose repression rose most")
	f.IntVar(&o.Hosts, "hosts", 5, "list `K` host states for each origin")
	f.StringVar(&o.Incidents, "incidents", "", "an incident `FILE` (CSV, optionally gzipped): fit the host-cooperation model and rank hosts by it")
	f.StringVar(&o.Mapping, "mapping", "", "the incident file's layout: a built-in `NAME` ("+strings.Join(loaders.IncidentMappings(), ", ")+") or a TOML file")
	f.BoolVar(&o.AllowUnresolved, "allow-unresolved", false, "drop (and list) incidents whose origin or host does not resolve to a COW state")
	f.StringSliceVar(&o.Cooperation, "cooperation", nil, "host_cooperation `VALUES` that make an incident cooperative (default yes)")
	f.BoolVar(&o.NoCarry, "no-carry", false, "model: leave a dyadic predictor missing after its source's last year instead of using that year's value")
	f.StringVar(&o.OriginsOut, "origins-out", "", "also write every origin state's rank and components to `FILE` (.csv, .parquet, .md)")
	f.StringVar(&o.ModelOut, "model-out", "", "with --incidents: write the model's coefficients to `FILE` (.csv, .parquet, .md)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func watchlistRun(o *watchlistOptions) error {
	g := o.g
	if _, _, err := o.out.resolve(g.Stdout); err != nil {
		return err
	}
	switch {
	case o.Incidents != "" && o.Mapping == "":
		return usagef("--mapping is required with --incidents: a built-in name (%s) or a TOML file", strings.Join(loaders.IncidentMappings(), ", "))
	case o.Incidents == "" && (o.Mapping != "" || o.AllowUnresolved || o.Cooperation != nil || o.NoCarry || o.ModelOut != ""):
		return usagef("--mapping, --allow-unresolved, --cooperation, --no-carry and --model-out go with --incidents")
	case o.Top < 1 || o.Hosts < 1:
		return usagef("--top and --hosts must be at least 1")
	}
	for _, v := range o.Cooperation {
		if !contains(loaders.HostCooperationValues, v) {
			return usagef("--cooperation %q: want one of %s", v, strings.Join(loaders.HostCooperationValues, ", "))
		}
	}
	if err := checkSideOutput("--origins-out", o.OriginsOut); err != nil {
		return err
	}
	if err := checkSideOutput("--model-out", o.ModelOut); err != nil {
		return err
	}

	var inc *loaders.Incidents
	through := 2021
	if o.Incidents != "" {
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
		if inc, err = loaders.ReadIncidents(f, o.Incidents, m, c, loaders.IncidentOptions{AllowUnresolved: o.AllowUnresolved}); err != nil {
			return err
		}
		if !g.Quiet {
			incidentNotes(g.Stderr, inc)
		}
		through = max(through, inc.Coverage.Last)
	}
	through = max(through, o.Year)
	d := tnr.NewData(through)
	latest, err := d.LatestYear()
	if err != nil {
		return err
	}
	if o.Year > latest {
		return usagef("--year %d: the latest year the data allow is %d (Fariss's scores, which rank the origins, end in %d)", o.Year, latest, latest)
	}
	if o.Year != 0 && o.Year < 1949 {
		return usagef("--year %d: Fariss's scores begin in 1946, and the rise needs Y-3", o.Year)
	}
	if inc != nil {
		y := o.Year
		if y == 0 {
			y = latest
		}
		if y <= inc.Coverage.First {
			return usagef("--year %d: the incidents cover %d-%d, so no year before %d is left to fit the model on", y, inc.Coverage.First, inc.Coverage.Last, y)
		}
	}
	w, err := d.Watchlist(tnr.WatchlistOptions{Year: o.Year, Top: o.Top, Hosts: o.Hosts, Incidents: inc,
		Host: tnr.HostOptions{Cooperation: o.Cooperation, NoCarry: o.NoCarry}})
	if err != nil {
		return err
	}
	if !g.Quiet {
		var from []string
		for _, c := range []struct{ name, col string }{{"shared_autocratic_igos", "igo_year"}, {"alliance", "atop_year"}, {"un_agreement", "unvotes_year"}} {
			if yc := w.Table.Col(c.col); yc != nil && yc.Len() > 0 {
				from = append(from, fmt.Sprintf("%s from %d", c.name, yc.Ints[0]))
			}
		}
		fmt.Fprintf(g.Stderr, "repnet: note: watchlist for %d (%s)\n", w.Year, strings.Join(from, ", "))
		if w.Model != nil {
			if math.IsNaN(w.AUC) {
				fmt.Fprintf(g.Stderr, "repnet: note: model fitted on %s; no AUC for %d\n", w.TrainYears, w.Year)
			} else {
				fmt.Fprintf(g.Stderr, "repnet: note: model fitted on %s; out-of-sample AUC in %d: %.3f (%d pairs, %d with a cooperative incident)\n", w.TrainYears, w.Year, w.AUC, w.TestPairs, w.TestPositives)
			}
		}
		for _, n := range w.Notes {
			fmt.Fprintf(g.Stderr, "repnet: note: %s\n", n)
		}
	}
	if err := writeSideOutput(g, o.OriginsOut, w.Origins); err != nil {
		return err
	}
	if w.Model != nil {
		if err := writeSideOutput(g, o.ModelOut, w.Model.Coefficients); err != nil {
			return err
		}
	}
	return writeOutput(g, &o.out, w.Table)
}
