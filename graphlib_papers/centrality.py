"""Author centrality on the co-author network: one call, one table indexed by ``author_id``."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ._check import check_count, check_measures, draw_seed
from ._network import as_net
from ._paths import PATH_BUDGET, path_measures, plan
from .exceptions import ConvergenceError, LargeGraphWarning, OptionError

__all__ = [
    "author_centrality",
    "CENTRALITY_MEASURES",
    "EXACT_PATH_LIMIT",
    "PATH_BUDGET",
]

#: Measures understood by :func:`author_centrality`, in their default order.
CENTRALITY_MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank")

#: Above this many authors, exact shortest-path measures forced with ``budget=None`` warn.
EXACT_PATH_LIMIT = 5000


def author_centrality(
    network: Any,
    measures: Sequence[str] | str = CENTRALITY_MEASURES,
    *,
    weight: str | None = "weight",
    k: int | None = None,
    budget: float | None = PATH_BUDGET,
    seed: int | None = None,
) -> pd.DataFrame:
    """Centrality of every author in the co-author network, one column per measure.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network: a networkx Graph (nodes are ``author_id`` with a
        ``name`` attribute, as built by :func:`graphlib_papers.coauthor_graph`) or the
        matrix form returned by :func:`graphlib_papers.coauthor_matrix`. Both give
        the same table.
    measures : sequence of str or str
        Any of ``"degree"`` (number of distinct co-authors), ``"strength"``
        (sum of link weights), ``"betweenness"``, ``"closeness"``,
        ``"eigenvector"``, ``"pagerank"``.
    weight : str or None
        Edge attribute of a Graph holding the tie strength (the matrix form uses its
        entries); None treats every link as 1.
    k : int, optional
        Pivots for the shortest-path measures (betweenness, closeness). None chooses:
        exact when the work fits `budget`, otherwise ``max(16, budget // (m + n))``
        pivots. An int samples `k` pivots in every connected component with more than
        `k` authors; smaller components are always exact.
    budget : float or None, default :data:`PATH_BUDGET`
        Work allowed for exact shortest-path measures, in single-source searches ×
        (links + authors). None computes them exactly whatever the size.
    seed : int, optional
        Seed of the pivot sample; None draws one. Recorded in ``df.attrs["seed"]``
        (None when nothing was sampled).

    Returns
    -------
    DataFrame
        Indexed by ``author_id`` (sorted for a Graph, the matrix's order for the
        matrix form), with ``name`` and one float column per measure. When
        betweenness or closeness is estimated, ``betweenness_stderr`` /
        ``closeness_stderr`` give the standard error of each estimate (0 for authors
        computed exactly). ``df.attrs`` records ``seed``, ``exact`` (measure → bool),
        ``pivots`` (per sampled component, or None) and ``budget``. An empty network
        gives an empty table with the same columns.

    Raises
    ------
    ValueError
        For an unknown measure or a bad `k` / `budget`.
    TypeError
        If `network` is neither a Graph nor the matrix form.
    GraphInputError
        For directed graphs, multigraphs, an asymmetric matrix, or negative or
        non-numeric weights (also a ValueError).

    Warns
    -----
    LargeGraphWarning
        Exact shortest-path measures forced (``budget=None``) on more than
        :data:`EXACT_PATH_LIMIT` authors.

    Notes
    -----
    Exact: degree, strength, eigenvector and PageRank always (sparse arithmetic,
    O(n + m) per iteration); betweenness and closeness when the work
    n (m + n) fits `budget`. Beyond it they are estimated from random pivots and the
    standard errors are returned beside them; nothing switches silently.

    Shortest-path measures read a strong tie as a short distance: distance = 1/weight
    (Newman 2001b); with ``weight=None`` they count hops. Betweenness is Brandes' (2001)
    algorithm in igraph's C code, normalised by 2/((n-1)(n-2)); the estimate scales the
    dependencies of `k` pivots drawn without replacement by r/k within a component of r
    authors (Brandes & Pich 2007), with standard error r sqrt((1 - k/r)/k) sd(delta), the
    finite-population correction making it 0 when every author is a pivot; sd(delta) is
    estimated from the means of eight batches of pivots (each batch one call of igraph's C
    code). It is good for authors whose betweenness is spread over many sources (those a
    ranking is about) and too small for a cut vertex that holds a few pendant authors.
    Closeness follows Wasserman & Faust (1994): the closeness within the author's component
    times the share of the graph that component reaches, so isolated authors score 0; the
    estimate takes each author's mean distance to the pivots (Eppstein & Wang 2004), pivots
    themselves being exact, with its delta-method standard error. Eigenvector centrality
    (Bonacich 1972) is computed by power iteration on A + I, which converges on bipartite
    and disconnected graphs; when it does not converge within 1000 iterations the leading
    eigenvector is used instead. An edgeless graph gives every author ``1/sqrt(n)``.
    PageRank (Brin & Page 1998) uses damping 0.85, the link weights and a uniform jump from
    authors without links, iterated to an L1 change below n·1e-12, as
    :func:`networkx.pagerank` defines it.

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality",
       J. Math. Sociol. 25(2):163-177, 2001.
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks",
       Int. J. Bifurcation and Chaos 17(7):2303-2318, 2007.
    .. [3] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132, 2001.
    .. [4] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge UP, 1994.
    .. [5] D. Eppstein and J. Wang, "Fast approximation of centrality", J. Graph
       Algorithms Appl. 8(1):39-45, 2004.
    .. [6] P. Bonacich, "Factoring and weighting approaches to status scores and
       clique identification", J. Math. Sociol. 2(1):113-120, 1972.
    .. [7] S. Brin and L. Page, "The anatomy of a large-scale hypertextual Web
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
    >>> df.attrs["exact"]["betweenness"]
    True

    The matrix form gives the same table:

    >>> import graphlib_papers as gp
    >>> seeds = gp.load_seeds()
    >>> a = author_centrality(gp.coauthor_graph(seeds))
    >>> b = author_centrality(gp.coauthor_matrix(seeds))
    >>> cols = list(CENTRALITY_MEASURES)
    >>> bool(((a[cols] - b[cols]).abs() < 1e-9).all().all())
    True

    A small pivot sample gives estimates and their standard errors:

    >>> est = author_centrality(gp.coauthor_matrix(seeds), ["betweenness"], k=40, seed=1)
    >>> est.attrs["exact"], est.attrs["pivots"], est.attrs["seed"]
    ({'betweenness': False}, 40, 1)
    >>> "betweenness_stderr" in est
    True
    """
    measures = check_measures(measures, CENTRALITY_MEASURES, "centrality measure(s)")
    k = check_count(k, "k", minimum=2)
    if budget is not None and not (isinstance(budget, int | float) and budget > 0):
        raise OptionError(f"budget must be a positive number or None, not {budget!r}")
    net = as_net(network, weight)
    n = net.n
    df = pd.DataFrame({"name": net.names}, index=net.index)
    for m in measures:
        df[m] = pd.Series(dtype=float)
    exact = dict.fromkeys(measures, True)
    df.attrs.update({"seed": None, "exact": exact, "pivots": None, "budget": budget})
    if n == 0:
        return df
    paths = [m for m in ("betweenness", "closeness") if m in measures]
    res = None
    if paths:
        if budget is None and k is None and n > EXACT_PATH_LIMIT:
            warnings.warn(
                f"exact {' and '.join(paths)} on {n:,} authors (> {EXACT_PATH_LIMIT:,}) may "
                "take hours; leave budget at its default to sample pivots",
                LargeGraphWarning,
                stacklevel=2,
            )
        pl = plan(net, k, budget)
        rng = None
        if not pl.exact:
            used_seed = draw_seed(seed)
            rng = np.random.default_rng(used_seed)
            df.attrs["seed"] = used_seed
            df.attrs["pivots"] = pl.k
            for m in paths:
                exact[m] = False
        res = path_measures(
            net,
            betweenness="betweenness" in measures,
            closeness="closeness" in measures,
            weighted=weight is not None,
            pl=pl,
            rng=rng,
        )
    for m in measures:
        if m == "degree":
            vals = net.degree()
        elif m == "strength":
            vals = net.strength()
        elif m == "eigenvector":
            vals = _eigenvector(n, net.u, net.v, net.w)
        elif m == "pagerank":
            vals = _pagerank(net.adjacency())
        elif m == "betweenness":
            norm = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
            vals = res.betweenness * norm
            if not exact[m]:
                df["betweenness_stderr"] = res.betweenness_se * norm
        else:  # closeness
            vals = res.closeness
            if not exact[m]:
                df["closeness_stderr"] = res.closeness_se
        df[m] = np.asarray(vals, dtype=float)
    if "betweenness_stderr" in df or "closeness_stderr" in df:  # errors beside their measure
        cols = ["name"]
        for m in measures:
            cols.append(m)
            if f"{m}_stderr" in df:
                cols.append(f"{m}_stderr")
        df = df[cols]
    return df


def _pagerank(A: sp.csr_matrix, alpha: float = 0.85, tol: float = 1e-12,
              max_iter: int = 10_000) -> np.ndarray:
    """Power iteration of :func:`networkx.pagerank` (uniform jump and dangling mass)."""
    n = A.shape[0]
    s = np.asarray(A.sum(axis=1)).ravel()
    dangling = s == 0
    inv = np.zeros(n)
    inv[~dangling] = 1.0 / s[~dangling]
    PT = (sp.diags(inv) @ A).T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (PT @ last + last[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return x
    raise ConvergenceError(  # pragma: no cover - a stochastic matrix converges
        f"PageRank did not converge within {max_iter} iterations"
    )

def _eigenvector(n: int, u, v, w, max_iter: int = 1000, tol: float = 1e-13) -> np.ndarray:
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
