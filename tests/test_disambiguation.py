"""Telling people apart: B-cubed, splits on hand-made corpora, overrides, the gold file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.disambiguation import ambiguous_names, bcubed

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "names" / "kim_dblp_labeled.tsv"


# -- B-cubed ---------------------------------------------------------------------------
def test_bcubed_hand_computed():
    # items 1..6; truth {1,2,3} {4,5} {6}; predicted {1,2} {3,4,5,6}
    truth = ["x", "x", "x", "y", "y", "z"]
    pred = [0, 0, 1, 1, 1, 1]
    # precision per item: 1, 1, 1/4, 2/4, 2/4, 1/4  -> mean 3.5/6
    # recall per item:    2/3, 2/3, 1/3, 1, 1, 1    -> mean 4.6667/6
    p, r, f = bcubed(pred, truth)
    assert p == pytest.approx(3.5 / 6)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_bcubed_extremes_and_errors():
    assert bcubed([1, 2, 3], ["a", "b", "c"]) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed([0, 0, 0, 0], ["a", "a", "b", "b"])
    assert (p, r) == (0.5, 1.0)
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])


# -- hand-made corpora -------------------------------------------------------------------
def _two_lees(shared: bool = False, n: int = 6) -> pd.DataFrame:
    """'J Lee' on n graph papers with Ann Park and n biology papers with Bo Kim; with
    `shared`, Ann Park is on the biology papers too."""
    rows = []
    for i in range(n):
        t = f"graph colouring bounds {i}"
        rows += [(f"a{i}", "J Lee", t, "SODA"), (f"a{i}", "Ann Park", t, "SODA")]
    for i in range(n):
        t = f"protein folding kinetics {i}"
        rows += [(f"b{i}", "J Lee", t, "Bioinformatics"), (f"b{i}", "Bo Kim", t, "Bioinformatics")]
        if shared:
            rows.append((f"b{i}", "Ann Park", t, "Bioinformatics"))
    return pd.DataFrame(rows, columns=["paper_id", "author", "title", "venue"])


def _lee_ids(corpus: gp.Corpus) -> dict[str, str]:
    s = corpus.authorships
    s = s[s["printed_name"] == "J Lee"]
    return dict(zip(s["paper_id"], s["author_id"], strict=True))


def test_disjoint_coauthor_groups_split():
    c = gp.Corpus.from_authorships(_two_lees(), disambiguate=True)
    ids = _lee_ids(c)
    a = {ids[f"a{i}"] for i in range(6)}
    b = {ids[f"b{i}"] for i in range(6)}
    assert len(a) == 1 and len(b) == 1 and a != b
    splits = c.splits
    assert sorted(splits["split_id"]) == sorted(a | b)
    assert set(splits["author_id"]) == {"a:j-lee"}
    assert sorted(splits["n_papers"]) == [6, 6]
    row = splits.set_index("split_id").loc[a.pop()]
    assert row["papers"] == tuple(f"a{i}" for i in range(6))
    assert "Ann Park (6)" in row["evidence"]
    # the other authors are untouched
    assert c.n_authors == 4


def test_shared_coauthors_do_not_split():
    c = gp.Corpus.from_authorships(_two_lees(shared=True), disambiguate=True)
    assert len(set(_lee_ids(c).values())) == 1
    assert c.splits.empty


def test_default_is_unchanged_and_warns():
    plain = gp.Corpus.from_authorships(_two_lees())
    assert len(set(_lee_ids(plain).values())) == 1
    table = ambiguous_names(plain)
    assert table.index.tolist() == ["a:j-lee"]
    assert table.at["a:j-lee", "n_people"] == 2
    assert table.at["a:j-lee", "group_sizes"] == (6, 6)
    assert "disambiguate=True" in table.at["a:j-lee", "hint"]
    assert str(plain.summary()["names that look like several people"]).startswith("1 ")
    # once split, nothing left to warn about
    assert ambiguous_names(plain.with_names(disambiguate=True)).empty


def test_small_groups_of_a_full_name_are_not_split():
    # "Jae Lee" (a full name): 6 papers with Ann Park and a single paper with Bo Kim
    df = _two_lees(n=6)
    df = df[~df["paper_id"].isin([f"b{i}" for i in range(1, 6)])]
    df["author"] = df["author"].replace("J Lee", "Jae Lee")
    c = gp.Corpus.from_authorships(df, disambiguate=True)
    assert c.splits.empty


def test_deterministic_and_order_free():
    df = _two_lees()
    a = gp.Corpus.from_authorships(df, disambiguate=True)
    # papers in another order (authors keep their order within each paper)
    papers = np.random.default_rng(3).permutation(df["paper_id"].unique())
    order = {p: i for i, p in enumerate(papers)}
    shuffled = df.iloc[np.lexsort((np.arange(len(df)), df["paper_id"].map(order)))]
    b = gp.Corpus.from_authorships(shuffled, disambiguate=True)
    pd.testing.assert_frame_equal(a.authorships, b.authorships)
    pd.testing.assert_frame_equal(a.splits, b.splits)
    pd.testing.assert_frame_equal(a.authors, b.authors)


def test_overrides_same_and_different():
    c = gp.Corpus.from_authorships(_two_lees())
    joined = c.with_names(disambiguate=True, same=[(("a0", "J Lee"), ("b3", "J Lee"))])
    assert len(set(_lee_ids(joined).values())) == 1
    apart = c.with_names(different=[(("a0", "J Lee"), ("a1", "J Lee"))])
    ids = _lee_ids(apart)
    assert ids["a0"] != ids["a1"]
    assert len({ids[f"b{i}"] for i in range(6)}) == 1
    with pytest.raises(KeyError, match="no authorship"):
        c.with_names(same=[(("a0", "J Lee"), ("zz", "J Lee"))])
    with pytest.raises(ValueError, match="kept apart"):
        c.with_names(
            same=[(("a0", "J Lee"), ("b0", "J Lee"))],
            different=[(("a0", "J Lee"), ("b0", "J Lee"))],
        )


def test_vetoes_and_aliases_keep_working():
    df = _two_lees(shared=True)
    df.loc[df["paper_id"] == "b0", "author"] = df.loc[df["paper_id"] == "b0", "author"].replace(
        "J Lee", "Jae Lee"
    )
    merged = gp.Corpus.from_authorships(df, disambiguate=True)
    both = merged.authorships[merged.authorships["printed_name"].isin(["J Lee", "Jae Lee"])]
    assert both["author_id"].nunique() == 1
    vetoed = gp.Corpus.from_authorships(df, vetoes=[("J Lee", "Jae Lee")], disambiguate=True)
    both = vetoed.authorships[vetoed.authorships["printed_name"].isin(["J Lee", "Jae Lee"])]
    assert both["author_id"].nunique() == 2


def test_source_ids_are_never_joined():
    df = _two_lees(shared=True)
    df["author_key"] = np.where(
        (df["author"] == "J Lee") & df["paper_id"].str.startswith("a"), "orcid-1", None
    )
    df.loc[(df["author"] == "J Lee") & df["paper_id"].str.startswith("b"), "author_key"] = "orcid-2"
    c = gp.Corpus.from_authorships(df, disambiguate=True)
    assert len(set(_lee_ids(c).values())) == 2


def test_seeds_unchanged():
    seeds = gp.load_seeds()
    dis = gp.load_seeds(disambiguate=True)
    assert dis.splits.empty
    pd.testing.assert_frame_equal(dis.authors, seeds.authors)
    pd.testing.assert_frame_equal(dis.authorships, seeds.authorships)
    pd.testing.assert_frame_equal(dis.profiles, seeds.profiles)
    pd.testing.assert_frame_equal(dis.merges, seeds.merges)
    a = gp.author_centrality(gp.coauthor_graph(seeds))
    b = gp.author_centrality(gp.coauthor_graph(dis))
    pd.testing.assert_frame_equal(a, b)
    assert ambiguous_names(seeds).empty


def test_readers_take_the_keyword(tmp_path):
    df = _two_lees()
    wide = df.groupby("paper_id").agg(
        title=("title", "first"), venue=("venue", "first"), authors=("author", "; ".join)
    )
    path = tmp_path / "lees.csv"
    wide.to_csv(path, index=False)
    plain = gp.read_csv(path, venue="venue")
    dis = gp.read_csv(path, venue="venue", disambiguate=True)
    via_read = gp.read(path, format="csv", venue="venue", disambiguate=True)
    assert plain.splits.empty
    assert dis.splits["n_papers"].tolist() == [6, 6]
    pd.testing.assert_frame_equal(via_read.splits, dis.splits)
    assert dis.filter(papers=["x"]).splits.empty


# -- the gold standard (skips when ../shared is absent) ----------------------------------
def _gold_block(tmp_path, prefix):
    gold = pd.read_csv(GOLD, sep="\t", header=None, dtype=str, keep_default_na=False, quoting=3)
    gold.columns = ["name", "person", "paper", "authors", "year", "venue", "title", "empty"]
    part = gold[gold["person"].str.startswith(prefix)]
    records = part.drop_duplicates(["paper", "authors", "title"])
    path = tmp_path / "gold.csv"
    records[["title", "authors", "year", "venue"]].to_csv(path, index=False)
    plain = gp.read_csv(path, author_sep="|", year="year", venue="venue")
    dis = plain.with_names(disambiguate=True)

    def score(corpus):
        s = corpus.authorships
        title_of = corpus.papers["title"]
        keys = zip(s["paper_id"].map(title_of), s["printed_name"], strict=True)
        lab = dict(zip(keys, s["author_id"], strict=True))
        pred = [lab[(t, n)] for t, n in zip(part["title"], part["name"], strict=True)]
        return bcubed(pred, part["person"])

    return score(plain), score(dis), dis


# The gold file's licence is not stated (see ../shared/data/names/README.md), so no
# subset is copied into tests/data; these tests skip when ../shared is absent.
@pytest.mark.skipif(not GOLD.exists(), reason="../shared/data/names not available")
def test_gold_file_split_buys_precision(tmp_path):
    # the "d johnson" block: "david e. johnson" and others printed by several people
    (p0, _, f0), (p1, _, f1), dis = _gold_block(tmp_path, "djohnson-")
    assert p1 > p0 + 0.02
    assert f1 > f0
    assert "a:david-e-johnson" in set(dis.splits["author_id"])


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/data/names not available")
def test_gold_file_variants_merged_by_evidence(tmp_path):
    # the "j robinson" block: "john a. robinson" / "john robinson" and the like
    (_, r0, f0), (_, r1, f1), dis = _gold_block(tmp_path, "jrobinson-")
    assert r1 > r0
    assert f1 > f0
    assert (dis.merges["rule"] == "evidence").any()


def test_two_source_ids_are_not_joined_through_a_third_group():
    # mentions of "J Lee" with ORCID 1 (with Ann Park), ORCID 2 (with Bo Kim), and a
    # third group without an id sharing Ann Park's and Bo Kim's topics and venue: it may
    # join one of them, never both
    rows = []
    for i in range(4):
        rows += [(f"a{i}", "J Lee", "graph colouring protein", "X", "orcid-1"),
                 (f"a{i}", "Ann Park", "graph colouring protein", "X", None)]
        rows += [(f"b{i}", "J Lee", "graph colouring protein", "X", "orcid-2"),
                 (f"b{i}", "Bo Kim", "graph colouring protein", "X", None)]
        rows += [(f"c{i}", "J Lee", "graph colouring protein", "X", None),
                 (f"c{i}", "Cy Ng", "graph colouring protein", "X", None)]
    df = pd.DataFrame(rows, columns=["paper_id", "author", "title", "venue", "author_key"])
    ids = _lee_ids(gp.Corpus.from_authorships(df, disambiguate=True))
    assert len({ids[f"a{i}"] for i in range(4)}) == 1
    assert len({ids[f"b{i}"] for i in range(4)}) == 1
    assert ids["a0"] != ids["b0"]


def test_an_ambiguous_coauthor_name_links_nothing():
    # "S Lee" (initials only, and "Sam Lee" shares its surname + initial) is printed beside
    # "J Lee" once in each group: it may be two people, so it does not join the groups;
    # "Ann Park" (a full name) on one paper of each group does
    df = _two_lees()
    extra = [("a0", "S Lee", "graph colouring bounds 0", "SODA"),
             ("b0", "S Lee", "protein folding kinetics 0", "Bioinformatics"),
             ("z0", "Sam Lee", "unrelated", "Other"), ("z0", "Cy Ng", "unrelated", "Other")]
    df = pd.concat([df, pd.DataFrame(extra, columns=df.columns)], ignore_index=True)
    ids = _lee_ids(gp.Corpus.from_authorships(df, disambiguate=True))
    assert ids["a0"] != ids["b0"]
    assert len({ids[f"a{i}"] for i in range(6)}) == 1
    joined = df.copy()
    joined.loc[joined["author"] == "S Lee", "author"] = "Ann Park"
    joined = joined.drop_duplicates(["paper_id", "author"])
    ids = _lee_ids(gp.Corpus.from_authorships(joined, disambiguate=True))
    assert len(set(ids.values())) == 1
