package glm

import (
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// TestFirthMatchesR compares FitFirth with the direct R implementation of
// Firth's modified score iteration in testdata/make_firth_ref.R: estimates,
// Wald standard errors, profile penalised-likelihood intervals, penalised
// likelihood ratio statistics and p-values, to 1e-6 relative.
func TestFirthMatchesR(t *testing.T) {
	ref := readRef(t, "ref_firth.csv")
	endo, err := table.ReadFile("testdata/endometrial.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := panel(t)
	c1, c2, yr := p.Col("ccode1").Ints, p.Col("ccode2").Ints, p.Col("year").Ints
	p2010 := p.Filter(func(i int) bool { return yr[i] == 2010 && c1[i] < 400 && c2[i] < 400 })
	for _, c := range []struct {
		data, formula string
		tab           *table.Table
	}{
		{"endometrial", "HG ~ NV + PI + EH", endo},
		{"panel2010", "defense ~ contig + polyarchy1 + lntrade", p2010},
	} {
		t.Run(c.data, func(t *testing.T) {
			m, err := FitFirthString(c.formula, c.tab, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Converged {
				t.Fatalf("not converged: %v", m.Warnings)
			}
			ct, err := m.Coefficients(0.95, "profile", "classical")
			if err != nil {
				t.Fatal(err)
			}
			k := len(m.Names)
			n := 0
			for i := 0; i < ref.NumRows(); i++ {
				if ref.Col("data").Strings[i] != c.data {
					continue
				}
				j := n
				n++
				if got := ct.Col("term").Strings[j]; got != ref.Col("term").Strings[i] {
					t.Fatalf("term %d: %s, R %s", j, got, ref.Col("term").Strings[i])
				}
				for _, cc := range [][2]string{{"estimate", "estimate"}, {"std_error", "std_error"}, {"conf_low", "conf_low"}, {"conf_high", "conf_high"}, {"statistic", "chisq"}, {"p_value", "p_value"}} {
					g, w := num(ct.Col(cc[0]), j), num(ref.Col(cc[1]), i)
					if !close(g, w, 1e-6, 1e-300) {
						t.Errorf("%s %s: got %.12g, R %.12g", ct.Col("term").Strings[j], cc[0], g, w)
					}
				}
				if g, w := m.LogLik, num(ref.Col("loglik"), i); !close(g, w, 1e-9, 0) {
					t.Errorf("penalised loglik %.12g, R %.12g", g, w)
				}
				// Wald rows follow the profile rows.
				w := k + j
				est, se := num(ct.Col("estimate"), w), num(ct.Col("std_error"), w)
				if ct.Col("vcov").Strings[w] != "classical" || !close(num(ct.Col("conf_low"), w), est-1.959963984540054*se, 1e-12, 0) {
					t.Errorf("Wald row %d: %v %v", w, ct.Col("vcov").Strings[w], num(ct.Col("conf_low"), w))
				}
			}
			if n != k {
				t.Errorf("%d reference rows, %d coefficients", n, k)
			}
		})
	}
}

// TestFirthPublished checks the endometrial estimates against those
// published by Heinze and Schemper (2002), to their three decimals.
func TestFirthPublished(t *testing.T) {
	endo, err := table.ReadFile("testdata/endometrial.csv")
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitFirthString("HG ~ NV + PI + EH", endo, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []float64{3.775, 2.929, -0.035, -2.604} {
		if math.Abs(m.Coef[j]-want) > 5e-4 {
			t.Errorf("%s = %.4f, published %.3f", m.Names[j], m.Coef[j], want)
		}
	}
	// Plain ML does not exist here. R's glm reports NV = 18.19 (se 1716)
	// without a warning; we must warn.
	ml, err := FitString("HG ~ NV + PI + EH", endo, Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "quasi-complete separation: in the 13 rows where NV = 1, HG is always 1; the maximum likelihood estimate of NV does not exist"
	if len(ml.Warnings) != 1 || !strings.HasPrefix(ml.Warnings[0], want) {
		t.Errorf("warnings %q, want one starting %q", ml.Warnings, want)
	}
	if _, err := m.Vcov("hc1"); err == nil {
		t.Error("sandwich variance accepted for a Firth fit")
	}
	if _, err := ml.Coefficients(0.95, "profile"); err == nil {
		t.Error("profile accepted for an ML fit")
	}
}
