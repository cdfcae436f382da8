"""Record readers on real export files; expected values written by hand from the files.

Fixtures under tests/data/records are permissively licensed copies; the GPL files
(metaknowledge, bibliometrix) and the larger files are read from ../shared/data.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io.bibtex import _imports, _person

REC = Path(__file__).resolve().parent / "data" / "records"


def authors_of(corpus: gp.Corpus, title_start: str) -> list[str]:
    papers = corpus.papers
    hit = papers[papers["title"].str.startswith(title_start)]
    assert len(hit) == 1, f"{len(hit)} papers start with {title_start!r}"
    ships = corpus.authorships
    ships = ships[ships["paper_id"] == hit.index[0]].sort_values("position")
    return ships["printed_name"].tolist()


def coauthor_counts(corpus: gp.Corpus) -> tuple[int, int]:
    """(authors, distinct co-author pairs), computed directly from the authorships."""
    pairs = set()
    for _, grp in corpus.authorships.groupby("paper_id"):
        pairs |= set(itertools.combinations(sorted(grp["author_id"]), 2))
    return corpus.n_authors, len(pairs)


def check_contract(corpus: gp.Corpus) -> None:
    p = corpus.papers
    assert p.index.name == "paper_id"
    assert str(p["year"].dtype) == "Int64"
    assert str(p["date"].dtype).startswith("datetime64")
    assert all(isinstance(t, tuple) for t in p["labs"])
    assert all(isinstance(t, tuple) for t in p["sources"])
    assert p.index.str.startswith("p:").all()
    s = corpus.authorships
    assert str(s["position"].dtype) == "Int64"
    assert s["author_id"].isin(corpus.authors.index).all()
    assert not s.duplicated(["paper_id", "author_id"]).any()


# --- Web of Science ----------------------------------------------------------------
def test_wos_single_article_by_hand():
    c = gp.read_wos(REC / "wostools" / "single-article.txt")
    check_contract(c)
    assert c.n_papers == 1 and len(c.load_report) == 0
    ships = c.authorships
    assert ships["printed_name"].tolist() == [
        "Siggi Wodarz",
        "Takashi Hasegawa",
        "Shunji Ishio",
        "Takayuki Homma",
    ]
    assert ships["affiliation"].tolist() == [
        "Waseda Univ",
        "Akita Univ",
        "Akita Univ",
        "Waseda Univ",
    ]
    assert ships["author_key"].tolist()[1] == "orcid:0000-0002-8178-4980"
    paper = c.papers.iloc[0]
    assert paper["labs"] == ("Waseda Univ", "Akita Univ")
    assert paper["title"].startswith("Structural control of ultra-fine CoPt nanodot arrays via")
    assert paper["source_format"] == "wos"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_wos_tab_delimited_export(tmp_path, encoding):
    header = "PT\tAU\tAF\tTI\tSO\tC1\tOI\tPY\tDI\tUT"
    row = (
        "J\tWodarz, S; Hasegawa, T\tWodarz, Siggi; Hasegawa, Takashi\tCoPt nanodots\tJMMM\t"
        "[Wodarz, Siggi] Waseda Univ, Tokyo, Japan.; [Hasegawa, Takashi] Akita Univ, Akita, Japan."
        "\tHasegawa, Takashi/0000-0002-8178-4980\t2016\t10.1016/j.jmmm.2016.01.001\tWOS:1"
    )
    path = tmp_path / "savedrecs.txt"
    path.write_text(header + "\n" + row + "\n", encoding=encoding)
    assert gp.sniff_format(path)[0] == "wos"
    c = gp.read(path)
    assert c.authorships[["printed_name", "affiliation"]].values.tolist() == [
        ["Siggi Wodarz", "Waseda Univ"],
        ["Takashi Hasegawa", "Akita Univ"],
    ]
    assert c.authorships["author_key"].tolist()[1] == "orcid:0000-0002-8178-4980"
    assert c.papers["doi"].tolist() == ["10.1016/j.jmmm.2016.01.001"]


def test_wos_metaknowledge_published_coauthor_network(shared_data):
    # metaknowledge's test_coAuth: 45 nodes, 46 edges on testFile.isi (AF full names)
    for name in ("testFile.isi", "savedrecs.txt"):
        c = gp.read_wos(shared_data / "records/wos_metaknowledge" / name, merge_names=False)
        check_contract(c)
        assert coauthor_counts(c) == (45, 46)
        assert c.n_papers == 32
    c = gp.read_wos(shared_data / "records/wos_metaknowledge/testFile.isi")
    report = c.load_report
    # 34 records: two are the same DOI twice, one has "AUGilles, H" without a space
    assert (report["action"] == "duplicate").sum() == 2
    glued = report[report["action"] == "repaired"]
    assert glued["line"].tolist() == [416]
    # with the name layer "F Flory" and "F FLORY" are one person
    assert c.n_authors == 44
    assert set(c.merges["variant"]) | set(c.merges["name"]) >= {"F Flory"}


def test_wos_badfile_handled(shared_data):
    bad = shared_data / "records/wos_metaknowledge/badFile.isi"
    with pytest.raises(gp.ParseError) as err:
        gp.read_wos(bad)
    assert err.value.line == 2070 and "EF" in str(err.value)
    c = gp.read_wos(bad, errors="skip")
    assert c.n_papers == 32
    assert c.load_report["line"].tolist() == [2070]
    with pytest.warns(gp.io._errors.ParseWarning):
        gp.read_wos(bad, errors="warn")


def test_wos_wostools_affiliations(shared_data):
    c = gp.read_wos(shared_data / "records/wos_wostools/bit-pattern-savedrecs.txt")
    check_contract(c)
    # 500 records, 500 UTs: "Novel Approach to reduce BER in Cognitive Radio" is printed
    # twice in one journal and year (lines 9281 and 9984) with two UTs and two author
    # lists (Singh, EM / Singh, M): the source's own ids make them two papers
    assert c.n_papers == 500
    assert (c.load_report["action"] == "duplicate").sum() == 0
    twice = c.papers[c.papers["title"] == "Novel Approach to reduce BER in Cognitive Radio"]
    assert sorted(twice["wos_id"]) == ["WOS:000365528700007", "WOS:000365531800016"]
    assert authors_of(c, "In situ grazing incidence small-angle X-ray") == [
        "Zhiwei Sun",
        "Thomas P. Russell",
    ]
    ships = c.authorships
    assert ships["affiliation"].notna().mean() > 0.95
    first = c.papers[c.papers["title"].str.startswith("In situ grazing incidence")].iloc[0]
    assert first["labs"] == (
        "Univ Massachusetts Amherst",
        "Lawrence Berkeley Natl Lab",
        "Beijing Univ Chem Technol",
    )


# --- MEDLINE -------------------------------------------------------------------------
def test_medline(shared_data):
    c = gp.read_medline(shared_data / "records/medline_metaknowledge/medline_test.medline")
    check_contract(c)
    assert c.n_papers == 175
    assert authors_of(c, "Bioinformatic survey of ABC transporters") == [
        "Marek Gadzalski",
        "Anita Ciesielska",
        "Pawel Staczek",
    ]
    paper = c.papers[c.papers["title"].str.startswith("Bioinformatic survey")].iloc[0]
    assert paper["doi"] == "10.1016/j.gene.2015.10.064"
    assert paper["date"] == pd.Timestamp("2016-01-15")
    assert paper["labs"] == ("University of Lodz",)


# --- RIS -----------------------------------------------------------------------------
def test_ris_litstudy_published_values():
    # litstudy's test: 25 documents; doc 0 2019, 6 keywords, abstract of 990
    # characters, 2 authors, the first "G. Kalbe" (printed twice in the file)
    c = gp.read_ris(REC / "litstudy" / "example.ris")
    check_contract(c)
    assert c.n_papers == 25
    paper = c.papers[c.papers["title"] == "The European Approach to the Exascale Challenge"].iloc[0]
    assert paper["year"] == 2019 and len(paper["keywords"]) == 6 and len(paper["abstract"]) == 990
    assert paper["n_authors_visible"] == 2
    assert authors_of(c, "The European Approach") == ["G. Kalbe"]
    assert "printed more than once" in " ".join(c.load_report["reason"])


@pytest.mark.parametrize("name", sorted(p.name for p in (REC / "ris_rispy").glob("*.ris")))
def test_ris_rispy_fixtures_never_crash(name):
    c = gp.read_ris(REC / "ris_rispy" / name, errors="skip")
    check_contract(c)


def test_ris_rispy_by_hand():
    c = gp.read_ris(REC / "ris_rispy" / "example_full.ris")
    assert authors_of(c, "Title of reference") == ["Karl Marx", "Astrid Lindgren"]
    assert sorted(c.papers["year"].tolist()) == [2006, 2014]
    basic = gp.read_ris(REC / "ris_rispy" / "example_basic.ris")
    assert basic.authorships["printed_name"].tolist() == ["Claude E. Shannon"]
    assert basic.papers["year"].tolist() == [1948]
    # a WoS file saved as .ris is recognised
    wos = gp.read_ris(REC / "ris_rispy" / "example_wos.ris")
    assert wos.n_papers == 2 and "read as WoS" in wos.load_report["reason"].iloc[0]
    assert authors_of(wos, "Interactions stabilizing")[:2] == ["PS Parkes-Loach", "AP Majeed"]


def test_ris_scopus_export(shared_data):
    c = gp.read_ris(shared_data / "records/wos_wostools/scopus.ris")
    check_contract(c)
    assert c.n_papers + (c.load_report["action"] == "duplicate").sum() == 836
    assert authors_of(c, "FORC signatures and switching-field distributions") == [
        "A. Pierrot",
        "F. Béron",
        "T. Blon",
    ]


# --- BibTeX --------------------------------------------------------------------------
def test_bibtex_by_hand():
    c = gp.read_bibtex(REC / "bibtex" / "article.bib")
    check_contract(c)
    assert c.authorships["printed_name"].tolist() == ["Jean César"]
    assert c.papers["year"].tolist() == [2013]
    # "Jean Laid{\'e},\n Ben Loaeb" is one name in BibTeX: Last = "Jean Laidé"
    traps = gp.read_bibtex(REC / "bibtex" / "traps.bib")
    assert traps.authorships["printed_name"].tolist() == ["Ben Loaeb Jean Laidé"]
    capital = gp.read_bibtex(REC / "bibtex" / "book_capital_AND.bib")
    assert capital.authorships["printed_name"].tolist() == [
        "R.B. Bird",
        "R.C. Armstrong",
        "O. Hassager",
    ]
    strings = gp.read_bibtex(REC / "bibtex" / "string.bib")
    assert strings.authorships["printed_name"].tolist() == [
        "Sang Kil Cha",
        "Maverick Woo",
        "David Brumley",
    ]
    bom = gp.read_bibtex(REC / "bibtex" / "article_start_with_bom.bib")
    assert bom.n_papers == 1


def test_bibtex_wrong_entries_reported():
    with pytest.raises(gp.ParseError):
        gp.read_bibtex(REC / "bibtex" / "wrong.bib")
    c = gp.read_bibtex(REC / "bibtex" / "wrong.bib", errors="skip")
    assert c.n_papers == 0 and c.load_report["line"].tolist() == [3, 7]


def test_bibtex_name_split_matches_reference_cases():
    """144 BibTeX name strings with their expected first/von/last/jr parts."""
    cases = json.loads((REC / "bibtex" / "splitname_cases.json").read_text())["cases"]
    _, bnames, LatexNodes2Text = _imports()
    conv = LatexNodes2Text()
    agree = 0
    for case in cases:
        e = case["expected"]
        # the reference parts are raw LaTeX; decode them the same way (pylatexenc)
        expected = conv.latex_to_text(" ".join(e["first"] + e["von"] + e["last"] + e["jr"]))
        got = _person(case["name"], bnames, conv) or ""
        agree += " ".join(got.split()) == " ".join(expected.split())
    assert agree == len(cases)


def test_bibtex_all_upstream_fixtures_never_crash(shared_data):
    for path in sorted((shared_data / "records/bibtex_bibtexparser_v1").glob("*.bib")):
        check_contract(gp.read_bibtex(path, errors="skip"))


# --- Scopus, IEEE, Springer, bibliometrix -------------------------------------------
def test_scopus_litstudy_published_values(shared_data):
    # litstudy: doc 0 "Scalable molecular dynamics with NAMD", 2005, 10 authors,
    # the first "Phillips, J.C. (ID: 57202138757)"
    c = gp.read_scopus_csv(shared_data / "records/litstudy/scopus.csv")
    check_contract(c)
    paper = c.papers[c.papers["title"] == "Scalable molecular dynamics with NAMD"].iloc[0]
    assert paper["year"] == 2005 and paper["n_authors_visible"] == 10
    ships = c.authorships[c.authorships["paper_id"] == paper.name].sort_values("position")
    assert ships["printed_name"].iloc[0] == "J.C. Phillips"
    assert ships["author_key"].iloc[0] == "scopus:57202138757"
    # "Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, IL ...": the
    # institution is the university the address names, the institute a unit of it
    assert ships["affiliation"].iloc[0] == "University of Illinois at Urbana-Champaign"
    assert paper["doi"] == "10.1002/jcc.20289"
    # rows whose field count disagrees with the header are reported, not dropped
    assert (c.load_report["action"] == "repaired").any()


def test_ieee_published_values():
    c = gp.read_csv(REC / "litstudy" / "ieee.csv", preset="ieee")
    check_contract(c)
    assert c.n_papers == 10
    ships = c.authorships
    kogge = ships[ships["printed_name"] == "P. Kogge"]
    assert kogge["affiliation"].tolist() == ["University of Notre Dame"]
    # "European HPC Landscape": 6 authors, 7 affiliations -> not aligned, flagged
    hpc = c.papers[c.papers["title"] == "European HPC Landscape"].iloc[0]
    assert hpc["n_authors_visible"] == 6
    assert ships.loc[ships["paper_id"] == hpc.name, "affiliation"].isna().all()
    flagged = c.load_report[c.load_report["action"] == "flagged"]
    assert flagged["line"].tolist() == [3]


def test_springer_glued_authors():
    c = gp.read_csv(REC / "litstudy" / "springer.csv", preset="springer")
    assert authors_of(c, "Graph-Based Load Balancing Model") == [
        "Araz R. Aliev",
        "Nigar T. Ismayilova",
    ]


def test_bibliometrix_collections(shared_data):
    base = shared_data / "records/bibliometrix"
    sizes = {
        "management.csv": 449,
        "scientometrics.csv": 147,
        "isiCollection.csv": 329,
        "scopusCollection.csv": 487,
        "garfield.csv": 219,
    }
    for name, rows in sizes.items():
        c = gp.read_csv(base / name, preset="bibliometrix", errors="skip")
        check_contract(c)
        skipped = (c.load_report["action"] == "skipped").sum()
        duplicates = (c.load_report["action"] == "duplicate").sum()
        assert c.n_papers + skipped + duplicates == rows, name
    m = gp.read_csv(base / "management.csv", preset="bibliometrix")
    assert authors_of(m, "THE EVALUATION OF RESEARCH EXCELLENCE")[:2] == [
        "CAROLINA CANIBANO",
        "IMMACULADA VILARDELL",
    ]
    aff = m.authorships.set_index("printed_name")["affiliation"]
    assert aff["CAROLINA CANIBANO"] == "UNIV POLITECN VALENCIA"


# --- OpenAlex ------------------------------------------------------------------------
def test_openalex_work_by_hand(tmp_path):
    path = REC / "openalex" / "W2741809807_work.json"
    c = gp.read_openalex(path)
    check_contract(c)
    paper = c.papers.iloc[0]
    assert paper["doi"] == "10.7717/peerj.4375"
    assert paper["date"] == pd.Timestamp("2018-02-13") and paper["year"] == 2018
    assert paper["openalex_id"] == "W2741809807"
    ships = c.authorships
    assert len(ships) == 9
    assert ships["printed_name"].iloc[0] == "Heather A. Piwowar"
    assert ships["author_key"].iloc[0] == "openalex:A1969205032"
    assert ships["affiliation"].iloc[0] == "Our Research"
    # the same work as JSON lines, as a list, and as an API page give the same corpus
    work = json.loads(path.read_text())
    (tmp_path / "works.jsonl").write_text(json.dumps(work) + "\n" + json.dumps(work) + "\n")
    (tmp_path / "page.json").write_text(json.dumps({"meta": {}, "results": [work]}))
    jl = gp.read_openalex(tmp_path / "works.jsonl")
    assert jl.n_papers == 1 and (jl.load_report["action"] == "duplicate").sum() == 1
    assert gp.read_openalex(tmp_path / "page.json").authorships.equals(c.authorships)
    assert gp.read_openalex([work]).authorships.equals(c.authorships)


def test_openalex_author_record_is_not_a_work(shared_data):
    with pytest.raises(gp.ParseError, match="author record"):
        gp.read_openalex(shared_data / "records/openalex/author_sample.json")


# --- DBLP ----------------------------------------------------------------------------
def test_dblp_every_record_type():
    c = gp.read_dblp_xml(REC / "dblp" / "allTagsData.xml")
    check_contract(c)
    assert c.n_papers == 26
    types = c.papers["document_type"].value_counts().to_dict()
    assert types == {
        "article": 13,
        "incollection": 3,
        "mastersthesis": 3,
        "phdthesis": 3,
        "inproceedings": 2,
        "book": 1,
        "proceedings": 1,
    }
    assert authors_of(c, "Meltdown") == [
        "Moritz Lipp",
        "Michael Schwarz 0001",
        "Daniel Gruss",
        "Thomas Prescher 0002",
        "Werner Haas 0004",
        "Stefan Mangard",
        "Paul Kocher",
        "Daniel Genkin",
        "Yuval Yarom",
        "Mike Hamburg",
    ]
    # &auml; / &uuml; resolved from dblp.dtd, without network
    labs = set(itertools.chain.from_iterable(c.papers["labs"]))
    assert {"Universität Trier", "LMU München"} <= labs
    assert c.papers["doi"].notna().sum() == 6


def test_dblp_homepages_unite_name_variants(tmp_path):
    (tmp_path / "dblp.xml").write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'
        b'<article key="j/1"><author>J&ouml;rg Meier</author><author>Ann Lee</author>'
        b"<title>One.</title><year>2001</year></article>\n"
        b'<article key="j/2"><author>Georg Meier 0002</author><author>Bob Roe</author>'
        b"<title>Two.</title><year>2002</year></article>\n"
        b'<www key="homepages/12/345"><author>J&ouml;rg Meier</author>'
        b"<author>Georg Meier 0002</author><title>Home Page</title></www>\n</dblp>\n"
    )
    c = gp.read_dblp_xml(tmp_path / "dblp.xml")
    assert c.n_papers == 2 and c.n_authors == 3
    merge = c.merges.iloc[0]
    assert (merge["variant"], merge["rule"]) == ("Jörg Meier", "same-id")
    assert "homepages/12/345" in merge["reason"]
    assert "1 www" in c.load_report["reason"].iloc[0]


def test_dblp_entities_without_dtd(tmp_path):
    (tmp_path / "x.xml").write_bytes(
        (REC / "dblp" / "allTagsData.xml").read_bytes()
    )  # no dblp.dtd beside it: html.entities is the fallback
    c = gp.read_dblp_xml(tmp_path / "x.xml")
    assert "Universität Trier" in set(itertools.chain.from_iterable(c.papers["labs"]))


# --- arXiv ---------------------------------------------------------------------------
def test_arxiv_by_hand():
    c = gp.read_arxiv_atom(REC / "arxiv" / "id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml")
    check_contract(c)
    assert c.authorships["printed_name"].tolist() == [
        "Andrew Gould",
        "Susan Dorsher",
        "B. Scott Gaudi",
        "Andrzej Udalski",
    ]
    assert c.authorships["affiliation"].tolist() == [
        "Ohio State",
        "Ohio State",
        "CfA",
        "Warsaw University Observatory",
    ]
    paper = c.papers.iloc[0]
    assert paper["arxiv_id"] == "astro-ph/0601001" and paper["category"] == "astro-ph"
    assert paper["date"] == pd.Timestamp("2006-01-02")
    big = gp.read_arxiv_atom(
        REC / "arxiv" / "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.atom.xml"
    )
    assert big.papers["n_authors_visible"].tolist() == [34]
    names = big.authorships.sort_values("position")["printed_name"]
    assert (names.iloc[0], names.iloc[-1]) == ("Kees A. Schouhamer Immink", "Hirosuke Yamamoto")


def test_arxiv_query_page(shared_data):
    c = gp.read_arxiv_atom(
        shared_data / "records/arxiv_atom/q_testing_s0_m100_cfe7536492ca.atom.xml"
    )
    check_contract(c)
    assert c.n_papers == 100
    assert c.papers["n_authors_visible"].max() == 9


# --- read() and combining sources ----------------------------------------------------
@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("wostools/single-article.txt", "wos"),
        ("litstudy/example.ris", "ris"),
        ("bibtex/article.bib", "bibtex"),
        ("openalex/W2741809807_work.json", "openalex"),
        ("dblp/allTagsData.xml", "dblp"),
        ("arxiv/id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml", "arxiv"),
        ("litstudy/ieee.csv", "ieee"),
        ("litstudy/springer.csv", "springer"),
        ("ris_rispy/example_wos.ris", "wos"),
    ],
)
def test_read_sniffs_and_says_so(path, fmt):
    assert gp.sniff_format(REC / path)[0] == fmt
    c = gp.read(REC / path, errors="skip")
    said = c.load_report[c.load_report["action"] == "format"]["reason"].iloc[0]
    assert said.startswith(f"read as {fmt}:")


def test_read_sniffs_shared_formats(shared_data):
    r = shared_data / "records"
    assert gp.sniff_format(r / "litstudy/scopus.csv")[0] == "scopus"
    assert gp.sniff_format(r / "medline_metaknowledge/medline_test.medline")[0] == "medline"
    assert gp.sniff_format(r / "bibliometrix/management.csv")[0] == "bibliometrix"
    assert gp.sniff_format(r / "wos_metaknowledge/testFile.isi")[0] == "wos"


def test_combine_bibtex_and_openalex_by_doi_then_title(tmp_path):
    work = json.loads((REC / "openalex" / "W2741809807_work.json").read_text())
    (tmp_path / "refs.bib").write_text(
        "@article{piwowar2018, author = {Piwowar, Heather and Priem, Jason},\n"
        "  title = {The state of {OA}: a large-scale analysis of the prevalence and impact of "
        "Open Access articles}, year = 2018, doi = {10.7717/PEERJ.4375}}\n"
        "@article{other, author = {Ada Byron}, title = {On Engines}, year = 1843}\n"
        "@article{notitle, author = {Charles Babbage}, title = {ON ENGINES!}, year = 1843}\n"
    )
    bib = gp.read_bibtex(tmp_path / "refs.bib")
    assert bib.n_papers == 2  # the two "On Engines" records are one paper already
    oa = gp.read_openalex(work)
    both = gp.concat_sources([bib, oa])
    assert both.n_papers == 2
    shared = both.papers[both.papers["doi"] == "10.7717/peerj.4375"]
    assert len(shared) == 1
    assert set(shared.iloc[0]["sources"]) == {"refs.bib", "<object>"}
    ships = both.authorships[both.authorships["paper_id"] == shared.index[0]]
    # "Heather Piwowar" (BibTeX) and "Heather A. Piwowar" (OpenAlex) are one author
    assert ships["author_id"].nunique() == 9
    merge = both.merges.set_index("variant").loc["Heather Piwowar"]
    assert merge["rule"] == "same-id" and "openalex:A1969205032" in merge["reason"]
    assert (both.load_report["action"] == "merged-duplicate").sum() == 2
    # title + year matching when one side has no DOI
    (tmp_path / "nodoi.bib").write_text(
        "@article{x, author = {Jason Priem}, title = {The State of OA: A Large-Scale Analysis "
        "of the Prevalence and Impact of Open Access Articles.}, year = 2018}\n"
    )
    again = gp.concat_sources([gp.read_bibtex(tmp_path / "nodoi.bib"), oa])
    assert again.n_papers == 1
    assert again.papers["doi"].tolist() == ["10.7717/peerj.4375"]


def test_read_directory_combines(tmp_path):
    for name in ("example.ris", "ieee.csv"):
        (tmp_path / name).write_bytes((REC / "litstudy" / name).read_bytes())
    ris = gp.read_ris(tmp_path / "example.ris")
    ieee = gp.read_csv(tmp_path / "ieee.csv", preset="ieee")
    both = gp.read(tmp_path)
    overlap = set(ris.papers["doi"].dropna()) & set(ieee.papers["doi"].dropna())
    assert both.n_papers == ris.n_papers + ieee.n_papers - len(overlap)
    assert (both.load_report["action"] == "format").sum() == 2


def test_from_authorships_long_table_and_csv_one_row_per_authorship(tmp_path):
    (tmp_path / "long.csv").write_text(
        "pid,title,author,year\n"
        "1,Graph paper,Ada Byron,1843\n1,Graph paper,Charles Babbage,1843\n2,Other,Ada Byron,1844\n"
    )
    c = gp.read_csv(tmp_path / "long.csv", authors="author", paper_id="pid", year="year")
    assert c.n_papers == 2
    assert authors_of(c, "Graph paper") == ["Ada Byron", "Charles Babbage"]


def test_csv_missing_columns_is_a_schema_error(tmp_path):
    (tmp_path / "t.csv").write_text("name,year\nx,2000\n")
    with pytest.raises(gp.SchemaError, match="title"):
        gp.read_csv(tmp_path / "t.csv")


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "e.bib").write_text("")
    (tmp_path / "b.txt").write_bytes(b"PT J\x00\x00\x01")
    with pytest.raises(gp.ParseError, match="empty"):
        gp.read_bibtex(tmp_path / "e.bib")
    assert gp.read_bibtex(tmp_path / "e.bib", errors="skip").n_papers == 0
    with pytest.raises(gp.ParseError, match="binary"):
        gp.read_wos(tmp_path / "b.txt")


def test_invert_names_is_invert_name_of_each():
    # the batch form must give what the per-name function gives, hostile spellings included
    import random

    from graphlib_papers.io._common import invert_name, invert_names

    pieces = ["Sun", "Zhiwei", "Jr.", "III", "jr", "de la Cruz", " ", ",", ";", ", ,", "Ø",
              "e\u0301", "\u0301", "\t", "  ", "A.", "Li", "", "van", "Mack"]
    rng = random.Random(7)
    names = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 7))) for _ in range(3000)]
    names += ["Roach, Mack, III", "Thames, Howard, Jr.", "Heather A. Piwowar", ",,", "Lee,"]
    assert invert_names(names) == [invert_name(n) for n in names]
    assert invert_names(["Roach, Mack, III"]) == ["Mack Roach III"]


@pytest.mark.parametrize("block", [1, 2, 3, 4096])
def test_clean_all_passes_on_exactly_the_texts_clean_leaves_alone(monkeypatch, block):
    # the column check works on blocks of texts; whatever the block size, a column is
    # passed on untouched exactly when clean() would return every value as it is
    import random

    from graphlib_papers.io import _common

    monkeypatch.setattr(_common, "_CLEAN_BLOCK", block)
    pieces = ["a", "b", " ", "  ", "\n", "\t", "é", "\x07", "\u00a0", "x y", ""]
    rng = random.Random(block)
    for _ in range(1500):
        values = [None if rng.random() < 0.1 else
                  "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
                  for _ in range(rng.randint(0, 6))]
        expected = all(v is None or _common.clean(v) == v for v in values)
        assert _common._all_clean(values) is expected, values
        assert _common.clean_all(values) == [_common.clean(v) for v in values]
