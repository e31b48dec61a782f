package notebooks

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/repnet/repnet/internal/table"
)

// tableFuncs are the template functions whose first argument names a
// table; Load checks those names.
var tableFuncs = map[string]bool{"value": true, "values": true, "nrows": true, "rows": true, "max": true, "min": true, "sum": true, "mean": true}

// templateFuncs returns the functions report prose may call, reading the
// run's tables through lookup.
func templateFuncs(lookup func(string) (*table.Table, error)) template.FuncMap {
	return template.FuncMap{
		"value": func(tbl, col string, filters ...string) (any, error) {
			c, rows, err := selectRows(lookup, tbl, col, filters)
			if err != nil {
				return nil, err
			}
			if len(rows) != 1 {
				return nil, fmt.Errorf("table %q has %d rows where %s (value needs exactly one)", tbl, len(rows), describeFilters(filters))
			}
			if c.IsMissing(rows[0]) {
				return nil, fmt.Errorf("table %q: %s is missing where %s", tbl, col, describeFilters(filters))
			}
			return cell(c, rows[0]), nil
		},
		"values": func(tbl, col string, filters ...string) ([]any, error) {
			c, rows, err := selectRows(lookup, tbl, col, filters)
			if err != nil {
				return nil, err
			}
			out := make([]any, 0, len(rows))
			for _, i := range rows {
				if c.IsMissing(i) {
					return nil, fmt.Errorf("table %q: %s is missing in row %d", tbl, col, i+1)
				}
				out = append(out, cell(c, i))
			}
			return out, nil
		},
		"nrows": func(tbl string, filters ...string) (int, error) {
			_, rows, err := selectRows(lookup, tbl, "", filters)
			return len(rows), err
		},
		"rows": func(tbl string, filters ...string) ([]map[string]any, error) {
			_, rows, err := selectRows(lookup, tbl, "", filters)
			if err != nil {
				return nil, err
			}
			t, _ := lookup(tbl)
			out := make([]map[string]any, len(rows))
			for k, i := range rows {
				m := map[string]any{}
				for _, c := range t.Columns {
					if !c.IsMissing(i) {
						m[c.Name] = cell(c, i)
					}
				}
				out[k] = m
			}
			return out, nil
		},
		"max":  aggregate(lookup, "max"),
		"min":  aggregate(lookup, "min"),
		"sum":  aggregate(lookup, "sum"),
		"mean": aggregate(lookup, "mean"),
		"fmt":  formatValue,
		"pct": func(args ...any) (string, error) {
			digits := 1
			if len(args) == 2 {
				d, ok := toFloat(args[0])
				if !ok || d != math.Trunc(d) || d < 0 || d > 10 {
					return "", fmt.Errorf("pct: digits %v: want a whole number from 0 to 10", args[0])
				}
				digits, args = int(d), args[1:]
			}
			if len(args) != 1 {
				return "", fmt.Errorf("pct takes a number, and optionally digits first: pct 2 x")
			}
			x, ok := toFloat(args[0])
			if !ok {
				return "", fmt.Errorf("pct: %v is not a number", args[0])
			}
			return strconv.FormatFloat(100*x, 'f', digits, 64) + "%", nil
		},
		"pvalue": func(x any) (string, error) {
			p, ok := toFloat(x)
			if !ok || !(p >= 0 && p <= 1) {
				return "", fmt.Errorf("pvalue: %v is not a p-value between 0 and 1", x)
			}
			switch {
			case p < 0.001:
				return "p < 0.001", nil
			case p < 0.01:
				return "p = " + strconv.FormatFloat(p, 'f', 3, 64), nil
			}
			return "p = " + strconv.FormatFloat(p, 'f', 2, 64), nil
		},
		"comma": func(x any) (string, error) {
			f, ok := toFloat(x)
			if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				return "", fmt.Errorf("comma: %v is not a whole number (format it with fmt)", x)
			}
			return comma(int64(f)), nil
		},
		"add": arith("add", func(a, b float64) float64 { return a + b }),
		"sub": arith("sub", func(a, b float64) float64 { return a - b }),
		"mul": arith("mul", func(a, b float64) float64 { return a * b }),
		"div": arith("div", func(a, b float64) float64 { return a / b }),
		"abs": func(x any) (any, error) {
			switch v := x.(type) {
			case int64:
				if v < 0 {
					return -v, nil
				}
				return v, nil
			case int:
				return abs(int64(v)), nil
			}
			f, ok := toFloat(x)
			if !ok {
				return nil, fmt.Errorf("abs: %v is not a number", x)
			}
			return math.Abs(f), nil
		},
		"eq": func(a any, bs ...any) (bool, error) {
			for _, b := range bs {
				c, err := compareAny(a, b)
				if err != nil {
					return false, err
				}
				if c == 0 {
					return true, nil
				}
			}
			return false, nil
		},
		"ne": comparison(func(c int) bool { return c != 0 }),
		"lt": comparison(func(c int) bool { return c < 0 }),
		"le": comparison(func(c int) bool { return c <= 0 }),
		"gt": comparison(func(c int) bool { return c > 0 }),
		"ge": comparison(func(c int) bool { return c >= 0 }),
		"join": func(sep string, list any) (string, error) {
			var parts []string
			switch l := list.(type) {
			case []any:
				for _, x := range l {
					parts = append(parts, fmt.Sprint(x))
				}
			case []string:
				parts = l
			default:
				return "", fmt.Errorf("join: %T is not a list", list)
			}
			return strings.Join(parts, sep), nil
		},
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// cell returns row i of c as an int64, float64, string or bool.
func cell(c *table.Column, i int) any {
	switch c.Type {
	case table.Int:
		return c.Ints[i]
	case table.Float:
		return c.Floats[i]
	case table.String:
		return c.Strings[i]
	}
	return c.Bools[i]
}

// selectRows returns column col of table tbl (nil when col is "") and
// the rows matching every KEY=VALUE filter.
func selectRows(lookup func(string) (*table.Table, error), tbl, col string, filters []string) (*table.Column, []int, error) {
	t, err := lookup(tbl)
	if err != nil {
		return nil, nil, err
	}
	var c *table.Column
	if col != "" {
		if c, err = t.MustCol(col); err != nil {
			return nil, nil, fmt.Errorf("table %q: %v", tbl, err)
		}
	}
	type cond struct {
		c    *table.Column
		test func(i int) bool
	}
	conds := make([]cond, len(filters))
	for k, f := range filters {
		key, val, ok := strings.Cut(f, "=")
		if !ok {
			return nil, nil, fmt.Errorf("filter %q: expected COLUMN=VALUE", f)
		}
		kc, err := t.MustCol(key)
		if err != nil {
			return nil, nil, fmt.Errorf("table %q: filter %q: %v", tbl, f, err)
		}
		var test func(i int) bool
		switch kc.Type {
		case table.Int:
			v, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("filter %q: column %s holds integers, %q is not one", f, key, val)
			}
			test = func(i int) bool { return kc.Ints[i] == v }
		case table.Float:
			v, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("filter %q: column %s holds numbers, %q is not one", f, key, val)
			}
			test = func(i int) bool { return kc.Floats[i] == v }
		case table.String:
			test = func(i int) bool { return kc.Strings[i] == val }
		case table.Bool:
			v, err := strconv.ParseBool(val)
			if err != nil {
				return nil, nil, fmt.Errorf("filter %q: column %s holds true/false, %q is neither", f, key, val)
			}
			test = func(i int) bool { return kc.Bools[i] == v }
		}
		conds[k] = cond{kc, test}
	}
	var rows []int
outer:
	for i := 0; i < t.NumRows(); i++ {
		for _, cd := range conds {
			if cd.c.IsMissing(i) || !cd.test(i) {
				continue outer
			}
		}
		rows = append(rows, i)
	}
	return c, rows, nil
}

func describeFilters(filters []string) string {
	if len(filters) == 0 {
		return "no filter is given"
	}
	return strings.Join(filters, " and ")
}

// aggregate returns the template function max, min, sum or mean over a
// column's non-missing values in the rows matching the filters.
func aggregate(lookup func(string) (*table.Table, error), fn string) func(string, string, ...string) (any, error) {
	return func(tbl, col string, filters ...string) (any, error) {
		c, rows, err := selectRows(lookup, tbl, col, filters)
		if err != nil {
			return nil, err
		}
		if c.Type != table.Int && c.Type != table.Float {
			return nil, fmt.Errorf("%s: column %s of table %q is %s, not numbers", fn, col, tbl, c.Type)
		}
		var vals []int
		for _, i := range rows {
			if !c.IsMissing(i) {
				vals = append(vals, i)
			}
		}
		if len(vals) == 0 {
			return nil, fmt.Errorf("%s: no non-missing %s in table %q where %s", fn, col, tbl, describeFilters(filters))
		}
		switch fn {
		case "max", "min":
			best := vals[0]
			for _, i := range vals[1:] {
				a, _ := c.Float64(i)
				b, _ := c.Float64(best)
				if fn == "max" && a > b || fn == "min" && a < b {
					best = i
				}
			}
			return cell(c, best), nil
		case "sum":
			if c.Type == table.Int {
				var s int64
				for _, i := range vals {
					s += c.Ints[i]
				}
				return s, nil
			}
		}
		var s float64
		for _, i := range vals {
			v, _ := c.Float64(i)
			s += v
		}
		if fn == "mean" {
			return s / float64(len(vals)), nil
		}
		return s, nil
	}
}

func toFloat(x any) (float64, bool) {
	switch v := x.(type) {
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?([a-zA-Z%])`)

// formatValue formats x with a Printf format, converting between ints and
// floats as the verbs ask (so %d prints a whole float and %.2f an int).
func formatValue(format string, x any) (string, error) {
	verbs := verbRE.FindAllStringSubmatch(format, -1)
	n := 0
	verb := byte(0)
	for _, v := range verbs {
		if v[1] != "%" {
			n++
			verb = v[1][0]
		}
	}
	if n != 1 {
		return "", fmt.Errorf("fmt %q: the format must have exactly one verb, such as %%.3f", format)
	}
	switch verb {
	case 'd':
		if f, ok := x.(float64); ok {
			if f != math.Trunc(f) || math.Abs(f) > 1<<62 {
				return "", fmt.Errorf("fmt %q: %v is not a whole number", format, f)
			}
			x = int64(f)
		}
	case 'f', 'e', 'g', 'E', 'G':
		if i, ok := toFloat(x); ok {
			x = i
		}
	}
	s := fmt.Sprintf(format, x)
	if strings.Contains(s, "%!") {
		return "", fmt.Errorf("fmt %q cannot format %v (%T)", format, x, x)
	}
	return s, nil
}

func arith(name string, op func(a, b float64) float64) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		ai, aInt := a.(int64)
		bi, bInt := b.(int64)
		if aInt && bInt && name != "div" {
			switch name {
			case "add":
				return ai + bi, nil
			case "sub":
				return ai - bi, nil
			case "mul":
				return ai * bi, nil
			}
		}
		x, ok1 := toFloat(a)
		y, ok2 := toFloat(b)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: needs two numbers, found %v and %v", name, a, b)
		}
		return op(x, y), nil
	}
}

// compareAny compares numbers with numbers (ints and floats alike),
// strings with strings and bools with bools.
func compareAny(a, b any) (int, error) {
	if x, ok := toFloat(a); ok {
		if y, ok := toFloat(b); ok {
			switch {
			case x < y:
				return -1, nil
			case x > y:
				return 1, nil
			}
			return 0, nil
		}
	}
	if x, ok := a.(string); ok {
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	}
	if x, ok := a.(bool); ok {
		if y, ok := b.(bool); ok {
			if x == y {
				return 0, nil
			}
			return 1, nil
		}
	}
	return 0, fmt.Errorf("cannot compare %v (%T) with %v (%T)", a, a, b, b)
}

func comparison(ok func(int) bool) func(a, b any) (bool, error) {
	return func(a, b any) (bool, error) {
		c, err := compareAny(a, b)
		if err != nil {
			return false, err
		}
		return ok(c), nil
	}
}

// comma formats n with thousands separators.
func comma(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// prose is one templated text of the notebook: the description, or a
// step's text.
type prose struct {
	what      string // "description" or `step "id" text`
	text      string
	firstLine int // the file line of the text's first line
}

var (
	tmplErrRE = regexp.MustCompile(`^template: [^:]*:(\d+)(?::\d+)?: `)
	startedRE = regexp.MustCompile(`started at [^:]*:(\d+)`)
)

// parseProse parses a text as a template, checking the table names its
// table functions are given.
func (nb *Notebook) parseProse(p prose, tables map[string]bool, funcs template.FuncMap) (*template.Template, error) {
	t, err := template.New(p.what).Option("missingkey=error").Funcs(funcs).Parse(p.text)
	if err != nil {
		return nil, nb.proseError(p, err)
	}
	var bad error
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if bad != nil || n == nil {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(n.Args) >= 2 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && tableFuncs[id.Ident] {
					if s, ok := n.Args[1].(*parse.StringNode); ok && !tables[s.Text] {
						line := p.firstLine + strings.Count(p.text[:min(int(n.Position()), len(p.text))], "\n")
						bad = nb.errAt(line, "%s: %s: table %q is not defined", p.what, id.Ident, s.Text)
					}
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	walk(t.Tree.Root)
	return t, bad
}

// proseError places a template error at its line in the notebook file.
func (nb *Notebook) proseError(p prose, err error) error {
	msg := err.Error()
	line := p.firstLine
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		rel, _ := strconv.Atoi(m[1])
		line = p.firstLine + rel - 1
		msg = msg[len(m[0]):]
	}
	// "unclosed action started at NAME:LINE" names a template line.
	msg = startedRE.ReplaceAllStringFunc(msg, func(s string) string {
		rel, _ := strconv.Atoi(startedRE.FindStringSubmatch(s)[1])
		return fmt.Sprintf("started on line %d", p.firstLine+rel-1)
	})
	return nb.errAt(line, "%s: %s", p.what, msg)
}

// proses returns the description and every step text.
func (nb *Notebook) proses() []prose {
	var out []prose
	if nb.Description != "" {
		line := 1
		if p := nb.loc.top["description"]; p != nil {
			line = p.valueLine
		}
		out = append(out, prose{what: "description", text: nb.Description, firstLine: line})
	}
	for _, e := range nb.entries {
		if e.spec.Text == "" {
			continue
		}
		line := e.spec.Line
		if p := e.loc.keys["text"]; p != nil {
			line = p.valueLine
		}
		out = append(out, prose{what: fmt.Sprintf("step %q text", e.spec.ID), text: e.spec.Text, firstLine: line})
	}
	return out
}

// parseTemplates checks every template of the notebook.
func (nb *Notebook) parseTemplates() error {
	funcs := templateFuncs(func(string) (*table.Table, error) { return nil, fmt.Errorf("no tables") })
	tables := nb.tableNames()
	for _, p := range nb.proses() {
		if _, err := nb.parseProse(p, tables, funcs); err != nil {
			return err
		}
	}
	return nil
}

// render executes a prose template against the run's tables.
func (nb *Notebook) render(p prose, lookup func(string) (*table.Table, error)) (string, error) {
	t, err := nb.parseProse(p, nb.tableNames(), templateFuncs(lookup))
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, nil); err != nil {
		return "", nb.proseError(p, err)
	}
	return strings.TrimSpace(buf.String()), nil
}
