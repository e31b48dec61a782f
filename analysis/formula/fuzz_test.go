package formula

import "testing"

// FuzzParse checks that Parse never panics and that the canonical form of
// a parsed formula parses to a formula with the same terms. (Labels may
// differ: variable order within an interaction follows first appearance,
// which String can change, as R's deparse can.)
func FuzzParse(f *testing.F) {
	for _, s := range []string{"y ~ x", "y ~ x*z - 1", "y ~ (a+b)^2", "log(y) ~ factor(g):`a b` + 0", "y ~ (x", "y ~ x:1", "~", "y ~ ((((x))))", "y ~ x^99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		q, err := Parse(p.String())
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, p.String(), err)
		}
		if len(q.Terms) != len(p.Terms) || q.Intercept != p.Intercept {
			t.Fatalf("canonical form changes the model: %q -> %q -> %q", s, p.String(), q.String())
		}
	})
}
