"""Co-authorship over time: graphs per period, statistics per period, communities followed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import as_partition, callable_module, draw_seed, renamed_keywords, warn_renamed
from ._network import as_net
from ._paths import DISTANCE_BUDGET
from .communities import CommunityResult, find_communities
from .corpus import Corpus, check_corpus
from .exceptions import OptionError
from .stats import WEDGE_BUDGET, graph_figures

__all__ = ["snapshots", "network_evolution", "match_communities", "track_communities"]


def _periods(corpus: Corpus, freq: str | int) -> list[tuple[int, int]]:
    if freq == "year":
        width = 1
    elif isinstance(freq, int | np.integer) and not isinstance(freq, bool) and freq >= 1:
        width = int(freq)
    else:
        raise OptionError(f"freq must be 'year' or a positive number of years, not {freq!r}")
    years = corpus.papers["year"].dropna()
    if years.empty:
        return []
    lo, hi = int(years.min()), int(years.max())
    return [(start, min(start + width - 1, hi)) for start in range(lo, hi + 1, width)]


def _period_corpora(corpus: Corpus, freq: str | int, cumulative: bool):
    """(first year, last year, sub-corpus) of each period, in time order."""
    first = None
    for lo, hi in _periods(corpus, freq):
        first = lo if first is None else first
        yield lo, hi, corpus.filter(years=(first if cumulative else lo, hi))


def snapshots(
    corpus: Corpus, freq: str | int = "year", cumulative: bool = True, **graph_kwargs: Any
) -> dict[int, nx.Graph]:
    """Co-author graphs period by period.

    Parameters
    ----------
    corpus : Corpus
    freq : "year" or int
        Period length: one year, or a number of years.
    cumulative : bool
        True: each graph holds every paper up to the end of its period (the
        network as it had grown by then). False: only the period's papers.
    **graph_kwargs
        Passed to :func:`graphlib_papers.coauthor_graph` (``weighting=``, ...).

    Returns
    -------
    dict of int to networkx.Graph
        Keyed by the first year of each period, in time order, from the first to
        the last year with papers (periods without papers give empty graphs when
        not cumulative). ``G.graph["period"]`` is ``(first_year, last_year)`` of the
        period and ``G.graph["papers_in_snapshot"]`` the number of papers used.
        Papers without a year are left out. An empty corpus gives ``{}``.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.
    ValueError
        For an invalid `freq`.

    Notes
    -----
    Cumulative snapshots follow Barabasi et al. (2002), who studied the growing
    co-authorship network through the papers published up to each year (the
    reference is given in :func:`network_evolution`).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> snaps = snapshots(gp.load_seeds(), freq=3)
    >>> list(snaps)[:2], snaps[2018].graph["period"]
    ([2015, 2018], (2018, 2020))
    """
    from .graphs import coauthor_graph

    check_corpus(corpus)
    out: dict[int, nx.Graph] = {}
    for lo, hi, sub in _period_corpora(corpus, freq, cumulative):
        G = coauthor_graph(sub, **graph_kwargs)
        G.graph["period"] = (lo, hi)
        G.graph["papers_in_snapshot"] = sub.n_papers
        out[lo] = G
    return out


#: The columns of :func:`network_evolution` after ``period``, in order, with their type.
_COLUMNS = {
    "period_end": int,
    "papers": int,
    "authors": int,
    "new_authors": int,
    "edges": int,
    "new_edges": int,
    "collaborators_per_author": float,
    "components": int,
    "giant_component_size": int,
    "giant_component_share": float,
    "clustering": float,
    "mean_distance": float,
}
_COMMUNITY_COLUMNS = {"n_communities": int, "largest_community": int, "modularity": float}


@renamed_keywords(communities="include_communities")
def network_evolution(
    corpus: Corpus,
    freq: str | int = "year",
    cumulative: bool = True,
    *,
    include_communities: bool = True,
    method: str = "auto",
    resolution: float = 1.0,
    seed: int | None = None,
    **graph_kwargs: Any,
) -> pd.DataFrame:
    """The collaboration statistics period by period.

    Parameters
    ----------
    corpus : Corpus
    freq, cumulative, **graph_kwargs
        As for :func:`snapshots`.
    include_communities : bool
        Also detect communities in each period (with the same seed). ``communities=``
        works one release with a FutureWarning (the word names a partition elsewhere).
    method, resolution
        Passed to :func:`graphlib_papers.find_communities`.
    seed : int, optional
        Seed for community detection and distance sampling; None draws one,
        recorded in ``df.attrs["seed"]``.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (first year), with ``period_end``, ``papers``,
        ``authors`` (nodes), ``new_authors`` (first seen in this period),
        ``edges``, ``new_edges`` (pairs collaborating for the first time),
        ``collaborators_per_author``, ``components``, ``giant_component_size``,
        ``giant_component_share``, ``clustering``, ``mean_distance``, and when
        `include_communities` is True ``n_communities``, ``largest_community`` and
        ``modularity``.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.

    Notes
    -----
    The statistics are those of :func:`graphlib_papers.network_summary` (Newman
    2001) computed on each snapshot; ``new_authors`` and ``new_edges`` measure the
    growth studied by Barabasi et al. (2002).

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       Proc. Natl. Acad. Sci. USA 98(2):404-409, 2001.
    .. [2] A.-L. Barabasi, H. Jeong, Z. Neda, E. Ravasz, A. Schubert and T. Vicsek,
       "Evolution of the social network of scientific collaborations", Physica A
       311:590-614, 2002.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> ev = gp.network_evolution(gp.load_seeds(), seed=0)
    >>> int(ev["authors"].iloc[-1]) == gp.coauthor_graph(gp.load_seeds()).number_of_nodes()
    True
    >>> bool(ev["authors"].is_monotonic_increasing)
    True
    """
    check_corpus(corpus)
    used_seed = draw_seed(seed)
    from .graphs import coauthor_graph, coauthor_matrix

    # Long by design: one row per period, built from one snapshot in one loop, so the
    # "new authors" and "new links" counts can carry state from period to period.

    build = coauthor_graph if "min_weight" in graph_kwargs else coauthor_matrix
    all_ids = corpus.authors.index
    n_all = max(len(all_ids), 1)
    rows = []
    seen_nodes = np.zeros(0, dtype=np.int64)
    seen_edges = np.zeros(0, dtype=np.int64)
    for lo, hi, sub in _period_corpora(corpus, freq, cumulative):
        network = build(sub, **graph_kwargs)
        net = as_net(network, None)
        fig, _, _ = graph_figures(net, used_seed, None, DISTANCE_BUDGET, WEDGE_BUDGET)
        codes = all_ids.get_indexer(pd.Index(net.nodes, dtype=object)).astype(np.int64)
        a, b = codes[net.u], codes[net.v]
        keys = np.unique(np.minimum(a, b) * n_all + np.maximum(a, b))
        row = {
            "period": lo,
            "period_end": hi,
            "papers": sub.n_papers,
            "authors": net.n,
            "new_authors": int(np.count_nonzero(~np.isin(codes, seen_nodes))),
            "edges": net.m,
            "new_edges": int(np.count_nonzero(~np.isin(keys, seen_edges))),
            "collaborators_per_author": fig["collaborators_per_author"],
            "components": fig["components"],
            "giant_component_size": fig["giant_component_size"],
            "giant_component_share": fig["giant_component_share"],
            "clustering": fig["clustering"],
            "mean_distance": fig["mean_distance"],
        }
        seen_nodes = np.union1d(seen_nodes, codes)
        seen_edges = np.union1d(seen_edges, keys)
        if include_communities:
            res = find_communities(network, method, resolution=resolution, seed=used_seed)
            row["n_communities"] = res.n_communities
            row["largest_community"] = int(res.sizes.max()) if len(res.membership) else 0
            row["modularity"] = res.modularity
        rows.append(row)
    cols = ["period", *_COLUMNS] + (list(_COMMUNITY_COLUMNS) if include_communities else [])
    df = pd.DataFrame(rows, columns=cols).set_index("period")
    ints = [c for c in df.columns if (_COLUMNS | _COMMUNITY_COLUMNS)[c] is int]
    df[ints] = df[ints].astype("int64")
    floats = [c for c in df.columns if c not in ints]
    df[floats] = df[floats].astype(float)
    df.attrs["seed"] = used_seed
    return df


def match_communities(a: Any, b: Any) -> pd.DataFrame:
    """Jaccard similarity between the communities of two partitions.

    Parameters
    ----------
    a, b : CommunityResult, Series or mapping
        Community per author (e.g. two periods).

    Returns
    -------
    DataFrame
        One row per pair of communities sharing at least one author:
        ``community_a``, ``community_b``, ``shared``, ``size_a``, ``size_b``,
        ``jaccard`` = shared / (size_a + size_b - shared); sorted by jaccard
        (descending), then labels. Empty when no author is shared.

    Raises
    ------
    TypeError
        If a partition cannot be read from `a` or `b`.

    Notes
    -----
    The Jaccard coefficient of member sets is the matching criterion of Greene,
    Doyle & Cunningham (2010) for following communities across time steps.
    Computed from a sparse contingency table: no loop over pairs.

    References
    ----------
    .. [1] P. Jaccard, "Étude comparative de la distribution florale dans une
       portion des Alpes et du Jura", Bull. Soc. Vaudoise Sci. Nat. 37:547-579, 1901.
    .. [2] D. Greene, D. Doyle and P. Cunningham, "Tracking the evolution of
       communities in dynamic social networks", Proc. ASONAM 2010, 176-183.

    Examples
    --------
    >>> a = {"x": 0, "y": 0, "z": 1}
    >>> b = {"x": 0, "y": 1, "z": 1, "w": 1}
    >>> match_communities(a, b)[["community_a", "community_b", "shared", "jaccard"]]
       community_a  community_b  shared   jaccard
    0            0            0       1  0.500000
    1            1            1       1  0.333333
    2            0            1       1  0.250000
    """
    sa, sb = as_partition(a), as_partition(b)
    cols = ["community_a", "community_b", "shared", "size_a", "size_b", "jaccard"]
    common = sa.index.intersection(sb.index)
    if len(common) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "jaccard" else object) for c in cols})
    la, ia = np.unique(sa.to_numpy(), return_inverse=True)
    lb, ib = np.unique(sb.to_numpy(), return_inverse=True)
    size_a = np.bincount(ia, minlength=len(la))
    size_b = np.bincount(ib, minlength=len(lb))
    pa = pd.Series(ia, index=sa.index).loc[common].to_numpy()
    pb = pd.Series(ib, index=sb.index).loc[common].to_numpy()
    c = sp.coo_matrix((np.ones(len(common)), (pa, pb)), shape=(len(la), len(lb))).tocsr().tocoo()
    shared = c.data.astype(int)
    jac = shared / (size_a[c.row] + size_b[c.col] - shared)
    df = pd.DataFrame(
        {
            "community_a": la[c.row],
            "community_b": lb[c.col],
            "shared": shared,
            "size_a": size_a[c.row],
            "size_b": size_b[c.col],
            "jaccard": jac,
        }
    )
    df = df.sort_values(
        ["jaccard", "community_a", "community_b"], ascending=[False, True, True], kind="stable"
    )
    return df.reset_index(drop=True)


@renamed_keywords(corpus_or_results="data")
def track_communities(
    data: Corpus | Mapping[Any, CommunityResult],
    freq: str | int = "year",
    cumulative: bool = True,
    *,
    method: str = "louvain",
    resolution: float = 1.0,
    seed: int | None = None,
    min_jaccard: float = 0.3,
    **graph_kwargs: Any,
) -> pd.DataFrame:
    """Follow communities from period to period by the overlap of their members.

    Parameters
    ----------
    data : Corpus or mapping of period to CommunityResult
        A corpus (communities are found on each :func:`snapshots` graph with the
        same seed) or ready-made results keyed by period in time order.
    freq, cumulative, **graph_kwargs
        As for :func:`snapshots` (ignored for ready-made results).
    method, resolution
        Passed to :func:`graphlib_papers.find_communities`.
    seed : int, optional
        Seed for community detection; None draws one (``df.attrs["seed"]``).
    min_jaccard : float
        Smallest Jaccard overlap for a community to continue one of the previous
        period.

    Returns
    -------
    DataFrame
        One row per (``period``, ``community``): ``size``, ``lineage`` (an integer
        that stays the same while a group is followed, numbered in order of
        appearance), ``previous`` (the matched community of the previous period,
        NA at a birth), ``jaccard`` (overlap with it; NaN at a birth) and
        ``event``: "birth" (no earlier community overlaps enough), "continue", or
        "split" (overlaps enough with a community already continued by a larger
        overlap).

    Raises
    ------
    ValueError
        For `min_jaccard` outside (0, 1].

    Notes
    -----
    Greedy one-to-one matching by decreasing Jaccard coefficient between
    consecutive periods, the rule of Greene, Doyle & Cunningham (2010) with their
    threshold 0.3 as default.

    References
    ----------
    .. [1] D. Greene, D. Doyle and P. Cunningham, "Tracking the evolution of
       communities in dynamic social networks", Proc. ASONAM 2010, 176-183.

    Examples
    --------
    >>> r1 = {"a": 0, "b": 0, "c": 0, "d": 1}
    >>> r2 = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 1}
    >>> track_communities({2020: r1, 2021: r2})[["size", "lineage", "previous", "event"]]
                          size  lineage  previous     event
    period community
    2020   0             3        0      <NA>     birth
           1             1        1      <NA>     birth
    2021   0             2        0         0  continue
           1             3        1         1  continue
    """
    if not 0 < min_jaccard <= 1:
        raise OptionError(f"min_jaccard must lie in (0, 1], not {min_jaccard!r}")
    used_seed = None
    if isinstance(data, Corpus):
        used_seed = draw_seed(seed)
        snaps = snapshots(data, freq, cumulative, **graph_kwargs)
        results = {
            p: find_communities(G, method, resolution=resolution, seed=used_seed)
            for p, G in snaps.items()
        }
    elif isinstance(data, Mapping):
        results = dict(data)
    else:
        raise TypeError(
            f"expected a Corpus or a mapping of results, not {type(data).__name__}"
        )
    rows = []
    prev_lineage: dict = {}
    prev = None
    next_lineage = 0
    for period, res in results.items():
        memb = as_partition(res)
        sizes = memb.value_counts()
        labels = sorted(sizes.index, key=lambda x: (-sizes[x], x))
        match: dict = {}
        had_candidate: set = set()
        if prev is not None:
            m = match_communities(memb, prev)
            m = m[m["jaccard"] >= min_jaccard]
            taken: set = set()
            for ca, cb, j in zip(m["community_a"], m["community_b"], m["jaccard"], strict=True):
                had_candidate.add(ca)
                if ca in match or cb in taken:
                    continue
                match[ca] = (cb, j)
                taken.add(cb)
        lineage: dict = {}
        for c in labels:
            if c in match:
                cb, j = match[c]
                lineage[c] = prev_lineage[cb]
                event, previous, jac = "continue", cb, j
            else:
                lineage[c] = next_lineage
                next_lineage += 1
                event = "split" if c in had_candidate else "birth"
                previous, jac = pd.NA, np.nan
            rows.append((period, c, int(sizes[c]), lineage[c], previous, jac, event))
        prev, prev_lineage = memb, lineage
    df = pd.DataFrame(
        rows, columns=["period", "community", "size", "lineage", "previous", "jaccard", "event"]
    )
    df = df.sort_values(["period", "community"], kind="stable").set_index(["period", "community"])
    df["size"] = df["size"].astype("int64")
    df["lineage"] = df["lineage"].astype("int64")
    df["previous"] = (
        pd.array(df["previous"].tolist(), dtype="Int64") if len(df) else pd.array([], dtype="Int64")
    )
    df["jaccard"] = df["jaccard"].astype(float)
    df.attrs["seed"] = used_seed
    return df


def evolution(*args: Any, **kwargs: Any) -> pd.DataFrame:
    """Deprecated name of :func:`network_evolution` (removed in the next release)."""
    warn_renamed("graphlib_papers.evolution.evolution()", "graphlib_papers.network_evolution()")
    return network_evolution(*args, **kwargs)


# ``gp.evolution`` is this module; calling it still works, with a FutureWarning
callable_module(__name__, network_evolution, "evolution")
