// Package graphio writes graphs, with node attributes, in the formats of
// network visualisation and analysis tools: GEXF 1.2 (Gephi), GraphML
// (igraph, networkx, Gephi, yEd, Cytoscape) and Graphviz DOT.
//
// Output bytes depend only on the graph and the attribute table: nodes are
// written in the graph's order (ascending identifier), edges in the order
// of graph.Edges, attributes in the table's column order, and numbers in
// their shortest exact decimal form. Missing attribute values are left out
// (each format's own way of saying "no value"), never written as 0.
package graphio

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/repnet/repnet/analysis/graph"
	"github.com/repnet/repnet/internal/table"
)

// Format names an output format.
type Format string

// Formats.
const (
	GEXF    Format = "gexf"
	GraphML Format = "graphml"
	DOT     Format = "dot"
)

// ParseFormat returns the format called s (gexf, graphml or dot, any
// case).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case GEXF, GraphML, DOT:
		return f, nil
	}
	return "", fmt.Errorf("graphio: unknown format %q (want gexf, graphml or dot)", s)
}

// Options describe the graph as a whole.
type Options struct {
	// Label names the column of nodes used as the node label (GEXF's label
	// attribute, DOT's label); "" uses the node identifier.
	Label string
	// Description is written into the file's metadata (GEXF description,
	// a GraphML and DOT comment), e.g. the layer and year.
	Description string
}

// Write writes g in format f with the node attributes in nodes, whose row
// i describes node i of g (nodes may be nil). Column types map to each
// format's types: int to long/integer, float to double, string to string,
// bool to boolean. The edge weight is the attribute weight (a double).
func Write(w io.Writer, f Format, g *graph.Graph, nodes *table.Table, opts Options) error {
	if nodes != nil && nodes.NumRows() != g.N() {
		return fmt.Errorf("graphio: %d attribute rows for %d nodes", nodes.NumRows(), g.N())
	}
	if nodes != nil {
		for _, c := range nodes.Columns {
			if c.Name == "id" {
				return fmt.Errorf("graphio: a node attribute may not be called id: the formats use it for the node identifier")
			}
		}
	}
	if opts.Label != "" && (nodes == nil || nodes.Col(opts.Label) == nil) {
		return fmt.Errorf("graphio: no node column %q for labels", opts.Label)
	}
	bw := bufio.NewWriter(w)
	var err error
	switch f {
	case GEXF:
		err = writeGEXF(bw, g, nodes, opts)
	case GraphML:
		err = writeGraphML(bw, g, nodes, opts)
	case DOT:
		err = writeDOT(bw, g, nodes, opts)
	default:
		return fmt.Errorf("graphio: unknown format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// esc returns s escaped for XML text and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails on a strings.Builder
	return b.String()
}

func cols(nodes *table.Table) []*table.Column {
	if nodes == nil {
		return nil
	}
	return nodes.Columns
}

// value returns row i of c as text, and false when it is missing.
func value(c *table.Column, i int) (string, bool) {
	if c.IsMissing(i) {
		return "", false
	}
	if c.Type == table.Float {
		return table.FormatFloat(c.Floats[i]), true
	}
	return c.Format(i), true
}

func num(x float64) string { return table.FormatFloat(x) }

func label(g *graph.Graph, nodes *table.Table, opts Options, i int) string {
	if opts.Label != "" {
		if s, ok := value(nodes.Col(opts.Label), i); ok {
			return s
		}
	}
	return strconv.FormatInt(g.ID(i), 10)
}

func writeGraphML(w *bufio.Writer, g *graph.Graph, nodes *table.Table, opts Options) error {
	types := map[table.Type]string{table.Int: "long", table.Float: "double", table.String: "string", table.Bool: "boolean"}
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	if opts.Description != "" {
		fmt.Fprintf(w, "  <!-- %s -->\n", strings.ReplaceAll(esc(opts.Description), "--", "- -"))
	}
	for k, c := range cols(nodes) {
		fmt.Fprintf(w, "  <key id=\"v%d\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k, esc(c.Name), types[c.Type])
	}
	w.WriteString(`  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	dir := "undirected"
	if g.Directed() {
		dir = "directed"
	}
	fmt.Fprintf(w, "  <graph id=\"G\" edgedefault=\"%s\">\n", dir)
	for i := 0; i < g.N(); i++ {
		fmt.Fprintf(w, "    <node id=\"n%d\">", g.ID(i))
		for k, c := range cols(nodes) {
			if s, ok := value(c, i); ok {
				fmt.Fprintf(w, "<data key=\"v%d\">%s</data>", k, esc(s))
			}
		}
		w.WriteString("</node>\n")
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(w, "    <edge source=\"n%d\" target=\"n%d\"><data key=\"weight\">%s</data></edge>\n", e.From, e.To, num(e.Weight))
	}
	w.WriteString("  </graph>\n</graphml>\n")
	return nil
}

func writeGEXF(w *bufio.Writer, g *graph.Graph, nodes *table.Table, opts Options) error {
	types := map[table.Type]string{table.Int: "long", table.Float: "double", table.String: "string", table.Bool: "boolean"}
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">` + "\n")
	w.WriteString("  <meta>\n    <creator>repnet</creator>\n")
	if opts.Description != "" {
		fmt.Fprintf(w, "    <description>%s</description>\n", esc(opts.Description))
	}
	w.WriteString("  </meta>\n")
	dir := "undirected"
	if g.Directed() {
		dir = "directed"
	}
	fmt.Fprintf(w, "  <graph mode=\"static\" defaultedgetype=\"%s\">\n", dir)
	if len(cols(nodes)) > 0 {
		w.WriteString("    <attributes class=\"node\">\n")
		for k, c := range cols(nodes) {
			fmt.Fprintf(w, "      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", k, esc(c.Name), types[c.Type])
		}
		w.WriteString("    </attributes>\n")
	}
	w.WriteString("    <nodes>\n")
	for i := 0; i < g.N(); i++ {
		fmt.Fprintf(w, "      <node id=\"%d\" label=\"%s\">", g.ID(i), esc(label(g, nodes, opts, i)))
		var vals []string
		for k, c := range cols(nodes) {
			if s, ok := value(c, i); ok {
				vals = append(vals, fmt.Sprintf("<attvalue for=\"%d\" value=\"%s\"/>", k, esc(s)))
			}
		}
		if vals != nil {
			w.WriteString("<attvalues>" + strings.Join(vals, "") + "</attvalues>")
		}
		w.WriteString("</node>\n")
	}
	w.WriteString("    </nodes>\n    <edges>\n")
	for k, e := range g.Edges() {
		fmt.Fprintf(w, "      <edge id=\"%d\" source=\"%d\" target=\"%d\" weight=\"%s\"/>\n", k, e.From, e.To, num(e.Weight))
	}
	w.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return nil
}

// dotQuote returns s as a DOT double-quoted string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

func writeDOT(w *bufio.Writer, g *graph.Graph, nodes *table.Table, opts Options) error {
	kind, arrow := "graph", "--"
	if g.Directed() {
		kind, arrow = "digraph", "->"
	}
	if opts.Description != "" {
		fmt.Fprintf(w, "/* %s */\n", strings.ReplaceAll(opts.Description, "*/", "* /"))
	}
	fmt.Fprintf(w, "strict %s G {\n", kind)
	for i := 0; i < g.N(); i++ {
		attrs := []string{"label=" + dotQuote(label(g, nodes, opts, i))}
		for _, c := range cols(nodes) {
			s, ok := value(c, i)
			if !ok {
				continue
			}
			attrs = append(attrs, dotQuote(c.Name)+"="+dotQuote(s))
		}
		fmt.Fprintf(w, "  %d [%s];\n", g.ID(i), strings.Join(attrs, ", "))
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(w, "  %d %s %d [weight=%s];\n", e.From, arrow, e.To, dotQuote(num(e.Weight)))
	}
	w.WriteString("}\n")
	return nil
}
