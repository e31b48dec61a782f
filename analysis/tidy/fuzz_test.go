package tidy

import (
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// FuzzParse checks that Parse never panics, that what it accepts prints in
// a canonical form it reads back unchanged, and that evaluating it on a
// small table never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"year >= 1990 and ccode in [710, 750]", "a + b * -c / 2.5e3", "not (x == 'a') or is_missing(y)",
		"if_else(a > 1, `b c`, 0)", "round(x, 2)", "x not in [-1, 2]", "'it\\'s'", "n()", "((((1))))",
		"a < b < c", "x in []", "1__0", "`", "\"", "9223372036854775807 * 2", "-9223372036854775808",
	} {
		f.Add(s)
	}
	tb := table.New(
		table.NewInt("a", []int64{1, -5, 9223372036854775807}),
		table.NewFloat("x", []float64{0.5, 0, -2}),
		table.NewString("y", []string{"a", "", "z"}).WithMissing([]bool{false, true, false}),
		table.NewBool("b", []bool{true, false, true}),
	)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			if _, ok := err.(*ExprError); !ok {
				t.Fatalf("Parse(%q): error of type %T", s, err)
			}
			return
		}
		c := e.String()
		again, err := Parse(c)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", c, s, err)
		}
		if again.String() != c {
			t.Fatalf("canonical form not stable: %q -> %q", c, again.String())
		}
		if col, err := e.evalColumn(tb, "v"); err == nil && col.Len() != 3 {
			t.Fatalf("%q: %d values for 3 rows", s, col.Len())
		}
		if strings.Contains(s, "=") {
			ParseDef(s)
		}
	})
}
