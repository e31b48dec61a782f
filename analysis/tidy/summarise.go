package tidy

import (
	"fmt"
	"math"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Summarise returns one row per group of equal values of the by columns
// (one row for the whole table when by is empty, even an empty one), sorted by the by
// columns ascending with missing last: the by columns, then one column per
// definition. Each definition is a summary of one column: n(), sum(x),
// mean(x), min(x), max(x), sd(x), n_distinct(x) or paste(x).
//
// Missing values (see the package documentation): with naRm false, a
// group with any missing x has a missing sum, mean, min, max and sd; with
// naRm true they are skipped, and a group with no non-missing x still has
// a missing result, never 0. sd, the sample standard deviation (divisor
// n - 1), is missing for fewer than two values. sum of ints is an int (an
// overflow is an error), of floats a float, summed in row order. min and
// max also take strings (byte order). paste(x) joins the group's values of
// x, as text (see table.Column.Format), in row order, separated by ", ";
// paste(x, " | ") by the string given.
func Summarise(t *table.Table, by []string, defs []Def, naRm bool) (*table.Table, error) {
	keys, err := keyCols("summarise", t, by)
	if err != nil {
		return nil, err
	}
	if len(defs) == 0 {
		return nil, fmt.Errorf("tidy: summarise: no summaries given")
	}
	type agg struct {
		name string
		fn   string
		col  *table.Column
		src  string
		sep  string // paste's separator
	}
	aggs := make([]agg, len(defs))
	names := map[string]bool{}
	for _, b := range by {
		names[b] = true
	}
	for k, d := range defs {
		c, ok := d.Expr.root.(*call)
		if !ok || !aggregates[c.fn] {
			return nil, fmt.Errorf("tidy: summarise %s: expected a summary such as mean(x) (%s); compute other expressions with mutate first", d, summaryNames)
		}
		a := agg{name: d.Name, fn: c.fn, src: d.String(), sep: ", "}
		args := c.args
		if c.fn == "paste" && len(args) == 2 {
			lit, ok := args[1].(*strLit)
			if !ok {
				return nil, fmt.Errorf("tidy: summarise %s: paste's second argument is the separator, a string such as \", \"", d)
			}
			a.sep, args = lit.s, args[:1]
		}
		switch {
		case c.fn == "n":
			if len(c.args) != 0 {
				return nil, fmt.Errorf("tidy: summarise %s: n() takes no argument", d)
			}
		case len(args) != 1 && c.fn == "paste":
			return nil, fmt.Errorf("tidy: summarise %s: paste takes a column and optionally a separator: paste(x) or paste(x, \" \")", d)
		case len(args) != 1:
			return nil, fmt.Errorf("tidy: summarise %s: %s takes one column", d, c.fn)
		default:
			ref, ok := args[0].(*colRef)
			if !ok {
				return nil, fmt.Errorf("tidy: summarise %s: %s takes a column name; compute expressions with mutate first", d, c.fn)
			}
			if a.col = t.Col(ref.name); a.col == nil {
				return nil, fmt.Errorf("tidy: summarise %s: no column %q (columns: %s)", d, ref.name, strings.Join(t.Names(), ", "))
			}
			switch ty := a.col.Type; {
			case c.fn == "n_distinct", c.fn == "paste":
			case (c.fn == "min" || c.fn == "max") && ty == table.String:
			case !isNum(ty):
				return nil, fmt.Errorf("tidy: summarise %s: column %q is %s, %s needs numbers", d, ref.name, ty, c.fn)
			}
		}
		if names[d.Name] {
			return nil, fmt.Errorf("tidy: summarise: two output columns called %q", d.Name)
		}
		names[d.Name] = true
		aggs[k] = a
	}
	gs := groups(keys, t.NumRows())
	cols := make([]*table.Column, 0, len(keys)+len(aggs))
	if len(keys) > 0 {
		first := make([]int, len(gs))
		for g, rows := range gs {
			first[g] = rows[0]
		}
		for _, c := range keys {
			cols = append(cols, c.Take(first))
		}
	}
	for _, a := range aggs {
		ty := table.Float
		switch {
		case a.fn == "n" || a.fn == "n_distinct":
			ty = table.Int
		case a.fn == "paste":
			ty = table.String
		case a.fn == "sum" && a.col.Type == table.Int, a.fn == "min" || a.fn == "max":
			ty = a.col.Type
		}
		b := newBuilder(a.name, ty, len(gs))
		for _, rows := range gs {
			if a.fn == "paste" {
				b.add(paste(a.col, rows, a.sep, naRm))
				continue
			}
			v, err := summary(a.fn, a.col, rows, naRm)
			if err != nil {
				return nil, fmt.Errorf("tidy: summarise %s: %v", a.src, err)
			}
			b.add(v)
		}
		cols = append(cols, b.column())
	}
	return derive(t, cols), nil
}

// summary computes fn over rows of c.
func summary(fn string, c *table.Column, rows []int, naRm bool) (value, error) {
	switch fn {
	case "n":
		return value{i: int64(len(rows))}, nil
	case "n_distinct":
		seen := map[string]bool{}
		var buf []byte
		cols := []*table.Column{c}
		for _, i := range rows {
			if naRm && isMissing(c, i) {
				continue
			}
			buf = appendKey(buf[:0], cols, i)
			seen[string(buf)] = true
		}
		return value{i: int64(len(seen))}, nil
	}
	// The non-missing rows, or missing when one is and naRm is false.
	vals := make([]int, 0, len(rows))
	for _, i := range rows {
		if isMissing(c, i) {
			if !naRm {
				return value{na: true}, nil
			}
			continue
		}
		vals = append(vals, i)
	}
	if len(vals) == 0 {
		return value{na: true}, nil
	}
	switch fn {
	case "min", "max":
		best := vals[0]
		for _, i := range vals[1:] {
			r := compareCell(c, i, best)
			if fn == "min" && r < 0 || fn == "max" && r > 0 {
				best = i
			}
		}
		return get(c, best), nil
	case "sum":
		if c.Type == table.Int {
			var s int64
			for _, i := range vals {
				x := c.Ints[i]
				n := s + x
				if (x >= 0) != (n >= s) {
					return value{}, fmt.Errorf("integer overflow")
				}
				s = n
			}
			return value{i: s}, nil
		}
		var s float64
		for _, i := range vals {
			s += c.Floats[i]
		}
		return fromFloat(s), nil
	}
	f := func(i int) float64 { v, _ := c.Float64(i); return v }
	var s float64
	for _, i := range vals {
		s += f(i)
	}
	mean := s / float64(len(vals))
	if fn == "mean" {
		return fromFloat(mean), nil
	}
	// sd: two passes over the values, divisor n - 1.
	if len(vals) < 2 {
		return value{na: true}, nil
	}
	var ss float64
	for _, i := range vals {
		d := f(i) - mean
		// The conversion stops a fused multiply-add (arm64), so that sd
		// is the same on every architecture.
		ss += float64(d * d)
	}
	return fromFloat(math.Sqrt(ss / float64(len(vals)-1))), nil
}

// paste joins the values of c in rows, as text, separated by sep: missing
// if any is missing and naRm is false, or if none is left.
func paste(c *table.Column, rows []int, sep string, naRm bool) value {
	var b strings.Builder
	n := 0
	for _, i := range rows {
		if isMissing(c, i) {
			if !naRm {
				return value{na: true}
			}
			continue
		}
		if n > 0 {
			b.WriteString(sep)
		}
		b.WriteString(c.Format(i))
		n++
	}
	if n == 0 {
		return value{na: true}
	}
	return value{s: b.String()}
}

// Count returns the number of rows per group of equal values of the by
// columns, in a column called name ("n" when empty), sorted by the by
// columns; with no by columns, one row with the number of rows of t.
func Count(t *table.Table, by []string, name string) (*table.Table, error) {
	if name == "" {
		name = "n"
	}
	for _, b := range by {
		if b == name {
			return nil, fmt.Errorf("tidy: count: the count column %q is also a grouping column: choose another name", name)
		}
	}
	e, _ := Parse("n()")
	out, err := Summarise(t, by, []Def{{Name: name, Expr: e}}, false)
	if err != nil {
		return nil, fmt.Errorf("%s", strings.Replace(err.Error(), "tidy: summarise", "tidy: count", 1))
	}
	return out, nil
}
