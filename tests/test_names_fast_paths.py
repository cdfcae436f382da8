"""The name layer's fast paths give what its per-name functions give.

Each step that :func:`graphlib_papers.names.resolve_codes` does for all distinct names at
once (Arrow string kernels, one pass over the joined names, bisection instead of a dict)
is checked against the per-name definition it stands for (:func:`normalize_name`,
:func:`name_key`, :func:`is_group_name`, :func:`name_parts`, ``pandas.factorize``), on
names built to hit the edges: diacritics and combining marks, hyphens and apostrophes,
particles, suffixes, group authors in any case (and with the letters whose case rules
are not ASCII's), single words, empty strings, CJK, odd white space.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlib_papers as gp
from graphlib_papers import names as N
from graphlib_papers.names import (
    is_group_name,
    name_key,
    name_parts,
    normalize_name,
    resolve_names,
)

TRICKY = [
    "",
    " ",
    "Ann Lee",
    "Ann  Lee",
    " Ann Lee",
    "Ann Lee,",
    ";Ann Lee;",
    "Ann\tLee",
    "Ann\u00a0Lee",
    "Ann\u2003Lee",
    "Ann\u3000Lee",
    "Ann\x1cLee",
    "José Núñez",
    "Jose\u0301 Nu\u0301n\u0303ez",  # decomposed: not in NFC
    "Ca\u0306ta\u0306lina Cangea",
    "Łukasz Kaiser",
    "Søren Ørsted",
    "Nguyễn Văn Thắng",
    "Jean-Baptiste Wasúhu",
    "Jai-Yong Lee",
    "Jaiyong Lee",
    "O'Brien",
    "Mary O’Neil",
    "Maria D. de Sonmikow",
    "Ana de las Casas",
    "Ludwig van der Waals",
    "Y Chen",
    "Y. Chen",
    "de la Cruz",
    "van",
    "John Smith Jr",
    "John Smith Jr.",
    "J. Smith II",
    "Jr",
    "Madonna",
    "J",
    "J.",
    "毛泽东",
    "王 小明",
    "Xiaoming Wang 王小明",
    "ATLAS Collaboration",
    "The CMS Collaboration",
    "Gemini Team",
    "Gemini TEAM",
    "gemini team",
    "Teamwork Smith",
    "Ann Teamson",
    "Team",
    "Working Group",
    "SOME Working group",
    "Human Genome Project",
    "Gemini Téam",
    "Gemini Tea\u0301m",
    "Big Science Inıtiative",  # dotless i: Python's case-insensitive match takes it
    "Big Science Networ\u212a",  # Kelvin sign
    "Data Analysiſ Group",
    "The Data Society ſociety",
    "ﬁona Dağ",
    "Ｊｏｈｎ Ｓｍｉｔｈ",
    "Zoë Brontë",
    "Ærøskøbing Ågård",
    "A. B. C.",
    "- -",
    "Anne-Marie",
    "Straße Groß",
    "Σίσυφος Ὀδυσσεύς",
    "İlker Çelik",
]


def normalised(names):
    return sorted({normalize_name(n) for n in names})


# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------
EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_other_spaces_are_every_white_space_but_the_space():
    every = {c for c in EVERY_CHARACTER if c.isspace()}
    assert set(N._OTHER_SPACES) == every - {" "}
    assert set(re.findall(r"\s", EVERY_CHARACTER)) == every  # what normalize_name's \s takes


def test_letter_lookalikes_are_every_other_character_matching_a_letter():
    # beyond ASCII, the characters Python's case-insensitive matching takes for a letter
    found = set(re.findall("[a-z]", EVERY_CHARACTER, re.IGNORECASE))
    assert set(N._LETTER_LOOKALIKES) == {c for c in found if not c.isascii()}


def test_untouched_only_where_normalize_name_changes_nothing():
    untouched = N._untouched(TRICKY, pa.array(TRICKY))
    for name, same in zip(TRICKY, untouched.tolist(), strict=True):
        if same:
            assert normalize_name(name) == name, name
        # and the flag is not a blanket no: a tidy name is recognised
    assert untouched[TRICKY.index("Ann Lee")] and untouched[TRICKY.index("José Núñez")]
    assert not untouched[TRICKY.index("Jose\u0301 Nu\u0301n\u0303ez")]
    assert not untouched[TRICKY.index("Ann\u2003Lee")]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=" \t\u00a0\u2003,;.-aAé\u0301\u0306ŁIıK\u212a", max_size=12),
                max_size=8))
def test_untouched_on_random_names(names):
    untouched = N._untouched(names, pa.array(names, type=pa.string()))
    for name, same in zip(names, untouched.tolist(), strict=True):
        if same:
            assert normalize_name(name) == name


def test_resolve_codes_normalises_only_what_needs_it():
    # spellings whose normal form sorts elsewhere, merges with a tidy twin, a run of spaces
    rows = [("p1", " Zed Ade"), ("p1", "Bo Li"), ("p2", "Zed Ade"), ("p2", "Bo  Li"),
            ("p3", "Ca\u0306ta\u0306lina Cangea"), ("p3", "Ann Lee,")]
    untidy = pd.DataFrame(rows, columns=["paper_id", "printed_name"])
    tidy = untidy.assign(printed_name=untidy["printed_name"].map(normalize_name))
    ids_u, authors_u, merges_u = resolve_names(untidy)
    ids_t, authors_t, merges_t = resolve_names(tidy)
    pd.testing.assert_series_equal(ids_u, ids_t)
    pd.testing.assert_frame_equal(authors_u, authors_t)
    pd.testing.assert_frame_equal(merges_u, merges_t)
    assert ids_u.tolist() == ["a:zed-ade", "a:bo-li", "a:zed-ade", "a:bo-li",
                              "a:catalina-cangea", "a:ann-lee"]


# ---------------------------------------------------------------------------
# keys, group names, name parts
# ---------------------------------------------------------------------------
def test_ascii_lowers_as_it_folds():
    ascii_ = "".join(map(chr, range(128)))
    assert ascii_.lower() == ascii_.casefold()


def test_unmark_strips_what_strip_marks_strips():
    marked = [n for n in normalised(TRICKY) if not n.isascii()]
    text = unicodedata.normalize("NFKD", "\n".join(marked))
    assert N._unmark(text).split("\n") == [N._strip_marks(n) for n in marked]


@pytest.mark.parametrize("many_marked", [1, 10**9])
def test_spelling_keys_and_slugs_as_per_name(monkeypatch, many_marked):
    monkeypatch.setattr(N, "_MANY_MARKED", many_marked)
    names = normalised(TRICKY)
    spellings = N._Spellings(names)
    assert spellings.normal
    assert spellings.keys() == [name_key(n) for n in names]
    assert spellings.keys_arrow().to_pylist() == [name_key(n) for n in names]
    assert spellings.slugs() == [N._slug(n) for n in names]
    assert spellings.ids() == ["a:" + N._slug(n) for n in names]
    assert spellings.ids_arrow().to_pylist() == spellings.ids()


@pytest.mark.parametrize("names", [["毛泽东"], ["", "Ann"], ["Ann", "- -"], ["", "毛泽东", "-"],
                                   ["Ann", "Bo"], []])
def test_author_ids_where_slugs_are_empty(names):
    assert N._Spellings(names).ids() == ["a:" + N._slug(n) for n in names]


def test_group_screen_misses_no_group_name():
    names = normalised(TRICKY)
    candidate = N._group_candidates(pa.array(names))
    groups = [is_group_name(n) for n in names]
    assert all(c for c, g in zip(candidate.tolist(), groups, strict=True) if g)
    assert N._Spellings(names).groups().tolist() == groups
    # the letters Python's case-insensitive match folds beyond ASCII are groups too
    assert is_group_name("Big Science Networ\u212a") and is_group_name("Big Science Inıtiative")
    assert not candidate[names.index("Ann Teamson")]  # and the screen does screen


def test_groups_and_keys_of_unnormalised_names_take_the_per_name_path():
    names = ["Gemini\u2003Team", "Ann Lee", "Ca\u0306ta\u0306lina Team"]
    spellings = N._Spellings(names)
    assert not spellings.normal
    assert spellings.groups().tolist() == [is_group_name(n) for n in names]
    assert spellings.keys_arrow().to_pylist() == [name_key(n) for n in names]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["ann", "j", "y", "de", "las", "van", "der", "jr", "ii", "smith", "chen", "team",
     "É.", "łukasz", "王小明", "x", "del", "a", "Van", "o'neil", "e", "Y."]), max_size=6).map(" ".join),
    max_size=10))
def test_parts_as_name_parts_on_random_names(names):
    has, surname, first = N._parts_all([name_key(n) for n in names])
    for i, key in enumerate(names):
        ref = name_parts(key)
        assert has[i] == (ref is not None), key
        if ref is not None:
            assert (surname[i], first[i]) == (ref[0], ref[1][0]), key


def test_parts_as_name_parts_on_tricky_names():
    names = normalised(TRICKY)
    has, surname, first = N._parts_all([name_key(n) for n in names])
    for i, name in enumerate(names):
        ref = name_parts(name)
        assert has[i] == (ref is not None), name
        if ref is not None:
            assert (surname[i], first[i]) == (ref[0], ref[1][0]), name
    assert surname[names.index("Ana de las Casas")] == "de las casas"
    assert first[names.index("Y Chen")] == "y"


def test_initials_candidates_as_pairwise_definition():
    # candidates: printed, not groups, same surname; first names equal in full or one
    # of them an initial of the other (groups here are far below the size cut)
    names = normalised(TRICKY + ["Ann B. Lee", "A. Lee", "Anna Lee", "Bob Lee", "B Lee",
                                 "John Smith", "J Smith", "Jane Smith", "J. Smith II",
                                 "Y Chen", "Yu Chen", "Gemini Team", "G Team"])
    printed = np.ones(len(names), dtype=bool)
    printed[names.index("Anna Lee")] = False
    spellings = N._Spellings(names)
    pair_a, pair_b = N._initials_candidates(spellings, printed)
    got = set(zip(pair_a.tolist(), pair_b.tolist(), strict=True))
    want = set()
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            b = names[j]
            if not (printed[i] and printed[j]) or is_group_name(a) or is_group_name(b):
                continue
            pa_, pb = name_parts(a), name_parts(b)
            if pa_ is None or pb is None or pa_[0] != pb[0]:
                continue
            fa, fb = pa_[1][0], pb[1][0]
            if (len(fa) > 1 and len(fb) > 1 and fa == fb) or (
                (len(fa) == 1 or len(fb) == 1) and fa[0] == fb[0]
            ):
                want.add((i, j))
    assert got == want
    assert (names.index("A. Lee"), names.index("Ann Lee")) in got


# ---------------------------------------------------------------------------
# codes and positions
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("values", [
    ["x", None, "y", "x", float("nan"), "é", "y"],
    [None, None],
    ["a", 1, "a", None, 1],  # not strings: pandas does it
    [],
])
def test_codes_or_missing_partitions_as_factorize(values):
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    got = N._codes_or_missing(arr)
    ref = pd.factorize(arr)[0]
    assert ((got < 0) == (ref < 0)).all()
    held = ref >= 0
    # one code per value, one value per code
    pairs = set(zip(got[held].tolist(), ref[held].tolist(), strict=True))
    assert len({g for g, _ in pairs}) == len(pairs) == len({r for _, r in pairs})


@pytest.mark.parametrize("ids", [
    ["p1", "p1", "p2", "p3", "p3", "p3"],  # each paper's rows together: read off the runs
    ["p1", "p2", "p1", "p3"],  # a paper in two runs: hashed
    ["p1"],
    [],
])
def test_paper_codes_partition_as_factorize(ids):
    for values in (pd.Series(ids, dtype="str"), pd.Series(ids, dtype=object)):
        codes, n = N._paper_codes(values)
        ref, uniques = pd.factorize(values)
        assert n == len(uniques)
        assert codes.tolist() == ref.tolist()  # (first appearance numbers both)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4),
                          st.sampled_from(["k1", "k2", "kß", None, float("nan"), 7, pd.NA])),
                max_size=30))
def test_new_pairs_keep_every_distinct_spelling_and_key(rows):
    row_name = np.array([r for r, _ in rows], dtype=np.int64)
    keys = np.empty(len(rows), dtype=object)
    keys[:] = [k for _, k in rows]
    kept = N._new_pairs(row_name, keys, 5)
    assert len(set(kept.tolist())) == len(kept)
    # (missing keys compared by identity: NaN and pd.NA are one object each here)
    assert {(r, id(k)) for r, k in rows} == {(int(row_name[i]), id(keys[i])) for i in kept}


def test_merger_finds_spellings_by_bisection():
    names = normalised(TRICKY)
    merger = N._Merger(N._Spellings(names), np.ones(len(names), dtype=bool), None)
    assert [merger.position(n) for n in names] == list(range(len(names)))
    assert merger.position("Nobody Here") is None
    assert merger.position("zzzz") is None and merger.position("") == names.index("")


# ---------------------------------------------------------------------------
# the tables, end to end
# ---------------------------------------------------------------------------
def test_merge_table_names_the_canonical_spelling_of_its_author(seeds):
    for corpus in (seeds, gp.load_seeds(aliases={"Sashank Reddi": "Sashank J. Reddi"})):
        merges = corpus.merges
        assert len(merges)
        names = corpus.authors.loc[merges["author_id"], "name"].tolist()
        assert merges["name"].tolist() == names


def test_authors_table_from_arrow_strings_as_from_lists(monkeypatch, seeds):
    ships = seeds.authorships[["paper_id", "printed_name"]]
    fast = resolve_names(ships)
    monkeypatch.setattr(N, "_arrow_str_dtype", lambda: None)
    plain = resolve_names(ships)
    pd.testing.assert_series_equal(fast[0], plain[0])
    pd.testing.assert_frame_equal(fast[1], plain[1])
    pd.testing.assert_frame_equal(fast[2], plain[2])
    assert fast[1].index.is_monotonic_increasing and fast[1].index.is_unique


def test_author_ids_shared_by_two_clusters_are_numbered():
    # one slug for two authors (merging off): the table takes the numbering path
    ships = pd.DataFrame({"paper_id": ["p1", "p2", "p2"],
                          "printed_name": ["Ann-Lee", "Ann Lee", "Bo Li"]})
    ids, authors, _ = resolve_names(ships, merge=False)
    assert ids.tolist() == ["a:ann-lee-2", "a:ann-lee", "a:bo-li"]
    assert authors.index.tolist() == ["a:ann-lee", "a:ann-lee-2", "a:bo-li"]
    assert authors["name"].tolist() == ["Ann Lee", "Ann-Lee", "Bo Li"]


def test_initials_merge_and_vetoes_through_the_fast_paths():
    ships = pd.DataFrame({
        "paper_id": ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4", "p4"],
        "printed_name": ["Sashank Reddi", "Sanjiv Kumar", "Sashank J. Reddi", "Sanjiv Kumar",
                         "J. Smith", "Ann Lee", "John Smith", "Ann Lee", "ATLAS Collaboration"],
    })
    ids, authors, merges = resolve_names(ships)
    assert ids[0] == ids[2] == "a:sashank-j-reddi"
    assert ids[4] == ids[6] == "a:john-smith"
    assert authors.loc["a:atlas-collaboration", "is_group"]
    assert sorted(merges["variant"]) == ["J. Smith", "Sashank Reddi"]
    ids, _, merges = resolve_names(ships, vetoes=[("J. Smith", "John Smith")])
    assert ids[4] != ids[6] and merges["variant"].tolist() == ["Sashank Reddi"]


def test_rows_in_any_order_give_the_same_authors():
    # papers whose rows are apart take the hashed paper codes; the evidence is the same
    ships = pd.DataFrame({
        "paper_id": ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4"],
        "printed_name": ["Sashank Reddi", "Sanjiv Kumar", "Sashank J. Reddi", "Sanjiv Kumar",
                         "J. Smith", "Ann Lee", "John Smith", "Ann Lee"],
    })
    ids, authors, merges = resolve_names(ships)
    order = [0, 2, 4, 6, 1, 3, 5, 7]
    ids2, authors2, merges2 = resolve_names(ships.iloc[order])
    assert ids2.tolist() == ids.iloc[order].tolist()
    pd.testing.assert_frame_equal(authors2, authors)
    pd.testing.assert_frame_equal(merges2, merges)
    assert len(merges) == 2


@pytest.mark.parametrize("block", [1, 2, 5, 1 << 14])
def test_corroborated_pairs_as_pairwise_definition(monkeypatch, block):
    # the candidate pairs that never share a paper and share a co-author, with those
    # co-authors, from sets of papers; the same whatever the block of pairs
    monkeypatch.setattr(N, "_PAIR_BLOCK", block)
    papers = {
        "p1": ["J. Smith", "Ann Park", "Bo Kim"],
        "p2": ["John Smith", "Ann Park"],
        "p3": ["J Smith", "Bo Kim", "Ann Park"],
        "p4": ["Jane Smith", "Cy Young"],
        "p5": ["J. Smith", "Jane Smith"],          # on one paper: never merged
        "p6": ["A. Lee", "Cy Young"],
        "p7": ["Ann Lee", "Cy Young", "Bo Kim"],
        "p8": ["Anna Lee", "Dee Ray"],            # no co-author in common with A. Lee
    }
    ships = [(p, n) for p, names_ in papers.items() for n in names_]
    names = sorted({n for _, n in ships})
    row_name = np.array([names.index(n) for _, n in ships])
    paper_ids = pd.Series([p for p, _ in ships], dtype="str")
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    pair_a = np.array([i for i, _ in pairs])
    pair_b = np.array([j for _, j in pairs])
    got = N._corroborated(pair_a, pair_b, names, row_name, paper_ids)

    def coauthors(n):
        return {m for v in papers.values() if n in v for m in v if m != n}

    want = []
    for i, j in pairs:
        a, b = names[i], names[j]
        together = any(a in v and b in v for v in papers.values())
        shared = sorted(coauthors(a) & coauthors(b), key=names.index)
        if not together and shared and N.names_compatible(a, b):
            want.append((a, b, shared))
    assert got == want
    assert ("J. Smith", "John Smith", ["Ann Park"]) in got
