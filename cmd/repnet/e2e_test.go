package main

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/panel"
	"github.com/repnet/repnet/internal/table"
)

// TestEndToEndAgainstR builds a dyad-year panel from the bundled data with
// analysis/panel, writes it, fits the models of testdata/e2e/models.csv
// through repnet model with every variance estimator, and compares the
// coefficient and fit-statistic tables with R's glm, sandwich and lmtest
// (and the dyadic variance written out in R) on the same bytes
// (testdata/e2e/make_e2e_ref.R). Estimates, standard errors, statistics,
// p-values and intervals must agree to 1e-6 relative.
func TestEndToEndAgainstR(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end fit of four models on 111,555 dyad-years")
	}
	dir := "testdata/e2e"
	specsText, err := os.ReadFile(filepath.Join(dir, "specs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	specs := strings.Split(strings.TrimSpace(string(specsText)), "\n")
	p, err := panel.Build(panel.Options{Unit: panel.DyadYear, Years: "2005-2010", Add: specs})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	data := filepath.Join(tmp, "panel.csv")
	if err := table.WriteFile(data, p, table.CSV, table.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	want, err := os.ReadFile(filepath.Join(dir, "panel.sha256"))
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(sum[:]); got != strings.TrimSpace(string(want)) {
		t.Fatalf("the panel (sha256 %s) is not the one R fitted (%s): rerun make_e2e_ref.R if the change is intended", got, strings.TrimSpace(string(want)))
	}

	models, err := table.ReadFile(filepath.Join(dir, "models.csv"))
	if err != nil {
		t.Fatal(err)
	}
	refCoef, err := table.ReadFile(filepath.Join(dir, "ref_coef.csv"))
	if err != nil {
		t.Fatal(err)
	}
	refStats, err := table.ReadFile(filepath.Join(dir, "ref_stats.csv"))
	if err != nil {
		t.Fatal(err)
	}
	vcovs := []string{"classical", "hc0", "hc1", "cluster:ccode1", "cluster:ccode1,ccode2", "cluster:ccode1,ccode2,year", "dyadic:ccode1,ccode2"}
	close := func(got, want, scale float64) bool {
		if math.IsNaN(want) {
			return math.IsNaN(got)
		}
		return math.Abs(got-want) <= 1e-6*math.Max(math.Abs(want), scale)
	}
	compared := 0
	worst := map[string]float64{}
	for i := 0; i < models.NumRows(); i++ {
		name := models.Col("model").Strings[i]
		coefPath, statsPath := filepath.Join(tmp, name+".csv"), filepath.Join(tmp, name+"_stats.csv")
		args := []string{"model", "--data", data, "--family", models.Col("family").Strings[i],
			"--formula", models.Col("formula").Strings[i], "-o", coefPath, "--stats-out", statsPath, "--quiet"}
		for _, v := range vcovs {
			args = append(args, "--vcov", v)
		}
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		got, err := table.ReadFile(coefPath)
		if err != nil {
			t.Fatal(err)
		}
		type key struct{ term, vcov string }
		row := map[key]int{}
		for r := 0; r < got.NumRows(); r++ {
			row[key{got.Col("term").Strings[r], got.Col("vcov").Strings[r]}] = r
		}
		n := 0
		for r := 0; r < refCoef.NumRows(); r++ {
			if refCoef.Col("model").Strings[r] != name {
				continue
			}
			n++
			k := key{refCoef.Col("term").Strings[r], refCoef.Col("vcov").Strings[r]}
			g, ok := row[k]
			if !ok {
				t.Errorf("%s: no row for %v", name, k)
				continue
			}
			se, ok := refCoef.Col("std_error").Float64(r)
			if !ok || math.IsNaN(se) {
				se = 0 // a negative multiway variance: R's NaN, repnet's missing
			}
			for _, c := range []struct {
				col   string
				scale float64
			}{{"estimate", se}, {"std_error", 0}, {"statistic", 1e-3}, {"p_value", 1e-300}, {"conf_low", se}, {"conf_high", se}} {
				w := math.NaN()
				if v, ok := refCoef.Col(c.col).Float64(r); ok {
					w = v
				}
				gv, gok := got.Col(c.col).Float64(g)
				if !gok {
					gv = math.NaN()
				}
				if w != 0 && !math.IsNaN(w) {
					worst[c.col] = math.Max(worst[c.col], math.Abs(gv-w)/math.Max(math.Abs(w), c.scale))
				}
				if !close(gv, w, c.scale) {
					t.Errorf("%s %s %s: %s %v, R %v", name, k.term, k.vcov, c.col, gv, w)
				}
				compared++
			}
		}
		if n != got.NumRows() {
			t.Errorf("%s: %d rows, R has %d", name, got.NumRows(), n)
		}
		st, err := table.ReadFile(statsPath)
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; r < refStats.NumRows(); r++ {
			if refStats.Col("model").Strings[r] != name {
				continue
			}
			for _, c := range []string{"nobs", "ndropped", "loglik", "aic", "deviance"} {
				w, _ := refStats.Col(c).Float64(r)
				g, _ := st.Col(c).Float64(0)
				if !close(g, w, 0) {
					t.Errorf("%s: %s %v, R %v", name, c, g, w)
				}
			}
		}
	}
	t.Logf("%d values compared with R; largest relative differences: %v", compared, worst)
}
