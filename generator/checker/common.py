"""What the rule checks share: formatting compared with what a rule asks, rules (lines) measured under a text."""
from __future__ import annotations

from dataclasses import replace

from generator.checker.document import Para
from generator.checker.messages import Msg, Violation, _m, decisive, figure, joined, quoted
from generator.i18n import N_
from generator.checker.nd30 import MM
from generator.ooxml import (
    Rule, TWIPS_PER_CM, TWIPS_PER_PT, border_rule, drawn_lines, line_widths_pt, qn,
    text_width_pt,
)


ALIGN_NAME = {"left": N_("aligned left"), "right": N_("aligned right"), "center": N_("centred"), "justify": N_("justified")}


def format_problems(p: Para, sizes=None, bold=None, italic=None, align=None, case=None) -> tuple[list, list]:
    """Returns (found, expected) messages for the ways ``p`` differs from the formatting asked; both empty when it matches.

    ``sizes`` is (low, high) in points; ``bold``/``italic`` True or False;
    ``align`` "center", "justify" or "flush-left"; ``case`` "upper" or "sentence".
    """
    found, expected = [], []
    if sizes is not None:
        wrong = sorted(s for s in p.sizes if not sizes[0] <= s <= sizes[1])
        if wrong:
            found.append(_m("size %(size)s pt", size="/".join(figure(s) for s in wrong)))
            expected.append(_m("size %(size)s pt", size=figure(sizes[0])) if sizes[0] == sizes[1]
                            else _m("size %(low)s–%(high)s pt", low=figure(sizes[0]), high=figure(sizes[1])))
    for attr, want, on, off in (("bold", bold, _m("bold"), _m("not bold")), ("italic", italic, _m("italic"), _m("upright"))):
        if want is True and not p.all(attr):
            found.append(off)
            expected.append(on)
        elif want is False and p.any(attr):
            found.append(on)
            expected.append(off)
    if align is not None and p.hand_laid:
        pass  # a tab stop or spaces place it: its alignment cannot be read
    elif align == "flush-left":
        start = p.fmt.ind_left + min(p.fmt.first_line, 0)
        if p.fmt.align not in ("left", "justify"):
            found.append(_m(ALIGN_NAME[p.fmt.align]))
            expected.append(_m("flush left"))
        elif start > MM:
            found.append(_m("indented %(cm)s cm", cm=start / TWIPS_PER_CM))
            expected.append(_m("flush left"))
    elif align is not None and p.fmt.align != align:
        found.append(_m(ALIGN_NAME[p.fmt.align]))
        expected.append(_m(ALIGN_NAME[align]))
    letters = [c for c in p.clean if c.isalpha()]
    if case == "upper" and any(c != c.upper() for c in letters):
        found.append(_m("not all in upper case"))
        expected.append(_m("upper case"))
    elif case == "sentence" and letters:
        if all(c == c.upper() for c in letters):
            found.append(_m("all in upper case"))
            expected.append(_m("sentence case"))
        elif letters[0] != letters[0].upper():
            found.append(_m("starts with a small letter"))
            expected.append(_m("sentence case"))
    return found, expected


def violation(code: str, p: Para | None, found, expected, where=None, area=None) -> Violation:
    """Returns a violation at paragraph ``p`` (or at ``where`` for what has no paragraph)."""
    place = where if where is not None else joined(quoted(p.text)) if p is not None and not p.empty else joined(_m("empty paragraph"))
    return Violation(code, area or (p.area if p is not None else "body"), place,
                     joined(*found) if isinstance(found, list) else found,
                     joined(*expected) if isinstance(expected, list) else expected)


def check_format(code: str, p: Para, **want) -> list[Violation]:
    found, expected = format_problems(p, **want)
    return [violation(code, p, found, expected)] if found else []


def missing(code: str, element: Msg, area: str) -> Violation:
    """Returns the violation for an element of nd30.md that the document lacks."""
    return Violation(code, area, joined(element), joined(_m("not found")), joined(element))


def rules_under(p: Para, following: list[Para]) -> list[Rule]:
    """Returns the rules that may be the one under paragraph ``p``.

    They are its bottom border, the borders of the empty paragraphs after it
    (and the top border of the next text), and the lines drawn in those
    paragraphs or, in a table, anywhere in ``p``'s cell: Word anchors a drawn
    line to whichever paragraph was selected when it was drawn.
    """
    rules = [r for r in (border_rule(p.fmt, "bottom", p.width),) if r and p.last_line]
    drawn_in = [p.el]
    for q in following:
        if q.clean and set(q.clean) <= set("_"):
            # A rule typed as underscores ("_________"): a line, but not a drawn one.
            rules.append(Rule("typed", round(text_width_pt(q.clean, q.runs[0][1]) * TWIPS_PER_PT), None, False))
            break
        if not q.empty:
            rules += [r for r in (border_rule(q.fmt, "top", q.width),) if r]
            # Word anchors a line drawn between two texts to whichever of them was selected: a floating line in
            # the next text is the rule above it.
            rules += drawn_lines(q.el, q.width, floating=True) if q.el is not p.el else []
            break
        rules += [r for r in (border_rule(q.fmt, "top", q.width), border_rule(q.fmt, "bottom", q.width)) if r]
        drawn_in.append(q.el)
    if p.tc is not None:
        drawn_in += [q for q in p.tc.elements() if q not in drawn_in]
        below = p.tc.below()
        last_in_cell = not any(q.tc is p.tc and not q.empty for q in following)
        if below is not None and below.el is not None and p.last_line and last_in_cell:
            drawn_in += below.el.findall(qn("w:p"))[:1]  # a line drawn at the bottom of a cell, anchored in the cell under it
    for el in dict.fromkeys(drawn_in):
        rules += drawn_lines(el, p.width)
    if p.side is not None:
        # One paragraph of a hand-laid header carries the rules of both columns: each keeps the ones on its side.
        middle = p.width / 2
        rules = [replace(r, centred=None) for r in rules
                 if r.x_mid is None or (r.x_mid < middle) == (p.side == "left")]
    return rules


def paras_after(p: Para, items: list[Para]) -> list[Para]:
    return items[items.index(p) + 1:] if p in items else []


def longest_line_pt(paras: list[Para]) -> float:
    """Returns the width of the longest line of the paragraphs as they wrap in their containers, in points."""
    return max((max(line_widths_pt(p.runs, (p.width - p.fmt.ind_left - p.fmt.ind_right) / TWIPS_PER_PT))
                for p in paras if p.runs), default=0.0)


def check_rule(code: str, rules: list[Rule], low: float, high: float, anchor: Para, area: str) -> list[Violation]:
    """Returns a violation unless one of ``rules`` is solid, centred and ``low``–``high`` twips long."""
    where = joined(_m("the rule under %(text)s", text=quoted(anchor.text, 40)))
    rule = min(rules, key=lambda r: (not (low <= r.length <= high), abs(r.length - (low + high) / 2))) if rules else None
    length, low_cm, high_cm = decisive((rule.length if rule else low) / TWIPS_PER_CM, low / TWIPS_PER_CM, high / TWIPS_PER_CM)
    expected = joined(_m("a solid centred rule of %(low)s–%(high)s cm", low=low_cm, high=high_cm))
    if not rules:
        found = [_m("no rule")]
        if anchor.any("underline"):
            found.append(_m("the text is underlined"))
        return [Violation(code, area, where, joined(*found), expected)]
    found = []
    if not low <= rule.length <= high:
        found.append(_m("a rule of %(cm)s cm", cm=length))
    if rule.kind == "typed":
        found.append(_m("a rule typed as underscores"))
    elif not rule.solid:
        found.append(_m("a dashed or double rule"))
    if rule.centred is False:
        found.append(_m("a rule off centre"))
    if anchor.any("underline"):
        found.append(_m("the text is underlined"))
    return [Violation(code, area, where, joined(*found), expected)] if found else []
