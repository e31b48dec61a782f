package loaders

import "testing"

// BenchmarkLoadAll loads the tidy table of every bundled dataset and
// every secondary table, as repnet table would.
func BenchmarkLoadAll(b *testing.B) {
	resolve := referenceResolver(b)
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

func BenchmarkLoad(b *testing.B) {
	resolve := referenceResolver(b)
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
