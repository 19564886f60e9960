"""The built reports, opened as a reader's program would: python-docx for text and formatting, LibreOffice for pages."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from conftest import DOCUMENTS, QUARTERS, effective, split_at_annex, to_pdf

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def header_cells(doc):
    table = doc.tables[0]
    return table.rows[0].cells[0], table.rows[0].cells[1], table.rows[1].cells[0], table.rows[1].cells[1]


def texts(cell):
    return [p.text for p in cell.paragraphs if p.text.strip()]


@pytest.mark.parametrize("quarter", DOCUMENTS)
def test_page_is_a4_portrait_with_the_legal_margins(built, quarter):
    section = Document(built[quarter]).sections[0]
    pg_sz = section._sectPr.pgSz
    assert (pg_sz.w.twips, pg_sz.h.twips) == (11906, 16838)
    assert section.orientation == 0  # portrait
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


@pytest.mark.parametrize("quarter, so, day", [("q1", "07", "ngày 27 tháng 02 năm 2023"), ("q2", "18", "ngày 29 tháng 5 năm 2023"),
                                              ("q3", "25", "ngày 28 tháng 8 năm 2023")])
def test_header_block_texts(built, quarter, so, day):
    left, right, number, date_cell = header_cells(Document(built[quarter]))
    assert texts(left) == ["UBND HUYỆN THANH OAI", "TRƯỜNG THCS BÌNH MINH"]
    assert texts(right) == [QUOC_HIEU, TIEU_NGU]
    assert texts(number) == [f"Số: {so}/BC-THCSBM"]
    assert texts(date_cell) == [f"Bình Minh, {day}"]


@pytest.mark.parametrize("quarter", DOCUMENTS)
def test_header_block_formatting(built, quarter):
    left, right, number, date_cell = header_cells(Document(built[quarter]))
    by_text = {p.text: p for cell in (left, right, number, date_cell) for p in cell.paragraphs if p.text.strip()}
    expected = {  # text: (size, bold, italic)
        "UBND HUYỆN THANH OAI": (13, False, False),
        "TRƯỜNG THCS BÌNH MINH": (13, True, False),
        QUOC_HIEU: (13, True, False),
        TIEU_NGU: (14, True, False),
    }
    expected[texts(number)[0]] = (13, False, False)
    expected[texts(date_cell)[0]] = (14, False, True)
    for text, (size, bold, italic) in expected.items():
        p = by_text[text]
        assert effective(p, "size") == Pt(size), text
        assert bool(effective(p, "bold")) is bold, text
        assert bool(effective(p, "italic")) is italic, text
        assert effective(p, "name") == "Times New Roman", text
        assert p.alignment == 1 or p.style.paragraph_format.alignment == 1, text  # centred


@pytest.mark.parametrize("quarter", QUARTERS)
def test_header_columns_fit_the_text_width(built, quarter):
    table = Document(built[quarter]).tables[0]
    widths = [round(c.width.cm, 2) for c in table.rows[0].cells]
    assert widths == [6.5, 10.0]


def test_title_block_and_kinh_gui(built):
    doc = Document(built["q3"])
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body[0].text == "BÁO CÁO"
    assert body[1].text == ("Kết quả thực hiện công tác cải cách hành chính quý III năm 2023\n"
                            "và phương hướng, nhiệm vụ quý IV năm 2023")
    assert body[2].text == "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thanh Oai"
    for p, size, bold in ((body[0], 14, True), (body[1], 14, True), (body[2], 14, False)):
        assert effective(p, "size") == Pt(size) and bool(effective(p, "bold")) is bold


def test_sections_in_order_and_last_paragraph_ends_the_body(built):
    doc = Document(built["q3"])
    text = [p.text for p in split_at_annex(doc)[0]]
    headings = [t for t in text if re.match(r"^(I|II|III|IV|V)\. ", t)]
    assert headings == [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2023",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    areas = [t for t in text if re.match(r"^[1-6]\. ", t)]
    assert areas[:6] == [
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông",
        "3. Cải cách tổ chức bộ máy",
        "4. Cải cách chế độ công vụ",
        "5. Cải cách tài chính công",
        "6. Xây dựng chính quyền điện tử, chính quyền số",
    ]
    assert "Không." in text  # kien_nghi: [] in q3.yaml
    last = [t for t in text if t.strip()][-1]
    assert last.endswith("./.")
    assert not any(mark in "".join(text) for mark in ("{{", "}}", "{%", "%}"))


def test_targets_table_shows_computed_results_and_assessments(built):
    table = next(t for t in Document(built["q3"]).tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả trong kỳ", "Lũy kế", "Đánh giá"]
    first = lambda prefix: next(v for k, v in rows.items() if k.startswith(prefix))  # noqa: E731
    assert first("Mức độ hài lòng") == ["Trên 86%", "94% (141/150)", "94,4% (340/360)", "Đạt"]
    assert first("Tỷ lệ TTHC được giải quyết và trả kết quả đúng hạn") == ["100%", "100% (13/13)", "100% (29/29)", "Đạt"]
    assert first("Tỷ lệ TTHC được trả kết quả trước hạn") == ["Ít nhất 50%", "46,2% (6/13)", "44,8% (13/29)", "Chưa đạt"]
    assert first("Tỷ lệ hồ sơ giải quyết trực tuyến") == ["100%", "75% (9/12)", "62,1% (18/29)", "Chưa đạt"]
    assert first("Tỷ lệ xử lý văn bản") == ["Ít nhất 80%", "91,7% (220/240)", "91,7% (598/652)", "Đạt"]
    assert first("Quyết định, kết luận sau thanh tra") == ["Ít nhất 90%", "Không phát sinh", "100% (2/2)", "Không phát sinh"]
    assert first("Tần suất tuyên truyền") == ["Ít nhất 1 lần/tuần", "1,1 lần/tuần", "1,05 lần/tuần", "Đạt"]
    assert first("Chỉ số CCHC") == ["Tăng bậc", "Chưa có kết quả xếp hạng", "Chưa có kết quả xếp hạng", "Không phát sinh"]
    assert len(rows) == 14


def test_zero_denominators_in_q1(built):
    table = next(t for t in Document(built["q1"]).tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    pakn = next(v for k, v in rows.items() if k.startswith("Kiến nghị, phản ánh"))
    assert pakn[1:] == ["Không phát sinh", "Không phát sinh"]


def signature_table(doc):
    """Returns the table of Nơi nhận and the signature (the annex follows it)."""
    return next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))


def test_signature_block_of_the_head_and_of_a_deputy(built):
    def signature(quarter):
        left, right = signature_table(Document(built[quarter])).rows[0].cells
        return texts(left), texts(right), right

    left, right, cell = signature("q3")
    assert left == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]  # the Phòng is named in "Kính gửi"
    assert right == ["HIỆU TRƯỞNG", "Nguyễn Văn A"]
    empty_lines = [p for p in cell.paragraphs if not p.text.strip()]
    assert len(empty_lines) >= 4  # room for the signature and the seal
    _, right, _ = signature("q2")
    assert right == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Trần Thị B"]
    nn, item = signature_table(Document(built["q3"])).rows[0].cells[0].paragraphs[:2]
    assert effective(nn, "size") == Pt(12) and effective(nn, "bold") and effective(nn, "italic")
    assert effective(item, "size") == Pt(11) and not effective(item, "bold")


def test_estimates_are_declared(built):
    text = "\n".join(p.text for p in Document(built["q3"]).paragraphs)
    assert "Số liệu từ sau ngày 28/08/2023 đến ngày 14/09/2023 là số liệu ước tính." in text
    assert "(số liệu tính từ ngày 15/06/2023 đến ngày 14/09/2023)" in text


@pytest.mark.slow
def test_libreoffice_renders_every_document_with_the_quoc_hieu_on_one_line_and_no_blank_page(built, tmp_path):
    pdfs = to_pdf([built[d] for d in DOCUMENTS], tmp_path)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed with LibreOffice"
    for pdf in pdfs:
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages = text.split("\f")
        if not pages[-1].strip():
            pages = pages[:-1]
        assert len(pages) >= 2, pdf.name
        assert all(page.strip() for page in pages), f"blank page in {pdf.name}"
        assert any(QUOC_HIEU in line for line in pages[0].splitlines()), pdf.name
        assert TIEU_NGU in pages[0]
        assert pages[1].strip().splitlines()[0].strip() == "2"  # page number from page 2
        assert not re.match(r"^\s*1\s*$", pages[0].strip().splitlines()[0])
        reports = pdf.name.startswith("BC-")
        if reports:  # the annex follows the body on pages of its own, its first page headed "Phụ lục"
            annex = next(i for i, page in enumerate(pages) if page.strip().startswith("Phụ lục"))
            assert annex == len(pages) - 1, pdf.name
        last_body = pages[annex - 1] if reports else pages[-1]
        assert "Nguyễn Văn A" in last_body or "Trần Thị B" in last_body
        assert "Trên đây là" in last_body  # no signature page without text


def test_a_long_unit_name_breaks_before_its_last_two_words(tmp_path):
    import shutil

    from conftest import REPO, sample_options
    from generator.check import check_document
    from generator.pipeline import build

    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    path = tmp_path / "inputs" / "don-vi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("TRƯỜNG THCS BÌNH MINH", "TRƯỜNG TIỂU HỌC HÒA BÌNH"), encoding="utf-8")
    written = build("q3", sample_options(tmp_path / "out", inputs=tmp_path / "inputs")).written[0]
    left = Document(written).tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text.strip()][1] == "TRƯỜNG TIỂU HỌC\nHÒA BÌNH"
    assert check_document(written) == []
