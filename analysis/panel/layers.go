package panel

import (
	"errors"
	"fmt"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/loaders"
)

// LayerSpec converts a layer as written in a panel spec into a layers.Spec:
// the kind is the spec's layer (igo, atop, trade, contiguity, unvotes;
// file with path=PATH, or the path as first value, is file:PATH), each
// KEY=VALUE sets the option of that toml key (dashes read as
// underscores; lists separated by "/", as igos=sco/gcc), and bare values
// after igo name organizations (layer(igo, sco) is igos=sco). The result
// is normalized, so unknown options and bad values are errors here.
func LayerSpec(l *LayerRef) (layers.Spec, error) {
	s := layers.Spec{Layer: l.Kind}
	var positional []string
	for _, p := range l.Params {
		if p.Key == "" {
			positional = append(positional, p.Value)
		}
	}
	switch l.Kind {
	case layers.File:
		path, ok := l.Get("path")
		if !ok && len(positional) > 0 {
			path, positional = positional[0], positional[1:]
		}
		if path == "" {
			return s, fmt.Errorf("%s: a file layer needs its path: layer(file, path=\"edges.csv\")", l)
		}
		s.Layer = "file:" + path
	case layers.IGO:
		if len(positional) > 0 {
			s.IGOs, positional = positional, nil
		}
	}
	if len(positional) > 0 {
		return s, fmt.Errorf("%s: unexpected value %q: options are KEY=VALUE (%s layer options: %s)", l, positional[0], l.Kind, strings.Join(layers.Options(l.Kind), ", "))
	}
	for _, p := range l.Params {
		key := strings.ReplaceAll(p.Key, "-", "_")
		if key == "" || key == "path" && l.Kind == layers.File {
			continue
		}
		f, ok := s.Field(key)
		if !ok || key == "layer" {
			opts := layers.Options(l.Kind)
			if opts == nil {
				return s, fmt.Errorf("%s: unknown layer %q (known: igo, atop, trade, contiguity, unvotes, file)", l, l.Kind)
			}
			return s, fmt.Errorf("%s: unknown option %q (%s layer options: %s)", l, p.Key, l.Kind, strings.Join(opts, ", "))
		}
		if key == "igos" && len(s.IGOs) > 0 {
			return s, fmt.Errorf("%s: organizations given twice", l)
		}
		if err := layers.SetOption(f, p.Value); err != nil {
			return s, fmt.Errorf("%s: %s: %v", l, key, err)
		}
	}
	return s.Normalize()
}

// LayersSource returns a LayerSource that builds layers with package
// layers, reading the sources through d (each file once for all the
// layers of a panel). Years outside a layer's coverage have no graph, so
// values from the layer are missing in them.
func LayersSource(d *layers.Data) LayerSource {
	return func(l *LayerRef, first, last int) (*Layer, error) {
		s, err := LayerSpec(l)
		if err != nil {
			return nil, err
		}
		p, err := d.Build(s, loaders.YearRange{First: first, Last: last})
		if err != nil {
			// Build the years the layer covers.
			var ce *layers.CoverageError
			if !errors.As(err, &ce) {
				return nil, err
			}
			lo, hi := max(first, ce.First), min(last, ce.Last)
			if lo > hi {
				return &Layer{Graphs: map[int]*graph.Graph{}}, nil
			}
			if p, err = d.Build(s, loaders.YearRange{First: lo, Last: hi}); err != nil {
				return nil, err
			}
		}
		if !p.States {
			return nil, fmt.Errorf("%s: the layer's nodes are not COW state codes; a panel needs nodes=cow", l)
		}
		out := &Layer{Graphs: map[int]*graph.Graph{}, Sources: p.Sources, About: p.Meta["layer.weight"]}
		if o := p.Meta["layer.organizations"]; o != "" {
			out.About += "; organizations: " + o
		}
		complete := true
		for _, y := range p.Years {
			out.Graphs[y.Year] = y.Graph
			complete = complete && y.Complete
		}
		if !complete {
			out.Known = func(year, i, j int) bool {
				y := p.Year(year)
				if y.Complete {
					return true
				}
				_, ok := y.Weight(y.Graph.ID(i), y.Graph.ID(j))
				return ok
			}
		}
		return out, nil
	}
}
