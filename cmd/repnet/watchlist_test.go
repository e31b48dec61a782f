package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func TestWatchlistCommandErrors(t *testing.T) {
	fh := incWrite(t, "synthetic_fh.csv", incSyntheticFH)
	tests := []struct {
		name    string
		args    []string
		code    int
		errWant string
	}{
		{"mapping alone", []string{"watchlist", "--mapping", "aaad"}, 2, "go with --incidents"},
		{"model-out alone", []string{"watchlist", "--model-out", "m.csv"}, 2, "go with --incidents"},
		{"no mapping", []string{"watchlist", "--incidents", fh}, 2, "--mapping is required"},
		{"future year", []string{"watchlist", "--year", "2030"}, 2, "the latest year the data allow is 2021"},
		{"early year", []string{"watchlist", "--year", "1900"}, 2, "begin in 1946"},
		{"top", []string{"watchlist", "--top", "0"}, 2, "at least 1"},
		{"cooperation", []string{"watchlist", "--incidents", fh, "--mapping", "freedom-house", "--cooperation", "maybe"}, 2, `--cooperation "maybe"`},
		{"side file", []string{"watchlist", "--origins-out", "o.xlsx"}, 2, "expected a .csv, .parquet or .md file"},
		{"no year to fit", []string{"watchlist", "--incidents", fh, "--mapping", "freedom-house", "--allow-unresolved", "--year", "2014"}, 2, "no year before 2014"},
		{"unresolved", []string{"watchlist", "--incidents", fh, "--mapping", "freedom-house"}, 1, "did not resolve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.errWant) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tt.code, stderr, tt.errWant)
			}
		})
	}
}

// TestWatchlistCommand checks the 2021 watchlist against its golden file,
// with one thread and with two, and the side output.
func TestWatchlistCommand(t *testing.T) {
	origins := filepath.Join(t.TempDir(), "origins.csv")
	code, out, stderr := runCLI(t, "watchlist", "--top", "3", "--hosts", "2", "--origins-out", origins)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkGolden(t, "watchlist_2021.csv", []byte(out))
	if !strings.Contains(stderr, "watchlist for 2021 (shared_autocratic_igos from 2014, alliance from 2018, un_agreement from 2019)") {
		t.Errorf("stderr %q", stderr)
	}
	ot, err := table.ReadFile(origins)
	if err != nil {
		t.Fatal(err)
	}
	if ot.NumRows() != 195 || ot.Col("origin_rank").Ints[0] != 1 {
		t.Errorf("origins: %d rows", ot.NumRows())
	}
	prev := runtime.GOMAXPROCS(1)
	code, out1, _ := runCLI(t, "-q", "watchlist", "--top", "3", "--hosts", "2")
	runtime.GOMAXPROCS(prev)
	if code != 0 || out1 != out {
		t.Errorf("one thread: exit %d, output differs:\n%s", code, out1)
	}
}

// TestWatchlistCommandModel fits the model from an incident file: a
// SYNTHETIC file in the schema layout (real states, invented cooperative
// incidents between neighbouring autocracies, 2013-2016).
func TestWatchlistCommandModel(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the host-cooperation model")
	}
	b, err := loaders.IncidentMappingText("schema")
	if err != nil {
		t.Fatal(err)
	}
	mp := incWrite(t, "syn.toml", strings.Replace(string(b), "[columns]", "first_year = 2013\nlast_year = 2016\n\n[columns]", 1))
	var csv strings.Builder
	csv.WriteString("incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source\n")
	pairs := [][2]string{{"China", "Kazakhstan"}, {"Uzbekistan", "Kazakhstan"}, {"Russia", "Belarus"}, {"Egypt", "Sudan"},
		{"Cambodia", "Thailand"}, {"Myanmar", "Thailand"}, {"Tajikistan", "Russia"}, {"Iran", "Iraq"}, {"Syria", "Lebanon"},
		{"Rwanda", "Uganda"}, {"Eritrea", "Sudan"}, {"North Korea", "China"}, {"China", "Vietnam"}}
	n := 0
	for y := 2013; y <= 2016; y++ {
		for k, p := range pairs {
			if (k+y)%3 != 0 {
				n++
				fmt.Fprintf(&csv, "s%d,%d,,%s,%s,deportation_extradition,yes,SYNTHETIC,SYNTHETIC\n", n, y, p[0], p[1])
			}
		}
	}
	file := incWrite(t, "syn.csv", csv.String())
	model := filepath.Join(t.TempDir(), "model.csv")
	code, out, stderr := runCLI(t, "watchlist", "--incidents", file, "--mapping", mp, "--year", "2016", "--top", "2", "--hosts", "2", "--model-out", model)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "model fitted on 2013-2015; out-of-sample AUC in 2016: ") {
		t.Errorf("stderr %q", stderr)
	}
	if h := strings.SplitN(out, "\n", 2)[0]; !strings.HasSuffix(h, ",link_score,link_components,p_coop,pair_rank,coop") {
		t.Errorf("header %q", h)
	}
	m, err := os.ReadFile(model)
	if err != nil || !strings.HasPrefix(string(m), "model,term,estimate,std_error,statistic,p_value,conf_low,conf_high,vcov\nfirth,(Intercept),") {
		t.Errorf("model file: %v\n%s", err, m)
	}
}

func TestTNRModelCommand(t *testing.T) {
	b, err := loaders.IncidentMappingText("schema")
	if err != nil {
		t.Fatal(err)
	}
	mp := incWrite(t, "syn.toml", strings.Replace(string(b), "[columns]", "first_year = 2013\nlast_year = 2016\n\n[columns]", 1))
	var csv strings.Builder
	csv.WriteString("incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source\n")
	n := 0
	for y := 2013; y <= 2016; y++ {
		for k, p := range [][2]string{{"China", "Kazakhstan"}, {"Russia", "Belarus"}, {"Egypt", "Sudan"}, {"Iran", "Iraq"}, {"Rwanda", "Uganda"}, {"China", "Turkey"}} {
			for j := 0; j <= (k+y)%3; j++ {
				n++
				fmt.Fprintf(&csv, "s%d,%d,,%s,%s,threat,unknown,SYNTHETIC,SYNTHETIC\n", n, y, p[0], p[1])
			}
		}
	}
	file := incWrite(t, "syn.csv", csv.String())
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"tnr-model", "--incidents", file, "--mapping", mp}, `--design "": want host or origin`},
		{[]string{"tnr-model", "--design", "origin"}, "give --incidents FILE and --mapping"},
		{[]string{"tnr-model", "--design", "host", "--incidents", file, "--mapping", mp, "--autocracies"}, "--autocracies goes with --design origin"},
		{[]string{"tnr-model", "--design", "origin", "--incidents", file, "--mapping", mp, "--years", "2010-2014"}, "outside the incidents' coverage 2013-2016"},
		{[]string{"tnr-model", "--design", "origin", "--incidents", file, "--mapping", mp, "--tactic", "jail"}, `--tactic "jail"`},
	} {
		if code, _, stderr := runCLI(t, tt.args...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", tt.args[1:], code, stderr, tt.want)
		}
	}
	panelPath := filepath.Join(t.TempDir(), "panel.csv")
	code, out, stderr := runCLI(t, "tnr-model", "--design", "origin", "--incidents", file, "--mapping", mp, "--panel-out", panelPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The panel counts the file's incidents: 6 pairs, 1-3 a year each.
	p, err := table.ReadFile(panelPath)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, v := range p.Col("incidents").Ints {
		total += v
	}
	if total != int64(n) {
		t.Errorf("panel: %d incidents counted, %d in the file", total, n)
	}
	if !strings.HasPrefix(out, "term,estimate,std_error,statistic,p_value,conf_low,conf_high,vcov\n(Intercept),") || strings.Count(out, "cluster:ccode") != 3 {
		t.Errorf("coefficients:\n%s", out)
	}
}

// TestCentralityTNR: repnet centrality on the tnr layer of the bundled
// cases says which hosts cooperated with the most origin states
// (in_degree) and which origin state reached furthest (out_degree).
func TestCentralityTNR(t *testing.T) {
	code, out, stderr := runCLI(t, "centrality", "--layer", "tnr:ifes-2024-cases", "--pool", "--undated", "--nodes", "file", "--measures", "in_degree,in_strength,out_degree")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"year,ccode,in_degree,in_strength,out_degree\n", "\n2023,651,2,2,0\n", "\n2023,710,2,2,3\n", "\n2023,800,2,2,0\n", "\n2023,670,0,0,2\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 15 {
		t.Errorf("%d lines: want 14 states and a header", n)
	}
	// Per year, the undated cases are listed on stderr.
	code, _, stderr = runCLI(t, "centrality", "--layer", "tnr:ifes-2024-cases", "--measures", "in_degree", "--years", "2021")
	if code != 0 || !strings.Contains(stderr, "6 incidents not counted") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "centrality", "--layer", "tnr:ifes-2024-cases", "--undated"); code != 2 || !strings.Contains(stderr, "undated applies only with pool") {
		t.Errorf("undated without pool: exit %d, %q", code, stderr)
	}
}
