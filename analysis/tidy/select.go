package tidy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Select returns the named columns of t, in the order given. Names
// prefixed with "-" instead drop those columns and keep the others in
// their order; the two forms do not mix. A name that is not a column, or
// one given twice, is an error.
func Select(t *table.Table, names []string) (*table.Table, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("tidy: select: no columns named")
	}
	drop := strings.HasPrefix(names[0], "-")
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, "-") != drop {
			return nil, fmt.Errorf("tidy: select: %q: either name the columns to keep or, each with a -, those to drop", n)
		}
		n = strings.TrimPrefix(n, "-")
		if t.Col(n) == nil {
			return nil, fmt.Errorf("tidy: select: no column %q (columns: %s)", n, strings.Join(t.Names(), ", "))
		}
		if seen[n] {
			return nil, fmt.Errorf("tidy: select: column %q named twice", n)
		}
		seen[n] = true
	}
	var cols []*table.Column
	if drop {
		for _, c := range t.Columns {
			if !seen[c.Name] {
				cols = append(cols, c)
			}
		}
	} else {
		for _, n := range names {
			cols = append(cols, t.Col(n))
		}
	}
	return derive(t, cols), nil
}

// Rename returns t with columns renamed: newNames maps each new name to
// the old one (as dplyr's rename(new = old)). The renames happen at once,
// so two columns may swap names; a new name that clashes with a column
// kept under its name is an error.
func Rename(t *table.Table, newNames map[string]string) (*table.Table, error) {
	news := make([]string, 0, len(newNames))
	for n := range newNames {
		news = append(news, n)
	}
	sort.Strings(news)
	to := map[string]string{} // old -> new
	for _, n := range news {
		old := newNames[n]
		if t.Col(old) == nil {
			return nil, fmt.Errorf("tidy: rename %s = %s: no column %q (columns: %s)", n, old, old, strings.Join(t.Names(), ", "))
		}
		if n == "" {
			return nil, fmt.Errorf("tidy: rename: empty new name for column %q", old)
		}
		if other, dup := to[old]; dup {
			return nil, fmt.Errorf("tidy: rename: column %q renamed twice (to %q and %q)", old, other, n)
		}
		to[old] = n
	}
	cols := make([]*table.Column, len(t.Columns))
	seen := map[string]string{}
	for j, c := range t.Columns {
		nc := *c
		if n, ok := to[c.Name]; ok {
			nc.Name = n
		}
		if prev, dup := seen[nc.Name]; dup {
			return nil, fmt.Errorf("tidy: rename: two columns would be called %q (from %q and %q)", nc.Name, prev, c.Name)
		}
		seen[nc.Name] = c.Name
		cols[j] = &nc
	}
	return derive(t, cols), nil
}

// derive returns a table of cols with t's sources and metadata.
func derive(t *table.Table, cols []*table.Column) *table.Table {
	out := table.New(cols...)
	out.Sources = append([]table.Source(nil), t.Sources...)
	for k, v := range t.Meta {
		out.SetMeta(k, v)
	}
	return out
}
