"""Shapes found in real exports: several names on one RIS author line, Web of Science
patronymic initials after a comma, MEDLINE group authors (CN) and their addresses.
Each is checked on the whole-file reading and on the line-by-line reading."""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io import _tagged
from graphlib_papers.io._common import invert_name, invert_names


@pytest.fixture(params=["whole file", "line by line"])
def reading(request, monkeypatch):
    if request.param == "line by line":
        monkeypatch.setattr(_tagged, "chunk_lines", lambda raw, first, last: None)
    return request.param


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


RIS_JOINED = """TY  - JOUR
AU  - Elliot, T; Almenar, JB; Rugani, B
TI  - Impacts of policy on urban energy metabolism
PY  - 2020
ER  - 

TY  - JOUR
AU  - Sugiyono; Dewancker, BJ
AU  - Rugani, B
TI  - Thermal comfort of houses
PY  - 2019
ER  - 

TY  - JOUR
AU  - Rugani, B;
TI  - A single name with a stray semicolon
PY  - 2018
ER  - 
"""


def test_ris_author_line_with_several_names_gives_several_authors(tmp_path, reading):
    c = gp.read_ris(_write(tmp_path, "a.ris", RIS_JOINED))
    titles = c.papers["title"]
    got = {
        titles[pid]: list(g.sort_values("position")["printed_name"])
        for pid, g in c.authorships.groupby("paper_id")
    }
    assert got == {
        "Impacts of policy on urban energy metabolism": ["T Elliot", "JB Almenar", "B Rugani"],
        "Thermal comfort of houses": ["Sugiyono", "BJ Dewancker", "B Rugani"],
        "A single name with a stray semicolon": ["B Rugani"],
    }
    flagged = c.load_report[c.load_report["action"] == "flagged"]
    # one row per line that held several names, at its record's first line
    assert list(flagged["line"]) == [1, 7]
    assert "3 names separated by ';'" in flagged["reason"].iloc[0]
    assert "2 names" in flagged["reason"].iloc[1]
    # the three mentions of Rugani are one author
    assert c.authorships.loc[c.authorships["printed_name"] == "B Rugani", "author_id"].nunique() == 1


def test_wos_initials_after_a_second_comma_are_given_names(tmp_path, reading):
    text = "\n".join([
        "FN Clarivate Analytics Web of Science", "VR 1.0",
        "PT J", "AU Fedotovich, GV", "AF Fedotovich, G., V", "TI A", "PY 2021",
        "DI 10.1016/j.nima.2021.165761", "ER", "",
        "PT J", "AU Fedotovich, GV", "AF Fedotovich, G. V.", "TI B", "PY 2020",
        "DI 10.1134/S1063778820050208", "ER", "",
        "PT J", "AU Roach, M", "AF Roach, Mack, III", "TI C", "PY 2019", "DI 10.1/c", "ER", "",
        "EF", ""])
    c = gp.read_wos(_write(tmp_path, "savedrecs.txt", text))
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    names = dict(zip(ships["title"], ships["printed_name"], strict=True))
    assert names == {"A": "G. V Fedotovich", "B": "G. V. Fedotovich", "C": "Mack Roach III"}
    assert ships.loc[ships["title"] != "C", "author_id"].nunique() == 1  # one person


@pytest.mark.parametrize("name, expected", [
    ("Fedotovich, G., V", "G. V Fedotovich"),
    ("Yudin, Yu, V.", "Yu V. Yudin"),
    ("Lee, A.-M., K.", "A.-M. K. Lee"),
    ("Roach, Mack, III", "Mack Roach III"),      # a suffix stays a suffix
    ("Thames, Howard, Jr.", "Howard Thames Jr."),
    ("Fedotovich, G., V, Jr.", "G. V Fedotovich Jr."),
    ("Smith, John, MD", "John Smith MD"),         # "MD" is no initial: left as printed
    ("Smith, John, PhD", "John Smith PhD"),
])
def test_invert_name_reads_initials_after_the_given_name(name, expected):
    assert invert_name(name) == expected
    assert invert_names([name, "Sun, Zhiwei"]) == [expected, "Zhiwei Sun"]


MEDLINE_CN = """PMID- 30898391
DP  - 2019 May
TI  - Genome-wide association studies in east Asian women.
FAU - Shu, Xiao-Ou
AU  - Shu XO
AD  - Vanderbilt University Medical Center, Nashville, TN, USA.
FAU - Sieh, Weiva
AU  - Sieh W
CN  - Australian Ovarian Cancer Study Group
AD  - Peter MacCallum Cancer Institute, Melbourne, Australia.
AUID- ORCID: 0000-0002-1825-0097
FAU - Thompson, Pamela J
AU  - Thompson PJ
AD  - Cedars-Sinai Medical Center, Los Angeles, CA, USA.

PMID- 30898392
DP  - 2019 May
TI  - A second paper.
CN  - Ovarian Cancer Association Consortium
AD  - University of Cambridge, Cambridge, UK.
FAU - Sieh, Weiva
AU  - Sieh W
"""


def test_medline_address_after_a_group_author_is_not_the_person_before(tmp_path, reading):
    c = gp.read_medline(_write(tmp_path, "pubmed.nbib", MEDLINE_CN))
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    ships = ships.sort_values(["title", "position"])
    got = [(t, n, a if isinstance(a, str) else None) for t, n, a in
           zip(ships["title"], ships["printed_name"], ships["affiliation"], strict=True)]
    assert got == [
        ("A second paper.", "Weiva Sieh", None),
        ("Genome-wide association studies in east Asian women.", "Xiao-Ou Shu",
         "Vanderbilt University Medical Center"),
        ("Genome-wide association studies in east Asian women.", "Weiva Sieh", None),
        ("Genome-wide association studies in east Asian women.", "Pamela J Thompson",
         "Cedars-Sinai Medical Center"),
    ]
    assert "author_key" not in c.authorships or c.authorships["author_key"].isna().all()
    labs = dict(zip(c.papers["title"], c.papers["labs"], strict=True))
    assert labs["A second paper."] == ()


def test_wos_early_access_record_takes_its_year_from_ea_and_says_so(tmp_path, reading):
    text = "\n".join([
        "FN Clarivate Analytics Web of Science", "VR 1.0",
        "PT J", "AU Sun, Z", "TI Early", "EA OCT 2021", "DI 10.1/early", "ER", "",
        "PT J", "AU Sun, Z", "TI Issued", "PY 2020", "PD MAR 15", "EA JAN 2020", "DI 10.1/issued",
        "ER", "",
        "PT J", "AU Sun, Z", "TI Undated", "DI 10.1/undated", "ER", "",
        "EF", ""])
    c = gp.read_wos(_write(tmp_path, "savedrecs.txt", text))
    p = c.papers.set_index("title")
    assert p.loc["Early", "year"] == 2021
    assert p.loc["Early", "date"] == pd.Timestamp("2021-10-01")
    assert p.loc["Early", "date_precision"] == "month"
    assert p.loc["Issued", "year"] == 2020  # PY wins over EA
    assert p.loc["Issued", "date"] == pd.Timestamp("2020-03-15")
    assert pd.isna(p.loc["Undated", "year"])
    flagged = c.load_report[c.load_report["action"] == "flagged"]
    assert list(flagged["line"]) == [3]  # the early-access record, at its first line
    assert "EA 'OCT 2021'" in flagged["reason"].iloc[0]


RIS_ADDRESSES = """TY  - JOUR
AU  - Lee, Ann
AU  - Kim, Bo
AD  - Department of Physics, University of Tokyo,
  Tokyo, Japan
AD  - Institut Curie, Paris, France
AD  - Department of Physics, University of Tokyo, Tokyo, Japan
TI  - A paper with three address lines
PY  - 2020
ER  - 

TY  - JOUR
AU  - Lee, Ann
AD  - Institut Curie, Paris, France
TI  - A paper with one
PY  - 2021
ER  - 

TY  - JOUR
AU  - Lee, Ann
TI  - A paper with none
PY  - 2022
ER  - 
"""


def test_ris_every_address_line_gives_its_lab(tmp_path, reading):
    # Web of Science and Scopus RIS exports write one AD line per address; rispy keeps
    # a record's first, the reader keeps them all (a continuation line stays part of
    # its address), each institution once
    c = gp.read_ris(_write(tmp_path, "a.ris", RIS_ADDRESSES))
    labs = dict(zip(c.papers["title"], c.papers["labs"], strict=True))
    assert labs == {
        "A paper with three address lines": ("University of Tokyo", "Institut Curie"),
        "A paper with one": ("Institut Curie",),
        "A paper with none": (),
    }
    assert c.load_report.empty


BIB_SCOPUS = r"""@ARTICLE{Smith2021,
author={Smith, J. and Lee, A.},
title={Urban energy -- a review},
journal={Energy Policy},
year={2021},
doi={10.1016/j.enpol.2021--0042},
funding_details={National Science Foundation, NSF},
funding_details={European Research Council, ERC},
document_type={Article},
}

@ARTICLE{Park2020,
author={Park, B.},
title={Second},
journal={Energy Policy},
year={2020},
}
"""


@pytest.mark.parametrize("errors", ["raise", "skip"])
def test_bibtex_entry_with_a_field_given_twice_is_read(tmp_path, errors):
    # Scopus BibTeX exports repeat funding_details; bibtexparser fails such an entry, the
    # reader keeps it (first value of the field) with a repaired row, and does not raise
    c = gp.read_bibtex(_write(tmp_path, "scopus.bib", BIB_SCOPUS), errors=errors)
    assert sorted(c.papers["title"]) == ["Second", "Urban energy – a review"]
    one = c.papers.index[c.papers["title"] != "Second"][0]
    assert c.authorships.loc[c.authorships["paper_id"] == one, "printed_name"].tolist() == [
        "J. Smith", "A. Lee"]
    assert c.papers.loc[one, "doi"] == "10.1016/j.enpol.2021--0042"  # a DOI is not LaTeX
    rows = c.load_report[["line", "action", "reason"]].values.tolist()
    assert rows == [[1, "repaired", "field 'funding_details' given more than once in the "
                                    "entry; the first value kept"]]


BIB_TEX_SIGNS = r"""@article{k1,
  author = {Knuth, D.~E. and Lamport, Leslie},
  title = {Ties~and dashes -- a study --- of ``quotes'' and !`Hola!},
  journal = "Proc.~of the 10th Meeting",
  year = {1984},
}
"""


def test_bibtex_ties_dashes_and_quotes_are_printed_as_latex_prints_them(tmp_path):
    c = gp.read_bibtex(_write(tmp_path, "tex.bib", BIB_TEX_SIGNS))
    assert c.papers["title"].tolist() == ["Ties and dashes – a study — of “quotes” and ¡Hola!"]
    assert c.papers["venue"].tolist() == ["Proc. of the 10th Meeting"]
    assert c.authorships["printed_name"].tolist() == ["D. E. Knuth", "Leslie Lamport"]


BIB_ADS = r"""@ARTICLE{2019ApJ...875L...1E,
       author = {{Event Horizon Telescope Collaboration} and Akiyama, Kazunori},
        title = "{First M87 Event Horizon Telescope Results. I.}",
      journal = {\apjl},
         year = 2019,
}
@ARTICLE{2020MNRAS.491.1234X,
       author = {Xu, Wei},
        title = "{A survey}",
      journal = \mnras,
         year = 2020,
}
@ARTICLE{2021Foo,
       author = {Xu, Wei},
        title = "{Another}",
      journal = {\jfoo},
         year = 2021,
}
"""


def test_bibtex_ads_journal_macros_are_journals(tmp_path):
    # NASA ADS writes the AAS journal macros without defining them; they are the journals,
    # an unknown one keeps its name (noted) instead of leaving the venue empty
    c = gp.read_bibtex(_write(tmp_path, "ads.bib", BIB_ADS), errors="raise")
    venues = dict(zip(c.papers["title"], c.papers["venue"], strict=True))
    assert venues == {
        "First M87 Event Horizon Telescope Results. I.": "Astrophysical Journal Letters",
        "A survey": "Monthly Notices of the Royal Astronomical Society",
        "Another": "jfoo",
    }
    rows = c.load_report[["line", "action"]].values.tolist()
    assert rows == [[13, "flagged"]]
    assert "'\\\\jfoo' is not defined here" in c.load_report["reason"].iloc[0]


def test_bibtex_tex_logos_are_printed(tmp_path):
    bib = r"""@article{t, author = {Ng, Ann}, year = 2020,
  title = {A {\LaTeX} package for \BibTeX\ files, after \TeX{} and \LaTeXe}}
"""
    for _ in range(2):  # (the converter is made afresh for each read)
        c = gp.read_bibtex(_write(tmp_path, "logos.bib", bib))
        assert c.papers["title"].tolist() == [
            "A LaTeX package for BibTeX files, after TeX and LaTeX2e"]


BIB_INNER_HEAD = r"""@article{a1,
  author = {Knuth, Donald},
  title = {First},
  abstract = {To cite the data set use
@misc{data, title = {Data}, year = 2020}
as written here.},
  year = {2020},
}

@article{a2,
  author = {Park, Bo},
  title = {Second},
  year = {2021},
}

@article{a3, author = {Ng, Ann}, title = {Left open, year = {2022},
@article{a4, author = {Ng, Ann}, title = {Fourth}, year = {2023}}
"""


def test_bibtex_line_starting_with_an_entry_head_inside_a_value(tmp_path):
    # BibTeX reads a1 whole (its braces close); bibtexparser gives up on it at the
    # "@misc{" line and reads that as an entry. An entry left open (a3) stays as it was:
    # reported, and the entry after it read
    c = gp.read_bibtex(_write(tmp_path, "inner.bib", BIB_INNER_HEAD), errors="skip")
    assert sorted(c.papers["title"]) == ["First", "Fourth", "Second"]
    first = c.papers.loc[c.papers["title"] == "First", "abstract"].iloc[0]
    assert first.startswith("To cite the data set use @misc")
    rows = c.load_report[["line", "action"]].values.tolist()
    assert rows == [[16, "skipped"]]


def test_bibtex_macro_defined_twice_is_noted_not_an_error(tmp_path):
    # journal abbreviation files pasted together define a macro twice; BibTeX reads on,
    # the reader too (under the default errors="raise"): the first definition stands
    bib = ('@string{jcb = "J. Cell Biol."}\n@string{jcb = "Other"}\n'
           "@article{a, author = {Ng, Ann}, title = {One}, journal = jcb, year = 2001}\n")
    c = gp.read_bibtex(_write(tmp_path, "s.bib", bib))
    assert c.papers["venue"].tolist() == ["J. Cell Biol."]
    assert c.load_report[["line", "action", "reason"]].values.tolist() == [
        [2, "flagged", "@string 'jcb' defined again; its definition at line 1 stands"]]
