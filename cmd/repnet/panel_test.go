package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

func TestPanelCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.parquet")
	code, _, stderr := runCLI(t, "panel", "dyad-year", "--years", "2014", "-o", out,
		"--add", "layer(igo) as igos", "--add", "layer(igo, sco) as sco", "--add", "vdem.v2x_polyarchy as polyarchy",
		"--add", "cow-contiguity.conttype")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err := table.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Names(), ","); got != "ccode1,ccode2,year,igos,sco,polyarchy_1,polyarchy_2,conttype" {
		t.Errorf("columns %s", got)
	}
	if p.NumRows() != 195*194/2 {
		t.Errorf("%d rows, want 18,915 dyads of the 195 states of 2014", p.NumRows())
	}
	// Hand-checked (README of the source data): USA-Canada share 72 full
	// IGO memberships in 2014, Russia-China 55; both Russia and China are
	// in the SCO.
	for r := 0; r < p.NumRows(); r++ {
		a, b := p.Col("ccode1").Ints[r], p.Col("ccode2").Ints[r]
		igos, _ := p.Col("igos").Float64(r)
		sco, _ := p.Col("sco").Float64(r)
		switch {
		case a == 2 && b == 20 && (igos != 72 || sco != 0):
			t.Errorf("USA-Canada: igos %v, sco %v", igos, sco)
		case a == 365 && b == 710 && (igos != 55 || sco != 1):
			t.Errorf("Russia-China: igos %v, sco %v", igos, sco)
		}
	}
	if p.Meta["spec:sco"] != "layer(igo, sco) as sco" || p.Meta["unit"] != "non-directed dyad-year" {
		t.Errorf("meta %v", p.Meta)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"panel", "country-year", "--years", "2014"}, 2, "unknown panel unit"},
		{[]string{"panel", "state-year"}, 2, "--years is required"},
		{[]string{"panel", "state-year", "--years", "2014", "--directed"}, 2, "--directed"},
		{[]string{"panel", "state-year", "--years", "2014", "--add", "lag(vdem.x"}, 2, "closing lag("},
		// Naming a dataset that is not bundled or a bad layer option is a
		// usage error, as repnet edges --layer nope is.
		{[]string{"panel", "state-year", "--years", "2014", "--add", "nope.x"}, 2, `unknown dataset "nope"`},
		{[]string{"panel", "state-year", "--years", "2014", "--add", "vdem.nope"}, 1, `no column "nope"`},
		{[]string{"panel", "state-year", "--years", "2014", "--add", "layer(igo)"}, 1, "is dyadic"},
		{[]string{"panel", "dyad-year", "--years", "2014", "--add", "layer(igo, bogus=1)"}, 2, `unknown option "bogus"`},
		{[]string{"panel", "dyad-year", "--years", "2014", "--add", "layer(igo, weight=foo)"}, 2, `weight "foo" is not one of`},
		{[]string{"panel", "dyad-year", "--years", "2014", "--add", "layer(atop, directed=true)"}, 1, "--directed"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
