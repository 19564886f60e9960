"""PAGE, MARGIN and PGNUM: the page setup of every section and the page numbers."""
from __future__ import annotations

from generator.checker.annex import annex_sections
from generator.checker.common import format_problems
from generator.checker.document import Cell, Doc, Table, has_page_break, read_para
from generator.checker.layout import Layout
from generator.checker.messages import Violation, _m, decisive, joined
from generator.i18n import N_
from generator.checker.nd30 import MM
from generator.ooxml import TWIPS_PER_PT, field_codes, is_page_field, iter_runs, line_height_pt, line_widths_pt, qn, run_text


PORTRAIT_MARGINS = ((20, 25), (20, 25), (30, 35), (15, 20))
"""Top, bottom, left, right in mm."""
TURNED_MARGINS = ((30, 35), (15, 20), (20, 25), (20, 25))
"""An A4 landscape page of an annex: the portrait margins turned with the sheet (the binding edge on top)."""
MARGIN_NAMES = ((N_("top %(mm)s mm"), N_("top %(low)s–%(high)s mm")), (N_("bottom %(mm)s mm"), N_("bottom %(low)s–%(high)s mm")),
                (N_("left %(mm)s mm"), N_("left %(low)s–%(high)s mm")), (N_("right %(mm)s mm"), N_("right %(low)s–%(high)s mm")))


def _margin_problems(values: list, ranges) -> tuple[list, list]:
    found, expected = [], []
    for value, (low, high), (is_msg, want_msg) in zip(values, ranges, MARGIN_NAMES):
        mm = (value if value is not None else 1440) / MM  # Word's default margin is one inch
        if not low - 0.1 <= mm <= high + 0.1:
            shown, low_s, high_s = decisive(mm, low - 0.1, high + 0.1)
            found.append(_m(is_msg, mm=shown))
            expected.append(_m(want_msg, low=low, high=high))
    return found, expected


def check_page(doc: Doc, layout: Layout) -> list[Violation]:
    """PAGE and MARGIN for every section; an annex's section may be A4 landscape with the margins turned."""
    out = []
    annexes = annex_sections(doc, layout)
    for n, (_end, sect) in enumerate(doc.sections, 1):
        where = joined(_m("section %(n)s", n=n) if len(doc.sections) > 1 else _m("page setup"))
        w, h = sect.width or 12240, sect.height or 15840
        landscape = sect.orient == "landscape" or w > h
        a4 = (abs(w - 11906) <= MM and abs(h - 16838) <= MM) or (landscape and abs(h - 11906) <= MM and abs(w - 16838) <= MM)
        if not a4 or landscape and n - 1 not in annexes:
            found = [_m("%(w)s × %(h)s mm", w=w / MM, h=h / MM)]
            if landscape:
                found.append(_m("landscape"))
            out.append(Violation("PAGE", "page", where, joined(*found), joined(_m("A4 portrait, 210 × 297 mm"))))
        values = [sect.top, sect.bottom, sect.left + sect.gutter if sect.left is not None else None, sect.right]
        found, expected = _margin_problems(values, PORTRAIT_MARGINS)
        if found and landscape and n - 1 in annexes:
            turned = _margin_problems(values, TURNED_MARGINS)
            if not turned[0] or len(turned[0]) < len(found):
                found, expected = turned
        if found:
            out.append(Violation("MARGIN", "page", where, joined(*found), joined(*expected)))
    return out


def check_page_number(doc: Doc, layout: Layout) -> list[Violation]:
    """PGNUM: a PAGE field, centred, 13–14 pt, upright, in the header of page 2 on; none on page 1.

    A text that fits on one page needs no number at all.
    """
    package, styles = doc.package, doc.styles
    sect = doc.sections[0][1]
    where = joined(_m("page header"))
    out = []
    default = package.related(sect.headers.get("default"))
    pages = [(instr, p) for instr, p in field_codes(default) if is_page_field(instr)] if default is not None else []
    if not pages:
        in_footer = any(is_page_field(i) for part in package.parts_of_type("/footer") for i, _p in field_codes(part))
        found = _m("page number in the footer") if in_footer else _m("no page number in the header")
        out.append(Violation("PGNUM", "page", where, joined(found), joined(_m("a PAGE field in the header"))))
    else:
        p = pages[0][1]
        para = read_para(p, styles, sect.text_width) if p is not None else None
        if para is not None:
            if not para.runs:
                para.pieces = [("1", styles.run_format(p, next(iter_runs(p), None)))]
            found, expected = format_problems(para, sizes=(13, 14), italic=False, align="center")
            if found:
                out.append(Violation("PGNUM", "page", where, joined(*found), joined(*expected)))
    first = package.related(sect.headers.get("first")) if sect.title_page else None
    first_text = "".join(run_text(r) for r in first.iter(qn("w:r"))).strip() if first is not None else ""
    first_fields = [i for i, _p in field_codes(first) if is_page_field(i)] if first is not None else []
    if not sect.title_page:
        out.append(Violation("PGNUM", "page", joined(_m("first page")), joined(_m("no different first page (w:titlePg)")),
                             joined(_m("page 1 without a number"))))
    elif first_text or first_fields:
        out.append(Violation("PGNUM", "page", joined(_m("first page")), joined(_m("the first-page header is not empty")),
                             joined(_m("page 1 without a number"))))
    if out and one_page(doc, layout) and not (pages and not sect.title_page):
        return []  # one page shows no number: none is needed, and one in the footer or on a first page it skips is not seen
    return out


def one_page(doc: Doc, layout: Layout) -> bool:
    """Returns True when the text before the annexes fits on one page: no page break, and its lines (measured
    as they wrap, with their spacing, which runs a little high) fill less than the page's height."""
    sect = doc.sections[0][1]
    room = ((sect.height or 15840) - (sect.top if sect.top is not None else 1440)
            - (sect.bottom if sect.bottom is not None else 1440)) / TWIPS_PER_PT
    end = layout.annex_blocks[0] if layout.annex_blocks else len(doc.blocks)
    if len(doc.sections) > 1 and doc.sections[0][0] < end - 1:
        return False
    while end > 0 and doc.blocks[end - 1].tag == qn("w:p") and doc.paras[doc.blocks[end - 1]].empty \
            and doc.blocks[end - 1].find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
        end -= 1  # empty lines after the text show nothing on a page of their own
    height, run = 0.0, []
    for block in doc.blocks[:end]:
        table = doc.tables.get(block)
        if table.page_break if table is not None else has_page_break(block):
            return False
        if table is None:
            run.append(doc.paras[block])
            continue
        height += _height_pt(run)
        run = []
        for cells in _rows(table):
            height += max((_height_pt(cell.paras) for cell in cells), default=0.0)
    return height + _height_pt(run) <= room


def _rows(table: Table):
    """Yields each row of a table and of the tables nested in it, in document order, as every cell under it
    (a cell's height is that of all its paragraphs, nested ones included: a row is as high as its highest)."""
    for row in table.rows:
        yield [c for cell in row.cells for c in _cells_under(cell)]
        for cell in row.cells:
            for nested in cell.tables:
                yield from _rows(nested)


def _cells_under(cell: Cell):
    """Yields the cell, then every cell of the tables nested in it."""
    yield cell
    for nested in cell.tables:
        for row in nested.rows:
            for inner in row.cells:
                yield from _cells_under(inner)


def _height_pt(paras: list) -> float:
    """Returns the height paragraphs take one under the other: their lines as they wrap, and the spacing
    between them (the larger of one's space after and the next one's space before, as LibreOffice sets it)."""
    height, after = 0.0, 0
    for p in paras:
        lines = len(line_widths_pt(p.runs, max(p.width - p.fmt.ind_left - p.fmt.ind_right, 567) / TWIPS_PER_PT)) if p.runs else 1
        height += lines * line_height_pt(p.fmt, p.mark_size) + max(after, p.fmt.space_before) / TWIPS_PER_PT
        after = p.fmt.space_after
    return height + after / TWIPS_PER_PT
