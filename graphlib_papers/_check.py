"""Checks and small conventions shared by every analysis (one place, never duplicated).

Modelled on scikit-network's ``utils/check.py``: each public function calls these, and
they copy rather than mutate what the caller passed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["draw_seed", "check_measures", "check_count", "relabel_by_size", "top_n"]


def draw_seed(seed: int | None) -> int:
    """The seed given, or a fresh one from OS entropy (global random state untouched).

    Examples
    --------
    >>> draw_seed(7)
    7
    >>> 0 <= draw_seed(None) < 2**31 - 1
    True
    """
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None, not {type(seed).__name__}")
    return int(seed)


def check_measures(measures, allowed: Sequence[str], what: str, hint: str = "") -> list[str]:
    """`measures` (a name or names) as a list without repeats; ValueError for unknown ones."""
    if isinstance(measures, str):
        measures = (measures,)
    measures = list(dict.fromkeys(measures))
    unknown = [m for m in measures if m not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; choose from {list(allowed)}{hint}")
    return measures


def check_count(value, name: str, *, minimum: int = 1, allow_none: bool = True) -> int | None:
    """An int >= `minimum` (or None when allowed); ValueError otherwise."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, not {value!r}")
    return int(value)


def relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 by decreasing size, ties by first position (the smallest member
    when positions follow the canonical node order)."""
    labels = np.asarray(labels)
    if len(labels) == 0:
        return np.zeros(0, dtype=np.int64)
    uniq, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    new = np.empty(len(uniq), dtype=np.int64)
    new[order] = np.arange(len(uniq))
    return new[inverse]


def top_n(df: pd.DataFrame, column: str, n: int) -> pd.DataFrame:
    """The `n` rows with the largest `column`, ties broken by the index (stable)."""
    ordered = df.sort_index(kind="stable").sort_values(column, ascending=False, kind="stable")
    return ordered.head(n)
