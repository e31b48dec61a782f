package notebooks

import "strings"

// Starter returns a commented notebook, titled title, that runs as
// written on the bundled data: a starting point for 'repnet new'.
func Starter(name, title string) string {
	return strings.NewReplacer("NAME", name, "TITLE", title).Replace(starter)
}

const starter = `# NAME.toml: a repnet notebook. Run it with
#
#   repnet run NAME.toml
#
# which writes the folder NAME/ next to this file: tables/ (Parquet, and CSV
# for small tables), figures/ (SVG and PNG), report.md, references.bib and
# manifest.json (the sha256 of every input and output). 'repnet run --verify
# NAME.toml' checks that the committed outputs are exactly what it makes.
# 'repnet help run' documents the format.

title = "TITLE"

# The root seed. Each stochastic step (a network layout, a permutation
# test) derives its own seed from it and the step id.
seed = 1

# The report opens with this Markdown. Text in {{ }} is filled in from the
# tables the run makes.
description = """
IGO memberships of Russia, China and India from 1990 to 2014, counted from
the Correlates of War IGO data, version 3.0 ({{ comma (nrows "counts") }} state-years).
"""

# Inputs: bundled datasets ('repnet datasets' lists them) or files of your
# own, as file = "data/mine.csv" with sha256 = "..." (checked before every run).
[inputs.counts]
dataset = "cow-igo-counts"     # state-year counts of IGO memberships by status
years = "1990-2014"

[inputs.states]
dataset = "cow-states"         # state-years of the COW state system, with names
years = "1990-2014"

# Steps run in dependency order: each reads tables (in) and makes a table
# or figure (out).
[[step]]
id = "members"
run = "transform"
in = "counts"
out = "members"
ops = [
  { filter = "ccode in [365, 710, 750]" },
  { mutate = ["members = full + associate"] },
  { left_join = "states", by = ["ccode", "year"] },
  { select = ["ccode", "stateabb", "year", "members"] },
]

[[step]]
id = "figure"
run = "plot"
in = "members"
out = "memberships"
kind = "timeseries"
x = "year"
y = "members"
group = "ccode"
label = "stateabb"
end_labels = true
y_label = "IGO memberships (full and associate)"
text = """
## Memberships over time

The figure shows the number of intergovernmental organizations in which
each state was a full or associate member, per year.
"""

[[step]]
id = "latest"
run = "transform"
in = "members"
out = "members_2014"
ops = [
  { filter = "year == 2014" },
  { sort = ["-members"] },
]
text = """
In 2014 China ({{ value "members_2014" "stateabb" "ccode=710" }}) was a member of
{{ value "members_2014" "members" "ccode=710" }} IGOs, against
{{ value "members_2014" "members" "ccode=365" }} for Russia and
{{ value "members_2014" "members" "ccode=750" }} for India.
"""

[[step]]
id = "paste"
run = "write"
in = ["members_2014"]
format = ["markdown", "latex"]
`
