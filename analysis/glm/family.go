package glm

import (
	"fmt"
	"math"
	"strings"
)

// Family is an error distribution and link function, as R's family
// objects: gaussian(identity), binomial(logit), binomial(probit) and
// poisson(log).
type Family struct {
	Name string // "gaussian", "binomial" or "poisson"
	Link string // "identity", "logit", "probit" or "log"
}

// The supported families.
var (
	Gaussian = Family{"gaussian", "identity"}
	Logit    = Family{"binomial", "logit"}
	Probit   = Family{"binomial", "probit"}
	Poisson  = Family{"poisson", "log"}
)

func (f Family) String() string { return f.Name + "(" + f.Link + ")" }

// ParseFamily parses a family as written in R or for short: "gaussian",
// "binomial" or "logit" (binomial(logit)), "probit" or "binomial(probit)",
// "poisson".
func ParseFamily(s string) (Family, error) {
	switch strings.ReplaceAll(strings.ToLower(s), " ", "") {
	case "gaussian", "gaussian(identity)", "gaussian()", "linear", "ols":
		return Gaussian, nil
	case "binomial", "binomial(logit)", "binomial()", "logit", "logistic":
		return Logit, nil
	case "probit", "binomial(probit)":
		return Probit, nil
	case "poisson", "poisson(log)", "poisson()":
		return Poisson, nil
	}
	return Family{}, fmt.Errorf("glm: unknown family %q (supported: gaussian, binomial or logit, probit, poisson)", s)
}

func (f Family) valid() bool {
	return f == Gaussian || f == Logit || f == Probit || f == Poisson
}

// dispersionFixed reports whether the dispersion is 1 (binomial,
// poisson) rather than estimated (gaussian).
func (f Family) dispersionFixed() bool { return f.Name != "gaussian" }

const dblEps = 2.220446049250313e-16

// probitThresh is R's -qnorm(.Machine$double.eps), the bound binomial's
// probit linkinv clamps eta to.
var probitThresh = -qnorm(dblEps)

// pnorm is the standard normal distribution function.
func pnorm(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// dnorm is the standard normal density.
func dnorm(x float64) float64 { return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi) }

// qnorm is the standard normal quantile function.
func qnorm(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// linkfun is g(mu).
func (f Family) linkfun(mu float64) float64 {
	switch f.Link {
	case "identity":
		return mu
	case "logit":
		return math.Log(mu / (1 - mu))
	case "probit":
		return qnorm(mu)
	case "log":
		return math.Log(mu)
	}
	panic("glm: bad link " + f.Link)
}

// linkinv is g^-1(eta), with R's numerical guards: logit clamps eta to
// [-30, 30] (stats' C code logit_linkinv), probit clamps eta to
// +-probitThresh, log bounds mu below by the machine epsilon.
func (f Family) linkinv(eta float64) float64 {
	switch f.Link {
	case "identity":
		return eta
	case "logit":
		var t float64
		switch {
		case eta < -30:
			t = dblEps
		case eta > 30:
			t = 1 / dblEps
		default:
			t = math.Exp(eta)
		}
		return t / (1 + t)
	case "probit":
		e := math.Min(math.Max(eta, -probitThresh), probitThresh)
		return pnorm(e)
	case "log":
		return math.Max(math.Exp(eta), dblEps)
	}
	panic("glm: bad link " + f.Link)
}

// muEta is dmu/deta, with R's guards (logit: DBL_EPSILON outside
// [-30, 30]; probit: at least DBL_EPSILON; log: at least DBL_EPSILON).
func (f Family) muEta(eta float64) float64 {
	switch f.Link {
	case "identity":
		return 1
	case "logit":
		if eta > 30 || eta < -30 {
			return dblEps
		}
		e := math.Exp(eta)
		return e / ((1 + e) * (1 + e))
	case "probit":
		return math.Max(dnorm(eta), dblEps)
	case "log":
		return math.Max(math.Exp(eta), dblEps)
	}
	panic("glm: bad link " + f.Link)
}

// variance is V(mu).
func (f Family) variance(mu float64) float64 {
	switch f.Name {
	case "gaussian":
		return 1
	case "binomial":
		return mu * (1 - mu)
	case "poisson":
		return mu
	}
	panic("glm: bad family " + f.Name)
}

// devResid is the unit deviance of one observation (prior weight 1).
func (f Family) devResid(y, mu float64) float64 {
	switch f.Name {
	case "gaussian":
		return (y - mu) * (y - mu)
	case "binomial":
		return 2 * (ylogy(y, mu) + ylogy(1-y, 1-mu))
	case "poisson":
		if y > 0 {
			return 2 * (y*math.Log(y/mu) - (y - mu))
		}
		return 2 * mu
	}
	panic("glm: bad family " + f.Name)
}

func ylogy(y, mu float64) float64 {
	if y != 0 {
		return y * math.Log(y/mu)
	}
	return 0
}

// mustart is R's family$initialize starting value for mu (prior weights 1).
func (f Family) mustart(y float64) float64 {
	switch f.Name {
	case "gaussian":
		return y
	case "binomial":
		return (y + 0.5) / 2
	case "poisson":
		return y + 0.1
	}
	panic("glm: bad family " + f.Name)
}

// checkY returns an error if y is outside the family's support.
func (f Family) checkY(y []float64, rows []int) error {
	for i, v := range y {
		switch f.Name {
		case "binomial":
			if v != 0 && v != 1 {
				return fmt.Errorf("glm: binomial response must be 0 or 1 (or bool); found %s at data row %d", fmtG(v), rows[i]+1)
			}
		case "poisson":
			if v < 0 {
				return fmt.Errorf("glm: poisson response must be non-negative; found %s at data row %d", fmtG(v), rows[i]+1)
			}
		}
	}
	return nil
}

// logLikUnit is an observation's log-likelihood contribution, for the
// families with a fixed dispersion (R's family$aic is -2 times their sum).
// For poisson with a non-integer y it is NaN (R's dpois gives -Inf with a
// warning).
func (f Family) logLikUnit(y, mu float64) float64 {
	switch f.Name {
	case "binomial":
		if y == 1 {
			return math.Log(mu)
		}
		return math.Log1p(-mu)
	case "poisson":
		if y != math.Floor(y) {
			return math.NaN()
		}
		lg, _ := math.Lgamma(y + 1)
		if mu == 0 {
			if y == 0 {
				return 0
			}
			return math.Inf(-1)
		}
		return y*math.Log(mu) - mu - lg
	}
	panic("glm: logLikUnit for " + f.Name)
}

func fmtG(v float64) string { return fmt.Sprintf("%g", v) }
