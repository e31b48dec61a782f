package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/loaders"
)

func init() { register(newCmdIncidents) }

// incidentDatasets are the bundled datasets in the incident schema.
var incidentDatasets = map[string]func() (*loaders.Incidents, error){
	"ifes-2024-cases": loaders.IFESCases,
}

type incidentsOptions struct {
	g               *globalOptions
	out             outputOptions
	File            string
	Dataset         string
	Mapping         string
	PrintMapping    string
	AllowUnresolved bool
	Dyads           string
	ByTactic        bool
	Tactics         []string
	Cooperation     []string
	CooperativeOnly bool
	Years           string
}

func newCmdIncidents(g *globalOptions) *cobra.Command {
	o := &incidentsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "incidents [FILE]",
		Short: "Read transnational repression incidents; make directed dyad-years",
		Long: `Read a file of transnational repression incidents (CSV, optionally gzipped;
"-" reads stdin) into repnet's incident table, or, with --dyads, into a
directed dyad-year table (ccode1 = origin state, ccode2 = host state, year).

--mapping says how the file's columns and labels map onto the incident
schema: incident_id, year, date, origin (the state whose government targets
its national), host (the state where it happens), tactic (detention,
deportation_extradition, rendition_abduction, assault, assassination, threat,
interpol_abuse, travel_document_abuse, other), host_cooperation (yes, no,
unknown), target_type, source. It is a built-in name or a TOML file.
Built-in: ` + strings.Join(loaders.IncidentMappings(), ", ") + `. The column names of freedom-house
and aaad are repnet's unverified guesses: print one with --print-mapping,
compare it with your file's header, and pass an edited copy.

Origin and host may be names, ISO codes or COW codes. A country that does
not resolve to a COW state stops the load, with every such line listed,
unless --allow-unresolved drops those rows (listed on stderr and in the
table's metadata). Duplicate incidents (the same id; or, without ids, rows
identical in every field) are removed and listed. Incidents without a year
are kept in the incident table and left out of dyad-years.

Dyad-years: every ordered pair of COW system members in each year of the
source's coverage (the mapping's first_year-last_year); a pair with no
incident is 0, a year outside the coverage has no rows (missing, never 0).
--dyads count counts incidents, --dyads any is 1 for at least one.
--by-tactic writes one column per tactic; --tactic keeps only the listed
tactics; --cooperation (or --cooperative-only, the same as --cooperation
yes) keeps only incidents with that host_cooperation. Incidents that cannot
be placed (no year; origin and host the same; a state outside the COW
system that year) are listed on stderr. The rule and the coverage are
recorded in the output's metadata (Parquet).

The bundled ifes-2024-cases table (--dataset) is illustrative, not a
sample: the cases one policy paper names.`,
		Example: `  repnet incidents --print-mapping freedom-house > fh.toml
  repnet incidents fh_incidents.csv --mapping fh.toml -o incidents.parquet
  repnet incidents fh_incidents.csv --mapping freedom-house --dyads count --years 2014-2020 -o tnr_dyads.parquet
  repnet incidents aaad.csv --mapping aaad --dyads any --cooperative-only --allow-unresolved -o coop.csv
  repnet incidents aaad.csv --mapping aaad --dyads count --by-tactic --tactic detention,deportation_extradition
  repnet incidents --dataset ifes-2024-cases --format markdown`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.File = args[0]
			}
			return incidentsRun(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Mapping, "mapping", "", "the file's layout: a built-in `NAME` ("+strings.Join(loaders.IncidentMappings(), ", ")+") or a TOML file")
	f.StringVar(&o.Dataset, "dataset", "", "read a bundled incident dataset `ID` (ifes-2024-cases) instead of a file")
	f.StringVar(&o.PrintMapping, "print-mapping", "", "print the built-in mapping `NAME` (to copy and adjust) and exit")
	f.BoolVar(&o.AllowUnresolved, "allow-unresolved", false, "drop (and list) incidents whose origin or host does not resolve to a COW state")
	f.StringVar(&o.Dyads, "dyads", "", "write directed dyad-years: `RULE` count or any")
	f.BoolVar(&o.ByTactic, "by-tactic", false, "with --dyads: one value column per tactic")
	f.StringSliceVar(&o.Tactics, "tactic", nil, "keep only incidents with these `TACTICS` (comma-separated)")
	f.StringSliceVar(&o.Cooperation, "cooperation", nil, "keep only incidents whose host_cooperation is one of `VALUES` (yes, no, unknown)")
	f.BoolVar(&o.CooperativeOnly, "cooperative-only", false, "keep only incidents the host state's authorities carried out or assisted (--cooperation yes)")
	f.StringVar(&o.Years, "years", "", "keep years `A-B` (or one year)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

func incidentsRun(o *incidentsOptions) error {
	g := o.g
	if o.PrintMapping != "" {
		if o.File != "" || o.Dataset != "" || o.Mapping != "" || o.Dyads != "" {
			return usagef("--print-mapping takes no file, --dataset, --mapping or --dyads")
		}
		b, err := loaders.IncidentMappingText(o.PrintMapping)
		if err != nil {
			return usageError{err}
		}
		_, err = g.Stdout.Write(b)
		return err
	}

	// Check the whole command line before reading anything.
	switch {
	case o.File == "" && o.Dataset == "":
		return usagef("give an incident FILE (with --mapping) or --dataset ID")
	case o.File != "" && o.Dataset != "":
		return usagef("give a FILE or --dataset, not both")
	case o.File != "" && o.Mapping == "":
		return usagef("--mapping is required with a FILE: a built-in name (%s) or a TOML file", strings.Join(loaders.IncidentMappings(), ", "))
	case o.Dataset != "" && o.Mapping != "":
		return usagef("--dataset %s has its own mapping: drop --mapping", o.Dataset)
	}
	if o.Dataset != "" && incidentDatasets[o.Dataset] == nil {
		return usagef("--dataset %q: not a bundled incident dataset (ifes-2024-cases)", o.Dataset)
	}
	years, err := parseYears(o.Years)
	if err != nil {
		return err
	}
	if o.Dyads != "" && o.Dyads != loaders.DyadCount && o.Dyads != loaders.DyadAny {
		return usagef("--dyads %q: want count or any", o.Dyads)
	}
	if o.ByTactic && o.Dyads == "" {
		return usagef("--by-tactic applies to --dyads")
	}
	for _, tc := range o.Tactics {
		if !contains(loaders.IncidentTactics, tc) {
			return usagef("--tactic %q: want one of %s", tc, strings.Join(loaders.IncidentTactics, ", "))
		}
	}
	coop := o.Cooperation
	if o.CooperativeOnly {
		if coop != nil {
			return usagef("give --cooperative-only or --cooperation, not both")
		}
		coop = []string{"yes"}
	}
	for _, v := range coop {
		if !contains(loaders.HostCooperationValues, v) {
			return usagef("--cooperation %q: want one of %s", v, strings.Join(loaders.HostCooperationValues, ", "))
		}
	}
	if _, _, err := o.out.resolve(g.Stdout); err != nil {
		return err
	}

	var inc *loaders.Incidents
	if o.Dataset != "" {
		if inc, err = incidentDatasets[o.Dataset](); err != nil {
			return err
		}
	} else {
		m, err := incidentMapping(o.Mapping)
		if err != nil {
			return err
		}
		c, err := loaders.LoadCountries()
		if err != nil {
			return fmt.Errorf("loading the countries crosswalk: %w", err)
		}
		var r io.Reader = g.Stdin
		name := "stdin"
		if o.File != "-" {
			f, err := os.Open(o.File)
			if err != nil {
				return err
			}
			defer f.Close()
			r, name = f, o.File
		}
		if inc, err = loaders.ReadIncidents(r, name, m, c, loaders.IncidentOptions{AllowUnresolved: o.AllowUnresolved}); err != nil {
			return err
		}
	}
	if !g.Quiet {
		incidentNotes(g.Stderr, inc)
	}

	if o.Dyads == "" {
		t := inc.Table
		n := t.NumRows()
		yc, tc, cc := t.Col("year"), t.Col("tactic"), t.Col("host_cooperation")
		t = t.Filter(func(i int) bool {
			if !years.IsAll() && (yc.IsMissing(i) || !years.Contains(int(yc.Ints[i]))) {
				return false
			}
			return (o.Tactics == nil || contains(o.Tactics, tc.Strings[i])) && (coop == nil || contains(coop, cc.Strings[i]))
		})
		if !years.IsAll() {
			t.SetMeta("years", years.String())
		}
		if o.Tactics != nil {
			t.SetMeta("tactics", strings.Join(o.Tactics, ","))
		}
		if coop != nil {
			t.SetMeta("cooperation", strings.Join(coop, ","))
		}
		if t.NumRows() != n && !g.Quiet {
			fmt.Fprintf(g.Stderr, "repnet: note: kept %d of %d incidents (--years, --tactic, --cooperation)\n", t.NumRows(), n)
		}
		return writeOutput(g, &o.out, t)
	}

	cov := inc.Coverage
	if cov.IsAll() {
		return fmt.Errorf("%s: mapping %s declares no coverage (first_year, last_year), so a year without incidents cannot be told from a year the source did not cover: copy the mapping, set them, and pass the copy with --mapping", incSourceName(o), inc.Mapping.Name)
	}
	if !years.IsAll() && (years.Last < cov.First || years.First > cov.Last) { // parseYears sets both ends
		return usagef("--years %s lies outside the source's coverage %d-%d", o.Years, cov.First, cov.Last)
	}
	sys, err := loaders.LoadSystem()
	if err != nil {
		return err
	}
	d, err := inc.DyadYears(sys, loaders.DyadRule{Value: o.Dyads, ByTactic: o.ByTactic, Tactics: o.Tactics, Cooperation: coop, Years: years})
	if err != nil {
		return err
	}
	if !g.Quiet {
		if !years.IsAll() && (years.First < cov.First || years.Last > cov.Last) {
			fmt.Fprintf(g.Stderr, "repnet: note: --years %s reaches beyond the source's coverage %d-%d: only %d-%d have rows (outside it, dyad-years are missing, not 0)\n", o.Years, cov.First, cov.Last, d.Years.First, d.Years.Last)
		}
		if len(d.Excluded) > 0 {
			var lines []string
			for _, e := range d.Excluded {
				lines = append(lines, e.String())
			}
			noteList(g.Stderr, fmt.Sprintf("%d incident%s not counted in the dyad-years:", len(d.Excluded), plural(len(d.Excluded))), lines)
		}
		fmt.Fprintf(g.Stderr, "repnet: note: %d incident%s counted, %d left out by --tactic/--cooperation/--years; %d directed dyad-years %d-%d\n", d.Counted, plural(d.Counted), d.Filtered, d.Table.NumRows(), d.Years.First, d.Years.Last)
	}
	return writeOutput(g, &o.out, d.Table)
}

// incidentMapping returns a built-in mapping by name, or parses a TOML
// file.
func incidentMapping(arg string) (*loaders.IncidentMapping, error) {
	if contains(loaders.IncidentMappings(), arg) {
		return loaders.BuiltinIncidentMapping(arg)
	}
	b, err := os.ReadFile(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("--mapping %q: no such file and not a built-in mapping (%s)", arg, strings.Join(loaders.IncidentMappings(), ", "))
	}
	if err != nil {
		return nil, err
	}
	return loaders.ParseIncidentMapping(b, arg)
}

// incidentNotes reports on stderr what loading changed: unresolved rows
// dropped, duplicates removed, incidents without a year.
func incidentNotes(w io.Writer, inc *loaders.Incidents) {
	if n := len(inc.Unresolved); n > 0 {
		var lines []string
		for _, u := range inc.Unresolved {
			lines = append(lines, u.String())
		}
		rows := map[int]bool{}
		for _, u := range inc.Unresolved {
			rows[u.Line] = true
		}
		noteList(w, fmt.Sprintf("dropped %d incident%s whose origin or host did not resolve to a COW state:", len(rows), plural(len(rows))), lines)
	}
	if n := len(inc.Duplicates); n > 0 {
		var lines []string
		for _, d := range inc.Duplicates {
			s := fmt.Sprintf("line %d duplicates line %d", d.Line, d.Of)
			if d.IncidentID != "" {
				s += fmt.Sprintf(" (id %q)", d.IncidentID)
			}
			lines = append(lines, s)
		}
		noteList(w, fmt.Sprintf("removed %d duplicate incident%s (the first in file order is kept):", n, plural(n)), lines)
	}
	if inc.NoYear > 0 {
		fmt.Fprintf(w, "repnet: note: %d incident%s without a year: kept in the incident table, left out of dyad-years\n", inc.NoYear, plural(inc.NoYear))
	}
}

// noteList prints a note and its items, at most 20 of them.
func noteList(w io.Writer, head string, items []string) {
	fmt.Fprintf(w, "repnet: note: %s\n", head)
	for i, s := range items {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(items)-20)
			break
		}
		fmt.Fprintf(w, "  %s\n", s)
	}
}

func incSourceName(o *incidentsOptions) string {
	if o.Dataset != "" {
		return o.Dataset
	}
	return o.File
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
