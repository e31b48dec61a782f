package qap

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// design is a dense regression problem on the cells of a network: k
// columns of length n, stored column by column.
type design struct {
	x [][]float64
	y []float64
}

func (d *design) n() int { return len(d.y) }
func (d *design) k() int { return len(d.x) }

// fitResult holds a fit's coefficients and their test statistics
// (t or z values).
type fitResult struct {
	coef, stat []float64
	converged  bool
}

// spdInverse inverts the SPD matrix given by its upper triangle (k x k,
// row-major) after scaling it to unit diagonal.
func spdInverse(a []float64, k int) (*mat.SymDense, error) {
	d := make([]float64, k)
	for j := 0; j < k; j++ {
		if !(a[j*k+j] > 0) {
			return nil, errors.New("a column is zero on every cell used")
		}
		d[j] = 1 / math.Sqrt(a[j*k+j])
	}
	s := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			s.SetSym(i, j, a[i*k+j]*d[i]*d[j])
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return nil, errors.New("the regressors are collinear")
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, errors.New("the regressors are collinear")
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			inv.SetSym(i, j, inv.At(i, j)*d[i]*d[j])
		}
	}
	return &inv, nil
}

func mulSym(inv *mat.SymDense, b []float64) []float64 {
	k := len(b)
	out := make([]float64, k)
	for i := 0; i < k; i++ {
		var s float64
		for j := 0; j < k; j++ {
			s += inv.At(i, j) * b[j]
		}
		out[i] = s
	}
	return out
}

// ols fits y on x by least squares: the normal equations, solved by an
// equilibrated Cholesky factorisation, then one step of iterative
// refinement on the residuals (which restores the accuracy of a QR
// solution for the well-conditioned problems of network regression). The
// statistics are t values, coef / sqrt(diag((X'X)^-1) RSS/(n-k)), as sna's
// netlm. resid, if non-nil, receives the residuals.
func ols(d *design, resid []float64) (*fitResult, error) {
	n, k := d.n(), d.k()
	a := make([]float64, k*k)
	for i := 0; i < k; i++ {
		xi := d.x[i]
		for j := i; j < k; j++ {
			a[i*k+j] = dot(xi, d.x[j])
		}
	}
	inv, err := spdInverse(a, k)
	if err != nil {
		return nil, err
	}
	b := make([]float64, k)
	for i := 0; i < k; i++ {
		b[i] = dot(d.x[i], d.y)
	}
	coef := mulSym(inv, b)
	r := resid
	if r == nil {
		r = make([]float64, n)
	}
	for refine := 0; refine < 2; refine++ {
		copy(r, d.y)
		for j := 0; j < k; j++ {
			axpy(-coef[j], d.x[j], r)
		}
		if refine == 1 {
			break
		}
		for i := 0; i < k; i++ {
			b[i] = dot(d.x[i], r)
		}
		delta := mulSym(inv, b)
		for j := range coef {
			coef[j] += delta[j]
		}
	}
	rss := dot(r, r)
	s2 := rss / float64(n-k)
	res := &fitResult{coef: coef, stat: make([]float64, k), converged: true}
	for j := 0; j < k; j++ {
		res.stat[j] = coef[j] / math.Sqrt(inv.At(j, j)*s2)
	}
	return res, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(alpha float64, x, y []float64) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

// logit fits a logistic regression of y on x (no implicit intercept) as
// R's glm.fit(x, y, family = binomial()): starting values mu = (y + 1/2)/2,
// IRLS, stop when |dev - dev_old|/(|dev| + 0.1) < 1e-8 or after 25
// iterations. The z values are coef / sqrt(diag((X'WX)^-1)) with the
// weights of the last iteration, as sna's netlogit (which takes them from
// glm.fit's QR).
func logit(d *design) (*fitResult, error) {
	n, k := d.n(), d.k()
	eta := make([]float64, n)
	beta := make([]float64, k)
	for i, y := range d.y {
		mu := (y + 0.5) / 2
		eta[i] = math.Log(mu / (1 - mu))
	}
	devold := binDev(d.y, eta)
	a := make([]float64, k*k)
	b := make([]float64, k)
	xi := make([]float64, k)
	var inv *mat.SymDense
	conv := false
	for iter := 1; iter <= 25; iter++ {
		clear(a)
		clear(b)
		for i := 0; i < n; i++ {
			e := eta[i]
			mu, w := logistic(e)
			z := (d.y[i] - mu) / w // the working residual
			if iter == 1 {
				z += e // first step: solve for beta, not for a step
			}
			for j := 0; j < k; j++ {
				xi[j] = d.x[j][i]
			}
			for p := 0; p < k; p++ {
				wp := w * xi[p]
				b[p] += wp * z
				row := a[p*k:]
				for q := p; q < k; q++ {
					row[q] += wp * xi[q]
				}
			}
		}
		var err error
		inv, err = spdInverse(a, k)
		if err != nil {
			return nil, err
		}
		delta := mulSym(inv, b)
		for j := range beta {
			beta[j] += delta[j]
		}
		linpred(d, beta, eta)
		dev := binDev(d.y, eta)
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			return nil, errors.New("the deviance is not finite")
		}
		if math.Abs(dev-devold)/(math.Abs(dev)+0.1) < 1e-8 {
			conv = true
			break
		}
		devold = dev
	}
	res := &fitResult{coef: beta, stat: make([]float64, k), converged: conv}
	for j := 0; j < k; j++ {
		res.stat[j] = beta[j] / math.Sqrt(inv.At(j, j))
	}
	return res, nil
}

// boundaryFits counts the cells whose fitted probability under coef is
// within 10 machine epsilons of 0 or 1, R's glm.fit test for "fitted
// probabilities numerically 0 or 1 occurred", the sign of separation.
func boundaryFits(d *design, coef []float64) int {
	const eps10 = 10 * 2.220446049250313e-16
	eta := make([]float64, d.n())
	linpred(d, coef, eta)
	c := 0
	for _, e := range eta {
		if mu, _ := logistic(e); mu < eps10 || mu > 1-eps10 {
			c++
		}
	}
	return c
}

// logistic returns mu = 1/(1+exp(-eta)) and the weight mu(1-mu), with R's
// guards for |eta| > 30 (binomial's C code logit_linkinv and
// logit_mu_eta).
func logistic(eta float64) (mu, w float64) {
	const eps = 2.220446049250313e-16
	switch {
	case eta < -30:
		return eps / (1 + eps), eps
	case eta > 30:
		return 1 / (1 + eps), eps
	}
	e := math.Exp(-eta)
	mu = 1 / (1 + e)
	return mu, mu * mu * e // mu (1 - mu), 1 - mu = e mu
}

// binDev is the binomial deviance of 0/1 outcomes y at linear predictor eta.
func binDev(y, eta []float64) float64 {
	var s float64
	for i, v := range y {
		mu, _ := logistic(eta[i])
		if v == 1 {
			s -= math.Log(mu)
		} else {
			s -= math.Log1p(-mu)
		}
	}
	return 2 * s
}

func linpred(d *design, beta, eta []float64) {
	clear(eta)
	for j, c := range d.x {
		axpy(beta[j], c, eta)
	}
}
