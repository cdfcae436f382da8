"""The co-author projection on Apache Spark: across machines.

The same relational plan as the DuckDB engine, written with the pyspark DataFrame API.
Input and output go through Parquet (pandas frames are written to a temporary folder
first), so nothing depends on Spark's pandas conversion and the job runs unchanged on
a cluster.

Running on a cluster
--------------------
Write the corpus once with :func:`graphlib_papers.io.parquet.write_parquet` to storage
every executor can read (HDFS, S3, a shared file system), build the session your
cluster needs and hand it in::

    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("spark://head:7077")      # or "yarn", "k8s://..."
             .config("spark.executor.memory", "8g").getOrCreate())
    gp.engines.compute_edges("spark", "s3a://bucket/corpus", spark=spark,
                             output="s3a://bucket/edges", weighting="newman")

With ``output=`` the edges are written as a Parquet folder by the executors and never
collected to the driver. Without a ``spark`` argument a local session
(``local[*]``) is started once per process and reused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import warnings
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from .._check import EDGE_COLUMNS
from ..exceptions import MissingDependency
from ._base import EdgeInput, EdgeOptions, edge_table

__all__ = ["spark_edges", "local_spark"]

_LOCAL: dict[str, Any] = {}


@contextlib.contextmanager
def _quiet():
    # pyspark warns on import and at each pandas-version check that pandas 3 is "not yet
    # fully supported"; the engine never converts through pandas, so the warning is moot.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark(\.|$)")
        warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support.*")
        yield


def _pyspark():
    try:
        with _quiet():
            import pyspark  # noqa: F401
            from pyspark.sql import functions as F
    except ImportError as exc:
        raise MissingDependency("pyspark", extra="spark") from exc
    return F


def local_spark(master: str = "local[*]", spark_conf: dict[str, str] | None = None):
    """A local SparkSession, started once per process and reused.

    Parameters
    ----------
    master : str, default "local[*]"
        Spark master URL.
    spark_conf : dict, optional
        Extra Spark configuration (``{"spark.driver.memory": "4g"}``).

    Raises
    ------
    MissingDependency
        If pyspark is not installed.
    RuntimeError
        If no Java runtime is found (Spark needs Java 17 or later).
    """
    _pyspark()
    key = master + repr(sorted((spark_conf or {}).items()))
    session = _LOCAL.get(key)
    if session is not None and session.sparkContext._jsc is not None:
        return session
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise RuntimeError(
            "Spark needs a Java runtime (17 or later): none found on PATH or JAVA_HOME"
        )
    with _quiet():
        from pyspark.sql import SparkSession

        builder = (
            SparkSession.builder.master(master)
            .appName("graphlib-papers")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.session.timeZone", "UTC")
        )
        for k, v in (spark_conf or {}).items():
            builder = builder.config(k, v)
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    _LOCAL[key] = session
    return session


def _to_parquet(frame: pd.DataFrame, path: Path) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return str(path)


def _year_filter(F, years: tuple | None):
    y = F.col("year")
    if years is None:
        return None
    if years[0] == "int":
        return y == years[1]
    if years[0] == "range":
        cond = y.isNotNull()
        if years[1] is not None:
            cond = cond & (y >= years[1])
        if years[2] is not None:
            cond = cond & (y <= years[2])
        return cond
    return y.isin(list(years[1])) if years[1] else F.lit(False)


def edge_frame(spark, inputs: EdgeInput, options: EdgeOptions, *, sort: bool = True):
    """The edge list as a (lazy) Spark DataFrame, sorted by (source, target) if `sort`.

    The steps are those of the projection contract in :mod:`graphlib_papers.graphs`.
    """
    F = _pyspark()
    with _quiet():
        ships = spark.read.parquet(inputs.authorships)
        if "inferred" not in ships.columns:
            ships = ships.withColumn("inferred", F.lit(False))
        papers = spark.read.parquet(inputs.papers).select(
            "paper_id",
            F.col("year").cast("int").alias("year"),
            F.coalesce(F.col("authors_truncated"), F.lit(False)).cast("long").alias("truncated"),
        )
        # steps 1-3: filters, duplicates, group authors
        raw = ships.select("paper_id", "author_id", "inferred").join(papers, "paper_id")
        if not options.include_inferred:
            raw = raw.where(~F.coalesce(F.col("inferred"), F.lit(False)))
        year = _year_filter(F, options.years)
        if year is not None:
            raw = raw.where(year)
        if options.removes_groups:
            groups = (
                spark.read.parquet(inputs.authors)
                .where(F.coalesce(F.col("is_group"), F.lit(False)))
                .select("author_id")
            )
            raw = raw.join(groups, "author_id", "left_anti")
        raw = raw.select("paper_id", "author_id", "truncated").dropDuplicates(
            ["paper_id", "author_id"]
        )
        # step 4: n_k and the cap
        sizes = raw.groupBy("paper_id").agg(F.count(F.lit(1)).alias("n"))
        if options.max_authors is not None:
            sizes = sizes.where(F.col("n") <= options.max_authors)
        kept = raw.join(sizes, "paper_id")
        # step 5: s_i
        occ = kept.groupBy("author_id").agg(F.count(F.lit(1)).alias("s"))
        # step 6: pairs
        ends = kept.where(F.col("n") >= 2)
        x = ends.select("paper_id", F.col("author_id").alias("source"), "n", "truncated")
        y = ends.select(F.col("paper_id").alias("pid"), F.col("author_id").alias("target"))
        pairs = x.join(y, (F.col("paper_id") == F.col("pid")) & (F.col("source") < F.col("target")))
        aggs = [
            F.count(F.lit(1)).alias("n_shared"),
            F.sum("truncated").alias("n_shared_truncated"),
        ]
        if options.weighting in ("newman", "fractional"):
            aggs.append(F.sum(F.lit(1.0) / (F.col("n") - 1)).alias("w_sum"))
        e = pairs.groupBy("source", "target").agg(*aggs)
        c = F.col("n_shared").cast("double")
        if options.weighting in ("association", "salton", "jaccard"):
            s_col = F.col("s")
            e = e.join(occ.select(F.col("author_id").alias("source"), s_col.alias("s_a")), "source")
            e = e.join(occ.select(F.col("author_id").alias("target"), s_col.alias("s_b")), "target")
            sa, sb = F.col("s_a").cast("double"), F.col("s_b").cast("double")
            weight = {
                "association": c / (sa * sb),
                "salton": c / F.sqrt(sa * sb),
                "jaccard": c / (sa + sb - c),
            }[options.weighting]
        elif options.weighting == "count":
            weight = c
        else:
            weight = F.col("w_sum")
        # step 7: weight, min_weight, order
        e = e.withColumn("weight", weight)
        if options.min_weight > 0:
            e = e.where(F.col("weight") >= options.min_weight)
        e = e.select(
            "source",
            "target",
            "weight",
            F.col("n_shared").cast("long").alias("n_shared"),
            F.col("n_shared_truncated").cast("long").alias("n_shared_truncated"),
        )
        return e.orderBy("source", "target") if sort else e


def spark_edges(
    inputs: EdgeInput,
    options: EdgeOptions,
    *,
    output: str | PathLike | None = None,
    spark: Any = None,
    master: str = "local[*]",
    spark_conf: dict[str, str] | None = None,
) -> pd.DataFrame | Path:
    """Run the projection on Spark; see :func:`graphlib_papers.engines.compute_edges`.

    Parameters
    ----------
    inputs, options
        As in :func:`graphlib_papers.engines.duckdb_engine.duckdb_edges`.
    output : path, optional
        Write the sorted edges as a Parquet folder here and return its path.
    spark : SparkSession, optional
        The session to run on (a cluster's); a reused local one if None.
    master, spark_conf
        For the local session (see :func:`local_spark`).
    """
    import pyarrow.parquet as pq

    session = spark if spark is not None else local_spark(master, spark_conf)
    tmp = None
    try:
        if not inputs.on_disk or not all(
            isinstance(t, str) for t in (inputs.papers, inputs.authors)
        ):
            tmp = Path(tempfile.mkdtemp(prefix="graphlib-papers-spark-"))
            inputs = EdgeInput(
                *(
                    t if isinstance(t, str) else _to_parquet(t, tmp / f"{name}.parquet")
                    for name, t in (
                        ("authorships", inputs.authorships),
                        ("papers", inputs.papers),
                        ("authors", inputs.authors),
                    )
                )
            )
        edges = edge_frame(session, inputs, options, sort=output is not None)
        if output is not None:
            out = os.fspath(output)
            with _quiet():
                edges.write.mode("overwrite").parquet(out)
            return Path(out)
        if tmp is None:
            tmp = Path(tempfile.mkdtemp(prefix="graphlib-papers-spark-"))
        with _quiet():
            # collected through Parquet (no pandas conversion in Spark); sorted below
            edges.write.mode("overwrite").parquet(str(tmp / "edges"))
        table = pq.read_table(tmp / "edges")
        df = table.to_pandas() if table.num_rows else pd.DataFrame(columns=EDGE_COLUMNS)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return edge_table(df, sort=True)
