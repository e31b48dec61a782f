package loaders

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// IncidentTactics is the incident schema's tactic vocabulary, in the order
// repnet writes per-tactic columns:
//
//   - detention: the target is arrested or held in the host state;
//   - deportation_extradition: the host state deports or extradites the
//     target to the origin state (including unlawful deportation);
//   - rendition_abduction: the target is abducted or transferred outside
//     any legal process (rendition, kidnapping, enforced disappearance);
//   - assault: a physical attack short of killing;
//   - assassination: a killing or an attempted or suspected one;
//   - threat: physical intimidation or threats against the target;
//   - interpol_abuse: an Interpol notice or diffusion sought against the
//     target for political ends;
//   - travel_document_abuse: the target's passport cancelled, refused or
//     reported lost or stolen to strand or return them;
//   - other: anything else the source records.
var IncidentTactics = []string{
	"detention", "deportation_extradition", "rendition_abduction", "assault",
	"assassination", "threat", "interpol_abuse", "travel_document_abuse", "other",
}

// HostCooperationValues is the vocabulary of host_cooperation: whether the
// host state's authorities carried out or assisted the act ("yes"), are
// known not to have ("no"), or the source does not say ("unknown").
var HostCooperationValues = []string{"yes", "no", "unknown"}

// IncidentOptions change how ReadIncidents treats a file.
type IncidentOptions struct {
	// AllowUnresolved drops incidents whose origin or host does not
	// resolve to a COW state, listing them in Incidents.Unresolved and in
	// the table's metadata, instead of failing.
	AllowUnresolved bool
}

// DuplicateIncident is a row ReadIncidents removed as a duplicate of an
// earlier one.
type DuplicateIncident struct {
	Line       int    // the removed row's line
	Of         int    // the line of the earlier row it duplicates, which is kept
	IncidentID string // the shared id, or "" when the rows have none
}

// Incidents is an incident table and what loading it found.
type Incidents struct {
	// Table has one row per incident; see ReadIncidents for its columns.
	Table *table.Table
	// Mapping is the mapping the file was read with.
	Mapping *IncidentMapping
	// Coverage is the source's first and last year (the mapping's, or the
	// registry's for a bundled dataset); zero when undeclared.
	Coverage YearRange
	// Unresolved lists the countries that did not resolve; their rows were
	// dropped (only with IncidentOptions.AllowUnresolved).
	Unresolved []Unresolved
	// Duplicates lists the rows removed as duplicates.
	Duplicates []DuplicateIncident
	// NoYear counts the incidents kept without a year.
	NoYear int
}

// ReadIncidents reads a file of transnational repression incidents (CSV,
// optionally gzipped) with mapping m into repnet's incident table, one row
// per incident in file order, with the columns
//
//	incident_id       string  the file's id (missing when the file has none)
//	year              int     year of the incident (missing when unknown)
//	date              string  YYYY-MM-DD, YYYY-MM or YYYY as given (missing when unknown)
//	origin            string  the origin state as the file names it: the state whose government targets its national
//	origin_ccode      int     its COW code
//	host              string  the host state as the file names it: where the incident happened
//	host_ccode        int     its COW code
//	tactic            string  a schema tactic (IncidentTactics)
//	host_cooperation  string  yes, no or unknown (HostCooperationValues)
//	target_type       string  who was targeted (missing when the file does not say)
//	source            string  the source of the record (missing when the file does not say)
//	line              int     the incident's line in the file
//
// followed by every other column of the file (except m.Drop), renamed to
// snake_case with its type inferred as LoadStateYear does. name labels the
// file in errors and in the table's sources.
//
// Rules, in the order they are applied to each row:
//
//   - Year: an integer; an empty cell or NA is missing. Date: YYYY-MM-DD,
//     YYYY-MM or YYYY, a real calendar date; anything else is an error.
//     When the year is missing and the date is given, the year is the
//     date's; when both are given they must agree. An incident whose year
//     lies outside m.Coverage is an error (a newer release of the source
//     needs a mapping with a wider window), so no incident is lost to a
//     stale window.
//   - Tactic and host_cooperation labels are translated by the mapping's
//     value maps (see IncidentMapping); a label the mapping does not know
//     is an error naming the line and column. host_cooperation comes from
//     the file's column when mapped and non-empty, else from
//     m.CooperationByTactic for the incident's tactic, else "unknown".
//   - Origin and host are resolved to COW codes through c: names, ISO
//     codes or COW codes in digits (see Countries), with
//     Countries.ResolveYear in the incident's year, or Countries.Resolve
//     when the year is unknown. Countries that do not resolve are all
//     listed, with their lines and columns, in the error; with
//     opts.AllowUnresolved their rows are dropped instead and listed in
//     Incidents.Unresolved and the table's metadata.
//   - Duplicates. Two rows with the same non-empty incident_id are the
//     same incident: if they agree on every other field (year, date,
//     resolved origin and host, tactic, host_cooperation, target_type,
//     source and every kept column) the later one is removed and listed;
//     if they differ, it is an error naming both lines and the first field
//     that differs (unmap incident_id if the file's ids are not incident
//     ids). Two rows without an id are duplicates only when they agree on
//     all of those fields: rows that share origin, host, year and tactic
//     but differ in anything else (another target, another source, another
//     date) are distinct incidents and both kept. Origin and host are
//     compared by COW code, so "Turkey" and "Türkiye" are the same.
//   - Incidents without a year are kept (Incidents.NoYear counts them);
//     IncidentDyadYears excludes them and says so.
//
// The table's sources are the file and the mapping, each with its sha256.
// Its metadata: unit "incident", coverage (the declared window, not the
// span of the data: for event data a year without incidents is a zero,
// not a gap), years_in_data, mapping, universe, host_cooperation_rule,
// duplicate_rule, duplicates_removed, unresolved_rows_dropped and
// unresolved (when any were dropped), incidents_without_year.
func ReadIncidents(r io.Reader, name string, m *IncidentMapping, c *Countries, opts IncidentOptions) (*Incidents, error) {
	return readIncidents(r, name, m, c, opts, nil)
}

// incidentDuplicateRule is recorded in every incident table's metadata.
const incidentDuplicateRule = "rows with the same incident_id, or without ids and identical in every field (resolved origin and host), are one incident: the first in file order is kept; the same id with different contents is an error"

// readIncidents is ReadIncidents; a non-nil src replaces the file's
// provenance (for bundled files, whose sha256 datasets.Open has checked).
func readIncidents(r io.Reader, name string, m *IncidentMapping, c *Countries, opts IncidentOptions, src *table.Source) (*Incidents, error) {
	if m == nil {
		return nil, fmt.Errorf("loaders: %s: no incident mapping", name)
	}
	u, err := ufStart(r, name, Mapping{AllowUnresolved: true}, c)
	if err != nil {
		return nil, err
	}

	// Find the mapped columns.
	col := map[string]int{}
	mapped := map[string]bool{}
	fieldOf := map[int]string{}
	for _, fc := range m.Columns.fields() {
		field, want := fc[0], fc[1]
		if want == "" {
			col[field] = -1
			continue
		}
		i, err := incFindColumn(u, want, "the incident field "+field+" (mapping "+m.Name+")")
		if err != nil {
			return nil, err
		}
		if o, dup := fieldOf[i]; dup {
			return nil, &csvx.Error{File: name, Line: 1, Column: i + 1, Name: u.header[i], Msg: fmt.Sprintf("column %q would serve both %s and %s (mapping %s): name the columns exactly", u.header[i], o, field, m.Name)}
		}
		fieldOf[i] = field
		col[field] = i
		mapped[u.header[i]] = true
	}
	for _, d := range m.Drop {
		i, err := incFindColumn(u, d, "a column to drop (mapping "+m.Name+")")
		if err != nil {
			return nil, err
		}
		mapped[u.header[i]] = true
	}
	reserved := map[string]bool{"origin_ccode": true, "host_ccode": true, "line": true}
	for _, fc := range m.Columns.fields() {
		reserved[fc[0]] = true
	}
	if err := u.setKeep(mapped, reserved); err != nil {
		return nil, err
	}
	originSide := ufSide{col: col["origin"], colName: u.header[col["origin"]]}
	hostSide := ufSide{col: col["host"], colName: u.header[col["host"]]}

	var (
		ids, dates, origins, hosts, tactics, coops, targets, sources stringBuilder
		years, oc, hc, lines                                         intBuilder
		kept                                                         = make([][]string, len(u.keep))
		keptMiss                                                     = make([][]bool, len(u.keep))
		firstOf                                                      = map[string]int{} // duplicate key -> row index
		rowVals                                                      [][]string         // per row, the compared fields
		rowLine                                                      []int
		inc                                                          = &Incidents{Mapping: m, Coverage: m.Coverage}
		yspan                                                        span
	)
	compared := []string{"year", "date", "origin", "host", "tactic", "host_cooperation", "target_type", "source"}
	compared = append(compared, u.keepName...)

	cell := func(rec [][]byte, field string) (string, bool) {
		i := col[field]
		if i < 0 || isNA(rec[i]) {
			return "", false
		}
		return string(rec[i]), true
	}
	for {
		rec, err := u.rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line := u.rd.Line()

		// Year and date.
		year, hasYear := 0, false
		yearCol := col["year"]
		if yearCol >= 0 {
			v, ok, err := u.rd.Int(rec, yearCol)
			if err != nil {
				return nil, u.rd.Errorf(yearCol, "expected a year, found %q", ufClipBytes(rec[yearCol]))
			}
			if ok {
				if v < minYear || v > maxYear {
					return nil, u.rd.Errorf(yearCol, "year %d out of range", v)
				}
				year, hasYear = int(v), true
			}
		}
		date, hasDate := cell(rec, "date")
		if hasDate {
			date = strings.TrimSpace(date)
			dy, ok := parseIncidentDate(date)
			if !ok {
				return nil, u.rd.Errorf(col["date"], "expected a date YYYY-MM-DD, YYYY-MM or YYYY, found %q", ufClip(date))
			}
			if hasYear && dy != year {
				return nil, u.rd.Errorf(col["date"], "date %s is in %d, but the year column says %d", date, dy, year)
			}
			if !hasYear {
				year, hasYear = dy, true
				yearCol = col["date"]
			}
		}
		if hasYear && !m.Coverage.IsAll() && !m.Coverage.Contains(year) {
			return nil, u.rd.Errorf(yearCol, "year %d is outside the coverage %d-%d of mapping %s (a newer release? copy the mapping and widen first_year/last_year)", year, m.Coverage.First, m.Coverage.Last, m.Name)
		}

		// Tactic and host cooperation.
		tc := col["tactic"]
		rawTactic := ""
		if !isNA(rec[tc]) {
			rawTactic = string(rec[tc])
		}
		tactic, ok := incTranslate(rawTactic, m.Tactics, IncidentTactics)
		if !ok {
			return nil, u.rd.Errorf(tc, "tactic %q is not in mapping %s's [tactics] nor a schema tactic (%s): add it to [tactics] in a copy of the mapping", ufClip(rawTactic), m.Name, strings.Join(IncidentTactics, ", "))
		}
		coop := ""
		if raw, ok := cell(rec, "host_cooperation"); ok && strings.TrimSpace(raw) != "" {
			v, ok := incTranslate(raw, m.Cooperation, HostCooperationValues)
			if !ok {
				return nil, u.rd.Errorf(col["host_cooperation"], "host cooperation %q is not in mapping %s's [host_cooperation] nor one of %s", ufClip(raw), m.Name, strings.Join(HostCooperationValues, ", "))
			}
			coop = v
		}
		if coop == "" {
			coop = m.CooperationByTactic[tactic]
		}
		if coop == "" {
			coop = "unknown"
		}

		// Countries.
		o, okO, err := u.countryIn(rec, originSide, year, hasYear)
		if err != nil {
			return nil, err
		}
		h, okH, err := u.countryIn(rec, hostSide, year, hasYear)
		if err != nil {
			return nil, err
		}
		if !okO || !okH {
			continue
		}

		// Duplicates.
		id, hasID := cell(rec, "incident_id")
		id = strings.TrimSpace(id)
		hasID = hasID && id != ""
		target, hasTarget := cell(rec, "target_type")
		source, hasSource := cell(rec, "source")
		vals := []string{
			incOpt(strconv.Itoa(year), hasYear), incOpt(date, hasDate), strconv.Itoa(o), strconv.Itoa(h),
			tactic, coop, incOpt(target, hasTarget), incOpt(source, hasSource),
		}
		for _, i := range u.keep {
			vals = append(vals, incOpt(string(rec[i]), !isNA(rec[i])))
		}
		var key string
		if hasID {
			key = "id\x00" + id
		} else {
			key = "row\x00" + incJoin(vals)
		}
		if k, dup := firstOf[key]; dup {
			prev := rowVals[k]
			for j := range vals {
				if vals[j] != prev[j] {
					return nil, u.rd.Errorf(-1, "incident id %q is also on line %d, with a different %s (%s here, %s there): give distinct incidents distinct ids, or unmap incident_id if the file's ids do not identify incidents", ufClip(id), rowLine[k], compared[j], incShow(vals[j]), incShow(prev[j]))
				}
			}
			inc.Duplicates = append(inc.Duplicates, DuplicateIncident{Line: line, Of: rowLine[k], IncidentID: id})
			continue
		}
		firstOf[key] = len(rowVals)
		rowVals = append(rowVals, vals)
		rowLine = append(rowLine, line)

		ids.add(id, hasID)
		years.add(int64(year), hasYear)
		dates.add(date, hasDate)
		origins.add(string(rec[originSide.col]), true)
		oc.add(int64(o), true)
		hosts.add(string(rec[hostSide.col]), true)
		hc.add(int64(h), true)
		tactics.add(tactic, true)
		coops.add(coop, true)
		targets.add(target, hasTarget)
		sources.add(source, hasSource)
		lines.add(int64(line), true)
		for j, i := range u.keep {
			kept[j] = append(kept[j], string(rec[i]))
			keptMiss[j] = append(keptMiss[j], isNA(rec[i]))
		}
		if hasYear {
			yspan.add(year)
		} else {
			inc.NoYear++
		}
	}
	inc.Unresolved = u.unresolved
	if len(u.unresolved) > 0 && !opts.AllowUnresolved {
		first := u.unresolved[0]
		return nil, &csvx.Error{File: name, Line: first.Line, Column: u.idx[first.Column] + 1, Name: first.Column,
			Msg: fmt.Sprintf("%d countr%s did not resolve to a COW state (to drop their rows instead: --allow-unresolved on the command line, allow_unresolved = true in a notebook, IncidentOptions.AllowUnresolved in Go): %s",
				len(u.unresolved), map[bool]string{true: "y", false: "ies"}[len(u.unresolved) == 1], unresolvedList(u.unresolved, 100))}
	}

	names := []string{"incident_id", "year", "date", "origin", "origin_ccode", "host", "host_ccode", "tactic", "host_cooperation", "target_type", "source", "line"}
	builders := []interface{ column() *table.Column }{&ids, &years, &dates, &origins, &oc, &hosts, &hc, &tactics, &coops, &targets, &sources, &lines}
	cols := make([]*table.Column, 0, len(names)+len(u.keep))
	for i, b := range builders {
		cl := b.column()
		cl.Name = names[i]
		cols = append(cols, cl)
	}
	for j := range u.keep {
		cols = append(cols, ufInfer(u.keepName[j], kept[j], keptMiss[j]))
	}
	t := table.New(cols...)
	if src != nil {
		t.AddSources(*src)
	} else {
		t.AddSources(table.Source{File: path.Base(name), Path: name, SHA256: hex.EncodeToString(u.hash.Sum(nil))})
	}
	t.AddSources(m.Source)
	t.SetMeta("unit", "incident")
	t.SetMeta("coverage", incCoverage(m.Coverage))
	t.SetMeta("years_in_data", yspan.String())
	t.SetMeta("mapping", m.Name)
	if m.Universe != "" {
		t.SetMeta("universe", m.Universe)
	}
	t.SetMeta("host_cooperation_rule", m.cooperationRule())
	t.SetMeta("duplicate_rule", incidentDuplicateRule)
	t.SetMeta("duplicates_removed", strconv.Itoa(len(inc.Duplicates)))
	t.SetMeta("incidents_without_year", strconv.Itoa(inc.NoYear))
	if len(inc.Unresolved) > 0 {
		t.SetMeta("unresolved_rows_dropped", strconv.Itoa(incUnresolvedRows(inc.Unresolved)))
		t.SetMeta("unresolved", unresolvedList(inc.Unresolved, 0))
	}
	inc.Table = t
	return inc, nil
}

// IFESCases returns the bundled ifes-2024-cases table (read through
// datasets.Open, which checks its sha256) as an incident table, read with
// the built-in schema mapping and the coverage the registry declares
// (2017-2023). Its extra columns (paper_note, reference_year, year_basis,
// description) follow the schema's. The cases are illustrative, not a
// sample: see the dataset's notes before counting anything with them.
func IFESCases() (*Incidents, error) {
	const id, file = "ifes-2024-cases", "ifes_2024_cases.csv"
	c, err := LoadCountries()
	if err != nil {
		return nil, err
	}
	d, err := datasets.Get(id)
	if err != nil {
		return nil, err
	}
	b, src, err := datasets.Open(id, file)
	if err != nil {
		return nil, err
	}
	m, err := BuiltinIncidentMapping("schema")
	if err != nil {
		return nil, err
	}
	m.Coverage = YearRange{First: d.FirstYear, Last: d.LastYear}
	m.Universe = "Illustrative cases named in Cottiero (2024), not a sample: a 0 means the paper names no case."
	return readIncidents(bytes.NewReader(b), inputName(id, file, src), m, c, IncidentOptions{}, &src)
}

// incFindColumn finds a mapped column in the header: exactly, or else
// ignoring case and surrounding spaces when that finds exactly one.
func incFindColumn(u *ufLoader, want, what string) (int, error) {
	if i, ok := u.idx[want]; ok {
		return i, nil
	}
	found := -1
	norm := strings.ToLower(strings.TrimSpace(want))
	for i, h := range u.header {
		if strings.ToLower(strings.TrimSpace(h)) == norm {
			if found >= 0 {
				return 0, &csvx.Error{File: u.name, Line: 1, Msg: fmt.Sprintf("columns %q and %q both match %q, %s: name one exactly in the mapping", u.header[found], h, want, what)}
			}
			found = i
		}
	}
	if found < 0 {
		return 0, &csvx.Error{File: u.name, Line: 1, Msg: fmt.Sprintf("expected a column %q for %s, found none (header: %s)", want, what, clipList(u.header))}
	}
	return found, nil
}

// incTranslate maps a label through a value map (normalized keys), else
// accepts it when it is a schema value.
func incTranslate(raw string, m map[string]string, vocab []string) (string, bool) {
	n := normLabel(raw)
	if v, ok := m[n]; ok {
		return v, true
	}
	if inVocab(n, vocab) {
		return n, true
	}
	return "", false
}

// parseIncidentDate checks a YYYY-MM-DD, YYYY-MM or YYYY date and returns
// its year.
func parseIncidentDate(s string) (int, bool) {
	digits := func(s string) (int, bool) {
		if s == "" {
			return 0, false
		}
		v := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, true
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return 0, false
	}
	y, ok := digits(parts[0])
	if !ok || y < minYear {
		return 0, false
	}
	if len(parts) >= 2 {
		mo, ok := digits(parts[1])
		if !ok || len(parts[1]) != 2 || mo < 1 || mo > 12 {
			return 0, false
		}
		if len(parts) == 3 {
			d, ok := digits(parts[2])
			if !ok || len(parts[2]) != 2 || d < 1 || d > daysIn(y, mo) {
				return 0, false
			}
		}
	}
	return y, true
}

// daysIn returns the number of days of month mo of year y (Gregorian).
func daysIn(y, mo int) int {
	switch mo {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

func incOpt(s string, ok bool) string {
	if !ok {
		return "\x00NA"
	}
	return s
}

func incShow(s string) string {
	if s == "\x00NA" {
		return "empty"
	}
	return strconv.Quote(ufClip(s))
}

// incJoin joins values unambiguously (length-prefixed).
func incJoin(vals []string) string {
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	return b.String()
}

func incCoverage(c YearRange) string {
	if c.IsAll() {
		return ""
	}
	return span{c.First, c.Last}.String()
}

// incUnresolvedRows counts the distinct lines of a list of unresolved
// countries (a row may have both origin and host unresolved).
func incUnresolvedRows(list []Unresolved) int {
	seen := map[int]bool{}
	for _, u := range list {
		seen[u.Line] = true
	}
	return len(seen)
}

// unresolvedList renders a list of unresolved countries, at most max of
// them (0: all).
func unresolvedList(list []Unresolved, max int) string {
	var parts []string
	for i, u := range list {
		if max > 0 && i == max {
			parts = append(parts, fmt.Sprintf("... and %d more", len(list)-max))
			break
		}
		parts = append(parts, u.String())
	}
	return strings.Join(parts, "; ")
}
