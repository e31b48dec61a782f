package qap

import (
	"errors"
	"math"
)

// Permutation fits of the logit run thousands of times on the same cells,
// so they use a row-major copy of the design (one cache line per cell for
// a few regressors) and packed k x k matrices, and start from a first
// Newton step that needs no exponential: see logitPerm. That start is the
// fit under the null (the model without the permuted column, or the
// intercept-only model for y-permutations), which is where a permuted fit
// ends up on average; starting instead from the observed fit's
// coefficients was tried and is worse (on the 195-node benchmark 29% of
// DSP fits then fail to converge in 25 steps). Each step's sums are taken
// in blocks of cells, the logistic of a whole block first (with the
// table-driven exp of exp.go), then the weighted cross-products.

// packed index of (p, q), p <= q, in the upper triangle of a k x k matrix
// stored row by row.
func packedIdx(p, q, k int) int { return p*k - p*(p-1)/2 + q - p }

// smallInverse inverts the SPD k x k matrix whose upper triangle is
// packed in a, after scaling it to unit diagonal, into inv (k*k,
// row-major). It is a plain Cholesky factorisation for the small k of
// network regressions.
func smallInverse(a []float64, k int, inv []float64) error {
	var dbuf, lbuf [16 * 16]float64
	if k > 16 {
		return errors.New("too many regressors for the permutation kernel")
	}
	d := dbuf[:k]
	for j := 0; j < k; j++ {
		v := a[packedIdx(j, j, k)]
		if !(v > 0) {
			return errors.New("a column is zero on every cell used")
		}
		d[j] = 1 / math.Sqrt(v)
	}
	// L L' = D A D, L lower triangular, row-major in lbuf.
	l := lbuf[:k*k]
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			s := a[packedIdx(j, i, k)] * d[i] * d[j]
			for m := 0; m < j; m++ {
				s -= l[i*k+m] * l[j*k+m]
			}
			if i == j {
				if !(s > 1e-14) {
					return errors.New("the regressors are collinear")
				}
				l[i*k+i] = math.Sqrt(s)
			} else {
				l[i*k+j] = s / l[j*k+j]
			}
		}
	}
	// inv = D (L L')^-1 D: solve L L' X = I column by column.
	var col [16]float64
	for c := 0; c < k; c++ {
		for i := 0; i < k; i++ {
			s := 0.0
			if i == c {
				s = 1
			}
			for m := 0; m < i; m++ {
				s -= l[i*k+m] * col[m]
			}
			col[i] = s / l[i*k+i]
		}
		for i := k - 1; i >= 0; i-- {
			s := col[i]
			for m := i + 1; m < k; m++ {
				s -= l[m*k+i] * col[m]
			}
			col[i] = s / l[i*k+i]
		}
		for i := 0; i < k; i++ {
			inv[i*k+c] = col[i] * d[i] * d[c]
		}
	}
	return nil
}

// logitPerm finishes a logit fit whose first Newton step has been
// accumulated: a (packed X'WX) and b (X'(y - mu)) at the starting
// coefficients beta. It iterates b <- b + (X'WX)^-1 X'(y - mu) until the
// deviance change of a step, predicted by the quadratic form d'(X'WX)d, is
// below 1e-8 scale (scale = |deviance| + 0.1: glm.fit's rule, on the
// predicted rather than the computed change), at most 25 steps, with the design row-major in x (n rows of k). The z
// values use the X'WX of the last step, as glm.fit's. beta is updated in
// place.
func logitPerm(x []float64, k int, y []float64, beta, a, b []float64, scale float64, inv []float64) (*fitResult, error) {
	conv := false
	for iter := 1; iter <= 25; iter++ {
		if err := smallInverse(a, k, inv); err != nil {
			return nil, err
		}
		var q float64
		var delta [16]float64
		for i := 0; i < k; i++ {
			var s float64
			for j := 0; j < k; j++ {
				s += inv[i*k+j] * b[j]
			}
			delta[i] = s
		}
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				f := 2.0
				if i == j {
					f = 1
				}
				q += f * delta[i] * a[packedIdx(i, j, k)] * delta[j]
			}
		}
		for j := 0; j < k; j++ {
			beta[j] += delta[j]
		}
		if q < 1e-8*scale {
			conv = true
			break
		}
		if iter == 25 {
			break
		}
		// Next step at the new coefficients.
		accumulate(x, k, y, beta, a, b)
	}
	res := &fitResult{coef: append([]float64(nil), beta...), stat: make([]float64, k), converged: conv}
	for j := 0; j < k; j++ {
		res.stat[j] = beta[j] / math.Sqrt(inv[j*k+j])
	}
	return res, nil
}

// accumulate sets a (packed X'WX) and b (X'(y - mu)) at beta for the
// row-major design x. The common small k have unrolled kernels, which
// keep the sums in registers.
func accumulate(x []float64, k int, y, beta, a, b []float64) {
	switch k {
	case 3:
		accumulate3(x, y, beta, a, b)
		return
	case 4:
		accumulate4(x, y, beta, a, b)
		return
	}
	var acc [16 * 17 / 2]float64
	var bb, be [16]float64
	var eta, mus, ws [permBlock]float64
	copy(be[:], beta)
	for lo := 0; lo < len(y); lo += permBlock {
		hi := min(lo+permBlock, len(y))
		for i := lo; i < hi; i++ {
			var e float64
			for j, v := range x[i*k : i*k+k : i*k+k] {
				e += be[j] * v
			}
			eta[i-lo] = e
		}
		logisticBlock(eta[:hi-lo], mus[:hi-lo], ws[:hi-lo])
		for i := lo; i < hi; i++ {
			xi := x[i*k : i*k+k : i*k+k]
			r, w := y[i]-mus[i-lo], ws[i-lo]
			t := 0
			for p, xp := range xi {
				bb[p] += r * xp
				wp := w * xp
				for _, xq := range xi[p:] {
					acc[t] += wp * xq
					t++
				}
			}
		}
	}
	copy(a, acc[:k*(k+1)/2])
	copy(b, bb[:k])
}

func accumulate3(x []float64, y, beta, a, b []float64) {
	b0, b1, b2 := beta[0], beta[1], beta[2]
	var a00, a01, a02, a11, a12, a22, g0, g1, g2 float64
	var eta, mus, ws [permBlock]float64
	for lo := 0; lo < len(y); lo += permBlock {
		hi := min(lo+permBlock, len(y))
		for i := lo; i < hi; i++ {
			xi := x[i*3 : i*3+3 : i*3+3]
			eta[i-lo] = b0*xi[0] + b1*xi[1] + b2*xi[2]
		}
		logisticBlock(eta[:hi-lo], mus[:hi-lo], ws[:hi-lo])
		for i := lo; i < hi; i++ {
			xi := x[i*3 : i*3+3 : i*3+3]
			x0, x1, x2 := xi[0], xi[1], xi[2]
			r, w := y[i]-mus[i-lo], ws[i-lo]
			g0 += r * x0
			g1 += r * x1
			g2 += r * x2
			w0, w1, w2 := w*x0, w*x1, w*x2
			a00 += w0 * x0
			a01 += w0 * x1
			a02 += w0 * x2
			a11 += w1 * x1
			a12 += w1 * x2
			a22 += w2 * x2
		}
	}
	a[0], a[1], a[2], a[3], a[4], a[5] = a00, a01, a02, a11, a12, a22
	b[0], b[1], b[2] = g0, g1, g2
}

func accumulate4(x []float64, y, beta, a, b []float64) {
	b0, b1, b2, b3 := beta[0], beta[1], beta[2], beta[3]
	var a00, a01, a02, a03, a11, a12, a13, a22, a23, a33 float64
	var g0, g1, g2, g3 float64
	var eta, mus, ws [permBlock]float64
	for lo := 0; lo < len(y); lo += permBlock {
		hi := min(lo+permBlock, len(y))
		for i := lo; i < hi; i++ {
			xi := x[i*4 : i*4+4 : i*4+4]
			eta[i-lo] = b0*xi[0] + b1*xi[1] + b2*xi[2] + b3*xi[3]
		}
		logisticBlock(eta[:hi-lo], mus[:hi-lo], ws[:hi-lo])
		for i := lo; i < hi; i++ {
			xi := x[i*4 : i*4+4 : i*4+4]
			x0, x1, x2, x3 := xi[0], xi[1], xi[2], xi[3]
			r, w := y[i]-mus[i-lo], ws[i-lo]
			g0 += r * x0
			g1 += r * x1
			g2 += r * x2
			g3 += r * x3
			w0, w1, w2, w3 := w*x0, w*x1, w*x2, w*x3
			a00 += w0 * x0
			a01 += w0 * x1
			a02 += w0 * x2
			a03 += w0 * x3
			a11 += w1 * x1
			a12 += w1 * x2
			a13 += w1 * x3
			a22 += w2 * x2
			a23 += w2 * x3
			a33 += w3 * x3
		}
	}
	a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9] = a00, a01, a02, a03, a11, a12, a13, a22, a23, a33
	b[0], b[1], b[2], b[3] = g0, g1, g2, g3
}

// permBlock is the number of cells whose logistic is computed in one
// tight loop.
const permBlock = 256

// logisticBlock sets mu[i], w[i] = logisticPerm(eta[i]), with expTab
// written out so that the loop body has no calls and successive cells'
// evaluations overlap.
func logisticBlock(eta, mu, w []float64) {
	const eps = 2.220446049250313e-16
	mu = mu[:len(eta)]
	w = w[:len(eta)]
	for i, v := range eta {
		if !(v >= -30 && v <= 30) {
			mu[i], w[i] = logisticPerm(v)
			continue
		}
		x := -v
		kd := invLn2N*x + expShift
		ki := math.Float64bits(kd)
		kd -= expShift
		r := x + kd*negLn2hiN + kd*negLn2loN
		idx := 2 * (ki % expN)
		tail := math.Float64frombits(expTable[idx])
		scale := math.Float64frombits(expTable[idx+1] + ki<<(52-expBits))
		r2 := r * r
		e := scale + scale*(tail+r+r2*(expC2+r*expC3)+r2*r2*(expC4+r*expC5))
		m := 1 / (1 + e)
		mu[i], w[i] = m, m*m*e
	}
}

// logisticPerm is logistic with expTab, for the permutation fits (see
// exp.go).
func logisticPerm(eta float64) (mu, w float64) {
	const eps = 2.220446049250313e-16
	switch {
	case eta < -30:
		return eps / (1 + eps), eps
	case eta > 30:
		return 1 / (1 + eps), eps
	}
	e := expTab(-eta)
	mu = 1 / (1 + e)
	return mu, mu * mu * e
}
