"""Scale benchmark: time and peak memory per engine and per step.

Synthetic corpora (``benchmarks/_synth.py``: realistic authors-per-paper and
papers-per-author distributions, 0.1 % hyper-authored papers) from 10^5 to 2.5·10^6
papers (10^7 authorships). Every measured step runs in a fresh Python process, which
reports its own wall time per step and its peak resident memory (``ru_maxrss``;
for Spark the peak of Python and the JVM together is sampled from /proc).

Steps
-----
make      synthetic corpus -> Parquet folder (not a library step; timed for reference)
read      gp.read_parquet(folder)                           (scipy pipeline)
project   gp.coauthor_matrix(corpus)                         (scipy)
cluster   leiden_from_matrix(M, index)                       (igraph Leiden)
centrality matrix_centrality (degree, strength, PageRank); sampled_betweenness (k pivots)
duckdb    compute_edges("duckdb", folder, output=edges.parquet, memory_limit=...)
spark     compute_edges("spark", folder, output=edges/, master="local[2]")

Usage::

    python benchmarks/bench_scale.py --plan quick        # 10^4 and 10^5 papers, minutes
    python benchmarks/bench_scale.py --plan full         # adds 10^6 papers and 10^7 authorships
    python benchmarks/bench_scale.py --plan full --markdown benchmarks/RESULTS.md

The 10^7-authorship run is written straight from the synthetic long table to three
Parquet files (no Corpus in memory), as a database snapshot would arrive.
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


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kB


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


class TreePeak:
    """Samples the resident memory of this process and its children (the Spark JVM)."""

    def __init__(self, every: float = 0.5):
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))
            self._stop.wait(every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round(self.peak, 0)


class Recorder:
    def __init__(self, name: str):
        self.name = name
        self.rows: list[dict] = []
        self.t = time.perf_counter()

    def step(self, step: str, **extra):
        now = time.perf_counter()
        row = {"run": self.name, "step": step, "seconds": round(now - self.t, 2),
               "peak_mb": round(_peak_mb(), 0), **extra}
        self.rows.append(row)
        print(json.dumps(row), flush=True)
        self.t = time.perf_counter()


# -- child steps ---------------------------------------------------------------------------
def child_make(args) -> None:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    rec = Recorder(args.name)
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    if args.files_only:
        from _synth import synthetic_authorships

        ships = synthetic_authorships(args.papers, seed=args.seed)
        rec.step("make: synthesise", authorships=len(ships))
        rng = np.random.default_rng([args.seed, 2])
        pids = ships["paper_id"].drop_duplicates()
        papers = pd.DataFrame(
            {
                "paper_id": pids.to_numpy(),
                "year": rng.integers(2000, 2025, len(pids)),
                "authors_truncated": rng.random(len(pids)) < 0.1,
            }
        )
        authors = pd.DataFrame({"author_id": np.sort(ships["author_id"].unique()),
                                "is_group": False})
        for name, df in (("authorships", ships[["paper_id", "author_id"]].assign(inferred=False)),
                         ("papers", papers), ("authors", authors)):
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False),
                           out / f"{name}.parquet", row_group_size=1 << 20)
        rec.step("make: write Parquet files", authorships=len(ships), papers=len(papers),
                 authors=len(authors))
    else:
        from _synth import synthetic_corpus

        from graphlib_papers.io.parquet import write_parquet

        corpus = synthetic_corpus(args.papers, seed=args.seed)
        rec.step("make: synthesise corpus", authorships=len(corpus._authorships),
                 authors=corpus.n_authors)
        write_parquet(corpus, out, overwrite=True)
        rec.step("make: write_parquet")


def child_scipy(args) -> None:
    import graphlib_papers as gp
    from graphlib_papers.io.parquet import read_parquet
    from graphlib_papers.scale import leiden_from_matrix, matrix_centrality, sampled_betweenness

    rec = Recorder(args.name)
    corpus = read_parquet(args.dir)
    rec.step("read", authorships=len(corpus._authorships))
    M, index = gp.coauthor_matrix(corpus, weighting=args.weighting, max_authors=args.max_authors)
    rec.step("project (scipy)", authors=M.shape[0], edges=M.nnz // 2)
    del corpus
    res = leiden_from_matrix(M, index, seed=0, n_iterations=args.n_iterations)
    rec.step(f"cluster (igraph Leiden, n_iterations={args.n_iterations})",
             communities=res.n_communities,
             modularity=round(res.modularity, 4))
    if args.louvain:
        from community import community_louvain

        G = gp.coauthor_graph(read_parquet(args.dir), weighting=args.weighting,
                              max_authors=args.max_authors)
        rec.step("networkx graph (for python-louvain)")
        part = community_louvain.best_partition(G, random_state=0)
        from graphlib_papers.communities import partition_modularity

        rec.step("cluster (python-louvain)", communities=len(set(part.values())),
                 modularity=round(partition_modularity(G, part), 4))
        del G
    df = matrix_centrality(M, index)
    rec.step("centrality: degree, strength, PageRank", top=str(df["pagerank"].idxmax()))
    if args.k:
        b = sampled_betweenness(M, index, k=args.k, seed=0)
        top = b["betweenness"].idxmax()
        rec.step(f"centrality: sampled betweenness (k={args.k})",
                 rel_stderr_top=round(float(b.loc[top, "stderr"] / b.loc[top, "betweenness"]), 3))


def child_duckdb(args) -> None:
    import pyarrow.parquet as pq

    from graphlib_papers.engines import compute_edges

    rec = Recorder(args.name)
    folder = Path(args.dir)
    out = Path(args.out)
    spill = out.parent / (out.stem + "-spill")
    common = dict(weighting=args.weighting, max_authors=args.max_authors, output=out,
                  memory_limit=args.memory_limit, temp_directory=spill)
    if (folder / "corpus.json").exists():
        compute_edges("duckdb", folder, **common)
    else:
        compute_edges("duckdb", folder / "authorships.parquet", folder / "papers.parquet",
                      authors_info=folder / "authors.parquet", **common)
    rec.step(f"project (DuckDB, memory_limit={args.memory_limit}) -> Parquet",
             edges=pq.ParquetFile(out).metadata.num_rows)


def child_spark(args) -> None:
    import pyarrow.parquet as pq

    from graphlib_papers.engines import compute_edges
    from graphlib_papers.engines.spark_engine import local_spark

    rec = Recorder(args.name)
    sampler = TreePeak()
    spark = local_spark("local[2]", {"spark.driver.memory": args.driver_memory,
                                     "spark.sql.shuffle.partitions": "16",
                                     "spark.driver.host": "127.0.0.1",
                                     "spark.driver.bindAddress": "127.0.0.1"})
    rec.step("spark: start local[2]")
    compute_edges("spark", args.dir, weighting=args.weighting, max_authors=args.max_authors,
                  output=args.out, spark=spark)
    rows = pq.ParquetDataset(args.out).read(columns=["source"]).num_rows
    rec.step("project (Spark local[2]) -> Parquet", edges=rows,
             python_and_jvm_peak_mb=sampler.stop())
    spark.stop()


# -- driver --------------------------------------------------------------------------------
def run_child(kind: str, rows: list, timeout: float, **kw) -> None:
    cmd = [sys.executable, __file__, "--child", kind]
    for k, v in kw.items():
        if v is None or v is False:
            continue
        cmd.append(f"--{k.replace('_', '-')}")
        if v is not True:
            cmd.append(str(v))
    print("$", " ".join(cmd), flush=True)
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        rows.append({"run": kw.get("name"), "step": f"{kind}: TIMEOUT after {timeout:.0f} s",
                     "seconds": round(time.perf_counter() - t, 1), "peak_mb": None})
        return
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            rows.append(json.loads(line))
            print("  ", line, flush=True)
    if proc.returncode:
        tail = proc.stderr.strip().splitlines()[-3:]
        rows.append({"run": kw.get("name"), "step": f"{kind}: FAILED ({' / '.join(tail)})",
                     "seconds": None, "peak_mb": None})
        print(proc.stderr[-2000:], flush=True)


def markdown(rows: list[dict]) -> str:
    lines = ["| run | step | wall s | peak RSS MB | result |", "|---|---|---:|---:|---|"]
    for r in rows:
        extra = ", ".join(f"{k}={v}" for k, v in r.items()
                          if k not in {"run", "step", "seconds", "peak_mb"})
        lines.append(f"| {r['run']} | {r['step']} | {r['seconds']} | {r['peak_mb']} | {extra} |")
    return "\n".join(lines)


PLANS = {
    "quick": [10**4, 10**5],
    "full": [10**5, 10**6],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plan", choices=sorted(PLANS), default="quick")
    ap.add_argument("--work", default="/tmp/graphlib-papers-bench")
    ap.add_argument("--markdown", help="append the table to this file")
    ap.add_argument("--big-papers", type=int, default=2_450_000,
                    help="papers in the 10^7-authorship DuckDB run (full plan)")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--timeout", type=float, default=3600)
    # child options
    ap.add_argument("--child")
    ap.add_argument("--name")
    ap.add_argument("--dir")
    ap.add_argument("--out")
    ap.add_argument("--papers", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--files-only", action="store_true")
    ap.add_argument("--weighting", default="count")
    ap.add_argument("--max-authors", type=int)
    ap.add_argument("--n-iterations", type=int, default=2)
    ap.add_argument("--k", type=int, default=0)
    ap.add_argument("--louvain", action="store_true")
    ap.add_argument("--memory-limit", default="4GB")
    ap.add_argument("--driver-memory", default="4g")
    args = ap.parse_args()
    if args.child:
        {"make": child_make, "scipy": child_scipy, "duckdb": child_duckdb,
         "spark": child_spark}[args.child](args)
        return

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    t0 = time.time()
    for n in PLANS[args.plan]:
        tag = f"{n:.0e}".replace("+0", "").replace("+", "")
        folder = work / f"corpus-{tag}"
        name = f"{tag} papers"
        run_child("make", rows, args.timeout, name=name, dir=folder, papers=n)
        k = 8 if n >= 10**6 else 64
        run_child("scipy", rows, args.timeout, name=name, dir=folder, k=k,
                  louvain=n <= 10**4)
        run_child("scipy", rows, args.timeout, name=f"{name}, max_authors=50", dir=folder,
                  max_authors=50)
        run_child("duckdb", rows, args.timeout, name=name, dir=folder,
                  out=work / f"edges-duckdb-{tag}.parquet", memory_limit="4GB")
        if not args.no_spark and n <= 10**5:
            run_child("spark", rows, args.timeout, name=name, dir=folder,
                      out=work / f"edges-spark-{tag}")
    if args.plan == "full":
        big = work / "authorships-1e7"
        name = f"{args.big_papers:,} papers (10^7 authorships)"
        run_child("make", rows, args.timeout, name=name, dir=big, papers=args.big_papers,
                  files_only=True)
        run_child("duckdb", rows, args.timeout, name=name, dir=big,
                  out=work / "edges-duckdb-1e7.parquet", memory_limit="4GB")
    header = (
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; load average at the end {os.getloadavg()[0]:.1f}; "
        f"total {time.time() - t0:.0f} s."
    )
    table = markdown(rows)
    print()
    print(header)
    print(table)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as fh:
            fh.write(f"\n## `python benchmarks/bench_scale.py --plan {args.plan}`\n\n"
                     f"{header}\n\n{table}\n")


if __name__ == "__main__":
    main()
