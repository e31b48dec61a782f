package tnr

import (
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

type pairYear struct{ a, b, y int64 }

// TestHostPanelCells checks every cell of a host-cooperation panel over
// 2014-2020 against lookups in the loaders' tables, made here
// independently of the panel's code: Fariss, V-Dem RoW, ATOP and COW
// contiguity directly; the carry-forward rule for the components whose
// sources end before 2020.
func TestHostPanelCells(t *testing.T) {
	if testing.Short() {
		t.Skip("seven years of directed dyads")
	}
	d := NewData(2020)
	c, err := d.loadCountries()
	if err != nil {
		t.Fatal(err)
	}
	inc := emptyIncidents(t, c, 2014, 2020)
	p, err := d.HostPanel(inc, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.NumRows() != 7*195*194 {
		t.Fatalf("%d rows, want %d", p.NumRows(), 7*195*194)
	}
	want := []string{"ccode1", "ccode2", "year", "coop", "shared_autocratic_igos", "alliance", "contiguity", "un_agreement", "host_autocracy", "host_polyarchy", "origin_repression", "origin_repression_rise"}
	if got := strings.Join(p.Names(), ","); got != strings.Join(want, ",") {
		t.Fatalf("columns %s", got)
	}

	fariss, err := loaders.Load("fariss", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	theta := map[[2]int64]float64{}
	for i, cc := range fariss.Col("ccode").Ints {
		if v, ok := fariss.Col("theta_mean").Float64(i); ok {
			theta[[2]int64{cc, fariss.Col("year").Ints[i]}] = v
		}
	}
	row, err := loaders.Load("vdem-row", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	regime := map[[2]int64]int64{}
	for i, cc := range row.Col("ccode").Ints {
		if !row.Col("v2x_regime").IsMissing(i) {
			regime[[2]int64{cc, row.Col("year").Ints[i]}] = row.Col("v2x_regime").Ints[i]
		}
	}
	atop, err := loaders.Load("atop", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	allied := map[pairYear]bool{}
	for i := 0; i < atop.NumRows(); i++ {
		any := false
		for _, col := range []string{"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"} {
			any = any || atop.Col(col).Ints[i] == 1
		}
		if any {
			a, b, y := atop.Col("ccode1").Ints[i], atop.Col("ccode2").Ints[i], atop.Col("year").Ints[i]
			allied[pairYear{a, b, y}], allied[pairYear{b, a, y}] = true, true
		}
	}
	contig, err := loaders.Load("cow-contiguity", loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	land := map[pairYear]bool{}
	for i := 0; i < contig.NumRows(); i++ {
		if contig.Col("conttype").Ints[i] == 1 {
			a, b, y := contig.Col("ccode1").Ints[i], contig.Col("ccode2").Ints[i], contig.Col("year").Ints[i]
			land[pairYear{a, b, y}], land[pairYear{b, a, y}] = true, true
		}
	}

	c1, c2, yy := p.Col("ccode1").Ints, p.Col("ccode2").Ints, p.Col("year").Ints
	at := map[pairYear]int{} // row of each dyad-year
	for i := range yy {
		at[pairYear{c1[i], c2[i], yy[i]}] = i
	}
	bad := 0
	fail := func(i int, format string, args ...any) {
		if bad < 10 {
			t.Errorf("%d -> %d, %d: "+format, append([]any{c1[i], c2[i], yy[i]}, args...)...)
		}
		bad++
	}
	for i := range yy {
		o, h, y := c1[i], c2[i], yy[i]
		if p.Col("coop").Ints[i] != 0 {
			fail(i, "coop %d without incidents", p.Col("coop").Ints[i])
		}
		// Fariss.
		a, ok1 := theta[[2]int64{o, y - 1}]
		b, ok2 := theta[[2]int64{o, y - 4}]
		rise, ok := p.Col("origin_repression_rise").Float64(i)
		if ok != (ok1 && ok2) || ok && rise != b-a {
			fail(i, "origin_repression_rise %v (%v), want %v", rise, ok, b-a)
		}
		rep, ok := p.Col("origin_repression").Float64(i)
		if ok != ok1 || ok && rep != -a {
			fail(i, "origin_repression %v (%v)", rep, ok)
		}
		// V-Dem RoW.
		r, okR := regime[[2]int64{h, y}]
		ha, ok := p.Col("host_autocracy").Float64(i)
		if ok != okR || ok && (ha == 1) != (r <= 1) {
			fail(i, "host_autocracy %v (%v), v2x_regime %d", ha, ok, r)
		}
		// ATOP, carried forward after 2018; contiguity after 2016.
		al, ok := p.Col("alliance").Float64(i)
		if !ok || (al == 1) != allied[pairYear{o, h, min(y, 2018)}] {
			fail(i, "alliance %v (%v)", al, ok)
		}
		ct, ok := p.Col("contiguity").Float64(i)
		if !ok || (ct == 1) != land[pairYear{o, h, min(y, 2016)}] {
			fail(i, "contiguity %v (%v)", ct, ok)
		}
		// IGO after 2014, UN votes after 2019: the value of the source's
		// last year.
		for _, cy := range []struct {
			col  string
			last int64
		}{{"shared_autocratic_igos", 2014}, {"un_agreement", 2019}} {
			if y <= cy.last {
				continue
			}
			j := at[pairYear{o, h, cy.last}]
			v, ok := p.Col(cy.col).Float64(i)
			w, okw := p.Col(cy.col).Float64(j)
			if ok != okw || ok && v != w {
				fail(i, "%s %v (%v), %d value %v (%v)", cy.col, v, ok, cy.last, w, okw)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d cells differ", bad)
	}
	if !strings.Contains(p.Meta["source_year:shared_autocratic_igos"], "2015-2020 take the 2014 value") {
		t.Errorf("meta %q", p.Meta["source_year:shared_autocratic_igos"])
	}

	// NoCarry: missing after the sources end, never 0.
	q, err := d.HostPanel(inc, HostOptions{NoCarry: true, Years: loaders.YearRange{First: 2018, Last: 2020}})
	if err != nil {
		t.Fatal(err)
	}
	for i, y := range q.Col("year").Ints {
		for _, cy := range []struct {
			col  string
			last int64
		}{{"shared_autocratic_igos", 2014}, {"alliance", 2018}, {"contiguity", 2016}, {"un_agreement", 2019}} {
			// After the source's last year every value is missing; before
			// it only UN agreement may be (pairs without a common vote).
			missing, after := q.Col(cy.col).IsMissing(i), y > cy.last
			if after && !missing || !after && missing && cy.col != "un_agreement" {
				t.Fatalf("NoCarry %s in %d: missing %v", cy.col, y, missing)
			}
		}
	}
	if !strings.Contains(q.Meta["source_year:alliance"], "missing in 2019-2020") {
		t.Errorf("NoCarry meta %q", q.Meta["source_year:alliance"])
	}
	if _, err := d.HostPanel(inc, HostOptions{Years: loaders.YearRange{First: 2010, Last: 2015}}); err == nil {
		t.Error("years outside the coverage: no error")
	}
}

// TestPredict: for a logit and a Poisson fitted by maximum likelihood with
// an intercept, the score equation for the intercept makes the mean of the
// fitted values equal the mean of the outcome; Predict must reproduce it
// on the training rows, and refuse a model with a factor.
func TestPredict(t *testing.T) {
	n := 400
	x, z, yb, yc := make([]float64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i := range x {
		x[i] = math.Sin(float64(i))
		z[i] = int64(i % 3)
		if math.Cos(float64(i)*1.7)+x[i] > 0.3 {
			yb[i] = 1
		}
		yc[i] = int64(i%5) + int64(2*x[i]+2)
	}
	miss := make([]bool, n)
	miss[7] = true
	data := table.New(nanMissing(table.NewFloat("x", x), miss), table.NewInt("z", z), table.NewInt("yb", yb), table.NewInt("yc", yc))
	for _, tt := range []struct {
		formula string
		fam     glm.Family
		y       []int64
	}{{"yb ~ x + z", glm.Logit, yb}, {"yc ~ x + z", glm.Poisson, yc}} {
		m, err := glm.FitString(tt.formula, data, tt.fam, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, ok, err := Predict(m, data)
		if err != nil {
			t.Fatal(err)
		}
		var sp, sy float64
		for i := range p {
			if ok[i] != (i != 7) {
				t.Fatalf("row %d: ok %v", i, ok[i])
			}
			if ok[i] {
				sp += p[i]
				sy += float64(tt.y[i])
			}
		}
		if math.Abs(sp-sy) > 1e-8*sy {
			t.Errorf("%s: sum of predictions %v, of outcomes %v", tt.formula, sp, sy)
		}
		if !math.IsNaN(p[7]) {
			t.Errorf("missing row predicted %v", p[7])
		}
	}
	m, err := glm.FitString("yb ~ x + factor(z)", data, glm.Logit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Predict(m, data); err == nil || !strings.Contains(err.Error(), "factor(z)1") {
		t.Errorf("factor: %v", err)
	}
}
