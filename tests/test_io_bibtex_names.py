"""BibTeX names of plain words, put in order without bibtexparser's splitter, read as
bibtexparser's splitter reads them (the oracle: its own name parts)."""

from __future__ import annotations

import random

import pytest

from graphlib_papers.io import bibtex

pytest.importorskip("bibtexparser")


def _oracle(raw: str) -> str | None:
    """The splitter's parts in the order First von Last Jr; a generational suffix that
    the splitter leaves last among two or more first names ("Daaboul, George Gaby Jr.",
    as some exporters write it) is printed last, as the reader documents."""
    from bibtexparser.middlewares import names

    parts = names.parse_single_name_into_parts(raw, strict=False)
    first, jr = list(parts.first), list(parts.jr)
    if not jr and len(first) > 1 and first[-1].rstrip(".").casefold() in {"jr", "sr", "ii", "iii", "iv"}:
        jr = [first.pop()]
    return " ".join([*first, *parts.von, *parts.last, *jr]) or None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("de la Vallée Poussin, Charles", "Charles de la Vallée Poussin"),
        ("Beeblebrox, IV, Zaphod", "Zaphod Beeblebrox IV"),
        ("Smith, ", "Smith"),  # a trailing comma
        ("A, B, C, D", "C D A B"),  # commas past the second separate words
        (", John", "John"),
        ("Daaboul, George Gaby Jr.", "George Gaby Daaboul Jr."),
    ],
)
def test_plain_names_hand_checked(raw, expected):
    assert bibtex._plain_person(raw) == expected == _oracle(raw)


def test_plain_names_agree_with_the_splitter():
    rng = random.Random(7)
    alphabet = [*"aAbBzZ ,.-'é", "de ", "Van ", "jr", "  ", ",,", "~", "{", "\t"]
    checked = 0
    for _ in range(3000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        fast = bibtex._plain_person(raw)
        if fast is None:  # left to the splitter: braces, tildes, tabs, no words
            assert (not raw.replace(",", " ").split() or "\t" in raw
                    or not bibtex._NOT_PLAIN.isdisjoint(raw))
            continue
        checked += 1
        assert fast == _oracle(raw), raw
    assert checked > 1000
