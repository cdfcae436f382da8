"""The co-author projection in DuckDB: out of core on one machine.

The plan is plain SQL over three relations (``ships_in``, ``papers_in``, ``authors_in``),
which are either pandas frames registered with DuckDB or ``read_parquet`` scans, so a
corpus folder far larger than memory streams through. Authors and papers are mapped
to integer codes in sorted id order first, so the self-join and the aggregation work on
integers and ``a.code < b.code`` is the same test as ``source < target``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import MissingDependency
from ._base import EdgeInput, EdgeOptions, edge_table

__all__ = ["duckdb_edges", "edge_sql"]


def _duckdb():
    try:
        import duckdb
    except ImportError as exc:
        raise MissingDependency("duckdb", extra="duckdb") from exc
    return duckdb


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def _relation(source: pd.DataFrame | str, name: str, con) -> str:
    """Register a frame or return a parquet scan for `source`."""
    if isinstance(source, str):
        return f"read_parquet({_quote(source)})"
    con.register(name, source)
    return name


def _year_sql(years: tuple | None, col: str) -> str | None:
    if years is None:
        return None
    if years[0] == "int":
        return f"{col} = {int(years[1])}"
    if years[0] == "range":
        parts = [f"{col} IS NOT NULL"]
        if years[1] is not None:
            parts.append(f"{col} >= {int(years[1])}")
        if years[2] is not None:
            parts.append(f"{col} <= {int(years[2])}")
        return " AND ".join(parts)
    if not years[1]:
        return "FALSE"
    return f"{col} IN ({', '.join(str(int(y)) for y in years[1])})"


def edge_sql(options: EdgeOptions, ships: str, papers: str, authors: str) -> str:
    """The SQL of the projection for the given options and relation names.

    The steps are those of the projection contract in :mod:`graphlib_papers.graphs`;
    exposed so the plan can be read (``print(edge_sql(...))``) or run elsewhere.
    """
    # Long by design: it assembles one SQL statement, clause by clause, in the order
    # of the projection contract; split, the statement could no longer be read whole.
    where = []
    if not options.include_inferred:
        where.append("NOT coalesce(s.inferred, FALSE)")
    if options.removes_groups:
        where.append("NOT coalesce(a.is_group, FALSE)")
    year = _year_sql(options.years, "p.year")
    if year:
        where.append(year)
    where_sql = ("WHERE " + " AND ".join(where)) if where else ""
    author_join = (
        f"LEFT JOIN {authors} AS a ON a.author_id = s.author_id" if options.removes_groups else ""
    )
    cap = f"WHERE n <= {int(options.max_authors)}" if options.max_authors is not None else ""
    w = options.weighting
    extra = ""
    if w in ("newman", "fractional"):
        extra = ", sum(1.0 / (x.n - 1)) AS w_sum"
        weight = "e.w_sum"
    elif w == "count":
        weight = "CAST(e.n_shared AS DOUBLE)"
    elif w == "association":
        weight = "CAST(e.n_shared AS DOUBLE) / (CAST(oa.s AS DOUBLE) * CAST(ob.s AS DOUBLE))"
    elif w == "salton":
        weight = "CAST(e.n_shared AS DOUBLE) / sqrt(CAST(oa.s AS DOUBLE) * CAST(ob.s AS DOUBLE))"
    else:  # jaccard
        weight = "CAST(e.n_shared AS DOUBLE) / CAST(oa.s + ob.s - e.n_shared AS DOUBLE)"
    needs_s = w in ("association", "salton", "jaccard")
    occ_join = (
        "JOIN occ AS oa ON oa.code = e.a JOIN occ AS ob ON ob.code = e.b" if needs_s else ""
    )
    min_w = f"WHERE {weight} >= {float(options.min_weight)!r}" if options.min_weight > 0 else ""
    return f"""
WITH raw AS (                 -- steps 1-3: filters, duplicates, group authors
    SELECT DISTINCT s.paper_id, s.author_id
    FROM {ships} AS s
    JOIN {papers} AS p ON p.paper_id = s.paper_id
    {author_join}
    {where_sql}
),
paper_sizes AS (              -- step 4: n_k, and the max_authors cap
    SELECT paper_id, n FROM (SELECT paper_id, count(*) AS n FROM raw GROUP BY paper_id)
    {cap}
),
kept AS (
    SELECT r.paper_id, r.author_id, ps.n
    FROM raw AS r JOIN paper_sizes AS ps ON ps.paper_id = r.paper_id
),
author_codes AS (             -- integer codes in author_id order
    SELECT author_id, CAST(row_number() OVER (ORDER BY author_id) - 1 AS INTEGER) AS code
    FROM (SELECT DISTINCT author_id FROM kept)
),
paper_codes AS (
    SELECT k.paper_id,
           CAST(row_number() OVER (ORDER BY k.paper_id) - 1 AS INTEGER) AS pcode,
           CAST(coalesce(p.authors_truncated, FALSE) AS INTEGER) AS truncated
    FROM (SELECT DISTINCT paper_id FROM kept WHERE n >= 2) AS k
    JOIN {papers} AS p ON p.paper_id = k.paper_id
),
occ AS (                      -- step 5: s_i
    SELECT ac.code, count(*) AS s
    FROM kept AS k JOIN author_codes AS ac ON ac.author_id = k.author_id
    GROUP BY ac.code
),
ends AS (                     -- authorships of multi-author papers, as integers
    SELECT pc.pcode, ac.code, k.n, pc.truncated
    FROM kept AS k
    JOIN paper_codes AS pc ON pc.paper_id = k.paper_id
    JOIN author_codes AS ac ON ac.author_id = k.author_id
),
e AS (                        -- step 6: one row per linked pair
    SELECT x.code AS a, y.code AS b,
           count(*) AS n_shared,
           sum(x.truncated) AS n_shared_truncated{extra}
    FROM ends AS x JOIN ends AS y ON x.pcode = y.pcode AND x.code < y.code
    GROUP BY x.code, y.code
),
weighted AS (                 -- step 7: weight and min_weight
    SELECT e.a, e.b, {weight} AS weight, e.n_shared, e.n_shared_truncated
    FROM e {occ_join}
    {min_w}
)
SELECT ca.author_id AS source, cb.author_id AS target, w.weight,
       CAST(w.n_shared AS BIGINT) AS n_shared,
       CAST(w.n_shared_truncated AS BIGINT) AS n_shared_truncated
FROM weighted AS w
JOIN author_codes AS ca ON ca.code = w.a
JOIN author_codes AS cb ON cb.code = w.b
ORDER BY w.a, w.b
"""


def duckdb_edges(
    inputs: EdgeInput,
    options: EdgeOptions,
    *,
    output: str | PathLike | None = None,
    memory_limit: str | None = None,
    temp_directory: str | PathLike | None = None,
    threads: int | None = None,
    connection: Any = None,
) -> pd.DataFrame | Path:
    """Run the projection in DuckDB; see :func:`graphlib_papers.engines.compute_edges`.

    Parameters
    ----------
    inputs : EdgeInput
        The three relations, as frames or Parquet paths.
    options : EdgeOptions
        The checked projection options.
    output : path, optional
        Write the sorted edge list to this Parquet file and return its path.
    memory_limit : str, optional
        DuckDB ``memory_limit`` (``"4GB"``); DuckDB's own default (80 % of RAM) if None.
    temp_directory : path, optional
        Where DuckDB spills; a private temporary folder (removed afterwards) if None.
    threads : int, optional
        DuckDB worker threads; all cores if None.
    connection : duckdb.DuckDBPyConnection, optional
        Run on this connection (its settings are left as they are).
    """
    duckdb = _duckdb()
    own_tmp = None
    con = connection
    if con is None:
        if temp_directory is None:
            own_tmp = tempfile.mkdtemp(prefix="graphlib-papers-duckdb-")
            temp_directory = own_tmp
        config: dict[str, Any] = {
            "temp_directory": os.fspath(temp_directory),
            "preserve_insertion_order": False,
        }
        if memory_limit is not None:
            config["memory_limit"] = str(memory_limit)
        if threads is not None:
            config["threads"] = int(threads)
        con = duckdb.connect(config=config)
    try:
        ships = _relation(inputs.authorships, "ships_in", con)
        if isinstance(inputs.authorships, str):
            # the inferred column is optional in a bare authorships file
            cols = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {ships}").fetchall()}
            if "inferred" not in cols:
                ships = f"(SELECT *, FALSE AS inferred FROM {ships})"
        papers = _relation(inputs.papers, "papers_in", con)
        authors = _relation(inputs.authors, "authors_in", con)
        sql = edge_sql(options, ships, papers, authors)
        if output is not None:
            out = Path(os.fspath(output))
            out.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY ({sql}) TO {_quote(str(out))} (FORMAT parquet)")
            return out
        df = con.execute(sql).df()
    finally:
        if connection is None:
            con.close()
        if own_tmp is not None:
            shutil.rmtree(own_tmp, ignore_errors=True)
    return edge_table(df)
