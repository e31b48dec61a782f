package plots

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// readCSV builds a table from a fixture CSV with internal/csvx. It is a
// test-only stand-in for table.ReadCSV, which is not in this tree yet. A
// column is int when every non-missing field is an integer, float when
// every one is a number, bool when every one is true or false, and text
// otherwise; empty fields and NA are missing.
func readCSV(t testing.TB, name string) *table.Table {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := parseCSV(bytes.NewReader(b), name)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func parseCSV(r io.Reader, name string) (*table.Table, error) {
	rd, err := csvx.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	head, err := rd.ReadHeader()
	if err != nil {
		return nil, err
	}
	fields := make([][]string, len(head))
	var miss [][]bool = make([][]bool, len(head))
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for j, f := range rec {
			s := string(f)
			fields[j] = append(fields[j], s)
			miss[j] = append(miss[j], s == "" || s == "NA")
		}
	}
	cols := make([]*table.Column, len(head))
	for j, h := range head {
		cols[j] = inferColumn(h, fields[j], miss[j])
	}
	return table.New(cols...), nil
}

func inferColumn(name string, fs []string, miss []bool) *table.Column {
	isInt, isFloat, isBool := true, true, true
	for i, s := range fs {
		if miss[i] {
			continue
		}
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			isInt = false
		}
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			isFloat = false
		}
		if s != "true" && s != "false" && s != "TRUE" && s != "FALSE" {
			isBool = false
		}
	}
	var c *table.Column
	switch {
	case isInt:
		v := make([]int64, len(fs))
		for i, s := range fs {
			if !miss[i] {
				v[i], _ = strconv.ParseInt(s, 10, 64)
			}
		}
		c = table.NewInt(name, v)
	case isFloat:
		v := make([]float64, len(fs))
		for i, s := range fs {
			if !miss[i] {
				v[i], _ = strconv.ParseFloat(s, 64)
			}
		}
		c = table.NewFloat(name, v)
	case isBool:
		v := make([]bool, len(fs))
		for i, s := range fs {
			v[i] = s == "true" || s == "TRUE"
		}
		c = table.NewBool(name, v)
	default:
		c = table.NewString(name, append([]string(nil), fs...))
	}
	for _, m := range miss {
		if m {
			return c.WithMissing(miss)
		}
	}
	return c
}
