#!/usr/bin/python3
"""Write the full COW IGO joint-full-membership panel, 1816-2014, for
BenchmarkAllMeasuresIGOPanel (analysis/network/bench_test.go).

    /usr/bin/python3 analysis/network/testdata/bench/igo_panel.py /tmp/igo_panel.csv.gz
    REPNET_IGO_PANEL=/tmp/igo_panel.csv.gz go test -run XXX \\
        -bench AllMeasuresIGOPanel -benchtime 1x ./analysis/network/

Rules as in ../make_reference.py: the nodes of year Y are the states in the
COW system for any part of Y (states2016.csv), and the weight of a pair is
the number of IGOs in which both are full members (code 1) in Y. The output
has one row per node (kind "node", from and to empty) and one per edge.
The file is large (872,417 edges, 3 MB gzipped) and is not committed; the
loaders will build the same panel from the bundled data.
"""

import csv
import gzip
import os
import sys
from collections import defaultdict

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".."))


def main(out):
    spells = []
    with open(os.path.join(ROOT, "datasets/cow-states/states2016.csv"), newline="") as f:
        for r in csv.DictReader(f):
            spells.append((int(r["ccode"]), int(r["styear"]), int(r["endyear"])))
    members = defaultdict(lambda: defaultdict(list))  # year -> column -> ccodes
    with gzip.open(os.path.join(ROOT, "datasets/cow-igo/state_year_format3.csv.gz"), "rt", newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for r in rd:
            c, y = int(r[0]), int(r[1])
            for k, v in enumerate(r[3:]):
                if v == "1":
                    members[y][k].append(c)
    total = 0
    with gzip.open(out, "wt", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "kind", "from", "to", "weight"])
        for y in range(1816, 2015):
            nodes = sorted({c for c, s, e in spells if s <= y <= e})
            index = {c: i for i, c in enumerate(nodes)}
            n = len(nodes)
            m = np.zeros((n, n), dtype=np.int64)
            for cols in members[y].values():
                ix = np.array(sorted(index[c] for c in cols))
                m[np.ix_(ix, ix)] += 1
            for c in nodes:
                w.writerow([y, "node", c, "", ""])
            iu = np.triu_indices(n, 1)
            for a, b in zip(*iu):
                if m[a, b] > 0:
                    w.writerow([y, "edge", nodes[a], nodes[b], int(m[a, b])])
                    total += 1
    print("wrote", out, "edges:", total)


if __name__ == "__main__":
    main(sys.argv[1])
