"""The year added up from its windows, the running totals (Lũy kế), and the annual report."""
from __future__ import annotations

import shutil
from datetime import date
from fractions import Fraction

import pytest
from docx import Document

from conftest import REPO, bieu06_rows, sample_options
from generator.compute import Window, add_up, indicators
from generator.models import Figures
from generator.pipeline import build


def window(tthc, start, end, so_phieu, hai_long, forms, so_lan, boi_duong):
    return Window(
        Figures.model_validate({
            "tthc": tthc,
            "khao_sat": {"so_phieu": so_phieu, "hai_long": hai_long},
            "van_ban": {"den": 10, "den_tren_mang": 9, "di": 5, "di_tren_mang": 5},
            "pakn": {"tiep_nhan": 1, "da_xu_ly": 1},
            "kien_nghi_thanh_tra": {"tong": 0, "da_thuc_hien": 0},
            "chuyen_truong": {"tong": 2, "dung_tien_do": 1},
            "tuyen_truyen": {"hinh_thuc": forms, "so_lan": so_lan},
            "boi_duong": boi_duong,
        }),
        start,
        end,
    )


def row(name, before, online, direct, early, on_time, late, pending, overdue):
    return {"linh_vuc": name, "tu_ky_truoc": before, "truc_tuyen": online, "truc_tiep": direct, "truoc_han": early,
            "dung_han": on_time, "qua_han": late, "dang_trong_han": pending, "dang_qua_han": overdue}


def people(total, culture, digital):
    return {"tong_so": total, "van_hoa_giao_tiep": culture, "ky_nang_so": digital, "lanh_dao": 3, "lanh_dao_quan_triet": 3}


@pytest.fixture
def four_quarters():
    A, B, C = "Chuyển trường", "Miễn, giảm học phí", "Cấp bản sao"
    return [
        window([row(A, 1, 2, 1, 1, 2, 0, 1, 0), row(B, 0, 3, 5, 4, 4, 0, 0, 0)],
               date(2022, 12, 15), date(2023, 3, 14), 120, 113, ["Hội nghị", "Zalo"], 13, people(52, 30, 8)),
        window([row(A, 1, 3, 1, 2, 2, 0, 0, 1), row(B, 0, 1, 1, 0, 1, 0, 1, 0)],
               date(2023, 3, 15), date(2023, 6, 14), 90, 86, ["zalo", "Bảng tin"], 14, people(52, 46, 14)),
        window([row(A, 1, 9, 2, 5, 7, 1, 0, 0), row(C, 0, 1, 0, 1, 0, 0, 0, 0)],
               date(2023, 6, 15), date(2023, 9, 14), 150, 141, ["Hội nghị"], 14, people(52, 52, 17)),
        window([row(B, 1, 4, 5, 5, 3, 0, 2, 0)],
               date(2023, 9, 15), date(2023, 12, 14), 100, 96, ["Trang thông tin điện tử"], 13, people(53, 53, 21)),
    ]


def test_year_totals_by_hand(four_quarters):
    year = add_up(four_quarters)
    rows = {r.linh_vuc: r for r in year.figures.tthc}
    assert list(rows) == ["Chuyển trường", "Miễn, giảm học phí", "Cấp bản sao"]
    a, b, c = rows.values()
    # Chuyển trường: tu_ky_truoc from Q1 (1); flows 2+3+9 online, 1+1+2 direct; 1+2+5 early, 2+2+7 on time, 1 late;
    # pending from Q4, where the row is absent: 0.
    assert (a.tu_ky_truoc, a.truc_tuyen, a.truc_tiep, a.truoc_han, a.dung_han, a.qua_han) == (1, 14, 4, 8, 11, 1)
    assert (a.dang_trong_han, a.dang_qua_han) == (0, 0)
    # Miễn, giảm: Q1 tu_ky_truoc 0; online 3+1+4, direct 5+1+5; early 4+0+5; on time 4+1+3; pending from Q4: 2.
    assert (b.tu_ky_truoc, b.truc_tuyen, b.truc_tiep, b.truoc_han, b.dung_han, b.dang_trong_han) == (0, 8, 11, 9, 8, 2)
    # Cấp bản sao: absent from Q1, so tu_ky_truoc 0.
    assert (c.tu_ky_truoc, c.truc_tuyen, c.truoc_han) == (0, 1, 1)
    f = year.figures
    assert (f.khao_sat.so_phieu, f.khao_sat.hai_long) == (120 + 90 + 150 + 100, 113 + 86 + 141 + 96)
    assert (f.van_ban.den, f.pakn.tiep_nhan, f.chuyen_truong.tong) == (40, 4, 8)
    assert f.tuyen_truyen.so_lan == 13 + 14 + 14 + 13
    assert f.tuyen_truyen.hinh_thuc == ["Hội nghị", "Zalo", "Bảng tin", "Trang thông tin điện tử"]  # union, case-blind
    assert f.boi_duong.tong_so == 53 and f.boi_duong.ky_nang_so == 21  # a stock: the latest window
    assert (year.tu_ngay, year.den_ngay) == (date(2022, 12, 15), date(2023, 12, 14))
    found = indicators(f, year.tu_ngay, year.den_ngay)
    assert found["ty_le_hai_long"].value == Fraction(436, 460)
    assert found["tuyen_truyen_tan_suat"].value == Fraction(54 * 7, 365)


def test_running_totals_of_q2_and_q3(four_quarters):
    q2 = add_up(four_quarters[:2])
    q3 = add_up(four_quarters[:3])
    assert q2.figures.khao_sat.hai_long == 113 + 86
    assert q3.figures.khao_sat.hai_long == 113 + 86 + 141
    chuyen_q2 = next(r for r in q2.figures.tthc if r.linh_vuc == "Chuyển trường")
    assert (chuyen_q2.tu_ky_truoc, chuyen_q2.truc_tuyen, chuyen_q2.dang_qua_han) == (1, 5, 1)
    assert q3.figures.boi_duong.ky_nang_so == 17
    assert (q3.tu_ngay, q3.den_ngay) == (date(2022, 12, 15), date(2023, 9, 14))


def targets_rows(path):
    table = next(t for t in Document(path).tables if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[1].text == "Chỉ tiêu")
    header = [c.text for c in table.rows[0].cells]
    return header, {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}


def test_q1_has_no_running_total_and_q2_q3_do(built):
    header, _ = targets_rows(built["q1"])
    assert header == ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Đánh giá"]
    for quarter, hai_long in (("q2", "94,8% (199/210)"), ("q3", "94,4% (340/360)")):
        header, rows = targets_rows(built[quarter])
        assert header == ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả trong kỳ", "Lũy kế", "Đánh giá"]
        row = next(v for k, v in rows.items() if k.startswith("Mức độ hài lòng"))
        assert row[4] == hai_long
    text = "\n".join(p.text for p in Document(built["q3"]).paragraphs)
    assert "Cột “Lũy kế” cộng dồn số liệu từ đầu năm đến hết kỳ báo cáo (quý I, quý II, quý III năm 2023)." in text


def test_missing_earlier_quarter_builds_with_a_warning(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    (tmp_path / "inputs" / "2023" / "q1.yaml").unlink()
    result = build("q3", sample_options(tmp_path / "out", inputs=tmp_path / "inputs"))
    assert [p.file.name for p in result.warnings] == ["q1.yaml"]
    assert result.warnings[0].warning
    _, rows = targets_rows(result.written[0])
    row = next(v for k, v in rows.items() if k.startswith("Mức độ hài lòng"))
    assert row[4] == "94,6% (227/240)"  # q2 + q3 only


def test_annual_report(built):
    doc = Document(built["nam"])
    text = [p.text for p in doc.paragraphs]
    assert text[text.index("BÁO CÁO") + 1] == ("Kết quả thực hiện công tác cải cách hành chính năm 2023\n"
                                             "và phương hướng, nhiệm vụ năm 2024")
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024" in text
    assert "Số liệu từ sau ngày 28/11/2023 đến ngày 14/12/2023 là số liệu ước tính." in text
    assert any("(số liệu tính từ ngày 15/12/2022 đến ngày 14/12/2023)" in t for t in text)
    rows = bieu06_rows(doc)
    # q1 + q2 + q3 + nam.yaml's own window (15/9 – 14/12), added by hand from the sample files; columns (3)…(13)
    assert rows[0][2:] == ["20", "16", "4", "0", "20", "9", "11", "0", "0", "0", "0"]
    assert rows[1][2:] == ["20", "8", "12", "0", "19", "10", "9", "0", "1", "1", "0"]
    assert rows[2][1:] == ["Tổng cộng", "40", "24", "16", "0", "39", "19", "20", "0", "1", "1", "0"]
    assert len(rows) == 3
    assert "(Từ ngày 15/12/2022 đến ngày 14/12/2023)" in text
    assert "(Kèm theo Báo cáo số 41/BC-THCSBM ngày 28 tháng 11 năm 2023 của Trường THCS Bình Minh)" in text
    header, targets = targets_rows(built["nam"])
    assert "Lũy kế" not in header
    row = next(v for k, v in targets.items() if k.startswith("Tỷ lệ TTHC được trả kết quả trước hạn"))
    assert row[3:] == ["48,7% (19/39)", "Chưa đạt"]


def _targets_row(path, noi_dung_start: str) -> list[str]:
    rows = [[c.text for c in r.cells] for t in Document(str(path)).tables for r in t.rows]
    return next(r for r in rows if r[1].startswith(noi_dung_start))


def test_a_target_assessed_by_hand_has_no_running_total_without_earlier_results(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    options = sample_options(tmp_path / "out", tmp_path / "inputs")
    # the sample: q1 gave a result for chi_so_cchc, so q2's Lũy kế carries the latest one
    row = _targets_row(build("q2", options).written[0], "Chỉ số CCHC")
    assert row[3:5] == ["Chưa có kết quả xếp hạng", "Chưa có kết quả xếp hạng"]
    q1 = tmp_path / "inputs" / "2023" / "q1.yaml"
    text = q1.read_text(encoding="utf-8")
    q1.write_text(text.replace("  - {ma: chi_so_cchc, ket_qua: Chưa có kết quả xếp hạng, danh_gia: khong_phat_sinh}\n", "")
                  .replace("chi_tieu_thu_cong:\n", "chi_tieu_thu_cong: []\n"), encoding="utf-8")
    row = _targets_row(build("q2", options).written[0], "Chỉ số CCHC")
    assert row[3:5] == ["Chưa có kết quả xếp hạng", "-"]
