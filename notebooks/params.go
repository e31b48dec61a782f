package notebooks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/repnet/repnet/loaders"
)

// stringList is a TOML value that is a string or a list of strings.
type stringList []string

// UnmarshalTOML implements toml.Unmarshaler.
func (l *stringList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = []string{v}
		return nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("expected a string or a list of strings, found %v in the list", x)
			}
			out[i] = s
		}
		*l = out
		return nil
	}
	return fmt.Errorf("expected a string or a list of strings, found %v", v)
}

// yearsParam is a year range: "1990-2014", "2014", 2014, or [1990, 2014].
type yearsParam struct {
	loaders.YearRange
	set bool
}

// UnmarshalTOML implements toml.Unmarshaler.
func (y *yearsParam) UnmarshalTOML(v any) error {
	bad := fmt.Errorf(`expected a year or a range: "1990-2014", "2014", 2014 or [1990, 2014], found %v`, v)
	var first, last int64
	switch v := v.(type) {
	case int64:
		first, last = v, v
	case string:
		a, b, found := strings.Cut(v, "-")
		if !found {
			b = a
		}
		var err1, err2 error
		first, err1 = strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		last, err2 = strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if err1 != nil || err2 != nil {
			return bad
		}
	case []any:
		if len(v) != 2 {
			return bad
		}
		a, ok1 := v[0].(int64)
		b, ok2 := v[1].(int64)
		if !ok1 || !ok2 {
			return bad
		}
		first, last = a, b
	default:
		return bad
	}
	if first < 1 || last < first || last > 9999 {
		return fmt.Errorf("years %d-%d: want FIRST <= LAST, both from 1 to 9999", first, last)
	}
	y.First, y.Last, y.set = int(first), int(last), true
	return nil
}
