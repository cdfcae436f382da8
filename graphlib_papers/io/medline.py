"""Reader for MEDLINE / PubMed tagged exports (``PMID-``, ``FAU -``, ``AU  -``)."""

from __future__ import annotations

import re

from ..corpus import Corpus
from ._common import (
    Aliases,
    PathArg,
    Record,
    Vetoes,
    as_paths,
    clean,
    institution,
    invert_name,
    make_date,
    parse_year,
    reader_doc,
    records_to_corpus,
)
from ._errors import Reporter, check_errors
from ._tagged import iter_medline

__all__ = ["read_medline"]

_DOI_TAG = re.compile(r"^(\S+)\s*\[doi\]$")


def _authors(fields: dict[str, list[str]]) -> list[tuple[str, str | None, str | None]]:
    """FAU (full) names in order, each with the first AD after it; AU when FAU is absent."""
    order = fields.get("_order", [])
    out: list[list] = []
    for tag, value in order:
        if tag == "FAU" or (tag == "AU" and "FAU" not in fields):
            out.append([invert_name(value), None, None])
        elif tag == "AUID" and out and value.upper().startswith("ORCID:"):
            out[-1][1] = "orcid:" + value.split(":", 1)[1].strip().split("/")[-1]
        elif tag == "AD" and out and out[-1][2] is None:
            out[-1][2] = institution(value)
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
        title=" ".join(f.get("TI", [])),
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


@reader_doc
def read_medline(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
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
    skipped and reported, its record kept. The file is read line by line.

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
    records = []
    for p in as_paths(path, (".txt", ".medline", ".nbib")):
        source = str(p)
        for start, fields, _head in iter_medline(p, source, rep, progress):
            records.append(_record(start, fields, source))
    return records_to_corpus(
        records,
        rep,
        source_format="medline",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )
