"""Fuzzing: random byte mutations of real files raise nothing but the library's errors."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlib_papers as gp

REC = Path(__file__).resolve().parent / "data" / "records"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "records"


def _head_records(path: Path, end: bytes, n: int) -> bytes:
    raw = path.read_bytes()
    pos = 0
    for _ in range(n):
        nxt = raw.find(end, pos)
        if nxt == -1:
            return raw
        pos = nxt + len(end)
    return raw[:pos]


CASES = {
    "wos": (lambda: (REC / "wostools/single-article.txt").read_bytes(), gp.read_wos, ".txt"),
    "ris": (lambda: (REC / "ris_rispy/example_full.ris").read_bytes(), gp.read_ris, ".ris"),
    "bibtex": (
        lambda: (REC / "bibtex/article.bib").read_bytes() + (REC / "bibtex/traps.bib").read_bytes(),
        gp.read_bibtex,
        ".bib",
    ),
    "openalex": (
        lambda: (REC / "openalex/W2741809807_work.json").read_bytes()[:6000],
        gp.read_openalex,
        ".json",
    ),
    "openalex-jsonl": (
        lambda: b"\n".join(
            [(REC / "openalex/W2741809807_work.json").read_bytes().replace(b"\n", b"")] * 2
        ),
        gp.read_openalex,
        ".jsonl",
    ),
    "dblp": (lambda: (REC / "dblp/allTagsData.xml").read_bytes()[:3000], gp.read_dblp_xml, ".xml"),
    "arxiv": (
        lambda: (REC / "arxiv/id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml").read_bytes(),
        gp.read_arxiv_atom,
        ".xml",
    ),
    "csv-ieee": (
        lambda: (REC / "litstudy/ieee.csv").read_bytes()[:6000],
        lambda p, **kw: gp.read_csv(p, preset="ieee", **kw),
        ".csv",
    ),
    "csv-springer": (
        lambda: (REC / "litstudy/springer.csv").read_bytes(),
        lambda p, **kw: gp.read_csv(p, preset="springer", **kw),
        ".csv",
    ),
    "medline": (
        lambda: _head_records(SHARED / "medline_metaknowledge/medline_test.medline", b"\n\n", 3),
        gp.read_medline,
        ".medline",
    ),
    "scopus": (
        lambda: _head_records(SHARED / "litstudy/scopus.csv", b"\n", 3),
        gp.read_scopus_csv,
        ".csv",
    ),
}

mutations = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.floats(0, 1), st.integers(0, 255)),
        st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
        st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
        st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    ),
    min_size=1,
    max_size=6,
)


def mutate(raw: bytes, ops) -> bytes:
    data = bytearray(raw)
    for op, where, arg in ops:
        if not data:
            break
        i = min(int(where * len(data)), len(data) - 1)
        if op == "set":
            data[i] = arg
        elif op == "delete":
            del data[i : i + arg]
        elif op == "insert":
            data[i:i] = arg
        else:
            del data[i:]
    return bytes(data)


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_mutated_real_files_raise_only_library_errors(fmt):
    load, reader, suffix = CASES[fmt]
    if fmt in ("medline", "scopus") and not SHARED.is_dir():
        pytest.skip("../shared/data is not present")
    raw = load()
    assert reader  # the unmutated file reads without error
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(raw)
        reader(path, errors="skip")

        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
        )
        @given(ops=mutations)
        def run(ops):
            path.write_bytes(mutate(raw, ops))
            for errors in ("raise", "skip"):
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        corpus = reader(path, errors=errors)
                except gp.GraphlibPapersError:
                    continue
                assert isinstance(corpus, gp.Corpus)

        run()
