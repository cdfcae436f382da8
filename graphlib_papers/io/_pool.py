"""Worker processes for the readers' ``workers=``: the blocks of a large file read in
parallel, taken back in file order.

Workers are forked (where the platform can fork) after the reading process has set up
what they need, so a closure is all a reader hands over; each block's result comes back
pickled. The results are yielded in the order of the blocks, so a corpus and its load
report do not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .._memory import RELEASE_FROM_ROWS, release_memory
from ..exceptions import OptionError

__all__ = ["ordered_map", "pool_size"]

#: the function the forked workers call (set before they are forked: a closure cannot
#: be sent to a worker, but a forked one has it already)
_JOB: dict[str, Callable] = {}


def pool_size(workers: int | None, size: int, block: int) -> int:
    """How many worker processes read a file of `size` bytes in blocks of `block`
    bytes: 1 (none) unless asked for, on a platform that forks, for three blocks or
    more.

    Examples
    --------
    >>> pool_size(None, 10**9, 2**23), pool_size(2, 10**6, 2**23)
    (1, 1)
    >>> import multiprocessing
    >>> pool_size(2, 10**9, 2**23) == (2 if "fork" in multiprocessing.get_all_start_methods()
    ...                                else 1)
    True
    """
    if workers is None:
        return 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise OptionError(f"workers must be a whole number >= 1, not {workers!r}")
    if workers == 1 or size < 3 * block or (
        "fork" not in multiprocessing.get_all_start_methods()
    ) or multiprocessing.current_process().daemon:  # (a daemon process cannot fork one)
        return 1
    return workers


def _call(*item: Any) -> Any:
    with warnings.catch_warnings():  # a reader warns again from the rows, in the parent
        warnings.simplefilter("ignore")
        out = _JOB["func"](*item)
    # what the block's arrays left in the allocators goes back: a worker holds no more
    # than one block's work at a time
    release_memory(RELEASE_FROM_ROWS)
    return out


def _here(func: Callable, item: tuple) -> Any:
    """`func` of an item computed in the reading process, warning no more than a worker."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*item)


#: of every so many items, one is computed in the reading process itself (it also takes
#: the workers' results back, so it computes fewer than they do)
HERE_EVERY = 2


def ordered_map(func: Callable, items: Iterable[tuple], workers: int) -> Iterator:
    """``func(*item)`` of each of `items`, in their order, computed by `workers`
    processes: this one, which computes one item in :data:`HERE_EVERY` and takes the
    results back, and ``workers - 1`` forked ones, at most two items each in flight
    (bounded memory: `items` is read as results are taken). Closing the iterator early
    stops the workers; an exception in `func` is raised here, at its item.

    Examples
    --------
    >>> list(ordered_map(lambda a, b: a * b, [(1, 2), (3, 4), (5, 6)], 1))
    [2, 12, 30]
    """
    if workers <= 1 or _JOB:  # (_JOB set: a reading inside a worker's, no nesting)
        yield from (func(*item) for item in items)
        return
    _JOB["func"] = func
    try:
        pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError):  # no processes to be had: computed here
        _JOB.clear()
        yield from (func(*item) for item in items)
        return
    pending: deque = deque()  # (computed here?, the item or its future)
    try:
        for i, item in enumerate(items):
            here = i % HERE_EVERY == HERE_EVERY - 1
            pending.append((True, item) if here else (False, pool.submit(_call, *item)))
            del item
            if len(pending) >= 2 * workers:
                yield _result(pending.popleft(), func)
        while pending:
            yield _result(pending.popleft(), func)
    finally:
        for here, future in pending:
            if not here:
                future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB.clear()


def _result(entry: tuple, func: Callable) -> Any:
    here, job = entry
    return _here(func, job) if here else job.result()
