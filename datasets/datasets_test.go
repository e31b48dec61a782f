package datasets

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
)

// TestRegistry checks every registry entry: it parses, its id is its
// folder, it has the descriptive fields a citation and a reader need, every
// listed file is embedded with the recorded sha256 and row count, every
// embedded data file is listed, its columns are documented, its BibTeX
// parses (minimally), and its folder has a PROVENANCE.txt.
func TestRegistry(t *testing.T) {
	all := All()
	if len(all) < 16 {
		t.Fatalf("%d datasets registered, want at least 16", len(all))
	}
	dirs, err := fs.Glob(bundle, "*/dataset.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(all) {
		t.Errorf("%d dataset.toml files, %d registry entries", len(dirs), len(all))
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	spdx := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.+-]*$`)
	for _, d := range all {
		t.Run(d.ID, func(t *testing.T) {
			for field, v := range map[string]string{
				"title": d.Title, "unit": d.Unit, "terms": d.Terms, "citation": d.Citation,
				"source": d.Source, "version": d.Version, "notes": d.Notes, "bibtex_file": d.BibFile,
			} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("empty %s", field)
				}
			}
			if d.FirstYear < 1700 || d.LastYear < d.FirstYear || d.LastYear > 2100 {
				t.Errorf("coverage %d-%d", d.FirstYear, d.LastYear)
			}
			if d.Rows < 0 {
				t.Errorf("rows = %d", d.Rows)
			}
			if d.License != "" && !spdx.MatchString(d.License) {
				t.Errorf("license %q is not an SPDX identifier", d.License)
			}
			if _, err := os.Stat(path.Join(d.ID, "PROVENANCE.txt")); err != nil {
				t.Errorf("no PROVENANCE.txt: %v", err)
			}
			checkFiles(t, d)
			checkColumns(t, d, snake)
			checkBibTeX(t, d.ID+"/"+d.BibFile, d.BibTeX())
		})
	}
}

func checkFiles(t *testing.T, d *Dataset) {
	if len(d.Files) == 0 {
		t.Fatal("no files")
	}
	listed := map[string]bool{}
	for _, f := range d.Files {
		if listed[f.Name] {
			t.Errorf("file %s listed twice", f.Name)
		}
		listed[f.Name] = true
		if strings.TrimSpace(f.About) == "" {
			t.Errorf("%s: empty about", f.Name)
		}
		b, src, err := Open(d.ID, f.Name)
		if err != nil {
			t.Errorf("%v", err) // includes a sha256 mismatch
			continue
		}
		if src.SHA256 != f.SHA256 || src.Path != "embedded:"+d.ID+"/"+f.Name {
			t.Errorf("%s: source %+v", f.Name, src)
		}
		n, err := countRecords(b, d.ID+"/"+f.Name)
		if err != nil {
			t.Errorf("%v", err)
		} else if n != f.Rows {
			t.Errorf("%s: %d data rows, registry says %d", f.Name, n, f.Rows)
		}
	}
	// Every embedded data file of the folder is in the registry.
	for _, pat := range []string{"*.csv", "*.csv.gz"} {
		names, _ := fs.Glob(bundle, path.Join(d.ID, pat))
		for _, n := range names {
			if !listed[path.Base(n)] {
				t.Errorf("embedded file %s is not listed in dataset.toml", n)
			}
		}
	}
}

func countRecords(b []byte, name string) (int, error) {
	rd, err := csvx.NewReader(bytes.NewReader(b), name)
	if err != nil {
		return 0, err
	}
	if _, err := rd.ReadHeader(); err != nil {
		return 0, err
	}
	n := 0
	for {
		_, err := rd.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

func checkColumns(t *testing.T, d *Dataset, snake *regexp.Regexp) {
	if len(d.Columns) == 0 {
		t.Fatal("no [[columns]]")
	}
	seen := map[string]bool{}
	for _, c := range d.Columns {
		if !snake.MatchString(c.Name) {
			t.Errorf("column %q is not snake_case", c.Name)
		}
		if seen[c.Name] {
			t.Errorf("column %q documented twice", c.Name)
		}
		seen[c.Name] = true
		switch c.Type {
		case "int", "float", "string", "bool":
		default:
			t.Errorf("column %s: type %q", c.Name, c.Type)
		}
		if strings.TrimSpace(c.Meaning) == "" {
			t.Errorf("column %s: empty meaning", c.Name)
		}
	}
	// Tidy keys come first.
	var keys []string
	switch {
	case strings.Contains(d.Unit, "dyad-year"):
		keys = []string{"ccode1", "ccode2", "year"}
	case d.Unit == "state-year" || d.Unit == "state-IGO-year":
		keys = []string{"ccode", "year"}
	}
	for i, k := range keys {
		if i >= len(d.Columns) || d.Columns[i].Name != k {
			t.Errorf("unit %s: column %d should be %s", d.Unit, i+1, k)
		}
	}
}

var (
	bibEntry = regexp.MustCompile(`(?m)^@([A-Za-z]+)\{([^,\s{}]+),`)
	bibTitle = regexp.MustCompile(`[,\s]title\s*=`)
)

func checkBibTeX(t *testing.T, name, bib string) {
	t.Helper()
	for _, p := range bibProblems(bib) {
		t.Errorf("%s: %s", name, p)
	}
}

// bibProblems checks BibTeX minimally: at least one @type{key, entry,
// nothing before the first, balanced braces within each entry and nothing
// after its closing brace, unique keys, and a title in each entry.
func bibProblems(bib string) []string {
	var out []string
	locs := bibEntry.FindAllStringSubmatchIndex(bib, -1)
	if len(locs) == 0 {
		return []string{"no @type{key, entry"}
	}
	if pre := strings.TrimSpace(bib[:locs[0][0]]); pre != "" {
		out = append(out, "text before the first entry")
	}
	keys := map[string]bool{}
	for i, l := range locs {
		end := len(bib)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		entry := bib[l[0]:end]
		key := bib[l[4]:l[5]]
		if keys[key] {
			out = append(out, "key "+key+" used twice")
		}
		keys[key] = true
		depth, closed := 0, -1
		for j, r := range entry {
			switch r {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 && closed < 0 {
					closed = j
				}
			}
			if depth < 0 {
				break
			}
		}
		if closed < 0 || depth != 0 {
			out = append(out, "entry "+key+": unbalanced braces")
			continue
		}
		if rest := strings.TrimSpace(entry[closed+1:]); rest != "" {
			out = append(out, "entry "+key+": text after its closing brace")
		}
		if !bibTitle.MatchString(entry[:closed]) {
			out = append(out, "entry "+key+": no title")
		}
	}
	return out
}

// TestBibTeXChecker makes sure the BibTeX check can fail.
func TestBibTeXChecker(t *testing.T) {
	for _, bad := range []string{
		"",
		"@article{k, title = {x}",
		"@article{k, title = {x}}}",
		"@article{k, author = {x}}",
		"@article{k, title = {x}}\n@book{k, title = {y}}",
		"junk\n@article{k, title = {x}}",
		"@article{, title = {x}}",
		"@article{k, title = {x}} trailing",
	} {
		if len(bibProblems(bad)) == 0 {
			t.Errorf("bibProblems accepted %q", bad)
		}
	}
	good := "@article{k1, title = {A {B} c}, year = {2000}}\n\n@misc{k2,\n  title = {x}\n}\n"
	if p := bibProblems(good); len(p) != 0 {
		t.Errorf("bibProblems rejected a good file: %v", p)
	}
}

// TestBibKeysAcrossDatasets checks the BibTeX of all datasets together, as
// 'repnet datasets cite --format bibtex' merges it: a key used by two
// datasets must name the same work (the entries may differ only in their
// note), and one work (DOI) must not appear under two keys, or a paper
// citing both datasets would list it twice.
func TestBibKeysAcrossDatasets(t *testing.T) {
	noteLine := regexp.MustCompile(`(?m)^\s*note\s*=.*\n`)
	space := regexp.MustCompile(`\s+`)
	lastComma := regexp.MustCompile(`,?\s*\}$`)
	doiField := regexp.MustCompile(`(?m)^\s*doi\s*=\s*\{([^}]*)\}`)
	byKey := map[string]string{}  // key -> entry without its note
	where := map[string]string{}  // key -> first dataset
	doiKey := map[string]string{} // doi -> key
	for _, d := range All() {
		for _, e := range d.BibEntries() {
			body := noteLine.ReplaceAllString(e.Text, "")
			body = lastComma.ReplaceAllString(space.ReplaceAllString(body, " "), "}")
			if prev, ok := byKey[e.Key]; ok && prev != body {
				t.Errorf("key %s: %s and %s give different entries", e.Key, where[e.Key], d.ID)
			} else if !ok {
				byKey[e.Key], where[e.Key] = body, d.ID
			}
			if m := doiField.FindStringSubmatch(e.Text); m != nil {
				doi := strings.ToLower(m[1])
				if k, ok := doiKey[doi]; ok && k != e.Key {
					t.Errorf("doi %s: keys %s and %s (in %s)", doi, k, e.Key, d.ID)
				}
				doiKey[doi] = e.Key
			}
		}
	}
	if len(byKey) < 20 {
		t.Errorf("only %d distinct keys: BibEntries parsed too little", len(byKey))
	}
}

// TestShortTerms checks the terms of use the list of datasets shows: every
// dataset has them, short enough for one line, and where the full terms or
// the licence line of PROVENANCE.txt say the terms are unverified, the
// short terms say so first.
func TestShortTerms(t *testing.T) {
	licenceLine := regexp.MustCompile(`(?mi)^LICEN[CS]E.*$`)
	for _, d := range All() {
		st := d.ShortTerms
		if st == "" || len(st) > 52 {
			t.Errorf("%s: short_terms %q: want 1 to 52 characters", d.ID, st)
		}
		prov, err := os.ReadFile(path.Join(d.ID, "PROVENANCE.txt"))
		if err != nil {
			t.Fatal(err)
		}
		unverified := strings.Contains(strings.ToLower(d.Terms), "unverified") ||
			strings.Contains(strings.ToLower(licenceLine.FindString(string(prov))), "verify")
		if unverified != strings.HasPrefix(st, "Unverified:") {
			t.Errorf("%s: short_terms %q, but the terms are %s", d.ID, st, map[bool]string{true: "unverified", false: "verified"}[unverified])
		}
	}
}
