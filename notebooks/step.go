package notebooks

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/internal/table"
)

// Spec holds the keys every step has, whatever its kind.
type Spec struct {
	ID   string   // id: unique among steps and inputs
	Kind string   // run: the step kind
	In   []string // in (or inputs): the tables the step reads
	Out  []string // out: the tables or figures it makes
	Text string   // text: Markdown (a template) shown before its outputs
	// Show forces (true) the step's tables into the report, or hides
	// (false) its tables and figures; nil shows its figures, and its
	// tables when the step has text.
	Show *bool
	// Digits is the number of significant digits of floats in the
	// step's Markdown and LaTeX tables (default 4).
	Digits int
	Index  int // position among the notebook's [[step]]s; -1 for an input
	Line   int // line of the [[step]] header (or of [inputs.NAME])
}

// OutputKind says whether an output is a table, a figure or a document.
type OutputKind int

// Output kinds.
const (
	TableOutput OutputKind = iota + 1
	FigureOutput
	// DocumentOutput is text the step writes for a paper, such as a
	// regression table in LaTeX (tables/NAME.tex) with its Markdown
	// version (tables/NAME.md), which the report shows as it shows a
	// table. Later steps cannot read it.
	DocumentOutput
)

// Output is one named result of a step. A table is kept in memory for
// later steps and written by the runner (see doc.go); a figure or a
// document is written by the step, as Files.
type Output struct {
	Name  string
	Kind  OutputKind
	Files []string // figure or document files, relative to the output folder
	// Detail marks a table the report shows only when the step has show =
	// true, such as a model's full coefficient table next to the paper
	// table the report shows instead.
	Detail bool
}

// Step is one step of a notebook, made by its kind's factory from the
// step's keys. A kind lives in its own file: a factory that decodes and
// checks the kind's parameters, and the methods below.
type Step interface {
	// Inputs returns the tables the step reads: its in tables, plus any
	// it names in its parameters (such as a join's right table).
	Inputs() []string
	// Outputs returns what the step makes, one Output per name in out.
	Outputs() []Output
	// Run computes the outputs from ctx's tables. It must not modify the
	// tables it reads: other steps may be reading them at the same time.
	Run(ctx *Context) error
	// Methods returns sentences for the report's Methods paragraph (data
	// sources and versions, panel, estimator, variance estimator, number
	// of permutations, seed...), or "". It is called after Run, or after
	// the outputs were taken from the cache, with ctx holding them.
	Methods(ctx *Context) string
	// Cites returns the keys of the BibTeX entries of methods.bib that
	// the step's method cites. Datasets are cited automatically from the
	// sources of the tables.
	Cites() []string
}

// Optional interfaces a Step may implement.
type (
	// seeded marks a step that may be stochastic: given the seed
	// derived for it (see StepSeed), it returns the seed it uses and
	// whether it uses one; the manifest records it.
	seeded interface {
		UsesSeed(derived uint64) (seed uint64, ok bool)
	}
	// uncached steps always run (cheap steps whose effect is not a
	// table or file, such as write).
	uncached interface{ NoCache() }
	// sourceStep marks a step whose tables are inputs (datasets, files):
	// they are written only when a write step asks.
	sourceStep interface{ IsSource() }
)

// Factory makes a step of one kind from its common keys and its
// kind-specific parameters, which it must decode with p.Decode (a key that
// no Decode call uses is an error) and check, returning errors made with
// p.Errorf so that they name the notebook file and line.
type Factory func(s *Spec, p *Params) (Step, error)

type kindInfo struct {
	factory Factory
	doc     string
}

var kinds = map[string]kindInfo{}

// registerStep makes a step kind available to notebooks as run = kind.
// doc is a paragraph for the help: what the step does and its keys.
func registerStep(kind, doc string, f Factory) {
	if _, dup := kinds[kind]; dup {
		panic("notebooks: step kind " + kind + " registered twice")
	}
	kinds[kind] = kindInfo{factory: f, doc: doc}
}

// Kinds returns the registered step kinds, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// KindDoc returns the documentation of a step kind.
func KindDoc(kind string) string { return kinds[kind].doc }

// Context is what a running step sees: its tables, its seed, and where its
// results go.
type Context struct {
	Spec *Spec
	// Seed is the step's seed, derived from the notebook's root seed and
	// the step id (see StepSeed).
	Seed uint64
	// Dir is the notebook's folder, against which file paths resolve.
	Dir string
	// Notebook is the notebook file's base name, for provenance.
	Notebook string

	tables   map[string]*table.Table // the tables the step may read
	declared map[string]Output
	files    map[string]bool
	out      map[string]*table.Table
	written  map[string][]byte
	requests []writeRequest
}

// writeRequest asks the runner to write a table in extra formats.
type writeRequest struct {
	name    string
	formats []string
	digits  int
}

// Table returns the named table, which must be one of the step's inputs.
func (c *Context) Table(name string) (*table.Table, error) {
	if t, ok := c.tables[name]; ok {
		return t, nil
	}
	if t, ok := c.out[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("step %s: table %q is not among its inputs", c.Spec.ID, name)
}

// SetTable records an output table. Setting a name the step did not
// declare as a table output is a programming error.
func (c *Context) SetTable(name string, t *table.Table) {
	if o, ok := c.declared[name]; !ok || o.Kind != TableOutput {
		panic(fmt.Sprintf("notebooks: step %s sets undeclared table %q", c.Spec.ID, name))
	}
	c.out[name] = t
}

// WriteFile records the bytes of one of the step's declared figure files.
func (c *Context) WriteFile(rel string, b []byte) {
	if !c.files[rel] {
		panic(fmt.Sprintf("notebooks: step %s writes undeclared file %q", c.Spec.ID, rel))
	}
	c.written[rel] = b
}

// Rand returns a random source seeded with the step's seed: a PCG
// generator (math/rand/v2) seeded with (Seed, Seed ^ 0x9e3779b97f4a7c15).
func (c *Context) Rand() *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
}

// requestWrite asks the runner to write table name in extra formats.
func (c *Context) requestWrite(name string, formats []string, digits int) {
	c.requests = append(c.requests, writeRequest{name: name, formats: formats, digits: digits})
}

// Params are a step's kind-specific keys, for its factory to decode.
type Params struct {
	nb      *Notebook
	spec    *Spec
	loc     *stepLoc
	raw     map[string]any
	text    string          // raw re-encoded as TOML
	all     []string        // every key path in raw, dotted
	decoded map[string]bool // key paths some Decode call used
	known   map[string]bool // top-level keys of the decode targets
}

var lastKeyRE = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]*)"\): `)

// Decode decodes the parameters into v (a pointer to a struct with toml
// tags), as BurntSushi/toml does. It may be called several times with
// different structs; keys any call uses are known, the others are errors
// (reported by the runner).
func (p *Params) Decode(v any) error {
	md, err := toml.Decode(p.text, v)
	collectTags(reflect.TypeOf(v), p.known)
	if err != nil {
		msg := err.Error()
		key := ""
		if m := lastKeyRE.FindStringSubmatch(msg); m != nil {
			key, msg = m[1], msg[len(m[0]):]
		} else if pe, ok := err.(toml.ParseError); ok {
			key, msg = pe.LastKey, pe.Message
		}
		msg = strings.TrimPrefix(msg, "toml: ")
		if key != "" {
			return p.Errorf(strings.SplitN(key, ".", 2)[0], "key %s: %s", key, msg)
		}
		return p.Errorf("", "%s", msg)
	}
	undecoded := map[string]bool{}
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	for _, k := range md.Keys() {
		if !undecoded[k.String()] {
			p.decoded[k.String()] = true
		}
	}
	return nil
}

// Has reports whether the step has the top-level parameter key.
func (p *Params) Has(key string) bool {
	_, ok := p.raw[key]
	return ok
}

// Errorf returns an error at the line of the step's key (its header line
// when key is "" or absent), naming the notebook file and the step.
func (p *Params) Errorf(key, format string, args ...any) error {
	return p.nb.errAt(p.loc.keyLine(key), "%s: %s", p.nb.stepName(p.spec), fmt.Sprintf(format, args...))
}

// ElemErrorf is Errorf at the line of element k (0-based) of an array key.
func (p *Params) ElemErrorf(key string, k int, format string, args ...any) error {
	return p.nb.errAt(p.loc.elemLine(key, k), "%s: %s", p.nb.stepName(p.spec), fmt.Sprintf(format, args...))
}

// Check returns an error for a key no Decode call has used (an unknown
// key, at its line), or nil. A factory calls it after its last Decode, so
// that a misspelt key is reported before the checks that its absence
// would fail; the runner calls it again after the factory.
func (p *Params) Check() error { return p.unknown() }

// unknown returns an error for the first key no Decode call used, or nil.
func (p *Params) unknown() error {
	var bad []string
	for _, k := range p.all {
		if !p.decoded[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	// Report the key nearest the top of the file.
	sort.SliceStable(bad, func(a, b int) bool { return p.keyLine(bad[a]) < p.keyLine(bad[b]) })
	k := bad[0]
	top := strings.SplitN(k, ".", 2)[0]
	if p.known[top] || strings.Contains(k, ".") && p.decoded[top] {
		return p.nb.errAt(p.keyLine(k), "%s: unknown key %q inside %s", p.nb.stepName(p.spec), k, top)
	}
	known := make([]string, 0, len(p.known)+len(commonKeys))
	for n := range p.known {
		known = append(known, n)
	}
	if p.spec.Index >= 0 {
		known = append(known, commonKeys...)
	}
	sort.Strings(known)
	hint := ""
	if s := closest(top, known); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	what := fmt.Sprintf("the keys of run = %q are", p.spec.Kind)
	if p.spec.Index < 0 {
		what = "an input's keys are"
	}
	return p.nb.errAt(p.keyLine(k), "%s: unknown key %q%s; %s: %s", p.nb.stepName(p.spec), k, hint, what, strings.Join(known, ", "))
}

// keyLine returns the line of a dotted key path of the step: the key
// itself when the locator saw it, else its nearest enclosing key.
func (p *Params) keyLine(k string) int {
	orig, last := k, k[strings.LastIndexByte(k, '.')+1:]
	for {
		if pos := p.loc.keys[k]; pos != nil {
			if k == orig {
				return pos.line
			}
			// A key inside an inline table or array of the value that
			// starts here: look for it on the lines that follow.
			re := regexp.MustCompile(`(^|[{,\s])` + regexp.QuoteMeta(last) + `\s*=`)
			for i := pos.line - 1; i < p.loc.end && i < len(p.nb.loc.lines); i++ {
				if re.MatchString(p.nb.loc.lines[i]) {
					return i + 1
				}
			}
			return pos.line
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			return p.loc.line
		}
		k = k[:i]
	}
}

// collectTags adds the toml tag names of the struct t points to (and of
// its embedded structs) to known.
func collectTags(t reflect.Type, known map[string]bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			collectTags(f.Type, known)
			continue
		}
		name := strings.Split(f.Tag.Get("toml"), ",")[0]
		if name == "" {
			name = f.Name
		}
		if name != "-" && f.IsExported() {
			known[name] = true
		}
	}
}

// closest returns the candidate within edit distance 2 of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
