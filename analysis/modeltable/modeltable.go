package modeltable

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Model is one column of a model table.
type Model struct {
	Name  string       // column header, e.g. "(1)" or "Logit"; "" gives "(1)", "(2)", ...
	Coef  *table.Table // coefficient table: term, estimate, std_error, p_value, vcov
	Stats *table.Table // one-row fit statistics table (nobs, loglik, ...); may be nil
	// Vcov selects the coefficient rows of this variance estimator; "" is
	// allowed when the table has a single estimator.
	Vcov string
}

// Columns returns one column per variance estimator of a single model:
// its coefficient table coef (with rows for each of vcovs) and fit
// statistics stats, the layout of a one-model paper table whose columns
// differ only in their standard errors.
func Columns(coef, stats *table.Table, vcovs []string) []Model {
	models := make([]Model, len(vcovs))
	for i, v := range vcovs {
		models[i] = Model{Coef: coef, Stats: stats, Vcov: v}
	}
	return models
}

// Stat is a fit statistic row: the column of the stats table and its label.
type Stat struct {
	Column string // e.g. "nobs"
	Label  string // e.g. "N"
}

// DefaultStats are the statistics shown when Options.Stats is nil.
var DefaultStats = []Stat{{"nobs", "N"}, {"loglik", "Log-likelihood"}, {"aic", "AIC"}}

// Options control the layout.
type Options struct {
	Digits int       // decimals of estimates and standard errors; 0 means 3
	Stars  []float64 // p-value thresholds for *, **, ***, decreasing, e.g. {0.1, 0.05, 0.01}; nil for no stars
	// Terms lists the terms to show, in order; nil shows every term, in
	// order of first appearance across the models.
	Terms []string
	// Labels maps terms to display names. Terms without a label are shown
	// as they are, with ":" written as " x " (× in LaTeX).
	Labels  map[string]string
	Stats   []Stat   // fit statistics rows; nil means DefaultStats; a row no model has is left out
	Caption string   // LaTeX caption (and a Markdown title line); optional
	Label   string   // LaTeX \label; optional
	Notes   []string // further notes, after the generated ones
}

type cell struct {
	est, se string // formatted; "" when the model lacks the term
}

type layout struct {
	names    []string
	terms    []string
	cells    [][]cell // [term][model]
	stats    []Stat
	statVals [][]string // [stat][model]
	notes    []string
}

func build(models []Model, opt Options) (*layout, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("modeltable: no models")
	}
	digits := opt.Digits
	if digits <= 0 {
		digits = 3
	}
	for i := 1; i < len(opt.Stars); i++ {
		if !(opt.Stars[i] < opt.Stars[i-1]) {
			return nil, fmt.Errorf("modeltable: star thresholds %v must decrease", opt.Stars)
		}
	}
	l := &layout{stats: opt.Stats}
	if l.stats == nil {
		l.stats = DefaultStats
	}
	type coefRow struct{ est, se, p float64 }
	rows := make([]map[string]coefRow, len(models))
	var order []string
	seen := map[string]bool{}
	vcovs := make([]string, len(models))
	for m, md := range models {
		name := md.Name
		if name == "" {
			name = fmt.Sprintf("(%d)", m+1)
		}
		l.names = append(l.names, name)
		if md.Coef == nil {
			return nil, fmt.Errorf("modeltable: model %s has no coefficient table", name)
		}
		cols := map[string]*table.Column{}
		for _, c := range []string{"term", "estimate", "std_error", "p_value", "vcov"} {
			col := md.Coef.Col(c)
			if col == nil {
				return nil, fmt.Errorf("modeltable: model %s: coefficient table has no column %q (columns: %s)", name, c, strings.Join(md.Coef.Names(), ", "))
			}
			cols[c] = col
		}
		if cols["term"].Type != table.String || cols["vcov"].Type != table.String {
			return nil, fmt.Errorf("modeltable: model %s: term and vcov must be text columns", name)
		}
		v := md.Vcov
		if v == "" {
			for i := 0; i < md.Coef.NumRows(); i++ {
				if s := cols["vcov"].Strings[i]; v == "" {
					v = s
				} else if s != v {
					return nil, fmt.Errorf("modeltable: model %s: the coefficient table has several variance estimators (%q, %q, ...); choose one with Model.Vcov", name, v, s)
				}
			}
		}
		vcovs[m] = v
		rows[m] = map[string]coefRow{}
		for i := 0; i < md.Coef.NumRows(); i++ {
			if cols["vcov"].Strings[i] != v {
				continue
			}
			t := cols["term"].Strings[i]
			est, _ := cols["estimate"].Float64(i)
			se, _ := cols["std_error"].Float64(i)
			p, _ := cols["p_value"].Float64(i)
			rows[m][t] = coefRow{est, se, p}
			if !seen[t] {
				seen[t] = true
				order = append(order, t)
			}
		}
		if len(rows[m]) == 0 {
			return nil, fmt.Errorf("modeltable: model %s: no coefficient rows with vcov %q", name, v)
		}
	}
	l.terms = order
	if opt.Terms != nil {
		l.terms = opt.Terms
		for _, t := range l.terms {
			if !seen[t] {
				return nil, fmt.Errorf("modeltable: term %q is in no model", t)
			}
		}
	}
	for _, t := range l.terms {
		row := make([]cell, len(models))
		for m := range models {
			r, ok := rows[m][t]
			if !ok {
				continue
			}
			c := cell{est: fixed(r.est, digits) + stars(r.p, opt.Stars)}
			if se := fixed(r.se, digits); se != "" {
				// A missing standard error (a negative variance from
				// multiway clustering) leaves the cell empty, not "()".
				c.se = "(" + se + ")"
			}
			row[m] = c
		}
		l.cells = append(l.cells, row)
	}
	nobs := make([]string, len(models))
	var shown []Stat
	for _, st := range l.stats {
		vals := make([]string, len(models))
		any := false
		for m, md := range models {
			if md.Stats == nil {
				continue
			}
			c := md.Stats.Col(st.Column)
			if c == nil {
				return nil, fmt.Errorf("modeltable: model %s: stats table has no column %q (columns: %s)", l.names[m], st.Column, strings.Join(md.Stats.Names(), ", "))
			}
			vals[m] = formatStat(c, digits)
			any = any || vals[m] != ""
		}
		// A statistic no model has (no stats tables given, or AIC of
		// Firth fits) is left out rather than shown as an empty row.
		if any {
			shown = append(shown, st)
			l.statVals = append(l.statVals, vals)
		}
	}
	l.stats = shown
	for m, md := range models {
		if md.Stats != nil {
			if c := md.Stats.Col("nobs"); c != nil {
				nobs[m] = formatStat(c, 0)
			}
		}
	}
	l.notes = append(l.notes, "Standard errors in parentheses, by variance estimator:")
	for m := range models {
		s := fmt.Sprintf("%s %s", l.names[m], vcovs[m])
		if nobs[m] != "" {
			s += "; N = " + nobs[m]
		}
		l.notes = append(l.notes, s+".")
	}
	if len(opt.Stars) > 0 {
		var parts []string
		for i, th := range opt.Stars {
			parts = append(parts, fmt.Sprintf("%s p < %s", strings.Repeat("*", i+1), strconv.FormatFloat(th, 'f', -1, 64)))
		}
		l.notes = append(l.notes, strings.Join(parts, ", ")+".")
	}
	l.notes = append(l.notes, opt.Notes...)
	return l, nil
}

// fixed formats v with d decimals, never as "-0.000".
func fixed(v float64, d int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

func stars(p float64, th []float64) string {
	n := 0
	for _, t := range th {
		if p < t {
			n++
		}
	}
	return strings.Repeat("*", n)
}

// formatStat formats a fit statistic: integers with thousands separators,
// floats with d decimals (2 if d is larger), missing as empty.
func formatStat(c *table.Column, d int) string {
	if c.IsMissing(0) {
		return ""
	}
	switch c.Type {
	case table.Int:
		return group(c.Ints[0])
	case table.Float:
		return fixed(c.Floats[0], min(d, 2))
	}
	return c.Format(0)
}

func group(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func displayTerm(t string, opt Options, sep string) string {
	if s, ok := opt.Labels[t]; ok {
		return s
	}
	return strings.ReplaceAll(t, ":", sep)
}

// Markdown writes the models as a Markdown (pipe) table followed by the
// notes, one paragraph each.
func Markdown(w io.Writer, models []Model, opt Options) error {
	l, err := build(models, opt)
	if err != nil {
		return err
	}
	var b strings.Builder
	if opt.Caption != "" {
		b.WriteString("**" + mdEscape(opt.Caption) + "**\n\n")
	}
	b.WriteString("|  |")
	for _, n := range l.names {
		b.WriteString(" " + mdEscape(n) + " |")
	}
	b.WriteString("\n|:---|")
	for range l.names {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for i, t := range l.terms {
		b.WriteString("| " + mdEscape(displayTerm(t, opt, " × ")) + " |")
		for _, c := range l.cells[i] {
			b.WriteString(" " + mdEscape(c.est) + " |")
		}
		b.WriteString("\n|  |")
		for _, c := range l.cells[i] {
			b.WriteString(" " + c.se + " |")
		}
		b.WriteString("\n")
	}
	for i, st := range l.stats {
		b.WriteString("| " + mdEscape(st.Label) + " |")
		for _, v := range l.statVals[i] {
			b.WriteString(" " + v + " |")
		}
		b.WriteString("\n")
	}
	for _, n := range l.notes {
		b.WriteString("\n" + mdEscape(n) + "\n")
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "*", `\*`)
}

// LaTeX writes the models as a LaTeX table environment with booktabs rules
// and dcolumn decimal alignment (see the package documentation for the
// preamble).
func LaTeX(w io.Writer, models []Model, opt Options) error {
	l, err := build(models, opt)
	if err != nil {
		return err
	}
	nm := len(l.names)
	var b strings.Builder
	b.WriteString("\\begin{table}[htbp]\n\\centering\n")
	if opt.Caption != "" {
		b.WriteString("\\caption{" + texEscape(opt.Caption) + "}\n")
	}
	if opt.Label != "" {
		b.WriteString("\\label{" + opt.Label + "}\n")
	}
	b.WriteString("\\begin{tabular}{l" + strings.Repeat(" D{.}{.}{-1}", nm) + "}\n\\toprule\n")
	for _, n := range l.names {
		b.WriteString(" & \\multicolumn{1}{c}{" + texEscape(n) + "}")
	}
	b.WriteString(" \\\\\n\\midrule\n")
	for i, t := range l.terms {
		b.WriteString(texTerm(t, opt))
		for _, c := range l.cells[i] {
			b.WriteString(" & " + texNumber(c.est))
		}
		b.WriteString(" \\\\\n")
		for _, c := range l.cells[i] {
			b.WriteString(" & " + c.se)
		}
		b.WriteString(" \\\\\n")
	}
	if len(l.stats) > 0 {
		b.WriteString("\\midrule\n")
	}
	for i, st := range l.stats {
		b.WriteString(texEscape(st.Label))
		for _, v := range l.statVals[i] {
			if v == "" {
				b.WriteString(" & ")
				continue
			}
			b.WriteString(" & \\multicolumn{1}{c}{" + v + "}")
		}
		b.WriteString(" \\\\\n")
	}
	b.WriteString("\\bottomrule\n")
	for _, n := range l.notes {
		fmt.Fprintf(&b, "\\multicolumn{%d}{l}{\\footnotesize %s} \\\\\n", nm+1, texEscape(n))
	}
	b.WriteString("\\end{tabular}\n\\end{table}\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// texNumber writes an estimate for a D column: stars as a superscript.
func texNumber(s string) string {
	if s == "" {
		return ""
	}
	if k := strings.IndexByte(s, '*'); k >= 0 {
		return s[:k] + "^{" + s[k:] + "}"
	}
	return s
}

func texTerm(t string, opt Options) string {
	if s, ok := opt.Labels[t]; ok {
		return texEscape(s)
	}
	parts := strings.Split(t, ":")
	for i, p := range parts {
		parts[i] = texEscape(p)
	}
	return strings.Join(parts, " $\\times$ ")
}

var texReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `$`, `\$`, `&`, `\&`, `#`, `\#`,
	`^`, `\textasciicircum{}`, `_`, `\_`, `%`, `\%`, `~`, `\textasciitilde{}`,
	`<`, `\textless{}`, `>`, `\textgreater{}`,
)

func texEscape(s string) string { return texReplacer.Replace(s) }

// ReadCoefficients reads a coefficient table written as CSV or Parquet (e.g. by
// repnet from glm.Model.Coefficients) and checks its columns.
func ReadCoefficients(path string) (*table.Table, error) {
	t, err := table.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"term", "estimate", "std_error", "p_value", "vcov"} {
		if t.Col(c) == nil {
			return nil, fmt.Errorf("modeltable: %s: no column %q; is this a coefficient table? (columns: %s)", path, c, strings.Join(t.Names(), ", "))
		}
	}
	for _, c := range []string{"estimate", "std_error", "p_value"} {
		if ty := t.Col(c).Type; ty != table.Float && ty != table.Int {
			return nil, fmt.Errorf("modeltable: %s: column %q is %s, expected numbers", path, c, ty)
		}
	}
	return t, nil
}

// ReadStats reads a fit-statistics table written as CSV or Parquet (e.g. from
// glm.Model.Stats) and checks that it has one row.
func ReadStats(path string) (*table.Table, error) {
	t, err := table.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if t.NumRows() != 1 {
		return nil, fmt.Errorf("modeltable: %s: a stats table has one row; found %d", path, t.NumRows())
	}
	return t, nil
}
