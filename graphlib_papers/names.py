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
    names = sorted(set(norm))
    counts = pd.Series(norm.to_numpy()[codes]).value_counts().to_dict()
    uf = _UnionFind(names)
    rule_of: dict[tuple[str, str], tuple[str, str]] = {}
    veto = {frozenset((normalize_name(a), normalize_name(b))) for a, b in (vetoes or ())}

    def vetoed(ra: str, rb: str) -> bool:
        if not veto:
            return False
        ma, mb = uf.members[uf.find(ra)], uf.members[uf.find(rb)]
        return any(frozenset((x, y)) in veto for x in ma for y in mb)

    def join(a: str, b: str, rule: str, reason: str, *, check: bool = False) -> None:
        if uf.find(a) == uf.find(b) or vetoed(a, b):
            return
        if check:
            group = uf.members[uf.find(a)] + uf.members[uf.find(b)]
            if not all(names_compatible(x, y) for x in group for y in group if x < y):
                return
        uf.union(a, b)
        rule_of[(a, b)] = (rule, reason)

    preferred = {normalize_name(t) for t in (aliases or {}).values()}
    for variant, target in sorted((aliases or {}).items()):
        v, t = normalize_name(variant), normalize_name(target)
        for n in (v, t):
            if n not in uf.parent:
                uf.parent[n] = n
                uf.members[n] = [n]
        join(v, t, "alias", f"user alias {v!r} -> {t!r}")

    norm_rows = norm.to_numpy()[codes]
    if "author_key" in authorships.columns:
        keyed = pd.DataFrame({"name": norm_rows, "key": authorships["author_key"].to_numpy()})
        keyed = keyed.dropna().drop_duplicates().sort_values(["key", "name"])
        keyed = keyed[keyed.duplicated("key", keep=False)]  # keys printed with one name join nothing
        for key, grp in keyed.groupby("key", sort=False):
            first = grp["name"].iloc[0]
            for other in grp["name"].iloc[1:]:
                join(first, other, "same-id", f"same source identifier {key}")

    if merge:
        by_key: dict[str, list[str]] = defaultdict(list)
        for n in names:
            by_key[name_key(n)].append(n)
        for key, group in sorted(by_key.items()):
            for other in group[1:]:
                join(group[0], other, "fold", "spellings differ only in case, diacritics, dots or hyphens")

        # initials rule: candidate pairs share a surname and a first given name (or its
        # initial); corroborated by a shared co-author
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
        candidate_pairs: set[tuple[str, str]] = set()
        for group in by_first.values():
            if len(group) > 50:
                continue  # dozens of spellings of one first name and surname: no evidence
            for i, a in enumerate(group):
                candidate_pairs.update((min(a, b), max(a, b)) for b in group[i + 1 :])
        for (_surname, _initial), group in by_initial.items():
            abbreviated = [n for n in group if len(parts_of[n][1][0]) == 1]
            if not abbreviated or len(group) > 50:
                continue  # a bare initial shared by many names is no evidence
            for a in abbreviated:
                candidate_pairs.update((min(a, b), max(a, b)) for b in group if b != a)
        if candidate_pairs:
            involved = {n for pair in candidate_pairs for n in pair}
            paper_codes, _ = pd.factorize(authorships["paper_id"].to_numpy())
            name_arr = np.asarray(norm_rows, dtype=object)
            # per distinct printed string, then mapped to rows
            in_pairs = np.fromiter((n in involved for n in norm), bool, len(norm))[codes]
            sel = np.flatnonzero(in_pairs)
            papers_of = {
                n: frozenset(paper_codes[sel[idx]].tolist())
                for n, idx in pd.Series(sel).groupby(name_arr[sel], sort=False).indices.items()
            }
            order = np.argsort(paper_codes, kind="stable")
            bounds = np.searchsorted(paper_codes[order], np.arange(paper_codes.max() + 2))
            cache: dict[str, set[str]] = {}

            def coauthors(n: str) -> set[str]:
                if n not in cache:
                    out: set[str] = set()
                    for p in papers_of.get(n, ()):
                        out.update(name_arr[order[bounds[p] : bounds[p + 1]]].tolist())
                    out.discard(n)
                    cache[n] = out
                return cache[n]

            pairs = []
            for a, b in sorted(candidate_pairs):
                if not names_compatible(a, b):
                    continue
                if papers_of.get(a, frozenset()) & papers_of.get(b, frozenset()):
                    continue  # printed side by side on one paper: two people
                shared = sorted(coauthors(a) & coauthors(b) - {a, b})
                if shared:
                    pairs.append((a, b, shared))
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
                    continue  # "J. Smith" fits both "John Smith" and "Jane Smith"
                join(
                    a,
                    b,
                    "initials",
                    f"compatible given names and initials; shared co-author {shared[0]}"
                    + (f" (+{len(shared) - 1} more)" if len(shared) > 1 else ""),
                    check=True,
                )

    # clusters -> ids
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
            present = [m for m in members if m in counts] or members
            canon = _canonical(present, counts, preferred)
        base = "a:" + _slug(canon)
        used[base] = used.get(base, 0) + 1
        aid = base if used[base] == 1 else f"{base}-{used[base]}"
        for m in members:
            id_of_name[m] = aid
        rows.append((aid, canon, tuple(present), is_group_name(canon)))
    authors = (
        pd.DataFrame(rows, columns=["author_id", "name", "variants", "is_group"])
        .set_index("author_id")
        .sort_index()
    )
    authors["is_group"] = authors["is_group"].astype(bool)
    merge_rows = []
    for (a, b), (rule, reason) in sorted(rule_of.items()):
        aid = id_of_name[a]
        canon = authors.at[aid, "name"]
        for variant in (a, b):
            if variant != canon and variant in counts:
                merge_rows.append((variant, canon, aid, rule, reason))
    merges = pd.DataFrame(merge_rows, columns=["variant", "name", "author_id", "rule", "reason"])
    merges = merges.drop_duplicates("variant").sort_values(["author_id", "variant"])
    merges = merges.reset_index(drop=True)
    lookup = np.array([id_of_name[n] for n in norm], dtype=object)
    ids = pd.Series(lookup[codes] if len(codes) else [], index=authorships.index, dtype=object)
    return ids, authors, merges
