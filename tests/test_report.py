"""The report: content, escaping, self-containment, files written."""

from __future__ import annotations

import base64
import html
import re

import networkx as nx
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
    return gp.build_report(hostile, top_n_labels=5)


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    rep = gp.write_report(gp.load_seeds(), out, top_n_labels=8, seed=0)
    return rep, out


SCRIPT_BLOCK = re.compile(r"<script([^>]*)>(.*?)</script>", re.S | re.I)


def _strip_view_scripts(page: str) -> str:
    """The page without the interactive view's own script elements, after checking them:
    one JSON data block with no raw '<', then inline code holding no data string."""
    blocks = SCRIPT_BLOCK.findall(page)
    assert len(blocks) == 4
    (data_attrs, data), *code = blocks
    assert 'type="application/json"' in data_attrs and "<" not in data
    for attrs, body in code:
        assert "src" not in attrs
        assert "alert(1)" not in body and "Lovelace" not in body
    return SCRIPT_BLOCK.sub("", page)


def test_script_author_is_escaped_in_html(hostile, hostile_report):
    assert SCRIPT in hostile.authors["name"].tolist()
    page = _strip_view_scripts(hostile_report.to_html())
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<i>lab</i>" not in page and "&lt;i&gt;lab&lt;/i&gt;" in page
    assert "<b>Bold" not in page


def test_title_and_figure_captions_are_escaped(hostile):
    rep = gp.build_report(hostile, title=f"Report {SCRIPT}", top_n_labels=2)
    page = _strip_view_scripts(rep.to_html())
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
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<script src" not in page and len(SCRIPT_BLOCK.findall(page)) == 4
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
    assert titles == ["Key figures", "Network", "Communities", "Authors who bridge communities",
                      "Most central authors", "Labs", "Network statistics",
                      "Community details", "Corpus", "Load report"]
    placed = {fig.name: s.title for s in rep.sections for kind, *rest in s.blocks
              if kind == "figure" for fig in rest}
    assert placed["network_communities.png"] == "Network"
    assert placed["lab_heatmap.png"] == "Labs"
    assert placed["degree_distribution.png"] == "Network statistics"
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
    md = rep.to_markdown().split("## Most central authors", 1)[1]
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
    b = gp.build_report(gp.load_seeds(), top_n_labels=8, seed=0)
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


def test_key_figures_match_independent_counts(seeds_report, seeds):
    rep, out = seeds_report
    G = gp.coauthor_graph(seeds)
    figures = rep.tables["key_figures"]["value"]
    assert figures["papers"] == len(seeds.papers) == 93
    assert figures["authors"] == G.number_of_nodes() == 170
    assert figures["co-author links"] == G.number_of_edges() == 389
    assert figures["connected components"] == nx.number_connected_components(G)
    truncated = int(seeds.papers["authors_truncated"].sum())
    assert figures["truncated author lists"].startswith(f"{truncated} of 93 papers")
    assert figures["data warnings"].startswith(f"{len(seeds.load_report)} load-report rows")
    res = gp.find_communities(G, seed=0)
    assert figures["communities"].startswith(f"{res.n_communities} (modularity")
    # the same figures lead both renderings
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.index("## Key figures") < md.index("## Network") < md.index("## Corpus")
    assert "| co-author links | 389 |" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('<div class="kfs">') < page.index('class="gp-net"') < page.index(
        "Profile pages")


def test_communities_are_named_by_their_members_and_words(seeds_report, seeds):
    rep, out = seeds_report
    summary = rep.tables["community_names"]
    membership = rep.communities.membership
    G = gp.coauthor_graph(seeds)
    for label, row in summary.iterrows():
        members = set(membership.index[membership == label])
        names = {G.nodes[a]["name"] for a in members}
        # named by its own authors, the first of whom is the most central by strength
        leaders = row["most central authors"]
        assert set(leaders) <= names
        strength = pd.Series(dict(G.degree(list(members), weight="weight")))
        best = strength[strength == strength.max()].index.min()
        assert leaders[0] == G.nodes[best]["name"]
        assert row["name"].startswith(", ".join(leaders[:2]))
        assert row["authors"] == len(members)
    sanjiv = membership["a:sanjiv-kumar"]
    assert summary.loc[sanjiv, "name"].startswith("Sanjiv Kumar")
    # the distinctive words of a named community occur in its own papers' titles
    words = summary.loc[sanjiv, "distinctive title words"]
    assert words
    titles = " ".join(seeds.papers["title"]).lower()
    assert all(part in titles for w in words for part in w.split())
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "**Communities at a glance**" in md and "**Bridging authors**" in md
    assert summary.loc[sanjiv, "name"] in md


def test_bridging_table_comes_from_participation(seeds_report, seeds):
    rep, _ = seeds_report
    bridges = rep.tables["bridges"]
    expected = gp.participation_coefficient(gp.coauthor_graph(seeds), rep.communities)
    assert bridges["participation"].to_numpy() == pytest.approx(
        expected.reindex(bridges.index).to_numpy())
    assert (bridges["external_weight"].diff().dropna() <= 0).all()
    assert bridges.index[0] == "a:sanjiv-kumar"
