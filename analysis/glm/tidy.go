package glm

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"github.com/repnet/repnet/internal/table"
)

// Distribution of a test statistic: the standard normal (DF = 0) or
// Student's t with DF degrees of freedom.
type Distribution struct {
	DF int
}

func (d Distribution) String() string {
	if d.DF == 0 {
		return "z"
	}
	return fmt.Sprintf("t(%d)", d.DF)
}

// pTwoSided returns P(|T| >= |x|).
func (d Distribution) pTwoSided(x float64) float64 {
	if math.IsNaN(x) {
		return math.NaN()
	}
	if d.DF == 0 {
		return math.Erfc(math.Abs(x) / math.Sqrt2)
	}
	nu := float64(d.DF)
	return mathext.RegIncBeta(nu/2, 0.5, nu/(x*x+nu))
}

// quantile returns the upper (1-level)/2 critical value.
func (d Distribution) quantile(level float64) float64 {
	alpha := 1 - level
	if d.DF == 0 {
		return -qnorm(alpha / 2)
	}
	nu := float64(d.DF)
	t := mathext.InvRegIncBeta(nu/2, 0.5, alpha)
	return math.Sqrt(nu * (1 - t) / t)
}

// StatDistribution returns the distribution used for the statistics and
// p-values of the coefficients under the variance estimator kind: as R's
// summary.glm for the classical estimator (t with the residual degrees of
// freedom for gaussian, whose dispersion is estimated; z otherwise), and
// as lmtest::coeftest(fit, vcov = ...) for the sandwich estimators, which
// for a glm object uses z (df = Inf) whatever the family.
func (m *Model) StatDistribution(kind VcovKind) Distribution {
	if kind == Classical && !m.Family.dispersionFixed() {
		return Distribution{DF: m.DFResidual}
	}
	return Distribution{}
}

// CoefColumns are the columns of a coefficient table, broom's names in
// snake case plus the variance estimator.
var CoefColumns = []string{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high", "vcov"}

// Coefficients returns the coefficient table: one row per term and
// variance estimator (terms in formula order within each estimator, the
// estimators in the order given; none means "classical"), with columns
// CoefColumns. vcov holds each estimator string exactly as given. The
// statistic is estimate/std_error, referred to the distribution given by
// StatDistribution; conf_low and conf_high are the Wald interval at the
// given level (e.g. 0.95) from the same distribution, as lmtest::coefci.
// For Firth fits the pseudo-estimator "profile" gives profile penalised
// likelihood intervals, and as statistic the penalised likelihood ratio
// chi-square for the coefficient being 0, with its p-value (std_error is
// the Wald one); see FitFirth.
// The table's metadata records, per estimator, "statistic:<vcov>" = "z" or
// "t(df)", the formula, family and number of observations, and under
// "warnings" the model's warnings and any variance estimator's (a
// standard error is missing where a multiway-clustered variance is
// negative; see NegativeVarianceError).
func (m *Model) Coefficients(level float64, vcovs ...string) (*table.Table, error) {
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("glm: confidence level %v is not between 0 and 1", level)
	}
	if len(vcovs) == 0 {
		vcovs = []string{"classical"}
	}
	b := newCoefBuilder()
	meta := map[string]string{}
	var warns []string
	for _, v := range vcovs {
		spec, err := ParseVcov(v)
		if err != nil {
			return nil, err
		}
		if spec.Kind == Profile {
			if m.firth == nil {
				return nil, fmt.Errorf("glm: %q: profile inference is only implemented for Firth fits", v)
			}
			if err := m.profileRows(level, b, v); err != nil {
				return nil, err
			}
			meta["statistic:"+v] = "chisq(1): penalised likelihood ratio"
			continue
		}
		cov, warn, err := m.vcovTolerant(spec)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			warns = append(warns, warn)
		}
		dist := m.StatDistribution(spec.Kind)
		meta["statistic:"+v] = dist.String()
		for j, name := range m.Names {
			b.add(name, m.Coef[j], math.Sqrt(cov.At(j, j)), dist, level, v)
		}
	}
	t := b.table()
	for k, v := range meta {
		t.SetMeta(k, v)
	}
	m.setWarnings(t, warns)
	m.setMeta(t)
	t.SetMeta("conf_level", fmt.Sprint(level))
	return t, nil
}

// vcovTolerant is vcov, except that a variance matrix with negative
// variances is returned (their square roots become missing) with a
// warning instead of an error.
func (m *Model) vcovTolerant(spec VcovSpec) (*mat.SymDense, string, error) {
	cov, err := m.vcov(spec)
	var nv *NegativeVarianceError
	if errors.As(err, &nv) {
		return cov, nv.Error() + "; reported as missing", nil
	}
	return cov, "", err
}

// setWarnings records the model's warnings and those of the table in the
// table's metadata under "warnings", joined by "; ".
func (m *Model) setWarnings(t *table.Table, extra []string) {
	if w := append(append([]string(nil), m.Warnings...), extra...); len(w) > 0 {
		t.SetMeta("warnings", strings.Join(w, "; "))
	}
}

func (m *Model) setMeta(t *table.Table) {
	t.SetMeta("formula", m.Formula.String())
	t.SetMeta("family", m.Family.Name)
	t.SetMeta("link", m.Family.Link)
	t.SetMeta("nobs", fmt.Sprint(m.NObs))
	t.SetMeta("ndropped", fmt.Sprint(m.NDropped))
	t.AddSources(m.Data.Sources...)
}

type coefBuilder struct {
	term, vcov               []string
	est, se, stat, p, lo, hi []float64
}

func newCoefBuilder() *coefBuilder { return &coefBuilder{} }

func (b *coefBuilder) add(term string, est, se float64, dist Distribution, level float64, vcov string) {
	if !(se >= 0) {
		se = math.NaN() // a negative variance: missing, with a warning
	}
	stat := est / se
	q := dist.quantile(level)
	b.term = append(b.term, term)
	b.est = append(b.est, est)
	b.se = append(b.se, se)
	b.stat = append(b.stat, stat)
	b.p = append(b.p, dist.pTwoSided(stat))
	b.lo = append(b.lo, est-q*se)
	b.hi = append(b.hi, est+q*se)
	b.vcov = append(b.vcov, vcov)
}

func (b *coefBuilder) table() *table.Table {
	return table.New(
		table.NewString("term", b.term),
		table.NewFloat("estimate", b.est),
		table.NewFloat("std_error", b.se),
		table.NewFloat("statistic", b.stat),
		table.NewFloat("p_value", b.p),
		table.NewFloat("conf_low", b.lo),
		table.NewFloat("conf_high", b.hi),
		table.NewString("vcov", b.vcov),
	)
}

// StatsColumns are the columns of the fit-statistics table.
var StatsColumns = []string{"formula", "family", "link", "method", "nobs", "ndropped", "loglik", "aic", "deviance", "null_deviance", "df_residual", "dispersion", "iterations", "converged", "warnings"}

// Stats returns the fit statistics as a one-row table with columns
// StatsColumns: method ("IRLS" or "Firth"), nobs and ndropped (rows used and dropped for missing
// values), loglik and aic (as R's logLik and AIC; missing when undefined,
// as for poisson with non-integer counts), deviance and null_deviance,
// df_residual, dispersion (1, or RSS/df for gaussian), iterations,
// converged, and warnings (joined by "; ", empty if none).
func (m *Model) Stats() *table.Table {
	t := table.New(
		table.NewString("formula", []string{m.Formula.String()}),
		table.NewString("family", []string{m.Family.Name}),
		table.NewString("link", []string{m.Family.Link}),
		table.NewString("method", []string{m.Method()}),
		table.NewInt("nobs", []int64{int64(m.NObs)}),
		table.NewInt("ndropped", []int64{int64(m.NDropped)}),
		table.NewFloat("loglik", []float64{m.LogLik}),
		table.NewFloat("aic", []float64{m.AIC}),
		table.NewFloat("deviance", []float64{m.Deviance}),
		table.NewFloat("null_deviance", []float64{m.NullDeviance}),
		table.NewInt("df_residual", []int64{int64(m.DFResidual)}),
		table.NewFloat("dispersion", []float64{m.Dispersion}),
		table.NewInt("iterations", []int64{int64(m.Iter)}),
		table.NewBool("converged", []bool{m.Converged}),
		table.NewString("warnings", []string{strings.Join(m.Warnings, "; ")}),
	)
	m.setMeta(t)
	return t
}
