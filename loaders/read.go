package loaders

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// input is a file being parsed and the provenance the table will record.
// For a user's reader the bytes are hashed as they are read.
type input struct {
	r    io.Reader
	name string
	h    hash.Hash
	src  table.Source
}

// userInput wraps a caller's reader; name is used in errors and recorded.
func userInput(r io.Reader, name string) *input {
	h := sha256.New()
	return &input{r: io.TeeReader(r, h), name: name, h: h,
		src: table.Source{File: path.Base(name), Path: name}}
}

// bundledInput opens the bundled file (or its override) of dataset id.
func bundledInput(id, file string) (*input, error) {
	b, src, err := datasets.Open(id, file)
	if err != nil {
		return nil, err
	}
	return &input{r: bytes.NewReader(b), name: inputName(id, file, src), src: src}, nil
}

// inputName is the name errors give a dataset's file: ID/FILE for the
// bundled copy, or the path of the user's file that replaces it (through
// datasets.Override, the --source-file flag), which is the file the user
// must fix.
func inputName(id, file string, src table.Source) string {
	if src.Path == "" || strings.HasPrefix(src.Path, "embedded:") {
		return id + "/" + file
	}
	return src.Path
}

// source returns the provenance of the input, reading any bytes the parser
// left unread so that the hash covers the whole file.
func (in *input) source() table.Source {
	if in.h != nil && in.src.SHA256 == "" {
		io.Copy(io.Discard, in.r)
		in.src.SHA256 = hex.EncodeToString(in.h.Sum(nil))
	}
	return in.src
}

// csv opens a positioned CSV reader on the input and reads its header.
func (in *input) csv() (*csvx.Reader, header, error) {
	cr, err := csvx.NewReader(in.r, in.name)
	if err != nil {
		return nil, header{}, err
	}
	names, err := cr.ReadHeader()
	if err != nil {
		return nil, header{}, err
	}
	h := header{file: in.name, names: names, idx: make(map[string]int, len(names))}
	for i, n := range names {
		if _, dup := h.idx[n]; dup {
			return nil, h, &csvx.Error{File: in.name, Line: 1, Column: i + 1, Name: n,
				Msg: fmt.Sprintf("column name %q appears twice in the header", n)}
		}
		h.idx[n] = i
	}
	return cr, h, nil
}

// header is a file's column names.
type header struct {
	file  string
	names []string
	idx   map[string]int
}

// col returns the index of the named column, or an error saying the header
// lacks it.
func (h header) col(name string) (int, error) {
	if i, ok := h.idx[name]; ok {
		return i, nil
	}
	return -1, &csvx.Error{File: h.file, Line: 1,
		Msg: fmt.Sprintf("expected a column named %q in the header, found none (header: %s)", name, clipList(h.names))}
}

// expectAt checks that column i (0-based) is called name.
func (h header) expectAt(i int, name string) error {
	if i >= len(h.names) {
		return &csvx.Error{File: h.file, Line: 1, Column: i + 1,
			Msg: fmt.Sprintf("expected column %d to be %q, but the header has only %d columns", i+1, name, len(h.names))}
	}
	if h.names[i] != name {
		return &csvx.Error{File: h.file, Line: 1, Column: i + 1, Name: h.names[i],
			Msg: fmt.Sprintf("expected column %d to be %q, found %q", i+1, name, h.names[i])}
	}
	return nil
}

func clipList(names []string) string {
	const max = 12
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(", ... (%d in all)", len(names))
}

// YearRange selects years First through Last inclusive. A zero First means
// from the earliest year, a zero Last to the latest; the zero YearRange
// selects every year.
type YearRange struct{ First, Last int }

// Contains reports whether y lies in the range.
func (yr YearRange) Contains(y int) bool {
	return (yr.First == 0 || y >= yr.First) && (yr.Last == 0 || y <= yr.Last)
}

// IsAll reports whether the range selects every year.
func (yr YearRange) IsAll() bool { return yr.First == 0 && yr.Last == 0 }

func (yr YearRange) String() string {
	if yr.IsAll() {
		return "all"
	}
	f, l := "", ""
	if yr.First != 0 {
		f = strconv.Itoa(yr.First)
	}
	if yr.Last != 0 {
		l = strconv.Itoa(yr.Last)
	}
	return f + "-" + l
}

// span tracks the first and last year seen.
type span struct{ first, last int }

func (s *span) add(y int) {
	if s.first == 0 && s.last == 0 {
		s.first, s.last = y, y
		return
	}
	if y < s.first {
		s.first = y
	}
	if y > s.last {
		s.last = y
	}
}

func (s span) String() string {
	if s.first == 0 && s.last == 0 {
		return ""
	}
	return fmt.Sprintf("%d-%d", s.first, s.last)
}

// Column builders. Each appends one value per row and a missing flag, and
// returns a table column whose mask is nil when nothing is missing.

type intBuilder struct {
	name string
	vals []int64
	miss []bool
	any  bool
}

func (b *intBuilder) add(v int64, ok bool) {
	if !ok {
		v = 0
		b.any = true
	}
	b.vals = append(b.vals, v)
	b.miss = append(b.miss, !ok)
}

func (b *intBuilder) column() *table.Column {
	c := table.NewInt(b.name, b.vals)
	if b.any {
		c.Missing = b.miss
	}
	return c
}

type floatBuilder struct {
	name string
	vals []float64
	miss []bool
	any  bool
}

func (b *floatBuilder) add(v float64, ok bool) {
	if !ok || math.IsNaN(v) {
		v = math.NaN()
		ok = false
		b.any = true
	}
	b.vals = append(b.vals, v)
	b.miss = append(b.miss, !ok)
}

func (b *floatBuilder) column() *table.Column {
	c := &table.Column{Name: b.name, Type: table.Float, Floats: b.vals}
	if b.any {
		c.Missing = b.miss
	}
	return c
}

type stringBuilder struct {
	name string
	vals []string
	miss []bool
	any  bool
}

func (b *stringBuilder) add(v string, ok bool) {
	if !ok {
		v = ""
		b.any = true
	}
	b.vals = append(b.vals, v)
	b.miss = append(b.miss, !ok)
}

func (b *stringBuilder) column() *table.Column {
	c := table.NewString(b.name, b.vals)
	if b.any {
		c.Missing = b.miss
	}
	return c
}

type boolBuilder struct {
	name string
	vals []bool
	miss []bool
	any  bool
}

func (b *boolBuilder) add(v bool, ok bool) {
	if !ok {
		v = false
		b.any = true
	}
	b.vals = append(b.vals, v)
	b.miss = append(b.miss, !ok)
}

func (b *boolBuilder) column() *table.Column {
	c := table.NewBool(b.name, b.vals)
	if b.any {
		c.Missing = b.miss
	}
	return c
}

// isNA reports whether a field is R's or Stata's missing: empty or NA.
func isNA(b []byte) bool {
	return len(b) == 0 || string(b) == "NA"
}

// parseBool parses the spellings of a logical that R and Stata exports
// write.
func parseBool(b []byte) (v, ok bool) {
	switch string(b) {
	case "TRUE", "true", "T", "1":
		return true, true
	case "FALSE", "false", "F", "0":
		return false, true
	}
	return false, false
}

// sortRows sorts t by its key columns (int or string, never missing) and
// returns an error naming both lines of the first duplicate key. lines
// holds the source line of each row. what names the key for the message
// ("ccode-year").
func sortRows(t *table.Table, lines []int, file, what string, keys ...string) (*table.Table, error) {
	kc := make([]*table.Column, len(keys))
	for i, k := range keys {
		c := t.Col(k)
		if c == nil || (c.Type != table.Int && c.Type != table.String) {
			panic("loaders: sort key " + k + " is not an int or string column")
		}
		kc[i] = c
	}
	n := t.NumRows()
	less := func(a, b int) int {
		for _, c := range kc {
			if c.Type == table.Int {
				if x, y := c.Ints[a], c.Ints[b]; x != y {
					if x < y {
						return -1
					}
					return 1
				}
			} else if x, y := c.Strings[a], c.Strings[b]; x != y {
				if x < y {
					return -1
				}
				return 1
			}
		}
		return 0
	}
	sorted := true
	for i := 1; i < n; i++ {
		if less(i-1, i) >= 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return t, nil
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return less(idx[a], idx[b]) < 0 })
	for i := 1; i < n; i++ {
		if less(idx[i-1], idx[i]) == 0 {
			a, b := lines[idx[i-1]], lines[idx[i]]
			if a > b {
				a, b = b, a
			}
			vals := make([]string, len(kc))
			for j, c := range kc {
				vals[j] = c.Format(idx[i])
			}
			return nil, &csvx.Error{File: file, Line: b,
				Msg: fmt.Sprintf("duplicate %s (%s): lines %d and %d", what, strings.Join(vals, ", "), a, b)}
		}
	}
	return t.Take(idx), nil
}

// finish records the input's provenance and the unit and coverage
// metadata on t.
func finish(t *table.Table, in *input, unit string, cov span) *table.Table {
	t.AddSources(in.source())
	t.SetMeta("unit", unit)
	t.SetMeta("coverage", cov.String())
	return t
}
