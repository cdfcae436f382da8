"""The Corpus: the single source of truth, as tidy tables.

Every reader returns a :class:`Corpus`; every graph and analysis is a function of one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._check import year_mask
from ._keys import paper_id_of_key, title_key
from ._memory import release_memory
from ._store import write_corpus
from .exceptions import SchemaError
from .names import normalize_name, resolve_codes

__all__ = ["Corpus", "paper_id_for"]

PAPER_COLUMNS: dict[str, Any] = {
    "title": "",
    "date": pd.NaT,
    "year": pd.NA,
    "date_precision": None,
    "year_inferred": False,
    "category": "",
    "has_code": False,
    "abstract": None,
    "labs": (),
    "n_authors_visible": 0,
    "authors_truncated": False,
    "sources": (),
}
AUTHORSHIP_COLUMNS = ["paper_id", "author_id", "position", "inferred", "printed_name"]
PROFILE_COLUMNS = ["source", "owner_id", "owner_method", "owner_confidence", "owner_evidence"]
REPORT_COLUMNS = ["source", "line", "action", "reason", "record"]


def paper_id_for(title: str, year: int | None = None) -> str:
    """Stable paper id derived from the normalised title (and a year when given).

    Examples
    --------
    >>> paper_id_for("Adversarial Patch") == paper_id_for("  adversarial   patch ")
    True
    >>> paper_id_for("Adversarial Patch")
    'p:...'
    """
    return paper_id_of_key(title_key(title), year)


def _as_tuple(value: Any) -> tuple:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in re.split(r"[;|]", value) if p.strip())
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if v is not None and str(v) != "")
    return (str(value),)


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in REPORT_COLUMNS}).astype(
        {"line": "Int64"}
    )


_SPLIT_COLUMNS = ["name", "author_id", "split_id", "n_papers", "papers", "evidence"]


def _empty_splits() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _SPLIT_COLUMNS})


#: pandas >= 3 copies lazily (copy-on-write): a shallow copy is then as safe as a deep
#: one and costs nothing; older pandas needs the deep copy
_DEEP = pd.__version__.startswith(("1.", "2."))


def _own(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` to change without changing the caller's table."""
    return df.copy(deep=_DEEP)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate_at(values: list) -> int | None:
    """Position of the first string of `values` holding a lone surrogate (which no text
    column can hold), or None; strings are searched a block at a time, at C speed.

    Examples
    --------
    >>> _lone_surrogate_at(["Ada", None, 3, "B" + chr(0xDC00)]), _lone_surrogate_at(["Ada"])
    (3, None)
    """
    for start in range(0, len(values), 65536):
        block = values[start : start + 65536]
        texts = [v for v in block if type(v) is str]
        if _SURROGATE.search("".join(texts)):
            return start + next(
                i for i, v in enumerate(block) if type(v) is str and _SURROGATE.search(v)
            )
    return None


def _normalise_papers(papers: pd.DataFrame) -> pd.DataFrame:
    papers = _own(papers)
    if papers.index.name != "paper_id":
        if "paper_id" in papers.columns:
            papers = papers.set_index("paper_id")
        else:
            raise SchemaError("papers table needs a 'paper_id' index or column")
    if papers.index.has_duplicates:
        dup = papers.index[papers.index.duplicated()][0]
        raise SchemaError(f"papers table has duplicate paper_id {dup!r}")
    for col, default in PAPER_COLUMNS.items():
        if col not in papers.columns:
            papers[col] = [default] * len(papers) if isinstance(default, tuple) else default
    papers["title"] = papers["title"].fillna("").astype(str)
    date = pd.to_datetime(papers["date"], errors="coerce")
    date_year = pd.Series(date.dt.year, index=papers.index).astype("Int64")
    # the column is nanosecond datetimes: a date before 1677-09-22 or after 2262-04-11
    # cannot be held and is left empty (its year is kept); readers report it
    papers["date"] = date.where(date.isna() | date.between(pd.Timestamp.min, pd.Timestamp.max))
    papers["date"] = papers["date"].astype("datetime64[ns]")
    year = pd.to_numeric(papers["year"], errors="coerce").astype("Int64")
    year = year.fillna(date_year)
    papers["year"] = year
    papers["category"] = papers["category"].fillna("").astype(str)
    for col in ("has_code", "authors_truncated", "year_inferred"):
        papers[col] = papers[col].fillna(False).astype(bool)
    for col in ("labs", "sources"):
        values = papers[col].tolist()
        if {*map(type, values)} - {tuple}:
            papers[col] = [_as_tuple(v) for v in values]
    papers["abstract"] = papers["abstract"].astype(object).where(papers["abstract"].notna(), None)
    papers["date_precision"] = papers["date_precision"].astype(object)
    front = list(PAPER_COLUMNS)
    papers = papers[front + [c for c in papers.columns if c not in front]]
    return papers.sort_index()


#: Above this many authorships ``Corpus.summary`` leaves the ambiguous-name check to the user.
_AMBIGUITY_CHECK_AUTHORSHIPS = 20_000


class Corpus:
    """An immutable collection of papers, authors and authorships, with its provenance.

    Build one with a reader (:func:`graphlib_papers.read_profiles`,
    :func:`graphlib_papers.load_seeds`, ...) or :meth:`Corpus.from_authorships`.
    The tables are returned as copies: changing them never changes the corpus.

    Attributes
    ----------
    papers : DataFrame
        Index ``paper_id``; ``title``, ``date``, ``year`` (Int64), ``date_precision``,
        ``year_inferred``, ``category``, ``has_code``, ``abstract``, ``labs`` (tuple),
        ``n_authors_visible``, ``authors_truncated``, ``sources`` (tuple).
    authors : DataFrame
        Index ``author_id``; ``name``, ``variants`` (tuple), ``is_group``.
    authorships : DataFrame
        ``paper_id``, ``author_id``, ``position`` (Int64, NA when inferred),
        ``inferred``, ``printed_name``.
    profiles : DataFrame
        One row per profile page read: ``source``, ``owner_id``, ``owner_method``
        ("header", "inferred" or "none"), ``owner_confidence``, ``owner_evidence`` and
        the page's header metrics.
    load_report : DataFrame
        Every skipped, repaired or flagged record: ``source``, ``line``, ``action``,
        ``reason``, ``record``.
    merges : DataFrame
        Every name variant joined to another author: ``variant``, ``name``,
        ``author_id``, ``rule``, ``reason``.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2"],
    ...     "author": ["Ada Lovelace", "Charles Babbage", "Ada Lovelace"],
    ...     "year": [1843, 1843, 1842]}))
    >>> corpus
    <Corpus: 2 papers, 2 authors, 3 authorships>
    >>> corpus.authors["name"].tolist()
    ['Ada Lovelace', 'Charles Babbage']
    """

    __slots__ = (
        "_papers",
        "_authors",
        "_authorships",
        "_profiles",
        "_load_report",
        "_merges",
        "_splits",
        "_cache",
        "_name_options",
    )

    def __init__(
        self,
        papers: pd.DataFrame,
        authors: pd.DataFrame,
        authorships: pd.DataFrame,
        profiles: pd.DataFrame | None = None,
        load_report: pd.DataFrame | None = None,
        merges: pd.DataFrame | None = None,
        *,
        name_options: Mapping[str, Any] | None = None,
        splits: pd.DataFrame | None = None,
    ):
        tables = {"papers": papers, "authors": authors, "authorships": authorships}
        self._setup(tables, profiles, load_report, merges, name_options, splits)

    @classmethod
    def _adopt(
        cls,
        tables: dict[str, pd.DataFrame],
        profiles: pd.DataFrame | None = None,
        load_report: pd.DataFrame | None = None,
        merges: pd.DataFrame | None = None,
        *,
        name_options: Mapping[str, Any] | None = None,
        splits: pd.DataFrame | None = None,
    ) -> Corpus:
        """A Corpus of ``tables["papers"]``, ``["authors"]`` and ``["authorships"]``,
        taken out of `tables` (emptied), so that each is freed as soon as its sorted
        copy is made (see :func:`build_corpus_from`)."""
        new = object.__new__(cls)
        new._setup(tables, profiles, load_report, merges, name_options, splits)
        return new

    def _setup(self, tables, profiles, load_report, merges, name_options, splits) -> None:
        papers = _normalise_papers(tables.pop("papers"))
        authorships = tables.pop("authorships")
        release_memory(len(authorships))  # the papers table before it was sorted
        missing = {"paper_id", "author_id"} - set(authorships.columns)
        if missing:
            raise SchemaError(f"authorships table lacks column(s) {sorted(missing)}")
        authorships = _own(authorships)
        authors = tables.pop("authors")
        if "position" not in authorships:
            authorships["position"] = pd.NA
        if "inferred" not in authorships:
            authorships["inferred"] = False
        if "printed_name" not in authorships:
            authorships["printed_name"] = None
        authorships["position"] = authorships["position"].astype("Int64")
        authorships["inferred"] = authorships["inferred"].fillna(False).astype(bool)
        # each row's paper and author as a position in the sorted tables: the checks,
        # then the row order (paper, position, author) from integers
        paper_at = index_positions(authorships["paper_id"], papers.index)  # a unique index
        if (paper_at < 0).any():
            bad = authorships["paper_id"].iloc[int(np.flatnonzero(paper_at < 0)[0])]
            raise SchemaError(f"authorship refers to unknown paper_id {bad!r}")
        if authors.index.name != "author_id":
            authors = authors.set_index("author_id")
        if not authors.index.is_monotonic_increasing:
            authors = authors.sort_index()
        author_at = (
            index_positions(authorships["author_id"], authors.index)
            if authors.index.is_unique
            else authors.index.get_indexer(authorships["author_id"])  # raises
        )
        if (author_at < 0).any():
            bad = authorships["author_id"].iloc[int(np.flatnonzero(author_at < 0)[0])]
            raise SchemaError(f"authorship refers to unknown author_id {bad!r}")
        for col, default in (("name", ""), ("variants", ()), ("is_group", False)):
            if col not in authors:
                authors[col] = [default] * len(authors) if col == "variants" else default
        authors["is_group"] = authors["is_group"].astype(bool)
        front = AUTHORSHIP_COLUMNS + [c for c in authorships.columns if c not in AUTHORSHIP_COLUMNS]
        order = _row_order(paper_at, authorships["position"], author_at)
        authorships = authorships[front].take(order).reset_index(drop=True)
        if profiles is None:
            profiles = pd.DataFrame({c: pd.Series(dtype=object) for c in PROFILE_COLUMNS})
        if load_report is None:
            load_report = _empty_report()
        if merges is None:
            merges = pd.DataFrame(columns=["variant", "name", "author_id", "rule", "reason"])
        self._papers = papers
        self._authors = authors.sort_index()
        self._authorships = authorships
        self._profiles = profiles.reset_index(drop=True)
        self._load_report = load_report.reset_index(drop=True)
        self._merges = merges.reset_index(drop=True)
        self._splits = _empty_splits() if splits is None else splits.reset_index(drop=True)
        self._cache: dict[str, Any] = {}
        self._name_options = dict(name_options or {})

    def _replace(self, **tables: pd.DataFrame) -> Corpus:
        """A copy with some tables swapped, without re-validating the others (internal)."""
        new = object.__new__(Corpus)
        for slot in self.__slots__:
            value = tables.get(slot.lstrip("_"), getattr(self, slot))
            object.__setattr__(new, slot, value)
        object.__setattr__(new, "_cache", {})
        return new

    # -- tables ---------------------------------------------------------------
    @staticmethod
    def _view(df: pd.DataFrame) -> pd.DataFrame:
        # pandas >= 3 copies lazily (copy-on-write): a shallow copy is safe and free;
        # older pandas gets a deep copy
        return df.copy(deep=_DEEP)

    @property
    def papers(self) -> pd.DataFrame:
        """The papers table (a copy)."""
        return self._view(self._papers)

    @property
    def authors(self) -> pd.DataFrame:
        """The authors table (a copy)."""
        return self._view(self._authors)

    @property
    def authorships(self) -> pd.DataFrame:
        """The authorships table (a copy)."""
        return self._view(self._authorships)

    @property
    def profiles(self) -> pd.DataFrame:
        """One row per profile page read (empty for other sources)."""
        return self._view(self._profiles)

    @property
    def load_report(self) -> pd.DataFrame:
        """Every skipped, repaired or flagged input record."""
        return self._view(self._load_report)

    @property
    def merges(self) -> pd.DataFrame:
        """The merge table: which spelling was joined to which author, by which rule."""
        return self._view(self._merges)

    @property
    def splits(self) -> pd.DataFrame:
        """The split table: which author a printed name was split into, with the evidence.

        Empty unless the corpus was built with ``disambiguate=True``. Columns
        ``name``, ``author_id`` (the author before splitting), ``split_id`` (the
        author after), ``n_papers``, ``papers`` (tuple of paper ids), ``evidence``.
        """
        return self._view(self._splits)

    @property
    def n_papers(self) -> int:
        return len(self._papers)

    @property
    def n_authors(self) -> int:
        return len(self._authors)

    def __len__(self) -> int:
        return len(self._papers)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_name_options"):
            raise AttributeError(
                "Corpus is immutable; use filter() or concat_sources() for a new one"
            )
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return all(
            getattr(self, t).equals(getattr(other, t))
            for t in ("_papers", "_authors", "_authorships")
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Corpus: {self.n_papers} papers, {self.n_authors} authors, "
            f"{len(self._authorships)} authorships>"
        )

    def summary(self) -> pd.Series:
        """Headline figures of the corpus as a Series.

        Examples
        --------
        >>> import graphlib_papers as gp
        >>> gp.load_seeds().summary()["papers"]
        93
        """
        ap = self._authorships
        years = self._papers["year"].dropna()
        return pd.Series(
            {
                "papers": self.n_papers,
                "authors": self.n_authors,
                "group authors": int(self._authors["is_group"].sum()),
                "authorships": len(ap),
                "inferred authorships": int(ap["inferred"].sum()),
                "papers with truncated author lists": int(self._papers["authors_truncated"].sum()),
                "years": f"{years.min()}–{years.max()}" if len(years) else "—",
                "profile pages": len(self._profiles),
                "merged name variants": len(self._merges),
                "split names": int(self._splits["author_id"].nunique()),
                "names that look like several people": self._ambiguous_note(),
                "load report rows": len(self._load_report),
            },
            dtype=object,
        )

    def _ambiguous_note(self) -> int | str:
        """How many names look like several people, with the way to split them.

        The check costs about as much as splitting itself, so the summary (shown by
        Jupyter and the report) runs it only up to ``_AMBIGUITY_CHECK_AUTHORSHIPS``
        authorships and otherwise says how to run it.
        """
        if "ambiguous" not in self._cache and len(self._authorships) > _AMBIGUITY_CHECK_AUTHORSHIPS:
            return ("not checked on a corpus this large: run gp.ambiguous_names(corpus) "
                    "(it takes about as long as corpus.with_names(disambiguate=True))")
        if "ambiguous" not in self._cache:
            from .disambiguation import ambiguous_names

            self._cache["ambiguous"] = ambiguous_names(self)
        n = len(self._cache["ambiguous"])
        if not n:
            return 0
        return (
            f"{n} (listed by gp.ambiguous_names(corpus); "
            "split with corpus.with_names(disambiguate=True))"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
            f"<td>{html.escape(str(v))}</td></tr>"
            for k, v in self.summary().items()
        )
        return (
            "<div><strong>graphlib_papers.Corpus</strong>"
            f"<table>{rows}</table></div>"
        )

    # -- construction ---------------------------------------------------------
    @classmethod
    def from_authorships(
        cls,
        df: pd.DataFrame,
        *,
        aliases: Mapping[str, str] | None = None,
        vetoes: Iterable[tuple[str, str]] | None = None,
        merge_names: bool = True,
        source: str | None = None,
        disambiguate: bool = False,
    ) -> Corpus:
        """Build a corpus from a long table with one row per (paper, author).

        Parameters
        ----------
        df : DataFrame
            Required columns ``paper_id`` and ``author``. Optional: ``position``
            (printed order; defaults to row order within the paper), ``inferred``,
            ``author_key`` (a source identifier such as an ORCID), and paper columns
            ``title``, ``year``, ``date``, ``category``, ``labs`` (tuple or a
            ``;``-separated string), ``abstract``, ``authors_truncated``, ``sources``,
            or any other column, kept on the papers table.
        aliases, vetoes, merge_names, disambiguate
            Passed to the name layer (see :mod:`graphlib_papers.names` and
            :meth:`Corpus.with_names`).
        source : str, optional
            Recorded in ``papers.sources`` when the table has no ``sources`` column.

        Returns
        -------
        Corpus

        Raises
        ------
        SchemaError
            If a required column is missing, a row lacks a paper id or an author, or a
            text holds a lone surrogate (half of a character, which no text column holds).

        Examples
        --------
        >>> df = pd.DataFrame({"paper_id": ["a", "a", "b"],
        ...                    "author": ["Samuel L Smith", "Soham De", "Samuel L. Smith"]})
        >>> c = Corpus.from_authorships(df)
        >>> c.authors["name"].tolist()
        ['Samuel L. Smith', 'Soham De']
        >>> c.merges[["variant", "rule"]].values.tolist()
        [['Samuel L Smith', 'fold']]
        """
        missing = {"paper_id", "author"} - set(df.columns)
        if missing:
            raise SchemaError(f"from_authorships needs column(s) {sorted(missing)}")
        df = df.reset_index(drop=True)
        for col in df.columns:  # (a text column of pandas' own string type cannot hold one)
            row = _lone_surrogate_at(df[col].tolist()) if df[col].dtype == object else None
            if row is not None:
                raise SchemaError(
                    f"row {row}, column {col!r}: the text holds a lone surrogate "
                    f"(U+{ord(_SURROGATE.search(df[col].iloc[row]).group()):04X}, half of a "
                    "character, as a JSON escape such as \"\\ud800\" decodes); replace it "
                    "(by U+FFFD, for example)"
                )
        blank = df["author"].astype(str).str.strip() == ""
        bad = df["paper_id"].isna() | df["author"].isna() | blank
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise SchemaError(f"row {row}: every row needs a paper_id and an author")
        df = df.assign(paper_id=df["paper_id"].astype(str))
        paper_cols = [
            c
            for c in df.columns
            if c not in {"paper_id", "author", "position", "inferred", "author_key", "printed_name"}
        ]
        papers = df.groupby("paper_id", sort=True)[paper_cols].first() if paper_cols else (
            pd.DataFrame(index=pd.Index(sorted(df["paper_id"].unique()), name="paper_id"))
        )
        papers.index.name = "paper_id"
        if "sources" not in papers:
            papers["sources"] = [(source,) if source else ()] * len(papers)
        ships = pd.DataFrame(
            {
                "paper_id": df["paper_id"],
                "printed_name": df["author"].astype(str).map(normalize_name),
                "inferred": df["inferred"].astype(bool) if "inferred" in df else False,
            }
        )
        if "position" in df:
            ships["position"] = pd.to_numeric(df["position"], errors="coerce").astype("Int64")
        else:
            ships["position"] = (df.groupby("paper_id").cumcount() + 1).astype("Int64")
            ships.loc[ships["inferred"], "position"] = pd.NA
        if "author_key" in df:
            ships["author_key"] = df["author_key"]
        return build_corpus(
            papers, ships, aliases=aliases, vetoes=vetoes, merge_names=merge_names,
            disambiguate=disambiguate,
        )

    # -- derivation -----------------------------------------------------------
    def filter(
        self,
        *,
        years: int | tuple[int | None, int | None] | Iterable[int] | None = None,
        categories: str | Iterable[str] | None = None,
        labs: str | Iterable[str] | None = None,
        papers: Iterable[str] | None = None,
    ) -> Corpus:
        """A new corpus restricted to some papers (authors follow their papers).

        Parameters
        ----------
        years : int, (start, end) tuple or iterable of int, optional
            A single year, an inclusive range (either end may be None), or a set.
            Papers without a known year are dropped whenever `years` is given.
        categories : str or iterable of str, optional
            Category codes as printed (``"LG"``).
        labs : str or iterable of str, optional
            Keep papers tagged with at least one of these labs.
        papers : iterable of str, optional
            Explicit paper ids.

        Examples
        --------
        >>> import graphlib_papers as gp
        >>> seeds = gp.load_seeds()
        >>> recent_cl = seeds.filter(years=(2024, None), categories="CL")
        >>> sorted(set(recent_cl.papers["category"])), int(recent_cl.papers["year"].min())
        (['CL'], 2024)
        >>> len(recent_cl), len(seeds.filter(years=2024)) + len(seeds.filter(years=(2025, None)))
        (14, 32)
        """
        p = self._papers
        keep = pd.Series(True, index=p.index)
        if years is not None:
            keep &= year_mask(p["year"], years)
        if categories is not None:
            cats = {categories} if isinstance(categories, str) else set(categories)
            keep &= p["category"].isin(cats)
        if labs is not None:
            wanted = {labs} if isinstance(labs, str) else set(labs)
            keep &= p["labs"].map(lambda t: bool(wanted.intersection(t))).astype(bool)
        if papers is not None:
            keep &= p.index.isin(list(papers))
        return self._subset(p.index[keep.to_numpy()])

    def _subset(self, paper_ids: pd.Index) -> Corpus:
        papers = self._papers.loc[paper_ids]
        ships = self._authorships[self._authorships["paper_id"].isin(paper_ids)]
        authors = self._authors.loc[self._authors.index.isin(ships["author_id"].unique())]
        merges = self._merges[self._merges["author_id"].isin(authors.index)]
        return Corpus(
            papers,
            authors,
            ships,
            self._profiles,
            self._load_report,
            merges,
            name_options=self._name_options,
            splits=self._splits[self._splits["split_id"].isin(authors.index)],
        )

    def to_parquet(self, path, **kwargs) -> Any:
        """Write the corpus tables as Parquet files in directory `path` (lossless).

        Needs pyarrow (``pip install 'graphlib-papers[parquet]'``). Read back with
        :func:`graphlib_papers.read_parquet`. Keyword arguments go to
        :func:`graphlib_papers.io.parquet.write_parquet`.

        Examples
        --------
        >>> import tempfile, graphlib_papers as gp
        >>> seeds = gp.load_seeds()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = seeds.to_parquet(tmp)
        ...     gp.read_parquet(tmp) == seeds
        True
        """
        return write_corpus(self, path, **kwargs)

    def with_names(
        self,
        *,
        aliases: Mapping[str, str] | None = None,
        vetoes: Iterable[tuple[str, str]] | None = None,
        merge_names: bool = True,
        disambiguate: bool = False,
        same: Iterable[tuple[tuple[str, str], tuple[str, str]]] | None = None,
        different: Iterable[tuple[tuple[str, str], tuple[str, str]]] | None = None,
    ) -> Corpus:
        """Re-run the name layer with other options; a new corpus.

        Parameters
        ----------
        aliases, vetoes, merge_names
            Spelling-level decisions (see :mod:`graphlib_papers.names`).
        disambiguate : bool, default False
            Also split a name printed by several people into several authors, from
            the evidence on their papers (see :mod:`graphlib_papers.disambiguation`);
            every split is listed in :attr:`splits`, every merge by evidence in
            :attr:`merges` (rule ``"evidence"``).
        same, different : iterable of pairs of mentions, optional
            A mention is ``(paper_id, printed_name)``. ``same=[(m1, m2)]`` puts two
            mentions in one author, ``different=[(m1, m2)]`` keeps them apart. Used
            with ``disambiguate=True`` (passing them turns it on).

        Examples
        --------
        >>> import graphlib_papers as gp
        >>> seeds = gp.load_seeds()
        >>> apart = seeds.with_names(vetoes=[("Sashank Reddi", "Sashank J. Reddi")])
        >>> apart.n_authors == seeds.n_authors + 1
        True
        >>> seeds.with_names(disambiguate=True).splits.empty   # nobody to split
        True
        """
        return build_corpus(
            self._papers,
            self._authorships.drop(columns=["author_id"]),
            profiles=self._profiles,
            load_report=self._load_report,
            aliases=aliases,
            vetoes=vetoes,
            merge_names=merge_names,
            extra_authors=self._authors,
            disambiguate=disambiguate,
            same=same,
            different=different,
        )


def check_corpus(corpus: Any) -> Corpus:
    """`corpus` itself, or a TypeError when it is not a :class:`Corpus` (every analysis's check).

    Examples
    --------
    >>> check_corpus("papers.bib")
    Traceback (most recent call last):
    TypeError: corpus must be a Corpus, not str
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus, not {type(corpus).__name__}")
    return corpus


def with_load_report(corpus: Corpus, load_report: pd.DataFrame) -> Corpus:
    """`corpus` with `load_report` as its load report, every other table and the name
    options kept (the one way readers and combiners put their rows on a corpus).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> seeds = gp.load_seeds()
    >>> with_load_report(seeds, seeds.load_report.iloc[:0]).load_report.empty
    True
    """
    # the other tables were checked and ordered when `corpus` was made: they are
    # shared as they are, not checked and sorted again
    return corpus._replace(load_report=load_report.reset_index(drop=True))


def build_corpus(papers: pd.DataFrame, authorships: pd.DataFrame, **options: Any) -> Corpus:
    """Assemble a Corpus from papers and authorships carrying printed names.

    This is the one place where the name layer runs: readers hand in
    ``printed_name`` per authorship and get ``author_id`` back. Duplicate
    (paper, author) rows collapse to one, a printed row winning over an inferred one.
    Profile owners named in ``profiles['owner_name']`` get their ``owner_id``.
    Author columns beyond the name layer's (header metrics) are taken from
    `extra_authors` rows whose names match. The `options` (``profiles``,
    ``load_report``, ``aliases``, ``vetoes``, ``merge_names``, ``extra_authors``,
    ``disambiguate``, ``same``, ``different``) are :func:`build_corpus_from`'s; the
    caller's tables are left as they are.
    """
    return build_corpus_from({"papers": papers, "authorships": authorships}, **options)


def build_corpus_from(
    tables: dict[str, pd.DataFrame],
    *,
    profiles: pd.DataFrame | None = None,
    load_report: pd.DataFrame | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    extra_authors: pd.DataFrame | None = None,
    disambiguate: bool = False,
    same: Iterable[tuple[tuple[str, str], tuple[str, str]]] | None = None,
    different: Iterable[tuple[tuple[str, str], tuple[str, str]]] | None = None,
) -> Corpus:
    """:func:`build_corpus` of ``tables["papers"]`` and ``tables["authorships"]``,
    taken out of `tables` (emptied): with no reference left to them in the caller,
    each table is freed as soon as its successor is made, so that peak memory holds
    one copy of a table and its sorted successor rather than every earlier copy too
    (the readers hand their tables over this way).

    Examples
    --------
    >>> tables = {"papers": pd.DataFrame({"title": ["T"]}, index=pd.Index(["p1"], name="paper_id")),
    ...           "authorships": pd.DataFrame({"paper_id": ["p1"], "printed_name": ["Ada Byron"]})}
    >>> corpus = build_corpus_from(tables)
    >>> tables, corpus.authorships["author_id"].tolist()
    ({}, ['a:ada-byron'])
    """
    ships = tables.pop("authorships")
    ships = _own(ships.reset_index(drop=True))
    if "inferred" not in ships:
        ships["inferred"] = False
    if "position" not in ships:
        ships["position"] = pd.NA
    id_of_name, row_name, authors, merges = resolve_codes(
        ships, aliases=aliases, vetoes=vetoes, merge=merge_names
    )
    release_memory(len(ships))  # the name layer's working tables
    same, different = list(same or ()), list(different or ())
    splits = None
    if disambiguate or same or different:
        ids = pd.Series(id_of_name[row_name], index=ships.index, dtype=object)
        ids, authors, merges, splits = _disambiguate(
            ships, tables["papers"], ids, authors, merges, profiles, vetoes, same, different
        )
        ships["author_id"] = ids.to_numpy()
    else:
        ships["author_id"] = (
            take_strings(id_of_name, row_name) if len(row_name) else id_of_name[row_name]
        )
    ships["position"] = ships["position"].astype("Int64")
    # the row order matters below only for the profile owners' ids
    ships = _one_row_per_author(
        ships, sort=profiles is not None and "owner_name" in profiles.columns
    )
    papers = _own(tables.pop("papers"))
    if papers.index.name != "paper_id" and "paper_id" in papers.columns:
        papers = papers.set_index("paper_id")
    given = (
        pd.to_numeric(papers["n_authors_visible"], errors="coerce")
        if "n_authors_visible" in papers.columns
        else None
    )
    if given is None or given.isna().any():  # counted from the printed authorships
        visible = ships.loc[~ships["inferred"].astype(bool)].groupby("paper_id").size()
        visible = visible.reindex(papers.index, fill_value=0)
        given = visible if given is None else given.fillna(visible)
    papers["n_authors_visible"] = given.astype(int)
    if extra_authors is not None:
        extra_cols = [c for c in extra_authors.columns if c not in ("name", "variants", "is_group")]
        if extra_cols:
            by_name = extra_authors.set_index("name")[extra_cols]
            by_name = by_name[~by_name.index.duplicated()]
            authors = authors.join(by_name, on="name")
    if profiles is not None and "owner_name" in profiles.columns:
        profiles = profiles.copy()
        first_id = (
            pd.DataFrame(
                {"name": ships["printed_name"].map(normalize_name), "id": ships["author_id"]}
            )
            .drop_duplicates("name")
            .set_index("name")["id"]
        )
        profiles["owner_id"] = [
            first_id.get(normalize_name(n)) if isinstance(n, str) else None
            for n in profiles["owner_name"]
        ]
        profiles["owner_id"] = profiles["owner_id"].astype(object).where(
            profiles["owner_id"].notna(), None
        )
    release_memory(len(ships))  # what the steps above dropped, before the tables are sorted
    handed = {"papers": papers, "authors": authors, "authorships": ships}
    del papers, authors, ships  # (the Corpus holds the only references: see Corpus._adopt)
    return Corpus._adopt(
        handed,
        profiles,
        load_report,
        merges,
        name_options={
            "aliases": dict(aliases or {}),
            "vetoes": list(vetoes or []),
            **(
                {"disambiguate": True, "same": same, "different": different}
                if splits is not None
                else {}
            ),
        },
        splits=splits,
    )


def _row_order(paper_at: np.ndarray, position: pd.Series, author_at: np.ndarray) -> np.ndarray:
    """The order of authorship rows by paper, position (missing last) and author: the
    stable lexicographic order, from one sort of a combined integer key when it fits
    in 63 bits and has no ties.

    Examples
    --------
    >>> _row_order(np.array([1, 0, 0, 1]), pd.Series([1, pd.NA, 2, 1], dtype="Int64"),
    ...            np.array([5, 3, 4, 2])).tolist()
    [2, 1, 3, 0]
    """
    missing = position.isna().to_numpy()
    pos = position.to_numpy(dtype=np.int64, na_value=0)
    lo, hi = (int(pos[~missing].min()), int(pos[~missing].max())) if (~missing).any() else (0, 0)
    width = hi - lo + 2  # the positions, then one for a missing position
    n_authors = int(author_at.max()) + 1 if len(author_at) else 1
    n_papers = int(paper_at.max()) + 1 if len(paper_at) else 1
    if n_papers * width * n_authors < 2**62:
        rank = np.where(missing, width - 1, pos - lo)
        key = (paper_at.astype(np.int64) * width + rank) * n_authors + author_at
        order = np.argsort(key)
        if not (np.diff(key[order]) == 0).any():  # no ties: the one order there is
            return order
    pos = np.where(missing, np.iinfo(np.int64).max, pos)
    return np.lexsort((author_at, pos, paper_at))


def index_positions(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value in a unique index (-1 when absent).

    Arrow-backed string columns (the pandas default when pyarrow is installed) are
    matched by ``pyarrow.compute.index_in``, several times faster than a pandas
    hash lookup of millions of strings.

    Examples
    --------
    >>> index_positions(pd.Series(["b", "x", "a"]), pd.Index(["a", "b"])).tolist()
    [1, -1, 0]
    """
    if getattr(values.dtype, "storage", None) == "pyarrow" and len(values):
        try:
            import pyarrow as pa
            import pyarrow.compute as pc
        except ImportError:  # pragma: no cover - Arrow-backed strings imply pyarrow
            return index.get_indexer(values)
        try:
            found = pc.index_in(pa.array(values), value_set=pa.array(index.astype(values.dtype)))
        except (pa.ArrowException, TypeError):  # pragma: no cover - e.g. mixed id types
            return index.get_indexer(values)
        return found.fill_null(-1).to_numpy().astype(np.int64, copy=False)
    return index.get_indexer(values)


@lru_cache(maxsize=1)
def _string_dtype() -> Any:
    """The dtype pandas gives a column of strings, or None where it keeps them as
    Python objects (pandas < 3 without ``future.infer_string``)."""
    dtype = pd.Series(["x"]).dtype
    return None if dtype == np.dtype(object) else dtype


def take_strings(values: Any, codes: np.ndarray) -> Any:
    """``values[codes]`` as pandas holds a column of them (a list when it holds Python
    objects): a string column is converted once per distinct value and then indexed,
    rather than converted once per row.

    Examples
    --------
    >>> list(take_strings(["a", "b"], np.array([1, 0, 1])))
    ['b', 'a', 'b']
    """
    values = list(values)
    dtype = _string_dtype()
    if dtype is not None and len(codes) and all(type(v) is str for v in values):
        return pd.array(values, dtype=dtype).take(codes)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out[codes].tolist()


def _codes(values: pd.Series) -> np.ndarray:
    """A number per distinct value (equal values, equal numbers), missing values last."""
    codes, uniques = pd.factorize(values)
    return np.where(codes < 0, len(uniques), codes)


def _sort_codes(values: pd.Series) -> np.ndarray:
    """Each value's rank among the distinct values, missing values last."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _one_row_per_author(ships: pd.DataFrame, *, sort: bool) -> pd.DataFrame:
    """The first row of each (paper, author) of `ships` sorted by paper, author, printed
    before inferred and position (stable); in that order if `sort`, else in any order
    (`ships` itself when no (paper, author) repeats)."""
    if not sort:  # whether a (paper, author) repeats needs no sorted codes
        paper, author = _codes(ships["paper_id"]), _codes(ships["author_id"])
        if not pd.Series(paper * (author.max(initial=0) + 1) + author).duplicated().any():
            return ships
    paper, author = _sort_codes(ships["paper_id"]), _sort_codes(ships["author_id"])
    rank = ships["inferred"].astype(int).to_numpy()
    pos = ships["position"].fillna(np.iinfo(np.int32).max).to_numpy(dtype=np.int64)
    order = np.lexsort((pos, rank, author, paper))
    paper, author = paper[order], author[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (paper[1:] != paper[:-1]) | (author[1:] != author[:-1])
    return ships.take(order[first])


def _disambiguate(ships, papers, ids, authors, merges, profiles, vetoes, same, different):
    """Run the splitting layer on the name layer's result; new ids, authors, merges, splits."""
    from .disambiguation import disambiguate

    papers = papers.set_index("paper_id") if (
        papers.index.name != "paper_id" and "paper_id" in papers.columns
    ) else papers
    owners: set[str] = set()
    if profiles is not None and "owner_name" in profiles.columns:
        first_id = dict(
            zip(ships["printed_name"].map(normalize_name), ids.to_numpy(), strict=True)
        )
        owners = {
            first_id[normalize_name(o)]
            for o in profiles["owner_name"]
            if isinstance(o, str) and normalize_name(o) in first_id
        }
    new_ids, splits, ev_merges = disambiguate(
        ships, papers, ids, authors, same=same, different=different,
        keep_whole=owners, vetoes=vetoes,
    )
    # authors table: untouched authors keep their row; split or merged ones are rebuilt
    frame = pd.DataFrame(
        {"old": ids.to_numpy(), "new": new_ids.to_numpy(),
         "printed": ships["printed_name"].map(normalize_name).to_numpy()}
    )
    moved = frame["old"] != frame["new"]
    touched_old = set(frame.loc[moved, "old"]) | set(frame.loc[moved, "new"].str.split("/").str[0])
    touched = frame["old"].isin(touched_old) | moved
    keep = authors.loc[~authors.index.isin(touched_old)]
    sub = frame[touched]
    pairs = sub.groupby(["new", "old"], sort=True).size().rename("n").reset_index()
    pairs = pairs.sort_values(["new", "n", "old"], ascending=[True, False, True])
    main = pairs.drop_duplicates("new").set_index("new")["old"]
    rebuilt = authors.loc[main.to_numpy()].copy()
    rebuilt.index = pd.Index(main.index, name="author_id")
    u = sub[["new", "printed"]].drop_duplicates().sort_values(["new", "printed"])
    new_ids_ = u["new"].to_numpy(dtype=object)
    cut = np.flatnonzero(np.r_[True, new_ids_[1:] != new_ids_[:-1]]) if len(u) else []
    variants = pd.Series(
        [tuple(v) for v in np.split(u["printed"].to_numpy(dtype=object), cut[1:])] if len(u)
        else [],
        index=new_ids_[cut] if len(u) else [], dtype=object,
    )
    rebuilt["variants"] = variants.reindex(rebuilt.index).to_numpy()
    new_authors = pd.concat([keep, rebuilt]).sort_index()
    old_to_new = (
        frame.groupby(["old", "new"]).size().rename("n").reset_index()
        .sort_values(["old", "n", "new"], ascending=[True, False, True])
        .drop_duplicates("old").set_index("old")["new"]
    )
    if len(merges):
        merges = merges.assign(author_id=merges["author_id"].map(lambda a: old_to_new.get(a, a)))
    if len(ev_merges):
        merges = pd.concat([merges, ev_merges], ignore_index=True)
    if len(merges):
        merges = (
            merges.drop_duplicates("variant").sort_values(["author_id", "variant"])
            .reset_index(drop=True)
        )
    return new_ids, new_authors, merges, splits
