"""Indicators, their assessment against the plan, and the Biểu 06 totals."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from generator.compute import BIEU06_COT, Indicator, assess, bieu06, bieu06_total, distinct_forms, indicators, weeks
from generator.models import BieuTthcRow, ChiTieu, Figures
from generator.present import indicator_text, target_text


def figures(**overrides) -> Figures:
    data = {
        "tthc": [],
        "khao_sat": {"so_phieu": 150, "hai_long": 141},
        "van_ban": {"den": 186, "den_tren_mang": 170, "di": 54, "di_tren_mang": 50},
        "pakn": {"tiep_nhan": 1, "da_xu_ly": 1},
        "kien_nghi_thanh_tra": {"tong": 0, "da_thuc_hien": 0},
        "chuyen_truong": {"tong": 8, "dung_tien_do": 8},
        "tuyen_truyen": {"hinh_thuc": ["Hội nghị", "Zalo"], "so_lan": 14},
        "boi_duong": {"tong_so": 52, "van_hoa_giao_tiep": 52, "ky_nang_so": 17, "lanh_dao": 3, "lanh_dao_quan_triet": 3},
    }
    data.update(overrides)
    return Figures.model_validate(data)


def row(name="Chuyển trường", **counts) -> BieuTthcRow:
    base = dict(tu_ky_truoc=0, truc_tuyen=0, truc_tiep=0, truoc_han=0, dung_han=0, qua_han=0, dang_trong_han=0, dang_qua_han=0)
    base.update(counts)
    return BieuTthcRow(linh_vuc=name, **base)


def target(chi_so, muc_tieu, so_sanh=">="):
    return ChiTieu(ma="x", noi_dung="x", chi_so=chi_so, muc_tieu=Decimal(str(muc_tieu)), so_sanh=so_sanh)


Q3 = (date(2023, 6, 15), date(2023, 9, 14))


def test_exactly_86_percent_against_more_than_86_is_not_met():
    ind = Indicator("ty_le_hai_long", Fraction(129), Fraction(150))  # 86.0 %
    assert assess(ind, target("ty_le_hai_long", 86, ">")) == "chua_dat"
    assert assess(ind, target("ty_le_hai_long", 86, ">=")) == "dat"


def test_comparison_is_on_the_unrounded_value():
    ind = Indicator("ty_le_hai_long", Fraction(8599), Fraction(10000))  # shows 86%, is 85.99 %
    assert indicator_text(ind).startswith("86%")
    assert assess(ind, target("ty_le_hai_long", 86)) == "chua_dat"


@pytest.mark.parametrize(
    "chi_so, override",
    [
        ("ty_le_hai_long", {"khao_sat": {"so_phieu": 0, "hai_long": 0}}),
        ("tthc_dung_han", {"tthc": []}),
        ("tthc_truoc_han", {"tthc": []}),
        ("tthc_truc_tuyen", {"tthc": [{"linh_vuc": "A", "tu_ky_truoc": 2, "truc_tuyen": 0, "truc_tiep": 0, "truoc_han": 1,
                                       "dung_han": 1, "qua_han": 0, "dang_trong_han": 0, "dang_qua_han": 0}]}),
        ("van_ban_tren_mang", {"van_ban": {"den": 0, "den_tren_mang": 0, "di": 0, "di_tren_mang": 0}}),
        ("boi_duong_van_hoa", {"boi_duong": {"tong_so": 0, "van_hoa_giao_tiep": 0, "ky_nang_so": 0, "lanh_dao": 0, "lanh_dao_quan_triet": 0}}),
        ("lanh_dao_quan_triet", {"boi_duong": {"tong_so": 5, "van_hoa_giao_tiep": 5, "ky_nang_so": 0, "lanh_dao": 0, "lanh_dao_quan_triet": 0}}),
        ("pakn_xu_ly", {"pakn": {"tiep_nhan": 0, "da_xu_ly": 0}}),
        ("kien_nghi_thanh_tra", {}),
        ("chuyen_truong", {"chuyen_truong": {"tong": 0, "dung_tien_do": 0}}),
    ],
)
def test_zero_denominator_is_khong_phat_sinh_never_dat(chi_so, override):
    ind = indicators(figures(**override), *Q3)[chi_so]
    assert ind.value is None
    assert indicator_text(ind) == "Không phát sinh"
    assert assess(ind, target(chi_so, 0)) == "khong_phat_sinh"


def test_indicators_of_a_window():
    rows = [row(truc_tuyen=9, truc_tiep=2, truoc_han=5, dung_han=6), row("Miễn giảm", tu_ky_truoc=1, truc_tiep=1, truoc_han=1, dung_han=1)]
    found = indicators(figures(tthc=[r.model_dump() for r in rows]), *Q3)
    assert found["tthc_dung_han"].value == 1
    assert found["tthc_truoc_han"].value == Fraction(6, 13)
    assert found["tthc_truc_tuyen"].value == Fraction(9, 12)
    assert found["van_ban_tren_mang"].value == Fraction(220, 240)
    assert found["ty_le_hai_long"].value == Fraction(141, 150)
    assert found["boi_duong_ky_nang_so"].value == Fraction(17, 52)
    assert indicator_text(found["tthc_truoc_han"]) == "46,2% (6/13)"
    assert indicator_text(found["van_ban_tren_mang"]) == "91,7% (220/240)"


def test_overdue_resolutions_count_in_the_denominator_of_on_time():
    found = indicators(figures(tthc=[row(truc_tiep=4, dung_han=3, qua_han=1).model_dump()]), *Q3)
    assert found["tthc_dung_han"].value == Fraction(3, 4)
    assert assess(found["tthc_dung_han"], target("tthc_dung_han", 100)) == "chua_dat"


def test_weeks_count_both_ends_of_the_window():
    assert weeks(date(2023, 6, 15), date(2023, 9, 14)) == Fraction(92, 7)
    assert weeks(date(2023, 1, 1), date(2023, 1, 7)) == 1


def test_frequency_per_week_is_shown_with_one_decimal():
    ind = indicators(figures(), *Q3)["tuyen_truyen_tan_suat"]
    assert ind.value == Fraction(14 * 7, 92)
    assert indicator_text(ind) == "1,1 lần/tuần"
    assert assess(ind, target("tuyen_truyen_tan_suat", 1)) == "dat"


def test_forms_are_counted_once_whatever_their_case():
    assert distinct_forms(["Zalo", " zalo ", "Bảng tin", "BẢNG TIN", "Hội nghị", ""]) == 3
    ind = indicators(figures(tuyen_truyen={"hinh_thuc": ["Zalo", "zalo", "Bảng tin"], "so_lan": 3}), *Q3)["tuyen_truyen_hinh_thuc"]
    assert indicator_text(ind) == "2 hình thức"
    assert assess(ind, target("tuyen_truyen_hinh_thuc", 5)) == "chua_dat"


def test_bieu06_total_sums_every_column():
    total = bieu06_total([row(truc_tuyen=3, truc_tiep=1, truoc_han=2, dung_han=2),
                          row("B", tu_ky_truoc=1, truc_tiep=2, dung_han=2, dang_trong_han=1)])
    assert (total.tu_ky_truoc, total.truc_tuyen, total.truc_tiep) == (1, 3, 3)
    assert (total.truoc_han, total.dung_han, total.qua_han, total.dang_trong_han, total.dang_qua_han) == (2, 4, 0, 1, 0)
    assert total.linh_vuc == "Tổng cộng"
    assert bieu06_total([]).tong_nhan == 0


def test_bieu06_columns_are_the_sums_of_the_form_on_every_row_and_the_total():
    bieu = bieu06([row(tu_ky_truoc=1, truc_tuyen=3, truc_tiep=2, truoc_han=2, dung_han=1, qua_han=1, dang_trong_han=1, dang_qua_han=1),
                   row("B", truc_tiep=2, dung_han=2)])
    for dong in bieu.dong + [bieu.tong]:
        c = dong.cot
        assert list(c) == list(BIEU06_COT)
        assert c["tong_nhan"] == c["truc_tuyen"] + c["truc_tiep"] + c["tu_ky_truoc"]  # (3) = (4) + (5) + (6)
        assert c["da_giai_quyet"] == c["truoc_han"] + c["dung_han"] + c["qua_han"]  # (7) = (8) + (9) + (10)
        assert c["dang_giai_quyet"] == c["dang_trong_han"] + c["dang_qua_han"]  # (11) = (12) + (13)
        assert c["tong_nhan"] == c["da_giai_quyet"] + c["dang_giai_quyet"]  # (3) = (7) + (11)
    assert [d.linh_vuc for d in bieu.dong] == ["Chuyển trường", "B"]
    assert list(bieu.dong[0].cot.values()) == [6, 3, 2, 1, 4, 2, 1, 1, 2, 1, 1]
    assert list(bieu.tong.cot.values()) == [8, 3, 4, 1, 6, 2, 3, 1, 2, 1, 1]
    assert not bieu.khong_phat_sinh


@pytest.mark.parametrize("rows", [[], [row()], [row(), row("B")]])
def test_bieu06_without_any_dossier_is_khong_phat_sinh(rows):
    bieu = bieu06(rows)
    assert bieu.khong_phat_sinh
    assert set(bieu.tong.cot.values()) == {0}


def test_a_dossier_carried_over_alone_is_still_a_dossier():
    assert not bieu06([row(tu_ky_truoc=1, dang_trong_han=1)]).khong_phat_sinh


@pytest.mark.parametrize(
    "chi_so, muc_tieu, so_sanh, shown",
    [
        ("ty_le_hai_long", 86, ">", "Trên 86%"),
        ("tthc_dung_han", 100, ">=", "100%"),
        ("boi_duong_ky_nang_so", 30, ">=", "Ít nhất 30%"),
        ("tuyen_truyen_hinh_thuc", 5, ">=", "Ít nhất 5 hình thức"),
        ("tuyen_truyen_tan_suat", 1, ">=", "Ít nhất 1 lần/tuần"),
        ("kien_nghi_thanh_tra", 92.5, ">=", "Ít nhất 92,5%"),
    ],
)
def test_target_text(chi_so, muc_tieu, so_sanh, shown):
    assert target_text(target(chi_so, muc_tieu, so_sanh)) == shown
