"""Analysis at scale, straight from the sparse co-author matrix.

:func:`graphlib_papers.coauthor_matrix` gives a CSR matrix and its author index in
seconds for 10^6 papers; a networkx Graph of the same links costs minutes and more
than 10 GB. The functions here never build one:

* :func:`leiden_from_matrix`: Leiden communities through igraph (optional extra
  ``leiden``), from the upper triangle of the matrix;
* :func:`matrix_centrality`: degree, strength and PageRank with sparse arithmetic;
* :func:`sampled_betweenness`: betweenness estimated from `k` random pivots, with its
  standard error.

Their results match the networkx-based front doors (:func:`find_communities`,
:func:`author_centrality`) on small graphs, so a notebook can move from one to the
other when the corpus grows.
"""

from __future__ import annotations

import itertools
import random
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .exceptions import EmptyGraphError, GraphlibPapersError, MissingDependency

__all__ = ["leiden_from_matrix", "matrix_centrality", "sampled_betweenness", "MATRIX_MEASURES"]

#: Links (upper-triangle entries) from which :func:`leiden_from_matrix` renumbers authors
#: in reverse Cuthill–McKee order by default.
REORDER_LINKS = 1_000_000

#: Measures computed by :func:`matrix_centrality`.
MATRIX_MEASURES = ("degree", "strength", "pagerank")


# -- input -----------------------------------------------------------------------------
def _check_matrix(matrix: Any, index: Any) -> tuple[sp.csr_matrix, pd.Index]:
    """A square, symmetric, non-negative CSR matrix and an author index of its size."""
    if isinstance(matrix, tuple) and len(matrix) == 2 and index is None:
        matrix, index = matrix
    if not sp.issparse(matrix):
        raise TypeError(
            "expected a scipy.sparse matrix (as returned by gp.coauthor_matrix), "
            f"not {type(matrix).__name__}"
        )
    # no copy of a float64 CSR matrix (10^7 links weigh 10^8 bytes): canonicalised in place
    M = matrix.tocsr()
    if M.dtype != np.float64:
        M = M.astype(np.float64)
    n, m = M.shape
    if n != m:
        raise GraphlibPapersError(f"the co-author matrix must be square, not {n}×{m}")
    if index is None:
        index = pd.RangeIndex(n, name="author_id")
    else:
        index = pd.Index(index, name="author_id")
        if len(index) != n:
            raise GraphlibPapersError(
                f"the index has {len(index)} labels for a matrix of {n} rows"
            )
    M.sum_duplicates()
    if M.nnz and (not np.isfinite(M.data).all() or (M.data < 0).any()):
        raise GraphlibPapersError("co-author weights must be finite and non-negative")
    M.eliminate_zeros()
    M.sort_indices()
    T = M.T.tocsr()
    T.sort_indices()
    same = (
        np.array_equal(M.indptr, T.indptr)
        and np.array_equal(M.indices, T.indices)
        # exact equality is the rule (a projection is symmetric by construction) and costs
        # a tenth of the tolerant comparison, which only runs when it fails
        and (
            np.array_equal(M.data, T.data)
            or np.allclose(M.data, T.data, rtol=1e-12, atol=0)
        )
    )
    if not same:
        raise GraphlibPapersError("the co-author matrix must be symmetric (an undirected graph)")
    return M, index


def _upper(M: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (u < v, w) of the upper triangle, sorted by (u, v); M has sorted indices."""
    n = M.shape[0]
    rows = np.repeat(np.arange(n, dtype=M.indices.dtype), np.diff(M.indptr))
    keep = M.indices > rows
    u = rows[keep]
    del rows
    return u, M.indices[keep], M.data[keep]


def _draw_seed(seed: int | None) -> int:
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None, not {type(seed).__name__}")
    return int(seed)


def _igraph():
    try:
        import igraph
    except ImportError:
        raise MissingDependency("igraph", extra="leiden") from None
    return igraph


def _igraph_graph(n: int, u: np.ndarray, v: np.ndarray, **edge_attrs: np.ndarray):
    """An igraph Graph with edges (u[i], v[i]) in order, and numeric edge attributes.

    igraph reads an edge list only as Python pairs. Handing it one list of 3·10^7 pairs
    costs 4 GB of small objects and, with the garbage collector scanning them, a minute
    and a half; adding the edges in chunks re-indexes the graph each time. Here the
    pairs stream from a chain of ``zip`` iterators over chunks of ``u`` and ``v``: igraph
    releases each pair before asking for the next, so ``zip`` reuses one tuple, no pair
    list ever exists, and the graph is indexed once (3.5·10^7 links: 18 s, of which
    about 13 s is igraph's own indexing).
    """
    igraph = _igraph()
    chunk = 1 << 16
    pairs = itertools.chain.from_iterable(
        zip(u[start : start + chunk].tolist(), v[start : start + chunk].tolist(), strict=True)
        for start in range(0, len(u), chunk)
    )
    g = igraph.Graph(n=n, edges=pairs)
    for name, values in edge_attrs.items():
        g.es[name] = values  # igraph copies a numpy array without a Python list
    return g


# -- communities -------------------------------------------------------------------------
def leiden_from_matrix(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    resolution: float = 1.0,
    weighted: bool = True,
    n_iterations: int = 2,
    seed: int | None = None,
    reorder: bool | None = None,
):
    """Leiden communities of a co-author matrix, without a networkx detour.

    Parameters
    ----------
    matrix : scipy.sparse matrix, or the ``(matrix, index)`` pair of
        :func:`graphlib_papers.coauthor_matrix`
        Symmetric, non-negative link weights; the diagonal is ignored.
    index : sequence, optional
        The ``author_id`` of each row (default 0..n-1).
    resolution : float, default 1.0
        The resolution gamma of generalised modularity.
    weighted : bool, default True
        Use the weights; False counts every link as 1.
    n_iterations : int, default 2
        Leiden iterations (igraph's default); negative runs until the partition is
        stable, as :func:`graphlib_papers.find_communities` does by default. On 10^5
        synthetic papers (3·10^6 links) two iterations took a tenth of the time of
        iterating to stability, for about as many communities (1258 against 1255).
    seed : int, optional
        Seed of igraph's random generator for this call; None draws one, which is
        recorded on the result.
    reorder : bool, optional
        Number the authors in reverse Cuthill–McKee order [5]_ before handing the graph
        to igraph, so that co-authors sit close in memory. Same objective, same quality,
        about a third less time on large graphs (3.5·10^7 links: 53 s instead of 78 s);
        the partition differs from the unordered run but is still fixed by the seed.
        By default on from :data:`REORDER_LINKS` links up, where it pays for itself;
        False gives exactly :func:`graphlib_papers.find_communities`' result.

    Returns
    -------
    CommunityResult
        ``membership`` indexed by author id in index order (label 0 the largest,
        ties by smallest member), ``method="leiden"``, the parameters (with
        ``"input": "matrix"`` and the ``"order"`` the authors were handed to igraph in), the seed used and the modularity of the partition with
        the same weights and resolution (NaN without links).

    Raises
    ------
    EmptyGraphError
        If the matrix has no rows.
    GraphlibPapersError
        If the matrix is not square, symmetric and non-negative, or the index does not
        fit it.
    MissingDependency
        If python-igraph is not installed (``pip install 'graphlib-papers[leiden]'``).

    See Also
    --------
    graphlib_papers.find_communities : the same algorithm on a networkx Graph.

    Notes
    -----
    The Leiden algorithm [1]_ improves on Louvain [2]_ by refining communities so
    each is guaranteed connected; it optimises modularity [3]_ with resolution [4]_.
    Here igraph's C implementation runs on the links of the upper triangle, in
    sorted (row, column) order, so a seed alone fixes the result; igraph's generator is
    replaced by ``random.Random(seed)`` for the call and set back to its default
    afterwards. On the standard workload (10^5 synthetic papers, 3.1·10^6 links) it takes
    5.5 s, hand-over to igraph included, against 146 s for python-louvain on the networkx
    graph, with higher modularity (0.362 against 0.353); 10^6 papers (3.5·10^7 links)
    take 95–110 s on two cores. See ``benchmarks/RESULTS.md``.

    References
    ----------
    .. [1] V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden: guaranteeing
       well-connected communities", Sci. Rep. 9, 5233 (2019).
    .. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
       communities in large networks", J. Stat. Mech. P10008 (2008).
    .. [3] M. E. J. Newman, M. Girvan, "Finding and evaluating community structure in
       networks", Phys. Rev. E 69, 026113 (2004).
    .. [4] J. Reichardt, S. Bornholdt, "Statistical mechanics of community detection",
       Phys. Rev. E 74, 016110 (2006).
    .. [5] E. Cuthill, J. McKee, "Reducing the bandwidth of sparse symmetric matrices",
       Proc. 24th ACM National Conference, 157–172 (1969).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> from graphlib_papers.scale import leiden_from_matrix
    >>> seeds = gp.load_seeds()
    >>> M, index = gp.coauthor_matrix(seeds, weighting="newman")
    >>> res = leiden_from_matrix(M, index, seed=0)
    >>> res.method, res.seed, res.membership.index.equals(index)
    ('leiden', 0, True)
    >>> res == leiden_from_matrix(M, index, seed=0)
    True
    >>> 0.5 < res.modularity < 1
    True
    """
    from .communities import CommunityResult, _modularity_arrays, _relabel

    M, index = _check_matrix(matrix, index)
    n = M.shape[0]
    if n == 0:
        raise EmptyGraphError("the co-author matrix has no authors; nothing to cluster")
    if isinstance(n_iterations, bool) or not isinstance(n_iterations, int | np.integer):
        raise ValueError(f"n_iterations must be an int, not {n_iterations!r}")
    if not resolution > 0:
        raise ValueError(f"resolution must be > 0, not {resolution!r}")
    used_seed = _draw_seed(seed)
    u, v, w = _upper(M)
    if not weighted:
        w = np.ones_like(w)
    params = {
        "resolution": float(resolution),
        "weight": "weight" if weighted else None,
        "n_iterations": int(n_iterations),
        "input": "matrix",
        "order": "index",
    }
    if len(u) == 0:
        labels = np.arange(n, dtype=np.int64)
    else:
        igraph = _igraph()
        if reorder is None:
            reorder = len(u) >= REORDER_LINKS
        inv = None
        if reorder:
            from scipy.sparse.csgraph import reverse_cuthill_mckee

            params["order"] = "reverse-cuthill-mckee"
            perm = reverse_cuthill_mckee(M, symmetric_mode=True)  # new number -> author
            inv = np.empty(n, dtype=u.dtype)
            inv[perm] = np.arange(n, dtype=u.dtype)  # author -> new number
            a, b = inv[u], inv[v]
            g = _igraph_graph(n, np.minimum(a, b), np.maximum(a, b), weight=w)
            del a, b, perm
        else:
            g = _igraph_graph(n, u, v, weight=w)
        igraph.set_random_number_generator(random.Random(used_seed))
        try:
            part = g.community_leiden(
                objective_function="modularity",
                weights="weight",
                resolution=float(resolution),
                n_iterations=int(n_iterations),
            )
        finally:
            # igraph has no getter for its generator; put back its default (the random module)
            igraph.set_random_number_generator(random)
        labels = np.asarray(part.membership, dtype=np.int64)
        if inv is not None:
            labels = labels[inv]
    labels = _relabel(labels, list(range(n)))
    q = _modularity_arrays(u, v, w, labels, float(resolution))
    membership = pd.Series(labels, index=pd.Index(index, name="author_id"), name="community")
    return CommunityResult(membership, "leiden", params, used_seed, q)


# -- centrality ---------------------------------------------------------------------------
def _pagerank(M: sp.csr_matrix, alpha: float, tol: float, max_iter: int) -> np.ndarray:
    """Power iteration of networkx.pagerank (uniform teleport and dangling mass)."""
    n = M.shape[0]
    s = np.asarray(M.sum(axis=1)).ravel()
    dangling = s == 0
    inv = np.zeros(n)
    inv[~dangling] = 1.0 / s[~dangling]
    P = sp.diags(inv) @ M  # row-stochastic on non-dangling rows
    PT = P.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (PT @ last + last[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return x
    raise GraphlibPapersError(
        f"PageRank did not converge within {max_iter} iterations (tol={tol}); "
        "raise max_iter or tol"
    )


def matrix_centrality(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    measures: Sequence[str] | str = MATRIX_MEASURES,
    *,
    alpha: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.DataFrame:
    """Degree, strength and PageRank of every author, from the sparse matrix.

    Parameters
    ----------
    matrix : scipy.sparse matrix, or the ``(matrix, index)`` pair of
        :func:`graphlib_papers.coauthor_matrix`
        Symmetric, non-negative link weights; the diagonal is ignored.
    index : sequence, optional
        The ``author_id`` of each row (default 0..n-1).
    measures : sequence of str or str, default ("degree", "strength", "pagerank")
        ``"degree"`` (distinct co-authors), ``"strength"`` (sum of link weights),
        ``"pagerank"`` (weighted, damping `alpha`).
    alpha : float, default 0.85
        PageRank damping factor.
    tol : float, default 1e-10
        PageRank stops when the L1 change is below ``n * tol`` (networkx's rule).
    max_iter : int, default 1000
        PageRank iteration limit.

    Returns
    -------
    DataFrame
        Indexed by ``author_id`` in index order, one float column per measure; the
        same numbers as :func:`graphlib_papers.author_centrality` on the co-author
        graph. An empty matrix gives an empty table with the same columns.

    Raises
    ------
    ValueError
        For an unknown measure or `alpha` outside (0, 1).
    GraphlibPapersError
        If the matrix is not square, symmetric and non-negative, or PageRank does
        not converge.

    See Also
    --------
    graphlib_papers.author_centrality : the networkx front door, with betweenness,
        closeness and eigenvector centrality.
    sampled_betweenness : betweenness at scale.

    Notes
    -----
    Each measure is one pass of sparse arithmetic, O(n + m): degree counts the
    non-zero off-diagonal entries of a row, strength sums them [1]_, and PageRank [2]_
    is the power iteration x <- alpha (P^T x + d/n) + (1 - alpha)/n with P the
    row-normalised matrix and d the mass on authors without links, as in
    :func:`networkx.pagerank`.

    References
    ----------
    .. [1] A. Barrat, M. Barthélemy, R. Pastor-Satorras, A. Vespignani, "The
       architecture of complex weighted networks", PNAS 101(11), 3747-3752 (2004).
    .. [2] S. Brin, L. Page, "The anatomy of a large-scale hypertextual Web search
       engine", Computer Networks and ISDN Systems 30, 107-117 (1998).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> from graphlib_papers.scale import matrix_centrality
    >>> M, index = gp.coauthor_matrix(gp.load_seeds())
    >>> df = matrix_centrality(M, index)
    >>> list(df.columns)
    ['degree', 'strength', 'pagerank']
    >>> round(float(df["pagerank"].sum()), 12)
    1.0
    >>> df["degree"].idxmax()
    'a:sanjiv-kumar'
    """
    from .centrality import _check_measures

    measures = _check_measures(
        measures, MATRIX_MEASURES, "measure(s)",
        " (betweenness: sampled_betweenness; the rest: author_centrality)",
    )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), not {alpha!r}")
    M, index = _check_matrix(matrix, index)
    M = M - sp.diags(M.diagonal())
    M.eliminate_zeros()
    df = pd.DataFrame(index=index)
    n = M.shape[0]
    for m in measures:
        if n == 0:
            df[m] = pd.Series(dtype=float)
        elif m == "degree":
            df[m] = np.diff(M.indptr).astype(float)
        elif m == "strength":
            df[m] = np.asarray(M.sum(axis=1)).ravel()
        else:
            df[m] = _pagerank(M, alpha, tol, max_iter)
    return df


def sampled_betweenness(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    k: int | None = 256,
    weighted: bool = True,
    normalized: bool = True,
    seed: int | None = None,
) -> pd.DataFrame:
    """Betweenness centrality estimated from `k` random pivots, with its standard error.

    Parameters
    ----------
    matrix : scipy.sparse matrix, or the ``(matrix, index)`` pair of
        :func:`graphlib_papers.coauthor_matrix`
        Symmetric, non-negative link weights.
    index : sequence, optional
        The ``author_id`` of each row (default 0..n-1).
    k : int or None, default 256
        Number of pivots (source authors), drawn without replacement; ``None`` or
        ``k >= n`` uses every author (exact betweenness, standard error 0).
    weighted : bool, default True
        Shortest paths with distance = 1/weight (a strong tie is a short distance);
        False counts hops.
    normalized : bool, default True
        Divide by (n-1)(n-2)/2, the number of pairs not involving the author, as
        :func:`networkx.betweenness_centrality` does.
    seed : int, optional
        Seed of the pivot sample; None draws one, recorded in ``df.attrs["seed"]``.

    Returns
    -------
    DataFrame
        Indexed by ``author_id``: ``betweenness`` (the estimate) and ``stderr`` (its
        standard error). ``df.attrs`` holds ``k``, ``seed`` and ``exact``.

    Raises
    ------
    ValueError
        For ``k < 2`` (a standard error needs two pivots).
    GraphlibPapersError
        If the matrix is not square, symmetric and non-negative.
    MissingDependency
        If python-igraph is not installed.

    Warns
    -----
    LargeGraphWarning
        When every author is a pivot (exact betweenness) on more than
        ``EXACT_PATH_LIMIT`` authors: that is O(nm) and takes hours on a large graph;
        pass a smaller `k`.

    See Also
    --------
    graphlib_papers.author_centrality : exact and sampled betweenness through networkx.

    Notes
    -----
    Brandes' algorithm [1]_ accumulates, from each source s, the dependency
    delta_s(v) of s on every author v; betweenness is the sum over all n sources.
    Sampling k sources uniformly without replacement and scaling by n/k gives an
    unbiased estimate [2]_, [3]_. Its standard error is estimated from the spread of the
    per-pivot dependencies:
    SE(v) = n sqrt((1 - k/n) / k) sd_s(delta_s(v)), with the finite-population
    correction, so it is 0 when every author is a pivot. How far to trust it: the
    error estimate is good for authors whose betweenness is spread over many sources
    (the high-betweenness authors a ranking is about; on a 300-author random graph
    with k = 60, about 84 % of the top 30 lie within 2 SE) and too small for authors
    whose betweenness comes from a few sources, such as a cut vertex holding a
    pendant author: a sample that misses that one source underestimates both the
    value and its error. Relative errors are largest for authors of low betweenness;
    raise `k` when they matter. One pivot costs one shortest-path search (igraph's C
    implementation), O(m + n log n).

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality",
       J. Math. Sociol. 25(2), 163-177 (2001).
    .. [2] U. Brandes, C. Pich, "Centrality estimation in large networks",
       Int. J. Bifurcation and Chaos 17(7), 2303-2318 (2007).
    .. [3] D. A. Bader, S. Kintali, K. Madduri, M. Mihail, "Approximating betweenness
       centrality", WAW 2007, LNCS 4863, 124-137 (2007).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> from graphlib_papers.scale import sampled_betweenness
    >>> M, index = gp.coauthor_matrix(gp.load_seeds())
    >>> est = sampled_betweenness(M, index, k=40, seed=1)
    >>> list(est.columns), est.attrs["k"], est.attrs["seed"]
    (['betweenness', 'stderr'], 40, 1)
    >>> exact = sampled_betweenness(M, index, k=None)
    >>> bool((exact["stderr"] == 0).all())
    True
    >>> top = exact["betweenness"].idxmax()
    >>> err = abs(est.loc[top, "betweenness"] - exact.loc[top, "betweenness"])
    >>> bool(err < 4 * est.loc[top, "stderr"])
    True
    """
    from .centrality import EXACT_PATH_LIMIT, LargeGraphWarning

    M, index = _check_matrix(matrix, index)
    n = M.shape[0]
    if k is not None and (isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 2):
        raise ValueError(f"k must be an int >= 2 or None, not {k!r}")
    used_seed = _draw_seed(seed)
    exact = k is None or k >= n
    k_used = n if exact else int(k)
    df = pd.DataFrame(index=index, columns=["betweenness", "stderr"], dtype=float)
    df.attrs.update({"k": k_used, "seed": used_seed if not exact else None, "exact": exact})
    if n == 0:
        return df
    if exact and n > EXACT_PATH_LIMIT:
        warnings.warn(
            f"exact betweenness on {n} authors visits every pair and can take hours; "
            "pass k= (a few hundred pivots) to sample",
            LargeGraphWarning,
            stacklevel=2,
        )
    u, v, w = _upper(M)
    if exact:
        pivots = np.arange(n)
    else:
        pivots = np.sort(np.random.default_rng(used_seed).choice(n, size=k_used, replace=False))
    total = np.zeros(n)
    total_sq = np.zeros(n)
    if len(u):
        g = _igraph_graph(n, u, v, distance=1.0 / w)
        dist = "distance" if weighted else None
        for s in pivots.tolist():
            x = np.asarray(
                g.betweenness(directed=False, weights=dist, sources=[s], targets=None)
            )
            total += x
            total_sq += x * x
    scale = n / k_used
    est = scale * total
    if k_used > 1:
        mean = total / k_used
        var = np.maximum(total_sq / k_used - mean * mean, 0.0) * k_used / (k_used - 1)
        se = n * np.sqrt(max(0.0, 1 - k_used / n) / k_used * var)
    else:
        se = np.zeros(n)
    if normalized and n > 2:
        norm = 2.0 / ((n - 1) * (n - 2))
        est, se = est * norm, se * norm
    df["betweenness"] = est
    df["stderr"] = se
    return df
