package loaders

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
)

// referenceResolver maps ISO2 codes to COW codes with the countrycode R
// package's codelist (GPL-3: used only to check, never shipped), plus the
// historical codes of the unvotes file. It skips the test when the
// reference file is absent.
func referenceResolver(t testing.TB) Resolver {
	t.Helper()
	f, err := os.Open("/work/shared/data/reference_only/countrycode/codelist.csv")
	if err != nil {
		t.Skip("countrycode reference codelist not available:", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, n := range rows[0] {
		col[n] = i
	}
	m := map[string]int{
		"YU": 345, "CS": 315, "DD": 265, "YD": 680, "TW": 713, "RU": 365, "DE": 255,
		"Federal Republic of Germany": 260, "Yemen Arab Republic": 678, "Zanzibar": 511,
	}
	for _, r := range rows[1:] {
		iso, cow := r[col["iso2c"]], r[col["cown"]]
		if iso == "" || cow == "" || cow == "NA" {
			continue
		}
		if _, special := m[iso]; special {
			continue
		}
		n, err := strconv.Atoi(cow)
		if err != nil {
			t.Fatal(err)
		}
		m[iso] = n
	}
	return func(s string) (int, bool) { c, ok := m[s]; return c, ok }
}
