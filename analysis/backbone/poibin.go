package backbone

import "math"

// PoissonBinomialUpper returns P(X >= k) for X the number of successes in
// independent trials with success probabilities p (the Poisson binomial
// distribution), computed exactly by dynamic programming over the trials:
// the distribution of the count is tracked for counts below k, and the
// probability of having reached k accumulates in an absorbing state. Only
// sums and products of probabilities occur (no 1 - P(X < k)), so even
// p-values far below 1e-16 keep full relative precision. The cost is
// O(len(p)·k). buf, if at least k long, is used as scratch space.
func PoissonBinomialUpper(p []float64, k int, buf []float64) float64 {
	if k <= 0 {
		return 1
	}
	if len(buf) < k {
		buf = make([]float64, k)
	}
	f := buf[:k]
	clear(f)
	f[0] = 1
	var tail float64
	top := 0 // f[j] == 0 for j > top
	for _, q := range p {
		if q == 0 {
			continue
		}
		tail += f[k-1] * q
		if top < k-1 {
			top++
		}
		for j := top; j >= 1; j-- {
			f[j] = f[j]*(1-q) + f[j-1]*q
		}
		f[0] *= 1 - q
	}
	return tail
}

// PoissonBinomialUpperRNA returns the refined normal approximation of
// P(X >= k) for the Poisson binomial X (Volkova 1996; Hong 2013,
// "On computing the distribution function for the Poisson binomial
// distribution", Computational Statistics and Data Analysis 59, eq. 14),
// as the R package backbone computes it:
//
//	x = (k - 1 + 0.5 - μ)/σ,  P ≈ 1 - Φ(x) - γ/(6σ³) (1 - x²) φ(x),
//
// with μ = Σ p, σ² = Σ p(1-p), γ = Σ p(1-p)(1-2p), truncated to [0, 1].
// The upper normal tail is computed directly (math.Erfc), not as 1 - Φ. If
// σ = 0 every trial is certain and the exact value (0 or 1) is returned.
func PoissonBinomialUpperRNA(p []float64, k int) float64 {
	var mu, v, g float64
	for _, q := range p {
		mu += q
		v += q * (1 - q)
		g += q * (1 - q) * (1 - 2*q)
	}
	if v == 0 {
		if mu >= float64(k) {
			return 1
		}
		return 0
	}
	sigma := math.Sqrt(v)
	x := (float64(k) - 1 + 0.5 - mu) / sigma
	phi := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
	upper := math.Erfc(x/math.Sqrt2)/2 - g/(6*sigma*sigma*sigma)*(1-x*x)*phi
	return math.Min(1, math.Max(0, upper))
}
