"""The co-author network in one canonical form, whatever form the caller passed.

Every analysis (centrality, communities, statistics, labs, evolution) accepts the
co-author network either as a networkx Graph or as the matrix form returned by
:func:`graphlib_papers.coauthor_matrix` (a :class:`CoauthorMatrix`). Both are
converted once, here, into :class:`Net`: the authors in a fixed order, the links of
the upper triangle as integer arrays sorted by (row, column), and their weights. The
compiled engines (scipy.sparse, igraph) read these arrays; a networkx copy is built
only for the engines that need one (python-louvain, networkx's own algorithms).

Because both forms reduce to the same arrays, the same seed gives the same result
whichever form is passed.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .exceptions import GraphInputError, MissingDependency

__all__ = ["CoauthorMatrix"]


class CoauthorMatrix(tuple):
    """The co-author network in matrix form: a ``(matrix, index)`` pair with names.

    Returned by :func:`graphlib_papers.coauthor_matrix` and accepted by every
    analysis in place of a networkx Graph. It unpacks like the pair it is
    (``M, index = gp.coauthor_matrix(corpus)``) and carries the author names for the
    tables the analyses return.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Square, symmetric, non-negative link weights (zero diagonal).
    index : pandas.Index
        The ``author_id`` of each row.
    names : pandas.Series or None
        Display name per ``author_id`` (None when unknown; the id is shown then).
    is_group : pandas.Series or None
        Whether each ``author_id`` is a group author ("Gemini Team").

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> net = gp.coauthor_matrix(gp.load_seeds())
    >>> M, index = net
    >>> net.matrix is M, net.index is index, M.shape[0] == len(index)
    (True, True, True)
    >>> net.names["a:sanjiv-kumar"]
    'Sanjiv Kumar'
    """

    def __new__(cls, matrix: Any, index: Any, names: pd.Series | None = None,
                is_group: pd.Series | None = None):
        self = super().__new__(cls, (matrix, index))
        self.names = names
        self.is_group = is_group
        self._checked = False  # set by coauthor_matrix: built symmetric, nothing to check
        return self

    @property
    def matrix(self) -> sp.csr_matrix:
        """The symmetric CSR matrix of link weights."""
        return self[0]

    @property
    def index(self) -> pd.Index:
        """The ``author_id`` of each row."""
        return self[1]

    def __reduce__(self):
        return (CoauthorMatrix, (self[0], self[1], self.names, self.is_group))

    def __repr__(self) -> str:
        M = self[0]
        links = (M.nnz - M.diagonal().astype(bool).sum()) // 2 if sp.issparse(M) else "?"
        return f"<CoauthorMatrix: {len(self[1])} authors, {links} links>"

    def to_networkx(self) -> nx.Graph:
        """The same network as a networkx Graph (sorted nodes and edges, ``name`` on nodes).

        Examples
        --------
        >>> import graphlib_papers as gp
        >>> G = gp.coauthor_matrix(gp.load_seeds()).to_networkx()
        >>> G.nodes["a:sanjiv-kumar"]["name"]
        'Sanjiv Kumar'
        """
        return _as_net(self).to_networkx(weight="weight")


# -- ordering ---------------------------------------------------------------------------------
def _sort_key(node: Hashable):
    if isinstance(node, int | float | str):
        return (type(node).__name__, node)
    return (type(node).__name__, repr(node))


def sorted_nodes(nodes: Iterable[Hashable]) -> list:
    """Nodes in canonical order: sorted, or by (type name, value/repr) for mixed types."""
    nodes = list(nodes)
    try:
        return sorted(nodes)
    except TypeError:
        return sorted(nodes, key=_sort_key)


# -- the canonical form ----------------------------------------------------------------------
class Net:
    """A co-author network in canonical form (never mutated after construction).

    ``nodes`` in canonical order; ``u <= v`` link arrays sorted by (u, v) (self-loops
    only from a Graph, ``u == v``); ``w`` the weights (1 when weights are ignored).
    """

    def __init__(self, nodes, names, u, v, w, *, weight: str | None, source: str, graph=None):
        self.nodes = nodes
        self.names = names
        self.u = u
        self.v = v
        self.w = w
        self.weight = weight
        self.source = source  # "graph" or "matrix"
        self.graph = graph  # the networkx Graph passed, if any (node attributes)
        self.is_group: pd.Series | None = None  # group authors, when the matrix form says
        self._cache: dict[str, Any] = {}

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.u)

    @property
    def index(self) -> pd.Index:
        if "index" not in self._cache:
            self._cache["index"] = pd.Index(self.nodes, name="author_id", dtype=object)
        return self._cache["index"]

    # matrices ---------------------------------------------------------------------------
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric weighted adjacency, self-loops once on the diagonal (sorted indices)."""
        if "adj" not in self._cache:
            u, v, w = self.u, self.v, self.w
            off = u != v
            A = sp.csr_matrix(
                (np.concatenate([w, w[off]]), (np.concatenate([u, v[off]]),
                                               np.concatenate([v, u[off]]))),
                shape=(self.n, self.n),
            )
            A.sum_duplicates()
            A.sort_indices()
            self._cache["adj"] = A
        return self._cache["adj"]

    def simple(self) -> sp.csr_matrix:
        """Binary symmetric adjacency without self-loops (sorted indices)."""
        if "simple" not in self._cache:
            off = self.u != self.v
            u, v = self.u[off], self.v[off]
            data = np.ones(2 * len(u), dtype=np.float64)
            S = sp.csr_matrix(
                (data, (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(self.n, self.n)
            )
            S.sum_duplicates()
            S.data[:] = 1.0
            S.sort_indices()
            self._cache["simple"] = S
        return self._cache["simple"]

    def degree(self) -> np.ndarray:
        """Links per author as networkx counts them (a self-loop adds 2)."""
        return (np.bincount(self.u, minlength=self.n) + np.bincount(self.v, minlength=self.n))

    def strength(self) -> np.ndarray:
        return np.bincount(self.u, self.w, minlength=self.n) + np.bincount(
            self.v, self.w, minlength=self.n
        )

    def components(self) -> tuple[int, np.ndarray]:
        """Number of connected components and the component label of each author."""
        if "components" not in self._cache:
            from scipy.sparse import csgraph

            if self.n == 0:
                self._cache["components"] = (0, np.zeros(0, dtype=np.int64))
            else:
                # strong components of the symmetric matrix are its components, and
                # Pearce's algorithm needs no transpose (the undirected call builds one)
                k, labels = csgraph.connected_components(
                    self.simple(), directed=True, connection="strong"
                )
                self._cache["components"] = (int(k), labels)
        return self._cache["components"]

    # engines ----------------------------------------------------------------------------
    def igraph(self, **edge_attrs: np.ndarray):
        """An igraph Graph of the links (loops included), edges in (u, v) order."""
        return igraph_graph(self.n, self.u, self.v, **edge_attrs)

    def to_networkx(self, weight: str | None = "weight", distance: str | None = None) -> nx.Graph:
        """A networkx Graph with sorted nodes and edges (``name`` on nodes)."""
        H = nx.Graph()
        if self.graph is not None:
            H.add_nodes_from((x, self.graph.nodes[x]) for x in self.nodes)
        else:
            H.add_nodes_from((x, {"name": nm}) for x, nm in zip(self.nodes, self.names,
                                                                 strict=True))
        a = [self.nodes[i] for i in self.u.tolist()]
        b = [self.nodes[i] for i in self.v.tolist()]
        attrs: list[dict] = [{} for _ in range(self.m)]
        if weight is not None:
            for d, x in zip(attrs, self.w.tolist(), strict=True):
                d[weight] = x
        if distance is not None:
            dist = np.divide(1.0, self.w, out=np.full(self.m, np.inf), where=self.w > 0)
            for d, x in zip(attrs, dist.tolist(), strict=True):
                d[distance] = x
        H.add_edges_from(zip(a, b, attrs, strict=True))
        return H


def igraph_module():
    try:
        import igraph
    except ImportError:  # pragma: no cover - igraph is a dependency
        raise MissingDependency("igraph") from None
    return igraph


def igraph_graph(n: int, u: np.ndarray, v: np.ndarray, **edge_attrs: np.ndarray):
    """An igraph Graph with edges (u[i], v[i]) in order, and numeric edge attributes.

    igraph reads an edge list only as Python pairs. The pairs stream from a chain of
    ``zip`` iterators over 65,536-edge chunks, so no list of millions of pairs exists
    and the graph is indexed once.
    """
    igraph = igraph_module()
    chunk = 1 << 16
    pairs = itertools.chain.from_iterable(
        zip(u[start : start + chunk].tolist(), v[start : start + chunk].tolist(), strict=True)
        for start in range(0, len(u), chunk)
    )
    g = igraph.Graph(n=n, edges=pairs)
    for name, values in edge_attrs.items():
        g.es[name] = values
    return g


class igraph_seeded:
    """Context manager: igraph draws from ``random.Random(seed)`` inside, its previous
    generator is restored on exit (igraph has no getter, so the one set through this
    module is tracked; igraph's own default is the :mod:`random` module)."""

    _current: Any = random

    def __init__(self, seed: int):
        self.seed = int(seed)

    def __enter__(self):
        igraph = igraph_module()
        self._previous = igraph_seeded._current
        rng = random.Random(self.seed)
        igraph.set_random_number_generator(rng)
        igraph_seeded._current = rng
        return rng

    def __exit__(self, *exc):
        igraph = igraph_module()
        igraph.set_random_number_generator(self._previous)
        igraph_seeded._current = self._previous
        return False


# -- conversion ------------------------------------------------------------------------------
def _weights_checked(w: np.ndarray, where) -> np.ndarray:
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise GraphInputError(f"{where(j)} has weight {w[j]!r}; weights must be finite and >= 0")
    return w


def _from_graph(G: nx.Graph, weight: str | None) -> Net:
    if G.is_directed():
        raise GraphInputError(
            "co-authorship is symmetric: pass an undirected graph (G.to_undirected())"
        )
    if G.is_multigraph():
        raise GraphInputError(
            "multigraphs are not supported: collapse parallel edges into a weight first"
        )
    order = sorted_nodes(G.nodes)
    rank = {x: i for i, x in enumerate(order)}
    m = G.number_of_edges()
    u = np.fromiter((rank[a] for a, _ in G.edges()), dtype=np.int64, count=m)
    v = np.fromiter((rank[b] for _, b in G.edges()), dtype=np.int64, count=m)
    if weight is None:
        w = np.ones(m)
    else:
        raw = [d for _, _, d in G.edges(data=weight, default=1.0)]
        try:
            w = np.asarray(raw, dtype=float).reshape(m)
        except (TypeError, ValueError):
            bad = next(x for x in raw if not isinstance(x, int | float | np.number))
            raise GraphInputError(
                f"edge attribute {weight!r} must be numeric, found {bad!r}"
            ) from None
        _weights_checked(w, lambda j: f"edge ({order[u[j]]!r}, {order[v[j]]!r})")
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    perm = np.lexsort((hi, lo))
    names = np.array([str(G.nodes[x].get("name", x)) for x in order], dtype=object)
    return Net(order, names, lo[perm], hi[perm], w[perm], weight=weight, source="graph", graph=G)


def _canonical(M: sp.csr_matrix) -> bool:
    """Sorted column indices without repeats in every row (checked, not trusted)."""
    if M.nnz < 2:
        return True
    step = np.diff(M.indices.astype(np.int64))
    row_start = np.zeros(M.nnz, dtype=bool)
    starts = M.indptr[1:-1]
    row_start[starts[starts < M.nnz]] = True
    return bool(np.all((step > 0) | row_start[1:]))


def _symmetric(M: sp.csr_matrix) -> bool:
    T = M.T.tocsr()

    def same() -> bool:
        return (
            np.array_equal(M.indptr, T.indptr)
            and np.array_equal(M.indices, T.indices)
            and (np.array_equal(M.data, T.data)
                 or np.allclose(M.data, T.data, rtol=1e-12, atol=0))
        )

    if same():
        return True
    T.sort_indices()
    return same()


def _from_matrix(matrix: Any, index: Any, names: Any, weight: str | None,
                 checked: bool = False) -> Net:
    if not sp.issparse(matrix):
        raise TypeError(
            "expected a networkx Graph or the (matrix, index) of gp.coauthor_matrix, "
            f"not {type(matrix).__name__}"
        )
    n, m = matrix.shape
    if n != m:
        raise GraphInputError(f"the co-author matrix must be square, not {n}×{m}")
    if index is None:
        index = pd.RangeIndex(n, name="author_id")
    index = pd.Index(index, name="author_id")
    if len(index) != n:
        raise GraphInputError(f"the index has {len(index)} labels for a matrix of {n} rows")
    if not index.is_unique:
        raise GraphInputError("the author index has repeated labels")
    # the caller's matrix is never modified: canonicalise a copy when needed
    M = sp.csr_matrix(matrix, dtype=np.float64, copy=False)
    if not (checked and M.has_canonical_format) and not _canonical(M):
        M = M.copy()
        M.sum_duplicates()  # sorts the indices and adds up repeated entries
    if M.nnz and (not np.isfinite(M.data).all() or (M.data < 0).any()):
        raise GraphInputError("co-author weights must be finite and non-negative")
    rows = np.repeat(np.arange(n, dtype=M.indices.dtype), np.diff(M.indptr))
    off = (M.indices != rows) & (M.data != 0)
    if not off.all():  # the diagonal is ignored, explicit zeros are no links
        M = sp.csr_matrix((M.data[off], M.indices[off], np.concatenate(
            [[0], np.cumsum(np.bincount(rows[off], minlength=n))])), shape=(n, n))
        rows = rows[off]
    del off
    # symmetry (unless the library built the matrix): the transpose of a canonical CSR
    # matrix comes out canonical from scipy; compare the arrays
    if not checked and not _symmetric(M):
        raise GraphInputError("the co-author matrix must be symmetric (an undirected graph)")
    upper = M.indices > rows
    u = rows[upper].astype(np.int64)
    v = M.indices[upper].astype(np.int64)
    w = M.data[upper]
    del rows, upper
    if weight is None:
        w = np.ones(len(u))
    nodes = list(index)
    if names is not None:
        names = pd.Series(names)
        nm = names.reindex(index)
        out = np.where(nm.isna().to_numpy(), np.array([str(x) for x in nodes], dtype=object),
                       nm.astype(object).to_numpy())
    else:
        out = np.array([str(x) for x in nodes], dtype=object)
    net = Net(nodes, out, u, v, np.asarray(w, dtype=np.float64), weight=weight,
               source="matrix")
    # the canonical matrix is the adjacency (no diagonal); its structure the simple graph
    S = sp.csr_matrix((np.ones(M.nnz), M.indices, M.indptr), shape=(n, n))
    S.has_sorted_indices = True
    net._cache["simple"] = S
    net._cache["adj"] = M if weight is not None else S
    return net


def as_net(network: Any, weight: str | None = "weight") -> Net:
    """Convert any accepted form of the co-author network to :class:`Net` (once).

    Accepted: a networkx Graph; a :class:`CoauthorMatrix`; a ``(matrix, index)`` pair;
    a bare scipy.sparse matrix (authors numbered 0..n-1); an existing ``Net``.
    `weight` is the edge attribute of a Graph (None: every link counts 1); for the
    matrix form any value other than None uses the matrix entries.
    """
    if isinstance(network, Net):
        if network.weight == weight or (weight is not None and network.weight is not None
                                        and network.source == "matrix"):
            return network
        if network.graph is not None:
            return _from_graph(network.graph, weight)
        w = np.ones(network.m) if weight is None else network.w
        out = Net(network.nodes, network.names, network.u, network.v, w, weight=weight,
                   source=network.source)
        out.is_group = network.is_group
        out._cache.update({k: v for k, v in network._cache.items()
                           if k in ("components", "simple", "index")})
        return out
    if isinstance(network, nx.Graph):
        return _from_graph(network, weight)
    if isinstance(network, CoauthorMatrix):
        unchanged = network._checked and network[0].nnz == getattr(network, "_nnz", -1)
        net = _from_matrix(network[0], network[1], network.names, weight, checked=unchanged)
        net.is_group = network.is_group
        return net
    if isinstance(network, tuple) and len(network) == 2 and sp.issparse(network[0]):
        return _from_matrix(network[0], network[1], None, weight)
    if sp.issparse(network):
        return _from_matrix(network, None, None, weight)
    raise TypeError(
        "expected a networkx Graph or the matrix form of gp.coauthor_matrix, "
        f"not {type(network).__name__}"
    )


def _as_net(network: Any) -> Net:
    return as_net(network)
