package notebooks

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/table"
)

func TestTemplateFuncs(t *testing.T) {
	coefs := table.New(
		table.NewString("term", []string{"exposure_lag", "exposure_lag", "gdp"}),
		table.NewString("vcov", []string{"cluster:ccode", "dyadic", "cluster:ccode"}),
		table.NewFloat("estimate", []float64{0.12345, 0.2, -1.5}),
		table.NewFloat("p_value", []float64{0.031, 0.2, 0.0004}),
		table.NewInt("n", []int64{15557, 15557, 1234567}),
	)
	coefs.Col("p_value").SetMissing(1)
	lookup := func(n string) (*table.Table, error) {
		if n == "coefs" {
			return coefs, nil
		}
		return nil, fmt.Errorf("no table %q", n)
	}
	exec := func(src string) (string, error) {
		tm, err := template.New("x").Option("missingkey=error").Funcs(templateFuncs(lookup)).Parse(src)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = tm.Execute(&buf, nil)
		return buf.String(), err
	}
	for _, c := range []struct{ src, want string }{
		{`{{ value "coefs" "estimate" "term=exposure_lag" "vcov=cluster:ccode" | fmt "%.3f" }}`, "0.123"},
		{`{{ value "coefs" "n" "term=gdp" | comma }}`, "1,234,567"},
		{`{{ value "coefs" "n" "term=gdp" }}`, "1234567"},
		{`{{ if lt (value "coefs" "p_value" "term=gdp") 0.05 }}significant{{ else }}not{{ end }}`, "significant"},
		{`{{ if gt (value "coefs" "n" "term=gdp") 100.5 }}big{{ end }}`, "big"},
		{`{{ if eq (value "coefs" "n" "term=gdp") 1234567 }}equal{{ end }}`, "equal"},
		{`{{ if eq "a" "b" "a" }}any{{ end }}`, "any"},
		{`{{ nrows "coefs" }} {{ nrows "coefs" "vcov=cluster:ccode" }}`, "3 2"},
		{`{{ value "coefs" "p_value" "term=exposure_lag" "vcov=cluster:ccode" | pct }}`, "3.1%"},
		{`{{ pct 2 0.12345 }}`, "12.35%"},
		{`{{ value "coefs" "p_value" "term=gdp" | pvalue }}; {{ pvalue 0.0031 }}; {{ pvalue 0.031 }}; {{ pvalue 0.5 }}; {{ pvalue 1 }}`, "p < 0.001; p = 0.003; p = 0.03; p = 0.50; p = 1.00"},
		{`{{ values "coefs" "term" "vcov=cluster:ccode" | join ", " }}`, "exposure_lag, gdp"},
		{`{{ range rows "coefs" "vcov=dyadic" }}{{ .term }}={{ .estimate }}{{ end }}`, "exposure_lag=0.2"},
		{`{{ max "coefs" "estimate" }} {{ min "coefs" "estimate" }} {{ sum "coefs" "n" }} {{ mean "coefs" "p_value" | fmt "%.4f" }}`, "0.2 -1.5 1265681 0.0157"},
		{`{{ sub 5 3 }} {{ div 1 4 }} {{ mul 2 0.5 }} {{ add 1 2 }} {{ abs -3 }} {{ abs -1.5 }}`, "2 0.25 1 3 3 1.5"},
		{`{{ fmt "%d" 3.0 }} {{ fmt "%.1f" 2 }} {{ fmt "%5.1f%%" 0.5 }}`, "3 2.0   0.5%"},
	} {
		got, err := exec(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.src, got, c.want)
		}
	}
	for _, c := range []struct{ src, want string }{
		{`{{ value "coefs" "estimate" "term=exposure_lag" }}`, `table "coefs" has 2 rows where term=exposure_lag (value needs exactly one)`},
		{`{{ value "coefs" "estimate" "term=nope" }}`, `has 0 rows where term=nope`},
		{`{{ value "coefs" "p_value" "vcov=dyadic" }}`, `p_value is missing where vcov=dyadic`},
		{`{{ value "coefs" "nope" "term=gdp" }}`, `no column "nope"`},
		{`{{ value "coefs" "n" "n=x" }}`, `column n holds integers, "x" is not one`},
		{`{{ value "coefs" "n" "term" }}`, `expected COLUMN=VALUE`},
		{`{{ value "other" "n" }}`, `no table "other"`},
		{`{{ fmt "%d" 2.5 }}`, `2.5 is not a whole number`},
		{`{{ fmt "%d %d" 2 }}`, `exactly one verb`},
		{`{{ comma 2.5 }}`, `not a whole number`},
		{`{{ pvalue 1.5 }}`, `pvalue: 1.5 is not a p-value between 0 and 1`},
		{`{{ lt "a" 1 }}`, `cannot compare`},
		{`{{ max "coefs" "term" }}`, `is string, not numbers`},
		{`{{ .nothing }}`, `nil data`},
	} {
		_, err := exec(c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.src, err, c.want)
		}
	}
}

func TestLocator(t *testing.T) {
	src := `title = "x"   # a comment with key = value
description = """
not_a_key = 1
[[step]]
"""

[inputs.a]
dataset = "d"
"quoted key" = 2

[[step]]
id = "s1"
text = '''
[[step]]
id = "fake"
'''
ops = [
  { filter = "a" },
  { select = ["b",
              "c"] },
  # a comment ]
  { head = 1 },
]
after = true

[step.page]
width = 7

[[step]]
id = "s2"
x.y = 1
`
	l := newLocator(src)
	check := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: line %d, want %d", what, got, want)
		}
	}
	check("title", l.topLine("title"), 1)
	check("description", l.topLine("description"), 2)
	check("description value", l.top["description"].valueLine, 3)
	if l.top["not_a_key"] != nil {
		t.Error("a line inside a multi-line string was read as a key")
	}
	check("inputs.a", l.topLine("inputs.a"), 7)
	check("inputs.a.dataset", l.topLine("inputs.a.dataset"), 8)
	check("quoted key", l.topLine("inputs.a.quoted key"), 9)
	if len(l.steps) != 2 {
		t.Fatalf("%d steps, want 2", len(l.steps))
	}
	s := l.step(0)
	check("step 1", s.line, 11)
	check("id", s.keyLine("id"), 12)
	check("text", s.keyLine("text"), 13)
	check("text value", s.keys["text"].valueLine, 14)
	check("ops", s.keyLine("ops"), 17)
	if !reflect.DeepEqual(s.keys["ops"].elems, []int{18, 19, 22}) {
		t.Errorf("ops elements on lines %v, want [18 19 22]", s.keys["ops"].elems)
	}
	check("ops element 2", s.elemLine("ops", 2), 22)
	check("after", s.keyLine("after"), 24)
	check("page.width", s.keyLine("page.width"), 27)
	check("missing key", s.keyLine("nope"), 11)
	s2 := l.step(1)
	check("step 2", s2.line, 29)
	check("dotted", s2.keyLine("x.y"), 31)
	check("find", l.findLine(s, `"c"`), 20)
}

func TestBib(t *testing.T) {
	src := `% comment @notanentry
@article{a2020,
  author = {Hern{\'a}ndez, Jos\'{e} and M\"uller, Anna and {World Bank}},
  title  = "The {GDP} of States---a Survey",
  journal = {J. Econ. \& Stats},
  year = 2020, volume = {3}, number = {1}, pages = {1--10},
  doi = {10.1/x}
}
@comment{ignored}
@misc{b1999,
  author = {Zed Alpha},
  title = {Software},
  howpublished = {\url{https://example.org}},
  year = {1999}
}
@book(c2001, author = {Smith, J.}, title = {A Book}, publisher = {Press}, year = {2001})
`
	es, err := parseBib(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[0].Key != "a2020" || es[1].Key != "b1999" || es[2].Type != "book" {
		t.Fatalf("entries %+v", es)
	}
	if got := formatRef(es[0]); got != "Hernández, José, Anna Müller, and World Bank. 2020. “The GDP of States—a Survey.” *J. Econ. & Stats* 3(1): 1–10. https://doi.org/10.1/x." {
		t.Errorf("article: %s", got)
	}
	if got := formatRef(es[1]); got != "Alpha, Zed. 1999. “Software.” https://example.org." {
		t.Errorf("misc: %s", got)
	}
	if got := formatRef(es[2]); got != "Smith, J. 2001. *A Book*. Press." {
		t.Errorf("book: %s", got)
	}
	if got := citeInText(src, "a2020"); got != "(Hernández et al. 2020)" {
		t.Errorf("cite: %s", got)
	}
	if got := citeInText(src, "b1999"); got != "(Alpha 1999)" {
		t.Errorf("cite: %s", got)
	}
	sortRefs(es)
	if es[0].Key != "b1999" || es[2].Key != "c2001" {
		t.Errorf("sorted: %s %s %s", es[0].Key, es[1].Key, es[2].Key)
	}
	for _, bad := range []string{"@article{k, title = {x", "@article{, title = {x}}", "@article{k title}", "@article{k, = {x}}"} {
		if _, err := parseBib(bad); err == nil {
			t.Errorf("parseBib(%q): no error", bad)
		}
	}
}

// TestBibFiles checks that methods.bib and every dataset's .bib parse,
// and that their entries have what a reference needs.
func TestBibFiles(t *testing.T) {
	srcs := map[string]string{"methods.bib": methodsBib}
	for _, d := range datasets.All() {
		srcs[d.ID] = d.BibTeX()
	}
	for name, src := range srcs {
		es, err := parseBib(src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(es) == 0 {
			t.Errorf("%s: no entries", name)
		}
		for _, e := range es {
			if e.Fields["title"] == "" || e.Fields["author"] == "" {
				t.Errorf("%s: %s lacks a title or author", name, e.Key)
			}
		}
	}
	if !strings.Contains(methodsBib, "@misc{repnet,") {
		t.Error("methods.bib has no repnet entry")
	}
}

func FuzzParseBib(f *testing.F) {
	f.Add(methodsBib)
	f.Add("@article{k, author = {A and B}, title = \"x{y}\", year = 2000}")
	f.Add("@book(k, title = {\\'a})")
	f.Fuzz(func(t *testing.T, s string) {
		es, _ := parseBib(s)
		for _, e := range es {
			formatRef(e)
			citeInText(s, e.Key)
		}
		detex(s)
	})
}

func TestLaTeX(t *testing.T) {
	tb := table.New(
		table.NewString("term", []string{"x_1 & y", "100%"}),
		table.NewFloat("estimate", []float64{0.0123456, 12345.678}),
		table.NewInt("n", []int64{10, 20}),
	)
	tb.Col("n").SetMissing(1)
	var buf bytes.Buffer
	if err := writeLaTeX(&buf, tb, 3); err != nil {
		t.Fatal(err)
	}
	want := `\begin{tabular}{lrr}
\toprule
term & estimate & n \\
\midrule
x\_1 \& y & 0.0123 & 10 \\
100\% & 12300 &  \\
\bottomrule
\end{tabular}
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// testRand is a stochastic step kind for the tests: n draws from the
// step's random source.
type testRand struct {
	spec *Spec
	N    int `toml:"n"`
}

func init() {
	registerStep("testrand", "test only: draws n random numbers from the step's seed", func(s *Spec, p *Params) (Step, error) {
		r := &testRand{spec: s}
		if err := p.Decode(r); err != nil {
			return nil, err
		}
		return r, nil
	})
}

func (r *testRand) Inputs() []string  { return r.spec.In }
func (r *testRand) Outputs() []Output { return []Output{{Name: r.spec.Out[0], Kind: TableOutput}} }
func (r *testRand) Cites() []string   { return []string{"krackhardt1988predicting"} }
func (r *testRand) UsesSeed(d uint64) (uint64, bool) {
	return d, true
}
func (r *testRand) Run(ctx *Context) error {
	src := ctx.Rand()
	v := make([]float64, r.N)
	for i := range v {
		v[i] = src.Float64()
	}
	ctx.SetTable(r.spec.Out[0], table.New(table.NewFloat("draw", v)))
	return nil
}
func (r *testRand) Methods(ctx *Context) string {
	return fmt.Sprintf("Table %s holds %d uniform draws.", r.spec.Out[0], r.N)
}

func TestStochasticStep(t *testing.T) {
	src := `title = "Draws"
seed = SEED

[[step]]
id = "draws"
run = "testrand"
out = "draws"
n = 5
text = "{{ nrows \"draws\" }} draws, the first {{ index (values \"draws\" \"draw\") 0 | fmt \"%.4f\" }}."

[[step]]
id = "others"
run = "testrand"
out = "others"
n = 5
`
	dir := t.TempDir()
	runWith := func(seed string) (string, map[string][]byte) {
		p := filepath.Join(dir, "draws.toml")
		os.WriteFile(p, []byte(strings.Replace(src, "SEED", seed, 1)), 0o644)
		nb, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out-"+seed)
		if _, err := nb.Run(Options{Out: out, Version: testVersion, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		return out, tree(t, out)
	}
	_, a := runWith("7")
	_, b := runWith("7")
	sameTrees(t, "same seed", a, b)
	_, c := runWith("8")
	if bytes.Equal(a["tables/draws.csv"], c["tables/draws.csv"]) {
		t.Error("a different root seed gave the same draws")
	}
	if bytes.Equal(a["tables/draws.csv"], a["tables/others.csv"]) {
		t.Error("two steps drew the same numbers")
	}
	man := string(a["manifest.json"])
	if !strings.Contains(man, fmt.Sprintf(`"seed": "%d"`, StepSeed(7, "draws"))) || !strings.Contains(man, fmt.Sprintf(`"seed": "%d"`, StepSeed(7, "others"))) {
		t.Errorf("manifest lacks the step seeds:\n%s", man)
	}
	rep := string(a["report.md"])
	if !strings.Contains(rep, fmt.Sprintf("draws used seed %d", StepSeed(7, "draws"))) || !strings.Contains(rep, "Krackhardt") || !strings.Contains(rep, "5 draws, the first 0.") {
		t.Errorf("report lacks the seeds or the cited method:\n%s", rep)
	}
	if !strings.Contains(string(a["references.bib"]), "@article{krackhardt1988predicting,") {
		t.Error("references.bib lacks the cited method")
	}
}

// TestCacheInvalidation checks that changing one step's parameters
// recomputes that step and the steps that read its output, and no other.
func TestCacheInvalidation(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "nb.toml")
	cache := filepath.Join(dir, "cache")
	os.WriteFile(p, []byte(base), 0o644)
	res := runNotebook(t, p, Options{CacheDir: cache})
	if len(res.Ran) != 3 {
		t.Fatalf("first run ran %v", res.Ran)
	}
	os.WriteFile(p, []byte(strings.Replace(base, `{ select = ["ccode", "year", "full"] },`, `{ select = ["ccode", "year", "full", "any"] },`, 1)), 0o644)
	res = runNotebook(t, p, Options{CacheDir: cache})
	if !reflect.DeepEqual(res.Cached, []string{"counts"}) || !reflect.DeepEqual(res.Ran, []string{"few", "fig"}) {
		t.Errorf("after changing few: cached %v, ran %v", res.Cached, res.Ran)
	}
	// Changing only the report's prose recomputes nothing.
	os.WriteFile(p, []byte(strings.Replace(base, `{ select = ["ccode", "year", "full"] },`, `{ select = ["ccode", "year", "full", "any"] },`, 1)+"text = \"A figure.\"\n"), 0o644)
	res = runNotebook(t, p, Options{CacheDir: cache})
	if len(res.Ran) != 0 {
		t.Errorf("after changing text: ran %v", res.Ran)
	}
	// Entries no longer used are pruned: three steps, three entries.
	ents, _ := os.ReadDir(cache)
	if len(ents) != 3 {
		t.Errorf("%d cache entries, want 3", len(ents))
	}
}

// TestFormatsAndShow checks PDF output, the report's link to the PNG (or
// the SVG when there is none), and show = false.
func TestFormatsAndShow(t *testing.T) {
	src := strings.Replace(base, `formats = "svg"`, `formats = ["pdf", "png"]`, 1) + `
[[step]]
id = "fig2"
run = "plot"
in = "few"
out = "fig2"
kind = "timeseries"
y = "full"
group = "ccode"
formats = ["svg"]

[[step]]
id = "hidden"
run = "plot"
in = "few"
out = "hidden"
kind = "distribution"
x = "full"
formats = ["svg"]
show = false
`
	p := writeNotebook(t, "formats", src)
	runNotebook(t, p, Options{NoCache: true})
	out := filepath.Join(filepath.Dir(p), "formats")
	files := tree(t, out)
	pdf := files["figures/fig.pdf"]
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || files["figures/fig.png"] == nil || files["figures/fig.svg"] != nil {
		t.Errorf("figures: %d bytes of PDF, %d of PNG", len(pdf), len(files["figures/fig.png"]))
	}
	rep := string(files["report.md"])
	for _, w := range []string{"![Figure fig](figures/fig.png)", "![Figure fig2](figures/fig2.svg)"} {
		if !strings.Contains(rep, w) {
			t.Errorf("report lacks %s", w)
		}
	}
	if strings.Contains(rep, "hidden.svg") || files["figures/hidden.svg"] == nil {
		t.Error("show = false: the figure must be written but not shown")
	}
}

// FuzzParseNotebook checks that no notebook text makes the parser panic.
func FuzzParseNotebook(f *testing.F) {
	f.Add(base)
	f.Add(Starter("x", "X"))
	f.Add("title = \"x\"\nseed = 1\n[[step]]\nid = \"a\"\nrun = \"transform\"\nin = \"a\"\nout = \"a\"\nops = [{ head = 1 }]\n")
	f.Add("[step.page]\n[[step]]\nx = '''\n[[step]]\n'''\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		parseNotebook(filepath.Join(dir, "fuzz.toml"), []byte(src))
		newLocator(src)
	})
}

// TestLocatorMultilineInArray is the case the fuzzer found: a multi-line
// string inside an array, after which scanning must go on from the line
// where the string ends.
func TestLocatorMultilineInArray(t *testing.T) {
	l := newLocator("[[step]]\narr = [\"\"\"\nx\n\"\"\", \"y\",\n  \"z\"]\nnext = 1\n")
	s := l.step(0)
	if got := s.keys["arr"].elems; !reflect.DeepEqual(got, []int{2, 4, 5}) {
		t.Errorf("elements on lines %v, want [2 4 5]", got)
	}
	if s.keyLine("next") != 6 {
		t.Errorf("next on line %d, want 6", s.keyLine("next"))
	}
	newLocator("00=[\"\"\"\n\"\"\"")
}
