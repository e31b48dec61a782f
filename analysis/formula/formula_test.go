package formula

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

type refDesign struct {
	formula string
	names   []string
	rows    []int
	x       [][]float64
}

func readRef(t *testing.T) []refDesign {
	t.Helper()
	f, err := os.Open("testdata/design_ref.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []refDesign
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "formula: "):
			out = append(out, refDesign{formula: strings.TrimPrefix(line, "formula: ")})
		case strings.HasPrefix(line, "names: "):
			out[len(out)-1].names = strings.Split(strings.TrimPrefix(line, "names: "), "|")
		case strings.HasPrefix(line, "rows: "):
			for _, s := range strings.Split(strings.TrimPrefix(line, "rows: "), "|") {
				r, _ := strconv.Atoi(s)
				out[len(out)-1].rows = append(out[len(out)-1].rows, r-1)
			}
		default:
			var row []float64
			for _, s := range strings.Split(line, ",") {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("design_ref.txt: %v", err)
				}
				row = append(row, v)
			}
			out[len(out)-1].x = append(out[len(out)-1].x, row)
		}
	}
	return out
}

func small(t *testing.T) *table.Table {
	t.Helper()
	tb, err := table.ReadFile("testdata/small.csv")
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestDesignMatchesR compares names, rows and values of the design with
// R's model.matrix for every formula in testdata/formulas.txt.
func TestDesignMatchesR(t *testing.T) {
	tb := small(t)
	for _, ref := range readRef(t) {
		t.Run(ref.formula, func(t *testing.T) {
			f, err := Parse(ref.formula)
			if err != nil {
				t.Fatal(err)
			}
			d, err := build(f, tb)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(d.Names, "|") != strings.Join(ref.names, "|") {
				t.Fatalf("names:\n got  %s\n want %s", strings.Join(d.Names, "|"), strings.Join(ref.names, "|"))
			}
			if len(d.Rows) != len(ref.rows) {
				t.Fatalf("rows: got %v, want %v", d.Rows, ref.rows)
			}
			for i := range d.Rows {
				if d.Rows[i] != ref.rows[i] {
					t.Fatalf("rows: got %v, want %v", d.Rows, ref.rows)
				}
			}
			if d.NDropped != tb.NumRows()-len(ref.rows) {
				t.Errorf("NDropped = %d, want %d", d.NDropped, tb.NumRows()-len(ref.rows))
			}
			x := d.Dense()
			for i, row := range ref.x {
				for j, want := range row {
					if got := x.At(i, j); math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
						t.Errorf("x[%d,%d] (%s) = %v, want %v", i, j, d.Names[j], got, want)
					}
				}
			}
		})
	}
}

func TestString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"y ~ x*z", "y ~ x + z + x:z"},
		{"y~x-1", "y ~ x - 1"},
		{"y ~ 0 + factor( g )", "y ~ factor(g) - 1"},
		{"y ~ z:x + x", "y ~ x + z:x"},
		{"y ~ b:a + a:b + a", "y ~ a + b:a"},
		{"y ~ (a+b):(c+d)", "y ~ a:c + a:d + b:c + b:d"},
		{"y ~ (a+b+c)^2 - a:b", "y ~ a + b + c + a:c + b:c"},
		{"y ~ c + (a+b)^3", "y ~ c + a + b + a:b"},
		{"y ~ a:a + b", "y ~ a + b"},
		{"y ~ x + 1 - 1 + 1", "y ~ x"},
		{"y ~ 1", "y ~ 1"},
		{"y ~ -1", "y ~ 0"},
		{"y ~ `my var` + `ok`", "y ~ `my var` + ok"},
		{"log(y) ~ log(`a b`)", "log(y) ~ log(`a b`)"},
	} {
		f, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := f.String(); got != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct {
		in  string
		pos int
		msg string
	}{
		{"y ~ x +", 7, "expected a term, found end of formula"},
		{"y ~ (x + z", 10, "expected ) to close the ( at column 5"},
		{"~ x", 0, "expected a response"},
		{"y x", 2, "expected ~ after the response"},
		{"y ~ x $ z", 6, "unexpected character"},
		{"y ~ sqrt(x)", 4, "unknown function sqrt"},
		{"y ~ factor(x, z)", 12, "only a single column"},
		{"y ~ 2 + x", 4, "only 0 and 1"},
		{"y ~ x:1", 6, "a number cannot be an operand of :"},
		{"y ~ (x + 0)", 9, "0 and 1 may only appear at the top level"},
		{"y ~ x^0", 6, "at least 1"},
		{"y ~ x z", 6, "expected + or - between terms"},
		{"y ~ `x", 4, "backquoted name not closed"},
		{"y ~", 3, "expected terms after ~"},
		{"y ~ y", 0, "the response y also appears"},
	} {
		_, err := Parse(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q): got %v, want a *SyntaxError", c.in, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("Parse(%q): got pos %d %q, want pos %d containing %q", c.in, se.Pos, se.Msg, c.pos, c.msg)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tb := small(t)
	tb.Columns = append(tb.Columns, table.NewFloat("allna", []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}))
	tb.Columns = append(tb.Columns, table.NewFloat("zz", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
	tb.Columns = append(tb.Columns, table.NewFloat("x2", []float64{2, 6, 4, 10, 8, 14, 12, 16, 18, 20, 22, 24}))
	tb.Columns = append(tb.Columns, table.NewString("one", []string{"k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k"}))
	for _, c := range []struct{ formula, msg string }{
		{"y ~ nope", `no column "nope" in the data (columns: y, x, z, g, h, yr, b, w, my var, fy, allna, zz, x2, one)`},
		{"y ~ g", `column "g" is string, not numeric; wrap it in factor()`},
		{"y ~ x + allna", `no rows left: all 12 rows have a missing value in at least one of the columns y, x, allna`},
		{"y ~ log(zz)", `log(zz): column "zz" is 0 at data row 1; log needs positive values`},
		{"y ~ factor(one)", `only one level ("k")`},
		{"y ~ x + x2", `collinear design: x2 is a linear combination of earlier columns`},
		{"factor(g) ~ x", `the response cannot be a factor`},
	} {
		f := MustParse(c.formula)
		_, err := Build(f, tb)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Build(%q): got %v, want error containing %q", c.formula, err, c.msg)
		}
	}
}

func TestCollinearNames(t *testing.T) {
	tb := small(t)
	_, err := Build(MustParse("y ~ factor(g):b"), tb)
	var ce *CollinearError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want *CollinearError", err)
	}
	// R: glm(y ~ factor(g):b) reports NA for factor(g)c:bTRUE only.
	if strings.Join(ce.Aliased, "|") != "factor(g)c:bTRUE" {
		t.Errorf("aliased = %v, want [factor(g)c:bTRUE]", ce.Aliased)
	}
}

func TestRDouble(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{2001, "2001"}, {1e5, "1e+05"}, {123456, "123456"}, {0.1, "0.1"}, {1.5, "1.5"},
		{-2.5, "-2.5"}, {1e-5, "1e-05"}, {0.0001, "1e-04"}, {0.001, "0.001"}, {1.0 / 3, "0.333333333333333"},
		{1e15, "1e+15"}, {123456789012, "123456789012"}, {0, "0"},
	} {
		if got := RDouble(c.x); got != c.want {
			t.Errorf("RDouble(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestPartialAndAtLevel(t *testing.T) {
	tb := small(t)
	d, err := Build(MustParse("y ~ log(x) + x:z + factor(g)*z"), tb)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.NumericColumns(), ","); got != "x,z" {
		t.Errorf("NumericColumns = %s", got)
	}
	if got := strings.Join(d.FactorLabels(), ","); got != "factor(g)" {
		t.Errorf("FactorLabels = %s", got)
	}
	px := d.Partial("x").Dense()
	x := d.Dense()
	for i := 0; i < d.N(); i++ {
		r := d.Rows[i]
		xi, _ := tb.Col("x").Float64(r)
		zi, _ := tb.Col("z").Float64(r)
		for j, name := range d.Names {
			want := 0.0
			switch name {
			case "log(x)":
				want = 1 / xi
			case "x:z":
				want = zi
			}
			if math.Abs(px.At(i, j)-want) > 1e-15 {
				t.Errorf("d/dx row %d %s = %v, want %v", i, name, px.At(i, j), want)
			}
		}
	}
	if got := strings.Join(d.Names, "|"); got != "(Intercept)|log(x)|factor(g)b|factor(g)c|z|x:z|z:factor(g)b|z:factor(g)c" {
		t.Fatalf("names %s", got)
	}
	al := d.AtLevel("factor(g)", 2).Dense()
	for i := 0; i < d.N(); i++ {
		for j, name := range d.Names {
			want := x.At(i, j)
			switch name {
			case "factor(g)b", "z:factor(g)b":
				want = 0
			case "factor(g)c":
				want = 1
			case "z:factor(g)c":
				zi, _ := tb.Col("z").Float64(d.Rows[i])
				want = zi
			}
			if al.At(i, j) != want {
				t.Errorf("at level c, row %d %s = %v, want %v", i, name, al.At(i, j), want)
			}
		}
	}
}
