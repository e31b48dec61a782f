package loaders

import (
	"reflect"
	"testing"
)

func TestStateSystem(t *testing.T) {
	s, err := LoadSystem()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.StatesIn(1816)); n != 23 {
		t.Errorf("%d states in 1816, want 23", n)
	}
	if n := len(s.StatesIn(2014)); n != 195 {
		t.Errorf("%d states in 2014, want 195", n)
	}
	if s.First != 1816 || s.Last != 2016 {
		t.Errorf("coverage %d-%d", s.First, s.Last)
	}
	// The IGO file's state-years are exactly the system's.
	p := bundledPanel(t)
	for y := 1816; y <= 2014; y += 11 {
		if got, want := p.States(y), s.StatesIn(y); !reflect.DeepEqual(got, want) {
			t.Errorf("%d: IGO file states %v, system %v", y, got, want)
		}
	}
	// France left the system in 1942 and returned in 1944; Germany (255)
	// was out 1945-1990.
	if !s.InSystem(220, 1942) || s.InSystem(220, 1943) || !s.InSystem(220, 1944) {
		t.Error("France 1942-1944 membership wrong")
	}
	if s.InSystem(255, 1950) || !s.InSystem(260, 1960) || !s.InSystem(255, 1990) {
		t.Error("Germany membership wrong")
	}

	tab, err := StateSystem()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ccode", "year", "stateabb", "state_name", "gwcode", "major"}; !reflect.DeepEqual(tab.Names(), want) {
		t.Fatalf("columns %v, want %v", tab.Names(), want)
	}
	// 15,951 state-years: testdata/states_reference.py.
	if tab.NumRows() != 15951 {
		t.Errorf("%d state-years, want 15951", tab.NumRows())
	}
	if tab.Meta["coverage"] != "1816-2016" || tab.Meta["unit"] != "state-year" || len(tab.Sources) != 3 {
		t.Errorf("meta %v sources %v", tab.Meta, tab.Sources)
	}
	var majors2014 []int64
	cc, yy, mj := tab.Col("ccode").Ints, tab.Col("year").Ints, tab.Col("major").Bools
	for i := range cc {
		if yy[i] == 2014 && mj[i] {
			majors2014 = append(majors2014, cc[i])
		}
		if cc[i] == 260 && yy[i] == 1960 && tab.Col("gwcode").Ints[i] != 260 {
			t.Errorf("GFR 1960 gwcode %d", tab.Col("gwcode").Ints[i])
		}
		// Micro-states are not in the G-W list: missing, never 0.
		if cc[i] == 55 && yy[i] == 2014 && !tab.Col("gwcode").IsMissing(i) {
			t.Errorf("Grenada 2014 has G-W code %d", tab.Col("gwcode").Ints[i])
		}
		if cc[i] == 816 && yy[i] == 1960 && tab.Col("gwcode").Ints[i] != 816 {
			t.Errorf("Vietnam 1960 gwcode %d", tab.Col("gwcode").Ints[i])
		}
	}
	if want := []int64{2, 200, 220, 255, 365, 710, 740}; !reflect.DeepEqual(majors2014, want) {
		t.Errorf("2014 major powers %v, want %v", majors2014, want)
	}
}

func TestStateSecondaryTables(t *testing.T) {
	gw, err := GWStates()
	if err != nil {
		t.Fatal(err)
	}
	if gw.NumRows() != 216 {
		t.Errorf("%d G-W spells, want 216", gw.NumRows())
	}
	cw, err := COWGWYears()
	if err != nil {
		t.Fatal(err)
	}
	if cw.NumRows() != 16936 || cw.Meta["coverage"] != "1816-2020" {
		t.Errorf("crosswalk %d rows, coverage %s", cw.NumRows(), cw.Meta["coverage"])
	}
	mp, err := MajorPowers()
	if err != nil {
		t.Fatal(err)
	}
	// Spells in cow_majors.csv, counted inclusive: testdata/states_reference.py.
	if mp.NumRows() != 1195 {
		t.Errorf("%d major-power years, want 1195", mp.NumRows())
	}
}

func TestSystemExtended(t *testing.T) {
	s, err := LoadSystem()
	if err != nil {
		t.Fatal(err)
	}
	if s.FileLast != 2016 {
		t.Fatalf("FileLast %d, want 2016", s.FileLast)
	}
	if got := s.Extended(2010); got != s {
		t.Error("Extended to an earlier year should return the system itself")
	}
	e := s.Extended(2021)
	if e.Last != 2021 || e.FileLast != 2016 || e.First != s.First {
		t.Errorf("extended coverage %d-%d (file %d)", e.First, e.Last, e.FileLast)
	}
	if s.Last != 2016 || s.StatesIn(2017) != nil {
		t.Error("Extended changed the original system")
	}
	// Independently: the states of every spell ending in 2016 (COW's
	// end year for states still in the system).
	var want []int
	for _, sp := range s.Spells {
		if sp.EndYear == 2016 {
			want = append(want, sp.Ccode)
		}
	}
	for _, y := range []int{2017, 2021} {
		if got := e.StatesIn(y); !reflect.DeepEqual(got, want) {
			t.Errorf("%d: %d states, want the %d of 2016", y, len(got), len(want))
		}
	}
	if !reflect.DeepEqual(e.StatesIn(2016), s.StatesIn(2016)) || len(want) != len(s.StatesIn(2016)) {
		t.Errorf("2016: %d states extended, %d in the file, %d spells ending in 2016", len(e.StatesIn(2016)), len(s.StatesIn(2016)), len(want))
	}
	if !e.InSystem(2, 2021) || e.InSystem(2, 2022) || e.InSystem(260, 2020) {
		t.Error("InSystem after 2016 wrong")
	}
	if e2 := e.Extended(2023); e2.Last != 2023 || !reflect.DeepEqual(e2.StatesIn(2023), want) {
		t.Error("extending an extended system")
	}
}
