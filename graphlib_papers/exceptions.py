"""The exception and warning family of graphlib_papers.

Every error the library raises on purpose derives from :class:`GraphlibPapersError`
and also from the matching built-in, so ``except ValueError`` keeps working; every
warning derives from :class:`GraphlibPapersWarning` (a ``UserWarning``).

Examples
--------
>>> import graphlib_papers as gp
>>> [issubclass(e, ValueError) for e in (gp.ParseError, gp.SchemaError, gp.GraphInputError)]
[True, True, True]
>>> issubclass(gp.ParseWarning, gp.GraphlibPapersWarning)
True
"""

from __future__ import annotations

__all__ = [
    "GraphlibPapersError",
    "ParseError",
    "SchemaError",
    "EmptyGraphError",
    "GraphInputError",
    "OptionError",
    "ConvergenceError",
    "AccountingError",
    "MissingDependency",
    "GraphlibPapersWarning",
    "ParseWarning",
    "LargeGraphWarning",
]


class GraphlibPapersError(Exception):
    """Base class of every error raised by graphlib_papers."""


class ParseError(GraphlibPapersError, ValueError):
    """An input record could not be read.

    Parameters
    ----------
    message : str
        What is wrong, in words a user can act on.
    source : str, optional
        The file (or other source name) at fault.
    line : int, optional
        1-based line number in `source`.

    Examples
    --------
    >>> err = ParseError("no author line", source="page.txt", line=12)
    >>> str(err)
    'page.txt, line 12: no author line'
    >>> (err.source, err.line, isinstance(err, ValueError))
    ('page.txt', 12, True)
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.reason = message
        self.source = source
        self.line = line
        where = ", ".join(
            part
            for part in (source, f"line {line}" if line is not None else None)
            if part is not None
        )
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self):
        # keep .source and .line across processes (parallel readers)
        return (_parse_error, (self.reason, self.source, self.line))


def _parse_error(reason: str, source: str | None, line: int | None) -> ParseError:
    return ParseError(reason, source=source, line=line)


class SchemaError(GraphlibPapersError, ValueError):
    """A table handed to the library lacks a column or holds values of the wrong kind."""


class GraphInputError(GraphlibPapersError, ValueError):
    """A network handed to an analysis is not a valid co-author network.

    Directed graphs, multigraphs, a non-square or asymmetric matrix, an index that does
    not fit the matrix, negative or non-numeric weights.

    Examples
    --------
    >>> import networkx as nx, graphlib_papers as gp
    >>> try:
    ...     gp.author_centrality(nx.DiGraph([(1, 2)]))
    ... except ValueError as err:
    ...     print(type(err).__name__, "-", err)
    GraphInputError - co-authorship is symmetric: pass an undirected graph (G.to_undirected())
    """


class OptionError(GraphlibPapersError, ValueError):
    """An argument has a value the function does not accept.

    An unknown measure, method, weighting or export format, a count below its minimum,
    an author or community that is not in the network, a folder that does not exist.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> try:
    ...     gp.coauthor_matrix(gp.load_seeds(), weighting="cosine")
    ... except ValueError as err:
    ...     print(type(err).__name__)
    OptionError
    """


class ConvergenceError(GraphlibPapersError, RuntimeError):
    """An iterative computation (PageRank, eigenvector centrality) did not converge."""


class AccountingError(GraphlibPapersError, RuntimeError):
    """A reader lost or invented records between reading a file and the Corpus.

    Raised when the records a reader counted at its format's record boundary differ
    from the papers, duplicates and skipped records that came out, or when a
    load-report row names no line. This is a bug in the reader, not a problem of the
    file, so no ``errors=`` setting hides it (it is deliberately not a
    :class:`ParseError`); please report the file that caused it.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> issubclass(gp.AccountingError, gp.GraphlibPapersError), issubclass(
    ...     gp.AccountingError, RuntimeError)
    (True, True)
    """


class EmptyGraphError(GraphlibPapersError, ValueError):
    """An analysis that needs nodes or edges was given an empty graph."""


class MissingDependency(GraphlibPapersError, ImportError):
    """An optional dependency is not installed.

    The message always carries the exact ``pip install`` line that fixes it.

    Examples
    --------
    >>> str(MissingDependency("pyarrow", extra="parquet"))
    "pyarrow is required for this feature: pip install 'graphlib-papers[parquet]'"
    """

    def __init__(self, package: str, *, extra: str | None = None):
        self.package = package
        self.extra = extra
        hint = f"pip install 'graphlib-papers[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"{package} is required for this feature: {hint}")


class GraphlibPapersWarning(UserWarning):
    """Base class of every warning issued by graphlib_papers."""


class ParseWarning(GraphlibPapersWarning):
    """Emitted by readers under ``errors="warn"`` for every skipped or repaired record."""


class LargeGraphWarning(GraphlibPapersWarning):
    """An exact computation was forced on a graph large enough to take hours.

    Exact betweenness and closeness visit every pair of authors (Brandes' algorithm is
    O(nm)). :func:`graphlib_papers.author_centrality` keeps them within its path budget
    by sampling pivots; this warning is raised only when the budget is switched off
    (``budget=None``) above ``EXACT_PATH_LIMIT`` authors.
    """
