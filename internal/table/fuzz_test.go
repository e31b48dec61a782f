package table

import (
	"bytes"
	"errors"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
)

// FuzzReadCSV checks that ReadCSV never panics, that its errors are
// positioned (*csvx.Error), and that whatever it reads can be written and
// read again: after one cycle, which may normalise (CRLF inside quotes
// becomes LF, a float column of whole numbers becomes Int), writing and
// reading is a fixed point.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"x,y,z\n1,1.5,true\nNA,,FALSE\n",
		"\"a,b\",c\n\"q\"\"\",\"multi\nline\"\n",
		"\xef\xbb\xbfccode,year\n2,2014\r\n",
		"s\n\"\"\nx\n",
		"f\n-0\n1e300\nInf\nNaN\n",
		"a\n9223372036854775808\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ReadCSV(bytes.NewReader(in), "fuzz.csv")
		if err != nil {
			var ce *csvx.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *csvx.Error", err, err)
			}
			return
		}
		if err := tb.validate(); err != nil {
			t.Fatalf("invalid table: %v", err)
		}
		cycle := func(tb *Table) ([]byte, *Table) {
			var b bytes.Buffer
			if err := Write(&b, tb, CSV, WriteOptions{}); err != nil {
				t.Fatalf("writing what was read: %v", err)
			}
			next, err := ReadCSV(bytes.NewReader(b.Bytes()), "gen.csv")
			if err != nil {
				t.Fatalf("reading what was written: %v\n%q", err, b.Bytes())
			}
			return b.Bytes(), next
		}
		_, tb1 := cycle(tb)
		gen2, tb2 := cycle(tb1)
		gen3, tb3 := cycle(tb2)
		if !bytes.Equal(gen2, gen3) {
			t.Fatalf("writing is not a fixed point:\n%q\n%q", gen2, gen3)
		}
		if err := sameTable(tb3, tb2); err != nil {
			t.Fatalf("reading is not a fixed point: %v", err)
		}
		// Markdown and Parquet must accept anything CSV reading produces.
		if err := Write(&bytes.Buffer{}, tb, Markdown, WriteOptions{}); err != nil {
			t.Fatalf("markdown: %v", err)
		}
		if len(tb.Columns) > 0 {
			var pq bytes.Buffer
			if err := Write(&pq, tb, Parquet, WriteOptions{}); err != nil {
				t.Fatalf("parquet: %v", err)
			}
			back, err := ReadParquet(bytes.NewReader(pq.Bytes()), int64(pq.Len()), "fuzz.parquet")
			if err != nil {
				t.Fatalf("reading parquet: %v", err)
			}
			if err := sameTable(back, tb); err != nil {
				t.Fatalf("parquet round trip: %v", err)
			}
		}
	})
}

// FuzzReadParquet checks that ReadParquet returns an error naming the
// file, and does not panic, on damaged files.
func FuzzReadParquet(f *testing.F) {
	small := New(
		NewInt("a", []int64{1, 2, 3, 2}).WithMissing([]bool{false, true, false, false}),
		NewFloat("b", []float64{0.5, 1.5, 0.5, 2}),
		NewString("c", []string{"x", "y", "x", "zz"}),
		NewBool("d", []bool{true, false, true, true}),
	)
	small.AddSources(Source{Dataset: "d", File: "f", Path: "p", SHA256: "00"})
	for _, tb := range []*Table{small, New(NewInt("a", nil))} {
		var b bytes.Buffer
		if err := Write(&b, tb, Parquet, WriteOptions{Version: "v"}); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ReadParquet(bytes.NewReader(in), int64(len(in)), "fuzz.parquet")
		if err != nil {
			var ce *csvx.Error
			if !errors.As(err, &ce) || ce.File != "fuzz.parquet" {
				t.Fatalf("error %v (%T) is not a *csvx.Error naming the file", err, err)
			}
			return
		}
		if err := tb.validate(); err != nil {
			t.Fatalf("invalid table: %v", err)
		}
	})
}
