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
# # Evolution of the collaboration network over time
#
# Snapshots of the co-author graph per year (cumulative or per period), the statistics
# of each snapshot, and how communities grow.

# %%
import matplotlib.pyplot as plt

import graphlib_papers as gp

corpus = gp.load_seeds()
corpus.papers["year"].value_counts().sort_index()

# %% [markdown]
# ## One graph per year
# `cumulative=True` keeps every paper up to the end of the period.

# %%
snaps = gp.snapshots(corpus, cumulative=True)
{year: (g.number_of_nodes(), g.number_of_edges()) for year, g in snaps.items()}

# %% [markdown]
# ## Statistics per period

# %%
table = gp.network_evolution(corpus, cumulative=True, seed=0)
table[["papers", "authors", "edges", "giant_component_share", "n_communities", "modularity"]]

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
table[["authors", "edges"]].plot(ax=axes[0], marker="o", color=gp.plotting.PALETTE[:2])
axes[0].set_title("Growth of the network")
axes[0].set_ylabel("count")
table[["giant_component_share", "clustering"]].plot(ax=axes[1], marker="o",
                                                     color=gp.plotting.PALETTE[2:4])
axes[1].set_title("Structure")
axes[1].set_ylim(0, 1.05);

# %% [markdown]
# ## Two snapshots side by side, same seed

# %%
years = sorted(snaps)
early, late = years[len(years) // 2], years[-1]
fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), layout="constrained")
for ax, year in zip(axes, (early, late), strict=True):
    g = snaps[year]
    res = gp.find_communities(g, seed=0)
    gp.plotting.plot_network(g, color=res, top_n_labels=5, ax=ax, seed=0,
                             title=f"Up to {year}: {g.number_of_nodes()} authors")

# %% [markdown]
# Papers per year by community of the full graph:

# %%
full = gp.coauthor_graph(corpus)
gp.plotting.plot_papers_per_year(corpus, by="community",
                                 membership=gp.find_communities(full, seed=0).membership);
