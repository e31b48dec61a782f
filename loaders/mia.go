package loaders

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// miaToCOW maps MIA IO names to COW IGO abbreviations where the
// lower-cased MIA name is not the right one, by year: MIA follows an
// organization through its predecessors, which COW lists as separate IGOs
// (marking the predecessor "replaced" or "integrated"); each entry gives
// the COW IGO from the given year on, switching in the successor's COW
// start year. Each was checked by hand against COW's ionum (which MIA's
// ionumber copies), names and dates.
var miaToCOW = map[string][]struct {
	from int
	igo  string
}{
	"ALADI":   {{0, "lafta"}, {1980, "laia"}},             // LAFTA, then the Latin American Integration Association
	"AU":      {{0, "oau"}, {2002, "au"}},                 // Organization of African Unity, then the African Union
	"CAN":     {{0, "andean"}},                            // Andean Community (COW from 1970)
	"Caricom": {{0, "carifta"}, {1973, "caricom"}},        // CARIFTA, then CARICOM
	"CEMAC":   {{0, "udeac"}, {1994, "cemac"}},            // UDEAC, then CEMAC
	"COMECON": {{0, "cmea"}},                              // Council for Mutual Economic Assistance
	"COMESA":  {{0, "ptasea"}, {1994, "comesa"}},          // PTA for Eastern and Southern Africa, then COMESA
	"EAC2":    {{0, "eac"}},                               // East African Community (revived; COW from 1996)
	"EU":      {{0, "ecsc"}, {1958, "eec"}, {1993, "eu"}}, // ECSC, EEC/EC, European Union
	"IOM":     {{0, "iomig"}},                             // International Organization for Migration
	"OECD":    {{0, "oeec"}, {1961, "oecd"}},              // OEEC, then OECD
	"OIF":     {{0, "acct"}},                              // Francophonie (ACCT)
	"SADC":    {{0, "sadcc"}, {1992, "sadc"}},             // SADCC, then SADC
	"SICA":    {{0, "ocas"}, {1991, "sica"}},              // ODECA, then SICA
	"UNWTO":   {{0, "wtouro"}},                            // World Tourism Organization
}

// miaUnmatched are MIA IOs with no counterpart among COW's 534 IGOs.
// EAC1, the East African Community of 1967-1977, resembles COW's EACM
// (East African Common Market, 1967-1977) but is not the same body; EEA
// is the European Economic Area.
var miaUnmatched = map[string]bool{"EAC1": true, "EEA": true}

// ReadMIA reads the Measure of International Authority (Hooghe, Lenz and
// Marks, May 2021 delegation and pooling file) into one row per IO-year:
// ioname, year, igo, then the file's columns in its order with names in
// snake_case (acronym, ionumber, inception, initial, end, type_i,
// contract, delegation, pooling, ds_sum_st, delaccess ... poolfinal,
// coverage1 ... preliminary3, ds_sum1, ds_sum2, ds_sum3). The empty
// separator columns DIMENSIONS and COMPONENTS are dropped; empty and NA
// are missing.
//
// igo is the COW IGO v3 abbreviation (lower case, the key of
// IGOMemberships) of the same organization, for joining MIA's authority
// scores to COW memberships by (igo, year): the lower-cased MIA ioname
// when COW has that abbreviation, or a hand-checked correspondence that
// follows COW's own successor records year by year (ALADI: lafta, laia
// from 1980; AU: oau, au from 2002; Caricom: carifta, caricom from 1973;
// CEMAC: udeac, cemac from 1994; COMESA: ptasea, comesa from 1994; EU:
// ecsc, eec from 1958, eu from 1993; OECD: oeec, oecd from 1961; SADC:
// sadcc, sadc from 1992; SICA: ocas, sica from 1991; CAN andean, COMECON
// cmea, EAC2 eac, IOM iomig, OIF acct, UNWTO wtouro). It is missing for
// EAC1 and EEA, which COW does not list, and for any IO of a newer file
// that matches no COW abbreviation; meta "igo_unmatched" names them. An
// igo does not promise a COW row that year: MIA starts some IOs before
// COW does (CAN 1969, COW 1970) and runs to 2019, COW to 2014.
func ReadMIA(r io.Reader, name string) (*table.Table, error) {
	return readMIA(userInput(r, name), YearRange{})
}

// MIA is ReadMIA on the bundled mia/MIA_DP_May2021.csv.gz.
func MIA() (*table.Table, error) { return loadMIA(YearRange{}) }

func loadMIA(years YearRange) (*table.Table, error) {
	in, err := bundledInput("mia", "MIA_DP_May2021.csv.gz")
	if err != nil {
		return nil, err
	}
	return readMIA(in, years)
}

// cowIGOKeys is the set of COW IGO abbreviations (lower case) of the
// bundled state-year file's header, used to match other IGO lists.
func cowIGOKeys() (map[string]bool, table.Source, error) {
	l, err := LoadIGOList()
	if err != nil {
		return nil, table.Source{}, err
	}
	keys := make(map[string]bool, len(l.List))
	for _, g := range l.List {
		keys[g.IGO] = true
	}
	return keys, l.Source, nil
}

func readMIA(in *input, years YearRange) (*table.Table, error) {
	fields := []field{
		{src: "ioname", name: "ioname", typ: table.String, key: true},
		{src: "year", name: "year", typ: table.Int, key: true},
		{src: "acronym", name: "acronym", typ: table.String},
		{src: "ionumber", name: "ionumber", typ: table.Int},
		{src: "inception", name: "inception", typ: table.Int},
		{src: "initial", name: "initial", typ: table.Int},
		{src: "end", name: "end", typ: table.Int},
		{src: "typeI", name: "type_i", typ: table.String},
		{src: "contract", name: "contract", typ: table.String},
	}
	floats := []string{"delegation", "pooling", "DS_sum_st",
		"delaccess", "delsuspens", "delconstit", "delbudget", "delcompliance", "delpolicy", "del_agenda", "del_final",
		"poolaccess", "poolsuspens", "poolconstit", "poolbudget", "poolcompliance", "poolpolicy", "poolagenda", "poolfinal"}
	for k := 1; k <= 2; k++ {
		for _, n := range []string{"coverage", "thirdparty", "tribunal", "binding", "nonstate", "remedy", "preliminary"} {
			floats = append(floats, n+strconv.Itoa(k))
		}
	}
	floats = append(floats, "DS_sum1", "DS_sum2", "DS_sum3")
	for _, n := range []string{"coverage", "thirdparty", "tribunal", "binding", "nonstate", "remedy", "preliminary"} {
		floats = append(floats, n+"3")
	}
	for _, n := range floats {
		fields = append(fields, field{src: n, name: snake(n), typ: table.Float})
	}
	res, err := readSpec(in, spec{fields: fields, year: "year"}, years)
	if err != nil {
		return nil, err
	}
	keys, cowSrc, err := cowIGOKeys()
	if err != nil {
		return nil, err
	}
	ion, yy := res.t.Col("ioname").Strings, res.t.Col("year").Ints
	igo := &stringBuilder{name: "igo"}
	unmatched := map[string]int{}
	for i := range ion {
		k, ok := miaIGO(ion[i], int(yy[i]), keys)
		if !ok {
			unmatched[ion[i]]++
		}
		igo.add(k, ok)
	}
	cols := append([]*table.Column{res.t.Columns[0], res.t.Columns[1], igo.column()}, res.t.Columns[2:]...)
	t, err := sortRows(table.New(cols...), res.lines, in.name, "ioname-year", "ioname", "year")
	if err != nil {
		return nil, err
	}
	t = finish(t, in, "IO-year", res.cov)
	t.AddSources(cowSrc)
	names := make([]string, 0, len(unmatched))
	for n := range unmatched {
		names = append(names, n)
	}
	sort.Strings(names)
	t.SetMeta("igo_unmatched", strings.Join(names, ", "))
	return t, nil
}

// miaIGO returns the COW IGO abbreviation of MIA IO name in year y.
func miaIGO(name string, y int, keys map[string]bool) (string, bool) {
	if miaUnmatched[name] {
		return "", false
	}
	if m, ok := miaToCOW[name]; ok {
		k := ""
		for _, e := range m {
			if y >= e.from {
				k = e.igo
			}
		}
		return k, keys[k]
	}
	k := strings.ToLower(name)
	return k, keys[k]
}
