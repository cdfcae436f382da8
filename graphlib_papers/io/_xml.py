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

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path

from ..exceptions import MissingDependency, ParseError
from ._common import progress_bar
from ._errors import Reporter

__all__ = ["dtd_entities", "iter_xml_records"]

LINE_ATTR = "{urn:graphlib-papers}line"
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
    table: Mapping[str, str] | None = None
    origin = "html.entities"
    m = _DOCTYPE_SYSTEM.search(head)
    candidates = []
    if m:
        name = Path(m.group(1).decode("ascii", "replace")).name  # a file name only
        candidates.append(path.parent / name)
    candidates.append(path.parent / "dblp.dtd")
    for dtd in candidates:
        if dtd.is_file():
            try:
                table = dtd_entities(dtd.read_text(encoding="latin-1"))
            except OSError:
                continue
            origin = dtd.name
            break
    names: dict[str, str] = {k: chr(v) for k, v in html.entities.name2codepoint.items()}
    if table:
        names.update(table)
    encoded = {
        k.encode("ascii"): "".join(f"&#{ord(c)};" for c in v).encode("ascii")
        for k, v in names.items()
        if k not in _PREDEFINED
    }
    return encoded, origin


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


class _LineTreeBuilder(ET.TreeBuilder):
    """TreeBuilder that stamps each element with the line its start tag is on."""

    expat = None

    def start(self, tag, attrs):
        if self.expat is not None:
            attrs = dict(attrs)
            attrs[LINE_ATTR] = str(self.expat.CurrentLineNumber)
        return super().start(tag, attrs)


def iter_xml_records(
    path: str | PathLike,
    source: str,
    rep: Reporter,
    progress: bool | None,
    *,
    desc: str,
    resolve_entities: bool = False,
    stats: dict | None = None,
) -> Iterator[tuple[int | None, ET.Element]]:
    """Yield (line, element) for each child of the root element, then clear it.

    Raises :class:`ParseError` for hostile input (entity declarations, external
    references) always; reports malformed or cut-off XML through `rep`.
    """
    DefusedXMLParser, DefusedXmlException = _defused()
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory, not an XML file")
    size = path.stat().st_size
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    pull = ET.XMLPullParser(events=("start", "end"), _parser=parser)
    depth = 0
    root = None
    n_records = 0
    rewriter = None
    if stats is not None:
        stats["records"] = 0

    def drain():
        nonlocal depth, root, n_records
        for event, elem in pull.read_events():
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                continue
            depth -= 1
            if depth == 1:
                line = elem.attrib.get(LINE_ATTR)
                n_records += 1
                if stats is not None:
                    stats["records"] = n_records
                yield (int(line) if line else None), elem
                elem.clear()
                if root is not None:
                    root.clear()

    with open(path, "rb") as fh, progress_bar(size, desc, progress) as bar:
        first = True
        while True:
            chunk = fh.read(_CHUNK)
            final = not chunk
            if first:
                first = False
                if not chunk.strip():
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
                if data:
                    pull.feed(data)
                if final:
                    pull.close()
                yield from drain()
            except DefusedXmlException as exc:
                what = getattr(exc, "name", None)
                raise ParseError(
                    "refused: the file declares "
                    + (f"the entity {what!r}" if what else "an entity or external reference")
                    + f" ({type(exc).__name__}); XML with entity declarations or external "
                    "references (billion laughs, XXE) is never read",
                    source=source,
                    line=getattr(parser.parser, "CurrentLineNumber", None),
                ) from None
            except ET.ParseError as exc:
                line, col = getattr(exc, "position", (None, None))
                yield from _safe_drain(drain)
                reason = (
                    "XML ends early (cut off?)"
                    if final or "no element found" in str(exc)
                    else f"malformed XML ({exc})"
                )
                rep.fail(
                    f"{reason} at column {col}; {n_records} records were read "
                    "before it, the rest of the file is not",
                    source=source,
                    line=line,
                )
                return
            if final:
                return


def _safe_drain(drain):
    try:
        yield from drain()
    except ET.ParseError:  # pragma: no cover - events were queued before the error
        return
