package tidy

import (
	"math"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

func TestParseCanonical(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"year >= 1990", "(year >= 1990)"},
		{"a + b * c", "(a + (b * c))"},
		{"(a + b) * c", "((a + b) * c)"},
		{"a - b - c", "((a - b) - c)"},
		{"a / b / c", "((a / b) / c)"},
		{"-a * b", "((-a) * b)"},
		{"- -1", "(-(-1))"},
		{"x in [710, 750]", "(x in [710, 750])"},
		{"x not in ['a', \"b\",]", "(x not in [\"a\", \"b\"])"},
		{"x in [-1, 2.5, 1e3]", "(x in [-1, 2.5, 1000.0])"},
		{"a and b or c", "((a and b) or c)"},
		{"a or b and c", "(a or (b and c))"},
		{"a & b | !c", "((a and b) or (not c))"},
		{"a && b || c", "((a and b) or c)"},
		{"not a == b", "(not (a == b))"},
		{"abs(x - y) / y", "(abs((x - y)) / y)"},
		{"log(x)", "log(x)"},
		{"n()", "n()"},
		{"if_else(a > 1, 'big', 'small')", "if_else((a > 1), \"big\", \"small\")"},
		{"`my col` + 1", "(`my col` + 1)"},
		{"`and` == 1", "(`and` == 1)"},
		{"'it\\'s' == s", "(\"it's\" == s)"},
		{`"a\"b\\c" == s`, `("a\"b\\c" == s)`},
		{"1_000 + 0.5", "(1000 + 0.5)"},
		{".5 * x", "(0.5 * x)"},
		{"true != b", "(true != b)"},
		{"2.0", "2.0"},
	} {
		e, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := e.String(); got != c.want {
			t.Errorf("Parse(%q) = %s, want %s", c.in, got, c.want)
		}
		again, err := Parse(e.String())
		if err != nil || again.String() != e.String() {
			t.Errorf("Parse(%q) does not read back: %v %v", e.String(), again, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "at character 1: expected a value"},
		{"year = 1990", "at character 6: a single = is not a comparison: write =="},
		{"year >= ", "at character 9: expected a value"},
		{"a < b < c", "comparisons do not chain"},
		{"x in 710", "expected [ to start the list"},
		{"x in []", "expected a number, string, true or false in the list"},
		{"x in [a]", "expected a number, string, true or false in the list"},
		{"x in [1 2]", "expected , or ] in the list"},
		{"(a + b", "expected ) to close the ( at character 1"},
		{"f(a b)", "expected , or ) in the arguments of f"},
		{"a b", "at character 3: unexpected \"b\" after the end"},
		{"'abc", "unterminated string"},
		{"`abc", "unterminated `column name`"},
		{"``", "empty `` column name"},
		{"a # b", "unexpected character '#'"},
		{"12abc", "malformed number"},
		{"1__0", "malformed number"},
		{"99999999999999999999", "out of range"},
		{"1e999", "out of range"},
		{"1.2.3", "malformed number"},
		{"and", "the keyword \"and\""},
		{"a or", "expected a value"},
		{"\xff", "not valid UTF-8"},
		{"é + ", "unexpected character 'é'"},
	} {
		_, err := Parse(c.in)
		wantErr(t, err, c.want)
	}
	// Positions count characters, not bytes.
	_, err := Parse("'é' + #")
	wantErr(t, err, "at character 7")
}

func TestParseDepth(t *testing.T) {
	deep := ""
	for i := 0; i < 10000; i++ {
		deep += "("
	}
	_, err := Parse(deep + "1")
	wantErr(t, err, "nested too deeply")
	neg := ""
	for i := 0; i < 10000; i++ {
		neg += "-"
	}
	_, err = Parse(neg + "1")
	wantErr(t, err, "nested too deeply")
}

func TestColumns(t *testing.T) {
	e := mustParse(t, "a + b * a > abs(`c d`)")
	got := e.Columns()
	if len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "c d" {
		t.Errorf("Columns = %q", got)
	}
}

func TestEvalTypesAndMissing(t *testing.T) {
	tb := csvTable(t, `
i,j,f,s,b
1,2,0.5,x,true
3,,2,y,false
-4,0,,,
`)
	for _, c := range []struct{ expr, want string }{
		{"i + j", "int: 3 NA -4"},
		{"i * 2 - j", "int: 0 NA -8"},
		{"i / j", "float: 0.5 NA -Inf"},
		{"j / j", "float: 1 NA NA"}, // 0/0 is NaN: missing
		{"i + f", "float: 1.5 5 NA"},
		{"-i", "int: -1 -3 4"},
		{"abs(i)", "int: 1 3 4"},
		{"abs(f - 1)", "float: 0.5 1 NA"},
		{"log(i)", "float: 0 1.0986122886681096 NA"},
		{"sqrt(f)", "float: 0.7071067811865476 1.4142135623730951 NA"},
		{"exp(0)", "float: 1 1 1"},
		{"round(2.5)", "float: 3 3 3"},
		{"round(-2.5)", "float: -3 -3 -3"},
		{"round(f / 3, 2)", "float: 0.17 0.67 NA"},
		{"i > j", "bool: false NA false"},
		{"i >= f", "bool: true true NA"},
		{"s == 'x'", "bool: true false NA"},
		{"s < 'y'", "bool: true false NA"},
		{"b != true", "bool: false true NA"},
		{"is_missing(j)", "bool: false true false"},
		{"is_missing(s) or s == 'y'", "bool: false true true"},
		{"i in [1, -4]", "bool: true false true"},
		{"i not in [1, -4]", "bool: false true false"},
		{"i in [3.0]", "bool: false true false"},
		{"f in [2]", "bool: false true NA"},
		{"s in ['x', 'z']", "bool: true false NA"},
		{"if_else(i > 0, 'pos', 'neg')", "string: pos pos neg"},
		{"if_else(j > 0, i, f)", "float: 1 NA NA"},
		{"if_else(b, 1, 2)", "int: 1 2 NA"},
		{"'label'", "string: label label label"},
		{"1990", "int: 1990 1990 1990"},
	} {
		col, err := mustParse(t, c.expr).evalColumn(tb, "v")
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		got := colString(col)
		if got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.expr, got, c.want)
		}
	}
}

// TestThreeValuedLogic checks and, or and not against the truth tables of
// Kleene's logic (R's & and | on logical NA).
// colString shows a column as its type and values, NA where missing.
func colString(c *table.Column) string {
	vals := make([]string, c.Len())
	for i := range vals {
		vals[i] = c.Format(i)
		if c.IsMissing(i) {
			vals[i] = "NA"
		}
	}
	return c.Type.String() + ": " + strings.Join(vals, " ")
}

func TestThreeValuedLogic(t *testing.T) {
	tb := csvTable(t, `
a,b
true,true
true,false
true,
false,true
false,false
false,
,true
,false
,
`)
	and := "bool: true false NA false false false NA false NA"
	or := "bool: true true true true false NA true NA NA"
	not := "bool: false false false true true true NA NA NA"
	for expr, w := range map[string]string{"a and b": and, "a or b": or, "not a": not} {
		col, err := mustParse(t, expr).evalColumn(tb, "v")
		if err != nil {
			t.Fatal(err)
		}
		if got := colString(col); got != w {
			t.Errorf("%s:\ngot  %q\nwant %q", expr, got, w)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	tb := csvTable(t, `
i,f,s,b,big
1,0.5,x,true,9223372036854775807
`)
	for _, c := range []struct{ expr, want string }{
		{"nope + 1", "no column \"nope\" (columns: i, f, s, b, big)"},
		{"s + 1", "+ needs numbers on both sides, found string and int"},
		{"b * 2", "* needs numbers on both sides, found bool and int"},
		{"i and b", "and needs true/false values on both sides"},
		{"not i", "not needs a true/false value"},
		{"-s", "unary - needs a number"},
		{"s == 1", "cannot compare string with int"},
		{"b < true", "true/false values compare only with == and !="},
		{"s in [1]", "the list holds a number but the value tested is string"},
		{"i in ['a']", "the list holds a string"},
		{"i in [true]", "the list holds true/false"},
		{"abs(s)", "abs needs a number"},
		{"log(i, 2)", "log takes 1 argument(s), found 2"},
		{"round(f, 1.5)", "round takes a number and, optionally, a whole number of digits"},
		{"round(f, i)", "round takes a number and, optionally"},
		{"round(f, 99)", "99 digits"},
		{"if_else(i, 1, 2)", "if_else needs a true/false condition"},
		{"if_else(b, 1, 'a')", "the two results must have the same type"},
		{"mean(i)", "mean() summarises a group: it is allowed only in summarise"},
		{"frob(i)", "unknown function frob"},
		{"big + 1", "integer overflow in row 1"},
		{"big * 2", "integer overflow in row 1"},
		{"-big - 2", "integer overflow in row 1"},
	} {
		_, err := mustParse(t, c.expr).evalColumn(tb, "v")
		wantErr(t, err, c.want)
	}
	// Overflow checks must not reject results that fit.
	col, err := mustParse(t, "big - 1 + 1").evalColumn(tb, "v")
	if err != nil || col.Ints[0] != math.MaxInt64 {
		t.Errorf("big - 1 + 1 = %v, %v", col, err)
	}
}
