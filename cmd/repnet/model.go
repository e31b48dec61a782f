package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/formula"
	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/analysis/modeltable"
	"github.com/repnet/repnet/internal/table"
)

func init() { register(newCmdModel) }

type modelOptions struct {
	g        *globalOptions
	out      outputOptions
	Data     string
	Formula  string
	Family   string
	Vcov     []string
	Firth    bool
	Margins  bool
	Level    float64
	StatsOut string
}

func newCmdModel(g *globalOptions) *cobra.Command {
	o := &modelOptions{g: g}
	cmd := &cobra.Command{
		Use:   "model --data FILE --formula F --family FAMILY [--vcov V]...",
		Short: "Fit a GLM to a panel, with classical, robust, clustered or dyadic standard errors",
		Long: `Fit a generalised linear model, as R's glm, to a table (CSV or Parquet,
such as one written by 'repnet panel'), and write its coefficient table:
one row per term and variance estimator, with broom's columns term,
estimate, std_error, statistic, p_value, conf_low, conf_high, plus vcov,
the estimator exactly as given. Terms are named as R names them.

FORMULA is an R formula: y ~ x1 + x2*x3 + factor(year) + log(x4); rows with
a missing value in any variable used are dropped and counted.

FAMILY: gaussian (identity link), logit, probit or poisson.

--vcov (repeatable; default classical):
  classical            the model's information matrix (summary.glm)
  hc0, hc1             heteroskedasticity-robust (sandwich::vcovHC)
  cluster:A            clustered by column A (sandwich::vcovCL, HC1-adjusted)
  cluster:A,B[,C]      multiway clustering (Cameron, Gelbach and Miller 2011)
  dyadic:A,B           dyadic-robust, A and B the dyad's members (Aronow,
                       Samii and Assenova 2015)
  profile              with --firth: profile penalised-likelihood intervals

--firth fits a logit by Firth's penalised likelihood (as logistf), finite
under separation. Its inference is logistf's: classical (Wald, from the
penalised information) or profile; the sandwich estimators (hc0, hc1,
cluster, dyadic) are not offered for it, and asking for one is a usage
error. --margins writes average marginal effects (a row per variable, same
columns) instead of coefficients. --stats-out writes the fit statistics
(nobs, ndropped, loglik, aic, deviance, iterations, family, link,
converged, ...) as one row, CSV or Parquet by the file's extension.

--format latex writes a paper table of the model (booktabs and dcolumn),
one column per variance estimator, named (1), (2), ... and
explained in the notes; csv, parquet and markdown write the
coefficient table itself. A bad formula, an unknown column or collinear
regressors fail with exit status 1 and a message saying which.`,
		Example: `  repnet panel dyad-year --years 1990-2014 -o panel.parquet --add 'atop.atop_defense as defense' \
      --add 'layer(igo) as igos' --add 'vdem.v2x_polyarchy as polyarchy' --add cow-contiguity.conttype
  repnet model --data panel.parquet --family logit \
      --formula 'defense ~ igos + polyarchy_1*polyarchy_2 + factor(conttype) + factor(year)' \
      --vcov classical --vcov dyadic:ccode1,ccode2 -o coef.csv --stats-out stats.csv
  repnet model --data panel.parquet --family logit --formula 'defense ~ igos' --format latex -o table.tex`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return modelRun(o) },
	}
	cmd.Flags().StringVar(&o.Data, "data", "", "the table to fit, `FILE`.csv[.gz] or .parquet (required)")
	cmd.Flags().StringVar(&o.Formula, "formula", "", "R model `FORMULA` (required)")
	cmd.Flags().StringVar(&o.Family, "family", "gaussian", "`FAMILY`: gaussian, logit, probit or poisson")
	cmd.Flags().StringArrayVar(&o.Vcov, "vcov", nil, "variance estimator `V` (repeatable; see above)")
	cmd.Flags().BoolVar(&o.Firth, "firth", false, "Firth's penalised likelihood (logit only)")
	cmd.Flags().BoolVar(&o.Margins, "margins", false, "write average marginal effects instead of coefficients")
	cmd.Flags().Float64Var(&o.Level, "level", 0.95, "confidence level of conf_low and conf_high")
	cmd.Flags().StringVar(&o.StatsOut, "stats-out", "", "also write the fit statistics to `FILE` (.csv or .parquet)")
	addReportFlags(cmd, &o.out, "csv, parquet, markdown or latex")
	return cmd
}

// addReportFlags adds --format and -o for commands that may also write
// LaTeX.
func addReportFlags(cmd *cobra.Command, o *outputOptions, formats string) {
	cmd.Flags().StringVar(&o.Format, "format", "", "output `format`: "+formats+" (default csv, or as the -o file's extension says: .csv, .parquet, .md, .tex)")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "-", "write to `FILE` (written whole or not at all) instead of stdout")
}

// resolveLaTeX reports whether o asks for LaTeX (--format latex, or a .tex
// -o file without --format); otherwise it checks o as a table format.
func (o *outputOptions) resolveLaTeX(stdout io.Writer) (bool, error) {
	tex := strings.HasSuffix(strings.ToLower(o.Output), ".tex")
	switch {
	case strings.EqualFold(o.Format, "latex"), strings.EqualFold(o.Format, "tex"):
		if o.Output != "" && o.Output != "-" && !tex {
			return false, usagef("--format latex disagrees with the extension of -o %s; use a .tex file", o.Output)
		}
		return true, nil
	case o.Format == "" && tex:
		return true, nil
	case tex:
		return false, usagef("--format %s disagrees with the extension of -o %s (latex)", o.Format, o.Output)
	}
	if o.Format != "" {
		if _, err := table.ParseFormat(o.Format); err != nil {
			return false, usagef("invalid --format %q: want csv, parquet, markdown or latex", o.Format)
		}
	}
	_, _, err := o.resolve(stdout)
	return false, err
}

// writeText writes what write produces to o's file (atomically) or stdout.
func writeText(g *globalOptions, o *outputOptions, write func(io.Writer) error) error {
	if o.Output == "" || o.Output == "-" {
		return write(g.Stdout)
	}
	return table.WriteAtomic(o.Output, write)
}

func modelRun(o *modelOptions) error {
	if o.Data == "" {
		return usagef("--data is required: the table to fit (CSV or Parquet)")
	}
	if o.Formula == "" {
		return usagef("--formula is required, e.g. --formula 'defense ~ igos + polyarchy_1'")
	}
	fam, err := glm.ParseFamily(o.Family)
	if err != nil {
		return usageError{err}
	}
	if o.Firth && fam != glm.Logit {
		return usagef("--firth fits logits only; drop --family %s or --firth", o.Family)
	}
	if !(o.Level > 0 && o.Level < 1) {
		return usagef("--level %v: expected a confidence level between 0 and 1, such as 0.95", o.Level)
	}
	vcovs := o.Vcov
	if len(vcovs) == 0 {
		vcovs = []string{"classical"}
	}
	if err := glm.CheckVcovs(vcovs, o.Firth, o.Margins); err != nil {
		return usageError{err}
	}
	latex, err := o.out.resolveLaTeX(o.g.Stdout)
	if err != nil {
		return err
	}
	if err := checkSideOutput("--stats-out", o.StatsOut); err != nil {
		return err
	}
	data, err := table.ReadFile(o.Data)
	if err != nil {
		return err
	}
	f, err := formula.Parse(o.Formula)
	if err != nil {
		return err
	}
	var m *glm.Model
	if o.Firth {
		m, err = glm.FitFirth(f, data, nil)
	} else {
		m, err = glm.Fit(f, data, fam, nil)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", o.Data, err)
	}
	if !o.g.Quiet {
		for _, w := range m.Warnings {
			fmt.Fprintf(o.g.Stderr, "repnet: warning: %s\n", w)
		}
	}
	var coefs *table.Table
	if o.Margins {
		coefs, err = m.Margins(o.Level, vcovs...)
	} else {
		coefs, err = m.Coefficients(o.Level, vcovs...)
	}
	if err != nil {
		return err
	}
	stats := m.Stats()
	if err := writeSideOutput(o.g, o.StatsOut, stats); err != nil {
		return err
	}
	if latex {
		models := modeltable.Columns(coefs, stats, vcovs)
		return writeText(o.g, &o.out, func(w io.Writer) error {
			return modeltable.LaTeX(w, models, modeltable.Options{})
		})
	}
	return writeOutput(o.g, &o.out, coefs)
}
