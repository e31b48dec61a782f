package panel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/repnet/repnet/loaders"
)

// Op is the kind of a node of a variable expression.
type Op uint8

// Expression kinds; see the package documentation for their meaning.
const (
	OpColumn     Op = iota + 1 // a dataset column: Dataset, Table, Column
	OpLag                      // lag(Arg, K)
	OpLead                     // lead(Arg, K)
	OpNeg                      // neg(Arg)
	OpMin                      // min(Arg): dyad panels, the smaller of the members' values
	OpMax                      // max(Arg): the larger
	OpAbsDiff                  // absdiff(Arg): |value of member 1 - value of member 2|
	OpLayer                    // layer(...): the edge weight of a layer
	OpExposure                 // exposure(Arg, Layer)
	OpCentrality               // centrality(Layer, Measure)
)

var opNames = map[Op]string{
	OpColumn: "column", OpLag: "lag", OpLead: "lead", OpNeg: "neg", OpMin: "min", OpMax: "max",
	OpAbsDiff: "absdiff", OpLayer: "layer", OpExposure: "exposure", OpCentrality: "centrality",
}

func (o Op) String() string {
	if s, ok := opNames[o]; ok {
		return s
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Expr is a parsed variable expression.
type Expr struct {
	Op Op
	// OpColumn: a column of a bundled dataset's table.
	Dataset, Table, Column string
	// OpLag, OpLead, OpNeg, OpMin, OpMax, OpAbsDiff, OpExposure: the
	// expression operated on.
	Arg *Expr
	// OpLag, OpLead: the number of years (at least 1).
	K int
	// OpLayer, OpExposure, OpCentrality: the layer.
	Layer *LayerRef
	// OpCentrality: the network measure (a network.Measure name).
	Measure string
}

// LayerRef names a layer and its options, as written in a spec:
// layer(KIND, KEY=VALUE, ...), or a bare KIND where a layer is expected.
// Its meaning is the layers package's; the panel passes it on to a
// LayerSource.
type LayerRef struct {
	Kind   string
	Params []Param // in the order written
}

// Param is one argument of a layer after its kind: KEY=VALUE, or a bare
// VALUE (Key empty).
type Param struct {
	Key, Value string
}

// Get returns the value of the parameter key and whether it is given.
func (l *LayerRef) Get(key string) (string, bool) {
	for _, p := range l.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// String returns the layer in the spec syntax, layer(kind, k=v, ...),
// quoting values that are not plain words or numbers.
func (l *LayerRef) String() string {
	var b strings.Builder
	b.WriteString("layer(")
	b.WriteString(l.Kind)
	for _, p := range l.Params {
		b.WriteString(", ")
		if p.Key != "" {
			b.WriteString(p.Key)
			b.WriteByte('=')
		}
		b.WriteString(quoteValue(p.Value))
	}
	b.WriteByte(')')
	return b.String()
}

func quoteValue(v string) string {
	if v != "" && (isWord(v) || isNumber(v)) {
		return v
	}
	return strconv.Quote(v)
}

func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i], i == 0) {
			return false
		}
	}
	return s != ""
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && s[0] != '+' && !strings.ContainsAny(s, "xXpP_in")
}

// String returns the expression in the spec syntax.
func (e *Expr) String() string {
	switch e.Op {
	case OpColumn:
		if e.Table != "" {
			return e.Dataset + "/" + e.Table + "." + e.Column
		}
		return e.Dataset + "." + e.Column
	case OpLag, OpLead:
		return fmt.Sprintf("%s(%s, %d)", e.Op, e.Arg, e.K)
	case OpNeg, OpMin, OpMax, OpAbsDiff:
		return fmt.Sprintf("%s(%s)", e.Op, e.Arg)
	case OpLayer:
		return e.Layer.String()
	case OpExposure:
		return fmt.Sprintf("exposure(%s, %s)", e.Arg, e.Layer)
	case OpCentrality:
		return fmt.Sprintf("centrality(%s, %s)", e.Layer, e.Measure)
	}
	return "?"
}

// Spec is one parsed --add specification: an expression and the names of
// the columns it becomes (none: derived from the expression; one: that
// name, or for a state-level expression in a dyad panel NAME_1 and
// NAME_2; two: the two columns of a state-level expression in a dyad
// panel).
type Spec struct {
	Text  string // as given
	Expr  *Expr
	Names []string
}

// String returns the spec in canonical form.
func (s Spec) String() string {
	if len(s.Names) == 0 {
		return s.Expr.String()
	}
	return s.Expr.String() + " as " + strings.Join(s.Names, ", ")
}

// Check checks what can be checked of a spec without loading any data:
// that each dataset and secondary table it names is bundled
// (loaders.IDs, loaders.Tables) and that each layer's options are valid
// (LayerSpec). Build makes the same checks as it evaluates the spec; a
// notebook checks its panels before running anything.
func (s Spec) Check() error {
	var check func(e *Expr) error
	check = func(e *Expr) error {
		if e.Arg != nil {
			if err := check(e.Arg); err != nil {
				return err
			}
		}
		if e.Layer != nil {
			if _, err := LayerSpec(e.Layer); err != nil {
				return fmt.Errorf("panel: %s: %v", s.Text, strings.TrimPrefix(err.Error(), "layers: "))
			}
		}
		if e.Op != OpColumn {
			return nil
		}
		ids := loaders.IDs()
		if !slices.Contains(ids, e.Dataset) {
			return fmt.Errorf("panel: %s: unknown dataset %q (bundled: %s)", s.Text, e.Dataset, strings.Join(ids, ", "))
		}
		if tabs := loaders.Tables(e.Dataset); !slices.Contains(tabs, e.Table) {
			return fmt.Errorf("panel: %s: dataset %s has no table %q (tables: %s)", s.Text, e.Dataset, e.Table, strings.Join(tabs[1:], ", "))
		}
		return nil
	}
	return check(s.Expr)
}

// SyntaxError is an error in a spec, at a byte offset.
type SyntaxError struct {
	Spec string
	Pos  int // 0-based byte offset
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("panel: spec %q: at column %d: %s", e.Spec, e.Pos+1, e.Msg)
}

// ParseSpec parses one variable specification; the grammar is in the
// package documentation.
func ParseSpec(s string) (Spec, error) {
	toks, err := lex(s)
	if err != nil {
		return Spec{}, err
	}
	p := &specParser{src: s, toks: toks}
	e, err := p.expr(0)
	if err != nil {
		return Spec{}, err
	}
	sp := Spec{Text: s, Expr: e}
	if t := p.peek(); t.kind == tWord && t.text == "as" {
		p.next()
		for {
			t := p.next()
			if t.kind != tWord || !validName(t.text) {
				return Spec{}, p.errAt(t, "expected a column name after \"as\" (letters, digits and _, starting with a letter or _), found %s", describeTok(t))
			}
			sp.Names = append(sp.Names, t.text)
			if p.peek().kind != tComma {
				break
			}
			p.next()
		}
		if len(sp.Names) > 2 {
			return Spec{}, p.errAt(p.toks[p.i-1], "at most two names after \"as\" (one per member of a dyad)")
		}
	}
	if t := p.peek(); t.kind != tEOF {
		return Spec{}, p.errAt(t, "unexpected %s after the expression", describeTok(t))
	}
	return sp, nil
}

// validName reports whether s may name an output column.
func validName(s string) bool {
	if s == "" || s == "as" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

type tokKind uint8

const (
	tEOF tokKind = iota
	tWord
	tNumber
	tString
	tLParen
	tRParen
	tComma
	tEquals
)

type token struct {
	kind tokKind
	text string // word, number, or the unquoted string
	pos  int
}

func describeTok(t token) string {
	switch t.kind {
	case tEOF:
		return "the end"
	case tWord:
		return fmt.Sprintf("%q", t.text)
	case tNumber:
		return "number " + t.text
	case tString:
		return "string " + strconv.Quote(t.text)
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tComma:
		return `","`
	case tEquals:
		return `"="`
	}
	return "?"
}

// isWordByte reports whether c may appear in a word: letters, digits and
// _ anywhere; - . / : + after the first character (dataset ids such as
// cow-contiguity, table paths such as cow-trade/totals.imports).
func isWordByte(c byte, first bool) bool {
	switch {
	case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	case c >= '0' && c <= '9', c == '-', c == '.', c == '/', c == ':', c == '+':
		return !first
	}
	return false
}

func lex(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			out = append(out, token{tLParen, "(", i})
			i++
		case c == ')':
			out = append(out, token{tRParen, ")", i})
			i++
		case c == ',':
			out = append(out, token{tComma, ",", i})
			i++
		case c == '=':
			out = append(out, token{tEquals, "=", i})
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, &SyntaxError{s, i, "unterminated string"}
			}
			v, err := strconv.Unquote(s[i : j+1])
			if err != nil {
				return nil, &SyntaxError{s, i, "bad string: " + err.Error()}
			}
			out = append(out, token{tString, v, i})
			i = j + 1
		case c >= '0' && c <= '9', c == '-' || c == '+' || c == '.':
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				(s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E')) {
				j++
			}
			text := s[i:j]
			if _, err := strconv.ParseFloat(text, 64); err != nil || c == '+' {
				return nil, &SyntaxError{s, i, fmt.Sprintf("bad number %q", text)}
			}
			out = append(out, token{tNumber, text, i})
			i = j
		case isWordByte(c, true):
			j := i + 1
			for j < len(s) && isWordByte(s[j], false) {
				j++
			}
			out = append(out, token{tWord, s[i:j], i})
			i = j
		default:
			return nil, &SyntaxError{s, i, fmt.Sprintf("unexpected character %q", c)}
		}
	}
	return append(out, token{tEOF, "", len(s)}), nil
}

type specParser struct {
	src  string
	toks []token
	i    int
}

func (p *specParser) peek() token { return p.toks[p.i] }
func (p *specParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *specParser) errAt(t token, format string, args ...any) error {
	return &SyntaxError{p.src, t.pos, fmt.Sprintf(format, args...)}
}

func (p *specParser) expect(k tokKind, what string) (token, error) {
	t := p.next()
	if t.kind != k {
		return t, p.errAt(t, "expected %s, found %s", what, describeTok(t))
	}
	return t, nil
}

// maxDepth bounds nesting, so that no input can exhaust the stack.
const maxDepth = 32

var functions = map[string]Op{
	"lag": OpLag, "lead": OpLead, "neg": OpNeg, "min": OpMin, "max": OpMax, "absdiff": OpAbsDiff,
	"layer": OpLayer, "exposure": OpExposure, "centrality": OpCentrality,
}

func (p *specParser) expr(depth int) (*Expr, error) {
	if depth > maxDepth {
		return nil, p.errAt(p.peek(), "expression nested more than %d deep", maxDepth)
	}
	t := p.next()
	if t.kind != tWord {
		return nil, p.errAt(t, "expected a dataset column (such as vdem.v2x_polyarchy) or a function (lag, lead, neg, min, max, absdiff, layer, exposure, centrality), found %s", describeTok(t))
	}
	if p.peek().kind != tLParen {
		return p.column(t)
	}
	op, ok := functions[t.text]
	if !ok {
		return nil, p.errAt(t, "unknown function %q (known: lag, lead, neg, min, max, absdiff, layer, exposure, centrality)", t.text)
	}
	p.next() // (
	e := &Expr{Op: op}
	var err error
	switch op {
	case OpLag, OpLead:
		if e.Arg, err = p.expr(depth + 1); err != nil {
			return nil, err
		}
		e.K = 1
		if p.peek().kind == tComma {
			p.next()
			n := p.next()
			k, err := strconv.Atoi(n.text)
			if n.kind != tNumber || err != nil || k < 1 || k > 100 {
				return nil, p.errAt(n, "expected the number of years of the %s, a whole number from 1 to 100, found %s", op, describeTok(n))
			}
			e.K = k
		}
	case OpNeg, OpMin, OpMax, OpAbsDiff:
		if e.Arg, err = p.expr(depth + 1); err != nil {
			return nil, err
		}
	case OpLayer:
		p.i -= 2 // back to the word "layer"
		if e.Layer, err = p.layer(); err != nil {
			return nil, err
		}
		return e, nil
	case OpExposure:
		if e.Arg, err = p.expr(depth + 1); err != nil {
			return nil, err
		}
		if _, err := p.expect(tComma, `"," and the layer of the exposure`); err != nil {
			return nil, err
		}
		if e.Layer, err = p.layer(); err != nil {
			return nil, err
		}
	case OpCentrality:
		if e.Layer, err = p.layer(); err != nil {
			return nil, err
		}
		if _, err := p.expect(tComma, `"," and the centrality measure (such as eigenvector)`); err != nil {
			return nil, err
		}
		m, err := p.expect(tWord, "a centrality measure (such as degree, strength, eigenvector, pagerank, betweenness)")
		if err != nil {
			return nil, err
		}
		e.Measure = m.text
	}
	if _, err := p.expect(tRParen, `")" closing `+op.String()+"("); err != nil {
		return nil, err
	}
	return e, nil
}

// column parses DATASET[/TABLE].COLUMN from one word.
func (p *specParser) column(t token) (*Expr, error) {
	dot := strings.LastIndexByte(t.text, '.')
	if dot <= 0 || dot == len(t.text)-1 {
		if _, isFunc := functions[t.text]; isFunc {
			return nil, p.errAt(t, "%s needs arguments in parentheses", t.text)
		}
		return nil, p.errAt(t, "expected DATASET.COLUMN (such as vdem.v2x_polyarchy or fariss.theta_mean), found %q", t.text)
	}
	ds, col := t.text[:dot], t.text[dot+1:]
	e := &Expr{Op: OpColumn, Dataset: ds, Column: col}
	if a, b, ok := strings.Cut(ds, "/"); ok {
		e.Dataset, e.Table = a, b
		if a == "" || b == "" || strings.Contains(b, "/") {
			return nil, p.errAt(t, "expected DATASET/TABLE.COLUMN, found %q", t.text)
		}
	}
	if strings.ContainsAny(col, "-/:") || strings.ContainsAny(e.Dataset, ".:") || strings.ContainsAny(e.Table, ".:") {
		return nil, p.errAt(t, "expected DATASET.COLUMN (such as vdem.v2x_polyarchy), found %q", t.text)
	}
	return e, nil
}

// layer parses layer(KIND, ...) or a bare KIND.
func (p *specParser) layer() (*LayerRef, error) {
	t := p.next()
	if t.kind != tWord || strings.ContainsAny(t.text, "./:") {
		return nil, p.errAt(t, "expected a layer: layer(KIND, KEY=VALUE, ...) or a layer kind such as igo, found %s", describeTok(t))
	}
	if t.text != "layer" || p.peek().kind != tLParen {
		if _, isFunc := functions[t.text]; isFunc && p.peek().kind == tLParen {
			return nil, p.errAt(t, "expected a layer: layer(KIND, KEY=VALUE, ...) or a layer kind such as igo, found %s(", t.text)
		}
		return &LayerRef{Kind: t.text}, nil
	}
	p.next() // (
	k := p.next()
	if k.kind != tWord || strings.ContainsAny(k.text, "./:") {
		return nil, p.errAt(k, "expected the layer kind (such as igo, atop, contiguity, trade), found %s", describeTok(k))
	}
	l := &LayerRef{Kind: k.text}
	for p.peek().kind == tComma {
		p.next()
		v := p.next()
		if v.kind != tWord && v.kind != tNumber && v.kind != tString {
			return nil, p.errAt(v, "expected KEY=VALUE or a value, found %s", describeTok(v))
		}
		if v.kind == tWord && p.peek().kind == tEquals {
			p.next()
			val := p.next()
			if val.kind != tWord && val.kind != tNumber && val.kind != tString {
				return nil, p.errAt(val, "expected a value after %s=, found %s", v.text, describeTok(val))
			}
			if _, dup := l.Get(v.text); dup {
				return nil, p.errAt(v, "layer option %q given twice", v.text)
			}
			l.Params = append(l.Params, Param{Key: v.text, Value: val.text})
			continue
		}
		l.Params = append(l.Params, Param{Value: v.text})
	}
	if _, err := p.expect(tRParen, `")" closing layer(`); err != nil {
		return nil, err
	}
	return l, nil
}
