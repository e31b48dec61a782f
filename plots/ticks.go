package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// ticker places about n evenly spaced, round-valued ticks on an axis and
// labels them. It implements plot.Ticker.
//
// Steps are 1, 2, 2.5 or 5 times a power of ten (2.5 only when the labels
// stay integers or the step is below 1 anyway). Integer axes, such as years
// and counts, never get a fractional step. Labels of values of 1,000 and
// more get thousands separators, except on year axes, where 1994 stays
// 1994. When hide is set the ticks are drawn without labels (inner panels
// of a grid) and, because gonum/plot draws unlabelled ticks at half length,
// the caller doubles the tick length.
type ticker struct {
	n       int
	integer bool // values are integers: no fractional steps
	year    bool // values are years: no thousands separators
	hide    bool
}

func (t ticker) step(min, max float64) float64 {
	n := t.n
	if n < 2 {
		n = 2
	}
	span := max - min
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	// The candidate steps, largest first from the one nearest span/n; take
	// the first that puts at least two ticks in range.
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	var steps []float64
	for _, e := range []float64{mag / 10, mag, mag * 10} {
		for _, m := range []float64{1, 2, 2.5, 5} {
			s := m * e
			if t.integer && (s < 1 || m == 2.5 && e == 1) {
				continue // integer data takes integer steps
			}
			steps = append(steps, s)
		}
	}
	best := -1
	for i, s := range steps {
		if s >= raw*0.999 {
			best = i
			break
		}
	}
	if best < 0 {
		best = len(steps) - 1
	}
	for i := best; i >= 0; i-- {
		if countTicks(min, max, steps[i]) >= 2 {
			return steps[i]
		}
	}
	if t.integer {
		return 1
	}
	return steps[0]
}

func countTicks(min, max, s float64) int {
	return int(math.Floor(max/s+1e-9) - math.Ceil(min/s-1e-9) + 1)
}

// values returns the tick values in [min, max].
func (t ticker) values(min, max float64) []float64 {
	s := t.step(min, max)
	lo := math.Ceil(min/s - 1e-9)
	hi := math.Floor(max/s + 1e-9)
	// A span too wide for float64 (±1e308) or values so large that the
	// step count cannot be counted in it (k+1 == k past 2^53) would loop
	// without end: such an axis gets ticks at its ends only.
	if !(hi-lo <= 1000) || lo+1 == lo || hi-1 == hi {
		var vs []float64
		for _, v := range []float64{min, max} {
			if !math.IsInf(v, 0) && !math.IsNaN(v) && (len(vs) == 0 || vs[0] != v) {
				vs = append(vs, v)
			}
		}
		return vs
	}
	var vs []float64
	for k := lo; k <= hi; k++ {
		v := k * s
		if v == 0 {
			v = 0 // no negative zero
		}
		vs = append(vs, v)
	}
	return vs
}

// Ticks implements plot.Ticker.
func (t ticker) Ticks(min, max float64) []plot.Tick {
	s := t.step(min, max)
	prec := 0
	if s < 1 {
		prec = int(math.Ceil(-math.Log10(s) - 1e-9))
		if m := s / math.Pow(10, -float64(prec)); math.Abs(m-math.Round(m)) > 1e-9 {
			prec++ // 0.25 needs two decimals
		}
	}
	var ticks []plot.Tick
	for _, v := range t.values(min, max) {
		label := ""
		if !t.hide {
			label = formatNumber(v, prec, !t.year)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// formatNumber formats v with prec decimals, with a comma between groups of
// three digits when sep is set and |v| >= 1000 (APA style: 1,000 but 999).
// The minus sign is an ASCII hyphen-minus, which every font and PDF encoding
// has.
func formatNumber(v float64, prec int, sep bool) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:]
	}
	if !sep || math.Abs(v) < 1000 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteString(frac)
	return b.String()
}

// isYearName reports whether a column name says it holds years or decades
// (year, styear, year_start, decade), whose labels take no separators.
func isYearName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "year") || strings.Contains(n, "decade")
}

// formatValue formats a data value for a label: integers without decimals,
// others with up to 3 significant decimals.
func formatValue(v float64, sep bool) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return formatNumber(v, 0, sep)
	}
	prec := 2
	if a := math.Abs(v); a < 1 {
		prec = 3
	}
	s := formatNumber(v, prec, sep)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
