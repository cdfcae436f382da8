"""Profile pages: one-word organisation authors, stray markup, pages cut mid-author-list.

The pages are written by hand; the expected titles and authors are read off them.
"""

from __future__ import annotations

import pytest

import graphlib_papers as gp

COMPACT = (
    "LGJan 2, 2021\n"
    "Graph Partitioning RevisitedAlice Martin, Bob Stone\n"
    "An abstract.\n"
    "CLFeb 3, 2022\n"
    "Scaling Laws for Language ModelsOpenAI, Alice Martin, Dan Brown · openai\n"
    "Another abstract.\n"
    "CVMar 4, 2022\n"
    "Benchmarks for LLMsDeepMind · deepmind\n"
    "One more abstract.\n"
    "LGApr 5, 2022\n"
    "Robust Training at ScaleAlice Martin, Mallory <b>Bold</b> Smith et al. · deepmind\n"
    "Text.\n"
    "LGMay 6, 2023\n"
    "Sparse Attention RoutingAlice Martin, Carol White, Dave Jo"  # the page is cut here
)


def _read(tmp_path, text, name="page.txt", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, gp.read_profile(path, **kw)


def _entries(c):
    out = {}
    for pid, row in c.papers.iterrows():
        ships = c.authorships[(c.authorships["paper_id"] == pid) & ~c.authorships["inferred"]]
        out[row["title"]] = (ships["printed_name"].tolist(), bool(row["authors_truncated"]))
    return out


def test_page_with_the_three_damaged_cases_reads_right(tmp_path):
    _, c = _read(tmp_path, COMPACT)
    assert _entries(c) == {
        "Graph Partitioning Revisited": (["Alice Martin", "Bob Stone"], False),
        # a one-word organisation glued to the title, with and without co-authors
        "Scaling Laws for Language Models": (["OpenAI", "Alice Martin", "Dan Brown"], False),
        "Benchmarks for LLMs": (["DeepMind"], False),
        # stray markup stripped from the author line ("et al." kept)
        "Robust Training at Scale": (["Alice Martin", "Mallory Bold Smith"], True),
        # cut mid-author-list: the cut-off name left out, the list marked truncated
        "Sparse Attention Routing": (["Alice Martin", "Carol White"], True),
    }
    report = c.load_report.set_index("line")
    assert "'OpenAI'" in report.loc[5, "reason"] and "'DeepMind'" in report.loc[8, "reason"]
    assert report.loc[11, "action"] == "repaired" and "<b>" in report.loc[11, "reason"]
    assert report.loc[14, "action"] == "repaired" and "'Dave Jo'" in report.loc[14, "reason"]


def test_the_same_page_not_cut_keeps_its_last_author(tmp_path):
    _, c = _read(tmp_path, COMPACT + "\nThe abstract.\n")
    assert _entries(c)["Sparse Attention Routing"] == (
        ["Alice Martin", "Carol White", "Dave Jo"], False)
    assert not c.load_report["reason"].str.contains("cut-off").any()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Alice Martin, <i>Bob</i> Stone", ["Alice Martin", "Bob Stone"]),
        ("<span class='a'>Alice Martin</span>, Bob Stone", ["Alice Martin", "Bob Stone"]),
        ("Alice Martin,<br/> Bob Stone et al.", ["Alice Martin", "Bob Stone"]),
    ],
)
def test_expanded_layout_author_line_with_markup(tmp_path, line, expected):
    text = (
        "Alice Martin\n\nLG\n\nLGJan 2, 2021\n\nA Title\n\nAlice Martin, Bob Stone\n\nAbstract.\n\n"
        f"LGMar 4, 2023\n\nAnother Title\n\n{line}\n\nMore text.\n"
    )
    _, c = _read(tmp_path, text)
    assert _entries(c)["Another Title"][0] == expected
    row = c.load_report[c.load_report["action"] == "repaired"]
    assert row["line"].tolist() == [17]  # the author line


def test_expanded_page_cut_mid_author_list(tmp_path):
    text = "Alice Martin\n\nLG\n\nLGJan 2, 2021\n\nA Title\n\nAlice Martin, Bob Stone, Carol Wh"
    _, c = _read(tmp_path, text)
    assert _entries(c) == {"A Title": (["Alice Martin", "Bob Stone"], True)}
    # cut inside the abstract instead: the author list is whole, the abstract kept as cut
    text = (
        "Alice Martin\n\nLG\n\nLGJan 2, 2021\n\nA Title\n\nAlice Martin, Bob Stone\n\n"
        "It stops, here"
    )
    _, c = _read(tmp_path, text, name="p2.txt")
    assert _entries(c) == {"A Title": (["Alice Martin", "Bob Stone"], False)}
    assert c.papers["abstract"].tolist() == ["It stops, here"]


def test_no_organisation_reading_without_author_list_evidence(tmp_path):
    # "AI" has no lower-case letter; "ofdeepmind" starts lower-case; "Using PyTorch" has
    # nothing after it that an author list has (names, et al., lab tags): all titles
    text = (
        "LGJan 2, 2021\nScaling Laws for AI · openai\nText.\n"
        "LGJan 3, 2021\nA study ofdeepmind · deepmind\nText.\n"
        "LGJan 4, 2021\nUsing PyTorch\nText.\n"
    )
    _, c = _read(tmp_path, text, errors="skip")
    assert c.n_papers == 0
    assert c.load_report.query("action == 'skipped'")["line"].tolist() == [2, 5, 8]
