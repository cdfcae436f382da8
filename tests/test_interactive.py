"""The interactive network: what the view keeps, the offline HTML, the Jupyter widget."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp

VENDOR = Path(gp.__file__).parent / "_vendor"


@pytest.fixture(scope="module")
def seeds_graph():
    corpus = gp.load_seeds()
    G = gp.coauthor_graph(corpus)
    return G, gp.find_communities(G, seed=0)


def test_whole_seed_network_is_shown(seeds_graph):
    G, res = seeds_graph
    view = gp.network_view(G, communities=res)
    assert len(view.nodes) == G.number_of_nodes() == 170
    assert len(view.edges) == G.number_of_edges() == 389
    assert view.focus == ""
    assert set(view.nodes.index) == set(G.nodes)
    assert {frozenset(e) for e in view.edges[["source", "target"]].itertuples(index=False)} == {
        frozenset(e) for e in G.edges()}
    # colour by community: one colour per label, as in the static figures
    colors, _ = gp.plotting.category_colors(res.membership)
    assert view.nodes["color"].to_dict() == {n: colors[res.membership[n]] for n in G}
    # size by strength by default
    strength = pd.Series(dict(G.degree(weight="weight")))
    assert view.nodes["score"].to_dict() == strength.astype(float).to_dict()


def test_hover_text_lists_the_heaviest_coauthors(seeds_graph):
    G, _ = seeds_graph
    view = gp.network_view(G, top_n_coauthors=2)
    node = "a:sanjiv-kumar"
    nbrs = sorted(((-d["weight"], G.nodes[u]["name"]) for u, d in G[node].items()))[:2]
    want = ", ".join(f"{name} ({int(-w)})" for w, name in nbrs)
    assert view.nodes.loc[node, "top_coauthors"] == want
    assert view.nodes.loc[node, "n_papers"] == G.nodes[node]["n_papers"]


def test_focus_top_n_community_and_ego(seeds_graph):
    G, res = seeds_graph
    pr = pd.Series(nx.pagerank(G, weight="weight"), name="pagerank")
    top = gp.network_view(G, size=pr, top_n=10)
    assert set(top.nodes.index) == set(pr.sort_values(ascending=False).index[:10])
    assert top.focus == "top 10 by pagerank"
    assert len(top.edges) == G.subgraph(top.nodes.index).number_of_edges()
    one = gp.network_view(G, communities=res, community=2)
    assert set(one.nodes.index) == set(res.membership.index[res.membership == 2])
    ego = gp.network_view(G, ego="a:sanjiv-kumar")
    assert set(ego.nodes.index) == set(nx.ego_graph(G, "a:sanjiv-kumar"))
    assert "ego network of Sanjiv Kumar" in ego.focus
    with pytest.raises(gp.GraphlibPapersError, match="not a node"):
        gp.network_view(G, ego="a:nobody")


def test_caps_keep_the_browser_small(seeds_graph):
    G, _ = seeds_graph
    view = gp.network_view(G, max_nodes=40, max_edges=25)
    strength = pd.Series(dict(G.degree(weight="weight")))
    kept = gp.plotting.focus_nodes(G, top_n=40, size=strength)
    assert list(view.nodes.index) == kept
    assert len(view.edges) == 25
    sub = G.subgraph(kept)
    weights = sorted((d["weight"] for *_, d in sub.edges(data=True)), reverse=True)
    assert view.edges["weight"].min() >= weights[24]
    assert "top 40 by strength" in view.focus and "25 heaviest links" in view.focus
    assert repr(view).startswith("<NetworkView: 40 of 170 authors, 25 of 389 links")


def test_positions_can_be_passed(seeds_graph):
    G, _ = seeds_graph
    pos = pd.DataFrame({"x": range(len(G)), "y": 0.0}, index=sorted(G.nodes))
    view = gp.network_view(G, pos=pos)
    assert view.nodes["x"].tolist() == pos.loc[view.nodes.index, "x"].astype(float).tolist()
    with pytest.raises(gp.SchemaError, match="no position"):
        gp.network_view(G, pos=pos.iloc[:3])


def test_html_is_offline_and_escapes_data():
    G = nx.Graph([("a", "b", {"weight": 1.0})])
    G.nodes["a"]["name"] = "</script><script>alert(1)</script>"
    page = gp.network_html(gp.network_view(G))
    blocks = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert len(blocks) == 4 and all("src" not in attrs for attrs, _ in blocks)
    assert "alert(1)" in blocks[0][1] and "<" not in blocks[0][1]
    assert "sourceMappingURL" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_vendored_bundles_are_the_recorded_ones():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name in ("graphology.umd.min.js", "sigma.min.js"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme
    for lic in ("graphology.LICENSE.txt", "sigma.LICENSE.txt"):
        text = (VENDOR / lic).read_text(encoding="utf-8")
        assert "Permission is hereby granted, free of charge" in text


def test_explore_returns_an_ipysigma_widget(seeds_graph):
    ipysigma = pytest.importorskip("ipysigma")
    G, res = seeds_graph
    widget = gp.explore(G, communities=res, labels={0: "zero"})
    assert isinstance(widget, ipysigma.Sigma)
    assert len(widget.data["nodes"]) == 170 and len(widget.data["edges"]) == 389
    attrs = {n["key"]: n["attributes"] for n in widget.data["nodes"]}
    assert attrs["a:sanjiv-kumar"]["label"] == "Sanjiv Kumar"
    assert attrs["a:sanjiv-kumar"]["category"] == "zero"
    assert attrs["a:sanjiv-kumar"]["papers"] == G.nodes["a:sanjiv-kumar"]["n_papers"]
    small = gp.explore(G, top_n=5, layout="spring")
    assert len(small.data["nodes"]) == 5
    pos = pd.DataFrame({"x": range(len(G)), "y": 1.0}, index=sorted(G.nodes))
    placed = gp.explore(G, layout=pos)
    assert placed.layout["a:sanjiv-kumar"]["x"] == pos.loc["a:sanjiv-kumar", "x"]
    assert not placed.start_layout


def test_explore_without_ipysigma_says_how_to_install(seeds_graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipysigma", None)
    with pytest.raises(gp.MissingDependency, match=r"pip install 'graphlib-papers\[explore\]'"):
        gp.explore(seeds_graph[0])
    with pytest.raises(ImportError):
        gp.explore(seeds_graph[0])


def test_large_views_anchor_their_layout(monkeypatch):
    ex = sys.modules["graphlib_papers.interactive"]
    monkeypatch.setattr(ex, "_LAYOUT_EXACT", 30)
    G = nx.connected_caveman_graph(12, 8)  # 96 nodes in 12 cliques of 8
    G.add_edge(0, 1000)  # a leaf hanging off node 0
    a = gp.network_view(G, seed=3)
    b = gp.network_view(G, seed=3)
    assert a.nodes[["x", "y"]].equals(b.nodes[["x", "y"]])
    xy = a.nodes[["x", "y"]].to_numpy()
    assert np.isfinite(xy).all() and xy.min() >= 0 and xy.max() <= 1
    # the leaf (lowest strength: not an anchor) sits near its only neighbour
    d_leaf = np.hypot(*(a.nodes.loc[1000, ["x", "y"]] - a.nodes.loc[0, ["x", "y"]]))
    d_all = np.hypot(*(xy - a.nodes.loc[0, ["x", "y"]].to_numpy()).T)
    assert d_leaf < np.median(d_all)
