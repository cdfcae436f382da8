"""Format sniffing past leading comments, blank lines, byte-order marks and preambles."""

from __future__ import annotations

import pytest

import graphlib_papers as gp

BIB = (
    "@article{k1,\n  title={Sparse Graphs},\n  author={Ada Byron and Alan Turing},\n"
    "  year={2001}\n}\n"
)
RIS = "TY  - JOUR\nTI  - Sparse Graphs\nAU  - Byron, Ada\nAU  - Turing, Alan\nPY  - 2001\nER  - \n"
WOS = (
    "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Byron, A\nAU Turing, A\n"
    "AF Byron, Ada\nAF Turing, Alan\nTI Sparse Graphs\nPY 2001\nUT WOS:000123456700001\nER\n\nEF\n"
)
MEDLINE = "PMID- 12345\nTI  - Sparse Graphs.\nDP  - 2001\nFAU - Byron, Ada\nFAU - Turing, Alan\n"
PREAMBLE = "".join(f"Provider: export service, preamble line {i}\n" for i in range(300))

VARIANTS = {
    "plain": lambda body, c: body,
    "blank-lines": lambda body, c: "\n\n   \n" + body,
    "bom": lambda body, c: "\ufeff" + body,
    "bom-crlf": lambda body, c: "\ufeff" + body.replace("\n", "\r\n"),
    "comment": lambda body, c: f"{c} exported from a reference manager\n{c}\n" + body,
    "long-preamble": lambda body, c: PREAMBLE + "\n" + body,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(
    ("fmt", "body", "comment"),
    [("bibtex", BIB, "%"), ("ris", RIS, "#"), ("wos", WOS, "#"), ("medline", MEDLINE, "#")],
)
def test_txt_files_are_recognised_by_their_records(tmp_path, fmt, body, comment, variant):
    if fmt == "wos" and variant == "long-preamble":
        pytest.skip("a Web of Science export opens with FN/VR: it has no preamble")
    path = tmp_path / "export.txt"  # the extension says nothing
    path.write_bytes(VARIANTS[variant](body, comment).encode("utf-8"))
    got, reason = gp.sniff_format(path)
    assert got == fmt, reason
    # the readers themselves: comment lines are BibTeX and RIS syntax, not WoS/MEDLINE
    simple = variant in ("plain", "blank-lines", "bom")
    if simple or (variant == "comment" and fmt in ("bibtex", "ris")):
        c = gp.read(path)
        assert c.papers["title"].str.rstrip(".").tolist() == ["Sparse Graphs"]
        assert sorted(c.authorships["printed_name"]) == ["Ada Byron", "Alan Turing"]


def test_bibtex_with_a_percent_comment_is_not_taken_for_a_profile_page(tmp_path):
    # the example: a .txt BibTeX file starting with a % comment line
    path = tmp_path / "refs.txt"
    path.write_text("% Encoding: UTF-8\n\n" + BIB)
    assert gp.sniff_format(path)[0] == "bibtex"
    assert gp.read(path).n_papers == 1


def test_profile_page_still_a_profile_page_with_bom_and_blank_lines(tmp_path):
    page = gp.seed_paths()[1].read_text(encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_bytes(("\ufeff\n\n" + page).encode("utf-8"))
    assert gp.sniff_format(path)[0] == "profile"


def test_utf16_tagged_export_is_recognised(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(RIS.encode("utf-16"))
    assert gp.sniff_format(path)[0] == "ris"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_exports_are_recognised_and_read(tmp_path, encoding):
    path = tmp_path / "export.txt"
    path.write_bytes(RIS.encode(encoding))
    assert gp.sniff_format(path)[0] == "ris"
    plain = tmp_path / "plain.txt"
    plain.write_text(RIS, encoding="utf-8")
    read = gp.read(path, errors="skip")
    assert read.papers["title"].tolist() == gp.read(plain).papers["title"].tolist()
    if encoding in ("utf-16-le", "utf-16-be"):  # inferred, not marked: a repair, refused
        with pytest.raises(gp.ParseError, match="no byte-order mark") as err:  # "raise"
            gp.read(path)
        assert "errors='warn' reads it so" in str(err.value)
    else:
        gp.read(path)  # a byte-order mark says it: nothing to repair


WOS_WITHOUT_HEAD = (
    "AU Harvey, W\nTI De Motu Cordis\nSO EXERCITATIO ANATOMICA\nPY 1628\n"
    "UT WOS:000000000000001\nER\n\nAU Hooke, R\nTI Micrographia\nSO ROYAL SOC\nPY 1665\n"
    "UT WOS:000000000000002\nER\n"
)


def test_wos_records_that_lost_their_pt_and_fn_lines_are_still_wos(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS_WITHOUT_HEAD, encoding="utf-8")
    fmt, reason = gp.sniff_format(path)
    assert fmt == "wos" and "no PT or FN line" in reason
    c = gp.read(path, errors="skip")
    assert sorted(c.papers["title"]) == ["De Motu Cordis", "Micrographia"]


def test_ris_and_medline_tags_are_not_taken_for_wos_ones(tmp_path):
    # "AU  - " (RIS, MEDLINE) is not "AU " (WoS); without TY or PMID lines nothing decides
    path = tmp_path / "odd.txt"
    path.write_text(WOS_WITHOUT_HEAD.replace("AU ", "AU  - ").replace("TI ", "TI  - ")
                    .replace("SO ", "SO  - ").replace("PY ", "PY  - ").replace("UT ", "UT  - "),
                    encoding="utf-8")
    with pytest.raises(gp.ParseError, match="cannot tell the format"):
        gp.sniff_format(path)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"just some notes\nwith no records in them\n", "no line in the first 64 KiB"),
        (b"\x00\x01\x02binary", "binary data"),
    ],
)
def test_unknown_text_is_a_clear_error_not_a_profile_page(tmp_path, data, what):
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    with pytest.raises(gp.ParseError, match=what) as err:
        gp.sniff_format(path)
    assert err.value.source == str(path) and err.value.line == 1
    assert "pass format=" in str(err.value)


def test_csv_extension_reads_only_the_header_line(tmp_path):
    # a data row that happens to start like a BibTeX entry does not decide the format
    path = tmp_path / "t.csv"
    path.write_text('title,authors\n"@article{x, y}",Ada Byron\n')
    assert gp.sniff_format(path)[0] == "csv"


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        ('[{"id": "https://openalex.org/W1", "title": "T", "authorships": []}]', "openalex"),
        ('<?xml version="1.0"?>\n<feed><entry><title>T</title></entry></feed>', "arxiv"),
        ('<dblp><article key="a"><title>T</title></article></dblp>', "dblp"),
    ],
)
@pytest.mark.parametrize("prefix", ["", "\ufeff", "\n\n  \n", "\ufeff\r\n\r\n"])
def test_json_and_xml_past_bom_and_blank_lines(tmp_path, body, fmt, prefix):
    path = tmp_path / "records.dat"  # the extension says nothing
    path.write_bytes((prefix + body).encode("utf-8"))
    assert gp.sniff_format(path)[0] == fmt


def _one_ris(tmp_path):
    path = tmp_path / "one.ris"
    path.write_text("TY  - JOUR\nTI  - A title\nAU  - Li, Wei\nPY  - 2020\nER  - \n")
    return path


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda p: gp.read(p, format="endnote"), "format must be one of"),
        (lambda p: gp.read_ris(p, errors="ignore"), "errors must be one of"),
        (lambda p: gp.read_csv(p, preset="wos"), "preset must be one of"),
        (lambda p: gp.read_csv(p, name_order="given-first"), "name_order must be"),
    ],
)
def test_bad_option_values_raise_the_package_option_error(tmp_path, call, match):
    # a bad keyword value is the package's OptionError, which is also a ValueError
    with pytest.raises(gp.OptionError, match=match) as info:
        call(_one_ris(tmp_path))
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, gp.GraphlibPapersError)


def test_ris_and_medline_records_that_lost_their_first_tag_are_recognised(tmp_path):
    ris = tmp_path / "refs.txt"
    ris.write_text(RIS.replace("TY  - JOUR\n", "") * 2, encoding="utf-8")
    assert gp.sniff_format(ris)[0] == "ris"
    medline = tmp_path / "pubmed.txt"
    medline.write_text(MEDLINE.replace("PMID- 12345\n", ""), encoding="utf-8")
    assert gp.sniff_format(medline)[0] == "medline"
    c = gp.read(medline, errors="skip")
    assert c.papers["title"].tolist() == ["Sparse Graphs."]


def test_ris_type_written_out_in_words_is_ris(tmp_path):
    # EndNote and Zotero write "TY  - Journal Article" where others write "TY  - JOUR"
    path = tmp_path / "export.txt"
    path.write_text(RIS.replace("TY  - JOUR", "TY  - Journal Article"), encoding="utf-8")
    fmt, reason = gp.sniff_format(path)
    assert (fmt, reason) == ("ris", "RIS field tags (TY  - ... ER  -)")
    assert gp.read(path).papers["title"].tolist() == ["Sparse Graphs"]
