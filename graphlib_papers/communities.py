"""Reproducible community detection on co-author graphs, and partition comparison."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import as_partition, draw_seed, relabel_by_size, renamed_keywords
from ._network import Net, as_net, igraph_graph, igraph_seeded, sorted_nodes
from .exceptions import GraphInputError, OptionError

__all__ = [
    "CommunityResult",
    "COMMUNITY_METHODS",
    "find_communities",
    "consensus_communities",
    "compare_partitions",
    "partition_modularity",
]

#: Methods understood by :func:`find_communities`.
COMMUNITY_METHODS = (
    "auto", "louvain", "leiden", "louvain-networkx", "greedy", "label-propagation"
)
_STOCHASTIC = {"auto", "louvain", "louvain-networkx", "label-propagation", "leiden", "consensus"}

#: ``method="auto"`` runs python-louvain up to this many links, Leiden above.
AUTO_LOUVAIN_LINKS = 20_000

#: Leiden iterates until stable up to this many links (``n_iterations=None``), twice above.
LEIDEN_STABLE_LINKS = 200_000

#: Links from which Leiden renumbers the authors in reverse Cuthill–McKee order.
REORDER_LINKS = 1_000_000


@dataclass(frozen=True, eq=False)
class CommunityResult:
    """A partition of authors into communities, with everything needed to repeat it.

    Attributes
    ----------
    membership : Series
        Community label (int) per ``author_id``, named ``"community"``. Label 0 is
        the largest community; ties are broken by the smallest member id.
    method : str
        The algorithm, as passed to :func:`find_communities`.
    parameters : mapping
        Read-only mapping of the parameters used (resolution, weight, ...).
    seed : int or None
        The seed actually used (drawn when None was given); None for
        deterministic methods.
    modularity : float
        Newman-Girvan modularity of the partition on the graph it was computed on,
        with the same weight and resolution; NaN for a graph without edges.
    stability : Series or None
        For :func:`consensus_communities`: per author, the share of runs that put
        the author together with its neighbours of the consensus community.

    Notes
    -----
    Labels are numbered as scikit-network does: 0 is the largest community. The
    record of method, parameters and seed follows cdlib's clustering objects
    (Rossetti et al. 2019), so any result can be recomputed exactly.

    References
    ----------
    .. [1] G. Rossetti, L. Milli and R. Cazabet, "CDLIB: a python library to extract,
       compare and evaluate communities from complex networks", Appl. Netw. Sci.
       4, 52, 2019.

    Examples
    --------
    >>> import networkx as nx
    >>> res = find_communities(nx.barbell_graph(3, 0), seed=0)
    >>> res.n_communities, res.sizes.tolist()
    (2, [3, 3])
    >>> res.communities
    [frozenset({0, 1, 2}), frozenset({3, 4, 5})]
    >>> res.attrs["seed"]
    0
    """

    membership: pd.Series
    method: str
    parameters: Mapping[str, Any]
    seed: int | None
    modularity: float
    stability: pd.Series | None = field(default=None)

    def __post_init__(self) -> None:
        if not isinstance(self.parameters, MappingProxyType):
            object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    @property
    def attrs(self) -> dict[str, Any]:
        """``{"seed": ..., "method": ...}``: the seed recorded where every table result
        of the package records it (``df.attrs["seed"]``)."""
        return {"seed": self.seed, "method": self.method}

    @property
    def n_communities(self) -> int:
        """Number of communities."""
        return int(self.membership.nunique())

    @property
    def sizes(self) -> pd.Series:
        """Number of authors per community label, label 0 first."""
        counts = self.membership.value_counts().sort_index()
        counts.index.name = "community"
        counts.name = "size"
        return counts

    @property
    def communities(self) -> list[frozenset]:
        """The communities as frozensets of author ids, in label order."""
        groups = self.membership.groupby(self.membership, sort=True).groups
        return [frozenset(groups[k]) for k in sorted(groups)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CommunityResult):
            return NotImplemented
        same_q = (self.modularity == other.modularity) or (
            np.isnan(self.modularity) and np.isnan(other.modularity)
        )
        return (
            self.method == other.method
            and dict(self.parameters) == dict(other.parameters)
            and self.seed == other.seed
            and same_q
            and self.membership.equals(other.membership)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<CommunityResult {self.method}: {len(self.membership)} authors in "
            f"{self.n_communities} communities, modularity {self.modularity:.4f}, "
            f"seed {self.seed}>"
        )


# -- helpers ----------------------------------------------------------------------------------


def _relabel(labels: np.ndarray, nodes: list | None = None) -> np.ndarray:
    """Labels 0..k-1 by decreasing size, ties by smallest member (canonical order)."""
    return relabel_by_size(labels)


def _modularity_arrays(
    u: np.ndarray, v: np.ndarray, w: np.ndarray, labels: np.ndarray, resolution: float
) -> float:
    n = len(labels)
    total = w.sum()
    if n == 0 or total == 0:
        return float("nan")
    strength = np.bincount(u, weights=w, minlength=n) + np.bincount(v, weights=w, minlength=n)
    k = int(labels.max()) + 1
    same = labels[u] == labels[v]
    inside = np.bincount(labels[u][same], weights=w[same], minlength=k)
    tot = np.bincount(labels, weights=strength, minlength=k)
    m = total
    return float(inside.sum() / m - resolution * np.sum(tot**2) / (4 * m * m))


@renamed_keywords(partition="communities")
def partition_modularity(
    network: Any,
    communities: CommunityResult | pd.Series | Mapping[Hashable, Hashable],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
) -> float:
    """Newman-Girvan modularity of a partition, computed with sparse arrays.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network, as a Graph or in the matrix form of
        :func:`graphlib_papers.coauthor_matrix`.
    communities : CommunityResult, Series or mapping
        Community label per author; every author of the network needs one (the
        ``communities`` of :func:`networkx.community.modularity`, as a label per node).
    weight : str or None
        Edge weight attribute (None: every link counts 1).
    resolution : float
        The resolution parameter gamma of Reichardt & Bornholdt (2006).

    Returns
    -------
    float
        Q = sum_c [ L_c/m - gamma (d_c / 2m)^2 ]; NaN for a network without links
        (modularity is undefined there).

    Raises
    ------
    GraphInputError
        If an author of the network has no label (also a ValueError).

    Notes
    -----
    Identical to :func:`networkx.community.modularity` (a self-loop counts once in
    L_c and twice in the degree), but vectorised.

    References
    ----------
    .. [1] M. E. J. Newman and M. Girvan, "Finding and evaluating community
       structure in networks", Phys. Rev. E 69, 026113, 2004.
    .. [2] J. Reichardt and S. Bornholdt, "Statistical mechanics of community
       detection", Phys. Rev. E 74, 016110, 2006.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)
    >>> round(partition_modularity(G, {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1}), 4)
    0.3571
    """
    net = as_net(network, weight)
    labels = _labels_for(net.nodes, communities)
    return _modularity_arrays(net.u, net.v, net.w, labels, resolution)


def _labels_for(nodes: list, partition: Any) -> np.ndarray:
    s = as_partition(partition)
    missing = pd.Index(nodes).difference(s.index)
    if len(missing):
        raise GraphInputError(f"{len(missing)} author(s) have no community, e.g. {missing[0]!r}")
    _, codes = np.unique(pd.Series(s.loc[nodes]).astype(str).to_numpy(), return_inverse=True)
    return codes.astype(np.int64)


def _result(net: Net, labels, method, params, seed, stability=None):
    labels = relabel_by_size(np.asarray(labels))
    q = _modularity_arrays(net.u, net.v, net.w, labels, params.get("resolution", 1.0))
    membership = pd.Series(labels, index=net.index, name="community")
    return CommunityResult(membership, method, params, seed, q, stability)


def _louvain(net: Net, resolution: float, seed: int) -> np.ndarray:
    from community import community_louvain

    # the canonical graph carries "weight" on every edge (1 when weights are ignored)
    part = community_louvain.best_partition(
        net.to_networkx(), weight="weight", resolution=resolution, random_state=int(seed)
    )
    return np.array([part[x] for x in net.nodes], dtype=np.int64)


def _leiden(net: Net, resolution: float, seed: int, n_iterations: int, reorder: bool):
    """igraph's Leiden on the canonical links; optionally in reverse Cuthill–McKee order."""
    u, v, w = net.u, net.v, net.w
    inv = None
    if reorder:
        from scipy.sparse.csgraph import reverse_cuthill_mckee

        perm = reverse_cuthill_mckee(net.simple(), symmetric_mode=True)  # new -> author
        inv = np.empty(net.n, dtype=np.int64)
        inv[perm] = np.arange(net.n)  # author -> new number
        a, b = inv[u], inv[v]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        order = np.lexsort((hi, lo))
        g = igraph_graph(net.n, lo[order], hi[order], weight=w[order])
        del a, b, lo, hi, order, perm
    else:
        g = igraph_graph(net.n, u, v, weight=w)
    with igraph_seeded(seed):
        part = g.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=n_iterations,
        )
    labels = np.asarray(part.membership, dtype=np.int64)
    return labels[inv] if inv is not None else labels


def _labels_from_communities(nodes: list, comms: Iterable[Iterable]) -> np.ndarray:
    idx = {u: i for i, u in enumerate(nodes)}
    labels = np.empty(len(nodes), dtype=np.int64)
    for c, members in enumerate(comms):
        for x in members:
            labels[idx[x]] = c
    return labels


def _resolve(method: str, net: Net) -> str:
    if method == "auto":
        return "louvain" if net.m <= AUTO_LOUVAIN_LINKS else "leiden"
    return method


def _run(net: Net, method: str, resolution: float, seed: int | None, params: dict):
    if method == "leiden":
        return _leiden(net, resolution, seed, params["n_iterations"], params["order"] != "index")
    if method == "louvain":
        return _louvain(net, resolution, seed)
    H = net.to_networkx()
    if method == "louvain-networkx":
        comms = nx.community.louvain_communities(
            H, weight="weight", resolution=resolution, seed=seed
        )
    elif method == "greedy":
        comms = nx.community.greedy_modularity_communities(
            H, weight="weight", resolution=resolution
        )
    else:  # label-propagation
        comms = nx.community.asyn_lpa_communities(H, weight="weight", seed=seed)
    return _labels_from_communities(net.nodes, comms)


def _method_params(net: Net, method: str, resolution: float, weight, n_iterations, reorder,
                   requested: str) -> dict[str, Any]:
    params: dict[str, Any] = {"resolution": resolution, "weight": weight}
    if requested != method:
        params["requested"] = requested
    if method == "leiden":
        if n_iterations is None:
            n_iterations = -1 if net.m <= LEIDEN_STABLE_LINKS else 2
        if isinstance(n_iterations, bool) or not isinstance(n_iterations, int | np.integer):
            raise OptionError(f"n_iterations must be an int or None, not {n_iterations!r}")
        if reorder is None:
            reorder = net.m >= REORDER_LINKS
        params["n_iterations"] = int(n_iterations)
        params["order"] = "reverse-cuthill-mckee" if reorder else "index"
    return params


def find_communities(
    network: Any,
    method: str = "auto",
    *,
    resolution: float = 1.0,
    seed: int | None = None,
    weight: str | None = "weight",
    n_iterations: int | None = None,
    reorder: bool | None = None,
) -> CommunityResult:
    """Detect communities of authors, reproducibly, at any size.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network: a networkx Graph or the matrix form returned by
        :func:`graphlib_papers.coauthor_matrix`. The same seed gives the same
        partition whichever form is passed.
    method : {"auto", "louvain", "leiden", "louvain-networkx", "greedy", "label-propagation"}
        ``"auto"`` (default): python-louvain up to :data:`AUTO_LOUVAIN_LINKS` links,
        where it finishes in seconds, Leiden above; the method that ran is recorded
        on the result. ``"louvain"``: python-louvain (Blondel et al. 2008);
        ``"leiden"``: igraph's Leiden (Traag et al. 2019) with the modularity
        objective; ``"louvain-networkx"``: networkx's implementation of Louvain;
        ``"greedy"``: Clauset-Newman-Moore agglomeration (deterministic);
        ``"label-propagation"``: asynchronous weighted label propagation
        (Raghavan et al. 2007).
    resolution : float
        Modularity resolution gamma (1 is the classic modularity). Label
        propagation has none and accepts only 1.
    seed : int, optional
        Seed for the stochastic methods; None draws one, recorded on the result.
    weight : str or None
        Edge weight attribute of a Graph (the matrix form uses its entries); None
        ignores weights.
    n_iterations : int, optional
        Leiden only: number of iterations; a negative value runs until the partition
        is stable. None: until stable up to :data:`LEIDEN_STABLE_LINKS` links, two
        iterations (igraph's default) above, where each further iteration costs as
        much as the first and changes little. The number used is recorded in
        ``parameters["n_iterations"]``.
    reorder : bool, optional
        Leiden only: hand the authors to igraph in reverse Cuthill–McKee order, so
        co-authors sit close in memory (same objective, about a third faster on large
        networks; the partition is still fixed by the seed). By default on from
        :data:`REORDER_LINKS` links.

    Returns
    -------
    CommunityResult
        Membership indexed by ``author_id`` (sorted for a Graph, the matrix's order
        for the matrix form), label 0 the largest community. ``method`` is the
        algorithm that ran (``"louvain"`` or ``"leiden"`` for ``"auto"``, which is
        then recorded as ``parameters["requested"]``); ``parameters`` hold the
        resolution, weight and, for Leiden, ``n_iterations`` and the ``order``.

    Raises
    ------
    ValueError
        For an unknown method or a resolution the method cannot take.
    GraphInputError
        For directed graphs, multigraphs, an asymmetric matrix or invalid weights
        (also a ValueError).

    Notes
    -----
    Every method is exact in the sense that it runs to its own end; Leiden's
    iterations are bounded by `n_iterations`. Both forms of the network are reduced to
    the same canonical links (authors in sorted order, links sorted by their ends)
    before any algorithm runs, so two graphs that differ only in insertion order,
    or a Graph and its matrix form, give the identical partition for the same seed.
    Leiden runs in igraph's C code straight from those arrays; python-louvain and
    networkx's algorithms get a networkx copy built in that order.
    python-louvain gets ``random_state=seed``; networkx gets ``seed=seed``; igraph's
    generator is ``random.Random(seed)`` for the call and the previous one is put
    back afterwards; no global random state is read or written.
    An empty network gives an empty membership; one without links puts every author
    in its own community, with modularity NaN (undefined without links).
    The modularity stored is :func:`partition_modularity` with the same weight
    and resolution.

    References
    ----------
    .. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast
       unfolding of communities in large networks", J. Stat. Mech. P10008, 2008.
    .. [2] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden:
       guaranteeing well-connected communities", Sci. Rep. 9, 5233, 2019.
    .. [3] A. Clauset, M. E. J. Newman and C. Moore, "Finding community structure in
       very large networks", Phys. Rev. E 70, 066111, 2004.
    .. [4] U. N. Raghavan, R. Albert and S. Kumara, "Near linear time algorithm to
       detect community structures in large-scale networks", Phys. Rev. E 76,
       036106, 2007.
    .. [5] M. E. J. Newman and M. Girvan, "Finding and evaluating community
       structure in networks", Phys. Rev. E 69, 026113, 2004.

    Examples
    --------
    >>> import networkx as nx
    >>> res = find_communities(nx.karate_club_graph(), seed=0, weight=None)
    >>> res.method, res.n_communities, round(res.modularity, 4)
    ('louvain', 4, 0.4156)
    >>> res == find_communities(nx.karate_club_graph(), seed=0, weight=None)
    True

    The matrix form gives the same partition for the same seed:

    >>> import graphlib_papers as gp
    >>> seeds = gp.load_seeds()
    >>> a = find_communities(gp.coauthor_graph(seeds), "leiden", seed=1)
    >>> b = find_communities(gp.coauthor_matrix(seeds), "leiden", seed=1)
    >>> a == b
    True
    """
    if method not in COMMUNITY_METHODS:
        raise OptionError(f"unknown method {method!r}; choose from {list(COMMUNITY_METHODS)}")
    resolution = float(resolution)
    if not np.isfinite(resolution) or resolution <= 0:
        raise OptionError(f"resolution must be a positive number, not {resolution!r}")
    if method == "label-propagation" and resolution != 1.0:
        raise OptionError("label propagation has no resolution parameter; leave it at 1.0")
    net = as_net(network, weight)
    ran = _resolve(method, net)
    params = _method_params(net, ran, resolution, weight, n_iterations, reorder, method)
    used_seed = draw_seed(seed) if ran in _STOCHASTIC else None
    if net.m == 0:
        labels = np.arange(net.n, dtype=np.int64)
    else:
        labels = _run(net, ran, resolution, used_seed, params)
    return _result(net, labels, ran, params, used_seed)


def consensus_communities(
    network: Any,
    runs: int = 20,
    *,
    method: str = "auto",
    resolution: float = 1.0,
    seed: int | None = None,
    weight: str | None = "weight",
    threshold: float = 0.5,
) -> CommunityResult:
    """Communities that survive many seeded runs: a consensus partition.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network, either form (see :func:`find_communities`).
    runs : int
        Number of runs of `method`, with seeds drawn from ``seed``.
    method : str
        A stochastic method of :func:`find_communities` (``"auto"`` resolves once,
        by the size of the network).
    resolution, weight
        As for :func:`find_communities`.
    seed : int, optional
        Master seed; None draws one (recorded on the result).
    threshold : float
        Two co-authors stay together when at least this share of runs put them
        in the same community.

    Returns
    -------
    CommunityResult
        ``method`` is ``"consensus"``; ``parameters`` record the base method, the
        runs and the threshold; ``stability`` gives, per author, the mean share of
        runs in which the author was placed with its neighbours of the same
        consensus community (1 for authors alone in theirs).

    Raises
    ------
    ValueError
        For ``runs < 1``, a threshold outside (0, 1] or a deterministic method.

    Notes
    -----
    Following Lancichinetti & Fortunato (2012), the co-assignment frequency of
    every edge is counted over the runs (vectorised over edges, a loop over runs
    only); edges below `threshold` are dropped and the consensus communities
    are the connected components of what remains. With ``threshold > 0.5`` a
    consensus community is held together by majority links only.

    References
    ----------
    .. [1] A. Lancichinetti and S. Fortunato, "Consensus clustering in complex
       networks", Sci. Rep. 2, 336, 2012.

    Examples
    --------
    >>> import networkx as nx
    >>> res = consensus_communities(nx.barbell_graph(4, 0), runs=5, seed=0)
    >>> res.sizes.tolist(), float(res.stability.min())
    ([4, 4], 1.0)
    """
    if method not in _STOCHASTIC or method == "consensus":
        raise OptionError(f"consensus needs a stochastic method, not {method!r}")
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise OptionError(f"runs must be a positive int, not {runs!r}")
    if not 0 < threshold <= 1:
        raise OptionError(f"threshold must lie in (0, 1], not {threshold!r}")
    used_seed = draw_seed(seed)
    net = as_net(network, weight)
    n, u, v = net.n, net.u, net.v
    ran = _resolve(method, net)
    run_params = _method_params(net, ran, float(resolution), weight, None, None, method)
    seeds = np.random.default_rng(used_seed).integers(0, 2**31 - 1, size=int(runs))
    together = np.zeros(len(u))
    for s in seeds:
        if len(u):
            lab = _run(net, ran, float(resolution), int(s), run_params)
            together += lab[u] == lab[v]
    freq = together / runs
    keep = (freq >= threshold) & (u != v)
    adj = sp.coo_matrix((np.ones(keep.sum()), (u[keep], v[keep])), shape=(n, n))
    _, labels = sp.csgraph.connected_components(adj, directed=False)
    labels = relabel_by_size(labels)
    same = (labels[u] == labels[v]) & (u != v)
    num = np.bincount(u[same], weights=freq[same], minlength=n) + np.bincount(
        v[same], weights=freq[same], minlength=n
    )
    den = np.bincount(u[same], minlength=n) + np.bincount(v[same], minlength=n)
    stab = np.where(den > 0, num / np.maximum(den, 1), 1.0)
    stability = pd.Series(stab, index=net.index, name="stability")
    params = {
        "resolution": float(resolution),
        "weight": weight,
        "base_method": ran,
        "runs": int(runs),
        "threshold": float(threshold),
    }
    if ran == "leiden":
        params["n_iterations"] = run_params["n_iterations"]
    return _result(net, labels, "consensus", params, used_seed, stability)


# -- comparison -------------------------------------------------------------------------------


def _contingency(a: np.ndarray, b: np.ndarray) -> sp.csr_matrix:
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    return sp.coo_matrix((np.ones(len(a)), (ia, ib)), shape=(ia.max() + 1, ib.max() + 1)).tocsr()


def _nmi(a: np.ndarray, b: np.ndarray) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    c = _contingency(a, b)
    pa = np.asarray(c.sum(axis=1)).ravel() / n
    pb = np.asarray(c.sum(axis=0)).ravel() / n
    ha = -np.sum(pa * np.log(pa))
    hb = -np.sum(pb * np.log(pb))
    if len(pa) == 1 and len(pb) == 1:
        return 1.0
    if len(pa) == len(pb) == n:  # both all singletons
        return 1.0
    if ha == 0 or hb == 0:
        return 0.0
    coo = c.tocoo()
    pij = coo.data / n
    mi = np.sum(pij * (np.log(pij) - np.log(pa[coo.row]) - np.log(pb[coo.col])))
    return float(max(mi, 0.0) / ((ha + hb) / 2))


def _ari(a: np.ndarray, b: np.ndarray) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    c = _contingency(a, b)

    def pairs(x):
        x = np.asarray(x, dtype=float)
        return np.sum(x * (x - 1) / 2)

    sum_ij = pairs(c.data)
    sum_a = pairs(np.asarray(c.sum(axis=1)).ravel())
    sum_b = pairs(np.asarray(c.sum(axis=0)).ravel())
    total = n * (n - 1) / 2
    expected = sum_a * sum_b / total if total else 0.0
    max_index = (sum_a + sum_b) / 2
    if max_index == expected:  # both trivial in the same way (sklearn's convention)
        return 1.0
    return float((sum_ij - expected) / (max_index - expected))


def compare_partitions(a: Any, b: Any) -> pd.Series:
    """How similar two partitions of the same authors are: NMI and ARI.

    Parameters
    ----------
    a, b : CommunityResult, Series or mapping
        Label per author. Only the authors present in both are compared.

    Returns
    -------
    Series
        ``nmi`` (normalised mutual information, arithmetic-mean normalisation),
        ``ari`` (adjusted Rand index), ``n_common`` (authors compared). NMI and
        ARI are NaN when no author is shared.

    Notes
    -----
    NMI = I(A;B) / ((H(A) + H(B)) / 2) (Danon et al. 2005; the arithmetic
    normalisation of scikit-learn's default); ARI is Hubert & Arabie's (1985)
    adjusted Rand index. Both are computed from a sparse contingency table; the
    degenerate cases (a single cluster, all singletons) follow scikit-learn's
    conventions, so the values equal ``sklearn.metrics`` without requiring it.

    References
    ----------
    .. [1] L. Danon, A. Diaz-Guilera, J. Duch and A. Arenas, "Comparing community
       structure identification", J. Stat. Mech. P09008, 2005.
    .. [2] L. Hubert and P. Arabie, "Comparing partitions", J. Classification
       2:193-218, 1985.

    Examples
    --------
    >>> a = {"x": 0, "y": 0, "z": 1, "w": 1}
    >>> compare_partitions(a, {"x": 5, "y": 5, "z": 7, "w": 7}).tolist()
    [1.0, 1.0, 4.0]
    >>> round(float(compare_partitions(a, {"x": 0, "y": 1, "z": 0, "w": 1})["ari"]), 3)
    -0.5
    """
    sa, sb = as_partition(a), as_partition(b)
    common = sa.index.intersection(sb.index)
    common = pd.Index(sorted_nodes(common), dtype=object)
    la = sa.loc[common].astype(str).to_numpy()
    lb = sb.loc[common].astype(str).to_numpy()
    return pd.Series(
        {"nmi": _nmi(la, lb), "ari": _ari(la, lb), "n_common": float(len(common))},
        name="comparison",
    )
