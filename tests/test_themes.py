"""Distinctive title words per community and community names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import graphlib_papers as gp


def _toy():
    rows = [
        # community 0: two authors writing on sparse attention
        ("p1", "Ann Lee", "Sparse attention for speech"),
        ("p1", "Bo Chen", "Sparse attention for speech"),
        ("p2", "Ann Lee", "Sparse attention in vision models"),
        ("p3", "Bo Chen", "Fast sparse attention"),
        # community 1: protein folding, one title also says "models"
        ("p4", "Cy Diaz", "Protein folding models"),
        ("p4", "Di Eze", "Protein folding models"),
        ("p5", "Cy Diaz", "Protein folding at scale"),
        ("p6", "Di Eze", "Protein design"),
    ]
    df = pd.DataFrame(rows, columns=["paper_id", "author", "title"])
    return gp.Corpus.from_authorships(df)


MEMBERSHIP = pd.Series({"a:ann-lee": 0, "a:bo-chen": 0, "a:cy-diaz": 1, "a:di-eze": 1})


def test_paper_goes_to_the_community_of_most_of_its_authors():
    corpus = gp.Corpus.from_authorships(pd.DataFrame({
        "paper_id": ["p1", "p1", "p1", "p2", "p2"],
        "author": ["Ann Lee", "Bo Chen", "Cy Diaz", "Ann Lee", "Cy Diaz"]}))
    got = gp.paper_communities(corpus, MEMBERSHIP)
    # p1: two of three authors in 0; p2: one each, the tie goes to the smaller label
    assert got.to_dict() == {"p1": 0, "p2": 0}


def test_terms_are_the_over_represented_ones_with_dunning_g2():
    terms = gp.community_terms(_toy(), MEMBERSHIP, top_n=3)
    assert terms["n_papers"].tolist() == [3, 3]
    assert terms.loc[0, "terms"][0] == "sparse attention"
    assert terms.loc[1, "terms"][0] == "protein folding"
    # G² of "sparse attention": on 3 of 3 papers inside, 0 of 3 outside; scipy's G-test
    g2, *_ = chi2_contingency(np.array([[3, 0], [0, 3]]), correction=False,
                              lambda_="log-likelihood")
    assert terms.loc[0, "g2"][0] == pytest.approx(g2, abs=1e-3)
    # "models" is on one paper of each community: not distinctive of either
    assert not any("models" in t for ts in terms["terms"] for t in ts)
    # stop words never appear
    assert not any(w in {"for", "in", "at"} for ts in terms["terms"] for t in ts
                   for w in t.split())


def test_a_term_must_occur_on_min_papers():
    terms = gp.community_terms(_toy(), MEMBERSHIP, top_n=5, min_papers=3)
    assert terms.loc[0, "terms"] == ("sparse attention",)
    # "protein" is on all three of community 1's papers, "protein folding" on two
    assert terms.loc[1, "terms"] == ("protein",)


def test_names_lead_with_authors_then_words():
    terms = gp.community_terms(_toy(), MEMBERSHIP, top_n=2)
    names = gp.community_names(pd.Series({0: ("Ann Lee", "Bo Chen"), 1: ("Cy Diaz",)}), terms)
    assert names[0] == "Ann Lee, Bo Chen: sparse attention"
    assert names[1].startswith("Cy Diaz: protein folding")
    assert gp.community_names(pd.Series({3: ("Solo",)})).tolist() == ["Solo"]


def test_corpus_without_titles_gives_empty_terms():
    corpus = gp.Corpus.from_authorships(pd.DataFrame({
        "paper_id": ["p1", "p1"], "author": ["Ann Lee", "Bo Chen"]}))
    terms = gp.community_terms(corpus, MEMBERSHIP)
    assert terms["terms"].tolist() == [()]
