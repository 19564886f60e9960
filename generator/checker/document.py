"""A .docx read into paragraphs for the checker: text, effective formatting, the width each one gets.

Table cells are measured by their own width (the narrower of grid and tcW);
list paragraphs carry the label Word draws in front of them; a paragraph
broken by line breaks can be read as its lines. The main part is read as a
stream: a table's rows become Cell and Row objects and are let go as a tree
(see :class:`_Reader`), so that an annex of thousands of rows costs memory
and time in proportion to its text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import replace

from lxml import etree

from generator.ooxml import (
    RUN_CHARS, TWIPS_PER_PT, CellWidths, Numbering, Package, ParaFormat, RunFormat, Styles, iter_runs, qn, row_cells,
    run_text, section, text_width_pt,
)


@dataclass(slots=True)
class Para:
    """A paragraph, or one line of it, with its formatting and the width its container gives it.

    ``el`` is its w:p element (a :class:`Released` once its table row was
    let go) and ``tc`` its :class:`Cell` in a table, else None;
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
            text = self.pieces[0][0] if len(self.pieces) == 1 else "".join([t for t, _f in self.pieces])
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
    return any(map(str.isalpha, text))


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


class Released:
    """Stands for the element of a paragraph whose table row was read and let go: such a row held nothing the
    rules look for in a tree later (see KEPT), so there is nothing left to find in it."""

    __slots__ = ()

    def iter(self, *_tags):
        return iter(())


@dataclass(slots=True, eq=False)
class Table:
    """A table of the body, or one nested in a cell: what the rules ask of it, kept when its rows are let go."""

    number: int
    """Its number among the body's tables, from 1 (a nested table: its outermost table's)."""
    parent: Cell | None = None
    rows: list = field(default_factory=list)
    page_break: bool = False
    """Whether a page break is typed anywhere in it (a top-level table's only)."""


@dataclass(slots=True, eq=False)
class Row:
    """A table row: its cells (those whose nearest row it is) and the row under it."""

    table: Table
    index: int
    """Its number among its table's rows, from 1; 0 for a row wrapped in a content control."""
    cells: list = field(default_factory=list)
    below: Row | None = None
    """The next row beside it (under the same parent element)."""


@dataclass(slots=True, eq=False)
class Cell:
    """A table cell: its row, its first grid column and span, and its paragraphs (those of nested tables too)."""

    row: Row
    col: int
    span: int
    direct: bool
    """Whether it is a child of its row rather than wrapped in a content control."""
    el: object = None
    """Its w:tc element; None once its row was read and let go."""
    paras: list = field(default_factory=list)
    tables: tuple = ()
    """The tables nested in it (a tuple: thousands of cells have none)."""

    def enclosing(self):
        """Yields the cell, then each cell its table is nested in, outwards."""
        cell = self
        while cell is not None:
            yield cell
            cell = cell.row.table.parent

    def elements(self) -> list:
        """Returns the paragraph elements of the cell (nested ones too) where a line may be drawn; [] for a cell let go."""
        return list(self.el.iter(qn("w:p"))) if self.el is not None else []

    def below(self) -> Cell | None:
        """Returns the cell under this one in the next row (the one starting at the same grid column), None if none."""
        nxt = self.row.below if self.direct else None
        return next((c for c in nxt.cells if c.direct and c.col == self.col), None) if nxt is not None else None


@dataclass
class Doc:
    """A checked document: its package, styles, sections, every top-level block with its paragraphs, and the tables.

    ``paras`` maps the elements still held (top-level paragraphs, paragraphs
    of rows kept whole) to their Para; ``body`` is the body as far as it is
    kept, for the text boxes in it.
    """

    package: Package
    styles: Styles
    blocks: list
    paras: dict
    block_paras: list
    sections: list
    body: object = None
    tables: dict = field(default_factory=dict)
    """The Table of each top-level w:tbl element."""

    @property
    def text_width(self) -> int:
        return self.sections[0][1].text_width

    @staticmethod
    def place(tc: Cell) -> tuple[int, int]:
        """Returns the number of the body table a cell sits in (its outermost table, counted from 1 among the body's
        tables) and of its row in its own table (0 when a content control wraps the row)."""
        return tc.row.table.number, tc.row.index


BLOCK_WRAPPERS = frozenset(qn("w:" + t) for t in ("sdt", "sdtContent", "customXml"))
"""What a top-level paragraph or table may sit in under the body: content controls and custom XML."""
KEPT = tuple(qn(t) for t in ("wp:inline", "wp:anchor", "v:line", "v:shape", "w:txbxContent", "mc:Fallback", "w:tbl"))
"""What makes a table row kept whole: drawn lines and pictures (measured later from the tree), text boxes and the
copies of drawings for old readers (read later, or left out), nested tables (read with their row's tree)."""


P, T, TR, TBL, BODY = qn("w:p"), qn("w:t"), qn("w:tr"), qn("w:tbl"), qn("w:body")


def _blocks_of(container):
    """Yields the top-level paragraphs and tables of a body as it is being parsed, through content controls and
    custom XML. Each next sibling is asked for only when the block before it is done with: by then it is parsed."""
    child = container[0] if len(container) else None
    while child is not None:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from _blocks_of(child)
        child = child.getnext()


def _is_block(el) -> bool:
    """Returns True for a top-level paragraph or table: under the body, through content controls and custom XML."""
    parent = el.getparent()
    while parent is not None and parent.tag in BLOCK_WRAPPERS:
        parent = parent.getparent()
    return parent is not None and parent.tag == BODY


def _run_parts(r, slot: dict):
    """Returns the text of a run as a recipe: the index in ``slot`` of its one w:t, or a tuple of fixed text and
    indexes, so that rows alike differ only in the texts the indexes point to."""
    parts = tuple(slot[c] if c.tag == qn("w:t") else RUN_CHARS[c.tag] for c in r if c.tag == qn("w:t") or c.tag in RUN_CHARS)
    return parts[0] if len(parts) == 1 and isinstance(parts[0], int) else parts


@dataclass(frozen=True)
class _Form:
    """What rows of one table with the same markup but their text share: cells, paragraph formats, run recipes.

    ``cells`` are (first grid column, span, direct); ``paras`` are (cell
    index, width, format, mark's format, ((run format, recipe), …)) with the
    hidden runs left out.
    """

    cells: tuple
    paras: tuple
    page_break: bool


class _Reader:
    """Reads the main part as it streams by, in document order (list labels count in it).

    A table row is read when it ends. A row with nothing the rules look for
    in a tree later is then let go: its cells and paragraphs are kept as
    Cell and Para only. Rows with the same markup but their text (a long
    data table) are resolved once: their formats and widths come from the
    first such row, their text from their own w:t elements.
    """

    def __init__(self, package: Package):
        self.styles = package.styles
        self.numbering = Numbering(package.numbering_el)
        self.widths = CellWidths(self.styles)
        self.blocks, self.block_paras, self.paras, self.tables, self.unsized = [], [], {}, {}, []
        self._blocks = None
        self._forms: dict = {}
        self._direct: dict = {}
        self._last_under: dict = {}

    def row_ended(self, tr) -> None:
        """Reads a row that has just been parsed when its table is a block (a nested table is read with its row)."""
        tbl = tr.getparent() if tr.getparent().tag == TBL else next(tr.iterancestors(TBL))
        if tbl not in self.tables:
            if not _is_block(tbl):
                return
            if self._blocks is None:
                self._blocks = _blocks_of(next(tbl.iterancestors(BODY)))
            self.blocks_until(tbl)
        self._row(self.tables[tbl], tr)

    def finish(self, body) -> None:
        """Reads the blocks after the last table (all of them in a body without tables)."""
        if self._blocks is None and body is not None:
            self._blocks = _blocks_of(body)
        self.blocks_until(None)

    def blocks_until(self, stop) -> None:
        """Reads the blocks not read yet up to the table ``stop`` (None: to the end of the body), which it registers:
        the paragraphs between tables, and tables without rows."""
        for block in self._blocks or ():
            if block.tag == P:
                para = read_para(block, self.styles, 0, numbering=self.numbering)
                self.unsized.append(para)
                self.paras[block] = para
                self.block_paras.append([para])
            else:
                self.tables[block] = Table(len(self.tables) + 1)
                self.block_paras.append([])
            self.blocks.append(block)
            if block is stop:
                return

    def _new_row(self, table: Table, tr, index: int) -> Row:
        row = Row(table, index)
        table.rows.append(row)
        above = self._last_under.get(tr.getparent())
        if above is not None:
            above.below = row
        self._last_under[tr.getparent()] = row
        return row

    def _row(self, table: Table, tr) -> None:
        """Reads a row of a top-level table into its block's paragraphs, then lets it go unless it is kept whole."""
        index = 0
        if tr.getparent().tag == qn("w:tbl"):
            index = self._direct[table] = self._direct.get(table, 0) + 1
        ts = list(tr.iter(T))
        texts = [t.text or "" for t in ts]
        for t in ts:
            t.text = None
        key = (table, etree.tostring(tr))
        if key not in self._forms:
            for t, text in zip(ts, texts):
                t.text = text or None
            self._forms[key] = self._form(tr, ts)
        form = self._forms[key]
        if form is None:
            for t, text in zip(ts, texts):
                t.text = text or None
            self._whole_row(table, tr, index)
            return
        table.page_break = table.page_break or form.page_break
        self._row_of_form(table, self._new_row(table, tr, index), form, texts)
        tr.clear()

    def _form(self, tr, ts: list) -> _Form | None:
        """Returns the form of a row to be let go; None for a row kept whole (see KEPT)."""
        if next(tr.iter(*KEPT), None) is not None:
            return None
        slot = {t: i for i, t in enumerate(ts)}
        widths = self.widths.of(tr)
        cells = row_cells(tr)
        index = {tc: k for k, (tc, _tcpr, _col, _span) in enumerate(cells)}
        paras = []
        for p in tr.iter(qn("w:p")):
            tc = next(p.iterancestors(qn("w:tc")), None)
            runs = list(iter_runs(p))
            fmt, mark, formats = self.styles.paragraph_formats(p, runs)
            recipe = tuple((f, _run_parts(r, slot)) for r, f in zip(runs, formats) if not f.hidden)
            paras.append((index.get(tc), widths.get(tc), fmt, mark, recipe))
        return _Form(tuple((col, span, tc.getparent() is tr) for tc, _tcpr, col, span in cells), tuple(paras),
                     has_page_break(tr))

    def _row_of_form(self, table: Table, row: Row, form: _Form, texts: list) -> None:
        cells = row.cells = [Cell(row, col, span, direct) for col, span, direct in form.cells]
        items = self.block_paras[-1]
        for k, width, fmt, mark, recipe in form.paras:
            label = self.numbering.label(fmt.num) if fmt.num else ""
            pieces = [(label, mark)] if label else []
            for f, parts in recipe:
                text = texts[parts] if isinstance(parts, int) else "".join(texts[x] if isinstance(x, int) else x for x in parts)
                if text:
                    pieces.append((text.upper() if f.caps else text, f))
            cell = cells[k] if k is not None else None
            para = Para(Released(), pieces, fmt, width or 0, cell, mark_pt=mark.size_pt)
            if not width:
                self.unsized.append(para)
            if cell is not None:
                cell.paras.append(para)
            items.append(para)

    def _whole_row(self, table: Table, tr, index: int) -> None:
        """Reads a row kept whole, with the tables nested in it, as the checker read every table before it streamed."""
        table.page_break = table.page_break or has_page_break(tr)
        widths = self.widths.of(tr)
        cell_of, nested = {}, {}
        for x in tr.iter(qn("w:tr")):
            own = x.getparent() if x.getparent().tag == qn("w:tbl") else next(x.iterancestors(qn("w:tbl")))
            if x is tr:
                row = self._new_row(table, x, index)
            else:
                if own not in nested:
                    parent = cell_of[next(own.iterancestors(qn("w:tc")))]
                    nested[own] = (Table(table.number, parent), {r: n for n, r in enumerate(own.findall(qn("w:tr")), 1)})
                    parent.tables += (nested[own][0],)
                row = self._new_row(nested[own][0], x, nested[own][1].get(x, 0))
            for tc, _tcpr, col, span in row_cells(x):
                cell_of[tc] = Cell(row, col, span, tc.getparent() is x, tc)
                row.cells.append(cell_of[tc])
        boxes = next(tr.iter(qn("w:txbxContent"), qn("mc:Fallback")), None) is not None
        items = self.block_paras[-1]
        for p in tr.iter(qn("w:p")):
            if boxes and _in_textbox(p, tr):
                continue
            tc = next(p.iterancestors(qn("w:tc")), None)
            cell = cell_of.get(tc)
            width = widths.get(tc) if tc is not None else None
            para = read_para(p, self.styles, width or 0, cell, self.numbering)
            if not width:
                self.unsized.append(para)
            for c in cell.enclosing() if cell is not None else ():
                c.paras.append(para)
            self.paras[p] = para
            items.append(para)


def has_page_break(el) -> bool:
    """Returns True when a page break is typed in ``el``: a page w:br, or a paragraph set to start a page."""
    return any(br.get(qn("w:type")) == "page" for br in el.iter(qn("w:br"))) or next(
        el.iter(qn("w:pageBreakBefore")), None) is not None


def read_document(package: Package) -> Doc:
    """Returns the document cut into blocks, each with its Paras (table cells measured by their width).

    The main part is read as a stream (see :class:`_Reader`), so that a
    table of thousands of rows is never held whole as a tree. Raises
    ValueError when its XML is malformed.
    """
    reader = _Reader(package)
    stream = package.stream((TR,))
    for tr in stream:
        reader.row_ended(tr)
    root = stream.root
    body = root.find(BODY) if root is not None else None
    reader.finish(body)
    blocks = reader.blocks
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
    for para in reader.unsized:
        para.width = page_width
    return Doc(package, package.styles, blocks, reader.paras, reader.block_paras, sections, body, reader.tables)
