package glm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/formula"
	"github.com/repnet/repnet/internal/table"
)

// Options control the IRLS iteration. The zero value means R's defaults
// (glm.control()).
type Options struct {
	MaxIter int     // maximum IRLS iterations; 0 means 25
	Epsilon float64 // convergence tolerance on the deviance; 0 means 1e-8
}

// Model is a fitted generalised linear model.
type Model struct {
	Formula *formula.Formula
	Family  Family
	Design  *formula.Design
	Data    *table.Table // the table the model was fitted on (for cluster columns)

	Names     []string  // coefficient names, as R's
	Coef      []float64 // estimates
	Iter      int       // IRLS iterations done
	Converged bool      // whether the deviance criterion was met
	Boundary  bool      // whether step halving was needed (R's fit$boundary)

	NObs, NDropped int     // rows used, rows dropped for missing values
	Rank           int     // number of coefficients
	DFResidual     int     // NObs - Rank
	Deviance       float64 // residual deviance
	NullDeviance   float64 // deviance of the intercept-only (or null) model
	AIC            float64 // as R's AIC(); NaN (missing) when undefined
	LogLik         float64 // as R's logLik(); NaN (missing) when undefined
	Dispersion     float64 // summary.glm's: 1 for binomial, poisson; RSS/df for gaussian
	Warnings       []string

	eta, mu []float64
	weights []float64     // working weights of the last IRLS iteration
	wres    []float64     // working residual times working weight: the score factor
	xtwxInv *mat.SymDense // (X'WX)^-1 with the last iteration's weights (cov.unscaled)
	firth   *firthState   // non-nil for FitFirth models
}

// Method returns how the model was fitted: "IRLS" (maximum likelihood) or
// "Firth" (penalised maximum likelihood).
func (m *Model) Method() string {
	if m.firth != nil {
		return "Firth"
	}
	return "IRLS"
}

// Fit fits the formula to the data by iteratively reweighted least
// squares, as R's glm(formula, family, data). See the package
// documentation for the conventions.
func Fit(f *formula.Formula, data *table.Table, fam Family, opt *Options) (*Model, error) {
	if !fam.valid() {
		return nil, fmt.Errorf("glm: unsupported family %v", fam)
	}
	d, err := formula.Build(f, data)
	if err != nil {
		return nil, err
	}
	return fitDesign(d, data, fam, opt)
}

// FitString parses formula and fits it; see Fit.
func FitString(formulaText string, data *table.Table, fam Family, opt *Options) (*Model, error) {
	f, err := formula.Parse(formulaText)
	if err != nil {
		return nil, err
	}
	return Fit(f, data, fam, opt)
}

func fitDesign(d *formula.Design, data *table.Table, fam Family, opt *Options) (*Model, error) {
	maxit, epsilon := 25, 1e-8
	if opt != nil {
		if opt.MaxIter > 0 {
			maxit = opt.MaxIter
		}
		if opt.Epsilon > 0 {
			epsilon = opt.Epsilon
		}
	}
	y := d.Y
	if err := fam.checkY(y, d.Rows); err != nil {
		return nil, err
	}
	n, p := d.N(), d.NumCols()
	if n <= p {
		// R fits this, with NaN standard errors.
		return nil, fmt.Errorf("glm: %d observations (after dropping %d with missing values) for %d coefficients: need more observations than coefficients", n, d.NDropped, p)
	}
	m := &Model{Formula: d.Formula, Family: fam, Design: d, Data: data, Names: d.Names,
		NObs: n, NDropped: d.NDropped, Rank: p, DFResidual: n - p}
	eta := make([]float64, n)
	mu := make([]float64, n)
	for i := range y {
		eta[i] = fam.linkfun(fam.mustart(y[i]))
		mu[i] = fam.linkinv(eta[i])
	}
	devold := deviance(fam, y, mu)
	w := make([]float64, n)
	r := make([]float64, n)
	var coef, coefold []float64
	var ainv *mat.SymDense
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	a := make([]float64, p*p)
	b := make([]float64, p)
	conv := false
	iter := 0
	for iter = 1; iter <= maxit; iter++ {
		for i := range y {
			me := fam.muEta(eta[i])
			w[i] = me * me / fam.variance(mu[i])
			r[i] = (y[i] - mu[i]) / me
		}
		// Normal equations of the weighted least squares step. In the
		// first iteration the right-hand side is X'Wz with z = eta + r;
		// afterwards X'Wr, the step from the current coefficients.
		clear(a)
		clear(b)
		for i := 0; i < n; i++ {
			k := d.Row(i, idx, val)
			wi := w[i]
			zi := r[i]
			if coef == nil {
				zi += eta[i]
			}
			for s := 0; s < k; s++ {
				ws := wi * val[s]
				row := idx[s] * p
				b[idx[s]] += ws * zi
				for t := s; t < k; t++ {
					a[row+idx[t]] += ws * val[t]
				}
			}
		}
		sol, inv, err := solveSPD(a, b, p)
		if err != nil {
			return nil, fmt.Errorf("glm: iteration %d: %v%s", iter, err, separationHint(fam))
		}
		ainv = inv
		start := sol
		if coef != nil {
			for j := range start {
				start[j] += coef[j]
			}
		}
		linpred(d, start, eta, idx, val)
		for i := range eta {
			mu[i] = fam.linkinv(eta[i])
		}
		dev := deviance(fam, y, mu)
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			if coefold == nil {
				return nil, errors.New("glm: no valid set of coefficients has been found (the deviance is not finite after the first iteration)")
			}
			m.Warnings = appendOnce(m.Warnings, "step size truncated due to divergence")
			for ii := 1; math.IsNaN(dev) || math.IsInf(dev, 0); ii++ {
				if ii > maxit {
					return nil, errors.New("glm: cannot correct step size: the deviance stays infinite")
				}
				for j := range start {
					start[j] = (start[j] + coefold[j]) / 2
				}
				linpred(d, start, eta, idx, val)
				for i := range eta {
					mu[i] = fam.linkinv(eta[i])
				}
				dev = deviance(fam, y, mu)
			}
			m.Boundary = true
		}
		if math.Abs(dev-devold)/(math.Abs(dev)+0.1) < epsilon {
			conv = true
			coef = start
			m.Deviance = dev
			break
		}
		devold = dev
		m.Deviance = dev
		coef = start
		coefold = append(coefold[:0], start...)
	}
	if iter > maxit {
		iter = maxit
	}
	for j, c := range coef {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("glm: coefficient %s is not finite after %d iterations%s", d.Names[j], iter, separationHint(fam))
		}
	}
	m.Coef = coef
	m.Iter = iter
	m.Converged = conv
	m.eta, m.mu, m.weights, m.xtwxInv = eta, mu, w, ainv
	if !conv {
		m.Warnings = append(m.Warnings, fmt.Sprintf("IRLS did not converge in %d iterations", maxit))
	}
	if m.Boundary {
		m.Warnings = append(m.Warnings, "IRLS stopped at the boundary (step halving)")
	}
	// Working residuals with the final mu, times the last working weights,
	// as residuals(fit, "working") * weights(fit, "working") in R.
	m.wres = make([]float64, n)
	var rss float64
	for i := range y {
		ri := (y[i] - mu[i]) / fam.muEta(eta[i])
		m.wres[i] = ri * w[i]
		rss += w[i] * ri * ri
	}
	if w := constantResponse(fam, d); w != "" {
		m.Warnings = append(m.Warnings, w)
	}
	const eps10 = 10 * dblEps
	switch fam.Name {
	case "binomial":
		c := 0
		for _, v := range mu {
			if v > 1-eps10 || v < eps10 {
				c++
			}
		}
		if c > 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("fitted probabilities numerically 0 or 1 occurred (%d of %d observations): the outcome is (quasi-)separated by some terms, whose estimates and standard errors are not meaningful; %s", c, n, firthHint))
		}
		m.Warnings = append(m.Warnings, indicatorSeparation(d)...)
	case "poisson":
		c := 0
		for _, v := range mu {
			if v < eps10 {
				c++
			}
		}
		if c > 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("fitted rates numerically 0 occurred (%d of %d observations)", c, n))
		}
	}
	// Null deviance: intercept-only fit (the weighted mean), or mu = g^-1(0).
	var nd float64
	if d.Intercept() {
		var s float64
		for _, v := range y {
			s += v
		}
		wm := s / float64(n)
		for _, v := range y {
			nd += fam.devResid(v, wm)
		}
	} else {
		mu0 := fam.linkinv(0)
		for _, v := range y {
			nd += fam.devResid(v, mu0)
		}
	}
	m.NullDeviance = nd
	// AIC and log-likelihood as R's family$aic, AIC() and logLik().
	if fam.dispersionFixed() {
		m.Dispersion = 1
		var ll float64
		for i, v := range y {
			ll += fam.logLikUnit(v, mu[i])
		}
		if math.IsNaN(ll) {
			m.Warnings = append(m.Warnings, "non-integer counts: the poisson log-likelihood and AIC are undefined (reported missing); the estimates are the pseudo-maximum-likelihood (PPML) ones")
		}
		m.LogLik = ll
		m.AIC = -2*ll + 2*float64(p)
	} else {
		m.Dispersion = rss / float64(n-p)
		nf := float64(n)
		m.AIC = nf*(math.Log(2*math.Pi*m.Deviance/nf)+1) + 2 + 2*float64(p)
		m.LogLik = float64(p+1) - m.AIC/2
	}
	return m, nil
}

// indicatorSeparation finds 0/1 design columns (bool and dummy columns,
// factor levels) one of whose values occurs with only one outcome: then
// the outcome is quasi-completely separated and the ML estimate of that
// column's coefficient does not exist, even when no fitted probability is
// numerically 0 or 1 and R's glm gives no warning (as with NV in Heinze
// and Schemper's endometrial data). This is the check Stata's logit makes
// ("x != 0 predicts success perfectly"); separation by a combination of
// columns is caught only by the fitted-probability warning.
func indicatorSeparation(d *formula.Design) []string {
	p := d.NumCols()
	n := d.N()
	binary := make([]bool, p)
	for j := range binary {
		binary[j] = true
	}
	n1 := make([]int, p)
	y1 := make([]float64, p)
	var ysum float64
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for i := 0; i < n; i++ {
		ysum += d.Y[i]
		k := d.Row(i, idx, val)
		for s := 0; s < k; s++ {
			switch val[s] {
			case 0:
			case 1:
				n1[idx[s]]++
				y1[idx[s]] += d.Y[i]
			default:
				binary[idx[s]] = false
			}
		}
	}
	var out []string
	resp := d.Formula.Vars[d.Formula.Response].Label
	for j := 0; j < p; j++ {
		if !binary[j] || (j == 0 && d.Intercept()) {
			continue
		}
		n0, y0 := n-n1[j], ysum-y1[j]
		for _, c := range []struct {
			v      int
			nr, ys float64
		}{{1, float64(n1[j]), y1[j]}, {0, float64(n0), y0}} {
			if c.nr == 0 || (c.ys != 0 && c.ys != c.nr) {
				continue
			}
			out = append(out, fmt.Sprintf("quasi-complete separation: in the %d rows where %s = %d, %s is always %d; the maximum likelihood estimate of %s does not exist (it diverges, and its standard error is meaningless): %s, or drop or merge the term",
				int(c.nr), d.Names[j], c.v, resp, int(c.ys/c.nr), d.Names[j], firthHint))
		}
	}
	return out
}

// firthHint ends the separation warnings. It names the command-line flag
// too: the warnings are printed by repnet model as they are.
const firthHint = "consider Firth's penalised logit (FitFirth; repnet model --firth)"

// constantResponse reports a binomial response that is the same in every
// row used, or a poisson response that is 0 in every row: the maximum
// likelihood estimates then do not exist (the fitted mean goes to the
// boundary), yet R's glm may report convergence without a warning.
func constantResponse(fam Family, d *formula.Design) string {
	var sum float64
	for _, v := range d.Y {
		sum += v
	}
	n := d.N()
	resp := d.Formula.Vars[d.Formula.Response].Label
	var val string
	switch {
	case fam.Name == "binomial" && sum == 0, fam.Name == "poisson" && sum == 0:
		val = "0"
	case fam.Name == "binomial" && sum == float64(n):
		val = "1"
	default:
		return ""
	}
	s := fmt.Sprintf("the outcome %s is %s in all %d rows used: the maximum likelihood estimates do not exist (the fitted mean goes to %s) and the estimates and standard errors are not meaningful", resp, val, n, val)
	if fam.Name == "binomial" {
		s += "; " + firthHint
	}
	return s
}

func separationHint(fam Family) string {
	if fam.Name == "binomial" {
		return " (are the data separated? " + firthHint + ")"
	}
	return ""
}

func appendOnce(ws []string, w string) []string {
	for _, v := range ws {
		if v == w {
			return ws
		}
	}
	return append(ws, w)
}

func deviance(fam Family, y, mu []float64) float64 {
	var s float64
	for i := range y {
		s += fam.devResid(y[i], mu[i])
	}
	return s
}

// linpred sets eta = X beta.
func linpred(d *formula.Design, beta, eta []float64, idx []int, val []float64) {
	for i := range eta {
		k := d.Row(i, idx, val)
		var s float64
		for j := 0; j < k; j++ {
			s += beta[idx[j]] * val[j]
		}
		eta[i] = s
	}
}

// solveSPD solves A x = b for the symmetric positive definite p x p
// matrix A given by its upper triangle (row-major) and returns x and
// A^-1. A is equilibrated to unit diagonal before the Cholesky
// factorisation (D A D with D = diag(A)^-1/2), which makes the factorisation
// insensitive to the scale of the columns.
func solveSPD(a, b []float64, p int) ([]float64, *mat.SymDense, error) {
	dsc := make([]float64, p)
	for j := 0; j < p; j++ {
		if !(a[j*p+j] > 0) {
			return nil, nil, fmt.Errorf("X'WX has a zero diagonal element (column %d): all its weights vanish", j+1)
		}
		dsc[j] = 1 / math.Sqrt(a[j*p+j])
	}
	s := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			s.SetSym(i, j, a[i*p+j]*dsc[i]*dsc[j])
		}
	}
	var ch mat.Cholesky
	if ok := ch.Factorize(s); !ok {
		return nil, nil, errors.New("X'WX is numerically singular")
	}
	rhs := mat.NewVecDense(p, nil)
	for j := 0; j < p; j++ {
		rhs.SetVec(j, b[j]*dsc[j])
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, rhs); err != nil {
		return nil, nil, fmt.Errorf("X'WX is numerically singular: %v", err)
	}
	sol := make([]float64, p)
	for j := 0; j < p; j++ {
		sol[j] = x.AtVec(j) * dsc[j]
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, nil, fmt.Errorf("X'WX is numerically singular: %v", err)
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			inv.SetSym(i, j, inv.At(i, j)*dsc[i]*dsc[j])
		}
	}
	return sol, &inv, nil
}
