"""Shared machinery of the record readers: one record type, one way into a Corpus.

Every reader turns its format into :class:`Record` objects and hands them to
:func:`records_to_corpus`, which assigns paper ids (DOI first, then normalised title),
unites duplicate records, and runs :func:`graphlib_papers.corpus.build_corpus` so that
the name layer and the column contract apply unchanged.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import html
import io
import os
import re
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._keys import (
    doi_paper_id,
    doi_paper_ids,
    normalize_doi,
    normalize_dois,
    paper_id_of_key,
    title_key,
)
from .._memory import release_memory
from ..corpus import Corpus, build_corpus_from, take_strings
from ..names import SUFFIXES, name_key, normalize_name, normalize_names
from ._errors import Reporter

__all__ = [
    "COMMON_PARAMETERS_DOC",
    "COMMON_READER_KEYWORDS",
    "Record",
    "RecordColumns",
    "doi_paper_id",
    "normalize_doi",
    "invert_name",
    "invert_names",
    "reader_doc",
    "records_to_corpus",
]

#: The annotations of a reader's `path` and of its name-layer keywords.
PathArg = str | PathLike | Iterable[str | PathLike]
Aliases = Mapping[str, str] | None
Vetoes = Iterable[tuple[str, str]] | None

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


#: The numpydoc entries of the keywords every reader takes (:data:`COMMON_READER_KEYWORDS`),
#: written once; a reader's docstring holds the line ``{common_parameters}`` in its
#: Parameters section and :func:`reader_doc` puts these entries there.
COMMON_PARAMETERS_DOC = """\
errors : {"raise", "warn", "skip"}, default "raise"
    What to do with a record that cannot be read: ``"raise"`` a
    :class:`~graphlib_papers.ParseError` naming the file and line, ``"warn"`` a
    :class:`~graphlib_papers.ParseWarning` and read on, ``"skip"`` read on quietly.
    Every skipped or repaired record is a row of ``load_report``.
progress : bool, optional
    Show a progress bar; by default only when standard error is a terminal.
aliases, vetoes, merge_names, disambiguate
    Passed to the name layer (:func:`graphlib_papers.names.resolve_names`;
    ``disambiguate=True`` splits a name printed by several people, see
    :mod:`graphlib_papers.disambiguation`)."""

_PLACEHOLDER = "{common_parameters}"

#: The numpydoc entry of ``workers=``, for the readers that take it: a docstring line
#: ``{workers_parameter}`` is replaced by it (see :func:`reader_doc`).
WORKERS_PARAMETER_DOC = """\
workers : int, default 1
    Processes that read a large file's blocks in parallel: this one and ``workers - 1``
    forked ones (where the platform can fork; files of 24 MB or more, in blocks of
    8 MB). By default one: the library starts no process unless asked, which keeps it
    safe inside a multi-threaded Jupyter kernel. The corpus and the load report do not
    depend on it."""


def reader_doc(func):
    """Put :data:`COMMON_PARAMETERS_DOC` in place of the line ``{common_parameters}`` of
    `func`'s docstring (and :data:`WORKERS_PARAMETER_DOC` in place of a line
    ``{workers_parameter}``), indented as that line; the function is returned unchanged
    otherwise.

    Examples
    --------
    >>> @reader_doc
    ... def read_x(path, *, errors="raise"):
    ...     \"\"\"Read x.
    ...
    ...     Parameters
    ...     ----------
    ...     path : path-like
    ...     {common_parameters}
    ...     \"\"\"
    >>> print(read_x.__doc__.splitlines()[5])
        errors : {"raise", "warn", "skip"}, default "raise"
    """
    doc = func.__doc__
    if doc is None:  # python -OO
        return func
    if _PLACEHOLDER not in doc:
        raise RuntimeError(f"{func.__qualname__}: no {_PLACEHOLDER} line in the docstring")
    for placeholder, entry in ((_PLACEHOLDER, COMMON_PARAMETERS_DOC),
                               ("{workers_parameter}", WORKERS_PARAMETER_DOC)):
        for line in doc.splitlines():
            if line.strip() == placeholder:
                indent = line[: len(line) - len(line.lstrip())]
                text = "\n".join(indent + x if x else x for x in entry.splitlines())
                doc = doc.replace(line, text, 1)
                break
    func.__doc__ = doc
    return func


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
    return normalize_name(_turned(name))


def invert_names(names: Iterable[str]) -> list[str]:
    """:func:`invert_name` of each name, normalised all at once.

    Examples
    --------
    >>> invert_names(["Sun, Zhiwei", "Roach, Mack, III", " Heather A.  Piwowar"])
    ['Zhiwei Sun', 'Mack Roach III', 'Heather A. Piwowar']
    """
    out = normalize_names(names)
    inverted = [i for i, name in enumerate(out) if "," in name]
    if inverted:
        turned = normalize_names(_turned_all([out[i] for i in inverted]))
        for i, name in zip(inverted, turned, strict=True):
            out[i] = name
    return out


def _turned_all(names: list[str]) -> list[str]:
    """:func:`_turned` of each name; the usual ``"Last, First"`` (one comma) turned
    without a call per name.

    Examples
    --------
    >>> _turned_all(["Sun, Zhiwei", "Roach, Mack, III", "Sun,"])
    ['Zhiwei Sun', 'Mack Roach III', 'Sun']
    """
    out = []
    add = out.append
    for name in names:
        parts = name.split(",")
        if len(parts) == 2 and not _ends_in_suffix(parts[1]):
            last, first = parts[0].strip(), parts[1].strip()
            add(f"{first} {last}" if last and first else last or first)
        else:
            add(_turned(name))
    return out


def _turned(name: str) -> str:
    """A normalised ``"Last, First[, Jr.]"`` as ``"First Last[ Jr.]"`` (before the
    final normalisation), as :func:`invert_name` turns it.

    A part after the given name that is initials (``"Fedotovich, G., V"``, as Web of
    Science prints some patronymic initials) belongs to the given names, not to the
    suffixes.

    Examples
    --------
    >>> _turned("Fedotovich, G., V"), _turned("Yudin, Yu, V."), _turned("Roach, Mack, III")
    ('G. V Fedotovich', 'Yu V. Yudin', 'Mack Roach III')
    """
    parts = [p.strip() for p in name.split(",")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return parts[0] if parts else ""
    last, first, rest = parts[0], parts[1], parts[2:]
    if not rest and _ends_in_suffix(first):  # "Diaz, Luis A Jr" (MEDLINE's FAU)
        first, suffix = first.rsplit(" ", 1)
        rest = [suffix]
    if first.rstrip(".").casefold() in SUFFIXES and rest:
        first, rest = rest[0], [parts[1], *rest[1:]]
    given = [first]
    while rest and rest[0].rstrip(".").casefold() not in SUFFIXES and _is_initials(rest[0]):
        given.append(rest.pop(0))
    return " ".join([*given, last, *rest])


_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.(?:-|\s)?)+")


def surname_initials_pairs(parts: list[str]) -> bool:
    """Whether the pieces of an author cell split at ``", "`` alternate surname and
    initials (``"Traag, V.A., Waltman, L., van Eck, N.J."``, as Scopus printed the
    cell for a while) rather than being names of their own.

    Examples
    --------
    >>> surname_initials_pairs(["Traag", "V.A.", "Waltman", "L.", "van Eck", "N.J."])
    True
    >>> surname_initials_pairs(["Phillips J.C.", "Braun R."]), surname_initials_pairs(["Li"])
    (False, False)
    """
    if len(parts) < 2 or len(parts) % 2:
        return False
    return all(
        _INITIALS.fullmatch(parts[k + 1]) and not _INITIALS.fullmatch(parts[k]) and parts[k]
        for k in range(0, len(parts), 2)
    )


_LEADING_INITIALS = re.compile(r"[A-Z]{1,3}\.?(?:-?[A-Z]\.?){0,2} \S")


def comma_separated_names(cell: str) -> list[str] | None:
    """The names of an author cell that separates them with commas rather than the
    column's separator, in "First Last" order; None for a cell that is one name or
    that cannot be told from one ("Gardner, Mary Ann" is one name in "Last, First"
    order).

    Two layouts are read: names each of two words or more, three or more of them, or
    two that open with initials ("CJ Gardner, P Radolalaina", as Google Scholar and
    Publish or Perish print them); and surnames alternating with initials (see
    :func:`surname_initials_pairs`).

    Examples
    --------
    >>> comma_separated_names("CJ Gardner, P Radolalaina, M Rajerison")
    ['CJ Gardner', 'P Radolalaina', 'M Rajerison']
    >>> comma_separated_names("JL Campbell, JH Eisemann, ...")
    ['JL Campbell', 'JH Eisemann', '...']
    >>> comma_separated_names("Gardner, C.J., Radolalaina, P.")
    ['C.J. Gardner', 'P. Radolalaina']
    >>> comma_separated_names("Gardner, Mary Ann"), comma_separated_names("van der Berg, Anna")
    (None, None)
    """
    parts = [p.strip() for p in cell.split(",")]
    if len(parts) < 2 or not all(parts):
        return None
    if surname_initials_pairs(parts):
        return [f"{parts[k + 1]} {parts[k]}" for k in range(0, len(parts), 2)]
    named = [p for p in parts if " " in p or not name_placeholder(p)]  # ("...", "et al.")
    if len(named) >= 2 and all(" " in p for p in named) and (
        len(named) >= 3 or all(_LEADING_INITIALS.match(p) for p in named)
    ):
        return parts  # ("..." left for the assembly, which marks the list cut)
    return None


def _ends_in_suffix(given: str) -> bool:
    """True when the given names end in a generational suffix after at least one name
    (``"Luis A Jr"``, as MEDLINE's ``FAU`` prints it); a lone ``"IV"`` is initials.

    Examples
    --------
    >>> _ends_in_suffix(" Luis A Jr"), _ends_in_suffix("George Gaby Jr."), _ends_in_suffix("IV")
    (True, True, False)
    """
    words = given.split()
    return len(words) > 1 and words[-1].rstrip(".").casefold() in SUFFIXES


def _is_initials(part: str) -> bool:
    """True for one to three initials: ``"V"``, ``"V."``, ``"Yu"``, ``"A.-M."`` (a
    two-letter initial is a capital and a small letter, so ``"MD"`` is not one)."""
    tokens = [t.rstrip(".") for t in part.replace("-", " ").replace(".", ". ").split()]
    return 1 <= len(tokens) <= 3 and all(
        t.isalpha() and (len(t) == 1 or (len(t) == 2 and t[0].isupper() and t[1].islower()))
        for t in tokens
    )


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


# inline markup that publishers' metadata carries into titles and abstracts (HTML, JATS,
# MathML): "<i>EGFR</i>", "H<sub>2</sub>O", "<jats:p>...</jats:p>", "<title>Abstract</title>"
_MARKUP = re.compile(
    r"</?(i|b|em|strong|sub|sup|sc|u|span|p|br|scp|italic|bold|title|sec|list|list-item|"
    r"jats:[\w-]+|mml:[\w-]+)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# tags that end a paragraph or a heading: a space where they stood (the others: nothing)
_BLOCK_TAGS = frozenset({"p", "br", "title", "sec", "list", "list-item"})


def _markup_gap(m: re.Match) -> str:
    name = m.group(1).casefold().removeprefix("jats:")
    return " " if name in _BLOCK_TAGS else ""


def strip_markup(text: str | None) -> str | None:
    """`text` without inline HTML/JATS/MathML markup and with its character references
    decoded (``&amp;`` as ``&``); any other text as it is.

    Examples
    --------
    >>> strip_markup("Patients with <i>EGFR</i> mutated H<sub>2</sub>O cancer")
    'Patients with EGFR mutated H2O cancer'
    >>> strip_markup("Cats &amp; dogs <jats:italic>in vivo</jats:italic>")
    'Cats & dogs in vivo'
    >>> strip_markup("p < 0.05 and q > 1")
    'p < 0.05 and q > 1'
    >>> strip_markup("<jats:title>Abstract</jats:title><jats:p>We did it.</jats:p><p>More.</p>")
    'Abstract We did it. More.'
    """
    if not text or ("<" not in text and "&" not in text):
        return text
    out = _MARKUP.sub(_markup_gap, text) if "<" in text else text
    if "&" in out:
        out = html.unescape(out)
    return clean(out) if out != text else text


#: what exports print in place of an abstract (casefolded): R's NA, Scopus's placeholder
_NO_ABSTRACT = frozenset({
    "na", "n/a", "none", "null", "nan", "[no abstract available]", "no abstract available",
    "[no abstract]", "no abstract", "abstract not available", "[abstract not available]",
})  # fmt: skip


def _no_placeholder_abstracts(texts: list) -> list:
    """`texts` with a placeholder (:data:`_NO_ABSTRACT`) as no abstract (None).

    Examples
    --------
    >>> _no_placeholder_abstracts(["NA", "A study.", None, "[No abstract available]"])
    [None, 'A study.', None, None]
    """
    gone = [i for i, t in enumerate(texts)
            if type(t) is str and len(t) <= 24 and t.casefold() in _NO_ABSTRACT]
    if not gone:
        return texts
    out = list(texts)
    for i in gone:
        out[i] = None
    return out


def without_markup(texts: list) -> list:
    """:func:`strip_markup` of each text that may hold markup (a ``<`` or ``&`` in it);
    `texts` itself when none does.

    Examples
    --------
    >>> without_markup(["Is <i>Tropical</i> Biology real?", "Plain", None])
    ['Is Tropical Biology real?', 'Plain', None]
    """
    marked = [i for i, t in enumerate(texts) if type(t) is str and ("<" in t or "&" in t)]
    if not marked:
        return texts
    out = list(texts)
    for i in marked:
        out[i] = strip_markup(out[i]) or ""
    return out


def clean_all(values: Iterable[Any]) -> list[str | None]:
    """:func:`clean` of each value; a text already clean (printable, single spaces,
    trimmed) is passed on as it is.

    Examples
    --------
    >>> clean_all(["A study", " A  study ", "", None])
    ['A study', 'A study', None, None]
    """
    values = list(values)
    if _all_clean(values):
        return values
    return [
        v
        if type(v) is str and v and v.isprintable() and "  " not in v and v[0] != " "
        and v[-1] != " "
        else clean(v)
        for v in values
    ]


_CLEAN_BLOCK = 4096  # texts checked together: a bounded temporary, never a column's worth


def _all_clean(values: list) -> bool:
    """True when every value is None or a clean text (non-empty, printable, single
    spaces, trimmed); checked on blocks of texts joined by newlines, at C speed."""
    texts = [v for v in values if v is not None]
    if not {str}.issuperset(map(type, texts)):
        return False
    return all(
        _clean_block(texts[i : i + _CLEAN_BLOCK]) for i in range(0, len(texts), _CLEAN_BLOCK)
    )


def _clean_block(texts: list[str]) -> bool:
    """:func:`_all_clean` of some texts, all of them strings."""
    text = "\n".join(texts)
    if text[:1] in ("", " ", "\n") or text[-1] in (" ", "\n"):
        return False
    # one newline a text, and no two spaces or newlines side by side (an empty text,
    # two spaces, a text that starts or ends with a space)
    if text.isascii():
        raw = text.encode("ascii")
        if raw.translate(None, _PRINTABLE_ASCII + b"\n"):
            return False  # a control character
        arr = np.frombuffer(raw, dtype=np.uint8)
        newline = arr == 10
        gap = newline | (arr == 32)
        return int(newline.sum()) == len(texts) - 1 and not (gap[1:] & gap[:-1]).any()
    return (
        text.count("\n") == len(texts) - 1
        and text.replace("\n", "x").isprintable()
        and "  " not in text
        and "\n\n" not in text and "\n " not in text and " \n" not in text
    )


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def split_list(value: Any, sep: str = ";") -> tuple[str, ...]:
    """Split a delimited cell into a tuple of stripped, non-empty parts."""
    text = clean(value)
    if text is None:
        return ()
    return tuple(p.strip() for p in text.split(sep) if p.strip())


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------
def wide_encoding(head: bytes) -> tuple[str | None, int, bool]:
    r"""(codec, length of its byte-order mark, inferred) of text whose first bytes are
    `head` when it is UTF-16 or UTF-32 (as Excel's "Unicode text", Notepad's "Unicode"
    and some Windows exports write it): by its byte-order mark, or, without one,
    inferred from a NUL byte in every other byte of ASCII text. (None, 0, False) for
    anything else.

    Examples
    --------
    >>> wide_encoding("TY  - JOUR".encode("utf-16"))
    ('utf-16-le', 2, False)
    >>> wide_encoding("TY  - JOUR".encode("utf-16-be"))
    ('utf-16-be', 0, True)
    >>> wide_encoding(b"TY  - JOUR"), wide_encoding(b"\x00\x01binary\x00\x00")
    ((None, 0, False), (None, 0, False))
    """
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return codec, len(bom), False
    h = head[: len(head) // 2 * 2]
    if len(h) >= 8:
        even, odd = h[0::2], h[1::2]
        if 0 not in even and odd.count(0) >= 0.9 * len(odd):
            return "utf-16-le", 0, True
        if 0 not in odd and even.count(0) >= 0.9 * len(even):
            return "utf-16-be", 0, True
    return None, 0, False


def _wide_text(raw: bytes, codec: str, line: int, rows: list) -> str:
    """Text of whole lines of UTF-16 or UTF-32 bytes `raw` (no byte-order mark), the
    first of them line `line`; (line, reason) of each damaged line goes to `rows`.

    A line with a byte more or less than whole code units (a byte added or lost)
    would turn the rest of the file into other characters; each line is decoded on
    its own, and within such a line the text is read again from where its ASCII
    characters line up, a U+FFFD standing for what is lost.
    """
    nl = "\n".encode(codec)
    unit = len(nl)
    if len(raw) % unit == 0:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is not None and text.count("\n") == raw.count(nl):  # all lines whole
            return text
    out = []
    for k, piece in enumerate(raw.split(nl)):
        out.append(_wide_line(piece, codec, unit, line + k, rows))
    return "\n".join(out)


def _wide_line(piece: bytes, codec: str, unit: int, line: int, rows: list) -> str:
    name = codec.upper()
    if len(piece) % unit:
        rows.append((line, f"a byte more or less than whole {name} code units on this line "
                           "(a damaged file?); read again from where its characters line "
                           "up, U+FFFD for what is lost"))
        if unit == 2:
            le = codec.endswith("le")
            k = piece.find(b"\x00")
            while k != -1 and k % 2 == le:  # ASCII: NUL after (LE) or before (BE) each byte
                k = piece.find(b"\x00", k + 1)
            if k != -1:
                cut = k - 1 if le else k  # where the realigned code units start
                head, tail = piece[: cut - cut % 2], piece[cut:]
                return (head.decode(codec, "replace") + "\ufffd"
                        + tail[: len(tail) // 2 * 2].decode(codec, "replace"))
        whole = piece[: len(piece) // unit * unit]
        return whole.decode(codec, "replace") + ("" if piece.endswith(b"\r") else "\ufffd")
    try:
        return piece.decode(codec)
    except UnicodeDecodeError as exc:
        rows.append((line, f"not valid {name} ({exc.reason}); such code units read as U+FFFD"))
        return piece.decode(codec, "replace")


def _inferred_wide(codec: str) -> str:
    return f"no byte-order mark, but every other byte is NUL: read as {codec.upper()}"


def _bzip2():
    import bz2  # (imported when needed: a Python built without libbz2 has no bz2)

    return bz2.BZ2Decompressor()


def _xz():
    import lzma  # (likewise without liblzma)

    return lzma.LZMADecompressor()


_COMPRESSED = (
    (b"\x1f\x8b", "gzip", lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)),
    (b"BZh", "bzip2", _bzip2),
    (b"\xfd7zXZ\x00", "xz", _xz),
)


def _decompress_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)
    try:
        import lzma
    except ImportError:
        return errors
    return (*errors, lzma.LZMAError)


def compression_of(head: bytes):
    """(name, decompressor factory) of the compression (gzip, bzip2, xz) whose magic
    bytes start `head`, or None.

    Examples
    --------
    >>> import gzip
    >>> compression_of(gzip.compress(b"TY  - JOUR"))[0], compression_of(b"TY  - JOUR")
    ('gzip', None)
    """
    for magic, name, make in _COMPRESSED:
        if head.startswith(magic):
            return name, make
    return None


def decompress_into(src, out, kind, source: str = "", rep: Reporter | None = None,
                    limit: int | None = None) -> None:
    r"""Write the decompressed bytes of the file object `src` to `out` (stopping past
    `limit` bytes when given). Members or streams written one after another are all
    read. A file cut off keeps all it holds before the cut, a corrupt one what comes
    before the fault; either gets a row in `rep`.

    Examples
    --------
    >>> import gzip, io
    >>> whole = gzip.compress(b"line 1\nline 2\nline 3\n")
    >>> out, rep = io.BytesIO(), Reporter("skip")
    >>> cut = whole[:-8]  # its checksum and length lost
    >>> decompress_into(io.BytesIO(cut), out, compression_of(cut), "a.gz", rep)
    >>> out.getvalue()
    b'line 1\nline 2\nline 3\n'
    >>> rep.rows[0][1:4]
    (4, 'skipped', 'gzip file cut off: what follows line 3 is not read')
    """
    name, make = kind
    try:
        d = make()
    except ImportError as exc:
        if rep is not None:
            rep.fail(f"{name} file, but this Python has no module to read it ({exc}); "
                     "decompress it first", source=source, line=1)
        return
    lines = written = 0
    fault = None
    try:
        while (block := src.read(1 << 20)) and (limit is None or written < limit):
            while block:
                data = d.decompress(block)
                out.write(data)
                lines += data.count(b"\n")
                written += len(data)
                block = b""
                if d.eof and d.unused_data:  # another member follows
                    block, d = d.unused_data, make()
        if not d.eof and (limit is None or written < limit):
            fault = "cut off"
    except _decompress_errors() as exc:
        fault = f"corrupt ({exc})"
    if fault and rep is not None:
        rep.fail(f"{name} file {fault}: what follows line {lines} is not read",
                 source=source, line=lines + 1)


def utf8_bytes(raw: bytes, source: str, rep: Reporter) -> bytes:
    r"""`raw` itself; decompressed when gzip, bzip2 or xz; for the bytes of a file in
    UTF-16 or UTF-32 (:func:`wide_encoding`), the same text in UTF-8, with the rows
    :func:`utf8_file` writes.

    Examples
    --------
    >>> rep = Reporter("skip")
    >>> utf8_bytes("@article{k, title={Ad\u00e8s}}".encode("utf-16-le"), "a.bib", rep)
    b'@article{k, title={Ad\xc3\xa8s}}'
    >>> rep.rows[0][3]
    'no byte-order mark, but every other byte is NUL: read as UTF-16-LE'
    """
    kind = compression_of(raw[:6])
    if kind is not None:
        out = io.BytesIO()
        decompress_into(io.BytesIO(raw), out, kind, source, rep)
        raw = out.getvalue()
    codec, bom, inferred = wide_encoding(raw[:4096])
    if codec is None:
        return raw
    if inferred:
        rep.repair(_inferred_wide(codec), source=source, line=1)
    rows: list[tuple[int, str]] = []
    text = _wide_text(raw[bom:], codec, 1, rows)
    for line, reason in rows:
        rep.repair(reason, source=source, line=line)
    return text.encode("utf-8")


@contextlib.contextmanager
def utf8_file(
    path: str | PathLike, source: str, rep: Reporter, *, decompress: bool = True
) -> Iterator[Path]:
    r"""`path` itself, or, for a file in UTF-16 or UTF-32 (:func:`wide_encoding`), a
    temporary UTF-8 copy of it with the same lines (removed afterwards), so that every
    reader reads such a file as it reads UTF-8. A file compressed with gzip, bzip2 or
    xz is decompressed to a temporary copy first (with `decompress`; a file cut off
    keeps what came before the fault, with a ``skipped`` row). Without a byte-order mark, a
    ``repaired`` row says the encoding was inferred; a damaged line (code units that
    are not valid, a byte added or lost) is read as far as it can be, with a row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.ris"
    >>> _ = p.write_bytes("TY  - JOUR\nAU  - Ad\u00e8s, R\nER  - \n".encode("utf-16"))
    >>> rep = Reporter("skip")
    >>> with utf8_file(p, str(p), rep) as q:
    ...     q.read_bytes()
    b'TY  - JOUR\nAU  - Ad\xc3\xa8s, R\nER  - \n'
    """
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    kind = compression_of(head) if decompress else None
    if kind is not None:
        fd, name = tempfile.mkstemp(suffix=Path(path.stem).suffix, prefix="graphlib_papers_")
        plain = Path(name)
        try:
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                decompress_into(src, out, kind, source, rep)
            with utf8_file(plain, source, rep, decompress=False) as text_path:
                yield text_path
        finally:
            plain.unlink(missing_ok=True)
        return
    codec, bom, inferred = wide_encoding(head)
    if codec is None:
        yield path
        return
    if inferred:
        rep.repair(_inferred_wide(codec), source=source, line=1)
    nl = "\n".encode(codec)
    fd, name = tempfile.mkstemp(suffix=path.suffix, prefix="graphlib_papers_")
    copy = Path(name)
    try:
        rows: list[tuple[int, str]] = []
        with os.fdopen(fd, "wb") as out, open(path, "rb") as fh:
            fh.seek(bom)
            rest, line = b"", 1
            while True:
                block = fh.read(1 << 20)
                data = rest + block
                if block:  # whole lines only, cut after the last line end
                    cut = data.rfind(nl)
                    if cut == -1:
                        rest = data
                        continue
                    data, rest = data[: cut + len(nl)], data[cut + len(nl) :]
                elif not data:
                    break
                else:
                    rest = b""
                text = _wide_text(data, codec, line, rows)
                line += text.count("\n")
                out.write(text.encode("utf-8"))
        for n, reason in rows:
            rep.repair(reason, source=source, line=n)
        yield copy
    finally:
        copy.unlink(missing_ok=True)


_QUOTED = re.compile(r'"[^"]*"')


def delimiter_of(header: str | bytes) -> str:
    r"""The field delimiter of a table from its header line: the most frequent of tab,
    comma and semicolon outside quotes (European spreadsheets write ``;``), a comma on
    a tie.

    Examples
    --------
    >>> delimiter_of("title,authors"), delimiter_of("title;authors;year")
    (',', ';')
    >>> delimiter_of('"a;b",c'), delimiter_of(b"title\tauthors")
    (',', '\t')
    """
    text = header.decode("utf-8", "replace") if isinstance(header, bytes) else header
    text = _QUOTED.sub("", text)
    counts = {sep: text.count(sep) for sep in (",", "\t", ";")}
    best = max(counts.values())
    return "," if counts[","] == best else max(counts, key=counts.get)


def read_bytes(path: str | PathLike) -> bytes:
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory, not a record file")
    return path.read_bytes()


_BOM = b"\xef\xbb\xbf"
_BLANK_FILE = re.compile(rb"(?:\xef\xbb\xbf)*[ \t\n\r\x0b\x0c]*")


def unreadable(raw: bytes, source: str, rep: Reporter, *, what: str = "record file") -> bool:
    r"""True, with its report row, for a file with nothing to read: empty (white space
    and byte-order marks only) or binary (NUL bytes in its first 64 kB).

    Examples
    --------
    >>> rep = Reporter("skip")
    >>> unreadable(b"\xef\xbb\xbf \n", "a.bib", rep, what="BibTeX file"), rep.rows[0][3]
    (True, 'empty file: no records in this BibTeX file')
    >>> unreadable(b"@article{k,}", "a.bib", rep)
    False
    """
    if _BLANK_FILE.fullmatch(raw):
        rep.fail(f"empty file: no records in this {what}", source=source, line=1)
        return True
    if b"\x00" in raw[:65536]:
        rep.fail(
            f"binary data (NUL bytes), not a {what}", source=source, line=1, record=repr(raw[:40])
        )
        return True
    return False


#: what the readers call text that is not UTF-8, in their report rows
LEGACY = "Windows-1252 (Latin-1)"
_LEGACY_ERRORS = "graphlib_papers.undefined-as-latin-1"


def _undefined_as_latin1(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error(_LEGACY_ERRORS, _undefined_as_latin1)


def legacy_decode(raw: bytes) -> str:
    r"""Bytes that are not UTF-8 read as Windows-1252, as web browsers read text
    labelled Latin-1 (WHATWG Encoding Standard): the Latin-1 letters, and bytes
    0x80-0x9f as the punctuation Windows programs write there (’ “ ” – — … €), not as
    invisible control characters; the five bytes Windows-1252 leaves undefined (0x81,
    0x8d, 0x8f, 0x90, 0x9d) read as Latin-1.

    Examples
    --------
    >>> legacy_decode(b"Fran\xe7ois O\x92Brien \x96 na\xefve\x81")
    'François O’Brien – naïve\x81'
    """
    return raw.decode("cp1252", errors=_LEGACY_ERRORS)


_BYTE_TEXT = legacy_decode(bytes(range(256)))  # the character of each byte
_ESCAPES = re.compile("[\udc80-\udcff]")


def legacy_escapes(text: str) -> str:
    r"""Text decoded with ``errors="surrogateescape"``, its undecodable bytes (kept as
    surrogates) read as :func:`legacy_decode` reads them.

    Examples
    --------
    >>> legacy_escapes(b"O\x92Brien caf\xe9".decode("utf-8", "surrogateescape"))
    'O’Brien café'
    """
    return _ESCAPES.sub(lambda m: _BYTE_TEXT[ord(m.group()) - 0xDC00], text)


def legacy_fallback(raw: bytes, at: int, source: str, rep: Reporter) -> None:
    """The report row of a file read by :func:`legacy_decode` because byte `at` of
    `raw` (counted from the file's first byte) is not valid UTF-8: that byte and its
    line."""
    rep.repair(
        f"not valid UTF-8 (byte 0x{raw[at]:02x}); decoded as {LEGACY}",
        source=source,
        line=raw.count(b"\n", 0, at) + 1,
    )


def decode(raw: bytes, source: str, rep: Reporter, *, what: str = "record file") -> str | None:
    r"""Decode bytes as UTF-8 (BOM allowed); fall back to :func:`legacy_decode` with a
    report row (:func:`legacy_fallback`); None, with a report row, for a file with nothing to
    read (:func:`unreadable`).

    Examples
    --------
    >>> rep = Reporter("skip")
    >>> decode(b"\xef\xbb\xbfM\xfcller\n", "a.txt", rep)
    'Müller\n'
    >>> rep.rows[0][3]
    'not valid UTF-8 (byte 0xfc); decoded as Windows-1252 (Latin-1)'
    """
    if unreadable(raw, source, rep, what=what):
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = len(_BOM) if raw.startswith(_BOM) else 0  # exc.start counts after the BOM
        legacy_fallback(raw, exc.start + bom, source, rep)
        return legacy_decode(raw[bom:])


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
    pid = paper_id_of_key(key)
    if pid in taken and year is not None:
        pid = paper_id_of_key(key, year)
    n = 1
    base = "|".join(f"{k}:{v}" for k, v in sorted(ids.items())) or str(year)
    while pid in taken:
        pid = paper_id_of_key(key, f"{base}#{n}")
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


class RecordColumns:
    """Records as read from files, held as columns rather than one object per record.

    One list per paper field (``source``, ``line``, ``title``, ``year``, ``date``,
    ``date_precision``, ``doi``, ``venue``, ``keywords``, ``abstract``, ``labs``,
    ``category``, ``truncated``), the further fields of some records in ``extra``
    (field -> {record number: value}), the readers' notes as (record number, sentence)
    and one list per authorship field: ``a_row`` (the record number, in reading
    order), ``a_name`` (the printed name), ``a_key`` (the source's author id) and
    ``a_aff`` (the affiliation). Readers append with :meth:`add`;
    :func:`records_to_corpus` takes the columns as they are.

    Examples
    --------
    >>> cols = RecordColumns()
    >>> cols.add("a.ris", 1, title="On engines", authors=[("Ada Byron", None, None)], year=1843)
    >>> len(cols), cols.a_name, cols.a_row
    (1, ['Ada Byron'], [0])
    """

    FIELDS = (
        "source", "line", "title", "year", "date", "date_precision", "doi", "venue",
        "keywords", "abstract", "labs", "category", "truncated",
    )  # fmt: skip

    #: fields a reader may hand over in their final form (see :meth:`final`): text
    #: cleaned by :func:`clean` (a title "" rather than None), tuples of distinct,
    #: non-empty values
    FINAL_FIELDS = frozenset({"title", "abstract", "venue", "labs", "keywords"})

    def __init__(self) -> None:
        for name in self.FIELDS:
            setattr(self, name, [])
        self.extra: dict[str, dict[int, Any]] = {}
        self.notes: list[tuple[int, str]] = []
        self.a_row: list[int] = []
        self.a_name: list[Any] = []
        self.a_key: list[str | None] = []
        self.a_aff: list[str | None] = []
        # (records covered, fields final in all of them): see :meth:`final`
        self._final: tuple[int, frozenset[str]] = (0, self.FINAL_FIELDS)

    def final(self) -> frozenset[str]:
        """The fields every record holds in final form, as the readers that appended
        them with :meth:`extend` said (its `final`): :func:`records_to_corpus` does not
        clean those again. Empty as soon as one record came in any other way
        (:meth:`add`, or lists appended to directly).

        Examples
        --------
        >>> cols = RecordColumns()
        >>> cols.extend("a.ris", [1], {"title": ["On engines"]}, {"a_row": [], "a_name": []},
        ...             final={"title", "labs"})
        >>> sorted(cols.final())
        ['labs', 'title']
        >>> cols.add("a.ris", 9, title=" On  engines ")
        >>> cols.final()
        frozenset()
        """
        rows, fields = self._final
        return fields if rows == len(self) else frozenset()

    def __len__(self) -> int:
        return len(self.line)

    def clear(self) -> None:
        """Empty every column (the records are let go)."""
        self.__init__()

    def add(
        self,
        source: str,
        line: int | None,
        title: str = "",
        authors: Iterable[tuple[str, str | None, str | None]] = (),
        year: int | None = None,
        date: pd.Timestamp | None = None,
        date_precision: str | None = None,
        doi: str | None = None,
        venue: str | None = None,
        keywords: tuple[str, ...] = (),
        abstract: str | None = None,
        labs: tuple[str, ...] = (),
        category: str = "",
        truncated: bool = False,
        extra: Mapping[str, Any] | None = None,
        notes: Iterable[str] = (),
    ) -> None:
        """Append one record (the fields of :class:`Record`)."""
        row = len(self.line)
        self.source.append(source)
        self.line.append(line)
        self.title.append(title)
        self.year.append(year)
        self.date.append(date)
        self.date_precision.append(date_precision)
        self.doi.append(doi)
        self.venue.append(venue)
        self.keywords.append(keywords)
        self.abstract.append(abstract)
        self.labs.append(labs)
        self.category.append(category)
        self.truncated.append(truncated)
        if extra:
            for key, value in extra.items():
                self.extra.setdefault(key, {})[row] = value
        for note in notes:
            self.notes.append((row, note))
        for name, key, aff in authors:
            self.a_row.append(row)
            self.a_name.append(name)
            self.a_key.append(key)
            self.a_aff.append(aff)

    def extend(
        self,
        source: str,
        line: Sequence[int],
        fields: Mapping[str, Sequence[Any]],
        authors: Mapping[str, Sequence[Any]],
        extra: Mapping[str, Sequence[Any]] | None = None,
        notes: Iterable[tuple[int, str]] = (),
        final: Iterable[str] = (),
    ) -> None:
        """Append the records of one source at once, a column per field.

        `fields` maps names of :attr:`FIELDS` to one value per record (a field left
        out is empty); `authors` holds ``a_row`` (record numbers counted from 0 in
        this batch, in reading order), ``a_name`` and optionally ``a_key`` and
        ``a_aff``; `extra` one value per record for each further field; `notes`
        (record number in this batch, sentence); `final` the fields of
        :attr:`FINAL_FIELDS` whose values are already in final form (see
        :meth:`final`).
        """
        row0, n = len(self.line), len(line)
        blank = {"title": "", "keywords": (), "labs": (), "category": "", "truncated": False}
        self.source.extend([source] * n)
        self.line.extend(line)
        for name in self.FIELDS[2:]:
            values = fields.get(name)
            getattr(self, name).extend([blank.get(name)] * n if values is None else values)
        for key, values in (extra or {}).items():
            self.extra.setdefault(key, {}).update(zip(range(row0, row0 + n), values, strict=True))
        self.notes.extend((row0 + i, text) for i, text in notes)
        m = len(authors["a_name"])
        self.a_row.extend((np.asarray(authors["a_row"], dtype=np.int64) + row0).tolist())
        self.a_name.extend(authors["a_name"])
        for name in ("a_key", "a_aff"):
            values = authors.get(name)
            getattr(self, name).extend([None] * m if values is None else values)
        self.mark_final(row0, final)

    def absorb(self, other: RecordColumns) -> None:
        """Append the records of `other` (read apart, as by a worker process), their
        record numbers moved on; they come in as appended directly (see
        :meth:`mark_final`).

        Examples
        --------
        >>> a, b = RecordColumns(), RecordColumns()
        >>> a.add("x.jsonl", 1, title="A", authors=[("Ada Byron", None, None)])
        >>> b.add("x.jsonl", 2, title="B", authors=[("Bo Li", None, None)], extra={"k": 7})
        >>> a.absorb(b)
        >>> a.title, a.a_row, a.extra
        (['A', 'B'], [0, 1], {'k': {1: 7}})
        """
        row0 = len(self.line)
        for name in self.FIELDS:
            getattr(self, name).extend(getattr(other, name))
        for key, values in other.extra.items():
            self.extra.setdefault(key, {}).update(
                zip([row0 + r for r in values], values.values(), strict=True))
        self.notes.extend((row0 + r, text) for r, text in other.notes)
        self.a_row.extend((np.asarray(other.a_row, dtype=np.int64) + row0).tolist())
        self.a_name.extend(other.a_name)
        self.a_key.extend(other.a_key)
        self.a_aff.extend(other.a_aff)

    def mark_final(self, row0: int, final: Iterable[str]) -> None:
        """Say that the records from number `row0` to the last one hold the fields
        `final` in final form (see :meth:`final`); a reader that appends to the lists
        directly calls it once after them. It holds only when every record before
        `row0` was covered too.

        Examples
        --------
        >>> cols = RecordColumns()
        >>> cols.title.append("On engines"); cols.line.append(1)
        >>> cols.mark_final(0, {"title"})
        >>> sorted(cols.final())
        ['title']
        >>> cols.title.append(" On  engines "); cols.line.append(2)
        >>> cols.final()  # the second record is not covered
        frozenset()
        """
        covered, claimed = self._final
        self._final = (
            len(self.line), claimed & frozenset(final) if covered == row0 else frozenset()
        )

    def add_record(self, rec: Record) -> None:
        """Append a :class:`Record`."""
        self.add(
            rec.source, rec.line, rec.title, rec.authors, rec.year, rec.date,
            rec.date_precision, rec.doi, rec.venue, rec.keywords, rec.abstract, rec.labs,
            rec.category, rec.truncated, rec.extra, rec.notes,
        )  # fmt: skip

    def record_extra(self, row: int) -> dict[str, Any]:
        """The extra fields of record `row`."""
        return {k: v[row] for k, v in self.extra.items() if row in v}


def _check_dates(c: RecordColumns, note) -> None:
    """Keep what each record's year and date can hold; report the rest at its line.

    Years outside 1-9999 are not kept. A date pandas' nanosecond datetime column
    cannot hold (before 1677-09-21 or after 2262-04-11) is left empty and its year
    kept. Notes the reader left on a record become ``flagged`` rows. `note` takes
    (record number, order within the record, action, reason, record text).
    """
    for i, text in c.notes:
        note(i, 0, "flagged", text, c.title[i] or "")
    years, dates, precisions = c.year, c.date, c.date_precision
    for i, year in enumerate(years):
        if year is None or (type(year) is int and 1 <= year <= 9999):
            continue
        if isinstance(year, Integral) and not isinstance(year, bool) and 1 <= year <= 9999:
            continue
        note(
            i, 1, "flagged", f"year {_short_number(year)} is not a usable year; not kept",
            c.title[i] or "",
        )  # fmt: skip
        years[i], dates[i], precisions[i] = None, None, None
    for i, date in enumerate(dates):
        if date is None:
            continue
        if not isinstance(date, pd.Timestamp):
            dates[i], precisions[i] = None, None
            continue
        if 1678 <= date.year <= 2261 or fits_datetime_column(date):
            continue
        note(
            i,
            2,
            "flagged",
            f"date {_shown(date, precisions[i])} is outside the range a pandas datetime column "
            f"holds (1677-09-22 to 2262-04-11); "
            + (f"year {years[i]} kept, date left empty" if years[i] else "date left empty"),
            c.title[i] or "",
        )
        if years[i] is None:
            years[i] = date.year
        dates[i], precisions[i] = None, "year"


#: what an author list prints in place of a name (casefolded, outer brackets, dots and
#: spaces stripped): Web of Science's "[Anonymous]", Scopus's "[No author name available]"
PLACEHOLDER_NAMES = frozenset({
    "anonymous", "anon", "n/a", "no author name available", "no author", "no authors listed",
    "unknown", "unknown author", "author unknown", "not available",
})  # fmt: skip
#: "et al." as an author (also as an inverting reader turns "et, al." or EndNote's
#: "et, a. l."), "others", "...": the list goes on unprinted
_ET_AL = re.compile(r"(?:et\.?,? *al|al\.? *et|a\. *l\. *et|et,? *a\. *l)\.?", re.IGNORECASE)


def name_placeholder(name: str) -> int:
    """0 for a name, 1 for a placeholder (:data:`PLACEHOLDER_NAMES`), 2 for "et al.".

    Examples
    --------
    >>> [name_placeholder(n) for n in ("[Anonymous]", "et al.", "a. l. et", "Al Etter", "...")]
    [1, 2, 2, 0, 2]
    """
    bare = name.strip("[]() .…").casefold()
    if bare in PLACEHOLDER_NAMES:
        return 1
    if not bare and name.strip():  # "...", "…": the list cut short
        return 2
    if bare in ("others", "and others"):
        return 2
    return 2 if _ET_AL.fullmatch(bare + ".") or _ET_AL.fullmatch(bare) else 0


_PLACEHOLDER_LINE = re.compile(
    r"^[\[( .…]*(?:anon|n/a|no author|unknown|author unknown|not available|et\b|al\b|a\. *l\.|"
    r"others|and others|$)[^\n]{0,24}$",
    re.IGNORECASE | re.MULTILINE,
)


def _placeholder_candidates(texts: list[str | None]) -> list[int]:
    """Positions of the texts that may be placeholders (:func:`name_placeholder` decides),
    found by one search over all of them rather than a call per name."""
    joined = "\n".join([t or "" for t in texts])
    found = [m.start() for m in _PLACEHOLDER_LINE.finditer(joined) if m.end() > m.start()]
    if not found:
        return []
    starts = np.cumsum([0] + [len(t or "") + 1 for t in texts[:-1]])
    return (np.searchsorted(starts, found, side="right") - 1).tolist()


def _clean_names(names: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, list, np.ndarray]:
    """(normalised name per authorship, kept mask, code of each normalised name, the
    normalised name of each code, :func:`name_placeholder` of each authorship): each
    distinct printed string is cleaned and normalised once (:func:`clean`,
    :func:`normalize_name`); empty names, placeholders and "et al." are not kept. Equal
    normalised names have equal codes."""
    codes, uniq = pd.factorize(pd.Series(names, dtype=object), use_na_sentinel=True)
    cleaned = clean_all(uniq)
    marks = np.zeros(len(cleaned) + 1, dtype=np.int8)  # (the last: a missing name)
    for i in _placeholder_candidates(cleaned):
        if cleaned[i] and (mark := name_placeholder(cleaned[i])):
            marks[i] = mark
            cleaned[i] = None
    texts = [c for c in cleaned if c]
    if len(texts) == len(cleaned):
        norm = normalize_names(texts)
    else:
        norm_of = dict(zip(texts, normalize_names(texts), strict=True))
        norm = [norm_of[c] if c else "" for c in cleaned]
    norm.append("")  # for the missing (code -1)
    norm_arr = np.array(norm, dtype=object)
    out = norm_arr[codes]
    kept = np.fromiter((bool(m) for m in norm), dtype=bool, count=len(norm))[codes]
    norm_code, norm_uniq = pd.factorize(norm_arr)  # the normalised names, numbered
    return out, kept, norm_code[codes], norm_uniq.tolist(), marks[codes]


def records_to_corpus(
    records: Iterable[Record] | RecordColumns,
    rep: Reporter,
    *,
    source_format: str,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
    cycles: bool = True,
) -> Corpus:
    """Assign paper ids, unite duplicate records and build the Corpus.

    `records` are :class:`RecordColumns` (the readers' columns) or :class:`Record`
    objects. A record with a DOI gets :func:`doi_paper_id`; one without gets
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

    The work is done column by column: printed names are cleaned once per distinct
    string, positions and counts come from array operations, and the matcher runs
    record by record only when some id or (title, year) occurs more than once.

    With `cycles` (the default), the unreachable reference cycles the reading may have
    left (a parser's objects pointing at each other) are collected before the tables
    are built, so that peak memory does not hold them; a reader whose reading makes
    none passes False and skips that pass over every object in memory.
    """
    if isinstance(records, RecordColumns):
        c = records
    else:
        c = RecordColumns()
        for rec in records:
            c.add_record(rec)
        if isinstance(records, list):
            records.clear()  # their contents are in the columns now
    rows = len(c) + len(c.a_row)
    release_memory(rows, collect=cycles)  # what the reading stage freed (and its cycles)
    cols, ships = _assemble(c, rep, source_format)
    c.clear()  # what the tables need is in cols and ships now
    release_memory(rows)
    return _tables_to_corpus(
        cols,
        ships,
        rep,
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )


def _assemble(c: RecordColumns, rep: Reporter, source_format: str) -> tuple[dict, dict]:
    """Paper columns and authorship columns of the records in `c` (see
    :func:`records_to_corpus`); load-report rows go to `rep` in reading order."""
    return _Assembly(c, rep).run(source_format)


class _Assembly:
    """The steps of :func:`_assemble`, sharing the records' columns and the report
    rows waiting to be written in reading order."""

    def __init__(self, c: RecordColumns, rep: Reporter) -> None:
        self.c, self.rep, self.n = c, rep, len(c)
        self.pending: list[tuple] = []  # (record, order in the record, sequence, row)

    def note(self, i: int, order: int, action: str, reason: str, record: str) -> None:
        """A report row for record `i`, written with the record's other rows."""
        row = (self.c.source[i], self.c.line[i], action, reason, record[:200])
        self.pending.append((i, order, len(self.pending), row))

    def run(self, source_format: str) -> tuple[dict, dict]:
        c = self.c
        _check_dates(c, self.note)
        self.final = c.final()
        self.titles = without_markup(
            c.title if "title" in self.final else [t or "" for t in clean_all(c.title)]
        )
        self.dois = normalize_dois(c.doi)
        self.src = _short_sources(c.source)
        live = self.skip_untitled()
        self.kinds = self.own_id_columns()
        group, rule, clash = self.match(live)
        kept_idx = [i for i in live if i not in rule]  # group k is kept_idx[k]
        pids = self.paper_ids(kept_idx)
        row_of = np.full(self.n, -1, dtype=np.int64)
        row_of[kept_idx] = np.arange(len(kept_idx))
        ships = _Ships(c, row_of, len(kept_idx))
        self.flag_authors(ships, kept_idx, clash)
        cols, extra = self.paper_columns(kept_idx, pids, ships.visible, source_format)
        added = self.unite(sorted(rule), rule, group, kept_idx, pids, ships, cols, extra)
        self.pending.sort(key=lambda t: t[:3])
        self.rep.rows.extend(t[3] for t in self.pending)
        kept = Counter(c.source if len(kept_idx) == self.n else [c.source[i] for i in kept_idx])
        self.rep.check(kept, Counter(c.source[i] for i in rule))
        _add_extra(cols, extra, len(kept_idx))
        return cols, ships.columns(pids, added)

    def skip_untitled(self) -> list[int]:
        """Report the records with neither title nor DOI (skipped); the others' numbers."""
        c, rep = self.c, self.rep
        skipped = [i for i, (t, d) in enumerate(zip(self.titles, self.dois, strict=True))
                   if not t and d is None]
        for i in skipped:
            rep.fail("record has no title and no DOI", source=c.source[i], line=c.line[i],
                     records=1)
            self.pending.append((i, 3, len(self.pending), rep.rows.pop()))
        if not skipped:
            return list(range(self.n))
        live = np.ones(self.n, dtype=bool)
        live[skipped] = False
        return np.flatnonzero(live).tolist()

    def own_id_columns(self) -> dict[str, dict[int, str]]:
        """The records' own ids by kind (as :attr:`ids` names them): kind -> {record:
        id}. The id columns of the format are read once here (see
        :func:`~graphlib_papers.io._dedup.column_ids`)."""
        from ._dedup import ID_COLUMNS, column_ids

        self.found = [(key, column_ids(key, values)) for key, values in self.c.extra.items()
                      if key in ID_COLUMNS]
        kinds = {"doi": {i: d for i, d in enumerate(self.dois) if d is not None}}
        for key, found in self.found:
            if key == "source_id":  # an id of this kind means something only in its file
                for i, text in found.items():
                    kinds.setdefault(f"source_id@{self.src[i]}", {})[i] = text
            else:
                kinds[key] = {**kinds[key], **found} if key in kinds else found
        return kinds

    @functools.cached_property
    def ids(self) -> list[dict[str, str]]:
        """Each record's own ids (DOI, and the id columns of the format), kind -> id;
        made only when some id or title repeats (see :meth:`match`)."""
        ids: list[dict[str, str]] = [{"doi": d} if d is not None else {} for d in self.dois]
        for key, found in self.found:
            for i, text in found.items():
                ids[i][f"source_id@{self.src[i]}" if key == "source_id" else key] = text
        return ids

    def match(self, live: list[int]):
        """(group of each record, rule that joined a duplicate to its group, id clash
        of a record kept apart) by :class:`~graphlib_papers.io._dedup.PaperMatcher`.

        Only when some id or (title, year) repeats is the matcher run record by record;
        otherwise every record is a paper of its own. Titles decide only between
        records that share no kind of id: when every record has a DOI, no two can be
        matched on their titles.
        """
        from ._dedup import PaperMatcher

        titles, years = self.titles, self.c.year
        every = len(live) == self.n
        alive = None if every else set(live)
        # the ids of the live records, by kind (each record has at most one of a kind)
        ids_of = [list(found.values()) if every else
                  [x for i, x in found.items() if i in alive] for found in self.kinds.values()]
        self.keys: list[str] | None = None
        by_title: list = []
        if len(ids_of[0]) < len(live):  # some record without a DOI
            self.keys = [title_key(t) if t else "" for t in titles]
            by_title = [(self.keys[i], int(years[i])) for i in live
                        if self.keys[i] and years[i] is not None]
        group = np.full(self.n, -1, dtype=np.int64)
        rule: dict[int, str] = {}
        clash: dict[int, tuple[int, str]] = {}
        if all(len(set(x)) == len(x) for x in ids_of) and len(set(by_title)) == len(by_title):
            group[live] = np.arange(len(live))
            return group, rule, clash
        ids = self.ids
        matcher = PaperMatcher()
        for i in live:
            g, r, cl = matcher.match(titles[i], years[i], ids[i])
            group[i] = g
            if r is not None:
                rule[i] = r
            if cl is not None:
                clash[i] = cl
        return group, rule, clash

    def paper_ids(self, kept_idx: list[int]) -> list[str]:
        """The DOI's id, else the title's; the sequential rule only when two collide."""
        dois, keys = self.dois, self.keys
        if keys is None:
            cand = doi_paper_ids(dois if len(kept_idx) == self.n else [dois[i] for i in kept_idx])
        else:
            cand = [
                doi_paper_id(dois[i]) if dois[i] is not None else paper_id_of_key(keys[i])
                for i in kept_idx
            ]
        if len(set(cand)) == len(cand):
            return cand
        if keys is None:
            keys = [title_key(t) if t else "" for t in self.titles]
        taken: set[str] = set()
        pids = []
        for i in kept_idx:
            pid = _new_paper_id(keys[i], self.c.year[i], dois[i], self.ids[i], taken)
            taken.add(pid)
            pids.append(pid)
        return pids

    def flag_authors(self, ships: _Ships, kept_idx: list[int], clash: dict) -> None:
        """Rows for a name printed twice on a record, a record without authors, and a
        record kept apart although it shares an id with another."""
        from ._dedup import id_name

        titles = self.titles
        truncated = self.c.truncated
        placeholder: dict[int, str] = {}  # record -> its first placeholder name
        for j in np.flatnonzero(ships.mark).tolist():
            i = int(ships.a_row[j])
            if ships.row_of[i] < 0:
                continue
            printed = " ".join(str(ships.printed[j]).split())[:60]
            if ships.mark[j] == 1:
                placeholder.setdefault(i, printed)
            elif not truncated[i]:
                truncated[i] = True
                self.note(i, 5, "flagged", f"author {printed!r} stands for authors not "
                          "printed; left out, the list marked truncated", titles[i])
        for i, name in ships.printed_twice():
            self.note(i, 5, "flagged", f"author {name!r} printed more than once; kept once",
                      titles[i])
        for k in np.flatnonzero(ships.visible == 0).tolist():
            i = kept_idx[k]
            only = placeholder.pop(i, None)
            self.note(i, 6, "flagged", "record lists no authors" + (
                f" (only {only!r}, a placeholder)" if only else ""), titles[i])
        for i, printed in placeholder.items():
            self.note(i, 5, "flagged", f"author {printed!r} is a placeholder, not a name; "
                      "left out", titles[i])
        for i, (g, kind) in clash.items():
            self.note(
                i, 4, "flagged",
                f"shares an id with the record at line {self.c.line[kept_idx[g]]} but "
                f"its {id_name(kind)} differs: kept as a different paper",
                titles[i],
            )  # fmt: skip

    def paper_columns(self, kept_idx, pids, visible, source_format):
        """The papers' columns, and their extra fields (field -> {row: value})."""
        c = self.c
        if len(kept_idx) == self.n:  # every record kept (kept_idx is 0, 1, ..., n - 1)
            pick = list
        else:
            def pick(values: list) -> list:
                return [values[i] for i in kept_idx]
        cols: dict[str, list] = {
            "paper_id": pids,
            "title": pick(self.titles),
            "date": pick(c.date),
            "year": pick(c.year),
            "date_precision": pick(c.date_precision),
            "category": [x or "" for x in pick(c.category)],
            "abstract": _no_placeholder_abstracts(
                without_markup(self.finished("abstract", pick(c.abstract), clean_all))),
            "labs": self.finished("labs", pick(c.labs), _distinct_all),
            "authors_truncated": [bool(x) for x in pick(c.truncated)],
            "sources": _one_tuples(pick(self.src)),
            "n_authors_visible": visible.copy(),  # (a duplicate's authors add to it)
            "doi": pick(self.dois),
            "venue": self.finished("venue", pick(c.venue), clean_all),
            "keywords": self.finished("keywords", pick(c.keywords), _distinct_all),
            "source_format": take_strings([source_format], np.zeros(len(kept_idx), np.int64)),
        }
        extra: dict[str, dict[int, Any]] = {}
        if pick is list:
            for key, values in c.extra.items():
                extra[key] = dict(values)
            return cols, extra
        row_of = {i: k for k, i in enumerate(kept_idx)}
        for key, values in c.extra.items():
            out = extra[key] = {}
            for i, value in values.items():
                r = row_of.get(i)
                if r is not None:
                    out[r] = value
        return cols, extra

    def finished(self, field: str, values: list, finish) -> list:
        """`values` as they are when the reader handed `field` over final, else
        ``finish(values)``."""
        return values if field in self.final else finish(values)

    def unite(self, dups, rule, group, kept_idx, pids, ships: _Ships, cols, extra) -> list:
        """Unite each duplicate, in reading order, with its first record: sources,
        labs, keywords, fields; its authors when the two share one (see
        :func:`records_to_corpus`). Returns the authorships added, as (record,
        paper id, name, key, affiliation)."""
        from ._dedup import id_name, unite_rows

        c, titles = self.c, self.titles
        added: list[tuple] = []
        have_of: dict[int, set[str]] = {}
        for i in dups:
            row = int(group[i])  # groups are numbered as the kept records
            first_rec = kept_idx[row]
            have = have_of.get(row)
            if have is None:
                have = have_of[row] = {name_key(x) for x, _, _ in ships.of(first_rec)}
            authors = ships.of(i)
            new = [(x, k, a) for x, k, a in authors if name_key(x) not in have]
            listed = ", ".join(repr(x) for x, _, _ in new[:5]) + (", ..." if len(new) > 5 else "")
            if not new:
                authors_note = "no author beyond the first record's"
            elif len(authors) - len(new) or not have:
                authors_note = (
                    f"authors united: {len(new)} not on the first record added ({listed})"
                )
                for name, key, aff in new:
                    if name_key(name) not in have:
                        have.add(name_key(name))
                        added.append((i, pids[row], name, key, aff))
                        cols["n_authors_visible"][row] += 1
            else:
                authors_note = (
                    f"no author in common with the first record, so its {len(new)} authors "
                    f"were not added: {listed}"
                )
            r = rule[i]
            why = f"same {id_name(r)}" if r != "title+year" else "same title and year"
            self.note(i, 4, "duplicate", f"same paper as the record at line "
                      f"{c.line[first_rec]} ({why}); {authors_note}", titles[i])
            united = {k: cols[k][row] for k in ("sources", "labs", "keywords", "abstract",
                                                "venue", "doi")}
            united.update({k: v[row] for k, v in extra.items() if row in v})
            unite_rows(united, {
                "sources": (self.src[i],), "labs": c.labs[i], "keywords": c.keywords[i],
                "abstract": clean(c.abstract[i]), "venue": clean(c.venue[i]),
                "doi": self.dois[i], **c.record_extra(i),
            })  # fmt: skip
            for key, value in united.items():
                if key in cols:
                    cols[key][row] = value
                else:
                    extra.setdefault(key, {})[row] = value
        return added


def _distinct_all(groups: list) -> list[tuple]:
    """Each group's non-empty values, each once, in order, as a tuple (a tuple that
    already is one is kept)."""
    return [
        g if g == () or (type(g) is tuple and all(g) and len(set(g)) == len(g))
        else tuple(dict.fromkeys(x for x in g if x))
        for g in groups
    ]


def _one_tuples(values: list[str]) -> list[tuple[str]]:
    """``(value,)`` for each value, one tuple object per distinct value.

    Examples
    --------
    >>> _one_tuples(["a.ris", "b.ris", "a.ris"])
    [('a.ris',), ('b.ris',), ('a.ris',)]
    """
    of = {x: (x,) for x in set(values)}
    return list(map(of.__getitem__, values))


def _short_sources(sources: list[str]) -> list[str]:
    """Each record's file name (without its folder), computed once per file."""
    short = {s: Path(s).name for s in set(sources)}
    return list(map(short.__getitem__, sources))


def _add_extra(cols: dict, extra: dict, n_rows: int) -> None:
    """Extra fields as paper columns (an extra field named like a standard column
    wins, as read; a missing value is NaN)."""
    for key, values in extra.items():
        if key in cols:
            for i, value in values.items():
                cols[key][i] = value
        elif len(values) == n_rows:
            cols[key] = [values[i] for i in range(n_rows)]  # a duplicate may fill a gap late
        elif values:
            cols[key] = [values.get(i, np.nan) for i in range(n_rows)]


class _Ships:
    """The authorships of the kept records: names cleaned once per distinct string,
    positions and counts from array operations."""

    def __init__(self, c: RecordColumns, row_of: np.ndarray, n_rows: int) -> None:
        n = len(c)
        self.a_row = np.asarray(c.a_row, dtype=np.int64)
        self.norm, self.named, self.code, self.spelling, self.mark = _clean_names(c.a_name)
        self.printed = c.a_name
        self.a_key = pd.Series(c.a_key, dtype=object).to_numpy()
        self.a_aff = pd.Series(c.a_aff, dtype=object).to_numpy()
        # the records' lists are held here as arrays now: let them go (a Python int
        # per authorship in a_row, a pointer per authorship in the others)
        c.a_row, c.a_key, c.a_aff = [], [], []
        a_row = self.a_row
        self.bounds = (np.searchsorted(a_row, np.arange(n + 1)) if len(a_row)
                       else np.zeros(n + 1, int))
        on_row = row_of[a_row] if len(a_row) else np.empty(0, dtype=np.int64)
        self.take = self.named & (on_row >= 0)
        self.s_rec = a_row[self.take]
        self.s_name = self.norm[self.take]
        m = len(self.s_rec)
        # position within the record, among its kept names
        start = np.ones(m, dtype=bool)
        if m:
            start[1:] = self.s_rec[1:] != self.s_rec[:-1]
        first = np.maximum.accumulate(np.where(start, np.arange(m), 0)) if m else start
        self.s_pos = np.arange(m) - first + 1
        self.row_of = row_of
        self.visible = (np.bincount(row_of[self.s_rec], minlength=n_rows) if m
                        else np.zeros(n_rows, int))

    def of(self, i: int) -> list[tuple]:
        """(name, key, affiliation) of record `i`'s named authors."""
        lo, hi = self.bounds[i], self.bounds[i + 1]
        return [(self.norm[j], self.a_key[j], self.a_aff[j]) for j in range(lo, hi)
                if self.named[j]]

    def printed_twice(self) -> list[tuple[int, str]]:
        """(record, name) for the first name printed twice on each record."""
        if not len(self.s_rec):
            return []
        key = self.s_rec * (len(self.spelling) + 1) + self.code[self.take]
        twice = pd.Series(key).duplicated(keep=False).to_numpy()
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        for j in np.flatnonzero(twice).tolist():
            i = int(self.s_rec[j])
            if i not in seen:
                seen.add(i)
                out.append((i, self.s_name[j]))
        return out

    def columns(self, pids: list[str], added: list[tuple]) -> dict[str, list]:
        """The authorship columns, the authors added by duplicates placed after their
        records' own (at the duplicate's place in reading order)."""
        m = len(self.s_rec)
        if not added:  # string columns made once per distinct value
            return {
                "paper_id": take_strings(pids, self.row_of[self.s_rec]),
                "printed_name": take_strings(self.spelling, self.code[self.take]),
                "position": self.s_pos,
                "author_key": self.a_key[self.take],
                "affiliation": self.a_aff[self.take],
            }
        pid_arr = pd.Series(pids, dtype=object).to_numpy()
        ship_pid = pid_arr[self.row_of[self.s_rec]] if m else np.empty(0, dtype=object)
        ship_pos: list = self.s_pos.tolist()
        ship_name, ship_key, ship_aff = self.s_name, self.a_key[self.take], self.a_aff[self.take]
        emit = np.concatenate([self.s_rec, np.asarray([a[0] for a in added], dtype=np.int64)])
        order = np.argsort(emit, kind="stable")

        def more(k: int, base: np.ndarray) -> np.ndarray:
            extra = np.empty(len(added), dtype=object)
            extra[:] = [a[k] for a in added]
            return np.concatenate([base, extra])[order]

        ship_pid, ship_name = more(1, ship_pid), more(2, ship_name)
        ship_key, ship_aff = more(3, ship_key), more(4, ship_aff)
        ship_pos = ship_pos + [None] * len(added)
        ship_pos = [ship_pos[j] for j in order.tolist()]
        return {
            "paper_id": ship_pid.tolist(),
            "printed_name": ship_name.tolist(),
            "position": ship_pos,
            "author_key": ship_key.tolist(),
            "affiliation": ship_aff.tolist(),
        }


def _object_column(values: Any) -> pd.Series:
    """`values` as ``pd.Series(values).astype(object)`` makes them (a missing value NaN
    when every other value is a string), without the round trip through the string
    column pandas would make first.

    Examples
    --------
    >>> _object_column(["orcid:1", None]).tolist(), _object_column([None, 3]).tolist()
    (['orcid:1', nan], [None, 3])
    """
    column = pd.Series(values, dtype=object)
    if len(column) and pd.api.types.infer_dtype(column, skipna=True) == "string":
        column = column.where(column.notna(), np.nan)
    return column


def _or_empty(column: Any) -> Any:
    """`column`, or an empty column of objects for an empty one."""
    return column if len(column) else pd.Series([], dtype=object)


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
    if "abstract" in cols:  # kept as Python strings (the column's dtype), never copied
        cols["abstract"] = pd.Series(cols["abstract"], dtype=object)
    papers = pd.DataFrame(cols)
    if papers.empty:
        papers = pd.DataFrame(columns=_PAPER_COLUMNS)
    year = papers["year"]
    if year.dtype.kind == "f" and ((year % 1 == 0) | year.isna()).all():  # some missing
        papers["year"] = year.astype("Int64")
    elif year.dtype.kind in "iu":
        papers["year"] = year.astype("Int64")
    else:
        papers["year"] = pd.array(
            [int(y) if y is not None and y == y else pd.NA for y in year], dtype="Int64"
        )
    papers["date"] = pd.to_datetime(papers["date"], errors="coerce")
    papers["n_authors_visible"] = papers["n_authors_visible"].astype(int)
    cols.clear()
    n = len(ships["paper_id"])
    authorships = pd.DataFrame(
        {
            "paper_id": _or_empty(ships.pop("paper_id")),
            "printed_name": _or_empty(ships.pop("printed_name")),
            "position": pd.array(ships.pop("position"), dtype="Int64"),
            "inferred": np.zeros(n, dtype=bool),
            "author_key": _object_column(ships.pop("author_key")),
            "affiliation": _or_empty(ships.pop("affiliation")),
        }
    )
    if authorships["affiliation"].isna().all():
        authorships = authorships.drop(columns=["affiliation"])
    if authorships["author_key"].isna().all():
        authorships = authorships.drop(columns=["author_key"])
    # handed over: no reference stays here while the corpus is built (see build_corpus_from)
    tables = {"papers": papers.set_index("paper_id"), "authorships": authorships}
    del papers, authorships, year
    return build_corpus_from(
        tables,
        load_report=rep.frame(),
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )


def as_paths(path: Any, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """One path, a list of paths, or a directory (its files with `suffixes`, sorted;
    hidden files such as ``.DS_Store`` passed over)."""
    items = list(path) if isinstance(path, list | tuple) else [path]
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(
                sorted(
                    q
                    for q in p.iterdir()
                    if q.is_file()
                    and not q.name.startswith(".")
                    and (not suffixes or q.suffix.lower() in suffixes)
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
# words naming a unit inside an institution as often as an institution ("School of
# Biological, Earth and Environmental Sciences, University College Cork"): a part with
# one of them is taken only when no part names an institution by another word
# (spelled out only: Web of Science writes the institution first, abbreviated, as in
# "Akita Natl Coll Technol, Inst Nat Sci")
_UNIT_WORDS = frozenset({"college", "center", "centre", "school", "escuela"})
_THESIS = re.compile(
    r"^(?:diplomarbeit|dissertation|habilitation|(?:master|bachelor|diploma|ph\.?\s?d\.?)'?s?"
    r"\s+thesis)$",
    re.IGNORECASE,
)
_UNIVERSITY = re.compile(r"\buniversi(?:t|dad)\w*", re.IGNORECASE)  # spelled out
_UNIV = re.compile(r"\buniv\b", re.IGNORECASE)  # Web of Science's abbreviation
_EMAIL = re.compile(r"(?:electronic address:\s*)?\S+@\S+", re.IGNORECASE)
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
    >>> institution("School of Biological, Earth and Environmental Sciences, "
    ...             "University College Cork, Cork, Ireland")
    'University College Cork'
    >>> institution("University of Michigan ljungman@umich.edu.")
    'University of Michigan'
    """
    if not address or _REPRINT.search(address):
        return None
    if "@" in address:  # an e-mail address written into it ("University of Michigan x@y.edu")
        address = _EMAIL.sub(" ", address)
    parts = [p.strip().rstrip(".").strip() for p in address.replace("\\&", "&").split(",")]
    parts = [p for p in parts if p and not _THESIS.match(p)]
    if not parts:
        return None
    for k, p in enumerate(parts):  # a university named in full after a unit ("Institute
        if _UNIVERSITY.search(p):  # of Engineering Research, Korea University"), unless a
            if not any(_UNIV.search(q) for q in parts[:k]):  # part before names one the
                return p  # Web of Science way ("Penn State Univ, University Pk": a town)
            break
    unit = None
    for p in parts:
        if p.casefold().startswith(("and ", "& ")):
            continue  # the end of a name with commas ("Communications, Learning, and ... Lab")
        words = {w.casefold() for w in _INSTITUTION_WORDS.findall(p)}
        if words - _UNIT_WORDS:
            return p
        if words and unit is None:
            unit = p
    return unit or parts[0]
