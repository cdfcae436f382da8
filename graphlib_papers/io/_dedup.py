"""One rule for "the same paper", shared by every reader and by the combiners.

Every place that unites paper records uses :class:`PaperMatcher` (which records
are the same paper) and :func:`unite_rows` (what the united paper keeps):
:func:`graphlib_papers.io._common.records_to_corpus` (records of one reader), the
profile-page reader and :func:`concat_sources`, the one combiner of corpora (also
under :func:`graphlib_papers.read` for several files).

The rule: a source's own id is authoritative. Two records with the same id of one
kind (DOI, OpenAlex id, Web of Science UT, PMID, Scopus EID, arXiv id, DBLP key, a
paper id given in a table) are the same paper; two records with different ids of
one kind are different papers, whatever their titles say. Titles decide only
between records that share no kind of id, and only when both give the same year:
never on a title alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .._check import warn_renamed
from .._keys import combine_papers, doi_paper_id, is_missing, normalize_doi, title_key
from .._keys import unite_rows as unite_rows
from ..corpus import Corpus, build_corpus, with_load_report
from ..exceptions import OptionError
from ..names import name_key, names_compatible

__all__ = ["concat_sources", "concat", "match_papers"]

#: Paper columns holding a source's own identifier, most telling first, with the
#: shape an id must have to count (a shifted column's text is not an id).
ID_COLUMNS = {
    "doi": None,  # normalised by normalize_doi
    "openalex_id": re.compile(r"W\d+", re.IGNORECASE),
    "wos_id": re.compile(
        r"WOS:(?:\d{15}|A\d{4}[0-9A-Z]{2}\d{8})|(?!WOS:)[A-Z]{2,12}:[0-9A-Z.-]{6,30}",
        re.IGNORECASE,
    ),
    "pmid": re.compile(r"\d{1,10}"),
    "scopus_id": re.compile(r"2-s2\.0-\d{6,15}"),
    "arxiv_id": re.compile(r"\d{4}\.\d{4,5}|[a-z][a-z.-]+/\d{7}", re.IGNORECASE),
    "source_id": re.compile(r".{1,200}", re.DOTALL),
}
#: the id patterns whose ids hold no line break and no surrounding space, repeated over
#: ids joined by newlines: :func:`column_ids` checks a whole column with one match
_ID_BLOCKS = {
    col: re.compile(rf"(?:(?:{pattern.pattern})\n)*", pattern.flags)
    for col, pattern in ID_COLUMNS.items()
    if pattern is not None and col != "source_id"
}
_ID_NAMES = {
    "doi": "DOI",
    "openalex_id": "OpenAlex id",
    "wos_id": "Web of Science UT",
    "pmid": "PMID",
    "scopus_id": "Scopus EID",
    "arxiv_id": "arXiv id",
    "source_id": "paper id",
}


def own_ids(values: Mapping[str, Any], source: str | None = None) -> dict[str, str]:
    """The source's own ids among `values` (a record's fields or a paper row).

    DOIs are normalised; other ids compared case-insensitively and only when they
    have their kind's shape (a Scopus EID is ``2-s2.0-`` and digits). A ``source_id``
    (a paper id given in a table) means something only inside its file, so its kind
    is qualified by `source`. DBLP keys and BibTeX keys are not counted: a file's
    citation key names an entry, not a paper.

    Examples
    --------
    >>> own_ids({"doi": "https://doi.org/10.1234/X", "pmid": "123", "title": "T"})
    {'doi': '10.1234/x', 'pmid': '123'}
    >>> own_ids({"source_id": "7"}, source="a.csv")
    {'source_id@a.csv': '7'}
    """
    out: dict[str, str] = {}
    for col, value in values.items():
        if col in ID_COLUMNS:
            text = _id_text(col, value)
            if text is not None:
                out[f"source_id@{source}" if col == "source_id" else col] = text
    return out


def column_ids(col: str, values: Mapping[int, Any]) -> dict[int, str]:
    """:func:`own_ids` of one id column: record number -> id, for the values that
    are ids of the column's kind (`col` must be a key of :data:`ID_COLUMNS`).

    Examples
    --------
    >>> column_ids("pmid", {0: "123", 1: "n/a", 2: 456})
    {0: '123', 2: '456'}
    """
    out: dict[int, str] = {}
    pattern = ID_COLUMNS[col]
    if (block := _ID_BLOCKS.get(col)) is not None:
        texts = [v for v in values.values() if v is not None]
        joined = "".join([t + "\n" for t in texts]) if {str}.issuperset(map(type, texts)) else ""
        if joined and block.fullmatch(joined):
            # every id already in its form (one pass of the pattern over them all): the
            # case-folded texts, one per record with a value
            folded = iter("\n".join(texts).casefold().split("\n"))
            return {i: next(folded) for i, v in values.items() if v is not None}
    fullmatch = pattern.fullmatch if pattern is not None else None
    for i, value in values.items():
        if fullmatch is not None and type(value) is str:  # _id_text, inlined
            text = value.strip()
            if fullmatch(text):
                out[i] = text.casefold()
            continue
        text = _id_text(col, value)
        if text is not None:
            out[i] = text
    return out


def _id_text(col: str, value: Any) -> str | None:
    """`value` as an id of kind `col` (case folded), or None when it is not one."""
    if value is None or not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if col == "doi":
        text = normalize_doi(text)
        if text is None:
            return None
    elif not ID_COLUMNS[col].fullmatch(text):
        return None
    return text.casefold()


def id_name(kind: str) -> str:
    """How an id kind is called in load-report rows (``"doi"`` -> ``"DOI"``)."""
    return _ID_NAMES.get(kind.split("@", 1)[0], kind)


class PaperMatcher:
    """Decides, one record at a time, which earlier paper a record is (if any).

    Each paper found is a group number (0, 1, ...). :meth:`match` applies the rule of
    this module: an id of one kind shared with a group joins it unless another id
    kind they both carry differs; otherwise the first group with the same normalised
    title and the same year whose ids do not disagree; otherwise a new group.

    Examples
    --------
    >>> m = PaperMatcher()
    >>> m.match("On Engines", 1843, {"source_id@t.csv": "1"})
    (0, None, None)
    >>> m.match("On engines.", 1843, {"source_id@t.csv": "2"})  # different ids
    (1, None, None)
    >>> m.match("On engines", None, {})  # no year: never on a title alone
    (2, None, None)
    >>> m.match("ON ENGINES", 1843, {"doi": "10.1234/e"})
    (0, 'title+year', None)
    >>> m.match("Engines (preprint)", 1842, {"doi": "10.1234/e"})
    (0, 'doi', None)
    """

    def __init__(self) -> None:
        self._by_id: dict[tuple[str, str], int] = {}
        self._by_title: dict[tuple[str, int], list[int]] = {}
        self.ids: list[dict[str, str]] = []
        self.key = ""  # the normalised title of the last record matched

    def __len__(self) -> int:
        return len(self.ids)

    def conflict(self, group: int, ids: Mapping[str, str]) -> str | None:
        """The first id kind both carry with different values, or None."""
        mine = self.ids[group]
        for kind, value in ids.items():
            other = mine.get(kind)
            if other is not None and other != value:
                return kind
        return None

    def _register(self, group: int, key: str, year: int | None, ids: Mapping[str, str]):
        mine = self.ids[group]
        for kind, value in ids.items():
            if kind not in mine:
                mine[kind] = value
            self._by_id.setdefault((kind, value), group)
        if key and year is not None:
            groups = self._by_title.setdefault((key, year), [])
            if group not in groups:
                groups.append(group)

    def match(
        self, title: str, year: Any, ids: Mapping[str, str]
    ) -> tuple[int, str | None, tuple[int, str] | None]:
        """(group, rule, clash) for one record.

        `rule` is the id kind or ``"title+year"`` that matched an earlier group, or
        None for a new paper. `clash` is (group, kind) when the record shares an id
        with an earlier paper but another of their ids differs (kept apart).
        """
        year = None if is_missing(year) else int(year)
        key = self.key = title_key(title) if title else ""
        clash = None
        for kind, value in ids.items():
            group = self._by_id.get((kind, value))
            if group is None:
                continue
            other = self.conflict(group, ids)
            if other is None:
                self._register(group, key, year, ids)
                return group, kind.split("@", 1)[0], None
            clash = clash or (group, other)
        if key and year is not None:
            for group in self._by_title.get((key, year), ()):
                if not (self.ids[group].keys() & ids.keys()):
                    self._register(group, key, year, ids)
                    return group, "title+year", None
        group = len(self.ids)
        self.ids.append({})
        self._register(group, key, year, ids)
        return group, None, clash


def match_papers(corpora: Iterable[Corpus]) -> pd.DataFrame:
    """Which papers of several corpora are the same paper, and why.

    The rule of :class:`PaperMatcher`: the same id of one kind (DOI, OpenAlex id,
    Web of Science UT, PMID, ...) is the same paper, different ids of one kind are
    different papers; the same normalised title (case, accents, punctuation ignored)
    and the same year is the same paper when the two share no kind of id. A paper
    without a year is never matched on its title alone.

    Returns
    -------
    DataFrame
        One row per input paper: ``corpus`` (position), ``paper_id`` (old),
        ``new_id``, ``rule`` (an id kind such as ``"doi"``, ``"title+year"``, or
        None when unmatched).

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
    matcher = PaperMatcher()
    rows = []
    for i, c in enumerate(corpora):
        p = c.papers
        cols = [col for col in ID_COLUMNS if col in p.columns]
        ids_table = p[cols].to_dict("records") if cols else [{}] * len(p)
        sources = p["sources"].tolist()
        for pid, title, year, values, src in zip(
            p.index, p["title"], p["year"], ids_table, sources, strict=True
        ):
            ids = own_ids(values, source=src[0] if src else None)
            group, rule, _ = matcher.match(title, year, ids)
            rows.append((i, pid, group, rule))
    table = pd.DataFrame(rows, columns=["corpus", "paper_id", "group", "rule"])
    if table.empty:
        return pd.DataFrame(columns=["corpus", "paper_id", "new_id", "rule"])
    first_rule = table.dropna(subset=["rule"]).groupby("group")["rule"].first()
    table["rule"] = table["rule"].fillna(table["group"].map(first_rule))
    table["rule"] = table["rule"].astype(object).where(table["rule"].notna(), None)
    first_id = table.groupby("group")["paper_id"].min()
    table["new_id"] = [
        doi_paper_id(matcher.ids[g]["doi"]) if "doi" in matcher.ids[g] else first_id[g]
        for g in table["group"]
    ]
    return table[["corpus", "paper_id", "new_id", "rule"]]


def _relabel(c: Corpus, mapping: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    papers = c.papers.rename(index=mapping)
    papers.index.name = "paper_id"
    if papers.index.has_duplicates:
        papers = combine_papers([papers])
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
    """Combine corpora into one, one paper per real paper: the combiner of the package.

    Papers are matched by :func:`match_papers` (a source's own ids first, then
    normalised title and year between papers whose ids do not disagree), given one
    id (the DOI-based id when any copy has a DOI) and united: papers sharing an id
    become one paper with the union of their authorships, labs and sources, and the
    name layer runs again over every printed name (with the sources' author ids), so
    a person spelled two ways in two sources is merged with a recorded reason. The
    k-th authors of one paper read from two sources are given one author key when
    their names are compatible (``"Heather Piwowar"`` / ``"Heather A. Piwowar"``), so
    the name layer unites them with rule ``same-id`` and says why. Every match is a
    ``merged-duplicate`` row of ``load_report``. :func:`graphlib_papers.read` combines
    several files with it.

    Parameters
    ----------
    corpora : iterable of Corpus
    **name_options
        ``aliases``, ``vetoes``, ``merge_names``, ``disambiguate``, ``same`` or
        ``different`` for the name layer (see :meth:`Corpus.with_names`).

    Returns
    -------
    Corpus

    Raises
    ------
    OptionError
        If no corpus is given (also a ``ValueError``).
    TypeError
        If an item is not a :class:`~graphlib_papers.Corpus`.

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

    Two profile pages that list the same Gemini reports:

    >>> pages = [gp.read_profile(p) for p in gp.seed_paths()[2:4]]
    >>> concat_sources(pages).n_papers < pages[0].n_papers + pages[1].n_papers
    True
    """
    corpora = list(corpora)
    if not corpora:
        raise OptionError("concat_sources needs at least one Corpus")
    for c in corpora:
        if not isinstance(c, Corpus):
            raise TypeError(f"concat_sources takes Corpus objects, not {type(c).__name__}")
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
    combined = _unite(relabelled, **name_options)
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
    return with_load_report(combined, report)


def _unite(corpora: list[Corpus], **name_options: Any) -> Corpus:
    """One corpus from corpora whose papers carry their final ids: papers sharing a
    ``paper_id`` united (:func:`graphlib_papers._keys.combine_papers`), authorships,
    profiles and load reports stacked, the name layer run over all printed names."""
    papers = combine_papers([c.papers for c in corpora])
    ships = pd.concat([c.authorships for c in corpora], ignore_index=True).drop(
        columns=["author_id"]
    )
    profiles = pd.concat([c.profiles for c in corpora], ignore_index=True)
    if "owner_name" not in profiles.columns:
        profiles["owner_name"] = None
    reports = [c.load_report for c in corpora if len(c.load_report)]
    return build_corpus(
        papers,
        ships,
        profiles=profiles,
        load_report=pd.concat(reports, ignore_index=True) if reports else None,
        extra_authors=pd.concat([c.authors for c in corpora]),
        **name_options,
    )


def concat(corpora: Iterable[Corpus], **name_options: Any) -> Corpus:
    """Deprecated name of :func:`concat_sources` (removed in the next release).

    The same call and the same result as :func:`concat_sources`, with a FutureWarning.
    """
    warn_renamed("graphlib_papers.concat()", "graphlib_papers.concat_sources()")
    return concat_sources(corpora, **name_options)
