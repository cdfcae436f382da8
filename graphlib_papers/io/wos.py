"""Reader for Web of Science plain-text exports ("savedrecs.txt", ``.isi``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path

from ..corpus import Corpus
from ..names import name_key
from ._common import (
    Record,
    as_paths,
    clean,
    gc_paused_reader,
    institution,
    invert_name,
    make_date,
    parse_year,
    records_to_corpus,
)
from ._errors import Reporter, check_errors
from ._tagged import iter_wos

__all__ = ["read_wos"]

_CITATION = re.compile(r"^[^,\[\]]{1,80}, (1[5-9]|20)\d\d, ")
_BRACKET = re.compile(r"^\[(?P<names>[^\]]*)\]\s*(?P<addr>.*)$")


_PIECES = re.compile(r";\s*(?=\[)")


def _addresses(lines: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """C1 lines -> [(author names in brackets, institution)]; citation-like lines dropped."""
    out = []
    for text in lines:
        out.extend(_address_line(text))
    return out


@functools.lru_cache(maxsize=1 << 18)
def _address_line(text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """:func:`_addresses` of one C1 line, once per distinct line."""
    out = []
    pieces = _PIECES.split(text) if text.startswith("[") else [text]
    for piece in (p.strip() for p in pieces):
        m = _BRACKET.match(piece)
        if m:
            names = tuple(n.strip() for n in m.group("names").split(";") if n.strip())
            addr = m.group("addr")
        elif _CITATION.match(piece):
            continue
        else:
            names, addr = (), piece
        inst = institution(addr)
        if inst:
            out.append((names, inst))
    return tuple(out)


#: name_key of printed names, once per distinct string
_name_key = functools.lru_cache(maxsize=1 << 18)(name_key)


def _initials_key(name: str) -> str | None:
    """Surname and initials of a name: "YANG, GUAN-CAN", "YANG GC", "Guan-Can Yang" -> "yang|gc"."""
    text = name_key(name.replace(",", " , ")) if "," in name else name_key(name)
    if "," in name:
        last, _, first = name.partition(",")
        given = [w for w in re.split(r"[\s.\-]+", name_key(first)) if w]
        return f"{name_key(last)}|{''.join(w[0] for w in given)}" if given else None
    tokens = text.split()
    if len(tokens) < 2:
        return None
    raw_last = name.split()[-1]
    if raw_last.isupper() and len(raw_last.replace(".", "")) <= 4:  # "YANG GC"
        return f"{' '.join(tokens[:-1])}|{tokens[-1]}"
    return f"{tokens[-1]}|{''.join(w[0] for w in tokens[:-1])}"


def affiliation_lookup(addresses: list[tuple[tuple[str, ...], str]]):
    """A function: printed author name -> institution of its first bracketed address."""
    exact: dict[str, str] = {}
    short: dict[str, str] = {}
    for bracket_names, inst in addresses:
        for n in bracket_names:
            exact.setdefault(name_key(invert_name(n)), inst)
            k = _initials_key(n)
            if k:
                short.setdefault(k, inst)

    def find(name: str) -> str | None:
        hit = exact.get(name_key(name))
        if hit is None:
            k = _initials_key(name)
            hit = short.get(k) if k else None
        return hit

    return find


def _ids(values: list[str]) -> dict[str, str]:
    """OI/RI cells ("Name/ID; Name/ID") -> {name_key: id}."""
    out: dict[str, str] = {}
    for piece in " ".join(values).split(";"):
        if "/" not in piece:
            continue
        name, _, ident = piece.rpartition("/")
        if name.strip() and ident.strip():
            out.setdefault(name_key(invert_name(name)), ident.strip())
    return out


def _record(start: int, f: dict[str, list[str]], source: str, rep: Reporter) -> Record:
    au = [a for a in f.get("AU", []) if a.strip()]
    af = [a for a in f.get("AF", []) if a.strip()]
    names = af if af and len(af) == len(au) else (au or af)
    if af and au and len(af) != len(au):
        rep.note(
            "flagged",
            f"AF lists {len(af)} names but AU {len(au)}; AU used",
            source=source,
            line=start,
        )
    names = [invert_name(n) for n in names]
    orcid = _ids(f.get("OI", []))
    rid = _ids(f.get("RI", []))
    addresses = _addresses(f.get("C1", []))
    aff_of: dict[str, str] = {}
    for bracket_names, inst in addresses:
        for n in bracket_names:
            aff_of.setdefault(_name_key(invert_name(n)), inst)
    authors = []
    for n in names:
        k = _name_key(n)
        key = (
            f"orcid:{orcid[k]}" if k in orcid else (f"researcherid:{rid[k]}" if k in rid else None)
        )
        authors.append((n, key, aff_of.get(k)))
    notes: list[str] = []
    pd_tokens = " ".join(f.get("PD", [])).split()
    year = parse_year(" ".join(f.get("PY", [])), notes if not pd_tokens else None)
    month = next((t for t in pd_tokens if t.isalpha()), None)
    day = next((t for t in pd_tokens if t.isdigit() and len(t) <= 2), None)
    if year is None and pd_tokens:
        year = parse_year(" ".join(f.get("PY", []) + pd_tokens), notes)
    date, precision = make_date(year, month, day, notes)
    keywords = tuple(
        k.strip() for tag in ("DE", "ID") for k in " ".join(f.get(tag, [])).split(";") if k.strip()
    )
    wc = [c.strip() for c in " ".join(f.get("WC", [])).split(";") if c.strip()]
    return Record(
        source=source,
        line=start,
        title=" ".join(f.get("TI", [])),
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=clean(" ".join(f.get("DI", []))),
        venue=clean(" ".join(f.get("SO", []))),
        keywords=keywords,
        abstract=clean(" ".join(f.get("AB", []))),
        labs=tuple(dict.fromkeys(inst for _, inst in addresses)),
        category=wc[0] if wc else "",
        extra={
            "wos_id": clean(" ".join(f.get("UT", []))),
            "document_type": clean(" ".join(f.get("DT", []))),
        },
        notes=notes,
    )


_LIST_TAGS = ("AU", "AF", "CA", "BA", "BF")


def _tab_delimited(path, source: str, rep: Reporter, progress):
    """Rows of a WoS "tab-delimited" export as tagged-field dicts (UTF-8 or UTF-16)."""
    from .tabular import csv_rows

    with open(path, "rb") as fh:
        raw_head = fh.read(4)
    if raw_head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows exports are UTF-16: re-encode to a UTF-8 temporary copy, streamed
        import tempfile

        with (
            tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as tmp,
            open(path, encoding="utf-16", errors="replace", newline="") as src,
        ):
            for line in src:
                tmp.write(line.encode("utf-8"))
        path = Path(tmp.name)
        try:
            yield from _tab_delimited(path, source, rep, progress)
        finally:
            path.unlink()
        return
    for line, row in csv_rows(Path(path), source, rep, progress, "\t"):
        fields: dict[str, list[str]] = {}
        for tag, value in row.items():
            value = (value or "").strip()
            if not value or len(tag) != 2:
                continue
            if tag in _LIST_TAGS:
                fields[tag] = [v.strip() for v in value.split(";") if v.strip()]
            else:
                fields[tag] = [value]
        yield line, fields


@gc_paused_reader
def read_wos(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    errors: str = "raise",
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
) -> Corpus:
    """Read Web of Science exports: plain text (``PT``/``AU``/``AF``/.../``ER``) or
    tab-delimited (one row per record, field tags as column names; UTF-8 or UTF-16).

    The file is read line by line (bounded memory, a progress bar on a terminal).
    Authors come from ``AF`` (full names, ``"Roach, Mack, III"`` printed as
    ``"Mack Roach III"``) when it lists as many names as ``AU``, else from ``AU``.
    ORCIDs (``OI``) and ResearcherIDs (``RI``) become the name layer's author keys.
    ``C1`` addresses give ``papers.labs`` (the institution, first part of each
    address) and, where the address names its authors in brackets
    (``[Sun, Zhiwei; Russell, Thomas P.] Univ Massachusetts Amherst, ...``),
    ``authorships.affiliation``.

    Parameters
    ----------
    path : path-like, list of paths or directory
        WoS export file(s).
    errors : {"raise", "warn", "skip"}, default "raise"
        What to do with a record that cannot be read (see
        :func:`graphlib_papers.read_profiles`). Every skipped or repaired record is a
        row of ``load_report``.
    progress : bool, optional
        Show a progress bar; by default only when standard error is a terminal.
    aliases, vetoes, merge_names, disambiguate
        Passed to the name layer (:func:`graphlib_papers.names.resolve_names`;
        ``disambiguate=True`` splits a name printed by several people, see
        :mod:`graphlib_papers.disambiguation`).

    Returns
    -------
    Corpus
        Extra paper columns: ``doi``, ``venue``, ``keywords``, ``source_format``
        (``"wos"``), ``wos_id`` (``UT``), ``document_type``.

    Raises
    ------
    ParseError
        Under ``errors="raise"``: a line that is not a field line, a record not closed
        by ``ER``, a file cut off without ``EF``, bytes that are not UTF-8.

    Notes
    -----
    Exports joined end to end (a second ``FN``/``VR`` header) are all read; a record
    left open at the next ``PT``, a new header or ``EF`` is closed there and reported;
    any line ending is read (LF, CRLF, CR alone).
    Tags follow the Clarivate field-tag list; papers with a DOI are keyed by it
    (:func:`graphlib_papers.io.doi_paper_id`), the others by normalised title.

    References
    ----------
    .. [1] Clarivate, "Web of Science Core Collection field tags",
       https://images.webofknowledge.com/images/help/WOS/hs_wos_fieldtags.html

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\n"
    ...         "AU Sun, ZW\\n   Russell, TP\\nAF Sun, Zhiwei\\n   Russell, Thomas P.\\n"
    ...         "TI Bit patterns\\nPY 2017\\n"
    ...         "C1 [Sun, Zhiwei; Russell, Thomas P.] Univ Massachusetts, Amherst, MA USA.\\n"
    ...         "DI 10.1002/ADMA.201702500\\nER\\n\\nEF\\n")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "savedrecs.txt"
    >>> _ = path.write_text(text)
    >>> corpus = read_wos(path)
    >>> corpus.authorships[["printed_name", "affiliation"]].values.tolist()
    [['Zhiwei Sun', 'Univ Massachusetts'], ['Thomas P. Russell', 'Univ Massachusetts']]
    >>> corpus.papers[["doi", "labs"]].values.tolist()
    [['10.1002/adma.201702500', ('Univ Massachusetts',)]]
    """
    rep = Reporter(check_errors(errors), counted=True)
    records = []
    for p in as_paths(path, (".txt", ".isi", ".ciw", ".tsv")):
        source = str(p)
        with open(p, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf\xff\xfe")
        if head.startswith((b"PT\t", b"FN\t")) or head.replace(b"\x00", b"").startswith(b"PT\t"):
            for start, fields in _tab_delimited(p, source, rep, progress):
                records.append(_record(start, fields, source, rep))
            continue
        for start, fields, _head in iter_wos(p, source, rep, progress):
            records.append(_record(start, fields, source, rep))
    return records_to_corpus(
        records, rep, source_format="wos", aliases=aliases, vetoes=vetoes,
        merge_names=merge_names, disambiguate=disambiguate,
    )
