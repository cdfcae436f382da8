"""release_memory: freed memory goes back to the operating system between read steps."""

from __future__ import annotations

import sys

import pytest

import graphlib_papers as gp
from graphlib_papers import _memory


def _rss_mb() -> float:
    import os
    from pathlib import Path

    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(_memory._malloc_trim() is None, reason="needs Linux with glibc")
def test_release_memory_returns_freed_heap_pages():
    # 2,000 blocks of 64 KiB live on the C heap (below glibc's mmap threshold); the last
    # one kept pins the heap's top, so free() alone cannot give the pages back
    blocks = [bytearray(64 * 1024) for _ in range(2000)]
    for b in blocks:
        b[::4096] = b"x" * len(b[::4096])  # touch every page
    keep = blocks[-1]
    del blocks
    before = _rss_mb()
    _memory.release_memory(_memory.RELEASE_FROM_ROWS)
    after = _rss_mb()
    assert before - after > 60, (before, after)
    assert keep[0] == ord("x")  # memory in use is untouched


def test_release_memory_trims_the_heap_and_the_arrow_pool(monkeypatch):
    calls = []

    class Pool:
        def release_unused(self):
            calls.append("arrow")

    class FakeArrow:
        @staticmethod
        def default_memory_pool():
            return Pool()

    monkeypatch.setitem(sys.modules, "pyarrow", FakeArrow)
    monkeypatch.setattr(_memory, "_malloc_trim", lambda: lambda pad: calls.append(("trim", pad)))
    monkeypatch.setattr(_memory.gc, "collect", lambda: calls.append("gc"))
    _memory.release_memory(10**6)
    assert calls == ["arrow", ("trim", 0)]
    calls.clear()
    _memory.release_memory(10**6, collect=True)
    assert calls == ["gc", "arrow", ("trim", 0)]
    calls.clear()
    _memory.release_memory(_memory.RELEASE_FROM_ROWS - 1, collect=True)  # a small step
    assert calls == []


def test_without_malloc_trim_release_memory_still_releases_the_arrow_pool(monkeypatch):
    calls = []
    monkeypatch.setattr(_memory, "_malloc_trim", lambda: None)
    pool = type("Pool", (), {"release_unused": lambda self: calls.append("arrow")})()
    monkeypatch.setitem(sys.modules, "pyarrow",
                        type("A", (), {"default_memory_pool": staticmethod(lambda: pool)}))
    _memory.release_memory(10**6)
    assert calls == ["arrow"]


def test_a_read_releases_memory_after_reading_after_assembly_after_the_name_layer_and_before_sorting(
    monkeypatch, tmp_path
):
    from graphlib_papers import corpus as corpus_mod
    from graphlib_papers.io import _common

    steps = []

    def spy(rows, collect=False):
        steps.append((rows, collect))

    monkeypatch.setattr(_common, "release_memory", spy)
    monkeypatch.setattr(corpus_mod, "release_memory", spy)
    path = tmp_path / "a.csv"
    path.write_text("title,authors,year\nOn engines,Ada Byron; C. Babbage,1843\n", encoding="utf-8")
    c = gp.read_csv(path)
    assert c.n_papers == 1 and c.n_authors == 2
    # 1 record + 2 authorships read; no cycle collection: reading a table makes no
    # reference cycles (see test_readers_that_skip_the_cycle_collection_leave_no_cycles);
    # then before the Corpus sorts its tables, and between the papers and the authorships
    # (each sort is a copy: the copies are a read's peak)
    assert steps == [(3, False), (3, False), (2, False), (2, False), (2, False)]


def test_a_small_read_does_not_walk_the_heap(monkeypatch, tmp_path):
    # thousands of small reads in a loop must not pay a collection and a heap walk each
    calls = []
    monkeypatch.setattr(_memory, "_malloc_trim", lambda: lambda pad: calls.append(pad))
    path = tmp_path / "a.csv"
    path.write_text("title,authors,year\nOn engines,Ada Byron,1843\n", encoding="utf-8")
    gp.read_csv(path)
    assert calls == []
    monkeypatch.setattr(_memory, "RELEASE_FROM_ROWS", 1)
    gp.read_csv(path)
    # after reading, assembly, the name layer; before sorting, between the two sorts
    assert calls == [0, 0, 0, 0, 0]



@pytest.mark.parametrize("reader", ["read_ris", "read_wos", "read_medline", "read_openalex",
                                    "read_csv", "read_dblp_xml"])
def test_readers_pause_the_cycle_collector_and_restore_it(tmp_path, reader, monkeypatch):
    # the readers that make no reference cycles read with the collector paused (seen
    # from inside the read), and leave it as they found it: on after a read, on after
    # a read that raised, off when the caller had switched it off
    import gc

    from graphlib_papers.io import _common

    texts = {
        "read_ris": "TY  - JOUR\nAU  - Lee, Ann\nTI  - T\nPY  - 2020\nER  - \n",
        "read_wos": "FN Clarivate\nVR 1.0\nPT J\nAU Lee, A\nAF Lee, Ann\nTI T\nPY 2020\n"
                    "UT WOS:1\nER\nEF\n",
        "read_medline": "PMID- 1\nTI  - T\nDP  - 2020\nFAU - Lee, Ann\nAU  - Lee A\n",
        "read_openalex": '{"id": "https://openalex.org/W1", "title": "T", "publication_year": '
                         '2020, "authorships": [{"author": {"display_name": "Ann Lee"}}]}\n',
        "read_csv": "title,year,authors\nT,2020,Ann Lee\n",
        "read_dblp_xml": '<?xml version="1.0"?>\n<dblp><article key="journals/x/Lee20">'
                         "<author>Ann Lee</author><title>T</title><year>2020</year>"
                         "</article></dblp>\n",
    }
    path = tmp_path / "refs.txt"
    path.write_text(texts[reader], encoding="utf-8")
    read = getattr(gp, reader)
    inside: list[bool] = []
    real = _common.release_memory

    def spy(rows, *, collect=False):
        inside.append(gc.isenabled())
        return real(rows, collect=collect)

    monkeypatch.setattr(_common, "release_memory", spy)
    assert gc.isenabled()
    try:
        c = read(path)
        assert c.n_papers == 1 and inside and not any(inside)
        assert gc.isenabled()
        with pytest.raises(FileNotFoundError):
            read(tmp_path / "missing.txt")
        assert gc.isenabled()
        gc.disable()
        read(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_without_cycle_collector_restores_on_error():
    import gc

    @_memory.without_cycle_collector
    def boom():
        assert not gc.isenabled()
        raise ValueError("x")

    with pytest.raises(ValueError):
        boom()
    assert gc.isenabled()
