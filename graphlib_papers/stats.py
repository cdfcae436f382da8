"""Collaboration statistics: Newman-2001-style network summary and per-community reports."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import (
    draw_seed,
    links_by_group,
    network_and_corpus,
    renamed_keywords,
    runs_to_tuples,
)
from ._network import Net, as_net, igraph_graph
from ._paths import DISTANCE_BUDGET, MIN_PIVOTS, hop_distances
from .centrality import author_centrality
from .communities import CommunityResult
from .corpus import Corpus, check_corpus
from .graphs import coauthor_matrix

__all__ = ["network_summary", "community_report", "graph_arrays", "WEDGE_BUDGET"]

#: Wedges (paths of two links) up to which clustering is counted exactly.
WEDGE_BUDGET = 500_000_000

#: Wedges sampled per author above :data:`WEDGE_BUDGET` (authors with fewer are exact).
WEDGES_PER_AUTHOR = 256


def graph_arrays(network: Any, weight: str | None = "weight") -> tuple[list, sp.csr_matrix]:
    """Canonical author list and symmetric sparse adjacency (self-loops on the diagonal).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network, either form.
    weight : str or None
        Edge attribute for the matrix entries; None gives 1 per link.

    Returns
    -------
    nodes : list
        Authors in canonical order (row i of the matrix is ``nodes[i]``).
    A : scipy.sparse.csr_matrix
        Symmetric adjacency with sorted indices (a copy: the caller's data is untouched).

    Raises
    ------
    TypeError
        If `network` is neither a Graph nor the matrix form.
    GraphInputError
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
    net = as_net(network, weight)
    return list(net.nodes), net.adjacency().copy()


def network_summary(
    network: Any = None,
    corpus: Corpus | None = None,
    *,
    seed: int | None = None,
    k: int | None = None,
    budget: float | None = DISTANCE_BUDGET,
    wedge_budget: float | None = WEDGE_BUDGET,
    G: Any = None,
) -> pd.Series:
    """The collaboration-network figures of Newman (2001) in one table.

    Parameters
    ----------
    network : networkx.Graph, CoauthorMatrix or Corpus, optional
        The co-author network, either form; when None (or a Corpus, which then stands
        for `corpus`) it is computed from `corpus` in matrix form
        (:func:`graphlib_papers.coauthor_matrix`), which never builds a networkx
        graph. One of `network` and `corpus` is required.
    corpus : Corpus, optional
        Gives the bibliographic figures (papers, authors, papers per author, ...).
        None when only a network is at hand: those figures are then NaN. (The older
        order ``network_summary(corpus, network)`` still works, with a FutureWarning.)
    seed : int, optional
        Seed of whatever is sampled (distance sources, wedges); None draws one. The
        seed used is in ``attrs["seed"]`` (None when everything was exact).
    k : int, optional
        Breadth-first-search sources for the distances in the giant component. None:
        every author when the work (authors × (links + authors)) fits `budget`,
        otherwise ``max(16, budget // (links + authors))``.
    budget : float or None, default 2·10^7
        Work allowed for exact distances (``DISTANCE_BUDGET``); None is always exact.
    wedge_budget : float or None, default :data:`WEDGE_BUDGET`
        Wedges (pairs of links at an author) up to which the clustering coefficients
        are counted exactly; None is always exact.

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
        (3 x triangles / connected triples, Newman's C) and ``clustering_stderr``,
        ``average_clustering`` (mean local coefficient, degree < 2 counting 0) and
        ``average_clustering_stderr``, ``mean_distance`` and ``mean_distance_stderr``,
        ``max_distance`` (hops, inside the giant component; a lower bound of the
        diameter when sampled), ``distance_sources`` (BFS sources used),
        ``degree_assortativity``. A standard error is 0 for an exact figure.

    Other Parameters
    ----------------
    G
        Deprecated keyword for `network`.
        ``attrs`` holds ``seed`` and ``exact`` (figure → bool).

    Raises
    ------
    TypeError
        When neither a corpus nor a network is given, or they have the wrong type.

    Notes
    -----
    Exact always: counts, components, degrees, assortativity (the Pearson correlation
    of the degrees at either end of a link, Newman 2002), all O(n + m) on sparse
    arrays. Exact within a budget, sampled beyond it, with the standard error beside
    the figure:

    * distances (``mean_distance``): breadth-first searches in scipy's compiled code
      from every author of the giant component when authors × (links + authors) fits
      `budget`, else from `k` random sources (unbiased for the mean; standard error
      of the per-source means with the finite-population correction);
    * clustering: triangles counted in igraph's C code when the wedges fit
      `wedge_budget`; beyond it every author with at most
      :data:`WEDGES_PER_AUTHOR` wedges is still counted exactly (all pairs of their
      co-authors checked), and the others from that many random wedges (Seshadhri,
      Pinar & Kolda 2014), so a paper with thousands of authors (a clique of
      thousands) costs no more than its links.

    Ratios over an empty graph or corpus are NaN; assortativity is NaN when every link
    joins equal degrees.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       Proc. Natl. Acad. Sci. USA 98(2):404-409, 2001.
    .. [2] M. E. J. Newman, "Assortative mixing in networks", Phys. Rev. Lett. 89,
       208701, 2002.
    .. [3] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
       networks", Nature 393:440-442, 1998.
    .. [4] C. Seshadhri, A. Pinar and T. G. Kolda, "Wedge sampling for computing
       clustering coefficients and triangle counts on large graphs", Stat. Anal.
       Data Min. 7(4):294-307, 2014.

    Examples
    --------
    >>> import networkx as nx
    >>> s = network_summary(nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5)]))
    >>> s[["nodes", "edges", "components", "giant_component_size", "clustering"]].tolist()
    [5, 4, 2, 3, 1.0]
    >>> s["mean_distance"], s["max_distance"], s["mean_distance_stderr"]
    (1.0, 1.0, 0.0)
    """
    network, corpus = network_and_corpus("network_summary", network, corpus, Corpus, G=G)
    if corpus is None and network is None:
        raise TypeError("network_summary needs a network, a corpus, or both")
    if corpus is not None:
        check_corpus(corpus)
    net = as_net(coauthor_matrix(corpus) if network is None else network, None)
    out: dict[str, Any] = {}
    out.update(_corpus_figures(corpus))
    figures, used_seed, exact = graph_figures(net, seed, k, budget, wedge_budget)
    out.update(figures)
    s = pd.Series(out, dtype=object, name="value")
    s.index.name = "statistic"
    s.attrs["seed"] = used_seed
    s.attrs["exact"] = exact
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


def graph_figures(net: Net, seed, k, budget, wedge_budget):
    """The network part of :func:`network_summary` for a canonical network."""
    n = net.n
    off = net.u != net.v
    u, v = net.u[off], net.v[off]
    n_loops = int(np.count_nonzero(~off))
    deg = (np.bincount(u, minlength=n) + np.bincount(v, minlength=n)).astype(float)
    out: dict[str, Any] = {
        "nodes": n,
        "edges": int(len(u)) + n_loops,
        "self_loops": n_loops,
        "isolates": int(np.sum(deg == 0)),
        "collaborators_per_author": _mean(deg),
    }
    exact: dict[str, bool] = {}
    if n:
        n_comp, labels = net.components()
        sizes = np.bincount(labels)
        order = np.argsort(-sizes, kind="stable")
        giant = labels == order[0]
        giant_edges = int(np.count_nonzero(giant[u])) + int(
            np.count_nonzero(giant[net.u[~off]])
        )
        second = int(sizes[order[1]]) if n_comp > 1 else 0
    else:
        n_comp, giant, giant_edges, second = 0, np.zeros(0, bool), 0, 0
    out.update(
        {
            "components": int(n_comp),
            "giant_component_size": int(giant.sum()),
            "giant_component_share": float(giant.sum() / n) if n else np.nan,
            "giant_component_edges": giant_edges,
            "second_component_size": second,
        }
    )
    used_seed = None
    # clustering
    wedges = float(np.sum(deg * (deg - 1) / 2))
    sample_wedges = wedge_budget is not None and wedges > wedge_budget
    # distances
    g_nodes = np.flatnonzero(giant)
    g_links = int(np.count_nonzero(giant[u]))
    r = len(g_nodes)
    kd = k
    if kd is None and budget is not None and float(r) * (g_links + r) > budget:
        kd = max(MIN_PIVOTS, int(budget // (g_links + r)))
    sample_dist = kd is not None and kd < r
    if sample_wedges or sample_dist:
        used_seed = draw_seed(seed)
    clu = _clustering(net, u, v, deg, sample_wedges,
                      np.random.default_rng([used_seed, 1]) if sample_wedges else None)
    out["clustering"], out["clustering_stderr"] = clu[0], clu[1]
    out["average_clustering"], out["average_clustering_stderr"] = clu[2], clu[3]
    exact["clustering"] = exact["average_clustering"] = not sample_wedges
    mean_d, max_d, se_d, n_src = hop_distances(
        net, g_nodes, kd if sample_dist else None,
        np.random.default_rng([used_seed, 0]) if sample_dist else None,
    )
    out["mean_distance"] = float(mean_d)
    out["mean_distance_stderr"] = float(se_d) if r >= 2 else np.nan
    out["max_distance"] = float(max_d)
    out["distance_sources"] = int(n_src)
    exact["mean_distance"] = exact["max_distance"] = not sample_dist
    out["degree_assortativity"] = _assortativity(net, deg)
    return out, used_seed, exact


def _closed(keys: np.ndarray, n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each pair (a[i], b[i]) is a link; `keys` are the sorted u*n+v of links u<v."""
    if not len(keys):
        return np.zeros(len(a), dtype=bool)
    q = np.minimum(a, b) * n + np.maximum(a, b)
    order = np.argsort(q, kind="stable")  # sorted queries: a cache-friendly search
    pos = np.searchsorted(keys, q[order])
    pos[pos == len(keys)] = 0
    out = np.empty(len(q), dtype=bool)
    out[order] = keys[pos] == q[order]
    return out


def _clustering(net: Net, u, v, deg, sample: bool, rng) -> tuple[float, float, float, float]:
    """(global C, its stderr, average local C, its stderr)."""
    n = net.n
    pairs = deg * (deg - 1) / 2
    if n == 0 or pairs.sum() == 0:
        return (np.nan, 0.0, _mean(np.zeros(n)), 0.0) if n else (np.nan, 0.0, np.nan, 0.0)
    if not sample:
        g = igraph_graph(n, u, v)
        local = np.asarray(g.transitivity_local_undirected(mode="zero"), dtype=float)
        tri = local * pairs
        return float(tri.sum() / pairs.sum()), 0.0, _mean(local), 0.0
    S = net.simple()
    keys = u.astype(np.int64) * n + v.astype(np.int64)  # sorted: links are in (u, v) order
    s = WEDGES_PER_AUTHOR
    local = np.zeros(n)
    var = np.zeros(n)
    indptr, indices = S.indptr, S.indices.astype(np.int64)
    d_int = np.diff(indptr)
    # exact: every pair of co-authors of the authors with few wedges, grouped by degree
    small = (pairs > 0) & (pairs <= s)
    for d in np.unique(d_int[small]).tolist():
        who = np.flatnonzero(small & (d_int == d))
        ia, ib = np.triu_indices(d, k=1)
        step = max(1, 2_000_000 // len(ia))
        for start in range(0, len(who), step):
            block = who[start : start + step]
            nb = indices[indptr[block][:, None] + np.arange(d)[None, :]]  # (len, d)
            closed = _closed(keys, n, nb[:, ia].ravel(), nb[:, ib].ravel())
            local[block] = closed.reshape(len(block), len(ia)).mean(axis=1)
    # sampled: `s` random wedges (two distinct co-authors) at each author with more
    big = np.flatnonzero(pairs > s)
    step = max(1, 4_000_000 // s)
    for start in range(0, len(big), step):
        block = big[start : start + step]
        d = d_int[block][:, None]
        i = np.floor(rng.random((len(block), s)) * d).astype(np.int64)
        j = np.floor(rng.random((len(block), s)) * (d - 1)).astype(np.int64)
        j = j + (j >= i)  # a second, distinct co-author
        base = indptr[block][:, None]
        closed = _closed(keys, n, indices[base + i].ravel(), indices[base + j].ravel())
        p = closed.reshape(len(block), s).mean(axis=1)
        local[block] = p
        fpc = np.clip(1 - s / pairs[block], 0.0, 1.0)
        var[block] = p * (1 - p) / s * fpc
    tri = local * pairs
    glob = float(tri.sum() / pairs.sum())
    glob_se = float(np.sqrt(np.sum(var * pairs**2)) / pairs.sum())
    return glob, glob_se, _mean(local), float(np.sqrt(var.sum()) / n)


def _assortativity(net: Net, deg: np.ndarray) -> float:
    """Pearson correlation of the degrees at the two ends of a link (Newman 2002).

    Each link counts both ways, so with d the degrees and S the simple adjacency the
    moments are sums over authors: E[x] = Σ d²/2m, E[x²] = Σ d³/2m and
    E[xy] = Σ d (S d)/2m, one sparse product instead of a gather per link.
    """
    two_m = deg.sum()
    if two_m == 0:
        return np.nan
    mean = np.dot(deg, deg) / two_m
    var = np.dot(deg * deg, deg) / two_m - mean * mean
    if var <= 1e-12 * max(mean * mean, 1.0):
        return np.nan
    cov = np.dot(deg, net.simple() @ deg) / two_m - mean * mean
    return float(cov / var)


# -- per-community report ---------------------------------------------------------------------


def _top_counts(long: pd.DataFrame, key: str, value: str, k: int) -> dict:
    """``{key: ((value, count), ...)}``: the `k` most frequent values per key, ties by
    value (as text), in one pass over all keys."""
    if long.empty:
        return {}
    counts = long.groupby([key, value], observed=True).size().rename("n").reset_index()
    counts["_text"] = counts[value].astype(str)
    counts = counts.sort_values([key, "n", "_text"], ascending=[True, False, True])
    counts = counts.groupby(key, sort=False).head(k)
    return runs_to_tuples(
        counts[key].tolist(),
        zip(counts["_text"].tolist(), counts["n"].astype(int).tolist(), strict=True),
    )


def _community_links(net: Net, membership: pd.Series, labels: list[int]) -> tuple:
    """Per community label (position = label): links and weight inside, links and weight
    to other communities (each end counted), and conductance (external / volume)."""
    lab_of = membership.reindex(net.index).to_numpy(dtype=float) if net.n else np.zeros(0)
    cu, cv, cw = lab_of[net.u], lab_of[net.v], net.w
    ok = ~np.isnan(cu) & ~np.isnan(cv)
    k = (max(labels) + 1) if labels else 0
    int_edges, int_w, ext_edges, ext_w = links_by_group(
        cu[ok].astype(int), cv[ok].astype(int), cw[ok], k
    )
    vol = 2 * int_w + ext_w
    conductance = np.divide(ext_w, vol, out=np.full(k, np.nan), where=vol > 0)
    return int_edges, int_w, ext_edges, ext_w, conductance


@renamed_keywords(top="top_n", result="communities", by="measure")
def community_report(
    network: Any,
    corpus: Corpus,
    communities: CommunityResult,
    *,
    top_n: int = 3,
    measure: str = "strength",
    weight: str | None = "weight",
) -> pd.DataFrame:
    """One row per community: who leads it, what it publishes, how closed it is.

    Parameters
    ----------
    network : networkx.Graph, CoauthorMatrix or None
        The co-author network the communities were found on, in either form; built
        with :func:`graphlib_papers.coauthor_matrix` when None. (The older order
        ``community_report(corpus, network, communities)`` still works, with a
        FutureWarning.)
    corpus : Corpus
        The corpus the network was built from (papers, labs, categories, years).
    communities : CommunityResult
        From :func:`graphlib_papers.find_communities`.
    top_n : int
        How many authors, labs, categories and papers to list per community.
    measure : str
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
        If `communities` is not a CommunityResult.

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
    >>> rep = community_report(None, corpus, res, top_n=1)
    >>> rep[["size", "top_authors", "year_min", "year_max", "internal_edges"]]
               size top_authors  year_min  year_max  internal_edges
    community
    0             3   (Bo Chen,)      2020      2021               2
    1             2   (Di Eze,)      2022      2022               1
    """
    network, corpus = network_and_corpus("community_report", network, corpus, Corpus,
                                         alone=False)
    check_corpus(corpus)
    if not isinstance(communities, CommunityResult):
        raise TypeError(
            f"communities must be a CommunityResult, not {type(communities).__name__}"
        )
    net = as_net(coauthor_matrix(corpus) if network is None else network, weight)
    membership = communities.membership
    labels = sorted(int(c) for c in membership.unique())
    index = pd.Index(labels, name="community", dtype="int64")
    # centrality of members
    cent = author_centrality(net, [measure], weight=weight, seed=0) if net.n else None
    ranked = membership.to_frame()
    ranked["score"] = (
        cent[measure].reindex(ranked.index).fillna(-np.inf) if cent is not None else 0.0
    )
    ranked["name"] = (
        cent["name"].reindex(ranked.index) if cent is not None else pd.Series(dtype=object)
    )
    ranked["name"] = ranked["name"].fillna(pd.Series(ranked.index, index=ranked.index))
    ranked = ranked.rename_axis("author_id").reset_index()
    ranked = ranked.sort_values(["community", "score", "author_id"], ascending=[True, False, True])
    head = ranked.groupby("community").head(top_n)
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
    reps = rep_sorted.groupby("community").head(top_n).groupby("community")["title"].agg(tuple)
    lab_long = per[["community", "labs"]].explode("labs").dropna()
    labs = _top_counts(lab_long, "community", "labs", top_n)
    cat_long = per.loc[per["category"].astype(str) != "", ["community", "category"]]
    cats = _top_counts(cat_long.dropna(), "community", "category", top_n)
    int_edges, int_w, ext_edges, ext_w, conductance = _community_links(net, membership, labels)
    k = (max(labels) + 1) if labels else 0

    def col(s, default):
        return [s.get(c, default) for c in labels]

    df = pd.DataFrame(
        {
            "size": communities.sizes.reindex(index).astype(int).to_numpy(),
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
