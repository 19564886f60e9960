"""The year's plan (KẾ HOẠCH) generated from ke-hoach.yaml reproduces the school's plan, paragraph by paragraph."""
from __future__ import annotations

import re
from decimal import Decimal

from docx import Document

from conftest import REPO
from generator.models import ChiTieu
from generator.present import can_cu_lines, expand_targets, so_la_ma

# A copy of shared/seed/ke-hoach-cchc-2023-thcs-binh-minh.txt, so that the test runs from any clone.
SEED = REPO / "tests" / "fixtures" / "seed" / "ke-hoach-cchc-2023-thcs-binh-minh.txt"

# The only differences from the seed: corrections that nd30.md requires.
CORRECTIONS = {
    # QH: the Quốc hiệu is spelled "HÒA" (Phụ lục I).
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    # DATE: a day below 10 takes a leading zero.
    "Bình Minh, ngày 9 tháng 02 năm 2023": "Bình Minh, ngày 09 tháng 02 năm 2023",
    # CANCU: every căn cứ line ends with ";" …
    "Thực hiện Quyết định 280/QĐ-UBND ngày 11/01/2023 của UBND thành phố Hà Nội về việc ban hành Kế hoạch Cải cách "
    "hành chính nhà nước năm 2023 của thành phố Hà Nội.":
    "Thực hiện Quyết định 280/QĐ-UBND ngày 11/01/2023 của UBND thành phố Hà Nội về việc ban hành Kế hoạch Cải cách "
    "hành chính nhà nước năm 2023 của thành phố Hà Nội;",
    # … and the last one with ".".
    "Thực hiện Kế hoạch số 32/KH-UBND ngày 31/01/2023 của UBND huyện Thanh Oai về Cải cách hành chính nhà nước năm "
    "2023; Kế hoạch số 73/KH-UBND ngày 06/02/2023 của Phòng Giáo dục và Đào tạo huyện Thanh Oai về cải cách hành "
    "chính nhà nước ngành Giáo dục và Đào tạo năm 2023;":
    "Thực hiện Kế hoạch số 32/KH-UBND ngày 31/01/2023 của UBND huyện Thanh Oai về Cải cách hành chính nhà nước năm "
    "2023; Kế hoạch số 73/KH-UBND ngày 06/02/2023 của Phòng Giáo dục và Đào tạo huyện Thanh Oai về cải cách hành "
    "chính nhà nước ngành Giáo dục và Đào tạo năm 2023.",
}
# Elements of the layout that nd30.md requires and the seed's text export does not contain (they sit in
# text boxes of the original): the left header column and the signature block.
ADDED = ["UBND HUYỆN THANH OAI", "TRƯỜNG THCS BÌNH MINH", "Số: 12/KH-THCSBM", "Nơi nhận:", "HIỆU TRƯỞNG", "Nguyễn Văn A"]


def normalise(text: str) -> str:
    """Returns a line without the text export's artefacts: bookmarks, tabs and runs of spaces."""
    return " ".join(re.sub(r"\[bookmark: [^\]]*\]", "", text).split())


def seed_paragraphs() -> list[str]:
    return [t for t in (normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()) if t]


def document_paragraphs(path) -> list[str]:
    """Returns every non-empty paragraph of a .docx in reading order, table cells row by row, left to right."""
    doc = Document(path)
    out = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"):
                for cell in row.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"):
                    for p in cell.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
                        out.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return [t for t in (normalise(x) for x in out) if t]


def test_plan_reproduces_the_seed_paragraph_by_paragraph(built):
    ours = document_paragraphs(built["ke-hoach"])
    for element in ADDED:
        assert element in ours
    expected = [CORRECTIONS.get(line, line) for line in seed_paragraphs()]
    assert [p for p in ours if p not in ADDED] == expected
    assert all(original in seed_paragraphs() for original in CORRECTIONS)  # each correction is used


def test_targets_are_typed_once_and_printed_from_chi_tieu(built, tmp_path):
    text = (REPO / "inputs" / "2023" / "ke-hoach.yaml").read_text(encoding="utf-8")
    plan_text = text[text.index("van_ban:"):]
    assert not re.search(r"\d+%", plan_text)  # no percentage typed in the plan's text: they come from chi_tieu
    ours = document_paragraphs(built["ke-hoach"])
    assert "Phấn đấu 100% TTHC được giải quyết và trả kết quả đúng hạn, trong đó phấn đấu 50% số TTHC được trả trước hạn." in ours


def test_expand_targets():
    targets = {
        "hai_long": ChiTieu(ma="hai_long", noi_dung="x", chi_so="ty_le_hai_long", muc_tieu=Decimal("86"), so_sanh=">"),
        "hinh_thuc": ChiTieu(ma="hinh_thuc", noi_dung="x", chi_so="tuyen_truyen_hinh_thuc", muc_tieu=Decimal("5")),
        "xep_hang": ChiTieu(ma="xep_hang", noi_dung="x", muc_tieu="tăng bậc"),
        "le": ChiTieu(ma="le", noi_dung="x", chi_so="boi_duong_ky_nang_so", muc_tieu=Decimal("32.5")),
    }
    assert expand_targets("đạt trên ((hai_long)).", targets) == "đạt trên 86%."
    assert expand_targets("ít nhất ((hinh_thuc:02)) hình thức", targets) == "ít nhất 05 hình thức"
    assert expand_targets("Chỉ số ((xep_hang)) so với", targets) == "Chỉ số tăng bậc so với"
    assert expand_targets("((le))", targets) == "32,5%"
    assert expand_targets("không có dấu", targets) == "không có dấu"


def test_can_cu_punctuation():
    assert can_cu_lines(["Căn cứ A.", "Căn cứ B;", "Căn cứ C"]) == ["Căn cứ A;", "Căn cứ B;", "Căn cứ C."]
    assert can_cu_lines([]) == []


def test_roman_numerals():
    assert [so_la_ma(n) for n in (1, 2, 3, 4, 5, 6, 9, 10, 14, 40)] == ["I", "II", "III", "IV", "V", "VI", "IX", "X", "XIV", "XL"]
