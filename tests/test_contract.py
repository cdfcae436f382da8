"""One contract over the public API.

Every public function of ``gp.__all__`` (and of ``gp.plotting``) returns its declared
type, handles an empty corpus and an edgeless one with an answer (a result, or the
documented error, never a crash from deep inside), and repeats itself exactly with
``seed=0``. Readers are held to it on a small file of their format; what they do with
an empty file is one rule, tested in tests/test_io_damaged.py.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pathlib

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphlib_papers as gp

PLOTTING = importlib.import_module("graphlib_papers.plotting")

# public functions held to other contracts, each named with where it is tested
OTHER_CONTRACTS = {
    # write files: tests/test_export.py reads every written file back
    "write_graph", "write_graphml", "write_gexf", "write_pajek", "write_vosviewer", "write_csv",
    # draw: tests/test_plotting.py checks the drawn numbers; an empty network raises
    # EmptyGraphError by design (nothing to draw)
    "plot_network", "plot_ego", "plot_degree_distribution", "plot_community_sizes",
    "plot_lab_heatmap", "plot_papers_per_year",
    # write files: tests/test_report.py and tests/test_parquet.py read them back
    "write_report", "write_parquet",
    # a notebook widget: tests/test_interactive.py
    "explore",
    # format detection from a path: tests/test_sniff.py (every format, and refusals)
    "sniff_format",
    # deprecated aliases (gp.report, gp.evolution, gp.concat): tests/test_api.py
    "report", "evolution", "concat",
    # the older matrix-form entry points, deprecated: tests/test_core.py
    "leiden_from_matrix", "matrix_centrality", "sampled_betweenness",
}

# readers: (file name, content, reader); each reads a file of its format
READERS = {
    "read_bibtex": ("a.bib", "@article{k1, title={On Engines}, author={Lovelace, Ada and "
                    "Babbage, Charles}, year={1843}}\n", gp.read_bibtex),
    "read_ris": ("a.ris", "TY  - JOUR\nTI  - On Engines\nAU  - Lovelace, Ada\n"
                 "AU  - Babbage, Charles\nPY  - 1843\nER  - \n", gp.read_ris),
    "read_wos": ("a.txt", "FN Clarivate\nVR 1.0\nPT J\nAU Harvey, W\nAU Fludd, R\n"
                 "TI De Motu Cordis\nPY 1628\nER\n\nEF\n", gp.read_wos),
    "read_medline": ("a.txt", "PMID- 7\nTI  - An old letter.\nDP  - 1677 Sep 20\n"
                     "FAU - Leeuwenhoek, Antonie\nFAU - Oldenburg, Henry\n\n", gp.read_medline),
    "read_scopus_csv": ("a.csv", "Title,Authors,Year\nDialogo,Galilei G.; Sagredo G.,1632\n",
                        gp.read_scopus_csv),
    "read_csv": ("a.csv", "title,authors,year\nPrincipia,Isaac Newton; Edmond Halley,1687\n",
                 gp.read_csv),
    "read_authorships": ("a.csv", "paper_id,author,year\np1,Ada Lovelace,1843\n"
                         "p1,Charles Babbage,1843\n", gp.read_authorships),
    "read_openalex": ("a.json", None, gp.read_openalex),
    "read_dblp_xml": ("a.xml", None, gp.read_dblp_xml),
    "read_arxiv_atom": ("a.xml", None, gp.read_arxiv_atom),
    "read_profile": ("a.txt", None, gp.read_profile),
    "read_profiles": ("a.txt", None, gp.read_profiles),
    "read": ("a.ris", "TY  - JOUR\nTI  - On Engines\nAU  - Lovelace, Ada\nER  - \n", gp.read),
}
DATA = pathlib.Path(__file__).parent / "data" / "records"
FIXTURES = {
    "read_openalex": DATA / "openalex" / "W2741809807_work.json",
    "read_dblp_xml": DATA / "dblp" / "allTagsData.xml",
    "read_arxiv_atom": DATA / "arxiv" / "id_1605.08386_s0_m100_199195aa31ad.atom.xml",
}


def _graph(c):
    return gp.coauthor_graph(c)


def _result(c):
    return gp.find_communities(_graph(c), seed=0)


def _method(m):
    return lambda c: gp.find_communities(_graph(c), m, seed=0)


# name -> (call on a corpus, declared return type)
CASES = {
    "author_centrality": (lambda c: gp.author_centrality(_graph(c), seed=0), pd.DataFrame),
    "author_centrality_sampled": (
        lambda c: gp.author_centrality(
            _graph(c), ["betweenness"], k=min(3, _graph(c).number_of_nodes()) or None, seed=0
        ),
        pd.DataFrame,
    ),
    "find_communities": (lambda c: gp.find_communities(_graph(c), seed=0), gp.CommunityResult),
    **{
        f"find_communities[{m}]": (
            _method(m),
            gp.CommunityResult,
        )
        for m in gp.COMMUNITY_METHODS
    },
    "consensus_communities": (
        lambda c: gp.consensus_communities(_graph(c), runs=3, seed=0),
        gp.CommunityResult,
    ),
    "compare_partitions": (lambda c: gp.compare_partitions(_result(c), _result(c)), pd.Series),
    "partition_modularity": (
        lambda c: gp.partition_modularity(_graph(c), _result(c)),
        float,
    ),
    "lab_membership": (lambda c: gp.lab_membership(c), pd.DataFrame),
    "lab_clusters": (lambda c: gp.lab_clusters(c), pd.DataFrame),
    "lab_graph": (lambda c: gp.lab_graph(c), nx.Graph),
    "labs_vs_communities": (
        lambda c: gp.labs_vs_communities(c, _result(c)),
        gp.LabCommunityComparison,
    ),
    "network_summary": (lambda c: gp.network_summary(c, seed=0), pd.Series),
    "community_report": (lambda c: gp.community_report(None, c, _result(c)), pd.DataFrame),
    "graph_arrays": (lambda c: gp.graph_arrays(_graph(c)), tuple),
    "snapshots": (lambda c: gp.snapshots(c), dict),
    "network_evolution": (lambda c: gp.network_evolution(c, seed=0), pd.DataFrame),
    "match_communities": (lambda c: gp.match_communities(_result(c), _result(c)), pd.DataFrame),
    "track_communities": (lambda c: gp.track_communities(c, seed=0), pd.DataFrame),
    "coauthor_matrix": (lambda c: tuple(gp.coauthor_matrix(c)), tuple),
    "coauthor_edges": (lambda c: gp.coauthor_edges(c), pd.DataFrame),
    "coauthor_graph": (lambda c: gp.coauthor_graph(c), nx.Graph),
    "bipartite_graph": (lambda c: gp.bipartite_graph(c), nx.Graph),
    "portable_graph": (lambda c: gp.portable_graph(_graph(c)), nx.Graph),
    "graph_tables": (lambda c: gp.graph_tables(_graph(c)), tuple),
    "category_colors": (
        lambda c: gp.plotting.category_colors(_result(c).membership), tuple
    ),
    "network_layout": (lambda c: gp.plotting.network_layout(_graph(c), seed=0), pd.DataFrame),
    "focus_nodes": (lambda c: gp.plotting.focus_nodes(_graph(c), top_n=5), list),
    "focus_graph": (lambda c: gp.plotting.focus_graph(gp.coauthor_matrix(c), top_n=5), nx.Graph),
    "degree_distribution": (
        lambda c: gp.plotting.degree_distribution(_graph(c)), pd.DataFrame
    ),
    "lab_mixing_matrix": (
        lambda c: gp.plotting.lab_mixing_matrix(gp.lab_graph(c)), pd.DataFrame
    ),
    "papers_per_year": (lambda c: gp.plotting.papers_per_year(c), pd.DataFrame),
    # the corpus and its combiners
    "load_seeds": (lambda c: gp.load_seeds(), gp.Corpus),
    "seed_paths": (lambda c: gp.seed_paths(), list),
    "concat_sources": (lambda c: gp.concat_sources([c, c]), gp.Corpus),
    "match_papers": (lambda c: gp.match_papers([c, c]), pd.DataFrame),
    "paper_id_for": (lambda c: gp.paper_id_for(" ".join(c.papers["title"][:1])), str),
    "doi_paper_id": (lambda c: gp.doi_paper_id(f"10.1234/{c.n_papers}"), str),
    "normalize_doi": (lambda c: gp.normalize_doi(f"https://doi.org/10.1234/{c.n_papers}"), str),
    "ambiguous_names": (lambda c: gp.ambiguous_names(c), pd.DataFrame),
    "read_parquet": (lambda c: _parquet_round_trip(c), gp.Corpus),
    # themes and roles
    "paper_communities": (lambda c: gp.paper_communities(c, _result(c)), pd.Series),
    "community_terms": (lambda c: gp.community_terms(c, _result(c)), pd.DataFrame),
    "community_names": (
        lambda c: gp.community_names(
            gp.community_report(None, c, _result(c))["top_authors"],
            gp.community_terms(c, _result(c)),
        ),
        pd.Series,
    ),
    "participation_coefficient": (
        lambda c: gp.participation_coefficient(_graph(c), _result(c)), pd.Series
    ),
    "bridging_authors": (lambda c: gp.bridging_authors(_graph(c), _result(c)), pd.DataFrame),
    # views and the report: nothing to show for an empty network is the documented error
    "network_view": (
        lambda c: gp.network_view(_graph(c), seed=0), gp.NetworkView, gp.EmptyGraphError
    ),
    "network_html": (
        lambda c: gp.network_html(gp.network_view(_graph(c), seed=0)), str, gp.EmptyGraphError
    ),
    "build_report": (lambda c: gp.build_report(c, seed=0), gp.Report, gp.EmptyGraphError),
    "table_to_markdown": (lambda c: gp.table_to_markdown(c.papers[["title", "year"]]), str),
    "table_to_html": (lambda c: gp.table_to_html(c.papers[["title", "year"]]), str),
}


def _parquet_round_trip(c):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        return gp.read_parquet(gp.write_parquet(c, pathlib.Path(d) / "c"))


@pytest.fixture(scope="module")
def corpora() -> dict[str, gp.Corpus]:
    seeds = gp.load_seeds()
    edgeless = gp.Corpus.from_authorships(
        pd.DataFrame(
            {
                "paper_id": ["p1", "p2", "p3"],
                "author": ["Ann Lee", "Bo Chen", "Ann Lee"],
                "year": [2020, 2021, 2021],
                "labs": ["mit", "", "mila"],
            }
        )
    )
    return {"seeds": seeds, "empty": seeds.filter(years=1900), "edgeless": edgeless}


def _is_function(obj) -> bool:
    return callable(obj) and not inspect.isclass(obj)  # callable modules: deprecated aliases


def test_every_public_function_is_covered():
    public = {name for name in gp.__all__ if _is_function(getattr(gp, name))}
    public |= {name for name in PLOTTING.__all__ if inspect.isfunction(getattr(PLOTTING, name))}
    covered = {name.split("[")[0].removesuffix("_sampled") for name in CASES} | set(READERS)
    assert public == covered | OTHER_CONTRACTS
    assert not covered & OTHER_CONTRACTS


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame | pd.Series):
        try:
            (
                pd.testing.assert_frame_equal
                if isinstance(a, pd.DataFrame)
                else pd.testing.assert_series_equal
            )(a, b)
        except AssertionError:
            return False
        return a.attrs == b.attrs
    if isinstance(a, pd.Index):
        return a.equals(b) and a.dtype == b.dtype
    if isinstance(a, nx.Graph):
        return list(a.nodes(data=True)) == list(b.nodes(data=True)) and list(
            a.edges(data=True)
        ) == list(b.edges(data=True))
    if isinstance(a, gp.CommunityResult):
        return a == b and (
            (a.stability is None and b.stability is None) or a.stability.equals(b.stability)
        )
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple | list):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "toarray"):
        return a.shape == b.shape and (a != b).nnz == 0
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


@pytest.mark.parametrize("kind", ["seeds", "empty", "edgeless"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_contract(name, kind, corpora):
    call, declared, *when_empty = CASES[name]
    corpus = corpora[kind]
    if name == "find_communities[leiden]":
        pytest.importorskip("igraph")
    if when_empty and kind == "empty":
        with pytest.raises(when_empty[0]):
            call(corpus)
        return
    first = call(corpus)
    assert isinstance(first, declared), f"{name} returned {type(first).__name__}"
    second = call(corpus)
    assert _same(first, second), f"{name} differs between two runs with seed=0 on {kind}"


def test_empty_and_edgeless_answers(corpora):
    empty, edgeless = corpora["empty"], corpora["edgeless"]
    assert gp.author_centrality(_graph(empty)).empty
    res = gp.find_communities(_graph(edgeless), seed=0)
    assert res.n_communities == 2 and np.isnan(res.modularity)
    assert gp.network_summary(empty)["papers"] == 0
    assert gp.network_summary(edgeless)["edges"] == 0
    assert gp.lab_membership(empty).empty
    lm = gp.lab_membership(edgeless)
    assert lm.loc["a:ann-lee", "lab_counts"] == (("mila", 1), ("mit", 1))
    assert gp.lab_graph(edgeless).number_of_edges() == 0
    assert gp.community_report(None, edgeless, res)["internal_edges"].sum() == 0
    assert gp.network_evolution(empty, seed=0).empty


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_contract(name, tmp_path):
    file_name, content, reader = READERS[name]
    if content is None:
        path = FIXTURES.get(name) or gp.seed_paths()[0]
    else:
        path = tmp_path / file_name
        path.write_text(content, encoding="utf-8")
    first = reader(path)
    assert isinstance(first, gp.Corpus), f"{name} returned {type(first).__name__}"
    assert first.n_papers >= 1 and first.n_authors >= 1
    assert reader(path) == first, f"{name} differs between two reads of {path.name}"
