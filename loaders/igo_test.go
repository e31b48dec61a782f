package loaders

import (
	"testing"
)

// igoPanel is loaded once for all IGO tests.
var testPanel *IGOPanel

func panel(t testing.TB) *IGOPanel {
	t.Helper()
	if testPanel == nil {
		p, err := LoadIGOPanel(YearRange{})
		if err != nil {
			t.Fatal(err)
		}
		testPanel = p
	}
	return testPanel
}

func BenchmarkIGOMemberships(b *testing.B) {
	for b.Loop() {
		t, err := IGOMemberships()
		if err != nil {
			b.Fatal(err)
		}
		if t.NumRows() != 677839 {
			b.Fatalf("%d rows", t.NumRows())
		}
	}
}
