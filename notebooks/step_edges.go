package notebooks

import (
	"fmt"
)

func init() {
	registerStep("edges", `Writes a network layer's ties as a dyad-year table (as 'repnet edges'):
  columns year, ccode1, ccode2 and weight, sorted, ccode1 < ccode2 unless the
  layer is directed; out = "NAME".
`+layerKeysDoc+`
  all_dyads = true   every pair of nodes of every year, with weight 0 for a pair
    observed without a tie and missing where the weight is unknown (default:
    only ties of positive weight).`, newEdgesStep)
}

type edgesStep struct {
	spec *Spec
	layerKeys
	AllDyads bool `toml:"all_dyads"`
}

func newEdgesStep(s *Spec, p *Params) (Step, error) {
	st := &edgesStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "an edges step reads no table: it builds the layer from the bundled data")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "an edges step makes one table: out = \"NAME\"")
	}
	if err := st.resolveLayer(p); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *edgesStep) Inputs() []string { return nil }
func (st *edgesStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}}
}
func (st *edgesStep) Cites() []string { return layerCites(st.net) }

func (st *edgesStep) Run(ctx *Context) error {
	p, _, err := st.panel(ctx)
	if err != nil {
		return err
	}
	t := p.Edges(st.AllDyads)
	annotateNotes(p, t)
	ctx.SetTable(st.spec.Out[0], t)
	return nil
}

func (st *edgesStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	rows := "one row per pair of states with a tie of positive weight in a year"
	if st.AllDyads {
		rows = "one row per pair of nodes and year, with weight 0 for a pair observed without a tie and missing where the source leaves the pair unrecorded"
	}
	phrase, details := st.describeLayer(ctx, st.spec.Out[0], t)
	return sentences(fmt.Sprintf("Table %s holds the ties of %s.", st.spec.Out[0], phrase),
		details, fmt.Sprintf("It has %s (%s rows).", rows, comma(int64(t.NumRows()))))
}
