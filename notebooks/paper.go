package notebooks

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/modeltable"
)

// paperOptions are the keys of a paper table (analysis/modeltable), shared
// by the model and table-models steps.
type paperOptions struct {
	Names    []string          `toml:"names"`    // column headers; default (1), (2), ...
	Terms    []string          `toml:"terms"`    // terms to show, in order; default all
	Omit     []string          `toml:"omit"`     // terms to leave out; "factor(year)*" is a prefix
	Labels   map[string]string `toml:"labels"`   // term -> label
	Stars    []float64         `toml:"stars"`    // p-value thresholds, decreasing; default none
	Decimals int               `toml:"decimals"` // decimals of estimates and standard errors; default 3
	Caption  string            `toml:"caption"`
	Label    string            `toml:"label"` // LaTeX \label
	Notes    []string          `toml:"notes"` // further notes
}

const paperKeysDoc = `  The paper table's keys: names = ["(1)", ...] (column headers), terms = [...]
  (the terms to show, in order), omit = ["factor(year)*"] (terms left out; a
  trailing * matches a prefix; the table notes how many), labels = { term =
  "Label" }, stars = [0.1, 0.05, 0.01] (default none), decimals = 3,
  caption, label (LaTeX), notes = [...]. LaTeX uses booktabs and dcolumn.`

// check checks the options against the number of columns n.
func (o *paperOptions) check(p *Params, n int) error {
	if len(o.Names) != 0 && len(o.Names) != n {
		return p.Errorf("names", "%d names for %d columns: give one per column, or none", len(o.Names), n)
	}
	if o.Decimals < 0 || o.Decimals > 12 {
		return p.Errorf("decimals", "decimals = %d: want 1 to 12", o.Decimals)
	}
	for i, s := range o.Stars {
		if !(s > 0 && s < 1) || i > 0 && !(s < o.Stars[i-1]) {
			return p.Errorf("stars", "stars = %v: want decreasing p-values between 0 and 1, such as [0.1, 0.05, 0.01]", o.Stars)
		}
	}
	if len(o.Terms) > 0 && len(o.Omit) > 0 {
		return p.Errorf("omit", "give terms (the terms to show) or omit (the terms to leave out), not both")
	}
	for k, t := range o.Omit {
		if strings.TrimSuffix(t, "*") == "" {
			return p.ElemErrorf("omit", k, "omit entry %q matches every term", t)
		}
	}
	return nil
}

// omitted returns the omit entry that matches term, or "".
func (o *paperOptions) omitted(term string) string {
	for _, p := range o.Omit {
		if pre, ok := strings.CutSuffix(p, "*"); ok && strings.HasPrefix(term, pre) || p == term {
			return p
		}
	}
	return ""
}

// write lays the models out as tables/NAME.tex and tables/NAME.md.
func (o *paperOptions) write(ctx *Context, name string, models []modeltable.Model) error {
	opt := modeltable.Options{Digits: o.Decimals, Stars: o.Stars, Labels: o.Labels, Caption: o.Caption, Label: o.Label}
	for i := range models {
		if len(o.Names) > 0 {
			models[i].Name = o.Names[i]
		}
	}
	switch {
	case len(o.Terms) > 0:
		opt.Terms = o.Terms
	case len(o.Omit) > 0:
		// The terms of every model, in order of first appearance, less
		// those omitted; a note says which were left out.
		seen := map[string]bool{}
		dropped := map[string]int{}
		for _, m := range models {
			terms := m.Coef.Col("term")
			vcov := m.Coef.Col("vcov")
			if terms == nil || vcov == nil {
				return fmt.Errorf("table %s: not a coefficient table (columns %s)", name, strings.Join(m.Coef.Names(), ", "))
			}
			for i, t := range terms.Strings {
				if m.Vcov != "" && vcov.Strings[i] != m.Vcov || seen[t] {
					continue
				}
				seen[t] = true
				if p := o.omitted(t); p != "" {
					dropped[p]++
					continue
				}
				opt.Terms = append(opt.Terms, t)
			}
		}
		var parts []string
		for _, p := range o.Omit {
			switch n := dropped[p]; {
			case n == 1 && !strings.HasSuffix(p, "*"):
				parts = append(parts, p)
			case n > 0:
				parts = append(parts, fmt.Sprintf("%s (%d %s)", strings.TrimSuffix(p, "*"), n, map[bool]string{true: "term", false: "terms"}[n == 1]))
			}
		}
		if len(parts) > 0 {
			opt.Notes = append(opt.Notes, "Also in the model, not shown: "+strings.Join(parts, ", ")+".")
		}
	}
	opt.Notes = append(opt.Notes, o.Notes...)
	var tex, md bytes.Buffer
	if err := modeltable.LaTeX(&tex, models, opt); err != nil {
		return fmt.Errorf("table %s: %v", name, strings.TrimPrefix(err.Error(), "modeltable: "))
	}
	if err := modeltable.Markdown(&md, models, opt); err != nil {
		return fmt.Errorf("table %s: %v", name, strings.TrimPrefix(err.Error(), "modeltable: "))
	}
	ctx.WriteFile("tables/"+name+".tex", tex.Bytes())
	ctx.WriteFile("tables/"+name+".md", md.Bytes())
	return nil
}

// documentOutput is a paper table's output.
func documentOutput(name string) Output {
	return Output{Name: name, Kind: DocumentOutput, Files: []string{"tables/" + name + ".tex", "tables/" + name + ".md"}}
}
