package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/repnet/repnet/datasets"
	"github.com/repnet/repnet/loaders"
)

// parseYears parses a year range flag: "A-B", or a single year "Y"
// meaning Y-Y. The empty string means all years.
func parseYears(s string) (loaders.YearRange, error) {
	if s == "" {
		return loaders.YearRange{}, nil
	}
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || first < 1 || last < first || last > 9999 {
		return loaders.YearRange{}, usagef("--years %q: expected a year or a range FIRST-LAST such as 1990-2014", s)
	}
	return loaders.YearRange{First: first, Last: last}, nil
}

// applySourceFiles installs the --source-file overrides: each is
// ID/FILE=PATH, making every loader read PATH instead of the bundled FILE
// of dataset ID.
func applySourceFiles(specs []string) error {
	for _, s := range specs {
		key, path, ok := strings.Cut(s, "=")
		id, file, ok2 := strings.Cut(key, "/")
		if !ok || !ok2 || path == "" {
			return usagef("--source-file %q: expected ID/FILE=PATH, e.g. vdem/vdem_simple.csv.gz=./vdem_v16.csv.gz", s)
		}
		if err := datasets.Override(id, file, path); err != nil {
			return usageError{err}
		}
	}
	return nil
}

// countriesResolver loads the countries crosswalk once per process for
// loaders that need names or ISO codes resolved.
func countriesResolver() (loaders.Resolver, error) {
	c, err := loaders.LoadCountries()
	if err != nil {
		return nil, fmt.Errorf("loading the countries crosswalk: %w", err)
	}
	return c.Resolve, nil
}
