package tidy

import (
	"bytes"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// csvTable reads a fixture table from CSV text (empty fields are missing).
func csvTable(t *testing.T, text string) *table.Table {
	t.Helper()
	tb, err := table.ReadCSV(strings.NewReader(strings.TrimLeft(text, "\n")), "fixture.csv")
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// csvOf returns tb as CSV text, with each column's type after its name,
// so that tests check types as well as values.
func csvOf(t *testing.T, tb *table.Table) string {
	t.Helper()
	var buf bytes.Buffer
	if err := table.Write(&buf, tb, table.CSV, table.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	types := make([]string, len(tb.Columns))
	for i, c := range tb.Columns {
		types[i] = c.Type.String()
	}
	return strings.Join(types, ",") + "\n" + buf.String()
}

func mustParse(t *testing.T, s string) *Expr {
	t.Helper()
	e, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustDefs(t *testing.T, ss ...string) []Def {
	t.Helper()
	out := make([]Def, len(ss))
	for i, s := range ss {
		d, err := ParseDef(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}

// want compares got with the expected CSV (types line first).
func want(t *testing.T, got *table.Table, expected string) {
	t.Helper()
	if g := csvOf(t, got); g != strings.TrimLeft(expected, "\n") {
		t.Errorf("got\n%s\nwant\n%s", g, strings.TrimLeft(expected, "\n"))
	}
}

func wantErr(t *testing.T, err error, sub string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", sub)
	}
	if !strings.Contains(err.Error(), sub) {
		t.Errorf("error %q does not contain %q", err, sub)
	}
}

// panel is a small state-year fixture with missing values.
const panel = `
ccode,year,full,associate,name
2,1990,10,1,USA
2,1991,12,,USA
710,1990,5,0,China
710,1991,,0,China
750,1990,7,2,India
750,1991,8,2,
`
