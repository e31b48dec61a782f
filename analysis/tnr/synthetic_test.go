package tnr

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

// The files these tests write are SYNTHETIC: real COW states and real
// covariates, but incidents drawn from a model with known coefficients.
// They say nothing about any real state.

// schemaMapping returns the schema mapping with a declared coverage, as a
// user's copy would be.
func schemaMapping(t testing.TB, first, last int) *loaders.IncidentMapping {
	t.Helper()
	b, err := loaders.IncidentMappingText("schema")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "[columns]", fmt.Sprintf("first_year = %d\nlast_year = %d\n\n[columns]", first, last), 1)
	m, err := loaders.ParseIncidentMapping([]byte(text), "synthetic-schema.toml")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// incidentWriter writes incidents in the schema layout.
type incidentWriter struct {
	c   *loaders.Countries
	buf bytes.Buffer
	n   int
}

func newIncidentWriter(c *loaders.Countries) *incidentWriter {
	w := &incidentWriter{c: c}
	w.buf.WriteString("incident_id,year,date,origin,host,tactic,host_cooperation,target_type,source\n")
	return w
}

// add writes one incident: the origin by its name (resolved by the loader
// through the crosswalk), the host by its COW code in digits.
func (w *incidentWriter) add(origin, host, year int, tactic, coop string) {
	w.n++
	fmt.Fprintf(&w.buf, "syn-%06d,%d,,%q,%d,%s,%s,SYNTHETIC,SYNTHETIC\n", w.n, year, w.c.Name(origin), host, tactic, coop)
}

func (w *incidentWriter) read(t testing.TB, m *loaders.IncidentMapping) *loaders.Incidents {
	t.Helper()
	inc, err := loaders.ReadIncidents(bytes.NewReader(w.buf.Bytes()), "synthetic_incidents.csv", m, w.c, loaders.IncidentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Duplicates) != 0 || inc.NoYear != 0 {
		t.Fatalf("%d duplicates, %d without a year", len(inc.Duplicates), inc.NoYear)
	}
	return inc
}

func emptyIncidents(t testing.TB, c *loaders.Countries, first, last int) *loaders.Incidents {
	return newIncidentWriter(c).read(t, schemaMapping(t, first, last))
}

// coefRow returns the estimate and interval of a term in a coefficient
// table.
func coefRow(t *testing.T, ct *table.Table, model, vcov, term string) (est, lo, hi, se float64) {
	t.Helper()
	for i := 0; i < ct.NumRows(); i++ {
		if (model == "" || ct.Col("model").Strings[i] == model) && ct.Col("vcov").Strings[i] == vcov && ct.Col("term").Strings[i] == term {
			return ct.Col("estimate").Floats[i], ct.Col("conf_low").Floats[i], ct.Col("conf_high").Floats[i], ct.Col("std_error").Floats[i]
		}
	}
	t.Fatalf("no row %s %s %s", model, vcov, term)
	return
}

// hostTruth are the coefficients of the synthetic host-cooperation
// model, and hostTerms its predictors.
var (
	hostTruth = map[string]float64{
		"(Intercept)": -6, "shared_autocratic_igos": 0.08, "host_autocracy": 0.7,
		"origin_repression_rise": 0.8, "alliance": 0.5, "contiguity": 1.2, "un_agreement": 1.0,
	}
	hostTerms = []string{"shared_autocratic_igos", "host_autocracy", "origin_repression_rise", "alliance", "contiguity", "un_agreement"}
)

// simulateHost draws cooperative incidents over the real directed
// dyad-years of first..last with their real covariates, from the logit
// hostTruth, and writes them as an incident file in the schema layout
// (with non-cooperative incidents as noise). It returns the incidents
// read back through the loader, the simulated outcome of each row of the
// covariate panel, and how many rows are complete.
func simulateHost(t *testing.T, d *Data, first, last int, seed uint64) (inc *loaders.Incidents, sim []int64, complete int) {
	t.Helper()
	c, err := d.loadCountries()
	if err != nil {
		t.Fatal(err)
	}
	base, err := d.HostPanel(emptyIncidents(t, c, first, last), HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	w := newIncidentWriter(c)
	n := base.NumRows()
	sim = make([]int64, n)
	c1, c2, yy := base.Col("ccode1").Ints, base.Col("ccode2").Ints, base.Col("year").Ints
	events := 0
	for i := 0; i < n; i++ {
		eta := hostTruth["(Intercept)"]
		ok := true
		for _, term := range hostTerms {
			x, known := base.Col(term).Float64(i)
			ok = ok && known
			eta += hostTruth[term] * x
		}
		// Noise: incidents the host did not (or is not known to) assist,
		// on any dyad, complete or not.
		if rng.Float64() < 0.002 {
			w.add(int(c1[i]), int(c2[i]), int(yy[i]), "assault", []string{"no", "unknown"}[rng.IntN(2)])
		}
		if !ok {
			continue
		}
		complete++
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			sim[i] = 1
			events++
			// One or two incidents: the outcome is "any".
			for k := 0; k < 1+rng.IntN(2); k++ {
				w.add(int(c1[i]), int(c2[i]), int(yy[i]), []string{"detention", "deportation_extradition", "rendition_abduction"}[rng.IntN(3)], "yes")
			}
		}
	}
	t.Logf("%d dyad-years, %d complete, %d cooperative, %d incidents written", n, complete, events, w.n)
	if events < 300 {
		t.Fatalf("only %d events: the design is too weak to test", events)
	}
	return w.read(t, schemaMapping(t, first, last)), sim, complete
}

// TestHostModelRecoversSynthetic simulates cooperative incidents over the
// real directed dyad-years of 2013-2016 with their real covariates, from
// a logit with known coefficients; writes them as an incident file in the
// schema layout (with non-cooperative incidents as noise, which the panel
// must leave out); reads it back through the incident loader; builds the
// host-cooperation panel; and checks that its outcome is the simulated one
// and that the 95% intervals, Firth's (Wald) and the ML logit's
// (dyadic-robust), contain every true coefficient. Seed 1 is the only seed
// this test has been run with.
func TestHostModelRecoversSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds four years of directed dyads")
	}
	const first, last = 2013, 2016
	d := NewData(2016)
	inc, sim, complete := simulateHost(t, d, first, last, 1)
	panel, err := d.HostPanel(inc, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if panel.NumRows() != len(sim) {
		t.Fatalf("%d rows, want %d", panel.NumRows(), len(sim))
	}
	coop := panel.Col("coop").Ints
	c1, c2, yy := panel.Col("ccode1").Ints, panel.Col("ccode2").Ints, panel.Col("year").Ints
	for i, want := range sim {
		if coop[i] != want {
			t.Fatalf("row %d (%d -> %d, %d): coop %d, simulated %d", i, c1[i], c2[i], yy[i], coop[i], want)
		}
	}
	fit, err := FitHost(panel, "", 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if got := fit.Firth.NObs; got != complete {
		t.Errorf("Firth used %d rows, %d are complete", got, complete)
	}
	for _, term := range append([]string{"(Intercept)"}, hostTerms...) {
		truth := hostTruth[term]
		est, lo, hi, se := coefRow(t, fit.Coefficients, "firth", "classical", term)
		t.Logf("%-24s true %6.3f  Firth %7.3f [%7.3f, %7.3f]  z %5.2f", term, truth, est, lo, hi, (est-truth)/se)
		if !(lo <= truth && truth <= hi) {
			t.Errorf("%s: true %v outside Firth's 95%% interval [%v, %v]", term, truth, lo, hi)
		}
		lest, llo, lhi, _ := coefRow(t, fit.Coefficients, "logit", "dyadic:ccode1,ccode2", term)
		t.Logf("%-24s                    logit %7.3f [%7.3f, %7.3f] (dyadic)", "", lest, llo, lhi)
		if !(llo <= truth && truth <= lhi) {
			t.Errorf("%s: true %v outside the logit's dyadic 95%% interval [%v, %v]", term, truth, llo, lhi)
		}
	}
}

// TestOriginModelRecoversSynthetic does the same for the origin-year
// design: incident counts per origin state and year 1995-2014 drawn from a
// Poisson model of the real Fariss scores, written one incident per row
// (each in a random other state), read back, counted by OriginPanel and
// fitted by FitOrigin; the 95% intervals with errors clustered by state
// must contain the true coefficients. Seed 3 is the only seed used.
func TestOriginModelRecoversSynthetic(t *testing.T) {
	const first, last = 1995, 2014
	d := NewData(2016)
	c, err := d.loadCountries()
	if err != nil {
		t.Fatal(err)
	}
	base, err := d.OriginPanel(emptyIncidents(t, c, first, last), OriginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]float64{"(Intercept)": -1, "repression_lag1": 0.6, "repression_rise": 0.5}
	rng := rand.New(rand.NewPCG(3, 4))
	w := newIncidentWriter(c)
	n := base.NumRows()
	sim := make([]int64, n)
	cc, yy := base.Col("ccode").Ints, base.Col("year").Ints
	total := 0
	for i := 0; i < n; i++ {
		r, ok1 := base.Col("repression_lag1").Float64(i)
		u, ok2 := base.Col("repression_rise").Float64(i)
		if !ok1 || !ok2 {
			continue
		}
		lambda := math.Exp(truth["(Intercept)"] + truth["repression_lag1"]*r + truth["repression_rise"]*u)
		k := poisson(rng, lambda)
		sim[i] = int64(k)
		states, err := d.systemStates(int(yy[i]))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < k; j++ {
			h := states[rng.IntN(len(states))]
			for h == int(cc[i]) {
				h = states[rng.IntN(len(states))]
			}
			w.add(int(cc[i]), h, int(yy[i]), "threat", "unknown")
		}
		total += k
	}
	t.Logf("%d state-years, %d incidents", n, total)
	inc := w.read(t, schemaMapping(t, first, last))
	panel, err := d.OriginPanel(inc, OriginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if panel.NumRows() != n {
		t.Fatalf("%d rows, want %d", panel.NumRows(), n)
	}
	for i, v := range panel.Col("incidents").Ints {
		if v != sim[i] {
			t.Fatalf("row %d (%d, %d): %d incidents, simulated %d", i, cc[i], yy[i], v, sim[i])
		}
	}
	fit, err := FitOrigin(panel, "", 0.95)
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range []string{"(Intercept)", "repression_lag1", "repression_rise"} {
		est, lo, hi, se := coefRow(t, fit.Coefficients, "", "cluster:ccode", term)
		t.Logf("%-16s true %5.2f  Poisson %6.3f [%6.3f, %6.3f] (cluster:ccode)  z %5.2f", term, truth[term], est, lo, hi, (est-truth[term])/se)
		if !(lo <= truth[term] && truth[term] <= hi) {
			t.Errorf("%s: true %v outside the 95%% interval [%v, %v]", term, truth[term], lo, hi)
		}
	}
	if fit.Model.Family != glm.Poisson {
		t.Errorf("family %v", fit.Model.Family)
	}
}

// poisson draws from a Poisson distribution by inversion (lambda is small
// here).
func poisson(rng *rand.Rand, lambda float64) int {
	u := rng.Float64()
	k, p := 0, math.Exp(-lambda)
	cdf := p
	for u > cdf && k < 1000 {
		k++
		p *= lambda / float64(k)
		cdf += p
	}
	return k
}
