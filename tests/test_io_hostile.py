"""Hostile and broken inputs: entity bombs, external entities, truncated files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphlib_papers as gp

REC = Path(__file__).resolve().parent / "data" / "records"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE dblp [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<dblp><article key="a"><author>&lol9;</author><title>t</title><year>2000</year></article></dblp>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE feed [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1</id>
<title>&xxe;</title><author><name>A B</name></author></entry></feed>
"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE dblp [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>
<dblp><article key="a"><author>A B</author><title>t</title></article></dblp>
"""


@pytest.mark.parametrize("errors", ["raise", "skip", "warn"])
@pytest.mark.parametrize(
    ("text", "reader"),
    [
        (BILLION_LAUGHS, gp.read_dblp_xml),
        (BILLION_LAUGHS.replace("dblp", "feed"), gp.read_arxiv_atom),
        (EXTERNAL_ENTITY, gp.read_arxiv_atom),
        (EXTERNAL_ENTITY.replace("feed", "dblp"), gp.read_dblp_xml),
        (PARAMETER_ENTITY, gp.read_dblp_xml),
    ],
)
def test_entity_attacks_are_refused_whatever_errors_says(tmp_path, text, reader, errors):
    path = tmp_path / "hostile.xml"
    path.write_text(text)
    with pytest.raises(gp.ParseError, match="refused") as err:
        reader(path, errors=errors)
    assert err.value.source == str(path)
    assert "passwd" not in str(err.value) or "xxe" in str(err.value)


def test_external_dtd_is_not_fetched(tmp_path):
    # a SYSTEM DTD pointing at the network is ignored: nothing is fetched, records are read
    path = tmp_path / "remote_dtd.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE dblp SYSTEM "http://127.0.0.1:9/dblp.dtd">\n'
        '<dblp><article key="a"><author>Ada Byron</author><title>T</title>'
        "<year>1843</year></article></dblp>\n"
    )
    assert gp.read_dblp_xml(path).n_papers == 1


def test_truncated_xml_reports_what_was_read_and_where(tmp_path):
    raw = (REC / "dblp" / "allTagsData.xml").read_bytes()
    cut = raw[:1500]  # inside the fourth record
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    with pytest.raises(gp.ParseError, match="ends early") as err:
        gp.read_dblp_xml(path)
    line = cut.count(b"\n") + 1
    assert err.value.line == line
    assert "3 records were read" in str(err.value)
    c = gp.read_dblp_xml(path, errors="skip")
    assert c.n_papers == 3
    row = c.load_report[c.load_report["action"] == "skipped"].iloc[0]
    assert row["line"] == line and "3 records were read" in row["reason"]


def test_truncated_atom_keeps_complete_entries(tmp_path):
    raw = (REC / "arxiv" / "id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml").read_bytes()
    path = tmp_path / "cut.atom.xml"
    path.write_bytes(raw[: raw.index(b"</entry>") + len(b"</entry>") + 3])
    c = gp.read_arxiv_atom(path, errors="skip")
    assert c.n_papers == 1
    assert "ends early" in c.load_report["reason"].iloc[0]


def test_truncated_json_list_reports_works_read(tmp_path):
    work = json.loads((REC / "openalex" / "W2741809807_work.json").read_text())
    other = dict(work, id="https://openalex.org/W2", doi=None, title="Another work")
    text = json.dumps([work, other, work], indent=1)
    cut = text[: len(text) - 2000]  # inside the third work
    path = tmp_path / "works.json"
    path.write_text(cut)
    with pytest.raises(gp.ParseError, match="2 works were read"):
        gp.read_openalex(path)
    c = gp.read_openalex(path, errors="skip")
    assert c.n_papers == 2
    row = c.load_report.iloc[0]
    assert row["action"] == "skipped" and "2 works were read" in row["reason"]
    starts = [i + 1 for i in range(len(cut)) if cut.startswith("\n {", i)]  # items at indent 1
    assert row["line"] == cut.count("\n", 0, starts[2]) + 1  # where the third work begins


def test_truncated_json_lines_keeps_good_lines(tmp_path):
    work = json.loads((REC / "openalex" / "W2741809807_work.json").read_text())
    other = dict(work, id="https://openalex.org/W2", doi=None, title="Another work")
    text = json.dumps(work) + "\n" + json.dumps(other) + "\n" + json.dumps(work)[:500]
    path = tmp_path / "works.jsonl"
    path.write_text(text)
    c = gp.read_openalex(path, errors="skip")
    assert c.n_papers == 2
    assert c.load_report["line"].tolist() == [3]


def test_truncated_wos_and_ris(tmp_path):
    raw = (REC / "wostools" / "single-article.txt").read_bytes()
    (tmp_path / "cut.txt").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(gp.ParseError, match="no ER"):
        gp.read_wos(tmp_path / "cut.txt")
    assert gp.read_wos(tmp_path / "cut.txt", errors="skip").n_papers == 0
    ris = (REC / "litstudy" / "example.ris").read_bytes()
    cut = ris[: ris.index(b"TY  - ", 5000) + 40]
    (tmp_path / "cut.ris").write_bytes(cut)
    c = gp.read_ris(tmp_path / "cut.ris", errors="skip")
    skipped = c.load_report[c.load_report["action"] == "skipped"]
    assert skipped["reason"].str.contains("file ends inside a record").tolist() == [True]
    assert c.n_papers == cut.count(b"ER  -")
