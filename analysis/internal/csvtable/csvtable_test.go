package csvtable

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	in := "term,estimate,n,ok,note\n(Intercept),0.1,3,TRUE,\"a, b\"\nx,NA,,FALSE,\"say \"\"hi\"\"\"\n"
	tb, err := Read(strings.NewReader(in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	types := []string{"string", "float", "int", "bool", "string"}
	for j, c := range tb.Columns {
		if c.Type.String() != types[j] {
			t.Errorf("column %s is %s, want %s", c.Name, c.Type, types[j])
		}
	}
	if !math.IsNaN(tb.Col("estimate").Floats[1]) || !tb.Col("estimate").IsMissing(1) || !tb.Col("n").IsMissing(1) {
		t.Error("NA and empty fields are not missing")
	}
	var buf bytes.Buffer
	if err := Write(&buf, tb); err != nil {
		t.Fatal(err)
	}
	want := "term,estimate,n,ok,note\n(Intercept),0.1,3,true,\"a, b\"\nx,,,false,\"say \"\"hi\"\"\"\n"
	if buf.String() != want {
		t.Errorf("wrote\n%s\nwant\n%s", buf.String(), want)
	}
	if _, err := Read(strings.NewReader("a,a\n1,2\n"), "dup.csv"); err == nil || !strings.Contains(err.Error(), `dup.csv:1: duplicate column name "a"`) {
		t.Errorf("duplicate header: %v", err)
	}
	if _, err := Read(strings.NewReader("a,b\n1\n"), "short.csv"); err == nil || !strings.Contains(err.Error(), "short.csv:2") {
		t.Errorf("short record: %v", err)
	}
}

// FuzzRead checks that Read never panics and that what it reads can be
// written.
func FuzzRead(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("x\nNA\n\n3.5\n")
	f.Add("t,v\n\"q,\"\"r\",TRUE\n")
	f.Fuzz(func(t *testing.T, s string) {
		tb, err := Read(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			return
		}
		if err := Write(&bytes.Buffer{}, tb); err != nil {
			t.Fatal(err)
		}
	})
}
