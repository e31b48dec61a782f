package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// cols checks the columns one chart reads from one table and reports what
// is wrong in terms a user can act on: the chart kind, the option that named
// the column, the columns that do exist, and the first offending value.
type cols struct {
	kind string // chart kind, for messages
	what string // "table", "edge table", "node table"
	t    *table.Table
}

func newCols(kind, what string, t *table.Table) (*cols, error) {
	if t == nil {
		return nil, fmt.Errorf("plots: %s: no %s given", kind, what)
	}
	if t.NumRows() == 0 {
		return nil, fmt.Errorf("plots: %s: the %s is empty (no rows)", kind, what)
	}
	return &cols{kind: kind, what: what, t: t}, nil
}

func (c *cols) errorf(format string, args ...any) error {
	return fmt.Errorf("plots: %s: "+format, append([]any{c.kind}, args...)...)
}

// An OptionError is an option a chart cannot be drawn with whatever the
// table holds: a required option left empty, a value outside the ones the
// option takes, or options that must go together. A command line reports
// it as a usage error; other errors of Render and Save are about the
// tables.
type OptionError struct {
	Kind   string // chart kind, such as "timeseries"; empty for a Page field
	Option string // option name as in the TOML notebook, such as "y" or "bin_width"
	Msg    string
}

func (e *OptionError) Error() string {
	if e.Kind == "" {
		return fmt.Sprintf("plots: %s: %s", e.Option, e.Msg)
	}
	return fmt.Sprintf("plots: %s: option %s: %s", e.Kind, e.Option, e.Msg)
}

// optionErrorf returns an *OptionError for option opt.
func (c *cols) optionErrorf(opt, format string, args ...any) error {
	return &OptionError{Kind: c.kind, Option: opt, Msg: fmt.Sprintf(format, args...)}
}

// required is the error for a required column option left empty; what
// says what the column holds, such as "the values".
func (c *cols) required(opt, what string) error {
	if what == "" {
		what = "the data"
	}
	return c.optionErrorf(opt, "is required: name the column of %s (columns of the %s: %s)", what, c.what, strings.Join(c.t.Names(), ", "))
}

// col returns the column called name, for the option opt.
func (c *cols) col(opt, name string) (*table.Column, error) {
	if name == "" {
		return nil, c.required(opt, "")
	}
	col := c.t.Col(name)
	if col == nil {
		return nil, c.errorf("option %s: the %s has no column %q (columns: %s)", opt, c.what, name, strings.Join(c.t.Names(), ", "))
	}
	return col, nil
}

// numeric returns the column called name, which must hold numbers (int or
// float) and at least one that is not missing.
func (c *cols) numeric(opt, name string) (*table.Column, error) {
	col, err := c.col(opt, name)
	if err != nil {
		return nil, err
	}
	switch col.Type {
	case table.Int, table.Float:
	case table.String:
		for i, s := range col.Strings {
			if col.IsMissing(i) {
				continue
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
				return nil, c.errorf("option %s: column %q must hold numbers, but data row %d holds %q", opt, name, i+1, clip(s))
			}
		}
		return nil, c.errorf("option %s: column %q must hold numbers, but it holds text", opt, name)
	default:
		return nil, c.errorf("option %s: column %q must hold numbers, but it holds %s values", opt, name, col.Type)
	}
	for i := 0; i < col.Len(); i++ {
		if v, ok := col.Float64(i); ok {
			if math.IsInf(v, 0) {
				return nil, c.errorf("option %s: column %q: data row %d is infinite", opt, name, i+1)
			}
			return col, nil
		}
	}
	return nil, c.errorf("option %s: column %q has no non-missing values", opt, name)
}

// optional is numeric for an option that may be left empty.
func (c *cols) optionalNumeric(opt, name string) (*table.Column, error) {
	if name == "" {
		return nil, nil
	}
	return c.numeric(opt, name)
}

// key returns a column used to group or name rows: any type, read with
// Column.Format; a missing value is an error.
func (c *cols) key(opt, name string) (*table.Column, error) {
	col, err := c.col(opt, name)
	if err != nil {
		return nil, err
	}
	for i := 0; i < col.Len(); i++ {
		if col.IsMissing(i) {
			return nil, c.errorf("option %s: column %q is missing at data row %d", opt, name, i+1)
		}
	}
	return col, nil
}

func (c *cols) optionalKey(opt, name string) (*table.Column, error) {
	if name == "" {
		return nil, nil
	}
	return c.key(opt, name)
}

// flag returns a bool column (or an int column of 0 and 1).
func (c *cols) flag(opt, name string) (*table.Column, error) {
	col, err := c.col(opt, name)
	if err != nil {
		return nil, err
	}
	switch col.Type {
	case table.Bool:
		return col, nil
	case table.Int:
		for i, v := range col.Ints {
			if !col.IsMissing(i) && v != 0 && v != 1 {
				return nil, c.errorf("option %s: column %q must hold true/false (or 0/1), but data row %d holds %d", opt, name, i+1, v)
			}
		}
		return col, nil
	}
	return nil, c.errorf("option %s: column %q must hold true/false values, but it holds %s", opt, name, col.Type)
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// levels returns the distinct values of a key column in order of first
// appearance, and each row's level index.
func levels(col *table.Column) (names []string, idx []int) {
	seen := map[string]int{}
	idx = make([]int, col.Len())
	for i := range idx {
		k := col.Format(i)
		j, ok := seen[k]
		if !ok {
			j = len(names)
			seen[k] = j
			names = append(names, k)
		}
		idx[i] = j
	}
	return names, idx
}

// isInteger reports whether every non-missing value of a numeric column is
// an integer.
func isInteger(col *table.Column) bool {
	if col.Type == table.Int {
		return true
	}
	for i := 0; i < col.Len(); i++ {
		if v, ok := col.Float64(i); ok && v != math.Trunc(v) {
			return false
		}
	}
	return true
}

// axisTitle joins a label and a unit as "Label (unit)".
func axisTitle(label, unit, fallback string) string {
	if label == "" {
		label = fallback
	}
	if unit != "" {
		return label + " (" + unit + ")"
	}
	return label
}

func joinNames(t *table.Table) string { return strings.Join(t.Names(), ", ") }

// optionalKeyMissingOK is optionalKey for a column whose missing values the
// caller handles (a node with no category).
func (c *cols) optionalKeyMissingOK(opt, name string) (*table.Column, error) {
	if name == "" {
		return nil, nil
	}
	return c.col(opt, name)
}
