package glm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// synthPanel returns a synthetic non-directed dyad-year panel of all pairs
// of nstates states over nyears years, with a binary outcome drawn from a
// logit with state-level shocks (so errors are dyadically correlated) and
// four covariates.
func synthPanel(nstates, nyears int, seed uint64) *table.Table {
	r := rand.New(rand.NewPCG(seed, 1))
	shock := make([]float64, nstates)
	level := make([]float64, nstates)
	for i := range shock {
		shock[i] = r.NormFloat64()
		level[i] = r.Float64()
	}
	n := nstates * (nstates - 1) / 2 * nyears
	c1 := make([]int64, 0, n)
	c2 := make([]int64, 0, n)
	yr := make([]int64, 0, n)
	y := make([]float64, 0, n)
	x1 := make([]float64, 0, n)
	x2 := make([]float64, 0, n)
	x3 := make([]float64, 0, n)
	x4 := make([]float64, 0, n)
	for t := 0; t < nyears; t++ {
		for a := 0; a < nstates; a++ {
			for b := a + 1; b < nstates; b++ {
				v1 := r.NormFloat64()
				v2 := level[a] * level[b]
				v3 := 0.0
				if r.Float64() < 0.05 {
					v3 = 1
				}
				v4 := r.Float64()*2 + float64(t)/float64(nyears)
				eta := -2 + 0.5*v1 + 1.0*v2 + 1.5*v3 - 0.3*v4 + 0.5*(shock[a]+shock[b]) + 0.02*float64(t)
				yv := 0.0
				if r.Float64() < 1/(1+math.Exp(-eta)) {
					yv = 1
				}
				c1 = append(c1, int64(10*a+2))
				c2 = append(c2, int64(10*b+2))
				yr = append(yr, int64(1990+t))
				y = append(y, yv)
				x1 = append(x1, v1)
				x2 = append(x2, v2)
				x3 = append(x3, v3)
				x4 = append(x4, v4)
			}
		}
	}
	return table.New(table.NewInt("ccode1", c1), table.NewInt("ccode2", c2), table.NewInt("year", yr),
		table.NewFloat("y", y), table.NewFloat("x1", x1), table.NewFloat("x2", x2), table.NewFloat("x3", x3), table.NewFloat("x4", x4))
}

// BenchmarkLogitDyadic1M fits a logit with 4 covariates and 25 year fixed
// effects to 1,004,650 dyad-years (284 states) and computes dyadic-robust
// standard errors. Target: under 5 s and 1 GiB peak RSS.
func BenchmarkLogitDyadic1M(b *testing.B) {
	d := synthPanel(284, 25, 1)
	b.ResetTimer()
	for b.Loop() {
		m, err := FitString("y ~ x1 + x2 + x3 + x4 + factor(year)", d, Logit, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.Coefficients(0.95, "dyadic:ccode1,ccode2"); err != nil {
			b.Fatal(err)
		}
	}
}
