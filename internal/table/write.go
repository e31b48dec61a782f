package table

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Format is an output file format.
type Format string

// The formats a table can be written in.
const (
	CSV      Format = "csv"      // RFC 4180 comma-separated values
	Parquet  Format = "parquet"  // Apache Parquet, zstd-compressed
	Markdown Format = "markdown" // a GitHub-flavoured Markdown pipe table
)

// ParseFormat returns the format named s (case-insensitive): csv, parquet
// or markdown (also md).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "parquet":
		return Parquet, nil
	case "markdown", "md":
		return Markdown, nil
	}
	return "", fmt.Errorf("table: unknown format %q (want csv, parquet or markdown)", s)
}

// FormatFromPath returns the format a file name's extension implies
// (case-insensitive): .csv, .parquet or .md. It returns false for any other
// name, including compressed ones such as .csv.gz, which are read but never
// written.
func FormatFromPath(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, true
	case ".parquet":
		return Parquet, true
	case ".md":
		return Markdown, true
	}
	return "", false
}

// WriteOptions control what is written besides the table itself. The
// provenance fields are written only to Parquet (as file key-value
// metadata); CSV and Markdown carry the table alone.
type WriteOptions struct {
	// Version is the repnet version, written as repnet.version.
	Version string
	// CommandLine is the command that produced the table (program name
	// first), written shell-quoted as repnet.command.
	CommandLine []string
	// Meta holds further metadata, written as repnet.meta.<key> alongside
	// the table's own Meta. Where both have a key, this one wins.
	Meta map[string]string

	// Digits, for Markdown, rounds floats to that many significant digits
	// when positive. Zero shows every float in full (FormatFloat).
	Digits int

	// RowGroupRows is the number of rows per Parquet row group; zero means
	// DefaultRowGroupRows. The output bytes depend on it, so commands leave
	// it zero.
	RowGroupRows int

	// Stdout receives the output when WriteFile is given the path "-".
	// Nil means os.Stdout.
	Stdout io.Writer
}

// Write writes t to w in format f. The bytes written depend only on t, f
// and opts. A table whose columns differ in length, share a name, or have
// a missing mask of the wrong length is an error, found before anything is
// written.
//
// CSV follows RFC 4180: a header row, then one "\n"-terminated line per
// row; fields with a comma, quote, CR or LF are quoted, quotes doubled.
// Missing values are empty fields, ints base 10, floats by FormatFloat
// (the shortest text that reads back as the same float64), bools true and
// false. In a one-column table a missing value is written "" so that its
// line is not blank.
//
// Markdown is a GitHub pipe table, numbers right-aligned and text left,
// padded to line up; "|" is escaped, line breaks become spaces, missing
// cells are empty. opts.Digits > 0 rounds floats to that many significant
// digits.
//
// Parquet has one OPTIONAL column per table column (INT64, DOUBLE,
// BOOLEAN, or BYTE_ARRAY annotated STRING; null where missing), zstd
// compression, fixed writer settings, row groups of opts.RowGroupRows, and
// file key-value metadata in key order: repnet.command (opts.CommandLine
// shell-quoted), repnet.meta.<key> for each entry of t.Meta and opts.Meta,
// repnet.sources (t.Sources as a JSON array of objects with keys dataset,
// file, path and sha256) and repnet.version (opts.Version).
func Write(w io.Writer, t *Table, f Format, opts WriteOptions) error {
	if err := t.validate(); err != nil {
		return err
	}
	switch f {
	case CSV:
		return writeCSV(w, t)
	case Markdown:
		return writeMarkdown(w, t, opts.Digits)
	case Parquet:
		return writeParquet(w, t, opts)
	}
	return fmt.Errorf("table: unknown format %q (want csv, parquet or markdown)", string(f))
}

// WriteFile writes t to the file path in format f. The path "-" means
// opts.Stdout (os.Stdout when nil).
//
// Writing is atomic: the table goes to a temporary file in the same
// directory, which is synced to disk and then renamed over path. If any
// step fails the temporary file is removed, so a failed run leaves neither
// a half-written file nor a damaged earlier one. The file gets mode 0644.
func WriteFile(path string, t *Table, f Format, opts WriteOptions) error {
	if path == "-" {
		out := opts.Stdout
		if out == nil {
			out = os.Stdout
		}
		bw := bufio.NewWriterSize(out, 1<<16)
		if err := Write(bw, t, f, opts); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeAtomic(path, func(w io.Writer) error { return Write(w, t, f, opts) })
}

// WriteAtomic writes a file of any format as WriteFile writes tables: write
// gets a buffered writer to a temporary file next to path, which is then
// synced and renamed to path, or removed if anything fails. It is for
// outputs that are not tables (graph files, say) and should be written
// whole or not at all.
func WriteAtomic(path string, write func(io.Writer) error) error {
	return writeAtomic(path, write)
}

// writeAtomic calls write with a buffered writer to a temporary file next to
// path, then syncs it and renames it to path. On failure it removes the
// temporary file.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// The temporary file's random name means nothing to the user:
		// name the file they asked for.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("table: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("table: writing %s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable. Some file systems refuse to sync a
	// directory; the file is complete either way, so that is not an error.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// validate checks what New checks and more, since tables are also built by
// hand: equal column lengths, unique names, known types, and missing masks
// of the right length. Writers call it before writing anything.
func (t *Table) validate() error {
	seen := make(map[string]bool, len(t.Columns))
	n := t.NumRows()
	for _, c := range t.Columns {
		if c == nil {
			return fmt.Errorf("table: nil column")
		}
		switch c.Type {
		case Int, Float, String, Bool:
		default:
			return fmt.Errorf("table: column %q has invalid type %v", c.Name, c.Type)
		}
		if c.Len() != n {
			return fmt.Errorf("table: column %q has %d rows, column %q has %d", c.Name, c.Len(), t.Columns[0].Name, n)
		}
		if c.Missing != nil && len(c.Missing) != n {
			return fmt.Errorf("table: column %q has %d rows but a missing mask of %d", c.Name, n, len(c.Missing))
		}
		if seen[c.Name] {
			return fmt.Errorf("table: duplicate column name %q", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// shellJoin joins args into one line a POSIX shell would split back into
// args: arguments made only of safe characters are left bare, others are
// single-quoted.
func shellJoin(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(shellQuote(a))
	}
	return b.String()
}

func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
