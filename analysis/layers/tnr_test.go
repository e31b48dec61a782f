package layers

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/loaders"
)

// edgeList renders a year's ties as "from>to:weight" in node order.
func edgeList(y *Year) string {
	var out []string
	for _, e := range y.Graph.Edges() {
		out = append(out, fmt.Sprintf("%d>%d:%g", e.From, e.To, e.Weight))
	}
	return strings.Join(out, " ")
}

// The eleven cases of ifes_2024_cases.csv, by COW code, as the paper names
// them (origin > host).
const ifesCases = "531>651:1 670>663:1 670>690:1 704>703:1 704>710:1 710>640:1 710>651:1 710>705:1 731>710:1 775>800:1 811>800:1"

func TestTNRBundled(t *testing.T) {
	d := NewData()
	// Pooled with the undated cases, nodes = file: exactly the named cases.
	p, err := d.Build(Spec{Layer: "tnr:ifes-2024-cases", Pool: true, Undated: true, Nodes: "file"}, loaders.YearRange{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Directed || !p.States || len(p.Years) != 1 || p.Years[0].Year != 2023 {
		t.Fatalf("directed %v, states %v, years %d", p.Directed, p.States, len(p.Years))
	}
	if got := edgeList(p.Years[0]); got != ifesCases {
		t.Errorf("edges\n %s\nwant\n %s", got, ifesCases)
	}
	if n := p.Years[0].Graph.N(); n != 14 {
		t.Errorf("%d nodes, want the 14 states of the cases", n)
	}
	if !strings.Contains(p.Meta["layer.pooled"], "2017-2023") || !strings.Contains(p.Meta["layer.pooled"], "6 incident pairs without a year") {
		t.Errorf("pooled meta %q", p.Meta["layer.pooled"])
	}
	if !strings.Contains(p.Meta["layer.universe"], "Illustrative") {
		t.Errorf("universe %q", p.Meta["layer.universe"])
	}
	// Hosts that cooperated with the most origin states: Egypt (Eritrea,
	// China), China (Uzbekistan, North Korea), Thailand (Cambodia,
	// Myanmar); China reaches furthest (Kazakhstan, Egypt, Turkey).
	nodes, _, err := network.Compute(p.Layers(), []network.Measure{"in_degree", "out_degree", "in_strength"}, network.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, out := map[int64]float64{}, map[int64]float64{}
	for i, c := range nodes.Col("ccode").Ints {
		in[c], _ = nodes.Col("in_degree").Float64(i)
		out[c], _ = nodes.Col("out_degree").Float64(i)
	}
	for _, c := range []int64{651, 710, 800} {
		if in[c] != 2 {
			t.Errorf("in_degree of %d: %v, want 2", c, in[c])
		}
	}
	if out[710] != 3 || out[670] != 2 || out[704] != 2 {
		t.Errorf("out_degree China %v, Saudi Arabia %v, Uzbekistan %v", out[710], out[670], out[704])
	}

	// Per year, COW nodes: the five dated cases in their years; the
	// undated ones are listed in the notes.
	p, err = d.Build(Spec{Layer: "tnr:ifes-2024-cases"}, loaders.YearRange{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{2017: "710>651:1", 2021: "531>651:1 811>800:1", 2023: "731>710:1 775>800:1"}
	if len(p.Years) != 7 {
		t.Fatalf("%d years, want 2017-2023", len(p.Years))
	}
	for _, y := range p.Years {
		if got := edgeList(y); got != want[y.Year] {
			t.Errorf("%d: edges %q, want %q", y.Year, got, want[y.Year])
		}
		if y.Graph.N() != 195 || !y.Complete {
			t.Errorf("%d: %d nodes (want the 195 of 2016, carried forward), complete %v", y.Year, y.Graph.N(), y.Complete)
		}
		if w, ok := y.Weight(2, 20); !ok || w != 0 {
			t.Errorf("%d: a pair without an incident has weight %v, %v; want an observed 0", y.Year, w, ok)
		}
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "6 incidents not counted") || !strings.Contains(p.Notes[0], `(id "ifes-01"): no year`) {
		t.Errorf("notes %q", p.Notes)
	}
	if p.Meta["layer.system"] == "" {
		t.Error("no layer.system meta for years after 2016")
	}
	// Pooled without the undated cases; BuildIncidents gives the same.
	p, err = d.Build(Spec{Layer: "tnr:ifes-2024-cases", Pool: true, Rule: "any"}, loaders.YearRange{First: 2018, Last: 2023})
	if err != nil {
		t.Fatal(err)
	}
	if got := edgeList(p.Years[0]); got != "531>651:1 731>710:1 775>800:1 811>800:1" {
		t.Errorf("pooled 2018-2023: %s", got)
	}
	inc, err := loaders.IFESCases()
	if err != nil {
		t.Fatal(err)
	}
	q, err := d.BuildIncidents(inc, Spec{Layer: "tnr:ifes-2024-cases", Pool: true, Rule: "any"}, loaders.YearRange{First: 2018, Last: 2023})
	if err != nil {
		t.Fatal(err)
	}
	if edgeList(q.Years[0]) != edgeList(p.Years[0]) || !reflect.DeepEqual(q.Meta, p.Meta) {
		t.Errorf("BuildIncidents differs from Build:\n%v\n%v", q.Meta, p.Meta)
	}
	if first, last, err := d.Coverage(Spec{Layer: "tnr:ifes-2024-cases"}); err != nil || first != 2017 || last != 2023 {
		t.Errorf("coverage %d-%d, %v", first, last, err)
	}
}

// tnrFile is a SYNTHETIC incident file in the schema layout: real states,
// invented incidents.
const tnrFile = `incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source
s1,2015,,China,Kazakhstan,detention,yes,SYNTHETIC,SYNTHETIC
s2,2015,,China,Kazakhstan,deportation_extradition,yes,SYNTHETIC,SYNTHETIC
s3,2015,,China,Kazakhstan,assault,no,SYNTHETIC,SYNTHETIC
s4,2016,,China,Kazakhstan,detention,unknown,SYNTHETIC,SYNTHETIC
s5,2016,,Russia,Germany,assassination,no,SYNTHETIC,SYNTHETIC
s6,2016,,Egypt,Egypt,detention,yes,SYNTHETIC,SYNTHETIC
s7,,,Rwanda,Kenya,rendition_abduction,yes,SYNTHETIC,SYNTHETIC
`

func tnrFixture(t *testing.T) (csvPath, mapPath string) {
	t.Helper()
	dir := t.TempDir()
	csvPath = filepath.Join(dir, "synthetic.csv")
	mapPath = filepath.Join(dir, "mine.toml")
	b, err := loaders.IncidentMappingText("schema")
	if err != nil {
		t.Fatal(err)
	}
	m := strings.Replace(string(b), "[columns]", "first_year = 2014\nlast_year = 2016\n\n[columns]", 1)
	if err := os.WriteFile(csvPath, []byte(tnrFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mapPath, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return csvPath, mapPath
}

func TestTNRFile(t *testing.T) {
	csvPath, mapPath := tnrFixture(t)
	d := NewData()
	tests := []struct {
		opts  string
		years loaders.YearRange
		want  map[int]string
		notes []string // the incidents the notes must list
	}{
		{"", loaders.YearRange{}, map[int]string{2014: "", 2015: "710>705:3", 2016: "365>255:1 710>705:1"}, []string{"s6", "s7"}},
		{"rule=any", loaders.YearRange{First: 2015, Last: 2016}, map[int]string{2015: "710>705:1", 2016: "365>255:1 710>705:1"}, []string{"s6", "s7"}},
		{"cooperation=yes", loaders.YearRange{}, map[int]string{2014: "", 2015: "710>705:2", 2016: ""}, []string{"s6", "s7"}},
		{"cooperation=yes/unknown,tactics=detention", loaders.YearRange{}, map[int]string{2014: "", 2015: "710>705:1", 2016: "710>705:1"}, []string{"s6"}},
		{"pool=true", loaders.YearRange{}, map[int]string{2016: "365>255:1 710>705:4"}, []string{"s6", "s7"}},
		{"pool=true,rule=any,cooperation=yes,undated=true", loaders.YearRange{}, map[int]string{2016: "517>501:1 710>705:1"}, []string{"s6"}},
	}
	for _, tt := range tests {
		t.Run(tt.opts, func(t *testing.T) {
			text := "tnr:" + csvPath + ",mapping=" + mapPath
			if tt.opts != "" {
				text += "," + tt.opts
			}
			s, err := ParseSpec(text)
			if err != nil {
				t.Fatal(err)
			}
			p, err := d.Build(s, tt.years)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Years) != len(tt.want) {
				t.Fatalf("%d years, want %d", len(p.Years), len(tt.want))
			}
			for _, y := range p.Years {
				if got, ok := tt.want[y.Year]; !ok || edgeList(y) != got {
					t.Errorf("%d: %q, want %q", y.Year, edgeList(y), got)
				}
			}
			// Egypt against itself, and the undated case unless placed,
			// are in the notes, if the filters keep them.
			notes := strings.Join(p.Notes, " | ")
			if n := strings.Count(notes, `(id "s`); n != len(tt.notes) {
				t.Errorf("notes list %d incidents, want %v: %q", n, tt.notes, notes)
			}
			for _, id := range tt.notes {
				if !strings.Contains(notes, `(id "`+id+`")`) {
					t.Errorf("notes do not list %s: %q", id, notes)
				}
			}
		})
	}
	// nodes = file keeps the states of the year's incidents.
	p, err := d.Build(Spec{Layer: "tnr:" + csvPath, Mapping: mapPath, Nodes: "file"}, loaders.YearRange{First: 2016, Last: 2016})
	if err != nil {
		t.Fatal(err)
	}
	if ids := p.Years[0].Graph.IDs(); !reflect.DeepEqual(ids, []int64{255, 365, 705, 710}) {
		t.Errorf("nodes %v", ids)
	}
	// A built-in mapping name works too (the file's columns are the
	// schema's), but the built-in schema declares no coverage.
	if _, err := d.Build(Spec{Layer: "tnr:" + csvPath, Mapping: "schema"}, loaders.YearRange{}); err == nil || !strings.Contains(err.Error(), "declare no coverage") {
		t.Errorf("schema without coverage: %v", err)
	}
}

func TestTNRSpecErrors(t *testing.T) {
	csvPath, mapPath := tnrFixture(t)
	d := NewData()
	tests := []struct {
		s     Spec
		years loaders.YearRange
		want  string
		spec  bool // a SpecError (usage), not a data error
	}{
		{Spec{Layer: "tnr:"}, loaders.YearRange{}, "needs an incident file", true},
		{Spec{Layer: "tnr:" + csvPath}, loaders.YearRange{}, "mapping is required", true},
		{Spec{Layer: "tnr:ifes-2024-cases", Mapping: "schema"}, loaders.YearRange{}, "has its own mapping", true},
		{Spec{Layer: "tnr:ifes-2024-cases", Undated: true}, loaders.YearRange{}, "undated applies only with pool", true},
		{Spec{Layer: "tnr:ifes-2024-cases", Rule: "sum"}, loaders.YearRange{}, `rule "sum" is not one of count, any`, true},
		{Spec{Layer: "tnr:ifes-2024-cases", Tactics: []string{"jail"}}, loaders.YearRange{}, `tactics "jail" is not one of`, true},
		{Spec{Layer: "tnr:ifes-2024-cases", Cooperation: []string{"maybe"}}, loaders.YearRange{}, `cooperation "maybe"`, true},
		{Spec{Layer: "tnr:ifes-2024-cases", Directed: true}, loaders.YearRange{}, "option directed does not apply to the tnr layer", true},
		{Spec{Layer: "tnr:ifes-2024-cases"}, loaders.YearRange{First: 2010, Last: 2020}, "covers 2017-2023", true},
		{Spec{Layer: "tnr:" + csvPath, Mapping: "nope.toml"}, loaders.YearRange{}, `mapping "nope.toml": no such file`, true},
		{Spec{Layer: "tnr:" + filepath.Join(t.TempDir(), "none.csv"), Mapping: mapPath}, loaders.YearRange{}, "none.csv", false},
	}
	for _, tt := range tests {
		_, err := d.Build(tt.s, tt.years)
		var se *SpecError
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &se) != tt.spec {
			t.Errorf("%s: error %v, want %q (spec error %v)", tt.s, err, tt.want, tt.spec)
		}
	}
	// Compact form round trip.
	s, err := ParseSpec("tnr:x.csv,mapping=freedom-house,rule=any,cooperation=yes,tactics=detention/assault,pool=true,nodes=file")
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if n.String() != "tnr:x.csv,nodes=file,mapping=freedom-house,rule=any,tactics=assault/detention,cooperation=yes,pool=true" {
		t.Errorf("String %q", n.String())
	}
	if n.Kind() != TNR || n.Path() != "x.csv" {
		t.Errorf("kind %q path %q", n.Kind(), n.Path())
	}
	if def, _ := (Spec{Layer: "tnr:ifes-2024-cases"}).Normalize(); def.Nodes != "cow" || def.Rule != "count" {
		t.Errorf("defaults: nodes %q, rule %q", def.Nodes, def.Rule)
	}
	if def, _ := (Spec{Layer: "file:a.csv"}).Normalize(); def.Nodes != "file" {
		t.Errorf("file layer nodes default %q", def.Nodes)
	}
}

// TestNewDataThrough: an extended system lets atop and unvotes reach their
// sources' last years.
func TestNewDataThrough(t *testing.T) {
	d := NewDataThrough(2021)
	for _, c := range []struct {
		s    Spec
		last int
	}{{Spec{Layer: "atop"}, 2018}, {Spec{Layer: "contiguity"}, 2016}, {Spec{Layer: "igo"}, 2014}} {
		_, last, err := d.Coverage(c.s)
		if err != nil || last != c.last {
			t.Errorf("%s: last %d (%v), want %d", c.s, last, err, c.last)
		}
		if _, last, _ := NewData().Coverage(c.s); last != min(c.last, 2016) {
			t.Errorf("%s without extension: last %d", c.s, last)
		}
	}
	p, err := d.Build(Spec{Layer: "atop"}, loaders.YearRange{First: 2018, Last: 2018})
	if err != nil {
		t.Fatal(err)
	}
	if p.Years[0].Graph.N() != 195 || p.Meta["layer.system"] == "" {
		t.Errorf("2018: %d nodes, meta %q", p.Years[0].Graph.N(), p.Meta["layer.system"])
	}
}
