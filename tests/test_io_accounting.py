"""Record accounting in the OpenAlex, arXiv Atom, DBLP and profile-page readers.

Every record a file holds (counted by the format's own record boundary: a JSON line,
an item of a JSON list, an ``<entry>``, a child of ``<dblp>``, a category/date line
of a profile page) is a paper, a duplicate of one, or a load-report row naming the
file, a line and a reason. A reader that loses one silently raises
:class:`graphlib_papers.AccountingError`. Every input here is written by hand; the
expected counts and lines are read off the text.
"""

from __future__ import annotations

import json

import pytest

import graphlib_papers as gp
from graphlib_papers.io import arxiv as arxiv_mod
from graphlib_papers.io import dblp as dblp_mod
from graphlib_papers.io import openalex as openalex_mod
from graphlib_papers.io import profiles as profiles_mod

ATOM = "http://www.w3.org/2005/Atom"


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


def _entry(i: int, *, title: str | None = None, name: str = "Ada Byron") -> str:
    return (
        f"<entry><id>http://arxiv.org/abs/2101.0000{i}v1</id>"
        f"<title>{title or f'Paper {i}'}</title><published>2021-01-0{i}T00:00:00Z</published>"
        f"<author><name>{name}</name></author><author><name>Alan Turing</name></author>"
        "</entry>\n"
    )


def _article(key: str, title: str, tag: str = "article") -> str:
    return (
        f'<{tag} key="{key}"><author>Ada Byron</author><author>Alan Turing</author>'
        f"<title>{title}.</title><year>2001</year></{tag}>\n"
    )


def _skipped(c: gp.Corpus) -> list[tuple[int, str]]:
    rows = c.load_report[c.load_report["action"] == "skipped"]
    return list(zip(rows["line"].tolist(), rows["reason"].tolist(), strict=True))


# --- the exception ---------------------------------------------------------------


def test_accounting_error_is_a_package_error_and_a_runtime_error():
    assert issubclass(gp.AccountingError, gp.GraphlibPapersError)
    assert issubclass(gp.AccountingError, RuntimeError)
    assert not issubclass(gp.AccountingError, gp.ParseError)  # no errors= setting hides it
    from graphlib_papers.io._errors import AccountingError

    assert AccountingError is gp.AccountingError


# --- a reader that loses a record silently fails loudly ---------------------------


def _drop_second(func):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 2 else func(*args, **kwargs)

    return wrapper


def test_a_silently_lost_openalex_work_raises(tmp_path, monkeypatch):
    path = tmp_path / "works.jsonl"
    path.write_text("".join(json.dumps(_work(i)) + "\n" for i in (1, 2, 3)))
    assert gp.read_openalex(path).n_papers == 3
    monkeypatch.setattr(openalex_mod, "_work", _drop_second(openalex_mod._work))
    with pytest.raises(gp.AccountingError, match="3 records seen but 2 accounted for"):
        gp.read_openalex(path, errors="skip")


def test_a_silently_lost_atom_entry_raises(tmp_path, monkeypatch):
    path = tmp_path / "feed.xml"
    path.write_text(f'<feed xmlns="{ATOM}">' + _entry(1) + _entry(2) + "</feed>")
    assert gp.read_arxiv_atom(path).n_papers == 2
    monkeypatch.setattr(arxiv_mod, "_record", _drop_second(arxiv_mod._record))
    with pytest.raises(gp.AccountingError, match="2 records seen but 1 accounted for"):
        gp.read_arxiv_atom(path, errors="skip")


def test_dblp_records_are_counted_apart_from_the_elements_yielded(tmp_path, monkeypatch):
    path = tmp_path / "dblp.xml"
    path.write_text("<dblp>\n" + _article("a", "One") + _article("b", "Two") + "</dblp>\n")
    assert gp.read_dblp_xml(path).n_papers == 2
    real = dblp_mod.iter_xml_records

    def lose_one(*args, **kwargs):  # a reading core that drops an element it parsed
        for k, item in enumerate(real(*args, **kwargs)):
            if k != 1:
                yield item

    monkeypatch.setattr(dblp_mod, "iter_xml_records", lose_one)
    with pytest.raises(gp.AccountingError, match="2 records seen but 1 accounted for"):
        gp.read_dblp_xml(path, errors="skip")


def test_a_silently_lost_profile_entry_raises(tmp_path, monkeypatch):
    path = tmp_path / "page.txt"
    path.write_text(
        "LGJan 2, 2021\nSparse GraphsAda Byron, Alan Turing\n"
        "CLFeb 3, 2021\nDense GraphsAda Byron, Grace Hopper\n"
    )
    assert gp.read_profiles(path).n_papers == 2
    monkeypatch.setattr(profiles_mod, "_parse_entry", _drop_second(profiles_mod._parse_entry))
    with pytest.raises(gp.AccountingError, match="2 records seen but 1 accounted for"):
        gp.read_profiles(path, errors="skip")


# --- OpenAlex ---------------------------------------------------------------------


def test_openalex_json_lines_every_line_is_a_paper_or_a_row(tmp_path):
    lines = [
        json.dumps(_work(1)),
        json.dumps(_work(2))[:50],  # cut
        json.dumps({"id": "https://openalex.org/A7", "display_name": "Ada Byron"}),  # an author
        json.dumps([_work(4), _work(5)]),  # an array where a work belongs
        "",
        json.dumps(_work(6)),
        json.dumps(_work(1, title="Work number 1, again")),  # the same OpenAlex id
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(lines) + "\n")
    c = gp.read_openalex(path, errors="skip")
    assert sorted(c.papers["openalex_id"]) == ["W1", "W6"]
    assert [line for line, _ in _skipped(c)] == [2, 3, 4]
    assert "not valid JSON" in _skipped(c)[0][1] and "a JSON array" in _skipped(c)[2][1]
    dup = c.load_report[c.load_report["action"] == "duplicate"]
    assert dup["line"].tolist() == [7] and "line 1" in dup["reason"].iloc[0]


def test_openalex_list_with_a_fault_counts_the_works_it_costs(tmp_path):
    works = [json.dumps(_work(i)) for i in range(1, 5)]
    works[1] = works[1].replace('"title":', '"title"')  # work 2 loses a colon
    path = tmp_path / "works.json"
    path.write_text("[\n" + ",\n".join(works) + "\n]\n")
    with pytest.raises(gp.ParseError) as err:
        gp.read_openalex(path)
    assert err.value.line == 3  # where work 2 begins
    c = gp.read_openalex(path, errors="skip")
    assert c.papers["openalex_id"].tolist() == ["W1"]
    [(line, reason)] = _skipped(c)
    assert line == 3 and "in record 2" in reason and "the 3 record(s) from there on" in reason


def test_openalex_concatenated_documents_are_all_read(tmp_path):
    # `cat a.json b.json c.json`: a list, an API page, a single work
    text = (
        json.dumps([_work(1), _work(2)], indent=1)
        + "\n"
        + json.dumps({"meta": {"count": 1}, "results": [_work(3)]}, indent=1)
        + "\n"
        + json.dumps(_work(4), indent=1)
        + "\n"
    )
    path = tmp_path / "joined.json"
    path.write_text(text)
    c = gp.read_openalex(path)
    assert sorted(c.papers["openalex_id"]) == ["W1", "W2", "W3", "W4"]
    assert c.load_report.empty
    # text after the last document is a row at its line, never ignored
    path.write_text(text + "garbage\n")
    with pytest.raises(gp.ParseError) as err:
        gp.read_openalex(path)
    assert err.value.line == text.count("\n") + 1
    assert gp.read_openalex(path, errors="skip").n_papers == 4


def test_openalex_nested_arrays_are_rows_not_works(tmp_path):
    path = tmp_path / "nested.json"
    path.write_text("[\n" + json.dumps([_work(1), _work(2)]) + ",\n" + json.dumps(_work(3)) + "\n]")
    c = gp.read_openalex(path, errors="skip")
    assert c.papers["openalex_id"].tolist() == ["W3"]
    [(line, reason)] = _skipped(c)
    assert line == 2 and reason.startswith("record 1: not an OpenAlex work (a JSON array)")


def test_openalex_integer_past_the_digit_limit_is_a_wrong_typed_field(tmp_path):
    big = "9" * 5000
    work = json.dumps(_work(1)).replace('"publication_year": 2020', f'"publication_year": {big}')
    for name, text in (
        ("w.jsonl", work + "\n" + json.dumps(_work(2)) + "\n"),
        ("w.json", f"[{work}, {json.dumps(_work(2))}]"),
    ):
        path = tmp_path / name
        path.write_text(text)
        c = gp.read_openalex(path, errors="skip")
        assert sorted(c.papers["openalex_id"]) == ["W1", "W2"]
        years = c.papers.set_index("openalex_id")["year"]
        assert years.isna()["W1"] and years["W2"] == 2020  # the huge year is left out
        row = c.load_report[c.load_report["action"] == "repaired"]
        assert row["line"].tolist() == [1]
        assert "publication_year is a JSON number of 5000 digits" in row["reason"].iloc[0]


def test_openalex_byte_order_marks_and_utf16(tmp_path):
    works = [_work(1, title="Łódź graphs"), _work(2)]
    cases = {
        "bom.json": b"\xef\xbb\xbf" + json.dumps(works).encode(),
        "bom.jsonl": b"\xef\xbb\xbf" + "".join(json.dumps(w) + "\n" for w in works).encode(),
        "utf16.json": json.dumps(works, ensure_ascii=False).encode("utf-16"),
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        c = gp.read_openalex(path)
        assert sorted(c.papers["title"]) == ["Work number 2", "Łódź graphs"], name
        assert c.load_report.empty


def test_openalex_invalid_utf8_document_counts_its_records(tmp_path):
    raw = json.dumps([_work(1), _work(2), _work(3)], indent=1).encode()
    raw = raw.replace(b"Work number 3", b"Work number \xff3")
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    c = gp.read_openalex(path, errors="skip")
    [(line, reason)] = _skipped(c)
    assert line == raw[: raw.index(b"\xff")].count(b"\n") + 1
    assert "byte 0xff" in reason and "the 3 record(s)" in reason


def test_openalex_deep_nesting_is_a_row_not_a_crash(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" + "[" * 50_000 + "]" * 50_000 + "," + json.dumps(_work(2)) + "]")
    c = gp.read_openalex(path, errors="skip")
    assert c.n_papers == 0 and len(_skipped(c)) == 1
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 50_000 + "]" * 50_000 + "\n" + json.dumps(_work(2)) + "\n")
    c = gp.read_openalex(path, errors="skip")
    assert c.papers["openalex_id"].tolist() == ["W2"]
    assert [line for line, _ in _skipped(c)] == [1]


def test_openalex_same_title_different_ids_are_two_papers(tmp_path):
    path = tmp_path / "twins.json"
    path.write_text(json.dumps([_work(1, title="Same"), _work(2, title="Same")]))
    c = gp.read_openalex(path)
    assert sorted(c.papers["openalex_id"]) == ["W1", "W2"]


def test_openalex_in_memory_works_are_positioned_by_index():
    c = gp.read_openalex([_work(1), "not a work", _work(3)], errors="skip")
    assert c.n_papers == 2
    [(line, reason)] = _skipped(c)
    assert line == 2 and reason.startswith("record 2:")


# --- arXiv Atom -------------------------------------------------------------------


def test_atom_fault_mid_feed_counts_the_entries_it_costs(tmp_path):
    bad = _entry(2).replace("</title>", "</titel>")
    path = tmp_path / "feed.xml"
    path.write_text(
        f'<feed xmlns="{ATOM}">\n' + _entry(1) + bad + _entry(3) + _entry(4) + "</feed>"
    )
    with pytest.raises(gp.ParseError, match="mismatched tag") as err:
        gp.read_arxiv_atom(path)
    assert err.value.line == 3
    c = gp.read_arxiv_atom(path, errors="skip")
    assert c.papers["title"].tolist() == ["Paper 1"]
    [(line, reason)] = _skipped(c)
    assert line == 3 and "1 records were read" in reason and "(3 record(s) lost)" in reason


def test_atom_cut_off_counts_the_open_entry(tmp_path):
    text = f'<feed xmlns="{ATOM}">\n' + _entry(1) + _entry(2)
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index("Alan Turing", text.index("Paper 2"))])
    c = gp.read_arxiv_atom(path, errors="skip")
    assert c.papers["title"].tolist() == ["Paper 1"]
    [(line, reason)] = _skipped(c)
    assert line == 3 and "ends early" in reason and "(1 record(s) lost)" in reason


def test_atom_entries_out_of_place_are_rows(tmp_path):
    text = (
        f'<feed xmlns="{ATOM}">\n'
        + _entry(1)
        + _entry(2).replace("</entry>", "\n" + _entry(3) + "</entry>")  # nested
        + "<group>\n"
        + _entry(4)
        + "</group>\n</feed>"
    )
    path = tmp_path / "odd.xml"
    path.write_text(text)
    c = gp.read_arxiv_atom(path, errors="skip")
    assert sorted(c.papers["title"]) == ["Paper 1", "Paper 2"]
    assert _skipped(c) == [
        (4, "<entry> inside <entry> is not read (records are children of the root element)"),
        (7, "<entry> inside <group> is not read (records are children of the root element)"),
    ]


def test_atom_entry_document_is_one_record(tmp_path):
    # RFC 4287 5.: an Atom Entry Document has <entry> as its root
    path = tmp_path / "one.xml"
    path.write_text(_entry(1).replace("<entry>", f'<entry xmlns="{ATOM}">'))
    c = gp.read_arxiv_atom(path)
    assert c.papers["title"].tolist() == ["Paper 1"]
    assert c.authorships["printed_name"].tolist() == ["Ada Byron", "Alan Turing"]


def test_atom_markup_inside_titles_and_names_keeps_every_word(tmp_path):
    path = tmp_path / "markup.xml"
    path.write_text(
        "<feed>"
        + _entry(1, title="On <i>sparse</i> graphs", name="Ada <b>King</b> Byron")
        + "</feed>"
    )
    c = gp.read_arxiv_atom(path)
    assert c.papers["title"].tolist() == ["On sparse graphs"]
    assert c.authorships["printed_name"].tolist() == ["Ada King Byron", "Alan Turing"]


def test_atom_duplicated_ids_and_error_entries_are_accounted(tmp_path):
    error = (
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format</id>"
        "<title>Error</title><summary>incorrect id format</summary></entry>\n"
    )
    path = tmp_path / "feed.xml"
    path.write_text(f'<feed xmlns="{ATOM}">\n' + _entry(1) + _entry(1) + error + "</feed>")
    c = gp.read_arxiv_atom(path, errors="skip")
    assert c.n_papers == 1
    rows = c.load_report.sort_values("line")
    assert rows[["line", "action"]].values.tolist() == [[3, "duplicate"], [4, "skipped"]]


def test_atom_in_utf16_with_a_bom(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        (
            '<?xml version="1.0" encoding="UTF-16"?>\n<feed>'
            + _entry(1, name="Zoë Łukasz")
            + "</feed>"
        ).encode("utf-16")
    )
    c = gp.read_arxiv_atom(path)
    assert c.authorships["printed_name"].tolist() == ["Zoë Łukasz", "Alan Turing"]


def test_atom_external_dtd_is_never_fetched(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/feed.dtd">\n'
        f"<feed>{_entry(1)}</feed>"
    )
    assert gp.read_arxiv_atom(path).n_papers == 1


# --- DBLP -------------------------------------------------------------------------


def test_dblp_fault_mid_file_counts_the_records_it_costs(tmp_path):
    text = (
        "<dblp>\n"
        + _article("a", "One")
        + _article("b", "Two").replace("</title>", "</titl>")
        + _article("c", "Three", tag="inproceedings")
        + _article("d", "Four")
        + "</dblp>\n"
    )
    path = tmp_path / "dblp.xml"
    path.write_text(text)
    c = gp.read_dblp_xml(path, errors="skip")
    assert c.papers["title"].tolist() == ["One"]
    [(line, reason)] = _skipped(c)
    assert line == 3 and "(3 record(s) lost)" in reason


def test_dblp_person_records_and_types_are_accounted(tmp_path):
    text = (
        "<dblp>\n"
        + _article("a", "One")
        + '<www key="homepages/b/Byron"><author>Ada Byron</author><title>Home Page</title></www>\n'
        + _article("c", "Three", tag="inproceedings")
        + "<article>\n"  # a record nested in a record
        + _article("d", "Four")
        + "<title>Five</title><author>Grace Hopper</author></article>\n"
        + "</dblp>\n"
    )
    path = tmp_path / "dblp.xml"
    path.write_text(text)
    c = gp.read_dblp_xml(path, errors="skip", types=["article"])
    assert sorted(c.papers["title"]) == ["Five", "One"]
    report = c.load_report.set_index("line")
    assert report.loc[3, "action"] == "not read"
    assert "1 inproceedings, 1 www" in report.loc[3, "reason"]
    assert report.loc[6, "action"] == "skipped"
    assert report.loc[6, "reason"].startswith("<article> inside <article>")


def test_dblp_duplicated_keys_are_one_paper_with_a_row(tmp_path):
    path = tmp_path / "dblp.xml"
    path.write_text("<dblp>\n" + _article("a", "One") + _article("a", "One") + "</dblp>\n")
    c = gp.read_dblp_xml(path)
    assert c.n_papers == 1
    assert c.load_report[["line", "action"]].values.tolist() == [[3, "duplicate"]]


def test_dblp_entity_bomb_is_refused_whatever_errors_says(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE dblp [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        "<dblp>" + _article("a", "&b;") + "</dblp>\n"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    for errors in ("raise", "warn", "skip"):
        with pytest.raises(gp.ParseError, match="never read") as err:
            gp.read_dblp_xml(path, errors=errors)
        assert err.value.line == 3


# --- profile pages ----------------------------------------------------------------


def test_profile_entries_are_papers_repeats_or_rows(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(
        "Ada Byron\n3 papers\n"
        "LGJan 2, 2021\nSparse GraphsAda Byron, Alan Turing\n"
        "CLFeb 3, 2021\nall lower case and no author line here\n"
        "CVMar 4, 2021\n"
    )
    other = tmp_path / "b.txt"
    other.write_text("LGJan 2, 2021\nSparse GraphsAda Byron, Alan Turing\n")
    c = gp.read_profiles(page, other, errors="skip")
    assert c.papers["title"].tolist() == ["Sparse Graphs"]
    assert set(c.papers["sources"].iloc[0]) == {"a.txt", "b.txt"}
    report = c.load_report
    assert report[report["action"] == "skipped"]["line"].tolist() == [6, 7]
    declared = report[report["reason"].str.contains("declares 3 papers")]
    assert declared["line"].tolist() == [2]  # the header line that declares them


def test_binary_profile_page_counts_its_entries(tmp_path):
    page = tmp_path / "a.txt"
    page.write_bytes(b"LGJan 2, 2021\nSparse\x00GraphsAda Byron, Alan Turing\n")
    c = gp.read_profiles(page, errors="skip")
    assert c.n_papers == 0
    assert c.load_report[["line", "action"]].values.tolist() == [[1, "skipped"]]


def test_profile_control_characters_are_white_space_not_text_or_lines(tmp_path):
    # \x1a inside a title, a vertical tab inside an author line (str.splitlines would
    # break the line there), a C1 control (byte 0x9d, which Windows-1252 leaves
    # undefined, read as Latin-1: U+009D)
    page = tmp_path / "a.txt"
    page.write_bytes(
        b"LGJan 2, 2021\nSparse\x1aGraphsAda Byron, Alan\x0bTuring\nAn abstract.\n"
        b"CLFeb 3, 2021\nDense GraphsAda Byron, Grace\x9dHopper\nAnother abstract.\n"
    )
    c = gp.read_profiles(page, errors="skip")
    assert c.load_report[["line", "action"]].values.tolist() == [[5, "repaired"]]  # not UTF-8
    assert sorted(c.papers["title"]) == ["Dense Graphs", "Sparse Graphs"]
    titles = c.papers["title"]
    by_paper = c.authorships.groupby("paper_id")["printed_name"].agg(tuple)
    assert sorted((titles[p], names) for p, names in by_paper.items()) == [
        ("Dense Graphs", ("Ada Byron", "Grace Hopper")),
        ("Sparse Graphs", ("Ada Byron", "Alan Turing")),
    ]
    assert sorted(c.papers["abstract"]) == ["An abstract.", "Another abstract."]


@pytest.mark.parametrize("reader", ["arxiv", "dblp"])
def test_xml_with_a_utf8_bom_reads_the_same(tmp_path, reader):
    if reader == "arxiv":
        text, read = f'<feed xmlns="{ATOM}">\n' + _entry(1) + "</feed>\n", gp.read_arxiv_atom
    else:
        text, read = "<dblp>\n" + _article("a", "One") + "</dblp>\n", gp.read_dblp_xml
    plain, bom = tmp_path / "plain.xml", tmp_path / "bom.xml"
    plain.write_text(text)
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    a, b = read(plain), read(bom)
    assert a.papers["title"].tolist() == b.papers["title"].tolist() and a.n_papers == 1
    assert b.authorships["printed_name"].tolist() == ["Ada Byron", "Alan Turing"]
    assert b.load_report.empty
