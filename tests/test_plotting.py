"""Figures are checked through their data: which node got which colour, which label, which bar."""

from __future__ import annotations

from collections import Counter

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text

import graphlib_papers as gp
from graphlib_papers import plotting as gpp


def _points(ax):
    """{label of PathCollection: list of (x, y, facecolor hex)}."""
    out = {}
    for coll in ax.collections:
        if isinstance(coll, matplotlib.collections.PathCollection):
            faces = coll.get_facecolors()
            offs = coll.get_offsets()
            if len(faces) == 1 and len(offs) > 1:
                faces = np.repeat(faces, len(offs), axis=0)
            out[coll.get_label()] = [
                (float(x), float(y), to_hex(f)) for (x, y), f in zip(offs, faces, strict=True)
            ]
    return out


def _node_at(pos: pd.DataFrame, x: float, y: float):
    d = np.hypot(pos["x"].to_numpy() - x, pos["y"].to_numpy() - y)
    i = int(np.argmin(d))
    assert d[i] < 1e-9
    return pos.index[i]


def _expected_color(label: int) -> str:
    return gpp.PALETTE[label] if label < len(gpp.PALETTE) else gpp.OTHER_COLOR


@pytest.fixture(scope="module")
def seeds_graph():
    corpus = gp.load_seeds()
    return corpus, gp.coauthor_graph(corpus)


def test_palette_is_okabe_ito():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(gpp.PALETTE) == okabe_ito


def test_network_colours_follow_a_hand_made_partition():
    G = nx.barbell_graph(4, 0)  # nodes 0-3 and 4-7, one bridge
    membership = pd.Series({n: 0 if n < 4 else 1 for n in G})
    pos = gpp.network_layout(G, seed=3)
    ax = gpp.plot_network(G, color=membership, pos=pos, top_n_labels=0)
    pts = _points(ax)["authors"]
    assert len(pts) == 8
    for x, y, face in pts:
        node = _node_at(pos, x, y)
        assert face == _expected_color(membership[node]).lower()
    assert ax.get_label() == "layout seed=3"


def test_network_colours_match_communities_on_seeds(seeds_graph):
    corpus, G = seeds_graph
    res = gp.find_communities(G, seed=0)
    pos = gpp.network_layout(G, seed=0)
    ax = gpp.plot_network(G, color=res, pos=pos, top_n_labels=0)
    pts = _points(ax)
    drawn = {}
    for label, items in pts.items():
        for x, y, face in items:
            drawn[_node_at(pos, x, y)] = (label, face)
    assert set(drawn) == set(G.nodes)
    for node, (label, face) in drawn.items():
        assert face == _expected_color(int(res.membership[node])).lower(), node
        assert (label == "group authors") == bool(G.nodes[node]["is_group"])
    groups = {n for n, g in G.nodes(data="is_group") if g}
    assert groups == {"a:gemini-team", "a:gemma-team"}


def test_default_layout_is_network_layout_with_seed(seeds_graph):
    _, G = seeds_graph
    ax = gpp.plot_network(G, top_n_labels=0, seed=5)
    pos = gpp.network_layout(G, seed=5)
    for x, y, _ in _points(ax)["authors"]:
        _node_at(pos, x, y)


def test_labels_are_top_k_by_centrality_without_overlap(seeds_graph):
    _, G = seeds_graph
    pagerank = pd.Series(nx.pagerank(G, weight="weight"))  # independent reference
    k = 10
    ranked = pagerank.sort_values(ascending=False)
    assert ranked.iloc[k - 1] > ranked.iloc[k]  # no tie at the cut
    expected = {G.nodes[a]["name"] for a in ranked.index[:k]}
    cen = gp.author_centrality(G, ["pagerank"])
    ax = gpp.plot_network(G, size=cen["pagerank"], seed=0, top_n_labels=k)
    texts = [t for t in ax.texts]
    assert {t.get_text() for t in texts} == expected
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    boxes = [Text.get_window_extent(t, r) for t in texts]
    for i in range(len(boxes)):
        for j in range(i):
            assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())


def test_node_size_grows_with_score():
    G = nx.star_graph(4)
    score = pd.Series({0: 1.0, 1: 0.25, 2: 0.25, 3: 0.0, 4: 0.0})
    pos = gpp.network_layout(G, seed=0)
    ax = gpp.plot_network(G, size=score, pos=pos, top_n_labels=1)
    coll = next(c for c in ax.collections if c.get_label() == "authors")
    sizes = {_node_at(pos, x, y): s for (x, y), s in zip(coll.get_offsets(), coll.get_sizes(),
                                                         strict=True)}
    assert sizes[0] > sizes[1] > sizes[3]
    assert sizes[1] == sizes[2] and sizes[3] == sizes[4]
    assert [t.get_text() for t in ax.texts] == ["0"]


def test_focus_on_top_n_of_a_large_graph():
    G = nx.barabasi_albert_graph(10_000, 2, seed=1)
    ax = gpp.plot_network(G, seed=0, top_n_labels=5, max_nodes=200)
    pts = _points(ax)["authors"]
    assert len(pts) == 200
    assert "top 200 by degree" in ax.get_title() and "of 10000" in ax.get_title()
    titled = gpp.plot_network(G, seed=0, top_n_labels=0, max_nodes=200, title="Field X")
    assert titled.get_title() == "Field X (top 200 by degree; 200 of 10000 authors)"
    deg = pd.Series(dict(G.degree()))
    expected = set(
        pd.DataFrame({"d": deg, "id": deg.index.astype(str)})
        .sort_values(["d", "id"], ascending=[False, True]).index[:200]
    )
    assert set(gpp.focus_nodes(G, top_n=200)) == expected


def test_focus_on_one_community(seeds_graph):
    _, G = seeds_graph
    res = gp.find_communities(G, seed=0)
    members = set(res.membership.index[res.membership == 2])
    H = G.subgraph(sorted(members))
    pos = gpp.network_layout(H, seed=0)
    ax = gpp.plot_network(G, color=res, community=2, pos=pos, top_n_labels=3)
    drawn = {_node_at(pos, x, y) for items in _points(ax).values() for x, y, _ in items}
    assert drawn == members
    assert "community 2" in ax.get_title()


def test_ego_network(seeds_graph):
    _, G = seeds_graph
    ax = gpp.plot_ego(G, "a:aurko-roy", seed=0, top_n_labels=0)
    n = sum(len(v) for v in _points(ax).values())
    assert n == G.degree("a:aurko-roy") + 1
    assert ax.get_title() == f"Ego network of Aurko Roy ({G.degree('a:aurko-roy')} co-authors)"
    outlined = [
        ec for c in ax.collections if c.get_label() in ("authors", "group authors")
        for ec, lw in zip(c.get_edgecolors(), c.get_linewidths(), strict=True) if lw > 1.5
    ]
    assert len(outlined) == 1 and to_hex(outlined[0]) == "#000000"
    with pytest.raises(gp.GraphlibPapersError, match="not in the graph"):
        gpp.plot_ego(G, "a:nobody")


def test_degree_distribution_data(seeds_graph):
    _, G = seeds_graph
    counts = Counter(d for _, d in G.degree())
    table = gpp.degree_distribution(G)
    assert table["count"].to_dict() == dict(sorted(counts.items()))
    assert table["ccdf"].iloc[0] == pytest.approx(1.0)
    ax = gpp.plot_degree_distribution(G)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    ks = sorted(counts)
    assert ax.lines[0].get_xdata().tolist() == ks
    n = G.number_of_nodes()
    assert ax.lines[0].get_ydata().tolist() == pytest.approx([counts[k] / n for k in ks])


def test_degree_distribution_reports_isolates():
    G = nx.Graph([(0, 1)])
    G.add_node(2)
    ax = gpp.plot_degree_distribution(G)
    assert ax.lines[0].get_xdata().tolist() == [1.0]
    assert "1 authors with k = 0" in ax.get_legend().get_title().get_text()


def test_community_sizes_bars(seeds_graph):
    _, G = seeds_graph
    res = gp.find_communities(G, seed=0)
    ax = gpp.plot_community_sizes(res)
    heights = [p.get_height() for p in ax.patches]
    assert heights == res.membership.value_counts().sort_index().tolist()
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [
        _expected_color(i).lower() for i in range(len(heights))
    ]


def test_lab_heatmap_from_graph():
    LG = nx.Graph()
    LG.add_node("mit", n_papers=4)
    LG.add_node("mila", n_papers=2)
    LG.add_node("deepmind", n_papers=9)
    LG.add_edge("mit", "mila", weight=1.0)
    LG.add_edge("mit", "deepmind", weight=5.0)
    ax = gpp.plot_lab_heatmap(LG)
    arr = ax.images[0].get_array()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    # ordered by total collaboration: mit (6), deepmind (5), mila (1)
    assert ticks == ["mit (4)", "deepmind (9)", "mila (2)"]
    assert arr.mask.diagonal().all()
    assert arr[0, 1] == 5.0 and arr[0, 2] == 1.0 and arr[1, 2] == 0.0
    # the drawn numbers are the public data function's
    m = gpp.lab_mixing_matrix(LG)
    assert list(m.index) == list(m.columns) == ["mit", "deepmind", "mila"]
    assert m.attrs["labels"] == ticks
    np.testing.assert_array_equal(np.ma.filled(arr, np.nan), m.to_numpy())
    assert list(gpp.lab_mixing_matrix(LG, top_n=1).index) == ["mit"]


def _toy_corpus(**extra):
    rows = [
        ("p1", "Ada", 2020, "mit"), ("p1", "Bob", 2020, "mit"),
        ("p2", "Ada", 2021, "mit;mila"), ("p2", "Cy", 2021, "mit;mila"),
        ("p3", "Cy", 2021, ""), ("p3", "Dee", 2021, ""),
        ("p4", "Dee", 2023, "mila"),
    ]
    df = pd.DataFrame(rows, columns=["paper_id", "author", "year", "labs"])
    return gp.Corpus.from_authorships(df, **extra)


def test_papers_per_year_by_lab_hand_counted():
    table = gpp.papers_per_year(_toy_corpus(), by="lab")
    # p1 mit 2020; p2 mit+mila 2021; p3 untagged 2021; p4 mila 2023; 2022 is empty
    expected = pd.DataFrame(
        {"mila": [0, 1, 0, 1], "mit": [1, 1, 0, 0], "(no lab)": [0, 1, 0, 0]},
        index=pd.Index([2020, 2021, 2022, 2023], name="year"),
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    ax = gpp.plot_papers_per_year(table)
    assert len(ax.containers) == 3
    assert [p.get_height() for p in ax.containers[1]] == [1, 1, 0, 0]


def test_papers_per_year_by_community_majority_rule():
    corpus = _toy_corpus()
    ids = corpus.authors.reset_index().set_index("name")["author_id"]
    membership = pd.Series({ids["Ada"]: 0, ids["Bob"]: 0, ids["Cy"]: 1, ids["Dee"]: 1})
    table = gpp.papers_per_year(corpus, by="community", membership=membership)
    # p1 -> 0; p2 tie (Ada 0, Cy 1) -> 0 (smaller label); p3 -> 1; p4 -> 1
    assert table.loc[2020].to_dict() == {"community 0": 1, "community 1": 0}
    assert table.loc[2021].to_dict() == {"community 0": 1, "community 1": 1}
    assert table.loc[2023].to_dict() == {"community 0": 0, "community 1": 1}


def test_bad_input_gives_clear_errors():
    with pytest.raises(gp.EmptyGraphError):
        gpp.plot_network(nx.Graph())
    with pytest.raises(gp.SchemaError):
        gpp.plot_network(nx.path_graph(3), color=pd.DataFrame({"a": [1]}))
    with pytest.raises(gp.SchemaError):
        gpp.papers_per_year(_toy_corpus(), by="community")
    with pytest.raises(TypeError):
        gpp.plot_network({"not": "a graph"})


def test_edgeless_graph_draws_nodes():
    G = nx.empty_graph(3)
    ax = gpp.plot_network(G, seed=0, top_n_labels=2)
    assert len(_points(ax)["authors"]) == 3
    assert len(ax.texts) == 2


def test_plots_draw_on_given_axes(seeds_graph):
    import matplotlib.pyplot as plt

    _, G = seeds_graph
    fig, axes = plt.subplots(1, 2)
    assert gpp.plot_network(G, ax=axes[0], seed=0, top_n_labels=2) is axes[0]
    assert gpp.plot_degree_distribution(G, ax=axes[1]) is axes[1]


def test_fixed_palette_keeps_a_lab_one_colour_across_figures():
    G = nx.path_graph(["a", "b", "c", "d"])
    labs = pd.Series({"a": "mit", "b": "mit", "c": "mila"})  # d has no lab
    palette = {"mila": "#D55E00", "mit": "#009E73"}
    pos = gpp.network_layout(G, seed=0)
    ax = gpp.plot_network(G, color=labs, pos=pos, palette=palette, top_n_labels=0)
    faces = {_node_at(pos, x, y): f for x, y, f in _points(ax)["authors"]}
    assert faces == {"a": "#009e73", "b": "#009e73", "c": "#d55e00", "d": gpp.MISSING_COLOR.lower()}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["mila (1)", "mit (2)", "none (1)"]
    table = pd.DataFrame({"mit": [1, 2], "mila": [0, 1], "(no lab)": [3, 0]},
                         index=pd.Index([2020, 2021], name="year"))
    ax = gpp.plot_papers_per_year(table, palette=palette)
    colours = [to_hex(c.patches[0].get_facecolor()) for c in ax.containers]
    assert colours == ["#009e73", "#d55e00", gpp.MISSING_COLOR.lower()]


def test_community_columns_keep_their_community_colour():
    table = pd.DataFrame({"community 0": [1], "community 2": [1], "other": [1]},
                         index=pd.Index([2020], name="year"))
    ax = gpp.plot_papers_per_year(table)
    colours = [to_hex(c.patches[0].get_facecolor()) for c in ax.containers]
    assert colours == [gpp.PALETTE[0].lower(), gpp.PALETTE[2].lower(), gpp.OTHER_COLOR.lower()]


def test_ego_keeps_the_colours_of_the_full_network(seeds_graph):
    _, G = seeds_graph
    res = gp.find_communities(G, seed=0)
    author = "a:aurko-roy"
    ego = nx.ego_graph(G, author)
    present = set(res.membership[list(ego)])
    assert present != set(range(res.n_communities))  # some communities are absent here
    ax = gpp.plot_ego(G, author, color=res, seed=0, top_n_labels=0)
    pos = gpp.network_layout(ego, seed=0)
    for items in _points(ax).values():
        for x, y, face in items:
            node = _node_at(pos, x, y)
            assert face == _expected_color(int(res.membership[node])).lower()


def test_ego_of_a_hub_is_capped():
    G = nx.star_graph(500)
    nx.add_path(G, [1, 2, 3])
    ax = gpp.plot_ego(G, 0, seed=0, top_n_labels=0, max_nodes=50)
    assert sum(len(v) for v in _points(ax).values()) == 50
    assert ax.get_title() == "Ego network of 0 (500 co-authors, 49 shown)"


def test_seed_none_is_drawn_recorded_and_replayable():
    G = nx.les_miserables_graph()
    ax = gpp.plot_network(G, seed=None, top_n_labels=0)
    label = ax.get_label()
    assert label.startswith("layout seed=")
    seed = int(label.split("=")[1])
    again = gpp.plot_network(G, seed=seed, top_n_labels=0)
    assert np.array_equal(ax.collections[-1].get_offsets(), again.collections[-1].get_offsets())


def test_plot_functions_pass_kwargs_to_matplotlib(seeds_graph):
    _, G = seeds_graph
    H = nx.path_graph(4)
    ax = gpp.plot_network(H, seed=0, top_n_labels=0, alpha=0.25)
    assert {c.get_alpha() for c in ax.collections if c.get_label() == "authors"} == {0.25}
    ax = gpp.plot_ego(H, 1, seed=0, top_n_labels=0, alpha=0.5)
    assert {c.get_alpha() for c in ax.collections if c.get_label() == "authors"} == {0.5}
    ax = gpp.plot_degree_distribution(nx.star_graph(3), marker="s")
    assert ax.lines[0].get_marker() == "s"
    ax = gpp.plot_community_sizes(pd.Series({"a": 0, "b": 0, "c": 1}), hatch="//")
    assert {p.get_hatch() for p in ax.patches} == {"//"}
    m = pd.DataFrame([[3, 1], [1, 0]], index=["x", "y"], columns=["x", "y"])
    ax = gpp.plot_lab_heatmap(m, interpolation="nearest")
    assert ax.images[0].get_interpolation() == "nearest"
    ax = gpp.plot_papers_per_year(gp.load_seeds(), by="total", alpha=0.75)
    assert {p.get_alpha() for p in ax.patches} == {0.75}
