"""The everyday analyses against what a user would write by hand, side by side.

For each standard synthetic corpus (``_synth.py`` shape: heavy-tailed team sizes, 0.1 %
hyper-authored papers, Lotka productivity, groups) with distinct, realistic names, written
out as a RIS export (``bench_readers.synthetic_records`` / ``write_ris``), every step runs
in a fresh Python process that reports its wall time and its peak resident memory:

==============  ==================================================  =====================================
step            graphlib_papers (defaults)                          by hand (networkx, python-louvain)
==============  ==================================================  =====================================
centrality      ``author_centrality(coauthor_matrix(corpus))``      degree, strength, betweenness and
                                                                    closeness (distance 1/weight),
                                                                    eigenvector, PageRank in networkx
communities     ``find_communities(coauthor_matrix(corpus))``       ``community_louvain.best_partition``
summary         ``network_summary(corpus)``                         components, ``transitivity``,
                                                                    ``average_clustering``,
                                                                    ``average_shortest_path_length``
                                                                    (giant), assortativity
report          ``graphlib-papers report export.ris`` (read,        the three steps above (reading and
                analyses, figures, HTML + Markdown)                 drawing not counted)
==============  ==================================================  =====================================

The networkx graph of the by-hand steps is built before their clock starts (it is not
charged to them). A by-hand step past ``--timeout`` seconds is stopped and shown as
"> timeout"; it is not run again on a larger corpus. A last corpus adds one paper with
5,000 authors (a physics collaboration) to the 10^4-paper corpus and runs
``network_summary`` on it.

Usage::

    python benchmarks/bench_analysis.py                      # 10^4, 2.5·10^4, 10^5 + clique
    python benchmarks/bench_analysis.py --sizes 10000 --timeout 60
    python benchmarks/bench_analysis.py --markdown benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- data ----------------------------------------------------------------------------------
def make(n: int, work: Path, clique: int = 0) -> None:
    """RIS export and Parquet corpus of the synthetic shape (plus a `clique`-author paper)."""
    from bench_readers import realistic_names, synthetic_records, write_ris

    import graphlib_papers as gp

    recs = synthetic_records(n, seed=0)
    papers = recs["papers"]
    if clique:
        names = realistic_names(recs["n_authors"] + clique, seed=1)[-clique:]
        papers.append({**papers[0], "i": n, "title": f"Observation of a collaboration {n}",
                       "authors": names, "affils": ["CERN, Geneva"] * clique,
                       "doi": f"10.9999/synth.clique.{n}"})
    work.mkdir(parents=True, exist_ok=True)
    ris = work / "export.ris"
    with open(ris, "w", encoding="utf-8") as fh:
        write_ris(papers, fh)
    corpus = gp.read_ris(ris, errors="skip", progress=False)
    corpus.to_parquet(work / "corpus", overwrite=True)
    print(json.dumps({"papers": corpus.n_papers, "authors": corpus.n_authors,
                      "authorships": len(corpus.authorships),
                      "ris_mb": ris.stat().st_size / 1e6}))


# -- steps (each in its own process) ------------------------------------------------------------
def _corpus(work: Path):
    import graphlib_papers as gp

    return gp.read_parquet(work / "corpus")


def _graph(corpus):
    import graphlib_papers as gp

    G = gp.coauthor_graph(corpus)
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    return G


def step(name: str, work: Path) -> dict:
    import graphlib_papers as gp

    out: dict = {}
    if name == "report":
        from graphlib_papers.cli import main as cli

        t = time.perf_counter()
        code = cli(["report", str(work / "export.ris"), "--out", str(work / "report"),
                    "--seed", "0", "--quiet", "--errors", "skip"])
        out["seconds"] = time.perf_counter() - t
        out["exit"] = code
        return out
    corpus = _corpus(work)
    if name.startswith("nx-") or name == "louvain":
        import networkx as nx

        G = _graph(corpus)
        out["links"] = G.number_of_edges()
        t = time.perf_counter()
        if name == "nx-centrality":
            dict(G.degree())
            dict(G.degree(weight="weight"))
            nx.pagerank(G, weight="weight")
            nx.eigenvector_centrality(G, weight="weight", max_iter=1000)
            nx.closeness_centrality(G, distance="distance")
            nx.betweenness_centrality(G, weight="distance")
        elif name == "louvain":
            from community import community_louvain

            part = community_louvain.best_partition(G, weight="weight", random_state=0)
            out["modularity"] = gp.partition_modularity(G, part)
            out["communities"] = len(set(part.values()))
        else:  # nx-summary
            giant = G.subgraph(max(nx.connected_components(G), key=len))
            nx.number_connected_components(G)
            nx.degree_assortativity_coefficient(G)
            nx.transitivity(G)
            nx.average_clustering(G)
            nx.average_shortest_path_length(giant)
        out["seconds"] = time.perf_counter() - t
        return out
    t = time.perf_counter()
    if name == "centrality":
        df = gp.author_centrality(gp.coauthor_matrix(corpus), seed=0)
        out["pivots"] = df.attrs["pivots"]
        out["exact"] = {k: v for k, v in df.attrs["exact"].items() if not v}
    elif name == "communities":
        res = gp.find_communities(gp.coauthor_matrix(corpus), seed=0)
        out["modularity"] = res.modularity
        out["method"] = res.method
        out["communities"] = res.n_communities
    elif name == "summary":
        s = gp.network_summary(corpus, seed=0)
        out["links"] = int(s["edges"])
        out["sampled"] = [k for k, v in s.attrs["exact"].items() if not v]
    out["seconds"] = time.perf_counter() - t
    return out


def run_child(args: list[str], timeout: float) -> dict:
    cmd = [sys.executable, __file__, *args]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": True, "seconds": time.perf_counter() - t}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- table --------------------------------------------------------------------------------------
def _fmt(r: dict | None, timeout: float) -> str:
    if r is None:
        return "not run (stopped on a smaller corpus)"
    if r.get("timeout"):
        return f"> {r.get('bound', timeout):.0f} s (stopped)"
    cpu = f" (CPU {r['cpu']:.1f} s)" if "cpu" in r else ""
    return f"{r['seconds']:.1f} s{cpu}, {r['peak_mb']:.0f} MB"


def _ratio(ours: dict, ref: dict | None, timeout: float) -> str:
    if ref is None:
        return "—"
    if ref.get("timeout"):
        return f"> {ref.get('bound', timeout) / ours['seconds']:.1f}×"
    return f"{ref['seconds'] / ours['seconds']:.1f}×"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 25_000, 100_000])
    ap.add_argument("--clique", type=int, default=5000, help="authors of the big paper (0: none)")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--louvain-timeout", type=float, default=None,
                    help="own limit for python-louvain (default: --timeout)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/gp_bench_analysis"))
    ap.add_argument("--markdown", type=Path, help="append the table to this file")
    ap.add_argument("--child", nargs=2, metavar=("STEP", "DIR"), help=argparse.SUPPRESS)
    ap.add_argument("--make", nargs=3, metavar=("N", "DIR", "CLIQUE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.make:
        make(int(args.make[0]), Path(args.make[1]), int(args.make[2]))
        return
    if args.child:
        res = step(args.child[0], Path(args.child[1]))
        res["peak_mb"] = _peak_mb()
        use = resource.getrusage(resource.RUSAGE_SELF)
        res["cpu"] = use.ru_utime + use.ru_stime  # the whole process, start-up included
        print(json.dumps(res))
        return

    rows, stopped = [], set()
    pairs = [("centrality", "nx-centrality"), ("communities", "louvain"),
             ("summary", "nx-summary")]
    plan = [(n, 0) for n in args.sizes] + ([(10_000, args.clique)] if args.clique else [])
    for n, clique in plan:
        work = args.work / (f"{n}" + (f"-clique{clique}" if clique else ""))
        info = run_child(["--make", str(n), str(work), str(clique)], 3600)
        label = f"{n:,} papers" + (f" + one {clique:,}-author paper" if clique else "")
        print(f"== {label}: {info}", flush=True)
        results: dict = {}
        steps = [("summary", "nx-summary")] if clique else pairs
        for ours, ref in steps:
            results[ours] = run_child(["--child", ours, str(work)], 3600)
            if ref in stopped:
                results[ref] = None
            else:
                limit = (args.louvain_timeout or args.timeout) if ref == "louvain" else args.timeout
                results[ref] = run_child(["--child", ref, str(work)], limit)
                if results[ref].get("timeout"):
                    stopped.add(ref)
            print(ours, results[ours], ref, results[ref], flush=True)
        if not clique:
            results["report"] = run_child(["--child", "report", str(work)], 3600)
            refs = [results[r] for _, r in pairs]
            if all(r is not None and not r.get("timeout") for r in refs):
                results["nx-report"] = {"seconds": sum(r["seconds"] for r in refs),
                                        "peak_mb": max(r["peak_mb"] for r in refs)}
            else:  # a stopped (or not run) step took longer than its limit: a lower bound
                results["nx-report"] = {"timeout": True, "bound": sum(
                    r["seconds"] if r is not None and not r.get("timeout") else args.timeout
                    for r in refs)}
            print("report", results["report"], flush=True)
        rows.append((label, info, results))
        print("load average", os.getloadavg(), flush=True)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
        f"at the end {load}; each cell one "
        f"run in a fresh process (wall time, CPU time of the process, its peak RSS); "
        f"by-hand steps "
        f"stopped after {args.timeout:.0f} s"
        + (f" (python-louvain after {args.louvain_timeout:.0f} s)." if args.louvain_timeout
           else "."),
        "",
        "| corpus | links | step | graphlib_papers | by hand | speed-up | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, _info, res in rows:
        links = res["summary"].get("links", "")
        for ours, ref in [*pairs, ("report", "nx-report")]:
            if ours not in res:
                continue
            o, r = res[ours], res.get(ref)
            note = ""
            if ours == "communities":
                note = (f"{o['method']}: Q {o['modularity']:.4f}" + (
                    f"; python-louvain Q {r['modularity']:.4f}"
                    if r and not r.get("timeout") else ""))
            elif ours == "centrality" and o.get("pivots"):
                note = f"betweenness, closeness from {o['pivots']} pivots (stderr given)"
            elif ours == "summary" and o.get("sampled"):
                note = "sampled: " + ", ".join(o["sampled"])
            elif ours == "report":
                note = ("by hand: sum of the three steps (a stopped or skipped step counted "
                        "at the limit: a lower bound)")
            lines.append(f"| {label} | {links:,} | {ours} | {_fmt(o, args.timeout)} | "
                         f"{_fmt(r, args.timeout)} | {_ratio(o, r, args.timeout)} | {note} |")
    table = "\n".join(lines)
    print(table)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as fh:
            fh.write(f"\n## `python benchmarks/bench_analysis.py` ({time.strftime('%Y-%m-%d')})\n\n")
            fh.write(table + "\n")


if __name__ == "__main__":
    main()
