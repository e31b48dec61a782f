package table

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	parquetgo "github.com/parquet-go/parquet-go"

	"github.com/repnet/repnet/internal/csvx"
)

// readWithParquetGo reads a Parquet file with parquet-go, a reader
// independent of the arrow-go writer, into a table of the same types. It
// also returns the file's key-value metadata in file order and its
// created_by string.
func readWithParquetGo(t *testing.T, b []byte) (tb *Table, keys, vals []string, createdBy string) {
	t.Helper()
	f, err := parquetgo.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range f.Metadata().KeyValueMetadata {
		keys = append(keys, kv.Key)
		vals = append(vals, kv.Value)
	}
	leaves := f.Root().Columns()
	cols := make([]*Column, len(leaves))
	missing := make([][]bool, len(leaves))
	for j, leaf := range leaves {
		if !leaf.Leaf() || !leaf.Optional() || leaf.Index() != j {
			t.Fatalf("column %d (%s): leaf %v optional %v index %d", j, leaf.Name(), leaf.Leaf(), leaf.Optional(), leaf.Index())
		}
		c := &Column{Name: leaf.Name()}
		switch k := leaf.Type().Kind(); k {
		case parquetgo.Int64:
			c.Type = Int
		case parquetgo.Double:
			c.Type = Float
		case parquetgo.Boolean:
			c.Type = Bool
		case parquetgo.ByteArray:
			c.Type = String
			if lt := leaf.Type().LogicalType(); lt == nil || lt.String() != "STRING" {
				t.Errorf("column %s: byte array without the STRING logical type", leaf.Name())
			}
		default:
			t.Fatalf("column %s: unexpected kind %v", leaf.Name(), k)
		}
		cols[j] = c
	}
	rowsRead := 0
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquetgo.Row, 512)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				if len(row) != len(cols) {
					t.Fatalf("row %d has %d values, want %d", rowsRead, len(row), len(cols))
				}
				for _, v := range row {
					j := v.Column()
					c := cols[j]
					missing[j] = append(missing[j], v.IsNull())
					if v.IsNull() {
						c.appendZero()
						continue
					}
					switch c.Type {
					case Int:
						c.Ints = append(c.Ints, v.Int64())
					case Float:
						c.Floats = append(c.Floats, v.Double())
					case Bool:
						c.Bools = append(c.Bools, v.Boolean())
					case String:
						c.Strings = append(c.Strings, string(v.ByteArray()))
					}
				}
				rowsRead++
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	if int64(rowsRead) != f.NumRows() {
		t.Errorf("read %d rows, file says %d", rowsRead, f.NumRows())
	}
	for j, c := range cols {
		c.WithMissing(missing[j])
	}
	return New(cols...), keys, vals, f.Metadata().CreatedBy
}

// TestParquetGoReadsOurFiles checks files written by repnet with an
// independent Parquet implementation: the same column names, values and
// nulls, and the same key-value metadata in the same order.
func TestParquetGoReadsOurFiles(t *testing.T) {
	tests := []struct {
		name string
		tb   *Table
		opts WriteOptions
	}{
		{"sample", sampleTable(), WriteOptions{Version: "0.1.0", CommandLine: []string{"repnet", "table", "x y"}, Meta: map[string]string{"seed": "1"}}},
		{"several row groups", bigTable(50000), WriteOptions{RowGroupRows: 20000}},
		{"no rows", New(NewInt("a", nil), NewString("b", nil)), WriteOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := writeParquetBytes(t, tt.tb, tt.opts)
			got, keys, vals, createdBy := readWithParquetGo(t, b)
			want := &Table{Columns: tt.tb.Columns} // parquet-go does not decode our metadata
			mustSame(t, got, want)
			if createdBy != ParquetCreatedBy {
				t.Errorf("created_by %q, want %q", createdBy, ParquetCreatedBy)
			}
			ours, err := parquetKeyValues(tt.tb, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(keys, "\n") != strings.Join(ours.Keys(), "\n") || strings.Join(vals, "\x00") != strings.Join(ours.Values(), "\x00") {
				t.Errorf("parquet-go sees metadata\n%q = %q\nwant\n%q = %q", keys, vals, ours.Keys(), ours.Values())
			}
		})
	}
}

// TestReadParquetGoFile reads a file written by parquet-go, with types and
// repetitions repnet does not write itself.
func TestReadParquetGoFile(t *testing.T) {
	type row struct {
		A int32    `parquet:"a"`
		B *float32 `parquet:"b,optional"`
		C *string  `parquet:"c,optional"`
		D bool     `parquet:"d"`
		E *int64   `parquet:"e,optional"`
		U uint32   `parquet:"u"`
		F float64  `parquet:"f"`
	}
	f32 := func(v float32) *float32 { return &v }
	str := func(v string) *string { return &v }
	i64 := func(v int64) *int64 { return &v }
	rows := []row{
		{A: 1, B: f32(0.5), C: str("x"), D: true, E: i64(-7), U: math.MaxUint32, F: math.NaN()},
		{A: -2, B: nil, C: nil, D: false, E: nil, U: 0, F: 2.5},
		{A: math.MaxInt32, B: f32(-1.25), C: str(""), D: true, E: i64(math.MaxInt64), U: 5, F: -0.125},
	}
	var buf bytes.Buffer
	w := parquetgo.NewGenericWriter[row](&buf, parquetgo.KeyValueMetadata("repnet.meta.from", "parquet-go"))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "pg.parquet")
	if err != nil {
		t.Fatal(err)
	}
	want := New(
		NewInt("a", []int64{1, -2, math.MaxInt32}),
		NewFloat("b", []float64{0.5, math.NaN(), -1.25}),
		NewString("c", []string{"x", "", ""}).WithMissing([]bool{false, true, false}),
		NewBool("d", []bool{true, false, true}),
		NewInt("e", []int64{-7, 0, math.MaxInt64}).WithMissing([]bool{false, true, false}),
		NewInt("u", []int64{math.MaxUint32, 0, 5}),
		NewFloat("f", []float64{math.NaN(), 2.5, -0.125}), // a non-null NaN is missing too
	)
	want.SetMeta("from", "parquet-go")
	mustSame(t, got, want)
}

func TestReadParquetNested(t *testing.T) {
	type inner struct {
		X int64 `parquet:"x"`
	}
	type repeated struct {
		A int64   `parquet:"a"`
		L []int64 `parquet:"l,list"`
	}
	type nested struct {
		A int64 `parquet:"a"`
		S inner `parquet:"s"`
	}
	write := func(rows any) []byte {
		var buf bytes.Buffer
		var err error
		switch r := rows.(type) {
		case []repeated:
			w := parquetgo.NewGenericWriter[repeated](&buf)
			if _, err = w.Write(r); err == nil {
				err = w.Close()
			}
		case []nested:
			w := parquetgo.NewGenericWriter[nested](&buf)
			if _, err = w.Write(r); err == nil {
				err = w.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for name, b := range map[string][]byte{
		"l": write([]repeated{{A: 1, L: []int64{1, 2}}}),
		"x": write([]nested{{A: 1, S: inner{X: 2}}}),
	} {
		_, err := ReadParquet(bytes.NewReader(b), int64(len(b)), "n.parquet")
		var ce *csvx.Error
		if !errors.As(err, &ce) || ce.Column != 2 || !strings.Contains(ce.Msg, "nested") {
			t.Errorf("column %s: error %v, want one naming column 2 as nested", name, err)
		}
	}
}
