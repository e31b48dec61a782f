package notebooks

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/repnet/repnet/internal/table"
)

// writeLaTeX writes t as a LaTeX tabular with booktabs rules, for pasting
// into a paper: a header of column names, one line per row, numbers
// right-aligned and text left-aligned, missing cells empty, floats rounded
// to digits significant digits, LaTeX's special characters escaped.
func writeLaTeX(w io.Writer, t *table.Table, digits int) error {
	var b strings.Builder
	b.WriteString("\\begin{tabular}{")
	for _, c := range t.Columns {
		if c.Type == table.Int || c.Type == table.Float {
			b.WriteByte('r')
		} else {
			b.WriteByte('l')
		}
	}
	b.WriteString("}\n\\toprule\n")
	for j, c := range t.Columns {
		if j > 0 {
			b.WriteString(" & ")
		}
		b.WriteString(texEscape(c.Name))
	}
	b.WriteString(" \\\\\n\\midrule\n")
	for i := 0; i < t.NumRows(); i++ {
		for j, c := range t.Columns {
			if j > 0 {
				b.WriteString(" & ")
			}
			if c.IsMissing(i) {
				continue
			}
			switch c.Type {
			case table.Float:
				b.WriteString(texEscape(roundSig(c.Floats[i], digits)))
			case table.Int:
				b.WriteString(strconv.FormatInt(c.Ints[i], 10))
			default:
				b.WriteString(texEscape(c.Format(i)))
			}
		}
		b.WriteString(" \\\\\n")
	}
	b.WriteString("\\bottomrule\n\\end{tabular}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// roundSig formats v rounded to digits significant digits as the
// Markdown writer does: the shortest text of the rounded value, so 343
// stays 343 and 0.0123456 with 3 digits is 0.0123.
func roundSig(v float64, digits int) string {
	if v != 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
		if r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', digits-1, 64), 64); err == nil {
			v = r
		}
	}
	return table.FormatFloat(v)
}

var texReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

func texEscape(s string) string { return texReplacer.Replace(s) }
