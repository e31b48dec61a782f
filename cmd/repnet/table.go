package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/loaders"
)

func init() { register(newCmdTable) }

type tableOptions struct {
	g           *globalOptions
	out         outputOptions
	ID          string
	Years       string
	Table       string
	Undirected  bool
	KeepUncoded bool
}

func newCmdTable(g *globalOptions) *cobra.Command {
	o := &tableOptions{g: g}
	cmd := &cobra.Command{
		Use:   "table ID",
		Short: "Export a bundled dataset as a tidy table",
		Long: `Export a bundled dataset as a tidy table: one row per unit (state-year,
dyad-year, state-IGO-year, ...), one column per variable, keyed by COW code
and year. Missing values stay missing (empty in CSV, null in Parquet):
COW's -9 and -1 codes and years outside a source's coverage are never 0.

For cow-igo the columns are ccode, year, igo, status, with status full,
associate, observer or missing (COW -9); rows coded 0 or -1 are omitted.
cow-igo-counts gives per state-year the number of IGOs by status: ccode,
year, full, associate, observer, any, missing.

Parquet files record the repnet version, the command line, and each input
file's dataset id and sha256 in their key-value metadata.

Dataset ids: ` + strings.Join(loaders.IDs(), ", ") + `.
Secondary tables (--table): ` + strings.Join(secondaryTables(), ", ") + `.`,
		Example: `  repnet table cow-igo-counts --years 2014 --format markdown
  repnet table cow-igo --years 1990-2014 --format parquet -o igo.parquet
  repnet table atop --undirected --years 2014 -o atop2014.csv
  repnet table cow-igo --table igos
  repnet table vdem --source-file vdem/vdem_simple.csv.gz=./my_vdem.csv.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return tableRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Years, "years", "", "keep years `A-B` (or one year)")
	cmd.Flags().StringVar(&o.Table, "table", "", "a secondary table of the dataset (see above)")
	cmd.Flags().BoolVar(&o.Undirected, "undirected", false, "atop: symmetrise to non-directed dyad-years")
	cmd.Flags().BoolVar(&o.KeepUncoded, "keep-uncoded", false, "vdem, vdem-row, lied: keep units without a COW code (ccode missing)")
	addOutputFlags(cmd, &o.out)
	return cmd
}

// secondaryTables lists every dataset's secondary tables as ID/TABLE.
func secondaryTables() []string {
	var out []string
	for _, id := range loaders.IDs() {
		for _, name := range loaders.Tables(id) {
			if name != "" {
				out = append(out, id+"/"+name)
			}
		}
	}
	return out
}

func tableRun(o *tableOptions) error {
	years, err := parseYears(o.Years)
	if err != nil {
		return err
	}
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	known := false
	for _, id := range loaders.IDs() {
		known = known || id == o.ID
	}
	if !known {
		return usagef("unknown dataset %q (known: %s)", o.ID, strings.Join(loaders.IDs(), ", "))
	}
	// Flags that do not apply to the dataset are refused, not ignored: a
	// user who asked for a symmetric ATOP table must not get another.
	if o.Table != "" && !slices.Contains(loaders.Tables(o.ID), o.Table) {
		var secondary []string
		for _, name := range loaders.Tables(o.ID) {
			if name != "" {
				secondary = append(secondary, name)
			}
		}
		if len(secondary) == 0 {
			return usagef("--table %s: dataset %s has no secondary tables", o.Table, o.ID)
		}
		return usagef("--table %s: dataset %s has no such table (tables: %s)", o.Table, o.ID, strings.Join(secondary, ", "))
	}
	if o.Years != "" && !loaders.HasYears(o.ID, o.Table) {
		name := o.ID
		if o.Table != "" {
			name += " --table " + o.Table
		}
		return usagef("--years: %s has no year column (one row per organization or entity)", name)
	}
	if o.Undirected && (o.ID != "atop" || o.Table != "") {
		return usagef("--undirected applies to atop only")
	}
	if o.KeepUncoded && (!slices.Contains([]string{"vdem", "vdem-row", "lied"}, o.ID) || o.Table != "") {
		return usagef("--keep-uncoded applies to vdem, vdem-row and lied only")
	}
	opts := loaders.Options{Years: years, Table: o.Table, Undirected: o.Undirected, KeepUncoded: o.KeepUncoded}
	if o.ID == "unvotes" {
		if opts.Resolve, err = countriesResolver(); err != nil {
			return err
		}
	}
	t, err := loaders.Load(o.ID, opts)
	if err != nil {
		return err
	}
	if t.NumRows() == 0 {
		fmt.Fprintf(o.g.Stderr, "repnet: note: %s has no rows for years %s\n", o.ID, o.Years)
	}
	return writeOutput(o.g, &o.out, t)
}
