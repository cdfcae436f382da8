"""The whole-table reading of a plain CSV (:func:`tabular._plain_table` and the column
steps after it) gives the corpus the row-by-row reading gives, load report included,
on files with CRLF line ends, blank and white-space rows, missing-value marks, keywords
in one or two columns and a byte that is not UTF-8."""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io import tabular

TABLES = ("papers", "authors", "authorships", "load_report", "merges")

HEADER = "title,authors,year,doi,venue,keywords,tags"
ROWS = [
    "Sparse graphs of collaboration,Zhiwei Sun; Thomas P. Russell,2019,10.1000/a1,"
    "Journal of Networks,graph; sparse ; ,bayes",
    "Detectors with many hands,Łukasz  Kowalski;Hélène Dupont; n/a,2021,10.1000/a2,NA,"
    "physics,",
    "Russell again, Thomas P. Russell; Wei Li,2020,10.1000/a3,Journal of Networks,graph,graph",
    "Inverted names,\"Li, Wei\",2018,,Journal of Networks,,",
]


def _write(path, rows, *, eol=b"\n", extra=b""):
    raw = eol.join(r.encode("utf-8") for r in [HEADER, *rows]) + eol + extra
    path.write_bytes(raw)
    return path


def _read(path, **kw):
    return gp.read_csv(path, year="year", doi="doi", venue="venue",
                       keywords=["keywords", "tags"], errors="skip", **kw)


def _row_by_row(path, monkeypatch, **kw):
    with monkeypatch.context() as m:
        m.setattr(tabular, "_plain_table", lambda path, delimiter: None)
        return _read(path, **kw)


def _same(a: gp.Corpus, b: gp.Corpus) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


VARIANTS = {
    "lf": dict(rows=ROWS[:3]),
    "crlf": dict(rows=ROWS[:3], eol=b"\r\n"),
    "blank rows": dict(rows=[ROWS[0], "", "  ,\t, , , , ,", ROWS[1], ",,,,,,", ROWS[2]]),
    "blank rows, crlf": dict(rows=[ROWS[0], "", "   ", ROWS[1], ",,,,,,", ROWS[2]],
                             eol=b"\r\n"),
    "white-space rows": dict(rows=[ROWS[0], "\u00a0,\u2003,,,,,", ROWS[1], ROWS[2]],
                             eol=b"\r\n"),
    "no final line end": dict(rows=ROWS[:3], eol=b"\n", extra=b"Last one,Ada Byron,1843"
                              b",,,,"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_whole_table_gives_the_row_by_row_corpus(tmp_path, monkeypatch, variant):
    path = _write(tmp_path / "a.csv", **VARIANTS[variant])
    calls = []
    real = tabular._plain_table
    with monkeypatch.context() as m:
        m.setattr(tabular, "_plain_table", lambda *a: calls.append(r := real(*a)) or r)
        whole = _read(path)
    assert calls and calls[0] is not None  # the whole-table reading vouched for the file
    _same(whole, _row_by_row(path, monkeypatch))
    _same(_read(path, merge_names=False), _row_by_row(path, monkeypatch, merge_names=False))


def test_the_whole_table_reads_what_the_rows_say(tmp_path):
    path = _write(tmp_path / "a.csv", ROWS[:3], eol=b"\r\n")
    c = _read(path, merge_names=False)
    papers = c.papers.set_index("doi")
    # keywords from both columns, split on ";", stripped, empty parts left out
    assert papers.loc["10.1000/a1", "keywords"] == ("graph", "sparse", "bayes")
    assert papers.loc["10.1000/a2", "keywords"] == ("physics",)
    assert papers.loc["10.1000/a3", "keywords"] == ("graph",)  # a paper lists each once
    # "NA" is a missing value; no CR is left at the end of the last cell of a line
    assert pd.isna(papers.loc["10.1000/a2", "venue"])
    assert papers.loc["10.1000/a1", "venue"] == "Journal of Networks"
    ships = c.authorships.merge(c.papers[["doi"]], left_on="paper_id", right_index=True)
    got = sorted(zip(ships["doi"], ships["position"], ships["printed_name"], strict=True))
    assert got == [
        ("10.1000/a1", 1, "Zhiwei Sun"), ("10.1000/a1", 2, "Thomas P. Russell"),
        ("10.1000/a2", 1, "Łukasz Kowalski"), ("10.1000/a2", 2, "Hélène Dupont"),
        ("10.1000/a3", 1, "Thomas P. Russell"), ("10.1000/a3", 2, "Wei Li"),
    ]  # fmt: skip


@pytest.mark.parametrize("bad", [b"\xff", b"\xed\xa0\x80", b"caf\xe9"])
def test_a_byte_that_is_not_utf8_leaves_the_file_to_the_row_reading(tmp_path, monkeypatch,
                                                                    bad):
    rows = [r.encode("utf-8") for r in [HEADER, *ROWS[:3]]]
    rows[2] = rows[2].replace(b"physics", b"phys" + bad + b"ics")
    path = tmp_path / "a.csv"
    path.write_bytes(b"\r\n".join(rows) + b"\r\n")
    assert tabular._plain_table(path, None) is None
    c = _read(path)
    _same(c, _row_by_row(path, monkeypatch))
    assert c.n_papers == 3 and len(c.load_report) >= 1  # the row reading reports the byte


def test_quoted_fields_leave_the_file_to_the_row_reading(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.csv", ROWS)
    assert tabular._plain_table(path, None) is None
    c = _read(path, merge_names=False)
    _same(c, _row_by_row(path, monkeypatch, merge_names=False))
    names = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    assert names.loc[names["title"] == "Inverted names", "printed_name"].tolist() == ["Wei Li"]


def test_keyword_cells_split_like_split_list():
    from graphlib_papers.io._common import split_list

    one = ["a; b ;", None, "a; b ;", " c "]
    assert tabular._keywords_of_cells([one], ";") == [split_list(x, ";") for x in one]
    two = [["a;b", None], ["b", "x;;y"]]
    assert tabular._keywords_of_cells(two, ";") == [("a", "b", "b"), ("x", "y")]
