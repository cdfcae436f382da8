"""Figures: co-author networks, ego networks, distributions, lab mixing, papers per year.

Every function follows seaborn's contract, ``plot_x(data, *, ax=None, **kwargs)``: it
draws on the Axes it is given (or a new figure of paper size) and returns the Axes.
Numbers are computed first by plain functions that return tables
(:func:`network_layout`, :func:`degree_distribution`, :func:`papers_per_year`), so
every figure's data can be checked without looking at pixels. matplotlib is imported
inside the functions; nothing here touches global matplotlib state.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness [1]_; categories beyond the eighth are drawn grey as "other".

References
----------
.. [1] M. Okabe and K. Ito, "Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people", J*Fly (2002/2008),
   https://jfly.uni-koeln.de/color/.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._check import (
    check_count,
    check_nx_graph,
    graph_of_net,
    node_values,
    rank_order,
    renamed_keywords,
    top_keys,
)
from ._layout import network_layout, place_labels
from .exceptions import EmptyGraphError, OptionError, SchemaError

__all__ = [
    "PALETTE",
    "OTHER_COLOR",
    "MISSING_COLOR",
    "category_colors",
    "network_layout",
    "focus_nodes",
    "focus_graph",
    "degree_distribution",
    "lab_mixing_matrix",
    "papers_per_year",
    "plot_network",
    "plot_ego",
    "plot_degree_distribution",
    "plot_community_sizes",
    "plot_lab_heatmap",
    "plot_papers_per_year",
]

#: Okabe–Ito colour-blind-safe palette (its black is left out: it is kept for labels).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
)
#: Colour of categories beyond the palette ("other").
OTHER_COLOR = "#999999"
#: Colour of nodes without a category.
MISSING_COLOR = "#DDDDDD"

_FONT = 10
_TITLE = 12
_MAX_NODES = 300
_MAX_EDGES = 5000


# -- helpers -----------------------------------------------------------------------
def _axes(ax, figsize=(7.0, 5.0)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _drawable(network: Any, size: Any, color: Any, top_n, community, max_nodes: int,
              ego: Any = None) -> nx.Graph:
    """The part of a matrix-form network a drawing needs, as a small networkx Graph.

    Only the nodes that would be kept (the ego network of `ego`, or the `top_n` /
    `max_nodes` highest-scoring nodes, or one community) are turned into networkx
    objects; ``graph["n_all"]`` keeps the size of the whole network for the title.
    """
    from ._network import as_net

    net = as_net(network)
    idx = net.index
    if ego is not None:
        pos = idx.get_indexer([ego])[0]
        if pos < 0:
            raise OptionError(f"author {ego!r} is not in the graph")
        A = net.simple()
        nbrs = A.indices[A.indptr[pos]:A.indptr[pos + 1]]
        n_co = len(nbrs)
        if n_co > max_nodes - 1:  # keep the highest-scoring co-authors only
            score = node_values(size)
            score = (pd.Series(net.degree().astype(float), index=idx) if score is None
                     else pd.to_numeric(score, errors="coerce").reindex(idx).fillna(-np.inf))
            sc = score.to_numpy()[nbrs]
            order = rank_order(sc, idx[nbrs])
            nbrs = nbrs[order[: max_nodes - 1]]
        keep = np.concatenate([[pos], nbrs])
    else:
        score = node_values(size)
        score = (pd.Series(net.degree().astype(float), index=idx) if score is None
                 else pd.to_numeric(score, errors="coerce").reindex(idx).fillna(-np.inf))
        cand = np.arange(net.n)
        if community is not None:
            membership = node_values(color)
            if membership is None:
                raise SchemaError("community= needs a membership (color=) to select from")
            cand = np.flatnonzero((membership.reindex(idx) == community).to_numpy())
        limit = top_n if top_n is not None else (max_nodes if community is None else None)
        if limit is not None and limit < len(cand):
            order = rank_order(score.to_numpy()[cand], idx[cand])
            cand = cand[order[: int(limit)]]
        keep = np.sort(cand)
    H = graph_of_net(net, np.sort(keep))
    H.graph["n_all"] = net.n
    if ego is not None:
        H.graph["ego_coauthors"] = n_co
    return H


def focus_graph(
    network: Any,
    *,
    size: Any = None,
    color: Any = None,
    top_n: int | None = None,
    community: Any = None,
    max_nodes: int = _MAX_NODES,
) -> nx.Graph:
    """The drawn part of a network as a small networkx Graph, whatever its form.

    Keeps the `top_n` (else `max_nodes`) highest-scoring authors by `size` (degree when
    None), or the authors of one `community` of `color`, with the links among them.
    Only those authors become networkx objects, so a matrix-form network of 10^5
    authors costs what the drawing costs. ``H.graph["n_all"]`` holds the size of the
    whole network; :func:`plot_network` reads it to say what was left out. Compute it
    once to draw several figures with one layout.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> net = gp.coauthor_matrix(gp.load_seeds())
    >>> H = focus_graph(net, top_n=20)
    >>> H.number_of_nodes(), H.graph["n_all"]
    (20, 170)
    """
    return _drawable(network, size, color, top_n, community, max_nodes)


def category_colors(
    categories: pd.Series, palette: Mapping[Any, str] | None = None
) -> tuple[dict[Any, str], list[Any]]:
    """Assign palette colours to categories, most important first.

    Integer categories (community labels, where 0 is the largest) get colour
    ``PALETTE[label]``, so a community keeps its colour in every figure; other
    categories are ranked by frequency, then by name, and the first ``len(PALETTE)``
    get a palette colour. The rest are :data:`OTHER_COLOR`.

    Parameters
    ----------
    categories : Series
        One category per item (NA allowed).
    palette : mapping, optional
        Fixed colours per category (to keep a lab the same colour across figures);
        categories it lacks are drawn :data:`OTHER_COLOR`, ranked after it.

    Returns
    -------
    colors : dict
        Category -> hex colour.
    order : list
        Categories in rank order.

    Examples
    --------
    >>> colors, order = category_colors(pd.Series([1, 0, 0, 2]))
    >>> order, colors[0] == PALETTE[0]
    ([0, 1, 2], True)
    >>> category_colors(pd.Series(["mit", "deepmind", "deepmind"]))[1]
    ['deepmind', 'mit']
    """
    present = categories.dropna()
    if palette is not None:
        seen = set(present)
        rest = sorted(seen - set(palette), key=str)
        order = [c for c in palette if c in seen] + rest
        return {c: palette.get(c, OTHER_COLOR) for c in order}, order
    if len(present) and all(isinstance(v, int | np.integer) for v in present):
        # community labels: label i always gets colour i, whichever labels are present
        order = sorted({int(v) for v in present})
        return {c: PALETTE[c] if 0 <= c < len(PALETTE) else OTHER_COLOR for c in order}, order
    else:
        counts = present.astype(str).value_counts()
        order = sorted(counts.index, key=lambda c: (-counts[c], c))
    colors = {c: (PALETTE[i] if i < len(PALETTE) else OTHER_COLOR) for i, c in enumerate(order)}
    return colors, order


@renamed_keywords(by="size", membership="color")
def focus_nodes(
    G: nx.Graph,
    *,
    top_n: int | None = None,
    size: Any = None,
    community: Any = None,
    color: Any = None,
) -> list:
    """The nodes a focused drawing keeps: the top-N by a score and/or one community.

    The keywords are those of :func:`plot_network` and :func:`focus_graph`.

    Parameters
    ----------
    G : networkx.Graph
    top_n : int, optional
        Keep this many nodes with the highest `size` (degree when `size` is None); ties
        broken by node id.
    size : Series, mapping or str, optional
        Score per node (a centrality column), or the node attribute holding it.
    community : label, optional
        Keep only the nodes whose `color` equals this label.
    color : Series, mapping, CommunityResult or str, optional
        Community (or any category) per node, or the node attribute holding it.

    Other Parameters
    ----------------
    by, membership
        Deprecated keywords for `size` and `color`.

    Returns
    -------
    list
        Kept nodes in sorted order.

    Examples
    --------
    >>> import networkx as nx
    >>> focus_nodes(nx.star_graph(4), top_n=2)
    [0, 1]
    """
    check_nx_graph(G)  # a networkx graph only: focus_graph takes either form
    nodes = sorted(G.nodes, key=str)
    if community is not None:
        membership = node_values(color, G, "color")
        if membership is None:
            raise SchemaError("community= needs a membership (color=) to select from")
        nodes = [n for n in nodes if membership.get(n) == community]
        if not nodes:
            raise OptionError(f"community {community!r} has no nodes in this graph")
    if top_n is not None and top_n < len(nodes):
        by = node_values(size, G, "size")
        score = (
            pd.Series(dict(G.degree(nodes)), dtype=float)
            if by is None
            else pd.to_numeric(by.reindex(nodes), errors="coerce").fillna(-np.inf)
        )
        nodes = sorted(top_keys(score, top_n), key=str)
    return nodes


def _network_title(title: str | None, note: str) -> str:
    """The title, with the focus note (what was left out) always kept."""
    return ("Co-author network" if title is None else title) + note


def _draw_edges(ax, H: nx.Graph, xy: np.ndarray, where: dict, max_edges: int,
                alpha: float, note: str) -> str:
    """The links of `H` as one LineCollection (the strongest `max_edges`); the title note."""
    from matplotlib.collections import LineCollection

    edges = sorted(H.edges(data="weight", default=1.0), key=lambda e: (str(e[0]), str(e[1])))
    if len(edges) > max_edges:  # the strongest links only (ties by the order above)
        strongest = sorted(range(len(edges)), key=lambda i: -float(edges[i][2]))[:max_edges]
        note = (note[:-1] + "; " if note else " (") + (
            f"strongest {max_edges} of {len(edges)} links drawn)")
        edges = [edges[i] for i in sorted(strongest)]
    if edges:
        segs = np.array([[xy[where[u]], xy[where[v]]] for u, v, _ in edges])
        w = np.array([float(d) for _, _, d in edges])
        lw = 0.5 + 2.5 * (w - w.min()) / (np.ptp(w) or 1.0)
        ax.add_collection(LineCollection(segs, linewidths=lw, colors="#7f7f7f", alpha=alpha,
                                         zorder=1, label="_edges"))
    return note


def _draw_nodes(ax, G: nx.Graph, keep: list, xy: np.ndarray, where: dict, membership,
                score: pd.Series, palette, highlight, kwargs: dict):
    """The nodes as scatter markers (circles, squares for group authors), coloured by
    category and sized by score; returns what the legend and the labels need."""
    if membership is not None:
        cats = membership.reindex(keep)
        # rank categories over everything given (not only the drawn nodes), so an ego
        # network or a focused drawing keeps the colours of the full figure
        colors_of, order = category_colors(membership, palette)
        face = [colors_of.get(c, MISSING_COLOR) if pd.notna(c) else MISSING_COLOR for c in cats]
    else:
        cats, order, colors_of = None, [], {}
        face = [PALETTE[0]] * len(keep)
    s = score.reindex(keep).fillna(0).to_numpy(dtype=float)
    s = np.clip(s, 0, None)
    smax = s.max() if len(s) and s.max() > 0 else 1.0
    area = 25 + 375 * np.sqrt(s / smax)
    is_group = np.array([bool(G.nodes[n].get("is_group", False)) for n in keep])
    face = np.array(face, dtype=object)
    edge_col = np.array(["white"] * len(keep), dtype=object)
    lw = np.full(len(keep), 0.6)
    if highlight is not None and highlight in where:
        edge_col[where[highlight]] = "black"
        lw[where[highlight]] = 2.0
    for mask, marker, lab in ((~is_group, "o", "authors"), (is_group, "s", "group authors")):
        if mask.any():
            ax.scatter(xy[mask, 0], xy[mask, 1], **{
                "s": area[mask], "c": list(face[mask]), "marker": marker,
                "edgecolors": list(edge_col[mask]), "linewidths": lw[mask], "zorder": 3,
                "label": lab, **kwargs,
            })
    pad = 0.06
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return cats, order, colors_of, area, is_group


def _draw_legend(ax, cats, order: list, colors_of: dict, is_group: np.ndarray,
                 legend_title) -> None:
    """Legend: the categories present (with counts), then the group-author marker."""
    from matplotlib.lines import Line2D

    def dot(color, label, marker="o"):
        return Line2D([], [], marker=marker, ls="", color=color, markersize=8, label=label)

    handles = []
    if cats is not None:
        shown = [c for c in order if c in set(cats.dropna())]
        counts = cats.value_counts()
        coloured = [c for c in shown if colors_of.get(c) != OTHER_COLOR]
        for c in coloured:
            name = f"{c}" if not isinstance(c, int | np.integer) else f"community {c}"
            handles.append(dot(colors_of[c], f"{name} ({counts.get(c, 0)})"))
        if len(shown) > len(coloured):
            handles.append(dot(OTHER_COLOR, f"{len(shown) - len(coloured)} more"))
        if cats.isna().any():
            handles.append(dot(MISSING_COLOR, f"none ({int(cats.isna().sum())})"))
    if is_group.any():
        handles.append(dot("#555555", "group author", marker="s"))
    if handles:
        ax.legend(handles=handles, title=legend_title, fontsize=_FONT - 1,
                  title_fontsize=_FONT, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  frameon=False)


@renamed_keywords(labels="top_n_labels", G="network")
def plot_network(
    network: Any,
    *,
    ax=None,
    color: Any = None,
    size: Any = None,
    top_n_labels: int = 10,
    top_n: int | None = None,
    community: Any = None,
    max_nodes: int = _MAX_NODES,
    max_edges: int = _MAX_EDGES,
    pos: pd.DataFrame | None = None,
    seed: int | None = None,
    title: str | None = None,
    legend_title: str | None = None,
    highlight: Any = None,
    edge_alpha: float = 0.35,
    palette: Mapping[Any, str] | None = None,
    **kwargs: Any,
):
    """Draw a co-author network: colour by community or lab, size by centrality.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        A co-author graph (nodes carry ``name`` and ``is_group``), or the matrix form
        of :func:`graphlib_papers.coauthor_matrix`, of which only the drawn nodes are
        turned into a networkx graph.
    ax : matplotlib Axes, optional
    color : Series, mapping, CommunityResult or str, optional
        Category per node: a community membership (labels 0, 1, ... with 0 the largest),
        an author -> lab Series, or a node attribute name. Categories get Okabe–Ito
        colours in rank order (:func:`category_colors`); nodes without one are light grey.
    size : Series, mapping or str, optional
        Score per node (a column of :func:`graphlib_papers.author_centrality`); marker
        area grows with it. Default: degree.
    top_n_labels : int, default 10
        Label this many nodes with the highest `size` score (ties by id), placed
        greedily so labels do not overlap each other or the nodes.
    top_n : int, optional
        Focus mode: draw only the `top_n` highest-scoring nodes and the edges among them.
    community : label, optional
        Focus mode: draw only the nodes of this community of `color`.
    max_nodes : int, default 300
        Larger graphs are focused on their `max_nodes` highest-scoring nodes (the title
        says so, also when `title` is given), so a graph of 10^4 authors still gives a
        readable picture. Legend counts are of the authors drawn.
    max_edges : int, default 5000
        At most this many links are drawn, the strongest (the title says so): a few
        hyper-authored papers can put tens of thousands of links among the top authors.
    pos : DataFrame, optional
        Positions (``x``, ``y`` indexed by node), e.g. from :func:`network_layout`.
    seed : int, optional
        Seed of the layout when `pos` is not given.
    title, legend_title : str, optional
    highlight : node, optional
        A node drawn with a thick black outline (used by :func:`plot_ego`).
    edge_alpha : float, default 0.35
    palette : mapping, optional
        Fixed colour per category of `color` (see :func:`category_colors`).
    **kwargs
        Passed to matplotlib's ``Axes.scatter`` of the nodes (they override the defaults).

    Returns
    -------
    matplotlib Axes
        One PathCollection of people (circles) and, when present, one of group authors
        (squares, label ``"group authors"``); point ``i`` of each is the ``i``-th drawn
        node of that kind in sorted order at its layout position. Label texts are
        in ``ax.texts``. ``ax.get_label()`` records the layout seed.

    Raises
    ------
    EmptyGraphError
        If `network` has no nodes.
    SchemaError
        If `color` or `size` is not a Series, mapping or attribute name.

    Notes
    -----
    Edge widths grow with the edge ``weight``. The layout is :func:`network_layout`
    (Fruchterman–Reingold per component; the reference is given there).

    Examples
    --------
    >>> import networkx as nx, graphlib_papers as gp
    >>> G = nx.karate_club_graph()
    >>> membership = pd.Series({n: int(G.nodes[n]["club"] == "Officer") for n in G})
    >>> ax = gp.plotting.plot_network(G, color=membership, top_n_labels=3)
    >>> len(ax.texts)
    3
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    G = network
    if not isinstance(G, nx.Graph) and G is not None:
        G = _drawable(G, size, color, top_n, community, max_nodes)
    # one figure drawn layer by layer (focus, layout, edges, nodes, legend, labels); the
    # layout and the label placement themselves live in _layout.py
    check_nx_graph(G, nonempty=True)
    ax = _axes(ax, figsize=(8.0, 6.5))
    membership = node_values(color, G, "color")
    score = node_values(size, G, "size")
    if score is None:
        score = pd.Series(dict(G.degree()), dtype=float)
        size_name = "degree"
    else:
        size_name = score.name if isinstance(score.name, str) else (
            size if isinstance(size, str) else "score"
        )
        score = pd.to_numeric(score, errors="coerce")
    n_all = G.graph.get("n_all", G.number_of_nodes())
    note = ""
    if top_n is None and community is None and n_all > max_nodes:
        top_n = max_nodes
    keep = focus_nodes(G, top_n=top_n, size=score, community=community, color=membership)
    if len(keep) < n_all:
        what = f"community {community}" if community is not None else ""
        if top_n is not None and top_n < n_all:
            what = (what + ", " if what else "") + f"top {len(keep)} by {size_name}"
        note = f" ({what}; {len(keep)} of {n_all} authors)"
    H = G if len(keep) == G.number_of_nodes() else G.subgraph(keep).copy()
    if pos is None:
        pos = network_layout(H, seed=seed)
    missing = [n for n in keep if n not in pos.index]
    if missing:
        raise SchemaError(f"pos has no position for node {missing[0]!r}")
    ax.set_label(f"layout seed={pos.attrs.get('seed', seed)}")
    xy = pos.loc[keep, ["x", "y"]].to_numpy(dtype=float)
    where = {n: i for i, n in enumerate(keep)}

    note = _draw_edges(ax, H, xy, where, max_edges, edge_alpha, note)
    cats, order, colors_of, area, is_group = _draw_nodes(
        ax, G, keep, xy, where, membership, score, palette, highlight, kwargs
    )
    _draw_legend(ax, cats, order, colors_of, is_group, legend_title)
    ax.set_title(_network_title(title, note), fontsize=_TITLE)
    ax.set_xlabel(f"node size: {size_name}; edge width: weight", fontsize=_FONT - 1,
                  color="#444444")

    # labels for the top-k
    if top_n_labels and top_n_labels > 0:
        top = top_keys(score.reindex(keep).fillna(-np.inf), top_n_labels)
        names = [str(G.nodes[n].get("name", n)) for n in top]
        rad_pt = np.sqrt(area / np.pi)
        place_labels(ax, xy[[where[n] for n in top]], names, rad_pt, xy, fontsize=_FONT - 1)
    return ax


@renamed_keywords(labels="top_n_labels", G="network")
def plot_ego(
    network: Any, author: Any, *, ax=None, radius: int = 1, color: Any = None, size: Any = None,
    top_n_labels: int = 12, seed: int | None = None, title: str | None = None,
    max_nodes: int = _MAX_NODES, palette: Mapping[Any, str] | None = None, **kwargs: Any,
):
    """Draw the ego network of one author: the author, their co-authors and the links among them.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network, either form (the matrix form draws radius 1 only).
    author : node
        An ``author_id`` of `network`.
    ax : matplotlib Axes, optional
    radius : int, default 1
        Include co-authors up to this many steps away.
    color, size, top_n_labels, seed, palette
        As in :func:`plot_network`.
    title : str, optional
    max_nodes : int, default 300
        A larger ego network keeps the author and their ``max_nodes - 1``
        highest-scoring co-authors (by `size`, else degree in `G`).
    **kwargs
        Passed to matplotlib's ``Axes.scatter`` of the nodes (they override the defaults).

    Returns
    -------
    matplotlib Axes
        The author is drawn with a thick black outline.

    Raises
    ------
    OptionError
        If `author` is not a node of `G`.

    Examples
    --------
    >>> import networkx as nx, graphlib_papers as gp
    >>> ax = gp.plotting.plot_ego(nx.star_graph(3), 0)
    >>> ax.get_title()
    'Ego network of 0 (3 co-authors)'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    G = network
    if not isinstance(G, nx.Graph) and G is not None:
        if radius != 1:
            raise OptionError("the matrix form draws ego networks of radius 1 only")
        G = _drawable(G, size, color, None, None, max_nodes, ego=author)
        G.graph.pop("n_all", None)
        ego = G  # already the author and their (highest-scoring) co-authors
    else:
        check_nx_graph(G, nonempty=True)
        if author not in G:
            raise OptionError(f"author {author!r} is not in the graph")
        ego = nx.ego_graph(G, author, radius=radius)
    n_co = G.graph.get("ego_coauthors", ego.number_of_nodes() - 1)
    name = G.nodes[author].get("name", author)
    shown = ""
    if len(ego) > max_nodes:
        score = node_values(size, G, "size")
        others = ego.subgraph([n for n in ego if n != author])
        keep = focus_nodes(
            others, top_n=max_nodes - 1,
            size=None if score is None else pd.to_numeric(score, errors="coerce"),
        )
        if score is None:  # rank by degree in the whole graph, not inside the ego network
            deg = pd.Series(dict(G.degree(list(others))), dtype=float)
            keep = top_keys(deg, max_nodes - 1)
        ego = G.subgraph(sorted([author, *keep], key=str))
        shown = f", {len(keep)} shown"
    elif n_co > len(ego) - 1:
        shown = f", {len(ego) - 1} shown"
    default = f"Ego network of {name} ({n_co} co-authors{shown})"
    return plot_network(
        ego, ax=ax, color=color, size=size, top_n_labels=top_n_labels, seed=seed, highlight=author,
        title=default if title is None else title, max_nodes=len(ego), palette=palette,
        **kwargs,
    )


@renamed_keywords(G="network")
def degree_distribution(network: Any, *, weight: str | None = None) -> pd.DataFrame:
    """How many authors have each degree (or strength, when `weight` is given).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network, either form.
    weight : str or None
        Edge attribute to sum into a strength; None counts co-authors.

    Returns
    -------
    DataFrame
        Index ``degree`` (sorted, only values that occur); columns ``count``,
        ``fraction`` (P(k)) and ``ccdf`` (P(K >= k)).

    Examples
    --------
    >>> import networkx as nx
    >>> degree_distribution(nx.star_graph(3))["count"].to_dict()
    {1: 3, 3: 1}
    """
    G = network
    if not isinstance(G, nx.Graph):
        from ._network import as_net

        net = as_net(G, weight)
        values = net.strength() if weight else net.degree()
        deg = pd.Series(values, index=net.index, dtype=float if weight else int)
    else:
        deg = pd.Series(dict(G.degree(weight=weight)), dtype=float if weight else int)
    counts = deg.value_counts().sort_index()
    counts.index.name = "degree"
    out = pd.DataFrame({"count": counts.astype(int)})
    n = max(len(deg), 1)
    out["fraction"] = out["count"] / n
    out["ccdf"] = out["count"][::-1].cumsum()[::-1] / n
    return out


def plot_degree_distribution(data, *, ax=None, weight: str | None = None, title: str | None = None,
                             **kwargs: Any):
    """Degree distribution on log–log axes: P(k) points and the cumulative P(K ≥ k).

    Parameters
    ----------
    data : networkx.Graph or DataFrame
        A graph, or the table of :func:`degree_distribution`.
    ax : matplotlib Axes, optional
    weight : str, optional
        Plot the strength distribution instead.
    title : str, optional
    **kwargs
        Passed to matplotlib's ``Axes.plot`` of the P(k) points (they override the defaults).

    Returns
    -------
    matplotlib Axes
        Line 0 is P(k), line 1 the complementary cumulative distribution. Authors
        with degree 0 cannot appear on a log axis; their number is in the legend.

    Notes
    -----
    Newman plots the collaborators-per-author distribution of co-authorship
    networks this way (the reference is in :func:`graphlib_papers.bipartite_graph`).

    Examples
    --------
    >>> import networkx as nx, graphlib_papers as gp
    >>> ax = gp.plotting.plot_degree_distribution(nx.star_graph(3))
    >>> ax.get_xscale(), ax.lines[0].get_xdata().tolist()
    ('log', [1.0, 3.0])
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    table = data if isinstance(data, pd.DataFrame) else degree_distribution(data, weight=weight)
    if not {"count", "fraction", "ccdf"} <= set(table.columns):
        raise SchemaError("degree distribution table needs count, fraction and ccdf columns")
    ax = _axes(ax, figsize=(5.5, 4.2))
    pos = table[table.index > 0]
    zeros = int(table.loc[table.index == 0, "count"].sum())
    x = pos.index.to_numpy(dtype=float)
    ax.plot(x, pos["fraction"].to_numpy(float),
            **{"linestyle": "none", "marker": "o", "color": PALETTE[0], "label": "P(k)",
               "markersize": 5, **kwargs})
    ax.plot(x, pos["ccdf"].to_numpy(float), "-", color=PALETTE[5], lw=1.5,
            drawstyle="steps-post", label="P(K ≥ k)")
    if len(x):
        ax.set_xscale("log")
        ax.set_yscale("log")
    what = "strength" if weight else "degree"
    ax.set_xlabel(f"{what} k (co-authors)" if not weight else "strength k", fontsize=_FONT)
    ax.set_ylabel("fraction of authors", fontsize=_FONT)
    ax.set_title(title or f"{what.capitalize()} distribution", fontsize=_TITLE)
    extra = f" ({zeros} authors with k = 0 not shown)" if zeros else ""
    ax.legend(fontsize=_FONT - 1, frameon=False, title=extra.strip() or None,
              title_fontsize=_FONT - 2)
    ax.tick_params(labelsize=_FONT - 1)
    ax.grid(True, which="major", color="#eeeeee", lw=0.6)
    return ax


@renamed_keywords(max_bars="top_n")
def plot_community_sizes(data, *, ax=None, title: str | None = None, top_n: int = 30,
                         **kwargs: Any):
    """Bar chart of community sizes, largest (label 0) first.

    Parameters
    ----------
    data : CommunityResult, Series (membership) or Series of sizes
        A membership Series indexed by node, or precomputed sizes indexed by label
        (``.name == "size"``).
    ax : matplotlib Axes, optional
    title : str, optional
    top_n : int, default 30
        Communities beyond this are summed in one grey bar "other".
    **kwargs
        Passed to matplotlib's ``Axes.bar`` (they override the defaults).

    Returns
    -------
    matplotlib Axes
        Bar ``i`` is community ``i``, coloured as in :func:`plot_network`.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> ax = gp.plotting.plot_community_sizes(pd.Series({"a": 0, "b": 0, "c": 1}))
    >>> [float(p.get_height()) for p in ax.patches]
    [2.0, 1.0]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    membership = node_values(data, None, "data")
    if membership.name == "size":
        sizes = membership.astype(int)
    else:
        sizes = membership.value_counts()
    if not len(sizes):
        raise EmptyGraphError("no communities to draw")
    sizes = sizes.sort_index() if all(isinstance(v, int | np.integer) for v in sizes.index) else (
        sizes.sort_values(ascending=False)
    )
    colors, order = category_colors(pd.Series(list(sizes.index), dtype=object))
    shown = sizes.iloc[:top_n]
    labels = [str(i) for i in shown.index]
    heights = shown.to_numpy(dtype=float)
    cols = [colors[i] for i in shown.index]
    if len(sizes) > top_n:
        labels.append("other")
        heights = np.append(heights, float(sizes.iloc[top_n:].sum()))
        cols.append(OTHER_COLOR)
    ax = _axes(ax, figsize=(max(4.5, 0.3 * len(labels) + 2), 3.8))
    bars = ax.bar(np.arange(len(labels)), heights,
                  **{"color": cols, "edgecolor": "white", **kwargs})
    if len(labels) <= 20:
        ax.bar_label(bars, labels=[f"{int(h)}" for h in heights], fontsize=_FONT - 2, padding=2)
    ax.set_xticks(np.arange(len(labels)), labels, fontsize=_FONT - 1)
    ax.set_xlabel("community", fontsize=_FONT)
    ax.set_ylabel("authors", fontsize=_FONT)
    ax.set_title(title or f"Community sizes ({len(sizes)} communities)", fontsize=_TITLE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=_FONT - 1)
    return ax


@renamed_keywords(max_labs="top_n")
def lab_mixing_matrix(data: Any, *, top_n: int | None = 25) -> pd.DataFrame:
    """The lab × lab table that :func:`plot_lab_heatmap` draws, in the drawn order.

    Parameters
    ----------
    data : DataFrame or networkx.Graph
        A square lab × lab table, or a lab graph (:func:`graphlib_papers.lab_graph`)
        whose edge ``weight`` measures collaboration; a graph's diagonal is its
        self-loops (NaN without one).
    top_n : int or None, default 25
        Keep the labs with the largest totals (all when None).

    Returns
    -------
    DataFrame
        Square, float, labs ordered by total descending (ties by name).
        ``attrs["labels"]`` holds the tick label of each lab: its name, with a lab
        graph's ``n_papers`` in brackets.

    Examples
    --------
    >>> m = pd.DataFrame([[0, 1, 0], [1, 0, 4], [0, 4, 0]],
    ...                  index=["a", "b", "c"], columns=["a", "b", "c"])
    >>> lab_mixing_matrix(m, top_n=2)
         b    c
    b  0.0  4.0
    c  4.0  0.0
    """
    m, names = _mixing_table(data)
    m = m.astype(float)
    totals = m.fillna(0).sum(axis=1)
    order = sorted(m.index, key=lambda lab: (-totals[lab], str(lab)))
    if top_n is not None:
        order = order[: check_count(top_n, "top_n")]
    m = m.loc[order, order]
    m.attrs["labels"] = [names.get(x, str(x)) for x in order]
    return m


def _mixing_table(data) -> tuple[pd.DataFrame, dict]:
    """Square lab x lab matrix and tick labels; a graph's diagonal is its self-loops (or NaN)."""
    names: dict = {}
    if isinstance(data, pd.DataFrame):
        m = data.copy()
    elif isinstance(data, nx.Graph):
        nodes = sorted(data.nodes, key=str)
        m = nx.to_pandas_adjacency(data, nodelist=nodes, weight="weight", dtype=float)
        for n in nodes:
            m.loc[n, n] = data.edges[n, n].get("weight", 1.0) if data.has_edge(n, n) else np.nan
            papers = data.nodes[n].get("n_papers")
            if papers is not None:
                names[n] = f"{n} ({papers})"
    else:
        raise SchemaError("lab heatmap needs a square DataFrame or a lab graph")
    if list(m.index) != list(m.columns):
        raise SchemaError("lab mixing table must be square with the same labs on both axes")
    return m, names


@renamed_keywords(max_labs="top_n")
def plot_lab_heatmap(data, *, ax=None, title: str | None = None, annotate: bool = True,
                     top_n: int = 25, value_label: str = "collaboration weight",
                     **kwargs: Any):
    """Heatmap of collaboration between labs.

    Parameters
    ----------
    data : DataFrame or networkx.Graph
        A square lab × lab table, or a lab graph
        (:func:`graphlib_papers.lab_graph`) whose edge ``weight`` measures
        collaboration; a graph's diagonal is left empty unless it has self-loops, and
        a node's ``n_papers`` is shown beside its name.
    ax : matplotlib Axes, optional
    title : str, optional
    annotate : bool, default True
        Print the value in each cell (for up to 15 labs).
    top_n : int, default 25
        Keep the labs with the largest totals.
    value_label : str, default "collaboration weight"
        Colour bar label.
    **kwargs
        Passed to matplotlib's ``Axes.imshow`` (they override the defaults).

    Returns
    -------
    matplotlib Axes
        ``ax.images[0].get_array()`` holds :func:`lab_mixing_matrix` of `data`, in
        its order (by total descending, ties by name); tick labels name the labs.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> m = pd.DataFrame([[3, 1], [1, 0]], index=["mit", "mila"], columns=["mit", "mila"])
    >>> ax = gp.plotting.plot_lab_heatmap(m)
    >>> ax.images[0].get_array().tolist()
    [[3.0, 1.0], [1.0, 0.0]]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    m = lab_mixing_matrix(data, top_n=top_n)
    if m.empty:
        raise EmptyGraphError("no labs to draw")
    n = len(m)
    ticks = m.attrs["labels"]
    ax = _axes(ax, figsize=(max(4.8, 0.5 * n + 3.0), max(4.0, 0.5 * n + 2.0)))
    values = np.ma.masked_invalid(m.to_numpy())
    import matplotlib as mpl

    cmap = mpl.colormaps["cividis"].with_extremes(bad="white")
    im = ax.imshow(values, **{"cmap": cmap, "aspect": "equal", **kwargs})
    ax.set_xticks(range(n), ticks, rotation=45, ha="right", fontsize=_FONT - 1)
    ax.set_yticks(range(n), ticks, fontsize=_FONT - 1)
    if annotate and n <= 15:
        finite = m.to_numpy()[np.isfinite(m.to_numpy())]
        vmax = float(finite.max()) if len(finite) and finite.max() > 0 else 1.0
        for i in range(n):
            for j in range(n):
                v = m.iat[i, j]
                if np.isfinite(v):
                    ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=_FONT - 2,
                            color="black" if v > 0.6 * vmax else "white")
    cbar = ax.figure.colorbar(im, ax=ax, shrink=0.8)
    cbar.set_label(value_label, fontsize=_FONT - 1)
    ax.set_title(title or "Lab-to-lab collaboration", fontsize=_TITLE)
    return ax


@renamed_keywords(top="top_n")
def papers_per_year(
    corpus, *, by: str = "lab", membership: pd.Series | None = None, top_n: int = 7
) -> pd.DataFrame:
    """Count papers per year and lab (or community).

    Parameters
    ----------
    corpus : Corpus
    by : {"lab", "community", "category", "total"}, default "lab"
        ``lab``: a paper counts once for each of its lab tags (untagged papers as
        ``"(no lab)"``). ``community``: each paper goes to the community most of its
        authors belong to (ties to the smaller label), given `membership`.
    membership : Series, optional
        author_id -> community label (needed for ``by="community"``).
    top_n : int, default 7
        Keep the `top_n` largest groups; the rest are summed as ``"other"``.

    Returns
    -------
    DataFrame
        Index ``year`` (every year from first to last); one column per group, ordered
        by total descending (``"other"`` and ``"(no lab)"`` last). Papers without a
        year are left out; their number is in ``attrs["no_year"]``.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> table = papers_per_year(gp.load_seeds(), by="lab")
    >>> int(table.to_numpy().sum()) >= 93 - table.attrs["no_year"]
    True
    """
    papers = corpus.papers
    if by == "lab":
        rows = papers[["year", "labs"]].copy()
        rows["group"] = [t if len(t) else ("(no lab)",) for t in rows["labs"]]
        rows = rows.explode("group")[["year", "group"]]
    elif by == "category":
        rows = papers[["year"]].assign(group=papers["category"].replace("", "(none)"))
    elif by == "total":
        rows = papers[["year"]].assign(group="papers")
    elif by == "community":
        if membership is None:
            raise SchemaError('by="community" needs membership= (a CommunityResult membership)')
        membership = node_values(membership, None, "membership")
        ships = corpus.authorships[["paper_id", "author_id"]]
        ships = ships.assign(c=ships["author_id"].map(membership)).dropna(subset=["c"])
        counts = ships.groupby(["paper_id", "c"]).size().rename("n").reset_index()
        counts = counts.sort_values(["paper_id", "n", "c"], ascending=[True, False, True])
        first = counts.drop_duplicates("paper_id").set_index("paper_id")["c"]
        group = first.reindex(papers.index)
        rows = papers[["year"]].assign(
            group=[f"community {int(c)}" if pd.notna(c) else "(none)" for c in group]
        )
    else:
        raise SchemaError(f"by must be 'lab', 'community', 'category' or 'total', not {by!r}")
    no_year = int(papers["year"].isna().sum())
    rows = rows.dropna(subset=["year"])
    if rows.empty:
        out = pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
        out.attrs["no_year"] = no_year
        return out
    table = pd.crosstab(rows["year"].astype(int), rows["group"])
    special = [c for c in ("(no lab)", "(none)") if c in table.columns]
    regular = table.drop(columns=special)
    totals = regular.sum()
    order = sorted(regular.columns, key=lambda c: (-totals[c], str(c)))
    if by == "community":
        order = sorted(regular.columns, key=lambda c: int(str(c).split()[-1]))
    keep, rest = order[:top_n], order[top_n:]
    out = regular[keep].copy()
    if rest:
        out["other"] = regular[rest].sum(axis=1)
    for c in special:
        out[c] = table[c]
    years = range(int(table.index.min()), int(table.index.max()) + 1)
    out = out.reindex(years, fill_value=0)
    out.index.name = "year"
    out.columns.name = None
    out.attrs["no_year"] = no_year
    return out


@renamed_keywords(top="top_n")
def plot_papers_per_year(data, *, ax=None, by: str = "lab", membership=None,
                         title: str | None = None, top_n: int = 7,
                         palette: Mapping[Any, str] | None = None, **kwargs: Any):
    """Stacked bars of papers per year, by lab or community.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus, or the table of :func:`papers_per_year`.
    ax : matplotlib Axes, optional
    by, membership, top_n
        Passed to :func:`papers_per_year` when `data` is a corpus.
    title : str, optional
    palette : mapping, optional
        Fixed colour per column (e.g. the lab colours of a network figure). Columns
        ``"community N"`` get community N's colour, as in :func:`plot_network`.
    **kwargs
        Passed to matplotlib's ``Axes.bar`` of every stack (they override the defaults).

    Returns
    -------
    matplotlib Axes
        One bar container per column of the table, in its order.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> ax = gp.plotting.plot_papers_per_year(gp.load_seeds(), by="total")
    >>> len(ax.containers)
    1
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    if isinstance(data, pd.DataFrame):
        table = data
    else:
        table = papers_per_year(data, by=by, membership=membership, top_n=top_n)
    if table.empty:
        raise EmptyGraphError("no dated papers to draw")
    ax = _axes(ax, figsize=(7.0, 3.8))
    bottom = np.zeros(len(table))
    years = table.index.to_numpy()
    i = 0
    for col in table.columns:
        label = str(col)
        if palette is not None and col in palette:
            c = palette[col]
        elif label == "other":
            c = OTHER_COLOR
        elif label in ("(no lab)", "(none)"):
            c = MISSING_COLOR
        elif label.startswith("community ") and label[10:].isdigit():
            k = int(label[10:])
            c = PALETTE[k] if k < len(PALETTE) else OTHER_COLOR
        elif palette is not None:
            c = OTHER_COLOR
        else:
            c = PALETTE[i] if i < len(PALETTE) else OTHER_COLOR
            i += 1
        vals = table[col].to_numpy(dtype=float)
        ax.bar(years, vals, bottom=bottom, **{"color": c, "label": str(col), "edgecolor": "white",
                                              "linewidth": 0.5, **kwargs})
        bottom += vals
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year", fontsize=_FONT)
    ax.set_ylabel("papers", fontsize=_FONT)
    step = max(1, int(np.ceil(len(years) / 12)))
    ax.set_xticks(years[::step], [str(y) for y in years[::step]], fontsize=_FONT - 1)
    ax.tick_params(labelsize=_FONT - 1)
    ax.spines[["top", "right"]].set_visible(False)
    if len(table.columns) > 1:
        ax.legend(fontsize=_FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    what = {"lab": "lab", "community": "community", "category": "category"}.get(by, "")
    default = "Papers per year" + (f" by {what}" if what and len(table.columns) > 1 else "")
    note = table.attrs.get("no_year", 0)
    if note:
        default += f" ({note} undated left out)"
    ax.set_title(title or default, fontsize=_TITLE)
    return ax
