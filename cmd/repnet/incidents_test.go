package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/table"
)

// incSyntheticFH is a SYNTHETIC file in the freedom-house mapping's
// layout: real country names, invented incidents (see the Target column).
const incSyntheticFH = `Year,Origin country,Host country,Tactic,Target,Notes
2015,China,Kazakhstan,Detention,SYNTHETIC person A,invented for repnet tests
2015,China,Kazakhstan,Detention,SYNTHETIC person A,invented for repnet tests
2015,China,Kazakhstan,Unlawful deportation,SYNTHETIC person A,invented for repnet tests
2016,Uzbekistan,Türkiye,Assault,SYNTHETIC person B,invented for repnet tests
2016,Atlantis,Turkey,Detention,SYNTHETIC person C,invented for repnet tests
,China,Turkey,Detention,SYNTHETIC person D,invented for repnet tests
2015,Egypt,Egypt,Detention,SYNTHETIC person E,invented for repnet tests
`

func incWrite(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIncidentsCommandErrors(t *testing.T) {
	fh := incWrite(t, "synthetic_fh.csv", incSyntheticFH)
	wrong := incWrite(t, "wrong.csv", "Year,Origin,Host,Tactic\n2015,China,Egypt,Detention\n")
	schema := incWrite(t, "schema.csv", "incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source\na,2015,,China,Egypt,detention,,,\n")
	badMap := incWrite(t, "bad.toml", "name = \"x\"\nfirst_yaer = 2000\n")
	tests := []struct {
		name    string
		args    []string
		code    int
		errWant string
	}{
		{"no input", []string{"incidents"}, 2, "give an incident FILE"},
		{"file and dataset", []string{"incidents", fh, "--dataset", "ifes-2024-cases"}, 2, "not both"},
		{"no mapping", []string{"incidents", fh}, 2, "--mapping is required"},
		{"unknown mapping", []string{"incidents", fh, "--mapping", "nope"}, 2, `--mapping "nope": no such file and not a built-in mapping (aaad, freedom-house, schema)`},
		{"bad mapping file", []string{"incidents", fh, "--mapping", badMap}, 1, `bad.toml:2: unknown key "first_yaer"`},
		{"dataset with mapping", []string{"incidents", "--dataset", "ifes-2024-cases", "--mapping", "aaad"}, 2, "has its own mapping"},
		{"unknown dataset", []string{"incidents", "--dataset", "pts"}, 2, "not a bundled incident dataset"},
		{"bad rule", []string{"incidents", fh, "--mapping", "freedom-house", "--dyads", "sum"}, 2, `--dyads "sum"`},
		{"by tactic alone", []string{"incidents", fh, "--mapping", "freedom-house", "--by-tactic"}, 2, "--by-tactic applies to --dyads"},
		{"bad tactic", []string{"incidents", fh, "--mapping", "freedom-house", "--tactic", "jail"}, 2, `--tactic "jail"`},
		{"bad cooperation", []string{"incidents", fh, "--mapping", "freedom-house", "--cooperation", "maybe"}, 2, `--cooperation "maybe"`},
		{"two cooperation flags", []string{"incidents", fh, "--mapping", "freedom-house", "--cooperation", "yes", "--cooperative-only"}, 2, "not both"},
		{"years outside coverage", []string{"incidents", fh, "--mapping", "freedom-house", "--allow-unresolved", "--dyads", "count", "--years", "1990-2000"}, 2, "outside the source's coverage 2014-2024"},
		{"print mapping with file", []string{"incidents", fh, "--print-mapping", "aaad"}, 2, "--print-mapping takes no file"},
		{"print unknown mapping", []string{"incidents", "--print-mapping", "gtd"}, 2, `no built-in incident mapping "gtd"`},
		{"unresolved", []string{"incidents", fh, "--mapping", "freedom-house"}, 1, `synthetic_fh.csv:6: column 2 ("Origin country"): 1 country did not resolve`},
		{"wrong header", []string{"incidents", wrong, "--mapping", "freedom-house"}, 1, `wrong.csv:1: expected a column "Origin country" for the incident field origin`},
		{"no coverage", []string{"incidents", schema, "--mapping", "schema", "--dyads", "count"}, 1, "declares no coverage"},
		{"missing file", []string{"incidents", filepath.Join(t.TempDir(), "none.csv"), "--mapping", "aaad"}, 1, "none.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.errWant) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.errWant)
			}
		})
	}
}

func TestIncidentsCommandTable(t *testing.T) {
	fh := incWrite(t, "synthetic_fh.csv", incSyntheticFH)
	code, out, stderr := runCLI(t, "incidents", fh, "--mapping", "freedom-house", "--allow-unresolved")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkGolden(t, "incidents_fh.csv", []byte(out))
	for _, want := range []string{
		"dropped 1 incident whose origin or host did not resolve to a COW state:\n  line 6, column \"Origin country\": \"Atlantis\": unknown country name or code\n",
		"removed 1 duplicate incident (the first in file order is kept):\n  line 3 duplicates line 2\n",
		"1 incident without a year",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not contain %q", stderr, want)
		}
	}
	if code, _, stderr := runCLI(t, "-q", "incidents", fh, "--mapping", "freedom-house", "--allow-unresolved"); code != 0 || stderr != "" {
		t.Errorf("-q: exit %d, stderr %q", code, stderr)
	}
	// Filters on the incident table.
	code, out, _ = runCLI(t, "-q", "incidents", fh, "--mapping", "freedom-house", "--allow-unresolved", "--years", "2015", "--tactic", "detention")
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(out, ",Egypt,651,detention,") {
		t.Errorf("filtered table: exit %d\n%s", code, out)
	}
	// Stdin, with a mapping from a file.
	mp := incWrite(t, "fh.toml", "")
	code, mtext, _ := runCLI(t, "incidents", "--print-mapping", "freedom-house")
	if code != 0 || !strings.Contains(mtext, "NOT VERIFIED") {
		t.Fatalf("print-mapping: exit %d", code)
	}
	os.WriteFile(mp, []byte(strings.Replace(mtext, `"Target"`, `"Notes"`, 1)), 0o644)
	var outb, errb strings.Builder
	code = run([]string{"incidents", "-", "--mapping", mp, "--allow-unresolved"}, strings.NewReader(incSyntheticFH), &outb, &errb)
	// Target now reads the Notes column, and the file's Target column is
	// kept as an extra column.
	if code != 0 || !strings.Contains(outb.String(), ",invented for repnet tests,,2,SYNTHETIC person A\n") {
		t.Errorf("stdin with an edited mapping: exit %d\n%s\n%s", code, outb.String(), errb.String())
	}
}

func TestIncidentsCommandDyads(t *testing.T) {
	fh := incWrite(t, "synthetic_fh.csv", incSyntheticFH)
	code, out, stderr := runCLI(t, "incidents", fh, "--mapping", "freedom-house", "--allow-unresolved", "--dyads", "count", "--years", "2012-2015")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// 195 states in 2014 and 2015 (COW): 195*194 directed dyads a year.
	if lines[0] != "ccode1,ccode2,year,incidents" || len(lines)-1 != 2*195*194 {
		t.Errorf("header %q, %d rows", lines[0], len(lines)-1)
	}
	var nonzero []string
	for _, l := range lines[1:] {
		if !strings.HasSuffix(l, ",0") {
			nonzero = append(nonzero, l)
		}
	}
	if strings.Join(nonzero, " ") != "710,705,2015,2" {
		t.Errorf("non-zero dyad-years %q", nonzero)
	}
	for _, want := range []string{
		"--years 2012-2015 reaches beyond the source's coverage 2014-2024: only 2014-2015 have rows",
		"2 incidents not counted in the dyad-years:\n  line 7: no year\n  line 8: origin and host are the same state (651)\n",
		"2 incidents counted, 1 left out",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not contain %q", stderr, want)
		}
	}

	// Parquet carries the rule, the coverage and the provenance.
	p := filepath.Join(t.TempDir(), "dyads.parquet")
	if code, _, stderr := runCLI(t, "-q", "incidents", fh, "--mapping", "freedom-house", "--allow-unresolved", "--dyads", "any", "--cooperative-only", "--by-tactic", "--years", "2015", "-o", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	tb, err := table.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tb.Names(), ","); !strings.HasPrefix(got, "ccode1,ccode2,year,any_detention,any_deportation_extradition,any_rendition_abduction") {
		t.Errorf("columns %s", got)
	}
	for k, want := range map[string]string{
		"unit": "directed dyad-year", "coverage": "2014-2024", "years": "2015-2015", "cooperation": "yes",
		"mapping": "freedom-house", "duplicates_removed": "1", "unresolved_rows_dropped": "1",
	} {
		if tb.Meta[k] != want {
			t.Errorf("meta %s = %q, want %q", k, tb.Meta[k], want)
		}
	}
	if !strings.Contains(tb.Meta["dyad_value"], "only incidents with host_cooperation yes") {
		t.Errorf("dyad_value %q", tb.Meta["dyad_value"])
	}
	var files []string
	for _, s := range tb.Sources {
		if s.File != "dyads.parquet" { // ReadFile adds the file it read
			files = append(files, s.File)
		}
	}
	if got := strings.Join(files, " "); got != "freedom-house.toml synthetic_fh.csv states2016.csv" {
		t.Errorf("sources %s (all: %+v)", got, tb.Sources)
	}
}

func TestIncidentsCommandDataset(t *testing.T) {
	code, out, stderr := runCLI(t, "incidents", "--dataset", "ifes-2024-cases", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkGolden(t, "ifes_cases.md", []byte(out))
	if !strings.Contains(stderr, "6 incidents without a year") {
		t.Errorf("stderr %q", stderr)
	}
	// The same table through repnet table.
	code, viaTable, _ := runCLI(t, "table", "ifes-2024-cases", "--format", "markdown")
	if code != 0 || viaTable != out {
		t.Errorf("repnet table ifes-2024-cases differs from repnet incidents --dataset (exit %d)", code)
	}
}
