// Command gencountries builds repnet's country crosswalk,
// datasets/countries/countries.csv and country_names.csv, from the bundled
// datasets and three hand-maintained tables in this folder:
//
//   - iso.csv: for every COW state code, its ISO 3166-1 alpha-2 and alpha-3
//     codes (written by hand, blank for historical states) and the canonical
//     English short name;
//   - entities.csv: entities without a COW code that a bundled dataset or
//     ISO lists (Gleditsch-Ward-only states, V-Dem units, territories);
//   - variants.csv: name variants and former codes written by hand.
//
// Everything else is read from the bundled files: COW codes, abbreviations
// and names (cow-states/states2016.csv), G-W codes (cow-states
// cow_gw_years.csv.gz and gw_states.csv), V-Dem ids (vdem
// vdem_simple.csv.gz, country_id with vdem_cowcode), and the country names
// used by V-Dem, ERT, LIED, PTS, Fariss, GWF and the UN votes data. See
// datasets/countries/PROVENANCE.txt for the rules.
//
// Run from the repository root:
//
//	go run ./datasets/countries/internal/gencountries
//
// It rewrites the two CSV files and variant_conflicts.txt, and the sha256
// and rows of both files in datasets/countries/dataset.toml. The output is
// deterministic; TestGeneratedFilesUpToDate checks the committed files.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/loaders"
)

func main() {
	dir := flag.String("dir", "datasets", "the repository's datasets folder")
	hand := flag.String("hand", "", "folder of the hand tables (default DIR/countries/internal/gencountries)")
	flag.Parse()
	if *hand == "" {
		*hand = filepath.Join(*dir, "countries", "internal", "gencountries")
	}
	out, err := generate(*dir, *hand)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range out.files {
		if err := os.WriteFile(filepath.Join(*dir, "countries", name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	tomlPath := filepath.Join(*dir, "countries", "dataset.toml")
	toml, err := os.ReadFile(tomlPath)
	if err != nil {
		log.Fatal(err)
	}
	toml, err = updateTOML(toml, out)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(tomlPath, toml, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("countries.csv: %d rows; country_names.csv: %d variants; %d conflicts (see variant_conflicts.txt)\n",
		out.rows["countries.csv"], out.rows["country_names.csv"], out.conflicts)
}

// output is what generate produces.
type output struct {
	files     map[string][]byte
	rows      map[string]int
	conflicts int
}

// entity is one row of countries.csv.
type entity struct {
	ccode, gwcode, vdem int
	iso2, iso3, abb     string
	name                string
	cowName             string
}

type gen struct {
	dir      string
	ents     []*entity
	byCCode  map[int]*entity
	byName   map[string]*entity  // canonical name
	byGW     map[int]*entity     // G-W-only entities
	byVDem   map[int]*entity     // V-Dem id -> entity (ccode entities by assignment, V-Dem-only by entities.csv)
	codeKeys map[string]*entity  // normalized ISO and COW codes
	keys     map[string]*variant // normalized name -> first reading
	raws     map[string]bool
	vars     []*variant // distinct raw variants in insertion order
	notes    []string   // conflict log
}

type variant struct {
	raw    string
	ent    *entity
	source string
}

func generate(dir, hand string) (*output, error) {
	g := &gen{
		dir:      dir,
		byCCode:  map[int]*entity{},
		byName:   map[string]*entity{},
		byGW:     map[int]*entity{},
		byVDem:   map[int]*entity{},
		codeKeys: map[string]*entity{},
		keys:     map[string]*variant{},
		raws:     map[string]bool{},
	}
	steps := []func(string) error{g.readCOW, g.readISO, g.readEntities, g.assignGW, g.assignVDem, g.indexCodes, g.handVariants}
	for _, f := range steps {
		if err := f(hand); err != nil {
			return nil, err
		}
	}
	harvest := []func() error{g.cowNames, g.gwNames, g.vdemNames, g.ertNames, g.liedNames, g.ptsNames, g.farissNames, g.gwfNames, g.unvotesNames}
	for _, f := range harvest {
		if err := f(); err != nil {
			return nil, err
		}
	}
	return g.write()
}

// ---- reading helpers

// eachRow calls f for every record of a bundled file, with a lookup from
// column name to field index.
func (g *gen) eachRow(rel string, f func(rd *csvx.Reader, col func(string) int, rec [][]byte) error) error {
	return eachRowPath(filepath.Join(g.dir, rel), rel, f)
}

func eachRowPath(path, name string, f func(rd *csvx.Reader, col func(string) int, rec [][]byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	rd, err := csvx.NewReader(fh, name)
	if err != nil {
		return err
	}
	h, err := rd.ReadHeader()
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for i, n := range h {
		idx[n] = i
	}
	var missing []string
	col := func(n string) int {
		i, ok := idx[n]
		if !ok {
			missing = append(missing, n)
			return 0
		}
		return i
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(rd, col, rec); err != nil {
			return err
		}
		if len(missing) > 0 {
			return fmt.Errorf("%s: no column %q", name, missing[0])
		}
	}
}

func intField(rd *csvx.Reader, rec [][]byte, i int) (int, bool, error) {
	v, ok, err := rd.Int(rec, i)
	return int(v), ok, err
}

// ---- entities

func (g *gen) readCOW(string) error {
	return g.eachRow("cow-states/states2016.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		cc, ok, err := intField(rd, rec, col("ccode"))
		if err != nil || !ok {
			return fmt.Errorf("states2016.csv:%d: bad ccode (%v)", rd.Line(), err)
		}
		e := g.byCCode[cc]
		if e == nil {
			e = &entity{ccode: cc, abb: string(rec[col("stateabb")]), cowName: string(rec[col("statenme")])}
			g.byCCode[cc] = e
			g.ents = append(g.ents, e)
		} else if e.abb != string(rec[col("stateabb")]) || e.cowName != string(rec[col("statenme")]) {
			return fmt.Errorf("states2016.csv:%d: ccode %d has two names or abbreviations", rd.Line(), cc)
		}
		return nil
	})
}

func (g *gen) readISO(hand string) error {
	seen := map[int]bool{}
	err := eachRowPath(filepath.Join(hand, "iso.csv"), "iso.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		cc, ok, err := intField(rd, rec, col("ccode"))
		if err != nil || !ok {
			return fmt.Errorf("iso.csv:%d: bad ccode", rd.Line())
		}
		e := g.byCCode[cc]
		if e == nil {
			return fmt.Errorf("iso.csv:%d: ccode %d is not a COW state", rd.Line(), cc)
		}
		if seen[cc] {
			return fmt.Errorf("iso.csv:%d: ccode %d listed twice", rd.Line(), cc)
		}
		seen[cc] = true
		e.iso2, e.iso3, e.name = string(rec[col("iso2")]), string(rec[col("iso3")]), string(rec[col("name")])
		if e.name == "" {
			return fmt.Errorf("iso.csv:%d: empty name", rd.Line())
		}
		return g.checkISO(e, rd.Line())
	})
	if err != nil {
		return err
	}
	for _, e := range g.ents {
		if !seen[e.ccode] {
			return fmt.Errorf("iso.csv: COW state %d (%s) is missing", e.ccode, e.cowName)
		}
	}
	return nil
}

var (
	iso2RE = regexp.MustCompile(`^[A-Z]{2}$`)
	iso3RE = regexp.MustCompile(`^[A-Z]{3}$`)
)

func (g *gen) checkISO(e *entity, line int) error {
	if (e.iso2 == "") != (e.iso3 == "") {
		return fmt.Errorf("line %d: %s has only one of iso2, iso3", line, e.name)
	}
	if e.iso2 != "" && (!iso2RE.MatchString(e.iso2) || !iso3RE.MatchString(e.iso3)) {
		return fmt.Errorf("line %d: %s: malformed ISO codes %q %q", line, e.name, e.iso2, e.iso3)
	}
	if g.byName[e.name] != nil {
		return fmt.Errorf("line %d: name %q used twice", line, e.name)
	}
	g.byName[e.name] = e
	return nil
}

func (g *gen) readEntities(hand string) error {
	return eachRowPath(filepath.Join(hand, "entities.csv"), "entities.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		e := &entity{name: string(rec[col("name")]), iso2: string(rec[col("iso2")]), iso3: string(rec[col("iso3")])}
		gw, hasGW, err := intField(rd, rec, col("gwcode"))
		if err != nil {
			return err
		}
		vd, hasVD, err := intField(rd, rec, col("vdem_id"))
		if err != nil {
			return err
		}
		if hasGW {
			e.gwcode = gw
			g.byGW[gw] = e
		}
		if hasVD {
			e.vdem = vd
			g.byVDem[vd] = e
		}
		g.ents = append(g.ents, e)
		return g.checkISO(e, rd.Line())
	})
}

// assignGW gives each COW state the G-W code paired with it in the latest
// year of cow_gw_years, and checks that every G-W state never paired with a
// COW code is an entity of entities.csv (and vice versa).
func (g *gen) assignGW(string) error {
	type pair struct{ year, gw int }
	latest := map[int]pair{}
	paired := map[int]bool{}
	err := g.eachRow("cow-states/cow_gw_years.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		cc, okc, err := intField(rd, rec, col("ccode"))
		if err != nil {
			return err
		}
		gw, okg, err := intField(rd, rec, col("gwcode"))
		if err != nil {
			return err
		}
		y, _, err := intField(rd, rec, col("year"))
		if err != nil {
			return err
		}
		if okc && okg {
			paired[gw] = true
			if p, ok := latest[cc]; !ok || y > p.year {
				latest[cc] = pair{y, gw}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for cc, p := range latest {
		e := g.byCCode[cc]
		if e == nil {
			return fmt.Errorf("cow_gw_years: ccode %d is not in states2016.csv", cc)
		}
		e.gwcode = p.gw
	}
	gwNames := map[int]string{}
	err = g.eachRow("cow-states/gw_states.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		gw, _, err := intField(rd, rec, col("gwcode"))
		gwNames[gw] = string(rec[col("statename")])
		return err
	})
	if err != nil {
		return err
	}
	for gw, name := range gwNames {
		if !paired[gw] && g.byGW[gw] == nil {
			return fmt.Errorf("G-W state %d (%s) has no COW code: add it to entities.csv", gw, name)
		}
	}
	for gw, e := range g.byGW {
		if paired[gw] {
			return fmt.Errorf("entities.csv: G-W code %d of %s is paired with a COW code", gw, e.name)
		}
		if _, ok := gwNames[gw]; !ok {
			return fmt.Errorf("entities.csv: G-W code %d of %s is not in gw_states.csv", gw, e.name)
		}
	}
	return nil
}

// assignVDem gives each COW state the V-Dem country_id that carries its
// code (vdem_cowcode) in the most years (ties: the smaller id), and checks
// that every V-Dem id is either so assigned or an entity of entities.csv.
func (g *gen) assignVDem(string) error {
	years := map[[2]int]int{} // (ccode, id) -> years
	ids := map[int]string{}
	err := g.eachRow("vdem/vdem_simple.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		id, _, err := intField(rd, rec, col("country_id"))
		if err != nil {
			return err
		}
		ids[id] = string(rec[col("vdem_country_name")])
		cc, ok, err := intField(rd, rec, col("vdem_cowcode"))
		if err != nil {
			return err
		}
		if ok {
			years[[2]int{cc, id}]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	best := map[int][2]int{} // ccode -> (id, years)
	for k, n := range years {
		cc, id := k[0], k[1]
		b, ok := best[cc]
		if !ok || n > b[1] || (n == b[1] && id < b[0]) {
			best[cc] = [2]int{id, n}
		}
	}
	assigned := map[int]bool{}
	for cc, b := range best {
		e := g.byCCode[cc]
		if e == nil {
			return fmt.Errorf("vdem: vdem_cowcode %d is not a COW state", cc)
		}
		e.vdem = b[0]
		assigned[b[0]] = true
	}
	for id, name := range ids {
		if !assigned[id] && g.byVDem[id] == nil {
			return fmt.Errorf("V-Dem unit %d (%s) has no COW code: add it to entities.csv", id, name)
		}
		if assigned[id] && g.byVDem[id] != nil {
			return fmt.Errorf("entities.csv: V-Dem id %d (%s) is a COW state's id", id, name)
		}
	}
	for id, e := range g.byVDem {
		if _, ok := ids[id]; !ok {
			return fmt.Errorf("entities.csv: V-Dem id %d of %s is not in vdem_simple", id, e.name)
		}
	}
	// byVDem now maps every id to the entity of its latest COW code (for names).
	return nil
}

// indexCodes records the normalized ISO codes and COW abbreviations, which
// must be unique within their kind.
func (g *gen) indexCodes(string) error {
	iso := map[string]*entity{}
	cow := map[string]*entity{}
	for _, e := range g.ents {
		for _, c := range []string{e.iso2, e.iso3} {
			if c == "" {
				continue
			}
			n := loaders.NormalizeCountryName(c)
			if o := iso[n]; o != nil {
				return fmt.Errorf("ISO code %s of %s is also %s's", c, e.name, o.name)
			}
			iso[n] = e
			g.codeKeys[n] = e
		}
		if e.abb != "" {
			n := loaders.NormalizeCountryName(e.abb)
			if o := cow[n]; o != nil {
				return fmt.Errorf("COW abbreviation %s of %s is also %s's", e.abb, e.name, o.name)
			}
			cow[n] = e
			if g.codeKeys[n] == nil {
				g.codeKeys[n] = e
			}
		}
	}
	// canonical names are the first keys
	for _, e := range g.ents {
		if err := g.add(e.name, e, "name", true); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) handVariants(hand string) error {
	return eachRowPath(filepath.Join(hand, "variants.csv"), "variants.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		v, t := string(rec[col("variant")]), string(rec[col("target")])
		var e *entity
		if cc, err := strconv.Atoi(t); err == nil {
			e = g.byCCode[cc]
		} else {
			e = g.byName[t]
		}
		if e == nil {
			return fmt.Errorf("variants.csv:%d: unknown target %q", rd.Line(), t)
		}
		if err := g.add(v, e, "hand", true); err != nil {
			return fmt.Errorf("variants.csv:%d: %v", rd.Line(), err)
		}
		return nil
	})
}

// add records a name for an entity. A name already recorded for another
// entity, or equal to another entity's ISO code or COW abbreviation, is a
// conflict: an error for hand-made names (strict), otherwise logged and
// skipped, so that the earlier (higher-priority) reading stands.
func (g *gen) add(raw string, e *entity, source string, strict bool) error {
	raw = strings.TrimSpace(raw)
	n := loaders.NormalizeCountryName(raw)
	if n == "" {
		return nil
	}
	if o := g.codeKeys[n]; o != nil && o != e {
		msg := fmt.Sprintf("%s name %q for %s is the code of %s: skipped", source, raw, label(e), label(o))
		if strict {
			return fmt.Errorf("%s", msg)
		}
		g.notes = append(g.notes, msg)
		return nil
	}
	if v := g.keys[n]; v != nil && v.ent != e {
		msg := fmt.Sprintf("%s name %q for %s: kept %s from %s (%q)", source, raw, label(e), label(v.ent), v.source, v.raw)
		if strict {
			return fmt.Errorf("%s", msg)
		}
		g.notes = append(g.notes, msg)
		return nil
	}
	if g.keys[n] == nil {
		g.keys[n] = &variant{raw: raw, ent: e, source: source}
	}
	// Every distinct spelling is listed once (the first source that used
	// it), so that the file documents what each source writes.
	if !g.raws[raw] && raw != e.name {
		g.raws[raw] = true
		g.vars = append(g.vars, &variant{raw: raw, ent: e, source: source})
	}
	return nil
}

func label(e *entity) string {
	if e.ccode != 0 {
		return fmt.Sprintf("%s (%d)", e.name, e.ccode)
	}
	return e.name
}

// ---- harvested names

func (g *gen) cowNames() error {
	for _, e := range g.ents {
		if e.cowName != "" {
			if err := g.add(e.cowName, e, "cow", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// latestNames collects, for each distinct name in a file, the code it
// carries in its latest year with a code.
type latestNames struct {
	order []string
	best  map[string][2]int // name -> (year, code); code 0 = none seen
}

func newLatest() *latestNames { return &latestNames{best: map[string][2]int{}} }

func (l *latestNames) see(name string, year, code int, hasCode bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	b, ok := l.best[name]
	if !ok {
		l.order = append(l.order, name)
		b = [2]int{-1 << 30, 0}
	}
	if hasCode && year >= b[0] {
		b = [2]int{year, code}
	}
	l.best[name] = b
}

// addLatest adds the names of l: those with a code through resolve(code),
// those without one only if they already name an entity (else they are
// listed as unmapped).
func (g *gen) addLatest(l *latestNames, source string, resolve func(code int) *entity) error {
	for _, name := range l.order {
		b := l.best[name]
		if b[1] == 0 {
			if g.keys[loaders.NormalizeCountryName(name)] == nil {
				g.notes = append(g.notes, fmt.Sprintf("%s name %q has no code and no entity: not a variant", source, name))
			}
			continue
		}
		e := resolve(b[1])
		if e == nil {
			g.notes = append(g.notes, fmt.Sprintf("%s name %q has code %d, which is not a COW state: not a variant", source, name, b[1]))
			continue
		}
		if err := g.add(name, e, source, false); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) cow(code int) *entity { return g.byCCode[code] }

func (g *gen) gwNames() error {
	// G-W names: for codes paired with COW, the COW state of the latest pair.
	gwToCOW := map[int]*entity{}
	type pair struct{ year, cc int }
	latest := map[int]pair{}
	l := newLatest()
	err := g.eachRow("cow-states/cow_gw_years.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		cc, okc, err := intField(rd, rec, col("ccode"))
		if err != nil {
			return err
		}
		gw, okg, err := intField(rd, rec, col("gwcode"))
		if err != nil {
			return err
		}
		y, _, err := intField(rd, rec, col("year"))
		if err != nil {
			return err
		}
		if okc && okg {
			if p, ok := latest[gw]; !ok || y > p.year {
				latest[gw] = pair{y, cc}
			}
		}
		if okc {
			l.see(string(rec[col("cow_statename")]), y, cc, true)
			l.see(string(rec[col("gw_statename")]), y, cc, true)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for gw, p := range latest {
		gwToCOW[gw] = g.byCCode[p.cc]
	}
	err = g.eachRow("cow-states/gw_states.csv", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		gw, _, err := intField(rd, rec, col("gwcode"))
		if err != nil {
			return err
		}
		e := gwToCOW[gw]
		if e == nil {
			e = g.byGW[gw]
		}
		return g.add(string(rec[col("statename")]), e, "gw", false)
	})
	if err != nil {
		return err
	}
	return g.addLatest(l, "cow_gw_years", g.cow)
}

func (g *gen) vdemNames() error {
	l := newLatest()
	byID := map[int]*latestNames{}
	idName := map[int]string{}
	err := g.eachRow("vdem/vdem_simple.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		id, _, err := intField(rd, rec, col("country_id"))
		if err != nil {
			return err
		}
		y, _, err := intField(rd, rec, col("year"))
		if err != nil {
			return err
		}
		cc, ok, err := intField(rd, rec, col("vdem_cowcode"))
		if err != nil {
			return err
		}
		name := string(rec[col("vdem_country_name")])
		l.see(name, y, cc, ok)
		if byID[id] == nil {
			byID[id] = newLatest()
		}
		byID[id].see(name, y, cc, ok)
		idName[id] = name
		return nil
	})
	if err != nil {
		return err
	}
	// V-Dem units without any COW code are entities by id.
	for id, e := range g.byVDem {
		if err := g.add(idName[id], e, "vdem", false); err != nil {
			return err
		}
	}
	// Every id maps to the entity of its latest COW code, for ERT names.
	for id, bl := range byID {
		if g.byVDem[id] != nil {
			continue
		}
		b := bl.best[idName[id]]
		g.byVDem[id] = g.byCCode[b[1]]
	}
	return g.addLatest(l, "vdem", g.cow)
}

func (g *gen) ertNames() error {
	seen := map[string]bool{}
	var order []string
	name := map[string]int{}
	err := g.eachRow("vdem-row/ert_v15.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		id, _, err := intField(rd, rec, col("country_id"))
		if err != nil {
			return err
		}
		n := string(rec[col("country_name")])
		if !seen[n] {
			seen[n] = true
			order = append(order, n)
			name[n] = id
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range order {
		e := g.byVDem[name[n]]
		if e == nil {
			return fmt.Errorf("ert: country_id %d (%s) is not in vdem_simple", name[n], n)
		}
		if err := g.add(n, e, "ert", false); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) liedNames() error {
	l := newLatest()
	ext := newLatest()
	err := g.eachRow("lied/LIED.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		y, _, err := intField(rd, rec, col("year"))
		if err != nil {
			return err
		}
		cc, ok, err := intField(rd, rec, col("lied_cow"))
		if err != nil {
			return err
		}
		// LIED's own codes for non-COW units are not COW codes.
		l.see(string(rec[col("lied_country")]), y, cc, ok && g.byCCode[cc] != nil)
		cown, ok, err := intField(rd, rec, col("cown"))
		if err != nil {
			return err
		}
		ext.see(string(rec[col("extended_country_name")]), y, cown, ok)
		return nil
	})
	if err != nil {
		return err
	}
	if err := g.addLatest(l, "lied", g.cow); err != nil {
		return err
	}
	return g.addLatest(ext, "lied_ext", g.cow)
}

func (g *gen) ptsNames() error {
	l := newLatest()
	err := g.eachRow("pts/PTS-2022.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		y, _, err := intField(rd, rec, col("Year"))
		if err != nil {
			return err
		}
		cc, ok, err := intField(rd, rec, col("COW_Code_N"))
		if err != nil {
			return err
		}
		l.see(string(rec[col("Country")]), y, cc, ok)
		l.see(string(rec[col("Country_OLD")]), y, cc, ok)
		return nil
	})
	if err != nil {
		return err
	}
	return g.addLatest(l, "pts", g.cow)
}

func (g *gen) farissNames() error {
	l := newLatest()
	err := g.eachRow("fariss/LHRS-v4.02-2021.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		y, _, err := intField(rd, rec, col("YEAR"))
		if err != nil {
			return err
		}
		cc, ok, err := intField(rd, rec, col("COW"))
		if err != nil {
			return err
		}
		l.see(string(rec[col("country_name")]), y, cc, ok)
		return nil
	})
	if err != nil {
		return err
	}
	return g.addLatest(l, "fariss", g.cow)
}

func (g *gen) gwfNames() error {
	l := newLatest()
	err := g.eachRow("gwf/gwf_all.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		y, _, err := intField(rd, rec, col("year"))
		if err != nil {
			return err
		}
		cc, ok, err := intField(rd, rec, col("cown"))
		if err != nil {
			return err
		}
		l.see(string(rec[col("gwf_country")]), y, cc, ok)
		l.see(string(rec[col("extended_country_name")]), y, cc, ok)
		return nil
	})
	if err != nil {
		return err
	}
	return g.addLatest(l, "gwf", g.cow)
}

// unvotesNames adds the UN votes data's names through their ISO2 codes, and
// checks each code against the hand ISO table (historical codes YU, CS, DD,
// YD are variants or ISO codes of the historical state).
func (g *gen) unvotesNames() error {
	type nc struct{ name, code string }
	seen := map[nc]bool{}
	var order []nc
	err := g.eachRow("unvotes/un_votes.csv.gz", func(rd *csvx.Reader, col func(string) int, rec [][]byte) error {
		k := nc{string(rec[col("country")]), string(rec[col("country_code")])}
		if !seen[k] {
			seen[k] = true
			order = append(order, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range order {
		if k.code == "" {
			if g.keys[loaders.NormalizeCountryName(k.name)] == nil {
				return fmt.Errorf("unvotes: %q has no country code and is not a known name: add a variant", k.name)
			}
			continue
		}
		n := loaders.NormalizeCountryName(k.code)
		var e *entity
		if v := g.keys[n]; v != nil {
			e = v.ent // a former code listed as a variant (YU)
		} else {
			e = g.codeKeys[n]
		}
		if e == nil {
			return fmt.Errorf("unvotes: code %q (%s) is neither an ISO code in iso.csv nor a variant", k.code, k.name)
		}
		if err := g.add(k.name, e, "unvotes", false); err != nil {
			return err
		}
	}
	return nil
}

// ---- output

func (g *gen) write() (*output, error) {
	ents := append([]*entity(nil), g.ents...)
	sort.SliceStable(ents, func(i, j int) bool {
		a, b := ents[i], ents[j]
		if (a.ccode == 0) != (b.ccode == 0) {
			return a.ccode != 0
		}
		if a.ccode != b.ccode {
			return a.ccode < b.ccode
		}
		return a.name < b.name
	})
	itoa := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	var cb bytes.Buffer
	cb.WriteString("ccode,gwcode,iso2,iso3,vdem_id,stateabb,name\n")
	for _, e := range ents {
		writeCSV(&cb, itoa(e.ccode), itoa(e.gwcode), e.iso2, e.iso3, itoa(e.vdem), e.abb, e.name)
	}
	// Variants: every distinct spelling except the canonical names, sorted
	// by entity order then spelling, so that the file reads by country.
	rank := map[*entity]int{}
	for i, e := range ents {
		rank[e] = i
	}
	var vars []*variant
	for _, v := range g.vars {
		if v.source != "name" {
			vars = append(vars, v)
		}
	}
	sort.SliceStable(vars, func(i, j int) bool {
		a, b := vars[i], vars[j]
		if rank[a.ent] != rank[b.ent] {
			return rank[a.ent] < rank[b.ent]
		}
		return a.raw < b.raw
	})
	var vb bytes.Buffer
	vb.WriteString("variant,ccode,name,source\n")
	for _, v := range vars {
		writeCSV(&vb, v.raw, itoa(v.ent.ccode), v.ent.name, v.source)
	}
	var nb bytes.Buffer
	nb.WriteString("# Generated by datasets/countries/internal/gencountries: names the generator\n")
	nb.WriteString("# did not take as variants, and why. Earlier sources win: canonical names,\n")
	nb.WriteString("# hand variants, COW, G-W, V-Dem, ERT, LIED, PTS, Fariss, GWF, UN votes.\n")
	for _, s := range g.notes {
		nb.WriteString(s)
		nb.WriteByte('\n')
	}
	return &output{
		files: map[string][]byte{
			"countries.csv":         cb.Bytes(),
			"country_names.csv":     vb.Bytes(),
			"variant_conflicts.txt": nb.Bytes(),
		},
		rows:      map[string]int{"countries.csv": len(ents), "country_names.csv": len(vars)},
		conflicts: len(g.notes),
	}, nil
}

func writeCSV(b *bytes.Buffer, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(f, ",\"\n\r") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		} else {
			b.WriteString(f)
		}
	}
	b.WriteByte('\n')
}

// updateTOML rewrites the sha256 and rows lines of the [[files]] entries
// for the generated CSV files.
func updateTOML(toml []byte, out *output) ([]byte, error) {
	s := string(toml)
	for _, name := range []string{"countries.csv", "country_names.csv"} {
		h := sha256.Sum256(out.files[name])
		re := regexp.MustCompile(`(?s)(name = "` + regexp.QuoteMeta(name) + `"\nsha256 = ")[0-9a-f]*("\nrows = )\d+`)
		if !re.MatchString(s) {
			return nil, fmt.Errorf("dataset.toml: no [[files]] entry for %s in the expected form", name)
		}
		s = re.ReplaceAllString(s, "${1}"+hex.EncodeToString(h[:])+"${2}"+strconv.Itoa(out.rows[name]))
	}
	return []byte(s), nil
}
