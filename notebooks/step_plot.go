package notebooks

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/repnet/repnet/plots"
)

func init() {
	var kindsDoc strings.Builder
	for _, k := range plots.Kinds() {
		kindsDoc.WriteString(" " + k)
	}
	registerStep("plot", `Draws a figure from a table with the plots package (see 'repnet help plot').
  in = "TABLE", out = "NAME", kind = one of`+kindsDoc.String()+`,
  the kind's options (x = "year", y = "n", group = "series", ref_lines = [...],
  as 'repnet help plot' lists them, with underscores: end_labels, y_label...),
  page options width, height (inches), dpi, title, legend, legend_title,
  font_size, nodes = "TABLE" (network, heatmap), and formats = ["svg", "png"]
  (the default; "pdf" when asked). Writes figures/NAME.svg, .png, .pdf. The
  report links the PNG (else the SVG). A network layout without a seed uses
  the step's seed.`, newPlotStep)
}

type plotStep struct {
	spec  *Spec
	Kind  string     `toml:"kind"`
	Nodes string     `toml:"nodes"`
	Forms stringList `toml:"formats"`
	page  plots.Page
	chart plots.Chart
}

func newPlotStep(s *Spec, p *Params) (Step, error) {
	st := &plotStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if st.Kind == "" {
		return nil, p.Errorf("", "missing kind: the figure kind (%s)", strings.Join(plots.Kinds(), ", "))
	}
	chart, err := plots.New(st.Kind)
	if err != nil {
		return nil, p.Errorf("kind", "%s", strings.TrimPrefix(err.Error(), "plots: "))
	}
	st.chart = chart
	if err := p.Decode(chart); err != nil {
		return nil, err
	}
	if err := p.Decode(&st.page); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) != 1 {
		return nil, p.Errorf("in", "a plot draws one table: in = \"TABLE\" (a network's nodes go in nodes = \"TABLE\")")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a plot makes one figure: out = \"NAME\"")
	}
	if st.Nodes != "" && st.Kind != "network" && st.Kind != "heatmap" {
		return nil, p.Errorf("nodes", "nodes applies to network and heatmap figures only")
	}
	if len(st.Forms) == 0 {
		st.Forms = stringList{"svg", "png"}
	}
	seen := map[string]bool{}
	for _, f := range st.Forms {
		switch f {
		case "svg", "png", "pdf":
		default:
			return nil, p.Errorf("formats", "figure format %q: want svg, png or pdf", f)
		}
		if seen[f] {
			return nil, p.Errorf("formats", "format %q given twice", f)
		}
		seen[f] = true
	}
	return st, nil
}

func (st *plotStep) Inputs() []string {
	if st.Nodes != "" && st.Nodes != st.spec.In[0] {
		return []string{st.spec.In[0], st.Nodes}
	}
	return []string{st.spec.In[0]}
}

func (st *plotStep) Outputs() []Output {
	o := Output{Name: st.spec.Out[0], Kind: FigureOutput}
	for _, f := range st.Forms {
		o.Files = append(o.Files, "figures/"+st.spec.Out[0]+"."+f)
	}
	return []Output{o}
}

func (st *plotStep) Cites() []string { return nil }

// UsesSeed: a network's layout is random; it uses the step's seed unless
// the notebook gives one.
func (st *plotStep) UsesSeed(derived uint64) (uint64, bool) {
	nw, ok := st.chart.(*plots.Network)
	if !ok {
		return 0, false
	}
	if nw.Seed != 0 {
		return nw.Seed, true
	}
	return derived, true
}

func (st *plotStep) Run(ctx *Context) error {
	in := plots.Inputs{}
	var err error
	if in.Data, err = ctx.Table(st.spec.In[0]); err != nil {
		return err
	}
	if st.Nodes != "" {
		if in.Nodes, err = ctx.Table(st.Nodes); err != nil {
			return err
		}
	}
	chart := st.chart
	if nw, ok := chart.(*plots.Network); ok && nw.Seed == 0 {
		c := *nw
		c.Seed = ctx.Seed
		chart = &c
	}
	for _, f := range st.Forms {
		var buf bytes.Buffer
		if err := plots.Render(&buf, plots.Format(f), chart, in, st.page); err != nil {
			return err
		}
		ctx.WriteFile("figures/"+st.spec.Out[0]+"."+f, buf.Bytes())
	}
	return nil
}

func (st *plotStep) Methods(ctx *Context) string {
	s := fmt.Sprintf("Figure %s is a %s chart of table %s", st.spec.Out[0], st.Kind, st.spec.In[0])
	if seed, ok := st.UsesSeed(ctx.Seed); ok {
		s += fmt.Sprintf(", its layout computed from seed %d", seed)
	}
	return s + "."
}
