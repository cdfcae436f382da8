"""Telling people apart: one printed name split into several authors, from evidence.

The name layer (:mod:`graphlib_papers.names`) decides which *spellings* belong to one
person. This module decides which *mentions* of one name belong to one person, for
the case the spelling cannot settle: ``"J. Lee"`` printed on two papers may be two
people. It runs when ``disambiguate=True`` is passed to a reader,
:meth:`graphlib_papers.Corpus.with_names` or :func:`graphlib_papers.concat_sources`.

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
from .names import is_group_name, name_key, name_parts, names_compatible, normalize_name

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


def _blockwise(
    m: sp.csr_matrix, block: np.ndarray, max_share: float, scope: np.ndarray | None = None
) -> sp.csr_matrix:
    """IDF-weight `m` and give each (scope, feature) its own column, so that products
    pair rows of one scope only (the scope is the block unless given; a finer scope,
    such as the author, must lie within one block). Features on more than `max_share`
    of a block's rows (and on at least 20 of them) carry no evidence there and are
    dropped."""
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
    rows, data = coo.row[keep], coo.data[keep]
    if scope is None:
        col = col[keep]
    else:
        col, _ = pd.factorize(scope[rows].astype(np.int64) * m.shape[1] + coo.col[keep])
    return sp.csr_matrix((data, (rows, col)), shape=(m.shape[0], int(col.max(initial=-1)) + 1))


class _Evidence:
    """Weighted, IDF-scaled feature matrices over all mentions, with a column per
    (scope, feature): products pair mentions of one scope only."""

    def __init__(self, mats, block, max_share, scope=None):
        self.scope = block if scope is None else scope
        self.mats = [(w, _blockwise(m, block, max_share, scope)) for w, m in mats if w]
        # the features side by side, with each column's feature and the features' weights
        if self.mats:
            self.stacked = sp.hstack([x for _, x in self.mats], format="csr")
            self.feature = np.repeat(np.arange(len(self.mats)),
                                     [x.shape[1] for _, x in self.mats])
            self.scale = np.sqrt([w for w, _ in self.mats])

    def similarity(self, lab: np.ndarray, active: np.ndarray | None = None) -> pd.DataFrame:
        """Group pairs (i < j) of one scope with their score, the weighted sum of the
        cosine similarities of their profiles; only pairs touching an active group
        when `active` is given.

        Pairs never cross scopes, so only the mentions of the scopes holding an active
        group are read: late rounds, with few active groups, cost little.
        """
        k = int(lab.max()) + 1
        if active is None:
            active = np.arange(k)
        is_active = np.zeros(k, bool)
        is_active[active] = True
        scope = self.scope
        wanted = np.zeros(int(scope.max()) + 1, bool)
        wanted[scope[is_active[lab]]] = True
        rows = np.flatnonzero(wanted[scope])
        local, glob = pd.factorize(lab[rows], sort=True)
        mem = _membership(local)
        act = np.searchsorted(glob, np.asarray(active))
        if not self.mats:
            return pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64),
                                 "score": np.empty(0)})
        # sum of w * cosine = one product of the side-by-side profiles scaled by sqrt(w)
        prof = sp.csr_matrix(mem @ self.stacked[rows])
        n_features = len(self.mats)
        feature = self.feature[prof.indices]
        key = np.repeat(np.arange(prof.shape[0]), np.diff(prof.indptr)) * n_features + feature
        norms = np.sqrt(np.bincount(key, weights=prof.data**2,
                                    minlength=prof.shape[0] * n_features))
        norms[norms == 0] = 1.0
        prof.data *= self.scale[feature] / norms[key]
        coo = (prof[act] @ prof.T).tocoo()
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
    i, j = pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64)
    if not len(i):
        return i, j
    s = pairs["score"].to_numpy(float)
    k = int(max(i.max(), j.max())) + 1
    # both directions; a CSR matrix sorts by group in linear time, columns sorted within
    both = sp.csr_matrix((np.r_[s, s], (np.r_[i, j], np.r_[j, i])), shape=(k, k))
    both.sort_indices()
    counts = np.diff(both.indptr)
    groups = np.flatnonzero(counts)
    starts = both.indptr[groups]
    best = np.maximum.reduceat(both.data, starts)
    is_best = both.data == np.repeat(best, counts[groups])
    # lowest column among the best: columns are sorted, so the first best of each row
    pos = np.where(is_best, np.arange(len(both.data)), len(both.data))
    first = np.minimum.reduceat(pos, starts)
    return groups, both.indices[first].astype(np.int64)


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
    if len(ships) == 0:
        return (
            pd.Series(author_ids.to_numpy().astype(object), index=author_ids.index,
                      dtype=object),
            pd.DataFrame(columns=_SPLIT_COLUMNS),
            pd.DataFrame(columns=_MERGE_COLUMNS),
        )
    m = _mentions(ships, author_ids, authors)
    coauth, mats = _evidence_matrices(m, ships, papers, params)
    evidence = _Evidence(mats, m.block, params.max_share)  # pairs within a block
    by_author = _Evidence(mats, m.block, params.max_share, scope=m.acodes)  # within an author
    same_rows, apart_rows = _overrides(m, same, different)
    rules = _Rules(m, apart_rows)
    whole_author = np.isin(m.auniq, list(set(keep_whole))) | m.a_group
    lab = _coauthor_groups(m, coauth, rules, whole_author)
    lab = _merge_by_evidence(m, lab, by_author, params, rules)
    lab = _attach_small_groups(m, lab, by_author, params, rules)
    veto = {frozenset((normalize_name(a), normalize_name(b))) for a, b in (vetoes or ())}
    lab, merged = _merge_variants(m, lab, evidence, params, rules, veto)
    lab = _force_same(m, lab, same_rows, apart_rows)
    return _assign_ids(m, lab, author_ids, merged)


@dataclass
class _Mentions:
    """The rows of the authorships table as integer codes (author, paper, block)."""

    n: int
    names: np.ndarray  # normalised printed name per row
    paper: np.ndarray  # paper id (str) per row
    acodes: np.ndarray  # author code per row
    auniq: np.ndarray  # author id per code
    acanon: np.ndarray  # canonical name per author code
    a_full: np.ndarray  # the author's given names are not all initials
    a_group: np.ndarray  # group author ("CMS Collaboration")
    a_block: np.ndarray  # block (surname + first initial) code per author
    block: np.ndarray  # block code per row
    pcodes: np.ndarray  # paper code per row
    puniq: np.ndarray  # paper id per code
    key: np.ndarray  # source author identifier per row ("" when none)
    kcode: np.ndarray  # its code
    n_keys: int


def _mentions(ships: pd.DataFrame, author_ids: pd.Series, authors: pd.DataFrame) -> _Mentions:
    base = author_ids.to_numpy().astype(object)
    printed = ships["printed_name"].astype(str)
    ncodes, nuniq = pd.factorize(printed)
    names = np.array([normalize_name(x) for x in nuniq], dtype=object)[ncodes]
    acodes, auniq = pd.factorize(base, sort=True)
    acanon = authors["name"].reindex(auniq).to_numpy(dtype=object)
    a_block = np.array([_block_key(c) for c in acanon], dtype=object)
    bcodes_a, _ = pd.factorize(a_block, sort=True)
    key = np.full(len(ships), "", dtype=object)
    if "author_key" in ships.columns:
        k = ships["author_key"].astype(object)
        known = k.notna().to_numpy()
        key[known] = k[known].astype(str).to_numpy(dtype=object)
    kcode, kuniq = pd.factorize(key, sort=True)
    pcodes, puniq = pd.factorize(ships["paper_id"].astype(str).to_numpy(dtype=object), sort=True)
    return _Mentions(
        n=len(ships),
        names=names,
        paper=np.asarray(puniq, dtype=object)[pcodes],
        acodes=acodes.astype(np.int64),
        auniq=np.asarray(auniq, dtype=object),
        acanon=acanon,
        a_full=np.fromiter((not _initials_only(c) for c in acanon), bool, len(auniq)),
        a_group=np.fromiter((is_group_name(c) for c in acanon), bool, len(auniq)),
        a_block=bcodes_a.astype(np.int64),
        block=bcodes_a[acodes].astype(np.int64),
        pcodes=pcodes.astype(np.int64),
        puniq=np.asarray(puniq, dtype=object),
        key=key,
        kcode=kcode.astype(np.int64),
        n_keys=max(len(kuniq), 1),
    )


def _evidence_matrices(m: _Mentions, ships, papers, params):
    """Mention x co-author (author codes; none on hyper-authored papers), and the
    weighted feature matrices: co-authors, venue, title words, affiliation."""
    n, n_authors = m.n, len(m.auniq)
    team = np.bincount(m.pcodes)
    paper_author = sp.csr_matrix(
        (np.ones(n), (m.pcodes, m.acodes)), shape=(len(m.puniq), n_authors)
    )
    paper_author.sum_duplicates()
    paper_author.data[:] = 1.0
    small = team[m.pcodes] <= params.max_team
    coauth = sp.csr_matrix(sp.diags(small.astype(float)) @ paper_author[m.pcodes])
    coauth = sp.csr_matrix(
        coauth - sp.csr_matrix((small.astype(float), (np.arange(n), m.acodes)), shape=coauth.shape)
    )
    coauth.data[coauth.data < 0] = 0
    coauth.eliminate_zeros()
    mats: list[tuple[float, sp.csr_matrix]] = [(params.w_coauthor, coauth)]
    p = papers.reindex(m.puniq)
    if "venue" in p.columns:
        venue = p["venue"].astype(object).where(p["venue"].notna(), None).to_numpy()
        items = [[str(v).casefold()] if v else [] for v in venue]
        mats.append((params.w_venue, _incidence(items)[m.pcodes]))
    if "title" in p.columns:
        items = [_title_words(t) for t in p["title"].fillna("").astype(str)]
        mats.append((params.w_title, _incidence(items)[m.pcodes]))
    if "affiliation" in ships.columns:
        aff = ships["affiliation"].astype(object).where(ships["affiliation"].notna(), None)
        items = [[str(a).casefold()] if a else [] for a in aff]
        if any(items):
            mats.append((params.w_affiliation, _incidence(items)))
    return coauth, mats


def _overrides(m: _Mentions, same, different) -> tuple[list, list]:
    """Rows of the mentions forced together (`same`) and kept apart (`different`)."""
    if not same and not different:
        return [], []
    mention_row: dict[Mention, int] = {}
    for i, (pid, nm) in enumerate(zip(m.paper.tolist(), m.names.tolist(), strict=True)):
        mention_row.setdefault((pid, nm), i)

    def rows_of(pairs) -> list[tuple[int, int]]:
        out = []
        for a, b in pairs or ():
            ra = mention_row.get((str(a[0]), normalize_name(a[1])))
            rb = mention_row.get((str(b[0]), normalize_name(b[1])))
            missing = [x for x, r in ((a, ra), (b, rb)) if r is None]
            if missing:
                raise KeyError(
                    f"no authorship {tuple(missing[0])!r} (paper_id, printed name) in the corpus"
                )
            out.append((ra, rb))
        return out

    same_rows = rows_of(same)
    for i, j in same_rows:
        if m.paper[i] == m.paper[j] and i != j:
            raise OptionError(
                f"`same` joins {m.names[i]!r} and {m.names[j]!r}, printed side by side on "
                f"paper {m.paper[i]!r}: two people"
            )
    return same_rows, rows_of(different)


class _Rules:
    """What no merge may do: join mentions kept apart, or two source identifiers."""

    def __init__(self, m: _Mentions, apart_rows: list[tuple[int, int]]):
        self.m = m
        self.apart = np.array(apart_rows, dtype=np.int64).reshape(-1, 2)
        self.apart_any = np.zeros(m.n, bool)
        self.apart_any[self.apart.ravel()] = True
        self.has_key = m.key != ""

    def group_keys(self, lab: np.ndarray) -> np.ndarray:
        """Per group, the code of its source identifier, -1 when it has none."""
        g_key = np.full(int(lab.max()) + 1, -1, dtype=np.int64)
        g_key[lab[self.has_key]] = self.m.kcode[self.has_key]
        return g_key

    def allowed(self, lab: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Which group pairs (i, j) may be joined: compatible source identifiers and not
        kept apart."""
        g_key = self.group_keys(lab)
        ok = (g_key[i] < 0) | (g_key[j] < 0) | (g_key[i] == g_key[j])
        if len(self.apart) and len(i):
            k = int(lab.max()) + 1
            a, b = lab[self.apart[:, 0]], lab[self.apart[:, 1]]
            kept = np.minimum(a, b) * k + np.maximum(a, b)
            ok &= ~np.isin(np.minimum(i, j) * k + np.maximum(i, j), kept)
        return ok

    def forbidden(self, new_lab: np.ndarray) -> bool:
        """True when a labelling joins mentions kept apart or two source identifiers."""
        if len(self.apart) and (new_lab[self.apart[:, 0]] == new_lab[self.apart[:, 1]]).any():
            return True
        if not self.has_key.any():
            return False
        n_keys = self.m.n_keys
        pairs = np.unique(new_lab[self.has_key].astype(np.int64) * n_keys
                          + self.m.kcode[self.has_key])
        return bool((np.diff(pairs // n_keys) == 0).any())


def _group_authors(m: _Mentions, lab: np.ndarray) -> np.ndarray:
    g_author = np.empty(int(lab.max()) + 1, np.int64)
    g_author[lab] = m.acodes
    return g_author


def _coauthor_groups(m: _Mentions, coauth, rules: _Rules, whole_author) -> np.ndarray:
    """Step 1: mentions of one author sharing an unambiguous co-author, one group.

    A co-author name is unambiguous when it has a full given name, or is the only name
    of its surname + initial block ("J. Lee" printed beside two different "S. Lee" is
    no evidence that they are one person). Mentions carrying different source
    identifiers never meet; authors kept whole (profile owners, group authors) are one
    group."""
    n, n_authors = m.n, len(m.auniq)
    a_unamb = m.a_full | (np.bincount(m.a_block)[m.a_block] == 1)
    co = coauth.tocoo()
    ok = ~rules.apart_any[co.row] & a_unamb[co.col]
    # one node per (author, co-author, source id): mentions sharing it meet there
    node_key = (
        m.acodes[co.row[ok]] * n_authors + co.col[ok]
    ) * m.n_keys + m.kcode[co.row[ok]]
    pair_node, _ = pd.factorize(node_key, sort=False)
    n_nodes = int(pair_node.max()) + 1 if len(pair_node) else 0
    whole_rows = np.flatnonzero(whole_author[m.acodes])
    size = n + n_nodes + n_authors
    g = sp.csr_matrix(
        (
            np.ones(int(ok.sum()) + len(whole_rows)),
            (
                np.r_[co.row[ok], whole_rows],
                np.r_[n + pair_node, n + n_nodes + m.acodes[whole_rows]],
            ),
        ),
        shape=(size, size),
    )
    _, comp = connected_components(g, directed=False)
    return _relabel(comp[:n])


def _merge_by_evidence(m: _Mentions, lab, by_author: _Evidence, params, rules: _Rules):
    """Step 2: groups of one author merged while their evidence exceeds the threshold
    (initials-only names need more): every group joins its best partner per round
    (Borůvka rounds, so the rounds grow with the log of a name's groups); a round that
    would join mentions kept apart or two source ids merges mutual best pairs only."""
    active = None
    for _ in range(1000):
        g_author = _group_authors(m, lab)
        if active is None:
            multi = np.bincount(g_author, minlength=len(m.auniq)) > 1
            active = np.flatnonzero(multi[g_author])
        if not len(active):
            break
        pairs = by_author.similarity(lab, active)
        i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
        thr = np.where(m.a_full[g_author], params.t_full, params.t_initials)
        keep = (pairs["score"].to_numpy() > np.maximum(thr[i], thr[j])) & rules.allowed(lab, i, j)
        pairs = pairs[keep]
        i, j = _best_partner(pairs)
        merge = np.c_[np.minimum(i, j), np.maximum(i, j)].astype(np.int64)
        if not len(merge):
            break
        new_lab = _merge(lab, merge)
        if rules.forbidden(new_lab):
            merge = _reciprocal(pairs)  # mutual best pairs never chain
            if not len(merge):
                break
            new_lab = _merge(lab, merge)
        lab = new_lab
        # next round: only groups whose author had a merge
        touched = np.unique(g_author[merge[:, 0]])
        active = np.flatnonzero(np.isin(_group_authors(m, lab), touched))
    return lab


def _attach_small_groups(m: _Mentions, lab, by_author: _Evidence, params, rules: _Rules):
    """Step 3: a full name is split only into groups of at least ``min_group`` mentions:
    smaller groups join the most similar large group of their author, or, with no
    evidence, the author's largest group."""
    g_author = _group_authors(m, lab)
    k = len(g_author)
    size = np.bincount(lab, minlength=k)
    n_groups = np.bincount(g_author, minlength=len(m.auniq))
    small_g = (size < params.min_group) & m.a_full[g_author] & (n_groups[g_author] > 1)
    if not small_g.any():
        return lab
    large_g = size >= params.min_group
    pairs = by_author.similarity(lab, np.flatnonzero(small_g))
    a = np.r_[pairs["i"].to_numpy(), pairs["j"].to_numpy()]
    b = np.r_[pairs["j"].to_numpy(), pairs["i"].to_numpy()]
    s = np.r_[pairs["score"].to_numpy(), pairs["score"].to_numpy()]
    keep = small_g[a] & large_g[b] & (a != b) & rules.allowed(lab, a, b)
    a, b, s = a[keep], b[keep], s[keep]
    # the best partner: highest score, then the larger group, then the lower number
    order = np.lexsort((b, -size[b], -s, a))
    a, b = a[order], b[order]
    first = np.r_[True, a[1:] != a[:-1]] if len(a) else np.zeros(0, bool)
    target = np.full(k, -1, dtype=np.int64)
    target[a[first]] = b[first]
    # no evidence at all: the author's largest group (lowest number on ties)
    order = np.lexsort((np.arange(k), -size, g_author))
    first = np.r_[True, g_author[order][1:] != g_author[order][:-1]]
    largest = np.full(len(m.auniq), -1, dtype=np.int64)
    largest[g_author[order][first]] = order[first]
    small_ids = np.flatnonzero(small_g)
    tgt = target[small_ids]
    none = tgt < 0
    tgt = np.where(none, largest[g_author[small_ids]], tgt)
    # targets are large groups or an author's largest: never remapped themselves
    ok = ~none | (tgt != small_ids)
    ok &= ~none | rules.allowed(lab, small_ids, tgt)
    remap = np.arange(k)
    remap[small_ids[ok]] = tgt[ok]
    return _relabel(remap[lab])


def _merge_variants(m: _Mentions, lab, evidence: _Evidence, params, rules: _Rules, veto):
    """Step 4: groups of different but compatible spellings of one block merged when
    their evidence exceeds ``t_variant`` (mutual best pairs per round). Never merged:
    groups sharing a spelling, printed on one paper, incompatible or vetoed spellings.

    Returns the labels and the merges as (first row of one group, first row of the
    other, score)."""
    merged: list[tuple[int, int, float]] = []
    authors_per_block = np.bincount(m.a_block)
    active = np.flatnonzero(authors_per_block[m.a_block[_group_authors(m, lab)]] > 1)
    compatible: dict[tuple[int, int], bool] = {}

    def spellings_fit(x: int, y: int) -> bool:
        if (x, y) not in compatible:
            a, b = m.acanon[x], m.acanon[y]
            compatible[(x, y)] = names_compatible(a, b) and frozenset((a, b)) not in veto
        return compatible[(x, y)]

    for _ in range(1000):
        if not len(active):
            break
        pairs = evidence.similarity(lab, active)
        i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
        keep = (pairs["score"].to_numpy() > params.t_variant) & rules.allowed(lab, i, j)
        pairs = pairs[keep]
        if not len(pairs):
            break
        k = int(lab.max()) + 1
        group_author = _incidence_codes(lab, m.acodes, k, len(m.auniq))
        group_paper = _incidence_codes(lab, m.pcodes, k, len(m.puniq))
        i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
        # no spelling in common, never side by side on one paper
        ok = (_row_dots(group_author, i, j) == 0) & (_row_dots(group_paper, i, j) == 0)
        # every spelling of one group fits every spelling of the other
        for p in np.flatnonzero(ok):
            xs = group_author.indices[group_author.indptr[i[p]] : group_author.indptr[i[p] + 1]]
            ys = group_author.indices[group_author.indptr[j[p]] : group_author.indptr[j[p] + 1]]
            ok[p] = all(spellings_fit(x, y) for x in xs.tolist() for y in ys.tolist())
        pairs = pairs[ok]
        merge = _reciprocal(pairs)
        if not len(merge):
            break
        first_row = np.full(k, m.n, dtype=np.int64)
        np.minimum.at(first_row, lab, np.arange(m.n))
        score = pairs.set_index(["i", "j"])["score"]
        merged += [
            (int(first_row[a]), int(first_row[b]), float(score[(a, b)]))
            for a, b in merge.tolist()
        ]
        lab = _merge(lab, merge)
        # next round: the groups of the blocks that had a merge
        g_block = m.a_block[_group_authors(m, lab)]
        touched = np.unique(m.block[first_row[merge[:, 0]]])
        active = np.flatnonzero(np.isin(g_block, touched))
    return lab, merged


def _incidence_codes(lab: np.ndarray, codes: np.ndarray, k: int, width: int) -> sp.csr_matrix:
    """Binary group x code matrix (which authors, or papers, a group holds)."""
    g = sp.csr_matrix((np.ones(len(lab)), (lab, codes)), shape=(k, width))
    g.sum_duplicates()
    g.data[:] = 1.0
    return g


def _row_dots(g: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return np.asarray(g[i].multiply(g[j]).sum(axis=1)).ravel()


def _force_same(m: _Mentions, lab, same_rows, apart_rows):
    """The user's `same` pairs joined across everything; an error if a chain of them
    joins mentions kept apart."""
    if not same_rows:
        return lab
    k = int(lab.max()) + 1
    a = np.array([lab[i] for i, _ in same_rows])
    b = np.array([lab[j] for _, j in same_rows])
    g = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(k, k))
    _, comp = connected_components(g, directed=False)
    lab = comp[lab]
    for i, j in apart_rows:
        if lab[i] == lab[j]:
            raise OptionError(
                f"mentions {(m.paper[i], m.names[i])!r} and {(m.paper[j], m.names[j])!r} are "
                "joined by `same` (directly or through a chain) and kept apart by `different`"
            )
    return lab


_SPLIT_COLUMNS = ["name", "author_id", "split_id", "n_papers", "papers", "evidence"]
_MERGE_COLUMNS = ["variant", "name", "author_id", "rule", "reason"]


def _assign_ids(m: _Mentions, labels, author_ids, merged):
    """New author ids (the largest group of an author keeps its id, others get /2,
    /3, ...), the split table and the evidence merges."""
    groups = _final_groups(m, labels)
    new_id = groups["new_id"].to_numpy(dtype=object)
    ids = pd.Series(new_id[labels], index=author_ids.index, dtype=object)
    return ids, _split_table(m, labels, groups), _evidence_merges(m, ids, merged)


def _final_groups(m: _Mentions, labels: np.ndarray) -> pd.DataFrame:
    """Per final group (row = label): its main author ``b`` (most mentions, then lowest
    code), size ``n``, ``rank`` among the groups of that author (larger first, then
    first paper) and ``new_id``."""
    k = int(labels.max()) + 1
    n_authors = len(m.auniq)
    pair, counts = np.unique(labels * n_authors + m.acodes, return_counts=True)
    lab_, b_ = pair // n_authors, pair % n_authors
    order = np.lexsort((b_, -counts, lab_))
    first = np.r_[True, lab_[order][1:] != lab_[order][:-1]]
    main = np.zeros(k, np.int64)
    main[lab_[order][first]] = b_[order][first]
    size = np.bincount(labels, minlength=k)
    first_paper = np.full(k, len(m.puniq), dtype=np.int64)
    np.minimum.at(first_paper, labels, m.pcodes)
    order = np.lexsort((first_paper, -size, main))
    rank = np.empty(k, np.int64)
    starts = np.r_[True, main[order][1:] != main[order][:-1]]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(k), 0))
    rank[order] = np.arange(k) - run_start + 1
    base = m.auniq[main]
    new_id = base.copy()
    later = np.flatnonzero(rank > 1)
    new_id[later] = [f"{b}/{r}" for b, r in zip(base[later].tolist(), rank[later].tolist(),
                                                   strict=True)]
    return pd.DataFrame({"b": main, "n": size, "rank": rank, "base": base, "new_id": new_id})


def _split_table(m: _Mentions, labels: np.ndarray, groups: pd.DataFrame) -> pd.DataFrame:
    """One row per group of an author that became several, with its papers and its
    most frequent co-authors."""
    n_per_author = np.bincount(groups["b"].to_numpy(), minlength=len(m.auniq))
    split = np.flatnonzero(n_per_author[groups["b"].to_numpy()] > 1)
    if not len(split):
        return pd.DataFrame(columns=_SPLIT_COLUMNS)
    in_split = np.zeros(len(groups), bool)
    in_split[split] = True
    rows = np.flatnonzero(in_split[labels])
    # distinct (group, paper), sorted
    n_papers_all = len(m.puniq)
    lp = np.unique(labels[rows] * n_papers_all + m.pcodes[rows])
    lp_lab, lp_paper = lp // n_papers_all, lp % n_papers_all
    cut = np.flatnonzero(np.r_[True, lp_lab[1:] != lp_lab[:-1]])
    papers = dict(zip(lp_lab[cut].tolist(),
                      [tuple(x) for x in np.split(m.puniq[lp_paper], cut[1:])], strict=True))
    top = _top_coauthors(m, labels, lp_lab, lp_paper)
    b = groups["b"].to_numpy()[split]
    n_groups = n_per_author[b]
    evidence = [
        f"{len(papers[g])} paper(s) held together by shared co-authors, venues or title "
        f"words (most frequent co-authors: {top.get(g, 'none')}); no link strong "
        f"enough to the other {ng - 1} group(s) of this name"
        for g, ng in zip(split.tolist(), n_groups.tolist(), strict=True)
    ]
    out = pd.DataFrame(
        {
            "name": m.acanon[b],
            "author_id": groups["base"].to_numpy(dtype=object)[split],
            "split_id": groups["new_id"].to_numpy(dtype=object)[split],
            "n_papers": [len(papers[g]) for g in split.tolist()],
            "papers": [papers[g] for g in split.tolist()],
            "evidence": evidence,
        }
    )
    return out.sort_values(["author_id", "split_id"]).reset_index(drop=True)


def _top_coauthors(m: _Mentions, labels, lp_lab, lp_paper, top: int = 3) -> dict[int, str]:
    """Per group, its `top` most frequent co-authors (canonical names of the other
    mentions on its papers; ties by author code) as ``"name (count), ..."``."""
    by_paper = np.argsort(m.pcodes, kind="stable")
    starts = np.searchsorted(m.pcodes[by_paper], np.arange(len(m.puniq) + 1))
    team = np.diff(starts)[lp_paper]
    group = np.repeat(lp_lab, team)
    offset = np.arange(int(team.sum())) - np.repeat(np.cumsum(team) - team, team)
    other = by_paper[np.repeat(starts[lp_paper], team) + offset]
    keep = labels[other] != group
    n_authors = len(m.auniq)
    pair, counts = np.unique(group[keep] * n_authors + m.acodes[other[keep]], return_counts=True)
    g, c = pair // n_authors, pair % n_authors
    order = np.lexsort((c, -counts, g))
    g, c, counts = g[order], c[order], counts[order]
    first = np.r_[True, g[1:] != g[:-1]]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(g)), 0))
    rank = np.arange(len(g)) - run_start
    head = rank < top
    g, rank = g[head], rank[head]
    text = (pd.Series(m.acanon[c[head]], dtype=object) + " ("
            + pd.Series(counts[head]).astype(str) + ")").to_numpy(dtype=object)
    # the texts of one group are consecutive, best first: join them rank by rank
    joined = text[rank == 0].copy()
    where = np.cumsum(rank == 0) - 1  # position of each text's group in `joined`
    for r in range(1, top):
        at = rank == r
        joined[where[at]] = joined[where[at]] + ", " + text[at]
    return dict(zip(g[rank == 0].tolist(), joined.tolist(), strict=True))


def _evidence_merges(m: _Mentions, ids: pd.Series, merged) -> pd.DataFrame:
    """The merge rows of step 4: each spelling joined to the final author's name."""
    canon = m.acanon[m.acodes]
    canon_of_base = dict(zip(m.auniq.tolist(), m.acanon.tolist(), strict=True))
    rows = []
    for ri, rj, score in merged:
        c_i, c_j = canon[ri], canon[rj]
        fid = ids.iloc[ri]
        into = canon_of_base[fid.split("/")[0]] if "/" in fid else canon_of_base.get(fid, c_i)
        for variant in (c_i, c_j):
            if variant != into:
                rows.append(
                    (variant, into, fid, "evidence",
                     f"compatible spellings with shared evidence (score {score:.2f}: "
                     "co-authors, venues, title words)")
                )
    return pd.DataFrame(rows, columns=_MERGE_COLUMNS)


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
