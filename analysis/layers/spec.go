package layers

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/repnet/repnet/loaders"
)

// Spec describes a layer and its options. It is filled from a TOML
// notebook (the toml tags are the keys), from command-line flags (repnet
// names each flag after its tag, with dashes for underscores: --min-weight)
// or from a compact string (ParseSpec). Zero values mean "the default";
// Normalize fills the defaults in and rejects options that do not apply to
// the layer.
type Spec struct {
	// Layer is igo, atop, trade, contiguity, unvotes, file:PATH, or
	// tnr:FILE (tnr:ifes-2024-cases for the bundled cases).
	Layer string `toml:"layer"`

	// Members (igo) is the membership status that counts: full (the
	// default), full+associate, or any (full, associate or observer).
	// COW's missing code (-9) never counts as membership.
	Members string `toml:"members"`
	// IGOs (igo) keeps only the organizations named, by COW's lower-case
	// abbreviation (sco, gcc, csto, cis, ...; any case is accepted).
	IGOs []string `toml:"igos"`
	// Kinds (igo) keeps only the organizations COW flags with at least one
	// of these issue areas: political, economic, social.
	Kinds []string `toml:"kinds"`
	// Select (igo) keeps, in each year, only the organizations whose full
	// members are mostly autocracies ("autocratic") or mostly democracies
	// ("democratic") that year, by Threshold (see Composition). When
	// several of IGOs, Kinds and Select are given, an organization must
	// pass all of them.
	Select string `toml:"select"`
	// Threshold (igo, with Select) is the share of autocracies (or of
	// democracies, for "democratic") among an organization's full members
	// with a known regime at or above which it is selected; in (0, 1],
	// default 0.5.
	Threshold float64 `toml:"threshold"`
	// Weight (igo) is count (the default: number of organizations shared),
	// jaccard or newman; see the igo layer.
	Weight string `toml:"weight"`

	// Obligation (atop) is defense, offense, neutrality, nonaggression,
	// consultation, or any (the default).
	Obligation string `toml:"obligation"`

	// Flow (trade) is flow (COW's reported flows, the default) or
	// smoothflow (COW's smoothed flows).
	Flow string `toml:"flow"`
	// MinWeight (trade) is the smallest flow, in millions of current US
	// dollars, that makes an edge; smaller observed flows are zero.
	MinWeight float64 `toml:"min_weight"`

	// MaxType (contiguity) is the largest COW contiguity type that makes
	// an edge: 1 (land or river border, the default) to 5 (up to 400 miles
	// of water).
	MaxType int `toml:"max_type"`

	// Abstain (unvotes) says how an abstention counts against a yes or no:
	// same (the default: only identical votes agree) or half (half an
	// agreement, Lijphart's index).
	Abstain string `toml:"abstain"`
	// Issues (unvotes) keeps only roll calls coded with at least one of
	// these issues: me, nu, di, hr, co, ec.
	Issues []string `toml:"issues"`
	// Important (unvotes) keeps only the roll calls the US State Department
	// rated important.
	Important bool `toml:"important"`

	// Directed (atop, trade, file) keeps the direction of ties as coded.
	Directed bool `toml:"directed"`

	// Nodes (file) is file (the default: the codes that appear in the
	// file) or cow (the COW state system; codes are COW codes or country
	// names resolved through the countries crosswalk). Nodes (tnr) is cow
	// (the default: the states in the COW system) or file (only the states
	// in the year's incidents).
	Nodes string `toml:"nodes"`
	// FromColumn, ToColumn, YearColumn and WeightColumn (file) name the
	// columns of the edge list: by default ccode1, ccode2, year and
	// weight. Without a weight column every listed pair has weight 1.
	FromColumn   string `toml:"from_column"`
	ToColumn     string `toml:"to_column"`
	YearColumn   string `toml:"year_column"`
	WeightColumn string `toml:"weight_column"`

	// Mapping (tnr) says how an incident file's columns map onto repnet's
	// incident schema: a built-in mapping (freedom-house, aaad, schema) or
	// a TOML mapping file (see loaders.IncidentMapping). Required for a
	// file; the bundled ifes-2024-cases has its own.
	Mapping string `toml:"mapping"`
	// AllowUnresolved (tnr) drops incidents whose origin or host does not
	// resolve to a COW state (listed in the panel's notes) instead of
	// failing.
	AllowUnresolved bool `toml:"allow_unresolved"`
	// Rule (tnr) is the weight of a tie from origin to host: count (the
	// default: the number of incidents) or any (1 for at least one).
	Rule string `toml:"rule"`
	// Tactics (tnr) keeps only incidents with these schema tactics
	// (loaders.IncidentTactics).
	Tactics []string `toml:"tactics"`
	// Cooperation (tnr) keeps only incidents whose host_cooperation is
	// one of these: yes, no, unknown (yes: the host state's authorities
	// carried out or assisted the act).
	Cooperation []string `toml:"cooperation"`
	// Pool (tnr) makes one graph of all the incidents of the years asked
	// (the coverage by default) instead of one graph per year.
	Pool bool `toml:"pool"`
	// Undated (tnr, with pool) also places the incidents without a year
	// in the pooled graph. Their year is unknown, so they may lie outside
	// the period: use it to draw a list of cases, not to count.
	Undated bool `toml:"undated"`

	// Backbone keeps only the statistically significant edges: disparity
	// (any weighted layer) or sdsm (igo only); "" keeps every edge.
	Backbone string `toml:"backbone"`
	// Alpha is the backbone's significance level, in (0, 1), default
	// 0.05.
	Alpha float64 `toml:"alpha"`
	// Correction is the backbone's multiple-testing correction: none (the
	// default), bonferroni, holm or BH.
	Correction string `toml:"correction"`
}

// Layer kinds.
const (
	IGO        = "igo"
	ATOP       = "atop"
	Trade      = "trade"
	Contiguity = "contiguity"
	UNVotes    = "unvotes"
	File       = "file"
	TNR        = "tnr"
)

// Kinds returns the layer kinds, file and tnr last (they are written
// file:PATH and tnr:FILE).
func Kinds() []string { return []string{IGO, ATOP, Trade, Contiguity, UNVotes, File, TNR} }

// options lists, by toml key, the options each kind accepts besides
// layer.
var options = map[string][]string{
	IGO:        {"members", "igos", "kinds", "select", "threshold", "weight", "backbone", "alpha", "correction"},
	ATOP:       {"obligation", "directed"},
	Trade:      {"flow", "min_weight", "directed", "backbone", "alpha", "correction"},
	Contiguity: {"max_type"},
	UNVotes:    {"abstain", "issues", "important", "backbone", "alpha", "correction"},
	File:       {"nodes", "directed", "from_column", "to_column", "year_column", "weight_column", "backbone", "alpha", "correction"},
	TNR:        {"nodes", "mapping", "allow_unresolved", "rule", "tactics", "cooperation", "pool", "undated"},
}

// Options returns the toml keys of the options that apply to a layer kind
// (igo, atop, ..., file), or nil for an unknown kind.
func Options(kind string) []string { return slices.Clone(options[kind]) }

// Kind returns the layer kind of s: its Layer, "file" for file:PATH, or
// "tnr" for tnr:FILE.
func (s Spec) Kind() string {
	switch {
	case strings.HasPrefix(s.Layer, "file:"):
		return File
	case strings.HasPrefix(s.Layer, "tnr:"):
		return TNR
	}
	return s.Layer
}

// Path returns the file of a file:PATH or tnr:FILE layer, or "".
func (s Spec) Path() string {
	for _, prefix := range []string{"file:", "tnr:"} {
		if p, ok := strings.CutPrefix(s.Layer, prefix); ok {
			return p
		}
	}
	return ""
}

var (
	membersValues    = []string{"full", "full+associate", "any"}
	selectValues     = []string{"autocratic", "democratic"}
	igoWeightValues  = []string{"count", "jaccard", "newman"}
	kindValues       = []string{"political", "economic", "social"}
	obligationValues = []string{"defense", "offense", "neutrality", "nonaggression", "consultation", "any"}
	flowValues       = []string{"flow", "smoothflow"}
	abstainValues    = []string{"same", "half"}
	issueValues      = []string{"me", "nu", "di", "hr", "co", "ec"}
	nodesValues      = []string{"file", "cow"}
	backboneValues   = []string{"disparity", "sdsm"}
	ruleValues       = []string{"count", "any"}
	correctionValues = []string{"none", "bonferroni", "holm", "BH"}
)

// DefaultThreshold is the share of autocracies at which an organization
// counts as autocratic unless a threshold is given.
const DefaultThreshold = 0.5

// DefaultAlpha is the backbone significance level unless one is given.
const DefaultAlpha = 0.05

// Normalize returns s with every default filled in, or an error that names
// the first problem: an unknown layer, an option that does not apply to
// the layer, or a value out of range. Option values are matched ignoring
// case; IGO names and issue codes are lower-cased.
func (s Spec) Normalize() (Spec, error) {
	kind := s.Kind()
	allowed, ok := options[kind]
	if !ok {
		if s.Layer == "" {
			return s, specErrorf("layers: no layer given (want one of igo, atop, trade, contiguity, unvotes, file:PATH, tnr:FILE)")
		}
		return s, specErrorf("layers: unknown layer %q (want one of igo, atop, trade, contiguity, unvotes, file:PATH, tnr:FILE)", s.Layer)
	}
	if kind == File && s.Path() == "" {
		return s, specErrorf("layers: layer file: needs a path, as in file:edges.csv")
	}
	if kind == TNR && s.Path() == "" {
		return s, specErrorf("layers: layer tnr: needs an incident file, as in tnr:incidents.csv, or the bundled cases, tnr:%s", TNRBundled)
	}
	for _, key := range s.setKeys() {
		if !slices.Contains(allowed, key) {
			return s, specErrorf("layers: option %s does not apply to the %s layer (its options: %s)", key, kind, strings.Join(allowed, ", "))
		}
	}
	var err error
	pick := func(key string, v *string, values []string, def string) {
		if err != nil || !slices.Contains(allowed, key) {
			return
		}
		if *v == "" {
			*v = def
			return
		}
		for _, x := range values {
			if strings.EqualFold(*v, x) {
				*v = x
				return
			}
		}
		err = specErrorf("layers: %s layer: %s %q is not one of %s", kind, key, *v, strings.Join(values, ", "))
	}
	pickList := func(key string, v []string, values []string) []string {
		if err != nil || v == nil {
			return v
		}
		out := make([]string, 0, len(v))
		for _, x := range v {
			x = strings.ToLower(strings.TrimSpace(x))
			if values != nil && !slices.Contains(values, x) {
				err = specErrorf("layers: %s layer: %s %q is not one of %s", kind, key, x, strings.Join(values, ", "))
				return v
			}
			if x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			err = specErrorf("layers: %s layer: %s is an empty list", kind, key)
		}
		slices.Sort(out)
		return out
	}
	pick("members", &s.Members, membersValues, "full")
	pick("weight", &s.Weight, igoWeightValues, "count")
	pick("select", &s.Select, selectValues, "")
	s.IGOs = pickList("igos", s.IGOs, nil)
	s.Kinds = pickList("kinds", s.Kinds, kindValues)
	pick("obligation", &s.Obligation, obligationValues, "any")
	pick("flow", &s.Flow, flowValues, "flow")
	pick("abstain", &s.Abstain, abstainValues, "same")
	s.Issues = pickList("issues", s.Issues, issueValues)
	if kind == TNR {
		pick("nodes", &s.Nodes, nodesValues, "cow")
	} else {
		pick("nodes", &s.Nodes, nodesValues, "file")
	}
	pick("rule", &s.Rule, ruleValues, "count")
	s.Tactics = pickList("tactics", s.Tactics, loaders.IncidentTactics)
	s.Cooperation = pickList("cooperation", s.Cooperation, loaders.HostCooperationValues)
	pick("backbone", &s.Backbone, backboneValues, "")
	if err != nil {
		return s, err
	}
	if kind == File {
		for _, c := range []struct {
			v   *string
			def string
		}{{&s.FromColumn, "ccode1"}, {&s.ToColumn, "ccode2"}, {&s.YearColumn, "year"}} {
			if *c.v == "" {
				*c.v = c.def
			}
		}
	}
	if kind == IGO {
		switch {
		case s.Select == "" && s.Threshold != 0:
			return s, specErrorf("layers: igo layer: threshold applies only with select = autocratic or democratic")
		case s.Select != "" && s.Threshold == 0:
			s.Threshold = DefaultThreshold
		case s.Select != "" && !(s.Threshold > 0 && s.Threshold <= 1):
			return s, specErrorf("layers: igo layer: threshold %v is not in (0, 1]", s.Threshold)
		}
	}
	if kind == TNR {
		switch {
		case s.Undated && !s.Pool:
			return s, specErrorf("layers: tnr layer: undated applies only with pool = true (an incident without a year belongs to no year's graph)")
		case s.Path() == TNRBundled && s.Mapping != "":
			return s, specErrorf("layers: tnr layer: the bundled %s has its own mapping: drop mapping", TNRBundled)
		case s.Path() == TNRBundled && s.AllowUnresolved:
			return s, specErrorf("layers: tnr layer: every country of the bundled %s resolves: drop allow_unresolved", TNRBundled)
		case s.Path() != TNRBundled && s.Mapping == "":
			return s, specErrorf("layers: tnr layer: mapping is required with an incident file: a built-in mapping (%s) or a TOML file", strings.Join(loaders.IncidentMappings(), ", "))
		}
	}
	if kind == Contiguity {
		if s.MaxType == 0 {
			s.MaxType = 1
		}
		if s.MaxType < 1 || s.MaxType > 5 {
			return s, specErrorf("layers: contiguity layer: max_type %d is not a COW contiguity type 1 to 5", s.MaxType)
		}
	}
	if kind == Trade && (s.MinWeight < 0 || math.IsNaN(s.MinWeight) || math.IsInf(s.MinWeight, 0)) {
		return s, specErrorf("layers: trade layer: min_weight %v is not a non-negative number", s.MinWeight)
	}
	if s.Backbone == "" {
		if s.Alpha != 0 || s.Correction != "" {
			return s, specErrorf("layers: %s layer: alpha and correction apply only with a backbone (disparity or sdsm)", kind)
		}
	} else {
		if s.Backbone == "sdsm" && kind != IGO {
			return s, specErrorf("layers: %s layer: the sdsm backbone needs a bipartite projection: only the igo layer has one (use disparity)", kind)
		}
		if s.Alpha == 0 {
			s.Alpha = DefaultAlpha
		}
		if !(s.Alpha > 0 && s.Alpha < 1) {
			return s, specErrorf("layers: %s layer: alpha %v is not in (0, 1)", kind, s.Alpha)
		}
		pick("correction", &s.Correction, correctionValues, "none")
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// setKeys returns the toml keys of the options of s that are not at their
// zero value, in field order (layer excluded).
func (s Spec) setKeys() []string {
	var keys []string
	v := reflect.ValueOf(s)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		key := t.Field(i).Tag.Get("toml")
		if key == "layer" || v.Field(i).IsZero() {
			continue
		}
		keys = append(keys, key)
	}
	return keys
}

// String returns s in the compact form ParseSpec reads: the layer, then
// key=value for every option that is set, in field order, lists joined by
// "/". The String of a normalized Spec names every option in force, so it
// is what outputs record as their layer.
func (s Spec) String() string {
	parts := []string{s.Layer}
	v := reflect.ValueOf(s)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		key := t.Field(i).Tag.Get("toml")
		f := v.Field(i)
		if key == "layer" || f.IsZero() {
			continue
		}
		var val string
		switch f.Kind() {
		case reflect.String:
			val = f.String()
		case reflect.Float64:
			val = strconv.FormatFloat(f.Float(), 'g', -1, 64)
		case reflect.Int:
			val = strconv.FormatInt(f.Int(), 10)
		case reflect.Bool:
			val = strconv.FormatBool(f.Bool())
		case reflect.Slice:
			val = strings.Join(f.Interface().([]string), "/")
		}
		parts = append(parts, key+"="+val)
	}
	return strings.Join(parts, ",")
}

// ParseSpec reads a layer spec in compact form: the layer, then
// comma-separated key=value options with the toml keys of Spec, lists
// separated by "/", for example
//
//	igo,members=full+associate,weight=newman
//	igo,igos=sco/gcc/csto
//	igo,select=autocratic,threshold=0.67,backbone=sdsm,alpha=0.01
//	atop,obligation=defense,directed=true
//	file:edges.csv,nodes=cow
//	tnr:fh.csv,mapping=freedom-house,cooperation=yes,rule=any
//	tnr:ifes-2024-cases,pool=true,undated=true,nodes=file
//
// It checks the keys and their types; Normalize checks the values. A
// file path in this form cannot contain a comma.
func ParseSpec(text string) (Spec, error) {
	var s Spec
	items := strings.Split(text, ",")
	s.Layer = strings.TrimSpace(items[0])
	if s.Layer == "" {
		return s, specErrorf("layers: spec %q: no layer before the options", text)
	}
	fields := map[string]reflect.Value{}
	v := reflect.ValueOf(&s).Elem()
	for i := 0; i < v.NumField(); i++ {
		fields[v.Type().Field(i).Tag.Get("toml")] = v.Field(i)
	}
	for _, item := range items[1:] {
		key, val, ok := strings.Cut(item, "=")
		key = strings.TrimSpace(strings.ReplaceAll(key, "-", "_"))
		val = strings.TrimSpace(val)
		f, known := fields[key]
		if !ok || !known || key == "layer" {
			return s, specErrorf("layers: spec %q: %q is not key=value with a layer option as key", text, item)
		}
		if err := SetOption(f, val); err != nil {
			return s, specErrorf("layers: spec %q: %s: %v", text, key, err)
		}
	}
	return s, nil
}

// SetOption sets the Spec field f (found by its toml key) from text: a
// string as is, a number or boolean parsed, a list split at "/" or ",".
// Commands use it to fill a Spec from flags.
func SetOption(f reflect.Value, text string) error {
	switch f.Kind() {
	case reflect.String:
		f.SetString(text)
	case reflect.Float64:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("expected a number, found %q", text)
		}
		f.SetFloat(x)
	case reflect.Int:
		n, err := strconv.Atoi(text)
		if err != nil {
			return fmt.Errorf("expected an integer, found %q", text)
		}
		f.SetInt(int64(n))
	case reflect.Bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("expected true or false, found %q", text)
		}
		f.SetBool(b)
	case reflect.Slice:
		var out []string
		for _, p := range strings.FieldsFunc(text, func(r rune) bool { return r == '/' || r == ',' }) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return fmt.Errorf("expected a list of names, found %q", text)
		}
		f.Set(reflect.ValueOf(out))
	default:
		panic(fmt.Sprintf("layers: SetOption: unsupported field type %s", f.Type()))
	}
	return nil
}

// Field returns the settable field of s with the given toml key, for
// SetOption, and false if there is none.
func (s *Spec) Field(key string) (reflect.Value, bool) {
	v := reflect.ValueOf(s).Elem()
	for i := 0; i < v.NumField(); i++ {
		if v.Type().Field(i).Tag.Get("toml") == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// Keys returns every toml key of Spec, layer first, in field order.
func Keys() []string {
	t := reflect.TypeOf(Spec{})
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("toml")
	}
	return keys
}

// SpecError is an error in a layer spec or in the years asked of a layer,
// as opposed to an error in the data: an unknown layer or option, a value
// out of range, an unknown organization, years outside the layer's
// coverage. Commands report it as a usage error.
type SpecError struct{ Msg string }

func (e *SpecError) Error() string { return e.Msg }

func specErrorf(format string, args ...any) error {
	return &SpecError{Msg: fmt.Sprintf(format, args...)}
}
