"""Readers' fast paths give what the simple, line-at-a-time reading gives."""

from __future__ import annotations

import pytest

from graphlib_papers.io import _tagged
from graphlib_papers.io._errors import Reporter


def _reference_lines(raw: bytes):
    """Line numbers and texts as `enumerate(open(path, "rb"))` gives them."""
    out = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if b"\x00" in line:
            return out, number
        out.append((number, line.decode("utf-8", errors="strict").rstrip("\r").lstrip("\r")))
    if out and out[-1][1] == "" and raw.endswith(b"\n"):
        out.pop()
    return out, None


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 22])
def test_block_lines_match_line_by_line(tmp_path, monkeypatch, block):
    raw = "\ufeffPT J\r\nAU Sun, Z\n   Russell, T\n\nTI Ünïcode ☃ title\nER\n\nEF".encode()
    path = tmp_path / "f.txt"
    path.write_bytes(raw)
    monkeypatch.setattr(_tagged, "_BLOCK", block)
    rep = Reporter("skip")
    got = list(_tagged.lines(path, "f.txt", rep, False, ""))
    expected, _ = _reference_lines(raw)
    assert got == expected
    assert rep.rows == []


@pytest.mark.parametrize("block", [1, 5, 1 << 22])
def test_block_lines_report_nul_and_latin1_at_their_line(tmp_path, monkeypatch, block):
    monkeypatch.setattr(_tagged, "_BLOCK", block)
    path = tmp_path / "f.txt"
    path.write_bytes(b"PT J\nAU M\xfcller, K\nTI ok\nAB x\x00y\nER\n")
    rep = Reporter("skip")
    got = list(_tagged.lines(path, "f.txt", rep, False, ""))
    # a NUL after the first line is damage in a text file: removed, reported, read on
    assert got == [(1, "PT J"), (2, "AU Müller, K"), (3, "TI ok"), (4, "AB xy"), (5, "ER")]
    assert [(r[1], r[2]) for r in rep.rows] == [(2, "repaired"), (4, "repaired")]
    assert "control characters" in rep.rows[1][3] and "0xfc" in rep.rows[0][3]


# ---------------------------------------------------------------------------
# one signature for every reader
# ---------------------------------------------------------------------------
import inspect  # noqa: E402
import json  # noqa: E402

import graphlib_papers as gp  # noqa: E402
from graphlib_papers import io as gio  # noqa: E402
from graphlib_papers.io._common import COMMON_READER_KEYWORDS  # noqa: E402

# readers that forward their keywords to another reader
FORWARDING = {"read", "read_profile"}
READERS = sorted(n for n in gio.__all__ if n.startswith("read") and n not in FORWARDING)


def test_every_reader_is_checked():
    assert {"read_bibtex", "read_ris", "read_wos", "read_medline", "read_scopus_csv",
            "read_openalex", "read_dblp_xml", "read_arxiv_atom", "read_csv",
            "read_profiles"} <= set(READERS)


@pytest.mark.parametrize("name", READERS)
def test_reader_takes_the_common_keywords(name):
    params = inspect.signature(getattr(gio, name)).parameters
    for key, default in COMMON_READER_KEYWORDS.items():
        assert key in params, f"{name} has no {key}="
        assert params[key].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[key].default == default, (name, key, params[key].default)


# A small bibliography written in every format by hand: the expected printed names,
# positions, DOIs and years come from this table, not from any reader.
PAPERS = [
    ("Sparse graphs of collaboration", 2019, "10.1000/a1",
     [("Zhiwei", "Sun"), ("Thomas P.", "Russell"), ("Ana", "de la Casa")]),
    ("Detectors with many hands", 2021, "10.1000/a2", [("Thomas P.", "Russell"), ("Wei", "Li")]),
    ("A note by one author", 2020, "10.1000/a3", [("Łukasz", "Kaiser")]),
]


def _write(fmt: str, path):
    out = []
    if fmt == "ris":
        for t, y, d, au in PAPERS:
            out += ["TY  - JOUR", *(f"AU  - {s}, {g}" for g, s in au),
                    f"TI  - {t}", f"PY  - {y}", f"DO  - {d}", "ER  - ", ""]
    elif fmt == "bibtex":
        for k, (t, y, d, au) in enumerate(PAPERS):
            names = " and ".join(f"{s}, {g}" for g, s in au)
            out.append(f"@article{{k{k}, author = {{{names}}}, title = {{{t}}}, year = {y}, doi = {{{d}}}}}")
    elif fmt == "wos":
        out += ["FN Clarivate Analytics Web of Science", "VR 1.0"]
        for t, y, d, au in PAPERS:
            af = [f"{s}, {g}" for g, s in au]
            ab = [f"{s}, {g[0]}" for g, s in au]
            out += ["PT J", "AU " + ab[0], *("   " + a for a in ab[1:]), "AF " + af[0],
                    *("   " + a for a in af[1:]), f"TI {t}", f"PY {y}", f"DI {d}", "ER", ""]
        out.append("EF")
    elif fmt == "medline":
        for k, (t, y, d, au) in enumerate(PAPERS):
            out += [f"PMID- {k + 1}", f"TI  - {t}", f"DP  - {y}", f"LID - {d} [doi]",
                    *(f"FAU - {s}, {g}" for g, s in au), ""]
    elif fmt == "openalex":
        for k, (t, y, d, au) in enumerate(PAPERS):
            out.append(json.dumps({
                "id": f"https://openalex.org/W{k}", "title": t, "publication_year": y,
                "doi": f"https://doi.org/{d}",
                "authorships": [{"author": {"display_name": f"{g} {s}"}} for g, s in au]}))
    elif fmt == "dblp":
        out.append("<dblp>")
        for k, (t, y, d, au) in enumerate(PAPERS):
            names = "".join(f"<author>{g} {s}</author>" for g, s in au)
            out.append(f'<article key="j/{k}">{names}<title>{t}</title><year>{y}</year>'
                       f"<ee>https://doi.org/{d}</ee></article>")
        out.append("</dblp>")
    elif fmt == "arxiv":
        out.append('<feed xmlns="http://www.w3.org/2005/Atom" '
                   'xmlns:arxiv="http://arxiv.org/schemas/atom">')
        for k, (t, y, d, au) in enumerate(PAPERS):
            names = "".join(f"<author><name>{g} {s}</name></author>" for g, s in au)
            out.append(f"<entry><id>http://arxiv.org/abs/2101.0000{k}v1</id><title>{t}</title>"
                       f"<published>{y}-01-02T00:00:00Z</published>{names}"
                       f"<arxiv:doi>{d}</arxiv:doi></entry>")
        out.append("</feed>")
    elif fmt in ("csv", "scopus"):
        import csv

        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            if fmt == "csv":
                w.writerow(["title", "authors", "year", "doi"])
                for t, y, d, au in PAPERS:
                    w.writerow([t, "; ".join(f"{g} {s}" for g, s in au), y, d])
            else:
                w.writerow(["Authors", "Author full names", "Title", "Year", "DOI"])
                for t, y, d, au in PAPERS:
                    w.writerow(["; ".join(f"{s} {g[0]}." for g, s in au),
                                "; ".join(f"{s}, {g}" for g, s in au), t, y, d])
        return
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


FORMATS = {
    "ris": (".ris", gp.read_ris),
    "bibtex": (".bib", gp.read_bibtex),
    "wos": (".txt", gp.read_wos),
    "medline": (".txt", gp.read_medline),
    "openalex": (".jsonl", gp.read_openalex),
    "dblp": (".xml", gp.read_dblp_xml),
    "arxiv": (".xml", gp.read_arxiv_atom),
    "csv": (".csv", lambda p, **kw: gp.read_csv(p, year="year", doi="doi", **kw)),
    "scopus": (".csv", gp.read_scopus_csv),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_reader_reads_the_table_it_was_written_from(tmp_path, fmt):
    suffix, reader = FORMATS[fmt]
    path = tmp_path / f"refs{suffix}"
    _write(fmt, path)
    c = reader(path, errors="raise", progress=False)
    papers = c.papers.reset_index()
    assert sorted(zip(papers["doi"], papers["year"].astype(int), papers["title"])) == sorted(
        (d, y, t) for t, y, d, _ in PAPERS
    )
    ships = c.authorships.merge(papers[["paper_id", "doi"]], on="paper_id")
    got = sorted(zip(ships["doi"], ships["position"].astype(int), ships["printed_name"]))
    expected = sorted(
        (d, k, f"{g} {s}") for _, _, d, au in PAPERS for k, (g, s) in enumerate(au, start=1)
    )
    assert got == expected
    # "Thomas P. Russell" on two papers is one author; five distinct people in all
    assert c.n_authors == 5
    assert c.load_report.empty


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_reader_applies_the_name_options(tmp_path, fmt):
    suffix, reader = FORMATS[fmt]
    path = tmp_path / f"refs{suffix}"
    _write(fmt, path)
    c = reader(path, errors="skip", progress=False, aliases={"Wei Li": "Zhiwei Sun"},
               merge_names=False)
    by_name = c.authorships.groupby("printed_name")["author_id"].first()
    assert by_name["Wei Li"] == by_name["Zhiwei Sun"]  # the alias joined them
    assert c.n_authors == 4
    c = reader(path, errors="skip", progress=False, aliases={"Wei Li": "Zhiwei Sun"},
               vetoes=[("Wei Li", "Zhiwei Sun")])
    by_name = c.authorships.groupby("printed_name")["author_id"].first()
    assert by_name["Wei Li"] != by_name["Zhiwei Sun"]  # the veto wins over the alias


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_readers_that_skip_the_cycle_collection_leave_no_cycles(tmp_path, fmt, monkeypatch):
    # records_to_corpus collects reference cycles before building the tables unless the
    # reader says its reading makes none: the readers that say so leave none behind
    import gc

    from graphlib_papers.io import _common

    suffix, reader = FORMATS[fmt]
    path = tmp_path / f"refs{suffix}"
    _write(fmt, path)
    seen: list[tuple[bool, int]] = []
    real = _common.release_memory

    def spy(rows, *, collect=False):
        if not seen:  # the first call: right after the reading
            seen.append((collect, gc.collect()))
        return real(rows, collect=False)

    reader(path)  # once before: what a first read imports (and its one-off cycles) is loaded
    monkeypatch.setattr(_common, "release_memory", spy)
    gc.collect()
    gc.disable()  # every cycle the reading makes is still there at the spy
    try:
        reader(path)
    finally:
        gc.enable()
    collect, found = seen[0]
    assert collect or found == 0, f"{fmt}: {found} objects in cycles left uncollected"
    if fmt in ("openalex", "wos", "medline", "csv", "ris"):
        assert not collect  # (these skip the pass over every object)


@pytest.mark.parametrize(
    "name", ["ris_rispy/example_full.ris", "ris_rispy/example_multiline.ris",
             "ris_rispy/example_wos.ris", "litstudy/example.ris"],
)
def test_ris_line_by_line_reading_leaves_no_cycles(name, monkeypatch):
    # read_ris skips the cycle collection: its record-by-record reading (rispy's dicts,
    # Records) must leave no reference cycles either, or peak memory would hold them
    import gc
    from pathlib import Path

    from graphlib_papers.io import _common

    path = Path(__file__).parent / "data" / "records" / name
    gp.read_ris(path, errors="skip")
    found: list[int] = []
    real = _common.release_memory

    def spy(rows, *, collect=False):
        if not found:
            found.append(gc.collect())
        return real(rows, collect=collect)

    monkeypatch.setattr(_common, "release_memory", spy)
    gc.collect()
    gc.disable()
    try:
        gp.read_ris(path, errors="skip")
    finally:
        gc.enable()
    assert found == [0]
