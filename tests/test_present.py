"""The presentation rules a reviewer asks about: date line, number line, numbers, percentages, names."""
from datetime import date
from fractions import Fraction

import pytest

from generator.compute import bieu06
from generator.models import BieuTthcRow, DonVi, NguoiKy
from generator.present import (
    bieu06_context,
    date_line,
    kem_theo,
    ky_sau,
    noi_nhan_lines,
    number_line,
    phan_tram,
    round_half_up,
    signature_lines,
    so_nguyen,
    so_thap_phan,
    ten_ky,
    trich_yeu,
    tu_ngay_den_ngay,
)

PADDED_MONTHS = {1: "01", 2: "02"}


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("day, shown", [(1, "01"), (9, "09"), (10, "10"), (31, "31")])
def test_date_line_pads_days_below_10_and_only_months_1_and_2(month, day, shown):
    if day == 31 and month in (2, 4, 6, 9, 11):
        day, shown = 28, "28"
    month_text = PADDED_MONTHS.get(month, str(month))
    assert date_line("Bình Minh", date(2023, month, day)) == f"Bình Minh, ngày {shown} tháng {month_text} năm 2023"


def test_date_line_examples_of_the_spec():
    assert date_line("Bình Minh", date(2023, 2, 9)) == "Bình Minh, ngày 09 tháng 02 năm 2023"
    assert date_line("Bình Minh", date(2023, 3, 15)) == "Bình Minh, ngày 15 tháng 3 năm 2023"
    assert date_line("Bình Minh", date(2023, 12, 1)) == "Bình Minh, ngày 01 tháng 12 năm 2023"


@pytest.mark.parametrize("so, shown", [(1, "01"), (9, "09"), (10, "10"), (100, "100")])
def test_number_line_pads_below_10(so, shown):
    assert number_line(so, "BC", "THCSBM") == f"Số: {shown}/BC-THCSBM"


def test_number_line_without_number_keeps_a_blank_to_write_by_hand():
    line = number_line(None, "BC", "THCSBM")
    assert line.startswith("Số: ") and line.endswith("/BC-THCSBM")
    assert line[len("Số:"):line.index("/")].strip() == ""
    assert len(line[len("Số:"):line.index("/")]) >= 5


@pytest.mark.parametrize("n, shown", [(0, "0"), (1, "1"), (9, "9"), (10, "10"), (100, "100"), (1234, "1.234"), (1234567, "1.234.567")])
def test_counts_use_a_dot_for_thousands(n, shown):
    assert so_nguyen(n) == shown


@pytest.mark.parametrize(
    "ratio, shown",
    [
        (Fraction(14, 15), "93,3%"),
        (Fraction(1), "100%"),
        (Fraction(0), "0%"),
        (Fraction(141, 150), "94%"),
        (Fraction(9265, 10000), "92,7%"),  # 92.65 %: half-up where a binary float would round down
        (Fraction(1, 8), "12,5%"),
        (Fraction(2, 3), "66,7%"),
        (Fraction(17, 52), "32,7%"),
        (Fraction(99999, 100000), "100%"),
        (Fraction(12345, 10), "123.450%"),
    ],
)
def test_percentages_half_up_one_decimal_comma_no_trailing_zero(ratio, shown):
    assert phan_tram(ratio) == shown


def test_half_up_is_exact_where_floats_are_not():
    assert f"{0.92650 * 1000:.0f}" == "926"  # a float rounds this tie down
    assert str(round_half_up(Fraction(92650, 100000) * 100)) == "92.7"
    assert str(round_half_up(Fraction(5, 100), 1)) == "0.1"


def test_rates_keep_one_decimal():
    assert so_thap_phan(Fraction(14 * 7, 92)) == "1,1"
    assert so_thap_phan(Fraction(1)) == "1,0"


@pytest.mark.parametrize(
    "period, name, next_name",
    [
        ("q1", "quý I năm 2023", "quý II năm 2023"),
        ("q2", "quý II năm 2023", "quý III năm 2023"),
        ("q3", "quý III năm 2023", "quý IV năm 2023"),
        ("q4", "quý IV năm 2023", "quý I năm 2024"),
        ("nam", "năm 2023", "năm 2024"),
    ],
)
def test_period_names_in_roman_numerals(period, name, next_name):
    assert ten_ky(period, 2023) == name
    assert ky_sau(period, 2023) == next_name


def test_trich_yeu_of_q3():
    assert " ".join(trich_yeu("q3", 2023)) == (
        "Kết quả thực hiện công tác cải cách hành chính quý III năm 2023 "
        "và phương hướng, nhiệm vụ quý IV năm 2023"
    )
    assert "V/v" not in " ".join(trich_yeu("q3", 2023))


def test_signature_lines_of_the_head_and_of_a_deputy():
    assert signature_lines(NguoiKy(chuc_vu="Hiệu trưởng", ho_ten="Nguyễn Văn A")) == ["HIỆU TRƯỞNG"]
    deputy = NguoiKy(chuc_vu="Phó Hiệu trưởng", ho_ten="Trần Thị B", ky_thay="Hiệu trưởng")
    assert signature_lines(deputy) == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]


def test_noi_nhan_punctuation_is_added_once():
    assert noi_nhan_lines(["Phòng GDĐT (để b/c)", "Lưu: VT"]) == ["- Phòng GDĐT (để\u00a0b/c);", "- Lưu: VT."]
    assert noi_nhan_lines(["- Phòng GDĐT (để b/c);", "- Lưu: VT."]) == ["- Phòng GDĐT (để\u00a0b/c);", "- Lưu: VT."]


def test_noi_nhan_archive_goes_last_and_is_added_when_missing():
    assert noi_nhan_lines(["Lưu: VT, HS", "Phòng GDĐT"]) == ["- Phòng GDĐT;", "- Lưu: VT, HS."]
    assert noi_nhan_lines(["Phòng GDĐT"]) == ["- Phòng GDĐT;", "- Lưu: VT."]


def test_noi_nhan_of_a_report_with_kinh_gui_starts_with_nhu_tren():
    assert noi_nhan_lines(["Như trên", "Lưu: VT"]) == ["- Như trên;", "- Lưu: VT."]


DON_VI = DonVi(ten_don_vi="TRƯỜNG THCS BÌNH MINH", ten_goi="Trường THCS Bình Minh", ky_hieu="THCSBM", dia_danh="Bình Minh",
               nguoi_ky={"ht": NguoiKy(chuc_vu="Hiệu trưởng", ho_ten="Nguyễn Văn A")}, nguoi_ky_mac_dinh="ht")


@pytest.mark.parametrize("so, day, shown", [
    (25, date(2023, 8, 28), "(Kèm theo Báo cáo số 25/BC-THCSBM ngày 28 tháng 8 năm 2023 của Trường THCS Bình Minh)"),
    (5, date(2023, 2, 9), "(Kèm theo Báo cáo số 05/BC-THCSBM ngày 09 tháng 02 năm 2023 của Trường THCS Bình Minh)"),
    (112, date(2023, 12, 1), "(Kèm theo Báo cáo số 112/BC-THCSBM ngày 01 tháng 12 năm 2023 của Trường THCS Bình Minh)"),
])
def test_kem_theo_line_names_the_report_by_number_and_date(so, day, shown):
    assert kem_theo("Báo cáo", "BC", so, day, DON_VI) == shown


def test_kem_theo_line_without_number_keeps_the_blank_of_the_header():
    line = kem_theo("Báo cáo", "BC", None, date(2023, 8, 28), DON_VI)
    blank = number_line(None, "BC", "THCSBM").removeprefix("Số: ")
    assert line == f"(Kèm theo Báo cáo số {blank} ngày 28 tháng 8 năm 2023 của Trường THCS Bình Minh)"
    assert line[len("(Kèm theo Báo cáo số"):line.index("/")].strip() == ""


def test_period_of_a_bieu():
    assert tu_ngay_den_ngay(date(2023, 6, 15), date(2023, 9, 14)) == "(Từ ngày 15/06/2023 đến ngày 14/09/2023)"


def _row(name, **counts):
    zero = dict.fromkeys(("tu_ky_truoc", "truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han", "dang_trong_han",
                          "dang_qua_han"), 0)
    return BieuTthcRow(linh_vuc=name, **{**zero, **counts})


def test_bieu06_context_prints_rows_numbered_with_the_form_columns_and_a_total():
    context = bieu06_context(bieu06([_row("Chuyển trường", truc_tuyen=1200, truc_tiep=34, truoc_han=1000, dung_han=234),
                                     _row("Miễn, giảm học phí", tu_ky_truoc=1, dang_qua_han=1)]),
                             date(2023, 6, 15), date(2023, 9, 14))
    assert context["ky"] == "(Từ ngày 15/06/2023 đến ngày 14/09/2023)"
    first, second = context["dong"]
    assert (first["stt"], first["linh_vuc"], second["stt"]) == ("1", "Chuyển trường", "2")
    assert (first["tong_nhan"], first["truc_tuyen"], first["da_giai_quyet"], first["dang_giai_quyet"]) == ("1.234", "1.200", "1.234", "0")
    assert (second["tong_nhan"], second["tu_ky_truoc"], second["dang_giai_quyet"], second["dang_qua_han"]) == ("1", "1", "1", "1")
    tong = context["tong"]
    assert (tong["stt"], tong["tong_nhan"], tong["da_giai_quyet"], tong["dang_giai_quyet"]) == ("", "1.235", "1.234", "1")


def test_bieu06_context_without_any_dossier_has_no_row():
    context = bieu06_context(bieu06([_row("Chuyển trường")]), date(2023, 6, 15), date(2023, 9, 14))
    assert context["dong"] == []
    assert context["tong"]["tong_nhan"] == "0"


# A value shown never contradicts its assessment ----------------------------------------------------

def _shown_number(text: str) -> Fraction:
    """Returns the number at the start of a Kết quả cell ("85,99% (…)", "0,99 lần/tuần") as the reader reads it."""
    import re

    return Fraction(re.match(r"[\d.]+(?:,\d+)?", text)[0].replace(".", "").replace(",", "."))


BOUNDARY_CASES = [
    # (chi_so, numerator, denominator, target): just below, exactly on and just above each target
    ("ty_le_hai_long", 8599, 10000, 86), ("ty_le_hai_long", 86, 100, 86), ("ty_le_hai_long", 86001, 100000, 86),
    ("ty_le_hai_long", 2999, 10000, 30), ("ty_le_hai_long", 9995, 10000, 100), ("ty_le_hai_long", 1, 1, 100),
    ("tuyen_truyen_tan_suat", 13, Fraction(917, 70), 1),  # 13 sessions in 13.1 weeks
    ("tuyen_truyen_tan_suat", 14, 14, 1), ("tuyen_truyen_tan_suat", 1401, 1400, 1),
    ("tuyen_truyen_tan_suat", 2999, 1000, 3),
]


@pytest.mark.parametrize("so_sanh", [">", ">="])
@pytest.mark.parametrize("chi_so, tu_so, mau_so, muc_tieu", BOUNDARY_CASES)
def test_a_value_shown_agrees_with_its_assessment_at_the_boundary(chi_so, tu_so, mau_so, muc_tieu, so_sanh):
    from decimal import Decimal

    from generator.compute import Indicator, assess
    from generator.models import ChiTieu
    from generator.present import indicator_text

    kind = "rate" if chi_so == "tuyen_truyen_tan_suat" else "percent"
    indicator = Indicator(chi_so, Fraction(tu_so), Fraction(mau_so), kind)
    target = ChiTieu(ma="x", noi_dung="x", chi_so=chi_so, muc_tieu=Decimal(muc_tieu), so_sanh=so_sanh)
    shown = _shown_number(indicator_text(indicator, target))
    met = shown > muc_tieu if so_sanh == ">" else shown >= muc_tieu
    assert met == (assess(indicator, target) == "dat"), indicator_text(indicator, target)
    # and it stands on the target only when the value is exactly on it
    assert (shown == muc_tieu) == (indicator.value * (100 if kind == "percent" else 1) == muc_tieu)


@pytest.mark.parametrize(
    "value, target, places",
    [
        (Fraction(13 * 70, 917), Fraction(1), 2),  # 0,99 lần/tuần, not 1,0
        (Fraction(8599, 100), Fraction(86), 2),  # 85,99%, not 86%
        (Fraction(85999, 1000), Fraction(86), 3),
        (Fraction(86), Fraction(86), 1),  # exactly on the target: one decimal is enough
        (Fraction(141, 150) * 100, Fraction(86), 1),  # far from it: one decimal
        (Fraction(8655, 100), Fraction(8655, 100), 2),  # a target with two decimals, met exactly
    ],
)
def test_decimals_shown_are_as_many_as_the_verdict_needs(value, target, places):
    from generator.present import decimals_shown

    assert decimals_shown(value, target) == places


def test_the_targets_table_shows_the_decimals_in_the_document(tmp_path):
    import shutil

    from docx import Document

    from conftest import REPO, sample_options
    from generator.pipeline import build

    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    q3 = tmp_path / "inputs" / "2023" / "q3.yaml"
    text = q3.read_text(encoding="utf-8")
    q3.write_text(text.replace("so_lan: 14", "so_lan: 13"), encoding="utf-8")  # window of 92 days: 0.989 a week
    path = build("q3", sample_options(tmp_path / "out", tmp_path / "inputs")).written[0]
    rows = [[c.text for c in r.cells] for t in Document(str(path)).tables for r in t.rows]
    frequency = next(r for r in rows if any("lần/tuần" in c for c in r[3:4]))
    assert frequency[3] == "0,99 lần/tuần" and frequency[-1] == "Chưa đạt", frequency
