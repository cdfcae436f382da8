"""Checks and small conventions shared by every analysis (one place, never duplicated).

Modelled on scikit-network's ``utils/check.py``: each public function calls these, and
they copy rather than mutate what the caller passed.
"""

from __future__ import annotations

import functools
import sys
import types
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import EmptyGraphError, OptionError, SchemaError

__all__ = [
    "WEIGHTINGS",
    "GROUP_AUTHORS",
    "ENGINES",
    "EXTERNAL_ENGINES",
    "EDGE_COLUMNS",
    "draw_seed",
    "check_measures",
    "check_count",
    "check_edge_options",
    "check_nx_graph",
    "graph_of_net",
    "years_spec",
    "years_record",
    "projection_record",
    "year_mask",
    "as_partition",
    "node_values",
    "relabel_by_size",
    "top_keys",
    "rank_order",
    "warn_renamed",
    "renamed_keywords",
    "network_and_corpus",
    "callable_module",
]

# -- the projection's options, for every engine ----------------------------------------
#: Counting schemes of the co-author projection.
WEIGHTINGS = ("count", "newman", "fractional", "association", "salton", "jaccard")
#: What the projection does with group authors ("Gemini Team").
GROUP_AUTHORS = ("keep", "drop", "isolate")
#: Every engine of the projection; the first is the built-in one.
ENGINES = ("scipy", "duckdb", "spark")
#: The engines behind optional extras.
EXTERNAL_ENGINES = ENGINES[1:]
#: Columns of an edge table, in order, whatever the engine.
EDGE_COLUMNS = ["source", "target", "weight", "n_shared", "n_shared_truncated"]


def draw_seed(seed: int | None) -> int:
    """The seed given, or a fresh one from OS entropy (global random state untouched).

    Examples
    --------
    >>> draw_seed(7)
    7
    >>> 0 <= draw_seed(None) < 2**31 - 1
    True
    """
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None, not {type(seed).__name__}")
    return int(seed)


def check_measures(measures, allowed: Sequence[str], what: str, hint: str = "") -> list[str]:
    """`measures` (a name or names) as a list without repeats; ValueError for unknown ones."""
    if isinstance(measures, str):
        measures = (measures,)
    measures = list(dict.fromkeys(measures))
    unknown = [m for m in measures if m not in allowed]
    if unknown:
        raise OptionError(f"unknown {what} {unknown}; choose from {list(allowed)}{hint}")
    return measures


def check_count(value, name: str, *, minimum: int = 1, allow_none: bool = True) -> int | None:
    """An int >= `minimum` (or None when allowed); ValueError otherwise."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise OptionError(f"{name} must be an int >= {minimum}, not {value!r}")
    return int(value)


def check_edge_options(
    weighting: str, max_authors: int | None, group_authors: str, min_weight: float = 0
) -> int | None:
    """Check the projection's options (same errors on every engine); `max_authors` as int."""
    if weighting not in WEIGHTINGS:
        raise OptionError(f"weighting must be one of {WEIGHTINGS}, not {weighting!r}")
    if group_authors not in GROUP_AUTHORS:
        raise OptionError(f"group_authors must be one of {GROUP_AUTHORS}, not {group_authors!r}")
    if max_authors is not None:
        if (isinstance(max_authors, bool) or not isinstance(max_authors, int | np.integer)
                or max_authors < 1):
            raise OptionError(
                f"max_authors must be a positive integer or None, not {max_authors!r}"
            )
        max_authors = int(max_authors)
    if not isinstance(min_weight, int | float | np.number) or not min_weight >= 0:
        raise OptionError(f"min_weight must be a number >= 0, not {min_weight!r}")
    return max_authors


def years_spec(years: Any) -> tuple | None:
    """The one reading of ``years=``: None, ``("int", y)``, ``("range", lo, hi)`` (either
    end None) or ``("set", (y, ...))`` (sorted), for :meth:`Corpus.filter`, the
    projection and its engines.

    Examples
    --------
    >>> years_spec(2020), years_spec((None, 2015)), years_spec([2022, 2019, 2022])
    (('int', 2020), ('range', None, 2015), ('set', (2019, 2022)))
    """
    if years is None:
        return None
    if isinstance(years, tuple) and len(years) == 2:
        lo, hi = years
        return ("range", None if lo is None else int(lo), None if hi is None else int(hi))
    if isinstance(years, int | np.integer) and not isinstance(years, bool):
        return ("int", int(years))
    if isinstance(years, Iterable) and not isinstance(years, str):
        return ("set", tuple(sorted({int(v) for v in years})))
    raise OptionError(f"years must be an int, a (start, end) tuple or an iterable, not {years!r}")


def years_record(years: Any) -> Any:
    """``years=`` as recorded on a projection: an int or tuple as given, else a tuple of ints."""
    if years is None or isinstance(years, int | tuple):
        return years
    return tuple(int(y) for y in years)


def projection_record(engine: str, **options: Any) -> dict[str, Any]:
    """The options of a projection as every engine records them (``attrs["projection"]``).

    Examples
    --------
    >>> projection_record("scipy", weighting="count", years=[2021, 2020])
    {'engine': 'scipy', 'weighting': 'count', 'years': (2021, 2020)}
    """
    record = {"engine": engine, **options}
    if "years" in record:
        record["years"] = years_record(record["years"])
    return record


def year_mask(year: pd.Series, years: Any) -> np.ndarray:
    """Rows kept by `years` (see :func:`years_spec`); rows without a year are dropped
    whenever `years` is given.

    Examples
    --------
    >>> y = pd.Series([2019, 2020, None, 2022], dtype="Int64")
    >>> year_mask(y, (2020, None)).tolist(), year_mask(y, [2019, 2022]).tolist()
    ([False, True, False, True], [True, False, False, True])
    """
    spec = years_spec(years)
    if spec is None:
        return np.ones(len(year), dtype=bool)
    if spec[0] == "range":
        sel = year.notna()
        if spec[1] is not None:
            sel &= year >= spec[1]
        if spec[2] is not None:
            sel &= year <= spec[2]
    elif spec[0] == "int":
        sel = year == spec[1]
    else:
        sel = year.isin(list(spec[1]))
    return sel.fillna(False).astype(bool).to_numpy()


def check_nx_graph(G: Any, *, nonempty: bool = False) -> None:
    """TypeError unless `G` is a networkx graph; with `nonempty`, EmptyGraphError when
    it has no nodes."""
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise TypeError(f"expected a networkx graph, not {type(G).__name__}")
    if nonempty and G.number_of_nodes() == 0:
        raise EmptyGraphError("the graph has no nodes: nothing to draw")


def graph_of_net(net: Any, keep: np.ndarray | None = None):
    """A networkx Graph of a network in canonical form (``_network.Net``), or of the
    authors at the sorted positions `keep` and the links among them.

    The one way a matrix-form network becomes a networkx Graph for drawing and export:
    ``name`` and, when the matrix form knows it, ``is_group`` on nodes, ``weight`` on
    edges, nodes and edges in canonical order.

    Examples
    --------
    >>> import graphlib_papers as gp
    >>> from graphlib_papers._network import as_net
    >>> net = as_net(gp.coauthor_matrix(gp.load_seeds()))
    >>> H = graph_of_net(net)
    >>> H.number_of_nodes(), H.number_of_edges(), H.nodes["a:sanjiv-kumar"]
    (170, 389, {'name': 'Sanjiv Kumar', 'is_group': False})
    """
    import networkx as nx

    keep = np.arange(net.n) if keep is None else np.asarray(keep)
    inside = np.zeros(net.n, dtype=bool)
    inside[keep] = True
    e = inside[net.u] & inside[net.v]
    groups = net.is_group
    H = nx.Graph()
    for i in keep.tolist():
        x = net.nodes[i]
        attrs = {"name": net.names[i]}
        if groups is not None:
            attrs["is_group"] = bool(groups.get(x, False))
        H.add_node(x, **attrs)
    H.add_weighted_edges_from(
        (net.nodes[a], net.nodes[b], w)
        for a, b, w in zip(net.u[e].tolist(), net.v[e].tolist(), net.w[e].tolist(), strict=True)
    )
    return H


def as_partition(partition: Any) -> pd.Series:
    """Community per node from a CommunityResult, Series, mapping or list of node sets.

    Examples
    --------
    >>> as_partition([{"a", "b"}, {"c"}]).sort_index().tolist()
    [0, 0, 1]
    """
    membership = getattr(partition, "membership", None)
    if isinstance(membership, pd.Series):
        return membership
    if isinstance(partition, pd.Series):
        return partition
    if isinstance(partition, Mapping):
        return pd.Series(dict(partition), dtype=object)
    if isinstance(partition, Iterable) and not isinstance(partition, str):
        return pd.Series({n: i for i, c in enumerate(partition) for n in c}, dtype=object)
    raise TypeError(f"cannot read a partition from {type(partition).__name__}")


def node_values(values: Any, G: Any = None, what: str = "values") -> pd.Series | None:
    """A value per node (None stays None) from a Series, mapping, result object with a
    ``membership``, or the name of a node attribute of `G`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)]); G.nodes[1]["lab"] = "x"
    >>> node_values("lab", G).to_dict(), node_values({2: 5}).to_dict()
    ({1: 'x'}, {2: 5})
    """
    if values is None:
        return None
    membership = getattr(values, "membership", None)
    if isinstance(membership, pd.Series):
        return membership
    if isinstance(values, str):
        if G is None:
            raise SchemaError(f"{what}={values!r} names a node attribute but no graph was given")
        return pd.Series(dict(G.nodes(data=values)), dtype=object).dropna()
    if isinstance(values, pd.DataFrame):
        raise SchemaError(f"{what} must be a Series or mapping, not a DataFrame; pick a column")
    if isinstance(values, Mapping):
        return pd.Series(dict(values), dtype=object)
    if isinstance(values, pd.Series):
        return values
    raise SchemaError(f"{what} must be a Series, a mapping or a node attribute name")


def relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 by decreasing size, ties by first position (the smallest member
    when positions follow the canonical node order)."""
    labels = np.asarray(labels)
    if len(labels) == 0:
        return np.zeros(0, dtype=np.int64)
    uniq, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    new = np.empty(len(uniq), dtype=np.int64)
    new[order] = np.arange(len(uniq))
    return new[inverse]


def top_keys(scores: pd.Series, top_n: int | None = None) -> list:
    """Index labels by decreasing score, ties by the label's text; the first `top_n` (all: None).

    The one tie-break of every "top authors" list and drawing (labels may mix types,
    so they are compared as text).

    Examples
    --------
    >>> top_keys(pd.Series({"b": 2.0, "a": 2.0, "c": 5.0}), 2)
    ['c', 'a']
    """
    scores = pd.Series(scores)
    order = rank_order(scores.to_numpy(dtype=float), scores.index)
    if top_n is not None:
        order = order[: int(top_n)]
    return scores.index[order].tolist()


def links_by_group(gu: np.ndarray, gv: np.ndarray, w: np.ndarray, k: int) -> tuple:
    """Per group 0..k-1 (each link's end groups `gu`, `gv`, weight `w`): links inside and
    their weight, links to other groups (counted at each end) and their weight.

    The one count behind community and lab cluster tables.

    Examples
    --------
    >>> gu, gv, w = np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([1.0, 2.0, 3.0])
    >>> [x.tolist() for x in links_by_group(gu, gv, w, 2)]
    [[1, 1], [1.0, 3.0], [1, 1], [2.0, 2.0]]
    """
    same = gu == gv
    int_e = np.bincount(gu[same], minlength=k)
    int_w = np.bincount(gu[same], weights=w[same], minlength=k)
    ends = np.concatenate([gu[~same], gv[~same]])
    wts = np.concatenate([w[~same], w[~same]])
    return int_e, int_w, np.bincount(ends, minlength=k), np.bincount(ends, weights=wts, minlength=k)


def runs_to_tuples(keys: Sequence, items: Iterable) -> dict:
    """``{key: tuple of its items}`` for `items` already grouped by key (each key one
    contiguous run), in one pass.

    Examples
    --------
    >>> runs_to_tuples(["a", "a", "b"], [("x", 2), ("y", 1), ("x", 5)])
    {'a': (('x', 2), ('y', 1)), 'b': (('x', 5),)}
    """
    items = list(items)
    if not len(items):
        return {}
    codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
    cuts = np.r_[0, np.flatnonzero(np.diff(codes)) + 1, len(codes)]
    return {k: tuple(items[i:j]) for k, i, j in zip(uniques, cuts[:-1], cuts[1:], strict=True)}


def rank_order(values: np.ndarray, labels: Sequence) -> np.ndarray:
    """Positions by decreasing value, ties by the label's text (see :func:`top_keys`)."""
    text = np.array([str(x) for x in labels], dtype=object)
    return np.lexsort((text, -np.asarray(values, dtype=float)))


# -- deprecations ----------------------------------------------------------------------
def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """One FutureWarning wording for every name kept one release after a rename."""
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; use {new}",
        FutureWarning,
        stacklevel=stacklevel,
    )


def renamed_keywords(**renames: str):
    """Decorator: keyword arguments renamed ``old="new"`` keep working one release.

    A call with the old name runs with the new one and warns (FutureWarning); a call
    with both is a TypeError, as a repeated keyword would be.

    Examples
    --------
    >>> import warnings
    >>> @renamed_keywords(n="top_n")
    ... def f(*, top_n=5):
    ...     return top_n
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     f(n=2), w[0].category.__name__
    (2, 'FutureWarning')
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and {new}=")
                    warn_renamed(f"{func.__name__}({old}=)", f"{new}=", stacklevel=3)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.renamed_keywords = dict(renames)
        return wrapper

    return decorate


def network_and_corpus(
    func: str, network: Any, corpus: Any, corpus_type: type, *, G: Any = None,
    alone: bool = True,
) -> tuple[Any, Any]:
    """``(network, corpus)`` in the convention's order, from any call form kept one release.

    The order is the network first, then the corpus. Understood as well:

    * a corpus alone where the network goes (``f(corpus)``) when `alone`: the function
      builds the network from it (no warning, the documented short form);
    * the older order ``f(corpus, network)``: swapped, with a FutureWarning;
    * the older keyword ``G=``: taken as the network, with a FutureWarning.

    `corpus_type` is the Corpus class (passed in, so this module imports no other).

    Examples
    --------
    >>> class C: pass
    >>> c = C()
    >>> network_and_corpus("f", c, None, C) == (None, c)
    True
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     network_and_corpus("f", c, "net", C) == ("net", c), str(w[0].message)[-22:]
    (True, 'use f(network, corpus)')
    """
    if G is not None:
        warn_renamed(f"{func}(G=...)", f"{func}(network)", stacklevel=4)
        if isinstance(network, corpus_type) and corpus is None:
            corpus = network
        network = G
    elif isinstance(network, corpus_type) and not isinstance(corpus, corpus_type):
        if corpus is not None or not alone:
            warn_renamed(f"{func}(corpus, network)", f"{func}(network, corpus)", stacklevel=4)
        network, corpus = corpus, network
    return network, corpus


def callable_module(module_name: str, func, old: str) -> None:
    """Make the module `module_name` callable as the deprecated function `old`.

    ``graphlib_papers.report`` is the module (so ``import graphlib_papers.report as r``
    gives the module), yet ``gp.report(corpus, out)`` written before the rename to
    :func:`write_report` keeps working for one release, with a FutureWarning.
    """
    module = sys.modules[module_name]

    class _DeprecatedCallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            warn_renamed(f"graphlib_papers.{old}()", f"graphlib_papers.{func.__name__}()")
            return func(*args, **kwargs)

    module.__class__ = _DeprecatedCallableModule
