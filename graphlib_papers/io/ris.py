"""Reader for RIS files (EndNote, Zotero, Scopus, litstudy exports), through rispy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._keys import doi_in_link, normalize_doi
from .._memory import without_cycle_collector
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
    invert_names,
    make_date,
    parse_year,
    reader_doc,
    records_to_corpus,
    utf8_file,
)
from ._errors import Reporter, check_errors
from ._tagged import (
    Chunk,
    TextLines,
    TextMemo,
    Units,
    clean_all,
    cut_after,
    dates_of,
    distinct_by_record,
    filled,
    first_positions,
    found_at,
    iter_wos,
    lines,
    numbered,
    owners,
    per_distinct,
    read_in_chunks,
    record_numbers,
    shared,
    tag_code,
    tuples_by_record,
    units,
    wos_record,
)

__all__ = ["read_ris"]

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|\s*)$")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_RIS_DATE = re.compile(r"(\d{4})(?:/(\d{1,2})?(?:/(\d{1,2}))?)?")
# the dates exporters write in DA / Y1 other than RIS's "YYYY/MM/DD/": Web of Science
# "2020 FEB 19", "2014 JUN"; ISO "2010-12-05"; IEEE "Dec. 2010", "December 5, 2010"
_TEXT_DATE = re.compile(
    r"(?P<y>\d{4})(?:[ -](?P<m>[A-Za-z]{3,9}|\d{1,2})\.?(?:[ -](?P<d>\d{1,2})\b)?)?"
    r"|(?P<m2>[A-Za-z]{3,9})\.? +(?:(?P<d2>\d{1,2}),? +)?(?P<y2>\d{4})"
)


def _date_parts(text: str) -> tuple[int, str, str | None] | None:
    """(year, month, day) of a DA / Y1 / PY value that gives a month, else None.

    Examples
    --------
    >>> _date_parts("2012/10//"), _date_parts("2020 FEB 19"), _date_parts("Dec. 2010")
    ((2012, '10', None), (2020, 'FEB', '19'), (2010, 'Dec', None))
    >>> _date_parts("2010-12-05"), _date_parts("2014"), _date_parts("December 5, 2010")
    ((2010, '12', '05'), None, (2010, 'December', '5'))
    """
    text = text.strip()
    m = _RIS_DATE.match(text)
    if m and m.group(2):
        return int(m.group(1)), m.group(2), m.group(3)
    m = _TEXT_DATE.match(text)
    if m is None:
        return None
    if m.group("y"):
        return (int(m.group("y")), m.group("m"), m.group("d")) if m.group("m") else None
    return int(m.group("y2")), m.group("m2"), m.group("d2")


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
# the same in a file that writes its tag lines "AU - " (one space before the dash),
# looked for only on lines of fields whose values are names, numbers or identifiers
# (a title or an abstract may well say "CT - based" or "in AD - a")
_GLUED_LOOSE = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]) - ")
_SHORT_FIELDS = frozenset({
    "TY", "ER", "AU", "A1", "A2", "A3", "A4", "ED", "PY", "Y1", "DA", "VL", "IS", "SP",
    "EP", "SN", "DO", "UR", "ID", "LA", "M1", "M3", "DB", "DP", "AN", "ET", "CN", "L1", "L2",
})


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


_SHOWN_SHAPES = 3  # damaged tag lines of one shape reported one by one in a file
_SHAPE = re.compile(r"\s*[A-Z][A-Z0-9]([ \t]*-?[ \t]?)")


def _shape(line: str) -> str:
    """The shape of a damaged tag line: its tag as ``XX`` and what separates it from
    the value (``"XX - "``, ``"XX-"``).

    Examples
    --------
    >>> _shape("TY - JOUR"), _shape("AU- Smith"), _shape("ER")
    ('XX - ', 'XX- ', 'XX')
    """
    m = _SHAPE.match(line)
    return "XX" + m.group(1) if m else line.strip()[:6]


def _split_glued(line: str, known: frozenset[str], loose: bool = False) -> list[str]:
    """A line holding two fields (a lost line break) as two lines; with `loose`, for a
    file whose tag lines are written ``"AU - "``, a field glued on in that form too.

    Examples
    --------
    >>> known = frozenset({"AU", "TI"})
    >>> _split_glued("AU  - Li, B. AU  - Ng, C.", known)
    ['AU  - Li, B. ', 'AU  - Ng, C.']
    >>> line = "AU - Li, B. AU - Ng, C."
    >>> _split_glued(line, known), _split_glued(line, known, loose=True)
    (['AU - Li, B. AU - Ng, C.'], ['AU - Li, B. ', 'AU - Ng, C.'])
    """
    glued = _GLUED_LOOSE if loose else _GLUED_TAG
    for m in glued.finditer(line, 1):
        if m.group(1) in known and line[: m.start()].strip():
            return [line[: m.start()], *_split_glued(line[m.start() :], known, loose)]
    return [line]


def _chunks(path, source: str, rep: Reporter, progress) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line, lines) for each ``TY`` ... ``ER`` record.

    Damaged tag lines (``TY -JOUR``) are read as the tag they name and reported; a
    record left open at the next ``TY`` is closed there (reported); a record whose
    ``TY`` line is lost starts at its first tag line (type ``GEN``, reported); two
    fields on one line are split. Each record is counted with :meth:`Reporter.saw`.
    """
    # one pass over the lines, its state (open record, text outside records) in locals:
    # split into steps, that state would be handed back and forth on every line
    known = _known_tags()
    current: list[str] | None = None
    start = 0
    outside = False
    shapes: dict[str, int] = {}  # damaged tag lines by their shape ("XX - "), and the line
    first_more: dict[str, int] = {}  # of the first one not reported on its own
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
        # a glued second field has its "  - " after the third character (" - " in a
        # file written "XX - ")
        if whole.find("  - ", 3) >= 0:
            parts = _split_glued(whole, known)
        elif shapes.get("XX - ") and whole[:2] in _SHORT_FIELDS and whole.find(" - ", 3) >= 0:
            parts = _split_glued(whole, known, loose=True)
        else:
            parts = [whole]
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
                shape = _shape(line)
                seen = shapes[shape] = shapes.get(shape, 0) + 1
                if seen <= _SHOWN_SHAPES:  # a file written so throughout: a few rows, then a count
                    rep.repair(
                        f"damaged tag line {line.strip()[:40]!r} read as {fixed.strip()[:60]!r}",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                elif seen == _SHOWN_SHAPES + 1:
                    first_more[shape] = number
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
    for shape, line in first_more.items():
        rep.repair(
            f"{shapes[shape] - _SHOWN_SHAPES} more tag lines written {shape!r} (as the "
            f"{_SHOWN_SHAPES} reported before) read as {'XX  - '!r}, from this line on",
            source=source,
            line=line,
            strict=False,
        )
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

    entries = _parser_class()().parse_lines(stream())
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


_VENUE_KEYS = (  # T2, then JF (the journal's name in full) before JO, which many
    "secondary_title",  # exporters (Embase, PubMed) fill with the abbreviation, then JA,
    "alternate_title3",  # J2, PB
    "journal_name",
    "alternate_title2",
    "alternate_title1",
    "publisher",
)


@lru_cache(maxsize=1)
def _parser_class():
    """rispy's parser, keeping every AD line of a record (each line with its
    continuation lines one address) where rispy keeps the first."""
    rispy = _rispy()

    class _Parser(rispy.RisParser):
        def _add_single_value(self, record, name, value, is_multi=False):
            if name != "author_address" or not isinstance(value, str):
                return super()._add_single_value(record, name, value, is_multi)
            addresses = record.setdefault(name, [])
            if is_multi and addresses:
                addresses[-1] = f"{addresses[-1]} {value}"
            else:
                addresses.append(value)
            return None

    return _Parser


def _ris_add(cols: RecordColumns, entry: dict, start: int, source: str) -> None:
    """Append one rispy entry to the columns."""
    row = len(cols.line)
    notes: list[str] = []
    for key in ("authors", "first_authors"):
        for n in entry.get(key) or ():
            if isinstance(n, str) and n.strip():
                parts = _joined_authors(n)
                if parts is not None:
                    notes.append(_joined_note(n, len(parts)))
                for part in parts or (n,):
                    cols.a_row.append(row)
                    cols.a_name.append(invert_name(part))
                    cols.a_key.append(None)
                    cols.a_aff.append(None)
    year = parse_year(_first(entry, "year", "publication_year", "date"), notes)
    date, precision = make_date(year)
    for key in ("date", "publication_year", "year"):
        found = _date_parts(str(entry.get(key) or ""))
        if found is not None:
            date, precision = make_date(*found, notes)
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
        doi=_first(entry, "doi") or _doi_elsewhere(
            entry.get("type_of_work"), " ".join(u for u in entry.get("urls") or ()
                                                if isinstance(u, str))),
        venue=_first(entry, *_VENUE_KEYS),
        keywords=keywords,
        abstract=_first(entry, "abstract", "notes_abstract"),
        labs=labs,
        extra={"document_type": _first(entry, "type_of_reference")},
        notes=notes,
    )


# ---------------------------------------------------------------------------
# the whole file at once, with rispy's tag mapping
# ---------------------------------------------------------------------------
_SPACE_B, _DASH = 32, 45
_TY, _ER, _UK, _AD = tag_code("TY"), tag_code("ER"), tag_code("UK"), tag_code("AD")


def _ris_text_line(line: str, known: frozenset[str]) -> bool:
    """True when `line` is text (a continuation line) for :func:`_chunks` and rispy
    alike: no damaged tag, no glued second field, no tag rispy would see."""
    if len(_split_glued(line, known)) > 1 or _tag_of(line, known)[0] is not None:
        return False
    return not (line[2:5] == "  -" and line[:2].isupper() and line[0:1].isalpha())


def _layout(t: TextLines, known: frozenset[str]):
    """(owner, record, first line of each record) of a RIS file (or of a block of
    whole records of it) in the plain layout: ``TY  - `` ... ``ER  - `` records of
    tag lines and text lines (rispy's continuation lines), blank lines between
    records only. None for anything else
    (read by :func:`_chunks` and rispy record by record, which report what they find)."""
    s, e = t.start, t.end
    blank = t.lo == t.hi
    b = [t.byte(s + i) for i in range(6)]
    tagline = ~blank & (b[2] == _SPACE_B) & (b[3] == _SPACE_B) & (b[4] == _DASH)
    tagline &= _TAG_FIRST[b[0]] & _TAG_SECOND[b[1]] & ((e - s == 5) | (b[5] == _SPACE_B))
    special = ~blank & ~tagline
    # a "  - " elsewhere than after a line's tag may be a second field glued on: such
    # lines are looked at below. Counted first (one pass at C speed): an occurrence
    # after a tag is never hidden by an overlapping one, so equal counts mean none
    at_tag = (b[2] == _SPACE_B) & (b[3] == _SPACE_B) & (b[4] == _DASH) & (b[5] == _SPACE_B)
    if t.raw.count(b"  - ") != int(np.count_nonzero(at_tag & ~blank)):
        glued = found_at(t, b"  - ")
        line_of = np.searchsorted(s, glued, side="right") - 1
        special[line_of[glued != s[line_of] + 2]] = True
    for k in np.flatnonzero(special).tolist():
        line = t.raw[s[k] : e[k]].decode("utf-8")
        if tagline[k]:
            if len(_split_glued(line, known)) > 1:
                return None
        elif not _ris_text_line(line, known):
            return None
    ti = np.flatnonzero(tagline)
    ttag = t.tag[ti]
    if not len(ti):  # a block of blank lines only (the end of a file after its last ER)
        return None if (~blank).any() else (np.full(len(t), -1), np.full(len(t), -1), ti)
    if (ttag == _UK).any():
        return None
    ty = ttag == _TY
    numbers = record_numbers(ty, ttag == _ER)
    if numbers is None:
        return None
    owner = owners(t, tagline)
    # text and blank lines: text only inside a record after a field (not after TY:
    # rispy would add it to the field of the record before), blank lines outside
    own = owner[~tagline]
    own_tag = np.where(own >= 0, t.tag[np.maximum(own, 0)], -1)
    text = ~blank[~tagline]
    if ((text & ((own < 0) | (own_tag == _TY) | (own_tag == _ER))).any()
            or (~text & (own >= 0) & (own_tag != _ER)).any()):
        return None
    record = np.full(len(t), -1, dtype=np.int64)
    record[ti] = numbers
    return owner, record, ti[ty]


_TAG_FIRST = np.zeros(256, dtype=bool)
_TAG_FIRST[65:91] = True
_TAG_SECOND = _TAG_FIRST.copy()
_TAG_SECOND[48:58] = True

_LIST_KEYS = ("authors", "first_authors", "keywords")
_SINGLE_KEYS = (
    "type_of_reference", "year", "publication_year", "date", "author_address", "title",
    "primary_title", "short_title", "translated_title", "doi", *_VENUE_KEYS, "abstract",
    "notes_abstract", "type_of_work", "urls",
)  # fmt: skip


def _doi_elsewhere(m3: Any, urls: Any) -> str | None:
    """A DOI written where RIS has no place for it: in ``M3`` (older EndNote and
    ScienceDirect exports) or only as a link in ``UR`` (Mendeley); None otherwise.

    Examples
    --------
    >>> _doi_elsewhere("10.1016/0166-2236(95)93921-J", None)
    '10.1016/0166-2236(95)93921-j'
    >>> _doi_elsewhere("Journal Article", "http://dx.doi.org/10.1073/pnas.88.16.7160")
    '10.1073/pnas.88.16.7160'
    >>> _doi_elsewhere(None, "https://example.org/10.1000/not-a-doi-link") is None
    True
    """
    if isinstance(m3, str) and (doi := normalize_doi(m3)) and m3.strip().lower().startswith(
        ("10.", "doi", "https://doi", "http://doi", "http://dx.doi", "https://dx.doi")
    ):
        return doi
    return doi_in_link(urls)


def _columns(chunk: Chunk, source: str, rep: Reporter) -> dict | None:
    """The records of a block of a RIS file in the plain layout (:func:`_layout`) as
    the arguments of :meth:`RecordColumns.extend`, with rispy's tag mapping and its
    rules (a list tag's lines and continuation lines are its items; a single tag
    keeps its first line, continuation lines joined on), and the meaning
    :func:`_ris_add` gives each key. None for a block not in that layout (see
    :func:`graphlib_papers.io._tagged.read_in_chunks`)."""
    rispy = _rispy()
    t = chunk.lines
    layout = _layout(t, _known_tags())
    if layout is None:
        return None
    owner, record, heads = layout
    n = len(heads)
    if not n:
        return {}
    tag_of = {v: k for k, v in rispy.TAG_KEY_MAPPING.items()}
    listed = set(rispy.LIST_TYPE_TAGS)
    wanted = {tag_code(tag_of[k]): tag_of[k] not in listed for k in _LIST_KEYS + _SINGLE_KEYS}
    # a single tag keeps its first line; a later line's continuation lines join it
    # (AD is read as rispy reads a single tag, except that each AD line is an address of
    # its own: rispy keeps only a record's first, which loses the labs of the others)
    single = [code for code, joins in wanted.items() if joins and code != _AD]
    is_single = np.isin(t.tag, single) & (record >= 0)
    at = np.flatnonzero(is_single)
    again = pd.DataFrame({"r": record[at], "tag": t.tag[at]}).duplicated().to_numpy()
    drop = np.zeros(len(t), dtype=bool)
    drop[at[again]] = True
    u = units(t, owner, record, t.tag, wanted, t.start + 6, drop=drop)
    t.release()
    rep.saw(source, n)
    memo = chunk.state.setdefault(
        "memo", {"names": TextMemo(), "dates": {}, "labs": {}, "venue": {}})
    found = {k: u.joined_at(tag_of[k], n, None) for k in _SINGLE_KEYS if k != "author_address"}
    has = {k: at for k, (at, _) in found.items()}  # the records with each key
    value = {k: v for k, (_, v) in found.items()}
    a_row, names, author_notes = _columns_authors(u, n, tag_of, memo["names"])
    years = _first_of(value, ("year", "publication_year", "date"), has)
    parts = list(zip(years, value["date"], value["publication_year"], value["year"], strict=True))
    year, date, precision, notes = dates_of(per_distinct(parts, _ris_date, memo["dates"]))
    return {
        "line": (heads + 1 + chunk.line0).tolist(),
        "fields": {
            "title": [x or "" for x in _first_of(value, ("title", "primary_title", "short_title",
                                                         "translated_title"), has)],
            "year": year,
            "date": date,
            "date_precision": precision,
            "doi": _dois(value, has),
            "venue": shared(_first_of(value, _VENUE_KEYS, has), memo["venue"]),
            "keywords": _keywords(u, n, tag_of),
            "abstract": _first_of(value, ("abstract", "notes_abstract"), has),
            "labs": _address_labs(u, n, tag_of, memo["labs"]),
        },
        "authors": {"a_row": a_row, "a_name": names},
        "extra": {
            "document_type": shared(_first_of(value, ("type_of_reference",), has), memo["venue"]),
        },
        "notes": sorted(notes + author_notes, key=lambda x: x[0]) if author_notes else notes,
        # cleaned by _first_of, labs made distinct by _address_labs
        "final": ("title", "abstract", "venue", "labs", "keywords"),
    }


def _dois(value: dict[str, np.ndarray], has: dict[str, np.ndarray]) -> list:
    """The DOI of each record: ``DO``, else one in ``M3`` or a ``UR`` link
    (:func:`_doi_elsewhere`)."""
    dois = _first_of(value, ("doi",), has)
    other = np.union1d(has["type_of_work"], has["urls"])
    for i in other.tolist():
        if dois[i] is None:
            dois[i] = _doi_elsewhere(value["type_of_work"][i], value["urls"][i])
    return dois


def _first_of(value: dict[str, np.ndarray], keys: tuple[str, ...],
              has: dict[str, np.ndarray]) -> list:
    """:func:`_first` of each record: the first of `keys` with a non-empty value
    (`has`: the records that have each key)."""
    out = np.full(len(next(iter(value.values()))), None, dtype=object)
    for key in reversed(keys):
        at = has[key]
        if not len(at):
            continue
        cleaned = clean_all(value[key][at])
        keep = np.fromiter((x is not None for x in cleaned), dtype=bool, count=len(cleaned))
        out[at[keep]] = np.array(cleaned + [None], dtype=object)[:-1][keep]
    return out.tolist()


def _ris_date(parts: tuple):
    """(year, date, precision, notes) from the year text and the DA, Y1, PY values."""
    first, da, y1, py = parts
    notes: list[str] = []
    year = parse_year(first, notes)
    date, precision = make_date(year)
    for raw in (da, y1, py):
        found = _date_parts(raw or "")
        if found is not None:
            date, precision = make_date(*found, notes)
            break
    return year, date, precision, tuple(notes)


def _address_labs(u: Units, n: int, tag_of: dict[str, str], memo: dict) -> list[tuple]:
    """The institutions of each record's AD lines (each line with its continuation
    lines one address), in order, each once."""
    rec, text = u.of_arrow(tag_of["author_address"])
    if not len(rec):
        return [()] * n
    codes, distinct = numbered(text)
    found = per_distinct(distinct, _labs, memo)
    # the institution of each distinct address (None for none), numbered
    inst = np.array([t[0] if t else None for t in found.tolist()] + [None], dtype=object)[:-1]
    inst_code, _ = pd.factorize(inst)  # None: -1
    code = inst_code[codes]
    named = np.flatnonzero(code >= 0)
    rec, code = rec[named], code[named]
    first = first_positions(rec.astype(np.int64) * (int(inst_code.max(initial=0)) + 1) + code)
    return tuples_by_record(rec[first], inst[codes[named][first]].tolist(), n)


def _labs(address: str | None) -> tuple[str, ...]:
    if not address:
        return ()
    inst = institution(address)
    return (inst,) if inst else ()


def _columns_authors(u: Units, n: int, tag_of: dict[str, str], memo: TextMemo):
    """(record, printed name) of each author: a record's ``authors`` then its
    ``first_authors``, as :func:`_ris_add` takes them; and the notes (record,
    sentence) on author lines that held several names (:func:`_joined_authors`)."""
    rows, names, rank = [], [], []
    for k, key in enumerate(("authors", "first_authors")):
        rec, text = u.of_arrow(tag_of[key])
        keep = filled(text)
        rows.append(rec[keep])
        names.append(text.filter(keep))
        rank.append(np.full(int(keep.sum()), k))
    rec, rank_ = np.concatenate(rows), np.concatenate(rank)
    order = np.lexsort((rank_, rec))
    rec = rec[order]
    printed = pa.concat_arrays(names).take(order)
    joined = {}
    if pc.any(pc.match_substring(printed, ";")).as_py():  # the rare case looked into
        codes, distinct = numbered(printed)
        joined = {i: parts for i, u_ in enumerate(distinct) if (parts := _joined_authors(u_))}
    notes: list[tuple[int, str]] = []
    if joined:  # rare: one row per name, in order
        text = np.array(distinct + [None], dtype=object)[:-1][codes]
        where = np.flatnonzero(np.isin(codes, list(joined)))
        notes = [(int(rec[j]), _joined_note(text[j], len(joined[codes[j]]))) for j in where]
        count = np.ones(len(text), dtype=np.int64)
        count[where] = [len(joined[c]) for c in codes[where]]
        parts = [
            joined[c] if c in joined else (t,)
            for c, t in zip(codes.tolist(), text, strict=True)
        ]
        rec = np.repeat(rec, count)
        text = np.array([x for p in parts for x in p] + [None], dtype=object)[:-1]
        return rec, per_distinct(text, invert_names, memo, batch=True), notes
    # each distinct name inverted once (`codes` number them already)
    entries = memo.lookup(printed, invert_names, batch=True)  # (it may grow the results)
    return rec, memo.results[entries], notes


def _joined_authors(text: str) -> list[str] | None:
    """The names of an author line that holds several, separated by semicolons
    (``"Elliot, T; Almenar, JB"``, as some exporters write them); None for a line with
    one name.

    Examples
    --------
    >>> _joined_authors("Elliot, T; Almenar, JB; Rugani, B")
    ['Elliot, T', 'Almenar, JB', 'Rugani, B']
    >>> _joined_authors("Elliot, T") is None, _joined_authors("Elliot, T;") is None
    (True, True)
    """
    if ";" not in text:
        return None
    parts = [p.strip() for p in text.split(";")]
    parts = [p for p in parts if p]
    return parts if len(parts) > 1 else None


def _joined_note(text: str, n: int) -> str:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return f"author line {shown!r} holds {n} names separated by ';'; read as {n} authors"


def _keywords(u: Units, n: int, tag_of: dict[str, str]) -> list[tuple]:
    return distinct_by_record(*u.of_arrow(tag_of["keywords"]), n)


@reader_doc
@without_cycle_collector
def read_ris(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
    workers: int | None = 1,
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
    {workers_parameter}

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
    for path_ in as_paths(path, (".ris", ".txt")):
        source = str(path_)
        with utf8_file(path_, source, rep) as p:
            with open(p, "rb") as fh:
                head = fh.read(4096).lstrip(b"\xef\xbb\xbf \r\n\t")
            if head.startswith((b"FN ", b"PT ")):
                rep.note("format", "Web of Science tagged file; read as WoS", source=source, line=1)
                for start, fields, _ in iter_wos(p, source, rep, progress):
                    records.add_record(wos_record(start, fields, source, rep))
                continue
            if read_in_chunks(p, source, rep, progress, "RIS", cut_after(b"ER  -"),
                              lambda chunk, quiet, s=source: _columns(chunk, s, quiet), records,
                              workers):
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
                    entries = rispy.loads("\n".join(chunk) + "\n", implementation=_parser_class())
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
        cycles=False,  # (arrays, strings and rispy's dicts: no reference cycles)
    )
