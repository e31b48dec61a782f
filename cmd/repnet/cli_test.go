package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repnet/repnet/datasets"
)

// runCLI runs the command line as main would and returns the exit status
// and both streams.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitStatuses(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.csv")
	os.WriteFile(bad, []byte("year,y\n2000,1\n2001,x1\n"), 0o644)
	tests := []struct {
		name    string
		args    []string
		code    int
		errWant string
	}{
		{"help", nil, 0, ""},
		{"unknown command", []string{"nope"}, 2, "unknown command"},
		{"unknown flag", []string{"datasets", "--bogus"}, 2, "unknown flag"},
		{"unknown dataset", []string{"table", "nope"}, 2, `unknown dataset "nope"`},
		{"bad years", []string{"table", "vdem", "--years", "2014-1990"}, 2, "--years"},
		{"bad format", []string{"table", "pts", "--format", "xlsx"}, 2, "xlsx"},
		{"unknown secondary table", []string{"table", "cow-igo", "--table", "nope"}, 2, "tables: igo-years, igos"},
		{"years of a yearless table", []string{"table", "digo", "--years", "2000"}, 2, "--years: digo has no year column"},
		{"undirected not atop", []string{"table", "vdem", "--undirected"}, 2, "--undirected applies to atop only"},
		{"keep-uncoded not V-Dem", []string{"table", "pts", "--keep-uncoded"}, 2, "--keep-uncoded applies to vdem, vdem-row and lied only"},
		{"bad source file spec", []string{"--source-file", "vdem", "table", "vdem"}, 2, "ID/FILE=PATH"},
		{"missing source file", []string{"--source-file", "pts/PTS-2022.csv.gz=" + filepath.Join(tmp, "none.csv"), "table", "pts"}, 1, "none.csv"},
		{"plot kind", []string{"plot", "pie", "--in", bad, "-o", filepath.Join(tmp, "a.png")}, 2, "unknown figure kind"},
		{"plot eps", []string{"plot", "timeseries", "--in", bad, "-o", filepath.Join(tmp, "a.eps")}, 2, "EPS"},
		{"plot wrong kind flag", []string{"plot", "timeseries", "--in", bad, "--top", "3", "-o", filepath.Join(tmp, "a.png")}, 2, "does not apply"},
		{"plot non-numeric", []string{"plot", "timeseries", "--in", bad, "--y", "y", "-o", filepath.Join(tmp, "a.png")}, 1, bad + `: --y: column "y" must hold numbers, but data row 2 holds "x1"`},
		{"plot missing column", []string{"plot", "timeseries", "--in", bad, "--y", "nope", "-o", filepath.Join(tmp, "a.png")}, 1, bad + `: --y: the table has no column "nope"`},
		{"plot no --y", []string{"plot", "timeseries", "--in", bad, "-o", filepath.Join(tmp, "a.png")}, 2, "--y is required: name the column of the values (columns of the table: year, y)"},
		{"plot bad style", []string{"plot", "distribution", "--in", bad, "--x", "year", "--style", "pie", "-o", filepath.Join(tmp, "a.png")}, 2, `--style: "pie": want histogram or ecdf`},
		{"plot options together", []string{"plot", "timeseries", "--in", bad, "--y", "year", "--lower", "year", "-o", filepath.Join(tmp, "a.png")}, 2, "--lower and --upper go together"},
		{"plot dpi", []string{"plot", "timeseries", "--in", bad, "--y", "year", "--dpi", "10", "-o", filepath.Join(tmp, "a.png")}, 2, "--dpi: 10: want 50 to 2400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.errWant) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.errWant)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(tmp, "a.png")); err == nil {
		t.Errorf("a failed plot left a file behind")
	}
}

func TestTableCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "table", "cow-igo-counts", "--years", "2014", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// China 2014: 80 full, 0 associate, 3 observer, 83 any (hand-checked).
	if !strings.Contains(out, "|   710 | 2014 |   80 |         0 |        3 |  83 |") {
		t.Errorf("China 2014 row not found in\n%s", out[:min(len(out), 600)])
	}
	code, out, stderr = runCLI(t, "table", "cow-igo", "--years", "2014")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sco []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, ",sco,full") {
			sco = append(sco, strings.SplitN(line, ",", 2)[0])
		}
	}
	if got := strings.Join(sco, " "); got != "365 702 703 704 705 710" {
		t.Errorf("SCO full members 2014: %s", got)
	}
	if !strings.HasPrefix(out, "ccode,year,igo,status\n") {
		t.Errorf("header: %q", out[:40])
	}
}

func TestTableParquetAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pts.parquet")
	if code, _, stderr := runCLI(t, "table", "pts", "-o", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b1, _ := os.ReadFile(p)
	if code, _, stderr := runCLI(t, "table", "pts", "-o", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b2, _ := os.ReadFile(p)
	if !bytes.Equal(b1, b2) || len(b1) == 0 {
		t.Errorf("two runs wrote different Parquet bytes (%d, %d)", len(b1), len(b2))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the output", len(entries))
	}
}

func TestPlotCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ts.svg")
	code, _, stderr := runCLI(t, "plot", "timeseries", "--in", "../../plots/testdata/igo_states_year.csv",
		"--y", "count", "--group", "series", "--ref-lines", "1945,1989:Cold War ends", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte("Cold War ends")) {
		t.Errorf("figure missing or without the reference line label (err %v)", err)
	}
}

func TestDatasetsCommands(t *testing.T) {
	code, out, _ := runCLI(t, "datasets")
	if code != 0 || !strings.Contains(out, "cow-igo") || !strings.Contains(out, "vdem-row") {
		t.Errorf("datasets list: exit %d\n%s", code, out)
	}
	// Each row ends with the dataset's short terms, whole (they were once
	// cut at the first full stop: "Cite Voeten et al").
	for _, d := range datasets.All() {
		if !strings.Contains(out, "\n"+d.ID+" ") || !strings.Contains(out, "  "+d.ShortTerms+"\n") {
			t.Errorf("datasets list: no row for %s ending %q", d.ID, d.ShortTerms)
		}
	}
	code, out, _ = runCLI(t, "datasets", "show", "vdem-row")
	if code != 0 || !strings.Contains(out, "v2x_regime") || !strings.Contains(out, "CC-BY-SA-4.0") {
		t.Errorf("datasets show: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "datasets", "cite", "cow-igo", "--format", "bibtex")
	if code != 0 || !strings.Contains(out, "@article{pevehouse2020cowigo") {
		t.Errorf("datasets cite: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "datasets", "cite", "--format", "ris"); code != 2 {
		t.Errorf("bad cite format: exit %d, want 2", code)
	}
}

// TestCiteAllBibTeX checks that the BibTeX of every dataset together, as a
// user pastes it into references.bib, lists each key once (BibTeX stops at
// a repeated key), and, when bibtex is installed, that bibtex reads it
// without an error.
func TestCiteAllBibTeX(t *testing.T) {
	code, out, stderr := runCLI(t, "datasets", "cite", "--format", "bibtex")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	keys := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^@[a-z]+\{([^,]+),`).FindAllStringSubmatch(out, -1) {
		keys[m[1]]++
	}
	for k, n := range keys {
		if n > 1 {
			t.Errorf("key %s printed %d times", k, n)
		}
	}
	if keys["miller2022peacesciencer"] != 1 || len(keys) < 20 {
		t.Errorf("%d keys; peacesciencer %d times", len(keys), keys["miller2022peacesciencer"])
	}
	bibtex, err := exec.LookPath("bibtex")
	if err != nil {
		t.Log("bibtex not installed: only the keys were checked")
		return
	}
	dir := t.TempDir()
	var cites strings.Builder
	for k := range keys {
		cites.WriteString("\\citation{" + k + "}\n")
	}
	os.WriteFile(filepath.Join(dir, "refs.bib"), []byte(out), 0o644)
	os.WriteFile(filepath.Join(dir, "paper.aux"), []byte(cites.String()+"\\bibdata{refs}\n\\bibstyle{plain}\n"), 0o644)
	cmd := exec.Command(bibtex, "paper")
	cmd.Dir = dir
	log, err := cmd.CombinedOutput()
	if err != nil || bytes.Contains(log, []byte("error message")) {
		t.Errorf("bibtex: %v\n%s", err, log)
	}
}

func TestMarkdownDigits(t *testing.T) {
	code, out, stderr := runCLI(t, "table", "fariss", "--years", "2014", "--format", "markdown", "--digits", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// China's 2014 theta_mean, rounded to three significant digits.
	var china string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "|   710 |") {
			china = line
		}
	}
	if !strings.Contains(china, "|      -1.17 |    0.186 |") {
		t.Errorf("China 2014 row not rounded to 3 digits: %q", china)
	}
	if code, _, _ := runCLI(t, "table", "fariss", "--digits", "40"); code != 2 {
		t.Errorf("--digits 40: exit %d, want 2", code)
	}
}

func TestUnknownOutputExtension(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pts.xlsx")
	code, _, stderr := runCLI(t, "table", "pts", "-o", p)
	if code != 2 || !strings.Contains(stderr, ".xlsx") {
		t.Errorf("exit %d, stderr %q: want a usage error naming the file", code, stderr)
	}
	if _, err := os.Stat(p); err == nil {
		t.Errorf("%s was written", p)
	}
	// An explicit --format takes any name.
	if code, _, stderr := runCLI(t, "table", "pts", "--years", "2014", "--format", "csv", "-o", filepath.Join(dir, "pts.txt")); code != 0 {
		t.Errorf("--format csv -o pts.txt: exit %d: %s", code, stderr)
	}
}

// TestSideOutputs checks the files commands write beside their main
// output: a name repnet cannot write is a usage error before any work.
func TestSideOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"model", "--data", "x.csv", "--formula", "y ~ x", "--stats-out", filepath.Join(dir, "s.xlsx")},
		{"watchlist", "--origins-out", filepath.Join(dir, "o.xlsx")},
		{"tnr-model", "--design", "host", "--incidents", "x.csv", "--mapping", "schema", "--panel-out", filepath.Join(dir, "p.xlsx")},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, ".xlsx: expected a .csv, .parquet or .md file") {
			t.Errorf("%v: exit %d, stderr %q", args[0], code, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed commands left %d files", len(entries))
	}
}
