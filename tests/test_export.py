"""Exports round-trip through the networkx readers (and pandas for CSV / VOSviewer)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.export import graph_tables, portable_graph


@pytest.fixture
def toy() -> nx.Graph:
    """A co-author-like graph with every awkward attribute kind."""
    G = nx.Graph()
    G.add_node("a:ada-lovelace", name="Ada Lovelace", n_papers=np.int64(3), is_group=False,
               variants=("Ada Lovelace", "A. Lovelace"))
    G.add_node("a:charles-babbage", name='Charles "C." Babbage', n_papers=2, is_group=False,
               variants=(), note=None)
    G.add_node("a:gemini-team", name="Gemini Team", n_papers=1, is_group=True, Name="dup-case")
    G.add_node("a:łukasz-kaiser", name="Łukasz Kaiser", n_papers=1, is_group=False,
               score=float("nan"))
    G.add_edge("a:charles-babbage", "a:ada-lovelace", weight=2.5, n_shared=np.int64(2),
               n_shared_truncated=0, id="user-id")
    G.add_edge("a:ada-lovelace", "a:gemini-team", weight=1.0, n_shared=1, n_shared_truncated=1)
    G.add_edge("a:łukasz-kaiser", "a:gemini-team", weight=0.5, n_shared=1, n_shared_truncated=1,
               Weight="case clash")
    return G


def _edge_set(G):
    return {frozenset((str(u), str(v))): float(w) for u, v, w in G.edges(data="weight")}


def test_portable_graph_sorted_unique_ids(toy):
    H = portable_graph(toy)
    assert list(H.nodes) == sorted(map(str, toy.nodes))
    ids = [d["id"] for _, _, d in H.edges(data=True)]
    assert ids == ["e0", "e1", "e2"]
    for _, d in H.nodes(data=True):
        assert None not in d.values()
        lowered = [k.lower() for k in d]
        assert len(lowered) == len(set(lowered))
    for _, _, d in H.edges(data=True):
        lowered = [k.lower() for k in d]
        assert len(lowered) == len(set(lowered))
    # the user's own "id" is not allowed to clash with the unique edge ids
    assert H.edges["a:ada-lovelace", "a:charles-babbage"]["id"] == "e0"
    assert H.nodes["a:ada-lovelace"]["variants"] == "Ada Lovelace; A. Lovelace"
    assert "score" not in H.nodes["a:łukasz-kaiser"]


def test_graphml_round_trip(toy, tmp_path):
    (path,) = gp.write_graph(toy, tmp_path / "g.graphml")
    H = nx.read_graphml(path)
    assert set(H.nodes) == set(toy.nodes)
    assert _edge_set(H) == _edge_set(toy)
    assert H.nodes["a:charles-babbage"]["name"] == 'Charles "C." Babbage'
    assert H.nodes["a:ada-lovelace"]["n_papers"] == 3
    assert H.nodes["a:gemini-team"]["is_group"] is True
    assert H.edges["a:ada-lovelace", "a:gemini-team"]["n_shared_truncated"] == 1


def test_gexf_round_trip_and_gephi_rules(toy, tmp_path):
    (path,) = gp.write_graph(toy, tmp_path / "g.gexf")
    H = nx.read_gexf(path)
    assert set(H.nodes) == set(toy.nodes)
    assert _edge_set(H) == _edge_set(toy)
    assert H.nodes["a:łukasz-kaiser"]["label"] == "Łukasz Kaiser"
    assert H.nodes["a:ada-lovelace"]["n_papers"] == 3
    assert H.edges["a:ada-lovelace", "a:charles-babbage"]["n_shared"] == 2
    # Gephi's rules, checked on the XML itself
    root = ET.parse(path).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    edge_ids = [e.get("id") for e in root.iter(f"{{{ns['g']}}}edge")]
    assert len(edge_ids) == toy.number_of_edges() == len(set(edge_ids))
    for attrs in root.iter(f"{{{ns['g']}}}attributes"):
        titles = [a.get("title").lower() for a in attrs]
        assert len(titles) == len(set(titles)), titles
    assert "None" not in path.read_text(encoding="utf-8")


def test_pajek_round_trip(toy, tmp_path):
    (path,) = gp.write_graph(toy, tmp_path / "g.net")
    H = nx.read_pajek(path)
    assert set(H.nodes) == set(toy.nodes)
    assert H.number_of_edges() == toy.number_of_edges()
    assert _edge_set(nx.Graph(H)) == _edge_set(toy)


def test_csv_round_trip(toy, tmp_path):
    nodes_path, edges_path = gp.write_graph(toy, tmp_path / "g.csv")
    assert (nodes_path.name, edges_path.name) == ("g_nodes.csv", "g_edges.csv")
    nodes = pd.read_csv(nodes_path, keep_default_na=False)
    edges = pd.read_csv(edges_path)
    H = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=True)
    H.add_nodes_from(nodes["id"])
    assert set(H.nodes) == set(toy.nodes)
    assert _edge_set(H) == _edge_set(toy)
    by_id = nodes.set_index("id")
    assert by_id.loc["a:charles-babbage", "label"] == 'Charles "C." Babbage'
    assert by_id.loc["a:gemini-team", "n_papers"] == 1
    assert sorted(edges["id"]) == ["e0", "e1", "e2"]


def test_vosviewer_files(toy, tmp_path):
    nx.set_node_attributes(toy, {n: i % 2 for i, n in enumerate(sorted(toy))}, "community")
    map_path, net_path = gp.write_graph(toy, tmp_path / "g.vosviewer")
    vmap = pd.read_csv(map_path, sep="\t")
    assert list(vmap.columns) == ["id", "label", "cluster", "weight<n_papers>"]
    assert vmap["id"].tolist() == [1, 2, 3, 4]
    assert vmap["cluster"].tolist() == [1, 2, 1, 2]  # shifted to start at 1
    net = pd.read_csv(net_path, sep="\t", header=None, names=["a", "b", "w"])
    labels = dict(zip(vmap["id"], vmap["label"], strict=True))
    name_to_id = {d["name"]: n for n, d in toy.nodes(data=True)}
    back = {
        frozenset((name_to_id[labels[a]], name_to_id[labels[b]])): w
        for a, b, w in net.itertuples(index=False)
    }
    assert back == _edge_set(toy)


def test_vosviewer_cluster_from_membership(toy, tmp_path):
    membership = pd.Series({"a:ada-lovelace": 0, "a:charles-babbage": 0, "a:gemini-team": 1,
                            "a:łukasz-kaiser": 2})
    m, _ = gp.write_vosviewer(toy, tmp_path / "m.txt", tmp_path / "n.txt", cluster=membership)
    assert pd.read_csv(m, sep="\t")["cluster"].tolist() == [1, 1, 2, 3]


def test_empty_and_edgeless_graphs(tmp_path):
    G = nx.Graph()
    G.add_node("a:solo", name="Solo")
    for ext in (".graphml", ".gexf", ".net", ".csv", ".vosviewer"):
        paths = gp.write_graph(G, tmp_path / f"solo{ext}")
        assert all(p.exists() for p in paths)
    assert list(nx.read_graphml(tmp_path / "solo.graphml").nodes) == ["a:solo"]
    assert list(nx.read_pajek(tmp_path / "solo.net").nodes) == ["a:solo"]
    nodes, edges = graph_tables(nx.Graph())
    assert len(nodes) == len(edges) == 0


def test_bad_extension_and_type(tmp_path):
    with pytest.raises(gp.GraphlibPapersError, match="extension"):
        gp.write_graph(nx.Graph(), tmp_path / "g.docx")
    with pytest.raises(gp.GraphlibPapersError, match="does not exist"):
        gp.write_graph(nx.Graph(), tmp_path / "missing" / "g.gexf")
    with pytest.raises(TypeError):
        gp.write_graph({"a": 1}, tmp_path / "g.gexf")
    with pytest.raises(gp.GraphlibPapersError, match="multigraph"):
        gp.write_graph(nx.MultiGraph([(1, 2), (1, 2)]), tmp_path / "g.gexf")


def test_netscience_round_trips(shared_data, tmp_path):
    """Newman's real co-authorship network keeps all 2742 weighted edges in every format."""
    G = nx.read_gml(shared_data / "coauthorship" / "netscience.gml")
    G = nx.Graph(G)
    nx.set_node_attributes(G, {n: n for n in G}, "name")
    for _, _, d in G.edges(data=True):
        d["weight"] = d.pop("value")
    assert (G.number_of_nodes(), G.number_of_edges()) == (1589, 2742)
    expected = _edge_set(G)
    assert _edge_set(nx.read_gexf(gp.write_graph(G, tmp_path / "n.gexf")[0])) == expected
    assert _edge_set(nx.read_graphml(gp.write_graph(G, tmp_path / "n.graphml")[0])) == expected
    pajek = nx.Graph(nx.read_pajek(gp.write_graph(G, tmp_path / "n.net")[0]))
    assert set(pajek) == set(G)
    assert _edge_set(pajek) == expected


# -- both forms of the network ------------------------------------------------------------
ONLY_ON_THE_GRAPH = {"node": ("n_papers",), "edge": ("n_shared", "n_shared_truncated")}


def _graph_without_its_extras(G: nx.Graph) -> nx.Graph:
    """`G` with only what the matrix form also carries (names, group flags, weights)."""
    H = nx.Graph()
    H.add_nodes_from((n, {k: v for k, v in d.items() if k not in ONLY_ON_THE_GRAPH["node"]})
                     for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, {"weight": w}) for u, v, w in G.edges(data="weight"))
    return H


def test_the_matrix_form_writes_the_same_files_as_the_graph(seeds, tmp_path):
    G = gp.coauthor_graph(seeds)
    M = gp.coauthor_matrix(seeds)
    bare = _graph_without_its_extras(G)
    for ext in (".graphml", ".gexf", ".net", ".csv", ".vosviewer"):
        from_matrix = gp.write_graph(M, tmp_path / f"m{ext}")
        from_graph = gp.write_graph(bare, tmp_path / f"g{ext}")
        assert len(from_matrix) == len(from_graph) >= 1
        for a, b in zip(from_matrix, from_graph, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
    # the Graph's own attributes are extra columns; everything else is the same table
    nodes_m, edges_m = graph_tables(M)
    nodes_g, edges_g = graph_tables(G)
    assert sorted(set(nodes_g.columns) - set(nodes_m.columns)) == ["n_papers"]
    assert sorted(set(edges_g.columns) - set(edges_m.columns)) == ["n_shared",
                                                                   "n_shared_truncated"]
    pd.testing.assert_frame_equal(nodes_m, nodes_g[nodes_m.columns])
    pd.testing.assert_frame_equal(edges_m, edges_g[edges_m.columns])
    # and the figures are the corpus's: 170 authors and 389 links on the seeds
    assert len(nodes_m) == seeds.n_authors == G.number_of_nodes()
    assert len(edges_m) == G.number_of_edges()
    assert nodes_m.set_index("id").loc["a:sanjiv-kumar", "label"] == "Sanjiv Kumar"
    np.testing.assert_array_equal(
        edges_m["weight"].to_numpy(),
        [G.edges[u, v]["weight"] for u, v in zip(edges_m["source"], edges_m["target"],
                                                 strict=True)],
    )


def test_every_exporter_takes_the_matrix_form(seeds, tmp_path):
    M = gp.coauthor_matrix(seeds, weighting="newman")
    G = gp.coauthor_graph(seeds, weighting="newman")
    H = nx.read_graphml(gp.write_graphml(M, tmp_path / "m.graphml"))
    assert _edge_set(H) == pytest.approx(_edge_set(G))
    H = nx.read_gexf(gp.write_gexf(M, tmp_path / "m.gexf"))
    assert H.nodes["a:sanjiv-kumar"]["label"] == "Sanjiv Kumar"
    assert _edge_set(H) == pytest.approx(_edge_set(G))
    H = nx.read_pajek(gp.write_pajek(M, tmp_path / "m.net"))
    assert sorted(H.nodes) == sorted(G.nodes)
    _, e = gp.write_csv(M, tmp_path / "n.csv", tmp_path / "e.csv")
    assert len(pd.read_csv(e)) == G.number_of_edges()
    res = gp.find_communities(M, seed=0)
    m, n = gp.write_vosviewer(M, tmp_path / "map.txt", tmp_path / "net.txt",
                              cluster=res.membership)
    table = pd.read_csv(m, sep="\t")
    assert sorted(table["cluster"].unique()) == list(range(1, res.n_communities + 1))
    assert "weight<n_papers>" not in table  # the matrix form has no paper counts
    assert portable_graph(M).number_of_nodes() == seeds.n_authors


def test_exporters_keep_their_old_keywords_for_one_release(toy, tmp_path):
    with pytest.warns(FutureWarning, match=r"write_vosviewer\(weights=\).*weight_columns="):
        old, _ = gp.write_vosviewer(toy, tmp_path / "a.txt", tmp_path / "b.txt",
                                    weights=("n_papers",), cluster=None)
    new, _ = gp.write_vosviewer(toy, tmp_path / "c.txt", tmp_path / "d.txt",
                                weight_columns=("n_papers",), cluster=None)
    assert old.read_text() == new.read_text()
    assert "weight<n_papers>" in new.read_text().splitlines()[0]
    with pytest.warns(FutureWarning, match=r"graph_tables\(G=\)"):
        nodes, _ = graph_tables(G=toy)
    pd.testing.assert_frame_equal(nodes, graph_tables(toy)[0])
