package loaders

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// unIssues are the issue codes of the UN roll-call issue file, in the
// unvotes package's order; codes a newer file adds follow alphabetically.
var unIssues = []string{"me", "nu", "di", "hr", "co", "ec"}

// Resolver maps a country identifier (an ISO 3166-1 alpha-2 code, or a
// country name where the code is empty) to a COW state code.
type Resolver func(s string) (ccode int, ok bool)

// ReadUNVotes reads the UN General Assembly roll-call votes (Voeten, as
// packaged by the R package unvotes: un_votes with rcid, country,
// country_code, vote; un_roll_calls with rcid, session, importantvote,
// date, unres, amend, para, short, descr; un_roll_call_issues with rcid,
// short_name, issue) into one row per country-vote:
//
// rcid, ccode, year (of the vote's date), session, date (YYYY-MM-DD),
// country, country_code (ISO2 as in the file, including historical codes
// such as YU, CS, DD, YD; "NA" is Namibia, not missing), vote (yes, no,
// abstain), vote_code (Voeten's coding: 1 yes, 2 abstain, 3 no),
// important_vote (the US State Department's "important vote" flag;
// missing where the file has none), unres, amend, para (1 when the vote
// was on an amendment or a paragraph; missing where the file has none),
// short, and one bool column per issue, issue_me (Palestinian conflict),
// issue_nu (nuclear weapons and nuclear material), issue_di (arms control
// and disarmament), issue_hr (human rights), issue_co (colonialism),
// issue_ec (economic development), true when the roll call is coded with
// that issue. The roll calls' long descr text is not included.
//
// ccode is resolve(country_code), or resolve(country) where the code is
// empty (three historical states). A code resolve cannot map is an error
// that lists every unresolved code with its country name, row count and
// first line: no vote is dropped silently. Two rows for one roll call
// and COW code are an error naming both lines.
func ReadUNVotes(votes, rollCalls, issues Input, resolve Resolver) (*table.Table, error) {
	return readUNVotes(userInput(votes.R, votes.Name), userInput(rollCalls.R, rollCalls.Name),
		userInput(issues.R, issues.Name), resolve, YearRange{})
}

// UNVotes is ReadUNVotes on the bundled unvotes files.
func UNVotes(resolve Resolver) (*table.Table, error) { return loadUNVotes(resolve, YearRange{}) }

func loadUNVotes(resolve Resolver, years YearRange) (*table.Table, error) {
	var in [3]*input
	for i, f := range []string{"un_votes.csv.gz", "un_roll_calls.csv.gz", "un_roll_call_issues.csv"} {
		var err error
		if in[i], err = bundledInput("unvotes", f); err != nil {
			return nil, err
		}
	}
	return readUNVotes(in[0], in[1], in[2], resolve, years)
}

func readUNVotes(votes, calls, issues *input, resolve Resolver, years YearRange) (*table.Table, error) {
	if resolve == nil {
		return nil, errf("unvotes: a country resolver is required to map ISO2 codes to COW codes")
	}
	// Roll calls first: the vote rows take their year from them.
	rc, err := readSpec(calls, spec{fields: []field{
		{src: "rcid", name: "rcid", typ: table.Int, key: true},
		{src: "session", name: "session", typ: table.Int},
		{src: "importantvote", name: "important_vote", typ: table.Int},
		{src: "date", name: "date", typ: table.String, key: true},
		{src: "unres", name: "unres", typ: table.String},
		{src: "amend", name: "amend", typ: table.Int},
		{src: "para", name: "para", typ: table.Int},
		{src: "short", name: "short", typ: table.String},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	rcid := rc.t.Col("rcid").Ints
	call := make(map[int64]int, len(rcid))
	callYear := make([]int64, len(rcid))
	var cov span
	for i, d := range rc.t.Col("date").Strings {
		if l, dup := call[rcid[i]]; dup {
			return nil, &csvx.Error{File: calls.name, Line: rc.lines[i], Msg: fmt.Sprintf("duplicate rcid %d: lines %d and %d", rcid[i], rc.lines[l], rc.lines[i])}
		}
		call[rcid[i]] = i
		y, ok := dateYear(d)
		if !ok {
			return nil, rc.errAt(i, "date", "expected a date YYYY-MM-DD, found %q", d)
		}
		callYear[i] = int64(y)
		cov.add(y)
	}
	imp := rc.t.Col("important_vote")
	for i, v := range imp.Ints {
		if !imp.IsMissing(i) && v != 0 && v != 1 {
			return nil, rc.errAt(i, "important_vote", "expected 0, 1 or empty, found %d", v)
		}
	}

	// Issues: a set of codes per roll call.
	is, err := readSpec(issues, spec{fields: []field{
		{src: "rcid", name: "rcid", typ: table.Int, key: true},
		{src: "short_name", name: "short_name", typ: table.String, key: true},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	codes := append([]string(nil), unIssues...)
	known := map[string]int{}
	for k, c := range codes {
		known[c] = k
	}
	var extra []string
	for _, c := range is.t.Col("short_name").Strings {
		if _, ok := known[c]; !ok {
			known[c] = -1
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	for _, c := range extra {
		known[c] = len(codes)
		codes = append(codes, c)
	}
	flags := make([][]bool, len(codes)) // per issue, per roll call
	for k := range flags {
		flags[k] = make([]bool, len(rcid))
	}
	for i, c := range is.t.Col("short_name").Strings {
		r, ok := call[is.t.Col("rcid").Ints[i]]
		if !ok {
			return nil, &csvx.Error{File: issues.name, Line: is.lines[i], Msg: fmt.Sprintf("rcid %d has no roll call in %s", is.t.Col("rcid").Ints[i], calls.name)}
		}
		flags[known[c]][r] = true
	}

	// Votes.
	vs, err := readSpec(votes, spec{fields: []field{
		{src: "rcid", name: "rcid", typ: table.Int, key: true},
		{src: "country", name: "country", typ: table.String, key: true},
		{src: "country_code", name: "country_code", typ: table.String, raw: true},
		{src: "vote", name: "vote", typ: table.String, key: true},
	}}, YearRange{})
	if err != nil {
		return nil, err
	}
	vr, country, code, vote := vs.t.Col("rcid").Ints, vs.t.Col("country").Strings, vs.t.Col("country_code"), vs.t.Col("vote").Strings
	type unresolved struct {
		code, country string
		rows, line    int
	}
	resolved := map[[2]string]int64{}
	var bad []*unresolved
	badAt := map[[2]string]*unresolved{}
	var keep []int
	row := make([]int, 0, len(vr)) // roll-call row of each kept vote
	ccode := make([]int64, 0, len(vr))
	voteCode := make([]int64, 0, len(vr))
	for i := range vr {
		r, ok := call[vr[i]]
		if !ok {
			return nil, &csvx.Error{File: votes.name, Line: vs.lines[i], Msg: fmt.Sprintf("rcid %d has no roll call in %s", vr[i], calls.name)}
		}
		var vc int64
		switch vote[i] {
		case "yes":
			vc = 1
		case "abstain":
			vc = 2
		case "no":
			vc = 3
		default:
			return nil, vs.errAt(i, "vote", "expected yes, no or abstain, found %q", vote[i])
		}
		id := code.Strings[i]
		if code.IsMissing(i) {
			id = country[i]
		}
		k := [2]string{id, country[i]}
		c, seen := resolved[k]
		if !seen {
			if cc, ok := resolve(id); ok {
				c = int64(cc)
			} else {
				c = -1
			}
			resolved[k] = c
		}
		if c < 0 {
			u := badAt[k]
			if u == nil {
				u = &unresolved{code: code.Strings[i], country: country[i], line: vs.lines[i]}
				badAt[k] = u
				bad = append(bad, u)
			}
			u.rows++
			continue
		}
		if !years.Contains(int(callYear[r])) {
			continue
		}
		keep = append(keep, i)
		row = append(row, r)
		ccode = append(ccode, c)
		voteCode = append(voteCode, vc)
	}
	if len(bad) > 0 {
		parts := make([]string, len(bad))
		for j, u := range bad {
			parts[j] = fmt.Sprintf("%q (%s; %d rows, first on line %d)", u.code, u.country, u.rows, u.line)
		}
		return nil, &csvx.Error{File: votes.name, Line: bad[0].line,
			Msg: fmt.Sprintf("%d country codes could not be resolved to COW codes: %s", len(bad), strings.Join(parts, ", "))}
	}
	// Order by (rcid, ccode) before building the columns, so that each
	// column is gathered once; two votes of one state in one roll call are
	// an error.
	ord := make([]int, len(keep))
	for j := range ord {
		ord[j] = j
	}
	rcOf := func(j int) int64 { return vr[keep[j]] }
	slices.SortStableFunc(ord, func(a, b int) int {
		if c := cmp.Compare(rcOf(a), rcOf(b)); c != 0 {
			return c
		}
		return cmp.Compare(ccode[a], ccode[b])
	})
	for k := 1; k < len(ord); k++ {
		a, b := ord[k-1], ord[k]
		if rcOf(a) == rcOf(b) && ccode[a] == ccode[b] {
			la, lb := vs.lines[keep[a]], vs.lines[keep[b]]
			if la > lb {
				la, lb = lb, la
			}
			return nil, &csvx.Error{File: votes.name, Line: lb,
				Msg: fmt.Sprintf("duplicate rcid-ccode (%d, %d): lines %d and %d", rcOf(a), ccode[a], la, lb)}
		}
	}
	src := make([]int, len(ord)) // vote-file row of each output row
	callRow := make([]int, len(ord))
	cc := make([]int64, len(ord))
	vcode := make([]int64, len(ord))
	yr := make([]int64, len(ord))
	for j, o := range ord {
		src[j], callRow[j], cc[j], vcode[j] = keep[o], row[o], ccode[o], voteCode[o]
		yr[j] = callYear[row[o]]
	}
	t := vs.t.Take(src)
	cols := []*table.Column{t.Col("rcid"), table.NewInt("ccode", cc), table.NewInt("year", yr),
		joinColumn(rc.t.Col("session"), callRow), joinColumn(rc.t.Col("date"), callRow),
		t.Col("country"), t.Col("country_code"), t.Col("vote"), table.NewInt("vote_code", vcode)}
	impc := joinColumn(imp, callRow)
	ib := &boolBuilder{name: "important_vote"}
	for j, v := range impc.Ints {
		ib.add(v == 1, !impc.IsMissing(j))
	}
	cols = append(cols, ib.column(), joinColumn(rc.t.Col("unres"), callRow),
		joinColumn(rc.t.Col("amend"), callRow), joinColumn(rc.t.Col("para"), callRow), joinColumn(rc.t.Col("short"), callRow))
	for k, c := range codes {
		b := make([]bool, len(callRow))
		for j, r := range callRow {
			b[j] = flags[k][r]
		}
		cols = append(cols, table.NewBool("issue_"+c, b))
	}
	out := table.New(cols...)
	out = finish(out, votes, "country-vote", cov)
	out.AddSources(calls.source(), issues.source())
	return out, nil
}
