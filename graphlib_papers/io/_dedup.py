"""Combining corpora from several sources: papers de-duplicated by DOI, then title + year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..corpus import Corpus, _combine_papers, _title_key, concat
from ..names import name_key, names_compatible
from ._common import doi_paper_id, normalize_doi

__all__ = ["concat_sources", "match_papers"]


class _UF:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def match_papers(corpora: Iterable[Corpus]) -> pd.DataFrame:
    """Which papers of several corpora are the same paper, and why.

    Rule 1: the same DOI (case-insensitive) is the same paper. Rule 2: the same
    normalised title (case, accents, punctuation ignored) and the same year is the
    same paper, unless the two carry different DOIs. A paper without a year matches
    on title alone when exactly one dated group has that title.

    Returns
    -------
    DataFrame
        One row per input paper: ``corpus`` (position), ``paper_id`` (old),
        ``new_id``, ``rule`` (``"doi"``, ``"title+year"``, ``"title"`` or None when
        unmatched).

    Examples
    --------
    >>> import pandas as pd, graphlib_papers as gp
    >>> a = gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["x"], "author": ["Ada Byron"],
    ...     "title": ["On Engines"], "year": [1843], "doi": ["10.1/E"]}))
    >>> b = gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["y"], "author": ["A. Byron"],
    ...     "title": ["On engines."], "year": [1843]}))
    >>> m = match_papers([a, b])
    >>> m["rule"].tolist(), m["new_id"].nunique()
    (['title+year', 'title+year'], 1)
    """
    frames = []
    for i, c in enumerate(corpora):
        p = c.papers
        frames.append(
            pd.DataFrame(
                {
                    "corpus": i,
                    "paper_id": p.index.to_numpy(),
                    "doi": [normalize_doi(d) for d in p["doi"]] if "doi" in p else None,
                    "tkey": [_title_key(t) for t in p["title"]],
                    "year": p["year"].to_numpy(),
                }
            )
        )
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    n = len(rows)
    uf = _UF(n)
    rule = [None] * n
    doi_of_root: dict[int, str] = {}
    for _doi, idx in rows.dropna(subset=["doi"]).groupby("doi").groups.items():
        idx = sorted(idx)
        for j in idx[1:]:
            uf.union(idx[0], j)
        if len(idx) > 1:
            for j in idx:
                rule[j] = "doi"
    for j in range(n):
        d = rows.at[j, "doi"]
        if isinstance(d, str):
            doi_of_root[uf.find(j)] = d
    dated = rows[rows["year"].notna() & (rows["tkey"] != "")]
    for _key, idx in dated.groupby(["tkey", "year"]).groups.items():
        idx = sorted(idx)
        for j in idx[1:]:
            ra, rb = uf.find(idx[0]), uf.find(j)
            da, db = doi_of_root.get(ra), doi_of_root.get(rb)
            if ra == rb or (da and db and da != db):
                continue
            uf.union(ra, rb)
            doi_of_root[uf.find(ra)] = da or db
            rule[idx[0]] = rule[idx[0]] or "title+year"
            rule[j] = rule[j] or "title+year"
    by_title: dict[str, list[int]] = {}
    for j, key in enumerate(rows["tkey"]) if n else ():
        if key:
            by_title.setdefault(key, []).append(j)
    for j in rows.index[rows["year"].isna() & (rows["tkey"] != "")] if n else ():
        others = [k for k in by_title[rows.at[j, "tkey"]] if k != j]
        roots = {uf.find(k) for k in others}
        if len(roots) == 1:
            root = roots.pop()
            if uf.find(j) != root:
                uf.union(j, root)
                doi_of_root[uf.find(root)] = doi_of_root.get(root) or doi_of_root.get(j)
                for k in [j, *others]:
                    rule[k] = rule[k] or "title"
    roots = [uf.find(j) for j in range(n)]
    rows["root"] = roots
    first_id = rows.groupby("root")["paper_id"].min() if n else {}
    rows["new_id"] = [
        doi_paper_id(doi_of_root[r]) if doi_of_root.get(r) else first_id[r] for r in roots
    ]
    rows["rule"] = rule
    return rows[["corpus", "paper_id", "new_id", "rule"]]


def _relabel(c: Corpus, mapping: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    papers = c.papers.rename(index=mapping)
    papers.index.name = "paper_id"
    if papers.index.has_duplicates:
        papers = _combine_papers([papers])
    ships = c.authorships
    ships["paper_id"] = ships["paper_id"].map(lambda p: mapping.get(p, p))
    ships = ships.drop_duplicates(["paper_id", "author_id"])
    if "author_key" not in ships:
        ships["author_key"] = None
    ships["author_key"] = ships["author_key"].astype(object)
    return papers, ships


def _reconcile_authors(ships: list[pd.DataFrame]) -> int:
    """Give the same author key to the k-th authors of one paper read from two sources
    when their names are compatible, so the name layer unites them (rule ``same-id``).

    The key kept is a source identifier when either row has one (an OpenAlex id, an
    ORCID), else ``"same paper <id>, author <k>"``. Returns the number of rows keyed.
    """
    table = pd.concat(
        [
            s[["paper_id", "position", "printed_name", "author_key"]].assign(src=i, row=s.index)
            for i, s in enumerate(ships)
        ],
        ignore_index=True,
    )
    table = table[table["position"].notna()]
    pairs = table.merge(table, on=["paper_id", "position"], suffixes=("", "_o"))
    pairs = pairs[pairs["src"] < pairs["src_o"]]
    if pairs.empty:
        return 0
    ok = [
        names_compatible(a, b) or name_key(a) == name_key(b)
        for a, b in zip(pairs["printed_name"], pairs["printed_name_o"], strict=True)
    ]
    pairs = pairs[ok]
    keyed = 0
    for row in pairs.itertuples(index=False):
        key = row.author_key if isinstance(row.author_key, str) else row.author_key_o
        if not isinstance(key, str):
            key = f"same paper {row.paper_id}, author {int(row.position)}"
        for c, r in ((row.src, row.row), (row.src_o, row.row_o)):
            if ships[c].at[r, "author_key"] != key:
                ships[c].at[r, "author_key"] = key
                keyed += 1
    return keyed


def concat_sources(corpora: Iterable[Corpus], **name_options: Any) -> Corpus:
    """Combine corpora read from different sources, one paper per real paper.

    Papers are matched by :func:`match_papers` (DOI first, then normalised title and
    year), given one id (the DOI-based id when any copy has a DOI) and united by
    :func:`graphlib_papers.concat`: authorships, labs and sources are joined and the
    name layer runs over every printed name (with the sources' author ids). The
    k-th authors of one paper read from two sources are given one author key when
    their names are compatible (``"Heather Piwowar"`` / ``"Heather A. Piwowar"``), so
    the name layer unites them with rule ``same-id`` and says why. Every match is a
    ``merged-duplicate`` row of ``load_report``.

    Parameters
    ----------
    corpora : iterable of Corpus
    **name_options
        ``aliases``, ``vetoes`` or ``merge_names`` for the name layer.

    Returns
    -------
    Corpus

    Raises
    ------
    ValueError
        If no corpus is given.

    Examples
    --------
    >>> import pandas as pd, graphlib_papers as gp
    >>> a = gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["x", "x"],
    ...     "author": ["Ada Byron", "C. Babbage"], "title": ["On Engines"] * 2,
    ...     "year": [1843] * 2, "doi": ["10.1/E"] * 2}))
    >>> b = gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["y"],
    ...     "author": ["Ada Byron"], "title": ["On engines."], "year": [1843]}))
    >>> both = concat_sources([a, b])
    >>> both.n_papers, both.n_authors, both.papers["doi"].tolist()
    (1, 2, ['10.1/E'])
    """
    corpora = list(corpora)
    if not corpora:
        raise ValueError("concat_sources needs at least one Corpus")
    matches = match_papers(corpora)
    parts = []
    for i, c in enumerate(corpora):
        m = matches[matches["corpus"] == i]
        parts.append(_relabel(c, dict(zip(m["paper_id"], m["new_id"], strict=True))))
    ships = [s for _, s in parts]
    _reconcile_authors(ships)
    relabelled = []
    for c, (papers, s) in zip(corpora, parts, strict=True):
        if s["author_key"].isna().all():
            s = s.drop(columns=["author_key"])
        relabelled.append(Corpus(papers, c.authors, s, c.profiles, c.load_report, c.merges))
    combined = concat(relabelled, **name_options)
    merged = matches[matches["rule"].notna()]
    if merged.empty:
        return combined
    notes = pd.DataFrame(
        {
            "source": [", ".join(combined.papers.at[n, "sources"]) for n in merged["new_id"]],
            "line": pd.array([pd.NA] * len(merged), dtype="Int64"),
            "action": "merged-duplicate",
            "reason": [
                f"paper {old} of source {int(i) + 1} is {new} (same {r})"
                for old, new, i, r in zip(
                    merged["paper_id"],
                    merged["new_id"],
                    merged["corpus"],
                    merged["rule"],
                    strict=True,
                )
            ],
            "record": [combined.papers.at[n, "title"][:200] for n in merged["new_id"]],
        }
    )
    report = pd.concat([combined.load_report, notes], ignore_index=True)
    return Corpus(
        combined.papers,
        combined.authors,
        combined.authorships,
        combined.profiles,
        report,
        combined.merges,
        name_options=combined._name_options,
    )
