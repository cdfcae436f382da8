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
# # Quick start: from profile pages to a co-authorship report
#
# This notebook runs the whole pipeline on the four profile pages bundled with
# graphlib_papers: corpus → co-author graph → centrality → communities → figures → report.
# Every random step takes a `seed`, so running it again gives the same numbers.

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import graphlib_papers as gp

corpus = gp.load_seeds()
corpus

# %% [markdown]
# The corpus is a set of tidy tables. `summary()` gives the headline figures; the load
# report lists every record that was repaired, flagged or inferred while reading.

# %%
corpus.summary()

# %%
corpus.load_report[["source", "line", "action", "reason"]]

# %% [markdown]
# ## The co-author graph
# Nodes are `author_id`s (with a `name`), edges carry the number of shared papers.
# Other weightings (`"newman"`, `"association"`, `"salton"`, ...) are one argument away.

# %%
G = gp.coauthor_graph(corpus, weighting="count")
print(G)
gp.network_summary(G, corpus).head(12)

# %% [markdown]
# ## Who is central?

# %%
centrality = gp.author_centrality(G, seed=0)
centrality.nlargest(8, "pagerank")[["name", "degree", "betweenness", "pagerank"]]

# %% [markdown]
# ## Communities
# Louvain with a fixed seed; label 0 is the largest community.

# %%
communities = gp.find_communities(G, seed=0)
print(communities)
communities.sizes

# %%
gp.community_report(G, corpus, communities)[["size", "top_authors", "n_papers", "labs"]]

# %% [markdown]
# ## Figures
# Colour by community, size by PageRank, the most central authors named.

# %%
ax = gp.plotting.plot_network(G, color=communities, size=centrality["pagerank"], top_n_labels=10)

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
gp.plotting.plot_degree_distribution(G, ax=axes[0])
gp.plotting.plot_community_sizes(communities, ax=axes[1]);

# %%
top_author = centrality["pagerank"].idxmax()
gp.plotting.plot_ego(G, top_author, color=communities, size=centrality["pagerank"]);

# %% [markdown]
# ## The report
# One call writes `report.md`, a self-contained `report.html` and the figures.
# (From a terminal: `graphlib-papers report --out report/`.)

# %%
out = Path(tempfile.mkdtemp()) / "report"
rep = gp.write_report(corpus, out, seed=0)
sorted(p.name for p in out.rglob("*") if p.is_file())

# %%
print(rep.to_markdown()[:600])
