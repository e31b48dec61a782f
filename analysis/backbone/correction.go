package backbone

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Correction is a multiple-testing correction of p-values.
type Correction int

// Corrections, with R's p.adjust names.
const (
	// None leaves p-values as they are.
	None Correction = iota
	// Bonferroni multiplies each p-value by the number of tests m (capped
	// at 1); controls the family-wise error rate.
	Bonferroni
	// Holm is Holm's (1979) step-down Bonferroni correction: the i-th
	// smallest p-value becomes max_{j<=i} (m-j+1) p_(j), capped at 1;
	// controls the family-wise error rate, uniformly more powerful than
	// Bonferroni.
	Holm
	// BenjaminiHochberg is Benjamini and Hochberg's (1995) step-up
	// correction: the i-th smallest p-value becomes min_{j>=i} m/j p_(j),
	// capped at 1; controls the false discovery rate.
	BenjaminiHochberg
)

var correctionNames = []string{"none", "bonferroni", "holm", "BH"}

// String returns R's p.adjust name of c: none, bonferroni, holm or BH.
func (c Correction) String() string {
	if c < 0 || int(c) >= len(correctionNames) {
		return fmt.Sprintf("Correction(%d)", int(c))
	}
	return correctionNames[c]
}

// ParseCorrection returns the correction named s (R's p.adjust names,
// ignoring case; "fdr" is an alias of BH).
func ParseCorrection(s string) (Correction, error) {
	for i, n := range correctionNames {
		if strings.EqualFold(s, n) {
			return Correction(i), nil
		}
	}
	if strings.EqualFold(s, "fdr") {
		return BenjaminiHochberg, nil
	}
	return 0, fmt.Errorf("backbone: unknown correction %q (want one of %s)", s, strings.Join(correctionNames, ", "))
}

// Adjust returns p-values adjusted for multiple testing by c, exactly as
// R's p.adjust(p, method) computes them with n = the number of non-NaN
// entries of p. NaN entries (untested hypotheses) stay NaN and do not count
// as tests. Ties are ordered by position, as R's order does.
func Adjust(p []float64, c Correction) []float64 {
	out := slices.Clone(p)
	var idx []int
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := float64(len(idx))
	switch c {
	case None:
	case Bonferroni:
		for _, i := range idx {
			out[i] = math.Min(1, m*p[i])
		}
	case Holm:
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
		run := 0.0
		for k, i := range idx {
			run = math.Max(run, (m-float64(k))*p[i])
			out[i] = math.Min(1, run)
		}
	case BenjaminiHochberg:
		// R: o <- order(p, decreasing = TRUE); cummin(n/i * p[o]) with
		// i = n, n-1, ..., 1.
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[b], p[a]) })
		run := math.Inf(1)
		for k, i := range idx {
			rank := m - float64(k)
			run = math.Min(run, m/rank*p[i])
			out[i] = math.Min(1, run)
		}
	default:
		panic(fmt.Sprintf("backbone: unknown correction %d", int(c)))
	}
	return out
}
