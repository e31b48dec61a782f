package formula_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/formula"
	"github.com/repnet/repnet/internal/table"
)

func ExampleBuild() {
	t := table.New(
		table.NewFloat("alliance", []float64{0, 1, 1, 0, 1, 0}),
		table.NewFloat("igos", []float64{12, 40, 35, 8, 51, 20}),
		table.NewInt("year", []int64{2000, 2000, 2001, 2001, 2002, 2002}),
		table.NewBool("contig", []bool{false, true, false, false, true, true}),
	)
	f, err := formula.Parse("alliance ~ igos*contig + factor(year)")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f)
	d, err := formula.Build(f, t)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Names)
	// Output:
	// alliance ~ igos + contig + factor(year) + igos:contig
	// [(Intercept) igos contigTRUE factor(year)2001 factor(year)2002 igos:contigTRUE]
}

func ExampleParse_error() {
	_, err := formula.Parse("alliance ~ igos + * contig")
	fmt.Println(err)
	// Output:
	// formula: "alliance ~ igos + * contig": at column 19: expected a term, found "*"
	//   alliance ~ igos + * contig
	//                     ^
}
