"""Reader for BibTeX files, through bibtexparser 2."""

from __future__ import annotations

import bisect
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from os import PathLike

import numpy as np

from .._keys import doi_in_link
from ..corpus import Corpus
from ..exceptions import MissingDependency
from ..names import SUFFIXES, name_key
from ._common import (
    RecordColumns,
    as_paths,
    clean,
    invert_name,
    legacy_decode,
    legacy_fallback,
    make_date,
    parse_year,
    progress_bar,
    read_bytes,
    reader_doc,
    records_to_corpus,
    split_list,
    unreadable,
    utf8_bytes,
)
from ._errors import Reporter, check_errors
from ._tagged import id_keys

__all__ = ["read_bibtex"]

_OTHERS = re.compile(r"^\s*others\s*$", re.IGNORECASE)
_OTHERS_NAME = object()  # what "others" stands for in the names read


def _imports():
    try:
        import bibtexparser
        from bibtexparser.middlewares import names as bnames
        from pylatexenc.latex2text import LatexNodes2Text
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingDependency("bibtexparser", extra="formats") from exc
    return bibtexparser, bnames, LatexNodes2Text


# the TeX logos, which pylatexenc's defaults print as nothing ("A {\\LaTeX} package" would
# lose a word)
_LOGOS = (("LaTeX", "LaTeX"), ("TeX", "TeX"), ("BibTeX", "BibTeX"), ("LaTeXe", "LaTeX2e"),
          ("XeTeX", "XeTeX"), ("LuaTeX", "LuaTeX"), ("AmS", "AMS"), ("ConTeXt", "ConTeXt"))


def _converter(LatexNodes2Text):
    """pylatexenc's LaTeX-to-text converter, with the TeX logos printed."""
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(
        "tex-logos", prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=text) for name, text in _LOGOS],
    )
    return LatexNodes2Text(latex_context=db)


# what LaTeX prints otherwise than it is written: commands, groups, math, and the ties,
# dashes and quotes of plain text ("D.~E. Knuth", "10--20", ``quoted'', !` and ?`)
_LATEX = re.compile(r"[\\{}$~]|--|``|''|[!?]`")


def _latex_text(text: str) -> bool:
    r"""Whether a braced value's inner text has LaTeX to decode (what :data:`_LATEX`
    finds, braces aside), by plain substring tests: this runs on every field read.

    Examples
    --------
    >>> [_latex_text(t) for t in ("A title", "D.~E. Knuth", "10--20", "x \\'e", "``q''")]
    [False, True, True, True, True]
    """
    return ("\\" in text or "$" in text or "~" in text or "--" in text or "`" in text
            or "''" in text)


def _latex_id(text: str) -> bool:
    """Whether an identifier (a DOI) has LaTeX commands or math to decode; its "--" and
    "~" are its own."""
    return "\\" in text or "$" in text


def _delatex(text: str, converter, *, balance: bool = True) -> str:
    """`text` as LaTeX prints it; with `balance`, braces without a partner are dropped
    (:func:`_balanced`), else left for the caller to report (a name's)."""
    if not _LATEX.search(text):
        return text
    try:
        out = converter.latex_to_text(text)
    except Exception:  # pylatexenc raises assorted errors on malformed LaTeX
        out = re.sub(r"[{}\\]", "", text)
    if "\xad" in out:  # \- (a place the word may break), not a character of the text
        out = out.replace("\xad", "")
    if balance and ("{" in out or "}" in out):
        out = _balanced(out)
    return re.sub(r"\s+", " ", out).strip()


def _balanced(text: str) -> str:
    """`text` without the braces that have no partner (a damaged value's leftovers);
    braces that pair up (``\\{0,1\\}`` printed as ``{0,1}``) are text and stay.

    Examples
    --------
    >>> _balanced("Numerical simulation of the Great Red SPOT}"), _balanced("a {0,1} b")
    ('Numerical simulation of the Great Red SPOT', 'a {0,1} b')
    >>> _balanced("}{x"), _balanced("{a}}")
    ('x', '{a}')
    """
    opened: list[int] = []
    unmatched: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                unmatched.append(i)
    drop = set(unmatched + opened)
    return "".join(ch for i, ch in enumerate(text) if i not in drop) if drop else text


def _person(raw: str, bnames, converter) -> str | None:
    """One BibTeX name ("von Last, Jr, First" or "First von Last") as "First von Last Jr"."""
    try:
        parts = bnames.parse_single_name_into_parts(raw, strict=False)
    except Exception:  # InvalidNameError and friends on malformed names
        return clean(_delatex(raw, converter, balance=False))
    first, jr = list(parts.first), list(parts.jr)
    if not jr and len(first) > 1 and first[-1].rstrip(".").casefold() in SUFFIXES:
        jr = [first.pop()]  # "Daaboul, George Gaby Jr." as exported: the suffix last
    text = " ".join([*first, *parts.von, *parts.last])
    if jr:
        text += " " + " ".join(jr)
    text = _delatex(text, converter, balance=False)
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
        words = [words[1], words[0], []]
    if len(words) == 3 and not words[2] and len(words[0]) > 1 and (
        words[0][-1].rstrip(".").casefold() in SUFFIXES
    ):  # "Daaboul, George Gaby Jr." (as some exporters write it): the suffix last
        words = [words[0][:-1], words[1], words[0][-1:]]
    text = " ".join(w for part in words for w in part)
    return text or None


# "and" after and before white space; the space before is taken with it (a faster search
# than looking behind), which only moves white space the parts are stripped of
_AND = re.compile(r"\sand(?=\s)", re.IGNORECASE)


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
        if cache is None:
            name = _OTHERS_NAME if _OTHERS.match(raw) else _person(raw, bnames, converter)
        else:  # each distinct printed name is split and de-LaTeXed once
            name = cache.get(raw, cache)
            if name is cache:
                name = cache[raw] = (
                    _OTHERS_NAME if _OTHERS.match(raw)
                    else _plain_person(raw) or _person(raw, bnames, converter)
                )
        if name is _OTHERS_NAME:
            truncated = True
            continue
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


_MACRO_NAME = re.compile(r"[A-Za-z_][\w:.-]*|\d+")


def _expression(value: str) -> bool:
    r"""Whether `value` is a BibTeX value expression: quoted or braced text (braces
    nested, balanced; a quote inside braces is text), numbers and macro names, joined
    by ``#``.

    Examples
    --------
    >>> _expression('"Universit{\"a}t" # " " # city'), _expression("{Die {N}atur}")
    (True, True)
    >>> _expression('and Cool"'), _expression("{open"), _expression("a # ")
    (False, False, False)
    """
    value, pos, n = value.strip(), 0, len(value.strip())
    while True:
        while pos < n and value[pos].isspace():
            pos += 1
        if pos >= n:
            return False  # empty, or "#" with nothing after it
        if value[pos] in "{\"":
            close, depth, pos = ("}" if value[pos] == "{" else '"'), 0, pos + 1
            while pos < n and not (value[pos] == close and depth == 0):
                if value[pos] == "{":
                    depth += 1
                elif value[pos] == "}":
                    if depth == 0:
                        return False
                    depth -= 1
                pos += 1
            if pos >= n:
                return False  # never closed
            pos += 1
        else:
            m = _MACRO_NAME.match(value, pos)
            if m is None:
                return False
            pos = m.end()
        while pos < n and value[pos].isspace():
            pos += 1
        if pos == n:
            return True
        if value[pos] != "#":
            return False
        pos += 1


def _well_formed_macro(raw: str) -> bool:
    """Whether an ``@string`` block's value is BibTeX (``@string{a = and Cool"}`` is not)."""
    m = _MACRO_BODY.match(raw.strip())
    return m is not None and _expression(m.group(1))


#: BibTeX's predefined macros (the month abbreviations).
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


#: The journal macros of the AAS journals' macro file (``aas_macros.sty``), which NASA ADS
#: exports use without defining them (``journal = {\apj}``), as the journals' names.
AAS_JOURNALS: Mapping[str, str] = {
    "aj": "Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjlett": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "apjsupp": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "applopt": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "astap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "bac": "Bulletin of the Astronomical Institutes of Czechoslovakia",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jaavso": "Journal of the American Association of Variable Star Observers",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "Planetary Science Journal",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysics Letters",
    "apspr": "Astrophysics and Space Physics Reviews",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
    "maps": "Meteoritics and Planetary Science",
    "aas": "American Astronomical Society Meeting Abstracts",
    "dps": "AAS/Division for Planetary Sciences Meeting Abstracts",
}
_LONE_MACRO = re.compile(r"\\([A-Za-z]+)\s*")


def _aas_journal(text: str) -> str | None:
    """The journal of a value that is one AAS journal macro and nothing else
    (``\\apj``), else None.

    Examples
    --------
    >>> _aas_journal(r"\\apj"), _aas_journal(r"\\foo"), _aas_journal(r"\\apj 12")
    ('Astrophysical Journal', None, None)
    """
    m = _LONE_MACRO.fullmatch(text)
    return AAS_JOURNALS.get(m.group(1)) if m else None


def _field(
    value: str, key: str, bare: bool, macros: Mapping[str, str], notes: list | None = None
) -> str | None:
    """A field's text: macros and concatenations resolved; a value that is not BibTeX
    (``title = and A title}``: no braces or quotes, not a macro) is left out and noted.

    `bare` says the value was written without braces or quotes and is not a number."""
    if not bare:
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


def _strip_enclosing(value: str) -> tuple[str, str]:
    """bibtexparser's removal of the braces or quotes around a whole value."""
    from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

    return RemoveEnclosingMiddleware._strip_enclosing(value)


def _braced(raw: str) -> str | None:
    """The text of a value in one pair of braces with none inside (the common case,
    which bibtexparser's enclosing removal takes as it is), else None.

    Examples
    --------
    >>> _braced("{On RNA}"), _braced("{On {RNA}}"), _braced('"On RNA"')
    ('On RNA', None, None)
    """
    if raw[:1] == "{" and raw[-1:] == "}":
        inner = raw[1:-1]
        if "{" not in inner and "}" not in inner and not inner.endswith("\\"):
            return inner
    return None


def _value(raw: str, strings: Mapping[str, str]) -> tuple[str, bool]:
    """A field's value as bibtexparser's default parse stack leaves it, and whether it
    is bare (written without braces or quotes, and not a number).

    The stack first replaces a value that is not enclosed and names a macro by the
    macro's text as written (``ResolveStringReferencesMiddleware``; `strings` maps the
    lower-cased macro names to it), then removes one pair of braces or quotes that
    encloses the whole value (``RemoveEnclosingMiddleware``).

    Examples
    --------
    >>> _value("{On {RNA}}", {}), _value("jcb", {"jcb": '"J. Cell Biol."'})
    (('On {RNA}', False), ('J. Cell Biol.', False))
    >>> _value("{a} # b", {}), _value("2013", {})
    (('{a} # b', True), ('2013', False))
    """
    inner = _braced(raw)
    if inner is not None:
        return inner, False  # bibtexparser's own fast path, without the calls
    if raw.isdigit() and raw not in strings:
        return raw, False
    elif not (raw[:1] == '"' and raw[-1:] == '"'):
        raw = strings.get(raw.lower(), raw)
    stripped, enclosing = _strip_enclosing(raw)
    return stripped, enclosing == "no-enclosing" and not stripped.isdigit()


class _Entries:
    """What the entries of a file need in common: the name and LaTeX converters, the
    file's macros (as written, for bibtexparser's resolution, and as text, for
    concatenations), and each distinct printed name and field text decoded once."""

    def __init__(self, bnames, converter, names: dict, texts: dict):
        self.bnames, self.converter = bnames, converter
        self.strings: Mapping[str, str] = {}
        self.macros: Mapping[str, str] = {}
        self.names: dict[str, str | None] = names
        self.texts: dict[str, str] = texts
        self.shared: dict[str, str] = {}  # one string object per venue, type and keyword
        self.crossrefs: list[tuple[int, str]] = []  # (row, key of the entry it cross-refers)
        # key -> (row, title, has authors, journal or booktitle) of a volume-like entry
        self.volumes: dict[str, tuple[int, str, bool, str | None]] = {}

    def share(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """`values` with each distinct string held once (a venue, a keyword, an entry
        type repeats across records)."""
        shared = self.shared
        return tuple([shared.setdefault(v, v) for v in values])

    def text(self, value: str) -> str:
        """`value` with its LaTeX decoded, once per distinct string."""
        if not _LATEX.search(value):
            return value
        out = self.texts.get(value)
        if out is None:
            out = self.texts[value] = _delatex(value, self.converter)
        return out


def _entry_add(
    cols: RecordColumns, entry, source: str, known: _Entries, offset: int = 0
) -> int | None:
    """Append one bibtexparser entry (as split, its values still enclosed) to `cols`;
    returns its line."""
    fields = {f.key.lower(): f for f in entry.fields}
    strings, macros = known.strings, known.macros
    notes: list[str] = []

    def get(key: str, signs: Callable[[str], bool] = _latex_text) -> str | None:
        f = fields.get(key)
        if f is None:
            return None
        value = f.value
        inner = _braced(value)
        if inner is not None:  # the common case
            if not signs(inner):  # no LaTeX to decode
                return inner or None
            if inner[:1] == "\\" and (journal := _aas_journal(inner)):
                return journal
            return _decoded(inner, f.key) if inner else None
        value, bare = _value(value, strings)
        if bare and value[:1] == "\\" and _LONE_MACRO.fullmatch(value):
            return _aas_journal(value) or _decoded(value, f.key)
        if bare:
            value = _field(value, f.key, True, macros, notes)
        if not value:
            return None
        return _decoded(value, f.key) if "{" in value or "}" in value or signs(value) else value

    def _decoded(text: str, key: str) -> str | None:
        out = known.text(text)
        if out or not text.strip():
            return out or None
        m = _LONE_MACRO.fullmatch(text.strip())
        if m:  # a command defined elsewhere (a journal macro of another style file)
            notes.append(f"{key}: the LaTeX command {text.strip()!r} is not defined here; "
                         f"its name kept ({m.group(1)!r})")
            return m.group(1)
        notes.append(f"{key}: {text[:60]!r} prints nothing once its LaTeX is decoded; "
                     "left empty")  # ({\relax}, {\hfill})
        return None

    authors: list[str] = []
    truncated = False
    f = fields.get("author")
    if f is not None:
        raw_author, bare = _value(f.value, strings)
        raw_author = _field(raw_author, f.key, bare, macros, notes)
        if raw_author:
            authors, truncated = _authors(raw_author, known.bnames, known.converter, notes,
                                          known.names)
    line = entry.start_line + 1 + offset if isinstance(entry.start_line, int) else None
    date_text = get("date")
    year = parse_year(get("year"), notes if not date_text else None)
    if year is None and date_text:
        year = parse_year(date_text, notes)
    month, day = get("month"), None
    if date_text and month is None and (iso := _ISO_DATE.match(date_text)) and (
        year == int(iso.group(1))
    ):  # biblatex's date = {1930-12} / {2010-06-11}
        month, day = iso.group(2), iso.group(3)
    date, precision = make_date(year, month, day, notes)
    kw = get("keywords") or get("keyword") or ""
    affiliation = get("affiliation") or get("affiliations")
    # (a DOI keeps its "--" and "~": only commands such as \_ are decoded in it)
    title, doi = get("title") or "", get("doi", _latex_id)  # in this order: the notes' order
    if doi is None and "url" in fields:  # (a doi.org link in place of the DOI)
        doi = doi_in_link(get("url", _latex_id))
    published_in = get("journal") or get("booktitle") or get("journaltitle")
    venue = published_in or get("publisher")
    shared, kind = known.shared, entry.entry_type.lower()
    row = len(cols.line)
    if "crossref" in fields and (parent := get("crossref", _latex_id)):
        known.crossrefs.append((row, parent.lower()))
    if kind in _VOLUMES:
        known.volumes.setdefault(entry.key.lower(), (
            row, title, bool(authors), published_in))
    cols.a_row.extend([row] * len(authors))
    cols.a_name.extend(authors)
    if authors and ("orcid-numbers" in fields or "researcherid-numbers" in fields):
        cols.a_key.extend(id_keys(authors, _listed_ids(get("orcid-numbers", _latex_id), _ORCID),
                                  _listed_ids(get("researcherid-numbers", _latex_id), _RID)))
    else:
        cols.a_key.extend([None] * len(authors))
    cols.a_aff.extend([None] * len(authors))
    cols.add(
        source,
        line,
        title=title,
        year=year,
        date=date,
        date_precision=precision,
        doi=doi,
        venue=shared.setdefault(venue, venue) if venue else venue,
        keywords=known.share(split_list(kw, ";" if ";" in kw else ",")),
        abstract=get("abstract"),
        labs=split_list(affiliation, ";") if affiliation else (),
        truncated=truncated,
        extra={"bibtex_key": entry.key, "entry_type": shared.setdefault(kind, kind)},
        notes=notes,
    )
    return line


_ISO_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\b")

# the ids Web of Science's BibTeX export lists ("Orcid-Numbers = {Malmsten, Jonas/0000-0003-
# 1868-3746 Allen, Andrew/0000-0002-0119-2425}": a name, "/", the id, the next name after a space)
_ORCID = r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"
_RID = r"[A-Z]{1,3}-\d{4}-(?:19|20)\d\d"


def _listed_ids(value: str | None, pattern: str) -> dict[str, str]:
    """{name key: id} of a Web of Science ``Orcid-Numbers`` / ``Researcherid-Numbers`` field.

    Examples
    --------
    >>> _listed_ids("Malmsten, Jonas/0000-0003-1868-3746 Allen, Andrew/0000-0002-0119-2425",
    ...             _ORCID)
    {'jonas malmsten': '0000-0003-1868-3746', 'andrew allen': '0000-0002-0119-2425'}
    """
    if not value:
        return {}
    out: dict[str, str] = {}
    for m in re.finditer(rf"\s*;?\s*([^/;]+?)\s*/\s*({pattern})\b", value):
        out.setdefault(name_key(invert_name(m.group(1))), m.group(2))
    return out


#: entry types of a volume other entries may cross-refer to (``crossref = {key}``)
_VOLUMES = frozenset({"proceedings", "mvproceedings", "book", "mvbook", "collection",
                      "mvcollection", "reference", "mvreference", "periodical"})


def _crossrefs(
    cols: RecordColumns, known: _Entries, rep: Reporter, source: str, first: int = 0
) -> None:
    """Resolve the file's cross-references as BibTeX does: an entry without a year or
    a venue takes the year (and date) and the venue (its journal or booktitle, else
    its title) of the volume it cross-refers to. An entry that cross-refers to another
    paper (``@article`` to ``@article``, BibTeX's own example) takes its missing year,
    venue and title from it; an entry without authors takes those of the entry it
    cross-refers to when that has some (``@inbook`` to its ``@book``), with a
    ``flagged`` row. A volume so referred to that has no authors (a @proceedings with
    editors) is the container of those entries, not a paper: its record is skipped
    with a row naming them. The file's records are those from `first` on."""
    if not known.crossrefs:
        known.volumes = {}
        return
    used: dict[str, list[int]] = {}
    row_of: dict[str, int] | None = None
    added: list[tuple[int, int]] = []  # (entry, the entry whose authors it takes)
    a_rows = np.asarray(cols.a_row, dtype=np.int64)  # (in record order)
    n_authors = np.bincount(a_rows, minlength=len(cols))
    kinds = cols.extra.get("entry_type", {})
    for row, key in known.crossrefs:
        if kinds.get(row) in ("set", "xdata"):  # a biblatex set of entries (its crossref
            continue  # names its first member) or a data container: not a paper
        volume = known.volumes.get(key)
        if volume is None:  # another kind of entry: found by its key
            if row_of is None:
                row_of = {}
                for r, k in cols.extra.get("bibtex_key", {}).items():
                    if r >= first:  # (this file's entries)
                        row_of.setdefault(str(k).lower(), r)
            at = row_of.get(key)
            if at is None or at == row:
                continue
            if not cols.title[row] and cols.title[at]:
                cols.title[row] = cols.title[at]
            venue = cols.venue[at]
        else:
            at, title, _, venue = volume
            if at == row:
                continue
            venue = venue or title
        if cols.year[row] is None and cols.year[at] is not None:
            cols.year[row], cols.date[row] = cols.year[at], cols.date[at]
            cols.date_precision[row] = cols.date_precision[at]
        if not cols.venue[row] and venue:
            cols.venue[row] = known.shared.setdefault(venue, venue)
        if not n_authors[row] and n_authors[at]:
            added.append((row, at))
        if volume is not None:
            used.setdefault(key, []).append(row)
    if added:
        _inherit_authors(cols, added, a_rows)
    drop = sorted(v[0] for k, v in known.volumes.items() if k in used and not v[2])
    for at in drop:
        key = cols.extra["bibtex_key"][at]
        lines = [cols.line[r] for r in used[key.lower()]]
        shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
        rep.note("skipped", f"record @{cols.extra['entry_type'][at]} {key!r}: the volume "
                 + (f"{len(lines)} entries cross-refer to (lines {shown})" if len(lines) > 1
                    else f"1 entry cross-refers to (line {shown})")
                 + "; its year and venue are theirs, not a paper of its own (no authors)",
                 source=source, line=cols.line[at], records=1)
    if drop:
        _drop_rows(cols, drop)
    known.crossrefs, known.volumes = [], {}


def _inherit_authors(cols: RecordColumns, added: list[tuple[int, int]], a_rows) -> None:
    """Give each entry of `added` the authors of the entry it cross-refers to (the
    authorship columns kept in record order), with a note on the entry."""
    take, rows = [], []
    for row, at in added:
        found = list(range(*np.searchsorted(a_rows, [at, at + 1]).tolist()))
        take += found
        rows += [row] * len(found)
        cols.notes.append((row, f"no author list; the {len(found)} author(s) of the entry "
                           f"{cols.extra['bibtex_key'][at]!r} it cross-refers to taken"))
        cols.truncated[row] = cols.truncated[row] or cols.truncated[at]
    order = np.argsort(np.concatenate([a_rows, np.asarray(rows, dtype=np.int64)]),
                       kind="stable").tolist()
    a_row = cols.a_row + rows
    cols.a_row = [a_row[i] for i in order]
    for name in ("a_name", "a_key", "a_aff"):
        values = getattr(cols, name)
        values = values + [values[i] for i in take]
        setattr(cols, name, [values[i] for i in order])


def _drop_rows(cols: RecordColumns, rows: list[int]) -> None:
    """Let go of records `rows` (sorted), the others renumbered."""
    gone = np.zeros(len(cols), dtype=bool)
    gone[rows] = True
    new = np.cumsum(~gone) - 1  # the new number of each kept record
    keep = np.flatnonzero(~gone).tolist()
    for name in cols.FIELDS:
        values = getattr(cols, name)
        setattr(cols, name, [values[i] for i in keep])
    a_row = np.asarray(cols.a_row, dtype=np.int64)
    kept = ~gone[a_row] if len(a_row) else np.zeros(0, dtype=bool)
    at = np.flatnonzero(kept).tolist()
    cols.a_row = new[a_row[kept]].tolist()
    for name in ("a_name", "a_key", "a_aff"):
        values = getattr(cols, name)
        setattr(cols, name, [values[i] for i in at])
    cols.notes = [(int(new[i]), note) for i, note in cols.notes if not gone[i]]
    for key, values in cols.extra.items():
        cols.extra[key] = {int(new[i]): v for i, v in values.items() if not gone[i]}


# heads are found after a line end: "\n" + text is searched, the "\n" found standing at
# the index in text where the head's line starts (a literal start is a fast search)
_ENTRY_HEAD = re.compile(
    r"\n[ \t]*@[ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*(?:[{(]|[^\s{}(),@\"#%'=]+[ \t]*,)"
)
_ANY_HEAD = re.compile(r"\n[ \t]*@")
_NOT_ENTRY = re.compile(r"\s*@\s*(?:comment|string|preamble)\b", re.IGNORECASE)
_FIX_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])?[ \t]*")


def _heads(text: str) -> dict[int, tuple[int, int]]:
    """Entry heads that start a line: ``{line: (start, end)}``, `end` the next line
    that starts with ``@``.

    Examples
    --------
    >>> _heads("@article{a,\\n}\\n  @misc b,\\n@comment{x}\\n")
    {1: (0, 14), 3: (14, 25)}
    """
    padded = "\n" + text
    starts = [m.start() for m in _ANY_HEAD.finditer(padded)] + [len(text)]
    heads: dict[int, tuple[int, int]] = {}
    line, pos = 1, 0  # line numbers counted on from the previous head, not from the start
    for i, start in enumerate(starts[:-1]):
        m = _ENTRY_HEAD.match(padded, start)
        if m is None or m.group("type").lower() in ("comment", "string", "preamble"):
            continue
        line += text.count("\n", pos, start)
        pos = start
        heads[line] = (start, starts[i + 1])
    return heads


class _Collect(logging.Handler):
    """Keeps bibtexparser's log messages (why a block failed) for the report rows."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_ABORTED = re.compile(r"block \(line (\d+)\) aborted on line \d+ [^:]*:\s*(.*)", re.S)
# bibtexparser gave up on a block at a line starting with "@" inside one of its values
_INNER_HEAD = re.compile(r"aborted on line (\d+) .*Unexpected block start", re.S)
_BRACE_OR_HEAD = re.compile(r"[{}]|^[ \t]*@", re.M)
_MASK = "\ue000"  # stands for such an "@" while the piece is parsed again


def _inner_heads(text: str, lines: set[int]) -> list[int]:
    r"""The offsets of the "@" that start a line of `text` inside an entry's braces,
    on one of `lines` (0-based: where bibtexparser gave up on the entry), when that
    entry's braces close again (BibTeX reads such an entry whole; an entry left open
    is not one).

    Examples
    --------
    >>> text = "@article{a, note = {see\n@misc{b, x = {y}}\nhere}}\n@misc{c, x = {z}}\n"
    >>> [text[i : i + 5] for i in _inner_heads(text, {1, 3})]
    ['@misc']
    >>> _inner_heads("@article{a, note = {open\n@misc{b, x = {y}}\n", {1})
    []
    """
    depth, line, last, inner, pending = 0, 0, 0, [], []
    for m in _BRACE_OR_HEAD.finditer(text):
        sign = text[m.end() - 1]
        if sign == "{":
            depth += 1
        elif sign == "}":
            depth = max(depth - 1, 0)
            if depth == 0:  # an entry closed: the heads inside it were text
                inner += pending
                pending = []
        elif depth > 0:
            line += text.count("\n", last, m.start())
            last = m.start()
            if line in lines:
                pending.append(m.end() - 1)
        else:
            pending = []
    return inner


#: fields whose repetitions are items of one list (ScienceDirect writes one
#: ``keywords = {...}`` line per keyword)
_LIST_FIELDS = frozenset({"keywords", "keyword"})


def _join_values(field, values: list[str]) -> bool:
    """Set `field`'s value to the items of `values` (each in one pair of braces or
    quotes, none inside) joined by "; "; False, with nothing changed, for any other
    values."""
    items = []
    for value in values:
        if len(value) < 2 or (value[0], value[-1]) not in (("{", "}"), ('"', '"')):
            return False
        inner = value[1:-1]
        if any(c in inner for c in '{}"'):
            return False
        items.append(inner.strip())
    field.value = "{" + "; ".join(i for i in items if i) + "}"
    return True


def _parse(bibtexparser, text: str):
    """bibtexparser's blocks of `text` as split (no middlewares: :func:`_value` does
    their work on the fields read), its warnings, and why each failed block failed
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
            library = bibtexparser.parse_string(text, parse_stack=[])
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    for block in library.failed_blocks:  # its traceback's frames hold the library: a
        _drop_tracebacks(block.error)  # cycle only the cycle collector would free
    why: dict = {}
    inner: list[int] = []
    for message in collect.messages:
        m = _ABORTED.search(message)
        if m:
            why.setdefault(int(m.group(1)), " ".join(m.group(2).split()))
        m = _INNER_HEAD.search(message)
        if m:
            inner.append(int(m.group(1)))
    if inner:  # (keys -1 and -2: a block gave up at a line starting "@", and those lines)
        why[-1], why[-2] = True, inner
    return library, caught, why


def _drop_tracebacks(error: BaseException | None) -> None:
    """Let go of the frames an exception (and those it chains) hold."""
    while error is not None and error.__traceback__ is not None:
        error.__traceback__ = None
        error = error.__context__ or error.__cause__


def _masked(text: str, at: list[int]) -> str:
    """`text` with the characters at offsets `at` (each an "@") replaced by the mask."""
    parts, prev = [], 0
    for i in sorted(at):
        parts += [text[prev:i], _MASK]
        prev = i + 1
    parts.append(text[prev:])
    return "".join(parts)


def _unmask(library) -> None:
    """The masked "@" of the entries' values given back."""
    for block in library.blocks:
        _unmask_entry(getattr(block, "ignore_error_block", None) or block)


def _unmask_entry(entry) -> None:
    for f in getattr(entry, "fields", ()):
        if isinstance(f.value, str) and _MASK in f.value:
            f.value = f.value.replace(_MASK, "@")


def _recover(bibtexparser, segment: str, line: int, source: str, rep):
    """An entry bibtexparser did not see (``@article k1,`` with no brace, ``@ article{``):
    read again with its head repaired, or reported as not read."""
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


#: Bytes of a file bibtexparser is given at once. A file is cut at lines where a block
#: starts (``@type{`` or ``@type(`` first on the line; every state of bibtexparser's
#: splitter ends the block before there), so memory holds one piece's blocks at a time.
CHUNK_BYTES = 1 << 20

_CUT = re.compile(rb"^[ \t]*@\w*[ \t]*[{(]", re.MULTILINE)
_STRING = re.compile(rb"@string", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"


def _pieces(raw: bytes, size: int) -> list[tuple[int, int, str]]:
    """Where `raw` is cut: ``(start, end, head)`` per piece of about `size` bytes,
    `head` the opening ``@type{`` of the next piece ("" for the last).

    Examples
    --------
    >>> _pieces(b"@a{k,\\n t={x}}\\n@b{j,\\n t={y}}\\n", 4)
    [(0, 14, '@b{'), (14, 28, '')]
    """
    cuts = [(0, "")]
    step = max(size, 1)
    while cuts[-1][0] + step < len(raw):
        m = _cut_at(raw, cuts[-1][0], step)
        if m is None:
            break
        cuts.append((m.start(), m.group().decode("ascii")))
    cuts.append((len(raw), ""))
    return [(a, b, head) for (a, _), (b, head) in zip(cuts, cuts[1:], strict=False)]


def _cut_at(raw: bytes, prev: int, step: int) -> re.Match | None:
    """The head a piece starting at `prev` ends before: the first line starting with
    ``@type{`` from ``prev + step`` on where the braces opened since `prev` are closed.
    A line inside an open value (an abstract quoting a BibTeX entry) is no place to cut:
    BibTeX reads it as text. When no head within four more pieces has the braces
    closed (an entry left open), the first head, as a file cut anywhere.

    Examples
    --------
    >>> raw = b"@a{k, x = {see\\n@b{j, y = {z}}\\nhere}}\\n@c{i, t = {u}}\\n"
    >>> raw[_cut_at(raw, 0, 10).start():]
    b'@c{i, t = {u}}\\n'
    """
    first = m = _CUT.search(raw, prev + step)
    depth, last = 0, prev
    while m is not None and m.start() < prev + 5 * step:
        depth += raw.count(b"{", last, m.start()) - raw.count(b"}", last, m.start())
        last = m.start()
        if depth <= 0:
            return m
        m = _CUT.search(raw, m.end())
    return first


def _codec(raw: bytes, pieces: list, source: str, rep: Reporter) -> str:
    """UTF-8 (BOM allowed) when every piece decodes, else ``"legacy"``
    (:func:`~graphlib_papers.io._common.legacy_decode`) with the report row
    reading the file whole gives (:func:`~graphlib_papers.io._common.decode`)."""
    bom = len(_BOM) if raw.startswith(_BOM) else 0
    for start, end, _ in pieces:
        try:
            raw[start:end].decode("utf-8-sig" if start == 0 else "utf-8")
        except UnicodeDecodeError as exc:  # counted after the BOM in the first piece
            legacy_fallback(raw, exc.start + (start or bom), source, rep)
            return "legacy"
    return "utf-8"


def _text(raw: bytes, start: int, end: int, codec: str) -> str:
    """Piece `start:end` of the file as text, line ends made ``\\n``."""
    if start == 0 and raw.startswith(_BOM):
        start = len(_BOM)
    text = legacy_decode(raw[start:end]) if codec == "legacy" else raw[start:end].decode(codec)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _truncate(cols: RecordColumns, n: int) -> None:
    """Let go of the records from number `n` on (those of a file that failed)."""
    for name in cols.FIELDS:
        del getattr(cols, name)[n:]
    m = bisect.bisect_left(cols.a_row, n)
    for name in ("a_row", "a_name", "a_key", "a_aff"):
        del getattr(cols, name)[m:]
    cols.notes = [(i, note) for i, note in cols.notes if i < n]
    for values in cols.extra.values():
        for i in [i for i in values if i >= n]:
            del values[i]


class _GaveUp(Exception):
    """bibtexparser raised on a piece of the file (``cause`` is what it raised)."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


def _newlines(raw: bytes, start: int, end: int) -> int:
    """Lines ends in `raw[start:end]` (``\\r\\n``, ``\\r`` or ``\\n``)."""
    crlf = raw.count(b"\r\n", start, end)
    return raw.count(b"\n", start, end) + raw.count(b"\r", start, end) - crlf


class _File:
    """One BibTeX file read piece by piece, to the result of reading it whole.

    The file's ``@string`` macros are collected first (from the pieces that have
    any), as bibtexparser resolves a macro wherever in the file it is defined. Keys
    of earlier pieces make later entries and macros of the same key duplicates, as
    bibtexparser's library does. Report rows wait until the whole file is read, to
    come out in the order reading it whole gives (warnings, macros, failed blocks,
    then repaired heads).
    """

    def __init__(self, bibtexparser, raw: bytes, codec: str, pieces: list, source: str):
        self.bibtexparser, self.model = bibtexparser, bibtexparser.model
        self.raw, self.codec, self.pieces, self.source = raw, codec, pieces, source
        self.warned: list[str] = []  # bibtexparser's warnings
        self.noted: list[tuple[str, int]] = []  # malformed macros, repeated keys
        self.repaired: list[tuple[str, int]] = []  # entries with a field given twice
        self.failed: list[tuple[str, int, str, int]] = []  # reason, line, record, records
        self.lost: list[tuple[int, str]] = []  # entry heads bibtexparser did not see
        self.first_string: dict[str, int] = {}  # macro key -> line of its definition
        self.entry_keys: dict[str, int] = {}  # citation key -> line of its first entry
        self.seen = 0
        self._kept: tuple | None = None  # the last piece parsed for its macros

    def blocks(self, index: int, offset: int) -> tuple[list, str, dict, list]:
        """bibtexparser's blocks of piece `index` (first line `offset` + 1), the
        piece's text, why its failed blocks failed and bibtexparser's warnings.

        The next piece's head is parsed with the piece, as in the whole file it ends
        the piece's last block; its own block is left out."""
        if self._kept is not None and self._kept[0] == index:
            out, self._kept = self._kept[1], None
            return out
        start, end, head = self.pieces[index]
        text = _text(self.raw, start, end, self.codec)
        try:
            library, caught, why = _parse(self.bibtexparser, text + head)
            if why.pop(-1, None) and _MASK not in text:
                # a line of a value starts with "@type{" (a citation in an abstract):
                # bibtexparser takes it for an entry of its own, BibTeX does not
                at = _inner_heads(text, set(why.pop(-2)))
                if at:
                    text = _masked(text, at)
                    library, caught, why = _parse(self.bibtexparser, text + head)
                    why.pop(-1, None)
                    _unmask(library)
            why.pop(-2, None)
        except Exception as exc:  # bibtexparser raises plain errors on some malformed input
            raise _GaveUp(exc) from exc
        last = text.count("\n") if head else float("inf")
        return [b for b in library.blocks if b.start_line < last], text, why, caught

    def macros(self, known: _Entries) -> None:
        """The file's macros into `known` (as written and as text); a malformed one
        is left undefined with a note."""
        strings, offset = [], 0
        for index, (start, end, _) in enumerate(self.pieces):
            if _STRING.search(self.raw, start, end):
                self._kept = (index, self.blocks(index, offset))
                strings += [(b.start_line + 1 + offset, b) for b in self._kept[1][0]
                            if isinstance(b, self.model.String)]
            offset += _newlines(self.raw, start, end)
        first = {}
        for line, block in strings:  # the first definition of a key stands
            first.setdefault(block.key, (line, block))
        self.first_string = {key: line for key, (line, _) in first.items()}
        # the macros of the files read before in the same call stand, as BibTeX reads
        # \bibliography{abbrev,refs}; this file's own definitions win
        known.strings = {**known.strings,
                         **{key.lower(): block.value for key, (_, block) in first.items()}}
        known.macros = macros = dict(known.macros)
        for line, block in first.values():
            if not _well_formed_macro(str(block.raw)):
                self.noted.append((
                    f"malformed @string {block.key!r}: its value is not quoted or braced "
                    "text, a number or a macro; left undefined", line))
                continue
            macros[str(block.key).lower()] = _strip_enclosing(block.value)[0].strip('"{}')

    def read(self, cols: RecordColumns, known: _Entries) -> None:
        """Every piece's entries into `cols`, its failed blocks and lost heads kept."""
        offset = 0
        for index in range(len(self.pieces)):
            blocks, text, why, caught = self.blocks(index, offset)
            self.warned += [str(w.message) for w in caught]
            parsed: Counter = Counter()
            for block in blocks:
                self._block(block, offset, why, parsed, cols, known)
            heads = {line + offset: span for line, span in _heads(text).items()}
            lines = set(heads) | set(parsed)
            self.seen += sum(max(int(line in heads), parsed[line]) for line in lines)
            for line in sorted(set(heads) - set(parsed)):
                self.lost.append((line, text[heads[line][0] : heads[line][1]]))
            offset += text.count("\n")

    def _block(self, block, offset, why, parsed: Counter, cols, known) -> None:
        """One block of a piece: an entry into `cols`, a failed block kept."""
        model = self.model
        line = block.start_line + 1 + offset if isinstance(block.start_line, int) else 1
        repeated = getattr(block, "ignore_error_block", None)
        if type(block).__name__ == "DuplicateBlockKeyBlock" and isinstance(repeated, model.Entry):
            block = repeated  # an entry whose citation key an earlier entry has
        elif type(block).__name__ == "DuplicateFieldKeyBlock" and isinstance(
            repeated, model.Entry
        ):  # a field given twice (Scopus repeats funding_details): the first value kept
            block = repeated
            first: dict = {}
            for f in block.fields:
                first.setdefault(f.key, f)
            again = [k for k, f in first.items() if sum(g.key == k for g in block.fields) > 1]
            joined = [k for k in again if k.lower() in _LIST_FIELDS and _join_values(
                first[k], [f.value for f in block.fields if f.key == k])]
            block.fields = list(first.values())
            kept = [k for k in again if k not in joined]
            self.repaired.append(("; ".join(
                ["field " + ", ".join(repr(k) for k in kept) + " given more than once in "
                 "the entry; the first value kept"] * bool(kept)
                + ["field " + ", ".join(repr(k) for k in joined) + " given once per item "
                   "(as ScienceDirect writes keywords); the items joined"] * bool(joined)),
                line))
        if isinstance(block, model.Entry):
            first = self.entry_keys.setdefault(block.key, line)
            if block.entry_type.lower() not in ("comment", "preamble", "string"):
                parsed[_entry_add(cols, block, self.source, known, offset) or 1] += 1
                if first != line:  # read all the same: a key is a label, not the paper
                    self.noted.append((
                        f"citation key {block.key!r} repeats the key of the entry at line "
                        f"{first}; read as a record of its own (the same paper is united "
                        "with it by its DOI or its title and year)", line))
            return
        if type(block).__name__ == "DuplicateBlockKeyBlock" and isinstance(
            repeated, model.String
        ):
            block = repeated
        if isinstance(block, model.String):
            first = self.first_string.get(block.key, line)
            if first != line:  # a macro defined again: noted, not an error (BibTeX reads on)
                self.noted.append((f"@string {block.key!r} defined again; its definition "
                                   f"at line {first} stands", line))
            return
        if isinstance(block, model.ParsingFailedBlock):
            err = str(getattr(block, "error", None) or "") or why.get(line - 1 - offset, "")
        else:
            return
        raw = str(getattr(block, "raw", "")).replace(_MASK, "@")
        entry_like = int(not _NOT_ENTRY.match(raw))
        parsed[line] += entry_like
        self.failed.append((f"unreadable BibTeX block{': ' + err if err else ''}", line,
                            raw[:200], entry_like))

    def report(self, rep: Reporter, cols: RecordColumns, known: _Entries) -> None:
        """The report rows in the order reading the file whole gives, and the entries
        whose head had to be repaired."""
        source = self.source
        for message in self.warned:
            rep.note("flagged", f"bibtexparser: {message}", source=source, line=1)
        for reason, line in self.noted:
            rep.note("flagged", reason, source=source, line=line)
        for reason, line in self.repaired:  # (kept under errors="raise": nothing is wrong
            rep.repair(reason, source=source, line=line, strict=False)  # with the paper)
        for reason, line, record, records in self.failed:
            rep.fail(reason, source=source, line=line, record=record, records=records)
        rep.saw(source, self.seen)
        strings, known.strings = known.strings, {}  # bibtexparser reads a lost entry
        for line, segment in self.lost:  # on its own
            entry = _recover(self.bibtexparser, segment, line, source, rep)
            if entry is not None:
                _unmask_entry(entry)
                _entry_add(cols, entry, source, known, line - 1)
        known.strings = strings  # (for the files read after this one)


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

    ``@string`` macros are resolved (those of a file read before in the same call too,
    as BibTeX reads ``\\bibliography{abbrv,refs}``), LaTeX accents decoded (``C{\\'e}sar`` →
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

    bibtexparser is given a file in pieces of about ``CHUNK_BYTES`` (1 MiB), cut where
    a block starts a line, so memory holds one piece's blocks at a time; the corpus and
    the load report are those of the file read whole (a macro applies wherever it is
    defined, a key met in an earlier piece makes a duplicate).

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
    rep = Reporter(check_errors(errors), counted=True)
    cols = RecordColumns()
    # each distinct printed name is split, each distinct field text de-LaTeXed, once
    known = _Entries(bnames, _converter(LatexNodes2Text), names={}, texts={})
    paths = as_paths(path, (".bib", ".bibtex"))
    bar = progress_bar(sum(p.stat().st_size for p in paths), "BibTeX", progress)
    for p in paths:
        source = str(p)
        raw = utf8_bytes(read_bytes(p), source, rep)
        bar.update(len(raw))
        if unreadable(raw, source, rep, what="BibTeX file"):
            continue
        pieces = _pieces(raw, CHUNK_BYTES)
        file = _File(bibtexparser, raw, _codec(raw, pieces, source, rep), pieces, source)
        n_records = len(cols)
        try:
            file.macros(known)
            file.read(cols, known)
        except _GaveUp as exc:  # as when reading the file whole: none of its records
            _truncate(cols, n_records)
            known.crossrefs, known.volumes = [], {}
            rep.fail(f"bibtexparser could not read the file: {exc.cause}", source=source,
                     line=1)
            continue
        file.report(rep, cols, known)
        _crossrefs(cols, known, rep, source, n_records)
        raw = file = None  # the file's bytes are not needed past here
    bar.close()
    known = None  # nor the names and texts read
    return records_to_corpus(
        cols,
        rep,
        source_format="bibtex",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
        cycles=False,  # (a failed block's traceback, the one cycle, is let go in _parse)
    )
