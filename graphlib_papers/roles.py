"""Authors' roles between communities: who bridges them.

The participation coefficient of Guimerà and Amaral [1]_ measures how evenly an
author's links spread over communities: P_i = 1 − Σ_s (k_is / k_i)², where k_is is
the weight of i's links into community s and k_i their total. P = 0 when every link
stays inside one community; it nears 1 when the links spread evenly over many.

References
----------
.. [1] R. Guimerà and L. A. N. Amaral, "Functional cartography of complex metabolic
   networks", Nature 433, 895–900 (2005).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._check import renamed_keywords
from ._network import as_net
from .exceptions import SchemaError

__all__ = ["participation_coefficient", "bridging_authors"]


def _membership(communities: Any) -> pd.Series:
    membership = getattr(communities, "membership", communities)
    if not isinstance(membership, pd.Series):
        raise SchemaError("communities must be a CommunityResult or a Series")
    return membership


def _link_matrix(network: Any, membership: pd.Series, weight: str | None):
    """The network (canonical form), the weight of each author's links into each
    community (a sparse authors × communities matrix), the community codes and labels."""
    net = as_net(network, weight=weight)
    labels = membership.reindex(net.index)
    if labels.isna().any():
        missing = labels.index[labels.isna()][0]
        raise SchemaError(f"node {missing!r} has no community in the membership")
    codes, uniques = pd.factorize(labels, sort=True)
    C = sp.csr_matrix((np.ones(net.n), (np.arange(net.n), codes)), shape=(net.n, len(uniques)))
    K = sp.csr_matrix(net.adjacency() @ C)
    return net, K, codes, uniques


def _participation(K: sp.csr_matrix) -> np.ndarray:
    k = np.asarray(K.sum(axis=1)).ravel()
    sq = np.asarray(K.multiply(K).sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(k > 0, 1.0 - sq / np.where(k > 0, k, 1.0) ** 2, 0.0)
    return np.clip(p, 0.0, 1.0)


def participation_coefficient(
    network: Any, communities: Any, *, weight: str | None = "weight"
) -> pd.Series:
    """Participation coefficient of each author in a community partition.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network in either form.
    communities : CommunityResult or Series
        Node -> community label; every node needs one.
    weight : str or None, default "weight"
        Edge attribute giving the link weight; None counts links.

    Returns
    -------
    Series
        Indexed by node (canonical, sorted order), named ``participation``; 0 for
        isolated nodes.

    References
    ----------
    .. [1] R. Guimerà and L. A. N. Amaral, "Functional cartography of complex
       metabolic networks", Nature 433, 895–900 (2005).

    Examples
    --------
    A node with two links into community 0 and two into community 1 has
    P = 1 − (½² + ½²) = 0.5:

    >>> import networkx as nx
    >>> G = nx.Graph([("h", "a"), ("h", "b"), ("h", "c"), ("h", "d")])
    >>> m = pd.Series({"h": 0, "a": 0, "b": 0, "c": 1, "d": 1})
    >>> float(participation_coefficient(G, m)["h"])
    0.5
    """
    membership = _membership(communities)
    net, K, _, _ = _link_matrix(network, membership, weight)
    return pd.Series(_participation(K), index=net.index.copy(), name="participation")


@renamed_keywords(n="top_n")
def bridging_authors(
    network: Any, communities: Any, *, top_n: int = 15, weight: str | None = "weight"
) -> pd.DataFrame:
    """The authors whose links reach most across communities.

    Parameters
    ----------
    network : networkx.Graph or CoauthorMatrix
        The co-author network in either form (names from the nodes' ``name``).
    communities : CommunityResult or Series
    top_n : int, default 15
        How many authors to return.
    weight : str or None, default "weight"

    Returns
    -------
    DataFrame
        Indexed by ``author_id``: ``name``, ``community``, ``participation``
        (:func:`participation_coefficient`), ``external_weight`` (weight of links
        to other communities), ``external_share`` (of the author's total),
        ``communities_reached`` (other communities linked). Sorted by external weight,
        then participation, then id; authors without outside links are left out.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("h", "a"), ("h", "b"), ("h", "c"), ("a", "b")])
    >>> m = pd.Series({"h": 0, "a": 0, "b": 0, "c": 1})
    >>> bridging_authors(G, m)[["community", "external_weight", "communities_reached"]]
              community  external_weight  communities_reached
    author_id
    h                 0              1.0                    1
    c                 1              1.0                    1
    """
    membership = _membership(communities)
    net, K, codes, uniques = _link_matrix(network, membership, weight)
    k = np.asarray(K.sum(axis=1)).ravel()
    # (scipy cannot index an empty matrix with empty arrays)
    own = np.asarray(K[np.arange(net.n), codes]).ravel() if net.n else np.zeros(0)
    ext = k - own
    reached = np.diff(K.indptr) - (own > 0)
    part = _participation(K)
    rows = np.flatnonzero(ext > 0)
    # external weight, then participation, both decreasing, then the id as text
    rows = rows[np.lexsort((np.array([str(net.nodes[i]) for i in rows], dtype=object),
                            -part[rows], -ext[rows]))][: max(int(top_n), 0)]
    return pd.DataFrame(
        {
            "name": [str(net.names[i]) for i in rows],
            "community": np.asarray(uniques)[codes[rows]],
            "participation": part[rows],
            "external_weight": ext[rows],
            "external_share": ext[rows] / k[rows],
            "communities_reached": reached[rows].astype(int),
        },
        index=pd.Index([net.nodes[i] for i in rows], name="author_id", dtype=object),
    )
