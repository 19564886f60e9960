"""FONT, LEFTOVER and NFC: what every run of every part (body, text boxes, headers, footers) must be."""
from __future__ import annotations

import re
import unicodedata

from generator.checker.document import Doc, Para, read_para
from generator.checker.messages import Msg, Text, Violation, _m, joined, quoted
from generator.checker.nd30 import FONT_NAME, LEFTOVER_TOKENS, LEGACY_CHARS, LEGACY_FONT
from generator.ooxml import RunFormat, Styles, qn


def _all_paragraphs(doc: Doc) -> list[Para]:
    """Returns every paragraph of the document with an area: body, text boxes, headers and footers (area "page")."""
    paras = [p for items in doc.block_paras for p in items] + _text_box_paragraphs(doc)
    for suffix in ("/header", "/footer"):
        for part in doc.package.parts_of_type(suffix):
            for p in part.iter(qn("w:p")):
                item = read_para(p, doc.styles, doc.text_width)
                item.area = "page"
                paras.append(item)
    return paras


def _text_box_paragraphs(doc: Doc) -> list[Para]:
    """Returns the paragraphs of the text boxes in the body, in the area of the paragraph each box is anchored to.

    Each box is read once: not its VML copy in mc:Fallback, and a box inside
    another through the outer one.
    """
    body = doc.body
    paras = []
    for box in body.iter(qn("w:txbxContent")) if body is not None else []:
        if any(a.tag in (qn("w:txbxContent"), qn("mc:Fallback")) for a in box.iterancestors()):
            continue
        owner = next((doc.paras[a] for a in box.iterancestors(qn("w:p")) if a in doc.paras), None)
        for p in box.iter(qn("w:p")):
            item = read_para(p, doc.styles, doc.text_width)
            item.area = owner.area if owner is not None else "body"
            paras.append(item)
    return paras


def font_slots(text: str) -> set[str]:
    """Returns the font slots Word draws ``text`` with: ascii for ASCII, eastAsia for CJK, hAnsi for the rest.

    Vietnamese letters (ă, ơ, ế…) are drawn with the hAnsi font, so a run
    whose eastAsia or cs font is Calibri or .VnTime still shows in Times New
    Roman: those slots are judged only where the text uses them.
    """
    if text.isascii():
        return {"ascii"}
    slots = set()
    for ch in text:
        code = ord(ch)
        if ch.isspace():
            continue
        if code < 0x80:
            slots.add("ascii")
        elif 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF:
            slots.add("eastAsia")
        elif 0x0590 <= code <= 0x08FF:
            slots.add("cs")
        else:
            slots.add("hAnsi")
    return slots


def _font_problems(used: frozenset[str], fmt: RunFormat, styles: Styles) -> list[Msg]:
    """Returns what is wrong with a run's fonts and colour: not Times New Roman in the ``used`` slots, a theme font, not black."""
    problems = []
    fonts = dict(fmt.fonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        name = fonts.get(slot)
        if name is None or slot not in used:
            continue  # an unset ascii/hAnsi falls back to Times New Roman; a slot the text does not use shows nothing
        if name.startswith("theme:"):
            theme = name[6:]
            typeface = styles.theme_font(theme)
            problems.append(_m("theme font %(theme)s (%(font)s)", theme=theme, font=typeface) if typeface
                            else _m("theme font %(theme)s", theme=theme))
        elif name != FONT_NAME:
            problems.append(_m("font %(font)s", font=name))
    color = fmt.color or "auto"
    if color.startswith("theme:"):
        _t, name, tint = color.split(":")
        rgb = styles.theme_color(name)
        if rgb != "000000" or tint not in ("", "FF"):
            problems.append(_m("colour %(color)s", color=" ".join(filter(None, (name, rgb)))))
    elif color.lower() not in ("auto", "000000"):
        problems.append(_m("colour %(color)s", color=color))
    return problems


def _where(p: Para, doc: Doc) -> Text:
    """Returns where a paragraph is: its text, with the data table and row for a table cell of the body."""
    if p.tc is not None and p.area == "body":
        n, row = doc.place(p.tc)
        return joined(_m("table %(table)s, row %(row)s", table=n, row=row), quoted(p.text), sep=": ")
    return joined(quoted(p.text)) if not p.empty else joined(_m("empty paragraph"))


NO_SLOTS = frozenset()


class _Formats:
    """What check_text judges of each run format, found once: runs formatted alike share one RunFormat, so a
    table of thousands of cells has a handful of them. Formats are told apart by identity: they all live as
    long as the paragraphs checked."""

    def __init__(self, styles: Styles):
        self._styles = styles
        self._fonts: dict = {}
        self._problems: dict = {}
        self._legacy: dict = {}

    def problems(self, text: str, fmt: RunFormat) -> list[Msg]:
        """Returns the font and colour problems of a run (see :func:`_font_problems`)."""
        judged = self._fonts.get(id(fmt))
        if judged is None:
            judged = self._fonts[id(fmt)] = any(name != FONT_NAME for _slot, name in fmt.fonts)
        key = (frozenset(font_slots(text)) if judged else NO_SLOTS, id(fmt))
        if key not in self._problems:
            self._problems[key] = _font_problems(key[0], fmt, self._styles)
        return self._problems[key]

    def legacy_font(self, fmt: RunFormat) -> str | None:
        """Returns the run's ascii font when it is a TCVN3/VNI font, else None."""
        if id(fmt) not in self._legacy:
            ascii_font = dict(fmt.fonts).get("ascii")
            self._legacy[id(fmt)] = ascii_font if LEGACY_FONT.match(ascii_font or "") else None
        return self._legacy[id(fmt)]


def check_text(doc: Doc) -> list[Violation]:
    """FONT, LEFTOVER and NFC on every paragraph of every part (each in the area :func:`find_layout` gave it)."""
    out = []
    formats = _Formats(doc.styles)
    for p in _all_paragraphs(doc):
        runs = p.runs
        if not runs:
            continue
        text = p.text
        fonts = []
        for t, fmt in runs:
            for problem in formats.problems(t, fmt):
                if problem not in fonts:
                    fonts.append(problem)
        if fonts:
            out.append(Violation("FONT", p.area, _where(p, doc), joined(*fonts), joined(_m("Times New Roman, black"))))
        tokens = [t for t in LEFTOVER_TOKENS if t in text] if "{" in text or "}" in text else []  # each token has one
        if tokens:
            out.append(Violation("LEFTOVER", p.area, _where(p, doc), joined(_m("template syntax %(tokens)s", tokens=" ".join(tokens))),
                                 joined(_m("no template syntax"))))
        found = []
        if not unicodedata.is_normalized("NFC", text):
            found.append(_m("decomposed Unicode (not NFC)"))
        legacy = _legacy_chars(text)
        legacy_fonts = {formats.legacy_font(f) for t, f in runs if not t.isascii()} - {None} if not text.isascii() else ()
        if legacy or legacy_fonts:
            found.append(_m("legacy TCVN3/VNI text %(sample)s", sample=legacy or ", ".join(sorted(legacy_fonts))))
        if found:
            out.append(Violation("NFC", p.area, _where(p, doc), joined(*found), joined(_m("Unicode NFC text"))))
    return out


def _legacy_chars(text: str) -> str:
    """Returns the words of ``text`` that hold TCVN3/VNI letters (a non-Vietnamese Latin-1 sign inside a word), quoted."""
    if LEGACY_CHARS.isdisjoint(text):
        return ""
    words = [w for w in re.findall(r"\S+", text)
             if any(ch in LEGACY_CHARS and 0 < i and (w[i - 1].isalpha()) for i, ch in enumerate(w))]
    return quoted(" ".join(words[:3]), 40) if words else ""
