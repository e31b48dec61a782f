package notebooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/table"
)

// Options control a run.
type Options struct {
	// Out is the output folder; "" means the folder NAME next to the
	// notebook file NAME.toml.
	Out string
	// Force recomputes every step, ignoring the cache (and refreshing it).
	Force bool
	// NoCache neither reads nor writes the cache.
	NoCache bool
	// CacheDir is the cache folder; "" means .cache/NAME next to the
	// output folder.
	CacheDir string
	// Version is the repnet version, written into the manifest, the
	// report and every Parquet file.
	Version string
	// Progress receives one line per step; nil for none.
	Progress io.Writer
	// Parallel is the number of steps run at once; 0 means GOMAXPROCS.
	Parallel int
}

// Result describes a finished run.
type Result struct {
	Out    string     // the output folder
	Files  []FileInfo // every output file, sorted by path
	Ran    []string   // ids of the steps computed
	Cached []string   // ids of the steps whose outputs came from the cache
}

// FileInfo is one output file.
type FileInfo struct {
	Path   string `json:"path"` // relative to the output folder, with /
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Tables of fewer rows than this are also written as CSV.
const smallTable = 5000

// Tables of at most this many rows are shown in the report.
const reportRows = 25

// OutDir returns the output folder of nb under opts.
func (nb *Notebook) OutDir(opts Options) string {
	if opts.Out != "" {
		return opts.Out
	}
	return filepath.Join(nb.Dir, nb.Name)
}

func (nb *Notebook) cacheDir(opts Options) string {
	if opts.CacheDir != "" {
		return opts.CacheDir
	}
	out := filepath.Clean(nb.OutDir(opts))
	return filepath.Join(filepath.Dir(out), ".cache", filepath.Base(out))
}

// run is the state of one run.
type run struct {
	nb    *Notebook
	opts  Options
	cache bool // read and write the cache

	mu     sync.Mutex
	tables map[string]*table.Table
	ctxs   map[*entry]*Context
	keys   map[*entry]string // cache keys
	hits   map[*entry]bool
	hashes map[*table.Table]string
}

// Run computes every step, in dependency order with independent steps in
// parallel, and writes the outputs (see the package documentation) to the
// output folder. Everything is computed first, in memory; the files are
// then written to a staging folder next to the output folder, which
// replaces it only when complete. A failed run leaves the output folder as
// it was.
func (nb *Notebook) Run(opts Options) (*Result, error) {
	start := time.Now()
	out := nb.OutDir(opts)
	if err := checkReplaceable(out); err != nil {
		return nil, err
	}
	r := &run{nb: nb, opts: opts, tables: map[string]*table.Table{}, ctxs: map[*entry]*Context{},
		keys: map[*entry]string{}, hits: map[*entry]bool{}, hashes: map[*table.Table]string{}}
	r.cache = !opts.NoCache && binaryHash() != ""
	if err := r.execute(); err != nil {
		return nil, err
	}
	files, err := r.assemble()
	if err != nil {
		return nil, err
	}
	if err := writeTree(out, files); err != nil {
		return nil, err
	}
	res := &Result{Out: out}
	for _, e := range nb.entries {
		if r.hits[e] {
			res.Cached = append(res.Cached, e.spec.ID)
		} else {
			res.Ran = append(res.Ran, e.spec.ID)
		}
	}
	res.Files = fileInfos(files)
	if r.cache {
		r.saveCache()
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "repnet: %s: wrote %d files to %s in %.2f s (%d steps computed, %d from the cache)\n",
			nb.Path, len(files), out, time.Since(start).Seconds(), len(res.Ran), len(res.Cached))
	}
	return res, nil
}

func fileInfos(files map[string][]byte) []FileInfo {
	out := make([]FileInfo, 0, len(files))
	for p, b := range files {
		sum := sha256.Sum256(b)
		out = append(out, FileInfo{Path: p, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(b))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// execute runs every entry once its inputs exist, at most Parallel at a
// time. Each step's outputs depend only on its inputs, so the schedule
// does not change the results. On a failure no further step starts, and
// the error of the failed step first in the file is returned.
func (r *run) execute() error {
	deps := r.nb.producers()
	waiting := map[*entry]int{}
	users := map[*entry][]*entry{}
	for _, e := range r.nb.entries {
		waiting[e] = len(deps[e])
		for _, d := range deps[e] {
			users[d] = append(users[d], e)
		}
	}
	order := map[*entry]int{}
	var ready []*entry
	for i, e := range r.nb.entries {
		order[e] = i
		if waiting[e] == 0 {
			ready = append(ready, e)
		}
	}
	par := r.opts.Parallel
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	type done struct {
		e   *entry
		err error
		dur time.Duration
	}
	ch := make(chan done)
	running, finished := 0, 0
	var failed *entry
	var firstErr error
	for finished < len(r.nb.entries) {
		for running < par && len(ready) > 0 && firstErr == nil {
			e := ready[0]
			ready = ready[1:]
			running++
			go func() {
				t0 := time.Now()
				err := r.exec(e)
				ch <- done{e, err, time.Since(t0)}
			}()
		}
		if running == 0 {
			break
		}
		d := <-ch
		running--
		finished++
		if d.err != nil {
			if failed == nil || order[d.e] < order[failed] {
				failed, firstErr = d.e, d.err
			}
			continue
		}
		if r.opts.Progress != nil {
			how := fmt.Sprintf("%.2f s", d.dur.Seconds())
			if r.hits[d.e] {
				how = "from the cache"
			}
			fmt.Fprintf(r.opts.Progress, "repnet: [%d/%d] %s (%s): %s\n", finished, len(r.nb.entries), d.e.spec.ID, d.e.spec.Kind, how)
		}
		for _, u := range users[d.e] {
			waiting[u]--
			if waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
		sort.Slice(ready, func(i, j int) bool { return order[ready[i]] < order[ready[j]] })
	}
	if firstErr != nil {
		var ne *Error
		if asError(firstErr, &ne) {
			return firstErr
		}
		return r.nb.errAt(failed.spec.Line, "%s: %v", r.nb.stepName(failed.spec), firstErr)
	}
	return nil
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// exec runs one entry (or takes its outputs from the cache).
func (r *run) exec(e *entry) (err error) {
	ctx := &Context{
		Spec: e.spec, Seed: StepSeed(r.nb.Seed, e.spec.ID), Dir: r.nb.Dir, Notebook: r.nb.Name + ".toml",
		tables: map[string]*table.Table{}, declared: map[string]Output{}, files: map[string]bool{},
		out: map[string]*table.Table{}, written: map[string][]byte{},
	}
	r.mu.Lock()
	for _, n := range e.step.Inputs() {
		ctx.tables[n] = r.tables[n]
	}
	r.mu.Unlock()
	for _, o := range e.step.Outputs() {
		ctx.declared[o.Name] = o
		for _, f := range o.Files {
			ctx.files[f] = true
		}
	}
	_, noCache := e.step.(uncached)
	key := ""
	if r.cache && !noCache {
		key = r.cacheKey(e, ctx)
	}
	hit := key != "" && !r.opts.Force && r.loadCache(key, e, ctx)
	if !hit {
		err = func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("internal error: %v", p)
				}
			}()
			return e.step.Run(ctx)
		}()
		if err != nil {
			return err
		}
	}
	for _, o := range e.step.Outputs() {
		if o.Kind == TableOutput && ctx.out[o.Name] == nil {
			return fmt.Errorf("made no table %q", o.Name)
		}
		for _, f := range o.Files {
			if ctx.written[f] == nil {
				return fmt.Errorf("wrote no file %s", f)
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for n, t := range ctx.out {
		r.tables[n] = t
	}
	r.ctxs[e] = ctx
	r.keys[e] = key
	r.hits[e] = hit
	return nil
}

// lookup returns a table of the finished run.
func (r *run) lookup(name string) (*table.Table, error) {
	if t, ok := r.tables[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("no table %q", name)
}

// assemble encodes every output file in memory.
func (r *run) assemble() (map[string][]byte, error) {
	nb := r.nb
	files := map[string][]byte{}
	// Which tables are written, in which formats.
	type plan struct {
		formats map[string]bool
		digits  int
		step    string
	}
	plans := map[string]*plan{}
	for _, e := range nb.entries {
		ctx := r.ctxs[e]
		for rel, b := range ctx.written {
			files[rel] = b
		}
		_, source := e.step.(sourceStep)
		for _, o := range e.step.Outputs() {
			if o.Kind != TableOutput || source {
				continue
			}
			p := &plan{formats: map[string]bool{"parquet": true}, digits: e.spec.Digits, step: e.spec.ID}
			if ctx.out[o.Name].NumRows() < smallTable {
				p.formats["csv"] = true
			}
			plans[o.Name] = p
		}
	}
	makers := map[string]string{}
	for _, e := range nb.entries {
		for _, o := range e.step.Outputs() {
			makers[o.Name] = e.spec.ID
		}
	}
	for _, e := range nb.entries {
		for _, req := range r.ctxs[e].requests {
			p := plans[req.name]
			if p == nil {
				p = &plan{formats: map[string]bool{}, digits: req.digits, step: makers[req.name]}
				plans[req.name] = p
			}
			p.digits = req.digits
			for _, f := range req.formats {
				p.formats[f] = true
			}
		}
	}
	names := make([]string, 0, len(plans))
	for n := range plans {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, t := plans[n], r.tables[n]
		wo := table.WriteOptions{
			Version:     r.opts.Version,
			CommandLine: []string{"repnet", "run", nb.Name + ".toml"},
			Meta:        map[string]string{"notebook": nb.Name + ".toml", "step": p.step},
			Digits:      p.digits,
		}
		for _, f := range []string{"parquet", "csv", "markdown", "latex"} {
			if !p.formats[f] {
				continue
			}
			var buf bytes.Buffer
			var err error
			var ext string
			switch f {
			case "parquet":
				ext, err = ".parquet", table.Write(&buf, t, table.Parquet, wo)
			case "csv":
				ext, err = ".csv", table.Write(&buf, t, table.CSV, wo)
			case "markdown":
				ext, err = ".md", table.Write(&buf, t, table.Markdown, wo)
			case "latex":
				ext, err = ".tex", writeLaTeX(&buf, t, p.digits)
			}
			if err != nil {
				return nil, fmt.Errorf("notebooks: writing table %s: %v", n, err)
			}
			files["tables/"+n+ext] = buf.Bytes()
		}
	}
	report, bib, err := r.report(files)
	if err != nil {
		return nil, err
	}
	files["report.md"] = report
	files["references.bib"] = bib
	man, err := r.manifest(files)
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = man
	return files, nil
}

// report renders report.md and references.bib.
func (r *run) report(files map[string][]byte) (report, bib []byte, err error) {
	nb := r.nb
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- Made by repnet %s from %s with 'repnet run'. Do not edit: edit the notebook and run it again. -->\n\n", r.opts.Version, nb.Name+".toml")
	fmt.Fprintf(&b, "# %s\n\n", nb.Title)
	lookup := func(name string) (*table.Table, error) { return r.lookup(name) }
	proses := map[string]prose{}
	for _, p := range nb.proses() {
		proses[p.what] = p
	}
	if p, ok := proses["description"]; ok {
		s, err := nb.render(p, lookup)
		if err != nil {
			return nil, nil, err
		}
		b.WriteString(s + "\n\n")
	}
	for _, e := range nb.entries {
		if e.input {
			continue
		}
		if p, ok := proses[fmt.Sprintf("step %q text", e.spec.ID)]; ok {
			s, err := nb.render(p, lookup)
			if err != nil {
				return nil, nil, err
			}
			if s != "" {
				b.WriteString(s + "\n\n")
			}
		}
		if e.spec.Show != nil && !*e.spec.Show {
			continue
		}
		_, source := e.step.(sourceStep)
		for _, o := range e.step.Outputs() {
			if o.Kind == FigureOutput {
				link := ""
				for _, ext := range []string{".png", ".svg", ".pdf"} {
					if f := "figures/" + o.Name + ext; files[f] != nil && link == "" {
						link = f
					}
				}
				fmt.Fprintf(&b, "![Figure %s](%s)\n\n", o.Name, link)
				continue
			}
			show := e.spec.Show != nil && *e.spec.Show || e.spec.Show == nil && e.spec.Text != "" && !source && !o.Detail
			if !show {
				continue
			}
			if o.Kind == DocumentOutput {
				var links, md []string
				for _, f := range o.Files {
					if strings.HasSuffix(f, ".md") {
						md = append(md, strings.TrimSpace(string(files[f])))
					} else {
						links = append(links, fmt.Sprintf("[%s](%s)", f, f))
					}
				}
				fmt.Fprintf(&b, "*Table %s* (%s):\n\n%s\n\n", o.Name, strings.Join(links, ", "), strings.Join(md, "\n\n"))
				continue
			}
			t := r.tables[o.Name]
			file := "tables/" + o.Name + ".csv"
			if files[file] == nil {
				file = "tables/" + o.Name + ".parquet"
			}
			link := ""
			if files[file] != nil {
				link = fmt.Sprintf(" ([%s](%s))", file, file)
			}
			if t.NumRows() > reportRows {
				fmt.Fprintf(&b, "*Table %s*%s: %s rows.\n\n", o.Name, link, comma(int64(t.NumRows())))
				continue
			}
			fmt.Fprintf(&b, "*Table %s*%s:\n\n", o.Name, link)
			var md bytes.Buffer
			if err := table.Write(&md, t, table.Markdown, table.WriteOptions{Digits: e.spec.Digits}); err != nil {
				return nil, nil, err
			}
			b.Write(md.Bytes())
			b.WriteString("\n")
		}
	}

	// Methods: each step's sentences, in file order, then provenance.
	var sentences []string
	cited := map[string]bool{"repnet": true}
	var seeds []string
	for _, e := range nb.entries {
		ctx := r.ctxs[e]
		if s := strings.TrimSpace(e.step.Methods(ctx)); s != "" {
			sentences = append(sentences, s)
		}
		for _, k := range e.step.Cites() {
			cited[k] = true
		}
		if sd, ok := e.step.(seeded); ok {
			if s, uses := sd.UsesSeed(ctx.Seed); uses {
				seeds = append(seeds, fmt.Sprintf("%s used seed %d", e.spec.ID, s))
			}
		}
	}
	methodsSrc := strings.ReplaceAll(methodsBib, "{VERSION}", r.opts.Version)
	sentences = append(sentences, fmt.Sprintf("Everything was computed with repnet %s %s from the notebook %s (sha256 %s…); manifest.json lists the sha256 of every input and output file.",
		r.opts.Version, citeInText(methodsSrc, "repnet"), nb.Name+".toml", nb.SHA256[:12]))
	if len(seeds) > 0 {
		sentences = append(sentences, fmt.Sprintf("Random numbers come from per-step seeds derived from the root seed %d (the first 8 bytes of the sha256 of the root seed and the step id): %s.", nb.Seed, strings.Join(seeds, "; ")))
	}
	b.WriteString("## Methods\n\n" + strings.Join(sentences, " ") + "\n\n")

	// References: every dataset a table came from, and the methods cited.
	ids := map[string]bool{}
	for _, t := range r.tables {
		for _, s := range t.Sources {
			if s.Dataset != "" {
				ids[s.Dataset] = true
			}
		}
	}
	idList := make([]string, 0, len(ids))
	for id := range ids {
		idList = append(idList, id)
	}
	sort.Strings(idList)
	// An entry cited by two datasets (a package both came through) is
	// listed once: BibTeX rejects duplicate keys.
	var refs []bibEntry
	var bibText strings.Builder
	listed := map[string]bool{}
	for _, id := range idList {
		d, err := datasets.Get(id)
		if err != nil {
			continue
		}
		es, err := parseBib(d.BibTeX())
		if err != nil {
			return nil, nil, fmt.Errorf("notebooks: dataset %s: %v", id, err)
		}
		fmt.Fprintf(&bibText, "%% Dataset %s: %s\n", id, d.Title)
		for _, e := range es {
			if listed[e.Key] {
				fmt.Fprintf(&bibText, "%% (%s: listed above)\n", e.Key)
				continue
			}
			listed[e.Key] = true
			refs = append(refs, e)
			bibText.WriteString(e.Raw + "\n\n")
		}
	}
	mes, err := parseBib(methodsSrc)
	if err != nil {
		return nil, nil, fmt.Errorf("notebooks: methods.bib: %v", err)
	}
	known := map[string]bool{}
	bibText.WriteString("% Methods and software\n")
	for _, e := range mes {
		known[e.Key] = true
		if cited[e.Key] && !listed[e.Key] {
			listed[e.Key] = true
			refs = append(refs, e)
			bibText.WriteString(e.Raw + "\n\n")
		}
	}
	for k := range cited {
		if !known[k] {
			return nil, nil, fmt.Errorf("notebooks: a step cites %q, which methods.bib lacks", k)
		}
	}
	sortRefs(refs)
	b.WriteString("## References\n\n")
	for _, e := range refs {
		b.WriteString("- " + formatRef(e) + "\n")
	}
	return []byte(b.String()), []byte(strings.TrimRight(bibText.String(), "\n") + "\n"), nil
}

// The manifest, with fields in alphabetical order of their JSON names so
// that every object's keys are sorted.
type manifest struct {
	Inputs        []manifestInput  `json:"inputs"`
	Notebook      manifestNotebook `json:"notebook"`
	Outputs       []FileInfo       `json:"outputs"`
	RepnetVersion string           `json:"repnet_version"`
	Steps         []manifestStep   `json:"steps"`
}

type manifestNotebook struct {
	File     string `json:"file"`
	RootSeed int64  `json:"root_seed"`
	SHA256   string `json:"sha256"`
	Title    string `json:"title"`
}

type manifestInput struct {
	Dataset string `json:"dataset,omitempty"`
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	Table   string `json:"table"` // the notebook's table it was read into
}

type manifestStep struct {
	ID   string   `json:"id"`
	In   []string `json:"in,omitempty"`
	Out  []string `json:"out,omitempty"`
	Run  string   `json:"run"`
	Seed string   `json:"seed,omitempty"` // decimal uint64, as text: JSON numbers lose precision past 2^53
}

func (r *run) manifest(files map[string][]byte) ([]byte, error) {
	nb := r.nb
	m := manifest{
		Notebook:      manifestNotebook{File: nb.Name + ".toml", RootSeed: nb.Seed, SHA256: nb.SHA256, Title: nb.Title},
		RepnetVersion: r.opts.Version,
		Outputs:       fileInfos(files),
		Inputs:        []manifestInput{},
	}
	for _, e := range nb.entries {
		ctx := r.ctxs[e]
		ms := manifestStep{ID: e.spec.ID, In: e.step.Inputs(), Run: e.spec.Kind}
		for _, o := range e.step.Outputs() {
			ms.Out = append(ms.Out, o.Name)
		}
		if sd, ok := e.step.(seeded); ok {
			if s, uses := sd.UsesSeed(ctx.Seed); uses {
				ms.Seed = fmt.Sprint(s)
			}
		}
		m.Steps = append(m.Steps, ms)
		if _, source := e.step.(sourceStep); !source {
			continue
		}
		for _, o := range e.step.Outputs() {
			for _, s := range ctx.out[o.Name].Sources {
				file := s.File
				if s.Dataset == "" {
					file = s.Path // relative to the notebook
				}
				m.Inputs = append(m.Inputs, manifestInput{Dataset: s.Dataset, File: file, SHA256: s.SHA256, Table: o.Name})
			}
		}
	}
	sort.SliceStable(m.Inputs, func(i, j int) bool {
		a, b := m.Inputs[i], m.Inputs[j]
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Dataset+"/"+a.File < b.Dataset+"/"+b.File
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkReplaceable refuses to replace a folder that is not a notebook's
// output (no manifest.json), so that a mistyped --out cannot delete files.
func checkReplaceable(out string) error {
	fi, err := os.Stat(out)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("notebooks: %v", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("notebooks: %s exists and is not a folder", out)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("notebooks: %v", err)
	}
	if len(ents) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		return fmt.Errorf("notebooks: %s exists and is not a notebook's output folder (it has no manifest.json): refusing to replace it; remove it or choose another --out", out)
	}
	return nil
}

// writeTree writes files to a staging folder next to out, then puts it in
// out's place.
func writeTree(out string, files map[string][]byte) (err error) {
	out = filepath.Clean(out)
	if err := checkReplaceable(out); err != nil {
		return err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("notebooks: %v", err)
	}
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return fmt.Errorf("notebooks: %v", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("notebooks: %v", err)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(staging, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("notebooks: %v", err)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return fmt.Errorf("notebooks: %v", err)
		}
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = strings.Replace(staging, ".staging-", ".old-", 1)
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("notebooks: replacing %s: %v", out, err)
		}
	}
	if err := os.Rename(staging, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("notebooks: replacing %s: %v", out, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Diff is one difference found by Verify.
type Diff struct {
	Path string // relative to the output folder
	// Kind is "differs" (the bytes differ), "missing" (the run makes the
	// file but the output folder lacks it) or "extra" (the output folder
	// has a file the run does not make).
	Kind string
}

// Verify recomputes the notebook at path into a temporary folder, without
// the cache, and compares every file with its output folder (opts.Out, or
// the default). It returns the differences, sorted by path; none means the
// committed outputs are exactly what the notebook makes.
func Verify(path string, opts Options) ([]Diff, error) {
	nb, err := Load(path)
	if err != nil {
		return nil, err
	}
	committed := nb.OutDir(opts)
	tmp, err := os.MkdirTemp("", "repnet-verify-")
	if err != nil {
		return nil, fmt.Errorf("notebooks: %v", err)
	}
	defer os.RemoveAll(tmp)
	o := opts
	o.Out, o.NoCache, o.Force = filepath.Join(tmp, nb.Name), true, true
	if _, err := nb.Run(o); err != nil {
		return nil, err
	}
	fresh, err := readTree(o.Out)
	if err != nil {
		return nil, err
	}
	have, err := readTree(committed)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var diffs []Diff
	for p, b := range fresh {
		switch hb, ok := have[p]; {
		case !ok:
			diffs = append(diffs, Diff{p, "missing"})
		case !bytes.Equal(hb, b):
			diffs = append(diffs, Diff{p, "differs"})
		}
	}
	for p := range have {
		if _, ok := fresh[p]; !ok {
			diffs = append(diffs, Diff{p, "extra"})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Path < diffs[j].Path })
	return diffs, nil
}

// readTree reads every file under dir, keyed by slash path relative to it.
func readTree(dir string) (map[string][]byte, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}
