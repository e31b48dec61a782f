#!/usr/bin/python3
"""Reference values for package backbone, from independent implementations
in Python (numpy, scipy) and R's p.adjust.

Run from the repository root (needs /usr/bin/python3 with numpy and scipy,
and Rscript on the PATH):

    /usr/bin/python3 analysis/backbone/testdata/make_reference.py

Written next to this script:

  NAME.agents.csv    ccode                      agents (states in the system)
  NAME.ties.csv      ccode,artifact,igo          full memberships (code 1)
  NAME.bicm.csv      kind,id,degree,fitness      BiCM fitnesses (row/col;
                                                 NaN if removed as empty or full)
  NAME.prob.csv      ccode,artifact,p            BiCM probabilities (small only)
  NAME.sdsm.csv      ccode1,ccode2,cooccur,p_exact,p_rna,exact_bonferroni,exact_holm,exact_BH
  NAME.disparity.csv ccode1,ccode2,weight,p,bonferroni,holm,BH
  NAME.kept.csv      test,correction,kept       edges kept at alpha 0.05

for NAME in cow1950 and cow2014 (2014's sdsm and disparity files hold every
10th tested pair, to keep them small; the kept counts cover all pairs), and
small.* for a synthetic incidence with empty, full and shared-degree rows
and columns. example.edges.csv and example.disparity.csv hold the
two-clique network from the R package backbone's disparity() help page.

Independent of the Go code: BiCM is solved by the fixed-point iteration of
Saracco et al. (2015) on every row and column (Go uses Newton's method on
distinct degrees); Poisson binomial tails are summed from the full
distribution built by polynomial multiplication (Go uses a truncated
dynamic programme); the refined normal approximation uses scipy.stats.norm;
corrections come from R's p.adjust; the disparity p-values follow the
matrix formulas of R's backbone::disparity().
"""

import csv
import gzip
import math
import os
import subprocess
import tempfile

import numpy as np
from scipy.stats import norm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
METHODS = ["bonferroni", "holm", "BH"]


def fmt(v):
    v = float(v)
    return "NaN" if math.isnan(v) else repr(v)


def p_adjust(p):
    """R's p.adjust for each method in METHODS."""
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "p.txt"), os.path.join(d, "a.csv")
        np.savetxt(src, np.asarray(p, dtype=float), fmt="%.17g")
        code = ('p <- scan("%s", quiet=TRUE); '
                'a <- sapply(c("bonferroni","holm","BH"), function(m) p.adjust(p, m)); '
                'write.csv(format(a, digits=17), "%s", row.names=FALSE)' % (src, dst))
        subprocess.run(["Rscript", "-e", code], check=True)
        rows = list(csv.reader(open(dst)))[1:]
        return {m: [float(r[k]) for r in rows] for k, m in enumerate(METHODS)}


# ------------------------------------------------------------ COW incidence

def build_incidence(year):
    nodes = set()
    with open(os.path.join(ROOT, "datasets/cow-states/states2016.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if int(r["styear"]) <= year <= int(r["endyear"]):
                nodes.add(int(r["ccode"]))
    ties = []
    with gzip.open(os.path.join(ROOT, "datasets/cow-igo/state_year_format3.csv.gz"), "rt", newline="") as f:
        rd = csv.reader(f)
        head = next(rd)
        for r in rd:
            if int(r[1]) != year:
                continue
            c = int(r[0])
            for k, v in enumerate(r[3:]):
                if v == "1":
                    assert c in nodes
                    ties.append((c, k, head[3 + k]))
    return sorted(nodes), sorted(ties)


# ------------------------------------------------------------------- BiCM

def bicm(B):
    """BiCM probability matrix of the binary matrix B, following the R
    package backbone's bicm() for non-conforming rows and columns (its loop
    transcribed: zero rows and columns are dropped, then cells of full rows
    and columns are set to 1 against the rows and columns still present,
    until none is left), and Saracco's fixed-point iteration on the rest.
    Returns P, row fitness, column fitness (NaN for removed rows/columns)."""
    nr, nc = B.shape
    P = np.zeros((nr, nc))
    good_r, good_c = list(range(nr)), list(range(nc))
    while True:
        sub = B[np.ix_(good_r, good_c)]
        zr = [good_r[i] for i in range(len(good_r)) if sub[i].sum() == 0]
        zc = [good_c[k] for k in range(len(good_c)) if sub[:, k].sum() == 0]
        good_r = [i for i in good_r if i not in zr]
        good_c = [k for k in good_c if k not in zc]
        sub = B[np.ix_(good_r, good_c)]
        fr = [good_r[i] for i in range(len(good_r)) if len(good_c) and sub[i].sum() == len(good_c)]
        fc = [good_c[k] for k in range(len(good_c)) if len(good_r) and sub[:, k].sum() == len(good_r)]
        for i in fr:
            P[i, good_c] = 1
        for k in fc:
            P[good_r, k] = 1
        good_r = [i for i in good_r if i not in fr]
        good_c = [k for k in good_c if k not in fc]
        if not (zr or zc or fr or fc):
            break
    x, y = np.full(nr, np.nan), np.full(nc, np.nan)
    if good_r and good_c:
        sub = B[np.ix_(good_r, good_c)].astype(float)
        R, C = sub.sum(1), sub.sum(0)
        xs = R / math.sqrt(R.sum())
        ys = C / math.sqrt(R.sum())
        for it in range(1000000):
            xs = R / ((ys[None, :] / (1 + xs[:, None] * ys[None, :])).sum(1))
            ys = C / ((xs[:, None] / (1 + xs[:, None] * ys[None, :])).sum(0))
            Q = xs[:, None] * ys[None, :] / (1 + xs[:, None] * ys[None, :])
            if max(abs(Q.sum(1) - R).max(), abs(Q.sum(0) - C).max()) < 1e-12:
                break
        else:
            raise SystemExit("BiCM fixed point did not converge")
        x[good_r], y[good_c] = xs, ys
        P[np.ix_(good_r, good_c)] = Q
    return P, x, y


def pb_upper_exact(q, k):
    pmf = np.array([1.0])
    for p in q:
        if p:
            pmf = np.convolve(pmf, [1 - p, p])
    return float(pmf[k:].sum())


def pb_upper_rna(q, k):
    q = np.asarray(q)
    mu, s2 = q.sum(), (q * (1 - q)).sum()
    g = (q * (1 - q) * (1 - 2 * q)).sum()
    if s2 == 0:
        return 1.0 if mu >= k else 0.0
    s = math.sqrt(s2)
    x = (k - 1 + 0.5 - mu) / s
    v = norm.sf(x) - g / (6 * s ** 3) * (1 - x * x) * norm.pdf(x)
    return min(1.0, max(0.0, v))


def sdsm(name, agents, ties, sample=1):
    arts = sorted({a for _, a, _ in ties})
    ai = {a: i for i, a in enumerate(agents)}
    ki = {a: k for k, a in enumerate(arts)}
    B = np.zeros((len(agents), len(arts)), dtype=np.int64)
    for c, a, _ in ties:
        B[ai[c], ki[a]] = 1
    P, x, y = bicm(B)
    with open(os.path.join(HERE, name + ".agents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ccode"])
        for c in agents:
            w.writerow([c])
    with open(os.path.join(HERE, name + ".ties.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ccode", "artifact", "igo"])
        for t in ties:
            w.writerow(t)
    with open(os.path.join(HERE, name + ".bicm.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "id", "degree", "fitness"])
        for i, c in enumerate(agents):
            w.writerow(["row", c, int(B[i].sum()), fmt(x[i])])
        for k, a in enumerate(arts):
            w.writerow(["col", a, int(B[:, k].sum()), fmt(y[k])])
    if len(agents) * len(arts) < 1000:
        with open(os.path.join(HERE, name + ".prob.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["ccode", "artifact", "p"])
            for i, c in enumerate(agents):
                for k, a in enumerate(arts):
                    w.writerow([c, a, fmt(P[i, k])])
    O = B @ B.T
    pairs, pe, pr = [], [], []
    for i in range(len(agents)):
        for j in range(i + 1, len(agents)):
            if O[i, j] > 0:
                q = P[i] * P[j]
                pairs.append((agents[i], agents[j], int(O[i, j])))
                pe.append(pb_upper_exact(q, int(O[i, j])))
                pr.append(pb_upper_rna(q, int(O[i, j])))
    adj = p_adjust(pe)
    with open(os.path.join(HERE, name + ".sdsm.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ccode1", "ccode2", "cooccur", "p_exact", "p_rna"] + ["exact_" + m for m in METHODS])
        for t in range(0, len(pairs), sample):
            w.writerow(list(pairs[t]) + [fmt(pe[t]), fmt(pr[t])] + [fmt(adj[m][t]) for m in METHODS])
    kept = [("sdsm", "none", sum(p < 0.05 for p in pe))]
    kept += [("sdsm", m, sum(p < 0.05 for p in adj[m])) for m in METHODS]
    kept += [("sdsm_rna", "none", sum(p < 0.05 for p in pr))]
    print(name, "sdsm: %d agents, %d artifacts, %d tested pairs" % (len(agents), len(arts), len(pairs)))
    return O, kept


# -------------------------------------------------------------- disparity

def disparity(name, ids, W, sample=1):
    """backbone::disparity()'s formulas on a symmetric weight matrix. The
    file holds every sample-th test; the kept counts cover all."""
    s = W.sum(1)
    k = (W > 0).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        Pm = W / s[:, None]
    pv = (1 - Pm) ** (k[:, None] - 1)
    pu = np.minimum(pv, pv.T)
    tests = [(ids[i], ids[j], W[i, j], pu[i, j]) for i in range(len(ids)) for j in range(i + 1, len(ids)) if W[i, j] > 0]
    adj = p_adjust([t[3] for t in tests])
    with open(os.path.join(HERE, name + ".disparity.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ccode1", "ccode2", "weight", "p"] + METHODS)
        for n in range(0, len(tests), sample):
            t = tests[n]
            w.writerow([t[0], t[1], fmt(t[2]), fmt(t[3])] + [fmt(adj[m][n]) for m in METHODS])
    kept = [("disparity", "none", sum(t[3] < 0.05 for t in tests))]
    kept += [("disparity", m, sum(p < 0.05 for p in adj[m])) for m in METHODS]
    return kept


def write_kept(name, kept):
    with open(os.path.join(HERE, name + ".kept.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["test", "correction", "kept"])
        for row in kept:
            w.writerow(row)


def main():
    for year, sample in ((1950, 1), (2014, 10)):
        name = "cow%d" % year
        agents, ties = build_incidence(year)
        O, kept = sdsm(name, agents, ties, sample)
        W = O.astype(float).copy()
        np.fill_diagonal(W, 0)
        kept += disparity(name, agents, W, sample)
        write_kept(name, kept)
    # A synthetic incidence: agent 9 has no ties, agent 8 belongs to every
    # artifact, artifact 106 has every agent but 9 (full once 9 is gone),
    # artifact 107 only agent 8 (empty once 8 is gone, but P[8, 107] = 1),
    # agents 1 and 2 have equal degrees.
    inc = {1: [100, 101, 106], 2: [102, 103, 106], 3: [100, 102, 104, 106], 4: [101, 104, 105, 106],
           5: [103, 105, 106], 6: [100, 101, 102, 103, 106], 7: [104, 106], 8: list(range(100, 108)), 9: []}
    ties = sorted((a, art, "igo%d" % art) for a, arts in inc.items() for art in arts)
    _, kept = sdsm("small", sorted(inc), ties)
    write_kept("small", kept)
    # backbone::disparity() help page example.
    net = np.array([[0, 10, 10, 10, 10, 75, 0, 0, 0, 0], [10, 0, 1, 1, 1, 0, 0, 0, 0, 0],
                    [10, 1, 0, 1, 1, 0, 0, 0, 0, 0], [10, 1, 1, 0, 1, 0, 0, 0, 0, 0],
                    [10, 1, 1, 1, 0, 0, 0, 0, 0, 0], [75, 0, 0, 0, 0, 0, 100, 100, 100, 100],
                    [0, 0, 0, 0, 0, 100, 0, 10, 10, 10], [0, 0, 0, 0, 0, 100, 10, 0, 10, 10],
                    [0, 0, 0, 0, 0, 100, 10, 10, 0, 10], [0, 0, 0, 0, 0, 100, 10, 10, 10, 0]], dtype=float)
    ids = list(range(1, 11))
    with open(os.path.join(HERE, "example.edges.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "weight"])
        for i in range(10):
            for j in range(i + 1, 10):
                if net[i, j]:
                    w.writerow([ids[i], ids[j], fmt(net[i, j])])
    write_kept("example", disparity("example", ids, net))


if __name__ == "__main__":
    main()
