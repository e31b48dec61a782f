package notebooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/BurntSushi/toml"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/internal/table"
)

// The cache keeps each step's outputs (its tables as Parquet and its
// files), so that a step whose inputs and parameters have not changed is
// not computed again. An entry's key is the sha256 of:
//
//   - the repnet version and the sha256 of the running repnet executable
//     (a different build never reuses an entry);
//   - the step's kind, its in and out names, and its kind-specific
//     parameters (not text, show or digits, which only shape the report);
//   - the content hash of each input table (values, types, missing flags,
//     sources and metadata);
//   - the step's seed, if it uses one;
//   - for table steps and steps that read bundled data themselves (network
//     layers), the sha256 of every bundled data file (a file input's
//     sha256 is among its parameters and checked before the run).
//
// Entries live in the cache folder (by default .cache/NAME next to the
// output folder, which git ignores), one folder per key. After a
// successful run, entries the run did not use are deleted. --force
// recomputes every step (and refreshes the entries); --verify never uses
// the cache.

var keyRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// tableHash returns the content hash of t, computed once per table.
func (r *run) tableHash(t *table.Table) string {
	r.mu.Lock()
	h, ok := r.hashes[t]
	r.mu.Unlock()
	if ok {
		return h
	}
	h = hashTable(t)
	r.mu.Lock()
	r.hashes[t] = h
	r.mu.Unlock()
	return h
}

// bundledData is a hash of the registry's sha256 of every bundled file.
func bundledData() string {
	h := sha256.New()
	for _, d := range datasets.All() {
		for _, f := range d.Files {
			h.Write([]byte(d.ID + "/" + f.Name + "=" + f.SHA256 + "\n"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (r *run) cacheKey(e *entry, ctx *Context) string {
	var params bytes.Buffer
	if err := toml.NewEncoder(&params).Encode(e.params); err != nil {
		return ""
	}
	type input struct{ Name, Hash string }
	k := struct {
		Version, Binary, Kind, Params string
		In, Out                       []string
		Inputs                        []input
		Seed                          uint64
		Data                          string
	}{Version: r.opts.Version, Binary: binaryHash(), Kind: e.spec.Kind, Params: params.String(), In: e.spec.In, Out: e.spec.Out}
	names := e.step.Inputs()
	sort.Strings(names)
	for _, n := range names {
		k.Inputs = append(k.Inputs, input{n, r.tableHash(ctx.tables[n])})
	}
	if sd, ok := e.step.(seeded); ok {
		if s, uses := sd.UsesSeed(ctx.Seed); uses {
			k.Seed = s
		}
	}
	_, source := e.step.(sourceStep)
	_, reader := e.step.(dataReader)
	if source || reader {
		k.Data = bundledData()
	}
	b, err := json.Marshal(k)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cacheIndex lists what an entry holds.
type cacheIndex struct {
	Tables []string `json:"tables"`
	Files  []string `json:"files"`
}

// loadCache fills ctx from the cache entry key; false if there is none
// or it cannot be read (the step is then computed).
func (r *run) loadCache(key string, e *entry, ctx *Context) bool {
	dir := filepath.Join(r.nb.cacheDir(r.opts), key)
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return false
	}
	var idx cacheIndex
	if json.Unmarshal(b, &idx) != nil {
		return false
	}
	out := map[string]*table.Table{}
	for _, n := range idx.Tables {
		p := filepath.Join(dir, "tables", n+".parquet")
		b, err := os.ReadFile(p)
		if err != nil {
			return false
		}
		t, err := table.ReadParquet(bytes.NewReader(b), int64(len(b)), p)
		if err != nil {
			return false
		}
		out[n] = t
	}
	written := map[string][]byte{}
	for _, f := range idx.Files {
		b, err := os.ReadFile(filepath.Join(dir, "files", filepath.FromSlash(f)))
		if err != nil {
			return false
		}
		written[f] = b
	}
	for _, o := range e.step.Outputs() {
		if o.Kind == TableOutput && out[o.Name] == nil {
			return false
		}
		for _, f := range o.Files {
			if written[f] == nil {
				return false
			}
		}
	}
	ctx.out, ctx.written = out, written
	return true
}

// saveCache stores the outputs of the steps computed in this run and
// deletes entries the run did not use. Failures are ignored: the cache
// only saves time.
func (r *run) saveCache() {
	root := r.nb.cacheDir(r.opts)
	used := map[string]bool{}
	for _, e := range r.nb.entries {
		key := r.keys[e]
		if key == "" {
			continue
		}
		used[key] = true
		dir := filepath.Join(root, key)
		if r.hits[e] {
			continue
		}
		if _, err := os.Stat(dir); err == nil {
			continue
		}
		r.writeEntry(root, dir, r.ctxs[e])
	}
	ents, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, d := range ents {
		if d.IsDir() && keyRE.MatchString(d.Name()) && !used[d.Name()] {
			os.RemoveAll(filepath.Join(root, d.Name()))
		}
	}
}

func (r *run) writeEntry(root, dir string, ctx *Context) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return
	}
	tmp, err := os.MkdirTemp(root, ".tmp-")
	if err != nil {
		return
	}
	defer os.RemoveAll(tmp)
	var idx cacheIndex
	for n, t := range ctx.out {
		idx.Tables = append(idx.Tables, n)
		var buf bytes.Buffer
		if err := table.Write(&buf, t, table.Parquet, table.WriteOptions{}); err != nil {
			return
		}
		p := filepath.Join(tmp, "tables", n+".parquet")
		if os.MkdirAll(filepath.Dir(p), 0o755) != nil || os.WriteFile(p, buf.Bytes(), 0o644) != nil {
			return
		}
	}
	for f, b := range ctx.written {
		idx.Files = append(idx.Files, f)
		p := filepath.Join(tmp, "files", filepath.FromSlash(f))
		if os.MkdirAll(filepath.Dir(p), 0o755) != nil || os.WriteFile(p, b, 0o644) != nil {
			return
		}
	}
	sort.Strings(idx.Tables)
	sort.Strings(idx.Files)
	b, err := json.Marshal(idx)
	if err != nil || os.WriteFile(filepath.Join(tmp, "index.json"), b, 0o644) != nil {
		return
	}
	os.Rename(tmp, dir)
}
