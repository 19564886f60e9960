"""What the program knows of WordprocessingML, in one place: effective formatting and text widths.

Rendering uses it to fit the short rules under the header and the title to the
text above them; the layout checker uses it to read any .docx the way Word
would. Formatting resolves as Word does: direct run properties → character
style → paragraph style and its basedOn chain → document defaults. Widths come
from the Times New Roman metrics in :mod:`generator.font_metrics`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from generator.font_metrics import UNITS_PER_EM, WIDTHS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_PT = 20
TWIPS_PER_CM = 567


def qn(tag: str) -> str:
    """Returns the Clark name of a "w:tag" name: "w:p" → "{…main}p"."""
    prefix, local = tag.split(":")
    assert prefix == "w", tag
    return f"{{{W}}}{local}"


def _on(el) -> bool | None:
    """Returns the value of a toggle property element (w:b, w:i): None when absent."""
    if el is None:
        return None
    return el.get(qn("w:val"), "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class RunFormat:
    """The effective character formatting of a run."""

    size_pt: float = 10.0
    bold: bool = False
    italic: bool = False
    font: str | None = None


class Styles:
    """The style sheet of a document (styles.xml), able to resolve effective run formatting."""

    def __init__(self, styles_el):
        self._by_id = {s.get(qn("w:styleId")): s for s in styles_el.iter(qn("w:style"))}
        self._defaults = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self._default_para = next(
            (s.get(qn("w:styleId")) for s in styles_el.iter(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )

    def _chain(self, style_id: str | None) -> list:
        """Returns the style and its basedOn ancestors, nearest first."""
        chain, seen = [], set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def run_format(self, p_el, r_el=None) -> RunFormat:
        """Returns the effective formatting of run ``r_el`` in paragraph ``p_el`` (the paragraph mark's if None)."""
        layers = []
        if r_el is not None:
            rpr = r_el.find(qn("w:rPr"))
            if rpr is not None:
                layers.append(rpr)
                rstyle = rpr.find(qn("w:rStyle"))
                if rstyle is not None:
                    layers += [s.find(qn("w:rPr")) for s in self._chain(rstyle.get(qn("w:val")))]
        ppr = p_el.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = pstyle.get(qn("w:val")) if pstyle is not None else self._default_para
        layers += [s.find(qn("w:rPr")) for s in self._chain(style_id)]
        layers.append(self._defaults)
        layers = [layer for layer in layers if layer is not None]

        def first(tag, read):
            for layer in layers:
                el = layer.find(qn(tag))
                if el is not None:
                    value = read(el)
                    if value is not None:
                        return value
            return None

        size = first("w:sz", lambda el: int(el.get(qn("w:val"))) / 2)
        return RunFormat(
            size_pt=size if size is not None else 10.0,
            bold=bool(first("w:b", _on)),
            italic=bool(first("w:i", _on)),
            font=first("w:rFonts", lambda el: el.get(qn("w:ascii"))),
        )


def char_width_pt(ch: str, fmt: RunFormat) -> float:
    """Returns the advance of one character in points; unknown letters are measured by their base letter."""
    table = WIDTHS[(fmt.bold, fmt.italic)]
    units = table.get(ch)
    if units is None:
        base = unicodedata.normalize("NFD", ch)[:1]
        units = table.get(base, table["n"])
    return units * fmt.size_pt / UNITS_PER_EM


def text_width_pt(text: str, fmt: RunFormat) -> float:
    """Returns the width of ``text`` set in one line with formatting ``fmt``, in points."""
    return sum(char_width_pt(ch, fmt) for ch in text)


def run_text(r_el) -> str:
    """Returns the text of a run, with "\n" for each line break (w:br) and "\t" for each tab."""
    parts = []
    for child in r_el:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
    return "".join(parts)


def paragraph_runs(p_el, styles: Styles) -> list[tuple[str, RunFormat]]:
    """Returns the text of each run of a paragraph with its effective formatting."""
    runs = []
    for r in p_el.iter(qn("w:r")):
        text = run_text(r)
        if text.strip():
            runs.append((text, styles.run_format(p_el, r)))
    return runs


def line_widths_pt(runs: list[tuple[str, RunFormat]], width_pt: float) -> list[float]:
    """Returns the width of each line when the runs are broken greedily at spaces into ``width_pt``.

    A "\n" in the text (a w:br) ends a line; trailing spaces do not count.
    """
    # Tokens: ("word", width), ("space", width), ("break", 0).
    tokens: list[tuple[str, float]] = []
    for text, fmt in runs:
        for ch in text:
            kind = "break" if ch == "\n" else "space" if ch in " \t" else "word"
            width = 0.0 if kind == "break" else char_width_pt(ch, fmt)
            if tokens and tokens[-1][0] == kind == "word" or tokens and tokens[-1][0] == kind == "space":
                tokens[-1] = (kind, tokens[-1][1] + width)
            else:
                tokens.append((kind, width))
    lines, line, pending = [], 0.0, 0.0
    for kind, width in tokens:
        if kind == "break":
            lines.append(line)
            line, pending = 0.0, 0.0
        elif kind == "space":
            pending += width
        else:
            if line and line + pending + width > width_pt:
                lines.append(line)
                line, pending = 0.0, 0.0
            line += pending + width
            pending = 0.0
    lines.append(line)
    return lines
