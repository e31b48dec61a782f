// Package notebooks runs repnet notebooks: analysis files that regenerate
// every figure and table of an analysis, byte for byte, on any machine.
// The Go files of the package sit next to the notebooks themselves
// (notebooks/NAME.toml), whose outputs go to notebooks/NAME/.
//
// # The notebook file
//
// A notebook is a TOML file, NAME.toml:
//
//	title = "IGO membership in South Asia"       # required
//	seed = 20240101                              # required: the root seed
//	description = """
//	Markdown prose that opens the report; it may quote the run's numbers
//	(see Templates).
//	"""
//
//	[inputs.counts]                   # a table named counts
//	dataset = "cow-igo-counts"        # a bundled dataset ('repnet datasets')
//	years = "1990-2014"               # optional: "A-B", "Y", Y or [A, B]
//	# table = "igos"                  # optional: a secondary table
//
//	[inputs.mine]
//	file = "data/incidents.csv"       # relative to the notebook (.csv, .csv.gz, .parquet)
//	sha256 = "3f5a..."                # required, checked before anything runs
//
//	[[step]]
//	id = "south_asia"                 # unique among steps and inputs
//	run = "transform"                 # the step kind
//	in = "counts"                     # the tables it reads (a name or a list; also "inputs")
//	out = "south_asia"                # what it makes
//	text = "Markdown shown in the report before the step's outputs."
//	ops = [ { filter = "ccode in [750, 770, 771]" } ]   # the kind's own keys
//
// Every step has id, run, in (or inputs), out, and optionally text, show
// (by default the report shows every figure, and the tables of up to 25
// rows of steps with text; show = true shows the step's tables even
// without text, show = false hides its tables and figures) and digits
// (significant digits of floats in its Markdown and LaTeX tables, default
// 4). The other keys belong to the step's kind: see KindDoc, or 'repnet
// help run'. [inputs.NAME] is a table step with id and out NAME.
//
// Names of tables and figures are plain names (letters, digits, _ . -):
// they become file names in the output folder, and a name that would put a
// file outside it is an error. Tables and figures share one namespace;
// each has exactly one maker.
//
// # Checking before running
//
// Load checks everything it can before any computation: TOML syntax, an
// unknown key (at any depth, with a suggestion when it is a near miss), a
// missing or unknown dataset, a missing file or a sha256 mismatch, a step
// kind's parameters, duplicate ids, a table read but never made, a cycle,
// output names, and the syntax of every template and the tables it names.
// Each error names the notebook file and the line. Errors that depend on
// the data (a column that does not exist, a join key that is not unique)
// appear when the step runs; a run that fails writes nothing.
//
// # Running
//
// Steps run in dependency order, independent ones in parallel; each step's
// results depend only on its inputs, so the outputs are the same whatever
// the schedule and GOMAXPROCS. A stochastic step gets its own seed,
// StepSeed(root seed, id): the first 8 bytes of sha256(root seed as 8
// big-endian bytes || id) as a big-endian uint64, recorded in the
// manifest. Everything is computed in memory and written to a staging
// folder next to the output folder, which replaces it only when complete.
// A content-hash cache (see cache.go) skips steps whose parameters and
// input tables have not changed.
//
// # Outputs
//
// In the output folder (notebooks/NAME/ by default):
//
//	tables/NAME.parquet   every table a step makes (not the tables loaded by
//	                      table steps and inputs, unless a write step asks)
//	tables/NAME.csv       the same, for tables under 5,000 rows
//	tables/NAME.md, .tex  when a write step asks (format = "markdown", "latex");
//	                      for a paper table (model, table-models steps), the
//	                      regression table in LaTeX, and in Markdown, which
//	                      the report shows
//	figures/NAME.svg, .png (and .pdf when asked) for each plot step
//	report.md             title, description, each step's text with its
//	                      figures and small tables, a Methods paragraph made
//	                      from the steps, and the references
//	references.bib        every dataset used and every method cited
//	manifest.json         the repnet version, the notebook's sha256 and root
//	                      seed, every input file's dataset and sha256, every
//	                      step (with its seed when it uses one), and every
//	                      output's path, sha256 and size
//
// No output holds a timestamp, an absolute path, a host name or a
// duration, so a run reproduces the committed outputs exactly (Verify). PNG
// and PDF bytes depend on the Go release's compress/flate, so CI pins Go.
//
// # Templates
//
// The description and every step text are Go text/template templates
// executed against the run's tables, so that the prose is written from the
// numbers the run produced:
//
//	The peak, {{ value "peak" "alive" }} IGOs in {{ value "peak" "year" }}, ...
//	Exposure is associated with ... (estimate {{ value "coefs" "estimate"
//	"term=exposure_lag" "vcov=cluster:ccode" | fmt "%.3f" }}).
//	{{ if lt (value "coefs" "p_value" "term=x") 0.05 }}significant{{ else }}not significant{{ end }}
//
// Functions:
//
//	value T C [K=V ...]   column C of the one row of table T where each
//	                      column K equals V (an error unless exactly one row
//	                      matches, or the value is missing)
//	values T C [K=V ...]  column C of every matching row, as a list
//	rows T [K=V ...]      the matching rows, as maps: {{ range rows "top" }}{{ .name }}{{ end }}
//	nrows T [K=V ...]     the number of matching rows
//	max, min, sum, mean T C [K=V ...]   over the non-missing values
//	fmt "%.3f" x          Printf formatting (%d takes a whole float, %f an int)
//	pct x, pct 2 x        100x with 1 (or 2) decimals and a % sign
//	pvalue p              "p = 0.18", "p = 0.003" or "p < 0.001"
//	comma x               a whole number with thousands separators
//	add, sub, mul, div a b; abs x; join ", " list
//	eq, ne, lt, le, gt, ge a b   comparisons of numbers (ints and floats
//	                      alike), strings or bools
//
// Load checks the table names given to these functions; an error while
// rendering (no such column, two matching rows) names the notebook file,
// the step and the line.
//
// # Adding a step kind
//
// A kind is one file: an init that calls registerStep(kind, doc,
// factory), a factory that decodes the kind's keys with Params.Decode and
// checks them (errors with Params.Errorf name the line), and the Step
// methods Inputs, Outputs, Run, Methods and Cites. Optional methods mark a
// stochastic step (UsesSeed), one never cached (NoCache) or one that loads
// data (IsSource). Cited BibTeX keys must be in methods.bib.
package notebooks
