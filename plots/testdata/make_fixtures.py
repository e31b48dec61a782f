#!/usr/bin/python3
"""Make the small CSV fixtures that plots/ tests draw, from the bundled data.

Run from anywhere with /usr/bin/python3 (standard library plus networkx):

    /usr/bin/python3 plots/testdata/make_fixtures.py

It reads only the bundled files under datasets/ and writes CSV files next to
this script. The coefficient table is fitted in R by make_coef.R (Rscript with
the sandwich package), and make_refs.R writes R reference values for the
histogram tests; this script runs both. The ref_*.csv files are reference
values computed here independently of the Go code.

Checks asserted on the way (hand-checked facts about COW IGO v3 and the COW
state system): 343 IGOs alive in 1994 (the peak), 335 in 2014; 23 states in
the system in 1816, 195 in 2014; China 80 full memberships in 2014.
"""
import collections
import csv
import gzip
import os
import subprocess
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DS = os.path.join(ROOT, "datasets")


def rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(os.path.join(DS, path), "rt", newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def write(name, header, data):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in data:
            w.writerow(["NA" if v is None else v for v in r])
    print("wrote", name, len(data), "rows", file=sys.stderr)


def num(s):
    return None if s in ("", "NA") else float(s)


# --- COW state system: spells; a state is in the system in year y if a spell covers y.
abb = {}
spells = collections.defaultdict(list)
for r in rows("cow-states/states2016.csv"):
    c = int(r["ccode"])
    abb[c] = r["stateabb"]
    spells[c].append((int(r["styear"]), int(r["endyear"])))
first_year = {c: min(s for s, _ in sp) for c, sp in spells.items()}


def in_system(c, y):
    return any(s <= y <= e for s, e in spells[c])


states_per_year = {y: sum(in_system(c, y) for c in spells) for y in range(1816, 2015)}
assert states_per_year[1816] == 23, states_per_year[1816]
assert states_per_year[2014] == 195, states_per_year[2014]

# --- IGOs alive per year: an IGO is alive in a year when it has a row for that year.
igos_per_year = collections.Counter(int(r["year"]) for r in rows("cow-igo/igo_year_format3.csv.gz"))
assert igos_per_year[1994] == 343 and max(igos_per_year.values()) == 343, igos_per_year[1994]
assert igos_per_year[2014] == 335, igos_per_year[2014]

write("igo_states_year.csv", ["year", "series", "count"],
      [(y, "IGOs alive", igos_per_year[y]) for y in range(1816, 2015)] +
      [(y, "States in system", states_per_year[y]) for y in range(1816, 2015)])

# --- Full IGO memberships per state-year (peacesciencer's cow_igo_sy).
sy = {}
for r in rows("cow-igo/cow_igo_sy.csv"):
    sy[(int(r["ccode"]), int(r["year"]))] = int(r["sum_igo_full"])
assert sy[(710, 2014)] == 80

few = [2, 365, 710, 630, 220]  # USA, Russia, China, Iran, France
write("memberships.csv", ["ccode", "stateabb", "year", "igo_full"],
      [(c, abb[c], y, sy[(c, y)]) for c in few for y in range(1816, 2015) if (c, y) in sy])

# Ranking: states ever in the top 12 by full memberships at the chosen years. Ranks
# of the top 10 within this subset equal their ranks among all states (every state
# ahead of a top-10 state is itself in the top 12), ties broken by ccode.
rank_years = list(range(1950, 2011, 5)) + [2014]
keep = set()
for y in rank_years:
    ys = sorted(((-v, c) for (c, yy), v in sy.items() if yy == y))
    keep.update(c for _, c in ys[:12])
write("ranking.csv", ["ccode", "stateabb", "year", "igo_full"],
      [(c, abb[c], y, sy[(c, y)]) for c in sorted(keep) for y in rank_years if (c, y) in sy])

# Distribution of memberships across states in three years.
write("distribution.csv", ["ccode", "year", "igo_full"],
      [(c, y, v) for (c, y), v in sorted(sy.items(), key=lambda kv: (kv[0][1], kv[0][0]))
       if y in (1950, 1990, 2014)])

# --- V-Dem: country_id -> COW code per year (vdem_simple), regime type (ERT v2x_regime),
# polyarchy with its confidence bounds.
cow_of = {}
poly = {}
for r in rows("vdem/vdem_simple.csv.gz"):
    if r["vdem_cowcode"] not in ("", "NA"):
        k = (int(r["country_id"]), int(r["year"]))
        cow_of[k] = int(float(r["vdem_cowcode"]))
        poly[(cow_of[k], k[1])] = (num(r["v2x_polyarchy"]), num(r["v2x_polyarchy_codelow"]),
                                    num(r["v2x_polyarchy_codehigh"]))
regime = {}
for r in rows("vdem-row/ert_v15.csv.gz"):
    k = (int(r["country_id"]), int(r["year"]))
    if k in cow_of and r["v2x_regime"] not in ("", "NA"):
        regime[(cow_of[k], k[1])] = int(r["v2x_regime"])
REGIME = {0: "Closed autocracy", 1: "Electoral autocracy", 2: "Electoral democracy", 3: "Liberal democracy"}

six = [710, 365, 630, 670, 101, 640]  # China, Russia, Iran, Saudi Arabia, Venezuela, Turkey
out = []
for c in six:
    for y in range(1900, 2025):
        if (c, y) in poly:
            p, lo, hi = poly[(c, y)]
            out.append((c, abb[c], y, p, lo, hi))
write("polyarchy.csv", ["ccode", "stateabb", "year", "polyarchy", "conf_low", "conf_high"], out)

# --- State-year IGO memberships (state_year_format3), 2014 and the decade years.
decades = list(range(1950, 2011, 10))
members = collections.defaultdict(set)  # (igo, year) -> full member ccodes
with gzip.open(os.path.join(DS, "cow-igo/state_year_format3.csv.gz"), "rt", newline="") as f:
    rd = csv.reader(f)
    head = next(rd)
    igos = head[3:]
    for r in rd:
        y = int(r[1])
        if y != 2014 and y not in decades:
            continue
        c = int(r[0])
        for name, v in zip(igos, r[3:]):
            if v == "1":
                members[(name, y)].add(c)

# Bars: IGOs by the regime composition of their full members (members with a V-Dem
# regime code), per decade year.
CATS = ["Mostly autocracies", "Mixed", "Mostly democracies"]
out = []
for y in decades:
    n = collections.Counter()
    for name in igos:
        known = [regime[(c, y)] for c in members.get((name, y), ()) if (c, y) in regime]
        if not known:
            continue
        share = sum(1 for g in known if g <= 1) / len(known)
        n[CATS[0] if share >= 2 / 3 else CATS[2] if share <= 1 / 3 else CATS[1]] += 1
    out += [(y, cat, n[cat]) for cat in CATS]
write("bars.csv", ["decade", "composition", "igos"], out)

# Network: 2014 co-membership (joint full memberships) among autocracies in the system.
aut = sorted(c for c in spells if in_system(c, 2014) and regime.get((c, 2014), 9) <= 1)
auts = set(aut)
w = collections.Counter()
deg = collections.Counter()
for (name, y), ms in members.items():
    if y != 2014:
        continue
    ms = sorted(ms & auts)
    for c in ms:
        deg[c] += 1
    for i, a in enumerate(ms):
        for b in ms[i + 1:]:
            w[(a, b)] += 1
full2014 = {c: sum(1 for (name, y), ms in members.items() if y == 2014 and c in ms) for c in aut}
assert full2014[710] == 80, full2014[710]

# Backbone: the disparity filter keeps no edge here (ties are too even), so the fixture
# flags, for every node, its 2 ties with the highest ratio of observed to expected
# weight, expected = s_i s_j / 2W (a configuration-model null; s = strength, W = total
# weight); ties broken by partner ccode. An edge is backbone when either end keeps it.
G = nx.Graph()
G.add_nodes_from(aut)
for (a, b), v in w.items():
    G.add_edge(a, b, weight=v)
strength = {c: sum(d["weight"] for _, _, d in G.edges(c, data=True)) for c in aut}
W = sum(w.values())
ratio = {(a, b): v / (strength[a] * strength[b] / (2 * W)) for (a, b), v in w.items()}
bb = set()
for c in aut:
    mine = sorted(((-ratio[(min(c, o), max(c, o))], o) for o in G.neighbors(c)))
    bb.update((min(c, o), max(c, o)) for _, o in mine[:2])
edges = []
for (a, b), v in sorted(w.items()):
    edges.append((a, b, v, "true" if (a, b) in bb else "false"))
write("net2014_edges.csv", ["ccode1", "ccode2", "weight", "backbone"], edges)

# Communities: Louvain on the full weighted graph, seeded (networkx), numbered by
# their smallest member.
comms = nx.community.louvain_communities(G, weight="weight", seed=1)
comms = sorted((sorted(cm) for cm in comms), key=lambda cm: cm[0])
comm_of = {c: i + 1 for i, cm in enumerate(comms) for c in cm}
write("net2014_nodes.csv", ["ccode", "stateabb", "regime", "igo_full", "community"],
      [(c, abb[c], REGIME[regime[(c, 2014)]], full2014[c], comm_of[c]) for c in aut])
print("autocracies 2014:", len(aut), "edges:", len(edges),
      "backbone:", sum(e[3] == "true" for e in edges), "communities:", len(comms), file=sys.stderr)

# Coefficient model data: states in the system in 2014 with a V-Dem regime code.
out = []
for c in sorted(spells):
    if in_system(c, 2014) and (c, 2014) in regime and (c, 2014) in sy:
        out.append((c, abb[c], sy[(c, 2014)], REGIME[regime[(c, 2014)]], 2014 - first_year[c] + 1))
write("coef_data.csv", ["ccode", "stateabb", "igo_full", "regime", "age"], out)
subprocess.run(["Rscript", os.path.join(HERE, "make_coef.R"), HERE], check=True)
subprocess.run(["Rscript", os.path.join(HERE, "make_refs.R"), HERE], check=True)

# --- Reference values computed here, independently of the Go code.
# Ranks at each ranking year among all states (not just the fixture's subset),
# highest full memberships first, ties broken by ascending ccode: the top 10.
out = []
for y in rank_years:
    ys = sorted(((-v, c) for (c, yy), v in sy.items() if yy == y))
    out += [(y, r + 1, c) for r, (_, c) in enumerate(ys[:10])]
write("ref_ranks.csv", ["year", "rank", "ccode"], out)

# Histogram counts of full memberships per year in bins [10 i, 10 (i+1)).
out = []
for y in (1950, 1990, 2014):
    n = collections.Counter(v // 10 for (c, yy), v in sy.items() if yy == y)
    out += [(y, 10 * b, n[b]) for b in range(0, 13)]
write("ref_hist.csv", ["year", "bin_start", "count"], out)
