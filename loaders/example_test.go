package loaders_test

import (
	"fmt"

	"github.com/repnet/repnet/loaders"
)

// The members and observers of the Collective Security Treaty Organization
// in 2014, from the compact panel that network code reads.
func ExampleIGOPanel_Members() {
	p, err := loaders.LoadIGOPanel(loaders.YearRange{First: 2014, Last: 2014})
	if err != nil {
		panic(err)
	}
	for _, m := range p.Members(2014)[p.Index("csto")] {
		fmt.Println(m.Ccode, m.Status)
	}
	// Output:
	// 345 observer
	// 365 full
	// 370 full
	// 371 full
	// 700 observer
	// 702 full
	// 703 full
	// 705 full
}

// China's IGO memberships by status in 2014. The 26 missing are the IGOs
// alive in 2014 for which COW codes every state's membership -9.
func ExampleLoad() {
	t, err := loaders.Load("cow-igo-counts", loaders.Options{Years: loaders.YearRange{First: 2014, Last: 2014}})
	if err != nil {
		panic(err)
	}
	cc := t.Col("ccode").Ints
	for i := range cc {
		if cc[i] == 710 {
			for _, c := range t.Columns {
				fmt.Printf("%s=%s\n", c.Name, c.Format(i))
			}
		}
	}
	fmt.Println(t.Meta["unit"], t.Meta["coverage"])
	// Output:
	// ccode=710
	// year=2014
	// full=80
	// associate=0
	// observer=3
	// any=83
	// missing=26
	// state-year 1816-2014
}

func ExampleSystem_StatesIn() {
	s, err := loaders.LoadSystem()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(s.StatesIn(1816)), len(s.StatesIn(2014)))
	fmt.Println(s.StatesIn(1816)[:5])
	// Output:
	// 23 195
	// [2 200 210 220 225]
}
