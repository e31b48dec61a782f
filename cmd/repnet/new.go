package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/notebooks"
)

func init() { register(newCmdNew) }

type newOptions struct {
	g     *globalOptions
	Path  string
	Title string
}

func newCmdNew(g *globalOptions) *cobra.Command {
	o := &newOptions{g: g}
	cmd := &cobra.Command{
		Use:   "new NOTEBOOK.toml",
		Short: "Write a commented starter notebook that runs as written",
		Long: `Write a commented starter notebook: two bundled inputs, a transform, a
figure, a table quoted in the report's text, and a write step. It runs as
written ('repnet run NOTEBOOK.toml'); edit it from there. An existing file
is never overwritten.`,
		Example: `  repnet new notebooks/south-asia.toml --title "IGO membership in South Asia"
  repnet run notebooks/south-asia.toml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Path = args[0]
			return newRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Title, "title", "", "the notebook's title (default: from the file name)")
	return cmd
}

func newRun(o *newOptions) error {
	path := o.Path
	if !strings.HasSuffix(path, ".toml") {
		path += ".toml"
	}
	name := strings.TrimSuffix(filepath.Base(path), ".toml")
	if name == "" || strings.HasPrefix(name, ".") || strings.ContainsAny(name, " \t") {
		return usagef("new: %q is not a usable notebook name (letters, digits, _ . -)", name)
	}
	title := o.Title
	if title == "" {
		title = strings.ReplaceAll(name, "-", " ")
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("new: %s exists: not overwriting it", path)
		}
		return fmt.Errorf("new: %v", err)
	}
	if _, err := f.WriteString(notebooks.Starter(name, strings.ReplaceAll(title, `"`, `\"`))); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("new: %v", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("new: %v", err)
	}
	if !o.g.Quiet {
		fmt.Fprintf(o.g.Stderr, "repnet: wrote %s; run it with 'repnet run %s'\n", path, path)
	}
	return nil
}
