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
    got = list(_tagged._lines(path, "f.txt", rep, False, ""))
    expected, _ = _reference_lines(raw)
    assert got == expected
    assert rep.rows == []


@pytest.mark.parametrize("block", [1, 5, 1 << 22])
def test_block_lines_report_nul_and_latin1_at_their_line(tmp_path, monkeypatch, block):
    monkeypatch.setattr(_tagged, "_BLOCK", block)
    path = tmp_path / "f.txt"
    path.write_bytes(b"PT J\nAU M\xfcller, K\nTI ok\nAB x\x00y\nER\n")
    rep = Reporter("skip")
    got = list(_tagged._lines(path, "f.txt", rep, False, ""))
    assert got == [(1, "PT J"), (2, "AU Müller, K"), (3, "TI ok")]
    assert [(r[1], r[2]) for r in rep.rows] == [(2, "repaired"), (4, "skipped")]
    assert "NUL" in rep.rows[1][3] and "0xfc" in rep.rows[0][3]
