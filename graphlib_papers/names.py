"""Author names: normalisation, group authors, and auditable merging of variants.

Key by id, label by name. Every spelling printed in an input is kept on the
authorship row (``printed_name``); this module decides which spellings belong to
one person, assigns the ``author_id`` and records *why* in a merge table that the
user can read, edit and re-apply (``aliases=``) or overrule (``vetoes=``).

Rules, in order (each merge carries its rule and reason):

``alias``
    The user said so (``aliases={"variant": "canonical"}``).
``same-id``
    The source gives both spellings the same author identifier (ORCID, OpenAlex id, ...).
``fold``
    The spellings are equal once case, diacritics, dots and hyphens are ignored
    (``"Samuel L Smith"`` / ``"Samuel L. Smith"``, ``"J. Gimenez"`` / ``"J. Giménez"``).
    The spelling alone is the evidence.
``initials``
    Same surname and compatible given names, one spelling carrying initials the other
    leaves out or abbreviates (``"Sashank Reddi"`` / ``"Sashank J. Reddi"``,
    ``"Yashas Samaga"`` / ``"Yashas Samaga B L"``). Merged only when corroborated by a
    shared co-author (inferred profile owners count) and only if the merged group stays
    pairwise compatible (``"J. Smith"`` is not used to join ``"John Smith"`` and
    ``"Jane Smith"``).

Different surnames are never merged (``"Catalin Ionescu"`` is not ``"Cătălina Cangea"``);
group authors (``"Gemini Team"``) are never merged with people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = [
    "normalize_name",
    "name_key",
    "is_group_name",
    "names_compatible",
    "resolve_names",
]

_WS = re.compile(r"\s+")
_GROUP_WORDS = (
    "team|consortium|collaboration|collaborators|group|collective|initiative|project|"
    "committee|contributors|investigators|network|society|association|alliance|"
    "working group|study group|authors"
)
_GROUP = re.compile(rf"(?:^|\s)(?:{_GROUP_WORDS})$", re.IGNORECASE)
# shared with the readers and the splitting layer (public names, not in __all__)
PARTICLES = frozenset(
    "de da del della dei der den des di du la las le les los van von ter ten "
    "y e bin binti ibn al el dos das do zu und af av".split()
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def normalize_name(name: str) -> str:
    """Return the display form of a printed name: Unicode NFC, single spaces, trimmed.

    Examples
    --------
    >>> normalize_name("  Łukasz   Kaiser ")
    'Łukasz Kaiser'
    >>> normalize_name("Ca\\u0306ta\\u0306lina Cangea") == "Cătălina Cangea"
    True
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", str(name))).strip(" \t,;")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")


_KEY_PUNCT = re.compile(r"[.\-‐‑’'`,]")
_KEYS: dict[str, str] = {}  # name -> key; filled by name_key and by worker processes
_MAX_KEYS = 1 << 20


def name_key(name: str) -> str:
    """Return the folding key: lower case, no diacritics, dots or hyphens.

    Two spellings with the same key are treated as the same name (rule ``fold``).

    Examples
    --------
    >>> name_key("Samuel L. Smith") == name_key("Samuel L Smith")
    True
    >>> name_key("J. Giménez")
    'j gimenez'
    >>> name_key("Catalin Ionescu") == name_key("Cătălina Cangea")
    False
    """
    key = _KEYS.get(name)
    if key is None:
        text = _strip_marks(normalize_name(name)).casefold()
        key = _WS.sub(" ", _KEY_PUNCT.sub(" ", text)).strip()
        if len(_KEYS) >= _MAX_KEYS:
            _KEYS.clear()
        _KEYS[name] = key
    return key


def known_keys(names: Iterable[str]) -> dict[str, str]:
    """The keys of `names`, for handing computed keys from a worker process back."""
    return {n: name_key(n) for n in names}


def learn_keys(keys: Mapping[str, str]) -> None:
    """Adopt keys computed elsewhere (they are a pure function of the name)."""
    if len(_KEYS) + len(keys) >= _MAX_KEYS:
        _KEYS.clear()
    _KEYS.update(keys)


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def is_group_name(name: str) -> bool:
    """True for group authors such as ``"Gemini Team"`` or ``"CMS Collaboration"``.

    Examples
    --------
    >>> is_group_name("Gemini Team"), is_group_name("The CMS Collaboration")
    (True, True)
    >>> is_group_name("Sanjiv Kumar")
    False
    """
    return bool(_GROUP.search(normalize_name(name)))


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def name_parts(name: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a name into (surname key, given-name tokens) for the ``initials`` rule."""
    tokens = [t for t in name_key(name).split() if t not in SUFFIXES]
    words = [i for i, t in enumerate(tokens) if len(t) > 1 and t not in PARTICLES]
    if not words:
        return None
    last = words[-1]
    # particles just before the surname belong to it ("de las Casas")
    start = last
    while start > 0 and tokens[start - 1] in PARTICLES:
        start -= 1
    if start == 0 and len(tokens[0]) == 1:
        start = 1  # an initial that spells a particle ("Y Chen") is a given name
    surname = " ".join(tokens[start : last + 1])
    given = tuple(tokens[:start]) + tuple(t for t in tokens[last + 1 :])
    if not given:
        return None
    return surname, given


def _token_match(a: str, b: str) -> bool:
    if len(a) > 1 and len(b) > 1:
        return a == b
    return a[0] == b[0]


def names_compatible(a: str, b: str) -> bool:
    """True when `a` and `b` can be spellings of one person's name.

    Surnames must be equal (ignoring case, diacritics and punctuation); the first given
    names must agree, a full name agreeing with its initial; the shorter list of the
    remaining given names and initials must be a subsequence of the longer.

    Examples
    --------
    >>> names_compatible("Sashank Reddi", "Sashank J. Reddi")
    True
    >>> names_compatible("Yashas Samaga", "Yashas Samaga B L")
    True
    >>> names_compatible("Catalin Ionescu", "Cătălina Cangea")
    False
    >>> names_compatible("John Smith", "Jane Smith")
    False
    >>> names_compatible("Jaiyong Lee", "Jai-Yong Lee")
    True
    """
    if is_group_name(a) or is_group_name(b):
        return name_key(a) == name_key(b)
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or pa[0] != pb[0]:
        return False
    ga, gb = pa[1], pb[1]
    if "".join(ga) == "".join(gb):
        return True  # one given name written joined or apart ("Jaiyong" / "Jai-Yong")
    if not _token_match(ga[0], gb[0]):
        return False
    short, long_ = (ga[1:], gb[1:]) if len(ga) <= len(gb) else (gb[1:], ga[1:])
    it = iter(long_)
    return all(any(_token_match(s, t) for t in it) for s in short)


class _UnionFind:
    def __init__(self, items: Iterable[str]):
        self.parent = {x: x for x in items}
        self.members = {x: [x] for x in self.parent}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return ra


def _canonical(variants: list[str], counts: Mapping[str, int], preferred: set[str]) -> str:
    """An alias target if any, else the most complete spelling: most tokens, dots kept,
    most printed."""
    return max(
        sorted(variants),
        key=lambda v: (
            v in preferred,
            len(v.split()),
            sum(len(t.strip(".")) > 1 for t in v.split()),
            v.count("."),
            counts.get(v, 0),
            -len(v),
        ),
    )


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _strip_marks(text).casefold()).strip("-")
    return slug or "x"


def resolve_names(
    authorships: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge: bool = True,
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Decide which printed names are one person and assign ``author_id``.

    Parameters
    ----------
    authorships : DataFrame
        Columns ``paper_id`` and ``printed_name``; optional ``author_key`` (an
        identifier from the source, e.g. an ORCID or OpenAlex id).
    aliases : mapping, optional
        ``{variant: canonical}`` merges the user asserts.
    vetoes : iterable of pairs, optional
        Pairs of spellings that must never end up in one author.
    merge : bool, default True
        If False only exact (normalised) spellings and aliases are joined.

    Returns
    -------
    author_ids : Series
        Aligned with `authorships`: the ``author_id`` of each row.
    authors : DataFrame
        Index ``author_id``; columns ``name``, ``variants``, ``is_group``.
    merges : DataFrame
        One row per spelling joined to another: ``variant``, ``name`` (canonical),
        ``author_id``, ``rule``, ``reason``.

    Examples
    --------
    >>> df = pd.DataFrame({"paper_id": ["p1", "p1", "p2", "p2"],
    ...     "printed_name": ["Sashank Reddi", "Sanjiv Kumar", "Sashank J. Reddi", "Sanjiv Kumar"]})
    >>> ids, authors, merges = resolve_names(df)
    >>> list(ids)
    ['a:sashank-j-reddi', 'a:sanjiv-kumar', 'a:sashank-j-reddi', 'a:sanjiv-kumar']
    >>> merges[["variant", "name", "rule"]].to_records(index=False).tolist()
    [('Sashank Reddi', 'Sashank J. Reddi', 'initials')]
    """
    printed = authorships["printed_name"].astype(str)
    codes, uniques = pd.factorize(printed, sort=True)
    norm = pd.Series([normalize_name(u) for u in uniques], dtype=object)
    norm_rows = norm.to_numpy()[codes]
    counts = pd.Series(norm_rows).value_counts().to_dict()
    merger = _Merger(sorted(set(norm)), vetoes)
    preferred = {normalize_name(t) for t in (aliases or {}).values()}
    merger.aliases(aliases)
    if "author_key" in authorships.columns:
        merger.same_ids(norm_rows, authorships["author_key"].to_numpy())
    if merge:
        merger.fold()
        index = {x: i for i, x in enumerate(merger.names)}
        row_name = np.array([index[x] for x in norm], dtype=np.int64)[codes]
        merger.initials(row_name, authorships["paper_id"].to_numpy())
    authors, id_of_name = merger.authors(counts, preferred)
    merges = merger.merge_table(authors, id_of_name, counts)
    lookup = np.array([id_of_name[n] for n in norm], dtype=object)
    ids = pd.Series(lookup[codes] if len(codes) else [], index=authorships.index, dtype=object)
    return ids, authors, merges


class _Merger:
    """Spellings joined into authors, rule by rule, with the rule and reason of each join."""

    def __init__(self, names: list[str], vetoes):
        self.names = names
        self.uf = _UnionFind(names)
        self.rule_of: dict[tuple[str, str], tuple[str, str]] = {}
        self.veto = {frozenset((normalize_name(a), normalize_name(b))) for a, b in (vetoes or ())}

    def vetoed(self, ra: str, rb: str) -> bool:
        if not self.veto:
            return False
        uf = self.uf
        ma, mb = uf.members[uf.find(ra)], uf.members[uf.find(rb)]
        return any(frozenset((x, y)) in self.veto for x in ma for y in mb)

    def join(self, a: str, b: str, rule: str, reason: str, *, check: bool = False) -> None:
        uf = self.uf
        if uf.find(a) == uf.find(b) or self.vetoed(a, b):
            return
        if check:
            group = uf.members[uf.find(a)] + uf.members[uf.find(b)]
            if not all(names_compatible(x, y) for x in group for y in group if x < y):
                return
        uf.union(a, b)
        self.rule_of[(a, b)] = (rule, reason)

    def aliases(self, aliases: Mapping[str, str] | None) -> None:
        """Rule ``alias``: the user's ``{variant: canonical}``."""
        uf = self.uf
        for variant, target in sorted((aliases or {}).items()):
            v, t = normalize_name(variant), normalize_name(target)
            for n in (v, t):
                if n not in uf.parent:
                    uf.parent[n] = n
                    uf.members[n] = [n]
            self.join(v, t, "alias", f"user alias {v!r} -> {t!r}")

    def same_ids(self, norm_rows: np.ndarray, keys: np.ndarray) -> None:
        """Rule ``same-id``: spellings the source gives one identifier."""
        keyed = pd.DataFrame({"name": norm_rows, "key": keys})
        keyed = keyed.dropna().drop_duplicates().sort_values(["key", "name"])
        # keys printed with one name join nothing
        keyed = keyed[keyed.duplicated("key", keep=False)]
        for key, grp in keyed.groupby("key", sort=False):
            first = grp["name"].iloc[0]
            for other in grp["name"].iloc[1:]:
                self.join(first, other, "same-id", f"same source identifier {key}")

    def fold(self) -> None:
        """Rule ``fold``: spellings equal up to case, diacritics, dots and hyphens."""
        by_key: dict[str, list[str]] = defaultdict(list)
        for n in self.names:
            by_key[name_key(n)].append(n)
        for _key, group in sorted(by_key.items()):
            for other in group[1:]:
                self.join(group[0], other,
                          "fold", "spellings differ only in case, diacritics, dots or hyphens")

    def initials(self, row_name: np.ndarray, paper_ids: np.ndarray) -> None:
        """Rule ``initials``: compatible given names corroborated by a shared co-author,
        never two spellings printed on one paper, never a spelling that fits two
        incompatible others ("J. Smith" beside "John Smith" and "Jane Smith")."""
        candidates = _initials_candidates(self.names)
        if not candidates:
            return
        pairs = _corroborated(candidates, self.names, row_name, paper_ids)
        partners: dict[str, set[str]] = defaultdict(set)
        for a, b, _ in pairs:
            partners[a].add(b)
            partners[b].add(a)
        ambiguous = {
            n
            for n, ps in partners.items()
            if any(not names_compatible(x, y) for x in ps for y in ps if x < y)
        }
        # fuller spellings first, so chains grow from the most complete name
        pairs.sort(key=lambda t: (-len(t[0].split()) - len(t[1].split()), t[0], t[1]))
        for a, b, shared in pairs:
            if a in ambiguous or b in ambiguous:
                continue
            self.join(
                a,
                b,
                "initials",
                f"compatible given names and initials; shared co-author {shared[0]}"
                + (f" (+{len(shared) - 1} more)" if len(shared) > 1 else ""),
                check=True,
            )

    def authors(self, counts: Mapping[str, int], preferred: set[str]):
        """The authors table (one row per cluster of spellings) and each spelling's id."""
        uf = self.uf
        clusters: dict[str, list[str]] = defaultdict(list)
        for n in uf.parent:
            clusters[uf.find(n)].append(n)
        rows = []
        id_of_name: dict[str, str] = {}
        used: dict[str, int] = {}
        for members in sorted(clusters.values(), key=min):
            if len(members) == 1:
                present = members
                canon = members[0]
            else:
                members.sort()
                present = [x for x in members if x in counts] or members
                canon = _canonical(present, counts, preferred)
            base = "a:" + _slug(canon)
            used[base] = used.get(base, 0) + 1
            aid = base if used[base] == 1 else f"{base}-{used[base]}"
            for x in members:
                id_of_name[x] = aid
            rows.append((aid, canon, tuple(present), is_group_name(canon)))
        authors = (
            pd.DataFrame(rows, columns=["author_id", "name", "variants", "is_group"])
            .set_index("author_id")
            .sort_index()
        )
        authors["is_group"] = authors["is_group"].astype(bool)
        return authors, id_of_name

    def merge_table(self, authors: pd.DataFrame, id_of_name, counts) -> pd.DataFrame:
        """One row per printed spelling joined to another, with its rule and reason."""
        merge_rows = []
        for (a, b), (rule, reason) in sorted(self.rule_of.items()):
            aid = id_of_name[a]
            canon = authors.at[aid, "name"]
            for variant in (a, b):
                if variant != canon and variant in counts:
                    merge_rows.append((variant, canon, aid, rule, reason))
        merges = pd.DataFrame(merge_rows,
                              columns=["variant", "name", "author_id", "rule", "reason"])
        merges = merges.drop_duplicates("variant").sort_values(["author_id", "variant"])
        return merges.reset_index(drop=True)


def _initials_candidates(names: list[str]) -> set[tuple[str, str]]:
    """Pairs of spellings sharing a surname and a first given name (or its initial)."""
    parts_of = {n: name_parts(n) for n in names if not is_group_name(n)}
    by_first: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_initial: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n, parts in parts_of.items():
        if parts is None:
            continue
        surname, given = parts
        first = given[0]
        if len(first) > 1:
            by_first[(surname, first)].append(n)
        by_initial[(surname, first[0])].append(n)
    candidates: set[tuple[str, str]] = set()
    for group in by_first.values():
        if len(group) > 50:
            continue  # dozens of spellings of one first name and surname: no evidence
        for i, a in enumerate(group):
            candidates.update((min(a, b), max(a, b)) for b in group[i + 1 :])
    for group in by_initial.values():
        abbreviated = [n for n in group if len(parts_of[n][1][0]) == 1]
        if not abbreviated or len(group) > 50:
            continue  # a bare initial shared by many names is no evidence
        for a in abbreviated:
            candidates.update((min(a, b), max(a, b)) for b in group if b != a)
    return candidates


def _corroborated(candidates, names, row_name, paper_ids) -> list[tuple[str, str, list[str]]]:
    """The candidate pairs that are compatible, never on one paper, and share a
    co-author, with their shared co-authors (sorted). `row_name` is each authorship's
    position in `names`. Works on a spelling x paper matrix: the shared co-authors of
    two spellings are the common columns of their rows of the spelling x spelling
    co-occurrence matrix."""
    index = {n: i for i, n in enumerate(names)}
    pair_a = np.fromiter((index[a] for a, _ in sorted(candidates)), np.int64, len(candidates))
    pair_b = np.fromiter((index[b] for _, b in sorted(candidates)), np.int64, len(candidates))
    paper_codes, puniq = pd.factorize(paper_ids)
    name_paper = sp.csr_matrix(
        (np.ones(len(row_name)), (row_name, paper_codes)), shape=(len(names), len(puniq))
    )
    name_paper.sum_duplicates()
    name_paper.data[:] = 1.0
    involved = np.unique(np.r_[pair_a, pair_b])
    local = np.full(len(names), -1, dtype=np.int64)
    local[involved] = np.arange(len(involved))
    inv_paper = name_paper[involved]
    cooc = sp.csr_matrix(inv_paper @ name_paper.T)  # involved spelling x spelling
    la, lb = local[pair_a], local[pair_b]
    on_one_paper = np.asarray(inv_paper[la].multiply(inv_paper[lb]).sum(axis=1)).ravel() > 0
    shared = sp.csr_matrix(cooc[la].multiply(cooc[lb]))
    shared.sort_indices()
    n_shared = np.diff(shared.indptr)
    keep = np.flatnonzero(~on_one_paper & (n_shared > 0))
    out = []
    for p in keep.tolist():
        a, b = names[pair_a[p]], names[pair_b[p]]
        if names_compatible(a, b):
            cols = shared.indices[shared.indptr[p] : shared.indptr[p + 1]]
            out.append((a, b, [names[c] for c in cols.tolist()]))
    return out
