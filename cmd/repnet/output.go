package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/internal/table"
)

// outputOptions are the flags of every command that writes a table.
type outputOptions struct {
	// Format is csv, parquet or markdown; "" means csv, or the format the
	// extension of Output names.
	Format string
	// Output is the file to write, or "-" (or "") for stdout.
	Output string
	// Digits rounds numbers in Markdown output to this many significant
	// digits (0: full precision). CSV and Parquet always keep every digit.
	Digits int
}

// addOutputFlags adds --format and -o/--output to cmd, filling o.
func addOutputFlags(cmd *cobra.Command, o *outputOptions) {
	cmd.Flags().StringVar(&o.Format, "format", "", "output `format`: csv, parquet or markdown (default csv, or as the -o file's extension .csv, .parquet or .md says)")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "-", "write to `FILE` (written whole or not at all) instead of stdout")
	cmd.Flags().IntVar(&o.Digits, "digits", 0, "markdown: round numbers to `N` significant digits (0: all; CSV and Parquet keep every digit)")
}

// stdoutIsTerminal reports whether w is a terminal; a variable so that
// tests can pretend.
var stdoutIsTerminal = isTerminal

// resolve returns the format to write and the path ("-" for stdout), or a
// usage error: an unknown --format, a --format that disagrees with the -o
// file's extension, a compressed -o file (repnet writes none), or Parquet
// to a terminal. Commands that do much work call it first, so that a bad
// command line fails at once; writeOutput calls it again.
func (o *outputOptions) resolve(stdout io.Writer) (table.Format, string, error) {
	path := o.Output
	if path == "" {
		path = "-"
	}
	var byExt table.Format
	hasExt := false
	if path != "-" {
		lower := strings.ToLower(path)
		for _, z := range []string{".gz", ".bz2", ".xz", ".zst", ".zip"} {
			if strings.HasSuffix(lower, z) {
				return "", "", usagef("-o %s: repnet does not write compressed files; compress the output afterwards", path)
			}
		}
		byExt, hasExt = table.FormatFromPath(path)
		if ext := strings.ToLower(filepath.Ext(path)); !hasExt && ext != "" && o.Format == "" {
			return "", "", usagef("-o %s: repnet writes .csv, .parquet or .md files; name the file so, or give --format", path)
		}
	}
	if o.Digits < 0 || o.Digits > 17 {
		return "", "", usagef("--digits %d: want 0 (all) to 17", o.Digits)
	}
	f := table.CSV
	switch {
	case o.Format != "":
		var err error
		if f, err = table.ParseFormat(o.Format); err != nil {
			return "", "", usagef("invalid --format %q: want csv, parquet or markdown", o.Format)
		}
		if hasExt && byExt != f {
			return "", "", usagef("--format %s disagrees with the extension of -o %s (%s); give one or make them agree", o.Format, path, byExt)
		}
	case hasExt:
		f = byExt
	}
	if f == table.Parquet && path == "-" && stdoutIsTerminal(stdout) {
		return "", "", usagef("refusing to write Parquet to a terminal: use -o FILE.parquet or redirect stdout")
	}
	return f, path, nil
}

// writeOutput writes t as o asks, with the repnet version and the command
// line (g.Args) in the file's metadata (Parquet only). A file is written
// atomically: a failed run leaves no file, and an earlier one untouched.
func writeOutput(g *globalOptions, o *outputOptions, t *table.Table) error {
	f, path, err := o.resolve(g.Stdout)
	if err != nil {
		return err
	}
	return table.WriteFile(path, t, f, table.WriteOptions{
		Version:     version,
		CommandLine: g.Args,
		Stdout:      g.Stdout,
		Digits:      o.Digits,
	})
}

// checkSideOutput returns a usage error unless path ("" for none) names a
// .csv, .parquet or .md file: the files of options such as --stats-out,
// which a command writes beside its main output. Commands call it before
// doing any work.
func checkSideOutput(flag, path string) error {
	if path == "" {
		return nil
	}
	if _, ok := table.FormatFromPath(path); !ok {
		return usagef("%s %s: expected a .csv, .parquet or .md file", flag, path)
	}
	return nil
}

// writeSideOutput writes t to path (nothing when path is "") in the format
// its extension names, atomically, with the same metadata as writeOutput.
func writeSideOutput(g *globalOptions, path string, t *table.Table) error {
	if path == "" {
		return nil
	}
	f, _ := table.FormatFromPath(path)
	return table.WriteFile(path, t, f, table.WriteOptions{Version: version, CommandLine: g.Args})
}
