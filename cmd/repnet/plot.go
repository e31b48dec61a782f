package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/plots"
)

func init() { register(newCmdPlot) }

type plotOptions struct {
	g      *globalOptions
	Kind   string
	In     string
	Nodes  string
	Output string
	Page   plots.Page
	// chart holds every kind-specific flag as text, keyed by flag name;
	// they are parsed into the chosen kind's options after flag parsing.
	chart map[string]*string
	flags *pflag.FlagSet
}

// plotExamples gives runnable examples per kind: the commands that write
// a table, then the plot command that draws it. TestHelpExamples runs them.
var plotExamples = map[string][]string{
	"timeseries": {
		`repnet centrality --layer igo --graph-stats --assortativity autocracy --years 1970-2014 -o stats.csv`,
		`repnet plot timeseries --in stats.csv --x year --y assortativity_group --y-label "Assortativity by autocracy" --ref-lines 1989 -o assortativity.png`,
	},
	"ranking": {
		`repnet centrality --layer igo --measures eigenvector --attributes --years 1990-2014 -o centrality.parquet`,
		`repnet plot ranking --in centrality.parquet --x year --y eigenvector --group ccode --label stateabb --top 7 -o top.svg`,
	},
	"coef": {
		`repnet panel dyad-year --years 2010-2014 --add 'atop.atop_defense as defense' --add 'layer(igo) as igos' -o panel.parquet`,
		`repnet model --data panel.parquet --family logit --formula 'defense ~ igos' --vcov classical --vcov dyadic:ccode1,ccode2 -o model.csv`,
		`repnet plot coef --in model.csv --model vcov -o coef.pdf`,
	},
	"network": {
		`repnet edges --layer igo --select autocratic --years 2014 -o edges.csv`,
		`repnet centrality --layer igo --select autocratic --measures strength --attributes --years 2014 -o nodes.csv`,
		`repnet plot network --in edges.csv --nodes nodes.csv --category regime --size strength --label stateabb -o net.png`,
	},
	"heatmap": {
		`repnet edges --layer igo --select autocratic --years 2014 -o edges.csv`,
		`repnet communities --layer igo --select autocratic --years 2014 -o communities.csv`,
		`repnet plot heatmap --in edges.csv --nodes communities.csv --community community -o heat.png`,
	},
	"distribution": {
		`repnet centrality --layer igo --measures strength --years 2014 -o strength.csv`,
		`repnet plot distribution --in strength.csv --x strength --style ecdf -o ecdf.svg`,
	},
	"bars": {
		`repnet watchlist --top 12 --hosts 1 -o watchlist.csv`,
		`repnet plot bars --in watchlist.csv --x origin_abb --y repression_rise --group origin_regime -o bars.png`,
	},
}

// chartFlagHelp describes each kind-specific flag; one flag may serve
// several kinds (the kinds follow in parentheses in the flag list). See
// the plots package's option structs for the details.
var chartFlagHelp = map[string]string{
	"at":              "`TIME` at which the lines style picks its top entities (default: the last)",
	"axis-label":      "title of both axes (default: the community column's name)",
	"backbone":        "true/false edge `COLUMN`: draw and lay out only the true edges",
	"bin-width":       "histogram bin `WIDTH` (default: Freedman-Diaconis, rounded)",
	"category":        "node `COLUMN` that colours the nodes, with a legend (such as regime)",
	"category-colors": "Okabe-Ito `COLOURS` of the categories in order, comma-separated (such as vermillion,orange)",
	"category-order":  "`LIST` of the categories in legend order, comma-separated",
	"color-label":     "title of the colour bar (default: the weight column's name)",
	"columns":         "`N` columns of panels",
	"community":       "node `COLUMN` of communities that orders the rows and columns",
	"drop":            "`TERMS` to leave out, comma-separated (such as (Intercept))",
	"end-labels":      "true: name the lines at their right ends instead of in a legend",
	"estimate":        "`COLUMN` of the estimates (default estimate)",
	"group":           "`COLUMN` whose values split the rows into lines, bars, distributions or ranked entities",
	"iterations":      "`N` layout iterations (default 500)",
	"label":           "`COLUMN` that names groups, nodes or entities (such as stateabb; default: their ids)",
	"label-by":        "numeric node `COLUMN` that picks the labelled nodes (default: size, else strength)",
	"labels":          "network: `N` nodes labelled (default 10); heatmap: auto, nodes or communities",
	"lower":           "`COLUMN` of lower bounds (coef default conf_low; timeseries: a band with --upper)",
	"mode":            "stack (default), dodge or fill",
	"model":           "`COLUMN` naming each row's model or vcov: one colour per model, side by side",
	"node":            "node table's id `COLUMN` (default ccode)",
	"order":           "`LIST` of the groups in stacking order, comma-separated",
	"panels":          "true: one panel per group (small multiples) on shared axes",
	"ref-lines":       "vertical reference `LINES` at X or X:label, comma-separated (such as 1945,1991:USSR)",
	"seed":            "`N` seeding the layout (default 1; same seed, same picture)",
	"size":            "numeric node `COLUMN` that sets node areas (such as strength)",
	"size-label":      "name of the size measure in the legend (default: its column name)",
	"source":          "edge `COLUMN` of one end (default ccode1)",
	"style":           "distribution: histogram (default) or ecdf; ranking: bump (default) or lines",
	"target":          "edge `COLUMN` of the other end (default ccode2)",
	"term":            "`COLUMN` naming the coefficients (default term)",
	"top":             "`N` entities ranked (default 7)",
	"upper":           "`COLUMN` of upper bounds (coef default conf_high; timeseries: a band with --lower)",
	"weight":          "edge weight `COLUMN` (default weight when there is one; - for none)",
	"x":               "`COLUMN` of the x axis: time (default year), the categories (bars) or the measure (distribution)",
	"x-label":         "x axis title (default: the column name)",
	"x-unit":          "x axis unit, shown in parentheses after the title",
	"y":               "`COLUMN` of the values drawn (ranking: the measure ranked)",
	"y-label":         "y axis title (default: the column name)",
	"y-unit":          "y axis unit, shown in parentheses after the title",
	"y-zero":          "true: extend the y axis to include zero",
}

// chartFlag is one kind-specific option as a flag.
type chartFlag struct {
	name  string
	kinds []string
	usage string
}

// chartFlags lists the options of every kind by flag name (toml tag with
// underscores as dashes), from the plots package's option structs.
func chartFlags() []chartFlag {
	byName := map[string]*chartFlag{}
	for _, k := range plots.Kinds() {
		c, _ := plots.New(k)
		walkFields(reflect.TypeOf(c).Elem(), func(f reflect.StructField, tag string) {
			name := strings.ReplaceAll(tag, "_", "-")
			cf := byName[name]
			if cf == nil {
				usage, ok := chartFlagHelp[name]
				if !ok {
					usage = flagUsage(f)
				}
				cf = &chartFlag{name: name, usage: usage}
				byName[name] = cf
			}
			cf.kinds = append(cf.kinds, k)
		})
	}
	out := make([]chartFlag, 0, len(byName))
	for _, cf := range byName {
		out = append(out, *cf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// walkFields calls fn for every field of t with a toml tag, descending
// into embedded structs.
func walkFields(t reflect.Type, fn func(reflect.StructField, string)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			walkFields(f.Type, fn)
			continue
		}
		tag := strings.Split(f.Tag.Get("toml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fn(f, tag)
	}
}

func flagUsage(f reflect.StructField) string {
	switch f.Type.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Uint64:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		if f.Type.Elem().Kind() == reflect.Struct {
			return "comma-separated X or X:label"
		}
		return "comma-separated list"
	}
	return "a column name or option"
}

func newCmdPlot(g *globalOptions) *cobra.Command {
	o := &plotOptions{g: g, chart: map[string]*string{}}
	var long strings.Builder
	long.WriteString(`Draw a publication figure from a tidy table (CSV or Parquet, as the other
commands write them). The output format follows the extension of -o: .svg,
.png (300 DPI unless --dpi says otherwise) or .pdf. Fonts are embedded in
SVG and PDF, colours are colour-blind safe (Okabe-Ito for categories,
viridis for values), and the same inputs give the same bytes on any machine
(PDF dates are pinned to SOURCE_DATE_EPOCH, or 1970-01-01 when unset).

A bad table (a missing column, a non-numeric value, no rows) is an error
and writes no file.

Kinds and their options, each with an example that runs as written: the
commands that write a table, then the plot that draws it.
`)
	flags := chartFlags()
	for _, k := range plots.Kinds() {
		var names []string
		for _, cf := range flags {
			for _, kk := range cf.kinds {
				if kk == k {
					names = append(names, "--"+cf.name)
				}
			}
		}
		fmt.Fprintf(&long, "\n  %s: %s\n", k, strings.Join(names, " "))
		for _, ex := range plotExamples[k] {
			fmt.Fprintf(&long, "    %s\n", ex)
		}
	}
	cmd := &cobra.Command{
		Use:   "plot KIND --in FILE -o FILE.{svg,png,pdf}",
		Short: "Draw a figure (time series, ranking, coefficients, network, ...) from a table",
		Long:  long.String(),
		Example: `  repnet table cow-igo-counts --years 1990-2014 -o counts.csv
  repnet plot distribution --in counts.csv --x full --y-label "IGO memberships" -o full.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind = args[0]
			o.flags = cmd.Flags()
			return plotRun(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.In, "in", "", "the table to draw (`FILE`.csv, .csv.gz or .parquet)")
	f.StringVar(&o.Nodes, "nodes", "", "network, heatmap: the node table (`FILE`)")
	f.StringVarP(&o.Output, "output", "o", "", "the figure to write (`FILE`.svg, .png or .pdf)")
	f.Float64Var(&o.Page.Width, "width", plots.SingleColumn, "width in inches (3.5 one column, 7 two)")
	f.Float64Var(&o.Page.Height, "height", 0, "height in inches (0: chosen to suit the chart)")
	f.Float64Var(&o.Page.DPI, "dpi", 300, "PNG resolution")
	f.StringVar(&o.Page.Title, "title", "", "a title over the figure")
	f.StringVar(&o.Page.Legend, "legend", "auto", "legend placement: auto, right, bottom or none")
	f.StringVar(&o.Page.LegendTitle, "legend-title", "", "a heading for the legend")
	f.Float64Var(&o.Page.FontSize, "font-size", 8, "axis title size in points")
	for _, cf := range flags {
		if f.Lookup(cf.name) != nil {
			continue
		}
		o.chart[cf.name] = f.String(cf.name, "", fmt.Sprintf("%s (%s)", cf.usage, strings.Join(cf.kinds, ", ")))
	}
	return cmd
}

func plotRun(o *plotOptions) error {
	chart, err := plots.New(o.Kind)
	if err != nil {
		return usageError{err}
	}
	if o.In == "" {
		return usagef("plot: --in FILE is required")
	}
	if o.Output == "" {
		return usagef("plot: -o FILE.svg|png|pdf is required")
	}
	if _, err := plots.FormatOf(o.Output); err != nil {
		return usageError{err}
	}
	if err := setChartOptions(chart, o); err != nil {
		return err
	}
	in := plots.Inputs{}
	if in.Data, err = table.ReadFile(o.In); err != nil {
		return err
	}
	if o.Nodes != "" {
		if in.Nodes, err = table.ReadFile(o.Nodes); err != nil {
			return err
		}
	}
	f, _ := plots.FormatOf(o.Output) // checked above
	var buf bytes.Buffer
	if err := plots.Render(&buf, f, chart, in, o.Page); err != nil {
		return plotError(o, err)
	}
	return table.WriteAtomic(o.Output, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// optionNames matches the options a plots error names, as in "option y" or
// "options lower and upper", to be spelt as the flags a user typed.
var optionNames = regexp.MustCompile(`\boptions? ((?:[a-z_]+(?:, | and ))*[a-z_]+)`)

// plotError turns an error of plots.Render into the command's terms: an
// option the chart cannot use is a usage error naming the flag (exit 2);
// any other is about the tables, named by their files (exit 1).
func plotError(o *plotOptions, err error) error {
	flags := func(s string) string {
		return optionNames.ReplaceAllStringFunc(s, func(m string) string {
			list := optionNames.FindStringSubmatch(m)[1]
			return regexp.MustCompile(`[a-z_]+`).ReplaceAllStringFunc(list, func(w string) string {
				if w == "and" {
					return w
				}
				return "--" + strings.ReplaceAll(w, "_", "-")
			})
		})
	}
	msg := strings.TrimPrefix(err.Error(), "plots: "+o.Kind+": ")
	var oe *plots.OptionError
	if errors.As(err, &oe) {
		flag := "--" + strings.ReplaceAll(oe.Option, "_", "-")
		if strings.HasPrefix(oe.Msg, "is required") {
			return usagef("plot %s: %s %s", o.Kind, flag, flags(oe.Msg))
		}
		if strings.HasPrefix(oe.Msg, "options ") {
			return usagef("plot %s: %s", o.Kind, flags(oe.Msg))
		}
		return usagef("plot %s: %s: %s", o.Kind, flag, flags(oe.Msg))
	}
	files := o.In
	if o.Nodes != "" {
		files = fmt.Sprintf("edges %s, nodes %s", o.In, o.Nodes)
	}
	return fmt.Errorf("plot %s: %s: %s", o.Kind, files, flags(msg))
}

// setChartOptions copies the kind-specific flags the user set into chart,
// rejecting flags that belong to other kinds.
func setChartOptions(chart plots.Chart, o *plotOptions) error {
	v := reflect.ValueOf(chart).Elem()
	fields := map[string]reflect.Value{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(v.Field(i))
				continue
			}
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag != "" && tag != "-" {
				fields[strings.ReplaceAll(tag, "_", "-")] = v.Field(i)
			}
		}
	}
	walk(v)
	names := make([]string, 0, len(o.chart))
	for name := range o.chart {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !o.flags.Changed(name) {
			continue
		}
		fv, ok := fields[name]
		if !ok {
			return usagef("plot %s: --%s does not apply to this kind (see repnet help plot)", o.Kind, name)
		}
		if err := setField(fv, *o.chart[name]); err != nil {
			return usagef("plot %s: --%s: %v", o.Kind, name, err)
		}
	}
	return nil
}

func setField(fv reflect.Value, s string) error {
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("expected true or false, got %q", s)
		}
		fv.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("expected an integer, got %q", s)
		}
		fv.SetInt(int64(n))
	case reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("expected a non-negative integer, got %q", s)
		}
		fv.SetUint(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("expected a number, got %q", s)
		}
		fv.SetFloat(x)
	case reflect.Slice:
		parts := strings.Split(s, ",")
		out := reflect.MakeSlice(fv.Type(), 0, len(parts))
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			e := reflect.New(fv.Type().Elem()).Elem()
			if e.Kind() == reflect.Struct {
				// A reference line: X or X:label.
				xs, label, _ := strings.Cut(p, ":")
				x, err := strconv.ParseFloat(xs, 64)
				if err != nil {
					return fmt.Errorf("expected X or X:label, got %q", p)
				}
				e.FieldByName("X").SetFloat(x)
				if label == "" {
					label = xs
				}
				e.FieldByName("Label").SetString(label)
			} else {
				e.SetString(p)
			}
			out = reflect.Append(out, e)
		}
		fv.Set(out)
	default:
		return fmt.Errorf("unsupported option type %s", fv.Type())
	}
	return nil
}
