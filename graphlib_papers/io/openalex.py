"""Reader for OpenAlex works: API responses, JSON lists, JSON lines (the snapshot)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ._common import (
    Record,
    as_paths,
    clean,
    gc_paused_reader,
    iso_date,
    progress_bar,
    records_to_corpus,
)
from ._errors import Reporter, check_errors

__all__ = ["read_openalex"]


def _short(url: Any) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    return url.rstrip("/").rsplit("/", 1)[-1]


def _abstract(index: Any) -> str | None:
    """Rebuild an abstract from OpenAlex's inverted index ``{word: [positions]}``."""
    if not isinstance(index, dict) or not index:
        return None
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


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _work(obj: Any, source: str, line: int | None, rep: Reporter) -> Record | None:
    if not isinstance(obj, dict):
        rep.fail(f"not an OpenAlex work (a JSON {type(obj).__name__})", source=source, line=line)
        return None
    oid = _short(obj.get("id"))
    if "authorships" not in obj or (oid and not oid.upper().startswith("W")):
        kind = "an author" if oid and oid.upper().startswith("A") else "not a work"
        rep.fail(
            f"OpenAlex record {oid or '?'} is {kind} record, not a work",
            source=source,
            line=line,
            record=str(oid),
        )
        return None
    authors = []
    labs: list[str] = []
    ships = obj.get("authorships") if isinstance(obj.get("authorships"), list) else []
    for a in ships:
        if not isinstance(a, dict):
            continue
        author = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = clean(author.get("display_name")) or clean(a.get("raw_author_name"))
        if not name:
            continue
        insts = [
            clean(i.get("display_name"))
            for i in (a.get("institutions") or [])
            if isinstance(i, dict) and clean(i.get("display_name"))
        ]
        if not insts:
            insts = [clean(s) for s in (a.get("raw_affiliation_strings") or []) if clean(s)]
        labs.extend(insts)
        aid = _short(author.get("id"))
        key = (
            f"openalex:{aid}"
            if aid
            else (f"orcid:{_short(author.get('orcid'))}" if author.get("orcid") else None)
        )
        authors.append((name, key, insts[0] if insts else None))
    year = obj.get("publication_year")
    year = int(year) if isinstance(year, int) and not isinstance(year, bool) else None
    y2, date, precision = iso_date(obj.get("publication_date"))
    if year is None:
        year = y2
    venue = clean(_get(obj, "primary_location", "source", "display_name")) or clean(
        _get(obj, "host_venue", "display_name")
    )
    keywords = tuple(
        clean(k.get("display_name"))
        for k in (obj.get("keywords") or [])
        if isinstance(k, dict) and clean(k.get("display_name"))
    )
    return Record(
        source=source,
        line=line,
        title=clean(obj.get("title")) or clean(obj.get("display_name")) or "",
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=obj.get("doi") if isinstance(obj.get("doi"), str) else None,
        venue=venue,
        keywords=keywords,
        abstract=_abstract(obj.get("abstract_inverted_index")),
        labs=tuple(dict.fromkeys(labs)),
        category=clean(_get(obj, "primary_topic", "display_name")) or "",
        truncated=bool(obj.get("is_authors_truncated")),
        extra={"openalex_id": oid, "document_type": clean(obj.get("type"))},
    )


def _is_jsonl(path: Path, head: bytes) -> bool:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")) or name.startswith("part_"):
        return True
    lines = [ln for ln in head.splitlines() if ln.strip()]
    return (
        len(lines) > 1 and lines[0].lstrip().startswith(b"{") and lines[0].rstrip().endswith(b"}")
    )


def _open(path: Path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def _json_lines(path: Path, source: str, rep: Reporter, progress) -> Iterator[tuple[int, Any]]:
    size = path.stat().st_size
    try:
        with _open(path) as fh, progress_bar(size, "OpenAlex", progress) as bar:
            for number, raw in enumerate(fh, start=1):
                bar.update(len(raw))
                if not raw.strip():
                    continue
                try:
                    yield number, json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
                    rep.fail(
                        f"line is not valid JSON ({type(exc).__name__}: {str(exc)[:80]})",
                        source=source,
                        line=number,
                        record=raw[:200].decode("utf-8", "replace"),
                    )
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        rep.fail(f"compressed file cut off or corrupt ({exc})", source=source, line=None)


def _salvage(text: str, exc: json.JSONDecodeError) -> tuple[list[Any], int]:
    """Works decoded one by one from the array in `text` until the fault."""
    decoder = json.JSONDecoder()
    start = text.find("[")
    if not text.lstrip().startswith("[") and '"results"' in text:
        start = text.find("[", text.find('"results"'))
    items: list[Any] = []
    if start == -1:
        return items, 0
    pos = start + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return items, pos
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            return items, pos
        items.append(obj)


def _json_document(
    path: Path, source: str, rep: Reporter, progress
) -> Iterator[tuple[int | None, Any]]:
    size = path.stat().st_size
    with _open(path) as fh, progress_bar(size, "OpenAlex", progress) as bar:
        try:
            raw = fh.read()
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            rep.fail(f"compressed file cut off or corrupt ({exc})", source=source, line=None)
            return
        bar.update(size)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        rep.fail(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            source=source,
            line=raw.count(b"\n", 0, exc.start) + 1,
        )
        return
    if not text.strip():
        rep.fail("empty file: no OpenAlex works", source=source, line=1)
        return
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        items, pos = _salvage(text, exc) if isinstance(exc, json.JSONDecodeError) else ([], 0)
        line = text.count("\n", 0, pos) + 1 if items else getattr(exc, "lineno", None)
        rep.fail(
            f"JSON ends early or is malformed ({str(exc)[:80]}); {len(items)} works were read "
            f"before line {line}, the rest of the file is not",
            source=source,
            line=line,
        )
        for obj in items:
            yield None, obj
        return
    yield from _works_of(data)


def _works_of(data: Any) -> Iterator[tuple[int | None, Any]]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, list):
        for obj in data:
            yield None, obj
    else:
        yield None, data


@gc_paused_reader
def read_openalex(
    path: str | PathLike | Iterable[str | PathLike] | dict | list,
    *,
    errors: str = "raise",
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
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

    Parameters
    ----------
    path : path-like, list of paths, directory, dict or list
    errors : {"raise", "warn", "skip"}, default "raise"
        A line or document that is not valid JSON, or a record that is not a work
        (an author record), is raised or skipped with a load-report row; a truncated
        JSON list keeps the works decoded before the fault.
    progress : bool, optional
        Progress bar over bytes read; by default only on a terminal.
    aliases, vetoes, merge_names
        Passed to the name layer.

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
    JSON-lines input streams in bounded memory; a single JSON document is decoded
    whole. Abstracts are rebuilt from ``abstract_inverted_index``; positions missing
    from the index are shown as ``…``, never invented.

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
    rep = Reporter(check_errors(errors))
    records: list[Record] = []
    if isinstance(path, dict) or (
        isinstance(path, list) and any(isinstance(x, dict) for x in path)
    ):
        for line, obj in _works_of(path):
            rec = _work(obj, "<object>", line, rep)
            if rec is not None:
                records.append(rec)
    else:
        for p in as_paths(path, (".json", ".jsonl", ".gz", ".ndjson")):
            source = str(p)
            with _open(p) as fh:
                try:
                    head = fh.read(65536)
                except (OSError, EOFError, gzip.BadGzipFile):
                    head = b""
            items = (
                _json_lines(p, source, rep, progress)
                if _is_jsonl(p, head)
                else _json_document(p, source, rep, progress)
            )
            for line, obj in items:
                rec = _work(obj, source, line, rep)
                if rec is not None:
                    records.append(rec)
    return records_to_corpus(
        records,
        rep,
        source_format="openalex",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
    )
