"""What real exports print that is not a person, and layouts of real exports.

Each case was found in an export as a user downloads it (Web of Science, MEDLINE, Scopus,
EndNote, ...); the expected values are read off the record by hand.
"""

from __future__ import annotations

import pytest

import graphlib_papers as gp
from graphlib_papers.io._common import invert_name, invert_names, name_placeholder


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _reasons(c):
    return c.load_report["reason"].tolist()


# -- generational suffixes written after the given names ---------------------------------
@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Diaz, Luis A Jr", "Luis A Diaz Jr"),  # MEDLINE FAU
        ("Daaboul, George Gaby Jr.", "George Gaby Daaboul Jr."),
        ("Roach, Mack, III", "Mack Roach III"),  # Web of Science AF
        ("Ivanov, IV", "IV Ivanov"),  # initials, not a suffix
        ("Sun, Zhiwei", "Zhiwei Sun"),
    ],
)
def test_suffix_after_given_names_goes_after_the_surname(printed, expected):
    assert invert_name(printed) == expected
    assert invert_names([printed]) == [expected]


# -- MEDLINE: records with AU lines only ---------------------------------------------------
MEDLINE_AU_ONLY = (
    "PMID- 1\nTI  - Old record.\nDP  - 1995\nAU  - Smith J\nAU  - Diaz LA Jr\n"
    "AU  - van der Berg JH\n\n"
    "PMID- 2\nTI  - New record.\nDP  - 2015\nFAU - Smith, J\nAU  - Smith J\n"
    "FAU - Diaz, Luis A Jr\nAU  - Diaz LA Jr\n\n"
)


def test_medline_au_only_records_print_names_as_fau_records_do(tmp_path):
    c = gp.read_medline(_write(tmp_path, "au.txt", MEDLINE_AU_ONLY))
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    old = ships[ships.title == "Old record."].sort_values("position")
    new = ships[ships.title == "New record."].sort_values("position")
    assert old.printed_name.tolist() == ["J Smith", "LA Diaz Jr", "JH van der Berg"]
    assert new.printed_name.tolist() == ["J Smith", "Luis A Diaz Jr"]
    # one J Smith in both records, as the FAU record prints him
    assert old.author_id.iloc[0] == new.author_id.iloc[0]


def test_medline_au_only_record_by_record_reading_agrees(tmp_path):
    """The record-by-record reading (a block not in the plain layout) turns AU alike."""
    from graphlib_papers.io.medline import _authors

    fields = {"_order": [("AU", "Smith J"), ("AU", "Diaz LA Jr")], "AU": ["Smith J", "Diaz LA Jr"]}
    assert [a[0] for a in _authors(fields)] == ["J Smith", "LA Diaz Jr"]


def test_medline_bookshelf_record_titled_by_its_book_title(tmp_path):
    text = ("PMID- 20301295\nBTI - GeneReviews(R)\nDP  - 1993\nFAU - Smith, Jane\nAU  - Smith J\n\n"
            "PMID- 3\nTI  - A chapter.\nBTI - A book\nDP  - 2001\nFAU - Li, Wei\nAU  - Li W\n\n")
    c = gp.read_medline(_write(tmp_path, "bti.txt", text), errors="warn")
    assert sorted(c.papers.title) == ["A chapter.", "GeneReviews(R)"]
    assert c.load_report.empty


# -- placeholders and "et al." printed as authors ----------------------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [("[Anonymous]", 1), ("Anonymous", 1), ("[No author name available]", 1), ("N/A", 1),
     ("et al.", 2), ("et al", 2), ("Et Al.", 2), ("a. l. et", 2), ("al. et", 2),
     ("Al Etter", 0), ("Etienne Alard", 0), ("Anna Nonymous", 0), ("Etal Smith", 0)],
)
def test_name_placeholder(name, kind):
    assert name_placeholder(name) == kind


def test_placeholders_and_et_al_are_no_authors_in_every_reader(tmp_path):
    ris = _write(tmp_path, "a.ris", (
        "TY  - JOUR\nAU  - Smith, John\nAU  - et al.\nTI  - One\nPY  - 2001\nER  - \n\n"
        "TY  - JOUR\nAU  - [Anonymous]\nTI  - Two\nPY  - 2001\nER  - \n"))
    wos = _write(tmp_path, "w.txt", (
        "FN Clarivate Analytics Web of Science\nVR 1.0\n"
        "PT J\nAU Smith, J\nAF Smith, John\nTI One\nPY 2001\nER\n\n"
        "PT J\nAU [Anonymous]\nTI Two\nPY 2001\nER\n\nEF\n"))
    csv = _write(tmp_path, "a.csv", 'Authors,Title,Year\n"Smith, John; et al.",One,2001\n'
                 "[Anonymous],Two,2001\n")
    bib = _write(tmp_path, "a.bib", (
        "@article{a, author={Smith, John and et, a. l.}, title={One}, year=2001}\n"
        "@article{b, author={Anonymous}, title={Two}, year=2001}\n"))
    readers = [(gp.read_ris(ris, errors="warn"), True), (gp.read_wos(wos, errors="warn"), False),
               (gp.read_csv(csv, errors="warn"), True), (gp.read_bibtex(bib, errors="warn"), True)]
    for c, et_al in readers:
        assert c.authorships.printed_name.tolist() == ["John Smith"]
        assert c.n_papers == 2  # nothing lost: the anonymous paper is kept
        reasons = _reasons(c)
        assert any(r.startswith("record lists no authors (only ") for r in reasons), reasons
        truncated = dict(zip(c.papers.title, c.papers.authors_truncated, strict=True))
        assert truncated == {"One": et_al, "Two": False}
        assert any("list marked truncated" in r for r in reasons) is et_al


def test_placeholder_beside_real_authors_is_reported(tmp_path):
    ris = _write(tmp_path, "a.ris", "TY  - JOUR\nAU  - Smith, John\nAU  - Anonymous\nTI  - One\n"
                 "PY  - 2001\nER  - \n")
    c = gp.read_ris(ris, errors="warn")
    assert c.authorships.printed_name.tolist() == ["John Smith"]
    assert _reasons(c) == ["author 'Anonymous' is a placeholder, not a name; left out"]
    assert not c.papers.authors_truncated.any()


# -- Web of Science tab-delimited exports ---------------------------------------------------
def test_wos_tab_delimited_fields_are_unquoted(tmp_path):
    p = _write(tmp_path, "tab.txt", (
        "PT\tAU\tTI\tPY\tDI\n"
        'J\tSmith, J\t"Smart" cities: a review\t2020\t10.1016/j.cities.2020.1\n'
        'J\tDoe, J\tThe "omics" revolution\t2021\t10.1016/j.x.2021.2\n'
        'J\tRoe, J\t"A ""quoted"" field, as a spreadsheet saves it"\t2022\t10.1016/j.x.2022.3\n'))
    c = gp.read_wos(p, errors="warn")
    assert sorted(c.papers.title) == ['"Smart" cities: a review',
                                      'A "quoted" field, as a spreadsheet saves it',
                                      'The "omics" revolution']
    assert c.load_report.empty


def test_wos_tab_delimited_addresses_are_split(tmp_path):
    p = _write(tmp_path, "tab_c1.txt", (
        "PT\tAU\tAF\tTI\tC1\tPY\n"
        "J\tKerrien, S; Hermjakob, H\tKerrien, Samuel; Hermjakob, Henning\tIntAct\t"
        "EBI, EMBL Outstn, Cambridge CB10 1SD, England; Swiss Inst Bioinformat, Geneva, "
        "Switzerland\t2007\n"
        "J\tLee, A; Kim, B\tLee, Ann; Kim, Bo\tTwo\t[Lee, Ann] Univ Michigan, Ann Arbor, MI USA; "
        "[Kim, Bo] Stanford Univ, Stanford, CA USA\t2008\n"))
    c = gp.read_wos(p)
    labs = dict(zip(c.papers.title, c.papers.labs, strict=True))
    assert labs == {"IntAct": ("EBI", "Swiss Inst Bioinformat"),
                    "Two": ("Univ Michigan", "Stanford Univ")}
    aff = dict(zip(c.authorships.printed_name, c.authorships.affiliation, strict=True))
    assert aff["Ann Lee"] == "Univ Michigan" and aff["Bo Kim"] == "Stanford Univ"
