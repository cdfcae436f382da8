"""Reader for OpenAlex works: API responses, JSON lists, JSON lines (the snapshot)."""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import msgspec

from .._memory import without_cycle_collector
from ..corpus import Corpus
from ._common import (
    Record,
    RecordColumns,
    as_paths,
    clean,
    iso_date,
    progress_bar,
    reader_doc,
    records_to_corpus,
    strip_markup,
    utf8_file,
)
from ._errors import Reporter, check_errors
from ._pool import ordered_map, pool_size
from ._tagged import file_blocks, numbered_blocks, pass_on

__all__ = ["read_openalex"]


try:  # orjson parses a line several times faster; json decides whatever orjson refuses
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is in the "formats" extra
    _orjson = None


class _Huge:
    """An integer too long for Python to convert (over 4,300 digits): kept as its
    length only, so the field holding it is reported as wrong-typed, not the work lost."""

    def __init__(self, digits: str):
        self.digits = len(digits.lstrip("-"))


def _bounded_int(digits: str) -> int | _Huge:
    return int(digits) if len(digits) <= 4000 else _Huge(digits)


def _load_line(raw: bytes) -> Any:
    """One JSON value from a line: orjson when it accepts the line, else :func:`json.loads`
    (NaN, lone surrogates, UTF-16, ... and every error message come from json)."""
    if _orjson is not None:
        try:
            return _orjson.loads(raw)
        except _orjson.JSONDecodeError:
            pass
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError:  # an integer past Python's digit limit: the rest of the work is read
        return json.loads(raw, parse_int=_bounded_int)


def _short(url: Any) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    return url.rstrip("/").rsplit("/", 1)[-1]


def _abstract(index: Any) -> str | None:
    """Rebuild an abstract from OpenAlex's inverted index ``{word: [positions]}``.

    Examples
    --------
    >>> _abstract({"to": [0, 4], "be": [1, 5], "or": [2], "not": [3]})
    'to be or not to be'
    >>> _abstract({"to": [0], "be": [1, 5], "or": [2], "x": "3"})
    'to be or … be'
    """
    if not isinstance(index, dict) or not index:
        return None
    if {*map(type, index.values())} == {list}:  # the usual index: positions 0 to n - 1
        try:
            slots = {pos: word for word, positions in index.items() for pos in positions}
            n = len(slots)
            if 0 < n <= 100_000 and {*map(type, slots)} == {int}:
                # n distinct integers, each of 0 to n - 1 among them (or KeyError)
                return " ".join(map(slots.__getitem__, range(n))) or None
        except (TypeError, KeyError):  # an unhashable position, a word that is not a
            pass  # string, a position missing
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            for pos in positions:
                if isinstance(pos, int) and 0 <= pos < 100_000:
                    slots[pos] = str(word)
    words, expected = [], 0
    for pos in sorted(slots):
        if pos != expected:
            words.append("…")  # the index skips positions: mark the gap, invent nothing
        words.append(slots[pos])
        expected = pos + 1
    return " ".join(words) or None


def _rebuilt(index: dict[str, list[int]] | None) -> str | None:
    """:func:`_abstract` of an index whose positions are known to be integers >= 0 (as
    :class:`_Work` decodes them), each word placed in a list of slots.

    Examples
    --------
    >>> _rebuilt({"to": [0, 4], "be": [1, 5], "or": [2], "not": [3]})
    'to be or not to be'
    >>> _rebuilt({"a": [0], "b": [2]})  # a gap: as _abstract shows it
    'a … b'
    """
    if not index:
        return None
    n = sum(map(len, index.values()))
    if 0 < n <= 100_000:
        words: list[str | None] = [None] * n
        try:
            for word, positions in index.items():
                for pos in positions:
                    words[pos] = word
        except IndexError:  # a position past n - 1, so one missing
            pass
        else:
            if None not in words:  # each position once
                return " ".join(words) or None
    return _abstract(index)


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


class _Fields:
    """Typed access to one work's fields: a value of the wrong JSON type (an object
    where a title belongs) is never turned into text; it is left out and named, with
    the record's position, in one ``repaired`` row of the load report."""

    def __init__(self, source: str, line: int | None, where: str, rep: Reporter):
        self.source, self.line, self.where, self.rep = source, line, where, rep
        self.wrong: list[str] = []

    def text(self, value: Any, field: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return clean(value)
        self.wrong.append(f"{field} is a JSON {_json_type(value)}")
        return None

    def items(self, value: Any, field: str, kind: type = dict) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong.append(f"{field} is a JSON {_json_type(value)}, not a list")
            return []
        good = [v for v in value if isinstance(v, kind)]
        if len(good) < len(value):
            bad = next(v for v in value if not isinstance(v, kind))
            self.wrong.append(f"{field} holds a JSON {_json_type(bad)}")
        return good

    def report(self, record: str) -> None:
        if self.wrong:
            self.rep.repair(
                f"{self.where}wrong-typed field(s) left out: {'; '.join(self.wrong[:5])}"
                + ("; ..." if len(self.wrong) > 5 else ""),
                source=self.source,
                line=self.line,
                record=record,
                strict=False,
            )


def _json_type(value: Any) -> str:
    if isinstance(value, _Huge):
        return f"number of {value.digits} digits"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, int | float) else "null"
    )


class _Cleaned(dict):
    """:func:`clean` of each distinct string, computed once: ``cleaned[s]``."""

    def __missing__(self, key: str) -> str | None:
        value = self[key] = clean(key)
        return value


class _Dates(dict):
    """:func:`iso_date` of each distinct date string, computed once."""

    def __missing__(self, key: str) -> tuple:
        value = self[key] = iso_date(clean(key))
        return value


def _work(
    obj: Any,
    source: str,
    line: int | None,
    rep: Reporter,
    index: int | None,
    cols: RecordColumns,
    seen: tuple[_Cleaned, _Dates, _Keys],
) -> bool:
    """Append one work to `cols`: a well-formed work by :func:`_plain_work` (True:
    its fields :data:`_FINAL` in final form), anything else (a wrong-typed field, an
    unnamed author, not a work) by :func:`_checked_work`, which reports it (False)."""
    if type(obj) is _Line:
        if _typed_work(obj.work, source, line, cols, *seen):
            return True
        obj = _load_line(obj.raw)  # the checked reading of the line
    else:
        obj, lone = _without_surrogates(obj)
        if lone:
            rep.repair(
                f"{f'record {index}: ' if index is not None else ''}{lone} lone surrogate "
                "escape(s) (\\ud800-\\udfff, not characters) replaced by U+FFFD",
                source=source,
                line=line,
                record=str(_short(obj.get("id")) if isinstance(obj, dict) else obj)[:200],
                strict=False,
            )
        if _plain_work(obj, source, line, cols, *seen):
            return True
    rec = _checked_work(obj, source, line, rep, index)
    if rec is not None:
        cols.add_record(rec)
    return False


#: the fields :func:`_typed_work` hands over final (see ``RecordColumns.final``)
_FINAL = frozenset({"title", "abstract", "venue", "labs", "keywords"})


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> tuple[Any, int]:
    """`value` with each lone surrogate in its strings replaced by U+FFFD, and how many
    there were. The standard library decodes a JSON escape such as ``"\\ud800"`` that
    stands alone into a string no text column can hold (it is not a character).

    Examples
    --------
    >>> _without_surrogates({"title": f"A {chr(0xD800)} B", "x": [chr(0xDC00), 1]})
    ({'title': 'A \ufffd B', 'x': ['\ufffd', 1]}, 2)
    >>> _without_surrogates({"title": "A B"})
    ({'title': 'A B'}, 0)
    """
    if _orjson is not None:
        try:
            _orjson.dumps(value)  # refuses lone surrogates, at C speed
            return value, 0
        except TypeError:  # (orjson.JSONEncodeError) a surrogate, or a value orjson
            pass  # does not write: looked at below
    count = 0

    def fix(v: Any) -> Any:
        nonlocal count
        if type(v) is str:
            if v.isprintable() or not (n := len(_SURROGATE.findall(v))):
                return v
            count += n
            return _SURROGATE.sub("\ufffd", v)
        if type(v) is dict:
            return {fix(k): fix(x) for k, x in v.items()}
        if type(v) is list:
            return [fix(x) for x in v]
        return v

    try:
        fixed = fix(value)
    except RecursionError:  # nested past Python's limit: the checked reading reports it
        return value, 0
    return (fixed, count) if count else (value, 0)


def _text(value: Any, cleaned: _Cleaned | None = None) -> str | None:
    """A string field's cleaned text (through `cleaned` for a field whose values
    repeat); raises TypeError for another JSON type."""
    if value is None:
        return None
    if type(value) is not str:
        raise TypeError
    if cleaned is not None:
        return cleaned[value]
    if _is_clean(value):
        return value
    return clean(value)


def _is_clean(text: str) -> bool:
    """True when :func:`clean` would return `text` itself: not empty, printable (so no
    white space but the ASCII space), trimmed, single spaces.

    Examples
    --------
    >>> _is_clean("Ada Byron"), _is_clean("Ada  Byron"), _is_clean("Ada\u00a0Byron"), _is_clean("")
    (True, False, False, False)
    """
    return bool(text) and text.isprintable() and text[0] != " " and text[-1] != " " and (
        "  " not in text
    )


class _Keys(dict):
    """The name-layer key of each distinct OpenAlex author id URL (None for a blank one)."""

    def __missing__(self, url: str) -> str | None:
        aid = _short(url)
        value = self[url] = f"openalex:{aid}" if aid else None
        return value


def _author_key(aid: Any, orcid: Any, keys: _Keys) -> str | None:
    """``openalex:A...`` from the author's id, else ``orcid:...``, else None."""
    key = keys[aid] if type(aid) is str else None
    if key is not None:
        return key
    return f"orcid:{_short(orcid)}" if type(orcid) is str and orcid else None


# The shape of a well-formed work, as msgspec decodes it: a field of another JSON type
# fails the decoding, and the work is read by the checked reading instead. Fields the
# reader never looks at are skipped unread.
#: integers of 64 bits (orjson gives a float past those, which the checked reading calls a
#: wrong type; the rest is left to it), and positions in an abstract's index (>= 0)
_Int = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Position = Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)]


class _Named(msgspec.Struct, gc=False):
    display_name: str | None = None


class _Author(msgspec.Struct, gc=False):
    display_name: str | None = None
    id: str | None = None
    orcid: str | None = None


class _Authorship(msgspec.Struct, gc=False):
    author: _Author
    institutions: list[_Named] | None = None
    raw_affiliation_strings: list[str] | None = None


class _Keyword(msgspec.Struct, gc=False):
    display_name: str | None = None
    keyword: str | None = None  # (the keywords' field before 2024)


class _Location(msgspec.Struct, gc=False):
    source: _Named | None = None


class _Work(msgspec.Struct, gc=False):
    id: str
    authorships: list[_Authorship] | None
    title: str | None = None
    display_name: str | None = None
    publication_year: _Int | None = None
    publication_date: str | None = None
    doi: str | None = None
    type: str | None = None
    is_authors_truncated: Any = None
    primary_location: _Location | None = None
    host_venue: _Named | None = None
    primary_topic: _Named | None = None
    keywords: list[_Keyword] | None = None
    abstract_inverted_index: dict[str, list[_Position]] | None = None


_LINE_DECODER = msgspec.json.Decoder(_Work)


class _Line(NamedTuple):
    """A JSON line decoded into a :class:`_Work`, and the line itself."""

    work: _Work
    raw: bytes


def _decode_work(raw: bytes) -> _Work | None:
    """The well-formed work on a JSON line, or None for anything else (other types,
    invalid JSON or UTF-8 anywhere on the line, not an object): the line is then
    decoded by :func:`_load_line` and read by the checked reading."""
    if not raw.isascii():
        try:
            raw.decode()  # (msgspec does not check the strings it skips)
        except UnicodeDecodeError:
            return None
    try:
        return _LINE_DECODER.decode(raw)
    except (msgspec.MsgspecError, ValueError):
        return None


def _typed_authors(
    authorships: list[_Authorship] | None, cleaned: _Cleaned, author_keys: _Keys
) -> tuple[list, list, list, list] | None:
    """(names, keys, first institutions, all institutions) of a work's authorships;
    None when an author has no name (the checked reading reports it)."""
    names: list[str] = []
    keys: list[str | None] = []
    firsts: list[str | None] = []
    labs: list[str] = []
    if not authorships:
        return names, keys, firsts, labs
    add_name, add_key, add_first, add_lab = names.append, keys.append, firsts.append, labs.append
    for a in authorships:
        author = a.author
        name = author.display_name
        if name is None:
            return None
        if not _is_clean(name):  # a clean name is used as it is, without a look-up
            if not (name := cleaned[name]):
                return None
        add_name(name)
        aid = author.id
        if aid is not None and aid[-1:] != "/" and (k := aid.rpartition("/")[2]) and (
            not aid.isspace()
        ):  # _short(aid), in short: no "/" to strip, not blank
            add_key("openalex:" + k)
        else:
            add_key(_author_key(aid, author.orcid, author_keys))
        found = a.institutions
        if found:
            if len(found) == 1:  # the usual case
                text = found[0].display_name
                if text is not None and (text := cleaned[text]):
                    add_first(text)
                    add_lab(text)
                    continue
                insts: list[str] = []
            else:
                insts = [t for i in found if i.display_name is not None and (
                    t := cleaned[i.display_name])]
        else:
            insts = []
        if not insts and a.raw_affiliation_strings:
            insts = [t for s in a.raw_affiliation_strings if (t := cleaned[s])]
        labs.extend(insts)
        add_first(insts[0] if insts else None)
    return names, keys, firsts, labs


def _typed_work(
    w: _Work, source: str, line: int | None, cols: RecordColumns, cleaned: _Cleaned,
    dates: _Dates, author_keys: _Keys,
) -> bool:
    """Append a work decoded into :class:`_Work`, as :func:`_checked_work` reads it;
    False, with nothing appended, for a work it cannot vouch for (not a ``W`` id, an
    author without a name). Repeated strings (names, institutions, venues, dates) are
    cleaned once each."""
    oid = _short(w.id)
    if not oid or oid[0] not in "Ww":
        return False
    found = _typed_authors(w.authorships, cleaned, author_keys)
    if found is None:
        return False
    names, keys, firsts, labs = found
    title = strip_markup(_text(w.title) or _text(w.display_name))
    year = w.publication_year
    when = w.publication_date
    y2, date, precision = (None, None, None) if when is None else dates[when]
    loc, host = w.primary_location, w.host_venue
    first = loc.source.display_name if loc is not None and loc.source is not None else None
    other = host.display_name if host is not None else None
    venue = _text(first, cleaned) or _text(other, cleaned)
    keywords = tuple(dict.fromkeys(t for k in w.keywords if (
        name := k.display_name or k.keyword) is not None and (t := cleaned[name]))
    ) if w.keywords else ()
    abstract = strip_markup(_rebuilt(w.abstract_inverted_index))
    if abstract is not None and not _is_clean(abstract):
        abstract = clean(abstract)
    topic = w.primary_topic.display_name if w.primary_topic is not None else None
    row = len(cols.line)
    cols.a_row.extend([row] * len(names))
    cols.a_name.extend(names)
    cols.a_key.extend(keys)
    cols.a_aff.extend(firsts)
    # RecordColumns.add, written out: this runs once a work
    cols.source.append(source)
    cols.line.append(line)
    cols.title.append(title or "")
    cols.year.append(y2 if year is None else year)
    cols.date.append(date)
    cols.date_precision.append(precision)
    cols.doi.append(_text(w.doi))
    cols.venue.append(venue)
    cols.keywords.append(keywords)
    cols.abstract.append(abstract)
    cols.labs.append(tuple(dict.fromkeys(labs)))
    cols.category.append(_text(topic, cleaned) or "")
    cols.truncated.append(w.is_authors_truncated is True)
    extra = cols.extra
    extra.setdefault("openalex_id", {})[row] = oid
    extra.setdefault("document_type", {})[row] = _text(w.type, cleaned)
    return True


def _plain_work(
    obj: Any, source: str, line: int | None, cols: RecordColumns, cleaned: _Cleaned,
    dates: _Dates, author_keys: _Keys,
) -> bool:
    """Append a work given as parsed JSON whose every field has its JSON type and every
    author a name, as :func:`_checked_work` reads it; False, with nothing appended,
    for anything else."""
    if type(obj) is not dict or "authorships" not in obj:
        return False
    try:
        w = msgspec.convert(obj, _Work)
    except (msgspec.MsgspecError, ValueError, TypeError):
        return False
    return _typed_work(w, source, line, cols, cleaned, dates, author_keys)


def _not_a_work(obj: Any, source: str, line: int | None, rep: Reporter, where: str) -> bool:
    """True, after a ``skipped`` row, when `obj` is not an OpenAlex work (not an
    object, an author record, no ``authorships``)."""
    if not isinstance(obj, dict):
        rep.fail(
            f"{where}not an OpenAlex work (a JSON {_json_type(obj)})",
            source=source,
            line=line,
            records=1,
        )
        return True
    oid = _short(obj.get("id")) if isinstance(obj.get("id"), str) else None
    if "authorships" not in obj or (oid and not oid.upper().startswith("W")):
        rep.fail(
            f"{where}{_what_it_is(obj, oid)}, not a work",
            source=source,
            line=line,
            record=str(oid),
            records=1,
        )
        return True
    return False


#: the record kinds of OpenAlex ids by their first letter
_ID_KINDS = {"A": "author", "I": "institution", "S": "source", "P": "publisher",
             "F": "funder", "T": "topic", "C": "concept"}


def _what_it_is(obj: dict, oid: str | None) -> str:
    """What an OpenAlex JSON object that is not a work is, in words.

    Examples
    --------
    >>> _what_it_is({"id": "https://openalex.org/A5023888391"}, "A5023888391")
    'OpenAlex record A5023888391 is an author record'
    >>> _what_it_is({"meta": {}, "group_by": [{"key": "2024", "count": 3}]}, None)
    'an OpenAlex group_by response (1 group counted, no works)'
    >>> _what_it_is({"title": "x"}, None)
    "an OpenAlex record ? without 'authorships'"
    """
    if isinstance(obj.get("group_by"), list):
        n = len(obj["group_by"])
        return f"an OpenAlex group_by response ({n} group{'s' * (n != 1)} counted, no works)"
    kind = _ID_KINDS.get((oid or "?")[0].upper())
    if kind is not None:
        return f"OpenAlex record {oid} is a{'n' * (kind[0] in 'aeiou')} {kind} record"
    return f"an OpenAlex record {oid or '?'} without 'authorships'"


def _checked_authors(obj: dict, f: _Fields) -> tuple[list, list[str], list[int]]:
    """(name, key, first institution) of each named authorship, all institutions,
    and the positions of the authorships without a name; wrong types go to `f`."""
    authors = []
    labs: list[str] = []
    unnamed = []
    for k, a in enumerate(f.items(obj.get("authorships"), "authorships"), start=1):
        author = a.get("author")
        if not isinstance(author, dict):
            if author is not None:
                f.wrong.append(f"authorships[{k}].author is a JSON {_json_type(author)}")
            author = {}
        name = f.text(author.get("display_name"), f"authorships[{k}].author.display_name") or (
            f.text(a.get("raw_author_name"), f"authorships[{k}].raw_author_name")
        )
        if not name:
            unnamed.append(k)
            continue
        insts = [
            n
            for i in f.items(a.get("institutions"), f"authorships[{k}].institutions")
            if (n := f.text(i.get("display_name"), f"authorships[{k}].institutions.display_name"))
        ]
        if not insts:
            insts = [
                n
                for s in f.items(
                    a.get("raw_affiliation_strings"),
                    f"authorships[{k}].raw_affiliation_strings",
                    str,
                )
                if (n := clean(s))
            ]
        labs.extend(insts)
        aid = _short(author.get("id")) if isinstance(author.get("id"), str) else None
        orcid = author.get("orcid") if isinstance(author.get("orcid"), str) else None
        key = f"openalex:{aid}" if aid else (f"orcid:{_short(orcid)}" if orcid else None)
        authors.append((name, key, insts[0] if insts else None))
    return authors, labs, unnamed


def _checked_work(
    obj: Any, source: str, line: int | None, rep: Reporter, index: int | None = None
) -> Record | None:
    """One work read field by field with every type checked: what is wrong is left out
    and reported (see :class:`_Fields`); a record that is not a work is a ``skipped`` row."""
    where = f"record {index}: " if index is not None else ""
    if _not_a_work(obj, source, line, rep, where):
        return None
    f = _Fields(source, line, where, rep)
    oid = _short(obj.get("id")) if isinstance(obj.get("id"), str) else None
    title = strip_markup(
        f.text(obj.get("title"), "title") or f.text(obj.get("display_name"), "display_name"))
    authors, labs, unnamed = _checked_authors(obj, f)
    if unnamed:
        rep.note(
            "flagged",
            f"{where}{len(unnamed)} authorship(s) without an author name left out "
            f"(position {', '.join(map(str, unnamed[:10]))}{', ...' if len(unnamed) > 10 else ''}"
            f" of {len(authors) + len(unnamed)})",
            source=source,
            line=line,
            record=title or str(oid),
        )
    year = obj.get("publication_year")
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool)):
        f.wrong.append(f"publication_year is a JSON {_json_type(year)}")
    year = int(year) if isinstance(year, int) and not isinstance(year, bool) else None
    y2, date, precision = iso_date(f.text(obj.get("publication_date"), "publication_date"))
    if year is None:
        year = y2
    venue = f.text(_get(obj, "primary_location", "source", "display_name"), "venue") or f.text(
        _get(obj, "host_venue", "display_name"), "host_venue.display_name"
    )
    keywords = tuple(
        n
        for k in f.items(obj.get("keywords"), "keywords")
        if (n := f.text(k.get("display_name"), "keywords.display_name")
            or f.text(k.get("keyword"), "keywords.keyword"))
    )
    doi = f.text(obj.get("doi"), "doi")
    category = f.text(_get(obj, "primary_topic", "display_name"), "primary_topic.display_name")
    document_type = f.text(obj.get("type"), "type")
    f.report(title or str(oid))
    return Record(
        source=source,
        line=line,
        title=title or "",
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=doi,
        venue=venue,
        keywords=keywords,
        abstract=strip_markup(_abstract(obj.get("abstract_inverted_index"))),
        labs=tuple(dict.fromkeys(labs)),
        category=category or "",
        truncated=obj.get("is_authors_truncated") is True,
        extra={"openalex_id": oid, "document_type": document_type},
    )


def _is_jsonl(path: Path, head: bytes) -> bool:
    """JSON lines by name, or by content: at least two lines that each hold one
    object (``{...}``), whatever the first line holds (it may be the broken one)."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")) or name.startswith("part_"):
        return True
    lines: list[bytes] = []
    for ln in head.splitlines():  # the first 53 non-blank lines are all that is looked at
        if ln := ln.strip():
            lines.append(ln)
            if len(lines) > 52:
                break
    if len(lines) < 2:
        return False

    def whole(ln: bytes) -> bool:
        return ln.startswith(b"{") and ln.endswith(b"}")

    if whole(lines[0]):
        return True
    # a broken first line: JSON lines when every other line of the head holds one whole
    # object (a pretty-printed document has lines such as ' "id": ...,' or '},')
    rest = lines[1:51] if len(head) < 65536 or len(lines) > 52 else lines[1:-1][:50]
    return lines[0].startswith(b'{"') and bool(rest) and all(whole(ln) for ln in rest)


def _open(path: Path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def _json_lines(
    path: Path, source: str, rep: Reporter, progress
) -> Iterator[tuple[int, int | None, Any]]:
    """(line, None, value) of each non-blank line; every such line is one record,
    counted before it is decoded."""
    size = path.stat().st_size
    seen = False
    number = 0
    try:
        with _open(path) as fh, progress_bar(size, "OpenAlex", progress) as bar:
            for number, raw in enumerate(fh, start=1):
                bar.update(len(raw))
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw or raw.isspace():  # as raw.strip(), without a copy of the line
                    continue
                seen = True
                value = _line_value(raw, number, source, rep)
                if value is not _NOT_JSON:
                    yield number, None, value
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        rep.fail(
            f"compressed file cut off or corrupt ({exc}); the lines after line {number} "
            "are not read",
            source=source,
            line=number + 1,
        )
        return
    if not seen:  # the readers' one rule for empty files
        rep.fail("empty file: no OpenAlex works", source=source, line=1)


#: what :func:`_line_value` gives for a line that is not JSON (reported)
_NOT_JSON = object()


def _line_value(raw: bytes, number: int, source: str, rep: Reporter) -> Any:
    """The value on a non-blank JSON line, counted as a record: a :class:`_Line` when
    it decodes as a well-formed work, else the parsed JSON, else :data:`_NOT_JSON`
    (a ``skipped`` row)."""
    rep.saw(source)
    if (work := _decode_work(raw)) is not None:
        return _Line(work, raw)
    try:
        return _load_line(raw)
    except (ValueError, RecursionError) as exc:
        rep.fail(
            f"line is not valid JSON ({type(exc).__name__}: {str(exc)[:80]})",
            source=source,
            line=number,
            record=raw[:200].decode("utf-8", "replace"),
            records=1,
        )
        return _NOT_JSON


#: bytes of JSON lines a worker reads at a time (``workers=``)
BLOCK_BYTES = 1 << 23


def _pooled_lines(path: Path, source: str, rep: Reporter, progress, workers: int,
                  cols: RecordColumns) -> int:
    """Read a JSON-lines file in blocks of whole lines, each block by a forked worker
    (:func:`._pool.ordered_map`) into a :class:`RecordColumns` of its own, taken back
    in file order: the records, load-report rows and counts of :func:`_json_lines`
    and :func:`_work`. The number of works read by :func:`_typed_work`."""
    size = path.stat().st_size
    typed, seen = 0, False
    errors = rep.errors

    def one(raw: bytes, first: bool, last: bool, line0: int):
        theirs = Reporter(errors, counted=True)
        block, caches = RecordColumns(), (_Cleaned(), _Dates(), _Keys())
        n_typed, any_line = 0, False
        for number, line in enumerate(io.BytesIO(raw), start=line0 + 1):
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line or line.isspace():
                continue
            any_line = True
            value = _line_value(line, number, source, theirs)
            if value is not _NOT_JSON and _work(value, source, number, theirs, None, block,
                                                caches):
                n_typed += 1
        return block, n_typed, any_line, theirs

    with open(path, "rb") as fh, progress_bar(size, "OpenAlex", progress) as bar:
        blocks = numbered_blocks(file_blocks(fh, _after_last_line, bar, BLOCK_BYTES))
        for block, n_typed, any_line, theirs in ordered_map(one, blocks, workers):
            cols.absorb(block)
            typed += n_typed
            seen = seen or any_line
            pass_on(theirs, rep)
    if not seen:  # the readers' one rule for empty files
        rep.fail("empty file: no OpenAlex works", source=source, line=1)
    return typed


def _after_last_line(block: bytes) -> int:
    """Where a block of JSON lines can end: after its last line end (0: none)."""
    return block.rfind(b"\n") + 1


class _Lines:
    """Line numbers of character offsets in a text, counted forward incrementally."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1
        self.item: int | None = None  # where the record being decoded starts
        self.end = 0  # where the last array read ended (after its "]")

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


_DECODER = json.JSONDecoder()
_BOUNDED = json.JSONDecoder(parse_int=_bounded_int)


def _decode_at(text: str, pos: int) -> tuple[Any, int]:
    """The JSON value starting at ``text[pos]`` and where it ends; an integer past
    Python's digit limit is read as :class:`_Huge` instead of failing the value."""
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:
        return _BOUNDED.raw_decode(text, pos)


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _array_items(text: str, start: int, lines: _Lines) -> Iterator[tuple[int, Any]]:
    """(line, value) of each item of the JSON array opening at ``text[start] == "["``.

    Raises ValueError (json.JSONDecodeError with its position) at the first fault;
    stops at "]", leaving where the array ended in ``lines.end``.
    """
    pos, n = start + 1, len(text)
    first = True
    while True:
        pos = _skip_space(text, pos)
        if pos < n and text[pos] == "]":
            lines.end = pos + 1
            return
        if not first:
            if pos >= n or text[pos] != ",":
                raise json.JSONDecodeError("expected ',' or ']' between works", text, pos)
            pos = _skip_space(text, pos + 1)
        first = False
        if pos >= n:
            raise json.JSONDecodeError("the list is not closed", text, pos)
        lines.item = pos
        obj, end = _decode_at(text, pos)
        yield lines.at(pos), obj
        lines.item = None
        pos = end


# counting values without decoding them: strings (closed or cut off) are blanked first,
# then the structure is read as brackets, commas and runs of anything else
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_STRUCT = re.compile(r"[\[\]{},]|[^\[\]{},\s]+")


def _count_values(text: str, pos: int, *, in_array: bool) -> int:
    """How many JSON values begin in ``text[pos:]`` at the level `pos` is at: the
    items of an array up to its closing "]" (`in_array`, `pos` inside the array), or
    the top-level values of a document. A count by tokens, independent of the
    decoder, so the records a fault makes unreadable are still counted (a cut-off
    record counts as one).

    Examples
    --------
    >>> _count_values('{"a": [1, 2]}, "x", {"b": "]"}, 3]', 0, in_array=True)
    4
    >>> _count_values('{"a": 1} [2, 3] 4', 0, in_array=False)
    3
    """
    depth, n, expect = 0, 0, True
    for t in _STRUCT.findall(_STRING.sub('""', text[pos:])):
        c = t[0]
        if depth == 0:
            if c in "]}":
                if in_array:
                    break
                expect = True  # a stray closing bracket: whatever follows is a new value
                continue
            if c == ",":
                expect = True
                continue
            if expect:
                n += 1
                expect = not in_array and c not in "[{"
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0 and not in_array:
                expect = True
    return n


_RESULTS = re.compile(r'"results"\s*:\s*\[')


def _decode_text(raw: bytes, source: str, rep: Reporter) -> str | None:
    """The document's text: UTF-8 (a BOM allowed), or UTF-16/32 announced by a BOM
    (JSON's other encodings). Invalid bytes fail the document with a row that counts
    the records it holds."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-32" if raw.startswith(b"\xff\xfe\x00\x00") else "utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", "replace")
        body = _skip_space(text, 0)
        k = (
            _count_values(text, body + 1, in_array=True)
            if text[body : body + 1] == "["
            else max(1, _count_values(text, body, in_array=False))
        )
        rep.saw(source, k)
        rep.fail(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); the {k} record(s) of this "
            "JSON document are not read",
            source=source,
            line=raw.count(b"\n", 0, exc.start) + 1,
            records=k,
        )
        return None


def _document_text(path: Path, source: str, rep: Reporter, progress) -> str | None:
    """The text of a JSON document file (gzip or not), or None after a row for one
    that is cut off, not decodable or empty."""
    size = path.stat().st_size
    with _open(path) as fh, progress_bar(size, "OpenAlex", progress) as bar:
        try:
            raw = fh.read()
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            rep.fail(f"compressed file cut off or corrupt ({exc})", source=source, line=1)
            return None
        bar.update(size)
    text = _decode_text(raw, source, rep)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        rep.fail("empty file: no OpenAlex works", source=source, line=1)
        return None
    return text


def _unreadable_value(text: str, pos: int, exc: Exception, lines: _Lines, source: str,
                      rep: Reporter) -> None:
    """The row for a top-level value that is not valid JSON: it and the values after
    it are counted and not read."""
    k = _count_values(text, pos, in_array=False)
    rep.saw(source, k)
    err = getattr(exc, "pos", None)
    rep.fail(
        f"not valid JSON ({str(exc)[:80]}); "
        + (
            f"the {k} record(s) from line {lines.at(pos)} on are not read"
            if k
            else "text after the JSON document"
        ),
        source=source,
        line=lines.at(err if isinstance(err, int) else pos),
        records=k,
    )


def _array_works(
    text: str, start: int, lines: _Lines, index: int, source: str, rep: Reporter
) -> Iterator[tuple[int, int | None, Any]]:
    """(line, record index, value) of each item of the array at `start`, counted as
    met; returns the last index, or None after the row for a fault in the array
    (which counts the works it makes unreadable)."""
    read = 0
    try:
        for line, obj in _array_items(text, start, lines):
            index += 1
            read += 1
            rep.saw(source)
            yield line, index, obj
    except (ValueError, RecursionError) as exc:
        at = lines.item if lines.item is not None else getattr(exc, "pos", start)
        k = _count_values(text, at, in_array=True)
        rep.saw(source, k)
        line = lines.at(at)
        rep.fail(
            f"JSON ends early or is malformed ({str(exc).split(':')[0][:80]}) in record "
            f"{index + 1}; {read} works were read before line {line} in this list, the "
            f"{k} record(s) from there on are not",
            source=source,
            line=line,
            records=k,
        )
        return None
    return index


def _json_document(
    path: Path, source: str, rep: Reporter, progress
) -> Iterator[tuple[int, int | None, Any]]:
    """(line, record index, value) of each work of a JSON document: one work, a list,
    or an API page (``{"results": [...]}``), or several of these one after another
    (concatenated files). Each work carries the line where it starts and, in a list,
    its index; each is counted as it is met. A fault keeps the works before it and
    counts the ones it makes unreadable in its row."""
    text = _document_text(path, source, rep, progress)
    if text is None:
        return
    lines = _Lines(text)
    index: int | None = 0
    pos = _skip_space(text, 0)
    while pos < len(text):
        after = None  # where to go on once the works of an array are read
        if text[pos] == "[":
            start = pos
        else:
            try:
                obj, end = _decode_at(text, pos)
            except (ValueError, RecursionError) as exc:
                m = _RESULTS.search(text, pos)
                if m is None:
                    _unreadable_value(text, pos, exc, lines, source, rep)
                    return
                start = m.end() - 1  # salvage the works of a cut-off API page
            else:
                results = obj.get("results") if isinstance(obj, dict) else None
                if not isinstance(results, list):
                    rep.saw(source)
                    yield lines.at(pos), None, obj
                    pos = _skip_space(text, end)
                    continue
                m = _RESULTS.search(text, pos, end)
                if m is None:  # "results" written with escapes: the page's line for all
                    line = lines.at(pos)
                    for work in results:
                        index += 1
                        rep.saw(source)
                        yield line, index, work
                    pos = _skip_space(text, end)
                    continue
                start, after = m.end() - 1, end
        index = yield from _array_works(text, start, lines, index, source, rep)
        if index is None:
            return
        pos = _skip_space(text, after if after is not None else lines.end)


def _works_of(data: Any) -> Iterator[tuple[int, int | None, Any]]:
    """In-memory input: a work, a list or an API page; the "line" of a work in a
    list is its 1-based index (there are no lines)."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, list):
        for i, obj in enumerate(data, start=1):
            yield i, i, obj
    else:
        yield 1, None, data


@reader_doc
@without_cycle_collector
def read_openalex(
    path: str | PathLike | Iterable[str | PathLike] | dict | list,
    *,
    errors: str = "raise",
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
    workers: int | None = 1,
) -> Corpus:
    """Read OpenAlex works: one work, a list, an API page or JSON lines (snapshot).

    Accepted inputs: a ``.json`` file holding one work, a list of works or an API
    response (``{"meta": ..., "results": [...]}``); a JSON-lines file (``.jsonl``,
    the snapshot's ``part_*.gz``, gzip or not), read line by line in bounded memory;
    or the parsed JSON itself (a dict or list). Authors keep their order and their
    OpenAlex author id as the name-layer key (``openalex:A...``), so two spellings
    with one id are merged (rule ``same-id``). Institutions give
    ``authorships.affiliation`` (the first) and ``papers.labs`` (all).
    ``is_authors_truncated`` (OpenAlex cuts lists at 100 authors) becomes
    ``authors_truncated``.

    What counts as a bad record here: a line or document that is not valid JSON, or a
    record that is not a work (an author record), is raised or skipped with a
    load-report row; a truncated JSON list keeps the works decoded before the fault.

    Parameters
    ----------
    path : path-like, list of paths, directory, dict or list
    {common_parameters}
    {workers_parameter}

    Returns
    -------
    Corpus
        Extra paper columns ``openalex_id``, ``doi``, ``venue``, ``keywords``,
        ``document_type``, ``source_format`` (``"openalex"``).

    Raises
    ------
    ParseError
        Under ``errors="raise"``, for invalid JSON or a record that is not a work.

    Notes
    -----
    JSON-lines input streams in bounded memory (``workers=`` applies to uncompressed
    JSON-lines files); each line is decoded against the shape of a
    work (with msgspec: the fields read are type-checked, the others skipped unread), and a
    line that does not fit it (a field of another JSON type, an author without a name,
    invalid JSON or UTF-8 anywhere on the line) is decoded by the standard library and read
    field by field, each fault reported. A lone surrogate escape (``"\\ud800"``, half of a
    character) is replaced by U+FFFD with a ``repaired`` row. A single JSON document is
    decoded whole. Documents written one after another in one file (``cat a.json b.json``)
    are all read. Every non-blank JSON line and every work of a document is counted before
    it is decoded, and each becomes a paper, a ``duplicate`` row or a ``skipped`` row with
    its line (and its index in a list, ``record i:``); a fault inside a list keeps the works
    before it and its row counts the works it makes unreadable. For parsed JSON handed in
    directly, the ``line`` of a work in a list is its 1-based index. Abstracts are rebuilt
    from ``abstract_inverted_index``; positions missing from the index are shown as ``…``,
    never invented.

    References
    ----------
    .. [1] J. Priem, H. Piwowar, R. Orr, "OpenAlex: A fully-open index of scholarly
       works, authors, venues, institutions, and concepts", arXiv:2205.01833 (2022).

    Examples
    --------
    >>> work = {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.7717/peerj.4375",
    ...         "title": "The state of OA", "publication_year": 2018,
    ...         "authorships": [
    ...             {"author": {"id": "https://openalex.org/A1", "display_name": "Heather Piwowar"},
    ...              "institutions": [{"display_name": "Our Research"}]},
    ...             {"author": {"id": "https://openalex.org/A2", "display_name": "Jason Priem"},
    ...              "institutions": []}]}
    >>> c = read_openalex([work])
    >>> c.papers[["doi", "labs"]].values.tolist()
    [['10.7717/peerj.4375', ('Our Research',)]]
    >>> c.authorships[["printed_name", "author_key"]].values.tolist()
    [['Heather Piwowar', 'openalex:A1'], ['Jason Priem', 'openalex:A2']]
    """
    rep = Reporter(check_errors(errors), counted=True)
    pool_size(workers, 0, 1)  # (checked before anything is read)
    cols = RecordColumns()
    seen = (_Cleaned(), _Dates(), _Keys())
    typed = 0
    if isinstance(path, dict) or (
        isinstance(path, list) and any(isinstance(x, dict) for x in path)
    ):
        for line, index, obj in _works_of(path):
            rep.saw("<object>")
            if _work(obj, "<object>", line, rep, index, cols, seen):
                typed += 1
    else:
        for path_ in as_paths(path, (".json", ".jsonl", ".gz", ".ndjson")):
            source = str(path_)
            with open(path_, "rb") as fh:  # gzip is streamed by _open; bzip2, xz copied
                gz = fh.read(2) == b"\x1f\x8b"
            with utf8_file(path_, source, rep, decompress=not gz) as p:
                with _open(p) as fh:
                    try:
                        head = fh.read(65536)
                    except (OSError, EOFError, gzip.BadGzipFile):
                        head = b""
                jsonl = _is_jsonl(p, head)
                if jsonl and not gz and pool_size(workers, p.stat().st_size, BLOCK_BYTES) > 1:
                    typed += _pooled_lines(p, source, rep, progress, workers, cols)
                    continue
                items = (
                    _json_lines(p, source, rep, progress)
                    if jsonl
                    else _json_document(p, source, rep, progress)
                )
                for line, index, obj in items:
                    if _work(obj, source, line, rep, index, cols, seen):
                        typed += 1
    if typed == len(cols):  # every work read by _typed_work: cleaned once, not again
        cols.mark_final(0, _FINAL)
    return records_to_corpus(
        cols,
        rep,
        source_format="openalex",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
        cycles=False,  # (JSON values and lists: no reference cycles)
    )
