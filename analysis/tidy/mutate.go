package tidy

import (
	"fmt"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Def is a named expression: a mutate or summarise definition.
type Def struct {
	Name string
	Expr *Expr
}

// ParseDef parses a definition "name = expression". The name is a column
// name, bare or in backticks.
func ParseDef(s string) (Def, error) {
	name, rhs, ok := cutAssign(s)
	if !ok {
		return Def{}, &ExprError{Src: s, Pos: 1, Msg: "expected name = expression"}
	}
	if strings.HasPrefix(name, "`") && strings.HasSuffix(name, "`") && len(name) > 2 {
		name = name[1 : len(name)-1]
	} else if !isIdent(name) {
		return Def{}, &ExprError{Src: s, Pos: 1, Msg: fmt.Sprintf("%q is not a column name: use letters, digits and _, or `backticks`", name)}
	}
	e, err := Parse(rhs)
	if err != nil {
		if ee, ok := err.(*ExprError); ok {
			// Report positions in the whole definition.
			ee.Pos += len([]rune(s)) - len([]rune(rhs))
			ee.Src = s
		}
		return Def{}, err
	}
	return Def{Name: name, Expr: e}, nil
}

// cutAssign splits "name = rhs" at the first "=" that is not part of ==,
// !=, <= or >=.
func cutAssign(s string) (name, rhs string, ok bool) {
	start := 0
	if t := strings.TrimLeft(s, " \t"); strings.HasPrefix(t, "`") {
		// A backticked name may hold any character but a backtick.
		j := strings.IndexByte(t[1:], '`')
		if j < 0 {
			return "", "", false
		}
		start = len(s) - len(t) + j + 2
	}
	for i := start; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '=' || i > 0 && strings.ContainsRune("=!<>", rune(s[i-1])) {
			return "", "", false
		}
		name = strings.TrimSpace(s[:i])
		return name, s[i+1:], name != ""
	}
	return "", "", false
}

// String returns "name = expression" in canonical form.
func (d Def) String() string {
	n := d.Name
	if !isIdent(n) {
		n = "`" + n + "`"
	}
	return n + " = " + d.Expr.String()
}

// Mutate adds or replaces columns, evaluating defs in order, so a later
// definition may use an earlier one. A definition whose name is a column
// replaces it in place; others are appended.
func Mutate(t *table.Table, defs []Def) (*table.Table, error) {
	cur := t
	for _, d := range defs {
		if d.Name == "" {
			return nil, fmt.Errorf("tidy: mutate: empty column name")
		}
		col, err := d.Expr.evalColumn(cur, d.Name)
		if err != nil {
			return nil, err
		}
		cols := make([]*table.Column, 0, len(cur.Columns)+1)
		replaced := false
		for _, c := range cur.Columns {
			if c.Name == d.Name {
				c, replaced = col, true
			}
			cols = append(cols, c)
		}
		if !replaced {
			cols = append(cols, col)
		}
		cur = derive(cur, cols)
	}
	if cur == t {
		cur = derive(t, append([]*table.Column(nil), t.Columns...))
	}
	return cur, nil
}
