package notebooks

import (
	"strings"
)

func init() {
	registerStep("write", `Writes tables: in = ["TABLE", ...] are written to tables/NAME.parquet and
  tables/NAME.csv whatever their size (including tables loaded by table steps
  and inputs, which are not written otherwise), and in the formats
  format = "markdown" or "latex" (or both, as a list), as tables/NAME.md and
  tables/NAME.tex, with floats rounded to digits significant digits (default 4).`, newWriteStep)
}

type writeStep struct {
	spec   *Spec
	Format stringList `toml:"format"`
}

func newWriteStep(s *Spec, p *Params) (Step, error) {
	w := &writeStep{spec: s}
	if err := p.Decode(w); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) == 0 {
		return nil, p.Errorf("", "a write step needs in = [\"TABLE\", ...]: the tables to write")
	}
	if len(s.Out) > 0 {
		return nil, p.Errorf("out", "a write step makes no new table: its files are named after the tables in in")
	}
	seen := map[string]bool{}
	for i, f := range w.Format {
		f = strings.ToLower(f)
		if f == "md" {
			f = "markdown"
		}
		if f == "tex" {
			f = "latex"
		}
		switch f {
		case "markdown", "latex", "csv", "parquet":
		default:
			return nil, p.Errorf("format", "table format %q: want markdown or latex (Parquet and CSV are always written)", w.Format[i])
		}
		if seen[f] {
			return nil, p.Errorf("format", "format %q given twice", f)
		}
		seen[f] = true
		w.Format[i] = f
	}
	return w, nil
}

func (w *writeStep) Inputs() []string  { return w.spec.In }
func (w *writeStep) Outputs() []Output { return nil }
func (w *writeStep) Cites() []string   { return nil }
func (w *writeStep) NoCache()          {}

func (w *writeStep) Run(ctx *Context) error {
	for _, n := range w.spec.In {
		ctx.requestWrite(n, append([]string{"parquet", "csv"}, w.Format...), w.spec.Digits)
	}
	return nil
}

func (w *writeStep) Methods(*Context) string { return "" }
