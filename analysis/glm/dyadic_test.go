package glm

import (
	"math"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// smallPanel is the subset of the panel make_glm_ref.R checks its dyadic
// formula on: 2009-2010, both codes below 400, no missing values.
func smallPanel(t *testing.T) *table.Table {
	p := panel(t)
	c1, c2, yr := p.Col("ccode1").Ints, p.Col("ccode2").Ints, p.Col("year").Ints
	lt, p1, p2 := p.Col("lntrade"), p.Col("polyarchy1"), p.Col("polyarchy2")
	return p.Filter(func(i int) bool {
		return yr[i] >= 2009 && c1[i] < 400 && c2[i] < 400 && !lt.IsMissing(i) && !p1.IsMissing(i) && !p2.IsMissing(i)
	})
}

// TestDyadicSmall compares the dyadic-robust standard errors on the
// subset with R's (computed there by brute force), and the fast meat with
// a brute-force double sum over pairs of rows sharing a member, here.
func TestDyadicSmall(t *testing.T) {
	sub := smallPanel(t)
	m, err := FitString("defense ~ contig + polyarchy1 + lntrade + factor(year)", sub, Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := readRef(t, "ref_dyadic_small.csv")
	if m.NObs != int(ref.Col("nobs").Ints[0]) {
		t.Fatalf("nobs %d, R %d", m.NObs, ref.Col("nobs").Ints[0])
	}
	v, err := m.Vcov("dyadic:ccode1,ccode2")
	if err != nil {
		t.Fatal(err)
	}
	for j, name := range m.Names {
		if name != ref.Col("term").Strings[j] {
			t.Fatalf("term %d: %s, R %s", j, name, ref.Col("term").Strings[j])
		}
		if g, w := m.Coef[j], num(ref.Col("estimate"), j); !close(g, w, 1e-8, 0) {
			t.Errorf("%s estimate %.12g, R %.12g", name, g, w)
		}
		if g, w := math.Sqrt(v.At(j, j)), num(ref.Col("std_error"), j); !close(g, w, 1e-8, 0) {
			t.Errorf("%s dyadic se %.12g, R %.12g", name, g, w)
		}
	}

	// Brute force: M = sum over pairs (i, j) sharing a member of s_i s_j'.
	p := len(m.Coef)
	x := m.Design.Dense()
	a := make([]int64, m.NObs)
	b := make([]int64, m.NObs)
	for i, r := range m.Design.Rows {
		a[i], b[i] = sub.Col("ccode1").Ints[r], sub.Col("ccode2").Ints[r]
	}
	s := make([][]float64, m.NObs)
	for i := range s {
		s[i] = make([]float64, p)
		for k := 0; k < p; k++ {
			s[i][k] = m.wres[i] * x.At(i, k)
		}
	}
	brute := make([]float64, p*p)
	sum := make([]float64, p)
	for i := 0; i < m.NObs; i++ {
		clear(sum)
		for j := 0; j < m.NObs; j++ {
			if a[i] == a[j] || a[i] == b[j] || b[i] == a[j] || b[i] == b[j] {
				for k := 0; k < p; k++ {
					sum[k] += s[j][k]
				}
			}
		}
		for k := 0; k < p; k++ {
			for l := 0; l < p; l++ {
				brute[k*p+l] += s[i][k] * sum[l]
			}
		}
	}
	fast := make([]float64, p*p)
	ia, ib, G, err := m.members("ccode1", "ccode2")
	if err != nil {
		t.Fatal(err)
	}
	m.meatGroups(fast, [][]int32{ia, ib}, G, 1)
	dy := make([]int32, m.NObs)
	ids := map[[2]int64]int32{}
	for i := range dy {
		k := [2]int64{min(a[i], b[i]), max(a[i], b[i])}
		if _, ok := ids[k]; !ok {
			ids[k] = int32(len(ids))
		}
		dy[i] = ids[k]
	}
	m.meatGroups(fast, [][]int32{dy}, len(ids), -1)
	for k := 0; k < p; k++ {
		for l := k; l < p; l++ {
			if g, w := fast[k*p+l], brute[k*p+l]; !close(g, w, 1e-9, 1e-9*math.Sqrt(brute[k*p+k]*brute[l*p+l])) {
				t.Errorf("meat[%d,%d] = %.12g, brute force %.12g", k, l, g, w)
			}
		}
	}
}

// TestDyadicDirected checks that directed rows (a,b) and (b,a) form one
// dyad: adding every row again with its members swapped must leave the
// dyadic variance unchanged (see the comment in the test for why).
func TestDyadicDirected(t *testing.T) {
	sub := smallPanel(t)
	n := sub.NumRows()
	idx := make([]int, 2*n)
	for i := range idx {
		idx[i] = i % n
	}
	dir := sub.Take(idx)
	c1, c2 := dir.Col("ccode1").Ints, dir.Col("ccode2").Ints
	for i := n; i < 2*n; i++ {
		c1[i], c2[i] = c2[i], c1[i]
	}
	const f = "defense ~ contig + polyarchy1 + lntrade + factor(year)"
	mu, err := FitString(f, sub, Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := FitString(f, dir, Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	vu, err := mu.Vcov("dyadic:ccode1,ccode2")
	if err != nil {
		t.Fatal(err)
	}
	vd, err := md.Vcov("dyadic:ccode1,ccode2")
	if err != nil {
		t.Fatal(err)
	}
	// Doubling every row doubles X'WX and doubles each S_m and S_d, so the
	// meat is 4 times and the variance (1/2) M (1/2) equals the original.
	for j := range mu.Coef {
		if g, w := vd.At(j, j), vu.At(j, j); !close(g, w, 1e-6, 0) {
			t.Errorf("%s: directed variance %.10g, undirected %.10g", mu.Names[j], g, w)
		}
	}
}
