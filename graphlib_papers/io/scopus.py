"""Reader for Scopus CSV exports."""

from __future__ import annotations

import re

from ..corpus import Corpus
from ..exceptions import SchemaError
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
    surname_initials_pairs,
    utf8_file,
)
from ._errors import Reporter, check_errors
from .tabular import csv_rows

__all__ = ["read_scopus_csv"]

_FULL = re.compile(r"^(?P<name>.*?)\s*\((?P<id>\d+)\)\s*$")
_INITIALS_LAST = re.compile(r"^(?P<last>.+?)\s+(?P<init>(?:[A-Z][a-z]?\.-?)+(?:\s?[A-Z]\.)*)$")


def _short_author(text: str) -> str:
    """``"Phillips J.C."`` -> ``"J.C. Phillips"`` (Scopus's Last-Initials form)."""
    m = _INITIALS_LAST.match(text.strip())
    return f"{m.group('init')} {m.group('last')}" if m else text.strip()


def _authors(row: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    ids = [i.strip() for i in (row.get("Author(s) ID") or "").split(";") if i.strip()]
    full = [p.strip() for p in (row.get("Author full names") or "").split(";") if p.strip()]
    names: list[str] = []
    if full:
        for f in full:
            m = _FULL.match(f)
            names.append(invert_name(m.group("name") if m else f))
            if m and len(ids) < len(full):
                ids.append(m.group("id"))
    else:
        cell = row.get("Authors") or ""
        parts = [p.strip() for p in (cell.split(";") if ";" in cell else cell.split(", "))]
        if surname_initials_pairs(parts):  # "Traag, V.A., Waltman, L." (2019-2020 exports)
            names = [f"{parts[k + 1]} {parts[k]}" for k in range(0, len(parts), 2)]
        else:
            names = [_short_author(p) for p in parts if p and p != "[No author name available]"]
    with_aff = [p.strip() for p in (row.get("Authors with affiliations") or "").split("; ")]
    affs: list[str | None] = [None] * len(names)
    if len(with_aff) == len(names):
        for i, entry in enumerate(with_aff):
            bits = [b.strip() for b in entry.split(",")]
            if len(bits) > 2:
                affs[i] = institution(", ".join(bits[2:]))
    keys = [f"scopus:{i}" for i in ids] if len(ids) == len(names) else [None] * len(names)
    return list(zip(names, keys, affs, strict=True))


@reader_doc
def read_scopus_csv(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
) -> Corpus:  # fmt: skip
    """Read a Scopus CSV export (old and new column sets).

    Names come from ``Author full names`` (newer exports: ``"Phillips, James C.
    (57202138757)"``) or ``Authors`` (``"Phillips J.C."`` printed as
    ``"J.C. Phillips"``); Scopus author ids (``Author(s) ID``) are the name layer's
    keys (``scopus:57202138757``). ``Authors with affiliations`` aligns one
    affiliation per author (the institution its address names after the name: the
    university rather than an institute or school of it); ``Affiliations`` gives
    ``papers.labs``. ``Source title`` is the venue, ``Author Keywords`` and
    ``Index Keywords`` the keywords, ``EID`` is kept as ``scopus_id``.

    Parameters
    ----------
    path : path-like, list of paths or directory
    {common_parameters}

    Returns
    -------
    Corpus

    Raises
    ------
    SchemaError
        If the file has no ``Title`` column (not a Scopus export).
    ParseError
        Under ``errors="raise"``, for a row without a title or unreadable CSV.

    Notes
    -----
    Rows whose field count differs from the header (a known quirk of Scopus
    exports) are kept and reported as ``repaired``.

    References
    ----------
    .. [1] Elsevier, "Scopus: export documents to CSV",
       https://service.elsevier.com/app/answers/detail/a_id/11234/supporthub/scopus/

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ('Authors,Author(s) ID,Title,Year,DOI,Authors with affiliations\\n'
    ...         '"Phillips J.C., Braun R.","572;740;","NAMD",2005,"10.1002/jcc.20289",'
    ...         '"Phillips, J.C., Beckman Institute, Urbana; Braun, R., UIUC, Urbana"\\n')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "scopus.csv"
    >>> _ = path.write_text(text)
    >>> ships = read_scopus_csv(path).authorships
    >>> ships[["printed_name", "author_key", "affiliation"]].values.tolist()
    [['J.C. Phillips', 'scopus:572', 'Beckman Institute'], ['R. Braun', 'scopus:740', 'UIUC']]
    """
    rep = Reporter(check_errors(errors), counted=True)
    records: list[Record] = []
    for path_ in as_paths(path, (".csv",)):
        source = str(path_)
        with utf8_file(path_, source, rep) as p:
            checked = False
            for line, row in csv_rows(p, source, rep, progress, ","):
                if not checked:
                    checked = True
                    if "Title" not in row:
                        raise SchemaError(f"{source}: no 'Title' column; not a Scopus CSV export")
                authors = _authors(row)
                labs = tuple(
                    dict.fromkeys(
                        i
                        for a in (row.get("Affiliations") or "").split(";")
                        if (i := institution(a.strip()))
                    )
                )
                notes: list[str] = []
                year = parse_year(row.get("Year"), notes)
                date, precision = make_date(year)
                keywords = tuple(
                    k.strip()
                    for col in ("Author Keywords", "Index Keywords")
                    for k in (row.get(col) or "").split(";")
                    if k.strip()
                )
                records.append(
                    Record(
                        source=source,
                        line=line,
                        title=row.get("Title") or "",
                        authors=authors,
                        year=year,
                        date=date,
                        date_precision=precision,
                        doi=clean(row.get("DOI")),
                        venue=clean(row.get("Source title")),
                        keywords=keywords,
                        abstract=clean(row.get("Abstract")),  # (placeholders: records_to_corpus)
                        labs=labs,
                        extra={
                            "scopus_id": clean(row.get("EID")),
                            "document_type": clean(row.get("Document Type")),
                        },
                        notes=notes,
                    )
                )
    return records_to_corpus(
        records,
        rep,
        source_format="scopus",
        aliases=aliases,
        vetoes=vetoes,
        merge_names=merge_names,
        disambiguate=disambiguate,
    )
