package loaders

import (
	"io"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

func ourResolver(tb testing.TB) Resolver {
	tb.Helper()
	c, err := LoadCountries()
	if err != nil {
		tb.Fatal(err)
	}
	return c.Resolve
}

func BenchmarkLoadAll(b *testing.B) {
	resolve := ourResolver(b)
	for b.Loop() {
		for _, id := range IDs() {
			for _, tab := range Tables(id) {
				if _, err := Load(id, Options{Table: tab, Resolve: resolve}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

// BenchmarkExportAllParquet is the foundation issue's target: every
// bundled dataset (each table) loaded and written as Parquet, under 5 s.
func BenchmarkExportAllParquet(b *testing.B) {
	resolve := ourResolver(b)
	for b.Loop() {
		for _, id := range IDs() {
			for _, tab := range Tables(id) {
				t, err := Load(id, Options{Table: tab, Resolve: resolve})
				if err != nil {
					b.Fatal(err)
				}
				if err := table.Write(io.Discard, t, table.Parquet, table.WriteOptions{Version: "bench"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	resolve := ourResolver(b)
	for _, id := range IDs() {
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if _, err := Load(id, Options{Resolve: resolve}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
