"""The corpus tables as Parquet files: a lossless round trip, and the input of the scale engines.

A corpus written with :func:`write_parquet` is a folder::

    corpus/
      papers.parquet        index paper_id
      authors.parquet       index author_id
      authorships.parquet   one row per (paper, author), in corpus order
      profiles.parquet
      load_report.parquet
      merges.parquet
      splits.parquet        names split into people (``disambiguate=True``)
      corpus.json           format version, table row counts, tuple columns, name options

The DuckDB and Spark engines read ``authorships.parquet``, ``papers.parquet`` and
``authors.parquet`` directly, so a corpus too large for memory never has to be loaded
into pandas (:func:`graphlib_papers.engines.compute_edges`).
"""

from __future__ import annotations

import json
import os
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._store import FORMAT, FORMAT_VERSION, MANIFEST, TABLES, pyarrow_modules, write_corpus
from ..corpus import Corpus
from ..exceptions import SchemaError

__all__ = ["write_parquet", "read_parquet"]

def write_parquet(
    corpus: Corpus, path: str | PathLike, *, overwrite: bool = False, row_group_size: int = 1 << 20
) -> Path:
    """Write every table of a corpus to a folder of Parquet files.

    Parameters
    ----------
    corpus : Corpus
        The corpus to write.
    path : str or path-like
        Folder to create. Its contents are replaced only when `overwrite` is True.
    overwrite : bool, default False
        Replace the corpus files of an existing folder.
    row_group_size : int, default 2**20
        Rows per Parquet row group; the engines read one row group at a time, so this
        bounds their read buffers.

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    FileExistsError
        If the folder already holds a corpus and `overwrite` is False.
    SchemaError
        If a table holds values Parquet cannot store (Python objects other than scalars
        and tuples of scalars).
    MissingDependency
        If pyarrow is not installed.

    See Also
    --------
    read_parquet : the inverse.

    Notes
    -----
    Tuple columns (``labs``, ``sources``, ``variants``) are stored as Parquet lists and
    come back as tuples; timestamps are stored with microsecond precision (which Spark
    and DuckDB read) and come back with the corpus' dtype; other pandas dtypes
    (``Int64``, ``bool``, ``str``) travel in the pandas metadata of each file, so
    ``read_parquet(write_parquet(c, d)) == c`` holds table by table. Parquet and its
    column encodings are described in the Apache Parquet format specification [1]_.

    References
    ----------
    .. [1] Apache Software Foundation, "Apache Parquet format specification",
       https://parquet.apache.org/docs/file-format/

    Examples
    --------
    >>> import tempfile, graphlib_papers as gp
    >>> from graphlib_papers.io.parquet import write_parquet, read_parquet
    >>> seeds = gp.load_seeds()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     folder = write_parquet(seeds, d + "/seeds")
    ...     sorted(p.name for p in folder.iterdir())[:3]
    ...     read_parquet(folder) == seeds
    ['authors.parquet', 'authorships.parquet', 'corpus.json']
    True
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(f"write_parquet takes a Corpus, not {type(corpus).__name__}")
    return write_corpus(corpus, path, overwrite=overwrite, row_group_size=row_group_size)


def _read_table(
    folder: Path,
    name: str,
    tuple_cols: list[str],
    object_cols: list[str],
    datetime_cols: dict[str, str],
) -> pd.DataFrame:
    _, pq = pyarrow_modules()
    df = pq.read_table(folder / f"{name}.parquet").to_pandas()
    for col, dtype in datetime_cols.items():
        if col in df.columns and str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    for col in object_cols:
        # Arrow has no "object" type: give back the object column the corpus held
        if col in df.columns and df[col].dtype != object:
            values = df[col].astype(object)
            df[col] = values.where(values.notna(), None)
    for col in tuple_cols:
        df[col] = pd.Series(
            [tuple(v.tolist()) if isinstance(v, np.ndarray) else v for v in df[col]],
            index=df.index,
            dtype=object,
        )
    return df


def read_manifest(path: str | PathLike) -> dict[str, Any]:
    """The ``corpus.json`` manifest of a Parquet corpus folder, checked.

    Raises
    ------
    FileNotFoundError
        If `path` is not a folder holding ``corpus.json``.
    SchemaError
        If the manifest is not one this version of the library can read.
    """
    folder = Path(os.fspath(path))
    file = folder / MANIFEST
    if not file.is_file():
        raise FileNotFoundError(
            f"{folder} is not a Parquet corpus folder (no {MANIFEST}); "
            "write one with write_parquet(corpus, folder)"
        )
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{file}: not valid JSON ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise SchemaError(f"{file}: not a graphlib-papers corpus manifest")
    if manifest.get("version", 0) > FORMAT_VERSION:
        raise SchemaError(
            f"{file}: written by a newer graphlib-papers (format version "
            f"{manifest.get('version')}); upgrade to read it"
        )
    missing = [
        f"{t}.parquet"
        for t in ("papers", "authors", "authorships")
        if not (folder / f"{t}.parquet").is_file()
    ]
    if missing:
        raise SchemaError(f"{folder}: missing table file(s) {', '.join(missing)}")
    return manifest


def read_parquet(path: str | PathLike) -> Corpus:
    """Read a corpus folder written by :func:`write_parquet`.

    Parameters
    ----------
    path : str or path-like
        The folder.

    Returns
    -------
    Corpus
        Equal, table by table, to the corpus that was written.

    Raises
    ------
    FileNotFoundError
        If the folder holds no ``corpus.json``.
    SchemaError
        If the manifest or a table is not what the library writes (for example a
        table whose ids no longer match).
    MissingDependency
        If pyarrow is not installed.

    See Also
    --------
    write_parquet : the inverse.

    Notes
    -----
    The tables pass through the :class:`~graphlib_papers.Corpus` constructor, which
    validates them once more: a folder edited by hand with an authorship pointing at
    an unknown paper is refused with a :class:`~graphlib_papers.SchemaError`. The
    file format is Apache Parquet (the specification is cited in :func:`write_parquet`).

    Examples
    --------
    >>> import tempfile, graphlib_papers as gp
    >>> from graphlib_papers.io.parquet import write_parquet, read_parquet
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = read_parquet(write_parquet(gp.load_seeds(), d))
    >>> back
    <Corpus: 93 papers, ... authors, ... authorships>
    >>> bool(back.papers["labs"].map(type).eq(tuple).all())
    True
    """
    folder = Path(os.fspath(path))
    manifest = read_manifest(folder)
    tables: dict[str, pd.DataFrame | None] = {}
    for name in TABLES:
        info = manifest["tables"].get(name, {})
        if not (folder / f"{name}.parquet").is_file():
            tables[name] = None
            continue
        tables[name] = _read_table(
            folder,
            name,
            info.get("tuple_columns", []),
            info.get("object_columns", []),
            info.get("datetime_columns", {}),
        )
    options = manifest.get("name_options", {})
    name_options = {
        "aliases": dict(options.get("aliases", {})),
        "vetoes": [tuple(v) for v in options.get("vetoes", [])],
    }
    if options.get("disambiguate"):
        name_options["disambiguate"] = True
        for key in ("same", "different"):
            name_options[key] = [
                tuple(tuple(m) for m in pair) for pair in options.get(key, [])
            ]
    return Corpus(
        tables["papers"],
        tables["authors"],
        tables["authorships"],
        tables["profiles"],
        tables["load_report"],
        tables["merges"],
        name_options=name_options,
        splits=tables["splits"],
    )
