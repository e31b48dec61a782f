package glm_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
)

func ExampleModel_Coefficients() {
	// Six dyads of four states: does joint IGO membership go with an
	// alliance? (R: glm gives -7.824 (6.726) and 1.714 (1.360); the
	// dyadic errors agree with the brute-force sum over pairs of dyads
	// sharing a state.)
	t := table.New(
		table.NewInt("ccode1", []int64{2, 2, 2, 20, 20, 200}),
		table.NewInt("ccode2", []int64{20, 200, 210, 200, 210, 210}),
		table.NewFloat("alliance", []float64{1, 1, 0, 1, 0, 1}),
		table.NewFloat("igos", []float64{6.7, 5.9, 3.1, 4.4, 5.0, 6.1}),
	)
	m, err := glm.FitString("alliance ~ igos", t, glm.Logit, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ct, err := m.Coefficients(0.95, "classical", "dyadic:ccode1,ccode2")
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < ct.NumRows(); i++ {
		fmt.Printf("%-11s %-20s %7.3f (%.3f)\n", ct.Col("term").Strings[i], ct.Col("vcov").Strings[i], ct.Col("estimate").Floats[i], ct.Col("std_error").Floats[i])
	}
	fmt.Println(m.NObs, m.Iter, m.Converged)
	// Output:
	// (Intercept) classical             -7.824 (6.726)
	// igos        classical              1.714 (1.360)
	// (Intercept) dyadic:ccode1,ccode2  -7.824 (2.764)
	// igos        dyadic:ccode1,ccode2   1.714 (0.524)
	// 6 5 true
}
