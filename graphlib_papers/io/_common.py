"""Shared machinery of the record readers: one record type, one way into a Corpus.

Every reader turns its format into :class:`Record` objects and hands them to
:func:`records_to_corpus`, which assigns paper ids (DOI first, then normalised title),
unites duplicate records, and runs :func:`graphlib_papers.corpus.build_corpus` so that
the name layer and the column contract apply unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._gc import gc_paused
from ..corpus import Corpus, _paper_id_of_key, build_corpus
from ..names import _SUFFIXES, name_key, normalize_name
from ._errors import Reporter

__all__ = [
    "COMMON_READER_KEYWORDS",
    "Record",
    "doi_paper_id",
    "normalize_doi",
    "invert_name",
    "records_to_corpus",
]

#: Keyword arguments every reader takes, with their defaults: the error policy, the
#: progress bar and the name-layer options. A new common option is added here and to
#: every reader; ``tests/test_io_columnar.py`` checks each reader against this list.
COMMON_READER_KEYWORDS: dict[str, Any] = {
    "errors": "raise",
    "progress": None,
    "aliases": None,
    "vetoes": None,
    "merge_names": True,
    "disambiguate": False,
}

_DOI = re.compile(r"10\.\d{3,9}/\S+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


@dataclass
class Record:
    """One bibliographic record as read from a file, before ids are assigned."""

    source: str
    line: int | None
    title: str = ""
    authors: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    year: int | None = None
    date: pd.Timestamp | None = None
    date_precision: str | None = None
    doi: str | None = None
    venue: str | None = None
    keywords: tuple[str, ...] = ()
    abstract: str | None = None
    labs: tuple[str, ...] = ()
    category: str = ""
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def gc_paused_reader(func):
    """Run a reader with the cyclic garbage collector paused (see
    :func:`graphlib_papers._gc.gc_paused`): readers make one object per record and
    per authorship that lives until the corpus is built."""

    @functools.wraps(func)
    def reader(*args, **kwargs):
        with gc_paused():
            return func(*args, **kwargs)

    return reader


def normalize_doi(value: Any) -> str | None:
    """Return a DOI in canonical form (lower case, no resolver prefix), or None.

    Examples
    --------
    >>> normalize_doi("https://doi.org/10.7717/PeerJ.4375")
    '10.7717/peerj.4375'
    >>> normalize_doi("doi: 10.1002/jcc.20289.") , normalize_doi("n/a")
    ('10.1002/jcc.20289', None)
    """
    if value is None or not isinstance(value, str):
        return None
    match = _DOI.search(value.strip())
    if not match:
        return None
    return match.group(0).rstrip(".,;)]}").lower()


def doi_paper_id(doi: str) -> str:
    """Paper id derived from a DOI: ``"p:"`` and a short hash of the lower-cased DOI.

    Examples
    --------
    >>> doi_paper_id("10.7717/peerj.4375") == doi_paper_id("10.7717/PEERJ.4375")
    True
    """
    return "p:" + hashlib.sha1(doi.lower().encode("utf-8")).hexdigest()[:12]


@functools.lru_cache(maxsize=1 << 18)
def invert_name(name: str) -> str:
    """Turn ``"Last, First[, Jr.]"`` into ``"First Last[ Jr.]"``; other names unchanged.

    Examples
    --------
    >>> invert_name("Roach, Mack, III")
    'Mack Roach III'
    >>> invert_name("Thames, Howard, Jr.")
    'Howard Thames Jr.'
    >>> invert_name("Sun, Zhiwei"), invert_name("Heather A. Piwowar")
    ('Zhiwei Sun', 'Heather A. Piwowar')
    """
    name = normalize_name(name)
    if "," not in name:
        return name
    parts = [p.strip() for p in name.split(",")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return parts[0] if parts else ""
    last, first, rest = parts[0], parts[1], parts[2:]
    if first.rstrip(".").casefold() in _SUFFIXES and rest:
        first, rest = rest[0], [parts[1], *rest[1:]]
    return normalize_name(" ".join([first, last, *rest]))


def parse_year(value: Any, notes: list[str] | None = None) -> int | None:
    """The year in `value`: the whole value when it is a number from 1 to 9999, else
    the first plausible four-digit year (1500-2199) in the text, else None.

    When `notes` is given and `value` holds text but no year, a sentence saying so
    is appended to it (the reader turns it into a load-report row).

    Examples
    --------
    >>> parse_year("1665"), parse_year("c. 1450"), parse_year("1450"), parse_year("Spring 2021")
    (1665, None, 1450, 2021)
    >>> notes = []
    >>> parse_year("9" * 5000, notes), notes
    (None, ["year '99999999999999999999...' (5000 characters) holds no year; not kept"])
    """
    if value is None:
        return None
    if isinstance(value, bool):
        value = str(value)
    elif isinstance(value, int):
        if 1 <= value <= 9999:
            return value
        value = f"<a number of about {int(value.bit_length() * 0.30103) + 1} digits>"
    elif isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and 1 <= value <= 9999:
            return int(value)
        value = repr(value)
    text = str(value).strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 4 and int(text) >= 1:
        return int(text)
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    if notes is not None:
        shown = repr(text[:20] + "...") if len(text) > 20 else repr(text)
        size = f" ({len(text)} characters)" if len(text) > 20 else ""
        notes.append(f"year {shown}{size} holds no year; not kept")
    return None


_SEASONS = ("spr", "sum", "fal", "aut", "win")  # "2016 Winter", "SPR 2016": kept to the year


def _month(value: Any) -> int | None:
    text = str(value).strip().casefold()
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 2 else 0
    word = re.match(r"[a-z]+", text)
    return _MONTHS.get(word.group(0)) if word else None


def make_date(
    year: int | None, month: Any = None, day: Any = None, notes: list[str] | None = None
) -> tuple[pd.Timestamp | None, str | None]:
    """A Timestamp and its precision ("day", "month", "year") from loose parts.

    Never raises: a month or day that does not exist is dropped (the date is kept
    to the month or the year) with a sentence appended to `notes`. Years outside 1 to
    9999 give no date. Timestamps of any year in range are returned; whether pandas'
    datetime column can hold them is checked once, in :func:`records_to_corpus`.

    Examples
    --------
    >>> make_date(1665, "Jan", 15)
    (Timestamp('1665-01-15 00:00:00'), 'day')
    >>> notes = []
    >>> make_date(1600, 2, 30, notes), notes
    ((Timestamp('1600-02-01 00:00:00'), 'month'), ['no day 30 in 1600-02; date kept to the month'])
    """
    if year is None or not 1 <= year <= 9999:
        return None, None
    try:
        date, precision, note = _make_date(year, month, day)
    except TypeError:  # unhashable parts
        date, precision, note = _make_date.__wrapped__(year, month, day)
    if note is not None and notes is not None:
        notes.append(note)
    return date, precision


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _make_date(
    year: int, month: Any = None, day: Any = None
) -> tuple[pd.Timestamp, str, str | None]:
    """(date, precision, a note on what was dropped or None); cached per distinct parts."""
    m = None
    note = None
    if month is not None and str(month).strip():
        m = _month(month)
        if m is None or not 1 <= m <= 12:
            if not str(month).strip().casefold().startswith(_SEASONS):
                note = f"month {str(month)[:20]!r} not understood; date kept to the year"
            m = None
    d = None
    if m is not None and day is not None and str(day).strip():
        text = str(day).strip()
        d = int(text) if text.isascii() and text.isdigit() and len(text) <= 2 else 0
    if m is None:
        return pd.Timestamp(year=year, month=1, day=1), "year", note
    if d is None:
        return pd.Timestamp(year=year, month=m, day=1), "month", note
    try:
        return pd.Timestamp(year=year, month=m, day=d), "day", note
    except ValueError:
        note = f"no day {str(day)[:20]} in {year:04d}-{m:02d}; date kept to the month"
        return pd.Timestamp(year=year, month=m, day=1), "month", note


def iso_date(
    value: Any, notes: list[str] | None = None
) -> tuple[int | None, pd.Timestamp | None, str | None]:
    """Parse ``YYYY[-MM[-DD]]...`` (ISO dates, timestamps) into (year, date, precision).

    Examples
    --------
    >>> iso_date("2017-08-03")
    (2017, Timestamp('2017-08-03 00:00:00'), 'day')
    >>> iso_date("0000-01-01")  # a placeholder, not a year
    (0, None, None)
    """
    if not isinstance(value, str):
        return None, None, None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not m:
        if notes is not None and value.strip():
            notes.append(f"date {value.strip()[:20]!r} is not an ISO date; not kept")
        return None, None, None
    year = int(m.group(1))
    date, precision = make_date(year, m.group(2), m.group(3), notes)
    return year, date, precision


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: Any) -> str | None:
    """Stripped string with inner whitespace collapsed, or None when empty.

    Control characters (damage, never text) count as white space.

    Examples
    --------
    >>> clean("  A  study\x1aof\tthings "), clean(" "), clean(float("nan"))
    ('A study of things', None, None)
    """
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = str(value)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text or None


def split_list(value: Any, sep: str = ";") -> tuple[str, ...]:
    """Split a delimited cell into a tuple of stripped, non-empty parts."""
    text = clean(value)
    if text is None:
        return ()
    return tuple(p.strip() for p in text.split(sep) if p.strip())


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------
def read_bytes(path: str | PathLike) -> bytes:
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory, not a record file")
    return path.read_bytes()


def decode(raw: bytes, source: str, rep: Reporter, *, what: str = "record file") -> str | None:
    """Decode bytes as UTF-8 (BOM allowed); fall back to Latin-1 with a report row."""
    if not raw.lstrip(b"\xef\xbb\xbf").strip():
        rep.fail(f"empty file: no records in this {what}", source=source, line=1)
        return None
    if b"\x00" in raw[:65536]:
        rep.fail(
            f"binary data (NUL bytes), not a {what}", source=source, line=1, record=repr(raw[:40])
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        rep.repair(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); decoded as Latin-1",
            source=source,
            line=line,
        )
        return raw.decode("latin-1")


def progress_bar(total: int | None, desc: str, progress: bool | None, unit: str = "B"):
    """A byte-counting tqdm bar (or counting `unit`); silent when not on a terminal or
    when ``progress=False``."""
    from tqdm import tqdm

    if progress is None:
        progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=unit == "B",
        disable=not progress,
        leave=False,
    )


# ---------------------------------------------------------------------------
# records -> corpus
# ---------------------------------------------------------------------------
_PAPER_COLUMNS = [
    "paper_id",
    "title",
    "date",
    "year",
    "date_precision",
    "category",
    "abstract",
    "labs",
    "authors_truncated",
    "sources",
    "n_authors_visible",
    "doi",
    "venue",
    "keywords",
    "source_format",
]


def _new_paper_id(key: str, year: int | None, doi: str | None, ids: dict, taken) -> str:
    """A paper id not yet `taken`: the DOI's, else the title's (`key`, the normalised
    title), else the title's with the year, else with the record's own id."""
    if doi is not None:
        pid = doi_paper_id(doi)
        if pid not in taken:
            return pid
    pid = _paper_id_of_key(key)
    if pid in taken and year is not None:
        pid = _paper_id_of_key(key, year)
    n = 1
    base = "|".join(f"{k}:{v}" for k, v in sorted(ids.items())) or str(year)
    while pid in taken:
        pid = _paper_id_of_key(key, f"{base}#{n}")
        n += 1
    return pid


_DATE_MIN, _DATE_MAX = pd.Timestamp.min, pd.Timestamp.max


def fits_datetime_column(date: Any) -> bool:
    """True when pandas' nanosecond datetime column can hold `date` (1677-09-22 to 2262-04-11).

    Examples
    --------
    >>> import datetime
    >>> fits_datetime_column(datetime.datetime(1665, 1, 1))
    False
    >>> fits_datetime_column(pd.Timestamp(2020, 1, 1))
    True
    """
    return _DATE_MIN <= pd.Timestamp(date) <= _DATE_MAX


def _shown(date: pd.Timestamp, precision: str | None) -> str:
    text = f"{date.year:04d}-{date.month:02d}-{date.day:02d}"
    return text[:4] if precision == "year" else text[:7] if precision == "month" else text


def _short_number(value: Any) -> str:
    """A number as text, cut to 20 characters (a 5,000-digit year is not printed)."""
    if isinstance(value, Integral) and not -(10**20) < value < 10**20:
        return f"<a number of about {int(int(value).bit_length() * 0.30103) + 1} digits>"
    return str(value)[:20]


def _check_dates(rec: Record, rep: Reporter) -> None:
    """Keep what a record's year and date can hold; report the rest at its line.

    Years outside 1-9999 are not kept. A date pandas' nanosecond datetime column
    cannot hold (before 1677-09-21 or after 2262-04-11) is left empty and its year
    kept. Notes the reader left on the record become ``flagged`` rows.
    """
    for note in rec.notes:
        rep.note("flagged", note, source=rec.source, line=rec.line, record=rec.title or "")
    year = rec.year
    if year is not None and not (
        isinstance(year, Integral) and not isinstance(year, bool) and 1 <= year <= 9999
    ):
        rep.note(
            "flagged",
            f"year {_short_number(year)} is not a usable year; not kept",
            source=rec.source,
            line=rec.line,
            record=rec.title or "",
        )
        rec.year, rec.date, rec.date_precision = None, None, None
    date = rec.date
    if date is None:
        return
    if not isinstance(date, pd.Timestamp):
        rec.date, rec.date_precision = None, None
        return
    if fits_datetime_column(date):
        return
    rep.note(
        "flagged",
        f"date {_shown(date, rec.date_precision)} is outside the range a pandas datetime column "
        f"holds (1677-09-22 to 2262-04-11); "
        + (f"year {rec.year} kept, date left empty" if rec.year else "date left empty"),
        source=rec.source,
        line=rec.line,
        record=rec.title or "",
    )
    if rec.year is None:
        rec.year = date.year
    rec.date, rec.date_precision = None, "year"


def records_to_corpus(
    records: Iterable[Record],
    rep: Reporter,
    *,
    source_format: str,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
) -> Corpus:
    """Assign paper ids, unite duplicate records and build the Corpus.

    A record with a DOI gets :func:`doi_paper_id`; one without gets
    :func:`graphlib_papers.corpus.paper_id_for` of its title. Which records are the
    same paper is decided by :class:`graphlib_papers.io._dedup.PaperMatcher`: the
    same own id (DOI, OpenAlex id, WoS UT, PMID, a table's paper id, ...) is the
    same paper and different ids of one kind are different papers; otherwise the
    same title and the same year (never a title alone). A duplicate's sources, labs
    and keywords are united with the first record's; its authors not on the first
    record (by :func:`graphlib_papers.names.name_key`) are added with an unknown
    position when the two share an author, and named in the report when they share
    none (then they are not added: a paper without a common author is more likely
    a different paper). A ``duplicate`` row goes to the load report saying which
    record it repeats and what happened to its authors. A list of records is emptied
    as it is read (the columns hold its contents), so memory does not hold both.
    """
    from ._dedup import PaperMatcher, id_name, own_ids, unite_rows

    # one list per column (rows appended in reading order), per-distinct caches for
    # the strings that repeat (printed names, sources)
    cols: dict[str, list] = {c: [] for c in _PAPER_COLUMNS}
    lines: list[int | None] = []
    extra: dict[str, dict[int, Any]] = {}
    matcher = PaperMatcher()
    group_row: list[int] = []  # the matcher's paper group -> row
    taken: set[str] = set()
    seen_names: list[tuple[str, ...] | set[str]] = []  # per row; name keys on a duplicate
    ship_pid: list[str] = []
    ship_name: list[str] = []
    ship_pos: list[int | None] = []
    ship_key: list[str | None] = []
    ship_aff: list[str | None] = []
    names: dict[str, str] = {}
    norm_of: dict[str, str] = {}
    kept: Counter = Counter()
    duplicates: Counter = Counter()
    for rec in records:
        _check_dates(rec, rep)
        title = clean(rec.title) or ""
        doi = normalize_doi(rec.doi) if rec.doi else None
        if not title and doi is None:
            rep.fail(
                "record has no title and no DOI", source=rec.source, line=rec.line, records=1
            )
            continue
        src = names.get(rec.source)
        if src is None:
            src = names[rec.source] = Path(rec.source).name
        ids = {"doi": doi} if doi is not None else {}
        if rec.extra:
            ids.update(own_ids(rec.extra, source=src))
        group, rule, clash = matcher.match(title, rec.year, ids)
        authors = []
        for n, k, a in rec.authors:
            if n:
                m = norm_of.get(n)
                if m is None:  # once per distinct printed string
                    c = clean(n)
                    m = norm_of[n] = normalize_name(c) if c else ""
                if m:
                    authors.append((m, k, a))
        if rule is not None:
            row = group_row[group]
            pid = cols["paper_id"][row]
            have = seen_names[row]
            if not isinstance(have, set):  # printed names, keyed on the first duplicate
                have = seen_names[row] = {name_key(n) for n in have}
            new = [(n, k, a) for n, k, a in authors if name_key(n) not in have]
            shared = len(authors) - len(new)
            listed = ", ".join(repr(n) for n, _, _ in new[:5]) + (", ..." if len(new) > 5 else "")
            if not new:
                authors_note = "no author beyond the first record's"
            elif shared or not have:
                authors_note = (
                    f"authors united: {len(new)} not on the first record added ({listed})"
                )
                for name, key, aff in new:
                    if name_key(name) not in have:
                        have.add(name_key(name))
                        ship_pid.append(pid)
                        ship_name.append(name)
                        ship_pos.append(None)
                        ship_key.append(key)
                        ship_aff.append(aff)
                        cols["n_authors_visible"][row] += 1
            else:
                authors_note = (
                    f"no author in common with the first record, so its {len(new)} authors "
                    f"were not added: {listed}"
                )
            why = f"same {id_name(rule)}" if rule != "title+year" else "same title and year"
            rep.note(
                "duplicate",
                f"same paper as the record at line {lines[row]} ({why}); {authors_note}",
                source=rec.source,
                line=rec.line,
                record=title,
            )
            united = {c: cols[c][row] for c in ("sources", "labs", "keywords", "abstract",
                                                  "venue", "doi")}
            united.update({k: v[row] for k, v in extra.items() if row in v})
            unite_rows(
                united,
                {
                    "sources": (src,),
                    "labs": rec.labs,
                    "keywords": rec.keywords,
                    "abstract": clean(rec.abstract),
                    "venue": clean(rec.venue),
                    "doi": doi,
                    **rec.extra,
                },
            )
            for key, value in united.items():
                if key in cols:
                    cols[key][row] = value
                else:
                    extra.setdefault(key, {})[row] = value
            duplicates[rec.source] += 1
            continue
        kept[rec.source] += 1
        pid = _new_paper_id(matcher.key, rec.year, doi, ids, taken)
        taken.add(pid)
        if clash is not None:
            other, kind = clash
            rep.note(
                "flagged",
                f"shares an id with the record at line {lines[group_row[other]]} but "
                f"its {id_name(kind)} differs: kept as a different paper",
                source=rec.source,
                line=rec.line,
                record=title,
            )
        printed = tuple(n for n, _, _ in authors)
        if len(set(printed)) < len(printed):
            twice = next(n for n, c in Counter(printed).items() if c > 1)
            rep.note(
                "flagged",
                f"author {twice!r} printed more than once; kept once",
                source=rec.source,
                line=rec.line,
                record=title,
            )
        if not authors:
            rep.note(
                "flagged", "record lists no authors", source=rec.source, line=rec.line, record=title
            )
        row = len(lines)
        group_row.append(row)
        seen_names.append(printed)
        lines.append(rec.line)
        cols["paper_id"].append(pid)
        cols["title"].append(title)
        cols["date"].append(rec.date)
        cols["year"].append(rec.year)
        cols["date_precision"].append(rec.date_precision)
        cols["category"].append(rec.category or "")
        cols["abstract"].append(clean(rec.abstract))
        cols["labs"].append(tuple(dict.fromkeys(lab for lab in rec.labs if lab)))
        cols["authors_truncated"].append(bool(rec.truncated))
        cols["sources"].append((src,))
        cols["n_authors_visible"].append(len(authors))
        cols["doi"].append(doi)
        cols["venue"].append(clean(rec.venue))
        cols["keywords"].append(tuple(dict.fromkeys(k for k in rec.keywords if k)))
        cols["source_format"].append(source_format)
        for key, value in rec.extra.items():
            extra.setdefault(key, {})[row] = value
        for pos, (name, key, aff) in enumerate(authors, start=1):
            ship_pid.append(pid)
            ship_name.append(name)
            ship_pos.append(pos)
            ship_key.append(key)
            ship_aff.append(aff)
    rep.check(kept, duplicates)
    if isinstance(records, list):
        records.clear()  # their contents are in the columns now: free them before the name layer
    n_rows = len(lines)
    for key, values in extra.items():
        if key in cols:  # an extra field named like a standard column wins, as read
            for i, value in values.items():
                cols[key][i] = value
        elif len(values) == n_rows:
            cols[key] = [values[i] for i in range(n_rows)]  # a duplicate may fill a gap late
        else:
            cols[key] = [values.get(i, np.nan) for i in range(n_rows)]
    ships = {
        "paper_id": ship_pid,
        "printed_name": ship_name,
        "position": ship_pos,
        "author_key": ship_key,
        "affiliation": ship_aff,
    }
    return _tables_to_corpus(
        cols,
        ships,
        rep,
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )


def _tables_to_corpus(
    cols: dict[str, list],
    ships: dict[str, list],
    rep: Reporter,
    *,
    aliases: Mapping[str, str] | None,
    vetoes: Iterable[tuple[str, str]] | None,
    merge_names: bool,
    disambiguate: bool = False,
) -> Corpus:
    """Paper columns and authorship columns (``paper_id``, ``printed_name``,
    ``position``, ``author_key``, ``affiliation``) -> Corpus, through the name layer."""
    ship_pid, ship_name, ship_pos = ships["paper_id"], ships["printed_name"], ships["position"]
    ship_key, ship_aff = ships["author_key"], ships["affiliation"]
    papers = pd.DataFrame(cols)
    if papers.empty:
        papers = pd.DataFrame(columns=_PAPER_COLUMNS)
    papers["year"] = pd.array(
        [int(y) if y is not None and y == y else pd.NA for y in papers["year"]], dtype="Int64"
    )
    papers["date"] = pd.to_datetime(papers["date"], errors="coerce")
    papers["n_authors_visible"] = papers["n_authors_visible"].astype(int)
    cols.clear()
    authorships = pd.DataFrame(
        {
            "paper_id": ship_pid or pd.Series([], dtype=object),
            "printed_name": ship_name or pd.Series([], dtype=object),
            "position": pd.array(ship_pos, dtype="Int64"),
            "inferred": np.zeros(len(ship_pid), dtype=bool),
            "author_key": pd.Series(ship_key).astype(object),
            "affiliation": ship_aff or pd.Series([], dtype=object),
        }
    )
    if authorships["affiliation"].isna().all():
        authorships = authorships.drop(columns=["affiliation"])
    if authorships["author_key"].isna().all():
        authorships = authorships.drop(columns=["author_key"])
    return build_corpus(
        papers.set_index("paper_id"),
        authorships,
        load_report=rep.frame(),
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )


def as_paths(path: Any, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """One path, a list of paths, or a directory (its files with `suffixes`, sorted)."""
    items = list(path) if isinstance(path, list | tuple) else [path]
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(
                sorted(
                    q
                    for q in p.iterdir()
                    if q.is_file() and (not suffixes or q.suffix.lower() in suffixes)
                )
            )
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return out


_INSTITUTION_WORDS = re.compile(
    r"\b(univ\w*|inst\w*|coll(?:ege)?|acad\w*|hosp\w*|ctr|cent(?:er|re)|lab\w*|corp\w*|inc|"
    r"ltd|gmbh|cnrs|inserm|csic|max planck|polytech\w*|politecn\w*|ecole|escuela|school|"
    r"hochschule|universit\w*|observ\w*|museum|fdn|foundation|co)\b",
    re.IGNORECASE,
)
_THESIS = re.compile(
    r"^(?:diplomarbeit|dissertation|habilitation|(?:master|bachelor|diploma|ph\.?\s?d\.?)'?s?"
    r"\s+thesis)$",
    re.IGNORECASE,
)
_REPRINT = re.compile(r"\(reprint author\)|\(corresponding author\)", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 18)
def institution(address: str) -> str | None:
    """The institution part of a printed address: the first comma-separated part that
    names an institution (university, institute, centre, laboratory, ...), else the
    first part. Reprint-author addresses give None.

    Examples
    --------
    >>> institution("Department of Microbial Genetics, University of Lodz, Poland.")
    'University of Lodz'
    >>> institution("Univ Massachusetts Amherst, Dept Polymer Sci & Engn, Amherst, MA USA.")
    'Univ Massachusetts Amherst'
    """
    if not address or _REPRINT.search(address):
        return None
    parts = [p.strip().rstrip(".").strip() for p in address.replace("\\&", "&").split(",")]
    parts = [p for p in parts if p and not _THESIS.match(p)]
    if not parts:
        return None
    for p in parts:
        if _INSTITUTION_WORDS.search(p):
            return p
    return parts[0]
