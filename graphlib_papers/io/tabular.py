"""Readers for tables: CSV/TSV with one row per paper (:func:`read_csv`), or one row
per authorship (:func:`read_csv` with ``paper_id=``, and long tables with columns
``paper_id`` and ``author``: :func:`read_authorships`)."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._memory import without_cycle_collector
from ..corpus import Corpus, with_load_report
from ..exceptions import OptionError, SchemaError
from ._common import (
    LEGACY,
    Aliases,
    PathArg,
    Record,
    RecordColumns,
    Vetoes,
    as_paths,
    clean,
    comma_separated_names,
    delimiter_of,
    institution,
    invert_name,
    iso_date,
    legacy_escapes,
    make_date,
    parse_year,
    progress_bar,
    reader_doc,
    records_to_corpus,
    split_list,
    strip_markup,
    utf8_file,
)
from ._errors import Reporter, check_errors
from ._tagged import (
    addresses,
    affiliation_lookup,
    clean_all,
    dates_of,
    per_distinct,
    strip_bounds,
)

__all__ = ["read_csv", "read_authorships", "CSV_PRESETS"]

#: Column mappings for exports that are tables with known headers.
CSV_PRESETS: dict[str, dict[str, Any]] = {
    "bibliometrix": {
        "title": "TI",
        "authors": ["AF", "AU"],
        "author_sep": ";",
        "year": "PY",
        "affiliations": "C1",
        "doi": "DI",
        "venue": "SO",
        "keywords": ["DE", "ID"],
        "abstract": "AB",
    },
    "ieee": {
        "title": "Document Title",
        "authors": "Authors",
        "author_sep": ";",
        "year": ["Publication Year", "Year"],  # ("Year" in exports since 2024)
        "affiliations": "Author Affiliations",
        "doi": "DOI",
        "venue": "Publication Title",
        "keywords": "Author Keywords",
        "abstract": "Abstract",
    },
    "zotero": {
        "title": "Title",
        "authors": "Author",
        "author_sep": ";",
        "year": "Publication Year",
        "date": "Date",
        "doi": "DOI",
        "venue": "Publication Title",
        "keywords": ["Manual Tags", "Automatic Tags"],
        "abstract": "Abstract Note",
    },
    "dimensions": {
        "title": "Title",
        "authors": "Authors",
        "author_sep": ";",
        "year": "PubYear",
        "doi": "DOI",
        "venue": "Source title",
        "abstract": "Abstract",
    },
    "lens": {
        "title": "Title",
        "authors": "Author/s",
        "author_sep": ";",
        "year": "Publication Year",
        "date": "Date Published",
        "doi": "DOI",
        "venue": "Source Title",
        "keywords": "Keywords",
        "abstract": "Abstract",
    },
    "publish_or_perish": {  # Publish or Perish (Google Scholar and other searches)
        "title": "Title",
        "authors": "Authors",
        "author_sep": ",",
        "year": "Year",
        "doi": "DOI",
        "venue": "Source",
        "abstract": "Abstract",
    },
    "wos_csv": {  # Web of Science's citation report, saved as a table
        "title": "Title",
        "authors": "Authors",
        "author_sep": ";",
        "year": "Publication Year",
        "doi": "DOI",
        "venue": "Source Title",
    },
    "openalex_csv": {
        "title": ["title", "display_name"],
        "authors": "authorships.author.display_name",
        "author_sep": "|",
        "author_ids": "authorships.author.id",
        "year": "publication_year",
        "date": "publication_date",
        "affiliations": "authorships.institutions.display_name",
        "affiliation_sep": "|",
        "doi": "doi",
        "venue": "primary_location.source.display_name",
        "abstract": "abstract",
    },
    "springer": {
        "title": "Item Title",
        "authors": "Authors",
        "author_sep": "glued",
        "year": "Publication Year",
        "doi": "Item DOI",
        "venue": "Publication Title",
    },
}

_GLUED = re.compile(r"(?<=[a-zà-ÿ.])(?=[A-Z][a-zà-ÿ])")
_GLUE_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O'", "Fitz")


def _split_glued(cell: str) -> list[str]:
    """``"Araz R. AlievNigar T. Ismayilova"`` -> two names (Springer's CSV export)."""
    out: list[str] = []
    for piece in _GLUED.split(cell):
        if out and (out[-1].split(" ")[-1] in _GLUE_PREFIXES or " " not in piece.strip()):
            out[-1] += piece
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _valid_utf8(path: Path) -> bool:
    """True when the whole file is UTF-8 (checked in blocks, without holding it)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        try:
            while block := fh.read(1 << 22):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _first_line(head: bytes) -> bytes:
    """The first line of `head` that is not blank (the header, below any blank lines),
    for the delimiter to be told from.

    Examples
    --------
    >>> _first_line(b"\\r\\n\\nTitle\\tAuthors\\nA\\tB\\n")
    b'Title\\tAuthors'
    """
    for line in head.splitlines():
        if line.strip():
            return line
    return b""


def csv_rows(
    path: Path, source: str, rep: Reporter, progress: bool | None, delimiter: str | None = None,
    *, quoting: bool = True,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row dict) from a CSV/TSV file, decoding UTF-8 (BOM allowed).

    Without `quoting`, a quote character is text like any other and every line is one
    row (Web of Science's tab-delimited export writes its fields unquoted).

    Every data row is counted with :meth:`Reporter.saw`; a row dropped here is
    reported with ``records=1``. Bytes that are not UTF-8, anywhere in the file, are
    read as Windows-1252 (Latin-1) and reported at their row; a quoted field that swallows what
    look like further rows (an unterminated quote) is reported and skipped; a header
    naming a column twice is refused (:class:`~graphlib_papers.SchemaError`).
    """
    # one pass over the rows with the csv module, its state (the lines of the row being
    # read, lines to read again, rows not UTF-8) shared by the checks of every row:
    # split into steps, that state would be handed back and forth on every row
    path = Path(path)
    if rep.empty_file(path, source, what="CSV file"):
        return
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if b"\x00" in head:
        rep.fail("binary data (NUL bytes), not a CSV file", source=source, line=1)
        return
    utf8 = _valid_utf8(path)
    if delimiter is None:
        first = _first_line(head)
        delimiter = delimiter_of(first)
    bad_lines: list[int] = []
    consumed: list[tuple[int, str]] = []  # the physical lines of the row being read
    pushback: list[tuple[int, str]] = []  # lines to read again after a broken row

    class Feed:  # the file's lines, after any lines pushed back to be read again
        def __init__(self, fh):
            self.lines = enumerate(fh, start=1)

        def __iter__(self):
            return self

        def __next__(self) -> str:
            item = pushback.pop() if pushback else next(self.lines)
            consumed.append(item)
            return item[1]

    with (
        open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh,
        progress_bar(size, "CSV", progress) as bar,
    ):
        reader = csv.reader(Feed(fh), delimiter=delimiter, strict=True,
                            quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE)
        try:
            header = next(reader, None)
            while header is not None and not any(h.strip() for h in header):
                header = next(reader, None)  # blank lines above the header
        except csv.Error as exc:
            rep.fail(f"unreadable CSV header ({exc})", source=source, line=1)
            return
        if not header:
            rep.fail("no header row: the file holds only blank lines", source=source, line=1)
            return
        if len(header) == 1 and header[0].strip():  # a note above the header?
            note = header[0]
            consumed.clear()
            try:
                second = next(reader, None)
            except csv.Error:
                second = None
            if second is not None and len(second) >= 3:  # (Dimensions: "About the data")
                header = second
                rep.note("flagged", f"line 1 is a note above the header, not a row: "
                         f"{' '.join(legacy_escapes(note).split())[:120]!r}",
                         source=source, line=1)
            else:
                pushback.extend(reversed(consumed))
            consumed.clear()
        if not utf8 and [legacy_escapes(h) for h in header] != header:
            rep.repair(
                f"not valid UTF-8 in the header; those bytes read as {LEGACY}",
                source=source,
                line=1,
            )
        header = [_header_name(legacy_escapes(h)) for h in header]
        _no_column_twice(header, source, 1)
        width, known = len(header), frozenset(header)
        while True:
            consumed.clear()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if not consumed:
                    break
                line = consumed[0][0]
                rep.saw(source)
                rep.fail(
                    f"malformed CSV row ({exc})"
                    + (
                        f"; the {len(consumed) - 1} lines after it are read again"
                        if len(consumed) > 1
                        else ""
                    ),
                    source=source,
                    line=line,
                    record=legacy_escapes(consumed[0][1])[:200],
                    records=1,
                )
                pushback.extend(reversed(consumed[1:]))
                continue
            if not consumed:  # a row made only of lines read again
                break
            line, span = consumed[0][0], len(consumed)
            bar.update(sum(len(c) for c in row) + len(row))
            if not any(c.strip() for c in row):
                continue
            if (again := _header_again(row, header, known)) is not None:
                # exports joined end to end: each brings its own header
                _no_column_twice(again, source, line)
                rep.note(
                    "flagged",
                    f"line {line} is a header again (files joined end to end?), not a row"
                    + ("; its columns are read from here on" if again != header else ""),
                    source=source,
                    line=line,
                    record=delimiter.join(row)[:200],
                )
                header, width, known = again, len(again), frozenset(again)
                continue
            rep.saw(source)
            if not utf8:
                fixed = [legacy_escapes(c) for c in row]
                if fixed != row:
                    if not bad_lines:
                        rep.repair(
                            f"not valid UTF-8; those bytes read as {LEGACY}",
                            source=source,
                            line=line,
                            record=delimiter.join(fixed)[:200],
                        )
                    bad_lines.append(line)
                    row = fixed
            if span > 1 and width > 1:
                inner = [ln for c in row if "\n" in c or "\r" in c for ln in c.splitlines()]
                rowlike = sum(1 for ln in inner if ln.count(delimiter) >= width - 1)
                if rowlike and (len(row) != width or 2 <= rowlike >= len(inner) / 2):
                    rep.fail(
                        f"a quoted field opened on line {line} runs over {span} lines, "
                        f"{rowlike} of which look like rows of this file (unterminated quote?); "
                        f"row skipped, the {span - 1} lines after it read again",
                        source=source,
                        line=line,
                        record=delimiter.join(row)[:200],
                        records=1,
                    )
                    pushback.extend(reversed(consumed[1:]))
                    continue
            if quoting and any('"' in c for c in row):
                raw = "".join(text for _, text in consumed)
                stray = [
                    i
                    for i, c in enumerate(row)
                    if '"' in c and '"' + c.replace('"', '""') + '"' not in raw
                ]
                if stray:
                    rep.repair(
                        f"stray quote character in field {stray[0] + 1}"
                        + (f" and {len(stray) - 1} more" if len(stray) > 1 else "")
                        + " (a damaged quoted field?); removed",
                        source=source,
                        line=line,
                        record=(raw if utf8 else legacy_escapes(raw))[:200],
                    )
                    row = [c.replace('"', "") if i in stray else c for i, c in enumerate(row)]
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            if len(row) != width:
                rep.repair(
                    f"row has {len(row)} fields, the header {width}",
                    source=source,
                    line=line,
                    record=delimiter.join(row)[:200],
                    strict=False,
                )
            yield line, dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
    rep.more_latin1(source, bad_lines, "rows")


_MISSING = frozenset({"na", "n/a", "nan", "none", "null", "-"})


def _col(row: Mapping[str, str], spec: str | Sequence[str] | None) -> str | None:
    if spec is None:
        return None
    for name in [spec] if isinstance(spec, str) else spec:
        value = clean(row.get(name))
        if value and value.casefold() not in _MISSING:
            return value
    return None


def _names(cell: str | None, sep: str, order: str) -> list[str]:
    if not cell:
        return []
    if sep == ";" and ";" not in cell and "," in cell and order == "auto" and (
        listed := comma_separated_names(cell)
    ):
        return listed
    parts = _split_glued(cell) if sep == "glued" else [p.strip() for p in cell.split(sep)]
    parts = [p for p in parts if p]  # (a placeholder such as "[Anonymous]": see _clean_names)
    if _last_first(parts, sep, order):
        return [invert_name(p) for p in parts]
    return parts


def _last_first(parts: list[str], sep: str, order: str) -> bool:
    """Whether the names of a cell are printed ``"Last, First"`` (and are inverted)."""
    return order == "last-first" or (
        order == "auto" and sep != "," and any("," in p for p in parts)
    )


def _affiliations(cell: str | None, sep: str, names: list[str]):
    """(per-author affiliations or None, labs) from an affiliation cell."""
    if not cell:
        return None, ()
    if cell.lstrip().startswith("["):
        found = addresses([cell])
        find = affiliation_lookup(found)
        labs = tuple(dict.fromkeys(inst for _, inst in found))
        return [find(n) for n in names], labs
    every = [p.strip() for p in cell.split(sep)]
    # one position per author, an empty one for an author without an affiliation
    # ("X Univ||Y Univ"); else the filled positions when they are one per author
    parts = every if len(every) == len(names) else [p for p in every if p]
    insts = [None if not p or p.casefold() in _MISSING else institution(p) for p in parts]
    labs = tuple(dict.fromkeys(i for i in insts if i))
    if len(parts) == len(names):
        return insts, labs
    return None, labs


@reader_doc
@without_cycle_collector
def read_csv(
    path: PathArg,
    *,
    title: str | Sequence[str] = "title",
    authors: str | Sequence[str] = "authors",
    author_sep: str = ";",
    name_order: str = "auto",
    year: str | None = None,
    date: str | None = None,
    affiliations: str | None = None,
    affiliation_sep: str | None = None,
    paper_id: str | None = None,
    doi: str | None = None,
    venue: str | None = None,
    keywords: str | Sequence[str] | None = None,
    keyword_sep: str = ";",
    abstract: str | None = None,
    author_ids: str | None = None,
    preset: str | None = None,
    delimiter: str | None = None,
    errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
) -> Corpus:  # fmt: skip
    """Read a CSV/TSV table of papers by naming its columns.

    Two shapes are read. **One row per paper**: the authors are one delimited cell
    (``author_sep``), affiliations optionally another, aligned per author when both
    lists have the same length (otherwise they only feed ``papers.labs`` and the row
    is flagged). **One row per authorship**: give ``paper_id=`` and rows sharing an
    id form one paper, authors in row order. For tables already in long form,
    :func:`read_authorships` reads files and
    :meth:`graphlib_papers.Corpus.from_authorships` a DataFrame.

    Parameters
    ----------
    path : path-like, list of paths or directory
    title, authors : str or list of str
        Column names; with a list the first non-empty column is used per row.
    author_sep : str, default ";"
        Separator of names in the authors cell; ``"glued"`` splits names printed
        without a separator (Springer: ``"Araz R. AlievNigar T. Ismayilova"``).
    name_order : {"auto", "first-last", "last-first"}
        ``"auto"`` turns ``"Last, First"`` into ``"First Last"`` when names hold a comma.
    year, date, affiliations, doi, venue, abstract : str, optional
        Column names. ``date`` is parsed as ISO ``YYYY[-MM[-DD]]``.
    affiliation_sep : str, optional
        Separator in the affiliations cell (default: `author_sep`, or ``";"``).
        Cells in Web of Science form (``[Last, First; ...] Institution, ...``) are
        matched to authors by name.
    paper_id : str, optional
        Column with a paper identifier (one row per authorship).
    keywords : str or list of str, optional
        Keyword column(s), split on `keyword_sep`.
    author_ids : str, optional
        Column of author identifiers aligned with the authors (same separator); used
        as the name layer's author key.
    preset : {"bibliometrix", "ieee", "springer", "zotero", "dimensions", "lens", \
"openalex_csv", "wos_csv", "publish_or_perish"}, optional
        Column mapping of a known export (see ``CSV_PRESETS``). The preset's
        columns replace the corresponding keywords; keywords for columns the preset
        does not name (``paper_id``, ``author_ids``, ``date``) still apply. A column
        named here or by a preset that the header lacks is found in another case
        (``title`` finds ``Title``) when one header name matches; a first line of one
        cell above the header (Dimensions' "About the data" note) is passed over with
        a ``flagged`` row.
    delimiter : str, optional
        Field delimiter; sniffed from the header (tab or comma) by default.
    {common_parameters}

    Returns
    -------
    Corpus
        Extra paper columns ``doi``, ``venue``, ``keywords``, ``source_format``.

    Raises
    ------
    SchemaError
        If the title or authors column is not in the header, or the header names a
        column twice.
    ParseError
        Under ``errors="raise"``, for a row without a title, a malformed row (an
        unterminated quote, a stray quote), bytes that are not UTF-8, an empty file.

    Notes
    -----
    Rows stream through :mod:`csv` (strict quoting); a row whose field count differs
    from the header is kept and reported as ``repaired``. A malformed row is skipped
    with its line and the lines it swallowed are read again as rows; a quoted field
    that runs over lines looking like rows of the file (an unterminated quote) is
    treated the same way. Cells ``NA``/``n/a``/``nan`` are missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("title,authors,year,affiliations\\n"
    ...         '"Deep nets","Kogge, Peter; Shalf, John",2013,"Notre Dame; LBNL"\\n')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "papers.csv"
    >>> _ = path.write_text(text)
    >>> c = read_csv(path, year="year", affiliations="affiliations")
    >>> c.authorships[["printed_name", "affiliation"]].values.tolist()
    [['Peter Kogge', 'Notre Dame'], ['John Shalf', 'LBNL']]
    """
    spec = _spec(locals())
    rep = Reporter(check_errors(errors), counted=True)
    if spec.paper_id is not None:  # rows join earlier rows, across files: one list
        records: list[Record] | RecordColumns = []
        joins: dict[str, tuple[Record, set]] = {}
        for path_ in as_paths(path, (".csv", ".tsv", ".txt")):
            with utf8_file(path_, str(path_), rep) as p:
                records.extend(_read_rows(p, str(path_), rep, progress, delimiter, spec, joins))
    else:
        records = RecordColumns()
        for path_ in as_paths(path, (".csv", ".tsv", ".txt")):
            source = str(path_)
            with utf8_file(path_, source, rep) as p:
                if not _read_table(p, source, rep, delimiter, spec, records):
                    for rec in _read_rows(p, source, rep, progress, delimiter, spec, {}):
                        records.add_record(rec)
    return records_to_corpus(
        records, rep, source_format=preset or "csv", aliases=aliases, vetoes=vetoes,
        merge_names=merge_names, disambiguate=disambiguate,
        cycles=False,  # (rows of strings: no reference cycles)
    )


def _no_column_twice(header: list[str], source: str, line: int) -> None:
    """Refuse a header that names a column twice (which of the two to read?)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name and name in seen:
            raise SchemaError(
                f"{source}, line {line}: column {name!r} appears twice in the header "
                f"(columns {seen[name]} and {i}); rename one so it is clear which to read"
            )
        seen[name] = i


def _header_again(
    row: list[str], header: list[str], known: frozenset[str] | None = None
) -> list[str] | None:
    """`row` read as a header, when it is one: the file's header again, or a header
    whose first column is the file's first and whose other names are mostly the
    file's (two exports joined end to end, the second with other columns chosen), or
    five names or more mostly the file's (the first one damaged); None for a data
    row.

    Examples
    --------
    >>> header = ["Authors", "Title", "Year", "DOI", "Volume"]
    >>> _header_again(["Authors", "Title", "Year", "DOI", "Volume"], header) == header
    True
    >>> _header_again(["Authors", "Title", "Year", "DOI", "Source title"], header)
    ['Authors', 'Title', 'Year', 'DOI', 'Source title']
    >>> _header_again(["Authors", "Title", "2020", "", ""], header) is None  # a paper "Title"
    True
    """
    if not row or not header[0]:
        return None
    known = frozenset(header) if known is None else known  # (the header's names)
    # (cheap tests first: this runs on every row of a table)
    first = header[0] in row[0] and _header_name(legacy_escapes(row[0])) == header[0]
    if not first and (len(row) < 5 or sum(c.strip() in known for c in row[:5]) < 3):
        return None
    names = [_header_name(legacy_escapes(c)) for c in row]
    while names and not names[-1]:
        names.pop()
    filled = [x for x in names if x]
    if first and len(filled) >= 2 and names == header[: len(names)] and (
        not any(header[len(names) :])
    ):
        return header
    found = sum(x in known for x in filled)
    if found >= max(3, 0.8 * len(filled)) and (
        first or len(filled) >= 5  # (five names or more: its first one damaged)
    ):
        return names
    return None


def _header_name(name: str) -> str:
    """A column name as matched: trimmed, each run of white space (tabs, no-break
    spaces from spreadsheets) one space, without a byte-order mark (the header of a
    second export joined to the first keeps its own).

    Examples
    --------
    >>> _header_name(" Document\u00a0Title "), _header_name("Item\tTitle")
    ('Document Title', 'Item Title')
    >>> _header_name("\ufeffAuthors")
    'Authors'
    """
    return " ".join(name.replace("\ufeff", "").split())


#: the fields of :class:`_Spec` that name columns (one name or several)
_COLUMN_FIELDS = ("title", "authors", "year", "date", "affiliations", "paper_id", "doi",
                  "venue", "keywords", "abstract", "author_ids")


@dataclass(frozen=True)
class _Spec:
    """The column mapping of a :func:`read_csv` call, a preset applied."""

    title: str | Sequence[str]
    authors: str | Sequence[str]
    author_sep: str
    name_order: str
    year: str | None
    date: str | None
    affiliations: str | None
    aff_sep: str
    paper_id: str | None
    doi: str | None
    venue: str | None
    keywords: tuple[str, ...]
    keyword_sep: str
    abstract: str | None
    author_ids: str | None

    @property
    def id_sep(self) -> str:
        return self.author_sep if self.author_sep != "glued" else ";"


def _spec(args: dict[str, Any]) -> _Spec:
    """The column mapping from :func:`read_csv`'s arguments: the preset's columns
    replace the corresponding keywords; bad option values raise OptionError."""
    args = dict(args)
    preset = args["preset"]
    if preset is not None:
        if preset not in CSV_PRESETS:
            raise OptionError(f"preset must be one of {sorted(CSV_PRESETS)}, not {preset!r}")
        args.update(CSV_PRESETS[preset])
    if args["name_order"] not in ("auto", "first-last", "last-first"):
        raise OptionError(
            f"name_order must be 'auto', 'first-last' or 'last-first', not {args['name_order']!r}"
        )
    for key in _COLUMN_FIELDS:
        value = args[key]
        if isinstance(value, str):
            args[key] = _header_name(value)
        elif value is not None:
            args[key] = [_header_name(v) for v in value]
    sep = args["author_sep"]
    keywords = args["keywords"]
    return _Spec(
        title=args["title"], authors=args["authors"], author_sep=sep,
        name_order=args["name_order"], year=args["year"], date=args["date"],
        affiliations=args["affiliations"],
        aff_sep=args["affiliation_sep"] or (sep if sep not in ("glued", ",") else ";"),
        paper_id=args["paper_id"], doi=args["doi"], venue=args["venue"],
        keywords=(keywords,) if isinstance(keywords, str) else tuple(keywords or ()),
        keyword_sep=args["keyword_sep"], abstract=args["abstract"], author_ids=args["author_ids"],
    )  # fmt: skip


def _fit_spec(source: str, header: Iterable[str], spec: _Spec) -> _Spec:
    """`spec` with each column name the header lacks replaced by the one header name
    equal to it but for case (``title`` finds ``Title``), then checked
    (:func:`_check_header`)."""
    header = list(header)
    folded: dict[str, list[str]] = {}
    for h in header:
        folded.setdefault(h.casefold(), []).append(h)
    have = set(header)

    def fit(name: str) -> str:
        if name in have:
            return name
        found = folded.get(name.casefold(), [])
        return found[0] if len(found) == 1 else name

    changes: dict[str, Any] = {}
    for key in _COLUMN_FIELDS:
        value = getattr(spec, key)
        if value is None:
            continue
        new = fit(value) if isinstance(value, str) else type(value)(map(fit, value))
        if new != value:
            changes[key] = new
    if changes:
        spec = dataclasses.replace(spec, **changes)
    _check_header(source, header, spec)
    return spec


def _check_header(source: str, header: Iterable[str], spec: _Spec) -> None:
    """SchemaError unless the header has a title and an authors column."""
    for label, columns in (("title", spec.title), ("authors", spec.authors)):
        names = [columns] if isinstance(columns, str) else list(columns)
        if not any(n in header for n in names):
            raise SchemaError(
                f"{source}, line 1: no {label} column {names} in the header "
                f"(columns: {sorted(header)[:12]}...)"
            )


def _date_of(year_text: str | None, date_text: str | None, has_date: bool):
    """(year, date, precision, notes) of a row's year and date cells."""
    notes: list[str] = []
    y = parse_year(year_text, notes)
    d, precision = make_date(y)
    if has_date:
        y2, d2, p2 = iso_date(date_text or "", notes)
        if y2 is not None:
            y, d, precision = (y if y is not None else y2), d2, p2
    return y, d, precision, tuple(notes)


def _read_rows(path, source: str, rep: Reporter, progress, delimiter, spec: _Spec, joins: dict):
    """The records of a table read row by row (:func:`csv_rows`); with
    ``spec.paper_id``, a row whose id was read before joins that record (`joins`:
    id -> (record, its authorships as a set))."""
    out: list[Record] = []
    checked = False
    for line, row in csv_rows(path, source, rep, progress, delimiter):
        if not checked:
            checked = True
            spec = _fit_spec(source, row, spec)
        names = _names(_col(row, spec.authors), spec.author_sep, spec.name_order)
        cell = _col(row, spec.affiliations)
        per_author, labs = _affiliations(cell, spec.aff_sep, names)
        if spec.affiliations and cell and per_author is None:
            rep.note("flagged", _NOT_ALIGNED, source=source, line=line)
        ids = split_list(_col(row, spec.author_ids), spec.id_sep)
        keys = list(ids) if len(ids) == len(names) else [None] * len(names)
        affs = per_author or [None] * len(names)
        y, d, precision, notes = _date_of(_col(row, spec.year), _col(row, spec.date),
                                          bool(spec.date))
        kws = tuple(k for c in spec.keywords for k in split_list(_col(row, c), spec.keyword_sep))
        authors_ = list(zip(names, keys, affs, strict=True))
        pid = clean(row.get(spec.paper_id)) if spec.paper_id else None
        if pid is not None and pid in joins:
            rep.joined(source)  # a further row of the paper (record) read before
            rec, have = joins[pid]  # a set: long author lists stay linear
            for a in authors_:
                if a not in have:
                    have.add(a)
                    rec.authors.append(a)
            rec.labs = tuple(dict.fromkeys((*rec.labs, *labs)))
            continue
        rec = Record(
            source=source, line=line, title=_col(row, spec.title) or "", authors=authors_,
            year=y, date=d, date_precision=precision, doi=_col(row, spec.doi),
            venue=_col(row, spec.venue), keywords=kws,
            abstract=strip_markup(_col(row, spec.abstract)),
            labs=labs, extra={"source_id": pid} if pid is not None else {}, notes=list(notes),
        )  # fmt: skip
        if pid is not None:
            joins[pid] = (rec, set(authors_))
        out.append(rec)
    return out


_NOT_ALIGNED = "affiliations not aligned with authors (different counts); kept as paper labs only"


# ---------------------------------------------------------------------------
# the whole table at once
# ---------------------------------------------------------------------------
def _plain_table(path: Path, delimiter: str | None) -> tuple[pd.DataFrame, str] | None:
    """(cells as text, the delimiter) of a plain table: UTF-8 without quote characters,
    lone CRs or NULs, every line either blank or holding the header's number of fields.
    None for anything else (read by :func:`csv_rows`, which reports what it finds).

    The file is held once as bytes: lines may end in CRLF, and the UTF-8 check is the
    strict decoding of each cell by the parser (a delimiter or line end, ASCII, never
    splits a character)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw or raw.isspace() or b'"' in raw or b"\x00" in raw:
        return None
    crlf = b"\r" in raw
    if crlf and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    if delimiter is None:
        first = _first_line(raw[:65536])
        delimiter = delimiter_of(first)
    if len(delimiter) != 1 or not delimiter.isascii():
        return None
    if not raw.endswith(b"\n"):
        raw += b"\n"
    arr = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.r_[0, ends[:-1] + 1]
    count = np.bincount(
        np.searchsorted(ends, np.flatnonzero(arr == ord(delimiter))), minlength=len(ends)
    )
    lo, hi = strip_bounds(arr, starts, ends - (arr[ends - 1] == 13) if crlf else ends)
    if ((count != count[0]) & (lo < hi)).any():
        return None
    try:
        table = pd.read_csv(
            io.BytesIO(raw), sep=delimiter, quoting=csv.QUOTE_NONE, dtype=object,
            na_filter=False, skip_blank_lines=False, header=None, engine="c",
            encoding="utf-8", encoding_errors="strict",
        )  # fmt: skip
    except (UnicodeDecodeError, pd.errors.EmptyDataError, pd.errors.ParserError):
        return None  # (csv_rows reads it, and reports what it cannot)
    if len(table) != len(ends) or table.shape[1] != count[0] + 1:
        return None
    return table, delimiter


def _column(table: pd.DataFrame, header: list[str], spec) -> list:
    """:func:`_col` of every row: the first column of `spec` with a value."""
    n = len(table)
    out: list = [None] * n
    if spec is None:
        return out
    longest = max(map(len, _MISSING))
    first = True
    for name in reversed([spec] if isinstance(spec, str) else list(spec)):
        if name not in header:
            continue
        values = clean_all(table[header.index(name)].tolist())
        # the missing-value marks among the distinct texts (casefold never shortens one)
        marks = {v for v in set(values) - {None} if len(v) <= longest
                 and v.casefold() in _MISSING}  # fmt: skip
        if first:
            out = [None if v in marks else v for v in values] if marks else values
        else:
            out = [v if v is not None and v not in marks else o
                   for v, o in zip(values, out, strict=True)]  # fmt: skip
        first = False
    return out


def _blank_rows(table: pd.DataFrame) -> np.ndarray:
    """True for each row whose every cell is empty or white space (``cell.strip()``
    is empty), decided column by column for the rows still in doubt."""
    doubt = np.arange(len(table))
    for c in table:
        if not len(doubt):
            break
        cells = table[c].to_numpy()[doubt]
        text = np.fromiter((bool(v) and not v.isspace() for v in cells), bool, len(cells))
        doubt = doubt[~text]
    blank = np.zeros(len(table), dtype=bool)
    blank[doubt] = True
    return blank


def _names_of_cells(cells: list, sep: str, order: str) -> list[tuple[str, ...]]:
    """:func:`_names` of each (cleaned) cell, once per distinct cell; each distinct
    part is stripped and checked once and kept as one text object, however many
    cells list it.

    Examples
    --------
    >>> _names_of_cells(["Ada Byron; Alan Turing", None, "Byron, Ada; Turing, Alan"], ";", "auto")
    [('Ada Byron', 'Alan Turing'), (), ('Ada Byron', 'Alan Turing')]
    >>> _names_of_cells(["CJ Gardner, P Radolalaina", "Gardner, CJ"], ";", "auto")
    [('CJ Gardner', 'P Radolalaina'), ('CJ Gardner',)]
    """
    if sep == "glued":
        return per_distinct(cells, lambda c: tuple(_names(c, sep, order))).tolist()
    kept: dict[str, str | None] = {}
    commas = sep == ";" and order == "auto"

    def names(cell: str | None) -> tuple[str, ...]:
        if not cell:
            return ()
        if commas and ";" not in cell and "," in cell and (
            listed := comma_separated_names(cell)
        ):  # names separated by commas, not by the column's ";"
            return tuple(listed)
        pieces = cell.split(sep)
        for piece in pieces:
            if piece not in kept:
                part = piece.strip()
                kept[piece] = kept.setdefault(part, part) if part else None
        parts = [p for piece in pieces if (p := kept[piece]) is not None]
        # a part has a comma only where its cell has one
        if (order != "auto" or "," in cell) and _last_first(parts, sep, order):
            return tuple(map(invert_name, parts))
        return tuple(parts)

    return per_distinct(cells, names).tolist()


def _keywords_of_cells(columns: list[list], sep: str) -> list[tuple[str, ...]]:
    """The keywords of each row from its (cleaned) keyword cells, as
    :func:`split_list` splits each: once per distinct row, each distinct part
    stripped once."""
    stripped: dict[str, str] = {}

    def split(cells: tuple) -> tuple[str, ...]:
        out = []
        for cell in cells:
            if cell:
                for piece in cell.split(sep):
                    part = stripped.get(piece)
                    if part is None:
                        part = stripped[piece] = piece.strip()
                    if part:
                        out.append(part)
        return tuple(out)

    if len(columns) == 1:  # the cells themselves, not 1-tuples, are told apart
        return per_distinct(columns[0], lambda cell: split((cell,))).tolist()
    return per_distinct(list(zip(*columns, strict=True)), split).tolist()


def _read_table(path, source: str, rep: Reporter, delimiter, spec: _Spec, cols) -> bool:
    """Add a plain table (:func:`_plain_table`) to `cols` at once, with the meaning
    :func:`_read_rows` gives each row; False, with nothing added, otherwise."""
    if rep.empty_file(path, source, what="CSV file"):
        return True
    found = _plain_table(Path(path), delimiter)
    if found is None:
        return False
    table, _ = found
    header = [_header_name(h) for h in table.iloc[0].tolist()]
    if len(set(h for h in header if h)) != len([h for h in header if h]):
        return False  # csv_rows refuses it with the columns named
    # the header repeated (exports joined end to end, a byte-order mark before each)?
    first = table[0]
    again = (np.flatnonzero(first.isin({first.iat[0], header[0], "\ufeff" + header[0]}))[1:]
             if header[0] else [])  # (a header without a first name is never met again)
    known = frozenset(header)
    if any(_header_again(table.iloc[i].tolist(), header, known) is not None for i in again):
        return False  # csv_rows reads it, header by header
    table = table.iloc[1:]
    table = table[~_blank_rows(table)]
    n = len(table)
    rep.saw(source, n)
    if not n:
        return True
    spec = _fit_spec(source, header, spec)
    lines = (table.index.to_numpy() + 1).tolist()
    names = _names_of_cells(_column(table, header, spec.authors), spec.author_sep,
                            spec.name_order)
    count = np.fromiter(map(len, names), dtype=np.int64, count=n)
    a_row = np.repeat(np.arange(n), count)
    flat = list(chain.from_iterable(names))
    affs, labs = _table_affiliations(table, header, spec, names, rep, source, lines)
    keys = _table_keys(table, header, spec, names)
    parts = list(zip(_column(table, header, spec.year), _column(table, header, spec.date),
                     strict=True))
    year, date, precision, notes = dates_of(
        per_distinct(parts, lambda yd: _date_of(yd[0], yd[1], bool(spec.date)))
    )
    keywords = (
        _keywords_of_cells([_column(table, header, c) for c in spec.keywords],
                           spec.keyword_sep)
        if spec.keywords else [()] * n
    )
    cols.extend(
        source,
        lines,
        {
            "title": [x or "" for x in _column(table, header, spec.title)],
            "year": year, "date": date, "date_precision": precision,
            "doi": _column(table, header, spec.doi),
            "venue": _column(table, header, spec.venue),
            "keywords": keywords,
            "abstract": [strip_markup(a) for a in _column(table, header, spec.abstract)],
            "labs": labs,
        },
        {"a_row": a_row, "a_name": flat, "a_key": keys, "a_aff": affs},
        notes=notes,
    )  # fmt: skip
    return True


def _table_affiliations(table, header, spec: _Spec, names, rep, source, lines):
    """(affiliation of each authorship, labs of each row), as :func:`_read_rows`."""
    n_ships = sum(len(x) for x in names)
    if not spec.affiliations:
        return [None] * n_ships, [()] * len(names)
    affs: list = []
    labs: list = []
    for i, cell in enumerate(_column(table, header, spec.affiliations)):
        per_author, row_labs = _affiliations(cell, spec.aff_sep, list(names[i]))
        if cell and per_author is None:
            rep.note("flagged", _NOT_ALIGNED, source=source, line=lines[i])
        affs.extend(per_author or [None] * len(names[i]))
        labs.append(row_labs)
    return affs, labs


def _table_keys(table, header, spec: _Spec, names) -> list:
    """The author id of each authorship, where the ids cell lists one per author."""
    if not spec.author_ids:
        return [None] * sum(len(x) for x in names)
    out: list = []
    for i, cell in enumerate(_column(table, header, spec.author_ids)):
        ids = split_list(cell, spec.id_sep)
        out.extend(ids if len(ids) == len(names[i]) else [None] * len(names[i]))
    return out


# ---------------------------------------------------------------------------
# long tables: one row per (paper, author)
# ---------------------------------------------------------------------------
#: The columns a long authorship table must have (names compared without case).
AUTHORSHIP_TABLE_COLUMNS = ("paper_id", "author")
_LONG_TEXT = frozenset({"paper_id", "author", "title", "author_key", "printed_name"})


@reader_doc
def read_authorships(
    path: PathArg,
    *,
    delimiter: str | None = None,
    errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
) -> Corpus:  # fmt: skip
    """Read long tables: one row per (paper, author), with columns ``paper_id`` and ``author``.

    The file form of :meth:`graphlib_papers.Corpus.from_authorships`: rows sharing a
    ``paper_id`` form one paper (across all files read), its authors in row order
    unless a ``position`` column says otherwise. Column names are compared without
    case. Optional columns: ``position``, ``inferred`` (``true``/``1``/``yes``),
    ``author_key`` (an ORCID or another source id), and paper columns such as
    ``title``, ``year``, ``date``, ``category``, ``labs`` (``;``-separated), ``venue``
    or any other, kept on the papers table. A column other than the id, name and
    title columns whose every value is a number is read as numbers. :func:`graphlib_papers.read`
    picks this reader (``format="authorships"``) for a CSV/TSV whose header has both
    required columns.

    Parameters
    ----------
    path : path-like, list of paths or directory
        Files, or folders whose ``.csv``, ``.tsv`` and ``.txt`` files are read in
        name order.
    delimiter : str, optional
        Field delimiter; sniffed from the header (tab or comma) by default.
    {common_parameters}

    Returns
    -------
    Corpus
        ``papers.sources`` names the files that list each paper; extra paper column
        ``source_format`` (``"authorships"``).

    Raises
    ------
    SchemaError
        If a header has no ``paper_id`` or no ``author`` column, or names a column
        twice.
    ParseError
        Under ``errors="raise"``, for a row without a paper id or an author, a
        malformed row, bytes that are not UTF-8, or a file without rows; the message
        names the file and line.

    See Also
    --------
    read_csv : tables with one row per paper (or per authorship, naming the columns).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ships.csv"
    >>> _ = path.write_text("paper_id,author,year\\n"
    ...     "p1,Ada Lovelace,1843\\np1,Charles Babbage,1843\\n,Mary Somerville,1843\\n")
    >>> c = read_authorships(path, errors="skip")
    >>> c.authorships[["paper_id", "printed_name", "position"]].values.tolist()
    [['p1', 'Ada Lovelace', 1], ['p1', 'Charles Babbage', 2]]
    >>> c.load_report[["line", "action", "reason"]].values.tolist()
    [[4, 'skipped', 'row has no paper_id']]
    """
    rep = Reporter(check_errors(errors), counted=True)
    tables = []
    for path_ in as_paths(path, (".csv", ".tsv", ".txt")):
        with utf8_file(path_, str(path_), rep) as p:
            table = _long_table(p, str(path_), rep, progress, delimiter)
        if table is not None:
            tables.append(table)
    rows = pd.concat(tables, ignore_index=True) if tables else None
    if rows is None or rows.empty:
        return records_to_corpus([], rep, source_format="authorships")
    # a row whose paper id came before (in this file or an earlier one) joins that paper
    joins = rows["paper_id"].duplicated()
    for source, n in rows.loc[joins, "_source"].value_counts().items():
        rep.seen[source] -= n
    rep.check(Counter(rows.loc[~joins, "_source"]), Counter())
    corpus = Corpus.from_authorships(
        _long_columns(rows), aliases=aliases, vetoes=vetoes, merge_names=merge_names,
        disambiguate=disambiguate,
    )  # fmt: skip
    return with_load_report(corpus, rep.frame())


def _long_table(path, source: str, rep: Reporter, progress, delimiter) -> pd.DataFrame | None:
    """The rows of one long table with a paper id and an author, as stripped text
    (``""`` read as missing), column names in lower case, with their file line
    (``_line``) and source (``_source``); every other row is reported with its line."""
    if rep.empty_file(path, source, what="CSV file"):
        return None
    found = _plain_table(Path(path), delimiter)
    header = None if found is None else [
        _header_name(h).lower() for h in found[0].iloc[0].tolist()]
    if header is not None and len(set(header)) == len(header):
        table = found[0].iloc[1:].set_axis(header, axis=1)
        lines = table.index.to_numpy() + 1
        table = table.apply(lambda col: col.str.strip()).replace("", None)
        blank = table.isna().all(axis=1).to_numpy()
        table, lines = table[~blank], lines[~blank]
        rep.saw(source, len(table))  # csv_rows counts the rows it reads
    else:  # quoted fields, odd bytes or ragged rows: row by row, each fault reported
        read = list(csv_rows(path, source, rep, progress, delimiter))
        header = [h.lower() for h in (read[0][1] if read else {})]
        if len(set(header)) != len(header):
            raise SchemaError(f"{source}, line 1: a column name appears twice (case ignored)")
        cells = [[v.strip() or None for v in row.values()] for _, row in read]
        table = pd.DataFrame(cells, columns=header, dtype=object)
        lines = np.array([line for line, _ in read], dtype=np.int64)
    if not len(table):
        rep.fail("no authorship rows", source=source, line=1)
        return None
    missing = [c for c in AUTHORSHIP_TABLE_COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(
            f"{source}, line 1: no {' and no '.join(missing)} column in the header of an "
            f"authorship table (columns: {sorted(table.columns)[:12]})"
        )
    lack = table[list(AUTHORSHIP_TABLE_COLUMNS)].isna()
    bad = lack.any(axis=1).to_numpy()
    for i in np.flatnonzero(bad):
        what = [c for c in AUTHORSHIP_TABLE_COLUMNS if lack.iat[i, lack.columns.get_loc(c)]]
        rep.fail(
            f"row has no {' and no '.join(what)}", source=source, line=int(lines[i]),
            record=",".join(v for v in table.iloc[i] if isinstance(v, str)), records=1,
        )  # fmt: skip
    table = table[~bad].assign(_line=lines[~bad], _source=source)
    return table.reset_index(drop=True)


def _long_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The long table as :meth:`Corpus.from_authorships` takes it: ``inferred`` as
    booleans, all-number columns as numbers, the files that list each paper."""
    # columns built anew from their values, so pandas gives text its usual dtype
    df = pd.DataFrame({c: rows[c].tolist() for c in rows.columns if c not in ("_line", "_source")})
    for col in df.columns:
        if col in _LONG_TEXT:
            continue
        if col == "inferred":
            df[col] = df[col].astype(str).str.lower().isin(["true", "1", "yes"])
            continue
        try:
            df[col] = pd.to_numeric(df[col])
        except (ValueError, TypeError):
            pass
    if "sources" not in df:
        names = rows["_source"].map({s: Path(s).name for s in rows["_source"].unique()})
        first = names.groupby(rows["paper_id"], sort=False).unique().map(tuple)
        df["sources"] = rows["paper_id"].map(first)
    if "source_format" not in df:
        df["source_format"] = "authorships"
    return df
