"""Deprecated names of the matrix-level analyses, kept for one release.

The everyday functions now take the matrix form of :func:`graphlib_papers.coauthor_matrix`
directly and compute on the same compiled core:

* ``leiden_from_matrix(M, index, ...)`` → ``find_communities((M, index), "leiden", ...)``
* ``matrix_centrality(M, index, ...)`` → ``author_centrality((M, index), ...)``
* ``sampled_betweenness(M, index, k=...)`` → ``author_centrality((M, index),
  ["betweenness"], k=...)``

Each name below warns (``FutureWarning``) and calls its replacement. They take the
package's words: ``weight="weight"`` (the matrix entries) or None (every link counts 1);
the older ``weighted=True/False`` is still understood. Options of the earlier
implementations that the replacements do not have are refused when they would change
the result, rather than ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ._check import check_measures, warn_renamed
from .exceptions import EmptyGraphError, OptionError

__all__ = ["leiden_from_matrix", "matrix_centrality", "sampled_betweenness", "MATRIX_MEASURES"]

#: Measures of the deprecated :func:`matrix_centrality`.
MATRIX_MEASURES = ("degree", "strength", "pagerank")


def _weight(weight: str | None, weighted: bool | None, func: str) -> str | None:
    """`weight`, or the older ``weighted=`` bool read as ``"weight"`` / None."""
    if weighted is None:
        return weight
    warn_renamed(f"{func}(weighted=)", 'weight="weight" or weight=None', stacklevel=4)
    return "weight" if weighted else None


def _pair(matrix: Any, index: Any) -> Any:
    if isinstance(matrix, tuple) and len(matrix) == 2 and index is None:
        return matrix
    return (matrix, index)


def leiden_from_matrix(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    resolution: float = 1.0,
    weight: str | None = "weight",
    n_iterations: int | None = None,
    seed: int | None = None,
    reorder: bool | None = None,
    weighted: bool | None = None,
):
    """Deprecated: ``find_communities((matrix, index), "leiden", ...)``.

    ``weighted=`` (deprecated) is read as ``weight="weight"`` (True) or None (False).

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

    warn_renamed("leiden_from_matrix", 'find_communities(network, "leiden")')
    weight = _weight(weight, weighted, "leiden_from_matrix")
    network = _pair(matrix, index)
    if network[0].shape[0] == 0:
        raise EmptyGraphError("the co-author matrix has no authors; nothing to cluster")
    return find_communities(
        network, "leiden", resolution=resolution, seed=seed,
        weight=weight, n_iterations=n_iterations, reorder=reorder,
    )


def matrix_centrality(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    measures: Sequence[str] | str = MATRIX_MEASURES,
    *,
    alpha: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.DataFrame:
    """Deprecated: ``author_centrality((matrix, index), measures)``.

    PageRank is computed with damping 0.85 to convergence, as
    :func:`graphlib_papers.author_centrality` does; another `alpha` is refused, `tol`
    and `max_iter` are ignored.
    """
    from .centrality import author_centrality

    warn_renamed("matrix_centrality", "author_centrality(network, measures)")
    if alpha != 0.85:
        raise OptionError(f"matrix_centrality: alpha={alpha!r} is no longer supported")
    measures = check_measures(measures, MATRIX_MEASURES, "measure(s)")
    return author_centrality(_pair(matrix, index), measures).drop(columns="name")


def sampled_betweenness(
    matrix: Any,
    index: Sequence | pd.Index | None = None,
    *,
    k: int | None = 256,
    weight: str | None = "weight",
    seed: int | None = None,
    normalized: bool = True,
    weighted: bool | None = None,
) -> pd.DataFrame:
    """Deprecated: ``author_centrality((matrix, index), ["betweenness"], k=k)``.

    Betweenness is normalised, as :func:`graphlib_papers.author_centrality` gives it;
    ``normalized=False`` is refused. ``weighted=`` (deprecated) is read as
    ``weight="weight"`` (True) or None (False).
    """
    from .centrality import author_centrality

    warn_renamed("sampled_betweenness", 'author_centrality(network, ["betweenness"], k=...)')
    if not normalized:
        raise OptionError("sampled_betweenness: normalized=False is no longer supported")
    weight = _weight(weight, weighted, "sampled_betweenness")
    df = author_centrality(_pair(matrix, index), ["betweenness"], k=k,
                           weight=weight, seed=seed, budget=None)
    if "betweenness_stderr" not in df:
        df["betweenness_stderr"] = 0.0
    return df[["betweenness", "betweenness_stderr"]].rename(
        columns={"betweenness_stderr": "stderr"}
    )
