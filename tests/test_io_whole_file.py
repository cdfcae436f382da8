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
    monkeypatch.setattr(_tagged, "chunk_lines", lambda raw, first, last: None)
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
@pytest.mark.parametrize(
    "variant, block",  # the whole file as one block, or many small blocks
    [(v, 1 << 24) for v in ("as is", "crlf", "blank lines", "trailing spaces", "a latin-1 byte")]
    + [(v, 64) for v in ("as is", "crlf", "blank lines")],
)
def test_whole_file_reading_gives_the_line_by_line_corpus(tmp_path, monkeypatch, fmt, source,
                                                           variant, block):
    paths = sorted(source.parent.glob(source.name)) if "*" in source.name else [source]
    if not paths or not paths[0].exists():
        pytest.skip("../shared/data is not present")
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", block)
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


def _write(fmt: str, path: Path, papers=PAPERS) -> list[str]:
    """Write `papers` in `fmt` to `path`; the lines written."""
    out = []
    if fmt == "ris":
        for t, y, d, au in papers:
            out += ["TY  - JOUR", *(f"AU  - {a}" for a in au), f"TI  - {t}", f"PY  - {y}",
                    f"DO  - {d}", "ER  - ", ""]
    elif fmt == "wos":
        out += ["FN Clarivate Analytics Web of Science", "VR 1.0"]
        for t, y, d, au in papers:
            out += ["PT J", "AF " + au[0], *("   " + a for a in au[1:]), f"TI {t}", f"PY {y}",
                    f"DI {d}", "ER", ""]
        out.append("EF")
    elif fmt == "medline":
        for t, y, d, au in papers:
            out += [f"PMID- {papers.index((t, y, d, au)) + 1}", f"TI  - {t}", f"DP  - {y}",
                    f"LID - {d} [doi]", *(f"FAU - {a}" for a in au), ""]
    else:
        out.append("title,authors,year,doi")
        for t, y, d, au in papers:
            names = "; ".join(" ".join(reversed(a.split(", "))) for a in au)
            out.append(f"{t},{names},{y},{d}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("fmt", ["ris", "wos", "medline", "csv"])
def test_a_plain_file_is_read_whole_with_the_expected_tables(tmp_path, monkeypatch, fmt):
    path = tmp_path / {"ris": "a.ris", "wos": "a.txt", "medline": "a.medline", "csv": "a.csv"}[fmt]
    _write(fmt, path)
    calls = []
    real = _tagged.chunk_lines if fmt != "csv" else tabular._plain_table
    target = (_tagged, "chunk_lines") if fmt != "csv" else (tabular, "_plain_table")
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


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        ("TI  - A title\tAU  - Ng, C.\n", False),  # a second field glued on
        ("TI  - A title AB  - glued abstract\n", False),
        ("TI  - A  - B  -  - C\n", True),  # dashes in a value, no tag before them
        ("N1  - x\n  - a bullet on a continuation line\n", True),
        ("N1  - x\n\n  - y\n", False),  # text outside a field (a blank line before it)
        ("TI  - Short\nN1  -  - x\n", True),
    ],
)
def test_ris_layout_finds_a_field_glued_onto_a_line(tmp_path, body, plain):
    from graphlib_papers.io import ris

    path = tmp_path / "a.ris"
    path.write_text("TY  - JOUR\n" + body + "ER  - \n\nTY  - JOUR\nTI  - Next\nER  - \n")
    layout = ris._layout(_tagged.text_lines(path), ris._known_tags())
    assert (layout is not None) == plain
    if not plain:  # read line by line: the glued field is split off and reported, or the
        # stray text reported
        corpus = gp.read_ris(path, errors="skip")
        assert not corpus.load_report.empty


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        ("TI  - One.\nFAU - Smith, John\n", True),
        ("TI  - One. PMID- 2\nFAU - Smith, John\n", False),  # a record glued on
        ("TI  - One.\nFAU - Smith, John PMID- 9\n", False),
        ("TI  - One.\nAB  - A value\n      PMID- 3 on a continuation line\n", False),
    ],
)
def test_medline_layout_finds_a_record_glued_onto_a_line(tmp_path, body, plain):
    path = tmp_path / "a.txt"
    path.write_text("PMID- 1\n" + body + "\nPMID- 5\nTI  - Five.\n")
    assert (_tagged.medline_layout(_tagged.text_lines(path)) is not None) == plain


# ---------------------------------------------------------------------------
# blocks of whole records: the file is read CHUNK_BYTES at a time
# ---------------------------------------------------------------------------
# twelve papers, then the first again (a duplicate: its load-report row names its line)
MANY = [
    (f"Paper number {k} on sparse graphs", 2000 + k, f"10.1000/b{k}",
     ["Sun, Zhiwei", f"Author{k}, Jo", "Li, Wei"][: 1 + k % 3])
    for k in range(12)
]
MANY.append(MANY[0])
FIRST_LINE = {"ris": "TY  - JOUR", "wos": "PT J", "medline": "PMID- "}


def _spy_blocks(monkeypatch) -> list:
    """The value of each chunk_lines call (None: a block not clean enough)."""
    calls, real = [], _tagged.chunk_lines
    monkeypatch.setattr(_tagged, "chunk_lines", lambda *a: calls.append(r := real(*a)) or r)
    return calls


@pytest.mark.parametrize("fmt", ["ris", "wos", "medline"])
@pytest.mark.parametrize("block", [1, 50, 333, 1 << 24])
def test_blocks_of_whole_records_give_the_line_by_line_corpus(tmp_path, monkeypatch, fmt, block):
    path = tmp_path / f"a.{fmt}"
    written = _write(fmt, path, MANY)
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", block)
    calls = _spy_blocks(monkeypatch)
    corpus = _read(path, fmt, errors="raise")
    # read block by block (several blocks when they are small), none left to the lines
    assert calls and None not in calls and (len(calls) > 2) == (block < 400)
    got = sorted(zip(corpus.papers["doi"], corpus.papers["year"], strict=True))
    assert got == sorted({(d, y) for _, y, d, _ in MANY})
    # the duplicate is reported at the line where the last record starts
    starts = [i + 1 for i, x in enumerate(written) if x.startswith(FIRST_LINE[fmt])]
    dup = corpus.load_report[corpus.load_report["action"] == "duplicate"]
    assert dup["line"].tolist() == [starts[-1]]
    with monkeypatch.context() as m:
        _line_by_line(m)
        _same(corpus, _read(path, fmt, errors="raise"))


DAMAGE = {  # one line that only the line-by-line reading takes (a repaired row)
    "ris": ("AU  - Li, Wei", "AU -Li, Wei"),
    "wos": ("TI Paper number 9 on sparse graphs", "TIPaper number 9 on sparse graphs"),
    "medline": ("DP  - 2009", "DP  - 2009\n@@"),
}


@pytest.mark.parametrize("fmt", ["ris", "wos", "medline"])
@pytest.mark.parametrize("block", [40, 1 << 24])
def test_damage_in_a_later_block_sends_the_whole_file_to_the_line_by_line_reading(
    tmp_path, monkeypatch, fmt, block
):
    path = tmp_path / f"a.{fmt}"
    lines = "\n".join(_write(fmt, path, MANY))
    good, bad = DAMAGE[fmt]
    at = lines.rindex(good)  # in the last records: the blocks before it are clean
    lines = lines[:at] + bad + lines[at + len(good) :]
    path.write_text(lines + "\n", encoding="utf-8")
    damaged_line = lines[:at].count("\n") + 1 + bad.count("\n")
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", block)
    calls = _spy_blocks(monkeypatch)
    corpus = _read(path, fmt, errors="skip")
    assert None not in calls and (len(calls) > 2) == (block < 400)
    report = corpus.load_report
    # one row for the damage, at its line; every record read once (no block twice)
    assert report.loc[report["action"] == "repaired", "line"].tolist() == [damaged_line]
    assert (report["action"] == "duplicate").sum() == 1
    assert len(corpus.papers) == 12 and len(corpus.authorships) == 24
    with monkeypatch.context() as m:
        _line_by_line(m)
        _same(corpus, _read(path, fmt, errors="skip"))


@pytest.mark.parametrize("block", [1, 1 << 24])
def test_wos_header_needs_its_ef_in_the_last_block(tmp_path, monkeypatch, block):
    path = tmp_path / "a.txt"
    lines = _write("wos", path, MANY)
    assert lines[-1] == "EF"
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # cut off before EF
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", block)
    corpus = gp.read_wos(path, errors="skip")
    report = corpus.load_report
    assert len(corpus.papers) == 12
    assert [r for r in report["reason"] if "EF" in r] == [
        f"file ends at line {len(lines) - 1} without the EF end-of-file line (cut off?)"
    ]


# ---------------------------------------------------------------------------
# workers=: the blocks after the first read by forked processes
# ---------------------------------------------------------------------------
def _spy_pool(monkeypatch) -> list:
    """The number of workers of each pool the reading starts."""
    sizes, real = [], _tagged.ordered_map
    monkeypatch.setattr(_tagged, "ordered_map",
                        lambda f, items, n: (n > 1 and sizes.append(n), real(f, items, n))[1])
    return sizes


needs_fork = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the platform cannot fork: workers= reads in one process",
)


@needs_fork
@pytest.mark.parametrize("fmt", ["ris", "wos", "medline"])
@pytest.mark.parametrize("block", [50, 333])
def test_workers_give_the_corpus_of_one_process(tmp_path, monkeypatch, fmt, block):
    path = tmp_path / f"a.{fmt}"
    written = _write(fmt, path, MANY * 3)  # records repeated: duplicates in later blocks
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", block)
    one = _read(path, fmt, errors="warn")
    pools = _spy_pool(monkeypatch)
    two = _read(path, fmt, errors="warn", workers=2)
    assert pools == [2]  # the blocks after the first went to two workers
    _same(one, two)
    starts = [i + 1 for i, x in enumerate(written) if x.startswith(FIRST_LINE[fmt])]
    dup = two.load_report[two.load_report["action"] == "duplicate"]
    assert sorted(dup["line"]) == starts[12:]  # lines counted across the workers' blocks


@needs_fork
@pytest.mark.parametrize("fmt", ["ris", "wos", "medline"])
def test_workers_leave_a_damaged_file_to_the_line_by_line_reading(tmp_path, monkeypatch, fmt):
    path = tmp_path / f"a.{fmt}"
    lines = "\n".join(_write(fmt, path, MANY))
    good, bad = DAMAGE[fmt]
    at = lines.rindex(good)
    lines = lines[:at] + bad + lines[at + len(good) :]
    path.write_text(lines + "\n", encoding="utf-8")
    damaged_line = lines[:at].count("\n") + 1 + bad.count("\n")
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", 40)
    one = _read(path, fmt, errors="skip")
    pools = _spy_pool(monkeypatch)
    with pytest.warns(gp.ParseWarning, match=f"line {damaged_line}:"):
        two = _read(path, fmt, errors="warn", workers=2)
    assert pools == [2]
    report = two.load_report
    assert report.loc[report["action"] == "repaired", "line"].tolist() == [damaged_line]
    _same(one, two)
    try:  # errors="raise": the same error (or, for a fix that never raises, the same corpus)
        strict = _read(path, fmt, errors="raise")
    except gp.ParseError as err:
        with pytest.raises(gp.ParseError) as raised:
            _read(path, fmt, errors="raise", workers=2)
        assert (raised.value.line, str(raised.value)) == (err.line, str(err)) and err.line
    else:
        _same(strict, _read(path, fmt, errors="raise", workers=2))


@needs_fork
@pytest.mark.parametrize("workers", [1, 2])
def test_wos_header_needs_its_ef_with_workers_too(tmp_path, monkeypatch, workers):
    # the header is in the first block, read before the workers start: they know of it
    path = tmp_path / "a.txt"
    lines = _write("wos", path, MANY)
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # cut off before EF
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", 50)
    report = gp.read_wos(path, errors="skip", workers=workers).load_report
    assert [r for r in report["reason"] if "EF" in r] == [
        f"file ends at line {len(lines) - 1} without the EF end-of-file line (cut off?)"
    ]


def test_workers_are_not_started_for_a_small_file_or_when_not_asked(tmp_path, monkeypatch):
    path = tmp_path / "a.ris"
    _write("ris", path, MANY)
    pools = _spy_pool(monkeypatch)
    gp.read_ris(path, workers=2)  # one block of 16 MB: nothing to share
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", 50)
    gp.read_ris(path)  # workers=1, the default
    assert pools == []
    with pytest.raises((TypeError, ValueError)):
        gp.read_ris(path, workers="two")
