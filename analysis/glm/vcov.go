package glm

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

// VcovKind is a variance estimator.
type VcovKind uint8

// Variance estimators; see Model.Vcov.
const (
	Classical VcovKind = iota + 1
	HC0
	HC1
	Cluster
	Dyadic
	// Profile is not a variance but profile penalised-likelihood
	// inference, for FitFirth models only.
	Profile
)

// VcovSpec is a parsed variance estimator specification.
type VcovSpec struct {
	Text    string   // as given, e.g. "cluster:ccode1,ccode2"; names output rows
	Kind    VcovKind // which estimator
	Columns []string // cluster or member columns
}

// ParseVcov parses a variance estimator: "classical", "hc0", "hc1",
// "cluster:A", "cluster:A,B" (up to 4 columns), "dyadic:A,B", or
// "profile" (not a variance: profile-likelihood inference for Firth fits).
func ParseVcov(s string) (VcovSpec, error) {
	spec := VcovSpec{Text: s}
	name, args, hasArgs := strings.Cut(strings.TrimSpace(s), ":")
	name = strings.ToLower(strings.TrimSpace(name))
	if hasArgs {
		for _, c := range strings.Split(args, ",") {
			c = strings.TrimSpace(c)
			if c == "" {
				return spec, fmt.Errorf("glm: variance %q: empty column name", s)
			}
			spec.Columns = append(spec.Columns, c)
		}
	}
	switch name {
	case "classical", "iid", "const":
		spec.Kind = Classical
	case "profile":
		spec.Kind = Profile
	case "hc0":
		spec.Kind = HC0
	case "hc1":
		spec.Kind = HC1
	case "cluster":
		spec.Kind = Cluster
		if len(spec.Columns) == 0 {
			return spec, fmt.Errorf("glm: variance %q: cluster needs one or more columns, as cluster:A or cluster:A,B", s)
		}
		seen := map[string]bool{}
		for _, c := range spec.Columns {
			if seen[c] {
				return spec, fmt.Errorf("glm: variance %q: column %q given twice", s, c)
			}
			seen[c] = true
		}
		if len(spec.Columns) > 4 {
			return spec, fmt.Errorf("glm: variance %q: at most 4 cluster columns", s)
		}
		return spec, nil
	case "dyadic":
		spec.Kind = Dyadic
		if len(spec.Columns) != 2 || spec.Columns[0] == spec.Columns[1] {
			return spec, fmt.Errorf("glm: variance %q: dyadic needs the two member columns, as dyadic:ccode1,ccode2", s)
		}
		return spec, nil
	default:
		return spec, fmt.Errorf("glm: unknown variance estimator %q (known: classical, hc0, hc1, cluster:A[,B...], dyadic:A,B; profile for Firth fits)", s)
	}
	if hasArgs {
		return spec, fmt.Errorf("glm: variance %q: %s takes no columns", s, name)
	}
	return spec, nil
}

// CheckVcovs checks, before fitting, that each variance estimator of
// vcovs parses (ParseVcov) and suits the fit: a Firth fit (firth) offers
// classical and profile inference only, profile inference needs a Firth
// fit, and average marginal effects (margins) have no profile inference.
func CheckVcovs(vcovs []string, firth, margins bool) error {
	for _, v := range vcovs {
		spec, err := ParseVcov(v)
		if err != nil {
			return err
		}
		switch {
		case firth && spec.Kind != Classical && spec.Kind != Profile:
			return fmt.Errorf("glm: variance %q: Firth fits offer classical and profile inference only", v)
		case !firth && spec.Kind == Profile:
			return fmt.Errorf("glm: %q (profile penalised-likelihood inference) needs a Firth fit", v)
		case margins && spec.Kind == Profile:
			return fmt.Errorf("glm: %q: profile inference does not apply to average marginal effects", v)
		}
	}
	return nil
}

// Vcov returns the variance-covariance matrix of the coefficients under
// the estimator spec (see ParseVcov). With A = X'WX (the working weights
// of the last IRLS iteration, as R's summary.glm) and score contributions
// s_i = x_i w_i r_i (r the working residual, so s_i = x_i (y_i - mu_i) for
// canonical links; R's sandwich::estfun without the dispersion, which
// cancels), the estimators are:
//
//   - classical: phi A^-1, phi the dispersion (R's vcov(fit)).
//   - hc0, hc1: A^-1 (sum_i s_i s_i') A^-1, times n/(n-k) for hc1
//     (sandwich::vcovHC(fit, type = "HC0"/"HC1")).
//   - cluster:A: A^-1 (G/(G-1) sum_g S_g S_g') A^-1 with S_g the sum of s_i
//     over cluster g and G the number of clusters. This equals
//     sandwich::vcovCL(fit, cluster = ~A) with its defaults for a glm
//     object: type "HC0" (no (n-1)/(n-k) factor, which vcovCL applies only
//     to lm objects, whose default type is HC1) and cadjust = TRUE.
//   - cluster:A,B: Cameron, Gelbach and Miller (2011) multiway clustering
//     by inclusion-exclusion, as vcovCL(fit, cluster = ~A + B): the sum of
//     the one-way meats for A and for B minus the meat for the
//     intersection A x B (clusters of rows sharing both A and B), each
//     with its own G/(G-1), and no eigenvalue fix (vcovCL's fix = FALSE),
//     so the result can fail to be positive semi-definite (see
//     NegativeVarianceError). More columns extend the
//     inclusion-exclusion as vcovCL does.
//   - dyadic:A,B: Aronow, Samii and Assenova (2015, "Cluster-robust
//     variance estimation for dyadic data", Political Analysis 23(4)),
//     where rows are dyads (or dyad-years) with members in columns A and
//     B: the meat sums s_i s_j' over all ordered pairs of rows (i, j),
//     i = j included, that share at least one member. It is computed as
//     sum_m S_m S_m' - sum_d S_d S_d', where S_m sums s_i over the rows in
//     which state m is a member (in either column) and S_d sums s_i over
//     the rows of unordered dyad d = {a, b}: a pair of rows sharing one
//     member is counted once by the first sum and not by the second; a
//     pair sharing both members (the same dyad, including i = j, and
//     (a,b) with (b,a) in directed data) is counted twice by the first
//     and once by the second. So each row's own s_i s_i' is counted
//     exactly once and no further correction is needed. The bread is
//     A^-1 as above and there is no small-sample adjustment. Rows with
//     the same member in both columns are an error. Time plays no role:
//     rows of different years that share a member are correlated.
//
// Cluster and member columns are read from the fitted rows of m.Data and
// may be int, string or bool; a missing value there is an error (R's
// vcovCL refuses NA clusters too).
func (m *Model) Vcov(spec string) (*mat.SymDense, error) {
	s, err := ParseVcov(spec)
	if err != nil {
		return nil, err
	}
	return m.vcov(s)
}

func (m *Model) vcov(s VcovSpec) (*mat.SymDense, error) {
	p := len(m.Coef)
	n := m.NObs
	if s.Kind == Profile {
		return nil, fmt.Errorf("glm: %q is not a variance estimator: profile inference is available in Coefficients for Firth fits", s.Text)
	}
	if m.firth != nil && s.Kind != Classical {
		return nil, fmt.Errorf("glm: variance %q: Firth fits offer classical (Wald) and profile inference only", s.Text)
	}
	if s.Kind == Classical {
		out := mat.NewSymDense(p, nil)
		out.ScaleSym(m.Dispersion, m.xtwxInv)
		return out, nil
	}
	meat := make([]float64, p*p)
	switch s.Kind {
	case HC0, HC1:
		m.meatSingles(meat, 1)
		if s.Kind == HC1 {
			scaleUpper(meat, p, float64(n)/float64(n-p))
		}
	case Cluster:
		ids := make([][]int32, len(s.Columns))
		for j, c := range s.Columns {
			g, _, err := m.groups(c)
			if err != nil {
				return nil, fmt.Errorf("glm: variance %q: %v", s.Text, err)
			}
			ids[j] = g
		}
		// Inclusion-exclusion over the non-empty subsets of the columns.
		nc := len(ids)
		for mask := 1; mask < 1<<nc; mask++ {
			var sub [][]int32
			for j := 0; j < nc; j++ {
				if mask&(1<<j) != 0 {
					sub = append(sub, ids[j])
				}
			}
			g, G := intersect(sub)
			sign := 1.0
			if len(sub)%2 == 0 {
				sign = -1
			}
			if G < 2 {
				return nil, fmt.Errorf("glm: variance %q: only %d cluster(s); at least 2 needed", s.Text, G)
			}
			adj := sign * float64(G) / float64(G-1)
			if G == n {
				m.meatSingles(meat, adj)
			} else {
				m.meatGroups(meat, [][]int32{g}, G, adj)
			}
		}
	case Dyadic:
		a, b, G, err := m.members(s.Columns[0], s.Columns[1])
		if err != nil {
			return nil, fmt.Errorf("glm: variance %q: %v", s.Text, err)
		}
		m.meatGroups(meat, [][]int32{a, b}, G, 1)
		dy := make([]int32, n)
		key := make(map[uint64]int32)
		for i := range a {
			lo, hi := a[i], b[i]
			if lo > hi {
				lo, hi = hi, lo
			}
			k := uint64(lo)<<32 | uint64(hi)
			id, ok := key[k]
			if !ok {
				id = int32(len(key))
				key[k] = id
			}
			dy[i] = id
		}
		m.meatGroups(meat, [][]int32{dy}, len(key), -1)
	}
	// V = A^-1 M A^-1.
	mm := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			mm.SetSym(i, j, meat[i*p+j])
		}
	}
	var t1 mat.Dense
	t1.Mul(m.xtwxInv, mm)
	var t2 mat.Dense
	t2.Mul(&t1, m.xtwxInv)
	out := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			out.SetSym(i, j, (t2.At(i, j)+t2.At(j, i))/2)
		}
	}
	var neg []string
	for j := 0; j < p; j++ {
		if v := out.At(j, j); !(v >= 0) {
			neg = append(neg, m.Names[j])
		}
	}
	if neg != nil {
		return out, &NegativeVarianceError{Vcov: s.Text, Terms: neg}
	}
	return out, nil
}

// NegativeVarianceError reports a variance matrix with negative diagonal
// elements, which multiway clustering by inclusion-exclusion can produce
// (typically for terms that vary only across the clusters of one
// dimension, as year effects under clustering by year). Vcov returns the
// matrix together with this error; Coefficients and Margins report those
// terms' standard errors, statistics, p-values and intervals as missing
// (R's vcovCL gives NaN for them) and record a warning.
type NegativeVarianceError struct {
	Vcov  string
	Terms []string
}

func (e *NegativeVarianceError) Error() string {
	return fmt.Sprintf("glm: variance %q: negative variance for %s: multiway clustering by inclusion-exclusion is not guaranteed positive semi-definite (R's vcovCL gives NaN standard errors; its fix = TRUE clips negative eigenvalues)", e.Vcov, strings.Join(e.Terms, ", "))
}

func scaleUpper(a []float64, p int, f float64) {
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			a[i*p+j] *= f
		}
	}
}

// meatSingles adds adj * sum_i s_i s_i' to the upper triangle of meat.
func (m *Model) meatSingles(meat []float64, adj float64) {
	d := m.Design
	p := len(m.Coef)
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for i := 0; i < m.NObs; i++ {
		k := d.Row(i, idx, val)
		wr := m.wres[i]
		f := adj * wr * wr
		for s := 0; s < k; s++ {
			fs := f * val[s]
			row := idx[s] * p
			for t := s; t < k; t++ {
				meat[row+idx[t]] += fs * val[t]
			}
		}
	}
}

// meatGroups adds adj * sum_g S_g S_g' to the upper triangle of meat,
// where row i belongs to group ids[c][i] for every c (a row in several
// groups through different c, as a dyad in the groups of its two members,
// adds to each) and S_g = sum of s_i over the rows of group g. Groups are
// visited in id order and rows in row order, so the result does not
// depend on scheduling.
func (m *Model) meatGroups(meat []float64, ids [][]int32, G int, adj float64) {
	d := m.Design
	p := len(m.Coef)
	n := m.NObs
	// Counting sort of (group, row) memberships by group.
	start := make([]int, G+1)
	for _, g := range ids {
		for _, v := range g {
			start[v+1]++
		}
	}
	for j := 0; j < G; j++ {
		start[j+1] += start[j]
	}
	rows := make([]int32, start[G])
	pos := append([]int(nil), start[:G]...)
	for i := 0; i < n; i++ {
		for _, g := range ids {
			v := g[i]
			rows[pos[v]] = int32(i)
			pos[v]++
		}
	}
	sum := make([]float64, p)
	touched := make([]bool, p)
	var list []int
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for g := 0; g < G; g++ {
		list = list[:0]
		for _, i := range rows[start[g]:start[g+1]] {
			k := d.Row(int(i), idx, val)
			wr := m.wres[i]
			for s := 0; s < k; s++ {
				c := idx[s]
				if !touched[c] {
					touched[c] = true
					list = append(list, c)
				}
				sum[c] += wr * val[s]
			}
		}
		sort.Ints(list)
		for a, ca := range list {
			fa := adj * sum[ca]
			row := ca * p
			for _, cb := range list[a:] {
				meat[row+cb] += fa * sum[cb]
			}
		}
		for _, c := range list {
			sum[c] = 0
			touched[c] = false
		}
	}
}

// groups returns the cluster id (0..G-1, in sorted order of the values) of
// each fitted row for column name.
func (m *Model) groups(name string) ([]int32, int, error) {
	c, err := m.Data.MustCol(name)
	if err != nil {
		return nil, 0, err
	}
	keys, err := columnKeys(c, m.Design.Rows)
	if err != nil {
		return nil, 0, err
	}
	return factorize(keys)
}

// members returns the member ids of the rows in columns a and b, in one
// id space (the union of the values of both columns).
func (m *Model) members(a, b string) ([]int32, []int32, int, error) {
	ca, err := m.Data.MustCol(a)
	if err != nil {
		return nil, nil, 0, err
	}
	cb, err := m.Data.MustCol(b)
	if err != nil {
		return nil, nil, 0, err
	}
	if ca.Type != cb.Type {
		return nil, nil, 0, fmt.Errorf("member columns %q (%s) and %q (%s) differ in type", a, ca.Type, b, cb.Type)
	}
	ka, err := columnKeys(ca, m.Design.Rows)
	if err != nil {
		return nil, nil, 0, err
	}
	kb, err := columnKeys(cb, m.Design.Rows)
	if err != nil {
		return nil, nil, 0, err
	}
	n := len(ka)
	ids, G, err := factorize(append(append([]key(nil), ka...), kb...))
	if err != nil {
		return nil, nil, 0, err
	}
	ia, ib := ids[:n], ids[n:]
	for i := 0; i < n; i++ {
		if ia[i] == ib[i] {
			return nil, nil, 0, fmt.Errorf("data row %d has the same member in %q and %q; dyadic data need two distinct members", m.Design.Rows[i]+1, a, b)
		}
	}
	return ia, ib, G, nil
}

// key is a cluster value: an int or a string.
type key struct {
	i int64
	s string
}

func columnKeys(c *table.Column, rows []int) ([]key, error) {
	out := make([]key, len(rows))
	nmiss := 0
	first := -1
	for j, r := range rows {
		if c.IsMissing(r) {
			if first < 0 {
				first = r
			}
			nmiss++
			continue
		}
		switch c.Type {
		case table.Int:
			out[j].i = c.Ints[r]
		case table.String:
			out[j].s = c.Strings[r]
		case table.Bool:
			if c.Bools[r] {
				out[j].i = 1
			}
		case table.Float:
			v := c.Floats[r]
			if math.IsNaN(v) {
				if first < 0 {
					first = r
				}
				nmiss++
				continue
			}
			out[j].s = table.FormatFloat(v)
		}
	}
	if nmiss > 0 {
		return nil, fmt.Errorf("column %q is missing in %d of the rows used (first at data row %d); clusters must be known for every row: drop those rows before fitting", c.Name, nmiss, first+1)
	}
	return out, nil
}

// factorize maps keys to ids 0..G-1 in sorted key order.
func factorize(keys []key) ([]int32, int, error) {
	// Distinct keys by first appearance, then sorted; ints and strings are
	// kept in separate maps so that int keys hash fast.
	ints := make(map[int64]int32)
	strs := make(map[string]int32)
	var u []key
	for _, k := range keys {
		if k.s == "" {
			if _, ok := ints[k.i]; !ok {
				ints[k.i] = 0
				u = append(u, k)
			}
		} else if _, ok := strs[k.s]; !ok {
			strs[k.s] = 0
			u = append(u, k)
		}
	}
	sort.Slice(u, func(a, b int) bool {
		if u[a].i != u[b].i {
			return u[a].i < u[b].i
		}
		return u[a].s < u[b].s
	})
	for j, k := range u {
		if k.s == "" {
			ints[k.i] = int32(j)
		} else {
			strs[k.s] = int32(j)
		}
	}
	out := make([]int32, len(keys))
	for i, k := range keys {
		if k.s == "" {
			out[i] = ints[k.i]
		} else {
			out[i] = strs[k.s]
		}
	}
	return out, len(u), nil
}

// intersect returns the ids of the intersections of the groupings in sub
// (ids by first appearance) and their number.
func intersect(sub [][]int32) ([]int32, int) {
	if len(sub) == 1 {
		g := sub[0]
		G := 0
		for _, v := range g {
			if int(v)+1 > G {
				G = int(v) + 1
			}
		}
		return g, G
	}
	n := len(sub[0])
	out := make([]int32, n)
	id := make(map[string]int32)
	buf := make([]byte, 4*len(sub))
	for i := 0; i < n; i++ {
		for j, g := range sub {
			v := g[i]
			buf[4*j], buf[4*j+1], buf[4*j+2], buf[4*j+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		}
		k, ok := id[string(buf)]
		if !ok {
			k = int32(len(id))
			id[string(buf)] = k
		}
		out[i] = k
	}
	return out, len(id)
}
