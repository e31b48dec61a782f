package notebooks

import (
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/layers"
)

func init() {
	registerStep("communities", `Divides every year of a network layer into communities with the Louvain
  algorithm (as 'repnet communities'), seeded from the step's seed:
  out = "MEMBERS" (columns year, ccode, community, communities, modularity;
  one row per state-year) or out = ["MEMBERS", "GRAPHS"] to add one row per
  year (graph statistics, communities, modularity).
`+layerKeysDoc+`
  resolution = 1.0   the modularity resolution (above 1: smaller communities);
  seed = N           a seed of your own instead of the step's;
  attributes = true  adds stateabb, name and the V-Dem regime after ccode.
  Year Y uses the random source PCG(seed, Y); communities are numbered 0, 1, ...
  in the order of their smallest COW code.`, newCommunitiesStep)
}

type communitiesStep struct {
	spec *Spec
	layerKeys
	Resolution float64 `toml:"resolution"`
	Seed       uint64  `toml:"seed"`
	Attributes bool    `toml:"attributes"`
}

func newCommunitiesStep(s *Spec, p *Params) (Step, error) {
	st := &communitiesStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "a communities step reads no table: it builds the layer from the bundled data")
	}
	if len(s.Out) != 1 && len(s.Out) != 2 {
		return nil, p.Errorf("out", "a communities step makes the membership table and, optionally, the graph table: out = \"MEMBERS\" or out = [\"MEMBERS\", \"GRAPHS\"]")
	}
	if err := st.resolveLayer(p); err != nil {
		return nil, err
	}
	if p.Has("resolution") && !(st.Resolution > 0 && st.Resolution < 1e6) {
		return nil, p.Errorf("resolution", "resolution %v: want a positive number (1 is classical modularity)", st.Resolution)
	}
	return st, nil
}

func (st *communitiesStep) Inputs() []string { return nil }
func (st *communitiesStep) Outputs() []Output {
	out := make([]Output, len(st.spec.Out))
	for i, n := range st.spec.Out {
		out[i] = Output{Name: n, Kind: TableOutput}
	}
	return out
}

// UsesSeed: Louvain visits nodes in a random order.
func (st *communitiesStep) UsesSeed(derived uint64) (uint64, bool) {
	if st.Seed != 0 {
		return st.Seed, true
	}
	return derived, true
}

func (st *communitiesStep) Cites() []string {
	keys := append(layerCites(st.net), "blondel2008fast")
	if st.Resolution != 0 && st.Resolution != 1 {
		keys = append(keys, "reichardt2006statistical")
	}
	return keys
}

func (st *communitiesStep) Run(ctx *Context) error {
	p, d, err := st.panel(ctx)
	if err != nil {
		return err
	}
	seed, _ := st.UsesSeed(ctx.Seed)
	nodes, graphs, err := d.Communities(p, layers.MeasureOptions{Resolution: st.Resolution, Seed: seed, Attributes: st.Attributes})
	if err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "layers: "))
	}
	annotateNotes(p, nodes)
	ctx.SetTable(st.spec.Out[0], nodes)
	if len(st.spec.Out) == 2 {
		annotateNotes(p, graphs)
		ctx.SetTable(st.spec.Out[1], graphs)
	}
	return nil
}

func (st *communitiesStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	seed, _ := st.UsesSeed(ctx.Seed)
	phrase, details := st.describeLayer(ctx, st.spec.Out[0], t)
	s := sentences(fmt.Sprintf("Table %s gives the Louvain community of every node and year, with the year's number of communities and the modularity of its partition.", st.spec.Out[0]),
		fmt.Sprintf("The network is %s.", phrase), details, louvainWords(st.Resolution, seed))
	if st.Attributes {
		s += " Each state's COW abbreviation and V-Dem Regimes of the World category that year are attached (missing where V-Dem has none)."
	}
	if len(st.spec.Out) == 2 {
		s += fmt.Sprintf(" Table %s has one row per year with the graph statistics, the number of communities and the modularity.", st.spec.Out[1])
	}
	return s
}
