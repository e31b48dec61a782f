#!/usr/bin/python3
"""Time python-igraph 0.10 (and networkx for Katz) on the work of
BenchmarkAllMeasuresIGO: every undirected node measure and the graph
statistics for 199 copies of the 2014 IGO graph, for comparison with repnet.

    /usr/bin/python3 analysis/network/testdata/bench/all_measures_igraph.py
    go test -run XXX -bench 'AllMeasuresIGO$' -benchtime 1x ./analysis/network/

Katz is solved by scipy's sparse solver here (networkx's katz_centrality
would be slower), which favours the Python side.
"""

import csv
import os
import random
import time

import igraph as ig
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    base = os.path.join(HERE, "..")
    nodes = [int(r["id"]) for r in csv.DictReader(open(os.path.join(base, "cow2014.nodes.csv")))]
    groups = [int(r["group"]) for r in csv.DictReader(open(os.path.join(base, "cow2014.nodes.csv")))]
    rows = list(csv.DictReader(open(os.path.join(base, "cow2014.edges.csv"))))
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[int(r["from"])], index[int(r["to"])]) for r in rows]
    w = [float(r["weight"]) for r in rows]
    d = [1 / x for x in w]
    n = len(nodes)
    w0, c0 = time.time(), time.process_time()
    for year in range(199):
        g = ig.Graph(n=n, edges=edges)
        g.degree()
        g.strength(weights=w)
        g.betweenness(weights=d)
        g.betweenness()
        g.closeness(weights=d)
        g.harmonic_centrality(weights=d)
        g.eigenvector_centrality(weights=w)
        g.pagerank(weights=w)
        a = sp.csr_matrix((w + w, ([e[0] for e in edges] + [e[1] for e in edges],
                                   [e[1] for e in edges] + [e[0] for e in edges])), shape=(n, n))
        alpha = 0.5 / max(g.strength(weights=w))
        spla.spsolve(sp.identity(n, format="csr") - alpha * a.T, np.ones(n))
        g.coreness()
        g.transitivity_local_undirected(mode="nan")
        g.transitivity_local_undirected(mode="nan", weights=w)
        random.seed(year)
        g.community_multilevel(weights=w)
        g.density()
        g.transitivity_undirected()
        g.assortativity_degree()
        g.assortativity_nominal(groups)
        len(g.connected_components())
    print("python-igraph, 199 x cow2014: %.2f s wall, %.2f s CPU" % (time.time() - w0, time.process_time() - c0))


if __name__ == "__main__":
    main()
