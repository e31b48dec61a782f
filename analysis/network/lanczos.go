package network

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Settings of the leading-eigenvector solver used by Eigenvector, Hub and
// Authority.
const (
	// eigenTol is the convergence criterion: the solver stops when the
	// residual ||A x - λ x|| of the unit vector x is at most eigenTol·λ.
	// The error in x is then about eigenTol·λ/gap, where gap is the
	// distance from λ to the next eigenvalue.
	eigenTol = 1e-13
	// krylovDim is the largest Krylov subspace built before a restart.
	krylovDim = 32
	// maxRestarts bounds the work on pathological spectra; the result after
	// the last restart is returned even if not converged.
	maxRestarts = 200
)

// leadingEigen returns the algebraically largest eigenvalue λ of the
// symmetric n×n operator mul (mul(dst, src) sets dst = A src) and a unit
// eigenvector x, starting from start (which must not be orthogonal to x).
//
// The method is the Lanczos iteration with full reorthogonalisation,
// restarted explicitly from the current Ritz vector (Golub and Van Loan,
// Matrix Computations, 4th ed., §10.1-10.3): deterministic, and unlike the
// power method it converges on bipartite graphs, whose spectrum is symmetric
// about zero. The sign of x is not fixed here.
func leadingEigen(n int, mul func(dst, src []float64), start []float64) (float64, []float64) {
	if n == 0 {
		return 0, nil
	}
	k := min(n, krylovDim)
	basis := make([][]float64, k+1)
	for i := range basis {
		basis[i] = make([]float64, n)
	}
	alpha := make([]float64, k)
	beta := make([]float64, k)
	x := make([]float64, n)
	copy(x, start)
	if nx := floats.Norm(x, 2); nx > 0 {
		floats.Scale(1/nx, x)
	} else {
		return 0, x
	}
	ax := make([]float64, n)
	var theta float64
	var eig mat.EigenSym
	var vecs mat.Dense
	for restart := 0; ; restart++ {
		copy(basis[0], x)
		m := k
		for j := 0; j < k; j++ {
			w := basis[j+1]
			mul(w, basis[j])
			norm := floats.Norm(w, 2)
			alpha[j] = floats.Dot(w, basis[j])
			// Full reorthogonalisation, twice ("twice is enough").
			for pass := 0; pass < 2; pass++ {
				for i := 0; i <= j; i++ {
					floats.AddScaled(w, -floats.Dot(w, basis[i]), basis[i])
				}
			}
			beta[j] = floats.Norm(w, 2)
			if beta[j] <= 1e-12*norm || j == n-1 {
				// The Krylov space is invariant (to rounding): T is
				// exact.
				m = j + 1
				break
			}
			floats.Scale(1/beta[j], w)
			// Every fourth step, stop early if the top Ritz pair has
			// converged: its residual is beta[j]·|last entry of its
			// eigenvector of T| (exact in exact arithmetic, and reliable
			// with full reorthogonalisation). The explicit residual below
			// has the last word.
			if (j+1)%4 == 0 && j+1 < k && ritzConverged(alpha[:j+1], beta[:j+1], &eig, &vecs) {
				m = j + 1
				break
			}
		}
		if !eig.Factorize(tridiag(alpha[:m], beta[:m]), true) {
			// The tridiagonal QL iteration failed: return the best
			// estimate so far (the start vector or last Ritz vector).
			mul(ax, x)
			return floats.Dot(ax, x), x
		}
		vals := eig.Values(nil)
		vecs.Reset()
		eig.VectorsTo(&vecs)
		top := m - 1 // eigenvalues ascend
		theta = vals[top]
		for i := range x {
			x[i] = 0
		}
		for j := 0; j < m; j++ {
			floats.AddScaled(x, vecs.At(j, top), basis[j])
		}
		floats.Scale(1/floats.Norm(x, 2), x)
		mul(ax, x)
		theta = floats.Dot(ax, x)
		floats.AddScaled(ax, -theta, x)
		if floats.Norm(ax, 2) <= eigenTol*math.Abs(theta) || restart == maxRestarts {
			return theta, x
		}
		if m < k && (m == n || beta[m-1] <= 1e-12*math.Abs(theta)) {
			// An exact invariant subspace cannot be improved on.
			return theta, x
		}
	}
}

// tridiag returns the symmetric tridiagonal matrix with diagonal alpha and
// off-diagonal beta[:len(alpha)-1].
func tridiag(alpha, beta []float64) *mat.SymDense {
	m := len(alpha)
	t := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		t.SetSym(i, i, alpha[i])
		if i+1 < m {
			t.SetSym(i, i+1, beta[i])
		}
	}
	return t
}

// ritzConverged reports whether the largest Ritz value of the Lanczos
// tridiagonal matrix (alpha, beta[:m-1]) has an estimated residual
// beta[m-1]·|s_m| below a tenth of eigenTol times the value.
func ritzConverged(alpha, beta []float64, eig *mat.EigenSym, vecs *mat.Dense) bool {
	m := len(alpha)
	if !eig.Factorize(tridiag(alpha, beta), true) {
		return false
	}
	vals := eig.Values(nil)
	vecs.Reset()
	eig.VectorsTo(vecs)
	theta := vals[m-1]
	return beta[m-1]*math.Abs(vecs.At(m-1, m-1)) <= 0.1*eigenTol*math.Abs(theta)
}
