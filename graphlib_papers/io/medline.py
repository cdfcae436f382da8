"""Reader for MEDLINE / PubMed tagged exports (``PMID-``, ``FAU -``, ``AU  -``)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .._memory import without_cycle_collector
from ..corpus import Corpus
from ..names import SUFFIXES
from ._common import (
    Aliases,
    PathArg,
    Record,
    RecordColumns,
    Vetoes,
    as_paths,
    clean,
    institution,
    invert_name,
    invert_names,
    make_date,
    parse_year,
    reader_doc,
    records_to_corpus,
    utf8_file,
)
from ._errors import Reporter, check_errors
from ._tagged import (
    Chunk,
    TextMemo,
    Units,
    clean_all,
    cut_before,
    dates_of,
    distinct_by_record,
    iter_medline,
    medline_layout,
    per_distinct,
    read_in_chunks,
    shared,
    tag_code,
    tuples_by_record,
    units,
)

__all__ = ["read_medline"]

_DOI_TAG = re.compile(r"^(\S+)\s*\[doi\]$")


_AU_SUFFIXES = SUFFIXES | {"2nd", "3rd", "4th"}


def _au_inverted(value: str) -> str:
    """A MEDLINE ``AU`` name ("Surname Initials [Suffix]") in the "Surname, Initials[,
    Suffix]" form :func:`invert_name` turns, so that a record with ``AU`` lines only
    (older records have no ``FAU``) prints its authors as the others do; any other
    text as it is.

    Examples
    --------
    >>> _au_inverted("Smith J"), _au_inverted("Diaz LA Jr"), _au_inverted("van der Berg JH")
    ('Smith, J', 'Diaz, LA, Jr', 'van der Berg, JH')
    >>> _au_inverted("WHO"), _au_inverted("Smith, J"), _au_inverted("Ollé MÖ 3rd")
    ('WHO', 'Smith, J', 'Ollé, MÖ, 3rd')
    """
    words = value.split()
    if "," in value or len(words) < 2:
        return value
    suffix = ""
    if len(words) > 2 and words[-1].rstrip(".").casefold() in _AU_SUFFIXES:
        suffix = ", " + words.pop()
    initials = words[-1]
    if len(initials) <= 4 and initials.isalpha() and initials.isupper():
        return f"{' '.join(words[:-1])}, {initials}{suffix}"
    return value


def _au_names(values: list[str]) -> list[str]:
    """:func:`invert_names` of ``AU`` names (see :func:`_au_inverted`)."""
    return invert_names([_au_inverted(v) for v in values])


def _authors(fields: dict[str, list[str]]) -> list[tuple[str, str | None, str | None]]:
    """FAU (full) names in order, each with the first AD after it; AU when FAU is absent.

    A group author (``CN``) ends the person before it: the ``AD`` and ``AUID`` lines
    after it are the group's, and group authors are not kept."""
    order = fields.get("_order", [])
    out: list[list] = []
    current = None  # the person the lines belong to (None after a group author)
    for tag, value in order:
        if tag == "FAU" or (tag == "AU" and "FAU" not in fields):
            current = [invert_name(value if tag == "FAU" else _au_inverted(value)), None, None]
            out.append(current)
        elif tag == "CN":
            current = None
        elif tag == "AUID" and current is not None and value.upper().startswith("ORCID:"):
            current[1] = "orcid:" + value.split(":", 1)[1].strip().split("/")[-1]
        elif tag == "AD" and current is not None and current[2] is None:
            current[2] = institution(value)
    return [tuple(a) for a in out]


def _record(start: int, f: dict[str, list[str]], source: str) -> Record:
    notes: list[str] = []
    dp = " ".join(f.get("DP", [])).split()
    year = parse_year(dp[0], notes) if dp else None
    month = dp[1] if len(dp) > 1 else None
    if month is not None and "-" in month:  # "Jan-Feb": the first month
        month = month.split("-")[0]
    date, precision = make_date(year, month, dp[2] if len(dp) > 2 else None, notes)
    doi = None
    for value in f.get("LID", []) + f.get("AID", []):
        m = _DOI_TAG.match(value)
        if m:
            doi = m.group(1)
            break
    authors = _authors(f)
    return Record(
        source=source,
        line=start,
        title=" ".join(f.get("TI", []) or f.get("BTI", [])),
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=doi,
        venue=clean(" ".join(f.get("JT", []) or f.get("TA", []))),
        keywords=tuple(f.get("OT", [])) + tuple(f.get("MH", [])),
        abstract=clean(" ".join(f.get("AB", []))),
        labs=tuple(dict.fromkeys(a for _, _, a in authors if a)),
        extra={"pmid": clean(" ".join(f.get("PMID", [])))},
        notes=notes,
    )


def _date(dp_text: str):
    """(year, date, precision, notes) of a ``DP`` value."""
    notes: list[str] = []
    dp = dp_text.split()
    year = parse_year(dp[0], notes) if dp else None
    month = dp[1] if len(dp) > 1 else None
    if month is not None and "-" in month:  # "Jan-Feb": the first month
        month = month.split("-")[0]
    date, precision = make_date(year, month, dp[2] if len(dp) > 2 else None, notes)
    return year, date, precision, tuple(notes)


_WANTED = {
    tag_code(x, wide=True): True
    for x in ("PMID", "DP", "TI", "BTI", "AB", "FAU", "AU", "AUID", "AD", "LID", "AID", "JT", "TA",
              "OT", "MH", "CN")
}  # fmt: skip
_FAU, _AU, _AUID, _AD, _LID, _AID, _OT, _MH, _CN = (
    tag_code(x, wide=True) for x in ("FAU", "AU", "AUID", "AD", "LID", "AID", "OT", "MH", "CN")
)


def _orcid(value: str) -> str | None:
    if not value.upper().startswith("ORCID:"):
        return None
    return "orcid:" + value.split(":", 1)[1].strip().split("/")[-1]


def _doi(value: str) -> str | None:
    m = _DOI_TAG.match(value)
    return m.group(1) if m else None


def _columns_authors(u: Units, n: int, memo: dict):
    """Authorship columns and labs with the meaning of :func:`_authors`."""
    take = np.flatnonzero(np.isin(u.tag, [_FAU, _AU, _AUID, _AD, _CN]))
    tag, rec, text = u.tag[take], u.record[take], u.texts.take(take)
    is_author = (tag == _FAU) | ((tag == _AU) & ~u.has("FAU", n)[rec])
    heads = np.flatnonzero(is_author)
    # each line belongs to the last author or group author (CN) before it in its record;
    # a group author's lines are not a person's
    opens = np.flatnonzero(is_author | (tag == _CN))
    opener = np.cumsum(is_author | (tag == _CN)) - 1
    owned = opener >= 0
    head = opens[opener[owned]]
    owned[owned] = (rec[head] == rec[owned]) & is_author[head]
    author = np.cumsum(is_author) - 1
    a_row = rec[heads]
    names = per_distinct(text.take(heads), invert_names, memo["names"], batch=True)
    au = np.flatnonzero(tag[heads] == _AU)  # records without FAU: "Surname Initials"
    if len(au):
        names[au] = per_distinct(text.take(heads[au]), _au_names, memo.setdefault("au", {}),
                                 batch=True)
    keys: list = [None] * len(heads)
    auid = np.flatnonzero(owned & (tag == _AUID))
    for j, value in zip(auid.tolist(), text.take(auid).to_pylist(), strict=True):
        key = _orcid(value)
        if key is not None:
            keys[author[j]] = key
    ad = np.flatnonzero(owned & (tag == _AD))
    inst = per_distinct(text.take(ad), institution, memo["inst"])
    found = pd.DataFrame({"a": author[ad], "inst": inst})
    found = found.dropna().drop_duplicates("a")
    affs = np.full(len(heads), None, dtype=object)
    affs[found["a"].to_numpy()] = found["inst"].to_numpy()
    labs = pd.DataFrame({"r": a_row, "inst": affs}).dropna().drop_duplicates()
    labs = tuples_by_record(labs["r"].to_numpy(), labs["inst"].tolist(), n)
    return a_row, names, keys, affs.tolist(), labs


def _titles(u: Units, n: int) -> list:
    """``TI`` of each record; a book or chapter of the NCBI Bookshelf, which has no
    ``TI``, by its book title (``BTI``)."""
    title = u.joined("TI", n)
    rec, book = u.joined_at("BTI", n)
    if len(rec):
        none = title[rec] == ""
        title[rec[none]] = book[rec[none]]
    return title.tolist()


def _columns_doi(u: Units, n: int) -> list:
    """The DOI of each record: the first ``LID``, else ``AID``, marked ``[doi]``."""
    take = np.flatnonzero(np.isin(u.tag, [_LID, _AID]))
    cand = pd.DataFrame(
        {"r": u.record[take], "prio": u.tag[take] == _AID,
         "doi": per_distinct(u.texts.take(take), _doi)}
    )
    cand = cand.dropna().sort_values(["r", "prio"], kind="stable").drop_duplicates("r")
    out = np.full(n, None, dtype=object)
    out[cand["r"].to_numpy()] = cand["doi"].to_numpy()
    return out.tolist()


def _columns(chunk: Chunk, source: str, rep: Reporter) -> dict | None:
    """The records of a block of a MEDLINE file in the plain layout (see
    :func:`graphlib_papers.io._tagged.medline_layout`) as the arguments of
    :meth:`RecordColumns.extend`, with the meaning :func:`_record` gives each field;
    None for a block not in that layout (see
    :func:`graphlib_papers.io._tagged.read_in_chunks`)."""
    t = chunk.lines
    layout = medline_layout(t)
    if layout is None:
        return None
    owner, record, tags, value_lo, heads = layout
    n = len(heads)
    if not n:
        return {}
    u = units(t, owner, record, tags, _WANTED, value_lo, wide=True, hyphen_joins=True)
    t.release()
    rep.saw(source, n)
    memo = chunk.state.setdefault(
        "memo", {"names": TextMemo(), "inst": {}, "dates": {}, "venue": {}})
    a_row, names, keys, affs, labs = _columns_authors(u, n, memo)
    year, date, precision, notes = dates_of(per_distinct(u.joined("DP", n), _date, memo["dates"]))
    venue = np.where(u.has("JT", n), u.joined("JT", n), u.joined("TA", n))
    kw = np.flatnonzero(np.isin(u.tag, [_OT, _MH]))
    order = np.lexsort((u.tag[kw] == _MH, u.record[kw]))
    return {
        "line": (heads + 1 + chunk.line0).tolist(),
        "fields": {
            "title": _titles(u, n),
            "year": year,
            "date": date,
            "date_precision": precision,
            "doi": _columns_doi(u, n),
            "venue": shared(clean_all(venue), memo["venue"]),
            "keywords": distinct_by_record(u.record[kw][order], u.texts.take(kw[order]), n),
            "abstract": clean_all(u.joined("AB", n)),
            "labs": labs,
        },
        "authors": {"a_row": a_row, "a_name": names, "a_key": keys, "a_aff": affs},
        "extra": {"pmid": clean_all(u.joined("PMID", n))},
        "notes": notes,
        "final": ("abstract", "venue", "labs", "keywords"),  # tuples: each item once
    }


@reader_doc
@without_cycle_collector
def read_medline(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
    workers: int | None = 1,
) -> Corpus:  # fmt: skip
    """Read MEDLINE / PubMed tagged exports (the "PubMed" format of pubmed.gov).

    Authors come from ``FAU`` (full names, ``"Gadzalski, Marek"`` printed as
    ``"Marek Gadzalski"``), with an ORCID from ``AUID`` as the author key and the
    first part of the author's first ``AD`` as the authorship ``affiliation`` (also
    collected into ``papers.labs``). ``DP`` gives the date, ``LID``/``AID`` the DOI.

    Parameters
    ----------
    path : path-like, list of paths or directory
    {common_parameters}
    {workers_parameter}

    Returns
    -------
    Corpus
        Extra paper columns ``doi``, ``venue``, ``keywords``, ``pmid``, ``source_format``.

    Raises
    ------
    ParseError
        Under ``errors="raise"``, for a line that is not a ``TAG - value`` line or
        bytes that are not UTF-8.

    Notes
    -----
    Records are separated by blank lines, and a ``PMID-`` line always starts a new
    record (so exports that lost their blank lines do not merge records); continuation
    lines (six spaces) extend the previous field. A line that is not a field line is
    skipped and reported, its record kept. The file is read in blocks of whole
    records, so memory stays bounded.

    References
    ----------
    .. [1] National Library of Medicine, "MEDLINE/PubMed Data Element (Field)
       Descriptions", https://www.nlm.nih.gov/bsd/mms/medlineelements.html

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("PMID- 1\\nTI  - A study.\\nDP  - 2016 Jan 15\\nFAU - Gadzalski, Marek\\n"
    ...         "AU  - Gadzalski M\\nAD  - University of Lodz, Poland.\\n"
    ...         "FAU - Staczek, Pawel\\nAU  - Staczek P\\n\\n")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pubmed.txt"
    >>> _ = path.write_text(text)
    >>> c = read_medline(path)
    >>> c.authorships["printed_name"].tolist(), str(c.papers["date"].iloc[0].date())
    (['Marek Gadzalski', 'Pawel Staczek'], '2016-01-15')
    """
    rep = Reporter(check_errors(errors), counted=True)
    records = RecordColumns()
    for path_ in as_paths(path, (".txt", ".medline", ".nbib")):
        source = str(path_)
        with utf8_file(path_, source, rep) as p:
            if read_in_chunks(p, source, rep, progress, "MEDLINE", cut_before(b"PMID-"),
                              lambda chunk, quiet, s=source: _columns(chunk, s, quiet), records,
                              workers):
                continue
            for start, fields, _head in iter_medline(p, source, rep, progress):
                records.add_record(_record(start, fields, source))
    return records_to_corpus(
        records,
        rep,
        source_format="medline",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
        cycles=False,  # (arrays and strings: no reference cycles)
    )
