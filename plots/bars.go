package plots

import (
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
	"gonum.org/v1/plot"
)

// Bars draws a value per category as bars, optionally split by group:
// stacked (Mode "stack", the default), side by side ("dodge"), or stacked
// as shares of each category's total ("fill"). For example, the number of
// organizations by regime composition per decade.
//
// A numeric category column is ordered by value and labelled without
// thousands separators when it holds years or decades; a text one keeps
// the order of first appearance. Groups keep the order of first
// appearance unless Order gives one; the first group is stacked on top, so
// that a legend read from top to bottom follows the stack. A missing value
// draws no bar (it is not a zero). Two rows for the same category and
// group are an error: aggregate first.
type Bars struct {
	// X is the category column, such as decade.
	X string `toml:"x"`
	// Y is the value column.
	Y string `toml:"y"`
	// Group, if set, splits each bar by its values.
	Group string `toml:"group"`
	// Mode is "stack" (default), "dodge" or "fill".
	Mode string `toml:"mode"`
	// Order lists the groups in the order to draw them; groups it leaves
	// out follow in order of first appearance.
	Order []string `toml:"order"`
	Axes
}

// Kind returns "bars".
func (*Bars) Kind() string { return "bars" }

func (bs *Bars) build(in Inputs, pg *Page, st style) (*figure, error) {
	cs, err := newCols(bs.Kind(), "table", in.Data)
	if err != nil {
		return nil, err
	}
	if bs.X == "" {
		return nil, cs.required("x", "the categories")
	}
	xc, err := cs.key("x", bs.X)
	if err != nil {
		return nil, err
	}
	if bs.Y == "" {
		return nil, cs.required("y", "the values")
	}
	yc, err := cs.numeric("y", bs.Y)
	if err != nil {
		return nil, err
	}
	gc, err := cs.optionalKey("group", bs.Group)
	if err != nil {
		return nil, err
	}
	mode := bs.Mode
	switch mode {
	case "":
		mode = "stack"
	case "stack", "dodge", "fill":
	default:
		return nil, cs.optionErrorf("mode", "%q: want stack, dodge or fill", bs.Mode)
	}
	n := cs.t.NumRows()

	// Categories.
	cats, catOf := levels(xc)
	numericX := xc.Type == table.Int || xc.Type == table.Float
	if numericX {
		type cv struct {
			name string
			v    float64
		}
		vs := make([]cv, len(cats))
		rowOf := make([]int, len(cats))
		for i := n - 1; i >= 0; i-- {
			rowOf[catOf[i]] = i
		}
		for k := range cats {
			v, _ := xc.Float64(rowOf[k])
			vs[k] = cv{cats[k], v}
		}
		perm := make([]int, len(cats))
		for k := range perm {
			perm[k] = k
		}
		sort.SliceStable(perm, func(a, b int) bool { return vs[perm[a]].v < vs[perm[b]].v })
		newPos := make([]int, len(cats))
		sorted := make([]string, len(cats))
		for pos, k := range perm {
			newPos[k] = pos
			sorted[pos] = formatValue(vs[k].v, !isYearName(bs.X))
		}
		for i := range catOf {
			catOf[i] = newPos[catOf[i]]
		}
		cats = sorted
	}

	// Groups.
	groups := []string{""}
	groupOf := make([]int, n)
	if gc != nil {
		var firstOrder []string
		firstOrder, groupOf = levels(gc)
		pos := map[string]int{}
		var order []string
		for _, g := range bs.Order {
			if _, dup := pos[g]; dup {
				return nil, cs.optionErrorf("order", "%q listed twice", g)
			}
			found := false
			for _, h := range firstOrder {
				found = found || h == g
			}
			if !found {
				return nil, cs.errorf("option order: no group %q in column %q (groups: %s)", g, bs.Group, joinStrings(firstOrder))
			}
			pos[g] = len(order)
			order = append(order, g)
		}
		for _, g := range firstOrder {
			if _, ok := pos[g]; !ok {
				pos[g] = len(order)
				order = append(order, g)
			}
		}
		for i := range groupOf {
			groupOf[i] = pos[firstOrder[groupOf[i]]]
		}
		groups = order
	}
	ng, nc := len(groups), len(cats)
	val := make([][]float64, nc)
	rowAt := make([][]int, nc)
	for k := range val {
		val[k] = make([]float64, ng)
		rowAt[k] = make([]int, ng)
		for g := range val[k] {
			val[k][g] = math.NaN()
			rowAt[k][g] = -1
		}
	}
	for i := 0; i < n; i++ {
		k, g := catOf[i], groupOf[i]
		if j := rowAt[k][g]; j >= 0 {
			what := bs.X + " = " + cats[k]
			if gc != nil {
				what += ", " + bs.Group + " = " + groups[g]
			}
			return nil, cs.errorf("two rows with %s (data rows %d and %d): aggregate first", what, j+1, i+1)
		}
		rowAt[k][g] = i
		if v, ok := yc.Float64(i); ok {
			if v < 0 && mode != "dodge" {
				return nil, cs.errorf("option mode %s: data row %d holds %g; stacked bars need values of at least zero (use mode dodge)", mode, i+1, v)
			}
			val[k][g] = v
		}
	}

	if pg.Height == 0 {
		pg.Height = math.Max(2, math.Min(3.4, pg.Width*0.68))
	}
	// Bar rectangles.
	var rects [][4]float64
	var fills []color.Color
	ymin, ymax := 0.0, 0.0
	for k := range cats {
		total := 0.0
		for g := range groups {
			if !math.IsNaN(val[k][g]) {
				total += val[k][g]
			}
		}
		switch mode {
		case "dodge":
			bw := 0.8 / float64(ng)
			for g := range groups {
				v := val[k][g]
				if math.IsNaN(v) {
					continue
				}
				x0 := float64(k) - 0.4 + float64(g)*bw
				rects = append(rects, [4]float64{x0, math.Min(0, v), x0 + bw, math.Max(0, v)})
				col, _ := category(g)
				fills = append(fills, col)
				ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
			}
		default:
			// Stack from the bottom with the last group, so that the
			// first group is on top.
			y := 0.0
			for g := ng - 1; g >= 0; g-- {
				v := val[k][g]
				if math.IsNaN(v) || v == 0 {
					continue
				}
				if mode == "fill" {
					v /= total
				}
				rects = append(rects, [4]float64{float64(k) - 0.35, y, float64(k) + 0.35, y + v})
				col, _ := category(g)
				fills = append(fills, col)
				y += v
			}
			ymax = math.Max(ymax, y)
		}
	}
	if len(rects) == 0 {
		return nil, cs.errorf("column %q has no values to draw", bs.Y)
	}
	yt := ticker{n: tickCount(pg.Height-0.6, false), integer: isInteger(yc) && mode != "fill"}
	p := newPlot(st, ticker{}, yt)
	var xt plot.ConstantTicks
	for k, c := range cats {
		xt = append(xt, plot.Tick{Value: float64(k), Label: c})
	}
	p.X.Tick.Marker = xt
	p.X.Tick.Length = 0
	p.X.Min, p.X.Max = -0.5, float64(nc)-0.5
	p.Y.Min, p.Y.Max = ymin, ymax*1.04 // headroom over the tallest bar
	if mode == "fill" {
		p.Y.Max = 1
	}
	p.Y.Padding = 0
	p.X.Padding = 0
	p.X.Label.Text = axisTitle(bs.XLabel, bs.XUnit, bs.X)
	yDefault := bs.Y
	if mode == "fill" {
		yDefault = "Share of " + bs.Y
	}
	p.Y.Label.Text = axisTitle(bs.YLabel, bs.YUnit, yDefault)
	p.Add(gridLines{y: &yt})
	p.Add(bars{rects: rects, fills: fills})
	pn := &panel{p: p}
	for _, r := range rects {
		pn.marks = append(pn.marks, rectMark(r[0], r[1], r[2], r[3]))
	}
	fig := &figure{grid: [][]*panel{{pn}}, insideOK: true}
	if gc != nil {
		fig.legend = newLegend(pg.LegendTitle, 7)
		for g, name := range groups {
			col, _ := category(g)
			fig.legend.add(name, boxSwatch(col))
		}
	}
	return fig, nil
}

func joinStrings(ss []string) string { return strings.Join(ss, ", ") }
