package notebooks

import (
	"fmt"

	"github.com/repnet/repnet/analysis/layers"
)

func init() {
	registerStep("igos", `The regime composition of every intergovernmental organization in COW IGO
  v3, one row per organization-year (as 'repnet igos'): year, igo, ionum,
  ioname, orgname, n_full, n_associate, n_observer, n_missing, n_regime,
  regime_coverage, n_autocracies, share_autocratic, n_polyarchy,
  polyarchy_mean, polyarchy_sd, autocratic, alive; out = "NAME".
  years = "1950-2014"   the years (default 1816-2014);
  threshold = 0.5       autocratic = share_autocratic >= threshold, where the
    share is that of closed or electoral autocracies (V-Dem v2x_regime 0, 1)
    among the full members with a Regimes of the World code (default 0.5).`, newIGOsStep)
}

type igosStep struct {
	spec      *Spec
	Years     yearsParam `toml:"years"`
	Threshold float64    `toml:"threshold"`
}

func newIGOsStep(s *Spec, p *Params) (Step, error) {
	st := &igosStep{spec: s}
	if err := p.Decode(st); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "an igos step reads no table: it reads COW IGO v3 and V-Dem's Regimes of the World")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "an igos step makes one table: out = \"NAME\"")
	}
	if !p.Has("threshold") {
		st.Threshold = layers.DefaultThreshold
	}
	if !(st.Threshold > 0 && st.Threshold <= 1) {
		return nil, p.Errorf("threshold", "threshold %v: want a share in (0, 1], such as 0.5 or 0.67", st.Threshold)
	}
	return st, nil
}

func (st *igosStep) Inputs() []string { return nil }
func (st *igosStep) Outputs() []Output {
	return []Output{{Name: st.spec.Out[0], Kind: TableOutput}}
}
func (st *igosStep) ReadsData() {}

func (st *igosStep) Cites() []string {
	return []string{"debre2021dark", "debre2022clubs", "cottiero2023stabilizing"}
}

func (st *igosStep) Run(ctx *Context) error {
	t, err := layerData(ctx).Composition(st.Years.YearRange, st.Threshold)
	if err != nil {
		return err
	}
	ctx.SetTable(st.spec.Out[0], t)
	return nil
}

func (st *igosStep) Methods(ctx *Context) string {
	t, err := ctx.Table(st.spec.Out[0])
	if err != nil {
		return ""
	}
	years := "1816-2014"
	if st.Years.set {
		years = yearsText(st.Years.YearRange.String())
	}
	return fmt.Sprintf("Table %s gives the regime composition of the intergovernmental organizations of COW IGO v3, %s (%s organization-years: those COW's IGO-year file counts as alive, or with a membership entry in its state-year file), the construct of Debre (2021, 2022) and Cottiero and Haggard (2023). "+
		"Only full members count; associate members and observers are reported but not counted. "+
		"%s; regime_coverage is the share of full members with a code. "+
		"polyarchy_mean and polyarchy_sd are the mean and sample (n - 1) standard deviation of the full members' V-Dem electoral democracy index.",
		st.spec.Out[0], years, comma(int64(t.NumRows())), capitalize(autocraticWords(st.Threshold)))
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
