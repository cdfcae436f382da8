"""The Corpus: construction, immutability, filter, concat_sources, HTML summary."""

from __future__ import annotations

import pandas as pd
import pytest

import graphlib_papers as gp


@pytest.fixture
def small():
    return gp.Corpus.from_authorships(
        pd.DataFrame(
            {
                "paper_id": ["p1", "p1", "p2", "p2", "p3"],
                "author": ["Ada Lovelace", "Charles Babbage", "Ada Lovelace", "Mary Somerville", "Ada Lovelace"],
                "year": [1843, 1843, 1834, 1834, 1850],
                "title": ["Notes", "Notes", "Connexion", "Connexion", "Late Work"],
                "labs": ["cambridge; london", "cambridge; london", "london", "london", None],
                "category": ["math", "math", "phys", "phys", "math"],
            }
        )
    )


def test_from_authorships(small):
    assert (small.n_papers, small.n_authors, len(small.authorships)) == (3, 3, 5)
    papers = small.papers
    assert papers.loc["p1", "labs"] == ("cambridge", "london")
    assert papers.loc["p3", "labs"] == ()
    assert papers["year"].tolist() == [1843, 1834, 1850]
    assert papers["n_authors_visible"].tolist() == [2, 2, 1]
    ships = small.authorships
    assert ships["position"].tolist() == [1, 2, 1, 2, 1]
    assert not ships["inferred"].any()


def test_from_authorships_errors():
    with pytest.raises(gp.SchemaError, match="author"):
        gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["a"]}))
    with pytest.raises(gp.SchemaError, match="row 1"):
        gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["a", "b"], "author": ["X Y", None]}))


@pytest.mark.parametrize("column", ["author", "title", "paper_id"])
def test_from_authorships_names_a_lone_surrogate(column):
    # a JSON escape such as "\ud800" decodes to half a character: no text column holds it,
    # so the row and column are named instead of an encoding error from deep inside
    table = {"paper_id": ["a", "a", "b"], "author": ["X Y", "Z W", "X Y"], "title": ["T"] * 3}
    table[column] = [*table[column][:2], f"Q{chr(0xDC01)}R"]
    with pytest.raises(gp.SchemaError, match=f"row 2, column '{column}'.*U\\+DC01"):
        gp.Corpus.from_authorships(pd.DataFrame(table, dtype=object))
    table[column][2] = "Q\ufffdR"  # replaced: read
    assert len(gp.Corpus.from_authorships(pd.DataFrame(table, dtype=object)).authorships) == 3


def test_immutable(small):
    with pytest.raises(AttributeError):
        small.papers = None
    papers = small.papers
    papers.loc["p1", "title"] = "changed"
    assert small.papers.loc["p1", "title"] == "Notes"
    ships = small.authorships
    ships.loc[0, "author_id"] = "a:someone-else"
    assert small.authorships.loc[0, "author_id"] == "a:ada-lovelace"


def test_filter(small):
    assert small.filter(years=1843).papers.index.tolist() == ["p1"]
    assert small.filter(years=(1840, None)).papers.index.tolist() == ["p1", "p3"]
    assert small.filter(years=[1834, 1850]).papers.index.tolist() == ["p2", "p3"]
    assert small.filter(categories="phys").papers.index.tolist() == ["p2"]
    only = small.filter(labs="cambridge")
    assert only.papers.index.tolist() == ["p1"]
    assert only.authors["name"].tolist() == ["Ada Lovelace", "Charles Babbage"]
    assert small.filter(labs=["nowhere"]).n_papers == 0


def test_filter_seeds(seeds):
    cl = seeds.filter(categories="CL")
    assert cl.n_papers == (seeds.papers["category"] == "CL").sum()
    assert set(cl.authorships["author_id"]) == set(cl.authors.index)
    recent = seeds.filter(years=(2024, 2025))
    assert recent.papers["year"].between(2024, 2025).all()


def test_concat_unites_shared_papers(seeds):
    pages = [gp.read_profile(p) for p in gp.seed_paths()]
    merged = gp.concat_sources(pages)
    assert merged.n_papers == seeds.n_papers == 93
    assert merged.n_authors == seeds.n_authors
    gem = merged.papers.set_index("title").loc["Gemini: A Family of Highly Capable Multimodal Models"]
    assert len(gem["sources"]) == 3
    assert set(merged.profiles["owner_method"]) == {"header", "inferred"}
    with pytest.raises(TypeError):
        gp.concat_sources([seeds, "not a corpus"])
    with pytest.raises(ValueError):
        gp.concat_sources([])


def test_repr_html(seeds):
    html = seeds._repr_html_()
    assert "<table>" in html and ">93<" in html
    assert repr(seeds).startswith("<Corpus: 93 papers")


def test_html_escapes_user_strings():
    c = gp.Corpus.from_authorships(pd.DataFrame({"paper_id": ["x"], "author": ["<script>alert(1)</script> Bob"]}))
    assert "<script>" not in c._repr_html_()


def test_empty_corpus(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    empty = gp.read_profile(path, errors="skip")
    assert (empty.n_papers, empty.n_authors) == (0, 0)
    assert len(empty.load_report) == 1
    assert "papers" in empty._repr_html_()


def test_to_parquet_round_trip(seeds, tmp_path):
    pytest.importorskip("pyarrow")
    seeds.to_parquet(tmp_path / "c")
    back = gp.read_parquet(tmp_path / "c")
    assert back == seeds
    pd.testing.assert_frame_equal(back.papers, seeds.papers)
    pd.testing.assert_frame_equal(back.merges, seeds.merges)
    assert back.profiles["owner_id"].tolist() == seeds.profiles["owner_id"].tolist()


def test_summary_leaves_the_ambiguity_check_to_the_user_on_large_corpora(monkeypatch):
    import graphlib_papers.corpus as corpus_module

    seeds = gp.load_seeds()
    small = seeds.summary()["names that look like several people"]
    assert small == 0 or "gp.ambiguous_names" in str(small)
    fresh = gp.load_seeds()
    monkeypatch.setattr(corpus_module, "_AMBIGUITY_CHECK_AUTHORSHIPS", 5)
    row = fresh.summary()["names that look like several people"]
    assert str(row).startswith("not checked") and "gp.ambiguous_names(corpus)" in str(row)


def test_with_load_report_keeps_every_other_table_as_it_is():
    from graphlib_papers.corpus import with_load_report

    seeds = gp.load_seeds()
    rows = pd.DataFrame({"source": ["x.ris"], "line": pd.array([1], dtype="Int64"),
                         "action": ["format"], "reason": ["read as ris"], "record": [""]})
    out = with_load_report(seeds, pd.concat([rows, seeds.load_report], ignore_index=True))
    assert out.load_report.iloc[0]["reason"] == "read as ris"
    assert len(out.load_report) == len(seeds.load_report) + 1
    for name in ("papers", "authors", "authorships", "profiles", "merges", "splits"):
        pd.testing.assert_frame_equal(getattr(out, name), getattr(seeds, name))
    # shared, not checked and sorted a second time (a reader's corpus is valid already)
    assert out._authorships is seeds._authorships and out._papers is seeds._papers
    assert out._name_options == seeds._name_options
