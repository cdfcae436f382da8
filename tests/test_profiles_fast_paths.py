"""The profile-page reader's fast paths give what the straightforward definitions give.

Each fast path (a test on the bytes before a regular expression on the text, a look at
the end of a line only, a scan started further right, a trie for an alternation, a byte
table for ASCII title keys, a dict instead of the general paper matcher) is checked
against the plain definition it replaces, written out here, on inputs built to hit the
edges: control characters in every encoding, long runs of white space, particles glued to
words, capitals after hyphens and apostrophes, titles read on several pages.
"""

from __future__ import annotations

import gc
import io
import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlib_papers as gp
from graphlib_papers._keys import _NON_WORD, title_key
from graphlib_papers.io import profiles as P
from graphlib_papers.io._errors import Reporter
from graphlib_papers.names import PARTICLES

# the straightforward definitions
PLAIN_PARTICLE_START = re.compile(
    r"(?<=[^\s])(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r") (?=\S)"
)
PLAIN_SPLIT_POINT = re.compile(rf"(?<=[^{re.escape(''.join(sorted(P._NOT_BEFORE_NAME)))}]){P._U}")


def plain_title_key(title: str) -> str:
    return _NON_WORD.sub(" ", title.casefold()).strip()


def plain_name_starts(glued: str) -> tuple[int, ...]:
    start = max(1, len(glued) - P._GLUE_WINDOW)
    out = [m.start() for m in PLAIN_SPLIT_POINT.finditer(glued, start)
           if P._valid_name(glued[m.start():])]
    out += [m.start() for m in PLAIN_PARTICLE_START.finditer(glued, start)
            if P._valid_name("X " + glued[m.start():])]
    return tuple(out)


def plain_valid_name(text: str, lenient: bool = False) -> bool:
    if not text or len(text) > P._MAX_NAME or text != text.strip():
        return False
    tokens = text.split(" ")
    if not (1 if lenient else 2) <= len(tokens) <= 9:
        return False
    has_word = False
    for i, tok in enumerate(tokens):
        m = P._TOKEN.fullmatch(tok)
        if m is None:
            return False
        if m.lastgroup == "s" and i == 0:
            if not P._is_initials(tok):
                return False
        elif m.lastgroup == "p" and i in (0, len(tokens) - 1):
            return False
        elif m.lastgroup == "w":
            has_word = True
    return has_word


WORDS = sorted(PARTICLES) + [
    "Ana", "J.", "R.", "McAuley", "O'Neil", "O’Neil", "Dubois-Martin", "Jui‐Nan", "LLMs",
    "GPT-4", "(Still)", "Study,", "1-0Olga", "xLena", "Łukasz", "Jr.", "II", "Zoë", "Ng", "the",
    "Code", "B", "AB", "ABC.", "x", "", "Team", "DeepMind", "Xy" * 30, "\u00a0", "\t",
]
glued_pieces = st.lists(st.sampled_from(WORDS), min_size=1, max_size=16).flatmap(
    lambda ws: st.lists(st.booleans(), min_size=len(ws) - 1, max_size=len(ws) - 1).map(
        # a word glued to the next one (no space) now and then: "TransformersZonglin"
        lambda glue: "".join(w + ("" if g else " ") for w, g in zip(ws, [*glue, True], strict=True))
        .rstrip(" ")
    )
)


@settings(max_examples=400, deadline=None)
@given(glued_pieces, st.integers(0, 200))
def test_split_point_and_particle_patterns_match_the_plain_ones(text, start):
    for plain, fast in ((PLAIN_SPLIT_POINT, P._SPLIT_POINT), (PLAIN_PARTICLE_START,
                                                            P._PARTICLE_START)):
        assert [m.span() for m in fast.finditer(text, start)] == [
            m.span() for m in plain.finditer(text, start)
        ]


@settings(max_examples=400, deadline=None)
@given(glued_pieces)
def test_name_starts_scanned_from_the_last_non_name_word_are_all_of_them(glued):
    assert P._name_starts.__wrapped__(glued) == plain_name_starts(glued)


def test_name_starts_on_a_glued_title():
    glued = "Scaling LLMs: GPT-4 (Still) Learns1-0Olga R. K. de las Luneło"
    # "Olga ..." after the digit, and "e las Luneło" (a particle glued to "d") for the
    # evidence of other pages; nothing inside the title
    assert plain_name_starts(glued) == (glued.index("Olga"), glued.index("e las"))
    assert P._name_starts.__wrapped__(glued) == plain_name_starts(glued)


def test_word_trie_matches_exactly_the_words():
    trie = re.compile(f"(?:{P._word_trie(PARTICLES)})")
    for w in PARTICLES:
        assert trie.fullmatch(w)
    prefixes = {w[:k] for w in PARTICLES for k in range(len(w))} | {w + "x" for w in PARTICLES}
    for w in prefixes - PARTICLES:
        assert trie.fullmatch(w) is None, w
    assert P._word_trie(["de", "del", "du"]) == "d(?:e(?:l)?|u)"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["K", "Jr", "III", "de", "ACME", "bob"]),
                min_size=0, max_size=11).map(" ".join), st.booleans())
def test_valid_name_through_token_kinds_is_the_plain_grammar(text, lenient):
    assert P._valid_name.__wrapped__(text, lenient=lenient) == plain_valid_name(text, lenient)


ET_AL_LINES = [
    "Ana Li, Bo Ng et al.", "Ana Li et al", "Ana Li, et al.", "Ana Li,\tet  al.", "Journal",
    "Ana Li et al.\n", "Ana Li et al.x", "et al.", " et al.", "x" * 80 + " et al.",
    "x" * 80 + ", " + " " * 60 + "et" + " " * 60 + "al.", "x" * 30 + " " * 50 + "et al",
    "Ana Li et\nal.", "Ana Li etal.", "", "al",
]


@pytest.mark.parametrize("text", ET_AL_LINES)
def test_et_al_found_as_by_the_full_search(text):
    plain = P._ET_AL.search(text)
    fast = P._et_al(text)
    assert (fast and fast.span()) == (plain and plain.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ,\t\n.etl", max_size=120))
def test_et_al_on_random_tails(text):
    plain = P._ET_AL.search(text)
    assert (P._et_al(text) and P._et_al(text).span()) == (plain and plain.span())


CONTROL_ALPHABET = [
    "a", "Ł", "·", "\u00a0", "\n", "\r\n", " ", "\t", "é", "€", "ü", "\ufeff",
    "\u2028", "\u2029", "\x85", "\x80", "\x9f", "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CONTROL_ALPHABET), min_size=1, max_size=12).map("".join),
       st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "bom+latin-1"]))
def test_pages_without_control_bytes_skip_only_a_pass_that_changes_nothing(text, encoding):
    if encoding == "bom+latin-1":  # a byte-order mark, then bytes that are not UTF-8
        raw = b"\xef\xbb\xbf" + text.encode("latin-1", "replace")
    else:
        raw = text.encode(encoding, "replace")
    decoded = P._decode(raw, "page.txt", Reporter("skip", counted=True))
    if decoded is None:
        return
    if not P._may_hold_control(raw, decoded):
        assert P._PAGE_CONTROL.sub(" ", decoded) == decoded


def test_control_characters_are_found_in_each_encoding():
    for ch in ("\x01", "\x0b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029"):
        for encoding in ("utf-8", "utf-8-sig", "latin-1"):
            text = f"Ana Li · mit{ch}x"
            try:
                raw = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            assert P._may_hold_control(raw, raw.decode(encoding)), (ch, encoding)
    # Latin-1 text after a byte-order mark (decoded without the mark)
    raw = b"\xef\xbb\xbfM\xfcller \x85 x"
    assert P._may_hold_control(raw, P._decode(raw, "page.txt", Reporter("skip", counted=True)))
    # a "·" and a no-break space are the two-byte characters that do not send a page on
    raw = "Ana Li · mit\u00a0x".encode()
    assert not P._may_hold_control(raw, raw.decode())


def test_ascii_title_keys_through_the_byte_table_are_the_regex_ones():
    ascii_chars = [chr(c) for c in range(128)]
    for a in ascii_chars:
        for b in ("", "A", " ", "_", "9"):
            text = f"{a}{b}x{a}Y{b}"
            assert title_key(text) == plain_title_key(text), repr(text)
    assert title_key("  On\tEngines!_(v2) ") == "on engines v2"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=string.printable + "\x00\x1c\x7f", max_size=40))
def test_ascii_title_keys_on_random_text(text):
    assert title_key(text) == plain_title_key(text)


def _page(tmp_path, name, entries):
    lines = []
    for (cat, date), title, authors in entries:
        lines += [f"{cat}{date}", f"{title}{authors}", "An abstract."]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_same_title_same_year_on_two_pages_is_one_paper_other_years_are_others(tmp_path):
    a = _page(tmp_path, "a.txt", [
        (("LG", "Jan 2, 2021"), "Sparse Graphs", "Ada Byron, Alan Turing"),
        (("LG", "Mar 2, 2020"), "Dense Graphs", "Ada Byron, Grace Hopper"),
    ])
    b = _page(tmp_path, "b.txt", [
        (("CL", "Feb 3, 2021"), "SPARSE graphs!", "Ada Byron, Edsger Dijkstra"),
        (("CL", "Feb 3, 2022"), "Sparse Graphs", "Ada Byron, Edsger Dijkstra"),
    ])
    c = gp.read_profiles(a, b)
    papers = c.papers
    # the 2021 copies are one paper (first title kept, both pages as sources), the 2022
    # one another paper whose id carries its year
    sparse = papers[papers["title"] == "Sparse Graphs"].sort_values("year")
    assert sparse["year"].tolist() == [2021, 2022]
    assert sparse.index.tolist() == [gp.paper_id_for("Sparse Graphs"),
                                     gp.paper_id_for("Sparse Graphs", 2022)]
    assert sparse["sources"].tolist() == [("a.txt", "b.txt"), ("b.txt",)]
    assert c.n_papers == 3
    first = c.authorships[c.authorships["paper_id"] == sparse.index[0]]
    assert sorted(first["printed_name"]) == ["Ada Byron", "Alan Turing", "Edsger Dijkstra"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(tmp_path, enabled):
    path = _page(tmp_path, "a.txt", [(("LG", "Jan 2, 2021"), "Sparse Graphs", "Ada Byron")])
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert gp.read_profile(path).n_papers == 1
        assert gc.isenabled() is enabled
        bad = tmp_path / "bad.txt"
        bad.write_bytes(b"\x00\x01binary")
        with pytest.raises(gp.ParseError):
            gp.read_profile(bad)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_no_progress_bar_is_made_unless_one_is_shown(tmp_path, monkeypatch):
    path = _page(tmp_path, "a.txt", [(("LG", "Jan 2, 2021"), "Sparse Graphs", "Ada Byron")])
    made = []
    real = P.progress_bar
    monkeypatch.setattr(P, "progress_bar", lambda *a, **k: made.append(a) or real(*a, **k))
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    gp.read_profile(path, progress=False)
    gp.read_profile(path)
    assert made == []
    gp.read_profile(path, progress=True)
    assert len(made) == 1
