// Package csvtable reads and writes CSV files as table.Table for the
// analysis packages: their test fixtures and R reference values, and the
// model tables that analysis/modeltable reads back. Column types are
// inferred: a column is int if every non-missing field is an integer,
// float if every one is a number, bool if every one is TRUE/FALSE or
// true/false, and string otherwise. Empty fields and NA are missing.
//
// It is a stop-gap until internal/table has its own CSV reader and
// writer; it parses with internal/csvx, so errors name file, line and
// column.
package csvtable

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// ReadFile reads the CSV (or gzipped CSV) file at path.
func ReadFile(path string) (*table.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a CSV with a header line from r; name is used in errors.
func Read(r io.Reader, name string) (*table.Table, error) {
	cr, err := csvx.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	header, err := cr.ReadHeader()
	if err != nil {
		return nil, err
	}
	fields := make([][]string, len(header))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for j, f := range rec {
			fields[j] = append(fields[j], string(f))
		}
	}
	cols := make([]*table.Column, len(header))
	for j, h := range header {
		cols[j] = infer(h, fields[j])
	}
	if len(cols) == 0 {
		return nil, &csvx.Error{File: name, Line: 1, Msg: "no columns"}
	}
	seen := map[string]bool{}
	for _, h := range header {
		if seen[h] {
			return nil, &csvx.Error{File: name, Line: 1, Msg: fmt.Sprintf("duplicate column name %q", h)}
		}
		seen[h] = true
	}
	return table.New(cols...), nil
}

func isNA(s string) bool { return s == "" || s == "NA" }

func infer(name string, fs []string) *table.Column {
	n := len(fs)
	missing := make([]bool, n)
	anyMissing := false
	isInt, isFloat, isBool := true, true, true
	for i, f := range fs {
		if isNA(f) {
			missing[i] = true
			anyMissing = true
			continue
		}
		if _, err := strconv.ParseInt(f, 10, 64); err != nil {
			isInt = false
		}
		if _, err := strconv.ParseFloat(f, 64); err != nil {
			isFloat = false
		}
		switch f {
		case "TRUE", "FALSE", "true", "false":
		default:
			isBool = false
		}
	}
	if !anyMissing {
		missing = nil
	}
	var c *table.Column
	switch {
	case isInt && !allMissing(missing, n):
		v := make([]int64, n)
		for i, f := range fs {
			if !isNA(f) {
				v[i], _ = strconv.ParseInt(f, 10, 64)
			}
		}
		c = table.NewInt(name, v)
	case isFloat:
		v := make([]float64, n)
		for i, f := range fs {
			if isNA(f) {
				v[i] = math.NaN()
			} else {
				v[i], _ = strconv.ParseFloat(f, 64)
			}
		}
		c = table.NewFloat(name, v)
	case isBool:
		v := make([]bool, n)
		for i, f := range fs {
			v[i] = f == "TRUE" || f == "true"
		}
		c = table.NewBool(name, v)
	default:
		v := make([]string, n)
		copy(v, fs)
		c = table.NewString(name, v)
	}
	return c.WithMissing(missing)
}

func allMissing(m []bool, n int) bool {
	if m == nil {
		return n == 0
	}
	for _, x := range m {
		if !x {
			return false
		}
	}
	return true
}

// Write writes t as CSV with a header line: missing values as empty
// fields, floats in their shortest round-trip form (table.FormatFloat),
// fields quoted when they contain a comma, quote or line break.
func Write(w io.Writer, t *table.Table) error {
	bw := bufio.NewWriter(w)
	for j, c := range t.Columns {
		if j > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(quote(c.Name))
	}
	bw.WriteByte('\n')
	for i := 0; i < t.NumRows(); i++ {
		for j, c := range t.Columns {
			if j > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(quote(c.Format(i)))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func quote(s string) string {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
