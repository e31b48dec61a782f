package tidy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Op is one operation of a pipeline as a notebook writes it: a TOML table
// with exactly one verb key, plus that verb's options. Every field is a
// pointer so that an absent key can be told from an empty value.
//
//	{ filter = "year >= 1990 and ccode in [710, 750]" }
//	{ select = ["ccode", "year", "full"] }         (or ["-missing"] to drop)
//	{ rename = { members = "any" } }                (new = "old")
//	{ mutate = ["members = full + associate", "share = full / members"] }
//	{ summarise = ["n = n()", "mean_full = mean(full)"], group_by = ["year"], na_rm = false }
//	{ count = ["year"], name = "states" }           (count = [] counts all rows)
//	{ left_join = "names", by = ["ccode", "year"] } (also inner_join; "a=b" keys)
//	{ sort = ["year", "-members"] }                 (- for descending)
//	{ head = 3, group_by = ["year"] }               (first 3 rows per year)
//	{ pivot_longer = ["igos", "states"], names_to = "series", values_to = "n" }
//	{ bind_rows = ["other", "another"] }
//
// Why TOML tables rather than a one-line language per verb: TOML already
// gives lists, strings and key names with line numbers and strict
// checking, so the only new syntax to learn (and to parse) is the
// expression language of filter, mutate and summarise.
type Op struct {
	Filter      *string            `toml:"filter"`
	Select      *[]string          `toml:"select"`
	Rename      *map[string]string `toml:"rename"`
	Mutate      *[]string          `toml:"mutate"`
	Summarise   *[]string          `toml:"summarise"`
	Count       *[]string          `toml:"count"`
	LeftJoin    *string            `toml:"left_join"`
	InnerJoin   *string            `toml:"inner_join"`
	Sort        *[]string          `toml:"sort"`
	Head        *int               `toml:"head"`
	PivotLonger *[]string          `toml:"pivot_longer"`
	BindRows    *[]string          `toml:"bind_rows"`

	// Options.
	GroupBy  *[]string `toml:"group_by"`  // summarise, head
	NaRm     *bool     `toml:"na_rm"`     // summarise (default false)
	Name     *string   `toml:"name"`      // count (default "n")
	By       *[]string `toml:"by"`        // left_join, inner_join
	NamesTo  *string   `toml:"names_to"`  // pivot_longer (default "name")
	ValuesTo *string   `toml:"values_to"` // pivot_longer (default "value")
}

// Verbs lists the verb keys of an Op.
var Verbs = []string{"filter", "select", "rename", "mutate", "summarise", "count", "left_join", "inner_join", "sort", "head", "pivot_longer", "bind_rows"}

// optionsOf lists the options each verb takes.
var optionsOf = map[string][]string{
	"summarise":    {"group_by", "na_rm"},
	"count":        {"name"},
	"left_join":    {"by"},
	"inner_join":   {"by"},
	"head":         {"group_by"},
	"pivot_longer": {"names_to", "values_to"},
}

// set returns the keys of o that are present, verbs first, in the order of
// Verbs, then options.
func (o *Op) set() (verbs, opts []string) {
	present := map[string]bool{
		"filter": o.Filter != nil, "select": o.Select != nil, "rename": o.Rename != nil,
		"mutate": o.Mutate != nil, "summarise": o.Summarise != nil, "count": o.Count != nil,
		"left_join": o.LeftJoin != nil, "inner_join": o.InnerJoin != nil, "sort": o.Sort != nil,
		"head": o.Head != nil, "pivot_longer": o.PivotLonger != nil, "bind_rows": o.BindRows != nil,
	}
	for _, v := range Verbs {
		if present[v] {
			verbs = append(verbs, v)
		}
	}
	for _, kv := range []struct {
		k  string
		on bool
	}{{"group_by", o.GroupBy != nil}, {"na_rm", o.NaRm != nil}, {"name", o.Name != nil}, {"by", o.By != nil},
		{"names_to", o.NamesTo != nil}, {"values_to", o.ValuesTo != nil}} {
		if kv.on {
			opts = append(opts, kv.k)
		}
	}
	return verbs, opts
}

// OpError is an error in operation Index (0-based) of a pipeline.
type OpError struct {
	Index int
	Verb  string // "" when the operation has no single verb
	Err   error
}

func (e *OpError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "tidy: ")
	if e.Verb == "" {
		return fmt.Sprintf("tidy: operation %d: %s", e.Index+1, msg)
	}
	return fmt.Sprintf("tidy: operation %d (%s): %s", e.Index+1, e.Verb, msg)
}

func (e *OpError) Unwrap() error { return e.Err }

// Pipeline is a checked list of operations.
type Pipeline struct {
	ops []compiled
}

type compiled struct {
	verb string
	op   Op
	cond *Expr // filter
	defs []Def // mutate, summarise
}

// Compile checks ops: each has exactly one verb, only that verb's options,
// and well-formed expressions. It reads no table, so a notebook can check
// every pipeline before computing anything.
func Compile(ops []Op) (*Pipeline, error) {
	p := &Pipeline{}
	for k, o := range ops {
		verbs, opts := o.set()
		if len(verbs) != 1 {
			err := fmt.Errorf("expected exactly one verb (%s), found %d: %s", strings.Join(Verbs, ", "), len(verbs), strings.Join(verbs, ", "))
			if len(verbs) == 0 {
				err = fmt.Errorf("no verb: expected one of %s", strings.Join(Verbs, ", "))
			}
			return nil, &OpError{Index: k, Err: err}
		}
		v := verbs[0]
		fail := func(format string, args ...any) error {
			return &OpError{Index: k, Verb: v, Err: fmt.Errorf(format, args...)}
		}
		allowed := map[string]bool{}
		for _, a := range optionsOf[v] {
			allowed[a] = true
		}
		for _, a := range opts {
			if !allowed[a] {
				if len(optionsOf[v]) == 0 {
					return nil, fail("%s takes no option %s", v, a)
				}
				return nil, fail("%s takes no option %s (its options: %s)", v, a, strings.Join(optionsOf[v], ", "))
			}
		}
		c := compiled{verb: v, op: o}
		var err error
		switch v {
		case "filter":
			if c.cond, err = Parse(*o.Filter); err != nil {
				return nil, &OpError{Index: k, Verb: v, Err: err}
			}
		case "mutate", "summarise":
			list := o.Mutate
			if v == "summarise" {
				list = o.Summarise
			}
			if len(*list) == 0 {
				return nil, fail("no definitions: expected a list such as [\"x = a + b\"]")
			}
			for _, s := range *list {
				d, err := ParseDef(s)
				if err != nil {
					return nil, &OpError{Index: k, Verb: v, Err: err}
				}
				if v == "summarise" {
					if cl, ok := d.Expr.root.(*call); !ok || !aggregates[cl.fn] {
						return nil, fail("%q: expected a summary such as mean(x) (%s)", s, summaryNames)
					}
				}
				c.defs = append(c.defs, d)
			}
		case "select", "sort", "pivot_longer", "bind_rows":
			if len(*pick(o, v)) == 0 {
				return nil, fail("an empty list: name at least one column or table")
			}
		case "rename":
			if len(*o.Rename) == 0 {
				return nil, fail("an empty table: write rename = { new = \"old\" }")
			}
		case "head":
			if *o.Head < 0 {
				return nil, fail("head = %d: want 0 or more rows", *o.Head)
			}
		case "left_join", "inner_join":
			if o.By == nil || len(*o.By) == 0 {
				return nil, fail("by is required: the key columns, such as by = [\"ccode\", \"year\"]")
			}
		}
		p.ops = append(p.ops, c)
	}
	return p, nil
}

// pick returns the list-valued verb field v of o.
func pick(o Op, v string) *[]string {
	switch v {
	case "select":
		return o.Select
	case "sort":
		return o.Sort
	case "pivot_longer":
		return o.PivotLonger
	case "bind_rows":
		return o.BindRows
	}
	return nil
}

// Tables returns the names of the other tables the pipeline reads (by
// joins and bind_rows), sorted and without duplicates.
func (p *Pipeline) Tables() []string {
	seen := map[string]bool{}
	for _, c := range p.ops {
		switch c.verb {
		case "left_join":
			seen[*c.op.LeftJoin] = true
		case "inner_join":
			seen[*c.op.InnerJoin] = true
		case "bind_rows":
			for _, n := range *c.op.BindRows {
				seen[n] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Len returns the number of operations.
func (p *Pipeline) Len() int { return len(p.ops) }

// Expr returns the source text of the expressions in operation k (the
// filter condition, or the mutate or summarise definitions), for callers
// that locate an operation in a file.
func (p *Pipeline) Expr(k int) []string {
	c := p.ops[k]
	switch c.verb {
	case "filter":
		return []string{c.cond.Source()}
	case "mutate", "summarise":
		out := make([]string, len(c.defs))
		for i, d := range c.defs {
			out[i] = d.Expr.Source()
		}
		return out
	}
	return nil
}

// Run applies the pipeline to t. tables returns the other tables named by
// joins and bind_rows (see Tables).
func (p *Pipeline) Run(t *table.Table, tables func(name string) (*table.Table, error)) (*table.Table, error) {
	cur := t
	for k, c := range p.ops {
		next, err := c.apply(cur, tables)
		if err != nil {
			return nil, &OpError{Index: k, Verb: c.verb, Err: err}
		}
		cur = next
	}
	return cur, nil
}

func (c *compiled) apply(t *table.Table, tables func(string) (*table.Table, error)) (*table.Table, error) {
	o := c.op
	str := func(p *string, def string) string {
		if p == nil {
			return def
		}
		return *p
	}
	list := func(p *[]string) []string {
		if p == nil {
			return nil
		}
		return *p
	}
	switch c.verb {
	case "filter":
		return Filter(t, c.cond)
	case "select":
		return Select(t, *o.Select)
	case "rename":
		return Rename(t, *o.Rename)
	case "mutate":
		return Mutate(t, c.defs)
	case "summarise":
		return Summarise(t, list(o.GroupBy), c.defs, o.NaRm != nil && *o.NaRm)
	case "count":
		return Count(t, *o.Count, str(o.Name, "n"))
	case "left_join", "inner_join":
		name, how := str(o.LeftJoin, ""), LeftJoin
		if c.verb == "inner_join" {
			name, how = *o.InnerJoin, InnerJoin
		}
		right, err := tables(name)
		if err != nil {
			return nil, err
		}
		return Join(t, right, *o.By, how)
	case "sort":
		return Sort(t, *o.Sort)
	case "head":
		return Head(t, *o.Head, list(o.GroupBy))
	case "pivot_longer":
		return PivotLonger(t, *o.PivotLonger, str(o.NamesTo, ""), str(o.ValuesTo, ""))
	case "bind_rows":
		all := []*table.Table{t}
		for _, n := range *o.BindRows {
			other, err := tables(n)
			if err != nil {
				return nil, err
			}
			all = append(all, other)
		}
		return BindRows(all...)
	}
	panic("tidy: unknown verb " + c.verb)
}

// String describes operation k in words, for a methods paragraph.
func (p *Pipeline) String() string {
	parts := make([]string, len(p.ops))
	for k, c := range p.ops {
		o := c.op
		switch c.verb {
		case "filter":
			parts[k] = "kept the rows where " + c.cond.Source()
		case "select":
			parts[k] = "selected " + strings.Join(*o.Select, ", ")
		case "rename":
			parts[k] = "renamed columns"
		case "mutate":
			parts[k] = "computed " + defList(c.defs)
		case "summarise":
			parts[k] = "summarised " + defList(c.defs)
			if o.GroupBy != nil && len(*o.GroupBy) > 0 {
				parts[k] += " by " + strings.Join(*o.GroupBy, ", ")
			}
			if o.NaRm != nil && *o.NaRm {
				parts[k] += " (skipping missing values)"
			}
		case "count":
			parts[k] = "counted rows"
			if len(*o.Count) > 0 {
				parts[k] += " by " + strings.Join(*o.Count, ", ")
			}
		case "left_join", "inner_join":
			name := o.LeftJoin
			if name == nil {
				name = o.InnerJoin
			}
			parts[k] = strings.Replace(c.verb, "_", "-", 1) + "ed " + *name + " on " + strings.Join(*o.By, ", ")
		case "sort":
			parts[k] = "sorted by " + strings.Join(*o.Sort, ", ")
		case "head":
			parts[k] = fmt.Sprintf("kept the first %d rows", *o.Head)
			if o.GroupBy != nil && len(*o.GroupBy) > 0 {
				parts[k] += " per " + strings.Join(*o.GroupBy, ", ")
			}
		case "pivot_longer":
			parts[k] = "stacked " + strings.Join(*o.PivotLonger, ", ") + " into rows"
		case "bind_rows":
			parts[k] = "appended the rows of " + strings.Join(*o.BindRows, ", ")
		}
	}
	return strings.Join(parts, "; ")
}

func defList(defs []Def) string {
	s := make([]string, len(defs))
	for i, d := range defs {
		s[i] = d.Name + " = " + strings.TrimSpace(d.Expr.Source())
	}
	return strings.Join(s, ", ")
}
