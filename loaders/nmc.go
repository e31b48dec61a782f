package loaders

import (
	"io"

	"github.com/repnet/repnet/internal/table"
)

// ReadNMC reads COW National Material Capabilities (v7.0, as packaged by
// peacesciencer: ccode, year, milex, milper, irst, pec, tpop, upop, cinc)
// into one row per state-year: ccode, year, milex (military expenditure,
// thousands of current US dollars), milper (military personnel,
// thousands), irst (iron and steel production, thousands of tons), pec
// (primary energy consumption, thousands of coal-ton equivalents), tpop
// (total population, thousands), upop (urban population, thousands) and
// cinc (Composite Index of National Capability, the state's share of the
// system's capabilities, 0-1). Empty cells, NA and COW's -9 are missing.
func ReadNMC(r io.Reader, name string) (*table.Table, error) {
	return readNMC(userInput(r, name), YearRange{})
}

// NMC is ReadNMC on the bundled cow-nmc/cow_nmc.csv.gz.
func NMC() (*table.Table, error) { return loadNMC(YearRange{}) }

func loadNMC(years YearRange) (*table.Table, error) {
	in, err := bundledInput("cow-nmc", "cow_nmc.csv.gz")
	if err != nil {
		return nil, err
	}
	return readNMC(in, years)
}

func readNMC(in *input, years YearRange) (*table.Table, error) {
	cow9 := []string{"-9"}
	fields := []field{
		{src: "ccode", name: "ccode", typ: table.Int, key: true, cow: true},
		{src: "year", name: "year", typ: table.Int, key: true},
	}
	for _, n := range []string{"milex", "milper", "irst", "pec", "tpop", "upop", "cinc"} {
		fields = append(fields, field{src: n, name: n, typ: table.Float, na: cow9})
	}
	return readKeyed(in, spec{fields: fields, year: "year"}, years, "state-year", "ccode-year", "ccode", "year")
}
