package panel

import (
	"slices"

	"github.com/repnet/repnet/loaders"
)

// frame is the index of a panel's rows over its extended years (the
// output years widened by the longest lag and lead), from which the
// output rows are cut at the end.
//
// State rows are sorted by ccode then year; dyad rows by ccode1, ccode2,
// then year. So the rows of one unit are contiguous and in year order,
// and the lag k of row r, when it exists, is row r - k: it is the row of
// the same unit k years earlier exactly when row r - k has the same unit
// and the year year[r] - k, that is when the unit is present in every
// year in between (a lag never crosses a gap in the unit's years).
type frame struct {
	first, last int // extended years
	directed    bool
	dyadic      bool

	codes []int // every state code in the system in the extended years, ascending
	pos   []int32

	// States: one row per state-year in the system.
	sCode, sYear []int32
	sRow         []int32 // [yearIdx*nc + codeIdx] -> row, or -1

	// Dyads: one row per pair of states both in the system that year
	// (codeIdx1 < codeIdx2 unless directed).
	d1, d2, dYear []int32 // code indices and year
	dRow          []int32 // [yearIdx*nc*nc + i*nc + j] -> row, or -1
}

func (f *frame) nc() int     { return len(f.codes) }
func (f *frame) nyears() int { return f.last - f.first + 1 }

// codeIndex returns the index of a state code, or -1.
func (f *frame) codeIndex(c int64) int {
	if c < 0 || c >= int64(len(f.pos)) {
		return -1
	}
	return int(f.pos[c])
}

// stateRow returns the state row of code index i in year y, or -1.
func (f *frame) stateRow(i, y int) int {
	if y < f.first || y > f.last || i < 0 {
		return -1
	}
	return int(f.sRow[(y-f.first)*f.nc()+i])
}

// dyadRow returns the dyad row of code indices (i, j) in year y, or -1;
// for a non-directed frame (i, j) must be ordered i < j.
func (f *frame) dyadRow(i, j, y int) int {
	if y < f.first || y > f.last || i < 0 || j < 0 {
		return -1
	}
	nc := f.nc()
	return int(f.dRow[((y-f.first)*nc+i)*nc+j])
}

func (f *frame) nrows(dyadic bool) int {
	if dyadic {
		return len(f.dYear)
	}
	return len(f.sYear)
}

// newFrame indexes the state-years (and, if dyadic, the dyad-years) of the
// system in years first..last.
func newFrame(sys *loaders.System, first, last int, dyadic, directed bool) *frame {
	f := &frame{first: first, last: last, dyadic: dyadic, directed: directed}
	seen := map[int]bool{}
	maxCode := 0
	for y := first; y <= last; y++ {
		for _, c := range sys.StatesIn(y) {
			if !seen[c] {
				seen[c] = true
				f.codes = append(f.codes, c)
				maxCode = max(maxCode, c)
			}
		}
	}
	slices.Sort(f.codes)
	f.pos = make([]int32, maxCode+1)
	for i := range f.pos {
		f.pos[i] = -1
	}
	for i, c := range f.codes {
		f.pos[c] = int32(i)
	}
	nc, ny := f.nc(), f.nyears()
	in := make([]bool, ny*nc) // [yearIdx*nc + codeIdx]
	for y := first; y <= last; y++ {
		for _, c := range sys.StatesIn(y) {
			in[(y-first)*nc+int(f.pos[c])] = true
		}
	}
	f.sRow = make([]int32, ny*nc)
	for i := range f.sRow {
		f.sRow[i] = -1
	}
	for i := 0; i < nc; i++ {
		for yi := 0; yi < ny; yi++ {
			if in[yi*nc+i] {
				f.sRow[yi*nc+i] = int32(len(f.sYear))
				f.sCode = append(f.sCode, int32(i))
				f.sYear = append(f.sYear, int32(first+yi))
			}
		}
	}
	if !dyadic {
		return f
	}
	f.dRow = make([]int32, ny*nc*nc)
	for i := range f.dRow {
		f.dRow[i] = -1
	}
	for i := 0; i < nc; i++ {
		for j := 0; j < nc; j++ {
			if i == j || (!directed && j < i) {
				continue
			}
			for yi := 0; yi < ny; yi++ {
				if in[yi*nc+i] && in[yi*nc+j] {
					f.dRow[(yi*nc+i)*nc+j] = int32(len(f.dYear))
					f.d1 = append(f.d1, int32(i))
					f.d2 = append(f.d2, int32(j))
					f.dYear = append(f.dYear, int32(first+yi))
				}
			}
		}
	}
	return f
}

// shift returns, for each row of the given level, the row k years earlier
// (k > 0) or -k years later (k < 0) of the same unit, or -1 when the unit
// is absent in any year in between (or that year lies outside the frame).
func (f *frame) shift(dyadic bool, k int) []int32 {
	var year []int32
	same := func(a, b int) bool { return f.sCode[a] == f.sCode[b] }
	if dyadic {
		year = f.dYear
		same = func(a, b int) bool { return f.d1[a] == f.d1[b] && f.d2[a] == f.d2[b] }
	} else {
		year = f.sYear
	}
	out := make([]int32, len(year))
	for r := range out {
		s := r - k
		if s >= 0 && s < len(year) && same(r, s) && int(year[s]) == int(year[r])-k {
			out[r] = int32(s)
		} else {
			out[r] = -1
		}
	}
	return out
}
