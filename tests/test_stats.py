"""network_summary and community_report: hand-computed, networkx and published figures."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp


@pytest.fixture
def toy() -> gp.Corpus:
    # p1: Ann, Bo (+ Cy hidden behind et al.); p2: Bo, Cy; p3: Di alone; p4: Ann, Bo, Ed
    return gp.Corpus.from_authorships(
        pd.DataFrame(
            {
                "paper_id": ["p1", "p1", "p1", "p2", "p2", "p3", "p4", "p4", "p4"],
                "author": [
                    "Ann Lee",
                    "Bo Chen",
                    "Cy Diaz",
                    "Bo Chen",
                    "Cy Diaz",
                    "Di Eze",
                    "Ann Lee",
                    "Bo Chen",
                    "Ed Fox",
                ],
                "inferred": [False, False, True, False, False, False, False, False, False],
                "title": ["One", "One", "One", "Two", "Two", "Three", "Four", "Four", "Four"],
                "year": [2020, 2020, 2020, 2021, 2021, 2021, 2022, 2022, 2022],
                "authors_truncated": [True, True, True, False, False, False, False, False, False],
                "labs": ["x", "x", "x", "", "", "y", "x;y", "x;y", "x;y"],
                "category": ["LG", "LG", "LG", "CL", "CL", "CL", "LG", "LG", "LG"],
            }
        )
    )


def test_corpus_figures_by_hand(toy):
    s = gp.network_summary(toy)
    assert s["papers"] == 4 and s["authors"] == 5 and s["authorships"] == 9
    assert s["papers_per_author"] == pytest.approx(9 / 5)
    assert s["authors_per_paper_visible"] == pytest.approx((2 + 2 + 1 + 3) / 4)
    assert s["authors_per_paper"] == pytest.approx(9 / 4)
    assert s["truncated_share"] == pytest.approx(1 / 4)
    assert s["inferred_share"] == pytest.approx(1 / 9)
    # graph: Ann-Bo, Ann-Cy, Bo-Cy, Ann-Ed, Bo-Ed; Di isolated
    assert s["nodes"] == 5 and s["edges"] == 5 and s["isolates"] == 1
    assert s["collaborators_per_author"] == pytest.approx((3 + 3 + 2 + 2 + 0) / 5)
    assert s["components"] == 2
    assert s["giant_component_size"] == 4 and s["giant_component_share"] == 0.8
    assert s["second_component_size"] == 1
    # 2 triangles (Ann-Bo-Cy, Ann-Bo-Ed); triples: Ann 3, Bo 3, Cy 1, Ed 1 -> C = 6/8
    assert s["clustering"] == pytest.approx(6 / 8)
    # giant distances: 5 pairs at 1, Cy-Ed at 2 -> mean 7/6
    assert s["mean_distance"] == pytest.approx(7 / 6)
    assert s["max_distance"] == 2
    assert s.index.name == "statistic"
    assert isinstance(s["nodes"], int)


def _check_against_networkx(G: nx.Graph):
    s = gp.network_summary(G)
    simple = nx.Graph(G)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    comps = sorted(nx.connected_components(simple), key=len, reverse=True)
    giant = simple.subgraph(comps[0])
    assert s["nodes"] == G.number_of_nodes()
    assert s["edges"] == G.number_of_edges()
    assert s["components"] == len(comps)
    assert s["giant_component_size"] == len(comps[0])
    assert s["clustering"] == pytest.approx(nx.transitivity(simple), abs=1e-12)
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(simple), abs=1e-12)
    assert s["mean_distance"] == pytest.approx(nx.average_shortest_path_length(giant), abs=1e-12)
    assert s["max_distance"] == nx.diameter(giant)
    assert s["degree_assortativity"] == pytest.approx(
        nx.degree_assortativity_coefficient(simple), abs=1e-9
    )
    assert s["collaborators_per_author"] == pytest.approx(np.mean([d for _, d in simple.degree()]))


@pytest.mark.parametrize(
    "G",
    [
        nx.karate_club_graph(),
        nx.les_miserables_graph(),
        nx.florentine_families_graph(),
        nx.disjoint_union(nx.gnp_random_graph(60, 0.05, seed=4), nx.path_graph(7)),
    ],
    ids=["karate", "lesmis", "florentine", "random"],
)
def test_equals_networkx(G):
    _check_against_networkx(G)


def test_self_loops_counted_like_snap():
    G = nx.Graph([(1, 2), (2, 3), (3, 3), (4, 5)])
    s = gp.network_summary(G)
    assert s["edges"] == 4 and s["self_loops"] == 1
    assert s["giant_component_edges"] == 3
    assert s["collaborators_per_author"] == pytest.approx((1 + 2 + 1 + 1 + 1) / 5)


def test_sampled_distances_are_seeded_and_within_their_error():
    G = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=1)
    exact = gp.network_summary(G)
    assert exact.attrs["seed"] is None and exact.attrs["exact"]["mean_distance"]
    assert exact["mean_distance_stderr"] == 0.0 and exact["distance_sources"] == 400
    a = gp.network_summary(G, k=150, seed=7)
    b = gp.network_summary(G, k=150, seed=7)
    assert a.attrs["seed"] == 7 and not a.attrs["exact"]["mean_distance"]
    pd.testing.assert_series_equal(a, b)
    assert a["distance_sources"] == 150
    assert a["max_distance"] <= exact["max_distance"]
    # the stated error covers the error in about 95 % of seeds
    z = [
        abs(gp.network_summary(G, k=40, seed=s)["mean_distance"] - exact["mean_distance"])
        / gp.network_summary(G, k=40, seed=s)["mean_distance_stderr"]
        for s in range(40)
    ]
    assert np.mean(np.array(z) < 2) >= 0.85
    # the budget picks the sources: exact when the work fits, sampled beyond
    n, m = 400, G.number_of_edges()
    assert gp.network_summary(G, budget=n * (n + m))["distance_sources"] == 400
    tight = gp.network_summary(G, budget=100 * (n + m), seed=0)
    assert tight["distance_sources"] == 100
    drawn = gp.network_summary(G, k=50)
    assert isinstance(drawn.attrs["seed"], int)


def test_wedge_sampled_clustering_within_its_error():
    G = nx.connected_watts_strogatz_graph(600, 10, 0.2, seed=3)
    exact = gp.network_summary(G)
    assert exact.attrs["exact"]["clustering"] and exact["clustering_stderr"] == 0
    ref_avg = nx.average_clustering(G)
    ref_glob = nx.transitivity(G)
    assert exact["average_clustering"] == pytest.approx(ref_avg, abs=1e-12)
    assert exact["clustering"] == pytest.approx(ref_glob, abs=1e-12)
    # every author has 45 wedges: with 40 per author all are sampled; with 100 all exact
    from graphlib_papers import stats

    old = stats.WEDGES_PER_AUTHOR
    try:
        stats.WEDGES_PER_AUTHOR = 100
        all_exact = gp.network_summary(G, wedge_budget=10, seed=0)
        assert all_exact["clustering"] == pytest.approx(ref_glob, abs=1e-12)
        assert all_exact["average_clustering"] == pytest.approx(ref_avg, abs=1e-12)
        stats.WEDGES_PER_AUTHOR = 20
        z = []
        for seed in range(20):
            s = gp.network_summary(G, wedge_budget=10, seed=seed)
            assert not s.attrs["exact"]["clustering"]
            z.append(abs(s["clustering"] - ref_glob) / s["clustering_stderr"])
            z.append(abs(s["average_clustering"] - ref_avg) / s["average_clustering_stderr"])
        assert np.mean(np.array(z) < 2) >= 0.85
    finally:
        stats.WEDGES_PER_AUTHOR = old


def test_a_huge_clique_is_not_quadratic_beyond_its_links():
    # one 1,500-author paper and a sparse rest: clique members close every wedge
    rest = nx.gnm_random_graph(3000, 6000, seed=1)
    G = nx.union(nx.complete_graph(range(10_000, 10_600)), rest)
    G.add_edge(10_000, 0)
    s = gp.network_summary(G, seed=0, wedge_budget=10**7)  # 600 · C(599, 2) wedges
    assert not s.attrs["exact"]["clustering"]
    # exact reference: triangles counted by igraph (checked against networkx above)
    exact = gp.network_summary(G, wedge_budget=None)
    assert exact.attrs["exact"]["clustering"]
    assert abs(s["clustering"] - exact["clustering"]) <= 3 * s["clustering_stderr"] + 1e-12
    assert abs(s["average_clustering"] - exact["average_clustering"]) <= (
        3 * s["average_clustering_stderr"] + 1e-12
    )
    # the authors of the big paper close every wedge but one author's: 1.0 exactly
    assert s["average_clustering"] > 600 / 3600 * 0.99


def test_empty_and_edgeless(toy):
    e = gp.network_summary(nx.Graph())
    assert e["nodes"] == 0 and e["components"] == 0
    assert np.isnan(e["mean_distance"]) and np.isnan(e["giant_component_share"])
    s = gp.network_summary(nx.empty_graph(3))
    assert s["isolates"] == 3 and s["components"] == 3 and s["giant_component_size"] == 1
    assert np.isnan(s["clustering"]) and np.isnan(s["degree_assortativity"])
    empty = gp.network_summary(toy.filter(years=1900))
    assert empty["papers"] == 0 and np.isnan(empty["papers_per_author"])
    with pytest.raises(TypeError):
        gp.network_summary()
    with pytest.raises(TypeError):
        gp.network_summary("corpus.csv")


# -- real networks against the figures in ../shared/data/REFERENCES.md -------------------


def test_netscience_published_figures(shared_data):
    G = nx.read_gml(shared_data / "coauthorship" / "netscience.gml", label="id")
    s = gp.network_summary(G)
    assert (s["nodes"], s["edges"]) == (1589, 2742)
    assert (s["components"], s["isolates"]) == (396, 128)
    # Girvan & Newman (2002): giant component 379 nodes, 914 edges
    assert (s["giant_component_size"], s["giant_component_edges"]) == (379, 914)
    assert s["average_clustering"] == pytest.approx(0.6378, abs=5e-5)
    assert s["clustering"] == pytest.approx(0.6934, abs=5e-5)
    assert s["max_distance"] == 17
    assert s["mean_distance"] == pytest.approx(6.0419, abs=5e-5)
    res = gp.find_communities(G, seed=0, weight=None)
    # best known modularity of the full graph 0.9599 (Leiden, best of 20); Louvain ~0.959
    assert 0.955 <= res.modularity <= 0.9599 + 1e-4
    giant = G.subgraph(max(nx.connected_components(G), key=len))
    g = gp.find_communities(giant, seed=0, weight=None)
    assert 0.84 <= g.modularity <= 0.8486 + 1e-4  # proven optimum 0.8486 (Aloise et al. 2010)


def _snap(shared_data, name):
    return nx.read_edgelist(shared_data / "coauthorship" / "snap" / name, nodetype=int)


def test_snap_grqc(shared_data):
    s = gp.network_summary(_snap(shared_data, "CA-GrQc.txt"), budget=None)
    assert (s["nodes"], s["edges"], s["self_loops"]) == (5242, 14496, 12)
    assert s["giant_component_size"] == 4158
    assert round(s["giant_component_share"], 3) == 0.793
    assert s["giant_component_edges"] == 13428
    assert s["average_clustering"] == pytest.approx(0.5296, abs=5e-5)
    assert s["max_distance"] == 17  # exact: no budget
    assert s.attrs["exact"]["mean_distance"]


def test_snap_hepth_sampled(shared_data):
    s = gp.network_summary(_snap(shared_data, "CA-HepTh.noheader.txt"), seed=0, k=200)
    assert (s["nodes"], s["edges"]) == (9877, 25998)
    assert (s["giant_component_size"], s["giant_component_edges"]) == (8638, 24827)
    assert s["average_clustering"] == pytest.approx(0.4714, abs=5e-5)
    assert s["clustering"] == pytest.approx(0.2840, abs=5e-5)
    assert s["distance_sources"] == 200 and s["max_distance"] <= 18


@pytest.mark.slow
def test_snap_astroph(shared_data):
    s = gp.network_summary(
        _snap(shared_data, "CA-AstroPh.undirected_shuffled.txt"), seed=0, k=50
    )
    assert (s["nodes"], s["edges"]) == (18772, 198110)
    assert (s["giant_component_size"], s["giant_component_edges"]) == (17903, 197031)
    assert s["average_clustering"] == pytest.approx(0.6306, abs=5e-5)
    assert s["max_distance"] <= 14


# -- community_report ---------------------------------------------------------------------


def test_community_report_by_hand(toy):
    G = gp.coauthor_graph(toy)
    res = gp.find_communities(G, "greedy")
    rep = gp.community_report(G, toy, res, top_n=2)
    assert rep.index.name == "community"
    assert rep["size"].tolist() == res.sizes.tolist()
    assert rep["size"].sum() == 5
    # the isolated author Di is a community of one with no edges
    di = int(res.membership["a:di-eze"])
    assert rep.loc[di, "size"] == 1 and rep.loc[di, "internal_edges"] == 0
    assert rep.loc[di, "external_edges"] == 0 and np.isnan(rep.loc[di, "conductance"])
    assert rep.loc[di, "labs"] == (("y", 1),)
    assert rep.loc[di, "representative_papers"] == ("Three",)
    # edges are split exactly between inside and across communities
    ext = rep["external_edges"].sum()
    assert rep["internal_edges"].sum() + ext / 2 == G.number_of_edges()
    total_w = G.size(weight="weight")
    assert rep["internal_weight"].sum() + rep["external_weight"].sum() / 2 == pytest.approx(total_w)


def test_community_report_seeds(seeds):
    G = gp.coauthor_graph(seeds)
    res = gp.find_communities(G, seed=0)
    rep = gp.community_report(G, seeds, res)
    assert len(rep) == res.n_communities
    assert rep["size"].is_monotonic_decreasing
    assert (rep["year_min"] <= rep["year_max"]).all()
    # top authors are members of their community, ranked by strength
    strength = dict(G.degree(weight="weight"))
    for c, ids in rep["top_author_ids"].items():
        assert all(res.membership[i] == c for i in ids)
        vals = [strength[i] for i in ids]
        assert vals == sorted(vals, reverse=True)
    with pytest.raises(TypeError):
        gp.community_report(G, seeds, res.membership)
