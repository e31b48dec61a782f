package glm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/formula"
	"github.com/repnet/repnet/internal/table"
)

// FirthOptions control FitFirth. The zero value gives the defaults.
type FirthOptions struct {
	MaxIter int     // maximum iterations of a (constrained) fit; 0 means 100
	XTol    float64 // convergence: every |step_j| <= XTol*(1+|beta_j|); 0 means 1e-10
}

// FitFirth fits a logistic regression by Firth's penalised maximum
// likelihood (Firth 1993, Biometrika 80(1); Heinze and Schemper 2002,
// Statistics in Medicine 21(16)), as R's logistf: the log-likelihood is
// penalised by Jeffreys' invariant prior, l*(b) = l(b) + log|I(b)|/2 with
// I(b) = X'W(b)X, which gives finite estimates under separation and
// removes the O(1/n) bias of the ML estimates.
//
// The estimate solves the modified score equations
// U*(b) = sum_i x_i (y_i - p_i + h_i (1/2 - p_i)) = 0, h_i the diagonal of
// the hat matrix W^1/2 X (X'WX)^-1 X' W^1/2, by the iteration
// b <- b + I(b)^-1 U*(b) with logistf's safeguards: a step longer than 5 in
// any coordinate is shortened to 5, and a step that lowers l* is halved
// (up to 20 times). It stops when every |step_j| <= XTol (1 + |b_j|); the
// default XTol = 1e-10 is much tighter than logistf's 1e-5, so results
// agree with logistf's to about its own tolerance.
//
// The model's "classical" variance is I(b)^-1 at the estimate (Wald
// standard errors, intervals and z tests, as logistf with pl = FALSE).
// The pseudo-estimator "profile" in Coefficients gives logistf's default
// inference instead: profile penalised-likelihood confidence intervals
// and penalised likelihood ratio tests. LogLik is the penalised
// log-likelihood l*(b) (logistf's loglik); Deviance is -2 l(b), the
// unpenalised deviance at b; AIC is undefined (missing). Sandwich
// variances are not offered for Firth fits.
func FitFirth(f *formula.Formula, data *table.Table, opt *FirthOptions) (*Model, error) {
	d, err := formula.Build(f, data)
	if err != nil {
		return nil, err
	}
	if err := Logit.checkY(d.Y, d.Rows); err != nil {
		return nil, err
	}
	if d.N() <= d.NumCols() {
		return nil, fmt.Errorf("glm: Firth: %d observations for %d coefficients: need more observations than coefficients", d.N(), d.NumCols())
	}
	fo := firthOpts(opt)
	fs := &firthState{d: d, y: d.Y, opt: fo}
	p := d.NumCols()
	res, err := fs.fit(make([]float64, p), -1, 0)
	if err != nil {
		return nil, err
	}
	n := d.N()
	m := &Model{Formula: f, Family: Logit, Design: d, Data: data, Names: d.Names,
		NObs: n, NDropped: d.NDropped, Rank: p, DFResidual: n - p,
		Coef: res.beta, Iter: res.iter, Converged: res.converged, Dispersion: 1,
		LogLik: res.pll, AIC: math.NaN(), firth: fs}
	if !res.converged {
		m.Warnings = append(m.Warnings, fmt.Sprintf("Firth iteration did not converge in %d iterations", fo.MaxIter))
	}
	// Covariance, eta and mu at the estimate.
	m.eta = make([]float64, n)
	m.mu = make([]float64, n)
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	linpred(d, m.Coef, m.eta, idx, val)
	var ll float64
	for i, e := range m.eta {
		m.mu[i] = 1 / (1 + math.Exp(-e))
		ll += Logit.logLikUnit(d.Y[i], m.mu[i])
	}
	m.Deviance = -2 * ll
	m.xtwxInv = res.inv
	var s float64
	for _, v := range d.Y {
		s += v
	}
	for _, v := range d.Y {
		if d.Intercept() {
			m.NullDeviance += Logit.devResid(v, s/float64(n))
		} else {
			m.NullDeviance += Logit.devResid(v, 0.5)
		}
	}
	return m, nil
}

// FitFirthString parses formula and fits it; see FitFirth.
func FitFirthString(formulaText string, data *table.Table, opt *FirthOptions) (*Model, error) {
	f, err := formula.Parse(formulaText)
	if err != nil {
		return nil, err
	}
	return FitFirth(f, data, opt)
}

func firthOpts(o *FirthOptions) FirthOptions {
	out := FirthOptions{MaxIter: 100, XTol: 1e-10}
	if o != nil {
		if o.MaxIter > 0 {
			out.MaxIter = o.MaxIter
		}
		if o.XTol > 0 {
			out.XTol = o.XTol
		}
	}
	return out
}

type firthState struct {
	d   *formula.Design
	y   []float64
	opt FirthOptions
}

type firthResult struct {
	beta      []float64
	pll       float64       // penalised log-likelihood
	inv       *mat.SymDense // I(beta)^-1
	iter      int
	converged bool
}

// eval returns l*(beta), I(beta)^-1 and the modified score at beta.
func (fs *firthState) eval(beta []float64, wantScore bool) (pll float64, inv *mat.SymDense, score []float64, err error) {
	d := fs.d
	n, p := d.N(), d.NumCols()
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	a := make([]float64, p*p)
	pr := make([]float64, n)
	var ll float64
	for i := 0; i < n; i++ {
		k := d.Row(i, idx, val)
		var e float64
		for s := 0; s < k; s++ {
			e += beta[idx[s]] * val[s]
		}
		q := 1 / (1 + math.Exp(-e))
		pr[i] = q
		if fs.y[i] == 1 {
			ll += math.Log(q)
		} else {
			ll += math.Log1p(-q)
		}
		w := q * (1 - q)
		for s := 0; s < k; s++ {
			ws := w * val[s]
			row := idx[s] * p
			for t := s; t < k; t++ {
				a[row+idx[t]] += ws * val[t]
			}
		}
	}
	inv, logdet, err := invLogDet(a, p)
	if err != nil {
		return 0, nil, nil, err
	}
	pll = ll + logdet/2
	if !wantScore {
		return pll, inv, nil, nil
	}
	score = make([]float64, p)
	for i := 0; i < n; i++ {
		k := d.Row(i, idx, val)
		var h float64
		for s := 0; s < k; s++ {
			for t := 0; t < k; t++ {
				h += val[s] * val[t] * inv.At(idx[s], idx[t])
			}
		}
		q := pr[i]
		h *= q * (1 - q)
		u := fs.y[i] - q + h*(0.5-q)
		for s := 0; s < k; s++ {
			score[idx[s]] += u * val[s]
		}
	}
	return pll, inv, score, nil
}

// fit maximises l* from start; if fixed >= 0, coefficient fixed is held at
// fixval and the others maximise l* (the profile).
func (fs *firthState) fit(start []float64, fixed int, fixval float64) (*firthResult, error) {
	p := len(start)
	beta := append([]float64(nil), start...)
	if fixed >= 0 {
		beta[fixed] = fixval
	}
	pll, _, _, err := fs.eval(beta, false)
	if err != nil {
		return nil, fmt.Errorf("glm: Firth: %v", err)
	}
	res := &firthResult{}
	for it := 1; it <= fs.opt.MaxIter; it++ {
		res.iter = it
		_, inv, score, err := fs.eval(beta, true)
		if err != nil {
			return nil, fmt.Errorf("glm: Firth: iteration %d: %v", it, err)
		}
		var delta []float64
		if fixed < 0 {
			delta = make([]float64, p)
			for i := 0; i < p; i++ {
				for j := 0; j < p; j++ {
					delta[i] += inv.At(i, j) * score[j]
				}
			}
		} else {
			// Solve I_ff delta_f = U*_f, I_ff the information without
			// the fixed row and column: (I_ff)^-1 = Inv_ff - Inv_fj Inv_jf / Inv_jj.
			delta = make([]float64, p)
			jj := inv.At(fixed, fixed)
			for i := 0; i < p; i++ {
				if i == fixed {
					continue
				}
				for j := 0; j < p; j++ {
					if j == fixed {
						continue
					}
					delta[i] += (inv.At(i, j) - inv.At(i, fixed)*inv.At(fixed, j)/jj) * score[j]
				}
			}
		}
		mx := 0.0
		for _, v := range delta {
			mx = math.Max(mx, math.Abs(v))
		}
		if mx > 5 {
			for i := range delta {
				delta[i] *= 5 / mx
			}
		}
		nb := make([]float64, p)
		var npll float64
		for hs := 0; ; hs++ {
			f := math.Ldexp(1, -hs)
			for i := range nb {
				nb[i] = beta[i] + f*delta[i]
			}
			npll, _, _, err = fs.eval(nb, false)
			// A step is kept unless it lowers l* by more than rounding
			// error; otherwise the last, tiny Newton steps near the optimum
			// would be halved away.
			if err == nil && npll >= pll-1e-10*(1+math.Abs(pll)) || hs == 20 {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("glm: Firth: iteration %d: %v", it, err)
		}
		conv := true
		for i := range delta {
			if math.Abs(delta[i]) > fs.opt.XTol*(1+math.Abs(beta[i])) {
				conv = false
			}
		}
		beta, pll = nb, npll
		if conv {
			res.converged = true
			break
		}
	}
	for i, b := range beta {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, fmt.Errorf("glm: Firth: coefficient %s is not finite", fs.d.Names[i])
		}
	}
	_, inv, _, err := fs.eval(beta, false)
	if err != nil {
		return nil, fmt.Errorf("glm: Firth: %v", err)
	}
	res.beta, res.pll, res.inv = beta, pll, inv
	return res, nil
}

// invLogDet returns A^-1 and log|A| for the SPD matrix A given by its
// upper triangle, through the Cholesky factor of the equilibrated matrix.
func invLogDet(a []float64, p int) (*mat.SymDense, float64, error) {
	b := make([]float64, p)
	_, inv, err := solveSPD(a, b, p)
	if err != nil {
		return nil, 0, err
	}
	s := mat.NewSymDense(p, nil)
	var logd float64
	for i := 0; i < p; i++ {
		di := 1 / math.Sqrt(a[i*p+i])
		logd -= 2 * math.Log(di)
		for j := i; j < p; j++ {
			s.SetSym(i, j, a[i*p+j]*di/math.Sqrt(a[j*p+j]))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return nil, 0, errors.New("the information matrix is numerically singular")
	}
	return inv, logd + ch.LogDet(), nil
}

// profileRows returns, per coefficient, the profile penalised-likelihood
// confidence interval at level and the penalised likelihood ratio
// statistic for b_j = 0 (logistf's defaults, pl = TRUE): the interval is
// {b : 2 (l*(b_hat) - max l*(b_j = b)) <= chi2_1(level)}, its ends found by
// bracketing and the Illinois variant of regula falsi to 1e-10 relative;
// the test statistic 2 (l*(b_hat) - max l*(b_j = 0)) is referred to
// chi-square with 1 degree of freedom. An end that cannot be bracketed
// within 2^20 standard errors is reported missing.
func (m *Model) profileRows(level float64, b *coefBuilder, label string) error {
	fs := m.firth
	q := math.Pow(qnorm((1+level)/2), 2)
	for j, name := range m.Names {
		se := math.Sqrt(m.xtwxInv.At(j, j))
		warm := m.Coef
		prof := func(v float64) (float64, error) {
			r, err := fs.fit(warm, j, v)
			if err != nil {
				return 0, err
			}
			warm = r.beta
			return 2*(m.LogLik-r.pll) - q, nil
		}
		ends := [2]float64{}
		for side, sign := range []float64{-1, 1} {
			warm = m.Coef
			lo, glo := m.Coef[j], -q
			hi := math.NaN()
			var ghi float64
			for step := 1.0; step <= 1<<20; step *= 2 {
				v := m.Coef[j] + sign*step*se
				g, err := prof(v)
				if err != nil {
					return fmt.Errorf("glm: profile for %s: %v", name, err)
				}
				if g > 0 {
					hi, ghi = v, g
					break
				}
				lo, glo = v, g
			}
			if math.IsNaN(hi) {
				ends[side] = math.NaN()
				m.Warnings = appendOnce(m.Warnings, fmt.Sprintf("profile confidence limit for %s not found (the penalised likelihood is flat)", name))
				continue
			}
			// Illinois regula falsi between lo (g < 0) and hi (g > 0).
			side0 := 0
			x := hi
			for it := 0; it < 200; it++ {
				x = (lo*ghi - hi*glo) / (ghi - glo)
				g, err := prof(x)
				if err != nil {
					return fmt.Errorf("glm: profile for %s: %v", name, err)
				}
				if g == 0 || math.Abs(hi-lo) <= 1e-10*(1+math.Abs(x)) {
					break
				}
				if g < 0 {
					lo, glo = x, g
					if side0 == -1 {
						ghi /= 2
					}
					side0 = -1
				} else {
					hi, ghi = x, g
					if side0 == 1 {
						glo /= 2
					}
					side0 = 1
				}
			}
			ends[side] = x
		}
		warm = m.Coef
		g0, err := prof(0)
		if err != nil {
			return fmt.Errorf("glm: profile for %s: %v", name, err)
		}
		chisq := g0 + q
		b.term = append(b.term, name)
		b.est = append(b.est, m.Coef[j])
		b.se = append(b.se, se)
		b.stat = append(b.stat, chisq)
		b.p = append(b.p, math.Erfc(math.Sqrt(math.Max(chisq, 0)/2)))
		b.lo = append(b.lo, ends[0])
		b.hi = append(b.hi, ends[1])
		b.vcov = append(b.vcov, label)
	}
	return nil
}
