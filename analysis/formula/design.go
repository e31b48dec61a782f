package formula

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

// MaxColumns bounds the number of design columns: models keep the k x k
// cross-product matrix dense.
const MaxColumns = 4000

// AliasTol is the collinearity threshold: a column whose 1 - R^2 on the
// preceding columns is below AliasTol is aliased. See the package doc.
const AliasTol = 1e-10

// Design is the design matrix of a formula on a table, held by term rather
// than as a dense n x p matrix: numeric terms as one value per row, factor
// terms as one column index per row (with a value when numeric variables
// are interacted with the factor). Row returns a row's nonzero entries.
type Design struct {
	Formula  *Formula
	Names    []string  // column names, as R names them
	Assign   []int     // per column, the index of its term in Formula.Terms; -1 for (Intercept)
	Y        []float64 // the response, one value per row used
	Rows     []int     // 0-based indices of the table rows used
	NDropped int       // rows dropped because a used column was missing there

	intercept bool
	vars      []varData
	terms     []termData
}

type varData struct {
	Var
	x      []float64 // Numeric: the values; Log: log of the values
	raw    []float64 // Log: the values before the logarithm
	level  []int32   // Factor: 0-based level of each row
	levels []string  // Factor: level labels in order
	isBool bool
}

type termData struct {
	first, ncol int
	value       []float64 // product of the term's numeric variables; nil if none
	index       []int32   // column within the term, -1 for none; nil if no factor
	numVars     []int     // numeric and log variables of the term
	facVars     []int     // factor variables of the term, formula order
	contrast    []bool    // per facVars: treatment contrasts (true) or indicators
	stride      []int     // per facVars
}

// N returns the number of rows used.
func (d *Design) N() int { return len(d.Y) }

// NumCols returns the number of design columns.
func (d *Design) NumCols() int { return len(d.Names) }

// Intercept reports whether the first column is the intercept.
func (d *Design) Intercept() bool { return d.intercept }

// MaxNonzero returns the largest number of entries Row can return.
func (d *Design) MaxNonzero() int {
	n := len(d.terms)
	if d.intercept {
		n++
	}
	return n
}

// Row writes the nonzero entries of row i (column index, value) into idx
// and val, which must have MaxNonzero entries, and returns their number.
// Entries come in increasing column order. An entry's value may be zero
// (a numeric variable that is zero in that row).
func (d *Design) Row(i int, idx []int, val []float64) int {
	n := 0
	if d.intercept {
		idx[0], val[0] = 0, 1
		n = 1
	}
	for t := range d.terms {
		td := &d.terms[t]
		c := td.first
		if td.index != nil {
			k := td.index[i]
			if k < 0 {
				continue
			}
			c += int(k)
		}
		v := 1.0
		if td.value != nil {
			v = td.value[i]
		}
		idx[n], val[n] = c, v
		n++
	}
	return n
}

// Dense returns the design as a dense n x p matrix; for tests and small
// problems.
func (d *Design) Dense() *mat.Dense {
	n, p := d.N(), d.NumCols()
	x := mat.NewDense(n, p, nil)
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for i := 0; i < n; i++ {
		m := d.Row(i, idx, val)
		for j := 0; j < m; j++ {
			x.Set(i, idx[j], val[j])
		}
	}
	return x
}

// Column returns the table column read by the formula variable with the
// given label (e.g. "factor(year)"), or "" if there is none.
func (d *Design) Column(label string) string {
	for _, v := range d.vars {
		if v.Label == label {
			return v.Column
		}
	}
	return ""
}

// NumericColumns returns, in formula order, the table columns that enter
// the design as numbers (directly or through log), excluding the
// response: the columns a marginal effect dy/dx is defined for.
func (d *Design) NumericColumns() []string {
	var out []string
	seen := map[string]bool{}
	for i, v := range d.vars {
		if i == d.Formula.Response || v.Kind == Factor || seen[v.Column] || !d.used(i) {
			continue
		}
		seen[v.Column] = true
		out = append(out, v.Column)
	}
	return out
}

// FactorLabels returns, in formula order, the labels of the factor
// variables of the design (factor(col), and bool columns).
func (d *Design) FactorLabels() []string {
	var out []string
	for i, v := range d.vars {
		if i != d.Formula.Response && v.Kind == Factor && d.used(i) {
			out = append(out, v.Label)
		}
	}
	return out
}

// Levels returns the levels of the factor variable with the given label,
// and the prefix R puts before a level in a column name (the label, e.g.
// "factor(year)", or the column name for a bool).
func (d *Design) Levels(label string) []string {
	for _, v := range d.vars {
		if v.Label == label && v.Kind == Factor {
			return v.levels
		}
	}
	return nil
}

func (d *Design) used(v int) bool {
	for _, t := range d.Formula.Terms {
		for _, w := range t.Vars {
			if w == v {
				return true
			}
		}
	}
	return false
}

// Partial returns the design of the partial derivatives of the columns of
// d with respect to the table column col (used as a number): columns not
// involving col are zero; a product of variables is differentiated by the
// product rule, and d log(x)/dx = 1/x. The result has d's columns and
// rows and no intercept. It panics if col is not one of NumericColumns.
func (d *Design) Partial(col string) *Design {
	out := *d
	out.intercept = false
	out.terms = nil
	found := false
	for _, td := range d.terms {
		var inv []int // numeric vars of the term reading col
		for _, v := range td.numVars {
			if d.vars[v].Column == col {
				inv = append(inv, v)
			}
		}
		if len(inv) == 0 {
			continue
		}
		found = true
		n := d.N()
		val := make([]float64, n)
		for i := 0; i < n; i++ {
			var s float64
			for _, v := range inv {
				p := 1.0
				for _, w := range td.numVars {
					if w == v {
						if d.vars[v].Kind == Log {
							p /= d.vars[v].raw[i]
						}
					} else {
						p *= d.vars[w].x[i]
					}
				}
				s += p
			}
			val[i] = s
		}
		nt := td
		nt.value = val
		out.terms = append(out.terms, nt)
	}
	if !found {
		panic(fmt.Sprintf("formula: Partial: %q is not a numeric column of the design", col))
	}
	return &out
}

// AtLevel returns the design with the factor variable label (as in
// FactorLabels) set to its level lev (0-based) in every row: the
// counterfactual design used for discrete-change marginal effects.
func (d *Design) AtLevel(label string, lev int) *Design {
	fv := -1
	for i, v := range d.vars {
		if v.Label == label && v.Kind == Factor {
			fv = i
		}
	}
	if fv < 0 || lev < 0 || lev >= len(d.vars[fv].levels) {
		panic(fmt.Sprintf("formula: AtLevel: no level %d of factor %q", lev, label))
	}
	out := *d
	out.terms = make([]termData, len(d.terms))
	copy(out.terms, d.terms)
	for t := range out.terms {
		td := &out.terms[t]
		has := false
		for _, v := range td.facVars {
			if v == fv {
				has = true
			}
		}
		if !has {
			continue
		}
		td.index = d.termIndex(td, fv, int32(lev))
	}
	return &out
}

// termIndex computes a factor term's column index per row; if fv >= 0,
// variable fv is taken at level lev in every row.
func (d *Design) termIndex(td *termData, fv int, lev int32) []int32 {
	n := d.N()
	idx := make([]int32, n)
	for i := 0; i < n; i++ {
		k := 0
		for j, v := range td.facVars {
			l := int32(0)
			if v == fv {
				l = lev
			} else {
				l = d.vars[v].level[i]
			}
			if td.contrast[j] {
				if l == 0 {
					k = -1
					break
				}
				l--
			}
			k += int(l) * td.stride[j]
		}
		idx[i] = int32(k)
	}
	return idx
}

// DataError is a problem with the data a formula is applied to.
type DataError struct {
	Msg string
}

func (e *DataError) Error() string { return "formula: " + e.Msg }

// CollinearError reports design columns that are linear combinations of
// the columns before them.
type CollinearError struct {
	Aliased []string // the aliased columns, in design order
}

func (e *CollinearError) Error() string {
	return fmt.Sprintf("formula: collinear design: %s %s a linear combination of earlier columns (R would drop %s and report NA); remove %s from the formula",
		strings.Join(e.Aliased, ", "), plural(len(e.Aliased), "is", "are"), plural(len(e.Aliased), "it", "them"), plural(len(e.Aliased), "it", "them"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Build builds the design matrix of f on t. See the package documentation
// for the conventions. Errors name the formula variable and column
// concerned: unknown columns (listing those available), a string column
// used as a number, a log of a non-positive value, an infinite value, a
// factor with a single level, no rows left after dropping missing values,
// and collinear columns (*CollinearError).
func Build(f *Formula, t *table.Table) (*Design, error) {
	d, err := build(f, t)
	if err != nil {
		return nil, err
	}
	if al := d.aliased(); len(al) > 0 {
		return nil, &CollinearError{Aliased: al}
	}
	return d, nil
}

// build is Build without the collinearity check.
func build(f *Formula, t *table.Table) (*Design, error) {
	nr := t.NumRows()
	cols := make([]*table.Column, len(f.Vars))
	vars := make([]varData, len(f.Vars))
	for i, v := range f.Vars {
		c := t.Col(v.Column)
		if c == nil {
			return nil, &DataError{fmt.Sprintf("%s: no column %q in the data (columns: %s)", v.Label, v.Column, strings.Join(t.Names(), ", "))}
		}
		cols[i] = c
		vars[i].Var = v
		switch v.Kind {
		case Numeric, Log:
			switch c.Type {
			case table.Int, table.Float:
			case table.Bool:
				if i == f.Response {
					break // a logical response is 0/1, as in R
				}
				if v.Kind == Log {
					return nil, &DataError{fmt.Sprintf("%s: column %q is bool; log needs a numeric column", v.Label, v.Column)}
				}
				vars[i].Kind = Factor
				vars[i].isBool = true
			default:
				return nil, &DataError{fmt.Sprintf("%s: column %q is %s, not numeric; wrap it in factor() to use it as categories", v.Label, v.Column, c.Type)}
			}
		case Factor:
			if i == f.Response {
				return nil, &DataError{fmt.Sprintf("%s: the response cannot be a factor", v.Label)}
			}
		}
	}
	// Rows used: no used column missing.
	var rows []int
	for r := 0; r < nr; r++ {
		ok := true
		for _, c := range cols {
			if c.IsMissing(r) || (c.Type == table.Float && math.IsNaN(c.Floats[r])) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, &DataError{fmt.Sprintf("no rows left: all %d rows have a missing value in at least one of the columns %s", nr, strings.Join(f.Columns(), ", "))}
	}
	n := len(rows)
	for i := range vars {
		v := &vars[i]
		c := cols[i]
		switch v.Kind {
		case Numeric, Log:
			v.x = make([]float64, n)
			for j, r := range rows {
				x, _ := c.Float64(r)
				if math.IsInf(x, 0) {
					return nil, &DataError{fmt.Sprintf("%s: column %q is infinite at data row %d", v.Label, v.Column, r+1)}
				}
				v.x[j] = x
			}
			if v.Kind == Log {
				v.raw = v.x
				v.x = make([]float64, n)
				for j, x := range v.raw {
					if x <= 0 {
						return nil, &DataError{fmt.Sprintf("%s: column %q is %s at data row %d; log needs positive values", v.Label, v.Column, table.FormatFloat(x), rows[j]+1)}
					}
					v.x[j] = math.Log(x)
				}
			}
		case Factor:
			if err := v.factorize(c, rows); err != nil {
				return nil, err
			}
			if len(v.levels) < 2 && i != f.Response {
				return nil, &DataError{fmt.Sprintf("%s: only one level (%q) in the rows used; a factor needs at least two", v.Label, v.levels[0])}
			}
		}
	}
	d := &Design{Formula: f, Rows: rows, NDropped: nr - n, intercept: f.Intercept, vars: vars}
	d.Y = vars[f.Response].x
	if d.Y == nil { // bool response
		d.Y = make([]float64, n)
		for j, r := range rows {
			d.Y[j], _ = cols[f.Response].Float64(r)
		}
	}
	if d.intercept {
		d.Names = append(d.Names, "(Intercept)")
		d.Assign = append(d.Assign, -1)
	}
	codes := contrastCodes(f, vars)
	for ti, tm := range f.Terms {
		td := termData{first: len(d.Names)}
		// Name parts per variable, in formula order; fac is the index of
		// a factor variable in td.facVars, or -1.
		type part struct {
			names []string
			fac   int
		}
		var parts []part
		for _, v := range tm.Vars {
			vd := &vars[v]
			if vd.Kind != Factor {
				td.numVars = append(td.numVars, v)
				parts = append(parts, part{names: []string{vd.Label}, fac: -1})
				continue
			}
			contrast := codes[ti][v]
			var names []string
			for l, lev := range vd.levels {
				if contrast && l == 0 {
					continue
				}
				names = append(names, vd.Label+lev)
			}
			parts = append(parts, part{names: names, fac: len(td.facVars)})
			td.facVars = append(td.facVars, v)
			td.contrast = append(td.contrast, contrast)
		}
		// Column names: the first factor varies fastest.
		stride := 1
		for j := range td.facVars {
			td.stride = append(td.stride, stride)
			nl := len(vars[td.facVars[j]].levels)
			if td.contrast[j] {
				nl--
			}
			stride *= nl
		}
		td.ncol = stride
		for c := 0; c < td.ncol; c++ {
			name := make([]string, len(parts))
			for k, pt := range parts {
				if pt.fac < 0 {
					name[k] = pt.names[0]
				} else {
					name[k] = pt.names[(c/td.stride[pt.fac])%len(pt.names)]
				}
			}
			d.Names = append(d.Names, strings.Join(name, ":"))
			d.Assign = append(d.Assign, ti)
		}
		if len(td.numVars) > 0 {
			td.value = make([]float64, n)
			for i := range td.value {
				p := 1.0
				for _, v := range td.numVars {
					p *= vars[v].x[i]
				}
				td.value[i] = p
			}
		}
		if len(td.facVars) > 0 {
			td.index = d.termIndex(&td, -1, 0)
		}
		d.terms = append(d.terms, td)
	}
	if len(d.Names) == 0 {
		return nil, &DataError{"the model has no columns (no terms and no intercept)"}
	}
	if len(d.Names) > MaxColumns {
		return nil, &DataError{fmt.Sprintf("the design has %d columns; at most %d are supported", len(d.Names), MaxColumns)}
	}
	return d, nil
}

// contrastCodes returns, per term and variable, whether a factor is coded
// by treatment contrasts (true) or indicators (false), by R's TermCode
// rule plus the no-intercept adjustment of model.matrix.
func contrastCodes(f *Formula, vars []varData) []map[int]bool {
	masks := make([]uint64, len(f.Terms))
	for i, t := range f.Terms {
		for _, v := range t.Vars {
			masks[i] |= 1 << uint(v)
		}
	}
	codes := make([]map[int]bool, len(f.Terms))
	for i, t := range f.Terms {
		codes[i] = map[int]bool{}
		for _, v := range t.Vars {
			rest := masks[i] &^ (1 << uint(v))
			contrast := rest == 0
			for j := 0; j < i && !contrast; j++ {
				if rest&^masks[j] == 0 {
					contrast = true
				}
			}
			codes[i][v] = contrast
		}
	}
	if !f.Intercept {
	outer:
		for i, t := range f.Terms {
			for _, v := range t.Vars {
				if vars[v].Kind == Factor {
					codes[i][v] = false
					break outer
				}
			}
		}
	}
	return codes
}

// factorize sets v.level and v.levels from column c over rows.
func (v *varData) factorize(c *table.Column, rows []int) error {
	n := len(rows)
	v.level = make([]int32, n)
	switch c.Type {
	case table.Bool:
		v.levels = []string{"FALSE", "TRUE"}
		for j, r := range rows {
			if c.Bools[r] {
				v.level[j] = 1
			}
		}
		v.isBool = true
		return nil
	case table.Int:
		seen := map[int64]bool{}
		var u []int64
		for _, r := range rows {
			if x := c.Ints[r]; !seen[x] {
				seen[x] = true
				u = append(u, x)
			}
		}
		sort.Slice(u, func(a, b int) bool { return u[a] < u[b] })
		code := make(map[int64]int32, len(u))
		for k, x := range u {
			code[x] = int32(k)
			v.levels = append(v.levels, strconv.FormatInt(x, 10))
		}
		for j, r := range rows {
			v.level[j] = code[c.Ints[r]]
		}
	case table.Float:
		seen := map[float64]bool{}
		var u []float64
		for _, r := range rows {
			x := c.Floats[r]
			if math.IsInf(x, 0) {
				return &DataError{fmt.Sprintf("%s: column %q is infinite at data row %d", v.Label, v.Column, r+1)}
			}
			if x == 0 {
				x = 0 // fold -0
			}
			if !seen[x] {
				seen[x] = true
				u = append(u, x)
			}
		}
		sort.Float64s(u)
		code := make(map[float64]int32, len(u))
		for k, x := range u {
			code[x] = int32(k)
			v.levels = append(v.levels, RDouble(x))
		}
		for j, r := range rows {
			x := c.Floats[r]
			if x == 0 {
				x = 0
			}
			v.level[j] = code[x]
		}
	case table.String:
		seen := map[string]bool{}
		var u []string
		for _, r := range rows {
			if x := c.Strings[r]; !seen[x] {
				seen[x] = true
				u = append(u, x)
			}
		}
		sort.Strings(u)
		code := make(map[string]int32, len(u))
		for k, x := range u {
			code[x] = int32(k)
		}
		v.levels = u
		for j, r := range rows {
			v.level[j] = code[c.Strings[r]]
		}
	default:
		return &DataError{fmt.Sprintf("%s: column %q has unsupported type %s", v.Label, v.Column, c.Type)}
	}
	return nil
}

// RDouble formats x as R's as.character does for a double: up to 15
// significant digits, in fixed notation unless scientific notation is
// shorter (R's default scipen = 0), e.g. 2001 -> "2001", 1e5 -> "1e+05",
// 0.1 -> "0.1".
func RDouble(x float64) string {
	if x == 0 {
		return "0"
	}
	// Fewest significant digits (at most 15) that represent x to 15 digits.
	s15 := strconv.FormatFloat(x, 'e', 14, 64)
	v15, _ := strconv.ParseFloat(s15, 64)
	digits := 15
	for p := 1; p <= 15; p++ {
		s := strconv.FormatFloat(x, 'e', p-1, 64)
		if w, _ := strconv.ParseFloat(s, 64); w == v15 {
			digits = p
			break
		}
	}
	sci := strconv.FormatFloat(v15, 'e', digits-1, 64)
	// R writes the exponent with at least two digits: 1e+05.
	if k := strings.IndexByte(sci, 'e'); k >= 0 {
		mant, exp := sci[:k], sci[k+1:]
		sign := exp[0]
		e := strings.TrimLeft(exp[1:], "0")
		for len(e) < 2 {
			e = "0" + e
		}
		sci = mant + "e" + string(sign) + e
	}
	fixed := strconv.FormatFloat(v15, 'f', -1, 64)
	if len(fixed) <= len(sci) {
		return fixed
	}
	return sci
}

// aliased returns the names of columns that are (numerically) linear
// combinations of the columns before them, by a Cholesky factorisation of
// the column-equilibrated X'X in column order that skips aliased columns.
func (d *Design) aliased() []string {
	p := d.NumCols()
	g := make([]float64, p*p)
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for i := 0; i < d.N(); i++ {
		m := d.Row(i, idx, val)
		for a := 0; a < m; a++ {
			ra := idx[a] * p
			va := val[a]
			for b := a; b < m; b++ {
				g[ra+idx[b]] += va * val[b]
			}
		}
	}
	return aliasedCols(g, p, d.Names)
}

// aliasedCols runs the skipping Cholesky on the p x p upper triangle g
// (row-major) and returns the names of aliased columns.
func aliasedCols(g []float64, p int, names []string) []string {
	scale := make([]float64, p)
	for j := 0; j < p; j++ {
		if g[j*p+j] > 0 {
			scale[j] = 1 / math.Sqrt(g[j*p+j])
		}
	}
	// l holds the factor's rows for kept columns: r[j][k] for k < j.
	r := make([]float64, p*p)
	keep := make([]bool, p)
	var out []string
	for j := 0; j < p; j++ {
		if scale[j] == 0 {
			out = append(out, names[j])
			continue
		}
		// Solve for column j of R: R[k][j] = (G[k][j] - sum_i R[i][k] R[i][j]) / R[k][k].
		for k := 0; k < j; k++ {
			if !keep[k] {
				continue
			}
			s := g[k*p+j] * scale[k] * scale[j]
			for i := 0; i < k; i++ {
				if keep[i] {
					s -= r[i*p+k] * r[i*p+j]
				}
			}
			r[k*p+j] = s / r[k*p+k]
		}
		s := 1.0
		for i := 0; i < j; i++ {
			if keep[i] {
				s -= r[i*p+j] * r[i*p+j]
			}
		}
		if s < AliasTol {
			out = append(out, names[j])
			continue
		}
		keep[j] = true
		r[j*p+j] = math.Sqrt(s)
	}
	return out
}
