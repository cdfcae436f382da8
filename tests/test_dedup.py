"""De-duplication respects the sources' own ids: one rule, one paper-merge helper.

Every expected value below is counted by hand from the small files written here.
"""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io._dedup import PaperMatcher, own_ids, unite_rows


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _authors(corpus, title):
    pid = corpus.papers.index[corpus.papers["title"] == title]
    ships = corpus.authorships[corpus.authorships["paper_id"].isin(pid)]
    return sorted(ships["printed_name"])


def test_csv_rows_with_different_paper_ids_stay_two_papers(tmp_path):
    # same title, no year, different given ids: two papers, nobody's authors dropped
    path = _write(
        tmp_path,
        "ships.csv",
        "paper_id,title,authors\n"
        "A1,Notes on graphs,Ada Byron\n"
        "A2,Notes on graphs,Grace Hopper\n"
        "A2,Notes on graphs,Alan Turing\n",
    )
    c = gp.read_csv(path, paper_id="paper_id")
    assert c.n_papers == 2
    assert sorted(c.papers["source_id"]) == ["A1", "A2"]
    assert _authors(c, "Notes on graphs") == ["Ada Byron", "Alan Turing", "Grace Hopper"]
    assert (c.load_report["action"] == "duplicate").sum() == 0
    # the same with a year on both rows: the ids still decide
    path = _write(
        tmp_path,
        "dated.csv",
        "paper_id,title,authors,year\n"
        "B1,Graph notes,Ada Byron,1843\nB2,Graph Notes.,Ada Byron,1843\n",
    )
    assert gp.read_csv(path, paper_id="paper_id", year="year").n_papers == 2


def test_title_alone_never_merges_when_a_year_is_missing(tmp_path):
    bib = _write(
        tmp_path,
        "two.bib",
        "@article{a, title={On Sparse Graphs}, author={Ada Byron}, year={2001}}\n"
        "@article{b, title={On sparse graphs.}, author={Ada Byron and Alan Turing}}\n"
        "@article{c, title={On Sparse Graphs}, author={Grace Hopper}}\n",
    )
    c = gp.read_bibtex(bib)
    assert c.n_papers == 3
    assert (c.load_report["action"] == "duplicate").sum() == 0


def test_true_duplicate_keeps_the_union_of_its_authors(tmp_path):
    # the second copy (same DOI) shares Ada Byron and adds Alan Turing
    bib = _write(
        tmp_path,
        "dup.bib",
        "@article{a, title={Engines}, author={Ada Byron and Charles Babbage}, year={1843},\n"
        "  doi={10.1234/engines}}\n"
        "@article{b, title={Engines (reprint)}, author={Byron, Ada and Turing, Alan},\n"
        "  year={1950}, doi={10.1234/ENGINES}}\n",
    )
    c = gp.read_bibtex(bib)
    assert c.n_papers == 1
    assert _authors(c, "Engines") == ["Ada Byron", "Alan Turing", "Charles Babbage"]
    ships = c.authorships.set_index("printed_name")
    assert ships.loc["Alan Turing", "position"] is pd.NA  # order not known: not invented
    row = c.load_report[c.load_report["action"] == "duplicate"].iloc[0]
    assert row["line"] == 3
    assert "same DOI" in row["reason"] and "'Alan Turing'" in row["reason"]


def test_duplicate_without_a_shared_author_reports_what_it_dropped(tmp_path):
    ris = _write(
        tmp_path,
        "dup.ris",
        "TY  - JOUR\nTI  - Engines\nAU  - Byron, Ada\nPY  - 1843\nDO  - 10.1234/e\nER  - \n\n"
        "TY  - JOUR\nTI  - Engines\nAU  - Hopper, Grace\nPY  - 1843\nDO  - 10.1234/e\nER  - \n",
    )
    c = gp.read_ris(ris)
    assert _authors(c, "Engines") == ["Ada Byron"]
    reason = c.load_report.query("action == 'duplicate'")["reason"].iloc[0]
    assert "no author in common" in reason and "'Grace Hopper'" in reason


def test_shared_doi_but_different_pmid_are_two_papers(tmp_path):
    text = (
        "PMID- 111\nTI  - A study.\nDP  - 2016\nFAU - Byron, Ada\nLID - 10.1234/s [doi]\n\n"
        "PMID- 222\nTI  - A study.\nDP  - 2016\nFAU - Byron, Ada\nLID - 10.1234/s [doi]\n\n"
        "PMID- 111\nTI  - A study (corrected).\nDP  - 2017\nFAU - Byron, Ada\n"
    )
    c = gp.read_medline(_write(tmp_path, "m.medline", text))
    assert sorted(c.papers["pmid"]) == ["111", "222"]
    report = c.load_report
    flag = report[report["reason"].str.contains("PMID differs")]
    assert flag["line"].tolist() == [7]
    dup = report[report["action"] == "duplicate"]
    assert dup["line"].tolist() == [13] and "same PMID" in dup["reason"].iloc[0]


def test_concat_sources_matches_across_id_systems_but_not_against_ids(tmp_path):
    wos = _write(
        tmp_path,
        "w.txt",
        "FN Clarivate Analytics Web of Science\nVR 1.0\n"
        "PT J\nAU Byron, A\nAF Byron, Ada\nTI Engines of thought\nPY 1999\n"
        "UT WOS:000123456700001\nER\n\n"
        "PT J\nAU Byron, A\nAF Byron, Ada\nTI Engines of thought\nPY 1999\n"
        "UT WOS:000123456700002\nER\nEF\n",
    )
    bib = _write(
        tmp_path,
        "b.bib",
        "@article{x, title={Engines of Thought}, author={Ada Byron}, year={1999}}\n"
        "@article{y, title={Engines of thought}, author={Ada Byron}}\n",
    )
    a, b = gp.read_wos(wos), gp.read_bibtex(bib)
    assert a.n_papers == 2  # two UTs: two papers
    both = gp.concat_sources([a, b])
    # the dated BibTeX entry carries no id of a WoS kind: it joins the first WoS paper
    # by title and year; the undated one joins nothing
    assert both.n_papers == 3
    m = gp.match_papers([a, b])
    assert m["rule"].tolist() == ["title+year", None, "title+year", None]


def test_matcher_rule_and_unite_rows_are_the_one_helper():
    m = PaperMatcher()
    assert m.match("T", 2000, own_ids({"wos_id": "WOS:000000000000001"}))[1] is None
    # a same-shaped title with a different UT: apart
    assert m.match("T", 2000, own_ids({"wos_id": "WOS:000000000000002"}))[1:] == (None, None)
    # a DOI shared, but another kind differs: apart, and the clash is said
    g, rule, clash = m.match("U", 2001, own_ids({"doi": "10.1234/u", "pmid": "1"}))
    assert rule is None
    g2, rule, clash = m.match("U", 2001, own_ids({"doi": "10.1234/u", "pmid": "2"}))
    assert (rule, clash) == (None, (g, "pmid"))
    # shapes: a shifted column's text is not an id
    assert own_ids({"scopus_id": "Scopus", "wos_id": "WOS:000177484FG0017"}) == {}
    row = {"sources": ("a",), "labs": ("x",), "authors_truncated": True, "has_code": False,
           "abstract": None, "year": 2024, "year_inferred": True}
    unite_rows(row, {"sources": ("b", "a"), "labs": ("y",), "authors_truncated": False,
                     "has_code": True, "abstract": "text", "year": 2023, "year_inferred": False})
    assert row == {"sources": ("a", "b"), "labs": ("x", "y"), "authors_truncated": False,
                   "has_code": True, "abstract": "text", "year": 2023, "year_inferred": False}


def test_concat_sources_unites_rows_with_the_same_helper():
    a = gp.Corpus.from_authorships(pd.DataFrame(
        {"paper_id": ["p"], "author": ["Ada Byron"], "has_code": [False], "labs": ["x"]}))
    b = gp.Corpus.from_authorships(pd.DataFrame(
        {"paper_id": ["p"], "author": ["Alan Turing"], "has_code": [True], "labs": ["y"]}))
    both = gp.concat_sources([a, b])
    assert both.papers.loc["p", "has_code"]
    assert both.papers.loc["p", "labs"] == ("x", "y")
    assert both.n_authors == 2


@pytest.mark.parametrize("shape", ["long", "wide"])
def test_five_thousand_author_paper(tmp_path, shape):
    # a hyper-authored paper: every author kept once, the repeated one flagged;
    # the duplicate checks use sets and counters (no per-author scan of the list)
    names = [f"Ada{chr(65 + i % 26)}{chr(65 + i // 26 % 26)} Byron{i // 676}" for i in range(5000)]
    names = [n.replace("0", "Zero").replace("1", "One").replace("2", "Two") for n in names]
    names = [n.translate(str.maketrans("3456789", "cdefghi")) for n in names]
    if shape == "long":
        lines = ["paper_id,title,authors,year"]
        lines += [f"P,Big physics,{n},2020" for n in names + names[:10]]
        c = gp.read_csv(_write(tmp_path, "long.csv", "\n".join(lines) + "\n"),
                        paper_id="paper_id", year="year", merge_names=False)
    else:
        cell = "; ".join(names + [names[-1]])
        text = f'title,authors,year\nBig physics,"{cell}",2020\n'
        c = gp.read_csv(_write(tmp_path, "wide.csv", text), year="year", merge_names=False)
        flag = c.load_report.query("action == 'flagged'")["reason"].tolist()
        assert flag == [f"author {names[-1]!r} printed more than once; kept once"]
    assert len(set(names)) == 5000
    assert c.n_papers == 1 and len(c.authorships) == 5000
    assert c.authorships["position"].tolist() == list(range(1, 5001))
