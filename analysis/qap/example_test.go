package qap_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/qap"
	"github.com/repnet/repnet/internal/table"
)

func ExampleRegress() {
	// Alliances and joint IGO memberships among six states, as dyad
	// lists; pairs absent from the alliance list have no alliance.
	ties := table.New(
		table.NewInt("ccode1", []int64{2, 2, 20, 200, 220, 255}),
		table.NewInt("ccode2", []int64{20, 200, 200, 220, 255, 325}),
		table.NewFloat("alliance", []float64{1, 1, 1, 1, 1, 1}),
	)
	igos := table.New(
		table.NewInt("ccode1", []int64{2, 2, 2, 2, 2, 20, 20, 20, 20, 200, 200, 200, 220, 220, 255}),
		table.NewInt("ccode2", []int64{20, 200, 220, 255, 325, 200, 220, 255, 325, 220, 255, 325, 255, 325, 325}),
		table.NewFloat("joint", []float64{7.2, 7.4, 6.8, 6.1, 5.5, 6.9, 6.6, 6.0, 5.4, 7.9, 7.7, 7.1, 8.1, 7.6, 7.3}),
	)
	nodes, _ := qap.Nodes(igos, "ccode1", "ccode2")
	y, _ := qap.Matrix(ties, "ccode1", "ccode2", "alliance", nodes, 0, true)
	x, _ := qap.Matrix(igos, "ccode1", "ccode2", "joint", nodes, 0, true)
	res, err := qap.Regress(y, []*mat.Dense{x}, []string{"igos"},
		qap.Options{Model: qap.Linear, Null: qap.YPerm, Perms: 500, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, term := range res.Terms {
		fmt.Printf("%-11s %6.3f  p = %.3f\n", term, res.Coef[j], res.PTwoSided[j])
	}
	// sna::netlm(y, x, mode = "graph", nullhyp = "qapy", reps = 500) gives
	// the same estimates, and p = 0.038 and 0.016 with R's generator.

	// Output:
	// (Intercept) -1.951  p = 0.040
	// igos         0.340  p = 0.026
}
