package network

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
)

var (
	baEdges  = flag.String("ba.edges", "", "TestExportBA: write the benchmark Barabasi-Albert graph's edges to this CSV file")
	baResult = flag.String("ba.result", "", "BenchmarkBetweennessBA: write the betweenness it computed to this CSV file")
	baNodes  = flag.Int("ba.n", 20000, "TestExportBA, BenchmarkBetweennessBA: number of nodes of the Barabasi-Albert graph")
	baIgraph = flag.Bool("ba.igraphties", false, "BenchmarkBetweennessBA: judge ties as igraph does")
)

// barabasiAlbert returns a Barabási-Albert preferential-attachment graph on
// nodes 0..n-1 (Barabási and Albert 1999): a complete graph on m+1 nodes,
// then each further node joined to m distinct earlier nodes chosen with
// probability proportional to their degree. Weights are uniform integers
// 1..100. Everything is drawn from rand.NewPCG(seed, 0), so the graph is
// the same on every machine.
func barabasiAlbert(n, m int, seed uint64) ([]int64, []graph.Edge) {
	rng := rand.New(rand.NewPCG(seed, 0))
	nodes := make([]int64, n)
	for i := range nodes {
		nodes[i] = int64(i)
	}
	var edges []graph.Edge
	var ends []int64 // each node once per edge end: sampling ∝ degree
	for i := 0; i <= m; i++ {
		for j := i + 1; j <= m; j++ {
			edges = append(edges, graph.Edge{From: int64(i), To: int64(j), Weight: float64(1 + rng.IntN(100))})
			ends = append(ends, int64(i), int64(j))
		}
	}
	chosen := make(map[int64]bool, m)
	picks := make([]int64, 0, m)
	for v := int64(m + 1); v < int64(n); v++ {
		clear(chosen)
		picks = picks[:0]
		for len(picks) < m {
			u := ends[rng.IntN(len(ends))]
			if !chosen[u] {
				chosen[u] = true
				picks = append(picks, u)
			}
		}
		for _, u := range picks {
			edges = append(edges, graph.Edge{From: u, To: v, Weight: float64(1 + rng.IntN(100))})
			ends = append(ends, u, v)
		}
	}
	return nodes, edges
}

func baGraph(tb testing.TB) *graph.Graph {
	nodes, edges := barabasiAlbert(*baNodes, 5, 2014)
	g, err := graph.FromEdges(nodes, edges, false)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// TestExportBA writes the benchmark graph for the igraph side of
// testdata/bench/betweenness_ba.py; it does nothing without -ba.edges.
func TestExportBA(t *testing.T) {
	if *baEdges == "" {
		t.Skip("no -ba.edges")
	}
	g := baGraph(t)
	f, err := os.Create(*baEdges)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "from,to,weight")
	for _, e := range g.Edges() {
		fmt.Fprintf(w, "%d,%d,%s\n", e.From, e.To, strconv.FormatFloat(e.Weight, 'g', -1, 64))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkBetweennessBA is weighted betweenness on a 20,000-node
// Barabási-Albert graph (m = 5, about 100,000 edges; -ba.n changes the
// size), with GOMAXPROCS workers. testdata/bench/betweenness_ba.py runs it
// next to igraph.
func BenchmarkBetweennessBA(b *testing.B) {
	g := baGraph(b)
	b.ResetTimer()
	cpu := cpuSeconds()
	var p Paths
	for range b.N {
		p = ShortestPaths(g, PathOptions{IgraphTies: *baIgraph})
	}
	b.StopTimer()
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	if *baResult != "" {
		var sb strings.Builder
		sb.WriteString("id,betweenness\n")
		for i, v := range p.Betweenness {
			fmt.Fprintf(&sb, "%d,%s\n", g.ID(i), strconv.FormatFloat(v, 'g', -1, 64))
		}
		if err := os.WriteFile(*baResult, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// resetPeakRSS resets the process's peak resident set size to its current
// size (Linux 4.0 and later), so that peakRSS measures what follows; it
// does nothing elsewhere.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns the process's peak resident set size in bytes (VmHWM),
// or 0 where /proc is not available.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkAllMeasuresIGO computes every undirected measure and the graph
// statistics for 199 layers, each a copy of the 2014 IGO graph (195 nodes,
// 18,908 edges): an upper bound on the real 1816-2014 IGO panel, whose
// earlier years have fewer states and edges. It reports the CPU time and
// the peak resident memory of the test process during the computation (the
// test binary and the graph included).
func BenchmarkAllMeasuresIGO(b *testing.B) {
	c := loadCase(b, "cow2014")
	layers := make([]Layer, 199)
	for k := range layers {
		layers[k] = Layer{Year: 1816 + k, Graph: c.g, Groups: c.groups}
	}
	runtime.GC()
	resetPeakRSS()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuSeconds()
	var nodes *table.Table
	for range b.N {
		var err error
		nodes, _, err = Compute(layers, UndirectedMeasures(), Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if nodes.NumRows() != 199*195 {
		b.Fatalf("%d rows", nodes.NumRows())
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(peakRSS()/1e6, "peak-RSS-MB")
}

// BenchmarkAllMeasuresIGOPanel computes every undirected measure and the
// graph statistics for the real IGO panel 1816-2014, written by
// testdata/bench/igo_panel.py to the file named by $REPNET_IGO_PANEL
// (skipped if unset). Reading the file is not timed.
func BenchmarkAllMeasuresIGOPanel(b *testing.B) {
	path := os.Getenv("REPNET_IGO_PANEL")
	if path == "" {
		b.Skip("REPNET_IGO_PANEL not set; see testdata/bench/igo_panel.py")
	}
	_, recs := readCSV(b, path)
	nodes := map[int][]int64{}
	edges := map[int][]graph.Edge{}
	for _, r := range recs {
		y := int(atoi(b, r[0]))
		if r[1] == "node" {
			nodes[y] = append(nodes[y], atoi(b, r[2]))
		} else {
			edges[y] = append(edges[y], graph.Edge{From: atoi(b, r[2]), To: atoi(b, r[3]), Weight: atof(b, r[4])})
		}
	}
	var layers []Layer
	var m int
	for y := 1816; y <= 2014; y++ {
		g, err := graph.FromEdges(nodes[y], edges[y], false)
		if err != nil {
			b.Fatal(err)
		}
		layers = append(layers, Layer{Year: y, Graph: g})
		m += g.NumEdges()
	}
	recs, nodes, edges = nil, nil, nil
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuSeconds()
	for range b.N {
		if _, _, err := Compute(layers, UndirectedMeasures(), Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(peakRSS()/1e6, "peak-RSS-MB")
	b.ReportMetric(float64(m), "edges")
}
