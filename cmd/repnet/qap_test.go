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

// writeEdgeLists writes one edge list (ccode1, ccode2, value) per column of
// the qap package's sna test network, every ordered pair listed.
func writeEdgeLists(t *testing.T, dir string, cols ...string) {
	t.Helper()
	e, err := table.ReadFile("../../analysis/qap/testdata/europe2014.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		var b strings.Builder
		b.WriteString("ccode1,ccode2,value\n")
		for i := 0; i < e.NumRows(); i++ {
			v, _ := e.Col(c).Float64(i)
			fmt.Fprintf(&b, "%d,%d,%s\n", e.Col("ccode_i").Ints[i], e.Col("ccode_j").Ints[i], table.FormatFloat(v))
		}
		if err := os.WriteFile(filepath.Join(dir, c+".csv"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQAPCommandAgainstSna runs repnet qap on edge lists of the network
// the qap package checks against sna, and compares with sna's values:
// estimates to 1e-8, p-values within four Monte Carlo standard errors.
func TestQAPCommandAgainstSna(t *testing.T) {
	dir := t.TempDir()
	writeEdgeLists(t, dir, "defense", "igos", "contig", "demdiff", "imports")
	ref, err := table.ReadFile("../../analysis/qap/testdata/ref_qap.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := func(s string) string { return filepath.Join(dir, s+".csv") }
	runs := []struct {
		model, null string
		args        []string
	}{
		{"logit_graph", "qapy", []string{"--y", p("defense"), "--x", p("igos"), "--x", p("contig"), "--x", p("demdiff"), "--family", "logit", "--method", "yperm"}},
		{"logit_graph", "qapspp", []string{"--y", p("defense"), "--x", p("igos"), "--x", p("contig"), "--x", p("demdiff"), "--family", "logit", "--method", "dsp"}},
		{"lm_digraph", "qapspp", []string{"--y", p("imports"), "--x", p("igos") + " as x1", "--x", p("contig"), "--x", p("demdiff"), "--family", "gaussian", "--method", "dsp", "--directed"}},
	}
	for _, r := range runs {
		t.Run(r.model+"_"+r.null, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"qap", "--perms", "2000", "--seed", "3"}, r.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got, err := table.ReadCSV(strings.NewReader(out), "stdout")
			if err != nil {
				t.Fatal(err)
			}
			if names := strings.Join(got.Names(), ","); names != "term,estimate,p_two_sided,p_greater,p_less,perms" {
				t.Fatalf("columns %s", names)
			}
			wantTerms := []string{"(Intercept)", "igos", "contig", "demdiff"}
			if strings.Contains(strings.Join(r.args, " "), " as x1") {
				wantTerms[1] = "x1"
			}
			k := 0
			for i := 0; i < ref.NumRows(); i++ {
				if ref.Col("model").Strings[i] != r.model || ref.Col("null").Strings[i] != r.null {
					continue
				}
				if term := got.Col("term").Strings[k]; term != wantTerms[k] {
					t.Errorf("term %d is %q, want %q", k, term, wantTerms[k])
				}
				we, _ := ref.Col("estimate").Float64(i)
				ge := got.Col("estimate").Floats[k]
				if math.Abs(ge-we) > 1e-8*math.Max(1, math.Abs(we)) {
					t.Errorf("%s estimate %v, sna %v", wantTerms[k], ge, we)
				}
				for _, c := range []string{"p_two_sided", "p_greater", "p_less"} {
					wp, _ := ref.Col(c).Float64(i)
					gp, _ := got.Col(c).Float64(k)
					// Two independent Monte Carlo estimates of p (2000 each).
					sd := math.Sqrt(2 * math.Max(wp*(1-wp), 1.0/2000) / 2000)
					if math.Abs(gp-wp) > 4*sd+1e-12 {
						t.Errorf("%s %s %v, sna %v (sd %.4f)", wantTerms[k], c, gp, wp, sd)
					}
				}
				k++
			}
			if k != got.NumRows() {
				t.Errorf("%d rows, sna has %d", got.NumRows(), k)
			}
		})
	}
}

func TestQAPCommandErrors(t *testing.T) {
	dir := t.TempDir()
	writeEdgeLists(t, dir, "defense", "igos")
	y, x := filepath.Join(dir, "defense.csv"), filepath.Join(dir, "igos.csv")
	twoYears := filepath.Join(dir, "two.csv")
	os.WriteFile(twoYears, []byte("ccode1,ccode2,year,value\n2,20,2000,1\n2,20,2001,1\n20,40,2001,0\n"), 0o644)
	noValue := filepath.Join(dir, "novalue.csv")
	os.WriteFile(noValue, []byte("ccode1,ccode2,weight\n2,20,1\n"), 0o644)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--y", y}, 2, "--x"},
		{[]string{"--y", y, "--x", x, "--family", "probit"}, 2, "--family"},
		{[]string{"--y", y, "--x", x, "--method", "mrqap"}, 2, "unknown null hypothesis"},
		{[]string{"--y", y, "--x", x, "--perms", "0"}, 2, "--perms"},
		{[]string{"--y", y, "--x", "igo"}, 2, "give --year"},
		{[]string{"--y", y, "--x", "igo,bogus=1", "--year", "2014"}, 2, "bogus"},
		{[]string{"--y", y, "--x", "layer(igo, bogus=1)", "--year", "2014"}, 2, "bogus"},
		{[]string{"--y", twoYears, "--x", x}, 1, "choose one with --year"},
		{[]string{"--y", noValue, "--x", x}, 1, `no column "value"`},
		{[]string{"--y", x, "--x", x}, 1, "0/1"},
		{[]string{"--y", y, "--x", "igo", "--year", "1700"}, 1, "covers"},
		{[]string{"--y", "atop,directed=true", "--x", "igo", "--year", "2014"}, 1, "--directed"},
	} {
		code, _, stderr := runCLI(t, append([]string{"qap", "--perms", "10"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestQAPCommandLayers runs QAP on layers of the bundled data: the same
// result with a compact and a panel-style layer spec and with any number
// of workers.
func TestQAPCommandLayers(t *testing.T) {
	var outs []string
	for _, args := range [][]string{
		{"--y", "atop,obligation=defense", "--x", "igo,select=autocratic as autoc", "--workers", "1"},
		{"--y", "layer(atop, obligation=defense)", "--x", "layer(igo, select=autocratic) as autoc", "--workers", "3"},
	} {
		code, out, stderr := runCLI(t, append([]string{"qap", "--year", "2012", "--perms", "40", "--method", "yperm"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Errorf("outputs differ:\n%s\n%s", outs[0], outs[1])
	}
	if !strings.Contains(outs[0], "\nautoc,") {
		t.Errorf("no autoc term:\n%s", outs[0])
	}
}

// TestQAPProgress: the progress bar goes to stderr only when it is a
// terminal and --quiet is not given; stdout holds the table either way.
func TestQAPProgress(t *testing.T) {
	dir := t.TempDir()
	writeEdgeLists(t, dir, "defense", "igos")
	for _, tt := range []struct {
		term, quiet, bar bool
	}{{true, false, true}, {true, true, false}, {false, false, false}} {
		var out, errb strings.Builder
		g := &globalOptions{Stdout: &out, Stderr: &errb, IsTerm: tt.term, Quiet: tt.quiet}
		o := &qapOptions{g: g, Y: filepath.Join(dir, "defense.csv"), X: []string{filepath.Join(dir, "igos.csv")},
			Family: "logit", Method: "dsp", Perms: 50, Seed: 1, out: outputOptions{Output: "-"}}
		if err := qapRun(o); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(errb.String(), "permutations"); got != tt.bar {
			t.Errorf("terminal %v, quiet %v: progress shown %v: %q", tt.term, tt.quiet, got, errb.String())
		}
		if !strings.HasPrefix(out.String(), "term,estimate,") {
			t.Errorf("stdout %q", out.String())
		}
	}
}
