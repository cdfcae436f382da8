"""One core under every analysis: the matrix form of the network through the everyday
functions, against networkx on the same graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import graphlib_papers as gp
from graphlib_papers import communities


def leiden_from_matrix(matrix, index=None, *, seed=None, reorder=None, n_iterations=None,
                       weighted=True):
    net = matrix if isinstance(matrix, tuple) else (matrix, index)
    return gp.find_communities(net, "leiden", seed=seed, reorder=reorder,
                               n_iterations=n_iterations, weight="weight" if weighted else None)


def matrix_centrality(matrix, index=None, measures=("degree", "strength", "pagerank")):
    net = (matrix, index)
    return gp.author_centrality(net, list(measures)).drop(columns="name")


def sampled_betweenness(matrix, index=None, *, k=256, weighted=True, seed=None):
    df = gp.author_centrality((matrix, index), ["betweenness"], k=k, seed=seed,
                              weight="weight" if weighted else None, budget=None)
    return df.rename(columns={"betweenness_stderr": "stderr"})


def _matrix(G: nx.Graph, weight: str | None = "weight"):
    nodes = sorted(G)
    return sp.csr_matrix(nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight)), nodes


def _random_weighted(n: int, p: float, seed: int, isolated: int = 0) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.1, 3.0))
    G.add_nodes_from(range(n, n + isolated))
    return G


def test_igraph_graph_streams_every_edge_in_order_across_chunks():
    from graphlib_papers._network import igraph_graph as _igraph_graph

    rng = np.random.default_rng(5)
    m = (1 << 16) * 2 + 123  # three chunks, the last one short
    u = rng.integers(0, 5000, m)
    v = rng.integers(0, 5000, m)
    w = rng.random(m)
    g = _igraph_graph(5001, u, v, weight=w)
    assert g.vcount() == 5001 and not g.is_directed()
    edges = np.array(g.get_edgelist())
    lo, hi = np.minimum(u, v), np.maximum(u, v)  # igraph stores an undirected edge low-high
    assert np.array_equal(edges[:, 0], lo) and np.array_equal(edges[:, 1], hi)
    assert np.array_equal(np.array(g.es["weight"]), w)
    assert _igraph_graph(3, np.array([], dtype=np.int64), np.array([], dtype=np.int64)).ecount() == 0


# -- Leiden ------------------------------------------------------------------------------
def test_leiden_equals_the_networkx_front_door(seeds):
    M, index = gp.coauthor_matrix(seeds, weighting="newman")
    G = gp.coauthor_graph(seeds, weighting="newman")
    for seed in (0, 1, 7):
        two = leiden_from_matrix(M, index, seed=seed, n_iterations=2)
        ref2 = gp.find_communities(G, "leiden", seed=seed, n_iterations=2)
        assert two.membership.equals(ref2.membership) and two.parameters["n_iterations"] == 2
        res = leiden_from_matrix(M, index, seed=seed, n_iterations=-1)
        ref = gp.find_communities(G, "leiden", seed=seed, n_iterations=-1)
        assert res.membership.equals(ref.membership)
        assert res.modularity == pytest.approx(ref.modularity, abs=1e-12)
        assert res.seed == seed and res == ref


def test_leiden_reordered_recovers_planted_groups_in_original_numbering():
    # four 12-cliques, one link between consecutive cliques; authors numbered so that the
    # cliques interleave (author i is in clique i % 4) and the renumbering really permutes
    k, size = 4, 12
    G = nx.Graph()
    for c in range(k):
        members = [c + k * j for j in range(size)]
        G.add_edges_from((a, b, {"weight": 1.0}) for i, a in enumerate(members) for b in members[i + 1 :])
    G.add_edges_from((c, c + 1, {"weight": 1.0}) for c in range(k - 1))
    M, nodes = _matrix(G)
    res = leiden_from_matrix(M, nodes, seed=0, reorder=True)
    assert res.parameters["order"] == "reverse-cuthill-mckee"
    assert res.n_communities == k
    planted = pd.Series([i % k for i in nodes], index=nodes)
    for c in range(k):
        labels = res.membership[planted.index[planted == c]]
        assert labels.nunique() == 1  # each clique is one community, in author numbering
    assert res == leiden_from_matrix(M, nodes, seed=0, reorder=True)  # still fixed by the seed
    q = nx.community.modularity(G, res.communities, weight="weight")
    assert res.modularity == pytest.approx(q, abs=1e-12)


def test_leiden_reorders_large_matrices_by_default(monkeypatch):
    karate = nx.karate_club_graph()
    M, nodes = _matrix(karate, weight=None)
    assert leiden_from_matrix(M, nodes, seed=0).parameters["order"] == "index"
    monkeypatch.setattr(communities, "REORDER_LINKS", karate.number_of_edges())
    res = leiden_from_matrix(M, nodes, seed=0)
    assert res.parameters["order"] == "reverse-cuthill-mckee"
    best = max(leiden_from_matrix(M, nodes, seed=s).modularity for s in range(10))
    assert best == pytest.approx(0.4197896, abs=1e-6)  # the proven optimum, as unordered
    plain = leiden_from_matrix(M, nodes, seed=0, reorder=False)
    assert plain.parameters["order"] == "index"


def test_leiden_modularity_is_networkx_modularity(seeds):
    M, index = gp.coauthor_matrix(seeds, weighting="count")
    res = leiden_from_matrix((M, index), seed=3)
    G = gp.coauthor_graph(seeds, weighting="count")
    q = nx.community.modularity(G, res.communities, weight="weight")
    assert res.modularity == pytest.approx(q, abs=1e-12)
    sizes = res.sizes.to_numpy()
    assert (np.diff(sizes) <= 0).all()  # label 0 is the largest
    unweighted = leiden_from_matrix(M, index, seed=3, weighted=False)
    q1 = nx.community.modularity(G, unweighted.communities, weight=None)
    assert unweighted.modularity == pytest.approx(q1, abs=1e-12)


def test_leiden_reaches_known_optimum_on_karate():
    # Q* = 0.4197896 for Zachary's karate club (unweighted); see data/REFERENCES.md
    M, nodes = _matrix(nx.karate_club_graph(), weight=None)
    best = max(leiden_from_matrix(M, nodes, seed=s).modularity for s in range(10))
    assert best == pytest.approx(0.4197896, abs=1e-6)


def test_leiden_seed_is_drawn_and_repeatable():
    M, nodes = _matrix(_random_weighted(60, 0.08, seed=4))
    res = leiden_from_matrix(M, nodes)
    assert isinstance(res.seed, int)
    assert leiden_from_matrix(M, nodes, seed=res.seed) == res


def test_leiden_edgeless_and_empty():
    res = leiden_from_matrix(sp.csr_matrix((3, 3)), ["a:x", "a:y", "a:z"], seed=0)
    assert res.membership.tolist() == [0, 1, 2]
    assert np.isnan(res.modularity)
    empty = leiden_from_matrix(sp.csr_matrix((0, 0)), seed=0)
    assert len(empty.membership) == 0 and np.isnan(empty.modularity)


def test_bad_matrices():
    with pytest.raises(TypeError, match="coauthor_matrix"):
        gp.find_communities(np.eye(3))
    with pytest.raises(gp.GraphlibPapersError, match="square"):
        matrix_centrality(sp.csr_matrix((2, 3)))
    with pytest.raises(gp.GraphlibPapersError, match="symmetric"):
        matrix_centrality(sp.csr_matrix(np.array([[0, 1.0], [0, 0]])))
    # weights that differ from their mirror image by rounding only are symmetric ...
    off = 1 / 3
    rounding = sp.csr_matrix(np.array([[0, off], [off * (1 + 1e-15), 0]]))
    assert matrix_centrality(rounding)["strength"].tolist() == pytest.approx([off, off])
    # ... a real difference in weight is not
    with pytest.raises(gp.GraphlibPapersError, match="symmetric"):
        matrix_centrality(sp.csr_matrix(np.array([[0, 1.0], [1.001, 0]])))
    with pytest.raises(gp.GraphlibPapersError, match="non-negative"):
        sampled_betweenness(sp.csr_matrix(np.array([[0, -1.0], [-1.0, 0]])))
    with pytest.raises(gp.GraphlibPapersError, match="index"):
        matrix_centrality(sp.csr_matrix((2, 2)), ["a:only-one"])
    with pytest.raises(ValueError, match="measure"):
        matrix_centrality(sp.csr_matrix((2, 2)), measures=["fame"])
    # the caller's matrix is never modified (unsorted indices stay unsorted)
    M = sp.csr_matrix((np.array([1.0, 2.0, 2.0, 1.0]), np.array([2, 1, 0, 0]),
                       np.array([0, 2, 3, 4])), shape=(3, 3))
    before = (M.indices.copy(), M.data.copy(), M.has_sorted_indices)
    gp.author_centrality(M, ["strength"])
    assert np.array_equal(M.indices, before[0]) and np.array_equal(M.data, before[1])
    with pytest.raises(ValueError, match="k must be"):
        sampled_betweenness(sp.csr_matrix((3, 3)), k=1)


def test_deprecated_names_warn_and_match(seeds):
    from graphlib_papers import scale

    net = gp.coauthor_matrix(seeds)
    with pytest.warns(FutureWarning, match="find_communities"):
        old = scale.leiden_from_matrix(*net, seed=0)
    assert old == gp.find_communities(net, "leiden", seed=0)
    with pytest.warns(FutureWarning, match="author_centrality"):
        mc = scale.matrix_centrality(*net)
    pd.testing.assert_frame_equal(mc, gp.author_centrality(net, list(scale.MATRIX_MEASURES))
                                  .drop(columns="name"))
    with pytest.warns(FutureWarning, match="author_centrality"):
        sb = scale.sampled_betweenness(*net, k=20, seed=1)
    ref = gp.author_centrality(net, ["betweenness"], k=20, seed=1, budget=None)
    np.testing.assert_array_equal(sb["stderr"], ref["betweenness_stderr"])


def test_deprecated_names_take_weight_and_understand_weighted(seeds):
    from graphlib_papers import scale

    net = gp.coauthor_matrix(seeds, weighting="newman")
    hops = gp.find_communities(net, "leiden", seed=0, weight=None)
    assert hops != gp.find_communities(net, "leiden", seed=0)  # the weights matter here
    with pytest.warns(FutureWarning, match="find_communities"):
        assert scale.leiden_from_matrix(*net, seed=0, weight=None) == hops
    with pytest.warns(FutureWarning, match="find_communities"), \
            pytest.warns(FutureWarning, match=r"weighted=\).*weight="):
        assert scale.leiden_from_matrix(*net, seed=0, weighted=False) == hops
    ref = gp.author_centrality(net, ["betweenness"], k=20, seed=1, budget=None, weight=None)
    with pytest.warns(FutureWarning, match="author_centrality"), \
            pytest.warns(FutureWarning, match=r"weighted=\).*weight="):
        sb = scale.sampled_betweenness(*net, k=20, seed=1, weighted=False)
    np.testing.assert_array_equal(sb["betweenness"], ref["betweenness"])
    # options of the earlier code that would change the numbers are refused, not ignored
    with pytest.warns(FutureWarning), pytest.raises(gp.OptionError, match="alpha"):
        scale.matrix_centrality(*net, alpha=0.5)
    with pytest.warns(FutureWarning), pytest.raises(gp.OptionError, match="normalized"):
        scale.sampled_betweenness(*net, normalized=False)
    with pytest.raises(TypeError, match="dampnig"):
        scale.matrix_centrality(*net, dampnig=0.85)  # a misspelt option is an error


# -- degree, strength, PageRank ------------------------------------------------------------
def test_matrix_centrality_equals_networkx(seeds):
    M, index = gp.coauthor_matrix(seeds, weighting="newman")
    G = gp.coauthor_graph(seeds, weighting="newman")
    df = matrix_centrality(M, index)
    assert df.index.equals(index)
    deg = dict(G.degree())
    strength = dict(G.degree(weight="weight"))
    pr = nx.pagerank(G, weight="weight", tol=1e-13, max_iter=1000)
    assert df["degree"].to_dict() == {u: float(d) for u, d in deg.items()}
    np.testing.assert_allclose(df["strength"], [strength[u] for u in index], rtol=1e-12)
    np.testing.assert_allclose(df["pagerank"], [pr[u] for u in index], rtol=1e-8)


def test_pagerank_with_isolated_authors_and_diagonal():
    G = _random_weighted(80, 0.05, seed=2, isolated=5)
    M, nodes = _matrix(G)
    M = M + sp.diags(np.full(M.shape[0], 7.0))  # a diagonal is ignored
    df = matrix_centrality(M, nodes, ["pagerank", "degree"])
    pr = nx.pagerank(G, weight="weight", tol=1e-13, max_iter=1000)
    np.testing.assert_allclose(df["pagerank"], [pr[u] for u in nodes], rtol=1e-8)
    assert df.loc[nodes[-1], "degree"] == 0
    assert list(df.columns) == ["pagerank", "degree"]


def test_matrix_centrality_empty():
    df = matrix_centrality(sp.csr_matrix((0, 0)))
    assert df.empty and list(df.columns) == ["degree", "strength", "pagerank"]
    s = gp.network_summary(sp.csr_matrix((0, 0)))
    assert s["nodes"] == 0


# -- sampled betweenness --------------------------------------------------------------------
def test_all_pivots_is_exact_weighted_and_hops():
    G = _random_weighted(70, 0.07, seed=5, isolated=2)
    M, nodes = _matrix(G)
    for weighted in (True, False):
        df = sampled_betweenness(M, nodes, k=None, weighted=weighted)
        H = G.copy()
        for _, _, d in H.edges(data=True):
            d["dist"] = 1.0 / d["weight"]
        ref = nx.betweenness_centrality(H, weight="dist" if weighted else None)
        np.testing.assert_allclose(df["betweenness"], [ref[u] for u in nodes], atol=1e-12)
        assert "stderr" not in df
        assert df.attrs["exact"] == {"betweenness": True} and df.attrs["seed"] is None


def test_sampled_estimate_and_its_error():
    G = _random_weighted(300, 0.02, seed=8)
    M, nodes = _matrix(G)
    exact = sampled_betweenness(M, nodes, k=None)["betweenness"]
    est = sampled_betweenness(M, nodes, k=60, seed=11)
    assert est.attrs["pivots"] == 60 and est.attrs["seed"] == 11
    assert est.attrs["exact"] == {"betweenness": False}
    # the error estimate holds for the authors rankings care about: averaged over ten
    # samples, most of the 30 highest-betweenness authors lie within 2 standard errors
    top30 = exact.nlargest(30).index
    cover = []
    for sd in range(10):
        e = sampled_betweenness(M, nodes, k=60, seed=sd)
        cover.append(((e["betweenness"] - exact).abs()[top30] < 2 * e["stderr"][top30]).mean())
    assert np.mean(cover) > 0.75
    # unbiased: the mean over independent samples approaches the exact value
    runs = np.mean([sampled_betweenness(M, nodes, k=60, seed=s)["betweenness"]
                    for s in range(20)], axis=0)
    top = exact.nlargest(10).index
    assert np.abs(runs[[nodes.index(u) for u in top]] / exact[top] - 1).max() < 0.1
    # more pivots, smaller errors; the same seed gives the same sample
    more = sampled_betweenness(M, nodes, k=240, seed=11)
    assert more["stderr"].mean() < est["stderr"].mean()
    pd.testing.assert_frame_equal(est, sampled_betweenness(M, nodes, k=60, seed=11))
    drawn = sampled_betweenness(M, nodes, k=60)
    assert isinstance(drawn.attrs["seed"], int)


def test_summary_and_communities_take_the_matrix_form(seeds):
    G = gp.coauthor_graph(seeds)
    net = gp.coauthor_matrix(seeds)
    a, b = gp.network_summary(G, seeds, seed=0), gp.network_summary(net, seeds, seed=0)
    pd.testing.assert_series_equal(a, b)
    pd.testing.assert_series_equal(a, gp.network_summary(seeds, seed=0))
    for method in ("auto", "louvain", "leiden", "greedy", "label-propagation"):
        assert gp.find_communities(G, method, seed=5) == gp.find_communities(net, method, seed=5)
    res = gp.find_communities(net, seed=5)
    pd.testing.assert_frame_equal(gp.community_report(G, seeds, res),
                                  gp.community_report(net, seeds, res))
    assert gp.consensus_communities(G, 4, seed=1) == gp.consensus_communities(net, 4, seed=1)
    pd.testing.assert_frame_equal(gp.lab_clusters(G, seeds), gp.lab_clusters(net, seeds))


def test_auto_is_louvain_when_small_and_leiden_above(monkeypatch, seeds):
    net = gp.coauthor_matrix(seeds)
    small = gp.find_communities(net, seed=0)
    assert small.method == "louvain" and small.parameters["requested"] == "auto"
    assert small.membership.equals(gp.find_communities(net, "louvain", seed=0).membership)
    monkeypatch.setattr(communities, "AUTO_LOUVAIN_LINKS", 10)
    big = gp.find_communities(net, seed=0)
    assert big.method == "leiden" and big.parameters["n_iterations"] == -1
    explicit = gp.find_communities(net, "leiden", seed=0)
    assert big.membership.equals(explicit.membership)
    monkeypatch.setattr(communities, "LEIDEN_STABLE_LINKS", 10)
    assert gp.find_communities(net, seed=0).parameters["n_iterations"] == 2


def test_igraph_generator_is_restored(seeds):
    import random

    import igraph

    marker = random.Random(123)
    igraph.set_random_number_generator(marker)
    try:
        from graphlib_papers._network import igraph_seeded

        igraph_seeded._current = marker
        gp.find_communities(gp.coauthor_matrix(seeds), "leiden", seed=0)
        assert igraph_seeded._current is marker
    finally:
        igraph.set_random_number_generator(random)
        igraph_seeded._current = random


def test_netscience_giant_component(shared_data):
    """Newman's network-science collaboration network: 1589 authors, 2742 links."""
    G = nx.read_gml(shared_data / "coauthorship" / "netscience.gml", label="id")
    for _, _, d in G.edges(data=True):
        d["weight"] = d.pop("value")
    assert (G.number_of_nodes(), G.number_of_edges()) == (1589, 2742)
    M, nodes = _matrix(G)
    df = matrix_centrality(M, nodes)
    assert df["degree"].sum() == 2 * 2742
    res = leiden_from_matrix(M, nodes, seed=0, weighted=False)
    # REFERENCES.md: best found 0.9599 (Leiden, best of 20), Louvain best of 20: 0.9593
    assert res.modularity > 0.955
    giant = max(nx.connected_components(G), key=len)
    Mg, ng = _matrix(G.subgraph(giant))
    est = sampled_betweenness(Mg, ng, k=100, seed=0, weighted=False)
    exact = nx.betweenness_centrality(G.subgraph(giant))
    top = max(exact, key=exact.get)
    assert est["betweenness"].idxmax() == top
    assert abs(est.loc[top, "betweenness"] - exact[top]) < 3 * est.loc[top, "stderr"]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_exact_measure_equals_networkx_on_random_graphs(seed):
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(40 + 10 * seed, 90 + 20 * seed, seed=seed)
    G.add_edges_from([(500, 501), (502, 503), (503, 504)])  # small components
    G.add_node(600)  # and an isolated author
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.1, 3.0))  # distinct: no ties in path lengths
    D = G.copy()
    for _, _, d in D.edges(data=True):
        d["dist"] = 1.0 / d["weight"]
    nodes = sorted(G)
    ref = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(D, weight="dist"),
        "closeness": nx.closeness_centrality(D, distance="dist"),
        "eigenvector": nx.eigenvector_centrality(G, weight="weight", max_iter=5000, tol=1e-15),
        "pagerank": nx.pagerank(G, weight="weight", tol=1e-15, max_iter=1000),
    }
    M, index = _matrix(G)
    for network in (G, (M, index)):
        df = gp.author_centrality(network)
        assert all(df.attrs["exact"].values())
        for m, r in ref.items():
            np.testing.assert_allclose(df[m], [r[x] for x in nodes], atol=1e-9, rtol=0,
                                       err_msg=m)
    hops = gp.author_centrality(G, ["betweenness", "closeness"], weight=None)
    np.testing.assert_allclose(hops["betweenness"], [nx.betweenness_centrality(G)[x]
                                                     for x in nodes], atol=1e-9)
    np.testing.assert_allclose(hops["closeness"], [nx.closeness_centrality(G)[x]
                                                   for x in nodes], atol=1e-9)
    # statistics: networkx's own figures on the same graph
    s = gp.network_summary(G)
    assert s["clustering"] == pytest.approx(nx.transitivity(G), abs=1e-12)
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(G), abs=1e-12)
    giant = G.subgraph(max(nx.connected_components(G), key=len))
    assert s["mean_distance"] == pytest.approx(nx.average_shortest_path_length(giant), abs=1e-12)
    assert s["degree_assortativity"] == pytest.approx(
        nx.degree_assortativity_coefficient(G), abs=1e-9)
    # communities: both forms, same seed, same partition; modularity is networkx's
    for method in ("louvain", "leiden", "auto"):
        a = gp.find_communities(G, method, seed=seed)
        b = gp.find_communities((M, index), method, seed=seed)
        assert a == b
        q = nx.community.modularity(G, a.communities, weight="weight")
        assert a.modularity == pytest.approx(q, abs=1e-12)
