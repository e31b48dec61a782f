package notebooks

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// methodsBib holds the BibTeX entries steps cite for their methods.
//
//go:embed methods.bib
var methodsBib string

// bibEntry is one parsed BibTeX entry.
type bibEntry struct {
	Type   string            // lower case: article, misc, ...
	Key    string            // citation key
	Fields map[string]string // lower-case field name -> raw value, outer braces or quotes removed
	Raw    string            // the entry's text as written
}

// parseBib parses the entries of a BibTeX file: @type{key, field = {value}
// | "value" | number, ...}. Text outside entries, @comment, @preamble and
// @string are skipped. Malformed input yields the entries read before it
// and an error.
func parseBib(src string) ([]bibEntry, error) {
	var out []bibEntry
	i := 0
	for {
		at := strings.IndexByte(src[i:], '@')
		if at < 0 {
			return out, nil
		}
		start := i + at
		i = start + 1
		j := i
		for j < len(src) && (unicode.IsLetter(rune(src[j]))) {
			j++
		}
		typ := strings.ToLower(src[i:j])
		k := j
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
			k++
		}
		if typ == "" || k >= len(src) || (src[k] != '{' && src[k] != '(') {
			continue // a stray @ in text
		}
		closeCh := byte('}')
		if src[k] == '(' {
			closeCh = ')'
		}
		end, err := matchBrace(src, k, closeCh)
		if err != nil {
			return out, fmt.Errorf("bibtex: entry at byte %d: %v", start, err)
		}
		i = end + 1
		if typ == "comment" || typ == "preamble" || typ == "string" {
			continue
		}
		body := src[k+1 : end]
		comma := strings.IndexByte(body, ',')
		if comma < 0 {
			return out, fmt.Errorf("bibtex: entry at byte %d: no comma after the key", start)
		}
		e := bibEntry{Type: typ, Key: strings.TrimSpace(body[:comma]), Fields: map[string]string{}, Raw: src[start : end+1]}
		if e.Key == "" {
			return out, fmt.Errorf("bibtex: entry at byte %d: empty key", start)
		}
		if err := parseFields(body[comma+1:], e.Fields); err != nil {
			return out, fmt.Errorf("bibtex: entry %s: %v", e.Key, err)
		}
		out = append(out, e)
	}
}

// matchBrace returns the index of the closing delimiter of the one at
// open, skipping backslash escapes.
func matchBrace(s string, open int, closeCh byte) (int, error) {
	openCh := s[open]
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case openCh:
			depth++
		case closeCh:
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("unterminated entry")
}

func parseFields(s string, f map[string]string) error {
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return nil
		}
		eq := strings.IndexByte(s[i:], '=')
		if eq < 0 {
			return fmt.Errorf("expected name = value near %q", clip(s[i:]))
		}
		name := strings.ToLower(strings.TrimSpace(s[i : i+eq]))
		if name == "" || strings.ContainsAny(name, " {}\"") {
			return fmt.Errorf("bad field name %q", clip(name))
		}
		i += eq + 1
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			return fmt.Errorf("field %s has no value", name)
		}
		var val string
		switch s[i] {
		case '{':
			end, err := matchBrace(s, i, '}')
			if err != nil {
				return fmt.Errorf("field %s: %v", name, err)
			}
			val, i = s[i+1:end], end+1
		case '"':
			j := i + 1
			depth := 0
			for ; j < len(s); j++ {
				if s[j] == '{' {
					depth++
				} else if s[j] == '}' {
					depth--
				} else if s[j] == '"' && depth == 0 {
					break
				}
			}
			if j >= len(s) {
				return fmt.Errorf("field %s: unterminated string", name)
			}
			val, i = s[i+1:j], j+1
		default:
			j := i
			for j < len(s) && s[j] != ',' {
				j++
			}
			val, i = strings.TrimSpace(s[i:j]), j
		}
		f[name] = strings.Join(strings.Fields(val), " ")
	}
}

func clip(s string) string {
	if len(s) > 30 {
		return s[:30] + "..."
	}
	return s
}

// bibKeys returns the keys of the entries in src, in order.
func bibKeys(src string) []string {
	es, _ := parseBib(src)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Key
	}
	return out
}

// latexAccents maps a LaTeX accent command and letter to the character.
var latexAccents = map[string]string{
	`'a`: "á", `'e`: "é", `'i`: "í", `'o`: "ó", `'u`: "ú", `'y`: "ý", `'c`: "ć", `'n`: "ń", `'s`: "ś", `'z`: "ź",
	`'A`: "Á", `'E`: "É", `'I`: "Í", `'O`: "Ó", `'U`: "Ú", `'C`: "Ć", `'S`: "Ś", `'Z`: "Ź",
	"`a": "à", "`e": "è", "`i": "ì", "`o": "ò", "`u": "ù", "`A": "À", "`E": "È",
	`^a`: "â", `^e`: "ê", `^i`: "î", `^o`: "ô", `^u`: "û",
	`"a`: "ä", `"e`: "ë", `"i`: "ï", `"o`: "ö", `"u`: "ü", `"A`: "Ä", `"O`: "Ö", `"U`: "Ü",
	`~n`: "ñ", `~a`: "ã", `~o`: "õ", `~N`: "Ñ", `cc`: "ç", `cC`: "Ç", `cs`: "ş", `vs`: "š", `vc`: "č", `vz`: "ž", `vS`: "Š", `vC`: "Č",
}

// detex turns a BibTeX value into plain text: accents become letters,
// braces go, -- and --- become dashes, \& & and \url{x} x.
func detex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}':
			continue
		case '~':
			b.WriteByte(' ')
			continue
		case '-':
			if strings.HasPrefix(s[i:], "---") {
				b.WriteString("—")
				i += 2
				continue
			}
			if strings.HasPrefix(s[i:], "--") {
				b.WriteString("–")
				i++
				continue
			}
		case '\\':
			rest := s[i+1:]
			if strings.HasPrefix(rest, "url") {
				i += 3
				continue
			}
			if len(rest) > 0 && strings.ContainsRune(`&%$#_`, rune(rest[0])) {
				b.WriteByte(rest[0])
				i++
				continue
			}
			if len(rest) >= 2 {
				acc := rest[0]
				letter := strings.TrimLeft(rest[1:], "{ ")
				if len(letter) > 0 {
					if r, ok := latexAccents[string(acc)+letter[:1]]; ok {
						b.WriteString(r)
						i += 1 + (len(rest[1:]) - len(letter)) + 1
						continue
					}
				}
			}
			// An unknown command: drop the backslash and its name.
			j := 0
			for j < len(rest) && unicode.IsLetter(rune(rest[j])) {
				j++
			}
			i += j
			continue
		}
		b.WriteByte(c)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// person is one author: last name and the rest.
type person struct{ last, first string }

// authors splits a BibTeX author list ("Last, First and First Last and
// {Organisation}").
func authors(s string) []person {
	var out []person
	for _, a := range splitAnd(s) {
		a = strings.TrimSpace(a)
		if strings.HasPrefix(a, "{") && strings.HasSuffix(a, "}") {
			out = append(out, person{last: detex(a)})
			continue
		}
		if last, first, ok := strings.Cut(a, ","); ok {
			out = append(out, person{last: detex(last), first: detex(first)})
			continue
		}
		words := strings.Fields(detex(a))
		if len(words) == 0 {
			continue
		}
		out = append(out, person{last: words[len(words)-1], first: strings.Join(words[:len(words)-1], " ")})
	}
	return out
}

// splitAnd splits at " and " outside braces.
func splitAnd(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ', '\n', '\t':
			if depth == 0 && strings.HasPrefix(s[i+1:], "and") && i+4 < len(s) && (s[i+4] == ' ' || s[i+4] == '\n' || s[i+4] == '\t') {
				out = append(out, s[start:i])
				start = i + 5
				i += 4
			}
		}
	}
	return append(out, s[start:])
}

// citeInText returns an author-year citation of entry key in src, such as
// "(Pevehouse et al. 2020)", or "".
func citeInText(src, key string) string {
	es, _ := parseBib(src)
	for _, e := range es {
		if e.Key != key {
			continue
		}
		ps := authors(e.Fields["author"])
		var who string
		switch len(ps) {
		case 0:
			who = detex(e.Fields["title"])
		case 1:
			who = ps[0].last
		case 2:
			who = ps[0].last + " and " + ps[1].last
		default:
			who = ps[0].last + " et al."
		}
		return "(" + strings.TrimSpace(who+" "+e.Fields["year"]) + ")"
	}
	return ""
}

// formatRef returns a reference in author-date text form, with Markdown
// italics for the journal or book.
func formatRef(e bibEntry) string {
	f := func(k string) string { return detex(e.Fields[k]) }
	var b strings.Builder
	ps := authors(e.Fields["author"])
	for i, p := range ps {
		switch {
		case i == 0:
			b.WriteString(p.last)
			if p.first != "" {
				b.WriteString(", " + p.first)
			}
			continue
		case i == len(ps)-1 && len(ps) == 2:
			b.WriteString(" and ")
		case i == len(ps)-1:
			b.WriteString(", and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strings.TrimSpace(p.first + " " + p.last))
	}
	end := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, ".") {
			b.WriteString(".")
		}
	}
	end()
	if y := f("year"); y != "" {
		b.WriteString(" " + y + ".")
	}
	title := f("title")
	switch e.Type {
	case "book":
		b.WriteString(" *" + title + "*.")
		if p := f("publisher"); p != "" {
			b.WriteString(" " + p + ".")
		}
	case "article":
		fmt.Fprintf(&b, " “%s.” *%s*", strings.TrimSuffix(title, "."), f("journal"))
		if v := f("volume"); v != "" {
			b.WriteString(" " + v)
			if n := f("number"); n != "" {
				b.WriteString("(" + n + ")")
			}
		}
		if p := f("pages"); p != "" {
			b.WriteString(": " + p)
		}
		b.WriteString(".")
	default:
		fmt.Fprintf(&b, " “%s.”", strings.TrimSuffix(title, "."))
		if e.Type == "techreport" {
			b.WriteString(" Technical report")
			if n := f("number"); n != "" {
				b.WriteString(" " + n)
			}
			if in := f("institution"); in != "" {
				b.WriteString(", " + in)
			}
			b.WriteString(".")
		}
		for _, k := range []string{"howpublished", "publisher", "note"} {
			if v := f(k); v != "" {
				if !strings.HasPrefix(v, "http") {
					v = strings.ToUpper(v[:1]) + v[1:]
				}
				b.WriteString(" " + v)
				if !strings.HasSuffix(v, ".") {
					b.WriteString(".")
				}
			}
		}
	}
	if d := f("doi"); d != "" {
		b.WriteString(" https://doi.org/" + d + ".")
	}
	return b.String()
}

// sortRefs sorts entries by first author, year, then title.
func sortRefs(es []bibEntry) {
	key := func(e bibEntry) string {
		ps := authors(e.Fields["author"])
		who := ""
		if len(ps) > 0 {
			who = ps[0].last + " " + ps[0].first
		}
		return strings.ToLower(who) + "\x00" + e.Fields["year"] + "\x00" + strings.ToLower(detex(e.Fields["title"]))
	}
	sort.SliceStable(es, func(a, b int) bool { return key(es[a]) < key(es[b]) })
}
