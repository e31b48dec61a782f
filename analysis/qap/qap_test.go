package qap

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

var (
	europeOnce sync.Once
	europe     map[string]*mat.Dense
	europeErr  error
)

// europeMats reads testdata/europe2014.csv (made by make_qap_ref.R) into
// matrices.
func europeMats(t testing.TB) map[string]*mat.Dense {
	t.Helper()
	europeOnce.Do(func() {
		tb, err := table.ReadFile("testdata/europe2014.csv")
		if err != nil {
			europeErr = err
			return
		}
		nodes, err := Nodes(tb, "ccode_i", "ccode_j")
		if err != nil {
			europeErr = err
			return
		}
		europe = map[string]*mat.Dense{}
		for _, c := range []string{"defense", "igos", "contig", "demdiff", "imports"} {
			if europe[c], err = Matrix(tb, "ccode_i", "ccode_j", c, nodes, math.NaN(), false); err != nil {
				europeErr = err
				return
			}
		}
	})
	if europeErr != nil {
		t.Fatal(europeErr)
	}
	return europe
}

type refCase struct {
	model    string
	fit      Model
	directed bool
	y        string
	xs       []string
}

var refCases = []refCase{
	{"logit_graph", Logit, false, "defense", []string{"igos", "contig", "demdiff"}},
	{"lm_graph", Linear, false, "igos", []string{"contig", "demdiff"}},
	{"lm_digraph", Linear, true, "imports", []string{"igos", "contig", "demdiff"}},
	{"logit_digraph", Logit, true, "defense", []string{"igos", "contig"}},
}

// TestMatchesSna compares estimates and observed statistics with sna's
// netlm and netlogit to 1e-6 relative, and p-values from 2000
// permutations with sna's from 2000 others: two independent Monte Carlo
// estimates of the same p differ by more than
// 4 sqrt(2 p (1-p) / 2000) + 2/2000 (p their mean) with probability
// below 1e-4 per comparison.
func TestMatchesSna(t *testing.T) {
	if testing.Short() {
		t.Skip("permutation test")
	}
	m := europeMats(t)
	ref, err := table.ReadFile("testdata/ref_qap.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range refCases {
		for _, null := range []Null{YPerm, DSP} {
			sna := map[Null]string{YPerm: "qapy", DSP: "qapspp"}[null]
			t.Run(c.model+"/"+sna, func(t *testing.T) {
				var xs []*mat.Dense
				for _, x := range c.xs {
					xs = append(xs, m[x])
				}
				res, err := Regress(m[c.y], xs, c.xs, Options{Model: c.fit, Null: null, Directed: c.directed, Perms: 2000, Seed: 42})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Warnings) > 0 {
					t.Logf("warnings: %v", res.Warnings)
				}
				j := 0
				for i := 0; i < ref.NumRows(); i++ {
					if ref.Col("model").Strings[i] != c.model || ref.Col("null").Strings[i] != sna {
						continue
					}
					for _, cc := range []struct {
						name string
						got  float64
					}{{"estimate", res.Coef[j]}, {"statistic", res.Stat[j]}} {
						if w := num(ref.Col(cc.name), i); math.Abs(cc.got-w) > 1e-6*math.Abs(w) {
							t.Errorf("%s %s: got %.12g, sna %.12g", res.Terms[j], cc.name, cc.got, w)
						}
					}
					for _, cc := range []struct {
						name string
						got  float64
					}{{"p_two_sided", res.PTwoSided[j]}, {"p_greater", res.PGreater[j]}, {"p_less", res.PLess[j]}} {
						w := num(ref.Col(cc.name), i)
						p := (cc.got + w) / 2
						tol := 4*math.Sqrt(2*p*(1-p)/2000) + 2.0/2000
						t.Logf("%s %s: go %.4f sna %.4f", res.Terms[j], cc.name, cc.got, w)
						if math.Abs(cc.got-w) > tol {
							t.Errorf("%s %s: got %.4f, sna %.4f (tolerance %.4f)", res.Terms[j], cc.name, cc.got, w, tol)
						}
					}
					j++
				}
				if j != len(res.Terms) {
					t.Errorf("%d reference rows for %d terms", j, len(res.Terms))
				}
			})
		}
	}
}

func num(c *table.Column, i int) float64 {
	v, _ := c.Float64(i)
	return v
}

// TestDeterministic: the same seed gives the same result with 1 and 3
// workers; another seed gives another.
func TestDeterministic(t *testing.T) {
	m := europeMats(t)
	run := func(workers int, seed uint64) *Result {
		var calls, last int
		r, err := Regress(m["defense"], []*mat.Dense{m["igos"], m["contig"]}, []string{"igos", "contig"},
			Options{Model: Logit, Null: DSP, Perms: 60, Seed: seed, Workers: workers,
				Progress: func(done, total int) {
					calls++
					if done != last+1 || total != 180 {
						t.Errorf("progress %d/%d after %d", done, total, last)
					}
					last = done
				}})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 180 {
			t.Errorf("%d progress calls, want 180", calls)
		}
		return r
	}
	a, b, c := run(1, 7), run(3, 7), run(3, 8)
	same := true
	for p := range a.Dist {
		for j := range a.Dist[p] {
			if a.Dist[p][j] != b.Dist[p][j] {
				t.Fatalf("permutation %d term %d: %v with 1 worker, %v with 3", p, j, a.Dist[p][j], b.Dist[p][j])
			}
			if a.Dist[p][j] != c.Dist[p][j] {
				same = false
			}
		}
	}
	if same {
		t.Error("seeds 7 and 8 give the same permutations")
	}
}

// TestPermutationUniform checks the shuffle: over 24000 permutations of 4
// items each of the 24 orders appears about 1000 times.
func TestPermutationUniform(t *testing.T) {
	counts := map[[4]int]int{}
	perm := make([]int, 4)
	for p := 0; p < 24000; p++ {
		permutation(1, uint64(p), perm)
		counts[[4]int(perm)]++
	}
	if len(counts) != 24 {
		t.Fatalf("%d distinct orders", len(counts))
	}
	for k, c := range counts {
		if c < 1000-5*31 || c > 1000+5*31 {
			t.Errorf("order %v drawn %d times", k, c)
		}
	}
}

func TestErrors(t *testing.T) {
	m := europeMats(t)
	y, x := m["defense"], m["igos"]
	for _, c := range []struct {
		y    *mat.Dense
		xs   []*mat.Dense
		opt  Options
		want string
	}{
		{y, []*mat.Dense{x}, Options{Model: Logit, Null: DSP}, "0 permutations"},
		{x, []*mat.Dense{y}, Options{Model: Logit, Null: DSP, Perms: 10}, "logit needs a 0/1 network y"},
		{y, []*mat.Dense{mat.NewDense(3, 3, nil)}, Options{Model: Logit, Null: DSP, Perms: 10}, "x is 3 x 3"},
		{y, []*mat.Dense{y}, Options{Model: Linear, Null: DSP, Perms: 10}, ""},
		{y, []*mat.Dense{x}, Options{Null: DSP, Perms: 10}, "model must be"},
	} {
		_, err := Regress(c.y, c.xs, []string{"x"}, c.opt)
		if c.want == "" {
			continue
		}
		if err == nil || !contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	bad := mat.DenseCopyOf(x)
	bad.Set(3, 1, math.NaN())
	if _, err := Regress(y, []*mat.Dense{bad}, []string{"igos"}, Options{Model: Logit, Null: DSP, Perms: 5}); err == nil || !contains(err.Error(), "igos is missing or infinite at cell (4, 2)") {
		t.Errorf("missing cell: %v", err)
	}
	if _, err := ParseNull("cug"); err == nil {
		t.Error("ParseNull(cug) accepted")
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestTable(t *testing.T) {
	m := europeMats(t)
	r, err := Regress(m["defense"], []*mat.Dense{m["igos"]}, []string{"igos"}, Options{Model: Logit, Null: YPerm, Perms: 20, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	tb := r.Table()
	if got := tb.Names(); len(got) != 7 || got[0] != "term" || got[6] != "perms" {
		t.Errorf("columns %v", got)
	}
	if tb.Col("term").Strings[0] != "(Intercept)" || tb.Col("term").Strings[1] != "igos" {
		t.Errorf("terms %v", tb.Col("term").Strings)
	}
	if tb.Meta["statistic"] != "z" || tb.Meta["null"] != "yperm" || tb.Meta["model"] != "logit" || tb.Meta["cells"] != "946" {
		t.Errorf("meta %v", tb.Meta)
	}
}

// TestSeparationWarning: a 0/1 network y that a regressor separates (y is
// 1 exactly where x > 0.5) has no logit estimate; the fit stops with huge
// coefficients, and the result must say so, as R's glm.fit warns. A
// network that is not separated gets no such warning.
func TestSeparationWarning(t *testing.T) {
	const n = 12
	y := mat.NewDense(n, n, nil)
	x := mat.NewDense(n, n, nil)
	z := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v := float64((i*7+j*3)%10) / 10
			w := float64((i*5+j*11)%7) / 7
			yv := 0.0
			if v > 0.5 {
				yv = 1
			}
			for _, s := range []struct {
				m *mat.Dense
				v float64
			}{{y, yv}, {x, v}, {z, w}} {
				s.m.Set(i, j, s.v)
				s.m.Set(j, i, s.v)
			}
		}
	}
	res, err := Regress(y, []*mat.Dense{x}, []string{"x"}, Options{Model: Logit, Null: YPerm, Perms: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if w := fmt.Sprint(res.Warnings); !contains(w, "fitted probabilities numerically 0 or 1 occurred on the observed network") {
		t.Errorf("separated network: warnings %q", w)
	}
	res, err = Regress(y, []*mat.Dense{z}, []string{"z"}, Options{Model: Logit, Null: YPerm, Perms: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if w := fmt.Sprint(res.Warnings); contains(w, "numerically 0 or 1") {
		t.Errorf("network that is not separated: warnings %q", w)
	}
}
