"""Reader for arXiv API responses (Atom XML)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from os import PathLike

from ..corpus import Corpus
from ._common import Record, as_paths, clean, iso_date, reader_doc, records_to_corpus
from ._errors import Reporter, check_errors
from ._xml import iter_xml_records

__all__ = ["read_arxiv_atom"]

_RECORDS = frozenset({"entry"})  # counted wherever they are (see _xml.iter_xml_records)
_ABS = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")


def _local(tag: str) -> str:
    """An element's name without its namespace (``{...Atom}entry`` -> ``entry``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(elem, name: str) -> list:
    return [c for c in elem if _local(c.tag) == name]


def _text(elem, name: str) -> str | None:
    """The text of the first child `name`, markup inside it dropped (a title holding
    ``<i>...</i>`` keeps its words, never only the part before the tag)."""
    for c in elem:
        if _local(c.tag) == name:
            return "".join(c.itertext())
    return None


def _record(line, entry, source: str, rep: Reporter) -> Record | None:
    # elements are found by local name: Atom with or without its namespace, with a
    # prefix, or an older Atom namespace all read the same
    ident = (_text(entry, "id") or "").strip()
    if "/api/errors" in ident:
        rep.fail(
            f"arXiv API error entry: {clean(_text(entry, 'summary'))}",
            source=source,
            line=line,
            record=ident,
            records=1,
        )
        return None
    m = _ABS.search(ident)
    arxiv_id, version = (m.group(1), m.group(2)) if m else (ident or None, None)
    authors = []
    affiliations = []
    for a in _children(entry, "author"):
        name = clean(_text(a, "name"))
        if not name:
            rep.note(
                "flagged",
                "an <author> without a <name> was left out",
                source=source,
                line=line,
                record=ident,
            )
            continue
        affs = [clean(x.text) for x in _children(a, "affiliation") if clean(x.text)]
        affiliations.extend(affs)
        authors.append((name, None, affs[0] if affs else None))
    year, date, precision = iso_date(_text(entry, "published") or _text(entry, "updated") or "")
    primary = next(iter(_children(entry, "primary_category")), None)
    categories = tuple(c.get("term") for c in _children(entry, "category") if c.get("term"))
    return Record(
        source=source,
        line=line,
        title=_text(entry, "title") or "",
        authors=authors,
        year=year,
        date=date,
        date_precision=precision,
        doi=clean(_text(entry, "doi")),
        venue=clean(_text(entry, "journal_ref")),
        keywords=categories,
        abstract=clean(_text(entry, "summary")),
        labs=tuple(dict.fromkeys(affiliations)),
        category=(primary.get("term") if primary is not None else None)
        or (categories[0] if categories else ""),
        extra={"arxiv_id": arxiv_id, "arxiv_version": version},
    )


@reader_doc
def read_arxiv_atom(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    errors: str = "raise",
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
    vetoes: Iterable[tuple[str, str]] | None = None,
    merge_names: bool = True,
    disambiguate: bool = False,
) -> Corpus:
    """Read arXiv API responses (Atom feeds, one ``<entry>`` per paper).

    Each entry gives the title, the ``published`` date, the authors in order with
    their ``arxiv:affiliation`` (first one as ``authorships.affiliation``, all of
    them as ``papers.labs``), ``arxiv:doi``, ``arxiv:journal_ref`` (venue), the
    primary category (``category``) and all categories (``keywords``). API error
    entries are reported like unreadable records. Elements are matched by their local
    name, so a feed without the Atom namespace (or with a prefix, or the older Atom
    0.3 namespace) reads the same; a file with no ``<entry>`` at all is an error, never
    an empty corpus. Entries stream (bounded memory),
    and the XML goes through the same safe parser as DBLP (no entities, no network).

    Parameters
    ----------
    path : path-like, list of paths or directory
        Saved responses of ``http://export.arxiv.org/api/query``.
    {common_parameters}

    Returns
    -------
    Corpus
        Extra paper columns ``arxiv_id`` (without version), ``arxiv_version``,
        ``doi``, ``venue``, ``keywords``, ``source_format`` (``"arxiv"``).

    Raises
    ------
    ParseError
        Always for entity declarations or external references; under
        ``errors="raise"`` for malformed or truncated XML and API error entries.

    Notes
    -----
    arXiv ids are kept without their version suffix in ``arxiv_id`` (the version
    in ``arxiv_version``); a DOI, when the entry has one, keys the paper.

    References
    ----------
    .. [1] arXiv, "arXiv API User's Manual", https://info.arxiv.org/help/api/user-manual.html

    Examples
    --------
    >>> import tempfile, pathlib
    >>> atom = ('<feed xmlns="http://www.w3.org/2005/Atom" '
    ...         'xmlns:arxiv="http://arxiv.org/schemas/atom"><entry>'
    ...         '<id>http://arxiv.org/abs/astro-ph/0601001v1</id><title>Hot Jupiters</title>'
    ...         '<published>2006-01-02T14:57:58Z</published>'
    ...         '<author><name>B. Scott Gaudi</name>'
    ...         '<arxiv:affiliation>Ohio State</arxiv:affiliation></author>'
    ...         '<arxiv:primary_category term="astro-ph"/></entry></feed>')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q.atom.xml"
    >>> _ = path.write_text(atom)
    >>> c = read_arxiv_atom(path)
    >>> c.papers[["arxiv_id", "category", "labs"]].values.tolist()
    [['astro-ph/0601001', 'astro-ph', ('Ohio State',)]]
    """
    rep = Reporter(check_errors(errors), counted=True)
    records: list[Record] = []
    for p in as_paths(path, (".xml", ".atom")):
        source = str(p)
        seen: dict[str, int] = {}
        n_before = len(rep.rows)
        for line, elem in iter_xml_records(
            p, source, rep, progress, desc="arXiv", records=_RECORDS
        ):
            name = _local(elem.tag)
            seen[name] = seen.get(name, 0) + 1
            if name != "entry":
                continue
            rec = _record(line, elem, source, rep)
            if rec is not None:
                records.append(rec)
        if not seen.get("entry") and len(rep.rows) == n_before:
            what = ", ".join(f"<{n}>" for n in list(seen)[:6]) or "nothing"
            rep.fail(
                f"no <entry> element: not an Atom feed of papers (the root element holds {what})",
                source=source,
                line=1,
            )
    return records_to_corpus(
        records, rep, source_format="arxiv", aliases=aliases, vetoes=vetoes,
        merge_names=merge_names, disambiguate=disambiguate,
    )
