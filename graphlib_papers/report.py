"""The whole analysis as one report: tables and figures, in Markdown and in HTML.

:func:`build_report` runs the pipeline (co-author graph, centrality, communities,
labs, summaries, figures) and returns a :class:`Report`, whose tables are plain
DataFrames. Each section has its own small builder (``_section_*``) working from the
analysis computed once; :meth:`Report.to_markdown` and :meth:`Report.to_html` render
the sections. :func:`report` writes ``report.md``, ``report.html`` (self-contained:
figures embedded as base64 PNG, inline CSS, the interactive network's scripts and data
inlined, no network fetches) and the figures as PNG files.

Every string that comes from the data (names, titles, labs, file names) is escaped
in both renderings, so a name such as ``<script>`` is shown, never run.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._check import callable_module, draw_seed, renamed_keywords, top_keys, warn_renamed
from .exceptions import GraphlibPapersError

__all__ = ["Report", "build_report", "write_report", "table_to_markdown", "table_to_html"]

_DPI = 150


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

    def key_figures(self, figures: pd.Series) -> None:
        """Headline numbers: cards in HTML, a two-column table in Markdown."""
        self.blocks.append(("key_figures", figures))

    def interactive(self, view: Any, caption: str) -> None:
        """An interactive network (a :class:`graphlib_papers.NetworkView`): drawn with
        sigma.js in HTML; Markdown says where to find it."""
        self.blocks.append(("interactive", view, caption))


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
    graph : CoauthorMatrix
        The co-author network analysed, in matrix form (``graph.to_networkx()`` gives
        the networkx Graph).
    communities : CommunityResult or None
    notes : list of str
        Sections that were skipped and why.
    views : dict of str to NetworkView
        The interactive views (``"network"``), as tables of nodes and edges.
    """

    title: str
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    graph: Any = None
    communities: Any = None
    notes: list[str] = field(default_factory=list)
    views: dict[str, Any] = field(default_factory=dict)

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
                elif kind == "key_figures":
                    out += [table_to_markdown(block[1].rename_axis(""), max_rows=None), ""]
                elif kind == "interactive":
                    out += [f"> {_md_escape(block[2])}", ""]
        return "\n".join(out).rstrip() + "\n"

    def to_html(self) -> str:
        """The report as one self-contained HTML page.

        Figures are embedded as PNG data; the interactive network inlines its scripts
        (sigma.js, graphology, shipped with this package) and its data, so the page
        fetches nothing when opened.
        """
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
                elif kind == "key_figures":
                    cards = "".join(
                        f'<div class="kf"><b>{esc(_cell(v))}</b><span>{esc(str(k))}</span></div>'
                        for k, v in block[1].items()
                    )
                    parts.append(f'<div class="kfs">{cards}</div>')
                elif kind == "interactive":
                    from .interactive import network_html

                    parts.append(network_html(block[1]))
                    parts.append(f'<p class="cap">{esc(block[2])}</p>')
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
.kfs{display:grid;grid-template-columns:repeat(auto-fill,minmax(12em,1fr));gap:.6em;margin:1em 0}
.kf{border:1px solid #dde5ee;border-radius:6px;padding:.5em .7em;background:#f7fafc}
.kf b{display:block;font-size:1.15em;color:#0b3d63}
.kf span{font-size:.85em;color:#555}
.cap{font-size:.9em;color:#555;margin-top:0}
"""


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
        best = top_keys(vals, top)
        cols[m] = [f"{centrality.at[a, 'name']} ({_cell(vals[a])})" for a in best]
        cols[m] += [""] * (top - len(cols[m]))
    out = pd.DataFrame(cols, index=pd.RangeIndex(1, top + 1, name="rank"))
    return out


def _author_lab(corpus) -> pd.Series:
    """Each author's primary lab tag; authors without one are left out."""
    from .labs import UNKNOWN_LAB, lab_membership

    lm = lab_membership(corpus)
    labs = lm["primary_lab"].dropna()
    return labs[labs != UNKNOWN_LAB].astype(str)


def _lab_palette(author_lab: pd.Series, corpus) -> dict[str, str]:
    """One colour per lab for every lab figure: labs ranked by papers, then by authors."""
    from .plotting import OTHER_COLOR, PALETTE

    papers = corpus.papers["labs"].explode().dropna().value_counts()
    authors = author_lab.value_counts()
    labs = sorted(set(papers.index) | set(authors.index),
                  key=lambda lab: (-papers.get(lab, 0), -authors.get(lab, 0), str(lab)))
    return {lab: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, lab in enumerate(labs)}


def _lab_data(corpus) -> tuple[Any, str]:
    """What the lab heatmap draws: the lab-to-lab collaboration graph."""
    from .labs import lab_graph

    return lab_graph(corpus), "shared papers + co-author links"


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


# -- building: the analysis once, then one small builder per section ----------------------------
@dataclass
class _Analysis:
    """Everything the section builders share, computed once by :func:`build_report`."""

    corpus: Any
    net: Any  # the network in canonical form (from the matrix form): every analysis runs on it
    n_papers: pd.Series  # papers per author
    seed: int
    weighting: str
    method: str
    resolution: float
    top_n: int
    top_n_labels: int
    centrality: pd.DataFrame | None = None
    pivots: int | None = None
    size: pd.Series | None = None
    size_col: str = "degree"
    result: Any = None
    communities: pd.DataFrame | None = None
    terms: pd.DataFrame | None = None
    names: pd.Series | None = None
    author_lab: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    lab_colors: dict = field(default_factory=dict)
    max_nodes: int = 2000
    drawn: Any = None  # the focus of the static network maps, one layout for both
    drawn_pos: Any = None


def _figure(rep: Report, sec: Section, name: str, caption: str, draw: Callable) -> None:
    fig = Figure(name, caption, _png(draw()))
    rep.figures[name] = fig
    sec.figure(fig)


def _skip(rep: Report, sec: Section, what: str, err: Exception) -> None:
    note = f"{what} skipped: {err}"
    sec.note(note)
    rep.notes.append(note)


def _component_sizes(net) -> np.ndarray:
    """Authors per connected component."""
    k, labels = net.components()
    return np.bincount(labels, minlength=k) if net.n else np.zeros(0, dtype=np.int64)


def _key_figures(a: _Analysis) -> pd.Series:
    """The report's header: what a reader wants to know first, as one Series."""
    corpus, net = a.corpus, a.net
    papers = corpus.papers
    n_papers = len(papers)
    truncated = int(papers["authors_truncated"].fillna(False).astype(bool).sum()) if (
        "authors_truncated" in papers) else 0
    comps = _component_sizes(net)
    warnings = len(corpus.load_report)
    by_action = corpus.load_report.groupby("action").size() if warnings else pd.Series(dtype=int)
    figures = {
        "papers": n_papers,
        "authors": net.n,
        "co-author links": net.m,
        "connected components": len(comps),
        "largest component": (
            f"{comps.max()} authors ({comps.max() / net.n:.0%})" if len(comps) else "0"
        ),
        "communities": (
            f"{a.result.n_communities} (modularity {a.result.modularity:.2f})"
            if a.result is not None else "none (no links)"
        ),
        "truncated author lists": (
            f"{truncated} of {n_papers} papers ({truncated / n_papers:.0%})" if n_papers else "0"
        ),
        "data warnings": (
            f"{warnings} load-report rows ("
            + ", ".join(f"{n} {k}" for k, n in by_action.items()) + ")"
            if warnings else "none"
        ),
    }
    return pd.Series(figures, name="value", dtype=object)


def _section_key_figures(rep: Report, a: _Analysis) -> Section:
    sec = Section("Key figures")
    figures = _key_figures(a)
    rep.tables["key_figures"] = figures.to_frame()
    sec.key_figures(figures)
    sec.text(
        f"Co-author links are weighted by {a.weighting!r}; communities are found by "
        f"{a.method} (resolution {a.resolution:g}, seed {a.seed}). An author list that "
        "ends in “et al.” hides co-authors, so links from such papers are a sample."
    )
    return sec


def _section_network(rep: Report, a: _Analysis) -> Section:
    from .interactive import network_view
    from .plotting import plot_network

    sec = Section("Network")
    result = a.result
    labels = {} if a.names is None else {c: f"community {c}: {n}" for c, n in a.names.items()}
    view = network_view(a.net, communities=result, size=a.size, max_nodes=a.max_nodes,
                        seed=a.seed, labels=labels, n_papers=a.n_papers)
    rep.views["network"] = view
    sec.interactive(
        view,
        "Interactive network (report.html): search an author, hover for their papers "
        "and top co-authors, scroll to zoom. Colour: community; size: "
        f"{view.size_by}; link width: weight."
        + (f" Shown: {view.focus}." if view.focus else ""),
    )
    coloured = f"coloured by community ({a.method}, seed {a.seed}); " if result else ""
    _figure(
        rep, sec, "network_communities.png",
        f"Co-author network {coloured}node size {a.size_col}; the {a.top_n_labels} most central "
        "authors named; squares are group authors.",
        lambda: plot_network(a.drawn, pos=a.drawn_pos, color=result, size=a.size,
                             top_n_labels=a.top_n_labels, seed=a.seed,
                             legend_title="community" if result is not None else None,
                             title="Co-author network by community" if result is not None
                             else "Co-author network"),
    )
    return sec


def _community_summary(a: _Analysis) -> pd.DataFrame:
    """One row per community: name, size, papers, years, labs, distinctive words, authors."""
    table = a.communities
    view = pd.DataFrame(index=table.index)
    view["name"] = a.names.reindex(table.index)
    view["authors"] = table["size"]
    view["papers"] = table["n_papers"]
    lo, hi = table["year_min"], table["year_max"]
    view["years"] = [
        "" if pd.isna(x) else f"{x}" if x == y else f"{x}–{y}" for x, y in zip(lo, hi, strict=True)
    ]
    view["labs"] = [tuple(t for t, _ in v)[:3] for v in table["labs"]]
    view["distinctive title words"] = a.terms["terms"].reindex(table.index).map(
        lambda t: t if isinstance(t, tuple) else ()
    )
    view["most central authors"] = table["top_authors"]
    return view


def _section_communities(rep: Report, a: _Analysis) -> Section:
    from .plotting import plot_community_sizes, plot_papers_per_year

    sec = Section("Communities")
    result = a.result
    if result is None:
        sec.note("The graph has no edges: no communities to detect.")
        return sec
    sec.text(
        f"Method {result.method} (resolution {a.resolution:g}, seed {result.seed}): "
        f"{result.n_communities} communities, modularity {result.modularity:.4f}. "
        "Community 0 is the largest. Each is named by its most central authors (by "
        "strength) and the title words most distinctive of its papers against the other "
        "communities' (log-likelihood ratio G²); a paper belongs to the community of most "
        "of its authors."
    )
    summary = _community_summary(a)
    rep.tables["community_names"] = summary
    sec.table("Communities at a glance", summary, max_rows=40)
    _figure(rep, sec, "community_sizes.png", "Authors per community.",
            lambda: plot_community_sizes(result))
    if a.corpus.papers["year"].notna().any():
        _figure(
            rep, sec, "papers_per_year_community.png",
            "Papers per year by community (a paper goes to the community of most of its "
            "authors).",
            lambda: plot_papers_per_year(a.corpus, by="community", membership=result.membership),
        )
    return sec


def _section_bridges(rep: Report, a: _Analysis) -> Section:
    from .roles import bridging_authors

    sec = Section("Authors who bridge communities")
    if a.result is None:
        sec.note("The graph has no edges: no communities to bridge.")
        return sec
    table = bridging_authors(a.net, a.result, top_n=a.top_n + 5)
    if a.centrality is not None and "betweenness" in a.centrality:
        table["betweenness"] = a.centrality["betweenness"].reindex(table.index)
    rep.tables["bridges"] = table
    if table.empty:
        sec.text("No author has a link outside their own community.")
        return sec
    sec.text(
        "Authors with the most link weight to other communities. Participation "
        "(Guimerà & Amaral) is 0 when all of an author's links stay in one community and "
        "nears 1 when they spread evenly over many."
    )
    shown = table.reset_index(drop=True).rename(columns=lambda c: str(c).replace("_", " "))
    sec.table("Bridging authors", shown, max_rows=None)
    return sec


def _section_centrality(rep: Report, a: _Analysis) -> Section:
    from .plotting import plot_ego

    sec = Section("Most central authors")
    if a.centrality is None or not len(a.centrality):
        return sec
    sec.text(
        "Top authors by each measure (value in brackets). Betweenness and closeness read "
        "a strong tie as a short distance (1/weight)."
        + (
            " The network is too large for exact shortest-path measures within the "
            f"budget: betweenness and closeness are estimated from {a.pivots} pivots per "
            f"component (seed {a.centrality.attrs.get('seed', a.seed)}); their standard "
            "errors are in the centrality table."
            if a.pivots else ""
        )
    )
    sec.table(f"Top {a.top_n}", _top_lists(a.centrality, a.top_n), max_rows=None)
    size = a.size
    if size is not None and len(size):
        star = top_keys(size, 1)[0]
        star_name = a.net.names[a.net.index.get_loc(star)]
        _figure(rep, sec, "ego_network.png",
                f"Ego network of {star_name}, the author with the highest {a.size_col}.",
                lambda: plot_ego(a.net, star, color=a.result, size=size, seed=a.seed))
    return sec


def _section_labs(rep: Report, a: _Analysis) -> Section:
    from .labs import lab_clusters, labs_vs_communities
    from .plotting import plot_lab_heatmap, plot_network, plot_papers_per_year

    sec = Section("Labs")
    corpus, author_lab = a.corpus, a.author_lab
    if not len(author_lab):
        sec.text("No paper in the corpus carries a lab tag.")
        return sec
    counts = author_lab.value_counts().rename("authors")
    counts.index.name = "lab"
    rep.tables["labs"] = counts.to_frame()
    sec.text(
        "Lab tags belong to papers; an author's lab is the tag most frequent on their "
        f"papers. {len(author_lab)} of {corpus.n_authors} authors have one."
    )
    sec.table("Authors per lab", counts, max_rows=25)
    try:
        _render_any(sec, "Lab clusters", lab_clusters(a.net, corpus), rep.tables, "lab_clusters")
    except GraphlibPapersError as err:
        _skip(rep, sec, "lab clusters", err)
    if a.result is not None:
        try:
            _render_any(sec, "Labs versus communities", labs_vs_communities(corpus, a.result),
                        rep.tables, "labs_vs_communities")
        except GraphlibPapersError as err:
            _skip(rep, sec, "labs versus communities", err)
    _figure(rep, sec, "network_labs.png",
            "Co-author network coloured by each author's most frequent lab tag (grey: no tag).",
            lambda: plot_network(a.drawn, pos=a.drawn_pos, color=author_lab, size=a.size,
                                 top_n_labels=a.top_n_labels,
                                 seed=a.seed, legend_title="lab", title="Co-author network by lab",
                                 palette=a.lab_colors))
    lab_data, lab_value = _lab_data(corpus)
    if len(lab_data) > 1:
        _figure(rep, sec, "lab_heatmap.png",
                f"Collaboration between labs ({lab_value}); papers per lab in brackets.",
                lambda: plot_lab_heatmap(lab_data, value_label=lab_value))
    if corpus.papers["year"].notna().any():
        _figure(rep, sec, "papers_per_year_lab.png", "Papers per year by lab tag.",
                lambda: plot_papers_per_year(corpus, by="lab", palette=a.lab_colors))
    return sec


def _section_statistics(rep: Report, a: _Analysis) -> Section:
    from .plotting import plot_degree_distribution
    from .stats import network_summary

    sec = Section("Network statistics")
    net = a.net
    comps = _component_sizes(net)
    basic = pd.Series(
        {
            "weighting": a.weighting,
            "authors (nodes)": net.n,
            "co-author links (edges)": net.m,
            "connected components": len(comps),
            "largest component": int(comps.max()) if len(comps) else 0,
        },
        name="value",
        dtype=object,
    )
    rep.tables["graph"] = basic.to_frame()
    try:
        ns = network_summary(a.net, a.corpus, seed=a.seed)
    except GraphlibPapersError as err:
        sec.table("Network", basic.rename_axis(""), max_rows=None)
        _skip(rep, sec, "network statistics", err)
    else:
        if isinstance(ns, pd.Series):
            ns = ns.rename(index=lambda k: str(k).replace("_", " "))
        _render_any(sec, "Newman-style statistics", ns, rep.tables, "network_summary")
    if net.n:
        _figure(rep, sec, "degree_distribution.png",
                "Number of co-authors per author, log–log: P(k) and the cumulative P(K ≥ k).",
                lambda: plot_degree_distribution(a.net))
    return sec


def _section_community_details(rep: Report, a: _Analysis) -> Section:
    sec = Section("Community details")
    if a.communities is None:
        sec.note("The graph has no edges: no communities to detect.")
        return sec
    sec.table("One row per community", _community_view(a.communities), max_rows=40)
    return sec


def _section_corpus(rep: Report, a: _Analysis) -> Section:
    corpus = a.corpus
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
    return sec


def _section_load_report(rep: Report, a: _Analysis) -> Section:
    sec = Section("Load report")
    lr = a.corpus.load_report
    if len(lr):
        shown = lr.assign(source=lr["source"].map(_source_name),
                          record=lr["record"].map(lambda r: _short(r or "", 60)))
        rep.tables["load_report"] = shown
        counts = shown.groupby("action").size().rename("records")
        sec.table("Records by action", counts, max_rows=None)
        sec.table("Records", shown, max_rows=50)
    else:
        sec.text("Every input record was read without repair.")
    return sec


#: The report's sections in reading order: what matters first, then the details.
_SECTIONS: tuple[Callable[[Report, _Analysis], Section], ...] = (
    _section_key_figures,
    _section_network,
    _section_communities,
    _section_bridges,
    _section_centrality,
    _section_labs,
    _section_statistics,
    _section_community_details,
    _section_corpus,
    _section_load_report,
)


def _analyse(corpus, a: _Analysis) -> None:
    """Centrality, communities and their names, authors' labs: filled into `a`."""
    from .centrality import author_centrality
    from .communities import find_communities
    from .stats import community_report
    from .themes import community_names, community_terms

    measures = ["degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank"]
    if a.net.n:
        a.centrality = author_centrality(a.net, measures, seed=a.seed)
        a.pivots = a.centrality.attrs.get("pivots")
        rep_col = "pagerank" if "pagerank" in a.centrality else "degree"
        a.size, a.size_col = a.centrality[rep_col], rep_col
    if a.net.m:
        a.result = find_communities(a.net, method=a.method, resolution=a.resolution,
                                    seed=a.seed)
        a.communities = community_report(a.net, corpus, a.result)
        a.terms = community_terms(corpus, a.result)
        a.names = community_names(a.communities["top_authors"], a.terms)
    a.author_lab = _author_lab(corpus)
    a.lab_colors = _lab_palette(a.author_lab, corpus)


@renamed_keywords(top="top_n", labels="top_n_labels")
def build_report(
    corpus,
    *,
    title: str = "Co-authorship report",
    weighting: str = "count",
    method: str = "auto",
    resolution: float = 1.0,
    seed: int | None = None,
    top_n: int = 10,
    top_n_labels: int = 12,
    max_nodes: int = 2000,
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
    top_n : int, default 10
        Length of the centrality top lists.
    top_n_labels : int, default 12
        Authors named on the network figures.
    max_nodes : int, default 2000
        The interactive network shows at most this many authors (those with the
        highest PageRank) and says so.
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
    Sections, what matters first: key figures (papers, authors, links, components,
    communities, truncated author lists, data warnings); the network (interactive in
    HTML, sigma.js, and as a figure); the communities, each named by its most central
    authors and its most distinctive title words (log-likelihood ratio [3]_), with size,
    papers, years and labs; the authors who bridge communities (participation
    coefficient [4]_); then the details: centrality top lists, labs, Newman-style
    statistics [1]_, the full community table (Louvain [2]_ by default), the corpus
    and its load report. A section whose analysis fails on this corpus is replaced
    by a note saying why.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure of scientific collaboration networks",
       PNAS 98(2), 404–409 (2001).
    .. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding
       of communities in large networks", J. Stat. Mech. P10008 (2008).
    .. [3] T. Dunning, "Accurate methods for the statistics of surprise and
       coincidence", Computational Linguistics 19(1), 61–74 (1993).
    .. [4] R. Guimerà and L. A. N. Amaral, "Functional cartography of complex metabolic
       networks", Nature 433, 895–900 (2005).

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> rep = gp.build_report(gp.load_seeds(), top_n_labels=3)
    >>> rep.tables["corpus"].loc["papers", "value"]
    93
    >>> [s.title for s in rep.sections][:4]
    ['Key figures', 'Network', 'Communities', 'Authors who bridge communities']
    """
    from tqdm.auto import tqdm

    from ._network import as_net
    from .exceptions import EmptyGraphError
    from .graphs import coauthor_matrix
    from .plotting import focus_graph, network_layout

    if corpus.n_authors == 0:
        raise EmptyGraphError("the corpus has no authors: nothing to report")
    seed = draw_seed(seed)
    rep = Report(title=title)
    bar = tqdm(total=2 + len(_SECTIONS), disable=not progress, desc="report", unit="step",
               leave=False)
    bar.set_postfix_str("co-author graph")
    M = coauthor_matrix(corpus, weighting=weighting)  # one network, every analysis on it
    net = as_net(M)
    rep.graph = M
    n_papers = corpus.authorships.groupby("author_id")["paper_id"].nunique()
    n_papers = n_papers.reindex(net.index).fillna(0).astype(int)
    bar.update()
    a = _Analysis(corpus=corpus, net=net, n_papers=n_papers, seed=seed, weighting=weighting,
                  method=method, resolution=resolution, top_n=top_n, top_n_labels=top_n_labels,
                  max_nodes=max_nodes)
    bar.set_postfix_str("analyses")
    _analyse(corpus, a)
    if net.n:
        a.drawn = focus_graph(net, size=a.size)  # one focus and one layout for both maps
        a.drawn_pos = network_layout(a.drawn, seed=seed)
    rep.communities = a.result
    if a.centrality is not None:
        rep.tables["centrality"] = a.centrality
    if a.communities is not None:
        rep.tables["communities"] = a.communities
    bar.update()
    for build in _SECTIONS:
        bar.set_postfix_str(build.__name__.removeprefix("_section_"))
        rep.sections.append(build(rep, a))
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
    ...     rep = gp.write_report(toy, d, top_n_labels=3)
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
