package backbone

import "github.com/repnet/repnet/internal/table"

// TestTable returns tests as a tidy table with columns ccode1, ccode2,
// weight, p_value, p_adjusted and kept, one row per tested edge in the
// order given.
func TestTable(tests []EdgeTest) *table.Table {
	n := len(tests)
	from := make([]int64, n)
	to := make([]int64, n)
	w := make([]float64, n)
	p := make([]float64, n)
	adj := make([]float64, n)
	keep := make([]bool, n)
	for i, t := range tests {
		from[i], to[i], w[i], p[i], adj[i], keep[i] = t.From, t.To, t.Weight, t.P, t.Adjusted, t.Keep
	}
	return table.New(
		table.NewInt("ccode1", from), table.NewInt("ccode2", to), table.NewFloat("weight", w),
		table.NewFloat("p_value", p), table.NewFloat("p_adjusted", adj), table.NewBool("kept", keep),
	)
}
