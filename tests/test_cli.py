"""The graphlib-papers command line: outputs, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_report_without_input_runs_on_seeds(tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", "--out", str(out), "--labels", "5"]) == 0
    assert (out / "report.md").is_file() and (out / "report.html").is_file()
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert "network_communities.png" in figures and len(figures) >= 7
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| papers | 93 |" in md
    err = capsys.readouterr().err
    assert "bundled seed pages" in err and "wrote" in err


def test_summary_prints_statistics(capsys):
    assert main(["summary", "--quiet"]) == 0
    captured = capsys.readouterr()
    lines = dict(line.split(None, 1) for line in captured.out.splitlines())
    corpus = gp.load_seeds()
    G = gp.coauthor_graph(corpus)
    assert lines["papers"].strip() == "93"
    assert lines["nodes"].strip() == str(G.number_of_nodes())
    assert lines["edges"].strip() == str(G.number_of_edges())
    assert captured.err == ""


def test_export_gexf_round_trips(tmp_path):
    out = tmp_path / "seeds.gexf"
    assert main(["export", "--out", str(out), "--communities", "--quiet",
                 "--weighting", "newman"]) == 0
    H = nx.read_gexf(out)
    G = gp.coauthor_graph(gp.load_seeds(), weighting="newman")
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    for u, v, w in G.edges(data="weight"):
        assert H.edges[u, v]["weight"] == pytest.approx(w)
    res = gp.find_communities(G, seed=0)
    assert {n: H.nodes[n]["community"] for n in H} == res.membership.to_dict()


def test_export_csv_from_csv_input(tmp_path):
    src = tmp_path / "ships.csv"
    pd.DataFrame({"paper_id": ["a", "a", "b"], "year": [2020, 2020, 2021],
                  "author": ["Ada Lovelace", "Bob Byte", "Ada Lovelace"]}).to_csv(src, index=False)
    assert main(["export", str(src), "--out", str(tmp_path / "g.csv"), "-q"]) == 0
    edges = pd.read_csv(tmp_path / "g_edges.csv")
    assert edges[["source", "target", "weight"]].values.tolist() == [
        ["a:ada-lovelace", "a:bob-byte", 1.0]
    ]


def test_bad_input_exits_1_with_one_line_naming_file_and_line(tmp_path, capsys):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not a page")
    assert main(["summary", str(bad), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert err.startswith("graphlib-papers: error: ")
    assert str(bad) in err and "line" in err


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "nope.txt" in err and err.count("\n") == 1


def test_bad_export_extension_exits_1(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "g.docx"), "-q"]) == 1
    assert "extension" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [[], ["report", "--bogus"], ["frobnicate"], ["report", "--seed", "x"],
     ["export"], ["report", "--method", "magic"]],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "report" in capsys.readouterr().out


def test_errors_skip_keeps_going(tmp_path, capsys):
    good = gp.seed_paths()[0]
    cut = tmp_path / "cut.txt"
    cut.write_text(good.read_text(encoding="utf-8")[:-400], encoding="utf-8")
    code = main(["summary", str(cut), "--errors", "skip", "--quiet"])
    assert code == 0
    assert "papers" in capsys.readouterr().out


def test_mixed_inputs_profiles_read_together(tmp_path, capsys):
    """Two seed pages given as files give the same corpus as read_profiles on both."""
    a, b = gp.seed_paths()[2:4]
    out = tmp_path / "g.graphml"
    assert main(["export", str(a), str(b), "--out", str(out), "-q"]) == 0
    expected = gp.coauthor_graph(gp.read_profiles(a, b))
    H = nx.read_graphml(out)
    assert set(H.nodes) == set(expected.nodes)
    assert H.number_of_edges() == expected.number_of_edges()


def test_python_dash_m_entry_point(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, "-m", "graphlib_papers", "summary", "--quiet"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("papers")
    proc = subprocess.run(
        [sys.executable, "-m", "graphlib_papers", "summary", "--nope"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 2


def test_real_exports_read_and_bad_file_named(shared_data, capsys):
    ris = shared_data / "records" / "litstudy" / "example.ris"
    assert main(["summary", str(ris), "-q"]) == 0
    out = capsys.readouterr().out
    assert dict(line.split(None, 1) for line in out.splitlines())["papers"].strip() == "25"
    bad = shared_data / "records" / "wos_metaknowledge" / "badFile.isi"
    assert main(["summary", str(bad), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "badFile.isi, line " in err and "Traceback" not in err


def test_errors_warn_prints_one_line_per_bad_record(shared_data, capsys):
    bad = shared_data / "records" / "wos_metaknowledge" / "badFile.isi"
    assert main(["summary", str(bad), "--errors", "warn"]) == 0
    err = [part for ln in capsys.readouterr().err.splitlines() for part in ln.split("\r")
           if "warning:" in part]
    assert len(err) == 1  # the one cut-off record of this file
    assert err[0].startswith(f"graphlib-papers: warning: {bad}, line 2070: ")
    assert main(["summary", str(bad), "--errors", "warn", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_years_restricts_the_corpus(tmp_path, capsys):
    assert main(["summary", "--years", "2023:2024", "-q"]) == 0
    out = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    expected = gp.load_seeds().filter(years=(2023, 2024))
    assert int(out["papers"]) == expected.n_papers == 41
    assert main(["summary", "--years", "20x", "-q"]) == 2


def test_disambiguate_flag_splits_a_name(tmp_path):
    # "J Lee" on three papers with Ann Park and three with Bo Kim, nothing in common
    rows = [(f"a{i}", a, f"graph colouring {i}", "SODA")
            for i in range(3) for a in ("J Lee", "Ann Park")]
    rows += [(f"b{i}", a, f"protein folding {i}", "Bioinformatics")
             for i in range(3) for a in ("J Lee", "Bo Kim")]
    src = tmp_path / "ships.csv"
    pd.DataFrame(rows, columns=["paper_id", "author", "title", "venue"]).to_csv(src, index=False)

    def edges(*flags):
        out = tmp_path / f"g{len(flags)}.csv"
        assert main(["export", str(src), "--out", str(out), "-q", *flags]) == 0
        table = pd.read_csv(tmp_path / f"g{len(flags)}_edges.csv")
        return sorted(table[["source", "target", "weight"]].itertuples(index=False, name=None))

    assert edges() == [("a:ann-park", "a:j-lee", 3.0), ("a:bo-kim", "a:j-lee", 3.0)]
    # split: the group with the first paper keeps the id, the other becomes /2
    assert edges("--disambiguate") == [
        ("a:ann-park", "a:j-lee", 3.0), ("a:bo-kim", "a:j-lee/2", 3.0)
    ]
