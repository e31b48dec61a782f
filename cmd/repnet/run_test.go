package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/notebooks"
)

func TestNewRunVerify(t *testing.T) {
	tmp := t.TempDir()
	nb := filepath.Join(tmp, "south-asia.toml")
	if code, _, stderr := runCLI(t, "new", nb, "--title", `IGOs "in" Asia`); code != 0 {
		t.Fatalf("new: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "new", nb); code != 1 || !strings.Contains(stderr, "exists: not overwriting it") {
		t.Errorf("new over an existing file: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "run", nb); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	report, err := os.ReadFile(filepath.Join(tmp, "south-asia", "report.md"))
	if err != nil || !strings.Contains(string(report), `# IGOs "in" Asia`) {
		t.Fatalf("report: %v\n%s", err, report)
	}
	if code, stdout, stderr := runCLI(t, "run", "--verify", nb); code != 0 || stdout != "" {
		t.Fatalf("verify: exit %d: %s %s", code, stdout, stderr)
	}
	csv := filepath.Join(tmp, "south-asia", "tables", "members.csv")
	b, _ := os.ReadFile(csv)
	os.WriteFile(csv, append(b, '\n'), 0o644)
	code, stdout, stderr := runCLI(t, "run", "--verify", nb)
	if code != 1 || !strings.Contains(stdout, "differs tables/members.csv") || !strings.Contains(stderr, "1 files differ") {
		t.Errorf("verify after an edit: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	// Running again restores the file.
	if code, _, stderr := runCLI(t, "run", "-q", nb); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "run", "--verify", "-q", nb); code != 0 {
		t.Error("verify after a fresh run fails")
	}
}

func TestRunErrorsCLI(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.toml")
	os.WriteFile(bad, []byte(strings.Replace(notebooks.Starter("bad", "Bad"), `years = "1990-2014"`, `yeras = "1990-2014"`, 1)), 0o644)
	code, _, stderr := runCLI(t, "run", bad)
	if code != 1 || !strings.Contains(stderr, `bad.toml:28: input "counts": unknown key "yeras" (did you mean "years"?)`) {
		t.Errorf("typo: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(tmp, "bad")); err == nil {
		t.Error("a failed run wrote its folder")
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--source-file", "pts/PTS-2022.csv.gz=x.csv", bad}, 2, "--source-file does not apply to notebooks"},
		{[]string{"run", "--out", tmp, bad, bad}, 2, "--out takes one notebook"},
		{[]string{"run"}, 2, "requires at least 1 arg"},
		{[]string{"run", filepath.Join(tmp, "none.toml")}, 1, "none.toml"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d: %s", c.args, code, stderr)
		}
	}
}

func TestRunHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "help", "run")
	if code != 0 {
		t.Fatal(code)
	}
	for _, k := range notebooks.Kinds() {
		if !strings.Contains(stdout, "\n"+k+": ") {
			t.Errorf("help run does not document step kind %s", k)
		}
	}
	for _, w := range []string{"[inputs.NAME]", "sha256", "--verify", "{{ value", "manifest.json", "seed"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("help run lacks %q", w)
		}
	}
}
