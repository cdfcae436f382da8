"""Participation coefficient and bridging authors, against a plain-Python reference."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import graphlib_papers as gp


def _reference_participation(G, membership, weight="weight"):
    out = {}
    for v in G:
        k = sum(d.get(weight, 1.0) for _, _, d in G.edges(v, data=True))
        by = {}
        for _, u, d in G.edges(v, data=True):
            by[membership[u]] = by.get(membership[u], 0.0) + d.get(weight, 1.0)
        out[v] = 1.0 - sum((x / k) ** 2 for x in by.values()) if k else 0.0
    return pd.Series(out)


def test_participation_matches_the_definition_on_karate():
    G = nx.karate_club_graph()
    res = gp.find_communities(G, seed=0)
    got = gp.participation_coefficient(G, res)
    want = _reference_participation(G, res.membership)
    assert got.to_numpy() == pytest.approx(want.reindex(got.index).to_numpy())
    unweighted = gp.participation_coefficient(G, res, weight=None)
    want_u = _reference_participation(nx.Graph(G.edges()), res.membership)
    assert unweighted.to_numpy() == pytest.approx(want_u.reindex(unweighted.index).to_numpy())


def test_isolated_nodes_have_zero_participation():
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    got = gp.participation_coefficient(G, pd.Series({"a": 0, "b": 1, "c": 2}))
    assert got.to_dict() == {"a": 0.0, "b": 0.0, "c": 0.0}


def test_bridging_authors_rank_by_outside_weight():
    G = nx.Graph()
    G.add_weighted_edges_from([("h", "a", 1), ("h", "b", 1), ("h", "x", 3), ("h", "y", 1),
                               ("a", "b", 1), ("x", "y", 1), ("b", "x", 1)])
    m = pd.Series({"h": 0, "a": 0, "b": 0, "x": 1, "y": 1})
    table = gp.bridging_authors(G, m)
    # outside weight: h 3+1 = 4, x 3+1 = 4 (x: h and b), y 1, b 1; ties by participation
    assert table["external_weight"].tolist() == [4.0, 4.0, 1.0, 1.0]
    assert set(table.index[:2]) == {"h", "x"} and "a" not in table.index
    assert table.loc["x", "communities_reached"] == 1
    assert table.loc["h", "external_share"] == pytest.approx(4 / 6)


def test_every_node_needs_a_community():
    with pytest.raises(gp.SchemaError, match="no community"):
        gp.participation_coefficient(nx.Graph([("a", "b")]), pd.Series({"a": 0}))


def test_matrix_form_gives_the_graph_form_results():
    corpus = gp.load_seeds()
    M = gp.coauthor_matrix(corpus)
    G = M.to_networkx()
    res = gp.find_communities(M, seed=3)
    pd.testing.assert_series_equal(gp.participation_coefficient(M, res),
                                   gp.participation_coefficient(G, res))
    from_matrix, from_graph = gp.bridging_authors(M, res, top_n=12), gp.bridging_authors(G, res, top_n=12)
    pd.testing.assert_frame_equal(from_matrix, from_graph)
    # names come from the matrix form's names, as from the nodes' ``name``
    assert from_matrix["name"].tolist() == [G.nodes[v]["name"] for v in from_matrix.index]
    want = _reference_participation(G, res.membership)
    top = from_matrix.index[0]
    assert from_matrix.loc[top, "participation"] == pytest.approx(want[top])
