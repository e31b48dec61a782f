package backbone

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/repnet/repnet/analysis/graph"
)

// Tie is an agent's membership in an artifact: a state (Agent, say a COW
// code) that belongs to an organization (Artifact, any identifier). For
// COW IGO data a tie is a full membership.
type Tie struct {
	Agent, Artifact int64
}

// PValueMethod chooses how SDSM computes Poisson binomial tail
// probabilities.
type PValueMethod int

const (
	// Exact computes them exactly (PoissonBinomialUpper).
	Exact PValueMethod = iota
	// RefinedNormal uses the refined normal approximation
	// (PoissonBinomialUpperRNA), as the R package backbone does; for
	// comparison with results obtained there.
	RefinedNormal
)

// SDSM returns the backbone of the projection of a bipartite network under
// the stochastic degree sequence model (Neal 2014, "The backbone of
// bipartite projections: inferring relationships from co-authorship,
// co-sponsorship, co-attendance and other co-behaviors", Social Networks
// 39): the graph on agents in which two agents are joined when they share
// significantly more artifacts than expected in random bipartite networks
// whose row (agent) and column (artifact) degrees match the observed ones
// on average.
//
// The input is the bipartite network itself, not its projection: agents
// lists every agent (those without ties included, as isolates) and ties
// the agent-artifact incidences; artifacts are those named in ties. Under
// the null model each cell is an independent Bernoulli draw with the
// bipartite configuration model's probability P_ik (see BiCM, the model
// used by the R package backbone since version 2.0; Neal, Domagalski and
// Sagan 2021, Scientific Reports 11, 23929), so the number of artifacts
// agents i and j share is Poisson binomial with probabilities P_ik P_jk,
// and the p-value of an observed count o_ij is P(X >= o_ij), exact or by
// the refined normal approximation (method). As in backbone's
// backbone_from_bipartite(missing_as_zero = FALSE), only pairs with o_ij >
// 0 are tested, each once, and the correction c is applied over those
// tests; a pair is kept when its adjusted p-value is below alpha. The
// backbone's edges carry o_ij as weight; tests lists every tested pair in
// (From, To) order with From < To. No random numbers are used.
func SDSM(agents []int64, ties []Tie, alpha float64, c Correction, method PValueMethod) (*graph.Graph, []EdgeTest, error) {
	if !(alpha > 0 && alpha < 1) {
		return nil, nil, fmt.Errorf("backbone: alpha must lie between 0 and 1, got %v", alpha)
	}
	ids := slices.Clone(agents)
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return nil, nil, fmt.Errorf("backbone: agent %d is listed twice", ids[i])
		}
	}
	ts := slices.Clone(ties)
	slices.SortFunc(ts, func(a, b Tie) int {
		if d := cmp.Compare(a.Artifact, b.Artifact); d != 0 {
			return d
		}
		return cmp.Compare(a.Agent, b.Agent)
	})
	// Column index of each artifact and the agents (row indices) in it.
	var members [][]int32
	var colID []int64
	for k, t := range ts {
		i, ok := slices.BinarySearch(ids, t.Agent)
		if !ok {
			return nil, nil, fmt.Errorf("backbone: tie (%d, %d): agent %d is not in the agent list", t.Agent, t.Artifact, t.Agent)
		}
		if k > 0 && t == ts[k-1] {
			return nil, nil, fmt.Errorf("backbone: tie (%d, %d) is listed twice", t.Agent, t.Artifact)
		}
		if len(colID) == 0 || colID[len(colID)-1] != t.Artifact {
			colID = append(colID, t.Artifact)
			members = append(members, nil)
		}
		members[len(members)-1] = append(members[len(members)-1], int32(i))
	}
	n, K := len(ids), len(colID)
	rowDeg := make([]int, n)
	colDeg := make([]int, K)
	for k, ms := range members {
		colDeg[k] = len(ms)
		for _, i := range ms {
			rowDeg[i]++
		}
	}
	fit, err := BiCM(rowDeg, colDeg)
	if err != nil {
		return nil, nil, err
	}
	class := fit.rowClass()
	// Observed co-occurrence counts, by projecting the incidence.
	count := make(map[[2]int32]int)
	for _, ms := range members {
		for a := 0; a < len(ms); a++ {
			for b := a + 1; b < len(ms); b++ {
				count[[2]int32{ms[a], ms[b]}]++
			}
		}
	}
	pairs := make([][2]int32, 0, len(count))
	for p := range count {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b [2]int32) int {
		if d := cmp.Compare(a[0], b[0]); d != 0 {
			return d
		}
		return cmp.Compare(a[1], b[1])
	})
	// Rows of equal class have equal probability vectors, and so equal
	// p-values for equal counts: compute each once.
	type key struct{ ci, cj, o int }
	memo := make(map[key]float64)
	q := make([]float64, K)
	var buf []float64
	tests := make([]EdgeTest, len(pairs))
	for t, pr := range pairs {
		i, j := pr[0], pr[1]
		o := count[pr]
		kk := key{min(class[i], class[j]), max(class[i], class[j]), o}
		p, ok := memo[kk]
		if !ok {
			for k := range q {
				q[k] = fit.P(int(i), k) * fit.P(int(j), k)
			}
			if method == RefinedNormal {
				p = PoissonBinomialUpperRNA(q, o)
			} else {
				if len(buf) < o {
					buf = make([]float64, o)
				}
				p = PoissonBinomialUpper(q, o, buf)
			}
			memo[kk] = p
		}
		tests[t] = EdgeTest{From: ids[i], To: ids[j], Weight: float64(o), P: p}
	}
	return extract(ids, false, tests, alpha, c)
}
