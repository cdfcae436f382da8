"""CLI failures: one line naming the file and its line, exit 1, nothing else under --quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import graphlib_papers as gp
from graphlib_papers.cli import main

ROOT = Path(__file__).resolve().parent.parent

# (file name, content, the file line the message must name)
BAD = [
    # a BibTeX block the parser gives up on (it also logs on its own)
    ("b.bib", "@article{k1, title={A}, author={Ada Byron}, year=2001}\n@comment{\n"
              '@string{x = "open\n', 2),
    # an authorship table whose third file line has no paper id
    ("ships.csv", "paper_id,author,title\np1,Ada Byron,T\n,Bob Byte,T2\np2,,T3\n", 3),
    # the same with a quoted multi-line title first: "row 2" would be wrong, line 4 is right
    ("multi.csv", 'paper_id,author,title\np1,Ada Byron,"Two\nlines"\n,Bob Byte,T2\n', 4),
    ("cut.ris", "TY  - JOUR\nTI  - x\nAU  - A, B\n", 1),
    ("cut.xml", '<dblp>\n<article key="a"><author>A B</author><title>t</title></article>\n'
                '<article key="b"><author>C', 3),
    ("t.csv", "title,creators\nSparse graphs,Ada Byron\n", 1),  # no authors column
    ("notes.txt", "nothing to read here\n", 1),
    ("blob.txt", "\x00\x01binary", 1),
]


@pytest.mark.parametrize(("name", "text", "line"), BAD, ids=[b[0] for b in BAD])
def test_failure_is_one_line_with_file_and_line(tmp_path, capsys, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["summary", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"graphlib-papers: error: {path}, line {line}: "), err


def test_quiet_subprocess_stderr_is_exactly_the_error_line(tmp_path):
    # a real process: the BibTeX parser's own log lines must not reach stderr
    name, text, line = BAD[0]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    cmd = [sys.executable, "-m", "graphlib_papers", "summary", str(path), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"graphlib-papers: error: {path}, line {line}: unreadable BibTeX block: "
        "Unexpected block start: `@string`. Was still looking for closing bracket"
    ]
    proc = subprocess.run([*cmd, "--errors", "skip"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0 and proc.stderr == ""
    assert dict(ln.split(None, 1) for ln in proc.stdout.splitlines())["papers"].strip() == "1"


def test_errors_skip_is_honoured_for_authorship_tables(tmp_path, capsys):
    path = tmp_path / "ships.csv"
    path.write_text("paper_id,author,year\np1,Ada Byron,2001\n,Bob Byte,2001\np1,Alan Turing,2001\n"
                    "p2,,2002\np3,Grace Hopper,2003\n")
    assert main(["summary", str(path), "--quiet", "--errors", "skip"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    stats = dict(ln.split(None, 1) for ln in captured.out.splitlines())
    assert stats["papers"].strip() == "2"  # p1 (two authors) and p3; p2 has no author
    from graphlib_papers.cli import read_inputs

    c = read_inputs([str(path)], errors="skip", quiet=True)
    skipped = c.load_report[c.load_report["action"] == "skipped"]
    assert skipped["line"].tolist() == [3, 5]
    assert c.papers["year"].tolist() == [2001, 2003]


def test_warn_gives_one_line_per_record_and_library_log(tmp_path, capsys):
    name, text, _ = BAD[0]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["summary", str(path), "--errors", "warn"]) == 0
    lines = [part for ln in capsys.readouterr().err.splitlines() for part in ln.split("\r")
             if "warning:" in part]
    assert lines and all(ln.lstrip().startswith("graphlib-papers: warning: ") for ln in lines)
    assert any(f"{path}, line 2" in ln for ln in lines)
    # the library's own reason, said once in the record's line (its log is not repeated)
    assert any(f"{path}, line 2" in ln and "Unexpected block start" in ln for ln in lines)
    assert not any("Parsing of `@comment` block" in ln for ln in lines)


def test_an_unexpected_reader_fault_is_still_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "r.ris"
    path.write_text("TY  - JOUR\nTI  - x\nAU  - A, B\nER  - \n")

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(gp, "read", broken)
    assert main(["summary", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"graphlib-papers: error: {path}: could not be read (KeyError")
