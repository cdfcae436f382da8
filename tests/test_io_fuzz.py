"""Mutation fuzzing of every record reader (and the profile-page reader) on its real
fixtures.

Each mutant is a real fixture damaged the way files get damaged: cut at a random
point, lines dropped / duplicated / swapped, tags and delimiters damaged, line endings
changed, NUL and invalid bytes inserted, two files joined, the encoding changed.
For every mutant:

* the only exception is a ``ParseError`` naming the file and a line (a
  ``SchemaError`` naming the file for a table whose header lost its columns);
* under ``errors="warn"`` the reader's accounting holds (records seen = papers +
  duplicates + skipped, checked inside the reader: a mismatch raises
  ``AccountingError``) and every load-report row has a line inside the file;
* no author name or title carries the format's own syntax (tags, separators,
  braces, a leading or trailing ``and``), a NUL or an invented U+FFFD.

The default run tries a few dozen mutants per reader through the whole reader;
the ``slow`` run tries 10,000 per reader with the name layer replaced by a stub
(the records, accounting and load report are the reader's own; only the building
of the Corpus tables is skipped), and prints the figures with the CPU time each
reader took. Fixtures are kept small (a few records; for OpenAlex the fields the
reader reads, for Scopus the rows without their cited references): the time goes
with the size of the text, and the whole file stays within a few minutes of CPU.

    PYTHONPATH=$PWD python -m pytest -m slow tests/test_io_fuzz.py -s -q
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import pytest

import graphlib_papers as gp
from graphlib_papers.io import _common, profiles
from graphlib_papers.io._errors import ParseWarning

REC = Path(__file__).resolve().parent / "data" / "records"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "records"


def _head(raw: bytes, end: bytes, n: int) -> bytes:
    """The first `n` records of `raw`, each closed by `end`."""
    pos = 0
    for _ in range(n):
        nxt = raw.find(end, pos)
        if nxt == -1:
            return raw
        pos = nxt + len(end)
    return raw[:pos]


def _files(*patterns: tuple[Path, str]) -> list[Path]:
    return sorted(p for root, pattern in patterns if root.is_dir() for p in root.glob(pattern))


def _shorten_cells(raw: bytes, column: str, keep: int) -> bytes:
    """`raw` (a CSV file) with the cells of `column` cut to their first `keep`
    "; "-separated items, written back in the file's own style (BOM, every cell quoted,
    its line ending)."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    at = rows[0].index(column)
    for row in rows[1:]:
        row[at] = "; ".join(row[at].split("; ")[:keep])
    out = io.StringIO()
    ending = "\r\n" if "\r\n" in text else "\n"
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=ending).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


MEDLINE_SMALL = (
    b"PMID- 26795325\nOWN - NLM\nTI  - Antibacterial activity of a peptide.\nDP  - 2016 Jan 15\n"
    b"FAU - Gadzalski, Marek\nAU  - Gadzalski M\nAD  - University of Lodz, Poland.\n"
    b"FAU - Staczek, Pawel\nAU  - Staczek P\nLID - 10.1000/abc [doi]\n\n"
    b"PMID- 26795326\nTI  - A second\n      study of things.\nDP  - 2015 Winter\n"
    b"FAU - Roe, Rita\nAUID- ORCID: 0000-0002-1825-0097\n\n"
)


OPENALEX_FIELDS = (
    "id", "doi", "title", "display_name", "publication_year", "publication_date",
    "primary_location", "type", "authorships", "keywords", "abstract_inverted_index",
)


def _fixtures(fmt: str) -> list[bytes]:
    """Small real inputs of a format (a few records each: mutants stay quick)."""
    if fmt == "ris":
        files = _files((REC / "ris_rispy", "*.ris"))
        out = [p.read_bytes() for p in files]
        out.append(_head((REC / "litstudy/example.ris").read_bytes(), b"ER  - ", 3))
        return out
    if fmt == "wos":
        out = [(REC / "wostools/single-article.txt").read_bytes()]
        for p in _files((SHARED / "wos_metaknowledge", "*.isi")):
            out.append(_head(p.read_bytes(), b"\nER\n", 2))
        for p in _files((SHARED / "wos_wostools", "*.txt")):
            out.append(_head(p.read_bytes(), b"\nER\n", 2))
        return out
    if fmt == "medline":
        out = [MEDLINE_SMALL]
        p = SHARED / "medline_metaknowledge/medline_test.medline"
        if p.exists():
            out.append(_head(p.read_bytes(), b"\n\n", 2))
        return out
    if fmt == "bibtex":
        files = _files((REC / "bibtex", "*.bib"), (SHARED / "bibtex_bibtexparser_v1", "[a-m]*.bib"))
        return [p.read_bytes()[:4000] for p in files if p.stat().st_size < 20000]
    if fmt == "csv":
        out = [_head((REC / "litstudy/ieee.csv").read_bytes(), b"\n", 3)]
        out.append(_head((REC / "litstudy/springer.csv").read_bytes(), b"\n", 4))
        return out
    if fmt == "scopus":
        p = SHARED / "litstudy/scopus.csv"
        if not p.exists():
            return []
        # the reader never reads the cited references, which are 90 % of these rows
        return [_shorten_cells(_head(p.read_bytes(), b"\n", 3), "References", 2)]
    if fmt == "openalex":
        work = json.loads((REC / "openalex/W2741809807_work.json").read_text())
        # the fields the reader reads and three of the nine authors: the reader's time
        # goes with the size of the text, so mutants stay small
        work = {k: work[k] for k in OPENALEX_FIELDS if k in work}
        work["authorships"] = work["authorships"][:3]
        other = dict(work, id="https://openalex.org/W2", doi=None, title="Another work")
        return [
            json.dumps(work, indent=2, ensure_ascii=False).encode(),  # one work
            (json.dumps(work) + "\n" + json.dumps(other) + "\n").encode(),  # JSON lines
            json.dumps([work, other], indent=1, ensure_ascii=False).encode(),  # a list
        ]
    if fmt == "arxiv":
        return [p.read_bytes() for p in _files((REC / "arxiv", "*.xml"))][:2]
    if fmt == "profile":
        out = [p.read_bytes() for p in _files((REC.parent / "profiles", "*.txt"))]
        seed = gp.seed_paths()[0].read_bytes()
        out.append(seed[: seed.index(b"\n", 1500) + 1])  # a page with its header
        return out
    if fmt == "dblp":
        # the first record of each type (the file repeats types: mutants stay small)
        raw = (REC / "dblp/allTagsData.xml").read_bytes()
        start = raw.index(b"<dblp>") + len(b"<dblp>\n")
        records, types = [], set()
        for m in re.finditer(rb"(?s)[ \t]*<(\w+) .*?</\1>\n", raw[start:]):
            if m.group(1) not in types:
                types.add(m.group(1))
                records.append(m.group())
        return [raw[:start] + b"".join(records) + b"</dblp>\n"]
    raise KeyError(fmt)


def _csv_reader(preset):
    def read(path, **kw):
        return gp.read_csv(path, preset=preset, **kw)

    return read


READERS = {
    "ris": (gp.read_ris, ".ris"),
    "wos": (gp.read_wos, ".txt"),
    "medline": (gp.read_medline, ".medline"),
    "bibtex": (gp.read_bibtex, ".bib"),
    "csv": (None, ".csv"),  # preset chosen per fixture: ieee or springer
    "scopus": (gp.read_scopus_csv, ".csv"),
    "openalex": (gp.read_openalex, ".json"),
    "arxiv": (gp.read_arxiv_atom, ".xml"),
    "dblp": (gp.read_dblp_xml, ".xml"),
    "profile": (gp.read_profiles, ".txt"),
}

# the format's own syntax, which must never end up inside a name or a title
_ANY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SYNTAX = {
    "ris": re.compile(r"(?:^|\s)(?:TY|ER|AU|A1|TI|T1|PY|DO|KW|AB)\s{0,2}-(?:\s|$)"),
    "wos": re.compile(r"^(?:PT|AU|AF|TI|ER|EF|FN|VR|SO|PY|UT|DI|C1)(?:\s|$)"),
    "medline": re.compile(r"(?:^|\s)(?:PMID|FAU|AU|TI|DP|AD|LID)\s{0,3}-\s"),
    "bibtex": re.compile(r"[{}]|@\w+\s*[{(]|^and\b|\band$|\\\w+\{"),
    "csv": re.compile(r"[;\t\"]"),
    "scopus": re.compile(r"[;\t\"]"),
    "openalex": re.compile(r"^[\[{].*[\]}]$|'\w+':"),
    "arxiv": re.compile(r"</?\w+>"),
    "dblp": re.compile(r"</?\w+>"),
    # a lab tag, an "et al.", a comma (the author separator)
    "profile": re.compile(r"·|\bet al\b|,"),
}
NAME_ONLY = {"csv", "scopus", "profile"}  # titles may hold ';', '"' and ','; names may not

TOKENS = {
    "ris": [b"  - ", b"TY", b"ER", b"AU", b"TI", b"\n", b"-"],
    "wos": [b"PT ", b"ER", b"EF", b"AU ", b"AF ", b"TI ", b"   ", b"\n", b"FN ", b"VR "],
    "medline": [b"PMID- ", b"FAU - ", b"AU  - ", b"TI  - ", b"      ", b"\n\n", b"- "],
    "bibtex": [b"{", b"}", b"@", b",", b"=", b" and ", b'"', b"\n", b"#"],
    "csv": [b",", b'"', b"\n", b";", b"\r\n"],
    "scopus": [b",", b'"', b"\n", b";", b"("],
    "openalex": [b"{", b"}", b"[", b"]", b'"', b",", b":", b"null", b"\n"],
    "arxiv": [b"<", b">", b"</", b"entry", b"author", b"&", b"\n"],
    "dblp": [b"<", b">", b"</", b"article", b"author", b"&", b"\n"],
    "profile": [b", ", " · ".encode(), b"\n", b"et al.", b"Jan ", b", 20", b"Code", b"papers"],
}
VARIANTS = [b"", b" ", b"  ", b"\t", b"-", b"{", b"}", b",", b";", b'"', b"\n", b"\x00", b"\xff"]
BAD_BYTES = [b"\x00", b"\xff", b"\xc3", b"\x80", b"\xef\xbb\xbf", b"\xe2\x80", b"\r", b"\x1a"]


def mutate(raw: bytes, rng: random.Random, fmt: str, others: list[bytes]) -> bytes:
    """One to three random damages of `raw`."""
    data = raw
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(9)
        lines = data.split(b"\n")
        if op == 0 and data:  # cut
            data = data[: rng.randrange(len(data))]
        elif op == 1 and len(lines) > 1:  # drop a line
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif op == 2 and lines:  # duplicate a line
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == 3 and len(lines) > 1:  # swap two lines
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op == 4:  # damage a tag or a delimiter
            token = rng.choice(TOKENS[fmt])
            hits = [m.start() for m in re.finditer(re.escape(token), data)]
            if hits:
                i = rng.choice(hits)
                data = data[:i] + rng.choice(VARIANTS + TOKENS[fmt]) + data[i + len(token) :]
        elif op == 5:  # line endings
            ending = rng.choice([b"\r\n", b"\r", b"\n\r"])
            if rng.random() < 0.5:
                data = data.replace(b"\n", ending)
            else:
                data = (
                    b"".join(ln + (ending if rng.random() < 0.5 else b"\n") for ln in lines).rstrip(
                        b"\n\r"
                    )
                    + b"\n"
                )
        elif op == 6:  # NUL / invalid bytes
            i = rng.randrange(len(data) + 1)
            data = data[:i] + rng.choice(BAD_BYTES) + data[i:]
        elif op == 7:  # two files joined
            other = rng.choice(others)
            data = data + rng.choice([b"", b"\n", b"\n\n"]) + other
        else:  # another encoding
            text = data.decode("utf-8", errors="replace")
            enc = rng.choice(["latin-1", "cp1252", "utf-16", "utf-8-sig", "utf-16-le"])
            data = text.encode(enc, errors="replace")
    return data


def _names_and_titles(result):
    """(names, titles) from a Corpus or from the stub's tables."""
    if isinstance(result, gp.Corpus):
        return result.authorships["printed_name"].tolist(), result.papers["title"].tolist()
    cols, ships, _ = result
    return list(ships["printed_name"]), list(cols["title"])


def _report_reasons(result):
    if isinstance(result, gp.Corpus):
        return result.load_report["reason"].tolist()
    return [r[3] for r in result[2].rows]


def _report_lines(result):
    if isinstance(result, gp.Corpus):
        return result.load_report["line"].tolist()
    return [r[1] for r in result[2].rows]


def check_mutant(fmt, reader, path: Path, data: bytes, stats: Counter) -> None:
    """Read one mutant under "warn" (and "raise" when "warn" reported a problem)."""
    n_lines = data.count(b"\n") + data.count(b"\r") + 2

    def position_ok(err: gp.ParseError) -> bool:
        return err.source == str(path) and isinstance(err.line, int) and 1 <= err.line <= n_lines

    stats["mutants"] += 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = reader(path, errors="warn")
        except gp.ParseError as err:  # refused whatever errors= says (XML entities, ...)
            assert position_ok(err), f"ParseError without file and line: {err!r}"
            stats["ParseError (warn)"] += 1
            return
        except gp.SchemaError as err:
            assert str(path) in str(err), f"SchemaError without the file: {err}"
            stats["SchemaError"] += 1
            return
    others = [w for w in caught if not issubclass(w.category, ParseWarning)]
    assert not others, f"unexpected warning: {others[0].message}"
    lines = _report_lines(result)
    assert all(isinstance(x, int) and 1 <= x <= n_lines for x in lines), lines
    names, titles = _names_and_titles(result)
    syntax = SYNTAX[fmt]
    if fmt in NAME_ONLY and b'""' in data:  # an escaped quote: a '"' the cell really holds
        syntax = re.compile(r"[;\t]")
    fffd_in_input = any(
        "\ufffd".encode(enc) in data for enc in ("utf-8", "utf-16-le", "utf-16-be")
    ) or any(  # a damaged UTF-16 line: U+FFFD for what is lost, and a row saying so
        "code units" in reason for reason in _report_reasons(result)
    )
    invented = [
        n
        for n in names
        if not n.strip()
        or syntax.search(n)
        or _ANY.search(n)
        or ("\ufffd" in n and not fffd_in_input)
    ]
    invented += [
        t
        for t in titles
        if (fmt not in NAME_ONLY and syntax.search(t))
        or _ANY.search(t)
        or ("\ufffd" in t and not fffd_in_input)
    ]
    stats["invented names"] += len(invented)
    assert not invented, f"format syntax in a name or title: {invented[:3]}"
    if any(r in ("skipped", "repaired") for r in _actions(result)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                reader(path, errors="raise")
        except gp.ParseError as err:
            assert position_ok(err), f"ParseError without file and line: {err!r}"
            stats["ParseError"] += 1
        except gp.SchemaError as err:
            assert str(path) in str(err)
            stats["SchemaError"] += 1


def _actions(result):
    if isinstance(result, gp.Corpus):
        return result.load_report["action"].tolist()
    return [r[2] for r in result[2].rows]


def run(fmt: str, n: int, seed: int, *, stub: bool, monkeypatch=None) -> Counter:
    inputs = _fixtures(fmt)
    if not inputs:
        pytest.skip(f"no {fmt} fixtures (../shared/data is not present)")
    reader, suffix = READERS[fmt]
    if stub:
        monkeypatch.setattr(
            _common, "_tables_to_corpus", lambda cols, ships, rep, **kw: (cols, ships, rep)
        )
        monkeypatch.setattr(
            profiles, "_tables_to_corpus",
            lambda rows, ships, pages, rep, *a: (
                {"title": [r["title"] for r in rows]}, {"printed_name": [x[1] for x in ships]}, rep
            ),
        )
    stats: Counter = Counter()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(dir=_MEMORY) as tmp:
        for i in range(n):
            k = rng.randrange(len(inputs))
            raw = inputs[k]
            read = reader
            if fmt == "csv":
                read = _csv_reader("springer" if b"Item Title" in raw[:200] else "ieee")
            data = mutate(raw, rng, fmt, inputs)
            path = Path(tmp) / f"input{suffix}"
            path.write_bytes(data)
            try:
                check_mutant(fmt, read, path, data, stats)
            except Exception as exc:
                raise AssertionError(
                    f"{fmt} mutant {i} (seed {seed}, fixture {k}) failed: {exc!r}; "
                    f"its bytes: {data[:300]!r}"
                ) from exc
    return stats


# rewriting a file on a disk costs milliseconds, in memory microseconds
_MEMORY = "/dev/shm" if Path("/dev/shm").is_dir() else None

MINE = ["bibtex", "csv", "medline", "ris", "scopus", "wos"]
THEIRS = ["arxiv", "dblp", "openalex", "profile"]  # the JSON, XML and profile-page readers


@pytest.mark.parametrize("fmt", MINE + THEIRS)
def test_unmutated_fixtures_read_cleanly(fmt):
    reader, suffix = READERS[fmt]
    inputs = _fixtures(fmt)
    if not inputs:
        pytest.skip("../shared/data is not present")
    stats: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for raw in inputs:
            path = Path(tmp) / f"input{suffix}"
            path.write_bytes(raw)
            read = reader
            if fmt == "csv":
                read = _csv_reader("springer" if b"Item Title" in raw[:200] else "ieee")
            check_mutant(fmt, read, path, raw, stats)
    assert stats["mutants"] == len(inputs) and stats["invented names"] == 0


@pytest.mark.parametrize("fmt", MINE + THEIRS)
def test_mutated_fixtures_whole_reader(fmt):
    stats = run(fmt, 40, seed=12, stub=False)
    assert stats["mutants"] == 40 and stats["invented names"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("fmt", MINE + THEIRS)
def test_mutated_fixtures_ten_thousand(fmt, monkeypatch):
    t0, cpu0 = time.perf_counter(), time.process_time()
    stats = run(fmt, 10_000, seed=2012, stub=True, monkeypatch=monkeypatch)
    print(
        f"\n{fmt}: {stats['mutants']} mutants, {stats['ParseError']} ParseErrors under "
        f"'raise' ({stats['ParseError (warn)']} also under 'warn', {stats['SchemaError']} "
        f"SchemaErrors), 0 accounting failures, {stats['invented names']} invented names, "
        f"{time.perf_counter() - t0:.0f} s ({time.process_time() - cpu0:.0f} s CPU)"
    )
    assert stats["mutants"] == 10_000 and stats["invented names"] == 0
