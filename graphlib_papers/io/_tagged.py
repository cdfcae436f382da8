"""Line-tagged record formats (Web of Science plain text, MEDLINE), read as a stream."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..names import name_key, name_keys, name_parts
from ._common import (
    LEGACY,
    Record,
    RecordColumns,
    clean,
    clean_all,
    institution,
    invert_name,
    invert_names,
    legacy_escapes,
    make_date,
    parse_year,
    progress_bar,
)
from ._errors import Reporter
from ._pool import ordered_map, pool_size

__all__ = [
    "TaggedRecord",
    "Units",
    "TextLines",
    "addresses",
    "affiliation_lookup",
    "clean_all",
    "dates_of",
    "found_at",
    "owners",
    "medline_layout",
    "per_distinct",
    "shared",
    "read_in_chunks",
    "file_blocks",
    "numbered_blocks",
    "pass_on",
    "chunk_lines",
    "Chunk",
    "cut_after",
    "cut_before",
    "read_wos_file",
    "record_numbers",
    "strip_bounds",
    "tag_code",
    "text_lines",
    "units",
    "filled",
    "numbered",
    "first_positions",
    "distinct_results",
    "wos_columns",
    "wos_layout",
    "iter_medline",
    "iter_wos",
    "lines",
    "tuples_by_record",
    "wos_record",
]

TaggedRecord = tuple[int, dict[str, list[str]], str]  # (first line, fields, raw head)


_BLOCK = 1 << 22
_SURROGATES = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))  # to delete


def lines(path: str | PathLike, source: str, rep: Reporter, progress: bool | None, desc: str):
    """Yield (line number, text) of a text record file.

    Any line ending is a line end (LF, CRLF, CR alone). Bytes that are not UTF-8 are
    read as Windows-1252 (see ``_common.legacy_decode``) and reported; NUL bytes on
    the first line mean a binary file (refused); control characters elsewhere are
    removed and reported. An empty file is reported by :meth:`Reporter.empty_file`.

    The file is read in blocks of a few MB, each decoded at once and split into
    lines, so memory stays bounded and the cost per line is one split; lines are
    looked at one by one only in a block that holds damage.
    """
    path = Path(path)
    if rep.empty_file(path, source, what=f"{desc} file"):
        return
    size = path.stat().st_size
    bad: list[int] = []
    number = 0
    rest = b""
    with open(path, "rb") as fh, progress_bar(size, desc, progress) as bar:
        first = True
        while True:
            block = fh.read(max(_BLOCK, 3) if first else _BLOCK)
            bar.update(len(block))
            eof = not block
            if first:
                first = False
                if block.startswith(b"\xef\xbb\xbf"):
                    block = block[3:]
            if not eof:
                block = rest + block
                # the last line end (a CR alone too; a CR that ends the block waits for
                # the next block, which may start with its LF)
                cut = max(block.rfind(b"\n"), block.rfind(b"\r", 0, len(block) - 1)) + 1
                if cut == 0:
                    rest = block
                    continue
                block, rest = block[:cut], block[cut:]
            elif rest:
                block, rest = rest, b""
            else:
                break
            try:
                text = block.decode("utf-8")
                escaped = False
            except UnicodeDecodeError:
                text = block.decode("utf-8", errors="surrogateescape")
                escaped = True
            control = bool(block.translate(None, _NOT_CONTROL))
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            lines = text.split("\n")
            if lines and not lines[-1]:
                lines.pop()
            if not escaped and not control:
                for line in lines:
                    number += 1
                    yield number, line
                continue
            for line in lines:
                number += 1
                if escaped and (esc := _SURROGATES.search(line)):
                    line = legacy_escapes(line)
                    if not bad:
                        rep.repair(
                            f"not valid UTF-8 (byte 0x{ord(esc.group()) - 0xDC00:02x}); "
                            f"those bytes read as {LEGACY}",
                            source=source,
                            line=number,
                            record=line,
                        )
                    bad.append(number)
                if control and _CONTROL.search(line):
                    if "\x00" in line and number == 1:
                        rep.fail(
                            "binary data (NUL bytes), not a text record file",
                            source=source,
                            line=number,
                            record=repr(line[:40]),
                        )
                        return
                    rep.repair(
                        "control characters removed",
                        source=source,
                        line=number,
                        record=repr(line[:40]),
                    )
                    line = _CONTROL.sub("", line)
                yield number, line
    rep.more_latin1(source, bad)


def _stray(
    rep: Reporter, source: str, number: int, line: str, inside: bool, outside: bool, what: str
) -> bool:
    """Report a line that is not a field line: inside a record it is skipped (a
    ``repaired`` row); outside records it is ignored, one row for each block of such
    text. Returns whether a block of text outside records is open."""
    if inside:
        rep.repair(
            f"not a {what} field line: {line[:40]!r}; line skipped",
            source=source,
            line=number,
            record=line,
        )
        return outside
    if not outside:
        rep.repair(
            f"text outside records ignored: {line[:40]!r}", source=source, line=number, record=line
        )
    return True


def _record_starts(rep: Reporter, source: str, number: int, line: str, tag: str, first: str):
    """Count a record starting at `line`; report it when it starts with a tag other
    than the format's `first`."""
    if tag != first:
        rep.repair(
            f"record starts with {tag} instead of {first}",
            source=source,
            line=number,
            record=line,
            strict=False,
        )
    rep.saw(source)


# a MEDLINE value line that ends in a hyphen after a letter or digit ("Wisconsin-"): its
# continuation line follows without a space
_HYPHEN_END = re.compile(r"[^\s-]-$")


def _stray_continuation(rep: Reporter, source: str, number: int, line: str, outside: bool):
    """Report an indented line outside a record (once per block of text); returns True."""
    if not outside:
        rep.repair(
            "continuation line outside a record ignored",
            source=source,
            line=number,
            record=line,
            strict=False,
        )
    return True


_WOS_TAG = re.compile(r"([A-Z][A-Z0-9])(?: (.*)|)$")
_WOS_GLUED = re.compile(r"([A-Z][A-Z0-9])(\S.*)$")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TAG_OK = frozenset(a + b for a in _UPPER for b in _UPPER + "0123456789")  # [A-Z][A-Z0-9]


def iter_wos(
    path: str | PathLike, source: str, rep: Reporter, progress: bool | None
) -> Iterator[TaggedRecord]:
    """Yield the records of a WoS plain-text file, reporting broken structure.

    A record starts at ``PT`` (or at the first field line outside a record) and ends at
    ``ER``. A record left open when the next ``PT``, a new ``FN`` header or ``EF``
    arrives is closed there (reported); files concatenated one after the other
    (``FN``/``VR`` headers again after ``EF``) are read on. Each record is counted
    with :meth:`Reporter.saw`.
    """
    # one pass over the lines, its state (open record, current tag, header and EF seen,
    # text outside records) in locals: split into steps, that state would be handed
    # back and forth on every line of the file
    fields: dict[str, list[str]] | None = None
    tag: str | None = None
    start = 0
    saw_ef = False
    saw_header = False
    head = ""
    last = 0
    outside = False  # inside a block of text outside records (reported once per block)

    def close(number: int, why: str):
        rep.repair(
            f"record at line {start} not closed by ER; ended at {why} (line {number})",
            source=source,
            line=start,
            record=head,
        )
        return start, fields, head

    plain = _TAG_OK - {"FN", "VR", "EF", "ER", "PT"}
    for number, line in lines(path, source, rep, progress, "Web of Science"):
        last = number
        if fields is not None and line[2:3] == " " and line[:2] in plain:
            # a field line inside a record (what _WOS_TAG matches): the common case
            tag = line[:2]
            outside = False
            fields.setdefault(tag, []).append(line[3:].strip())
            continue
        if not line.strip():
            continue
        if line[0] in " \t":
            if fields is None or tag is None:
                outside = _stray_continuation(rep, source, number, line, outside)
                continue
            fields.setdefault(tag, []).append(line.strip())
            continue
        m = _WOS_TAG.match(line)
        if m is None:
            g = _WOS_GLUED.match(line)
            if g is None or fields is None:
                inside = fields is not None
                outside = _stray(rep, source, number, line, inside, outside, "Web of Science")
                continue
            rep.repair(
                f"no space after the field tag {g.group(1)!r}; read as {g.group(1)} "
                f"{g.group(2)[:30]!r}",
                source=source,
                line=number,
                record=line,
                strict=False,
            )
            m = g
        outside = False
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag in ("FN", "VR"):
            if fields is not None:
                yield close(number, "a new file header")
                fields = None
            if saw_ef and tag == "FN":
                rep.note(
                    "flagged",
                    "a second export begins here (files joined end to end); read on",
                    source=source,
                    line=number,
                    record=line,
                )
            saw_header, saw_ef, tag = True, False, None
            continue
        if tag == "EF":
            if fields is not None:
                yield close(number, "EF")
                fields = None
            saw_ef, tag = True, None
            continue
        if tag == "ER":
            if fields is not None:
                yield start, fields, head
            else:
                rep.repair("ER outside a record ignored", source=source, line=number, strict=False)
            fields, tag = None, None
            continue
        if tag == "PT" and fields is not None and "PT" in fields:
            yield close(number, "the next PT")
            fields = None
        if fields is None:
            if saw_ef:
                rep.repair(
                    "record after the EF end-of-file line",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
                saw_ef = False
            _record_starts(rep, source, number, line, tag, "PT")
            fields, start, head = {}, number, line
        fields.setdefault(tag, []).append(value)
    if fields is not None:
        rep.fail(
            f"file ends inside a record (no ER) after line {last}; the records before it were read",
            source=source,
            line=start,
            record=head,
            records=1,
        )
    elif not start and not saw_header and outside:
        rep.fail("no Web of Science record in this file (no 'PT' line)", source=source, line=1)
    elif last and not saw_ef and saw_header:
        rep.repair(
            f"file ends at line {last} without the EF end-of-file line (cut off?)",
            source=source,
            line=last,
        )


_MED_TAG = re.compile(r"([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
# a field line exactly as NLM writes it: the tag padded to four characters, then "- "
_MED_FIELD_LINE = re.compile(r"(?=[A-Z][A-Z0-9 ]{3}- )([A-Z][A-Z0-9]{0,3}) *- (.*)$")
# the NLM field tags; a value that starts with one is a second field on the line
_MED_TAGS = frozenset(
    "AB AD AID AU AUID BTI CI CIN CN COI COIS CON CRDT CTI DA DCOM DEP DP ED EDAT EIN FAU "
    "FED FIR FPS GN GR IP IR IS ISBN JID JT LA LID LR MH MHDA MID OID OT OTO OWN PG PHST PL "
    "PMC PMCR PMID PS PST PT RF RN SB SI SO STAT TA TI TT VI".split()
)


_GLUED_PMID = re.compile(r"(?<=\S)\s*(?=PMID- ?\d)")


def _split_medline(lines, source: str, rep: Reporter):
    """Lines holding two fields (``FAU - PMID- 123``, ``FAU - Li, PMID- 123``: a lost
    line break) as two lines."""
    for number, line in lines:
        yield from _split_medline_line(number, line, source, rep)


def _split_medline_line(number: int, line: str, source: str, rep: Reporter):
    """:func:`_split_medline` of one line: [(number, line), ...]."""
    out = []
    glued = _GLUED_PMID.search(line, 1) if "PMID-" in line[1:] else None
    if glued is not None:
        rep.repair(
            f"a PMID inside a line (a lost line break?): {line[:40]!r}; a new record",
            source=source,
            line=number,
            record=line,
            strict=False,
        )
        out.append((number, line[: glued.start()]))
        line = line[glued.end() :]
    m = _MED_TAG.match(line)
    while m is not None and m.group(1) in _MED_TAGS:
        inner = _MED_TAG.match(m.group(2))
        if inner is None or inner.group(1) not in _MED_TAGS:
            break
        rep.repair(
            f"two fields on one line (a lost line break?): {line[:40]!r}; read as two lines",
            source=source,
            line=number,
            record=line,
            strict=False,
        )
        out.append((number, line[: m.start(2)]))
        line, m = m.group(2), inner
    out.append((number, line))
    return out


def iter_medline(
    path: str | PathLike, source: str, rep: Reporter, progress: bool | None
) -> Iterator[TaggedRecord]:
    """Yield the records of a MEDLINE/PubMed tagged file.

    Records are separated by blank lines, and a ``PMID-`` line always starts a new
    record (exports whose blank lines were lost do not merge records). A line that is
    not a field line is skipped and reported; its record is kept. Each record is
    counted with :meth:`Reporter.saw`.
    """
    fields: dict[str, list[str]] | None = None
    tag: str | None = None
    start = 0
    head = ""
    outside = False
    plain = _MED_TAGS - {"PMID"}
    for at, whole in lines(path, source, rep, progress, "MEDLINE"):
        if (
            fields is not None
            and whole[4:6] == "- "
            and whole[:4].rstrip(" ") in plain
            and "-" not in whole[6:14]
            and "PMID-" not in whole
        ):
            # "TAG - value" inside a record, no second field glued on (what _MED_TAG
            # matches): the common case
            tag, value = whole[:4].rstrip(" "), whole[6:].strip()
            fields.setdefault(tag, []).append(value)
            fields["_order"].append([tag, value])
            continue
        for number, line in _split_medline_line(at, whole, source, rep):
            if not line.strip():
                if fields is not None:
                    yield start, fields, head
                fields, tag, outside = None, None, False
                continue
            if line[0] in " \t":
                shifted = _MED_FIELD_LINE.match(line.lstrip())
                if shifted is not None and shifted.group(1) in _MED_TAGS:
                    rep.repair(
                        f"indented field line {line.strip()[:40]!r} read as a field, not as the "
                        "continuation of the one before",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                    line = line.lstrip()
            if line[0] in " \t":
                if fields is not None and tag is not None:
                    gap = "" if _HYPHEN_END.search(fields[tag][-1]) else " "
                    fields[tag][-1] += gap + line.strip()
                    fields["_order"][-1][1] += gap + line.strip()
                else:
                    outside = _stray_continuation(rep, source, number, line, outside)
                continue
            m = _MED_TAG.match(line)
            if m is None:
                outside = _stray(rep, source, number, line, fields is not None, outside, "MEDLINE")
                continue
            tag, value = m.group(1), m.group(2).strip()
            if tag == "PMID" and fields is not None:
                yield start, fields, head
                fields = None
            if fields is None:
                _record_starts(rep, source, number, line, tag, "PMID")
                fields, start, head = {"_order": []}, number, line
            fields.setdefault(tag, []).append(value)
            fields["_order"].append([tag, value])
    if fields is not None:
        yield start, fields, head
    elif not start and outside:
        rep.fail("no MEDLINE record in this file (no 'PMID-' line)", source=source, line=1)


# ---------------------------------------------------------------------------
# Web of Science records
# ---------------------------------------------------------------------------
_CITATION = re.compile(r"^[^,\[\]]{1,80}, (1[5-9]|20)\d\d, ")
_BRACKET = re.compile(r"^\[(?P<names>[^\]]*)\]\s*(?P<addr>.*)$")


_PIECES = re.compile(r";\s*(?=\[)")


def addresses(lines: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """C1 lines -> [(author names in brackets, institution)]; citation-like lines dropped."""
    out = []
    for text in lines:
        out.extend(_address_line(text))
    return out


@functools.lru_cache(maxsize=1 << 18)
def _address_line(text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """:func:`addresses` of one C1 line, once per distinct line."""
    if text.startswith("[") and text.count("[") == 1 and "]" in text and "\n" not in text:
        # one bracket (the common line): what _address_pieces finds, found directly
        names, _, addr = text.strip()[1:].partition("]")
        inst = institution(addr.lstrip())
        names_ = tuple(n.strip() for n in names.split(";") if n.strip())
        return ((names_, inst),) if inst else ()
    return _address_pieces(text)


def _address_pieces(text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """:func:`addresses` of one C1 line, any line (bracketed pieces split apart)."""
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


def affiliation_lookup(found: list[tuple[tuple[str, ...], str]]):
    """A function: printed author name -> institution of its first bracketed address."""
    exact: dict[str, str] = {}
    short: dict[str, str] = {}
    for bracket_names, inst in found:
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


def id_keys(names: list[str], orcid: dict[str, str], rid: dict[str, str]) -> list[str | None]:
    """The name-layer key of each author of a record from its ``OI`` and ``RI`` ids
    (:func:`_ids`): the id listed under the author's own name, else under a shorter
    form of it ("Van Dam, Nicholas" for "Nicholas T. Van Dam": the same surname, the
    given names the same or their initials) when exactly one author of the record
    fits it. An ORCID wins over a ResearcherID.

    Examples
    --------
    >>> id_keys(["Nicholas T. Van Dam", "Emilio M. Bruna", "Ann Lee"],
    ...         {"nicholas van dam": "0000-0002-1131-0739"}, {"emilio bruna": "H-2769-2012"})
    ['orcid:0000-0002-1131-0739', 'researcherid:H-2769-2012', None]
    >>> id_keys(["A. Li", "An Li"], {"a li": "1"}, {})  # "A. Li" itself; not both
    ['orcid:1', None]
    """
    keys = [name_key(n) for n in names]
    out: list[str | None] = [None] * len(names)
    for prefix, ids in (("orcid", orcid), ("researcherid", rid)):
        if not ids:
            continue
        for j, k in enumerate(keys):
            if out[j] is not None:
                continue
            if k in ids:
                out[j] = f"{prefix}:{ids[k]}"
        for listed, ident in ids.items():
            if listed in keys:
                continue  # (its own author has it)
            fits = [j for j, n in enumerate(names) if out[j] is None and _shorter_form(listed, n)]
            if len(fits) == 1:
                out[fits[0]] = f"{prefix}:{ident}"
    return out


def _shorter_form(listed: str, name: str) -> bool:
    """Whether `listed` (a name key) names `name` with fewer or shorter given names:
    the same surname, and each of its given names the same as, or the initial of, the
    given name at its place."""
    a, b = name_parts(listed), name_parts(name)
    if a is None or b is None or a[0] != b[0] or not a[1] or len(a[1]) > len(b[1]):
        return False
    pairs = zip(a[1], b[1][: len(a[1])], strict=True)
    return all(x == y or (len(x) == 1 and y.startswith(x)) for x, y in pairs)


def wos_record(start: int, f: dict[str, list[str]], source: str, rep: Reporter) -> Record:
    """One Web of Science record (its fields by tag) as a :class:`Record`."""
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
    addresses_ = addresses(f.get("C1", []))
    aff_of: dict[str, str] = {}
    for bracket_names, inst in addresses_:
        for n in bracket_names:
            aff_of.setdefault(name_key(invert_name(n)), inst)
    authors = []
    for n, key in zip(names, id_keys(names, orcid, rid), strict=True):
        authors.append((n, key, aff_of.get(name_key(n))))
    year, date, precision, notes_ = _wos_date(
        (" ".join(f.get("PY", [])), " ".join(f.get("PD", [])), " ".join(f.get("EA", [])))
    )
    notes = list(notes_)
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
        labs=tuple(dict.fromkeys(inst for _, inst in addresses_)),
        category=wc[0] if wc else "",
        extra={
            "wos_id": clean(" ".join(f.get("UT", []))),
            "document_type": clean(" ".join(f.get("DT", []))),
        },
        notes=notes,
    )


# ---------------------------------------------------------------------------
# blocks of whole records at once: lines as byte offsets, values gathered with array steps
# ---------------------------------------------------------------------------
# white space that str.strip() removes beyond spaces and tabs, as UTF-8: a file holding
# any of it is read line by line (control characters are, too)
_LEADS = np.zeros(256, dtype=bool)
_LEADS[[0xC2, 0xE1, 0xE2, 0xE3]] = True


def _unicode_space(arr: np.ndarray) -> bool:
    """True when the UTF-8 bytes in `arr` hold white space beyond ASCII (U+0085, U+00A0,
    U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000)."""
    blocks = (arr[i : i + _GATHER_BLOCK] for i in range(0, max(len(arr) - 2, 0), _GATHER_BLOCK))
    at = np.concatenate(  # bytes 0xC2-0xE3 (two comparisons), then the four leads among them
        [np.flatnonzero((b >= 0xC2) & (b <= 0xE3)) + k * _GATHER_BLOCK
         for k, b in enumerate(blocks)] or [np.empty(0, np.int64)]
    )
    at = at[_LEADS[arr[at]] & (at < len(arr) - 2)]
    if not at.size:
        return False
    a, b, c = arr[at], arr[at + 1], arr[at + 2]
    two = (a == 0xC2) & ((b == 0x85) | (b == 0xA0))
    e2 = (a == 0xE2) & (
        ((b == 0x80) & ((c <= 0x8A) | (c == 0xA8) | (c == 0xA9) | (c == 0xAF)))
        | ((b == 0x81) & (c == 0x9F))
    )
    other = ((a == 0xE1) & (b == 0x9A) & (c == 0x80)) | ((a == 0xE3) & (b == 0x80) & (c == 0x80))
    return bool((two | e2 | other).any())


_SPACE = np.zeros(256, dtype=bool)
_SPACE[[9, 32]] = True
_IS_UPPER = np.zeros(256, dtype=bool)
_IS_UPPER[65:91] = True
_IS_TAG2 = _IS_UPPER.copy()
_IS_TAG2[48:58] = True
_GATHER_BLOCK = 1 << 21


@dataclass
class TextLines:
    """A clean text file held as bytes, its lines as byte offsets.

    ``raw`` is the file without a byte-order mark, CRLF line ends made LF, ending
    with a line end; line ``k`` (number ``k + 1``) is ``raw[start[k]:end[k]]``, and
    ``raw[end[k]]`` is its ``"\\n"``. ``tag`` is the first two bytes of each line as
    one number (``ord(a) * 256 + ord(b)``), ``lo:hi`` its text without leading and
    trailing spaces and tabs.
    """

    raw: bytes
    arr: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    tag: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    def release(self) -> None:
        """Let the file's bytes and line arrays go (once their values are gathered)."""
        self.raw = b""
        self.arr = self.start = self.end = self.lo = self.hi = self.tag = np.empty(0, np.int64)

    def byte(self, pos: np.ndarray) -> np.ndarray:
        """The bytes at `pos` (the last byte, a line end, where `pos` runs past it)."""
        return self.arr[np.minimum(pos, len(self.arr) - 1)]


def tag_code(tag: str, wide: bool = False) -> int:
    """A two-letter tag as the number :attr:`TextLines.tag` holds for it; a longer
    one (MEDLINE's, up to four letters) as its four bytes padded with spaces.

    Examples
    --------
    >>> tag_code("PT") == ord("P") * 256 + ord("T")
    True
    >>> tag_code("AU") != tag_code("AU  "), tag_code("FAU") == int.from_bytes(b"FAU ", "big")
    (True, True)
    """
    if len(tag) == 2 and not wide:
        return ord(tag[0]) * 256 + ord(tag[1])
    return int.from_bytes(tag.ljust(4).encode("ascii"), "big")


def text_lines(path: str | PathLike) -> TextLines | None:
    """The lines of a record file as a :class:`TextLines`, or None when the file is
    not clean enough to be read that way (see :func:`chunk_lines`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_bytes(b"PT J\\r\\n   x \\r\\nER")
    >>> t = text_lines(path)
    >>> [t.raw[a:b] for a, b in zip(t.lo, t.hi)], bool(t.tag[0] == tag_code("PT"))
    ([b'PT J', b'x', b'ER'], True)
    >>> _ = path.write_bytes(b"PT J\\rER")  # a CR alone: read line by line
    >>> text_lines(path) is None
    True
    """
    return chunk_lines(Path(path).read_bytes(), first=True, last=True)


def chunk_lines(raw: bytes, first: bool, last: bool) -> TextLines | None:
    """The lines of a block of a record file (whole lines; the `first` and `last`
    block of the file, or both) as a :class:`TextLines`, or None when the block is
    not clean enough to be read that way (not UTF-8, control characters, a CR that
    is not part of a CRLF, white space other than spaces and tabs that ``str.strip``
    would remove): such a file is read line by line by :func:`lines`, which reports
    what it finds. The first block loses its byte-order mark; the last one gets a
    line end when it has none.

    Examples
    --------
    >>> t = chunk_lines(b"TI x\\r\\n  y\\r\\n", first=False, last=False)
    >>> t.raw, t.start.tolist(), t.lo.tolist()
    (b'TI x\\n  y\\n', [0, 5], [0, 7])
    >>> chunk_lines(b"TI x\\x00\\n", first=False, last=False) is None
    True
    """
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.translate(None, _NOT_CONTROL):
        return None
    if b"\r" in raw:
        if raw.count(b"\r") != raw.count(b"\r\n"):
            return None
        raw = raw.replace(b"\r\n", b"\n")
    if last and raw and not raw.endswith(b"\n"):
        raw += b"\n"
    arr = np.frombuffer(raw, dtype=np.uint8)
    if _unicode_space(arr) or not _utf8(raw):
        return None
    end = np.concatenate(  # block by block: no file-sized temporary
        [np.flatnonzero(arr[i : i + _GATHER_BLOCK] == 10) + i
         for i in range(0, len(arr), _GATHER_BLOCK)] or [np.empty(0, np.int64)]
    ).astype(np.int64)
    start = np.empty_like(end)
    if len(end):
        start[0] = 0
        start[1:] = end[:-1] + 1
    lo, hi = strip_bounds(arr, start, end)
    first_byte = arr[start].astype(np.int64)
    tag = first_byte * 256 + arr[np.minimum(start + 1, len(arr) - 1)]
    return TextLines(raw, arr, start, end, lo, hi, tag)


def _utf8(raw: bytes) -> bool:
    """True when `raw` is UTF-8 (as strict as Python's decoder: no surrogates, no
    overlong forms, nothing past U+10FFFF), checked by Arrow without decoding it.

    Examples
    --------
    >>> _utf8("Łódź".encode()), _utf8(b"\\xed\\xa0\\x80"), _utf8(b"abc\\xe2\\x82")
    (True, False, False)
    """
    as_bytes = pa.Array.from_buffers(pa.large_binary(), 1, [
        None, pa.py_buffer(np.array([0, len(raw)], dtype=np.int64)), pa.py_buffer(raw)])
    try:
        as_bytes.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def strip_bounds(arr: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ranges ``lo:hi`` of `arr` without their leading and trailing spaces and tabs.

    One vectorised step per space stripped from the widest margin.

    Examples
    --------
    >>> arr = np.frombuffer(b"  ab \\tc\\t", dtype=np.uint8)
    >>> strip_bounds(arr, np.array([0, 4]), np.array([4, 8]))
    (array([2, 6]), array([4, 7]))
    """
    lo = np.array(lo, dtype=np.int64)
    hi = np.array(hi, dtype=np.int64)
    act = np.flatnonzero(lo < hi)
    while act.size:
        act = act[_SPACE[arr[lo[act]]]]
        lo[act] += 1
        act = act[lo[act] < hi[act]]
    act = np.flatnonzero(lo < hi)
    while act.size:
        act = act[_SPACE[arr[hi[act] - 1]]]
        hi[act] -= 1
        act = act[lo[act] < hi[act]]
    return lo, hi


@dataclass
class Units:
    """The field values of a tagged file, one text per unit (a field line, or a field
    line and its continuation lines joined), in file order: ``tag`` (as
    :func:`tag_code`), ``record`` (counted from 0) and ``texts``, one Arrow string
    array: the values of a field can be numbered (:meth:`of_arrow`, then
    :func:`numbered`) without a Python string for each; :meth:`of` and the methods
    built on it give Python strings."""

    tag: np.ndarray
    record: np.ndarray
    texts: pa.Array
    wide: bool = False  # tags as four bytes (see :func:`tag_code`)

    def of_arrow(self, tag: str) -> tuple[np.ndarray, pa.Array]:
        """(record, text) of the units of `tag`, in file order, the texts as Arrow."""
        take = np.flatnonzero(self.tag == tag_code(tag, self.wide))
        return self.record[take], self.texts.take(take)

    def of(self, tag: str) -> tuple[np.ndarray, np.ndarray]:
        """(record, text) of the units of `tag`, in file order."""
        rec, text = self.of_arrow(tag)
        return rec, np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)

    def has(self, tag: str, n: int) -> np.ndarray:
        """Whether each of `n` records has a unit of `tag`."""
        return np.bincount(self.of(tag)[0], minlength=n) > 0

    def joined(self, tag: str, n: int, default: Any = "") -> np.ndarray:
        """One text per record: its units of `tag` joined by a space (`default` where
        the record has none)."""
        return self.joined_at(tag, n, default)[1]

    def joined_at(self, tag: str, n: int, default: Any = "") -> tuple[np.ndarray, np.ndarray]:
        """(the records that have `tag`, in increasing order; :meth:`joined`)."""
        rec, text = self.of(tag)
        out = np.full(n, default, dtype=object)
        if len(rec) and (np.diff(rec) == 0).any():  # the tag again later in a record
            by: dict[int, list[str]] = {}
            for r, x in zip(rec.tolist(), text.tolist(), strict=True):
                by.setdefault(r, []).append(x)
            rec = np.fromiter(by, dtype=np.int64, count=len(by))
            text = np.array([" ".join(v) for v in by.values()] + [None], dtype=object)[:-1]
        out[rec] = text
        return rec, out


def filled(text) -> np.ndarray:
    """Which texts of an Arrow string array are not empty."""
    return pc.binary_length(text).to_numpy(zero_copy_only=False) > 0


def numbered(text) -> tuple[np.ndarray, list[str]]:
    """(code of each text, the distinct texts) of an Arrow string array without nulls,
    numbered in order of first appearance (as :func:`pandas.factorize` numbers them);
    a Python string only per distinct text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> codes, distinct = numbered(pa.array(["b", "a", "b"]))
    >>> codes.tolist(), distinct
    ([0, 1, 0], ['b', 'a'])
    """
    codes, distinct = encoded(text)
    return codes, distinct.to_pylist()


def encoded(text) -> tuple[np.ndarray, pa.Array]:
    """(code of each text, the distinct texts as an Arrow array) of an Arrow string
    array without nulls: :func:`numbered` without making Python strings."""
    coded = pc.dictionary_encode(text)
    return coded.indices.to_numpy(zero_copy_only=False).astype(np.int64), coded.dictionary


def units(t: TextLines, owner: np.ndarray, record: np.ndarray, tags: np.ndarray,
          wanted: dict[int, bool], value_lo: np.ndarray, wide: bool = False,
          drop: np.ndarray | None = None, hyphen_joins: bool = False) -> Units:
    """Gather the values of the lines whose field (`owner`: the field line each line
    belongs to, -1 for none) has a tag (`tags`, per line) in `wanted` (tag -> whether
    its continuation lines join its value, after a space, rather than being values of
    their own).

    A field line's value starts at byte ``value_lo`` of its line, a continuation
    line's at its first character; values are stripped of spaces and tabs. `record`
    gives the record of each field line (-1 outside records). Field lines marked in
    `drop` are left out; their continuation lines form a unit of their own. With
    `hyphen_joins`, a line that ends in a hyphen after a letter joins the next without
    the space (MEDLINE wraps "Wisconsin-" / "Milwaukee" so).

    The texts go into one Arrow string array straight from the block's bytes, with
    array steps (no Python string is made here). The block is UTF-8 (checked by
    :func:`chunk_lines`) and every range starts and ends next to an ASCII byte, so
    each text is too.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_text("TI A long\\n   title\\nAU Li, W\\n   Ng, C\\n")
    >>> t = text_lines(path)
    >>> owner = owners(t, np.array([True, False, True, False]))
    >>> u = units(t, owner, np.zeros(4, dtype=np.int64), t.tag,
    ...           {tag_code("TI"): True, tag_code("AU"): False}, t.start + 3)
    >>> u.texts.to_pylist()
    ['A long title', 'Li, W', 'Ng, C']
    """
    field_tag = np.where(owner >= 0, tags[np.maximum(owner, 0)], -1)
    own_rec = np.where(owner >= 0, record[np.maximum(owner, 0)], -1)
    take = np.isin(field_tag, list(wanted)) & (own_rec >= 0) & (t.lo < t.hi)
    if drop is not None:
        take &= ~drop
    sel = np.flatnonzero(take)
    is_field = owner[sel] == sel
    lo = np.where(is_field, np.minimum(value_lo[sel], t.end[sel]), t.lo[sel])
    lo, hi = strip_bounds(t.arr, lo, np.where(is_field, t.end[sel], t.hi[sel]))
    join_tags = [k for k, v in wanted.items() if v]
    joined = np.zeros(len(sel), dtype=bool)  # the range goes on into the next
    if len(sel) > 1:
        joined[:-1] = (owner[sel[1:]] == owner[sel[:-1]]) & np.isin(field_tag[sel[:-1]], join_tags)
    starts = np.flatnonzero(np.r_[True, ~joined[:-1]]) if len(sel) else np.empty(0, np.int64)
    head = sel[starts]
    # a joined range takes the byte after it, made a space
    buf = t.arr
    spaced = joined
    if hyphen_joins and joined.any():  # "Wisconsin-" + "Milwaukee": no space between
        end = hi[joined]
        spaced = joined.copy()
        spaced[joined] = ~((buf[end - 1] == 45) & (buf[np.maximum(end - 2, 0)] != 32)
                           & (end - 2 >= lo[joined]))
    if joined.any():
        buf = buf.copy()
        buf[hi[spaced]] = 32
    hi = hi + spaced
    # the block as texts gap, range, gap, range, ..., gap (the ranges are disjoint and
    # in file order), the ranges taken out (copied by Arrow), a unit's ranges joined
    bounds = np.empty(2 * len(lo) + 2, dtype=np.int64)
    bounds[0], bounds[-1] = 0, len(buf)
    bounds[1:-1:2], bounds[2:-1:2] = lo, hi
    whole = pa.LargeStringArray.from_buffers(
        len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(np.ascontiguousarray(buf)))
    texts = whole.take(pa.array(np.arange(1, 2 * len(lo), 2, dtype=np.int64)))
    if len(starts) < len(lo):
        parts = pa.LargeListArray.from_arrays(pa.array(np.r_[starts, len(lo)]), texts)
        texts = pc.binary_join(parts, pa.scalar("", pa.large_string()))
    return Units(field_tag[head], own_rec[head], texts, wide=wide)


_FN, _VR, _PT, _ER, _EF = (tag_code(x) for x in ("FN", "VR", "PT", "ER", "EF"))


def owners(t: TextLines, field: np.ndarray) -> np.ndarray:
    """For each line, the field line it belongs to (itself, or the last field line
    before it), -1 before the first."""
    idx = np.where(field, np.arange(len(t)), -1)
    return np.maximum.accumulate(idx) if len(idx) else idx


def record_numbers(start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """Record number of each field line of a file whose records open with a `start`
    field and close with an `end` field (boolean, one entry per field line), -1 on the
    end fields; None unless each record closes before the next opens, the last one
    closes, and every other field stands inside a record.

    Examples
    --------
    >>> start = np.array([1, 0, 0, 1, 0], dtype=bool)
    >>> end = np.array([0, 0, 1, 0, 1], dtype=bool)
    >>> record_numbers(start, end).tolist(), record_numbers(start[:4], end[:4])
    ([0, 0, -1, 1, -1], None)
    """
    depth = np.cumsum(start.astype(np.int64) - end)
    before = depth - start + end
    if (not len(depth) or depth[-1] != 0 or (before[start] != 0).any()
            or (before[end] != 1).any() or (depth[~start & ~end] != 1).any()):
        return None
    number = np.cumsum(start) - 1
    number[end] = -1
    return number


def wos_layout(t: TextLines, first: bool = True, last: bool = True, header: bool = False):
    """(owner, record, first line of each record, header) of a WoS plain-text file
    (or of a block of whole records of it: the `first`, the `last` or both, `header`
    whether an earlier block held the file header) in the plain layout: an optional
    ``FN``/``VR`` header, records from ``PT`` to ``ER`` holding field lines (``XX
    value``) and continuation lines (indented), ``EF`` last (required after a
    header), blank lines anywhere. None for anything else: such a file is read by
    :func:`iter_wos`, which reports what it finds.

    `owner` is the field line each line belongs to (see :func:`units`); `record` the
    record number of each field line inside a record, -1 elsewhere; `header` whether
    this block holds the file header.
    """
    s, e = t.start, t.end
    blank = t.lo == t.hi
    cont = ~blank & _SPACE[t.byte(s)]
    field = ~blank & ~cont & _IS_UPPER[t.byte(s)] & _IS_TAG2[t.byte(s + 1)]
    field &= (e - s == 2) | (t.byte(s + 2) == 32)
    if (~blank & ~cont & ~field).any():
        return None
    fi = np.flatnonzero(field)
    ftag = t.tag[fi]
    is_pt = ftag == _PT
    saw_ef = bool(last and len(fi) and ftag[-1] == _EF)
    stop = len(fi) - saw_ef
    p0 = min(int(np.argmax(is_pt)) if is_pt.any() else len(fi), stop)
    if (not np.isin(ftag[:p0], (_FN, _VR)).all() or (p0 > 0 and not first)
            or (last and (header or p0 > 0) and not saw_ef)):
        return None
    body = ftag[p0:stop]
    if np.isin(body, (_FN, _VR, _EF)).any():
        return None
    pt = body == _PT
    numbers = record_numbers(pt, body == _ER) if len(body) else np.empty(0, np.int64)
    if numbers is None:
        return None
    owner = owners(t, field)
    cont_owner = owner[cont]
    if (cont_owner < 0).any():
        return None
    pos = np.searchsorted(fi, cont_owner)
    if ((pos < p0) | (pos >= stop)).any() or (ftag[np.minimum(pos, len(fi) - 1)] == _ER).any():
        return None
    record = np.full(len(t), -1, dtype=np.int64)
    record[fi[p0:stop]] = numbers
    return owner, record, fi[p0:stop][pt], p0 > 0


_WOS_WANTED = {tag_code(x): False for x in ("AU", "AF", "C1")} | {
    tag_code(x): True
    for x in ("OI", "RI", "PD", "PY", "EA", "DE", "ID", "WC", "TI", "DI", "SO", "AB", "UT", "DT")
}


def per_distinct(values, func, memo: dict | None = None, *, batch: bool = False) -> np.ndarray:
    """``func`` of each value, computed once per distinct value (once per distinct
    value over several calls sharing a `memo` dict); with `batch`, ``func`` takes the
    list of distinct values and returns their results."""
    codes, results = distinct_results(values, func, memo, batch=batch)
    return results[codes]


class TextMemo:
    """Results of a function of texts, computed once per distinct text over the
    blocks of a file, found again by Arrow's hash kernels (no Python call per text).
    Pass it as the `memo` of :func:`per_distinct` or :func:`distinct_results` where
    the values are texts; entries are only ever added, so an entry number stays valid.

    Examples
    --------
    >>> import pyarrow as pa
    >>> memo = TextMemo()
    >>> memo.entries(pa.array(["b", "a"]), str.upper).tolist()
    [0, 1]
    >>> memo.entries(pa.array(["c", "b"]), str.upper).tolist(), memo.results.tolist()
    ([2, 0], ['B', 'A', 'C'])
    >>> memo.key_ids(np.array([0, 2, 0])).tolist()  # numbers of the results' name keys
    [0, 2, 0]
    """

    def __init__(self) -> None:
        self.known = pa.array([], type=pa.large_string())
        self.results = np.empty(0, dtype=object)
        self._key_id = np.empty(0, dtype=np.int64)
        self._key_memo: TextMemo | None = None

    def entries(self, distinct: pa.Array, func, *, batch: bool = False) -> np.ndarray:
        """The entry (position in :attr:`results`) of each of the `distinct` texts
        (an Arrow string array without nulls or repeats), ``func`` computed for
        those not seen before (with `batch`, on the list of them at once)."""
        distinct = distinct.cast(pa.large_string())
        if len(self.known):
            found = pc.fill_null(pc.index_in(distinct, value_set=self.known), -1)
            pos = found.to_numpy(zero_copy_only=False).astype(np.int64)
        else:
            pos = np.full(len(distinct), -1, dtype=np.int64)
        miss = np.flatnonzero(pos < 0)
        if len(miss):
            new = distinct.take(miss) if len(miss) < len(distinct) else distinct
            todo = new.to_pylist()
            results = func(todo) if batch else [func(x) for x in todo]
            pos[miss] = len(self.results) + np.arange(len(miss))
            self.results = np.concatenate(
                [self.results, np.fromiter(results, dtype=object, count=len(todo))])
            self.known = pa.concat_arrays([self.known, new])
        return pos

    def lookup(self, texts: pa.Array, func, *, batch: bool = False) -> np.ndarray:
        """The entry of each of `texts` (an Arrow string array without nulls, repeats
        allowed): :meth:`entries` of its distinct texts, spread over them."""
        codes, distinct = encoded(texts)
        return self.entries(distinct, func, batch=batch)[codes]

    @property
    def _keys(self) -> TextMemo:
        """The name keys met so far, numbered (a memo of their own)."""
        if self._key_memo is None:
            self._key_memo = TextMemo()
        return self._key_memo

    def key_ids(self, entries: np.ndarray) -> np.ndarray:
        """A number for the :func:`~graphlib_papers.names.name_key` of each entry's
        result (a name): equal keys, equal numbers, over the whole file."""
        done = len(self._key_id)
        if done < len(self.results):  # (the results are names as invert_names leaves them)
            keys = name_keys(self.results[done:].tolist(), normalized=True)
            ids = self._keys.lookup(pa.array(keys, type=pa.large_string()), _itself)
            self._key_id = np.r_[self._key_id, ids]
        return self._key_id[entries]

    @property
    def key_count(self) -> int:
        """How many distinct keys :meth:`key_ids` has numbered."""
        return len(self._keys.results)


def distinct_results(
    values, func, memo: dict | TextMemo | None = None, *, batch: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(code of each value, result of each code): :func:`per_distinct` before its
    results are spread over the values (``results[codes]`` is its answer). Codes
    number the distinct values in order of first appearance; a missing value has the
    last code. `values` may be an Arrow string array without nulls (see
    :func:`numbered`); a :class:`TextMemo` takes texts only."""
    if isinstance(memo, TextMemo):
        if isinstance(values, np.ndarray | list | tuple | pd.Series):
            codes, uniq = pd.factorize(pd.Series(values, dtype=object))
            distinct = pa.array(uniq.tolist(), type=pa.large_string())
        else:
            codes, distinct = encoded(values)
        entries = memo.entries(distinct, func, batch=batch)  # (it may grow the results)
        out = memo.results[entries]
        if (codes < 0).any():
            out = np.r_[out, np.array([func([None])[0] if batch else func(None)], dtype=object)]
            codes = np.where(codes < 0, len(out) - 1, codes)
        return codes, out
    if isinstance(values, np.ndarray | list | tuple | pd.Series):
        codes, uniq = pd.factorize(pd.Series(values, dtype=object))
        todo = uniq.tolist()
    else:  # Arrow strings
        codes, todo = numbered(values)
        uniq = todo
    out = np.empty(len(uniq) + 1, dtype=object)  # the last for a missing value (code -1)
    if memo is not None:
        found = [memo.get(u, memo) for u in todo]
        miss = [i for i, x in enumerate(found) if x is memo]
        todo = [todo[i] for i in miss]
    results = (func(todo) if batch else [func(u) for u in todo]) if todo else []
    if memo is not None:
        for i, value, result in zip(miss, todo, results, strict=True):
            found[i] = memo[value] = result
        results = found
    out[:-1] = np.fromiter(results, dtype=object, count=len(uniq))
    if (codes < 0).any():
        out[-1] = func([None])[0] if batch else func(None)
        codes = np.where(codes < 0, len(uniq), codes)
    else:
        out = out[:-1]
    return codes, out


def _itself(x):
    return x


def shared(values, memo: dict) -> list:
    """`values` with equal values as one object (across calls sharing `memo`): a
    column of few distinct texts held once each.

    Examples
    --------
    >>> a = shared(["Nature", "Science", "".join(["Nat", "ure"])], {})
    >>> a == ["Nature", "Science", "Nature"], a[0] is a[2]
    (True, True)
    """
    return per_distinct(values, _itself, memo).tolist()


def wos_columns(chunk: Chunk, source: str, rep: Reporter) -> dict | None:
    """The records of a block of a WoS plain-text file in the plain layout
    (:func:`wos_layout`), as the arguments of :meth:`RecordColumns.extend`, with the
    meaning :func:`wos_record` gives each field (see :func:`read_in_chunks`). None
    for a block that is not in that layout."""
    t, state = chunk.lines, chunk.state
    layout = wos_layout(t, chunk.first, chunk.last, state.get("header", False))
    if layout is None:
        return None
    owner, record, heads, header = layout
    state["header"] = state.get("header", False) or header
    n = len(heads)
    if not n:
        return {}
    u = units(t, owner, record, t.tag, _WOS_WANTED, t.start + 3)
    t.release()
    lines = (heads + 1 + chunk.line0).tolist()
    rep.saw(source, n)
    memo = state.setdefault(
        "memo", {"names": TextMemo(), "dates": {}, "kw": {}, "wc": {}, "venue": {}})
    a_row, name_code, name_of = _wos_names(u, n, lines, source, rep, memo["names"])
    names = name_of[name_code]
    keys = _wos_keys(u, n, a_row, names)
    affs, labs = _wos_affiliations(u, n, a_row, name_code, memo)
    year, date, precision, notes = _wos_dates(u, n, memo["dates"])
    de = per_distinct(u.joined("DE", n), _keyword_tuple, memo["kw"])
    kid = per_distinct(u.joined("ID", n), _keyword_tuple, memo["kw"])
    both = np.flatnonzero([bool(a) and bool(b) for a, b in zip(de, kid, strict=True)])
    keywords = np.where([bool(x) for x in de], de, kid)
    for i in both.tolist():
        keywords[i] = tuple(dict.fromkeys(de[i] + kid[i]))
    return {
        "line": lines,
        "fields": {
            "title": u.joined("TI", n).tolist(),
            "year": year,
            "date": date,
            "date_precision": precision,
            "doi": clean_all(u.joined("DI", n)),
            "venue": shared(clean_all(u.joined("SO", n)), memo["venue"]),
            "keywords": keywords.tolist(),
            "abstract": clean_all(u.joined("AB", n)),
            "labs": labs,
            "category": per_distinct(u.joined("WC", n), _first_category, memo["wc"]).tolist(),
        },
        "authors": {"a_row": a_row, "a_name": names, "a_key": keys, "a_aff": affs},
        "extra": {
            "wos_id": clean_all(u.joined("UT", n)),
            "document_type": shared(clean_all(u.joined("DT", n)), memo["venue"]),
        },
        "notes": notes,
        "final": ("abstract", "venue", "labs", "keywords"),  # tuples: each item once
    }


def _keyword_tuple(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k.strip() for k in text.split(";") if k.strip()))


def _first_category(text: str) -> str:
    wc = _keyword_tuple(text)
    return wc[0] if wc else ""


def _wos_names(u: Units, n: int, lines: list[int], source: str, rep: Reporter, memo: TextMemo):
    """(record of each author, code of its printed name, printed name of each code):
    AF when it lists as many names as AU, else AU (a ``flagged`` row when both are
    there but differ in length). The codes are `memo`'s entries."""
    r_au, au = u.of_arrow("AU")
    r_af, af = u.of_arrow("AF")
    keep_au, keep_af = filled(au), filled(af)
    r_au, au, r_af, af = r_au[keep_au], au.filter(keep_au), r_af[keep_af], af.filter(keep_af)
    n_au, n_af = np.bincount(r_au, minlength=n), np.bincount(r_af, minlength=n)
    use_af = ((n_af > 0) & (n_af == n_au)) | (n_au == 0)
    for i in np.flatnonzero((n_af > 0) & (n_au > 0) & (n_af != n_au)).tolist():
        rep.note(
            "flagged",
            f"AF lists {n_af[i]} names but AU {n_au[i]}; AU used",
            source=source,
            line=lines[i],
        )
    take_af, take_au = use_af[r_af], ~use_af[r_au]
    rows = np.concatenate([r_af[take_af], r_au[take_au]])
    order = np.argsort(rows, kind="stable")
    printed = pa.concat_arrays([af.filter(take_af), au.filter(take_au)]).take(order)
    return rows[order], memo.lookup(printed, invert_names, batch=True), memo.results


def _wos_keys(u: Units, n: int, a_row: np.ndarray, names: np.ndarray) -> list:
    """ORCID (``OI``) or ResearcherID (``RI``) of each author, as the name layer's key."""
    keys = [None] * len(names)
    oi, ri = u.joined("OI", n, None), u.joined("RI", n, None)
    with_ids = np.flatnonzero([a is not None or b is not None for a, b in zip(oi, ri, strict=True)])
    bounds = np.searchsorted(a_row, np.arange(n + 1))
    for i in with_ids.tolist():
        orcid = _ids([oi[i]] if oi[i] is not None else [])
        rid = _ids([ri[i]] if ri[i] is not None else [])
        lo, hi = bounds[i], bounds[i + 1]
        keys[lo:hi] = id_keys(list(names[lo:hi]), orcid, rid)
    return keys


def _wos_affiliations(u: Units, n: int, a_row: np.ndarray, name_code: np.ndarray, memo: dict):
    """(affiliation of each author, labs of each record) from the ``C1`` addresses;
    the authors' names as entries of ``memo["names"]`` (a :class:`TextMemo`; `memo`
    holds what the blocks before found, see :func:`per_distinct`)."""
    r_c1, c1 = u.of_arrow("C1")
    codes, distinct = encoded(c1)
    people: TextMemo = memo["names"]
    line, inst, n_names, names = _c1_items(distinct, memo)
    sizes = np.bincount(line, minlength=len(distinct))
    bracketed = people.lookup(names, invert_names, batch=True)  # entry of each bracketed name
    per_unit = sizes[codes]
    unit = np.repeat(np.arange(len(codes)), per_unit)
    offset = np.cumsum(sizes) - sizes
    within = np.arange(len(unit)) - np.repeat(np.cumsum(per_unit) - per_unit, per_unit)
    item = offset[codes[unit]] + within if len(unit) else np.empty(0, dtype=np.int64)
    inst_of = per_distinct(inst, _itself, memo.setdefault("inst", {}))  # one object each
    rec, inst = r_c1[unit], inst_of[item]
    (lab_id,) = _pair_ids([rec], [inst])
    firsts = first_positions(lab_id)
    labs = tuples_by_record(rec[firsts], inst[firsts].tolist(), n)
    # bracketed author names -> the institution of their first address
    per_item = n_names[item] if len(item) else np.empty(0, dtype=np.int64)
    name_item = np.repeat(item, per_item)
    name_pos = np.arange(len(name_item)) - np.repeat(np.cumsum(per_item) - per_item, per_item)
    bracket = (np.cumsum(n_names) - n_names)[name_item] + name_pos  # into line_keys
    # the authors' and the bracketed names' keys as numbers, once per distinct name
    own_key, line_key = people.key_ids(name_code), people.key_ids(bracketed[bracket])
    width = people.key_count + 1
    a_id = np.asarray(a_row, dtype=np.int64) * width + own_key
    b_id = np.repeat(rec, per_item).astype(np.int64) * width + line_key
    firsts = first_positions(b_id)  # an author's first bracketed address in the record
    b_id, b_aff = b_id[firsts], inst_of[name_item][firsts]
    order = np.argsort(b_id)
    pos = np.minimum(np.searchsorted(b_id[order], a_id), max(len(b_id) - 1, 0))
    hit = b_id[order][pos] == a_id if len(b_id) else np.zeros(len(a_id), dtype=bool)
    affs = np.full(len(a_id), None, dtype=object)
    affs[hit] = b_aff[order][pos[hit]]
    return affs.tolist(), labs


def _c1_items(lines, memo: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, pa.Array]:
    """The addresses of distinct C1 lines (an Arrow string array), as
    :func:`_address_line` reads them, item by item in line order: (line of each item,
    its institution, how many bracketed names it has, the names, item by item).

    The usual line (one bracketed list of names, then the address) is read with array
    steps, its address's institution found once per distinct address; any other line
    by :func:`_address_pieces`."""
    simple = pc.and_(pc.and_(pc.starts_with(lines, "["),
                             pc.equal(pc.count_substring(lines, "["), 1)),
                     pc.and_(pc.greater_equal(pc.find_substring(lines, "]"), 0),
                             pc.equal(pc.count_substring(lines, "\n"), 0)))
    simple = simple.to_numpy(zero_copy_only=False)
    at = np.flatnonzero(simple)
    halves = pc.split_pattern(lines.take(at), "]", max_splits=1)
    address = pc.utf8_ltrim_whitespace(pc.list_element(halves, 1))
    a_codes, a_distinct = numbered(address)
    found = per_distinct(a_distinct, institution, memo.setdefault("address", {}))
    s_inst = found[a_codes] if len(a_codes) else np.empty(0, dtype=object)
    has = np.fromiter((bool(x) for x in found), dtype=bool, count=len(found))[a_codes]
    listed = pc.split_pattern(pc.utf8_slice_codeunits(pc.list_element(halves, 0), 1), ";")
    s_names = pc.utf8_trim_whitespace(pc.list_flatten(listed))
    parent = pc.list_parent_indices(listed).to_numpy(zero_copy_only=False).astype(np.int64)
    keep = filled(s_names)
    keep[keep] = has[parent[keep]]
    s_names, parent = s_names.filter(keep), parent[keep]
    s_count = np.bincount(parent, minlength=len(at))
    # the other lines, one by one
    c_line, c_inst, c_count, c_names = [], [], [], []
    other = np.flatnonzero(~simple)
    for k, text in zip(other.tolist(), lines.take(other).to_pylist(), strict=True):
        for names_, inst_ in _address_pieces(text):
            c_line.append(k)
            c_inst.append(inst_)
            c_count.append(len(names_))
            c_names.extend(names_)
    line = np.r_[at[has], np.array(c_line, dtype=np.int64)]
    inst = np.r_[s_inst[has], np.array(c_inst + [None], dtype=object)[:-1]]
    count = np.r_[s_count[has], np.array(c_count, dtype=np.int64)]
    names = pa.concat_arrays([s_names.cast(pa.large_string()),
                              pa.array(c_names, type=pa.large_string())])
    # items in line order (a line's items stay in their order); the names go with them
    order = np.argsort(line, kind="stable")
    item_of_name = np.repeat(np.arange(len(line)), count)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    name_order = np.argsort(rank[item_of_name], kind="stable")
    return line[order], inst[order], count[order], names.take(name_order)


def _pair_ids(rows: list[np.ndarray], keys: list[np.ndarray]) -> list[np.ndarray]:
    """One number per (row, key) pair, the same for equal pairs across the arrays."""
    codes, uniq = pd.factorize(np.concatenate([np.asarray(k, dtype=object) for k in keys]))
    out, at = [], 0
    for r, k in zip(rows, keys, strict=True):
        out.append(np.asarray(r, dtype=np.int64) * (len(uniq) + 1) + codes[at : at + len(k)])
        at += len(k)
    return out


def first_positions(ids: np.ndarray) -> np.ndarray:
    """Positions of the first occurrence of each distinct id, in increasing order."""
    return np.sort(np.unique(ids, return_index=True)[1])


def _wos_dates(u: Units, n: int, memo: dict):
    """Year, date, precision of each record from ``PY`` and ``PD`` (``EA`` when they
    hold no year), and the notes (record, sentence) on what was not kept or was taken
    from ``EA``; computed once per distinct triple."""
    py, pd_, ea = u.joined("PY", n), u.joined("PD", n), u.joined("EA", n)
    return dates_of(per_distinct(list(zip(py, pd_, ea, strict=True)), _wos_date, memo))


def dates_of(parsed) -> tuple[list, list, list, list[tuple[int, str]]]:
    """Columns year, date, precision and the notes (record, sentence) from one
    (year, date, precision, notes) tuple per record."""
    year = [p[0] for p in parsed]
    date = [p[1] for p in parsed]
    precision = [p[2] for p in parsed]
    notes = [(i, note) for i, p in enumerate(parsed) if p[3] for note in p[3]]
    return year, date, precision, notes


def _wos_date(fields: tuple[str, str, str]):
    """(year, date, precision, notes) of a WoS record from its ``PY``, ``PD`` and
    ``EA`` texts. A record published online first and not yet in an issue has no
    ``PY``: its year and month are then those of its early-access date (``EA``),
    with a note saying so.

    Examples
    --------
    >>> _wos_date(("2020", "MAR 15", ""))[:3]
    (2020, Timestamp('2020-03-15 00:00:00'), 'day')
    >>> year, date, precision, notes = _wos_date(("", "", "OCT 2021"))
    >>> year, precision, notes
    (2021, 'month', ("no PY: year and month taken from the early-access date (EA 'OCT 2021')",))
    """
    py, pd_text, ea = fields
    notes: list[str] = []
    pd_tokens = pd_text.split()
    fallback = not pd_tokens and ea.strip() and not py.strip()
    year = parse_year(py, notes if not pd_tokens and not fallback else None)
    month = next((t for t in pd_tokens if t.isalpha()), None)
    day = next((t for t in pd_tokens if t.isdigit() and len(t) <= 2), None)
    if year is None and pd_tokens:
        year = parse_year(" ".join([py, *pd_tokens]) if py else " ".join(pd_tokens), notes)
    if year is None and fallback:
        ea_tokens = ea.split()
        year = parse_year(ea, notes)
        if year is not None:
            month = next((t for t in ea_tokens if t.isalpha()), None)
            day = next((t for t in ea_tokens if t.isdigit() and len(t) <= 2), None)
            what = "year and month" if month else "year"
            notes.append(f"no PY: {what} taken from the early-access date (EA {ea.strip()!r})")
    date, precision = make_date(year, month, day, notes)
    return year, date, precision, tuple(notes)


def read_wos_file(
    path: str | PathLike, source: str, rep: Reporter, progress: bool | None, cols: RecordColumns,
    workers: int | None = 1,
) -> None:
    """Add the records of a WoS plain-text file to `cols`: block by block, each block
    at once (:func:`wos_columns`) when the file is clean and in the plain layout, else
    line by line (:func:`iter_wos` and :func:`wos_record`), which reports each problem
    at its line."""
    if read_in_chunks(path, source, rep, progress, "Web of Science", cut_after(b"ER"),
                      lambda chunk, quiet: wos_columns(chunk, source, quiet), cols, workers):
        return
    for start, fields, _head in iter_wos(path, source, rep, progress):
        cols.add_record(wos_record(start, fields, source, rep))


_TAG_OR_SPACE = _IS_TAG2.copy()
_TAG_OR_SPACE[32] = True
_PMID = tag_code("PMID", wide=True)


def found_at(t: TextLines, pattern: bytes) -> np.ndarray:
    """Start positions of `pattern` in the file.

    The candidates are the places of the pattern's rarest byte in the first 64 kB,
    then narrowed byte by byte.

    Examples
    --------
    >>> t = chunk_lines(b"AU  - Li\\nTI  - x  - y\\n", first=True, last=True)
    >>> found_at(t, b"  - ").tolist()
    [2, 11, 16]
    """
    arr, m = t.arr, len(pattern)
    counts = np.bincount(arr[: 1 << 16], minlength=256)
    k = min(range(m), key=lambda i: counts[pattern[i]])
    at = np.flatnonzero(arr[k : len(arr) - m + 1 + k] == pattern[k])
    for i, byte in enumerate(pattern):
        if i != k:
            at = at[arr[at + i] == byte]
    return at


def medline_layout(t: TextLines):
    """(owner, record, tag, value start, first line of each record) of a MEDLINE file
    (or of a block of whole records of it) in the plain layout: records of ``TAG -
    value`` lines (tags as :func:`tag_code` with ``wide=True``) and indented
    continuation lines, each record starting at a ``PMID-`` line, blank lines
    between records. None for anything else (such a file
    is read by :func:`iter_medline`, which reports what it finds).

    Lines that are not in the exact ``"TAG - "`` form with four-character tags, or
    that might hold a second field (a ``-`` early in the value, a ``PMID-`` inside),
    are looked at one by one, as :func:`iter_medline` reads them.
    """
    s, e = t.start, t.end
    blank = t.lo == t.hi
    b = [t.byte(s + i) for i in range(6)]
    cont = ~blank & _SPACE[b[0]]
    canon = ~blank & ~cont & _IS_UPPER[b[0]] & (b[4] == 45) & (b[5] == 32)
    canon &= _TAG_OR_SPACE[b[1]] & _TAG_OR_SPACE[b[2]] & _TAG_OR_SPACE[b[3]]
    canon &= ~((b[1] == 32) & ((b[2] != 32) | (b[3] != 32))) & ~((b[2] == 32) & (b[3] != 32))
    for i in range(6, 14):
        canon &= ~((s + i < e) & (t.byte(s + i) == 45))
    # a "PMID-" inside a line may start a glued record: counted first (one pass at C
    # speed; the pattern cannot overlap itself), looked for only when some stand inside
    at_start = (b[0] == 80) & (b[1] == 77) & (b[2] == 73) & (b[3] == 68) & (b[4] == 45)
    if t.raw.count(b"PMID-") != int(np.count_nonzero(at_start)):
        inner = found_at(t, b"PMID-")
        line_of = np.searchsorted(s, inner, side="right") - 1
        canon[line_of[inner != s[line_of]]] = False
    tags = (
        (b[0].astype(np.int64) << 24) | (b[1].astype(np.int64) << 16) | (b[2].astype(np.int64) << 8)
        | b[3].astype(np.int64)
    )
    value_lo = s + 6
    for k in np.flatnonzero(~blank & ~cont & ~canon).tolist():
        line = t.raw[s[k] : e[k]].decode("utf-8")
        if "PMID-" in line[1:] and _GLUED_PMID.search(line, 1):
            return None
        m = _MED_TAG.match(line)
        if m is None:
            return None
        if m.group(1) in _MED_TAGS:
            second = _MED_TAG.match(m.group(2))
            if second is not None and second.group(1) in _MED_TAGS:
                return None
        tags[k] = tag_code(m.group(1), wide=True)
        value_lo[k] = s[k] + len(line[: m.start(2)].encode("utf-8"))
    # an indented line that reads as a field line is repaired by iter_medline
    p = t.lo[cont]
    shifted = _IS_UPPER[t.byte(p)] & (t.byte(p + 4) == 45) & (t.byte(p + 5) == 32)
    for i in (1, 2, 3):
        shifted &= _TAG_OR_SPACE[t.byte(p + i)]
    if shifted.any():
        return None
    field = ~blank & ~cont
    after_blank = np.ones(len(t), dtype=bool)
    after_blank[1:] = blank[:-1]
    is_pmid = field & (tags == _PMID)
    if (cont & after_blank).any() or (field & after_blank & ~is_pmid).any():
        return None  # (so a block without a PMID line holds blank lines only)
    record = np.where(field, np.cumsum(is_pmid) - 1, -1)
    return owners(t, field), record, tags, value_lo, np.flatnonzero(is_pmid)


#: bytes read at a time by :func:`read_in_chunks` (the block then ends at a record end)
CHUNK_BYTES = 1 << 24


@dataclass
class Chunk:
    """A block of whole records of a file: its lines (:class:`TextLines`), how many
    lines of the file come before it, whether it is the file's first or last block,
    and ``state``, one dict shared by the blocks of a file (what a format carries
    from block to block: records so far, values computed once per distinct text)."""

    lines: TextLines
    line0: int
    first: bool
    last: bool
    state: dict


def cut_after(mark: bytes):
    """A block cutter (see :func:`read_in_chunks`): the end of the last line that
    starts with `mark` followed by a space or a line end."""

    def cut(block: bytes) -> int:
        i = len(block)
        while (i := block.rfind(b"\n" + mark, 0, i)) >= 0:
            after = block[i + 1 + len(mark) : i + 2 + len(mark)]
            end = block.find(b"\n", i + 1)
            if after in (b" ", b"\r", b"\n") and end >= 0:
                return end + 1
        return 0

    return cut


def cut_before(mark: bytes):
    """A block cutter (see :func:`read_in_chunks`): the start of the last line that
    starts with `mark` and follows an empty line."""

    def cut(block: bytes) -> int:
        i = len(block)
        while (i := block.rfind(b"\n" + mark, 0, i)) >= 0:
            if block[i - 1 : i] == b"\n" or block[i - 2 : i] == b"\n\r":
                return i + 1
        return 0

    return cut


def file_blocks(fh, cut, bar, size: int | None = None) -> Iterator[tuple[bytes, bool, bool]]:
    """(bytes, first, last) of each block of whole records: :data:`CHUNK_BYTES` read
    at a time, cut at the last record end in what is held (see :func:`cut_after`);
    a block with no record end grows until one comes or the file ends."""
    rest, first = b"", True
    size = size or CHUNK_BYTES
    while True:
        data = fh.read(size)
        bar.update(len(data))
        if not data:
            yield rest, first, True
            return
        block = rest + data
        at = cut(block)
        if at > 0:
            yield block[:at], first, False
            rest, first = block[at:], False
        else:
            rest = block


def read_in_chunks(path, source: str, rep: Reporter, progress, what: str, cut, columns,
                   cols: RecordColumns, workers: int | None = 1) -> bool:
    """True when the file is done with: empty (reported by :meth:`Reporter.empty_file`),
    or clean (:func:`chunk_lines`) and read into `cols` block by block, bounded
    memory, by ``columns(chunk, rep)`` (see :class:`Chunk`); `cut` finds where a block
    can end (:func:`cut_after`, :func:`cut_before`). ``columns`` returns the
    arguments of :meth:`RecordColumns.extend` for the records of its block (line
    numbers of the whole file; ``{}`` for none), or None for a layout that needs
    the line-by-line reading. False, with nothing added to `cols` or to `rep`, when
    a block is not clean, ``columns`` returns None or the file holds no record.

    With `workers` > 1 (and a platform that forks), the blocks after the first are
    shared between this process and ``workers - 1`` forked ones
    (:func:`._pool.ordered_map`), forked once the first block is read (so they start
    from its ``state``), in blocks of half the size; the blocks are taken back in file
    order, so the corpus and the load report are those of the reading in one process."""
    if rep.empty_file(path, source, what=f"{what} file"):
        return True
    quiet = Reporter(rep.errors, counted=rep.counted)
    batches, state = [], {}
    size = Path(path).stat().st_size
    block = CHUNK_BYTES // 2 if workers not in (None, 1) else CHUNK_BYTES
    n = pool_size(workers, size, block)
    with open(path, "rb") as fh, progress_bar(size, what, progress) as bar:
        # smaller blocks between processes: the last ones do not keep one waiting long
        blocks = numbered_blocks(file_blocks(fh, cut, bar, block if n > 1 else CHUNK_BYTES))
        for raw, first, last, line0 in blocks:  # the first block, in this process
            batch = _block_columns(raw, first, last, line0, columns, state, quiet)
            del raw
            if batch is None:
                return False
            if batch:
                batches.append(batch)
            if last:
                break

            def one(raw, first, last, line0):  # (in a worker: `state` as the first left it)
                theirs = Reporter(quiet.errors, counted=quiet.counted)
                return _block_columns(raw, first, last, line0, columns, state, theirs), theirs

            for batch, theirs in ordered_map(one, blocks, n):
                if batch is None:
                    return False
                _take_rows(theirs, quiet)
                if batch:
                    batches.append(batch)
            break
    if not batches:
        return False
    for batch in batches:
        cols.extend(source, **batch)
    pass_on(quiet, rep)
    return True


def numbered_blocks(blocks: Iterator[tuple[bytes, bool, bool]]) -> Iterator[tuple]:
    """(bytes, first, last, lines before) of each block of :func:`file_blocks`: the lines
    :func:`chunk_lines` will find, counted without splitting them (a line end each;
    the last block ends one that lacks it)."""
    line0 = 0
    for raw, first, last in blocks:
        yield raw, first, last, line0
        line0 += raw.count(b"\n") + (1 if last and raw and not raw.endswith(b"\n") else 0)


def _block_columns(raw: bytes, first: bool, last: bool, line0: int, columns, state: dict,
                   rep: Reporter) -> dict | None:
    """``columns`` of one block (see :func:`read_in_chunks`); None for a block that is
    not clean or not in the reader's layout."""
    t = chunk_lines(raw, first, last)
    del raw
    if t is None:
        return None
    return columns(Chunk(t, line0, first, last, state), rep)


def _take_rows(theirs: Reporter, quiet: Reporter) -> None:
    """Add the rows and counts of one block's reporter to `quiet`."""
    quiet.rows.extend(theirs.rows)
    quiet.seen.update(theirs.seen)
    quiet.skipped.update(theirs.skipped)


def pass_on(quiet: Reporter, rep: Reporter) -> None:
    """Hand the rows and counts `quiet` collected on to `rep`, warning as `rep` would
    have for its ``skipped`` and ``repaired`` rows."""
    rep.seen.update(quiet.seen)
    rep.skipped.update(quiet.skipped)
    for row in quiet.rows:
        rep.rows.append(row)
        if row[2] in ("skipped", "repaired"):
            rep._warn(row[0], row[1], row[3])


def distinct_by_record(rec: np.ndarray, text, n: int) -> list[tuple]:
    """One tuple per record of its non-empty texts (an Arrow string array, `rec`
    sorted), each text once, in order, as the assembly would leave them (so a reader
    can hand the field over final); () where none. A Python string per distinct text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> distinct_by_record(np.array([0, 0, 0, 2, 2]), pa.array(["b", "a", "b", "", "c"]), 3)
    [('b', 'a'), (), ('c',)]
    """
    keep = filled(text)
    rec = np.asarray(rec)[keep]
    codes, distinct = encoded(text.filter(keep))
    first = first_positions(rec.astype(np.int64) * (len(distinct) + 1) + codes)
    words = np.array(distinct.to_pylist() + [None], dtype=object)[:-1]  # one str per text
    return tuples_by_record(rec[first], words[codes[first]].tolist(), n)


def tuples_by_record(rec: np.ndarray, items: list, n: int) -> list[tuple]:
    """One tuple per record of the `items` of each (`rec` sorted), () where none."""
    out: list[tuple] = [()] * n
    if len(rec):
        cuts = np.r_[0, np.flatnonzero(np.diff(rec)) + 1, len(rec)].tolist()
        for r, a, b in zip(np.asarray(rec)[cuts[:-1]].tolist(), cuts[:-1], cuts[1:], strict=True):
            out[r] = tuple(items[a:b])
    return out
