package notebooks

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// netBase is a valid notebook with one step of each network kind; cases
// edit it.
const netBase = `title = "T"
seed = 1

[[step]]
id = "ties"
run = "edges"
out = "ties"
layer = { layer = "igo", igos = ["sco", "csto"], weight = "newman" }
years = 2014

[[step]]
id = "central"
run = "centrality"
out = ["central", "graphs"]
layer = "igo,igos=sco/csto"
years = "2013-2014"
measures = ["degree", "eigenvector"]
attributes = true

[[step]]
id = "groups"
run = "communities"
out = "groups"
layer = { layer = "igo", igos = ["sco", "csto"] }
years = 2014

[[step]]
id = "comp"
run = "igos"
out = "comp"
years = 2014
threshold = 0.67
`

func TestNetworkLoadErrors(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"unknown layer option", `igos = ["sco", "csto"], weight`, `igos = ["sco", "csto"], wieght`, `bad.toml:8: step "ties" (edges): unknown layer option "wieght" (did you mean "weight"?)`},
		{"option type", `weight = "newman"`, `weight = 3`, `bad.toml:8: step "ties" (edges): layer option weight: expected a string, found 3`},
		{"option value", `weight = "newman"`, `weight = "cosine"`, `bad.toml:8: step "ties" (edges): igo layer: weight "cosine" is not one of count, jaccard, newman`},
		{"no layer in the table", `layer = { layer = "igo", igos`, `layer = { igos`, `bad.toml:8: step "ties" (edges): no layer: write layer = { layer = "igo", ... }`},
		{"missing layer", "layer = { layer = \"igo\", igos = [\"sco\", \"csto\"], weight = \"newman\" }\n", "", `bad.toml:4: step "ties" (edges): missing layer`},
		{"layer type", `layer = "igo,igos=sco/csto"`, `layer = 5`, `bad.toml:15: step "central" (centrality): layer must be a table`},
		{"string spec", `layer = "igo,igos=sco/csto"`, `layer = "igo,igos=sco/csto,obligation=defense"`, `bad.toml:15: step "central" (centrality): option obligation does not apply to the igo layer`},
		{"string spec syntax", `layer = "igo,igos=sco/csto"`, `layer = "igo,sco"`, `bad.toml:15: step "central" (centrality): spec "igo,sco": "sco" is not key=value`},
		{"file layer", `layer = "igo,igos=sco/csto"`, `layer = "file:edges.csv"`, `bad.toml:15: step "central" (centrality): a file layer (file:edges.csv) is not supported in a notebook step`},
		{"threshold without select", `weight = "newman"`, `threshold = 0.5`, `threshold applies only with select`},
		{"unknown measure", `measures = ["degree", "eigenvector"]`, `measures = ["degree", "fame"]`, `bad.toml:17: step "central" (centrality): unknown measure "fame"`},
		{"directed measure", `measures = ["degree", "eigenvector"]`, `measures = ["hub"]`, `bad.toml:17: step "central" (centrality): measure "hub" is not defined for undirected graphs`},
		{"no measures", "measures = [\"degree\", \"eigenvector\"]\n", "", `bad.toml:11: step "central" (centrality): missing measures`},
		{"assortativity needs graphs", `out = ["central", "graphs"]`, "out = \"central\"\nassortativity = \"regime\"", `bad.toml:15: step "central" (centrality): assortativity goes into the graph table`},
		{"assortativity value", `attributes = true`, `assortativity = "party"`, `bad.toml:18: step "central" (centrality): assortativity "party"`},
		{"seed without community", `attributes = true`, `seed = 3`, `bad.toml:18: step "central" (centrality): resolution and seed apply to the community measure only`},
		{"three outputs", `out = ["central", "graphs"]`, `out = ["central", "graphs", "more"]`, `bad.toml:14: step "central" (centrality): a centrality step makes the node table and, optionally, the graph table`},
		{"edges reads no table", `out = "ties"`, "out = \"ties\"\nin = \"comp\"", `step "ties" (edges): an edges step reads no table`},
		{"resolution in edges", `years = 2014
`, "years = 2014\nresolution = -1\n", `bad.toml:10: step "ties" (edges): unknown key "resolution"`},
		{"resolution", "out = \"groups\"\n", "out = \"groups\"\nresolution = 0\n", `bad.toml:24: step "groups" (communities): resolution 0: want a positive number`},
		{"typo in a kind key", `attributes = true`, `atributes = true`, `bad.toml:18: step "central" (centrality): unknown key "atributes" (did you mean "attributes"?)`},
		{"igos threshold", `threshold = 0.67`, `threshold = 1.5`, `bad.toml:32: step "comp" (igos): threshold 1.5: want a share in (0, 1]`},
		{"igos years", `years = 2014
threshold`, `years = "2014-1990"
threshold`, `bad.toml:31: step "comp" (igos): key years: years 2014-1990`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(netBase, c.old) {
				t.Fatalf("the case's text %q is not in netBase", c.old)
			}
			p := writeNotebook(t, "bad", strings.Replace(netBase, c.old, c.new, 1))
			_, err := Load(p)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			msg := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			if !strings.Contains(msg, c.want) {
				t.Errorf("error\n  %s\nwant it to contain\n  %s", msg, c.want)
			}
			wroteNothing(t, filepath.Dir(p))
		})
	}
	// Errors that appear only when the layer is built name the step.
	p := writeNotebook(t, "late", strings.Replace(netBase, `years = "2013-2014"`, `years = "2013-2015"`, 1))
	nb, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = nb.Run(Options{Version: testVersion, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), `late.toml:11: step "central" (centrality): the igo layer covers 1816-2014; years 2013-2015 reach outside it`) {
		t.Errorf("error %v", err)
	}
}

// TestNetworksNotebook runs testdata/networks.toml with GOMAXPROCS 1 and
// 2 and checks that the outputs are byte for byte the same, and the same
// as the committed ones in testdata/networks (rewritten with -update);
// that its tables agree with an independent recount from the COW IGO
// state-year table; and that the steps share one reading of the data.
func TestNetworksNotebook(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join("testdata", "networks.toml")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want map[string][]byte
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		out := filepath.Join(tmp, "procs", string(rune('0'+procs)))
		runNotebook(t, path, Options{Out: out, NoCache: true})
		got := tree(t, out)
		if want == nil {
			want = got
			continue
		}
		sameTrees(t, "GOMAXPROCS 2 against 1", want, got)
	}
	// From the cache: the same bytes, nothing recomputed.
	cache := filepath.Join(tmp, "cache")
	out := filepath.Join(tmp, "cached")
	runNotebook(t, path, Options{Out: out, CacheDir: cache})
	res := runNotebook(t, path, Options{Out: out, CacheDir: cache})
	if len(res.Ran) != 0 {
		t.Errorf("second run recomputed %v", res.Ran)
	}
	sameTrees(t, "from the cache", want, tree(t, out))

	golden := filepath.Join("testdata", "networks")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := writeTree(golden, want); err != nil {
			t.Fatal(err)
		}
	}
	sameTrees(t, "committed outputs (testdata/networks; go test -update rewrites them)", tree(t, golden), want)

	read := func(name string) *table.Table {
		t.Helper()
		tb, err := table.ReadFile(filepath.Join(tmp, "procs", "1", "tables", name+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	// An independent recount from the state-year table: each state's full
	// memberships among the SCO, CSTO and CIS in 2014, and the Newman
	// weight Σ 1/(n_k - 1) of every pair.
	mem, err := loaders.Load("cow-igo", loaders.Options{Years: loaders.YearRange{First: 2014, Last: 2014}})
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]int64{}
	cc, ig, st := mem.Col("ccode"), mem.Col("igo"), mem.Col("status")
	for i := 0; i < mem.NumRows(); i++ {
		if o := ig.Strings[i]; (o == "sco" || o == "csto" || o == "cis") && st.Strings[i] == "full" {
			members[o] = append(members[o], cc.Ints[i])
		}
	}
	newman := map[[2]int64]float64{}
	strength := map[int64]float64{}
	for _, o := range []string{"cis", "csto", "sco"} { // the layer's order: by COW's column order
		ms := members[o]
		slices.Sort(ms)
		for a := range ms {
			for _, b := range ms[a+1:] {
				newman[[2]int64{ms[a], b}] += 1 / float64(len(ms)-1)
				strength[ms[a]]++
				strength[b]++
			}
		}
	}
	ties := read("ties")
	var n int
	for i, y := range ties.Col("year").Ints {
		if y != 2014 {
			continue
		}
		n++
		k := [2]int64{ties.Col("ccode1").Ints[i], ties.Col("ccode2").Ints[i]}
		if w := ties.Col("weight").Floats[i]; math.Abs(w-newman[k]) > 1e-12 {
			t.Errorf("ties %v: weight %v, recount %v", k, w, newman[k])
		}
	}
	if n != len(newman) || n == 0 {
		t.Errorf("ties 2014: %d edges, recount %d", n, len(newman))
	}
	central := read("central")
	for i, y := range central.Col("year").Ints {
		c := central.Col("ccode").Ints[i]
		if y == 2014 && central.Col("strength").Floats[i] != strength[c] {
			t.Errorf("strength of %d: %v, recount %v", c, central.Col("strength").Floats[i], strength[c])
		}
	}
	// The communities step's partition is layers.Communities' with the
	// step's derived seed, which the manifest records.
	d := layers.NewData()
	s, _ := layers.ParseSpec("igo,igos=sco/csto/cis")
	p, err := d.Build(s, loaders.YearRange{First: 2013, Last: 2014})
	if err != nil {
		t.Fatal(err)
	}
	ref, _, err := d.Communities(p, layers.MeasureOptions{Seed: StepSeed(7, "groups")})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ref.Col("community").Ints, read("groups").Col("community").Ints) {
		t.Error("the communities step's partition is not that of its derived seed")
	}
	man := string(want["manifest.json"])
	for _, w := range []string{`"dataset": "cow-igo",
      "file": "state_year_format3.csv.gz"`, `"dataset": "vdem-row"`, `"seed": "` + uintString(StepSeed(7, "groups")) + `"`} {
		if !strings.Contains(man, w) {
			t.Errorf("manifest.json lacks %s", w)
		}
	}
	report := string(want["report.md"])
	for _, w := range []string{
		"The 4 organizations of COW IGO v3 that are autocratic\nat two thirds in 2014 include the SCO, whose share of autocracies is\n100.0%.",
		"In 2014 KZK had the largest\neigenvector centrality; Russia's strength was 18.",
		"betweenness (Freeman 1977; Brandes 2001) with path length 1/weight (Newman 2001), each unordered pair of states counted once, not normalised",
		"the weight of a tie is the sum, over the selected organizations in which both states are full members, of 1/(n - 1)",
		"is at least 0.67; full members without a code are left out of the share",
		"- Debre, Maria J. 2022. “Clubs of Autocrats",
		"- Neal", // not cited: no backbone
	} {
		if strings.Contains(report, w) == (w == "- Neal") {
			t.Errorf("report.md: %q present = %v", w, !strings.Contains(report, w))
		}
	}
}

func uintString(u uint64) string {
	const digits = "0123456789"
	if u == 0 {
		return "0"
	}
	var b []byte
	for ; u > 0; u /= 10 {
		b = append([]byte{digits[u%10]}, b...)
	}
	return string(b)
}

// TestShared: the steps of one run share one value per key, made once.
func TestShared(t *testing.T) {
	var s sharedValues
	made := 0
	done := make(chan any)
	for range 8 {
		go func() {
			done <- (&Context{shared: &s}).Shared("k", func() any { made++; return new(int) })
		}()
	}
	first := <-done
	for range 7 {
		if v := <-done; v != first {
			t.Error("two values for one key")
		}
	}
	if made != 1 {
		t.Errorf("made %d times", made)
	}
	if (&Context{}).Shared("k", func() any { return 1 }) != 1 {
		t.Error("a Context outside a run does not make the value")
	}
}

// TestAutocraticClubs runs the autocratic-clubs notebook and checks its
// tables against facts established elsewhere and an independent recount:
// the 2014 counts of organizations documented at layers.Composition, and
// every state's 2014 strength recounted from the COW state-year table and
// the notebook's own list of autocratic organizations (a state's strength
// is the sum, over its autocratic organizations, of their other members).
// Its committed outputs are checked byte for byte by 'repnet run
// --verify' in CI.
func TestAutocraticClubs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a whole notebook")
	}
	out := filepath.Join(t.TempDir(), "out")
	runNotebook(t, "autocratic-clubs.toml", Options{Out: out, NoCache: true})
	read := func(name string) *table.Table {
		t.Helper()
		tb, err := table.ReadFile(filepath.Join(out, "tables", name+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	py := read("per_year")
	for i, y := range py.Col("year").Ints {
		if y != 2014 {
			continue
		}
		got := []int64{py.Col("organizations").Ints[i], py.Col("coded").Ints[i], py.Col("autocratic_50").Ints[i], py.Col("autocratic_67").Ints[i]}
		if !slices.Equal(got, []int64{335, 307, 103, 53}) {
			t.Errorf("2014: organizations, coded, autocratic at 0.5 and 0.67 = %v, want [335 307 103 53]", got)
		}
	}
	// Recount strength in 2014 from the memberships.
	list := read("autocratic_2014")
	comp, err := layers.NewData().Composition(loaders.YearRange{First: 2014, Last: 2014}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	autocratic := map[string]bool{}
	for i, io := range comp.Col("ioname").Strings {
		if comp.Col("autocratic").Bools[i] && !comp.Col("autocratic").IsMissing(i) {
			autocratic[comp.Col("igo").Strings[i]] = true
			if !slices.Contains(list.Col("ioname").Strings, io) {
				t.Errorf("%s is autocratic in 2014 but not in autocratic_2014", io)
			}
		}
	}
	if len(autocratic) != list.NumRows() {
		t.Errorf("%d autocratic organizations, the list has %d", len(autocratic), list.NumRows())
	}
	central := read("central")
	nodes := map[int64]bool{}
	strength := map[int64]float64{}
	for i, y := range central.Col("year").Ints {
		if y == 2014 {
			nodes[central.Col("ccode").Ints[i]] = true
			strength[central.Col("ccode").Ints[i]] = central.Col("strength").Floats[i]
		}
	}
	mem, err := loaders.Load("cow-igo", loaders.Options{Years: loaders.YearRange{First: 2014, Last: 2014}})
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]int64{}
	for i := 0; i < mem.NumRows(); i++ {
		c, o := mem.Col("ccode").Ints[i], mem.Col("igo").Strings[i]
		if autocratic[o] && mem.Col("status").Strings[i] == "full" && nodes[c] {
			members[o] = append(members[o], c)
		}
	}
	recount := map[int64]float64{}
	for _, ms := range members {
		for _, c := range ms {
			recount[c] += float64(len(ms) - 1)
		}
	}
	for c := range nodes {
		if strength[c] != recount[c] {
			t.Errorf("strength of %d in 2014: %v, recount %v", c, strength[c], recount[c])
		}
	}
	// The backbone's ties are ties of the full network.
	full := map[[2]int64]bool{}
	p, err := layers.Build(layers.Spec{Layer: "igo", Select: "autocratic"}, loaders.YearRange{First: 2014, Last: 2014})
	if err != nil {
		t.Fatal(err)
	}
	e := p.Edges(false)
	for i := range e.Col("ccode1").Ints {
		full[[2]int64{e.Col("ccode1").Ints[i], e.Col("ccode2").Ints[i]}] = true
	}
	bb := read("backbone_2014")
	for i := range bb.Col("ccode1").Ints {
		if !full[[2]int64{bb.Col("ccode1").Ints[i], bb.Col("ccode2").Ints[i]}] {
			t.Fatalf("backbone tie %d-%d is not a tie of the network", bb.Col("ccode1").Ints[i], bb.Col("ccode2").Ints[i])
		}
	}
	if bb.NumRows() == 0 || bb.NumRows() >= e.NumRows() {
		t.Errorf("backbone %d ties of %d", bb.NumRows(), e.NumRows())
	}
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"NaN", "<no value>", "%!"} {
		if strings.Contains(string(report), bad) {
			t.Errorf("report.md contains %q", bad)
		}
	}
}

// FuzzNetworkSteps: loading notebooks with network steps (layer tables
// and strings of any shape) never panics.
func FuzzNetworkSteps(f *testing.F) {
	f.Add(netBase)
	f.Add(strings.Replace(netBase, `layer = "igo,igos=sco/csto"`, `layer = { layer = "atop", directed = true, obligation = "defense" }`, 1))
	f.Add(strings.Replace(netBase, `weight = "newman"`, `threshold = [1, "x"], kinds = 3`, 1))
	f.Add(strings.Replace(netBase, `layer = "igo,igos=sco/csto"`, `layer = "igo,,=,threshold=x,igos="`, 1))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		parseNotebook(filepath.Join(dir, "fuzz.toml"), []byte(src))
	})
}
