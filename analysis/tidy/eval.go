package tidy

import (
	"fmt"
	"math"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// value is one evaluated value; na marks a missing one.
type value struct {
	i  int64
	f  float64
	s  string
	b  bool
	na bool
}

// typed is an expression checked against a table: its result type and an
// evaluator for row i.
type typed struct {
	typ  table.Type
	lit  bool // a constant: the same value on every row
	eval func(i int) (value, error)
}

// aggregates are the summary functions, allowed only in summarise.
var aggregates = map[string]bool{"n": true, "sum": true, "mean": true, "min": true, "max": true, "sd": true, "n_distinct": true, "paste": true}

// summaryNames lists the summary functions for messages.
const summaryNames = "n, sum, mean, min, max, sd, n_distinct, paste"

// check type-checks e against t's columns and returns its evaluator.
func (e *Expr) check(t *table.Table) (*typed, error) {
	c := checker{e: e, t: t}
	return c.node(e.root)
}

type checker struct {
	e *Expr
	t *table.Table
}

func (c *checker) errAt(n node, format string, args ...any) error {
	return &ExprError{Src: c.e.src, Pos: n.position(), Msg: fmt.Sprintf(format, args...)}
}

func isNum(t table.Type) bool { return t == table.Int || t == table.Float }

// num returns v of type t as a float64.
func num(v value, t table.Type) float64 {
	if t == table.Int {
		return float64(v.i)
	}
	return v.f
}

// fromFloat makes a float value, missing when NaN.
func fromFloat(f float64) value {
	if math.IsNaN(f) {
		return value{na: true}
	}
	return value{f: f}
}

func (c *checker) node(n node) (*typed, error) {
	switch n := n.(type) {
	case *numLit:
		v := value{i: n.i, f: n.f}
		ty := table.Float
		if n.isInt {
			ty = table.Int
		}
		return &typed{typ: ty, lit: true, eval: func(int) (value, error) { return v, nil }}, nil
	case *strLit:
		v := value{s: n.s}
		return &typed{typ: table.String, lit: true, eval: func(int) (value, error) { return v, nil }}, nil
	case *boolLit:
		v := value{b: n.b}
		return &typed{typ: table.Bool, lit: true, eval: func(int) (value, error) { return v, nil }}, nil
	case *colRef:
		col := c.t.Col(n.name)
		if col == nil {
			return nil, c.errAt(n, "no column %q (columns: %s)", n.name, strings.Join(c.t.Names(), ", "))
		}
		return &typed{typ: col.Type, eval: func(i int) (value, error) {
			if col.IsMissing(i) {
				return value{na: true}, nil
			}
			switch col.Type {
			case table.Int:
				return value{i: col.Ints[i]}, nil
			case table.Float:
				return fromFloat(col.Floats[i]), nil
			case table.String:
				return value{s: col.Strings[i]}, nil
			default:
				return value{b: col.Bools[i]}, nil
			}
		}}, nil
	case *unary:
		x, err := c.node(n.x)
		if err != nil {
			return nil, err
		}
		if n.op == "not" {
			if x.typ != table.Bool {
				return nil, c.errAt(n, "not needs a true/false value, found %s", x.typ)
			}
			return &typed{typ: table.Bool, lit: x.lit, eval: func(i int) (value, error) {
				v, err := x.eval(i)
				v.b = !v.b
				return v, err
			}}, nil
		}
		if !isNum(x.typ) {
			return nil, c.errAt(n, "unary - needs a number, found %s", x.typ)
		}
		return &typed{typ: x.typ, lit: x.lit, eval: func(i int) (value, error) {
			v, err := x.eval(i)
			if err != nil || v.na {
				return v, err
			}
			if x.typ == table.Int {
				if v.i == math.MinInt64 {
					return v, c.errAt(n, "integer overflow in row %d", i+1)
				}
				v.i = -v.i
			} else {
				v.f = -v.f
			}
			return v, nil
		}}, nil
	case *binOp:
		return c.binary(n)
	case *inList:
		return c.inList(n)
	case *call:
		return c.call(n)
	}
	panic(fmt.Sprintf("tidy: unknown node %T", n))
}

func (c *checker) binary(n *binOp) (*typed, error) {
	l, err := c.node(n.l)
	if err != nil {
		return nil, err
	}
	r, err := c.node(n.r)
	if err != nil {
		return nil, err
	}
	lit := l.lit && r.lit
	switch n.op {
	case "and", "or":
		if l.typ != table.Bool || r.typ != table.Bool {
			return nil, c.errAt(n, "%s needs true/false values on both sides, found %s and %s", n.op, l.typ, r.typ)
		}
		and := n.op == "and"
		return &typed{typ: table.Bool, lit: lit, eval: func(i int) (value, error) {
			a, err := l.eval(i)
			if err != nil {
				return a, err
			}
			// Three-valued logic: a decided left side settles the result.
			if !a.na && a.b != and {
				return value{b: a.b}, nil
			}
			b, err := r.eval(i)
			if err != nil {
				return b, err
			}
			switch {
			case !b.na && b.b != and:
				return value{b: b.b}, nil
			case a.na || b.na:
				return value{na: true}, nil
			}
			return value{b: and}, nil
		}}, nil
	case "==", "!=", "<", "<=", ">", ">=":
		cmp, err := c.comparer(n, l.typ, r.typ)
		if err != nil {
			return nil, err
		}
		op := n.op
		return &typed{typ: table.Bool, lit: lit, eval: func(i int) (value, error) {
			a, err := l.eval(i)
			if err != nil {
				return a, err
			}
			b, err := r.eval(i)
			if err != nil {
				return b, err
			}
			if a.na || b.na {
				return value{na: true}, nil
			}
			k := cmp(a, b)
			var res bool
			switch op {
			case "==":
				res = k == 0
			case "!=":
				res = k != 0
			case "<":
				res = k < 0
			case "<=":
				res = k <= 0
			case ">":
				res = k > 0
			case ">=":
				res = k >= 0
			}
			return value{b: res}, nil
		}}, nil
	}
	// Arithmetic.
	if !isNum(l.typ) || !isNum(r.typ) {
		return nil, c.errAt(n, "%s needs numbers on both sides, found %s and %s", n.op, l.typ, r.typ)
	}
	ty := table.Float
	if l.typ == table.Int && r.typ == table.Int && n.op != "/" {
		ty = table.Int
	}
	op := n.op
	return &typed{typ: ty, lit: lit, eval: func(i int) (value, error) {
		a, err := l.eval(i)
		if err != nil {
			return a, err
		}
		b, err := r.eval(i)
		if err != nil {
			return b, err
		}
		if a.na || b.na {
			return value{na: true}, nil
		}
		if ty == table.Int {
			var v int64
			ok := true
			switch op {
			case "+":
				v = a.i + b.i
				ok = (b.i >= 0) == (v >= a.i)
			case "-":
				v = a.i - b.i
				ok = (b.i >= 0) == (v <= a.i)
			case "*":
				v = a.i * b.i
				ok = a.i == 0 || (v/a.i == b.i && !(a.i == -1 && b.i == math.MinInt64) && !(b.i == -1 && a.i == math.MinInt64))
			}
			if !ok {
				return value{}, c.errAt(n, "integer overflow in row %d (%d %s %d)", i+1, a.i, op, b.i)
			}
			return value{i: v}, nil
		}
		x, y := num(a, l.typ), num(b, r.typ)
		switch op {
		case "+":
			return fromFloat(x + y), nil
		case "-":
			return fromFloat(x - y), nil
		case "*":
			return fromFloat(x * y), nil
		}
		return fromFloat(x / y), nil
	}}, nil
}

// comparer returns a three-way comparison of values of types a and b.
func (c *checker) comparer(n node, a, b table.Type) (func(x, y value) int, error) {
	switch {
	case a == table.Int && b == table.Int:
		return func(x, y value) int { return cmpOrdered(x.i, y.i) }, nil
	case isNum(a) && isNum(b):
		return func(x, y value) int { return cmpOrdered(num(x, a), num(y, b)) }, nil
	case a == table.String && b == table.String:
		return func(x, y value) int { return strings.Compare(x.s, y.s) }, nil
	case a == table.Bool && b == table.Bool:
		if op := n.(*binOp); op != nil && op.op != "==" && op.op != "!=" {
			return nil, c.errAt(n, "true/false values compare only with == and !=")
		}
		return func(x, y value) int {
			if x.b == y.b {
				return 0
			}
			return 1
		}, nil
	}
	return nil, c.errAt(n, "cannot compare %s with %s", a, b)
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *checker) inList(n *inList) (*typed, error) {
	x, err := c.node(n.x)
	if err != nil {
		return nil, err
	}
	var ints []int64
	var floats []float64
	var strs []string
	var bools []bool
	for _, it := range n.items {
		switch it := it.(type) {
		case *numLit:
			if !isNum(x.typ) {
				return nil, c.errAt(it, "the list holds a number but the value tested is %s", x.typ)
			}
			if it.isInt {
				ints = append(ints, it.i)
				floats = append(floats, float64(it.i))
			} else {
				floats = append(floats, it.f)
				if x.typ == table.Int && it.f == math.Trunc(it.f) && math.Abs(it.f) < 1<<62 {
					ints = append(ints, int64(it.f))
				}
			}
		case *strLit:
			if x.typ != table.String {
				return nil, c.errAt(it, "the list holds a string but the value tested is %s", x.typ)
			}
			strs = append(strs, it.s)
		case *boolLit:
			if x.typ != table.Bool {
				return nil, c.errAt(it, "the list holds true/false but the value tested is %s", x.typ)
			}
			bools = append(bools, it.b)
		}
	}
	neg := n.not
	return &typed{typ: table.Bool, lit: x.lit, eval: func(i int) (value, error) {
		v, err := x.eval(i)
		if err != nil || v.na {
			return v, err
		}
		found := false
		switch x.typ {
		case table.Int:
			for _, k := range ints {
				found = found || k == v.i
			}
		case table.Float:
			for _, k := range floats {
				found = found || k == v.f
			}
		case table.String:
			for _, k := range strs {
				found = found || k == v.s
			}
		case table.Bool:
			for _, k := range bools {
				found = found || k == v.b
			}
		}
		return value{b: found != neg}, nil
	}}, nil
}

func (c *checker) call(n *call) (*typed, error) {
	if aggregates[n.fn] {
		return nil, c.errAt(n, "%s() summarises a group: it is allowed only in summarise", n.fn)
	}
	args := make([]*typed, len(n.args))
	lit := true
	for k, a := range n.args {
		var err error
		if args[k], err = c.node(a); err != nil {
			return nil, err
		}
		lit = lit && args[k].lit
	}
	want := func(k int) error {
		if len(args) != k {
			return c.errAt(n, "%s takes %d argument(s), found %d", n.fn, k, len(args))
		}
		return nil
	}
	numArg := func() error {
		if err := want(1); err != nil {
			return err
		}
		if !isNum(args[0].typ) {
			return c.errAt(n, "%s needs a number, found %s", n.fn, args[0].typ)
		}
		return nil
	}
	float1 := func(f func(float64) float64) (*typed, error) {
		if err := numArg(); err != nil {
			return nil, err
		}
		a := args[0]
		return &typed{typ: table.Float, lit: lit, eval: func(i int) (value, error) {
			v, err := a.eval(i)
			if err != nil || v.na {
				return v, err
			}
			return fromFloat(f(num(v, a.typ))), nil
		}}, nil
	}
	switch n.fn {
	case "abs":
		if err := numArg(); err != nil {
			return nil, err
		}
		a := args[0]
		return &typed{typ: a.typ, lit: lit, eval: func(i int) (value, error) {
			v, err := a.eval(i)
			if err != nil || v.na {
				return v, err
			}
			if a.typ == table.Float {
				v.f = math.Abs(v.f)
				return v, nil
			}
			if v.i == math.MinInt64 {
				return v, c.errAt(n, "integer overflow in row %d", i+1)
			}
			if v.i < 0 {
				v.i = -v.i
			}
			return v, nil
		}}, nil
	case "log":
		return float1(math.Log)
	case "exp":
		return float1(math.Exp)
	case "sqrt":
		return float1(math.Sqrt)
	case "round":
		if len(args) == 1 {
			return float1(math.Round)
		}
		if len(args) != 2 || !isNum(args[0].typ) || args[1].typ != table.Int || !args[1].lit {
			return nil, c.errAt(n, "round takes a number and, optionally, a whole number of digits: round(x) or round(x, 2)")
		}
		d, _ := args[1].eval(0)
		if d.i < -15 || d.i > 15 {
			return nil, c.errAt(n, "round: %d digits: want -15 to 15", d.i)
		}
		scale := math.Pow(10, float64(d.i))
		a := args[0]
		return &typed{typ: table.Float, lit: lit, eval: func(i int) (value, error) {
			v, err := a.eval(i)
			if err != nil || v.na {
				return v, err
			}
			x := num(v, a.typ)
			if math.IsInf(x*scale, 0) {
				return value{f: x}, nil
			}
			return fromFloat(math.Round(x*scale) / scale), nil
		}}, nil
	case "is_missing":
		if err := want(1); err != nil {
			return nil, err
		}
		a := args[0]
		return &typed{typ: table.Bool, lit: lit, eval: func(i int) (value, error) {
			v, err := a.eval(i)
			return value{b: v.na}, err
		}}, nil
	case "if_else":
		if err := want(3); err != nil {
			return nil, err
		}
		cond, a, b := args[0], args[1], args[2]
		if cond.typ != table.Bool {
			return nil, c.errAt(n, "if_else needs a true/false condition first, found %s", cond.typ)
		}
		ty := a.typ
		switch {
		case a.typ == b.typ:
		case isNum(a.typ) && isNum(b.typ):
			ty = table.Float
		default:
			return nil, c.errAt(n, "if_else: the two results must have the same type, found %s and %s", a.typ, b.typ)
		}
		return &typed{typ: ty, lit: lit, eval: func(i int) (value, error) {
			cv, err := cond.eval(i)
			if err != nil || cv.na {
				return value{na: true}, err
			}
			pick := b
			if cv.b {
				pick = a
			}
			v, err := pick.eval(i)
			if err != nil || v.na || ty != table.Float || pick.typ == table.Float {
				return v, err
			}
			return value{f: float64(v.i)}, nil
		}}, nil
	}
	return nil, c.errAt(n, "unknown function %s (functions: abs, exp, if_else, is_missing, log, round, sqrt)", n.fn)
}

// evalColumn evaluates e on every row of t into a column called name.
func (e *Expr) evalColumn(t *table.Table, name string) (*table.Column, error) {
	tp, err := e.check(t)
	if err != nil {
		return nil, err
	}
	n := t.NumRows()
	b := newBuilder(name, tp.typ, n)
	for i := 0; i < n; i++ {
		v, err := tp.eval(i)
		if err != nil {
			return nil, err
		}
		b.add(v)
	}
	return b.column(), nil
}

// builder accumulates values of one type into a column.
type builder struct {
	col  *table.Column
	miss []bool
	any  bool
}

func newBuilder(name string, ty table.Type, capacity int) *builder {
	c := &table.Column{Name: name, Type: ty}
	switch ty {
	case table.Int:
		c.Ints = make([]int64, 0, capacity)
	case table.Float:
		c.Floats = make([]float64, 0, capacity)
	case table.String:
		c.Strings = make([]string, 0, capacity)
	case table.Bool:
		c.Bools = make([]bool, 0, capacity)
	}
	return &builder{col: c, miss: make([]bool, 0, capacity)}
}

func (b *builder) add(v value) {
	c := b.col
	switch c.Type {
	case table.Int:
		c.Ints = append(c.Ints, v.i)
	case table.Float:
		if v.na {
			v.f = math.NaN()
		}
		c.Floats = append(c.Floats, v.f)
	case table.String:
		c.Strings = append(c.Strings, v.s)
	case table.Bool:
		c.Bools = append(c.Bools, v.b)
	}
	b.miss = append(b.miss, v.na)
	b.any = b.any || v.na
}

func (b *builder) column() *table.Column {
	if b.any {
		return b.col.WithMissing(b.miss)
	}
	return b.col
}

// get returns row i of c as a value.
func get(c *table.Column, i int) value {
	if c.IsMissing(i) {
		return value{na: true}
	}
	switch c.Type {
	case table.Int:
		return value{i: c.Ints[i]}
	case table.Float:
		return fromFloat(c.Floats[i])
	case table.String:
		return value{s: c.Strings[i]}
	}
	return value{b: c.Bools[i]}
}
