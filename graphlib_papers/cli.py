"""The ``graphlib-papers`` command (also ``python -m graphlib_papers``).

Subcommands::

    graphlib-papers report [INPUT ...] --out DIR     # no INPUT: the bundled seed pages
    graphlib-papers summary [INPUT ...]              # print the statistics table
    graphlib-papers export [INPUT ...] --out FILE    # .graphml .gexf .net .csv .vosviewer

Exit codes: 0 on success, 1 when the input is bad (one line naming the file and
line, no traceback), 2 for a usage error. Under ``--quiet`` nothing but that one
line reaches stderr: warnings and the parsing libraries' log messages are dropped
(every skipped or repaired record is in the corpus's load report).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main", "build_parser", "read_inputs"]

PROG = "graphlib-papers"


def read_inputs(paths: Sequence[str], *, errors: str = "raise", quiet: bool = False):
    """Read the command's inputs into one corpus; no path means the bundled seed pages.

    The inputs are read by :func:`graphlib_papers.read`: folders stand for their
    files, each file's format is sniffed, profile pages are read together, long
    authorship tables (``paper_id``, ``author``) by
    :func:`graphlib_papers.read_authorships`, and the corpora are combined by
    :func:`graphlib_papers.concat_sources`.

    Parameters
    ----------
    paths : sequence of str
        Files, or folders standing for the files in them.
    errors : {"raise", "warn", "skip"}
    quiet : bool
        No progress bar.

    Returns
    -------
    Corpus

    Raises
    ------
    GraphlibPapersError
        For unreadable input (ParseError names the file and line; any other fault of
        a reader on odd input is also a ParseError naming the file).
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> read_inputs([], quiet=True).n_papers
    93
    """
    import graphlib_papers as gp

    from .io.sniff import reading

    if not paths:
        return gp.load_seeds(errors=errors)
    with reading(", ".join(map(str, paths))):
        return gp.read(list(paths), errors=errors, progress=False if quiet else None)


def _years(text: str) -> tuple[int | None, int | None]:
    """Parse ``2020``, ``2018:2022``, ``:2015`` or ``2020:`` into an inclusive range."""
    lo, sep, hi = text.partition(":")
    try:
        start = int(lo) if lo.strip() else None
        end = (int(hi) if hi.strip() else None) if sep else start
    except ValueError:
        raise argparse.ArgumentTypeError(f"years must look like 2018:2022, not {text!r}") from None
    if start is None and end is None:
        raise argparse.ArgumentTypeError("give at least one year")
    return start, end


def _load(args):
    """The corpus the command works on: inputs read, then restricted to --years."""
    corpus = read_inputs(args.inputs, errors=args.errors, quiet=args.quiet)
    if getattr(args, "disambiguate", False):
        corpus = corpus.with_names(disambiguate=True)
    if args.years is not None:
        corpus = corpus.filter(years=args.years)
    return corpus


def _common(p: argparse.ArgumentParser, *, graph: bool = True) -> None:
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="record files or folders (default: the bundled seed pages)")
    p.add_argument("--errors", choices=("raise", "warn", "skip"), default="raise",
                   help="bad records: stop (raise, default), report and skip (warn), or skip")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars or messages")
    p.add_argument("--years", type=_years, metavar="FROM:TO",
                   help="keep papers of these years: 2020, 2018:2022, :2015 or 2020:")
    p.add_argument("--disambiguate", action="store_true",
                   help="split names printed by several people (shared co-authors, venues, "
                        "title words); every split is listed in the corpus' splits table")
    if graph:
        from ._check import WEIGHTINGS

        p.add_argument("--weighting", choices=WEIGHTINGS, default="count",
                       help="co-author edge weight (default: count)")


def _analysis(p: argparse.ArgumentParser) -> None:
    from .communities import COMMUNITY_METHODS

    p.add_argument("--method", choices=tuple(COMMUNITY_METHODS), default="auto",
                   help="community detection method (default: auto, python-louvain on "
                        "small networks and Leiden on large ones)")
    p.add_argument("--resolution", type=float, default=1.0,
                   help="modularity resolution (default: 1.0)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for communities, sampling and layouts (default: 0)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``graphlib-papers``.

    Examples
    --------
    >>> build_parser().parse_args(["report", "--out", "r"]).out
    'r'
    """
    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Co-authorship network analysis: publication records in, report out.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rep = sub.add_parser("report", help="write report.md, report.html and figures",
                         description="Write report.md, report.html (self-contained) and "
                                     "figures/*.png. Without INPUT, runs on the bundled seeds.")
    _common(rep)
    _analysis(rep)
    rep.add_argument("--out", default="report", metavar="DIR",
                     help="output folder (default: report)")
    rep.add_argument("--title", default="Co-authorship report")
    rep.add_argument("--top", type=int, default=10, help="length of the top lists")
    rep.add_argument("--labels", type=int, default=12, help="authors named on network figures")

    summ = sub.add_parser("summary", help="print corpus and network statistics",
                          description="Print the corpus and network statistics table.")
    _common(summ)
    summ.add_argument("--seed", type=int, default=0,
                      help="seed of what is sampled on large networks (default: 0)")

    exp = sub.add_parser("export", help="write the co-author graph for other tools",
                         description="Write the co-author graph; the format follows the "
                                     "extension of --out: .graphml .gexf .net .csv .vosviewer")
    _common(exp)
    _analysis(exp)
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument("--format", choices=("graphml", "gexf", "pajek", "csv", "vosviewer"),
                     help="override the format given by the extension")
    exp.add_argument("--communities", action="store_true",
                     help="add a 'community' node attribute (method, resolution, seed)")
    exp.add_argument("--raw-cells", action="store_true",
                     help="CSV/VOSviewer: write cells starting with = + - @ as they are "
                          "(by default they get a leading apostrophe, so spreadsheets do "
                          "not run them as formulas)")
    return parser


def _say(args, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


def _cmd_report(args) -> int:
    import graphlib_papers as gp

    corpus = _load(args)
    _say(args, f"{corpus!r}" + ("" if args.inputs else " (bundled seed pages)"))
    rep = gp.build_report(
        corpus, title=args.title, weighting=args.weighting, method=args.method,
        resolution=args.resolution, seed=args.seed, top_n=args.top, top_n_labels=args.labels,
        progress=not args.quiet,
    )
    paths = rep.write(args.out)
    _say(args, f"wrote {paths['html']}, {paths['markdown']} and {len(rep.figures)} figures "
               f"in {Path(args.out) / 'figures'}")
    for note in rep.notes:
        _say(args, f"note: {note}")
    return 0


def _cmd_summary(args) -> int:
    import pandas as pd

    import graphlib_papers as gp

    corpus = _load(args)
    net = gp.coauthor_matrix(corpus, weighting=args.weighting)
    stats = gp.network_summary(net, corpus, seed=args.seed)
    table = pd.Series(stats).astype(object) if not isinstance(stats, pd.Series) else stats
    width = max(len(str(k)) for k in table.index) if len(table) else 0
    lines = []
    for key, value in table.items():
        if isinstance(value, float):
            value = f"{value:.4g}"
        lines.append(f"{str(key):<{width}}  {value}")
    print("\n".join(lines))
    return 0


def _cmd_export(args) -> int:
    import networkx as nx

    import graphlib_papers as gp

    corpus = _load(args)
    net = gp.coauthor_matrix(corpus, weighting=args.weighting)
    G = gp.coauthor_graph(corpus, weighting=args.weighting)
    if args.communities and G.number_of_edges():
        res = gp.find_communities(net, method=args.method, resolution=args.resolution,
                                  seed=args.seed)
        nx.set_node_attributes(G, res.membership.to_dict(), "community")
    paths = gp.write_graph(G, args.out, format=args.format, escape_formulas=not args.raw_cells)
    _say(args, f"wrote {', '.join(map(str, paths))} ({G.number_of_nodes()} authors, "
               f"{G.number_of_edges()} links)")
    return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """One line per warning, without the source line Python would print."""
    from tqdm import tqdm

    text = " ".join(str(message).split())
    tqdm.write(f"{PROG}: warning: {text}", file=sys.stderr)  # clears an active progress bar


class _OneLineLog(logging.Handler):
    """Log records of the libraries the readers use (a BibTeX parser's notes on a
    block it gave up on) as one warning line each, or not at all under --quiet; the
    records themselves are in the load report."""

    def __init__(self, quiet: bool):
        super().__init__(logging.WARNING)
        self.quiet = quiet

    def emit(self, record: logging.LogRecord) -> None:
        if not self.quiet:
            _show_warning(record.getMessage(), UserWarning, record.pathname, record.lineno)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 for bad input (message on stderr, no traceback); 2 for a usage
        error (argparse).

    Examples
    --------
    >>> main(["summary", "--quiet"])  # doctest: +ELLIPSIS
    papers ...
    0
    """
    from .exceptions import GraphlibPapersError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    commands = {"report": _cmd_report, "summary": _cmd_summary, "export": _cmd_export}
    root = logging.getLogger()
    handler = _OneLineLog(args.quiet)
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers, root.level = [handler], logging.WARNING
    try:
        with warnings.catch_warnings():
            if args.quiet:
                warnings.simplefilter("ignore")
            else:
                warnings.simplefilter("always")
                warnings.showwarning = _show_warning
            return commands[args.command](args)
    except (GraphlibPapersError, OSError, ValueError) as err:
        message = " ".join(str(err).split()) or type(err).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    finally:
        root.handlers, root.level = saved_handlers, saved_level


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
