package loaders

import (
	"fmt"
	"io"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// field maps one source column to one tidy column.
type field struct {
	src  string     // column name in the source file
	name string     // tidy column name
	typ  table.Type // Int, Float, String or Bool
	// na lists source values, besides the empty field and NA, that mean
	// missing (COW's "-9", for example).
	na []string
	// key fields may not be missing.
	key bool
	// raw string fields take NA literally (ISO2 "NA" is Namibia); only an
	// empty field is missing.
	raw bool
	// cow int fields hold COW state codes: a code that is not in the COW
	// state system list (cow-states/states2016.csv) is an error, not a
	// new state.
	cow bool
}

// Years outside [minYear, maxYear] are errors: no source covers them, and
// expanding spells over an absurd range must not hang.
const (
	minYear = 1
	maxYear = 9999
)

// spec describes a flat source file read column by column.
type spec struct {
	fields []field
	year   string // tidy name of the year field: coverage and year filtering
}

// specResult is a file read by readSpec: its table, the source line of
// each row (for errors after sorting), the years the file covers, and
// where each tidy column came from.
type specResult struct {
	t     *table.Table
	lines []int // source line of each row
	cov   span
	file  string
	col   map[string]int    // tidy name -> 0-based column in the file
	src   map[string]string // tidy name -> column name in the file
}

// errAt returns an error at row i of the result and the file column that
// tidy column name came from.
func (r *specResult) errAt(i int, name, format string, args ...any) error {
	e := &csvx.Error{File: r.file, Line: r.lines[i], Msg: fmt.Sprintf(format, args...)}
	if j, ok := r.col[name]; ok {
		e.Column, e.Name = j+1, r.src[name]
	}
	return e
}

// readSpec reads every row of the input into the columns s names, keeping
// rows whose year lies in years. Columns of the file that s does not name
// are ignored; a column s names that the file lacks is an error.
func readSpec(in *input, s spec, years YearRange) (*specResult, error) {
	cr, h, err := in.csv()
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(s.fields))
	yearField := -1
	for i, f := range s.fields {
		if idx[i], err = h.col(f.src); err != nil {
			return nil, err
		}
		if f.name == s.year {
			yearField = i
		}
	}
	if s.year != "" && yearField < 0 {
		panic("loaders: spec year field " + s.year + " not among its fields")
	}
	ints := make([]*intBuilder, len(s.fields))
	floats := make([]*floatBuilder, len(s.fields))
	strs := make([]*stringBuilder, len(s.fields))
	bools := make([]*boolBuilder, len(s.fields))
	for i, f := range s.fields {
		switch f.typ {
		case table.Int:
			ints[i] = &intBuilder{name: f.name}
		case table.Float:
			floats[i] = &floatBuilder{name: f.name}
		case table.String:
			strs[i] = &stringBuilder{name: f.name}
		case table.Bool:
			bools[i] = &boolBuilder{name: f.name}
		default:
			panic("loaders: bad field type")
		}
	}
	res := specResult{file: in.name, col: make(map[string]int), src: make(map[string]string)}
	for i, f := range s.fields {
		if _, dup := res.col[f.name]; !dup {
			res.col[f.name], res.src[f.name] = idx[i], f.src
		}
	}
	var cow map[int64]bool
	for _, f := range s.fields {
		if f.cow && cow == nil {
			if cow, err = cowCodes(); err != nil {
				return nil, err
			}
		}
	}
	intern := make(map[string]string)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if yearField >= 0 {
			j := idx[yearField]
			y, ok, err := cr.Int(rec, j)
			if err != nil {
				return nil, err
			}
			if !ok || y < minYear || y > maxYear {
				return nil, cr.Errorf(j, "expected a year (%d to %d), found %q", minYear, maxYear, rec[j])
			}
			res.cov.add(int(y))
			if !years.Contains(int(y)) {
				continue
			}
		}
		for i, f := range s.fields {
			j := idx[i]
			b := rec[j]
			na := isNA(b)
			if f.raw {
				na = len(b) == 0
			}
			for _, code := range f.na {
				if string(b) == code {
					na = true
				}
			}
			if na && f.key {
				return nil, cr.Errorf(j, "expected a value for key column %q, found %q", f.src, b)
			}
			switch f.typ {
			case table.Int:
				if na {
					ints[i].add(0, false)
					continue
				}
				v, ok, err := cr.Int(rec, j)
				if err != nil {
					return nil, err
				}
				if f.cow && ok && !cow[v] {
					return nil, cowCodeError(cr, j, rec[j])
				}
				ints[i].add(v, ok)
			case table.Float:
				if na {
					floats[i].add(0, false)
					continue
				}
				v, ok, err := cr.Float(rec, j)
				if err != nil {
					return nil, err
				}
				floats[i].add(v, ok)
			case table.String:
				if na {
					strs[i].add("", false)
					continue
				}
				v, seen := intern[string(b)]
				if !seen {
					v = string(b)
					intern[v] = v
				}
				strs[i].add(v, true)
			case table.Bool:
				if na {
					bools[i].add(false, false)
					continue
				}
				v, ok := parseBool(b)
				if !ok {
					return nil, cr.Errorf(j, "expected TRUE, FALSE, 1 or 0, found %q", clipBytes(b))
				}
				bools[i].add(v, true)
			}
		}
		res.lines = append(res.lines, cr.Line())
	}
	cols := make([]*table.Column, len(s.fields))
	for i, f := range s.fields {
		switch f.typ {
		case table.Int:
			cols[i] = ints[i].column()
		case table.Float:
			cols[i] = floats[i].column()
		case table.String:
			cols[i] = strs[i].column()
		case table.Bool:
			cols[i] = bools[i].column()
		}
	}
	res.t = table.New(cols...)
	return &res, nil
}

// cowCodes returns the codes of the COW state system list, as read (the
// bundled states2016.csv, or the file that replaces it).
func cowCodes() (map[int64]bool, error) {
	sys, err := LoadSystem()
	if err != nil {
		return nil, err
	}
	codes := make(map[int64]bool, 256)
	for _, sp := range sys.Spells {
		codes[int64(sp.Ccode)] = true
	}
	return codes, nil
}

// cowCodeError is the error for a field that should hold a COW state code
// and holds another number.
func cowCodeError(cr *csvx.Reader, j int, b []byte) error {
	return cr.Errorf(j, "expected a COW state code (one of those in cow-states/states2016.csv), found %s", clipBytes(b))
}

func clipBytes(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// readKeyed reads a flat file with readSpec, sorts it by the key columns
// (which must be unique) and records provenance and metadata.
func readKeyed(in *input, s spec, years YearRange, unit, what string, keys ...string) (*table.Table, error) {
	res, err := readSpec(in, s, years)
	if err != nil {
		return nil, err
	}
	t, err := sortRows(res.t, res.lines, in.name, what, keys...)
	if err != nil {
		return nil, err
	}
	return finish(t, in, unit, res.cov), nil
}

// errf formats a loader error that is not tied to a line.
func errf(format string, args ...any) error {
	return fmt.Errorf("loaders: "+format, args...)
}

// checkOrdered checks that every row of a non-directed dyadic file has
// ccode1 < ccode2.
func checkOrdered(res *specResult, file string) error {
	c1, c2 := res.t.Col("ccode1").Ints, res.t.Col("ccode2").Ints
	for i := range c1 {
		if c1[i] >= c2[i] {
			return res.errAt(i, "ccode2", "expected ccode1 < ccode2 in a non-directed dyad, found ccode1 %d and ccode2 %d", c1[i], c2[i])
		}
	}
	return nil
}

// snake returns a source column name in snake_case: lower case, with an
// underscore before an upper-case letter that follows a lower-case one
// (typeI -> type_i, DS_sum1 -> ds_sum1, Mandate/Function -> mandate_function).
func snake(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			if i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
				b = append(b, '_')
			}
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		default:
			if len(b) > 0 && b[len(b)-1] != '_' {
				b = append(b, '_')
			}
		}
	}
	for len(b) > 0 && b[len(b)-1] == '_' {
		b = b[:len(b)-1]
	}
	return string(b)
}
