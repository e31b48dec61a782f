package notebooks

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the committed outputs of testdata/small.toml")

const testVersion = "test"

// runNotebook loads and runs path into out with the given options.
func runNotebook(t *testing.T, path string, opts Options) *Result {
	t.Helper()
	nb, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	opts.Version = testVersion
	res, err := nb.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTrees(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	var diffs []string
	for p, x := range a {
		if y, ok := b[p]; !ok || !bytes.Equal(x, y) {
			diffs = append(diffs, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			diffs = append(diffs, p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: files differ: %v", what, diffs)
	}
}

// TestSmallNotebook runs testdata/small.toml several ways (in parallel,
// with GOMAXPROCS 1 and 2, from the cache) and checks that every output
// byte is the same each time and the same as the committed outputs in
// testdata/small (rewritten with -update).
func TestSmallNotebook(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join("testdata", "small.toml")
	cache := filepath.Join(tmp, "cache")
	first := filepath.Join(tmp, "first")
	res := runNotebook(t, path, Options{Out: first, CacheDir: cache})
	if len(res.Cached) != 0 {
		t.Errorf("first run took %v from an empty cache", res.Cached)
	}
	want := tree(t, first)
	for _, f := range []string{"report.md", "references.bib", "manifest.json", "figures/members.png", "figures/members.svg",
		"tables/three.parquet", "tables/three.csv", "tables/summary.md", "tables/summary.tex", "tables/names.parquet", "tables/names.csv"} {
		if want[f] == nil {
			t.Errorf("no %s", f)
		}
	}
	if want["tables/counts.parquet"] != nil {
		t.Error("an input table was written without a write step")
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		out := filepath.Join(tmp, "procs", string(rune('0'+procs)))
		runNotebook(t, path, Options{Out: out, NoCache: true})
		sameTrees(t, "GOMAXPROCS "+string(rune('0'+procs)), want, tree(t, out))
	}
	runNotebook(t, path, Options{Out: filepath.Join(tmp, "serial"), NoCache: true, Parallel: 1})
	sameTrees(t, "one step at a time", want, tree(t, filepath.Join(tmp, "serial")))

	// Again into the same folder: every cacheable step from the cache,
	// the same bytes.
	res = runNotebook(t, path, Options{Out: first, CacheDir: cache})
	if !reflect.DeepEqual(res.Cached, []string{"counts", "names", "three", "plot", "summary"}) || !reflect.DeepEqual(res.Ran, []string{"paste"}) {
		t.Errorf("second run: cached %v, ran %v", res.Cached, res.Ran)
	}
	sameTrees(t, "from the cache", want, tree(t, first))
	res = runNotebook(t, path, Options{Out: first, CacheDir: cache, Force: true})
	if len(res.Cached) != 0 {
		t.Errorf("--force took %v from the cache", res.Cached)
	}
	sameTrees(t, "forced", want, tree(t, first))

	// No output names the machine, the folder or the time.
	abs, _ := filepath.Abs(tmp)
	host, _ := os.Hostname()
	for p, b := range want {
		for _, bad := range []string{tmp, abs, "/tmp/", os.TempDir()} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s holds the path %q", p, bad)
			}
		}
		if host != "" && len(host) > 3 && bytes.Contains(b, []byte(host)) {
			t.Errorf("%s holds the host name", p)
		}
	}

	golden := filepath.Join("testdata", "small")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := writeTree(golden, want); err != nil {
			t.Fatal(err)
		}
	}
	sameTrees(t, "committed outputs (testdata/small; go test -update rewrites them)", tree(t, golden), want)
}

func TestVerify(t *testing.T) {
	tmp := t.TempDir()
	nbPath := filepath.Join(tmp, "small.toml")
	src, err := os.ReadFile(filepath.Join("testdata", "small.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(nbPath, src, 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Version: testVersion}
	runNotebook(t, nbPath, opts)
	out := filepath.Join(tmp, "small")
	diffs, err := Verify(nbPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 0 {
		t.Fatalf("fresh outputs differ: %v", diffs)
	}
	// Change one byte, remove a file, add one.
	csv := filepath.Join(out, "tables", "summary.csv")
	b, _ := os.ReadFile(csv)
	b[len(b)-2] ^= 1
	os.WriteFile(csv, b, 0o644)
	os.Remove(filepath.Join(out, "figures", "members.svg"))
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	diffs, err = Verify(nbPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []Diff{{"figures/members.svg", "missing"}, {"notes.txt", "extra"}, {"tables/summary.csv", "differs"}}
	if !reflect.DeepEqual(diffs, want) {
		t.Errorf("diffs %v, want %v", diffs, want)
	}
	// Verify reads no cache and leaves nothing behind in the folder.
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Error("verify changed the committed folder")
	}
}

// TestStarter checks that the notebook 'repnet new' writes runs as
// written, and that its prose is filled in from the run's tables.
func TestStarter(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(tmp, "mine.toml")
	if err := os.WriteFile(path, []byte(Starter("mine", "My notebook")), 0o644); err != nil {
		t.Fatal(err)
	}
	runNotebook(t, path, Options{NoCache: true})
	report, err := os.ReadFile(filepath.Join(tmp, "mine", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"# My notebook", "(4,728 state-years)", "In 2014 China (CHN) was a member of\n80 IGOs, against\n88 for Russia and\n91 for India.", "![Figure memberships](figures/memberships.png)"} {
		if !strings.Contains(string(report), w) {
			t.Errorf("report lacks %q:\n%s", w, report)
		}
	}
	for _, f := range []string{"tables/members_2014.md", "tables/members_2014.tex", "figures/memberships.svg"} {
		if _, err := os.Stat(filepath.Join(tmp, "mine", f)); err != nil {
			t.Error(err)
		}
	}
}

func TestStepSeed(t *testing.T) {
	// Values from Python: int.from_bytes(hashlib.sha256(
	// struct.pack('>q', root) + id.encode()).digest()[:8], 'big').
	for _, c := range []struct {
		root int64
		id   string
		want uint64
	}{
		{20240101, "layout", 11408153995279751458},
		{1, "a", 4258557881403305461},
		{-5, "step one", 8707506935193638460},
	} {
		if got := StepSeed(c.root, c.id); got != c.want {
			t.Errorf("StepSeed(%d, %q) = %d, want %d", c.root, c.id, got, c.want)
		}
	}
}

// TestCOWIGOv3 runs the shipped notebook and checks that every reference
// value it sets beside a published one is reproduced (the bytes of its
// committed outputs are checked by 'repnet run --verify' in CI).
func TestCOWIGOv3(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a whole notebook")
	}
	out := filepath.Join(t.TempDir(), "out")
	runNotebook(t, "cow-igo-v3.toml", Options{Out: out, NoCache: true})
	csv, err := os.ReadFile(filepath.Join(out, "tables", "reference_values.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := `quantity,year,state_name,value,published,published_year,reproduced
Peak number of IGOs alive (first year reached),1994,,343,343,1994,true
IGOs alive in 2014,2014,,335,335,2014,true
Mean memberships per state in 2014 (full and associate),2014,,63.46,63.46,2014,true
States in the system in 2014,2014,,195,195,2014,true
Most memberships of a state in 2014,2014,France,117,117,2014,true
`
	if string(csv) != want {
		t.Errorf("reference_values.csv:\n%s\nwant\n%s", csv, want)
	}
	report, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if bytes.Contains(report, []byte("NOT ALL VALUES MATCH")) || !bytes.Contains(report, []byte("All 5 are reproduced.")) {
		t.Errorf("report.md does not say every value is reproduced")
	}
}

// TestCOWIGOv3Mismatch: when a published value is not reproduced, the
// report says so plainly (checked on a copy with one published value
// changed).
func TestCOWIGOv3Mismatch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a whole notebook")
	}
	src, err := os.ReadFile("cow-igo-v3.toml")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), `"published = 343"`, `"published = 344"`, 1)
	if changed == string(src) {
		t.Fatal("no published = 343 in cow-igo-v3.toml")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cow-igo-v3.toml")
	if err := os.WriteFile(p, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	runNotebook(t, p, Options{NoCache: true})
	report, _ := os.ReadFile(filepath.Join(dir, "cow-igo-v3", "report.md"))
	if !bytes.Contains(report, []byte("Only 4 of the 5\nare reproduced: NOT ALL VALUES MATCH")) {
		t.Errorf("report.md does not say that one value is not reproduced:\n%s", report)
	}
}
