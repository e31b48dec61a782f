#!/usr/bin/python3
"""Reference values for package network, from python-igraph 0.10 and networkx.

Run from the repository root with the system python (which has igraph 0.10.2,
networkx and numpy installed):

    /usr/bin/python3 analysis/network/testdata/make_reference.py

For every test case NAME it writes, next to this script:

    NAME.nodes.csv   id,group,partition   the nodes (ascending id), a categorical
                                          attribute and a reference partition
    NAME.edges.csv   from,to,weight       the edges (from < to when undirected)
    NAME.igraph.csv  id,<measure>...      per-node reference values
    NAME.graph.csv   stat,value           graph-level reference values

Floats are written with repr(), which round-trips exactly; NaN as "NaN".

Cases:
  cow2014, cow1950  the COW IGO joint full-membership graphs built from the
                    bundled datasets (see build_cow below)
  ties              an Erdos-Renyi graph with integer weights 1..4, so that
                    distances 1/w tie in many ways (1/2+1/2 = 1/1, 1/4+1/4 =
                    1/2, 1/3+1/3+1/3 ~ 1/1 up to rounding)
  directed          a weighted random digraph with dangling nodes and isolates
  disconnected      several weighted components of different sizes plus isolates

Conventions (the public contract of package network): a weight is a strength;
path lengths use distance 1/weight; betweenness is igraph's (each unordered
pair once on undirected graphs, not normalised); closeness is igraph 0.10's
(reachable nodes only, NaN for a node that reaches nobody); Katz uses
alpha = 0.5 / s_max (s_max the largest in- or out-strength) and beta = 1, and
comes from networkx because igraph has none.
"""

import csv
from fractions import Fraction
import gzip
import warnings
import math
import os
import random

import igraph as ig
import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def fmt(v):
    if v is None:
        return "NaN"
    v = float(v)
    if math.isnan(v):
        return "NaN"
    return repr(v)


# ---------------------------------------------------------------- COW graphs

def system_members(year):
    """COW state codes in the system for any part of year (states2016.csv)."""
    ids = set()
    with open(os.path.join(ROOT, "datasets/cow-states/states2016.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if int(r["styear"]) <= year <= int(r["endyear"]):
                ids.add(int(r["ccode"]))
    return sorted(ids)


def build_cow(year):
    """Nodes: states in the COW system in year. Edge weight: number of IGOs in
    which both states are full members (code 1) in year. Codes 0, 2, 3, -9
    and -1 are not full membership. A member row for a state outside the
    system that year would be dropped (there is none in 1950 or 2014; asserted
    below)."""
    nodes = system_members(year)
    inset = set(nodes)
    members = {}  # igo -> list of ccodes with full membership
    with gzip.open(os.path.join(ROOT, "datasets/cow-igo/state_year_format3.csv.gz"), "rt", newline="") as f:
        rd = csv.reader(f)
        head = next(rd)
        igos = head[3:]
        for r in rd:
            if int(r[1]) != year:
                continue
            c = int(r[0])
            for k, v in enumerate(r[3:]):
                if v == "1":
                    assert c in inset, (c, year)
                    members.setdefault(igos[k], []).append(c)
    w = {}
    for igo in sorted(members):
        ms = sorted(members[igo])
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                w[(ms[i], ms[j])] = w.get((ms[i], ms[j]), 0) + 1
    edges = sorted((a, b, float(x)) for (a, b), x in w.items())
    return nodes, edges


def region(c):
    """A categorical attribute for the assortativity test: COW region by
    code range (Americas, Europe, Africa, Middle East, Asia/Oceania)."""
    if c < 200:
        return 1
    if c < 400:
        return 2
    if c < 626 + 1:
        return 3
    if c < 700:
        return 4
    return 5


# ------------------------------------------------------------ random graphs

def ties_graph():
    rng = random.Random(20240611)
    n = 80
    nodes = list(range(1, n + 1))
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < 0.08:
                edges.append((nodes[i], nodes[j], float(rng.randint(1, 4))))
    return nodes, edges


def directed_graph():
    rng = random.Random(7)
    n = 40
    nodes = [10 * (k + 1) for k in range(n)]
    edges = []
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            # nodes 30..34 have no out-edges (dangling), 35..39 are isolates
            if i >= 30 or j >= 35:
                continue
            if rng.random() < 0.12:
                edges.append((nodes[i], nodes[j], float(rng.randint(1, 9))))
    return nodes, edges


def disconnected_graph():
    rng = random.Random(99)
    nodes = []
    edges = []
    nid = 100
    for size, p in [(25, 0.25), (12, 0.4), (6, 0.6), (2, 1.0)]:
        comp = list(range(nid, nid + size))
        nid += size
        nodes += comp
        # a spanning path keeps each component connected
        for a, b in zip(comp, comp[1:]):
            edges.append((a, b, float(rng.randint(1, 6))))
        for i in range(size):
            for j in range(i + 2, size):
                if rng.random() < p:
                    edges.append((comp[i], comp[j], float(rng.randint(1, 6))))
    nodes += [nid, nid + 1, nid + 2]  # isolates
    edges.sort()
    return nodes, edges


# ---------------------------------------------------------------- measures

def katz_alpha(g, weights):
    if g.ecount() == 0:
        return 0.0
    if g.is_directed():
        smax = max(max(g.strength(mode="out", weights=weights)), max(g.strength(mode="in", weights=weights)))
    else:
        smax = max(g.strength(weights=weights))
    return 0.5 / smax


def katz_networkx(nodes, edges, directed, alpha):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes)
    G.add_weighted_edges_from(edges)
    k = nx.katz_centrality_numpy(G, alpha=alpha, beta=1.0, normalized=True, weight="weight")
    return [k[v] for v in nodes]


def assortativity_exact(nodes, edges, directed):
    """Degree assortativity in exact rational arithmetic (the square root
    taken last, in floating point). igraph 0.10 sums raw moments, which loses
    about 1e-9 relative accuracy on near-regular graphs such as cow2014."""
    outd = {v: 0 for v in nodes}
    ind = {v: 0 for v in nodes}
    for a, b, _ in edges:
        outd[a] += 1
        ind[b] += 1
    xs, ys = [], []
    for a, b, _ in edges:
        if directed:
            xs.append(outd[a])
            ys.append(ind[b])
        else:
            da, db = outd[a] + ind[a], outd[b] + ind[b]
            xs += [da, db]
            ys += [db, da]
    m = len(xs)
    if m == 0:
        return float("nan")
    mx, my = Fraction(sum(xs), m), Fraction(sum(ys), m)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return float("nan")
    return float(sxy) / math.sqrt(float(sxx * syy))


def reference(name, nodes, edges, directed, groups=None):
    # python-igraph's RNG is Python's random module; ARPACK's start vector and
    # the multilevel algorithm draw from it.
    random.seed(12345)
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _ in edges], directed=directed)
    w = [x for _, _, x in edges]
    dist = [1.0 / x for x in w]
    g.es["weight"] = w
    cols = {}
    if directed:
        cols["in_degree"] = g.degree(mode="in")
        cols["out_degree"] = g.degree(mode="out")
        cols["in_strength"] = g.strength(mode="in", weights=w)
        cols["out_strength"] = g.strength(mode="out", weights=w)
        cols["betweenness"] = g.betweenness(directed=True, weights=dist)
        cols["betweenness_hops"] = g.betweenness(directed=True)
        cols["closeness"] = g.closeness(mode="out", weights=dist)
        cols["harmonic"] = g.harmonic_centrality(mode="out", weights=dist)
        cols["pagerank"] = g.pagerank(directed=True, weights=w)
        cols["hub"] = g.hub_score(weights=w, scale=True)
        cols["authority"] = g.authority_score(weights=w, scale=True)
        u = g.as_undirected(mode="collapse")
        cols["kcore"] = u.coreness()
    else:
        cols["degree"] = g.degree()
        cols["strength"] = g.strength(weights=w)
        cols["betweenness"] = g.betweenness(directed=False, weights=dist)
        cols["betweenness_hops"] = g.betweenness(directed=False)
        cols["closeness"] = g.closeness(weights=dist)
        cols["harmonic"] = g.harmonic_centrality(weights=dist)
        cols["eigenvector"] = g.eigenvector_centrality(weights=w, scale=True)
        cols["pagerank"] = g.pagerank(directed=False, weights=w)
        cols["kcore"] = g.coreness()
        cols["clustering"] = g.transitivity_local_undirected(mode="nan")
        cols["clustering_barrat"] = g.transitivity_local_undirected(mode="nan", weights=w)
    alpha = katz_alpha(g, w)
    cols["katz"] = katz_networkx(nodes, edges, directed, alpha)

    if groups is None:
        groups = [1 + (v % 3) for v in nodes]
    # A reference partition: igraph's multilevel (Louvain) on the undirected
    # version, whose modularity package network must reproduce.
    u = g if not directed else g.as_undirected(mode="collapse", combine_edges="sum")
    # python-igraph draws from Python's random module: seed it so that the
    # partition (and so this script's output) is reproducible.
    random.seed(12345)
    part = u.community_multilevel(weights="weight").membership

    stats = {}
    stats["nodes"] = g.vcount()
    stats["edges"] = g.ecount()
    stats["density"] = g.density(loops=False)
    stats["mean_degree"] = (1 if directed else 2) * g.ecount() / g.vcount()
    stats["transitivity"] = g.transitivity_undirected()
    stats["assortativity_degree"] = g.assortativity_degree(directed=directed)
    stats["assortativity_degree_exact"] = assortativity_exact(nodes, edges, directed)
    stats["assortativity_group"] = g.assortativity_nominal(groups, directed=directed)
    stats["components"] = len(g.connected_components(mode="weak"))
    # python-igraph 0.10.2's Graph.modularity drops its resolution argument
    # before calling the C core, so GraphBase.modularity is called directly.
    uw = u.es["weight"]
    stats["modularity_partition"] = ig.GraphBase.modularity(u, part, uw, 1.0, False)
    stats["modularity_partition_res0.5"] = ig.GraphBase.modularity(u, part, uw, 0.5, False)
    stats["modularity_groups"] = ig.GraphBase.modularity(u, [x - 1 for x in groups], uw, 1.0, False)
    if directed:
        stats["modularity_directed_groups"] = ig.GraphBase.modularity(g, [x - 1 for x in groups], w, 1.0, True)
    stats["katz_alpha"] = alpha

    with open(os.path.join(HERE, name + ".nodes.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["id", "group", "partition"])
        for v, gr, p in zip(nodes, groups, part):
            wr.writerow([v, gr, p])
    with open(os.path.join(HERE, name + ".edges.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["from", "to", "weight"])
        for a, b, x in edges:
            wr.writerow([a, b, fmt(x)])
    names = list(cols)
    with open(os.path.join(HERE, name + ".igraph.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["id"] + names)
        for i, v in enumerate(nodes):
            wr.writerow([v] + [fmt(cols[c][i]) for c in names])
    with open(os.path.join(HERE, name + ".graph.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["stat", "value"])
        for k, v in stats.items():
            wr.writerow([k, fmt(v)])
    return g, cols


def check_ties_matter(nodes, edges):
    """Show that the ties case tests something: networkx compares path
    lengths exactly, so where float sums of 1/w differ in the last bit it
    misses ties that igraph (relative tolerance 1e-10) counts."""
    G = nx.Graph()
    G.add_nodes_from(nodes)
    for a, b, x in edges:
        G.add_edge(a, b, d=1.0 / x)
    bn = nx.betweenness_centrality(G, weight="d", normalized=False)
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _ in edges])
    bi = g.betweenness(weights=[1.0 / x for _, _, x in edges])
    diff = sum(1 for v in nodes if abs(bn[v] - bi[index[v]]) > 1e-9 * max(1.0, abs(bi[index[v]])))
    print("ties: nodes whose betweenness differs between exact and 1e-10 tie rules:", diff)


def check_igraph_near_tie():
    """igraph judges ties on lengths offset by one: on the square of
    network_test.go's TestIgraphTies, paths of lengths 0.02 and
    0.020000000005 tie for igraph (repnet's default rule keeps them
    distinct; PathOptions.IgraphTies reproduces igraph)."""
    g = ig.Graph([(0, 1), (1, 3), (0, 2), (2, 3)])
    b = g.betweenness(weights=[0.01, 0.01, 0.01, 0.01 + 5e-12])
    assert b == [0.5, 0.5, 0.5, 0.5], b


def main():
    warnings.simplefilter("ignore", FutureWarning)  # networkx 2.8 katz_numpy
    check_igraph_near_tie()
    for year in (2014, 1950):
        nodes, edges = build_cow(year)
        print("cow%d: %d nodes, %d edges" % (year, len(nodes), len(edges)))
        w = {(a, b): x for a, b, x in edges}
        if year == 2014:
            assert len(nodes) == 195
            assert w[(2, 20)] == 72  # USA-Canada, README fact
            assert w[(365, 710)] == 55  # Russia-China, README fact
        reference("cow%d" % year, nodes, edges, False, [region(c) for c in nodes])
    nodes, edges = ties_graph()
    reference("ties", nodes, edges, False)
    check_ties_matter(nodes, edges)
    nodes, edges = directed_graph()
    reference("directed", nodes, edges, True)
    nodes, edges = disconnected_graph()
    reference("disconnected", nodes, edges, False)


if __name__ == "__main__":
    main()
