"""Pausing the cyclic garbage collector around allocation-heavy steps."""

from __future__ import annotations

import contextlib
import gc

__all__: list[str] = []


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector while many long-lived objects are made.

    Readers allocate hundreds of thousands of tuples, lists and records that live until
    the corpus is built, and a networkx Graph is millions of dicts; each allocation burst
    makes the collector rescan everything made so far. For 50 MB of profile pages that
    was a third of the reading time (and most of the time spent unpickling pages sent
    back by worker processes); for a large Graph, several times the building time.
    Reference counting still frees everything; only cycles wait, and the collector's
    previous state is restored on exit.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
