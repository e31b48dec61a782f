package qap

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func TestTableNetwork(t *testing.T) {
	tb := table.New(
		table.NewInt("ccode1", []int64{2, 2, 20, 2, 20}),
		table.NewInt("ccode2", []int64{20, 200, 200, 20, 365}),
		table.NewInt("year", []int64{2000, 2000, 2000, 2001, 2001}),
		table.NewFloat("w", []float64{1, 2, math.NaN(), 5, 6}),
	)
	tb.Col("w").SetMissing(2)
	n, err := TableNetwork(tb, "ties", "w", 2000, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(n.Nodes, []int64{2, 20, 200}) {
		t.Fatalf("nodes %v", n.Nodes)
	}
	// Laid over other nodes: 365 has no row in 2000, so its pairs are 0.
	m, err := n.Matrix([]int64{2, 20, 200, 365})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, 1, 2, 0}, {1, 0, math.NaN(), 0}, {2, math.NaN(), 0, 0}, {0, 0, 0, 0}}
	for i := range want {
		for j := range want[i] {
			g, w := m.At(i, j), want[i][j]
			if g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
				t.Errorf("cell (%d, %d) = %v, want %v", i, j, g, w)
			}
		}
	}
	dn, err := TableNetwork(tb, "ties", "w", 2000, true)
	if err != nil {
		t.Fatal(err)
	}
	if dm, _ := dn.Matrix(dn.Nodes); dm.At(1, 0) != 0 || dm.At(0, 1) != 1 {
		t.Errorf("directed: (20, 2) = %v, (2, 20) = %v", dm.At(1, 0), dm.At(0, 1))
	}

	_, err = TableNetwork(tb, "ties", "w", 0, false)
	var ye *YearsError
	if !errors.As(err, &ye) || ye.Years != 2 || err.Error() != "ties has 2 years: choose one" {
		t.Errorf("no year: %v", err)
	}
	for _, c := range []struct {
		year  int
		value string
		want  string
	}{
		{1999, "w", "ties has no rows for year 1999"},
		{2000, "weight", `ties: no column "weight"`},
	} {
		if _, err := TableNetwork(tb, "ties", c.value, c.year, false); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d %s: %v, want %q", c.year, c.value, err, c.want)
		}
	}
}

func TestParseLayer(t *testing.T) {
	a, err := ParseLayer("igo,select=autocratic")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseLayer("layer(igo, select=autocratic)")
	if err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() || a.Threshold != layers.DefaultThreshold {
		t.Errorf("compact %s, panel form %s", a, b)
	}
	for _, s := range []string{"layer(igo, bogus=1)", "igo,bogus=1", "layer(igo) as x", "layer(igo"} {
		if _, err := ParseLayer(s); err == nil {
			t.Errorf("%s: no error", s)
		}
	}
}

// TestLayerNetwork lays COW land contiguity in 2014 over four states:
// the United States borders Canada and Mexico, which do not border each
// other; 999 is no state.
func TestLayerNetwork(t *testing.T) {
	spec, err := ParseLayer("contiguity,max_type=1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := layers.NewData().Build(spec, loaders.YearRange{First: 2014, Last: 2014})
	if err != nil {
		t.Fatal(err)
	}
	n, err := LayerNetwork(p, "land", 2014, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Nodes) != 195 {
		t.Errorf("%d nodes in 2014, want the 195 states of the system", len(n.Nodes))
	}
	m, err := n.Matrix([]int64{2, 20, 70})
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(m, mat.NewDense(3, 3, []float64{0, 1, 1, 1, 0, 0, 1, 0, 0})) {
		t.Errorf("matrix %v", mat.Formatted(m))
	}
	if _, err := n.Matrix([]int64{2, 999}); err == nil || !strings.Contains(err.Error(), "state 999 is not a node in 2014") {
		t.Errorf("unknown node: %v", err)
	}
	if _, err := LayerNetwork(p, "land", 2020, false); err == nil || !strings.Contains(err.Error(), "no network in 2020") {
		t.Errorf("other year: %v", err)
	}
}

func TestDropIncomplete(t *testing.T) {
	nan := math.NaN()
	// Node 1's attribute is missing: all its cells; cell (3, 2) is
	// missing in the second matrix alone.
	a := mat.NewDense(4, 4, []float64{
		0, nan, 1, 1,
		nan, 0, nan, nan,
		1, nan, 0, 1,
		1, nan, 1, 0,
	})
	b := mat.NewDense(4, 4, []float64{
		0, 1, 1, 1,
		1, 0, 1, 1,
		1, 1, 0, 1,
		1, 1, nan, 0,
	})
	keep, dropped := DropIncomplete([]*mat.Dense{a, b}, false)
	// Undirected: cells i > j only; node 1 has 3 missing cells, then
	// (3, 2) ties nodes 2 and 3 and the first goes.
	if !reflect.DeepEqual(keep, []int{0, 3}) || !reflect.DeepEqual(dropped, []int{1, 2}) {
		t.Errorf("kept %v, dropped %v", keep, dropped)
	}
	// Directed: (2, 3) and (3, 2) both used; b's (3, 2) alone is missing.
	keep, dropped = DropIncomplete([]*mat.Dense{a, b}, true)
	if !reflect.DeepEqual(keep, []int{0, 3}) || !reflect.DeepEqual(dropped, []int{1, 2}) {
		t.Errorf("directed: kept %v, dropped %v", keep, dropped)
	}
	keep, dropped = DropIncomplete([]*mat.Dense{b.Slice(0, 3, 0, 3).(*mat.Dense)}, false)
	if !reflect.DeepEqual(keep, []int{0, 1, 2}) || dropped != nil {
		t.Errorf("complete: kept %v, dropped %v", keep, dropped)
	}
	s := Sub(a, []int{0, 2, 3})
	if !mat.Equal(s, mat.NewDense(3, 3, []float64{0, 1, 1, 1, 0, 1, 1, 1, 0})) {
		t.Errorf("Sub %v", mat.Formatted(s))
	}
}
