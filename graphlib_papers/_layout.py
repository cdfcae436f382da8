"""Where things go on a network figure: node positions and label placement.

Kept apart from the drawing functions of :mod:`graphlib_papers.plotting`, which call
these; :func:`network_layout` is public there.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._check import draw_seed, renamed_keywords

__all__ = ["network_layout", "place_labels"]


@renamed_keywords(G="network")
def network_layout(
    network: Any, *, seed: int | None = None, weight: str | None = "weight",
    iterations: int = 500,
) -> pd.DataFrame:
    """Node positions for drawing `network`: a force-directed layout, components packed.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The network, either form.
    seed : int, optional
        Seed of the initial positions; None draws one, recorded in ``attrs["seed"]``.
    weight : str or None, default "weight"
        Edge attribute pulling nodes together (None: every link pulls the same).
    iterations : int, default 500
        Fruchterman–Reingold iterations per component.

    Returns
    -------
    DataFrame
        Index: the nodes in sorted order; columns ``x``, ``y`` in [0, 1]. The seed
        used is in ``.attrs["seed"]``.

    Notes
    -----
    Each connected component is laid out with the Fruchterman–Reingold algorithm [1]_
    (igraph's, compiled; seeded initial positions), then the components are packed row
    by row, largest first, with area proportional to their size, so isolated pairs do
    not drift to the corners.

    References
    ----------
    .. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed
       placement", Software: Practice and Experience 21(11), 1129–1164 (1991).

    Examples
    --------
    >>> import networkx as nx
    >>> import networkx as nx
    >>> pos = network_layout(nx.path_graph(4), seed=1)
    >>> pos.equals(network_layout(nx.path_graph(4), seed=1)), pos.attrs["seed"]
    (True, 1)
    """
    from ._network import as_net, igraph_graph, igraph_seeded

    seed = draw_seed(seed)
    net = as_net(network, weight=weight)
    nodes = sorted(net.nodes, key=str)
    off = net.u != net.v  # self-loops do not move anything
    u, v, w = net.u[off], net.v[off], net.w[off]
    k, labels = net.components()
    sizes = np.bincount(labels, minlength=k)
    # nodes by (component, text); components largest first, then by their first node's text
    text_rank = pd.factorize(np.array([str(x) for x in net.nodes], dtype=object), sort=True)[0]
    by_comp = np.lexsort((text_rank, labels))
    starts = np.r_[0, np.cumsum(sizes)]
    first_text = text_rank[by_comp[starts[:-1]]] if k else np.zeros(0, dtype=np.int64)
    order = np.lexsort((first_text, -sizes))
    rng = np.random.default_rng(seed)
    local = np.empty(net.n, dtype=np.int64)  # each node's position within its component
    local[by_comp] = np.arange(net.n) - starts[labels[by_comp]]
    edge_order = np.argsort(labels[u], kind="stable")  # links grouped by component
    edge_starts = np.r_[0, np.cumsum(np.bincount(labels[u], minlength=k))]
    blocks = []
    for c in order.tolist():
        members = by_comp[starts[c]:starts[c + 1]]
        n = len(members)
        if n == 1:
            xy = np.zeros((1, 2))
        elif n == 2:
            xy = np.array([[-0.5, 0.0], [0.5, 0.0]])
        else:
            e = edge_order[edge_starts[c]:edge_starts[c + 1]]
            g = igraph_graph(n, local[u[e]], local[v[e]])
            start = rng.uniform(-1.0, 1.0, (n, 2)) * np.sqrt(n)
            sub_seed = int(rng.integers(2**31 - 1))
            with igraph_seeded(sub_seed):
                xy = np.asarray(g.layout_fruchterman_reingold(
                    weights=w[e].tolist(), niter=int(iterations), seed=start.tolist(),
                    grid="nogrid",
                ).coords, dtype=float)
        xy = xy - xy.mean(axis=0)
        span = np.abs(xy).max() or 1.0
        blocks.append(([net.nodes[i] for i in members], xy / span * np.sqrt(n)))
    if not blocks:  # nothing to place
        out = pd.DataFrame({"x": [], "y": []}, dtype=float)
        out.attrs["seed"] = seed
        return out
    # shelf packing: big components first, each in a square cell of side ~ 2*sqrt(n)+1
    total = sum(2 * np.sqrt(len(c)) + 1 for c, _ in blocks)
    width = max(total / max(np.sqrt(len(blocks)), 1.0), 2 * np.sqrt(len(blocks[0][0])) + 1)
    x = y = row_h = 0.0
    coords, index = [], []
    for comp, xy in blocks:
        side = 2 * np.sqrt(len(comp)) + 1
        if x > 0 and x + side > width:
            x, y, row_h = 0.0, y - row_h, 0.0
        coords.append(xy + np.array([x + side / 2, y - side / 2]))
        index.extend(comp)
        x += side
        row_h = max(row_h, side)
    xy = np.vstack(coords) if coords else np.zeros((0, 2))
    if len(xy):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        scale = float((hi - lo).max()) or 1.0
        xy = (xy - lo) / scale
    out = pd.DataFrame(xy, index=pd.Index(index, name=None, dtype=object), columns=["x", "y"])
    out = out.loc[nodes]
    out.attrs["seed"] = seed
    return out


def place_labels(ax, xy: np.ndarray, texts: list[str], node_radius_pt: np.ndarray, all_xy,
                 fontsize: float = 9) -> None:
    """Greedy, deterministic label placement: first candidate position without overlap."""
    import matplotlib.patheffects as pe

    fig = ax.figure
    # settle the figure layout (constrained layout, legends) before measuring anything
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    pts_per_px = 72.0 / fig.dpi
    nodes_px = to_px(all_xy) if len(all_xy) else np.zeros((0, 2))
    node_r_px = node_radius_pt / pts_per_px
    axbox = ax.get_window_extent(renderer)
    placed: list[tuple[float, float, float, float]] = []
    angles = np.deg2rad([45, 135, -45, -135, 90, -90, 0, 180, 22, 158, -22, -158])
    radii = [6, 12, 20, 30, 42, 56, 72]
    for (x, y), text in zip(xy, texts, strict=True):
        ann = ax.annotate(
            text, (x, y), xytext=(0, 0), textcoords="offset points", fontsize=fontsize,
            ha="center", va="center", zorder=5,
            path_effects=[pe.withStroke(linewidth=2.5, foreground="white")],
        )
        px = to_px((x, y))
        bb = ann.get_window_extent(renderer)  # measured once; candidates are shifted boxes
        tw, th = bb.width, bb.height
        best = None
        for r in radii:
            for a in angles:
                dx, dy = r * np.cos(a), r * np.sin(a)
                ax_px, ay_px = px[0] + dx / pts_per_px, px[1] + dy / pts_per_px
                x0 = ax_px if dx > 1 else ax_px - tw if dx < -1 else ax_px - tw / 2
                y0 = ay_px if dy > 1 else ay_px - th if dy < -1 else ay_px - th / 2
                box = (x0 - 1, y0 - 1, x0 + tw + 1, y0 + th + 1)
                score = 0.0
                for p in placed:
                    w = min(box[2], p[2]) - max(box[0], p[0])
                    h = min(box[3], p[3]) - max(box[1], p[1])
                    if w > 0 and h > 0:
                        score += w * h * 10
                if len(nodes_px):
                    cx = np.clip(nodes_px[:, 0], box[0], box[2])
                    cy = np.clip(nodes_px[:, 1], box[1], box[3])
                    d = np.hypot(nodes_px[:, 0] - cx, nodes_px[:, 1] - cy)
                    hit = d < node_r_px
                    # the labelled node itself may touch only at the anchor corner
                    own = np.hypot(nodes_px[:, 0] - px[0], nodes_px[:, 1] - px[1]) < 1e-6
                    score += float(np.sum((node_r_px - d)[hit & ~own]))
                    score += float(np.sum((node_r_px - d)[hit & own])) * 5
                out_w = max(0, axbox.x0 - box[0]) + max(0, box[2] - axbox.x1)
                out_h = max(0, axbox.y0 - box[1]) + max(0, box[3] - axbox.y1)
                score += (out_w + out_h) * 50
                if best is None or score < best[0] - 1e-9:
                    best = (score, dx, dy, box)
                if score == 0:
                    break
            if best is not None and best[0] == 0:
                break
        _, dx, dy, box = best
        ann.remove()
        far = np.hypot(dx, dy) > 13
        ax.annotate(
            text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
            ha="left" if dx > 1 else "right" if dx < -1 else "center",
            va="bottom" if dy > 1 else "top" if dy < -1 else "center", zorder=5,
            path_effects=[pe.withStroke(linewidth=2.5, foreground="white")],
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0,
                        "shrinkB": 2} if far else None,
        ).set_in_layout(False)
        placed.append(box)
