"""Reading a clean file whole (RIS, Web of Science, MEDLINE, plain CSV) gives the corpus
the line-by-line reading gives, load report included; a file the whole-file reading
cannot vouch for is left to the line-by-line reading."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io import _tagged, tabular

RECORDS = Path(__file__).parent / "data" / "records"
SHARED = Path(__file__).parent.parent.parent / "shared" / "data" / "records"
TABLES = ("papers", "authors", "authorships", "load_report", "merges")


def _read(path: Path, fmt: str, **kw):
    if fmt == "csv":
        return gp.read_csv(path, year="year", doi="doi", keywords="keywords", **kw)
    return {"ris": gp.read_ris, "wos": gp.read_wos, "medline": gp.read_medline}[fmt](path, **kw)


def _line_by_line(monkeypatch):
    monkeypatch.setattr(_tagged, "text_lines", lambda path: None)
    monkeypatch.setattr(tabular, "_plain_table", lambda path, delimiter: None)


def _same(a: gp.Corpus, b: gp.Corpus) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def _variants(raw: bytes) -> dict[str, bytes]:
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    return {
        "as is": raw,
        "crlf": b"\r\n".join(lines),
        "blank lines": b"\n".join(x + (b"\n" if i % 7 == 3 else b"") for i, x in enumerate(lines)),
        "trailing spaces": b"\n".join(x + b"  " if x else x for x in lines),
        "a latin-1 byte": b"\n".join(x + (b" caf\xe9" if i == 5 else b"") for i, x in
                                     enumerate(lines)),
    }


def _fixtures() -> list:
    out = []
    for fmt, pattern in (("ris", "ris_rispy/*.ris"), ("ris", "litstudy/*.ris"),
                         ("wos", "wostools/*.txt")):
        out += [pytest.param(fmt, p, id=f"{fmt}-{p.name}") for p in sorted(RECORDS.glob(pattern))]
    for fmt, pattern in (("wos", "wos_metaknowledge/*"), ("wos", "wos_wostools/single-article.txt"),
                         ("medline", "medline_metaknowledge/*.medline")):
        out += [pytest.param(fmt, SHARED / pattern, id=f"{fmt}-shared-{pattern}")]
    return out


@pytest.mark.parametrize("fmt, source", _fixtures())
@pytest.mark.parametrize("variant", ["as is", "crlf", "blank lines", "trailing spaces",
                                     "a latin-1 byte"])
def test_whole_file_reading_gives_the_line_by_line_corpus(tmp_path, monkeypatch, fmt, source,
                                                           variant):
    paths = sorted(source.parent.glob(source.name)) if "*" in source.name else [source]
    if not paths or not paths[0].exists():
        pytest.skip("../shared/data is not present")
    for k, p in enumerate(paths):
        path = tmp_path / f"{k}{p.suffix}"
        path.write_bytes(_variants(p.read_bytes())[variant])
        whole = _read(path, fmt, errors="skip")
        with monkeypatch.context() as m:
            _line_by_line(m)
            _same(whole, _read(path, fmt, errors="skip"))


# A small bibliography written by hand in each format, in the plain layout: the
# expected names, positions and years come from this table.
PAPERS = [
    ("Sparse graphs of collaboration", 2019, "10.1000/a1", ["Sun, Zhiwei", "Russell, Thomas P."]),
    ("Detectors with many hands", 2021, "10.1000/a2", ["Russell, Thomas P.", "Li, Wei"]),
]


def _write(fmt: str, path: Path) -> None:
    out = []
    if fmt == "ris":
        for t, y, d, au in PAPERS:
            out += ["TY  - JOUR", *(f"AU  - {a}" for a in au), f"TI  - {t}", f"PY  - {y}",
                    f"DO  - {d}", "ER  - ", ""]
    elif fmt == "wos":
        out += ["FN Clarivate Analytics Web of Science", "VR 1.0"]
        for t, y, d, au in PAPERS:
            out += ["PT J", "AF " + au[0], *("   " + a for a in au[1:]), f"TI {t}", f"PY {y}",
                    f"DI {d}", "ER", ""]
        out.append("EF")
    elif fmt == "medline":
        for k, (t, y, d, au) in enumerate(PAPERS):
            out += [f"PMID- {k + 1}", f"TI  - {t}", f"DP  - {y}", f"LID - {d} [doi]",
                    *(f"FAU - {a}" for a in au), ""]
    else:
        out.append("title,authors,year,doi")
        for t, y, d, au in PAPERS:
            names = "; ".join(" ".join(reversed(a.split(", "))) for a in au)
            out.append(f"{t},{names},{y},{d}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["ris", "wos", "medline", "csv"])
def test_a_plain_file_is_read_whole_with_the_expected_tables(tmp_path, monkeypatch, fmt):
    path = tmp_path / {"ris": "a.ris", "wos": "a.txt", "medline": "a.medline", "csv": "a.csv"}[fmt]
    _write(fmt, path)
    calls = []
    real = _tagged.text_lines if fmt != "csv" else tabular._plain_table
    target = (_tagged, "text_lines") if fmt != "csv" else (tabular, "_plain_table")
    monkeypatch.setattr(*target, lambda *a: calls.append(r := real(*a)) or r)
    corpus = _read(path, fmt, errors="raise")
    assert calls and calls[0] is not None  # the whole-file reading vouched for the file
    ships = corpus.authorships.merge(corpus.papers[["doi", "year"]], left_on="paper_id",
                                     right_index=True)
    got = sorted(zip(ships["doi"], ships["position"], ships["printed_name"], ships["year"],
                     strict=True))
    expected = sorted(
        (d, k, " ".join(reversed(a.split(", "))), y)
        for _, y, d, au in PAPERS for k, a in enumerate(au, start=1)
    )
    assert got == expected
    assert corpus.load_report.empty


@pytest.mark.parametrize(
    "text",
    [
        "PT J\nTI A title\nPY 2020\n",  # no ER: the file ends inside a record
        "PT J\nTI A title\n  cont\nXX\nER\n\nPT J\nTI B\nER\n",  # no header, fine
        "FN Clarivate\nVR 1.0\nPT J\nTI A title\nER\n",  # a header but no EF
        "PT J\nAUSmith, J\nTI A title\nER\n",  # a tag glued to its value
    ],
)
def test_wos_layout_vouches_only_for_the_plain_layout(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_text(text)
    layout = _tagged.wos_layout(_tagged.text_lines(path))
    plain = text.startswith("PT J\nTI A title\n  cont")
    assert (layout is not None) == plain
