package table

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/repnet/repnet/internal/csvx"
)

// DefaultRowGroupRows is the number of rows in each Parquet row group
// written (the last may have fewer). Most repnet tables fit in one.
const DefaultRowGroupRows = 1 << 20

// Parquet file key-value metadata keys written by repnet.
const (
	MetaVersion = "repnet.version" // the repnet version
	MetaCommand = "repnet.command" // the command line, shell-quoted
	MetaSources = "repnet.sources" // JSON array of the table's Sources
	MetaPrefix  = "repnet.meta."   // prefix of each Table.Meta entry
)

const (
	parquetChunk   = 1 << 16 // rows encoded per WriteBatch / ReadBatch call
	parquetMaxPrea = 1 << 24 // most rows preallocated from a file's own count
)

// ParquetCreatedBy is the created_by string of every Parquet file repnet
// writes: that of the arrow-go writer it uses. It names no host, time or
// build, so it changes only when the arrow-go dependency does.
var ParquetCreatedBy = parquet.DefaultCreatedBy

// parquetDictLimit is the most bytes a column's dictionary may hold.
const parquetDictLimit = 1 << 20

// parquetProps are the writer properties, all fixed so that the bytes
// written depend only on the table: format 2.6, version 1 data pages of at
// most 1 MiB, zstd at level 3, column statistics on, page indexes and bloom
// filters off, and dictionary encoding for exactly the columns in dict.
func parquetProps(rowGroupRows int, dict []string) *parquet.WriterProperties {
	opts := []parquet.WriterProperty{
		parquet.WithVersion(parquet.V2_6),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithCreatedBy(ParquetCreatedBy),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(3),
		parquet.WithDictionaryDefault(false),
		parquet.WithDictionaryPageSizeLimit(parquetDictLimit),
		parquet.WithDataPageSize(1 << 20),
		parquet.WithBatchSize(1024),
		parquet.WithMaxRowGroupLength(int64(rowGroupRows)),
		parquet.WithStats(true),
		parquet.WithPageIndexEnabled(false),
		parquet.WithBloomFilterEnabled(false),
	}
	for _, name := range dict {
		opts = append(opts,
			parquet.WithDictionaryFor(name, true),
			parquet.WithDictionaryCostFallbackFor(name, false))
	}
	return parquet.NewWriterProperties(opts...)
}

// dictionaryFits reports whether c should be dictionary-encoded: whether
// it has present values and its distinct present values, as the dictionary
// page stores them (8 bytes a number, 4 plus the length a string), take
// fewer than parquetDictLimit bytes. Bool columns never are.
//
// The choice is made for the whole column so that the arrow-go writer never
// falls back from dictionary to plain encoding in the middle of a column
// chunk: a chunk with both kinds of data page gets its encoding_stats
// written in Go map order (arrow-go v18.8.0, metadata.ColumnChunkMetaDataBuilder.Finish),
// so the same table would give different bytes from run to run.
func dictionaryFits(c *Column) bool {
	size := 0
	switch c.Type {
	case Int:
		seen := map[int64]struct{}{}
		for i, v := range c.Ints {
			if _, dup := seen[v]; !dup && !c.IsMissing(i) {
				seen[v] = struct{}{}
				if size += 8; size >= parquetDictLimit {
					return false
				}
			}
		}
	case Float:
		seen := map[uint64]struct{}{}
		for i, v := range c.Floats {
			b := math.Float64bits(v)
			if _, dup := seen[b]; !dup && !c.IsMissing(i) {
				seen[b] = struct{}{}
				if size += 8; size >= parquetDictLimit {
					return false
				}
			}
		}
	case String:
		seen := map[string]struct{}{}
		for i, v := range c.Strings {
			if _, dup := seen[v]; !dup && !c.IsMissing(i) {
				seen[v] = struct{}{}
				if size += 4 + len(v); size >= parquetDictLimit {
					return false
				}
			}
		}
	default:
		return false
	}
	// A column with no values gets no dictionary: arrow-go would write a
	// dictionary page and no data page, with data_page_offset 0, which
	// other readers reject.
	return size > 0
}

// sourceJSON is the JSON form of a Source in repnet.sources.
type sourceJSON struct {
	Dataset string `json:"dataset"`
	File    string `json:"file"`
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
}

// parquetKeyValues returns the file metadata for t, in key order.
func parquetKeyValues(t *Table, opts WriteOptions) (metadata.KeyValueMetadata, error) {
	kv := map[string]string{
		MetaVersion: opts.Version,
		MetaCommand: shellJoin(opts.CommandLine),
	}
	srcs := make([]sourceJSON, len(t.Sources))
	for i, s := range t.Sources {
		srcs[i] = sourceJSON(s)
	}
	js, err := json.Marshal(srcs)
	if err != nil {
		return nil, err
	}
	kv[MetaSources] = string(js)
	for k, v := range t.Meta {
		kv[MetaPrefix+k] = v
	}
	for k, v := range opts.Meta {
		kv[MetaPrefix+k] = v
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	md := metadata.NewKeyValueMetadata()
	for _, k := range keys {
		if err := md.Append(k, kv[k]); err != nil {
			return nil, err
		}
	}
	return md, nil
}

// writeOnly hides any Close method of the writer it wraps: the Parquet
// writer closes its sink if it can, and the sink may be stdout.
type writeOnly struct{ w io.Writer }

func (w writeOnly) Write(p []byte) (int, error) { return w.w.Write(p) }

// writeParquet writes t as a Parquet file. Every column is OPTIONAL (null
// where missing): ints as INT64, floats as DOUBLE, strings as BYTE_ARRAY
// annotated STRING, bools as BOOLEAN. Rows go into row groups of
// opts.RowGroupRows (DefaultRowGroupRows when zero); a table without rows
// has none. The file's key-value metadata holds, in key
// order, repnet.command, each Meta entry as repnet.meta.<key>,
// repnet.sources (a JSON array of {"dataset","file","path","sha256"} in the
// table's order) and repnet.version. Writer properties are fixed (see
// parquetProps); a column is dictionary-encoded when its distinct values fit
// one dictionary page (see dictionaryFits). Nothing varying (time, host,
// build) is written.
func writeParquet(w io.Writer, t *Table, opts WriteOptions) error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("table: cannot write a table without columns as Parquet")
	}
	groupRows := opts.RowGroupRows
	if groupRows <= 0 {
		groupRows = DefaultRowGroupRows
	}
	fields := make(schema.FieldList, len(t.Columns))
	for j, c := range t.Columns {
		var err error
		switch c.Type {
		case Int:
			fields[j], err = schema.NewPrimitiveNode(c.Name, parquet.Repetitions.Optional, parquet.Types.Int64, -1, -1)
		case Float:
			fields[j], err = schema.NewPrimitiveNode(c.Name, parquet.Repetitions.Optional, parquet.Types.Double, -1, -1)
		case Bool:
			fields[j], err = schema.NewPrimitiveNode(c.Name, parquet.Repetitions.Optional, parquet.Types.Boolean, -1, -1)
		case String:
			fields[j], err = schema.NewPrimitiveNodeLogical(c.Name, parquet.Repetitions.Optional, schema.StringLogicalType{}, parquet.Types.ByteArray, -1, -1)
		}
		if err != nil {
			return fmt.Errorf("table: column %q: %w", c.Name, err)
		}
	}
	root, err := schema.NewGroupNode("schema", parquet.Repetitions.Required, fields, -1)
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	kv, err := parquetKeyValues(t, opts)
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	var dict []string
	for _, c := range t.Columns {
		if dictionaryFits(c) {
			dict = append(dict, c.Name)
		}
	}
	pw, err := file.NewParquetWriterWithError(writeOnly{w}, root,
		file.WithWriterProps(parquetProps(groupRows, dict)), file.WithWriteMetadata(kv))
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	n := t.NumRows()
	enc := &parquetEncoder{}
	for lo := 0; lo < n; lo += groupRows {
		hi := min(lo+groupRows, n)
		rgw, err := pw.AppendRowGroupChecked()
		if err != nil {
			pw.Close()
			return fmt.Errorf("table: %w", err)
		}
		for _, c := range t.Columns {
			cw, err := rgw.NextColumn()
			if err == nil {
				err = enc.writeColumn(cw, c, lo, hi)
			}
			if err != nil {
				pw.Close()
				return fmt.Errorf("table: writing column %q: %w", c.Name, err)
			}
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	return nil
}

// parquetEncoder holds the buffers reused from chunk to chunk.
type parquetEncoder struct {
	def    []int16
	ints   []int64
	floats []float64
	bools  []bool
	bytes  []parquet.ByteArray
	text   []byte
}

// writeColumn writes rows [lo, hi) of c to cw in chunks: the definition
// level of each row (1 present, 0 missing) and the present values.
func (e *parquetEncoder) writeColumn(cw file.ColumnChunkWriter, c *Column, lo, hi int) error {
	for start := lo; start < hi; start += parquetChunk {
		end := min(start+parquetChunk, hi)
		e.def = e.def[:0]
		for i := start; i < end; i++ {
			if c.IsMissing(i) {
				e.def = append(e.def, 0)
			} else {
				e.def = append(e.def, 1)
			}
		}
		var err error
		switch w := cw.(type) {
		case *file.Int64ColumnChunkWriter:
			e.ints = e.ints[:0]
			for i := start; i < end; i++ {
				if !c.IsMissing(i) {
					e.ints = append(e.ints, c.Ints[i])
				}
			}
			_, err = w.WriteBatch(e.ints, e.def, nil)
		case *file.Float64ColumnChunkWriter:
			e.floats = e.floats[:0]
			for i := start; i < end; i++ {
				if !c.IsMissing(i) {
					e.floats = append(e.floats, c.Floats[i])
				}
			}
			_, err = w.WriteBatch(e.floats, e.def, nil)
		case *file.BooleanColumnChunkWriter:
			e.bools = e.bools[:0]
			for i := start; i < end; i++ {
				if !c.IsMissing(i) {
					e.bools = append(e.bools, c.Bools[i])
				}
			}
			_, err = w.WriteBatch(e.bools, e.def, nil)
		case *file.ByteArrayColumnChunkWriter:
			// Copy the chunk's strings into one buffer, then slice it.
			e.text = e.text[:0]
			for i := start; i < end; i++ {
				if !c.IsMissing(i) {
					e.text = append(e.text, c.Strings[i]...)
				}
			}
			e.bytes = e.bytes[:0]
			off := 0
			for i := start; i < end; i++ {
				if !c.IsMissing(i) {
					s := c.Strings[i]
					e.bytes = append(e.bytes, e.text[off:off+len(s):off+len(s)])
					off += len(s)
				}
			}
			_, err = w.WriteBatch(e.bytes, e.def, nil)
		default:
			err = fmt.Errorf("unexpected column writer %T", cw)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadParquet reads a Parquet file of size bytes from r; name is the file
// name used in errors. Flat files of INT32, INT64, FLOAT, DOUBLE, BOOLEAN
// and BYTE_ARRAY (string) columns, required or optional, can be read:
// integers become Int columns, floating point Float, byte arrays String,
// booleans Bool, and nulls missing. Nested and repeated columns, INT96,
// fixed-length byte arrays, unsigned 64-bit integers and logical types
// such as dates, timestamps and decimals are refused with an error naming
// the column.
//
// Missing values, nulls and NaN alike, are marked in each column's Missing
// mask (nil when none is missing), and missing floats are stored as NaN.
//
// From a file repnet wrote, the table's Sources come back from
// repnet.sources and its Meta from the repnet.meta.* entries.
func ReadParquet(r io.ReaderAt, size int64, name string) (t *Table, err error) {
	// arrow-go panics on some corrupt files; a bad file must be an error.
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, &csvx.Error{File: name, Msg: fmt.Sprintf("corrupt Parquet file: %v", p)}
		}
	}()
	fail := func(col int, colName string, format string, args ...any) error {
		e := &csvx.Error{File: name, Msg: fmt.Sprintf(format, args...)}
		if col >= 0 {
			e.Column, e.Name = col+1, colName
		}
		return e
	}
	pr, err := file.NewParquetReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fail(-1, "", "not a readable Parquet file: %v", err)
	}
	defer pr.Close()
	md := pr.MetaData()
	sch := md.Schema
	ncol := sch.NumColumns()
	total := pr.NumRows()
	if total < 0 {
		return nil, fail(-1, "", "corrupt Parquet file: negative row count %d", total)
	}
	// Preallocate for the rows the file claims, within reason: a damaged
	// footer may claim any number.
	prealloc := int(min(total, parquetMaxPrea, size))
	cols := make([]*Column, ncol)
	missing := make([][]bool, ncol)
	seen := map[string]int{}
	for j := 0; j < ncol; j++ {
		d := sch.Column(j)
		cname := d.Name()
		if d.MaxRepetitionLevel() > 0 || d.MaxDefinitionLevel() > 1 || sch.ColumnRoot(j) != d.SchemaNode() {
			return nil, fail(j, cname, "nested or repeated Parquet columns are not supported (path %s)", d.Path())
		}
		if k, dup := seen[cname]; dup {
			return nil, fail(j, cname, "duplicate column name (also column %d)", k+1)
		}
		seen[cname] = j
		ty, err := parquetColumnType(d)
		if err != nil {
			return nil, fail(j, cname, "%v", err)
		}
		c := &Column{Name: cname, Type: ty}
		switch ty {
		case Int:
			c.Ints = make([]int64, 0, prealloc)
		case Float:
			c.Floats = make([]float64, 0, prealloc)
		case String:
			c.Strings = make([]string, 0, prealloc)
		case Bool:
			c.Bools = make([]bool, 0, prealloc)
		}
		cols[j] = c
		missing[j] = make([]bool, 0, prealloc)
	}
	dec := &parquetDecoder{}
	for g := 0; g < pr.NumRowGroups(); g++ {
		rg := pr.RowGroup(g)
		want := rg.NumRows()
		for j := 0; j < ncol; j++ {
			cr, err := rg.Column(j)
			if err != nil {
				return nil, fail(j, cols[j].Name, "row group %d: %v", g+1, err)
			}
			before := cols[j].Len()
			if missing[j], err = dec.readColumn(cr, cols[j], missing[j]); err != nil {
				return nil, fail(j, cols[j].Name, "row group %d: %v", g+1, err)
			}
			if got := int64(cols[j].Len() - before); got != want {
				return nil, fail(j, cols[j].Name, "row group %d: %d values, but the row group has %d rows", g+1, got, want)
			}
		}
	}
	for j, c := range cols {
		if c.Type == Float {
			// A NaN that is not null (as R and NumPy write) is missing too,
			// as NewFloat has it.
			for i, v := range c.Floats {
				if math.IsNaN(v) {
					missing[j][i] = true
				}
			}
		}
		for _, m := range missing[j] {
			if m {
				c.Missing = missing[j]
				break
			}
		}
	}
	t = &Table{Columns: cols}
	if err := t.validate(); err != nil {
		return nil, fail(-1, "", "%v", err)
	}
	kv := md.KeyValueMetadata()
	keys, vals := kv.Keys(), kv.Values()
	for i, k := range keys {
		switch {
		case k == MetaSources:
			var srcs []sourceJSON
			dj := json.NewDecoder(strings.NewReader(vals[i]))
			dj.DisallowUnknownFields()
			if err := dj.Decode(&srcs); err != nil {
				return nil, fail(-1, "", "metadata %s: %v", MetaSources, err)
			}
			for _, s := range srcs {
				t.Sources = append(t.Sources, Source(s))
			}
		case strings.HasPrefix(k, MetaPrefix):
			t.SetMeta(strings.TrimPrefix(k, MetaPrefix), vals[i])
		}
	}
	return t, nil
}

// parquetColumnType returns the table type a flat Parquet column reads as.
func parquetColumnType(d *schema.Column) (Type, error) {
	lt := d.LogicalType()
	plain := lt == nil || lt.Equals(schema.NoLogicalType{})
	switch d.PhysicalType() {
	case parquet.Types.Int32, parquet.Types.Int64:
		if it, ok := intLogicalType(lt); ok {
			if !it.IsSigned() && it.BitWidth() == 64 {
				return 0, fmt.Errorf("unsigned 64-bit integers are not supported")
			}
			return Int, nil
		}
		if plain {
			return Int, nil
		}
	case parquet.Types.Float, parquet.Types.Double:
		if plain {
			return Float, nil
		}
	case parquet.Types.Boolean:
		if plain {
			return Bool, nil
		}
	case parquet.Types.ByteArray:
		switch lt.(type) {
		case schema.StringLogicalType, *schema.StringLogicalType,
			schema.EnumLogicalType, *schema.EnumLogicalType,
			schema.JSONLogicalType, *schema.JSONLogicalType:
			return String, nil
		}
		if plain {
			return String, nil
		}
	default:
		return 0, fmt.Errorf("unsupported Parquet physical type %s", d.PhysicalType())
	}
	return 0, fmt.Errorf("unsupported Parquet logical type %s on %s", lt, d.PhysicalType())
}

// intLogicalType returns lt as an integer logical type.
func intLogicalType(lt schema.LogicalType) (schema.IntLogicalType, bool) {
	switch it := lt.(type) {
	case schema.IntLogicalType:
		return it, true
	case *schema.IntLogicalType:
		if it != nil {
			return *it, true
		}
	}
	return schema.IntLogicalType{}, false
}

// parquetDecoder holds the buffers reused from batch to batch.
type parquetDecoder struct {
	def     []int16
	ints32  []int32
	ints    []int64
	floats  []float32
	doubles []float64
	bools   []bool
	bytes   []parquet.ByteArray
}

// readColumn appends the values of one column chunk to c and its missing
// flags to missing, which it returns.
func (d *parquetDecoder) readColumn(cr file.ColumnChunkReader, c *Column, missing []bool) ([]bool, error) {
	optional := cr.Descriptor().MaxDefinitionLevel() == 1
	if d.def == nil {
		d.def = make([]int16, parquetChunk)
	}
	var def []int16
	if optional {
		def = d.def
	}
	unsigned32 := false
	if it, ok := intLogicalType(cr.Descriptor().LogicalType()); ok && !it.IsSigned() {
		unsigned32 = true
	}
	for cr.HasNext() {
		var (
			n   int64
			err error
			// present(k) returns the k-th value of the batch; it is called
			// once for each present row, in order.
			present func(k int)
		)
		switch r := cr.(type) {
		case *file.Int32ColumnChunkReader:
			d.ints32 = grow(d.ints32)
			n, _, err = r.ReadBatch(parquetChunk, d.ints32, def, nil)
			present = func(k int) {
				v := int64(d.ints32[k])
				if unsigned32 {
					v = int64(uint32(d.ints32[k]))
				}
				c.Ints = append(c.Ints, v)
			}
		case *file.Int64ColumnChunkReader:
			d.ints = grow(d.ints)
			n, _, err = r.ReadBatch(parquetChunk, d.ints, def, nil)
			present = func(k int) { c.Ints = append(c.Ints, d.ints[k]) }
		case *file.Float32ColumnChunkReader:
			d.floats = grow(d.floats)
			n, _, err = r.ReadBatch(parquetChunk, d.floats, def, nil)
			present = func(k int) { c.Floats = append(c.Floats, float64(d.floats[k])) }
		case *file.Float64ColumnChunkReader:
			d.doubles = grow(d.doubles)
			n, _, err = r.ReadBatch(parquetChunk, d.doubles, def, nil)
			present = func(k int) { c.Floats = append(c.Floats, d.doubles[k]) }
		case *file.BooleanColumnChunkReader:
			d.bools = grow(d.bools)
			n, _, err = r.ReadBatch(parquetChunk, d.bools, def, nil)
			present = func(k int) { c.Bools = append(c.Bools, d.bools[k]) }
		case *file.ByteArrayColumnChunkReader:
			d.bytes = grow(d.bytes)
			n, _, err = r.ReadBatch(parquetChunk, d.bytes, def, nil)
			// The bytes belong to the reader's page buffer: copy them.
			present = func(k int) { c.Strings = append(c.Strings, string(d.bytes[k])) }
		default:
			return missing, fmt.Errorf("unexpected column reader %T", cr)
		}
		if err != nil {
			return missing, err
		}
		k := 0
		for i := 0; i < int(n); i++ {
			if optional && def[i] == 0 {
				missing = append(missing, true)
				c.appendZero()
				continue
			}
			missing = append(missing, false)
			present(k)
			k++
		}
	}
	if err := cr.Err(); err != nil {
		return missing, err
	}
	return missing, nil
}

// grow returns s with length parquetChunk.
func grow[T any](s []T) []T {
	if len(s) < parquetChunk {
		return make([]T, parquetChunk)
	}
	return s
}

// appendZero appends the stored value of a missing row: NaN for floats,
// the zero value otherwise.
func (c *Column) appendZero() {
	switch c.Type {
	case Int:
		c.Ints = append(c.Ints, 0)
	case Float:
		c.Floats = append(c.Floats, math.NaN())
	case String:
		c.Strings = append(c.Strings, "")
	case Bool:
		c.Bools = append(c.Bools, false)
	}
}
