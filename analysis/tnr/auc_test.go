package tnr

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAUCByHand checks AUC on examples worked out by hand.
func TestAUCByHand(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		y      []bool
		want   float64
	}{
		// Positives 0.35 and 0.8, negatives 0.1 and 0.4: of the four
		// pairs, 0.35 beats 0.1, 0.8 beats both: 3/4.
		{"no ties", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		// Positives 0.5, 0.5; negatives 0.5, 0.2: each positive ties the
		// negative 0.5 (1/2) and beats 0.2 (1): (1.5 + 1.5) / 4.
		{"ties across classes", []float64{0.5, 0.5, 0.5, 0.2}, []bool{true, false, true, false}, 0.75},
		// Every score equal: every pair a tie.
		{"all tied", []float64{3, 3, 3, 3, 3}, []bool{true, false, false, true, false}, 0.5},
		// Perfect and perfectly wrong rankings.
		{"perfect", []float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		{"reversed", []float64{4, 3, 2, 1}, []bool{false, false, true, true}, 0},
		// One positive at 2 among negatives 1, 2, 2, 3: beats 1, ties two
		// 2s, loses to 3: (1 + 0.5 + 0.5 + 0) / 4.
		{"one positive", []float64{1, 2, 2, 3, 2}, []bool{false, false, false, false, true}, 0.5},
		// Three positives 0.9, 0.6, 0.6 and two negatives 0.6, 0.3:
		// 0.9 beats both (2); each 0.6 ties 0.6 and beats 0.3 (1.5 each):
		// 5/6.
		{"three and two", []float64{0.6, 0.9, 0.3, 0.6, 0.6}, []bool{true, true, false, false, true}, 5.0 / 6},
	}
	for _, tt := range tests {
		got, err := AUC(tt.scores, tt.y)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: AUC %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, bad := range []struct {
		s []float64
		y []bool
	}{
		{[]float64{1, 2}, []bool{true, true}},
		{[]float64{1, 2}, []bool{false, false}},
		{[]float64{1, math.NaN()}, []bool{true, false}},
		{[]float64{1}, []bool{true, false}},
		{nil, nil},
	} {
		if _, err := AUC(bad.s, bad.y); err == nil {
			t.Errorf("AUC(%v, %v): no error", bad.s, bad.y)
		}
	}
}

// TestAUCBruteForce compares AUC with the count over all pairs, exactly,
// on random data with many ties.
func TestAUCBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for rep := 0; rep < 200; rep++ {
		n := 2 + rng.IntN(60)
		s, y := make([]float64, n), make([]bool, n)
		for i := range s {
			s[i] = float64(rng.IntN(5)) / 4 // ties on purpose
			y[i] = rng.IntN(3) == 0
		}
		var wins2, n1, n0 int // wins counted doubled: a tie is 1, a win 2
		for i := range s {
			if y[i] {
				n1++
			} else {
				n0++
			}
			for j := range s {
				if !y[i] || y[j] {
					continue
				}
				switch {
				case s[i] > s[j]:
					wins2 += 2
				case s[i] == s[j]:
					wins2++
				}
			}
		}
		got, err := AUC(s, y)
		if n1 == 0 || n0 == 0 {
			if err == nil {
				t.Errorf("rep %d: no error with %d positives, %d negatives", rep, n1, n0)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := float64(wins2) / float64(2*n1*n0); got != want {
			t.Errorf("rep %d: AUC %v, brute force %v", rep, got, want)
		}
	}
}
