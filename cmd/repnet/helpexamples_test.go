package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/datasets"
)

// helpExampleCommands are the commands whose help examples
// TestHelpExamples runs, in this order.
var helpExampleCommands = [][]string{{}, {"datasets"}, {"datasets", "show"}, {"datasets", "cite"}, {"table"}, {"plot"},
	{"edges"}, {"centrality"}, {"communities"}, {"igos"}, {"export-graph"},
	{"panel"}, {"model"}, {"qap"}, {"table-models"}}

// TestHelpExamples runs, as written, every example command line in the help
// of the commands above, in order, in one folder: an example that fails or
// writes nothing is a defect of the help (the help is the documentation).
// A pipe into another program is cut off. Examples of one command may read
// what an earlier one wrote (model reads the panel its first example
// builds). The only files provided are those an example says are the
// user's own: my_vdem.csv.gz (a copy of the bundled V-Dem file), an edge
// list, a tie file, and model outputs for table-models.
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs some 60 commands on the bundled data")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	vdem, _, err := datasets.Open("vdem", "vdem_simple.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"my_vdem.csv.gz":      string(vdem),
		"incidents.csv":       "ccode1,ccode2,year,weight\n710,365,2000,2\n700,710,2001,1\n",
		"repression_ties.csv": "ccode1,ccode2,value\n365,710,0.8\n365,700,0.2\n700,710,0.5\n2,365,0.1\n2,710,0.3\n2,700,0\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Coefficient and statistics files for table-models, as the model
	// examples would write them.
	if code, _, stderr := runCLI(t, "panel", "dyad-year", "--years", "2010-2014", "-q", "-o", "fixture.parquet",
		"--add", "atop.atop_defense as defense", "--add", "layer(igo) as igos", "--add", "layer(contiguity) as contig"); code != 0 {
		t.Fatalf("fixture panel: %s", stderr)
	}
	for i, f := range []string{"defense ~ igos", "defense ~ igos + contig", "defense ~ igos * contig"} {
		n := string(rune('1' + i))
		if code, _, stderr := runCLI(t, "model", "--data", "fixture.parquet", "--family", "logit", "--formula", f,
			"--vcov", "dyadic:ccode1,ccode2", "-q", "-o", "m"+n+".csv", "--stats-out", "s"+n+".csv"); code != 0 {
			t.Fatalf("fixture model %s: %s", f, stderr)
		}
	}
	root := newRootCmd(&globalOptions{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
	var cmds []*cobra.Command
	for _, path := range helpExampleCommands {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(path, err)
		}
		cmds = append(cmds, c)
	}
	n := 0
	ran := map[string]bool{}
	for _, c := range cmds {
		for _, line := range exampleLines(c.Long + "\n" + c.Example) {
			if ran[line] {
				continue // the same command in two helps, or two examples
			}
			ran[line] = true
			n++
			args, out := shellWords(t, line)
			if len(args) == 0 || args[0] != "repnet" {
				t.Errorf("%s: example %q does not start with repnet", c.CommandPath(), line)
				continue
			}
			start := time.Now()
			code, stdout, stderr := runCLI(t, args[1:]...)
			t.Logf("%.2fs %s", time.Since(start).Seconds(), line) // go test -v shows the slow ones
			if code != 0 {
				t.Errorf("%s: example\n  %s\nexit %d: %s", c.CommandPath(), line, code, stderr)
				continue
			}
			if out != "" {
				os.WriteFile(out, []byte(stdout), 0o644)
			}
			for i, a := range args {
				if (a == "-o" || a == "--output") && i+1 < len(args) && args[i+1] != "-" {
					if st, err := os.Stat(filepath.Join(dir, args[i+1])); err != nil || st.Size() == 0 {
						t.Errorf("%s: example\n  %s\nwrote no %s", c.CommandPath(), line, args[i+1])
					}
				}
			}
			if out == "" && !hasOutput(args) && stdout == "" {
				t.Errorf("%s: example\n  %s\nprinted nothing", c.CommandPath(), line)
			}
		}
	}
	if n < 50 {
		t.Errorf("ran %d examples: the help lost its examples, or this test stopped finding them", n)
	}
}

func hasOutput(args []string) bool {
	for _, a := range args {
		if a == "-o" || a == "--output" {
			return true
		}
	}
	return false
}

// exampleLines returns the lines of help text that are commands: indented
// lines that start with "repnet ", with lines ending in a backslash joined
// to the next.
func exampleLines(help string) []string {
	var out []string
	var cur string
	for _, raw := range strings.Split(help, "\n") {
		l := strings.TrimSpace(raw)
		indented := l != "" && raw[0] == ' '
		if cur != "" {
			cur += " " + strings.TrimSuffix(l, `\`)
		} else if indented && strings.HasPrefix(l, "repnet ") {
			cur = strings.TrimSuffix(l, `\`)
		} else {
			continue
		}
		if !strings.HasSuffix(l, `\`) {
			out = append(out, strings.Join(strings.Fields(cur), " "))
			cur = ""
		}
	}
	return out
}

// shellWords splits a command line as a POSIX shell would for the quoting
// help examples use ('...' and "..."), stops at an unquoted pipe into
// another program, and returns the file named by a final "> FILE"
// redirection separately.
func shellWords(t *testing.T, line string) (args []string, out string) {
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '|':
			if inWord {
				args = append(args, w.String())
			}
			return args, ""
		case r == ' ':
			if inWord {
				args = append(args, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		args = append(args, w.String())
	}
	if len(args) >= 2 && args[len(args)-2] == ">" {
		out = args[len(args)-1]
		args = args[:len(args)-2]
	}
	return args, out
}

// TestReadmeTour checks the README's tour against the commands: each text
// block that starts with "$ repnet ..." must show what the command prints
// now (all of it, or its first lines when the block ends with "..."; a
// trailing "| grep WORD" keeps the lines holding WORD), and each repnet
// line of a sh block must run.
func TestReadmeTour(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	blocks := strings.Split(string(readme), "```")
	checked := 0
	for i := 1; i < len(blocks); i += 2 {
		lang, body, _ := strings.Cut(blocks[i], "\n")
		lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
		switch {
		case lang == "text" && strings.HasPrefix(lines[0], "$ repnet "):
			cmdline, grep, _ := strings.Cut(strings.TrimPrefix(lines[0], "$ "), " | grep ")
			args, _ := shellWords(t, cmdline)
			code, out, stderr := runCLI(t, args[1:]...)
			if code != 0 {
				t.Errorf("README: %s: exit %d: %s", cmdline, code, stderr)
				continue
			}
			got := strings.Split(strings.TrimRight(out, "\n"), "\n")
			if grep != "" {
				var kept []string
				for _, l := range got {
					if strings.Contains(l, grep) {
						kept = append(kept, l)
					}
				}
				got = kept
			}
			want := lines[1:]
			prefix := len(want) > 0 && want[len(want)-1] == "..."
			if prefix {
				want = want[:len(want)-1]
				if len(got) > len(want) {
					got = got[:len(want)]
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("README: %s: the README shows\n%s\nthe command prints\n%s", lines[0], strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
			checked++
		case lang == "sh":
			for _, l := range lines {
				if !strings.HasPrefix(l, "repnet ") {
					continue
				}
				args, _ := shellWords(t, l)
				if code, _, stderr := runCLI(t, args[1:]...); code != 0 {
					t.Errorf("README: %s: exit %d: %s", l, code, stderr)
				}
				checked++
			}
		}
	}
	if checked < 4 {
		t.Errorf("checked %d README commands: the tour moved, or this test stopped finding it", checked)
	}
}

// TestPlotFlagHelp checks that every kind-specific flag of repnet plot says
// what it takes (they once all read "a column name or option"), and that
// no description is left for a flag that no longer exists.
func TestPlotFlagHelp(t *testing.T) {
	seen := map[string]bool{}
	for _, cf := range chartFlags() {
		seen[cf.name] = true
		if _, ok := chartFlagHelp[cf.name]; !ok {
			t.Errorf("--%s has no description in chartFlagHelp", cf.name)
		}
	}
	for name := range chartFlagHelp {
		if !seen[name] {
			t.Errorf("chartFlagHelp describes --%s, which no kind has", name)
		}
	}
}

func TestShellWords(t *testing.T) {
	got, out := shellWords(t, `repnet qap --y 'layer(atop, obligation=defense)' --x "igo as a" --format dot | dot -Tsvg > a.svg`)
	want := []string{"repnet", "qap", "--y", "layer(atop, obligation=defense)", "--x", "igo as a", "--format", "dot"}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") || out != "" {
		t.Errorf("got %q, %q", got, out)
	}
	got, out = shellWords(t, `repnet datasets cite --format bibtex > refs.bib`)
	if len(got) != 5 || out != "refs.bib" {
		t.Errorf("got %q, %q", got, out)
	}
}
