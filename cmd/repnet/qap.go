package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/qap"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() { register(newCmdQAP) }

type qapOptions struct {
	g        *globalOptions
	out      outputOptions
	Y        string
	X        []string
	Year     int
	Family   string
	Method   string
	Perms    int
	Seed     uint64
	Directed bool
	Workers  int
}

func newCmdQAP(g *globalOptions) *cobra.Command {
	o := &qapOptions{g: g}
	cmd := &cobra.Command{
		Use:   "qap --y LAYER_OR_FILE --x LAYER_OR_FILE... --family logit|gaussian --method yperm|dsp",
		Short: "Regress one network on others with QAP permutation tests",
		Long: `Regress a network y on networks x1, x2, ... over the same states by the
quadratic assignment procedure (as R's sna::netlogit and netlm): the model
is fitted to the cells of the matrices, and p-values come from refitting it
with the states relabelled at random --perms times.

Each network is an edge-list FILE (CSV or Parquet with columns ccode1,
ccode2, value, and optionally year, kept to --year) or a LAYER for --year:
a layer spec of package layers in compact form (igo,select=autocratic;
atop,obligation=defense; contiguity; trade,min_weight=1; file:edges.csv)
or as in 'repnet panel' (layer(igo, select=autocratic)). The nodes are the
codes that appear in the y file, or the states of y's layer that year; an
x pair without a row is 0. Append "as NAME" to name a term; by default a
file's term is its base name and a layer's its spec.

Without --directed the networks are symmetric and only the cells below the
diagonal are used (one per pair); with --directed every off-diagonal cell.

--method yperm permutes y (Krackhardt 1988); dsp is double
semi-partialling (Dekker, Krackhardt and Snijders 2007), which permutes
each regressor's residuals on the others and is robust to correlated
regressors. Permutation p is drawn from a generator seeded with (--seed,
p), so the output is the same with any number of workers.

The output has one row per term, (Intercept) first and then the x's in the
order given, with columns term, estimate, p_two_sided, p_greater, p_less
and perms: the shares of permutations whose statistic (z for logit, t for
gaussian) is at least as extreme as the observed one (|S_p| >= |S|,
S_p >= S, S_p <= S). A p-value of 0 means below 1/perms. The observed
statistics, the model, null, seed and number of cells are recorded in
Parquet metadata (observed_statistic, model, null, seed, cells).`,
		Example: `  repnet qap --y 'atop,obligation=defense' --x igo --x contiguity --year 2014 \
      --family logit --method dsp --perms 1000 --seed 1
  repnet qap --y 'layer(atop, obligation=defense)' --x 'layer(igo, select=autocratic) as autoc' \
      --year 2010 --family logit --method yperm --perms 2000 -o qap.csv
  repnet qap --y repression_ties.csv --x 'igo as shared_igos' --year 2014 --family gaussian --method dsp`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return qapRun(o) },
	}
	cmd.Flags().StringVar(&o.Y, "y", "", "the dependent network: `LAYER_OR_FILE` (required)")
	cmd.Flags().StringArrayVar(&o.X, "x", nil, "a regressor network `LAYER_OR_FILE` [as NAME] (repeatable, required)")
	cmd.Flags().IntVar(&o.Year, "year", 0, "the `YEAR` of layers and of edge lists with a year column")
	cmd.Flags().StringVar(&o.Family, "family", "logit", "`MODEL`: logit (y 0/1) or gaussian (least squares)")
	cmd.Flags().StringVar(&o.Method, "method", "dsp", "null hypothesis: yperm or dsp")
	cmd.Flags().IntVar(&o.Perms, "perms", 1000, "number of permutations")
	cmd.Flags().Uint64Var(&o.Seed, "seed", 1, "random seed")
	cmd.Flags().BoolVar(&o.Directed, "directed", false, "use every off-diagonal cell (directed networks)")
	cmd.Flags().IntVar(&o.Workers, "workers", 0, "goroutines (0: one per CPU); the output does not depend on it")
	addOutputFlags(cmd, &o.out)
	return cmd
}

// qapSource is one network argument: a file or a layer, and its term name.
type qapSource struct {
	text, name string
	file       string
	layer      *layers.Spec
}

// parseQAPSource reads "SOURCE [as NAME]".
func parseQAPSource(flag, s string) (qapSource, error) {
	src := qapSource{text: s}
	body := strings.TrimSpace(s)
	if i := strings.LastIndex(body, " as "); i >= 0 {
		src.name = strings.TrimSpace(body[i+4:])
		body = strings.TrimSpace(body[:i])
		if src.name == "" || strings.ContainsAny(src.name, " ,()") {
			return src, usagef("%s %q: expected SOURCE as NAME with a one-word NAME", flag, s)
		}
	}
	lower := strings.ToLower(body)
	isFile := strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".csv.gz") || strings.HasSuffix(lower, ".parquet")
	if _, err := os.Stat(body); err == nil && !strings.HasPrefix(body, "file:") {
		isFile = true
	}
	if isFile && !strings.HasPrefix(body, "file:") && !strings.HasPrefix(body, "layer(") {
		src.file = body
		if src.name == "" {
			base := filepath.Base(body)
			for _, ext := range []string{".gz", ".csv", ".parquet"} {
				base = strings.TrimSuffix(base, ext)
			}
			src.name = base
		}
		return src, nil
	}
	spec, err := qap.ParseLayer(body)
	if err != nil {
		return src, usageError{fmt.Errorf("%s: %v", flag, err)}
	}
	src.layer = &spec
	if src.name == "" {
		src.name = body
	}
	return src, nil
}

// network reads one network argument for --year: a file's edge list or a
// layer's graph.
func (o *qapOptions) network(src qapSource, data *layers.Data) (*qap.Network, error) {
	if src.file != "" {
		t, err := table.ReadFile(src.file)
		if err != nil {
			return nil, err
		}
		n, err := qap.TableNetwork(t, src.file, "value", o.Year, o.Directed)
		var ye *qap.YearsError
		if errors.As(err, &ye) {
			err = fmt.Errorf("%v with --year", err)
		}
		return n, err
	}
	p, err := data.Build(*src.layer, loaders.YearRange{First: o.Year, Last: o.Year})
	if err != nil {
		return nil, err
	}
	if !o.g.Quiet {
		for _, n := range p.Notes {
			fmt.Fprintf(o.g.Stderr, "repnet: note: %s: %s\n", src.name, n)
		}
	}
	n, err := qap.LayerNetwork(p, src.name, o.Year, o.Directed)
	if err != nil && p.Directed && !o.Directed {
		return nil, fmt.Errorf("%s is a directed layer: add --directed", src.name)
	}
	return n, err
}

func qapRun(o *qapOptions) error {
	if o.Y == "" || len(o.X) == 0 {
		return usagef("--y and at least one --x are required")
	}
	var model qap.Model
	switch strings.ToLower(o.Family) {
	case "logit", "binomial":
		model = qap.Logit
	case "gaussian", "linear":
		model = qap.Linear
	default:
		return usagef("--family %q: want logit or gaussian", o.Family)
	}
	null, err := qap.ParseNull(o.Method)
	if err != nil {
		return usageError{err}
	}
	if o.Perms < 1 {
		return usagef("--perms %d: at least 1", o.Perms)
	}
	ysrc, err := parseQAPSource("--y", o.Y)
	if err != nil {
		return err
	}
	xsrc := make([]qapSource, len(o.X))
	for i, x := range o.X {
		if xsrc[i], err = parseQAPSource("--x", x); err != nil {
			return err
		}
		if xsrc[i].layer != nil && o.Year == 0 {
			return usagef("--x %s is a layer: give --year", x)
		}
	}
	if ysrc.layer != nil && o.Year == 0 {
		return usagef("--y %s is a layer: give --year", o.Y)
	}
	if _, _, err := o.out.resolve(o.g.Stdout); err != nil {
		return err
	}
	data := layers.NewData()
	yn, err := o.network(ysrc, data)
	if err != nil {
		return err
	}
	nodes := yn.Nodes
	ym, err := yn.Matrix(nodes)
	if err != nil {
		return err
	}
	xs := make([]*mat.Dense, len(xsrc))
	names := make([]string, len(xsrc))
	for i, s := range xsrc {
		xn, err := o.network(s, data)
		if err != nil {
			return err
		}
		if xs[i], err = xn.Matrix(nodes); err != nil {
			return err
		}
		names[i] = s.name
	}
	opt := qap.Options{Model: model, Null: null, Directed: o.Directed, Perms: o.Perms, Seed: o.Seed, Workers: o.Workers}
	var bar *progressbar.ProgressBar
	if o.g.IsTerm && !o.g.Quiet {
		opt.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(o.g.Stderr),
					progressbar.OptionSetDescription("permutations"), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100e6), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	res, err := qap.Regress(ym, xs, names, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	if !o.g.Quiet {
		for _, w := range res.Warnings {
			fmt.Fprintf(o.g.Stderr, "repnet: warning: %s\n", w)
		}
	}
	full := res.Table()
	t := table.New(full.Col("term"), full.Col("estimate"), full.Col("p_two_sided"), full.Col("p_greater"), full.Col("p_less"), full.Col("perms"))
	t.Meta = full.Meta
	t.SetMeta("y", ysrc.text)
	t.SetMeta("x", strings.Join(o.X, "; "))
	t.SetMeta("nodes", fmt.Sprint(len(nodes)))
	if o.Year != 0 {
		t.SetMeta("year", fmt.Sprint(o.Year))
	}
	t.SetMeta("observed_statistic", joinFloats(res.Stat))
	return writeOutput(o.g, &o.out, t)
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = table.FormatFloat(x)
	}
	return strings.Join(s, " ")
}
