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

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .exceptions import SchemaError

__all__ = ["participation_coefficient", "bridging_authors"]


def _membership(communities: Any) -> pd.Series:
    membership = getattr(communities, "membership", communities)
    if not isinstance(membership, pd.Series):
        raise SchemaError("communities must be a CommunityResult or a Series")
    return membership


def _link_matrix(network: nx.Graph, membership: pd.Series, weight: str | None):
    """Nodes (sorted), the weight of each node's links into each community, labels."""
    if not isinstance(network, nx.Graph):
        raise SchemaError(f"network must be a networkx Graph, not {type(network).__name__}")
    nodes = sorted(network.nodes, key=str)
    A = nx.to_scipy_sparse_array(network, nodelist=nodes, weight=weight, format="csr")
    labels = membership.reindex(nodes)
    if labels.isna().any():
        missing = labels.index[labels.isna()][0]
        raise SchemaError(f"node {missing!r} has no community in the membership")
    codes, uniques = pd.factorize(labels, sort=True)
    M = sp.csr_matrix(
        (np.ones(len(nodes)), (np.arange(len(nodes)), codes)), shape=(len(nodes), len(uniques))
    )
    K = sp.csr_matrix(A @ M)
    return nodes, K, codes, uniques


def participation_coefficient(
    network: nx.Graph, communities: Any, *, weight: str | None = "weight"
) -> pd.Series:
    """Participation coefficient of each author in a community partition.

    Parameters
    ----------
    network : networkx.Graph
    communities : CommunityResult or Series
        Node -> community label; every node needs one.
    weight : str or None, default "weight"
        Edge attribute giving the link weight; None counts links.

    Returns
    -------
    Series
        Indexed by node (sorted), named ``participation``; 0 for isolated nodes.

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
    nodes, K, _, _ = _link_matrix(network, membership, weight)
    k = np.asarray(K.sum(axis=1)).ravel()
    sq = np.asarray(K.multiply(K).sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(k > 0, 1.0 - sq / np.where(k > 0, k, 1.0) ** 2, 0.0)
    return pd.Series(np.clip(p, 0.0, 1.0), index=pd.Index(nodes), name="participation")


def bridging_authors(
    network: nx.Graph, communities: Any, *, n: int = 15, weight: str | None = "weight"
) -> pd.DataFrame:
    """The authors whose links reach most across communities.

    Parameters
    ----------
    network : networkx.Graph
        A co-author graph (nodes carry ``name``).
    communities : CommunityResult or Series
    n : int, default 15
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
    nodes, K, codes, uniques = _link_matrix(network, membership, weight)
    k = np.asarray(K.sum(axis=1)).ravel()
    own = np.asarray(K[np.arange(len(nodes)), codes]).ravel()
    ext = k - own
    reached = np.diff(K.indptr) - (own > 0)
    part = participation_coefficient(network, membership, weight=weight).to_numpy()
    names = nx.get_node_attributes(network, "name")
    table = pd.DataFrame(
        {
            "name": [str(names.get(v, v)) for v in nodes],
            "community": np.asarray(uniques)[codes],
            "participation": part,
            "external_weight": ext,
            "external_share": np.where(k > 0, ext / np.where(k > 0, k, 1.0), 0.0),
            "communities_reached": reached.astype(int),
            "_id": [str(v) for v in nodes],
        },
        index=pd.Index(nodes, name="author_id"),
    )
    table = table[table["external_weight"] > 0]
    table = table.sort_values(
        ["external_weight", "participation", "_id"], ascending=[False, False, True]
    )
    return table.drop(columns="_id").head(n)
