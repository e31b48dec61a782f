package tidy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/internal/table"
)

// decodeOps decodes a TOML document with an ops list, strictly.
func decodeOps(t *testing.T, src string) []Op {
	t.Helper()
	var doc struct {
		Ops []Op `toml:"ops"`
	}
	md, err := toml.Decode(src, &doc)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("undecoded keys %v", u)
	}
	return doc.Ops
}

func TestPipeline(t *testing.T) {
	ops := decodeOps(t, `
ops = [
  { filter = "year == 1990" },
  { mutate = ["members = full + associate"] },
  { left_join = "names", by = ["ccode"] },
  { sort = ["-members"] },
  { head = 2 },
  { select = ["abb", "members", "ccode"] },
  { rename = { state = "abb" } },
  { bind_rows = ["extra"] },
]`)
	p, err := Compile(ops)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Tables(); len(got) != 2 || got[0] != "extra" || got[1] != "names" {
		t.Errorf("Tables = %v", got)
	}
	tables := map[string]*table.Table{
		"names": csvTable(t, "ccode,abb\n2,USA\n710,CHN\n750,IND\n"),
		"extra": csvTable(t, "state,members\nALL,99\n"),
	}
	lookup := func(n string) (*table.Table, error) {
		if tb, ok := tables[n]; ok {
			return tb, nil
		}
		return nil, fmt.Errorf("no table %s", n)
	}
	got, err := p.Run(csvTable(t, panel), lookup)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "string,int,int\nstate,members,ccode\nUSA,11,2\nIND,9,750\nALL,99,\n")
	desc := p.String()
	for _, w := range []string{"kept the rows where year == 1990", "computed members = full + associate", "left-joined names on ccode", "sorted by -members", "kept the first 2 rows", "appended the rows of extra"} {
		if !strings.Contains(desc, w) {
			t.Errorf("String() = %q lacks %q", desc, w)
		}
	}
	if p.Len() != 8 || p.Expr(0)[0] != "year == 1990" || p.Expr(1)[0] != " full + associate" || p.Expr(2) != nil {
		t.Errorf("Len %d Expr %q %q", p.Len(), p.Expr(0), p.Expr(1))
	}

	agg, err := Compile(decodeOps(t, `
ops = [
  { summarise = ["n = n()", "m = mean(full)"], group_by = ["year"], na_rm = true },
  { count = [], name = "groups" },
  { pivot_longer = ["groups"], names_to = "what", values_to = "v" },
  { inner_join = "names", by = ["what"] },
  { head = 1, group_by = ["what"] },
]`))
	if err != nil {
		t.Fatal(err)
	}
	tables["names"] = csvTable(t, "what,label\ngroups,Groups\n")
	got, err = agg.Run(csvTable(t, panel), lookup)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "string,int,string\nwhat,v,label\ngroups,2,Groups\n")
	if !strings.Contains(agg.String(), "summarised n = n(), m = mean(full) by year (skipping missing values)") {
		t.Errorf("String() = %q", agg.String())
	}

	// A run error names the operation.
	bad, err := Compile(decodeOps(t, `ops = [{ sort = ["year"] }, { filter = "nope > 1" }]`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Run(csvTable(t, panel), lookup)
	wantErr(t, err, `tidy: operation 2 (filter): "nope > 1": at character 1: no column "nope"`)
	missing, _ := Compile(decodeOps(t, `ops = [{ left_join = "gone", by = ["ccode"] }]`))
	_, err = missing.Run(csvTable(t, panel), lookup)
	wantErr(t, err, "operation 1 (left_join): no table gone")
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`ops = [{}]`, "operation 1: no verb: expected one of filter, select"},
		{`ops = [{ filter = "a", select = ["b"] }]`, "operation 1: expected exactly one verb (filter, select, rename, mutate, summarise, count, left_join, inner_join, sort, head, pivot_longer, bind_rows), found 2: filter, select"},
		{`ops = [{ sort = ["a"] }, { filter = "a", group_by = ["b"] }]`, "operation 2 (filter): filter takes no option group_by"},
		{`ops = [{ summarise = ["n = n()"], by = ["b"] }]`, "operation 1 (summarise): summarise takes no option by (its options: group_by, na_rm)"},
		{`ops = [{ filter = "a = 1" }]`, `operation 1 (filter): "a = 1": at character 3: a single = is not a comparison`},
		{`ops = [{ mutate = [] }]`, "no definitions"},
		{`ops = [{ mutate = ["x + 1"] }]`, "expected name = expression"},
		{`ops = [{ summarise = ["x = a + 1"] }]`, `"x = a + 1": expected a summary such as mean(x)`},
		{`ops = [{ select = [] }]`, "an empty list"},
		{`ops = [{ sort = [] }]`, "an empty list"},
		{`ops = [{ rename = {} }]`, "an empty table"},
		{`ops = [{ head = -2 }]`, "head = -2: want 0 or more rows"},
		{`ops = [{ left_join = "t" }]`, "by is required"},
		{`ops = [{ inner_join = "t", by = [] }]`, "by is required"},
	} {
		_, err := Compile(decodeOps(t, c.src))
		wantErr(t, err, c.want)
	}
}
