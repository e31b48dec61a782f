package qap

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigExp returns e^x to about 200 bits: the Taylor series of x/2^20,
// squared 20 times.
func bigExp(x float64) *big.Float {
	const prec = 300
	y := new(big.Float).SetPrec(prec).SetFloat64(x)
	y.SetMantExp(y, -20)
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := 1; n <= 30; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(n)))
		sum.Add(sum, term)
	}
	for i := 0; i < 20; i++ {
		sum.Mul(sum, sum)
	}
	return sum
}

// ulpErr returns |got - want| in units of the last place of want's
// float64 rounding.
func ulpErr(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(w, math.Inf(1)) - w
	d := new(big.Float).SetPrec(300).SetFloat64(got)
	d.Sub(d, want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

func TestExpTab(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, -0, 1, -1, 1e-300, -1e-20, 0.5, 30, -30, 29.999, 700, -700, 1.0 / 256, math.Ln2 / 256, -math.Ln2 / 256}
	for i := 0; i < 5000; i++ {
		xs = append(xs, -30+60*r.Float64(), -1+2*r.Float64(), -700+1400*r.Float64())
	}
	var worst, worstStd float64
	for _, x := range xs {
		want := bigExp(x)
		if e := ulpErr(expTab(x), want); e > worst {
			worst = e
		}
		if e := ulpErr(math.Exp(x), want); e > worstStd {
			worstStd = e
		}
	}
	t.Logf("max error: expTab %.3f ulp, math.Exp %.3f ulp", worst, worstStd)
	if worst > 0.52 {
		t.Errorf("expTab error %.3f ulp, want at most 0.52", worst)
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 710, -750} {
		got, want := expTab(x), math.Exp(x)
		if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("expTab(%v) = %v, want %v", x, got, want)
		}
	}
}

func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 18915)
	for i := range xs {
		xs[i] = -8 + 16*float64(i)/float64(len(xs))
	}
	var sink float64
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for _, x := range xs {
				sink += math.Exp(x)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			for _, x := range xs {
				sink += expTab(x)
			}
		}
	})
	_ = sink
}

// refPermFit is the algorithm of the permutation kernel written plainly,
// with math.Exp: Newton steps from beta0, each with X'WX and X'(y - mu)
// summed afresh, until the predicted deviance decrease of a step is below
// 1e-8 (|deviance at beta0| + 0.1); z values from the last X'WX.
func refPermFit(cols [][]float64, y, beta0 []float64) []float64 {
	k := len(cols)
	beta := append([]float64(nil), beta0...)
	eta := make([]float64, len(y))
	linpred(&design{x: cols, y: y}, beta, eta)
	scale := math.Abs(binDev(y, eta)) + 0.1
	var inv []float64
	for iter := 1; iter <= 25; iter++ {
		linpred(&design{x: cols, y: y}, beta, eta)
		a := make([]float64, k*k)
		b := make([]float64, k)
		for i := range y {
			mu, w := logistic(eta[i])
			for p := 0; p < k; p++ {
				b[p] += (y[i] - mu) * cols[p][i]
				for q := p; q < k; q++ {
					a[p*k+q] += w * cols[p][i] * cols[q][i]
				}
			}
		}
		s, err := spdInverse(a, k)
		if err != nil {
			panic(err)
		}
		delta := mulSym(s, b)
		var q float64
		for p := 0; p < k; p++ {
			for r := 0; r < k; r++ {
				q += delta[p] * a[min(p, r)*k+max(p, r)] * delta[r]
			}
		}
		inv = make([]float64, k)
		for p := range inv {
			inv[p] = s.At(p, p)
		}
		for p := range beta {
			beta[p] += delta[p]
		}
		if q < 1e-8*scale {
			break
		}
	}
	stat := make([]float64, k)
	for p := range stat {
		stat[p] = beta[p] / math.Sqrt(inv[p])
	}
	return stat
}

// TestPermutationKernelExact refits every permutation of a DSP and a
// y-permutation logit by refPermFit and checks that the fast kernel
// (expTab, blocked sums, precomputed first step) gives the same
// statistics to 1e-9 and exactly the same p-values, and that the
// observed fit is the plain IRLS's bit for bit.
//
// (The kernel's statistics differ from those of a full glm.fit-style
// IRLS from R's starting values by up to about 1e-2 in z: a z value uses
// X'WX at the iterate before the last, which glm.fit's tolerance fixes
// only to about the square root of 1e-8 in standard-error units.)
func TestPermutationKernelExact(t *testing.T) {
	const n, perms = 60, 150
	y, xs := synthNetwork(n, 7)
	names := []string{"x1", "x2", "x3"}
	cells := cellIndex(n, false)
	ones := make([]float64, len(cells))
	for i := range ones {
		ones[i] = 1
	}
	cols := [][]float64{ones}
	for _, m := range xs {
		v, _ := vectorize(m, cells, "x")
		cols = append(cols, v)
	}
	yv, _ := vectorize(y, cells, "y")
	k := len(cols)
	for _, null := range []Null{DSP, YPerm} {
		res, err := Regress(y, xs, names, Options{Model: Logit, Null: null, Perms: perms, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		obs, _ := logit(&design{x: cols, y: yv})
		for j := range obs.coef {
			if obs.coef[j] != res.Coef[j] || obs.stat[j] != res.Stat[j] {
				t.Fatalf("observed fit differs from the plain IRLS")
			}
		}
		// The matrices each permutation relabels, and the starting values.
		var mats, starts [][]float64
		if null == YPerm {
			mats = [][]float64{rawCopy(y)}
			var m float64
			for _, v := range yv {
				m += v
			}
			m /= float64(len(yv))
			starts = [][]float64{{math.Log(m / (1 - m)), 0, 0, 0}}
		} else {
			for j := 0; j < k; j++ {
				var others [][]float64
				for i := 0; i < k; i++ {
					if i != j {
						others = append(others, cols[i])
					}
				}
				e := make([]float64, len(cells))
				ols(&design{x: others, y: cols[j]}, e)
				m := make([]float64, n*n)
				for c, cl := range cells {
					m[cl.i*n+cl.j], m[cl.j*n+cl.i] = e[c], e[c]
				}
				mats = append(mats, m)
				f0, _ := logit(&design{x: others, y: yv})
				starts = append(starts, append(f0.coef, 0))
			}
		}
		perm := make([]int, n)
		dist := make([][]float64, perms)
		var worst float64
		for p := 0; p < perms; p++ {
			permutation(5, uint64(p), perm)
			dist[p] = make([]float64, k)
			for mi, m := range mats {
				pv := make([]float64, len(cells))
				for c, cl := range cells {
					pv[c] = m[perm[cl.i]*n+perm[cl.j]]
				}
				if null == YPerm {
					copy(dist[p], refPermFit(cols, pv, starts[0]))
				} else {
					var x [][]float64
					for i := 0; i < k; i++ {
						if i != mi {
							x = append(x, cols[i])
						}
					}
					dist[p][mi] = refPermFit(append(x, pv), yv, starts[mi])[k-1]
				}
			}
			for j := 0; j < k; j++ {
				if d := math.Abs(dist[p][j]-res.Dist[p][j]) / math.Max(1, math.Abs(dist[p][j])); d > worst {
					worst = d
				}
			}
		}
		t.Logf("%s: largest difference of a permuted statistic %.2g", null, worst)
		if worst > 1e-9 {
			t.Errorf("%s: permuted statistics differ by up to %.2g", null, worst)
		}
		for j := 0; j < k; j++ {
			var ge, le, abs int
			for p := 0; p < perms; p++ {
				v := dist[p][j]
				if v >= res.Stat[j] {
					ge++
				}
				if v <= res.Stat[j] {
					le++
				}
				if math.Abs(v) >= math.Abs(res.Stat[j]) {
					abs++
				}
			}
			if float64(ge)/perms != res.PGreater[j] || float64(le)/perms != res.PLess[j] || float64(abs)/perms != res.PTwoSided[j] {
				t.Errorf("%s %s: p-values differ from the plain kernel's", null, res.Terms[j])
			}
		}
	}
}
