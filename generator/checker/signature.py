"""SIGN, SIGNER, NN and NN-LIST: the signature table (left Nơi nhận, right the signature)."""
from __future__ import annotations

import re

from generator.checker.common import format_problems, missing, violation
from generator.checker.document import Doc, Para, part_of, split_lines
from generator.checker.layout import Layout, fold
from generator.checker.messages import Violation, _m, quoted
from generator.checker.nd30 import SIGNATURE_SPACE_LINES, SIGN_PREFIXES, TITLES_BEFORE_NAME
from generator.ooxml import ParaFormat, TWIPS_PER_PT, line_height_pt, qn


def check_signature(doc: Doc, layout: Layout) -> list[Violation]:
    """SIGN, SIGNER, NN, NN-LIST."""
    out = []
    lines = [p for p in layout.sign_right if not p.empty and not re.match(r"^\(.*\)$", p.clean)]
    nn = layout.nn
    if nn is None:
        out.append(missing("NN", _m("the recipients (Nơi nhận)"), "signature"))
    else:
        found, expected = format_problems(nn, sizes=(12, 12), bold=True, italic=True, align="flush-left")
        if nn.clean != "Nơi nhận:":
            found.insert(0, _m("misspelt %(text)s", text=quoted(nn.clean)) if fold(nn.clean).rstrip(":") != "nơi nhận"
                         else quoted(nn.clean))
            expected.insert(0, "“Nơi nhận:”")
        if lines and lines[0].tc is not None and nn.tc is not None:
            if lines[0].tc.row is not nn.tc.row:
                found.append(_m("not on the same row as the signature"))
                expected.append(_m("on the same row as the signature"))
        if found:
            out.append(violation("NN", nn, found, expected))
        out += _check_recipients(layout.nn_list)
    if len(lines) < 2:
        return out + [missing("SIGN", _m("the signature block"), "signature")]
    signer, titles = lines[-1], lines[:-1]
    mark = re.match(r"^\s*\(.*?\)\s*", signer.text)
    if mark:
        signer = part_of(signer, mark.end())  # "(đã ký) Mai Văn Nam": the name is judged, not the mark
    for p in titles:
        found, expected = format_problems(p, sizes=(13, 14), bold=True, align="center", case="upper")
        first = p.clean.split(" ")[0]
        if first.rstrip(".").upper() in SIGN_PREFIXES and len(p.clean.split()) > 1 and not first.endswith("."):
            found.insert(0, _m("%(prefix)s without a dot", prefix=quoted(first)))
            expected.insert(0, quoted(first.upper() + "."))
        if found:
            out.append(violation("SIGN", p, found, expected))
    found, expected = format_problems(signer, sizes=(13, 14), bold=True, align="center")
    title = TITLES_BEFORE_NAME.match(signer.clean)
    if title:
        found.insert(0, _m("a title before the name (%(title)s)", title=quoted(title.group(0).strip())))
        expected.insert(0, _m("the name alone"))
    letters = [c for c in signer.clean if c.isalpha()]
    if letters and all(c == c.upper() for c in letters):
        found.append(_m("all in upper case"))
        expected.append(_m("normal case"))
    space = _signature_space_pt(layout, titles[-1], signer)
    need = SIGNATURE_SPACE_LINES * 14 * line_height_pt(ParaFormat(), 1)
    signed = any("đã ký" in fold(p.clean) for p in layout.sign_right)  # a copy: "(Đã ký)" stands for the signature
    if space < need and not signed:
        found.append(_m("%(pt)s pt of space for the signature", pt=space))
        expected.append(_m("about 4 empty lines (at least %(pt)s pt)", pt=need))
    if found:
        out.append(violation("SIGNER", signer, found, expected))
    return out


def _signature_space_pt(layout: Layout, title: Para, signer: Para) -> float:
    """Returns the vertical room between the last chức vụ line and the signer's name, in points.

    In a table it is the lines of the signature's cell between them; in a
    hand-laid signature, every line between them (the Nơi nhận list beside
    takes the same height).
    """
    if signer.tc is not None and title in layout.sign_right and signer in layout.sign_right:
        column = layout.sign_right
        between = column[column.index(title) + 1: column.index(signer)]
    else:
        column = split_lines(layout.signature)
        at = [next((k for k, p in enumerate(column) if p.el is q.el and q.clean in p.clean), 0) for q in (title, signer)]
        between = column[at[0] + 1: at[1]]
    space = (title.fmt.space_after + signer.fmt.space_before) / TWIPS_PER_PT
    for p in between:
        space += line_height_pt(p.fmt, p.mark_size) + (p.fmt.space_before + p.fmt.space_after) / TWIPS_PER_PT
        for extent in p.el.iter(qn("wp:extent")):
            space += int(extent.get("cy", "0")) / 12700
    return space


def _check_recipients(items: list[Para]) -> list[Violation]:
    out = []
    for i, p in enumerate(items):
        last = i == len(items) - 1
        found, expected = format_problems(p, sizes=(11, 11), italic=False, align="flush-left")
        if not p.clean.startswith("- "):
            found.insert(0, _m("starts with %(start)s", start=quoted(p.clean[:2])))
            expected.insert(0, _m("starts with “- ”"))
        if last and not fold(p.clean).startswith("- lưu"):
            found.append(_m("the last line is not “- Lưu: …”"))
            expected.append(_m("the last line “- Lưu: VT…”"))
        end = "." if last else ";"
        if not p.clean.endswith(end):
            found.append(_m("ends with %(end)s", end=quoted(p.clean[-1:])))
            expected.append(_m("ends with %(end)s", end=quoted(end)))
        if found:
            out.append(violation("NN-LIST", p, found, expected))
    return out
