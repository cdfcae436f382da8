"""Engines for scale: the co-author edge list computed by DuckDB (out of core) or Spark.

The tidy authorship table is the same at every scale; past what scipy.sparse holds in
memory it is handed to an existing engine rather than a home-made one:

* ``engine="duckdb"`` — one machine, bounded memory: DuckDB streams Parquet, spills to
  ``temp_directory`` past ``memory_limit`` and returns a DataFrame or writes Parquet.
* ``engine="spark"`` — across machines: the pyspark DataFrame API, in local mode by
  default or on any cluster whose ``SparkSession`` is handed in.

Both compute exactly the edge list of the scipy engine
(:func:`graphlib_papers.coauthor_edges`): same weighting schemes, caps, filters,
columns and order. Both are optional extras (``pip install 'graphlib-papers[duckdb]'``,
``pip install 'graphlib-papers[spark]'``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from .._check import EDGE_COLUMNS, EXTERNAL_ENGINES, WEIGHTINGS, projection_record
from ..exceptions import OptionError, SchemaError
from ._base import EdgeInput, EdgeOptions

__all__ = ["compute_edges", "ENGINES", "WEIGHTINGS", "EDGE_COLUMNS"]

#: The engines of this package (the built-in scipy engine is the default of
#: :func:`graphlib_papers.coauthor_edges`).
ENGINES = EXTERNAL_ENGINES


def _paper_frame(papers: pd.DataFrame) -> pd.DataFrame:
    if "paper_id" not in papers.columns:
        papers = papers.rename_axis("paper_id").reset_index()
    out = pd.DataFrame({"paper_id": papers["paper_id"].astype(str)})
    out["year"] = (
        pd.to_numeric(papers["year"], errors="coerce").astype("Int64")
        if "year" in papers
        else pd.array([pd.NA] * len(papers), dtype="Int64")
    )
    out["authors_truncated"] = (
        papers["authors_truncated"].fillna(False).astype(bool).to_numpy()
        if "authors_truncated" in papers
        else False
    )
    return out.reset_index(drop=True)


def _author_frame(authors: pd.DataFrame | None, ships: pd.DataFrame) -> pd.DataFrame:
    if authors is None:
        ids = sorted(ships["author_id"].astype(str).unique())
        return pd.DataFrame({"author_id": ids, "is_group": False})
    if "author_id" not in authors.columns:
        authors = authors.rename_axis("author_id").reset_index()
    return pd.DataFrame(
        {
            "author_id": authors["author_id"].astype(str).to_numpy(),
            "is_group": (
                authors["is_group"].fillna(False).astype(bool).to_numpy()
                if "is_group" in authors
                else False
            ),
        }
    )


def edge_input(
    data: Any, papers_info: pd.DataFrame | None = None, authors_info: pd.DataFrame | None = None
) -> EdgeInput:
    """Normalise what a user hands in to the three tables an engine reads.

    `data` is a :class:`~graphlib_papers.Corpus`, an authorships DataFrame (with
    `papers_info` and optionally `authors_info`), or a path: a corpus folder written by
    :func:`graphlib_papers.io.parquet.write_parquet`, or an authorships Parquet file or
    glob (with `papers_info` and `authors_info` as frames or Parquet paths).
    """
    from ..corpus import Corpus

    if isinstance(data, Corpus):
        ships = data._authorships
        return EdgeInput(
            ships[["paper_id", "author_id", "inferred"]].reset_index(drop=True),
            _paper_frame(data._papers),
            _author_frame(data._authors, ships),
        )
    if isinstance(data, str | PathLike):
        path = Path(os.fspath(data))
        if path.is_dir():
            from ..io.parquet import read_manifest

            read_manifest(path)
            return EdgeInput(
                str(path / "authorships.parquet"),
                str(path / "papers.parquet"),
                str(path / "authors.parquet"),
            )
        if papers_info is None:
            raise SchemaError(
                f"{path} is a single file: pass papers_info (a frame or a papers Parquet path), "
                "or point at a corpus folder written by write_parquet"
            )

        def as_path_or_frame(x, kind):
            if isinstance(x, str | PathLike):
                return str(os.fspath(x))
            if x is None:
                return None
            return _paper_frame(x) if kind == "papers" else _author_frame(x, pd.DataFrame())

        authors = as_path_or_frame(authors_info, "authors")
        if authors is None:
            raise SchemaError(
                "an authorships Parquet file needs authors_info (is_group per author)"
            )
        return EdgeInput(str(path), as_path_or_frame(papers_info, "papers"), authors)
    if isinstance(data, pd.DataFrame):
        missing = {"paper_id", "author_id"} - set(data.columns)
        if missing:
            raise SchemaError(f"the authorships frame lacks column(s) {sorted(missing)}")
        ships = pd.DataFrame(
            {
                "paper_id": data["paper_id"].astype(str).to_numpy(),
                "author_id": data["author_id"].astype(str).to_numpy(),
                "inferred": (
                    data["inferred"].fillna(False).astype(bool).to_numpy()
                    if "inferred" in data
                    else False
                ),
            }
        )
        if papers_info is None:
            papers = pd.DataFrame({"paper_id": sorted(ships["paper_id"].unique())})
        else:
            papers = papers_info
        return EdgeInput(ships, _paper_frame(papers), _author_frame(authors_info, ships))
    raise TypeError(
        "compute_edges takes a Corpus, an authorships DataFrame or a Parquet path, "
        f"not {type(data).__name__}"
    )


def compute_edges(
    engine: str,
    data: Any,
    papers_info: pd.DataFrame | str | None = None,
    *,
    authors_info: pd.DataFrame | str | None = None,
    output: str | PathLike | None = None,
    weighting: str = "count",
    include_inferred: bool = True,
    max_authors: int | None = None,
    group_authors: str = "keep",
    min_weight: float = 0,
    years: int | tuple[int | None, int | None] | Iterable[int] | None = None,
    **engine_options: Any,
) -> pd.DataFrame | Path:
    """The weighted co-author edge list, computed by DuckDB or Spark.

    The engines behind ``graphlib_papers.coauthor_edges(..., engine="duckdb")`` and
    ``engine="spark"``; the result equals the scipy engine's on the same corpus.

    Parameters
    ----------
    engine : {"duckdb", "spark"}
        Which engine runs the projection.
    data : Corpus, DataFrame or path
        A corpus; an authorships frame (``paper_id``, ``author_id``, optional
        ``inferred``); a corpus folder written by
        :func:`~graphlib_papers.io.parquet.write_parquet`; or an authorships Parquet
        file or glob.
    papers_info : DataFrame or path, optional
        Papers (``paper_id`` index or column; ``year``, ``authors_truncated``) when
        `data` is not a corpus or corpus folder.
    authors_info : DataFrame or path, optional
        Authors (``author_id``; ``is_group``); without it nobody is a group author.
    output : path, optional
        Write the edges as Parquet here (a file for DuckDB, a folder for Spark) and
        return the path instead of a DataFrame: the edge list never enters memory.
    weighting, include_inferred, max_authors, group_authors, min_weight, years
        As in :func:`graphlib_papers.coauthor_edges`.
    **engine_options
        DuckDB: ``memory_limit`` (e.g. ``"4GB"``), ``temp_directory``, ``threads``.
        Spark: ``spark`` (a ``SparkSession``; a local one is started otherwise),
        ``master``, ``spark_conf`` (dict).

    Returns
    -------
    DataFrame or pathlib.Path
        Columns ``source``, ``target`` (author ids, ``source < target``), ``weight``,
        ``n_shared`` (papers shared), ``n_shared_truncated`` (of which with a truncated
        author list), sorted by (source, target); or the Parquet path written.

    Raises
    ------
    ValueError
        For an unknown engine or option value.
    SchemaError
        If the input lacks a required column or table.
    MissingDependency
        If the engine's package (duckdb, pyspark) is not installed.

    See Also
    --------
    graphlib_papers.coauthor_edges : the in-memory scipy engine and the formulas.

    Notes
    -----
    Every engine runs the same relational plan: filter the authorships (inferred,
    group authors, years), count authors per paper n_k, keep papers with
    2 <= n_k <= max_authors for edges, self-join authorships on the paper with
    ``source < target`` and aggregate per pair. The weightings are full counting,
    Newman's collaboration weight sum 1/(n_k - 1) [1]_, fractional counting
    sum 1/n_k [2]_, and the normalisations of the full count by author occurrences
    s_i: association strength c_ij / (s_i s_j) [3]_, Salton's cosine
    c_ij / sqrt(s_i s_j) and Jaccard c_ij / (s_i + s_j - c_ij) [4]_.
    DuckDB spills joins and aggregates to disk past its memory limit [5]_.

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    .. [2] A. Perianes-Rodriguez, L. Waltman, N. J. van Eck, "Constructing
       bibliometric networks: A comparison between full and fractional counting",
       J. Informetrics 10(4), 1178-1195 (2016).
    .. [3] N. J. van Eck, L. Waltman, "How to normalize cooccurrence data? An analysis
       of some well-known similarity measures", JASIST 60(8), 1635-1651 (2009).
    .. [4] G. Salton, M. J. McGill, Introduction to Modern Information Retrieval,
       McGraw-Hill (1983).
    .. [5] M. Raasveldt, H. Mühleisen, "DuckDB: an Embeddable Analytical Database",
       SIGMOD 2019, 1981-1984.

    Examples
    --------
    >>> import pandas as pd, graphlib_papers as gp
    >>> from graphlib_papers.engines import compute_edges
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p1", "p2", "p2"],
    ...     "author": ["Ada Lovelace", "Charles Babbage", "Mary Somerville",
    ...                "Ada Lovelace", "Charles Babbage"]}))
    >>> edges = compute_edges("duckdb", toy, weighting="newman", memory_limit="1GB")
    >>> edges
                  source             target  weight  n_shared  n_shared_truncated
    0     a:ada-lovelace  a:charles-babbage     1.5         2                   0
    1     a:ada-lovelace  a:mary-somerville     0.5         1                   0
    2  a:charles-babbage  a:mary-somerville     0.5         1                   0
    >>> edges.equals(gp.coauthor_edges(toy, weighting="newman"))
    True
    """
    given = dict(
        weighting=weighting,
        include_inferred=include_inferred,
        max_authors=max_authors,
        group_authors=group_authors,
        min_weight=min_weight,
        years=years,
    )
    options = EdgeOptions.make(**given)
    if engine not in ENGINES:
        raise OptionError(
            f"engine must be one of {ENGINES} (or 'scipy' via coauthor_edges), not {engine!r}"
        )
    inputs = edge_input(data, papers_info, authors_info)
    if engine == "duckdb":
        from .duckdb_engine import duckdb_edges

        result = duckdb_edges(inputs, options, output=output, **engine_options)
    else:
        from .spark_engine import spark_edges

        result = spark_edges(inputs, options, output=output, **engine_options)
    if isinstance(result, pd.DataFrame):
        result.attrs["projection"] = projection_record(
            engine, **{**given, "max_authors": options.max_authors}
        )
    return result
