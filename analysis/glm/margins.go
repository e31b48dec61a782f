package glm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/repnet/repnet/internal/table"
)

// mean function F = g^-1 and its first two derivatives, without R's
// numerical clamping (as the margins and marginaleffects packages, which
// call plogis, pnorm and exp).
func (f Family) cdf(eta float64) float64 {
	switch f.Link {
	case "identity":
		return eta
	case "logit":
		return 1 / (1 + math.Exp(-eta))
	case "probit":
		return pnorm(eta)
	case "log":
		return math.Exp(eta)
	}
	panic("glm: bad link " + f.Link)
}

func (f Family) dens(eta float64) float64 {
	switch f.Link {
	case "identity":
		return 1
	case "logit":
		q := 1 / (1 + math.Exp(-eta))
		return q * (1 - q)
	case "probit":
		return dnorm(eta)
	case "log":
		return math.Exp(eta)
	}
	panic("glm: bad link " + f.Link)
}

func (f Family) ddens(eta float64) float64 {
	switch f.Link {
	case "identity":
		return 0
	case "logit":
		q := 1 / (1 + math.Exp(-eta))
		return q * (1 - q) * (1 - 2*q)
	case "probit":
		return -eta * dnorm(eta)
	case "log":
		return math.Exp(eta)
	}
	panic("glm: bad link " + f.Link)
}

// Margins returns the average marginal effects of the model's variables on
// the response scale, E[y] = F(x'b), with delta-method standard errors
// under each variance estimator (as in Coefficients), in a table with
// columns CoefColumns.
//
// For each column used as a number (directly, in interactions or through
// log; NumericColumns of the design) the effect is the average over the
// rows used of the derivative dF(x_i'b)/dx = F'(x_i'b) * d(x_i'b)/dx, where
// d(x_i'b)/dx accounts for every term the column enters (so with x and x:z
// it is b_x + b_xz z_i); the row is named by the column. For each factor
// (and bool) variable and each level but the first, the effect is the
// average discrete change F(x_i'b) with every row set to that level minus
// F(x_i'b) with every row set to the first level; the row is named as the
// level's coefficient (e.g. "factor(year)2002", "bTRUE"). These are the
// "average marginal effects" of R's margins package (Leeper 2017) and
// marginaleffects::avg_slopes, computed here analytically rather than by
// numerical differentiation.
//
// The gradient of an effect with respect to b is, for a derivative,
// mean_i[F”(x_i'b) d_i x_i + F'(x_i'b) dx_i/dx] with d_i = d(x_i'b)/dx,
// and for a discrete change mean_i[F'(x1_i'b) x1_i - F'(x0_i'b) x0_i];
// the standard error is sqrt(grad' V grad). Statistics and intervals use
// the standard normal, as margins does.
func (m *Model) Margins(level float64, vcovs ...string) (*table.Table, error) {
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("glm: confidence level %v is not between 0 and 1", level)
	}
	if len(vcovs) == 0 {
		vcovs = []string{"classical"}
	}
	type effect struct {
		name string
		ame  float64
		grad []float64
	}
	d := m.Design
	fam := m.Family
	p := len(m.Coef)
	n := m.NObs
	var effs []effect
	idx := make([]int, d.MaxNonzero())
	val := make([]float64, d.MaxNonzero())
	for _, col := range d.NumericColumns() {
		pd := d.Partial(col)
		grad := make([]float64, p)
		var ame float64
		for i := 0; i < n; i++ {
			k := pd.Row(i, idx, val)
			var de float64
			for s := 0; s < k; s++ {
				de += m.Coef[idx[s]] * val[s]
			}
			g := fam.dens(m.eta[i])
			ame += g * de
			for s := 0; s < k; s++ {
				grad[idx[s]] += g * val[s]
			}
			h := fam.ddens(m.eta[i]) * de
			k = d.Row(i, idx, val)
			for s := 0; s < k; s++ {
				grad[idx[s]] += h * val[s]
			}
		}
		for j := range grad {
			grad[j] /= float64(n)
		}
		effs = append(effs, effect{col, ame / float64(n), grad})
	}
	for _, label := range d.FactorLabels() {
		levels := d.Levels(label)
		x0 := d.AtLevel(label, 0)
		eta0 := make([]float64, n)
		linpred(x0, m.Coef, eta0, idx, val)
		for l := 1; l < len(levels); l++ {
			x1 := d.AtLevel(label, l)
			grad := make([]float64, p)
			var ame float64
			for i := 0; i < n; i++ {
				k := x1.Row(i, idx, val)
				var e1 float64
				for s := 0; s < k; s++ {
					e1 += m.Coef[idx[s]] * val[s]
				}
				ame += fam.cdf(e1) - fam.cdf(eta0[i])
				g1 := fam.dens(e1)
				for s := 0; s < k; s++ {
					grad[idx[s]] += g1 * val[s]
				}
				g0 := fam.dens(eta0[i])
				k = x0.Row(i, idx, val)
				for s := 0; s < k; s++ {
					grad[idx[s]] -= g0 * val[s]
				}
			}
			for j := range grad {
				grad[j] /= float64(n)
			}
			effs = append(effs, effect{label + levels[l], ame / float64(n), grad})
		}
	}
	b := newCoefBuilder()
	var warns []string
	for _, v := range vcovs {
		spec, err := ParseVcov(v)
		if err != nil {
			return nil, err
		}
		cov, warn, err := m.vcovTolerant(spec)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			warns = append(warns, warn)
		}
		for _, e := range effs {
			gv := mat.NewVecDense(p, e.grad)
			se := math.Sqrt(mat.Inner(gv, cov, gv)) // NaN if negative: missing
			b.add(e.name, e.ame, se, Distribution{}, level, v)
		}
	}
	t := b.table()
	m.setMeta(t)
	m.setWarnings(t, warns)
	t.SetMeta("conf_level", fmt.Sprint(level))
	t.SetMeta("quantity", "average marginal effects on the response scale")
	return t, nil
}
