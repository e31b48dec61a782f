package table

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeMarkdown writes t as a GitHub-flavoured Markdown pipe table: a
// header row, an alignment row, then one row per table row. Int and float
// columns are right-aligned (---:), string and bool columns left-aligned
// (:---). Cells are padded to the column's width in runes so that the text
// reads as a table too. Missing values are empty cells; "|" in text is
// escaped as "\|" and line breaks become spaces.
//
// Floats are shown by FormatFloat, or, when digits > 0, rounded to that
// many significant digits first (so 0.123456 with 3 digits shows as 0.123
// and 1234.5 as 1230).
func writeMarkdown(w io.Writer, t *Table, digits int) error {
	if len(t.Columns) == 0 {
		return nil
	}
	n := t.NumRows()
	cells := make([][]string, len(t.Columns))
	width := make([]int, len(t.Columns))
	right := make([]bool, len(t.Columns))
	for j, c := range t.Columns {
		right[j] = c.Type == Int || c.Type == Float
		col := make([]string, n+1)
		col[0] = markdownText(c.Name)
		for i := 0; i < n; i++ {
			switch {
			case c.IsMissing(i):
			case c.Type == Float && digits > 0:
				col[i+1] = FormatFloat(roundSignificant(c.Floats[i], digits))
			case c.Type == String:
				col[i+1] = markdownText(c.Strings[i])
			default:
				col[i+1] = c.Format(i)
			}
		}
		width[j] = 3 // the alignment row needs at least three dashes
		for _, s := range col {
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
		cells[j] = col
	}
	var b strings.Builder
	row := func(i int) {
		b.WriteByte('|')
		for j := range cells {
			s := cells[j][i]
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(s))
			b.WriteByte(' ')
			if right[j] {
				b.WriteString(pad)
				b.WriteString(s)
			} else {
				b.WriteString(s)
				b.WriteString(pad)
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	row(0)
	b.WriteByte('|')
	for j := range cells {
		b.WriteByte(' ')
		if right[j] {
			b.WriteString(strings.Repeat("-", width[j]-1))
			b.WriteByte(':')
		} else {
			b.WriteByte(':')
			b.WriteString(strings.Repeat("-", width[j]-1))
		}
		b.WriteString(" |")
	}
	b.WriteByte('\n')
	for i := 1; i <= n; i++ {
		row(i)
		if b.Len() >= 1<<16 {
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownText escapes s for a table cell.
func markdownText(s string) string {
	if !strings.ContainsAny(s, "|\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	s = strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
	return s
}

// roundSignificant rounds v to digits significant decimal digits, with
// ties rounded as strconv does (to the correctly rounded decimal).
func roundSignificant(v float64, digits int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', digits-1, 64), 64)
	if err != nil {
		return v
	}
	return r
}
