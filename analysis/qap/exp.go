package qap

import (
	"math"
	"math/big"
)

// The permutation fits spend most of their time in exp, one call per cell
// per IRLS step. math.Exp on amd64 evaluates a long chain of dependent
// operations (a degree-8 Taylor polynomial of x/16 squared four times),
// which successive cells cannot overlap; expTab is the table-driven
// algorithm of ARM's optimized-routines (Szabolcs Nagy's exp, used by
// musl and glibc): exp(x) = 2^(k/128) exp(r) with |r| <= ln2/256, 2^(j/128)
// from a 128-entry table and exp(r) - 1 - r from a degree-5 polynomial.
// Its error is below 0.52 ulp (math.Exp's is below 1 ulp), so the two
// differ by at most a couple of ulps; its dependency chain is short.
//
// Only the permutation fits use it: the observed fit, the fits without
// each term that start the DSP permutations, and everything the package
// reports as an estimate use math.Exp, so estimates and observed
// statistics are bit for bit those of before. A permuted statistic may
// differ from the math.Exp one in its last digits (about 1e-13 relative,
// far below the IRLS convergence tolerance), which moves a p-value only if
// a permuted statistic ties the observed one to within that, an event of
// probability zero for continuous statistics.

const (
	expBits   = 7
	expN      = 1 << expBits
	invLn2N   = 0x1.71547652b82fep0 * expN
	expShift  = 0x1.8p52
	negLn2hiN = -0x1.62e42fefa0000p-8
	negLn2loN = -0x1.cf79abc9e3b3ap-47
	expC2     = 0x1.ffffffffffdbdp-2
	expC3     = 0x1.555555555543cp-3
	expC4     = 0x1.55555cf172b91p-5
	expC5     = 0x1.1111167a4d017p-7
)

// expTable holds, for j = 0..127, 2^(j/128) = H_j (1 + T_j): at 2j the
// bits of T_j, at 2j+1 the bits of H_j minus j << 45 (so that adding k <<
// 45 for k = 128 q + j gives the bits of 2^q H_j).
var expTable = func() [2 * expN]uint64 {
	var tab [2 * expN]uint64
	const prec = 256
	// s = 2^(1/128) by seven square roots of 2.
	s := new(big.Float).SetPrec(prec).SetInt64(2)
	for i := 0; i < expBits; i++ {
		s.Sqrt(s)
	}
	v := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := 0; j < expN; j++ {
		h, _ := v.Float64()
		hb := new(big.Float).SetPrec(prec).SetFloat64(h)
		t := new(big.Float).SetPrec(prec).Quo(v, hb)
		t.Sub(t, big.NewFloat(1).SetPrec(prec))
		tf, _ := t.Float64()
		tab[2*j] = math.Float64bits(tf)
		tab[2*j+1] = math.Float64bits(h) - uint64(j)<<(52-expBits)
		v.Mul(v, s)
	}
	return tab
}()

// expTab returns e^x for |x| <= 700; outside it returns math.Exp(x).
func expTab(x float64) float64 {
	if !(x >= -700 && x <= 700) {
		return math.Exp(x)
	}
	z := invLn2N * x
	kd := z + expShift
	ki := math.Float64bits(kd)
	kd -= expShift
	r := x + kd*negLn2hiN + kd*negLn2loN
	idx := 2 * (ki % expN)
	top := ki << (52 - expBits)
	tail := math.Float64frombits(expTable[idx])
	sbits := expTable[idx+1] + top
	r2 := r * r
	tmp := tail + r + r2*(expC2+r*expC3) + r2*r2*(expC4+r*expC5)
	scale := math.Float64frombits(sbits)
	return scale + scale*tmp
}
