"""Write graphs for other tools: GraphML, Gephi-safe GEXF, Pajek, VOSviewer, CSV.

:func:`write_graph` picks the format from the file extension. Before writing, every
attribute is made portable (:func:`portable_graph`): ``None`` and missing values are
left out, tuples become ``"; "``-joined strings, numpy scalars become Python scalars,
attribute names are made unique ignoring case and kept off the names a format
reserves for itself, and every edge gets a unique id. Gephi drops edges whose ids
collide and merges attribute columns whose names differ only in case; these files
avoid both.

Every function takes the co-author network in either form, as the analyses do: a
networkx Graph (any graph, such as a lab graph or a directed one, is written as it
is) or the matrix form of :func:`graphlib_papers.coauthor_matrix`, read through the
package's one network input (author ids, names, group flags and link weights). Both
forms of the same network give the same files, apart from the attributes only a Graph
carries (``n_papers`` and ``n_shared`` of :func:`graphlib_papers.coauthor_graph`).

Spreadsheet safety: in the CSV and VOSviewer files, a text cell (a name, a label, an
attribute) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet ("CSV injection", OWASP). Such a cell is
written with a leading apostrophe (``'=HYPERLINK(...)``), as is a cell that already
begins with an apostrophe, so the change is exactly reversible: remove the one
leading apostrophe of every text cell that has one (spreadsheets do this on
display). ``escape_formulas=False`` writes the raw values.
"""

from __future__ import annotations

import csv
import math
import numbers
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._check import graph_of_net, renamed_keywords
from ._network import as_net
from .exceptions import GraphInputError, OptionError

__all__ = [
    "portable_graph",
    "write_graph",
    "write_graphml",
    "write_gexf",
    "write_pajek",
    "write_vosviewer",
    "write_csv",
    "graph_tables",
    "EXPORT_FORMATS",
]

#: File extension -> format name understood by :func:`write_graph`.
EXPORT_FORMATS: dict[str, str] = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".net": "pajek",
    ".pajek": "pajek",
    ".csv": "csv",
    ".vosviewer": "vosviewer",
    ".vos": "vosviewer",
}

# Names GEXF (and networkx's GEXF writer) treat specially on nodes and edges.
_GEXF_RESERVED = {"id", "pid", "start", "end", "spells", "viz", "parents", "slices", "type"}


def _graph(network: Any) -> nx.Graph:
    """A networkx graph of `network`: a Graph as it is; any other form through
    :func:`as_net` and :func:`graph_of_net`, as the drawings do.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> H = _graph(gp.coauthor_matrix(gp.load_seeds()))
    >>> H.nodes["a:sanjiv-kumar"], H.number_of_edges()
    ({'name': 'Sanjiv Kumar', 'is_group': False}, 389)
    """
    if isinstance(network, nx.Graph):
        return network
    return graph_of_net(as_net(network))


def _scalar(value: Any) -> Any:
    """A Python scalar for a portable attribute value; None when missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list | set | frozenset | np.ndarray | pd.Index):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "; ".join(str(v) for v in items if v is not None)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _kind(value: Any) -> type:
    return bool if isinstance(value, bool) else int if isinstance(value, int) else (
        float if isinstance(value, float) else str
    )


def _column_types(records: list[dict[str, Any]]) -> dict[str, type]:
    """One type per attribute: bool, int, float (int and float mixed) or str."""
    kinds: dict[str, set[type]] = {}
    for data in records:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(_kind(value))
    out = {}
    for key, ks in kinds.items():
        if len(ks) == 1:
            out[key] = next(iter(ks))
        elif ks <= {int, float}:
            out[key] = float
        else:
            out[key] = str
    return out


def _unique_names(keys: list[str], reserved: set[str], taken: set[str] | None = None) -> dict:
    """Map attribute names to names unique ignoring case and off the reserved list."""
    used = {k.lower() for k in (taken or set())}
    mapping = {}
    for key in keys:
        name = key
        if name.lower() in reserved:
            name = f"{name}_attr"
        base, i = name, 2
        while name.lower() in used:
            name = f"{base}_{i}"
            i += 1
        used.add(name.lower())
        mapping[key] = name
    return mapping


def _clean_records(
    records: list[dict[str, Any]], reserved: set[str], taken: set[str] | None = None
) -> list[dict[str, Any]]:
    cleaned = [
        {str(k): v for k, v in ((k, _scalar(v)) for k, v in data.items()) if v is not None}
        for data in records
    ]
    types = _column_types(cleaned)
    order = sorted(types, key=lambda k: (k.lower(), k != k.lower(), k))
    names = _unique_names(order, reserved, taken)
    out = []
    for data in cleaned:
        row = {}
        for key, value in data.items():
            kind = types[key]
            if kind is str:
                value = str(value)
            elif kind is float:
                value = float(value)
            row[names[key]] = value
        out.append(row)
    return out


@renamed_keywords(G="network")
def portable_graph(network: Any, *, label: str = "name") -> nx.Graph:
    """A copy of `network` as a networkx graph whose attributes every exporter accepts.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        Any undirected or directed graph (nodes may be any hashable: they become
        strings), or the matrix form of the co-author network.
    label : str, default "name"
        Node attribute copied to the ``label`` attribute (Gephi's display name); the
        node id is used where a node lacks it.

    Returns
    -------
    networkx.Graph
        Same class as a Graph passed (a Graph for the matrix form), nodes as strings
        in sorted order, edges in sorted order.
        Node attributes: ``label`` plus the originals; edge attributes: ``id``
        (``"e0"``, ``"e1"``, ...), numeric ``weight`` (1.0 when absent) plus the originals.
        ``None``/NaN values are dropped, sequences joined with ``"; "``, one type per
        attribute name, names unique ignoring case.

    Raises
    ------
    GraphInputError
        If two nodes become the same string, `network` is a multigraph or a weight is text.

    Notes
    -----
    Gephi keys attribute columns case-insensitively and keeps one edge per id; the
    GEXF 1.3 specification reserves ``id``, ``label``, ``start``, ``end``, ``pid`` and the
    ``viz`` namespace [1]_. Reserved names held by user attributes get a ``_attr`` suffix.

    References
    ----------
    .. [1] GEXF Working Group, "GEXF 1.3 Primer", https://gexf.net (2022).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a:x", name="X", variants=("X", "X."), Weight=2, extra=None)
    >>> G.add_node("a:y", name="Y", weight=1)
    >>> G.add_edge("a:x", "a:y", n_shared=3)
    >>> H = portable_graph(G)
    >>> dict(H.nodes["a:x"])
    {'label': 'X', 'name': 'X', 'variants': 'X; X.', 'Weight_2': 2}
    >>> dict(H.nodes["a:y"])
    {'label': 'Y', 'name': 'Y', 'weight': 1}
    >>> H.edges["a:x", "a:y"]
    {'id': 'e0', 'weight': 1.0, 'n_shared': 3}
    """
    G = _graph(network)
    if G.is_multigraph():
        raise GraphInputError("export needs a simple graph, not a multigraph")
    nodes = sorted(G.nodes, key=str)
    ids = [str(n) for n in nodes]
    if len(set(ids)) != len(ids):
        raise GraphInputError("two nodes have the same string form; relabel them first")
    node_records = []
    for n in nodes:
        data = dict(G.nodes[n])
        data.pop("label", None)
        node_records.append(data)
    node_rows = _clean_records(node_records, reserved=_GEXF_RESERVED | {"label"}, taken={"label"})
    H = G.__class__()
    H.graph.update(
        {k: v for k, v in ((str(k), _scalar(v)) for k, v in G.graph.items()) if v is not None}
    )
    for n, nid, row in zip(nodes, ids, node_rows, strict=True):
        shown = G.nodes[n].get(label)
        shown = _scalar(shown)
        H.add_node(nid, label=str(shown) if shown not in (None, "") else nid, **row)
    edges = sorted(((str(u), str(v), d) for u, v, d in G.edges(data=True)), key=lambda e: e[:2])
    if not G.is_directed():
        edges = sorted(
            ((min(u, v), max(u, v), d) for u, v, d in edges), key=lambda e: e[:2]
        )
    edge_records = []
    weights = []
    for _, _, d in edges:
        d = dict(d)
        w = _scalar(d.pop("weight", None))
        if isinstance(w, str):
            raise GraphInputError(f"edge weight must be a number, not {w!r}")
        weights.append(1.0 if w is None else float(w))
        d.pop("id", None)
        edge_records.append(d)
    edge_rows = _clean_records(
        edge_records, reserved=_GEXF_RESERVED | {"label", "weight"}, taken={"id", "weight"}
    )
    for i, ((u, v, _), w, row) in enumerate(zip(edges, weights, edge_rows, strict=True)):
        H.add_edge(u, v, id=f"e{i}", weight=w, **row)
    return H


@renamed_keywords(G="network")
def write_graphml(network: Any, path: str | PathLike) -> Path:
    """Write `network` as GraphML (portable attributes, sorted order).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).
    path : str or path-like

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph([("a", "b", {"weight": 2.0})])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_graphml(G, pathlib.Path(d) / "g.graphml")
    ...     sorted(nx.read_graphml(p).edges(data="weight"))
    [('a', 'b', 2.0)]
    """
    path = Path(path)
    nx.write_graphml(
        portable_graph(network), path, encoding="utf-8", prettyprint=True,
        edge_id_from_attribute="id",
    )
    return path


@renamed_keywords(G="network")
def write_gexf(network: Any, path: str | PathLike) -> Path:
    """Write `network` as GEXF 1.2 that Gephi opens without losing edges or attributes.

    Every edge carries a unique id, every attribute one type and a name unique ignoring
    case, and no value is ``None`` (see :func:`portable_graph`). The node ``label`` is
    the author's name.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).
    path : str or path-like

    Returns
    -------
    pathlib.Path

    Notes
    -----
    Format: GEXF 1.2draft as written by :func:`networkx.write_gexf` [1]_.

    References
    ----------
    .. [1] GEXF Working Group, "GEXF 1.2draft Primer", https://gexf.net (2009).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph()
    >>> G.add_node("a:ada", name="Ada")
    >>> G.add_edge("a:ada", "a:bob", weight=0.5)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     H = nx.read_gexf(write_gexf(G, pathlib.Path(d) / "g.gexf"))
    >>> H.nodes["a:ada"]["label"], H.edges["a:ada", "a:bob"]["id"]
    ('Ada', 'e0')
    """
    path = Path(path)
    nx.write_gexf(
        portable_graph(network), path, encoding="utf-8", prettyprint=True, version="1.2draft"
    )
    return path


def _number(w: float) -> str:
    """Shortest text that reads back as exactly `w` (integers without a decimal point)."""
    return str(int(w)) if float(w).is_integer() else repr(float(w))


def _pajek_label(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\n", " ").replace("\r", " ") + '"'


@renamed_keywords(G="network")
def write_pajek(network: Any, path: str | PathLike, *, label: str | None = None) -> Path:
    """Write `network` as a Pajek ``.net`` file: ``*Vertices`` then ``*Edges`` (or ``*Arcs``).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).
    path : str or path-like
    label : str, optional
        Node attribute to print as the vertex label. Default: the node id, which is
        unique, so :func:`networkx.read_pajek` gives back the same nodes.

    Returns
    -------
    pathlib.Path

    Notes
    -----
    Vertices are numbered 1..n in sorted node order; each edge is written once with
    its weight (1 when absent). Pajek has no escape for double quotes inside a label,
    so they are written as single quotes [1]_.

    References
    ----------
    .. [1] V. Batagelj and A. Mrvar, "Pajek — Program for Large Network Analysis",
       Connections 21(2), 47–57 (1998).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph([("a:x", "a:y", {"weight": 3.0})])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_pajek(G, pathlib.Path(d) / "g.net")
    ...     print(p.read_text())
    *Vertices 2
    1 "a:x"
    2 "a:y"
    *Edges
    1 2 3
    <BLANKLINE>
    """
    path = Path(path)
    H = portable_graph(network)
    nodes = list(H.nodes)
    index = {n: i for i, n in enumerate(nodes, start=1)}
    lines = [f"*Vertices {len(nodes)}"]
    for n in nodes:
        text = n if label is None else str(H.nodes[n].get(label, n))
        lines.append(f"{index[n]} {_pajek_label(text)}")
    lines.append("*Arcs" if H.is_directed() else "*Edges")
    for u, v, w in H.edges(data="weight"):
        lines.append(f"{index[u]} {index[v]} {_number(w)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@renamed_keywords(G="network")
def graph_tables(network: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge tables of `network` (portable attributes, sorted order).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).

    Returns
    -------
    nodes : DataFrame
        Columns ``id``, ``label`` and one per node attribute.
    edges : DataFrame
        Columns ``source``, ``target``, ``id``, ``weight`` and one per edge attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes, edges = graph_tables(nx.Graph([("b", "a", {"weight": 2})]))
    >>> edges[["source", "target", "weight"]].values.tolist()
    [['a', 'b', 2.0]]
    >>> nodes["id"].tolist()
    ['a', 'b']
    """
    H = portable_graph(network)
    nodes = pd.DataFrame([{"id": n, **d} for n, d in H.nodes(data=True)], columns=None)
    if nodes.empty:
        nodes = pd.DataFrame(columns=["id", "label"])
    edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in H.edges(data=True)])
    if edges.empty:
        edges = pd.DataFrame(columns=["source", "target", "id", "weight"])
    return nodes, edges


@renamed_keywords(G="network")
def write_csv(
    network: Any,
    nodes_path: str | PathLike,
    edges_path: str | PathLike,
    *,
    escape_formulas: bool = True,
) -> tuple[Path, Path]:
    """Write a node list and an edge list as CSV (Gephi's spreadsheet import reads both).

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).
    nodes_path, edges_path : str or path-like
    escape_formulas : bool, default True
        Text cells beginning with ``= + - @``, a tab, a carriage return or an
        apostrophe get a leading apostrophe, so no spreadsheet runs them as formulas
        (see the module notes for how to undo it); False writes the raw values.

    Returns
    -------
    (pathlib.Path, pathlib.Path)

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib, pandas as pd
    >>> G = nx.Graph([("a", "b", {"weight": 2})])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     n, e = write_csv(G, pathlib.Path(d) / "n.csv", pathlib.Path(d) / "e.csv")
    ...     pd.read_csv(e).to_dict("records")
    [{'source': 'a', 'target': 'b', 'id': 'e0', 'weight': 2.0}]
    """
    nodes, edges = graph_tables(network)
    if escape_formulas:
        nodes, edges = _safe_table(nodes), _safe_table(edges)
    nodes_path, edges_path = Path(nodes_path), Path(edges_path)
    nodes.to_csv(nodes_path, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    edges.to_csv(edges_path, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    return nodes_path, edges_path


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _safe_cell(value: Any) -> Any:
    """A text cell with a leading apostrophe when a spreadsheet would run it as a
    formula (or when it already starts with one, so the rule is reversible).

    Examples
    --------
    >>> [_safe_cell(c) for c in ("=1+2", "-x", "'t Hooft", "Ada", -1)]
    ["'=1+2", "'-x", "''t Hooft", 'Ada', -1]
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_table(df: pd.DataFrame) -> pd.DataFrame:
    out = df.rename(columns=lambda c: _safe_cell(str(c)))
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_safe_cell)
    return out


def _vos_text(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


@renamed_keywords(G="network", weights="weight_columns")
def write_vosviewer(
    network: Any,
    map_path: str | PathLike,
    network_path: str | PathLike,
    *,
    cluster: str | Mapping | pd.Series | None = "community",
    weight_columns: tuple[str, ...] = ("n_papers",),
    escape_formulas: bool = True,
) -> tuple[Path, Path]:
    """Write a VOSviewer map file and network file.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form (see the module notes).
    map_path, network_path : str or path-like
    cluster : str, mapping or Series, optional
        Node attribute name, or a mapping node -> label (such as
        ``CommunityResult.membership``), written as VOSviewer's ``cluster`` column
        (labels shifted to start at 1, as VOSviewer requires positive integers).
        Left out when no node has one.
    weight_columns : tuple of str, default ("n_papers",)
        Numeric node attributes written as the map file's ``weight<...>`` columns (a
        node attribute absent from every node is left out). Not to be confused with
        the link weight, the ``weight`` edge attribute, written in the network file.
    escape_formulas : bool, default True
        Labels beginning with ``= + - @`` or an apostrophe get a leading apostrophe
        (as in :func:`write_csv`); False writes them raw.

    Returns
    -------
    (pathlib.Path, pathlib.Path)

    Notes
    -----
    Map file: tab-separated with a header ``id  label  [cluster]  [weight<...>]``, items
    numbered 1..n in sorted node order. Network file: no header, one line
    ``id1 id2 strength`` per undirected link (its ``weight``), written once [1]_.

    Other Parameters
    ----------------
    weights
        Deprecated keyword for `weight_columns`.

    References
    ----------
    .. [1] N. J. van Eck and L. Waltman, "VOSviewer Manual", version 1.6.20, Leiden
       University (2023), section "Map and network files".

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph([("a:x", "a:y", {"weight": 2.0})])
    >>> nx.set_node_attributes(G, {"a:x": "X", "a:y": "Y"}, "name")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     m, n = write_vosviewer(G, pathlib.Path(d) / "map.txt", pathlib.Path(d) / "net.txt")
    ...     print(m.read_text() + n.read_text())
    id	label
    1	X
    2	Y
    1	2	2
    <BLANKLINE>
    """
    G = _graph(network)
    map_path, network_path = Path(map_path), Path(network_path)
    H = portable_graph(G)
    nodes = list(H.nodes)
    index = {n: i for i, n in enumerate(nodes, start=1)}
    table = pd.DataFrame({"id": range(1, len(nodes) + 1), "label": [
        _vos_text(H.nodes[n]["label"]) for n in nodes
    ]})
    labels = None
    if isinstance(cluster, str):
        values = [G.nodes[n].get(cluster) for n in sorted(G.nodes, key=str)]
        if any(v is not None for v in values):
            labels = values
    elif cluster is not None:
        mapping = dict(cluster.items()) if hasattr(cluster, "items") else dict(cluster)
        labels = [mapping.get(n) for n in sorted(G.nodes, key=str)]
    if labels is not None:
        codes = pd.Series(labels, dtype=object)
        numeric = pd.to_numeric(codes, errors="coerce")
        if numeric.notna().all() and (numeric == numeric.round()).all():
            col = numeric.astype(int) - int(numeric.min()) + 1
        else:
            col = pd.Series(pd.factorize(codes.astype(str), sort=True)[0] + 1)
            col[codes.isna().to_numpy()] = 0
        table["cluster"] = col.to_numpy()
    for w in weight_columns:
        vals = [G.nodes[n].get(w) for n in sorted(G.nodes, key=str)]
        if any(v is not None for v in vals):
            table[f"weight<{w}>"] = pd.to_numeric(pd.Series(vals), errors="coerce").fillna(0)
    if escape_formulas:
        table = _safe_table(table)
    table.to_csv(map_path, sep="\t", index=False, lineterminator="\n")
    rows = [f"{index[u]}\t{index[v]}\t{_number(w)}" for u, v, w in H.edges(data="weight")]
    network_path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return map_path, network_path


@renamed_keywords(G="network")
def write_graph(
    network: Any, path: str | PathLike, *, format: str | None = None, escape_formulas: bool = True
) -> list[Path]:
    """Write `network` in the format its file extension names.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        Typically :func:`graphlib_papers.coauthor_graph`'s or
        :func:`graphlib_papers.coauthor_matrix`'s result (see the module notes).
    path : str or path-like
        ``.graphml``; ``.gexf`` (Gephi-safe); ``.net`` / ``.pajek`` (Pajek);
        ``.csv`` writes ``<stem>_nodes.csv`` and ``<stem>_edges.csv`` beside `path`;
        ``.vosviewer`` / ``.vos`` writes ``<stem>_map.txt`` and ``<stem>_network.txt``.
    format : str, optional
        One of ``graphml``, ``gexf``, ``pajek``, ``csv``, ``vosviewer``; overrides the
        extension.
    escape_formulas : bool, default True
        For the CSV and VOSviewer files: text cells a spreadsheet would run as a
        formula get a leading apostrophe (see :func:`write_csv`); False writes raw.

    Returns
    -------
    list of pathlib.Path
        Every file written.

    Raises
    ------
    OptionError
        For an unknown extension or format.
    TypeError
        If `network` is neither a networkx graph nor the matrix form.

    See Also
    --------
    write_graphml, write_gexf, write_pajek, write_csv, write_vosviewer

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph([("a:x", "a:y", {"weight": 1.0})])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_graph(G, pathlib.Path(d) / "net.csv")]
    ['net_nodes.csv', 'net_edges.csv']
    """
    G = _graph(network)
    path = Path(path)
    fmt = format or EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(EXPORT_FORMATS))
        raise OptionError(
            f"{path}: cannot tell the export format from extension {path.suffix!r}; "
            f"use one of {known} or pass format="
        )
    if path.parent and not path.parent.exists():
        raise OptionError(f"{path}: folder {path.parent} does not exist")
    stem = path.parent / path.stem
    if fmt == "graphml":
        return [write_graphml(G, path)]
    if fmt == "gexf":
        return [write_gexf(G, path)]
    if fmt == "pajek":
        return [write_pajek(G, path)]
    if fmt == "csv":
        return list(
            write_csv(G, f"{stem}_nodes.csv", f"{stem}_edges.csv", escape_formulas=escape_formulas)
        )
    if fmt == "vosviewer":
        return list(
            write_vosviewer(
                G, f"{stem}_map.txt", f"{stem}_network.txt", escape_formulas=escape_formulas
            )
        )
    raise OptionError(
        f"unknown export format {fmt!r}; use one of {sorted(set(EXPORT_FORMATS.values()))}"
    )
