package table

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ReadFile reads the table in the file at path, choosing the reader by the
// extension (case-insensitive): .csv and .csv.gz by ReadCSV, .parquet by
// ReadParquet. Any other name is an error.
//
// The table's Sources are those recorded in the file (for Parquet written
// by repnet) plus the file itself, as a Source with no dataset, the file's
// base name, path as given, and the sha256 of its bytes, so that whatever
// is computed from the table records exactly which file it came from.
func ReadFile(path string) (*Table, error) {
	lower := strings.ToLower(path)
	var read func([]byte) (*Table, error)
	switch {
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"):
		read = func(b []byte) (*Table, error) { return ReadCSV(bytes.NewReader(b), path) }
	case strings.HasSuffix(lower, ".parquet"):
		read = func(b []byte) (*Table, error) { return ReadParquet(bytes.NewReader(b), int64(len(b)), path) }
	default:
		return nil, fmt.Errorf("table: %s: unknown file type (want .csv, .csv.gz or .parquet)", path)
	}
	// Both readers need the whole file (Parquet keeps its index at the end)
	// and the checksum covers every byte, so read it once.
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	t, err := read(b)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	t.AddSources(Source{File: filepath.Base(path), Path: path, SHA256: hex.EncodeToString(sum[:])})
	return t, nil
}
