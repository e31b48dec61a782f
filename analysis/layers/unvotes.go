package layers

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// SessionYear is the year of the unvotes layer that UN General Assembly
// session s makes: the year in which it opens, 1945 + s (session 1 met in
// 1946; session 74 opened in September 2019). Roll calls a session holds
// in the following year, before the next session opens, count for the
// session's year.
func SessionYear(session int) int { return 1945 + session }

// The unvotes layer: agreement in UN General Assembly roll-call votes
// (Voeten 2013, "Data and analyses of voting in the United Nations General
// Assembly", in Routledge Handbook of International Organization; Bailey,
// Strezhnev and Voeten 2017, Journal of Conflict Resolution 61(2)), from
// the R package unvotes' data.
//
// The weight of two states in a year is the share of the roll calls of
// that year's session (see SessionYear) on which they voted the same way,
// among the roll calls on which both voted: Voeten's agreement index. A
// vote is yes, no or abstain; absence and non-membership are not votes
// (the data do not record them), so a roll call on which either state did
// not vote does not count. With abstain = same (the default) an abstention
// agrees only with an abstention; with abstain = half, an abstention
// against a yes or a no counts as half an agreement (Lijphart 1963,
// "The analysis of bloc voting in the General Assembly", American
// Political Science Review 57). A pair with no roll call in common has a
// missing weight; one that never agreed an observed 0. issues keeps only
// roll calls coded with one of the given issues (me Palestinian conflict,
// nu nuclear weapons, di arms control, hr human rights, co colonialism,
// ec economic development), and important only the roll calls the US
// State Department rated important (from 1983).
type unvotesBuilder struct {
	s           Spec
	sys         *loaders.System
	srcs        []table.Source
	first, last int
	sessions    map[int]*session // by year
	skipped     []int            // years in first..last without a roll call
	outside     map[int64]int    // votes by states outside the system, by ccode
}

// votes is the UN votes table in the compact form the layer needs: one
// entry per country-vote.
type votes struct {
	rcid      []int32
	ccode     []int16
	session   []int16
	vote      []int8  // Voeten's vote_code: 1 yes, 2 abstain, 3 no
	important []int8  // 1 important, 0 not, -1 not coded
	issues    []uint8 // bit k: issue issueValues[k]
	srcs      []table.Source
}

// loadVotes reads the UN votes once and keeps only the compact columns,
// so that the loader's full table (a million rows of text) can be freed.
func (d *Data) loadVotes() (*votes, error) {
	return d.votes.get(func() (*votes, error) {
		c, err := d.loadCountries()
		if err != nil {
			return nil, err
		}
		t, err := loaders.UNVotes(c.Resolve)
		if err != nil {
			return nil, err
		}
		n := t.NumRows()
		v := &votes{rcid: make([]int32, n), ccode: make([]int16, n), session: make([]int16, n),
			vote: make([]int8, n), important: make([]int8, n), issues: make([]uint8, n), srcs: t.Sources}
		rc, cc, ss, vc := t.Col("rcid").Ints, t.Col("ccode").Ints, t.Col("session").Ints, t.Col("vote_code").Ints
		imp := t.Col("important_vote")
		var iss []*table.Column
		for _, is := range issueValues {
			iss = append(iss, t.Col("issue_"+is))
		}
		for i := 0; i < n; i++ {
			if rc[i] > math.MaxInt32 || cc[i] > math.MaxInt16 || ss[i] < 1 || ss[i] > 1000 {
				return nil, fmt.Errorf("layers: UN votes row %d: rcid %d, ccode %d, session %d out of range", i, rc[i], cc[i], ss[i])
			}
			v.rcid[i], v.ccode[i], v.session[i], v.vote[i] = int32(rc[i]), int16(cc[i]), int16(ss[i]), int8(vc[i])
			switch {
			case imp.IsMissing(i):
				v.important[i] = -1
			case imp.Bools[i]:
				v.important[i] = 1
			}
			for k, c := range iss {
				if c != nil && c.Bools[i] {
					v.issues[i] |= 1 << k
				}
			}
		}
		return v, nil
	})
}

// session is one session's votes: roll calls (columns) by state, as bit
// sets of the roll calls on which the state voted yes, no, or abstained.
type session struct {
	states        []int64
	yes, no, abst [][]uint64
}

func (d *Data) unvotesBuilder(s Spec) (builder, error) {
	sys, err := d.loadSystem()
	if err != nil {
		return nil, err
	}
	v, err := d.loadVotes()
	if err != nil {
		return nil, err
	}
	b := &unvotesBuilder{s: s, sys: sys, sessions: map[int]*session{}, outside: map[int64]int{}}
	b.srcs = append(append(b.srcs, v.srcs...), sys.Source)
	var mask uint8
	for _, is := range s.Issues {
		mask |= 1 << slices.Index(issueValues, is)
	}
	keep := func(i int) bool {
		if s.Important && v.important[i] != 1 {
			return false
		}
		return mask == 0 || v.issues[i]&mask != 0
	}
	rcid, cc, sess, vote := v.rcid, v.ccode, v.session, v.vote
	// Roll calls and voters of each session.
	type vote1 struct {
		rc, cc int64
		v      int64
	}
	byYear := map[int][]vote1{}
	allYears := map[int]bool{}
	for i := range rcid {
		y := SessionYear(int(sess[i]))
		allYears[y] = true
		if !keep(i) {
			continue
		}
		if y < sys.First || y > sys.Last {
			continue // outside the layer's coverage
		}
		if !sys.InSystem(int(cc[i]), y) {
			b.outside[int64(cc[i])]++
			continue
		}
		byYear[y] = append(byYear[y], vote1{int64(rcid[i]), int64(cc[i]), int64(vote[i])})
	}
	for y := range allYears {
		if b.first == 0 || y < b.first {
			b.first = y
		}
		b.last = max(b.last, y)
	}
	b.first, b.last = max(b.first, sys.First), min(b.last, sys.Last)
	for y, vs := range byYear {
		var rcs, states []int64
		for _, v := range vs {
			rcs = append(rcs, v.rc)
			states = append(states, v.cc)
		}
		slices.Sort(rcs)
		rcs = slices.Compact(rcs)
		slices.Sort(states)
		states = slices.Compact(states)
		words := (len(rcs) + 63) / 64
		ss := &session{states: states}
		for _, p := range []*[][]uint64{&ss.yes, &ss.no, &ss.abst} {
			*p = make([][]uint64, len(states))
			for k := range *p {
				(*p)[k] = make([]uint64, words)
			}
		}
		for _, v := range vs {
			r, _ := slices.BinarySearch(rcs, v.rc)
			k, _ := slices.BinarySearch(states, v.cc)
			set := [][]uint64{nil, ss.yes[k], ss.abst[k], ss.no[k]}[v.v] // vote_code 1 yes, 2 abstain, 3 no
			set[r/64] |= 1 << (r % 64)
		}
		b.sessions[y] = ss
	}
	return b, nil
}

func (b *unvotesBuilder) years(r loaders.YearRange) ([]int, error) {
	ys, err := coverage("the unvotes layer (sessions 1946-, with the COW state system)", b.first, b.last, r)
	if err != nil {
		return nil, err
	}
	out := ys[:0]
	b.skipped = nil
	for _, y := range ys {
		if b.sessions[y] == nil {
			b.skipped = append(b.skipped, y)
			continue
		}
		out = append(out, y)
	}
	return out, nil
}

func (b *unvotesBuilder) directed() bool          { return false }
func (b *unvotesBuilder) states() bool            { return true }
func (b *unvotesBuilder) parallel() bool          { return true }
func (b *unvotesBuilder) sources() []table.Source { return b.srcs }

func (b *unvotesBuilder) build(y int) (yearData, error) {
	states := b.sys.StatesIn(y)
	d := yearData{year: y, nodes: make([]int64, len(states))}
	for i, c := range states {
		d.nodes[i] = int64(c)
	}
	ss := b.sessions[y]
	half := b.s.Abstain == "half"
	n := len(ss.states)
	words := 0
	if n > 0 {
		words = len(ss.yes[0])
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			var joint, same, part int
			yi, ni, ai := ss.yes[i], ss.no[i], ss.abst[i]
			yj, nj, aj := ss.yes[j], ss.no[j], ss.abst[j]
			for w := 0; w < words; w++ {
				joint += bits.OnesCount64((yi[w] | ni[w] | ai[w]) & (yj[w] | nj[w] | aj[w]))
				same += bits.OnesCount64(yi[w]&yj[w]) + bits.OnesCount64(ni[w]&nj[w]) + bits.OnesCount64(ai[w]&aj[w])
				if half {
					part += bits.OnesCount64(ai[w]&(yj[w]|nj[w])) + bits.OnesCount64(aj[w]&(yi[w]|ni[w]))
				}
			}
			if joint == 0 {
				continue
			}
			w := (float64(same) + 0.5*float64(part)) / float64(joint)
			e := graph.Edge{From: ss.states[i], To: ss.states[j], Weight: w}
			d.observed = append(d.observed, e)
			if w > 0 {
				d.edges = append(d.edges, e)
			}
		}
	}
	return d, nil
}

func (b *unvotesBuilder) describe(p *Panel) {
	p.Meta["layer.nodes"] = "states in the COW state system that year (states2016), isolates included"
	rule := "an abstention agrees only with an abstention"
	if b.s.Abstain == "half" {
		rule = "an abstention against a yes or no counts half (Lijphart)"
	}
	p.Meta["layer.weight"] = "share of the session's roll calls on which both states voted (yes, no or abstain) where they voted the same way; " + rule + "; missing when they share no roll call (Voeten)"
	p.Meta["layer.session_year"] = "year = 1945 + session"
	var f []string
	if b.s.Issues != nil {
		f = append(f, "issues "+strings.Join(b.s.Issues, " or "))
	}
	if b.s.Important {
		f = append(f, "important votes only")
	}
	if f != nil {
		p.Meta["layer.roll_calls"] = strings.Join(f, "; ")
	}
}

func (b *unvotesBuilder) notes() []string {
	var out []string
	if len(b.outside) > 0 {
		out = append(out, "unvotes layer: votes cast in years when the voting state was not in the COW system were left out, by ccode (votes): "+countList(b.outside))
	}
	if len(b.skipped) > 0 {
		out = append(out, fmt.Sprintf("unvotes layer: no roll call in %s: no layer for those years", joinInts(b.skipped)))
	}
	return out
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
