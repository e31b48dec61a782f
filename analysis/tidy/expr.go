package tidy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Expr is a parsed expression: a filter condition, the right-hand side of
// a mutate definition, or a summary such as mean(x).
//
// Grammar, loosest binding first:
//
//	expr    = or
//	or      = and { ("or" | "|" | "||") and }
//	and     = not { ("and" | "&" | "&&") not }
//	not     = ("not" | "!") not | compare
//	compare = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum
//	              | ["not"] "in" "[" literal { "," literal } [","] "]" ]
//	sum     = product { ("+" | "-") product }
//	product = unary { ("*" | "/") unary }
//	unary   = "-" unary | primary
//	primary = number | string | "true" | "false" | column
//	        | name "(" [ expr { "," expr } ] ")" | "(" expr ")"
//	literal = ["-"] number | string | "true" | "false"
//
// A column is a name (letters, digits and underscores, not starting with
// a digit, and not a keyword: and, or, not, in, true, false) or any text
// between backticks: `my column`. Numbers are integers (1990) or floats
// (0.05, 1e-3). Strings are in single or double quotes; a backslash takes
// the next character literally ('it\'s'). Comparisons do not chain: write
// a < b and b < c.
//
// Functions: abs(x), log(x) (natural), exp(x), sqrt(x), round(x) and
// round(x, digits) (half away from zero), is_missing(x), and
// if_else(condition, a, b). In summarise only, the summaries n(), sum(x),
// mean(x), min(x), max(x), sd(x) (sample standard deviation, n - 1),
// n_distinct(x), each of one column, and paste(x) or paste(x, sep), the
// group's values joined as text (separated by ", " or by sep).
//
// Types: + - * of two ints is an int (an overflow is an error), / is
// always a float; ints and floats compare and combine freely; strings
// compare with strings (byte order) and bools with bools (== and != only);
// nothing converts to or from a bool implicitly.
type Expr struct {
	src  string
	root node
}

// Parse parses an expression. Errors give the 1-based character position
// in s.
func Parse(s string) (*Expr, error) {
	p := &parser{src: s}
	if err := p.lex(); err != nil {
		return nil, err
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t.pos, "unexpected %s after the end of the expression", t.describe())
	}
	return &Expr{src: s, root: n}, nil
}

// Source returns the text e was parsed from.
func (e *Expr) Source() string { return e.src }

// String returns e in a canonical form that Parse reads back to the same
// expression: binary operations in parentheses, keywords in lower case,
// strings in double quotes.
func (e *Expr) String() string {
	var b strings.Builder
	writeNode(&b, e.root)
	return b.String()
}

// Columns returns the columns e reads, in order of first appearance.
func (e *Expr) Columns() []string {
	var out []string
	seen := map[string]bool{}
	walk(e.root, func(n node) {
		if c, ok := n.(*colRef); ok && !seen[c.name] {
			seen[c.name] = true
			out = append(out, c.name)
		}
	})
	return out
}

// node is an expression tree node.
type node interface{ position() int }

type numLit struct {
	pos   int
	isInt bool
	i     int64
	f     float64
}

type strLit struct {
	pos int
	s   string
}

type boolLit struct {
	pos int
	b   bool
}

type colRef struct {
	pos  int
	name string
}

type unary struct {
	pos int
	op  string // "-" or "not"
	x   node
}

type binOp struct {
	pos  int
	op   string // or and == != < <= > >= + - * /
	l, r node
}

type inList struct {
	pos   int
	not   bool
	x     node
	items []node // literals
}

type call struct {
	pos  int
	fn   string
	args []node
}

func (n *numLit) position() int  { return n.pos }
func (n *strLit) position() int  { return n.pos }
func (n *boolLit) position() int { return n.pos }
func (n *colRef) position() int  { return n.pos }
func (n *unary) position() int   { return n.pos }
func (n *binOp) position() int   { return n.pos }
func (n *inList) position() int  { return n.pos }
func (n *call) position() int    { return n.pos }

func walk(n node, fn func(node)) {
	fn(n)
	switch n := n.(type) {
	case *unary:
		walk(n.x, fn)
	case *binOp:
		walk(n.l, fn)
		walk(n.r, fn)
	case *inList:
		walk(n.x, fn)
		for _, it := range n.items {
			walk(it, fn)
		}
	case *call:
		for _, a := range n.args {
			walk(a, fn)
		}
	}
}

var keywords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "true": true, "false": true}

func writeNode(b *strings.Builder, n node) {
	switch n := n.(type) {
	case *numLit:
		if n.isInt {
			b.WriteString(strconv.FormatInt(n.i, 10))
			return
		}
		s := strconv.FormatFloat(n.f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		b.WriteString(s)
	case *strLit:
		b.WriteString(quote(n.s))
	case *boolLit:
		b.WriteString(strconv.FormatBool(n.b))
	case *colRef:
		if isIdent(n.name) {
			b.WriteString(n.name)
		} else {
			b.WriteString("`" + n.name + "`")
		}
	case *unary:
		if n.op == "not" {
			b.WriteString("(not ")
		} else {
			b.WriteString("(-")
		}
		writeNode(b, n.x)
		b.WriteString(")")
	case *binOp:
		b.WriteString("(")
		writeNode(b, n.l)
		b.WriteString(" " + n.op + " ")
		writeNode(b, n.r)
		b.WriteString(")")
	case *inList:
		b.WriteString("(")
		writeNode(b, n.x)
		if n.not {
			b.WriteString(" not in [")
		} else {
			b.WriteString(" in [")
		}
		for i, it := range n.items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeNode(b, it)
		}
		b.WriteString("])")
	case *call:
		b.WriteString(n.fn + "(")
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeNode(b, a)
		}
		b.WriteString(")")
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// isIdent reports whether s can be written as a bare column name.
func isIdent(s string) bool {
	if s == "" || keywords[s] {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Tokens.
type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tStr
	tIdent  // a bare name or keyword
	tQuoted // a `backticked` name
	tOp     // operators and punctuation
)

type token struct {
	kind tokKind
	text string // operator text, name, string contents, or number text
	pos  int    // 1-based character position
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tStr:
		return "string " + quote(t.text)
	case tQuoted:
		return "`" + t.text + "`"
	}
	return fmt.Sprintf("%q", t.text)
}

type parser struct {
	src  string
	toks []token
	i    int
}

// ExprError is an error in an expression: its text, the 1-based character
// position, and what is wrong.
type ExprError struct {
	Src string
	Pos int
	Msg string
}

func (e *ExprError) Error() string {
	return fmt.Sprintf("tidy: %s: at character %d: %s", quote(e.Src), e.Pos, e.Msg)
}

func (p *parser) errAt(pos int, format string, args ...any) error {
	return &ExprError{Src: p.src, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) lex() error {
	s := p.src
	if !utf8.ValidString(s) {
		return p.errAt(1, "not valid UTF-8")
	}
	pos := 1 // character position of byte i
	for i := 0; i < len(s); {
		c := s[i]
		start := pos
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			pos++
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == '_') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				j++
				if j < len(s) && (s[j] == '+' || s[j] == '-') {
					j++
				}
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			}
			if j < len(s) && isNameByte(s[j]) {
				return p.errAt(start, "malformed number %q", s[i:j+1])
			}
			p.toks = append(p.toks, token{kind: tNum, text: s[i:j], pos: start})
			pos += j - i
			i = j
		case isNameByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			p.toks = append(p.toks, token{kind: tIdent, text: s[i:j], pos: start})
			pos += j - i
			i = j
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return p.errAt(start, "unterminated `column name`")
			}
			name := s[i+1 : i+1+j]
			if name == "" {
				return p.errAt(start, "empty `` column name")
			}
			p.toks = append(p.toks, token{kind: tQuoted, text: name, pos: start})
			pos += utf8.RuneCountInString(s[i : i+j+2])
			i += j + 2
		case c == '"' || c == '\'':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == '\\' && j+1 < len(s) {
					_, w := utf8.DecodeRuneInString(s[j+1:])
					b.WriteString(s[j+1 : j+1+w])
					j += 1 + w
					continue
				}
				if s[j] == c {
					closed = true
					j++
					break
				}
				b.WriteByte(s[j])
				j++
			}
			if !closed {
				return p.errAt(start, "unterminated string")
			}
			p.toks = append(p.toks, token{kind: tStr, text: b.String(), pos: start})
			pos += utf8.RuneCountInString(s[i:j])
			i = j
		default:
			op := ""
			for _, o := range []string{"==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",", "!", "&", "|", "="} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(s[i:])
				return p.errAt(start, "unexpected character %q", r)
			}
			if op == "=" {
				return p.errAt(start, "a single = is not a comparison: write == for equality")
			}
			p.toks = append(p.toks, token{kind: tOp, text: op, pos: start})
			i += len(op)
			pos += len(op)
		}
	}
	p.toks = append(p.toks, token{kind: tEOF, pos: pos})
	return nil
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// is reports whether the next token is the operator or keyword s.
func (p *parser) is(ss ...string) bool {
	t := p.peek()
	if t.kind != tOp && t.kind != tIdent {
		return false
	}
	for _, s := range ss {
		if t.text == s {
			return true
		}
	}
	return false
}

// maxDepth bounds nesting, so that no input can exhaust the stack.
const maxDepth = 200

func (p *parser) expr() (node, error) { return p.or(0) }

func (p *parser) or(d int) (node, error) {
	l, err := p.and(d)
	if err != nil {
		return nil, err
	}
	for p.is("or", "|", "||") {
		t := p.next()
		r, err := p.and(d)
		if err != nil {
			return nil, err
		}
		l = &binOp{pos: t.pos, op: "or", l: l, r: r}
	}
	return l, nil
}

func (p *parser) and(d int) (node, error) {
	l, err := p.not(d)
	if err != nil {
		return nil, err
	}
	for p.is("and", "&", "&&") {
		t := p.next()
		r, err := p.not(d)
		if err != nil {
			return nil, err
		}
		l = &binOp{pos: t.pos, op: "and", l: l, r: r}
	}
	return l, nil
}

func (p *parser) not(d int) (node, error) {
	if p.is("not", "!") {
		t := p.next()
		if d > maxDepth {
			return nil, p.errAt(t.pos, "expression nested too deeply")
		}
		x, err := p.not(d + 1)
		if err != nil {
			return nil, err
		}
		return &unary{pos: t.pos, op: "not", x: x}, nil
	}
	return p.compare(d)
}

func (p *parser) compare(d int) (node, error) {
	l, err := p.sum(d)
	if err != nil {
		return nil, err
	}
	switch {
	case p.is("==", "!=", "<", "<=", ">", ">="):
		t := p.next()
		r, err := p.sum(d)
		if err != nil {
			return nil, err
		}
		if p.is("==", "!=", "<", "<=", ">", ">=") {
			return nil, p.errAt(p.peek().pos, "comparisons do not chain: write a < b and b < c")
		}
		return &binOp{pos: t.pos, op: t.text, l: l, r: r}, nil
	case p.is("in"), p.is("not") && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == tIdent && p.toks[p.i+1].text == "in":
		t := p.next()
		neg := t.text == "not"
		if neg {
			p.next()
		}
		items, err := p.list()
		if err != nil {
			return nil, err
		}
		return &inList{pos: t.pos, not: neg, x: l, items: items}, nil
	}
	return l, nil
}

func (p *parser) list() ([]node, error) {
	t := p.next()
	if t.kind != tOp || t.text != "[" {
		return nil, p.errAt(t.pos, "expected [ to start the list after in, found %s", t.describe())
	}
	var items []node
	for {
		if p.is("]") && len(items) > 0 {
			p.next()
			return items, nil
		}
		it, err := p.literal()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		t := p.next()
		switch {
		case t.kind == tOp && t.text == "]":
			return items, nil
		case t.kind == tOp && t.text == ",":
		default:
			return nil, p.errAt(t.pos, "expected , or ] in the list, found %s", t.describe())
		}
	}
}

func (p *parser) literal() (node, error) {
	t := p.next()
	switch {
	case t.kind == tOp && t.text == "-":
		n := p.next()
		if n.kind != tNum {
			return nil, p.errAt(n.pos, "expected a number after -, found %s", n.describe())
		}
		lit, err := p.number(n)
		if err != nil {
			return nil, err
		}
		if lit.isInt {
			lit.i = -lit.i
		} else {
			lit.f = -lit.f
		}
		lit.pos = t.pos
		return lit, nil
	case t.kind == tNum:
		return p.number(t)
	case t.kind == tStr:
		return &strLit{pos: t.pos, s: t.text}, nil
	case t.kind == tIdent && (t.text == "true" || t.text == "false"):
		return &boolLit{pos: t.pos, b: t.text == "true"}, nil
	}
	return nil, p.errAt(t.pos, "expected a number, string, true or false in the list, found %s", t.describe())
}

func (p *parser) number(t token) (*numLit, error) {
	text := strings.ReplaceAll(t.text, "_", "")
	if strings.HasPrefix(t.text, "_") || strings.HasSuffix(t.text, "_") || strings.Contains(t.text, "__") {
		return nil, p.errAt(t.pos, "malformed number %q", t.text)
	}
	if !strings.ContainsAny(text, ".eE") {
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, p.errAt(t.pos, "integer %s out of range (at most %d)", t.text, int64(math.MaxInt64))
		}
		return &numLit{pos: t.pos, isInt: true, i: i}, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, p.errAt(t.pos, "number %s out of range", t.text)
		}
		return nil, p.errAt(t.pos, "malformed number %q", t.text)
	}
	return &numLit{pos: t.pos, f: f}, nil
}

func (p *parser) sum(d int) (node, error) {
	l, err := p.product(d)
	if err != nil {
		return nil, err
	}
	for p.is("+", "-") {
		t := p.next()
		r, err := p.product(d)
		if err != nil {
			return nil, err
		}
		l = &binOp{pos: t.pos, op: t.text, l: l, r: r}
	}
	return l, nil
}

func (p *parser) product(d int) (node, error) {
	l, err := p.unary(d)
	if err != nil {
		return nil, err
	}
	for p.is("*", "/") {
		t := p.next()
		r, err := p.unary(d)
		if err != nil {
			return nil, err
		}
		l = &binOp{pos: t.pos, op: t.text, l: l, r: r}
	}
	return l, nil
}

func (p *parser) unary(d int) (node, error) {
	if p.is("-") {
		t := p.next()
		if d > maxDepth {
			return nil, p.errAt(t.pos, "expression nested too deeply")
		}
		x, err := p.unary(d + 1)
		if err != nil {
			return nil, err
		}
		return &unary{pos: t.pos, op: "-", x: x}, nil
	}
	return p.primary(d)
}

func (p *parser) primary(d int) (node, error) {
	t := p.next()
	if d > maxDepth {
		return nil, p.errAt(t.pos, "expression nested too deeply")
	}
	switch t.kind {
	case tNum:
		return p.number(t)
	case tStr:
		return &strLit{pos: t.pos, s: t.text}, nil
	case tQuoted:
		return &colRef{pos: t.pos, name: t.text}, nil
	case tIdent:
		switch t.text {
		case "true", "false":
			return &boolLit{pos: t.pos, b: t.text == "true"}, nil
		case "and", "or", "not", "in":
			return nil, p.errAt(t.pos, "expected a value, found the keyword %q (write `%s` for a column of that name)", t.text, t.text)
		}
		if !p.is("(") {
			return &colRef{pos: t.pos, name: t.text}, nil
		}
		p.next()
		c := &call{pos: t.pos, fn: t.text}
		if p.is(")") {
			p.next()
			return c, nil
		}
		for {
			a, err := p.or(d + 1)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
			n := p.next()
			if n.kind == tOp && n.text == ")" {
				return c, nil
			}
			if n.kind != tOp || n.text != "," {
				return nil, p.errAt(n.pos, "expected , or ) in the arguments of %s, found %s", c.fn, n.describe())
			}
		}
	case tOp:
		if t.text == "(" {
			x, err := p.or(d + 1)
			if err != nil {
				return nil, err
			}
			if n := p.next(); n.kind != tOp || n.text != ")" {
				return nil, p.errAt(n.pos, "expected ) to close the ( at character %d, found %s", t.pos, n.describe())
			}
			return x, nil
		}
	}
	return nil, p.errAt(t.pos, "expected a value (a column, number, string or function call), found %s", t.describe())
}
