package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestEdgesAllDyads runs the example: every non-directed
// dyad-year 1816-2014 with its count of shared full IGO memberships.
func TestEdgesAllDyads(t *testing.T) {
	code, out, stderr := runCLI(t, "edges", "--layer", "igo", "--years", "1816-2014", "--all-dyads", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Scan()
	if sc.Text() != "year,ccode1,ccode2,weight" {
		t.Fatalf("header %q", sc.Text())
	}
	rows, zeros := 0, 0
	found := map[string]bool{}
	for sc.Scan() {
		line := sc.Text()
		rows++
		if strings.HasSuffix(line, ",0") {
			zeros++
		}
		switch line {
		case "1990,2,20,67", "2000,2,20,73", "2014,2,20,72", "2014,365,710,55":
			found[line] = true
		}
	}
	// peacesciencer's cow_igo_ndy, from COW's dyadic file, has 917,695
	// dyad-years: the same pairs.
	if rows != 917695 || len(found) != 4 {
		t.Errorf("%d rows (%d zero), hand facts found %v", rows, zeros, found)
	}
	if !strings.Contains(stderr, "260 265 678 680 in 1990") {
		t.Errorf("stderr lacks the 1990 note: %q", stderr)
	}
	code, out, _ = runCLI(t, "edges", "--layer", "igo", "--years", "2014", "--quiet")
	if code != 0 || strings.Count(out, "\n") != 18908+1 || !strings.Contains(out, "\n2014,2,20,72\n") {
		t.Errorf("edges 2014: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
}

func TestNetworkUsageErrors(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"edges"}, 2, "--layer is required"},
		{[]string{"edges", "--layer", "alliances"}, 2, `unknown layer "alliances"`},
		{[]string{"edges", "--layer", "atop", "--weight", "jaccard"}, 2, "option weight does not apply to the atop layer"},
		{[]string{"edges", "--layer", "igo", "--threshold", "0.6"}, 2, "threshold applies only with select"},
		{[]string{"edges", "--layer", "igo", "--years", "2010-2016"}, 2, "covers 1816-2014"},
		{[]string{"edges", "--layer", "igo", "--igos", "sco,natoo", "--years", "2014"}, 2, "unknown IGO natoo"},
		{[]string{"edges", "--layer", "contiguity", "--max-type", "x"}, 2, "--max-type"},
		{[]string{"edges", "--layer", "file:" + filepath.Join(tmp, "none.csv")}, 1, "none.csv"},
		{[]string{"centrality", "--layer", "igo", "--measures", "fame", "--years", "2014"}, 2, `unknown measure "fame"`},
		{[]string{"centrality", "--layer", "atop", "--directed", "--measures", "eigenvector", "--years", "2000"}, 2, "not defined for directed"},
		{[]string{"centrality", "--layer", "igo", "--assortativity", "regime", "--years", "2014"}, 2, "goes with --graph-stats"},
		{[]string{"communities", "--layer", "igo", "--resolution", "0"}, 2, "--resolution"},
		{[]string{"igos", "--threshold", "1.5"}, 2, "--threshold"},
		{[]string{"igos", "--years", "2015"}, 2, "covers 1816-2014"},
		{[]string{"export-graph", "--layer", "igo", "--format", "gexf"}, 2, "--year is required"},
		{[]string{"export-graph", "--layer", "igo", "--year", "2014"}, 2, "--format"},
		{[]string{"export-graph", "--layer", "igo", "--year", "2014", "--format", "pajek"}, 2, "pajek"},
		{[]string{"export-graph", "--layer", "igo", "--year", "2014", "-o", filepath.Join(tmp, "g.gexf"), "--format", "dot"}, 2, "disagrees"},
		{[]string{"export-graph", "--layer", "igo", "--year", "1815", "--format", "dot"}, 2, "covers 1816-2014"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestThreadsDeterminism: centrality with every measure and communities
// give the same bytes with one and two threads, on every year of the igo
// layer.
func TestThreadsDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, args := range [][]string{
		{"centrality", "--layer", "igo", "--measures", "all", "--quiet"},
		{"centrality", "--layer", "igo", "--measures", "all", "--graph-stats", "--assortativity", "regime", "--years", "1946-2014", "--quiet"},
		{"communities", "--layer", "igo", "--quiet"},
		{"centrality", "--layer", "unvotes", "--measures", "all", "--years", "2010-2016", "--quiet"},
		{"centrality", "--layer", "atop", "--directed", "--measures", "all", "--years", "1990-2000", "--quiet"},
	} {
		var outs [2][]byte
		for k, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			code, out, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			outs[k] = []byte(out)
		}
		h := sha256.Sum256(outs[0])
		t.Logf("%v: %d bytes, sha256 %x", args, len(outs[0]), h[:8])
		if !bytes.Equal(outs[0], outs[1]) || len(outs[0]) < 1000 {
			t.Errorf("%v: output differs between GOMAXPROCS 1 and 2 (%d and %d bytes)", args, len(outs[0]), len(outs[1]))
		}
	}
}

func TestCentralityCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "centrality", "--layer", "igo", "--igos", "sco", "--measures", "degree,strength,closeness", "--years", "2014")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "year,ccode,degree,strength,closeness" || len(lines) != 195+2 {
		t.Fatalf("header %q, %d lines", lines[0], len(lines))
	}
	// China is in the SCO: 5 partners; the USA is an isolate, whose
	// closeness is missing (empty), not 0.
	for _, want := range []string{"2014,710,5,5,", "2014,2,0,0,\n"} {
		if !strings.Contains(out, "\n"+want) {
			t.Errorf("no line starting %q", want)
		}
	}
	// With V-Dem attributes: China 2014 is a closed autocracy (RoW 0,
	// polyarchy 0.084); the Bahamas have no V-Dem data (missing, empty).
	code, out, _ = runCLI(t, "centrality", "--layer", "igo", "--igos", "sco", "--measures", "degree", "--attributes", "--years", "2013-2014")
	if code != 0 || !strings.HasPrefix(out, "year,ccode,stateabb,name,v2x_regime,regime,autocracy,v2x_polyarchy,degree\n") ||
		!strings.Contains(out, "\n2014,710,CHN,China,0,closed autocracy,true,0.084,5\n") || !strings.Contains(out, "\n2014,31,BHM,Bahamas,,,,,0\n") {
		t.Errorf("attributes: exit %d\n%s", code, out[:min(400, len(out))])
	}
	code, out, _ = runCLI(t, "centrality", "--layer", "igo", "--graph-stats", "--assortativity", "autocracy", "--measures", "degree", "--years", "2014")
	if code != 0 || !strings.HasPrefix(out, "year,nodes,edges,density,mean_degree,transitivity,assortativity_degree,components,assortativity_group\n2014,195,18908,") {
		t.Errorf("graph stats: exit %d\n%s", code, out)
	}
}

func TestCommunitiesCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "communities", "--layer", "igo", "--years", "2014", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "year,ccode,community,communities,modularity\n2014,2,0,") || strings.Count(out, "\n") != 196 {
		t.Errorf("communities:\n%s", out[:min(300, len(out))])
	}
	// The seed changes the random source: the output records it.
	code, out2, _ := runCLI(t, "communities", "--layer", "igo", "--years", "2014", "--seed", "3")
	if code != 0 || out2 != out {
		t.Errorf("same seed, different output")
	}
}

func TestIGOsCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "igos", "--years", "2014", "--threshold", "0.67")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "year,igo,ionum,ioname,orgname,n_full,n_associate,n_observer,n_missing,n_regime,regime_coverage,n_autocracies,share_autocratic,n_polyarchy,polyarchy_mean,polyarchy_sd,autocratic,alive\n") {
		t.Errorf("header: %s", out[:200])
	}
	var sco string
	aut := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "2014,sco,") {
			sco = l
		}
		if strings.HasSuffix(l, ",true,true") {
			aut++
		}
	}
	if !strings.HasPrefix(sco, "2014,sco,4115,SCO,Shanghai Cooperation Organisation,6,0,0,0,6,1,6,1,6,0.2335,") || aut != 53 {
		t.Errorf("SCO row %q; %d autocratic at 0.67 (want 53)", sco, aut)
	}
}

// TestExportGraph writes the 2014 IGO graph in each format, checks the
// bytes are the same on a second run, the XML is well-formed, and
// python-igraph reads the GraphML back with its 195 nodes and 18,908
// weighted edges.
func TestExportGraph(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"gexf", "graphml", "dot"} {
		p := filepath.Join(dir, "igo2014."+ext)
		var first []byte
		for run := 0; run < 2; run++ {
			if code, _, stderr := runCLI(t, "export-graph", "--layer", "igo", "--year", "2014", "--measures", "degree,community", "-o", p); code != 0 {
				t.Fatalf("%s: exit %d: %s", ext, code, stderr)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				first = b
			} else if !bytes.Equal(b, first) {
				t.Errorf("%s: two runs wrote different bytes", ext)
			}
		}
		if ext != "dot" {
			d := xml.NewDecoder(bytes.NewReader(first))
			nodes := 0
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: not well-formed: %v", ext, err)
				}
				if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "node" {
					nodes++
				}
			}
			if nodes != 195 {
				t.Errorf("%s: %d nodes", ext, nodes)
			}
		}
	}
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import igraph").Run(); err != nil {
		t.Skip("python3-igraph is not installed")
	}
	out, err := exec.Command("/usr/bin/python3", "-c", `
import sys, igraph
g = igraph.Graph.Read_GraphML(sys.argv[1])
usa = g.vs.find(id="n2"); can = g.vs.find(id="n20"); chn = g.vs.find(id="n710"); rus = g.vs.find(id="n365")
print(g.vcount(), g.ecount(), g.is_directed(), int(sum(g.es["weight"])))
print(usa["stateabb"], usa["name"], usa["regime"], int(usa["degree"]), g.es[g.get_eid(usa, can)]["weight"], g.es[g.get_eid(rus, chn)]["weight"])
`, filepath.Join(dir, "igo2014.graphml")).CombinedOutput()
	if err != nil {
		t.Fatalf("igraph: %v\n%s", err, out)
	}
	// 626,609: the sum of all 2014 co-memberships (testdata of package
	// layers, recounted independently).
	if want := "195 18908 False 626609\nUSA United States liberal democracy 194 72.0 55.0\n"; string(out) != want {
		t.Errorf("igraph read:\n%s\nwant\n%s", out, want)
	}
}

// TestProgress: a progress bar goes to stderr only when it is a terminal
// and --quiet is not given; stdout is the same either way.
func TestProgress(t *testing.T) {
	var outs [3]string
	for k, c := range []struct{ term, quiet bool }{{false, false}, {true, false}, {true, true}} {
		var out, errb bytes.Buffer
		g := &globalOptions{Stdout: &out, Stderr: &errb, IsTerm: c.term, Quiet: c.quiet, Args: []string{"repnet"}}
		cmd := newCmdEdges(g)
		cmd.SetArgs([]string{"--layer", "igo", "--years", "2000-2014"})
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		outs[k] = out.String()
		bar := strings.Contains(errb.String(), "building igo layer")
		if bar != (c.term && !c.quiet) {
			t.Errorf("terminal %v quiet %v: stderr %q", c.term, c.quiet, errb.String())
		}
	}
	if outs[0] != outs[1] || outs[1] != outs[2] || len(outs[0]) == 0 {
		t.Errorf("stdout depends on the progress bar")
	}
}
