package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repnet/repnet/datasets"
)

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1 // bad input data or a failed computation
	exitUsage = 2 // bad command line
)

// version is the repnet version, written into every output's metadata.
var version = "0.1.0-dev"

// usageError marks an error in the command line (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	Quiet bool
	// SourceFiles are --source-file overrides: ID/FILE=PATH.
	SourceFiles []string
	Args        []string // the command line, for output metadata
	Stdin       io.Reader
	Stdout      io.Writer
	Stderr      io.Writer
	IsTerm      bool // stderr is a terminal: show progress
}

// newRootCmd builds the command tree. Each subcommand's constructor lives
// in its own file and takes the shared options.
func newRootCmd(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "repnet",
		Short: "Networks of autocratic cooperation: organizations, alliances, votes and repression",
		Long: `repnet loads regional and intergovernmental organization membership
(COW IGO v3) and bilateral cooperation data (alliances, trade, contiguity,
UN votes, and your own files such as transnational repression incidents)
into year-indexed networks, joined on one country-year index with regime
type (V-Dem) and repression (Fariss, PTS). It computes centrality,
communities and the regime composition of organizations, fits models of
the effect of co-membership with the standard errors reviewers ask for,
and writes Parquet, CSV, Markdown and LaTeX tables and figures, from
notebooks that regenerate every output byte for byte.

Every bundled dataset carries its citation: see 'repnet datasets cite'.`,
		Example: `  repnet datasets
  repnet datasets show cow-igo
  repnet table cow-igo-counts --years 2014-2014 --format markdown
  repnet table cow-igo --years 1990-2014 --format parquet -o igo.parquet`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(g.Stdout)
	root.SetErr(g.Stderr)
	root.SetIn(g.Stdin)
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "print no progress or notes on stderr")
	root.PersistentFlags().StringArrayVar(&g.SourceFiles, "source-file", nil, "read `ID/FILE=PATH` instead of the bundled FILE of dataset ID (repeatable)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		datasets.ResetOverrides()
		return applySourceFiles(g.SourceFiles)
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err}
	})
	for _, add := range subcommands {
		root.AddCommand(add(g))
	}
	return root
}

// subcommands is filled by each command file's init, so that files for
// different commands do not edit one shared list.
var subcommands []func(*globalOptions) *cobra.Command

func register(f func(*globalOptions) *cobra.Command) { subcommands = append(subcommands, f) }

// run executes the command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globalOptions{
		Args:   append([]string{"repnet"}, args...),
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		IsTerm: isTerminal(stderr),
	}
	root := newRootCmd(g)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "repnet: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return exitUsage
	}
	return exitData
}

// isCobraUsage recognises the errors cobra returns for unknown commands
// and wrong argument counts, which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "requires exactly", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
