#!/usr/bin/python3
"""Independent reference values for package layers, recomputed from the raw
bundled files with the Python standard library only (no repnet code).

Run from the repository root:

    /usr/bin/python3 analysis/layers/testdata/make_reference.py

It writes, next to this script:

  igo_years.csv        one row per year 1816-2014 of the igo layer, for each
                       weight (count, newman, jaccard) and membership rule
                       (full, full+associate): nodes, edges (pairs with a
                       positive weight), the sum of the weights, and, for
                       count, the sha256 of the year's edge list written as
                       "ccode1,ccode2,count\n" lines sorted by ccode1, ccode2.
                       Equal hashes mean equal counts on every dyad.
  igo_sample.csv       the newman and jaccard weights of a fixed sample of
                       dyad-years, for a tolerance check.
  composition_2014.csv the regime composition of every IGO alive or coded in
                       2014: full members, full members with a V-Dem Regimes
                       of the World code, autocracies among them (v2x_regime
                       0 or 1), their share, and the mean and sample standard
                       deviation of the full members' v2x_polyarchy.

Rules, restated from the package documentation:
  nodes of year Y: states in the COW system at any time in Y (states2016.csv:
    styear <= Y <= endyear for some spell of the state) that have a row in
    state_year_format3 for Y (all but 260, 265, 678 and 680 in 1990)
  membership: state-year cell of state_year_format3 equal to "1" (full), or
    "1" or "2" (full+associate); -9 and -1 are never membership
  count:   number of organizations both belong to
  newman:  sum over shared organizations of 1/(k - 1), k = the organization's
           members among the year's nodes
  jaccard: shared / (orgs of i + orgs of j - shared)
  regime:  V-Dem ERT v15's v2x_regime, matched to COW codes through
    vdem_simple's vdem_cowcode for the same country_id and year; polyarchy
    from vdem_simple's v2x_polyarchy by vdem_cowcode and year.
"""

import csv
import gzip
import hashlib
import math
import os
import random
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DS = os.path.join(ROOT, "datasets")


def read_system():
    spells = []
    with open(os.path.join(DS, "cow-states", "states2016.csv"), newline="") as f:
        for r in csv.DictReader(f):
            spells.append((int(r["ccode"]), int(r["styear"]), int(r["endyear"])))
    return lambda y: sorted({c for c, s, e in spells if s <= y <= e})


def read_state_year():
    """year -> ccode -> list of cells; and the IGO names."""
    rows = defaultdict(dict)
    with gzip.open(os.path.join(DS, "cow-igo", "state_year_format3.csv.gz"), "rt", newline="") as f:
        rd = csv.reader(f)
        head = next(rd)
        for r in rd:
            rows[int(r[1])][int(r[0])] = r[3:]
    return head[3:], rows


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NaN"
    return repr(float(v))


def igo_reference(igos, rows, states_in):
    out = []
    sample = []
    rng = random.Random(2014)
    for y in range(1816, 2015):
        nodes = [c for c in states_in(y) if c in rows[y]]
        inset = set(nodes)
        for rule, codes in (("full", {"1"}), ("full+associate", {"1", "2"})):
            members = defaultdict(list)
            for c, cells in rows[y].items():
                if c not in inset:
                    continue
                for k, v in enumerate(cells):
                    if v in codes:
                        members[k].append(c)
            count = defaultdict(int)
            newman = defaultdict(float)
            deg = defaultdict(int)
            for k in sorted(members):
                ms = sorted(members[k])
                for c in ms:
                    deg[c] += 1
                for i in range(len(ms)):
                    for j in range(i + 1, len(ms)):
                        count[(ms[i], ms[j])] += 1
                        newman[(ms[i], ms[j])] += 1.0 / (len(ms) - 1)
            pairs = sorted(count)
            text = "".join("%d,%d,%d\n" % (a, b, count[(a, b)]) for a, b in pairs)
            jac = {p: count[p] / (deg[p[0]] + deg[p[1]] - count[p]) for p in pairs}
            out.append((y, rule, "count", len(nodes), len(pairs), float(sum(count.values())),
                        hashlib.sha256(text.encode()).hexdigest()))
            out.append((y, rule, "newman", len(nodes), len(pairs), math.fsum(newman.values()), ""))
            out.append((y, rule, "jaccard", len(nodes), len(pairs), math.fsum(jac.values()), ""))
            if rule == "full" and pairs and y % 7 == 0:
                for p in rng.sample(pairs, min(5, len(pairs))):
                    sample.append((y, p[0], p[1], count[p], newman[p], jac[p]))
    with open(os.path.join(HERE, "igo_years.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "members", "weight", "nodes", "edges", "total", "sha256"])
        for r in out:
            w.writerow(list(r[:5]) + [fmt(r[5]), r[6]])
    with open(os.path.join(HERE, "igo_sample.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "ccode1", "ccode2", "count", "newman", "jaccard"])
        for r in sample:
            w.writerow([r[0], r[1], r[2], r[3], fmt(r[4]), fmt(r[5])])


def composition_reference(igos, rows, states_in, year):
    cow = {}  # (country_id, year) -> vdem_cowcode
    poly = {}  # (ccode, year) -> v2x_polyarchy
    with gzip.open(os.path.join(DS, "vdem", "vdem_simple.csv.gz"), "rt", newline="") as f:
        for r in csv.DictReader(f):
            if r["vdem_cowcode"] in ("", "NA"):
                continue
            cc, y = int(r["vdem_cowcode"]), int(r["year"])
            cow[(int(r["country_id"]), y)] = cc
            if r["v2x_polyarchy"] not in ("", "NA"):
                poly[(cc, y)] = float(r["v2x_polyarchy"])
    regime = {}
    with gzip.open(os.path.join(DS, "vdem-row", "ert_v15.csv.gz"), "rt", newline="") as f:
        for r in csv.DictReader(f):
            key = (int(r["country_id"]), int(r["year"]))
            if key in cow and r["v2x_regime"] not in ("", "NA"):
                regime[(cow[key], key[1])] = int(r["v2x_regime"])
    # IGOs alive in the IGO-year file that year.
    alive = set()
    with gzip.open(os.path.join(DS, "cow-igo", "igo_year_format3.csv.gz"), "rt", newline="") as f:
        for r in csv.DictReader(f):
            if int(r["year"]) == year:
                alive.add(r["ioname"].lower())
    out = []
    for k, name in sorted(enumerate(igos), key=lambda x: x[1]):
        cells = [(c, cs[k]) for c, cs in rows[year].items()]
        coded = [v for c, v in cells if v in ("1", "2", "3", "-9")]
        if name not in alive and not coded:
            continue
        full = sorted(c for c, v in cells if v == "1")
        regs = [regime[(c, year)] for c in full if (c, year) in regime]
        aut = sum(1 for x in regs if x <= 1)
        share = aut / len(regs) if regs else float("nan")
        ps = [poly[(c, year)] for c in full if (c, year) in poly]
        mean = sum(ps) / len(ps) if ps else float("nan")
        sd = math.sqrt(sum((p - mean) ** 2 for p in ps) / (len(ps) - 1)) if len(ps) > 1 else float("nan")
        out.append((name, len(full), len(regs), aut, share, len(ps), mean, sd))
    with open(os.path.join(HERE, "composition_%d.csv" % year), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["igo", "n_full", "n_regime", "n_autocracies", "share_autocratic", "n_polyarchy", "polyarchy_mean", "polyarchy_sd"])
        for r in out:
            w.writerow(list(r[:4]) + [fmt(r[4]), r[5], fmt(r[6]), fmt(r[7])])


def main():
    states_in = read_system()
    igos, rows = read_state_year()
    igo_reference(igos, rows, states_in)
    composition_reference(igos, rows, states_in, 2014)


if __name__ == "__main__":
    main()
