package main

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/spf13/cobra"

	"github.com/repnet/repnet/internal/table"
)

// outputTable is a small table like the ones commands write.
func outputTable() *table.Table {
	t := table.New(
		table.NewString("org", []string{"SCO", "GCC", "CSTO", "Org, \"quoted\" | piped"}),
		table.NewInt("year", []int64{2014, 2014, 2014, 2014}),
		table.NewInt("members", []int64{6, 6, 0, 2}).WithMissing([]bool{false, false, true, false}),
		table.NewFloat("share_autocracy", []float64{5.0 / 6, 1, math.NaN(), 0.5}),
		table.NewBool("regional", []bool{true, true, true, false}),
	)
	t.AddSources(table.Source{Dataset: "cow-igo", File: "igo_year_formatv3.csv", Path: "embedded:cow-igo/igo_year_formatv3.csv", SHA256: "0123"})
	t.SetMeta("years", "2014-2014")
	return t
}

func testGlobals(stdout io.Writer) *globalOptions {
	return &globalOptions{
		Args:   []string{"repnet", "table", "cow-igo-counts", "--years", "2014-2014"},
		Stdin:  strings.NewReader(""),
		Stdout: stdout,
		Stderr: io.Discard,
	}
}

func TestWriteOutputGolden(t *testing.T) {
	for _, tt := range []struct{ format, golden string }{
		{"", "output.csv"},
		{"csv", "output.csv"},
		{"markdown", "output.md"},
	} {
		var out bytes.Buffer
		if err := writeOutput(testGlobals(&out), &outputOptions{Format: tt.format, Output: "-"}, outputTable()); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, tt.golden, out.Bytes())
	}
}

func TestOutputFormatResolution(t *testing.T) {
	tests := []struct {
		format, output string
		want           table.Format
		wantErr        string
	}{
		{"", "-", table.CSV, ""},
		{"", "", table.CSV, ""},
		{"csv", "-", table.CSV, ""},
		{"markdown", "-", table.Markdown, ""},
		{"parquet", "-", table.Parquet, ""}, // stdout is not a terminal here
		{"", "out.parquet", table.Parquet, ""},
		{"", "out.md", table.Markdown, ""},
		{"", "OUT.CSV", table.CSV, ""},
		{"", "out.txt", "", "name the file so"},
		{"", "out.xlsx", "", "name the file so"},
		{"", "out", table.CSV, ""},
		{"markdown", "out.txt", table.Markdown, ""},
		{"parquet", "out.parquet", table.Parquet, ""},
		{"md", "out.md", table.Markdown, ""},
		{"markdown", "out.csv", "", "disagrees"},
		{"csv", "out.parquet", "", "disagrees"},
		{"xlsx", "-", "", "invalid --format"},
		{"", "out.csv.gz", "", "compressed"},
	}
	for _, tt := range tests {
		o := &outputOptions{Format: tt.format, Output: tt.output}
		got, _, err := o.resolve(io.Discard)
		if tt.wantErr != "" {
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("--format %q -o %q: error %v, want a usage error containing %q", tt.format, tt.output, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("--format %q -o %q: %q, %v; want %q", tt.format, tt.output, got, err, tt.want)
		}
	}
}

func TestParquetToTerminal(t *testing.T) {
	defer func(f func(io.Writer) bool) { stdoutIsTerminal = f }(stdoutIsTerminal)
	stdoutIsTerminal = func(io.Writer) bool { return true }
	var out bytes.Buffer
	err := writeOutput(testGlobals(&out), &outputOptions{Format: "parquet", Output: "-"}, outputTable())
	var ue usageError
	if !errors.As(err, &ue) || out.Len() > 0 {
		t.Errorf("error %v, %d bytes written; want a usage error and nothing written", err, out.Len())
	}
	// CSV to a terminal is fine, and so is Parquet to a file.
	if err := writeOutput(testGlobals(&out), &outputOptions{Output: "-"}, outputTable()); err != nil {
		t.Error(err)
	}
	if err := writeOutput(testGlobals(&out), &outputOptions{Output: filepath.Join(t.TempDir(), "x.parquet")}, outputTable()); err != nil {
		t.Error(err)
	}
}

// TestWriteOutputParquetFile writes Parquet chosen by the -o extension and
// checks the file's provenance metadata and contents.
func TestWriteOutputParquetFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "counts.parquet")
	var out bytes.Buffer
	g := testGlobals(&out)
	g.Args = append(g.Args, "-o", path, "--note", "it's")
	if err := writeOutput(g, &outputOptions{Output: path}, outputTable()); err != nil {
		t.Fatal(err)
	}
	if out.Len() > 0 {
		t.Errorf("wrote %d bytes to stdout", out.Len())
	}
	pr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	kv := pr.MetaData().KeyValueMetadata()
	want := map[string]string{
		"repnet.version":    version,
		"repnet.command":    "repnet table cow-igo-counts --years 2014-2014 -o " + path + ` --note 'it'\''s'`,
		"repnet.meta.years": "2014-2014",
		"repnet.sources":    `[{"dataset":"cow-igo","file":"igo_year_formatv3.csv","path":"embedded:cow-igo/igo_year_formatv3.csv","sha256":"0123"}]`,
	}
	for k, v := range want {
		if got := kv.FindValue(k); got == nil || *got != v {
			t.Errorf("metadata %s = %v, want %q", k, got, v)
		}
	}
	back, err := table.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.NumRows() != 4 || strings.Join(back.Names(), ",") != "org,year,members,share_autocracy,regional" || !back.Col("members").IsMissing(2) {
		t.Errorf("read back %d rows, columns %q", back.NumRows(), back.Names())
	}
}

// TestWriteOutputAtomic checks that a failed write leaves no file behind
// and does not damage an earlier one.
func TestWriteOutputAtomic(t *testing.T) {
	dir := t.TempDir()
	ragged := &table.Table{Columns: []*table.Column{
		table.NewInt("a", []int64{1, 2}),
		table.NewInt("b", []int64{1}),
	}}
	for _, name := range []string{"out.csv", "out.parquet", "out.md"} {
		path := filepath.Join(dir, name)
		if err := writeOutput(testGlobals(io.Discard), &outputOptions{Output: path}, ragged); err == nil {
			t.Errorf("%s: no error writing a ragged table", name)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("failed writes left %d files", len(ents))
	}
	path := filepath.Join(dir, "out.csv")
	if err := writeOutput(testGlobals(io.Discard), &outputOptions{Output: path}, outputTable()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := writeOutput(testGlobals(io.Discard), &outputOptions{Output: path}, ragged); err == nil {
		t.Error("no error writing a ragged table")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed write changed the earlier file")
	}
	// A usage error is found before anything is written.
	if err := writeOutput(testGlobals(io.Discard), &outputOptions{Format: "xlsx", Output: filepath.Join(dir, "new.csv")}, outputTable()); err == nil {
		t.Error("no error for --format xlsx")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d files, want 1", len(ents))
	}
}

// TestOutputFlagsExitStatus runs a command with the output flags through
// the root command, as run does, and checks that a bad --format is a
// usage error (exit status 2) and that the flags reach writeOutput.
func TestOutputFlagsExitStatus(t *testing.T) {
	exec := func(args ...string) (string, error) {
		var out bytes.Buffer
		g := testGlobals(&out)
		g.Args = append([]string{"repnet"}, args...)
		root := newRootCmd(g)
		o := &outputOptions{}
		cmd := &cobra.Command{
			Use:  "emit",
			Args: cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error { return writeOutput(g, o, outputTable()) },
		}
		addOutputFlags(cmd, o)
		root.AddCommand(cmd)
		root.SetArgs(args)
		err := root.Execute()
		return out.String(), err
	}
	var ue usageError
	if _, err := exec("emit", "--format", "xlsx"); !errors.As(err, &ue) {
		t.Errorf("--format xlsx: error %v, want a usage error (exit 2)", err)
	}
	if _, err := exec("emit", "--format", "csv", "-o", "x.md"); !errors.As(err, &ue) {
		t.Errorf("--format csv -o x.md: error %v, want a usage error (exit 2)", err)
	}
	out, err := exec("emit", "--format", "markdown")
	if err != nil || !strings.HasPrefix(out, "| org") {
		t.Errorf("--format markdown: %v, output %q", err, out)
	}
	path := filepath.Join(t.TempDir(), "x.md")
	if _, err := exec("emit", "-o", path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "| org") {
		t.Errorf("-o x.md wrote %q, want Markdown", b)
	}
}
