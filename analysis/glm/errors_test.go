package glm

import (
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

func toy() *table.Table {
	return table.New(
		table.NewFloat("y", []float64{0, 0, 0, 1, 0, 1, 1, 1, 0, 1}),
		table.NewFloat("x", []float64{-2, -1.5, -1, -0.5, 0.2, 0.5, 1, 1.5, 2, 2.5}),
		table.NewFloat("sep", []float64{-2, -1.5, -1, 0.5, -0.2, 0.5, 1, 1.5, -2, 2.5}),
		table.NewInt("a", []int64{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}),
		table.NewInt("b", []int64{2, 3, 3, 4, 4, 5, 5, 1, 1, 2}),
		table.NewFloat("gap", []float64{1, 2, math.NaN(), 1, 2, 1, 2, 1, 2, 1}),
		table.NewFloat("cnt", []float64{0, 1, 2, 0.5, 3, 1, 0, 2, 1, 4}),
	)
}

func TestFitErrors(t *testing.T) {
	d := toy()
	for _, c := range []struct {
		formula string
		fam     Family
		msg     string
	}{
		{"x ~ y", Logit, "binomial response must be 0 or 1 (or bool); found -2 at data row 1"},
		{"x ~ y", Poisson, "poisson response must be non-negative; found -2 at data row 1"},
		{"y ~ nope", Logit, `no column "nope"`},
		{"y ~ x +", Logit, "at column 8"},
	} {
		_, err := FitString(c.formula, d, c.fam, nil)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s (%v): got %v, want error containing %q", c.formula, c.fam, err, c.msg)
		}
	}
	three := table.New(table.NewFloat("y", []float64{1, 2, 4}), table.NewFloat("x", []float64{0, 1, 3}), table.NewFloat("z", []float64{1, 0, 2}))
	if _, err := FitString("y ~ x + z", three, Gaussian, nil); err == nil || !strings.Contains(err.Error(), "3 observations (after dropping 0 with missing values) for 3 coefficients") {
		t.Errorf("n = p: %v", err)
	}
	if _, err := ParseFamily("gamma"); err == nil || !strings.Contains(err.Error(), "unknown family") {
		t.Errorf("ParseFamily(gamma): %v", err)
	}
}

// TestSeparation: sep > 0 exactly when y = 1, so the logit MLE does not
// exist. As R's glm, the fit stops with huge estimates and warns; it must
// say so, never return NaN.
func TestSeparation(t *testing.T) {
	m, err := FitString("y ~ sep", toy(), Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(m.Warnings, "; ")
	if !strings.Contains(w, "fitted probabilities numerically 0 or 1 occurred") || !strings.Contains(w, "FitFirth") {
		t.Errorf("warnings %q lack the separation warning", w)
	}
	for _, c := range m.Coef {
		if math.IsNaN(c) {
			t.Errorf("NaN coefficient")
		}
	}
	st := m.Stats()
	if st.Col("warnings").Strings[0] == "" {
		t.Error("Stats has no warnings")
	}
	ct, err := m.Coefficients(0.95, "classical")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < ct.NumRows(); i++ {
		if ct.Col("std_error").IsMissing(i) {
			t.Errorf("missing standard error")
		}
	}
}

func TestNonConvergence(t *testing.T) {
	m, err := FitString("y ~ x", toy(), Logit, &Options{MaxIter: 2})
	if err != nil {
		t.Fatal(err)
	}
	if m.Converged || m.Iter != 2 || !strings.Contains(strings.Join(m.Warnings, ";"), "did not converge in 2 iterations") {
		t.Errorf("converged %v iter %d warnings %v", m.Converged, m.Iter, m.Warnings)
	}
}

func TestPoissonNonInteger(t *testing.T) {
	m, err := FitString("cnt ~ x", toy(), Poisson, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(m.LogLik) || !math.IsNaN(m.AIC) || !strings.Contains(strings.Join(m.Warnings, ";"), "non-integer counts") {
		t.Errorf("loglik %v aic %v warnings %v", m.LogLik, m.AIC, m.Warnings)
	}
	if m.Stats().Col("loglik").Format(0) != "" {
		t.Error("loglik not missing in Stats")
	}
}

func TestVcovErrors(t *testing.T) {
	m, err := FitString("y ~ x", toy(), Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ spec, msg string }{
		{"sandwich", "unknown variance estimator"},
		{"cluster", "cluster needs one or more columns"},
		{"cluster:a,a", `column "a" given twice`},
		{"dyadic:a", "dyadic needs the two member columns"},
		{"hc1:a", "hc1 takes no columns"},
		{"cluster:nope", `no column "nope" (columns: y, x, sep, a, b, gap, cnt)`},
		{"cluster:gap", `column "gap" is missing in 1 of the rows used (first at data row 3)`},
		{"dyadic:a,a", "dyadic needs the two member columns"},
		{"dyadic:a,gap", `member columns "a" (int) and "gap" (float) differ in type`},
	} {
		_, err := m.Vcov(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Vcov(%q): got %v, want error containing %q", c.spec, err, c.msg)
		}
	}
	d := toy()
	d.Col("b").Ints[4] = 3
	m2, err := FitString("y ~ x", d, Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m2.Vcov("dyadic:a,b"); err == nil || !strings.Contains(err.Error(), "data row 5 has the same member") {
		t.Errorf("dyadic with a == b: %v", err)
	}
	if _, err := m.Coefficients(1.5); err == nil {
		t.Error("level 1.5 accepted")
	}
}

func TestCheckVcovs(t *testing.T) {
	for _, c := range []struct {
		vcovs          []string
		firth, margins bool
		want           string // "" for no error
	}{
		{[]string{"classical", "hc1", "cluster:a", "cluster:a,b", "dyadic:a,b"}, false, false, ""},
		{[]string{"classical", "profile"}, true, false, ""},
		{[]string{"hc0"}, false, true, ""},
		{[]string{"cluster:"}, false, false, "empty column name"},
		{[]string{"robust"}, false, false, `unknown variance estimator "robust"`},
		{[]string{"classical", "hc1"}, true, false, `variance "hc1": Firth fits offer classical and profile inference only`},
		{[]string{"profile"}, false, false, `"profile" (profile penalised-likelihood inference) needs a Firth fit`},
		{[]string{"profile"}, true, true, "does not apply to average marginal effects"},
	} {
		err := CheckVcovs(c.vcovs, c.firth, c.margins)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%v firth %v margins %v: %v, want %q", c.vcovs, c.firth, c.margins, err, c.want)
		}
	}
}

// TestConstantResponse: an outcome that never varies has no maximum
// likelihood estimates. R's glm can stop with "converged" and no warning
// (intercept about -26.6 for an all-zero logit); the fit must say why its
// estimates are meaningless, and the separation warnings must name the
// command-line remedy as well as the function.
func TestConstantResponse(t *testing.T) {
	d := toy()
	zero := make([]float64, d.NumRows())
	one := make([]float64, d.NumRows())
	for i := range one {
		one[i] = 1
	}
	d = table.New(append(d.Columns, table.NewFloat("z", zero), table.NewFloat("o", one))...)
	for _, c := range []struct {
		formula string
		fam     Family
		want    string
	}{
		{"z ~ x", Logit, "the outcome z is 0 in all 10 rows used"},
		{"o ~ x", Probit, "the outcome o is 1 in all 10 rows used"},
		{"z ~ x", Poisson, "the outcome z is 0 in all 10 rows used"},
	} {
		m, err := FitString(c.formula, d, c.fam, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.formula, err)
		}
		if w := strings.Join(m.Warnings, "; "); !strings.Contains(w, c.want) {
			t.Errorf("%s (%v): warnings %q lack %q", c.formula, c.fam, w, c.want)
		}
	}
	for _, f := range []string{"y ~ x", "cnt ~ x"} {
		fam := Logit
		if f == "cnt ~ x" {
			fam = Poisson
		}
		m, err := FitString(f, d, fam, nil)
		if err != nil {
			t.Fatal(err)
		}
		if w := strings.Join(m.Warnings, "; "); strings.Contains(w, "in all 10 rows used") {
			t.Errorf("%s: a varying outcome reported constant: %q", f, w)
		}
	}
	m, err := FitString("y ~ sep", toy(), Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(m.Warnings, "; "); !strings.Contains(w, "repnet model --firth") {
		t.Errorf("separation warnings %q do not name --firth", w)
	}
}
