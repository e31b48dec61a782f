// Package datasets holds the public datasets bundled with repnet, embedded
// in the binary, with a registry describing each: what it is, its unit and
// coverage, its columns, its terms of use, how to cite it, where it came
// from, and the sha256 of every file, checked each time a file is read.
//
// Each dataset lives in its own folder, named by its id, with a
// dataset.toml (the registry entry), the data files exactly as obtained, and
// PROVENANCE.txt (how they were obtained). A user may read a newer copy of a
// source file instead of the bundled one with Override.
package datasets

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/internal/table"
)

//go:embed */dataset.toml */*.csv */*.csv.gz */*.bib
var bundle embed.FS

// File is one data file of a dataset.
type File struct {
	Name   string `toml:"name"`
	SHA256 string `toml:"sha256"`
	Rows   int    `toml:"rows"` // data rows, excluding the header
	About  string `toml:"about"`
}

// Column documents one column of a dataset's tidy table.
type Column struct {
	Name    string `toml:"name"`
	Type    string `toml:"type"` // int, float, string, bool
	Meaning string `toml:"meaning"`
	Coding  string `toml:"coding"` // values and their meaning, missing codes
}

// Dataset is one registry entry.
type Dataset struct {
	ID        string `toml:"id"`
	Title     string `toml:"title"`
	Unit      string `toml:"unit"` // state-year, directed dyad-year, ...
	FirstYear int    `toml:"first_year"`
	LastYear  int    `toml:"last_year"`
	Rows      int    `toml:"rows"` // rows of the tidy table repnet table ID emits
	Version   string `toml:"version"`
	Terms     string `toml:"terms"`   // terms of use, in a phrase
	License   string `toml:"license"` // SPDX id where there is one
	// ShortTerms is the terms of use in a few words, for the list of
	// datasets; it begins "Unverified:" when the terms are unverified.
	ShortTerms string   `toml:"short_terms"`
	Source     string   `toml:"source"` // where the files came from
	Citation   string   `toml:"citation"`
	Notes      string   `toml:"notes"`
	Files      []File   `toml:"files"`
	Columns    []Column `toml:"columns"`
	BibFile    string   `toml:"bibtex_file"` // name of the .bib file in the folder
}

// BibTeX returns the dataset's BibTeX entries.
func (d *Dataset) BibTeX() string {
	if d.BibFile == "" {
		return ""
	}
	b, err := bundle.ReadFile(path.Join(d.ID, d.BibFile))
	if err != nil {
		return ""
	}
	return string(b)
}

// BibEntry is one BibTeX entry: its key and its text, from the @ to the
// closing brace.
type BibEntry struct {
	Key  string
	Text string
}

var bibStart = regexp.MustCompile(`(?m)^@[A-Za-z]+\{([^,\s{}]+),`)

// BibEntries returns the dataset's BibTeX entries in the order of its .bib
// file. Several datasets cite some of the same works (a package they came
// through, a list of states) under the same key: a bibliography that
// merges them must list each key once, as BibTeX rejects a repeated key.
func (d *Dataset) BibEntries() []BibEntry {
	bib := d.BibTeX()
	locs := bibStart.FindAllStringSubmatchIndex(bib, -1)
	out := make([]BibEntry, len(locs))
	for i, l := range locs {
		end := len(bib)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		out[i] = BibEntry{Key: bib[l[2]:l[3]], Text: strings.TrimSpace(bib[l[0]:end])}
	}
	return out
}

// File returns the registry entry of the named file, or nil.
func (d *Dataset) File(name string) *File {
	for i := range d.Files {
		if d.Files[i].Name == name {
			return &d.Files[i]
		}
	}
	return nil
}

var (
	loadOnce sync.Once
	registry map[string]*Dataset
	ids      []string
	loadErr  error
)

func load() {
	entries, err := fs.Glob(bundle, "*/dataset.toml")
	if err != nil {
		loadErr = err
		return
	}
	registry = make(map[string]*Dataset)
	for _, e := range entries {
		b, err := bundle.ReadFile(e)
		if err != nil {
			loadErr = err
			return
		}
		var d Dataset
		if _, err := toml.Decode(string(b), &d); err != nil {
			loadErr = fmt.Errorf("datasets: %s: %v", e, err)
			return
		}
		if d.ID != path.Dir(e) {
			loadErr = fmt.Errorf("datasets: %s: id %q does not match its folder", e, d.ID)
			return
		}
		registry[d.ID] = &d
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
}

// All returns every registered dataset, sorted by id.
func All() []*Dataset {
	loadOnce.Do(load)
	if loadErr != nil {
		panic(loadErr) // the embedded registry is part of the program
	}
	out := make([]*Dataset, len(ids))
	for i, id := range ids {
		out[i] = registry[id]
	}
	return out
}

// Get returns the dataset with the given id.
func Get(id string) (*Dataset, error) {
	All()
	d, ok := registry[id]
	if !ok {
		return nil, fmt.Errorf("datasets: unknown dataset %q (known: %v)", id, ids)
	}
	return d, nil
}

// Source identifies the bytes a table was read from; see table.Source.
type Source = table.Source

var (
	overMu    sync.Mutex
	overrides = map[string]string{}
)

// Override makes Open read the named file of dataset id from path instead
// of the bundled copy, so that a user can load a newer release of a source
// file. The file's sha256 is then recorded, not checked. An empty path
// removes the override.
func Override(id, file, path string) error {
	d, err := Get(id)
	if err != nil {
		return err
	}
	if d.File(file) == nil {
		return fmt.Errorf("datasets: dataset %q has no file %q", id, file)
	}
	overMu.Lock()
	defer overMu.Unlock()
	if path == "" {
		delete(overrides, id+"/"+file)
	} else {
		overrides[id+"/"+file] = path
	}
	return nil
}

// ResetOverrides removes every override set by Override.
func ResetOverrides() {
	overMu.Lock()
	defer overMu.Unlock()
	overrides = map[string]string{}
}

// Open returns the bytes of the named file of dataset id and their
// provenance. The bundled copy's sha256 is checked against the registry;
// a mismatch is an error, since every number repnet reports is meant to be
// traceable to a known file.
func Open(id, file string) ([]byte, Source, error) {
	d, err := Get(id)
	if err != nil {
		return nil, Source{}, err
	}
	f := d.File(file)
	if f == nil {
		return nil, Source{}, fmt.Errorf("datasets: dataset %q has no file %q", id, file)
	}
	overMu.Lock()
	p, over := overrides[id+"/"+file]
	overMu.Unlock()
	if over {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, Source{}, err
		}
		return b, Source{Dataset: id, File: file, Path: p, SHA256: sum(b)}, nil
	}
	b, err := bundle.ReadFile(path.Join(id, file))
	if err != nil {
		return nil, Source{}, fmt.Errorf("datasets: %s/%s: %v", id, file, err)
	}
	got := sum(b)
	if got != f.SHA256 {
		return nil, Source{}, fmt.Errorf("datasets: %s/%s: sha256 %s does not match the registry's %s", id, file, got, f.SHA256)
	}
	return b, Source{Dataset: id, File: file, Path: "embedded:" + id + "/" + file, SHA256: got}, nil
}

// OpenReader is Open returning an io.Reader.
func OpenReader(id, file string) (io.Reader, Source, error) {
	b, src, err := Open(id, file)
	if err != nil {
		return nil, src, err
	}
	return bytes.NewReader(b), src, nil
}

// ReadUserFile reads a user's own file and returns its bytes and provenance.
func ReadUserFile(p string) ([]byte, Source, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, Source{}, err
	}
	return b, Source{File: path.Base(p), Path: p, SHA256: sum(b)}, nil
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
