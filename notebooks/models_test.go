package notebooks

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// TestModelsNotebook runs testdata/models.toml, which exercises the panel,
// model, qap and table-models steps, with GOMAXPROCS 1 and 2 and from the
// cache, and checks that the bytes are the same each time and the same as
// the committed outputs in testdata/models (rewritten with -update); then
// checks its numbers against facts known by hand, against R
// (testdata/models_ref.R) and against each other.
func TestModelsNotebook(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join("testdata", "models.toml")
	cache := filepath.Join(tmp, "cache")
	first := filepath.Join(tmp, "first")
	runNotebook(t, path, Options{Out: first, CacheDir: cache})
	want := tree(t, first)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		out := filepath.Join(tmp, "procs", string(rune('0'+procs)))
		runNotebook(t, path, Options{Out: out, NoCache: true})
		sameTrees(t, "GOMAXPROCS "+string(rune('0'+procs)), want, tree(t, out))
	}
	res := runNotebook(t, path, Options{Out: first, CacheDir: cache})
	if len(res.Ran) != 1 || res.Ran[0] != "write_states" {
		t.Errorf("second run computed %v; want only the write step", res.Ran)
	}
	sameTrees(t, "from the cache", want, tree(t, first))

	golden := filepath.Join("testdata", "models")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := writeTree(golden, want); err != nil {
			t.Fatal(err)
		}
	}
	sameTrees(t, "committed outputs (testdata/models; go test -update rewrites them)", tree(t, golden), want)

	read := func(name string) *table.Table {
		t.Helper()
		tb, err := table.ReadFile(filepath.Join(first, "tables", name+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	report := string(want["report.md"])

	// Hand facts: 195 states in the COW system in 2014, 35 of them in the
	// Americas (codes below 200), so 195*194/2 and 35*34/2 pairs.
	if !strings.Contains(report, "The dyad panel has 18,915 pairs of states, of which\n595 are pairs of American states.") {
		t.Error("report does not count 18,915 dyads and 595 American ones")
	}
	if !strings.Contains(report, "(18,915 rows, 195 states)") || !strings.Contains(report, "(974 rows, 195 states)") {
		t.Error("the panels' Methods do not give their rows and states")
	}

	// The models against R (glm, sandwich::vcovHC, vcovCL).
	ref, err := table.ReadFile(filepath.Join("testdata", "models_ref.csv"))
	if err != nil {
		t.Fatal(err)
	}
	coefs := map[string]*table.Table{"ols": read("ols_coefs"), "logit": read("logit_coefs")}
	for i := 0; i < ref.NumRows(); i++ {
		model, term, vcov := ref.Col("model").Strings[i], ref.Col("term").Strings[i], ref.Col("vcov").Strings[i]
		c := coefs[model]
		found := false
		for r := 0; r < c.NumRows(); r++ {
			if c.Col("term").Strings[r] != term || c.Col("vcov").Strings[r] != vcov {
				continue
			}
			found = true
			for _, col := range []string{"estimate", "std_error"} {
				w, _ := ref.Col(col).Float64(i)
				g := c.Col(col).Floats[r]
				if math.Abs(g-w) > 1e-8*math.Max(1, math.Abs(w)) {
					t.Errorf("%s %s %s %s = %v, R %v", model, term, vcov, col, g, w)
				}
			}
		}
		if !found {
			t.Errorf("%s has no row for %s, %s", model, term, vcov)
		}
	}

	// QAP's observed logit is the model's logit: the nodes left out for
	// missing polyarchy are the states whose rows the model drops.
	q, l := read("qap"), coefs["logit"]
	for i, term := range []string{"(Intercept)", "igos", "polyarchy_low"} {
		if g, w := q.Col("estimate").Floats[i], l.Col("estimate").Floats[i]; l.Col("term").Strings[i] != term || math.Abs(g-w) > 1e-9*math.Abs(w) {
			t.Errorf("QAP %s = %v, logit %v", term, g, w)
		}
	}
	if q.Meta["nodes"] != "27" || q.Meta["dropped_nodes"] != "31 54 55 56 57 58 60 80" {
		t.Errorf("QAP nodes %s, dropped %q", q.Meta["nodes"], q.Meta["dropped_nodes"])
	}

	// The report shows the paper tables, not the full coefficient tables,
	// and its Methods name every estimator.
	for _, s := range []string{
		"*Table logit* ([tables/logit.tex](tables/logit.tex)):\n\n**Defense pacts among American states, 2014**",
		"| Shared IGOs |",
		"*Table side_by_side* ([tables/side_by_side.tex](tables/side_by_side.tex)):",
		"Also in the model, not shown: factor(year) (4 terms).",
		"*Table logit_ames* ([tables/logit_ames.csv](tables/logit_ames.csv))",
		`"cluster:ccode": standard errors clustered by ccode (172 clusters), the sandwich::vcovCL convention for a glm: HC0 with G/(G-1)`,
		`"dyadic:ccode1,ccode2": dyadic-robust standard errors (Aronow et al. 2015), ccode1 and ccode2 the two members (27 states)`,
		"(clusters: 26 for ccode1, 26 for ccode2 and 351 for ccode1 x ccode2)",
		"It uses 846 of the 974 rows: the 128 rows with a missing value in a variable of the formula were dropped (missing values: exposure 29, repression_lag 1, polyarchy 105).",
		"p-values come from 100 permutations by double semi-partialling (Dekker et al. 2007)",
		"8 nodes with missing values were left out",
		"Firth, David. 1993.",
		"Land borders separate the data: every one of the\n36 bordering pairs has a pact.",
	} {
		if !strings.Contains(report, s) {
			t.Errorf("report lacks %q", s)
		}
	}
	for _, s := range []string{"*Table logit_coefs*", "*Table logit_stats*", "*Table dyads*"} {
		if strings.Contains(report, s) {
			t.Errorf("report shows %s", s)
		}
	}
	for _, f := range []string{"tables/logit.tex", "tables/logit.md", "tables/side_by_side.tex", "tables/ols.tex", "tables/states.parquet"} {
		if want[f] == nil {
			t.Errorf("no %s", f)
		}
	}
	if want["tables/dyads.parquet"] != nil {
		t.Error("the panel was written without a write step")
	}
	if !reflect.DeepEqual(res.Cached, []string{"dyads", "americas", "logit", "firth", "side", "qap", "states", "ols", "coefplot_data", "coefplot"}) {
		t.Errorf("cached %v", res.Cached)
	}
}

// modelsBase is a valid notebook with one step of each kind; the cases of
// TestModelStepErrors edit it.
const modelsBase = `title = "T"
seed = 1

[[step]]
id = "p"
run = "panel"
out = "p"
unit = "dyad-year"
years = "2013-2014"
add = [
  "atop.atop_defense as defense",
  "layer(igo) as igos",
]

[[step]]
id = "m"
run = "model"
in = "p"
out = ["m_coefs", "m_stats", "m"]
formula = "defense ~ igos"
family = "logit"
vcov = ["classical", "dyadic:ccode1,ccode2"]

[[step]]
id = "q"
run = "qap"
in = "p"
out = "q"
y = "defense"
x = ["igos", "layer(contiguity)"]
year = 2014
perms = 10

[[step]]
id = "t"
run = "table-models"
in = ["m_coefs"]
stats = ["m_stats"]
vcov = "dyadic:ccode1,ccode2"
out = "t"
`

func TestModelStepErrors(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"panel unit", `unit = "dyad-year"`, `unit = "country-year"`, `bad.toml:8: step "p" (panel): unit "country-year": want "state-year" or "dyad-year"`},
		{"panel no years", `years = "2013-2014"`, ``, `bad.toml:4: step "p" (panel): missing years`},
		{"panel bad years", `years = "2013-2014"`, `years = "2014-2013"`, `bad.toml:9: step "p" (panel): key years: years 2014-2013`},
		{"panel spec syntax", `"layer(igo) as igos",`, `"layer(igo as igos",`, `bad.toml:12: step "p" (panel): spec "layer(igo as igos": at column 11: expected`},
		{"panel dataset", `"atop.atop_defense as defense",`, `"atopp.atop_defense as defense",`, `bad.toml:11: step "p" (panel): atopp.atop_defense as defense: unknown dataset "atopp"`},
		{"panel layer option", `"layer(igo) as igos",`, `"layer(igo, bogus=1) as igos",`, `bad.toml:12: step "p" (panel): layer(igo, bogus=1) as igos: layer(igo, bogus=1): unknown option "bogus"`},
		{"panel directed", `unit = "dyad-year"`, "unit = \"state-year\"\ndirected = true", `bad.toml:9: step "p" (panel): directed applies to dyad-year panels only`},
		{"panel in", `out = "p"`, "out = \"p\"\nin = \"m_coefs\"", `bad.toml:8: step "p" (panel): a panel reads no table`},
		{"panel typo", `unit = "dyad-year"`, `unti = "dyad-year"`, `bad.toml:8: step "p" (panel): unknown key "unti" (did you mean "unit"?)`},
		{"model outputs", `out = ["m_coefs", "m_stats", "m"]`, `out = ["m_coefs", "m_stats"]`, `bad.toml:19: step "m" (model): a model makes three outputs: out = ["COEFS", "STATS", "PAPER"]`},
		{"model margins outputs", `family = "logit"`, "family = \"logit\"\nmargins = true", `bad.toml:19: step "m" (model): a model with margins = true makes four outputs`},
		{"model formula", `formula = "defense ~ igos"`, `formula = "defense ~ igos +"`, `bad.toml:20: step "m" (model): "defense ~ igos +": at column 17: expected a term`},
		{"model no formula", `formula = "defense ~ igos"`, ``, `bad.toml:15: step "m" (model): missing formula`},
		{"model family", `family = "logit"`, `family = "tobit"`, `bad.toml:21: step "m" (model): unknown family "tobit"`},
		{"model vcov", `vcov = ["classical", "dyadic:ccode1,ccode2"]`, "vcov = [\n  \"classical\",\n  \"dyadic:ccode1\",\n]", `bad.toml:24: step "m" (model): variance "dyadic:ccode1": dyadic needs the two member columns`},
		{"model vcov twice", `vcov = ["classical", "dyadic:ccode1,ccode2"]`, `vcov = ["classical", "classical"]`, `bad.toml:22: step "m" (model): variance estimator "classical" given twice`},
		{"model profile", `vcov = ["classical", "dyadic:ccode1,ccode2"]`, `vcov = ["profile"]`, `bad.toml:22: step "m" (model): "profile" (profile penalised-likelihood inference) needs a Firth fit`},
		{"model firth vcov", `family = "logit"`, "family = \"logit\"\nfirth = true", `step "m" (model): variance "dyadic:ccode1,ccode2": Firth fits offer classical and profile inference only`},
		{"model firth family", `family = "logit"`, "family = \"probit\"\nfirth = true", `bad.toml:22: step "m" (model): firth = true fits logits only`},
		{"model level", `family = "logit"`, "family = \"logit\"\nlevel = 95", `bad.toml:22: step "m" (model): level = 95: want a confidence level between 0 and 1`},
		{"model names", `family = "logit"`, "family = \"logit\"\nnames = [\"a\"]", `bad.toml:22: step "m" (model): 1 names for 2 columns`},
		{"model stars", `family = "logit"`, "family = \"logit\"\nstars = [0.01, 0.05]", `bad.toml:22: step "m" (model): stars = [0.01 0.05]: want decreasing p-values`},
		{"model omit", `family = "logit"`, "family = \"logit\"\nomit = [\"*\"]", `bad.toml:22: step "m" (model): omit entry "*" matches every term`},
		{"model typo", `family = "logit"`, "family = \"logit\"\nvcv = \"hc1\"", `bad.toml:22: step "m" (model): unknown key "vcv" (did you mean "vcov"?)`},
		{"model reads a document", `in = ["m_coefs"]`, `in = ["m"]`, `step "t" (table-models): "m" is a document (a paper table written as text), not a table`},
		{"qap family", `perms = 10`, "perms = 10\nfamily = \"probit\"", `bad.toml:33: step "q" (qap): family "probit": want "logit" or "gaussian"`},
		{"qap method", `perms = 10`, "perms = 10\nmethod = \"mrqap\"", `bad.toml:33: step "q" (qap): method "mrqap": want "dsp" or "yperm"`},
		{"qap perms", `perms = 10`, `perms = 0`, `bad.toml:32: step "q" (qap): perms = 0: want at least 1`},
		{"qap layer", `x = ["igos", "layer(contiguity)"]`, "x = [\n  \"igos\",\n  \"layer(contiguity, bogus=2)\",\n]", `bad.toml:32: step "q" (qap): layer(contiguity, bogus=2): unknown option "bogus"`},
		{"qap layer year", `year = 2014`, ``, `bad.toml:30: step "q" (qap): layer(contiguity) is a layer: give year = YEAR`},
		{"qap no y", `y = "defense"`, ``, `bad.toml:24: step "q" (qap): missing y`},
		{"qap twice", `x = ["igos", "layer(contiguity)"]`, `x = ["igos", "layer(contiguity) as igos"]`, `bad.toml:30: step "q" (qap): term "igos" given twice`},
		{"qap expression", `y = "defense"`, `y = "max(defense)"`, `bad.toml:29: step "q" (qap): "max(defense)": expected a column of the in table or a layer`},
		{"qap no in", "in = \"p\"\nout = \"q\"", `out = "q"`, `bad.toml:28: step "q" (qap): "defense" is a column: name its edge table with in = "TABLE"`},
		{"table-models stats", `stats = ["m_stats"]`, `stats = ["m_stats", "m_stats"]`, `bad.toml:38: step "t" (table-models): 2 stats tables for 1 models`},
		{"table-models vcov", `vcov = "dyadic:ccode1,ccode2"`, `vcov = ["a", "b"]`, `bad.toml:39: step "t" (table-models): 2 variance estimators for 1 models`},
		{"table-models out", `out = "t"`, `out = ["t", "u"]`, `bad.toml:40: step "t" (table-models): a table-models step makes one paper table`},
		{"table-models terms and omit", `out = "t"`, "out = \"t\"\nterms = [\"igos\"]\nomit = [\"x\"]", `bad.toml:42: step "t" (table-models): give terms (the terms to show) or omit (the terms to leave out), not both`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(modelsBase, c.old) {
				t.Fatalf("base lacks %q", c.old)
			}
			src := strings.Replace(modelsBase, c.old, c.new, 1)
			_, err := Load(writeNotebook(t, "bad", src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %q", err, c.want)
			}
		})
	}
	if _, err := Load(writeNotebook(t, "good", modelsBase)); err != nil {
		t.Errorf("base: %v", err)
	}
}

// TestModelStepRunErrors: errors that depend on the data appear when the
// step runs, name the step, and leave nothing behind.
func TestModelStepRunErrors(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"unknown column", `formula = "defense ~ igos"`, `formula = "defense ~ shared"`, `step "m" (model): table p: formula: shared: no column "shared"`},
		{"unknown dataset column", `"layer(igo) as igos",`, `"layer(igo) as igos", "vdem.nope",`, `step "p" (panel): panel: vdem.nope: vdem: no column "nope"`},
		{"qap column", `x = ["igos", "layer(contiguity)"]`, `x = ["igoss"]`, `step "q" (qap): table p: no column "igoss"`},
		{"table-models vcov", `vcov = "dyadic:ccode1,ccode2"`, `vcov = "hc1"`, `step "t" (table-models): table t: model (1): no coefficient rows with vcov "hc1"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(modelsBase, c.old, c.new, 1)
			if src == modelsBase {
				t.Fatalf("base lacks %q", c.old)
			}
			path := writeNotebook(t, "bad", src)
			nb, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = nb.Run(Options{NoCache: true, Version: testVersion})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %q", err, c.want)
			}
			wroteNothing(t, filepath.Dir(path))
		})
	}
}
