package notebooks

import (
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
)

func init() {
	registerStep("tnr", `Builds the transnational repression network of an incident table (the tnr
  layer of package layers: ties from the origin state to the host state):
  in = "INCIDENTS" (an incidents step's table), out = ["EDGES", "NODES"].
  Keys: rule = "count" (incidents, the default) or "any"; tactics = [...];
  cooperation = ["yes"] (only incidents the host's authorities carried out or
  assisted); pool = true (one graph of all the years, labelled with the last);
  undated = true (with pool: also the incidents without a year); nodes = "cow"
  (every state in the COW system, the default) or "file" (only the states in
  the incidents); years = "A-B" (default: the incidents' coverage).
  EDGES has year, ccode1 (origin), ccode2 (host), weight; NODES has year,
  ccode, stateabb, name, V-Dem regime, in_degree (origin states a host's
  incidents came from), in_strength, out_degree (host states an origin acted
  in), out_strength, and role (origin, host, both or none).`, newTNRStep)
}

type tnrStep struct {
	spec        *Spec
	Rule        string     `toml:"rule"`
	Tactics     stringList `toml:"tactics"`
	Cooperation stringList `toml:"cooperation"`
	Pool        bool       `toml:"pool"`
	Undated     bool       `toml:"undated"`
	Nodes       string     `toml:"nodes"`
	Years       yearsParam `toml:"years"`
	layer       layers.Spec
}

func newTNRStep(s *Spec, p *Params) (Step, error) {
	st := &tnrStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) != 1 {
		return nil, p.Errorf("in", "a tnr step reads one incident table: in = \"INCIDENTS\"")
	}
	if len(s.Out) != 2 {
		return nil, p.Errorf("out", "a tnr step makes two tables: out = [\"EDGES\", \"NODES\"]")
	}
	ls := layers.Spec{Layer: "tnr:" + s.In[0], Mapping: "notebook", Rule: st.Rule, Tactics: st.Tactics, Cooperation: st.Cooperation,
		Pool: st.Pool, Undated: st.Undated, Nodes: st.Nodes}
	n, err := ls.Normalize()
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "layers: tnr layer: ")
		key := ""
		for _, k := range []string{"rule", "tactics", "cooperation", "undated", "nodes"} {
			if strings.Contains(msg, k) {
				key = k
				break
			}
		}
		return nil, p.Errorf(key, "%s", msg)
	}
	st.layer = n
	return st, nil
}

func (st *tnrStep) Inputs() []string { return []string{st.spec.In[0]} }
func (st *tnrStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}, {Name: st.spec.Out[1], Kind: TableOutput}}
}
func (st *tnrStep) Cites() []string { return nil }

// ReadsData: the network reads the COW state system and V-Dem itself, so
// the manifest lists those files among the inputs.
func (st *tnrStep) ReadsData() {}

func (st *tnrStep) Run(ctx *Context) error {
	t, err := ctx.Table(st.spec.In[0])
	if err != nil {
		return err
	}
	inc, err := incidentsOf(t, st.spec.In[0])
	if err != nil {
		return err
	}
	s := st.layer
	s.Mapping = inc.Mapping.Name
	if illustrative(t) {
		s.Layer, s.Mapping = "tnr:"+layers.TNRBundled, ""
	}
	d := layers.NewData()
	p, err := d.BuildIncidents(inc, s, st.Years.YearRange)
	if err != nil {
		return err
	}
	edges := p.Edges(false)
	measures := []network.Measure{"in_degree", "in_strength", "out_degree", "out_strength"}
	nodes, _, err := network.Compute(p.Layers(), measures, network.Options{})
	if err != nil {
		return err
	}
	if nodes, err = d.WithNodeAttributes(p, nodes); err != nil {
		return err
	}
	in, out := nodes.Col("in_degree"), nodes.Col("out_degree")
	role := make([]string, nodes.NumRows())
	for i := range role {
		a, _ := in.Float64(i)
		b, _ := out.Float64(i)
		switch {
		case a > 0 && b > 0:
			role[i] = "both"
		case a > 0:
			role[i] = "host"
		case b > 0:
			role[i] = "origin"
		default:
			role[i] = "none"
		}
	}
	nodes.Columns = append(nodes.Columns, table.NewString("role", role))
	ctx.SetTable(st.spec.Out[0], edges)
	ctx.SetTable(st.spec.Out[1], p.Relabel(nodes))
	return nil
}

func (st *tnrStep) Methods(ctx *Context) string {
	e, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Tables %s and %s are the transnational repression network of %s: a tie from the origin state to the host state, weighted by %s", st.spec.Out[0], st.spec.Out[1], st.spec.In[0], e.Meta["layer.weight"])
	if v := e.Meta["layer.pooled"]; v != "" {
		b.WriteString("; " + v)
	}
	fmt.Fprintf(&b, "; nodes: %s", e.Meta["layer.nodes"])
	b.WriteString(". In-degree counts the origin states whose nationals were targeted in a host state, out-degree the host states in which an origin state targeted its nationals.")
	return b.String()
}
