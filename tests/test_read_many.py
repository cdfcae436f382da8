"""gp.read on several files: profile pages read together, long authorship tables,
one combiner, and a reader's unexpected fault named by file. Every input is written
here by hand (or is a bundled seed page / test fixture); expected values are read off
the text or come from the readers called one by one."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.cli import read_inputs
from graphlib_papers.io import ris as ris_module

RIS = Path(__file__).parent / "data" / "records" / "litstudy" / "example.ris"

PAGE_A = """Ada Lovelace

ML
h-index3
2papers
10citations
Novelty50%
AI Score10

2 Papers

MLJan 15, 2020
On Engines

Ada Lovelace, Charles Babbage

An abstract.

MLMay 9
Notes Without A Year

Ada Lovelace

Another abstract.
"""

PAGE_B = """Mary Somerville

ML
h-index2
1papers
5citations
Novelty50%
AI Score10

1 Papers

MLJun 6, 2023
On The Connexion Of The Physical Sciences

Mary Somerville, Ada Lovelace

A third abstract.
"""

SHIPS = [
    ("p1", "Ada Lovelace", "Sketch of the analytical engine", "1843", "Memoirs"),
    ("p1", "Luigi Menabrea", "Sketch of the analytical engine", "1843", "Memoirs"),
    ("p2", "Mary Somerville", "Mechanism of the heavens", "1831", ""),
]


def _ships(path: Path, rows=SHIPS, *, quoting=csv.QUOTE_MINIMAL) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=quoting)
        w.writerow(["paper_id", "author", "title", "year", "venue"])
        w.writerows(rows)
    return path


def _tables(c: gp.Corpus) -> tuple[pd.DataFrame, ...]:
    return c.papers, c.authors, c.authorships


def _assert_same(a: gp.Corpus, b: gp.Corpus) -> None:
    for x, y in zip(_tables(a), _tables(b), strict=True):
        pd.testing.assert_frame_equal(x, y)


def _year(c: gp.Corpus, title: str) -> int:
    return int(c.papers.set_index("title").at[title, "year"])


def test_profile_pages_in_a_list_are_read_together(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAGE_A, encoding="utf-8")
    b.write_text(PAGE_B, encoding="utf-8")
    # "May 9" has no year: one after the latest year printed on the pages read
    # together (2023 on page b), one after page a's own 2020 when a is read alone
    assert _year(gp.read(a), "Notes Without A Year") == 2021
    together = gp.read([a, b])
    assert _year(together, "Notes Without A Year") == 2024
    _assert_same(together, gp.read_profiles(a, b))
    # pages given around a file of another format are still one reading
    ris = tmp_path / "refs.ris"
    shutil.copy(RIS, ris)
    mixed = gp.read([a, ris, b])
    assert _year(mixed, "Notes Without A Year") == 2024
    fmt = mixed.load_report[mixed.load_report["action"] == "format"]
    assert [Path(s).name for s in fmt["source"]] == ["a.txt", "b.txt", "refs.ris"]
    assert fmt["reason"].str.split(":").str[0].tolist() == [
        "read as profile", "read as profile", "read as ris"
    ]


def test_seed_pages_in_a_list_equal_read_profiles():
    pages = gp.seed_paths()
    _assert_same(gp.read(pages), gp.read_profiles(*pages))
    _assert_same(gp.read(pages[1:3]), gp.read_profiles(*pages[1:3]))


def test_a_mix_reads_as_its_parts_combined_and_as_the_command_line(tmp_path):
    pages = gp.seed_paths()[2:4]
    folder = tmp_path / "in"
    folder.mkdir()
    for p in pages:
        shutil.copy(p, folder / p.name)
    shutil.copy(RIS, folder / "refs.ris")
    _ships(folder / "ships.csv")
    (folder / ".DS_Store").write_bytes(b"\x00\x01 not a record file")  # passed over
    files = [folder / p.name for p in pages] + [folder / "refs.ris", folder / "ships.csv"]

    corpus = gp.read(files)
    parts = [
        gp.read_profiles(*files[:2]),
        gp.read_ris(files[2]),
        gp.read_authorships(files[3]),
    ]
    _assert_same(corpus, gp.concat_sources(parts))
    _assert_same(gp.read(folder), corpus)  # a folder stands for its files
    # workers= goes to the readers that take it (profile pages, RIS), not to the others
    _assert_same(gp.read(folder, workers=2), corpus)
    _assert_same(read_inputs([str(folder)], quiet=True), corpus)
    _assert_same(read_inputs([str(f) for f in files], quiet=True), corpus)
    # nothing shared between the parts: every paper of every part is there once
    assert corpus.n_papers == sum(p.n_papers for p in parts)
    ships = corpus.authorships[corpus.authorships["paper_id"] == "p1"]
    assert ships["printed_name"].tolist() == ["Ada Lovelace", "Luigi Menabrea"]
    assert corpus.papers.at["p1", "sources"] == ("ships.csv",)
    assert corpus.papers.at["p2", "year"] == 1831
    fmt = corpus.load_report[corpus.load_report["action"] == "format"]
    assert dict(zip(fmt["source"].map(lambda s: Path(s).name),
                    fmt["reason"].str.split(":").str[0], strict=True)) == {
        pages[0].name: "read as profile", pages[1].name: "read as profile",
        "refs.ris": "read as ris", "ships.csv": "read as authorships",
    }


def test_authorship_tables_are_sniffed_by_their_header(tmp_path):
    plain = _ships(tmp_path / "ships.csv")
    assert gp.sniff_format(plain)[0] == "authorships"
    upper = tmp_path / "upper.tsv"
    upper.write_text("Paper_ID\tAuthor\np1\tAda Lovelace\n", encoding="utf-8")
    assert gp.sniff_format(upper)[0] == "authorships"
    c = gp.read(upper)
    assert c.authorships["printed_name"].tolist() == ["Ada Lovelace"]
    wide = tmp_path / "wide.csv"
    wide.write_text("title,authors\nOn Engines,Ada Lovelace\n", encoding="utf-8")
    assert gp.sniff_format(wide)[0] == "csv"


def test_read_authorships_reports_bad_rows_with_file_and_line(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("paper_id,author,year\np1,Ada Lovelace,1843\n,Bob Byte,1843\n"
                 "p2,,1844\n\np1,Luigi Menabrea,1843\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("paper_id,author,year\np1,Charles Babbage,1843\np3,Mary Somerville,1831\n",
                 encoding="utf-8")
    with pytest.raises(gp.ParseError, match=r"a\.csv, line 3: row has no paper_id"):
        gp.read_authorships([a, b])
    c = gp.read_authorships([a, b], errors="skip")
    rows = c.load_report
    assert rows[["line", "action", "reason"]].values.tolist() == [
        [3, "skipped", "row has no paper_id"], [4, "skipped", "row has no author"]
    ]
    assert set(rows["source"]) == {str(a)}
    # rows sharing a paper id form one paper, across files, authors in row order
    p1 = c.authorships[c.authorships["paper_id"] == "p1"]
    assert p1["printed_name"].tolist() == ["Ada Lovelace", "Luigi Menabrea", "Charles Babbage"]
    assert c.papers.at["p1", "sources"] == ("a.csv", "b.csv")
    assert c.papers.index.tolist() == ["p1", "p3"]
    with pytest.warns(gp.ParseWarning) as warned:
        gp.read_authorships(a, errors="warn")
    assert [str(w.message) for w in warned] == [
        f"{a}, line 3: row has no paper_id", f"{a}, line 4: row has no author"
    ]
    no_author = tmp_path / "c.csv"
    no_author.write_text("paper_id,name\np1,Ada Lovelace\n", encoding="utf-8")
    with pytest.raises(gp.SchemaError, match=r"c\.csv, line 1: no author column"):
        gp.read_authorships(no_author)


def test_read_authorships_quoted_table_reads_as_the_plain_one(tmp_path):
    # quotes send the table down the row-by-row path; the result is the same
    plain = gp.read_authorships(_ships(tmp_path / "plain.csv"))
    quoted = gp.read_authorships(_ships(tmp_path / "quoted.csv", quoting=csv.QUOTE_ALL))
    for x, y in zip(_tables(plain), _tables(quoted), strict=True):
        pd.testing.assert_frame_equal(x.drop(columns="sources", errors="ignore"),
                                      y.drop(columns="sources", errors="ignore"))
    assert quoted.papers["sources"].tolist() == [("quoted.csv",)] * 2


def test_a_readers_unexpected_fault_is_a_parse_error_naming_the_file(tmp_path, monkeypatch):
    path = tmp_path / "r.ris"
    shutil.copy(RIS, path)

    def broken(path, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(ris_module, "read_ris", broken)
    with pytest.raises(gp.ParseError) as info:
        gp.read(path)
    assert str(info.value) == f"{path}: could not be read (KeyError: 'surprise')"
    assert info.value.source == str(path)
    assert isinstance(info.value.__cause__, KeyError)  # the fault itself, kept


def test_read_refuses_a_wrong_keyword_and_missing_paths(tmp_path):
    path = tmp_path / "r.ris"
    shutil.copy(RIS, path)
    with pytest.raises(TypeError):
        gp.read(path, title="TI")  # the RIS reader has no column mapping
    with pytest.raises(FileNotFoundError, match="nope.ris"):
        gp.read([path, tmp_path / "nope.ris"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="no files to read"):
        gp.read(empty)
