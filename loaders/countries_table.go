package loaders

import "github.com/repnet/repnet/internal/table"

// CountriesTable returns repnet's country crosswalk (the bundled
// countries/countries.csv) as a table, one row per entity in the file's
// order (COW states by code, then the other entities by name): ccode,
// gwcode, iso2, iso3, vdem_id, stateabb, name. A code an entity does not
// have is missing (ISO2 "NA" is Namibia, not missing). For resolving
// names and codes use LoadCountries.
func CountriesTable() (*table.Table, error) {
	in, err := bundledInput("countries", "countries.csv")
	if err != nil {
		return nil, err
	}
	res, err := readSpec(in, spec{fields: []field{
		{src: "ccode", name: "ccode", typ: table.Int},
		{src: "gwcode", name: "gwcode", typ: table.Int},
		{src: "iso2", name: "iso2", typ: table.String, raw: true},
		{src: "iso3", name: "iso3", typ: table.String, raw: true},
		{src: "vdem_id", name: "vdem_id", typ: table.Int},
		{src: "stateabb", name: "stateabb", typ: table.String, raw: true},
		{src: "name", name: "name", typ: table.String, key: true, raw: true},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	return finish(res.t, in, "country", res.cov), nil
}

// CountryNamesTable returns the crosswalk's name variants (the bundled
// countries/country_names.csv): variant, ccode, name (the join key to
// CountriesTable), source (where the variant was seen: hand, cow, gw,
// vdem, pts, ...).
func CountryNamesTable() (*table.Table, error) {
	in, err := bundledInput("countries", "country_names.csv")
	if err != nil {
		return nil, err
	}
	res, err := readSpec(in, spec{fields: []field{
		{src: "variant", name: "variant", typ: table.String, key: true, raw: true},
		{src: "ccode", name: "ccode", typ: table.Int},
		{src: "name", name: "name", typ: table.String, key: true, raw: true},
		{src: "source", name: "source", typ: table.String, raw: true},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	return finish(res.t, in, "country name variant", res.cov), nil
}
