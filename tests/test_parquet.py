"""Parquet round trip of the corpus tables (graphlib_papers.io.parquet)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.io.parquet import TABLES, read_parquet, write_parquet

pq = pytest.importorskip("pyarrow.parquet")


def _assert_same(a: gp.Corpus, b: gp.Corpus) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a._name_options == b._name_options


def test_seeds_round_trip_is_lossless(seeds, tmp_path):
    back = read_parquet(write_parquet(seeds, tmp_path / "seeds"))
    _assert_same(seeds, back)
    assert back == seeds
    # the values that Parquet does not hold natively come back as the corpus had them
    assert back.papers["labs"].map(type).eq(tuple).all()
    assert back.authors["variants"].map(type).eq(tuple).all()
    assert back.papers["date"].dtype == "datetime64[ns]"
    assert back.authorships["position"].dtype == "Int64"
    assert back.profiles["owner_id"].dtype == object
    # a paper present on two pages keeps both sources, in order
    multi = seeds.papers["sources"].map(len) > 1
    assert multi.any()
    assert back.papers.loc[multi, "sources"].tolist() == seeds.papers.loc[multi, "sources"].tolist()


def test_files_are_plain_parquet(seeds, tmp_path):
    folder = write_parquet(seeds, tmp_path)
    ships = pq.read_table(folder / "authorships.parquet")
    assert ships.num_rows == len(seeds.authorships)
    assert {"paper_id", "author_id", "position", "inferred"} <= set(ships.column_names)
    manifest = json.loads((folder / "corpus.json").read_text())
    assert manifest["tables"]["papers"]["rows"] == 93
    assert "labs" in manifest["tables"]["papers"]["tuple_columns"]


def test_toy_corpus_with_empty_tuples_and_name_options(tmp_path):
    df = pd.DataFrame(
        {
            "paper_id": ["p1", "p1", "p2", "p3"],
            "author": ["Samuel L Smith", "Soham De", "Samuel L. Smith", "Gemini Team"],
            "year": [2020, 2020, 2021, None],
        }
    )
    c = gp.Corpus.from_authorships(df).with_names(vetoes=[("Samuel L Smith", "Samuel L. Smith")])
    assert c.papers["labs"].map(len).eq(0).all()
    back = read_parquet(write_parquet(c, tmp_path))
    _assert_same(c, back)
    assert back._name_options["vetoes"] == [("Samuel L Smith", "Samuel L. Smith")]
    assert back.papers["year"].isna().sum() == 1


def test_random_corpora_round_trip(tmp_path):
    rng = np.random.default_rng(7)
    for k in range(3):
        n = 60
        df = pd.DataFrame(
            {
                "paper_id": [f"q{i}" for i in rng.integers(0, 20, n)],
                "author": [
                    f"Author {chr(65 + i)}{chr(65 + j)}" for i, j in rng.integers(0, 6, (n, 2))
                ],
                "labs": ["lab-a;lab-b" if x else "" for x in rng.integers(0, 2, n)],
            }
        ).drop_duplicates(["paper_id", "author"])
        c = gp.Corpus.from_authorships(df)
        back = read_parquet(write_parquet(c, tmp_path / str(k)))
        _assert_same(c, back)


def test_overwrite_is_explicit(seeds, tmp_path):
    write_parquet(seeds, tmp_path)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_parquet(seeds, tmp_path)
    write_parquet(seeds.filter(years=2024), tmp_path, overwrite=True)
    assert len(read_parquet(tmp_path)) == len(seeds.filter(years=2024))


def test_not_a_corpus_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus.json"):
        read_parquet(tmp_path)
    with pytest.raises(TypeError, match="Corpus"):
        write_parquet(pd.DataFrame(), tmp_path)


def test_bad_manifest_and_tampered_tables(seeds, tmp_path):
    folder = write_parquet(seeds, tmp_path)
    manifest = json.loads((folder / "corpus.json").read_text())
    manifest["version"] = 99
    (folder / "corpus.json").write_text(json.dumps(manifest))
    with pytest.raises(gp.SchemaError, match="newer"):
        read_parquet(folder)
    manifest["version"] = 1
    (folder / "corpus.json").write_text(json.dumps(manifest))
    ships = seeds.authorships
    ships.loc[0, "paper_id"] = "p:unknown"
    ships.to_parquet(folder / "authorships.parquet")
    with pytest.raises(gp.SchemaError, match="unknown paper_id"):
        read_parquet(folder)
    (folder / "papers.parquet").unlink()
    with pytest.raises(gp.SchemaError, match="papers.parquet"):
        read_parquet(folder)


def test_unstorable_values_are_refused(tmp_path):
    df = pd.DataFrame({"paper_id": ["p1", "p2"], "author": ["Ada Lovelace", "Ada Lovelace"]})
    c = gp.Corpus.from_authorships(df)
    papers = c.papers
    papers["extra"] = [{"a": 1}, object()]
    bad = gp.Corpus(papers, c.authors, c.authorships)
    with pytest.raises(gp.SchemaError, match="papers table"):
        write_parquet(bad, tmp_path)


def test_splits_and_their_options_round_trip(tmp_path):
    # "J Lee" with Ann Park on graph papers and with Bo Kim on biology papers: two people
    rows = [(f"a{i}", a, f"graph colouring {i}") for i in range(5) for a in ("J Lee", "Ann Park")]
    rows += [(f"b{i}", a, f"protein folding {i}") for i in range(5) for a in ("J Lee", "Bo Kim")]
    df = pd.DataFrame(rows, columns=["paper_id", "author", "title"])
    c = gp.Corpus.from_authorships(df).with_names(
        disambiguate=True, different=[(("a0", "J Lee"), ("a1", "J Lee"))]
    )
    assert len(c.splits) == 3  # the two groups, and a1 kept apart from a0
    back = read_parquet(write_parquet(c, tmp_path))
    _assert_same(c, back)
    assert back.splits["papers"].map(type).eq(tuple).all()
    assert back._name_options["different"] == [(("a0", "J Lee"), ("a1", "J Lee"))]
    # the options travel: re-running the name layer on the copy splits the same way
    again = back.with_names(**{k: back._name_options[k] for k in ("disambiguate", "different")})
    pd.testing.assert_frame_equal(again.splits, c.splits)
