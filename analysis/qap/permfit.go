package qap

import (
	"errors"
	"math"
)

// Permutation fits of the logit run thousands of times on the same cells,
// so they use a row-major copy of the design (one cache line per cell for
// a few regressors) and packed k x k matrices, and start from a first
// Newton step that needs no exponential: see logitPerm.

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
	copy(be[:], beta)
	for i := range y {
		xi := x[i*k : i*k+k : i*k+k]
		var e float64
		for j, v := range xi {
			e += be[j] * v
		}
		mu, w := logistic(e)
		r := y[i] - mu
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
	copy(a, acc[:k*(k+1)/2])
	copy(b, bb[:k])
}

func accumulate3(x []float64, y, beta, a, b []float64) {
	b0, b1, b2 := beta[0], beta[1], beta[2]
	var a00, a01, a02, a11, a12, a22, g0, g1, g2 float64
	for i := range y {
		xi := x[i*3 : i*3+3 : i*3+3]
		x0, x1, x2 := xi[0], xi[1], xi[2]
		mu, w := logistic(b0*x0 + b1*x1 + b2*x2)
		r := y[i] - mu
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
	a[0], a[1], a[2], a[3], a[4], a[5] = a00, a01, a02, a11, a12, a22
	b[0], b[1], b[2] = g0, g1, g2
}

func accumulate4(x []float64, y, beta, a, b []float64) {
	b0, b1, b2, b3 := beta[0], beta[1], beta[2], beta[3]
	var a00, a01, a02, a03, a11, a12, a13, a22, a23, a33 float64
	var g0, g1, g2, g3 float64
	for i := range y {
		xi := x[i*4 : i*4+4 : i*4+4]
		x0, x1, x2, x3 := xi[0], xi[1], xi[2], xi[3]
		mu, w := logistic(b0*x0 + b1*x1 + b2*x2 + b3*x3)
		r := y[i] - mu
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
	a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9] = a00, a01, a02, a03, a11, a12, a13, a22, a23, a33
	b[0], b[1], b[2], b[3] = g0, g1, g2, g3
}
