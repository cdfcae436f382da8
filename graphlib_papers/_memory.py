"""Handing memory freed by one step of a read back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

__all__ = ["collector_paused", "release_memory", "without_cycle_collector"]

#: Below this many rows (records, authorships) a step leaves too little behind to be worth a
#: collection and a heap walk: small reads, thousands of them in a loop, skip the call.
RELEASE_FROM_ROWS = 20_000


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, Windows,
    musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory(rows: int, *, collect: bool = False) -> None:
    """Give the memory that the steps so far have freed back to the operating system.

    The arrays and tables a step makes and drops stay in the allocators' free lists
    (pyarrow's memory pool, the C heap), so without this a read's peak memory is the
    sum of what its steps left behind rather than its largest step. pyarrow's pool
    releases its unused memory and, on Linux with glibc, ``malloc_trim`` returns the
    heap's free pages. Memory in use is not touched and nothing is configured: the
    call only tidies up, once, where it is made, and only after a step over at least
    :data:`RELEASE_FROM_ROWS` `rows`. With `collect`, unreachable cycles (a parser's
    objects pointing at each other) are collected first.

    Examples
    --------
    >>> release_memory(100_000)  # returns nothing; the process simply holds less memory
    """
    if rows < RELEASE_FROM_ROWS:
        return
    if collect:
        gc.collect()
    pyarrow = sys.modules.get("pyarrow")  # loaded with pandas' string columns, if at all
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)



@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused in the block, and restored as it was
    (a collector the caller had switched off stays off); see
    :func:`without_cycle_collector`.

    Examples
    --------
    >>> with collector_paused():
    ...     print(gc.isenabled())
    False
    >>> gc.isenabled()
    True
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def without_cycle_collector(func):
    """Run `func` with Python's cyclic garbage collector paused, as it was before after.

    For the readers whose reading makes no reference cycles (arrays, strings, JSON
    values; each has a test that it leaves none), or a fixed few per file (an XML
    parser and its handlers, freed by the collection made after the reading), and for
    the profile pages (a few small objects per entry, no cycles): the collector has
    nothing to free there, yet while a large file is read it walks every container
    made so far, again and again as they grow (at 10^5 records, a tenth of a Web of
    Science read, a fifth of a DBLP XML read). Memory freed by reference counting,
    which is all of it here, is freed as before.

    Examples
    --------
    >>> @without_cycle_collector
    ... def f():
    ...     return gc.isenabled()
    >>> f(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with collector_paused():
            return func(*args, **kwargs)

    return wrapper
