package loaders

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/repnet/repnet/datasets"
)

// readRefCSV reads a bundled file with encoding/csv (independently of
// csvx) into a map from "ccode,year" (its first two columns) to the row by
// column name.
func readRefCSV(t testing.TB, id, file string) (map[string]map[string]string, error) {
	t.Helper()
	header, rows := refRows(t, id, file)
	out := make(map[string]map[string]string, len(rows))
	for _, r := range rows {
		m := make(map[string]string, len(r))
		for i, v := range r {
			m[header[i]] = v
		}
		out[r[0]+","+r[1]] = m
	}
	return out, nil
}

// refRows reads a bundled file with encoding/csv.
func refRows(t testing.TB, id, file string) ([]string, [][]string) {
	t.Helper()
	b, _, err := datasets.Open(id, file)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = bytes.NewReader(b)
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	cr := csv.NewReader(r)
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	h[0] = strings.TrimPrefix(h[0], "\ufeff")
	return h, rows[1:]
}

// refRaw returns the decompressed bytes of a bundled file and its first
// n lines (header included; a record spanning lines may be cut, so n
// should be large).
func refRaw(t testing.TB, id, file string, n int) (all, head []byte) {
	t.Helper()
	b, _, err := datasets.Open(id, file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	end := 0
	for i := 0; i < n && end < len(b); i++ {
		k := bytes.IndexByte(b[end:], '\n')
		if k < 0 {
			end = len(b)
			break
		}
		end += k + 1
	}
	return b, b[:end]
}
