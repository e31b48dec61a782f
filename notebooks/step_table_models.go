package notebooks

import (
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/modeltable"
)

func init() {
	registerStep("table-models", `Lays several models side by side as a paper's regression table
  (analysis/modeltable; 'repnet help table-models'): in = ["COEFS", ...], the
  coefficient tables of model steps (or any tables with columns term, estimate,
  std_error, p_value, vcov), stats = ["STATS", ...] their fit statistics, in
  the same order (optional: N, log-likelihood and AIC rows), vcov = "V" (the
  estimator whose standard errors to show: one for all, or a list, one per
  model; needed when a table holds several). out = "NAME" writes
  tables/NAME.tex (LaTeX) and tables/NAME.md, which the report shows.
`+paperKeysDoc, newTableModelsStep)
}

type tableModelsStep struct {
	spec  *Spec
	Stats []string   `toml:"stats"`
	Vcov  stringList `toml:"vcov"`
	paperOptions
}

func newTableModelsStep(s *Spec, p *Params) (Step, error) {
	st := &tableModelsStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	n := len(s.In)
	if n == 0 {
		return nil, p.Errorf("", "no models: give in = [\"COEFS\", ...], the coefficient tables of model steps")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a table-models step makes one paper table: out = \"NAME\"")
	}
	if len(st.Stats) != 0 && len(st.Stats) != n {
		return nil, p.Errorf("stats", "%d stats tables for %d models: give one per model, in the order of in, or none", len(st.Stats), n)
	}
	if len(st.Vcov) > 1 && len(st.Vcov) != n {
		return nil, p.Errorf("vcov", "%d variance estimators for %d models: give one for all, or one per model", len(st.Vcov), n)
	}
	if err := st.paperOptions.check(p, n); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *tableModelsStep) Inputs() []string {
	out := append([]string(nil), st.spec.In...)
	for _, s := range st.Stats {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func (st *tableModelsStep) Outputs() []Output { return []Output{documentOutput(st.spec.Out[0])} }
func (st *tableModelsStep) Cites() []string   { return nil }

func (st *tableModelsStep) Run(ctx *Context) error {
	models := make([]modeltable.Model, len(st.spec.In))
	for i, name := range st.spec.In {
		c, err := ctx.Table(name)
		if err != nil {
			return err
		}
		models[i].Coef = c
		if len(st.Stats) > 0 {
			if models[i].Stats, err = ctx.Table(st.Stats[i]); err != nil {
				return err
			}
			if r := models[i].Stats.NumRows(); r != 1 {
				return fmt.Errorf("table %s: a stats table has one row; found %d", st.Stats[i], r)
			}
		}
		switch len(st.Vcov) {
		case 1:
			models[i].Vcov = st.Vcov[0]
		case len(st.spec.In):
			models[i].Vcov = st.Vcov[i]
		}
		if models[i].Name == "" && len(st.Names) == 0 {
			models[i].Name = fmt.Sprintf("(%d)", i+1)
		}
	}
	if err := st.paperOptions.write(ctx, st.spec.Out[0], models); err != nil {
		return fmt.Errorf("%v (models: %s)", err, strings.Join(st.spec.In, ", "))
	}
	return nil
}

func (st *tableModelsStep) Methods(ctx *Context) string {
	var cols []string
	for i, name := range st.spec.In {
		header := fmt.Sprintf("(%d)", i+1)
		if len(st.Names) > 0 {
			header = st.Names[i]
		}
		v := ""
		switch len(st.Vcov) {
		case 1:
			v = st.Vcov[0]
		case len(st.spec.In):
			v = st.Vcov[i]
		}
		if v != "" {
			cols = append(cols, fmt.Sprintf("%s is %s with standard errors %q", header, name, v))
		} else {
			cols = append(cols, fmt.Sprintf("%s is %s", header, name))
		}
	}
	return fmt.Sprintf("Paper table %s (tables/%s.tex) sets models side by side, each estimate above its standard error: %s.", st.spec.Out[0], st.spec.Out[0], strings.Join(cols, "; "))
}
