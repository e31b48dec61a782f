package loaders

import "testing"

func TestFarissCzechoslovakiaRecode(t *testing.T) {
	tb, err := Fariss()
	if err != nil {
		t.Fatal(err)
	}
	cc, yr := tb.Col("ccode"), tb.Col("year")
	var n315, n316 int
	for i := range cc.Ints {
		switch cc.Ints[i] {
		case 315:
			n315++
			if yr.Ints[i] > 1992 {
				t.Errorf("315 in %d", yr.Ints[i])
			}
		case 316:
			n316++
			if yr.Ints[i] < 1993 {
				t.Errorf("316 in %d", yr.Ints[i])
			}
		}
	}
	// 1946-1992 as Czechoslovakia, 1993-2021 as the Czech Republic.
	if n315 != 47 || n316 != 29 {
		t.Errorf("got %d rows of 315 and %d of 316, want 47 and 29", n315, n316)
	}
	for i := 1; i < tb.NumRows(); i++ {
		if cc.Ints[i] < cc.Ints[i-1] || (cc.Ints[i] == cc.Ints[i-1] && yr.Ints[i] <= yr.Ints[i-1]) {
			t.Fatalf("rows not sorted by ccode, year at %d", i)
		}
	}
}
