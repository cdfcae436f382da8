"""Author centrality on a co-author graph: one call, one table indexed by ``author_id``."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

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
    return (
        (type(node).__name__, node)
        if isinstance(node, int | float | str)
        else (
            type(node).__name__,
            repr(node),
        )
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


def _canonical_arrays(
    G: nx.Graph, weight: str | None = "weight"
) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """Sorted nodes and the edges as integer arrays (u <= v), sorted by (u, v), with weights.

    Weights are 1 when absent or when `weight` is None; they must be finite and >= 0.
    """
    _check_graph(G)
    order = _sorted_nodes(G.nodes)
    rank = {n: i for i, n in enumerate(order)}
    m = G.number_of_edges()
    u = np.fromiter((rank[a] for a, _ in G.edges()), dtype=np.int64, count=m)
    v = np.fromiter((rank[b] for _, b in G.edges()), dtype=np.int64, count=m)
    if weight is None:
        w = np.ones(m)
    else:
        raw = [d for _, _, d in G.edges(data=weight, default=1.0)]
        try:
            w = np.asarray(raw, dtype=float).reshape(m)
        except (TypeError, ValueError):
            bad = next(x for x in raw if not isinstance(x, int | float | np.number))
            raise GraphlibPapersError(
                f"edge attribute {weight!r} must be numeric, found {bad!r}"
            ) from None
        badmask = ~np.isfinite(w) | (w < 0)
        if badmask.any():
            j = int(np.flatnonzero(badmask)[0])
            raise GraphlibPapersError(
                f"edge ({order[u[j]]!r}, {order[v[j]]!r}) has weight {w[j]!r}; "
                "weights must be finite and >= 0"
            )
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    perm = np.lexsort((hi, lo))
    return order, lo[perm], hi[perm], w[perm]


def _graph_from_arrays(
    G: nx.Graph, nodes: list, u, v, w, distance: bool = False, node_attrs: bool = True
) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from((n, G.nodes[n]) for n in nodes) if node_attrs else H.add_nodes_from(nodes)
    if distance:
        dist = np.divide(1.0, w, out=np.full(len(w), np.inf), where=w > 0)
        H.add_edges_from(
            (nodes[a], nodes[b], {"weight": c, _DIST: d})
            for a, b, c, d in zip(u.tolist(), v.tolist(), w.tolist(), dist.tolist(), strict=True)
        )
    else:
        H.add_weighted_edges_from(
            zip(
                [nodes[a] for a in u.tolist()],
                [nodes[b] for b in v.tolist()],
                w.tolist(),
                strict=True,
            )
        )
    return H


def _canonical(G: nx.Graph, weight: str | None = "weight", distance: bool = True) -> nx.Graph:
    """A copy of `G` with sorted nodes and sorted edges, keeping only what analyses need.

    Node attributes are kept; each edge keeps ``weight`` (1 when absent or when
    `weight` is None) and, with `distance`, gets the distance ``1/weight`` used by
    path measures.
    """
    nodes, u, v, w = _canonical_arrays(G, weight)
    return _graph_from_arrays(G, nodes, u, v, w, distance)


def _draw_seed(seed: int | None) -> int:
    """The seed given, or a fresh one from OS entropy (global random state untouched)."""
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None, not {type(seed).__name__}")
    return int(seed)


def _warn_large(n: int, what: str, stacklevel: int = 3) -> None:
    warnings.warn(
        f"exact {what} on {n:,} nodes (> {EXACT_PATH_LIMIT:,}) may take hours; "
        "pass k= to sample pivots for betweenness, or leave this measure out",
        LargeGraphWarning,
        stacklevel=stacklevel,
    )


# -- the public function ----------------------------------------------------------------------


def _check_measures(measures, allowed: Sequence[str], what: str, hint: str = "") -> list[str]:
    """`measures` (a name or names) as a list without repeats; ValueError for unknown ones."""
    if isinstance(measures, str):
        measures = (measures,)
    measures = list(dict.fromkeys(measures))
    unknown = [m for m in measures if m not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; choose from {list(allowed)}{hint}")
    return measures


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
    measures = _check_measures(measures, CENTRALITY_MEASURES, "centrality measure(s)")
    nodes, u, v, wts = _canonical_arrays(G, weight)
    n = len(nodes)
    used_seed = None
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise ValueError(f"k must be a positive int, not {k!r}")
        if k > n:
            raise ValueError(f"k={k} pivots requested but the graph has {n} nodes")
    names = [str(G.nodes[x].get("name", x)) for x in nodes]
    df = pd.DataFrame(
        {"name": np.array(names, dtype=object)},
        index=pd.Index(nodes, name="author_id", dtype=object),
    )
    for m in measures:
        df[m] = pd.Series(dtype=float)
    if n == 0:
        df.attrs["seed"] = None
        return df
    H = None
    if {"betweenness", "closeness", "pagerank"} & set(measures):
        H = _graph_from_arrays(G, nodes, u, v, wts, distance=True, node_attrs=False)
    dist = _DIST if weight is not None else None
    w = "weight" if weight is not None else None
    for m in measures:
        if m == "degree":  # as networkx counts it: a self-loop adds 2
            vals = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
        elif m == "strength":
            vals = np.bincount(u, wts, minlength=n) + np.bincount(v, wts, minlength=n)
        elif m == "eigenvector":
            vals = _eigenvector(n, u, v, wts)
        else:
            if m == "betweenness":
                if k is None:
                    if n > EXACT_PATH_LIMIT:
                        _warn_large(n, "betweenness")
                    d = nx.betweenness_centrality(H, weight=dist)
                else:
                    used_seed = _draw_seed(seed)
                    d = nx.betweenness_centrality(H, k=int(k), weight=dist, seed=used_seed)
            elif m == "closeness":
                if n > EXACT_PATH_LIMIT:
                    _warn_large(n, "closeness")
                d = nx.closeness_centrality(H, distance=dist)
            else:  # pagerank
                d = nx.pagerank(H, weight=w) if len(u) else dict.fromkeys(nodes, 1 / n)
            vals = np.array([d[x] for x in nodes], dtype=float)
        df[m] = np.asarray(vals, dtype=float)
    df.attrs["seed"] = used_seed
    return df


def _eigenvector(n: int, u, v, w, max_iter: int = 1000, tol: float = 1e-6) -> np.ndarray:
    """Power iteration on A + I, exactly networkx's ``eigenvector_centrality`` but sparse.

    Falls back to the leading eigenvector of A (absolute values, unit norm) when the
    iteration does not converge within `max_iter` steps.
    """
    if len(u) == 0 or w.sum() == 0:
        return np.full(n, 1 / np.sqrt(n))
    off = u != v
    A = sp.csr_matrix(
        (np.concatenate([w, w[off]]), (np.concatenate([u, v[off]]), np.concatenate([v, u[off]]))),
        shape=(n, n),
    )
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + A @ last
        norm = np.sqrt(np.sum(x * x)) or 1.0
        x = x / norm
        if np.abs(x - last).sum() < n * tol:
            return x
    if n < 3:
        vals, vecs = np.linalg.eigh(A.toarray())
        vec = vecs[:, -1]
    else:
        vals, vecs = spla.eigsh(A, k=1, which="LA")
        vec = vecs[:, 0]
    vec = np.abs(vec)
    return vec / np.linalg.norm(vec)
