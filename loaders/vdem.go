package loaders

import (
	"io"

	"github.com/repnet/repnet/internal/table"
)

// vdemIndices are the V-Dem high-level indices in the bundled file.
var vdemIndices = []string{"v2x_polyarchy", "v2x_libdem", "v2x_partipdem", "v2x_delibdem", "v2x_egaldem", "v2x_api", "v2x_mpi"}

// ReadVDem reads V-Dem's high-level democracy indices (democracyData's
// vdem_simple, V-Dem v15) into one row per state-year: ccode, year,
// vdem_country_id, vdem_country_text_id, vdem_country_name, and for each
// of v2x_polyarchy (electoral democracy), v2x_libdem (liberal),
// v2x_partipdem (participatory), v2x_delibdem (deliberative), v2x_egaldem
// (egalitarian), v2x_api (additive polyarchy) and v2x_mpi (multiplicative
// polyarchy) the index (0-1), its 68% interval bounds _codelow and
// _codehigh, and its posterior standard deviation _sd. Empty is missing.
//
// ccode is vdem_cowcode, V-Dem's own year-specific COW code (Germany,
// country_id 77, is 255, but 260 in 1949-1990; Austria 300 to 1918, then
// 305), not democracyData's cown, which assigns one code per country.
// V-Dem units without a COW code (Hong Kong, Somaliland, Palestine,
// Zanzibar after 1964, German and Italian states before unification: 845
// rows) are dropped, and counted and named in meta "uncoded_rows" and
// "uncoded" (see KeepUncoded in Options to keep them).
func ReadVDem(r io.Reader, name string) (*table.Table, error) {
	return readVDem(userInput(r, name), YearRange{}, false)
}

// VDem is ReadVDem on the bundled vdem/vdem_simple.csv.gz.
func VDem() (*table.Table, error) { return loadVDem(YearRange{}, false) }

func loadVDem(years YearRange, keep bool) (*table.Table, error) {
	in, err := bundledInput("vdem", "vdem_simple.csv.gz")
	if err != nil {
		return nil, err
	}
	return readVDem(in, years, keep)
}

func readVDem(in *input, years YearRange, keep bool) (*table.Table, error) {
	fields := []field{
		{src: "vdem_cowcode", name: "ccode", typ: table.Int},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "country_id", name: "vdem_country_id", typ: table.Int, key: true},
		{src: "country_text_id", name: "vdem_country_text_id", typ: table.String},
		{src: "vdem_country_name", name: "vdem_country_name", typ: table.String},
	}
	for _, ix := range vdemIndices {
		for _, suf := range []string{"", "_codelow", "_codehigh", "_sd"} {
			fields = append(fields, field{src: ix + suf, name: ix + suf, typ: table.Float})
		}
	}
	res, err := readSpec(in, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	t, err := keyCoded(res.t, res.lines, in.name, "vdem_country_name", "vdem_country_id", keep)
	if err != nil {
		return nil, err
	}
	return finish(t, in, "state-year", res.cov), nil
}

// ReadVDemRoW reads V-Dem's Episodes of Regime Transformation v15 (the ERT
// package's ert.csv, with Regimes of the World) into one row per
// state-year. The ERT file has no COW code: ccode is taken from the V-Dem
// file (vdem, read as by ReadVDem) for the same country_id and year, so
// that it follows V-Dem's year-specific codes. Rows whose country-year
// has no COW code there are dropped and counted as in ReadVDem.
//
// Columns: ccode, year, vdem_country_id, vdem_country_text_id,
// vdem_country_name, v2x_regime (Regimes of the World: 0 closed
// autocracy, 1 electoral autocracy, 2 electoral democracy, 3 liberal
// democracy), v2x_polyarchy with _codelow and _codehigh, and ERT's regime
// and episode variables reg_start_year ... aut_ep_censored under their
// own names (see the ERT codebook). NA is missing; the R row index column
// is dropped.
func ReadVDemRoW(ert, vdem Input) (*table.Table, error) {
	return readVDemRoW(userInput(ert.R, ert.Name), userInput(vdem.R, vdem.Name), YearRange{}, false)
}

// VDemRoW is ReadVDemRoW on the bundled vdem-row/ert_v15.csv.gz and
// vdem/vdem_simple.csv.gz.
func VDemRoW() (*table.Table, error) { return loadVDemRoW(YearRange{}, false) }

func loadVDemRoW(years YearRange, keep bool) (*table.Table, error) {
	ert, err := bundledInput("vdem-row", "ert_v15.csv.gz")
	if err != nil {
		return nil, err
	}
	vd, err := bundledInput("vdem", "vdem_simple.csv.gz")
	if err != nil {
		return nil, err
	}
	return readVDemRoW(ert, vd, years, keep)
}

func readVDemRoW(ert, vd *input, years YearRange, keep bool) (*table.Table, error) {
	codes, vsrc, err := readVDemCodes(vd)
	if err != nil {
		return nil, err
	}
	fields := []field{
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "country_id", name: "vdem_country_id", typ: table.Int, key: true},
		{src: "country_text_id", name: "vdem_country_text_id", typ: table.String},
		{src: "country_name", name: "vdem_country_name", typ: table.String},
		{src: "v2x_regime", name: "v2x_regime", typ: table.Int},
		{src: "v2x_polyarchy", name: "v2x_polyarchy", typ: table.Float},
		{src: "v2x_polyarchy_codelow", name: "v2x_polyarchy_codelow", typ: table.Float},
		{src: "v2x_polyarchy_codehigh", name: "v2x_polyarchy_codehigh", typ: table.Float},
	}
	for _, n := range []string{"reg_start_year", "reg_end_year", "reg_id", "reg_type", "reg_trans",
		"dem_founding_elec", "aut_founding_elec", "row_regch_event", "row_regch_censored",
		"dem_ep", "dem_ep_id", "dem_ep_start_year", "dem_ep_end_year", "dem_pre_ep_year", "dem_ep_termination",
		"dem_ep_prch", "dem_ep_ptr", "dem_ep_subdep", "dem_ep_outcome", "dem_ep_outcome_agg", "dem_ep_censored",
		"aut_ep", "aut_ep_id", "aut_ep_start_year", "aut_ep_end_year", "aut_pre_ep_year", "aut_ep_termination",
		"aut_ep_prch", "aut_ep_pbr", "aut_ep_subreg", "aut_ep_outcome", "aut_ep_outcome_agg", "aut_ep_censored"} {
		typ := table.Int
		if n == "reg_id" || n == "dem_ep_id" || n == "aut_ep_id" {
			typ = table.String
		}
		fields = append(fields, field{src: n, name: n, typ: typ})
	}
	res, err := readSpec(ert, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	reg := res.t.Col("v2x_regime")
	for i, v := range reg.Ints {
		if !reg.IsMissing(i) && (v < 0 || v > 3) {
			return nil, res.errAt(i, "v2x_regime", "expected a regime 0 to 3 or NA, found %d", v)
		}
	}
	id, yy := res.t.Col("vdem_country_id").Ints, res.t.Col("year").Ints
	cc := &intBuilder{name: "ccode"}
	for i := range id {
		c, ok := codes[[2]int64{id[i], yy[i]}]
		cc.add(c, ok)
	}
	res.t.Columns = append([]*table.Column{cc.column()}, res.t.Columns...)
	t, err := keyCoded(res.t, res.lines, ert.name, "vdem_country_name", "vdem_country_id", keep)
	if err != nil {
		return nil, err
	}
	t = finish(t, ert, "state-year", res.cov)
	t.AddSources(vsrc)
	return t, nil
}
