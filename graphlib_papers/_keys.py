"""Paper keys and the one rule for uniting paper rows (shared by the corpus and every reader).

Kept apart from :mod:`graphlib_papers.corpus` and the readers so that both can use them
without importing each other: normalised titles, title- and DOI-based paper ids, and
:func:`unite_rows` / :func:`combine_papers`, what a paper read twice keeps.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = [
    "title_key",
    "paper_id_of_key",
    "normalize_doi",
    "normalize_dois",
    "doi_paper_id",
    "doi_paper_ids",
    "is_missing",
    "unite_rows",
    "combine_papers",
]

_NON_WORD = re.compile(r"[\W_]+")
# ASCII letters lower-cased, digits kept, every other ASCII character (what `_NON_WORD`
# matches there) a space: runs of spaces are then what `_NON_WORD.sub(" ", ...)` joins
_ASCII_FOLD = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() else ord(" ") for c in range(128)
) + bytes(range(128, 256))
_DOI = re.compile(r"10\.\d{3,9}/\S+")
# DOIs that `normalize_doi` gives back unchanged (or without a doi.org prefix), one a
# line: "10.", 3 to 9 ASCII digits, "/", then printable ASCII without spaces or capitals,
# not ending in what it strips
_CANONICAL_DOIS = re.compile(
    r"(?:(?:https?://(?:dx\.)?doi\.org/)?10\.[0-9]{3,9}/[!-@\[-~]*[!-(*+\-/-:<-@\[\\^-|~]\n)*"
)
_DOI_BLOCK = 4096  # DOIs checked together: a bounded temporary
_TUPLE_COLUMNS = ("sources", "labs", "keywords")


def title_key(title: str) -> str:
    """A title with case, accents and punctuation folded away.

    Examples
    --------
    >>> title_key("  Édition: On Engines! ")
    'edition on engines'
    """
    if title.isascii():  # the same folding through a byte table, three times faster
        return " ".join(title.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split())
    title = "".join(
        ch for ch in unicodedata.normalize("NFKD", title) if not unicodedata.combining(ch)
    )
    return _NON_WORD.sub(" ", title.casefold()).strip()


def paper_id_of_key(key: str, year: Any = None) -> str:
    """:func:`graphlib_papers.paper_id_for` from a title key already computed.

    Examples
    --------
    >>> paper_id_of_key("on engines") == paper_id_of_key("on engines", 1843)
    False
    """
    if year is not None:
        key = f"{key}|{year}"
    return "p:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def normalize_doi(value: Any) -> str | None:
    """Return a DOI in canonical form (lower case, no resolver prefix), or None.

    Examples
    --------
    >>> normalize_doi("https://doi.org/10.7717/PeerJ.4375")
    '10.7717/peerj.4375'
    >>> normalize_doi("doi: 10.1002/jcc.20289.") , normalize_doi("n/a")
    ('10.1002/jcc.20289', None)
    >>> normalize_doi("10.9770/jesi.2020.8.2(42)"), normalize_doi("(doi:10.1000/x1).")
    ('10.9770/jesi.2020.8.2(42)', '10.1000/x1')
    """
    if value is None or not isinstance(value, str):
        return None
    match = _DOI.search(value.strip())
    if not match:
        return None
    doi = match.group(0)
    while doi[-1] in ".,;)]}":  # trailing punctuation, and a bracket the DOI did not open
        pair = _OPENING.get(doi[-1])
        if pair is not None and doi.count(pair) >= doi.count(doi[-1]):
            break  # "10.9770/jesi.2020.8.2(42)": the DOI's own bracket
        doi = doi[:-1]
    return doi.lower()


_OPENING = {")": "(", "]": "[", "}": "{"}

# a link that holds a DOI: doi.org, or a publisher's ".../doi/10..." page
_DOI_LINK = re.compile(r"doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/)?10\.", re.IGNORECASE)


def doi_in_link(text: Any) -> str | None:
    """The DOI of a doi.org link or a publisher's ``/doi/10...`` page in `text`, else
    None (a DOI-like path of any other link is not taken for one).

    Examples
    --------
    >>> doi_in_link("http://dx.doi.org/10.1073/pnas.88.16.7160")
    '10.1073/pnas.88.16.7160'
    >>> doi_in_link("https://onlinelibrary.wiley.com/doi/abs/10.1002/asi.1"), doi_in_link("https://x.org/10.1/y")
    ('10.1002/asi.1', None)
    """
    if not isinstance(text, str) or not (m := _DOI_LINK.search(text)):
        return None
    return normalize_doi(text[m.start():])


def normalize_dois(values: Sequence[Any]) -> list[str | None]:
    """:func:`normalize_doi` of each value; a block of DOIs already in canonical form
    (or canonical after a ``https://doi.org/`` prefix) is checked by one
    regular-expression pass and passed on as it is (or without the prefix).

    Examples
    --------
    >>> normalize_dois(["10.1002/jcc.20289", None, "https://doi.org/10.7717/peerj.4375"])
    ['10.1002/jcc.20289', None, '10.7717/peerj.4375']
    >>> normalize_dois(["doi: 10.1002/JCC.20289.", "n/a"])
    ['10.1002/jcc.20289', None]
    """
    values = list(values)
    out: list[str | None] = []
    for i in range(0, len(values), _DOI_BLOCK):
        block = values[i : i + _DOI_BLOCK]
        texts = [v for v in block if v is not None]
        if {str}.issuperset(map(type, texts)) and _CANONICAL_DOIS.fullmatch(
            "".join([x + "\n" for x in texts])
        ):
            out.extend(
                v if v is None or v[0] == "1" else v[v.index("/10.") + 1 :] for v in block
            )
        else:
            out.extend(map(normalize_doi, block))
    return out


def doi_paper_id(doi: str) -> str:
    """Paper id derived from a DOI: ``"p:"`` and a short hash of the lower-cased DOI.

    Examples
    --------
    >>> doi_paper_id("10.7717/peerj.4375") == doi_paper_id("10.7717/PEERJ.4375")
    True
    """
    return "p:" + hashlib.sha1(doi.lower().encode("utf-8")).hexdigest()[:12]


def doi_paper_ids(dois: Sequence[str]) -> list[str]:
    """:func:`doi_paper_id` of each DOI, for DOIs :func:`normalize_doi` gave (already in
    lower case).

    Examples
    --------
    >>> doi_paper_ids(["10.7717/peerj.4375"]) == [doi_paper_id("10.7717/PeerJ.4375")]
    True
    """
    sha1 = hashlib.sha1
    return ["p:" + sha1(doi.encode("utf-8")).hexdigest()[:12] for doi in dois]


def is_missing(value: Any) -> bool:
    """None, NA, NaN, NaT or a blank string.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), " ", 0, "x")]
    [True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def unite_rows(row: dict, other: Mapping[str, Any]) -> None:
    """Fold the paper row `other` into `row` (in place): what a united paper keeps.

    ``sources``, ``labs`` and ``keywords`` are united in order; ``authors_truncated``
    holds only when every copy is truncated; ``has_code`` when any copy has code;
    ``n_authors_visible`` is the largest count; a year printed wins over one
    inferred (``year_inferred``); any other field keeps its first non-missing value.

    Examples
    --------
    >>> row = {"title": "T", "labs": ("a",), "has_code": False, "doi": None}
    >>> unite_rows(row, {"title": "T2", "labs": ("b", "a"), "has_code": True, "doi": "10.1/x"})
    >>> row
    {'title': 'T', 'labs': ('a', 'b'), 'has_code': True, 'doi': '10.1/x'}
    """
    for col, value in other.items():
        if col in _TUPLE_COLUMNS:
            row[col] = tuple(dict.fromkeys((*(row.get(col) or ()), *(value or ()))))
        elif col == "authors_truncated":
            row[col] = bool(row.get(col, True)) and bool(value)
        elif col == "has_code":
            row[col] = bool(row.get(col)) or bool(value)
        elif col == "n_authors_visible":
            if not is_missing(value) and (is_missing(row.get(col)) or value > row[col]):
                row[col] = value
        elif col == "year_inferred":
            if row.get(col) and not value and not is_missing(other.get("year")):
                for key in ("date", "year", "date_precision"):
                    if key in other:
                        row[key] = other[key]
                row[col] = False
        elif col in ("date", "year", "date_precision") and row.get("year_inferred"):
            continue  # settled with year_inferred above
        elif is_missing(row.get(col)) and not is_missing(value):
            row[col] = value


def combine_papers(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack paper tables; rows sharing a paper id become one row (:func:`unite_rows`).

    Examples
    --------
    >>> a = pd.DataFrame({"title": ["T"], "labs": [("a",)]}, index=pd.Index(["p"], name="paper_id"))
    >>> b = pd.DataFrame({"title": ["T"], "labs": [("b",)]}, index=pd.Index(["p"], name="paper_id"))
    >>> combine_papers([a, b])["labs"].tolist()
    [('a', 'b')]
    """
    stacked = pd.concat(frames, sort=False)
    if not stacked.index.has_duplicates:
        return stacked
    dup = stacked.index.duplicated(keep=False)
    single, multi = stacked[~dup], stacked[dup]
    merged_rows = {}
    for pid, grp in multi.groupby(level=0, sort=True):
        records = grp.to_dict("records")
        row = dict(records[0])
        for other in records[1:]:
            unite_rows(row, other)
        merged_rows[pid] = row
    merged = pd.DataFrame.from_dict(merged_rows, orient="index")
    merged.index.name = "paper_id"
    return pd.concat([single, merged], sort=False)
