package qap

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// synthNetwork returns a symmetric 0/1 network y on n nodes drawn from a
// logit in three symmetric regressors (a count, a sparse 0/1 tie and a
// node-difference), like alliances on IGO co-membership, contiguity and
// regime difference.
func synthNetwork(n int, seed uint64) (*mat.Dense, []*mat.Dense) {
	r := rand.New(rand.NewPCG(seed, 2))
	score := make([]float64, n)
	for i := range score {
		score[i] = r.Float64()
	}
	y := mat.NewDense(n, n, nil)
	x1 := mat.NewDense(n, n, nil)
	x2 := mat.NewDense(n, n, nil)
	x3 := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v1 := float64(r.IntN(60)) / 10
			v2 := 0.0
			if r.Float64() < 0.03 {
				v2 = 1
			}
			v3 := math.Abs(score[i] - score[j])
			eta := -4 + 0.4*v1 + 1.5*v2 - 1*v3
			v := 0.0
			if r.Float64() < 1/(1+math.Exp(-eta)) {
				v = 1
			}
			for _, s := range []struct {
				m *mat.Dense
				v float64
			}{{y, v}, {x1, v1}, {x2, v2}, {x3, v3}} {
				s.m.Set(i, j, s.v)
				s.m.Set(j, i, s.v)
			}
		}
	}
	return y, []*mat.Dense{x1, x2, x3}
}

func benchDSP(b *testing.B, directed bool, nx int) {
	y, xs := synthNetwork(195, 1)
	names := []string{"x1", "x2", "x3"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Regress(y, xs[:nx], names[:nx], Options{Model: Logit, Null: DSP, Directed: directed, Perms: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogitDSP195 runs 1,000 DSP permutations of a logit with three
// regressors on an undirected 195-node network (18,915 cells; 4,000 fits).
// Target: under 2 s.
func BenchmarkLogitDSP195(b *testing.B) { benchDSP(b, false, 3) }

// BenchmarkLogitDSP195x2 is the same with two regressors (3,000 fits).
func BenchmarkLogitDSP195x2(b *testing.B) { benchDSP(b, false, 2) }

// BenchmarkLogitDSP195Directed uses all 37,830 off-diagonal cells.
func BenchmarkLogitDSP195Directed(b *testing.B) { benchDSP(b, true, 3) }

// BenchmarkLinearDSP195 runs 1,000 DSP permutations of a linear model
// with three regressors on the undirected 195-node network.
func BenchmarkLinearDSP195(b *testing.B) {
	_, xs := synthNetwork(195, 1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Regress(xs[0], xs[1:], []string{"x2", "x3"}, Options{Model: Linear, Null: DSP, Perms: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
