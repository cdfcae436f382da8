"""Line-tagged record formats (Web of Science plain text, MEDLINE), read as a stream."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from ..names import name_key
from ._common import (
    Record,
    clean,
    institution,
    invert_name,
    make_date,
    parse_year,
    progress_bar,
)
from ._errors import Reporter

__all__ = [
    "TaggedRecord",
    "addresses",
    "affiliation_lookup",
    "iter_medline",
    "iter_wos",
    "latin1_escapes",
    "lines",
    "wos_record",
]

TaggedRecord = tuple[int, dict[str, list[str]], str]  # (first line, fields, raw head)


_BLOCK = 1 << 22
_SURROGATES = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))  # to delete


def latin1_escapes(text: str) -> str:
    """Bytes kept as surrogate escapes (``errors="surrogateescape"``) read as Latin-1."""
    return _SURROGATES.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)


def lines(path: str | PathLike, source: str, rep: Reporter, progress: bool | None, desc: str):
    """Yield (line number, text) of a text record file.

    Any line ending is a line end (LF, CRLF, CR alone). Bytes that are not UTF-8 are
    read as Latin-1 and reported; NUL bytes on the first line mean a binary file
    (refused); control characters elsewhere are removed and reported. An empty
    file is reported by :meth:`Reporter.empty_file`.

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
                    line = latin1_escapes(line)
                    if not bad:
                        rep.repair(
                            f"not valid UTF-8 (byte 0x{ord(esc.group()) - 0xDC00:02x}); "
                            "those bytes read as Latin-1",
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
    if len(bad) > 1:
        shown = ", ".join(map(str, bad[1:6])) + (", ..." if len(bad) > 6 else "")
        rep.repair(
            f"{len(bad) - 1} more lines not valid UTF-8 (lines {shown}); read as Latin-1",
            source=source,
            line=bad[1],
        )


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
                if not outside:
                    rep.repair(
                        "continuation line outside a record ignored",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                outside = True
                continue
            fields.setdefault(tag, []).append(line.strip())
            continue
        m = _WOS_TAG.match(line)
        if m is None:
            g = _WOS_GLUED.match(line)
            if g is None or fields is None:
                if fields is not None:
                    rep.repair(
                        f"not a Web of Science field line: {line[:40]!r}; line skipped",
                        source=source,
                        line=number,
                        record=line,
                    )
                elif not outside:
                    rep.repair(
                        f"text outside records ignored: {line[:40]!r}",
                        source=source,
                        line=number,
                        record=line,
                    )
                    outside = True
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
            if tag != "PT":
                rep.repair(
                    f"record starts with {tag} instead of PT",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
            rep.saw(source)
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
    for number, whole in lines(path, source, rep, progress, "MEDLINE"):
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
        for number, line in _split_medline_line(number, whole, source, rep):
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
                    fields[tag][-1] += " " + line.strip()
                    fields["_order"][-1][1] += " " + line.strip()
                elif not outside:
                    rep.repair(
                        "continuation line outside a record ignored",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                    outside = True
                continue
            m = _MED_TAG.match(line)
            if m is None:
                if fields is not None:
                    rep.repair(
                        f"not a MEDLINE field line: {line[:40]!r}; line skipped",
                        source=source,
                        line=number,
                        record=line,
                    )
                elif not outside:
                    rep.repair(
                        f"text outside records ignored: {line[:40]!r}",
                        source=source,
                        line=number,
                        record=line,
                    )
                    outside = True
                continue
            tag, value = m.group(1), m.group(2).strip()
            if tag == "PMID" and fields is not None:
                yield start, fields, head
                fields = None
            if fields is None:
                if tag != "PMID":
                    rep.repair(
                        f"record starts with {tag} instead of PMID",
                        source=source,
                        line=number,
                        record=line,
                        strict=False,
                    )
                rep.saw(source)
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
        labs=tuple(dict.fromkeys(inst for _, inst in addresses_)),
        category=wc[0] if wc else "",
        extra={
            "wos_id": clean(" ".join(f.get("UT", []))),
            "document_type": clean(" ".join(f.get("DT", []))),
        },
        notes=notes,
    )
