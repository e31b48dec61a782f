package notebooks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/tidy"
)

func init() {
	registerStep("transform", `Derives a table from another with dplyr-like operations, applied in order:
  in = "TABLE", out = "NAME", and ops = [ ... ], a list of one-verb tables:
    { filter = "year >= 1990 and ccode in [710, 750]" }
    { select = ["ccode", "year"] }  or  { select = ["-missing"] } to drop
    { rename = { members = "any" } }                 new = "old"
    { mutate = ["members = full + associate", "share = full / members"] }
    { summarise = ["n = n()", "m = mean(x)"], group_by = ["year"], na_rm = false }
    { count = ["year"], name = "n" }                 count = [] counts all rows
    { left_join = "TABLE", by = ["ccode", "year"] }  also inner_join; "a=b" keys
    { sort = ["year", "-members"] }                  - sorts descending
    { head = 3, group_by = ["year"] }                first rows (per group)
    { pivot_longer = ["a", "b"], names_to = "series", values_to = "n" }
    { bind_rows = ["TABLE", ...] }
  Expressions: + - * /, comparisons, and or not, in [..], abs log exp sqrt round
  is_missing if_else; summaries n sum mean min max sd n_distinct, and paste(x) or paste(x, " ")
  (the group's values joined as text). Missing values
  propagate; filter drops rows whose condition is missing; summaries of a group
  with a missing value are missing unless na_rm = true (see 'go doc
  github.com/repnet/repnet/analysis/tidy').`, newTransformStep)
}

type transformStep struct {
	spec *Spec
	p    *Params
	Ops  []tidy.Op `toml:"ops"`
	pipe *tidy.Pipeline
}

func newTransformStep(s *Spec, p *Params) (Step, error) {
	t := &transformStep{spec: s, p: p}
	if err := p.Decode(t); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) != 1 {
		return nil, p.Errorf("in", "a transform reads one table: in = \"TABLE\" (joins and bind_rows name the others)")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a transform makes one table: out = \"NAME\"")
	}
	if len(t.Ops) == 0 {
		return nil, p.Errorf("ops", "no operations: give ops = [ { filter = \"...\" }, ... ]")
	}
	pipe, err := tidy.Compile(t.Ops)
	if err != nil {
		return nil, t.opError(err)
	}
	t.pipe = pipe
	return t, nil
}

// opError places an error of the tidy package at its operation's line.
func (t *transformStep) opError(err error) error {
	var oe *tidy.OpError
	if errors.As(err, &oe) {
		return t.p.ElemErrorf("ops", oe.Index, "%s", strings.TrimPrefix(err.Error(), "tidy: "))
	}
	return t.p.Errorf("ops", "%s", strings.TrimPrefix(err.Error(), "tidy: "))
}

func (t *transformStep) Inputs() []string {
	out := []string{t.spec.In[0]}
	for _, n := range t.pipe.Tables() {
		if n != t.spec.In[0] {
			out = append(out, n)
		}
	}
	return out
}

func (t *transformStep) Outputs() []Output {
	return []Output{{Name: t.spec.Out[0], Kind: TableOutput}}
}

func (t *transformStep) Cites() []string { return nil }

func (t *transformStep) Run(ctx *Context) error {
	in, err := ctx.Table(t.spec.In[0])
	if err != nil {
		return err
	}
	out, err := t.pipe.Run(in, ctx.Table)
	if err != nil {
		return t.opError(err)
	}
	ctx.SetTable(t.spec.Out[0], out)
	return nil
}

func (t *transformStep) Methods(ctx *Context) string {
	return fmt.Sprintf("Table %s is derived from %s: %s.", t.spec.Out[0], t.spec.In[0], t.pipe)
}
