package loaders

import (
	"bytes"
	"errors"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
)

// Every fuzz target checks that a parser never panics, that its errors
// are positioned (*csvx.Error), and that what it accepts satisfies the
// table's invariants.

func checkErr(t *testing.T, err error) {
	t.Helper()
	var e *csvx.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("error without a position: %v", err)
	}
}

func FuzzIGOPanel(f *testing.F) {
	f.Add([]byte(igoHeader + "2,1990,usa,0,1\n20,1990,can,3,-9\n2,1991,usa,-1,2\n"))
	f.Add([]byte(igoHeader + "20,1990,can,0,1\n2,1990,usa,0,1\n"))
	f.Add([]byte("ccode,year,state\n2,1990,usa\n"))
	// The first columns of the real file.
	f.Add([]byte(`"ccode","year","state","aaaid","aacb","aalco","acp","afdb","sco"
2,1816,"usa",-1,-1,-1,-1,-1,-1
710,2014,"china",0,0,1,0,1,1
`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ReadIGOPanel(bytes.NewReader(b), "f.csv", YearRange{})
		checkErr(t, err)
		if err != nil {
			return
		}
		n := len(p.Ccode)
		if len(p.Year) != n || len(p.Start) != n+1 || p.Start[0] != 0 || int(p.Start[n]) != len(p.IGO) || len(p.IGO) != len(p.Status) {
			t.Fatalf("inconsistent panel: %d state-years, %d starts, %d cells", n, len(p.Start), len(p.IGO))
		}
		for k := 0; k < n; k++ {
			if k > 0 && (p.Ccode[k-1] > p.Ccode[k] || (p.Ccode[k-1] == p.Ccode[k] && p.Year[k-1] >= p.Year[k])) {
				t.Fatalf("state-years out of order at %d", k)
			}
			for c := p.Start[k]; c < p.Start[k+1]; c++ {
				if c > p.Start[k] && p.IGO[c-1] >= p.IGO[c] {
					t.Fatalf("IGOs out of order in state-year %d", k)
				}
				switch p.Status[c] {
				case Full, Associate, Observer, StatusMissing:
				default:
					t.Fatalf("status %d stored", p.Status[c])
				}
			}
		}
		m := p.Memberships()
		cnt := p.Counts()
		if m.NumRows() != len(p.IGO) || cnt.NumRows() != n {
			t.Fatalf("tables of %d and %d rows from a panel of %d cells and %d state-years", m.NumRows(), cnt.NumRows(), len(p.IGO), n)
		}
	})
}

func FuzzContiguity(f *testing.F) {
	const h = "ccode1,ccode2,conttype,stdate,enddate\n"
	f.Add([]byte(h + "2,20,1,1920-01-01,2016-12-01\n20,2,1,1920-01-01,2016-12-01\n"))
	f.Add([]byte(h + "2,20,1,1920-01-01,1930-06-01\n2,20,3,1930-07-01,1940-12-01\n"))
	f.Add([]byte(h + "\"2\",20,0,\"1920-01-01\",1920-01-02\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadContiguity(bytes.NewReader(b), "f.csv")
		checkErr(t, err)
		if err != nil {
			return
		}
		c1, c2, y, ty := tab.Col("ccode1").Ints, tab.Col("ccode2").Ints, tab.Col("year").Ints, tab.Col("conttype").Ints
		for i := range c1 {
			if c1[i] >= c2[i] || ty[i] < 1 || ty[i] > 5 {
				t.Fatalf("row %d: %d %d %d type %d", i, c1[i], c2[i], y[i], ty[i])
			}
			if i > 0 && (c1[i-1] > c1[i] || (c1[i-1] == c1[i] && (c2[i-1] > c2[i] || (c2[i-1] == c2[i] && y[i-1] >= y[i])))) {
				t.Fatalf("rows %d and %d out of order", i-1, i)
			}
		}
	})
}

func FuzzNMC(f *testing.F) {
	const h = "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n"
	f.Add([]byte(h + "2,1816,3823,17,80,254,8659,101,0.039697491\n2,1817,-9,,NA,1,2,3,4e-3\n"))
	f.Add([]byte(h + "20,1816,1,1,1,1,1,1,1\n2,1816,1,1,1,1,1,1,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadNMC(bytes.NewReader(b), "f.csv")
		checkErr(t, err)
		if err != nil {
			return
		}
		cc, yy := tab.Col("ccode").Ints, tab.Col("year").Ints
		for i := 1; i < len(cc); i++ {
			if cc[i-1] > cc[i] || (cc[i-1] == cc[i] && yy[i-1] >= yy[i]) {
				t.Fatalf("rows %d and %d out of order or duplicate", i-1, i)
			}
		}
	})
}

func FuzzStateSystem(f *testing.F) {
	const h = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
	f.Add([]byte(h + "USA,2,United States of America,1816,1,1,2016,12,31,2016\nFRN,220,France,1816,1,1,1942,11,11,2016\nFRN,220,France,1944,8,25,2016,12,31,2016\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadSystem(bytes.NewReader(b), "f.csv")
		checkErr(t, err)
		if err != nil {
			return
		}
		tab := s.Table()
		n := 0
		for y := s.First; y <= s.Last && s.First > 0; y++ {
			n += len(s.StatesIn(y))
		}
		if n != tab.NumRows() {
			t.Fatalf("%d state-years by year, %d in the table", n, tab.NumRows())
		}
	})
}

func FuzzIGOList(f *testing.F) {
	f.Add([]byte(igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSCO,Shanghai,2002,1996,,S,4370,,0,1,0,1\nGCC,Gulf,2001,1981,2000,G,1990,0,0,1,1,0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ReadIGOList(bytes.NewReader(b), "f.csv")
		checkErr(t, err)
		if err != nil {
			return
		}
		tab := l.Table()
		if tab.NumRows() != len(l.List) {
			t.Fatal("table rows differ from the list")
		}
		for i, g := range l.List {
			if l.Index(g.IGO) != i || len(g.Years) == 0 {
				t.Fatalf("IGO %q at %d: index %d, %d years", g.IGO, i, l.Index(g.IGO), len(g.Years))
			}
		}
	})
}

func FuzzPTS(f *testing.F) {
	const h = "Country,Country_OLD,Year,COW_Code_A,COW_Code_N,WordBank_Code_A,UN_Code_N,Region,PTS_A,PTS_H,PTS_S,NA_Status_A,NA_Status_H,NA_Status_S\n"
	f.Add([]byte(h + "China,China,2014,CHN,710,CHN,156,eap,4,4,4,0,0,0\nSerbia,Serbia,2007,NA,NA,SRB,688,eca,2,NA,2,0,88,0\nSoviet Union,Soviet Union,1989,NA,NA,NA,NA,eca,2,NA,2,0,99,0\nWestern Sahara,Western Sahara,1990,NA,NA,NA,NA,mena,3,NA,NA,0,88,88\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadPTS(bytes.NewReader(b), "f.csv")
		checkErr(t, err)
		if err != nil {
			return
		}
		if tab.Col("ccode").HasMissing() {
			t.Fatal("a row without a COW code was kept")
		}
	})
}
