package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/datasets"
)

func init() { register(newCmdDatasets) }

type datasetsOptions struct {
	g      *globalOptions
	IDs    []string
	Format string // cite: text or bibtex
}

func newCmdDatasets(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "datasets",
		Short: "List the bundled datasets, show one, or print citations",
		Long: `List the public datasets bundled with repnet: their id, title, unit of
observation, years covered, rows of the tidy table, and terms of use.

Every dataset is embedded in the repnet binary with the sha256 of each file,
checked whenever the file is read. 'repnet datasets show ID' describes the
columns of its tidy table; 'repnet datasets cite' prints the references to
cite when you use them.`,
		Example: `  repnet datasets
  repnet datasets show vdem-row
  repnet datasets cite cow-igo vdem --format bibtex > references.bib`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return datasetsListRun(&datasetsOptions{g: g})
		},
	}
	cmd.AddCommand(newCmdDatasetsShow(g), newCmdDatasetsCite(g))
	return cmd
}

func datasetsListRun(o *datasetsOptions) error {
	tw := tabwriter.NewWriter(o.g.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tUNIT\tYEARS\tROWS\tTERMS")
	for _, d := range datasets.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, shortTitle(d.Title), d.Unit, years(d), rows(d.Rows), shortTerms(d))
	}
	return tw.Flush()
}

func years(d *datasets.Dataset) string {
	if d.FirstYear == 0 && d.LastYear == 0 {
		return "-"
	}
	return fmt.Sprintf("%d-%d", d.FirstYear, d.LastYear)
}

func rows(n int) string {
	if n == 0 {
		return "-"
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// shortTerms is the registry's terms of use in a few words.
func shortTerms(d *datasets.Dataset) string {
	if d.ShortTerms != "" {
		return d.ShortTerms
	}
	if d.License != "" {
		return d.License
	}
	return d.Terms
}

// listTitleWidth is the widest title the list shows; 'datasets show'
// prints the whole title.
const listTitleWidth = 56

// shortTitle cuts a title longer than listTitleWidth at the last space
// that fits and marks the cut with "...".
func shortTitle(s string) string {
	if len(s) <= listTitleWidth {
		return s
	}
	cut := strings.LastIndex(s[:listTitleWidth-3], " ")
	if cut <= 0 {
		cut = listTitleWidth - 3
	}
	return strings.TrimRight(s[:cut], " ,:;") + "..."
}

func newCmdDatasetsShow(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Describe one dataset: columns, coding, coverage, files, citation",
		Long: `Describe one bundled dataset: what it is, its unit and coverage, the
columns of its tidy table with their meaning and coding, its files with
their sha256, its terms of use, where it came from, and how to cite it.`,
		Example: `  repnet datasets show cow-igo
  repnet datasets show pts`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return datasetsShowRun(&datasetsOptions{g: g, IDs: args})
		},
	}
}

func datasetsShowRun(o *datasetsOptions) error {
	d, err := datasets.Get(o.IDs[0])
	if err != nil {
		return usageError{err}
	}
	w := o.g.Stdout
	fmt.Fprintf(w, "%s: %s\n\n", d.ID, d.Title)
	field(w, "Unit", d.Unit)
	field(w, "Years", years(d))
	field(w, "Rows", rows(d.Rows))
	field(w, "Version", d.Version)
	field(w, "Terms", d.Terms)
	field(w, "Licence", d.License)
	field(w, "Source", d.Source)
	if d.Notes != "" {
		field(w, "Notes", d.Notes)
	}
	if len(d.Columns) > 0 {
		fmt.Fprintf(w, "\nColumns:\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range d.Columns {
			desc := c.Meaning
			if c.Coding != "" {
				desc += ". " + c.Coding
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Name, c.Type, desc)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\nFiles:\n")
	for _, f := range d.Files {
		fmt.Fprintf(w, "  %s  (%s rows)  sha256 %s\n", f.Name, rows(f.Rows), f.SHA256)
		if f.About != "" {
			fmt.Fprintf(w, "    %s\n", f.About)
		}
	}
	fmt.Fprintf(w, "\nCite:\n  %s\n", d.Citation)
	return nil
}

func field(w io.Writer, name, value string) {
	if value == "" {
		value = "-"
	}
	fmt.Fprintf(w, "%-8s %s\n", name+":", value)
}

func newCmdDatasetsCite(g *globalOptions) *cobra.Command {
	o := &datasetsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "cite [ID...]",
		Short: "Print the references to cite for datasets (all by default)",
		Long: `Print the references to cite when you use the given datasets, or every
bundled dataset when none is named, as plain text or BibTeX.`,
		Example: `  repnet datasets cite
  repnet datasets cite cow-igo vdem-row --format bibtex > references.bib`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IDs = args
			return datasetsCiteRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or bibtex")
	return cmd
}

func datasetsCiteRun(o *datasetsOptions) error {
	if o.Format != "text" && o.Format != "bibtex" {
		return usagef("--format must be text or bibtex, not %q", o.Format)
	}
	var list []*datasets.Dataset
	if len(o.IDs) == 0 {
		list = datasets.All()
	} else {
		for _, id := range o.IDs {
			d, err := datasets.Get(id)
			if err != nil {
				return usageError{err}
			}
			list = append(list, d)
		}
	}
	// A work that several datasets cite (a package they came through, a
	// list of states) is printed once: BibTeX rejects a repeated key.
	listed := map[string]string{}
	for i, d := range list {
		if i > 0 {
			fmt.Fprintln(o.g.Stdout)
		}
		if o.Format == "bibtex" {
			fmt.Fprintf(o.g.Stdout, "%% %s: %s\n", d.ID, d.Title)
			printed := 0
			for _, e := range d.BibEntries() {
				if by, ok := listed[e.Key]; ok {
					fmt.Fprintf(o.g.Stdout, "%% %s: listed above, with %s\n", e.Key, by)
					continue
				}
				listed[e.Key] = d.ID
				if printed > 0 {
					fmt.Fprintln(o.g.Stdout)
				}
				printed++
				fmt.Fprintf(o.g.Stdout, "%s\n", e.Text)
			}
			continue
		}
		fmt.Fprintf(o.g.Stdout, "%s (%s)\n  %s\n", d.Title, d.ID, d.Citation)
	}
	return nil
}
