"""Bad input: one test each. A clear ParseError naming file and line, or a load-report row."""

from __future__ import annotations

import gc
import signal
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers import ParseWarning

GOOD = (
    "LGJan 2, 2021\nGraph Partitioning RevisitedAlice Martin, Bob Stone\nAn abstract.\n"
    "CVFeb 3, 2022\nImage Models at ScaleAlice Martin, Dan Brown et al.\nAnother abstract.\n"
)


@pytest.fixture(autouse=True)
def _no_hang():
    """The reader never hangs: fail any test here that runs for more than 60 s."""

    def alarm(*_):
        raise TimeoutError("reader did not finish within 60 s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def write(tmp_path: Path, data: bytes | str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def check(path: Path, line: int | None, match: str) -> pd.DataFrame:
    """Raise mode names file and line; warn mode gives one report row and a warning."""
    with pytest.raises(gp.ParseError, match=match) as info:
        gp.read_profile(path)
    err = info.value
    assert gc.isenabled()  # the reader pauses the collector and restores it on errors too
    assert isinstance(err, ValueError) and isinstance(err, gp.GraphlibPapersError)
    assert err.source == str(path) and err.line == line
    assert str(path) in str(err) and f"line {line}" in str(err)
    with pytest.warns(ParseWarning, match=match):
        warned = gp.read_profile(path, errors="warn")
    skipped = gp.read_profile(path, errors="skip")
    assert warned.load_report.equals(skipped.load_report)
    row = warned.load_report.iloc[0]
    assert (row["source"], row["line"]) == (str(path), line)
    return warned.load_report


def test_empty_file(tmp_path):
    report = check(write(tmp_path, b""), 1, "empty file")
    assert report["action"].tolist() == ["skipped"]
    assert len(gp.read_profile(write(tmp_path, "\n \n"), errors="skip")) == 0


def test_binary_junk(tmp_path):
    junk = bytes(range(256)) * 40
    check(write(tmp_path, junk), 1, "binary data")


def test_page_cut_off_after_date_line(tmp_path):
    path = write(tmp_path, GOOD + "LGMar 4, 2023\n")
    check(path, 7, "entry cut off")
    kept = gp.read_profile(path, errors="skip")
    assert kept.n_papers == 2  # the two complete entries land, the cut one is reported


def test_page_cut_off_mid_title(tmp_path):
    path = write(tmp_path, GOOD + "LGMar 4, 2023\nA Title That Stops Mid")
    check(path, 8, "no author list")


def test_entry_without_author_line(tmp_path):
    text = GOOD + "LGMar 4, 2023\nA Paper With No Authors\nthis abstract follows the title directly.\n"
    check(write(tmp_path, text), 8, "no author list")


def test_entry_without_author_line_expanded(tmp_path):
    text = (
        "Alice Martin\n\nLG\n\nLGJan 2, 2021\n\nA Title\n\nAlice Martin, Bob Stone\n\nAbstract.\n\n"
        "LGMar 4, 2023\n\nAnother Title\n\nwe forgot the authors of this one.\n"
    )
    check(write(tmp_path, text), 15, "no author list")


def test_impossible_date(tmp_path):
    path = write(tmp_path, GOOD + "LGFeb 30, 2023\nA Leap Too FarAlice Martin, Eve Adams\nText.\n")
    report = check(path, 7, "impossible date")
    assert report["action"].tolist() == ["repaired"]
    with pytest.warns(ParseWarning):
        page = gp.read_profile(path, errors="warn")
    row = page.papers.set_index("title").loc["A Leap Too Far"]
    assert pd.isna(row["date"]) and row["year"] == 2023 and row["date_precision"] == "year"


def test_utf8_bom_is_harmless(tmp_path):
    plain = gp.read_profile(write(tmp_path, GOOD, "plain.txt"))
    bom = gp.read_profile(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode(), "bom.txt"))
    assert bom.papers["title"].tolist() == plain.papers["title"].tolist()
    assert bom.papers["category"].tolist() == plain.papers["category"].tolist()
    assert sorted(bom.papers["category"]) == ["CV", "LG"]
    assert bom.load_report.empty


def test_crlf_line_ends_and_trailing_spaces(tmp_path):
    plain = gp.read_profile(write(tmp_path, GOOD, "plain.txt"))
    crlf = GOOD.replace("\n", "  \r\n")
    other = gp.read_profile(write(tmp_path, crlf, "crlf.txt"))
    cols = ["title", "year", "category", "authors_truncated", "abstract"]
    assert other.papers[cols].equals(plain.papers[cols])
    assert other.authorships[["paper_id", "printed_name"]].equals(plain.authorships[["paper_id", "printed_name"]])


def test_latin1_bytes(tmp_path):
    text = GOOD + "LGMar 4, 2023\nTrès Bien RésultatsJosé Giménez, Alice Martin\nRésumé.\n"
    path = write(tmp_path, text.encode("latin-1"))
    check(path, 8, "not valid UTF-8")
    with pytest.warns(ParseWarning):
        page = gp.read_profile(path, errors="warn")
    assert "José Giménez" in set(page.authorships["printed_name"])
    assert "Très Bien Résultats" in set(page.papers["title"])


def test_latin1_bytes_after_a_byte_order_mark(tmp_path):
    """A UTF-8 byte-order mark then Latin-1 text: the row names the first bad byte
    (0xe8, "è", on line 8) and the mark is not read as text."""
    text = GOOD + "LGMar 4, 2023\nTrès Bien RésultatsJosé Giménez, Alice Martin\nRésumé.\n"
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("latin-1"))
    report = check(path, 8, r"byte 0xe8\)")
    assert report["line"].tolist() == [8]
    plain = gp.read_profile(write(tmp_path, text.encode("latin-1"), "plain.txt"), errors="skip")
    marked = gp.read_profile(path, errors="skip")
    assert marked.papers.drop(columns="sources").equals(plain.papers.drop(columns="sources"))


def test_ten_megabyte_single_line(tmp_path):
    path = write(tmp_path, "x" * 10_000_000)
    check(path, 1, "no profile entries")


def test_ten_megabyte_title_line(tmp_path):
    path = write(tmp_path, "LGJan 2, 2021\n" + "Word " * 2_000_000 + "\n")
    check(path, 2, "no author list")


def test_nothing_lost_silently(tmp_path):
    """Every entry either lands in the corpus or is a load-report row with its line."""
    text = (
        GOOD
        + "LGMar 4, 2023\nno capital letters anywhere here\nabc\n"
        + "LGFeb 31, 2020\nOdd DatesAlice Martin, Eve Adams\nText.\n"
        + "CLApr 4, 2020\nFine AgainBob Stone, Eve Adams\nText.\n"
        + "LGMay 5, 2020\n"
    )
    page = gp.read_profile(write(tmp_path, text), errors="skip")
    n_entries = text.count("\n") and sum(
        1 for ln in text.splitlines() if ln[:2] in {"LG", "CV", "CL"}
    )
    skipped = page.load_report[page.load_report["action"] == "skipped"]
    assert page.n_papers + len(skipped) == n_entries == 6
    assert skipped["line"].tolist() == [8, 16]
    assert page.load_report["action"].tolist() == ["skipped", "repaired", "skipped"]
