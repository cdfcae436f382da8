"""Readers against their bare parsing libraries, on realistic synthetic exports.

Each format is written from the standard synthetic corpus (``_synth.py``: heavy-tailed
teams, 0.1 % hyper-authored papers, Lotka-distributed papers per author) with a
distinct, realistic printed name per author (given names from many languages, middle
initials, particles, diacritics), a title, venue, DOI, date, keywords, a short abstract
and one affiliation per author. Then, each in a fresh Python process:

* the reader end to end (parse + name layer + Corpus), ``errors="skip"``;
* its bare parsing library on the same file: ``rispy.load``, ``bibtexparser.parse_file``,
  ``json.loads`` per line, ``xml.etree.ElementTree.iterparse`` (elements cleared),
  ``pandas.read_csv``; for Web of Science and MEDLINE, which have no parsing library,
  metaknowledge's ``RecordCollection`` + ``networkCoAuthor`` when it is importable
  (from ``--mk-python``, an interpreter with metaknowledge installed).

Reported: file size, wall seconds (CPU seconds of the child in brackets: on a shared
machine they are the steadier figure), MB/s (wall), peak memory (``ru_maxrss`` of the
child process, interpreter and imports included) and the reader/library time ratio.
With ``--workers N`` the readers that take ``workers=`` read with it: the CPU time then
includes the workers', and the memory of the reading process and its workers together
is given as their largest summed PSS (sampled every 50 ms), next to a worker's own peak
RSS (which counts the pages it shares with the reading process).
Imports are done before the clock starts, for the reader and the libraries alike.

Usage::

    python benchmarks/bench_readers.py                       # 10^4 and 10^5 papers
    python benchmarks/bench_readers.py --papers 10000 --formats ris,bibtex
    python benchmarks/bench_readers.py --mk-python /path/to/venv/bin/python
    python benchmarks/bench_readers.py --profile ris --papers 100000   # cProfile of one reader
    python benchmarks/bench_readers.py --papers 100000 --repeat 3   # medians of 3 alternating runs
    python benchmarks/bench_readers.py --papers 100000 --workers 2 --keep /tmp/bf --reuse
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import numpy as np
except ImportError:  # a child run by --mk-python needs no numpy (only the writers do)
    np = None

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

GIVEN = (
    "Ana Łukasz Cătălina Jean-Baptiste Jui-Nan Hélène Zoë Sai Wei Ravi Maria Kofi Olga Tomás "
    "Ines Yuki Omar Lena Pablo Aiko John Mary James Patricia Robert Jennifer Michael Linda "
    "David Elizabeth Wen Xiaoming Hiroshi Sakura Amit Priya Ahmed Fatima Mohammed Aisha Ivan "
    "Natalia Pierre Camille Hans Ingrid Giulia Marco Chen Li Jae-Won Min-Jun Oluwaseun Chidi "
    "Sven Astrid Mateo Lucía Nikos Eleni Karim Leila Dmitri Svetlana Björn Åsa Mehmet Ayşe "
    "Siobhán Seán Thi Minh Arjun Ananya Kwame Ama Rafael Beatriz Piotr Zofia Tarek Yasmin"
).split()
MIDDLE = ["", "", "", "", "A.", "B.", "C.", "D.", "E.", "J.", "K.", "L.", "M.", "R.", "S.", "T."]
PARTICLE = [""] * 24 + ["de", "van der", "von", "da", "de la", "van", "di", "del"]
SYL = (
    "ka ro mi len ta sú vo ri an be ło chi da ne ko lu sen ha mo ti gar ber son wa ya zu "
    "ma ni shi to pe la fer nan dez kow ski ova ren ling hu qi zhe yo ng ok af nak mu ra"
).split()
JOURNALS = [f"Journal of {a} {b}" for a in ("Applied", "Theoretical", "Computational", "Clinical",
            "Experimental", "Molecular") for b in ("Physics", "Chemistry", "Biology", "Networks",
            "Materials", "Medicine", "Ecology", "Statistics")]
WORDS = ("network graph protein model learning dynamics sparse collaboration quantum thermal "
         "neural cell growth signal robust inference bayesian scaling transport structure "
         "magnetic diffusion coupling climate soil genome regulation spectral stochastic").split()
CITIES = ["Tokyo", "Berlin", "Paris", "Boston", "Lagos", "Lima", "Oslo", "Pune", "Seoul", "Cairo"]


def realistic_names(n: int, seed: int) -> list[str]:
    """`n` distinct printed names "Given [M.] [particle] Surname" (surnames from syllables)."""
    rng = np.random.default_rng([seed, 7])
    out: dict[str, None] = {}
    while len(out) < n:
        m = int((n - len(out)) * 1.3) + 16
        k = rng.integers(2, 4, m)
        s = np.array(SYL, dtype=object)[rng.integers(0, len(SYL), (m, 3))]
        surnames = ["".join(row[:kk]).capitalize() for row, kk in zip(s, k)]
        given = np.array(GIVEN, dtype=object)[rng.integers(0, len(GIVEN), m)]
        middle = np.array(MIDDLE, dtype=object)[rng.integers(0, len(MIDDLE), m)]
        part = np.array(PARTICLE, dtype=object)[rng.integers(0, len(PARTICLE), m)]
        for g, mi, p, s_ in zip(given, middle, part, surnames):
            name = " ".join(x for x in (g, mi, p, s_) if x)
            out.setdefault(name, None)
            if len(out) == n:
                break
    return list(out)


def _split(name: str) -> tuple[str, str, str]:
    """(given incl. middle, particle, surname) of a generated name."""
    tokens = name.split()
    surname = tokens[-1]
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1] in ("de", "van", "der", "von", "da", "la", "di", "del"):
        i -= 1
    return " ".join(tokens[:1] + [t for t in tokens[1:i]]), " ".join(tokens[i:-1]), surname


def synthetic_records(n_papers: int, seed: int = 0) -> dict:
    """Column arrays of a synthetic bibliography (one row per paper, authors as lists)."""
    from _synth import synthetic_authorships

    ships = synthetic_authorships(n_papers, seed)
    codes, uniq = ships["author_id"].factorize()
    names = np.array(realistic_names(len(uniq), seed), dtype=object)
    rng = np.random.default_rng([seed, 3])
    n_inst = max(20, len(uniq) // 40)
    inst = np.array(
        [f"Univ {''.join(SYL[j % len(SYL)] for j in (i, i * 7 + 3)).capitalize()}, Dept "
         f"{WORDS[i % len(WORDS)].capitalize()}, {CITIES[i % len(CITIES)]}" for i in range(n_inst)],
        dtype=object,
    )
    author_inst = inst[rng.integers(0, n_inst, len(uniq))]
    paper_codes, _ = ships["paper_id"].factorize()
    bounds = np.searchsorted(paper_codes, np.arange(n_papers + 1))
    words = np.array(WORDS, dtype=object)
    papers = []
    n_words = rng.integers(5, 12, n_papers)
    n_abs = rng.integers(25, 70, n_papers)
    years = rng.integers(1995, 2025, n_papers)
    months = rng.integers(1, 13, n_papers)
    days = rng.integers(1, 29, n_papers)
    journal = rng.integers(0, len(JOURNALS), n_papers)
    for i in range(n_papers):
        a = codes[bounds[i] : bounds[i + 1]]
        w = words[rng.integers(0, len(words), n_words[i] + n_abs[i] + 3)]
        papers.append(
            {
                "i": i,
                "title": f"{' '.join(w[: n_words[i]]).capitalize()} {i}",
                "authors": names[a].tolist(),
                "affils": author_inst[a].tolist(),
                "author_codes": a.tolist(),
                "year": int(years[i]),
                "month": int(months[i]),
                "day": int(days[i]),
                "journal": JOURNALS[journal[i]],
                "doi": f"10.{1000 + i % 9000}/synth.{seed}.{i}",
                "keywords": w[n_words[i] : n_words[i] + 3].tolist(),
                "abstract": " ".join(w[n_words[i] + 3 :]).capitalize() + ".",
            }
        )
    return {"papers": papers, "n_authorships": len(ships), "n_authors": len(uniq)}


def _inverted(name: str) -> str:
    given, particle, surname = _split(name)
    return f"{(particle + ' ' if particle else '')}{surname}, {given}"


def _initials(given: str) -> str:
    return "".join(t[0] for t in given.replace("-", " ").split())


def write_ris(recs, fh):
    for p in recs:
        out = ["TY  - JOUR"]
        out += [f"AU  - {_inverted(a)}" for a in p["authors"]]
        out += [f"TI  - {p['title']}", f"T2  - {p['journal']}", f"PY  - {p['year']}",
                f"DA  - {p['year']}/{p['month']:02d}/{p['day']:02d}", f"DO  - {p['doi']}"]
        out += [f"KW  - {k}" for k in p["keywords"]]
        out += [f"AB  - {p['abstract']}"]
        out += [f"AD  - {a}" for a in dict.fromkeys(p["affils"])]
        out += ["ER  - ", ""]
        fh.write("\n".join(out) + "\n")


def write_bibtex(recs, fh):
    for p in recs:
        authors = " and ".join(_inverted(a) for a in p["authors"])
        fh.write(
            f"@article{{synth{p['i']},\n  author = {{{authors}}},\n  title = {{{p['title']}}},\n"
            f"  journal = {{{p['journal']}}},\n  year = {{{p['year']}}},\n  month = {p['month']},\n"
            f"  doi = {{{p['doi']}}},\n  keywords = {{{', '.join(p['keywords'])}}},\n"
            f"  abstract = {{{p['abstract']}}}\n}}\n\n"
        )


def write_openalex(recs, fh):
    for p in recs:
        words = p["abstract"].rstrip(".").split()
        inv: dict[str, list[int]] = {}
        for k, w in enumerate(words):
            inv.setdefault(w, []).append(k)
        work = {
            "id": f"https://openalex.org/W{4000000 + p['i']}",
            "doi": f"https://doi.org/{p['doi']}",
            "title": p["title"],
            "display_name": p["title"],
            "publication_year": p["year"],
            "publication_date": f"{p['year']}-{p['month']:02d}-{p['day']:02d}",
            "type": "article",
            "authorships": [
                {
                    "author_position": "first" if k == 0 else "middle",
                    "author": {"id": f"https://openalex.org/A{5000000 + c}",
                               "display_name": a, "orcid": None},
                    "institutions": [{"display_name": aff.split(",")[0]}],
                    "raw_author_name": a,
                    "raw_affiliation_strings": [aff],
                }
                for k, (a, aff, c) in enumerate(zip(p["authors"], p["affils"], p["author_codes"]))
            ],
            "is_authors_truncated": False,
            "primary_location": {"source": {"display_name": p["journal"]}},
            "keywords": [{"display_name": k} for k in p["keywords"]],
            "abstract_inverted_index": inv,
        }
        fh.write(json.dumps(work, ensure_ascii=False) + "\n")


def _wos_list(tag: str, values: list[str]) -> list[str]:
    return [f"{tag} {values[0]}"] + [f"   {v}" for v in values[1:]] if values else []


def write_wos(recs, fh):
    fh.write("FN Clarivate Analytics Web of Science\nVR 1.0\n")
    for p in recs:
        au, af = [], []
        for a in p["authors"]:
            given, particle, surname = _split(a)
            last = (particle + " " if particle else "") + surname
            au.append(f"{last}, {_initials(given)}")
            af.append(f"{last}, {given}")
        c1 = [f"[{_inverted(a)}] {aff}." for a, aff in zip(p["authors"], p["affils"])]
        out = ["PT J", *_wos_list("AU", au), *_wos_list("AF", af), f"TI {p['title']}",
               f"SO {p['journal'].upper()}", "LA English", "DT Article",
               f"DE {'; '.join(p['keywords'])}", f"AB {p['abstract']}", *_wos_list("C1", c1),
               f"PD {['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP','OCT','NOV','DEC'][p['month']-1]}",
               f"PY {p['year']}", f"DI {p['doi']}", f"UT WOS:{p['i']:015d}", "ER", ""]
        fh.write("\n".join(out) + "\n")
    fh.write("EF\n")


def write_medline(recs, fh):
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for p in recs:
        out = [f"PMID- {30000000 + p['i']}", "OWN - NLM", f"DP  - {p['year']} {months[p['month']-1]} {p['day']}",
               f"TI  - {p['title']}", f"AB  - {p['abstract']}"]
        for a, aff in zip(p["authors"], p["affils"]):
            given, particle, surname = _split(a)
            last = (particle + " " if particle else "") + surname
            out += [f"FAU - {last}, {given.replace('.', '')}", f"AU  - {last} {_initials(given)}",
                    f"AD  - {aff}."]
        out += [f"JT  - {p['journal']}", f"LID - {p['doi']} [doi]"]
        out += [f"OT  - {k}" for k in p["keywords"]]
        fh.write("\n".join(out) + "\n\n")


def write_csv(recs, fh):
    import csv

    w = csv.writer(fh)
    w.writerow(["title", "authors", "year", "doi", "venue", "keywords", "abstract"])
    for p in recs:
        w.writerow([p["title"], "; ".join(p["authors"]), p["year"], p["doi"], p["journal"],
                    "; ".join(p["keywords"]), p["abstract"]])


def write_dblp(recs, fh):
    from xml.sax.saxutils import escape

    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<dblp>\n')
    for p in recs:
        authors = "".join(f"<author>{escape(a)}</author>" for a in p["authors"])
        fh.write(
            f'<article key="journals/synth/{p["i"]}" mdate="2024-01-01">{authors}'
            f"<title>{escape(p['title'])}</title><year>{p['year']}</year>"
            f"<journal>{escape(p['journal'])}</journal><ee>https://doi.org/{p['doi']}</ee></article>\n"
        )
    fh.write("</dblp>\n")


WRITERS = {
    "ris": (write_ris, ".ris"),
    "bibtex": (write_bibtex, ".bib"),
    "openalex": (write_openalex, ".jsonl"),
    "wos": (write_wos, ".txt"),
    "medline": (write_medline, ".medline"),
    "csv": (write_csv, ".csv"),
    "dblp": (write_dblp, ".xml"),
}
LIBRARY = {
    "ris": "rispy.load",
    "bibtex": "bibtexparser.parse_file",
    "openalex": "json.loads per line",
    "wos": "metaknowledge RecordCollection + networkCoAuthor",
    "medline": "metaknowledge RecordCollection + networkCoAuthor",
    "csv": "pandas.read_csv",
    "dblp": "ElementTree.iterparse",
}


# ---------------------------------------------------------------------------
# children (one per measurement, fresh process)
# ---------------------------------------------------------------------------
def run_reader(fmt: str, path: str, merge_names: bool = True):
    import graphlib_papers as gp

    kw = {"errors": "skip", "progress": False, "merge_names": merge_names}
    workers = int(os.environ.get("BENCH_READER_WORKERS", "1"))
    if fmt == "csv":
        c = gp.read_csv(path, year="year", doi="doi", venue="venue", keywords="keywords",
                        abstract="abstract", **kw)
    else:
        reader = {"ris": gp.read_ris, "bibtex": gp.read_bibtex, "openalex": gp.read_openalex,
                  "wos": gp.read_wos, "medline": gp.read_medline, "dblp": gp.read_dblp_xml}[fmt]
        if workers > 1 and "workers" in inspect.signature(reader).parameters:
            kw["workers"] = workers
        c = reader(path, **kw)
    return c.n_papers, len(c.authorships)


def run_library(fmt: str, path: str):
    if fmt == "ris":
        import rispy

        with open(path, encoding="utf-8") as fh:
            entries = rispy.load(fh)
        return len(entries), sum(len(e.get("authors", [])) for e in entries)
    if fmt == "bibtex":
        import bibtexparser

        lib = bibtexparser.parse_file(path)
        return len(lib.entries), None
    if fmt == "openalex":
        n = m = 0
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                obj = json.loads(line)
                n += 1
                m += len(obj["authorships"])
        return n, m
    if fmt in ("wos", "medline"):
        import metaknowledge as mk

        rc = mk.RecordCollection(path)
        g = rc.networkCoAuthor()
        return len(rc), g.number_of_nodes()
    if fmt == "csv":
        import pandas as pd

        df = pd.read_csv(path)
        return len(df), None
    if fmt == "dblp":
        import xml.etree.ElementTree as ET

        n = m = 0
        for _, elem in ET.iterparse(path):
            if elem.tag == "author":
                m += 1
            elif elem.tag == "article":
                n += 1
                elem.clear()
        return n, m
    raise ValueError(fmt)


def child(kind: str, fmt: str, path: str) -> None:
    # imports happen before the clock starts, for the reader and the libraries alike
    if kind.startswith("reader"):
        import graphlib_papers  # noqa: F401
    elif fmt == "ris":
        import rispy  # noqa: F401
    elif fmt == "bibtex":
        import bibtexparser  # noqa: F401
    elif fmt in ("wos", "medline"):
        import metaknowledge  # noqa: F401
    elif fmt == "csv":
        import pandas  # noqa: F401
    elif fmt == "dblp":
        import xml.etree.ElementTree  # noqa: F401
    sampler = _TreeMemory() if os.environ.get("BENCH_READER_WORKERS", "1") != "1" else None
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "reader":
        n, m = run_reader(fmt, path)
    elif kind == "reader-nomerge":
        n, m = run_reader(fmt, path, merge_names=False)
    else:
        n, m = run_library(fmt, path)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # worker processes (--workers)
    cpu += kids.ru_utime + kids.ru_stime
    if sampler is not None:
        sampler.stop()
    print(json.dumps({"seconds": dt, "cpu": cpu, "peak_mb": rss, "records": n, "authors": m,
                      "worker_peak_mb": kids.ru_maxrss / 1024,
                      "tree_pss_mb": sampler.peak if sampler else None}))


class _TreeMemory:
    """The largest proportional set size (PSS: pages shared between processes counted
    once, split among them) of this process and its worker processes together, sampled
    every 50 ms from ``/proc`` in a thread (Linux; a spike between samples is missed)."""

    def __init__(self) -> None:
        import threading

        self.peak, self._done = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss(pid: str) -> float:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._done.wait(0.05):
            try:
                with open(f"/proc/{me}/task/{me}/children") as fh:
                    kids = fh.read().split()
            except OSError:
                kids = []
            self.peak = max(self.peak, sum(self._pss(p) for p in [me, *kids]))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def measure(kind: str, fmt: str, path: Path, python: str, workers: int = 1) -> dict | None:
    env = dict(os.environ)
    env["BENCH_READER_WORKERS"] = str(workers)  # (run_reader reads it)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [python, str(Path(__file__).resolve()), "--child", kind, fmt, str(path)],
        capture_output=True, text=True, env=env,
    )
    if proc.returncode != 0:
        sys.stderr.write(f"{kind} {fmt} failed:\n{proc.stderr[-2000:]}\n")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict | None]) -> dict | None:
    """The median seconds and CPU seconds of `runs` (each a fresh process) and their
    largest peak; None when any of them failed."""
    if not runs or any(r is None for r in runs):
        return None
    med = {k: float(np.median([r[k] for r in runs])) for k in ("seconds", "cpu")}
    out = {**runs[0], **med, "peak_mb": max(r["peak_mb"] for r in runs)}
    if runs[0].get("tree_pss_mb") is not None:
        out["tree_pss_mb"] = max(r["tree_pss_mb"] for r in runs)
        out["worker_peak_mb"] = max(r["worker_peak_mb"] for r in runs)
    return out


READER_NAMES = {"ris": "read_ris", "bibtex": "read_bibtex", "openalex": "read_openalex",
                "wos": "read_wos", "medline": "read_medline", "dblp": "read_dblp_xml",
                "csv": "read_csv"}


def _row(n: int, fmt: str, mb: float, workers: int | None, runs_r: list, runs_l: list,
         lib: dict | None, repeat: int) -> str:
    """One table row: a reader's medians (with `workers`, None for a reader that does
    not take it) against its library's; the ranges of the pairs' wall and CPU ratios."""
    r = median_run(runs_r)
    rs = (f"{r['seconds']:.2f} ({r['cpu']:.2f}) | {mb / r['seconds']:.1f} | "
          f"{r['peak_mb']:.0f}") if r else "failed | | "
    if r and workers and workers > 1 and r.get("tree_pss_mb"):  # all processes together
        rs += f" (all processes: PSS {r['tree_pss_mb']:.0f})"
    if lib:
        ls = (f"{lib['seconds']:.2f} ({lib['cpu']:.2f}) | {mb / lib['seconds']:.1f} | "
              f"{lib['peak_mb']:.0f}")
        ratio = f"{r['seconds'] / lib['seconds']:.2f} ({r['cpu'] / lib['cpu']:.2f})" if r else ""
        if r and repeat > 1:  # the ratio of each pair run side by side
            pairs = [(a["seconds"] / b["seconds"], a["cpu"] / b["cpu"])
                     for a, b in zip(runs_r, runs_l, strict=True) if a and b]
            wall, cpu = [p[0] for p in pairs], [p[1] for p in pairs]
            ratio += f" [{min(wall):.2f}–{max(wall):.2f}; CPU {min(cpu):.2f}–{max(cpu):.2f}]"
    else:
        ls, ratio = "not installed | | ", ""
    name = f"{fmt} (workers={workers})" if workers else fmt
    return f"| {n} | {name} | {mb:.1f} | {rs} | {LIBRARY[fmt]} | {ls} | {ratio} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", default="10000,100000")
    ap.add_argument("--formats", default=",".join(WRITERS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the reader and its library alternately this many times each "
                         "(fresh processes) and give the medians, and the range of the "
                         "pairs' CPU ratios")
    ap.add_argument("--mk-python", default=None,
                    help="interpreter with metaknowledge installed (default: this one, if it imports)")
    ap.add_argument("--keep", default=None, help="directory to write the files to (kept)")
    ap.add_argument("--workers", default="1",
                    help="workers= for the readers that take it; several (\"1,2\") are run "
                         "alternately with the library, a row each (CPU time then includes "
                         "the workers'; the memory of all processes is printed apart)")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep: read the files already there instead of writing them")
    ap.add_argument("--profile", default=None, help="cProfile this format's reader (top 25)")
    ap.add_argument("--write-only", action="store_true", help="write the files (with --keep) and stop")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    workers = [int(w) for w in args.workers.split(",")]
    mk_python = args.mk_python or sys.executable
    has_mk = subprocess.run([mk_python, "-c", "import metaknowledge"], capture_output=True).returncode == 0
    formats = args.formats.split(",")
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    tmp.mkdir(parents=True, exist_ok=True)
    header = ("| papers | format | MB | reader s (CPU s) | reader MB/s | reader peak MB | library | "
              "library s (CPU s) | library MB/s | library peak MB | ratio (CPU ratio) |")
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    try:
        for n in [int(x) for x in args.papers.split(",")]:
            paths = {f: tmp / f"synth_{n}{WRITERS[f][1]}" for f in formats}
            reuse = args.reuse and args.keep and all(p.exists() for p in paths.values())
            if not reuse:
                recs = synthetic_records(n, args.seed)
                sys.stderr.write(f"{n} papers, {recs['n_authorships']} authorships, "
                                 f"{recs['n_authors']} distinct authors\n")
            for fmt in formats:
                write, path = WRITERS[fmt][0], paths[fmt]
                if not reuse:
                    with open(path, "w", encoding="utf-8", newline="") as fh:
                        write(recs["papers"], fh)
                mb = path.stat().st_size / 1e6
                if args.write_only:
                    continue
                if args.profile == fmt:
                    import cProfile
                    import pstats

                    cProfile.runctx("run_reader(fmt, str(path))", globals(), {"fmt": fmt, "path": path},
                                    str(tmp / "prof"))
                    pstats.Stats(str(tmp / "prof")).sort_stats("cumulative").print_stats(25)
                    pstats.Stats(str(tmp / "prof")).sort_stats("tottime").print_stats(25)
                    continue
                lib_python = (mk_python if has_mk else None) if fmt in ("wos", "medline") \
                    else sys.executable
                # reader(s) and library alternately, `--repeat` times: the medians are given
                takes = fmt != "csv" and "workers" in inspect.signature(
                    getattr(__import__("graphlib_papers"), READER_NAMES[fmt])).parameters
                ws = workers if takes else [1]
                runs_r: dict[int, list] = {w: [] for w in ws}
                runs_l: list = []
                for _ in range(args.repeat):
                    for w in ws:
                        runs_r[w].append(measure("reader", fmt, path, sys.executable, w))
                    if lib_python:
                        runs_l.append(measure("library", fmt, path, lib_python))
                lib = median_run(runs_l)
                for w in ws:
                    print(_row(n, fmt, mb, w if takes else None, runs_r[w], runs_l, lib,
                               args.repeat), flush=True)
                if not args.keep:
                    path.unlink()
    finally:
        if not args.keep:
            for p in tmp.glob("*"):
                p.unlink()
            tmp.rmdir()


if __name__ == "__main__":
    main()
