package table

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
)

func writeString(t *testing.T, tb *Table, f Format, opts WriteOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, tb, f, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteCSV(t *testing.T) {
	got := writeString(t, sampleTable(), CSV, WriteOptions{})
	want := "ccode,polyarchy,inf,name,member\n" +
		"2,0.5,Inf,United States,true\n" +
		"365,-0.25,-Inf,\"Quote \"\"q\"\"\",false\n" +
		"-9223372036854775808,1e-07,0.1,\"comma, here\",true\n" +
		"9223372036854775807,1.5e+300,2.5,\"line\nbreak\",true\n" +
		",,,,false\n" +
		"-9,-0,3.25,pipe | é 中,\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWriteCSVQuoting(t *testing.T) {
	tests := []struct {
		name string
		tb   *Table
		want string
	}{
		{"header needs quotes", New(NewInt("a,b", []int64{1}), NewInt(`c"`, []int64{2})), "\"a,b\",\"c\"\"\"\n1,2\n"},
		{"carriage return", New(NewString("s", []string{"a\rb"}), NewInt("n", []int64{1})), "s,n\n\"a\rb\",1\n"},
		{"one column, missing", New(NewInt("n", []int64{1, 0, 3}).WithMissing([]bool{false, true, false})), "n\n1\n\"\"\n3\n"},
		{"one column, empty string", New(NewString("s", []string{"", "x"})), "s\n\"\"\nx\n"},
		{"two columns, empty string", New(NewString("s", []string{""}), NewString("t", []string{""})), "s,t\n,\n"},
		{"no rows", New(NewInt("a", nil), NewString("b", nil)), "a,b\n"},
		{"no columns", New(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := writeString(t, tt.tb, CSV, WriteOptions{}); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadCSVTypes(t *testing.T) {
	in := "i,f,b,s,m,e,n,inf\n" +
		"1,1.5,true,a,,NA,1,Inf\n" +
		"-2,2,false,3,,,NaN,-Inf\n" +
		"NA,,TRUE,,,,,1\n"
	tb, err := ReadCSV(strings.NewReader(in), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := New(
		NewInt("i", []int64{1, -2, 0}).WithMissing([]bool{false, false, true}),
		NewFloat("f", []float64{1.5, 2, math.NaN()}),
		NewBool("b", []bool{true, false, true}),
		NewString("s", []string{"a", "3", ""}).WithMissing([]bool{false, false, true}),
		NewInt("m", []int64{0, 0, 0}).WithMissing([]bool{true, true, true}),
		NewInt("e", []int64{0, 0, 0}).WithMissing([]bool{true, true, true}),
		NewFloat("n", []float64{1, math.NaN(), math.NaN()}),
		NewFloat("inf", []float64{math.Inf(1), math.Inf(-1), 1}),
	)
	mustSame(t, tb, want)
}

func TestReadCSVInference(t *testing.T) {
	tests := []struct {
		values string // one value per line
		want   Type
	}{
		{"1\n2", Int},
		{"+1\n-2\n007", Int},
		{"9223372036854775807", Int},
		{"9223372036854775808", Float}, // overflows int64
		{"1\n2.0", Float},
		{"1e3", Float},
		{".5\n-.5", Float},
		{"1e400", String}, // not a float64
		{"0x10", String},
		{"0x1p3", String},
		{"1_000", String},
		{"Nan", String},
		{"infinity", String},
		{"true\nFalse\nTRUE", Bool},
		{"true\n1", String},
		{"yes\nno", String},
		{" 1", String},
		{"1.5\nabc", String},
		{"", Int}, // all missing
	}
	for _, tt := range tests {
		in := "x\n" + tt.values + "\n"
		tb, err := ReadCSV(strings.NewReader(in), "x.csv")
		if err != nil {
			t.Errorf("%q: %v", tt.values, err)
			continue
		}
		if got := tb.Columns[0].Type; got != tt.want {
			t.Errorf("%q: type %s, want %s", tt.values, got, tt.want)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		in         string
		line, col  int
		name, text string
	}{
		{"", 1, 0, "", "empty file"},
		{"a,b\n1,2\n3\n", 3, 0, "", "expected 2 fields"},
		{"a,a\n1,2\n", 1, 2, "a", "duplicate column name"},
		{"\"\",b\n1,2\n", 1, 1, "", "empty column name"},
		{"a,b\n1,\"x\n", 2, 2, "", "not closed"},
		{"a,b\n1,x\"y\n", 2, 2, "", "bare quote"},
	}
	for _, tt := range tests {
		_, err := ReadCSV(strings.NewReader(tt.in), "data/x.csv")
		var ce *csvx.Error
		if !errors.As(err, &ce) {
			t.Errorf("%q: error %v, want a *csvx.Error", tt.in, err)
			continue
		}
		if ce.File != "data/x.csv" || ce.Line != tt.line || ce.Column != tt.col || ce.Name != tt.name || !strings.Contains(ce.Msg, tt.text) {
			t.Errorf("%q: error %#v, want line %d column %d (%q) containing %q", tt.in, ce, tt.line, tt.col, tt.name, tt.text)
		}
	}
}

func TestReadCSVGzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("a,b\n1,x\n"))
	zw.Close()
	tb, err := ReadCSV(&b, "x.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	mustSame(t, tb, New(NewInt("a", []int64{1}), NewString("b", []string{"x"})))
}

// TestCSVRoundTrip writes typed columns, whose text determines their type
// (floats that are not all whole numbers, strings that are not numbers),
// and reads them back unchanged, bit for bit.
func TestCSVRoundTrip(t *testing.T) {
	tb := sampleTable()
	tb.Sources, tb.Meta = nil, nil // CSV carries no metadata
	got, err := ReadCSV(strings.NewReader(writeString(t, tb, CSV, WriteOptions{})), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	mustSame(t, got, tb)

	big := bigTable(20000)
	got, err = ReadCSV(strings.NewReader(writeString(t, big, CSV, WriteOptions{})), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	mustSame(t, got, big)

	one := New(NewString("s", []string{"a", "", "b"}).WithMissing([]bool{false, true, false}))
	got, err = ReadCSV(strings.NewReader(writeString(t, one, CSV, WriteOptions{})), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	mustSame(t, got, one)
}

// TestCSVFloatShortest checks that floats are written in the shortest form
// that reads back exactly.
func TestCSVFloatShortest(t *testing.T) {
	third := 0.2
	vals := []float64{0.1, 0.1 + third, 1.0 / 3, 123456.789, 5e-324, math.MaxFloat64, -1e-6, 9.999999e-7, 1e21, 1e20 + 0.5}
	tb := New(NewFloat("x", vals))
	out := writeString(t, tb, CSV, WriteOptions{})
	want := "x\n0.1\n0.30000000000000004\n0.3333333333333333\n123456.789\n5e-324\n1.7976931348623157e+308\n-0.000001\n9.999999e-07\n1e+21\n100000000000000000000\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	got, err := ReadCSV(strings.NewReader(out), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	mustSame(t, got, tb)
}

// TestMustColNamesTheValue: a CSV column that should be numeric but reads
// as text because of one stray value: the error names that value and
// where it is, not only the column's type.
func TestMustColNamesTheValue(t *testing.T) {
	tb, err := ReadCSV(strings.NewReader("a,value\n1,0.5\n2,NA\n3,x\n4,1\n"), "v.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tb.MustCol("value", Int, Float, Bool)
	want := `column "value" is string, expected int or float or bool: the first value that is not a number is "x", in data row 3 (line 4 of a CSV file)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	// Asking for text from an int column keeps the short message.
	if _, err := tb.MustCol("a", String); err == nil || err.Error() != `column "a" is int, expected string` {
		t.Errorf("got %v", err)
	}
}
