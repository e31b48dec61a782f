package table

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"csv", CSV, true},
		{"CSV", CSV, true},
		{"parquet", Parquet, true},
		{"markdown", Markdown, true},
		{"md", Markdown, true},
		{"", "", false},
		{"xlsx", "", false},
		{"csv.gz", "", false},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormatFromPath(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"out.csv", CSV, true},
		{"dir.x/OUT.CSV", CSV, true},
		{"out.parquet", Parquet, true},
		{"table.md", Markdown, true},
		{"out.csv.gz", "", false},
		{"out.txt", "", false},
		{"out", "", false},
		{"-", "", false},
	}
	for _, tt := range tests {
		got, ok := FormatFromPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FormatFromPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestShellJoin(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"repnet", "table", "cow-igo", "--years=1990-2014", "-o", "out/igo.parquet"}, "repnet table cow-igo --years=1990-2014 -o out/igo.parquet"},
		{[]string{"a b", "", "it's", "$HOME", "x;y", "é"}, `'a b' '' 'it'\''s' '$HOME' 'x;y' 'é'`},
	}
	for _, tt := range tests {
		if got := shellJoin(tt.in); got != tt.want {
			t.Errorf("shellJoin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteInvalidTable(t *testing.T) {
	ragged := &Table{Columns: []*Column{NewInt("a", []int64{1, 2}), NewInt("b", []int64{1})}}
	dup := &Table{Columns: []*Column{NewInt("a", []int64{1}), NewInt("a", []int64{1})}}
	badMask := &Table{Columns: []*Column{{Name: "a", Type: Int, Ints: []int64{1, 2}, Missing: []bool{true}}}}
	badType := &Table{Columns: []*Column{{Name: "a"}}}
	for name, tb := range map[string]*Table{"ragged": ragged, "duplicate": dup, "mask": badMask, "type": badType} {
		for _, f := range []Format{CSV, Markdown, Parquet} {
			var b bytes.Buffer
			if err := Write(&b, tb, f, WriteOptions{}); err == nil || b.Len() > 0 {
				t.Errorf("%s as %s: error %v, %d bytes written; want an error and nothing written", name, f, err, b.Len())
			}
		}
	}
	if err := Write(io.Discard, sampleTable(), Format("xlsx"), WriteOptions{}); err == nil {
		t.Error("no error for an unknown format")
	}
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	tb := sampleTable()
	for _, f := range []Format{CSV, Markdown, Parquet} {
		path := filepath.Join(dir, "out."+string(f))
		if err := WriteFile(path, tb, f, WriteOptions{Version: "v"}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := Write(&want, tb, f, WriteOptions{Version: "v"}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: file differs from Write's output", f)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v (%v), want 0644", f, fi.Mode(), err)
		}
	}
	if got := dirNames(t, dir); strings.Join(got, " ") != "out.csv out.markdown out.parquet" {
		t.Errorf("directory holds %q: a temporary file was left behind", got)
	}
}

func TestWriteFileStdout(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFile("-", New(NewInt("a", []int64{1})), CSV, WriteOptions{Stdout: &b}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "a\n1\n" {
		t.Errorf("stdout got %q", b.String())
	}
}

// TestWriteAtomic checks that a write that fails part way leaves neither
// a partial file nor a temporary one, and does not touch an earlier file.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	boom := errors.New("boom")
	failing := func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("partial,"), 100000)) // more than the buffer holds
		return boom
	}
	if err := writeAtomic(path, failing); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("failed write left %q", got)
	}
	if err := os.WriteFile(path, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(path, failing); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier\n" {
		t.Errorf("failed write changed the earlier file to %.20q", b)
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("failed write left %q", got)
	}

	// A table that cannot be written fails before any file appears.
	ragged := &Table{Columns: []*Column{NewInt("a", []int64{1, 2}), NewInt("b", []int64{1})}}
	bad := filepath.Join(dir, "bad.parquet")
	if err := WriteFile(bad, ragged, Parquet, WriteOptions{}); err == nil {
		t.Error("no error writing a ragged table")
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("failed write left %q", got)
	}

	if err := WriteFile(filepath.Join(dir, "no", "such", "dir.csv"), sampleTable(), CSV, WriteOptions{}); err == nil || !strings.Contains(err.Error(), "dir.csv") {
		t.Errorf("error %v, want one naming the file", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	tb := sampleTable()
	tb.Meta = nil
	var csvBuf, gzBuf bytes.Buffer
	if err := Write(&csvBuf, tb, CSV, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(&gzBuf)
	zw.Write(csvBuf.Bytes())
	zw.Close()
	files := map[string][]byte{
		"t.csv":     csvBuf.Bytes(),
		"t.CSV.GZ":  gzBuf.Bytes(),
		"t.parquet": writeParquetBytes(t, tb, WriteOptions{}),
	}
	for name, b := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sum := sha256.Sum256(b)
		self := Source{File: name, Path: path, SHA256: hex.EncodeToString(sum[:])}
		want := &Table{Columns: tb.Columns}
		if name == "t.parquet" {
			want.Sources = append(want.Sources, tb.Sources...)
		}
		want.AddSources(self)
		mustSame(t, got, want)
	}

	for _, name := range []string{"t.txt", "t.parquet.gz", "t"} {
		if _, err := ReadFile(filepath.Join(dir, name)); err == nil || !strings.Contains(err.Error(), "unknown file type") {
			t.Errorf("%s: error %v, want unknown file type", name, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: error %v, want one naming it", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b\n1\n"), 0o644)
	if _, err := ReadFile(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":2:") {
		t.Errorf("bad CSV: error %v, want one starting %s:2:", err, bad)
	}
}

func TestWriteAtomicFunc(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.tex")
	if err := WriteAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "x" {
		t.Fatalf("%q %v", b, err)
	}
	if err := WriteAtomic(path, func(w io.Writer) error { io.WriteString(w, "y"); return io.ErrUnexpectedEOF }); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "x" {
		t.Fatalf("failed write changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Fatalf("temporary file left: %v", ents)
	}
}

// Writing into a folder that does not exist names the file asked for, not
// the temporary file it would have been written through.
func TestWriteAtomicMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nodir", "out.csv")
	err := WriteAtomic(path, func(w io.Writer) error { return nil })
	want := "table: writing " + path + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
