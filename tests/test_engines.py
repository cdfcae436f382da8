"""The DuckDB and Spark engines give the scipy engine's edge list, exactly."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlib_papers as gp
from graphlib_papers.engines import EDGE_COLUMNS, WEIGHTINGS, compute_edges
from graphlib_papers.io.parquet import write_parquet

duckdb = pytest.importorskip("duckdb")


# -- random corpora ----------------------------------------------------------------------
def random_corpus(seed: int, *, n_papers: int | None = None, n_people: int | None = None):
    """A small corpus with every feature the projection contract speaks of.

    Duplicate (paper, author) rows, inferred authorships, two group authors, papers
    without a year, truncated author lists, single-author and large papers, an author
    without any paper.
    """
    rng = np.random.default_rng(seed)
    n_papers = n_papers or int(rng.integers(1, 16))
    n_people = n_people or int(rng.integers(2, 9))
    people = [f"a:person-{i:02d}" for i in range(n_people)] + ["a:team-x", "a:team-y"]
    rows = []
    for k in range(n_papers):
        pid = f"p:{k:012x}"
        size = int(rng.choice([1, 2, 3, 4, 6, 9], p=[0.15, 0.3, 0.25, 0.15, 0.1, 0.05]))
        for pos, who in enumerate(rng.choice(len(people), size=size), start=1):
            inferred = bool(rng.random() < 0.15)
            rows.append((pid, people[who], pd.NA if inferred else pos, inferred))
    ships = pd.DataFrame(rows, columns=["paper_id", "author_id", "position", "inferred"])
    ships["printed_name"] = ships["author_id"].str[2:]
    years = rng.integers(2018, 2023, n_papers).astype(object)
    years[rng.random(n_papers) < 0.2] = None
    papers = pd.DataFrame(
        {
            "title": [f"paper {k}" for k in range(n_papers)],
            "year": pd.array(years, dtype="Int64"),
            "authors_truncated": rng.random(n_papers) < 0.3,
        },
        index=pd.Index([f"p:{k:012x}" for k in range(n_papers)], name="paper_id"),
    )
    authors = pd.DataFrame(
        {
            "name": [p[2:] for p in people] + ["Nobody"],
            "is_group": [p.startswith("a:team") for p in people] + [False],
        },
        index=pd.Index(people + ["a:nobody"], name="author_id"),
    )
    return gp.Corpus(papers, authors, ships)


OPTION_SETS = [
    {},
    {"include_inferred": False},
    {"max_authors": 3},
    {"max_authors": 1},
    {"group_authors": "drop"},
    {"group_authors": "isolate", "max_authors": 4},
    {"years": (2019, None)},
    {"years": (None, None)},
    {"years": 2020},
    {"years": [2018, 2021]},
    {"years": []},
    {"min_weight": 0.3},
    {
        "include_inferred": False,
        "group_authors": "isolate",
        "years": (2018, 2021),
        "min_weight": 0.2,
    },
]


def assert_same_edges(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Exact equality of ids and counts, 1e-12 on the float weights."""
    assert list(got.columns) == EDGE_COLUMNS
    assert got.dtypes.equals(expected.dtypes)
    for col in ("source", "target", "n_shared", "n_shared_truncated"):
        assert got[col].tolist() == expected[col].tolist(), col
    np.testing.assert_allclose(got["weight"], expected["weight"], rtol=1e-12, atol=0)


# -- a hand-computed example ---------------------------------------------------------------
@pytest.fixture
def toy() -> gp.Corpus:
    """p1: A B C (truncated), p2: A B, p3: C alone, p4: A B C D E; G is a group on p2.

    By hand, with n(p1)=3, n(p2)=2 (+G), n(p3)=1, n(p4)=5 and s_A = 3, s_B = 3,
    s_C = 3, s_D = s_E = 1.
    """
    rows = [
        ("p1", "A"), ("p1", "B"), ("p1", "C"),
        ("p2", "A"), ("p2", "B"), ("p2", "G"),
        ("p3", "C"),
        ("p4", "A"), ("p4", "B"), ("p4", "C"), ("p4", "D"), ("p4", "E"),
    ]  # fmt: skip
    ships = pd.DataFrame(rows, columns=["paper_id", "author_id"])
    ships["author_id"] = "a:" + ships["author_id"].str.lower()
    papers = pd.DataFrame(
        {"year": [2020, 2021, 2021, 2022], "authors_truncated": [True, False, False, False]},
        index=pd.Index(["p1", "p2", "p3", "p4"], name="paper_id"),
    )
    ids = ["a:a", "a:b", "a:c", "a:d", "a:e", "a:g"]
    authors = pd.DataFrame(
        {"name": list("ABCDEG"), "is_group": [False] * 5 + [True]},
        index=pd.Index(ids, name="author_id"),
    )
    return gp.Corpus(papers, authors, ships)


def _pairs(df: pd.DataFrame) -> dict[tuple[str, str], tuple[float, int, int]]:
    return {
        (s[2:], t[2:]): (w, n, tr)
        for s, t, w, n, tr in df[EDGE_COLUMNS].itertuples(index=False)
    }


def test_hand_computed_toy(toy):
    # group author dropped: p2 has A, B (n=2); p1 n=3; p4 n=5; s_A = s_B = 3, s_C = 3
    count = _pairs(compute_edges("duckdb", toy, group_authors="drop"))
    assert count[("a", "b")] == (3.0, 3, 1)
    assert count[("a", "c")] == (2.0, 2, 1)
    assert count[("d", "e")] == (1.0, 1, 0)
    assert ("a", "g") not in count
    assert len(count) == 10  # C(5,2) pairs of p4 cover every pair of A..E
    newman = _pairs(compute_edges("duckdb", toy, group_authors="drop", weighting="newman"))
    assert newman[("a", "b")][0] == pytest.approx(1 / 2 + 1 / 1 + 1 / 4, rel=1e-15)
    assert newman[("a", "c")][0] == pytest.approx(1 / 2 + 1 / 4, rel=1e-15)
    assoc = _pairs(compute_edges("duckdb", toy, group_authors="drop", weighting="association"))
    assert assoc[("a", "b")][0] == pytest.approx(3 / (3 * 3))
    assert assoc[("a", "d")][0] == pytest.approx(1 / (3 * 1))
    salton = _pairs(compute_edges("duckdb", toy, group_authors="drop", weighting="salton"))
    assert salton[("a", "d")][0] == pytest.approx(1 / np.sqrt(3))
    jac = _pairs(compute_edges("duckdb", toy, group_authors="drop", weighting="jaccard"))
    assert jac[("a", "c")][0] == pytest.approx(2 / (3 + 3 - 2))
    # keep: G is a person on p2 (n=3 there); newman A-B = 1/2 + 1/2 + 1/4
    keep = _pairs(compute_edges("duckdb", toy, weighting="newman"))
    assert keep[("a", "b")][0] == pytest.approx(1.25)
    assert keep[("a", "g")][0] == pytest.approx(0.5)
    # cap at 3 authors: p4 leaves entirely, so D and E vanish and s_A = 2
    capped = _pairs(compute_edges("duckdb", toy, group_authors="drop", max_authors=3,
                                  weighting="association"))
    assert set(capped) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert capped[("a", "c")][0] == pytest.approx(1 / (2 * 2))
    # years and min_weight
    assert set(_pairs(compute_edges("duckdb", toy, years=2021))) == {("a", "b"), ("a", "g"),
                                                                      ("b", "g")}
    strong = _pairs(compute_edges("duckdb", toy, min_weight=3))
    assert set(strong) == {("a", "b")}


# -- DuckDB == scipy ---------------------------------------------------------------------
@pytest.mark.parametrize("weighting", WEIGHTINGS)
@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(map(str, o)) or "default")
def test_duckdb_equals_scipy_on_seeded_corpora(weighting, options):
    for seed in (1, 2):
        corpus = random_corpus(seed, n_papers=25, n_people=10)
        expected = gp.coauthor_edges(corpus, weighting=weighting, **options)
        got = compute_edges("duckdb", corpus, weighting=weighting, **options)
        assert_same_edges(got, expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    weighting=st.sampled_from(WEIGHTINGS),
    options=st.sampled_from(OPTION_SETS),
)
def test_duckdb_equals_scipy_hypothesis(seed, weighting, options):
    corpus = random_corpus(seed)
    expected = gp.coauthor_edges(corpus, weighting=weighting, **options)
    got = compute_edges("duckdb", corpus, weighting=weighting, **options)
    assert_same_edges(got, expected)


def test_coauthor_edges_dispatches_to_duckdb(seeds):
    for weighting in WEIGHTINGS:
        expected = gp.coauthor_edges(seeds, weighting=weighting, max_authors=10)
        got = gp.coauthor_edges(seeds, weighting=weighting, max_authors=10, engine="duckdb")
        assert len(got) > 100
        assert_same_edges(got, expected)


def test_parquet_folder_and_output_file(seeds, tmp_path):
    folder = write_parquet(seeds, tmp_path / "corpus")
    expected = gp.coauthor_edges(seeds, weighting="salton", group_authors="isolate")
    from_disk = compute_edges("duckdb", folder, weighting="salton", group_authors="isolate")
    assert_same_edges(from_disk, expected)
    out = compute_edges(
        "duckdb",
        folder,
        weighting="salton",
        group_authors="isolate",
        output=tmp_path / "edges" / "edges.parquet",
        memory_limit="256MB",
        temp_directory=tmp_path / "spill",
        threads=1,
    )
    written = pd.read_parquet(out)
    assert_same_edges(written.astype(expected.dtypes.to_dict()), expected)


def test_bare_authorships_frame_and_file(seeds, tmp_path):
    ships = seeds.authorships
    papers = seeds.papers
    authors = seeds.authors
    options = {"weighting": "newman", "group_authors": "drop", "years": (2023, None)}
    expected = gp.coauthor_edges(seeds, **options)
    got = compute_edges("duckdb", ships, papers, authors_info=authors, weighting="newman",
                        group_authors="drop", years=(2023, None))
    assert_same_edges(got, expected)
    # a bare authorships file without the inferred column: every authorship counts
    ships[["paper_id", "author_id"]].to_parquet(tmp_path / "ships.parquet")
    papers.reset_index()[["paper_id", "year", "authors_truncated"]].to_parquet(
        tmp_path / "papers.parquet"
    )
    authors.reset_index()[["author_id", "is_group"]].to_parquet(tmp_path / "authors.parquet")
    got = compute_edges("duckdb", tmp_path / "ships.parquet", tmp_path / "papers.parquet",
                        authors_info=tmp_path / "authors.parquet", weighting="newman",
                        group_authors="drop", years=(2023, None))
    assert_same_edges(got, expected)
    # without paper information nothing is truncated and every year is unknown
    plain = compute_edges("duckdb", ships)
    assert_same_edges(plain.drop(columns="n_shared_truncated").assign(n_shared_truncated=0),
                      gp.coauthor_edges(seeds).assign(n_shared_truncated=0))


def test_empty_and_edgeless(toy):
    solo = gp.Corpus.from_authorships(
        pd.DataFrame({"paper_id": ["p1", "p2"], "author": ["Ada Lovelace", "Charles Babbage"]})
    )
    for corpus, options in ((solo, {}), (toy, {"years": 1999}), (toy, {"years": []}),
                            (toy, {"max_authors": 1})):
        got = compute_edges("duckdb", corpus, **options)
        expected = gp.coauthor_edges(corpus, **options)
        assert len(got) == 0
        assert list(got.columns) == EDGE_COLUMNS
        assert got.dtypes.equals(expected.dtypes)


def test_bad_input(toy, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="engine"):
        compute_edges("polars", toy)
    with pytest.raises(ValueError, match="weighting"):
        compute_edges("duckdb", toy, weighting="harmonic")
    with pytest.raises(ValueError, match="max_authors"):
        compute_edges("duckdb", toy, max_authors=0)
    with pytest.raises(ValueError, match="years"):
        compute_edges("duckdb", toy, years="2020")
    with pytest.raises(gp.SchemaError, match="author_id"):
        compute_edges("duckdb", pd.DataFrame({"paper_id": ["p1"]}))
    with pytest.raises(FileNotFoundError, match="corpus.json"):
        compute_edges("duckdb", tmp_path)
    with pytest.raises(gp.SchemaError, match="papers_info"):
        compute_edges("duckdb", tmp_path / "ships.parquet")
    with pytest.raises(TypeError, match="Corpus"):
        compute_edges("duckdb", 42)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(gp.MissingDependency, match=r"graphlib-papers\[duckdb\]"):
        compute_edges("duckdb", toy)


def test_tight_memory_limit_and_own_temp_directory(tmp_path):
    """Settings reach DuckDB (a 64 MB limit, one thread) and the result is unchanged."""
    corpus = random_corpus(11, n_papers=3000, n_people=400)
    expected = gp.coauthor_edges(corpus, weighting="jaccard")
    got = compute_edges("duckdb", corpus, weighting="jaccard", memory_limit="64MB",
                        temp_directory=tmp_path / "spill", threads=1)
    assert_same_edges(got, expected)


# -- Spark == scipy (local mode) -----------------------------------------------------------
@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (17+); none on PATH")
    from graphlib_papers.engines.spark_engine import local_spark

    session = local_spark(
        "local[2]",
        {
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.sql.adaptive.enabled": "false",
        },
    )
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_equals_scipy(spark):
    cases = [
        (22, "newman", {"include_inferred": False, "group_authors": "isolate"}),
        (23, "jaccard", {"max_authors": 4, "years": (2019, None), "min_weight": 0.2}),
        (24, "association", {"group_authors": "drop", "years": [2018, 2020, 2022]}),
    ]
    for seed, weighting, options in cases:
        corpus = random_corpus(seed, n_papers=40, n_people=12)
        expected = gp.coauthor_edges(corpus, weighting=weighting, **options)
        got = compute_edges("spark", corpus, weighting=weighting, spark=spark, **options)
        assert len(expected) > 0
        assert_same_edges(got, expected)


@pytest.mark.slow
def test_spark_reads_and_writes_parquet(spark, seeds, tmp_path):
    folder = write_parquet(seeds, tmp_path / "corpus")
    expected = gp.coauthor_edges(seeds, weighting="salton", max_authors=10)
    out = compute_edges("spark", folder, weighting="salton", max_authors=10, spark=spark,
                        output=tmp_path / "edges")
    assert out.is_dir()
    written = pd.read_parquet(out).sort_values(["source", "target"]).reset_index(drop=True)
    assert_same_edges(written.astype(expected.dtypes.to_dict()), expected)
    # and an empty result keeps its columns
    empty = compute_edges("spark", folder, years=1900, spark=spark)
    assert len(empty) == 0 and list(empty.columns) == EDGE_COLUMNS


def test_spark_missing_is_a_clear_error(toy, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(gp.MissingDependency, match=r"graphlib-papers\[spark\]"):
        compute_edges("spark", toy)


def test_engine_options_pass_through_coauthor_edges(tmp_path):
    pytest.importorskip("duckdb")
    seeds = gp.load_seeds()
    out = gp.coauthor_edges(seeds, engine="duckdb", memory_limit="512MB",
                            output=tmp_path / "e.parquet")
    # with output= the declared return is the file's Path (coauthor_edges -> DataFrame | Path)
    assert isinstance(out, Path) and out == tmp_path / "e.parquet"
    back = pd.read_parquet(out)
    ref = gp.coauthor_edges(seeds)
    assert len(back) == len(ref) and set(back["source"]) == set(ref["source"])
    with pytest.raises(TypeError, match="duckdb and spark engines only"):
        gp.coauthor_edges(seeds, memory_limit="1GB")
