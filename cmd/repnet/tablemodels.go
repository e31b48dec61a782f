package main

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/modeltable"
)

func init() { register(newCmdTableModels) }

type tableModelsOptions struct {
	g       *globalOptions
	out     outputOptions
	Coefs   []string
	Stats   []string
	Names   []string
	Vcov    []string
	Stars   string
	Digits  int
	Caption string
	Label   string
	Terms   []string
}

func newCmdTableModels(g *globalOptions) *cobra.Command {
	o := &tableModelsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "table-models FILE... --format latex|markdown [--stats FILE...]",
		Short: "Lay several models side by side as a paper's regression table",
		Long: `Lay the coefficient tables written by 'repnet model' (CSV or Parquet) side
by side as a regression table: a column per model with each term's
estimate and, below it, its standard error in parentheses; then the fit
statistics (N, log-likelihood, AIC) from the --stats files, given in the
same order as the models (one per model, or none); then notes naming each
column's variance estimator.

A coefficient file with several variance estimators needs --vcov: one for
all models, or one per model in order. LaTeX uses booktabs and dcolumn
(\usepackage{booktabs,dcolumn}). Stars are off unless --stars is given.`,
		Example: `  repnet table-models m1.csv m2.csv m3.csv --stats s1.csv --stats s2.csv --stats s3.csv \
      --vcov dyadic:ccode1,ccode2 --format latex -o table.tex
  repnet table-models m1.csv m2.csv --names Logit --names Probit --stars 0.1,0.05,0.01 --format markdown`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Coefs = args
			return tableModelsRun(o)
		},
	}
	cmd.Flags().StringArrayVar(&o.Stats, "stats", nil, "fit statistics `FILE` of the next model (repeatable, in model order)")
	cmd.Flags().StringArrayVar(&o.Names, "names", nil, "column header `NAME` of the next model (repeatable; default (1), (2), ...)")
	cmd.Flags().StringArrayVar(&o.Vcov, "vcov", nil, "variance estimator `V` whose rows to show: once for all models, or once per model")
	cmd.Flags().StringVar(&o.Stars, "stars", "", "p-value thresholds for *, **, ***, e.g. `0.1,0.05,0.01`")
	cmd.Flags().IntVar(&o.Digits, "digits", 3, "decimals of estimates and standard errors")
	cmd.Flags().StringVar(&o.Caption, "caption", "", "table caption")
	cmd.Flags().StringVar(&o.Label, "label", "", "LaTeX \\label")
	cmd.Flags().StringArrayVar(&o.Terms, "term", nil, "show only `TERM`, in the order given (repeatable)")
	addReportFlags(cmd, &o.out, "latex or markdown")
	return cmd
}

func tableModelsRun(o *tableModelsOptions) error {
	n := len(o.Coefs)
	if len(o.Stats) != 0 && len(o.Stats) != n {
		return usagef("%d --stats files for %d models: give one per model, in order, or none", len(o.Stats), n)
	}
	if len(o.Names) != 0 && len(o.Names) != n {
		return usagef("%d --names for %d models: give one per model, or none", len(o.Names), n)
	}
	if len(o.Vcov) > 1 && len(o.Vcov) != n {
		return usagef("%d --vcov for %d models: give one for all, or one per model", len(o.Vcov), n)
	}
	if o.Digits < 1 || o.Digits > 12 {
		return usagef("--digits %d: expected 1 to 12", o.Digits)
	}
	var stars []float64
	if o.Stars != "" {
		for _, s := range strings.Split(o.Stars, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || !(v > 0 && v < 1) || len(stars) > 0 && !(v < stars[len(stars)-1]) {
				return usagef("--stars %q: expected decreasing p-values between 0 and 1, e.g. 0.1,0.05,0.01", o.Stars)
			}
			stars = append(stars, v)
		}
	}
	latex := false
	switch strings.ToLower(o.out.Format) {
	case "", "latex", "tex", "markdown", "md":
	default:
		return usagef("invalid --format %q: table-models writes latex or markdown", o.out.Format)
	}
	switch {
	case strings.EqualFold(o.out.Format, "markdown"), strings.EqualFold(o.out.Format, "md"):
		if o.out.Output != "" && o.out.Output != "-" && !strings.HasSuffix(strings.ToLower(o.out.Output), ".md") {
			return usagef("--format markdown disagrees with the extension of -o %s; use a .md file", o.out.Output)
		}
	case o.out.Format == "" && strings.HasSuffix(strings.ToLower(o.out.Output), ".md"):
	default:
		var err error
		if latex, err = o.out.resolveLaTeX(o.g.Stdout); err != nil || !latex {
			if err == nil {
				err = usagef("table-models writes latex or markdown: give --format latex or --format markdown (or a .tex or .md -o file)")
			}
			return err
		}
	}
	models := make([]modeltable.Model, n)
	for i, path := range o.Coefs {
		c, err := modeltable.ReadCoefficients(path)
		if err != nil {
			return err
		}
		models[i].Coef = c
		if len(o.Stats) > 0 {
			if models[i].Stats, err = modeltable.ReadStats(o.Stats[i]); err != nil {
				return err
			}
		}
		if len(o.Names) > 0 {
			models[i].Name = o.Names[i]
		}
		switch len(o.Vcov) {
		case 1:
			models[i].Vcov = o.Vcov[0]
		case n:
			models[i].Vcov = o.Vcov[i]
		}
		if models[i].Vcov == "" {
			var seen []string
			for _, v := range c.Col("vcov").Strings {
				if !slices.Contains(seen, v) {
					seen = append(seen, v)
				}
			}
			if len(seen) > 1 {
				return usagef("%s has rows for several variance estimators (%s): choose with --vcov", path, strings.Join(seen, ", "))
			}
		}
	}
	opt := modeltable.Options{Digits: o.Digits, Stars: stars, Caption: o.Caption, Label: o.Label, Terms: o.Terms}
	write := modeltable.Markdown
	if latex {
		write = modeltable.LaTeX
	}
	// Lay the table out before touching the output, so that an error
	// leaves no file.
	if err := write(io.Discard, models, opt); err != nil {
		return err
	}
	return writeText(o.g, &o.out, func(w io.Writer) error { return write(w, models, opt) })
}
