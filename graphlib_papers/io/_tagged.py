"""Line-tagged record formats (Web of Science plain text, MEDLINE), read as a stream."""

from __future__ import annotations

import re
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from ._common import progress_bar
from ._errors import Reporter

__all__ = ["TaggedRecord", "iter_medline", "iter_wos"]

TaggedRecord = tuple[int, dict[str, list[str]], str]  # (first line, fields, raw head)


_BLOCK = 1 << 22


def _lines(path: str | PathLike, source: str, rep: Reporter, progress: bool | None, desc: str):
    """Yield (line number, text) decoding each line; Latin-1 fallback reported once.

    The file is read in blocks of a few MB, each decoded at once (line by line only
    when a block is not valid UTF-8), so memory stays bounded and the cost per line
    is one split.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory, not a record file")
    size = path.stat().st_size
    warned = False
    number = 0
    rest = b""
    with open(path, "rb") as fh, progress_bar(size, desc, progress) as bar:
        while True:
            first = fh.tell() == 0
            block = fh.read(max(_BLOCK, 3) if first else _BLOCK)
            bar.update(len(block))
            eof = not block
            if first and block.startswith(b"\xef\xbb\xbf"):
                block = block[3:]
            if not eof:
                block = rest + block
                cut = block.rfind(b"\n") + 1
                if cut == 0:
                    rest = block
                    continue
                block, rest = block[:cut], block[cut:]
            elif rest:
                block, rest = rest + b"\n", b""
            else:
                return
            nul = block.find(b"\x00")
            if nul >= 0:
                good = block.rfind(b"\n", 0, nul) + 1
                raws = block[:good].split(b"\n")[:-1]
                bad_line = number + len(raws) + 1
                bad = block[good : block.find(b"\n", nul) + 1]
            else:
                raws = None
            try:
                text = (block if raws is None else block[:good]).decode("utf-8")
                lines = text.split("\n")[:-1]
            except UnicodeDecodeError:
                lines = []
                for k, raw in enumerate((block if raws is None else block[:good]).split(b"\n")[:-1]):
                    try:
                        lines.append(raw.decode("utf-8"))
                    except UnicodeDecodeError as exc:
                        if not warned:
                            rep.repair(
                                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); line decoded as Latin-1",
                                source=source,
                                line=number + k + 1,
                            )
                            warned = True
                        lines.append(raw.decode("latin-1"))
            for line in lines:
                number += 1
                yield number, line.rstrip("\r\n").lstrip("\r")
            if raws is not None:
                rep.fail(
                    "binary data (NUL bytes) in a text record file",
                    source=source,
                    line=bad_line,
                    record=repr(bad[:40]),
                )
                return


_WOS_TAG = re.compile(r"([A-Z][A-Z0-9])(?: (.*)|)$")
_WOS_GLUED = re.compile(r"([A-Z][A-Z0-9])(\S.*)$")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TAG_OK = frozenset(a + b for a in _UPPER for b in _UPPER + "0123456789")  # [A-Z][A-Z0-9]


def iter_wos(
    path: str | PathLike, source: str, rep: Reporter, progress: bool | None
) -> Iterator[TaggedRecord]:
    """Yield the records of a WoS plain-text file, reporting broken structure."""
    fields: dict[str, list[str]] | None = None
    tag: str | None = None
    start = 0
    saw_ef = False
    saw_header = False
    head_line = ""
    last = 0
    broken = False
    values: list[str] | None = None  # the list the current tag's lines go to
    for number, line in _lines(path, source, rep, progress, "Web of Science"):
        last = number
        if broken:
            if line.startswith("ER"):
                broken = False
            continue
        if line.startswith(("   ", "\t")):
            if not line.strip():
                continue
            if saw_ef:
                rep.repair(
                    "text after the EF end-of-file line ignored",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
                return
            if fields is None or tag is None:
                rep.repair(
                    "continuation line outside a record ignored",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
                continue
            if values is None:
                values = fields.setdefault(tag, [])
            values.append(line.strip())
            continue
        if not line.strip():
            continue
        if saw_ef:
            rep.repair(
                "text after the EF end-of-file line ignored",
                source=source,
                line=number,
                record=line,
                strict=False,
            )
            return
        # "XY value" or "XY": the tag test of _WOS_TAG without the regex
        head = line[:2]
        if head in _TAG_OK and (len(line) == 2 or line[2] == " "):
            tag, value = head, line[3:].strip()
        else:
            m = _WOS_TAG.match(line)
            if m is None:
                g = _WOS_GLUED.match(line)
                if g is None or fields is None:
                    rep.fail(
                        f"not a Web of Science field line: {line[:40]!r}",
                        source=source,
                        line=number,
                        record=line,
                    )
                    if fields is not None:
                        fields, tag, broken = None, None, True  # skip the rest of the record
                    values = None
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
            tag, value = m.group(1), (m.group(2) or "").strip()
        values = None
        if tag in ("FN", "VR") and fields is None:
            saw_header = True
            continue
        if tag == "EF":
            if fields is not None:
                rep.fail("record not closed by ER before EF", source=source, line=start)
                fields = None
            saw_ef = True
            continue
        if tag == "ER":
            if fields is not None:
                yield start, fields, head_line
            fields, tag = None, None
            continue
        if fields is None:
            if tag != "PT":
                rep.repair(
                    f"record starts with {tag} instead of PT",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
            fields, start, head_line = {}, number, line
        values = fields.get(tag)
        if values is None:
            values = fields[tag] = []
        values.append(value)
    if fields is not None:
        rep.fail(
            f"file ends inside a record (no ER) after line {last}; the records before it were read",
            source=source,
            line=start,
            record=head_line,
        )
    elif last and not saw_ef and saw_header:
        rep.repair(
            f"file ends at line {last} without the EF end-of-file line (cut off?)",
            source=source,
            line=last,
        )


_MED_TAG = re.compile(r"([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")


def iter_medline(
    path: str | PathLike, source: str, rep: Reporter, progress: bool | None
) -> Iterator[TaggedRecord]:
    """Yield the records of a MEDLINE/PubMed tagged file (records separated by blank lines)."""
    fields: dict[str, list[str]] | None = None
    tag: str | None = None
    start = 0
    head = ""
    for number, line in _lines(path, source, rep, progress, "MEDLINE"):
        if not line.strip():
            if fields is not None:
                yield start, fields, head
            fields, tag = None, None
            continue
        if line.startswith("      ") and fields is not None and tag is not None:
            fields[tag][-1] += " " + line.strip()
            fields["_order"][-1][1] += " " + line.strip()
            continue
        m = _MED_TAG.match(line)
        if m is None:
            rep.fail(
                f"not a MEDLINE field line: {line[:40]!r}", source=source, line=number, record=line
            )
            fields, tag = None, None
            continue
        tag, value = m.group(1), m.group(2).strip()
        if fields is None:
            if tag != "PMID":
                rep.repair(
                    f"record starts with {tag} instead of PMID",
                    source=source,
                    line=number,
                    record=line,
                    strict=False,
                )
            fields, start, head = {"_order": []}, number, line
        fields.setdefault(tag, []).append(value)
        fields["_order"].append([tag, value])
    if fields is not None:
        yield start, fields, head
