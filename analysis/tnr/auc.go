package tnr

import (
	"fmt"
	"math"
	"sort"
)

// AUC returns the area under the ROC curve of scores for the binary
// outcome y: the probability that a randomly drawn positive case scores
// higher than a randomly drawn negative one, a tie counting one half,
//
//	AUC = (#{(i, j): s_i > s_j} + #{(i, j): s_i = s_j} / 2) / (n1 n0),
//
// i over the n1 positives and j over the n0 negatives (the Mann-Whitney
// statistic divided by n1 n0; Hanley and McNeil 1982, Radiology 143(1)).
// It is computed exactly from midranks: with R1 the sum of the positives'
// ranks among all scores, tied scores sharing the mean of their ranks,
// AUC = (R1 - n1 (n1 + 1) / 2) / (n1 n0). Ranks and their sums are
// multiples of 1/2 below 2^52, so the sum is exact in float64 for any n
// below about 2^25.
//
// Scores must be finite; it is an error when there is no positive or no
// negative case.
func AUC(scores []float64, y []bool) (float64, error) {
	if len(scores) != len(y) {
		return math.NaN(), fmt.Errorf("tnr: AUC: %d scores for %d outcomes", len(scores), len(y))
	}
	n := len(scores)
	idx := make([]int, n)
	for i := range idx {
		if math.IsNaN(scores[i]) || math.IsInf(scores[i], 0) {
			return math.NaN(), fmt.Errorf("tnr: AUC: score %d is %v", i, scores[i])
		}
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	var n1, r1 float64 // r1 counts ranks doubled, so that midranks stay integers
	for lo := 0; lo < n; {
		hi := lo
		for hi < n && scores[idx[hi]] == scores[idx[lo]] {
			hi++
		}
		twiceMid := float64(lo+1) + float64(hi) // (lo+1 + hi), twice the mean rank of ranks lo+1..hi
		for k := lo; k < hi; k++ {
			if y[idx[k]] {
				n1++
				r1 += twiceMid
			}
		}
		lo = hi
	}
	n0 := float64(n) - n1
	if n1 == 0 || n0 == 0 {
		return math.NaN(), fmt.Errorf("tnr: AUC: %v positive and %v negative cases: need both", n1, n0)
	}
	return (r1/2 - n1*(n1+1)/2) / (n1 * n0), nil
}
