package tidy

import (
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

func TestFilter(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Filter(tb, mustParse(t, "ccode in [710, 750] and year >= 1991"))
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,int,string
ccode,year,full,associate,name
710,1991,,0,China
750,1991,8,2,
`)
	// Missing conditions drop the row.
	got, err = Filter(tb, mustParse(t, "full > 7"))
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 3 {
		t.Errorf("full > 7 kept %d rows, want 3 (missing full is dropped)", got.NumRows())
	}
	_, err = Filter(tb, mustParse(t, "full + 1"))
	wantErr(t, err, "a filter condition must be true or false, found int")
	// The input is not modified.
	if tb.NumRows() != 6 {
		t.Error("Filter modified its input")
	}
}

func TestSelectRename(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Select(tb, []string{"year", "ccode"})
	if err != nil {
		t.Fatal(err)
	}
	if n := got.Names(); len(n) != 2 || n[0] != "year" || n[1] != "ccode" {
		t.Errorf("select: %v", n)
	}
	got, err = Select(tb, []string{"-full", "-name"})
	if err != nil {
		t.Fatal(err)
	}
	if n := got.Names(); len(n) != 3 || n[2] != "associate" {
		t.Errorf("select drop: %v", n)
	}
	_, err = Select(tb, []string{"year", "-full"})
	wantErr(t, err, "either name the columns to keep or")
	_, err = Select(tb, []string{"yr"})
	wantErr(t, err, `no column "yr" (columns: ccode, year, full, associate, name)`)
	_, err = Select(tb, []string{"year", "year"})
	wantErr(t, err, "named twice")
	_, err = Select(tb, nil)
	wantErr(t, err, "no columns named")

	got, err = Rename(tb, map[string]string{"state": "name", "cow": "ccode"})
	if err != nil {
		t.Fatal(err)
	}
	if n := got.Names(); n[0] != "cow" || n[4] != "state" {
		t.Errorf("rename: %v", n)
	}
	if tb.Col("ccode") == nil {
		t.Error("Rename modified its input")
	}
	// Swapping two names at once is allowed.
	got, err = Rename(tb, map[string]string{"full": "associate", "associate": "full"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Col("full").Ints[0] != 1 {
		t.Error("swap failed")
	}
	_, err = Rename(tb, map[string]string{"year": "full"})
	wantErr(t, err, `two columns would be called "year"`)
	_, err = Rename(tb, map[string]string{"x": "nope"})
	wantErr(t, err, `no column "nope"`)
	_, err = Rename(tb, map[string]string{"x": "full", "y": "full"})
	wantErr(t, err, `column "full" renamed twice`)
}

func TestMutate(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Mutate(tb, mustDefs(t, "members = full + associate", "full = full * 10", "big = members >= 10", "label = 'x'"))
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,int,string,int,bool,string
ccode,year,full,associate,name,members,big,label
2,1990,100,1,USA,11,true,x
2,1991,120,,USA,,,x
710,1990,50,0,China,5,false,x
710,1991,,0,China,,,x
750,1990,70,2,India,9,false,x
750,1991,80,2,,10,true,x
`)
	if tb.Col("full").Ints[0] != 10 {
		t.Error("Mutate modified its input")
	}
	_, err = Mutate(tb, mustDefs(t, "x = nope"))
	wantErr(t, err, `no column "nope"`)

	d, err := ParseDef("`odd name` = a == b")
	if err != nil || d.Name != "odd name" || d.Expr.String() != "(a == b)" {
		t.Errorf("ParseDef: %v %v", d, err)
	}
	if d.String() != "`odd name` = (a == b)" {
		t.Errorf("Def.String = %s", d)
	}
	d, err = ParseDef("`a=b` = 1")
	if err != nil || d.Name != "a=b" {
		t.Errorf("backticked name with =: %v %v", d, err)
	}
	for _, c := range []struct{ in, want string }{
		{"x == 1", "expected name = expression"},
		{"x", "expected name = expression"},
		{"= 1", "expected name = expression"},
		{"2x = 1", "\"2x\" is not a column name"},
		{"x = 1 +", "at character 8: expected a value"},
	} {
		_, err := ParseDef(c.in)
		wantErr(t, err, c.want)
	}
}

func TestSummarise(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Summarise(tb, []string{"year"}, mustDefs(t,
		"n = n()", "sum_full = sum(full)", "mean_assoc = mean(associate)", "min_name = min(name)",
		"max_full = max(full)", "sd_full = sd(full)", "k = n_distinct(name)"), false)
	if err != nil {
		t.Fatal(err)
	}
	// sd values agree with R 4.2: sd(c(10, 5, 7)) and sd(c(12, 8)).
	// 1991 has a missing full, associate and name: missing results, and the
	// missing name counts as a distinct value.
	want(t, got, `
int,int,int,float,string,int,float,int
year,n,sum_full,mean_assoc,min_name,max_full,sd_full,k
1990,3,22,1,China,10,2.516611478423583,3
1991,3,,,,,,3
`)
	got, err = Summarise(tb, []string{"year"}, mustDefs(t,
		"n = n()", "sum_full = sum(full)", "mean_assoc = mean(associate)", "min_name = min(name)",
		"max_full = max(full)", "sd_full = sd(full)", "k = n_distinct(name)"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,float,string,int,float,int
year,n,sum_full,mean_assoc,min_name,max_full,sd_full,k
1990,3,22,1,China,10,2.516611478423583,3
1991,3,20,1,China,12,2.8284271247461903,2
`)
	// No groups: one row. A group whose values are all missing is missing
	// even with na_rm, never 0.
	allNA := csvTable(t, "g,x\n1,\n1,\n2,3\n")
	got, err = Summarise(allNA, []string{"g"}, mustDefs(t, "s = sum(x)", "m = mean(x)", "sd = sd(x)"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,float,float
g,s,m,sd
1,,,
2,3,3,
`)
	got, err = Summarise(tb, nil, mustDefs(t, "n = n()", "full = sum(full)"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,int\nn,full\n6,42\n")
	empty := tb.Take(nil)
	got, err = Summarise(empty, nil, mustDefs(t, "n = n()", "s = sum(full)"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,int\nn,s\n0,\n")
	got, err = Summarise(empty, []string{"year"}, mustDefs(t, "n = n()"), true)
	if err != nil || got.NumRows() != 0 {
		t.Errorf("grouped summary of no rows: %v rows, %v", got, err)
	}
	for _, c := range []struct {
		defs []string
		by   []string
		want string
	}{
		{[]string{"x = full + 1"}, nil, "expected a summary such as mean(x)"},
		{[]string{"x = mean(full + 1)"}, nil, "mean takes a column name"},
		{[]string{"x = mean(name)"}, nil, `column "name" is string, mean needs numbers`},
		{[]string{"x = n(full)"}, nil, "n() takes no argument"},
		{[]string{"x = sum()"}, nil, "sum takes one column"},
		{[]string{"x = sum(nope)"}, nil, `no column "nope"`},
		{[]string{"year = n()"}, []string{"year"}, `two output columns called "year"`},
		{[]string{"x = n()"}, []string{"nope"}, `no column "nope"`},
	} {
		_, err := Summarise(tb, c.by, mustDefs(t, c.defs...), false)
		wantErr(t, err, c.want)
	}
	if _, err := Summarise(tb, nil, nil, false); err == nil {
		t.Error("no summaries: no error")
	}
}

// TestPaste: paste joins a group's values in row order, as text, with the
// separator given (", " by default); missing values follow the summaries'
// rule.
func TestPaste(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Summarise(tb, []string{"year"}, mustDefs(t, "names = paste(name)", "full = paste(full, ' ')", "codes = paste(ccode, '/')"), false)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,string,string,string
year,names,full,codes
1990,"USA, China, India",10 5 7,2/710/750
1991,,,2/710/750
`)
	got, err = Summarise(tb, []string{"year"}, mustDefs(t, "names = paste(name)", "full = paste(full, '')"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,string,string
year,names,full
1990,"USA, China, India",1057
1991,"USA, China",128
`)
	allNA := csvTable(t, "g,x,y\n1,,0.5\n1,,1e-9\n2,a,2\n")
	got, err = Summarise(allNA, []string{"g"}, mustDefs(t, "x = paste(x)", "y = paste(y)"), true)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,string,string\ng,x,y\n1,,\"0.5, 1e-09\"\n2,a,2\n")
	for _, c := range []struct{ def, want string }{
		{"x = paste(name, year)", "paste's second argument is the separator"},
		{"x = paste(name, ' ', ' ')", "paste takes a column and optionally a separator"},
		{"x = paste()", "paste takes a column and optionally a separator"},
		{"x = paste(name + 'a')", "paste takes a column name"},
	} {
		_, err := Summarise(tb, nil, mustDefs(t, c.def), false)
		wantErr(t, err, c.want)
	}
	// The pipeline accepts it, and prints it back.
	p, err := Compile([]Op{{Summarise: &[]string{"m = paste(name, '; ')"}, GroupBy: &[]string{"year"}}})
	if err != nil {
		t.Fatal(err)
	}
	if s := p.String(); !strings.Contains(s, "m = paste(name, '; ') by year") {
		t.Errorf("pipeline: %s", s)
	}
}

// TestSummariseGroupOrder checks that groups come out sorted by key, with
// missing keys last, whatever the input order.
func TestSummariseGroupOrder(t *testing.T) {
	tb := csvTable(t, "g,h,x\nb,2,1\n,1,2\na,2,3\nb,1,4\na,2,5\n")
	got, err := Summarise(tb, []string{"g", "h"}, mustDefs(t, "s = sum(x)"), false)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
string,int,int
g,h,s
a,2,8
b,1,4
b,2,1
,1,2
`)
}

func TestCount(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Count(tb, []string{"ccode"}, "")
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,int\nccode,n\n2,2\n710,2\n750,2\n")
	got, err = Count(tb, []string{}, "rows")
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int\nrows\n6\n")
	_, err = Count(tb, []string{"year"}, "year")
	wantErr(t, err, "also a grouping column")
	_, err = Count(tb, []string{"nope"}, "")
	wantErr(t, err, "tidy: count: no column")
}

func TestJoin(t *testing.T) {
	left := csvTable(t, panel)
	names := csvTable(t, "cow,year,abb\n2,1990,USA\n710,1990,CHN\n750,1991,IND\n999,1990,XXX\n")
	got, err := Join(left, names, []string{"ccode=cow", "year"}, LeftJoin)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,int,string,string
ccode,year,full,associate,name,abb
2,1990,10,1,USA,USA
2,1991,12,,USA,
710,1990,5,0,China,CHN
710,1991,,0,China,
750,1990,7,2,India,
750,1991,8,2,,IND
`)
	got, err = Join(left, names, []string{"ccode=cow", "year"}, InnerJoin)
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 3 {
		t.Errorf("inner join: %d rows, want 3", got.NumRows())
	}
	// Missing keys match nothing, even a missing key on the other side.
	l2 := csvTable(t, "k,v\n1,a\n,b\n")
	r2 := csvTable(t, "k,w\n,x\n1,y\n")
	got, err = Join(l2, r2, []string{"k"}, LeftJoin)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,string,string\nk,v,w\n1,a,y\n,b,\n")

	dup := csvTable(t, "ccode,year,x\n2,1990,1\n710,1990,2\n2,1990,3\n")
	_, err = Join(left, dup, []string{"ccode", "year"}, LeftJoin)
	wantErr(t, err, "the right table has two rows with ccode = 2, year = 1990 (rows 1 and 3): a join must not multiply rows")
	_, err = Join(left, csvTable(t, "ccode,full\n2,1\n"), []string{"ccode"}, LeftJoin)
	wantErr(t, err, `both tables have a column "full"`)
	_, err = Join(left, csvTable(t, "ccode,z\nx,1\n"), []string{"ccode"}, LeftJoin)
	wantErr(t, err, "key ccode is int on the left but string on the right")
	_, err = Join(left, names, []string{"ccode"}, LeftJoin)
	wantErr(t, err, "join (right table): no column \"ccode\"")
	_, err = Join(left, names, []string{"cow"}, LeftJoin)
	wantErr(t, err, "join (left table): no column \"cow\"")
	_, err = Join(left, names, nil, LeftJoin)
	wantErr(t, err, "no key columns")
	_, err = Join(left, names, []string{"year"}, "outer")
	wantErr(t, err, `how = "outer"`)
}

func TestJoinSources(t *testing.T) {
	l := csvTable(t, "k,a\n1,2\n")
	r := csvTable(t, "k,b\n1,3\n")
	l.AddSources(table.Source{Dataset: "x", File: "l.csv"})
	r.AddSources(table.Source{Dataset: "y", File: "r.csv"})
	l.SetMeta("unit", "left")
	r.SetMeta("unit", "right")
	got, err := Join(l, r, []string{"k"}, LeftJoin)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 2 || got.Meta["unit"] != "left" {
		t.Errorf("sources %v meta %v", got.Sources, got.Meta)
	}
}

func TestSort(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Sort(tb, []string{"-full", "ccode"})
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,int,string
ccode,year,full,associate,name
2,1991,12,,USA
2,1990,10,1,USA
750,1991,8,2,
750,1990,7,2,India
710,1990,5,0,China
710,1991,,0,China
`)
	got, err = Sort(tb, []string{"name"})
	if err != nil {
		t.Fatal(err)
	}
	// Stable, missing last.
	if got.Col("year").Ints[0] != 1990 || got.Col("year").Ints[1] != 1991 || !got.Col("name").IsMissing(5) {
		t.Errorf("sort by name:\n%s", csvOf(t, got))
	}
	_, err = Sort(tb, []string{"-nope"})
	wantErr(t, err, `no column "nope"`)
	_, err = Sort(tb, nil)
	wantErr(t, err, "no columns named")
}

func TestHead(t *testing.T) {
	tb := csvTable(t, panel)
	got, err := Head(tb, 2, nil)
	if err != nil || got.NumRows() != 2 {
		t.Fatalf("head 2: %v %v", got, err)
	}
	got, err = Head(tb, 100, nil)
	if err != nil || got.NumRows() != 6 {
		t.Fatalf("head 100: %v %v", got, err)
	}
	got, err = Head(tb, 1, []string{"year"})
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,int,int,string
ccode,year,full,associate,name
2,1990,10,1,USA
2,1991,12,,USA
`)
	_, err = Head(tb, -1, nil)
	wantErr(t, err, "want 0 or more")
}

func TestPivotLonger(t *testing.T) {
	tb := csvTable(t, "year,igos,states,share\n1990,300,160,0.5\n1991,,170,\n")
	got, err := PivotLonger(tb, []string{"igos", "states"}, "series", "n")
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,float,string,int
year,share,series,n
1990,0.5,igos,300
1990,0.5,states,160
1991,,igos,
1991,,states,170
`)
	got, err = PivotLonger(tb, []string{"igos", "share"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, `
int,int,string,float
year,states,name,value
1990,160,igos,300
1990,160,share,0.5
1991,170,igos,
1991,170,share,
`)
	_, err = PivotLonger(csvTable(t, "a,b\n1,x\n"), []string{"a", "b"}, "", "")
	wantErr(t, err, "cannot share one value column")
	_, err = PivotLonger(tb, []string{"igos"}, "states", "")
	wantErr(t, err, `already has a column "states"`)
	_, err = PivotLonger(tb, []string{"igos"}, "x", "x")
	wantErr(t, err, "both")
	_, err = PivotLonger(tb, nil, "", "")
	wantErr(t, err, "no columns named")
}

func TestBindRows(t *testing.T) {
	a := csvTable(t, "k,x\n1,2\n")
	b := csvTable(t, "x,y,k\n2.5,s,3\n")
	got, err := BindRows(a, b)
	if err != nil {
		t.Fatal(err)
	}
	want(t, got, "int,float,string\nk,x,y\n1,2,\n3,2.5,s\n")
	_, err = BindRows(a, csvTable(t, "k\nz\n"))
	wantErr(t, err, `column "k" is int in an earlier table but string in table 2`)
	_, err = BindRows()
	wantErr(t, err, "no tables")
}
