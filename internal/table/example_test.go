package table_test

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

func ExampleWrite() {
	t := table.New(
		table.NewString("org", []string{"SCO", "GCC", "CSTO"}),
		table.NewInt("members", []int64{6, 6, 0}).WithMissing([]bool{false, false, true}),
		table.NewFloat("share_autocracy", []float64{5.0 / 6, 1, math.NaN()}),
	)
	table.Write(os.Stdout, t, table.CSV, table.WriteOptions{})
	fmt.Println()
	table.Write(os.Stdout, t, table.Markdown, table.WriteOptions{Digits: 3})
	// Output:
	// org,members,share_autocracy
	// SCO,6,0.8333333333333334
	// GCC,6,1
	// CSTO,,
	//
	// | org  | members | share_autocracy |
	// | :--- | ------: | --------------: |
	// | SCO  |       6 |           0.833 |
	// | GCC  |       6 |               1 |
	// | CSTO |         |                 |
}

func ExampleReadCSV() {
	in := "ccode,year,polyarchy,name\n2,2014,0.87,United States\n365,2014,NA,Russia\n"
	t, err := table.ReadCSV(strings.NewReader(in), "vdem.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range t.Columns {
		fmt.Println(c.Name, c.Type, c.HasMissing())
	}
	_, err = table.ReadCSV(strings.NewReader("ccode,year\n2,2014\n365\n"), "bad.csv")
	fmt.Println(err)
	// Output:
	// ccode int false
	// year int false
	// polyarchy float true
	// name string false
	// bad.csv:3: expected 2 fields (as in the header), found 1
}
