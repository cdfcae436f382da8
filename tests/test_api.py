"""The shape of the public API: modules not shadowed, one exception rule, no private
names crossing modules, no import cycles, deprecated names that still work."""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import types

import networkx as nx
import pandas as pd
import pytest

import graphlib_papers as gp

PACKAGE = pathlib.Path(gp.__file__).parent
# the readers are being reworked separately; their own cleanup is tracked there
# of io/, the modules shared by every reader are held to the rule as well
SHARED_IO = {"_dedup.py", "parquet.py", "__init__.py"}
OUTSIDE_IO = sorted(
    p for p in PACKAGE.rglob("*.py")
    if "io" not in p.relative_to(PACKAGE).parts or p.name in SHARED_IO
)
ALL_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_vendor" not in p.parts)


def _toy() -> gp.Corpus:
    return gp.Corpus.from_authorships(pd.DataFrame({
        "paper_id": ["p1", "p1", "p2", "p2"], "year": [2020, 2020, 2021, 2021],
        "author": ["Ada Lovelace", "Charles Babbage", "Ada Lovelace", "Mary Somerville"]}))


@pytest.mark.parametrize("name", ["report", "evolution", "plotting", "names", "interactive"])
def test_modules_are_not_shadowed_by_functions(name):
    module = importlib.import_module(f"graphlib_papers.{name}")
    assert isinstance(module, types.ModuleType)
    assert getattr(gp, name) is module


def test_renamed_functions_keep_their_old_names_for_one_release(tmp_path):
    toy = _toy()
    with pytest.warns(FutureWarning, match="write_report"):
        gp.report(toy, tmp_path / "old", seed=0)
    gp.write_report(toy, tmp_path / "new", seed=0)
    old_md, new_md = (tmp_path / d / "report.md" for d in ("old", "new"))
    assert old_md.read_text() == new_md.read_text()
    with pytest.warns(FutureWarning, match="network_evolution"):
        old = gp.evolution(toy, seed=0)
    pd.testing.assert_frame_equal(old, gp.network_evolution(toy, seed=0))
    with pytest.warns(FutureWarning, match="network_evolution"):
        gp.evolution.evolution(toy, include_communities=False, seed=0)


def test_concat_is_the_deprecated_name_of_concat_sources():
    pages = [gp.read_profile(p) for p in gp.seed_paths()[2:4]]
    with pytest.warns(FutureWarning, match=r"concat\(\) is deprecated.*concat_sources\(\)"):
        old = gp.concat(pages)
    new = gp.concat_sources(pages)
    assert old == new
    pd.testing.assert_frame_equal(old.load_report, new.load_report)
    # what concat promised: papers listed on both pages become one, naming both pages
    ids = [set(p.papers.index) for p in pages]
    assert new.n_papers == len(ids[0] | ids[1]) < len(ids[0]) + len(ids[1])
    names = [p.name for p in gp.seed_paths()[2:4]]
    for pid in ids[0] & ids[1]:
        assert set(new.papers.at[pid, "sources"]) == set(names)


def test_renamed_keywords_helper_warns_maps_and_refuses_both():
    from graphlib_papers._check import renamed_keywords

    @renamed_keywords(n="top_n")
    def f(x, *, top_n=5):
        return x, top_n

    assert list(inspect.signature(f).parameters) == ["x", "top_n"]
    with pytest.warns(FutureWarning, match=r"f\(n=\) is deprecated.*use top_n="):
        assert f(1, n=2) == (1, 2)
    assert f(1, top_n=3) == (1, 3)
    with pytest.raises(TypeError, match="both n= and top_n="):
        f(1, n=2, top_n=3)


def test_one_word_for_how_many_with_the_old_keywords_kept_one_release():
    toy = gp.load_seeds()
    M = gp.coauthor_matrix(toy)
    res = gp.find_communities(M, seed=0)
    lg = gp.lab_graph(toy)
    calls = [
        (gp.bridging_authors, (M, res), "n", 3),
        (gp.community_terms, (toy, res), "n", 2),
        (gp.community_report, (M, toy, res), "top", 1),
        (gp.plotting.papers_per_year, (toy,), "top", 2),
        (gp.plotting.lab_mixing_matrix, (lg,), "max_labs", 2),
    ]
    for func, args, old, value in calls:
        with pytest.warns(FutureWarning, match=f"{old}="):
            before = func(*args, **{old: value})
        after = func(*args, top_n=value)
        pd.testing.assert_frame_equal(before, after)
    # the drawings and the report map their old keywords the same way
    assert gp.plotting.plot_network.renamed_keywords == {"labels": "top_n_labels",
                                                         "G": "network"}
    assert gp.plotting.plot_ego.renamed_keywords == {"labels": "top_n_labels", "G": "network"}
    assert gp.plotting.plot_community_sizes.renamed_keywords == {"max_bars": "top_n"}
    assert gp.plotting.plot_lab_heatmap.renamed_keywords == {"max_labs": "top_n"}
    assert gp.plotting.plot_papers_per_year.renamed_keywords == {"top": "top_n"}
    assert gp.build_report.renamed_keywords == {"top": "top_n", "labels": "top_n_labels"}
    with pytest.warns(FutureWarning, match="max_bars="):
        ax = gp.plotting.plot_community_sizes(res, max_bars=2)
    assert len(ax.patches) == 3  # two communities and "other"
    top = pd.Series({0: ("Ann Lee", "Bo Chen", "Cy Diaz")})
    terms = pd.DataFrame({"terms": [("graphs", "nets", "webs")]}, index=[0])
    with pytest.warns(FutureWarning, match="n_terms="):
        old_names = gp.community_names(top, terms, top_n_authors=1, n_terms=1)
    assert old_names.tolist() == ["Ann Lee: graphs"]
    pd.testing.assert_series_equal(
        old_names, gp.community_names(top, terms, top_n_authors=1, top_n_terms=1)
    )
    G = gp.coauthor_graph(toy)
    with pytest.warns(FutureWarning, match="n_coauthors="):
        old_view = gp.network_view(G, n_coauthors=1, seed=0)
    new_view = gp.network_view(G, top_n_coauthors=1, seed=0)
    pd.testing.assert_frame_equal(old_view.nodes, new_view.nodes)
    assert not new_view.nodes["top_coauthors"].str.contains(",").any()


def test_bool_and_data_keywords_renamed_with_the_old_names_kept_one_release():
    toy = gp.load_seeds()
    with pytest.warns(FutureWarning, match="communities="):
        old = gp.network_evolution(toy, freq=3, communities=False, seed=0)
    new = gp.network_evolution(toy, freq=3, include_communities=False, seed=0)
    pd.testing.assert_frame_equal(old, new)
    assert "n_communities" not in new.columns
    with pytest.warns(FutureWarning, match="corpus_or_results="):
        old_tr = gp.track_communities(corpus_or_results=toy, freq=3, seed=0)
    pd.testing.assert_frame_equal(old_tr, gp.track_communities(data=toy, freq=3, seed=0))


def test_counts_are_called_top_n_everywhere():
    old_words = {"top", "n", "labels", "max_bars", "max_labs"}
    found = []
    for path in OUTSIDE_IO:
        rel = path.relative_to(PACKAGE).with_suffix("")
        name = ".".join(["graphlib_papers", *rel.parts]).removesuffix(".__init__")
        module = importlib.import_module(name)
        for fname in getattr(module, "__all__", []):
            f = getattr(module, fname)
            if not inspect.isfunction(f):
                continue
            for p in inspect.signature(f).parameters.values():
                if not str(p.annotation).startswith("int"):
                    continue
                # n_iterations is the algorithm's own parameter (igraph's word), not a count
                # of things shown
                counted = p.name.startswith("n_") and p.name != "n_iterations"
                if p.name in old_words or counted:
                    found.append(f"{name}.{fname}({p.name}=)")
    assert found == []


def test_older_argument_orders_still_work_with_a_warning():
    toy = _toy()
    M = gp.coauthor_matrix(toy)
    res = gp.find_communities(M, seed=0)
    with pytest.warns(FutureWarning, match=r"use community_report\(network, corpus\)"):
        old = gp.community_report(toy, M, res)
    pd.testing.assert_frame_equal(old, gp.community_report(M, toy, res))
    with pytest.warns(FutureWarning, match=r"community_report\(result=\).*communities="):
        kw = gp.community_report(M, toy, result=res)
    pd.testing.assert_frame_equal(kw, gp.community_report(M, toy, communities=res))
    with pytest.warns(FutureWarning, match=r"labs_vs_communities\(corpus, communities\)"):
        old_cmp = gp.labs_vs_communities(res, toy)
    new_cmp = gp.labs_vs_communities(toy, res)
    pd.testing.assert_frame_equal(old_cmp.crosstab, new_cmp.crosstab)
    with pytest.warns(FutureWarning, match=r"labs_vs_communities\(result=\)"):
        kw_cmp = gp.labs_vs_communities(toy, result=res)
    pd.testing.assert_frame_equal(kw_cmp.crosstab, new_cmp.crosstab)
    with pytest.raises(TypeError, match="corpus must be a Corpus"):
        gp.community_report(M, M, res)


@pytest.mark.parametrize("func", [gp.lab_clusters, gp.lab_graph])
def test_lab_tables_take_the_network_first_and_the_old_order_warns(func):
    seeds = gp.load_seeds()
    G = gp.coauthor_graph(seeds, weighting="newman")  # not what the corpus alone gives
    new = func(G, seeds)
    same = (pd.testing.assert_frame_equal if isinstance(new, pd.DataFrame)
            else lambda a, b: _same_graph(a, b))
    same(new, func(network=G, corpus=seeds))
    with pytest.warns(FutureWarning, match=rf"use {func.__name__}\(network, corpus\)"):
        same(func(seeds, G), new)
    with pytest.warns(FutureWarning, match=rf"{func.__name__}\(G=\.\.\.\)"):
        same(func(seeds, G=G), new)
    # the corpus alone builds the count-weighted network, as it did before
    alone = func(seeds)
    same(alone, func(gp.coauthor_matrix(seeds), seeds))
    same(alone, func(corpus=seeds))
    if isinstance(new, pd.DataFrame):
        assert not new["internal_weight"].equals(alone["internal_weight"])
    with pytest.raises(TypeError, match="corpus must be a Corpus"):
        func(G)


def test_functions_that_take_either_form_call_it_network():
    """`G` is left only where a networkx Graph alone is accepted."""
    G = gp.coauthor_graph(gp.load_seeds())
    either = []
    for name, params in _public_functions():
        first = next(iter(params), None)
        if first == "G":
            func = getattr(gp, name, None) or getattr(gp.plotting, name)
            try:
                func(gp.coauthor_matrix(gp.load_seeds()))
            except TypeError:
                continue  # a Graph only: G is the right name
            either.append(name)
    assert either == []
    # the layout (which used to fail on the matrix form) is the same for both forms
    pos_g = gp.plotting.network_layout(G, seed=3, iterations=5)
    pos_m = gp.plotting.network_layout(gp.coauthor_matrix(gp.load_seeds()), seed=3,
                                       iterations=5)
    assert list(pos_g.index) == sorted(G.nodes, key=str)
    pd.testing.assert_frame_equal(pos_g, pos_m)
    with pytest.warns(FutureWarning, match=r"degree_distribution\(G=\)"):
        old = gp.plotting.degree_distribution(G=G)
    pd.testing.assert_frame_equal(old, gp.plotting.degree_distribution(G))


def test_partition_modularity_takes_communities_like_networkx():
    G = nx.barbell_graph(4, 0)
    labels = {n: int(n >= 4) for n in G}
    expected = nx.community.modularity(G, [set(range(4)), set(range(4, 8))])
    with pytest.warns(FutureWarning, match=r"partition_modularity\(partition=\)"):
        assert gp.partition_modularity(G, partition=labels) == pytest.approx(expected)
    assert gp.partition_modularity(G, communities=labels) == pytest.approx(expected)


def test_by_is_a_grouping_only_the_older_uses_kept_one_release():
    seeds = gp.load_seeds()
    G = gp.coauthor_graph(seeds)
    res = gp.find_communities(G, seed=0)
    with pytest.warns(FutureWarning, match=r"community_report\(by=\).*measure="):
        old = gp.community_report(G, seeds, res, by="degree")
    new = gp.community_report(G, seeds, res, measure="degree")
    pd.testing.assert_frame_equal(old, new)
    assert not new["top_authors"].equals(gp.community_report(G, seeds, res)["top_authors"])
    degree = pd.Series(dict(G.degree()))
    with pytest.warns(FutureWarning, match=r"focus_nodes\((by|membership)=\)"):
        old_nodes = gp.plotting.focus_nodes(G, top_n=5, by=degree, community=0,
                                            membership=res.membership)
    new_nodes = gp.plotting.focus_nodes(G, top_n=5, size=degree, community=0, color=res)
    assert old_nodes == new_nodes
    # the five best-connected members of community 0, by an independent count
    members = [n for n in G if res.membership[n] == 0]
    expected = sorted(members, key=lambda n: (-G.degree(n), str(n)))[:5]
    assert new_nodes == sorted(expected, key=str)


def _same_graph(a, b):
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))


def test_network_summary_warns_for_the_old_order_like_the_others():
    seeds = gp.load_seeds()
    net = gp.coauthor_matrix(seeds)
    with pytest.warns(FutureWarning, match=r"use network_summary\(network, corpus\)"):
        old = gp.network_summary(seeds, net, seed=0)
    pd.testing.assert_series_equal(old, gp.network_summary(net, seeds, seed=0))


def test_every_value_error_of_the_package_is_also_a_package_error():
    for name in gp.exceptions.__all__:
        cls = getattr(gp, name)
        assert cls is getattr(gp.exceptions, name)
        if issubclass(cls, Warning):
            assert issubclass(cls, gp.GraphlibPapersWarning), name
        else:
            assert issubclass(cls, gp.GraphlibPapersError), name
    for cls in (gp.ParseError, gp.SchemaError, gp.GraphInputError, gp.OptionError,
                gp.EmptyGraphError):
        assert issubclass(cls, ValueError)
    # the warning the readers emit is the exported one
    from graphlib_papers.io import _errors

    assert _errors.ParseWarning is gp.ParseWarning


def _raised_names(path: pathlib.Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            f = node.exc.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            out.append((node.lineno, name))
    return out


def test_bad_values_raise_package_errors():
    bare = [
        f"{p.relative_to(PACKAGE)}:{line} raises {name}"
        for p in ALL_MODULES
        for line, name in _raised_names(p)
        if name in ("ValueError", "GraphlibPapersError")
    ]
    assert bare == []


def test_bad_values_raise_the_documented_classes():
    corpus = gp.load_seeds()
    with pytest.raises(gp.OptionError, match="weighting"):
        gp.coauthor_matrix(corpus, weighting="cosine")
    with pytest.raises(gp.OptionError, match="years"):
        corpus.filter(years="2020")
    with pytest.raises(gp.OptionError, match="not in the graph"):
        gp.plotting.plot_ego(gp.coauthor_graph(corpus), "nobody")


def _private_imports(path: pathlib.Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    out.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {alias.name}")
    return out


def test_no_module_imports_another_modules_private_names():
    hits = [hit for p in ALL_MODULES for hit in _private_imports(p)]
    assert hits == []


def _imports(path: pathlib.Path) -> set[str]:
    """Modules of the package that `path` imports (anywhere in the file)."""
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = ["graphlib_papers", *rel.parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    package = parts if path.name == "__init__.py" else parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            mod = ".".join(base + ([node.module] if node.module else []))
            found.add(mod)
            for alias in node.names:
                found.add(f"{mod}.{alias.name}")
    return found


def test_no_import_cycles():
    modules = {}
    for p in ALL_MODULES:
        rel = p.relative_to(PACKAGE).with_suffix("")
        name = ".".join(["graphlib_papers", *rel.parts]).removesuffix(".__init__")
        modules[name] = p
    edges = {
        name: {m for m in _imports(p) if m in modules and m != name and m != "graphlib_papers"}
        for name, p in modules.items()
        if name != "graphlib_papers"
    }
    # a package imports its submodules by design; only module <-> module cycles count
    cycles = sorted(
        f"{a} <-> {b}" for a, deps in edges.items() for b in deps
        if a in edges.get(b, ()) and a < b
        and not (b.startswith(a + ".") or a.startswith(b + "."))
    )
    assert cycles == []


def _public_functions():
    for module in (gp, gp.plotting):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield name, inspect.signature(obj).parameters


def test_public_functions_take_the_network_first_and_seed_none():
    wrong_order, wrong_seed = [], []
    for name, params in _public_functions():
        if "seed" in params and params["seed"].default is not None:
            wrong_seed.append(name)
        names = list(params)
        network = [i for i, p in enumerate(names) if p in ("network", "G")]
        if network and "corpus" in names and network[0] > names.index("corpus"):
            wrong_order.append(name)
    assert wrong_seed == [] and wrong_order == []


def test_what_was_computed_is_called_communities_and_a_scheme_weighting():
    found = []
    for name, params in _public_functions():
        for p in params:
            if p in ("result", "partition", "weights", "weighted"):
                found.append(f"{name}({p}=)")
    # the deprecated matrix-level names keep weighted= one release, as a keyword only
    assert found == ["leiden_from_matrix(weighted=)", "sampled_betweenness(weighted=)"]


def test_the_used_seed_is_recorded_in_attrs_on_every_randomised_result():
    G = gp.coauthor_graph(gp.load_seeds())
    results = [
        gp.find_communities(G, "louvain", seed=None),
        gp.consensus_communities(G, runs=2, seed=None),
        gp.author_centrality(G, ["betweenness"], k=5, seed=None),
        gp.network_summary(G, k=5, seed=None),
        gp.network_evolution(gp.load_seeds(), include_communities=False, seed=None),
        gp.plotting.network_layout(G, seed=None, iterations=2),
    ]
    for res in results:
        seed = res.attrs["seed"]
        assert isinstance(seed, int), type(res).__name__
    # the recorded seed repeats the result exactly
    again = gp.find_communities(G, "louvain", seed=results[0].attrs["seed"])
    assert again == results[0]
    pos = gp.plotting.network_layout(G, seed=results[-1].attrs["seed"], iterations=2)
    pd.testing.assert_frame_equal(pos, results[-1])


def test_network_summary_takes_the_network_first_and_understands_the_old_order():
    seeds = gp.load_seeds()
    net = gp.coauthor_matrix(seeds)
    new = gp.network_summary(net, seeds, seed=0)
    pd.testing.assert_series_equal(new, gp.network_summary(seeds, seed=0))  # corpus alone
    with pytest.warns(FutureWarning, match="network_summary"):
        old = gp.network_summary(seeds, G=net, seed=0)
    pd.testing.assert_series_equal(new, old)
    alone = gp.network_summary(net, seed=0)
    assert pd.isna(alone["papers"]) and alone["nodes"] == new["nodes"] == seeds.n_authors


# -- side effects ----------------------------------------------------------------------
def test_no_module_writes_networkx_internals():
    hits = []
    for p in ALL_MODULES:
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in (
                "_adj", "_node", "_pred", "_succ", "_clear_cache"
            ):
                hits.append(f"{p.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
    assert hits == []


def test_coauthor_graph_is_the_graph_the_public_networkx_api_builds():
    import networkx as nx

    seeds = gp.load_seeds()
    G = gp.coauthor_graph(seeds, weighting="newman")
    edges = gp.coauthor_edges(seeds, weighting="newman")
    authors = seeds.authors
    ref = nx.Graph()
    for a in sorted(edges["source"].tolist() + edges["target"].tolist() + list(G)):
        if a not in ref:
            ref.add_node(a)
    ref.add_edges_from(
        (s, t, {"weight": w, "n_shared": c, "n_shared_truncated": k})
        for s, t, w, c, k in edges.itertuples(index=False)
    )
    assert list(G) == list(ref)
    assert all(list(G.adj[u]) == list(ref.adj[u]) for u in G)  # neighbour order too
    assert list(G.edges(data=True)) == list(ref.edges(data=True))
    assert G.nodes["a:gemini-team"]["name"] == authors.at["a:gemini-team", "name"]
    # networkx's cached views follow later changes (nothing written behind its back)
    view = G.edges
    G.add_edge("a:new-one", "a:new-two", weight=1.0)
    assert ("a:new-one", "a:new-two") in view and G.number_of_edges() == len(edges) + 1


def test_analyses_leave_the_callers_matrix_as_it_was():
    import numpy as np
    import scipy.sparse as sp

    # symmetric, with unsorted column indices in each row and a duplicate entry
    rows = np.array([0, 0, 1, 1, 2, 2, 3, 3, 0])
    cols = np.array([2, 1, 3, 0, 0, 3, 2, 1, 1])
    data = np.array([1.0, 0.5, 2.0, 1.0, 1.0, 1.0, 1.0, 2.0, 0.5])
    M = sp.csr_matrix((data, (rows, cols)), shape=(4, 4))
    M.indices = M.indices.copy()
    for r in range(4):  # reverse each row: indices deliberately out of order
        lo, hi = M.indptr[r], M.indptr[r + 1]
        M.indices[lo:hi] = M.indices[lo:hi][::-1].copy()
        M.data[lo:hi] = M.data[lo:hi][::-1].copy()
    M.has_sorted_indices = False
    before = (M.indptr.copy(), M.indices.copy(), M.data.copy())
    index = ["a", "b", "c", "d"]
    gp.author_centrality((M, index), seed=0)
    gp.find_communities((M, index), seed=0)
    gp.find_communities((M, index), "leiden", seed=0)
    gp.network_summary((M, index), seed=0)
    after = (M.indptr, M.indices, M.data)
    assert all(np.array_equal(x, y) for x, y in zip(before, after, strict=True))
    assert not M.has_sorted_indices


def test_igraph_random_generator_is_restored_not_reset():
    import random

    import igraph

    from graphlib_papers._network import igraph_seeded

    def draw() -> list:
        return igraph.Graph.Erdos_Renyi(n=30, m=40).get_edgelist()

    previous = igraph_seeded._current
    mine = random.Random(123)  # the caller's generator (igraph has no getter: tracked)
    igraph.set_random_number_generator(mine)
    igraph_seeded._current = mine
    try:
        gp.find_communities(gp.coauthor_matrix(gp.load_seeds()), "leiden", seed=0)
        after = draw()  # igraph draws from the caller's generator again, where it was
        igraph.set_random_number_generator(random.Random(123))
        assert after == draw()
    finally:
        igraph.set_random_number_generator(previous)
        igraph_seeded._current = previous
