package table

import (
	"bytes"
	"sync"
	"testing"
)

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var benchTable = sync.OnceValue(func() *Table { return bigTable(1_000_000) })

// benchmarkWrite writes the 1,000,000-row, 6-column benchmark table (two
// int columns, two float columns one of them 10% missing, two string
// columns of low and high cardinality) in format f, and reports the size.
func benchmarkWrite(b *testing.B, f Format) {
	tb := benchTable()
	b.ReportAllocs()
	b.ResetTimer()
	var w countWriter
	for i := 0; i < b.N; i++ {
		w.n = 0
		if err := Write(&w, tb, f, WriteOptions{Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.n)/1e6, "MB")
	b.ReportMetric(float64(tb.NumRows())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

func BenchmarkWriteParquet(b *testing.B)  { benchmarkWrite(b, Parquet) }
func BenchmarkWriteCSV(b *testing.B)      { benchmarkWrite(b, CSV) }
func BenchmarkWriteMarkdown(b *testing.B) { benchmarkWrite(b, Markdown) }

func BenchmarkReadParquet(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, benchTable(), Parquet, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ReadParquet(bytes.NewReader(data), int64(len(data)), "bench.parquet"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchTable().NumRows())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

func BenchmarkReadCSV(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, benchTable(), CSV, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ReadCSV(bytes.NewReader(data), "bench.csv"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchTable().NumRows())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}
