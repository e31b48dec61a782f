package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// exampleCommands are the commands whose help examples TestHelpExamples
// runs: those of the networks and models issues.
var exampleCommands = []string{"edges", "centrality", "communities", "igos", "export-graph", "panel", "model", "qap", "table-models"}

// TestHelpExamples runs every example in the help of the network and model
// commands exactly as written (a pipe into another program is cut off),
// in a directory holding the user files the examples name, and checks
// that each succeeds: the help is the documentation, and an example that
// no longer runs is a defect. Examples of one command run in order, so a
// later one may read what an earlier one wrote (model reads the panel its
// first example builds).
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs some 30 commands on the bundled data")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
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
	root := newRootCmd(&globalOptions{})
	for _, name := range exampleCommands {
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd.Name() != name {
			t.Fatalf("no command %q", name)
		}
		examples := splitExamples(cmd.Example)
		if len(examples) == 0 {
			t.Errorf("%s has no examples", name)
		}
		for _, ex := range examples {
			args, err := shellWords(ex)
			if err != nil {
				t.Errorf("%s: example %q: %v", name, ex, err)
				continue
			}
			if len(args) == 0 || args[0] != "repnet" {
				t.Errorf("%s: example %q does not start with repnet", name, ex)
				continue
			}
			start := time.Now()
			code, _, stderr := runCLI(t, append(args[1:], "-q")...)
			t.Logf("%.2fs %s", time.Since(start).Seconds(), ex)
			if code != 0 {
				t.Errorf("example exits %d:\n  %s\n%s", code, ex, stderr)
			}
		}
	}
}

// splitExamples returns the commands of a cobra Example text, one per
// line after joining lines that end in a backslash, without any pipe
// into another program.
func splitExamples(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSuffix(line, `\`) + " ")
			continue
		}
		cur.WriteString(line)
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	return out
}

// shellWords splits a command line as a POSIX shell would for the quoting
// the examples use (single and double quotes, no escapes inside them), and
// stops at an unquoted pipe or redirection.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, errUnclosedQuote
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '|' || c == '>' || c == '<':
			if inWord {
				words = append(words, cur.String())
			}
			return words, nil
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

type shellError string

func (e shellError) Error() string { return string(e) }

const errUnclosedQuote = shellError("unclosed quote")

func TestShellWords(t *testing.T) {
	got, err := shellWords(`repnet qap --y 'layer(atop, obligation=defense)' --x "igo as a" --format dot | dot -Tsvg > a.svg`)
	want := []string{"repnet", "qap", "--y", "layer(atop, obligation=defense)", "--x", "igo as a", "--format", "dot"}
	if err != nil || strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := shellWords(`repnet 'x`); err == nil {
		t.Error("unclosed quote accepted")
	}
}
