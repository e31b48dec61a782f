package layers_test

import (
	"fmt"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/loaders"
)

// The co-membership network of the Shanghai Cooperation Organisation,
// CSTO and CIS in 2014, with the number of the three each pair shares, and
// the states' degrees.
func ExampleBuild() {
	s, err := layers.ParseSpec("igo,igos=sco/csto/cis")
	if err != nil {
		panic(err)
	}
	p, err := layers.Build(s, loaders.YearRange{First: 2014, Last: 2014})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Spec)
	for _, pair := range [][2]int64{{365, 705}, {365, 710}, {2, 20}} {
		w, _ := p.Weight(2014, pair[0], pair[1])
		fmt.Printf("%d-%d: %v\n", pair[0], pair[1], w)
	}
	g := p.Year(2014).Graph
	deg := network.Degree(g)
	for i := 0; i < g.N(); i++ {
		if id := g.ID(i); id == 365 || id == 710 || id == 2 {
			fmt.Printf("degree of %d: %d\n", id, deg[i])
		}
	}
	// Output:
	// igo,members=full,igos=cis/csto/sco,weight=count
	// 365-705: 3
	// 365-710: 1
	// 2-20: 0
	// degree of 2: 0
	// degree of 365: 9
	// degree of 710: 5
}

func ExampleSpec_Normalize() {
	s := layers.Spec{Layer: "igo", Select: "autocratic", Backbone: "sdsm"}
	n, err := s.Normalize()
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	_, err = layers.Spec{Layer: "atop", Weight: "jaccard"}.Normalize()
	fmt.Println(err)
	// Output:
	// igo,members=full,select=autocratic,threshold=0.5,weight=count,backbone=sdsm,alpha=0.05,correction=none
	// layers: option weight does not apply to the atop layer (its options: obligation, directed)
}
