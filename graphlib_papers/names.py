"""Author names: normalisation, group authors, and auditable merging of variants.

Key by id, label by name. Every spelling printed in an input is kept on the
authorship row (``printed_name``); this module decides which spellings belong to
one person, assigns the ``author_id`` and records *why* in a merge table that the
user can read, edit and re-apply (``aliases=``) or overrule (``vetoes=``).

Rules, in order (each merge carries its rule and reason):

``alias``
    The user said so (``aliases={"variant": "canonical"}``).
``same-id``
    The source gives both spellings the same author identifier (ORCID, OpenAlex id, ...).
``fold``
    The spellings are equal once case, diacritics, dots and hyphens are ignored
    (``"Samuel L Smith"`` / ``"Samuel L. Smith"``, ``"J. Gimenez"`` / ``"J. Giménez"``).
    The spelling alone is the evidence.
``initials``
    Same surname and compatible given names, one spelling carrying initials the other
    leaves out or abbreviates (``"Sashank Reddi"`` / ``"Sashank J. Reddi"``,
    ``"Yashas Samaga"`` / ``"Yashas Samaga B L"``). Merged only when corroborated by a
    shared co-author (inferred profile owners count) and only if the merged group stays
    pairwise compatible (``"J. Smith"`` is not used to join ``"John Smith"`` and
    ``"Jane Smith"``).

Different surnames are never merged (``"Catalin Ionescu"`` is not ``"Cătălina Cangea"``);
group authors (``"Gemini Team"``) are never merged with people.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

__all__ = [
    "normalize_name",
    "normalize_names",
    "name_key",
    "is_group_name",
    "names_compatible",
    "resolve_names",
]

_WS = re.compile(r"\s+")
_GROUP_WORDS = (
    "team|consortium|collaboration|collaborators|group|collective|initiative|project|"
    "committee|contributors|investigators|network|society|association|alliance|"
    "working group|study group|authors"
)
_GROUP = re.compile(rf"(?:^|\s)(?:{_GROUP_WORDS})$", re.IGNORECASE)
# shared with the readers and the splitting layer (public names, not in __all__)
PARTICLES = frozenset(
    "de da del della dei der den des di du la las le les los van von ter ten "
    "y e bin binti ibn al el dos das do zu und af av".split()
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def normalize_name(name: str) -> str:
    """Return the display form of a printed name: Unicode NFC, single spaces, trimmed.

    Examples
    --------
    >>> normalize_name("  Łukasz   Kaiser ")
    'Łukasz Kaiser'
    >>> normalize_name("Ca\\u0306ta\\u0306lina Cangea") == "Cătălina Cangea"
    True
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", str(name))).strip(" \t,;")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")


_KEY_PUNCT = re.compile(r"[.\-‐‑’'`,]")
_KEYS: dict[str, str] = {}  # name -> key; filled by name_key and by worker processes
_MAX_KEYS = 1 << 20


def name_key(name: str) -> str:
    """Return the folding key: lower case, no diacritics, dots or hyphens.

    Two spellings with the same key are treated as the same name (rule ``fold``).

    Examples
    --------
    >>> name_key("Samuel L. Smith") == name_key("Samuel L Smith")
    True
    >>> name_key("J. Giménez")
    'j gimenez'
    >>> name_key("Catalin Ionescu") == name_key("Cătălina Cangea")
    False
    """
    key = _KEYS.get(name)
    if key is None:
        text = _strip_marks(normalize_name(name)).casefold()
        key = _WS.sub(" ", _KEY_PUNCT.sub(" ", text)).strip()
        if len(_KEYS) >= _MAX_KEYS:
            _KEYS.clear()
        _KEYS[name] = key
    return key


def known_keys(names: Iterable[str]) -> dict[str, str]:
    """The keys of `names`, for handing computed keys from a worker process back."""
    return {n: name_key(n) for n in names}


def learn_keys(keys: Mapping[str, str]) -> None:
    """Adopt keys computed elsewhere (they are a pure function of the name)."""
    if len(_KEYS) + len(keys) >= _MAX_KEYS:
        _KEYS.clear()
    _KEYS.update(keys)


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def is_group_name(name: str) -> bool:
    """True for group authors such as ``"Gemini Team"`` or ``"CMS Collaboration"``.

    Examples
    --------
    >>> is_group_name("Gemini Team"), is_group_name("The CMS Collaboration")
    (True, True)
    >>> is_group_name("Sanjiv Kumar")
    False
    """
    return bool(_GROUP.search(normalize_name(name)))


@lru_cache(maxsize=1 << 18)  # a field has 10^5 distinct names
def name_parts(name: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a name into (surname key, given-name tokens) for the ``initials`` rule."""
    tokens = [t for t in name_key(name).split() if t not in SUFFIXES]
    words = [i for i, t in enumerate(tokens) if len(t) > 1 and t not in PARTICLES]
    if not words:
        return None
    last = words[-1]
    # particles just before the surname belong to it ("de las Casas")
    start = last
    while start > 0 and _particle_at(tokens, start - 1):
        start -= 1
    surname = " ".join(tokens[start : last + 1])
    given = tuple(tokens[:start]) + tuple(t for t in tokens[last + 1 :])
    if not given:
        return None
    return surname, given


def _particle_at(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a particle: a one-letter particle ("y", "e") is an
    initial when it comes first or second or follows another initial ("James E. Smith",
    "S.-Y. Lee"), a particle only after a surname ("Ortega y Gasset")."""
    t = tokens[i]
    if t not in PARTICLES:
        return False
    return len(t) > 1 or (i > 1 and len(tokens[i - 1]) > 1)


def _token_match(a: str, b: str) -> bool:
    if len(a) > 1 and len(b) > 1:
        return a == b
    return a[0] == b[0]


def names_compatible(a: str, b: str) -> bool:
    """True when `a` and `b` can be spellings of one person's name.

    Surnames must be equal (ignoring case, diacritics and punctuation); the first given
    names must agree, a full name agreeing with its initial; the shorter list of the
    remaining given names and initials must be a subsequence of the longer.

    Examples
    --------
    >>> names_compatible("Sashank Reddi", "Sashank J. Reddi")
    True
    >>> names_compatible("Yashas Samaga", "Yashas Samaga B L")
    True
    >>> names_compatible("Catalin Ionescu", "Cătălina Cangea")
    False
    >>> names_compatible("John Smith", "Jane Smith")
    False
    >>> names_compatible("Jaiyong Lee", "Jai-Yong Lee")
    True
    """
    if is_group_name(a) or is_group_name(b):
        return name_key(a) == name_key(b)
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or pa[0] != pb[0]:
        return False
    ga, gb = pa[1], pb[1]
    if "".join(ga) == "".join(gb):
        return True  # one given name written joined or apart ("Jaiyong" / "Jai-Yong")
    if not _token_match(ga[0], gb[0]):
        return False
    short, long_ = (ga[1:], gb[1:]) if len(ga) <= len(gb) else (gb[1:], ga[1:])
    it = iter(long_)
    return all(any(_token_match(s, t) for t in it) for s in short)


def _canonical(variants: list[str], counts: Mapping[str, int], preferred: set[str]) -> str:
    """An alias target if any, else the most complete spelling: most tokens, dots kept,
    most printed."""
    return max(
        sorted(variants),
        key=lambda v: (
            v in preferred,
            len(v.split()),
            sum(len(t.strip(".")) > 1 for t in v.split()),
            v.count("."),
            counts.get(v, 0),
            -len(v),
        ),
    )


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _strip_marks(text).casefold()).strip("-")
    return slug or "x"


# ---------------------------------------------------------------------------
# the per-name functions above, for many names at once
# ---------------------------------------------------------------------------
# The names are joined by newlines and one pass of a regular expression or a string
# method over the joined text does to each name what the function does, at C speed.
# A newline cannot occur inside a normalised name (white space becomes a space), and
# none of the steps (NFC, NFKD, case folding, the substitutions) moves text across a
# newline; names that hold a newline before normalisation take the per-name path.
# Steps that look at each name on its own (is it ASCII, tidy, a possible group; its
# tokens, surname and first given name) run as Arrow string kernels over the names
# (pyarrow.compute), the results handed on as Arrow arrays; Python strings are made
# only where the tables need them. Each such step is tested against the per-name
# function it stands for (tests/test_names_fast_paths.py).
_WS_LINE = re.compile(r"[^\S\n]+")  # white space other than the newline between names
_EDGE_STRIP = re.compile(r"(?m)^[ \t,;]+|[ \t,;]+$")  # normalize_name's strip, per line
_SLUG_RUN = re.compile(r"[^a-z0-9\n]+")
_SLUG_BYTES = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789\n" else 45
                    for c in range(256))  # other bytes become "-"
_GROUP_LAST = frozenset(w.split()[-1] for w in _GROUP_WORDS.split("|"))
_MANY_MARKED = 2000  # from this many names with diacritics, strip them in one pass


def _only_spaces(text: str) -> bool:
    """True when the only white space in `text` is the space and the newline (every
    other white space character is not printable)."""
    return text.replace("\n", " ").isprintable()


def _squeeze(text: str, char: str) -> str:
    """`text` with each run of `char` made one."""
    double = char + char
    while double in text:
        text = text.replace(double, char)
    return text


def _strip_lines(text: str, char: str) -> str:
    """Each line of `text` without the `char` at its start and at its end (runs of
    `char` being single)."""
    if char not in text:
        return text
    return ("\n" + text + "\n").replace("\n" + char, "\n").replace(char + "\n", "\n")[1:-1]


def normalize_names(names: Iterable[str]) -> list[str]:
    """:func:`normalize_name` of each name, computed for all of them at once.

    Examples
    --------
    >>> normalize_names(["  Łukasz   Kaiser ", "Ann Lee,", "Ca\\u0306ta\\u0306lina"]) == [
    ...     "Łukasz Kaiser", "Ann Lee", "Cătălina"]
    True
    """
    return _normalize_all(list(names))


def name_keys(names: Iterable[str], *, normalized: bool = False) -> list[str]:
    """:func:`name_key` of each name, computed for all of them at once; with
    `normalized`, the names are taken to be as :func:`normalize_name` leaves them
    (outputs of :func:`normalize_names`), which saves normalising them again.

    Examples
    --------
    >>> name_keys(["Samuel L. Smith", " J.  Giménez,", "Łukasz Kaiser"])
    ['samuel l smith', 'j gimenez', 'lukasz kaiser']
    >>> name_keys(normalize_names([" J.  Giménez,"]), normalized=True)
    ['j gimenez']
    """
    names = list(names)
    return _Spellings(names if normalized else _normalize_all(names)).keys()


def _normalize_all(names: list) -> list[str]:
    """:func:`normalize_name` of each name."""
    if not names:
        return []
    names = [n if type(n) is str else str(n) for n in names]
    joined = "\n".join(names)
    if joined.count("\n") != len(names) - 1:
        return [normalize_name(n) for n in names]
    if not joined.isascii():
        joined = unicodedata.normalize("NFC", joined)
    if _only_spaces(joined):
        joined = _squeeze(joined, " ")
    else:
        joined = _WS_LINE.sub(" ", joined)
    edges = (" ", ",", ";")
    if joined.startswith(edges) or joined.endswith(edges) or any(
        "\n" + c in joined or c + "\n" in joined for c in edges
    ):
        joined = _EDGE_STRIP.sub("", joined)
    return joined.split("\n")


# the white space characters other than the space (those ``str.isspace`` and ``\\s``
# accept); a test checks the list against every code point
_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# what normalize_name changes besides the composition: an edge it strips, a run of
# spaces, another white space character
_UNTIDY = "^[ \\t,;]|[ \\t,;]$|  |[" + "".join(f"\\x{{{ord(c):x}}}" for c in _OTHER_SPACES) + "]"


def _untouched(names: list[str], arr: pa.Array) -> np.ndarray:
    """A boolean array, true for names that :func:`normalize_name` returns unchanged
    (`arr` holds the same names as Arrow strings); every name it changes is false,
    as are a few it leaves alone.

    Examples
    --------
    >>> import pyarrow as pa
    >>> names = ["Ann Lee", "Ann  Lee", "Ann Lee,", "Ca\\u0306ta\\u0306lina", "Zoë\\tB"]
    >>> _untouched(names, pa.array(names)).tolist()
    [True, False, False, False, False]
    """
    if not names:
        return np.zeros(0, dtype=bool)
    out = ~pc.match_substring_regex(arr, _UNTIDY).to_numpy(zero_copy_only=False)
    marked = np.flatnonzero(~_is_ascii(arr) & out)
    # (composition stops at a newline: the names are in NFC when their lines are)
    if len(marked) and not unicodedata.is_normalized(
        "NFC", "\n".join([names[i] for i in marked.tolist()])
    ):
        for i in marked.tolist():
            out[i] = unicodedata.is_normalized("NFC", names[i])
    return out


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _unmark(text: str) -> str:
    """:func:`_strip_marks` after NFKD, for many names at once (`text` in NFKD, the
    names one a line): combining marks dropped, the letters NFKD leaves whole mapped.

    Examples
    --------
    >>> import unicodedata
    >>> _unmark(unicodedata.normalize("NFKD", "José Núñez\\nŁukasz Kaiser\\nSøren"))
    'Jose Nunez\\nLukasz Kaiser\\nSoren'
    """
    # one replace per mark found: a handful of characters, each pass at C speed
    for c in sorted(set(_NON_ASCII.findall(text))):
        if unicodedata.combining(c):
            text = text.replace(c, "")
    for c, plain in (("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O")):
        text = text.replace(c, plain)
    return text


class _Spellings:
    """Normalised spellings (outputs of :func:`normalize_name`) and, computed once
    each, their keys, group flags and slugs; each equals the per-name function's."""

    def __init__(self, names: list[str], *, arrow: pa.Array | None = None,
                 untouched: np.ndarray | None = None):
        # (`arrow` and `untouched`: the names as Arrow strings and their _untouched)
        self.names = names
        self._arrow = arrow
        if names:
            ascii_ = _is_ascii(self.arrow())
            self.marked = np.flatnonzero(~ascii_).tolist()
            if untouched is None:
                untouched = _untouched(names, self.arrow())
            # normalize_name is idempotent; checked here for the names it can change
            # (those with diacritics) where it may change them
            odd = [names[i] for i in np.flatnonzero(~ascii_ & ~untouched)]
            self.normal = _normalize_all(odd) == odd
        else:
            self.marked, self.normal = [], True
        self._folded: str | None = None
        self._spaces_only = True  # no white space but the space in folded()
        self._key_text: str | None = None
        self._keys: list[str] | None = None
        self._keys_arrow: pa.Array | None = None
        self._groups: np.ndarray | None = None

    def arrow(self) -> pa.Array:
        """The names as an Arrow string array, for the string kernels."""
        if self._arrow is None:
            self._arrow = pa.array(self.names, type=pa.string())
        return self._arrow

    def folded(self) -> str:
        """The names without diacritics (:func:`_strip_marks`), case folded, one a line."""
        if self._folded is None:
            names = self.names
            if self.marked:
                marked = [names[i] for i in self.marked]
                if len(marked) >= _MANY_MARKED:
                    text = _unmark(unicodedata.normalize("NFKD", "\n".join(marked)))
                    stripped = text.split("\n")
                else:
                    stripped = [_strip_marks(n) for n in marked]
                    text = "\n".join(stripped)
                # (the other names hold no white space but single spaces)
                self._spaces_only = _only_spaces(text)
                names = list(names)
                for i, x in zip(self.marked, stripped, strict=True):
                    names[i] = x
            text = "\n".join(names)
            # (ASCII text folds as it lowers, and str.lower has a fast path for it)
            self._folded = text.lower() if text.isascii() else text.casefold()
        return self._folded

    def _key_lines(self) -> str:
        """:func:`name_key` of each name, one a line (names in normal form only)."""
        if self._key_text is None:
            text = self.folded()
            for c in ".-‐‑’'`,":  # _KEY_PUNCT
                text = text.replace(c, " ")
            text = _squeeze(text, " ") if self._spaces_only else _WS_LINE.sub(" ", text)
            self._key_text = _strip_lines(text, " ")
        return self._key_text

    def keys(self) -> list[str]:
        """:func:`name_key` of each name."""
        if self._keys is None:
            if not self.names:
                self._keys = []
            elif not self.normal:
                self._keys = [name_key(n) for n in self.names]
            else:
                self._keys = self._key_lines().split("\n")
        return self._keys

    def keys_arrow(self) -> pa.Array:
        """:func:`name_key` of each name, as Arrow strings (made without a Python string
        per name)."""
        if self._keys_arrow is None:
            if not self.names or not self.normal:
                self._keys_arrow = pa.array(self.keys(), type=pa.string())
            else:
                text = pa.array([self._key_lines()], type=pa.large_string())
                keys = pc.list_flatten(pc.split_pattern(text, "\n"))
                self._keys_arrow = keys.cast(pa.string())
        return self._keys_arrow

    def groups(self) -> np.ndarray:
        """:func:`is_group_name` of each name, as a boolean array."""
        if self._groups is None:
            names = self.names
            if not self.normal:
                out = np.fromiter(map(is_group_name, names), dtype=bool, count=len(names))
            else:
                out = np.zeros(len(names), dtype=bool)
                for i in np.flatnonzero(_group_candidates(self.arrow())).tolist():
                    out[i] = bool(_GROUP.search(names[i]))
            self._groups = out
        return self._groups

    def _slug_lines(self) -> str:
        """:func:`_slug` of each name, one a line, an empty line for ``"x"``."""
        text = self.folded()
        if text.isascii():
            text = _squeeze(text.encode("ascii").translate(_SLUG_BYTES).decode("ascii"), "-")
        else:
            text = _SLUG_RUN.sub("-", text)
        return _strip_lines(text, "-")

    def slugs(self) -> list[str]:
        """:func:`_slug` of each name."""
        if not self.names:
            return []
        return [x or "x" for x in self._slug_lines().split("\n")]

    def _id_lines(self) -> str:
        """The author id of each name, ``"a:"`` and its :func:`_slug`, one a line."""
        # (a colon is in no slug: "a:" ends a line only where the slug is empty)
        text = "a:" + self._slug_lines().replace("\n", "\na:")
        text = text.replace("a:\n", "a:x\n")
        return text + "x" if text.endswith("a:") else text

    def ids(self) -> list[str]:
        """The author id of each name, ``"a:"`` and its :func:`_slug`."""
        return self._id_lines().split("\n") if self.names else []

    def ids_arrow(self) -> pa.Array:
        """:meth:`ids` as Arrow strings (made without a Python string per name)."""
        if not self.names:
            return pa.array([], type=pa.string())
        text = pa.array([self._id_lines()], type=pa.large_string())
        return pc.list_flatten(pc.split_pattern(text, "\n")).cast(pa.string())


def _as_arrow(values, strings: list[str]) -> pa.Array:
    """`strings` as an Arrow string array, taken from `values` (the same strings in a
    pandas array) when they are held in Arrow already."""
    if isinstance(values, pd.arrays.ArrowStringArray):
        arr = values.__arrow_array__().combine_chunks()
        if arr.type in (pa.string(), pa.large_string()) and arr.null_count == 0:
            return arr.cast(pa.string())
    return pa.array(strings, type=pa.string())


def _arrow_str_dtype() -> pd.StringDtype | None:
    """pandas' default string dtype when it is held in Arrow (pandas 3 with pyarrow),
    else None."""
    dtype = pd.Series([""]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return dtype
    return None


def _str_array(arr: pa.Array, dtype: pd.StringDtype) -> pd.api.extensions.ExtensionArray:
    """Arrow strings as a pandas array of `dtype` (from :func:`_arrow_str_dtype`)."""
    return pd.arrays.ArrowStringArray(arr, dtype=dtype)


def _is_ascii(arr: pa.Array) -> np.ndarray:
    """``str.isascii`` of each string of `arr`, as a boolean array."""
    return pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)


# a group word ends the name after a space: the last token is a group word's last word
# in ASCII letters of any case, or holds one of the characters that Python's
# case-insensitive matching also takes for an ASCII letter (a test checks the list
# against every code point), whose cases are then left to :data:`_GROUP` itself
_GROUP_TAIL = "(?:^| )(?:" + "|".join(sorted(_GROUP_LAST)) + ")$"
_LETTER_LOOKALIKES = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)
_LOOKALIKE_TAIL = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _LETTER_LOOKALIKES) + "][^ ]*$"


def _group_candidates(names: pa.Array) -> np.ndarray:
    """The normalised names (single spaces) that :func:`is_group_name` can call a group,
    as a boolean array: every group name is among them, and few others.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _group_candidates(pa.array(["CMS Collaboration", "Ann Lee", "Gemini TEAM",
    ...                             "Teamwork", "Ann Tëam", "Big Networ\\u212a"])).tolist()
    [True, False, True, False, False, True]
    """
    if not len(names):
        return np.zeros(0, dtype=bool)
    tail = f"{_GROUP_TAIL}|(?-i:{_LOOKALIKE_TAIL})"  # (the lookalikes as they are)
    return pc.match_substring_regex(names, tail, ignore_case=True).to_numpy(
        zero_copy_only=False)


_SUFFIX_SET = pa.array(sorted(SUFFIXES), type=pa.string())
_PARTICLE_SET = pa.array(sorted(PARTICLES), type=pa.string())


def _parts_all(keys: list[str]):
    """:func:`name_parts` of each name, from its key, as arrays: (has parts, surname,
    first given token), the last two object arrays holding None where there are no
    parts. See :func:`_parts_arrow`.

    Examples
    --------
    >>> has, surname, first = _parts_all(["ann de las casas", "j smith", "smith"])
    >>> has.tolist(), surname.tolist(), first.tolist()
    ([True, True, False], ['de las casas', 'smith', None], ['ann', 'j', None])
    """
    n = len(keys)
    surname = np.empty(n, dtype=object)
    first_tok = np.empty(n, dtype=object)
    has, sur, fst = _parts_arrow(pa.array(keys, type=pa.string()))
    surname[has] = sur.to_numpy(zero_copy_only=False)
    first_tok[has] = fst.to_numpy(zero_copy_only=False)
    return has, surname, first_tok


def _parts_arrow(keys: pa.Array) -> tuple[np.ndarray, pa.Array, pa.Array]:
    """:func:`name_parts` of each key (an output of :func:`name_key`), with Arrow's
    string kernels: (has parts, surname of those that have them, their first given
    token).

    The surname is the last word (a token longer than one letter, not a particle or
    suffix) with the particles just before it (a one-letter particle first, second or
    after an initial is an initial, see :func:`_particle_at`); the given tokens are the
    others.

    Examples
    --------
    >>> import pyarrow as pa
    >>> has, surname, first = _parts_arrow(pa.array(["y chen", "maria d de sonmikow",
    ...                                              "jr", "john smith jr"]))
    >>> has.tolist(), surname.to_pylist(), first.to_pylist()
    ([True, True, False, True], ['chen', 'de sonmikow', 'smith'], ['y', 'maria', 'john'])
    """
    n = len(keys)
    empty = pa.array([], type=pa.string())
    if not n:
        return np.zeros(0, dtype=bool), empty, empty
    # keys hold single spaces between tokens (an empty key gives one empty token)
    lists = pc.split_pattern(keys, " ")
    count = pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(lists)
    suffix = pc.is_in(flat, value_set=_SUFFIX_SET).to_numpy(zero_copy_only=False)
    if suffix.any():
        count = count - np.bincount(np.repeat(np.arange(n), count)[suffix], minlength=n)
        flat = flat.filter(pa.array(~suffix))
    m = len(flat)
    if not m:
        return np.zeros(n, dtype=bool), empty, empty
    tok_len = pc.utf8_length(flat).to_numpy(zero_copy_only=False)
    particle = pc.is_in(flat, value_set=_PARTICLE_SET).to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(n), count)
    seg_start = np.cumsum(count) - count
    seg_end = seg_start + count
    idx = np.arange(m)
    # a one-letter particle first, second or after an initial is an initial (_particle_at)
    single = tok_len == 1
    after_initial = np.r_[False, single[:-1]]
    particle &= ~(single & ((idx - seg_start[owner] <= 1) | after_initial))
    word = (tok_len > 1) & ~particle
    last = np.full(n, -1, dtype=np.int64)
    last[owner[word]] = idx[word]  # positions rise, so the last write is the last word
    has = last >= 0
    last_c = np.where(has, last, 0)
    # start of the surname: just after the last token before it that is not a particle
    prev_hard = np.maximum.accumulate(np.where(particle, -1, idx))
    before = np.where(last_c > seg_start, prev_hard[np.maximum(last_c - 1, 0)], -1)
    start = np.maximum(before + 1, seg_start)
    has &= (start > seg_start) | (last_c + 1 < seg_end)
    first = np.where(start > seg_start, seg_start, last_c + 1)
    first_tok = flat.take(pa.array(first[has]))
    # the surname's tokens, start to last, joined by spaces
    lo, hi = start[has], last_c[has] + 1
    size = hi - lo
    offsets = np.r_[0, np.cumsum(size)]
    at = np.repeat(lo - offsets[:-1], size) + np.arange(offsets[-1])
    surname = pc.binary_join(
        pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), flat.take(pa.array(at))),
        " ",
    )
    return has, surname, first_tok


def _pairs_in_groups(group: np.ndarray, items: np.ndarray, max_size: int, left=None):
    """Pairs of `items` that share a `group` code (codes < 0 are in no group), groups of
    at most `max_size` items. All pairs once each (lower position first) when `left` is
    None; otherwise every ordered pair (a, b), a != b, with ``left[a]`` true."""
    keep = group >= 0
    group, items = group[keep], items[keep]
    order = np.lexsort((items, group))
    group, items = group[order], items[order]
    if left is not None:
        left = left[keep][order]
    k = len(group)
    if not k:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    head = np.r_[True, group[1:] != group[:-1]]
    g_start = np.flatnonzero(head)
    sizes = np.diff(np.r_[g_start, k])
    ok = sizes <= max_size
    g_of = np.cumsum(head) - 1
    lo, size = g_start[g_of], sizes[g_of]
    pos = np.arange(k)
    if left is None:
        n_partners = np.where(ok[g_of], lo + size - pos - 1, 0)
    else:
        n_partners = np.where(ok[g_of] & left, size - 1, 0)
    a = np.repeat(pos, n_partners)
    step = np.arange(len(a)) - np.repeat(np.cumsum(n_partners) - n_partners, n_partners)
    if left is None:
        b = a + 1 + step
    else:
        b = np.repeat(lo, n_partners) + step
        b = b + (b >= a)  # skip the item itself
    return items[a], items[b]


def resolve_names(
    authorships: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge: bool = True,
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Decide which printed names are one person and assign ``author_id``.

    Parameters
    ----------
    authorships : DataFrame
        Columns ``paper_id`` and ``printed_name``; optional ``author_key`` (an
        identifier from the source, e.g. an ORCID or OpenAlex id).
    aliases : mapping, optional
        ``{variant: canonical}`` merges the user asserts.
    vetoes : iterable of pairs, optional
        Pairs of spellings that must never end up in one author.
    merge : bool, default True
        If False only exact (normalised) spellings and aliases are joined.

    Returns
    -------
    author_ids : Series
        Aligned with `authorships`: the ``author_id`` of each row.
    authors : DataFrame
        Index ``author_id``; columns ``name``, ``variants``, ``is_group``.
    merges : DataFrame
        One row per spelling joined to another: ``variant``, ``name`` (canonical),
        ``author_id``, ``rule``, ``reason``.

    Examples
    --------
    >>> df = pd.DataFrame({"paper_id": ["p1", "p1", "p2", "p2"],
    ...     "printed_name": ["Sashank Reddi", "Sanjiv Kumar", "Sashank J. Reddi", "Sanjiv Kumar"]})
    >>> ids, authors, merges = resolve_names(df)
    >>> list(ids)
    ['a:sashank-j-reddi', 'a:sanjiv-kumar', 'a:sashank-j-reddi', 'a:sanjiv-kumar']
    >>> merges[["variant", "name", "rule"]].to_records(index=False).tolist()
    [('Sashank Reddi', 'Sashank J. Reddi', 'initials')]
    """
    id_of_name, row_name, authors, merges = resolve_codes(
        authorships, aliases=aliases, vetoes=vetoes, merge=merge
    )
    ids = pd.Series(id_of_name[row_name] if len(row_name) else [], index=authorships.index,
                    dtype=object)
    return ids, authors, merges


def resolve_codes(
    authorships: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge: bool = True,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, pd.DataFrame]:
    """:func:`resolve_names` as (author id of each spelling, spelling of each row,
    authors, merges): the author ids of the rows are ``id_of_name[row_name]``."""
    printed = authorships["printed_name"].astype(str)
    codes, uniques = pd.factorize(printed, sort=True)
    norm = np.asarray(uniques, dtype=object).tolist()
    arr = _as_arrow(uniques.array, norm)
    untouched = _untouched(norm, arr)
    untidy = np.flatnonzero(~untouched).tolist()
    tidied = _normalize_all([norm[i] for i in untidy])
    changed = False
    for i, x in zip(untidy, tidied, strict=True):
        changed |= x != norm[i]
        norm[i] = x
    alias_pairs = [
        (normalize_name(v), normalize_name(t)) for v, t in sorted((aliases or {}).items())
    ]
    # every spelling is numbered by its rank, so that the numbers sort as the spellings
    # (the sorted uniques, when normalising changed none of them)
    if not alias_pairs and (not changed or all(map(str.__lt__, norm[:-1], norm[1:]))):
        names, spelled = norm, np.arange(len(norm))  # (printed names already normalised)
    else:
        spelled, names = pd.factorize(
            pd.Series(norm + [x for pair in alias_pairs for x in pair], dtype=object), sort=True
        )
        names = names.tolist()
    row_name = spelled[: len(norm)][codes] if len(codes) else np.empty(0, dtype=np.int64)
    counts = np.bincount(row_name, minlength=len(names))
    if names is norm and not changed:
        spellings = _Spellings(names, arrow=arr, untouched=untouched)
    else:
        spellings = _Spellings(names)
    merger = _Merger(spellings, counts > 0, vetoes)
    merger.aliases(alias_pairs)
    if "author_key" in authorships.columns:
        merger.same_ids(row_name, authorships["author_key"].to_numpy())
    if merge:
        merger.fold()
        merger.initials(row_name, authorships["paper_id"])
    preferred = {t for _, t in alias_pairs}
    authors, id_of_name = merger.authors(counts, preferred)
    merges = merger.merge_table(authors, id_of_name)
    return id_of_name, row_name, authors, merges


class _Merger:
    """Spellings joined into authors, rule by rule, with the rule and reason of each join.

    Spellings are numbered by their rank in `names` (sorted, so a spelling's number is
    found by bisection); only spellings joined to another are held in Python
    structures, so the cost follows the joins, not the names.
    """

    def __init__(self, spellings: _Spellings, printed: np.ndarray, vetoes):
        self.spellings = spellings
        self.names = names = spellings.names
        self.printed = printed  # spelled on some authorship (not only in an alias)
        self.parent = np.arange(len(names))
        self.members: dict[int, list[int]] = {}  # root -> its spellings, for joined sets
        self.rule_of: dict[tuple[int, int], tuple[str, str]] = {}
        self.veto: set[frozenset[int]] = set()
        for a, b in vetoes or ():
            ia, ib = self.position(normalize_name(a)), self.position(normalize_name(b))
            if ia is not None and ib is not None:
                self.veto.add(frozenset((ia, ib)))

    def position(self, name: str) -> int | None:
        """The position of the spelling `name` in :attr:`names` (sorted), or None."""
        names = self.names
        i = bisect_left(names, name)
        return i if i < len(names) and names[i] == name else None

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return int(root)

    def group(self, x: int) -> list[int]:
        root = self.find(x)
        return self.members.get(root) or [root]

    def vetoed(self, a: int, b: int) -> bool:
        if not self.veto:
            return False
        ga, gb = self.group(a), self.group(b)
        return any(frozenset((x, y)) in self.veto for x in ga for y in gb)

    def join(self, a: int, b: int, rule: str, reason: str, *, check: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.vetoed(a, b):
            return
        if check:
            group = sorted(self.group(a) + self.group(b))
            spelled = [self.names[x] for x in group]
            if not all(names_compatible(x, y) for x in spelled for y in spelled if x < y):
                return
        ma, mb = self.members.pop(ra, [ra]), self.members.pop(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        self.parent[rb] = ra
        self.members[ra] = ma + mb
        self.rule_of[(a, b)] = (rule, reason)

    def aliases(self, pairs: list[tuple[str, str]]) -> None:
        """Rule ``alias``: the user's ``{variant: canonical}``, normalised, in order."""
        for v, t in pairs:
            self.join(self.position(v), self.position(t), "alias", f"user alias {v!r} -> {t!r}")

    def same_ids(self, row_name: np.ndarray, keys: np.ndarray) -> None:
        """Rule ``same-id``: spellings the source gives one identifier."""
        # (a row whose key is its spelling's first row's key adds no pair: left out)
        rows = _new_pairs(row_name, keys, len(self.names))
        kcode = _codes_or_missing(keys[rows])
        held = kcode >= 0
        if not held.any():
            return
        pairs = pd.unique(kcode[held].astype(np.int64) * len(self.names) + row_name[rows[held]])
        shared = np.flatnonzero(np.bincount(pairs // len(self.names)) > 1)
        # (keys printed with one name join nothing)
        if not len(shared):
            return
        rows = rows[held & np.isin(kcode, shared)]
        names = np.asarray(self.names, dtype=object)
        keyed = pd.DataFrame({"name": names[row_name[rows]], "key": keys[rows]})
        keyed = keyed.dropna().drop_duplicates().sort_values(["key", "name"])
        keyed = keyed[keyed.duplicated("key", keep=False)]
        index = self.position
        for key, grp in keyed.groupby("key", sort=False):
            spelled = grp["name"].tolist()
            for other in spelled[1:]:
                self.join(index(spelled[0]), index(other), "same-id",
                          f"same source identifier {key}")

    def fold(self) -> None:
        """Rule ``fold``: spellings equal up to case, diacritics, dots and hyphens."""
        spelled = np.flatnonzero(self.printed)
        keys = self.spellings.keys_arrow()
        if len(spelled) < len(keys):
            keys = keys.take(pa.array(spelled))
        kcode = _codes(keys)
        shared = np.bincount(kcode)[kcode] > 1
        if not shared.any():
            return
        # in the order of the keys, each key's spellings in their order
        by_key: dict[str, list[int]] = defaultdict(list)
        shared_keys = keys.filter(pa.array(shared)).to_pylist()
        for key, i in zip(shared_keys, spelled[shared].tolist(), strict=True):
            by_key[key].append(i)
        for _key, group in sorted(by_key.items()):
            for other in group[1:]:
                self.join(group[0], other,
                          "fold", "spellings differ only in case, diacritics, dots or hyphens")

    def initials(self, row_name: np.ndarray, paper_ids: pd.Series | np.ndarray) -> None:
        """Rule ``initials``: compatible given names corroborated by a shared co-author,
        never two spellings printed on one paper, never a spelling that fits two
        incompatible others ("J. Smith" beside "John Smith" and "Jane Smith")."""
        pair_a, pair_b = _initials_candidates(self.spellings, self.printed)
        if not len(pair_a):
            return
        pairs = _corroborated(pair_a, pair_b, self.names, row_name, paper_ids)
        partners: dict[str, set[str]] = defaultdict(set)
        for a, b, _ in pairs:
            partners[a].add(b)
            partners[b].add(a)
        ambiguous = {
            n
            for n, ps in partners.items()
            if any(not names_compatible(x, y) for x in ps for y in ps if x < y)
        }
        # fuller spellings first, so chains grow from the most complete name
        pairs.sort(key=lambda t: (-len(t[0].split()) - len(t[1].split()), t[0], t[1]))
        index = self.position
        for a, b, shared in pairs:
            if a in ambiguous or b in ambiguous:
                continue
            self.join(
                index(a),
                index(b),
                "initials",
                f"compatible given names and initials; shared co-author {shared[0]}"
                + (f" (+{len(shared) - 1} more)" if len(shared) > 1 else ""),
                check=True,
            )

    def authors(self, counts: np.ndarray, preferred: set[str]):
        """The authors table (one row per cluster of spellings) and each spelling's id,
        as an array over :attr:`names`."""
        names = self.names
        n = len(names)
        canon = np.empty(n, dtype=object)
        canon[:] = names
        variants = np.empty(n, dtype=object)
        variants[:] = [(x,) for x in names]
        head = np.ones(n, dtype=bool)  # the first (smallest) spelling of each cluster
        root_of = np.arange(n)
        canon_pos = np.arange(n)  # at each first spelling, its cluster's canonical one
        for members in self.members.values():
            members = sorted(members)
            present = [names[x] for x in members if counts[x]] or [names[x] for x in members]
            count_of = {names[x]: int(counts[x]) for x in members if counts[x]}
            first = members[0]
            head[members[1:]] = False
            root_of[members] = first
            canon[first] = _canonical(present, count_of, preferred)
            canon_pos[first] = members[[names[x] for x in members].index(canon[first])]
            variants[first] = tuple(present)
        firsts = np.flatnonzero(head)
        # the canonical spelling of each cluster, as a position in names
        canon_at = canon_pos[firsts]
        is_group = self.spellings.groups()[canon_at]
        str_dtype = _arrow_str_dtype()
        distinct = False
        if n and str_dtype is not None:
            # the table sorted by its ids straight from Arrow strings, when they are distinct
            id_arrow = self.spellings.ids_arrow().take(pa.array(canon_at))
            order = pc.sort_indices(id_arrow).to_numpy(zero_copy_only=False)
            sorted_ids = id_arrow.take(pa.array(order))
            distinct = not pc.any(pc.equal(sorted_ids[1:], sorted_ids[:-1])).as_py()
        if distinct:
            aid = id_arrow.to_numpy(zero_copy_only=False)
            index = pd.Index(_str_array(sorted_ids, str_dtype), name="author_id")
            name = _str_array(self.spellings.arrow().take(pa.array(canon_at[order])), str_dtype)
            authors = pd.DataFrame({"name": name, "variants": variants[firsts][order],
                                    "is_group": is_group[order]}, index=index)
        else:
            base = self.spellings.ids()
            base = [base[k] for k in canon_at.tolist()]
            if len(set(base)) < len(base):
                base = _distinct_ids(base)
            columns = {"author_id": base, "name": canon[firsts].tolist(),
                       "variants": variants[firsts],
                       "is_group": is_group}
            authors = (pd.DataFrame(columns) if n else pd.DataFrame([], columns=list(columns)))
            authors = authors.set_index("author_id").sort_index()
            aid = np.empty(len(base), dtype=object)
            aid[:] = base
        authors["is_group"] = authors["is_group"].astype(bool)
        cluster = np.cumsum(head) - 1  # the cluster of each first spelling
        id_of_name = aid[cluster[root_of]]
        self.canon_of = canon[root_of]  # each spelling's canonical spelling
        return authors, id_of_name

    def merge_table(self, authors: pd.DataFrame, id_of_name: np.ndarray) -> pd.DataFrame:
        """One row per printed spelling joined to another, with its rule and reason
        (after :meth:`authors`)."""
        names, printed = self.names, self.printed
        merge_rows = []
        for (a, b), (rule, reason) in sorted(self.rule_of.items()):
            aid = id_of_name[a]
            canon = self.canon_of[a]  # authors.at[aid, "name"]
            for variant in (a, b):
                if names[variant] != canon and printed[variant]:
                    merge_rows.append((names[variant], canon, aid, rule, reason))
        merges = pd.DataFrame(merge_rows,
                              columns=["variant", "name", "author_id", "rule", "reason"])
        merges = merges.drop_duplicates("variant").sort_values(["author_id", "variant"])
        return merges.reset_index(drop=True)


def _distinct_ids(ids: list[str]) -> list[str]:
    """`ids` made distinct: a repeated id gets ``-2``, ``-3``, ... in order, skipping
    suffixed ids that are taken already (``"a:ann-lee-2"`` may be a name's own id).

    Examples
    --------
    >>> _distinct_ids(["a:ann-lee", "a:ann-lee-2", "a:ann-lee", "a:ann-lee"])
    ['a:ann-lee', 'a:ann-lee-2', 'a:ann-lee-3', 'a:ann-lee-4']
    """
    taken = set(ids)
    seen: set[str] = set()
    out = []
    for x in ids:
        if x in seen:
            n = 2
            while f"{x}-{n}" in taken:
                n += 1
            y = f"{x}-{n}"
            taken.add(y)
            out.append(y)
        else:
            seen.add(x)
            out.append(x)
    return out


def _initials_candidates(spellings: _Spellings, printed: np.ndarray):
    """Pairs of printed spellings (positions in ``spellings.names``, lower first, sorted)
    sharing a surname and a first given name or its initial."""
    spelled = np.flatnonzero(printed & ~spellings.groups())
    keys = spellings.keys_arrow()
    has, surname, first = _parts_arrow(keys.take(pa.array(spelled)) if len(spelled) else keys[:0])
    items = spelled[has]
    if not len(items):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sur_code = _codes(surname)
    # the first given names coded; their initials and lengths read off the distinct ones
    coded = pc.dictionary_encode(first)
    fst_code = coded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = coded.dictionary.to_pylist()
    ini_code = pd.factorize(pd.Series([f[0] for f in distinct], dtype=object))[0][fst_code]
    full = np.array([len(f) > 1 for f in distinct], dtype=bool)[fst_code]
    by_first = sur_code * (int(fst_code.max()) + 1) + fst_code
    by_initial = sur_code * (int(ini_code.max()) + 1) + ini_code
    # dozens of spellings of one first name and surname, or a bare initial shared by
    # many names: no evidence
    a1, b1 = _pairs_in_groups(np.where(full, by_first, -1), items, 50)
    a2, b2 = _pairs_in_groups(by_initial, items, 50, left=~full)
    a = np.r_[a1, a2]
    b = np.r_[b1, b2]
    n = len(printed)
    pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    return pairs // n, pairs % n


def _codes(values: pa.Array) -> np.ndarray:
    """A code for each value of `values` (equal values, equal codes; no nulls)."""
    return pc.dictionary_encode(values).indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _new_pairs(row_name: np.ndarray, keys: np.ndarray, n: int) -> np.ndarray:
    """Rows holding every distinct (spelling, key) pair of the rows (spelling
    `row_name` < `n`, key `keys`, an object array): one row of each spelling, and the
    rows whose key differs from that row's by ``==`` (all rows where ``==`` cannot
    tell).

    Examples
    --------
    >>> import numpy as np
    >>> keys = np.array(["k1", "k1", "k2", "k1", None, "k3", "k3"], dtype=object)
    >>> row_name = np.array([0, 0, 1, 0, 1, 0, 0])
    >>> rows = _new_pairs(row_name, keys, 2)
    >>> len(rows) < len(keys)
    True
    >>> sorted({(int(row_name[r]), keys[r]) for r in rows if keys[r]})
    [(0, 'k1'), (0, 'k3'), (1, 'k2')]
    """
    rows = np.arange(len(row_name))
    if not len(rows) or keys.dtype != object:
        return rows
    some = np.empty(n, dtype=np.int64)
    some[row_name] = rows  # a row of each spelling (whichever write lands)
    head = some[row_name]
    try:  # (a key that == cannot answer for keeps every row)
        same = np.asarray(keys == keys[head], dtype=bool)
    except (TypeError, ValueError):
        return rows
    if same.shape != rows.shape:
        return rows
    return np.flatnonzero((head == rows) | ~same)


def _codes_or_missing(values: np.ndarray) -> np.ndarray:
    """A code for each value of `values` (equal values, equal codes), -1 for a missing
    one (None or NaN), as ``pandas.factorize`` gives them but numbered differently;
    hashed by Arrow when the values are strings.

    Examples
    --------
    >>> import numpy as np
    >>> _codes_or_missing(np.array(["x", None, "y", "x", float("nan")], dtype=object)).tolist()
    [0, -1, 1, 0, -1]
    """
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.factorize(values)[0].astype(np.int64)
    codes = pc.dictionary_encode(arr).indices
    return pc.fill_null(codes, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _paper_codes(paper_ids: pd.Series | np.ndarray) -> tuple[np.ndarray, int]:
    """A code for each row's paper (equal ids, equal codes) and the number of papers:
    ``pandas.factorize``'s codes, read off the runs of equal ids when each paper's rows
    are together (as the readers write them).

    Examples
    --------
    >>> _paper_codes(pd.Series(["p1", "p1", "p2", "p3", "p3"], dtype="str"))
    (array([0, 0, 1, 2, 2]), 3)
    >>> _paper_codes(pd.Series(["p1", "p2", "p1"], dtype="str"))
    (array([0, 1, 0]), 2)
    """
    values = paper_ids.array if isinstance(paper_ids, pd.Series) else paper_ids
    if isinstance(values, pd.arrays.ArrowStringArray) and len(values) > 1:
        arr = values.__arrow_array__().combine_chunks()
        if arr.null_count == 0:
            head = np.r_[True, pc.not_equal(arr[1:], arr[:-1]).to_numpy(zero_copy_only=False)]
            runs = np.flatnonzero(head)
            if len(pc.unique(arr.take(pa.array(runs)))) == len(runs):
                return np.cumsum(head) - 1, len(runs)
    codes, uniques = pd.factorize(paper_ids)
    return codes, len(uniques)


def _corroborated(pair_a, pair_b, names, row_name, paper_ids) -> list[tuple[str, str, list[str]]]:
    """The candidate pairs (`pair_a`, `pair_b`: positions in `names`, sorted) that are
    compatible, never on one paper, and share a co-author, with their shared
    co-authors (sorted). `row_name` is each authorship's position in `names`. Works on
    a spelling x paper matrix: the shared co-authors of two spellings are the common
    columns of their rows of the spelling x spelling co-occurrence matrix."""
    paper_codes, n_papers = _paper_codes(paper_ids)
    involved = np.unique(np.r_[pair_a, pair_b])
    # only the papers of the spellings involved count (their own and their co-authors')
    is_involved = np.zeros(len(names), dtype=bool)
    is_involved[involved] = True
    touched = np.zeros(n_papers, dtype=bool)
    touched[paper_codes[is_involved[row_name]]] = True
    rows = touched[paper_codes]
    name_paper = sp.csr_matrix(
        (np.ones(int(rows.sum())), (row_name[rows], paper_codes[rows])),
        shape=(len(names), n_papers),
    )
    name_paper.sum_duplicates()
    name_paper.data[:] = 1.0
    local = np.full(len(names), -1, dtype=np.int64)
    local[involved] = np.arange(len(involved))
    inv_paper = name_paper[involved]
    cooc = sp.csr_matrix(inv_paper @ name_paper.T)  # involved spelling x spelling
    out = []
    # a block of pairs at a time: the rows each pair copies stay a bounded temporary
    for start in range(0, len(pair_a), _PAIR_BLOCK):
        block = slice(start, start + _PAIR_BLOCK)
        la, lb = local[pair_a[block]], local[pair_b[block]]
        on_one_paper = np.asarray(inv_paper[la].multiply(inv_paper[lb]).sum(axis=1)).ravel() > 0
        shared = sp.csr_matrix(cooc[la].multiply(cooc[lb]))
        shared.sort_indices()
        n_shared = np.diff(shared.indptr)
        for p in np.flatnonzero(~on_one_paper & (n_shared > 0)).tolist():
            a, b = names[pair_a[start + p]], names[pair_b[start + p]]
            if names_compatible(a, b):
                cols = shared.indices[shared.indptr[p] : shared.indptr[p + 1]]
                out.append((a, b, [names[c] for c in cols.tolist()]))
    return out


#: Candidate pairs compared together by :func:`_corroborated`.
_PAIR_BLOCK = 1 << 14
