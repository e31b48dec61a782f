#!/usr/bin/python3
"""Independent reference values for the COW IGO loader tests.

Reads the bundled files with Python's csv module and prints the numbers
that loaders/igo_test.go expects. Run from the repository root:

    /usr/bin/python3 loaders/testdata/igo_reference.py > loaders/testdata/igo_reference.txt
"""
import collections
import csv
import gzip

sy = csv.reader(gzip.open("datasets/cow-igo/state_year_format3.csv.gz", "rt"))
header = next(sy)
igos = header[3:]
rows = list(sy)
cells = collections.Counter()
for r in rows:
    cells.update(r[3:])
print("igos", len(igos))
print("state_years", len(rows))
print("status_full", cells["1"])
print("status_associate", cells["2"])
print("status_observer", cells["3"])
print("status_missing", cells["-9"])
print("long_rows", cells["1"] + cells["2"] + cells["3"] + cells["-9"])

y14 = [r for r in rows if r[1] == "2014"]
print("states_2014", len(y14))
fa = {int(r[0]): sum(v in ("1", "2") for v in r[3:]) for r in y14}
print("mean_full_assoc_2014 %.4f" % (sum(fa.values()) / len(fa)))
best = max(fa, key=fa.get)
print("most_2014", best, fa[best])
for cc in (710, 2, 365):
    r = next(r for r in y14 if int(r[0]) == cc)
    c = collections.Counter(r[3:])
    print("counts_2014", cc, "full", c["1"], "associate", c["2"], "observer", c["3"])
for igo in ("sco", "gcc", "csto"):
    j = 3 + igos.index(igo)
    by = collections.defaultdict(list)
    for r in y14:
        if r[j] not in ("0", "-1"):
            by[r[j]].append(int(r[0]))
    print("members_2014", igo, dict(sorted(by.items())))

iy = csv.reader(gzip.open("datasets/cow-igo/igo_year_format3.csv.gz", "rt"))
h = next(iy)
irows = list(iy)
names = {r[0].lower() for r in irows}
print("igo_year_igos", len(names), "join_missing", len(set(igos) - names), len(names - set(igos)))
alive = collections.Counter(int(r[2]) for r in irows)
peak = max(alive.values())
print("alive_2014", alive[2014], "peak", peak, "first_peak_year", min(y for y in alive if alive[y] == peak))
alive14 = {r[0].lower() for r in irows if r[2] == "2014"}
only_missing = 0
for g in alive14:
    j = 3 + igos.index(g)
    vals = {r[j] for r in y14}
    if "-9" in vals and not vals & {"1", "2", "3"}:
        only_missing += 1
print("alive_2014_only_missing", only_missing)
