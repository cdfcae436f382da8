"""read_bibtex parses a file in pieces cut where a block starts a line (at most
``CHUNK_BYTES`` and one block each); the corpus and the load report are those of the
file read in one piece, whatever the piece size."""

from __future__ import annotations

import gc
import warnings
import weakref
from pathlib import Path

import pandas as pd
import pytest

import graphlib_papers as gp
from graphlib_papers.exceptions import ParseError
from graphlib_papers.io import bibtex

RECORDS = Path(__file__).parent / "data" / "records"
SHARED = Path(__file__).parent.parent.parent / "shared" / "data" / "records"
TABLES = ("papers", "authors", "authorships", "load_report", "merges")
WHOLE = 1 << 40  # one piece whatever the file

# a file with what a piece boundary could get wrong: macros used before and after their
# definition (and redefined in another case, and defined twice), a preamble and comments,
# an entry left open just before the next one and one at the end of the file, keys met
# twice far apart, a head without its brace, a ( ) entry, a concatenation, an entry
# head after spaces, and names shared by entries in different pieces
TRAPS = r"""% a comment line
@preamble{"\newcommand{\noopsort}[1]{}"}
@string{jcb = "J. Cell Biol."}
@article{k1,
  author = {C{\'e}sar, Jean and de la Vall{\'e}e Poussin, Charles},
  title = {First {RNA} paper}, journal = jcb, year = 2001, month = jan}

@article{k2, author = {Li, Wei and others}, title = {Second}, journal = late,
  year = {2002}}
@string{JCB = {Journal of Cell Biology}}
@string{late = "Defined Later"}
@article{k3, author = {Li, Wei}, title = {Third, left open, journal = jcb,
@article{k4, author = {Ng, Ann and Li, Wei}, title = {Fourth},
  journal = jcb # " (online)", year = {2004}, doi = {10.1/FOUR}}
@comment{@article{fake, title = {Not an entry}}}
@string{jcb = "Defined twice"}
@article k5, author = {Ng, Ann}, title = {Fifth}, year = {2005}}
@article{k1, author = {Someone, Else}, title = {Key met twice}, year = {2006}}
   @book(k6, author = {Ng, Ann}, title = {Sixth}, year = 2006, publisher = undefmacro)
@article{k7, author = {Ng, Ann and and Li, Wei}, title = {Seventh}, year = {20x7}}
@article{k8, author = {Ng, Ann}, title = {Fourth},
  journal = jcb # " (online)", year = {2004}, doi = {10.1/four}}
@article{k9, author = {Left Open}, title = {Last
"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _read(monkeypatch, path: Path, size: int, **kw):
    monkeypatch.setattr(bibtex, "CHUNK_BYTES", size)
    return gp.read_bibtex(path, **kw)


def _same(a: gp.Corpus, b: gp.Corpus) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def _variants() -> dict[str, bytes]:
    raw = TRAPS.encode("utf-8")
    return {
        "as is": raw,
        "crlf": raw.replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + raw,
        "latin-1 late": raw.replace(b"Fifth", b"F\xeffth"),  # not UTF-8 in a later piece
    }


@pytest.mark.parametrize("variant", list(_variants()))
@pytest.mark.parametrize("size", [1, 60, 400])
def test_pieces_give_the_corpus_of_the_whole_file(tmp_path, monkeypatch, variant, size):
    path = _write(tmp_path, "traps.bib", _variants()[variant])
    assert len(bibtex._pieces(path.read_bytes(), size)) > 2  # really read in pieces
    for errors in ("skip", "warn"):
        with warnings.catch_warnings(record=True) as whole_warned:
            warnings.simplefilter("always")
            whole = _read(monkeypatch, path, WHOLE, errors=errors)
        with warnings.catch_warnings(record=True) as pieces_warned:
            warnings.simplefilter("always")
            pieces = _read(monkeypatch, path, size, errors=errors)
        _same(whole, pieces)
        assert [str(w.message) for w in pieces_warned] == [str(w.message) for w in whole_warned]
    with pytest.raises(ParseError) as whole_error:
        _read(monkeypatch, path, WHOLE)
    with pytest.raises(ParseError) as pieces_error:
        _read(monkeypatch, path, size)
    assert str(pieces_error.value) == str(whole_error.value)


def test_the_traps_are_read_as_bibtex_says(tmp_path, monkeypatch):
    """What the one-piece reading of TRAPS gives, checked by hand, so that the
    comparison above compares the right thing."""
    path = _write(tmp_path, "traps.bib", TRAPS.encode())
    c = _read(monkeypatch, path, 1, errors="skip")
    # k1 twice: a citation key met again is a label met again, not the same paper; the
    # second entry is read, with a flagged row (the same paper would be united by id)
    assert sorted(c.papers.loc[c.papers["bibtex_key"] == "k1", "title"]) == [
        "First RNA paper", "Key met twice"]
    papers = c.papers.drop_duplicates("bibtex_key").set_index("bibtex_key")
    # jcb: the first definition of the key stands; JCB (another key for bibtexparser,
    # the same name for its resolution) is defined later and wins; "late" is used
    # before its definition
    assert papers.loc["k1", "venue"] == "Journal of Cell Biology"
    assert papers.loc["k2", "venue"] == "Defined Later"
    assert papers.loc["k4", "venue"] == "Journal of Cell Biology (online)"
    assert papers.loc["k5", "title"] == "Fifth"  # head repaired
    assert papers.loc["k6", "venue"] == "undefmacro"
    assert "k3" not in papers.index and "k9" not in papers.index
    report = c.load_report
    lines = {int(line): reason for line, reason in zip(report["line"], report["reason"],
                                                        strict=True)}
    assert lines[16] == "@string 'jcb' defined again; its definition at line 3 stands"
    assert "citation key 'k1' repeats the key of the entry at line 4" in lines[18]
    assert "unreadable BibTeX block" in lines[12]  # k3, open until k4 starts
    assert "unreadable BibTeX block" in lines[23]  # k9, open until the end
    assert "malformed" in lines[17]  # k5's head
    assert report.loc[report["action"] == "duplicate", "line"].tolist() == [21]  # k8 is k4


def test_a_macro_of_an_earlier_piece_applies_in_later_ones(tmp_path, monkeypatch):
    bib = (
        '@string{nat = "Nature"}\n'
        "@article{a, author = {Ng, Ann}, title = {One}, journal = nat, year = 2001}\n"
        "@article{b, author = {Li, Wei}, title = {Two}, journal = nat # { Physics},"
        " year = 2002}\n"
    )
    path = _write(tmp_path, "m.bib", bib.encode())
    assert len(bibtex._pieces(path.read_bytes(), 1)) == 3  # a piece per block
    c = _read(monkeypatch, path, 1)
    venues = dict(zip(c.papers["bibtex_key"], c.papers["venue"], strict=True))
    assert venues == {"a": "Nature", "b": "Nature Physics"}
    assert len(c.load_report) == 0


def test_a_broken_entry_in_a_later_piece_is_reported_at_its_line(tmp_path, monkeypatch):
    good = "@article{{g{0}, author = {{Ng, Ann}}, title = {{Paper {0}}}, year = 2001}}\n"
    bib = "".join(good.format(i) for i in range(3))
    bib += "\n\n@article{bad, author = {Li, Wei}, title = {Never closed,\n"  # line 6
    bib += good.format(3)
    path = _write(tmp_path, "b.bib", bib.encode())
    assert len(bibtex._pieces(path.read_bytes(), 1)) == 5
    c = _read(monkeypatch, path, 1, errors="skip")
    assert sorted(c.papers["title"]) == ["Paper 0", "Paper 1", "Paper 2", "Paper 3"]
    report = c.load_report
    assert report["line"].tolist() == [6]
    assert report["action"].tolist() == ["skipped"]
    assert report["reason"][0].startswith("unreadable BibTeX block: Unexpected block start")
    with pytest.raises(ParseError, match="line 6"):
        _read(monkeypatch, path, 1)


@pytest.mark.parametrize("size", [1, WHOLE])  # the key met in an earlier piece, or the same
def test_a_repeated_citation_key_is_read_and_flagged(tmp_path, monkeypatch, size):
    # a citation key is a label: a second entry with it is read as a record of its own
    # (here a different paper), with a flagged row; the same paper again is united
    # with the first by the usual rule (title and year), with a duplicate row
    bib = (
        "@article{k, author = {Ng, Ann}, title = {One}, year = 2001}\n"
        "@article{j, author = {Ng, Ann}, title = {Two}, year = 2002}\n"
        "@article{k, author = {Li, Wei}, title = {Three}, year = 2003}\n"
        "@article{k, author = {Ng, Ann}, title = {One}, year = 2001}\n"
    )
    path = _write(tmp_path, "d.bib", bib.encode())
    c = _read(monkeypatch, path, size, errors="skip")
    assert sorted(c.papers["title"]) == ["One", "Three", "Two"]
    flag = "citation key 'k' repeats the key of the entry at line 1; read as a record of its own"
    rows = c.load_report[["line", "action", "reason"]].values.tolist()
    assert [r[:2] for r in rows] == [[3, "flagged"], [4, "flagged"], [4, "duplicate"]]
    assert rows[0][2].startswith(flag) and rows[1][2].startswith(flag)
    assert "same paper as the record at line 1" in rows[2][2]
    three = c.papers.index[c.papers["title"] == "Three"][0]
    assert c.authorships.loc[c.authorships["paper_id"] == three, "printed_name"].tolist() == [
        "Wei Li"]


def _bib_files() -> list[Path]:
    files = sorted(RECORDS.rglob("*.bib"))
    if SHARED.is_dir():
        files += sorted(SHARED.rglob("*.bib"))
    return files


@pytest.mark.parametrize("path", _bib_files(), ids=lambda p: p.name)
def test_every_bibtex_fixture_reads_the_same_in_pieces(monkeypatch, path):
    whole = _read(monkeypatch, path, WHOLE, errors="skip")
    _same(whole, _read(monkeypatch, path, 1, errors="skip"))


# an abstract quoting a BibTeX entry: a line starting "@misc{" inside a braced value
QUOTED = (
    "@article{a1, author = {Knuth, Donald}, title = {First},\n"
    "  abstract = {To cite the data set use\n"
    "@misc{data, title = {Data}, year = 2020}\n"
    "as written {here}.}, year = {2020}}\n"
    "@article{a2, author = {Park, Bo}, title = {Second}, year = {2021}}\n"
)


@pytest.mark.parametrize("size", [40, 60, 90])
def test_no_cut_inside_a_value_that_quotes_an_entry(tmp_path, monkeypatch, size):
    # BibTeX reads a1 whole (its braces close after the quoted entry); a cut at the
    # "@misc{" line, which the piece size would otherwise choose, would make the quoted
    # entry a record and lose a1
    raw = QUOTED.encode()
    inner = raw.index(b"@misc")
    assert size < inner  # the first place a piece of this size could end
    cuts = [end for _, end, _ in bibtex._pieces(raw, size)]
    assert inner not in cuts and raw.index(b"@article{a2") in cuts
    path = _write(tmp_path, "q.bib", raw)
    whole = _read(monkeypatch, path, WHOLE, errors="skip")
    assert sorted(whole.papers["title"]) == ["First", "Second"]
    assert whole.papers["abstract"].str.contains("@misc", regex=False).sum() == 1
    _same(whole, _read(monkeypatch, path, size, errors="skip"))


def test_an_entry_left_open_still_lets_the_file_be_cut(tmp_path):
    # the braces of an entry left open never close: the cuts come back within a few
    # pieces, so one damaged entry cannot make the rest of the file one piece
    good = "@article{{g{0}, author = {{Ng, Ann}}, title = {{Paper {0}}}, year = 2001}}\n"
    raw = ("@article{bad, title = {Never closed,\n"
           + "".join(good.format(i) for i in range(200))).encode()
    pieces = bibtex._pieces(raw, 200)
    assert len(pieces) > 200 * len(good) // 1000  # pieces of at most 5 x 200 bytes
    assert max(end - start for start, end, _ in pieces) <= 5 * 200 + len(good) + 10


@pytest.mark.parametrize("size", [WHOLE, 60])
def test_latin1_after_a_byte_order_mark(tmp_path, monkeypatch, size):
    """A UTF-8 byte-order mark then Latin-1 text: the row names the bad byte and its
    line, and the entries are those of the file without the mark."""
    monkeypatch.setattr(bibtex, "CHUNK_BYTES", size)
    text = ("@article{k1, author = {Ng, Ann}, title = {One}, year = 2001}\n\n"
            "@article{k2, author = {M\u00fcller, J\u00fcrgen}, title = {Two}, year = 2002}\n")
    marked = tmp_path / "marked.bib"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode("latin-1"))
    plain = tmp_path / "plain.bib"
    plain.write_bytes(text.encode("latin-1"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a, b = gp.read_bibtex(marked, errors="skip"), gp.read_bibtex(plain, errors="skip")
    rows = a.load_report[a.load_report["action"] == "repaired"]
    assert rows["reason"].tolist() == [
        "not valid UTF-8 (byte 0xfc); decoded as Windows-1252 (Latin-1)"]
    assert rows["line"].tolist() == [3]
    assert a.papers.drop(columns="sources").equals(b.papers.drop(columns="sources"))
    assert sorted(a.authorships["printed_name"]) == ["Ann Ng", "J\u00fcrgen M\u00fcller"]


def test_a_failed_block_does_not_keep_its_library_alive():
    # bibtexparser keeps the exception of a failed block, whose traceback holds the frame
    # that holds the library: a cycle that kept every entry of the piece in memory
    # until the cycle collector ran
    import bibtexparser

    gc.disable()
    try:
        library, _, _ = bibtex._parse(
            bibtexparser, "@article{a, title={x}}\n@article{b, title={y\n")
        assert len(library.failed_blocks) == 1 and len(library.entries) == 1
        ref = weakref.ref(library.entries[0])
        del library
        assert ref() is None  # freed by reference counting alone
    finally:
        gc.enable()


CROSSREF = """@inproceedings{smith20,
  author = {John Smith and Ann Lee}, title = {Graph Things}, crossref = {kdd20}, pages = {1--10}}

@inproceedings{lee20,
  author = {Ann Lee}, title = {Other Things}, booktitle = {KDD Workshops}, year = {2019},
  crossref = {kdd20}}

@inbook{ch1, author = {Mary Major}, title = {A Chapter}, crossref = {bk}}

@book{bk, author = {Ada Byron}, title = {The Book of Things}, publisher = {Murray}, year = 1843}

@proceedings{kdd20,
  editor = {Rajesh Gupta and Yan Liu}, title = {{KDD} '20: Proceedings},
  booktitle = {KDD '20}, publisher = {{ACM}}, year = {2020}}
"""


@pytest.mark.parametrize("size", [WHOLE, 60])
def test_crossrefs_give_year_and_venue_and_a_proceedings_volume_is_no_paper(
    tmp_path, monkeypatch, size
):
    monkeypatch.setattr(bibtex, "CHUNK_BYTES", size)  # the volume in a later piece too
    path = tmp_path / "refs.bib"
    path.write_text(CROSSREF, encoding="utf-8")
    c = gp.read_bibtex(path, errors="raise")  # nothing wrong with the file
    papers = c.papers.set_index("title")
    assert sorted(papers.index) == ["A Chapter", "Graph Things", "Other Things",
                                    "The Book of Things"]
    # what an entry lacks comes from the volume; what it has stays its own
    assert papers.loc["Graph Things", ["year", "venue"]].tolist() == [2020, "KDD '20"]
    assert papers.loc["Other Things", ["year", "venue"]].tolist() == [2019, "KDD Workshops"]
    # a book with an author is a paper of its own; its chapter takes its year and title
    assert papers.loc["A Chapter", ["year", "venue"]].tolist() == [1843, "The Book of Things"]
    row = c.load_report.iloc[0]
    assert (row["line"], row["action"]) == (12, "skipped")
    assert "'kdd20'" in row["reason"] and "(lines 1, 4)" in row["reason"]
    assert "Rajesh Gupta" not in set(c.authorships["printed_name"])
