package table

import "io"

// WriteAtomic writes the file at path with what write writes, atomically
// as WriteFile does: through a temporary file in the same directory that
// is synced and renamed over path, and removed if anything fails. It is
// for outputs that are not tables (LaTeX model tables, say) but must be
// written whole or not at all.
func WriteAtomic(path string, write func(io.Writer) error) error {
	return writeAtomic(path, write)
}
