"""BODY, HEAD, CANCU and END.

BODY counts the body's text paragraphs: the top-level paragraphs between the
title and the signature that are not empty, not headings (``I. …``,
``1. …``) and not the caption right above a table; table cells are not body
text. "One size throughout" is measured against the size of most of the
body's characters.
"""
from __future__ import annotations

import re
from collections import Counter

from generator.checker.common import check_format, format_problems, violation
from generator.checker.document import Doc, Para
from generator.checker.layout import Layout, fold, heading_kind
from generator.checker.messages import Violation, _m, figure, quoted
from generator.checker.nd30 import ITEM_LETTERS
from generator.ooxml import ParaFormat, TWIPS_PER_CM, TWIPS_PER_PT, line_height_pt, qn

DEFAULT_TAB_STOP = 720


def _body_text(layout: Layout, doc: Doc) -> list[Para]:
    """Returns the body's text paragraphs: not empty, not headings, not a caption right above a table."""
    text = []
    blocks = layout.body_blocks
    for k, j in enumerate(blocks):
        block = doc.blocks[j]
        if block.tag != qn("w:p"):
            continue
        p = doc.paras[block]
        if p.empty or heading_kind(p):
            continue
        nxt = next((doc.blocks[i] for i in blocks[k + 1:] if doc.blocks[i].tag == qn("w:tbl") or not doc.paras[doc.blocks[i]].empty), None)
        if nxt is not None and nxt.tag == qn("w:tbl") and len(p.clean) <= 150 and p.clean[-1:] not in ".:;":
            continue
        text.append(p)
    return text


def _spacing_problems(p: Para) -> tuple[list, list]:
    """Returns (found, expected) for a body paragraph's indent, spacing and line spacing."""
    found, expected = [], []
    fmt = p.fmt
    first = fmt.ind_left + fmt.first_line  # where the first line starts, from the margin the body is set against
    if p.text.startswith("\t") and first < DEFAULT_TAB_STOP:
        first = DEFAULT_TAB_STOP  # indented with a tab to Word's first default stop (1.27 cm)
    if not 567 - 6 <= first <= 720 + 6:
        found.append(_m("first-line indent %(cm)s cm", cm=first / TWIPS_PER_CM))
        expected.append(_m("first-line indent 1–1.27 cm"))
    before, after = (0, 0) if fmt.contextual else (fmt.space_before, fmt.space_after)
    if max(before, after) < 6 * TWIPS_PER_PT:
        found.append(_m("spacing before %(before)s pt, after %(after)s pt", before=before / TWIPS_PER_PT, after=after / TWIPS_PER_PT))
        expected.append(_m("spacing before or after at least 6 pt"))
    size = p.mark_size
    single = line_height_pt(ParaFormat(), size)
    height = line_height_pt(fmt, size)
    if not single * 0.99 <= max(height, size) <= single * 1.5 * 1.01:
        found.append(_m("line spacing %(lines)s lines", lines=height / single))
        expected.append(_m("line spacing 1–1.5 lines"))
    return found, expected


def check_body(doc: Doc, layout: Layout) -> list[Violation]:
    """BODY, HEAD, CANCU, END."""
    out = []
    text = _body_text(layout, doc)
    chars = Counter()
    for p in text:
        for t, f in p.runs:
            chars[f.size_pt] += len(t)
    main = chars.most_common(1)[0][0] if chars else 14.0
    for p in text:
        found, expected = format_problems(p, sizes=(13, 14), align="justify")
        others = sorted(s for s in p.sizes if s != main and 13 <= s <= 14)
        if len(p.sizes) > 1:
            found.append(_m("mixed sizes %(sizes)s pt within the paragraph", sizes="/".join(figure(s) for s in sorted(p.sizes))))
            expected.append(_m("one size throughout the body"))
        elif others:
            found.append(_m("size %(size)s pt where the body is %(main)s pt", size="/".join(figure(s) for s in others), main=figure(main)))
            expected.append(_m("one size throughout the body"))
        f2, e2 = _spacing_problems(p)
        if found or f2:
            out.append(violation("BODY", p, found + f2, expected + e2))
    out += _check_headings(layout)
    out += _check_cancu(layout) if layout.kind != "CV" else []
    last = next((p for p in reversed(layout.body) if not p.empty), None)
    if last is not None and not last.clean.endswith("./."):
        out.append(violation("END", last, [_m("ends with %(end)s", end=quoted(last.clean[-3:]))], [_m("ends with “./.”")]))
    return out


def _check_headings(layout: Layout) -> list[Violation]:
    out, previous = [], None
    # In a text of articles (Điều 1., Điều 2.), "1." opens a khoản of an article: body text, not a heading.
    articles = any(re.match(r"^điều\s+\d+", fold(p.clean)) for p in layout.body)
    for p in layout.body:
        kind = heading_kind(p)
        if articles and kind == "khoan":
            previous = None
            continue
        if kind == "muc":
            previous = None
            label, _s, title = p.clean.partition(" ")
            found, expected = format_problems(p, bold=True)
            if any(c != c.upper() for c in title if c.isalpha()):
                found.append(_m("not all in upper case"))
                expected.append(_m("upper case"))
            if found:
                out.append(violation("HEAD", p, found, expected))
        elif kind == "khoan":
            previous = None
            out += check_format("HEAD", p, bold=True)
        else:
            m = re.match(r"^([a-zđ])\)\s", p.clean)
            if m is None:
                continue
            letter = m.group(1)
            want = ITEM_LETTERS[ITEM_LETTERS.index(previous) + 1] if previous and previous in ITEM_LETTERS[:-1] else "a"
            found, expected = [], []
            if letter != want:
                found.append(_m("item %(found)s", found=letter + ")"))
                expected.append(_m("item %(want)s (Vietnamese order a b c d đ e g h …)", want=want + ")"))
            label_runs = []
            for t, f in p.runs:
                label_runs.append(f)
                if ")" in t:
                    break
            if any(f.italic for f in label_runs):
                found.append(_m("italic"))
                expected.append(_m("upright"))
            if found:
                out.append(violation("HEAD", p, found, expected))
            previous = letter
    return out


CANCU_START = ("căn cứ", "thực hiện", "theo đề nghị", "xét đề nghị")


def is_opening_sentence(folded: str) -> bool:
    """Returns True for the sentence that opens a text after its grounds ("…, nhà trường báo cáo như sau:"): body text, not a căn cứ."""
    return folded.endswith(("như sau:", "như sau.")) or re.search(
        r",[^,;]*\b(báo cáo|thông báo|kính trình|trình|đề nghị|lập kế hoạch|có ý kiến)\b[^,;]*$", folded) is not None


def _check_cancu(layout: Layout) -> list[Violation]:
    """The căn cứ block: the paragraphs that open the body with "Căn cứ", "Thực hiện", "Theo/Xét đề nghị"; each
    italic and ending ";", the last ".". The opening sentence that may close it is body text, not a căn cứ."""
    block = []
    for p in layout.body:
        if p.empty:
            continue
        if heading_kind(p) or not fold(p.clean).startswith(CANCU_START):
            break
        block.append(p)
    if not any(fold(p.clean).startswith("căn cứ") for p in block):
        return []  # grounds without a "Căn cứ" line are the text's opening, not a căn cứ block
    out = []
    for i, p in enumerate(block):
        if is_opening_sentence(fold(p.clean)):
            continue
        found, expected = format_problems(p, italic=True)
        end = ";" if i < len(block) - 1 else "."
        if not p.clean.endswith(end):
            found.append(_m("ends with %(end)s", end=quoted(p.clean[-1:])))
            expected.append(_m("ends with %(end)s", end=quoted(end)))
        if found:
            out.append(violation("CANCU", p, found, expected))
    return out
