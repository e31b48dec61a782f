// Package csvx is a fast RFC 4180 CSV reader that knows where it is: every
// record carries its line number, and errors name the file, the line, the
// column number and the column name. Gzip input is detected by its magic
// bytes and decompressed transparently.
//
// It exists because encoding/csv allocates a string per field, which is the
// whole cost of loading COW's 8-million-cell IGO file, and because its errors
// do not carry the column name a researcher needs to fix a file.
package csvx

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Error is a data error at a position in a file. Line and Column are
// 1-based; Column 0 means the whole line, Line 0 the whole file.
type Error struct {
	File   string
	Line   int
	Column int
	Name   string // column name, when known
	Msg    string
}

func (e *Error) Error() string {
	var b bytes.Buffer
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ": column %d", e.Column)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%q)", e.Name)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Reader reads CSV records from a file. Fields returned by Read are valid
// only until the next call.
type Reader struct {
	name   string
	br     *bufio.Reader
	line   int // line number of the next unread line
	start  int // line on which the current record started
	fields [][]byte
	buf    []byte
	ends   []int
	header []string
	blank  bool // the last line read was empty
	closer io.Closer
}

// NewReader returns a reader of r, whose errors name the file name. If r
// starts with the gzip magic bytes it is decompressed.
func NewReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	rd := &Reader{name: name, line: 1}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &Error{File: name, Msg: "reading gzip header: " + err.Error()}
		}
		rd.closer = zr
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	rd.br = br
	return rd, nil
}

// Name returns the file name used in errors.
func (r *Reader) Name() string { return r.name }

// Line returns the line on which the last record read started.
func (r *Reader) Line() int { return r.start }

// SetHeader records the column names, used to name columns in errors.
func (r *Reader) SetHeader(names []string) { r.header = names }

// Header returns the names set by SetHeader or ReadHeader.
func (r *Reader) Header() []string { return r.header }

// ReadHeader reads the first record as the header, strips a UTF-8 byte
// order mark, and records it.
func (r *Reader) ReadHeader() ([]string, error) {
	rec, err := r.Read()
	if err == io.EOF {
		return nil, &Error{File: r.name, Line: 1, Msg: "empty file: expected a header line"}
	}
	if err != nil {
		return nil, err
	}
	names := make([]string, len(rec))
	for i, f := range rec {
		if i == 0 {
			f = bytes.TrimPrefix(f, []byte("\xef\xbb\xbf"))
		}
		names[i] = string(f)
	}
	r.header = names
	return names, nil
}

// Errorf returns an *Error at the current record and the given 0-based
// field index (or -1 for the whole line).
func (r *Reader) Errorf(field int, format string, args ...any) error {
	e := &Error{File: r.name, Line: r.start, Msg: fmt.Sprintf(format, args...)}
	if field >= 0 {
		e.Column = field + 1
		if field < len(r.header) {
			e.Name = r.header[field]
		}
	}
	return e
}

// Read returns the next record, or io.EOF after the last. Blank lines are
// skipped. A record with a different number of fields from the header is
// an error.
func (r *Reader) Read() ([][]byte, error) {
	for {
		rec, err := r.readRecord()
		if err != nil {
			return nil, err
		}
		if r.blank {
			continue
		}
		if r.header != nil && len(rec) != len(r.header) {
			return nil, r.Errorf(-1, "expected %d fields (as in the header), found %d", len(r.header), len(rec))
		}
		return rec, nil
	}
}

func (r *Reader) readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return &Error{File: r.name, Line: r.line, Msg: "truncated or corrupt compressed data: " + err.Error()}
	}
	return &Error{File: r.name, Line: r.line, Msg: err.Error()}
}

func (r *Reader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// Long line: accumulate.
		full := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			full = append(full, line...)
		}
		line = full
	}
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	if err != nil {
		if err == io.EOF {
			if r.closer != nil {
				// Make gzip verify its checksum now.
				r.closer.Close()
			}
			return nil, io.EOF
		}
		return nil, r.readErr(err)
	}
	r.line++
	return line, nil
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

func (r *Reader) readRecord() ([][]byte, error) {
	r.start = r.line
	line, err := r.readLine()
	if err != nil {
		return nil, err
	}
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
	line = trimEOL(line)
	r.blank = len(line) == 0
	// Fast path: no quotes on the line; fields alias the read buffer.
	if bytes.IndexByte(line, '"') < 0 {
		r.fields = r.fields[:0]
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				r.fields = append(r.fields, line[:len(line):len(line)])
				return r.fields, nil
			}
			r.fields = append(r.fields, line[:i:i])
			line = line[i+1:]
		}
	}
	pos := 0
	for {
		// Start of a field at line[pos:].
		if pos < len(line) && line[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// Quoted field continues on the next line.
					r.buf = append(r.buf, line[pos:]...)
					r.buf = append(r.buf, '\n')
					next, err := r.readLine()
					if err == io.EOF {
						return nil, &Error{File: r.name, Line: r.start, Column: len(r.ends) + 1, Msg: "quoted field not closed before end of file"}
					}
					if err != nil {
						return nil, err
					}
					line = trimEOL(next)
					pos = 0
					continue
				}
				r.buf = append(r.buf, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					r.buf = append(r.buf, '"')
					pos++
					continue
				}
				break
			}
			if pos < len(line) && line[pos] != ',' {
				return nil, &Error{File: r.name, Line: r.line - 1, Column: len(r.ends) + 1, Msg: fmt.Sprintf("unexpected %q after closing quote", line[pos])}
			}
		} else {
			i := bytes.IndexByte(line[pos:], ',')
			if i < 0 {
				i = len(line) - pos
			}
			field := line[pos : pos+i]
			if bytes.IndexByte(field, '"') >= 0 {
				return nil, &Error{File: r.name, Line: r.line - 1, Column: len(r.ends) + 1, Msg: "bare quote in unquoted field"}
			}
			r.buf = append(r.buf, field...)
			pos += i
		}
		r.ends = append(r.ends, len(r.buf))
		if pos >= len(line) {
			break
		}
		pos++ // skip comma
		if pos == len(line) {
			r.ends = append(r.ends, len(r.buf))
			break
		}
	}
	r.fields = r.fields[:0]
	prev := 0
	for _, e := range r.ends {
		r.fields = append(r.fields, r.buf[prev:e:e])
		prev = e
	}
	return r.fields, nil
}

// Int parses field f (0-based index) of rec as a base-10 integer. Empty
// fields and the text NA are reported as missing with ok false and no error.
func (r *Reader) Int(rec [][]byte, f int) (v int64, ok bool, err error) {
	b := rec[f]
	if isNA(b) {
		return 0, false, nil
	}
	v, err = parseInt(b)
	if err != nil {
		// Accept integral floats such as "2014.0" that R and Stata exports write.
		if fv, ferr := strconv.ParseFloat(string(b), 64); ferr == nil && fv == float64(int64(fv)) {
			return int64(fv), true, nil
		}
		return 0, false, r.Errorf(f, "expected an integer, found %q", clip(b))
	}
	return v, true, nil
}

// Float parses field f of rec as a decimal number. Empty fields and NA are
// missing (ok false, no error).
func (r *Reader) Float(rec [][]byte, f int) (v float64, ok bool, err error) {
	b := rec[f]
	if isNA(b) {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, false, r.Errorf(f, "expected a number, found %q", clip(b))
	}
	return v, true, nil
}

func isNA(b []byte) bool {
	return len(b) == 0 || (len(b) == 2 && b[0] == 'N' && b[1] == 'A')
}

func clip(b []byte) string {
	const max = 40
	if len(b) <= max {
		return string(b)
	}
	s := b[:max]
	for len(s) > 0 && !utf8.Valid(s) {
		s = s[:len(s)-1]
	}
	return string(s) + "..."
}

func parseInt(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 18 {
		return strconv.ParseInt(string(b), 10, 64)
	}
	neg := false
	i := 0
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i = 1
		if len(b) == 1 {
			return 0, strconv.ErrSyntax
		}
	}
	var v int64
	for ; i < len(b); i++ {
		c := b[i] - '0'
		if c > 9 {
			return 0, strconv.ErrSyntax
		}
		v = v*10 + int64(c)
	}
	if neg {
		v = -v
	}
	return v, nil
}
