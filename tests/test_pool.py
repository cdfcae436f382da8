"""The readers' worker processes (``workers=``): results in the order of the blocks, the
blocks read as the results are taken, errors raised at their block, no process left."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from graphlib_papers.io._pool import ordered_map, pool_size

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the platform cannot fork: workers= reads in one process",
)


@needs_fork
def test_results_come_in_order_from_other_processes():
    offset = 1000  # a closure: the forked workers have it without pickling it

    def work(i, delay):
        import time

        time.sleep(delay)  # the first items finish last
        return i + offset, os.getpid()

    items = [(i, 0.2 if i < 2 else 0.0) for i in range(8)]
    out = list(ordered_map(work, items, 2))
    assert [v for v, _ in out] == [i + 1000 for i in range(8)]
    pids = [pid for _, pid in out]  # a share here, the rest in one forked worker
    assert 0 < pids.count(os.getpid()) < len(pids) and len(set(pids)) == 2
    assert multiprocessing.active_children() == []


@needs_fork
def test_items_are_read_as_results_are_taken():
    pulled = []

    def items():
        for i in range(20):
            pulled.append(i)
            yield (i,)

    results = ordered_map(lambda i: i * i, items(), 2)
    assert next(results) == 0
    assert len(pulled) <= 5  # two a worker in flight, and the one being submitted
    results.close()  # stopped early: the workers go
    assert len(pulled) < 20
    assert multiprocessing.active_children() == []


@needs_fork
def test_an_error_is_raised_at_its_item():
    def work(i):
        if i == 3:
            raise ValueError(f"bad block {i}")
        return i

    got = []
    with pytest.raises(ValueError, match="bad block 3"):
        for value in ordered_map(work, [(i,) for i in range(10)], 2):
            got.append(value)
    assert got == [0, 1, 2]
    assert multiprocessing.active_children() == []


def test_one_worker_computes_here():
    assert list(ordered_map(lambda a: (a, os.getpid()), [(1,), (2,)], 1)) == [
        (1, os.getpid()), (2, os.getpid())]


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_workers_must_be_a_whole_number(bad):
    with pytest.raises(ValueError, match="workers"):
        pool_size(bad, 10**9, 1)


def test_pool_only_for_large_files():
    assert pool_size(None, 10**9, 1) == 1 and pool_size(1, 10**9, 1) == 1
    assert pool_size(2, 2 * 4096, 4096) == 1  # two blocks: nothing to share
    forks = "fork" in multiprocessing.get_all_start_methods()
    assert pool_size(3, 3 * 4096, 4096) == (3 if forks else 1)
