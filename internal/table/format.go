package table

import (
	"math"
	"strconv"
)

func fmtInt(v int64) string { return strconv.FormatInt(v, 10) }

// FormatFloat formats v in the shortest decimal form that parses back to
// exactly v: plain notation when 1e-6 <= |v| < 1e21 (as JSON and
// JavaScript do), exponent notation otherwise. NaN formats as the empty
// string (missing); infinities as Inf and -Inf.
func FormatFloat(v float64) string {
	var buf [32]byte
	return string(appendFloat(buf[:0], v))
}

// appendFloat appends FormatFloat(v) to b.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return b
	case math.IsInf(v, 1):
		return append(b, "Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	if a := math.Abs(v); a == 0 || (a >= 1e-6 && a < 1e21) {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'e', -1, 64)
}
