package loaders

import (
	"testing"

	"github.com/repnet/repnet/datasets"
)

// TestRegistryRows checks that the row count each registry entry
// advertises (repnet datasets) is the number of rows repnet table emits.
func TestRegistryRows(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every dataset")
	}
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range datasets.All() {
		found := false
		for _, id := range IDs() {
			found = found || id == d.ID
		}
		if !found {
			continue
		}
		tb, err := Load(d.ID, Options{Resolve: c.Resolve})
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		if tb.NumRows() != d.Rows {
			t.Errorf("%s: registry says %d rows, the tidy table has %d", d.ID, d.Rows, tb.NumRows())
		}
	}
}
