"""What each community writes about: distinctive title words and a readable name.

A community's papers are those most of whose authors belong to it. A term (a word or
two adjacent words of a title, stop words left out) is distinctive of a community when
it occurs on a larger share of its papers than of the other communities' papers; the
strength of the difference is Dunning's log-likelihood ratio G² [1]_, the term weighting
CiteSpace uses to label clusters [2]_.

References
----------
.. [1] T. Dunning, "Accurate methods for the statistics of surprise and coincidence",
   Computational Linguistics 19(1), 61–74 (1993).
.. [2] C. Chen, F. Ibekwe-SanJuan and J. Hou, "The structure and dynamics of cocitation
   clusters: a multiple-perspective cocitation analysis", JASIST 61(7), 1386–1409 (2010).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._check import renamed_keywords
from .exceptions import SchemaError

__all__ = ["paper_communities", "community_terms", "community_names"]

# English function words and words every paper title uses; kept short and explicit.
_STOP = frozenset(
    """a about above across after against all also an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having how however i if in into is it its itself just more most no nor not of
    off on once only or other our out over own same should so some such than that the their
    them then there these they this those through to too under until up very via was we were
    what when where which while who whom why will with within without would you your
    towards toward using use used new based approach approaches method methods study paper
    via vs versus beyond can't don't it's let's one two three part""".split()
)
_TOKEN = r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*"


def paper_communities(corpus, communities: Any) -> pd.Series:
    """The community of each paper: the one most of its authors belong to.

    Ties go to the smaller label (the larger community); papers none of whose authors
    is in the membership are left out.

    Parameters
    ----------
    corpus : Corpus
    communities : CommunityResult or Series
        Author -> community label.

    Returns
    -------
    Series
        Indexed by ``paper_id`` (sorted), named ``community``.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p1", "p2"], "author": ["A B", "C D", "E F", "E F"]}))
    >>> paper_communities(toy, pd.Series({"a:a-b": 1, "a:c-d": 1, "a:e-f": 0})).to_dict()
    {'p1': 1, 'p2': 0}
    """
    membership = getattr(communities, "membership", communities)
    if not isinstance(membership, pd.Series):
        raise SchemaError("communities must be a CommunityResult or a Series")
    ships = corpus.authorships[["paper_id", "author_id"]]
    ships = ships.join(membership.rename("community"), on="author_id", how="inner")
    counts = ships.groupby(["paper_id", "community"]).size().rename("n").reset_index()
    counts = counts.sort_values(["paper_id", "n", "community"], ascending=[True, False, True])
    best = counts.drop_duplicates("paper_id").set_index("paper_id")["community"]
    return best.sort_index().rename("community")


def _terms(titles: pd.Series) -> pd.DataFrame:
    """(paper_id, term) pairs, each term once per paper: words and adjacent word pairs."""
    words = titles.fillna("").astype(str).str.lower().str.findall(_TOKEN)
    rows = []
    for pid, toks in words.items():
        kept = [t if t not in _STOP and len(t) > 2 and not t.isdigit() else None for t in toks]
        terms = {t for t in kept if t}
        terms.update(f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False) if a and b)
        rows.extend((pid, t) for t in terms)
    return pd.DataFrame(rows, columns=["paper_id", "term"])


def _g2(a: np.ndarray, b: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Dunning's G² for a term on `a` of `n1` papers inside, `b` of `n2` outside."""
    obs = np.stack([a, n1 - a, b, n2 - b]).astype(float)
    total = n1 + n2
    k = a + b
    exp = np.stack([n1 * k / total, n1 * (total - k) / total,
                    n2 * k / total, n2 * (total - k) / total])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(obs > 0, obs * np.log(obs / exp), 0.0)
    return 2.0 * terms.sum(axis=0)


@renamed_keywords(n="top_n")
def community_terms(
    corpus, communities: Any, *, top_n: int = 5, min_papers: int = 2
) -> pd.DataFrame:
    """The title terms most distinctive of each community (log-likelihood ratio).

    Parameters
    ----------
    corpus : Corpus
    communities : CommunityResult or Series
        Author -> community label.
    top_n : int, default 5
        Terms per community.
    min_papers : int, default 2
        A term must occur on at least this many of the community's papers.

    Returns
    -------
    DataFrame
        Indexed by ``community`` (every label with at least one paper): ``terms``
        (tuple, most distinctive first), ``g2`` (tuple of their G² scores),
        ``n_papers`` (papers assigned to the community). Only terms over-represented
        in the community are kept; a word inside a kept two-word term is not repeated, and
        a two-word term on at least half the papers of a kept word replaces it.

    Notes
    -----
    For a term on ``a`` of the community's ``n1`` papers and on ``b`` of the other
    ``n2`` papers, G² = 2 Σ O ln(O / E) over the 2 × 2 table of observed counts O
    and their expectations E under independence [1]_. Ties are broken by term.

    References
    ----------
    .. [1] T. Dunning, "Accurate methods for the statistics of surprise and
       coincidence", Computational Linguistics 19(1), 61–74 (1993).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p2", "p3", "p4"],
    ...     "author": ["A B", "A B", "C D", "C D"],
    ...     "title": ["Sparse attention for speech", "Sparse attention in vision",
    ...               "Protein folding with graphs", "Protein folding at scale"]}))
    >>> terms = community_terms(toy, pd.Series({"a:a-b": 0, "a:c-d": 1}), top_n=2)
    >>> terms["terms"].tolist()
    [('sparse attention',), ('protein folding',)]
    """
    paper_comm = paper_communities(corpus, communities)
    labels = sorted(paper_comm.unique())
    sizes = paper_comm.value_counts().reindex(labels)
    index = pd.Index(labels, name="community")
    out = pd.DataFrame({"terms": [()] * len(labels), "g2": [()] * len(labels),
                        "n_papers": sizes.to_numpy(dtype=int)}, index=index)
    if not len(labels) or "title" not in corpus.papers:
        return out
    pairs = _terms(corpus.papers["title"].reindex(paper_comm.index))
    if pairs.empty:
        return out
    pairs["community"] = paper_comm.reindex(pairs["paper_id"]).to_numpy()
    counts = pairs.groupby(["community", "term"]).size().rename("a").reset_index()
    total_by_term = pairs.groupby("term").size()
    counts["b"] = total_by_term.reindex(counts["term"]).to_numpy() - counts["a"]
    counts["n1"] = sizes.reindex(counts["community"]).to_numpy()
    counts["n2"] = len(paper_comm) - counts["n1"]
    counts = counts[counts["a"] >= np.minimum(min_papers, counts["n1"])]
    over = counts["a"] * counts["n2"] > counts["b"] * counts["n1"]
    counts = counts[over].copy()
    counts["g2"] = _g2(*(counts[c].to_numpy() for c in ("a", "b", "n1", "n2")))
    counts = counts.sort_values(["community", "g2", "term"], ascending=[True, False, True])
    for label, group in counts.groupby("community", sort=True):
        chosen: list[str] = []
        scores: list[float] = []
        seen: dict[str, int] = {}
        for term, g2, a in zip(group["term"], group["g2"], group["a"], strict=True):
            words = term.split()
            if len(chosen) == top_n and len(words) == 1:
                continue
            inside = [i for i, c in enumerate(chosen) if set(c.split()) <= set(words)]
            if inside and len(words) == 2 and 2 * a >= max(seen[chosen[i]] for i in inside):
                # a phrase on at least half its words' papers says more than the words
                i = inside[0]
                chosen[i], scores[i] = term, round(float(g2), 3)
                seen[term] = int(a)
                for j in reversed(inside[1:]):
                    del chosen[j], scores[j]
                continue
            if len(chosen) == top_n or any(
                set(words) <= set(c.split()) or set(c.split()) <= set(words) for c in chosen
            ):
                continue
            chosen.append(term)
            scores.append(round(float(g2), 3))
            seen[term] = int(a)
        out.at[label, "terms"] = tuple(chosen)
        out.at[label, "g2"] = tuple(scores)
    return out


@renamed_keywords(n_authors="top_n_authors", n_terms="top_n_terms")
def community_names(
    top_authors: pd.Series, terms: pd.DataFrame | None = None, *, top_n_authors: int = 2,
    top_n_terms: int = 3,
) -> pd.Series:
    """A readable name per community: its most central authors, then its distinctive words.

    Parameters
    ----------
    top_authors : Series
        Community -> tuple of author names, most central first (the ``top_authors``
        column of :func:`graphlib_papers.community_report`).
    terms : DataFrame, optional
        From :func:`community_terms`.
    top_n_authors, top_n_terms : int
        How many authors and words the name shows (``n_authors=`` and ``n_terms=``
        work one release with a FutureWarning).

    Returns
    -------
    Series
        Community -> name, e.g. ``"Sanjiv Kumar, Ankit Singh Rawat: distillation,
        retrieval"``.

    Examples
    --------
    >>> community_names(pd.Series({0: ("Ada Lovelace", "Charles Babbage", "X")}),
    ...                 pd.DataFrame({"terms": [("engines", "notes")]}, index=[0]))
    0    Ada Lovelace, Charles Babbage: engines, notes
    Name: name, dtype: object
    """
    names = {}
    for label, authors in top_authors.items():
        who = ", ".join(str(a) for a in tuple(authors)[:top_n_authors])
        words: tuple = ()
        if terms is not None and label in terms.index:
            words = tuple(terms.at[label, "terms"])[:top_n_terms]
        names[label] = f"{who}: {', '.join(words)}" if words else who
    return pd.Series(names, name="name", dtype=object)
