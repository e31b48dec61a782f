package table

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
)

// writeCSV writes t as RFC 4180 CSV: a header row of column names, then one
// line per row, each ending in "\n". A field is quoted when it contains a
// comma, a double quote, CR or LF, with inner quotes doubled. Missing values
// are empty fields; ints are written in base 10, floats by FormatFloat
// (shortest text that reads back as the same float64), bools as true or
// false.
//
// A table of one column would write a missing value as an empty line,
// which CSV readers skip; such a field is written as "" instead.
//
// CSV cannot tell a missing string from an empty one, nor the string "NA"
// from a missing value: ReadCSV reads all three as missing.
func writeCSV(w io.Writer, t *Table) error {
	if len(t.Columns) == 0 {
		return nil
	}
	line := make([]byte, 0, 256)
	for j, c := range t.Columns {
		if j > 0 {
			line = append(line, ',')
		}
		line = appendCSVField(line, c.Name, len(t.Columns) == 1)
	}
	line = append(line, '\n')
	if _, err := w.Write(line); err != nil {
		return err
	}
	for i, n := 0, t.NumRows(); i < n; i++ {
		line = line[:0]
		for j, c := range t.Columns {
			if j > 0 {
				line = append(line, ',')
			}
			if c.IsMissing(i) {
				if len(t.Columns) == 1 {
					line = append(line, '"', '"')
				}
				continue
			}
			switch c.Type {
			case Int:
				line = strconv.AppendInt(line, c.Ints[i], 10)
			case Float:
				line = appendFloat(line, c.Floats[i])
			case String:
				line = appendCSVField(line, c.Strings[i], len(t.Columns) == 1)
			case Bool:
				line = strconv.AppendBool(line, c.Bools[i])
			}
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// appendCSVField appends s, quoted if it needs to be. quoteEmpty quotes an
// empty s, for lines that would otherwise be blank.
func appendCSVField(b []byte, s string, quoteEmpty bool) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && (s != "" || !quoteEmpty) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// ReadCSV reads a CSV table with a header row from r (gzip-compressed or
// not) through csvx; name is the file name used in errors, which name the
// file, line and column.
//
// Empty fields and the text NA are missing. Each column's type is inferred
// from its non-missing values: Int when all are base-10 integers that fit in
// 64 bits; otherwise Float when all are decimal numbers (including Inf, -Inf
// and NaN, which is read as missing); otherwise Bool when all are true or
// false (also TRUE/FALSE and True/False, as R and Python write them);
// otherwise String. A column with no values at all is Int, all missing.
//
// So a float column whose values are all whole numbers reads back as Int,
// and a string column of digits (such as "007") as Int: CSV does not carry
// types. Parquet does.
//
// Sources and Meta are empty: CSV carries no metadata.
func ReadCSV(r io.Reader, name string) (*Table, error) {
	rd, err := csvx.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	header, err := rd.ReadHeader()
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(header))
	for j, h := range header {
		if h == "" {
			return nil, rd.Errorf(j, "empty column name (R's write.csv writes one for row names: use row.names = FALSE)")
		}
		if k, dup := seen[h]; dup {
			return nil, rd.Errorf(j, "duplicate column name %q (also column %d)", h, k+1)
		}
		seen[h] = j
	}
	cols := make([]csvColumn, len(header))
	for j := range cols {
		cols[j] = csvColumn{canInt: true, canFloat: true, canBool: true}
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for j, f := range rec {
			cols[j].add(f)
		}
	}
	out := make([]*Column, len(header))
	for j, h := range header {
		out[j] = cols[j].column(h)
	}
	return New(out...), nil
}

// csvColumn collects one column's text and which types it still fits.
// The text of all its fields is kept in one buffer, data, field i ending at
// ends[i], so that reading allocates per column rather than per field.
type csvColumn struct {
	data                      []byte
	ends                      []int
	missing                   []bool
	anyMissing                bool
	canInt, canFloat, canBool bool
}

func (c *csvColumn) add(f []byte) {
	if len(f) == 0 || string(f) == "NA" {
		c.ends = append(c.ends, len(c.data))
		c.missing = append(c.missing, true)
		c.anyMissing = true
		return
	}
	c.missing = append(c.missing, false)
	if c.canInt {
		if _, err := strconv.ParseInt(string(f), 10, 64); err != nil {
			c.canInt = false
		}
	}
	if !c.canInt && c.canFloat {
		if _, ok := parseCSVFloat(f); !ok {
			c.canFloat = false
		}
	}
	if c.canBool {
		if _, ok := parseCSVBool(f); !ok {
			c.canBool = false
		}
	}
	c.data = append(c.data, f...)
	c.ends = append(c.ends, len(c.data))
}

// field returns the text of field i.
func (c *csvColumn) field(i int) []byte {
	start := 0
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.data[start:c.ends[i]]
}

// column converts the collected text to a column of the narrowest type.
func (c *csvColumn) column(name string) *Column {
	n := len(c.ends)
	var col *Column
	switch {
	case c.canInt:
		v := make([]int64, n)
		for i := range v {
			if !c.missing[i] {
				v[i], _ = strconv.ParseInt(string(c.field(i)), 10, 64)
			}
		}
		col = NewInt(name, v)
	case c.canFloat:
		v := make([]float64, n)
		for i := range v {
			if c.missing[i] {
				v[i] = math.NaN()
			} else {
				v[i], _ = parseCSVFloat(c.field(i))
			}
		}
		// NewFloat marks NaN missing, both the missing fields and NaN text.
		return NewFloat(name, v)
	case c.canBool:
		v := make([]bool, n)
		for i := range v {
			v[i], _ = parseCSVBool(c.field(i))
		}
		col = NewBool(name, v)
	default:
		// Share the string of repeated values (country and organization
		// names repeat every year), up to a limit on distinct values kept.
		const maxIntern = 1 << 16
		intern := make(map[string]string)
		v := make([]string, n)
		for i := range v {
			f := c.field(i)
			if s, ok := intern[string(f)]; ok {
				v[i] = s
				continue
			}
			v[i] = string(f)
			if len(intern) < maxIntern {
				intern[v[i]] = v[i]
			}
		}
		col = NewString(name, v)
	}
	if c.anyMissing {
		col.WithMissing(c.missing)
	}
	return col
}

// parseCSVFloat parses a decimal number. Unlike strconv.ParseFloat it
// rejects hexadecimal and underscores, and accepts only the spellings of
// infinity and NaN that R, Python and FormatFloat write, so that text such
// as "Nan" or "infinity" in a string column stays a string.
func parseCSVFloat(f []byte) (float64, bool) {
	switch string(f) {
	case "Inf", "+Inf", "inf", "+inf":
		return math.Inf(1), true
	case "-Inf", "-inf":
		return math.Inf(-1), true
	case "NaN", "nan":
		return math.NaN(), true
	}
	for _, c := range f {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(f), 64)
	if err != nil {
		// Out of range values are errors with v = ±Inf or 0: they are not
		// numbers a float64 can hold, so the column is not numeric.
		return 0, false
	}
	return v, true
}

func parseCSVBool(f []byte) (v, ok bool) {
	switch string(f) {
	case "true", "TRUE", "True":
		return true, true
	case "false", "FALSE", "False":
		return false, true
	}
	return false, false
}
