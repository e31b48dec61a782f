package notebooks

import (
	"fmt"
	"math"
	"strings"

	"github.com/repnet/repnet/analysis/glm"
	"github.com/repnet/repnet/analysis/tnr"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() {
	registerStep("watchlist", `Lists the origin states whose domestic repression rose most over the three
  years to a year Y, and for each the host states most tied to them, with
  every component (see 'repnet help watchlist'): year = Y (default: the
  latest the data allow), top = 10 origins, hosts = 5 per origin.
  in = "INCIDENTS" (optional, an incidents step's table) with model = "auto"
  (the default: fit the host-cooperation model on the years before Y and rank
  hosts by its predictions, unless the incidents are the bundled illustrative
  cases, to which no model is fitted), "yes" or "no"; cooperation = ["yes"]
  and no_carry = true change the model's outcome and predictors.
  out = ["WATCHLIST", "ORIGINS", "ABOUT", "COEFFICIENTS"] (the first one to
  four): the watchlist; every origin state ranked; one row saying what the
  run used (year, incidents, illustrative, model, train_years, auc,
  test_pairs, test_positives, auc_note, notes); the model's coefficients (no rows without a
  model).`, newWatchlistStep)
}

type watchlistStep struct {
	spec        *Spec
	Year        int        `toml:"year"`
	Top         int        `toml:"top"`
	Hosts       int        `toml:"hosts"`
	Model       string     `toml:"model"`
	Cooperation stringList `toml:"cooperation"`
	NoCarry     bool       `toml:"no_carry"`
	fitted      bool       // set by Methods, which the runner calls before Cites
}

func newWatchlistStep(s *Spec, p *Params) (Step, error) {
	st := &watchlistStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 1 {
		return nil, p.Errorf("in", "a watchlist reads at most one incident table: in = \"INCIDENTS\"")
	}
	if len(s.Out) < 1 || len(s.Out) > 4 {
		return nil, p.Errorf("out", "out = [\"WATCHLIST\", \"ORIGINS\", \"ABOUT\", \"COEFFICIENTS\"], the first one to four")
	}
	if st.Top == 0 {
		st.Top = 10
	}
	if st.Hosts == 0 {
		st.Hosts = 5
	}
	if st.Top < 1 || st.Hosts < 1 {
		return nil, p.Errorf("top", "top and hosts must be at least 1")
	}
	if st.Year != 0 && (st.Year < 1949 || st.Year > 9999) {
		return nil, p.Errorf("year", "year %d: Fariss's scores begin in 1946 and the rise needs Y-3", st.Year)
	}
	switch st.Model {
	case "":
		st.Model = "auto"
	case "auto", "yes", "no":
	default:
		return nil, p.Errorf("model", "model %q: want auto, yes or no", st.Model)
	}
	if len(s.In) == 0 && (st.Model == "yes" || st.Cooperation != nil || st.NoCarry) {
		return nil, p.Errorf("model", "model = \"yes\", cooperation and no_carry need in = \"INCIDENTS\"")
	}
	for _, v := range st.Cooperation {
		found := false
		for _, x := range loaders.HostCooperationValues {
			found = found || x == v
		}
		if !found {
			return nil, p.Errorf("cooperation", "cooperation %q: want one of %s", v, strings.Join(loaders.HostCooperationValues, ", "))
		}
	}
	return st, nil
}

func (st *watchlistStep) Inputs() []string { return st.spec.In }
func (st *watchlistStep) Outputs() []Output {
	out := make([]Output, len(st.spec.Out))
	for i, n := range st.spec.Out {
		out[i] = Output{Name: n, Kind: TableOutput}
	}
	return out
}

// ReadsData: the watchlist reads Fariss, PTS, COW IGO, ATOP, the UN votes,
// V-Dem and the COW state system itself, so the manifest lists those files
// among the inputs.
func (st *watchlistStep) ReadsData() {}

// Cites cites the designs, and the model's methods when one was fitted
// (Methods, which the runner calls first, finds out from the outputs,
// which may come from the cache).
func (st *watchlistStep) Cites() []string {
	keys := []string{"cottiero2024authoritarian", "dukalskis2023long", "michaelsen2024autocracy"}
	if st.fitted {
		keys = append(keys, "firth1993bias", "heinze2002solution", "aronow2015cluster", "hanley1982meaning")
	}
	return keys
}

func (st *watchlistStep) Run(ctx *Context) error {
	var inc *loaders.Incidents
	source, ill := "none", false
	if len(st.spec.In) == 1 {
		t, err := ctx.Table(st.spec.In[0])
		if err != nil {
			return err
		}
		if inc, err = incidentsOf(t, st.spec.In[0]); err != nil {
			return err
		}
		ill = illustrative(t)
		source = incidentSource(t)
	}
	fit := inc != nil && (st.Model == "yes" || st.Model == "auto" && !ill)
	if st.Model == "yes" && ill {
		return fmt.Errorf("model = \"yes\" on the bundled illustrative cases: they are not a sample, and a model fitted to them describes a handful of cases only")
	}
	through := 2021
	if inc != nil {
		through = max(through, inc.Coverage.Last)
	}
	through = max(through, st.Year)
	d := tnr.NewData(through)
	o := tnr.WatchlistOptions{Year: st.Year, Top: st.Top, Hosts: st.Hosts,
		Host: tnr.HostOptions{Cooperation: st.Cooperation, NoCarry: st.NoCarry}}
	if fit {
		o.Incidents = inc
	}
	w, err := d.Watchlist(o)
	if err != nil {
		return err
	}
	outs := []*table.Table{w.Table, w.Origins, aboutTable(w, source, ill, fit), coefficientsOf(w)}
	for i, n := range st.spec.Out {
		ctx.SetTable(n, outs[i])
	}
	return nil
}

// incidentSource names an incident table's source for the report: the
// bundled dataset, or the user's incident file. The table's sources also
// hold its mapping (a built-in one, or a TOML file: incident files are
// CSV), which is not the source.
func incidentSource(t *table.Table) string {
	for _, s := range t.Sources {
		if s.Dataset != "" {
			return s.Dataset
		}
	}
	for _, s := range t.Sources {
		if !strings.HasPrefix(s.Path, "builtin:") && !strings.HasSuffix(strings.ToLower(s.File), ".toml") {
			return s.File
		}
	}
	return "?"
}

func aboutTable(w *tnr.Watchlist, source string, ill, fit bool) *table.Table {
	auc, trainMiss := []float64{w.AUC}, []bool{true}
	train := []string{""}
	if w.Model != nil {
		train, trainMiss = []string{w.TrainYears.String()}, []bool{false}
	}
	noModel := []bool{w.Model == nil}
	note := "no model was fitted"
	switch {
	case w.Model != nil && !math.IsNaN(w.AUC):
		note = fmt.Sprintf("the area under the ROC curve of its predictions for %d, out of sample, is %.3f (%s pairs, %s with a cooperative incident)", w.Year, w.AUC, comma(int64(w.TestPairs)), comma(int64(w.TestPositives)))
	case w.Model != nil:
		note = "its predictions could not be checked: " + strings.Join(w.Notes, "; ")
	}
	t := table.New(
		table.NewInt("year", []int64{int64(w.Year)}),
		table.NewString("incidents", []string{source}),
		table.NewBool("illustrative", []bool{ill}),
		table.NewBool("model", []bool{fit}),
		table.NewString("train_years", train).WithMissing(trainMiss),
		nanCol("auc", auc),
		table.NewInt("test_pairs", []int64{int64(w.TestPairs)}).WithMissing(noModel),
		table.NewInt("test_positives", []int64{int64(w.TestPositives)}).WithMissing(noModel),
		table.NewString("auc_note", []string{note}),
		table.NewString("notes", []string{strings.Join(w.Notes, "; ")}),
	)
	t.SetMeta("unit", "watchlist run")
	return t
}

func nanCol(name string, v []float64) *table.Column {
	c := table.NewFloat(name, v)
	miss := make([]bool, len(v))
	anyMiss := false
	for i, x := range v {
		if math.IsNaN(x) {
			miss[i], anyMiss = true, true
		}
	}
	if anyMiss {
		c = c.WithMissing(miss)
	}
	return c
}

// coefficientsOf returns the model's coefficients, or a table with their
// columns and no rows.
func coefficientsOf(w *tnr.Watchlist) *table.Table {
	if w.Model != nil {
		return w.Model.Coefficients
	}
	cols := []*table.Column{table.NewString("model", nil)}
	for _, n := range glm.CoefColumns {
		switch n {
		case "term", "vcov":
			cols = append(cols, table.NewString(n, nil))
		default:
			cols = append(cols, table.NewFloat(n, nil))
		}
	}
	t := table.New(cols...)
	t.SetMeta("note", "no model was fitted")
	return t
}

func (st *watchlistStep) Methods(ctx *Context) string {
	w, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	st.fitted = w.Col("p_coop") != nil
	var b strings.Builder
	fmt.Fprintf(&b, "Table %s is the watchlist for %s: origin states ranked by the rise of their domestic repression (minus Fariss's latent physical-integrity score) from %s to %s, the Political Terror Scale shown beside it; for each of the top %d, %d host states ", st.spec.Out[0], w.Meta["year"], yearMinus(w.Meta["year"], 3), w.Meta["year"], st.Top, st.Hosts)
	if w.Col("p_coop") != nil {
		b.WriteString("ranked by the probability of a cooperative incident that the host-cooperation model (a logit of directed dyad-years after Michaelsen and Ruijgrok 2024, fitted by Firth's penalised likelihood (Firth 1993; Heinze and Schemper 2002) on the earlier years, and by maximum likelihood with dyadic-robust errors (Aronow, Samii and Assenova 2015) for comparison) predicts")
		if a := w.Meta["auc"]; a != "" {
			b.WriteString("; the area under the ROC curve of those predictions (Hanley and McNeil 1982) is " + a)
		}
	} else {
		b.WriteString("ranked by link_score, " + w.Meta["link_score"])
	}
	fmt.Fprintf(&b, ". Source years: shared autocratic organizations %s; alliances %s; UN agreement %s.", w.Meta["source_year:shared_autocratic_igos"], w.Meta["source_year:alliance"], w.Meta["source_year:un_agreement"])
	return b.String()
}

func yearMinus(y string, k int) string {
	var n int
	if _, err := fmt.Sscan(y, &n); err != nil {
		return "?"
	}
	return fmt.Sprint(n - k)
}
