package table

import (
	"bytes"
	"errors"
	"math"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/repnet/repnet/internal/csvx"
)

func writeParquetBytes(t testing.TB, tb *Table, opts WriteOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, tb, Parquet, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readParquetBytes(t testing.TB, b []byte) *Table {
	t.Helper()
	tb, err := ReadParquet(bytes.NewReader(b), int64(len(b)), "x.parquet")
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestParquetRoundTrip(t *testing.T) {
	one := New(NewString("s", []string{"", "a", "b"}).WithMissing([]bool{false, true, false}))
	tests := []struct {
		name string
		tb   *Table
		opts WriteOptions
	}{
		{"sample", sampleTable(), WriteOptions{}},
		{"one column, empty string is not missing", one, WriteOptions{}},
		{"no rows", New(NewInt("a", nil), NewFloat("b", nil), NewString("c", nil), NewBool("d", nil)), WriteOptions{}},
		{"all missing", New(NewFloat("x", []float64{math.NaN(), math.NaN()}), NewBool("b", []bool{true, false}).WithMissing([]bool{true, true})), WriteOptions{}},
		{"several row groups", bigTable(10000), WriteOptions{RowGroupRows: 3000}},
		{"row groups exactly full", bigTable(6000), WriteOptions{RowGroupRows: 3000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readParquetBytes(t, writeParquetBytes(t, tt.tb, tt.opts))
			mustSame(t, got, tt.tb)
			for _, c := range got.Columns {
				if c.Missing != nil && !c.HasMissing() {
					t.Errorf("column %q: all-false missing mask, want nil", c.Name)
				}
			}
		})
	}
}

func TestParquetOptionsMeta(t *testing.T) {
	tb := sampleTable()
	b := writeParquetBytes(t, tb, WriteOptions{Meta: map[string]string{"seed": "42", "coding": "overridden"}})
	got := readParquetBytes(t, b)
	want := map[string]string{"a.key": "value", "coding": "overridden", "seed": "42"}
	if len(got.Meta) != len(want) {
		t.Fatalf("meta %v, want %v", got.Meta, want)
	}
	for k, v := range want {
		if got.Meta[k] != v {
			t.Errorf("meta %v, want %v", got.Meta, want)
		}
	}
	if tb.Meta["coding"] != "COW -9 is missing" {
		t.Error("Write changed the table's Meta")
	}
}

// TestParquetFileLayout checks the schema, the writer properties and the
// key-value metadata as arrow-go's own reader sees them.
func TestParquetFileLayout(t *testing.T) {
	b := writeParquetBytes(t, sampleTable(), WriteOptions{
		Version:     "1.2.3",
		CommandLine: []string{"repnet", "table", "cow-igo", "--years", "1990-2014", "-o", "my file's.parquet"},
	})
	pr, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	md := pr.MetaData()
	if got := md.GetCreatedBy(); got != ParquetCreatedBy || !regexp.MustCompile(`^parquet-go version \d+\.\d+\.\d+$`).MatchString(got) {
		t.Errorf("created_by %q, want %q: a fixed string naming the writer only", got, ParquetCreatedBy)
	}
	kv := md.KeyValueMetadata()
	wantKeys := []string{"repnet.command", "repnet.meta.a.key", "repnet.meta.coding", "repnet.sources", "repnet.version"}
	wantVals := []string{
		`repnet table cow-igo --years 1990-2014 -o 'my file'\''s.parquet'`,
		"value",
		"COW -9 is missing",
		`[{"dataset":"cow-igo","file":"igo.csv","path":"embedded:cow-igo/igo.csv","sha256":"cd34"},{"dataset":"vdem","file":"vdem.csv.gz","path":"embedded:vdem/vdem.csv.gz","sha256":"ab12"}]`,
		"1.2.3",
	}
	if got := kv.Keys(); strings.Join(got, "\n") != strings.Join(wantKeys, "\n") {
		t.Errorf("keys %q, want %q", got, wantKeys)
	}
	if got := kv.Values(); strings.Join(got, "\n") != strings.Join(wantVals, "\n") {
		t.Errorf("values %q, want %q", got, wantVals)
	}
	type col struct {
		name string
		phys parquet.Type
		str  bool
	}
	wantCols := []col{
		{"ccode", parquet.Types.Int64, false},
		{"polyarchy", parquet.Types.Double, false},
		{"inf", parquet.Types.Double, false},
		{"name", parquet.Types.ByteArray, true},
		{"member", parquet.Types.Boolean, false},
	}
	if md.Schema.NumColumns() != len(wantCols) {
		t.Fatalf("%d columns, want %d", md.Schema.NumColumns(), len(wantCols))
	}
	for i, w := range wantCols {
		d := md.Schema.Column(i)
		_, isStr := d.LogicalType().(schema.StringLogicalType)
		if d.Name() != w.name || d.PhysicalType() != w.phys || isStr != w.str ||
			d.SchemaNode().RepetitionType() != parquet.Repetitions.Optional {
			t.Errorf("column %d: %s %s %s %s, want %s %s optional (string %v)", i, d.Name(), d.PhysicalType(), d.LogicalType(), d.SchemaNode().RepetitionType(), w.name, w.phys, w.str)
		}
		cc, err := md.RowGroup(0).ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		if cc.Compression() != compress.Codecs.Zstd {
			t.Errorf("column %s: compression %s, want zstd", w.name, cc.Compression())
		}
	}
	if md.NumRowGroups() != 1 {
		t.Errorf("%d row groups, want 1", md.NumRowGroups())
	}
}

// TestParquetDeterministic writes the same 200,000-row table under
// GOMAXPROCS 1 and 2, in one row group and in several, and requires the
// same bytes; it also checks that the file really has several data pages
// per column chunk, so page splitting is covered.
func TestParquetDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 rows four times")
	}
	tb := bigTable(200_000)
	tb.AddSources(Source{Dataset: "d", File: "f", Path: "p", SHA256: "s"})
	tb.SetMeta("k", "v")
	opts := WriteOptions{Version: "v", CommandLine: []string{"repnet", "x"}}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, groupRows := range []int{0, 65536} {
		opts.RowGroupRows = groupRows
		runtime.GOMAXPROCS(1)
		b1 := writeParquetBytes(t, tb, opts)
		runtime.GOMAXPROCS(2)
		b2 := writeParquetBytes(t, tb, opts)
		if !bytes.Equal(b1, b2) {
			t.Fatalf("row groups of %d: output differs between GOMAXPROCS 1 and 2 (%d and %d bytes)", groupRows, len(b1), len(b2))
		}
		pr, err := file.NewParquetReader(bytes.NewReader(b1))
		if err != nil {
			t.Fatal(err)
		}
		wantGroups := 1
		if groupRows > 0 {
			wantGroups = (200_000 + groupRows - 1) / groupRows
		}
		if pr.NumRowGroups() != wantGroups {
			t.Errorf("%d row groups, want %d", pr.NumRowGroups(), wantGroups)
		}
		maxPages := 0
		wantDict := map[string]bool{"year": true, "ccode": true, "x": false, "y": true, "org": true, "id": false}
		for i := 0; i < pr.NumRowGroups(); i++ {
			for j := 0; j < pr.MetaData().NumColumns(); j++ {
				cc, err := pr.MetaData().RowGroup(i).ColumnChunk(j)
				if err != nil {
					t.Fatal(err)
				}
				name := tb.Columns[j].Name
				if cc.HasDictionaryPage() != wantDict[name] {
					t.Errorf("row group %d column %s: dictionary %v, want %v", i, name, cc.HasDictionaryPage(), wantDict[name])
				}
				// One encoding for all data pages: a chunk that mixes them
				// is where arrow-go's output order is random.
				dataEncodings := 0
				for _, st := range cc.EncodingStats() {
					if st.PageType == file.PageTypeDataPage {
						dataEncodings++
					}
				}
				if dataEncodings != 1 {
					t.Errorf("row group %d column %s: %d data page encodings, want 1", i, name, dataEncodings)
				}
				pgr, err := pr.RowGroup(i).GetColumnPageReader(j)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for pgr.Next() {
					n++
				}
				if err := pgr.Err(); err != nil {
					t.Fatal(err)
				}
				maxPages = max(maxPages, n)
			}
		}
		if maxPages < 2 {
			t.Errorf("row groups of %d: at most %d page in a column chunk, want several", groupRows, maxPages)
		}
		t.Logf("row groups of %d: %d bytes, %d row groups, up to %d pages per column chunk", groupRows, len(b1), pr.NumRowGroups(), maxPages)
		mustSame(t, readParquetBytes(t, b1), tb)
	}
}

func TestReadParquetErrors(t *testing.T) {
	good := writeParquetBytes(t, sampleTable(), WriteOptions{})
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"csv", []byte("a,b\n1,2\n")},
		{"truncated", good[:len(good)/2]},
		{"no footer", good[:len(good)-8]},
	}
	// Damage every 97th byte of the data, one at a time.
	for i := 4; i < len(good)-8; i += 97 {
		b := bytes.Clone(good)
		b[i] ^= 0xff
		tests = append(tests, struct {
			name string
			in   []byte
		}{"flipped", b})
	}
	for _, tt := range tests {
		_, err := ReadParquet(bytes.NewReader(tt.in), int64(len(tt.in)), "bad.parquet")
		if tt.name == "flipped" {
			// A flipped byte may fall in a value and go unnoticed; what
			// matters is that there is no panic, and that any error names
			// the file.
			if err != nil && !strings.HasPrefix(err.Error(), "bad.parquet") {
				t.Errorf("%s: error %q does not name the file", tt.name, err)
			}
			continue
		}
		var ce *csvx.Error
		if !errors.As(err, &ce) || ce.File != "bad.parquet" {
			t.Errorf("%s: error %v, want a *csvx.Error naming bad.parquet", tt.name, err)
		}
	}
}

func TestWriteParquetNoColumns(t *testing.T) {
	if err := Write(&bytes.Buffer{}, New(), Parquet, WriteOptions{}); err == nil {
		t.Error("no error writing a table without columns")
	}
}

func TestDictionaryFits(t *testing.T) {
	ints := func(n int) []int64 {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(i)
		}
		return v
	}
	under := ints(parquetDictLimit/8 - 1)
	at := ints(parquetDictLimit / 8)
	tests := []struct {
		name string
		c    *Column
		want bool
	}{
		{"ints under the limit", NewInt("x", under), true},
		{"ints at the limit", NewInt("x", at), false},
		{"repeats count once", NewInt("x", append(under, under...)), true},
		{"missing values do not count", NewInt("x", append(under, 1<<40)).WithMissing(append(make([]bool, len(under)), true)), true},
		{"floats at the limit", NewFloat("x", func() []float64 {
			v := make([]float64, parquetDictLimit/8)
			for i := range v {
				v[i] = float64(i) / 7
			}
			return v
		}()), false},
		{"one long string", NewString("s", []string{strings.Repeat("x", parquetDictLimit-5)}), true},
		{"one longer string", NewString("s", []string{strings.Repeat("x", parquetDictLimit-4)}), false},
		{"bools", NewBool("b", []bool{true}), false},
	}
	for _, tt := range tests {
		if got := dictionaryFits(tt.c); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
