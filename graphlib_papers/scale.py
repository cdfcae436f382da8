"""Deprecated names of the matrix-level analyses, kept for one release.

The everyday functions now take the matrix form of :func:`graphlib_papers.coauthor_matrix`
directly and compute on the same compiled core:

* ``leiden_from_matrix(M, index, ...)`` → ``find_communities((M, index), "leiden", ...)``
* ``matrix_centrality(M, index, ...)`` → ``author_centrality((M, index), ...)``
* ``sampled_betweenness(M, index, k=...)`` → ``author_centrality((M, index),
  ["betweenness"], k=...)``

Each name below warns (``FutureWarning``) and calls its replacement.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ._check import check_measures
from .exceptions import EmptyGraphError

__all__ = ["leiden_from_matrix", "matrix_centrality", "sampled_betweenness", "MATRIX_MEASURES"]

#: Measures of the deprecated :func:`matrix_centrality`.
MATRIX_MEASURES = ("degree", "strength", "pagerank")


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}", FutureWarning, stacklevel=3)


def _pair(matrix: Any, index: Any) -> Any:
    if isinstance(matrix, tuple) and len(matrix) == 2 and index is None:
        return matrix
    return (matrix, index)


def leiden_from_matrix(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    resolution: float = 1.0,
    weighted: bool = True,
    n_iterations: int | None = None,
    seed: int | None = None,
    reorder: bool | None = None,
):
    """Deprecated: ``find_communities((matrix, index), "leiden", ...)``.

    Examples
    --------
    >>> import warnings, graphlib_papers as gp
    >>> net = gp.coauthor_matrix(gp.load_seeds())
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     old = leiden_from_matrix(*net, seed=0)
    >>> old == gp.find_communities(net, "leiden", seed=0)
    True
    """
    from .communities import find_communities

    _deprecated("leiden_from_matrix", 'find_communities(network, "leiden")')
    network = _pair(matrix, index)
    if network[0].shape[0] == 0:
        raise EmptyGraphError("the co-author matrix has no authors; nothing to cluster")
    return find_communities(
        network, "leiden", resolution=resolution, seed=seed,
        weight="weight" if weighted else None, n_iterations=n_iterations, reorder=reorder,
    )


def matrix_centrality(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    measures: Sequence[str] | str = MATRIX_MEASURES,
    **_: Any,
) -> pd.DataFrame:
    """Deprecated: ``author_centrality((matrix, index), measures)``."""
    from .centrality import author_centrality

    _deprecated("matrix_centrality", "author_centrality(network, measures)")
    measures = check_measures(measures, MATRIX_MEASURES, "measure(s)")
    return author_centrality(_pair(matrix, index), measures).drop(columns="name")


def sampled_betweenness(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    k: int | None = 256,
    weighted: bool = True,
    seed: int | None = None,
    **_: Any,
) -> pd.DataFrame:
    """Deprecated: ``author_centrality((matrix, index), ["betweenness"], k=k)``."""
    from .centrality import author_centrality

    _deprecated("sampled_betweenness", 'author_centrality(network, ["betweenness"], k=...)')
    df = author_centrality(_pair(matrix, index), ["betweenness"], k=k,
                           weight="weight" if weighted else None, seed=seed, budget=None)
    if "betweenness_stderr" not in df:
        df["betweenness_stderr"] = 0.0
    return df[["betweenness", "betweenness_stderr"]].rename(
        columns={"betweenness_stderr": "stderr"}
    )
