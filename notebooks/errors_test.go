package notebooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// base is a valid notebook; cases edit it.
const base = `title = "T"
seed = 1

[inputs.counts]
dataset = "cow-igo-counts"
years = "2013-2014"

[[step]]
id = "few"
run = "transform"
in = "counts"
out = "few"
ops = [
  { filter = "ccode in [2, 710]" },
  { select = ["ccode", "year", "full"] },
]

[[step]]
id = "fig"
run = "plot"
in = "few"
out = "fig"
kind = "timeseries"
y = "full"
group = "ccode"
formats = "svg"
`

// writeNotebook writes src as NAME.toml in a fresh folder and returns its
// path.
func writeNotebook(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name+".toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wroteNothing checks that the notebook's folder holds only the notebook
// (and whatever files the case put there).
func wroteNothing(t *testing.T, dir string, keep ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, k := range keep {
		allowed[k] = true
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".toml") && !allowed[e.Name()] {
			t.Errorf("a failed run left %s behind", e.Name())
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{
		{"toml syntax", strings.Replace(base, `seed = 1`, `seed = = 1`, 1), "bad.toml:2: "},
		{"unknown top key", strings.Replace(base, `seed = 1`, "seed = 1\ntitel = \"x\"", 1), `bad.toml:3: unknown top-level key "titel" (did you mean "title"?)`},
		{"no title", strings.Replace(base, `title = "T"`, ``, 1), "bad.toml:1: missing title"},
		{"no seed", strings.Replace(base, `seed = 1`, ``, 1), "bad.toml:1: missing seed"},
		{"seed type", strings.Replace(base, `seed = 1`, `seed = "one"`, 1), "bad.toml:2: seed must be an integer"},
		{"typo in plot key", strings.Replace(base, `group = "ccode"`, `gruop = "ccode"`, 1), `bad.toml:25: step "fig" (plot): unknown key "gruop" (did you mean "group"?); the keys of run = "plot" are:`},
		{"typo in step key", strings.Replace(base, `out = "fig"`, "out = \"fig\"\ntexts = \"x\"", 1), `bad.toml:23: step "fig" (plot): unknown key "texts" (did you mean "text"?)`},
		{"typo in an input", strings.Replace(base, `years = "2013-2014"`, `yaers = "2013-2014"`, 1), `bad.toml:6: input "counts": unknown key "yaers" (did you mean "years"?)`},
		{"typo in an op", strings.Replace(base, `{ select = ["ccode", "year", "full"] }`, `{ selct = ["ccode", "year", "full"] }`, 1), `bad.toml:15: step "few" (transform): unknown key "ops.selct" inside ops`},
		{"op option", strings.Replace(base, `{ filter = "ccode in [2, 710]" }`, `{ filter = "ccode in [2, 710]", name = "x" }`, 1), `bad.toml:14: step "few" (transform): operation 1 (filter): filter takes no option name`},
		{"bad expression", strings.Replace(base, `ccode in [2, 710]`, `ccode = 2`, 1), `bad.toml:14: step "few" (transform): operation 1 (filter): "ccode = 2": at character 7: a single = is not a comparison`},
		{"wrong type", strings.Replace(base, `y = "full"`, `y = 3`, 1), `bad.toml:24: step "fig" (plot): key y: incompatible types`},
		{"missing dataset", strings.Replace(base, `"cow-igo-counts"`, `"cow-igo-count"`, 1), `bad.toml:5: input "counts": unknown dataset "cow-igo-count" (did you mean "cow-igo-counts"?)`},
		{"missing table", strings.Replace(base, `years = "2013-2014"`, `table = "nope"`, 1), `bad.toml:6: input "counts": dataset cow-igo-counts has no table "nope"`},
		{"bad years", strings.Replace(base, `"2013-2014"`, `"2014-2013"`, 1), `bad.toml:6: input "counts": key years: years 2014-2013`},
		{"missing file", strings.Replace(base, `dataset = "cow-igo-counts"
years = "2013-2014"`, `file = "nope.csv"
sha256 = "00"`, 1), `bad.toml:5: input "counts": cannot read nope.csv: no such file or directory`},
		{"absolute file", strings.Replace(base, `dataset = "cow-igo-counts"
years = "2013-2014"`, `file = "/etc/passwd.csv"`, 1), "give a path relative to the notebook"},
		{"undefined table", strings.Replace(base, `in = "few"`, `in = "fwe"`, 1), `bad.toml:21: step "fig" (plot): table "fwe" is not defined (did you mean "few"?)`},
		{"undefined join table", strings.Replace(base, `{ select = ["ccode", "year", "full"] },`, `{ left_join = "names", by = ["ccode"] },`, 1), `bad.toml:15: step "few" (transform): table "names" is not defined`},
		{"figure read as table", strings.Replace(base, "formats = \"svg\"\n", "formats = \"svg\"\n\n[[step]]\nid = \"again\"\nrun = \"transform\"\nin = \"fig\"\nout = \"x\"\nops = [{ head = 1 }]\n", 1), `step "again" (transform): "fig" is a figure, not a table`},
		{"output outside", strings.Replace(base, `out = "few"`, `out = "../few"`, 1), `bad.toml:12: step "few" (transform): output "../few" would be written outside the notebook's output folder`},
		{"output with a slash", strings.Replace(base, `out = "fig"`, `out = "sub/fig"`, 1), `would be written outside`},
		{"two makers", strings.Replace(base, `out = "fig"`, `out = "few"`, 1), `bad.toml:22: step "fig" (plot): "few" is also made by step "few" (transform) (line 8)`},
		{"duplicate id", strings.Replace(base, `id = "fig"`, `id = "few"`, 1), `bad.toml:19: duplicate id "few": also the step on line 8`},
		{"id is an input", strings.Replace(base, `id = "fig"`, `id = "counts"`, 1), `duplicate id "counts": also the input [inputs.counts] on line 4`},
		{"no id", strings.Replace(base, `id = "fig"`, ``, 1), `bad.toml:18: step 2: missing id`},
		{"unknown kind", strings.Replace(base, `run = "plot"`, `run = "plto"`, 1), `bad.toml:20: step "fig": unknown step kind "plto" (did you mean "plot"?)`},
		{"unknown figure kind", strings.Replace(base, `kind = "timeseries"`, `kind = "pie"`, 1), `bad.toml:23: step "fig" (plot): unknown figure kind "pie"`},
		{"cycle", strings.Replace(base, `in = "counts"
out = "few"`, `in = "fig2"
out = "few"`, 1) + "\n[[step]]\nid = \"again\"\nrun = \"transform\"\nin = \"few\"\nout = \"fig2\"\nops = [{ head = 1 }]\n", `bad.toml:8: steps form a cycle, each reading the next one's output: few (line 8) <- again (line 28) <- few`},
		{"self cycle", strings.Replace(base, `in = "counts"
out = "few"`, `in = "few"
out = "few"`, 1), `steps form a cycle`},
		{"template syntax", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ntext = \"\"\"\nline one\n{{ value \"few\" \"full\" \"ccode=2\" \"year=2014\"\n\"\"\"", 1), `bad.toml:30: step "fig" text: unclosed action started on line 29`},
		{"template table", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ntext = \"\"\"\nline one\n\nThe count is {{ value \"fwe\" \"full\" }}.\n\"\"\"", 1), `bad.toml:30: step "fig" text: value: table "fwe" is not defined`},
		{"description template", strings.Replace(base, `seed = 1`, "seed = 1\ndescription = \"{{ nrows \\\"nope\\\" }}\"", 1), `bad.toml:3: description: nrows: table "nope" is not defined`},
		{"in and inputs", strings.Replace(base, `in = "few"`, "in = \"few\"\ninputs = \"few\"", 1), `give in or inputs, not both`},
		{"plot of two tables", strings.Replace(base, `in = "few"`, `in = ["few", "counts"]`, 1), `a plot draws one table`},
		{"write with out", base + "\n[[step]]\nid = \"w\"\nrun = \"write\"\nin = \"few\"\nout = \"x\"\n", `a write step makes no new table`},
		{"write format", base + "\n[[step]]\nid = \"w\"\nrun = \"write\"\nin = \"few\"\nformat = \"xlsx\"\n", `table format "xlsx"`},
		{"plot format", strings.Replace(base, `formats = "svg"`, `formats = ["svg", "eps"]`, 1), `figure format "eps"`},
		{"digits", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ndigits = 0", 1), `digits must be a whole number from 1 to 17`},
		{"no steps", "title = \"T\"\nseed = 1\n", `no [[step]]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeNotebook(t, "bad", c.src)
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
}

func TestFileInput(t *testing.T) {
	dir := t.TempDir()
	data := "ccode,year,x\n2,2000,1.5\n710,2000,\n"
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "data", "x.csv"), []byte(data), 0o644)
	src := `title = "Files"
seed = 1

[inputs.mine]
file = "data/x.csv"
SUM

[[step]]
id = "copy"
run = "transform"
in = "mine"
out = "copy"
ops = [{ mutate = ["y = x * 2"] }]
`
	p := filepath.Join(dir, "files.toml")
	os.WriteFile(p, []byte(strings.Replace(src, "SUM", "", 1)), 0o644)
	_, err := Load(p)
	want := `files.toml:5: input "mine": file data/x.csv has no sha256: add sha256 = "`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
	sum := err.Error()[strings.Index(err.Error(), `sha256 = "`)+10:]
	sum = sum[:64]
	os.WriteFile(p, []byte(strings.Replace(src, "SUM", `sha256 = "`+strings.Repeat("0", 64)+`"`, 1)), 0o644)
	_, err = Load(p)
	if err == nil || !strings.Contains(err.Error(), `files.toml:6: input "mine": file data/x.csv has sha256 `+sum+`, but the notebook says 000`) {
		t.Fatalf("mismatch: %v", err)
	}
	wroteNothing(t, dir, "data")
	os.WriteFile(p, []byte(strings.Replace(src, "SUM", `sha256 = "`+sum+`"`, 1)), 0o644)
	runNotebook(t, p, Options{NoCache: true})
	man, err := os.ReadFile(filepath.Join(dir, "files", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(man), `"file": "data/x.csv",
      "sha256": "`+sum+`",
      "table": "mine"`) {
		t.Errorf("manifest does not record the file input:\n%s", man)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "files", "tables", "copy.csv"))
	if string(csv) != "ccode,year,x,y\n2,2000,1.5,3\n710,2000,,\n" {
		t.Errorf("copy.csv = %q", csv)
	}
	// The Parquet file records the file by its path relative to the
	// notebook, not where it was read from.
	pq, _ := os.ReadFile(filepath.Join(dir, "files", "tables", "copy.parquet"))
	if !strings.Contains(string(pq), `"path":"data/x.csv"`) || strings.Contains(string(pq), dir) {
		t.Errorf("copy.parquet does not record data/x.csv as its source")
	}
}

// TestRunErrors checks errors that appear only when a step runs: they
// name the file, line and step, and the output folder is left as it was.
func TestRunErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"no such column", strings.Replace(base, `ccode in [2, 710]`, `cc in [2, 710]`, 1), `bad.toml:14: step "few" (transform): operation 1 (filter): "cc in [2, 710]": at character 1: no column "cc"`},
		{"plot column", strings.Replace(base, `y = "full"`, `y = "fulll"`, 1), `bad.toml:18: step "fig" (plot): plots: timeseries: option y: the table has no column "fulll"`},
		{"value matches two rows", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ntext = \"\"\"\nFirst line.\nCount {{ value \"few\" \"full\" \"ccode=2\" }}.\n\"\"\"", 1), `bad.toml:29: step "fig" text: executing`},
		{"value message", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ntext = \"Count {{ value \\\"few\\\" \\\"full\\\" \\\"ccode=2\\\" }}.\"", 1), `table "few" has 2 rows where ccode=2 (value needs exactly one)`},
		{"fmt", strings.Replace(base, `formats = "svg"`, "formats = \"svg\"\ntext = \"{{ value \\\"few\\\" \\\"full\\\" \\\"ccode=2\\\" \\\"year=2014\\\" | fmt \\\"%s %d\\\" }}\"", 1), `the format must have exactly one verb`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeNotebook(t, "bad", c.src)
			nb, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			// An earlier output folder must survive a failed run.
			out := filepath.Join(filepath.Dir(p), "bad")
			os.MkdirAll(out, 0o755)
			os.WriteFile(filepath.Join(out, "manifest.json"), []byte("old"), 0o644)
			_, err = nb.Run(Options{Version: testVersion})
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			msg := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			if !strings.Contains(msg, c.want) {
				t.Errorf("error\n  %s\nwant it to contain\n  %s", msg, c.want)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "manifest.json")); string(b) != "old" {
				t.Error("a failed run changed the output folder")
			}
			ents, _ := os.ReadDir(out)
			if len(ents) != 1 {
				t.Errorf("a failed run wrote into the output folder: %v", ents)
			}
			wroteNothing(t, filepath.Dir(p), "bad")
		})
	}
}

func TestRefuseToReplace(t *testing.T) {
	p := writeNotebook(t, "nb", base)
	nb, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(p), "nb")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("precious"), 0o644)
	_, err = nb.Run(Options{Version: testVersion, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), "is not a notebook's output folder") {
		t.Fatalf("error %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "thesis.tex")); string(b) != "precious" {
		t.Error("the folder was replaced")
	}
}
