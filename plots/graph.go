package plots

import (
	"math"
	"sort"

	"github.com/repnet/repnet/internal/table"
)

// graphData is an undirected weighted graph read from an edge table and an
// optional node table, with nodes in ascending id order (numeric ids
// numerically, as COW codes are).
type graphData struct {
	ids   []string
	row   []int // node table row of each node, or -1
	edges []graphEdge
	maxW  float64
	ec    *cols // edge table
	nc    *cols // node table, or nil
}

type graphEdge struct {
	i, j     int // node indexes, i < j
	w        float64
	backbone bool
	row      int // edge table row
}

// graphOptions names the columns readGraph reads.
type graphOptions struct {
	source, target, weight, backbone string
	node                             string
}

func readGraph(kind string, in Inputs, o graphOptions) (*graphData, error) {
	ec, err := newCols(kind, "edge table", in.Data)
	if err != nil {
		return nil, err
	}
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	sc, err := ec.key("source", def(o.source, "ccode1"))
	if err != nil {
		return nil, err
	}
	tc, err := ec.key("target", def(o.target, "ccode2"))
	if err != nil {
		return nil, err
	}
	wname := o.weight
	if wname == "" && in.Data.Col("weight") != nil {
		wname = "weight"
	}
	var wc *table.Column
	if wname != "" && wname != "-" {
		if wc, err = ec.numeric("weight", wname); err != nil {
			return nil, err
		}
	}
	var bc *table.Column
	if o.backbone != "" {
		if bc, err = ec.flag("backbone", o.backbone); err != nil {
			return nil, err
		}
	}
	g := &graphData{ec: ec}
	index := map[string]int{}
	if in.Nodes != nil {
		nc, err := newCols(kind, "node table", in.Nodes)
		if err != nil {
			return nil, err
		}
		g.nc = nc
		idc, err := nc.key("node", def(o.node, "ccode"))
		if err != nil {
			return nil, err
		}
		rows := make([]int, idc.Len())
		for i := range rows {
			rows[i] = i
		}
		sort.SliceStable(rows, func(a, b int) bool { return idLess(idc, rows[a], rows[b]) })
		for _, r := range rows {
			id := idc.Format(r)
			if j, dup := index[id]; dup {
				return nil, nc.errorf("node %s appears twice in the node table (data rows %d and %d)", id, g.row[j]+1, r+1)
			}
			index[id] = len(g.ids)
			g.ids = append(g.ids, id)
			g.row = append(g.row, r)
		}
	} else {
		// Nodes are the edges' ends.
		type end struct {
			c *table.Column
			r int
		}
		var ends []end
		seen := map[string]bool{}
		for i := 0; i < in.Data.NumRows(); i++ {
			for _, c := range []*table.Column{sc, tc} {
				if id := c.Format(i); !seen[id] {
					seen[id] = true
					ends = append(ends, end{c, i})
				}
			}
		}
		numeric := sc.Type != table.String && tc.Type != table.String
		sort.SliceStable(ends, func(a, b int) bool {
			if numeric {
				va, _ := ends[a].c.Float64(ends[a].r)
				vb, _ := ends[b].c.Float64(ends[b].r)
				return va < vb
			}
			return ends[a].c.Format(ends[a].r) < ends[b].c.Format(ends[b].r)
		})
		for _, e := range ends {
			id := e.c.Format(e.r)
			index[id] = len(g.ids)
			g.ids = append(g.ids, id)
			g.row = append(g.row, -1)
		}
	}
	seenEdge := map[[2]int]int{}
	for r := 0; r < in.Data.NumRows(); r++ {
		a, b := sc.Format(r), tc.Format(r)
		i, ok := index[a]
		if !ok {
			return nil, ec.errorf("edge table data row %d: %s = %s is not in the node table (filter the edges to the nodes first)", r+1, sc.Name, a)
		}
		j, ok := index[b]
		if !ok {
			return nil, ec.errorf("edge table data row %d: %s = %s is not in the node table (filter the edges to the nodes first)", r+1, tc.Name, b)
		}
		if i == j {
			continue // a self-loop has no place in a sociogram or off the diagonal
		}
		if i > j {
			i, j = j, i
		}
		if r0, dup := seenEdge[[2]int{i, j}]; dup {
			return nil, ec.errorf("edge %s-%s appears twice (data rows %d and %d); the graph is undirected", g.ids[i], g.ids[j], r0+1, r+1)
		}
		seenEdge[[2]int{i, j}] = r
		w := 1.0
		if wc != nil {
			v, ok := wc.Float64(r)
			if !ok {
				return nil, ec.errorf("edge table data row %d: weight %q is missing", r+1, wc.Name)
			}
			if v < 0 {
				return nil, ec.errorf("edge table data row %d: weight %g is negative", r+1, v)
			}
			w = v
		}
		bb := false
		if bc != nil {
			if f, ok := bc.Float64(r); ok {
				bb = f == 1
			}
		}
		g.edges = append(g.edges, graphEdge{i: i, j: j, w: w, backbone: bb, row: r})
		g.maxW = math.Max(g.maxW, w)
	}
	// Edges in node order, whatever the table's row order.
	sort.Slice(g.edges, func(a, b int) bool {
		ea, eb := g.edges[a], g.edges[b]
		if ea.i != eb.i {
			return ea.i < eb.i
		}
		return ea.j < eb.j
	})
	return g, nil
}

// idLess orders node ids: numerically for numeric columns, else as text.
func idLess(c *table.Column, a, b int) bool {
	if c.Type == table.Int || c.Type == table.Float {
		va, _ := c.Float64(a)
		vb, _ := c.Float64(b)
		return va < vb
	}
	return c.Format(a) < c.Format(b)
}
