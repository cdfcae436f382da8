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


# -- Scopus CSV ------------------------------------------------------------------------------
SCOPUS_2019 = (
    "Authors,Author(s) ID,Title,Year,Source title,DOI,Abstract,Document Type,Source,EID\n"
    '"Traag, V.A., Waltman, L., van Eck, N.J.","35093318100;14632830700;14632651000;",'
    '"From Louvain to Leiden",2019,"Scientific Reports","10.1038/s41598-019-41695-z",'
    "[No abstract available],Article,Scopus,2-s2.0-85063527139\n"
    '"Phillips J.C., Braun R.","572;740;","NAMD",2005,"J Comput Chem","10.1002/jcc.20289",'
    "Some abstract.,Article,Scopus,2-s2.0-1\n"
)


def test_scopus_surname_initials_pairs_are_one_author_each(tmp_path):
    c = gp.read_scopus_csv(_write(tmp_path, "scopus.csv", SCOPUS_2019))
    ships = c.authorships.sort_values(["paper_id", "position"])
    by_paper = ships.groupby("paper_id").printed_name.apply(list).tolist()
    assert sorted(by_paper) == [["J.C. Phillips", "R. Braun"],
                                ["V.A. Traag", "L. Waltman", "N.J. van Eck"]]
    assert sorted(ships.author_key) == sorted(
        ["scopus:35093318100", "scopus:14632830700", "scopus:14632651000", "scopus:572",
         "scopus:740"])


def test_scopus_no_abstract_placeholder_is_no_abstract(tmp_path):
    c = gp.read_scopus_csv(_write(tmp_path, "scopus.csv", SCOPUS_2019))
    abstracts = dict(zip(c.papers.title, c.papers.abstract, strict=True))
    assert abstracts == {"From Louvain to Leiden": None, "NAMD": "Some abstract."}


# -- RIS dates as exporters write them -------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "date", "precision"),
    [("DA  - 2020 FEB 19", "2020-02-19", "day"),  # Web of Science
     ("DA  - 2014 JUN", "2014-06-01", "month"),
     ("Y1  - Dec. 2010", "2010-12-01", "month"),  # IEEE Xplore
     ("DA  - 2010-12-05", "2010-12-05", "day"),
     ("DA  - 2012/10//", "2012-10-01", "month"),  # RIS's own form
     ("DA  - Spring 2012", "2012-01-01", "year")],
)
def test_ris_dates_with_month_names(tmp_path, line, date, precision):
    year = date[:4]
    p = _write(tmp_path, "d.ris", f"TY  - JOUR\nAU  - Li, Wei\nTI  - T\n{line}\nPY  - {year}\nER  - \n")
    c = gp.read_ris(p)
    assert str(c.papers.date.iloc[0].date()) == date
    assert c.papers.date_precision.iloc[0] == precision


# -- BibTeX ----------------------------------------------------------------------------------
def test_bibtex_keywords_given_once_per_item_are_joined(tmp_path):
    p = _write(tmp_path, "sd.bib", (
        "@article{a, author={Li, Wei}, title={T}, year={2019},\n"
        "keywords = {Extrasolar planets},\nkeywords = {Eclipses},\nkeywords = {Transits},\n"
        "note = {x}, note = {y}}\n"))
    with pytest.warns(gp.ParseWarning, match="the items joined"):
        c = gp.read_bibtex(p, errors="warn")
    assert c.papers.keywords.tolist() == [("Extrasolar planets", "Eclipses", "Transits")]
    (reason,) = _reasons(c)
    assert "'note' given more than once" in reason and "the items joined" in reason


def test_bibtex_crossref_gives_title_and_authors_as_bibtex_does(tmp_path):
    p = _write(tmp_path, "x.bib", (
        "@book{whole, author={Donald E. Knuth}, title={The Art of Computer Programming},"
        " publisher={AW}, year=1973}\n"
        "@incollection{part, crossref={whole}, title={Seminumerical Algorithms},"
        " booktitle={The Art of Computer Programming}}\n"
        "@article{full, author={Leslie A. Aamport}, title={Gnats}, journal={GAJ}, year=1986}\n"
        "@article{other, author={Ann Lee}, title={Ants}, journal={GAJ}, year=1990}\n"
        "@article{xref, crossref={full}, title={Gnats, again}, pages={73+}}\n"))
    c = gp.read_bibtex(p, errors="warn")
    papers = c.papers.set_index("title")
    assert papers.loc["Seminumerical Algorithms", "year"] == 1973
    assert papers.loc["Gnats, again", ["year", "venue"]].tolist() == [1986, "GAJ"]
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    names = ships.groupby("title").printed_name.apply(list).to_dict()
    assert names == {"The Art of Computer Programming": ["Donald E. Knuth"],
                     "Seminumerical Algorithms": ["Donald E. Knuth"],
                     "Gnats": ["Leslie A. Aamport"], "Ants": ["Ann Lee"],
                     "Gnats, again": ["Leslie A. Aamport"]}
    taken = [r for r in _reasons(c) if "it cross-refers to taken" in r]
    assert len(taken) == 2


def test_bibtex_suffix_written_in_the_first_names(tmp_path):
    p = _write(tmp_path, "jr.bib", "@article{a, author={Daaboul, George Gaby Jr. and "
               "C{\\'e}sar, Jean Jr and Connor, John H.}, title={T}, year=2001}\n")
    assert gp.read_bibtex(p).authorships.printed_name.tolist() == [
        "George Gaby Daaboul Jr.", "Jean César Jr", "John H. Connor"]


# -- OpenAlex ----------------------------------------------------------------------------------
def _work(**fields):
    work = {"id": "https://openalex.org/W1", "publication_year": 2023,
            "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "Ann Bee"}}]}
    work.update(fields)
    return work


@pytest.mark.parametrize("damaged", [False, True])  # the typed and the checked reading
def test_openalex_markup_and_older_keywords(tmp_path, damaged):
    work = _work(title="Patients with <i>EGFR</i> mutated H<sub>2</sub>O &amp; cells",
                 keywords=[{"keyword": "lung cancer", "score": 0.47},
                           {"id": "https://openalex.org/keywords/x", "display_name": "EGFR"}],
                 abstract_inverted_index={"<jats:p>We": [0], "study": [1], "it.</jats:p>": [2]})
    if damaged:
        work["type"] = 3  # a wrong type: read field by field
        with pytest.warns(gp.ParseWarning, match="type is a JSON number"):
            c = gp.read_openalex([work], errors="warn")
    else:
        c = gp.read_openalex([work])
    assert c.papers.title.tolist() == ["Patients with EGFR mutated H2O & cells"]
    assert c.papers.keywords.tolist() == [("lung cancer", "EGFR")]
    assert c.papers.abstract.tolist() == ["We study it."]


def test_bibtex_biblatex_set_is_not_a_paper_of_its_own(tmp_path):
    """A biblatex @set cross-refers to its first member: it takes nothing from it."""
    p = _write(tmp_path, "set.bib", (
        "@set{stdmodel, crossref={stdmodel:glashow}, entryset={stdmodel:glashow}}\n"
        "@article{stdmodel:glashow, author={Glashow, Sheldon}, title={Partial Symmetries of "
        "Weak Interactions}, journal={Nucl. Phys.}, year=1961, entryset={stdmodel}}\n"))
    c = gp.read_bibtex(p, errors="skip")
    assert c.papers.entry_type.tolist() == ["article"]
    assert c.papers.bibtex_key.tolist() == ["stdmodel:glashow"]
    assert c.load_report.action.tolist() == ["skipped"]


# -- institutions in free-text and Web of Science addresses --------------------------------------
@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # free text: the unit first, spelled out
        ("School of Biological, Earth and Environmental Sciences, University College Cork, "
         "Cork, Ireland", "University College Cork"),
        ("Toxicology Centre, University of Saskatchewan, Saskatoon, Canada",
         "University of Saskatchewan"),
        ("Department of Microbial Genetics, University of Lodz, Poland.", "University of Lodz"),
        ("Bell Labs, Murray Hill, NJ", "Bell Labs"),
        ("Centre for Genomic Regulation, Barcelona, Spain", "Centre for Genomic Regulation"),
        # Web of Science: the institution first, abbreviated
        ("Leibniz Ctr Agr Landscape Res, Inst Land Use Syst, Muncheberg, Germany",
         "Leibniz Ctr Agr Landscape Res"),
        ("Akita Natl Coll Technol, Inst Nat Sci, Akita, Japan", "Akita Natl Coll Technol"),
        ("Univ Massachusetts Amherst, Dept Polymer Sci & Engn, Amherst, MA USA.",
         "Univ Massachusetts Amherst"),
    ],
)
def test_institution_of_an_address(address, expected):
    from graphlib_papers.io._common import institution

    assert institution(address) == expected


# -- tables ------------------------------------------------------------------------------------
def test_wos_citation_report_table_is_recognised(tmp_path):
    p = _write(tmp_path, "savedrecs.txt", (
        '"Title","Authors","Source Title","Publication Year","DOI","Total Citations"\n'
        '"A paper","Gloor, GB; Dunn, SD","BIOINFORMATICS","2008",'
        '"10.1093/bioinformatics/btm604","174"\n'))
    assert gp.sniff_format(p)[0] == "wos_csv"
    c = gp.read(p)
    assert c.papers[["year", "doi", "venue"]].values.tolist() == [
        [2008, "10.1093/bioinformatics/btm604", "BIOINFORMATICS"]]
    assert c.authorships.printed_name.tolist() == ["GB Gloor", "SD Dunn"]


def test_csv_blank_lines_above_the_header(tmp_path):
    p = _write(tmp_path, "t.csv", "\n\ntitle,authors,year\nOn engines,Ada Byron,1843\n")
    c = gp.read_csv(p, year="year")
    assert c.papers[["title", "year"]].values.tolist() == [["On engines", 1843]]
    assert c.authorships.printed_name.tolist() == ["Ada Byron"]


# -- third pass: more exporters --------------------------------------------------------------
def test_doi_keeps_its_own_brackets():
    from graphlib_papers._keys import normalize_doi, normalize_dois

    assert normalize_doi("DO  - 10.9770/jesi.2020.8.2(42)") == "10.9770/jesi.2020.8.2(42)"
    assert normalize_doi("(see doi:10.1000/X1).") == "10.1000/x1"
    assert normalize_dois(["10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0)"]) == [
        "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"]


@pytest.mark.parametrize(
    ("address", "expected"),
    [("University of Michigan ljungman@umich.edu.", "University of Michigan"),
     ("Department of Engineering, King's Communications, Learning, and Information Processing "
      "(KCLIP) Lab, King's College London, London", "King's College London")],
)
def test_institution_without_mail_or_name_fragments(address, expected):
    from graphlib_papers.io._common import institution

    assert institution(address) == expected


def test_dots_and_others_end_an_author_list(tmp_path):
    p = _write(tmp_path, "z.csv", 'Title,Author,Publication Year\nT,"Popp, Daniela; others",2001\n'
               'U,"Li, Wei; ...",2002\n')
    c = gp.read_csv(p, preset="zotero", errors="warn")
    assert sorted(c.authorships.printed_name) == ["Daniela Popp", "Wei Li"]
    assert c.papers.authors_truncated.tolist() == [True, True]


POP = ('Cites,Authors,Title,Year,Source,Publisher,GSRank,DOI,Abstract\n'
       '12,"CJ Gardner, P Radolalaina, M Rajerison, HW Greene",Lemurs,2018,Oryx,CUP,1,'
       '10.1017/s0030605316001241,An abstract.\n'
       '3,"JL Campbell, JH Eisemann, ...",Sifakas,2001,Zoo Biol,Wiley,2,,\n'
       '1,KC McGoogan,Alone,2007,Thesis,,3,,\n')


def test_publish_or_perish_table(tmp_path):
    p = _write(tmp_path, "PoPCites.csv", POP)
    assert gp.sniff_format(p)[0] == "publish_or_perish"
    c = gp.read(p, errors="skip")
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    names = ships.groupby("title").printed_name.apply(list).to_dict()
    assert names == {"Lemurs": ["CJ Gardner", "P Radolalaina", "M Rajerison", "HW Greene"],
                     "Sifakas": ["JL Campbell", "JH Eisemann"], "Alone": ["KC McGoogan"]}
    papers = c.papers.set_index("title")
    assert papers.loc["Lemurs", ["year", "venue", "doi"]].tolist() == [
        2018, "Oryx", "10.1017/s0030605316001241"]
    assert papers.authors_truncated.to_dict() == {"Lemurs": False, "Sifakas": True, "Alone": False}


def test_generic_csv_with_comma_separated_names(tmp_path):
    p = _write(tmp_path, "t.csv", 'title,authors\nA,"CJ Gardner, P Radolalaina"\n'
               'B,"Gardner, Mary Ann"\nC,"Ana Li, Bo Wu, Cy Ng"\n')
    c = gp.read_csv(p)
    ships = c.authorships.merge(c.papers[["title"]], left_on="paper_id", right_index=True)
    assert ships.groupby("title").printed_name.apply(list).to_dict() == {
        "A": ["CJ Gardner", "P Radolalaina"], "B": ["Mary Ann Gardner"],
        "C": ["Ana Li", "Bo Wu", "Cy Ng"]}


def test_ieee_year_column_of_newer_exports(tmp_path):
    p = _write(tmp_path, "ieee.csv", '"Document Title",Authors,"Author Affiliations",'
               '"Publication Title","Year",DOI\nT,"A. Li; B. Wu","X Univ; Y Univ",J,2024,10.1/x\n')
    assert gp.sniff_format(p)[0] == "ieee"
    assert gp.read(p).papers.year.tolist() == [2024]


def test_zotero_table_without_item_type(tmp_path):
    p = _write(tmp_path, "Exported Items.csv", (
        "Key,Publication Year,Author,Title,Publication Title,DOI,Abstract Note,Date,Manual Tags\n"
        'K1,2011,"Popp, Daniela",Green growth,Energy Policy,10.1/x,,2011-04,\n'))
    assert gp.sniff_format(p)[0] == "zotero"
    c = gp.read(p)
    assert c.papers[["year", "date_precision"]].values.tolist() == [[2011, "month"]]


def test_biblatex_date_field_gives_month_and_day(tmp_path):
    p = _write(tmp_path, "d.bib", (
        "@article{a, author={Schlick, Moritz}, date={1930-12}, journaltitle={X}, title={T}}\n"
        "@article{b, author={Schlick, Moritz}, date={2010-06-11}, year={2010}, title={U}}\n"))
    papers = gp.read_bibtex(p).papers.set_index("title")
    assert str(papers.loc["T", "date"].date()) == "1930-12-01"
    assert papers.loc["T", "date_precision"] == "month"
    assert str(papers.loc["U", "date"].date()) == "2010-06-11"


def test_bibtex_macro_with_nested_braces_and_soft_hyphens(tmp_path):
    p = _write(tmp_path, "m.bib", (
        '@String{u = "Universit{\\"a}t F"}\n@String{n = {Die {N}a\\-tur\\-wis\\-sen}}\n'
        '@Article{b, author="A B", title="T", journal=u, year="2009"}\n'
        '@Article{c, author="A C", title="T2", journal=n, year="2009"}\n'))
    c = gp.read_bibtex(p, errors="raise")
    assert c.load_report.empty
    assert sorted(c.papers.venue) == ["Die Naturwissen", "Universität F"]


def test_openalex_group_by_response_is_named(tmp_path):
    p = tmp_path / "g.json"
    p.write_text('{"meta": {"count": 3}, "group_by": [{"key": "2024", "count": 3}]}')
    c = gp.read_openalex(p, errors="skip")
    assert c.n_papers == 0
    assert _reasons(c) == ["an OpenAlex group_by response (1 group counted, no works), not a work"]


def test_an_empty_read_has_no_names_to_check(tmp_path):
    c = gp.read_openalex([], errors="skip")
    assert c.n_papers == 0 and c.authorships.empty


def test_ris_doi_in_m3_or_only_as_a_link(tmp_path):
    p = _write(tmp_path, "m3.ris", (
        "TY  - JOUR\nAU  - Li, Wei\nTI  - One\nPY  - 2001\nM3  - 10.1016/0166-2236(95)93921-J\n"
        "ER  - \n\n"
        "TY  - JOUR\nAU  - Wu, Bo\nTI  - Two\nPY  - 1991\nUR  - http://www.example.org/x\n"
        "UR  - http://dx.doi.org/10.1073/pnas.88.16.7160\nER  - \n\n"
        "TY  - JOUR\nAU  - Ng, Cy\nTI  - Three\nPY  - 1999\nM3  - Journal Article\n"
        "DO  - 10.1000/real\nUR  - http://dx.doi.org/10.1073/other\nER  - \n\n"
        "TY  - JOUR\nAU  - Ho, Di\nTI  - Four\nPY  - 1999\nM3  - Journal Article\n"
        "UR  - https://example.org/10.1000/not-a-doi-link\nER  - \n"))
    papers = gp.read_ris(p).papers.set_index("title")
    dois = {t: d if isinstance(d, str) else None for t, d in papers.doi.items()}
    assert dois == {"One": "10.1016/0166-2236(95)93921-j", "Two": "10.1073/pnas.88.16.7160",
                    "Three": "10.1000/real", "Four": None}


def test_ris_written_with_one_space_before_the_dash_throughout(tmp_path):
    """A file whose every tag line reads "XX - " (as some tools write RIS): its records
    are read whole, and the report names the shape a few times and then counts it."""
    records = "".join(
        f"TY - JOUR\nAU - Li, Wei\nAU - Wu, Bo\nTI - Paper {k}\nPY - 2001\nER -\n\n" for k in range(4))
    c = gp.read_ris(_write(tmp_path, "one_space.ris", records), errors="skip")
    assert c.n_papers == 4 and len(c.authorships) == 8
    reasons = _reasons(c)
    shown = [r for r in reasons if r.startswith("damaged tag line 'TY") or
             r.startswith("damaged tag line 'AU") or r.startswith("damaged tag line 'TI") or
             r.startswith("damaged tag line 'PY")]
    assert len(shown) == 3  # the first three lines written 'XX - '
    (more,) = [r for r in reasons if "more tag lines written 'XX - '" in r]
    assert more.startswith("17 more")  # 4 records x 5 such lines, 3 of them shown


def test_ris_venue_full_journal_name_before_its_abbreviation(tmp_path):
    """Embase and PubMed write the full name in JF and the abbreviation in JO."""
    p = _write(tmp_path, "embase.ris", (
        "TY  - JOUR\nAU  - Li, Wei\nTI  - One\nPY  - 2001\nJF  - Anatomical Record\n"
        "JO  - Anat. Rec.\nER  - \n\n"
        "TY  - JOUR\nAU  - Wu, Bo\nTI  - Two\nPY  - 2001\nJO  - Sci Rep\nER  - \n"))
    venues = dict(zip(*[gp.read_ris(p).papers[c] for c in ("title", "venue")], strict=True))
    assert venues == {"One": "Anatomical Record", "Two": "Sci Rep"}


def test_table_abstracts_lose_their_markup(tmp_path):
    """Lens and Crossref-fed tables carry JATS into abstracts."""
    p = _write(tmp_path, "lens.csv", (
        "Lens ID,Title,Author/s,Publication Year,Abstract\n"
        '1,T,Ann Lee,2020,"<jats:title>Abstract</jats:title><jats:p>We found H<sub>2</sub>O '
        '&amp; ice.</jats:p>"\n2,U,Bo Wu,2021,p < 0.05 held\n'))
    c = gp.read(p)
    abstracts = dict(zip(c.papers.title, c.papers.abstract, strict=True))
    assert abstracts == {"T": "Abstract We found H2O & ice.", "U": "p < 0.05 held"}


def test_bibtex_macros_of_an_earlier_file_in_one_call(tmp_path):
    """As BibTeX reads \\bibliography{abbrv,refs}: the macros of abbrv.bib name refs.bib's journals."""
    abbrv = _write(tmp_path, "abbrv.bib", '@string{aij = "Artificial Intelligence"}\n')
    refs = _write(tmp_path, "refs.bib", "@string{jmlr = {JMLR}}\n"
                  "@article{x, author={Ann Lee}, title={T}, journal=aij, year=2001}\n"
                  "@article{y, author={Bo Wu}, title={U}, journal=jmlr, year=2002}\n")
    c = gp.read_bibtex([abbrv, refs], errors="raise")
    assert sorted(c.papers.venue) == ["Artificial Intelligence", "JMLR"]
    alone = gp.read_bibtex(refs, errors="warn")
    assert sorted(alone.papers.venue) == ["JMLR", "aij"]
    assert _reasons(alone) == ["journal: undefined macro in 'aij', kept as written"]


# -- fourth pass -------------------------------------------------------------------------------
def test_wos_ids_listed_under_a_shorter_form_of_the_name(tmp_path):
    p = _write(tmp_path, "w.txt", (
        "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Van Dam, NT\n   Costa, VE\n"
        "   Bruna, EM\n   Costa, A\nAF Van Dam, Nicholas T.\n   Costa, Vladimir Eliodoro\n"
        "   Bruna, Emilio M.\n   Costa, Ana\nTI Is there really such a thing as <i>Tropical</i> "
        "Biology?\nPY 2011\nRI Bruna, Emilio/H-2769-2012\nOI Van Dam, Nicholas/0000-0002-1131-0739;"
        " Costa, Vladimir/0000-0003-3889-7514\nDI 10.1/x\nER\n\nEF\n"))
    c = gp.read_wos(p)
    keys = dict(zip(c.authorships.printed_name, c.authorships.author_key, strict=True))
    assert keys["Nicholas T. Van Dam"] == "orcid:0000-0002-1131-0739"
    assert keys["Vladimir Eliodoro Costa"] == "orcid:0000-0003-3889-7514"
    assert keys["Emilio M. Bruna"] == "researcherid:H-2769-2012"
    assert not isinstance(keys["Ana Costa"], str)  # "Costa, Vladimir" is not hers
    assert c.papers.title.tolist() == ["Is there really such a thing as Tropical Biology?"]


def test_medline_line_wrapped_after_a_hyphen(tmp_path):
    p = _write(tmp_path, "m.txt", (
        "PMID- 1\nDP  - 2023 Aug 14\nTI  - Self-\n      reported outcomes - a review of long -\n"
        "      term data.\nFAU - Rhee, Jee Heon\nAU  - Rhee JH\nAD  - School of Architecture, "
        "University of Wisconsin-\n      Milwaukee, Milwaukee, WI, USA.\n\n"))
    c = gp.read_medline(p)
    assert c.papers.title.tolist() == ["Self-reported outcomes - a review of long - term data."]
    assert c.papers.labs.tolist() == [("University of Wisconsin-Milwaukee",)]


def test_bibtex_doi_from_a_doi_link_and_markup_out_of_titles(tmp_path):
    p = _write(tmp_path, "u.bib", (
        "@article{a, author={A, B}, title={KALMBACH MEASURABILITY IN d<sub>0</sub>-ALGEBRAS},"
        " journal={J}, year={2016}, url={https://doi.org/10.1016/j.jpowsour.2016.06.103}}\n"
        "@article{b, author={C, D}, title={T}, journal={J}, year={2016},"
        " url={https://example.org/10.1/not-a-doi}}\n"))
    papers = gp.read_bibtex(p).papers.set_index("title")
    assert papers.loc["KALMBACH MEASURABILITY IN d0-ALGEBRAS", "doi"] == (
        "10.1016/j.jpowsour.2016.06.103")
    assert not isinstance(papers.loc["T", "doi"], str)


@pytest.mark.parametrize(
    ("address", "expected"),
    [("Institute of Engineering Research, Korea University, Seoul, Korea.", "Korea University"),
     ("PENN STATE UNIV, UNIVERSITY PK, PA 16802 USA", "PENN STATE UNIV"),
     ("HOSP SICK CHILDREN, 555 UNIV AVE, TORONTO, ON, CANADA", "HOSP SICK CHILDREN"),
     ("Mat Proc Technol Ctr, RIMCOF Tohoku Univ Lab, Sendai", "Mat Proc Technol Ctr")],
)
def test_institution_university_named_after_a_unit(address, expected):
    from graphlib_papers.io._common import institution

    assert institution(address) == expected


def test_empty_affiliation_position_keeps_the_others_aligned(tmp_path):
    p = _write(tmp_path, "a.csv", "title,authors,affs,year\nT,A One|B Two|C Three,X Univ||Y Univ,2001\n")
    c = gp.read_csv(p, author_sep="|", affiliations="affs", affiliation_sep="|", year="year")
    aff = dict(zip(c.authorships.printed_name, c.authorships.affiliation, strict=True))
    assert aff["A One"] == "X Univ" and aff["C Three"] == "Y Univ"
    assert not isinstance(aff["B Two"], str)
    assert c.load_report.empty


def test_openalex_web_csv_dates_abstracts_and_institutions(tmp_path):
    p = _write(tmp_path, "works.csv", (
        '"id","abstract","authorships.author.display_name","authorships.author.id",'
        '"authorships.institutions.display_name","display_name","doi",'
        '"primary_location.source.display_name","publication_date","publication_year"\n'
        '"https://openalex.org/W1","An abstract.","Massimo Aria|Corrado Cuccurullo",'
        '"https://openalex.org/A1|https://openalex.org/A2","University of Naples|University of '
        'Campania","bibliometrix","https://doi.org/10.1016/j.joi.2017.08.007",'
        '"Journal of Informetrics","2017-09-12",2017\n'))
    c = gp.read(p)
    assert c.papers[["abstract", "date_precision"]].values.tolist() == [["An abstract.", "day"]]
    assert c.authorships.affiliation.tolist() == ["University of Naples", "University of Campania"]


def test_placeholder_abstracts_are_no_abstracts(tmp_path):
    p = _write(tmp_path, "na.ris", "TY  - JOUR\nAU  - Li, Wei\nTI  - One\nPY  - 2001\nAB  - NA\n"
               "ER  - \n\nTY  - JOUR\nAU  - Wu, Bo\nTI  - Two\nPY  - 2001\nAB  - <p>Bark.</p>\nER  - \n")
    abstracts = dict(zip(*[gp.read_ris(p).papers[k] for k in ("title", "abstract")], strict=True))
    assert abstracts == {"One": None, "Two": "Bark."}


def test_bibtex_web_of_science_orcid_and_researcherid_numbers(tmp_path):
    """Web of Science's BibTeX lists ids as "Name/ID" separated by white space only."""
    p = _write(tmp_path, "wos.bib", (
        "@article{ WOS:000001,\nAuthor = {Malmsten, Jonas and Allen, Andrew B. and Smith, John"
        " and Roe, Ann},\nTitle = {Moose},\nJournal = {J},\nYear = {2019},\n"
        "ORCID-Numbers = {Malmsten, Jonas/0000-0003-1868-3746\n   Allen, Andrew/0000-0002-0119-2425"
        "\n   KNAW, NIOO-KNAW/0000-0002-3835-159X},\n"
        "ResearcherID-Numbers = {Smith, John/A-1234-2010},\nUnique-ID = {WOS:000001},\n}\n"))
    c = gp.read_bibtex(p)
    keys = dict(zip(c.authorships.printed_name, c.authorships.author_key, strict=True))
    assert keys["Jonas Malmsten"] == "orcid:0000-0003-1868-3746"
    assert keys["Andrew B. Allen"] == "orcid:0000-0002-0119-2425"
    assert keys["John Smith"] == "researcherid:A-1234-2010"
    assert not isinstance(keys["Ann Roe"], str)


# -- exports joined end to end (each brings its own header) --------------------------------
WOS_TAB_A = (
    "PT\tAU\tAF\tTI\tPY\tDI\n"
    "J\tSmith, J\tSmith, John\tFirst paper\t2020\t10.1000/a.1\n"
    "J\tDoe, J\tDoe, Jane\tSecond paper\t2021\t10.1000/a.2\n"
)
# a second export with other fields chosen (no AF, an abstract), in another order
WOS_TAB_B = (
    "PT\tAU\tTI\tAB\tPY\tDI\n"
    "J\tRoe, R\tThird paper\tAn abstract.\t2022\t10.1000/a.3\n"
)


def test_wos_tab_delimited_exports_joined_end_to_end(tmp_path):
    p = _write(tmp_path, "joined.txt", WOS_TAB_A + WOS_TAB_A.split("\n", 1)[0] + "\n"
               + "J\tPoe, E\tPoe, Edgar\tFourth paper\t2023\t10.1000/a.4\n" + WOS_TAB_B)
    c = gp.read_wos(p, errors="warn")
    papers = c.papers.set_index("doi")
    assert papers.title.to_dict() == {
        "10.1000/a.1": "First paper", "10.1000/a.2": "Second paper",
        "10.1000/a.3": "Third paper", "10.1000/a.4": "Fourth paper"}
    assert papers.at["10.1000/a.3", "year"] == 2022  # read from its own header's columns
    assert papers.at["10.1000/a.3", "abstract"] == "An abstract."
    assert sorted(c.authorships.printed_name) == ["Edgar Poe", "Jane Doe", "John Smith", "R Roe"]
    rows = c.load_report[["line", "action", "reason"]].values.tolist()
    assert [r[:2] for r in rows] == [[4, "flagged"], [6, "flagged"]]
    assert "header again" in rows[0][2] and "from here on" not in rows[0][2]
    assert "its columns are read from here on" in rows[1][2]


def test_csv_exports_joined_end_to_end(tmp_path):
    header = "Authors,Title,Year,Source title,DOI\n"
    p = _write(tmp_path, "scopus.csv", header + '"Lee A.",One,2019,J A,10.1/x.1\n' + header
               + '"Kim B.",Two,2020,J B,10.1/x.2\n')
    for read in (gp.read_scopus_csv, gp.read_csv):
        c = read(p, errors="warn")
        assert sorted(c.papers.title) == ["One", "Two"]
        assert c.load_report[["line", "action"]].values.tolist() == [[3, "flagged"]]


def test_joined_header_naming_a_column_twice_is_refused_at_its_line(tmp_path):
    p = _write(tmp_path, "joined.txt", WOS_TAB_A + "PT\tAU\tTI\tTI\tPY\tDI\n")
    with pytest.raises(gp.SchemaError, match=r"line 4: column 'TI' appears twice"):
        gp.read_wos(p)


def test_a_paper_titled_like_a_column_is_a_paper(tmp_path):
    p = _write(tmp_path, "t.csv", "Title,Authors,Year\nTitle,Authors,2020\nYear,Ann Lee,2021\n")
    c = gp.read_csv(p, year="Year", errors="warn")
    assert sorted(c.papers.title) == ["Title", "Year"]
    assert c.load_report.empty


def test_tab_delimited_table_below_blank_lines(tmp_path):
    # (the delimiter is told from the header, not from the blank line above it)
    p = _write(tmp_path, "t.tsv", "\n\ntitle\tauthors\nOn engines\tAda Byron\n")
    c = gp.read_csv(p)
    assert c.papers.title.tolist() == ["On engines"]
    assert c.authorships.printed_name.tolist() == ["Ada Byron"]


def test_ris_written_with_one_space_fields_glued_on_one_line(tmp_path):
    p = _write(tmp_path, "x.ris", "TY - JOUR\nTI - A title: CT - based imaging\n"
               "AU - Zou, Yuanqiang AU - Xue, Wenbin\nPY - 2020\nER - \n")
    with pytest.warns(gp.ParseWarning):
        c = gp.read_ris(p, errors="warn")
    assert c.authorships.printed_name.tolist() == ["Yuanqiang Zou", "Wenbin Xue"]
    assert c.papers.title.tolist() == ["A title: CT - based imaging"]  # a title is not split
    assert any("2 fields on one line" in r for r in _reasons(c))


@pytest.mark.parametrize("read", [gp.read_csv, gp.read_scopus_csv, gp.read])
def test_joined_exports_each_with_a_byte_order_mark(tmp_path, read):
    # `cat a.csv b.csv`: the second header keeps its byte-order mark
    header = "\ufeffAuthors,Title,Year,Source title,DOI\n"
    p = tmp_path / "joined.csv"
    p.write_bytes((header + '"Lee A.",One,2019,J A,10.1/x.1\n'
                   + header + '"Kim B.",Two,2020,J B,10.1/x.2\n').encode())
    c = read(p, errors="warn")
    assert sorted(c.papers.title) == ["One", "Two"]
    # (a Scopus reader turns "Lee A." around; a generic table keeps names as printed)
    assert sorted(c.authorships.printed_name) in (["A. Lee", "B. Kim"], ["Kim B.", "Lee A."])
    rows = c.load_report[c.load_report.action != "format"]
    assert rows[["line", "action"]].values.tolist() == [[3, "flagged"]]


def test_bibtex_brace_without_partner_is_not_text(tmp_path):
    # a damaged value's leftover brace goes; braces that pair up (\{0,1\}) are text
    p = _write(tmp_path, "b.bib", '@article{a, title = "Great Red SPOT}", author={Lee, Ann}, '
               "year=2020}\n@article{b, title = {On \\{0,1\\}-sequences}, author={Kim, Bo}, "
               "year=2021}\n")
    c = gp.read_bibtex(p)
    assert sorted(c.papers.title) == ["Great Red SPOT", "On {0,1}-sequences"]
