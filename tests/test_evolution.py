"""snapshots, evolution, match_communities, track_communities."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp


@pytest.fixture
def toy() -> gp.Corpus:
    rows = [
        ("p1", "Ann Lee", 2020),
        ("p1", "Bo Chen", 2020),
        ("p2", "Bo Chen", 2021),
        ("p2", "Cy Diaz", 2021),
        ("p3", "Ann Lee", 2023),
        ("p3", "Bo Chen", 2023),
        ("p3", "Di Eze", 2023),
        ("p4", "Ed Fox", None),
    ]
    return gp.Corpus.from_authorships(pd.DataFrame(rows, columns=["paper_id", "author", "year"]))


def test_snapshots_cumulative_and_not(toy):
    cum = gp.snapshots(toy)
    assert list(cum) == [2020, 2021, 2022, 2023]
    assert [G.number_of_edges() for G in cum.values()] == [1, 2, 2, 4]
    assert cum[2022].graph["papers_in_snapshot"] == 2
    assert "a:ed-fox" not in cum[2023]  # no year, left out
    per = gp.snapshots(toy, cumulative=False)
    assert [G.number_of_edges() for G in per.values()] == [1, 1, 0, 3]
    assert per[2022].number_of_nodes() == 0
    two = gp.snapshots(toy, freq=2, cumulative=False)
    assert list(two) == [2020, 2022]
    assert two[2020].graph["period"] == (2020, 2021)
    assert sorted(two[2020].edges) == [("a:ann-lee", "a:bo-chen"), ("a:bo-chen", "a:cy-diaz")]
    with pytest.raises(ValueError):
        gp.snapshots(toy, freq="month")
    with pytest.raises(TypeError):
        gp.snapshots(toy.papers)


def test_last_cumulative_snapshot_is_the_whole_graph(seeds):
    snaps = gp.snapshots(seeds)
    G = gp.coauthor_graph(seeds.filter(years=(None, None)))
    last = list(snaps.values())[-1]
    assert sorted(last.edges(data="weight")) == sorted(G.edges(data="weight"))


def test_evolution_by_hand(toy):
    ev = gp.network_evolution(toy, seed=0)
    assert ev.index.name == "period"
    assert ev["papers"].tolist() == [1, 2, 2, 3]
    assert ev["authors"].tolist() == [2, 3, 3, 4]
    assert ev["new_authors"].tolist() == [2, 1, 0, 1]
    assert ev["edges"].tolist() == [1, 2, 2, 4]
    # 2023 adds Ann-Di and Bo-Di (Ann-Bo existed since 2020)
    assert ev["new_edges"].tolist() == [1, 1, 0, 2]
    assert ev.loc[2023, "giant_component_share"] == 1.0
    assert ev.attrs["seed"] == 0
    pd.testing.assert_frame_equal(ev, gp.network_evolution(toy, seed=0))
    not_cum = gp.network_evolution(toy, cumulative=False, include_communities=False, seed=0)
    assert "modularity" not in not_cum and not_cum.loc[2022, "authors"] == 0


def test_evolution_matches_network_summary(seeds):
    ev = gp.network_evolution(seeds, freq=4, seed=0)
    snaps = gp.snapshots(seeds, freq=4)
    for period, G in snaps.items():
        s = gp.network_summary(G)
        assert ev.loc[period, "edges"] == s["edges"]
        assert ev.loc[period, "clustering"] == pytest.approx(s["clustering"], nan_ok=True)
        res = gp.find_communities(G, seed=0)
        assert ev.loc[period, "n_communities"] == res.n_communities
        assert ev.loc[period, "modularity"] == pytest.approx(res.modularity, nan_ok=True)


def test_match_communities_by_hand():
    a = pd.Series({"a": 0, "b": 0, "c": 0, "d": 1, "x": 1})
    b = pd.Series({"a": 5, "b": 5, "c": 6, "d": 6, "y": 6})
    m = gp.match_communities(a, b)
    got = {(r.community_a, r.community_b): r.jaccard for r in m.itertuples()}
    # {a,b,c} vs {a,b}: 2/3; {a,b,c} vs {c,d,y}: 1/5; {d,x} vs {c,d,y}: 1/4
    assert got == pytest.approx({(0, 5): 2 / 3, (0, 6): 1 / 5, (1, 6): 1 / 4})
    assert m["jaccard"].is_monotonic_decreasing
    empty = gp.match_communities(a, pd.Series({"zz": 1}))
    assert empty.empty and "jaccard" in empty


def test_track_communities_events():
    r1 = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 1, "f": 1}
    # the big group splits in two halves; e/f continue; g/h are new
    r2 = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2, "f": 2, "g": 3, "h": 3}
    tr = gp.track_communities({1: r1, 2: r2})
    assert tr.loc[(1, 0), "lineage"] == 0 and tr.loc[(1, 1), "lineage"] == 1
    assert tr.loc[(2, 0), "event"] == "continue" and tr.loc[(2, 0), "lineage"] == 0
    assert tr.loc[(2, 0), "jaccard"] == pytest.approx(0.5)
    assert tr.loc[(2, 1), "event"] == "split" and tr.loc[(2, 1), "lineage"] == 2
    assert tr.loc[(2, 2), "event"] == "continue" and tr.loc[(2, 2), "lineage"] == 1
    assert tr.loc[(2, 3), "event"] == "birth" and tr.loc[(2, 3), "lineage"] == 3
    assert pd.isna(tr.loc[(2, 3), "previous"])
    strict = gp.track_communities({1: r1, 2: r2}, min_jaccard=0.6)
    assert strict.loc[(2, 0), "event"] == "birth"
    with pytest.raises(ValueError):
        gp.track_communities({1: r1}, min_jaccard=0)


def test_track_communities_on_corpus(seeds):
    tr = gp.track_communities(seeds, freq=3, seed=0)
    assert tr.attrs["seed"] == 0
    pd.testing.assert_frame_equal(tr, gp.track_communities(seeds, freq=3, seed=0))
    cont = tr[tr["event"] == "continue"]
    assert (cont["jaccard"] >= 0.3).all()
    # the lineage of a continued community is the one of its match in the previous period
    periods = sorted(tr.index.get_level_values("period").unique())
    for (period, _), row in cont.iterrows():
        before = periods[periods.index(period) - 1]
        assert tr.loc[(before, int(row["previous"])), "lineage"] == row["lineage"]
    # sizes per period add up to the snapshot's authors
    snaps = gp.snapshots(seeds, freq=3)
    assert tr.groupby(level="period")["size"].sum().tolist() == [
        G.number_of_nodes() for G in snaps.values()
    ]


def test_empty_corpus(toy):
    empty = toy.filter(years=1900)
    assert gp.snapshots(empty) == {}
    ev = gp.network_evolution(empty, seed=0)
    assert ev.empty and "modularity" in ev.columns
    tr = gp.track_communities(empty, seed=0)
    assert tr.empty
    edgeless = gp.Corpus.from_authorships(
        pd.DataFrame({"paper_id": ["p1", "p2"], "author": ["A B", "C D"], "year": [2020, 2021]})
    )
    ev = gp.network_evolution(edgeless, seed=0)
    assert ev["edges"].tolist() == [0, 0]
    assert np.isnan(ev["modularity"]).all()
    assert isinstance(gp.snapshots(edgeless)[2020], nx.Graph)
