"""Reader for BibTeX files, through bibtexparser 2."""

from __future__ import annotations

import bisect
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from os import PathLike

from ..corpus import Corpus
from ..exceptions import MissingDependency
from ._common import (
    RecordColumns,
    as_paths,
    clean,
    decode,
    make_date,
    parse_year,
    progress_bar,
    read_bytes,
    reader_doc,
    records_to_corpus,
    split_list,
)
from ._errors import Reporter, check_errors

__all__ = ["read_bibtex"]

_OTHERS = re.compile(r"^\s*others\s*$", re.IGNORECASE)


def _imports():
    try:
        import bibtexparser
        from bibtexparser.middlewares import names as bnames
        from pylatexenc.latex2text import LatexNodes2Text
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingDependency("bibtexparser", extra="formats") from exc
    return bibtexparser, bnames, LatexNodes2Text


def _delatex(text: str, converter) -> str:
    if "\\" not in text and "{" not in text and "$" not in text:
        return text
    try:
        out = converter.latex_to_text(text)
    except Exception:  # pylatexenc raises assorted errors on malformed LaTeX
        out = re.sub(r"[{}\\]", "", text)
    return re.sub(r"\s+", " ", out).strip()


def _person(raw: str, bnames, converter) -> str | None:
    """One BibTeX name ("von Last, Jr, First" or "First von Last") as "First von Last Jr"."""
    try:
        parts = bnames.parse_single_name_into_parts(raw, strict=False)
    except Exception:  # InvalidNameError and friends on malformed names
        return clean(_delatex(raw, converter))
    pieces = [*parts.first, *parts.von, *parts.last]
    text = " ".join(pieces)
    if parts.jr:
        text += " " + " ".join(parts.jr)
    text = _delatex(text, converter)
    return clean(text)


_NOT_PLAIN = frozenset("\\{}~$")


def _plain_person(raw: str) -> str | None:
    """:func:`_person` of a name of plain words (no braces, backslashes, tildes, ``$``,
    no white space but spaces), or None for any other name.

    BibTeX's three forms put the words back in the order First von Last Jr: for
    ``"von Last, First"`` the words after the comma, then those before it; for
    ``"von Last, Jr, First"`` the words after the second comma (where further commas
    only separate words), those before the first, then those between; for
    ``"First von Last"`` the words as written.

    Examples
    --------
    >>> _plain_person("de la Vallée Poussin, Charles Jean")
    'Charles Jean de la Vallée Poussin'
    >>> _plain_person("Beeblebrox, IV, Zaphod"), _plain_person("Ludwig  van Beethoven")
    ('Zaphod Beeblebrox IV', 'Ludwig van Beethoven')
    >>> _plain_person("C{\\'e}sar, Jean") is None
    True
    """
    if not raw.isprintable() or not _NOT_PLAIN.isdisjoint(raw):
        return None
    sections = raw.split(",", 2)
    words = [part.replace(",", " ").split(" ") for part in sections]
    words = [[w for w in part if w] for part in words]
    if len(words) > 1 and not words[-1]:
        words.pop()  # a trailing comma
    if len(words) == 3:
        words = [words[2], words[0], words[1]]
    elif len(words) == 2:
        words = [words[1], words[0]]
    text = " ".join(w for part in words for w in part)
    return text or None


_AND = re.compile(r"(?<=\s)and(?=\s)", re.IGNORECASE)


def split_and(value: str) -> list[str]:
    """Split a BibTeX name list on ``and`` (any case) outside braces; empty parts kept.

    Examples
    --------
    >>> split_and("Carol C and and Dave D")
    ['Carol C', '', 'Dave D']
    >>> split_and("{Barnes and Noble} AND Jo Li")
    ['{Barnes and Noble}', 'Jo Li']
    """
    padded = f" {value} "
    if "{" not in padded:  # no braces: every "and" separates names
        return [part.strip() for part in _AND.split(padded)]
    depth, depths = 0, []
    for ch in padded:
        depths.append(depth)
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
    parts, pos = [], 0
    for m in _AND.finditer(padded):
        if depths[m.start()] == 0:
            parts.append(padded[pos : m.start()].strip())
            pos = m.end()
    parts.append(padded[pos:].strip())
    return parts


def _authors(
    value: str, bnames, converter, notes: list[str], cache: dict | None = None
) -> tuple[list[str], bool]:
    raw_names = split_and(value)
    names, truncated = [], False
    empty = sum(1 for raw in raw_names if not raw)
    if empty:
        notes.append(
            f"{empty} empty name{'s' if empty > 1 else ''} in the author list "
            f"({' '.join(value.split())[:60]!r}: 'and' without a name); dropped"
        )
    for raw in raw_names:
        if not raw:
            continue
        if _OTHERS.match(raw):
            truncated = True
            continue
        if cache is None:
            name = _person(raw, bnames, converter)
        else:  # each distinct printed name is split and de-LaTeXed once
            name = cache.get(raw, cache)
            if name is cache:
                name = cache[raw] = _plain_person(raw) or _person(raw, bnames, converter)
        if name and ("{" in name or "}" in name):  # an unbalanced or escaped brace
            notes.append(f"brace in the name {name[:60]!r}; removed")
            name = clean(name.replace("{", "").replace("}", ""))
        if name:
            names.append(name)
    return names, truncated


_CONCAT_TOKEN = re.compile(r'\s*(?:"([^"]*)"|\{([^{}]*)\}|([A-Za-z_][\w:.-]*|\d+))\s*(?:#|$)')


def _concat(value: str, macros: Mapping[str, str]) -> str:
    """Resolve ``jean # " " # cesar`` (BibTeX string concatenation) when every part is known."""
    out, pos = [], 0
    while pos < len(value):
        m = _CONCAT_TOKEN.match(value, pos)
        if m is None or m.end() == pos:
            return value
        quoted, braced, word = m.groups()
        if quoted is not None or braced is not None:
            out.append(quoted if quoted is not None else braced)
        elif word.isdigit():
            out.append(word)
        elif word.lower() in macros:
            out.append(macros[word.lower()])
        elif word.lower() in _MONTHS:
            out.append(word)
        else:
            return value
        pos = m.end()
    return "".join(out)


_MACRO_BODY = re.compile(r"@\s*string\s*[{(]\s*[^=]*=(.*)[})]\s*$", re.IGNORECASE | re.DOTALL)


def _expression(value: str) -> bool:
    """Whether `value` is a BibTeX value expression: quoted or braced text, numbers and
    macro names, joined by ``#``."""
    value, pos = value.strip(), 0
    while pos < len(value):
        t = _CONCAT_TOKEN.match(value, pos)
        if t is None or t.end() == pos:
            return False
        pos = t.end()
    return bool(value)


def _well_formed_macro(raw: str) -> bool:
    """Whether an ``@string`` block's value is BibTeX (``@string{a = and Cool"}`` is not)."""
    m = _MACRO_BODY.match(raw.strip())
    return m is not None and _expression(m.group(1))


#: BibTeX's predefined macros (the month abbreviations).
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


def _field(
    f, key: str, macros: Mapping[str, str] | None = None, notes: list | None = None
) -> str | None:
    """A field's text: macros and concatenations resolved; a value that is not BibTeX
    (``title = and A title}``: no braces or quotes, not a macro) is left out and noted."""
    value = f.value
    value = value if isinstance(value, str) else str(value)
    if getattr(f, "enclosing", None) != "no-enclosing" or macros is None:
        return value
    if not _expression(value):
        if notes is not None:
            notes.append(f"{key}: not in braces or quotes and not a macro ({value[:60]!r}); "
                         "left out")
        return None
    resolved = _concat(value, macros) if "#" in value else value
    if resolved == value and notes is not None and (
        "#" in value or not (value.isdigit() or value.lower() in _MONTHS)
    ):
        notes.append(f"{key}: undefined macro in {value[:60]!r}, kept as written")
    return resolved


class _Entries:
    """What the entries of a file need in common: the name and LaTeX converters, the
    file's macros, and each distinct printed name and field text decoded once."""

    def __init__(self, bnames, converter, macros: Mapping[str, str], names: dict, texts: dict):
        self.bnames, self.converter, self.macros = bnames, converter, macros
        self.names: dict[str, str | None] = names
        self.texts: dict[str, str] = texts

    def text(self, value: str) -> str:
        """`value` with its LaTeX decoded, once per distinct string."""
        if "\\" not in value and "{" not in value and "$" not in value:
            return value
        out = self.texts.get(value)
        if out is None:
            out = self.texts[value] = _delatex(value, self.converter)
        return out


def _entry_add(
    cols: RecordColumns, entry, source: str, known: _Entries, offset: int = 0
) -> int | None:
    """Append one bibtexparser entry to `cols`; returns its line."""
    fields = {k.lower(): f for k, f in entry.fields_dict.items()}
    macros = known.macros
    notes: list[str] = []

    def get(key: str) -> str | None:
        f = fields.get(key)
        if f is None:
            return None
        value = f.value
        if type(value) is not str or f.enclosing == "no-enclosing":
            value = _field(f, f.key, macros, notes)
        return known.text(value) if value else None

    authors: list[str] = []
    truncated = False
    f = fields.get("author")
    raw_author = _field(f, f.key, macros, notes) if f is not None else None
    if raw_author:
        authors, truncated = _authors(raw_author, known.bnames, known.converter, notes,
                                      known.names)
    line = entry.start_line + 1 + offset if isinstance(entry.start_line, int) else None
    date_text = get("date")
    year = parse_year(get("year"), notes if not date_text else None)
    if year is None and date_text:
        year = parse_year(date_text, notes)
    date, precision = make_date(year, get("month"), None, notes)
    kw = get("keywords") or get("keyword") or ""
    affiliation = get("affiliation") or get("affiliations")
    row = len(cols.line)
    cols.a_row.extend([row] * len(authors))
    cols.a_name.extend(authors)
    cols.a_key.extend([None] * len(authors))
    cols.a_aff.extend([None] * len(authors))
    cols.add(
        source,
        line,
        title=get("title") or "",
        year=year,
        date=date,
        date_precision=precision,
        doi=get("doi"),
        venue=get("journal") or get("booktitle") or get("journaltitle") or get("publisher"),
        keywords=split_list(kw, ";" if ";" in kw else ","),
        abstract=get("abstract"),
        labs=split_list(affiliation, ";") if affiliation else (),
        truncated=truncated,
        extra={"bibtex_key": entry.key, "entry_type": entry.entry_type.lower()},
        notes=notes,
    )
    return line


_ENTRY_HEAD = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*(?:[{(]|[^\s{}(),@\"#%'=]+[ \t]*,)",
    re.MULTILINE,
)
_ANY_HEAD = re.compile(r"^[ \t]*@", re.MULTILINE)
_NOT_ENTRY = re.compile(r"\s*@\s*(?:comment|string|preamble)\b", re.IGNORECASE)
_FIX_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])?[ \t]*")


def _heads(text: str) -> dict[int, tuple[int, int]]:
    """Entry heads that start a line: ``{line: (start, end)}``, `end` the next head."""
    starts = [m.start() for m in _ANY_HEAD.finditer(text)] + [len(text)]
    heads: dict[int, tuple[int, int]] = {}
    line, pos = 1, 0  # line numbers counted on from the previous head, not from the start
    for m in _ENTRY_HEAD.finditer(text):
        if m.group("type").lower() in ("comment", "string", "preamble"):
            continue
        end = starts[bisect.bisect_right(starts, m.start())]
        line += text.count("\n", pos, m.start())
        pos = m.start()
        heads[line] = (m.start(), end)
    return heads


class _Collect(logging.Handler):
    """Keeps bibtexparser's log messages (why a block failed) for the report rows."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_ABORTED = re.compile(r"block \(line (\d+)\) aborted on line \d+ [^:]*:\s*(.*)", re.S)


def _parse(bibtexparser, text: str):
    """bibtexparser's library, its warnings, and why each failed block failed
    (``{0-based line: reason}``, from its log, which is kept off stderr: the report
    rows say it once)."""
    logger = logging.getLogger("bibtexparser")  # its splitter logs each failed block
    collect = _Collect()
    propagate = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    why: dict[int, str] = {}
    for message in collect.messages:
        m = _ABORTED.search(message)
        if m:
            why.setdefault(int(m.group(1)), " ".join(m.group(2).split()))
    return library, caught, why


def _recover(bibtexparser, text: str, span: tuple[int, int], line: int, source: str, rep):
    """An entry bibtexparser did not see (``@article k1,`` with no brace, ``@ article{``):
    read again with its head repaired, or reported as not read."""
    segment = text[span[0] : span[1]]
    head = segment.split("\n", 1)[0].strip()
    fixed = _FIX_HEAD.sub(lambda m: f"@{m.group(1)}{m.group(2) or '{'}", segment, count=1)
    try:
        library, _, _ = _parse(bibtexparser, fixed)
    except Exception:  # bibtexparser raises plain errors on some malformed input
        library = None
    entries = [] if library is None else list(library.entries)
    if len(entries) == 1 and not library.failed_blocks and len(library.blocks) == 1:
        rep.repair(
            f"entry head {head[:40]!r} is malformed (no '{{' after the entry type?); "
            f"read as {fixed.split(chr(10), 1)[0].strip()[:40]!r}",
            source=source,
            line=line,
            record=head,
        )
        return entries[0]
    rep.fail(
        f"entry {head[:40]!r} could not be read (no '{{' after the entry type?)",
        source=source,
        line=line,
        record=segment[:200],
        records=1,
    )
    return None


@reader_doc
def read_bibtex(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    errors: str = "raise",
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
) -> Corpus:
    """Read BibTeX (``.bib``) files with bibtexparser 2.

    ``@string`` macros are resolved, LaTeX accents decoded (``C{\\'e}sar`` →
    ``César``), names split by the BibTeX rules (``"de la Vallée Poussin, Charles"``
    → ``"Charles de la Vallée Poussin"``), and a trailing ``and others`` marks the
    author list as truncated. ``doi`` keys the paper; ``affiliation`` fields, where
    present, become ``papers.labs``.

    What counts as a bad record here: blocks bibtexparser cannot parse (and entries
    without a title) are raised, or skipped with a load-report row.

    Parameters
    ----------
    path : path-like, list of paths or directory
        ``.bib`` file(s).
    {common_parameters}

    Returns
    -------
    Corpus
        Extra paper columns ``doi``, ``venue``, ``keywords``, ``bibtex_key``,
        ``entry_type``, ``source_format`` (``"bibtex"``).

    Raises
    ------
    ParseError
        Under ``errors="raise"``, for a block bibtexparser reports as failed, an entry
        whose head is malformed (``@article k1,``), an entry without title or DOI,
        bytes that are not UTF-8, or an empty file.
    MissingDependency
        When bibtexparser is not installed (``pip install 'graphlib-papers[formats]'``).

    Notes
    -----
    Records with a DOI are keyed by it (:func:`graphlib_papers.io.doi_paper_id`), the
    others by normalised title; a second record of the same paper is reported as a
    ``duplicate`` and its authors are not added.

    Entries are counted by their heads (``@type`` at the start of a line), apart from
    bibtexparser: an entry it did not see (a missing ``{`` after the type) is read
    again with its head repaired, or reported. An empty name in an author list
    (``A and and B``, a leading or trailing ``and``) is dropped with a ``flagged`` row.

    References
    ----------
    .. [1] O. Patashnik, "BibTeXing" (btxdoc), 1988: the name format
       "First von Last, Jr" and the ``and others`` convention.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bib = '''@article{c13,
    ...   author = {Jean C{\\\\'e}sar and de la Vall{\\\\'e}e Poussin, Charles},
    ...   title = {An amazing title}, year = 2013, doi = {10.1000/XYZ}}'''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "refs.bib"
    >>> _ = path.write_text(bib)
    >>> c = read_bibtex(path)
    >>> c.authorships["printed_name"].tolist()
    ['Jean César', 'Charles de la Vallée Poussin']
    >>> c.papers["doi"].tolist()
    ['10.1000/xyz']
    """
    bibtexparser, bnames, LatexNodes2Text = _imports()
    converter = LatexNodes2Text()
    rep = Reporter(check_errors(errors), counted=True)
    cols = RecordColumns()
    names: dict[str, str | None] = {}  # each distinct printed name, split once
    texts: dict[str, str] = {}  # each distinct field text with LaTeX, decoded once
    paths = as_paths(path, (".bib", ".bibtex"))
    bar = progress_bar(sum(p.stat().st_size for p in paths), "BibTeX", progress)
    for p in paths:
        source = str(p)
        raw = read_bytes(p)
        bar.update(len(raw))
        text = decode(raw, source, rep, what="BibTeX file")
        raw = None  # the bytes are not needed once decoded: the text is read from here on
        if text is None:
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        try:
            library, caught, why = _parse(bibtexparser, text)
        except Exception as exc:  # bibtexparser raises plain errors on some malformed input
            rep.fail(f"bibtexparser could not read the file: {exc}", source=source, line=1)
            continue
        for w in caught:
            rep.note("flagged", f"bibtexparser: {w.message}", source=source, line=1)
        macros = {}
        for block in library.strings:
            if not _well_formed_macro(str(getattr(block, "raw", ""))):
                line = block.start_line + 1 if isinstance(block.start_line, int) else 1
                rep.note(
                    "flagged",
                    f"malformed @string {block.key!r}: its value is not quoted or braced text, "
                    "a number or a macro; left undefined",
                    source=source,
                    line=line,
                )
                continue
            value = block.value if isinstance(block.value, str) else str(block.value)
            macros[str(block.key).lower()] = value.strip('"{}')
        # the records of the file: entry heads that start a line (an independent count),
        # matched line by line with what bibtexparser read
        heads = _heads(text)
        parsed: Counter = Counter()
        for block in library.failed_blocks:
            line = block.start_line + 1 if isinstance(block.start_line, int) else 1
            raw = str(getattr(block, "raw", ""))
            err = str(getattr(block, "error", None) or "") or why.get(line - 1, "")
            entry_like = not _NOT_ENTRY.match(raw)
            parsed[line] += entry_like
            rep.fail(
                f"unreadable BibTeX block{': ' + err if err else ''}",
                source=source,
                line=line,
                record=raw[:200],
                records=int(entry_like),
            )
        known = _Entries(bnames, converter, macros, names, texts)
        for entry in library.entries:
            if entry.entry_type.lower() in ("comment", "preamble", "string"):
                continue
            parsed[_entry_add(cols, entry, source, known) or 1] += 1
        lines = set(heads) | set(parsed)
        rep.saw(source, sum(max(int(line in heads), parsed[line]) for line in lines))
        for line in sorted(set(heads) - set(parsed)):
            entry = _recover(bibtexparser, text, heads[line], line, source, rep)
            if entry is not None:
                _entry_add(cols, entry, source, known, line - 1)
        # the parsed library and the file's text and bytes are not needed past here
        raw = text = library = entry = block = caught = None
    bar.close()
    return records_to_corpus(
        cols,
        rep,
        source_format="bibtex",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )
