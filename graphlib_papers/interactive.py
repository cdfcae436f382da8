"""Interactive co-author networks: a widget in Jupyter, an offline view in HTML.

:func:`network_view` computes what an interactive view shows (the nodes kept by a
focus, their positions, colours, sizes, paper counts and top co-authors, the edges
among them) as plain tables. Two renderers draw it:

* :func:`explore` returns an `ipysigma <https://github.com/medialab/ipysigma>`_
  widget for Jupyter (optional extra ``explore``);
* :func:`network_html` returns an HTML fragment that draws the view with sigma.js [1]_
  and graphology, whose bundles ship with this package (``graphlib_papers/_vendor``,
  MIT licensed) and are inlined, so the page works offline from a single file: no
  script, style or font is fetched.

Large networks are focused before they reach the browser: the `top_n` authors by the
size measure, one `community`, or the `ego` network of one author; without a focus a
network of more than `max_nodes` authors keeps its `max_nodes` highest-scoring ones,
and at most `max_edges` of the heaviest edges among them. The view says so.

References
----------
.. [1] A. Jacomy, G. Plique, B. Simard et al., sigma.js, https://www.sigmajs.org.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import rank_order, renamed_keywords
from .exceptions import EmptyGraphError, MissingDependency, OptionError, SchemaError

__all__ = ["NetworkView", "network_view", "network_html", "explore"]

#: Default cap on the authors sent to the browser (the view keeps the highest-scoring).
MAX_NODES = 2000
#: Default cap on the edges sent to the browser (the heaviest are kept).
MAX_EDGES = 50_000
#: Up to this many nodes get the full force-directed layout; above, it places anchors.
_LAYOUT_EXACT = 400
_SIZE_RANGE = (2.0, 14.0)
_EDGE_RANGE = (0.5, 4.0)
_VENDOR = ("graphology.umd.min.js", "sigma.min.js")


@dataclass(frozen=True)
class NetworkView:
    """What an interactive network view shows, as tables.

    Attributes
    ----------
    nodes : DataFrame
        Indexed by node id in sorted order: ``name``, ``x``, ``y`` (layout, in [0, 1]),
        ``score`` (the size measure), ``size`` (display radius), ``category``, ``color``,
        ``n_papers``, ``top_coauthors`` (names and shared weight of the heaviest links,
        in the whole network), ``is_group``.
    edges : DataFrame
        ``source``, ``target``, ``weight``, ``size`` (display width), sorted.
    legend : dict
        Category -> colour, in rank order.
    focus : str
        How the network was focused (empty when every author is shown).
    n_nodes_total, n_edges_total : int
        Size of the network before focusing.
    size_by : str
        Name of the size measure.
    labels : dict
        Category -> display label (e.g. a community's name).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    legend: dict = field(default_factory=dict)
    focus: str = ""
    n_nodes_total: int = 0
    n_edges_total: int = 0
    size_by: str = "strength"
    labels: dict = field(default_factory=dict)
    seed: int | None = None

    def __repr__(self) -> str:
        focus = f", {self.focus}" if self.focus else ""
        return (
            f"<NetworkView: {len(self.nodes)} of {self.n_nodes_total} authors, "
            f"{len(self.edges)} of {self.n_edges_total} links{focus}>"
        )


def _membership(communities: Any) -> pd.Series | None:
    if communities is None:
        return None
    membership = getattr(communities, "membership", communities)
    if isinstance(membership, Mapping):
        membership = pd.Series(membership, dtype=object)
    if not isinstance(membership, pd.Series):
        raise SchemaError("communities must be a CommunityResult, a Series or a mapping")
    return membership


def _node_values(values: Any, G: nx.Graph | None, what: str) -> pd.Series | None:
    if values is None:
        return None
    if isinstance(values, str):
        if G is None:
            raise SchemaError(
                f"{what}={values!r} names a node attribute, which only a networkx Graph has; "
                "pass a Series for the matrix form"
            )
        return pd.Series(dict(G.nodes(data=values)), name=values, dtype=object)
    if isinstance(values, Mapping):
        return pd.Series(values, dtype=object)
    if isinstance(values, pd.Series):
        return values
    raise SchemaError(f"{what} must be a Series, a mapping or a node attribute name")


def _scale(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Square-root scaling of non-negative values onto [lo, hi] (area grows linearly)."""
    v = np.sqrt(np.clip(np.nan_to_num(values.astype(float), nan=0.0), 0.0, None))
    top = v.max() if len(v) else 0.0
    if top <= 0:
        return np.full(len(v), lo)
    return lo + (hi - lo) * v / top


def _top_coauthors(net, keep: np.ndarray, k: int) -> np.ndarray:
    """The `k` heaviest co-authors of each author at positions `keep`, as 'Name (weight)'
    text (ties broken by name; co-authors from the whole network)."""
    out = np.full(len(keep), "", dtype=object)
    if k <= 0 or not len(keep):
        return out
    rows = net.adjacency()[keep]
    owner = np.repeat(np.arange(len(keep)), np.diff(rows.indptr))
    if not len(owner):
        return out
    w = rows.data
    names = net.names[rows.indices]
    name_code = pd.factorize(names, sort=True)[0]
    order = np.lexsort((name_code, -w, owner))
    owner, w, names = owner[order], w[order], names[order]
    first = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    rank = np.arange(len(owner)) - np.repeat(first, np.diff(np.r_[first, len(owner)]))
    top = rank < k
    text = pd.Series([f"{a} ({_num(b)})" for a, b in zip(names[top], w[top], strict=True)])
    joined = text.groupby(owner[top]).agg(", ".join)
    out[joined.index.to_numpy()] = joined.to_numpy()
    return out


def _num(x: float) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.3g}"


def _layout(nodes: list, edges: pd.DataFrame, score: pd.Series, seed: int | None) -> pd.DataFrame:
    """Positions of the kept nodes: a force-directed layout, anchored above _LAYOUT_EXACT.

    Up to ``_LAYOUT_EXACT`` nodes get :func:`graphlib_papers.plotting.network_layout`.
    Above, that layout places the ``_LAYOUT_EXACT`` highest-scoring nodes (the anchors);
    every other node is put at the weighted mean of its placed neighbours, plus a small
    seeded offset, pass after pass until no more can be placed; the few left (no path
    to an anchor) go on a ring around the drawing.
    """
    from .plotting import network_layout

    if seed is None:
        seed = int(np.random.default_rng().integers(2**31 - 1))
    graph = nx.Graph()
    if len(nodes) <= _LAYOUT_EXACT:
        graph.add_nodes_from(nodes)
        graph.add_weighted_edges_from(
            edges[["source", "target", "weight"]].itertuples(index=False, name=None))
        return network_layout(graph, seed=seed)
    where = {n: i for i, n in enumerate(nodes)}
    values = score.reindex(nodes).fillna(-np.inf).to_numpy()
    anchors = rank_order(values, nodes)[:_LAYOUT_EXACT]
    anchor_ids = [nodes[i] for i in sorted(anchors)]
    src = edges["source"].map(where).to_numpy()
    dst = edges["target"].map(where).to_numpy()
    n = len(nodes)
    A = sp.csr_matrix((np.r_[edges["weight"], edges["weight"]], (np.r_[src, dst], np.r_[dst, src])),
                      shape=(n, n))
    sub = A[anchors][:, anchors].tocoo()
    graph.add_nodes_from(anchor_ids)
    graph.add_weighted_edges_from(
        (nodes[anchors[i]], nodes[anchors[j]], w)
        for i, j, w in zip(sub.row, sub.col, sub.data, strict=True) if i < j)
    base = network_layout(graph, seed=seed)
    xy = np.full((n, 2), np.nan)
    xy[np.asarray(anchors)] = base.loc[[nodes[i] for i in anchors], ["x", "y"]].to_numpy()
    placed = ~np.isnan(xy[:, 0])
    rng = np.random.default_rng(seed)
    spread = 0.5 / np.sqrt(_LAYOUT_EXACT)
    while True:
        W = A[:, np.flatnonzero(placed)]
        total = np.asarray(W.sum(axis=1)).ravel()
        new = (total > 0) & ~placed
        if not new.any():
            break
        mean = (W @ xy[placed]) / np.where(total > 0, total, 1.0)[:, None]
        xy[new] = mean[new] + rng.normal(0.0, spread, (int(new.sum()), 2))
        placed |= new
    rest = np.flatnonzero(~placed)
    if len(rest):
        angle = 2 * np.pi * np.arange(len(rest)) / len(rest)
        xy[rest] = 0.5 + 0.6 * np.c_[np.cos(angle), np.sin(angle)]
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    xy = (xy - lo) / (float((hi - lo).max()) or 1.0)
    out = pd.DataFrame(xy, index=pd.Index(nodes), columns=["x", "y"])
    out.attrs["seed"] = seed
    return out


def _focus(net, score: pd.Series, membership, ego, radius: int, community, top_n,
           max_nodes: int, size_by: str) -> tuple[np.ndarray, list[str]]:
    """The kept node positions (sorted) after the ego, community and top-N focus, and
    what each step kept, in words."""
    idx = net.index
    keep = np.arange(net.n)
    focus: list[str] = []
    if ego is not None:
        at = idx.get_indexer([ego])[0] if ego in idx else -1
        if at < 0:
            raise OptionError(f"ego {ego!r} is not a node of the network")
        S = net.simple()
        reached = np.zeros(net.n, dtype=bool)
        reached[at] = True
        frontier = np.array([at])
        for _ in range(int(radius)):  # breadth-first, one ring of co-authors per step
            ring = np.unique(S[frontier].indices) if len(frontier) else frontier
            frontier = ring[~reached[ring]]
            reached[frontier] = True
        keep = np.flatnonzero(reached)
        focus.append(f"ego network of {net.names[at]} (radius {radius})")
    if community is not None:
        if membership is None:
            raise SchemaError("community= needs communities= to select from")
        keep = keep[(membership.reindex(idx[keep]) == community).to_numpy(dtype=bool)]
        if not len(keep):
            raise OptionError(f"community {community!r} has no nodes in this network")
        focus.append(f"community {community}")
    cap = top_n if top_n is not None else max_nodes
    if top_n is not None or len(keep) > max_nodes:
        cap = min(int(cap), max_nodes)
        if cap < len(keep):
            values = score.reindex(idx[keep]).fillna(-np.inf).to_numpy(dtype=float)
            keep = np.sort(keep[rank_order(values, idx[keep])[:cap]])
            focus.append(f"top {len(keep)} by {size_by}")
    return keep, focus


def _view_edges(net, keep: np.ndarray, nodes: list, max_edges: int,
                focus: list[str]) -> pd.DataFrame:
    """The links among the kept nodes, ``source < target`` as text, sorted; the
    heaviest `max_edges` when there are more (said in `focus`)."""
    inside = np.zeros(net.n, dtype=bool)
    inside[keep] = True
    e = np.flatnonzero(inside[net.u] & inside[net.v])
    ids = np.empty(net.n, dtype=object)
    ids[keep] = nodes
    edges = pd.DataFrame({"source": ids[net.u[e]], "target": ids[net.v[e]],
                          "weight": net.w[e].astype(float)})
    if len(edges):
        edges["_s"], edges["_t"] = edges["source"].astype(str), edges["target"].astype(str)
        swap = (edges["_s"] > edges["_t"]).to_numpy()
        if swap.any():
            cols = ["source", "target", "_s", "_t"]
            edges.loc[swap, cols] = edges.loc[swap, ["target", "source", "_t", "_s"]].to_numpy()
        if len(edges) > max_edges:
            edges = edges.sort_values(["weight", "_s", "_t"], ascending=[False, True, True])
            edges = edges.iloc[:max_edges]
            focus.append(f"the {max_edges} heaviest links")
        edges = edges.sort_values(["_s", "_t"]).drop(columns=["_s", "_t"])
        edges = edges.reset_index(drop=True)
    edges["size"] = _scale(edges["weight"].to_numpy(), *_EDGE_RANGE) if len(edges) else []
    return edges


def _node_table(net, G, keep: np.ndarray, nodes: list, pos: pd.DataFrame, score: pd.Series,
                category, n_papers, n_coauthors: int) -> tuple[pd.DataFrame, dict]:
    """One row per kept node: name, position, score and size, category and colour, papers,
    top co-authors, group flag; and the legend (category -> colour)."""
    from .plotting import category_colors

    table = pd.DataFrame(index=pd.Index(nodes, dtype=object))
    table["name"] = [str(x) for x in net.names[keep]]
    table["x"] = pos.loc[nodes, "x"].to_numpy(dtype=float)
    table["y"] = pos.loc[nodes, "y"].to_numpy(dtype=float)
    table["score"] = score.reindex(nodes).to_numpy(dtype=float)
    table["size"] = _scale(table["score"].to_numpy(), *_SIZE_RANGE)
    legend: dict = {}
    if category is not None:
        cats = category.reindex(nodes)
        colors, order = category_colors(cats)
        legend = {c: colors[c] for c in order}
        table["category"] = cats.to_numpy(dtype=object)
        table["color"] = [colors.get(c, "#DDDDDD") if pd.notna(c) else "#DDDDDD" for c in cats]
    else:
        table["category"] = None
        table["color"] = "#0072B2"
    papers = _node_values(n_papers, None, "n_papers")
    if papers is None and G is not None:
        papers = pd.Series({x: G.nodes[x].get("n_papers", pd.NA) for x in nodes}, dtype=object)
    table["n_papers"] = (papers.reindex(nodes).to_numpy(dtype=object) if papers is not None
                         else pd.NA)
    table["top_coauthors"] = _top_coauthors(net, keep, n_coauthors)
    if G is not None:
        table["is_group"] = [bool(G.nodes[x].get("is_group", False)) for x in nodes]
    elif net.is_group is not None:
        table["is_group"] = net.is_group.reindex(nodes).fillna(False).to_numpy(dtype=bool)
    else:
        table["is_group"] = False
    return table, legend


@renamed_keywords(n_coauthors="top_n_coauthors")
def network_view(
    network: Any,
    *,
    communities: Any = None,
    color: Any = None,
    size: Any = None,
    top_n: int | None = None,
    community: Any = None,
    ego: Any = None,
    radius: int = 1,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    pos: pd.DataFrame | None = None,
    seed: int | None = None,
    labels: Mapping | None = None,
    top_n_coauthors: int = 3,
    n_papers: Any = None,
) -> NetworkView:
    """Compute an interactive view of a co-author network: focus, layout, colours, sizes.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network in either form: a graph from
        :func:`graphlib_papers.coauthor_graph` (nodes carry ``name`` and ``n_papers``;
        edges ``weight``) or the matrix form of :func:`graphlib_papers.coauthor_matrix`
        (names and group authors from it). Only the kept authors become rows.
    communities : CommunityResult or Series, optional
        Community membership; colours the nodes unless `color` is given.
    color : Series, mapping or str, optional
        Category per node (e.g. each author's lab), or a node attribute name.
    size : Series, mapping or str, optional
        Score per node that sizes it (a column of
        :func:`graphlib_papers.author_centrality`); default: strength (weighted degree).
    top_n : int, optional
        Focus: keep the `top_n` nodes with the highest `size` score (ties by id).
    community : label, optional
        Focus: keep the members of this community of `communities`.
    ego : node, optional
        Focus: keep this author and everyone within `radius` links.
    radius : int, default 1
    max_nodes : int, default MAX_NODES
        A view with more nodes after the focus keeps its `max_nodes` highest-scoring
        ones, so the browser stays responsive.
    max_edges : int, default MAX_EDGES
        A view with more edges keeps the heaviest (ties by ids).
    pos : DataFrame, optional
        Positions (``x``, ``y`` indexed by node). Default:
        :func:`graphlib_papers.plotting.network_layout` of the kept nodes; above 400
        nodes, that layout places the 400 highest-scoring ones and every other node
        goes to the weighted mean of its placed neighbours (with a small seeded offset).
    seed : int or None, default None
        Seed of the layout; None draws one, recorded as ``view.seed``.
    labels : mapping, optional
        Display label per category (e.g. community names) for the legend.
    top_n_coauthors : int, default 3
        How many top co-authors each node lists (``n_coauthors=`` works one release
        with a FutureWarning).
    n_papers : Series or mapping, optional
        Papers per author, shown on hover; default: the Graph's ``n_papers`` node
        attribute (none for the matrix form).

    Returns
    -------
    NetworkView

    Raises
    ------
    EmptyGraphError
        If the network has no nodes.
    OptionError
        If `ego` is not in the network, or `community` has no members.

    See Also
    --------
    explore, network_html

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> view = network_view(G, top_n=2)
    >>> list(view.nodes.index), view.focus
    (['a', 'b'], 'top 2 by strength')
    >>> view.nodes.loc["b", "top_coauthors"]
    'a (2), c (1)'
    """
    from ._network import as_net

    try:
        net = as_net(network)
    except TypeError as err:
        raise SchemaError(str(err)) from None
    G = net.graph  # the networkx Graph passed, if any: node attributes by name
    if net.n == 0:
        raise EmptyGraphError("the network has no nodes: nothing to show")
    idx = net.index
    membership = _membership(communities)
    category = _node_values(color, G, "color")
    if category is None:
        category = membership
    score = _node_values(size, G, "size")
    if score is None:
        score = pd.Series(net.strength(), index=idx, dtype=float)
        size_by = "strength"
    else:
        size_by = str(score.name) if score.name is not None else (
            size if isinstance(size, str) else "score"
        )
        score = pd.to_numeric(score, errors="coerce")
    keep, focus = _focus(net, score, membership, ego, radius, community, top_n, max_nodes,
                         size_by)
    nodes = [net.nodes[i] for i in keep.tolist()]
    edges = _view_edges(net, keep, nodes, max_edges, focus)
    if pos is None:
        pos = _layout(nodes, edges, score, seed)
    missing = [n for n in nodes if n not in pos.index]
    if missing:
        raise SchemaError(f"pos has no position for node {missing[0]!r}")
    table, legend = _node_table(net, G, keep, nodes, pos, score, category, n_papers,
                                top_n_coauthors)
    return NetworkView(
        nodes=table,
        edges=edges,
        legend=legend,
        focus="; ".join(focus),
        n_nodes_total=net.n,
        n_edges_total=net.m,
        size_by=size_by,
        labels=dict(labels or {}),
        seed=pos.attrs.get("seed", seed),
    )


# -- HTML (offline) ---------------------------------------------------------------------------
def _vendor(name: str) -> str:
    text = resources.files("graphlib_papers").joinpath("_vendor", name).read_text("utf-8")
    # a source-map comment would make developer tools fetch a file that is not shipped
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("//# sourceMappingURL"))


def _json_for_script(obj: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _view_payload(view: NetworkView) -> dict:
    nodes = view.nodes

    def cat(c: Any) -> str:
        if c is None or (not isinstance(c, str) and pd.isna(c)):
            return ""
        return str(view.labels.get(c, c))

    rows = [
        [str(n), r.name, round(float(r.x), 5), round(float(r.y), 5), round(float(r.size), 3),
         r.color, cat(r.category), None if pd.isna(r.n_papers) else int(r.n_papers),
         r.top_coauthors, None if pd.isna(r.score) else float(f"{r.score:.4g}")]
        for n, r in zip(nodes.index, nodes.itertuples(index=False), strict=True)
    ]
    e = view.edges
    edges = [
        [s, t, z, float(f"{w:.4g}")]
        for s, t, z, w in zip(
            nodes.index.get_indexer(e["source"]).tolist(),
            nodes.index.get_indexer(e["target"]).tolist(),
            np.round(e["size"].to_numpy(dtype=float), 3).tolist(),
            e["weight"].to_numpy(dtype=float).tolist(),
            strict=True,
        )
    ]
    legend = [[str(view.labels.get(c, c)), col] for c, col in view.legend.items()]
    return {"nodes": rows, "edges": edges, "legend": legend, "sizeBy": view.size_by,
            "focus": view.focus, "total": [view.n_nodes_total, view.n_edges_total]}


def network_html(view: NetworkView, *, height: int = 600, dom_id: str = "gp-network") -> str:
    """An HTML fragment drawing `view` with sigma.js, working offline.

    The graphology and sigma.js bundles shipped with this package are inlined, with
    the data and a small script: a search box (an author whose name contains the
    text is highlighted and the camera moves to them), a hover panel (papers, score,
    community, top co-authors; neighbours highlighted) and a legend. Nothing is
    fetched. After the first frame the page sets ``window.gpNetwork`` (``graph``,
    ``renderer``, ``search(text)``, ``firstRender`` in ms since navigation start).

    Parameters
    ----------
    view : NetworkView
        From :func:`network_view`.
    height : int, default 600
        Height of the drawing in CSS pixels (sigma.js needs a sized container).
    dom_id : str, default "gp-network"
        Id prefix of the elements (one view per page under one id).

    Returns
    -------
    str
        ``<div>`` and ``<script>`` elements to place in a page's body. Every data
        string is inside a JSON script block with ``<``, ``>`` and ``&`` escaped.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 1.0})])
    >>> fragment = network_html(network_view(G))
    >>> "http" in fragment.split("<script")[0], fragment.count("<script")
    (False, 4)
    """
    esc = html.escape
    did = esc(dom_id)
    payload = _json_for_script(_view_payload(view))
    shown = (
        f"{len(view.nodes)} of {view.n_nodes_total} authors and {len(view.edges)} of "
        f"{view.n_edges_total} links ({view.focus})"
        if view.focus
        else f"{len(view.nodes)} authors and {len(view.edges)} links"
    )
    libs = "".join(f"<script>{_vendor(name)}</script>" for name in _VENDOR)
    return (
        f"<style>{_CSS}</style>"
        f'<div class="gp-net" id="{did}">'
        f'<div class="gp-net-bar"><input type="search" id="{did}-search" '
        f'placeholder="Search an author…" aria-label="Search an author" list="{did}-names"/>'
        f'<datalist id="{did}-names"></datalist>'
        f'<span id="{did}-status" class="gp-net-status">{esc(shown)}</span></div>'
        f'<div id="{did}-canvas" class="gp-net-canvas" style="height:{int(height)}px"></div>'
        f'<div id="{did}-info" class="gp-net-info">Hover an author for details; scroll to '
        "zoom, drag to move.</div>"
        f'<ul id="{did}-legend" class="gp-net-legend"></ul></div>'
        f'<script type="application/json" id="{did}-data">{payload}</script>'
        f"{libs}<script>{_INIT_JS.replace('__ID__', json.dumps(dom_id))}</script>"
    )


#: Hand-written set-up of the sigma.js view (search, hover, legend); no fetch anywhere.
_INIT_JS = r"""
(function () {
  var id = __ID__;
  var el = function (s) { return document.getElementById(id + s); };
  var data = JSON.parse(el("-data").textContent);
  var graph = new graphology.UndirectedGraph();
  data.nodes.forEach(function (n) {
    graph.addNode(n[0], {label: n[1], x: n[2], y: n[3], size: n[4], color: n[5],
                         category: n[6], papers: n[7], coauthors: n[8], score: n[9]});
  });
  data.edges.forEach(function (e) {
    graph.addEdge(data.nodes[e[0]][0], data.nodes[e[1]][0],
                  {size: e[2], weight: e[3], color: "#c8c8c8"});
  });
  var names = el("-names");
  var sorted = data.nodes.map(function (n) { return n[1]; }).sort();
  sorted.forEach(function (name) {
    var o = document.createElement("option"); o.value = name; names.appendChild(o);
  });
  var legend = el("-legend");
  data.legend.forEach(function (item) {
    var li = document.createElement("li"); var sw = document.createElement("span");
    sw.className = "gp-swatch"; sw.style.background = item[1];
    li.appendChild(sw); li.appendChild(document.createTextNode(item[0]));
    legend.appendChild(li);
  });
  var state = {matches: null, hovered: null, neighbours: null};
  var api = {graph: graph, renderer: null, state: state, firstRender: null};
  function nodeReducer(node, attrs) {
    var res = Object.assign({}, attrs);
    if (state.hovered) {
      if (node === state.hovered || state.neighbours.has(node)) { res.highlighted = true; }
      else { res.color = "#e6e6e6"; res.label = ""; }
    } else if (state.matches) {
      if (state.matches.has(node)) {
        res.highlighted = true; res.forceLabel = true; res.zIndex = 1;
      }
      else { res.color = "#e6e6e6"; res.label = ""; }
    }
    return res;
  }
  function edgeReducer(edge, attrs) {
    var res = Object.assign({}, attrs);
    if (state.hovered) {
      var ends = graph.extremities(edge);
      if (ends.indexOf(state.hovered) < 0) { res.hidden = true; } else { res.color = "#888"; }
    } else if (state.matches) { res.color = "#efefef"; }
    return res;
  }
  function describe(node) {
    var a = graph.getNodeAttributes(node);
    var parts = [a.label];
    if (a.papers !== null) { parts.push(a.papers + (a.papers === 1 ? " paper" : " papers")); }
    if (a.score !== null) { parts.push(data.sizeBy + " " + a.score); }
    if (a.category) { parts.push(a.category); }
    if (a.coauthors) { parts.push("top co-authors: " + a.coauthors); }
    return parts.join(" · ");
  }
  function search(text) {
    var q = (text || "").trim().toLowerCase();
    var status = el("-status");
    if (q.length < 2) {
      state.matches = null; status.textContent = status.dataset.all;
      if (api.renderer) {
        api.renderer.refresh(); api.renderer.getCamera().animatedReset({duration: 300});
      }
      return [];
    }
    var found = [];
    graph.forEachNode(function (node, a) {
      if (a.label.toLowerCase().indexOf(q) >= 0) { found.push(node); }
    });
    var exact = found.filter(function (n) {
      return graph.getNodeAttribute(n, "label").toLowerCase() === q;
    });
    var best = exact.length ? exact : found;
    state.matches = new Set(best);
    status.textContent = best.length === 0 ? "no author matches" :
      best.length === 1 ? "found: " + graph.getNodeAttribute(best[0], "label") :
      best.length + " authors match";
    if (best.length === 1) { el("-info").textContent = describe(best[0]); }
    if (api.renderer) {
      api.renderer.refresh();
      if (best.length === 1) {
        var p = api.renderer.getNodeDisplayData(best[0]);
        api.renderer.getCamera().animate({x: p.x, y: p.y, ratio: 0.35}, {duration: 400});
      }
    }
    return best;
  }
  api.search = search;
  el("-status").dataset.all = el("-status").textContent;
  el("-search").addEventListener("input", function (ev) { search(ev.target.value); });
  try {
    var renderer = new Sigma(graph, el("-canvas"), {
      nodeReducer: nodeReducer, edgeReducer: edgeReducer, zIndex: true,
      labelRenderedSizeThreshold: 7, labelDensity: 0.5, minCameraRatio: 0.02,
      maxCameraRatio: 4, hideEdgesOnMove: graph.size > 20000
    });
    api.renderer = renderer;
    api.firstRender = performance.now();  // sigma draws its first frame in the constructor
    renderer.on("enterNode", function (ev) {
      state.hovered = ev.node; state.neighbours = new Set(graph.neighbors(ev.node));
      el("-info").textContent = describe(ev.node); renderer.refresh();
    });
    renderer.on("leaveNode", function () {
      state.hovered = null; state.neighbours = null; renderer.refresh();
    });
  } catch (err) {
    el("-canvas").textContent = "This browser cannot draw the interactive view (" + err.message +
      "); the static figure shows the same network.";
    api.error = String(err.message);
  }
  window.gpNetwork = api;
})();
"""

_CSS = """
.gp-net{border:1px solid #ddd;margin:.5em 0 1em}
.gp-net-bar{display:flex;gap:1em;align-items:center;padding:.4em .6em;background:#f3f6f9}
.gp-net-bar input{flex:0 0 18em;font:inherit;padding:.2em .4em}
.gp-net-status{color:#555;font-size:.9em}
.gp-net-canvas{width:100%;background:#fff}
.gp-net-info{font-size:.9em;padding:.3em .6em;border-top:1px solid #eee;min-height:1.4em}
.gp-net-legend{list-style:none;margin:0;padding:.3em .6em;font-size:.85em;columns:2}
.gp-swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em}
"""


# -- Jupyter ---------------------------------------------------------------------------------
def explore(
    network: Any,
    *,
    communities: Any = None,
    color: Any = None,
    size: Any = None,
    top_n: int | None = None,
    community: Any = None,
    ego: Any = None,
    radius: int = 1,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    layout: str | pd.DataFrame = "forceatlas2",
    seed: int | None = None,
    height: int = 600,
    labels: Mapping | None = None,
    n_papers: Any = None,
    **sigma_kwargs: Any,
):
    """An interactive view of a co-author network in Jupyter (an ipysigma widget).

    Nodes are labelled by name, coloured by community (or `color`, e.g. each author's
    lab), sized by a centrality score; edges are as thick as their weight. The widget
    has a search box (by author name) and an information panel showing, for the
    hovered or selected author, the papers count, score, category and top co-authors.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network in either form.
    communities, color, size, top_n, community, ego, radius, max_nodes, max_edges, labels
        As in :func:`network_view`: what to show and how to focus a large network
        (the `top_n` by `size`, one `community`, the `ego` network of an author).
        At most `max_nodes` authors are sent to the browser.
    n_papers : Series or mapping, optional
        Papers per author for the hover panel, as in :func:`network_view`.
    layout : {"forceatlas2", "spring"} or DataFrame, default "forceatlas2"
        "forceatlas2" runs ForceAtlas2 in the browser (a few seconds, then it stops;
        the widget's button restarts it) from the library's layout; "spring" keeps
        :func:`graphlib_papers.plotting.network_layout`'s positions (the same as the
        static figures); a DataFrame gives positions (``x``, ``y`` by node).
    seed : int or None, default None
        Seed of the library's layout; None draws one.
    height : int, default 600
        Height in pixels (the widget is blank without one).
    **sigma_kwargs
        Passed to :class:`ipysigma.Sigma`.

    Returns
    -------
    ipysigma.Sigma
        The widget; display it as a cell's last value.

    Raises
    ------
    MissingDependency
        If ipysigma is not installed (``pip install 'graphlib-papers[explore]'``).

    See Also
    --------
    network_view, network_html

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> G = gp.coauthor_graph(gp.load_seeds())
    >>> widget = gp.explore(G, communities=gp.find_communities(G, seed=0),
    ...                     top_n=50)  # doctest: +SKIP
    """
    try:
        from ipysigma import Sigma
    except ImportError:
        raise MissingDependency("ipysigma", extra="explore") from None
    pos = layout if isinstance(layout, pd.DataFrame) else None
    if pos is None and layout not in ("forceatlas2", "spring"):
        raise SchemaError(f"layout must be 'forceatlas2', 'spring' or a DataFrame, not {layout!r}")
    view = network_view(
        network, communities=communities, color=color, size=size, top_n=top_n,
        community=community, ego=ego, radius=radius, max_nodes=max_nodes, max_edges=max_edges,
        pos=pos, seed=seed, labels=labels, n_papers=n_papers,
    )
    H = nx.Graph()
    for n, r in view.nodes.iterrows():
        cat = r["category"]
        attrs = {
            "label": r["name"],
            "papers": None if pd.isna(r["n_papers"]) else int(r["n_papers"]),
            view.size_by: None if pd.isna(r["score"]) else float(r["score"]),
            "top_coauthors": r["top_coauthors"],
        }
        if cat is not None and not (not isinstance(cat, str) and pd.isna(cat)):
            attrs["category"] = str(view.labels.get(cat, cat))
        H.add_node(n, **attrs)
    H.add_weighted_edges_from(view.edges[["source", "target", "weight"]].itertuples(
        index=False, name=None))
    palette = {str(view.labels.get(c, c)): col for c, col in view.legend.items()}
    options: dict[str, Any] = {
        "height": int(height),
        "node_size": view.size_by,
        "node_size_range": _SIZE_RANGE,
        "edge_size": "weight",
        "edge_size_range": _EDGE_RANGE,
        "layout": {n: {"x": float(r.x), "y": float(r.y)} for n, r in view.nodes.iterrows()},
    }
    if palette:
        options["node_color"] = "category"
        options["node_color_palette"] = palette
    if pos is None and layout == "forceatlas2":
        options["start_layout"] = 5
    options.update(sigma_kwargs)
    if any(v is None for v in nx.get_node_attributes(H, view.size_by).values()):
        for n in H:
            if H.nodes[n][view.size_by] is None:
                H.nodes[n][view.size_by] = 0.0
    return Sigma(H, **options)
