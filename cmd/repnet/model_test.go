package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// smallData writes a small data set: y (count), b (0/1), x, z, w = 2x
// (collinear with x), g (cluster), and a missing x in one row.
func smallData(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("g,x,z,w,y,b\n")
	for i := 0; i < 40; i++ {
		x := math.Sin(float64(i))
		z := float64(i%5) / 2
		y := int(2 + 2*x + z + float64(i%3))
		bb := 0
		if x+0.3*z+0.5*math.Cos(float64(7*i)) > 0.2 {
			bb = 1
		}
		xs := fmt.Sprint(x)
		if i == 7 {
			xs = "NA"
		}
		fmt.Fprintf(&b, "%d,%s,%v,%v,%d,%d\n", i%6, xs, z, 2*x, y, bb)
	}
	path := filepath.Join(t.TempDir(), "small.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestModelCommandErrors(t *testing.T) {
	data := smallData(t)
	tex := filepath.Join(t.TempDir(), "a.tex")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad formula", []string{"--formula", "y ~ x +"}, 1, "expected a term"},
		{"bad formula function", []string{"--formula", "y ~ I(x)"}, 1, "unknown function I"},
		{"unknown column", []string{"--formula", "y ~ x + nope"}, 1, `no column "nope"`},
		{"collinear", []string{"--formula", "y ~ x + w"}, 1, "collinear"},
		{"unknown cluster column", []string{"--formula", "y ~ x", "--vcov", "cluster:nope"}, 1, "nope"},
		{"missing data file", []string{"--formula", "y ~ x", "--data", "/nonexistent.csv"}, 1, "nonexistent.csv"},
		{"no formula", []string{}, 2, "--formula is required"},
		{"bad family", []string{"--formula", "y ~ x", "--family", "gamma"}, 2, "unknown family"},
		{"bad vcov", []string{"--formula", "y ~ x", "--vcov", "hc3"}, 2, "hc3"},
		{"firth family", []string{"--formula", "b ~ x", "--firth", "--family", "poisson"}, 2, "logits only"},
		{"firth sandwich", []string{"--formula", "b ~ x", "--firth", "--family", "logit", "--vcov", "hc1"}, 2, "classical and profile"},
		{"profile without firth", []string{"--formula", "b ~ x", "--vcov", "profile"}, 2, "needs a Firth fit"},
		{"bad format", []string{"--formula", "y ~ x", "--format", "xlsx"}, 2, `invalid --format "xlsx": want csv, parquet, markdown or latex`},
		{"latex to csv", []string{"--formula", "y ~ x", "--format", "latex", "-o", "a.csv"}, 2, "disagrees"},
		{"stats-out ext", []string{"--formula", "y ~ x", "--stats-out", "s.txt"}, 2, "--stats-out"},
		{"bad level", []string{"--formula", "y ~ x", "--level", "95"}, 2, "--level"},
		{"logit on counts", []string{"--formula", "y ~ x", "--family", "logit", "-o", tex}, 1, "must be 0 or 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"model"}, tt.args...)
			if !strings.Contains(strings.Join(tt.args, " "), "--data") {
				args = append(args, "--data", data)
			}
			code, _, stderr := runCLI(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(tex); err == nil {
		t.Errorf("a failed fit wrote its output")
	}
}

func TestModelCommandOutputs(t *testing.T) {
	data := smallData(t)
	dir := t.TempDir()
	coef, stats := filepath.Join(dir, "coef.parquet"), filepath.Join(dir, "stats.csv")
	code, _, stderr := runCLI(t, "model", "--data", data, "--formula", "y ~ x + factor(z)", "--family", "poisson",
		"--vcov", "classical", "--vcov", "cluster:g", "-o", coef, "--stats-out", stats)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ct, err := table.ReadFile(coef)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ct.Names(), ","); got != "term,estimate,std_error,statistic,p_value,conf_low,conf_high,vcov" {
		t.Errorf("columns %s", got)
	}
	if ct.NumRows() != 12 {
		t.Errorf("%d rows, want 2 estimators x 6 terms", ct.NumRows())
	}
	terms := ct.Col("term").Strings
	vc := ct.Col("vcov").Strings
	if terms[0] != "(Intercept)" || terms[2] != "factor(z)0.5" || vc[0] != "classical" || vc[6] != "cluster:g" {
		t.Errorf("terms %v, vcov %v", terms, vc)
	}
	st, err := table.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"nobs", "ndropped", "loglik", "aic", "deviance", "iterations", "family", "link", "converged"} {
		if st.Col(c) == nil {
			t.Errorf("stats have no column %s: %v", c, st.Names())
		}
	}
	if n, _ := st.Col("nobs").Float64(0); n != 39 {
		t.Errorf("nobs %v, want 39", n)
	}
	if n, _ := st.Col("ndropped").Float64(0); n != 1 {
		t.Errorf("ndropped %v, want 1", n)
	}

	// LaTeX: one column per estimator.
	code, out, stderr := runCLI(t, "model", "--data", data, "--formula", "b ~ x + z", "--family", "logit",
		"--vcov", "classical", "--vcov", "hc1", "--format", "latex")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`\begin{tabular}{l D{.}{.}{-1} D{.}{.}{-1}}`, "(1) classical; N = 39", "(2) hc1; N = 39", `\end{table}`} {
		if !strings.Contains(out, want) {
			t.Errorf("LaTeX lacks %q:\n%s", want, out)
		}
	}
	// Margins and Firth run.
	for _, args := range [][]string{
		{"--formula", "b ~ x + z", "--family", "probit", "--margins", "--vcov", "hc0"},
		{"--formula", "b ~ x + z", "--family", "logit", "--firth", "--vcov", "classical", "--vcov", "profile"},
	} {
		code, out, stderr := runCLI(t, append([]string{"model", "--data", data}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "term,estimate,std_error,statistic,p_value,conf_low,conf_high,vcov\n") {
			t.Errorf("%v: exit %d, %s%s", args, code, stderr, out)
		}
	}
}

func TestTableModelsCommand(t *testing.T) {
	data := smallData(t)
	dir := t.TempDir()
	p := func(s string) string { return filepath.Join(dir, s) }
	for _, m := range []struct{ formula, family, coef, stats string }{
		{"b ~ x", "logit", "m1.csv", "s1.csv"},
		{"b ~ x + z", "probit", "m2.parquet", "s2.parquet"},
	} {
		code, _, stderr := runCLI(t, "model", "--data", data, "--formula", m.formula, "--family", m.family,
			"--vcov", "classical", "--vcov", "hc1", "-o", p(m.coef), "--stats-out", p(m.stats))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	coef, err := table.ReadFile(p("m2.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "table-models", p("m1.csv"), p("m2.parquet"), "--stats", p("s1.csv"), "--stats", p("s2.parquet"),
		"--vcov", "hc1", "--names", "Logit", "--names", "Probit", "--format", "latex", "-o", p("t.tex"))
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stderr, out)
	}
	tex, err := os.ReadFile(p("t.tex"))
	if err != nil {
		t.Fatal(err)
	}
	// z's hc1 row of the probit, to 3 decimals, in the second column.
	var zest, zse float64
	for i, term := range coef.Col("term").Strings {
		if term == "z" && coef.Col("vcov").Strings[i] == "hc1" {
			zest, zse = coef.Col("estimate").Floats[i], coef.Col("std_error").Floats[i]
		}
	}
	for _, want := range []string{
		`\multicolumn{1}{c}{Logit} & \multicolumn{1}{c}{Probit}`,
		fmt.Sprintf("z &  & %.3f \\\\\n &  & (%.3f)", zest, zse),
		"Logit hc1; N = 39", "Probit hc1; N = 39",
	} {
		if !strings.Contains(string(tex), want) {
			t.Errorf("table lacks %q:\n%s", want, tex)
		}
	}
	code, out, _ = runCLI(t, "table-models", p("m1.csv"), "--vcov", "classical", "--format", "markdown")
	if code != 0 || !strings.Contains(out, "| (1) |") {
		t.Errorf("markdown: exit %d\n%s", code, out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{p("m1.csv"), "--format", "markdown"}, 2, "choose with --vcov"},
		{[]string{p("m1.csv"), "--vcov", "hc1"}, 2, "--format latex or --format markdown"},
		{[]string{p("m1.csv"), p("m2.parquet"), "--stats", p("s1.csv"), "--vcov", "hc1", "--format", "latex"}, 2, "1 --stats files for 2 models"},
		{[]string{p("m1.csv"), "--vcov", "hc0", "--format", "latex"}, 1, `no coefficient rows with vcov "hc0"`},
		{[]string{p("s1.csv"), "--format", "latex"}, 1, "is this a coefficient table"},
		{[]string{p("m1.csv"), "--vcov", "hc1", "--format", "latex", "--stars", "0.01,0.05"}, 2, "--stars"},
		{[]string{p("m1.csv"), "--vcov", "hc1", "--format", "pdf"}, 2, `invalid --format "pdf": table-models writes latex or markdown`},
		{[]string{p("m1.csv"), "--vcov", "hc1", "--format", "csv"}, 2, `invalid --format "csv": table-models writes latex or markdown`},
	} {
		code, _, stderr := runCLI(t, append([]string{"table-models"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestModelHelpFirthInference: the help says which variance estimators a
// Firth fit takes, since the others are refused (see "firth sandwich").
func TestModelHelpFirthInference(t *testing.T) {
	code, stdout, _ := runCLI(t, "model", "--help")
	help := strings.Join(strings.Fields(stdout), " ")
	if code != 0 || !strings.Contains(help, "the sandwich estimators (hc0, hc1, cluster, dyadic) are not offered for it") {
		t.Errorf("exit %d; model --help does not say that Firth fits refuse sandwich estimators:\n%s", code, stdout)
	}
}
