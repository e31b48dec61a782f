package loaders

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/csvx"
)

// Country is one row of repnet's country crosswalk (datasets/countries):
// a state of the COW state system, or another entity that appears in a
// bundled dataset or in ISO 3166 (a Gleditsch-Ward state COW does not
// list, a V-Dem unit, a territory). Codes an entity does not have are 0 or
// "": no COW code, GW code or V-Dem id is 0.
type Country struct {
	CCode    int    // Correlates of War state code; 0 if the entity is not a COW state
	GWCode   int    // Gleditsch-Ward code (the latest one paired with CCode); 0 if none
	ISO2     string // ISO 3166-1 alpha-2 ("" for most historical states)
	ISO3     string // ISO 3166-1 alpha-3
	VDemID   int    // V-Dem country_id; 0 if none
	StateAbb string // COW abbreviation ("" for non-COW entities)
	Name     string // canonical English short name, unique
}

// Countries is the country crosswalk with a resolver from the many ways
// data files name a country to COW codes. Load it with LoadCountries.
//
// Keys are compared after NormalizeCountryName. A key is looked up in this
// order, and the first kind that knows it wins:
//
//  1. digits: a COW code (leading zeros allowed) that the crosswalk lists;
//  2. a name: the canonical name, the COW and G-W names, and every name
//     variant in country_names.csv (including a few former ISO codes such as
//     YU, SU, DDR that the variants list names explicitly);
//  3. an ISO 3166-1 alpha-2 or alpha-3 code;
//  4. a COW abbreviation.
//
// Rule 3 before 4 settles the codes that are an ISO code of one state and
// the COW abbreviation of another: AUS is Australia (COW's AUS is Austria,
// 305), SWZ Eswatini (COW: Switzerland), KOR South Korea (COW: Korea, 730),
// CZE Czechia (COW: Czechoslovakia), MNG Mongolia (COW: Montenegro), SLV El
// Salvador (COW: Slovenia) and MAC Macao, which has no COW code, so MAC is
// unresolved rather than silently read as COW's Macedonia. ISO codes come
// first because today's data files (World Bank, UN, NGO reports) carry them
// far more often than COW letters; use ResolveCOWAbb to read COW letters.
// The crosswalk generator guarantees that no name collides with a code of
// another entity, so rules 2 and 3 never disagree.
type Countries struct {
	list    []Country
	byCCode map[int]int
	names   map[string]int // normalized name or variant -> index
	iso     map[string]int // normalized ISO2/ISO3 -> index
	cowAbb  map[string]int // normalized COW abbreviation -> index
	spells  map[int][][2]int
}

var (
	countriesOnce sync.Once
	countriesVal  *Countries
	countriesErr  error
)

// LoadCountries returns the bundled crosswalk (datasets/countries
// countries.csv and country_names.csv, plus COW system membership from
// cow-states/states2016.csv for ResolveYear). It is loaded once and shared;
// a *Countries is read-only and safe for concurrent use.
func LoadCountries() (*Countries, error) {
	countriesOnce.Do(func() {
		countriesVal, countriesErr = loadBundledCountries()
	})
	return countriesVal, countriesErr
}

func loadBundledCountries() (*Countries, error) {
	open := func(id, file string) (io.Reader, string, error) {
		r, src, err := datasets.OpenReader(id, file)
		return r, inputName(id, file, src), err
	}
	cr, cn, err := open("countries", "countries.csv")
	if err != nil {
		return nil, err
	}
	vr, vn, err := open("countries", "country_names.csv")
	if err != nil {
		return nil, err
	}
	sr, sn, err := open("cow-states", "states2016.csv")
	if err != nil {
		return nil, err
	}
	return ReadCountries(cr, cn, vr, vn, sr, sn)
}

// ReadCountries reads a crosswalk in the format of the bundled files:
// countries (ccode,gwcode,iso2,iso3,vdem_id,stateabb,name), name variants
// (variant,ccode,name,source; name is the join key) and, optionally (nil
// reader), COW system membership spells in the states2016.csv format. The
// name arguments label the files in errors.
func ReadCountries(countries io.Reader, countriesName string, variants io.Reader, variantsName string, states io.Reader, statesName string) (*Countries, error) {
	c := &Countries{
		byCCode: map[int]int{},
		names:   map[string]int{},
		iso:     map[string]int{},
		cowAbb:  map[string]int{},
		spells:  map[int][][2]int{},
	}
	rd, err := csvx.NewReader(countries, countriesName)
	if err != nil {
		return nil, err
	}
	if err := ctryExpectHeader(rd, "ccode", "gwcode", "iso2", "iso3", "vdem_id", "stateabb", "name"); err != nil {
		return nil, err
	}
	byName := map[string]int{}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		var k Country
		for i, p := range []*int{&k.CCode, &k.GWCode, nil, nil, &k.VDemID} {
			if p == nil {
				continue
			}
			v, ok, err := rd.Int(rec, i)
			if err != nil {
				return nil, err
			}
			if ok {
				if v <= 0 || v > 1e6 {
					return nil, rd.Errorf(i, "expected a positive code, found %d", v)
				}
				*p = int(v)
			}
		}
		k.ISO2, k.ISO3, k.StateAbb, k.Name = string(rec[2]), string(rec[3]), string(rec[5]), string(rec[6])
		if k.Name == "" {
			return nil, rd.Errorf(6, "empty name")
		}
		idx := len(c.list)
		if k.CCode != 0 {
			if j, dup := c.byCCode[k.CCode]; dup {
				return nil, rd.Errorf(0, "COW code %d listed twice (also %q)", k.CCode, c.list[j].Name)
			}
			c.byCCode[k.CCode] = idx
		}
		if _, dup := byName[k.Name]; dup {
			return nil, rd.Errorf(6, "name %q listed twice", k.Name)
		}
		byName[k.Name] = idx
		c.list = append(c.list, k)
		if err := c.addKey(c.names, k.Name, idx); err != nil {
			return nil, rd.Errorf(6, "%v", err)
		}
		for f, code := range []string{2: k.ISO2, 3: k.ISO3} {
			if f >= 2 && code != "" {
				if err := c.addKey(c.iso, code, idx); err != nil {
					return nil, rd.Errorf(f, "%v", err)
				}
			}
		}
		if k.StateAbb != "" {
			if err := c.addKey(c.cowAbb, k.StateAbb, idx); err != nil {
				return nil, rd.Errorf(5, "%v", err)
			}
		}
	}

	rd, err = csvx.NewReader(variants, variantsName)
	if err != nil {
		return nil, err
	}
	if err := ctryExpectHeader(rd, "variant", "ccode", "name", "source"); err != nil {
		return nil, err
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		idx, ok := byName[string(rec[2])]
		if !ok {
			return nil, rd.Errorf(2, "name %q is not in %s", rec[2], countriesName)
		}
		cc, hasCC, err := rd.Int(rec, 1)
		if err != nil {
			return nil, err
		}
		if want := c.list[idx].CCode; (hasCC && int(cc) != want) || (!hasCC && want != 0) {
			return nil, rd.Errorf(1, "COW code %s does not match %s's %d in %s", rec[1], rec[2], want, countriesName)
		}
		if err := c.addKey(c.names, string(rec[0]), idx); err != nil {
			return nil, rd.Errorf(0, "%v", err)
		}
	}

	if states != nil {
		if err := c.readSpells(states, statesName); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addKey adds a normalized key; the same key for two entities is an error.
func (c *Countries) addKey(m map[string]int, key string, idx int) error {
	n := NormalizeCountryName(key)
	if n == "" {
		return fmt.Errorf("%q is empty after normalization", key)
	}
	if j, ok := m[n]; ok && j != idx {
		return fmt.Errorf("%q names both %q and %q", key, c.list[j].Name, c.list[idx].Name)
	}
	m[n] = idx
	return nil
}

func (c *Countries) readSpells(r io.Reader, name string) error {
	rd, err := csvx.NewReader(r, name)
	if err != nil {
		return err
	}
	h, err := rd.ReadHeader()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, n := range h {
		col[n] = i
	}
	for _, n := range []string{"ccode", "styear", "endyear"} {
		if _, ok := col[n]; !ok {
			return &csvx.Error{File: name, Line: 1, Msg: fmt.Sprintf("missing column %q", n)}
		}
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		var v [3]int
		for i, n := range []string{"ccode", "styear", "endyear"} {
			x, ok, err := rd.Int(rec, col[n])
			if err != nil {
				return err
			}
			if !ok {
				return rd.Errorf(col[n], "missing %s", n)
			}
			v[i] = int(x)
		}
		c.spells[v[0]] = append(c.spells[v[0]], [2]int{v[1], v[2]})
	}
	return nil
}

func ctryExpectHeader(rd *csvx.Reader, names ...string) error {
	h, err := rd.ReadHeader()
	if err != nil {
		return err
	}
	if strings.Join(h, ",") != strings.Join(names, ",") {
		return &csvx.Error{File: rd.Name(), Line: 1, Msg: fmt.Sprintf("expected header %q, found %q", strings.Join(names, ","), strings.Join(h, ","))}
	}
	return nil
}

// lookup finds the entity a key names, by the rules on Countries.
func (c *Countries) lookup(s string) (int, bool) {
	n := NormalizeCountryName(s)
	if n == "" {
		return 0, false
	}
	if ctryAllDigits(n) {
		v, err := strconv.Atoi(n)
		if err != nil {
			return 0, false
		}
		i, ok := c.byCCode[v]
		return i, ok
	}
	if i, ok := c.names[n]; ok {
		return i, true
	}
	if i, ok := c.iso[n]; ok {
		return i, true
	}
	i, ok := c.cowAbb[n]
	return i, ok
}

func ctryAllDigits(s string) bool {
	if len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Lookup returns the crosswalk entry a name or code refers to (by the rules
// on Countries), including entities without a COW code.
func (c *Countries) Lookup(s string) (Country, bool) {
	i, ok := c.lookup(s)
	if !ok {
		return Country{}, false
	}
	return c.list[i], true
}

// Resolve returns the COW code of a country given as a COW code in digits,
// an ISO 3166-1 alpha-2 or alpha-3 code, a COW abbreviation or a name
// variant, case-, accent- and punctuation-insensitively (see
// NormalizeCountryName and the precedence rules on Countries). ok is false
// when the key is unknown or names an entity that has no COW code (such as
// Hong Kong, Palestine or Somaliland).
//
// Resolve does not look at time: "Germany" is 255 and "Yemen" 679 in every
// year. Use ResolveYear for data that cover divided Germany or Yemen.
func (c *Countries) Resolve(s string) (ccode int, ok bool) {
	i, ok := c.lookup(s)
	if !ok || c.list[i].CCode == 0 {
		return 0, false
	}
	return c.list[i].CCode, true
}

// ctryYearRules are the names whose plain reading (Resolve) is a state that
// was not in the COW system in some years while a predecessor or successor
// that data files call by the same name was. ResolveYear applies a rule only
// when the resolved state is not a system member in the year and the year
// is in the rule's range.
var ctryYearRules = []struct {
	from, to    int
	first, last int
}{
	{255, 260, 1945, 1990}, // Germany 1945-1990 is West Germany (COW 260, 1955-1990)
	{679, 678, 0, 1990},    // Yemen before May 1990 is North Yemen (COW 678)
	{316, 315, 0, 1992},    // Czechia before 1993 is Czechoslovakia (COW 315)
	{305, 300, 0, 1918},    // Austria before 1919 is Austria-Hungary (COW 300)
	{732, 730, 0, 1905},    // South Korea before 1906 is Korea (COW 730), as V-Dem codes it
	{730, 732, 1948, 9999}, // Korea after 1948 is South Korea (COW 732)
}

// ResolveYear is Resolve for a country named in a given year. When the
// state Resolve finds was not in the COW state system that year, a short,
// fixed list of rules maps it to the state data files usually mean by that
// name: Germany 1945-1990 -> West Germany 260; Yemen before 1991 -> North
// Yemen 678; Czechia before 1993 -> Czechoslovakia 315; Austria before
// 1919 -> Austria-Hungary 300; South Korea before 1906 -> Korea 730; Korea
// after 1947 -> South Korea 732. In a year when both states were members
// (Germany and Yemen in 1990) the name keeps its plain reading. Otherwise
// ResolveYear returns what Resolve returns, in or out of the system (a
// country-year outside COW membership is the caller's to judge).
func (c *Countries) ResolveYear(s string, year int) (ccode int, ok bool) {
	cc, ok := c.Resolve(s)
	if !ok || c.InSystem(cc, year) {
		return cc, ok
	}
	for _, r := range ctryYearRules {
		if r.from == cc && year >= r.first && year <= r.last {
			return r.to, true
		}
	}
	return cc, true
}

// InSystem reports whether COW state ccode was a member of the state system
// at any time in year (COW State System Membership v2016, 1816-2016; years
// after 2016 count as members when the state's last spell runs to 2016).
func (c *Countries) InSystem(ccode, year int) bool {
	for _, sp := range c.spells[ccode] {
		last := sp[1]
		if last >= 2016 {
			last = 1 << 30
		}
		if year >= sp[0] && year <= last {
			return true
		}
	}
	return false
}

// ResolveCOWAbb resolves a COW abbreviation only (AUS is Austria here).
func (c *Countries) ResolveCOWAbb(s string) (ccode int, ok bool) {
	i, ok := c.cowAbb[NormalizeCountryName(s)]
	if !ok {
		return 0, false
	}
	return c.list[i].CCode, true
}

// ResolveISO resolves an ISO 3166-1 alpha-2 or alpha-3 code only.
func (c *Countries) ResolveISO(s string) (ccode int, ok bool) {
	i, ok := c.iso[NormalizeCountryName(s)]
	if !ok || c.list[i].CCode == 0 {
		return 0, false
	}
	return c.list[i].CCode, true
}

// ResolveAll resolves every name. codes[i] is the COW code of names[i], or
// 0 when it does not resolve; unresolved lists each name that did not
// resolve, once, in order of first appearance. Nothing is dropped silently:
// a caller that goes on with the resolved names must report unresolved.
func (c *Countries) ResolveAll(names []string) (codes []int, unresolved []string) {
	codes = make([]int, len(names))
	seen := map[string]bool{}
	for i, n := range names {
		cc, ok := c.Resolve(n)
		if ok {
			codes[i] = cc
			continue
		}
		if !seen[n] {
			seen[n] = true
			unresolved = append(unresolved, n)
		}
	}
	return codes, unresolved
}

// ByCCode returns the crosswalk entry of a COW code.
func (c *Countries) ByCCode(ccode int) (Country, bool) {
	i, ok := c.byCCode[ccode]
	if !ok {
		return Country{}, false
	}
	return c.list[i], true
}

// Name returns the canonical name of a COW code, or "".
func (c *Countries) Name(ccode int) string { k, _ := c.ByCCode(ccode); return k.Name }

// ISO3 returns the ISO 3166-1 alpha-3 code of a COW code, or "".
func (c *Countries) ISO3(ccode int) string { k, _ := c.ByCCode(ccode); return k.ISO3 }

// StateAbb returns the COW abbreviation of a COW code, or "".
func (c *Countries) StateAbb(ccode int) string { k, _ := c.ByCCode(ccode); return k.StateAbb }

// All returns every entry: COW states by ascending code, then the entities
// without a COW code by name.
func (c *Countries) All() []Country {
	out := append([]Country(nil), c.list...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.CCode == 0) != (b.CCode == 0) {
			return a.CCode != 0
		}
		if a.CCode != b.CCode {
			return a.CCode < b.CCode
		}
		return a.Name < b.Name
	})
	return out
}

// NormalizeCountryName returns the form in which country names and codes
// are compared: lower case; Latin diacritics removed (é -> e, ü -> u, ß ->
// ss, æ -> ae, ø -> o, ı -> i, ...); apostrophes removed ("Côte d’Ivoire"
// -> "cote divoire"); "&" read as "and"; every other run of punctuation or
// white space collapsed to one space; the word "st" read as "saint"; a
// leading or trailing "the" dropped ("Gambia, The" -> "gambia").
func NormalizeCountryName(s string) string {
	var b strings.Builder
	space := true // suppress leading space
	emit := func(r string) {
		b.WriteString(r)
		space = false
	}
	sep := func() {
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ':
			// dropped
		case r == '&':
			sep()
			emit("and")
			sep()
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
			space = false
		case r < 0x80 && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			space = false
		case r >= 0x80:
			if f, ok := ctryFold[r]; ok {
				emit(f)
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				emit(string(unicode.ToLower(r)))
			} else {
				sep()
			}
		default:
			sep()
		}
	}
	out := strings.TrimSuffix(b.String(), " ")
	if !strings.Contains(out, " ") {
		if out == "st" {
			return "saint"
		}
		return out
	}
	words := strings.Split(out, " ")
	for i, w := range words {
		if w == "st" {
			words[i] = "saint"
		}
	}
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	if len(words) > 1 && words[len(words)-1] == "the" {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// ctryFold maps Latin letters with diacritics (Latin-1 Supplement and
// Latin Extended-A, which cover the country names in use) to lower-case
// ASCII.
var ctryFold = func() map[rune]string {
	m := map[rune]string{}
	add := func(ascii string, letters string) {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	add("a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄą")
	add("ae", "Ææ")
	add("c", "ÇçĆćĈĉĊċČč")
	add("d", "ĎďĐđÐð")
	add("e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚě")
	add("g", "ĜĝĞğĠġĢģ")
	add("h", "ĤĥĦħ")
	add("i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı")
	add("ij", "Ĳĳ")
	add("j", "Ĵĵ")
	add("k", "Ķķĸ")
	add("l", "ĹĺĻļĽľĿŀŁł")
	add("n", "ÑñŃńŅņŇňŉŊŋ")
	add("o", "ÒÓÔÕÖØòóôõöøŌōŎŏŐő")
	add("oe", "Œœ")
	add("r", "ŔŕŖŗŘř")
	add("s", "ŚśŜŝŞşŠšſȘș")
	add("ss", "ß")
	add("t", "ŢţŤťŦŧȚț")
	add("th", "Þþ")
	add("u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų")
	add("w", "Ŵŵ")
	add("y", "ÝýÿŶŷŸ")
	add("z", "ŹźŻżŽž")
	return m
}()
