package notebooks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/table"
	"github.com/repnet/repnet/loaders"
)

func init() {
	registerStep("table", `Loads a table: a bundled dataset's tidy table, or a file of yours.
  dataset = "ID"        a bundled dataset (see 'repnet datasets'), with
    table = "NAME"      optionally a secondary table (such as igos for cow-igo),
    years = "A-B"       the years to keep ("1990-2014", "2014", 2014 or [1990, 2014]),
    undirected = true   (atop) non-directed dyad-years,
    keep_uncoded = true (vdem, vdem-row, lied) keep units without a COW code;
  or file = "PATH"      a .csv, .csv.gz or .parquet file, relative to the notebook,
    sha256 = "HEX"      its sha256, checked before anything runs.
  out = "NAME" names the table. [inputs.NAME] is the same step with id and out NAME.
  A loaded table is written to tables/ only when a write step asks.`, newTableStep)
}

type tableStep struct {
	spec        *Spec
	dir         string
	Dataset     string     `toml:"dataset"`
	Table       string     `toml:"table"`
	Years       yearsParam `toml:"years"`
	Undirected  bool       `toml:"undirected"`
	KeepUncoded bool       `toml:"keep_uncoded"`
	File        string     `toml:"file"`
	SHA256      string     `toml:"sha256"`
}

func newTableStep(s *Spec, p *Params) (Step, error) {
	t := &tableStep{spec: s, dir: p.nb.Dir}
	if err := p.Decode(t); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(s.In) > 0 {
		return nil, p.Errorf("in", "a table step reads no table: give dataset or file instead of in")
	}
	if len(s.Out) != 1 {
		return nil, p.Errorf("out", "a table step makes one table: out = \"NAME\"")
	}
	switch {
	case t.Dataset == "" && t.File == "":
		return nil, p.Errorf("", "give dataset = \"ID\" (a bundled dataset: %s) or file = \"PATH\"", strings.Join(loaders.IDs(), ", "))
	case t.Dataset != "" && t.File != "":
		return nil, p.Errorf("file", "give dataset or file, not both")
	case t.Dataset != "":
		known := false
		for _, id := range loaders.IDs() {
			known = known || id == t.Dataset
		}
		if !known {
			hint := ""
			if c := closest(t.Dataset, loaders.IDs()); c != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", c)
			}
			return nil, p.Errorf("dataset", "unknown dataset %q%s (bundled: %s)", t.Dataset, hint, strings.Join(loaders.IDs(), ", "))
		}
		tabs := loaders.Tables(t.Dataset)
		found := false
		for _, n := range tabs {
			found = found || n == t.Table
		}
		if !found {
			return nil, p.Errorf("table", "dataset %s has no table %q (tables: %s)", t.Dataset, t.Table, strings.Join(tabs[1:], ", "))
		}
		if t.Undirected && t.Dataset != "atop" {
			return nil, p.Errorf("undirected", "undirected applies to atop only")
		}
		if t.KeepUncoded && t.Dataset != "vdem" && t.Dataset != "vdem-row" && t.Dataset != "lied" {
			return nil, p.Errorf("keep_uncoded", "keep_uncoded applies to vdem, vdem-row and lied only")
		}
		if t.SHA256 != "" {
			return nil, p.Errorf("sha256", "sha256 is for files: bundled datasets are checked against the registry")
		}
	default:
		for _, k := range []string{"table", "years", "undirected", "keep_uncoded"} {
			if p.Has(k) {
				return nil, p.Errorf(k, "%s applies to bundled datasets, not files", k)
			}
		}
		if filepath.IsAbs(t.File) || strings.HasPrefix(t.File, "~") {
			return nil, p.Errorf("file", "file %q: give a path relative to the notebook, so that it runs on any machine", t.File)
		}
		lower := strings.ToLower(t.File)
		if !strings.HasSuffix(lower, ".csv") && !strings.HasSuffix(lower, ".csv.gz") && !strings.HasSuffix(lower, ".parquet") {
			return nil, p.Errorf("file", "file %q: want a .csv, .csv.gz or .parquet file", t.File)
		}
		b, err := os.ReadFile(filepath.Join(t.dir, t.File))
		if err != nil {
			return nil, p.Errorf("file", "cannot read %s: %v", t.File, unwrapPath(err))
		}
		sum := sha256.Sum256(b)
		got := hex.EncodeToString(sum[:])
		switch {
		case t.SHA256 == "":
			return nil, p.Errorf("file", "file %s has no sha256: add sha256 = %q next to it, so that a changed file cannot go unnoticed", t.File, got)
		case !strings.EqualFold(t.SHA256, got):
			return nil, p.Errorf("sha256", "file %s has sha256 %s, but the notebook says %s: the file changed (if on purpose, update sha256)", t.File, got, t.SHA256)
		}
		t.SHA256 = got
	}
	return t, nil
}

// unwrapPath drops the path from an *os.PathError, which repeats the file
// name (perhaps made absolute) that the message already gives.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (t *tableStep) Inputs() []string { return nil }
func (t *tableStep) Outputs() []Output {
	return []Output{{Name: t.spec.Out[0], Kind: TableOutput}}
}
func (t *tableStep) Cites() []string { return nil }
func (t *tableStep) IsSource()       {}

func (t *tableStep) Run(ctx *Context) error {
	if t.File != "" {
		full := filepath.Join(t.dir, t.File)
		tb, err := table.ReadFile(full)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(t.File)
		for i, s := range tb.Sources {
			if s.Path == full {
				if s.SHA256 != t.SHA256 {
					return fmt.Errorf("file %s changed while the notebook ran (sha256 %s, expected %s)", t.File, s.SHA256, t.SHA256)
				}
				tb.Sources[i].Path = rel
			}
		}
		ctx.SetTable(t.spec.Out[0], tb)
		return nil
	}
	opts := loaders.Options{Years: t.Years.YearRange, Table: t.Table, Undirected: t.Undirected, KeepUncoded: t.KeepUncoded}
	if t.Dataset == "unvotes" {
		c, err := loaders.LoadCountries()
		if err != nil {
			return err
		}
		opts.Resolve = c.Resolve
	}
	tb, err := loaders.Load(t.Dataset, opts)
	if err != nil {
		return err
	}
	ctx.SetTable(t.spec.Out[0], tb)
	return nil
}

func (t *tableStep) Methods(ctx *Context) string {
	tb, err := ctx.Table(t.spec.Out[0])
	if err != nil {
		return ""
	}
	name := t.spec.Out[0]
	if t.File != "" {
		return fmt.Sprintf("Table %s is the file %s (sha256 %s…, %s rows).", name, filepath.ToSlash(t.File), t.SHA256[:12], comma(int64(tb.NumRows())))
	}
	what := t.Dataset
	if t.Table != "" {
		what += "/" + t.Table
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Table %s is %s (%s)", name, what, loaders.About(t.Dataset, t.Table))
	if t.Years.set {
		fmt.Fprintf(&b, ", years %s", t.Years.YearRange)
	} else if c := tb.Meta["coverage"]; c != "" {
		fmt.Fprintf(&b, ", years %s", c)
	}
	fmt.Fprintf(&b, ", %s rows", comma(int64(tb.NumRows())))
	// One clause per dataset, listing the files read from it.
	var parts []string
	var order []string
	byDataset := map[string][]string{}
	for _, s := range tb.Sources {
		if _, seen := byDataset[s.Dataset]; !seen {
			order = append(order, s.Dataset)
		}
		byDataset[s.Dataset] = append(byDataset[s.Dataset], fmt.Sprintf("%s (sha256 %s…)", s.File, s.SHA256[:12]))
	}
	for _, id := range order {
		d, err := datasets.Get(id)
		if err != nil {
			continue
		}
		title := d.Title
		if d.Version != "" && !strings.Contains(title, d.Version) {
			title += ", version " + d.Version
		}
		if keys := bibKeys(d.BibTeX()); len(keys) > 0 {
			title += " " + citeInText(d.BibTeX(), keys[0])
		}
		parts = append(parts, fmt.Sprintf("%s: %s", title, strings.Join(byDataset[id], ", ")))
	}
	if len(parts) > 0 {
		b.WriteString(", from " + strings.Join(parts, "; "))
	}
	b.WriteString(".")
	return b.String()
}
