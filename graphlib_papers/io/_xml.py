"""Safe, streaming XML for the readers (DBLP, arXiv Atom).

* Parsing goes through :mod:`defusedxml`: entity declarations (billion laughs),
  external entities and external DTD fetching are refused with a :class:`ParseError`
  whatever ``errors=`` says. Nothing is ever fetched from the network.
* Named character entities of a DTD (DBLP's ``&auml;``) are rewritten to numeric
  character references *before* the parser sees them, from the DTD file beside the
  XML when there is one (only its file name is used, never a path or URL), else
  from :data:`html.entities.name2codepoint`.
* Records stream: each record element is yielded on its end tag and cleared
  afterwards, so memory stays bounded by the largest record.
"""

from __future__ import annotations

import functools
import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path
from xml.parsers.expat import ExpatError

from ..exceptions import MissingDependency, ParseError
from ._common import progress_bar
from ._errors import Reporter

__all__ = ["dtd_entities", "iter_xml_records"]

_CHUNK = 1 << 16
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9._-]{0,31});")
_DTD_ENTITY = re.compile(r'<!ENTITY\s+([A-Za-z][\w.-]*)\s+"((?:&#x?[0-9A-Fa-f]+;)+)"\s*>')
_DOCTYPE_SYSTEM = re.compile(rb'<!DOCTYPE\s+\w+\s+SYSTEM\s+["\']([^"\']+)["\']')


def _defused():
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import DefusedXMLParser
    except ImportError as exc:  # pragma: no cover - exercised only without the dependency
        raise MissingDependency("defusedxml", extra="formats") from exc
    return DefusedXMLParser, DefusedXmlException


def dtd_entities(dtd_text: str) -> dict[str, str]:
    """Character entities declared in a DTD as numeric references: ``{"auml": "ä"}``.

    Examples
    --------
    >>> dtd_entities('<!ENTITY auml "&#228;"> <!ENTITY reg   "&#174;">')
    {'auml': 'ä', 'reg': '®'}
    """
    out = {}
    for name, refs in _DTD_ENTITY.findall(dtd_text):
        chars = []
        for ref in re.findall(r"&#(x?[0-9A-Fa-f]+);", refs):
            code = int(ref[1:], 16) if ref.startswith("x") else int(ref)
            if 0 < code <= 0x10FFFF:
                chars.append(chr(code))
        if chars:
            out[name] = "".join(chars)
    return out


def _entity_table(path: Path, head: bytes) -> tuple[dict[bytes, bytes], str]:
    """Entity name -> numeric reference bytes; and where the table came from."""
    m = _DOCTYPE_SYSTEM.search(head)
    candidates = []
    if m:
        name = Path(m.group(1).decode("ascii", "replace")).name  # a file name only
        candidates.append(path.parent / name)
    candidates.append(path.parent / "dblp.dtd")
    for dtd in candidates:
        try:
            if dtd.is_file():
                stat = dtd.stat()
                table = _encoded_table(str(dtd), stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue
        else:
            if dtd.is_file() and table is not None:
                return table, dtd.name
    return _encoded_table(None, 0, 0), "html.entities"


@functools.lru_cache(maxsize=8)
def _encoded_table(dtd: str | None, mtime_ns: int, size: int) -> dict[bytes, bytes] | None:
    """The rewriting table from the HTML entities and a DTD file's (None when the DTD
    declares no character entity); built once per DTD file version."""
    names: dict[str, str] = {k: chr(v) for k, v in html.entities.name2codepoint.items()}
    if dtd is not None:
        table = dtd_entities(Path(dtd).read_text(encoding="latin-1"))
        if not table:
            return None
        names.update(table)
    return {
        k.encode("ascii"): "".join(f"&#{ord(c)};" for c in v).encode("ascii")
        for k, v in names.items()
        if k not in _PREDEFINED
    }


class _EntityRewriter:
    """Rewrites ``&name;`` to numeric references across chunk boundaries."""

    def __init__(self, table: Mapping[bytes, bytes]):
        self.table = table
        self.pending = b""

    def _sub(self, m: re.Match) -> bytes:
        return self.table.get(m.group(1), m.group(0))

    def feed(self, chunk: bytes, final: bool = False) -> bytes:
        data = self.pending + chunk
        self.pending = b""
        if not final:
            amp = data.rfind(b"&")
            if amp != -1 and b";" not in data[amp:] and len(data) - amp < 40:
                data, self.pending = data[:amp], data[amp:]
        return _ENTITY_REF.sub(self._sub, data)


def _local(tag: str) -> str:
    """An element's name without its namespace or prefix."""
    return tag.rsplit("}", 1)[-1]


class _RecordBuilder:
    """Fast expat handlers: builds each child of the root as an Element, stamped with
    the line of its start tag, and queues it when its end tag is read. The root keeps
    no children, so memory is bounded by the largest record.

    Record accounting happens here, on start tags, apart from how elements are built:
    every element named like a record (`names`, by local name) is counted with
    :meth:`Reporter.saw` where its start tag is read. A record is a child of the root
    (or the root itself, for a document holding one record); one met anywhere else
    (an ``<entry>`` inside an ``<entry>``) is counted and reported as not read.
    """

    def __init__(self, expat, names, source: str, rep: Reporter):
        self.expat = expat
        self.names = names
        self.source, self.rep = source, rep
        self.stack: list[ET.Element] = []
        self.done: list[tuple[int, ET.Element]] = []
        self.line = 0
        self.record_depth = 1  # 0 when the root element is itself a record
        self.open_line: int | None = None  # the counted record being built
        self.last_line, self.on_last_line = 0, 0  # counted start tags on the last such line

    @staticmethod
    def _name(name: str) -> str:
        return "{" + name if "}" in name else name

    def _count(self, line: int) -> None:
        self.rep.saw(self.source)
        if line == self.last_line:
            self.on_last_line += 1
        else:
            self.last_line, self.on_last_line = line, 1

    def start(self, tag, attrs):
        if attrs:
            if isinstance(attrs, list):  # ordered_attributes: [k1, v1, k2, v2, ...]
                attrs = dict(zip(attrs[::2], attrs[1::2], strict=False))
            if "}" in "".join(attrs):
                attrs = {self._name(k): v for k, v in attrs.items()}
        else:
            attrs = {}
        if "}" in tag:
            local = tag.rsplit("}", 1)[-1]
            tag = "{" + tag
        else:
            local = tag
        el = ET.Element(tag, attrs)
        depth = len(self.stack)
        is_record = local in self.names
        if depth == 0 and is_record:
            self.record_depth = 0
        if depth == self.record_depth:
            self.line = self.expat.CurrentLineNumber
            if is_record:
                self._count(self.line)
                self.open_line = self.line
        elif is_record:  # a record where no record belongs: counted, reported, not read
            line = self.expat.CurrentLineNumber
            self._count(line)
            parent = _local(self.stack[-1].tag)
            self.rep.fail(
                f"<{local}> inside <{parent}> is not read (records are children of "
                "the root element)",
                source=self.source,
                line=line,
                records=1,
            )
        if depth > self.record_depth:
            self.stack[-1].append(el)
        self.stack.append(el)

    def end(self, tag):
        el = self.stack.pop()
        if len(self.stack) == self.record_depth:
            self.done.append((self.line, el))
            self.open_line = None

    def data(self, text):
        if len(self.stack) <= self.record_depth:
            return
        el = self.stack[-1]
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + text
        else:
            el.text = (el.text or "") + text


def _count_starts(pattern: re.Pattern, window: bytes, fh) -> int:
    """Record start tags in `window` and in what is left of `fh`, read in chunks; a
    tag cut by a chunk boundary is counted once, in the chunk where it is whole."""
    n, buf = 0, window
    while True:
        more = fh.read(_CHUNK)
        if not more:
            return n + sum(1 for _ in pattern.finditer(buf))
        cut = max(0, len(buf) - 256)  # a start tag's name is shorter than this
        n += sum(1 for m in pattern.finditer(buf) if m.start() < cut)
        buf = buf[cut:] + more


def record_pattern(names) -> re.Pattern:
    """Start tags of the elements named `names` (any prefix), as bytes."""
    alt = b"|".join(re.escape(n.encode("ascii")) for n in sorted(names))
    return re.compile(rb"<(?:[A-Za-z_][\w.-]{0,63}:)?(?:" + alt + rb")[\s/>]")


def _guarded_parser(records: frozenset[str], source: str, rep: Reporter):
    """(expat parser, record builder): defusedxml installs its guards on the expat
    parser (entity declarations, unparsed entities, external references); element
    handlers are replaced by fast ones that build records directly (ElementTree's
    Python-level handlers are slow)."""
    DefusedXMLParser, _ = _defused()
    parser = DefusedXMLParser(
        target=ET.TreeBuilder(), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    expat = parser.parser
    builder = _RecordBuilder(expat, records, source, rep)
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    return expat, builder


def _refused(exc: Exception, source: str, line: int) -> ParseError:
    """The error for hostile XML (an entity declaration, an external reference)."""
    what = getattr(exc, "name", None)
    return ParseError(
        "refused: the file declares "
        + (f"the entity {what!r}" if what else "an entity or external reference")
        + f" ({type(exc).__name__}); XML with entity declarations or external "
        "references (billion laughs, XXE) is never read",
        source=source,
        line=line,
    )


def _unread_records(expat, builder, records, window: bytes, window_at: int, fh,
                    line: int | None) -> int:
    """Record start tags a parse fault leaves unread: from the beginning of the
    faulty line on (in `window`, the bytes fed last, which begin at file offset
    `window_at`, and the rest of `fh`), less those on that line already counted."""
    at = expat.ErrorByteIndex - window_at
    if not 0 <= at <= len(window):
        at = len(window)
    start = window.rfind(b"\n", 0, at) + 1
    if start == 0 and window_at > 0:
        start = at  # the line began before the window: count from the fault
    rest = _count_starts(record_pattern(records), window[start:], fh)
    if builder.last_line == line and start != at:
        rest -= builder.on_last_line
    return max(rest, 0)


def iter_xml_records(
    path: str | PathLike,
    source: str,
    rep: Reporter,
    progress: bool | None,
    *,
    desc: str,
    records: frozenset[str],
    resolve_entities: bool = False,
    stats: dict | None = None,
) -> Iterator[tuple[int, ET.Element]]:
    """Yield (line, element) for each child of the root element, then clear it.

    Elements whose local name is in `records` are counted (:meth:`Reporter.saw`) as
    their start tags are read; when malformed or cut-off XML stops the parse, the
    record being read and the record start tags in the unread rest of the file are
    counted too, and the row reporting the fault says how many records it costs
    (``records=``), so the load report accounts for every record of the file.

    Raises :class:`ParseError` for hostile input (entity declarations, external
    references) always; reports malformed or cut-off XML through `rep`.
    """
    _, DefusedXmlException = _defused()
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory, not an XML file")
    size = path.stat().st_size
    expat, builder = _guarded_parser(records, source, rep)
    n_records = 0
    rewriter = None
    fed = 0  # bytes given to the parser before the current chunk
    previous = b""  # the end of the chunk before, to find where a faulty line starts

    def drain():
        nonlocal n_records
        done, builder.done = builder.done, []
        for line, elem in done:
            n_records += _local(elem.tag) in records
            yield line, elem

    with open(path, "rb") as fh, progress_bar(size, desc, progress) as bar:
        first = True
        while True:
            chunk = fh.read(_CHUNK)
            final = not chunk
            if first:
                first = False
                if not chunk.lstrip(b"\xef\xbb\xbf").strip():
                    rep.fail("empty file: no XML records", source=source, line=1)
                    return
                if resolve_entities:
                    table, origin = _entity_table(path, chunk[:4096])
                    rewriter = _EntityRewriter(table)
                    if stats is not None:
                        stats["entities_from"] = origin
            bar.update(len(chunk))
            data = rewriter.feed(chunk, final) if rewriter is not None else chunk
            try:
                expat.Parse(data, final)
            except DefusedXmlException as exc:
                raise _refused(exc, source, expat.CurrentLineNumber) from None
            except (ExpatError, ET.ParseError) as exc:
                if isinstance(exc, ExpatError):
                    line, col = exc.lineno, exc.offset
                else:
                    line, col = getattr(exc, "position", (None, None))
                yield from drain()
                # the records this fault costs: the one being read, and every record
                # start tag from the beginning of the faulty line on, less those on that
                # line already counted
                rest = _unread_records(expat, builder, records, previous + data,
                                       fed - len(previous), fh, line)
                rep.saw(source, rest)
                lost = int(builder.open_line is not None) + rest
                reason = (
                    "XML ends early (cut off?)"
                    if final or "no element found" in str(exc)
                    else f"malformed XML ({str(exc).split(':')[0]})"
                )
                rep.fail(
                    f"{reason} at column {col}; {n_records} records were read "
                    f"before it, the rest of the file is not ({lost} record(s) lost)",
                    source=source,
                    line=line,
                    records=lost,
                )
                return
            fed += len(data)
            previous = data[-_CHUNK:]
            yield from drain()
            if final:
                if stats is not None:
                    stats["records"] = n_records
                return
