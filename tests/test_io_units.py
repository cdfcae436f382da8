"""The field values of a tagged file gathered into one Arrow string array
(:func:`graphlib_papers.io._tagged.units_arrow`) are the texts :func:`units` gathers
as Python strings: same units, same tags and records, same text, on files with
continuation lines joined and not, empty values, values that are spaces only,
multi-byte characters at the edges of a value, and a continuation line that starts
at the margin."""

from __future__ import annotations

import numpy as np
import pytest

from graphlib_papers.io import _tagged, ris
from graphlib_papers.io._tagged import tag_code, units, units_arrow

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


def _same(t, owner, record, tags, wanted, value_lo, drop=None):
    a = units(t, owner, record, tags, wanted, value_lo, drop=drop)
    b = units_arrow(t, owner, record, tags, wanted, value_lo, drop=drop)
    assert a.tag.tolist() == b.tag.tolist()
    assert a.record.tolist() == b.record.tolist()
    assert a.text.tolist() == b.texts.to_pylist()
    return a, b


@pytest.mark.parametrize("joins", [True, False])
def test_ris_values_as_arrow_are_the_python_texts(joins):
    t = _tagged.chunk_lines(RIS.encode("utf-8"), first=True, last=True)
    owner, record, _ = ris._layout(t, ris._known_tags())
    wanted = {tag_code(x): joins for x in ("TI", "AU", "KW", "AB")}
    a, b = _same(t, owner, record, t.tag, wanted, t.start + 6)
    for tag in ("TI", "AU", "KW", "AB"):  # a field's units, as Python strings and as Arrow
        (ra, ta), (rb, tb), (rc, tc) = a.of(tag), b.of(tag), b.of_arrow(tag)
        assert ra.tolist() == rb.tolist() == rc.tolist()
        assert ta.tolist() == tb.tolist() == tc.to_pylist()
    texts = a.text.tolist()
    assert "" in texts  # the empty AU and the KW of spaces only
    if joins:
        assert "Ünïcode at the start and the end é and a continuation line" in texts
        assert "First line second line after a tab" in texts
    else:
        assert "keywords on a line of their own" in texts


def test_ris_values_as_arrow_with_fields_left_out():
    t = _tagged.chunk_lines(RIS.encode("utf-8"), first=True, last=True)
    owner, record, _ = ris._layout(t, ris._known_tags())
    drop = np.zeros(len(t), dtype=bool)
    drop[2] = True  # the first TI line: its continuation line becomes a unit of its own
    _same(t, owner, record, t.tag, {tag_code("TI"): True, tag_code("AU"): False},
          t.start + 6, drop=drop)


def test_wos_and_medline_values_as_arrow_are_the_python_texts():
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
