"""Shortest-path measures (betweenness, closeness, distances) under a stated budget.

Exact where the work fits the budget, estimated from random pivots beyond it, with the
estimate's standard error. The work of one single-source search is taken as the links
plus the authors it reaches; exact measures on a component of r authors and m links
cost r (m + r).

Components are handled one by one: a component with at most `k` authors is always
computed exactly (every author a source); a larger one is sampled with `k` pivots
drawn without replacement. In automatic mode (``k=None``) nothing is sampled when the
whole graph fits the budget; otherwise ``k = max(MIN_PIVOTS, budget // (m + n))``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._network import Net

#: Work budget of exact betweenness and closeness (weighted Dijkstra searches):
#: sources × (links + authors).
PATH_BUDGET = 12_000_000

#: Work budget of exact hop distances (breadth-first searches, several times cheaper
#: than the weighted searches of the centralities): sources × (links + authors).
DISTANCE_BUDGET = 20_000_000

#: Fewest pivots drawn in a sampled component.
MIN_PIVOTS = 16

#: Pivots are handed to igraph in this many batches; the spread of the batch means
#: gives the standard error of the betweenness estimate.
BATCHES = 8


@dataclass
class Plan:
    """Which components are exact and how many pivots the sampled ones get."""

    k: int | None  # pivots per sampled component (None: nothing sampled)
    labels: np.ndarray  # component of each author
    sizes: np.ndarray  # authors per component
    links: np.ndarray  # links per component (loops excluded)
    sampled: np.ndarray  # component ids that are sampled

    @property
    def exact(self) -> bool:
        return len(self.sampled) == 0


def plan(net: Net, k: int | None, budget: float | None) -> Plan:
    n_comp, labels = net.components()
    sizes = np.bincount(labels, minlength=n_comp) if net.n else np.zeros(0, dtype=np.int64)
    off = net.u != net.v
    links = np.bincount(labels[net.u[off]], minlength=n_comp) if net.n else sizes
    if k is None:
        total = float(net.n) * float(net.m + net.n)
        if budget is None or total <= budget:
            return Plan(None, labels, sizes, links, np.zeros(0, dtype=np.int64))
        k = max(MIN_PIVOTS, int(budget // (net.m + net.n)))
    sampled = np.flatnonzero(sizes > k)
    return Plan(int(k) if len(sampled) else None, labels, sizes, links, sampled)


@dataclass
class PathResult:
    betweenness: np.ndarray | None = None  # raw (pairs counted once), unnormalised
    betweenness_se: np.ndarray | None = None
    closeness: np.ndarray | None = None  # Wasserman-Faust
    closeness_se: np.ndarray | None = None
    sum_dist: np.ndarray | None = None


def _distance_weights(net: Net, weighted: bool):
    """Link mask (positive weights only: a zero tie is no path) and distances 1/w."""
    keep = (net.w > 0) & (net.u != net.v)
    dist = 1.0 / net.w[keep] if weighted else None
    return keep, dist


def _pivot_betweenness(g, pivots: np.ndarray, r: int, wname) -> tuple[np.ndarray, np.ndarray]:
    """Betweenness of a component of `r` authors from its `pivots`, and its standard error.

    One igraph call per batch of pivots; the batch means estimate the spread of the
    per-pivot dependencies (batch means, B - 1 degrees of freedom).
    """
    k = len(pivots)
    n_batches = max(2, min(BATCHES, k // 2))
    batches = np.array_split(pivots, n_batches)
    means = np.empty((n_batches, r))
    for b, batch in enumerate(batches):
        x = np.asarray(g.betweenness(directed=False, weights=wname,
                                     sources=batch.tolist(), targets=None))
        means[b] = x / len(batch)
    sizes = np.array([len(b) for b in batches], dtype=float)
    mean = (means * sizes[:, None]).sum(axis=0) / k
    # variance of one pivot's dependency from the (size-weighted) batch means
    dev = (means - mean) ** 2 * sizes[:, None]
    var = dev.sum(axis=0) / (n_batches - 1)
    return r * mean, r * np.sqrt(max(0.0, 1 - k / r) / k * var)


def _pivot_closeness(g, pivots: np.ndarray, r: int, n: int,
                     wname) -> tuple[np.ndarray, np.ndarray]:
    """Wasserman–Faust closeness of a component of `r` authors (of `n` in all) from the
    distances to its `pivots`, and its standard error.

    Pivots know their own sums exactly; every other author is estimated from its
    distances to the pivots (Eppstein & Wang 2004).
    """
    k = len(pivots)
    D = np.asarray(g.distances(source=pivots.tolist(), weights=wname), dtype=float)
    is_pivot = np.zeros(r, dtype=bool)
    is_pivot[pivots] = True
    kk = k - is_pivot  # pivots other than the author itself
    mean_d = D.sum(axis=0) / np.maximum(kk, 1)
    sq = (D * D).sum(axis=0) / np.maximum(kk, 1)
    var = np.maximum(sq - mean_d**2, 0.0) * kk / np.maximum(kk - 1, 1)
    fpc = np.clip(1 - kk / max(r - 1, 1), 0.0, 1.0)
    se_mean = np.sqrt(var / np.maximum(kk, 1) * fpc)
    exact_mean = D.sum(axis=1) / max(r - 1, 1)
    mean_d[pivots] = exact_mean
    se_mean[pivots] = 0.0
    factor = (r - 1) / max(n - 1, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(mean_d > 0, factor / mean_d, 0.0)
        cse = np.where(mean_d > 0, factor * se_mean / mean_d**2, 0.0)
    return c, cse


def path_measures(
    net: Net,
    *,
    betweenness: bool,
    closeness: bool,
    weighted: bool,
    pl: Plan,
    rng: np.random.Generator | None,
) -> PathResult:
    """Betweenness (raw) and Wasserman–Faust closeness of every author, with errors."""
    # exact on the small components (every author a source), pivots on the large ones
    from ._network import igraph_graph

    n = net.n
    out = PathResult()
    bet = np.zeros(n)
    bet_se = np.zeros(n)
    clo = np.zeros(n)
    clo_se = np.zeros(n)
    keep, dist = _distance_weights(net, weighted)
    u, v = net.u[keep], net.v[keep]
    is_sampled = np.zeros(len(pl.sizes), dtype=bool)
    is_sampled[pl.sampled] = True
    node_sampled = is_sampled[pl.labels] if n else np.zeros(0, dtype=bool)
    groups = [np.flatnonzero(~node_sampled)] + [
        np.flatnonzero(pl.labels == c) for c in pl.sampled.tolist()
    ]
    local = np.empty(n, dtype=np.int64)
    for gi, nodes in enumerate(groups):
        if len(nodes) == 0:
            continue
        local[nodes] = np.arange(len(nodes))
        inside = np.zeros(n, dtype=bool)
        inside[nodes] = True
        e = inside[u] & inside[v]
        attrs = {"d": dist[e]} if dist is not None else {}
        g = igraph_graph(len(nodes), local[u[e]], local[v[e]], **attrs)
        wname = "d" if dist is not None else None
        comp_size = pl.sizes[pl.labels[nodes]]  # r of each author's component
        if gi == 0:  # every author of these components is a source: exact
            if betweenness:
                bet[nodes] = np.asarray(g.betweenness(directed=False, weights=wname))
            if closeness:
                c = np.asarray(g.closeness(weights=wname, normalized=True), dtype=float)
                c = np.nan_to_num(c, nan=0.0)
                clo[nodes] = c * (comp_size - 1) / max(n - 1, 1)
            continue
        r = len(nodes)
        k = min(pl.k, r)
        pivots = np.sort(rng.choice(r, size=k, replace=False))
        if betweenness:
            bet[nodes], bet_se[nodes] = _pivot_betweenness(g, pivots, r, wname)
        if closeness:
            clo[nodes], clo_se[nodes] = _pivot_closeness(g, pivots, r, n, wname)
    if betweenness:
        out.betweenness, out.betweenness_se = bet, bet_se
    if closeness:
        out.closeness, out.closeness_se = clo, clo_se
    return out


def _bfs_depths(S, source: int) -> np.ndarray:
    """Hop distances from `source` to every author it reaches (breadth-first search in
    scipy's compiled code; depths by pointer jumping over the search tree)."""
    from scipy.sparse import csgraph

    order, pred = csgraph.breadth_first_order(S, source, directed=True,
                                              return_predecessors=True)
    pos = np.full(S.shape[0], -1, dtype=np.int64)
    pos[order] = np.arange(len(order))
    parent = pred[order]
    p = np.where(parent >= 0, pos[np.maximum(parent, 0)], 0)
    d = (np.arange(len(order)) != p).astype(np.int64)  # one hop to the parent
    while True:  # d[i] is the distance from i to p[i]; jump until p[i] is the source
        pp = p[p]
        if np.array_equal(pp, p):
            return d
        d = d + d[p]
        p = pp


def hop_distances(
    net: Net, nodes: np.ndarray, k: int | None, rng
) -> tuple[float, float, float, int]:
    """Mean and largest hop distance among `nodes` (one connected component).

    Exact (every author a source) when ``k`` is None or >= len(nodes); otherwise from
    `k` random sources, with the standard error of the mean. Returns
    ``(mean, max, stderr, sources)``; ``max`` is a lower bound of the diameter when
    sampled. Each source is one breadth-first search, O(n + m).
    """
    S = net.simple()
    r = len(nodes)
    if r < 2:
        return np.nan, np.nan, np.nan, 0
    if k is None or k >= r:
        sources = np.asarray(nodes)
    else:
        sources = np.sort(np.asarray(nodes)[rng.choice(r, size=k, replace=False)])
    per_source = np.empty(len(sources))
    longest = 0
    for i, src in enumerate(sources.tolist()):
        d = _bfs_depths(S, src)  # the source's component is `nodes`
        per_source[i] = d.sum() / (r - 1)
        longest = max(longest, int(d.max()))
    mean = float(per_source.mean())
    kk = len(sources)
    if kk >= r or kk < 2:
        se = 0.0
    else:
        se = float(per_source.std(ddof=1) / np.sqrt(kk) * np.sqrt(1 - kk / r))
    return mean, float(longest), se, kk
