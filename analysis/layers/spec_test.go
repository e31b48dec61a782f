package layers

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestNormalizeDefaults(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"igo", "igo,members=full,weight=count"},
		{"IGO", ""}, // layer names are exact
		{"igo,members=FULL+Associate,weight=Newman", "igo,members=full+associate,weight=newman"},
		{"igo,select=autocratic", "igo,members=full,select=autocratic,threshold=0.5,weight=count"},
		{"igo,igos=GCC/sco/gcc,kinds=social/political", "igo,members=full,igos=gcc/sco,kinds=political/social,weight=count"},
		{"igo,backbone=sdsm", "igo,members=full,weight=count,backbone=sdsm,alpha=0.05,correction=none"},
		{"igo,backbone=sdsm,correction=bh,alpha=0.01", "igo,members=full,weight=count,backbone=sdsm,alpha=0.01,correction=BH"},
		{"atop", "atop,obligation=any"},
		{"atop,obligation=defense,directed=true", "atop,obligation=defense,directed=true"},
		{"trade,min_weight=10", "trade,flow=flow,min_weight=10"},
		{"contiguity,max_type=3", "contiguity,max_type=3"},
		{"contiguity", "contiguity,max_type=1"},
		{"unvotes,issues=HR/me", "unvotes,abstain=same,issues=hr/me"},
		{"file:x.csv", "file:x.csv,nodes=file,from_column=ccode1,to_column=ccode2,year_column=year"},
	}
	for _, tt := range tests {
		s, err := ParseSpec(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		n, err := s.Normalize()
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s: accepted as %s", tt.in, n)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("%s: normalized to %s, want %s", tt.in, got, tt.want)
		}
		// The String form reads back to the same spec, and normalizing
		// twice changes nothing.
		back, err := ParseSpec(n.String())
		if err != nil || !reflect.DeepEqual(back, n) {
			t.Errorf("%s: String %q reads back as %+v (%v)", tt.in, n.String(), back, err)
		}
		if n2, err := n.Normalize(); err != nil || !reflect.DeepEqual(n2, n) {
			t.Errorf("%s: normalize is not idempotent: %+v (%v)", tt.in, n2, err)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{}, "no layer"},
		{Spec{Layer: "alliances"}, `unknown layer "alliances"`},
		{Spec{Layer: "file:"}, "needs a path"},
		{Spec{Layer: "atop", Weight: "jaccard"}, "option weight does not apply to the atop layer"},
		{Spec{Layer: "contiguity", Directed: true}, "option directed does not apply to the contiguity layer"},
		{Spec{Layer: "igo", Members: "observer"}, `members "observer" is not one of full, full+associate, any`},
		{Spec{Layer: "igo", Threshold: 0.6}, "threshold applies only with select"},
		{Spec{Layer: "igo", Select: "autocratic", Threshold: 1.5}, "threshold 1.5 is not in (0, 1]"},
		{Spec{Layer: "igo", Select: "autocratic", Threshold: -0.5}, "not in (0, 1]"},
		{Spec{Layer: "igo", Kinds: []string{"military"}}, `kinds "military" is not one of political, economic, social`},
		{Spec{Layer: "igo", IGOs: []string{" "}}, "igos is an empty list"},
		{Spec{Layer: "igo", Alpha: 0.1}, "apply only with a backbone"},
		{Spec{Layer: "igo", Backbone: "sdsm", Alpha: 1}, "alpha 1 is not in (0, 1)"},
		{Spec{Layer: "igo", Backbone: "sdsm", Correction: "fdr2"}, `correction "fdr2"`},
		{Spec{Layer: "trade", Backbone: "sdsm"}, "only the igo layer has one"},
		{Spec{Layer: "atop", Backbone: "disparity"}, "option backbone does not apply to the atop layer"},
		{Spec{Layer: "contiguity", MaxType: 6}, "max_type 6"},
		{Spec{Layer: "trade", MinWeight: -1}, "min_weight -1"},
		{Spec{Layer: "unvotes", Issues: []string{"xx"}}, `issues "xx"`},
		{Spec{Layer: "file:a.csv", Nodes: "gw"}, `nodes "gw"`},
	}
	for _, tt := range tests {
		_, err := tt.spec.Normalize()
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "layers: ") {
			t.Errorf("%+v: error %v, want one containing %q", tt.spec, err, tt.want)
		}
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, s := range []string{"", ",members=full", "igo,members", "igo,bogus=1", "igo,layer=atop", "contiguity,max_type=x", "atop,directed=maybe", "igo,threshold=NaN", "igo,igos=/"} {
		if sp, err := ParseSpec(s); err == nil {
			t.Errorf("%q parsed as %+v", s, sp)
		}
	}
	s, err := ParseSpec("igo, max-type=2 ,igos=sco,gcc")
	if err == nil {
		t.Errorf("a list with commas should not parse: %+v", s)
	}
}

// A spec in a TOML notebook decodes to the same Spec as its compact form.
func TestSpecTOML(t *testing.T) {
	doc := `
layer = "igo"
members = "full+associate"
igos = ["sco", "gcc"]
select = "autocratic"
threshold = 0.67
backbone = "sdsm"
alpha = 0.01
`
	var s Spec
	md, err := toml.Decode(doc, &s)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Undecoded()) != 0 {
		t.Fatalf("undecoded keys %v", md.Undecoded())
	}
	p, err := ParseSpec("igo,members=full+associate,igos=sco/gcc,select=autocratic,threshold=0.67,backbone=sdsm,alpha=0.01")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, p) {
		t.Errorf("TOML %+v, compact %+v", s, p)
	}
	// Every key Keys lists is a toml tag of Spec and a field SetOption can
	// set.
	for _, k := range Keys() {
		var x Spec
		if _, ok := x.Field(k); !ok {
			t.Errorf("no field for key %s", k)
		}
	}
	for _, kind := range Kinds() {
		for _, k := range Options(kind) {
			if !strings.Contains(strings.Join(Keys(), " "), k) {
				t.Errorf("%s option %s is not a key", kind, k)
			}
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"igo", "igo,members=full+associate,weight=newman", "file:a.csv,nodes=cow", "contiguity,max_type=3", "unvotes,issues=hr/me,important=true", "trade,min_weight=1e3", "tnr:a.csv,mapping=aaad,rule=any,cooperation=yes/no,pool=true,undated=true"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseSpec(text)
		if err != nil {
			return
		}
		n, err := s.Normalize()
		if err != nil {
			return
		}
		// A normalized spec survives its own String form, unless a value
		// contains a separator.
		if strings.ContainsAny(strings.Join(append(append([]string{}, n.IGOs...), n.Layer, n.FromColumn, n.ToColumn, n.YearColumn, n.WeightColumn, n.Mapping), ""), ",=/") {
			return
		}
		back, err := ParseSpec(n.String())
		if err != nil {
			t.Fatalf("%q: String %q does not parse: %v", text, n.String(), err)
		}
		if n2, err := back.Normalize(); err != nil || !reflect.DeepEqual(n2, n) {
			t.Fatalf("%q: round trip %+v != %+v (%v)", text, n2, n, err)
		}
	})
}
