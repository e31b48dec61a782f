package panel

import (
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in, want string // want: canonical String()
	}{
		{"vdem.v2x_polyarchy", "vdem.v2x_polyarchy"},
		{"  vdem.v2x_polyarchy  as polyarchy ", "vdem.v2x_polyarchy as polyarchy"},
		{"vdem.v2x_polyarchy as p1, p2", "vdem.v2x_polyarchy as p1, p2"},
		{"cow-contiguity.conttype", "cow-contiguity.conttype"},
		{"cow-trade/totals.imports", "cow-trade/totals.imports"},
		{"fariss.theta_mean as repression", "fariss.theta_mean as repression"},
		{"neg(fariss.theta_mean) as repression", "neg(fariss.theta_mean) as repression"},
		{"lag(fariss.theta_mean)", "lag(fariss.theta_mean, 1)"},
		{"lag(fariss.theta_mean, 2)", "lag(fariss.theta_mean, 2)"},
		{"lead(lag(vdem.v2x_polyarchy,1),3)", "lead(lag(vdem.v2x_polyarchy, 1), 3)"},
		{"layer(igo)", "layer(igo)"},
		{"layer(igo, select=autocratic, threshold=0.5) as shared_autoc", "layer(igo, select=autocratic, threshold=0.5) as shared_autoc"},
		{`layer(file, path="my edges.csv")`, `layer(file, path="my edges.csv")`},
		{`layer(igo, sco)`, `layer(igo, sco)`},
		{"exposure(fariss.theta_mean, layer(igo, select=autocratic))", "exposure(fariss.theta_mean, layer(igo, select=autocratic))"},
		{"exposure(neg(fariss.theta_mean), igo)", "exposure(neg(fariss.theta_mean), layer(igo))"},
		{"lag(exposure(fariss.theta_mean, igo), 1)", "lag(exposure(fariss.theta_mean, layer(igo)), 1)"},
		{"centrality(igo, eigenvector)", "centrality(layer(igo), eigenvector)"},
		{"centrality(layer(atop, type=defense), degree) as deg", "centrality(layer(atop, type=defense), degree) as deg"},
		{"absdiff(vdem.v2x_polyarchy)", "absdiff(vdem.v2x_polyarchy)"},
		{"min(vdem.v2x_polyarchy) as weakest", "min(vdem.v2x_polyarchy) as weakest"},
		{"layer(igo, threshold=-1.5e-3)", "layer(igo, threshold=-1.5e-3)"},
	}
	for _, tt := range tests {
		s, err := ParseSpec(tt.in)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.in, err)
			continue
		}
		if got := s.String(); got != tt.want {
			t.Errorf("ParseSpec(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The canonical form parses to itself.
		s2, err := ParseSpec(s.String())
		if err != nil || s2.String() != s.String() {
			t.Errorf("round trip of %q: %q, %v", s.String(), s2.String(), err)
		}
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "expected a dataset column"},
		{"polyarchy", "expected DATASET.COLUMN"},
		{"vdem.", "expected DATASET.COLUMN"},
		{"lag(vdem.x", `expected ")" closing lag(`},
		{"lag(vdem.x, 0)", "whole number from 1 to 100"},
		{"lag(vdem.x, 1.5)", "whole number from 1 to 100"},
		{"lag", "lag needs arguments"},
		{"foo(vdem.x)", `unknown function "foo"`},
		{"vdem.x as", "expected a column name"},
		{"vdem.x as 1a", "expected a column name"},
		{"vdem.x as a, b, c", "at most two names"},
		{"vdem.x vdem.y", "unexpected"},
		{"layer(igo, select=)", "expected a value after select="},
		{"layer(igo, a=1, a=2)", `"a" given twice`},
		{"layer(vdem.x)", "expected the layer kind"},
		{"exposure(vdem.x)", `"," and the layer`},
		{"exposure(vdem.x, vdem.y)", "expected a layer"},
		{"centrality(igo)", "centrality measure"},
		{`layer(igo, path="abc)`, "unterminated string"},
		{"vdem.x $", "unexpected character"},
		{"layer(igo, x=1e)", "bad number"},
		{strings.Repeat("lag(", 40) + "vdem.x" + strings.Repeat(")", 40), "nested more than"},
	}
	for _, tt := range tests {
		_, err := ParseSpec(tt.in)
		if err == nil {
			t.Errorf("ParseSpec(%q): no error", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSpec(%q): %v; want it to mention %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{
		"vdem.v2x_polyarchy as p", "lag(exposure(neg(fariss.theta_mean), layer(igo, select=autocratic)), 2)",
		`layer(file, path="a b.csv", 1.5)`, "centrality(igo, eigenvector) as c1, c2", "lead(x.y,", `"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			return
		}
		// The canonical form of anything accepted parses to itself.
		again, err := ParseSpec(sp.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", sp.String(), s, err)
		}
		if again.String() != sp.String() {
			t.Fatalf("canonical form not stable: %q -> %q", sp.String(), again.String())
		}
	})
}

func TestSpecCheck(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"lag(exposure(neg(fariss.theta_mean), layer(igo, select=autocratic)), 1) as x", ""},
		{"cow-trade/totals.imports", ""},
		{"min(vdem.v2x_polyarchy)", ""},
		{"nope.x", `panel: nope.x: unknown dataset "nope" (bundled: atop,`},
		{"lag(cow-trade/nope.x)", `dataset cow-trade has no table "nope" (tables: totals)`},
		{"exposure(fariss.theta_mean, layer(igo, bogus=1))", `unknown option "bogus"`},
		{"centrality(layer(igo, select=both), degree)", "select"},
	} {
		s, err := ParseSpec(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		err = s.Check()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.in, err, tt.want)
		}
	}
}
