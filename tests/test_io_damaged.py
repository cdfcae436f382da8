"""Damaged files: every record lands in the corpus or in the load report, nothing is invented.

One test per defect class, each with variations of its own. Expected values are
read off the small inputs written here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io._common import Record, records_to_corpus
from graphlib_papers.io._errors import AccountingError, Reporter


DATA_RECORDS = Path(__file__).resolve().parent / "data" / "records"


def _rows(corpus, action=None):
    report = corpus.load_report
    if action is not None:
        report = report[report["action"] == action]
    return report


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------
# accounting
# ---------------------------------------------------------------------------
def test_accounting_lost_record_is_an_internal_error():
    rep = Reporter("skip", counted=True)
    rep.saw("a.txt", 3)
    recs = [
        Record(source="a.txt", line=1, title="One"),
        Record(source="a.txt", line=5, title="Two"),
    ]
    with pytest.raises(AccountingError, match="3 records seen but 2 accounted for"):
        records_to_corpus(recs, rep, source_format="test")


def test_accounting_counts_papers_duplicates_and_skips():
    rep = Reporter("skip", counted=True)
    rep.saw("a.txt", 4)
    rep.fail("broken", source="a.txt", line=9, records=1)
    recs = [
        Record(source="a.txt", line=1, title="One", year=2000),
        Record(source="a.txt", line=3, title="One", year=2000),  # a duplicate
        Record(source="a.txt", line=5, title="", doi=None),  # skipped: no title, no DOI
    ]
    corpus = records_to_corpus(recs, rep, source_format="test")
    assert corpus.n_papers == 1
    # the paper has no authors: a flagged row too
    assert Counter(corpus.load_report["action"]) == {"skipped": 2, "duplicate": 1, "flagged": 1}


def test_accounting_refuses_a_row_without_a_line():
    rep = Reporter("skip", counted=True)
    rep.note("flagged", "somewhere", source="a.txt", line=None)
    with pytest.raises(AccountingError, match="without a line"):
        records_to_corpus([], rep, source_format="test")


# ---------------------------------------------------------------------------
# dates outside pandas' nanosecond range, impossible dates, absurd years
# ---------------------------------------------------------------------------
def test_bibtex_1665_book_keeps_its_year(tmp_path):
    path = _write(
        tmp_path, "hooke.bib", "@book{h, title={Micrographia}, author={Robert Hooke}, year=1665}\n"
    )
    c = gp.read_bibtex(path)
    assert c.papers["year"].tolist() == [1665]
    assert c.papers["date"].isna().all()
    row = _rows(c, "flagged").iloc[0]
    assert row["line"] == 1 and "1665" in row["reason"] and "year 1665 kept" in row["reason"]


OLD = {
    "bibtex": (
        "refs.bib",
        "% header\n@article{a, title={On Air}, author={Robert Boyle}, year={1599}, month=mar}\n",
        gp.read_bibtex,
        2,
    ),
    "ris": (
        "refs.ris",
        "TY  - BOOK\nTI  - Sidereus Nuncius\nAU  - Galilei, Galileo\nPY  - 1610/03/13/\nER  - \n",
        gp.read_ris,
        1,
    ),
    "wos": (
        "savedrecs.txt",
        "FN Clarivate\nVR 1.0\nPT J\nAU Harvey, W\nTI De Motu Cordis\nPY 1628\nPD MAR 3\n"
        "ER\n\nEF\n",
        gp.read_wos,
        3,
    ),
    "medline": (
        "pubmed.txt",
        "\nPMID- 7\nTI  - An old letter.\nDP  - 1677 Sep 20\nFAU - Leeuwenhoek, Antonie\n\n",
        gp.read_medline,
        2,
    ),
    "csv": (
        "papers.csv",
        "title,authors,date\nPrincipia,Isaac Newton,1687-07-05\nOpticks,Isaac Newton,1501-02-03\n",
        lambda p, **kw: gp.read_csv(p, date="date", **kw),
        3,
    ),
    "scopus": (
        "scopus.csv",
        "Title,Authors,Year\nDialogo,Galilei G.,1632\n",
        gp.read_scopus_csv,
        2,
    ),
}


@pytest.mark.parametrize("fmt", sorted(OLD))
def test_dates_before_1677_read_by_every_reader(tmp_path, fmt):
    name, text, reader, line = OLD[fmt]
    c = reader(_write(tmp_path, name, text))  # errors="raise": no crash
    old = c.papers[c.papers["date"].isna()]
    assert len(old) == 1 and old["year"].iloc[0] <= 1677
    flagged = _rows(c, "flagged")
    assert flagged["line"].tolist() == [line]
    assert "outside the range" in flagged["reason"].iloc[0]
    assert f"year {int(old['year'].iloc[0])} kept" in flagged["reason"].iloc[0]


def test_impossible_day_is_reported_and_kept_to_the_month(tmp_path):
    text = "title,authors,date\nA,Ann Lee,2021-02-30\nB,Bo Li,1600-02-30\nC,Cy Ng,2021-13-01\n"
    c = gp.read_csv(_write(tmp_path, "p.csv", text), date="date")
    papers = c.papers.set_index("title")
    assert papers.loc["A", "date"] == pd.Timestamp("2021-02-01")
    assert papers.loc["A", "date_precision"] == "month"
    assert papers["year"].to_dict() == {"A": 2021, "B": 1600, "C": 2021}
    assert papers.loc["C", "date"] == pd.Timestamp("2021-01-01")
    reasons = dict(zip(_rows(c)["line"], _rows(c)["reason"], strict=False))
    assert "no day 30 in 2021-02" in reasons[2]
    assert "month '13' not understood" in reasons[4]
    assert set(_rows(c)["line"]) == {2, 3, 4}


def test_year_zero_and_a_5000_digit_year(tmp_path):
    text = "title,authors,date\nZero,Ann Lee,0000-01-01\n"
    c = gp.read_csv(_write(tmp_path, "p.csv", text), date="date")
    assert c.papers["year"].isna().all() and c.papers["date"].isna().all()
    assert _rows(c)["reason"].str.contains("year 0 is not a usable year").tolist() == [True]
    bib = "@misc{x, title={Big}, author={Ann Lee}, year={" + "9" * 5000 + "}}\n"
    c = gp.read_bibtex(_write(tmp_path, "big.bib", bib))
    assert c.papers["year"].isna().all()
    row = _rows(c).iloc[0]
    assert row["line"] == 1 and "5000 characters" in row["reason"]
    # a reader that hands over the year as a number (JSON): 10**5000 has 5001 digits
    rep = Reporter("skip")
    rec = Record(
        source="w.json", line=7, title="T", year=10**5000, authors=[("Ann Lee", None, None)]
    )
    c = records_to_corpus([rec], rep, source_format="test")
    assert c.papers["year"].isna().all()
    assert _rows(c)["reason"].tolist() == [
        "year <a number of about 5001 digits> is not a usable year; not kept"
    ]


def test_corpus_and_profile_pages_with_old_dates(tmp_path):
    c = gp.Corpus.from_authorships(
        pd.DataFrame({"paper_id": ["p"], "author": ["Ada Byron"], "date": ["1650-05-01"]})
    )
    assert c.papers["year"].tolist() == [1650] and c.papers["date"].isna().all()
    page = (
        "Robert Hooke\nCS\n1 papers\nCSJan 2, 1665\nMicrographia\nRobert Hooke, Ann Lee\nA book.\n"
    )
    c = gp.read_profiles(_write(tmp_path, "hooke.txt", page))
    assert c.papers["year"].tolist() == [1665] and c.papers["date"].isna().all()
    assert _rows(c, "flagged")["reason"].str.contains("1665-01-02 is outside").any()


# ---------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------
RIS_RECORD = "{ty}\nTI  - Paper {n}\nAU  - Smith, Ann{n}\nPY  - 2001\nER  - \n\n"


@pytest.mark.parametrize(
    "ty", ["TY -JOUR", "TY- JOUR", "TY-JOUR", " TY  - JOUR", "TY JOUR", "TY  JOUR"]
)
def test_ris_damaged_ty_lines_are_recovered(tmp_path, ty):
    text = "".join(RIS_RECORD.format(ty=ty if n % 2 else "TY  - JOUR", n=n) for n in range(1, 5))
    c = gp.read_ris(_write(tmp_path, "x.ris", text), errors="skip")
    assert sorted(c.papers["title"]) == ["Paper 1", "Paper 2", "Paper 3", "Paper 4"]
    assert sorted(c.authorships["printed_name"]) == [f"Ann{n} Smith" for n in range(1, 5)]
    repaired = _rows(c, "repaired")
    assert repaired["line"].tolist() == [1, 13]  # the damaged lines of records 1 and 3
    assert repaired["reason"].str.startswith("damaged tag line").all()


def test_ris_damaged_everywhere_and_no_records(tmp_path):
    text = "".join(RIS_RECORD.format(ty="TY -JOUR", n=n) for n in range(1, 4))
    c = gp.read_ris(_write(tmp_path, "x.ris", text), errors="skip")
    assert c.n_papers == 3 and len(_rows(c, "repaired")) == 3
    lost_ty = "TI  - Lost type\nAU  - Doe, Jo\nER  - \n\n" + RIS_RECORD.format(ty="TY  - JOUR", n=1)
    c = gp.read_ris(_write(tmp_path, "y.ris", lost_ty), errors="skip")
    assert sorted(c.papers["title"]) == ["Lost type", "Paper 1"]
    assert "instead of TY" in _rows(c, "repaired")["reason"].iloc[0]
    path = _write(tmp_path, "z.ris", "Provider: somebody\nthis is not RIS at all\n")
    with pytest.raises(gp.ParseError, match="no RIS record") as err:
        gp.read_ris(path)
    assert err.value.source == str(path) and err.value.line == 1
    c = gp.read_ris(path, errors="skip")
    assert c.n_papers == 0 and "no RIS record" in _rows(c, "skipped")["reason"].iloc[0]


def test_ris_record_without_er_does_not_swallow_the_next(tmp_path):
    text = "TY  - JOUR\nTI  - First\nAU  - Li, Bo\n" + RIS_RECORD.format(ty="TY  - JOUR", n=2)
    path = _write(tmp_path, "x.ris", text)
    with pytest.raises(gp.ParseError, match="not closed by ER") as err:
        gp.read_ris(path)
    assert err.value.line == 1
    c = gp.read_ris(path, errors="skip")
    assert sorted(c.papers["title"]) == ["First", "Paper 2"]
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    assert dict(zip(ships["title"], ships["printed_name"], strict=True)) == {
        "First": "Bo Li",
        "Paper 2": "Ann2 Smith",
    }


# ---------------------------------------------------------------------------
# Web of Science
# ---------------------------------------------------------------------------
WOS = "FN Clarivate Analytics Web of Science\nVR 1.0\n{records}EF\n"
WOS_REC = "PT J\nAU {au}\nTI {ti}\nPY 2017\nUT WOS:{ut}\nER\n\n"


def _wos(*recs):
    return WOS.format(records="".join(WOS_REC.format(au=a, ti=t, ut=u) for a, t, u in recs))


def test_wos_concatenated_exports_are_all_read(tmp_path):
    a = _wos(("Sun, Z", "One", 1), ("Li, B", "Two", 2))
    b = _wos(("Ng, C", "Three", 3))
    c = gp.read_wos(_write(tmp_path, "cat.txt", a + b))
    assert sorted(c.papers["title"]) == ["One", "Three", "Two"]
    second = a.count("\n") + 1
    flagged = _rows(c, "flagged")
    assert flagged["line"].tolist() == [second] and "second export" in flagged["reason"].iloc[0]
    # the first export cut before its EF, then the second one
    c = gp.read_wos(_write(tmp_path, "cut.txt", a[: a.index("EF")] + b), errors="skip")
    assert sorted(c.papers["title"]) == ["One", "Three", "Two"]


def test_wos_record_without_er_does_not_swallow_the_next(tmp_path):
    text = _wos(("Sun, Z", "One", 1), ("Li, B", "Two", 2)).replace("ER\n\nPT", "PT", 1)
    path = _write(tmp_path, "noer.txt", text)
    with pytest.raises(gp.ParseError, match="not closed by ER") as err:
        gp.read_wos(path)
    assert err.value.line == 3
    c = gp.read_wos(path, errors="skip")
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    assert sorted(zip(ships["title"], ships["printed_name"], strict=True)) == [
        ("One", "Z Sun"),
        ("Two", "B Li"),
    ]
    assert _rows(c, "repaired")["line"].tolist() == [3]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n\r"])
def test_wos_and_medline_any_line_ending(tmp_path, newline):
    text = _wos(("Sun, Z", "One", 1), ("Li, B", "Two", 2))
    c = gp.read_wos(_write(tmp_path, "w.txt", text.replace("\n", newline)), errors="skip")
    assert sorted(c.papers["title"]) == ["One", "Two"]
    med = "PMID- 1\nTI  - One.\nFAU - Smith, John\n\nPMID- 2\nTI  - Two.\nFAU - Doe, Jane\n"
    c = gp.read_medline(_write(tmp_path, "m.txt", med.replace("\n", newline)), errors="skip")
    assert sorted(c.papers["title"]) == ["One.", "Two."]


# ---------------------------------------------------------------------------
# MEDLINE
# ---------------------------------------------------------------------------
def test_medline_records_without_blank_lines_stay_apart(tmp_path):
    text = (
        "PMID- 1\nTI  - One.\nFAU - Smith, John\nFAU - Roe, Rita\n"
        "PMID- 2\nTI  - Two.\nFAU - Doe, Jane\n"
        "PMID- 3\nTI  - Three.\nFAU - Smith, John\n\n"
    )
    c = gp.read_medline(_write(tmp_path, "m.txt", text))
    assert c.n_papers == 3
    by_title = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    groups = by_title.groupby("title")["printed_name"].apply(sorted).to_dict()
    assert groups == {
        "One.": ["John Smith", "Rita Roe"],
        "Two.": ["Jane Doe"],
        "Three.": ["John Smith"],
    }
    assert c.papers["pmid"].sort_values().tolist() == ["1", "2", "3"]


def test_medline_damaged_line_keeps_its_record(tmp_path):
    text = "PMID- 1\nTI  - One.\nFAU - Smith, John\n%%garbage%%\nFAU - Roe, Rita\n\n"
    path = _write(tmp_path, "m.txt", text)
    with pytest.raises(gp.ParseError) as err:
        gp.read_medline(path)
    assert err.value.line == 4
    c = gp.read_medline(path, errors="skip")
    assert sorted(c.authorships["printed_name"]) == ["John Smith", "Rita Roe"]
    assert _rows(c, "repaired")["line"].tolist() == [4]


# ---------------------------------------------------------------------------
# BibTeX
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "head", ["@article k1,", "@article  k1 ,", "@ article{k1,", "@Article\tk1,", "  @article k1,"]
)
def test_bibtex_malformed_entry_head_is_read_and_reported(tmp_path, head):
    text = (
        "@book{k0, title={Zero}, author={Ann Lee}, year=1999}\n\n"
        f"{head}\n  title={{One}}, author={{Bo Li}}, year=2000}}\n\n"
        "@article{k2, title={Two}, author={Cy Ng}, year=2001}\n"
    )
    path = _write(tmp_path, "x.bib", text)
    with pytest.raises(gp.ParseError) as err:
        gp.read_bibtex(path)
    assert err.value.line == 3
    c = gp.read_bibtex(path, errors="skip")
    assert sorted(c.papers["title"]) == ["One", "Two", "Zero"]
    assert sorted(c.authorships["printed_name"]) == ["Ann Lee", "Bo Li", "Cy Ng"]
    assert _rows(c, "repaired")["line"].tolist() == [3]


def test_bibtex_unrecoverable_entry_is_reported(tmp_path):
    text = "@article k1, title={One} author={Bo Li}\n@article{k2, title={Two}, author={Cy Ng}}\n"
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text), errors="skip")
    assert c.papers["title"].tolist() == ["Two"]
    assert _rows(c, "skipped")["line"].tolist() == [1]


@pytest.mark.parametrize(
    "authors",
    [
        "Carol C and and Dave D",
        "Carol C AND and Dave D",
        "and Carol C and Dave D",
        "Carol C and Dave D and",
        "Carol C and  and and Dave D",
    ],
)
def test_bibtex_empty_names_are_not_invented(tmp_path, authors):
    text = f"@article{{k, title={{T}}, author={{{authors}}}, year=2001}}\n"
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text))
    assert c.authorships["printed_name"].tolist() == ["Carol C", "Dave D"]
    row = _rows(c, "flagged").iloc[0]
    assert row["line"] == 1 and "empty name" in row["reason"]


def test_bibtex_and_inside_braces_is_one_name(tmp_path):
    text = "@misc{k, title={T}, author={{Barnes and Noble} and Ann Lee}, year=2001}\n"
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text))
    assert c.authorships["printed_name"].tolist() == ["Barnes and Noble", "Ann Lee"]
    assert c.load_report.empty


def test_bibtex_malformed_string_macro_is_not_a_title(tmp_path):
    text = (
        '@string{cool =  and Cool"}\n'
        '@string{stuff = "Stuff"}\n'
        '@string{mytitle = cool # " " # stuff}\n'
        "@misc{k, title = mytitle, author = {Ann Lee}, year = 2001}\n"
        '@misc{j, title = stuff # " two", author = {Bo Li}, year = 2002}\n'
    )
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text))
    titles = c.papers.set_index("year")["title"]
    assert "and Cool" not in titles.loc[2001]  # the broken macro is not read as text
    assert titles.loc[2002] == "Stuff two"  # a well-formed macro still resolves
    rows = _rows(c, "flagged")
    assert rows["line"].tolist() == [1, 4]
    assert "malformed @string 'cool'" in rows["reason"].iloc[0]
    assert "undefined macro" in rows["reason"].iloc[1]


def test_bibtex_value_without_braces_is_left_out_not_read_as_text(tmp_path):
    text = (
        "@misc{a, author = {Ann Lee}, title =  and An amazing title}, year = 2001}\n"
        "@misc{b, author = {Bo Li}, title = {Fine}, month = mar # \"~1\", year = 2002}\n"
        "@misc{c, author = {Cy Ng}, title = notamacro, year = 2003}\n"
    )
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text), errors="skip")
    titles = c.papers.set_index("year")["title"].to_dict()
    assert titles == {2002: "Fine", 2003: "notamacro"}  # record a has no title left
    rows = c.load_report.sort_values("line")
    first = rows[rows["line"] == 1]["reason"].tolist()
    assert any("not in braces or quotes" in r for r in first)
    assert any("no title" in r for r in first)  # and the record is reported, not lost
    assert rows[rows["line"] == 2].empty  # "mar" is a predefined macro
    assert "undefined macro" in rows[rows["line"] == 3]["reason"].iloc[0]


def test_bibtex_escaped_brace_does_not_stay_in_a_name(tmp_path):
    text = "@misc{a, author = {Jean C{\\'e}sar{\\}u} and Bo Li}, title = {T}, year = 2001}\n"
    c = gp.read_bibtex(_write(tmp_path, "x.bib", text))
    assert c.authorships["printed_name"].tolist() == ["Jean Césaru", "Bo Li"]
    row = _rows(c, "flagged").iloc[0]
    assert row["line"] == 1 and "brace in the name" in row["reason"]


def test_medline_indented_field_line_is_a_field(tmp_path):
    text = (
        "PMID- 1\nTI  - A first\n      AB-initio DNA- and RNA\nAU  - Lee A\n\n"
        "PMID- 2\nTI  - A second\n    PMID- 3\nTI  - A third\nAU  - Kim B\n"
    )
    c = gp.read_medline(_write(tmp_path, "x.txt", text), errors="skip")
    assert sorted(c.papers["title"]) == ["A first AB-initio DNA- and RNA", "A second", "A third"]
    repaired = _rows(c, "repaired")
    assert repaired["line"].tolist() == [8] and "PMID- 3" in repaired["reason"].iloc[0]


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------
def test_csv_unterminated_quote_is_reported_and_the_rest_read(tmp_path):
    rows = "".join(f"Paper {n},Author {n},2001\n" for n in range(3, 40))
    text = 'title,authors,year\nPaper 1,Author 1,2000\n"Paper 2,Author 2,2000\n' + rows
    path = _write(tmp_path, "x.csv", text)
    with pytest.raises(gp.ParseError, match="malformed CSV row") as err:
        gp.read_csv(path, year="year")
    assert err.value.line == 3
    c = gp.read_csv(path, year="year", errors="skip")
    assert sorted(c.papers["title"]) == sorted(f"Paper {n}" for n in range(1, 40) if n != 2)
    assert c.authorships["printed_name"].str.len().max() < 20  # no swallowed author cell
    row = _rows(c, "skipped").iloc[0]
    assert row["line"] == 3 and "37 lines after it are read again" in row["reason"]
    # the quote opened in the last column
    text = 'title,authors,year\nPaper 1,Author 1,"2000\n' + rows
    c = gp.read_csv(_write(tmp_path, "y.csv", text), year="year", errors="skip")
    assert c.n_papers == 37 and _rows(c, "skipped")["line"].tolist() == [2]
    # a quote closed many lines later, so the row parses: the swallowed rows are seen
    text = 'title,authors,year\nPaper 1,"Author 1,2000\n' + rows + 'Last,Author",2002\n'
    c = gp.read_csv(_write(tmp_path, "z.csv", text), year="year", errors="skip")
    assert len(c.papers) == 38 and "Paper 39" in set(c.papers["title"])
    assert _rows(c, "skipped")["line"].tolist() == [2]


def test_csv_multiline_cells_are_not_mistaken_for_a_broken_quote(tmp_path):
    text = (
        'title,authors,abstract\nA,Ann Lee,"line one\nline two, with a comma\nthree"\nB,Bo Li,x\n'
    )
    c = gp.read_csv(_write(tmp_path, "x.csv", text), abstract="abstract")
    assert sorted(c.papers["title"]) == ["A", "B"] and c.load_report.empty


def test_csv_invalid_utf8_anywhere_is_reported(tmp_path):
    good = "".join(f"Paper {n},Ann Lee{n},2001\n" for n in range(3000))
    assert len(good) > 65536
    raw = ("title,authors,year\n" + good).encode() + "Late,Jürgen Müller,2002\n".encode("latin-1")
    path = _write(tmp_path, "x.csv", raw)
    with pytest.raises(gp.ParseError, match="not valid UTF-8") as err:
        gp.read_csv(path)
    assert err.value.line == 3002
    c = gp.read_csv(path, errors="skip")
    assert "Jürgen Müller" in set(c.authorships["printed_name"])
    assert not c.authorships["printed_name"].str.contains("\ufffd").any()
    assert _rows(c, "repaired")["line"].tolist() == [3002]


@pytest.mark.parametrize("header", ["title,authors,title", "title,authors,year,authors "])
def test_csv_duplicate_header_names_are_refused(tmp_path, header):
    path = _write(tmp_path, "x.csv", header + "\nA,Ann Lee,B,C\n")
    with pytest.raises(gp.SchemaError, match="appears twice") as err:
        gp.read_csv(path, errors="skip")
    assert str(path) in str(err.value)


# ---------------------------------------------------------------------------
# empty files: one rule for every reader
# ---------------------------------------------------------------------------
EMPTY = {
    "bibtex": ("x.bib", gp.read_bibtex),
    "ris": ("x.ris", gp.read_ris),
    "wos": ("x.txt", gp.read_wos),
    "medline": ("x.medline", gp.read_medline),
    "csv": ("x.csv", gp.read_csv),
    "scopus": ("x.csv", gp.read_scopus_csv),
    "openalex": ("x.json", gp.read_openalex),
    "openalex-lines": ("x.jsonl", gp.read_openalex),
    "arxiv": ("x.xml", gp.read_arxiv_atom),
    "dblp": ("x.xml", gp.read_dblp_xml),
    "profile": ("x.txt", gp.read_profiles),
    "read": ("x.txt", gp.read),
}


@pytest.mark.parametrize("fmt", sorted(EMPTY))
@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf\n"])
def test_empty_files_one_rule(tmp_path, fmt, content):
    name, reader = EMPTY[fmt]
    path = _write(tmp_path, name, content)
    with pytest.raises(gp.ParseError, match="empty file") as err:
        reader(path)
    assert err.value.source == str(path) and err.value.line == 1
    with pytest.warns(gp.io._errors.ParseWarning, match="empty file"):
        c = reader(path, errors="warn")
    assert c.n_papers == 0
    row = _rows(c, "skipped").iloc[0]
    assert row["line"] == 1 and "empty file" in row["reason"]


def test_csv_stray_quote_in_a_row_that_is_not_utf8(tmp_path):
    # the row's report text held the undecodable byte as a surrogate escape, which made
    # building the load report fail (UnicodeEncodeError) instead of reading the file
    path = tmp_path / "a.csv"
    path.write_bytes(b'title,authors\nOn "engines\xe9,Ada Byron\nSecond,Charles Babbage\n')
    c = gp.read_csv(path, errors="skip")
    assert sorted(c.papers["title"]) == ["On engines\u00e9", "Second"]
    stray = c.load_report[c.load_report["reason"].str.startswith("stray quote")]
    assert stray["line"].tolist() == [2]
    assert "engines\u00e9" in stray["record"].iloc[0]  # the byte read as Windows-1252


def test_load_report_text_with_a_lone_surrogate_is_shown_not_fatal():
    rep = Reporter("skip")
    rep.fail("bad", source="a.txt", line=3, record="x" + chr(0xDC80) + chr(0xD800), records=1)
    assert rep.frame()["record"].tolist() == ["x\ufffd\ufffd"]


# ---------------------------------------------------------------------------
# text that is not UTF-8: read as Windows-1252, as Windows programs write it
# ---------------------------------------------------------------------------
#: one record per format, written in Windows-1252: an apostrophe (0x92) in a name, an
#: en dash (0x96) and curly quotes (0x93, 0x94) in the title, é (0xe9) in both
WINDOWS = {
    "bibtex": ("refs.bib", "@article{a, title={Heat \u2013 a \u201cnew\u201d theory},"
               " author={Se\u00e1n O\u2019Brien and Ren\u00e9e Ad\u00e8s}, year={1999}}\n",
               gp.read_bibtex),
    "ris": ("refs.ris", "TY  - JOUR\nTI  - Heat \u2013 a \u201cnew\u201d theory\n"
            "AU  - O\u2019Brien, Se\u00e1n\nAU  - Ad\u00e8s, Ren\u00e9e\nPY  - 1999\nER  - \n",
            gp.read_ris),
    "wos": ("savedrecs.txt", "FN Clarivate\nVR 1.0\nPT J\nAU O'Brien, S\n   Ades, R\nAF O\u2019Brien, Se\u00e1n\n"
            "   Ad\u00e8s, Ren\u00e9e\nTI Heat \u2013 a \u201cnew\u201d theory\nPY 1999\nER\n\nEF\n",
            gp.read_wos),
    "medline": ("pubmed.txt", "\nPMID- 7\nTI  - Heat \u2013 a \u201cnew\u201d theory\nDP  - 1999\n"
                "FAU - O\u2019Brien, Se\u00e1n\nFAU - Ad\u00e8s, Ren\u00e9e\n\n", gp.read_medline),
    "csv": ("papers.csv", "title,authors,year\n\"Heat \u2013 a \u201cnew\u201d theory\","
            "Se\u00e1n O\u2019Brien; Ren\u00e9e Ad\u00e8s,1999\n",
            lambda p, **kw: gp.read_csv(p, author_sep=";", **kw)),
}


@pytest.mark.parametrize("fmt", sorted(WINDOWS))
def test_windows_1252_text_is_read_as_its_characters(tmp_path, fmt):
    name, text, reader = WINDOWS[fmt]
    c = reader(_write(tmp_path, name, text, encoding="cp1252"), errors="skip")
    assert c.papers["title"].tolist() == ["Heat \u2013 a \u201cnew\u201d theory"]
    names = set(c.authorships["printed_name"])
    assert {"Se\u00e1n O\u2019Brien", "O\u2019Brien, Se\u00e1n"} & names
    assert not any(0x80 <= ord(ch) <= 0x9F for n in names for ch in n)  # no C1 controls
    repaired = _rows(c, "repaired")
    assert "Windows-1252" in repaired["reason"].iloc[0] and repaired["line"].iloc[0] >= 1


def test_bytes_windows_1252_leaves_undefined_read_as_latin1(tmp_path):
    path = _write(tmp_path, "a.csv", b"title,authors\nA\x81B \x92s,Ada Byron\n")
    c = gp.read_csv(path, errors="skip")
    assert c.papers["title"].tolist() == ["A\x81B \u2019s"]


# ---------------------------------------------------------------------------
# UTF-16 and UTF-32 files (Excel's "Unicode text", Notepad's "Unicode")
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("fmt", sorted(WINDOWS))
def test_utf16_and_utf32_files_read_as_their_utf8_twins(tmp_path, fmt, encoding):
    name, text, reader = WINDOWS[fmt]
    plain = reader(_write(tmp_path, name, text), errors="skip")
    (tmp_path / "wide").mkdir()
    wide = reader(_write(tmp_path / "wide", name, text, encoding=encoding), errors="skip")
    cols = ["title", "year", "doi"]
    pd.testing.assert_frame_equal(wide.papers[cols].reset_index(drop=True),
                                  plain.papers[cols].reset_index(drop=True))
    assert wide.authorships["printed_name"].tolist() == plain.authorships["printed_name"].tolist()
    assert plain.papers["title"].tolist() == ["Heat \u2013 a \u201cnew\u201d theory"]
    rows = _rows(wide, "repaired")
    if encoding in ("utf-16-le", "utf-16-be"):  # no byte-order mark: said to be inferred
        assert rows["reason"].tolist() == [
            f"no byte-order mark, but every other byte is NUL: read as {encoding.upper()}"]
        assert rows["line"].tolist() == [1]
    else:
        assert rows.empty


def test_profile_page_in_utf16_is_the_page(tmp_path):
    page = "LGJan 2, 2021\nSparse GraphsAda Byron, Alan Turing\nAn abstract.\n"
    plain = gp.read_profiles(_write(tmp_path, "a.txt", page), errors="skip")
    wide = gp.read_profiles(_write(tmp_path, "b.txt", page, encoding="utf-16"), errors="skip")
    assert wide.papers["title"].tolist() == plain.papers["title"].tolist() == ["Sparse Graphs"]
    assert sorted(wide.authorships["printed_name"]) == ["Ada Byron", "Alan Turing"]


@pytest.mark.parametrize("fmt", ["ris", "csv", "bibtex"])
def test_invalid_utf16_code_units_are_replaced_and_reported(tmp_path, fmt):
    name, text, reader = WINDOWS[fmt]
    raw = text.encode("utf-16-le")
    at = raw.index("theory".encode("utf-16-le"))
    raw = b"\xff\xfe" + raw[:at] + b"\x00\xd8" + raw[at:]  # a lone high surrogate
    c = reader(_write(tmp_path, name, raw), errors="skip")
    assert c.papers["title"].tolist() == ["Heat \u2013 a \u201cnew\u201d \ufffdtheory"]
    bad = _rows(c, "repaired")
    assert bad["reason"].str.contains("not valid UTF-16").tolist() == [True]
    assert bad["line"].iloc[0] <= text[: text.index("theory")].count("\n") + 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_openalex_json_in_utf16_is_read(tmp_path, encoding):
    work = {"id": "https://openalex.org/W1", "title": "Heat \u2013 a theory",
            "authorships": [{"author": {"display_name": "Ren\u00e9e Ad\u00e8s"}}]}
    lines = _write(tmp_path, "w.jsonl", json.dumps(work) + "\n", encoding=encoding)
    doc = _write(tmp_path, "w.json", json.dumps([work]), encoding=encoding)
    for path in (lines, doc):
        c = gp.read_openalex(path, errors="skip")
        assert c.papers["title"].tolist() == ["Heat \u2013 a theory"]
        assert c.authorships["printed_name"].tolist() == ["Ren\u00e9e Ad\u00e8s"]
        assert len(_rows(c, "repaired")) == (encoding == "utf-16-le")


def test_csv_header_names_with_odd_white_space_are_matched(tmp_path):
    # spreadsheets write no-break spaces, tabs and doubled spaces into column names
    ieee = (DATA_RECORDS / "litstudy" / "ieee.csv").read_text(encoding="utf-8-sig")
    first, rest = ieee.split("\n", 1)
    odd = first.replace("Document Title", "Document\tTitle").replace(
        "Author Affiliations", "Author  Affiliations").replace(
        "Publication Title", " Publication\u00a0Title")
    assert gp.sniff_format(_write(tmp_path, "head.csv", odd + "\n" + rest))[0] == "ieee"
    plain = gp.read(_write(tmp_path, "plain.csv", ieee), errors="skip")
    moved = gp.read(_write(tmp_path, "odd.csv", odd + "\n" + rest), errors="skip")
    pd.testing.assert_frame_equal(moved.papers.drop(columns="sources"),
                                  plain.papers.drop(columns="sources"))
    assert moved.n_papers == plain.n_papers > 0
    # a column named in the call is matched the same way
    table = _write(tmp_path, "t.csv", "Paper\u00a0Title,Author  List\nOn engines,Ada Byron\n")
    c = gp.read_csv(table, title="Paper Title", authors="Author List")
    assert c.papers["title"].tolist() == ["On engines"]


# ---------------------------------------------------------------------------
# CSV exports of reference managers and databases (their headers as they write them)
# ---------------------------------------------------------------------------
ZOTERO = (
    '"Key","Item Type","Publication Year","Author","Title","Publication Title","DOI",'
    '"Abstract Note","Manual Tags","Automatic Tags"\n'
    '"AB12","journalArticle","2019","Smith, John; Lee, Ann","Graph things",'
    '"Journal of Graphs","10.1000/xyz","An abstract.","graphs; things",""\n'
    '"CD34","conferencePaper","2020","Lee, Ann; Park, Min-Ji","Other things",'
    '"Proc. of Things","","","",""\n'
)
DIMENSIONS = (
    '"About the data: Exported on Dec 01, 2026. Criteria: Text search for ""graphs""."\n'
    '"Rank","Publication ID","DOI","Title","Abstract","Source title","PubYear","Authors"\n'
    '"1","pub.1","10.1000/abc","Graph things","An abstract.","Journal of Graphs","2019",'
    '"Smith, John; Lee, Ann"\n'
    '"2","pub.2","10.1000/def","Other things","","Proc. of Things","2020",'
    '"Lee, Ann; Park, Min-Ji"\n'
)


def _export(tmp_path, kind, text, errors):
    """The corpus of an export of the two papers above, read by `gp.read`, and its papers
    by title; the export recognised, the authors of each paper in order, Ann Lee one
    author on both."""
    path = _write(tmp_path, f"{kind}.csv", text)
    assert gp.sniff_format(path)[0] == kind
    c = gp.read(path, errors=errors)
    by_paper = c.authorships.groupby("paper_id")["printed_name"].agg(list)
    assert sorted(by_paper) == [["Ann Lee", "Min-Ji Park"], ["John Smith", "Ann Lee"]]
    assert c.n_authors == 3  # Ann Lee on both papers is one author
    return c, c.papers.set_index("title")


@pytest.mark.parametrize(("kind", "text"), [("zotero", ZOTERO), ("dimensions", DIMENSIONS)])
def test_zotero_and_dimensions_csv_exports(tmp_path, kind, text):
    c, papers = _export(tmp_path, kind, text, "skip")
    assert papers.loc["Graph things", ["year", "venue"]].tolist() == [2019, "Journal of Graphs"]
    assert papers.loc["Other things", "year"] == 2020
    notes = _rows(c, "flagged")
    if kind == "dimensions":  # the note above the header is no row, and it is said
        assert notes["line"].tolist() == [1]
        assert notes["reason"].iloc[0].startswith("line 1 is a note above the header")
    else:
        assert notes.empty


def test_csv_column_names_found_in_another_case(tmp_path):
    path = _write(tmp_path, "t.csv", "Title,Authors,Year\nOn engines,Ada Byron,1843\n")
    c = gp.read_csv(path, year="year")  # "title", "authors" and "year" as named
    assert c.papers[["title", "year"]].values.tolist() == [["On engines", 1843]]
    both = _write(tmp_path, "u.csv", "Title,title,authors\nA,B,Ada Byron\n")
    assert gp.read_csv(both).papers["title"].tolist() == ["B"]  # the exact name first


def test_a_one_column_table_is_not_taken_for_a_note(tmp_path):
    path = _write(tmp_path, "t.csv", "title\nOn engines\nNotes\n")
    with pytest.raises(gp.SchemaError, match="no authors column"):
        gp.read_csv(path)


LENS = (
    "Lens ID,Title,Date Published,Publication Year,Publication Type,Source Title,Author/s,"
    "Abstract,Keywords,DOI\n"
    "000-111,Graph things,2019-03-01,2019,journal article,Journal of Graphs,"
    "John Smith; Ann Lee,An abstract.,graphs; things,10.1000/abc\n"
    "000-222,Other things,2020-01-01,2020,conference proceedings,Proc. of Things,"
    "Ann Lee; Min-Ji Park,,,10.1000/def\n"
)
OPENALEX_CSV = (
    "id,doi,title,display_name,publication_year,primary_location.source.display_name,"
    "authorships.author.id,authorships.author.display_name\n"
    "https://openalex.org/W1,https://doi.org/10.1000/abc,Graph things,Graph things,2019,"
    "Journal of Graphs,https://openalex.org/A1|https://openalex.org/A2,John Smith|Ann Lee\n"
    "https://openalex.org/W2,https://doi.org/10.1000/def,Other things,Other things,2020,"
    "Proc. of Things,https://openalex.org/A2|https://openalex.org/A3,Ann Lee|Min-Ji Park\n"
)


@pytest.mark.parametrize(("kind", "text"), [("lens", LENS), ("openalex_csv", OPENALEX_CSV)])
def test_lens_and_openalex_csv_exports(tmp_path, kind, text):
    _, papers = _export(tmp_path, kind, text, "raise")
    assert papers.loc["Graph things", ["year", "venue", "doi"]].tolist() == [
        2019, "Journal of Graphs", "10.1000/abc"]


# ---------------------------------------------------------------------------
# compressed files (gzip, bzip2, xz), whole or cut off
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("packer", ["gzip", "bz2", "lzma"])
@pytest.mark.parametrize("fmt", sorted(WINDOWS))
def test_compressed_files_read_as_the_files_they_hold(tmp_path, fmt, packer):
    import importlib

    name, text, reader = WINDOWS[fmt]
    plain = reader(_write(tmp_path, name, text), errors="raise")
    packed = importlib.import_module(packer).compress(text.encode("utf-8"))
    (tmp_path / "z").mkdir()
    path = _write(tmp_path / "z", name + {"gzip": ".gz", "bz2": ".bz2", "lzma": ".xz"}[packer],
                  packed)
    assert gp.sniff_format(path)[0] == gp.sniff_format(tmp_path / name)[0]
    c = gp.read(path, errors="raise")  # nothing to repair
    assert c.papers["title"].tolist() == plain.papers["title"].tolist()
    assert c.authorships["printed_name"].tolist() == plain.authorships["printed_name"].tolist()


def test_a_gzip_file_cut_off_keeps_the_records_before_the_cut(tmp_path):
    import gzip

    records = "".join(f"TY  - JOUR\nTI  - Paper {i}\nAU  - Byron, Ada\nPY  - 2001\nER  - \n\n"
                      for i in range(200))
    packed = gzip.compress(records.encode())
    path = _write(tmp_path, "refs.ris.gz", packed[: len(packed) // 2])
    c = gp.read_ris(path, errors="skip")
    assert 0 < c.n_papers < 200
    titles = set(c.papers["title"])
    assert titles == {f"Paper {i}" for i in range(c.n_papers)}  # the first ones, none made up
    cut = _rows(c)[_rows(c)["reason"].str.startswith("gzip file cut off")]
    assert len(cut) == 1 and cut["action"].iloc[0] == "skipped"
    with pytest.raises(gp.ParseError, match="gzip file cut off"):
        gp.read_ris(path)


@pytest.mark.parametrize("packer", ["gzip", "bz2", "lzma"])
def test_openalex_json_lines_compressed_any_way(tmp_path, packer):
    import importlib

    work = {"id": "https://openalex.org/W1", "title": "Heat",
            "authorships": [{"author": {"display_name": "Ren\u00e9e Ad\u00e8s"}}]}
    raw = importlib.import_module(packer).compress((json.dumps(work) + "\n").encode())
    c = gp.read(_write(tmp_path, "works.jsonl.z", raw), errors="raise")
    assert c.papers["title"].tolist() == ["Heat"]
    assert c.authorships["printed_name"].tolist() == ["Ren\u00e9e Ad\u00e8s"]


def test_semicolon_delimited_csv_as_european_spreadsheets_write_it(tmp_path):
    comma = "Title,Authors,Year\nOn engines,\"Byron, Ada; Babbage, Charles\",1843\nNotes,Ada Byron,1843\n"
    semi = "Title;Authors;Year\nOn engines;\"Byron, Ada; Babbage, Charles\";1843\nNotes;Ada Byron;1843\n"
    a = gp.read(_write(tmp_path, "comma.csv", comma), errors="raise")
    b = gp.read(_write(tmp_path, "semi.csv", semi), errors="raise")
    pd.testing.assert_frame_equal(a.papers.drop(columns="sources"), b.papers.drop(columns="sources"))
    assert b.authorships["printed_name"].tolist() == a.authorships["printed_name"].tolist()
    assert sorted(set(b.authorships["printed_name"])) == ["Ada Byron", "Charles Babbage"]
    # an export's preset is recognised through its semicolons too
    ieee = (DATA_RECORDS / "litstudy" / "ieee.csv").read_text(encoding="utf-8-sig")
    import csv as _csv
    import io as _io
    rows = list(_csv.reader(_io.StringIO(ieee)))
    out = _io.StringIO()
    _csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path = _write(tmp_path, "ieee_semi.csv", out.getvalue())
    assert gp.sniff_format(path)[0] == "ieee"
    assert gp.read(path, errors="skip").n_papers == gp.read(
        _write(tmp_path, "ieee.csv", ieee), errors="skip").n_papers > 0
