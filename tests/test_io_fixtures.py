"""Every record fixture read into the tables an independent source says it holds.

Two kinds of oracle, neither the readers' own earlier output:

* small files written here whose tables were worked out by hand (paper ids from
  the documented rule: ``"p:"`` + the first 12 hex digits of the SHA-1 of the
  lower-cased DOI, else of the normalised title; author ids ``"a:"`` + the slug
  of the name), read through every path of the column assembly: records that are
  all new papers, a duplicate united with its first record, a name printed twice,
  a record with neither title nor DOI;
* every fixture in ``tests/data/records`` and ``../shared/data/records`` (skipped
  cleanly when absent): the number of records the bare parsing library finds in
  the file (rispy, bibtexparser, ``json``) equals papers + duplicate rows +
  skipped records; every title, DOI and author surname in the tables is in the
  file's text (nothing invented); every authorship points at a paper and an
  author of the corpus.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp

TESTS = Path(__file__).resolve().parent
ROOTS = [TESTS / "data" / "records", TESTS.parent.parent / "shared" / "data" / "records"]


def _sha(text: str) -> str:
    return "p:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _ships(c: gp.Corpus) -> list[tuple]:
    """(paper_id, printed_name, position or None, author_id), in paper and position order."""
    s = c.authorships.sort_values(["paper_id", "position"], na_position="last")
    return [
        (p, n, None if pd.isna(k) else int(k), a)
        for p, n, k, a in zip(s["paper_id"], s["printed_name"], s["position"], s["author_id"])
    ]


def _report(c: gp.Corpus) -> list[tuple]:
    return [(int(line), action, reason) for line, action, reason in
            zip(c.load_report["line"], c.load_report["action"], c.load_report["reason"])]


RIS = """TY  - JOUR
AU  - Lovelace, Ada
AU  - Babbage, Charles
TI  - Notes on the  Analytical Engine
PY  - 1843/09/01
DO  - 10.1000/AE.1
ER  - 

TY  - JOUR
AU  - Babbage, Charles
AU  - Menabrea, Luigi
TI  - Notes on the analytical engine
PY  - 1843
DO  - https://doi.org/10.1000/ae.1
ER  - 

TY  - JOUR
AU  - Somerville, Mary
AU  - Somerville, Mary
TI  - On the Connexion of the Physical Sciences
PY  - 1834
ER  - 

TY  - JOUR
PY  - 1850
ER  - 
"""


def test_ris_hand_checked_tables(tmp_path):
    path = tmp_path / "hand.ris"
    path.write_text(RIS, encoding="utf-8")
    c = gp.read_ris(path, errors="skip")
    engine = _sha("10.1000/ae.1")
    connexion = _sha("on the connexion of the physical sciences")
    papers = c.papers
    assert sorted(papers.index) == sorted([engine, connexion])
    assert papers.loc[engine, "title"] == "Notes on the Analytical Engine"
    assert papers.loc[engine, "doi"] == "10.1000/ae.1"
    assert papers.loc[engine, "year"] == 1843
    assert papers.loc[engine, "date"] == pd.Timestamp("1843-09-01")
    assert papers.loc[engine, "date_precision"] == "day"
    assert papers.loc[engine, "n_authors_visible"] == 3  # the duplicate added Menabrea
    assert papers.loc[engine, "sources"] == ("hand.ris",)
    assert papers.loc[connexion, "year"] == 1834 and pd.isna(papers.loc[connexion, "doi"])
    assert papers.loc[connexion, "n_authors_visible"] == 2  # as printed on the byline
    assert sorted(_ships(c)) == sorted([
        (engine, "Ada Lovelace", 1, "a:ada-lovelace"),
        (engine, "Charles Babbage", 2, "a:charles-babbage"),
        (engine, "Luigi Menabrea", None, "a:luigi-menabrea"),
        (connexion, "Mary Somerville", 1, "a:mary-somerville"),
    ])
    assert _report(c) == [
        (9, "duplicate", "same paper as the record at line 1 (same DOI); authors united: 1 "
                         "not on the first record added ('Luigi Menabrea')"),
        (17, "flagged", "author 'Mary Somerville' printed more than once; kept once"),
        (24, "skipped", "record has no title and no DOI"),
    ]
    with pytest.raises(gp.ParseError, match="no title and no DOI"):
        gp.read_ris(path, errors="raise")


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Curie, M
   Curie, P
AF Curie, Marie
   Curie, Pierre
TI Radioactive substances
SO COMPTES RENDUS
PY 1898
PD JUL
DI 10.2000/RAD.1
UT WOS:000000000000001
C1 [Curie, Marie; Curie, Pierre] Ecole Super Phys & Chim Ind, Paris, France.
ER

PT J
AU Noether, E
AF Noether, Emmy
TI Invariante   Variationsprobleme
PY 1918
UT WOS:000000000000002
ER

EF
"""


def test_wos_hand_checked_tables(tmp_path):
    path = tmp_path / "hand.txt"
    path.write_text(WOS, encoding="utf-8")
    c = gp.read_wos(path, errors="raise")
    rad = _sha("10.2000/rad.1")
    inv = _sha("invariante variationsprobleme")
    papers = c.papers
    assert sorted(papers.index) == sorted([rad, inv])
    assert papers.loc[rad, "title"] == "Radioactive substances"
    assert papers.loc[rad, "venue"] == "COMPTES RENDUS"
    assert papers.loc[rad, "wos_id"] == "WOS:000000000000001"
    assert papers.loc[rad, "date"] == pd.Timestamp("1898-07-01")
    assert papers.loc[rad, "date_precision"] == "month"
    assert papers.loc[rad, "labs"] == ("Ecole Super Phys & Chim Ind",)
    assert papers.loc[inv, "title"] == "Invariante Variationsprobleme"
    assert papers.loc[inv, "year"] == 1918 and papers.loc[inv, "labs"] == ()
    assert sorted(_ships(c)) == sorted([
        (rad, "Marie Curie", 1, "a:marie-curie"),
        (rad, "Pierre Curie", 2, "a:pierre-curie"),
        (inv, "Emmy Noether", 1, "a:emmy-noether"),
    ])
    aff = dict(zip(c.authorships["printed_name"], c.authorships["affiliation"]))
    assert aff["Marie Curie"] == aff["Pierre Curie"] == "Ecole Super Phys & Chim Ind"
    assert pd.isna(aff["Emmy Noether"])
    assert _report(c) == []


BIB = """@article{a1,
  author = {Hopper, Grace and Aiken, Howard H.},
  title = {The Mark I computer},
  journal = {Proc. IRE},
  year = {1946},
  doi = {10.4000/MARK.1}
}

@misc{a2,
  author = {Grace Hopper},
  title = {Compilers},
  year = 1952
}

@misc{a3,
  author = {Grace Hopper},
  title = {Compilers.},
  year = 1952
}
"""


def test_bibtex_hand_checked_tables(tmp_path):
    path = tmp_path / "hand.bib"
    path.write_text(BIB, encoding="utf-8")
    c = gp.read_bibtex(path, errors="skip")
    mark = _sha("10.4000/mark.1")
    comp = _sha("compilers")  # no DOI: the normalised title
    assert sorted(c.papers.index) == sorted([mark, comp])
    assert c.papers.loc[mark, "title"] == "The Mark I computer"
    assert c.papers.loc[mark, "year"] == 1946 and c.papers.loc[comp, "year"] == 1952
    assert sorted(_ships(c)) == sorted([
        (mark, "Grace Hopper", 1, "a:grace-hopper"),
        (mark, "Howard H. Aiken", 2, "a:howard-h-aiken"),
        (comp, "Grace Hopper", 1, "a:grace-hopper"),
    ])
    (row,) = c.load_report.itertuples()
    assert row.action == "duplicate" and row.line == 15
    assert row.reason.startswith("same paper as the record at line 9 (same title and year)")


# ---------------------------------------------------------------------------
# every fixture
# ---------------------------------------------------------------------------
def _fixture_files() -> list[Path]:
    out = []
    for root in ROOTS:
        if root.is_dir():
            out += sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and p.suffix not in (".md", ".dtd")
                and p.name != "splitname_cases.json"
            )
    return out


FILES = _fixture_files()


def _library_count(path: Path, fmt: str) -> int | None:
    """Records the bare parsing library finds, or None when it has no view of the file."""
    try:
        if fmt == "ris":
            import rispy

            with open(path, encoding="utf-8-sig") as fh:
                return len(rispy.load(fh))
        if fmt == "bibtex":
            import bibtexparser

            # its log of failed blocks is kept off the root logger's handlers
            logger = logging.getLogger("bibtexparser")
            quiet, propagate = logging.NullHandler(), logger.propagate
            logger.addHandler(quiet)
            logger.propagate = False
            try:
                lib = bibtexparser.parse_file(str(path))
            finally:
                logger.removeHandler(quiet)
                logger.propagate = propagate
            return len(lib.entries) if not lib.failed_blocks else None
        if fmt == "openalex" and path.suffix == ".jsonl":
            return sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
    except Exception:  # the library refuses the file: no independent count
        return None
    return None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.casefold())


@pytest.mark.skipif(not FILES, reason="no record fixtures")
def test_every_fixture_reads_to_tables_its_file_supports():
    # in a fresh interpreter: the checks are about the files, not about what earlier
    # tests of the session left behind (threads, logging handlers)
    root = str(Path(gp.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, str(TESTS)]))
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import test_io_fixtures as t; t._check_all()"],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert f"{len(FILES)} files checked" in proc.stdout


def _check_all() -> None:
    """Check every fixture file; print what failed and exit 1, or the count."""
    failed = []
    for path in FILES:
        try:
            _check_fixture(path)
        except AssertionError as exc:
            failed.append(f"{path}: {exc!r}")
    if failed:
        print("\n".join(failed))
        sys.exit(1)
    print(f"{len(FILES)} files checked")


def _check_fixture(path: Path) -> None:
    fmt = gp.io.sniff_format(path)[0]
    c = gp.read(path, errors="skip")
    rep = c.load_report
    papers, ships = c.papers, c.authorships
    # every authorship points at a paper and an author; ids are unique
    assert set(ships["paper_id"]) <= set(papers.index)
    assert set(ships["author_id"]) <= set(c.authors.index)
    assert not ships.duplicated(["paper_id", "author_id"]).any()
    assert papers.index.is_unique and c.authors.index.is_unique
    # the load report names a line for each row of a counted reader
    assert rep["line"].notna().all() or fmt in ("openalex", "arxiv", "dblp")
    # nothing invented: titles, DOIs and surnames are in the file
    raw = _fold(path.read_bytes().decode("utf-8", errors="replace"))
    if fmt not in ("bibtex", "arxiv", "dblp", "openalex"):  # LaTeX and XML/JSON escapes
        for title in papers["title"]:
            assert _fold(title)[:30] in raw, title
    for doi in papers["doi"].dropna():
        assert _fold(doi) in raw, doi
    if fmt in ("ris", "wos", "medline", "csv", "scopus"):
        for name in ships["printed_name"]:
            surname = name.split()[-1]
            assert _fold(surname) in raw, name
    # the records the parsing library finds are papers, duplicates or skipped records
    n = _library_count(path, fmt)
    if n is not None:
        dup = int((rep["action"] == "duplicate").sum())
        skipped = rep[(rep["action"] == "skipped") & rep["reason"].str.startswith("record")]
        assert n == c.n_papers + dup + len(skipped) or n == c.n_papers + dup, (
            n, c.n_papers, dup, len(skipped))


def test_openalex_json_lines_hand_checked(tmp_path):
    works = [
        {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.5000/A", "title": "Alpha",
         "publication_year": 2001, "authorships": [
             {"author": {"id": "https://openalex.org/A1", "display_name": "Ada Byron"}},
             {"author": {"id": "https://openalex.org/A2", "display_name": "Charles Babbage"}}]},
        {"id": "https://openalex.org/W2", "title": "Beta", "publication_year": 2002,
         "authorships": [{"author": {"id": "https://openalex.org/A1",
                                     "display_name": "Ada Byron"}}]},
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(json.dumps(w) for w in works) + "\n", encoding="utf-8")
    c = gp.read_openalex(path, errors="raise")
    alpha = _sha("10.5000/a")
    assert alpha in c.papers.index and c.n_papers == 2
    beta = next(p for p in c.papers.index if p != alpha)
    assert c.papers.loc[beta, "title"] == "Beta" and c.papers.loc[beta, "year"] == 2002
    names = sorted((p == alpha, n, int(k)) for p, n, k in
                   zip(c.authorships["paper_id"], c.authorships["printed_name"],
                       c.authorships["position"]))
    assert names == [(False, "Ada Byron", 1), (True, "Ada Byron", 1), (True, "Charles Babbage", 2)]
    assert c.n_authors == 2
