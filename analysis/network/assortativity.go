package network

import (
	"math"
	"slices"

	"github.com/repnet/repnet/analysis/graph"
)

// DegreeAssortativity returns the degree assortativity coefficient of g,
// ignoring weights: the Pearson correlation between the degrees at the two
// ends of an edge (Newman 2002, "Assortative mixing in networks", Physical
// Review Letters 89(20), eq. 4). On an undirected graph each edge is taken
// in both directions; on a directed graph it is the correlation between the
// out-degree of an arc's source and the in-degree of its target (Newman
// 2003, "Mixing patterns in networks", Physical Review E 67, eq. 26). This
// is python-igraph 0.10's g.assortativity_degree(directed=True). It is NaN
// when there are no edges or the degrees at one end do not vary (a regular
// graph). Moments are centred before they are multiplied, which keeps full
// precision on near-regular graphs such as the 2014 IGO graph.
func DegreeAssortativity(g *graph.Graph) float64 {
	off, nbr, _ := g.CSR()
	n := g.N()
	xs := make([]float64, n) // value at the source end
	ys := make([]float64, n) // value at the target end
	for i := 0; i < n; i++ {
		xs[i] = float64(g.OutDegree(i))
		ys[i] = float64(g.InDegree(i))
	}
	m := float64(len(nbr))
	if m == 0 {
		return math.NaN()
	}
	var sx, sy float64
	for i := 0; i < n; i++ {
		for _, j := range nbr[off[i]:off[i+1]] {
			sx += xs[i]
			sy += ys[j]
		}
	}
	mx, my := sx/m, sy/m
	var sxy, sxx, syy float64
	for i := 0; i < n; i++ {
		dx := xs[i] - mx
		for _, j := range nbr[off[i]:off[i+1]] {
			dy := ys[j] - my
			sxy += dx * dy
			sxx += dx * dx
			syy += dy * dy
		}
	}
	return sxy / math.Sqrt(sxx*syy)
}

// NominalAssortativity returns the assortativity coefficient of g for a
// categorical node attribute, ignoring weights,
//
//	r = (Σ_a e_aa - Σ_a a_a b_a) / (1 - Σ_a a_a b_a),
//
// where e_ab is the fraction of arcs from a node of category a to one of
// category b (an undirected edge counts as two arcs), a_a = Σ_b e_ab and
// b_b = Σ_a e_ab (Newman 2003, "Mixing patterns in networks", Physical
// Review E 67, eq. 2). It is 1 when every edge joins nodes of the same
// category. This is python-igraph 0.10's
// g.assortativity_nominal(types, directed=True).
//
// groups gives each node's category in node order; missing, if not nil,
// marks nodes whose category is unknown, and edges touching them are left
// out (igraph has no missing categories). It is NaN when no edge is left or
// every edge end has the same category.
func NominalAssortativity(g *graph.Graph, groups []int64, missing []bool) float64 {
	if len(groups) != g.N() || (missing != nil && len(missing) != g.N()) {
		panic("network: NominalAssortativity: groups or missing has the wrong length")
	}
	cats := slices.Clone(groups)
	slices.Sort(cats)
	cats = slices.Compact(cats)
	code := make([]int, g.N())
	for i, v := range groups {
		code[i], _ = slices.BinarySearch(cats, v)
	}
	k := len(cats)
	e := make([]float64, k*k)
	var total float64
	for i := 0; i < g.N(); i++ {
		if missing != nil && missing[i] {
			continue
		}
		nbr, _ := g.Out(i)
		for _, j := range nbr {
			if missing != nil && missing[j] {
				continue
			}
			e[code[i]*k+code[j]]++
			total++
		}
	}
	if total == 0 {
		return math.NaN()
	}
	var diag, ab float64
	for a := 0; a < k; a++ {
		diag += e[a*k+a] / total
		var ra, cb float64
		for b := 0; b < k; b++ {
			ra += e[a*k+b]
			cb += e[b*k+a]
		}
		ab += (ra / total) * (cb / total)
	}
	return (diag - ab) / (1 - ab)
}
