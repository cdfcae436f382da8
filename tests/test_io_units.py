"""The field values of a tagged file, gathered into one Arrow string array by
:func:`graphlib_papers.io._tagged.units` with array steps, against a line-by-line
reading in plain Python written here from the documented rule (a field line's value
from its value offset, a continuation line's from its first character, both stripped
of spaces and tabs; a continuation line joins its field's value after a space when
the tag joins, else is a value of its own; blank lines hold nothing). Files with
continuation lines joined and not, empty values, values that are spaces only,
multi-byte characters at the edges of a value, tabs, and a field left out."""

from __future__ import annotations

import numpy as np
import pytest

from graphlib_papers.io import _tagged, ris
from graphlib_papers.io._tagged import tag_code, units

RIS = (
    "TY  - JOUR\n"
    "TI  - Ünïcode at the start and the end é\n"
    "  and a continuation line   \n"
    "AU  - Müller, Jörg\n"
    "AU  - \n"
    "AU  - Ng,  C.\n"
    "KW  - graphs\n"
    "keywords on a line of their own\n"
    "KW  -   \n"
    "AB  - First line\n"
    "\tsecond line after a tab\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - 日本語のタイトル\n"
    "AU  - 山田, 太郎\n"
    "ER  - \n"
)


def _line_by_line(t, owner, record, tags, wanted, value_lo, drop=None):
    """(tag, record, text) of each unit, one line at a time."""
    out: list[list] = []
    last_owner = None
    for k in range(len(t)):
        line = t.raw[t.start[k] : t.end[k]]
        o = int(owner[k])
        taken = (o >= 0 and record[o] >= 0 and int(tags[o]) in wanted
                 and line.strip(b" \t") != b"" and not (drop is not None and drop[k]))
        if not taken:
            continue
        value = line[max(int(value_lo[k] - t.start[k]), 0):] if o == k else line
        value = value.strip(b" \t").decode("utf-8")
        if out and last_owner == o and wanted[int(tags[o])]:
            out[-1][2] += " " + value
        else:
            out.append([int(tags[o]), int(record[o]), value])
        last_owner = o
    return [tuple(x) for x in out]


def _same(t, owner, record, tags, wanted, value_lo, drop=None):
    u = units(t, owner, record, tags, wanted, value_lo, drop=drop)
    got = list(zip(u.tag.tolist(), u.record.tolist(), u.texts.to_pylist(), strict=True))
    assert got == _line_by_line(t, owner, record, tags, wanted, value_lo, drop)
    return u


@pytest.mark.parametrize("joins", [True, False])
def test_ris_values_match_a_line_by_line_reading(joins):
    t = _tagged.chunk_lines(RIS.encode("utf-8"), first=True, last=True)
    owner, record, _ = ris._layout(t, ris._known_tags())
    wanted = {tag_code(x): joins for x in ("TI", "AU", "KW", "AB")}
    u = _same(t, owner, record, t.tag, wanted, t.start + 6)
    for tag in ("TI", "AU", "KW", "AB"):  # a field's units, as Python strings and as Arrow
        (ra, ta), (rb, tb) = u.of(tag), u.of_arrow(tag)
        assert ra.tolist() == rb.tolist() and ta.tolist() == tb.to_pylist()
        assert (u.tag == tag_code(tag)).sum() == len(ra)
    texts = u.texts.to_pylist()
    assert "" in texts  # the empty AU and the KW of spaces only
    if joins:
        assert "Ünïcode at the start and the end é and a continuation line" in texts
        assert "First line second line after a tab" in texts
    else:
        assert "keywords on a line of their own" in texts


def test_ris_values_with_a_field_left_out():
    t = _tagged.chunk_lines(RIS.encode("utf-8"), first=True, last=True)
    owner, record, _ = ris._layout(t, ris._known_tags())
    drop = np.zeros(len(t), dtype=bool)
    drop[2] = True  # the first TI line: its continuation line becomes a unit of its own
    _same(t, owner, record, t.tag, {tag_code("TI"): True, tag_code("AU"): False},
          t.start + 6, drop=drop)


def test_wos_and_medline_values_match_a_line_by_line_reading():
    wos = (
        "FN Clarivate\nVR 1.0\nPT J\nAU Müller, J\n   Ng, C\nTI A long title é\n"
        "   over two lines\nC1 [Müller, J] Univ Zürich, Zürich, Switzerland.\nER\n\nEF\n"
    )
    t = _tagged.chunk_lines(wos.encode("utf-8"), first=True, last=True)
    owner, record, _, _ = _tagged.wos_layout(t)
    _same(t, owner, record, t.tag, _tagged._WOS_WANTED, t.start + 3)
    med = (
        "PMID- 1\nTI  - Ünïcode title\n      continued.\nFAU - Müller, Jörg\n"
        "AD  - Univ Zürich.\n\nPMID- 2\nTI  - Two.\n"
    )
    t = _tagged.chunk_lines(med.encode("utf-8"), first=True, last=True)
    owner, record, tags, value_lo, _ = _tagged.medline_layout(t)
    from graphlib_papers.io import medline

    _same(t, owner, record, tags, medline._WANTED, value_lo)


C1_LINES = [
    "[Müller, J; Ng, C] Univ Zürich, Dept Math, Zürich, Switzerland.",
    "[Li, W;  ; Sun, Z ] Chinese Acad Sci, Inst Phys, Beijing, Peoples R China.",
    "[Li, W] Tsinghua Univ, Beijing, Peoples R China.; [Ng, C] MIT, Cambridge, MA USA.",
    "Univ Oxford, Dept Stat, Oxford OX1 3TG, England.",
    "[] Univ Oxford, Oxford, England.",
    "[Smith, A]   Max Planck Inst Phys, Munich, Germany.",
    "[Smith, A] Reprint Author, Some Place.",
    "[Doe, J]",
    "[Smith, A] [Jones, B] Stanford Univ, Stanford, CA USA.",
    "[Müller, J; Ng, C] Univ Zürich, Dept Math, Zürich, Switzerland.",
]


def test_c1_lines_read_with_array_steps_as_one_by_one():
    import pyarrow as pa

    lines = pa.array(C1_LINES, type=pa.large_string())
    line, inst, count, names = _tagged._c1_items(lines, {})
    got = []
    for k, i, c in zip(line.tolist(), inst.tolist(), count.tolist(), strict=True):
        got.append((k, i, c))
    expected, expected_names = [], []
    for k, text in enumerate(C1_LINES):  # the one-line-at-a-time reading
        for names_, inst_ in _tagged._address_line.__wrapped__(text):
            expected.append((k, inst_, len(names_)))
            expected_names.extend(names_)
    assert got == expected
    assert names.to_pylist() == expected_names
    assert ("Univ Zürich" in inst.tolist()) and ["Müller, J", "Ng, C"] == expected_names[:2]


def test_text_memo_over_blocks_matches_the_function_of_each_text():
    """A TextMemo shared by several blocks gives each text the function's result,
    calls the function once per distinct text over all blocks, keeps entry numbers
    stable as it grows, and numbers name keys equal exactly when the keys are."""
    import pyarrow as pa

    from graphlib_papers.io._common import invert_names
    from graphlib_papers.names import name_key

    blocks = [
        ["Smith, John A.", "Lee, J", "Smith, John A.", "Ó Briain, Dara"],
        ["Lee, J", "Lee, J.", "Müller, Jörg", ""],
        ["Smith, John A", "Ó Briain, Dara", "Lee,  J."],
    ]
    calls: list[str] = []

    def func(texts):
        calls.extend(texts)
        return invert_names(texts)

    memo = _tagged.TextMemo()
    seen: dict[str, int] = {}
    for block in blocks:
        codes, out = _tagged.distinct_results(pa.array(block), func, memo, batch=True)
        assert out[codes].tolist() == invert_names(block)
        for text in block:  # an entry, once given, keeps its text and result
            entry = int(memo.entries(pa.array([text]), func, batch=True)[0])
            assert seen.setdefault(text, entry) == entry
            assert memo.results[entry] == invert_names([text])[0]
    assert sorted(calls) == sorted({t for b in blocks for t in b})  # once per distinct text
    entries = np.arange(len(memo.results))
    ids = memo.key_ids(entries)
    keys = [name_key(x) for x in memo.results]
    for i in entries:
        for j in entries:
            assert (ids[i] == ids[j]) == (keys[i] == keys[j])
    assert memo.key_count == len(set(keys))


def test_utf8_check_agrees_with_python_decoder():
    rng = np.random.default_rng(5)
    pieces = [b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xef\xbf\xbf",
              b"\xf0\x9f\x98\x80", b"\xc2\xa0", "Łódź".encode(), b"ab", b"\x00", b"\xff"]
    for _ in range(3000):
        raw = b"".join(pieces[i] for i in rng.integers(0, len(pieces), rng.integers(0, 5)))
        raw += bytes(rng.integers(0, 256, rng.integers(0, 3), dtype=np.uint8))
        try:
            raw.decode("utf-8")
            expected = True
        except UnicodeDecodeError:
            expected = False
        assert _tagged._utf8(raw) is expected, raw
