package notebooks

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/internal/table"
)

// layerKeysDoc documents the keys the network step kinds share.
const layerKeysDoc = `  layer = { layer = "igo", select = "autocratic", threshold = 0.5 }   the network
    layer, as a table of the layer options ('repnet help edges' lists them:
    members, igos, kinds, select, threshold, weight, obligation, flow,
    min_weight, max_type, abstain, issues, important, directed, backbone,
    alpha, correction), or the same as a string: "igo,select=autocratic"
    (file layers are not supported in notebooks: load the file as an input);
  years = "1990-2014"   the years (a year, "A-B" or [A, B]; default every year
    the layer covers).`

// layerParam is the layer key of a network step: a TOML table of the
// options of layers.Spec ({ layer = "igo", select = "autocratic" }) or
// the compact string layers.ParseSpec reads ("igo,select=autocratic").
// UnmarshalTOML keeps the value; resolve checks it, so that an error can
// name the line of the offending option.
type layerParam struct {
	raw any
	set bool
}

// UnmarshalTOML implements toml.Unmarshaler.
func (l *layerParam) UnmarshalTOML(v any) error {
	l.raw, l.set = v, true
	return nil
}

// resolve returns the normalized layer spec, or an error at the line of
// the key (or of the option inside it) that is wrong.
func (l *layerParam) resolve(p *Params, key string) (layers.Spec, error) {
	var s layers.Spec
	if !l.set {
		return s, p.Errorf("", "missing %s: the network, such as %s = { layer = \"igo\", select = \"autocratic\" } or %s = \"igo,select=autocratic\"", key, key, key)
	}
	switch v := l.raw.(type) {
	case string:
		var err error
		if s, err = layers.ParseSpec(v); err != nil {
			return s, p.Errorf(key, "%s", strings.TrimPrefix(err.Error(), "layers: "))
		}
	case map[string]any:
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			at := key + "." + k
			f, ok := s.Field(k)
			if !ok {
				hint := ""
				if c := closest(k, layers.Keys()); c != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", c)
				}
				return s, p.Errorf(at, "unknown layer option %q%s; the options are %s", k, hint, strings.Join(layers.Keys(), ", "))
			}
			if err := setLayerField(f, v[k]); err != nil {
				return s, p.Errorf(at, "layer option %s: %v", k, err)
			}
		}
		if s.Layer == "" {
			return s, p.Errorf(key, "no layer: write %s = { layer = \"igo\", ... } (igo, atop, trade, contiguity or unvotes)", key)
		}
	default:
		return s, p.Errorf(key, "%s must be a table such as { layer = \"igo\", weight = \"newman\" } or a string such as \"igo,weight=newman\"", key)
	}
	if s.Kind() == layers.File {
		return s, p.Errorf(key, "a file layer (%s) is not supported in a notebook step, whose inputs must be checked by sha256: load the edge list as an input ([inputs.NAME] with file and sha256) and work with its table", s.Layer)
	}
	n, err := s.Normalize()
	if err != nil {
		return s, p.Errorf(key, "%s", strings.TrimPrefix(err.Error(), "layers: "))
	}
	return n, nil
}

// setLayerField sets a field of layers.Spec from a TOML value.
func setLayerField(f reflect.Value, v any) error {
	switch f.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("expected a string, found %v", v)
		}
		f.SetString(s)
	case reflect.Float64:
		switch x := v.(type) {
		case float64:
			f.SetFloat(x)
		case int64:
			f.SetFloat(float64(x))
		default:
			return fmt.Errorf("expected a number, found %v", v)
		}
	case reflect.Int:
		x, ok := v.(int64)
		if !ok {
			return fmt.Errorf("expected an integer, found %v", v)
		}
		f.SetInt(x)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("expected true or false, found %v", v)
		}
		f.SetBool(b)
	case reflect.Slice:
		var l stringList
		if err := l.UnmarshalTOML(v); err != nil {
			return err
		}
		if len(l) == 0 {
			return fmt.Errorf("expected at least one name")
		}
		f.Set(reflect.ValueOf([]string(l)))
	default:
		panic("notebooks: unsupported layer option type " + f.Type().String())
	}
	return nil
}

// layerKeys are the keys the network step kinds share: the layer and its
// years.
type layerKeys struct {
	Layer layerParam  `toml:"layer"`
	Years yearsParam  `toml:"years"`
	net   layers.Spec // the normalized layer spec
}

// resolveLayer checks the layer key (decoded with the step's other keys)
// and keeps the normalized spec.
func (k *layerKeys) resolveLayer(p *Params) error {
	var err error
	k.net, err = k.Layer.resolve(p, "layer")
	return err
}

// ReadsData: the network steps read the bundled datasets themselves.
func (k *layerKeys) ReadsData() {}

// layerData returns the run's layers.Data, which reads each dataset once
// for every step of the run.
func layerData(ctx *Context) *layers.Data {
	return ctx.Shared("layers.Data", func() any { return layers.NewData() }).(*layers.Data)
}

// panel builds the step's layer for its years, once per run for all the
// steps that ask for the same layer and years.
func (k *layerKeys) panel(ctx *Context) (*layers.Panel, *layers.Data, error) {
	d := layerData(ctx)
	type built struct {
		p   *layers.Panel
		err error
	}
	key := "layers.Panel\x00" + k.net.String() + "\x00" + k.Years.String()
	b := ctx.Shared(key, func() any {
		p, err := d.Build(k.net, k.Years.YearRange)
		return built{p, err}
	}).(built)
	if b.err != nil {
		return nil, nil, fmt.Errorf("%s", strings.TrimPrefix(b.err.Error(), "layers: "))
	}
	return b.p, d, nil
}

// annotate records the layer's notes (rows left out and why) in the meta
// of t, so that Methods can report them even when t comes from the cache.
func annotateNotes(p *layers.Panel, t *table.Table) {
	if len(p.Notes) > 0 {
		t.SetMeta("layer.notes", strings.Join(p.Notes, "; "))
	}
}

// describedLayers remembers, for one run, the first table whose Methods
// sentences described each layer, so that later steps on the same layer
// refer to it instead of repeating the description.
type describedLayers struct {
	mu    sync.Mutex
	first map[string]string // layer spec -> table name
}

// describeLayer returns the phrase and the sentences (see layerPhrase and
// layerDetails) that describe the step's layer in the Methods sentences of
// table name: in full the first time the run describes the layer, and
// afterwards as "the layer of table FIRST", with its years.
func (k *layerKeys) describeLayer(ctx *Context, name string, t *table.Table) (phrase, details string) {
	d := ctx.Shared("notebooks.describedLayers", func() any { return &describedLayers{first: map[string]string{}} }).(*describedLayers)
	key := k.net.String()
	d.mu.Lock()
	first, seen := d.first[key]
	if !seen {
		d.first[key] = name
	}
	d.mu.Unlock()
	if !seen || first == name {
		return layerPhrase(k.net, t), layerDetails(k.net, t)
	}
	years := ""
	if t != nil && t.Meta["years"] != "" {
		years = ", " + yearsText(t.Meta["years"])
	}
	return fmt.Sprintf("the %s layer (%s%s) described for table %s", k.net.Kind(), k.net, years, first), ""
}

// layerPhrase names the layer of a step's table t in plain words, as a
// phrase to end a sentence: the layer, its spec and years, its nodes and
// what a tie's weight is.
func layerPhrase(s layers.Spec, t *table.Table) string {
	var b strings.Builder
	years := ""
	if t != nil && t.Meta["years"] != "" {
		years = ", " + yearsText(t.Meta["years"])
	}
	fmt.Fprintf(&b, "the %s layer (%s%s)", s.Kind(), s, years)
	if t == nil {
		return b.String()
	}
	if n := t.Meta["layer.nodes"]; n != "" {
		fmt.Fprintf(&b, ", whose nodes are the %s", strings.TrimPrefix(n, "the "))
	}
	if w := t.Meta["layer.weight"]; w != "" {
		if s.Kind() == layers.IGO {
			w = igoWeightWords(s)
		}
		fmt.Fprintf(&b, ", and the weight of a tie is the %s", strings.TrimPrefix(w, "the "))
	}
	return b.String()
}

// layerDetails says, in sentences that follow layerPhrase, which
// memberships and organizations count, the backbone and the layer's
// notes; "" when there is nothing to say.
func layerDetails(s layers.Spec, t *table.Table) string {
	var b strings.Builder
	if s.Kind() == layers.IGO {
		switch s.Members {
		case "full":
			b.WriteString(" Only full membership (COW code 1) counts; COW's missing code (-9) never does.")
		case "full+associate":
			b.WriteString(" Full and associate membership (COW codes 1 and 2) count; COW's missing code (-9) never does.")
		case "any":
			b.WriteString(" Full and associate membership and observer status (COW codes 1 to 3) count; COW's missing code (-9) never does.")
		}
		if s.IGOs != nil {
			fmt.Fprintf(&b, " Only the organizations %s count.", strings.Join(s.IGOs, ", "))
		}
		if s.Kinds != nil {
			fmt.Fprintf(&b, " Only organizations COW codes with the issue area %s count.", strings.Join(s.Kinds, " or "))
		}
		switch s.Select {
		case "autocratic":
			fmt.Fprintf(&b, " Only organizations that are autocratic that year count: %s (Debre 2022; Cottiero and Haggard 2023).", autocraticWords(s.Threshold))
		case "democratic":
			fmt.Fprintf(&b, " Only organizations that are democratic that year count: the share of electoral or liberal democracies (V-Dem Regimes of the World v2x_regime 2 or 3) among their full members with a Regimes of the World code is at least %v; full members without a code are left out of the share, and an organization none of whose full members has one is never selected.", s.Threshold)
		}
	} else if t != nil && t.Meta["layer.direction"] != "" {
		fmt.Fprintf(&b, " Direction: %s.", t.Meta["layer.direction"])
	}
	if t != nil && t.Meta["layer.threshold"] != "" {
		fmt.Fprintf(&b, " Trade flows: %s.", t.Meta["layer.threshold"])
	}
	switch s.Backbone {
	case "disparity":
		fmt.Fprintf(&b, " Only the edges the disparity filter finds significant at alpha %v (correction: %s) are kept (Serrano, Boguñá and Vespignani 2009); the others count as weight 0.", s.Alpha, s.Correction)
	case "sdsm":
		fmt.Fprintf(&b, " Only the edges significant at alpha %v (correction: %s) under the stochastic degree sequence model of the state-by-organization memberships are kept (Neal 2014), each tested once, one-sided, with the exact Poisson-binomial distribution of the number of shared organizations; the others count as weight 0.", s.Alpha, s.Correction)
	}
	if t != nil && t.Meta["layer.notes"] != "" {
		fmt.Fprintf(&b, " Note: %s.", strings.TrimSuffix(t.Meta["layer.notes"], "."))
	}
	return strings.TrimSpace(b.String())
}

// sentences joins non-empty sentences with spaces.
func sentences(ss ...string) string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// yearsText writes a year range "A-B" as "A" when A is B.
func yearsText(r string) string {
	if a, b, ok := strings.Cut(r, "-"); ok && a == b {
		return a
	}
	return r
}

// igoWeightWords says what the weight of the igo layer s is.
func igoWeightWords(s layers.Spec) string {
	who := map[string]string{"full": "full members", "full+associate": "full or associate members", "any": "members or observers"}[s.Members]
	org := "organizations"
	if s.Select != "" || s.IGOs != nil || s.Kinds != nil {
		org = "selected organizations"
	}
	switch s.Weight {
	case "jaccard":
		return fmt.Sprintf("number of %s in which both states are %s divided by the number in which either is (Jaccard)", org, who)
	case "newman":
		return fmt.Sprintf("sum, over the %s in which both states are %s, of 1/(n - 1), n the organization's number of such members that year (Newman 2001)", org, who)
	}
	return fmt.Sprintf("number of %s in which both states are %s", org, who)
}

// autocraticWords defines an autocratic organization at threshold t.
func autocraticWords(t float64) string {
	return fmt.Sprintf("an organization is autocratic in a year when the share of closed or electoral autocracies (V-Dem Regimes of the World v2x_regime 0 or 1) among its full members with a Regimes of the World code that year is at least %s; full members without a code are left out of the share, and an organization none of whose full members has one is left unclassified (missing)",
		strconv.FormatFloat(t, 'g', -1, 64))
}

// layerCites returns the methods.bib keys a layer's description cites.
func layerCites(s layers.Spec) []string {
	var keys []string
	if s.Kind() == layers.IGO && s.Weight == "newman" {
		keys = append(keys, "newman2001scientific")
	}
	if s.Select == "autocratic" {
		keys = append(keys, "debre2022clubs", "cottiero2023stabilizing")
	}
	switch s.Backbone {
	case "disparity":
		keys = append(keys, "serrano2009extracting")
	case "sdsm":
		keys = append(keys, "neal2014backbone")
	}
	return keys
}
