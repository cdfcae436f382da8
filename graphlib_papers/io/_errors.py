"""Shared error handling for readers: ``errors="raise" | "warn" | "skip"``, and the
record accounting that keeps the load promise checkable.

The promise: every record a reader saw lands in the corpus (a paper, or a
``duplicate`` row naming the paper it joined) or in the load report as a
``skipped`` row. A reader that counts (``Reporter(..., counted=True)``) calls
:meth:`Reporter.saw` once per record at its own format's record boundary (a ``TY``
line, a ``PMID-`` line, an ``@entry``, a CSV row, ...) and passes ``records=1`` to
every :meth:`Reporter.fail` that drops a record; :meth:`Reporter.check` then proves,
before the Corpus is returned, that nothing went missing in between. A mismatch is a
bug in the reader, not a problem of the file, and raises :class:`AccountingError`.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from ..exceptions import AccountingError, OptionError, ParseError, ParseWarning

_SURROGATE = re.compile("[\ud800-\udfff]")

__all__ = ["AccountingError", "ParseWarning", "Reporter", "check_errors"]

ERRORS = ("raise", "warn", "skip")


def check_errors(errors: str) -> str:
    if errors not in ERRORS:
        raise OptionError(f"errors must be one of {ERRORS}, not {errors!r}")
    return errors


@dataclass
class Reporter:
    """Collects load-report rows, applies the ``errors=`` policy and counts records.

    ``fail`` is for records that cannot be read (skipped unless ``errors="raise"``);
    ``repair`` for records kept after a fix (raised only under ``errors="raise"`` when
    ``strict``); ``note`` for flags that never raise (ambiguities, inferences).

    With ``counted=True`` the reader declares each record it sees (:meth:`saw`) and
    :meth:`check` compares that count, per source, with the papers, duplicates and
    skipped records that came out; every row must then also carry a line.
    """

    errors: str = "raise"
    counted: bool = False
    rows: list[tuple] = field(default_factory=list)
    seen: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)

    def _warn(self, source: str | None, line: int | None, reason: str) -> None:
        if self.errors == "warn":
            where = f"{source}, line {line}" if line is not None else str(source)
            warnings.warn(f"{where}: {reason}", ParseWarning, stacklevel=5)

    def saw(self, source: str, n: int = 1) -> None:
        """Count `n` records met at the format's record boundary in `source`."""
        self.seen[source] += n

    def joined(self, source: str) -> None:
        """A unit counted by :meth:`saw` turned out to be part of the record before it
        (a further row of a paper in a one-row-per-authorship table)."""
        self.seen[source] -= 1

    def _add(
        self,
        action: str,
        reason: str,
        source: str | None,
        line: int | None,
        record: str,
        records: int,
        *,
        raises: bool,
        warns: bool,
    ) -> None:
        """One load-report row (or the ParseError that replaces it under `raises`)."""
        if raises:
            if action == "repaired":  # the fix is known: say how to have it
                reason += ("; refused under errors='raise' (errors='warn' reads it so, with "
                           "a warning and a load-report row)")
            raise ParseError(reason, source=source, line=line)
        self.rows.append((source, line, action, reason, record[:200]))
        if records:
            self.skipped[source] += records
        if warns:
            self._warn(source, line, reason)

    def fail(
        self,
        reason: str,
        *,
        source: str | None,
        line: int | None,
        record: str = "",
        records: int = 0,
    ) -> None:
        """Skip something unreadable; ``records`` is how many seen records it drops."""
        raises = self.errors == "raise"
        self._add("skipped", reason, source, line, record, records, raises=raises, warns=True)

    def repair(
        self,
        reason: str,
        *,
        source: str | None,
        line: int | None,
        record: str = "",
        strict: bool = True,
    ) -> None:
        """Keep a record after a fix; raised under ``errors="raise"`` when `strict`."""
        raises = strict and self.errors == "raise"
        self._add("repaired", reason, source, line, record, 0, raises=raises, warns=True)

    def note(
        self,
        action: str,
        reason: str,
        *,
        source: str | None,
        line: int | None,
        record: str = "",
        records: int = 0,
    ) -> None:
        """A row that never raises; ``records`` is how many seen records it sets
        aside (records of a kind the reader does not turn into papers)."""
        self._add(action, reason, source, line, record, records, raises=False, warns=False)

    def more_latin1(self, source: str, numbers: list[int], what: str = "lines") -> None:
        """One ``repaired`` row for the lines (or rows) after the first that were not
        UTF-8 (the first has a row of its own); nothing when there are none."""
        if len(numbers) < 2:
            return
        shown = ", ".join(map(str, numbers[1:6])) + (", ..." if len(numbers) > 6 else "")
        self.repair(
            f"{len(numbers) - 1} more {what} not valid UTF-8 (lines {shown}); read as "
            "Windows-1252 (Latin-1)",
            source=source,
            line=numbers[1],
        )

    def empty_file(self, path: str | PathLike, source: str, *, what: str = "record file") -> bool:
        """True (after a ``fail``) when the file holds nothing but white space.

        One rule for every reader: an empty file raises :class:`ParseError` under
        ``errors="raise"``; under ``"warn"``/``"skip"`` it gives a ``skipped`` row
        (line 1) and no records.
        """
        path = Path(path)
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a directory, not a {what}")
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 16):
                if chunk.lstrip(b"\xef\xbb\xbf").strip():
                    return False
        self.fail(f"empty file: no records in this {what}", source=source, line=1)
        return True

    def check(self, kept: Counter, duplicates: Counter) -> None:
        """Raise :class:`AccountingError` unless, per source, the records seen equal
        the papers + duplicate rows + skipped records, and every row has a line.

        `kept` counts the records that became papers, `duplicates` those that joined
        an earlier paper (a ``duplicate`` row each).
        """
        if not self.counted:
            return
        for source in sorted(set(self.seen) | set(kept) | set(duplicates) | set(self.skipped)):
            seen = self.seen[source]
            papers, dup, skip = kept[source], duplicates[source], self.skipped[source]
            if seen != papers + dup + skip:
                raise AccountingError(
                    f"internal error: {source}: {seen} records seen but {papers + dup + skip} "
                    f"accounted for ({papers} papers, {dup} duplicates, {skip} skipped); "
                    "please report this file"
                )
        for source, line, action, reason, _ in self.rows:
            if line is None or line < 1:
                raise AccountingError(
                    f"internal error: {source}: load-report row without a line ({action}: {reason})"
                )

    def frame(self) -> pd.DataFrame:
        """The load report as a table; a text holding a lone surrogate (half of a
        character, as undecodable bytes are kept in memory) shows it as U+FFFD rather
        than make the table fail.

        Examples
        --------
        >>> rep = Reporter("skip")
        >>> rep.repair("odd bytes", source="a.csv", line=2, record="x" + chr(0xDC96) + "y")
        >>> rep.frame()["record"].tolist()
        ['x\ufffdy']
        """
        rows = self.rows
        try:
            df = pd.DataFrame(rows, columns=["source", "line", "action", "reason", "record"])
        except UnicodeEncodeError:
            rows = [tuple(_SURROGATE.sub("\ufffd", x) if isinstance(x, str) else x for x in row)
                    for row in rows]
            df = pd.DataFrame(rows, columns=["source", "line", "action", "reason", "record"])
        df["line"] = df["line"].astype("Int64")
        return df
