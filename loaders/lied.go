package loaders

import (
	"io"

	"github.com/repnet/repnet/internal/table"
)

// ReadLIED reads the Lexical Index of Electoral Democracy (as packaged by
// democracyData) into one row per state-year: ccode, year, lied_cow,
// lied_country, vdem_country_id (the file's vdem), region,
// male_suffrage, female_suffrage, exselec, legselec, opposition,
// competition, lexical_index (0-6), political_liberties,
// lexical_index_plus (0-7), democratic_transition, transition_type,
// democratic_breakdown, breakdown_type, turnover_period, turnover_event,
// two_turnover_period, sovereign, lexical_index_original. Empty and NA
// are missing.
//
// ccode is LIED's own code lied_cow when that is a COW state code (a
// ccode of some spell of sys); LIED gives codes of its own to entities COW
// does not list (21 Newfoundland, 241 Hamburg, 711 Tibet, ...), and
// those rows are dropped and counted and named in meta "uncoded_rows" and
// "uncoded" (see KeepUncoded in Options). With a nil sys every lied_cow
// is taken as a COW code.
func ReadLIED(r io.Reader, name string, sys *System) (*table.Table, error) {
	return readLIED(userInput(r, name), sys, YearRange{}, false)
}

// LIED is ReadLIED on the bundled lied/LIED.csv.gz, with the bundled COW
// state system (LoadSystem).
func LIED() (*table.Table, error) { return loadLIED(YearRange{}, false) }

func loadLIED(years YearRange, keep bool) (*table.Table, error) {
	sys, err := LoadSystem()
	if err != nil {
		return nil, err
	}
	in, err := bundledInput("lied", "LIED.csv.gz")
	if err != nil {
		return nil, err
	}
	return readLIED(in, sys, years, keep)
}

func readLIED(in *input, sys *System, years YearRange, keep bool) (*table.Table, error) {
	fields := []field{
		{src: "lied_cow", name: "ccode", typ: table.Int, key: true},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "lied_cow", name: "lied_cow", typ: table.Int, key: true},
		{src: "lied_country", name: "lied_country", typ: table.String},
		{src: "vdem", name: "vdem_country_id", typ: table.Int},
	}
	for _, n := range []string{"region", "male_suffrage", "female_suffrage", "exselec", "legselec", "opposition",
		"competition", "lexical_index", "political_liberties", "lexical_index_plus", "democratic_transition",
		"transition_type", "democratic_breakdown", "breakdown_type", "turnover_period", "turnover_event",
		"two_turnover_period", "sovereign", "lexical_index_original"} {
		fields = append(fields, field{src: n, name: n, typ: table.Int})
	}
	res, err := readSpec(in, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	if sys != nil {
		cow := make(map[int64]bool)
		for _, sp := range sys.Spells {
			cow[int64(sp.Ccode)] = true
		}
		cc := res.t.Col("ccode")
		for i, c := range cc.Ints {
			if !cow[c] {
				cc.SetMissing(i)
			}
		}
	}
	t, err := keyCoded(res.t, res.lines, in.name, "lied_country", "lied_cow", keep)
	if err != nil {
		return nil, err
	}
	t = finish(t, in, "state-year", res.cov)
	if sys != nil {
		t.AddSources(sys.Source)
	}
	return t, nil
}
