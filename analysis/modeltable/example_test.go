package modeltable_test

import (
	"os"

	"github.com/repnet/repnet/analysis/modeltable"
	"github.com/repnet/repnet/internal/table"
)

func ExampleMarkdown() {
	coef := table.New(
		table.NewString("term", []string{"(Intercept)", "igos"}),
		table.NewFloat("estimate", []float64{-7.824, 1.714}),
		table.NewFloat("std_error", []float64{2.764, 0.524}),
		table.NewFloat("p_value", []float64{0.0046, 0.0011}),
		table.NewString("vcov", []string{"dyadic:ccode1,ccode2", "dyadic:ccode1,ccode2"}),
	)
	stats := table.New(table.NewInt("nobs", []int64{6}))
	modeltable.Markdown(os.Stdout, []modeltable.Model{{Name: "Alliance", Coef: coef, Stats: stats}},
		modeltable.Options{Stars: []float64{0.1, 0.05, 0.01}, Stats: []modeltable.Stat{{Column: "nobs", Label: "N"}}})
	// Output:
	// |  | Alliance |
	// |:---|---:|
	// | (Intercept) | -7.824\*\*\* |
	// |  | (2.764) |
	// | igos | 1.714\*\*\* |
	// |  | (0.524) |
	// | N | 6 |
	//
	// Standard errors in parentheses, by variance estimator:
	//
	// Alliance dyadic:ccode1,ccode2; N = 6.
	//
	// \* p < 0.1, \*\* p < 0.05, \*\*\* p < 0.01.
}
