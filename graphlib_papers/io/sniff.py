"""``read``: pick the reader by extension and content, and say which was picked."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..corpus import Corpus
from ._common import as_paths

__all__ = ["read", "sniff_format", "FORMATS"]

#: Format names accepted by :func:`read` (``format=``) and returned by :func:`sniff_format`.
FORMATS = (
    "bibtex",
    "ris",
    "wos",
    "medline",
    "scopus",
    "openalex",
    "dblp",
    "arxiv",
    "csv",
    "bibliometrix",
    "ieee",
    "springer",
    "profile",
)


def _head(path: Path, n: int = 8192) -> bytes:
    with open(path, "rb") as fh:
        raw = fh.read(n)
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                raw = fh.read(n)
        except (OSError, EOFError):
            return b""
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")


def _csv_kind(header: str) -> tuple[str, str]:
    cols = {c.strip().strip('"') for c in header.replace("\t", ",").split(",")}
    if {"Author(s) ID", "EID"} & cols or {"Source title", "Authors"} <= cols:
        return "scopus", "CSV header with Scopus columns (Author(s) ID / EID / Source title)"
    if "Document Title" in cols and "Author Affiliations" in cols:
        return "ieee", "CSV header with IEEE Xplore columns (Document Title, Author Affiliations)"
    if "Item Title" in cols and "Item DOI" in cols:
        return "springer", "CSV header with SpringerLink columns (Item Title, Item DOI)"
    if {"AU", "TI"} <= cols:
        return "bibliometrix", "CSV header with WoS field tags as columns (AU, TI, ...)"
    return "csv", "generic CSV table"


def sniff_format(path: str | PathLike) -> tuple[str, str]:
    """Guess the format of a record file from its extension and first bytes.

    Returns
    -------
    (format, reason) : tuple of str
        `format` is one of :data:`FORMATS`; `reason` says what decided.

    Raises
    ------
    ParseError
        If neither the extension nor the content identifies a known format.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> sniff_format(gp.seed_paths()[0])[0]
    'profile'
    """
    from ..exceptions import ParseError

    path = Path(path)
    name = path.name.lower()
    head = _head(path)
    text = head.decode("utf-8", "replace")
    first = text.split("\n", 1)[0].strip()
    if head.startswith(b"<"):
        if b"<feed" in head and b"http://www.w3.org/2005/Atom" in head:
            return "arxiv", "XML: an Atom <feed> (arXiv API response)"
        if b"<dblp" in head or b'SYSTEM "dblp.dtd"' in head:
            return "dblp", "XML: a <dblp> root element"
        if b"<feed" in head:
            return "arxiv", "XML: an Atom <feed>"
        raise ParseError(
            "XML file that is neither a DBLP dump nor an arXiv Atom feed", source=str(path), line=1
        )
    if head.startswith((b"{", b"[")):
        return "openalex", "JSON content (OpenAlex works)"
    if head.replace(b"\x00", b"").lstrip(b"\xff\xfe").startswith((b"PT\t", b"FN\t")):
        return "wos", "Web of Science tab-delimited export (PT<TAB>AU<TAB>... header)"
    if text.startswith("FN ") or text.startswith("PT ") or "\nPT " in text[:400]:
        return "wos", "Web of Science field tags (FN/VR/PT)"
    if text.startswith("PMID-") or "\nPMID-" in text[:2000]:
        return "medline", "MEDLINE field tags (PMID-)"
    if "TY  - " in text[:2000]:
        return "ris", "RIS field tags (TY  - ... ER  -)"
    if text.startswith("@") or ("\n@" in text[:4000] and name.endswith((".bib", ".bibtex"))):
        return "bibtex", "BibTeX entries (@type{key, ...})"
    if name.endswith((".bib", ".bibtex")):
        return "bibtex", "file extension .bib"
    if name.endswith((".csv", ".tsv")):
        return _csv_kind(first)
    if name.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz")):
        return "openalex", "file extension (JSON)"
    if name.endswith(".ris"):
        return "ris", "file extension .ris"
    if name.endswith((".isi", ".ciw")):
        return "wos", "file extension (Web of Science)"
    if "," in first and first.count(",") >= 2 and "\n" in text:
        return _csv_kind(first)
    if name.endswith(".txt"):
        return "profile", "plain text without record tags (a profile page)"
    raise ParseError(
        "cannot tell the format from the extension or the content; pass format=",
        source=str(path),
        line=1,
    )


def _reader(fmt: str):
    from . import arxiv, bibtex, dblp, medline, openalex, profiles, ris, scopus, tabular, wos

    return {
        "bibtex": bibtex.read_bibtex,
        "ris": ris.read_ris,
        "wos": wos.read_wos,
        "medline": medline.read_medline,
        "scopus": scopus.read_scopus_csv,
        "openalex": openalex.read_openalex,
        "dblp": dblp.read_dblp_xml,
        "arxiv": arxiv.read_arxiv_atom,
        "csv": tabular.read_csv,
        "bibliometrix": lambda p, **kw: tabular.read_csv(p, preset="bibliometrix", **kw),
        "ieee": lambda p, **kw: tabular.read_csv(p, preset="ieee", **kw),
        "springer": lambda p, **kw: tabular.read_csv(p, preset="springer", **kw),
        "profile": profiles.read_profiles,
    }[fmt]


def read(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    format: str | None = None,
    **kwargs: Any,
) -> Corpus:
    """Read any supported record file; the reader is picked by extension and content.

    The choice is stated in ``load_report`` (a row with action ``"format"`` naming
    the reader and the evidence) and in ``papers.source_format``. Several files (a
    list or a directory) are each sniffed, read and combined with
    :func:`graphlib_papers.concat_sources` (papers de-duplicated by DOI, then by
    title and year).

    Parameters
    ----------
    path : path-like, list of paths or directory
    format : str, optional
        Skip sniffing: one of ``"bibtex"``, ``"ris"``, ``"wos"``, ``"medline"``,
        ``"scopus"``, ``"openalex"``, ``"dblp"``, ``"arxiv"``, ``"csv"``,
        ``"bibliometrix"``, ``"ieee"``, ``"springer"``, ``"profile"``.
    **kwargs
        Passed to the reader (``errors=``, ``progress=``, name-layer options, and for
        ``"csv"`` the column mapping).

    Returns
    -------
    Corpus

    Raises
    ------
    ParseError
        If the format cannot be told, or as the chosen reader raises.
    ValueError
        For an unknown `format`.

    Notes
    -----
    Content wins over extension: a Web of Science file saved as ``.ris`` is read
    as Web of Science.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.read(gp.seed_paths()[0])
    >>> corpus.load_report.query("action == 'format'")["reason"].iloc[0]
    'read as profile: plain text without record tags (a profile page)'
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    paths = as_paths(path)
    if not paths:
        raise FileNotFoundError(f"no files to read in {path}")
    corpora = []
    for p in paths:
        if format is None:
            fmt, why = sniff_format(p)
        else:
            fmt, why = format, "format= given"
        corpus = _reader(fmt)(p, **kwargs)
        row = pd.DataFrame(
            {
                "source": [str(p)],
                "line": pd.array([pd.NA], dtype="Int64"),
                "action": ["format"],
                "reason": [f"read as {fmt}: {why}"],
                "record": [""],
            }
        )
        corpora.append(
            Corpus(
                corpus.papers,
                corpus.authors,
                corpus.authorships,
                corpus.profiles,
                pd.concat([row, corpus.load_report], ignore_index=True),
                corpus.merges,
                name_options=corpus._name_options,
            )
        )
    if len(corpora) == 1:
        return corpora[0]
    from ._dedup import concat_sources

    options = {k: kwargs[k] for k in ("aliases", "vetoes", "merge_names") if k in kwargs}
    return concat_sources(corpora, **options)
