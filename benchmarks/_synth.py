"""Seeded synthetic corpora with the shape of real collaboration data, for scale benchmarks.

The shape (issue 3):

* authors per paper: 8 % single-author; 85 % with 2–6 authors (probabilities
  .30 .28 .20 .13 .09); 6.9 % with 7–49 (P(n) ∝ n^-2.5); 0.1 % hyper-authored with
  50–500 authors (log-uniform);
* papers per author following Lotka's law, P(k) ∝ k^-2 (k = 1..min(1000, n/20)):
  each author gets exactly k_i authorships, the k_i summing to the authorships needed;
* authors in groups of Pareto-distributed size (α = 1.5, at least 8); each paper has a
  home group, chosen in proportion to the groups' authorships among those large enough,
  and each of its authors comes from that group with probability 0.9 (otherwise from
  anyone).

Authors are distinct within a paper (an author drawn twice for one paper swaps with a
random authorship elsewhere, which keeps every author's paper count). About 70 % of all
author pairs come from the 0.1 % hyper-authored papers.

Use ``synthetic_authorships(n, seed)`` for the long table and ``synthetic_corpus(n, seed)``
for a :class:`graphlib_papers.Corpus` built directly from ids (no name resolution), which
takes seconds rather than minutes at 10^6 papers.

Examples
--------
>>> df = synthetic_authorships(1000, seed=0)
>>> list(df.columns)
['paper_id', 'author_id', 'author', 'position']
>>> df["paper_id"].nunique()
1000
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "author_count_distribution",
    "realistic_names",
    "synthetic_authorships",
    "synthetic_corpus",
]

SMALL_SIZES = np.arange(2, 7)
SMALL_P = np.array([0.30, 0.28, 0.20, 0.13, 0.09])
MID_SIZES = np.arange(7, 50)
LOTKA_MAX = 1000
HOME_SHARE = 0.9
GROUP_ALPHA, GROUP_MIN = 1.5, 8


def author_count_distribution(n_papers: int, rng: np.random.Generator) -> np.ndarray:
    """Authors per paper: 8 % one, 85 % two to six, 6.9 % 7–49, 0.1 % 50–500."""
    u = rng.random(n_papers)
    n = np.ones(n_papers, dtype=np.int64)
    small = (u >= 0.08) & (u < 0.93)
    mid = (u >= 0.93) & (u < 0.999)
    hyper = u >= 0.999
    n[small] = rng.choice(SMALL_SIZES, size=int(small.sum()), p=SMALL_P)
    p_mid = MID_SIZES.astype(float) ** -2.5
    n[mid] = rng.choice(MID_SIZES, size=int(mid.sum()), p=p_mid / p_mid.sum())
    n[hyper] = np.minimum(
        np.floor(np.exp(rng.uniform(np.log(50), np.log(501), int(hyper.sum())))), 500
    ).astype(np.int64)
    return n


def _codes(n_papers: int, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(paper code, author code) per authorship, and the number of authors."""
    rng = np.random.default_rng(seed)
    n_k = author_count_distribution(n_papers, rng)
    total = int(n_k.sum())

    # Lotka: each author has exactly k_i authorships, P(k) ∝ k^-2, summing to `total`
    kmax = int(min(LOTKA_MAX, max(10, n_papers // 20)))
    k = np.arange(1, kmax + 1)
    lotka = k**-2.0 / (k**-2.0).sum()
    per_author = rng.choice(k, size=int(total / (lotka * k).sum() * 1.2) + 16, p=lotka)
    n_authors = int(np.searchsorted(np.cumsum(per_author), total)) + 1
    per_author = per_author[:n_authors].copy()
    per_author[-1] -= int(per_author.sum()) - total

    # groups: Pareto sizes (alpha 1.5, >= 8) filling the author population
    sizes = np.floor(GROUP_MIN * (1 - rng.random(n_authors // GROUP_MIN + 1)) ** (-1 / GROUP_ALPHA))
    ends = np.cumsum(sizes.astype(np.int64))
    n_groups = int(np.searchsorted(ends, n_authors)) + 1
    ends = np.minimum(ends[:n_groups], n_authors)
    starts = np.concatenate([[0], ends[:-1]])
    sizes = ends - starts
    group_of = np.empty(n_authors, dtype=np.int64)
    group_of[rng.permutation(n_authors)] = np.repeat(np.arange(n_groups), sizes)

    # the supply: every author repeated k_i times, shuffled within its group
    slot_author = np.repeat(np.arange(n_authors), per_author)
    slot_group = group_of[slot_author]
    pool = slot_author[np.lexsort((rng.random(total), slot_group))]
    supply = np.bincount(slot_group, minlength=n_groups)
    pool_start = np.concatenate([[0], np.cumsum(supply)[:-1]])

    # home group per paper, in proportion to the group's supply, large enough for
    # the paper's in-group authors
    paper = np.repeat(np.arange(n_papers), n_k)
    in_group = rng.random(total) < HOME_SHARE
    n_in = np.bincount(paper, weights=in_group, minlength=n_papers).astype(np.int64)
    cum = np.cumsum(supply)
    home = np.minimum(np.searchsorted(cum, rng.random(n_papers) * cum[-1], "right"), n_groups - 1)
    by_size = np.argsort(sizes, kind="stable")
    too_small = sizes[home] < n_in
    first_ok = np.minimum(np.searchsorted(sizes[by_size], n_in[too_small], "left"), n_groups - 1)
    pick = first_ok + np.floor(rng.random(int(too_small.sum())) * (n_groups - first_ok))
    home[too_small] = by_size[pick.astype(np.int64)]

    # in-group slots take their home group's pool in order; what a group cannot
    # serve, and the out-of-group slots, take the left-over supply at random
    author = np.full(total, -1, dtype=np.int64)
    sel = np.flatnonzero(in_group)
    g = home[paper[sel]]
    order = np.argsort(g, kind="stable")
    sel, g = sel[order], g[order]
    rank = np.arange(len(sel)) - np.searchsorted(g, g, "left")
    served = rank < supply[g]
    author[sel[served]] = pool[pool_start[g[served]] + rank[served]]
    used = np.minimum(np.bincount(g, minlength=n_groups), supply)
    offset = np.arange(total) - np.repeat(pool_start, supply)
    left = pool[offset >= np.repeat(used, supply)]
    rest = np.flatnonzero(author < 0)
    author[rest] = rng.permutation(left)

    # an author listed twice on one paper swaps with a random authorship elsewhere
    # (swaps keep every author's number of papers)
    for _ in range(100):
        dup = pd.Series(paper * n_authors + author).duplicated().to_numpy()
        if not dup.any():
            break
        i = np.flatnonzero(dup)
        j = rng.integers(0, total, len(i))
        author[i], author[j] = author[j], author[i].copy()
    keep = ~pd.Series(paper * n_authors + author).duplicated().to_numpy()
    return paper[keep], author[keep], n_authors


def synthetic_authorships(n_papers: int, seed: int) -> pd.DataFrame:
    """A long authorship table of `n_papers` synthetic papers.

    Parameters
    ----------
    n_papers : int
    seed : int
        Fixes every random draw.

    Returns
    -------
    DataFrame
        ``paper_id`` ("p:" + 12 hex digits), ``author_id`` ("a:synth-0000001"),
        ``author`` (a display name), ``position`` (1-based, random order within a
        paper); sorted by paper and position.
    """
    paper, author, n_authors = _codes(n_papers, seed)
    rng = np.random.default_rng([seed, 1])
    order = np.lexsort((rng.random(len(paper)), paper))
    paper, author = paper[order], author[order]
    start = np.searchsorted(paper, paper, "left")
    position = np.arange(len(paper)) - start + 1
    pids = pd.Index([f"p:{i:012x}" for i in range(n_papers)])
    aids = pd.Index([f"a:synth-{i:07d}" for i in range(n_authors)])
    names = pd.Index([f"Synth Author {i}" for i in range(n_authors)])
    return pd.DataFrame(
        {
            "paper_id": pids.take(paper),
            "author_id": aids.take(author),
            "author": names.take(author),
            "position": position.astype(np.int64),
        }
    )


def synthetic_corpus(n_papers: int, seed: int, *, truncated_share: float = 0.1):
    """A :class:`graphlib_papers.Corpus` of `n_papers` synthetic papers, built from ids.

    Papers get a year (2000–2024, uniform) and ``authors_truncated`` with probability
    `truncated_share`; nobody is a group author; no authorship is inferred.

    Examples
    --------
    >>> c = synthetic_corpus(200, seed=1)
    >>> c.n_papers
    200
    """
    import graphlib_papers as gp

    ships = synthetic_authorships(n_papers, seed)
    rng = np.random.default_rng([seed, 2])
    n_visible = ships.groupby("paper_id", sort=True).size()
    papers = pd.DataFrame(
        {
            "title": "",
            "year": rng.integers(2000, 2025, n_papers),
            "authors_truncated": rng.random(n_papers) < truncated_share,
            "n_authors_visible": n_visible.to_numpy(),
        },
        index=pd.Index(n_visible.index, name="paper_id"),
    )
    first = ships.drop_duplicates("author_id")
    authors = pd.DataFrame(
        {"name": first["author"].to_numpy(), "is_group": False},
        index=pd.Index(first["author_id"].to_numpy(), name="author_id"),
    ).sort_index()
    authors["variants"] = [(n,) for n in authors["name"]]
    authorships = ships[["paper_id", "author_id", "position"]].assign(
        inferred=False, printed_name=ships["author"]
    )
    return gp.Corpus(papers, authors, authorships)


_GIVEN = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy "
    "Anthony Sandra Mark Ashley Paul Emily Steven Donna Andrew Michelle Joshua Carol Kevin "
    "Amanda Brian Melissa George Deborah Wei Jing Li Min Hui Yan Jun Lei Hong Ying Jie Xin "
    "Hao Yu Tao Ming Jian Ping Bo Lin Ji-Hoon Min-Jun Seo-Yeon Ji-Woo Hyun Sung Jae Young "
    "Hiroshi Takashi Yuki Kenji Akira Satoshi Haruka Naoko Rahul Amit Priya Anil Sunil "
    "Ravi Deepak Pooja Arjun Ananya Mohammed Ahmed Fatima Ali Omar Hassan Leila Sofia "
    "Lucas Mateo Valentina Camila Diego Maria Jose Ana Luis Carlos Hans Anna Peter Klaus "
    "Ingrid Lars Sven Olga Ivan Dmitri Elena Natalia Pierre Marie Jean Claire Luc Marco "
    "Giulia Luca Chiara Paolo"
).split()
_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao "
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Sato Suzuki Takahashi Tanaka Watanabe "
    "Ito Yamamoto Nakamura Kobayashi Kato Kumar Singh Sharma Gupta Patel Shah Reddy Rao "
    "Iyer Das Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
    "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Thompson "
    "White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker "
    "Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Torres "
    "Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed "
    "Bailey Bell Gomez Kelly Howard Ward Cox Diaz Richardson Wood Watson Brooks Bennett "
    "Gray James Reyes Cruz Hughes Price Myers Long Foster Sanders Ross Morales Powell "
    "Sullivan Russell Ortiz Jenkins Gutierrez Perry Butler Barnes Fisher Henderson Coleman "
    "Simmons Patterson Jordan Reynolds Hamilton Graham Muller Schmidt Schneider Fischer "
    "Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari Esposito Bianchi "
    "Romano Colombo Ricci Marino Greco Dubois Durand Leroy Moreau Simon Laurent Lefebvre "
    "Michel Ivanov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novak Horvat Nowak "
    "Kowalski Wisniewski Jensen Nielsen Hansen Pedersen Andersen Larsen Johansson Karlsson "
    "Nilsson Eriksson Silva Santos Oliveira Souza Pereira Costa Ferreira Almeida Nguyen "
    "Tran Le Pham Hoang Yilmaz Kaya Demir Sahin Cohen Levi Mizrahi"
).split()


def realistic_names(n_authors: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Full names and initial-only names ("J. Lee") for `n_authors` synthetic people.

    Surnames and given names are drawn with Zipf-like frequencies (rank^-1), so common
    surnames ("Wang", "Lee") are shared by many people and, reduced to an initial,
    many people print the same name; a middle initial is added with probability 0.3.
    Different people may share a full name too, as in real data.

    Examples
    --------
    >>> full, short = realistic_names(5, seed=0)
    >>> len(full), all(s.count(".") >= 1 for s in short)
    (5, True)
    """
    rng = np.random.default_rng([seed, 3])
    ps = 1.0 / np.arange(1, len(_SURNAMES) + 1)
    pg = 1.0 / np.arange(1, len(_GIVEN) + 1) ** 0.5
    sur = rng.choice(len(_SURNAMES), size=n_authors, p=ps / ps.sum())
    giv = rng.choice(len(_GIVEN), size=n_authors, p=pg / pg.sum())
    mid = np.where(rng.random(n_authors) < 0.3, rng.integers(0, 26, n_authors), -1)
    full, short = [], []
    for s, g, m in zip(sur.tolist(), giv.tolist(), mid.tolist(), strict=True):
        middle = f" {chr(65 + m)}." if m >= 0 else ""
        full.append(f"{_GIVEN[g]}{middle} {_SURNAMES[s]}")
        short.append(f"{_GIVEN[g][0]}.{middle} {_SURNAMES[s]}")
    return np.array(full, dtype=object), np.array(short, dtype=object)
