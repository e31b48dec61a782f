package tnr_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/tnr"
)

// AUC counts a tie between a positive and a negative case as one half.
func ExampleAUC() {
	scores := []float64{0.9, 0.6, 0.6, 0.6, 0.3}
	cooperated := []bool{true, true, false, true, false}
	auc, err := tnr.AUC(scores, cooperated)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", auc)
	// Output: 0.8333
}

// The watchlist for the latest year the bundled data allow: the origin
// state whose repression rose most, and the host state most tied to it.
func ExampleData_Watchlist() {
	w, err := tnr.NewData(2021).Watchlist(tnr.WatchlistOptions{Top: 1, Hosts: 1})
	if err != nil {
		panic(err)
	}
	t := w.Table
	fmt.Println(w.Year, t.Col("origin_name").Strings[0], "->", t.Col("host_name").Strings[0])
	fmt.Println("organizations from", t.Col("igo_year").Ints[0], "alliances from", t.Col("atop_year").Ints[0], "UN votes from", t.Col("unvotes_year").Ints[0])
	// Output:
	// 2021 Mozambique -> Tanzania
	// organizations from 2014 alliances from 2018 UN votes from 2019
}
