"""Reader for author-profile pages of a paper-aggregator site (the bundled seeds).

Two layouts occur. The *expanded* layout has a header (owner name, primary category,
metrics) and one field per line with blank lines between. The *compact* layout has no
header and no blank lines, and glues the title to the first author::

    LGOct 12, 2022
    The Lazy Neuron Phenomenon: ... in TransformersZonglin Li, Chong You et al. · deepmind
    This paper studies ...

How the title/author split works
--------------------------------
The author list is read from the right: lab tags after ``" · "``, then ``" et al."``,
then comma-separated names for as long as each piece is a well-formed name (capitalised
words, initials with or without dots, lower-case particles such as ``de las``,
hyphens, inner capitals after ``Mc``/``De``/..., diacritics). The first piece that is not
a name holds the end of the title glued to the first author; the split point is an
upper-case letter directly after a non-space whose remainder is a well-formed name.
When several split points qualify, a name printed unambiguously elsewhere in the
pages read together decides; otherwise the longest name wins and the entry is flagged
``ambiguous-split`` in the load report.
"""

from __future__ import annotations

import calendar
import multiprocessing
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import repeat
from os import PathLike
from pathlib import Path

import pandas as pd

from .._keys import is_missing, paper_id_of_key, title_key
from .._memory import collector_paused
from ..corpus import Corpus, build_corpus
from ..names import PARTICLES, known_keys, learn_keys, name_key, normalize_name
from ._common import decode, fits_datetime_column, progress_bar, reader_doc, utf8_bytes
from ._dedup import unite_rows
from ._errors import Reporter, check_errors

__all__ = ["read_profile", "read_profiles"]

_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}
_DATE_LINE = re.compile(
    r"(?P<cat>[A-Za-z][A-Za-z.\-]{0,11}?)?"
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s(?P<day>\d{1,2})"
    r"(?:,\s?(?P<year>\d{4}))?(?P<code>\s?Code)?"
)
_HEADER_PATTERNS = {
    "h_index": re.compile(r"h-index\s*(\d[\d,]*)"),
    "declared_papers": re.compile(r"(\d[\d,]*)\s*papers"),
    "citations": re.compile(r"(\d[\d,]*)\s*citations"),
    "novelty": re.compile(r"Novelty\s*(\d+(?:\.\d+)?)%"),
    "ai_score": re.compile(r"AI Score\s*(\d+(?:\.\d+)?)"),
    "papers_heading": re.compile(r"(\d[\d,]*) Papers"),
}
_CATEGORY_ONLY = re.compile(r"[A-Za-z][A-Za-z.\-]{0,11}")
_LABS = re.compile(r"\s+·\s+")
_ET_AL = re.compile(r",?\s+et\s+al\.?$")
_ET_AL_ENDS = ("al", "al.", "al\n", "al.\n")  # `$` also matches before a final newline
_ET_AL_WINDOW = 48
_INNER_CAP_PREFIXES = (
    "Mc", "Mac", "De", "Di", "Da", "Du", "Del", "Dal", "La", "Le", "Lo", "Van", "Von", "Fitz", "St",
)
# control characters are damage, never text: white space (as in the record readers),
# which also keeps the lines a page is split into the lines of the file
_PAGE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))
# the bytes that decode to a character of _PAGE_CONTROL: one to one (ASCII or Latin-1
# text), and the ASCII ones in UTF-8 (where C1 controls are \xc2\x80-\x9f)
_PAGE_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)])
_PAGE_CONTROL_ASCII = bytes([*range(0, 9), 11, 12, *range(14, 32), 0x7F])
_NOT_BEFORE_NAME = frozenset(" -‐'’")


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of `words` written as a trie (``d(?:e(?:l)?|u)`` for de, del, du):
    the same strings as ``"|".join(words)``, but the regex engine leaves it at the first
    letter that no word continues with instead of trying every word in turn."""
    heads: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        heads.setdefault(w[0], []).append(w[1:])
    out = []
    for head, tails in heads.items():
        rest = [t for t in tails if t]
        if not rest:
            out.append(re.escape(head))
        else:
            out.append(re.escape(head) + f"(?:{_word_trie(rest)})" + ("?" if "" in tails else ""))
    return "|".join(out)


# a lower-case particle glued to the word before it and followed by a name: a particle
# ends at the space, so whichever word matches at a position is the same word
_PARTICLE_START = re.compile(r"(?<=[^\s])(?:" + _word_trie(PARTICLES) + r") (?=\S)")
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>]{0,80})?/?>")
_ORGANISATION = re.compile(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")
_MAX_NAME = 100
_MAX_AUTHORS = 64
_GLUE_WINDOW = 120


# ---------------------------------------------------------------------------
# name grammar
# ---------------------------------------------------------------------------
def _norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _is_initials(tok: str) -> bool:
    letters = tok.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _char_class(pred) -> str:
    """A regex character class of the BMP characters satisfying `pred`, as ranges."""
    out, run = [], None
    for code in range(0x10000):
        if pred(chr(code)):
            run = [code, code] if run is None else [run[0], code]
        elif run is not None:
            out.append(run)
            run = None
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in out
    )


_U = f"[{_char_class(str.isupper)}]"
_L = f"[{_char_class(lambda c: c.islower() and c.isalpha())}]"
_PREFIX = "|".join(_INNER_CAP_PREFIXES)
_TOKEN = re.compile(
    rf"(?P<s>(?:Jr|Sr|jr|sr|II|III|IV)\.?)"
    rf"|(?P<p>{'|'.join(sorted(PARTICLES, key=len, reverse=True))})"
    rf"|(?P<w>(?:{_U}['’])?(?:(?:{_PREFIX}){_U}{_L}+|{_U}{_L}+)(?:[-‐'’](?:{_U}|{_L}){_L}*)*)"
    rf"|(?P<i>{_U}\.?(?:[-‐]?{_U}\.?){{0,2}})"
)


# a possible split point: an upper-case letter directly after a non-space that cannot
# precede a name (the scan starts at index >= 1, so the look-behind always has a character)
# (the capital first, so the engine skips to capitals; the look-behind then checks the
# character before it)
_SPLIT_POINT = re.compile(rf"{_U}(?<=[^{re.escape(''.join(sorted(_NOT_BEFORE_NAME)))}].)")


@lru_cache(maxsize=1 << 16)
def _token_kind(tok: str) -> str | None:
    """Which kind of name token `tok` is (``_TOKEN``'s group: suffix, particle, word,
    initials), or None. Looked up: the words of names and titles recur far more than
    the strings tried as names do."""
    m = _TOKEN.fullmatch(tok)
    return None if m is None else m.lastgroup


@lru_cache(maxsize=1 << 18)
def _valid_name(text: str, *, lenient: bool = False) -> bool:
    """Is `text` a well-formed printed person or group name?"""
    if not text or len(text) > _MAX_NAME or text != text.strip():
        return False
    tokens = text.split(" ")
    n = len(tokens)
    if not (1 if lenient else 2) <= n <= 9:
        return False
    has_word = False
    for i, tok in enumerate(tokens):
        kind = _token_kind(tok)
        if kind is None:
            return False
        if kind == "s" and i == 0:
            if not _is_initials(tok):
                return False
        elif kind == "p" and (i == 0 or i == n - 1):
            return False
        elif kind == "w":
            has_word = True
    return has_word


# ---------------------------------------------------------------------------
# parsed records
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Entry:
    source: str
    line: int  # line of the category/date line
    category: str
    month: int
    day: int
    year: int | None
    has_code: bool
    title: str = ""
    authors: list[str] = field(default_factory=list)
    truncated: bool = False
    labs: tuple[str, ...] = ()
    abstract: str | None = None
    split_candidates: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, authors)
    author_line: int = 0
    date_ok: bool = True
    pid: str = ""  # paper id, once the title is settled
    title_key: str = ""  # the title's normalised form (paper ids, matching across pages)
    keys: tuple[str, ...] = ()  # name_key of each author


@dataclass
class _Page:
    source: str
    layout: str
    header: dict
    entries: list[_Entry]
    owner_name: str | None = None
    known: Counter = field(default_factory=Counter)  # name keys this page vouches for
    keys: dict[str, str] = field(default_factory=dict)  # name -> name_key, computed here


def _decode(raw: bytes, source: str, rep: Reporter) -> str | None:
    """The readers' decoding (:func:`._common.decode`), after a stricter binary test:
    a page is prose, so more than 1 % control bytes marks it as binary even without NULs."""
    sample = raw[:65536]
    n_control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if raw.strip() and n_control > len(sample) // 100 + 2:
        rep.fail("binary data, not a profile page", source=source, line=1, record=repr(sample[:40]))
        return None
    return decode(raw, source, rep, what="profile page")


def _et_al(text: str) -> re.Match | None:
    """``_ET_AL.search(text)``, looking only at the end of a long line when it can.

    The pattern is anchored at the end, so a line that does not end in "al" or "al."
    has no match; otherwise a match found in the last characters that does not start
    right at the window's edge is the leftmost one (a match starting further left would
    run on through the window's first character).
    """
    if not text.endswith(_ET_AL_ENDS):
        return None
    pos = len(text) - _ET_AL_WINDOW
    if pos <= 0:
        return _ET_AL.search(text)
    m = _ET_AL.search(text, pos)
    return m if m is not None and m.start() > pos else _ET_AL.search(text)


def _strip_tail(text: str) -> tuple[str, bool, tuple[str, ...]]:
    """An author line without its lab tags (after " · ") and its closing "et al.";
    returns (text, et al., labs)."""
    labs: tuple[str, ...] = ()
    parts = _LABS.split(text) if "·" in text else (text,)
    if len(parts) > 1:
        text = " · ".join(parts[:-1])
        labs = tuple(x.strip() for x in parts[-1].split(",") if x.strip())
    truncated = False
    m = _et_al(text)
    if m:
        truncated = True
        text = text[: m.start()]
    return text, truncated, labs


@lru_cache(maxsize=1 << 16)
def _name_starts(glued: str) -> tuple[int, ...]:
    """Where a name can start in a piece of a glued line, in the order candidates are
    tried: split points whose remainder is a well-formed name, then (a first author
    opening with a particle, "de Vries": a candidate used only when the name is printed
    elsewhere) particle starts whose remainder is a name's well-formed end."""
    start = max(1, len(glued) - _GLUE_WINDOW)
    # the words of a name after its first are whole words of the piece, well-formed and
    # at most eight: a name starts inside the last word that is not a name's word (or
    # the ninth from the end), or to its right. The scan starts at that word's start,
    # which no match found from further left runs across (a particle match ends at a
    # space), so it finds the matches further right the same.
    words = glued.split(" ")
    k = len(words) - 1
    while k > 0 and _token_kind(words[k]) is not None:
        k -= 1
    k = max(k, len(words) - 9)
    if k > 0:
        start = max(start, len(glued) - len(" ".join(words[k:])))
    out = [m.start() for m in _SPLIT_POINT.finditer(glued, start) if _valid_name(glued[m.start():])]
    out += [
        m.start() for m in _PARTICLE_START.finditer(glued, start)
        if _valid_name("X " + glued[m.start():])
    ]
    return tuple(out)


def _split_authors(text: str) -> tuple[list[tuple[str, list[str]]], bool, tuple[str, ...]]:
    """Split a title+authors line. Returns (candidates, et al., labs).

    Each candidate is (title, authors). Pieces of the comma-separated tail that are
    well-formed names are authors; the piece holding the glued title end is the rightmost
    piece that is not a name, or, when a title piece happens to look like a name, any
    piece to its right with a split point. Empty when no split point qualifies.
    """
    text, truncated, labs = _strip_tail(text)
    chunks = text.rsplit(", ", _MAX_AUTHORS)
    stop = len(chunks) - 1
    while stop > 0 and _valid_name(chunks[stop]):
        stop -= 1
    candidates: list[tuple[str, list[str]]] = []
    for idx in range(stop, len(chunks)):
        glued = chunks[idx]
        # a piece right of `stop` is itself a name, printed again and again: its
        # split points are looked up; the title piece at `stop` is new text each time
        points = _name_starts(glued) if idx > stop else _name_starts.__wrapped__(glued)
        if not points:
            continue
        head = ", ".join(chunks[:idx])
        prefix = head + ", " if head else ""
        rest = chunks[idx + 1 :]
        for i in points:
            candidates.append((prefix + glued[:i], [glued[i:], *rest]))
    return candidates, truncated, labs


def _parse_page(text: str, source: str, rep: Reporter) -> _Page | None:
    lines = list(map(str.rstrip, text.splitlines()))
    dates = {
        i: m for i, ln in enumerate(lines)
        if ln and len(ln) <= 40 and (m := _DATE_LINE.fullmatch(ln.strip()))
    }
    date_idx = list(dates)
    rep.saw(source, len(date_idx))  # each category/date line opens one entry
    if not date_idx:
        rep.fail("no profile entries found (no category/date line such as 'CLJul 13, 2022')",
                 source=source, line=1, record=lines[0] if lines else "")
        return None
    header = _parse_header(lines[: date_idx[0]], source, rep)
    blank_inside = any(
        not lines[j].strip()
        for a, b in zip(date_idx, date_idx[1:] + [len(lines)], strict=True)
        for j in range(a + 1, min(b, a + 3))
    )
    layout = "expanded" if blank_inside or header else "compact"
    entries: list[_Entry] = []
    cut = not text.endswith(("\n", "\r"))
    for a, b in zip(date_idx, date_idx[1:] + [len(lines)], strict=True):
        entry = _parse_entry(lines, a, b, source, layout, rep, cut and b == len(lines), dates[a])
        if entry is not None:
            entries.append(entry)
    return _Page(source, layout, header, entries, header.get("owner_name"))


def _parse_header(lines: list[str], source: str, rep: Reporter) -> dict:
    header: dict = {}
    content = [(i + 1, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    if not content:
        return header
    lineno, first = content[0]
    name = normalize_name(first)
    if _valid_name(name, lenient=True):
        header["owner_name"] = name
        header["owner_line"] = lineno
    else:
        rep.fail(f"header does not start with a name: {first[:60]!r}", source=source, line=lineno,
                 record=first)
        return header
    for lineno, ln in content[1:]:
        for key, pat in _HEADER_PATTERNS.items():
            m = pat.fullmatch(ln)
            if m:
                header[key] = int(float(m.group(1).replace(",", "")))
                header[f"{key}_line"] = lineno
                break
        else:
            if _CATEGORY_ONLY.fullmatch(ln) and "primary_category" not in header:
                header["primary_category"] = ln
            else:
                rep.note("flagged", f"unrecognised header line {ln[:60]!r}", source=source,
                         line=lineno, record=ln)
    return header


def _read_entry_body(body: list[tuple[int, str]], layout: str):
    """(reading or None, body as read, markup removed, organisation or None): the
    entry's lines read as printed; else with markup removed from its first two lines;
    and, when no person's name fits, with a one-word organisation as first author."""
    reading = _read_body(body, layout)
    markup: list[str] = []
    if reading is None and any(_MARKUP.search(t) for _, t in body[:2]):
        stripped = []
        for j, (ln, t) in enumerate(body):
            if j < 2 and _MARKUP.search(t):
                markup.extend(_MARKUP.findall(t))
                t = _norm_text(_MARKUP.sub(" ", t))
            stripped.append((ln, t))
        reading = _read_body(stripped, layout)
        if reading is not None:
            body = stripped
    organisation = None
    if reading is None or (
        reading[0] == "glued" and not any(c[1][0][:1].isupper() for c in reading[1][0])
    ):
        found = _split_organisation(body[0][1])
        if found is not None:
            organisation = found[0][0][1][0]
            if reading is not None:  # beside readings whose first author is a lower-case
                found = (reading[1][0] + found[0], *found[1:])  # particle ("e Martin")
            reading = ("glued", found)
    return reading, body, markup, organisation


def _parse_entry(lines, a, b, source, layout, rep, cut: bool = False, m=None) -> _Entry | None:
    if m is None:
        m = _DATE_LINE.fullmatch(lines[a].strip())
    year = int(m.group("year")) if m.group("year") else None
    entry = _Entry(
        source=source,
        line=a + 1,
        category=m.group("cat") or "",
        month=_MONTHS[m.group("mon")],
        day=int(m.group("day")),
        year=year,
        has_code=bool(m.group("code")),
    )
    body = [(j + 1, t) for j in range(a + 1, b) if (t := lines[j].strip())]
    if not body:
        rep.fail("entry cut off: a category/date line with no title or authors after it",
                 source=source, line=a + 1, record=lines[a], records=1)
        return None
    try:
        datetime(year or 2000, entry.month, entry.day)
    except ValueError:
        entry.date_ok = False
        rep.repair(f"impossible date {lines[a].strip()!r}; date left unknown",
                   source=source, line=a + 1, record=lines[a])
    # the page ends inside this entry's last line (no final newline): an author list cut
    # mid-name keeps its complete names only, and is marked truncated
    fragment = None
    if cut and body[-1][0] == len(lines):
        ln, text = body[-1]
        if "," in text and " · " not in text and not _ET_AL.search(text):
            head, fragment = text.rsplit(",", 1)
            body[-1] = (ln, head)
    reading, body, markup, organisation = _read_entry_body(body, layout)
    if reading is None:
        rep.fail("no author list found: the entry has a title but no line of author names",
                 source=source, line=body[0][0], record=body[0][1], records=1)
        return None
    kind, (first, truncated, labs) = reading
    if kind == "expanded":
        entry.title = _norm_text(body[0][1])
        entry.authors = first
        entry.author_line = body[1][0]
        abstract = body[2:]
    else:
        entry.split_candidates = [
            (_norm_text(t), [normalize_name(n) for n in names]) for t, names in first
        ]
        entry.author_line = body[0][0]
        abstract = body[1:]
    entry.truncated = truncated
    entry.labs = labs
    if markup:
        rep.repair(
            f"markup {' '.join(dict.fromkeys(markup))!r} removed to read the author line",
            source=source, line=entry.author_line, record=body[0][1], strict=False,
        )
    if organisation is not None:
        rep.note(
            "flagged",
            f"first author read as a one-word organisation name {organisation!r}: no person's "
            "name fits the end of the title line",
            source=source, line=entry.author_line, record=body[0][1],
        )
    if fragment is not None:
        if entry.author_line == body[-1][0]:
            entry.truncated = True
            rep.repair(
                f"page ends inside the author list: the cut-off name {fragment.strip()!r} is "
                "left out and the list marked truncated",
                source=source, line=entry.author_line, record=body[-1][1] + "," + fragment,
                strict=False,
            )
        else:  # the cut line is the abstract: keep it whole
            abstract = [*abstract[:-1], (abstract[-1][0], abstract[-1][1] + "," + fragment)]
    entry.abstract = " ".join(t for _, t in abstract) or None
    return entry


def _read_body(body: list[tuple[int, str]], layout: str):
    """Two readings: expanded (a title line, then an author line) and compact (the
    title glued to the first author); the page's layout decides which is tried first.
    Returns ("expanded", (names, et al., labs)), ("glued", (candidates, et al., labs))
    or None."""
    expanded = glued = None
    if layout == "expanded" and len(body) >= 2:
        expanded = _split_authors_plain(body[1][1])
    if expanded is None:
        glued = _split_authors(body[0][1])
        if not glued[0] and len(body) >= 2 and layout != "expanded":
            expanded = _split_authors_plain(body[1][1])
    if expanded is not None and (glued is None or not glued[0]):
        return "expanded", expanded
    if glued is not None and glued[0]:
        return "glued", glued
    return None


def _split_organisation(text: str):
    """The compact reading with a one-word organisation as first author
    (``"...Scaling LawsOpenAI, Jane Roe"``), tried only when no person's name fits.

    The title's last word ends in a lower-case letter or digit; the organisation is
    one capitalised word (inner capitals allowed) directly after it; the line goes on
    as an author list does (more names, "et al." or lab tags), and the names after it
    are well-formed.
    """
    text, truncated, labs = _strip_tail(text)
    chunks = text.rsplit(", ", _MAX_AUTHORS)
    stop = len(chunks) - 1
    while stop > 0 and _valid_name(chunks[stop], lenient=True):
        stop -= 1
    if stop == len(chunks) - 1 and not labs and not truncated:
        return None  # no author-list syntax after the word: "Using PyTorch" is a title
    glued = chunks[stop]
    start = glued.rfind(" ") + 2
    for m in _SPLIT_POINT.finditer(glued, max(1, start)):
        i = m.start()
        word = glued[i:]
        if (
            _ORGANISATION.fullmatch(word)
            and (glued[i - 1].islower() or glued[i - 1].isdigit())
        ):
            title = ", ".join([*chunks[:stop], glued[:i]])
            return [(title, [word, *chunks[stop + 1 :]])], truncated, labs
    return None


def _split_authors_plain(text: str):
    """An author line on its own (expanded layout): every piece must be a name."""
    text, truncated, labs = _strip_tail(text)
    if len(text) > _MAX_AUTHORS * _MAX_NAME:
        return None
    names = [normalize_name(n) for n in text.split(",")]
    if not names or not all(_valid_name(n, lenient=True) for n in names):
        return None
    return names, truncated, labs


# ---------------------------------------------------------------------------
# resolution across pages
# ---------------------------------------------------------------------------
def _split_preference(candidate: tuple[str, list[str]]) -> tuple:
    """Rank readings of a glued line, most plausible first.

    Fewest glued multi-letter initials among the names ("IIJ. Smith"), then a first author
    opening with a word rather than an initial split out of an upper-case run, then the
    most authors (the leftmost split point), then a first name over initials, one initial
    over several, and the longest first name.
    """
    title, names = candidate
    odd = sum(
        1
        for n in names
        for tok in n.split(" ")
        if _is_initials(tok) and len(tok.replace(".", "").replace("-", "")) > 1 and "." in tok
    )
    first = names[0].split(" ", 1)[0]
    letters = first.replace(".", "").replace("-", "")
    kind = 2 if _is_initials(first) and len(letters) > 1 else 1 if _is_initials(first) else 0
    weak = kind > 0 and bool(title) and title[-1].isupper()
    return odd, weak, -len(names), kind, -len(names[0])


def _settle(e: _Entry) -> None:
    e.title_key = title_key(e.title) if e.title else ""
    e.pid = paper_id_of_key(e.title_key)
    e.keys = tuple(map(name_key, e.authors))


def _annotate(page: _Page) -> None:
    """Per-page work done where the page was parsed (a worker process when parallel).

    Paper ids and name keys of the entries whose title is settled; the name keys the
    page vouches for (printed authors, the owner, the names to the right of a glued
    split), pooled across pages by :func:`_resolve_splits`; and every name's key, which
    the parent adopts instead of recomputing.
    """
    known: Counter = Counter()
    names: set[str] = set()
    if page.owner_name:
        known[name_key(page.owner_name)] += 1
        names.add(page.owner_name)
    for e in page.entries:
        if len(e.split_candidates) == 1 and e.split_candidates[0][1][0][0].isupper():
            # one reading whose first author opens with a capital: _resolve_splits would
            # take it whatever the other pages say, so it is settled here
            e.title, e.authors = e.split_candidates[0][0], list(e.split_candidates[0][1])
            e.split_candidates = []
        if e.split_candidates:
            longest = max(e.split_candidates, key=lambda c: len(c[1]))
            for n in longest[1][1:]:
                known[name_key(n)] += 1
            if len(e.split_candidates) == 1 and longest[1][0][0].isupper():
                known[name_key(longest[1][0])] += 1
            names.update(n for _, cand in e.split_candidates for n in cand)
        else:
            _settle(e)
            known.update(e.keys)
            names.update(e.authors)
    page.known = known
    page.keys = known_keys(names)


def _resolve_splits(pages: list[_Page], rep: Reporter) -> None:
    known: Counter = Counter()
    for page in pages:
        known.update(page.known)
    for page in pages:
        unresolved = []
        for e in page.entries:
            if not e.split_candidates:
                continue
            cands = [
                c for c in e.split_candidates if c[1][0][0].isupper() or known[name_key(c[1][0])]
            ]
            if not cands:
                rep.fail("no author list found: the entry has a title but no line of author names",
                         source=e.source, line=e.author_line, record=e.split_candidates[0][0],
                         records=1)
                unresolved.append(e)
                continue
            if len(cands) == 1:
                title, names = cands[0]
            else:
                seen = [c for c in cands if known[name_key(c[1][0])]]
                if len(seen) == 1:
                    title, names = seen[0]
                else:
                    title, names = min(seen or cands, key=_split_preference)
                    rep.note(
                        "ambiguous-split",
                        f"title/author split is ambiguous: first author could be "
                        f"{' or '.join(repr(c[1][0]) for c in cands)}; chose {names[0]!r}",
                        source=e.source,
                        line=e.author_line,
                        record=title,
                    )
            e.title = title
            e.authors = list(names)
            e.split_candidates = []
            _settle(e)
        if unresolved:
            drop = {id(e) for e in unresolved}
            page.entries = [e for e in page.entries if id(e) not in drop]


def _infer_owner(page: _Page) -> dict:
    """Owner of a headerless page: a name on every complete author list."""
    entries = page.entries
    complete = [e for e in entries if not e.truncated]
    printed: Counter = Counter()
    spelling: dict[str, str] = {}
    for e in entries:
        printed.update(set(e.keys))
        for k, a in zip(e.keys, e.authors, strict=True):
            spelling.setdefault(k, a)
    if not entries:
        return {"owner_method": "none", "owner_confidence": 0.0, "owner_evidence": "no entries"}
    if complete:
        sets = [set(e.keys) for e in complete]
        candidates = set.intersection(*sets)
        support = len(complete) / (len(complete) + 1)
    else:
        candidates = set(printed)
        support = 0.0
    if not candidates:
        return {
            "owner_method": "none",
            "owner_confidence": 0.0,
            "owner_evidence": f"no name appears on all {len(complete)} complete author lists",
        }
    ranked = sorted(candidates, key=lambda k: (-printed[k], k))
    best = ranked[0]
    second = printed[ranked[1]] if len(ranked) > 1 else 0
    if second == printed[best]:  # a tie needs a second candidate: printed[best] >= 1
        return {
            "owner_method": "none",
            "owner_confidence": 0.0,
            "owner_evidence": (
                f"tie: {spelling[best]!r} and {spelling[ranked[1]]!r} are both printed on "
                f"{printed[best]} papers and consistent with every complete author list"
            ),
        }
    exclusivity = printed[best] / (printed[best] + second)
    if not complete:
        support = 0.5 * printed[best] / len(entries)
    confidence = round(support * exclusivity, 3)
    others = ", ".join(f"{spelling[k]} ({printed[k]})" for k in ranked[1:4])
    evidence = (
        f"on all {len(complete)} complete author lists ({len(entries)} papers); printed on "
        f"{printed[best]} papers"
        if complete
        else f"no complete author list; printed on {printed[best]} of {len(entries)} papers"
    )
    if others:
        evidence += f"; other candidates: {others}"
    return {
        "owner_name": spelling[best],
        "owner_method": "inferred",
        "owner_confidence": confidence,
        "owner_evidence": evidence,
    }


def _reference_year(pages: list[_Page]) -> int | None:
    years = [e.year for p in pages for e in p.entries if e.year is not None]
    return max(years) + 1 if years else None


_OWNER_FIELDS = ("owner_name", "owner_method", "owner_confidence", "owner_evidence")
_HEADER_FIELDS = ("primary_category", "h_index", "citations", "novelty", "ai_score")


def _page_owner(page: _Page, rep: Reporter) -> tuple[dict, dict]:
    """(owner, profile row) of a page: the owner named in its header or inferred, the
    header's metrics, and a ``flagged`` row where its declared paper counts disagree
    with each other or with the entries read."""
    if page.owner_name:
        owner = {
            "owner_name": page.owner_name,
            "owner_method": "header",
            "owner_confidence": 1.0,
            "owner_evidence": (
                f"named in the page header (line {page.header.get('owner_line', 1)})"
            ),
        }
    else:
        owner = _infer_owner(page)
    declared = page.header.get("declared_papers", page.header.get("papers_heading"))
    row = {
        "source": page.source,
        "layout": page.layout,
        **{k: owner.get(k) for k in _OWNER_FIELDS},
        "declared_papers": declared,
        "parsed_papers": len(page.entries),
        **{k: page.header.get(k) for k in _HEADER_FIELDS},
    }
    if declared is not None and declared != len(page.entries):
        line = page.header.get("declared_papers_line", page.header.get("papers_heading_line"))
        rep.note(
            "flagged",
            f"page declares {declared} papers but {len(page.entries)} entries were read",
            source=page.source,
            line=line,
        )
    h1, h2 = page.header.get("declared_papers"), page.header.get("papers_heading")
    if h1 is not None and h2 is not None and h1 != h2:
        rep.note("flagged", f"header paper counts disagree ({h1} vs {h2})", source=page.source,
                 line=page.header["papers_heading_line"])
    return owner, row


def _entry_date(e: _Entry, year: int | None, precision: str, ref: int | None, rep: Reporter):
    """(date or None, precision) of an entry whose year is `year` (`ref` when the page
    printed none); the inferred year and a date a datetime column cannot hold are
    reported."""
    if e.year is None and ref is not None:
        rep.note(
            "inferred",
            f"date printed without a year; year {ref} inferred (the site omits the "
            "current year: one after the latest year printed)",
            source=e.source, line=e.line,
        )
    date = None
    if e.date_ok and year is not None:
        date = datetime(year, e.month, e.day)
        if not (1678 <= year <= 2261 or fits_datetime_column(date)):  # the test needs a Timestamp
            rep.note("flagged", f"date {date.date().isoformat()} is outside the range a "
                     f"pandas datetime column holds (1677-09-22 to 2262-04-11); year "
                     f"{year} kept, date left empty", source=e.source, line=e.line)
            date = None
    if date is None and year is not None:
        precision = "year"
    return date, precision


def _to_corpus(
    pages: list[_Page], rep: Reporter, reference_year, aliases, vetoes, merge_names,
    disambiguate=False,
) -> Corpus:
    _resolve_splits(pages, rep)
    ref = reference_year if reference_year is not None else _reference_year(pages)
    paper_rows: dict[str, dict] = {}
    # the rule of PaperMatcher for records without ids of their own: the same
    # normalised title and the same year is the same paper, never a title alone
    by_title: dict[tuple[str, int], int] = {}
    group_pid: list[str] = []
    ships: list[tuple] = []
    profile_rows = []
    kept: Counter = Counter()  # entries that became papers, per page
    repeats: Counter = Counter()  # entries of a paper already read (this page or another)
    for page in pages:
        owner, row = _page_owner(page, rep)
        profile_rows.append(row)
        owner_name = owner.get("owner_name")
        seen_titles: set[str] = set()
        file_name = Path(page.source).name
        owner_key = name_key(owner_name) if owner_name else None
        for e in page.entries:
            year, inferred_year, precision = e.year, False, "day"
            if e.year is None:
                precision = "month-day-without-year"
                if ref is not None:
                    year, inferred_year = ref, True
            match_year = year if type(year) is int or year is None else (
                None if is_missing(year) else int(year)
            )
            group = None
            if e.title_key and match_year is not None:
                group = by_title.setdefault((e.title_key, match_year), len(group_pid))
            rule = None if group is None or group == len(group_pid) else "title+year"
            (kept if rule is None else repeats)[e.source] += 1
            if rule is None:
                pid = e.pid
                n = 1
                while pid in paper_rows:  # the same title, another year (or none): another paper
                    pid = paper_id_of_key(e.title_key, year if n == 1 else f"{year}#{n}")
                    n += 1
                group_pid.append(pid)
            else:
                pid = group_pid[group]
            if pid in seen_titles:
                rep.note("flagged", f"paper listed twice on the page: {e.title[:60]!r}",
                         source=e.source, line=e.line, record=e.title)
            seen_titles.add(pid)
            date, precision = _entry_date(e, year, precision, ref, rep)
            entry_row = {
                "paper_id": pid,
                "title": e.title,
                "date": date,
                "year": year,
                "date_precision": precision,
                "year_inferred": inferred_year,
                "category": e.category,
                "has_code": e.has_code,
                "abstract": e.abstract,
                "labs": e.labs,
                "authors_truncated": e.truncated,
                "sources": (file_name,),
                "n_authors_visible": len(e.authors),
            }
            if rule is None:
                paper_rows[pid] = entry_row
            else:
                unite_rows(paper_rows[pid], entry_row)
            for pos, name in enumerate(e.authors, start=1):
                ships.append((pid, name, pos, False, e.source, e.author_line))
            if owner_key is not None and owner_key not in e.keys:
                ships.append((pid, owner_name, None, True, e.source, e.line))
    # every entry is a paper, part of a paper listed on several pages (its sources name
    # each page; the same page twice gives a row), or a skipped row
    rep.check(kept, repeats)
    return _tables_to_corpus(
        list(paper_rows.values()), ships, profile_rows, rep, aliases, vetoes, merge_names,
        disambiguate,
    )


def _tables_to_corpus(
    rows: list[dict], ships: list[tuple], profile_rows: list[dict], rep: Reporter, aliases,
    vetoes, merge_names, disambiguate,
) -> Corpus:
    """Paper rows, authorship tuples and page rows -> Corpus, through the name layer."""
    columns = [
        "paper_id", "title", "date", "year", "date_precision", "year_inferred", "category",
        "has_code", "abstract", "labs", "authors_truncated", "sources", "n_authors_visible",
    ]
    # abstracts stay Python strings (object dtype): copying megabytes of text into Arrow
    # buffers costs more than everything else done with them here
    papers = pd.DataFrame(
        {c: pd.Series([r[c] for r in rows], dtype=object if c == "abstract" else None)
         for c in columns}
    )
    papers["date"] = pd.to_datetime(papers["date"]).astype("datetime64[ns]")
    authorships = pd.DataFrame(
        ships, columns=["paper_id", "printed_name", "position", "inferred", "source", "line"]
    )
    authorships["position"] = authorships["position"].astype("Int64")
    authorships["line"] = authorships["line"].astype("Int64")
    profiles = pd.DataFrame(profile_rows, columns=[
        "source", "layout", "owner_name", "owner_method", "owner_confidence", "owner_evidence",
        "declared_papers", "parsed_papers", "primary_category", "h_index", "citations", "novelty",
        "ai_score",
    ])
    for col in ("declared_papers", "parsed_papers", "h_index", "citations"):
        profiles[col] = profiles[col].astype("Int64")
    corpus = build_corpus(
        papers.set_index("paper_id"),
        authorships,
        profiles=profiles,
        load_report=rep.frame(),
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )
    return _attach_metrics(corpus)


def _attach_metrics(corpus: Corpus) -> Corpus:
    prof = corpus.profiles
    metric_cols = ["h_index", "citations", "novelty", "ai_score", "primary_category"]
    have = prof[prof["owner_method"].eq("header") & prof["owner_id"].notna()]
    if have.empty:
        return corpus
    metrics = have.drop_duplicates("owner_id").set_index("owner_id")[metric_cols]
    return corpus._replace(authors=corpus._authors.join(metrics))


def _iter_paths(paths: Iterable[str | PathLike]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                sorted(q for q in path.iterdir() if q.is_file() and q.suffix in (".txt", ""))
            )
        elif path.exists():
            out.append(path)
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
    return out


def _count_entries(text: str) -> int:
    """Entries of a page by their opening category/date lines."""
    return sum(
        1
        for ln in text.splitlines()
        if len(ln.rstrip()) <= 40 and _DATE_LINE.fullmatch(ln.strip())
    )


def _may_hold_control(raw: bytes, text: str) -> bool:
    r"""False when `text`, decoded from `raw`, has no character of ``_PAGE_CONTROL``.

    The test runs on the bytes, much faster than the expression on the text. Decoding
    is UTF-8 or Latin-1, after a byte-order mark if any (see :func:`._common.decode`).
    Text as long as its bytes after the mark has one character per byte (ASCII, or
    Latin-1); other text is UTF-8 with characters of several bytes, where a C1 control
    is ``\xc2`` and a byte of 0x80-0x9f (U+2028/U+2029 are looked for in the text). A
    ``\xc2`` that is not the lead of the common "·" or no-break space sends the text
    to the expression.
    """
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw  # the mark is not decoded
    if len(text) == len(body):
        return len(body.translate(None, _PAGE_CONTROL_BYTES)) != len(body)
    if len(raw.translate(None, _PAGE_CONTROL_ASCII)) != len(raw):
        return True
    if "\u2028" in text or "\u2029" in text:
        return True
    n = raw.count(b"\xc2")
    if n == 0:
        return False
    n -= raw.count(b"\xc2\xb7")
    return n > 0 and n != raw.count(b"\xc2\xa0")


def _read_one(source: str, errors: str) -> tuple[_Page | None, list[tuple], int, int]:
    """Decode and parse one page; the load-report rows come back with it, and the
    entries counted and skipped."""
    rep = Reporter("raise" if errors == "raise" else "skip", counted=True)
    raw = utf8_bytes(Path(source).read_bytes(), source, rep)
    text = _decode(raw, source, rep)
    if text is not None and _may_hold_control(raw, text):
        text = _PAGE_CONTROL.sub(" ", text)
    page = _parse_page(text, source, rep) if text is not None else None
    if text is None:  # binary or empty: the row is written; count what it holds
        k = _count_entries(raw.decode("utf-8", "replace").replace("\x00", ""))
        rep.saw(source, k)
        rep.skipped[source] += k
    if page is not None:
        _annotate(page)
    return page, rep.rows, rep.seen[source], rep.skipped[source]


class _NoBar:
    """What :func:`._common.progress_bar` gives when nothing is shown, without tqdm."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _read_pages(
    paths: list[Path], rep: Reporter, workers: int | None = None, progress: bool | None = False
) -> list[_Page]:
    """Parse every page, in worker processes when the input is large.

    Pages are parsed independently (evidence is pooled afterwards), so results, load
    report and errors are the same whatever the number of workers.
    """
    workers = 1 if workers is None else int(workers)  # a pool only when asked for
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        workers = 1  # worker start-up without fork costs more than it saves
    sources = [str(p) for p in paths]
    if workers <= 1:
        results = (_read_one(s, rep.errors) for s in sources)
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        with pool:
            chunk = max(1, len(sources) // (workers * 8))
            results = list(pool.map(_read_one, sources, repeat(rep.errors), chunksize=chunk))
    pages = []
    if progress is None:  # progress_bar's own default: a bar on a terminal only
        progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    # no bar to show: tqdm is not even imported (a tenth of a small read's time)
    bar = progress_bar(len(sources), "profile pages", True, unit="page") if progress else _NoBar()
    for source, (page, rows, seen, skipped) in zip(sources, results, strict=True):
        bar.update(1)
        rep.seen[source] += seen
        rep.skipped[source] += skipped
        for row in rows:
            rep.rows.append(row)
            if row[2] in ("skipped", "repaired"):
                rep._warn(row[0], row[1], row[3])
        if page is not None:
            learn_keys(page.keys)
            page.keys = {}
            pages.append(page)
    bar.close()
    return pages


@reader_doc
def read_profiles(
    *paths: str | PathLike,
    errors: str = "raise",
    progress: bool | None = None,
    reference_year: int | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
    workers: int | None = 1,
) -> Corpus:
    """Read profile pages (files or directories of ``.txt`` files) into one Corpus.

    Pages are read together so that evidence is shared: names printed unambiguously
    on one page settle title/author splits on another, and a paper listed on several
    pages becomes one paper whose ``sources`` name every page.

    Parameters
    ----------
    *paths : str or path-like
        Files, or directories whose ``.txt`` files are read in name order.
    {common_parameters}
    reference_year : int, optional
        Year given to dates printed without one (the site omits the current year).
        By default: one after the latest year printed on the pages read; such papers
        have ``year_inferred=True`` and ``date_precision="month-day-without-year"``.
    workers : int, default 1
        Processes that parse pages in parallel (forked, where the platform can fork).
        By default one: the library starts no process pool unless asked, which keeps it
        safe inside a multi-threaded Jupyter kernel. The result does not depend on it.

    Returns
    -------
    Corpus

    Raises
    ------
    ParseError
        Under ``errors="raise"``, for an empty or binary file, text that is not UTF-8,
        an entry cut off or without an author line, or an impossible date.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.read_profiles(*gp.seed_paths())
    >>> owners = corpus.profiles[["owner_id", "owner_method"]]
    >>> owners.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['a:aurko-roy', 'header'], ['a:sanjiv-kumar', 'inferred'],
     ['a:sharad-vikram', 'inferred'], ['a:sebastian-borgeaud', 'inferred']]
    """
    rep = Reporter(check_errors(errors), counted=True)
    with collector_paused():  # (a few small objects per entry, no cycles)
        pages = _read_pages(_iter_paths(paths), rep, workers, progress)
        return _to_corpus(pages, rep, reference_year, aliases, vetoes, merge_names, disambiguate)


def read_profile(path: str | PathLike, **kwargs) -> Corpus:
    """Read one profile page into a Corpus (see :func:`read_profiles` for options).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> page = gp.read_profile(gp.seed_paths()[0])
    >>> page.n_papers, page.profiles.loc[0, "owner_name"]
    (17, 'Aurko Roy')
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory: use read_profiles() for several pages")
    return read_profiles(path, **kwargs)
