"""Co-author projection: graphlib_papers' sparse core against networkx.

For synthetic corpora of 10^3 .. 10^6 papers with the shape of real collaboration data
(see ``_synth.py``), each measurement runs in a fresh subprocess:

* ``coauthor_matrix(corpus)`` (Corpus -> CSR matrix),
* ``coauthor_graph(corpus)`` (Corpus -> networkx Graph with attributes),
* networkx: ``nx.Graph`` of the author-paper table, then
  ``bipartite.weighted_projected_graph`` onto the authors (same data, same weights);
  skipped when it runs past the time limit (5 minutes by default).

Time is wall-clock of the call alone (the corpus is built before). Peak memory is the
peak resident set size of the subprocess during the call above its resident size just
before it: Linux ``VmHWM`` after resetting it through ``/proc/self/clear_refs``.

Ratios: "matrix ×" = networkx projection time / coauthor_matrix time;
"graph ×" = networkx end to end (build + projection) / coauthor_graph time.

Usage::

    python benchmarks/bench_projection.py                 # 10^3 .. 10^6
    python benchmarks/bench_projection.py --sizes 1000 10000 --nx-timeout 60
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


# -- measuring, inside a worker ---------------------------------------------------------
def _status(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


def _reset_peak() -> int:
    """Reset the peak RSS counter; return the current RSS in bytes."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    return _status("VmRSS")


def _measure(fn):
    import gc

    gc.collect()
    base = _reset_peak()
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    _CPU.append(time.process_time() - c0)
    peak = _status("VmHWM") - base
    return result, seconds, peak


_CPU: list[float] = []  # CPU seconds (all threads) of each measured call


def worker(kind: str, n: int, seed: int) -> dict:
    import _synth
    import numpy as np

    out: dict = {"kind": kind, "n": n, "load_before": os.getloadavg()[0]}
    if kind in ("matrix", "graph"):
        import graphlib_papers as gp

        corpus = _synth.synthetic_corpus(n, seed)
        ships = corpus.authorships
        n_k = ships.groupby("paper_id").size().to_numpy()
        out["authorships"] = int(len(ships))
        out["pairs"] = int((n_k * (n_k - 1) // 2).sum())
        del ships
        if kind == "matrix":
            (M, index), seconds, peak = _measure(lambda: gp.coauthor_matrix(corpus))
            out["edges"] = int(M.nnz // 2)
            out["weight_sum"] = float(M.sum() / 2)
            if n <= 10_000:  # small sizes: best of three
                for _ in range(2):
                    _, s, _ = _measure(lambda: gp.coauthor_matrix(corpus))
                    seconds = min(seconds, s)
        else:
            G, seconds, peak = _measure(lambda: gp.coauthor_graph(corpus))
            out["edges"] = G.number_of_edges()
            checksum = sum(w for _, _, w in G.edges(data="weight"))
            out["weight_sum"] = float(checksum)
    elif kind == "networkx":
        import networkx as nx
        from networkx.algorithms import bipartite

        df = _synth.synthetic_authorships(n, seed)
        papers = df["paper_id"].tolist()
        authors = df["author_id"].tolist()
        author_nodes = sorted(set(authors))

        def build():
            B = nx.Graph()
            B.add_nodes_from(sorted(set(papers)), bipartite=0)
            B.add_nodes_from(author_nodes, bipartite=1)
            B.add_edges_from(zip(papers, authors, strict=True))
            return B

        import gc

        gc.collect()
        base = _reset_peak()
        c0, t0 = time.process_time(), time.perf_counter()
        B = build()
        t1, c1 = time.perf_counter(), time.process_time()
        print(json.dumps({"partial": True, "nx_build": t1 - t0}), flush=True)
        G = bipartite.weighted_projected_graph(B, author_nodes)
        t2 = time.perf_counter()
        out["nx_build"] = t1 - t0
        out["nx_project"] = t2 - t1
        out["nx_project_cpu"] = time.process_time() - c1
        seconds = t2 - t0
        _CPU.append(time.process_time() - c0)
        peak = _status("VmHWM") - base
        out["edges"] = G.number_of_edges()
        out["weight_sum"] = float(sum(w for _, _, w in G.edges(data="weight")))
    else:
        raise SystemExit(f"unknown worker kind {kind!r}")
    out["seconds"] = seconds
    out["cpu_seconds"] = min(_CPU) if kind == "matrix" else _CPU[0]
    out["peak_bytes"] = int(peak)
    out["load_after"] = os.getloadavg()[0]
    out["numpy"] = np.__version__
    return out


# -- driving the workers ----------------------------------------------------------------
def run(kind: str, n: int, seed: int, timeout: float | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--n", str(n),
           "--seed", str(seed)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        partial = {}
        stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        for line in stdout.splitlines():
            if line.startswith("{"):
                partial = json.loads(line)
        return {"kind": kind, "n": n, "skipped": f"> {timeout:.0f} s", **partial}
    if proc.returncode != 0:
        return {"kind": kind, "n": n, "failed": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_s(x) -> str:
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def _fmt_mb(x) -> str:
    return "—" if x is None else f"{x / 2**20:,.0f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10**3, 10**4, 10**5, 10**6])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--nx-timeout", type=float, default=300.0)
    ap.add_argument("--worker", choices=["matrix", "graph", "networkx"])
    ap.add_argument("--n", type=int)
    ap.add_argument("--kinds", nargs="+", default=["matrix", "graph", "networkx"],
                    choices=["matrix", "graph", "networkx"], help="which measurements to run")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--from-json", type=Path, nargs="+",
                    help="print the table of earlier runs (--json files; later files fill in "
                         "cells that earlier ones skipped or did not run)")
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.seed)))
        return
    if args.from_json:
        merged: dict[int, list[dict]] = {}
        for path in args.from_json:
            for n, *cells in json.loads(path.read_text()):
                row = merged.setdefault(n, [{}, {}, {}])
                for i, cell in enumerate(cells):
                    if cell and (not row[i] or row[i].get("skipped")):
                        row[i] = cell
        print(table([(n, *merged[n]) for n in sorted(merged)], args.nx_timeout))
        return

    print(f"# co-author projection benchmark (seed {args.seed}, {os.cpu_count()} CPUs, "
          f"load average at start {os.getloadavg()[0]:.1f})", flush=True)
    rows = []
    for n in args.sizes:
        m = run("matrix", n, args.seed, None) if "matrix" in args.kinds else {}
        g = run("graph", n, args.seed, None) if "graph" in args.kinds else {}
        x = run("networkx", n, args.seed, args.nx_timeout) if "networkx" in args.kinds else {}
        rows.append((n, m, g, x))
        print(json.dumps({"n": n, "matrix": m, "graph": g, "networkx": x}), flush=True)
    print()
    print(table(rows, args.nx_timeout))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


def _ratio(num, den, fmt: str) -> str:
    return format(num / den, fmt) if num and den else "—"


def table(rows: list, nx_timeout: float) -> str:
    """The Markdown table of the results (wall-clock seconds, CPU seconds in brackets)."""
    header = (
        "| papers | authorships | author pairs | edges | coauthor_matrix s | MB | "
        "coauthor_graph s | MB | networkx build s | project s | MB | matrix × | graph × |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for n, m, g, x in rows:
        proj = _fmt_s(x.get("nx_project"))
        if x.get("skipped"):
            proj = f"skipped ({x['skipped']})"
        same = ""
        if "edges" in x and "edges" in m:
            agree = x["edges"] == m["edges"] and x["weight_sum"] == m["weight_sum"]
            if "edges" in g:
                agree = agree and g["edges"] == x["edges"] and g["weight_sum"] == x["weight_sum"]
            same = " (= networkx)" if agree else " (DIFFERS from networkx!)"
        info = m or g
        lines.append(
            f"| {n:,} | {info.get('authorships', 0):,} | {info.get('pairs', 0):,} | "
            f"{info.get('edges', 0):,}{same} | "
            f"{_fmt_s(m.get('seconds'))} ({_fmt_s(m.get('cpu_seconds'))}) | "
            f"{_fmt_mb(m.get('peak_bytes'))} | "
            f"{_fmt_s(g.get('seconds'))} ({_fmt_s(g.get('cpu_seconds'))}) | "
            f"{_fmt_mb(g.get('peak_bytes'))} | {_fmt_s(x.get('nx_build'))} | {proj} | "
            f"{_fmt_mb(x.get('peak_bytes'))} | "
            f"{_ratio(x.get('nx_project'), m.get('seconds'), ',.0f')} "
            f"({_ratio(x.get('nx_project_cpu'), m.get('cpu_seconds'), ',.0f')}) | "
            f"{_ratio(x.get('seconds'), g.get('seconds'), ',.1f')} "
            f"({_ratio(x.get('cpu_seconds'), g.get('cpu_seconds'), ',.1f')}) |"
        )
    lines.append("")
    lines.append(
        "s: wall clock of the call (CPU seconds of all threads in brackets). MB: peak RSS "
        "during the call above RSS before it (/proc/self/status VmHWM, reset through "
        "/proc/self/clear_refs), one subprocess per cell. matrix × = networkx projection / "
        "coauthor_matrix; graph × = networkx build + projection / coauthor_graph (in brackets: "
        "the same ratios of CPU seconds). networkx "
        f"skipped past {nx_timeout:.0f} s. Load average at end {os.getloadavg()[0]:.1f}."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
