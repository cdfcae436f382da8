"""OpenAlex JSON lines: the typed fast reading of a line gives what the field-by-field
checked reading gives, for well-formed works and for every kind of damage.

The reference is the reader itself with its fast paths switched off (every line decoded
by the standard library and read by ``_checked_work``); the works are real (a fixture from
the OpenAlex API) or written here, then damaged one field at a time.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlib_papers as gp
from graphlib_papers.io import openalex as oa

DATA = Path(__file__).resolve().parent / "data" / "records"
REAL = json.loads((DATA / "openalex" / "W2741809807_work.json").read_text(encoding="utf-8"))

HAND = {
    "id": "https://openalex.org/W7",
    "title": "  Spaced\tout  title ",
    "display_name": "Spaced out title",
    "publication_year": 2019,
    "publication_date": "2019-02-30",
    "doi": "https://doi.org/10.1234/ABC",
    "type": "article",
    "authorships": [
        {"author_position": "first",
         "author": {"id": "https://openalex.org/A1", "display_name": " Ada  Byron ", "orcid": None},
         "institutions": [], "raw_affiliation_strings": ["  Analytical  Society ", " "]},
        {"author": {"id": " ", "orcid": "https://orcid.org/0000-0001",
                    "display_name": "Charles Babbage"},
         "raw_author_name": "ignored", "institutions": None},
        {"author": {"id": "https://openalex.org/A3/", "display_name": "Zoë Ångström"},
         "institutions": [{"display_name": "Royal Society"}, {"display_name": " "},
                          {"display_name": "Royal  Society"}]},
    ],
    "primary_location": {"source": None},
    "host_venue": {"display_name": "Notes"},
    "primary_topic": {"display_name": " Engines "},
    "keywords": [{"display_name": "engines"}, {"display_name": None}, {"display_name": "engines"}],
    "abstract_inverted_index": {"b": [1], "a": [0, 2]},
    "is_authors_truncated": True,
    "unread": {"deep": [1, 2.5, None, {"x": "y"}]},
}


def _set(work: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(work)
    obj = out
    for key in path[:-1]:
        obj = obj[key]
    if value is _DROP:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return out


_DROP = object()

#: (where, value): one damage each, applied to both works
DAMAGE = [
    (("title",), ["x"]), (("title",), 7), (("title",), ""), (("title",), None),
    (("display_name",), {"a": 1}), (("publication_year",), True), (("publication_year",), 2019.0),
    (("publication_year",), "2019"), (("publication_year",), 10**30),
    (("publication_year",), 2**63), (("publication_date",), 20190101),
    (("publication_date",), "yesterday"), (("doi",), ["10.1/x"]), (("type",), 1),
    (("authorships",), None), (("authorships",), []), (("authorships",), {"a": 1}),
    (("authorships",), _DROP), (("authorships", 0), None), (("authorships", 0), "Ada"),
    (("authorships", 0, "author"), None), (("authorships", 0, "author"), _DROP),
    (("authorships", 0, "author", "display_name"), None),
    (("authorships", 0, "author", "display_name"), "  "),
    (("authorships", 0, "author", "display_name"), 3),
    (("authorships", 0, "author", "display_name"), _DROP),
    (("authorships", 0, "author", "id"), 5), (("authorships", 0, "author", "id"), ""),
    (("authorships", 0, "author", "id"), "https://openalex.org/"),
    (("authorships", 0, "author", "orcid"), " "), (("authorships", 0, "author", "orcid"), 1),
    (("authorships", 0, "institutions"), [None]), (("authorships", 0, "institutions"), "Lab"),
    (("authorships", 0, "institutions"), [{"display_name": 7}]),
    (("authorships", 0, "institutions"), [{"display_name": "  "}]),
    (("authorships", 0, "raw_affiliation_strings"), [None]),
    (("authorships", 0, "raw_affiliation_strings"), "Lab"),
    (("primary_location",), "Notes"), (("primary_location",), {"source": "x"}),
    (("primary_location",), {"source": {"display_name": " Journal "}}),
    (("primary_location",), {"source": {"display_name": 3}}), (("host_venue",), []),
    (("primary_topic",), {"display_name": ["x"]}), (("keywords",), ["engines"]),
    (("keywords",), {"a": 1}), (("abstract_inverted_index",), {"a": [0], "b": [2]}),
    (("abstract_inverted_index",), {"a": [0, 1], "b": [1]}),
    (("abstract_inverted_index",), {"a": [0], "b": [-1], "c": [1]}),
    (("abstract_inverted_index",), {"a": [0], "b": [1.0]}),
    (("abstract_inverted_index",), {"a": [0], "b": [True]}),
    (("abstract_inverted_index",), {"a": [0], "b": "1"}), (("abstract_inverted_index",), {}),
    (("abstract_inverted_index",), {"a": []}), (("abstract_inverted_index",), {"": [0]}),
    (("abstract_inverted_index",), {"a": [5]}), (("abstract_inverted_index",), "text"),
    (("abstract_inverted_index",),
     {"a": list(range(0, 100_002, 2)), "b": list(range(1, 100_002, 2))}),
    (("abstract_inverted_index",), {"a": [0], "b": [2**63]}),
    (("is_authors_truncated",), "yes"), (("is_authors_truncated",), 1), (("id",), "https://openalex.org/A9"),
    (("id",), 9), (("id",), " "), (("id",), _DROP),
]


def _own(work: dict, i: int) -> dict:
    """`work` made a paper of its own (id, DOI and title), so that no two are merged."""
    out = copy.deepcopy(work)
    out.update(id=f"https://openalex.org/W{900 + i}", doi=f"https://doi.org/10.9/{i}",
               title=f"{out['title']} {i}", display_name=f"{out['display_name']} {i}")
    return out


def _lines(works: list) -> str:
    return "".join(json.dumps(w, ensure_ascii=False) + "\n" for w in works)


def _read(path: Path, checked_only: bool, monkeypatch) -> gp.Corpus:
    with monkeypatch.context() as m:
        if checked_only:
            m.setattr(oa, "_decode_work", lambda raw: None)
            m.setattr(oa, "_plain_work", lambda *args: False)
        return gp.read_openalex(path, errors="skip")


def _same(a: gp.Corpus, b: gp.Corpus) -> None:
    pd.testing.assert_frame_equal(a.papers, b.papers)
    pd.testing.assert_frame_equal(a.authorships, b.authorships)
    pd.testing.assert_frame_equal(a.load_report, b.load_report)


def test_typed_reading_of_lines_is_the_checked_reading(tmp_path, monkeypatch):
    works = [REAL, HAND]
    for where, value in DAMAGE:
        for base in (REAL, HAND):
            try:
                works.append(_set(_own(base, len(works)), where, value))
            except (KeyError, IndexError, TypeError):  # the field is not in that work
                pass
    path = tmp_path / "works.jsonl"
    path.write_text(_lines(works), encoding="utf-8")
    fast, checked = _read(path, False, monkeypatch), _read(path, True, monkeypatch)
    _same(fast, checked)
    # the damage is seen: rows in the load report, papers read as far as they can be
    assert len(fast.load_report) > 20
    assert len(fast.papers) > len(works) // 2


def test_works_all_read_typed_are_handed_over_final(tmp_path, monkeypatch):
    # texts the typed reading cleans itself, so that the shared assembly does not clean
    # them again: an abstract whose words hold spaces and control characters, keywords
    # that repeat once cleaned, a venue and institutions with runs of spaces
    messy = _set(_own(HAND, 1), ("abstract_inverted_index",),
                 {" lead": [0], "a  b": [1], "x\ty\x1f": [2], "end ": [3]})
    messy = _set(messy, ("keywords",), [{"display_name": " engines "},
                                         {"display_name": "engines"}, {"display_name": "  "}])
    messy = _set(messy, ("primary_location",), {"source": {"display_name": " Acta  X "}})
    plain = _set(_own(HAND, 2), ("abstract_inverted_index",), {"clean": [0], "words": [1]})
    path = tmp_path / "works.jsonl"
    path.write_text(_lines([REAL, HAND, messy, plain]), encoding="utf-8")
    handed = []
    assemble = oa.records_to_corpus

    def spy(cols, *args, **kwargs):
        handed.append(cols.final())
        return assemble(cols, *args, **kwargs)

    monkeypatch.setattr(oa, "records_to_corpus", spy)
    fast, checked = _read(path, False, monkeypatch), _read(path, True, monkeypatch)
    assert handed == [oa._FINAL, frozenset()]  # the typed reading's, the checked one's
    _same(fast, checked)
    row = fast.papers.set_index("openalex_id").loc["W901"]
    assert row["abstract"] == "lead a b x y end"
    assert row["keywords"] == ("engines",)
    assert row["venue"] == "Acta X"


@pytest.mark.parametrize(
    "raw",
    [
        # bytes that are not UTF-8 in a field the reader never looks at: the line is not
        # valid JSON, as the standard library says
        b'{"id": "https://openalex.org/W1", "title": "T", "authorships": [], "x": "\xff"}',
        b'{"id": "https://openalex.org/W1", "title": "T", "authorships": [], "x": "\xed\xa0\x80"}',
        # what only the standard library decodes: NaN, a lone surrogate, a huge integer
        b'{"id": "https://openalex.org/W1", "title": "T", "authorships": [], "x": NaN}',
        b'{"id": "https://openalex.org/W1", "title": "T \\ud800", "authorships": []}',
        b'{"id": "https://openalex.org/W1", "title": "T", "authorships": [], "publication_year": '
        + b"9" * 5000 + b"}",
        # a key twice: the later one counts
        b'{"id": "https://openalex.org/W1", "title": "A", "title": "B", "authorships": []}',
        b'[{"id": "https://openalex.org/W1"}]',
        b'{"id": "https://openalex.org/W1", "title": "T", "authorships": [}',
    ],
)
def test_lines_the_typed_decoder_refuses_are_read_as_before(raw, tmp_path, monkeypatch):
    good = json.dumps(HAND).encode()
    path = tmp_path / "works.jsonl"
    path.write_bytes(good + b"\n" + raw + b"\n" + good.replace(b"W7", b"W8") + b"\n")
    fast, checked = _read(path, False, monkeypatch), _read(path, True, monkeypatch)
    _same(fast, checked)
    assert {"W7", "W8"} <= set(fast.papers["openalex_id"])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats(allow_nan=False)
    | st.text(st.characters(codec="utf-8"), max_size=6),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=4), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def _damaged(draw):
    work = _own(draw(st.sampled_from([REAL, HAND])), draw(st.integers(0, 5)))
    for _ in range(draw(st.integers(1, 3))):
        where, _value = draw(st.sampled_from(DAMAGE))
        try:
            work = _set(work, where, draw(_JSON))
        except (KeyError, IndexError, TypeError):
            pass
    return work


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_damaged(), min_size=1, max_size=6))
def test_randomly_damaged_lines_read_as_the_checked_reading(tmp_path, monkeypatch, works):
    path = tmp_path / "works.jsonl"
    path.write_text(_lines(works), encoding="utf-8")
    _same(_read(path, False, monkeypatch), _read(path, True, monkeypatch))


def test_in_memory_works_read_as_their_lines(tmp_path, monkeypatch):
    works = [REAL, HAND, _set(HAND, ("title",), ["x"]), _set(HAND, ("id",), "https://openalex.org/W9")]
    path = tmp_path / "works.jsonl"
    path.write_text(_lines(works), encoding="utf-8")
    from_lines, from_objects = gp.read_openalex(path), gp.read_openalex(copy.deepcopy(works))
    pd.testing.assert_frame_equal(
        from_lines.papers.drop(columns="sources"), from_objects.papers.drop(columns="sources")
    )
    pd.testing.assert_frame_equal(from_lines.authorships, from_objects.authorships)


@pytest.mark.parametrize(
    "index",
    [
        {"to": [0, 4], "be": [1, 5], "or": [2], "not": [3]},
        {"a": [0], "b": [2]}, {"a": [1]}, {"a": [0, 1], "b": [1]}, {"a": [0, 0]}, {},
        {"a": []}, {"": [0]}, {"": [0], "b": [1]},
        {"w": list(range(100_001))}, {"w": list(range(100_000))},
    ],
)
def test_rebuilt_abstract_is_the_abstract(index):
    assert oa._rebuilt(index) == oa._abstract(index)


@pytest.mark.parametrize("form", ["jsonl", "json", "object"])
def test_lone_surrogate_escapes_are_replaced_and_reported(form, tmp_path):
    # JSON may escape half of a surrogate pair; the standard library decodes it into a
    # string that is not text (it cannot be written as UTF-8)
    line = ('{"id": "https://openalex.org/W1", "title": "Caf\\ud800 study", "authorships": '
            '[{"author": {"id": "https://openalex.org/A1", "display_name": "Ada \\udc00Byron"}}]}')
    if form == "object":
        source = [json.loads(line)]
    else:
        source = tmp_path / f"w.{form}"
        source.write_text(line + "\n" if form == "jsonl" else f"[{line}]", encoding="utf-8")
    c = gp.read_openalex(source, errors="skip")
    assert c.papers["title"].tolist() == ["Caf\ufffd study"]
    assert c.authorships["printed_name"].tolist() == ["Ada \ufffdByron"]
    report = c.load_report
    assert report["action"].tolist() == ["repaired"]
    assert report["reason"].str.contains("2 lone surrogate escape").all()
    with pytest.warns(UserWarning, match="lone surrogate"):
        gp.read_openalex(source, errors="warn")


# ---------------------------------------------------------------------------
# workers=: blocks of lines read by forked processes, taken back in file order
# ---------------------------------------------------------------------------
needs_fork = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the platform cannot fork: workers= reads in one process",
)


def _damaged_file(path: Path) -> None:
    works = [REAL, HAND]
    for where, value in DAMAGE:
        works.append(_set(_own(HAND, len(works)), where, value))
    text = _lines(works + [REAL])  # REAL again: a duplicate, reported at its line
    lines = text.splitlines(keepends=True)
    lines[5:5] = ["\n", "   \n", '{"id": "https://openalex.org/W1", "title": \n', "null\n"]
    path.write_text("\ufeff" + "".join(lines), encoding="utf-8")


def _read_with(path: Path, monkeypatch, errors: str, workers: int):
    handed, pools = [], []
    assemble, pool = oa.records_to_corpus, oa.ordered_map
    with monkeypatch.context() as m:
        m.setattr(oa, "BLOCK_BYTES", 700)  # many blocks of a few lines
        m.setattr(oa, "records_to_corpus", lambda cols, *a, **k: (
            handed.append(cols.final()), assemble(cols, *a, **k))[1])
        m.setattr(oa, "ordered_map", lambda f, items, n: (pools.append(n), pool(f, items, n))[1])
        with __import__("warnings").catch_warnings(record=True) as caught:
            __import__("warnings").simplefilter("always")
            corpus = gp.read_openalex(path, errors=errors, workers=workers)
    return corpus, handed, pools, [str(w.message) for w in caught]


@needs_fork
@pytest.mark.parametrize("errors", ["skip", "warn"])
def test_workers_read_lines_as_one_process_does(tmp_path, monkeypatch, errors):
    path = tmp_path / "works.jsonl"
    _damaged_file(path)
    one, handed1, pools1, warned1 = _read_with(path, monkeypatch, errors, 1)
    two, handed2, pools2, warned2 = _read_with(path, monkeypatch, errors, 2)
    assert pools1 == [] and pools2 == [2]  # a pool only when asked for
    _same(one, two)
    assert handed1 == handed2  # the same fields handed over final
    assert warned1 == warned2 and (len(warned1) > 5) == (errors == "warn")
    report = two.load_report
    assert "duplicate" in set(report["action"]) and len(report) > 20
    bad = report[report["reason"].str.startswith("line is not valid JSON")]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert bad["line"].tolist() == [lines.index('{"id": "https://openalex.org/W1", "title": ') + 1]


@needs_fork
def test_workers_raise_the_error_of_one_process(tmp_path, monkeypatch):
    path = tmp_path / "works.jsonl"
    _damaged_file(path)
    errs = []
    for workers in (1, 2):
        with pytest.raises(gp.ParseError) as raised:
            _read_with(path, monkeypatch, "raise", workers)
        errs.append((str(raised.value), raised.value.line))
    assert errs[0] == errs[1] and errs[0][1] is not None


def test_workers_must_be_a_whole_number(tmp_path):
    path = tmp_path / "works.jsonl"
    path.write_text(_lines([HAND]), encoding="utf-8")
    for bad in (0, "2", 1.5, True):
        with pytest.raises(ValueError, match="workers"):
            gp.read_openalex(path, workers=bad)
    # a small file is read in this process whatever workers= says
    pd.testing.assert_frame_equal(gp.read_openalex(path, workers=4).papers,
                                  gp.read_openalex(path).papers)
