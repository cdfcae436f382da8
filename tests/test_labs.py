"""Lab membership, lab clusters, the lab graph and labs versus communities."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp


@pytest.fixture
def toy() -> gp.Corpus:
    # Ann: p1 (mit), p2 (mit, mila), p5 (untagged) -> mit 2/2
    # Bo:  p1 (mit), p3 (mila)                      -> tie 1-1, alphabetical: mila, 1/2
    # Cy:  p3 (mila), p4 (mila)                      -> mila 2/2
    # Di:  p5 (untagged)                             -> unknown
    rows = [
        ("p1", "Ann Lee", "mit"),
        ("p1", "Bo Chen", "mit"),
        ("p2", "Ann Lee", "mit;mila"),
        ("p3", "Bo Chen", "mila"),
        ("p3", "Cy Diaz", "mila"),
        ("p4", "Cy Diaz", "mila"),
        ("p5", "Ann Lee", ""),
        ("p5", "Di Eze", ""),
    ]
    return gp.Corpus.from_authorships(pd.DataFrame(rows, columns=["paper_id", "author", "labs"]))


def test_lab_membership_by_hand(toy):
    lm = gp.lab_membership(toy)
    assert lm.index.tolist() == ["a:ann-lee", "a:bo-chen", "a:cy-diaz", "a:di-eze"]
    assert lm["primary_lab"].tolist() == ["mit", "mila", "mila", gp.UNKNOWN_LAB]
    assert lm["n_papers"].tolist() == [3, 2, 2, 1]
    assert lm["n_tagged"].tolist() == [2, 2, 2, 0]
    np.testing.assert_allclose(lm["confidence"].to_numpy(), [1.0, 0.5, 1.0, np.nan])
    assert lm.loc["a:ann-lee", "lab_counts"] == (("mit", 2), ("mila", 1))
    assert lm.loc["a:bo-chen", "lab_counts"] == (("mila", 1), ("mit", 1))
    assert lm.loc["a:di-eze", "lab_counts"] == ()
    assert lm["n_labs"].tolist() == [2, 2, 1, 0]
    assert lm.loc["a:ann-lee", "name"] == "Ann Lee"


def test_lab_clusters_by_hand(toy):
    G = gp.coauthor_graph(toy)
    # edges: Ann-Bo (p1), Bo-Cy (p3), Ann-Di (p5)
    assert sorted(G.edges) == [
        ("a:ann-lee", "a:bo-chen"),
        ("a:ann-lee", "a:di-eze"),
        ("a:bo-chen", "a:cy-diaz"),
    ]
    lc = gp.lab_clusters(G, toy)
    assert lc.index.tolist() == ["mila", "mit", "unknown"]
    assert lc.loc["mila", "members"] == ("a:bo-chen", "a:cy-diaz")
    assert lc.loc["mila", "internal_edges"] == 1 and lc.loc["mila", "density"] == 1.0
    assert lc.loc["mila", "external_edges"] == 1  # Bo-Ann
    assert lc.loc["mit", "external_edges"] == 2  # Ann-Bo, Ann-Di
    assert np.isnan(lc.loc["mit", "density"])
    assert lc.loc["mit", "outside_labs"] == (("mila", 1), ("unknown", 1))
    assert lc.loc["mila", "mean_confidence"] == pytest.approx(0.75)
    assert lc["n_authors"].sum() == toy.n_authors
    # each cross edge counted once from each side
    assert lc["internal_edges"].sum() + lc["external_edges"].sum() / 2 == G.number_of_edges()


def test_lab_graph_matches_brute_force(seeds):
    G = gp.coauthor_graph(seeds)
    LG = gp.lab_graph(G, seeds)
    lm = gp.lab_membership(seeds)
    # independent count with plain Python over papers and edges
    shared: dict = {}
    for labs in seeds.papers["labs"]:
        for a, b in itertools.combinations(sorted(set(labs)), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    links: dict = {}
    for u, v in G.edges:
        a, b = sorted((lm.at[u, "primary_lab"], lm.at[v, "primary_lab"]))
        if a != b and gp.UNKNOWN_LAB not in (a, b):
            links[(a, b)] = links.get((a, b), 0) + 1
    expected = set(shared) | set(links)
    assert {tuple(sorted(e)) for e in LG.edges} == expected
    for a, b in expected:
        d = LG.edges[a, b]
        assert d["n_shared_papers"] == shared.get((a, b), 0)
        assert d["n_coauthor_links"] == links.get((a, b), 0)
        assert d["weight"] == d["n_shared_papers"] + d["n_coauthor_links"]
    # the noisy Gemini 2.5 tags show up as a shared paper
    assert LG.edges["amazon-science", "baidu"]["n_shared_papers"] == 1
    assert gp.UNKNOWN_LAB not in LG
    assert list(LG.nodes) == sorted(LG.nodes)
    assert nx.number_of_selfloops(LG) == 0


def test_labs_vs_communities(toy):
    # a partition that separates mit from mila exactly
    part = pd.Series({"a:ann-lee": 0, "a:di-eze": 0, "a:bo-chen": 1, "a:cy-diaz": 1})
    cmp = gp.labs_vs_communities(toy, part)
    assert cmp.n_authors == 3  # Di's lab is unknown
    assert cmp.nmi == 1.0 and cmp.ari == 1.0
    assert cmp.crosstab.loc["unknown", 0] == 1
    assert cmp.crosstab.to_numpy().sum() == 4
    assert cmp.crosstab.index.name == "lab" and cmp.crosstab.columns.name == "community"


def test_labs_vs_communities_seeds_matches_sklearn(seeds):
    metrics = pytest.importorskip("sklearn.metrics")
    G = gp.coauthor_graph(seeds)
    res = gp.find_communities(G, seed=0)
    cmp = gp.labs_vs_communities(seeds, res)
    lm = gp.lab_membership(seeds)["primary_lab"]
    known = lm[lm != gp.UNKNOWN_LAB]
    comm = res.membership.loc[known.index]
    assert cmp.n_authors == len(known)
    assert cmp.nmi == pytest.approx(metrics.normalized_mutual_info_score(known, comm))
    assert cmp.ari == pytest.approx(metrics.adjusted_rand_score(known, comm))
    assert cmp.crosstab.sum(axis=0).tolist() == res.sizes.tolist()


def test_bad_input(toy):
    with pytest.raises(TypeError):
        gp.lab_membership(toy.papers)
    with pytest.raises(TypeError):
        gp.lab_clusters("x")


def test_lab_membership_is_computed_once_and_returned_as_a_copy():
    corpus = gp.load_seeds()
    first = gp.lab_membership(corpus)
    first.loc[first.index[0], "primary_lab"] = "changed by the caller"
    again = gp.lab_membership(corpus)
    assert again.loc[first.index[0], "primary_lab"] != "changed by the caller"
    pd.testing.assert_frame_equal(again, gp.labs._lab_membership(corpus))
