package loaders

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/repnet/repnet/datasets"
)

// A user's newer copy of a source file, given through datasets.Override,
// is what Load reads, and the table records its path and sha256 and the
// coverage of its own data.
func TestOverride(t *testing.T) {
	data := []byte("ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n2,2030,1,2,3,4,5,6,0.5\n2,2029,-9,,NA,4,5,6,0.4\n")
	p := filepath.Join(t.TempDir(), "nmc_v8.csv")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := datasets.Override("cow-nmc", "cow_nmc.csv.gz", p); err != nil {
		t.Fatal(err)
	}
	defer datasets.Override("cow-nmc", "cow_nmc.csv.gz", "")
	tab, err := Load("cow-nmc", Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if len(tab.Sources) != 1 || tab.Sources[0].Path != p || tab.Sources[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sources %+v", tab.Sources)
	}
	if tab.NumRows() != 2 || tab.Meta["coverage"] != "2029-2030" || tab.Col("year").Ints[0] != 2029 {
		t.Errorf("%d rows, coverage %q", tab.NumRows(), tab.Meta["coverage"])
	}
	for _, n := range []string{"milex", "milper", "irst"} {
		if !tab.Col(n).IsMissing(0) {
			t.Errorf("%s of 2029 not missing", n)
		}
	}
}

// ReadX on a caller's reader records the name given and the sha256 of
// the bytes read.
func TestReaderSource(t *testing.T) {
	data := []byte("ccode,year,imports,exports\n2,1990,1,2\n20,1990,3,4\n")
	tab, err := ReadTradeTotals(bytes.NewReader(data), "/data/trade totals.csv")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	s := tab.Sources[0]
	if s.Dataset != "" || s.File != "trade totals.csv" || s.Path != "/data/trade totals.csv" || s.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("source %+v", s)
	}
}

// An error in a user's replacement of a bundled file names the user's
// file, the one to fix, not the bundled one.
func TestOverrideErrorNamesUserFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nmc_v8.csv")
	data := []byte("ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n2,2030,1,2,3,4,5,6,0.5\n2,20x9,1,2,3,4,5,6,0.4\n")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := datasets.Override("cow-nmc", "cow_nmc.csv.gz", p); err != nil {
		t.Fatal(err)
	}
	defer datasets.Override("cow-nmc", "cow_nmc.csv.gz", "")
	_, err := Load("cow-nmc", Options{})
	want := p + `:3: column 2 ("year"): expected an integer, found "20x9"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
