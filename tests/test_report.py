"""The report: content, escaping, self-containment, files written."""

from __future__ import annotations

import base64
import html
import re

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.report import table_to_html, table_to_markdown

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def hostile():
    """A small corpus whose names, titles and labs are HTML."""
    rows = [
        ("p1", SCRIPT, IMG, 2020, "<i>lab</i>"),
        ("p1", "Ada Lovelace", IMG, 2020, "<i>lab</i>"),
        ("p1", "Charles Babbage", IMG, 2020, "<i>lab</i>"),
        ("p2", "Ada Lovelace", "Notes | on * the _engine_", 2021, "mit"),
        ("p2", "Bob <b>Bold</b>", "Notes | on * the _engine_", 2021, "mit"),
        ("p3", "Charles Babbage", "Difference engine", 2022, "mit;<i>lab</i>"),
        ("p3", SCRIPT, "Difference engine", 2022, "mit;<i>lab</i>"),
    ]
    df = pd.DataFrame(rows, columns=["paper_id", "author", "title", "year", "labs"])
    return gp.Corpus.from_authorships(df)


@pytest.fixture(scope="module")
def hostile_report(hostile):
    return gp.build_report(hostile, labels=5)


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    rep = gp.write_report(gp.load_seeds(), out, labels=8, seed=0)
    return rep, out


def test_script_author_is_escaped_in_html(hostile, hostile_report):
    assert SCRIPT in hostile.authors["name"].tolist()
    page = hostile_report.to_html()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<i>lab</i>" not in page and "&lt;i&gt;lab&lt;/i&gt;" in page
    assert "<b>Bold" not in page


def test_title_and_figure_captions_are_escaped(hostile):
    rep = gp.build_report(hostile, title=f"Report {SCRIPT}", labels=2)
    page = rep.to_html()
    assert "<script" not in page.lower()
    assert "<title>Report &lt;script&gt;" in page
    # every figure's caption is in the page, escaped
    assert rep.figures and all(html.escape(f.caption) in page for f in rep.figures.values())


def test_script_author_is_escaped_in_markdown(hostile_report):
    md = hostile_report.to_markdown()
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    # pipes in a title do not break the table row
    row = next(line for line in md.splitlines() if "Notes" in line and line.startswith("|"))
    assert "\\|" in row


def test_html_is_self_contained(seeds_report):
    rep, out = seeds_report
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "<script" not in page
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(embedded) == len(rep.figures) >= 7
    on_disk = {p.name: p.read_bytes() for p in (out / "figures").glob("*.png")}
    assert set(on_disk) == set(rep.figures)
    assert sorted(base64.b64decode(e) for e in embedded) == sorted(on_disk.values())
    for png in on_disk.values():
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_seeds_report_sections_and_figures(seeds_report):
    rep, out = seeds_report
    titles = [s.title for s in rep.sections]
    assert titles == ["Corpus", "Load report", "Network", "Most central authors",
                      "Communities", "Labs"]
    placed = {fig.name: s.title for s in rep.sections for kind, *rest in s.blocks
              if kind == "figure" for fig in rest}
    assert placed["network_communities.png"] == "Communities"
    assert placed["lab_heatmap.png"] == "Labs"
    assert placed["degree_distribution.png"] == "Network"
    assert {"network_communities.png", "network_labs.png", "ego_network.png",
            "degree_distribution.png", "community_sizes.png", "lab_heatmap.png",
            "papers_per_year_lab.png", "papers_per_year_community.png"} <= set(rep.figures)
    md = (out / "report.md").read_text(encoding="utf-8")
    for name in rep.figures:
        assert f"(figures/{name})" in md
    assert rep.tables["corpus"].loc["papers", "value"] == 93


def test_centrality_top_list_matches_networkx(seeds_report):
    rep, _ = seeds_report
    assert isinstance(rep.graph, gp.CoauthorMatrix)  # the report computes on the matrix form
    G = gp.coauthor_graph(gp.load_seeds())  # the reference: networkx's own degrees
    deg = pd.Series(dict(G.degree()))
    top = deg.sort_values(ascending=False)
    names = [G.nodes[a]["name"] for a in top.index[:3]]
    md = rep.to_markdown()
    line = next(ln for ln in md.splitlines() if ln.startswith("| 1 |"))
    assert line.split("|")[2].strip() == f"{names[0]} ({top.iloc[0]})"
    assert rep.tables["centrality"]["degree"].nlargest(1).index[0] == top.index[0]


def test_communities_section_matches_find_communities(seeds_report):
    rep, _ = seeds_report
    res = gp.find_communities(rep.graph, seed=0)
    assert rep.communities == res
    table = rep.tables["communities"]
    sizes = table["size"].tolist()
    assert sizes == res.sizes.tolist()
    assert f"modularity {res.modularity:.4f}" in rep.to_markdown()


def test_report_is_deterministic(seeds_report):
    a, _ = seeds_report
    b = gp.build_report(gp.load_seeds(), labels=8, seed=0)
    assert a.to_markdown() == b.to_markdown()
    assert a.figures["network_communities.png"].png == b.figures["network_communities.png"].png


def test_edgeless_corpus_reports_without_communities(tmp_path):
    df = pd.DataFrame({"paper_id": ["p1", "p2"], "author": ["Solo One", "Solo Two"],
                       "year": [2020, 2021]})
    rep = gp.write_report(gp.Corpus.from_authorships(df), tmp_path)
    assert rep.communities is None
    assert "no edges" in rep.to_markdown()
    assert (tmp_path / "report.html").exists()
    assert "community_sizes.png" not in rep.figures


def test_empty_corpus_is_a_clear_error():
    empty = gp.load_seeds().filter(years=1900)
    with pytest.raises(gp.EmptyGraphError, match="no authors"):
        gp.build_report(empty)


def test_table_renderers_escape_headers_and_cells():
    df = pd.DataFrame({"<th>": ["a|b", 1.23456789, None]})
    md = table_to_markdown(df)
    assert md.splitlines()[0] == "| &lt;th&gt; |"
    assert "a\\|b" in md and "1.235" in md
    html = table_to_html(df, max_rows=2)
    assert "<th>&lt;th&gt;</th>" in html and "1 more rows not shown" in html


def test_report_keeps_the_graph_for_reuse(seeds_report):
    rep, _ = seeds_report
    M, index = rep.graph
    assert len(index) == rep.tables["graph"].loc["authors (nodes)", "value"]
    assert M.nnz // 2 == rep.tables["graph"].loc["co-author links (edges)", "value"]
    G = rep.graph.to_networkx()  # for exchange: the same network as coauthor_graph
    ref = gp.coauthor_graph(gp.load_seeds())
    assert sorted(G.edges) == sorted(tuple(sorted(e)) for e in ref.edges)
