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


def _is_authorship_table(path: Path) -> bool:
    """A CSV in long form: one row per (paper, author), columns paper_id and author."""
    if path.suffix.lower() not in (".csv", ".tsv"):
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline()
    except OSError:
        return False
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    cols = {c.strip().strip('"').lower() for c in header.split(sep)}
    return {"paper_id", "author"} <= cols


def _read_authorship_table(path: Path, errors: str = "raise"):
    """A long CSV (paper_id, author, ...) as a Corpus; a row without a paper id or an
    author is raised or skipped (``errors``) with its file line in the load report."""
    import pandas as pd

    import graphlib_papers as gp
    from graphlib_papers.io._errors import Reporter
    from graphlib_papers.io.tabular import csv_rows

    rep = Reporter(errors)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    rows, lines = [], []
    for line, row in csv_rows(path, str(path), rep, False, delimiter):
        row = {str(k).lower(): (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        missing = [c for c in ("paper_id", "author") if not row.get(c)]
        if missing:
            rep.fail(
                f"row has no {' and no '.join(missing)}",
                source=str(path),
                line=line,
                record=",".join(str(v) for v in row.values() if v),
            )
            continue
        rows.append(row)
        lines.append(line)
    if not rows:
        rep.fail("no authorship rows", source=str(path), line=1)
        return None
    df = pd.DataFrame(rows).replace("", None)
    for col in df.columns:
        if col in ("paper_id", "author", "title", "author_key", "printed_name"):
            continue
        if col == "inferred":
            df[col] = df[col].astype(str).str.lower().isin(["true", "1", "yes"])
            continue
        try:
            df[col] = pd.to_numeric(df[col])
        except (ValueError, TypeError):
            pass
    corpus = gp.Corpus.from_authorships(df, source=path.name)
    return gp.Corpus(
        corpus.papers, corpus.authors, corpus.authorships, corpus.profiles, rep.frame(),
        corpus.merges,
    )


def read_inputs(paths: Sequence[str], *, errors: str = "raise", quiet: bool = False):
    """Read every input file into one corpus; no path means the bundled seed pages.

    Each file's format is sniffed (:func:`graphlib_papers.io.sniff.sniff_format`);
    profile pages are read together (so evidence from one page helps split another),
    a CSV with ``paper_id`` and ``author`` columns is read as an authorship table,
    every other file by :func:`graphlib_papers.read`; the corpora are then combined by
    :func:`graphlib_papers.concat_sources`, as ``gp.read`` combines several files.

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
        For unreadable input (ParseError names the file and line).
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> read_inputs([], quiet=True).n_papers
    93
    """
    from tqdm.auto import tqdm

    import graphlib_papers as gp
    from graphlib_papers.io.sniff import sniff_format

    if not paths:
        return gp.load_seeds(errors=errors)
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(q for q in p.iterdir() if q.is_file() and not q.name.startswith("."))
            )
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file")
    if not files:
        raise gp.OptionError(f"no input files in {', '.join(paths)}")
    groups: dict[str, list[Path]] = {}
    for f in files:
        fmt = "authorships" if _is_authorship_table(f) else sniff_format(f)[0]
        groups.setdefault(fmt, []).append(f)
    corpora = []
    with tqdm(total=len(files), desc="reading", unit="file", disable=quiet, leave=False) as bar:
        for fmt, group in groups.items():
            if fmt == "profile":
                try:
                    corpora.append(gp.read_profiles(*group, errors=errors))
                except (gp.GraphlibPapersError, OSError):
                    raise
                except Exception as err:  # a reader's fault on odd input: still one line
                    raise gp.ParseError(
                        f"could not be read ({type(err).__name__}: {err})",
                        source=", ".join(map(str, group)),
                    ) from None
                bar.update(len(group))
                continue
            for f in group:
                try:
                    if fmt == "authorships":
                        corpus = _read_authorship_table(f, errors)
                    else:
                        # no reader's progress bar under --quiet
                        extra = {"progress": False} if quiet else {}
                        corpus = gp.read(f, format=fmt, errors=errors, **extra)
                except (gp.GraphlibPapersError, OSError):
                    raise
                except Exception as err:  # a reader's fault on odd input: still one line
                    raise gp.ParseError(
                        f"could not be read ({type(err).__name__}: {err})", source=str(f)
                    ) from None
                if corpus is not None:
                    corpora.append(corpus)
                bar.update()
    if not corpora:
        raise gp.ParseError(f"no records read from {', '.join(paths)}")
    if len(corpora) == 1:
        return corpora[0]
    return gp.concat_sources(corpora)  # the combiner of gp.read, for every input kind


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
