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
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from generator.render import drop_stale_parts
from generator.schema_order import get_or_add

OUT = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"
TEXT_WIDTH = Cm(16.5)
HEADER_COLUMNS = (Cm(6.5), Cm(10.0))
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
    ("CCHC Tên biểu", "CCHCTenBieu", 13, True, False, C, {"space_before": Pt(6), "keep_with_next": True}),
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


def _paragraph_styles(doc):
    for name, style_id, size, bold, italic, align, extra in PARAGRAPH_STYLES:
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
    header_p = section.header.paragraphs[0]
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
    """Adds the header table of nd30.md: cơ quan and số on the left, Quốc hiệu, Tiêu ngữ and date on the right."""
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


def data_table(doc, widths, header_rows, body_cells, items, total_cells=None):
    """Adds a bordered table: static header rows (repeated on each page), one row per item, a total row.

    ``header_rows`` is a list of rows; each cell is text, ("span", n, text) for a
    horizontal merge, or None for a cell merged with the one above it.
    ``body_cells`` are (template text, left-aligned) pairs.
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
    _row_with(table, widths, [(f"{{%tr for r in {items} %}}", False)] + [("", False)] * (len(widths) - 1))
    _row_with(table, widths, body_cells)
    _row_with(table, widths, [("{%tr endfor %}", False)] + [("", False)] * (len(widths) - 1))
    if total_cells:
        _row_with(table, widths, total_cells, style="CCHC Bảng, tiêu đề")
    return table


def _row_with(table, widths, cells, style=None):
    row = _row(table, widths)
    for cell, (text, left) in zip(row.cells, cells):
        para(cell, text, style or ("CCHC Bảng, trái" if left else "CCHC Bảng"))
    return row


def signature_block(doc):
    """Adds the borderless table of Nơi nhận (left) and the signature (right)."""
    table = _table(doc, HEADER_COLUMNS, borders=False)
    row = _row(table, HEADER_COLUMNS)
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


BIEU06_WIDTHS = [Cm(1.0), Cm(3.9)] + [Cm(1.45)] * 8
BIEU06_HEADER = [
    ["STT", "Lĩnh vực", ("span", 3, "Số hồ sơ nhận giải quyết"), ("span", 3, "Số hồ sơ đã giải quyết"),
     ("span", 2, "Số hồ sơ đang giải quyết")],
    [None, None, "Từ kỳ trước", "Trực tuyến", "Trực tiếp, bưu chính", "Trước hạn", "Đúng hạn", "Quá hạn",
     "Trong hạn", "Quá hạn"],
]
BIEU06_COLUMNS = ["tu_ky_truoc", "truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han",
                  "dang_trong_han", "dang_qua_han"]
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


def targets_table(doc, columns):
    """Adds the results-vs-targets table with the given columns."""
    data_table(doc, [c[1] for c in columns], [[c[0] for c in columns]], [(c[2], c[3]) for c in columns], "chi_tieu")


def bao_cao():
    """Returns the template of a report (templates/bao-cao-quy.docx for quarters, bao-cao-nam.docx for the year).

    From Q2 on the targets table has a Lũy kế column; the template holds both
    tables and the context says which one to keep.
    """
    doc = new_document()
    header_block(doc)
    title_block(doc, "BÁO CÁO")
    loop(doc, "mo_dau", "doan")
    para(doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "CCHC Mục")
    loop(doc, "chi_dao_dieu_hanh", "doan")
    para(doc, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "CCHC Mục")
    areas = [
        ("the_che", "1. Cải cách thể chế"),
        ("tthc", "2. Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông"),
        ("bo_may", "3. Cải cách tổ chức bộ máy"),
        ("cong_vu", "4. Cải cách chế độ công vụ"),
        ("tai_chinh", "5. Cải cách tài chính công"),
        ("chinh_quyen_so", "6. Xây dựng chính quyền điện tử, chính quyền số"),
    ]
    for key, heading in areas:
        para(doc, heading, "CCHC Khoản")
        loop(doc, f"ket_qua.{key}", "doan")
        if key == "tthc":
            para(doc, "{{ tthc_tom_tat }}")
            para(doc, "Kết quả giải quyết thủ tục hành chính", "CCHC Tên biểu")
            data_table(
                doc, BIEU06_WIDTHS, BIEU06_HEADER,
                [("{{ r.stt }}", False), ("{{ r.linh_vuc }}", True)] + [(f"{{{{ r.{c} }}}}", False) for c in BIEU06_COLUMNS],
                "bieu06",
                [("", False), ("Tổng cộng", True)] + [(f"{{{{ bieu06_tong.{c} }}}}", False) for c in BIEU06_COLUMNS],
            )
    para(doc, "III. ĐÁNH GIÁ CHUNG", "CCHC Mục")
    para(doc, "1. Kết quả thực hiện các chỉ tiêu của Kế hoạch", "CCHC Khoản")
    para(doc, "{%p if co_luy_ke %}")
    targets_table(doc, CHI_TIEU_LUY_KE_COLUMNS)
    para(doc, "{{ luy_ke_ghi_chu }}")
    para(doc, "{%p else %}")
    targets_table(doc, CHI_TIEU_COLUMNS)
    para(doc, "{%p endif %}")
    for key, heading in (("uu_diem", "2. Ưu điểm"), ("ton_tai", "3. Tồn tại, hạn chế"), ("nguyen_nhan", "4. Nguyên nhân")):
        para(doc, heading, "CCHC Khoản")
        loop(doc, key, "doan")
    para(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ ky_sau }}", "CCHC Mục")
    loop(doc, "phuong_huong", "doan")
    para(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", "CCHC Mục")
    loop(doc, "kien_nghi", "doan")
    para(doc, "{{ ket_luan }}", "CCHC Văn bản, kết thúc")
    signature_block(doc)
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


TEMPLATES = {"bao-cao-quy.docx": bao_cao, "bao-cao-nam.docx": bao_cao, "ke-hoach.docx": ke_hoach}


def main(out_dir=OUT):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        build().save(out_dir / name)


if __name__ == "__main__":
    main(*sys.argv[1:])
