"""Author centrality on a co-author graph: one call, one table indexed by ``author_id``."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import GraphlibPapersError

__all__ = ["author_centrality", "CENTRALITY_MEASURES", "LargeGraphWarning", "EXACT_PATH_LIMIT"]

#: Measures understood by :func:`author_centrality`, in their default order.
CENTRALITY_MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank")

#: Above this many nodes, exact all-pairs shortest-path measures warn (see LargeGraphWarning).
EXACT_PATH_LIMIT = 5000

_DIST = "__graphlib_papers_distance__"


class LargeGraphWarning(UserWarning):
    """An exact computation was requested on a graph large enough to take hours.

    Exact betweenness and closeness visit every pair of nodes (Brandes' algorithm is
    O(nm)); above :data:`EXACT_PATH_LIMIT` nodes pass ``k=`` to sample pivots, or
    drop those measures. Silence it with ``warnings.filterwarnings("ignore",
    category=gp.LargeGraphWarning)`` when the wait is intended.
    """


# -- helpers shared by the analysis modules --------------------------------------------------


def _sort_key(node: Hashable):
    return (type(node).__name__, node) if isinstance(node, int | float | str) else (
        type(node).__name__,
        repr(node),
    )


def _sorted_nodes(nodes: Iterable[Hashable]) -> list:
    nodes = list(nodes)
    try:
        return sorted(nodes)
    except TypeError:
        return sorted(nodes, key=_sort_key)


def _check_graph(G) -> None:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"expected a networkx Graph, not {type(G).__name__}")
    if G.is_directed():
        raise GraphlibPapersError(
            "co-authorship is symmetric: pass an undirected graph (G.to_undirected())"
        )
    if G.is_multigraph():
        raise GraphlibPapersError(
            "multigraphs are not supported: collapse parallel edges into a weight first"
        )


def _canonical(G: nx.Graph, weight: str | None = "weight") -> nx.Graph:
    """A copy of `G` with sorted nodes and sorted edges, keeping only what analyses need.

    Node attributes are kept; each edge keeps ``weight`` (1 when absent or when
    `weight` is None) and gets the distance ``1/weight`` used by path measures.
    """
    _check_graph(G)
    order = _sorted_nodes(G.nodes)
    rank = {n: i for i, n in enumerate(order)}
    H = nx.Graph()
    H.add_nodes_from((n, G.nodes[n]) for n in order)
    edges = []
    for u, v, d in G.edges(data=True):
        if rank[u] > rank[v]:
            u, v = v, u
        w = 1.0 if weight is None else d.get(weight, 1.0)
        try:
            w = float(w)
        except (TypeError, ValueError):
            raise GraphlibPapersError(
                f"edge ({u!r}, {v!r}) has a non-numeric {weight!r} attribute: {w!r}"
            ) from None
        if not np.isfinite(w) or w < 0:
            raise GraphlibPapersError(
                f"edge ({u!r}, {v!r}) has weight {w!r}; weights must be finite and >= 0"
            )
        edges.append((rank[u], rank[v], u, v, w))
    edges.sort(key=lambda e: (e[0], e[1]))
    H.add_edges_from(
        (u, v, {"weight": w, _DIST: (1.0 / w) if w > 0 else np.inf}) for _, _, u, v, w in edges
    )
    return H


def _draw_seed(seed: int | None) -> int:
    """The seed given, or a fresh one from OS entropy (global random state untouched)."""
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None, not {type(seed).__name__}")
    return int(seed)


def _names(H: nx.Graph) -> list[str]:
    return [str(H.nodes[n].get("name", n)) for n in H.nodes]


def _index(H: nx.Graph) -> pd.Index:
    return pd.Index(list(H.nodes), name="author_id", dtype=object)


def _warn_large(n: int, what: str, stacklevel: int = 3) -> None:
    warnings.warn(
        f"exact {what} on {n:,} nodes (> {EXACT_PATH_LIMIT:,}) may take hours; "
        "pass k= to sample pivots for betweenness, or leave this measure out",
        LargeGraphWarning,
        stacklevel=stacklevel,
    )


# -- the public function ----------------------------------------------------------------------


def author_centrality(
    G: nx.Graph,
    measures: Sequence[str] | str = CENTRALITY_MEASURES,
    *,
    weight: str | None = "weight",
    k: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Centrality of every author in a co-author graph, one column per measure.

    Parameters
    ----------
    G : networkx.Graph
        Undirected co-author graph (nodes are ``author_id`` with a ``name``
        attribute, as built by :func:`graphlib_papers.coauthor_graph`).
    measures : sequence of str or str
        Any of ``"degree"`` (number of distinct co-authors), ``"strength"``
        (sum of edge weights), ``"betweenness"``, ``"closeness"``,
        ``"eigenvector"``, ``"pagerank"``.
    weight : str or None
        Edge attribute holding the tie strength; None treats every edge as 1.
    k : int, optional
        Sample `k` pivots for approximate betweenness (Brandes & Pich 2007);
        None computes it exactly.
    seed : int, optional
        Seed for the pivot sample when `k` is given; None draws one. The seed used
        is recorded in ``df.attrs["seed"]`` (None when nothing was random).

    Returns
    -------
    DataFrame
        Indexed by ``author_id`` in sorted order, with ``name`` and one float
        column per measure (``degree`` and ``strength`` as given by the graph).
        An empty graph gives an empty table with the same columns.

    Raises
    ------
    ValueError
        For an unknown measure or a `k` larger than the number of nodes.
    TypeError
        If `G` is not a networkx graph.
    GraphlibPapersError
        For directed graphs, multigraphs, or negative or non-numeric weights.

    Warns
    -----
    LargeGraphWarning
        Exact betweenness (``k=None``) or closeness on more than
        :data:`EXACT_PATH_LIMIT` nodes.

    Notes
    -----
    Shortest-path measures (betweenness, closeness) read a strong tie as a short
    distance: distance = 1/weight (Newman 2001b). With ``weight=None`` they count hops.
    Betweenness is Brandes' (2001) algorithm, normalised by 2/((n-1)(n-2)).
    Closeness on a disconnected graph follows Wasserman & Faust (1994): the
    closeness within the author's component times the share of the graph that
    component reaches, so isolated authors score 0.
    Eigenvector centrality (Bonacich 1972) is computed by power iteration on
    A + I, which converges on bipartite and disconnected graphs; when it still
    does not converge within 1000 iterations the dense eigenvector of the largest
    eigenvalue is used instead (``eigenvector_centrality_numpy``); on a disconnected
    graph the authors outside the component with the largest eigenvalue score
    (close to) 0. An edgeless graph gives every author ``1/sqrt(n)``.
    PageRank (Brin & Page 1998) uses damping 0.85 and the edge weights.
    The graph is canonicalised (sorted nodes and edges) first, so the pivot
    sample, and hence the result, depends only on the seed.

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality",
       J. Math. Sociol. 25(2):163-177, 2001.
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks",
       Int. J. Bifurcation and Chaos 17(7):2303-2318, 2007.
    .. [3] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132, 2001.
    .. [4] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge UP, 1994.
    .. [5] P. Bonacich, "Factoring and weighting approaches to status scores and
       clique identification", J. Math. Sociol. 2(1):113-120, 1972.
    .. [6] S. Brin and L. Page, "The anatomy of a large-scale hypertextual Web
       search engine", Computer Networks 30:107-117, 1998.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a:ada", {"name": "Ada"}), ("a:bob", {"name": "Bob"}),
    ...                   ("a:cy", {"name": "Cy"})])
    >>> G.add_edges_from([("a:ada", "a:bob", {"weight": 2.0}), ("a:bob", "a:cy", {"weight": 1.0})])
    >>> df = author_centrality(G, ["degree", "strength", "betweenness"])
    >>> df
              name  degree  strength  betweenness
    author_id
    a:ada      Ada     1.0       2.0          0.0
    a:bob      Bob     2.0       3.0          1.0
    a:cy        Cy     1.0       1.0          0.0
    >>> df["betweenness"].idxmax()
    'a:bob'
    """
    if isinstance(measures, str):
        measures = (measures,)
    measures = list(dict.fromkeys(measures))
    unknown = [m for m in measures if m not in CENTRALITY_MEASURES]
    if unknown:
        raise ValueError(
            f"unknown centrality measure(s) {unknown}; choose from {list(CENTRALITY_MEASURES)}"
        )
    H = _canonical(G, weight)
    n = H.number_of_nodes()
    used_seed = None
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise ValueError(f"k must be a positive int, not {k!r}")
        if k > n:
            raise ValueError(f"k={k} pivots requested but the graph has {n} nodes")
    df = pd.DataFrame({"name": np.array(_names(H), dtype=object)}, index=_index(H))
    for m in measures:
        df[m] = pd.Series(dtype=float)
    if n == 0:
        df.attrs["seed"] = None
        return df
    dist = _DIST if weight is not None else None
    w = "weight" if weight is not None else None
    for m in measures:
        if m == "degree":
            vals = dict(H.degree())
        elif m == "strength":
            vals = dict(H.degree(weight=w))
        elif m == "betweenness":
            if k is None:
                if n > EXACT_PATH_LIMIT:
                    _warn_large(n, "betweenness")
                vals = nx.betweenness_centrality(H, weight=dist)
            else:
                used_seed = _draw_seed(seed)
                vals = nx.betweenness_centrality(H, k=int(k), weight=dist, seed=used_seed)
        elif m == "closeness":
            if n > EXACT_PATH_LIMIT:
                _warn_large(n, "closeness")
            vals = nx.closeness_centrality(H, distance=dist)
        elif m == "eigenvector":
            vals = _eigenvector(H, w)
        else:  # pagerank
            vals = nx.pagerank(H, weight=w) if H.number_of_edges() else {u: 1 / n for u in H}
        df[m] = pd.Series(vals, dtype=float).reindex(df.index)
    df.attrs["seed"] = used_seed
    return df


def _eigenvector(H: nx.Graph, weight: str | None) -> dict:
    n = H.number_of_nodes()
    if H.number_of_edges() == 0 or H.size(weight=weight) == 0:
        return {u: 1 / np.sqrt(n) for u in H}
    try:
        return nx.eigenvector_centrality(H, max_iter=1000, weight=weight)
    except nx.PowerIterationFailedConvergence:
        vals = nx.eigenvector_centrality_numpy(H, weight=weight)
        return {u: abs(v) for u, v in vals.items()}
