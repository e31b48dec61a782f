package layers

import (
	"testing"

	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/loaders"
)

func buildIGO(b *testing.B) *Panel {
	p, err := NewData().Build(Spec{Layer: "igo"}, loaders.YearRange{})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkIGOBuild builds the full igo layer, 1816-2014, from the
// bundled files (reading them included).
func BenchmarkIGOBuild(b *testing.B) {
	b.ReportAllocs()
	cpu := cpuSeconds()
	for range b.N {
		buildIGO(b)
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkIGOMeasures computes every undirected measure and the graph
// statistics for every year of the igo layer, the layer built beforehand
// (not timed).
func BenchmarkIGOMeasures(b *testing.B) {
	ls := buildIGO(b).Layers()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuSeconds()
	for range b.N {
		if _, _, err := network.Compute(ls, network.UndirectedMeasures(), network.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkIGOBuildAndMeasures is both: reading the files, building the
// 199 yearly graphs and computing every measure on them. Run it alone
// under /usr/bin/time -v for the peak memory of the whole job.
func BenchmarkIGOBuildAndMeasures(b *testing.B) {
	b.ReportAllocs()
	cpu := cpuSeconds()
	for range b.N {
		ls := buildIGO(b).Layers()
		if _, _, err := network.Compute(ls, network.UndirectedMeasures(), network.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}
