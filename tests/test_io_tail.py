"""The batch and per-distinct forms used by the readers and their shared tail give
what the plain per-value functions give, on hostile inputs; Web of Science affiliations
read in blocks are those the record-by-record reading finds."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers import names as names_mod
from graphlib_papers.corpus import take_strings
from graphlib_papers.io import _tagged
from graphlib_papers.names import name_key, name_keys

PIECES = ["Sun", "Zhiwei", "Jr.", "III", "de la Cruz", " ", ",", ";", "-", "'", "’", ".", "Ø",
          "ł", "e\u0301", "\u0301", "\t", "\n", "  ", "A.", "Li", "", "van", "O'Neil", "Ｊ",
          "ﬁ", "Ærø", "Nguyễn", "Team", "\u00a0", "Zoë"]


def _hostile_names(seed: int, n: int = 2000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))) for _ in range(n)]


@pytest.mark.parametrize("many_marked", [1, 2000])
def test_name_keys_is_name_key_of_each(monkeypatch, many_marked):
    # names straight from a file (not normalised), the one-pass diacritics table and
    # the name-by-name one
    monkeypatch.setattr(names_mod, "_MANY_MARKED", many_marked)
    names = _hostile_names(many_marked) + ["Samuel L. Smith", " J.  Giménez,", "", "  "]
    assert name_keys(names) == [name_key(n) for n in names]
    assert name_keys([]) == []


@pytest.mark.parametrize(
    "values",
    [["b", "a", "c"], ["a", None, "c"], ["a", 1, "c"], ["é", "e\u0301", ""], []],
)
def test_take_strings_is_indexing_into_the_column_pandas_makes(values):
    rng = np.random.default_rng(1)
    for n in (0, 1, 50):
        codes = rng.integers(0, len(values), n) if values else np.empty(0, dtype=np.int64)
        got = take_strings(values, codes)
        expected = [values[c] for c in codes.tolist()]
        pd.testing.assert_series_equal(pd.Series(got), pd.Series(expected))


def test_per_distinct_is_the_function_of_each_value():
    rng = random.Random(5)
    values = [rng.choice(["a", "b", None, "c", "a"]) for _ in range(500)]
    calls: list = []

    def func(x):
        calls.append(x)
        return f"<{x}>"

    assert _tagged.per_distinct(values, func).tolist() == [func(v) for v in values]
    calls.clear()
    memo: dict = {}
    codes, results = _tagged.distinct_results(values, func, memo)
    assert results[codes].tolist() == [f"<{v}>" for v in values]
    assert sorted(map(str, calls)) == ["None", "a", "b", "c"]  # once per distinct value
    calls.clear()
    again = _tagged.per_distinct(["a", "d"], func, memo)
    assert again.tolist() == ["<a>", "<d>"] and calls == ["d"]  # "a" from the memo
    batch = _tagged.per_distinct(values, lambda xs: [f"<{x}>" for x in xs], batch=True)
    assert batch.tolist() == [f"<{v}>" for v in values]


def test_text_memo_key_numbers_follow_name_key_across_calls():
    import pyarrow as pa

    memo = _tagged.TextMemo()
    first = list(dict.fromkeys(_hostile_names(11, 300)))
    a = memo.entries(pa.array(first), _itself_all, batch=True)
    second = list(dict.fromkeys(first[::2] + _hostile_names(12, 300)))
    b = memo.entries(pa.array(second), _itself_all, batch=True)
    assert memo.results[a].tolist() == first and memo.results[b].tolist() == second
    names, ids = first + second, np.r_[memo.key_ids(a), memo.key_ids(b)]
    keys = [name_key(n) for n in names]
    number = {k: i for k, i in zip(keys, ids.tolist(), strict=True)}
    assert len(number) == len(set(ids.tolist())) == memo.key_count  # one number a key


def _itself_all(texts):
    return list(texts)


def _wos_record(k: int, authors: list[tuple[str, str]], c1: list[str]) -> list[str]:
    au = [a for a, _ in authors]
    af = [f for _, f in authors]
    lines = ["PT J", "AU " + au[0], *["   " + a for a in au[1:]],
             "AF " + af[0], *["   " + f for f in af[1:]], f"TI Paper {k} on graphs",
             "SO JOURNAL OF GRAPHS"]
    if c1:
        lines += ["C1 " + c1[0], *["   " + x for x in c1[1:]]]
    return lines + [f"PY {2000 + k % 5}", f"DI 10.1000/t.{k}", f"UT WOS:{k:015d}", "ER", ""]


def test_wos_affiliations_in_blocks_are_the_record_by_record_ones(tmp_path, monkeypatch):
    # bracketed names spelled as AF spells them, or with other case, diacritics or dots;
    # a C1 line repeated in later records (parsed once, found again from the memo); a
    # bracket naming two authors; an address without brackets; an author in no bracket
    ada = ("Lovelace, A", "Lovelace, Ada")
    lei = ("Łi, W", "Łi, Wei")
    bob = ("Smith, JB", "Smith, John B.")
    eve = ("Núñez, E", "Núñez, Eva")
    c1_a = "[Lovelace, Ada; Li, Wei] Univ London, Dept Math, London, England."
    c1_b = "[SMITH, JOHN B] MIT, Cambridge, MA USA."
    c1_c = "[Nunez, Eva] Univ Chile, Santiago, Chile."
    records = []
    for k in range(30):
        if k % 3 == 0:
            records += _wos_record(k, [ada, lei, bob], [c1_a, c1_b])
        elif k % 3 == 1:
            records += _wos_record(k, [eve, bob], [c1_c, "Univ Nowhere, Nowhere."])
        else:
            records += _wos_record(k, [eve, ada], [c1_c])
    path = tmp_path / "a.txt"
    path.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\n" + "\n".join(records)
                    + "EF\n", encoding="utf-8")
    monkeypatch.setattr(_tagged, "CHUNK_BYTES", 700)  # several blocks, lines seen again
    calls, real = [], _tagged.chunk_lines
    monkeypatch.setattr(_tagged, "chunk_lines", lambda *a: calls.append(r := real(*a)) or r)
    blocks = gp.read_wos(path, errors="raise")
    assert len(calls) > 3 and None not in calls
    ships = blocks.authorships
    aff = dict(zip(zip(ships["paper_id"], ships["printed_name"], strict=True),
                   ships["affiliation"], strict=True))
    first = blocks.papers.index[blocks.papers["doi"] == "10.1000/t.0"][0]
    assert aff[(first, "Ada Lovelace")] == aff[(first, "Wei Łi")] == "Univ London"
    assert aff[(first, "John B. Smith")] == "MIT"
    second = blocks.papers.index[blocks.papers["doi"] == "10.1000/t.1"][0]
    assert aff[(second, "Eva Núñez")] == "Univ Chile"
    assert pd.isna(aff[(second, "John B. Smith")])  # not in a bracket of this record
    assert blocks.papers.loc[second, "labs"] == ("Univ Chile", "Univ Nowhere")
    with monkeypatch.context() as m:
        m.setattr(_tagged, "chunk_lines", lambda raw, first, last: None)
        by_record = gp.read_wos(path, errors="raise")
    for name in ("papers", "authors", "authorships", "load_report", "merges"):
        pd.testing.assert_frame_equal(getattr(blocks, name), getattr(by_record, name))


@pytest.mark.parametrize("col", ["doi", "wos_id", "pmid", "scopus_id", "arxiv_id", "source_id"])
def test_column_ids_is_id_text_of_each_value(col):
    from graphlib_papers.io import _dedup

    rng = random.Random(len(col))
    pieces = ["WOS:", "000123456789012", "A1997XY12345678", "MEDLINE:", "123", "2-s2.0-",
              "1234567", "2101.01234", "hep-th/9901001", "10.1000/Ab.", " ", "\t", "\n", "x",
              "https://doi.org/", "W12", ""]
    values: dict = {}
    for i in range(3000):
        values[i] = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
    values.update({3000: 12345, 3001: True, 3002: None, 3003: 1.5, 3004: "  wos:000123456789012 "})
    expected = {i: t for i, v in values.items() if (t := _dedup._id_text(col, v)) is not None}
    assert expected and len(expected) < len(values)  # ids and non-ids alike
    assert _dedup.column_ids(col, values) == expected


def test_one_bracket_c1_lines_parse_as_the_general_rule_parses_them():
    rng = random.Random(9)
    pieces = ["[", "]", "Li, W", "; ", ";", " ", "\t", "\u00a0", "\u2003", "Univ X", ", Dept Y",
              "Smith, J.", "1999, ", "Cambridge, MA USA.", "", "\x1c", "Ü"]
    lines = ["[" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
             for _ in range(4000)]
    lines += ["[Li, W] Univ X, Dept Y", "[Li, W]", "[] Univ X", "[Li, W; ; Smith, J.]  Univ X ",
              "[Li, W]\u2003Univ X", "[Li, W] 1999, Univ X", "[a] b\nc"]
    parse = _tagged._address_line.__wrapped__
    assert sum(x.count("[") == 1 and "]" in x for x in lines) > 500  # the direct path, often
    for x in lines:
        assert parse(x) == _tagged._address_pieces(x), x


DOI_PIECES = ["10.", "1000", "12", "/", "abc", "ABC", ".", ",", ")", "]", "}", " ", "\u00a0",
              "٣", "https://doi.org/", "http://dx.doi.org/", "doi:", "-", "_", "é", "\n", ";"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_normalize_dois_is_normalize_doi_of_each(seed):
    from graphlib_papers._keys import normalize_doi, normalize_dois

    rng = random.Random(seed)
    # mostly canonical DOIs (the block fast path) with hostile ones among them
    clean = [f"10.{1000 + k}/x.{k}" for k in range(5000)]
    prefixed = [f"https://doi.org/10.{1000 + k}/y{k}" for k in range(5000)]
    hostile = ["".join(rng.choice(DOI_PIECES) for _ in range(rng.randint(0, 6)))
               for _ in range(3000)]
    others = [None, "", 12345, "10.1000/ABC", "10.1000/abc.", "10.1234567890/x", "10.12/x",
              " 10.1000/x", "10.1000/x\u00a0", "10.١٢٣٤/x", "https://doi.org/10.1000/"]
    for values in (clean, prefixed, clean + others, hostile + clean, prefixed + hostile):
        values = list(values)
        rng.shuffle(values) if seed else None
        assert normalize_dois(values) == [normalize_doi(v) for v in values]


def test_doi_paper_ids_are_doi_paper_id_of_normalised_dois():
    from graphlib_papers._keys import doi_paper_id, doi_paper_ids, normalize_doi

    dois = [normalize_doi(x) for x in ("10.1000/ABC", "https://doi.org/10.7717/PeerJ.4375",
                                       "10.1000/é")]
    assert doi_paper_ids(dois) == [doi_paper_id(d) for d in dois]


@pytest.mark.parametrize("seed", range(6))
def test_row_order_is_the_stable_lexicographic_order(seed):
    from graphlib_papers.corpus import _row_order

    rng = np.random.default_rng(seed)
    n = 300
    paper = rng.integers(0, 20, n)
    author = rng.integers(0, 15 if seed % 2 else 10**6, n)  # ties when few authors
    pos = rng.integers(-3 if seed == 2 else 1, 6, n).astype(object)
    pos[rng.random(n) < 0.2] = pd.NA
    if seed == 5:  # positions too wide for one integer key
        pos[0] = 2**40
    position = pd.Series(pos, dtype="Int64")
    filled = position.fillna(np.iinfo(np.int64).max).to_numpy(dtype=np.int64)
    expected = np.lexsort((author, filled, paper))
    assert _row_order(paper, position, author).tolist() == expected.tolist()


def test_records_sharing_an_id_of_one_kind_go_to_the_matcher():
    from graphlib_papers.io._common import RecordColumns, records_to_corpus
    from graphlib_papers.io._errors import Reporter

    c = RecordColumns()
    rows = [("A", "10.1/a", "W1", "1"), ("B", "10.1/b", "W2", "1"), ("C", "10.1/c", "W1", "2")]
    for k, (title, doi, oid, sid) in enumerate(rows):
        c.add("t.json", k + 1, title, [(f"Ann {title}", None, None)], 2020, None, None, doi,
              None, (), None, (), None, False, {"openalex_id": oid, "source_id": sid}, [])
    rep = Reporter(errors="skip")
    corpus = records_to_corpus(c, rep, source_format="openalex")
    # W1 twice with different DOIs: a clash, kept apart and flagged; the source ids
    # "1" twice in one file as well
    assert corpus.n_papers == 3
    flagged = corpus.load_report.query("action == 'flagged'")["reason"].tolist()
    assert any("shares an id with the record at line 1" in r for r in flagged), flagged


@pytest.mark.parametrize("seed", [0, 1])
def test_turned_all_is_turned_of_each(seed):
    from graphlib_papers.io._common import _turned, _turned_all

    names = _hostile_names(seed) + ["Sun, Zhiwei", "Roach, Mack, III", "Thames, Jr., Howard",
                                    ",", "a,", ",b", "", "a,,b", " , "]
    assert _turned_all(names) == [_turned(n) for n in names]
    # names as normalize_names leaves them (white space only single spaces)
    normal = names_mod.normalize_names(names) + [" a , b ", "a ,", " ,b", "a, b, c"]
    assert _turned_all(normal) == [_turned(n) for n in normal]
    # names as normalize_names leaves them (white space only single spaces): the
    # one-substitution path
    normal = names_mod.normalize_names(names) + [" a , b ", "a ,", " ,b", "a, b, c"]
    assert _turned_all(normal) == [_turned(n) for n in normal]


@pytest.mark.parametrize(
    "values",
    [["a", None], [None, None], ["a", np.nan, None], ["a", 1], [], ["a", "b"], [None, "x", 3],
     [np.nan], ["a", pd.NA], ["é", float("nan"), "b"]],
)
def test_object_column_is_the_inferred_column_as_objects(values):
    from graphlib_papers.io._common import _object_column

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    expected = pd.Series(arr).astype(object)
    got = _object_column(arr)
    assert got.dtype == expected.dtype
    # the same objects: a string, None or NaN where the inferred column has it
    assert [(type(x), x if x == x else "nan") for x in got] == [
        (type(x), x if x == x else "nan") for x in expected]


def test_name_keys_of_normalised_names_skip_nothing():
    from graphlib_papers.io._common import invert_names
    from graphlib_papers.names import normalize_names

    names = _hostile_names(13, 500)
    assert name_keys(normalize_names(names), normalized=True) == [name_key(n) for n in names]
    assert name_keys(invert_names(names), normalized=True) == [
        name_key(n) for n in invert_names(names)]


@pytest.mark.parametrize(
    "name, text, reader",
    [
        ("a.txt", "FN Clarivate\nVR 1.0\nPT J\nAU Harvey, W\nTI De Motu Cordis\nPY 1628\n"
         "DE heart; blood; heart\nID blood; motion\nER\n\nPT J\nAU Fludd, R\nTI Other\n"
         "PY 1629\nID motion; ; motion\nER\n\nEF\n", gp.read_wos),
        ("a.ris", "TY  - JOUR\nTI  - De Motu Cordis\nAU  - Harvey, W\nPY  - 1628\nKW  - heart\n"
         "KW  - blood\nKW  - heart\nKW  - \nER  - \n\nTY  - JOUR\nTI  - Other\nAU  - Fludd, R\n"
         "PY  - 1629\nKW  - motion\nKW  - motion\nER  - \n", gp.read_ris),
        ("a.nbib", "PMID- 7\nTI  - De Motu Cordis.\nDP  - 1628\nFAU - Harvey, William\n"
         "OT  - heart\nOT  - blood\nMH  - heart\n\nPMID- 8\nTI  - Other.\nDP  - 1629\n"
         "FAU - Fludd, Robert\nMH  - motion\nMH  - motion\n", gp.read_medline),
    ],
)
def test_keywords_each_once_per_paper_in_order(name, text, reader, tmp_path):
    """A keyword repeated in a record (in one field or across two) is kept once, where
    it first appears; empty ones are left out."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    kw = reader(path).papers.set_index("title")["keywords"]
    first = kw[kw.index.str.startswith("De Motu")].iloc[0]
    assert first[:2] == ("heart", "blood")
    assert len(first) == len(set(first)) and "" not in first
    assert kw[kw.index.str.startswith("Other")].iloc[0] == ("motion",)
