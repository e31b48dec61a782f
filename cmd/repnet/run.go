package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/notebooks"
)

func init() { register(newCmdRun) }

type runOptions struct {
	g      *globalOptions
	Paths  []string
	Out    string
	Force  bool
	Verify bool
}

func runHelp() string {
	var b strings.Builder
	b.WriteString(`Run a notebook: compute its steps and write every table, figure and the
report into the folder NAME/ next to NAME.toml (or --out DIR), byte for byte
the same on any machine. Everything is checked before anything is computed,
and a failed run writes nothing.

A notebook is a TOML file:

  title = "..."              required
  seed = 20240101            required: the root seed
  description = """..."""    Markdown that opens the report (a template)

  [inputs.NAME]              a table called NAME:
  dataset = "cow-igo-counts"   a bundled dataset ('repnet datasets'), with
  years = "1990-2014"          optional years and table = "..." (a secondary table)
  # or file = "data/x.csv" and sha256 = "..." (relative to the notebook; checked)

  [[step]]                   steps, run in dependency order (in parallel
  id = "unique_id"           when independent)
  run = "KIND"               the step kind (below)
  in = "TABLE"               the tables it reads (a name or a list)
  out = "NAME"               the table or figure it makes
  text = """..."""           Markdown for the report, before the outputs
  show = true|false          show its tables even without text, or hide its
                             tables and figures (default: figures always,
                             tables of up to 25 rows when the step has text)
  digits = 4                 significant digits in its Markdown/LaTeX tables
  ...                        the kind's own keys

Outputs: tables/NAME.parquet (and .csv under 5,000 rows) for every table a
step makes; figures/NAME.svg and .png (and .pdf when asked); report.md (the
title, description, each step's text with its figures and small tables, a
Methods paragraph written from the steps, and references); references.bib;
manifest.json (repnet version, the notebook's sha256, each input file's
dataset and sha256, each step's seed when it uses one, each output's path,
sha256 and size). No timestamps, absolute paths or host names.

Seeds: each stochastic step uses the first 8 bytes (big-endian) of
sha256(root seed as 8 big-endian bytes || step id).

Templates: the description and texts may quote the run's numbers:
  {{ value "TABLE" "COLUMN" "KEY=VALUE" ... }}   the one matching row's value
  {{ value "t" "estimate" "term=x" | fmt "%.3f" }}, {{ nrows "t" }}, {{ pct x }},
  {{ comma x }}, {{ rows "t" }}, {{ values "t" "c" | join ", " }},
  {{ max "t" "c" }} (also min, sum, mean), add sub mul div abs,
  {{ if lt (value "t" "p_value" "term=x") 0.05 }}...{{ else }}...{{ end }}

Cache: a step whose kind, parameters, input tables (by content hash), seed,
repnet version and executable are unchanged since the last run is taken from
DIR/../.cache/NAME instead of being computed; --force recomputes everything.
--verify recomputes into a temporary folder, without the cache, and lists
every file that differs from, is missing from, or is extra in the committed
output folder; it exits 1 if any does.

Step kinds:
`)
	for _, k := range notebooks.Kinds() {
		fmt.Fprintf(&b, "\n%s: %s\n", k, notebooks.KindDoc(k))
	}
	return b.String()
}

func newCmdRun(g *globalOptions) *cobra.Command {
	o := &runOptions{g: g}
	cmd := &cobra.Command{
		Use:   "run NOTEBOOK.toml...",
		Short: "Run a notebook: regenerate its tables, figures and report byte for byte",
		Long:  runHelp(),
		Example: `  repnet new notebooks/mine.toml
  repnet run notebooks/mine.toml
  repnet run --verify notebooks/*.toml
  repnet run --out /tmp/try --force notebooks/cow-igo-v3.toml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			return runRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "write the outputs to `DIR` (one notebook only; default: NAME/ next to each NAME.toml)")
	cmd.Flags().BoolVar(&o.Force, "force", false, "recompute every step, ignoring the cache")
	cmd.Flags().BoolVar(&o.Verify, "verify", false, "recompute into a temporary folder and compare with the committed outputs")
	return cmd
}

func runRun(o *runOptions) error {
	if len(o.g.SourceFiles) > 0 {
		return usagef("run: --source-file does not apply to notebooks: name the file in the notebook ([inputs.NAME] file = ... with its sha256)")
	}
	if o.Out != "" && len(o.Paths) > 1 {
		return usagef("run: --out takes one notebook, not %d", len(o.Paths))
	}
	opts := notebooks.Options{Out: o.Out, Force: o.Force, Version: version}
	if o.g.IsTerm && !o.g.Quiet {
		opts.Progress = o.g.Stderr
	}
	failed := 0
	for _, p := range o.Paths {
		if o.Verify {
			diffs, err := notebooks.Verify(p, opts)
			if err != nil {
				return err
			}
			for _, d := range diffs {
				fmt.Fprintf(o.g.Stdout, "%s: %-7s %s\n", p, d.Kind, d.Path)
			}
			if len(diffs) > 0 {
				failed++
				fmt.Fprintf(o.g.Stderr, "repnet: %s: %d files differ from what the notebook makes (run 'repnet run %s' to update them)\n", p, len(diffs), p)
			} else if !o.g.Quiet {
				fmt.Fprintf(o.g.Stderr, "repnet: %s: outputs verified\n", p)
			}
			continue
		}
		nb, err := notebooks.Load(p)
		if err != nil {
			return err
		}
		if _, err := nb.Run(opts); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("run --verify: %d of %d notebooks have outputs that differ", failed, len(o.Paths))
	}
	return nil
}
