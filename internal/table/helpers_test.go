package table

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// sameTable reports the first difference between a and b: column names,
// types, missing rows and values (floats compared bit for bit, so -0 and
// 0 differ), Sources and Meta. A nil missing mask equals an all-false one,
// and a nil Meta an empty one.
func sameTable(a, b *Table) error {
	if !reflect.DeepEqual(a.Names(), b.Names()) {
		return fmt.Errorf("names %q, want %q", a.Names(), b.Names())
	}
	if a.NumRows() != b.NumRows() {
		return fmt.Errorf("%d rows, want %d", a.NumRows(), b.NumRows())
	}
	for j, ca := range a.Columns {
		cb := b.Columns[j]
		if ca.Type != cb.Type {
			return fmt.Errorf("column %q is %s, want %s", ca.Name, ca.Type, cb.Type)
		}
		for i := 0; i < ca.Len(); i++ {
			ma, mb := ca.IsMissing(i), cb.IsMissing(i)
			if ma != mb {
				return fmt.Errorf("column %q row %d: missing %v, want %v", ca.Name, i, ma, mb)
			}
			if ma {
				if ca.Type == Float && !math.IsNaN(ca.Floats[i]) {
					return fmt.Errorf("column %q row %d: missing float stored as %v, not NaN", ca.Name, i, ca.Floats[i])
				}
				continue
			}
			var same bool
			switch ca.Type {
			case Int:
				same = ca.Ints[i] == cb.Ints[i]
			case Float:
				same = math.Float64bits(ca.Floats[i]) == math.Float64bits(cb.Floats[i])
			case String:
				same = ca.Strings[i] == cb.Strings[i]
			case Bool:
				same = ca.Bools[i] == cb.Bools[i]
			}
			if !same {
				return fmt.Errorf("column %q row %d: %q, want %q", ca.Name, i, ca.Format(i), cb.Format(i))
			}
		}
	}
	if len(a.Sources)+len(b.Sources) > 0 && !reflect.DeepEqual(a.Sources, b.Sources) {
		return fmt.Errorf("sources %+v, want %+v", a.Sources, b.Sources)
	}
	if len(a.Meta)+len(b.Meta) > 0 && !reflect.DeepEqual(a.Meta, b.Meta) {
		return fmt.Errorf("meta %v, want %v", a.Meta, b.Meta)
	}
	return nil
}

// sampleTable is a small table of every type with missing values and the
// awkward values each writer must handle.
func sampleTable() *Table {
	nan := math.NaN()
	t := New(
		NewInt("ccode", []int64{2, 365, math.MinInt64, math.MaxInt64, 0, -9}).WithMissing([]bool{false, false, false, false, true, false}),
		NewFloat("polyarchy", []float64{0.5, -0.25, 1e-7, 1.5e300, nan, math.Copysign(0, -1)}),
		NewFloat("inf", []float64{math.Inf(1), math.Inf(-1), 0.1, 2.5, nan, 3.25}),
		NewString("name", []string{"United States", `Quote "q"`, "comma, here", "line\nbreak", "", "pipe | é 中"}).WithMissing([]bool{false, false, false, false, true, false}),
		NewBool("member", []bool{true, false, true, true, false, false}).WithMissing([]bool{false, false, false, false, false, true}),
	)
	t.AddSources(
		Source{Dataset: "vdem", File: "vdem.csv.gz", Path: "embedded:vdem/vdem.csv.gz", SHA256: "ab12"},
		Source{Dataset: "cow-igo", File: "igo.csv", Path: "embedded:cow-igo/igo.csv", SHA256: "cd34"},
	)
	t.SetMeta("coding", "COW -9 is missing")
	t.SetMeta("a.key", "value")
	return t
}

// bigTable is an n-row table of six columns: two int, two float (one with
// about 10% missing), a low-cardinality string and a high-cardinality one.
func bigTable(n int) *Table {
	rng := rand.New(rand.NewPCG(1, 2))
	year := make([]int64, n)
	ccode := make([]int64, n)
	x := make([]float64, n)
	y := make([]float64, n)
	org := make([]string, n)
	id := make([]string, n)
	orgs := []string{"SCO", "GCC", "CSTO", "CIS", "ASEAN", "AU", "OAS", "EU"}
	for i := range n {
		year[i] = 1816 + int64(i%200)
		ccode[i] = int64(rng.IntN(1000))
		x[i] = rng.NormFloat64()
		if rng.IntN(10) == 0 {
			y[i] = math.NaN()
		} else {
			y[i] = math.Round(rng.Float64()*1000) / 1000
		}
		org[i] = orgs[rng.IntN(len(orgs))]
		id[i] = fmt.Sprintf("row-%d-%x", i, rng.Uint32())
	}
	return New(NewInt("year", year), NewInt("ccode", ccode), NewFloat("x", x), NewFloat("y", y),
		NewString("org", org), NewString("id", id))
}

func mustSame(t *testing.T, got, want *Table) {
	t.Helper()
	if err := sameTable(got, want); err != nil {
		t.Fatal(err)
	}
}
