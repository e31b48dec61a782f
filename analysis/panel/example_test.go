package panel_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/panel"
)

// A dyad-year panel of 2014 with the number of organizations two states
// share, whether both are in the SCO, their land border, and each one's
// electoral democracy score (V-Dem 2014: Russia 0.269, China 0.084;
// 55 shared organizations, README of the source data).
func ExampleBuild() {
	t, err := panel.Build(panel.Options{
		Unit:  panel.DyadYear,
		Years: "2014",
		Add: []string{
			"layer(igo) as igos",
			"layer(igo, sco) as sco",
			"layer(contiguity) as border",
			"vdem.v2x_polyarchy as polyarchy",
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Names())
	for r := 0; r < t.NumRows(); r++ {
		if a, b := t.Col("ccode1").Ints[r], t.Col("ccode2").Ints[r]; a == 365 && b == 710 {
			for _, c := range t.Columns {
				fmt.Printf("%s=%s ", c.Name, c.Format(r))
			}
			fmt.Println()
		}
	}
	// Output:
	// [ccode1 ccode2 year igos sco border polyarchy_1 polyarchy_2]
	// ccode1=365 ccode2=710 year=2014 igos=55 sco=1 border=1 polyarchy_1=0.269 polyarchy_2=0.084
}
