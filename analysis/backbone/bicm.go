package backbone

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// BiCMFit is a fitted bipartite configuration model; see BiCM.
type BiCMFit struct {
	// X and Y are the fitnesses of the rows and columns that were fitted,
	// and NaN for those removed as all zeros or all ones.
	X, Y []float64
	// Removal step and kind of removed rows and columns (step -1: fitted).
	rowStep, colStep []int
	rowFull, colFull []bool
}

// BiCM fits the bipartite configuration model (Saracco, Di Clemente,
// Gabrielli and Squartini 2015, "Randomizing bipartite networks: the case
// of the World Trade Web", Scientific Reports 5, 10595) to the row degrees
// (agents' numbers of artifacts) and column degrees (artifacts' numbers of
// agents) of a binary matrix: the maximum-entropy distribution over binary
// matrices whose expected row and column sums equal the observed ones. Cell
// (i, k) is 1 independently with probability
//
//	P_ik = x_i y_k / (1 + x_i y_k),
//
// see BiCMFit.P. Rows and columns that are all zeros or all ones
// ("non-conforming") are first removed, repeatedly, exactly as the R
// package backbone's bicm() does: in each round the empty rows and columns
// are dropped (their cells get probability 0), then the full rows and
// columns of what is left get probability 1 against the rows and columns
// still present and are dropped, reducing the others' degrees; a cell
// belongs to whichever of its row and column was dropped first.
//
// The likelihood equations of the rest are solved by Newton's method on
// log x and log y, on the distinct degrees only (rows of equal degree have
// equal fitness), to a largest residual |E[degree] - degree| below 1e-10.
// The fitnesses are unique up to x·c, y/c; the probabilities are unique.
// BiCM returns an error if the degrees are not those of a binary matrix, or
// if the equations have no solution (the degree sequences then force some
// cells of the remaining rows, and the fitnesses diverge).
func BiCM(rows, cols []int) (*BiCMFit, error) {
	nr, nc := len(rows), len(cols)
	var sr, sc int
	for _, r := range rows {
		if r < 0 || r > nc {
			return nil, fmt.Errorf("backbone: BiCM: row degree %d outside 0..%d", r, nc)
		}
		sr += r
	}
	for _, c := range cols {
		if c < 0 || c > nr {
			return nil, fmt.Errorf("backbone: BiCM: column degree %d outside 0..%d", c, nr)
		}
		sc += c
	}
	if sr != sc {
		return nil, fmt.Errorf("backbone: BiCM: row degrees sum to %d, column degrees to %d", sr, sc)
	}
	f := &BiCMFit{
		X: make([]float64, nr), Y: make([]float64, nc),
		rowStep: make([]int, nr), colStep: make([]int, nc),
		rowFull: make([]bool, nr), colFull: make([]bool, nc),
	}
	for i := range f.rowStep {
		f.rowStep[i] = -1
	}
	for k := range f.colStep {
		f.colStep[k] = -1
	}
	r := slices.Clone(rows)
	c := slices.Clone(cols)
	liveRows, liveCols := nr, nc
	for step := 0; ; step += 2 {
		removed := false
		// Empty rows and columns.
		for i := range r {
			if f.rowStep[i] < 0 && r[i] == 0 {
				f.rowStep[i], removed = step, true
				liveRows--
			}
		}
		for k := range c {
			if f.colStep[k] < 0 && c[k] == 0 {
				f.colStep[k], removed = step, true
				liveCols--
			}
		}
		// Full rows and columns of what is left, found together.
		var fullRows, fullCols int
		for i := range r {
			if f.rowStep[i] < 0 && liveCols > 0 && r[i] == liveCols {
				f.rowStep[i], f.rowFull[i], removed = step+1, true, true
				fullRows++
			}
		}
		for k := range c {
			if f.colStep[k] < 0 && liveRows > 0 && c[k] == liveRows {
				f.colStep[k], f.colFull[k], removed = step+1, true, true
				fullCols++
			}
		}
		liveRows -= fullRows
		liveCols -= fullCols
		for i := range r {
			if f.rowStep[i] < 0 {
				r[i] -= fullCols
			}
		}
		for k := range c {
			if f.colStep[k] < 0 {
				c[k] -= fullRows
			}
		}
		if !removed {
			break
		}
	}
	for i := range f.X {
		f.X[i] = math.NaN()
	}
	for k := range f.Y {
		f.Y[k] = math.NaN()
	}
	if liveRows == 0 || liveCols == 0 {
		return f, nil
	}
	// Distinct degrees and their multiplicities.
	var rdeg, cdeg []int
	for i := range r {
		if f.rowStep[i] < 0 {
			rdeg = append(rdeg, r[i])
		}
	}
	for k := range c {
		if f.colStep[k] < 0 {
			cdeg = append(cdeg, c[k])
		}
	}
	ru, rm := uniq(rdeg)
	cu, cm := uniq(cdeg)
	theta, eta, err := solveBiCM(ru, rm, cu, cm)
	if err != nil {
		return nil, err
	}
	for i := range r {
		if f.rowStep[i] < 0 {
			a, _ := slices.BinarySearch(ru, r[i])
			f.X[i] = math.Exp(theta[a])
		}
	}
	for k := range c {
		if f.colStep[k] < 0 {
			b, _ := slices.BinarySearch(cu, c[k])
			f.Y[k] = math.Exp(eta[b])
		}
	}
	return f, nil
}

// P returns the probability that cell (i, k) is 1: x_i y_k / (1 + x_i y_k)
// if both row and column were fitted, and otherwise 1 or 0 according to
// whether the one of them removed first was full or empty.
func (f *BiCMFit) P(i, k int) float64 {
	rs, cs := f.rowStep[i], f.colStep[k]
	switch {
	case rs < 0 && cs < 0:
		z := f.X[i] * f.Y[k]
		return z / (1 + z)
	case cs < 0 || (rs >= 0 && rs < cs):
		return b2f(f.rowFull[i])
	case rs < 0 || cs < rs:
		return b2f(f.colFull[k])
	}
	// Removed in the same step: both empty or both full.
	return b2f(f.rowFull[i])
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// rowClass numbers the rows so that rows with equal numbers have equal
// probabilities in every column: fitted rows by fitness, removed rows by
// step and kind.
func (f *BiCMFit) rowClass() []int {
	type sig struct {
		x    float64
		step int
		full bool
	}
	ids := map[sig]int{}
	out := make([]int, len(f.X))
	for i := range f.X {
		s := sig{step: f.rowStep[i], full: f.rowFull[i]}
		if s.step < 0 {
			s.x = f.X[i]
		}
		k, ok := ids[s]
		if !ok {
			k = len(ids)
			ids[s] = k
		}
		out[i] = k
	}
	return out
}

// uniq returns the distinct values of v in ascending order and how often
// each occurs.
func uniq(v []int) (u []int, m []float64) {
	s := slices.Clone(v)
	slices.Sort(s)
	for i, d := range s {
		if i == 0 || d != s[i-1] {
			u = append(u, d)
			m = append(m, 0)
		}
		m[len(m)-1]++
	}
	return u, m
}

// sigmoid returns 1/(1+exp(-t)), the BiCM probability at log-fitness sum t.
func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}

// solveBiCM solves, for θ (rows) and η (columns),
//
//	Σ_b N_b σ(θ_a + η_b) = R_a,  Σ_a M_a σ(θ_a + η_b) = C_b,
//
// with σ the logistic function, R, C the distinct degrees and M, N their
// multiplicities, by damped Newton steps. The solution is unique up to
// θ + t, η - t, so the last η is held at its starting value and the last
// column equation, implied by the others, is dropped.
func solveBiCM(R []int, M []float64, C []int, N []float64) (theta, eta []float64, err error) {
	na, nb := len(R), len(C)
	var edges float64
	for a := range R {
		edges += M[a] * float64(R[a])
	}
	theta = make([]float64, na)
	eta = make([]float64, nb)
	s := math.Sqrt(edges)
	for a := range R {
		theta[a] = math.Log(float64(R[a]) / s)
	}
	for b := range C {
		eta[b] = math.Log(float64(C[b]) / s)
	}
	dim := na + nb - 1
	resid := func(th, et []float64, f []float64) float64 {
		var worst float64
		for a := 0; a < na; a++ {
			var sum float64
			for b := 0; b < nb; b++ {
				sum += N[b] * sigmoid(th[a]+et[b])
			}
			f[a] = sum - float64(R[a])
			worst = math.Max(worst, math.Abs(f[a]))
		}
		for b := 0; b < nb; b++ {
			var sum float64
			for a := 0; a < na; a++ {
				sum += M[a] * sigmoid(th[a]+et[b])
			}
			g := sum - float64(C[b])
			if b < nb-1 {
				f[na+b] = g
			}
			worst = math.Max(worst, math.Abs(g))
		}
		return worst
	}
	f := make([]float64, dim)
	jac := mat.NewDense(dim, dim, nil)
	step := mat.NewVecDense(dim, nil)
	th2 := make([]float64, na)
	et2 := make([]float64, nb)
	f2 := make([]float64, dim)
	worst := resid(theta, eta, f)
	const tol = 1e-10
	for it := 0; it < 200 && worst > tol; it++ {
		jac.Zero()
		for a := 0; a < na; a++ {
			for b := 0; b < nb; b++ {
				p := sigmoid(theta[a] + eta[b])
				d := p * (1 - p)
				// ∂F_a/∂θ_a, ∂F_a/∂η_b, ∂G_b/∂θ_a, ∂G_b/∂η_b.
				jac.Set(a, a, jac.At(a, a)+N[b]*d)
				if b < nb-1 {
					jac.Set(a, na+b, N[b]*d)
					jac.Set(na+b, a, M[a]*d)
					jac.Set(na+b, na+b, jac.At(na+b, na+b)+M[a]*d)
				}
			}
		}
		if err := step.SolveVec(jac, mat.NewVecDense(dim, slices.Clone(f))); err != nil {
			if _, ok := err.(mat.Condition); !ok {
				return nil, nil, fmt.Errorf("backbone: BiCM: %v", err)
			}
		}
		// Backtrack until the largest residual decreases.
		lambda := 1.0
		for try := 0; ; try++ {
			for a := range theta {
				th2[a] = theta[a] - lambda*step.AtVec(a)
			}
			copy(et2, eta)
			for b := 0; b < nb-1; b++ {
				et2[b] = eta[b] - lambda*step.AtVec(na+b)
			}
			w2 := resid(th2, et2, f2)
			if w2 < worst || try == 30 {
				copy(theta, th2)
				copy(eta, et2)
				copy(f, f2)
				worst = w2
				break
			}
			lambda /= 2
		}
	}
	if !(worst <= tol) {
		return nil, nil, fmt.Errorf("backbone: BiCM: the likelihood equations have no solution (largest degree residual %.3g after 200 Newton steps); the degree sequences may force some cells", worst)
	}
	return theta, eta, nil
}
