"""What every engine reads: the projection's options, checked once, and its input tables."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from .._check import EDGE_COLUMNS, check_edge_options, years_spec

__all__ = ["EdgeOptions", "EdgeInput", "edge_table"]


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
    def make(cls, **given: Any) -> EdgeOptions:
        """The options checked as :func:`graphlib_papers.coauthor_edges` checks them."""
        raw = cls(**given)  # an unknown keyword is a TypeError, as in a call
        max_authors = check_edge_options(
            raw.weighting, raw.max_authors, raw.group_authors, raw.min_weight
        )
        return replace(
            raw,
            include_inferred=bool(raw.include_inferred),
            max_authors=max_authors,
            min_weight=float(raw.min_weight),
            years=years_spec(raw.years),
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


def edge_table(df: pd.DataFrame, *, sort: bool = False) -> pd.DataFrame:
    """An engine's edges in the columns, order and dtypes of ``coauthor_edges``."""
    df = df[EDGE_COLUMNS]
    if sort:
        df = df.sort_values(["source", "target"], kind="stable")
    return df.reset_index(drop=True).astype(
        {
            "source": "str",
            "target": "str",
            "weight": "float64",
            "n_shared": "int64",
            "n_shared_truncated": "int64",
        }
    )
