"""Fields a block reader hands over in final form are not cleaned again, and the tables
are the same as when they are.

The RIS, Web of Science and MEDLINE block readers say which fields they have already
cleaned (:meth:`graphlib_papers.io._common.RecordColumns.final`); the column assembly
then takes them as they are. The oracle here is the assembly's own cleaning: every
file read twice, once trusting the readers and once with the claims withdrawn, gives
the same tables. Files: messy ones written here (spaces doubled and trailing, long
values over continuation lines, repeated addresses) and every RIS, WoS and MEDLINE
fixture (those in ``../shared`` skipped cleanly when it is absent).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io._common import RecordColumns

TESTS = Path(__file__).resolve().parent
ROOTS = [TESTS / "data" / "records", TESTS.parent.parent / "shared" / "data" / "records"]
BLOCK_FORMATS = ("ris", "wos", "medline")

MESSY_RIS = """TY  - JOUR
AU  - Lovelace, Ada
AU  - Babbage,  Charles
TI  - Notes on the  Analytical   Engine
  continued on a second line  
T2  - Scientific   Memoirs 
AB  - An abstract  with doubled  spaces
  and a continuation line
AD  - Dept Math,  Univ London, London
AD  - Dept Math,  Univ London, London
AD  - Royal Society, London
KW  - engines
KW  - engines
PY  - 1843
ER  - 

TY  - JOUR
AU  - Somerville, Mary
TI  - On the Connexion of the Physical Sciences
JO  - Journal
AB  - Short.
PY  - 1834
ER  - 
"""

MESSY_WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Lovelace, A
   Babbage, C
AF Lovelace, Ada
   Babbage, Charles
TI Notes on the  Analytical
   Engine
SO SCIENTIFIC  MEMOIRS
AB An abstract  with doubled spaces
   over two lines.
C1 [Lovelace, Ada; Babbage, Charles] Univ London, Dept Math, London, England.
C1 [Babbage, Charles] Univ London, Dept Math, London, England.
PY 1843
DE engines; engines; computing
UT WOS:000000000000001
ER

PT J
AU Somerville, M
TI On the Connexion
SO JOURNAL
PY 1834
UT WOS:000000000000002
ER

EF
"""

MESSY_MEDLINE = """PMID- 1
TI  - Notes on the  Analytical
      Engine.
AB  - An abstract  with doubled spaces
      over two lines.
FAU - Lovelace, Ada
AU  - Lovelace A
AD  - Dept Math, Univ London, London.
FAU - Babbage, Charles
AU  - Babbage C
AD  - Dept Math, Univ London, London.
JT  - Scientific  Memoirs
DP  - 1843 Sep

PMID- 2
TI  - On the Connexion.
FAU - Somerville, Mary
AU  - Somerville M
JT  - Journal
DP  - 1834
"""


def _fixtures() -> list[Path]:
    out = []
    for root in ROOTS:
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file() and p.suffix not in (".md", ".dtd", ".json", ".xml", ".bib"):
                    try:
                        fmt = gp.io.sniff_format(p)[0]
                    except Exception:  # not a record file these readers take
                        continue
                    if fmt in BLOCK_FORMATS:
                        out.append(p)
    return out


def _tables(corpus: gp.Corpus) -> list[pd.DataFrame]:
    return [corpus.papers, corpus.authorships, corpus.authors, corpus.load_report]


def _same_tables(path: Path, monkeypatch) -> None:
    trusted = gp.read(path, errors="skip")
    with monkeypatch.context() as m:
        m.setattr(RecordColumns, "final", lambda self: frozenset())
        cleaned = gp.read(path, errors="skip")
    for a, b in zip(_tables(trusted), _tables(cleaned), strict=True):
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    ("name", "text"),
    [("messy.ris", MESSY_RIS), ("messy.txt", MESSY_WOS), ("messy.medline", MESSY_MEDLINE)],
    ids=["ris", "wos", "medline"],
)
def test_messy_block_file_reads_the_same_with_and_without_the_claims(
    tmp_path, monkeypatch, name, text
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _same_tables(path, monkeypatch)
    # the claims were made and used: the columns handed over are final
    seen = {}
    from graphlib_papers.io import _common

    real = _common._Assembly.run

    def spy(self, source_format):
        seen["final"] = self.c.final()
        return real(self, source_format)

    monkeypatch.setattr(_common._Assembly, "run", spy)
    corpus = gp.read(path)
    assert {"abstract", "venue", "labs"} <= seen["final"]
    # and the values are clean: single spaces, trimmed
    for col in ("abstract", "venue"):
        for value in corpus.papers[col].dropna():
            assert value == " ".join(value.split()), value
    labs = corpus.papers["labs"].tolist()
    assert all(len(set(g)) == len(g) and all(g) for g in labs)


def test_a_record_added_one_by_one_withdraws_the_claims():
    cols = RecordColumns()
    cols.extend("a.ris", [1], {"title": ["A"]}, {"a_row": [], "a_name": []},
                final={"title", "abstract"})
    assert cols.final() == {"title", "abstract"}
    cols.extend("a.ris", [5], {"title": ["B"]}, {"a_row": [], "a_name": []}, final={"title"})
    assert cols.final() == {"title"}  # only what every block claimed
    cols.title.append(" C ")  # a reader writing to the lists directly
    cols.line.append(9)
    assert cols.final() == frozenset()
    cols.extend("a.ris", [12], {"title": ["D"]}, {"a_row": [], "a_name": []}, final={"title"})
    assert cols.final() == frozenset()  # an earlier record is not covered


FIXTURES = _fixtures()


@pytest.mark.skipif(not FIXTURES, reason="no RIS, WoS or MEDLINE fixtures")
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_block_fixture_reads_the_same_with_and_without_the_claims(path, monkeypatch):
    _same_tables(path, monkeypatch)
