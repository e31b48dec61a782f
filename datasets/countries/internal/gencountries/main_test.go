package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFilesUpToDate regenerates the crosswalk from the bundled
// files and the hand tables and checks that the committed files are exactly
// what the generator writes (run the generator to update them).
func TestGeneratedFilesUpToDate(t *testing.T) {
	dir := filepath.Join("..", "..", "..")
	out, err := generate(dir, ".")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range out.files {
		got, err := os.ReadFile(filepath.Join(dir, "countries", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("datasets/countries/%s is not what the generator writes: run go run ./datasets/countries/internal/gencountries", name)
		}
	}
	toml, err := os.ReadFile(filepath.Join(dir, "countries", "dataset.toml"))
	if err != nil {
		t.Fatal(err)
	}
	upd, err := updateTOML(toml, out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(upd, toml) {
		t.Error("datasets/countries/dataset.toml has stale sha256 or rows for the generated files")
	}
	// Deterministic: a second run gives the same bytes.
	again, err := generate(dir, ".")
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range out.files {
		if !bytes.Equal(again.files[name], b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestGeneratorRejectsBadHandTables checks that mistakes in the hand tables
// stop the generator with a message naming the problem.
func TestGeneratorRejectsBadHandTables(t *testing.T) {
	dir := filepath.Join("..", "..", "..")
	read := func(n string) string {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	iso, ents, vars := read("iso.csv"), read("entities.csv"), read("variants.csv")
	tests := []struct {
		name, iso, ents, vars, want string
	}{
		{"dup iso2", strings.Replace(iso, "20,CA,CAN", "20,US,CAN", 1), ents, vars, "ISO code US of"},
		{"variant clash", iso, ents, vars + "Ruritania,2,\nRuritania,20,\n", "kept United States"},
		{"variant is a code", iso, ents, vars + "AUT,2,\n", "is the code of Austria"},
		{"unknown target", iso, ents, vars + "Ruritania,Nowhere,\n", "unknown target"},
		{"iso malformed", iso + "999,X,XXX,Ruritania\n", ents, vars, "not a COW state"},
		{"missing entity", iso, "name,gwcode,vdem_id,iso2,iso3,note\n", vars, "has no COW code: add it to entities.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := t.TempDir()
			for n, s := range map[string]string{"iso.csv": tc.iso, "entities.csv": tc.ents, "variants.csv": tc.vars} {
				if err := os.WriteFile(filepath.Join(h, n), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := generate(dir, h)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
