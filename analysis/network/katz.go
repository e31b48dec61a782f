package network

import (
	"fmt"
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

// KatzAlpha returns repnet's default attenuation factor for Katz
// centrality: 0.5/s_max, where s_max is the largest in- or out-strength of
// any node of g (0 for a graph without edges).
//
// Katz's series converges only for alpha < 1/ρ(W), ρ the spectral radius of
// the weighted adjacency matrix. Since ρ(W) <= s_max, this default keeps
// alpha·ρ <= 1/2 for every graph, directed or not, and the iteration
// converges at least as fast as 2^-k. (networkx's fixed default alpha = 0.1
// diverges on any weighted graph whose spectral radius exceeds 10, such as
// every IGO co-membership graph.) For a near-regular graph such as the 2014
// IGO graph ρ is close to s_max, so alpha is close to half its upper limit.
func KatzAlpha(g *graph.Graph) float64 {
	var smax float64
	for _, s := range OutStrength(g) {
		smax = max(smax, s)
	}
	for _, s := range InStrength(g) {
		smax = max(smax, s)
	}
	if smax == 0 {
		return 0
	}
	return 0.5 / smax
}

// Katz returns the weighted Katz centrality of every node of g with
// attenuation alpha and exogenous weight beta: the solution of
//
//	x_i = alpha Σ_j w_ji x_j + beta,
//
// (on a directed graph, i gains from the nodes pointing to it) scaled to
// unit Euclidean norm (Katz 1953, "A new status index derived from
// sociometric analysis", Psychometrika 18(1)). These are networkx's
// conventions, katz_centrality(G, alpha, beta, weight="weight",
// normalized=True); igraph has no Katz centrality. Use KatzAlpha for
// repnet's default alpha, and beta = 1.
//
// The system is solved by Jacobi iteration from x = beta until no entry
// changes by more than 1e-15 of the largest; it returns an error if alpha
// is too large for the series to converge (alpha·ρ(W) >= 1) within 100,000
// iterations, or if alpha or beta is negative, NaN or infinite.
func Katz(g *graph.Graph, alpha, beta float64) ([]float64, error) {
	if !(alpha >= 0) || math.IsInf(alpha, 0) || !(beta >= 0) || math.IsInf(beta, 0) {
		return nil, fmt.Errorf("network: Katz centrality needs finite, non-negative alpha and beta (got %v, %v)", alpha, beta)
	}
	n := g.N()
	inOff, inNbr, inW := g.InCSR()
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = beta
	}
	converged := false
	for it := 0; it < 100000; it++ {
		var change, big float64
		for i := 0; i < n; i++ {
			var s float64
			for k := inOff[i]; k < inOff[i+1]; k++ {
				s += inW[k] * x[inNbr[k]]
			}
			y[i] = alpha*s + beta
			change = max(change, math.Abs(y[i]-x[i]))
			big = max(big, math.Abs(y[i]))
		}
		x, y = y, x
		if math.IsInf(big, 0) || math.IsNaN(big) {
			break
		}
		if change <= 1e-15*big {
			converged = true
			break
		}
	}
	if !converged {
		return nil, fmt.Errorf("network: Katz centrality does not converge with alpha = %v: alpha must be below 1/(spectral radius); try KatzAlpha", alpha)
	}
	var ss float64
	for _, v := range x {
		ss += v * v
	}
	if norm := math.Sqrt(ss); norm > 0 {
		for i := range x {
			x[i] /= norm
		}
	}
	return x, nil
}
