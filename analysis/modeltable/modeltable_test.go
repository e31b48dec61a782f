package modeltable

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// models fits three models on the 2010 slice of the glm reference panel,
// writes their coefficient and stats tables to CSV files and reads them
// back, as a user would from files written earlier.
func models(t *testing.T) []Model {
	t.Helper()
	p, err := table.ReadFile("../glm/testdata/panel.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	yr := p.Col("year").Ints
	p = p.Filter(func(i int) bool { return yr[i] == 2010 })
	dir := t.TempDir()
	var out []Model
	for i, c := range []struct {
		formula string
		fam     glm.Family
		vcov    string
	}{
		{"defense ~ contig + polyarchy1 + lntrade", glm.Logit, "dyadic:ccode1,ccode2"},
		{"defense ~ contig + polyarchy1 * polyarchy2 + lntrade", glm.Logit, "cluster:ccode1,ccode2"},
		{"lntrade ~ contig + defense + polyarchy1", glm.Gaussian, "classical"},
	} {
		m, err := glm.FitString(c.formula, p, c.fam, nil)
		if err != nil {
			t.Fatal(err)
		}
		coef, err := m.Coefficients(0.95, "classical", c.vcov)
		if err != nil {
			t.Fatal(err)
		}
		cf := filepath.Join(dir, "coef"+string(rune('1'+i))+".csv")
		sf := filepath.Join(dir, "stats"+string(rune('1'+i))+".csv")
		write(t, cf, coef)
		write(t, sf, m.Stats())
		rc, err := ReadCoefficients(cf)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := ReadStats(sf)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Model{Coef: rc, Stats: rs, Vcov: c.vcov})
	}
	return out
}

func write(t *testing.T, path string, tb *table.Table) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Write(f, tb, table.CSV, table.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	ms := models(t)
	opts := map[string]Options{
		"default": {},
		"stars": {
			Stars:   []float64{0.1, 0.05, 0.01},
			Caption: "Defense pacts, 2010 (dyads among COW codes < 1000)",
			Label:   "tab:defense",
			Labels:  map[string]string{"(Intercept)": "Constant", "polyarchy1:polyarchy2": "Polyarchy 1 × 2"},
			Terms:   []string{"contig", "polyarchy1", "polyarchy2", "polyarchy1:polyarchy2", "lntrade", "defense", "(Intercept)"},
			Stats:   []Stat{{"nobs", "N"}, {"aic", "AIC"}, {"deviance", "Deviance"}},
			Notes:   []string{"Data: ATOP, COW, V-Dem (bundled with repnet)."},
		},
	}
	for name, o := range opts {
		var tex, md bytes.Buffer
		if err := LaTeX(&tex, ms, o); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&md, ms, o); err != nil {
			t.Fatal(err)
		}
		golden(t, name+".tex", tex.Bytes())
		golden(t, name+".md", md.Bytes())
	}
}

func TestErrors(t *testing.T) {
	ms := models(t)
	for _, c := range []struct {
		models []Model
		opt    Options
		want   string
	}{
		{nil, Options{}, "no models"},
		{[]Model{{Coef: ms[0].Coef}}, Options{}, "several variance estimators"},
		{[]Model{{Coef: ms[0].Coef, Vcov: "hc1"}}, Options{}, `no coefficient rows with vcov "hc1"`},
		{ms, Options{Terms: []string{"nope"}}, `term "nope" is in no model`},
		{ms, Options{Stars: []float64{0.01, 0.05}}, "must decrease"},
		{ms, Options{Stats: []Stat{{"bic", "BIC"}}}, `stats table has no column "bic"`},
	} {
		err := Markdown(&bytes.Buffer{}, c.models, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644)
	if _, err := ReadCoefficients(path); err == nil || !strings.Contains(err.Error(), `no column "term"`) {
		t.Errorf("ReadCoefficients: %v", err)
	}
}

func TestFixed(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{-0.0001, "0.000"}, {0.0005, "0.001"}, {-1.2345, "-1.234"}, {12, "12.000"}} {
		if got := fixed(c.v, 3); got != c.want {
			t.Errorf("fixed(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := group(1234567); got != "1,234,567" {
		t.Errorf("group = %q", got)
	}
}

// TestColumns lays one model out with a column per variance estimator:
// the same estimates, each column's own standard errors and notes.
func TestColumns(t *testing.T) {
	m := models(t)[0]
	cols := Columns(m.Coef, m.Stats, []string{"classical", "dyadic:ccode1,ccode2"})
	if len(cols) != 2 || cols[0].Vcov != "classical" || cols[1].Vcov != "dyadic:ccode1,ccode2" || cols[1].Coef != m.Coef || cols[1].Stats != m.Stats {
		t.Fatalf("columns %+v", cols)
	}
	var b strings.Builder
	if err := Markdown(&b, cols, Options{Terms: []string{"contig"}}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	est, se := strings.Fields(lines[2]), strings.Fields(lines[3])
	if est[3] != est[5] || se[2] == se[4] {
		t.Errorf("contig row: estimates %v, standard errors %v", est, se)
	}
	if !strings.Contains(b.String(), "(1) classical;") || !strings.Contains(b.String(), "(2) dyadic:ccode1,ccode2;") {
		t.Errorf("notes:\n%s", b.String())
	}
}

// TestMissingCells checks what a table shows where the input has nothing:
// no statistics rows when no model has a stats table (rather than empty
// N, log-likelihood and AIC rows), and an empty cell, not "()", for a
// standard error that is missing (as multiway clustering writes for a
// negative variance).
func TestMissingCells(t *testing.T) {
	ms := models(t)
	coef := ms[0].Coef.Filter(func(i int) bool { return true })
	se := coef.Col("std_error")
	terms := coef.Col("term")
	for i := 0; i < coef.NumRows(); i++ {
		if terms.Strings[i] == "contig" {
			se.SetMissing(i)
		}
	}
	models := []Model{{Coef: coef, Vcov: "classical"}, {Coef: ms[2].Coef, Vcov: "classical"}}
	var md, tex bytes.Buffer
	if err := Markdown(&md, models, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := LaTeX(&tex, models, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "latex": tex.String()} {
		for _, bad := range []string{"()", "Log-likelihood", "AIC", "N "} {
			if strings.Contains(out, bad) {
				t.Errorf("%s output contains %q:\n%s", name, bad, out)
			}
		}
	}
	if strings.Contains(tex.String(), "\\midrule\n\\bottomrule") {
		t.Errorf("latex output has an empty statistics block:\n%s", tex.String())
	}
	// With stats for one model only, the rows are kept, empty for the other.
	models[1].Stats = ms[2].Stats
	md.Reset()
	if err := Markdown(&md, models, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| N |  | ") {
		t.Errorf("markdown with one stats table lacks its N row:\n%s", md.String())
	}
}
