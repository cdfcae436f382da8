"""Graphs derived from a corpus: the author–paper graph and the co-author projection.

The co-author projection runs on a sparse paper × author incidence matrix ``B``
(scipy.sparse): the weighted co-author matrix is ``Bᵀ W B`` with ``W`` a diagonal of
per-paper weights, so no Python loop ever visits a pair of authors. Three forms of the
same result are offered, from the fastest to the most convenient:

* :func:`coauthor_matrix`: the symmetric CSR matrix and its author index;
* :func:`coauthor_edges`: the edge table (one row per linked pair);
* :func:`coauthor_graph`: a networkx Graph with node and edge attributes.

Projection contract
-------------------
Every engine (this module's scipy engine, and the DuckDB / Spark engines in
:mod:`graphlib_papers.engines`) computes exactly the following, in this order.

1. Authorships: the corpus' ``authorships`` rows; with ``include_inferred=False``
   the rows with ``inferred=True`` are left out. With ``years`` given, only papers
   whose ``year`` matches are kept (an int, an inclusive ``(lo, hi)`` tuple with either
   end None, or an iterable of ints; papers without a year are left out), exactly as in
   :meth:`Corpus.filter`.
2. Duplicates: a (paper, author) pair listed twice counts once.
3. Group authors (``authors.is_group``): ``"keep"`` treats them as people;
   ``"drop"`` removes their authorships (they are neither nodes nor counted in
   ``n_k``); ``"isolate"`` removes their authorships from the projection (not counted
   in ``n_k``, no edges) but keeps them as nodes, with ``n_papers`` the number of
   their papers that survive steps 1, 2 and 4.
4. ``n_k`` = number of distinct authors of paper k after steps 1–3. With
   ``max_authors`` set, papers with ``n_k > max_authors`` are removed entirely: they
   give no edges and do not count in any ``s_i``.
5. ``s_i`` = number of distinct papers of author i after steps 1–4 (single-author
   papers included). Nodes are the authors with ``s_i >= 1`` (plus isolated group
   authors), sorted by ``author_id``.
6. For each pair i < j: ``c_ij`` (``n_shared``) = number of papers listing both;
   ``n_shared_truncated`` = of those, papers with ``authors_truncated``. A
   single-author paper (``n_k = 1``) gives no pair. The weight is

   =================  ==========================================================
   ``"count"``        ``c_ij``  (full counting)
   ``"newman"``       ``sum_k 1 / (n_k - 1)`` over shared papers k  [1]_
   ``"fractional"``   ``sum_k 1 / (n_k - 1)``, the same numbers as ``"newman"``  [2]_
   ``"association"``  ``c_ij / (s_i * s_j)``  [3]_
   ``"salton"``       ``c_ij / sqrt(s_i * s_j)``  [4]_
   ``"jaccard"``      ``c_ij / (s_i + s_j - c_ij)``  [5]_
   =================  ==========================================================

7. Edges: pairs with ``c_ij >= 1`` and ``weight >= min_weight``; sorted by
   (source, target) with ``source < target``.

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
   networks, and centrality", Phys. Rev. E 64, 016132 (2001).
.. [2] A. Perianes-Rodriguez, L. Waltman, N. J. van Eck, "Constructing bibliometric
   networks: A comparison between full and fractional counting", J. Informetrics
   10(4), 1178–1195 (2016).
.. [3] N. J. van Eck, L. Waltman, "How to normalize cooccurrence data? An analysis of
   some well-known similarity measures", JASIST 60(8), 1635–1651 (2009).
.. [4] G. Salton, M. J. McGill, Introduction to Modern Information Retrieval,
   McGraw-Hill (1983).
.. [5] P. Jaccard, "Étude comparative de la distribution florale dans une portion des
   Alpes et du Jura", Bull. Soc. Vaudoise Sci. Nat. 37, 547–579 (1901).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import ENGINES, check_edge_options, projection_record, year_mask
from ._network import CoauthorMatrix
from .corpus import index_positions as _positions
from .exceptions import OptionError, SchemaError

__all__ = [
    "bipartite_graph",
    "coauthor_matrix",
    "coauthor_edges",
    "coauthor_graph",
    "CoauthorMatrix",
]


YearsSpec = int | tuple[int | None, int | None] | Iterable[int] | None


# -- input checks ---------------------------------------------------------------------
def _tables(corpus: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The corpus tables without copying them (they are only read here)."""
    from .corpus import check_corpus

    check_corpus(corpus)
    return corpus.papers, corpus.authors, corpus.authorships


# -- the incidence matrix -------------------------------------------------------------
@dataclass
class _Incidence:
    """Paper × author incidence after the filters of the projection contract."""

    B: sp.csr_matrix  # papers (corpus order) × nodes, 0/1, group authors removed unless "keep"
    author_ids: pd.Index  # node ids, sorted
    n_papers: np.ndarray  # s_i per node (isolated groups: their own paper count)
    truncated: np.ndarray  # authors_truncated per paper row
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_k(self) -> np.ndarray:
        return np.diff(self.B.indptr)


def _row_of_entry(indptr: np.ndarray) -> np.ndarray:
    n = len(indptr) - 1
    dtype = np.int32 if n < 2**31 - 1 else np.int64
    return np.repeat(np.arange(n, dtype=dtype), np.diff(indptr))


def _drop_groups_and_large(B: sp.csr_matrix, paper_ids: pd.Index, authors: pd.DataFrame,
                           group_authors: str, max_authors: int | None, idx) -> tuple:
    """Steps 3 and 4 of the projection contract on the incidence matrix `B` (in place):
    group authors out unless kept, then papers over `max_authors` out. Returns `B`, the
    (paper row, author column) entries of the group authors left out (for "isolate"),
    and the ids dropped by each step."""
    is_group = authors["is_group"].to_numpy(dtype=bool)
    group_entry = is_group[B.indices]
    group_rows = group_cols = np.empty(0, dtype=idx)
    dropped_groups: tuple[str, ...] = ()
    if group_authors != "keep" and group_entry.any():
        rows = _row_of_entry(B.indptr)
        group_rows, group_cols = rows[group_entry], B.indices[group_entry]
        dropped_groups = tuple(authors.index[np.unique(group_cols)])
        B.data[group_entry] = 0.0
        B.eliminate_zeros()

    n_k = np.diff(B.indptr)
    dropped_cap: tuple[str, ...] = ()
    if max_authors is not None:
        over = n_k > max_authors
        if over.any():
            dropped_cap = tuple(paper_ids[over])
            B.data[np.repeat(over, n_k)] = 0.0
            B.eliminate_zeros()
            n_k = np.diff(B.indptr)
            if len(group_rows):
                survive = ~over[group_rows]
                group_rows, group_cols = group_rows[survive], group_cols[survive]

    return B, group_rows, group_cols, dropped_groups, dropped_cap


def _incidence(
    corpus: Any,
    *,
    include_inferred: bool,
    max_authors: int | None,
    group_authors: str,
    years: YearsSpec,
) -> _Incidence:
    papers, authors, ships = _tables(corpus)
    # the filters of the projection contract in the documented order (module docstring);
    # each step counts what it drops
    if not papers.index.is_monotonic_increasing:
        papers = papers.sort_index()
    if not authors.index.is_monotonic_increasing:
        authors = authors.sort_index()
    n_p, n_a = len(papers), len(authors)
    p = _positions(ships["paper_id"], papers.index)
    a = _positions(ships["author_id"], authors.index)
    if (p < 0).any() or (a < 0).any():  # a Corpus guarantees this; checked for safety
        raise SchemaError("authorships refer to papers or authors missing from the corpus")
    keep = np.ones(len(ships), dtype=bool)
    n_inferred = 0
    if not include_inferred:
        inferred = ships["inferred"].to_numpy(dtype=bool)
        n_inferred = int(inferred.sum())
        keep &= ~inferred
    year_ok = year_mask(papers["year"], years)
    n_year_papers = int((~year_ok).sum())
    keep &= year_ok[p]
    p, a = p[keep], a[keep]
    idx = np.int32 if max(n_p, n_a) < 2**31 - 1 else np.int64
    # coo -> csr sums duplicate (paper, author) entries; they then count once
    B = sp.csr_matrix(
        (np.ones(len(p), dtype=np.float64), (p.astype(idx), a.astype(idx))), shape=(n_p, n_a)
    )
    B.sum_duplicates()
    n_dup = len(p) - B.nnz
    B.data[:] = 1.0

    B, group_rows, group_cols, dropped_groups, dropped_cap = _drop_groups_and_large(
        B, papers.index, authors, group_authors, max_authors, idx
    )
    s = np.bincount(B.indices, minlength=n_a)
    nodes = s > 0
    if group_authors == "isolate" and len(group_cols):
        g = np.bincount(group_cols, minlength=n_a)
        s = s + g
        nodes |= g > 0
    code = np.cumsum(nodes, dtype=np.int64) - 1
    n_nodes = int(nodes.sum())
    B = sp.csr_matrix(
        (B.data, code[B.indices].astype(B.indices.dtype), B.indptr), shape=(n_p, n_nodes)
    )
    truncated = papers["authors_truncated"].to_numpy(dtype=bool)
    n_k = np.diff(B.indptr)
    used = n_k > 0
    info = {
        "n_papers": int(used.sum()),
        "n_papers_multi_author": int((n_k > 1).sum()),
        "share_truncated": float(truncated[used].mean()) if used.any() else 0.0,
        "n_dropped_inferred_authorships": n_inferred,
        "n_dropped_papers_years": n_year_papers,
        "n_duplicate_authorships": int(n_dup),
        "n_dropped_papers_max_authors": len(dropped_cap),
        "n_group_authors_excluded": len(dropped_groups),
        "dropped": {
            "papers over max_authors": dropped_cap,
            f"group authors ({group_authors})": dropped_groups,
        },
    }
    return _Incidence(B, authors.index[nodes], s[nodes].astype(np.int64), truncated, info)


def _threads(work: float) -> int:
    """Threads for a sparse product of `work` multiply-adds (scipy releases the GIL).

    The product is bound by memory access: on 2 CPUs two threads were measured no
    faster than one (and used more memory), so blocks run in parallel only from
    4 CPUs on.
    """
    cpus = os.cpu_count() or 1
    if work < 4e6 or cpus < 4:
        return 1
    return min(4, cpus)


def _finish(C: sp.csr_matrix, row0: int, sort: bool) -> sp.csr_matrix:
    """Drop the diagonal (rows are offset by `row0` in the full matrix), sort rows.

    Every paper weight is positive, so every row holds its diagonal entry and
    ``setdiag`` only overwrites existing entries.
    """
    if C.shape[0]:
        C.setdiag(0, k=row0)
        C.eliminate_zeros()
    if sort:
        C.sort_indices()
    return C


def _project(B: sp.csr_matrix, paper_weight: np.ndarray, *, sort: bool = True) -> sp.csr_matrix:
    """``Bᵀ diag(w) B`` without its diagonal, as CSR.

    The product is split into blocks of rows of equal work, computed in threads and
    joined; the result is the same as one product. Rows are sorted when `sort`.
    """
    Bw = sp.csr_matrix(
        (paper_weight[_row_of_entry(B.indptr)], B.indices, B.indptr), shape=B.shape
    )
    Bt = B.T.tocsr()
    n = Bt.shape[0]
    work = Bt @ np.diff(B.indptr).astype(np.float64)  # multiply-adds per output row
    cum = np.cumsum(work)
    k = _threads(float(cum[-1]) if n else 0.0)
    if k == 1:
        return _finish((Bt @ Bw).tocsr(), 0, sort)
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, k) / k)
    bounds = [0, *sorted(set(int(c) for c in cuts if 0 < c < n)), n]
    blocks = list(zip(bounds[:-1], bounds[1:], strict=True))
    with ThreadPoolExecutor(len(blocks)) as pool:
        parts = list(
            pool.map(lambda b: _finish((Bt[b[0] : b[1]] @ Bw).tocsr(), b[0], sort), blocks)
        )
    offsets = np.cumsum([0] + [p.nnz for p in parts])
    indptr = np.concatenate(
        [parts[0].indptr[:1]] + [p.indptr[1:] + off for p, off in zip(parts, offsets, strict=False)]
    )
    indices = np.concatenate([p.indices for p in parts])
    data = np.concatenate([p.data for p in parts])
    del parts
    C = sp.csr_matrix((data, indices, indptr), shape=(n, n))
    C.has_sorted_indices = sort
    return C


def _paper_weight(n_k: np.ndarray, weighting: str) -> np.ndarray:
    """Per-paper weight of the product; positive everywhere (a single-author paper
    only reaches the diagonal, which is removed, so its weight is arbitrary: 1)."""
    w = np.ones(len(n_k), dtype=np.float64)
    if weighting in ("newman", "fractional"):
        multi = n_k > 1
        w[multi] = 1.0 / (n_k[multi] - 1)
    return w


def _normalise(c: np.ndarray, si: np.ndarray, sj: np.ndarray, weighting: str) -> np.ndarray:
    c = c.astype(np.float64, copy=False)
    if weighting == "association":
        return c / (si.astype(np.float64) * sj)
    if weighting == "salton":
        return c / np.sqrt(si.astype(np.float64) * sj)
    if weighting == "jaccard":
        return c / (si.astype(np.float64) + sj - c)
    return c


# -- the matrix -----------------------------------------------------------------------
def coauthor_matrix(
    corpus,
    *,
    weighting: str = "count",
    include_inferred: bool = True,
    max_authors: int | None = None,
    group_authors: str = "keep",
    years: YearsSpec = None,
) -> CoauthorMatrix:
    """The weighted co-author matrix as a scipy CSR matrix, with its author index.

    The fast form of :func:`coauthor_graph`: one sparse product ``Bᵀ W B`` of the
    paper × author incidence matrix, no networkx. Use it (or :func:`coauthor_edges`)
    past a few million co-author pairs.

    Parameters
    ----------
    corpus : Corpus
    weighting : {"count", "newman", "fractional", "association", "salton", "jaccard"}
        How a link is weighted; see Notes.
    include_inferred : bool, default True
        Use authorships marked ``inferred`` (e.g. profile owners hidden behind "et al.").
    max_authors : int, optional
        Leave out papers with more authors than this (hyper-authored papers, whose
        cliques swamp the graph).
    group_authors : {"keep", "drop", "isolate"}, default "keep"
        Group authors ("Gemini Team"): kept as people, dropped, or kept as nodes
        without links (an all-zero row).
    years : int, (start, end) tuple or iterable of int, optional
        Only papers of these years, as in :meth:`Corpus.filter`.

    Returns
    -------
    CoauthorMatrix
        The ``(matrix, index)`` pair, with the author names in ``.names``; every
        analysis (:func:`author_centrality`, :func:`find_communities`,
        :func:`network_summary`, ...) accepts it in place of a networkx Graph.

        matrix : scipy.sparse.csr_matrix
            Square, symmetric, float64, zero diagonal (no stored diagonal entries);
            entry ``(i, j)`` is the weight of the link between ``index[i]`` and
            ``index[j]``. Column indices within a row are sorted (the canonical
            order every analysis reads).
        index : pandas.Index
            The ``author_id`` of each row, sorted.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.
    ValueError
        For an unknown `weighting` or `group_authors`, or a bad `max_authors`/`years`.

    See Also
    --------
    coauthor_edges, coauthor_graph

    Notes
    -----
    With ``B`` the 0/1 paper × author incidence matrix (after the filters of the
    projection contract in :mod:`graphlib_papers.graphs`), ``n_k`` the authors of
    paper k and ``s_i`` the papers of author i, the weights are

    * ``"count"``: :math:`c_{ij} = (B^T B)_{ij}`, the papers shared (full counting);
    * ``"newman"``: :math:`\\sum_k B_{ki} B_{kj} / (n_k - 1)`, Newman's collaboration
      weight [1]_;
    * ``"fractional"``: fractional counting of Perianes-Rodriguez, Waltman and van Eck
      [2]_, whose co-authorship weight is the same :math:`\\sum_k B_{ki} B_{kj} /
      (n_k - 1)`: each author spreads a weight of 1 per paper over their co-authors,
      so an author's total link strength is their number of multi-author papers. For
      co-authorship links it gives exactly the numbers of ``"newman"``; the name is
      kept for users who look for the bibliometric term. (The variant in which each
      paper spreads a total of 1 over its pairs, :math:`2 / (n_k (n_k - 1))`, is not
      the one described in [2]_.)
    * ``"association"``: association strength :math:`c_{ij} / (s_i s_j)` [3]_;
    * ``"salton"``: Salton's cosine :math:`c_{ij} / \\sqrt{s_i s_j}` [4]_;
    * ``"jaccard"``: :math:`c_{ij} / (s_i + s_j - c_{ij})` [5]_.

    Single-author papers give no link but count in ``s_i``. A (paper, author) pair
    listed twice counts once. Time and memory grow with the number of distinct linked
    pairs (measured against networkx's projection in ``benchmarks/bench_projection.py``;
    figures in ``benchmarks/RESULTS.md``).

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    .. [2] A. Perianes-Rodriguez, L. Waltman, N. J. van Eck, "Constructing bibliometric
       networks: A comparison between full and fractional counting", J. Informetrics
       10(4), 1178–1195 (2016).
    .. [3] N. J. van Eck, L. Waltman, "How to normalize cooccurrence data? An analysis
       of some well-known similarity measures", JASIST 60(8), 1635–1651 (2009).
    .. [4] G. Salton, M. J. McGill, Introduction to Modern Information Retrieval,
       McGraw-Hill (1983).
    .. [5] P. Jaccard, "Étude comparative de la distribution florale dans une portion
       des Alpes et du Jura", Bull. Soc. Vaudoise Sci. Nat. 37, 547–579 (1901).

    Examples
    --------
    >>> import pandas as pd, graphlib_papers as gp
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p1", "p2", "p2", "p3"],
    ...     "author": ["Ada Lovelace", "Charles Babbage", "Mary Somerville",
    ...                "Ada Lovelace", "Charles Babbage", "Mary Somerville"]}))
    >>> M, index = gp.coauthor_matrix(toy)
    >>> list(index)
    ['a:ada-lovelace', 'a:charles-babbage', 'a:mary-somerville']
    >>> M.toarray()
    array([[0., 2., 1.],
           [2., 0., 1.],
           [1., 1., 0.]])
    >>> gp.coauthor_matrix(toy, weighting="newman")[0].toarray()
    array([[0. , 1.5, 0.5],
           [1.5, 0. , 0.5],
           [0.5, 0.5, 0. ]])
    """
    max_authors = check_edge_options(weighting, max_authors, group_authors)
    inc = _incidence(
        corpus,
        include_inferred=include_inferred,
        max_authors=max_authors,
        group_authors=group_authors,
        years=years,
    )
    C = _project(inc.B, _paper_weight(inc.n_k, weighting), sort=True)
    if weighting in ("association", "salton", "jaccard"):
        rows = _row_of_entry(C.indptr)
        C.data = _normalise(C.data, inc.n_papers[rows], inc.n_papers[C.indices], weighting)
    authors = corpus.authors
    names = authors["name"].reindex(inc.author_ids) if "name" in authors else None
    groups = (authors["is_group"].reindex(inc.author_ids).fillna(False).astype(bool)
              if "is_group" in authors else None)
    out = CoauthorMatrix(C, inc.author_ids, names, groups)
    out._checked = True  # symmetric and canonical by construction: analyses trust it
    out._nnz = C.nnz  # ... as long as its entries were not changed in number
    return out


# -- the edge arrays --------------------------------------------------------------------
@dataclass
class _Edges:
    inc: _Incidence
    source: np.ndarray  # node codes, source < target, sorted by (source, target)
    target: np.ndarray
    weight: np.ndarray
    n_shared: np.ndarray
    n_truncated: np.ndarray
    n_below_min_weight: int


def _edge_arrays(
    corpus,
    *,
    weighting: str,
    include_inferred: bool,
    max_authors: int | None,
    group_authors: str,
    min_weight: float,
    years: YearsSpec,
) -> _Edges:
    max_authors = check_edge_options(weighting, max_authors, group_authors, min_weight)
    inc = _incidence(
        corpus,
        include_inferred=include_inferred,
        max_authors=max_authors,
        group_authors=group_authors,
        years=years,
    )
    B = inc.B.astype(np.int64)
    # one integer product carries both counts: c_ij in the low 32 bits and the
    # number of shared truncated papers in the high bits
    packed = 1 + (inc.truncated.astype(np.int64) << 32)
    P = _project(B, packed)
    rows = _row_of_entry(P.indptr)
    upper = P.indices > rows
    source, target = rows[upper], P.indices[upper]
    data = P.data[upper]
    del rows, P
    n_shared = data & 0xFFFFFFFF
    n_truncated = data >> 32
    del data
    if weighting in ("newman", "fractional"):
        W = _project(inc.B, _paper_weight(inc.n_k, weighting))
        rows = _row_of_entry(W.indptr)
        weight = W.data[W.indices > rows]
        del W, rows
        if len(weight) != len(n_shared):  # same sparsity pattern by construction
            raise RuntimeError("internal error: weighted and count projections differ in shape")
    else:
        weight = _normalise(n_shared, inc.n_papers[source], inc.n_papers[target], weighting)
    n_below = 0
    if min_weight > 0:
        ok = weight >= min_weight
        n_below = int((~ok).sum())
        source, target, weight = source[ok], target[ok], weight[ok]
        n_shared, n_truncated = n_shared[ok], n_truncated[ok]
    return _Edges(inc, source, target, weight, n_shared, n_truncated, n_below)


def _build_record(inc: _Incidence, **options: Any) -> dict[str, Any]:
    record = projection_record("scipy", **options)
    record.update(inc.info)
    return record


def coauthor_edges(
    corpus,
    *,
    weighting: str = "count",
    include_inferred: bool = True,
    max_authors: int | None = None,
    group_authors: str = "keep",
    min_weight: float = 0,
    years: YearsSpec = None,
    engine: str = "scipy",
    **engine_options,
) -> pd.DataFrame | Path:
    """The weighted co-author links as an edge table.

    Parameters
    ----------
    corpus : Corpus
    weighting, include_inferred, max_authors, group_authors, years
        As in :func:`coauthor_matrix`.
    min_weight : float, default 0
        Leave out links whose weight is below this.
    engine : {"scipy", "duckdb", "spark"}, default "scipy"
        ``"scipy"`` computes in memory (the sparse product of :func:`coauthor_matrix`);
        ``"duckdb"`` and ``"spark"`` hand the same computation to those engines
        (optional extras, see :mod:`graphlib_papers.engines`).
    **engine_options
        Only with ``engine="duckdb"`` or ``"spark"``: ``output`` (write Parquet there and
        return its path), ``memory_limit``, ``temp_directory``, ``threads``, ``spark``,
        ``master``, ``spark_conf``; see :func:`graphlib_papers.engines.compute_edges`.

    Returns
    -------
    DataFrame or Path
        The Path of the Parquet file when ``output=`` is given (DuckDB and Spark only);
        otherwise the table: columns ``source``, ``target`` (author ids,
        ``source < target``), ``weight`` (float64), ``n_shared`` (int64: papers in
        common) and ``n_shared_truncated`` (int64: of those, papers whose author list
        ended in "et al."), one row per linked pair, sorted by (source, target).
        ``df.attrs["projection"]`` records the options and what was dropped, as
        ``G.graph`` does in :func:`coauthor_graph`.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.
    ValueError
        For an unknown option value or engine.
    MissingDependency
        If the engine's package is not installed.

    See Also
    --------
    coauthor_matrix : the formulas, and the fastest form.
    coauthor_graph : the same links as a networkx Graph.

    Notes
    -----
    The weights follow :func:`coauthor_matrix` (full counting; Newman [1]_;
    fractional counting [2]_; association strength [3]_; Salton's cosine [4]_;
    Jaccard [5]_). The exact computation every engine follows, step by step, is the
    projection contract in the docstring of :mod:`graphlib_papers.graphs`.

    References
    ----------
    .. [1] M. E. J. Newman, Phys. Rev. E 64, 016132 (2001).
    .. [2] A. Perianes-Rodriguez, L. Waltman, N. J. van Eck, J. Informetrics 10(4),
       1178–1195 (2016).
    .. [3] N. J. van Eck, L. Waltman, JASIST 60(8), 1635–1651 (2009).
    .. [4] G. Salton, M. J. McGill, Introduction to Modern Information Retrieval (1983).
    .. [5] P. Jaccard, Bull. Soc. Vaudoise Sci. Nat. 37, 547–579 (1901).

    Examples
    --------
    >>> import pandas as pd, graphlib_papers as gp
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p1", "p2", "p2", "p3"],
    ...     "author": ["Ada Lovelace", "Charles Babbage", "Mary Somerville",
    ...                "Ada Lovelace", "Charles Babbage", "Mary Somerville"]}))
    >>> gp.coauthor_edges(toy, weighting="salton")
                  source             target  weight  n_shared  n_shared_truncated
    0     a:ada-lovelace  a:charles-babbage     1.0         2                   0
    1     a:ada-lovelace  a:mary-somerville     0.5         1                   0
    2  a:charles-babbage  a:mary-somerville     0.5         1                   0
    """
    if engine not in ENGINES:
        raise OptionError(f"engine must be one of {ENGINES}, not {engine!r}")
    options = dict(
        weighting=weighting,
        include_inferred=include_inferred,
        max_authors=max_authors,
        group_authors=group_authors,
        min_weight=min_weight,
        years=years,
    )
    if engine != "scipy":
        from .engines import compute_edges

        return compute_edges(engine, corpus, **options, **engine_options)
    if engine_options:
        raise TypeError(
            f"options {sorted(engine_options)} apply to the duckdb and spark engines only"
        )
    e = _edge_arrays(corpus, **options)
    ids = e.inc.author_ids
    df = pd.DataFrame(
        {
            "source": ids.take(e.source),
            "target": ids.take(e.target),
            "weight": e.weight.astype(np.float64, copy=False),
            "n_shared": e.n_shared.astype(np.int64, copy=False),
            "n_shared_truncated": e.n_truncated.astype(np.int64, copy=False),
        }
    )
    record = _build_record(e.inc, **options)
    record["n_edges_below_min_weight"] = e.n_below_min_weight
    df.attrs["projection"] = record
    return df


# -- the networkx graphs ----------------------------------------------------------------
def _fill_graph(G: nx.Graph, nodes: list, node_attrs: list[dict], e: _Edges) -> None:
    """Add the nodes, then the edges in (source, target) order, through networkx's API.

    Gives the node and neighbour order of ``G.add_nodes_from(sorted(nodes));
    G.add_edges_from(sorted(edges))``: each node lists its lower neighbours, then its
    higher ones, each in order.
    """
    G.add_nodes_from(zip(nodes, node_attrs, strict=True))
    node_arr = np.empty(len(nodes), dtype=object)
    node_arr[:] = nodes
    G.add_edges_from(
        (u, v, {"weight": w, "n_shared": c, "n_shared_truncated": t})
        for u, v, w, c, t in zip(
            node_arr[e.source].tolist(),
            node_arr[e.target].tolist(),
            e.weight.tolist(),
            e.n_shared.tolist(),
            e.n_truncated.tolist(),
            strict=True,
        )
    )


def coauthor_graph(
    corpus,
    *,
    weighting: str = "count",
    include_inferred: bool = True,
    max_authors: int | None = None,
    group_authors: str = "keep",
    min_weight: float = 0,
    years: YearsSpec = None,
) -> nx.Graph:
    """The weighted co-author graph: authors linked by the papers they share.

    Parameters
    ----------
    corpus : Corpus
    weighting : {"count", "newman", "fractional", "association", "salton", "jaccard"}
        How a link is weighted (formulas in :func:`coauthor_matrix`).
    include_inferred : bool, default True
        Use authorships marked ``inferred``.
    max_authors : int, optional
        Leave out papers with more authors than this; they are listed in
        ``G.graph["dropped"]``.
    group_authors : {"keep", "drop", "isolate"}, default "keep"
        Group authors ("Gemini Team"): kept as people, dropped, or kept as nodes
        without edges.
    min_weight : float, default 0
        Leave out links whose weight is below this (their authors stay as nodes).
    years : int, (start, end) tuple or iterable of int, optional
        Only papers of these years, as in :meth:`Corpus.filter`.

    Returns
    -------
    networkx.Graph
        Nodes are ``author_id`` (sorted) with ``name``, ``n_papers`` (papers counted,
        ``s_i``) and ``is_group``; authors whose papers are all single-author (and group
        authors under ``"isolate"``) are nodes without edges. Edges carry ``weight``,
        ``n_shared`` (papers in common) and ``n_shared_truncated`` (of those, papers
        whose author list ended in "et al."). ``G.graph`` records how it was built:

        * the options: ``weighting``, ``include_inferred``, ``max_authors``,
          ``group_authors``, ``min_weight``, ``years``;
        * ``n_papers`` (papers with an author after the filters),
          ``n_papers_multi_author``, ``share_truncated`` (share of those papers whose
          author list is truncated);
        * what was left out: ``n_dropped_inferred_authorships``,
          ``n_dropped_papers_years``, ``n_duplicate_authorships``,
          ``n_dropped_papers_max_authors``, ``n_group_authors_excluded``,
          ``n_edges_below_min_weight``, and ``dropped``, a dict from reason to the
          paper or author ids.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.
    ValueError
        For an unknown option value.

    See Also
    --------
    coauthor_matrix : the formulas, and the fast form for large corpora.
    coauthor_edges : the same links as a table.
    bipartite_graph : the author–paper graph it is projected from.

    Notes
    -----
    The links are computed by the sparse product of :func:`coauthor_matrix`
    (weights: full counting; Newman [1]_; fractional counting [2]_, equal to Newman's
    for co-authorship; association strength [3]_; Salton's cosine [4]_; Jaccard [5]_),
    then the Graph is filled in one pass. They equal networkx's
    ``bipartite.weighted_projected_graph`` (``"count"``),
    ``collaboration_weighted_projected_graph`` (``"newman"``) and
    ``overlap_weighted_projected_graph(jaccard=True)`` (``"jaccard"``) on
    :func:`bipartite_graph`.

    A networkx Graph costs about 0.35 kB per edge and a few seconds per million edges
    to build, so it is the bottleneck for big corpora. Every analysis of the library
    takes the matrix form of :func:`coauthor_matrix` as well, which is built many times
    faster in a fraction of the memory (``benchmarks/RESULTS.md``); use it, or
    :func:`coauthor_edges`, for large corpora, or cap hyper-authored papers with
    ``max_authors``.

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    .. [2] A. Perianes-Rodriguez, L. Waltman, N. J. van Eck, "Constructing bibliometric
       networks: A comparison between full and fractional counting", J. Informetrics
       10(4), 1178–1195 (2016).
    .. [3] N. J. van Eck, L. Waltman, "How to normalize cooccurrence data? An analysis
       of some well-known similarity measures", JASIST 60(8), 1635–1651 (2009).
    .. [4] G. Salton, M. J. McGill, Introduction to Modern Information Retrieval,
       McGraw-Hill (1983).
    .. [5] P. Jaccard, Bull. Soc. Vaudoise Sci. Nat. 37, 547–579 (1901).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> seeds = gp.load_seeds()
    >>> G = gp.coauthor_graph(seeds, weighting="newman")
    >>> G.has_edge("a:sanjiv-kumar", "a:sharad-vikram")
    True
    >>> sorted(G.nodes["a:gemini-team"])
    ['is_group', 'n_papers', 'name']
    >>> H = gp.coauthor_graph(seeds, group_authors="drop")
    >>> "a:gemini-team" in H
    False
    >>> H.graph["group_authors"], H.graph["n_group_authors_excluded"]
    ('drop', 2)
    """
    options = dict(
        weighting=weighting,
        include_inferred=include_inferred,
        max_authors=max_authors,
        group_authors=group_authors,
        min_weight=min_weight,
        years=years,
    )
    e = _edge_arrays(corpus, **options)
    inc = e.inc
    _, authors, _ = _tables(corpus)
    nodes = inc.author_ids.tolist()
    names = authors["name"].reindex(inc.author_ids).tolist()
    groups = authors["is_group"].reindex(inc.author_ids).astype(bool).tolist()
    node_attrs = [
        {"name": nm, "n_papers": k, "is_group": g}
        for nm, k, g in zip(names, inc.n_papers.tolist(), groups, strict=True)
    ]
    G = nx.Graph()
    G.graph.update({"kind": "coauthor"}, **_build_record(inc, **options))
    G.graph["n_edges_below_min_weight"] = e.n_below_min_weight
    _fill_graph(G, nodes, node_attrs, e)
    return G


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, missing values (NA, NaT, NaN) as None."""
    if df.shape[1] == 0:
        return [{} for _ in range(len(df))]
    obj = df.astype(object)
    return obj.where(obj.notna(), None).to_dict("records")


def bipartite_graph(corpus, *, include_inferred: bool = True) -> nx.Graph:
    """The author–paper graph: papers and authors, linked by authorship.

    Parameters
    ----------
    corpus : Corpus
    include_inferred : bool, default True
        Include authorships marked ``inferred`` (e.g. a profile owner hidden behind
        "et al.").

    Returns
    -------
    networkx.Graph
        Paper nodes (every paper of the corpus) carry ``bipartite=0``,
        ``kind="paper"`` and the columns of ``corpus.papers``; author nodes (authors
        with at least one authorship used) carry ``bipartite=1``, ``kind="author"`` and
        the columns of ``corpus.authors``. Missing values are None. Edges join a paper
        and an author and carry ``position`` (1-based printed order, None when
        inferred) and ``inferred``. Nodes are added in sorted id order, edges in
        sorted (paper_id, author_id) order. ``G.graph`` records the options.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.
    SchemaError
        If a paper id equals an author id (the two kinds must never collide).

    See Also
    --------
    coauthor_graph : its projection onto the authors, computed without networkx.

    Notes
    -----
    This is the two-mode (affiliation) network of Newman's co-authorship studies [1]_;
    networkx's ``bipartite`` projections apply to it directly, and
    :func:`coauthor_graph` computes the same projections far faster.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       PNAS 98(2), 404–409 (2001).

    Examples
    --------
    >>> import networkx as nx, graphlib_papers as gp
    >>> seeds = gp.load_seeds()
    >>> B = gp.bipartite_graph(seeds)
    >>> papers = [n for n, d in B.nodes(data="bipartite") if d == 0]
    >>> len(papers)
    93
    >>> B.nodes["a:aurko-roy"]["kind"], B.nodes[papers[0]]["kind"]
    ('author', 'paper')
    >>> nx.is_bipartite(B)
    True
    """
    papers, authors, ships = _tables(corpus)
    if not include_inferred:
        ships = ships[~ships["inferred"].to_numpy(dtype=bool)]
    ships = ships.drop_duplicates(["paper_id", "author_id"])
    clash = papers.index.intersection(authors.index)
    if len(clash):
        raise SchemaError(f"paper id {clash[0]!r} is also an author id; ids must not collide")
    papers = papers.sort_index()
    authors = authors.loc[authors.index.isin(ships["author_id"])].sort_index()
    paper_nodes = [
        (pid, {"bipartite": 0, "kind": "paper", **attrs})
        for pid, attrs in zip(papers.index, _records(papers), strict=True)
    ]
    author_nodes = [
        (aid, {"bipartite": 1, "kind": "author", **attrs})
        for aid, attrs in zip(authors.index, _records(authors), strict=True)
    ]
    G = nx.Graph()
    G.graph.update(
        {"kind": "bipartite", "include_inferred": include_inferred,
         "n_papers": len(paper_nodes), "n_authors": len(author_nodes)}
    )
    G.add_nodes_from(sorted(paper_nodes + author_nodes, key=lambda item: item[0]))
    ships = ships.sort_values(["paper_id", "author_id"])
    position = ships["position"].astype(object)
    position = position.where(position.notna(), None).tolist()
    G.add_edges_from(
        (pid, aid, {"position": None if pos is None else int(pos), "inferred": bool(inf)})
        for pid, aid, pos, inf in zip(
            ships["paper_id"].tolist(),
            ships["author_id"].tolist(),
            position,
            ships["inferred"].tolist(),
            strict=True,
        )
    )
    return G
