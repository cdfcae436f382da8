"""Telling people apart: B-cubed precision, recall and F1 on a gold standard, and scale.

Gold standard: ``../shared/data/names/kim_dblp_labeled.tsv`` (5,018 mentions of 14
ambiguous names, 480 true people; Han/Giles DBLP labels re-keyed by Jinseok Kim,
figshare doi:10.6084/m9.figshare.6840281). The file is written into a CSV of the shape
:func:`graphlib_papers.read_csv` takes (one row per paper, authors ``|``-separated,
title, year, venue) and read like any user's table. Each gold mention is found in
the corpus by (title, year, printed name) and scored with B-cubed over the mentions.

Variants:

* **printed**: names as in the file;
* **initials**: every target name reduced to first initial + surname
  (``"ajay k. gupta"`` -> ``"a gupta"``), as Web of Science prints them; co-author
  names stay as printed;
* **initials-all** (harder, reported for reference): co-author names reduced too.

Methods: one person per printed string; one per initial + surname; linking two
mentions of one string when they share a co-author; the name layer as it is
(``disambiguate=False``); ``disambiguate=True``.

Generalisation: the 14 names sorted alphabetically, even positions form the tuning
half (a gupta, c chen, j lee, j robinson, k tanaka, m jones, s lee), odd positions the
held-out half (a kumar, d johnson, j martin, j smith, m brown, m miller, y chen).
``--tune`` searches the parameters on the tuning half only (a seeded random search
starting from the defaults of
:class:`graphlib_papers.disambiguation.DisambiguationParams`); the held-out half is
never used to choose anything.

Scale: ``disambiguate=True`` on a synthetic corpus (``benchmarks/_synth.py``: the
heavy-tailed shape, and realistic names from :func:`_synth.realistic_names`, printed
in full and as initials + surname, so that homonyms exist), read through
``read_csv``; B-cubed against the synthetic people as well.

Usage::

    python benchmarks/bench_names.py [--gold PATH] [--synth 100000] [--tune] [--analyse]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import graphlib_papers as gp  # noqa: E402
from graphlib_papers.disambiguation import (  # noqa: E402
    DisambiguationParams,
    bcubed,
    disambiguate,
)
from graphlib_papers.names import name_key  # noqa: E402

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "names" / "kim_dblp_labeled.tsv"
COLUMNS = ["name", "person", "paper", "authors", "year", "venue", "title", "empty"]


def load_gold(path: Path) -> pd.DataFrame:
    df = pd.read_csv(
        path, sep="\t", header=None, names=COLUMNS, dtype=str, keep_default_na=False,
        quoting=3,
    )
    df["block"] = df["person"].str.replace(r"-\d+$", "", regex=True)
    return df


def initials(name: str) -> str:
    """First initial + surname: ``"ajay k. gupta"`` -> ``"a gupta"``."""
    tokens = name.replace(".", " ").split()
    return f"{tokens[0][0]} {tokens[-1]}" if len(tokens) > 1 else name


def variant(gold: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The gold mentions with names as the variant prints them."""
    if kind == "printed":
        return gold.assign(printed=gold["name"], authors_v=gold["authors"])
    targets = gold.groupby(["paper", "authors", "title"])["name"].agg(set)
    out = []
    for row in gold.itertuples(index=False):
        names = row.authors.split("|")
        tset = targets[(row.paper, row.authors, row.title)]
        if kind == "initials":
            names = [initials(n) if n in tset else n for n in names]
        else:
            names = [initials(n) for n in names]
        out.append("|".join(names))
    return gold.assign(printed=gold["name"].map(initials), authors_v=out)


def write_csv(mentions: pd.DataFrame, path: Path) -> None:
    records = mentions.drop_duplicates(["paper", "authors_v", "title", "year", "venue"])
    records[["title", "authors_v", "year", "venue"]].rename(
        columns={"authors_v": "authors"}
    ).to_csv(path, index=False)


def read_gold(mentions: pd.DataFrame, **options) -> gp.Corpus:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gold.csv"
        write_csv(mentions, path)
        return gp.read_csv(
            path, title="title", authors="authors", author_sep="|", year="year",
            venue="venue", **options,
        )


def mention_rows(corpus: gp.Corpus, mentions: pd.DataFrame) -> np.ndarray:
    """Row of corpus.authorships for each gold mention (-1 when not found)."""
    papers = corpus.papers
    key = papers["title"].str.casefold() + "|" + papers["year"].astype(str)
    pid_of = dict(zip(key, papers.index, strict=True))
    ships = corpus.authorships
    row_of = {
        (p, name_key(n)): i
        for i, (p, n) in enumerate(zip(ships["paper_id"], ships["printed_name"], strict=True))
    }
    out = np.full(len(mentions), -1)
    for i, (t, y, n) in enumerate(
        zip(mentions["title"], mentions["year"], mentions["printed"], strict=True)
    ):
        pid = pid_of.get(f"{t.casefold()}|{y}")
        if pid is not None:
            out[i] = row_of.get((pid, name_key(n)), -1)
    return out


def score(labels: np.ndarray, rows: np.ndarray, truth: pd.Series) -> tuple[float, float, float]:
    pred = [labels[r] if r >= 0 else f"lost{i}" for i, r in enumerate(rows)]
    return bcubed(pred, truth.to_numpy())


def variant_pairs(labels, rows: np.ndarray, mentions: pd.DataFrame) -> tuple[float, float, int]:
    """Merging measured alone: pairwise precision and recall over pairs of gold mentions
    printed with *different* spellings (same-spelling pairs left out), and the number of
    such pairs that are one person."""
    found = rows >= 0
    frame = pd.DataFrame({
        "pred": np.asarray(labels, dtype=object)[rows[found]],
        "true": mentions["person"].to_numpy()[found],
        "name": mentions["printed"].map(name_key).to_numpy()[found],
    })

    def n_pairs(cols):
        k = frame.groupby(cols).size().to_numpy().astype(np.int64)
        return int((k * (k - 1) // 2).sum())

    both = n_pairs(["pred", "true"]) - n_pairs(["pred", "true", "name"])
    pred = n_pairs(["pred"]) - n_pairs(["pred", "name"])
    true = n_pairs(["true"]) - n_pairs(["true", "name"])
    return (both / pred if pred else float("nan")), both / true if true else float("nan"), true


def coauthor_link(corpus: gp.Corpus) -> np.ndarray:
    """Baseline: same printed string and a shared co-author (connected components)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    ships = corpus.authorships
    key = ships["printed_name"].map(name_key).to_numpy()
    pcode, _ = pd.factorize(ships["paper_id"])
    kcode, _ = pd.factorize(key)
    n = len(ships)
    inc = csr_matrix((np.ones(n), (pcode, kcode)))
    co = inc[pcode]  # mention x name-on-same-paper
    co = co - csr_matrix((np.ones(n), (np.arange(n), kcode)), shape=co.shape)
    co.eliminate_zeros()
    link = (co @ co.T).tocoo()
    ok = (kcode[link.row] == kcode[link.col]) & (link.row != link.col)
    g = csr_matrix((np.ones(int(ok.sum())), (link.row[ok], link.col[ok])), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    return comp


def evaluate(gold: pd.DataFrame, kind: str, params: DisambiguationParams | None = None):
    """Rows of (method, P, R, F1) for one variant of (part of) the gold file."""
    mentions = variant(gold, kind)
    base = read_gold(mentions)
    rows = mention_rows(base, mentions)
    found = int((rows >= 0).sum())
    ships = base.authorships
    truth = mentions["person"]
    out = {}
    printed = ships["printed_name"].map(name_key).to_numpy()
    out["one person per printed string"] = score(printed, rows, truth)
    out["one person per initial + surname"] = score(
        np.array([initials(n) for n in printed], dtype=object), rows, truth
    )
    out["same string + shared co-author"] = score(coauthor_link(base), rows, truth)
    out["name layer (disambiguate=False)"] = score(ships["author_id"].to_numpy(), rows, truth)
    if params is None:
        dis = base.with_names(disambiguate=True)
        labels = dis.authorships["author_id"].to_numpy()
        # with_names re-sorts authorships the same way; map by (paper, printed name)
        keys = zip(dis.authorships["paper_id"], dis.authorships["printed_name"], strict=True)
        lab_of = dict(zip(keys, labels, strict=True))
        pairs = zip(ships["paper_id"], ships["printed_name"], strict=True)
        labels = np.array([lab_of[k] for k in pairs], dtype=object)
    else:
        labels, _, _ = disambiguate(ships, base.papers, ships["author_id"], base.authors,
                                    params=params)
        labels = labels.to_numpy()
    out["disambiguate=True"] = score(labels, rows, truth)
    merging = {
        "name layer (disambiguate=False)": variant_pairs(ships["author_id"].to_numpy(), rows,
                                                         mentions),
        "disambiguate=True": variant_pairs(labels, rows, mentions),
    }
    return out, found, len(mentions), merging


def tune(gold: pd.DataFrame, tune_blocks: list[str], n: int = 60) -> DisambiguationParams:
    """Seeded random search on the tuning half only: mean F1 of the printed and the
    initials variants; the first candidate is the current defaults."""
    import random

    part = gold[gold["block"].isin(tune_blocks)]
    rng = random.Random(0)
    space = {
        "t_full": [0.01, 0.02, 0.05, 0.1], "t_initials": [0.12, 0.15, 0.2, 0.25, 0.3],
        "t_variant": [0.3, 0.4, 0.6], "min_group": [3, 5, 8], "w_title": [0.3, 0.6, 1.0],
        "w_venue": [0.2, 0.3, 0.6],
    }
    best = None
    for cfg in [{}] + [{k: rng.choice(v) for k, v in space.items()} for _ in range(n)]:
        params = DisambiguationParams(**cfg)
        f_p = evaluate(part, "printed", params)[0]["disambiguate=True"][2]
        f_i = evaluate(part, "initials", params)[0]["disambiguate=True"][2]
        print(f"  {cfg or 'defaults'}: printed {f_p:.4f} initials {f_i:.4f}", flush=True)
        if best is None or (f_p + f_i) / 2 > best[0]:
            best = ((f_p + f_i) / 2, params)
    print("chosen:", best[1])
    return best[1]


def dis_time(gold: pd.DataFrame) -> None:
    """CPU time and traced memory of ``with_names(disambiguate=True)`` alone on the whole
    gold corpus, each variant."""
    for kind in ("printed", "initials"):
        base = read_gold(variant(gold, kind))
        tracemalloc.start()
        t0, c0 = time.perf_counter(), time.process_time()
        base.with_names(disambiguate=True)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"\n{kind}: with_names(disambiguate=True) on the whole gold corpus "
              f"({len(base.authorships)} authorships): {wall:.2f} s wall, {cpu:.2f} s CPU, "
              f"peak traced memory {peak:.0f} MiB (tracing slows it)")


def _auc(score: np.ndarray, same: np.ndarray) -> float:
    """ROC AUC of `score` for the pairs marked `same` (ties count half)."""
    from scipy.stats import rankdata

    r = rankdata(score)
    n1, n0 = int(same.sum()), int((~same).sum())
    return float((r[same].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _cosine_rows(x, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of rows i and j of a (sparse or dense) group x feature matrix."""
    import scipy.sparse as sp

    if sp.issparse(x):
        x = sp.csr_matrix(x)
        norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        dots = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
    else:
        norm = np.linalg.norm(x, axis=1)
        dots = (x[i] * x[j]).sum(axis=1)
    norm[norm == 0] = 1.0
    return dots / (norm[i] * norm[j])


def _second_order(m, coauth):
    """Mention x author: the co-authors of each mention's (unambiguous) co-authors,
    weighted by the number of papers on the path, the mention's own author left out.
    Two groups whose rows overlap are linked through co-authors who wrote together."""
    import scipy.sparse as sp

    n_authors = len(m.auniq)
    unamb = (m.a_full | (np.bincount(m.a_block)[m.a_block] == 1)).astype(float)
    pa = sp.csr_matrix((np.ones(m.n), (m.pcodes, m.acodes)), shape=(len(m.puniq), n_authors))
    pa.sum_duplicates()
    pa.data[:] = 1.0
    pa = sp.csr_matrix(pa @ sp.diags(unamb))
    aa = sp.csr_matrix(pa.T @ pa)
    aa.setdiag(0)
    aa.eliminate_zeros()
    x = sp.csr_matrix(coauth @ sp.diags(unamb) @ aa)
    own = sp.csr_matrix((np.ones(m.n), (np.arange(m.n), m.acodes)), shape=x.shape)
    x = sp.csr_matrix(x - x.multiply(own))
    x.eliminate_zeros()
    return x


def _lsa(papers: pd.DataFrame, puniq: np.ndarray, k: int = 50) -> np.ndarray:
    """Paper x k latent topics: truncated SVD of the IDF-weighted, row-normalised
    paper x (title words + venue) matrix (a fixed start vector: deterministic)."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds

    from graphlib_papers import disambiguation as dis

    p = papers.reindex(puniq)
    words = [dis._title_words(t) for t in p["title"].fillna("").astype(str)]
    venues = p["venue"].astype(object).where(p["venue"].notna(), "").astype(str)
    items = [w + ([f"venue:{v.casefold()}"] if v else []) for w, v in zip(words, venues,
                                                                          strict=True)]
    x = dis._incidence(items)
    x = sp.csr_matrix(x @ sp.diags(dis._idf(x)))
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    x = sp.csr_matrix(sp.diags(1 / norm) @ x)
    u, s, _ = svds(x, k=k, v0=np.random.default_rng(0).standard_normal(min(x.shape)))
    return u * s


def analyse(gold: pd.DataFrame, kind: str, tune_blocks: list[str]) -> None:
    """What limits splitting on the gold file: the co-author groups of step 1 alone,
    the same groups merged perfectly (each to its true person: the most any merging
    of them can reach), the same with single-mention groups left alone; how well
    scores separate pairs of groups of one name that are one person from pairs that
    are not (ROC AUC, zero-score pairs included), on each half: the step-2 score,
    co-authors of co-authors (second-order co-author links) and latent topics of
    title words and venue (LSA); and the best threshold chosen per name with the
    labels (an upper bound for any rule setting the threshold per name)."""
    from dataclasses import replace

    from graphlib_papers import disambiguation as dis

    mentions = variant(gold, kind)
    base = read_gold(mentions)
    rows = mention_rows(base, mentions)
    ships = base.authorships.reset_index(drop=True)
    params = DisambiguationParams()
    m = dis._mentions(ships, ships["author_id"], base.authors)
    coauth, mats = dis._evidence_matrices(m, ships, base.papers, params)
    lab = dis._coauthor_groups(m, coauth, dis._Rules(m, []), m.a_group)
    truth = mentions["person"]
    found = rows >= 0
    person = pd.Series(truth.to_numpy()[found], index=lab[rows[found]])
    majority = person.groupby(level=0).agg(lambda x: x.value_counts().index[0])
    # each group to the person most of its gold mentions are (groups without any stay)
    oracle_lab = np.array([f"g{g}" for g in lab], dtype=object)
    has = majority.reindex(lab).notna().to_numpy()
    oracle_lab[has] = majority.reindex(lab[has]).to_numpy()
    # the same, single-mention groups left alone
    size = np.bincount(lab)
    multi_lab = oracle_lab.copy()
    single = size[lab] == 1
    multi_lab[single] = np.array([f"g{g}" for g in lab[single]], dtype=object)
    gold_single = float(np.mean(size[lab[rows[found]]] == 1))
    print(f"\n{kind}, all 14 names: co-author groups alone (step 1) "
          + "P {:.3f} R {:.3f} F1 {:.3f}".format(*score(lab, rows, truth))
          + "; the same groups merged perfectly "
          + "P {:.3f} R {:.3f} F1 {:.3f}".format(*score(oracle_lab, rows, truth))
          + "; merged perfectly except single-mention groups "
          + "P {:.3f} R {:.3f} F1 {:.3f}".format(*score(multi_lab, rows, truth))
          + f" ({gold_single:.0%} of the gold mentions are single-mention groups)")
    # scores of every pair of groups of one author, against the truth
    by_author = dis._Evidence(mats, m.block, params.max_share, scope=m.acodes)
    pairs = by_author.similarity(lab).set_index(["i", "j"])["score"]
    member = dis._membership(lab)
    second = member @ _second_order(m, coauth)
    topics = member @ _lsa(base.papers, m.puniq)[m.pcodes]
    g_author = dis._group_authors(m, lab)
    block_of = pd.Series(mentions["block"].to_numpy()[found], index=lab[rows[found]])
    block_of = block_of.groupby(level=0).first()
    labelled = majority.index.to_numpy()
    by_author_groups = pd.Series(labelled).groupby(g_author[labelled])
    for part, blocks in (("tuning half", set(tune_blocks)),
                         ("held-out half", set(gold["block"]) - set(tune_blocks))):
        i_all, j_all = [], []
        for _, groups in by_author_groups:
            g = np.sort(groups.to_numpy())
            g = g[block_of.reindex(g).isin(blocks).to_numpy()]
            if len(g) > 1:
                a, b = np.triu_indices(len(g), 1)
                i_all.append(g[a])
                j_all.append(g[b])
        i, j = np.concatenate(i_all), np.concatenate(j_all)
        s = pairs.reindex(pd.MultiIndex.from_arrays([i, j])).fillna(0.0).to_numpy()
        same = majority.reindex(i).to_numpy() == majority.reindex(j).to_numpy()
        s2 = _cosine_rows(second, i, j)
        s3 = _cosine_rows(topics, i, j)
        print(f"  {part}: {len(s)} pairs of co-author groups of one name, {int(same.sum())} "
              f"of them one person; ROC AUC of the step-2 score {_auc(s, same):.3f}, "
              f"of co-authors of co-authors {_auc(s2, same):.3f} (linking "
              f"{np.mean(s2[same] > 0):.1%} of the same-person pairs, "
              f"{np.mean(s2[~same] > 0):.1%} of the others), of latent topics (LSA, 50 "
              f"dimensions, title words + venue) {_auc(s3, same):.3f}")
    # the threshold chosen per name with the labels
    field, grid = (("t_initials", (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)) if kind != "printed"
                   else ("t_full", (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)))
    block = mentions["block"].to_numpy()
    runs = {}
    for t in grid:
        ids, _, _ = disambiguate(ships, base.papers, ships["author_id"], base.authors,
                                 params=replace(params, **{field: t}))
        ids = ids.to_numpy()
        runs[t] = np.array([f"{t}:{ids[r]}" if r >= 0 else f"lost{x}"
                            for x, r in enumerate(rows)], dtype=object)
    best = np.empty(len(rows), dtype=object)
    chosen = {}
    for b in sorted(set(block)):
        at = block == b
        f1 = {t: bcubed(runs[t][at], truth.to_numpy()[at])[2] for t in grid}
        chosen[b] = max(grid, key=lambda t: (f1[t], -abs(t - getattr(params, field))))
        best[at] = runs[chosen[b]][at]
    print(f"  {field} chosen per name with the labels (upper bound of a per-name threshold): "
          + "P {:.3f} R {:.3f} F1 {:.3f}".format(*bcubed(best, truth.to_numpy()))
          + f" against {getattr(params, field)} for all "
          + f"F1 {bcubed(runs[getattr(params, field)], truth.to_numpy())[2]:.3f}"
          + "; chosen: " + ", ".join(f"{b} {t}" for b, t in chosen.items()))


def table(results: dict, title: str) -> None:
    print(f"\n{title}")
    print("| method | precision | recall | F1 |\n|---|---:|---:|---:|")
    for method, (p, r, f) in results.items():
        print(f"| {method} | {p:.3f} | {r:.3f} | {f:.3f} |")


def synth(n_papers: int, seed: int = 0) -> None:
    """Time and quality of ``disambiguate=True`` on a synthetic corpus read with read_csv."""
    from _synth import realistic_names, synthetic_authorships

    df = synthetic_authorships(n_papers, seed=seed)
    codes, uniq = pd.factorize(df["author_id"], sort=True)
    full, short = realistic_names(len(uniq), seed)
    for label, names in (("full names", full), ("initials", short)):
        df["author"] = names[codes]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synth.csv"
            wide = df.groupby("paper_id", sort=True)["author"].agg("|".join).reset_index()
            wide["title"] = wide["paper_id"]
            wide.to_csv(path, index=False)
            t0 = time.perf_counter()
            corpus = gp.read_csv(path, title="title", authors="author", author_sep="|")
            t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        plain = corpus.with_names()
        t_plain = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        dis = corpus.with_names(disambiguate=True)
        t_dis, c_dis = time.perf_counter() - t0, time.process_time() - c0
        tracemalloc.start()
        corpus.with_names(disambiguate=True)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        # truth: the synthetic person behind each (paper, printed name)
        title_of = dict(zip(plain.papers.index, plain.papers["title"], strict=True))
        truth_of = dict(
            zip(zip(df["paper_id"], df["author"], strict=True), df["author_id"], strict=True)
        )
        res = {}
        for method, c in (("name layer (disambiguate=False)", plain),
                          ("disambiguate=True", dis)):
            ships = c.authorships
            keys = zip(ships["paper_id"].map(title_of), ships["printed_name"], strict=True)
            truth = [truth_of.get(k, f"?{i}") for i, k in enumerate(keys)]
            res[method] = bcubed(ships["author_id"].to_numpy(), truth)
        table(res, f"synthetic {corpus.n_papers} papers, {len(corpus.authorships)} authorships, "
              f"{label} ({corpus.n_authors} names -> {dis.n_authors} authors): read_csv "
              f"{t_read:.1f} s, with_names() {t_plain:.1f} s, with_names(disambiguate=True) "
              f"{t_dis:.1f} s wall / {c_dis:.1f} s CPU, peak traced memory {peak:.0f} MiB, "
              f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--synth", type=int, default=100_000)
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--skip-gold", action="store_true")
    ap.add_argument("--analyse", action="store_true",
                    help="only what limits the splitting on the gold file (step 1 alone, "
                         "perfect merging of its groups, separability of the step-2 score, of "
                         "co-authors of co-authors and of latent topics, the best "
                         "threshold per name)")
    args = ap.parse_args()
    if not args.skip_gold:
        gold = load_gold(args.gold)
        blocks = sorted(gold["block"].unique())
        tune_blocks, held_out = blocks[0::2], blocks[1::2]
        print("tuning half:", ", ".join(tune_blocks))
        print("held-out half:", ", ".join(held_out))
        if args.tune:
            tune(gold, tune_blocks)
        if args.analyse:
            for kind in ("printed", "initials"):
                analyse(gold, kind, tune_blocks)
            return
        for kind in ("printed", "initials", "initials-all"):
            for label, part in (
                ("all 14 names", gold),
                ("tuning half", gold[gold["block"].isin(tune_blocks)]),
                ("held-out half", gold[gold["block"].isin(held_out)]),
            ):
                tracemalloc.start()
                t0 = time.perf_counter()
                res, found, total, merging = evaluate(part, kind)
                elapsed = time.perf_counter() - t0
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                table(res, f"{kind}, {label}: {found}/{total} mentions found in the corpus; "
                      f"read + all methods {elapsed:.1f} s, peak traced memory {peak:.0f} MiB")
                if kind == "printed":
                    print("variant merging alone (pairs of mentions printed differently): "
                          + "; ".join(f"{m}: precision {p:.3f}, recall {r:.3f} of {n} pairs"
                                      for m, (p, r, n) in merging.items()))
        dis_time(gold)
    if args.synth:
        synth(args.synth)


if __name__ == "__main__":
    main()
