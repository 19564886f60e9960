"""The annex (Phụ lục) of every report: Biểu 06 of Thông tư 01/2020/TT-VPCP on A4 landscape pages of its own
section, laid out as Nghị định 30 says (nd30.md rule PL), read with python-docx and, for pages, LibreOffice."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from ruamel.yaml import YAML

from conftest import (BIEU06_HEADER_ROWS, QUARTERS, REPO, bieu06_rows, effective, form_columns, sample_options,
                      split_at_annex, to_pdf)
from generator.pipeline import Options, build

REPORTS = QUARTERS + ("nam",)
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN,\nĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
REFERENCE = "(chi tiết tại Phụ lục kèm theo)."


def sample_rows(period: str) -> list[dict]:
    """Returns the Biểu 06 rows typed in the sample's input file of ``period``."""
    data = YAML(typ="safe", pure=True).load((REPO / "inputs" / "2023" / f"{period}.yaml").read_text(encoding="utf-8"))
    return data["so_lieu"]["tthc"]


def workspace_with(tmp_path, change):
    """Returns the path of the q3 report built from a copy of the sample whose q3.yaml data went through ``change``."""
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    path = tmp_path / "inputs" / "2023" / "q3.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return build("q3", sample_options(tmp_path / "out", inputs=tmp_path / "inputs")).written[0]


def annex_texts(doc) -> list[str]:
    return [p.text for p in split_at_annex(doc)[1] if p.text.strip()]


@pytest.mark.parametrize("period", REPORTS)
def test_annex_is_a_landscape_section_of_its_own_with_page_numbers_from_1(built, period):
    doc = Document(built[period])
    assert len(doc.sections) == 2
    body, annex = doc.sections
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (annex._sectPr.pgSz.w.twips, annex._sectPr.pgSz.h.twips) == (16838, 11906)
    turned = [round(m.mm) for m in (annex.top_margin, annex.right_margin, annex.bottom_margin, annex.left_margin)]
    assert turned == [round(m.mm) for m in (body.left_margin, body.top_margin, body.right_margin, body.bottom_margin)]
    assert turned == [30, 20, 15, 20]  # the binding edge on top
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert annex.different_first_page_header_footer  # as in the body: the first page shows no number
    assert not annex.header.is_linked_to_previous and not annex.first_page_header.is_linked_to_previous
    number = annex.header.paragraphs[0]
    assert "PAGE" in number._p.xml and number.style.name == "CCHC Số trang"
    assert effective(number, "size") == Pt(14) and number.style.paragraph_format.alignment == 1
    assert not "".join(p.text for p in annex.first_page_header.paragraphs).strip()


@pytest.mark.parametrize("period, line", [
    ("q3", "(Kèm theo Báo cáo số 25/BC-THCSBM ngày 28 tháng 8 năm 2023 của Trường THCS Bình Minh)"),
    ("q1", "(Kèm theo Báo cáo số 07/BC-THCSBM ngày 27 tháng 02 năm 2023 của Trường THCS Bình Minh)"),
])
def test_annex_heading_title_and_kem_theo_line_as_nd30_lays_them_out(built, period, line):
    paragraphs = [p for p in split_at_annex(Document(built[period]))[1] if p.text.strip()]
    heading, title, kem_theo, ky, unit = paragraphs[:5]
    assert (heading.text, title.text, kem_theo.text) == ("Phụ lục", TITLE, line)  # one annex: no Roman numeral
    assert ky.text.startswith("(Từ ngày ") and unit.text == "Biểu số 06\tĐơn vị tính: Số hồ sơ TTHC"
    for p, size, bold, italic in ((heading, 14, True, False), (title, 14, True, False), (kem_theo, 14, False, True)):
        assert effective(p, "size") == Pt(size), p.text
        assert bool(effective(p, "bold")) is bold and bool(effective(p, "italic")) is italic, p.text
        assert p.style.paragraph_format.alignment == 1, p.text  # centred
    assert title.text == title.text.upper()


def test_body_refers_to_the_annex_and_no_longer_holds_biểu_06(built):
    doc = Document(built["q3"])
    body, _ = split_at_annex(doc)
    tthc = [p.text for p in body if "hồ sơ thủ tục hành chính" in p.text]
    assert tthc == ["Trong kỳ báo cáo, nhà trường tiếp nhận 13 hồ sơ thủ tục hành chính (kỳ trước chuyển sang 1, trực tuyến 9, "
                    "trực tiếp hoặc qua dịch vụ bưu chính 3); đã giải quyết 13 hồ sơ (trước hạn 6, đúng hạn 7, quá hạn 0); "
                    "đang giải quyết 0 hồ sơ " + REFERENCE]
    body_tables = [t for t in doc.tables if t._tbl.getparent() is doc.element.body
                   and doc.element.body.index(t._tbl) < doc.element.body.index(body[-1]._p)]
    assert [t.rows[0].cells[0].text for t in body_tables] == ["UBND HUYỆN THANH OAI\nTRƯỜNG THCS BÌNH MINH\n", "STT",
                                                              "Nơi nhận:\n- Như trên;\n- Lưu: VT."]
    assert body_tables[1].rows[0].cells[1].text == "Chỉ tiêu"  # the targets table stays in the body


def test_biểu_06_header_rows_grouped_numbered_repeated_and_no_row_splits(built):
    table = next(t for t in Document(built["q3"]).tables if t.rows[0].cells[1].text.startswith("Lĩnh vực"))
    header = [[c.text for c in r.cells] for r in table.rows[:BIEU06_HEADER_ROWS]]
    assert header[0] == ["STT", "Lĩnh vực, công việc giải quyết theo cấp"] + ["Số hồ sơ nhận giải quyết"] * 4 + \
        ["Số hồ sơ đã giải quyết"] * 4 + ["Số hồ sơ đang giải quyết"] * 3
    assert header[1] == ["STT", "Lĩnh vực, công việc giải quyết theo cấp", "Tổng số", "Trực tuyến",
                         "Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn",
                         "Tổng số", "Trong hạn", "Quá hạn"]
    assert header[2] == [f"({n})" for n in range(1, 14)]
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.trPr
        assert tr_pr.find(qn("w:cantSplit")) is not None, i
        assert (tr_pr.find(qn("w:tblHeader")) is not None) is (i < BIEU06_HEADER_ROWS), i


@pytest.mark.parametrize("period", QUARTERS)
def test_biểu_06_of_each_quarter_says_its_input_column_by_column(built, period):
    typed = sample_rows(period)
    rows = bieu06_rows(Document(built[period]))
    assert len(rows) == len(typed) + 1
    for i, (cells, row) in enumerate(zip(rows, typed), 1):
        assert cells[:2] == [str(i), row["linh_vuc"]]
        assert cells[2:] == [str(n) for n in form_columns(row)]
    sums = {key: sum(r[key] for r in typed) for key in typed[0] if key != "linh_vuc"}
    assert rows[-1][1:] == ["Tổng cộng"] + [str(n) for n in form_columns(sums)]


def pdf_text(pdf, *pages: int) -> str:
    options = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run([shutil.which("pdftotext"), "-layout", *options, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def page_sizes(pdf) -> list[tuple[float, float]]:
    """Returns the width and height in points of every page of ``pdf``."""
    info = subprocess.run([shutil.which("pdfinfo"), "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def numbers(line: str) -> list[int]:
    """Returns the last 11 counts printed on a line of the Biểu (columns (3)…(13)); "(3)" and the like are not counts."""
    return [int(n) for n in re.findall(r"(?<![\d(])\d+(?![\d)])", line)][-11:]


@pytest.mark.slow
def test_printed_biểu_06_of_q3_says_its_input_column_by_column(built, tmp_path):
    pdf, = to_pdf([built["q3"]], tmp_path)
    pages = pdf_text(pdf).split("\f")
    annex = next(i for i, page in enumerate(pages) if page.strip().startswith("Phụ lục"))
    assert page_sizes(pdf)[annex][0] > page_sizes(pdf)[annex][1] > 0  # landscape
    assert all(w < h for w, h in page_sizes(pdf)[:annex])  # the body stays portrait
    lines = pages[annex].splitlines()
    assert any(re.sub(r"\s+", " ", line).strip() == " ".join(f"({n})" for n in range(1, 14)) for line in lines)
    typed = sample_rows("q3")
    for i, row in enumerate(typed, 1):
        line = next(line for line in lines if re.match(rf"^\s*{i}\s+{re.escape(row['linh_vuc'].split()[0])}", line))
        assert numbers(line) == form_columns(row), line
    sums = {key: sum(r[key] for r in typed) for key in typed[0] if key != "linh_vuc"}
    total = next(line for line in lines if "Tổng cộng" in line)
    assert numbers(total) == form_columns(sums), total
    assert not re.match(r"^\s*\d+\s*$", pages[annex].strip().splitlines()[0])  # no number on the annex's first page


@pytest.mark.slow
def test_page_1_is_filled_now_that_the_table_left_the_body(built, tmp_path):
    pdf, = to_pdf([built["q2"]], tmp_path)
    bbox = subprocess.run([shutil.which("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', bbox))
    height = page_sizes(pdf)[0][1]
    assert lowest > height - (20 + 15) / 25.4 * 72  # within 15 mm of the bottom margin (20 mm)


def sixty_rows(data):
    data["so_lieu"]["tthc"] = [
        {"linh_vuc": f"Thủ tục hành chính thứ {i} của nhà trường", "tu_ky_truoc": 0, "truc_tuyen": i, "truc_tiep": 1,
         "truoc_han": i, "dung_han": 1, "qua_han": 0, "dang_trong_han": 0, "dang_qua_han": 0}
        for i in range(1, 61)
    ]


@pytest.mark.slow
def test_a_long_biểu_06_repeats_its_header_on_every_page_and_numbers_pages_from_1(tmp_path):
    written = workspace_with(tmp_path, sixty_rows)
    pdf, = to_pdf([written], tmp_path)
    pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
    first = next(i for i, page in enumerate(pages) if page.strip().startswith("Phụ lục"))
    annex = pages[first:]
    assert len(annex) >= 3
    numbering = " ".join(f"({n})" for n in range(1, 14))
    for n, page in enumerate(annex, 1):
        lines = page.strip().splitlines()
        assert any(re.sub(r"\s+", " ", line).strip() == numbering for line in lines), n  # the header rows repeat
        assert any("Số hồ sơ nhận giải quyết" in line for line in lines), n
        if n > 1:
            assert lines[0].strip() == str(n)  # numbered from 1 again, placed as in the body
    rows = [line for page in annex for line in page.splitlines() if re.match(r"^\s*\d+\s+Thủ tục hành chính thứ", line)]
    assert [int(line.split()[0]) for line in rows] == list(range(1, 61))  # every row once, none split from its numbers
    assert "Tổng cộng" in annex[-1]


def test_without_any_dossier_the_annex_still_comes_with_one_row_khong_phat_sinh_and_a_blank_number(tmp_path):
    def nothing_and_no_number(data):
        data["so_lieu"]["tthc"] = []
        del data["so"]

    doc = Document(workspace_with(tmp_path, nothing_and_no_number))
    assert annex_texts(doc)[:2] == ["Phụ lục", TITLE]
    assert bieu06_rows(doc) == [["Không phát sinh"] * 13]
    assert annex_texts(doc)[2] == "(Kèm theo Báo cáo số      /BC-THCSBM ngày 28 tháng 8 năm 2023 của Trường THCS Bình Minh)"
    body = [p.text for p in split_at_annex(doc)[0]]
    assert "Trong kỳ báo cáo, nhà trường không tiếp nhận hồ sơ thủ tục hành chính nào " + REFERENCE in body


def test_the_annex_is_part_of_the_template_and_a_clerk_restyles_it_in_word(tmp_path):
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    path = tmp_path / "templates" / "bao-cao-quy.docx"
    template = Document(path)
    assert template.sections[1].orientation == WD_ORIENT.LANDSCAPE
    template.styles["CCHC Phụ lục, tên"].font.size = Pt(13)  # as a clerk would in Word's style pane
    template.save(path)
    written = build("q3", Options(inputs=REPO / "inputs", templates=tmp_path / "templates", outputs=tmp_path / "out")).written[0]
    title = next(p for p in split_at_annex(Document(written))[1] if p.text.startswith("TÌNH HÌNH"))
    assert effective(title, "size") == Pt(13)
