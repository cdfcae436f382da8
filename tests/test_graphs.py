"""Tests of graphlib_papers.graphs: hand-computed weights, differential tests against
networkx's bipartite projections, the seeds, and real two-mode data."""

from __future__ import annotations

import math
import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networkx.algorithms import bipartite

import graphlib_papers as gp

# -- building small corpora straight from ids -----------------------------------------


def make_corpus(
    papers: list[list[int]],
    *,
    groups: frozenset[int] = frozenset(),
    inferred: list[list[bool]] | None = None,
    truncated: list[bool] | None = None,
    years: list[int | None] | None = None,
) -> gp.Corpus:
    """A Corpus whose paper k is ``P{k:02d}`` with authors ``A{i:02d}`` listed in papers[k].

    Author indices may repeat within a paper (a duplicate authorship row).
    """
    pids = [f"p:{k:02d}" for k in range(len(papers))]
    rows = []
    for k, authors in enumerate(papers):
        for pos, i in enumerate(authors):
            inf = bool(inferred[k][pos]) if inferred is not None else False
            rows.append((pids[k], f"a:{i:02d}", pd.NA if inf else pos + 1, inf))
    ships = pd.DataFrame(rows, columns=["paper_id", "author_id", "position", "inferred"])
    ships = ships.astype({"paper_id": object, "author_id": object})
    ids = sorted({f"a:{i:02d}" for authors in papers for i in authors})
    authors = pd.DataFrame(
        {
            "name": [f"Author {a[2:]}" for a in ids],
            "is_group": [int(a[2:]) in groups for a in ids],
        },
        index=pd.Index(ids, name="author_id", dtype=object),
    )
    paper_df = pd.DataFrame(
        {
            "title": [f"Paper {k}" for k in range(len(papers))],
            "authors_truncated": truncated if truncated is not None else [False] * len(papers),
            "year": pd.array(years if years is not None else [None] * len(papers), dtype="Int64"),
        },
        index=pd.Index(pids, name="paper_id", dtype=object),
    )
    return gp.Corpus(paper_df, authors, ships)


def reference_bipartite(
    papers: list[list[int]],
    *,
    keep=lambda k, pos, i: True,
    drop_papers: frozenset[int] = frozenset(),
) -> tuple[nx.Graph, list[str]]:
    """networkx's own two-mode graph from the lists, and its author nodes."""
    B = nx.Graph()
    for k, authors in enumerate(papers):
        if k in drop_papers:
            continue
        B.add_node(("paper", k), bipartite=0)
        for pos, i in enumerate(authors):
            if keep(k, pos, i):
                B.add_edge(("paper", k), f"a:{i:02d}")
    authors = sorted(n for n in B if isinstance(n, str))
    return B, authors


def assert_same_graph(G: nx.Graph, H: nx.Graph, attr: str = "weight", tol: float = 1e-12):
    assert sorted(G.nodes) == sorted(H.nodes)
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in H.edges}
    for u, v, w in H.edges(data=attr):
        assert G[u][v][attr] == pytest.approx(w, abs=tol, rel=tol), (u, v)


# -- a hand-computed example ---------------------------------------------------------
#   P0: A B C (truncated)   P1: A B   P2: A   P3: B C D   P4: D
#   s: A 3, B 3, C 2, D 2
#   pairs (c_ij, truncated, sum 1/(n-1)):
#     A-B (2, 1, 1/2 + 1)  A-C (1, 1, 1/2)  B-C (2, 1, 1/2 + 1/2)  B-D (1, 0, 1/2)
#     C-D (1, 0, 1/2)
A, B_, C, D = "a:00", "a:01", "a:02", "a:03"
HAND = [[0, 1, 2], [0, 1], [0], [1, 2, 3], [3]]
HAND_TRUNC = [True, False, False, False, False]
HAND_EXPECTED = {
    #             count newman        association  salton              jaccard
    (A, B_): (2, 1.5, 2 / 9, 2 / 3, 2 / 4),
    (A, C): (1, 0.5, 1 / 6, 1 / math.sqrt(6), 1 / 4),
    (B_, C): (2, 1.0, 2 / 6, 2 / math.sqrt(6), 2 / 3),
    (B_, D): (1, 0.5, 1 / 6, 1 / math.sqrt(6), 1 / 4),
    (C, D): (1, 0.5, 1 / 4, 1 / 2, 1 / 3),
}
SCHEME_COLUMN = {"count": 0, "newman": 1, "fractional": 1, "association": 2, "salton": 3,
                 "jaccard": 4}


@pytest.fixture
def hand():
    return make_corpus(HAND, truncated=HAND_TRUNC)


@pytest.mark.parametrize("weighting", list(SCHEME_COLUMN))
def test_hand_computed_weights(hand, weighting):
    col = SCHEME_COLUMN[weighting]
    edges = gp.coauthor_edges(hand, weighting=weighting)
    assert list(edges.columns) == ["source", "target", "weight", "n_shared", "n_shared_truncated"]
    assert list(zip(edges.source, edges.target, strict=True)) == sorted(HAND_EXPECTED)
    for row in edges.itertuples():
        expected = HAND_EXPECTED[(row.source, row.target)]
        assert row.weight == pytest.approx(expected[col], abs=1e-15)
        assert row.n_shared == expected[0]
    truncated = dict(zip(zip(edges.source, edges.target, strict=True),
                         edges.n_shared_truncated, strict=True))
    assert truncated == {(A, B_): 1, (A, C): 1, (B_, C): 1, (B_, D): 0, (C, D): 0}

    M, index = gp.coauthor_matrix(hand, weighting=weighting)
    assert list(index) == [A, B_, C, D]
    dense = M.toarray()
    assert np.array_equal(dense, dense.T) and not dense.diagonal().any()
    for (u, v), expected in HAND_EXPECTED.items():
        assert dense[index.get_loc(u), index.get_loc(v)] == pytest.approx(expected[col])
    assert dense[0, 3] == 0  # A and D share no paper

    G = gp.coauthor_graph(hand, weighting=weighting)
    assert dict(G.nodes(data="n_papers")) == {A: 3, B_: 3, C: 2, D: 2}
    assert G.graph["weighting"] == weighting
    assert G.graph["share_truncated"] == pytest.approx(1 / 5)
    for (u, v), expected in HAND_EXPECTED.items():
        assert G[u][v]["weight"] == pytest.approx(expected[col])
        assert G[u][v]["n_shared"] == expected[0]


def test_fractional_strength_counts_multi_author_papers(hand):
    # Perianes-Rodriguez et al. (2016): with fractional counting an author's total link
    # strength equals their number of co-authored (multi-author) papers.
    G = gp.coauthor_graph(hand, weighting="fractional")
    assert dict(G.degree(weight="weight")) == pytest.approx({A: 2, B_: 3, C: 2, D: 1})


def test_max_authors_drops_and_reports(hand):
    G = gp.coauthor_graph(hand, max_authors=2)
    # P0 and P3 have three authors: left are P1 (A B), P2 (A) and P4 (D); C vanishes
    assert sorted(G.nodes) == [A, B_, D]
    assert list(G.edges(data="weight")) == [(A, B_, 1)]
    assert dict(G.nodes(data="n_papers")) == {A: 2, B_: 1, D: 1}
    assert G.graph["n_dropped_papers_max_authors"] == 2
    assert G.graph["dropped"]["papers over max_authors"] == ("p:00", "p:03")
    edges = gp.coauthor_edges(hand, max_authors=2)
    assert edges.attrs["projection"]["n_dropped_papers_max_authors"] == 2


def test_min_weight(hand):
    G = gp.coauthor_graph(hand, min_weight=2)
    assert sorted(G.edges) == [(A, B_), (B_, C)]
    assert G.number_of_nodes() == 4  # authors stay
    assert G.graph["n_edges_below_min_weight"] == 3
    edges = gp.coauthor_edges(hand, weighting="newman", min_weight=0.75)
    assert list(zip(edges.source, edges.target, strict=True)) == [(A, B_), (B_, C)]


def test_group_authors_options():
    # a group author (index 9) on P1 and P3 of the hand example
    papers = [[0, 1, 2], [0, 1, 9], [0], [1, 2, 3, 9], [3]]
    corpus = make_corpus(papers, groups=frozenset({9}), truncated=HAND_TRUNC)
    hand_graph = gp.coauthor_graph(make_corpus(HAND, truncated=HAND_TRUNC), weighting="newman")
    dropped = gp.coauthor_graph(corpus, weighting="newman", group_authors="drop")
    assert_same_graph(dropped, hand_graph)
    assert "a:09" not in dropped
    isolated = gp.coauthor_graph(corpus, weighting="newman", group_authors="isolate")
    assert "a:09" in isolated and isolated.degree("a:09") == 0
    assert isolated.nodes["a:09"] == {"name": "Author 09", "n_papers": 2, "is_group": True}
    isolated.remove_node("a:09")
    assert_same_graph(isolated, hand_graph)
    kept = gp.coauthor_graph(corpus, weighting="newman", group_authors="keep")
    assert kept["a:09"][A]["weight"] == pytest.approx(1 / 2)  # P1 has three authors
    assert kept[B_][C]["weight"] == pytest.approx(1 / 2 + 1 / 3)


def test_years_filter_matches_corpus_filter():
    corpus = make_corpus(HAND, truncated=HAND_TRUNC, years=[2020, 2021, 2021, 2022, None])
    for years in [2021, (2021, None), (None, 2021), [2020, 2022], (2019, 2019)]:
        G = gp.coauthor_graph(corpus, weighting="jaccard", years=years)
        H = gp.coauthor_graph(corpus.filter(years=years), weighting="jaccard")
        assert_same_graph(G, H)
        assert dict(G.nodes(data="n_papers")) == dict(H.nodes(data="n_papers"))


# -- differential tests against networkx --------------------------------------------

paper_lists = st.lists(
    st.lists(st.integers(0, 11), min_size=0, max_size=7),  # duplicates allowed
    min_size=0,
    max_size=14,
)


@st.composite
def random_corpora(draw):
    papers = draw(paper_lists)
    inferred = [[draw(st.booleans()) for _ in authors] for authors in papers]
    truncated = [draw(st.booleans()) for _ in papers]
    groups = frozenset(draw(st.sets(st.integers(0, 11), max_size=3)))
    return papers, inferred, truncated, groups


def _guard(projection):
    """networkx refuses a graph with no paper nodes; its projection is then edgeless."""

    def project(B, nodes):
        if len(nodes) >= len(B):
            H = nx.Graph()
            H.add_nodes_from(nodes)
            return H
        return projection(B, nodes)

    return project


PROJECTIONS = {
    "count": _guard(bipartite.weighted_projected_graph),
    "newman": _guard(bipartite.collaboration_weighted_projected_graph),
    "fractional": _guard(bipartite.collaboration_weighted_projected_graph),
    "jaccard": _guard(lambda B, nodes: bipartite.overlap_weighted_projected_graph(
        B, nodes, jaccard=True)),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=random_corpora(),
    weighting=st.sampled_from(sorted(PROJECTIONS)),
    include_inferred=st.booleans(),
    group_authors=st.sampled_from(["keep", "drop", "isolate"]),
)
def test_equals_networkx_projection(data, weighting, include_inferred, group_authors):
    papers, inferred, truncated, groups = data
    corpus = make_corpus(papers, groups=groups, inferred=inferred, truncated=truncated)

    def keep(k, pos, i):
        if not include_inferred and inferred[k][pos]:
            return False
        return group_authors == "keep" or i not in groups

    B, nodes = reference_bipartite(papers, keep=keep)
    expected = PROJECTIONS[weighting](B, nodes)
    if group_authors == "isolate":
        _, with_groups = reference_bipartite(
            papers, keep=lambda k, pos, i: include_inferred or not inferred[k][pos]
        )
        expected.add_nodes_from(n for n in with_groups if int(n[2:]) in groups)
    G = gp.coauthor_graph(
        corpus, weighting=weighting, include_inferred=include_inferred,
        group_authors=group_authors,
    )
    assert_same_graph(G, expected)
    # n_shared is the full count, n_shared_truncated the count over truncated papers
    counts = PROJECTIONS["count"](B, nodes)
    for u, v, n in G.edges(data="n_shared"):
        assert n == counts[u][v]["weight"]
    B_trunc, _ = reference_bipartite(
        papers, keep=keep, drop_papers=frozenset(k for k, t in enumerate(truncated) if not t)
    )
    trunc = PROJECTIONS["count"](B_trunc, [n for n in nodes if n in B_trunc])
    for u, v, t in G.edges(data="n_shared_truncated"):
        assert t == (trunc[u][v]["weight"] if trunc.has_edge(u, v) else 0)
    # node attributes: papers per author in the reference graph
    for n, k in G.nodes(data="n_papers"):
        if n in B:
            assert k == B.degree(n)

    # the three forms agree
    edges = gp.coauthor_edges(
        corpus, weighting=weighting, include_inferred=include_inferred,
        group_authors=group_authors,
    )
    assert list(zip(edges.source, edges.target, strict=True)) == list(G.edges)
    assert (edges.source < edges.target).all()
    M, index = gp.coauthor_matrix(
        corpus, weighting=weighting, include_inferred=include_inferred,
        group_authors=group_authors,
    )
    assert list(index) == list(G.nodes)
    assert (M != M.T).nnz == 0 and not M.diagonal().any()
    if len(index):
        expected_matrix = nx.to_scipy_sparse_array(G, nodelist=list(index), weight="weight")
        assert abs(M - expected_matrix).max() <= 1e-12 if M.nnz else expected_matrix.nnz == 0
    else:
        assert M.shape == (0, 0)


@settings(max_examples=150, deadline=None)
@given(data=random_corpora(), cap=st.integers(1, 6), min_weight=st.sampled_from([0, 1, 2]))
def test_max_authors_and_min_weight_equal_networkx(data, cap, min_weight):
    papers, _, truncated, _ = data
    corpus = make_corpus(papers, truncated=truncated)
    big = frozenset(k for k, authors in enumerate(papers) if len(set(authors)) > cap)
    B, nodes = reference_bipartite(papers, drop_papers=big)
    expected = PROJECTIONS["count"](B, nodes)
    expected.remove_edges_from(
        [(u, v) for u, v, w in expected.edges(data="weight") if w < min_weight]
    )
    G = gp.coauthor_graph(corpus, max_authors=cap, min_weight=min_weight)
    assert_same_graph(G, expected)
    assert G.graph["n_dropped_papers_max_authors"] == len(big - {k for k, a in enumerate(papers)
                                                                 if not a})


@settings(max_examples=100, deadline=None)
@given(data=random_corpora(), include_inferred=st.booleans())
def test_bipartite_graph_projects_to_coauthor_graph(data, include_inferred):
    papers, inferred, truncated, groups = data
    corpus = make_corpus(papers, groups=groups, inferred=inferred, truncated=truncated)
    Bg = gp.bipartite_graph(corpus, include_inferred=include_inferred)
    authors = [n for n, d in Bg.nodes(data="bipartite") if d == 1]
    assert sum(1 for _, d in Bg.nodes(data="bipartite") if d == 0) == len(papers)
    assert list(Bg.nodes) == sorted(Bg.nodes)
    expected = PROJECTIONS["newman"](Bg, authors)
    G = gp.coauthor_graph(corpus, weighting="newman", include_inferred=include_inferred)
    assert_same_graph(G, expected)


# -- the graph itself ----------------------------------------------------------------


def test_graph_equals_one_built_by_networkx_calls(seeds):
    G = gp.coauthor_graph(seeds, weighting="newman")
    edges = gp.coauthor_edges(seeds, weighting="newman")
    H = nx.Graph(**G.graph)
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(
        (r.source, r.target, {"weight": r.weight, "n_shared": r.n_shared,
                              "n_shared_truncated": r.n_shared_truncated})
        for r in edges.itertuples()
    )
    assert nx.utils.graphs_equal(G, H)
    assert list(G.nodes) == list(H.nodes)
    assert list(G.edges) == list(H.edges)
    for u in G:
        assert list(G[u]) == list(H[u])  # same neighbour order
    u, v = next(iter(G.edges))
    assert G[u][v] is G[v][u]
    G[u][v]["weight"] = -1.0  # the graph is an ordinary mutable networkx Graph
    assert G[v][u]["weight"] == -1.0 and G.edges[u, v]["weight"] == -1.0
    G.add_edge("a:new-author", u)
    assert G.degree("a:new-author") == 1


def test_deterministic(seeds):
    G1 = gp.coauthor_graph(seeds, weighting="association")
    G2 = gp.coauthor_graph(seeds, weighting="association")
    assert list(G1.edges(data=True)) == list(G2.edges(data=True))
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))


def test_empty_and_edgeless_corpora():
    empty = make_corpus([])
    G = gp.coauthor_graph(empty)
    assert G.number_of_nodes() == 0 and G.graph["n_papers"] == 0
    edges = gp.coauthor_edges(empty)
    assert edges.empty and list(edges.columns) == [
        "source", "target", "weight", "n_shared", "n_shared_truncated"
    ]
    M, index = gp.coauthor_matrix(empty)
    assert M.shape == (0, 0) and len(index) == 0
    solo = make_corpus([[0], [1], [0], []])
    G = gp.coauthor_graph(solo, weighting="salton")
    assert sorted(G.nodes) == ["a:00", "a:01"] and G.number_of_edges() == 0
    assert dict(G.nodes(data="n_papers")) == {"a:00": 2, "a:01": 1}
    assert gp.coauthor_matrix(solo)[0].nnz == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weighting": "cosine"},
        {"group_authors": "remove"},
        {"max_authors": 0},
        {"max_authors": 2.5},
        {"min_weight": -1},
        {"years": "2020"},
    ],
)
def test_bad_options(hand, kwargs):
    with pytest.raises(ValueError):
        gp.coauthor_graph(hand, **kwargs)


def test_bad_input(hand):
    with pytest.raises(ValueError, match="engine"):
        gp.coauthor_edges(hand, engine="polars")
    with pytest.raises(TypeError, match="Corpus"):
        gp.coauthor_graph(pd.DataFrame({"paper_id": ["p"], "author_id": ["a"]}))
    with pytest.raises(TypeError, match="Corpus"):
        gp.bipartite_graph([])


# -- bipartite graph ----------------------------------------------------------------


def test_bipartite_graph_attributes(seeds):
    B = gp.bipartite_graph(seeds)
    assert nx.is_bipartite(B)
    papers = {n for n, d in B.nodes(data="kind") if d == "paper"}
    authors = {n for n, d in B.nodes(data="kind") if d == "author"}
    assert papers == set(seeds.papers.index) and authors == set(seeds.authors.index)
    assert all(B.nodes[p]["bipartite"] == 0 for p in papers)
    assert all(B.nodes[a]["bipartite"] == 1 for a in authors)
    assert B.number_of_edges() == len(seeds.authorships)
    assert list(B.nodes) == sorted(B.nodes)
    pid = seeds.papers.index[0]
    assert B.nodes[pid]["title"] == seeds.papers.loc[pid, "title"]
    assert B.nodes["a:aurko-roy"]["name"] == "Aurko Roy"
    inferred = seeds.authorships[seeds.authorships["inferred"]].iloc[0]
    edge = B.edges[inferred["paper_id"], inferred["author_id"]]
    assert edge == {"position": None, "inferred": True}
    printed = seeds.authorships[~seeds.authorships["inferred"]].iloc[0]
    assert B.edges[printed["paper_id"], printed["author_id"]]["position"] == printed["position"]
    without = gp.bipartite_graph(seeds, include_inferred=False)
    assert without.number_of_edges() == int((~seeds.authorships["inferred"]).sum())


def test_bipartite_graph_ids_must_not_collide():
    ships = pd.DataFrame({"paper_id": ["a:00"], "author_id": ["a:00"]})
    papers = pd.DataFrame({"title": ["x"]}, index=pd.Index(["a:00"], name="paper_id"))
    authors = pd.DataFrame({"name": ["X"]}, index=pd.Index(["a:00"], name="author_id"))
    corpus = gp.Corpus(papers, authors, ships)
    with pytest.raises(gp.SchemaError, match="collide"):
        gp.bipartite_graph(corpus)


# -- the seeds ----------------------------------------------------------------------


def test_seed_owners_pairwise_linked(seeds):
    owners = seeds.profiles["owner_id"].tolist()
    assert len(owners) == 4 and all(owners)
    G = gp.coauthor_graph(seeds)
    for u, v in combinations(owners, 2):
        assert G.has_edge(u, v), (u, v)
    printed = gp.coauthor_graph(seeds, include_inferred=False)
    linked = [printed.has_edge(u, v) for u, v in combinations(owners, 2)]
    assert not all(linked)


def test_seed_group_authors(seeds):
    names = seeds.authors["name"]
    teams = sorted(names[names.isin(["Gemini Team", "Gemma Team"])].index)
    assert len(teams) == 2 and seeds.authors.loc[teams, "is_group"].all()
    kept = gp.coauthor_graph(seeds)
    assert all(kept.degree(t) > 0 for t in teams)
    dropped = gp.coauthor_graph(seeds, group_authors="drop")
    assert not any(t in dropped for t in teams)
    assert set(dropped.edges) == {e for e in kept.edges if not set(e) & set(teams)}
    assert dropped.graph["dropped"]["group authors (drop)"] == tuple(teams)
    isolated = gp.coauthor_graph(seeds, group_authors="isolate")
    assert all(isolated.degree(t) == 0 for t in teams)
    assert [isolated.nodes[t]["n_papers"] for t in teams] == [kept.nodes[t]["n_papers"]
                                                              for t in teams]
    edges = gp.coauthor_edges(seeds, group_authors="drop")
    assert not (edges.source.isin(teams) | edges.target.isin(teams)).any()


def test_seed_truncation_recorded(seeds):
    G = gp.coauthor_graph(seeds)
    share = seeds.papers["authors_truncated"].mean()
    assert G.graph["share_truncated"] == pytest.approx(share)
    assert G.graph["n_papers"] == seeds.n_papers
    assert any(t > 0 for _, _, t in G.edges(data="n_shared_truncated"))


# -- real two-mode data --------------------------------------------------------------


def test_sandi_projection(shared_data):
    # Sandi author-paper network (Pajek data sets); REFERENCES.md §4: the co-author
    # projection of the full data has 314 nodes, 262 edges, 71 isolates, 129 components
    # and a giant component of 86 authors.
    raw = pd.read_csv(shared_data / "bipartite_real/sandi/sandi_graph.csv", sep=" ")
    ships = pd.DataFrame(
        {"paper_id": "p:" + raw["Paper"].astype(str), "author_id": "a:" + raw["Author"].astype(str)}
    )
    papers = pd.DataFrame(index=pd.Index(sorted(ships["paper_id"].unique()), name="paper_id"))
    authors = pd.DataFrame(
        {"name": sorted(ships["author_id"].unique())},
        index=pd.Index(sorted(ships["author_id"].unique()), name="author_id"),
    )
    G = gp.coauthor_graph(gp.Corpus(papers, authors, ships))
    assert G.number_of_nodes() == 314
    assert G.number_of_edges() == 262
    assert nx.number_of_isolates(G) == 71
    assert nx.number_connected_components(G) == 129
    assert len(max(nx.connected_components(G), key=len)) == 86


# -- the synthetic generator of the benchmarks ---------------------------------------


def test_synthetic_corpus_shape():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import _synth
    finally:
        sys.path.pop(0)
    df = _synth.synthetic_authorships(20_000, seed=3)
    assert df.equals(_synth.synthetic_authorships(20_000, seed=3))
    assert not df.duplicated(["paper_id", "author_id"]).any()
    n_k = df.groupby("paper_id").size()
    assert len(n_k) == 20_000
    assert (n_k == 1).mean() == pytest.approx(0.08, abs=0.01)
    assert n_k.between(2, 6).mean() == pytest.approx(0.85, abs=0.01)
    assert n_k.max() <= 500
    pairs = n_k * (n_k - 1) / 2
    assert pairs[n_k >= 50].sum() / pairs.sum() > 0.4
    per_author = df.groupby("author_id").size()
    # Lotka: P(1) = 1 / zeta(2) ~ 0.61, P(2) = P(1) / 4
    assert (per_author == 1).mean() == pytest.approx(0.61, abs=0.03)
    assert (per_author == 2).mean() == pytest.approx(0.152, abs=0.02)


@pytest.mark.parametrize("weighting", ["count", "newman", "association"])
def test_threaded_product_equals_single(seeds, monkeypatch, weighting):
    from graphlib_papers import graphs

    single = gp.coauthor_edges(seeds, weighting=weighting)
    M1, _ = gp.coauthor_matrix(seeds, weighting=weighting)
    monkeypatch.setattr(graphs, "_threads", lambda work: 3)
    threaded = gp.coauthor_edges(seeds, weighting=weighting)
    pd.testing.assert_frame_equal(single, threaded)
    M3, _ = gp.coauthor_matrix(seeds, weighting=weighting)
    assert (M1 != M3).nnz == 0 and M1.nnz == M3.nnz
    G = gp.coauthor_graph(seeds, weighting=weighting)
    assert list(G.edges) == list(zip(single.source, single.target, strict=True))


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard"])
def test_duckdb_engine_dispatch(seeds, weighting):
    pytest.importorskip("duckdb")
    expected = gp.coauthor_edges(seeds, weighting=weighting, group_authors="isolate")
    got = gp.coauthor_edges(seeds, weighting=weighting, group_authors="isolate", engine="duckdb")
    assert list(zip(got.source, got.target, strict=True)) == list(
        zip(expected.source, expected.target, strict=True)
    )
    np.testing.assert_allclose(got["weight"], expected["weight"], rtol=1e-12)
    assert got["n_shared"].tolist() == expected["n_shared"].tolist()
    assert got["n_shared_truncated"].tolist() == expected["n_shared_truncated"].tolist()
