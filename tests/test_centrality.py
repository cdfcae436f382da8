"""author_centrality against hand-computed values and networkx's own functions."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import graphlib_papers as gp
from graphlib_papers import centrality


def _named(G: nx.Graph) -> nx.Graph:
    nx.set_node_attributes(G, {n: f"Author {n}" for n in G}, "name")
    return G


def _with_distance(G: nx.Graph) -> nx.Graph:
    """The reference graph with exact rational distances 1/weight.

    With float distances networkx compares path lengths exactly, so 1/3 + 1/3 + 1/3 and
    1/1 may count as different lengths; with Fractions every true tie is a tie, which
    is what the compiled engine (tolerant comparison) computes.
    """
    from fractions import Fraction

    D = G.copy()
    for _, _, d in D.edges(data=True):
        w = d["weight"]
        d["dist"] = Fraction(1) / Fraction(w) if float(w).is_integer() else 1.0 / w
    return D


@pytest.fixture
def karate() -> nx.Graph:
    return _named(nx.karate_club_graph())


def test_star_by_hand():
    # centre of a 4-star lies on all 3 leaf-to-leaf shortest paths: betweenness 3 / C(3,2) = 1
    G = nx.star_graph(3)
    df = gp.author_centrality(G, ["degree", "betweenness", "closeness"], weight=None)
    assert df.loc[0, "degree"] == 3
    assert df.loc[0, "betweenness"] == 1.0
    assert df.loc[1, "betweenness"] == 0.0
    # a leaf: distances 1, 2, 2 -> closeness 3 / 5
    assert df.loc[1, "closeness"] == pytest.approx(3 / 5)
    assert df["name"].tolist() == ["0", "1", "2", "3"]


def test_distance_is_inverse_weight_by_hand():
    # a -2- b -2- c and a -1- c: via b costs 1/2 + 1/2 = 1, direct costs 1 -> tie;
    # make the direct edge weaker (0.5 -> distance 2) so the path goes through b
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c", weight=2.0)
    G.add_edge("a", "c", weight=0.5)
    df = gp.author_centrality(G, ["betweenness", "strength"])
    assert df.loc["b", "betweenness"] == 1.0
    assert df.loc["a", "betweenness"] == 0.0
    assert df.loc["a", "strength"] == 2.5
    hops = gp.author_centrality(G, ["betweenness"], weight=None)
    assert hops["betweenness"].sum() == 0.0


def test_equals_networkx_on_weighted_karate(karate):
    df = gp.author_centrality(karate)
    D = _with_distance(karate)
    nodes = sorted(karate)
    assert df.index.tolist() == nodes
    assert df.index.name == "author_id"
    assert df["name"].tolist() == [f"Author {n}" for n in nodes]

    def ref(d):
        return pd.Series(d, dtype=float).reindex(nodes).to_numpy()

    np.testing.assert_allclose(df["degree"], ref(dict(karate.degree())))
    np.testing.assert_allclose(df["strength"], ref(dict(karate.degree(weight="weight"))))
    np.testing.assert_allclose(
        df["betweenness"], ref(nx.betweenness_centrality(D, weight="dist")), atol=1e-12
    )
    np.testing.assert_allclose(
        df["closeness"], ref(nx.closeness_centrality(D, distance="dist")), atol=1e-12
    )
    np.testing.assert_allclose(
        df["eigenvector"],
        ref(nx.eigenvector_centrality_numpy(karate, weight="weight")),
        atol=1e-9,
    )
    np.testing.assert_allclose(
        df["pagerank"], ref(nx.pagerank(karate, weight="weight", tol=1e-14, max_iter=1000)),
        atol=1e-9,
    )


def test_equals_networkx_unweighted(karate):
    df = gp.author_centrality(karate, weight=None)
    nodes = sorted(karate)
    bc = nx.betweenness_centrality(karate)
    cc = nx.closeness_centrality(karate)
    pr = nx.pagerank(karate, weight=None, tol=1e-14, max_iter=1000)
    np.testing.assert_allclose(df["betweenness"], [bc[n] for n in nodes], atol=1e-12)
    np.testing.assert_allclose(df["closeness"], [cc[n] for n in nodes], atol=1e-12)
    np.testing.assert_allclose(df["pagerank"], [pr[n] for n in nodes], atol=1e-9)
    np.testing.assert_allclose(df["strength"], df["degree"])


def test_sampled_betweenness_is_seeded(karate):
    a = gp.author_centrality(karate, ["betweenness"], k=10, seed=3)
    b = gp.author_centrality(karate, ["betweenness"], k=10, seed=3)
    assert a.attrs["seed"] == 3 and a.attrs["pivots"] == 10
    assert a.attrs["exact"] == {"betweenness": False}
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["name", "betweenness", "betweenness_stderr"]
    other = gp.author_centrality(karate, ["betweenness"], k=10, seed=4)
    assert not np.allclose(a["betweenness"], other["betweenness"])
    drawn = gp.author_centrality(karate, ["betweenness"], k=10)
    assert isinstance(drawn.attrs["seed"], int)
    again = gp.author_centrality(karate, ["betweenness"], k=10, seed=drawn.attrs["seed"])
    pd.testing.assert_frame_equal(drawn, again)


def test_sampled_estimates_are_unbiased_and_within_their_error():
    # a connected random graph with distinct float weights (no ties in path lengths)
    rng = np.random.default_rng(5)
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=5)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.2, 3.0))
    exact = gp.author_centrality(G, ["betweenness", "closeness"])
    assert exact.attrs["exact"] == {"betweenness": True, "closeness": True}
    runs = [gp.author_centrality(G, ["betweenness", "closeness"], k=60, seed=s) for s in range(30)]
    # unbiased: the mean of 30 independent estimates is close to the exact value
    mean_b = np.mean([r["betweenness"] for r in runs], axis=0)
    top = exact["betweenness"].nlargest(30).index
    rel = (mean_b - exact["betweenness"]).abs() / exact["betweenness"]
    assert float(rel[top].max()) < 0.15
    # the stated standard error covers the error: about 95 % within 2 SE
    z_b = np.concatenate([
        ((r["betweenness"] - exact["betweenness"]) / r["betweenness_stderr"])[top].abs()
        for r in runs
    ])
    assert np.mean(z_b < 2) > 0.85
    z_c = np.concatenate([
        ((r["closeness"] - exact["closeness"]) / r["closeness_stderr"])[
            r["closeness_stderr"] > 0
        ].abs()
        for r in runs
    ])
    assert 0.9 < np.mean(z_c < 2) <= 1.0
    # pivots know their own closeness exactly
    assert (runs[0]["closeness_stderr"] == 0).sum() == 60
    # more pivots, smaller errors
    more = gp.author_centrality(G, ["betweenness", "closeness"], k=240, seed=0)
    assert more["closeness_stderr"].mean() < runs[0]["closeness_stderr"].mean()
    assert more["betweenness_stderr"][top].mean() < runs[0]["betweenness_stderr"][top].mean()


def test_budget_decides_exact_or_sampled():
    G = nx.connected_watts_strogatz_graph(200, 4, 0.1, seed=1)
    n, m = G.number_of_nodes(), G.number_of_edges()
    fits = gp.author_centrality(G, ["betweenness"], budget=n * (n + m))
    assert fits.attrs["exact"]["betweenness"] and fits.attrs["seed"] is None
    tight = gp.author_centrality(G, ["betweenness"], budget=n * (n + m) - 1, seed=0)
    assert not tight.attrs["exact"]["betweenness"]
    assert tight.attrs["pivots"] == n - 1  # budget // (m + n)
    small = gp.author_centrality(G, ["betweenness"], budget=1000.0, seed=0)
    assert small.attrs["pivots"] == 16  # the floor
    # components no larger than k are always exact (their errors are 0)
    H = nx.disjoint_union(G, nx.path_graph(5))
    mixed = gp.author_centrality(H, ["betweenness", "closeness"], k=40, seed=0)
    assert (mixed.loc[list(range(200, 205)), ["betweenness_stderr", "closeness_stderr"]] == 0).all().all()
    ref = nx.betweenness_centrality(H, weight=None)
    hops = gp.author_centrality(H, ["betweenness"], k=40, seed=0, weight=None)
    np.testing.assert_allclose(hops.loc[list(range(200, 205)), "betweenness"],
                               [ref[i] for i in range(200, 205)], atol=1e-12)


def test_graph_and_matrix_forms_give_identical_tables(seeds):
    G = gp.coauthor_graph(seeds, weighting="newman")
    net = gp.coauthor_matrix(seeds, weighting="newman")
    a = gp.author_centrality(G, k=30, seed=2)
    b = gp.author_centrality(net, k=30, seed=2)
    pd.testing.assert_frame_equal(a, b, check_exact=False, atol=1e-12, rtol=0)
    assert a.attrs == b.attrs
    M, index = net
    c = gp.author_centrality((M, index), ["degree"])
    assert c["name"].tolist() == [str(x) for x in index]  # a bare pair has no names


def test_insertion_order_does_not_matter(karate):
    edges = list(karate.edges(data=True))
    random.Random(1).shuffle(edges)
    nodes = list(karate.nodes(data=True))
    random.Random(2).shuffle(nodes)
    S = nx.Graph()
    S.add_nodes_from(nodes)
    S.add_edges_from((v, u, d) for u, v, d in edges)
    a = gp.author_centrality(karate, k=5, seed=0)
    b = gp.author_centrality(S, k=5, seed=0)
    pd.testing.assert_frame_equal(a, b, atol=1e-6)


def test_disconnected_graph_rule():
    G = nx.Graph([(1, 2), (2, 3), (4, 5)])
    G.add_node(6)
    df = gp.author_centrality(G, weight=None)
    assert df.loc[6, "closeness"] == 0.0
    assert df.loc[6, "degree"] == 0
    # Wasserman-Faust: closeness in component scaled by (reach-1)/(n-1); node 4 reaches 1 of 5
    assert df.loc[4, "closeness"] == pytest.approx(1.0 * 1 / 5)
    assert df["eigenvector"].notna().all()
    assert df["pagerank"].sum() == pytest.approx(1.0)


def test_empty_and_edgeless():
    empty = gp.author_centrality(nx.Graph())
    assert empty.empty
    assert list(empty.columns) == ["name", *gp.CENTRALITY_MEASURES]
    G = nx.empty_graph(4)
    df = gp.author_centrality(G)
    assert (df["degree"] == 0).all() and (df["betweenness"] == 0).all()
    assert (df["closeness"] == 0).all()
    np.testing.assert_allclose(df["pagerank"], 0.25)
    np.testing.assert_allclose(df["eigenvector"], 0.5)


def test_large_graph_warns_only_when_the_budget_is_switched_off(monkeypatch, karate):
    monkeypatch.setattr(centrality, "EXACT_PATH_LIMIT", 10)
    with pytest.warns(gp.LargeGraphWarning, match="budget"):
        gp.author_centrality(karate, ["betweenness"], budget=None)
    with pytest.warns(gp.LargeGraphWarning):
        gp.author_centrality(karate, ["closeness"], budget=None)
    # the default budget, or pivots, do not warn (filterwarnings=error)
    gp.author_centrality(karate, ["betweenness", "degree"], k=5, seed=0)
    gp.author_centrality(karate, ["betweenness", "closeness"])


def test_bad_input():
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="unknown centrality"):
        gp.author_centrality(G, ["fame"])
    with pytest.raises(gp.GraphInputError, match="undirected"):
        gp.author_centrality(nx.DiGraph(G))
    with pytest.raises(ValueError, match="undirected"):  # the error is also a ValueError
        gp.author_centrality(nx.DiGraph(G))
    with pytest.raises(TypeError):
        gp.author_centrality({"a": 1})
    N = nx.Graph()
    N.add_edge(1, 2, weight=-1)
    with pytest.raises(gp.GraphlibPapersError, match="weight"):
        gp.author_centrality(N)
    with pytest.raises(ValueError, match="k must be"):
        gp.author_centrality(G, k=1)
    with pytest.raises(ValueError, match="budget"):
        gp.author_centrality(G, budget=-1)
    with pytest.raises(gp.GraphInputError, match="symmetric"):
        gp.author_centrality(sp.csr_matrix(np.array([[0, 1.0], [0, 0]])))


def test_seed_page_owners_have_highest_degree_on_their_page(seeds):
    papers = seeds.papers
    assert len(seeds.profiles) == 4
    for source, owner in zip(seeds.profiles["source"], seeds.profiles["owner_id"], strict=True):
        page = str(source).replace("\\", "/").rsplit("/", 1)[-1]
        ids = papers.index[papers["sources"].map(lambda t, page=page: page in t)]
        assert len(ids) > 0
        G = gp.coauthor_graph(seeds.filter(papers=ids))
        df = gp.author_centrality(G, ["degree"])
        others = df["degree"].drop(owner)
        assert df.loc[owner, "degree"] > others.max(), page


def test_seed_owners_lead_betweenness(seeds):
    G = gp.coauthor_graph(seeds)
    df = gp.author_centrality(G)
    top4 = set(df.nlargest(4, "betweenness").index)
    assert top4 == set(seeds.profiles["owner_id"])
    # same ranking as networkx's own betweenness with distance = 1/weight
    D = _with_distance(G)
    ref = pd.Series(nx.betweenness_centrality(D, weight="dist"))
    np.testing.assert_allclose(df["betweenness"], ref.reindex(df.index), atol=1e-12)


def test_netscience_published_rankings(shared_data):
    # REFERENCES.md section 2: top degree and top normalised betweenness in the giant component
    G = nx.read_gml(shared_data / "coauthorship" / "netscience.gml", label="id")
    nx.set_node_attributes(G, {n: d["label"] for n, d in G.nodes(data=True)}, "name")
    full = gp.author_centrality(G, ["degree"], weight=None)
    top = full.sort_values(["degree", "name"], ascending=[False, True]).head(4)
    assert list(zip(top["name"], top["degree"], strict=True)) == [
        ("BARABASI, A", 34),
        ("JEONG, H", 27),
        ("NEWMAN, M", 27),
        ("OLTVAI, Z", 21),
    ]
    # fifth place is a tie at 20 (YOUNG, M in the reference list; CAGNEY, G too)
    assert full.loc[full["name"] == "YOUNG, M", "degree"].item() == 20
    assert (full["degree"] > 20).sum() == 4
    giant = G.subgraph(max(nx.connected_components(G), key=len))
    bc = gp.author_centrality(giant, ["betweenness"], weight=None).nlargest(5, "betweenness")
    assert bc["name"].tolist() == [
        "NEWMAN, M",
        "PASTORSATORRAS, R",
        "MORENO, Y",
        "SOLE, R",
        "BOCCALETTI, S",
    ]
    np.testing.assert_allclose(
        bc["betweenness"], [0.3972, 0.3451, 0.2860, 0.2702, 0.2554], atol=5e-5
    )


def test_eigenvector_is_networkx_power_iteration(karate):
    # same algorithm as networkx (power iteration on A + I), vectorised
    df = gp.author_centrality(karate, ["eigenvector"])
    ref = nx.eigenvector_centrality(karate, max_iter=1000, weight="weight", tol=1e-14)
    np.testing.assert_allclose(df["eigenvector"], [ref[n] for n in sorted(karate)], atol=1e-9)
    # a disconnected graph with a self-loop: still the networkx value
    G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 3), (4, 5)])
    df = gp.author_centrality(G, ["eigenvector"], weight=None)
    ref = nx.eigenvector_centrality(G, max_iter=1000, tol=1e-14)
    np.testing.assert_allclose(df["eigenvector"], [ref[n] for n in sorted(G)], atol=1e-9)


def test_eigenvector_fallback_when_not_converged(karate):
    from graphlib_papers._network import as_net

    net = as_net(karate)
    few = centrality._eigenvector(net.n, net.u, net.v, net.w, max_iter=2)
    ref = nx.eigenvector_centrality_numpy(karate, weight="weight")
    np.testing.assert_allclose(few, [ref[n] for n in net.nodes], atol=1e-8)


def test_non_numeric_weight():
    G = nx.Graph()
    G.add_edge("a", "b", weight="strong")
    with pytest.raises(gp.GraphlibPapersError, match="numeric"):
        gp.author_centrality(G)
