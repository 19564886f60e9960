"""PL: the annexes (phụ lục) after the signature.

An annex is found by its "Phụ lục" heading (see :mod:`generator.checker.layout`);
a form or a quy chế attached with its own Quốc hiệu is an annex too, but a
document of its own: it is kept out of the body and the signature, and PL
does not judge it.
"""
from __future__ import annotations

import re
from itertools import islice

from generator.checker.common import format_problems, violation
from generator.checker.document import Doc, Para
from generator.checker.layout import Layout, fold, is_annex_label
from generator.checker.messages import Violation, _m, joined, quoted
from generator.ooxml import qn


def annex_sections(doc: Doc, layout: Layout) -> set[int]:
    """Returns the indexes in ``doc.sections`` of the sections that hold only annexes."""
    start = layout.annex_blocks[0] if layout.annex_blocks else len(doc.blocks)
    out, first = set(), 0
    for n, (end, _sect) in enumerate(doc.sections):
        if first >= start and first < len(doc.blocks):
            out.add(n)
        first = end + 1
    return out


def _section_of(doc: Doc, block: int) -> int:
    return next((n for n, (end, _s) in enumerate(doc.sections) if block <= end), len(doc.sections) - 1)


def check_annexes(doc: Doc, layout: Layout) -> list[Violation]:
    """PL for each annex that opens with a "Phụ lục" heading."""
    labelled = [(start, lines) for start, lines in zip(layout.annex_starts, layout.annexes)
                if any(not p.empty for p in lines) and is_annex_label(next(p for p in lines if not p.empty))]
    out = []
    if labelled and not any("phụ lục" in fold(p.text) for p in layout.body):
        out.append(Violation("PL", "body", joined(_m("the body")), joined(_m("no mention of the annex")),
                             joined(_m("the body refers to its annex (“… tại Phụ lục kèm theo”)"))))
    for _start, lines in labelled:
        # The heading, the title and the "(Kèm theo …)" line are among the first five lines: not the table under them.
        out += _check_annex(list(islice((p for p in lines if not p.empty), 5)), many=len(labelled) > 1)
    for j, _lines in labelled:
        n = _section_of(doc, j)
        sect = doc.sections[n][1]
        previous_end = doc.sections[n - 1][0] if n > 0 else -1
        if n == 0 or any(not doc.paras[doc.blocks[k]].empty for k in range(previous_end + 1, j) if doc.blocks[k].tag == qn("w:p")) \
                or sect.page_start != 1:
            out.append(Violation("PL", "annex", joined(quoted(doc.block_paras[j][0].text)),
                                 joined(_m("page numbers go on from the text")),
                                 joined(_m("a new section whose page numbers start again at 1"))))
    return out


def _check_annex(lines: list[Para], many: bool) -> list[Violation]:
    label, rest = lines[0], lines[1:]
    out = []
    found, expected = format_problems(label, sizes=(14, 14), bold=True, align="center")
    number = label.clean.split()[2:3]
    if many and not (number and re.fullmatch(r"[IVXLC]+", number[0])):
        found.append(_m("not numbered in Roman numerals"))
        expected.append(_m("“Phụ lục I”, “Phụ lục II”…"))
    if found:
        out.append(violation("PL", label, found, expected))
    basis = next((i for i, p in enumerate(rest[:4]) if fold(p.clean).startswith("(kèm theo")), None)
    titles = rest[:basis] if basis is not None else rest[:1]
    for p in titles:
        found, expected = format_problems(p, sizes=(13, 14), bold=True, align="center", case="upper")
        if found:
            out.append(violation("PL", p, found, expected))
    if basis is None:
        out.append(violation("PL", titles[-1] if titles else label, [_m("no “(Kèm theo …)” line under the title")],
                             [_m("“(Kèm theo Báo cáo số … ngày … của …)”, italic")]))
    else:
        p = rest[basis]
        found, expected = format_problems(p, italic=True, align="center")
        if not p.clean.endswith(")"):
            found.append(_m("ends with %(end)s", end=quoted(p.clean[-1:])))
            expected.append(_m("ends with %(end)s", end="“)”"))
        if found:
            out.append(violation("PL", p, found, expected))
    return out
