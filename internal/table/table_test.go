package table

import (
	"math"
	"testing"
)

func TestConcat(t *testing.T) {
	a := NewFloat("x", []float64{1, math.NaN()})
	b := NewFloat("x", []float64{3})
	c := Concat(a, b)
	if c.Len() != 3 || c.Floats[0] != 1 || !c.IsMissing(1) || c.IsMissing(2) || c.Floats[2] != 3 {
		t.Errorf("got %v missing %v", c.Floats, c.Missing)
	}
	d := Concat(NewInt("n", []int64{1}), NewInt("n", []int64{2, 3}))
	if d.Len() != 3 || d.Missing != nil || d.Ints[2] != 3 {
		t.Errorf("got %v missing %v", d.Ints, d.Missing)
	}
	defer func() {
		if recover() == nil {
			t.Error("concat of an int and a float column did not panic")
		}
	}()
	Concat(NewInt("n", []int64{1}), NewFloat("n", []float64{1}))
}
