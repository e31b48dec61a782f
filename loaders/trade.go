package loaders

import (
	"io"

	"github.com/repnet/repnet/internal/table"
)

// ReadTrade reads COW Trade v4.0's dyadic file (as packaged by
// peacesciencer: ccode1, ccode2, year, flow1, flow2, smoothflow1,
// smoothflow2) into one row per non-directed dyad-year with ccode1 <
// ccode2: flow1 is the imports of ccode1 from ccode2 and flow2 the imports
// of ccode2 from ccode1, in millions of current US dollars; smoothflow1
// and smoothflow2 are COW's smoothed versions. Empty cells, NA and COW's
// -9 are missing (a flow COW did not record is not a zero flow). A row
// with ccode1 >= ccode2 is an error: flipping it would need flow1 and
// flow2 swapped, and COW's file never needs it.
func ReadTrade(r io.Reader, name string) (*table.Table, error) {
	return readTrade(userInput(r, name), YearRange{})
}

// Trade is ReadTrade on the bundled cow-trade/cow_trade_ndy.csv.gz.
func Trade() (*table.Table, error) { return loadTrade(YearRange{}) }

func loadTrade(years YearRange) (*table.Table, error) {
	in, err := bundledInput("cow-trade", "cow_trade_ndy.csv.gz")
	if err != nil {
		return nil, err
	}
	return readTrade(in, years)
}

func readTrade(in *input, years YearRange) (*table.Table, error) {
	cow9 := []string{"-9"}
	fields := []field{
		{src: "ccode1", name: "ccode1", typ: table.Int, key: true, cow: true},
		{src: "ccode2", name: "ccode2", typ: table.Int, key: true, cow: true},
		{src: "year", name: "year", typ: table.Int, key: true},
	}
	for _, n := range []string{"flow1", "flow2", "smoothflow1", "smoothflow2"} {
		fields = append(fields, field{src: n, name: n, typ: table.Float, na: cow9})
	}
	res, err := readSpec(in, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	if err := checkOrdered(res, in.name); err != nil {
		return nil, err
	}
	t, err := sortRows(res.t, res.lines, in.name, "dyad-year", "ccode1", "ccode2", "year")
	if err != nil {
		return nil, err
	}
	return finish(t, in, "non-directed dyad-year", res.cov), nil
}

// ReadTradeTotals reads COW Trade v4.0's national totals (peacesciencer's
// cow_trade_sy: ccode, year, imports, exports) into one row per
// state-year: ccode, year, imports, exports (millions of current US
// dollars; empty, NA and -9 missing).
func ReadTradeTotals(r io.Reader, name string) (*table.Table, error) {
	return readTradeTotals(userInput(r, name), YearRange{})
}

// TradeTotals is ReadTradeTotals on the bundled cow_trade_sy.csv.gz.
func TradeTotals() (*table.Table, error) { return loadTradeTotals(YearRange{}) }

func loadTradeTotals(years YearRange) (*table.Table, error) {
	in, err := bundledInput("cow-trade", "cow_trade_sy.csv.gz")
	if err != nil {
		return nil, err
	}
	return readTradeTotals(in, years)
}

func readTradeTotals(in *input, years YearRange) (*table.Table, error) {
	cow9 := []string{"-9"}
	return readKeyed(in, spec{year: "year", fields: []field{
		{src: "ccode", name: "ccode", typ: table.Int, key: true, cow: true},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "imports", name: "imports", typ: table.Float, na: cow9},
		{src: "exports", name: "exports", typ: table.Float, na: cow9},
	}}, years, "state-year", "ccode-year", "ccode", "year")
}
