#!/usr/bin/python3
"""Independent reference values for loaders_test.go.

Re-implements each loader's documented rules with Python's csv module on the
bundled files and prints the numbers the Go tests expect. Run from the
repository root:

    /usr/bin/python3 loaders/testdata/loaders_reference.py > loaders/testdata/loaders_reference.txt
"""
import collections
import csv
import gzip


def rows(path):
    f = gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")
    return list(csv.DictReader(f))


D = "datasets/"

# ATOP: directed rows, and the symmetrised non-directed table.
atop = rows(D + "atop/atop_alliance.csv.gz")
obl = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
und = {}
for r in atop:
    a, b, y = int(r["ccode1"]), int(r["ccode2"]), int(r["year"])
    k = (min(a, b), max(a, b), y)
    v = und.setdefault(k, [0] * 5)
    for i, o in enumerate(obl):
        v[i] = max(v[i], int(r[o]))
print("atop_rows", len(atop))
print("atop_undirected_rows", len(und))
print("atop_undirected_sums", [sum(v[i] for v in und.values()) for i in range(5)])

# Contiguity: ccode1 < ccode2 spells, years year(stdate)..year(enddate),
# smallest non-zero type per dyad-year.
cont = {}
for r in rows(D + "cow-contiguity/cow_contdir.csv"):
    a, b, t = int(r["ccode1"]), int(r["ccode2"]), int(r["conttype"])
    if a > b or t == 0:
        continue
    for y in range(int(r["stdate"][:4]), int(r["enddate"][:4]) + 1):
        k = (a, b, y)
        cont[k] = min(cont.get(k, 9), t)
print("contiguity_rows", len(cont))
print("contiguity_types", sorted(collections.Counter(cont.values()).items()))
print("contiguity_2_20_2016", cont.get((2, 20, 2016)), "2_40_2016", cont.get((2, 40, 2016)))
print("contiguity_200_220_1940", cont.get((200, 220, 1940)), "200_220_1941", cont.get((200, 220, 1941)))

# Trade.
trade = rows(D + "cow-trade/cow_trade_ndy.csv.gz")
print("trade_rows", len(trade), "flow1_missing", sum(r["flow1"] in ("", "NA", "-9") for r in trade),
      "flow2_missing", sum(r["flow2"] in ("", "NA", "-9") for r in trade))

# NMC.
nmc = rows(D + "cow-nmc/cow_nmc.csv.gz")
print("nmc_rows", len(nmc), "milex_missing", sum(r["milex"] in ("", "NA", "-9") for r in nmc))

# PTS rules.
pts = rows(D + "pts/PTS-2022.csv.gz")
keep345 = {1991: "Yugoslavia, Socialist Federal Republic of", 1992: "Yugoslavia, Federal Republic of",
           2006: "Yugoslavia, Federal Republic of"}
out = {}
dropped = collections.Counter()
for r in pts:
    cc = r["COW_Code_N"]
    cc = int(cc) if cc != "NA" else {"Soviet Union": 365, "Serbia": 345}.get(r["Country"])
    if all(r[k] == "NA" for k in ("PTS_A", "PTS_H", "PTS_S")):
        continue
    if cc is None:
        dropped[r["Country"]] += 1
        continue
    y = int(r["Year"])
    if cc == 345 and y in keep345 and r["Country"] != keep345[y]:
        continue
    assert (cc, y) not in out, (cc, y)
    out[(cc, y)] = r
print("pts_rows", len(out), "dropped", sum(dropped.values()))
print("pts_710_2014", [out[(710, 2014)][k] for k in ("PTS_A", "PTS_H", "PTS_S")],
      "pts_710_2021", [out[(710, 2021)][k] for k in ("PTS_A", "PTS_H", "PTS_S")])

# V-Dem and RoW.
vdem = rows(D + "vdem/vdem_simple.csv.gz")
coded = [r for r in vdem if r["vdem_cowcode"] != ""]
print("vdem_rows", len(coded), "uncoded", len(vdem) - len(coded))
code = {(r["country_id"], r["year"]): r["vdem_cowcode"] for r in vdem}
ert = rows(D + "vdem-row/ert_v15.csv.gz")
rc = [r for r in ert if code.get((r["country_id"], r["year"]), "") != ""]
print("vdem_row_rows", len(rc), "uncoded", len(ert) - len(rc))
reg = {(code[(r["country_id"], r["year"])], r["year"]): r["v2x_regime"] for r in rc}
print("v2x_regime_2024", {c: reg[(c, "2024")] for c in ("710", "365", "705", "2")})

# LIED: lied_cow that is a COW code.
cow = {r["ccode"] for r in rows(D + "cow-states/states2016.csv")}
lied = rows(D + "lied/LIED.csv.gz")
print("lied_rows", sum(r["lied_cow"] in cow for r in lied), "uncoded", sum(r["lied_cow"] not in cow for r in lied))

# GWF.
gwf = rows(D + "gwf/gwf_all.csv.gz")
aut = rows(D + "gwf/gwf_autocratic.csv.gz")
print("gwf_rows", len(gwf), "autocratic", len(aut))

# UN votes: vote and issue counts over vote rows.
votes = rows(D + "unvotes/un_votes.csv.gz")
print("unvotes_rows", len(votes), "votes", sorted(collections.Counter(r["vote"] for r in votes).items()))
iss = collections.defaultdict(set)
for r in rows(D + "unvotes/un_roll_call_issues.csv"):
    iss[r["short_name"]].add(r["rcid"])
print("unvotes_issue_rows", {k: sum(r["rcid"] in v for r in votes) for k, v in sorted(iss.items())})
print("unvotes_namibia_rows", sum(r["country_code"] == "NA" for r in votes))
