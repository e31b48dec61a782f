package notebooks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// tnrFixtures writes, next to a notebook, a SYNTHETIC incident file in the
// schema layout (real states, invented incidents: cooperative incidents
// between bordering autocracies 2013-2016) and a mapping that declares its
// coverage. It returns the file's and the mapping's sha256.
func tnrFixtures(t *testing.T, dir string) (fileSum, mapSum string) {
	t.Helper()
	b, err := loaders.IncidentMappingText("schema")
	if err != nil {
		t.Fatal(err)
	}
	m := []byte(strings.Replace(string(b), "[columns]", "first_year = 2013\nlast_year = 2016\n\n[columns]", 1))
	pairs := [][2]string{{"China", "Kazakhstan"}, {"China", "Kyrgyzstan"}, {"Uzbekistan", "Kazakhstan"}, {"Russia", "Belarus"},
		{"Saudi Arabia", "Jordan"}, {"Egypt", "Sudan"}, {"Cambodia", "Thailand"}, {"Myanmar", "Thailand"}, {"Laos", "Thailand"},
		{"Tajikistan", "Russia"}, {"Turkmenistan", "Russia"}, {"Iran", "Iraq"}, {"Syria", "Lebanon"}, {"Rwanda", "Uganda"},
		{"Eritrea", "Sudan"}, {"Ethiopia", "Kenya"}, {"China", "Vietnam"}, {"North Korea", "China"}}
	var csv strings.Builder
	csv.WriteString("incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source\n")
	n := 0
	for y := 2013; y <= 2016; y++ {
		for k, p := range pairs {
			if (k+y)%3 == 0 {
				continue
			}
			n++
			fmt.Fprintf(&csv, "s%d,%d,,%s,%s,detention,yes,SYNTHETIC,SYNTHETIC\n", n, y, p[0], p[1])
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "syn.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "syn.toml"), m, 0o644); err != nil {
		t.Fatal(err)
	}
	return sha([]byte(csv.String())), sha(m)
}

func TestTNRStepErrors(t *testing.T) {
	dir := t.TempDir()
	fileSum, mapSum := tnrFixtures(t, dir)
	tests := []struct {
		name, step, want string
	}{
		{"nothing", `run = "incidents"` + "\nout = \"i\"", "give dataset"},
		{"both", `run = "incidents"` + "\nout = \"i\"\ndataset = \"ifes-2024-cases\"\nfile = \"syn.csv\"", "not both"},
		{"unknown dataset", `run = "incidents"` + "\nout = \"i\"\ndataset = \"pts\"", "not a bundled incident dataset"},
		{"dataset with mapping", `run = "incidents"` + "\nout = \"i\"\ndataset = \"ifes-2024-cases\"\nmapping = \"aaad\"", "has its own mapping"},
		{"no sha256", `run = "incidents"` + "\nout = \"i\"\nfile = \"syn.csv\"\nmapping = \"schema\"", `add sha256 = "` + fileSum + `"`},
		{"wrong sha256", `run = "incidents"` + "\nout = \"i\"\nfile = \"syn.csv\"\nsha256 = \"" + mapSum + "\"\nmapping = \"schema\"", "the file changed"},
		{"no mapping", `run = "incidents"` + "\nout = \"i\"\nfile = \"syn.csv\"\nsha256 = \"" + fileSum + "\"", "needs mapping"},
		{"mapping without sha", `run = "incidents"` + "\nout = \"i\"\nfile = \"syn.csv\"\nsha256 = \"" + fileSum + "\"\nmapping = \"syn.toml\"", `add mapping_sha256 = "` + mapSum + `"`},
		{"mapping not toml", `run = "incidents"` + "\nout = \"i\"\nfile = \"syn.csv\"\nsha256 = \"" + fileSum + "\"\nmapping = \"fh\"", "neither a built-in mapping"},
		{"absolute file", `run = "incidents"` + "\nout = \"i\"\nfile = \"/tmp/x.csv\"\nsha256 = \"00\"\nmapping = \"schema\"", "relative to the notebook"},
		{"tnr rule", `run = "tnr"` + "\nin = \"i\"\nout = [\"e\", \"n\"]\nrule = \"sum\"", `rule "sum" is not one of count, any`},
		{"tnr undated", `run = "tnr"` + "\nin = \"i\"\nout = [\"e\", \"n\"]\nundated = true", "undated applies only with pool"},
		{"tnr outs", `run = "tnr"` + "\nin = \"i\"\nout = \"e\"", "two tables"},
		{"watchlist model", `run = "watchlist"` + "\nout = \"w\"\nmodel = \"maybe\"", `model "maybe": want auto, yes or no`},
		{"watchlist model without in", `run = "watchlist"` + "\nout = \"w\"\nmodel = \"yes\"", "need in"},
		{"watchlist outs", `run = "watchlist"` + "\nout = [\"a\", \"b\", \"c\", \"d\", \"e\"]", "the first one to four"},
		{"watchlist year", `run = "watchlist"` + "\nout = \"w\"\nyear = 1900", "year 1900"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "title = \"T\"\nseed = 1\n\n[[step]]\nid = \"i0\"\nrun = \"incidents\"\nout = \"i\"\ndataset = \"ifes-2024-cases\"\n\n[[step]]\nid = \"s\"\n" + tt.step + "\n"
			if strings.HasPrefix(tt.step, `run = "incidents"`) {
				src = "title = \"T\"\nseed = 1\n\n[[step]]\nid = \"s\"\n" + tt.step + "\n"
			}
			p := filepath.Join(dir, "nb.toml")
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestTNRSteps runs the incident, tnr and watchlist steps on the bundled
// cases (no model: they are illustrative) and on a synthetic file (the
// model is fitted and checked out of sample).
func TestTNRSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the host-cooperation model")
	}
	dir := t.TempDir()
	fileSum, mapSum := tnrFixtures(t, dir)
	steps := `
[[step]]
id = "net"
run = "tnr"
in = "incidents"
out = ["edges", "nodes"]
pool = true
nodes = "file"

[[step]]
id = "watch"
run = "watchlist"
in = "incidents"
out = ["watchlist", "origins", "about", "coefs"]
year = 2016
top = 3
hosts = 2
`
	bundled := "title = \"T\"\nseed = 1\n\n[[step]]\nid = \"incidents\"\nrun = \"incidents\"\nout = \"incidents\"\ndataset = \"ifes-2024-cases\"\n" + strings.Replace(steps, "year = 2016", "year = 2021", 1)
	p := filepath.Join(dir, "bundled.toml")
	os.WriteFile(p, []byte(bundled), 0o644)
	res := runNotebook(t, p, Options{Out: filepath.Join(dir, "out1"), NoCache: true})
	_ = res
	about := readCSV(t, filepath.Join(dir, "out1", "tables", "about.csv"))
	if !strings.Contains(about, "2021,ifes-2024-cases,true,false,,,,,no model was fitted,") {
		t.Errorf("about (bundled):\n%s", about)
	}
	// The manifest lists the bundled files the watchlist and the network
	// read themselves, not only the incident table's.
	man, err := os.ReadFile(filepath.Join(dir, "out1", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fariss", "pts", "atop", "unvotes", "cow-igo", "vdem-row"} {
		if !strings.Contains(string(man), `"dataset": "`+want+`"`) {
			t.Errorf("manifest lacks the %s files the watchlist reads", want)
		}
	}
	if !strings.Contains(string(man), `"file": "states2016.csv",
      "sha256": "`) || !strings.Contains(string(man), `"table": "edges"`) {
		t.Errorf("manifest lacks the state system the network reads:\n%s", man)
	}
	coefs := readCSV(t, filepath.Join(dir, "out1", "tables", "coefs.csv"))
	if strings.Count(coefs, "\n") != 1 {
		t.Errorf("coefficients without a model:\n%s", coefs)
	}
	edges := readCSV(t, filepath.Join(dir, "out1", "tables", "edges.csv"))
	if edges != "year,ccode1,ccode2,weight\n2023,531,651,1\n2023,710,651,1\n2023,731,710,1\n2023,775,800,1\n2023,811,800,1\n" {
		t.Errorf("edges:\n%s", edges)
	}
	nodes := readCSV(t, filepath.Join(dir, "out1", "tables", "nodes.csv"))
	if !strings.Contains(nodes, "2023,800,THI,Thailand,1,electoral autocracy,true,") || !strings.HasSuffix(strings.SplitN(nodes, "\n", 2)[0], ",role") {
		t.Errorf("nodes:\n%s", nodes)
	}
	// model = "yes" on the bundled cases is refused.
	os.WriteFile(p, []byte(strings.Replace(bundled, "hosts = 2", "hosts = 2\nmodel = \"yes\"", 1)), 0o644)
	nb, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nb.Run(Options{Version: testVersion, Out: filepath.Join(dir, "out2"), NoCache: true}); err == nil || !strings.Contains(err.Error(), "not a sample") {
		t.Errorf("model = yes on the bundled cases: %v", err)
	}

	// A synthetic file: the model is fitted on 2013-2015 and checked in
	// 2016.
	own := fmt.Sprintf("title = \"T\"\nseed = 1\n\n[[step]]\nid = \"incidents\"\nrun = \"incidents\"\nout = \"incidents\"\nfile = \"syn.csv\"\nsha256 = %q\nmapping = \"syn.toml\"\nmapping_sha256 = %q\n", fileSum, mapSum) + steps
	p = filepath.Join(dir, "own.toml")
	os.WriteFile(p, []byte(own), 0o644)
	runNotebook(t, p, Options{Out: filepath.Join(dir, "out3"), NoCache: true})
	about = readCSV(t, filepath.Join(dir, "out3", "tables", "about.csv"))
	if !strings.Contains(about, "2016,syn.csv,false,true,2013-2015,") || !strings.Contains(about, "out of sample") {
		t.Errorf("about (own file):\n%s", about)
	}
	wl := readCSV(t, filepath.Join(dir, "out3", "tables", "watchlist.csv"))
	if !strings.Contains(strings.SplitN(wl, "\n", 2)[0], ",p_coop,pair_rank,coop") {
		t.Errorf("watchlist header %q", strings.SplitN(wl, "\n", 2)[0])
	}
	coefs = readCSV(t, filepath.Join(dir, "out3", "tables", "coefs.csv"))
	if !strings.Contains(coefs, "firth,origin_repression_rise,") || !strings.Contains(coefs, "dyadic:ccode1,ccode2") {
		t.Errorf("coefficients:\n%s", coefs)
	}
	report, _ := os.ReadFile(filepath.Join(dir, "out3", "report.md"))
	for _, want := range []string{"Firth", "Michaelsen", "Hanley"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func readCSV(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := table.ReadCSV(strings.NewReader(string(b)), path); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIncidentSource: the report names the incident file, not its mapping
// file, whichever sorts first among the table's sources.
func TestIncidentSource(t *testing.T) {
	for _, tt := range []struct {
		sources []table.Source
		want    string
	}{
		{[]table.Source{{File: "fh.toml", Path: "fh.toml"}, {File: "fh_incidents.csv", Path: "fh_incidents.csv"}}, "fh_incidents.csv"},
		{[]table.Source{{File: "aaad.csv.gz", Path: "data/aaad.csv.gz"}, {File: "aaad.toml", Path: "builtin:incidentmaps/aaad.toml"}}, "aaad.csv.gz"},
		{[]table.Source{{File: "schema.toml", Path: "builtin:incidentmaps/schema.toml"}, {Dataset: "ifes-2024-cases", File: "ifes_2024_cases.csv"}}, "ifes-2024-cases"},
	} {
		if got := incidentSource(&table.Table{Sources: tt.sources}); got != tt.want {
			t.Errorf("incidentSource(%v) = %q, want %q", tt.sources, got, tt.want)
		}
	}
}
