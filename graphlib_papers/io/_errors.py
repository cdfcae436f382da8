"""Shared error handling for readers: ``errors="raise" | "warn" | "skip"``."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import ParseError

__all__ = ["ParseWarning", "Reporter", "check_errors"]

ERRORS = ("raise", "warn", "skip")


class ParseWarning(UserWarning):
    """Emitted under ``errors="warn"`` for every skipped or repaired record."""


def check_errors(errors: str) -> str:
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {ERRORS}, not {errors!r}")
    return errors


@dataclass
class Reporter:
    """Collects load-report rows and applies the ``errors=`` policy.

    ``fail`` is for records that cannot be read (skipped unless ``errors="raise"``);
    ``repair`` for records kept after a fix (raised only under ``errors="raise"`` when
    ``strict``); ``note`` for flags that never raise (ambiguities, inferences).
    """

    errors: str = "raise"
    rows: list[tuple] = field(default_factory=list)

    def _warn(self, source: str | None, line: int | None, reason: str) -> None:
        if self.errors == "warn":
            where = f"{source}, line {line}" if line is not None else str(source)
            warnings.warn(f"{where}: {reason}", ParseWarning, stacklevel=4)

    def fail(self, reason: str, *, source: str | None, line: int | None, record: str = "") -> None:
        if self.errors == "raise":
            raise ParseError(reason, source=source, line=line)
        self.rows.append((source, line, "skipped", reason, record[:200]))
        self._warn(source, line, reason)

    def repair(
        self, reason: str, *, source: str | None, line: int | None, record: str = "", strict: bool = True
    ) -> None:
        if strict and self.errors == "raise":
            raise ParseError(reason, source=source, line=line)
        self.rows.append((source, line, "repaired", reason, record[:200]))
        self._warn(source, line, reason)

    def note(self, action: str, reason: str, *, source: str | None, line: int | None, record: str = "") -> None:
        self.rows.append((source, line, action, reason, record[:200]))

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=["source", "line", "action", "reason", "record"])
        df["line"] = df["line"].astype("Int64")
        return df
