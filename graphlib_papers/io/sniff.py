"""``read``: pick the reader by extension and content, and say which was picked."""

from __future__ import annotations

import contextlib
import csv
import functools
import inspect
import io
import re
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..corpus import Corpus, with_load_report
from ..exceptions import GraphlibPapersError, OptionError, ParseError
from ._common import (
    as_paths,
    compression_of,
    decompress_into,
    delimiter_of,
    progress_bar,
    records_to_corpus,
    wide_encoding,
)
from ._dedup import concat_sources
from ._errors import Reporter, check_errors

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
    "zotero",
    "dimensions",
    "lens",
    "openalex_csv",
    "wos_csv",
    "publish_or_perish",
    "authorships",
    "profile",
)

#: Formats whose files are read together by one call of their reader when several
#: are given: evidence from one profile page helps split the entries of another.
_READ_TOGETHER = ("profile",)


_HEAD = 1 << 16

# one line of each format's own record syntax; the first line of the file's head that
# matches one of these decides (blank lines, comments and preambles are passed over)
_LINE_SIGNS = (
    ("wos", re.compile(r"(?:FN|VR) \S.*|PT [A-Z]"), "Web of Science field tags (FN/VR/PT)"),
    ("medline", re.compile(r"PMID- ?\d*"), "MEDLINE field tags (PMID-)"),
    ("ris", re.compile(r"TY {1,2}-(?: .*)?"), "RIS field tags (TY  - ... ER  -)"),
    ("bibtex", re.compile(r"\s*@\s*[A-Za-z]+\s*[{(].*"), "BibTeX entries (@type{key, ...})"),
    (
        "profile",
        re.compile(
            r"[A-Za-z][A-Za-z.\-]{0,11}?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
            r"\s\d{1,2}(?:,\s?\d{4})?(?:\s?Code)?"
        ),
        "profile-page entries (a category/date line such as 'CLJul 13, 2022')",
    ),
)
_COMMENT = re.compile(r"\s*(?:%|#|//)")


def _head(path: Path, n: int = _HEAD) -> bytes:
    """The first `n` bytes of the file, decompressed when it is gzip, bzip2 or xz (as
    far as it goes, for a file cut off)."""
    with open(path, "rb") as fh:
        raw = fh.read(n)
    kind = compression_of(raw)
    if kind is None:
        return raw
    out = io.BytesIO()
    with open(path, "rb") as fh:
        decompress_into(fh, out, kind, limit=n)
    return out.getvalue()[:n]


def _text(raw: bytes) -> str:
    """The head as text: UTF-16 or UTF-32 when it is (``wide_encoding``), else UTF-8
    (undecodable bytes replaced); without byte-order marks and NULs."""
    codec, bom, _ = wide_encoding(raw)
    if codec is not None:
        text = raw[bom:].decode(codec, "replace")
    else:
        text = raw.decode("utf-8", "replace")
    return text.lstrip("\ufeff").replace("\x00", "")


#: Web of Science field tags at line starts, for a file whose PT/FN lines are lost
_WOS_TAGS = re.compile(r"^(AU|AF|TI|SO|PY|UT|DI|DT|C1|AB) \S", re.MULTILINE)
_WOS_END = re.compile(r"^ER\s*$", re.MULTILINE)


#: RIS (``XY  - ``) and MEDLINE (``FAU - ``, ``PMID- ``) tags at line starts
_RIS_TAGS = re.compile(r"^([A-Z][A-Z0-9])  - ", re.MULTILINE)
_RIS_END = re.compile(r"^ER  -", re.MULTILINE)
_MEDLINE_TAGS = re.compile(r"^([A-Z]{2,4}) {0,2}- ", re.MULTILINE)


def _tagged_body(text: str) -> tuple[str, str] | None:
    """(format, reason) for a tagged file whose TY, PT or PMID lines are lost: RIS by
    four or more of its two-letter tags and an ``ER  -`` line; MEDLINE by three or more
    of its tags, one of those only MEDLINE has (``FAU``, ``OWN``, ``JT``, ...) among
    them."""
    if len(set(_RIS_TAGS.findall(text))) >= 4 and _RIS_END.search(text):
        return "ris", "RIS field tags (AU  -, TI  -, ... ER  -), no TY line"
    tags = set(_MEDLINE_TAGS.findall(text))
    if len(tags) >= 3 and tags & {"FAU", "PMID", "OWN", "STAT", "DCOM", "JT", "MH", "EDAT",
                                  "CRDT", "PHST", "LID"}:
        return "medline", "MEDLINE field tags (FAU -, JT  -, ...), no PMID line"
    return None


def _wos_body(text: str) -> bool:
    """True when `text` holds Web of Science records without a PT or FN line: four
    or more of its field tags, and a record's ``ER`` line."""
    return len(set(_WOS_TAGS.findall(text))) >= 4 and bool(_WOS_END.search(text))


def _by_lines(text: str, *, first_only: bool = False) -> tuple[str, str, int] | None:
    """(format, reason, line) of the first line that shows a format's record syntax."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _COMMENT.match(line):
            continue
        stripped = line.rstrip()
        for fmt, sign, reason in _LINE_SIGNS:
            candidate = stripped.strip() if fmt == "profile" else stripped
            if fmt == "profile" and len(candidate) > 40:
                continue
            if sign.fullmatch(candidate):
                return fmt, reason, number
        if first_only:
            return None
    return None


def _header_line(body: str) -> str:
    """A table's header line: the first, or the second when the first is one cell (a
    note above the header, as Dimensions writes) and the second has three or more."""
    lines = body.split("\n", 2)
    if len(lines) > 1:
        sep = delimiter_of(lines[0])  # as the reader decides, from the first line
        try:
            first, second = (next(csv.reader([ln], delimiter=sep), []) for ln in lines[:2])
        except csv.Error:
            return lines[0]
        if len(first) == 1 and len(second) >= 3:
            return lines[1]
    return lines[0]


def _csv_kind(header: str) -> tuple[str, str]:
    from .tabular import AUTHORSHIP_TABLE_COLUMNS

    sep = delimiter_of(header)  # as the reader decides
    cols = {" ".join(c.strip().strip('"').split()) for c in header.split(sep)}
    if set(AUTHORSHIP_TABLE_COLUMNS) <= {c.lower() for c in cols}:
        return "authorships", "CSV header with paper_id and author columns (one row per authorship)"
    if {"authorships.author.display_name", "publication_year"} <= cols:
        return "openalex_csv", "CSV header with OpenAlex columns (authorships.author...)"
    if {"Lens ID", "Author/s"} <= cols:
        return "lens", "CSV header with Lens.org columns (Lens ID, Author/s)"
    if {"Publication ID", "PubYear", "Source title"} <= cols:
        return "dimensions", "CSV header with Dimensions columns (Publication ID, PubYear)"
    if {"Key", "Author", "Title", "Publication Title"} <= cols and (
        {"Item Type", "Manual Tags", "Abstract Note"} & cols
    ):
        return "zotero", "CSV header with Zotero columns (Key, Author, Title, Publication Title)"
    if {"Cites", "Authors", "Title", "Year", "Source", "GSRank"} <= cols:
        return "publish_or_perish", "CSV header with Publish or Perish columns (Cites, GSRank)"
    if {"Title", "Authors", "Source Title", "Publication Year", "Total Citations"} <= cols:
        return "wos_csv", ("CSV header with Web of Science citation report columns "
                           "(Source Title, Total Citations)")
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
    """Guess the format of a record file from its first 64 KiB and its extension.

    Content decides first: XML and JSON by their first character; the tagged
    formats (Web of Science, MEDLINE, RIS, BibTeX) and profile pages by the first
    line that shows their record syntax, after any byte-order mark, blank lines,
    comment lines (``%``, ``#``) and preamble (an export's header text). The
    extension decides only when the content does not.

    Returns
    -------
    (format, reason) : tuple of str
        `format` is one of :data:`FORMATS`; `reason` says what decided (and on
        which line, for the tagged formats).

    Raises
    ------
    ParseError
        If neither the content nor the extension identifies a known format; the
        message says what was looked for.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> sniff_format(gp.seed_paths()[0])[0]
    'profile'
    """
    path = Path(path)
    name = path.name.lower()
    raw = _head(path)
    text = _text(raw)
    body = text.lstrip(" \t\r\n")
    first = body.split("\n", 1)[0].strip()
    if body.startswith("<"):
        head = body[:_HEAD]
        if re.search(r"<(?:\w+:)?feed\b", head):
            atom = "http://www.w3.org/2005/Atom" in head
            return "arxiv", "XML: an Atom <feed>" + (" (arXiv API response)" if atom else "")
        if "<dblp" in head or 'SYSTEM "dblp.dtd"' in head:
            return "dblp", "XML: a <dblp> root element"
        raise ParseError(
            "XML file that is neither a DBLP dump nor an arXiv Atom feed", source=str(path), line=1
        )
    if body.startswith(("{", "[")):
        return "openalex", "JSON content (OpenAlex works)"
    if body.startswith(("PT\t", "FN\t")):
        return "wos", "Web of Science tab-delimited export (PT<TAB>AU<TAB>... header)"
    tabular = name.endswith((".csv", ".tsv"))
    found = _by_lines(body, first_only=tabular)
    if found is not None:
        fmt, reason, _ = found
        return fmt, reason
    if not tabular and _wos_body(body):
        return "wos", "Web of Science field tags (AU, TI, SO, ... ER), no PT or FN line"
    if not tabular and (tagged := _tagged_body(body)) is not None:
        return tagged
    if name.endswith((".bib", ".bibtex")):
        return "bibtex", "file extension .bib"
    if tabular:
        return _csv_kind(_header_line(body))
    if name.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz")):
        return "openalex", "file extension (JSON)"
    if name.endswith(".ris"):
        return "ris", "file extension .ris"
    if name.endswith((".isi", ".ciw")):
        return "wos", "file extension (Web of Science)"
    if name.endswith((".xml", ".atom")):
        return ("dblp" if "dblp" in name else "arxiv"), "file extension (XML)"
    if "," in first and first.count(",") >= 2 and "\n" in body:
        return _csv_kind(_header_line(body))
    what = "binary data (NUL bytes)" if b"\x00" in raw and not raw.startswith(
        (b"\xff\xfe", b"\xfe\xff")) else "no line in the first 64 KiB"
    raise ParseError(
        f"cannot tell the format: {what} shows record tags (TY  -, PT, PMID-, @type{{), "
        "XML, JSON, a CSV header or profile-page entries; pass format=",
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
        "bibliometrix": functools.partial(tabular.read_csv, preset="bibliometrix"),
        "ieee": functools.partial(tabular.read_csv, preset="ieee"),
        "springer": functools.partial(tabular.read_csv, preset="springer"),
        "zotero": functools.partial(tabular.read_csv, preset="zotero"),
        "dimensions": functools.partial(tabular.read_csv, preset="dimensions"),
        "lens": functools.partial(tabular.read_csv, preset="lens"),
        "openalex_csv": functools.partial(tabular.read_csv, preset="openalex_csv"),
        "wos_csv": functools.partial(tabular.read_csv, preset="wos_csv"),
        "publish_or_perish": functools.partial(tabular.read_csv, preset="publish_or_perish"),
        "authorships": tabular.read_authorships,
        "profile": profiles.read_profiles,
    }[fmt]


@contextlib.contextmanager
def reading(source: str) -> Iterator[None]:
    """A reader's unexpected fault on odd input, raised as one :class:`ParseError`
    naming `source` (the fault is its ``__cause__``); the package's own errors and
    OS errors pass unchanged.

    Examples
    --------
    >>> with reading("odd.ris"):
    ...     {}["TY"]
    Traceback (most recent call last):
    graphlib_papers.exceptions.ParseError: odd.ris: could not be read (KeyError: 'TY')
    """
    try:
        yield
    except (GraphlibPapersError, OSError):
        raise
    except Exception as err:
        raise ParseError(
            f"could not be read ({type(err).__name__}: {err})", source=source
        ) from err


def read(
    path: str | PathLike | Iterable[str | PathLike],
    *,
    format: str | None = None,
    **kwargs: Any,
) -> Corpus:
    """Read any supported record file, or several; the reader is picked by content.

    The choice is stated in ``load_report`` (a row with action ``"format"`` per file,
    naming the reader and the evidence). Several files (a list, or a directory
    standing for its files; hidden files are passed over) are each sniffed and read,
    profile pages all together (so that names printed plainly on one page settle
    the entries of another, as :func:`graphlib_papers.read_profiles` reads them),
    and the corpora combined with :func:`graphlib_papers.concat_sources` (papers
    de-duplicated by their sources' own ids, then by title and year where the ids
    do not disagree).

    Parameters
    ----------
    path : path-like, list of paths or directory
    format : str, optional
        Skip sniffing: one of ``"bibtex"``, ``"ris"``, ``"wos"``, ``"medline"``,
        ``"scopus"``, ``"openalex"``, ``"dblp"``, ``"arxiv"``, ``"csv"``,
        ``"bibliometrix"``, ``"ieee"``, ``"springer"``, ``"authorships"`` (a long
        table with ``paper_id`` and ``author`` columns,
        :func:`graphlib_papers.read_authorships`), ``"profile"``.
    **kwargs
        Passed to the reader (``errors=``, ``progress=``, name-layer options, and for
        ``"csv"`` the column mapping). With several files, ``progress`` also shows a
        bar over the files. ``workers=`` goes to the readers that take it (RIS, Web of
        Science, MEDLINE, OpenAlex, profile pages) and is left out for the others.

    Returns
    -------
    Corpus

    Raises
    ------
    ParseError
        If the format cannot be told, or as the chosen reader raises. A reader's
        unexpected fault on odd input is also a ParseError naming the file.
    OptionError
        For an unknown `format` (also a ``ValueError``).
    FileNotFoundError
        For a path that does not exist, or a directory without files.
    TypeError
        For a keyword the chosen reader does not take.

    Notes
    -----
    Content wins over extension: a Web of Science file saved as ``.ris`` is read
    as Web of Science.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> corpus = gp.read(gp.seed_paths()[0])
    >>> corpus.load_report.query("action == 'format'")["reason"].iloc[0]
    "read as profile: profile-page entries (a category/date line such as 'CLJul 13, 2022')"

    Every seed page, read together as :func:`graphlib_papers.load_seeds` reads them:

    >>> gp.read(gp.seed_paths()) == gp.load_seeds()
    True
    """
    if format is not None and format not in FORMATS:
        raise OptionError(f"format must be one of {FORMATS}, not {format!r}")
    paths = as_paths(path)
    if not paths:
        given = path if isinstance(path, list | tuple) else [path]
        raise FileNotFoundError(f"no files to read in {', '.join(map(str, given))}")
    errors = check_errors(kwargs.get("errors", "raise"))
    jobs: list[tuple[str, list[tuple[Path, str]], Corpus | None]] = []
    together: dict[str, list[tuple[Path, str]]] = {}  # format -> the files of its one job
    for p in paths:
        if format is None:
            rep = Reporter(errors)
            if rep.empty_file(p, str(p), what="file"):  # the readers' one rule
                jobs.append(("", [], records_to_corpus([], rep, source_format="unknown")))
                continue
            fmt, why = sniff_format(p)
        else:
            fmt, why = format, "format= given"
        if fmt in together:
            together[fmt].append((p, why))
            continue
        jobs.append((fmt, [(p, why)], None))
        if fmt in _READ_TOGETHER:
            together[fmt] = jobs[-1][1]
    corpora = []
    progress = kwargs.get("progress") if len(paths) > 1 else False
    with progress_bar(len(paths), "reading", progress, unit="file") as bar:
        for fmt, files, done in jobs:
            corpora.append(done if done is not None else _read_job(fmt, files, kwargs))
            bar.update(max(len(files), 1))
    if len(corpora) == 1:
        return corpora[0]
    names = ("aliases", "vetoes", "merge_names", "disambiguate")
    return concat_sources(corpora, **{k: kwargs[k] for k in names if k in kwargs})


def _read_job(fmt: str, files: list[tuple[Path, str]], kwargs: dict[str, Any]) -> Corpus:
    """`files` read by one call of the reader of `fmt`, with a ``format`` row per file
    (and the evidence for it) at the head of the load report."""
    reader = _reader(fmt)
    paths = [p for p, _ in files]
    if "workers" in kwargs and "workers" not in inspect.signature(reader).parameters:
        kwargs = {k: v for k, v in kwargs.items() if k != "workers"}  # (a hint, not a meaning)
    inspect.signature(reader).bind(*paths, **kwargs)  # a wrong keyword: the caller's TypeError
    with reading(", ".join(map(str, paths))):
        corpus = reader(*paths, **kwargs)
    rows = pd.DataFrame(
        {
            "source": [str(p) for p in paths],
            "line": pd.array([1] * len(paths), dtype="Int64"),
            "action": "format",
            "reason": [f"read as {fmt}: {why}" for _, why in files],
            "record": "",
        }
    )
    return with_load_report(corpus, pd.concat([rows, corpus.load_report], ignore_index=True))
