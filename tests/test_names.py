"""The name layer: normalisation, group authors, evidence-based merging, aliases and vetoes."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.names import is_group_name, name_key, names_compatible, normalize_name


def table(rows):
    return pd.DataFrame(rows, columns=["paper_id", "author"])


def test_normalisation_whitespace_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Cătălina  Cangea ")
    assert decomposed != "Cătălina Cangea"
    assert normalize_name(decomposed) == "Cătălina Cangea"
    c = gp.Corpus.from_authorships(table([("p", decomposed), ("p", "Ann Lee")]))
    assert c.authors["name"].tolist() == ["Ann Lee", "Cătălina Cangea"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sashank Reddi", "Sashank J. Reddi", True),
        ("Yashas Samaga", "Yashas Samaga B L", True),
        ("Samuel L Smith", "Samuel L. Smith", True),
        ("J. Smith", "John Smith", True),
        ("John Smith", "Jane Smith", False),
        ("Catalin Ionescu", "Cătălina Cangea", False),
        ("Matthew D. Hoffman", "Matthew J. Hoffman", False),
        ("Gemini Team", "Gemma Team", False),
        # an initial that spells a particle ("y", "e") is a given name, not part of the surname
        ("Y. Chen", "Yixin Chen", True),
        ("Y Chen", "Yuan Chen", True),
        ("E. de la Rosa", "Elena de la Rosa", True),
        ("Y. Chen", "Ying Lee", False),
        # one given name written joined or apart
        ("Jaiyong Lee", "Jai-Yong Lee", True),
        ("Jaiyong Lee", "Jai Young Lee", False),
    ],
)
def test_compatibility(a, b, same):
    assert names_compatible(a, b) is same
    assert names_compatible(b, a) is same


def test_fold_key_ignores_dots_case_and_diacritics_only():
    assert name_key("J. Giménez") == name_key("J Gimenez") == name_key("j. GIMENEZ")
    assert name_key("Catalin Ionescu") != name_key("Cătălina Ionescu")


def test_group_authors():
    assert is_group_name("Gemini Team") and is_group_name("CMS Collaboration")
    assert is_group_name("The ATLAS Consortium")
    assert not is_group_name("Teamo Smith") and not is_group_name("Sebastian Borgeaud")


def test_seed_merges_are_recorded(seeds):
    merges = seeds.merges.set_index("variant")
    assert merges.loc["Sashank Reddi", "name"] == "Sashank J. Reddi"
    assert merges.loc["Yashas Samaga", "name"] == "Yashas Samaga B L"
    assert set(merges["rule"]) == {"initials"}
    assert "shared co-author" in merges.loc["Sashank Reddi", "reason"]
    names = seeds.authors.set_index("name")
    assert set(names.loc["Sashank J. Reddi", "variants"]) == {"Sashank Reddi", "Sashank J. Reddi"}
    # different people stay apart
    assert {"Catalin Ionescu", "Cătălina Cangea"} <= set(names.index)
    assert names.loc["Gemini Team", "is_group"] and names.loc["Gemma Team", "is_group"]
    assert names["is_group"].sum() == 2


def test_samuel_smith_variants_fold():
    c = gp.Corpus.from_authorships(
        table([("a", "Samuel L Smith"), ("a", "Soham De"), ("b", "Samuel L. Smith"), ("b", "Ann Lee")])
    )
    assert c.n_authors == 3
    row = c.merges.iloc[0]
    assert (row["variant"], row["name"], row["rule"]) == ("Samuel L Smith", "Samuel L. Smith", "fold")


def test_initials_need_corroboration():
    # no shared co-author: the initials rule alone is not evidence enough
    rows = [("a", "Sashank Reddi"), ("a", "Ann Lee"), ("b", "Sashank J. Reddi"), ("b", "Bo Chen")]
    assert gp.Corpus.from_authorships(table(rows)).n_authors == 4
    rows += [("c", "Sashank Reddi"), ("c", "Bo Chen")]
    c = gp.Corpus.from_authorships(table(rows))
    assert c.n_authors == 3
    assert "Bo Chen" in c.merges["reason"].iloc[0]


def test_names_side_by_side_on_one_paper_stay_apart():
    rows = [("a", "Ana Smith"), ("a", "Ana Smith B L"), ("a", "Bo Chen"), ("b", "Ana Smith"), ("b", "Bo Chen")]
    assert gp.Corpus.from_authorships(table(rows)).n_authors == 3


def test_ambiguous_abbreviation_does_not_bridge_two_people():
    rows = [
        ("a", "J. Smith"), ("a", "Bo Chen"),
        ("b", "John Smith"), ("b", "Bo Chen"),
        ("c", "Jane Smith"), ("c", "Bo Chen"),
    ]
    c = gp.Corpus.from_authorships(table(rows))
    ids = c.authors.set_index("name")
    assert "John Smith" in ids.index and "Jane Smith" in ids.index
    groups = c.authors["variants"].map(set).tolist()
    assert not any({"John Smith", "Jane Smith"} <= g for g in groups)


def test_user_aliases_and_vetoes(seeds):
    apart = seeds.with_names(vetoes=[("Sashank Reddi", "Sashank J. Reddi")])
    assert apart.n_authors == seeds.n_authors + 1
    assert "Sashank Reddi" not in set(apart.merges["variant"])
    joined = seeds.with_names(aliases={"Catalin Ionescu": "Cătălina Cangea"})
    assert joined.n_authors == seeds.n_authors - 1
    row = joined.merges.set_index("variant").loc["Catalin Ionescu"]
    assert row["rule"] == "alias"
    raw = gp.load_seeds(merge_names=False)
    assert raw.n_authors == seeds.n_authors + 2 and raw.merges.empty


def test_author_key_from_source_ids():
    df = pd.DataFrame(
        {"paper_id": ["a", "b"], "author": ["Zhang Wei", "W. Zhang"], "author_key": ["0000-1", "0000-1"]}
    )
    c = gp.Corpus.from_authorships(df)
    assert c.n_authors == 1 and c.merges["rule"].tolist() == ["same-id"]


def test_name_key_cache_is_bounded_and_learns_only_true_keys(monkeypatch):
    from graphlib_papers import names

    monkeypatch.setattr(names, "_KEYS", {})
    monkeypatch.setattr(names, "_MAX_KEYS", 4)
    spellings = ["Zoë Li", "J.-B. Dubois", "Sashank J. Reddi", "O'Neil Smith", "Ana de las Casas"]
    keys = [name_key(s) for s in spellings]
    assert keys[1] == "j b dubois" and keys[3] == "o neil smith"
    assert len(names._KEYS) <= 4  # cleared when full, never grows without bound
    # keys handed back by a worker process are adopted, and are what the parent computes
    worker = names.known_keys(["Cătălina Cangea", "Samuel L. Smith"])
    monkeypatch.setattr(names, "_KEYS", {})
    names.learn_keys(worker)
    assert names._KEYS == worker
    names._KEYS.clear()
    assert {n: name_key(n) for n in worker} == worker


def test_spellings_fold_many_marked_names_as_name_key_does(monkeypatch):
    # the one-pass diacritics table must strip what _strip_marks strips, name by name
    from graphlib_papers import names as names_mod

    monkeypatch.setattr(names_mod, "_MANY_MARKED", 1)
    spellings = ["José Núñez", "Łukasz Kaiser", "Søren Ørsted", "Nguyễn Văn Thắng",
                 "Zoë Brontë", "Ca\u0306ta\u0306lina Cangea", "Ann Lee", "Ærøskøbing Ågård",
                 "ﬁona Dağ", "Ｊｏｈｎ Ｓｍｉｔｈ"]
    spellings = names_mod.normalize_names(spellings)
    keys = names_mod._Spellings(spellings).keys()
    assert keys == [names_mod.name_key(n) for n in spellings]
    assert keys[1] == "lukasz kaiser" and keys[2] == "soren orsted"


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        # a one-letter particle ("y", "e") after a given name or an initial is an initial
        ("James E. Smith", ("smith", ("james", "e"))),
        ("J. E. Smith", ("smith", ("j", "e"))),
        ("Andrew Y. Ng", ("ng", ("andrew", "y"))),
        ("S.-Y. Lee", ("lee", ("s", "y"))),
        ("S-Y Lee", ("lee", ("s", "y"))),
        ("Y. E. Chen", ("chen", ("y", "e"))),
        # the same names written surname first
        ("Smith, J. E.", ("smith", ("j", "e"))),
        ("Lee, S.-Y.", ("lee", ("s", "y"))),
        # after a surname word it stays a particle of the next one
        ("José Ortega y Gasset", ("y gasset", ("jose", "ortega"))),
        ("Ana de las Casas", ("de las casas", ("ana",))),
    ],
)
def test_name_parts_one_letter_particles(name, parts):
    from graphlib_papers.names import name_parts

    assert name_parts(name) == parts


@pytest.mark.parametrize(
    ("a", "b"),
    [("James E. Smith", "James Smith"), ("Andrew Y. Ng", "Andrew Ng"),
     ("S.-Y. Lee", "Soo-Young Lee"), ("J. E. Smith", "James Smith")],
)
def test_middle_initials_e_and_y_are_compatible(a, b):
    assert names_compatible(a, b)
    assert names_compatible(b, a)


def test_middle_initial_y_merges_with_evidence():
    # the initials rule: compatible spellings sharing a co-author are one person
    c = gp.Corpus.from_authorships(
        table([("p1", "Andrew Y. Ng"), ("p1", "Daphne Koller"),
               ("p2", "Andrew Ng"), ("p2", "Daphne Koller")])
    )
    assert c.n_authors == 2
    merged = c.merges.set_index("variant")
    assert merged.loc["Andrew Ng", "name"] == "Andrew Y. Ng"


def test_author_ids_stay_distinct_when_a_suffix_is_a_name_of_its_own():
    from graphlib_papers.names import resolve_names

    ships = pd.DataFrame({"paper_id": ["p1", "p2", "p3", "p4"],
                          "printed_name": ["Ann Lee", "Ann Lée", "Ann Lee 2", "Ann Lëe"]})
    vetoes = [("Ann Lee", "Ann Lée"), ("Ann Lee", "Ann Lëe"), ("Ann Lée", "Ann Lëe")]
    ids, authors, _ = resolve_names(ships, vetoes=vetoes)
    assert ids.nunique() == 4  # four people, four ids
    assert authors.index.is_unique and len(authors) == 4
    assert dict(zip(ships["printed_name"], ids, strict=True))["Ann Lee 2"] == "a:ann-lee-2"
    c = gp.Corpus.from_authorships(table(list(zip(ships["paper_id"], ships["printed_name"]))),
                                   vetoes=vetoes)
    assert c.n_authors == 4
