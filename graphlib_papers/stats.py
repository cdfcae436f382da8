"""Collaboration statistics: Newman-2001-style network summary and per-community reports."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from .centrality import (
    EXACT_PATH_LIMIT,
    _check_graph,
    _draw_seed,
    _sorted_nodes,
    author_centrality,
)
from .communities import CommunityResult
from .corpus import Corpus
from .exceptions import GraphlibPapersError

__all__ = ["network_summary", "community_report", "graph_arrays"]

_BLOCK = 256


def _coauthor_graph(corpus: Corpus) -> nx.Graph:
    from .graphs import coauthor_graph

    return coauthor_graph(corpus)


def graph_arrays(G: nx.Graph, weight: str | None = "weight") -> tuple[list, sp.csr_matrix]:
    """Sorted node list and symmetric sparse adjacency (weights; self-loops on the diagonal).

    Parameters
    ----------
    G : networkx.Graph
    weight : str or None
        Edge attribute for the matrix entries; None gives 1 per edge.

    Returns
    -------
    nodes : list
        Nodes in sorted order (row i of the matrix is ``nodes[i]``).
    A : scipy.sparse.csr_matrix
        Symmetric adjacency.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph.
    GraphlibPapersError
        For directed graphs, multigraphs, or negative or infinite weights.

    Notes
    -----
    The sparse adjacency matrix is the representation every statistic of this
    module is computed from (the "A" of Newman 2010, ch. 6); nodes are sorted
    first so row numbers do not depend on insertion order.

    References
    ----------
    .. [1] M. E. J. Newman, *Networks: An Introduction*, Oxford UP, 2010.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes, A = graph_arrays(nx.Graph([("b", "a"), ("b", "c")]), weight=None)
    >>> nodes, A.toarray().tolist()
    (['a', 'b', 'c'], [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    """
    _check_graph(G)
    nodes = _sorted_nodes(G.nodes)
    if not nodes:
        return nodes, sp.csr_matrix((0, 0))
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr", dtype=float)
    A = sp.csr_matrix(A)
    if A.nnz and (not np.all(np.isfinite(A.data)) or A.data.min() < 0):
        raise GraphlibPapersError(f"edge weights {weight!r} must be finite and >= 0")
    return nodes, A


def _distances(A: sp.csr_matrix, giant: np.ndarray, max_exact: int, n_sources: int, seed):
    """Mean and max hop distance inside the giant component (exact or from sampled sources)."""
    sub = A[giant][:, giant]
    g = sub.shape[0]
    if g < 2:
        return np.nan, np.nan, 0, None
    used_seed = None
    if g <= max_exact:
        sources = np.arange(g)
    else:
        used_seed = _draw_seed(seed)
        rng = np.random.default_rng(used_seed)
        sources = np.sort(rng.choice(g, size=min(n_sources, g), replace=False))
    total = 0.0
    count = 0
    longest = 0.0
    for start in range(0, len(sources), _BLOCK):
        block = sources[start : start + _BLOCK]
        d = csgraph.shortest_path(sub, method="D", unweighted=True, directed=False, indices=block)
        total += d.sum()
        count += d.size - len(block)
        longest = max(longest, float(d.max()))
    return total / count, longest, len(sources), used_seed


def network_summary(
    corpus: Corpus | None = None,
    G: nx.Graph | None = None,
    *,
    seed: int | None = None,
    max_exact: int = EXACT_PATH_LIMIT,
    n_sources: int = 1000,
) -> pd.Series:
    """The collaboration-network figures of Newman (2001) in one table.

    Parameters
    ----------
    corpus : Corpus, optional
        Gives the bibliographic figures (papers, authors, papers per author, ...).
        None when only a graph is at hand: those figures are then NaN.
    G : networkx.Graph, optional
        The co-author graph; built with :func:`graphlib_papers.coauthor_graph`
        from `corpus` when None. One of `corpus` and `G` is required.
    seed : int, optional
        Seed for sampling distance sources on a giant component larger than
        `max_exact` (None draws one; recorded in ``attrs["seed"]``).
    max_exact : int
        Largest giant component whose distances are computed from every node.
    n_sources : int
        Number of breadth-first-search sources sampled above `max_exact`.

    Returns
    -------
    Series
        Indexed by ``statistic`` (object dtype, so counts stay ints):

        ``papers``, ``authors``, ``authorships``, ``papers_per_author``,
        ``authors_per_paper_visible`` (printed authors only),
        ``authors_per_paper`` (with inferred authorships),
        ``truncated_share`` (papers whose author list ends in "et al."),
        ``inferred_share`` (authorships not printed), ``nodes``, ``edges``
        (self-loops included, as SNAP counts them), ``self_loops``, ``isolates``,
        ``collaborators_per_author`` (mean number of distinct co-authors),
        ``components``, ``giant_component_size``, ``giant_component_share``,
        ``giant_component_edges``, ``second_component_size``, ``clustering``
        (3 x triangles / connected triples, Newman's C), ``average_clustering``
        (mean local coefficient, degree < 2 counting 0), ``mean_distance`` and
        ``max_distance`` (hops, inside the giant component), ``distance_sources``
        (BFS sources used: all nodes of the giant component when exact),
        ``degree_assortativity``.

    Raises
    ------
    TypeError
        When neither a corpus nor a graph is given, or they have the wrong type.

    Notes
    -----
    Everything is computed from a sparse adjacency matrix: triangles as
    diag(A^3)/2 (self-loops removed), components and breadth-first distances with
    :mod:`scipy.sparse.csgraph`, assortativity as the Pearson correlation of the
    degrees at either end of an edge (Newman 2002). Above `max_exact` nodes the mean
    distance is estimated from `n_sources` random sources (unbiased) and
    ``max_distance`` is a lower bound of the diameter. Ratios over an empty graph
    or corpus are NaN; assortativity is NaN when every edge joins equal degrees.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       Proc. Natl. Acad. Sci. USA 98(2):404-409, 2001.
    .. [2] M. E. J. Newman, "Assortative mixing in networks", Phys. Rev. Lett. 89,
       208701, 2002.
    .. [3] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
       networks", Nature 393:440-442, 1998.

    Examples
    --------
    >>> import networkx as nx
    >>> s = network_summary(G=nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5)]))
    >>> s[["nodes", "edges", "components", "giant_component_size", "clustering"]].tolist()
    [5, 4, 2, 3, 1.0]
    >>> s["mean_distance"], s["max_distance"]
    (1.0, 1.0)
    """
    if corpus is None and G is None:
        raise TypeError("network_summary needs a corpus, a graph, or both")
    if corpus is not None and not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus, not {type(corpus).__name__}")
    if G is None:
        G = _coauthor_graph(corpus)
    out: dict[str, Any] = {}
    out.update(_corpus_figures(corpus))
    figures, used_seed = _graph_figures(G, seed, max_exact, n_sources)
    out.update(figures)
    s = pd.Series(out, dtype=object, name="value")
    s.index.name = "statistic"
    s.attrs["seed"] = used_seed
    return s


def _mean(x) -> float:
    return float(np.mean(x)) if len(x) else np.nan


def _corpus_figures(corpus: Corpus | None) -> dict[str, Any]:
    keys = [
        "papers",
        "authors",
        "authorships",
        "papers_per_author",
        "authors_per_paper_visible",
        "authors_per_paper",
        "truncated_share",
        "inferred_share",
    ]
    if corpus is None:
        return dict.fromkeys(keys, np.nan)
    papers = corpus.papers
    ships = corpus.authorships
    per_paper = ships.groupby("paper_id").size().reindex(papers.index, fill_value=0)
    return {
        "papers": int(len(papers)),
        "authors": int(corpus.n_authors),
        "authorships": int(len(ships)),
        "papers_per_author": _mean(ships.groupby("author_id").size()),
        "authors_per_paper_visible": _mean(papers["n_authors_visible"]),
        "authors_per_paper": _mean(per_paper),
        "truncated_share": _mean(papers["authors_truncated"].astype(float)),
        "inferred_share": _mean(ships["inferred"].astype(float)),
    }


def _graph_figures(G: nx.Graph, seed, max_exact: int, n_sources: int):
    nodes, A = graph_arrays(G, weight=None)
    n = len(nodes)
    loops = A.diagonal()
    n_loops = int(np.count_nonzero(loops))
    S = A.copy()
    S.setdiag(0)
    S.eliminate_zeros()
    S.data[:] = 1.0
    deg = np.asarray(S.sum(axis=1)).ravel()
    n_simple = int(S.nnz // 2)
    out: dict[str, Any] = {
        "nodes": n,
        "edges": n_simple + n_loops,
        "self_loops": n_loops,
        "isolates": int(np.sum(deg == 0)),
        "collaborators_per_author": _mean(deg),
    }
    if n:
        n_comp, labels = csgraph.connected_components(S, directed=False)
        sizes = np.bincount(labels)
        order = np.argsort(-sizes, kind="stable")
        giant = labels == order[0]
        giant_edges = int(S[giant][:, giant].nnz // 2 + np.count_nonzero(loops[giant]))
        second = int(sizes[order[1]]) if n_comp > 1 else 0
    else:
        n_comp, sizes, giant, giant_edges, second = 0, np.zeros(1, int), np.zeros(0, bool), 0, 0
    out.update(
        {
            "components": int(n_comp),
            "giant_component_size": int(giant.sum()),
            "giant_component_share": float(giant.sum() / n) if n else np.nan,
            "giant_component_edges": giant_edges,
            "second_component_size": second,
        }
    )
    tri = np.asarray((S @ S).multiply(S).sum(axis=1)).ravel() / 2  # triangles at each node
    pairs = deg * (deg - 1) / 2
    out["clustering"] = float(tri.sum() / pairs.sum()) if pairs.sum() > 0 else np.nan
    local = np.divide(tri, pairs, out=np.zeros(n), where=pairs > 0)
    out["average_clustering"] = _mean(local)
    mean_d, max_d, n_src, used_seed = _distances(S, giant, max_exact, n_sources, seed)
    out["mean_distance"] = float(mean_d)
    out["max_distance"] = float(max_d)
    out["distance_sources"] = int(n_src)
    out["degree_assortativity"] = _assortativity(S, deg)
    return out, used_seed


def _assortativity(S: sp.csr_matrix, deg: np.ndarray) -> float:
    coo = sp.triu(S, k=1).tocoo()
    if coo.nnz == 0:
        return np.nan
    x = np.concatenate([deg[coo.row], deg[coo.col]])
    y = np.concatenate([deg[coo.col], deg[coo.row]])
    sx = x.std()
    if sx == 0:
        return np.nan
    return float(np.mean((x - x.mean()) * (y - y.mean())) / (sx * y.std()))


# -- per-community report ---------------------------------------------------------------------


def _top_counts(values: pd.Series, k: int) -> tuple:
    if values.empty:
        return ()
    counts = values.value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return tuple((str(name), int(c)) for name, c in counts.head(k).items())


def community_report(
    corpus: Corpus,
    G: nx.Graph | None,
    result: CommunityResult,
    *,
    top: int = 3,
    by: str = "strength",
    weight: str | None = "weight",
) -> pd.DataFrame:
    """One row per community: who leads it, what it publishes, how closed it is.

    Parameters
    ----------
    corpus : Corpus
        The corpus the graph was built from (papers, labs, categories, years).
    G : networkx.Graph or None
        The co-author graph the communities were found on; built with
        :func:`graphlib_papers.coauthor_graph` when None.
    result : CommunityResult
        From :func:`graphlib_papers.find_communities`.
    top : int
        How many authors, labs, categories and papers to list per community.
    by : str
        Centrality measure (see :func:`graphlib_papers.author_centrality`) that
        ranks the top authors; ties are broken by author id.
    weight : str or None
        Edge weight for the internal / external weights and the centrality.

    Returns
    -------
    DataFrame
        Indexed by ``community`` (0 = largest): ``size``, ``top_authors`` (tuple
        of names), ``top_author_ids``, ``n_papers`` (papers with at least one
        member), ``labs`` and ``categories`` (tuples of ``(tag, n_papers)``, most
        frequent first), ``year_min``, ``year_max`` (Int64), ``representative_papers``
        (titles of the papers with the most members among their authors, then the
        most recent), ``internal_edges``, ``internal_weight``, ``external_edges``,
        ``external_weight``, ``conductance`` (external / (2 internal + external)
        weight, Shi & Malik 2000; NaN for a community without edges).

    Raises
    ------
    TypeError
        If `result` is not a CommunityResult.

    References
    ----------
    .. [1] J. Shi and J. Malik, "Normalized cuts and image segmentation",
       IEEE Trans. PAMI 22(8):888-905, 2000.
    .. [2] M. E. J. Newman, "The structure of scientific collaboration networks",
       Proc. Natl. Acad. Sci. USA 98(2):404-409, 2001.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p2", "p3", "p3"],
    ...     "author": ["Ann Lee", "Bo Chen", "Bo Chen", "Cy Diaz", "Di Eze", "Ed Fox"],
    ...     "title": ["One", "One", "Two", "Two", "Three", "Three"],
    ...     "year": [2020, 2020, 2021, 2021, 2022, 2022]}))
    >>> res = gp.find_communities(gp.coauthor_graph(corpus), seed=0)
    >>> rep = community_report(corpus, None, res, top=1)
    >>> rep[["size", "top_authors", "year_min", "year_max", "internal_edges"]]
               size top_authors  year_min  year_max  internal_edges
    community
    0             3   (Bo Chen,)      2020      2021               2
    1             2   (Di Eze,)      2022      2022               1
    """
    if not isinstance(result, CommunityResult):
        raise TypeError(f"result must be a CommunityResult, not {type(result).__name__}")
    if G is None:
        G = _coauthor_graph(corpus)
    membership = result.membership
    labels = sorted(int(c) for c in membership.unique())
    index = pd.Index(labels, name="community", dtype="int64")
    # centrality of members
    cent = author_centrality(G, [by], weight=weight, seed=0) if G.number_of_nodes() else None
    ranked = membership.to_frame()
    ranked["score"] = cent[by].reindex(ranked.index).fillna(-np.inf) if cent is not None else 0.0
    ranked["name"] = (
        cent["name"].reindex(ranked.index) if cent is not None else pd.Series(dtype=object)
    )
    ranked["name"] = ranked["name"].fillna(pd.Series(ranked.index, index=ranked.index))
    ranked = ranked.rename_axis("author_id").reset_index()
    ranked = ranked.sort_values(["community", "score", "author_id"], ascending=[True, False, True])
    head = ranked.groupby("community").head(top)
    top_names = head.groupby("community")["name"].agg(tuple)
    top_ids = head.groupby("community")["author_id"].agg(tuple)
    # papers of members
    ships = corpus.authorships[["paper_id", "author_id"]]
    ships = ships.join(membership, on="author_id", how="inner")
    papers = corpus.papers
    per = ships.groupby(["community", "paper_id"]).size().rename("members").reset_index()
    per = per.join(papers[["title", "year", "date", "labs", "category"]], on="paper_id")
    n_papers = per.groupby("community").size()
    year_min = per.groupby("community")["year"].min()
    year_max = per.groupby("community")["year"].max()
    rep_sorted = per.sort_values(
        ["community", "members", "date", "paper_id"],
        ascending=[True, False, False, True],
        na_position="last",
    )
    reps = rep_sorted.groupby("community").head(top).groupby("community")["title"].agg(tuple)
    lab_long = per[["community", "labs"]].explode("labs").dropna()
    labs = lab_long.groupby("community")["labs"].apply(lambda s: _top_counts(s, top))
    cat_long = per.loc[per["category"].astype(str) != "", ["community", "category"]]
    cats = cat_long.groupby("community")["category"].apply(lambda s: _top_counts(s, top))
    # internal / external weights
    nodes, A = graph_arrays(G, weight)
    lab_of = membership.reindex(nodes).to_numpy(dtype=float) if nodes else np.zeros(0)
    coo = sp.triu(A, k=0).tocoo()
    cu, cv = lab_of[coo.row], lab_of[coo.col]
    ok = ~np.isnan(cu) & ~np.isnan(cv)
    inside = ok & (cu == cv)
    cross = ok & (cu != cv)
    k = (max(labels) + 1) if labels else 0
    int_edges = np.bincount(cu[inside].astype(int), minlength=k)
    int_w = np.bincount(cu[inside].astype(int), weights=coo.data[inside], minlength=k)
    ext_ends = np.concatenate([cu[cross], cv[cross]]).astype(int)
    ext_wts = np.concatenate([coo.data[cross], coo.data[cross]])
    ext_edges = np.bincount(ext_ends, minlength=k)
    ext_w = np.bincount(ext_ends, weights=ext_wts, minlength=k)
    vol = 2 * int_w + ext_w
    conductance = np.divide(ext_w, vol, out=np.full(k, np.nan), where=vol > 0)

    def col(s, default):
        return [s.get(c, default) for c in labels]

    df = pd.DataFrame(
        {
            "size": result.sizes.reindex(index).astype(int).to_numpy(),
            "top_authors": col(top_names, ()),
            "top_author_ids": col(top_ids, ()),
            "n_papers": np.array(col(n_papers, 0), dtype=int),
            "labs": col(labs, ()),
            "categories": col(cats, ()),
            "year_min": pd.array(col(year_min, pd.NA), dtype="Int64"),
            "year_max": pd.array(col(year_max, pd.NA), dtype="Int64"),
            "representative_papers": col(reps, ()),
            "internal_edges": int_edges[:k].astype(int)[labels] if k else np.zeros(0, int),
            "internal_weight": int_w[labels] if k else np.zeros(0),
            "external_edges": ext_edges[labels].astype(int) if k else np.zeros(0, int),
            "external_weight": ext_w[labels] if k else np.zeros(0),
            "conductance": conductance[labels] if k else np.zeros(0),
        },
        index=index,
    )
    return df
