"""The whole analysis as one report: tables and figures, in Markdown and in HTML.

:func:`build_report` runs the pipeline (co-author graph, centrality, communities,
labs, summaries, figures) and returns a :class:`Report`, whose tables are plain
DataFrames. :meth:`Report.to_markdown` and :meth:`Report.to_html` render it;
:func:`report` writes ``report.md``, ``report.html`` (self-contained: figures embedded
as base64 PNG, inline CSS, no network fetches) and the figures as PNG files.

Every string that comes from the data (names, titles, labs, file names) is escaped
in both renderings, so a name such as ``<script>`` is shown, never run.
"""

from __future__ import annotations

import base64
import html
import importlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._check import callable_module, draw_seed, warn_renamed
from .exceptions import GraphlibPapersError

__all__ = ["Report", "build_report", "write_report", "table_to_markdown", "table_to_html"]

_DPI = 150
# Above this many authors the report samples betweenness pivots and leaves closeness out.


# -- cell formatting -----------------------------------------------------------------
def _cell(value: Any) -> str:
    """Plain text of one table cell (not yet escaped)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.4g}"
    if isinstance(value, tuple | list | set | frozenset | np.ndarray | pd.Index):
        if len(value) > 12:
            return ", ".join(_cell(v) for v in list(value)[:10]) + f", … ({len(value)} in all)"
        if len(value) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return ", ".join(f"{_cell(a)} ({_cell(b)})" for a, b in value)
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _md_escape(text: str) -> str:
    text = html.escape(text, quote=False)
    for ch in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def _frame(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    if isinstance(table, pd.Series):
        table = table.to_frame(name=table.name if table.name is not None else "value")
    if not isinstance(table.index, pd.RangeIndex) or table.index.name is not None:
        table = table.reset_index()
    return table


def table_to_markdown(table: pd.DataFrame | pd.Series, *, max_rows: int | None = None) -> str:
    """A pipe table in Markdown, every cell escaped.

    Parameters
    ----------
    table : DataFrame or Series
        A named or non-default index becomes the first column.
    max_rows : int, optional
        Show at most this many rows and say how many were left out.

    Returns
    -------
    str

    Examples
    --------
    >>> print(table_to_markdown(pd.DataFrame({"name": ["<b>A|B</b>"], "n": [2.0]})))
    | name | n |
    |---|---|
    | &lt;b&gt;A\\|B&lt;/b&gt; | 2 |
    """
    df = _frame(table)
    more = 0
    if max_rows is not None and len(df) > max_rows:
        more = len(df) - max_rows
        df = df.iloc[:max_rows]
    head = "| " + " | ".join(_md_escape(str(c)) for c in df.columns) + " |"
    rule = "|" + "---|" * len(df.columns)
    rows = [
        "| " + " | ".join(_md_escape(_cell(v)) for v in row) + " |"
        for row in df.itertuples(index=False, name=None)
    ]
    out = "\n".join([head, rule, *rows])
    if more:
        out += f"\n\n*… {more} more rows not shown.*"
    return out


def table_to_html(table: pd.DataFrame | pd.Series, *, max_rows: int | None = None) -> str:
    """An HTML table, every header and cell escaped.

    Examples
    --------
    >>> table_to_html(pd.DataFrame({"name": ["<script>x</script>"]}))
    '<table><thead><tr><th>name</th></tr></thead><tbody><tr><td>&lt;script&gt;x&lt;/script&gt;</td></tr></tbody></table>'
    """
    df = _frame(table)
    more = 0
    if max_rows is not None and len(df) > max_rows:
        more = len(df) - max_rows
        df = df.iloc[:max_rows]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for v in row:
            num = isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
            cls = ' class="num"' if num else ""
            cells.append(f"<td{cls}>{html.escape(_cell(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if more:
        out += f'<p class="note">… {more} more rows not shown.</p>'
    return out


# -- the report object ------------------------------------------------------------------
@dataclass
class Figure:
    """One figure of a report: a file name, a caption and the PNG bytes."""

    name: str
    caption: str
    png: bytes


@dataclass
class Section:
    """A titled part of a report: paragraphs, tables, figures and notes, in order."""

    title: str
    blocks: list[tuple] = field(default_factory=list)

    def text(self, text: str) -> None:
        self.blocks.append(("text", text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def table(self, caption: str, df: pd.DataFrame | pd.Series, max_rows: int | None = 30):
        self.blocks.append(("table", caption, df, max_rows))

    def figure(self, fig: Figure) -> None:
        self.blocks.append(("figure", fig))


@dataclass
class Report:
    """A rendered-on-demand report: sections of tables and figures.

    Attributes
    ----------
    title : str
    sections : list of Section
    tables : dict of str to DataFrame
        Every table shown, by a short key (``"centrality"``, ``"communities"``, ...).
    figures : dict of str to Figure
        Every figure, by file name (``"network_communities.png"``, ...).
    graph : networkx.Graph
        The co-author graph analysed.
    communities : CommunityResult or None
    notes : list of str
        Sections that were skipped and why.
    """

    title: str
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    graph: Any = None  # the co-author network in matrix form (CoauthorMatrix)
    communities: Any = None
    notes: list[str] = field(default_factory=list)

    def to_markdown(self, *, figure_dir: str = "figures") -> str:
        """The report in Markdown; figures are linked as ``figure_dir/<name>``."""
        out = [f"# {_md_escape(self.title)}", ""]
        toc = [f"- {_md_escape(s.title)}" for s in self.sections]
        out += [*toc, ""]
        for sec in self.sections:
            out += [f"## {_md_escape(sec.title)}", ""]
            for block in sec.blocks:
                kind = block[0]
                if kind == "text":
                    out += [_md_escape(block[1]), ""]
                elif kind == "note":
                    out += [f"> {_md_escape(block[1])}", ""]
                elif kind == "table":
                    _, caption, df, max_rows = block
                    if caption:
                        out += [f"**{_md_escape(caption)}**", ""]
                    out += [table_to_markdown(df, max_rows=max_rows), ""]
                elif kind == "figure":
                    fig = block[1]
                    out += [f"![{_md_escape(fig.caption)}]({figure_dir}/{fig.name})", "",
                            f"*{_md_escape(fig.caption)}*", ""]
        return "\n".join(out).rstrip() + "\n"

    def to_html(self) -> str:
        """The report as one self-contained HTML page (figures embedded, no fetches)."""
        esc = html.escape
        parts = []
        nav = "".join(
            f'<li><a href="#s{i}">{esc(s.title)}</a></li>' for i, s in enumerate(self.sections)
        )
        for i, sec in enumerate(self.sections):
            parts.append(f'<section id="s{i}"><h2>{esc(sec.title)}</h2>')
            for block in sec.blocks:
                kind = block[0]
                if kind == "text":
                    parts.append(f"<p>{esc(block[1])}</p>")
                elif kind == "note":
                    parts.append(f'<p class="note">{esc(block[1])}</p>')
                elif kind == "table":
                    _, caption, df, max_rows = block
                    cap = f"<h3>{esc(caption)}</h3>" if caption else ""
                    body = table_to_html(df, max_rows=max_rows)
                    parts.append(f'{cap}<div class="tw">{body}</div>')
                elif kind == "figure":
                    fig = block[1]
                    data = base64.b64encode(fig.png).decode("ascii")
                    parts.append(
                        f'<figure><img alt="{esc(fig.caption)}" '
                        f'src="data:image/png;base64,{data}"/>'
                        f"<figcaption>{esc(fig.caption)}</figcaption></figure>"
                    )
            parts.append("</section>")
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
            f"<title>{esc(self.title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{esc(self.title)}</h1><nav><ul>{nav}</ul></nav>{''.join(parts)}"
            "</body></html>\n"
        )

    def write(self, out_dir: str | PathLike) -> dict[str, Path]:
        """Write ``report.md``, ``report.html`` and ``figures/*.png`` into `out_dir`.

        Returns
        -------
        dict
            ``{"markdown": path, "html": path, "<figure name>": path, ...}``.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        fig_dir = out / "figures"
        fig_dir.mkdir(exist_ok=True)
        paths: dict[str, Path] = {}
        for name, fig in self.figures.items():
            p = fig_dir / name
            p.write_bytes(fig.png)
            paths[name] = p
        md = out / "report.md"
        md.write_text(self.to_markdown(figure_dir="figures"), encoding="utf-8")
        page = out / "report.html"
        page.write_text(self.to_html(), encoding="utf-8")
        paths["markdown"], paths["html"] = md, page
        return paths

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return (
            f"<Report {self.title!r}: {len(self.sections)} sections, {len(self.tables)} tables, "
            f"{len(self.figures)} figures>"
        )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:2px solid #0072B2;padding-bottom:.2em}
h2{margin-top:2em;border-bottom:1px solid #ddd}
h3{font-size:1em;margin:1.2em 0 .4em}
nav ul{columns:2;font-size:.95em}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0 1em}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f6f9}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafafa}
.tw{overflow-x:auto}
figure{margin:1em 0}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#555}
.note{color:#7a4b00;background:#fff7e6;border-left:3px solid #E69F00;padding:.3em .6em}
"""


# -- building ---------------------------------------------------------------------------------
def _optional(module: str, name: str) -> Callable | None:
    """A function of another graphlib_papers module, or None while it does not exist."""
    try:
        mod = importlib.import_module(f"graphlib_papers.{module}")
    except ImportError:
        return None
    return getattr(mod, name, None)


def _png(ax) -> bytes:
    import matplotlib.pyplot as plt

    fig = ax.figure
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _source_name(value: Any) -> str:
    return Path(str(value)).name if value is not None and str(value) else ""


def _short(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _top_lists(centrality: pd.DataFrame, top: int) -> pd.DataFrame:
    measures = [c for c in centrality.columns if c != "name"]
    cols = {}
    for m in measures:
        vals = pd.to_numeric(centrality[m], errors="coerce")
        frame = pd.DataFrame({"v": vals, "id": centrality.index.astype(str)},
                             index=centrality.index)
        best = frame.sort_values(["v", "id"], ascending=[False, True]).index[:top]
        cols[m] = [f"{centrality.at[a, 'name']} ({_cell(vals[a])})" for a in best]
        cols[m] += [""] * (top - len(cols[m]))
    out = pd.DataFrame(cols, index=pd.RangeIndex(1, top + 1, name="rank"))
    return out


def _author_lab(corpus) -> pd.Series:
    """Each author's primary lab tag; authors without one are left out."""
    lab_membership = _optional("labs", "lab_membership")
    unknown = _optional("labs", "UNKNOWN_LAB")
    if lab_membership is not None:
        try:
            lm = lab_membership(corpus)
            col = next((c for c in ("primary_lab", "lab") if c in lm.columns), None)
            if col is not None:
                labs = lm[col].dropna()
                return labs[labs != (unknown or "unknown")].astype(str)
        except (GraphlibPapersError, AttributeError, KeyError):
            pass
    papers = corpus.papers[["labs"]].explode("labs").dropna()
    ships = corpus.authorships[["paper_id", "author_id"]].merge(
        papers.rename(columns={"labs": "lab"}), left_on="paper_id", right_index=True
    )
    if ships.empty:
        return pd.Series(dtype=object, name="lab")
    counts = ships.groupby(["author_id", "lab"]).size().rename("n").reset_index()
    counts = counts.sort_values(["author_id", "n", "lab"], ascending=[True, False, True])
    return counts.drop_duplicates("author_id").set_index("author_id")["lab"]


def _lab_palette(author_lab: pd.Series, corpus) -> dict[str, str]:
    """One colour per lab for every lab figure: labs ranked by papers, then by authors."""
    from .plotting import OTHER_COLOR, PALETTE

    papers = corpus.papers["labs"].explode().dropna().value_counts()
    authors = author_lab.value_counts()
    labs = sorted(set(papers.index) | set(authors.index),
                  key=lambda lab: (-papers.get(lab, 0), -authors.get(lab, 0), str(lab)))
    return {lab: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, lab in enumerate(labs)}


def _lab_data(corpus) -> tuple[Any, str]:
    """What the lab heatmap draws: the lab graph when available, else papers co-tagged."""
    lab_graph = _optional("labs", "lab_graph")
    if lab_graph is not None:
        try:
            LG = lab_graph(corpus)
            if isinstance(LG, nx.Graph):
                return LG, "shared papers + co-author links"
        except GraphlibPapersError:
            pass
    pairs = corpus.papers["labs"].explode().dropna()
    if pairs.empty:
        return pd.DataFrame(), "shared papers"
    inc = pd.crosstab(pairs.index, pairs.to_numpy())
    m = inc.T @ inc
    m.index.name = m.columns.name = None
    return m, "shared papers"


def _render_any(section: Section, caption: str, obj: Any, tables: dict, key: str) -> None:
    """Show whatever an analysis returned: tables as tables, scalars as a small table."""
    if isinstance(obj, pd.DataFrame | pd.Series):
        section.table(caption, obj)
        tables[key] = obj if isinstance(obj, pd.DataFrame) else obj.to_frame()
        return
    scalars, frames = {}, {}
    if isinstance(obj, dict):
        items = list(obj.items())
    elif hasattr(obj, "__dataclass_fields__"):
        items = [(f, getattr(obj, f)) for f in obj.__dataclass_fields__]
    elif hasattr(obj, "__dict__"):
        items = list(vars(obj).items())
    else:
        items = []
    for k, v in items:
        if isinstance(v, pd.DataFrame | pd.Series):
            frames[k] = v
        elif isinstance(v, int | float | str | bool | np.number):
            scalars[k] = v
    if scalars:
        section.table(caption, pd.Series(scalars, name="value", dtype=object).rename_axis(""))
    for k, v in frames.items():
        section.table(f"{caption}: {k}", v)
        tables[f"{key}_{k}"] = v if isinstance(v, pd.DataFrame) else v.to_frame()


def build_report(
    corpus,
    *,
    title: str = "Co-authorship report",
    weighting: str = "count",
    method: str = "auto",
    resolution: float = 1.0,
    seed: int | None = None,
    top: int = 10,
    labels: int = 12,
    progress: bool = False,
) -> Report:
    """Run the analysis on `corpus` and collect its tables and figures.

    Parameters
    ----------
    corpus : Corpus
    title : str, default "Co-authorship report"
    weighting : str, default "count"
        Edge weighting of :func:`graphlib_papers.coauthor_graph`.
    method : str, default "auto"
        Community method of :func:`graphlib_papers.find_communities`.
    resolution : float, default 1.0
    seed : int, optional
        Seed of community detection, sampled centralities and layouts; None draws one
        (the seed used is printed in the report).
    top : int, default 10
        Length of the centrality top lists.
    labels : int, default 12
        Authors named on the network figures.
    progress : bool, default False
        Show a tqdm progress bar on stderr.

    Returns
    -------
    Report

    Raises
    ------
    EmptyGraphError
        If the corpus has no authors.

    Notes
    -----
    Sections: corpus summary and profile pages; load report; network summary
    (Newman-style statistics [1]_); centrality top lists; communities (Louvain [2]_
    by default) with their sizes and members; lab clusters; papers per year. Figures:
    the network coloured by community and by lab, the ego network of the most central
    author, the degree distribution (log–log), community sizes, the lab-to-lab
    heatmap and papers per year by lab and by community. A section whose analysis is
    unavailable is replaced by a note saying why.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       PNAS 98(2), 404–409 (2001).
    .. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding
       of communities in large networks", J. Stat. Mech. P10008 (2008).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> rep = gp.build_report(gp.load_seeds(), labels=3)
    >>> rep.tables["corpus"].loc["papers", "value"]
    93
    >>> "network_communities.png" in rep.figures
    True
    """
    from tqdm.auto import tqdm

    from ._network import as_net
    from .centrality import author_centrality
    from .communities import find_communities
    from .exceptions import EmptyGraphError
    from .graphs import coauthor_matrix
    from .plotting import (
        focus_graph,
        network_layout,
        plot_community_sizes,
        plot_degree_distribution,
        plot_ego,
        plot_lab_heatmap,
        plot_network,
        plot_papers_per_year,
    )

    if corpus.n_authors == 0:
        raise EmptyGraphError("the corpus has no authors: nothing to report")
    seed = draw_seed(seed)
    rep = Report(title=title)
    bar = tqdm(total=4, disable=not progress, desc="report", unit="step", leave=False)

    def step(name: str) -> None:
        bar.set_postfix_str(name)

    # corpus -------------------------------------------------------------------------
    sec = Section("Corpus")
    summary = corpus.summary()
    rep.tables["corpus"] = summary.to_frame("value")
    sec.table("Summary", summary.rename("value").rename_axis("").to_frame(), max_rows=None)
    prof = corpus.profiles
    if len(prof):
        cols = [c for c in ("source", "owner_name", "owner_id", "owner_method", "owner_confidence",
                            "declared_papers", "parsed_papers") if c in prof.columns]
        shown = prof[cols].copy()
        shown["source"] = shown["source"].map(_source_name)
        rep.tables["profiles"] = shown
        sec.table("Profile pages", shown, max_rows=None)
    rep.sections.append(sec)

    sec = Section("Load report")
    lr = corpus.load_report
    if len(lr):
        shown = lr.assign(source=lr["source"].map(_source_name),
                          record=lr["record"].map(lambda r: _short(r or "", 60)))
        rep.tables["load_report"] = shown
        counts = shown.groupby("action").size().rename("records")
        sec.table("Records by action", counts, max_rows=None)
        sec.table("Records", shown, max_rows=50)
    else:
        sec.text("Every input record was read without repair.")
    rep.sections.append(sec)

    # graph -----------------------------------------------------------------------------
    step("co-author graph")
    G = coauthor_matrix(corpus, weighting=weighting)  # one network, every analysis on it
    net = as_net(G)
    rep.graph = G
    bar.update()
    sec = Section("Network")
    n_comp, comp = net.components()
    basic = pd.Series(
        {
            "weighting": weighting,
            "authors (nodes)": net.n,
            "co-author links (edges)": net.m,
            "connected components": n_comp,
            "largest component": int(np.bincount(comp).max()) if net.n else 0,
        },
        name="value",
        dtype=object,
    )
    rep.tables["graph"] = basic.to_frame()
    network_summary = _optional("stats", "network_summary")
    if network_summary is not None:
        try:
            ns = network_summary(corpus, net, seed=seed)
            if isinstance(ns, pd.Series):
                ns = ns.rename(index=lambda k: str(k).replace("_", " "))
            _render_any(sec, "Network statistics", ns, rep.tables, "network_summary")
        except Exception as err:  # noqa: BLE001 - a section must not sink the report
            sec.table("Network", basic.rename_axis(""), max_rows=None)
            note = f"network statistics skipped: {type(err).__name__}: {err}"
            sec.note(note)
            rep.notes.append(note)
    else:
        sec.table("Network", basic.rename_axis(""), max_rows=None)
        note = "network statistics skipped: network_summary is not available in this version"
        sec.note(note)
        rep.notes.append(note)
    rep.sections.append(sec)

    # centrality ---------------------------------------------------------------------------
    step("centrality")
    sec = Section("Most central authors")
    measures = ["degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank"]
    centrality = author_centrality(net, measures, seed=seed) if net.n else None
    k = centrality.attrs["pivots"] if centrality is not None else None
    bar.update()
    if centrality is not None and len(centrality):
        rep.tables["centrality"] = centrality
        size_col = "pagerank" if "pagerank" in centrality else "degree"
        sec.text(
            "Top authors by each measure (value in brackets). Betweenness and closeness read "
            "a strong tie as a short distance (1/weight)."
            + (
                f" The network is too large for exact shortest-path measures within the "
                f"budget: betweenness and closeness are estimated from {k} pivots per "
                f"component (seed {centrality.attrs['seed']}); their standard errors are "
                "in the centrality table."
                if k else ""
            )
        )
        sec.table(f"Top {top}", _top_lists(centrality, top), max_rows=None)
        size = centrality[size_col]
    else:
        size, size_col = None, "degree"
    rep.sections.append(sec)

    # communities ------------------------------------------------------------------------
    step("communities")
    sec = Section("Communities")
    result = None
    if net.m:
        result = find_communities(net, method=method, resolution=resolution, seed=seed)
        rep.communities = result
        sec.text(
            f"Method {result.method} (resolution {resolution:g}, seed {result.seed}): "
            f"{result.n_communities} communities, modularity {result.modularity:.4f}. "
            "Community 0 is the largest."
        )
        community_report = _optional("stats", "community_report") or _optional(
            "communities", "community_report"
        )
        table = None
        if community_report is not None:
            try:
                table = community_report(corpus, net, result)
            except Exception as err:  # noqa: BLE001
                note = f"community table skipped: {type(err).__name__}: {err}"
                sec.note(note)
                rep.notes.append(note)
        if table is None:
            table = _fallback_communities(result, centrality, size_col)
        rep.tables["communities"] = table
        sec.table("One row per community", _community_view(table), max_rows=40)
    else:
        sec.note("The graph has no edges: no communities to detect.")
    bar.update()
    rep.sections.append(sec)

    # labs ---------------------------------------------------------------------------------
    step("labs")
    sec = Section("Labs")
    author_lab = _author_lab(corpus)
    lab_data, lab_value = _lab_data(corpus)
    if len(author_lab):
        counts = author_lab.value_counts().rename("authors")
        counts.index.name = "lab"
        rep.tables["labs"] = counts.to_frame()
        sec.text(
            "Lab tags belong to papers; an author's lab is the tag most frequent on their "
            f"papers. {len(author_lab)} of {corpus.n_authors} authors have one."
        )
        sec.table("Authors per lab", counts, max_rows=25)
        for fname, module, caption in (
            ("lab_clusters", "labs", "Lab clusters"),
            ("labs_vs_communities", "labs", "Labs versus communities"),
        ):
            fn = _optional(module, fname)
            if fn is None:
                note = f"{caption.lower()} skipped: {fname} is not available in this version"
                sec.note(note)
                rep.notes.append(note)
                continue
            try:
                if fname == "lab_clusters":
                    obj = fn(corpus, net)
                elif result is not None:
                    obj = fn(result, corpus)
                else:
                    continue
                _render_any(sec, caption, obj, rep.tables, fname)
            except Exception as err:  # noqa: BLE001
                note = f"{caption.lower()} skipped: {type(err).__name__}: {err}"
                sec.note(note)
                rep.notes.append(note)
    else:
        sec.text("No paper in the corpus carries a lab tag.")
    bar.update()
    rep.sections.append(sec)

    # figures ----------------------------------------------------------------------------------
    step("figures")
    lab_colors = _lab_palette(author_lab, corpus)
    # each figure goes to the section it illustrates
    figs: list[tuple[str, str, str, Callable]] = []
    if net.n:
        drawn = focus_graph(net, size=size)  # one focus and one layout for both network maps
        drawn_pos = network_layout(drawn, seed=seed)
        coloured = f"coloured by community ({method}, seed {seed}); " if result else ""
        figs.append((
            "Communities" if result is not None else "Network", "network_communities.png",
            f"Co-author network {coloured}node size {size_col}; the {labels} most central "
            "authors named; squares are group authors.",
            lambda: plot_network(drawn, pos=drawn_pos, color=result, size=size, labels=labels, seed=seed,
                                 legend_title="community" if result is not None else None,
                                 title="Co-author network by community" if result is not None
                                 else "Co-author network"),
        ))
        if len(author_lab):
            figs.append((
                "Labs", "network_labs.png",
                "Co-author network coloured by each author's most frequent lab tag "
                "(grey: no tag).",
                lambda: plot_network(drawn, pos=drawn_pos, color=author_lab, size=size, labels=labels, seed=seed,
                                     legend_title="lab", title="Co-author network by lab",
                                     palette=lab_colors),
            ))
        if size is not None and len(size):
            frame = pd.DataFrame({"v": size, "id": size.index.astype(str)})
            star = frame.sort_values(["v", "id"], ascending=[False, True]).index[0]
            star_name = net.names[net.index.get_loc(star)]
            figs.append((
                "Most central authors", "ego_network.png",
                f"Ego network of {star_name}, the author with the highest {size_col}.",
                lambda: plot_ego(net, star, color=result, size=size, seed=seed),
            ))
        figs.append((
            "Network", "degree_distribution.png",
            "Number of co-authors per author, log–log: P(k) and the cumulative P(K ≥ k).",
            lambda: plot_degree_distribution(net),
        ))
    if result is not None:
        figs.append(("Communities", "community_sizes.png", "Authors per community.",
                     lambda: plot_community_sizes(result)))
    if len(lab_data) > 1:
        figs.append((
            "Labs", "lab_heatmap.png",
            f"Collaboration between labs ({lab_value}); papers per lab in brackets.",
            lambda: plot_lab_heatmap(lab_data, value_label=lab_value),
        ))
    if corpus.papers["year"].notna().any():
        figs.append(("Labs", "papers_per_year_lab.png", "Papers per year by lab tag.",
                     lambda: plot_papers_per_year(corpus, by="lab", palette=lab_colors)))
        if result is not None:
            figs.append((
                "Communities", "papers_per_year_community.png",
                "Papers per year by community (a paper goes to the community of most of its "
                "authors).",
                lambda: plot_papers_per_year(corpus, by="community", membership=result.membership),
            ))
    sections = {s.title: s for s in rep.sections}
    bar.total += len(figs)
    bar.refresh()
    for target, name, caption, draw in figs:
        bar.set_postfix_str(name)
        fig = Figure(name, caption, _png(draw()))
        rep.figures[name] = fig
        sections[target].figure(fig)
        bar.update()
    bar.close()
    if rep.notes:
        notes = Section("Notes")
        for n in rep.notes:
            notes.note(n)
        rep.sections.append(notes)
    return rep


def _community_view(table: pd.DataFrame) -> pd.DataFrame:
    """The community table as shown: ids dropped, years as a range, titles shortened."""
    view = table.copy()
    if view.index.name is not None:
        view = view.reset_index()
    view = view.drop(columns=[c for c in view.columns if str(c).endswith("_ids")])
    if {"year_min", "year_max"} <= set(view.columns):
        lo, hi = view.pop("year_min"), view.pop("year_max")
        years = [
            "" if pd.isna(a) else f"{a}" if a == b else f"{a}–{b}"
            for a, b in zip(lo, hi, strict=True)
        ]
        view.insert(min(3, len(view.columns)), "years", years)
    if "representative_papers" in view.columns:
        view["representative_papers"] = [
            "; ".join(_short(t, 60) for t in v) if isinstance(v, tuple | list) else v
            for v in view["representative_papers"]
        ]
    for col in ("internal_weight", "external_weight"):
        if col in view.columns:
            view = view.drop(columns=col)
    return view.rename(columns=lambda c: str(c).replace("_", " "))


def _fallback_communities(result, centrality: pd.DataFrame | None, size_col: str) -> pd.DataFrame:
    membership = result.membership
    sizes = membership.value_counts().sort_index()
    rows = []
    for label, n in sizes.items():
        members = membership.index[membership == label]
        if centrality is not None and size_col in centrality:
            sub = centrality.loc[members]
            frame = pd.DataFrame({"v": sub[size_col], "id": sub.index.astype(str)})
            best = frame.sort_values(["v", "id"], ascending=[False, True]).index[:5]
            names = [centrality.at[a, "name"] for a in best]
        else:
            names = sorted(members)[:5]
        rows.append({"community": label, "size": int(n), "top authors": ", ".join(names)})
    return pd.DataFrame(rows)


def write_report(corpus, out_dir: str | PathLike, **kwargs) -> Report:
    """Write the whole report for `corpus` into `out_dir`.

    Writes ``report.md``, ``report.html`` (one self-contained file: figures embedded as
    base64 PNG, no network fetches, every user string escaped) and ``figures/*.png``.

    Parameters
    ----------
    corpus : Corpus
    out_dir : str or path-like
        Created when missing.
    **kwargs
        Passed to :func:`build_report` (``weighting``, ``method``, ``seed``, ...).

    Returns
    -------
    Report
        The report written; its files are ``out_dir/report.md``,
        ``out_dir/report.html`` and ``out_dir/figures/<name>`` for each name in
        ``report.figures``.

    See Also
    --------
    build_report

    Examples
    --------
    >>> import graphlib_papers as gp, tempfile, pathlib
    >>> toy = gp.Corpus.from_authorships(pd.DataFrame({
    ...     "paper_id": ["p1", "p1", "p2", "p2"], "year": [2020, 2020, 2021, 2021],
    ...     "author": ["Ada Lovelace", "Charles Babbage", "Ada Lovelace", "Mary Somerville"]}))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     rep = gp.write_report(toy, d, labels=3)
    ...     sorted(p.name for p in pathlib.Path(d).iterdir())
    ['figures', 'report.html', 'report.md']
    """
    rep = build_report(corpus, **kwargs)
    rep.write(out_dir)
    return rep


def report(corpus, out_dir: str | PathLike, **kwargs) -> Report:
    """Deprecated name of :func:`write_report` (removed in the next release)."""
    warn_renamed("graphlib_papers.report.report()", "graphlib_papers.write_report()")
    return write_report(corpus, out_dir, **kwargs)


# ``gp.report`` is this module; calling it still writes a report, with a FutureWarning
callable_module(__name__, write_report, "report")
