"""Profile-page reader throughput: MB/s on generated pages, at growing input sizes.

Generates pages in both layouts (owner hidden behind "et al." on some entries, titles
with punctuation, names with diacritics, initials and particles), writes them to a
temporary directory, and times ``gp.read_profiles`` on 1/8, 1/4, 1/2 and all of them,
each in a fresh Python process (no name or grammar caches warmed by an earlier run).
Throughput should stay flat as the input grows (linear time). Each author on a page is
drawn from that page's own pool of names built from syllables, so names are distinct
across pages (tens of thousands of distinct authors at 50 MB), not one name repeated.
Reported: wall seconds and MB/s, CPU seconds of the child and MB per CPU second (the
steadier figure on a shared machine), peak memory (``ru_maxrss``, interpreter included).

Usage::

    python benchmarks/bench_parse.py            # 50 MB, the reference run
    python benchmarks/bench_parse.py --mb 10    # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import graphlib_papers as gp

GIVEN = ["Ana", "Łukasz", "Cătălina", "Jean-Baptiste", "Jui-Nan", "Hélène", "Zoë", "Sai", "Wei", "Ravi",
         "Maria", "Kofi", "Olga", "Tomás", "Ines", "Yuki", "Omar", "Lena", "Pablo", "Aiko"]
MIDDLE = ["", "", "", "J.", "L", "R. K."]
PARTICLE = ["", "", "", "", "de", "van der", "de las"]
SURNAME = ["Smith", "McAuley", "DeSalvo", "O'Neil", "Dubois-Martin", "Kaiser", "Ionescu", "Ng", "Li",
           "de las Casas", "van der Berg", "Okafor", "Nakamura", "García", "Novak", "Haddad", "Rossi"]
WORDS = ["Graph", "Neural", "on", "the", "of", "$k$-means", "(Still)", "LLMs", "GPT-4", "Why",
         "Attention?", "Scaling:", "Study,", "RLHF", "FLOP/s", "Networks", "Learning", "Sparse",
         "Co-authorship", "Transformers", "Bayesian", "Inference", "via", "for", "Robust"]
CATS = ["LG", "CL", "CV", "AI", "IR", "ML", "stat"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ABSTRACT = ("We study collaboration networks at scale, with careful attention to names, truncated "
            "author lists and hyperauthored papers. ") * 9


SYLLABLES = ["ka", "ro", "mi", "len", "ta", "sú", "vo", "ri", "an", "be", "ło", "chi", "da", "ne", "ko", "lu"]


def person(rng: random.Random, i: int) -> str:
    """A person's printed name; surnames are built from syllables, so collisions are rare."""
    surname = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return " ".join(x for x in (rng.choice(GIVEN), rng.choice(MIDDLE), rng.choice(PARTICLE), surname) if x)


def page(rng: random.Random, page_no: int, n_entries: int, expanded: bool) -> str:
    owner = person(rng, page_no * 1000 + 1)
    pool = [person(rng, page_no * 1000 + k) for k in range(2, 60)]
    lines = [owner, "", "LG", "h-index12", f"{n_entries}papers", "", f"{n_entries} Papers", ""] if expanded else []
    for k in range(n_entries):
        authors = rng.sample(pool, rng.randint(1, 3))
        if rng.random() < 0.6:
            authors[rng.randrange(len(authors))] = owner
            authors = list(dict.fromkeys(authors))
        etal = rng.random() < 0.7 or owner not in authors
        head = f"{rng.choice(CATS)}{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1995, 2025)}"
        title = " ".join(rng.choices(WORDS, k=rng.randint(3, 10))) + f" {page_no}-{k}"
        line = ", ".join(authors) + (" et al." if etal else "") + (" · deepmind" if k % 3 == 0 else "")
        if expanded:
            lines += [head, title, "", line, "", ABSTRACT, ""]
        else:
            lines += [head, title + line, ABSTRACT]
    return "\n".join(lines) + "\n"


def _child(folder: str, n_pages: int, repeat: int) -> None:
    """Time gp.read_profiles on the first `n_pages` pages, in this (fresh) process."""
    paths = sorted(Path(folder).glob("*.txt"))[:n_pages]
    size = sum(p.stat().st_size for p in paths) / 1e6
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        corpus = gp.read_profiles(*paths)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mb": size, "pages": len(paths), "papers": corpus.n_papers,
                      "authors": corpus.n_authors, "authorships": len(corpus.authorships),
                      "seconds": times, "cpu": cpu, "peak_mb": peak}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="total size of generated pages (default 50)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--pages", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.pages, args.repeat)
        return
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        paths, total = [], 0
        while total < args.mb * 1e6:
            text = page(rng, len(paths), 100, expanded=len(paths) % 2 == 0)
            path = Path(tmp) / f"{len(paths):05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            total += len(text.encode("utf-8"))
        print(f"{len(paths)} generated pages, {total / 1e6:.1f} MB, seed {args.seed}; "
              f"each size read by a fresh process (cold caches), {os.cpu_count()} CPUs")
        print(f"{'input MB':>9} {'pages':>6} {'papers':>8} {'authors':>8} {'authorships':>12} "
              f"{'seconds':>8} {'MB/s':>6} {'CPU s':>6} {'MB/CPU s':>8} {'peak MB':>8}")
        for frac in (0.125, 0.25, 0.5, 1.0):
            n = max(1, int(len(paths) * frac))
            out = subprocess.run(
                [sys.executable, __file__, "--child", tmp, "--pages", str(n)],
                check=True, capture_output=True, text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            dt, cpu = r["seconds"][0], r["cpu"][0]
            print(f"{r['mb']:9.1f} {r['pages']:6d} {r['papers']:8d} {r['authors']:8d} "
                  f"{r['authorships']:12d} {dt:8.2f} {r['mb'] / dt:6.1f} {cpu:6.2f} "
                  f"{r['mb'] / cpu:8.1f} {r['peak_mb']:8.0f}", flush=True)


if __name__ == "__main__":
    main()
