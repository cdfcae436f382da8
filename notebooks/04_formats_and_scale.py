# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Other formats and large corpora
#
# 1. Reading BibTeX and RIS (any reader returns the same `Corpus`), combining sources.
# 2. A synthetic corpus of 5,000 papers: the sparse co-author projection, a focused
#    drawing of the top authors, and exports for Gephi, Pajek and VOSviewer.

# %%
import tempfile
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

import graphlib_papers as gp

work = Path(tempfile.mkdtemp())

# %% [markdown]
# ## BibTeX and RIS

# %%
(work / "refs.bib").write_text("""
@article{lovelace1843,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada and Babbage, Charles},
  year = {1843}
}
@article{somerville1834,
  title = {On the Connexion of the Physical Sciences},
  author = {Somerville, Mary and Lovelace, Ada},
  year = {1834}
}
""", encoding="utf-8")
(work / "refs.ris").write_text(
    "TY  - JOUR\nTI  - On the Connexion of the Physical Sciences\nAU  - Somerville, Mary\n"
    "AU  - Lovelace, Ada\nPY  - 1834\nER  - \n\n"
    "TY  - JOUR\nTI  - Passages from the Life of a Philosopher\nAU  - Babbage, Charles\n"
    "PY  - 1864\nER  - \n",
    encoding="utf-8",
)
bib = gp.read(work / "refs.bib")
ris = gp.read(work / "refs.ris")
both = gp.concat_sources([bib, ris])
both.papers[["title", "year", "sources"]]

# %%
both.authors[["name", "variants"]]

# %% [markdown]
# From a terminal the same files go straight into a report or an export:
# `graphlib-papers report refs.bib refs.ris --out report/`.
#
# ## A large synthetic corpus
# 5,000 papers by 3,000 authors whose productivity follows a heavy-tailed law; a long
# authorship table is all `Corpus.from_authorships` needs.

# %%
rng = np.random.default_rng(0)
n_papers, n_authors = 5_000, 3_000
team = rng.integers(1, 7, size=n_papers)
paper = np.repeat(np.arange(n_papers), team)
weights = 1.0 / np.arange(1, n_authors + 1) ** 0.9
author = rng.choice(n_authors, size=team.sum(), p=weights / weights.sum())
table = pd.DataFrame({
    "paper_id": [f"syn{p:04d}" for p in paper],
    "author": [f"Author {a:04d}" for a in author],
    "year": 2000 + paper % 25,
}).drop_duplicates(["paper_id", "author"])
big = gp.Corpus.from_authorships(table, merge_names=False)
big

# %% [markdown]
# The projection is a sparse matrix product (`Bᵀ W B`), never a loop over pairs.

# %%
edges = gp.coauthor_edges(big, weighting="newman")
edges.head()

# %%
G = gp.coauthor_graph(big, weighting="newman")
print(G)
degree = pd.Series(dict(G.degree()), name="degree")

# %% [markdown]
# Thousands of nodes make a hairball; focus on the 150 best-connected authors
# (plot_network does this by itself above 300 nodes).

# %%
gp.plotting.plot_network(G, size=degree, top_n=150, top_n_labels=8, seed=0);

# %%
gp.plotting.plot_degree_distribution(G);

# %% [markdown]
# ## Exports
# GEXF for Gephi (unique edge ids, attribute names unique ignoring case), Pajek,
# VOSviewer map + network files and CSV node/edge lists; GraphML works the same way
# (`gp.write_graph(G, "big.graphml")`).

# %%
res = gp.find_communities(G, seed=0)
nx.set_node_attributes(G, res.membership.to_dict(), "community")
written = []
for name in ("big.gexf", "big.net", "big.vosviewer", "big.csv"):
    written += gp.write_graph(G, work / name)
[(p.name, p.stat().st_size) for p in written]

# %%
back = nx.read_gexf(work / "big.gexf")
assert back.number_of_edges() == G.number_of_edges()
back.number_of_nodes(), back.number_of_edges()

# %% [markdown]
# For corpora beyond memory, the same edge table can be computed out of core by DuckDB
# (`gp.coauthor_edges(corpus, engine="duckdb")`, `pip install 'graphlib-papers[duckdb]'`).

# %%
try:
    import duckdb  # noqa: F401
except ImportError:
    print("duckdb is not installed here; the scipy engine was used above.")
else:
    small = big.filter(years=(2000, 2004))
    via_duckdb = gp.coauthor_edges(small, weighting="newman", engine="duckdb")
    via_scipy = gp.coauthor_edges(small, weighting="newman")
    print(len(via_duckdb), len(via_scipy))
