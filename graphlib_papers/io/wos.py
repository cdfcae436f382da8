"""Reader for Web of Science plain-text exports ("savedrecs.txt", ``.isi``)."""

from __future__ import annotations

import re
from pathlib import Path

from .._memory import without_cycle_collector
from ..corpus import Corpus
from ._common import (
    Aliases,
    PathArg,
    RecordColumns,
    Vetoes,
    as_paths,
    reader_doc,
    records_to_corpus,
    utf8_file,
)
from ._errors import Reporter, check_errors
from ._tagged import read_wos_file, wos_record

__all__ = ["read_wos"]

_LIST_TAGS = ("AU", "AF", "CA", "BA", "BF")


# the addresses of a tab-delimited C1 cell: "[A; B] Inst, City; [C] Inst2, City" (a
# "; " before each bracketed list), or, without brackets, "Inst, City; Inst2, City"
_C1_BRACKETED = re.compile(r";\s*(?=\[)")


def _unquoted(value: str) -> str:
    """A field as written, or, when a spreadsheet saved the file again and quoted it
    (``"The ""omics"" era"``: every inner quote doubled), its text.

    Examples
    --------
    >>> _unquoted('"The ""omics"" era"'), _unquoted('"Smart" cities'), _unquoted('"a" and "b"')
    ('The "omics" era', '"Smart" cities', '"a" and "b"')
    """
    if len(value) > 1 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return value


def _tab_delimited(path, source: str, rep: Reporter, progress):
    """Rows of a WoS "tab-delimited" export as tagged-field dicts (a UTF-16 export
    reaches here as its UTF-8 copy, see ``utf8_file``). The export writes its fields
    unquoted (a title may begin with a quote), one record a line."""
    from .tabular import csv_rows

    for line, row in csv_rows(Path(path), source, rep, progress, "\t", quoting=False):
        fields: dict[str, list[str]] = {}
        for tag, value in row.items():
            value = _unquoted((value or "").strip()).strip()
            if not value or len(tag) != 2:
                continue
            if tag in _LIST_TAGS:
                fields[tag] = [v.strip() for v in value.split(";") if v.strip()]
            elif tag == "C1":  # one address a line, as in the plain-text export
                parts = _C1_BRACKETED.split(value) if "[" in value else value.split(";")
                fields[tag] = [v.strip() for v in parts if v.strip()]
            else:
                fields[tag] = [value]
        yield line, fields


@reader_doc
@without_cycle_collector
def read_wos(
    path: PathArg, *, errors: str = "raise", progress: bool | None = None, aliases: Aliases = None,
    vetoes: Vetoes = None, merge_names: bool = True, disambiguate: bool = False,
    workers: int | None = 1,
) -> Corpus:  # fmt: skip
    """Read Web of Science exports: plain text (``PT``/``AU``/``AF``/.../``ER``) or
    tab-delimited (one row per record, field tags as column names; UTF-8 or UTF-16).

    The file is read in blocks of whole records (bounded memory, a progress bar on a
    terminal).
    Authors come from ``AF`` (full names, ``"Roach, Mack, III"`` printed as
    ``"Mack Roach III"``) when it lists as many names as ``AU``, else from ``AU``.
    ORCIDs (``OI``) and ResearcherIDs (``RI``) become the name layer's author keys.
    ``C1`` addresses give ``papers.labs`` (the institution, first part of each
    address) and, where the address names its authors in brackets
    (``[Sun, Zhiwei; Russell, Thomas P.] Univ Massachusetts Amherst, ...``),
    ``authorships.affiliation``.

    Parameters
    ----------
    path : path-like, list of paths or directory
        WoS export file(s).
    {common_parameters}
    {workers_parameter}

    Returns
    -------
    Corpus
        Extra paper columns: ``doi``, ``venue``, ``keywords``, ``source_format``
        (``"wos"``), ``wos_id`` (``UT``), ``document_type``.

    Raises
    ------
    ParseError
        Under ``errors="raise"``: a line that is not a field line, a record not closed
        by ``ER``, a file cut off without ``EF``, bytes that are not UTF-8.

    Notes
    -----
    Exports joined end to end (a second ``FN``/``VR`` header) are all read; a record
    left open at the next ``PT``, a new header or ``EF`` is closed there and reported;
    any line ending is read (LF, CRLF, CR alone).
    Tags follow the Clarivate field-tag list; papers with a DOI are keyed by it
    (:func:`graphlib_papers.io.doi_paper_id`), the others by normalised title.

    References
    ----------
    .. [1] Clarivate, "Web of Science Core Collection field tags",
       https://images.webofknowledge.com/images/help/WOS/hs_wos_fieldtags.html

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\n"
    ...         "AU Sun, ZW\\n   Russell, TP\\nAF Sun, Zhiwei\\n   Russell, Thomas P.\\n"
    ...         "TI Bit patterns\\nPY 2017\\n"
    ...         "C1 [Sun, Zhiwei; Russell, Thomas P.] Univ Massachusetts, Amherst, MA USA.\\n"
    ...         "DI 10.1002/ADMA.201702500\\nER\\n\\nEF\\n")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "savedrecs.txt"
    >>> _ = path.write_text(text)
    >>> corpus = read_wos(path)
    >>> corpus.authorships[["printed_name", "affiliation"]].values.tolist()
    [['Zhiwei Sun', 'Univ Massachusetts'], ['Thomas P. Russell', 'Univ Massachusetts']]
    >>> corpus.papers[["doi", "labs"]].values.tolist()
    [['10.1002/adma.201702500', ('Univ Massachusetts',)]]
    """
    rep = Reporter(check_errors(errors), counted=True)
    records = RecordColumns()
    for path_ in as_paths(path, (".txt", ".isi", ".ciw", ".tsv")):
        source = str(path_)
        with utf8_file(path_, source, rep) as p:
            with open(p, "rb") as fh:
                head = fh.read(64).lstrip(b"\xef\xbb\xbf")
            if head.startswith((b"PT\t", b"FN\t")):
                for start, fields in _tab_delimited(p, source, rep, progress):
                    records.add_record(wos_record(start, fields, source, rep))
                continue
            read_wos_file(p, source, rep, progress, records, workers)
    return records_to_corpus(
        records, rep, source_format="wos", aliases=aliases, vetoes=vetoes,
        merge_names=merge_names, disambiguate=disambiguate,
        cycles=False,  # (arrays and strings: no reference cycles)
    )
