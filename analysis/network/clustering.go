package network

import (
	"errors"
	"math"

	"github.com/repnet/repnet/analysis/graph"
)

var errDirectedClustering = errors.New("network: clustering coefficients are defined here for undirected graphs only")

// triangles returns, for every node i of the undirected graph g, twice the
// number of edges among its neighbours (ordered neighbour pairs j≠h with j
// and h adjacent) and Σ over those ordered pairs of (w_ij + w_ih)/2.
func triangles(g *graph.Graph) (pairs []float64, wsum []float64) {
	n := g.N()
	pairs = make([]float64, n)
	wsum = make([]float64, n)
	stamp := make([]int32, n)
	wt := make([]float64, n)
	for i := range stamp {
		stamp[i] = -1
	}
	for i := 0; i < n; i++ {
		ni, wi := g.Out(i)
		for k, j := range ni {
			stamp[j] = int32(i)
			wt[j] = wi[k]
		}
		var p, s float64
		for k, j := range ni {
			nj, _ := g.Out(int(j))
			for _, h := range nj {
				if stamp[h] == int32(i) {
					p++
					s += (wi[k] + wt[h]) / 2
				}
			}
		}
		pairs[i], wsum[i] = p, s
	}
	return pairs, wsum
}

// Clustering returns the local clustering coefficient of every node of the
// undirected graph g, ignoring weights: the fraction of pairs of its
// neighbours that are themselves adjacent,
//
//	C_i = t_i / (k_i (k_i - 1) / 2),
//
// with t_i the number of edges among the k_i neighbours of i (Watts and
// Strogatz 1998, "Collective dynamics of small-world networks", Nature 393).
// A node with fewer than two neighbours has no coefficient: NaN, marked
// missing in tables. This is python-igraph 0.10's
// g.transitivity_local_undirected(mode="nan"). It returns an error for a
// directed graph.
func Clustering(g *graph.Graph) ([]float64, error) {
	if g.Directed() {
		return nil, errDirectedClustering
	}
	pairs, _ := triangles(g)
	out := make([]float64, g.N())
	for i := range out {
		k := float64(g.OutDegree(i))
		if k < 2 {
			out[i] = math.NaN()
			continue
		}
		out[i] = pairs[i] / (k * (k - 1))
	}
	return out, nil
}

// ClusteringBarrat returns Barrat's weighted local clustering coefficient of
// every node of the undirected graph g,
//
//	C^w_i = 1/(s_i (k_i - 1)) Σ_{j,h} (w_ij + w_ih)/2 · a_ij a_ih a_jh,
//
// summed over ordered pairs of neighbours, with s_i the strength and k_i the
// degree of i (Barrat, Barthélemy, Pastor-Satorras and Vespignani 2004, "The
// architecture of complex weighted networks", PNAS 101(11)). It weighs each
// closed triangle by the strength of i's ties in it; with equal weights it
// equals Clustering. A node with fewer than two neighbours has no
// coefficient (NaN). This is python-igraph 0.10's
// g.transitivity_local_undirected(mode="nan", weights=w). It returns an
// error for a directed graph.
func ClusteringBarrat(g *graph.Graph) ([]float64, error) {
	if g.Directed() {
		return nil, errDirectedClustering
	}
	_, wsum := triangles(g)
	s := Strength(g)
	out := make([]float64, g.N())
	for i := range out {
		k := float64(g.OutDegree(i))
		if k < 2 {
			out[i] = math.NaN()
			continue
		}
		out[i] = wsum[i] / (s[i] * (k - 1))
	}
	return out, nil
}

// Transitivity returns the global clustering coefficient of g, the fraction
// of connected triples that are closed,
//
//	T = 3 × triangles / connected triples = Σ_i t_i / Σ_i k_i (k_i - 1)/2,
//
// ignoring weights (Newman, Strogatz and Watts 2001, Physical Review E 64;
// python-igraph 0.10's g.transitivity_undirected()). A directed graph is
// taken as undirected, each pair of nodes joined by an arc in either
// direction counting as one edge. A graph without connected triples has no
// transitivity: NaN.
func Transitivity(g *graph.Graph) float64 {
	g = pattern(g)
	pairs, _ := triangles(g)
	var closed, triples float64
	for i, p := range pairs {
		k := float64(g.OutDegree(i))
		closed += p / 2
		triples += k * (k - 1) / 2
	}
	if triples == 0 {
		return math.NaN()
	}
	return closed / triples
}
