package layers

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/loaders"
)

func TestParseMeasures(t *testing.T) {
	for _, c := range []struct {
		list     string
		directed bool
		want     string // measures joined by ",", or the error's text
	}{
		{"degree, strength,eigenvector", false, "degree,strength,eigenvector"},
		{"all", false, "degree,strength,betweenness,betweenness_hops,closeness,harmonic,eigenvector,pagerank,katz,kcore,clustering,clustering_barrat,community"},
		{"all", true, "in_degree,out_degree,in_strength,out_strength,betweenness,betweenness_hops,closeness,harmonic,pagerank,katz,hub,authority,kcore,community"},
		{"in_degree,pagerank", true, "in_degree,pagerank"},
		{"fame", false, `unknown measure "fame"`},
		{"eigenvector", true, `measure "eigenvector" is not defined for directed graphs`},
		{"hub", false, `measure "hub" is not defined for undirected graphs`},
		{"degree,degree", false, `measure "degree" given twice`},
		{" , ", false, "no measure given"},
	} {
		ms, err := ParseMeasures(c.list, c.directed)
		got := ""
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Errorf("%q: %v is not a SpecError", c.list, err)
			}
			got = err.Error()
		} else {
			var names []string
			for _, m := range ms {
				names = append(names, string(m))
			}
			got = strings.Join(names, ",")
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("ParseMeasures(%q, %v) = %s, want %s", c.list, c.directed, got, c.want)
		}
	}
}

// TestCommunitiesTable: the node table of Communities carries each year's
// number of communities and modularity from the graph table, next to the
// attributes, and is Centrality's community column.
func TestCommunitiesTable(t *testing.T) {
	d := NewData()
	p, err := d.Build(Spec{Layer: "igo", IGOs: []string{"sco", "csto", "cis", "gcc"}}, loaders.YearRange{First: 2013, Last: 2014})
	if err != nil {
		t.Fatal(err)
	}
	o := MeasureOptions{Seed: 3, Attributes: true}
	nodes, graphs, err := d.Communities(p, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(nodes.Names(), ","); got != "year,ccode,stateabb,name,v2x_regime,regime,autocracy,v2x_polyarchy,community,communities,modularity" {
		t.Fatalf("columns %s", got)
	}
	cent, _, err := d.Centrality(p, []network.Measure{network.MCommunity}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cent.Col("community").Ints, nodes.Col("community").Ints) {
		t.Error("Communities and Centrality disagree on the partition")
	}
	for i, y := range nodes.Col("year").Ints {
		k := slices.Index(graphs.Col("year").Ints, y)
		if nodes.Col("communities").Ints[i] != graphs.Col("communities").Ints[k] || nodes.Col("modularity").Floats[i] != graphs.Col("modularity").Floats[k] {
			t.Fatalf("row %d: year %d's communities and modularity not copied", i, y)
		}
	}
	// The GCC's six members share a community in 2014.
	comm := map[int64]int64{}
	for i, y := range nodes.Col("year").Ints {
		if y == 2014 {
			comm[nodes.Col("ccode").Ints[i]] = nodes.Col("community").Ints[i]
		}
	}
	for _, c := range []int64{670, 690, 692, 694, 696, 698} {
		if comm[c] != comm[670] {
			t.Errorf("GCC member %d in community %d, Saudi Arabia in %d", c, comm[c], comm[670])
		}
	}
	if nodes.Meta["unit"] != "state-year" || graphs.Meta["unit"] != "year" || nodes.Meta["layer"] == "" {
		t.Errorf("meta: nodes %v, graphs %v", nodes.Meta, graphs.Meta)
	}
	for _, bad := range []MeasureOptions{{Resolution: -1}, {Assortativity: "party"}} {
		if _, _, err := d.Centrality(p, []network.Measure{network.MCommunity}, bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
