"""The id columns of a format (DOI, OpenAlex id, Web of Science UT, PMID, ...) read as
ids: a whole column checked at once gives what each value checked alone gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_papers.io._dedup import ID_COLUMNS, _id_text, column_ids

SAMPLES = {
    "openalex_id": ["W2741809807", "w12", "W", "A123", "W12 ", " W7", "W１２"],
    "wos_id": ["WOS:000123456789012", "WOS:A1996UZ12300012", "MEDLINE:12345678",
               "WOS:12", "wos:000123456789012", "INSPEC:ABC-123.4", "WOS:000123456789012\nX"],
    "pmid": ["123", "0012345678", "12345678901", "١٢٣", " 42", "4 2", ""],
    "scopus_id": ["2-s2.0-85012345678", "2-S2.0-85012345678", "2-s2.0-1"],
    "arxiv_id": ["2101.00001", "hep-th/9901001", "HEP-TH/9901001", "2101.1"],
    "source_id": ["7", "a\nb", "  x  ", "x" * 300],
    "doi": ["10.1234/ABC", "https://doi.org/10.1/x", "n/a"],
}


def _reference(col: str, values: dict) -> dict:
    return {i: t for i, v in values.items() if (t := _id_text(col, v)) is not None}


@pytest.mark.parametrize("col", sorted(ID_COLUMNS))
def test_good_ids_only_and_mixed_columns(col):
    good = {i: v for i, v in enumerate(SAMPLES[col]) if _id_text(col, v) is not None}
    assert column_ids(col, good) == _reference(col, good)
    mixed = {i: v for i, v in enumerate([*SAMPLES[col], None, 42, "", True])}
    assert column_ids(col, mixed) == _reference(col, mixed)
    assert column_ids(col, {}) == {}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(ID_COLUMNS)),
    st.lists(
        st.none() | st.integers(-5, 10**12)
        | st.sampled_from([s for v in SAMPLES.values() for s in v])
        | st.text(st.characters(codec="utf-8"), max_size=8),
        max_size=12,
    ),
)
def test_any_column_reads_as_its_values_one_by_one(col, values):
    values = dict(enumerate(values))
    assert column_ids(col, values) == _reference(col, values)
