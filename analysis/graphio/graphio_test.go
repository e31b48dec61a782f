package graphio

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixture is a small graph whose attributes exercise every type, a missing
// value, and characters that need escaping in each format.
func fixture(t *testing.T, directed bool) (*graph.Graph, *table.Table) {
	t.Helper()
	g, err := graph.FromEdges([]int64{2, 20, 365, 710},
		[]graph.Edge{{From: 2, To: 20, Weight: 72}, {From: 365, To: 710, Weight: 0.1}, {From: 2, To: 365, Weight: 1e-7}, {From: 20, To: 710, Weight: 3}}, directed)
	if err != nil {
		t.Fatal(err)
	}
	regime := table.NewInt("v2x_regime", []int64{3, 3, 1, 0})
	poly := table.NewFloat("v2x_polyarchy", []float64{0.8, 0.86, math.NaN(), 0.084})
	poly.SetMissing(2)
	nodes := table.New(
		table.NewInt("ccode", []int64{2, 20, 365, 710}),
		table.NewString("stateabb", []string{"USA", "CAN", "RUS", "CHN"}),
		table.NewString("name", []string{`United States "US" & <territories>`, "Canada\nline", `Rus\sia`, "China"}),
		regime, poly,
		table.NewBool("autocracy", []bool{false, false, true, true}),
	)
	return g, nodes
}

func TestGolden(t *testing.T) {
	for _, directed := range []bool{false, true} {
		g, nodes := fixture(t, directed)
		for _, f := range []Format{GEXF, GraphML, DOT} {
			var buf bytes.Buffer
			if err := Write(&buf, f, g, nodes, Options{Label: "name", Description: "igo -- 2014 */ & test"}); err != nil {
				t.Fatal(err)
			}
			name := "fixture"
			if directed {
				name += "_directed"
			}
			path := filepath.Join("testdata", name+"."+string(f))
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file (run with -update after checking)", path)
			}
			if f != DOT {
				wellFormed(t, path, buf.Bytes())
			}
		}
	}
}

// wellFormed parses b as XML to the end.
func wellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

// python runs a script with the system Python and returns its output; it
// skips the test when the Python module is missing.
func python(t *testing.T, module, script string, args ...string) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import "+module).Run(); err != nil {
		t.Skipf("python3 has no %s", module)
	}
	out, err := exec.Command("/usr/bin/python3", append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return string(out)
}

// TestGraphMLIgraph reads the GraphML back with python-igraph and checks
// nodes, edges, weights, attributes and the missing value.
func TestGraphMLIgraph(t *testing.T) {
	for _, name := range []string{"fixture", "fixture_directed"} {
		out := python(t, "igraph", `
import sys, igraph, math
g = igraph.Graph.Read_GraphML(sys.argv[1])
print(g.is_directed(), g.vcount(), g.ecount())
for v in g.vs:
    p = v["v2x_polyarchy"]
    print(v["id"], v["ccode"], v["stateabb"], repr(v["name"]), v["v2x_regime"], "nan" if math.isnan(p) else repr(p), v["autocracy"])
for e in g.es:
    print(g.vs[e.source]["id"], g.vs[e.target]["id"], repr(e["weight"]))
`, filepath.Join("testdata", name+".graphml"))
		// igraph keeps every number as a float.
		want := `False 4 4
n2 2.0 USA 'United States "US" & <territories>' 3.0 0.8 False
n20 20.0 CAN 'Canada\nline' 3.0 0.86 False
n365 365.0 RUS 'Rus\\sia' 1.0 nan True
n710 710.0 CHN 'China' 0.0 0.084 True
n2 n20 72.0
n2 n365 1e-07
n20 n710 3.0
n365 n710 0.1
`
		if name == "fixture_directed" {
			want = strings.Replace(want, "False 4 4", "True 4 4", 1)
		}
		if out != want {
			t.Errorf("%s read by igraph:\n%s\nwant\n%s", name, out, want)
		}
	}
}

// TestGEXFNetworkx reads the GEXF back with networkx (Gephi's format has
// no reader in igraph).
func TestGEXFNetworkx(t *testing.T) {
	out := python(t, "networkx", `
import sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print(g.is_directed(), g.number_of_nodes(), g.number_of_edges())
for n, d in sorted(g.nodes(data=True), key=lambda x: int(x[0])):
    print(n, repr(d["label"]), d["ccode"], d["stateabb"], d["v2x_regime"], d.get("v2x_polyarchy"), d["autocracy"])
for a, b, d in sorted(g.edges(data=True), key=lambda x: (int(x[0]), int(x[1]))):
    print(a, b, repr(d["weight"]))
`, filepath.Join("testdata", "fixture.gexf"))
	want := `False 4 4
2 'United States "US" & <territories>' 2 USA 3 0.8 False
20 'Canada\nline' 20 CAN 3 0.86 False
365 'Rus\\sia' 365 RUS 1 None True
710 'China' 710 CHN 0 0.084 True
2 20 72.0
2 365 1e-07
20 710 3.0
365 710 0.1
`
	if out != want {
		t.Errorf("read by networkx:\n%s\nwant\n%s", out, want)
	}
}

// TestDOTGraphviz lays the DOT file out with Graphviz, which rejects a
// syntax error.
func TestDOTGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("no Graphviz dot")
	}
	for _, name := range []string{"fixture.dot", "fixture_directed.dot"} {
		out, err := exec.Command(dot, "-Tcanon", filepath.Join("testdata", name)).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		if !strings.Contains(string(out), "710") || strings.Contains(string(out), "Error") {
			t.Errorf("%s: %s", name, out)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	g, nodes := fixture(t, false)
	if err := Write(io.Discard, GraphML, g, table.New(table.NewInt("x", []int64{1})), Options{}); err == nil {
		t.Errorf("wrong row count accepted")
	}
	if err := Write(io.Discard, GraphML, g, table.New(table.NewInt("id", []int64{1, 2, 3, 4})), Options{}); err == nil {
		t.Errorf("attribute id accepted")
	}
	if err := Write(io.Discard, GEXF, g, nodes, Options{Label: "nope"}); err == nil {
		t.Errorf("unknown label column accepted")
	}
	if err := Write(io.Discard, "json", g, nil, Options{}); err == nil {
		t.Errorf("unknown format accepted")
	}
	if _, err := ParseFormat("GraphML"); err != nil {
		t.Error(err)
	}
	if _, err := ParseFormat("pajek"); err == nil {
		t.Error("pajek accepted")
	}
	// No attributes at all.
	var buf bytes.Buffer
	if err := Write(&buf, GEXF, g, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "bare gexf", buf.Bytes())
}
