"""Build templates/*.docx: real Word documents carrying docxtpl (Jinja) tags.

The layout of Nghị định 30/2020 lives here once, as named paragraph styles
("CCHC …") that a clerk can restyle in Word, and as shared pieces (header
block, signature block, tables) that every template is assembled from.
tests/test_templates.py checks that the committed .docx files are what this
script makes.

Usage: python tools/make_templates.py [OUT_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from generator.compute import BIEU06_COT
from generator.render import drop_stale_parts
from generator.schema_order import get_or_add

OUT = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"
TEXT_WIDTH = Cm(16.5)
HEADER_COLUMNS = (Cm(6.5), Cm(10.0))
SIGNATURE_COLUMNS = (Cm(9.0), Cm(7.5))
"""Nơi nhận wider than the cơ quan above it: a recipient with its "(để b/c)" fits on one line of 11 pt."""
CELL_MARGIN = Cm(0.08)
C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

# name, style id, size, bold, italic, alignment, extra paragraph format
PARAGRAPH_STYLES = [
    ("CCHC Cơ quan chủ quản", "CCHCCoQuanChuQuan", 13, False, False, C, {}),
    ("CCHC Cơ quan ban hành", "CCHCCoQuan", 13, True, False, C, {}),
    ("CCHC Quốc hiệu", "CCHCQuocHieu", 13, True, False, C, {}),
    ("CCHC Tiêu ngữ", "CCHCTieuNgu", 14, True, False, C, {}),
    ("CCHC Số, ký hiệu", "CCHCSo", 13, False, False, C, {"space_before": Pt(6)}),
    ("CCHC Địa danh, ngày tháng", "CCHCNgay", 14, False, True, C, {"space_before": Pt(6)}),
    ("CCHC Tên loại", "CCHCTenLoai", 14, True, False, C, {"space_before": Pt(24), "keep_with_next": True}),
    ("CCHC Trích yếu", "CCHCTrichYeu", 14, True, False, C, {"keep_with_next": True}),
    ("CCHC Kính gửi", "CCHCKinhGui", 14, False, False, C, {"space_before": Pt(6), "space_after": Pt(6)}),
    ("CCHC Văn bản", "CCHCVanBan", 14, False, False, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6)}),
    # The closing paragraph stays on the page of the signature: no signature page without text.
    ("CCHC Văn bản, kết thúc", "CCHCKetThuc", 14, False, False, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Căn cứ", "CCHCCanCu", 14, False, True, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6)}),
    ("CCHC Điểm", "CCHCDiem", 14, False, False, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Mục", "CCHCMuc", 14, True, False, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Khoản", "CCHCKhoan", 14, True, False, J, {"first_line_indent": Cm(1.27), "space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Bảng", "CCHCBang", 12, False, False, C, {}),
    ("CCHC Bảng, trái", "CCHCBangTrai", 12, False, False, L, {}),
    ("CCHC Bảng, tiêu đề", "CCHCBangTieuDe", 12, True, False, C, {}),
    ("CCHC Nơi nhận", "CCHCNoiNhan", 12, True, True, L, {}),
    ("CCHC Nơi nhận, mục", "CCHCNoiNhanMuc", 11, False, False, L, {}),
    ("CCHC Chức vụ người ký", "CCHCChucVu", 14, True, False, C, {}),
    ("CCHC Họ tên người ký", "CCHCHoTen", 14, True, False, C, {}),
    ("CCHC Số trang", "CCHCSoTrang", 14, False, False, C, {}),
    # Rules are empty paragraphs with a top border; render.fit_rules sets their
    # length from the text above (the full Tiêu ngữ, or 40 % of the other texts).
    ("CCHC Đường kẻ, đủ dài", "CCHCKeDu", 2, False, False, C, {"space_before": Pt(4)}),
    ("CCHC Đường kẻ, ngắn", "CCHCKeNgan", 2, False, False, C, {"space_before": Pt(5)}),
]
RULE_STYLES = ("CCHCKeDu", "CCHCKeNgan")


def _set_fonts(rpr, size_pt=None):
    """Sets Times New Roman on every script, black, and no theme font, on an rPr element."""
    fonts = get_or_add(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _strip_theme(styles_el):
    """Removes theme fonts and theme colours from every style, so that all text resolves to Times New Roman."""
    for fonts in styles_el.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        if fonts.attrib:
            for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(script), FONT)
    for color in list(styles_el.iter(qn("w:color"))):
        color.getparent().remove(color)


def _document_defaults(doc):
    styles_el = doc.styles.element
    _strip_theme(styles_el)
    rpr = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    for tag, attrs in (("w:color", {"w:val": "000000"}), ("w:sz", {"w:val": "28"}), ("w:szCs", {"w:val": "28"}),
                       ("w:lang", {"w:val": "vi-VN", "w:eastAsia": "en-US", "w:bidi": "ar-SA"})):
        el = get_or_add(rpr, tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _set_fonts(normal.element.get_or_add_rPr())


def _paragraph_styles(doc, table=PARAGRAPH_STYLES):
    for name, style_id, size, bold, italic, align, extra in table:
        style = doc.styles.add_style(name, 1)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = extra.get("space_before", Pt(0))
        fmt.space_after = extra.get("space_after", Pt(0))
        fmt.widow_control = True
        if "first_line_indent" in extra:
            fmt.first_line_indent = extra["first_line_indent"]
        if extra.get("keep_with_next"):
            fmt.keep_with_next = True
        if style_id in ("CCHCVanBan", "CCHCKetThuc", "CCHCCanCu", "CCHCDiem"):
            fmt.line_spacing = 1.15
        if style_id in RULE_STYLES:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(4)
            top = get_or_add(get_or_add(style.element.get_or_add_pPr(), "w:pBdr"), "w:top")
            for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
                top.set(qn(k), v)


def _page(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    page_number(doc, section.header.paragraphs[0])


def page_number(doc, header_p):
    """Makes ``header_p`` the page number of nd30.md (rule PGNUM): a PAGE field in the style "CCHC Số trang"."""
    header_p.style = doc.styles["CCHC Số trang"]
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = header_p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def para(container, text="", style="CCHC Văn bản"):
    """Adds a paragraph in a named style to a document or a table cell.

    A new table cell comes with one empty paragraph; the first paragraph added
    to a cell takes its place.
    """
    first = getattr(container, "paragraphs", [None])[0] if hasattr(container, "_tc") else None
    if first is not None and len(container.paragraphs) == 1 and not first.text and first.style.name == "Normal":
        first.style = style
        first.add_run(text)
        return first
    return container.add_paragraph(text, style)


def loop(container, items, var, style="CCHC Văn bản"):
    """Adds a paragraph repeated once for each item of the list ``items``."""
    para(container, f"{{%p for {var} in {items} %}}")
    para(container, f"{{{{ {var} }}}}", style)
    para(container, "{%p endfor %}")


def _table(doc, widths, borders: bool):
    table = doc.add_table(rows=0, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # python-docx writes w:tblLayout "fixed" at its place
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(sum(widths) / 635)))
    box = get_or_add(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = get_or_add(box, f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
    margins = get_or_add(tbl_pr, "w:tblCellMar")
    for edge in ("left", "right"):
        el = get_or_add(margins, f"w:{edge}")
        el.set(qn("w:w"), str(int(CELL_MARGIN / 635)))
        el.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width / 635)))
    return table


def _row(table, widths, header=False):
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    get_or_add(tr_pr, "w:cantSplit")
    if header:
        get_or_add(tr_pr, "w:tblHeader")
    for cell, width in zip(row.cells, widths):
        cell.width = width
    return row


def header_block(doc, co_quan_lines=True):
    """Adds the header table of nd30.md: cơ quan and số on the left, Quốc hiệu, Tiêu ngữ and date on the right.

    Above it, a draft (``du_thao``) says "DỰ THẢO"; a document to sign has nothing there.
    """
    para(doc, "{%p if du_thao %}")
    mark = para(doc, "")
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark.paragraph_format.first_line_indent = Cm(0)
    mark.add_run("{{ du_thao }}").bold = True
    para(doc, "{%p endif %}")
    table = _table(doc, HEADER_COLUMNS, borders=False)
    top = _row(table, HEADER_COLUMNS)
    left, right = top.cells
    if co_quan_lines:
        para(left, "{%p if co_quan_chu_quan %}", "CCHC Cơ quan chủ quản")
        para(left, "{{ co_quan_chu_quan }}", "CCHC Cơ quan chủ quản")
        para(left, "{%p endif %}", "CCHC Cơ quan chủ quản")
    para(left, "{{ ten_don_vi }}", "CCHC Cơ quan ban hành")
    para(left, "", "CCHC Đường kẻ, ngắn")
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CCHC Quốc hiệu")
    para(right, "Độc lập - Tự do - Hạnh phúc", "CCHC Tiêu ngữ")
    para(right, "", "CCHC Đường kẻ, đủ dài")
    bottom = _row(table, HEADER_COLUMNS)
    para(bottom.cells[0], "{{ so_ky_hieu }}", "CCHC Số, ký hiệu")
    para(bottom.cells[1], "{{ dia_danh_ngay }}", "CCHC Địa danh, ngày tháng")
    return table


def title_block(doc, ten_loai, report=True):
    """Adds the tên loại, the trích yếu with its rule and, for a report, the Kính gửi line.

    A report's trích yếu has two lines (the results, then "và phương hướng …").
    """
    para(doc, ten_loai, "CCHC Tên loại")
    title = para(doc, "{{ trich_yeu }}", "CCHC Trích yếu")
    if report:
        title.add_run().add_break()
        title.add_run("{{ trich_yeu_tiep }}")
    para(doc, "", "CCHC Đường kẻ, ngắn")
    if report:
        para(doc, "{%p if kinh_gui %}", "CCHC Kính gửi")
        para(doc, "Kính gửi: {{ kinh_gui }}", "CCHC Kính gửi")
        para(doc, "{%p endif %}", "CCHC Kính gửi")


def data_table(doc, widths, header_rows, body_cells, items, total_cells=None, empty_text=None):
    """Adds a bordered table: static header rows (repeated on each page), one row per item, a total row.

    ``header_rows`` is a list of rows; each cell is text, ("span", n, text) for a
    horizontal merge, or None for a cell merged with the one above it.
    ``body_cells`` are (template text, left-aligned) pairs. With ``empty_text``,
    an empty list prints one row of that text across the table instead of the
    item and total rows.
    """
    table = _table(doc, widths, borders=True)
    for spec in header_rows:
        row = _row(table, widths, header=True)
        col = 0
        for cell_spec in spec:
            cell = row.cells[col]
            if isinstance(cell_spec, tuple):
                _, n, text = cell_spec
                cell = cell.merge(row.cells[col + n - 1])
                col += n
            else:
                col += 1
            if cell_spec is None:
                above = table.rows[len(table.rows) - 2].cells[col - 1]
                above.merge(cell)
                continue
            text = cell_spec[2] if isinstance(cell_spec, tuple) else cell_spec
            para(cell, text, "CCHC Bảng, tiêu đề")
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def tag_row(tag):
        _row_with(table, widths, [(tag, False)] + [("", False)] * (len(widths) - 1))

    if empty_text:
        tag_row(f"{{%tr if {items} %}}")
    tag_row(f"{{%tr for r in {items} %}}")
    _row_with(table, widths, body_cells)
    tag_row("{%tr endfor %}")
    if total_cells:
        _row_with(table, widths, total_cells, style="CCHC Bảng, tiêu đề")
    if empty_text:
        tag_row("{%tr else %}")
        row = _row(table, widths)
        para(row.cells[0].merge(row.cells[-1]), empty_text, "CCHC Bảng")
        tag_row("{%tr endif %}")
    return table


def _row_with(table, widths, cells, style=None):
    row = _row(table, widths)
    for cell, (text, left) in zip(row.cells, cells):
        para(cell, text, style or ("CCHC Bảng, trái" if left else "CCHC Bảng"))
    return row


def signature_block(doc):
    """Adds the borderless table of Nơi nhận (left) and the signature (right)."""
    table = _table(doc, SIGNATURE_COLUMNS, borders=False)
    row = _row(table, SIGNATURE_COLUMNS)
    left, right = row.cells
    para(left, "Nơi nhận:", "CCHC Nơi nhận")
    loop(left, "noi_nhan", "dong", "CCHC Nơi nhận, mục")
    para(right, "{%p for dong in chuc_danh_ky %}", "CCHC Chức vụ người ký")
    para(right, "{{ dong }}", "CCHC Chức vụ người ký")
    para(right, "{%p endfor %}", "CCHC Chức vụ người ký")
    for _ in range(4):
        para(right, "", "CCHC Chức vụ người ký")
    para(right, "{{ ho_ten_ky }}", "CCHC Họ tên người ký")
    top = get_or_add(get_or_add(table._tbl.tblPr, "w:tblCellMar"), "w:top")
    top.set(qn("w:w"), str(int(Pt(12) / 635)))
    top.set(qn("w:type"), "dxa")
    return table


def new_document():
    """Returns an empty document with the page, the page numbers and the CCHC styles of nd30.md."""
    doc = Document()
    drop_stale_parts(doc)
    for rel_id in [r for r, rel in doc.part.rels.items() if rel.reltype == RT.CUSTOM_XML]:
        del doc.part.rels[rel_id]  # python-docx's empty bibliography: nothing cites from it
    _document_defaults(doc)
    _paragraph_styles(doc)
    _page(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


CHI_TIEU_COLUMNS = [  # header, width, cell, left-aligned
    ("STT", Cm(1.0), "{{ r.stt }}", False),
    ("Chỉ tiêu", Cm(7.0), "{{ r.noi_dung }}", True),
    ("Kế hoạch", Cm(2.6), "{{ r.ke_hoach }}", False),
    ("Kết quả", Cm(3.4), "{{ r.ket_qua }}", False),
    ("Đánh giá", Cm(2.5), "{{ r.danh_gia }}", False),
]
CHI_TIEU_LUY_KE_COLUMNS = [
    ("STT", Cm(1.0), "{{ r.stt }}", False),
    ("Chỉ tiêu", Cm(5.2), "{{ r.noi_dung }}", True),
    ("Kế hoạch", Cm(2.3), "{{ r.ke_hoach }}", False),
    ("Kết quả trong kỳ", Cm(3.0), "{{ r.ket_qua }}", False),
    ("Lũy kế", Cm(3.0), "{{ r.luy_ke }}", False),
    ("Đánh giá", Cm(2.0), "{{ r.danh_gia }}", False),
]


REFORM_AREAS = [
    ("the_che", "1. Cải cách thể chế"),
    ("tthc", "2. Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông"),
    ("bo_may", "3. Cải cách tổ chức bộ máy"),
    ("cong_vu", "4. Cải cách chế độ công vụ"),
    ("tai_chinh", "5. Cải cách tài chính công"),
    ("chinh_quyen_so", "6. Xây dựng chính quyền điện tử, chính quyền số"),
]


def columns_table(doc, columns, items="chi_tieu"):
    """Adds a table of one header row and one row per item of ``items``, from (header, width, cell, left-aligned)
    columns; returns it. By default the results-vs-targets table."""
    return data_table(doc, [c[1] for c in columns], [[c[0] for c in columns]], [(c[2], c[3]) for c in columns], items)


def report(danh_gia_dau):
    """Returns a report's body up to its signature: header, title, sections I–V, the closing paragraph.

    ``danh_gia_dau(doc)`` adds the first khoản of III (the targets) and returns
    how many khoản it added, so that Ưu điểm, Tồn tại and Nguyên nhân number on.
    """
    doc = new_document()
    header_block(doc)
    title_block(doc, "BÁO CÁO")
    loop(doc, "mo_dau", "doan")
    para(doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "CCHC Mục")
    loop(doc, "chi_dao_dieu_hanh", "doan")
    para(doc, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "CCHC Mục")
    for key, heading in REFORM_AREAS:
        para(doc, heading, "CCHC Khoản")
        loop(doc, f"ket_qua.{key}", "doan")
        if key == "tthc":
            para(doc, "{{ tthc_tom_tat }}")
    para(doc, "III. ĐÁNH GIÁ CHUNG", "CCHC Mục")
    first = danh_gia_dau(doc) + 1
    for n, (key, heading) in enumerate((("uu_diem", "Ưu điểm"), ("ton_tai", "Tồn tại, hạn chế"),
                                        ("nguyen_nhan", "Nguyên nhân")), first):
        para(doc, f"{n}. {heading}", "CCHC Khoản")
        loop(doc, key, "doan")
    para(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ ky_sau }}", "CCHC Mục")
    loop(doc, "phuong_huong", "doan")
    para(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", "CCHC Mục")
    loop(doc, "kien_nghi", "doan")
    para(doc, "{{ ket_luan }}", "CCHC Văn bản, kết thúc")
    signature_block(doc)
    return doc


def bao_cao():
    """Returns the template of a report (templates/bao-cao-quy.docx for quarters, bao-cao-nam.docx for the year).

    From Q2 on the targets table has a Lũy kế column; the template holds both
    tables and the context says which one to keep.
    """
    def targets(doc):
        para(doc, "1. Kết quả thực hiện các chỉ tiêu của Kế hoạch", "CCHC Khoản")
        para(doc, "{%p if co_luy_ke %}")
        columns_table(doc, CHI_TIEU_LUY_KE_COLUMNS)
        para(doc, "{{ luy_ke_ghi_chu }}")
        para(doc, "{%p else %}")
        columns_table(doc, CHI_TIEU_COLUMNS)
        para(doc, "{%p endif %}")
        return 1

    doc = report(targets)
    annex_bieu06(doc)
    return doc


def ke_hoach():
    """Returns the template of the year's plan (templates/ke-hoach.docx)."""
    doc = new_document()
    header_block(doc)
    title_block(doc, "KẾ HOẠCH", report=False)
    loop(doc, "can_cu", "dong", "CCHC Căn cứ")
    loop(doc, "mo_dau", "doan")
    para(doc, "{%p for d in noi_dung %}")
    para(doc, "{%p if d.kieu == 'muc' %}")
    para(doc, "{{ d.text }}", "CCHC Mục")
    para(doc, "{%p elif d.kieu == 'khoan' %}")
    para(doc, "{{ d.text }}", "CCHC Khoản")
    para(doc, "{%p elif d.kieu == 'diem' %}")
    para(doc, "{{ d.text }}", "CCHC Điểm")
    para(doc, "{%p else %}")
    para(doc, "{{ d.text }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{{ ket_luan }}", "CCHC Văn bản, kết thúc")
    signature_block(doc)
    return doc


# The annex (Phụ lục, nd30.md rule PL): Biểu 06 of Thông tư 01/2020/TT-VPCP on A4 landscape pages of
# its own section, after the signature; the body refers to it in section II.2.
ANNEX_STYLES = [
    ("CCHC Phụ lục", "CCHCPhuLuc", 14, True, False, C, {"keep_with_next": True}),
    ("CCHC Phụ lục, tên", "CCHCPhuLucTen", 14, True, False, C, {"space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Phụ lục, kèm theo", "CCHCPhuLucKemTheo", 14, False, True, C, {"keep_with_next": True}),
    ("CCHC Phụ lục, kỳ", "CCHCPhuLucKy", 14, False, False, C, {"space_before": Pt(6), "keep_with_next": True}),
    ("CCHC Phụ lục, đơn vị tính", "CCHCPhuLucDonViTinh", 12, False, True, L,
     {"space_before": Pt(6), "space_after": Pt(3), "keep_with_next": True}),
    # The paragraph that closes the body's section after the signature: 1 pt high, so that a
    # signature ending low on a page never pushes it onto a blank page of its own.
    ("CCHC Ngắt phần", "CCHCNgatPhan", 1, False, False, L, {}),
]
BIEU06_TITLE = ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN,", "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC")
# 25.7 cm, the landscape text width; (5) "Trực tiếp, dịch vụ bưu chính" wider, so that the header keeps to three lines.
BIEU06_WIDTHS = [Cm(1.0), Cm(7.3), Cm(1.54), Cm(1.54), Cm(2.0)] + [Cm(1.54)] * 8
BIEU06_HEADER = [
    ["STT", "Lĩnh vực, công việc giải quyết theo cấp", ("span", 4, "Số hồ sơ nhận giải quyết"),
     ("span", 4, "Số hồ sơ đã giải quyết"), ("span", 3, "Số hồ sơ đang giải quyết")],
    [None, None, "Tổng số", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước",
     "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"],
    [f"({n})" for n in range(1, 14)],
]


def annex_section(doc, landscape: bool):
    """Starts an annex's section on a new page, its page numbers from 1 again, shown as in the body.

    A landscape section has the portrait margins turned a quarter clockwise,
    the binding edge (left, 30 mm) on top; a portrait one has the body's page.
    Page 1 of an annex shows no number, as page 1 of the body does (nd30.md
    PGNUM); the numbering itself restarts (PL).
    """
    if "CCHC Phụ lục" not in [s.name for s in doc.styles]:
        _paragraph_styles(doc, ANNEX_STYLES)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    doc.paragraphs[-1].style = doc.styles["CCHC Ngắt phần"]
    body = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = body.page_height, body.page_width
        section.top_margin, section.right_margin = body.left_margin, body.top_margin
        section.bottom_margin, section.left_margin = body.right_margin, body.bottom_margin
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = body.page_width, body.page_height
        section.top_margin, section.right_margin = body.top_margin, body.right_margin
        section.bottom_margin, section.left_margin = body.bottom_margin, body.left_margin
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    page_number(doc, section.header.paragraphs[0])
    # A section copies the one before it, so an annex after an annex already has a w:pgNumType.
    get_or_add(section._sectPr, "w:pgNumType").set(qn("w:start"), "1")
    return section


def annex(doc, numeral: str, title_lines, landscape: bool = False):
    """Adds an annex's section and heading: "Phụ lục" (with ``numeral`` when there are two or more), its title
    in ``title_lines`` and the "(Kèm theo …)" line; returns the section."""
    section = annex_section(doc, landscape)
    para(doc, f"Phụ lục {numeral}".strip(), "CCHC Phụ lục")
    title = para(doc, title_lines[0], "CCHC Phụ lục, tên")
    for line in title_lines[1:]:
        title.add_run().add_break()
        title.add_run(line)
    para(doc, "{{ phu_luc_kem_theo }}", "CCHC Phụ lục, kèm theo")
    return section


def annex_bieu06(doc, numeral: str = ""):
    """Adds the annex holding Biểu 06: "Phụ lục", its title, the "(Kèm theo …)" line, the period and the table.

    The table has the 13 columns of the form under a grouped header and the
    (1)…(13) numbering row (all repeated on every page), one row per lĩnh vực
    and a Tổng cộng row, or a single "Không phát sinh" row when no dossier arose.
    """
    section = annex(doc, numeral, BIEU06_TITLE, landscape=True)
    para(doc, "{{ bieu06.ky }}", "CCHC Phụ lục, kỳ")
    unit = doc.styles["CCHC Phụ lục, đơn vị tính"].paragraph_format
    unit.tab_stops.add_tab_stop(section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT)
    para(doc, "Biểu số 06\tĐơn vị tính: Số hồ sơ TTHC", "CCHC Phụ lục, đơn vị tính")

    def counts(row):
        return [(f"{{{{ {row}.{c} }}}}", False) for c in BIEU06_COT]

    data_table(
        doc, BIEU06_WIDTHS, BIEU06_HEADER, [("{{ r.stt }}", False), ("{{ r.linh_vuc }}", True)] + counts("r"),
        "bieu06.dong", [("", False), ("Tổng cộng", True)] + counts("bieu06.tong"), empty_text="Không phát sinh",
    )


def tong_hop():
    """Returns the template of the office's summary report (templates/tong-hop.docx): the report's sections,
    the figures of all schools, and three annexes (Biểu 06 summed, each school's targets, who has sent).

    The annex of each school's targets has one row per school (the targets met, and those not met with
    their values), so that a province of a thousand schools stays a readable document; every value of
    every school is in the workbook's "Chi tieu" sheet.
    """
    def targets(doc):
        para(doc, "1. Kết quả thực hiện các chỉ tiêu của Kế hoạch", "CCHC Khoản")
        columns_table(doc, CHI_TIEU_COLUMNS)
        para(doc, "{{ chi_tieu_ghi_chu }}")
        para(doc, "2. Tình hình gửi báo cáo của các trường", "CCHC Khoản")
        loop(doc, "tinh_hinh_nop", "doan")
        return 2

    doc = report(targets)
    annex_bieu06(doc, "I")
    annex(doc, "II", ["KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA TỪNG TRƯỜNG"])
    table = columns_table(doc, SCHOOL_TARGET_COLUMNS, "truong_chi_tieu")
    cell = table.rows[-2].cells[-1]
    para(cell, "{{ dong }}", "CCHC Bảng, trái")
    para(cell, "{%p endfor %}", "CCHC Bảng, trái")
    annex(doc, "III", ["TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC TRƯỜNG"])
    columns_table(doc, NOP_COLUMNS, "truong_nop")
    return doc


SCHOOL_TARGET_COLUMNS = [  # each school's targets: how many met, and those not met with their values
    ("STT", Cm(1.0), "{{ r.stt }}", False),
    ("Trường", Cm(4.5), "{{ r.ten }}", True),
    ("Số chỉ tiêu đạt", Cm(2.2), "{{ r.dat }}", False),
    ("Chỉ tiêu chưa đạt: kết quả (kế hoạch)", Cm(8.8), "{%p for dong in r.chua_dat %}", True),
]
NOP_COLUMNS = [
    ("STT", Cm(1.0), "{{ r.stt }}", False),
    ("Trường", Cm(5.0), "{{ r.ten }}", True),
    ("Số, ngày báo cáo", Cm(6.0), "{{ r.so_ngay }}", False),
    ("Tình trạng", Cm(4.5), "{{ r.trang_thai }}", False),
]


TEMPLATES = {"bao-cao-quy.docx": bao_cao, "bao-cao-nam.docx": bao_cao, "ke-hoach.docx": ke_hoach, "tong-hop.docx": tong_hop}


def main(out_dir=OUT):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        build().save(out_dir / name)


if __name__ == "__main__":
    main(*sys.argv[1:])
