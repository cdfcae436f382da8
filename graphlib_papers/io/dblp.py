"""Reader for the DBLP XML dump (``dblp.xml``), streamed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from os import PathLike

from .._memory import without_cycle_collector
from ..corpus import Corpus
from ._common import (
    Record,
    RecordColumns,
    as_paths,
    clean,
    institution,
    make_date,
    normalize_doi,
    parse_year,
    reader_doc,
    records_to_corpus,
)
from ._errors import Reporter, check_errors
from ._xml import iter_xml_records

__all__ = ["read_dblp_xml"]

PUBLICATION_TYPES = frozenset(
    {
        "article",
        "inproceedings",
        "proceedings",
        "book",
        "incollection",
        "phdthesis",
        "mastersthesis",
        "data",
    }
)
# the children the DTD allows under <dblp>: each is a record, counted as it is read
RECORD_TYPES = PUBLICATION_TYPES | {"www", "person"}
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.IGNORECASE)


def _text(elem) -> str:
    return clean("".join(elem.itertext())) or ""


def _record(line, elem, source: str, shared: dict[str, tuple[str, str]]) -> Record:
    """One publication record; `shared` (name -> (name, key), kept across the records of
    a read) makes an author's name and key one string each however often they are
    printed."""
    authors = []
    for a in elem.findall("author"):
        name = _text(a)
        if not name:
            continue
        orcid = a.get("orcid")
        if orcid:
            authors.append((name, f"orcid:{orcid}", None))
            continue
        found = shared.get(name)
        if found is None:
            found = shared[name] = (name, f"dblp:{name}")
        authors.append((*found, None))
    title_el = elem.find("title")
    title = _text(title_el) if title_el is not None else ""
    year = parse_year(elem.findtext("year"))
    date, precision = make_date(year, elem.findtext("month"))
    doi = None
    for ee in elem.findall("ee"):
        m = _DOI_URL.match((ee.text or "").strip())
        if m:
            doi = normalize_doi(m.group(1))
            break
    venue = None
    for tag in ("journal", "booktitle", "series", "publisher"):
        value = elem.findtext(tag)
        if value and value.strip():
            venue = clean(value)
            break
    schools = tuple(i for s in elem.findall("school") if (i := institution(clean(s.text) or "")))
    return Record(
        source=source,
        line=line,
        title=title.rstrip("."),
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=doi,
        venue=venue,
        labs=schools,
        extra={
            "dblp_key": elem.get("key"),
            "document_type": elem.tag,
            "editors": tuple(_text(e) for e in elem.findall("editor")),
        },
    )


@reader_doc
@without_cycle_collector
def read_dblp_xml(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    errors: str = "raise",
    progress: bool | None = None,
    types: Iterable[str] | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
) -> Corpus:
    """Read DBLP XML (the ``dblp.xml`` dump or records in its format), streamed.

    The file is parsed incrementally and each record is cleared once read, so memory
    stays bounded however large the dump. DBLP's character entities (``&auml;``) are
    resolved from ``dblp.dtd`` beside the XML when present, else from the HTML entity
    table; the DTD is never fetched and entity declarations or external references
    in the file are refused (:class:`ParseError`). Person records (``www``) are not
    publications and are counted in one load-report row.

    DBLP names are person keys: homonyms carry a number (``"Wei Wang 0001"``), so the
    name as printed by DBLP (with its number) is the ``printed_name``. The author
    key is the ``orcid`` attribute when present, else the person's homepage key when
    a ``www`` homepages record lists the name (it lists every name of one person, so
    the name layer unites them with rule ``same-id``), else ``dblp:<name>``.

    What counts as a bad record here: malformed or cut-off XML is raised, or the records
    read before the fault are kept and the report says where it stopped.

    Parameters
    ----------
    path : path-like, list of paths or directory
    {common_parameters}
    types : iterable of str, optional
        Record types to keep (default: every publication type, i.e. ``article``,
        ``inproceedings``, ``proceedings``, ``book``, ``incollection``,
        ``phdthesis``, ``mastersthesis``, ``data``).
    Returns
    -------
    Corpus
        Extra paper columns ``doi`` (from a ``doi.org`` ``ee`` link), ``venue``,
        ``dblp_key``, ``document_type`` (the record type), ``editors``,
        ``source_format`` (``"dblp"``). Theses have their ``school`` as ``labs``.

    Raises
    ------
    ParseError
        Always for entity declarations (billion laughs) or external entities; under
        ``errors="raise"`` for malformed or truncated XML.

    Notes
    -----
    Parsing runs on expat with defusedxml's guards (entity declarations, unparsed
    entities and external references raise) and element handlers that build one
    record at a time.

    References
    ----------
    .. [1] M. Ley, "DBLP: some lessons learned", PVLDB 2(2), 1493-1500 (2009).
    .. [2] dblp team, "dblp.dtd" and "dblp XML requests",
       https://dblp.org/faq/How+to+parse+dblp+xml.html

    Examples
    --------
    >>> import tempfile, pathlib
    >>> xml = ('<?xml version="1.0" encoding="ISO-8859-1"?>\\n'
    ...        '<!DOCTYPE dblp SYSTEM "dblp.dtd">\\n<dblp>\\n'
    ...        '<article key="journals/x/Y"><author>J&ouml;rg M&uuml;ller</author>'
    ...        '<author orcid="0000-0002-1825-0097">Wei Wang 0001</author>'
    ...        '<title>Streams.</title><year>2020</year><journal>X</journal></article>\\n'
    ...        '</dblp>\\n')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "dblp.xml"
    >>> _ = path.write_bytes(xml.encode("latin-1"))
    >>> c = read_dblp_xml(path)
    >>> c.authorships["printed_name"].tolist()
    ['Jörg Müller', 'Wei Wang 0001']
    >>> c.papers[["title", "year", "document_type"]].values.tolist()
    [['Streams', 2020, 'article']]
    """
    keep = frozenset(types) if types is not None else PUBLICATION_TYPES
    rep = Reporter(check_errors(errors), counted=True)
    cols = RecordColumns()  # (columns, not a Record object per record: less memory)
    shared: dict[str, tuple[str, str]] = {}
    person_of: dict[str, str] = {}  # name -> dblp person key, from homepages records
    for p in as_paths(path, (".xml",)):
        source = str(p)
        other: dict[str, int] = {}
        first_other = None
        n_other = 0  # of them, the records (a www, a type left out by types=)
        for line, elem in iter_xml_records(
            p, source, rep, progress, desc="DBLP", records=RECORD_TYPES, resolve_entities=True
        ):
            if elem.tag not in keep:
                other[elem.tag] = other.get(elem.tag, 0) + 1
                n_other += elem.tag in RECORD_TYPES
                first_other = first_other or line
                key = elem.get("key") or ""
                if elem.tag == "www" and key.startswith("homepages/"):
                    for a in elem.findall("author"):
                        name = _text(a)
                        if name:
                            person_of.setdefault(name, f"dblp:{key}")
                continue
            cols.add_record(_record(line, elem, source, shared))
        if other:
            rep.note(
                "not read",
                "records that are not publications (or not in types=): "
                + ", ".join(f"{n} {t}" for t, n in sorted(other.items()))
                + f" (the first at line {first_other})",
                source=source,
                line=first_other or 1,
                records=n_other,
            )
    if person_of:  # an author's homepage record gives the person key (an ORCID wins)
        cols.a_key = [
            k if k and k.startswith("orcid:") else person_of.get(n, k)
            for n, k in zip(cols.a_name, cols.a_key, strict=True)
        ]
    del shared, person_of  # (their strings live on in the columns; the tables are let go)
    return records_to_corpus(
        cols, rep, source_format="dblp", aliases=aliases, vetoes=vetoes, merge_names=merge_names,
        disambiguate=disambiguate,
    )
