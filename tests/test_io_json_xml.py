"""arXiv Atom namespace variants and OpenAlex field types and positions.

Every file is written here by hand; expected values are read off the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphlib_papers as gp

ATOM = "http://www.w3.org/2005/Atom"
DATA = Path(__file__).resolve().parent / "data" / "records"


def _entry(prefix: str = "", arxiv: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    return (
        f"<{p}entry><{p}id>http://arxiv.org/abs/2101.00001v2</{p}id>"
        f"<{p}title>Sparse Graphs</{p}title><{p}published>2021-01-05T00:00:00Z</{p}published>"
        f"<{p}author><{p}name>Ada Byron</{p}name>{arxiv}</{p}author>"
        f"<{p}author><{p}name>Alan Turing</{p}name></{p}author></{p}entry>"
    )


@pytest.mark.parametrize(
    "text",
    [
        f"<feed>{_entry()}</feed>",  # no namespace at all
        f'<feed xmlns="{ATOM}">{_entry()}</feed>',
        f'<a:feed xmlns:a="{ATOM}">{_entry("a")}</a:feed>',  # prefixed Atom
        f'<feed xmlns="http://purl.org/atom/ns#">{_entry()}</feed>',  # Atom 0.3
        f'<?xml version="1.0"?>\n<feed xmlns="{ATOM}" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        + _entry(arxiv="<arxiv:affiliation>Cambridge</arxiv:affiliation>") + "</feed>",
    ],
    ids=["none", "default", "prefixed", "atom03", "arxiv-ns"],
)
def test_arxiv_atom_namespace_variants_read_the_same(tmp_path, text):
    path = tmp_path / "q.xml"
    path.write_text(text)
    for c in (gp.read_arxiv_atom(path), gp.read(path)):
        assert c.papers[["title", "arxiv_id", "year"]].values.tolist() == [
            ["Sparse Graphs", "2101.00001", 2021]
        ]
        assert c.authorships["printed_name"].tolist() == ["Ada Byron", "Alan Turing"]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("<rss><channel><item><title>x</title></item></channel></rss>", "no <entry> element"),
        (f'<feed xmlns="{ATOM}"><title>query</title></feed>', "no <entry> element"),
        (f'<feed xmlns="{ATOM}">' + _entry(arxiv="<arxiv:affiliation>X</arxiv:affiliation>")
         + "</feed>", "unbound prefix"),
    ],
)
def test_arxiv_feed_without_entries_is_an_error_never_an_empty_corpus(tmp_path, text, match):
    path = tmp_path / "odd.xml"
    path.write_text(text)
    with pytest.raises(gp.ParseError, match=match) as err:
        gp.read_arxiv_atom(path)
    assert err.value.source == str(path) and err.value.line == 1
    c = gp.read_arxiv_atom(path, errors="skip")
    assert c.n_papers == 0 and (c.load_report["action"] == "skipped").sum() == 1


def _work(i: int, **fields) -> dict:
    work = {
        "id": f"https://openalex.org/W{i}",
        "title": f"Work number {i}",
        "publication_year": 2020,
        "authorships": [
            {"author": {"id": f"https://openalex.org/A{i}", "display_name": "Ada Byron"}},
            {"author": {"id": "https://openalex.org/A99", "display_name": "Alan Turing"}},
        ],
    }
    work.update(fields)
    return work


def test_openalex_wrong_types_are_never_stringified(tmp_path):
    works = [
        _work(1, title={"x": 1}, display_name=["also", "wrong"]),
        _work(2, authorships=[
            {"author": {"display_name": {"given": "Ada"}}, "raw_author_name": "Ada Byron"},
            {"author": "Alan Turing", "institutions": [{"display_name": 5}, "MIT"]},
            {"author": {"display_name": 42}},
        ], type=["article"]),
        _work(3, doi={"url": "10.1234/x"}, publication_year="2020"),
    ]
    path = tmp_path / "works.json"
    path.write_text(json.dumps(works, indent=2))
    c = gp.read_openalex(path, errors="skip")
    names = c.authorships["printed_name"].tolist() + c.papers["title"].tolist()
    assert not [n for n in names if any(ch in n for ch in "{}[]'\"") or n.isdigit()]
    assert sorted(c.papers["title"]) == ["Work number 2", "Work number 3"]
    report = c.load_report
    # work 1 has no usable title: skipped, and the wrong types said, with its position
    lines = [i + 1 for i, ln in enumerate(path.read_text().splitlines()) if ln == "  {"]
    row1 = report[report["reason"].str.startswith("record 1:")]
    assert set(row1["line"]) == {lines[0]}
    assert row1["reason"].str.contains("title is a JSON object").any()
    skipped = report[report["action"] == "skipped"]
    assert skipped["line"].tolist() == [lines[0]]  # no title, no DOI
    row2 = report[report["reason"].str.startswith("record 2:")]
    assert set(row2["line"]) == {lines[1]}
    wrong = "authorships\\[1\\].author.display_name is a JSON object"
    assert row2["reason"].str.contains(wrong).any()
    assert row2["reason"].str.contains("authorships\\[2\\].author is a JSON string").any()
    assert row2["reason"].str.contains("type is a JSON array").any()
    # authorships 2 and 3 have no usable name: one row, positions given
    assert row2["reason"].str.contains("2 authorship\\(s\\) without an author name left out "
                                       "\\(position 2, 3 of 3\\)").any()
    row3 = report[report["reason"].str.startswith("record 3:")]
    assert row3["reason"].str.contains("doi is a JSON object").any()
    assert row3["reason"].str.contains("publication_year is a JSON string").any()
    assert c.papers.set_index("title").loc["Work number 2", "document_type"] is None


def test_openalex_document_records_carry_index_and_line(tmp_path):
    page = {"meta": {"count": 3}, "results": [_work(1), "not a work", _work(3)]}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=1))
    with pytest.raises(gp.ParseError, match="record 2: not an OpenAlex work") as err:
        gp.read_openalex(path)
    text = path.read_text().splitlines()
    assert text[err.value.line - 1].strip() == '"not a work",'
    c = gp.read_openalex(path, errors="skip")
    assert c.n_papers == 2


def test_openalex_json_lines_saved_as_json_with_a_broken_first_line(tmp_path):
    lines = [json.dumps(_work(i)) for i in range(1, 5)]
    path = tmp_path / "works.json"
    path.write_text(lines[0][:45] + "\n" + "\n".join(lines[1:]) + "\n")
    c = gp.read_openalex(path, errors="skip")
    assert sorted(c.papers["openalex_id"]) == ["W2", "W3", "W4"]
    skipped = c.load_report[c.load_report["action"] == "skipped"]
    assert skipped["line"].tolist() == [1]
    # and a broken line in the middle of such a file
    path.write_text("\n".join([lines[0], lines[1][:30], lines[2], lines[3]]) + "\n")
    c = gp.read_openalex(path, errors="skip")
    assert sorted(c.papers["openalex_id"]) == ["W1", "W3", "W4"]
    assert c.load_report.query("action == 'skipped'")["line"].tolist() == [2]


def test_openalex_documents_with_one_work_per_line_stay_documents(tmp_path):
    # an API page and a list written one work per line: not JSON lines, nothing lost
    works = [_work(i) for i in range(1, 4)]
    page = '{"meta": {"count": 3}, "results": [\n' + ",\n".join(map(json.dumps, works)) + "\n]}\n"
    listing = "[\n" + ",\n".join(map(json.dumps, works)) + "\n]\n"
    pretty = json.dumps(_work(9, keywords=[{"display_name": "x"}]), indent=1).replace(
        '{\n   "display_name": "x"\n  }', '{"display_name": "x"}')
    for name, text, ids in (("page.json", page, ["W1", "W2", "W3"]),
                            ("list.json", listing, ["W1", "W2", "W3"]),
                            ("one.json", pretty, ["W9"])):
        path = tmp_path / name
        path.write_text(text)
        c = gp.read_openalex(path)
        assert sorted(c.papers["openalex_id"]) == ids
        assert c.load_report.empty


def _columns(cols) -> dict:
    return {
        name: getattr(cols, name)
        for name in (*cols.FIELDS, "extra", "notes", "a_row", "a_name", "a_key", "a_aff")
    }


def test_openalex_plain_works_read_as_the_checked_reading_does():
    """The fast reading of a well-formed work gives the columns the field-by-field
    checked reading gives; a work it cannot vouch for is left to the checked one."""
    from graphlib_papers.io import openalex as oa
    from graphlib_papers.io._common import RecordColumns
    from graphlib_papers.io._errors import Reporter

    real = json.loads((DATA / "openalex" / "W2741809807_work.json").read_text(encoding="utf-8"))
    hand = {
        "id": "https://openalex.org/W7/",
        "title": "  Spaced\tout  title ",
        "publication_year": None,
        "publication_date": "2019-02",
        "authorships": [
            {"author": {"id": "https://openalex.org/A1", "display_name": " Ada  Byron "},
             "institutions": [], "raw_affiliation_strings": ["  Analytical  Society ", " "]},
            {"author": {"id": " ", "orcid": "https://orcid.org/0000-0001"},
             "raw_author_name": "ignored", "institutions": None},
        ],
        "host_venue": {"display_name": "Notes"},
        "keywords": [{"display_name": "engines"}, {"display_name": None}],
        "abstract_inverted_index": {"b": [1], "a": [0, 2]},
        "is_authors_truncated": True,
    }
    hand["authorships"][1]["author"]["display_name"] = "Charles Babbage"
    caches = (oa._Cleaned(), oa._Dates(), oa._Keys())
    for work in (real, hand):
        fast, checked = RecordColumns(), RecordColumns()
        assert oa._plain_work(work, "w.json", 3, fast, *caches)
        checked.add_record(oa._checked_work(work, "w.json", 3, Reporter("raise")))
        assert _columns(fast) == _columns(checked)
    assert fast.a_key == ["openalex:A1", "orcid:0000-0001"]
    assert fast.labs == [("Analytical Society",)]
    assert fast.abstract == ["a b a"]
    # wrong-typed or unnamed: nothing appended, the checked reading reports it
    for bad in ({**hand, "title": ["x"]}, {**hand, "publication_year": True},
                {**hand, "authorships": [{"author": {"display_name": "  "}}]}):
        cols = RecordColumns()
        assert not oa._plain_work(bad, "w.json", 3, cols, *caches)
        assert len(cols) == 0 and cols.a_name == []


def _one_institution(inst, raw=("Raw  Lab ",)):
    return {
        "id": "https://openalex.org/W5",
        "title": "T",
        "authorships": [
            {"author": {"id": "https://openalex.org/A1", "display_name": "Ada Byron"},
             "institutions": [inst], "raw_affiliation_strings": list(raw)},
            {"author": {"id": "https://openalex.org/A2", "display_name": "Charles Babbage"},
             "institutions": [{"display_name": "Royal Society"}]},
        ],
    }


@pytest.mark.parametrize(
    "inst, raw, first",
    [
        ({"display_name": " Analytical  Society "}, ("Raw  Lab ",), "Analytical Society"),
        ({"display_name": "  "}, ("Raw  Lab ",), "Raw Lab"),  # blank: the raw strings
        ({"display_name": None}, ("Raw  Lab ",), "Raw Lab"),
        ({}, (), None),  # nameless, and no raw string either
        ({"display_name": "Royal Society"}, (), "Royal Society"),  # the co-author's too
    ],
)
def test_openalex_one_institution_read_as_the_checked_reading_does(inst, raw, first):
    from graphlib_papers.io import openalex as oa
    from graphlib_papers.io._common import RecordColumns
    from graphlib_papers.io._errors import Reporter

    work = _one_institution(inst, raw)
    fast, checked = RecordColumns(), RecordColumns()
    assert oa._plain_work(work, "w.json", 3, fast, oa._Cleaned(), oa._Dates(), oa._Keys())
    checked.add_record(oa._checked_work(work, "w.json", 3, Reporter("raise")))
    assert _columns(fast) == _columns(checked)
    assert fast.a_aff == [first, "Royal Society"]
    assert fast.labs == [tuple(dict.fromkeys(x for x in (first, "Royal Society") if x))]


@pytest.mark.parametrize(
    "inst, wrong",
    [
        ("Analytical Society", "authorships[1].institutions holds a JSON string"),
        ({"display_name": 7}, "authorships[1].institutions.display_name is a JSON number"),
        (None, "authorships[1].institutions holds a JSON null"),
    ],
)
def test_openalex_wrong_typed_single_institution_left_to_the_checked_reading(inst, wrong):
    from graphlib_papers.io import openalex as oa
    from graphlib_papers.io._common import RecordColumns

    cols = RecordColumns()
    caches = (oa._Cleaned(), oa._Dates(), oa._Keys())
    assert not oa._plain_work(_one_institution(inst), "w.json", 3, cols, *caches)
    assert len(cols) == 0 and cols.a_name == []
    c = gp.read_openalex([_one_institution(inst)], errors="skip")
    assert c.load_report["action"].tolist() == ["repaired"]
    assert c.load_report["reason"].tolist() == [f"record 1: wrong-typed field(s) left out: {wrong}"]
    assert c.authorships["affiliation"].tolist() == ["Raw Lab", "Royal Society"]


@pytest.mark.parametrize(
    "aid, orcid, key",
    [
        ("https://openalex.org/A1", None, "openalex:A1"),
        ("https://openalex.org/A1/", None, "openalex:A1"),
        ("A9", None, "openalex:A9"),
        ("  ", "https://orcid.org/0000-0002", "orcid:0000-0002"),
        ("", None, None),
        ("https://openalex.org/", None, "openalex:openalex.org"),
        (None, None, None),
    ],
)
@pytest.mark.parametrize(
    "name, printed",
    [
        ("Zoë Ångström", "Zoë Ångström"),
        ("Ada\u00a0Byron", "Ada Byron"),
        ("Ada\tByron ", "Ada Byron"),
        (" Ada  Byron", "Ada Byron"),
    ],
)
def test_openalex_author_keys_and_names_read_as_the_checked_reading_does(
    aid, orcid, key, name, printed
):
    from graphlib_papers.io import openalex as oa
    from graphlib_papers.io._common import RecordColumns
    from graphlib_papers.io._errors import Reporter

    work = {
        "id": "https://openalex.org/W5",
        "title": "T",
        "authorships": [{"author": {"id": aid, "orcid": orcid, "display_name": name}}],
    }
    fast, checked = RecordColumns(), RecordColumns()
    assert oa._plain_work(work, "w.json", 3, fast, oa._Cleaned(), oa._Dates(), oa._Keys())
    checked.add_record(oa._checked_work(work, "w.json", 3, Reporter("raise")))
    assert _columns(fast) == _columns(checked)
    assert fast.a_key == [key]
    assert fast.a_name == [printed]


@pytest.mark.parametrize(
    "index, text",
    [
        ({"to": [0, 2], "be": [1, 3]}, "to be to be"),
        ({"a": [0], "b": [2]}, "a … b"),  # position 1 missing: the gap is shown
        ({"a": [1], "b": [2]}, "… a b"),
        ({"a": [0, 1], "b": [1]}, "a b"),  # position 1 twice: the later word
        ({"a": [0], "b": [1.0]}, "a"),  # a position that is not an integer is left out
        ({"a": [0], "b": [-1], "c": [1]}, "a c"),
        ({"a": [0], "b": "1"}, "a"),
        ({}, None),
    ],
)
def test_openalex_abstract_from_its_inverted_index(index, text):
    from graphlib_papers.io.openalex import _abstract

    assert _abstract(index) == text
