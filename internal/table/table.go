// Package table is repnet's one in-memory table type: a tidy, columnar table
// with typed columns, explicit missing values and provenance metadata. Every
// loader returns one, every analysis consumes and produces them, and one set
// of writers (CSV, Parquet, Markdown) turns them into files.
//
// Missing is never zero: each column carries a missing mask. A float column
// also stores NaN at its missing positions, so numerical code may test
// either; the mask is authoritative for the writers.
//
// Write and WriteFile produce CSV, Parquet or Markdown whose bytes depend
// only on the table and the options: no timestamps, host names or map
// order, and the same output under any GOMAXPROCS. WriteFile replaces its
// file atomically. Parquet files also carry the table's Sources and Meta
// and the command line that made them, and ReadParquet restores them;
// ReadCSV infers column types from the text. ReadFile reads either kind of
// file by its extension.
package table

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Type is the type of a column's values.
type Type uint8

// Column types. Ints are 64-bit signed integers, Floats IEEE 754 doubles,
// Strings UTF-8 text, Bools true or false.
const (
	Int Type = iota + 1
	Float
	String
	Bool
)

func (t Type) String() string {
	switch t {
	case Int:
		return "int"
	case Float:
		return "float"
	case String:
		return "string"
	case Bool:
		return "bool"
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Column is one named, typed column. Exactly one of Ints, Floats, Strings or
// Bools is used, according to Type. Missing is nil when no value is missing;
// otherwise it has one entry per row, true where the value is missing.
type Column struct {
	Name    string
	Type    Type
	Ints    []int64
	Floats  []float64
	Strings []string
	Bools   []bool
	Missing []bool
}

// Len returns the number of rows in c.
func (c *Column) Len() int {
	switch c.Type {
	case Int:
		return len(c.Ints)
	case Float:
		return len(c.Floats)
	case String:
		return len(c.Strings)
	case Bool:
		return len(c.Bools)
	}
	return 0
}

// IsMissing reports whether row i of c is missing.
func (c *Column) IsMissing(i int) bool {
	return c.Missing != nil && c.Missing[i]
}

// HasMissing reports whether any row of c is missing.
func (c *Column) HasMissing() bool {
	for _, m := range c.Missing {
		if m {
			return true
		}
	}
	return false
}

// SetMissing marks row i of c as missing. For a float column the stored
// value becomes NaN; for other types the stored value is zeroed.
func (c *Column) SetMissing(i int) {
	if c.Missing == nil {
		c.Missing = make([]bool, c.Len())
	}
	c.Missing[i] = true
	switch c.Type {
	case Int:
		c.Ints[i] = 0
	case Float:
		c.Floats[i] = math.NaN()
	case String:
		c.Strings[i] = ""
	case Bool:
		c.Bools[i] = false
	}
}

// Float64 returns row i of c as a float64, and false when it is missing or
// the column is not numeric. Bools convert to 0 and 1.
func (c *Column) Float64(i int) (float64, bool) {
	if c.IsMissing(i) {
		return math.NaN(), false
	}
	switch c.Type {
	case Int:
		return float64(c.Ints[i]), true
	case Float:
		v := c.Floats[i]
		return v, !math.IsNaN(v)
	case Bool:
		if c.Bools[i] {
			return 1, true
		}
		return 0, true
	}
	return math.NaN(), false
}

// Format returns row i of c as text: the empty string when missing,
// integers in base 10, floats in the shortest representation that
// round-trips ('g' format with -1 precision is avoided in favour of
// strconv's shortest 'f'/'e' choice, see FormatFloat), bools as true/false.
func (c *Column) Format(i int) string {
	if c.IsMissing(i) {
		return ""
	}
	switch c.Type {
	case Int:
		return fmtInt(c.Ints[i])
	case Float:
		return FormatFloat(c.Floats[i])
	case String:
		return c.Strings[i]
	case Bool:
		if c.Bools[i] {
			return "true"
		}
		return "false"
	}
	return ""
}

// NewInt returns an int column holding vals, with no missing values.
func NewInt(name string, vals []int64) *Column {
	return &Column{Name: name, Type: Int, Ints: vals}
}

// NewFloat returns a float column holding vals; NaN entries are marked
// missing.
func NewFloat(name string, vals []float64) *Column {
	c := &Column{Name: name, Type: Float, Floats: vals}
	for i, v := range vals {
		if math.IsNaN(v) {
			if c.Missing == nil {
				c.Missing = make([]bool, len(vals))
			}
			c.Missing[i] = true
		}
	}
	return c
}

// NewString returns a string column holding vals, with no missing values.
func NewString(name string, vals []string) *Column {
	return &Column{Name: name, Type: String, Strings: vals}
}

// NewBool returns a bool column holding vals, with no missing values.
func NewBool(name string, vals []bool) *Column {
	return &Column{Name: name, Type: Bool, Bools: vals}
}

// WithMissing sets c's missing mask to missing (which must have c.Len()
// entries, or be nil) and returns c. Values at missing positions are reset
// as by SetMissing.
func (c *Column) WithMissing(missing []bool) *Column {
	if missing != nil && len(missing) != c.Len() {
		panic(fmt.Sprintf("table: missing mask of length %d for column %q of length %d", len(missing), c.Name, c.Len()))
	}
	c.Missing = nil
	for i, m := range missing {
		if m {
			c.SetMissing(i)
		}
	}
	return c
}

// Source records one input a table was derived from.
type Source struct {
	Dataset string // registry id of a bundled dataset, or "" for a user's own file
	File    string // file name within the dataset, or the base name of the user's file
	Path    string // where the bytes came from: "embedded:ID/FILE" or a filesystem path
	SHA256  string // hex sha256 of the bytes read
}

// Table is an ordered list of equally long columns plus provenance.
// Sources lists every input the table was derived from; Meta holds further
// key-value metadata (such as the coding rule used), written in key order to
// Parquet file metadata.
type Table struct {
	Columns []*Column
	Sources []Source
	Meta    map[string]string
}

// New returns a table of the given columns. It panics if the columns differ
// in length or two share a name: both are programming errors.
func New(cols ...*Column) *Table {
	t := &Table{Columns: cols}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if c.Len() != cols[0].Len() {
			panic(fmt.Sprintf("table: column %q has %d rows, column %q has %d", c.Name, c.Len(), cols[0].Name, cols[0].Len()))
		}
		if seen[c.Name] {
			panic(fmt.Sprintf("table: duplicate column name %q", c.Name))
		}
		seen[c.Name] = true
	}
	return t
}

// NumRows returns the number of rows of t.
func (t *Table) NumRows() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return t.Columns[0].Len()
}

// Names returns the column names of t in order.
func (t *Table) Names() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// Col returns the column called name, or nil.
func (t *Table) Col(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// MustCol returns the column called name and checks its type; it returns an
// error naming the available columns when there is none.
func (t *Table) MustCol(name string, types ...Type) (*Column, error) {
	c := t.Col(name)
	if c == nil {
		return nil, fmt.Errorf("no column %q (columns: %s)", name, strings.Join(t.Names(), ", "))
	}
	if len(types) == 0 {
		return c, nil
	}
	for _, ty := range types {
		if c.Type == ty {
			return c, nil
		}
	}
	want := make([]string, len(types))
	numeric := false
	for i, ty := range types {
		want[i] = ty.String()
		numeric = numeric || ty == Int || ty == Float
	}
	if c.Type == String && numeric {
		// A CSV column reads as text when any one value is not a number:
		// say which, so that the user can find it.
		for i, v := range c.Strings {
			if c.IsMissing(i) {
				continue
			}
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return nil, fmt.Errorf("column %q is %s, expected %s: the first value that is not a number is %q, in data row %d (line %d of a CSV file)", name, c.Type, strings.Join(want, " or "), v, i+1, i+2)
			}
		}
	}
	return nil, fmt.Errorf("column %q is %s, expected %s", name, c.Type, strings.Join(want, " or "))
}

// SetMeta sets metadata key k to v.
func (t *Table) SetMeta(k, v string) {
	if t.Meta == nil {
		t.Meta = make(map[string]string)
	}
	t.Meta[k] = v
}

// AddSources appends srcs to t's sources, skipping duplicates, and keeps
// them sorted by dataset and file so output does not depend on the order in
// which inputs were read.
func (t *Table) AddSources(srcs ...Source) {
	for _, s := range srcs {
		dup := false
		for _, o := range t.Sources {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			t.Sources = append(t.Sources, s)
		}
	}
	sort.Slice(t.Sources, func(i, j int) bool {
		a, b := t.Sources[i], t.Sources[j]
		if a.Dataset != b.Dataset {
			return a.Dataset < b.Dataset
		}
		return a.File < b.File
	})
}

// Take returns a new table holding rows idx of t, in that order, with t's
// sources and metadata.
func (t *Table) Take(idx []int) *Table {
	cols := make([]*Column, len(t.Columns))
	for j, c := range t.Columns {
		cols[j] = c.Take(idx)
	}
	out := New(cols...)
	out.Sources = append([]Source(nil), t.Sources...)
	for k, v := range t.Meta {
		out.SetMeta(k, v)
	}
	return out
}

// Take returns a new column holding rows idx of c.
func (c *Column) Take(idx []int) *Column {
	out := &Column{Name: c.Name, Type: c.Type}
	switch c.Type {
	case Int:
		out.Ints = make([]int64, len(idx))
		for i, k := range idx {
			out.Ints[i] = c.Ints[k]
		}
	case Float:
		out.Floats = make([]float64, len(idx))
		for i, k := range idx {
			out.Floats[i] = c.Floats[k]
		}
	case String:
		out.Strings = make([]string, len(idx))
		for i, k := range idx {
			out.Strings[i] = c.Strings[k]
		}
	case Bool:
		out.Bools = make([]bool, len(idx))
		for i, k := range idx {
			out.Bools[i] = c.Bools[k]
		}
	}
	if c.Missing != nil {
		out.Missing = make([]bool, len(idx))
		for i, k := range idx {
			out.Missing[i] = c.Missing[k]
		}
	}
	return out
}

// Filter returns the rows of t for which keep is true.
func (t *Table) Filter(keep func(i int) bool) *Table {
	var idx []int
	for i := 0; i < t.NumRows(); i++ {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	return t.Take(idx)
}

// SortBy returns t sorted by the named columns, ascending, with missing
// values last. The sort is stable, so equal keys keep their order.
func (t *Table) SortBy(names ...string) (*Table, error) {
	keys := make([]*Column, len(names))
	for i, n := range names {
		c := t.Col(n)
		if c == nil {
			return nil, fmt.Errorf("table: sort: no column %q", n)
		}
		keys[i] = c
	}
	idx := make([]int, t.NumRows())
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		for _, c := range keys {
			if r := compare(c, ia, ib); r != 0 {
				return r < 0
			}
		}
		return false
	})
	return t.Take(idx), nil
}

func compare(c *Column, a, b int) int {
	ma, mb := c.IsMissing(a), c.IsMissing(b)
	switch {
	case ma && mb:
		return 0
	case ma:
		return 1
	case mb:
		return -1
	}
	switch c.Type {
	case Int:
		return cmp3(c.Ints[a] < c.Ints[b], c.Ints[a] > c.Ints[b])
	case Float:
		return cmp3(c.Floats[a] < c.Floats[b], c.Floats[a] > c.Floats[b])
	case String:
		return strings.Compare(c.Strings[a], c.Strings[b])
	case Bool:
		return cmp3(!c.Bools[a] && c.Bools[b], c.Bools[a] && !c.Bools[b])
	}
	return 0
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// Concat returns a column holding the rows of cs in order. The columns
// must share a type (a programming error otherwise); the result takes the
// first one's name.
func Concat(cs ...*Column) *Column {
	c := &Column{Name: cs[0].Name, Type: cs[0].Type}
	anyMissing := false
	for _, x := range cs {
		if x.Type != c.Type {
			panic(fmt.Sprintf("table: concat: column %q is %s and %s", c.Name, c.Type, x.Type))
		}
		c.Ints = append(c.Ints, x.Ints...)
		c.Floats = append(c.Floats, x.Floats...)
		c.Strings = append(c.Strings, x.Strings...)
		c.Bools = append(c.Bools, x.Bools...)
		anyMissing = anyMissing || x.Missing != nil
	}
	if anyMissing {
		c.Missing = make([]bool, 0, c.Len())
		for _, x := range cs {
			for i := 0; i < x.Len(); i++ {
				c.Missing = append(c.Missing, x.IsMissing(i))
			}
		}
	}
	return c
}
