"""The presentation rules a reviewer asks about: date line, number line, numbers, percentages, names."""
from datetime import date
from fractions import Fraction

import pytest

from generator.models import NguoiKy
from generator.present import (
    date_line,
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
    assert noi_nhan_lines(["Phòng GDĐT (để b/c)", "Lưu: VT"]) == ["- Phòng GDĐT (để b/c);", "- Lưu: VT."]
    assert noi_nhan_lines(["- Phòng GDĐT (để b/c);", "- Lưu: VT."]) == ["- Phòng GDĐT (để b/c);", "- Lưu: VT."]


def test_noi_nhan_archive_goes_last_and_is_added_when_missing():
    assert noi_nhan_lines(["Lưu: VT, HS", "Phòng GDĐT"]) == ["- Phòng GDĐT;", "- Lưu: VT, HS."]
    assert noi_nhan_lines(["Phòng GDĐT"]) == ["- Phòng GDĐT;", "- Lưu: VT."]
