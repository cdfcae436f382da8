"""Reader for RIS files (EndNote, Zotero, Scopus, litstudy exports), through rispy."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..corpus import Corpus
from ..exceptions import MissingDependency, ParseError
from ._common import (
    Aliases,
    PathArg,
    RecordColumns,
    Vetoes,
    as_paths,
    clean,
    institution,
    invert_name,
    make_date,
    parse_year,
    reader_doc,
    records_to_corpus,
)
from ._errors import Reporter, check_errors
from ._tagged import iter_wos, lines, wos_record

__all__ = ["read_ris"]

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|\s*)$")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_RIS_DATE = re.compile(r"(\d{4})(?:/(\d{1,2})?(?:/(\d{1,2}))?)?")


def _rispy():
    try:
        import rispy
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingDependency("rispy", extra="formats") from exc
    return rispy


def _known_tags() -> frozenset[str]:
    return frozenset(_rispy().TAG_KEY_MAPPING) | {"TY", "ER"}


# a damaged tag line: spaces lost or added around the dash ("TY -JOUR", "AU- Smith")
_LOOSE_TAG = re.compile(r"^\s*([A-Z][A-Z0-9])\s{0,4}-\s?(.*)$")
# the structural lines with the dash lost ("TY  JOUR", "ER")
_LOOSE_TY = re.compile(r"^\s*TY\s+([A-Z][A-Z0-9]{1,5})\s*$")
_LOOSE_ER = re.compile(r"^\s*ER\s*-?\s*$")
# a tag alone on its line ("PY"), its dash and value lost to a line break
_BARE_TAG = re.compile(r"^\s*([A-Z][A-Z0-9])\s*$")
# a second field glued to a line whose line break was lost ("AU  - Li, B.\tAU  - Ng, C.")
_GLUED_TAG = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9])  - ")


_TAGS = frozenset(a + b for a in _UPPER for b in _UPPER + "0123456789")


def _tag_of(line: str, known: frozenset[str]) -> tuple[str | None, str, bool]:
    """(tag, value, damaged) of a line; tag None for text (a continuation line)."""
    if line[2:5] == "  -" and line[:2] in _TAGS and (len(line) == 5 or line[5] == " "):
        return line[:2], line[6:].strip(), False  # what _TAG matches, without a regex
    m = _TAG.match(line)
    if m:
        return m.group(1), (m.group(2) or "").strip(), False
    m = _LOOSE_TAG.match(line)
    if m and m.group(1) in known:
        return m.group(1), m.group(2).strip(), True
    m = _LOOSE_TY.match(line)
    if m:
        return "TY", m.group(1), True
    if _LOOSE_ER.match(line):
        return "ER", "", True
    m = _BARE_TAG.match(line)
    if m and m.group(1) in known:
        return m.group(1), "", True
    return None, line, False


def _split_glued(line: str, known: frozenset[str]) -> list[str]:
    """A line holding two fields (a lost line break) as two lines."""
    for m in _GLUED_TAG.finditer(line, 1):
        if m.group(1) in known and line[: m.start()].strip():
            return [line[: m.start()], *_split_glued(line[m.start() :], known)]
    return [line]


def _chunks(path, source: str, rep: Reporter, progress) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line, lines) for each ``TY`` ... ``ER`` record.

    Damaged tag lines (``TY -JOUR``) are read as the tag they name and reported; a
    record left open at the next ``TY`` is closed there (reported); a record whose
    ``TY`` line is lost starts at its first tag line (type ``GEN``, reported); two
    fields on one line are split. Each record is counted with :meth:`Reporter.saw`.
    """
    known = _known_tags()
    current: list[str] | None = None
    start = 0
    outside = False
    tags = _TAGS - {"TY", "ER"}
    for number, whole in lines(path, source, rep, progress, "RIS"):
        if (
            current is not None
            and whole[2:6] == "  - "
            and whole[:2] in tags
            and whole.find("  - ", 3) < 0
        ):
            current.append(whole)  # a field line inside a record: the common case
            continue
        # a glued second field has its "  - " after the third character
        parts = _split_glued(whole, known) if whole.find("  - ", 3) >= 0 else [whole]
        if len(parts) > 1:
            rep.repair(
                f"{len(parts)} fields on one line (a lost line break?); read as {len(parts)} lines",
                source=source,
                line=number,
                record=whole,
                strict=False,
            )
        for line in parts:
            tag, value, damaged = _tag_of(line, known)
            if damaged:
                fixed = f"{tag}  - {value}"
                rep.repair(
                    f"damaged tag line {line.strip()[:40]!r} read as {fixed.strip()!r}",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
                line = fixed
            if current is None:
                if tag is None or tag == "ER":
                    if line.strip() and not outside:
                        outside = True
                        rep.note(
                            "flagged",
                            "text outside RIS records ignored",
                            source=source,
                            line=number,
                            record=line,
                        )
                    continue
                outside = False
                rep.saw(source)
                start = number
                if tag == "TY":
                    current = [line]
                else:
                    rep.repair(
                        f"record starts with {tag} instead of TY; read as type GEN",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                    current = ["TY  - GEN", line]
                continue
            if tag == "TY":
                rep.repair(
                    f"record at line {start} not closed by ER; ended at the next TY "
                    f"(line {number})",
                    source=source,
                    line=start,
                    record=current[0],
                )
                yield start, [*current, "ER  - "]
                rep.saw(source)
                current, start = [line], number
                continue
            current.append(line)
            if tag == "ER":
                yield start, current
                current = None
    if current is not None:
        rep.fail(
            "file ends inside a record (no ER); the records before it were read",
            source=source,
            line=start,
            record=current[0],
            records=1,
        )
    elif not start and outside:
        rep.fail("no RIS record in this file (no 'TY  - ' line)", source=source, line=1)


def _parse_whole(rispy, path, source: str, rep: Reporter, progress):
    """All well-formed records of a file through one rispy parser, and their first lines.

    The records that :func:`_chunks` accepts are streamed into a single
    ``RisParser.parse_lines`` call (rispy's fast path: no text re-joined and re-split per
    record); their first lines are kept in reading order, one per entry. Structural
    problems are reported to a quiet reporter and passed on only when the pass succeeds
    (the caller falls back to one rispy call per record when rispy fails).
    """
    quiet = Reporter("raise" if rep.errors == "raise" else "skip")
    starts: list[int] = []

    def stream():
        for start, chunk in _chunks(path, source, quiet, progress):
            starts.append(start)
            yield from chunk

    entries = rispy.RisParser().parse_lines(stream())
    rep.seen.update(quiet.seen)  # the records counted and skipped on the way
    rep.skipped.update(quiet.skipped)
    for row in quiet.rows:
        rep.rows.append(row)
        if row[2] in ("skipped", "repaired"):
            rep._warn(row[0], row[1], row[3])
    return entries, starts


def _first(entry: dict, *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value if v)
        value = clean(value)
        if value:
            return value
    return None


_VENUE_KEYS = (
    "secondary_title",
    "journal_name",
    "alternate_title3",
    "alternate_title2",
    "alternate_title1",
    "publisher",
)


def _ris_add(cols: RecordColumns, entry: dict, start: int, source: str) -> None:
    """Append one rispy entry to the columns."""
    row = len(cols.line)
    for key in ("authors", "first_authors"):
        for n in entry.get(key) or ():
            if isinstance(n, str) and n.strip():
                cols.a_row.append(row)
                cols.a_name.append(invert_name(n))
                cols.a_key.append(None)
                cols.a_aff.append(None)
    notes: list[str] = []
    year = parse_year(_first(entry, "year", "publication_year", "date"), notes)
    date, precision = make_date(year)
    for key in ("date", "publication_year", "year"):
        m = _RIS_DATE.match(str(entry.get(key) or "").strip())
        if m and m.group(2):
            date, precision = make_date(int(m.group(1)), m.group(2), m.group(3), notes)
            break
    addresses = entry.get("author_address") or []
    if isinstance(addresses, str):
        addresses = [addresses]
    labs = tuple(
        dict.fromkeys(i for a in addresses if isinstance(a, str) and (i := institution(a)))
    )
    keywords = tuple(
        k.strip() for k in entry.get("keywords") or [] if isinstance(k, str) and k.strip()
    )
    cols.add(
        source,
        start,
        title=_first(entry, "title", "primary_title", "short_title", "translated_title") or "",
        year=year,
        date=date,
        date_precision=precision,
        doi=_first(entry, "doi"),
        venue=_first(entry, *_VENUE_KEYS),
        keywords=keywords,
        abstract=_first(entry, "abstract", "notes_abstract"),
        labs=labs,
        extra={"document_type": _first(entry, "type_of_reference")},
        notes=notes,
    )


@reader_doc
def read_ris(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
) -> Corpus:  # fmt: skip
    """Read RIS files (``TY  -`` ... ``ER  -``) with rispy's tag mapping.

    Authors come from ``AU`` and ``A1`` in order (``"Pierrot, A."`` printed as
    ``"A. Pierrot"``); editors (``A2``) are not authors. ``PY``/``Y1``/``DA`` give
    the date, ``DO`` the DOI, ``T2``/``JO``/``JF`` the venue, ``KW`` the keywords and
    ``AD`` addresses the labs. Text outside records (export headers) is ignored with
    a load-report row. A Web of Science tagged file saved as ``.ris`` is recognised
    and read by :func:`graphlib_papers.read_wos`.

    Parameters
    ----------
    path : path-like, list of paths or directory
    {common_parameters}

    Returns
    -------
    Corpus
        Extra paper columns ``doi``, ``venue``, ``keywords``, ``document_type``,
        ``source_format`` (``"ris"``).

    Raises
    ------
    ParseError
        Under ``errors="raise"``, for a record not closed by ``ER``, a file cut off
        inside a record, a file with no record, an empty file, or bytes that are not
        UTF-8.
    MissingDependency
        When rispy is not installed (``pip install 'graphlib-papers[formats]'``).

    Notes
    -----
    rispy maps each record's tags; the file is split into ``TY``...``ER`` records
    first, so a broken record is reported with its line and the others are read.
    Damaged tag lines (``TY -JOUR``, ``TY  JOUR``), a record left open at the next
    ``TY``, a record whose ``TY`` line is lost and two fields on one line are read
    and reported as ``repaired``.

    References
    ----------
    .. [1] Research Information Systems, "RIS format specifications" (2011),
       https://web.archive.org/web/20120526103719/http://refman.com/support/risformat_intro.asp

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("TY  - JOUR\\nTI  - FORC signatures\\nPY  - 2020\\nDO  - 10.1063/5.0020407\\n"
    ...         "AU  - Pierrot, A.\\nAU  - Béron, F.\\nER  - \\n")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.ris"
    >>> _ = path.write_text(text, encoding="utf-8")
    >>> read_ris(path).authorships["printed_name"].tolist()
    ['A. Pierrot', 'F. Béron']
    """
    rispy = _rispy()
    rep = Reporter(check_errors(errors), counted=True)
    records = RecordColumns()
    for p in as_paths(path, (".ris", ".txt")):
        source = str(p)
        with open(p, "rb") as fh:
            head = fh.read(4096).lstrip(b"\xef\xbb\xbf \r\n\t")
        if head.startswith((b"FN ", b"PT ")):
            rep.note("format", "Web of Science tagged file; read as WoS", source=source, line=1)
            for start, fields, _ in iter_wos(p, source, rep, progress):
                records.add_record(wos_record(start, fields, source, rep))
            continue
        n_rows = len(rep.rows)
        try:
            entries, starts = _parse_whole(rispy, p, source, rep, progress)
        except ParseError:
            raise
        except Exception:  # rispy failed on some record: read record by record
            entries = starts = None
        if entries is not None and len(entries) == len(starts):
            for entry, start in zip(entries, starts, strict=True):
                _ris_add(records, entry, start, source)
            entries.clear()  # rispy's dicts are not needed once the records are made
            continue
        del rep.rows[n_rows:]
        for start, chunk in _chunks(p, source, rep, progress):
            try:
                entries = rispy.loads("\n".join(chunk) + "\n")
            except Exception as exc:  # rispy raises IOError/ValueError on bad records
                rep.fail(
                    f"rispy could not read the record: {exc}",
                    source=source,
                    line=start,
                    record=chunk[0],
                    records=1,
                )
                continue
            if not entries:
                rep.fail(
                    "rispy found no record here", source=source, line=start, record=chunk[0],
                    records=1,
                )
            for entry in entries:
                _ris_add(records, entry, start, source)
    return records_to_corpus(
        records, rep, source_format="ris", aliases=aliases, vetoes=vetoes, merge_names=merge_names,
        disambiguate=disambiguate,
    )
