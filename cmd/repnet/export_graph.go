package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/analysis/graphio"
	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/analysis/network"
	"github.com/repnet/repnet/internal/table"
)

func init() { register(newCmdExportGraph) }

type exportGraphOptions struct {
	g        *globalOptions
	layer    layerOptions
	Year     int
	Format   string
	Output   string
	Measures string
	Seed     uint64
}

func newCmdExportGraph(g *globalOptions) *cobra.Command {
	o := &exportGraphOptions{g: g}
	cmd := &cobra.Command{
		Use:   "export-graph --layer LAYER [layer options] --year Y [--format gexf|graphml|dot] [-o FILE]",
		Short: "Write one year of a layer as a graph file for Gephi, igraph or Graphviz",
		Long: `Write the network of one year of a layer as a graph file with node
attributes: GEXF 1.2 (Gephi), GraphML (igraph, networkx, Gephi, Cytoscape)
or DOT (Graphviz). Nodes are identified by ccode and carry stateabb, name,
v2x_regime, regime (its Regimes of the World label), autocracy and
v2x_polyarchy (V-Dem, that year; missing values are left out), plus the
measures asked for with --measures. Edges carry weight. The same inputs
give the same bytes.

The format follows --format, or the extension of -o (.gexf, .graphml,
.dot or .gv).

` + layerHelp,
		Example: `  repnet export-graph --layer igo --year 2014 -o igo2014.gexf
  repnet export-graph --layer igo --select autocratic --year 2014 --measures degree,eigenvector,community -o aut2014.graphml
  repnet export-graph --layer atop --obligation defense --year 1960 --format dot | dot -Tsvg > atop1960.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exportGraphRun(o) },
	}
	addLayerOptionFlags(cmd, &o.layer)
	f := cmd.Flags()
	f.IntVar(&o.Year, "year", 0, "the year to write (required)")
	f.StringVar(&o.Format, "format", "", "gexf, graphml or dot (default: from the -o extension)")
	f.StringVarP(&o.Output, "output", "o", "-", "write to `FILE` (written whole or not at all) instead of stdout")
	f.StringVar(&o.Measures, "measures", "", "comma-separated measures to add as node attributes (see repnet centrality), or all")
	f.Uint64Var(&o.Seed, "seed", 1, "Louvain random seed for the community measure")
	return cmd
}

func exportGraphRun(o *exportGraphOptions) error {
	if o.Year == 0 {
		return usagef("--year is required")
	}
	var f graphio.Format
	var err error
	ext := strings.ToLower(filepath.Ext(o.Output))
	byExt := map[string]graphio.Format{".gexf": graphio.GEXF, ".graphml": graphio.GraphML, ".dot": graphio.DOT, ".gv": graphio.DOT}[ext]
	switch {
	case o.Format != "":
		if f, err = graphio.ParseFormat(o.Format); err != nil {
			return usageError{err}
		}
		if o.Output != "-" && byExt != "" && byExt != f {
			return usagef("--format %s disagrees with the extension of -o %s", o.Format, o.Output)
		}
	case byExt != "":
		f = byExt
	case o.Output == "-":
		return usagef("--format gexf|graphml|dot is required when writing to stdout")
	default:
		return usagef("-o %s: the extension does not name a graph format (.gexf, .graphml, .dot, .gv); give --format", o.Output)
	}
	o.layer.Years = fmt.Sprint(o.Year)
	p, d, err := buildPanel(o.g, &o.layer)
	if err != nil {
		return err
	}
	yr := p.Year(o.Year)
	if yr == nil {
		return fmt.Errorf("the %s layer has no network in %d", p.Spec.Kind(), o.Year)
	}
	nodes, err := d.NodeAttributes(p, o.Year)
	if err != nil {
		return err
	}
	if o.Measures != "" {
		ms, err := layers.ParseMeasures(o.Measures, p.Directed)
		if err != nil {
			return usagef("--measures: %s", strings.TrimPrefix(err.Error(), "layers: "))
		}
		mt, _, err := network.Compute(p.Layers(), ms, network.Options{Seed: o.Seed})
		if err != nil {
			return usageError{err}
		}
		for _, c := range mt.Columns[2:] { // after year and ccode, in node order
			nodes.Columns = append(nodes.Columns, c)
		}
	}
	label := "name"
	if !p.States {
		label = "node"
	}
	desc := fmt.Sprintf("repnet %s, layer %s, year %d", version, p.Spec, o.Year)
	write := func(w io.Writer) error {
		return graphio.Write(w, f, yr.Graph, nodes, graphio.Options{Label: label, Description: desc})
	}
	if o.Output == "-" {
		return write(o.g.Stdout)
	}
	return table.WriteAtomic(o.Output, write)
}
