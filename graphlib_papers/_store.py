"""Writing the corpus tables to a folder of Parquet files (read back by io.parquet).

Kept apart from :mod:`graphlib_papers.io.parquet` (which reads folders back into a
:class:`~graphlib_papers.Corpus`) so that :meth:`Corpus.to_parquet` needs no import of
the reader.
"""

from __future__ import annotations

import json
import os
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from .exceptions import MissingDependency, SchemaError

__all__ = ["FORMAT", "FORMAT_VERSION", "TABLES", "MANIFEST", "pyarrow_modules", "write_corpus"]

FORMAT = "graphlib-papers-corpus"
FORMAT_VERSION = 1
TABLES = ("papers", "authors", "authorships", "profiles", "load_report", "merges", "splits")
MANIFEST = "corpus.json"


def pyarrow_modules():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is installed in the test env
        raise MissingDependency("pyarrow", extra="parquet") from exc
    return pa, pq


def _tuple_columns(df: pd.DataFrame) -> list[str]:
    """Object columns whose non-null values are all tuples (``labs``, ``variants``, ...)."""
    out = []
    for col in df.columns:
        if df[col].dtype != object:
            continue
        values = df[col].dropna()
        if len(values) and all(isinstance(v, tuple) for v in values):
            out.append(str(col))
    return out


def _to_arrow(df: pd.DataFrame, name: str, tuple_cols: list[str]):
    pa, _ = pyarrow_modules()
    df = df.copy()
    for col in tuple_cols:
        df[col] = [list(v) if isinstance(v, tuple) else v for v in df[col]]
    preserve = df.index.name is not None
    try:
        table = pa.Table.from_pandas(df, preserve_index=preserve)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaError(
            f"the {name} table cannot be written to Parquet: {exc}. Columns must hold "
            "scalars or tuples of scalars of one type."
        ) from exc
    for col in tuple_cols:
        field = table.schema.field(col)
        # an all-empty tuple column is inferred as list<null>; store it as list<string>
        if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            idx = table.schema.get_field_index(col)
            as_str = pa.list_(pa.string())
            table = table.set_column(idx, pa.field(col, as_str), table.column(col).cast(as_str))
    return table


def write_corpus(
    corpus: Any, path: str | PathLike, *, overwrite: bool = False, row_group_size: int = 1 << 20
) -> Path:
    """Write every table of `corpus` to folder `path` (as `write_parquet`)."""
    _, pq = pyarrow_modules()
    folder = Path(os.fspath(path))
    if (folder / MANIFEST).exists() and not overwrite:
        raise FileExistsError(f"{folder} already holds a corpus; pass overwrite=True to replace it")
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "tables": {},
        "name_options": {
            "aliases": dict(corpus._name_options.get("aliases", {})),
            "vetoes": [list(v) for v in corpus._name_options.get("vetoes", [])],
            **_split_options(corpus._name_options),
        },
    }
    for name in TABLES:
        df = getattr(corpus, f"_{name}")
        tuple_cols = _tuple_columns(df)
        table = _to_arrow(df, name, tuple_cols)
        # microsecond timestamps: nanosecond ones are refused by Spark's Parquet reader
        pq.write_table(
            table,
            folder / f"{name}.parquet",
            row_group_size=row_group_size,
            coerce_timestamps="us",
            allow_truncated_timestamps=False,
        )
        manifest["tables"][name] = {
            "rows": len(df),
            "tuple_columns": tuple_cols,
            "object_columns": _object_columns(df, tuple_cols),
            "datetime_columns": {
                str(c): str(df[c].dtype)
                for c in df.columns
                if pd.api.types.is_datetime64_any_dtype(df[c])
            },
        }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return folder


def _split_options(options: dict[str, Any]) -> dict[str, Any]:
    """The splitting options of a corpus as JSON (mentions as [paper_id, name] lists)."""
    if not options.get("disambiguate"):
        return {}
    return {
        "disambiguate": True,
        **{
            key: [[list(m) for m in pair] for pair in options.get(key) or ()]
            for key in ("same", "different")
        },
    }


def _object_columns(df: pd.DataFrame, tuple_cols: list[str]) -> list[str]:
    return [str(c) for c in df.columns if df[c].dtype == object and c not in tuple_cols]
