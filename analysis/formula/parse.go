package formula

import (
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
)

// Kind says how a variable enters the design matrix.
type Kind uint8

const (
	// Numeric is a column used as it is (int, float).
	Numeric Kind = iota + 1
	// Factor is factor(column), or a bool column: one indicator column
	// per level, or per non-baseline level under treatment contrasts.
	Factor
	// Log is log(column), the natural logarithm of a numeric column.
	Log
)

func (k Kind) String() string {
	switch k {
	case Numeric:
		return "numeric"
	case Factor:
		return "factor"
	case Log:
		return "log"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Var is one variable of a formula: a column, possibly wrapped in
// factor() or log().
type Var struct {
	Label  string // as R deparses it: x, factor(year), log(gdp), `my var`
	Column string // the table column it reads
	Kind   Kind   // Numeric, Factor or Log; a bool Numeric column becomes a Factor in Build
}

// Term is one term of a formula: a main effect or an interaction.
type Term struct {
	Vars  []int  // indices into Formula.Vars, ascending (formula order)
	Label string // R's term label, e.g. "x:factor(g)"
}

// Formula is a parsed model formula.
type Formula struct {
	Source    string // the text parsed
	Response  int    // index into Vars of the response
	Vars      []Var  // every variable, in order of first appearance, response first
	Terms     []Term // right-hand side terms in R's order (by order, then formula order)
	Intercept bool   // whether the model has an intercept
}

// String returns the formula in R's canonical form, e.g.
// "y ~ x + factor(g) + x:factor(g)" or "y ~ x - 1".
func (f *Formula) String() string {
	var b strings.Builder
	b.WriteString(f.Vars[f.Response].Label)
	b.WriteString(" ~ ")
	for i, t := range f.Terms {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString(t.Label)
	}
	switch {
	case len(f.Terms) == 0 && f.Intercept:
		b.WriteString("1")
	case len(f.Terms) == 0:
		b.WriteString("0")
	case !f.Intercept:
		b.WriteString(" - 1")
	}
	return b.String()
}

// Columns returns the names of the table columns the formula reads, in
// order of first use, without duplicates.
func (f *Formula) Columns() []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range f.Vars {
		if !seen[v.Column] {
			seen[v.Column] = true
			out = append(out, v.Column)
		}
	}
	return out
}

// SyntaxError is a formula that cannot be parsed. Pos is the 0-based byte
// offset of the problem in Source.
type SyntaxError struct {
	Source string
	Pos    int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("formula: %q: at column %d: %s\n  %s\n  %s^", e.Source, e.Pos+1, e.Msg, e.Source, strings.Repeat(" ", e.Pos))
}

// MustParse is like Parse but panics on error; for formulas fixed in code.
func MustParse(s string) *Formula {
	f, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return f
}

// maxVars bounds the number of distinct variables in a formula (terms are
// bit sets in a uint64).
const maxVars = 64

// maxTerms bounds the number of terms an expression may expand to.
const maxTerms = 10000

type tokKind uint8

const (
	tEOF tokKind = iota
	tName
	tNum
	tOp
)

type token struct {
	kind tokKind
	text string // name (unquoted), number text or operator
	raw  string // name as written (with backquotes)
	pos  int
}

func tokenize(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("~+-*:^(),", c) >= 0:
			toks = append(toks, token{kind: tOp, text: string(c), raw: string(c), pos: i})
			i++
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return nil, &SyntaxError{s, i, "backquoted name not closed"}
			}
			if j == 0 {
				return nil, &SyntaxError{s, i, "empty backquoted name"}
			}
			toks = append(toks, token{kind: tName, text: s[i+1 : i+1+j], raw: s[i : i+2+j], pos: i})
			i += j + 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tNum, text: s[i:j], raw: s[i:j], pos: i})
			i = j
		case c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i
			for j < len(s) {
				d := s[j]
				if d == '.' || d == '_' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9' || d >= 0x80 {
					j++
					continue
				}
				break
			}
			toks = append(toks, token{kind: tName, text: s[i:j], raw: s[i:j], pos: i})
			i = j
		default:
			return nil, &SyntaxError{s, i, fmt.Sprintf("unexpected character %q", c)}
		}
	}
	toks = append(toks, token{kind: tEOF, pos: len(s)})
	return toks, nil
}

// value is the meaning of a sub-expression: an ordered set of terms (bit
// sets of variable indices), or a literal number.
type value struct {
	terms []uint64
	num   string // the literal, if the expression is a bare number
	pos   int
}

type parser struct {
	src  string
	toks []token
	i    int
	vars []Var
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) errAt(pos int, format string, args ...any) error {
	return &SyntaxError{p.src, pos, fmt.Sprintf(format, args...)}
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of formula"
	case tName:
		return fmt.Sprintf("name %s", t.raw)
	case tNum:
		return fmt.Sprintf("number %s", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// Parse parses an R model formula. See the package documentation for the
// syntax supported.
func Parse(s string) (*Formula, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &parser{src: s, toks: toks}
	if t := p.peek(); t.kind == tOp && t.text == "~" {
		return nil, p.errAt(t.pos, "expected a response before ~ (repnet fits models, which need one)")
	}
	resp, err := p.variable()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tOp || t.text != "~" {
		return nil, p.errAt(t.pos, "expected ~ after the response, found %s", describe(t))
	}
	f := &Formula{Source: s, Response: resp, Intercept: true}
	if t := p.peek(); t.kind == tEOF {
		return nil, p.errAt(t.pos, "expected terms after ~, found end of formula (use 1 for an intercept-only model)")
	}
	// Top-level sum: numbers 0 and 1 switch the intercept.
	var terms []uint64
	first := true
	for {
		sign := "+"
		t := p.peek()
		if t.kind == tOp && (t.text == "+" || t.text == "-") {
			p.next()
			sign = t.text
		} else if !first {
			if t.kind == tEOF {
				break
			}
			return nil, p.errAt(t.pos, "expected + or - between terms, found %s", describe(t))
		}
		first = false
		v, err := p.product()
		if err != nil {
			return nil, err
		}
		if v.num != "" {
			switch {
			case v.num == "0" && sign == "+", v.num == "1" && sign == "-":
				f.Intercept = false
			case v.num == "1" && sign == "+", v.num == "0" && sign == "-":
				f.Intercept = true
			default:
				return nil, p.errAt(v.pos, "only 0 and 1 may appear as numbers (to remove or keep the intercept), found %s", v.num)
			}
		} else if sign == "+" {
			terms = union(terms, v.terms)
		} else {
			terms = minus(terms, v.terms)
		}
	}
	// The response must not appear on the right-hand side as itself.
	for _, t := range terms {
		if t&(1<<uint(resp)) != 0 && bits.OnesCount64(t) == 1 {
			return nil, p.errAt(0, "the response %s also appears as a term on the right-hand side", p.vars[resp].Label)
		}
	}
	sort.SliceStable(terms, func(a, b int) bool { return bits.OnesCount64(terms[a]) < bits.OnesCount64(terms[b]) })
	f.Vars = p.vars
	for _, t := range terms {
		var tm Term
		var labels []string
		for v := 0; v < len(p.vars); v++ {
			if t&(1<<uint(v)) != 0 {
				tm.Vars = append(tm.Vars, v)
				labels = append(labels, p.vars[v].Label)
			}
		}
		tm.Label = strings.Join(labels, ":")
		f.Terms = append(f.Terms, tm)
	}
	return f, nil
}

func union(a, b []uint64) []uint64 {
	seen := make(map[uint64]bool, len(a)+len(b))
	for _, t := range a {
		seen[t] = true
	}
	for _, t := range b {
		if !seen[t] {
			seen[t] = true
			a = append(a, t)
		}
	}
	return a
}

func minus(a, b []uint64) []uint64 {
	drop := make(map[uint64]bool, len(b))
	for _, t := range b {
		drop[t] = true
	}
	var out []uint64
	for _, t := range a {
		if !drop[t] {
			out = append(out, t)
		}
	}
	return out
}

// product parses a * b * ...: a + b + a:b, in R's order.
func (p *parser) product() (value, error) {
	v, err := p.interaction()
	if err != nil {
		return v, err
	}
	for {
		t := p.peek()
		if t.kind != tOp || t.text != "*" {
			return v, nil
		}
		p.next()
		w, err := p.interaction()
		if err != nil {
			return v, err
		}
		if err := p.noNumber(v, "*"); err != nil {
			return v, err
		}
		if err := p.noNumber(w, "*"); err != nil {
			return v, err
		}
		if len(v.terms)*len(w.terms) > maxTerms {
			return v, p.errAt(t.pos, "the product expands to more than %d terms", maxTerms)
		}
		v = value{terms: union(union(append([]uint64(nil), v.terms...), w.terms), cross(v.terms, w.terms)), pos: v.pos}
	}
}

func cross(a, b []uint64) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	for _, s := range a {
		for _, t := range b {
			if u := s | t; !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

func (p *parser) noNumber(v value, op string) error {
	if v.num != "" {
		return p.errAt(v.pos, "a number cannot be an operand of %s (0 and 1 may only be added or subtracted at the top level)", op)
	}
	return nil
}

// interaction parses a:b:...
func (p *parser) interaction() (value, error) {
	v, err := p.power()
	if err != nil {
		return v, err
	}
	for {
		t := p.peek()
		if t.kind != tOp || t.text != ":" {
			return v, nil
		}
		p.next()
		w, err := p.power()
		if err != nil {
			return v, err
		}
		if err := p.noNumber(v, ":"); err != nil {
			return v, err
		}
		if err := p.noNumber(w, ":"); err != nil {
			return v, err
		}
		if len(v.terms)*len(w.terms) > maxTerms {
			return v, p.errAt(t.pos, "the interaction expands to more than %d terms", maxTerms)
		}
		v = value{terms: cross(v.terms, w.terms), pos: v.pos}
	}
}

// power parses atom ^ n: all interactions of the atom's terms up to order n.
func (p *parser) power() (value, error) {
	v, err := p.atom()
	if err != nil {
		return v, err
	}
	t := p.peek()
	if t.kind != tOp || t.text != "^" {
		return v, nil
	}
	p.next()
	if err := p.noNumber(v, "^"); err != nil {
		return v, err
	}
	n := p.next()
	if n.kind != tNum {
		return v, p.errAt(n.pos, "expected a whole number after ^, found %s", describe(n))
	}
	k, err := strconv.Atoi(n.text)
	if err != nil || k < 1 {
		return v, p.errAt(n.pos, "expected a whole number of at least 1 after ^, found %s", n.text)
	}
	out := v.terms
	for i := 1; i < k; i++ {
		next := union(union(append([]uint64(nil), out...), v.terms), cross(out, v.terms))
		if len(next) > maxTerms {
			return v, p.errAt(n.pos, "the power expands to more than %d terms", maxTerms)
		}
		if len(next) == len(out) {
			break // no new interactions: higher powers add nothing
		}
		out = next
	}
	return value{terms: out, pos: v.pos}, nil
}

func (p *parser) atom() (value, error) {
	t := p.peek()
	switch {
	case t.kind == tOp && t.text == "(":
		p.next()
		v, err := p.innerSum()
		if err != nil {
			return v, err
		}
		c := p.next()
		if c.kind != tOp || c.text != ")" {
			return v, p.errAt(c.pos, "expected ) to close the ( at column %d, found %s", t.pos+1, describe(c))
		}
		v.pos = t.pos
		return v, nil
	case t.kind == tNum:
		p.next()
		return value{num: t.text, pos: t.pos}, nil
	case t.kind == tName:
		idx, err := p.variable()
		if err != nil {
			return value{}, err
		}
		return value{terms: []uint64{1 << uint(idx)}, pos: t.pos}, nil
	}
	return value{}, p.errAt(t.pos, "expected a term, found %s", describe(t))
}

// innerSum parses a sum inside parentheses, where numbers are not allowed.
func (p *parser) innerSum() (value, error) {
	var out value
	first := true
	for {
		sign := "+"
		t := p.peek()
		if t.kind == tOp && (t.text == "+" || t.text == "-") {
			p.next()
			sign = t.text
		} else if !first {
			return out, nil
		}
		first = false
		v, err := p.product()
		if err != nil {
			return v, err
		}
		if v.num != "" {
			return v, p.errAt(v.pos, "0 and 1 may only appear at the top level of a formula, not inside parentheses")
		}
		if sign == "+" {
			out.terms = union(out.terms, v.terms)
		} else {
			out.terms = minus(out.terms, v.terms)
		}
	}
}

// variable parses name or fun(name) and returns its index in p.vars.
func (p *parser) variable() (int, error) {
	t := p.next()
	if t.kind != tName {
		return 0, p.errAt(t.pos, "expected a column name, found %s", describe(t))
	}
	v := Var{Label: quote(t.text), Column: t.text, Kind: Numeric}
	if n := p.peek(); n.kind == tOp && n.text == "(" {
		if t.raw != t.text {
			return 0, p.errAt(t.pos, "a backquoted name cannot be called as a function")
		}
		switch t.text {
		case "factor":
			v.Kind = Factor
		case "log":
			v.Kind = Log
		default:
			return 0, p.errAt(t.pos, "unknown function %s (supported: factor, log)", t.text)
		}
		p.next()
		a := p.next()
		if a.kind != tName {
			return 0, p.errAt(a.pos, "expected a column name inside %s(), found %s", t.text, describe(a))
		}
		c := p.next()
		if c.kind != tOp || c.text != ")" {
			return 0, p.errAt(c.pos, "expected ) after %s(%s, found %s (only a single column may be given)", t.text, a.raw, describe(c))
		}
		v.Column = a.text
		v.Label = t.text + "(" + quote(a.text) + ")"
	}
	for i, w := range p.vars {
		if w.Label == v.Label {
			return i, nil
		}
	}
	if len(p.vars) == maxVars {
		return 0, p.errAt(t.pos, "too many variables (at most %d)", maxVars)
	}
	p.vars = append(p.vars, v)
	return len(p.vars) - 1, nil
}

// quote returns name as R deparses it: backquoted unless syntactic.
func quote(name string) string {
	if syntactic(name) {
		return name
	}
	return "`" + name + "`"
}

// syntactic reports whether R would print name without backquotes.
func syntactic(name string) bool {
	if name == "" {
		return false
	}
	switch name {
	case "if", "else", "repeat", "while", "function", "for", "next", "break",
		"TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "in":
		return false
	}
	c := name[0]
	if c >= '0' && c <= '9' || c == '_' {
		return false
	}
	if c == '.' && len(name) > 1 && name[1] >= '0' && name[1] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		d := name[i]
		if !(d == '.' || d == '_' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9') {
			return false
		}
	}
	return true
}
