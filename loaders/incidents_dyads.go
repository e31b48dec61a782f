package loaders

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// Dyad-year value rules for IncidentDyadYears.
const (
	// DyadCount counts the incidents of each directed dyad-year.
	DyadCount = "count"
	// DyadAny is 1 when a directed dyad-year has at least one incident,
	// else 0.
	DyadAny = "any"
)

// DyadRule says how IncidentDyadYears turns incidents into directed
// dyad-year values.
type DyadRule struct {
	// Value is DyadCount or DyadAny.
	Value string
	// ByTactic writes one value column per tactic (those of Tactics, or
	// all of IncidentTactics, in IncidentTactics order) instead of one
	// column for all incidents.
	ByTactic bool
	// Tactics keeps only incidents with these tactics; nil keeps all.
	Tactics []string
	// Cooperation keeps only incidents whose host_cooperation is one of
	// these (for example {"yes"}: only incidents the host state's
	// authorities carried out or assisted); nil keeps all.
	Cooperation []string
	// Years restricts the output to these years (within the coverage);
	// the zero range keeps every year of the coverage.
	Years YearRange
}

// ExcludedIncident is an incident IncidentDyadYears could not place in a
// dyad-year.
type ExcludedIncident struct {
	Line       int    // its line in the incident file (0 if the table has no line column)
	IncidentID string // its id, or ""
	Year       int    // its year, or 0 when missing
	Reason     string
}

func (e ExcludedIncident) String() string {
	s := fmt.Sprintf("line %d", e.Line)
	if e.IncidentID != "" {
		s += fmt.Sprintf(" (id %q)", e.IncidentID)
	}
	return s + ": " + e.Reason
}

// IncidentDyads is a directed dyad-year table made from incidents, and the
// incidents it left out.
type IncidentDyads struct {
	Table *table.Table
	// Excluded lists the incidents that match the rule but could not be
	// counted: no year, a year outside the coverage, the same state as
	// origin and host, or an origin or host outside the COW state system
	// in the incident's year.
	Excluded []ExcludedIncident
	// Counted is the number of incidents counted; Filtered the number
	// left out by the rule's tactic, cooperation or year filters.
	Counted, Filtered int
	// Years is the range of years the table covers (the coverage
	// intersected with the rule's Years).
	Years YearRange
}

// DyadYears is IncidentDyadYears on inc's table and coverage.
func (inc *Incidents) DyadYears(sys *System, rule DyadRule) (*IncidentDyads, error) {
	return IncidentDyadYears(inc.Table, inc.Coverage, sys, rule)
}

// IncidentDyadYears turns an incident table (as ReadIncidents makes:
// columns year, origin_ccode, host_ccode, tactic, host_cooperation, and
// optionally line and incident_id) into a directed dyad-year table with
// columns ccode1 (the origin state), ccode2 (the host state), year, then
// the value columns, sorted by ccode1, ccode2, year.
//
// The dyad set of year Y is every ordered pair of distinct states in the
// COW state system in Y (sys.StatesIn), for every Y in coverage,
// intersected with rule.Years. For years after the membership file's last
// year (2016 for states2016), the states taken to be members are those
// whose last spell runs to that year, the rule of Countries.InSystem. A
// dyad-year in the set with no incident is 0; a dyad-year outside the
// coverage has no row at all, because the source says nothing about it:
// it is missing, never 0. coverage is the source's declared window
// (Incidents.Coverage), which must be set.
//
// Values (int columns):
//
//   - DyadCount: "incidents", the number of incidents;
//   - DyadAny: "any_incident", 1 if there is at least one incident, else 0;
//   - with ByTactic, one column per tactic instead: "incidents_<tactic>" or
//     "any_<tactic>".
//
// Only incidents that pass the rule's filters (Tactics, Cooperation,
// Years) are counted; the others are counted in IncidentDyads.Filtered.
// An incident that passes them but has no year, a year outside the
// coverage, the same origin and host, or an origin or host not in the
// system that year is not counted and is listed in IncidentDyads.Excluded.
//
// The table's sources are the incident table's and the state system's; its
// metadata carries over the incident table's (mapping, universe, rules,
// duplicates, unresolved) and records: unit "directed dyad-year",
// coverage, years, dyad_value (the rule in words), tactics, cooperation,
// dyad_set, incidents_counted, incidents_filtered, one
// incidents_excluded_* count per reason and the list of excluded incidents
// (incidents_excluded).
func IncidentDyadYears(t *table.Table, coverage YearRange, sys *System, rule DyadRule) (*IncidentDyads, error) {
	if sys == nil {
		return nil, fmt.Errorf("loaders: incident dyad-years need the COW state system (LoadSystem)")
	}
	if coverage.First <= 0 || coverage.Last < coverage.First {
		return nil, fmt.Errorf("loaders: incident dyad-years need the source's coverage (first and last year); the mapping declares none: set first_year and last_year in it")
	}
	if rule.Value != DyadCount && rule.Value != DyadAny {
		return nil, fmt.Errorf("loaders: dyad value %q: expected %q or %q", rule.Value, DyadCount, DyadAny)
	}
	for _, tc := range rule.Tactics {
		if !inVocab(tc, IncidentTactics) {
			return nil, fmt.Errorf("loaders: tactic %q: expected one of %s", tc, strings.Join(IncidentTactics, ", "))
		}
	}
	for _, v := range rule.Cooperation {
		if !inVocab(v, HostCooperationValues) {
			return nil, fmt.Errorf("loaders: host cooperation %q: expected one of %s", v, strings.Join(HostCooperationValues, ", "))
		}
	}
	years := coverage
	if rule.Years.First != 0 && rule.Years.First > years.First {
		years.First = rule.Years.First
	}
	if rule.Years.Last != 0 && rule.Years.Last < years.Last {
		years.Last = rule.Years.Last
	}
	if years.First > years.Last {
		return nil, fmt.Errorf("loaders: years %s do not overlap the source's coverage %d-%d", rule.Years, coverage.First, coverage.Last)
	}

	yc, err := t.MustCol("year", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: incident table: %v", err)
	}
	oc, err := t.MustCol("origin_ccode", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: incident table: %v", err)
	}
	hc, err := t.MustCol("host_ccode", table.Int)
	if err != nil {
		return nil, fmt.Errorf("loaders: incident table: %v", err)
	}
	tcCol, err := t.MustCol("tactic", table.String)
	if err != nil {
		return nil, fmt.Errorf("loaders: incident table: %v", err)
	}
	coCol, err := t.MustCol("host_cooperation", table.String)
	if err != nil {
		return nil, fmt.Errorf("loaders: incident table: %v", err)
	}
	lineCol, _ := t.MustCol("line", table.Int)
	idCol, _ := t.MustCol("incident_id", table.String)

	// Value columns.
	tactics := IncidentTactics
	if rule.Tactics != nil {
		tactics = nil
		for _, tc := range IncidentTactics {
			if inVocab(tc, rule.Tactics) {
				tactics = append(tactics, tc)
			}
		}
	}
	var valNames []string
	valIndex := map[string]int{} // tactic -> value column
	prefix := map[string]string{DyadCount: "incidents", DyadAny: "any"}[rule.Value]
	if rule.ByTactic {
		for i, tc := range tactics {
			valNames = append(valNames, prefix+"_"+tc)
			valIndex[tc] = i
		}
	} else {
		valNames = []string{map[string]string{DyadCount: "incidents", DyadAny: "any_incident"}[rule.Value]}
		for _, tc := range tactics {
			valIndex[tc] = 0
		}
	}

	// Members of the system each year.
	members := map[int]map[int]bool{}
	var all []int
	seenState := map[int]bool{}
	for y := years.First; y <= years.Last; y++ {
		m := map[int]bool{}
		for _, cc := range incSystemStates(sys, y) {
			m[cc] = true
			if !seenState[cc] {
				seenState[cc] = true
				all = append(all, cc)
			}
		}
		members[y] = m
	}
	sort.Ints(all)
	inSystem := func(cc, y int) bool { return members[y][cc] } // y is one of the output years

	type dyadYear struct{ o, h, y int }
	counts := map[dyadYear][]int64{}
	res := &IncidentDyads{Years: years}
	reasons := map[string]int{}
	exclude := func(i int, kind, reason string) {
		e := ExcludedIncident{Reason: reason}
		if lineCol != nil && !lineCol.IsMissing(i) {
			e.Line = int(lineCol.Ints[i])
		}
		if idCol != nil && !idCol.IsMissing(i) {
			e.IncidentID = idCol.Strings[i]
		}
		if !yc.IsMissing(i) {
			e.Year = int(yc.Ints[i])
		}
		res.Excluded = append(res.Excluded, e)
		reasons[kind]++
	}
	for i := 0; i < t.NumRows(); i++ {
		tc, co := tcCol.Strings[i], coCol.Strings[i]
		if tcCol.IsMissing(i) || !inVocab(tc, IncidentTactics) {
			return nil, fmt.Errorf("loaders: incident table row %d: tactic %q is not a schema tactic (%s)", i+1, tc, strings.Join(IncidentTactics, ", "))
		}
		if coCol.IsMissing(i) || !inVocab(co, HostCooperationValues) {
			return nil, fmt.Errorf("loaders: incident table row %d: host_cooperation %q is not one of %s", i+1, co, strings.Join(HostCooperationValues, ", "))
		}
		if _, ok := valIndex[tc]; !ok || (rule.Cooperation != nil && !inVocab(co, rule.Cooperation)) {
			res.Filtered++
			continue
		}
		if yc.IsMissing(i) {
			exclude(i, "no_year", "no year")
			continue
		}
		y := int(yc.Ints[i])
		if !coverage.Contains(y) {
			exclude(i, "outside_coverage", fmt.Sprintf("year %d is outside the coverage %d-%d", y, coverage.First, coverage.Last))
			continue
		}
		if !years.Contains(y) {
			res.Filtered++
			continue
		}
		if oc.IsMissing(i) || hc.IsMissing(i) {
			exclude(i, "no_ccode", "origin or host has no COW code")
			continue
		}
		o, h := int(oc.Ints[i]), int(hc.Ints[i])
		if o == h {
			exclude(i, "same_state", fmt.Sprintf("origin and host are the same state (%d)", o))
			continue
		}
		if !inSystem(o, y) {
			exclude(i, "not_in_system", fmt.Sprintf("origin %d is not in the COW state system in %d", o, y))
			continue
		}
		if !inSystem(h, y) {
			exclude(i, "not_in_system", fmt.Sprintf("host %d is not in the COW state system in %d", h, y))
			continue
		}
		k := dyadYear{o, h, y}
		v := counts[k]
		if v == nil {
			v = make([]int64, len(valNames))
			counts[k] = v
		}
		j := valIndex[tc]
		if rule.Value == DyadAny {
			v[j] = 1
		} else {
			v[j]++
		}
		res.Counted++
	}

	// Emit every dyad-year of the set, sorted by ccode1, ccode2, year.
	rows := 0
	for y := years.First; y <= years.Last; y++ {
		rows += len(members[y]) * (len(members[y]) - 1)
	}
	c1, c2, yy := make([]int64, 0, rows), make([]int64, 0, rows), make([]int64, 0, rows)
	vals := make([][]int64, len(valNames))
	for j := range vals {
		vals[j] = make([]int64, 0, rows)
	}
	for _, o := range all {
		for _, h := range all {
			if o == h {
				continue
			}
			for y := years.First; y <= years.Last; y++ {
				if !members[y][o] || !members[y][h] {
					continue
				}
				c1, c2, yy = append(c1, int64(o)), append(c2, int64(h)), append(yy, int64(y))
				v := counts[dyadYear{o, h, y}]
				for j := range vals {
					var x int64
					if v != nil {
						x = v[j]
					}
					vals[j] = append(vals[j], x)
				}
			}
		}
	}
	cols := []*table.Column{table.NewInt("ccode1", c1), table.NewInt("ccode2", c2), table.NewInt("year", yy)}
	for j, n := range valNames {
		cols = append(cols, table.NewInt(n, vals[j]))
	}
	out := table.New(cols...)
	out.AddSources(t.Sources...)
	out.AddSources(sys.Source)
	for k, v := range t.Meta {
		switch k {
		case "unit", "coverage", "years_in_data", "table", "years":
		default:
			out.SetMeta(k, v)
		}
	}
	out.SetMeta("unit", "directed dyad-year")
	out.SetMeta("coverage", span{coverage.First, coverage.Last}.String())
	out.SetMeta("years", span{years.First, years.Last}.String())
	out.SetMeta("dyad_value", incRuleText(rule))
	out.SetMeta("tactics", strings.Join(tactics, ","))
	coop := "all"
	if rule.Cooperation != nil {
		coop = strings.Join(rule.Cooperation, ",")
	}
	out.SetMeta("cooperation", coop)
	out.SetMeta("dyad_set", fmt.Sprintf("every ordered pair of distinct states in the COW state system each year of the coverage (ccode1 = origin, ccode2 = host); after %d, the last year of the membership file, the states whose last spell runs to it; dyad-years outside the coverage have no row (missing, not 0)", sys.FileLast))
	out.SetMeta("incidents_counted", strconv.Itoa(res.Counted))
	out.SetMeta("incidents_filtered", strconv.Itoa(res.Filtered))
	for _, kind := range []string{"no_year", "outside_coverage", "no_ccode", "same_state", "not_in_system"} {
		out.SetMeta("incidents_excluded_"+kind, strconv.Itoa(reasons[kind]))
	}
	if len(res.Excluded) > 0 {
		var parts []string
		for _, e := range res.Excluded {
			parts = append(parts, e.String())
		}
		out.SetMeta("incidents_excluded", strings.Join(parts, "; "))
	}
	res.Table = out
	return res, nil
}

// incSystemStates returns the COW system members of year y; after the
// membership file's last year, the states whose last spell runs to it
// (see Countries.InSystem).
func incSystemStates(sys *System, y int) []int {
	if y <= sys.Last {
		return sys.StatesIn(y) // an Extended system has these years already
	}
	var out []int
	for _, sp := range sys.Spells {
		if sp.EndYear == sys.FileLast && (len(out) == 0 || out[len(out)-1] != sp.Ccode) {
			out = append(out, sp.Ccode)
		}
	}
	return out // Spells are sorted by ccode
}

// incRuleText describes a dyad rule in words for the table's metadata.
func incRuleText(r DyadRule) string {
	var s string
	if r.Value == DyadAny {
		s = "1 if the origin state (ccode1) targeted at least one national in the host state (ccode2) that year, else 0"
	} else {
		s = "number of incidents in which the origin state (ccode1) targeted a national in the host state (ccode2) that year"
	}
	if r.ByTactic {
		s += ", one column per tactic"
	}
	if r.Tactics != nil {
		s += "; only tactics " + strings.Join(r.Tactics, ", ")
	}
	if r.Cooperation != nil {
		s += "; only incidents with host_cooperation " + strings.Join(r.Cooperation, " or ")
	}
	return s
}
