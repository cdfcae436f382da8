"""What every engine reads: the projection's options, checked once, and its input tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._check import check_edge_options, year_mask

__all__ = ["EdgeOptions", "EdgeInput"]


@dataclass(frozen=True)
class EdgeOptions:
    """The options of the projection, checked once as the scipy engine checks them.

    ``years`` is normalised to one of: None, ``("int", y)``, ``("range", lo, hi)``
    (either end None; papers without a year are left out) or ``("set", (y, ...))``,
    the semantics of :meth:`graphlib_papers.Corpus.filter`.
    """

    weighting: str = "count"
    include_inferred: bool = True
    max_authors: int | None = None
    group_authors: str = "keep"
    min_weight: float = 0
    years: tuple | None = None

    @classmethod
    def make(
        cls,
        *,
        weighting: str = "count",
        include_inferred: bool = True,
        max_authors: int | None = None,
        group_authors: str = "keep",
        min_weight: float = 0,
        years: Any = None,
    ) -> EdgeOptions:
        max_authors = check_edge_options(weighting, max_authors, group_authors, min_weight)
        year_mask(pd.Series([], dtype="Int64"), years)  # same errors as the scipy engine
        spec: tuple | None
        if years is None:
            spec = None
        elif isinstance(years, tuple) and len(years) == 2:
            lo, hi = years
            spec = ("range", None if lo is None else int(lo), None if hi is None else int(hi))
        elif isinstance(years, int | np.integer):
            spec = ("int", int(years))
        else:
            spec = ("set", tuple(sorted({int(y) for y in years})))
        return cls(
            weighting=weighting,
            include_inferred=bool(include_inferred),
            max_authors=max_authors,
            group_authors=group_authors,
            min_weight=float(min_weight),
            years=spec,
        )

    @property
    def removes_groups(self) -> bool:
        """Group authors leave the projection ("drop" and "isolate": not in n_k, no edges)."""
        return self.group_authors in ("drop", "isolate")


@dataclass
class EdgeInput:
    """The three tables an engine reads, either as pandas frames or as Parquet paths.

    ``authorships``: paper_id, author_id, inferred. ``papers``: paper_id, year,
    authors_truncated. ``authors``: author_id, is_group.
    """

    authorships: pd.DataFrame | str
    papers: pd.DataFrame | str
    authors: pd.DataFrame | str

    @property
    def on_disk(self) -> bool:
        return isinstance(self.authorships, str)
