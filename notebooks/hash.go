package notebooks

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"math"
	"os"
	"sort"
	"sync"

	"github.com/repnet/repnet/internal/table"
)

// StepSeed returns the seed of the step with the given id in a notebook
// with root seed root: the first 8 bytes, read as a big-endian uint64, of
// the sha256 of the root seed as 8 big-endian bytes (two's complement)
// followed by the id's UTF-8 bytes. Each step gets its own stream, which
// does not change when other steps are added, removed or reordered.
func StepSeed(root int64, id string) uint64 {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(root))
	h.Write(b[:])
	io.WriteString(h, id)
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// hashTable returns the sha256 of t's content: column names, types,
// values and missing flags, sources and metadata. Two tables that write
// the same files have the same hash.
func hashTable(t *table.Table) string {
	h := sha256.New()
	var buf []byte
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	u64 := func(v uint64) { buf = binary.BigEndian.AppendUint64(buf, v) }
	str := func(s string) {
		u64(uint64(len(s)))
		buf = append(buf, s...)
	}
	u64(uint64(len(t.Columns)))
	u64(uint64(t.NumRows()))
	for _, c := range t.Columns {
		str(c.Name)
		buf = append(buf, byte(c.Type))
		for i := 0; i < c.Len(); i++ {
			if c.IsMissing(i) || c.Type == table.Float && math.IsNaN(c.Floats[i]) {
				buf = append(buf, 0)
				continue
			}
			buf = append(buf, 1)
			switch c.Type {
			case table.Int:
				u64(uint64(c.Ints[i]))
			case table.Float:
				u64(math.Float64bits(c.Floats[i]))
			case table.String:
				str(c.Strings[i])
			case table.Bool:
				if c.Bools[i] {
					buf = append(buf, 1)
				} else {
					buf = append(buf, 0)
				}
			}
			if len(buf) > 1<<16 {
				flush()
			}
		}
	}
	u64(uint64(len(t.Sources)))
	for _, s := range t.Sources {
		str(s.Dataset)
		str(s.File)
		str(s.Path)
		str(s.SHA256)
	}
	keys := make([]string, 0, len(t.Meta))
	for k := range t.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		str(k)
		str(t.Meta[k])
	}
	flush()
	return hex.EncodeToString(h.Sum(nil))
}

var (
	binOnce sync.Once
	binHash string
)

// binaryHash returns the sha256 of the running executable, so that a
// cache entry made by another build is never used; "" if it cannot be
// read (the cache is then not used).
func binaryHash() string {
	binOnce.Do(func() {
		p, err := os.Executable()
		if err != nil {
			return
		}
		f, err := os.Open(p)
		if err != nil {
			return
		}
		defer f.Close()
		var h hash.Hash = sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return
		}
		binHash = hex.EncodeToString(h.Sum(nil))
	})
	return binHash
}
