package qap

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

// Model is the regression fitted to the network cells.
type Model uint8

const (
	// Linear is least squares, as sna's netlm.
	Linear Model = iota + 1
	// Logit is logistic regression, as sna's netlogit; y must be 0/1.
	Logit
)

func (m Model) String() string {
	switch m {
	case Linear:
		return "linear"
	case Logit:
		return "logit"
	}
	return fmt.Sprintf("Model(%d)", uint8(m))
}

// Null is the permutation scheme of the null hypothesis.
type Null uint8

const (
	// YPerm permutes the rows and columns of y (sna's nullhyp = "qapy").
	YPerm Null = iota + 1
	// DSP is Dekker, Krackhardt and Snijders' (2007) double semi-partialling
	// (sna's "qapspp", also its default "qap"): for each term, the
	// residuals of that regressor on the others are permuted.
	DSP
)

func (n Null) String() string {
	switch n {
	case YPerm:
		return "yperm"
	case DSP:
		return "dsp"
	}
	return fmt.Sprintf("Null(%d)", uint8(n))
}

// ParseNull parses "yperm" (or "qapy") and "dsp" (or "qapspp", "qap").
func ParseNull(s string) (Null, error) {
	switch s {
	case "yperm", "qapy":
		return YPerm, nil
	case "dsp", "qapspp", "qap":
		return DSP, nil
	}
	return 0, fmt.Errorf("qap: unknown null hypothesis %q (known: yperm, dsp)", s)
}

// Options configure Regress.
type Options struct {
	Model    Model // Linear or Logit
	Null     Null  // YPerm or DSP
	Directed bool  // use all off-diagonal cells; otherwise only i > j (see the package doc)
	// NoIntercept omits the intercept (sna's intercept = FALSE).
	NoIntercept bool
	Perms       int    // number of permutations (sna's reps); must be positive
	Seed        uint64 // permutation p uses a PCG seeded with (Seed, p)
	// Beta makes the test statistic the coefficient itself instead of the
	// t value (Linear) or z value (Logit), sna's test.statistic = "beta".
	Beta bool
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The result
	// does not depend on it.
	Workers int
	// Progress, if not nil, is called after each permutation with the
	// number done so far and the total (Perms times the number of
	// permuted fits per permutation: 1 for YPerm, the number of terms for
	// DSP). Calls are serialised and done increases by one each time.
	Progress func(done, total int)
}

// Result is the outcome of a QAP regression.
type Result struct {
	Terms     []string  // "(Intercept)", then the regressors' names
	Coef      []float64 // estimates on the observed network
	Stat      []float64 // observed test statistics (t, z or the coefficient)
	PTwoSided []float64 // share of permuted |statistic| >= |observed|
	PGreater  []float64 // share of permuted statistic >= observed
	PLess     []float64 // share of permuted statistic <= observed
	Perms     int
	N         int         // number of cells used
	Warnings  []string    // e.g. permutation fits that did not converge
	Dist      [][]float64 // Dist[p][j]: statistic of term j in permutation p
	Options   Options     // the options used (Progress cleared)
	Statistic string      // "t", "z" or "beta"
}

// Regress regresses the network y on the networks xs (all n x n, nodes in
// the same order) by QAP. See the package documentation for the cells
// used, the permutation schemes and how p-values are computed.
func Regress(y *mat.Dense, xs []*mat.Dense, names []string, opt Options) (*Result, error) {
	if opt.Model != Linear && opt.Model != Logit {
		return nil, fmt.Errorf("qap: model must be Linear or Logit")
	}
	if opt.Null != YPerm && opt.Null != DSP {
		return nil, fmt.Errorf("qap: null hypothesis must be YPerm or DSP")
	}
	if opt.Perms < 1 {
		return nil, fmt.Errorf("qap: %d permutations; at least 1 needed", opt.Perms)
	}
	if len(names) != len(xs) {
		return nil, fmt.Errorf("qap: %d names for %d regressors", len(names), len(xs))
	}
	nn, nc := y.Dims()
	if nn != nc {
		return nil, fmt.Errorf("qap: y is %d x %d, not square", nn, nc)
	}
	if nn < 3 {
		return nil, fmt.Errorf("qap: %d nodes; at least 3 needed", nn)
	}
	for j, x := range xs {
		if r, c := x.Dims(); r != nn || c != nn {
			return nil, fmt.Errorf("qap: %s is %d x %d; y is %d x %d", names[j], r, c, nn, nn)
		}
	}
	cells := cellIndex(nn, opt.Directed)
	// Full column list: intercept (a matrix of ones) then the xs.
	var mats []*mat.Dense
	var terms []string
	if !opt.NoIntercept {
		ones := mat.NewDense(nn, nn, nil)
		for i := 0; i < nn; i++ {
			for j := 0; j < nn; j++ {
				ones.Set(i, j, 1)
			}
		}
		mats = append(mats, ones)
		terms = append(terms, "(Intercept)")
	}
	mats = append(mats, xs...)
	terms = append(terms, names...)
	k := len(mats)
	if k == 0 {
		return nil, fmt.Errorf("qap: no regressors")
	}
	if len(cells) <= k {
		return nil, fmt.Errorf("qap: %d cells for %d coefficients", len(cells), k)
	}
	yv, err := vectorize(y, cells, "y")
	if err != nil {
		return nil, err
	}
	if opt.Model == Logit {
		for _, v := range yv {
			if v != 0 && v != 1 {
				return nil, fmt.Errorf("qap: logit needs a 0/1 network y; found %g", v)
			}
		}
	}
	cols := make([][]float64, k)
	for j, m := range mats {
		if cols[j], err = vectorize(m, cells, terms[j]); err != nil {
			return nil, err
		}
	}
	fit := ols
	if opt.Model == Logit {
		fit = func(d *design, _ []float64) (*fitResult, error) { return logit(d) }
	}
	obs, err := fit(&design{x: cols, y: yv}, nil)
	if err != nil {
		return nil, fmt.Errorf("qap: observed network: %v", err)
	}
	stat := func(f *fitResult, j int) float64 {
		if opt.Beta {
			return f.coef[j]
		}
		return f.stat[j]
	}
	res := &Result{Terms: terms, Coef: obs.coef, Stat: make([]float64, k), Perms: opt.Perms, N: len(cells), Options: opt}
	res.Options.Progress = nil
	switch {
	case opt.Beta:
		res.Statistic = "beta"
	case opt.Model == Logit:
		res.Statistic = "z"
	default:
		res.Statistic = "t"
	}
	for j := range terms {
		res.Stat[j] = stat(obs, j)
	}
	if !obs.converged {
		res.Warnings = append(res.Warnings, "the fit on the observed network did not converge in 25 iterations")
	}
	if opt.Model == Logit {
		if c := boundaryFits(&design{x: cols, y: yv}, obs.coef); c > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("fitted probabilities numerically 0 or 1 occurred on the observed network (%d of %d cells): y is (quasi-)separated by the regressors, and the estimates and their statistics are not meaningful", c, len(yv)))
		}
	}

	// The jobs: YPerm refits the whole model once per permutation; DSP
	// refits, per term j, y on the other columns plus the permuted
	// residual of column j on the others (last).
	jobs := make([]*job, 0, k)
	switch opt.Null {
	case YPerm:
		jb := &job{resid: rawCopy(y)}
		if opt.Model == Logit {
			jb.setupYPerm(cols, yv, !opt.NoIntercept)
		}
		jobs = append(jobs, jb)
	case DSP:
		for j := 0; j < k; j++ {
			var others [][]float64
			var oi []int
			for i := 0; i < k; i++ {
				if i != j {
					others = append(others, cols[i])
					oi = append(oi, i)
				}
			}
			e := make([]float64, len(cells))
			if len(others) == 0 {
				copy(e, cols[j])
			} else if _, err := ols(&design{x: others, y: cols[j]}, e); err != nil {
				return nil, fmt.Errorf("qap: regressing %s on the other terms: %v", terms[j], err)
			}
			rm := mat.DenseCopyOf(mats[j])
			for c, cell := range cells {
				rm.Set(cell.i, cell.j, e[c])
				if !opt.Directed {
					rm.Set(cell.j, cell.i, e[c])
				}
			}
			jb := &job{others: oi, resid: rawCopy(rm)}
			if opt.Model == Logit {
				if err := jb.setupDSP(others, yv); err != nil {
					return nil, fmt.Errorf("qap: fit without %s: %v", terms[j], err)
				}
			}
			jobs = append(jobs, jb)
		}
	}
	total := opt.Perms * len(jobs)
	res.Dist = make([][]float64, opt.Perms)
	for p := range res.Dist {
		res.Dist[p] = make([]float64, k)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, total)
	var next, done atomic.Int64
	var mu sync.Mutex
	var nonconv atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			nc := len(cells)
			perm := make([]int, nn)
			pv := make([]float64, nc)
			x := make([][]float64, 0, k)
			xrows := make([][]float64, len(jobs)) // per job row-major design (DSP: own copy)
			a := make([]float64, k*(k+1)/2)
			b := make([]float64, k)
			beta := make([]float64, k)
			inv := make([]float64, k*k)
			for {
				t := int(next.Add(1) - 1)
				if t >= total {
					return
				}
				p, ji := t/len(jobs), t%len(jobs)
				jb := jobs[ji]
				permutation(opt.Seed, uint64(p), perm)
				// pv[c] = resid[perm[i], perm[j]] for cell c = (i, j): the
				// matrix with rows and columns permuted, as sna's rmperm.
				for c, cell := range cells {
					pv[c] = jb.resid[perm[cell.i]*nn+perm[cell.j]]
				}
				var r *fitResult
				var err error
				switch {
				case opt.Model == Logit && opt.Null == YPerm:
					r, err = jb.yPermFit(pv, a, b, beta, inv)
				case opt.Model == Logit:
					if xrows[ji] == nil {
						xrows[ji] = append([]float64(nil), jb.xrow...)
					}
					r, err = jb.dspFit(xrows[ji], pv, yv, a, b, beta, inv)
				case opt.Null == YPerm:
					r, err = ols(&design{x: cols, y: pv}, nil)
				default:
					x = x[:0]
					for _, i := range jb.others {
						x = append(x, cols[i])
					}
					x = append(x, pv)
					r, err = ols(&design{x: x, y: yv}, nil)
				}
				if err != nil {
					errs[w] = fmt.Errorf("qap: permutation %d: %v", p, err)
					next.Store(int64(total)) // stop the others
					return
				}
				if !r.converged {
					nonconv.Add(1)
				}
				if opt.Null == YPerm {
					for j := 0; j < k; j++ {
						res.Dist[p][j] = stat(r, j)
					}
				} else {
					res.Dist[p][ji] = stat(r, len(jb.others))
				}
				if opt.Progress != nil {
					mu.Lock()
					opt.Progress(int(done.Add(1)), total)
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if c := nonconv.Load(); c > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d of %d permutation fits did not converge in 25 iterations (their statistics are used as they are, as sna does)", c, total))
	}
	// p-values, reduced in permutation order.
	res.PTwoSided = make([]float64, k)
	res.PGreater = make([]float64, k)
	res.PLess = make([]float64, k)
	for j := 0; j < k; j++ {
		var ge, le, abs int
		for p := 0; p < opt.Perms; p++ {
			v := res.Dist[p][j]
			if v >= res.Stat[j] {
				ge++
			}
			if v <= res.Stat[j] {
				le++
			}
			if math.Abs(v) >= math.Abs(res.Stat[j]) {
				abs++
			}
		}
		res.PGreater[j] = float64(ge) / float64(opt.Perms)
		res.PLess[j] = float64(le) / float64(opt.Perms)
		res.PTwoSided[j] = float64(abs) / float64(opt.Perms)
	}
	return res, nil
}

// Table returns the result as a table with columns term, estimate,
// statistic (the observed test statistic), p_two_sided, p_greater, p_less
// and perms, "(Intercept)" first, and metadata recording the model, null
// hypothesis, cells, seed, statistic and any warnings.
func (r *Result) Table() *table.Table {
	perms := make([]int64, len(r.Terms))
	for i := range perms {
		perms[i] = int64(r.Perms)
	}
	t := table.New(
		table.NewString("term", append([]string(nil), r.Terms...)),
		table.NewFloat("estimate", append([]float64(nil), r.Coef...)),
		table.NewFloat("statistic", append([]float64(nil), r.Stat...)),
		table.NewFloat("p_two_sided", append([]float64(nil), r.PTwoSided...)),
		table.NewFloat("p_greater", append([]float64(nil), r.PGreater...)),
		table.NewFloat("p_less", append([]float64(nil), r.PLess...)),
		table.NewInt("perms", perms),
	)
	t.SetMeta("model", r.Options.Model.String())
	t.SetMeta("null", r.Options.Null.String())
	t.SetMeta("directed", fmt.Sprint(r.Options.Directed))
	t.SetMeta("cells", fmt.Sprint(r.N))
	t.SetMeta("seed", fmt.Sprint(r.Options.Seed))
	t.SetMeta("statistic", r.Statistic)
	if len(r.Warnings) > 0 {
		t.SetMeta("warnings", strings.Join(r.Warnings, "; "))
	}
	return t
}

// job is one kind of permutation fit, with what logit fits precompute.
type job struct {
	others []int     // DSP: columns kept as they are, in order
	resid  []float64 // the matrix to permute (y for YPerm), row-major

	// Logit permutation fits start from beta0, where mu0 and w0 (per cell;
	// constant for YPerm) hold mu and mu(1-mu); a0 and b0 are the parts
	// of the first step's X'WX (packed) and X'(y - mu) that do not depend
	// on the permutation; xrow is the design, row-major, with the permuted
	// column (DSP) last and zero.
	beta0   []float64
	mu0, w0 []float64
	a0, b0  []float64
	scale   float64 // |deviance at beta0| + 0.1
	xrow    []float64
	k       int
	yMean   float64 // YPerm
}

func rawCopy(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

func rowMajor(cols [][]float64, k int) []float64 {
	n := len(cols[0])
	x := make([]float64, n*k)
	for j, c := range cols {
		for i, v := range c {
			x[i*k+j] = v
		}
	}
	return x
}

// setupDSP prepares the logit fits of y on others plus a permuted column:
// they start from the fit without that column (coefficient 0), so the
// first step's weights are the same for every permutation.
func (jb *job) setupDSP(others [][]float64, y []float64) error {
	k := len(others) + 1
	n := len(y)
	jb.k = k
	jb.beta0 = make([]float64, k)
	eta := make([]float64, n)
	if len(others) > 0 {
		r0, err := logit(&design{x: others, y: y})
		if err != nil {
			return err
		}
		copy(jb.beta0, r0.coef)
		linpred(&design{x: others, y: y}, r0.coef, eta)
	}
	jb.mu0 = make([]float64, n)
	jb.w0 = make([]float64, n)
	for i, e := range eta {
		jb.mu0[i], jb.w0[i] = logistic(e)
	}
	jb.scale = math.Abs(binDev(y, eta)) + 0.1
	jb.xrow = rowMajor(append(append([][]float64(nil), others...), make([]float64, n)), k)
	jb.a0 = make([]float64, k*(k+1)/2)
	jb.b0 = make([]float64, k)
	for i := 0; i < n; i++ {
		xi := jb.xrow[i*k : i*k+k-1]
		r := y[i] - jb.mu0[i]
		for p, xp := range xi {
			jb.b0[p] += r * xp
			wp := jb.w0[i] * xp
			for q := p; q < k-1; q++ {
				jb.a0[packedIdx(p, q, k)] += wp * xi[q]
			}
		}
	}
	return nil
}

// dspFit fits y on the other columns and the permuted residual e.
func (jb *job) dspFit(x, e, y, a, b, beta, inv []float64) (*fitResult, error) {
	k := jb.k
	copy(a, jb.a0)
	copy(b, jb.b0)
	copy(beta, jb.beta0)
	last := k - 1
	col := make([]float64, k) // A[., last]
	var bl float64
	for i, v := range e {
		xi := x[i*k : i*k+k : i*k+k]
		xi[last] = v
		t := jb.w0[i] * v
		for p := 0; p < last; p++ {
			col[p] += t * xi[p]
		}
		col[last] += t * v
		bl += v * (y[i] - jb.mu0[i])
	}
	for p := 0; p < k; p++ {
		a[packedIdx(p, last, k)] = col[p]
	}
	b[last] = bl
	return logitPerm(x, k, y, beta, a, b, jb.scale, inv)
}

// setupYPerm prepares the logit fits of a permuted y on all columns: they
// start from the intercept-only fit (or 0 without an intercept), whose mu
// is the same for every permutation of y.
func (jb *job) setupYPerm(cols [][]float64, y []float64, intercept bool) {
	k := len(cols)
	n := len(y)
	jb.k = k
	jb.beta0 = make([]float64, k)
	m := 0.5
	if intercept {
		var s float64
		for _, v := range y {
			s += v
		}
		m = s / float64(n)
		jb.beta0[0] = math.Log(m / (1 - m))
	}
	jb.yMean = m
	eta := make([]float64, n)
	linpred(&design{x: cols, y: y}, jb.beta0, eta)
	jb.scale = math.Abs(binDev(y, eta)) + 0.1
	jb.xrow = rowMajor(cols, k)
	jb.a0 = make([]float64, k*(k+1)/2)
	w := m * (1 - m)
	for i := 0; i < n; i++ {
		xi := jb.xrow[i*k : i*k+k]
		for p, xp := range xi {
			for q := p; q < k; q++ {
				jb.a0[packedIdx(p, q, k)] += w * xp * xi[q]
			}
		}
	}
}

// yPermFit fits the permuted y on all columns.
func (jb *job) yPermFit(y, a, b, beta, inv []float64) (*fitResult, error) {
	k := jb.k
	copy(a, jb.a0)
	copy(beta, jb.beta0)
	clear(b)
	for i, v := range y {
		r := v - jb.yMean
		if r == 0 {
			continue
		}
		xi := jb.xrow[i*k : i*k+k]
		for p, xp := range xi {
			b[p] += r * xp
		}
	}
	return logitPerm(jb.xrow, k, y, beta, a, b, jb.scale, inv)
}

type cell struct{ i, j int }

// cellIndex lists the cells used, in sna's order (column-major): all
// i != j when directed (mode = "digraph"), i > j otherwise (mode =
// "graph": the lower triangle).
func cellIndex(n int, directed bool) []cell {
	var out []cell
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			if i == j || (!directed && i < j) {
				continue
			}
			out = append(out, cell{i, j})
		}
	}
	return out
}

func vectorize(m *mat.Dense, cells []cell, name string) ([]float64, error) {
	out := make([]float64, len(cells))
	for c, cl := range cells {
		v := m.At(cl.i, cl.j)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("qap: %s is missing or infinite at cell (%d, %d); QAP needs complete networks", name, cl.i+1, cl.j+1)
		}
		out[c] = v
	}
	return out, nil
}
