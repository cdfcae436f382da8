"""Telling people apart: one printed name split into several authors, from evidence.

The name layer (:mod:`graphlib_papers.names`) decides which *spellings* belong to one
person. This module decides which *mentions* of one name belong to one person, for
the case the spelling cannot settle: ``"J. Lee"`` printed on two papers may be two
people. It runs when ``disambiguate=True`` is passed to a reader,
:meth:`graphlib_papers.Corpus.with_names` or :func:`graphlib_papers.concat`.

Method (deterministic, no training data, no network access). Mentions are blocked
by surname key and first initial; pairs are never formed across blocks, and within
a block only through shared evidence (sparse products), so the work grows with the
evidence, not with the square of the corpus.

1. **Co-author groups.** Within one author (one name after variant merging), two
   mentions sharing a co-author are linked (co-authors are author ids, so spelling
   variants of a co-author count as one), but only through co-author names that are
   themselves unambiguous: a full given name, or the only name of its surname +
   initial block. ``"S. Lee"`` printed beside two different ``"J. Lee"`` links
   nothing.
2. **Evidence merging.** Groups of the same author are merged while their
   similarity exceeds a threshold: a weighted sum of cosine similarities
   (IDF-weighted) of their co-authors (all of them, ambiguous ones included),
   venues, title words and affiliations. In each round every group joins its most
   similar partner (Borůvka rounds, so the number of rounds grows with the
   logarithm of a name's groups). Names made of initials only (``"J. Lee"``) need
   more evidence than full names (``"Jae Lee"``).
3. **Small groups stay.** For a full name, groups smaller than ``min_group``
   papers are attached to the most similar large group: a name is split only into
   groups big enough to be told apart.
4. **Variants.** Groups of different but compatible spellings in one block
   (``"A. Gupta"`` / ``"Amarnath Gupta"``) are merged when their evidence exceeds
   ``t_variant``; the merge is recorded with rule ``evidence``.

Profile owners are never split (their page says the papers are theirs); mentions
with different source identifiers (``author_key``) are never joined.

User overrides work on *mentions*, keyed by ``(paper_id, printed_name)``:
``same=[(m1, m2), ...]`` forces two mentions into one author, ``different=[...]``
keeps them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .exceptions import OptionError
from .names import name_parts, is_group_name, name_key, names_compatible, normalize_name

__all__ = ["DisambiguationParams", "disambiguate", "ambiguous_names", "bcubed"]

Mention = tuple[str, str]

_STOP = frozenset(
    "the and for with from into onto over under via its their this that these those "
    "are was were been being have has had not but our out off all any can use using "
    "based towards toward new study analysis approach method methods".split()
)
_WORD = re.compile(r"[^\W\d_]{3,}|\d{3,}")


@dataclass(frozen=True)
class DisambiguationParams:
    """The weights and thresholds of :func:`disambiguate` (defaults as documented).

    Attributes
    ----------
    w_coauthor, w_venue, w_title, w_affiliation : float
        Weights of the cosine similarities summed into a group-to-group score.
    t_full : float
        Score above which two groups of a full name are one person.
    t_initials : float
        The same for names whose given names are initials only.
    t_variant : float
        Score above which groups of two compatible spellings are merged.
    min_group : int
        A full name is split only into groups of at least this many mentions.
    max_team : int
        Co-authors on papers with more authors than this are no evidence
        (hyper-authored papers).
    max_share : float
        Within a block, a venue, title word or affiliation shared by more than this
        share of the mentions (and at least 20) is no evidence.
    """

    w_coauthor: float = 1.0
    w_venue: float = 0.3
    w_title: float = 0.6
    w_affiliation: float = 0.5
    t_full: float = 0.02
    t_initials: float = 0.2
    t_variant: float = 0.4
    min_group: int = 5
    max_team: int = 50
    max_share: float = 0.5


def _initials_only(name: str) -> bool:
    parts = name_parts(name)
    if parts is None:
        return True
    return all(len(t) == 1 for t in parts[1])


def _block_key(name: str) -> str:
    parts = name_parts(name)
    if parts is None:
        return "~" + name_key(name)
    return f"{parts[0]}|{parts[1][0][0]}"


def _title_words(title: str) -> list[str]:
    return [w for w in _WORD.findall(str(title).casefold()) if w not in _STOP]


def _incidence(items: list[list[str]]) -> sp.csr_matrix:
    """Binary row x item matrix from one list of items per row."""
    lengths = np.fromiter((len(x) for x in items), np.int64, len(items))
    flat = pd.Series([v for x in items for v in x], dtype=object)
    codes, uniques = pd.factorize(flat, sort=True)
    rows = np.repeat(np.arange(len(items)), lengths)
    m = sp.csr_matrix(
        (np.ones(len(codes)), (rows, codes)), shape=(len(items), max(len(uniques), 1))
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _idf(m: sp.csr_matrix) -> np.ndarray:
    df = np.bincount(m.indices, minlength=m.shape[1])
    return np.log1p(m.shape[0] / np.maximum(df, 1))


def _normalize_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    m = sp.csr_matrix(m)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m


def _blockwise(m: sp.csr_matrix, block: np.ndarray, max_share: float) -> sp.csr_matrix:
    """IDF-weight `m` and give each (block, feature) its own column, so that products
    pair rows of one block only. Features on more than `max_share` of a block's rows
    (and on at least 20 of them) carry no evidence there and are dropped."""
    m = sp.csr_matrix(m.multiply(_idf(m)).tocsr()) if m.nnz else m
    coo = m.tocoo()
    if not coo.nnz:
        return sp.csr_matrix(m.shape)
    pair = block[coo.row].astype(np.int64) * m.shape[1] + coo.col
    col, uniq = pd.factorize(pair, sort=False)
    df = np.bincount(col)
    block_size = np.bincount(block)
    common = (df > max_share * block_size[uniq // m.shape[1]]) & (df >= 20)
    keep = ~common[col]
    return sp.csr_matrix(
        (coo.data[keep], (coo.row[keep], col[keep])), shape=(m.shape[0], len(uniq))
    )


class _Evidence:
    """Weighted, IDF-scaled, block-wise feature matrices over all mentions."""

    def __init__(self, mats, block, max_share):
        self.block = block
        self.mats = [(w, _blockwise(m, block, max_share)) for w, m in mats if w]

    def similarity(
        self, lab: np.ndarray, active: np.ndarray | None = None, scope: np.ndarray | None = None
    ) -> pd.DataFrame:
        """Group pairs (i < j) of one block with their score; only pairs touching an
        active group when `active` is given, and only pairs within one `scope` value
        (a code per mention, such as its author) when `scope` is given.

        Pairs never cross blocks, so only the mentions of the blocks (or scopes)
        holding an active group are read: late rounds, with few active groups, cost
        little.
        """
        k = int(lab.max()) + 1
        if active is None:
            active = np.arange(k)
        is_active = np.zeros(k, bool)
        is_active[active] = True
        scope = self.block if scope is None else scope
        wanted = np.zeros(int(scope.max()) + 1, bool)
        wanted[scope[is_active[lab]]] = True
        rows = np.flatnonzero(wanted[scope])
        local, glob = pd.factorize(lab[rows], sort=True)
        mem = _membership(local)
        act = np.searchsorted(glob, np.asarray(active))
        total = None
        for w, m in self.mats:
            prof = _normalize_rows(mem @ m[rows])
            s = (prof[act] @ prof.T) * w
            total = s if total is None else total + s
        if total is None:
            return pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64),
                                 "score": np.empty(0)})
        coo = sp.coo_matrix(total)
        i, j = glob[act[coo.row]], glob[coo.col]
        # each pair once: (active, inactive) as found, (active, active) with i < j
        keep = (i != j) & (~is_active[j] | (i < j))
        i, j, v = i[keep], j[keep], coo.data[keep]
        return pd.DataFrame({"i": np.minimum(i, j), "j": np.maximum(i, j), "score": v})


def _membership(labels: np.ndarray) -> sp.csr_matrix:
    k = int(labels.max()) + 1 if len(labels) else 0
    n = len(labels)
    return sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))


def _relabel(labels: np.ndarray) -> np.ndarray:
    return pd.factorize(labels, sort=False)[0].astype(np.int64)


def _best_partner(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each group's best partner in `pairs` (columns i, j, score); ties go to the
    lowest group number (deterministic)."""
    a = np.r_[pairs["i"].to_numpy(), pairs["j"].to_numpy()]
    b = np.r_[pairs["j"].to_numpy(), pairs["i"].to_numpy()]
    s = np.r_[pairs["score"].to_numpy(), pairs["score"].to_numpy()]
    order = np.lexsort((b, -s, a))
    a, b = a[order], b[order]
    first = np.r_[True, a[1:] != a[:-1]] if len(a) else np.zeros(0, bool)
    return a[first], b[first]


def _reciprocal(pairs: pd.DataFrame) -> np.ndarray:
    """Rows of `pairs` (columns i, j, score) whose groups are each other's best partner;
    ties go to the lowest group number (deterministic)."""
    if pairs.empty:
        return np.empty((0, 2), dtype=np.int64)
    i, j = _best_partner(pairs)
    best_of = np.full(int(max(i.max(), j.max())) + 1, -1, dtype=np.int64)
    best_of[i] = j
    mutual = (best_of[j] == i) & (i < j)
    return np.c_[i[mutual], j[mutual]].astype(np.int64)


def _merge(labels: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    k = int(labels.max()) + 1
    g = sp.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(k, k))
    _, comp = connected_components(g, directed=False)
    return comp[labels].astype(np.int64)


def disambiguate(
    ships: pd.DataFrame,
    papers: pd.DataFrame,
    author_ids: pd.Series,
    authors: pd.DataFrame,
    *,
    same: Iterable[tuple[Mention, Mention]] | None = None,
    different: Iterable[tuple[Mention, Mention]] | None = None,
    keep_whole: Iterable[str] = (),
    vetoes: Iterable[tuple[str, str]] | None = None,
    params: DisambiguationParams | None = None,
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Split authors whose mentions belong to several people; merge variants by evidence.

    Parameters
    ----------
    ships : DataFrame
        One row per authorship: ``paper_id``, ``printed_name``, optional
        ``affiliation`` and ``author_key``.
    papers : DataFrame
        Indexed by ``paper_id``; ``title`` and, where present, ``venue``.
    author_ids : Series
        The name layer's ``author_id`` per row of `ships`.
    authors : DataFrame
        The name layer's authors table (index ``author_id``, ``name``).
    same, different : iterable of pairs of (paper_id, printed_name), optional
        Mentions forced into one author, or kept apart.
    keep_whole : iterable of str
        Author ids never split (profile owners).
    vetoes : iterable of pairs of spellings, optional
        Spellings never merged (the name layer's vetoes).
    params : DisambiguationParams, optional

    Returns
    -------
    ids : Series
        New ``author_id`` per row of `ships`.
    splits : DataFrame
        One row per author an original author became: ``name``, ``author_id`` (the
        original), ``split_id``, ``n_papers``, ``papers`` (tuple), ``evidence``.
    merges : DataFrame
        Spellings joined by evidence: ``variant``, ``name``, ``author_id``, ``rule``
        (``"evidence"``), ``reason``.

    Raises
    ------
    KeyError
        If a mention in `same` or `different` is not in `ships`.
    ValueError
        If `same` chains two mentions that `different` keeps apart.

    Examples
    --------
    Two "J Lee" with disjoint co-author groups become two people:

    >>> ships = pd.DataFrame({"paper_id": [f"p{i}" for i in range(10) for _ in (0, 1)],
    ...     "printed_name": ["J Lee", "Ann Park"] * 5 + ["J Lee", "Bo Kim"] * 5})
    >>> titles = [f"graph colouring {i}" for i in range(5)] + [
    ...     f"protein folding {i}" for i in range(5)]
    >>> papers = pd.DataFrame({"title": titles},
    ...                       index=pd.Index([f"p{i}" for i in range(10)], name="paper_id"))
    >>> from graphlib_papers.names import resolve_names
    >>> ids0, authors, _ = resolve_names(ships)
    >>> ids, splits, _ = disambiguate(ships, papers, ids0, authors)
    >>> sorted(set(ids[ships["printed_name"] == "J Lee"]))
    ['a:j-lee', 'a:j-lee/2']
    >>> splits[["split_id", "n_papers"]].values.tolist()
    [['a:j-lee', 5], ['a:j-lee/2', 5]]
    """
    params = params or DisambiguationParams()
    ships = ships.reset_index(drop=True)
    n = len(ships)
    base = author_ids.to_numpy().astype(object)
    if n == 0:
        return (
            pd.Series(base, index=author_ids.index, dtype=object),
            pd.DataFrame(columns=_SPLIT_COLUMNS),
            pd.DataFrame(columns=_MERGE_COLUMNS),
        )
    names = ships["printed_name"].astype(str).map(normalize_name).to_numpy(dtype=object)
    paper = ships["paper_id"].astype(str).to_numpy(dtype=object)
    canon = authors["name"].reindex(base).to_numpy(dtype=object)
    acodes, auniq = pd.factorize(base, sort=True)
    acanon = authors["name"].reindex(auniq).to_numpy(dtype=object)
    a_group = np.fromiter((is_group_name(c) for c in acanon), bool, len(auniq))
    a_full = np.fromiter((not _initials_only(c) for c in acanon), bool, len(auniq))
    a_block = np.array([_block_key(c) for c in acanon], dtype=object)
    bcodes_a, _ = pd.factorize(a_block, sort=True)
    block = bcodes_a[acodes]
    # co-author names that are themselves unambiguous link mentions in step 1: a full
    # given name, or the only name of its surname + initial block ("J. Lee" printed
    # beside two different "S. Lee" is no evidence that they are one person)
    a_unamb = a_full | (np.bincount(bcodes_a)[bcodes_a] == 1)

    # -- evidence --------------------------------------------------------------------
    pcodes, puniq = pd.factorize(paper, sort=True)
    team = np.bincount(pcodes)
    paper_author = sp.csr_matrix((np.ones(n), (pcodes, acodes)), shape=(len(puniq), len(auniq)))
    paper_author.sum_duplicates()
    paper_author.data[:] = 1.0
    # mention x co-author (other authors of its paper; none on hyper-authored papers)
    small = team[pcodes] <= params.max_team
    coauth = sp.csr_matrix(sp.diags(small.astype(float)) @ paper_author[pcodes])
    coauth = coauth - sp.csr_matrix(
        (small.astype(float), (np.arange(n), acodes)), shape=coauth.shape
    )
    coauth = sp.csr_matrix(coauth)
    coauth.data[coauth.data < 0] = 0
    coauth.eliminate_zeros()
    mats: list[tuple[float, sp.csr_matrix]] = [(params.w_coauthor, coauth)]
    p = papers.reindex(puniq)
    if "venue" in p.columns:
        venue = p["venue"].astype(object).where(p["venue"].notna(), None).to_numpy()
        items = [[str(v).casefold()] if v else [] for v in venue]
        mats.append((params.w_venue, _incidence(items)[pcodes]))
    if "title" in p.columns:
        items = [_title_words(t) for t in p["title"].fillna("").astype(str)]
        mats.append((params.w_title, _incidence(items)[pcodes]))
    if "affiliation" in ships.columns:
        aff = ships["affiliation"].astype(object).where(ships["affiliation"].notna(), None)
        items = [[str(a).casefold()] if a else [] for a in aff]
        if any(items):
            mats.append((params.w_affiliation, _incidence(items)))
    evidence = _Evidence(mats, block, params.max_share)
    key = np.full(n, "", dtype=object)
    if "author_key" in ships.columns:
        k = ships["author_key"].astype(object)
        key = np.array([str(v) if v is not None and v == v else "" for v in k], dtype=object)

    # -- overrides ----------------------------------------------------------------------
    mention_row: dict[Mention, int] = {}
    for i, (pid, nm) in enumerate(zip(paper.tolist(), names.tolist(), strict=True)):
        mention_row.setdefault((pid, nm), i)

    def rows_of(pairs) -> list[tuple[int, int]]:
        out = []
        for a, b in pairs or ():
            ra = mention_row.get((str(a[0]), normalize_name(a[1])))
            rb = mention_row.get((str(b[0]), normalize_name(b[1])))
            missing = [m for m, r in ((a, ra), (b, rb)) if r is None]
            if missing:
                raise KeyError(
                    f"no authorship {tuple(missing[0])!r} (paper_id, printed name) in the corpus"
                )
            out.append((ra, rb))
        return out

    same_rows = rows_of(same)
    for i, j in same_rows:
        if paper[i] == paper[j] and i != j:
            raise OptionError(
                f"`same` joins {names[i]!r} and {names[j]!r}, printed side by side on "
                f"paper {paper[i]!r}: two people"
            )
    apart_rows = rows_of(different)
    apart_any = np.zeros(n, bool)
    for i, j in apart_rows:
        apart_any[[i, j]] = True
    veto = {frozenset((normalize_name(a), normalize_name(b))) for a, b in (vetoes or ())}
    whole_author = np.isin(auniq, list(set(keep_whole))) | a_group

    # -- step 1: co-author groups within one author ----------------------------------------
    # node per (author, co-author): mentions of an author sharing a co-author meet there
    co = coauth.tocoo()
    ok = ~apart_any[co.row] & a_unamb[co.col]
    kcode, kuniq = pd.factorize(key, sort=True)
    node_key = (
        acodes[co.row[ok]].astype(np.int64) * len(auniq) + co.col[ok]
    ) * max(len(kuniq), 1) + kcode[co.row[ok]]
    pair_node, _ = pd.factorize(node_key, sort=False)
    n_nodes = int(pair_node.max()) + 1 if len(pair_node) else 0
    whole_rows = np.flatnonzero(whole_author[acodes])
    extra_r = whole_rows
    extra_c = n + n_nodes + acodes[whole_rows]
    g = sp.csr_matrix(
        (
            np.ones(int(ok.sum()) + len(extra_r)),
            (np.r_[co.row[ok], extra_r], np.r_[n + pair_node, extra_c]),
        ),
        shape=(n + n_nodes + len(auniq), n + n_nodes + len(auniq)),
    )
    _, comp = connected_components(g, directed=False)
    lab = _relabel(comp[:n])

    def groups(lab):
        k = int(lab.max()) + 1
        g_author = np.empty(k, np.int64)
        g_author[lab] = acodes
        g_key = np.full(k, "", dtype=object)
        has = key != ""
        g_key[lab[has]] = key[has]
        return k, g_author, g_key

    has_key = key != ""
    n_keys = max(len(kuniq), 1)

    def joins_forbidden(new_lab) -> bool:
        if any(new_lab[a] == new_lab[b] for a, b in apart_rows):
            return True
        if not has_key.any():
            return False
        lab_key = np.unique(new_lab[has_key].astype(np.int64) * n_keys + kcode[has_key])
        return bool((np.diff(lab_key // n_keys) == 0).any())

    def apart_groups(lab):
        return {frozenset((int(lab[i]), int(lab[j]))) for i, j in apart_rows}

    # -- step 2: evidence merging within one author -----------------------------------
    active = None
    for _ in range(1000):
        k, g_author, g_key = groups(lab)
        multi = np.bincount(g_author, minlength=len(auniq)) > 1
        cand_groups = np.flatnonzero(multi[g_author])
        if active is None:
            active = cand_groups
        if not len(active):
            break
        pairs = evidence.similarity(lab, active, scope=acodes)
        i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
        thr = np.where(a_full[g_author], params.t_full, params.t_initials)
        keep = (
            (g_author[i] == g_author[j])
            & (pairs["score"].to_numpy() > np.maximum(thr[i], thr[j]))
            & ((g_key[i] == "") | (g_key[j] == "") | (g_key[i] == g_key[j]))
        )
        pairs = pairs[keep]
        if apart_rows and len(pairs):
            ag = apart_groups(lab)
            pairs = pairs[
                [frozenset((a, b)) not in ag for a, b in zip(pairs["i"], pairs["j"], strict=True)]
            ]
        # every group joins its best partner (Boruvka rounds: a group's best link is
        # certainly kept, and the number of rounds grows with the log of a name's groups)
        i, j = _best_partner(pairs)
        merge = np.c_[np.minimum(i, j), np.maximum(i, j)].astype(np.int64)
        if not len(merge):
            break
        new_lab = _merge(lab, merge)
        if joins_forbidden(new_lab):
            # a chain of best partners joined mentions kept apart (or two source ids):
            # mutual best pairs only this round (they never chain)
            merge = _reciprocal(pairs)
            if not len(merge):
                break
            new_lab = _merge(lab, merge)
        lab = new_lab
        # next round: only groups whose author had a merge
        touched = np.unique(g_author[merge[:, 0]])
        _, g_author2, _ = groups(lab)
        active = np.flatnonzero(np.isin(g_author2, touched))

    # -- step 3: small groups of a full name join the most similar large group ----------
    k, g_author, g_key = groups(lab)
    size = np.bincount(lab, minlength=k)
    n_groups = np.bincount(g_author, minlength=len(auniq))
    small_g = (size < params.min_group) & a_full[g_author] & (n_groups[g_author] > 1)
    if small_g.any():
        large_g = size >= params.min_group
        pairs = evidence.similarity(lab, np.flatnonzero(small_g), scope=acodes)
        both = pd.DataFrame(
            {
                "a": np.r_[pairs["i"].to_numpy(), pairs["j"].to_numpy()],
                "b": np.r_[pairs["j"].to_numpy(), pairs["i"].to_numpy()],
                "s": np.r_[pairs["score"].to_numpy(), pairs["score"].to_numpy()],
            }
        )
        a_, b_ = both["a"].to_numpy(), both["b"].to_numpy()
        # targets: a large group of the same author; an author with no large group is
        # not split at all (its small groups join its largest)
        both = both[
            small_g[a_] & (g_author[a_] == g_author[b_]) & large_g[b_] & (a_ != b_)
            & ((g_key[a_] == "") | (g_key[b_] == "") | (g_key[a_] == g_key[b_]))
        ]
        if apart_rows and len(both):
            ag = apart_groups(lab)
            both = both[
                [frozenset((a, b)) not in ag for a, b in zip(both["a"], both["b"], strict=True)]
            ]
        both = both.assign(size=size[both["b"].to_numpy()]).sort_values(
            ["a", "s", "size", "b"], ascending=[True, False, False, True], kind="stable"
        )
        best = both.drop_duplicates("a").set_index("a")["b"]
        # no evidence at all: the author's largest group (lowest number on ties)
        order = np.lexsort((np.arange(k), -size, g_author))
        largest = pd.Series(order, index=g_author[order]).groupby(level=0).first()
        remap = np.arange(k)
        small_ids = np.flatnonzero(small_g)
        # targets are large groups or an author's largest: never remapped themselves
        tgt = best.reindex(small_ids).to_numpy(dtype=float)
        fallback = largest.reindex(g_author[small_ids]).to_numpy()
        none = np.isnan(tgt)
        tgt = np.where(none, fallback, tgt).astype(np.int64)
        ok = ~none | (tgt != small_ids)
        if apart_rows:
            ag = apart_groups(lab)
            ok &= np.array(
                [not (no and frozenset((int(a), int(b))) in ag)
                 for a, b, no in zip(small_ids, tgt, none, strict=True)],
                dtype=bool,
            )
        remap[small_ids[ok]] = tgt[ok]
        lab = _relabel(remap[lab])

    # -- step 4: variants (compatible spellings of different authors) by evidence --------
    merged: list[tuple[int, int, float]] = []
    k, g_author, g_key = groups(lab)
    authors_per_block = pd.Series(bcodes_a).groupby(bcodes_a).size().to_numpy()
    active = np.flatnonzero(authors_per_block[bcodes_a[g_author]] > 1)
    names_of = {gi: {acanon[g_author[gi]]} for gi in range(k)}
    papers_of: dict[int, set] = {}
    for _ in range(1000):
        if not len(active):
            break
        pairs = evidence.similarity(lab, active)
        i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
        pairs = pairs[
            (pairs["score"].to_numpy() > params.t_variant)
            & ((g_key[i] == "") | (g_key[j] == "") | (g_key[i] == g_key[j]))
        ]
        if not len(pairs):
            break
        keep = []
        ag = apart_groups(lab) if apart_rows else set()
        by_group = np.argsort(lab, kind="stable")
        starts = np.searchsorted(lab[by_group], np.arange(k + 1))
        for a, b in zip(pairs["i"].tolist(), pairs["j"].tolist(), strict=True):
            na, nb = names_of[a], names_of[b]
            if na & nb or frozenset((a, b)) in ag:
                keep.append(False)
                continue
            ok_ = all(
                names_compatible(x, y) and frozenset((x, y)) not in veto for x in na for y in nb
            )
            if ok_:
                for gi in (a, b):
                    if gi not in papers_of:
                        rows_g = by_group[starts[gi] : starts[gi + 1]]
                        papers_of[gi] = set(pcodes[rows_g].tolist())
                ok_ = not (papers_of[a] & papers_of[b])
            keep.append(ok_)
        pairs = pairs[np.array(keep, bool)]
        merge = _reciprocal(pairs)
        if not len(merge):
            break
        sc = pairs.set_index(["i", "j"])["score"]
        for a, b in merge.tolist():
            merged.append((int(by_group[starts[a]]), int(by_group[starts[b]]), float(sc[(a, b)])))
        old_names = names_of
        old_papers = papers_of
        new_lab = _merge(lab, merge)
        # carry the per-group sets over to the new numbering
        mapping = dict(zip(lab.tolist(), new_lab.tolist(), strict=True))
        names_of, papers_of = {}, {}
        for gi, ns in old_names.items():
            names_of.setdefault(mapping[gi], set()).update(ns)
        for gi, ps in old_papers.items():
            papers_of.setdefault(mapping[gi], set()).update(ps)
        for a, _ in merge.tolist():
            papers_of.pop(mapping[a], None)  # recompute lazily
        touched = {mapping[a] for a, _ in merge.tolist()}
        lab = new_lab
        k, g_author, g_key = groups(lab)
        touched_blocks = {bcodes_a[g_author[t]] for t in touched}
        active = np.flatnonzero(np.isin(bcodes_a[g_author], list(touched_blocks)))

    # forced links across everything
    if same_rows:
        k = int(lab.max()) + 1
        a = np.array([lab[i] for i, _ in same_rows])
        b = np.array([lab[j] for _, j in same_rows])
        g = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(k, k))
        _, comp = connected_components(g, directed=False)
        lab = comp[lab]
        for i, j in apart_rows:
            if lab[i] == lab[j]:
                raise OptionError(
                    f"mentions {(paper[i], names[i])!r} and {(paper[j], names[j])!r} are "
                    "joined by `same` (directly or through a chain) and kept apart by `different`"
                )
    merge_rows = [(ri, canon[ri], canon[rj], f"{score:.2f}") for ri, rj, score in merged]
    return _assign_ids(
        lab, (acodes, auniq), (pcodes, puniq), acanon, canon, n, author_ids, merge_rows
    )


_SPLIT_COLUMNS = ["name", "author_id", "split_id", "n_papers", "papers", "evidence"]
_MERGE_COLUMNS = ["variant", "name", "author_id", "rule", "reason"]


def _assign_ids(labels, base_codes, paper_codes, acanon, canon, n, author_ids, merge_rows):
    """New author ids: the largest group of an author keeps its id, others get /2, /3..."""
    bcode, buniq = base_codes
    pcode, puniq = paper_codes
    buniq = np.asarray(buniq, dtype=object)
    puniq = np.asarray(puniq, dtype=object)
    ccode = bcode  # the canonical name is a property of the author
    cuniq = np.asarray(acanon, dtype=object)
    frame = pd.DataFrame({"label": labels, "b": bcode, "p": pcode, "c": ccode})
    # a final group's main author: most mentions, then smallest id
    counts = frame.groupby(["label", "b"], sort=True).size().rename("n").reset_index()
    counts = counts.sort_values(["label", "n", "b"], ascending=[True, False, True])
    main = counts.drop_duplicates("label").set_index("label")["b"]
    sizes = frame.groupby("label").size()
    grp = pd.DataFrame({"b": main, "n": sizes}).reset_index()
    grp["first_paper"] = frame.groupby("label")["p"].min().reindex(grp["label"]).to_numpy()
    grp = grp.sort_values(["b", "n", "first_paper"], ascending=[True, False, True])
    grp["rank"] = grp.groupby("b").cumcount() + 1
    grp["base"] = buniq[grp["b"].to_numpy()]
    grp["new_id"] = [
        b if r == 1 else f"{b}/{r}"
        for b, r in zip(grp["base"].tolist(), grp["rank"].tolist(), strict=True)
    ]
    new_id = pd.Series(grp["new_id"].to_numpy(dtype=object), index=grp["label"].to_numpy())
    ids = pd.Series(new_id.reindex(labels).to_numpy(), index=author_ids.index, dtype=object)

    multi = (grp.groupby("b")["label"].transform("size") > 1).to_numpy()
    split_grp = grp[multi].set_index("label")
    if len(split_grp):
        members = frame[frame["label"].isin(split_grp.index)]
        up = members[["label", "p"]].drop_duplicates().sort_values(["label", "p"])
        lab_arr = up["label"].to_numpy()
        cut = np.flatnonzero(np.r_[True, lab_arr[1:] != lab_arr[:-1]])
        pids = dict(
            zip(
                lab_arr[cut].tolist(),
                [tuple(puniq[x]) for x in np.split(up["p"].to_numpy(), cut[1:])],
                strict=True,
            )
        )
        # evidence: the group's most frequent co-authors (names on the same papers)
        co = up.merge(frame[["p", "c", "label"]], on="p", suffixes=("", "_other"))
        co = co[co["label"] != co["label_other"]]
        top = (
            co.groupby(["label", "c"]).size().rename("n").reset_index()
            .sort_values(["label", "n", "c"], ascending=[True, False, True])
        )
        top = top.groupby("label").head(3)
        top_text: dict[int, str] = {}
        for lab_, c, k in zip(
            top["label"].tolist(), cuniq[top["c"].to_numpy()].tolist(), top["n"].tolist(),
            strict=True,
        ):
            text = f"{c} ({k})"
            top_text[lab_] = f"{top_text[lab_]}, {text}" if lab_ in top_text else text
        n_groups = split_grp.groupby("b").size().to_dict()
        canon_of = dict(enumerate(cuniq.tolist()))
        labels_ = split_grp.index.tolist()
        bs = split_grp["b"].tolist()
        evidence = [
            f"{len(pids[lab_])} paper(s) held together by shared co-authors, venues or title "
            f"words (most frequent co-authors: {top_text.get(lab_, 'none')}); no link strong "
            f"enough to the other {n_groups[b_] - 1} group(s) of this name"
            for lab_, b_ in zip(labels_, bs, strict=True)
        ]
        splits = pd.DataFrame(
            {
                "name": [canon_of[b_] for b_ in bs],
                "author_id": split_grp["base"].to_numpy(dtype=object),
                "split_id": split_grp["new_id"].to_numpy(dtype=object),
                "n_papers": [len(pids[lab_]) for lab_ in labels_],
                "papers": [pids[lab_] for lab_ in labels_],
                "evidence": evidence,
            }
        ).sort_values(["author_id", "split_id"]).reset_index(drop=True)
    else:
        splits = pd.DataFrame(columns=_SPLIT_COLUMNS)
    merges = []
    canon_of_base = dict(zip(buniq.tolist(), cuniq.tolist(), strict=True))
    for ri, c_i, c_j, score in merge_rows:
        fid = ids.iloc[ri]
        into = canon_of_base[fid.split("/")[0]] if "/" in fid else canon_of_base.get(fid, c_i)
        for variant in (c_i, c_j):
            if variant != into:
                merges.append(
                    (variant, into, fid, "evidence",
                     f"compatible spellings with shared evidence (score {score}: "
                     "co-authors, venues, title words)")
                )
    merges_df = pd.DataFrame(merges, columns=["variant", "name", "author_id", "rule", "reason"])
    return ids, splits, merges_df


def ambiguous_names(corpus, *, params: DisambiguationParams | None = None) -> pd.DataFrame:
    """Names whose papers fall into groups with nothing in common: probably several people.

    Runs the splitting steps of :func:`disambiguate` without changing the corpus and
    lists every author it would split.

    Parameters
    ----------
    corpus : Corpus
    params : DisambiguationParams, optional

    Returns
    -------
    DataFrame
        Index ``author_id``; ``name``, ``n_papers``, ``n_people`` (groups found),
        ``group_sizes`` (papers per group, largest first), ``hint`` (how to split).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> ambiguous_names(gp.load_seeds()).empty
    True
    """
    # duck-typed: this module works on tables and does not import the corpus module
    if not all(hasattr(corpus, a) for a in ("_authorships", "_papers", "_authors", "_profiles")):
        raise TypeError(f"ambiguous_names takes a Corpus, not {type(corpus).__name__}")
    if corpus._name_options.get("disambiguate"):
        return _empty_ambiguous()  # already disambiguated: nothing left to warn about
    ships = corpus._authorships
    owners = set(corpus._profiles.get("owner_id", pd.Series(dtype=object)).dropna())
    ids, splits, _ = disambiguate(
        ships,
        corpus._papers,
        ships["author_id"],
        corpus._authors,
        keep_whole=owners,
        params=params,
    )
    if splits.empty:
        return _empty_ambiguous()
    rows = []
    for aid, grp in splits.groupby("author_id", sort=True):
        sizes = tuple(sorted(grp["n_papers"].tolist(), reverse=True))
        rows.append(
            (
                aid,
                corpus._authors.at[aid, "name"],
                int(sum(sizes)),
                len(sizes),
                sizes,
                "corpus.with_names(disambiguate=True) splits it; "
                "same=/different= pairs of (paper_id, printed name) override",
            )
        )
    out = pd.DataFrame(
        rows, columns=["author_id", "name", "n_papers", "n_people", "group_sizes", "hint"]
    ).set_index("author_id")
    return out.sort_values(["n_papers", "name"], ascending=[False, True], kind="stable")


_AMBIGUOUS_COLUMNS = ["name", "n_papers", "n_people", "group_sizes", "hint"]


def _empty_ambiguous() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=object) for c in _AMBIGUOUS_COLUMNS},
        index=pd.Index([], name="author_id", dtype=object),
    )


def bcubed(predicted, truth) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against true labels.

    For each item, precision is the share of items in its predicted cluster that
    share its true label; recall the share of items with its true label that are in
    its predicted cluster; both are averaged over items (Bagga & Baldwin 1998;
    Amigó et al. 2009).

    Parameters
    ----------
    predicted, truth : array-like
        One label per item, same length.

    Returns
    -------
    (precision, recall, f1) : tuple of float

    References
    ----------
    .. [1] A. Bagga and B. Baldwin, "Entity-based cross-document coreferencing using
       the vector space model", COLING-ACL 1998.
    .. [2] E. Amigó, J. Gonzalo, J. Artiles, F. Verdejo, "A comparison of extrinsic
       clustering evaluation metrics based on formal constraints", Information
       Retrieval 12(4), 2009.

    Examples
    --------
    >>> p, r, f = bcubed(["a", "a", "b"], [1, 1, 1])
    >>> round(p, 3), round(r, 3), round(f, 3)
    (1.0, 0.556, 0.714)
    """
    pred = pd.factorize(pd.Series(list(predicted), dtype=object))[0]
    true = pd.factorize(pd.Series(list(truth), dtype=object))[0]
    if len(pred) != len(true):
        raise OptionError(f"predicted has {len(pred)} labels, truth {len(true)}")
    if not len(pred):
        raise OptionError("bcubed needs at least one item")
    joint = pd.Series(pred.astype(np.int64) * (true.max() + 1) + true)
    n_joint = joint.map(joint.value_counts()).to_numpy()
    n_pred = np.bincount(pred)[pred]
    n_true = np.bincount(true)[true]
    precision = float(np.mean(n_joint / n_pred))
    recall = float(np.mean(n_joint / n_true))
    f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1
