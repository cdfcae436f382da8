"""Lab clusters: author-to-lab membership from paper tags, lab graphs, labs versus communities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import (
    as_partition,
    links_by_group,
    network_and_corpus,
    renamed_keywords,
    runs_to_tuples,
    warn_renamed,
)
from .communities import CommunityResult, compare_partitions
from .corpus import Corpus, check_corpus
from .graphs import coauthor_matrix
from .stats import graph_arrays

__all__ = [
    "UNKNOWN_LAB",
    "lab_membership",
    "lab_clusters",
    "lab_graph",
    "labs_vs_communities",
    "LabCommunityComparison",
]

#: The primary lab of an author none of whose papers carries a lab tag.
UNKNOWN_LAB = "unknown"


def _author_lab_counts(corpus: Corpus) -> pd.DataFrame:
    """Long table author_id, lab, n (papers of the author tagged with the lab)."""
    tags = corpus.papers["labs"].explode().dropna().rename("lab")
    ships = corpus.authorships[["paper_id", "author_id"]]
    long = ships.join(tags, on="paper_id", how="inner")
    return long.groupby(["author_id", "lab"]).size().rename("n").reset_index()


def lab_membership(corpus: Corpus) -> pd.DataFrame:
    """Which labs each author publishes with, and their primary lab.

    Lab tags belong to papers, not people (and are noisy); an author's labs are
    read off the tags of their papers.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame
        Indexed by ``author_id`` (every author of the corpus, sorted):
        ``name``; ``n_papers`` (all their papers, inferred authorships included);
        ``n_tagged`` (those carrying at least one lab tag); ``lab_counts`` (tuple of
        ``(lab, n_papers)``, most frequent first, ties alphabetical);
        ``primary_lab`` (the first of those, or :data:`UNKNOWN_LAB` when no paper
        is tagged); ``confidence`` (share of the tagged papers that carry the
        primary lab; NaN for unknown); ``n_labs``.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.

    Notes
    -----
    The primary lab is the plurality tag of the author's papers; a paper tagged
    with two labs counts for both, so the confidences of an author's labs can
    sum to more than 1. This is the "majority affiliation" rule used to assign
    authors to institutions from their publication records (Newman 2001, who
    groups authors by the institution on their papers).

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       Proc. Natl. Acad. Sci. USA 98(2):404-409, 2001.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p3"],
    ...     "author": ["Ann Lee", "Bo Chen", "Ann Lee", "Cy Diaz"],
    ...     "labs": ["mit", "mit", "mila;mit", ""]}))
    >>> lab_membership(corpus)[["primary_lab", "confidence", "n_tagged", "lab_counts"]]
                primary_lab  confidence  n_tagged                lab_counts
    author_id
    a:ann-lee           mit         1.0         2  ((mit, 2), (mila, 1))
    a:bo-chen           mit         1.0         1              ((mit, 1),)
    a:cy-diaz       unknown         NaN         0                        ()
    """
    check_corpus(corpus)
    cache = getattr(corpus, "_cache", None)  # a Corpus is immutable: computed once
    if cache is not None and "lab_membership" in cache:
        return cache["lab_membership"].copy()
    df = _lab_membership(corpus)
    if cache is not None:
        cache["lab_membership"] = df.copy()
    return df


def _lab_membership(corpus: Corpus) -> pd.DataFrame:
    authors = corpus.authors
    ships = corpus.authorships
    counts = _author_lab_counts(corpus).sort_values(
        ["author_id", "n", "lab"], ascending=[True, False, True]
    )
    tagged_papers = corpus.papers["labs"].map(len) > 0
    ships = ships.assign(tagged=ships["paper_id"].map(tagged_papers).astype(bool))
    n_papers = ships.groupby("author_id").size()
    n_tagged = ships.groupby("author_id")["tagged"].sum()
    firsts = counts.drop_duplicates("author_id").set_index("author_id")
    # counts is sorted by author: each author's (lab, n) pairs are one contiguous run
    lab_counts = runs_to_tuples(
        counts["author_id"].tolist(),
        zip(counts["lab"].tolist(), counts["n"].astype(int).tolist(), strict=True),
    )
    idx = authors.index
    df = pd.DataFrame(index=pd.Index(idx, name="author_id"))
    df["name"] = authors["name"].astype(object)
    df["n_papers"] = n_papers.reindex(idx, fill_value=0).astype(int)
    df["n_tagged"] = n_tagged.reindex(idx, fill_value=0).astype(int)
    df["lab_counts"] = [lab_counts.get(a, ()) for a in idx]
    df["primary_lab"] = firsts["lab"].reindex(idx).fillna(UNKNOWN_LAB).astype(object)
    top = firsts["n"].reindex(idx).astype(float)
    df["confidence"] = (top / df["n_tagged"].where(df["n_tagged"] > 0)).astype(float)
    df["n_labs"] = df["lab_counts"].map(len).astype(int)
    return df


def lab_clusters(
    network: Any = None,
    corpus: Corpus | None = None,
    *,
    weight: str | None = "weight",
    G: Any = None,
) -> pd.DataFrame:
    """Authors grouped by primary lab, with how tightly each group collaborates.

    Parameters
    ----------
    network : networkx.Graph, CoauthorMatrix or None
        The co-author network, either form; :func:`graphlib_papers.coauthor_matrix` of
        `corpus` when None, or when the corpus is passed alone (``lab_clusters(corpus)``).
        Authors of the network missing from the corpus count as :data:`UNKNOWN_LAB`.
    corpus : Corpus
        Gives each author's primary lab (see :func:`lab_membership`). (The older order
        ``lab_clusters(corpus, network)`` still works, with a FutureWarning.)
    weight : str or None
        Edge weight for the weight columns.

    Returns
    -------
    DataFrame
        Indexed by ``lab`` (largest cluster first, ties alphabetical), with
        ``n_authors``, ``members`` (tuple of author ids), ``mean_confidence``,
        ``internal_edges``, ``internal_weight``, ``density`` (internal edges over
        n(n-1)/2; NaN below two authors), ``external_edges``, ``external_weight``
        and ``outside_labs`` (tuple of ``(lab, n_edges)`` to other clusters, most
        first).

    Other Parameters
    ----------------
    G
        Deprecated keyword for `network`.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.

    Notes
    -----
    Density is the share of possible co-author pairs that did write together
    (Wasserman & Faust 1994, ch. 4); self-loops are ignored.

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge UP, 1994.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p2"],
    ...     "author": ["Ann Lee", "Bo Chen", "Bo Chen", "Cy Diaz"],
    ...     "labs": ["mit", "mit", "", ""]}))
    >>> lab_clusters(corpus)[["n_authors", "internal_edges", "density", "external_edges"]]
             n_authors  internal_edges  density  external_edges
    lab
    mit              2               1      1.0               1
    unknown          1               0      NaN               1
    """
    network, corpus = network_and_corpus("lab_clusters", network, corpus, Corpus, G=G)
    check_corpus(corpus)
    lm = lab_membership(corpus)
    nodes, A = graph_arrays(coauthor_matrix(corpus) if network is None else network, weight)
    ids = pd.Index(nodes, dtype=object).union(lm.index) if nodes else lm.index
    primary = lm["primary_lab"].reindex(ids).fillna(UNKNOWN_LAB)
    conf = lm["confidence"].reindex(ids)
    labs_sorted = primary.value_counts()
    labs_sorted = labs_sorted.sort_index().sort_values(ascending=False, kind="stable")
    order = list(labs_sorted.index)
    k = len(order)
    node_lab = pd.Index(order).get_indexer(primary.reindex(nodes).to_numpy(dtype=object))
    coo = sp.triu(A, k=1).tocoo()
    cu, cv = node_lab[coo.row], node_lab[coo.col]
    int_e, int_w, ext_e, ext_w = links_by_group(cu, cv, coo.data, k)
    same = cu == cv
    ends = np.concatenate([cu[~same], cv[~same]])
    other = np.concatenate([cv[~same], cu[~same]])
    cross = pd.DataFrame({"lab": ends, "other": other}).value_counts().rename("n").reset_index()
    cross = cross.assign(other_name=[order[i] for i in cross["other"]])
    cross = cross.sort_values(["lab", "n", "other_name"], ascending=[True, False, True])
    outside = {
        lab: tuple(zip(g["other_name"], g["n"].astype(int), strict=True))
        for lab, g in cross.groupby("lab")
    }
    members = primary.groupby(primary).groups
    n = labs_sorted.to_numpy().astype(int)
    possible = n * (n - 1) / 2
    df = pd.DataFrame(
        {
            "n_authors": n,
            "members": [tuple(sorted(members[lab])) for lab in order],
            "mean_confidence": [float(conf[members[lab]].mean()) for lab in order],
            "internal_edges": int_e.astype(int),
            "internal_weight": int_w,
            "density": np.divide(int_e, possible, out=np.full(k, np.nan), where=possible > 0),
            "external_edges": ext_e.astype(int),
            "external_weight": ext_w,
            "outside_labs": [outside.get(i, ()) for i in range(k)],
        },
        index=pd.Index(order, name="lab", dtype=object),
    )
    return df


def lab_graph(
    network: Any = None,
    corpus: Corpus | None = None,
    *,
    weight: str | None = "weight",
    G: Any = None,
) -> nx.Graph:
    """The lab-to-lab collaboration graph.

    Two labs are linked when a paper carries both tags, or when a co-author link
    joins authors whose primary labs they are.

    Parameters
    ----------
    network : networkx.Graph, CoauthorMatrix or None
        The co-author network, either form; :func:`graphlib_papers.coauthor_matrix` of
        `corpus` when None, or when the corpus is passed alone (``lab_graph(corpus)``).
    corpus : Corpus
        Gives the lab tags of the papers and each author's primary lab. (The older
        order ``lab_graph(corpus, network)`` still works, with a FutureWarning.)
    weight : str or None
        Co-author edge weight summed into ``coauthor_weight``.

    Returns
    -------
    networkx.Graph
        Nodes are lab tags (sorted; :data:`UNKNOWN_LAB` is not a lab and is left
        out) with ``n_papers`` (papers tagged) and ``n_authors`` (authors whose
        primary lab it is). Edges carry ``n_shared_papers``, ``n_coauthor_links``,
        ``coauthor_weight`` and ``weight`` = ``n_shared_papers + n_coauthor_links``.
        No self-loops.

    Other Parameters
    ----------------
    G
        Deprecated keyword for `network`.

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.

    Notes
    -----
    Shared papers are counted from the sparse paper x lab incidence matrix T as
    the off-diagonal of T^T T, the co-occurrence count of scientometrics
    (Leydesdorff & Vaughan 2006); co-author links are summed per pair of primary
    labs.

    References
    ----------
    .. [1] L. Leydesdorff and L. Vaughan, "Co-occurrence matrices and their
       applications in information science", J. Am. Soc. Inf. Sci. Technol.
       57(12):1616-1628, 2006.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p3", "p3", "p4"],
    ...     "author": ["Ann Lee", "Bo Chen", "Ann Lee", "Bo Chen", "Cy Diaz", "Cy Diaz"],
    ...     "labs": ["mit", "mit", "mit;mila", "mila", "mila", "mila"]}))
    >>> LG = lab_graph(corpus)
    >>> sorted(LG.nodes(data="n_papers"))
    [('mila', 3), ('mit', 2)]
    >>> LG.edges["mila", "mit"]["n_shared_papers"], LG.edges["mila", "mit"]["n_coauthor_links"]
    (1, 1)
    """
    network, corpus = network_and_corpus("lab_graph", network, corpus, Corpus, G=G)
    check_corpus(corpus)
    lm = lab_membership(corpus)
    tags = corpus.papers["labs"].explode().dropna()
    labs = sorted(set(tags))
    code = {lab: i for i, lab in enumerate(labs)}
    k = len(labs)
    LG = nx.Graph()
    n_authors = lm["primary_lab"].value_counts()
    n_papers = tags.value_counts()
    LG.add_nodes_from(
        (lab, {"n_papers": int(n_papers.get(lab, 0)), "n_authors": int(n_authors.get(lab, 0))})
        for lab in labs
    )
    if k == 0:
        return LG
    pcode = pd.Index(corpus.papers.index).get_indexer(tags.index)
    T = sp.csr_matrix(
        (np.ones(len(tags)), (pcode, [code[t] for t in tags])), shape=(len(corpus.papers), k)
    )
    T.data[:] = 1.0
    shared = sp.triu(T.T @ T, k=1).tocoo()
    nodes, A = graph_arrays(coauthor_matrix(corpus) if network is None else network, weight)
    primary = lm["primary_lab"].reindex(nodes).fillna(UNKNOWN_LAB).to_numpy(dtype=object)
    node_lab = np.array([code.get(p, -1) for p in primary], dtype=np.int64)
    coo = sp.triu(A, k=1).tocoo()
    a, b = node_lab[coo.row], node_lab[coo.col]
    ok = (a >= 0) & (b >= 0) & (a != b)
    lo, hi = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
    links = sp.coo_matrix((np.ones(ok.sum()), (lo, hi)), shape=(k, k)).tocsr()
    lw = sp.coo_matrix((coo.data[ok], (lo, hi)), shape=(k, k)).tocsr()
    # every pair with a shared paper or a co-author link, in sorted order, read off at once
    sh = shared.tocsr()
    any_pair = (sh + links).tocoo()
    order = np.lexsort((any_pair.col, any_pair.row))
    rows, cols = any_pair.row[order], any_pair.col[order]
    if not len(rows):
        return LG
    n_sh = np.asarray(sh[rows, cols]).ravel().astype(int)
    n_li = np.asarray(links[rows, cols]).ravel().astype(int)
    cw = np.asarray(lw[rows, cols]).ravel().astype(float)
    LG.add_edges_from(
        (labs[i], labs[j], {"n_shared_papers": a, "n_coauthor_links": b,
                            "coauthor_weight": c, "weight": float(a + b)})
        for i, j, a, b, c in zip(rows.tolist(), cols.tolist(), n_sh.tolist(), n_li.tolist(),
                                 cw.tolist(), strict=True)
    )
    return LG


@dataclass(frozen=True, eq=False)
class LabCommunityComparison:
    """How detected communities line up with primary labs.

    Attributes
    ----------
    crosstab : DataFrame
        Authors per (primary lab, community); rows are labs (with
        :data:`UNKNOWN_LAB`), columns community labels.
    nmi : float
        Normalised mutual information between lab and community, over the
        authors with a known lab (NaN when there are none).
    ari : float
        Adjusted Rand index over the same authors.
    n_authors : int
        Authors compared (known lab and a community).
    """

    crosstab: pd.DataFrame
    nmi: float
    ari: float
    n_authors: int

    def __repr__(self) -> str:
        return (
            f"<LabCommunityComparison: {self.n_authors} authors, NMI {self.nmi:.3f}, "
            f"ARI {self.ari:.3f}>"
        )


@renamed_keywords(result="communities")
def labs_vs_communities(
    corpus: Corpus, communities: CommunityResult | pd.Series
) -> LabCommunityComparison:
    """Crosstab of primary labs against communities, with NMI and ARI.

    Parameters
    ----------
    corpus : Corpus
        Gives each author's primary lab (see :func:`lab_membership`).
    communities : CommunityResult or Series
        Community per ``author_id``. (The older order ``labs_vs_communities(communities,
        corpus)`` still works, with a FutureWarning.)

    Returns
    -------
    LabCommunityComparison

    Raises
    ------
    TypeError
        If `corpus` is not a Corpus.

    Notes
    -----
    Authors of unknown lab appear in the crosstab but are left out of NMI and
    ARI: "unknown" is missing data, not a lab (counting it would reward
    communities of untagged authors). NMI and ARI are those of
    :func:`compare_partitions`, where their references are given.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p2"],
    ...     "author": ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Eze"],
    ...     "labs": ["mit", "mit", "mila", "mila"]}))
    >>> cmp = labs_vs_communities(corpus, gp.find_communities(gp.coauthor_graph(corpus), seed=0))
    >>> cmp.nmi, cmp.ari, cmp.n_authors
    (1.0, 1.0, 4)
    >>> cmp.crosstab
    community  0  1
    lab
    mila       0  2
    mit        2  0
    """
    if isinstance(communities, Corpus) and not isinstance(corpus, Corpus):  # the older order
        warn_renamed("labs_vs_communities(communities, corpus)",
                     "labs_vs_communities(corpus, communities)")
        corpus, communities = communities, corpus
    check_corpus(corpus)
    membership = as_partition(communities)
    lm = lab_membership(corpus)["primary_lab"]
    labs = lm.reindex(membership.index).fillna(UNKNOWN_LAB)
    table = pd.crosstab(
        pd.Categorical(labs.to_numpy(dtype=object), categories=sorted(set(labs))),
        pd.Categorical(membership.to_numpy(), categories=sorted(set(membership))),
        dropna=False,
    )
    table.index = pd.Index(table.index.astype(object), name="lab", dtype=object)
    table.columns = pd.Index(list(table.columns), name="community")
    known = labs != UNKNOWN_LAB
    cmp = compare_partitions(labs[known], membership[known])
    return LabCommunityComparison(
        crosstab=table.astype(int),
        nmi=float(cmp["nmi"]),
        ari=float(cmp["ari"]),
        n_authors=int(cmp["n_common"]),
    )
