package loaders

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// IncidentMapping says how a file of transnational repression incidents
// maps onto repnet's incident schema (see ReadIncidents): which of the
// file's columns holds each schema field, how the file's tactic and host
// cooperation labels translate into the schema's vocabulary, and which
// years the source covers.
//
// A mapping is a small TOML file:
//
//	name = "my-source"            # label recorded in the table's metadata
//	title = "..."                 # optional, for people
//	citation = "..."              # optional
//	universe = "..."              # optional: what the source does and does not record
//	first_year = 2014             # coverage: both or neither
//	last_year = 2024
//	drop = ["Notes"]              # optional: columns not to keep
//
//	[columns]                     # schema field = the file's column name
//	incident_id = "ID"            # optional
//	year = "Year"                 # year or date (or both) is required
//	date = "Date"                 # optional: YYYY-MM-DD, YYYY-MM or YYYY
//	origin = "Origin country"     # required
//	host = "Host country"         # required
//	tactic = "Tactic"             # required
//	host_cooperation = "Host role"  # optional
//	target_type = "Target"        # optional
//	source = "Source"             # optional
//
//	[tactics]                     # the file's label = schema tactic
//	"Unlawful deportation" = "deportation_extradition"
//
//	[host_cooperation]            # the file's label = yes, no or unknown
//	"Host authorities involved" = "yes"
//
//	[host_cooperation_by_tactic]  # when the file does not say: schema tactic = yes, no or unknown
//	detention = "yes"
//
// Rules:
//   - Unknown keys are errors (a misspelt key must not be ignored).
//   - A column may serve one field only, and drop may not name a mapped
//     column. Column names are matched against the header exactly, or else
//     ignoring case and surrounding spaces (when that finds exactly one).
//   - Labels in the value maps are compared after normalization: lower case,
//     surrounding white space removed and inner runs of white space read as
//     one space. Two labels that normalize alike must map to the same value.
//     A label that is already a schema value (such as "detention" or "yes")
//     is accepted as itself without an entry; a map entry overrides that.
//     An empty cell is looked up as the label "" (so `"" = "other"` accepts
//     empty tactics); without such an entry it is an error.
//   - Every value must be in the schema's vocabulary (IncidentTactics,
//     HostCooperationValues); every key of host_cooperation_by_tactic must be
//     a schema tactic.
//   - Coverage is first_year and last_year, both or neither, with
//     first_year <= last_year. A mapping without coverage can load
//     incidents but cannot make dyad-years.
//
// The built-in mappings (IncidentMappings) are such files embedded in
// repnet; IncidentMappingText returns their text, to copy and adjust.
type IncidentMapping struct {
	Name     string
	Title    string
	Citation string
	Universe string
	// Coverage is the source's first and last year; zero when not declared.
	Coverage YearRange
	Columns  IncidentColumns
	// Drop lists the file's columns not to keep.
	Drop []string
	// Tactics maps normalized labels to schema tactics.
	Tactics map[string]string
	// Cooperation maps normalized labels of the host_cooperation column to
	// yes, no or unknown.
	Cooperation map[string]string
	// CooperationByTactic gives host_cooperation for an incident whose
	// file does not say (no host_cooperation column, or an empty cell).
	CooperationByTactic map[string]string
	// Source identifies the mapping file: its name, where it came from
	// ("builtin:..." or the path given) and the sha256 of its bytes.
	Source table.Source
}

// IncidentColumns names the file's column for each schema field; "" means
// the file has no such column.
type IncidentColumns struct {
	IncidentID      string `toml:"incident_id"`
	Year            string `toml:"year"`
	Date            string `toml:"date"`
	Origin          string `toml:"origin"`
	Host            string `toml:"host"`
	Tactic          string `toml:"tactic"`
	HostCooperation string `toml:"host_cooperation"`
	TargetType      string `toml:"target_type"`
	Source          string `toml:"source"`
}

// fields lists the schema fields and their mapped columns, in schema order.
func (c IncidentColumns) fields() [][2]string {
	return [][2]string{
		{"incident_id", c.IncidentID}, {"year", c.Year}, {"date", c.Date},
		{"origin", c.Origin}, {"host", c.Host}, {"tactic", c.Tactic},
		{"host_cooperation", c.HostCooperation}, {"target_type", c.TargetType}, {"source", c.Source},
	}
}

type incidentMappingFile struct {
	Name                string            `toml:"name"`
	Title               string            `toml:"title"`
	Citation            string            `toml:"citation"`
	Universe            string            `toml:"universe"`
	FirstYear           int               `toml:"first_year"`
	LastYear            int               `toml:"last_year"`
	Drop                []string          `toml:"drop"`
	Columns             IncidentColumns   `toml:"columns"`
	Tactics             map[string]string `toml:"tactics"`
	Cooperation         map[string]string `toml:"host_cooperation"`
	CooperationByTactic map[string]string `toml:"host_cooperation_by_tactic"`
}

// tomlTypeErr matches the text of BurntSushi/toml's type errors.
var tomlTypeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

//go:embed incidentmaps/*.toml
var incidentMapFS embed.FS

// IncidentMappings returns the names of the built-in mappings, sorted:
// aaad (the Authoritarian Actions Abroad Database, 1991-2019),
// freedom-house (Freedom House's physical incidents, 2014-2024) and schema
// (a file already in the incident schema). The column names of aaad and
// freedom-house are repnet's unverified guesses: each file's comments say
// so and how to adjust a copy.
func IncidentMappings() []string {
	entries, _ := incidentMapFS.ReadDir("incidentmaps")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(names)
	return names
}

// IncidentMappingText returns the TOML text of a built-in mapping.
func IncidentMappingText(name string) ([]byte, error) {
	b, err := incidentMapFS.ReadFile("incidentmaps/" + name + ".toml")
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("loaders: no built-in incident mapping %q (built-in: %s)", name, strings.Join(IncidentMappings(), ", "))
	}
	return b, nil
}

// BuiltinIncidentMapping parses a built-in mapping (see IncidentMappings).
func BuiltinIncidentMapping(name string) (*IncidentMapping, error) {
	b, err := IncidentMappingText(name)
	if err != nil {
		return nil, err
	}
	m, err := ParseIncidentMapping(b, name+".toml")
	if err != nil {
		return nil, err
	}
	m.Source.Path = "builtin:incidentmaps/" + name + ".toml"
	return m, nil
}

// ParseIncidentMapping parses a mapping file by the rules on
// IncidentMapping. name labels the file in errors and in the mapping's
// Source. Errors are *csvx.Error values naming the file and, where it can be
// found, the line.
func ParseIncidentMapping(b []byte, name string) (*IncidentMapping, error) {
	text := string(b)
	fail := func(line int, format string, args ...any) error {
		return &csvx.Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var f incidentMappingFile
	md, err := toml.Decode(text, &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fail(pe.Position.Line, "%s", pe.Message)
		}
		// Type errors are not ParseErrors but carry the line in their text.
		if sm := tomlTypeErr.FindStringSubmatch(err.Error()); sm != nil {
			line, _ := strconv.Atoi(sm[1])
			return nil, fail(line, "%s: %s", sm[2], sm[3])
		}
		return nil, fail(0, "%s", strings.TrimPrefix(err.Error(), "toml: "))
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		section := ""
		if len(k) > 1 {
			section = strings.Join(k[:len(k)-1], ".")
		}
		return nil, fail(tomlKeyLine(text, section, k[len(k)-1]), "unknown key %q (known: name, title, citation, universe, first_year, last_year, drop, [columns], [tactics], [host_cooperation], [host_cooperation_by_tactic])", k.String())
	}
	m := &IncidentMapping{
		Name: f.Name, Title: f.Title, Citation: f.Citation, Universe: f.Universe,
		Columns: f.Columns, Drop: f.Drop,
		Tactics: map[string]string{}, Cooperation: map[string]string{}, CooperationByTactic: map[string]string{},
	}
	if strings.TrimSpace(m.Name) == "" {
		m.Name = strings.TrimSuffix(path.Base(name), ".toml")
	}

	switch {
	case f.FirstYear == 0 && f.LastYear == 0:
	case f.FirstYear == 0 || f.LastYear == 0:
		return nil, fail(tomlKeyLine(text, "", map[bool]string{true: "last_year", false: "first_year"}[f.FirstYear == 0]), "coverage needs both first_year and last_year")
	case f.FirstYear < minYear || f.LastYear > maxYear || f.FirstYear > f.LastYear:
		return nil, fail(tomlKeyLine(text, "", "first_year"), "coverage %d-%d: expected years %d to %d with first_year <= last_year", f.FirstYear, f.LastYear, minYear, maxYear)
	default:
		m.Coverage = YearRange{First: f.FirstYear, Last: f.LastYear}
	}

	used := map[string]string{}
	for _, fc := range f.Columns.fields() {
		field, col := fc[0], fc[1]
		if col == "" {
			continue
		}
		if strings.TrimSpace(col) == "" {
			return nil, fail(tomlKeyLine(text, "columns", field), "columns.%s is blank", field)
		}
		if o, dup := used[col]; dup {
			return nil, fail(tomlKeyLine(text, "columns", field), "column %q is mapped to both %s and %s", col, o, field)
		}
		used[col] = field
	}
	for _, req := range []struct{ field, col string }{{"origin", f.Columns.Origin}, {"host", f.Columns.Host}, {"tactic", f.Columns.Tactic}} {
		if req.col == "" {
			return nil, fail(tomlKeyLine(text, "", "columns"), "[columns] must name the file's %s column", req.field)
		}
	}
	if f.Columns.Year == "" && f.Columns.Date == "" {
		return nil, fail(tomlKeyLine(text, "", "columns"), "[columns] must name a year or a date column")
	}
	for _, d := range f.Drop {
		if o, dup := used[d]; dup {
			return nil, fail(tomlKeyLine(text, "", "drop"), "drop names column %q, which is mapped to %s", d, o)
		}
	}
	if len(f.Cooperation) > 0 && f.Columns.HostCooperation == "" {
		return nil, fail(tomlKeyLine(text, "", "host_cooperation"), "a [host_cooperation] value map needs columns.host_cooperation")
	}

	addMap := func(section string, src map[string]string, dst map[string]string, allowed []string) error {
		keys := make([]string, 0, len(src))
		for k := range src {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := src[k]
			if !inVocab(v, allowed) {
				return fail(tomlKeyLine(text, section, k), "[%s] %q = %q: expected one of %s", section, k, v, strings.Join(allowed, ", "))
			}
			nk := normLabel(k)
			if o, dup := dst[nk]; dup && o != v {
				return fail(tomlKeyLine(text, section, k), "[%s] %q maps to %q, but a label that reads the same (%q after normalization) maps to %q", section, k, v, nk, o)
			}
			dst[nk] = v
		}
		return nil
	}
	if err := addMap("tactics", f.Tactics, m.Tactics, IncidentTactics); err != nil {
		return nil, err
	}
	if err := addMap("host_cooperation", f.Cooperation, m.Cooperation, HostCooperationValues); err != nil {
		return nil, err
	}
	for k, v := range f.CooperationByTactic {
		if !inVocab(k, IncidentTactics) {
			return nil, fail(tomlKeyLine(text, "host_cooperation_by_tactic", k), "[host_cooperation_by_tactic] key %q: expected a schema tactic (%s)", k, strings.Join(IncidentTactics, ", "))
		}
		if !inVocab(v, HostCooperationValues) {
			return nil, fail(tomlKeyLine(text, "host_cooperation_by_tactic", k), "[host_cooperation_by_tactic] %s = %q: expected one of %s", k, v, strings.Join(HostCooperationValues, ", "))
		}
		m.CooperationByTactic[k] = v
	}
	sum := sha256.Sum256(b)
	m.Source = table.Source{File: path.Base(name), Path: name, SHA256: hex.EncodeToString(sum[:])}
	return m, nil
}

// cooperationRule describes, for the table's metadata, how host_cooperation
// was coded.
func (m *IncidentMapping) cooperationRule() string {
	var parts []string
	if m.Columns.HostCooperation != "" {
		parts = append(parts, fmt.Sprintf("from column %q (labels translated by the mapping)", m.Columns.HostCooperation))
	}
	if len(m.CooperationByTactic) > 0 {
		var kv []string
		for _, t := range IncidentTactics {
			if v, ok := m.CooperationByTactic[t]; ok {
				kv = append(kv, t+"="+v)
			}
		}
		what := "by tactic"
		if m.Columns.HostCooperation != "" {
			what = "where that cell is empty, by tactic"
		}
		parts = append(parts, what+": "+strings.Join(kv, ", "))
	}
	parts = append(parts, "otherwise unknown")
	return strings.Join(parts, "; ")
}

// normLabel is the form in which value-map labels are compared: lower
// case, surrounding space removed, inner runs of white space as one space.
func normLabel(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func inVocab(v string, vocab []string) bool {
	for _, w := range vocab {
		if v == w {
			return true
		}
	}
	return false
}

// tomlKeyLine returns the 1-based line on which key is defined in section
// ("" for the top level) of a TOML text, or 0 when it cannot tell. It reads
// only simple "key = value" lines and [section] headers, which is all a
// mapping file uses; it is for error messages only.
func tomlKeyLine(text, section, key string) int {
	cur := ""
	for i, line := range strings.Split(text, "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			h := strings.Trim(s, "[] \t")
			if j := strings.IndexByte(h, '#'); j >= 0 {
				h = strings.TrimSpace(strings.TrimRight(h[:j], "] \t"))
			}
			if strings.TrimSpace(h) == key && section == "" {
				return i + 1 // a table named key
			}
			cur = strings.TrimSpace(h)
			continue
		}
		if cur != section || s == "" || s[0] == '#' {
			continue
		}
		var k string
		switch s[0] {
		case '"', '\'':
			end := -1
			for j := 1; j < len(s); j++ {
				if s[0] == '"' && s[j] == '\\' {
					j++
					continue
				}
				if s[j] == s[0] {
					end = j
					break
				}
			}
			if end < 0 {
				continue
			}
			k = s[1:end]
			if s[0] == '"' {
				k = strings.ReplaceAll(k, `\"`, `"`)
			}
		default:
			j := strings.IndexAny(s, "= \t")
			if j < 0 {
				continue
			}
			k = s[:j]
		}
		if k == key {
			return i + 1
		}
	}
	return 0
}
