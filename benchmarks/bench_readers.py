"""Throughput of the streaming record readers, in MB/s, on large repeated files.

Each fixture in tests/data/records is repeated with unique titles and DOIs until the
file reaches the target size; the full reader (parse + name layer + Corpus) is timed,
and for the XML and JSON-lines readers the parse-only pass is also timed with its
peak Python memory (tracemalloc), which stays flat as the file grows.

Usage::

    python benchmarks/bench_readers.py [--mb 20] [--formats dblp,openalex,...]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

import graphlib_papers as gp
from graphlib_papers.io._errors import Reporter
from graphlib_papers.io._xml import iter_xml_records
from graphlib_papers.io.openalex import _json_lines

REC = Path(__file__).resolve().parent.parent / "tests" / "data" / "records"


def _repeat(unit_of, header: bytes, footer: bytes, target: int) -> bytes:
    parts, size, i = [header], len(header) + len(footer), 0
    while size < target:
        unit = unit_of(i)
        parts.append(unit)
        size += len(unit)
        i += 1
    parts.append(footer)
    return b"".join(parts)


def make_dblp(target: int) -> bytes:
    raw = (REC / "dblp/allTagsData.xml").read_bytes()
    body = raw[raw.index(b"<dblp>") + 6 : raw.rindex(b"</dblp>")]
    head = raw[: raw.index(b"<dblp>") + 6]
    return _repeat(
        lambda i: body.replace(b"<title>", b"<title>R%d " % i).replace(
            b"doi.org/10.", b"doi.org/10.%d" % i
        ),
        head,
        b"</dblp>\n",
        target,
    )


def make_openalex(target: int) -> bytes:
    work = json.loads((REC / "openalex/W2741809807_work.json").read_text())

    def unit(i):
        w = dict(
            work,
            id=f"https://openalex.org/W{i}",
            title=f"R{i} {work['title']}",
            doi=f"https://doi.org/10.7717/peerj.{i}",
        )
        return (json.dumps(w) + "\n").encode()

    return _repeat(unit, b"", b"", target)


def make_wos(target: int) -> bytes:
    raw = (REC / "wostools/single-article.txt").read_bytes()
    return _repeat(
        lambda i: raw.replace(b"\nTI ", b"\nTI R%d " % i).replace(b"\nDI 10.", b"\nDI 10.%d" % i),
        b"FN Clarivate Analytics Web of Science\nVR 1.0\n",
        b"\nEF\n",
        target,
    )


def make_ris(target: int) -> bytes:
    raw = (REC / "litstudy/example.ris").read_bytes()
    return _repeat(
        lambda i: raw.replace(b"TI  - ", b"TI  - R%d " % i).replace(
            b"DO  - 10.", b"DO  - 10.%d" % i
        ),
        b"",
        b"",
        target,
    )


def make_arxiv(target: int) -> bytes:
    raw = (REC / "arxiv/id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml").read_bytes()
    entry = raw[raw.index(b"<entry>") : raw.rindex(b"</entry>") + 8]
    head = raw[: raw.index(b"<entry>")]
    return _repeat(
        lambda i: entry.replace(b"<title>", b"<title>R%d " % i), head, b"</feed>\n", target
    )


def make_csv(target: int) -> bytes:
    raw = (REC / "litstudy/ieee.csv").read_bytes()
    header, _, rows = raw.partition(b"\n")
    return _repeat(
        lambda i: (
            re.sub(rb'(^|\n)"', lambda m: m.group(0) + b"R%d " % i, rows.rstrip(b"\n")).replace(
                b',"10.', b',"10.%d' % i
            )
            + b"\n"
        ),
        header + b"\n",
        b"",
        target,
    )


FORMATS = {
    "dblp": (make_dblp, ".xml", gp.read_dblp_xml, True),
    "openalex": (make_openalex, ".jsonl", gp.read_openalex, False),
    "wos": (make_wos, ".txt", gp.read_wos, False),
    "ris": (make_ris, ".ris", gp.read_ris, False),
    "arxiv": (make_arxiv, ".xml", gp.read_arxiv_atom, True),
    "csv": (make_csv, ".csv", lambda p, **kw: gp.read_csv(p, preset="ieee", **kw), False),
}


def parse_only(path: Path, name: str) -> tuple[float, float]:
    """Seconds for a parse-only pass, and its peak Python memory in MB (second pass)."""
    rep = Reporter("skip")
    if name == "openalex":

        def run():
            return sum(1 for _ in _json_lines(path, str(path), rep, False))
    else:

        def run():
            return sum(
                1
                for _ in iter_xml_records(
                    path, str(path), rep, False, desc="", resolve_entities=name == "dblp"
                )
            )

    t0 = time.perf_counter()
    run()
    dt = time.perf_counter() - t0
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return dt, peak / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="target file size in MB")
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    target = int(args.mb * 1e6)
    print(
        f"{'format':<10}{'MB':>8}{'papers':>9}{'authorships':>13}{'seconds':>9}{'MB/s':>8}"
        f"{'parse MB/s':>12}{'parse peak MB':>15}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.formats.split(","):
            make, suffix, reader, is_xml = FORMATS[name]
            path = Path(tmp) / f"big_{name}{suffix}"
            path.write_bytes(make(target))
            mb = path.stat().st_size / 1e6
            t0 = time.perf_counter()
            corpus = reader(path, errors="skip", progress=False)
            dt = time.perf_counter() - t0
            parse = ""
            if is_xml or name == "openalex":
                pdt, peak = parse_only(path, name)
                parse = f"{mb / pdt:>12.1f}{peak:>15.1f}"
            print(
                f"{name:<10}{mb:>8.1f}{corpus.n_papers:>9}{len(corpus.authorships):>13}"
                f"{dt:>9.2f}{mb / dt:>8.2f}{parse}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
