package layers

import (
	"fmt"
	"math"

	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
)

// RegimeNames are the labels of V-Dem's Regimes of the World categories,
// by v2x_regime.
var RegimeNames = [4]string{"closed autocracy", "electoral autocracy", "electoral democracy", "liberal democracy"}

// NodeAttributes returns a table with one row per node of the panel's
// graph of year y, in node order. For states: ccode, stateabb and name
// (from the countries crosswalk), v2x_regime (V-Dem Regimes of the World,
// 0-3), regime (its label), autocracy (v2x_regime 0 or 1) and
// v2x_polyarchy, missing where V-Dem has no value. For other nodes: node
// (the code, or the name when the panel has Labels).
func (d *Data) NodeAttributes(p *Panel, y int) (*table.Table, error) {
	yr := p.Year(y)
	if yr == nil {
		return nil, fmt.Errorf("layers: the panel has no year %d", y)
	}
	ids := yr.Graph.IDs()
	if !p.States {
		return table.New(p.nodeCol("node", ids)), nil
	}
	c, err := d.loadCountries()
	if err != nil {
		return nil, err
	}
	reg, err := d.loadRegimes()
	if err != nil {
		return nil, err
	}
	n := len(ids)
	abb, name, label := make([]string, n), make([]string, n), make([]string, n)
	rv, pol := make([]int64, n), make([]float64, n)
	aut := make([]bool, n)
	rmiss, pmiss := make([]bool, n), make([]bool, n)
	for i, id := range ids {
		k, _ := c.ByCCode(int(id))
		abb[i], name[i] = k.StateAbb, k.Name
		key := stateYear{int32(id), int32(y)}
		if r, ok := reg.regime[key]; ok {
			rv[i], label[i], aut[i] = int64(r), RegimeNames[r], Autocracy(int(r))
		} else {
			rmiss[i] = true
		}
		if v, ok := reg.polyarchy[key]; ok {
			pol[i] = v
		} else {
			pol[i], pmiss[i] = math.NaN(), true
		}
	}
	t := table.New(table.NewInt("ccode", ids), table.NewString("stateabb", abb), table.NewString("name", name),
		table.NewInt("v2x_regime", rv).WithMissing(rmiss), table.NewString("regime", label).WithMissing(rmiss),
		table.NewBool("autocracy", aut).WithMissing(rmiss), table.NewFloat("v2x_polyarchy", pol).WithMissing(pmiss))
	t.AddSources(reg.srcs...)
	return t, nil
}

// WithNodeAttributes returns t, a node-level table of the panel with
// columns year and ccode in the panel's row order (as network.Compute
// makes it), with the attribute columns of NodeAttributes (stateabb, name,
// v2x_regime, regime, autocracy, v2x_polyarchy) inserted after ccode. It
// is an error if t's rows are not the panel's node-years in order.
func (d *Data) WithNodeAttributes(p *Panel, t *table.Table) (*table.Table, error) {
	if !p.States {
		return nil, fmt.Errorf("layers: node attributes need states as nodes")
	}
	yc, cc := t.Col("year"), t.Col("ccode")
	if yc == nil || cc == nil || yc.Type != table.Int || cc.Type != table.Int {
		return nil, fmt.Errorf("layers: the table has no int columns year and ccode")
	}
	var parts []*table.Table
	row := 0
	for _, y := range p.Years {
		a, err := d.NodeAttributes(p, y.Year)
		if err != nil {
			return nil, err
		}
		for _, id := range a.Col("ccode").Ints {
			if row >= len(cc.Ints) || yc.Ints[row] != int64(y.Year) || cc.Ints[row] != id {
				return nil, fmt.Errorf("layers: row %d of the table is not node %d of %d", row, id, y.Year)
			}
			row++
		}
		parts = append(parts, a)
	}
	if row != t.NumRows() {
		return nil, fmt.Errorf("layers: the table has %d rows, the panel %d node-years", t.NumRows(), row)
	}
	var cols []*table.Column
	for _, c := range t.Columns {
		cols = append(cols, c)
		if c != cc {
			continue
		}
		for j := range parts[0].Columns {
			if j == 0 {
				continue // ccode
			}
			same := make([]*table.Column, len(parts))
			for k, pt := range parts {
				same[k] = pt.Columns[j]
			}
			cols = append(cols, table.Concat(same...))
		}
	}
	out := table.New(cols...)
	out.Sources, out.Meta = t.Sources, t.Meta
	if len(parts) > 0 {
		out.AddSources(parts[0].Sources...)
	}
	return out, nil
}

// GroupedLayers returns the panel's layers with a categorical node
// attribute for network.Compute's assortativity_group column: by =
// autocracy (1 for autocracies, v2x_regime 0 or 1, 0 for democracies) or
// regime (the four Regimes of the World categories, v2x_regime). Nodes
// without a V-Dem code that year are marked missing, so edges touching
// them do not count (see network.NominalAssortativity).
func (d *Data) GroupedLayers(p *Panel, by string) ([]network.Layer, error) {
	if by != "autocracy" && by != "regime" {
		return nil, fmt.Errorf("layers: unknown grouping %q (want autocracy or regime)", by)
	}
	if !p.States {
		return nil, fmt.Errorf("layers: grouping by %s needs states as nodes", by)
	}
	reg, err := d.loadRegimes()
	if err != nil {
		return nil, err
	}
	out := p.Layers()
	for k := range out {
		g := out[k].Graph
		groups, miss := make([]int64, g.N()), make([]bool, g.N())
		for i := range groups {
			r, ok := reg.regime[stateYear{int32(g.ID(i)), int32(out[k].Year)}]
			switch {
			case !ok:
				miss[i] = true
			case by == "regime":
				groups[i] = int64(r)
			case Autocracy(int(r)):
				groups[i] = 1
			}
		}
		out[k].Groups, out[k].GroupMissing = groups, miss
	}
	return out, nil
}
