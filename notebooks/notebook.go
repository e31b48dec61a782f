package notebooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
)

// Notebook is a parsed and checked notebook file.
type Notebook struct {
	Path        string // the file, as given
	Name        string // its base name without .toml: the output folder's name
	Dir         string // its folder, against which input files resolve
	Title       string
	Seed        int64
	Description string
	SHA256      string // of the file's bytes

	entries []*entry // the inputs (sorted by name), then the steps in file order
	loc     *locator
	desc    *template.Template
}

// entry is one input or step.
type entry struct {
	spec   *Spec
	step   Step
	loc    *stepLoc
	params map[string]any // kind-specific keys, for the cache key
	input  bool
	text   *template.Template
}

// Error is an error in a notebook file: the file as given, the line (0
// when unknown) and what is wrong.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func (nb *Notebook) errAt(line int, format string, args ...any) error {
	return &Error{File: nb.Path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// stepName names a step in messages: step "id" (kind), or input "name".
func (nb *Notebook) stepName(s *Spec) string {
	if s.Index < 0 {
		return fmt.Sprintf("input %q", s.ID)
	}
	return fmt.Sprintf("step %q (%s)", s.ID, s.Kind)
}

// commonKeys are the keys every [[step]] may have.
var commonKeys = []string{"id", "run", "in", "inputs", "out", "text", "show", "digits"}

var topKeys = map[string]bool{"title": true, "seed": true, "description": true, "inputs": true, "step": true}

// nameRE is what ids and table and figure names look like: they become
// file names, so no path separators, no leading dot.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

var tomlLineRE = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: `)

// Load reads and checks the notebook at path: its TOML, every key (an
// unknown key is an error at its line), its inputs (each bundled dataset
// exists, each file exists and has the sha256 written next to it), its
// steps' parameters, the tables each step reads (each defined, and no
// cycles), output names, and the templates of its prose. It computes
// nothing; a notebook that loads runs unless the data themselves fail a
// step.
func Load(path string) (*Notebook, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebooks: %w", err)
	}
	return parseNotebook(path, src)
}

// parseNotebook is Load on the bytes src of the file at path.
func parseNotebook(path string, src []byte) (*Notebook, error) {
	base := filepath.Base(path)
	if !strings.HasSuffix(base, ".toml") || base == ".toml" {
		return nil, fmt.Errorf("notebooks: %s: a notebook is a NAME.toml file", path)
	}
	sum := sha256.Sum256(src)
	nb := &Notebook{
		Path:   path,
		Name:   strings.TrimSuffix(base, ".toml"),
		Dir:    filepath.Dir(path),
		SHA256: hex.EncodeToString(sum[:]),
		loc:    newLocator(string(src)),
	}
	if !nameRE.MatchString(nb.Name) {
		return nil, nb.errAt(0, "the file name %q is not a usable notebook name (letters, digits, _ . -, not starting with . or -)", nb.Name)
	}
	var raw struct {
		Title       any                       `toml:"title"`
		Seed        any                       `toml:"seed"`
		Description any                       `toml:"description"`
		Inputs      map[string]map[string]any `toml:"inputs"`
		Step        []map[string]any          `toml:"step"`
	}
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nb.errAt(pe.Position.Line, "%s", pe.Message)
		}
		msg := err.Error()
		if m := tomlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, nb.errAt(line, "%s", msg[len(m[0]):])
		}
		return nil, nb.errAt(0, "%s", strings.TrimPrefix(msg, "toml: "))
	}
	for _, k := range md.Keys() {
		if !topKeys[k[0]] {
			hint := ""
			if s := closest(k[0], []string{"title", "seed", "description", "inputs", "step"}); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, nb.errAt(nb.loc.topLine(k[0]), "unknown top-level key %q%s: a notebook has title, seed, description, [inputs.NAME] and [[step]]", k[0], hint)
		}
	}
	if err := nb.header(raw.Title, raw.Seed, raw.Description); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(raw.Inputs))
	for n := range raw.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		e, err := nb.input(n, raw.Inputs[n])
		if err != nil {
			return nil, err
		}
		nb.entries = append(nb.entries, e)
	}
	if len(raw.Step) == 0 {
		return nil, nb.errAt(0, "no [[step]]: a notebook needs at least one step")
	}
	ids := map[string]*Spec{}
	for _, e := range nb.entries {
		ids[e.spec.ID] = e.spec
	}
	for k, m := range raw.Step {
		e, err := nb.stepEntry(k, m)
		if err != nil {
			return nil, err
		}
		if prev, dup := ids[e.spec.ID]; dup {
			what := fmt.Sprintf("step on line %d", prev.Line)
			if prev.Index < 0 {
				what = fmt.Sprintf("input [inputs.%s] on line %d", prev.ID, prev.Line)
			}
			return nil, nb.errAt(e.loc.keyLine("id"), "duplicate id %q: also the %s", e.spec.ID, what)
		}
		ids[e.spec.ID] = e.spec
		nb.entries = append(nb.entries, e)
	}
	if err := nb.checkGraph(); err != nil {
		return nil, err
	}
	if err := nb.parseTemplates(); err != nil {
		return nil, err
	}
	return nb, nil
}

func (nb *Notebook) header(title, seed, desc any) error {
	switch t := title.(type) {
	case nil:
		return nb.errAt(1, "missing title: write title = \"...\" at the top")
	case string:
		if strings.TrimSpace(t) == "" {
			return nb.errAt(nb.loc.topLine("title"), "empty title")
		}
		nb.Title = strings.TrimSpace(t)
	default:
		return nb.errAt(nb.loc.topLine("title"), "title must be a string")
	}
	switch s := seed.(type) {
	case nil:
		return nb.errAt(1, "missing seed: write seed = N (an integer from which every stochastic step derives its own seed)")
	case int64:
		nb.Seed = s
	default:
		return nb.errAt(nb.loc.topLine("seed"), "seed must be an integer, found %T", seed)
	}
	switch d := desc.(type) {
	case nil:
	case string:
		nb.Description = d
	default:
		return nb.errAt(nb.loc.topLine("description"), "description must be a string")
	}
	return nil
}

// input makes the table step of [inputs.name].
func (nb *Notebook) input(name string, m map[string]any) (*entry, error) {
	line := nb.loc.topLine("inputs." + name)
	if !nameRE.MatchString(name) {
		return nil, nb.errAt(line, "input name %q: use letters, digits, _ . and -", name)
	}
	loc := &stepLoc{line: line, end: line, keys: map[string]*keyPos{}}
	prefix := "inputs." + name + "."
	for k, p := range nb.loc.top {
		if strings.HasPrefix(k, prefix) {
			loc.keys[strings.TrimPrefix(k, prefix)] = p
			loc.end = max(loc.end, p.line)
		}
	}
	for _, k := range commonKeys {
		if _, ok := m[k]; ok {
			return nil, nb.errAt(loc.keyLine(k), "input %q: %s belongs in a [[step]]; an input takes dataset (with table, years) or file (with sha256)", name, k)
		}
	}
	spec := &Spec{ID: name, Kind: "table", Out: []string{name}, Index: -1, Line: line, Digits: 4}
	return nb.build(spec, loc, m, true)
}

// stepEntry makes step k from its keys.
func (nb *Notebook) stepEntry(k int, m map[string]any) (*entry, error) {
	loc := nb.loc.step(k)
	spec := &Spec{Index: k, Line: loc.line, Digits: 4}
	str := func(key string) (string, error) {
		v, ok := m[key]
		if !ok {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", nb.errAt(loc.keyLine(key), "step %d: %s must be a string", k+1, key)
		}
		return s, nil
	}
	list := func(key string) ([]string, error) {
		switch v := m[key].(type) {
		case nil:
			return nil, nil
		case string:
			return []string{v}, nil
		case []any:
			out := make([]string, len(v))
			for i, x := range v {
				s, ok := x.(string)
				if !ok {
					return nil, nb.errAt(loc.keyLine(key), "step %d: %s must be a name or a list of names", k+1, key)
				}
				out[i] = s
			}
			return out, nil
		}
		return nil, nb.errAt(loc.keyLine(key), "step %d: %s must be a name or a list of names", k+1, key)
	}
	var err error
	if spec.ID, err = str("id"); err != nil {
		return nil, err
	}
	if spec.ID == "" {
		return nil, nb.errAt(loc.line, "step %d: missing id (a unique name, such as id = \"counts\")", k+1)
	}
	if !nameRE.MatchString(spec.ID) {
		return nil, nb.errAt(loc.keyLine("id"), "step id %q: use letters, digits, _ . and -, starting with a letter or digit", spec.ID)
	}
	if spec.Kind, err = str("run"); err != nil {
		return nil, err
	}
	if spec.Kind == "" {
		return nil, nb.errAt(loc.line, "step %q: missing run (the step kind: %s)", spec.ID, strings.Join(Kinds(), ", "))
	}
	if _, ok := kinds[spec.Kind]; !ok {
		hint := ""
		if s := closest(spec.Kind, Kinds()); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		return nil, nb.errAt(loc.keyLine("run"), "step %q: unknown step kind %q%s (kinds: %s)", spec.ID, spec.Kind, hint, strings.Join(Kinds(), ", "))
	}
	if _, both := m["inputs"]; both {
		if _, ok := m["in"]; ok {
			return nil, nb.errAt(loc.keyLine("inputs"), "step %q: give in or inputs, not both", spec.ID)
		}
	}
	inKey := "in"
	if _, ok := m["inputs"]; ok {
		inKey = "inputs"
	}
	if spec.In, err = list(inKey); err != nil {
		return nil, err
	}
	if spec.Out, err = list("out"); err != nil {
		return nil, err
	}
	if spec.Text, err = str("text"); err != nil {
		return nil, err
	}
	if v, ok := m["show"]; ok {
		b, ok := v.(bool)
		if !ok {
			return nil, nb.errAt(loc.keyLine("show"), "step %q: show must be true or false", spec.ID)
		}
		spec.Show = &b
	}
	if v, ok := m["digits"]; ok {
		d, ok := v.(int64)
		if !ok || d < 1 || d > 17 {
			return nil, nb.errAt(loc.keyLine("digits"), "step %q: digits must be a whole number from 1 to 17 (significant digits)", spec.ID)
		}
		spec.Digits = int(d)
	}
	rest := map[string]any{}
	for key, v := range m {
		common := false
		for _, c := range commonKeys {
			common = common || key == c
		}
		if !common {
			rest[key] = v
		}
	}
	return nb.build(spec, loc, rest, false)
}

// build runs the kind's factory on the kind-specific keys m and checks
// that every key was used and that output names are usable.
func (nb *Notebook) build(spec *Spec, loc *stepLoc, m map[string]any, input bool) (*entry, error) {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(m); err != nil {
		return nil, nb.errAt(loc.line, "%s: %v", nb.stepName(spec), err)
	}
	var probe map[string]any
	md, err := toml.Decode(buf.String(), &probe)
	if err != nil {
		return nil, nb.errAt(loc.line, "%s: %v", nb.stepName(spec), err)
	}
	p := &Params{nb: nb, spec: spec, loc: loc, raw: m, text: buf.String(), decoded: map[string]bool{}, known: map[string]bool{}}
	for _, k := range md.Keys() {
		p.all = append(p.all, k.String())
	}
	st, err := kinds[spec.Kind].factory(spec, p)
	if err != nil {
		return nil, err
	}
	if err := p.unknown(); err != nil {
		return nil, err
	}
	outLine := loc.keyLine("out")
	if len(spec.Out) != len(st.Outputs()) {
		panic(fmt.Sprintf("notebooks: kind %s declares %d outputs for %d names", spec.Kind, len(st.Outputs()), len(spec.Out)))
	}
	for _, o := range st.Outputs() {
		if strings.ContainsAny(o.Name, `/\`) || strings.Contains(o.Name, "..") {
			return nil, nb.errAt(outLine, "%s: output %q would be written outside the notebook's output folder: an output is a plain name such as \"counts\"", nb.stepName(spec), o.Name)
		}
		if !nameRE.MatchString(o.Name) {
			return nil, nb.errAt(outLine, "%s: output name %q: use letters, digits, _ . and -, starting with a letter or digit", nb.stepName(spec), o.Name)
		}
	}
	return &entry{spec: spec, step: st, loc: loc, params: m, input: input}, nil
}

// checkGraph checks that every table a step reads is made by exactly one
// input or step, and that steps do not form a cycle.
func (nb *Notebook) checkGraph() error {
	maker := map[string]*entry{}
	var names []string
	for _, e := range nb.entries {
		for _, o := range e.step.Outputs() {
			if prev, dup := maker[o.Name]; dup {
				return nb.errAt(e.loc.keyLine("out"), "%s: %q is also made by %s (line %d): each table or figure has one maker", nb.stepName(e.spec), o.Name, nb.stepName(prev.spec), prev.spec.Line)
			}
			maker[o.Name] = e
			names = append(names, o.Name)
		}
	}
	sort.Strings(names)
	deps := map[*entry][]*entry{}
	for _, e := range nb.entries {
		for _, in := range e.step.Inputs() {
			m, ok := maker[in]
			if !ok {
				line := e.loc.keyLine("in")
				if e.loc.keys["inputs"] != nil {
					line = e.loc.keyLine("inputs")
				}
				found := false
				for _, x := range e.spec.In {
					found = found || x == in
				}
				if !found {
					line = nb.loc.findLine(e.loc, strconv.Quote(in))
				}
				hint := ""
				if s := closest(in, names); s != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", s)
				}
				return nb.errAt(line, "%s: table %q is not defined%s: tables are the [inputs] and the outputs of steps (%s)", nb.stepName(e.spec), in, hint, strings.Join(names, ", "))
			}
			for _, o := range m.step.Outputs() {
				if o.Name == in && o.Kind != TableOutput {
					what := "a figure"
					if o.Kind == DocumentOutput {
						what = "a document (a paper table written as text)"
					}
					return nb.errAt(e.loc.keyLine("in"), "%s: %q is %s, not a table", nb.stepName(e.spec), in, what)
				}
			}
			deps[e] = append(deps[e], m)
		}
	}
	// Depth-first search for a cycle, in file order so the message is
	// stable.
	const (
		white = iota
		grey
		black
	)
	color := map[*entry]int{}
	var stack []*entry
	var visit func(e *entry) error
	visit = func(e *entry) error {
		color[e] = grey
		stack = append(stack, e)
		for _, d := range deps[e] {
			switch color[d] {
			case grey:
				i := len(stack) - 1
				for stack[i] != d {
					i--
				}
				var parts []string
				for _, s := range stack[i:] {
					parts = append(parts, fmt.Sprintf("%s (line %d)", s.spec.ID, s.spec.Line))
				}
				parts = append(parts, d.spec.ID)
				return nb.errAt(d.spec.Line, "steps form a cycle, each reading the next one's output: %s", strings.Join(parts, " <- "))
			case white:
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[e] = black
		return nil
	}
	for _, e := range nb.entries {
		if color[e] == white {
			if err := visit(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// producers returns, for each entry, the entries whose outputs it reads.
func (nb *Notebook) producers() map[*entry][]*entry {
	maker := map[string]*entry{}
	for _, e := range nb.entries {
		for _, o := range e.step.Outputs() {
			maker[o.Name] = e
		}
	}
	deps := map[*entry][]*entry{}
	for _, e := range nb.entries {
		seen := map[*entry]bool{}
		for _, in := range e.step.Inputs() {
			if m := maker[in]; !seen[m] {
				seen[m] = true
				deps[e] = append(deps[e], m)
			}
		}
	}
	return deps
}

// tableNames returns every table name of the notebook.
func (nb *Notebook) tableNames() map[string]bool {
	out := map[string]bool{}
	for _, e := range nb.entries {
		for _, o := range e.step.Outputs() {
			if o.Kind == TableOutput {
				out[o.Name] = true
			}
		}
	}
	return out
}
