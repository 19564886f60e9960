"""A .docx read into paragraphs for the checker: text, effective formatting, the width each one gets.

Table cells are measured by their own width (the narrower of grid and tcW);
list paragraphs carry the label Word draws in front of them; a paragraph
broken by line breaks can be read as its lines.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import replace

from generator.ooxml import (
    TWIPS_PER_PT, Numbering, Package, ParaFormat, RunFormat, Styles, cell_text_widths, iter_runs, qn, run_text, section,
    text_width_pt,
)


@dataclass(slots=True)
class Para:
    """A paragraph, or one line of it, with its formatting and the width its container gives it.

    ``pieces`` are the (text, format) of its visible runs, caps applied; a
    line of a paragraph broken by w:br has ``last_line`` False unless it is
    the paragraph's last, since a bottom border is drawn under that one only.
    """

    el: object
    pieces: list
    fmt: ParaFormat
    width: int
    tc: object = None
    area: str = "body"
    mark_pt: float = 10.0
    last_line: bool = True
    hand_laid: bool = False
    side: str | None = None
    offset_pt: float | None = None
    """Of a hand-laid part set by spaces: how far from the line's start it begins, in points."""

    _text: tuple = field(default=(None, ""), init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Returns the text of the pieces, joined once for each list of pieces the paragraph is given."""
        pieces, text = self._text
        if pieces is not self.pieces:
            text = "".join(t for t, _f in self.pieces)
            self._text = (self.pieces, text)
        return text

    @property
    def runs(self) -> list[tuple[str, RunFormat]]:
        """Returns the pieces that are not blank."""
        return [(t, f) for t, f in self.pieces if t.strip()]

    @property
    def clean(self) -> str:
        """Returns the text in NFC with white space collapsed."""
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", self.text)).strip()

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def shown(self) -> list[RunFormat]:
        """Returns the formatting of the runs that show letters, or of all runs when none does (a page number)."""
        return [f for t, f in self.runs if has_letters(t)] or [f for _t, f in self.runs]

    @property
    def sizes(self) -> set[float]:
        return {f.size_pt for f in self.shown}

    def all(self, attr: str) -> bool:
        """Returns True when every shown run has the toggle ``attr`` (bold, italic) on."""
        return all(getattr(f, attr) for f in self.shown)

    def any(self, attr: str) -> bool:
        return any(getattr(f, attr) for f in self.shown)

    @property
    def mark_size(self) -> float:
        """Returns the size of the text, or of the paragraph mark for an empty paragraph."""
        return max(self.sizes) if self.runs else self.mark_pt


def has_letters(text: str) -> bool:
    """Returns True when ``text`` holds a letter of any script (not only figures, signs and spaces)."""
    return any(ch.isalpha() for ch in text)


def read_para(el, styles: Styles, width: int, tc=None, numbering: Numbering | None = None) -> Para:
    """Returns the Para of a w:p element; a list paragraph's text starts with its label when ``numbering`` is given."""
    runs = [(r, text) for r in iter_runs(el) if (text := run_text(r))]
    para_fmt, mark, formats = styles.paragraph_formats(el, [r for r, _text in runs])
    label = numbering.label(para_fmt.num) if numbering is not None and para_fmt.num else ""
    pieces = [(label, mark)] if label else []
    for (_r, text), fmt in zip(runs, formats):
        if not fmt.hidden:
            pieces.append((text.upper() if fmt.caps else text, fmt))
    return Para(el, pieces, para_fmt, width, tc, mark_pt=mark.size_pt)


def lines_of(p: Para) -> list[Para]:
    """Returns the lines of a paragraph broken by w:br, each as a Para; ``[p]`` when it has one line.

    Header, title and signature elements are often typed as lines of one
    paragraph (Shift+Enter in Word, <br> through LibreOffice); paragraph
    spacing belongs to the first and the last line only.
    """
    if "\n" not in p.text:
        return [p]
    lines: list[list] = [[]]
    for text, fmt in p.pieces:
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part, fmt))
    last = len(lines) - 1
    return [Para(p.el, pieces, replace(p.fmt, space_before=p.fmt.space_before if i == 0 else 0,
                                       space_after=p.fmt.space_after if i == last else 0),
                 p.width, p.tc, p.area, p.mark_pt, i == last) for i, pieces in enumerate(lines)]


def split_lines(paras: list[Para]) -> list[Para]:
    return [line for p in paras for line in lines_of(p)]


GAP = re.compile(r"[ \u00a0]*\t[\t \u00a0]*|[ \u00a0]{3,}")
BLANK_SLOT_BEFORE = re.compile(r"(ngày|tháng|năm|số\s*:?)$", re.IGNORECASE)
BLANK_SLOT_AFTER = re.compile(r"(/|tháng\b|năm\b)", re.IGNORECASE)


def split_gap(p: Para) -> list[Para]:
    """Returns the two columns of a line laid out by hand with tabs or runs of spaces, or ``[p]`` when it has none.

    Headers and signatures typed without a table put the left and right
    elements on one line ("TỔNG CỤC THUẾ<tab>CỘNG HÒA XÃ HỘI…"). The line is
    cut at its widest gap (a tab counts as eight spaces), never at the blanks
    a draft leaves for the number and the day ("Số:      /QĐ-…", "ngày      tháng").
    Each part is ``hand_laid``: where a tab stop or spaces put it says
    nothing of its alignment.
    """
    text = p.text
    start = len(text) - len(text.lstrip())
    best = None
    for m in GAP.finditer(text, start):
        before, after = (unicodedata.normalize("NFC", t) for t in (text[start:m.start()].rstrip(), text[m.end():]))
        if not before or not after.strip() or BLANK_SLOT_BEFORE.search(before) or BLANK_SLOT_AFTER.match(after):
            continue
        weight = len(m.group()) + 7 * m.group().count("\t")
        if best is None or weight > best[0]:
            best = (weight, m.start(), m.end())
    if best is None:
        indented = text[:start]
        return [_slice(p, start, len(text), None)] if "\t" in indented or len(indented) >= 3 else [p]
    return [_slice(p, start, best[1], "left"), _slice(p, best[2], len(text), "right")]


def part_of(p: Para, begin: int) -> Para:
    """Returns the line from character ``begin`` on, with the line's own alignment."""
    part = _slice(p, begin, len(p.text), p.side)
    return replace(part, fmt=p.fmt, hand_laid=p.hand_laid, offset_pt=p.offset_pt)


def _slice(p: Para, begin: int, end: int, side: str | None) -> Para:
    """Returns the characters ``begin``–``end`` of a line as a hand-laid Para of its own."""
    pieces, at, offset = [], 0, 0.0
    for text, fmt in p.pieces:
        lo, hi = max(begin, at), min(end, at + len(text))
        if lo < hi:
            pieces.append((text[lo - at:hi - at], fmt))
        offset += text_width_pt(text[:max(0, min(begin, at + len(text)) - at)], fmt)
        at += len(text)
    indent = (p.fmt.ind_left + max(p.fmt.first_line, 0)) / TWIPS_PER_PT
    return Para(p.el, pieces, replace(p.fmt, ind_left=0, ind_right=0, first_line=0), p.width, p.tc, p.area,
                p.mark_pt, p.last_line, hand_laid=True, side=side,
                offset_pt=None if "\t" in p.text[:begin] else indent + offset)


def _in_textbox(el, stop) -> bool:
    """Returns True when ``el`` sits in a text box (or a drawing's fallback copy) inside ``stop``."""
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag in (qn("w:txbxContent"), qn("mc:Fallback")):
            return True
    return False


def _blocks(container) -> list:
    """Returns the top-level paragraphs and tables of a body, through content controls and custom XML."""
    blocks = []
    for child in container:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            blocks.append(child)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            blocks += _blocks(child)
    return blocks


@dataclass
class Doc:
    """A checked document: its package, styles, sections and every paragraph by element."""

    package: Package
    styles: Styles
    blocks: list
    paras: dict
    block_paras: list
    sections: list

    _tables: dict = field(default_factory=dict, init=False, repr=False)
    _rows: dict = field(default_factory=dict, init=False, repr=False)

    @property
    def text_width(self) -> int:
        return self.sections[0][1].text_width

    def place(self, tc) -> tuple[int, int]:
        """Returns the number of the body table a cell sits in (its outermost table, counted from 1 among the body's
        tables) and of its row in its own table; 0 for either when it is not counted there.

        Each table is indexed once, at the first cell asked of it, so that
        naming every cell of a long table costs time in proportion to its rows.
        """
        if not self._tables:
            self._tables.update({b: n for n, b in enumerate((b for b in self.blocks if b.tag == qn("w:tbl")), 1)})
        tbl = next(tc.iterancestors(qn("w:tbl")))
        top = tbl
        for a in tbl.iterancestors(qn("w:tbl")):
            top = a
        if tbl not in self._rows:
            self._rows[tbl] = {tr: n for n, tr in enumerate(tbl.findall(qn("w:tr")), 1)}
        return self._tables.get(top, 0), self._rows[tbl].get(next(tc.iterancestors(qn("w:tr"))), 0)


def read_document(package: Package) -> Doc:
    """Returns the document cut into blocks, each with its Paras (table cells measured by their width)."""
    styles = package.styles
    body = package.document.find(qn("w:body"))
    blocks = _blocks(body) if body is not None else []
    sections, last = [], -1
    for i, block in enumerate(blocks):
        sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if block.tag == qn("w:p") else None
        if sect is not None:
            sections.append((i, section(sect)))
            last = i
    final = body.find(qn("w:sectPr")) if body is not None else None
    if final is not None or not sections or last < len(blocks) - 1:
        sections.append((len(blocks), section(final)))
    page_width = sections[0][1].text_width
    numbering = Numbering(package.numbering_el)
    paras, block_paras = {}, []
    for block in blocks:
        if block.tag == qn("w:p"):
            items = [read_para(block, styles, page_width, numbering=numbering)]
        else:
            items = []
            widths = cell_text_widths(block, styles)
            boxes = next(block.iter(qn("w:txbxContent"), qn("mc:Fallback")), None) is not None
            for p in block.iter(qn("w:p")):
                if boxes and _in_textbox(p, block):
                    continue
                tc = next(p.iterancestors(qn("w:tc")), None)
                width = widths.get(tc) if tc is not None else None
                items.append(read_para(p, styles, width or page_width, tc, numbering))
        for item in items:
            paras[item.el] = item
        block_paras.append(items)
    return Doc(package, styles, blocks, paras, block_paras, sections)
