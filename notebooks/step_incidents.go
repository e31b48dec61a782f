package notebooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() {
	registerStep("incidents", `Reads transnational repression incidents into repnet's incident table (see
  'repnet help incidents'): dataset = "ifes-2024-cases" (the bundled
  illustrative cases), or file = "PATH" (a CSV, optionally gzipped, relative to
  the notebook) with sha256 = "HEX" and mapping = "freedom-house", "aaad",
  "schema" or a TOML mapping file (relative to the notebook, with
  mapping_sha256 = "HEX"); allow_unresolved = true drops incidents whose
  origin or host does not resolve to a COW state. out = "NAME". The table's
  meta records the mapping and the source's coverage, which the tnr and
  watchlist steps read. Like a table step's, it is written to tables/ only
  when a write step asks.`, newIncidentsStep)
}

// incidentDatasets are the bundled datasets in the incident schema.
var incidentDatasets = []string{"ifes-2024-cases"}

type incidentsStep struct {
	spec            *Spec
	dir             string
	Dataset         string `toml:"dataset"`
	File            string `toml:"file"`
	SHA256          string `toml:"sha256"`
	Mapping         string `toml:"mapping"`
	MappingSHA256   string `toml:"mapping_sha256"`
	AllowUnresolved bool   `toml:"allow_unresolved"`
	mapping         *loaders.IncidentMapping
}

func newIncidentsStep(s *Spec, p *Params) (Step, error) {
	st := &incidentsStep{spec: s, dir: p.nb.Dir}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "an incidents step reads no table: give dataset or file")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "an incidents step makes one table: out = \"NAME\"")
	}
	switch {
	case st.Dataset == "" && st.File == "":
		return nil, p.Errorf("", "give dataset = \"ifes-2024-cases\" (the bundled illustrative cases) or file = \"PATH\" with its sha256 and mapping")
	case st.Dataset != "" && st.File != "":
		return nil, p.Errorf("file", "give dataset or file, not both")
	case st.Dataset != "":
		if !slices.Contains(incidentDatasets, st.Dataset) {
			return nil, p.Errorf("dataset", "%q is not a bundled incident dataset (%s)", st.Dataset, strings.Join(incidentDatasets, ", "))
		}
		for _, k := range []string{"sha256", "mapping", "mapping_sha256", "allow_unresolved"} {
			if p.Has(k) {
				return nil, p.Errorf(k, "%s applies to files: the bundled %s has its own mapping and checked sha256", k, st.Dataset)
			}
		}
		return st, nil
	}
	if err := checkNotebookFile(p, st.dir, "file", st.File, "sha256", &st.SHA256); err != nil {
		return nil, err
	}
	if st.Mapping == "" {
		return nil, p.Errorf("", "file %s needs mapping = a built-in mapping (%s) or a TOML mapping file", st.File, strings.Join(loaders.IncidentMappings(), ", "))
	}
	if slices.Contains(loaders.IncidentMappings(), st.Mapping) {
		if p.Has("mapping_sha256") {
			return nil, p.Errorf("mapping_sha256", "mapping_sha256 is for a mapping file; %s is built in", st.Mapping)
		}
		m, err := loaders.BuiltinIncidentMapping(st.Mapping)
		if err != nil {
			return nil, p.Errorf("mapping", "%v", err)
		}
		st.mapping = m
		return st, nil
	}
	if !strings.HasSuffix(strings.ToLower(st.Mapping), ".toml") {
		return nil, p.Errorf("mapping", "mapping %q is neither a built-in mapping (%s) nor a .toml file", st.Mapping, strings.Join(loaders.IncidentMappings(), ", "))
	}
	if err := checkNotebookFile(p, st.dir, "mapping", st.Mapping, "mapping_sha256", &st.MappingSHA256); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(st.dir, st.Mapping))
	if err != nil {
		return nil, p.Errorf("mapping", "%v", unwrapPath(err))
	}
	m, err := loaders.ParseIncidentMapping(b, st.Mapping)
	if err != nil {
		return nil, p.Errorf("mapping", "%v", err)
	}
	st.mapping = m
	return st, nil
}

// checkNotebookFile checks a file named by a step key: a relative path that
// exists, whose sha256 (key sumKey) matches.
func checkNotebookFile(p *Params, dir, key, rel, sumKey string, sum *string) error {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "~") {
		return p.Errorf(key, "%s %q: give a path relative to the notebook, so that it runs on any machine", key, rel)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		return p.Errorf(key, "cannot read %s: %v", rel, unwrapPath(err))
	}
	h := sha256.Sum256(b)
	got := hex.EncodeToString(h[:])
	switch {
	case *sum == "":
		return p.Errorf(key, "%s %s has no sha256: add %s = %q next to it, so that a changed file cannot go unnoticed", key, rel, sumKey, got)
	case !strings.EqualFold(*sum, got):
		return p.Errorf(sumKey, "%s %s has sha256 %s, but the notebook says %s: the file changed (if on purpose, update %s)", key, rel, got, *sum, sumKey)
	}
	*sum = got
	return nil
}

func (st *incidentsStep) Inputs() []string { return nil }

// IsSource: like a table step's, the incident table is an input, written
// only when a write step asks (a publisher's incident data should not
// leave the user's machine in a notebook's outputs by default).
func (st *incidentsStep) IsSource() {}
func (st *incidentsStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}}
}

func (st *incidentsStep) Cites() []string {
	if st.mapping == nil {
		return nil
	}
	switch st.mapping.Name {
	case "freedom-house":
		return []string{"schenkkan2021out"}
	case "aaad":
		return []string{"dukalskis2021making"}
	}
	return nil
}

func (st *incidentsStep) Run(ctx *Context) error {
	var inc *loaders.Incidents
	var err error
	if st.Dataset != "" {
		if inc, err = loaders.IFESCases(); err != nil {
			return err
		}
	} else {
		full := filepath.Join(st.dir, st.File)
		b, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != st.SHA256 {
			return fmt.Errorf("file %s changed while the notebook ran", st.File)
		}
		c, err := loaders.LoadCountries()
		if err != nil {
			return err
		}
		if inc, err = loaders.ReadIncidents(bytes.NewReader(b), filepath.ToSlash(st.File), st.mapping, c, loaders.IncidentOptions{AllowUnresolved: st.AllowUnresolved}); err != nil {
			return err
		}
	}
	ctx.SetTable(st.spec.Out[0], inc.Table)
	return nil
}

func (st *incidentsStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	m := t.Meta
	var b strings.Builder
	if st.Dataset != "" {
		fmt.Fprintf(&b, "Table %s holds the %s cases of the bundled %s, in repnet's incident schema: illustrative cases named in Cottiero (2024), not a sample", st.spec.Out[0], comma(int64(t.NumRows())), st.Dataset)
	} else {
		fmt.Fprintf(&b, "Table %s holds %s incidents read from %s (sha256 %s…) with the incident mapping %s", st.spec.Out[0], comma(int64(t.NumRows())), filepath.ToSlash(st.File), st.SHA256[:12], m["mapping"])
		if st.MappingSHA256 != "" {
			fmt.Fprintf(&b, " (%s, sha256 %s…)", filepath.ToSlash(st.Mapping), st.MappingSHA256[:12])
		}
	}
	fmt.Fprintf(&b, "; the source's declared coverage is %s", m["coverage"])
	var notes []string
	if n := m["duplicates_removed"]; n != "" && n != "0" {
		notes = append(notes, n+" duplicates removed")
	}
	if n := m["unresolved_rows_dropped"]; n != "" {
		notes = append(notes, n+" incidents dropped whose countries did not resolve")
	}
	if n := m["incidents_without_year"]; n != "" && n != "0" {
		notes = append(notes, n+" without a year")
	}
	if notes != nil {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	b.WriteString(".")
	return b.String()
}

// incidentsOf rebuilds the incidents an incidents step made from its
// table: the table and the coverage and mapping its meta records.
func incidentsOf(t *table.Table, name string) (*loaders.Incidents, error) {
	for _, c := range []string{"year", "origin_ccode", "host_ccode", "tactic", "host_cooperation"} {
		if t.Col(c) == nil {
			return nil, fmt.Errorf("table %s is not an incident table (no column %s): make it with an incidents step", name, c)
		}
	}
	inc := &loaders.Incidents{Table: t, Mapping: &loaders.IncidentMapping{Name: t.Meta["mapping"], Universe: t.Meta["universe"]}}
	if cov := t.Meta["coverage"]; cov != "" {
		a, b, ok := strings.Cut(cov, "-")
		first, err1 := strconv.Atoi(a)
		last, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("table %s: coverage %q is not a year range", name, cov)
		}
		inc.Coverage = loaders.YearRange{First: first, Last: last}
	}
	return inc, nil
}

// illustrative reports whether an incident table is the bundled
// illustrative cases.
func illustrative(t *table.Table) bool {
	for _, s := range t.Sources {
		if slices.Contains(incidentDatasets, s.Dataset) {
			return true
		}
	}
	return false
}
