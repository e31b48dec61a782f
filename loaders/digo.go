package loaders

import (
	"io"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// ReadDIGO reads Eilstrup-Sangiovanni's Death of International
// Organizations data (DIGO, as packaged by manyIOs) into one row per
// IGO: igo_id (DIGO's identifier, not COW's ionum), igo, title, begin,
// end (2016: alive at the end of the data), death (DISS dissolved, DES
// desuetude, ABS absorbed, SUCC succeeded, MER merged; missing if alive),
// region, memb_form, members_censor, mandate (the Mandate/Function text),
// living, scope, function_c, scope_c, region_c, lifespan, event, event_1,
// life_1, ww1, ww2, ww, full_membership_start, asso_membership_start,
// observer_start, missing_data_start, full_membership_end,
// asso_membership_end, observer_end, missing_data_end. Empty is missing.
//
// igo is the COW IGO v3 abbreviation (lower case) of the same
// organization: igo_id lower-cased, when COW has that abbreviation and
// either the founding years differ by at most 3 or the names share a
// distinctive word. The rule rejects one false match among the bundled
// file's 493 abbreviation matches (RCC: DIGO's 1991 Regional Commonwealth
// in the Field of Communications is not COW's 2008 Regional Cooperation
// Council). The 69 unmatched DIGO IGOs (68 abbreviations COW lacks, and
// RCC) are counted in meta
// "igo_unmatched_rows".
func ReadDIGO(r io.Reader, name string) (*table.Table, error) {
	return readDIGO(userInput(r, name))
}

// DIGO is ReadDIGO on the bundled digo/DIGO_organizations.csv.
func DIGO() (*table.Table, error) {
	in, err := bundledInput("digo", "DIGO_organizations.csv")
	if err != nil {
		return nil, err
	}
	return readDIGO(in)
}

func readDIGO(in *input) (*table.Table, error) {
	fields := []field{
		{src: "igoID", name: "igo_id", typ: table.String, key: true},
		{src: "Title", name: "title", typ: table.String},
		{src: "Begin", name: "begin", typ: table.Int},
		{src: "End", name: "end", typ: table.Int},
		{src: "Death", name: "death", typ: table.String},
		{src: "region", name: "region", typ: table.Int},
		{src: "memb_form", name: "memb_form", typ: table.Int},
		{src: "members_censor", name: "members_censor", typ: table.Int},
		{src: "Mandate/Function", name: "mandate", typ: table.String},
		{src: "Living", name: "living", typ: table.Int},
		{src: "Scope", name: "scope", typ: table.String},
		{src: "function_c", name: "function_c", typ: table.String},
		{src: "scope_c", name: "scope_c", typ: table.String},
		{src: "region_c", name: "region_c", typ: table.String},
	}
	for _, n := range []string{"lifespan", "event", "event_1", "life_1"} {
		fields = append(fields, field{src: n, name: n, typ: table.Int})
	}
	fields = append(fields,
		field{src: "WWI", name: "ww1", typ: table.Int},
		field{src: "WWII", name: "ww2", typ: table.Int},
		field{src: "WW", name: "ww", typ: table.Int})
	for _, n := range []string{"full_membership_start", "asso_membership_start", "observer_start", "missing_data_start",
		"full_membership_end", "asso_membership_end", "observer_end", "missing_data_end"} {
		fields = append(fields, field{src: n, name: n, typ: table.Int})
	}
	res, err := readSpec(in, spec{fields: fields}, YearRange{})
	if err != nil {
		return nil, err
	}
	cow, err := LoadIGOList()
	if err != nil {
		return nil, err
	}
	ids, titles := res.t.Col("igo_id").Strings, res.t.Col("title").Strings
	begin := res.t.Col("begin")
	igo := &stringBuilder{name: "igo"}
	unmatched := 0
	var cov span
	for i := range ids {
		if !begin.IsMissing(i) {
			cov.add(int(begin.Ints[i]))
		}
		if e := res.t.Col("end"); !e.IsMissing(i) {
			cov.add(int(e.Ints[i]))
		}
		k := strings.ToLower(ids[i])
		ok := false
		if j := cow.Index(k); j >= 0 {
			g := &cow.List[j]
			d := int(begin.Ints[i]) - g.Start
			ok = (!begin.IsMissing(i) && d >= -3 && d <= 3) ||
				sharesWord(titles[i], g.OrgName+" "+g.LongOrgName)
		}
		if !ok {
			unmatched++
		}
		igo.add(k, ok)
	}
	cols := append([]*table.Column{res.t.Columns[0], igo.column()}, res.t.Columns[1:]...)
	t, err := sortRows(table.New(cols...), res.lines, in.name, "igo_id", "igo_id")
	if err != nil {
		return nil, err
	}
	t = finish(t, in, "IGO", cov)
	t.AddSources(cow.Source)
	t.SetMeta("igo_unmatched_rows", strconv.Itoa(unmatched))
	return t, nil
}

// commonWords are words too common in IGO names to identify one.
var commonWords = map[string]bool{
	"international": true, "intl": true, "organization": true, "organisation": true, "commission": true,
	"comm": true, "committee": true, "council": true, "union": true, "bureau": true, "office": true,
	"institute": true, "agency": true, "association": true, "assn": true, "assoc": true, "conference": true,
	"group": true, "centre": true, "center": true, "european": true, "african": true, "american": true,
	"arab": true, "asian": true, "world": true, "regional": true, "africa": true, "america": true,
	"europe": true, "asia": true, "inter": true, "with": true, "between": true, "from": true,
}

// sharesWord reports whether two IGO names share a word of four or more
// letters that is not in commonWords (case-insensitive).
func sharesWord(a, b string) bool {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' })
	}
	set := map[string]bool{}
	for _, w := range words(b) {
		if len(w) >= 4 && !commonWords[w] {
			set[w] = true
		}
	}
	for _, w := range words(a) {
		if set[w] {
			return true
		}
	}
	return false
}
