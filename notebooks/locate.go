package notebooks

import (
	"strings"
)

// A locator finds the line of each key of a notebook, which the TOML
// decoder does not report. It scans a file the decoder has already
// accepted, so it only needs to follow TOML's lexical structure: table
// headers, keys, strings (which may span lines and hold anything), comments
// and brackets.
type locator struct {
	// top maps a dotted key path outside any [[step]] to its position:
	// "title", "inputs.counts", "inputs.counts.dataset".
	top   map[string]*keyPos
	steps []*stepLoc
	lines []string
}

// stepLoc holds the positions inside one [[step]] table.
type stepLoc struct {
	line int                // the [[step]] header
	end  int                // the last line of the step
	keys map[string]*keyPos // dotted key path within the step
}

// keyPos is where a key and its value are.
type keyPos struct {
	line int // the key's line
	// valueLine is the line of the value's first character of content:
	// the line after the key for a multi-line string that starts with a
	// newline (TOML drops that newline), else the key's line.
	valueLine int
	// elems holds the line of each element of an array value.
	elems []int
}

func newLocator(src string) *locator {
	l := &locator{top: map[string]*keyPos{}, lines: strings.Split(src, "\n")}
	var (
		prefix  []string // current table header path
		inStep  *stepLoc // current [[step]], or nil
		stepSub []string // sub-table path inside the step ([step.page] -> page)
	)
	record := func(path []string, pos *keyPos) {
		if inStep != nil {
			full := append(append([]string(nil), stepSub...), path...)
			inStep.keys[strings.Join(full, ".")] = pos
			return
		}
		full := append(append([]string(nil), prefix...), path...)
		l.top[strings.Join(full, ".")] = pos
	}
	n := len(l.lines)
	for i := 0; i < n; i++ {
		line := l.lines[i]
		s := strings.TrimLeft(line, " \t")
		if s == "" || s[0] == '#' {
			continue
		}
		if s[0] == '[' {
			double := strings.HasPrefix(s, "[[")
			inner := s[1:]
			if double {
				inner = s[2:]
			}
			path, _ := parseKey(inner)
			if inStep != nil {
				inStep.end = i
			}
			if double && len(path) == 1 && path[0] == "step" {
				inStep = &stepLoc{line: i + 1, end: i + 1, keys: map[string]*keyPos{}}
				l.steps = append(l.steps, inStep)
				stepSub = nil
				continue
			}
			if len(path) > 1 && path[0] == "step" && inStep != nil {
				stepSub = path[1:]
				inStep.keys[strings.Join(stepSub, ".")] = &keyPos{line: i + 1, valueLine: i + 1}
				continue
			}
			inStep, stepSub, prefix = nil, nil, path
			l.top[strings.Join(path, ".")] = &keyPos{line: i + 1, valueLine: i + 1}
			continue
		}
		path, rest := parseKey(s)
		if len(path) == 0 || !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
			continue
		}
		val := strings.TrimLeft(strings.TrimLeft(rest, " \t")[1:], " \t")
		pos := &keyPos{line: i + 1, valueLine: i + 1}
		if (strings.HasPrefix(val, `"""`) || strings.HasPrefix(val, "'''")) && strings.TrimSpace(val[3:]) == "" {
			pos.valueLine = i + 2
		}
		record(path, pos)
		i = l.skipValue(i, len(line)-len(val), pos)
		if inStep != nil {
			inStep.end = i + 1
		}
	}
	return l
}

// skipValue scans the value that starts at line i, byte col, to its end,
// recording the lines of a top-level array's elements in pos, and returns
// the index of the value's last line.
func (l *locator) skipValue(i, col int, pos *keyPos) int {
	depth := 0
	arrayTop := false
	wantElem := false
	for ; i < len(l.lines); i, col = i+1, 0 {
		line := l.lines[i]
		for col < len(line) {
			c := line[col]
			switch {
			case c == '#':
				col = len(line)
				continue
			case c == ' ' || c == '\t' || c == '\r':
				col++
				continue
			}
			if wantElem && c != ']' && c != ',' {
				pos.elems = append(pos.elems, i+1)
				wantElem = false
			}
			switch c {
			case '"', '\'':
				var end bool
				i, col, end = l.skipString(i, col)
				if !end {
					return len(l.lines) - 1
				}
				if depth == 0 {
					return i
				}
				line = l.lines[i] // a multi-line string may end on a later line
				continue
			case '[', '{':
				if depth == 0 && c == '[' {
					arrayTop = true
				}
				depth++
				if arrayTop && depth == 1 {
					wantElem = true
				}
			case ']', '}':
				depth--
				wantElem = false
				if depth <= 0 {
					return i
				}
			case ',':
				if arrayTop && depth == 1 {
					wantElem = true
				}
			default:
				if depth == 0 {
					return i // a number, bool or date: one line
				}
			}
			col++
		}
	}
	return len(l.lines) - 1
}

// skipString skips the string starting at line i, byte col, returning
// the position just after it.
func (l *locator) skipString(i, col int) (int, int, bool) {
	line := l.lines[i]
	q := line[col]
	if strings.HasPrefix(line[col:], strings.Repeat(string(q), 3)) {
		delim := strings.Repeat(string(q), 3)
		col += 3
		for ; i < len(l.lines); i, col = i+1, 0 {
			line = l.lines[i]
			for col < len(line) {
				if q == '"' && line[col] == '\\' {
					col += 2
					continue
				}
				if strings.HasPrefix(line[col:], delim) {
					col += 3
					// Up to two more quotes may close the string.
					for k := 0; k < 2 && col < len(line) && line[col] == q; k++ {
						col++
					}
					return i, col, true
				}
				col++
			}
		}
		return i, 0, false
	}
	col++
	for col < len(line) {
		if q == '"' && line[col] == '\\' {
			col += 2
			continue
		}
		if line[col] == q {
			return i, col + 1, true
		}
		col++
	}
	return i, len(line), true
}

// parseKey parses a dotted key at the start of s (bare or quoted parts)
// and returns its parts and the rest of s.
func parseKey(s string) ([]string, string) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return parts, s
		}
		switch s[0] {
		case '"', '\'':
			q := s[0]
			j := 1
			var b strings.Builder
			for j < len(s) && s[j] != q {
				if q == '"' && s[j] == '\\' && j+1 < len(s) {
					b.WriteByte(s[j+1])
					j += 2
					continue
				}
				b.WriteByte(s[j])
				j++
			}
			parts = append(parts, b.String())
			if j < len(s) {
				j++
			}
			s = s[j:]
		default:
			j := 0
			for j < len(s) && (s[j] == '_' || s[j] == '-' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j == 0 {
				return parts, s
			}
			parts = append(parts, s[:j])
			s = s[j:]
		}
		t := strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(t, ".") {
			return parts, s
		}
		s = t[1:]
	}
}

// topLine returns the line of a top-level key path, or 0.
func (l *locator) topLine(path string) int {
	if p := l.top[path]; p != nil {
		return p.line
	}
	return 0
}

// step returns the positions of step k (0-based), or an empty stepLoc.
func (l *locator) step(k int) *stepLoc {
	if k >= 0 && k < len(l.steps) {
		return l.steps[k]
	}
	return &stepLoc{keys: map[string]*keyPos{}}
}

// keyLine returns the line of key in the step, or the step's header line.
func (s *stepLoc) keyLine(key string) int {
	if p := s.keys[key]; p != nil {
		return p.line
	}
	return s.line
}

// elemLine returns the line of element k of the step's array key, or the
// key's line.
func (s *stepLoc) elemLine(key string, k int) int {
	if p := s.keys[key]; p != nil {
		if k >= 0 && k < len(p.elems) {
			return p.elems[k]
		}
		return p.line
	}
	return s.line
}

// findLine returns the first line of the step that contains text, or the
// step's header line.
func (l *locator) findLine(s *stepLoc, text string) int {
	for i := s.line - 1; i < s.end && i < len(l.lines); i++ {
		if i >= 0 && strings.Contains(l.lines[i], text) {
			return i + 1
		}
	}
	return s.line
}
