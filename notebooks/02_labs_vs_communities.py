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
# # Lab clusters versus detected communities
#
# Lab tags belong to papers, not to people, and they are noisy. Here we infer each
# author's lab from the tags of their papers, look at how labs collaborate, and ask how
# well the communities found in the co-author graph line up with the labs.

# %%
import matplotlib.pyplot as plt

import graphlib_papers as gp

corpus = gp.load_seeds()
G = gp.coauthor_graph(corpus)
communities = gp.find_communities(G, seed=0)

# %% [markdown]
# ## Author → lab, with a confidence

# %%
membership = gp.lab_membership(corpus)
membership.sort_values("n_tagged", ascending=False).head(10)

# %% [markdown]
# ## Lab clusters and the lab-to-lab graph

# %%
gp.lab_clusters(G, corpus)[["n_authors", "mean_confidence", "internal_edges", "density"]]

# %%
labs = gp.lab_graph(G, corpus)
gp.plotting.plot_lab_heatmap(labs, value_label="shared papers + co-author links");

# %% [markdown]
# ## The network coloured both ways
# Authors without a lab tag are light grey.

# %%
primary = membership["primary_lab"]
primary = primary[primary != gp.UNKNOWN_LAB].dropna()
fig, axes = plt.subplots(1, 2, figsize=(14, 6), layout="constrained")
gp.plotting.plot_network(G, color=communities, top_n_labels=6, ax=axes[0],
                         title="By community", legend_title="community")
gp.plotting.plot_network(G, color=primary, top_n_labels=6, ax=axes[1],
                         title="By lab", legend_title="lab");

# %% [markdown]
# ## How well do they agree?
# Normalised mutual information and the adjusted Rand index over the authors that
# carry a lab, and the cross-tabulation behind them.

# %%
comparison = gp.labs_vs_communities(corpus, communities)
comparison

# %%
comparison.crosstab

# %% [markdown]
# Papers per year, split by lab tag and by community:

# %%
fig, axes = plt.subplots(2, 1, figsize=(8, 7), layout="constrained")
gp.plotting.plot_papers_per_year(corpus, by="lab", ax=axes[0])
gp.plotting.plot_papers_per_year(corpus, by="community", membership=communities.membership,
                                 ax=axes[1]);
