"""Step 3, compute: the indicators of spec/inputs.md, the Biểu 06 totals, each target's assessment.

All arithmetic is exact (fractions.Fraction): a percentage is compared with its
target unrounded, and rounded only when it is shown (:mod:`generator.present`).
A zero denominator means nothing arose: the value is None and the target is
assessed ``khong_phat_sinh``, never ``dat``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from generator.models import BieuTthcRow, ChiTieu, ChiTieuThuCong, Figures, Report
from generator.validate import Valid, window

DanhGia = Literal["dat", "chua_dat", "khong_phat_sinh"]
Kind = Literal["percent", "count", "rate"]

KINDS: dict[str, Kind] = {"tuyen_truyen_hinh_thuc": "count", "tuyen_truyen_tan_suat": "rate"}


@dataclass(frozen=True)
class Indicator:
    """One computed chi_so: ``tu_so / mau_so``, or None when the denominator is zero.

    For a "percent" indicator the value is a ratio (0.94, not 94); for "count"
    it is the count itself (mau_so 1); for "rate" it is times per week.
    """

    chi_so: str
    tu_so: Fraction
    mau_so: Fraction
    kind: Kind = "percent"

    @property
    def value(self) -> Fraction | None:
        return None if self.mau_so == 0 else self.tu_so / self.mau_so


@dataclass(frozen=True)
class KetQuaChiTieu:
    """A target of the plan beside what the report shows for it."""

    chi_tieu: ChiTieu
    danh_gia: DanhGia
    indicator: Indicator | None = None
    thu_cong: ChiTieuThuCong | None = None


@dataclass(frozen=True)
class Computed:
    """Everything the presentation needs for one report, computed once."""

    period: str
    year: int
    tu_ngay: date
    den_ngay: date
    report: Report
    indicators: dict[str, Indicator]
    ket_qua_chi_tieu: list[KetQuaChiTieu]
    bieu06: list[BieuTthcRow]
    bieu06_tong: BieuTthcRow


def weeks(tu_ngay: date, den_ngay: date) -> Fraction:
    """Returns the number of weeks in the window, both ends included: (den − tu + 1 day) / 7."""
    return Fraction((den_ngay - tu_ngay).days + 1, 7)


def distinct_forms(hinh_thuc: list[str]) -> int:
    """Returns how many different forms are listed, ignoring case and surrounding spaces."""
    return len({" ".join(h.split()).casefold() for h in hinh_thuc if h.strip()})


def bieu06_total(rows: list[BieuTthcRow]) -> BieuTthcRow:
    """Returns the Tổng cộng row: each column summed over ``rows``."""
    columns = [name for name in BieuTthcRow.model_fields if name != "linh_vuc"]
    return BieuTthcRow(linh_vuc="Tổng cộng", **{c: sum(getattr(r, c) for r in rows) for c in columns})


def indicators(figures: Figures, tu_ngay: date, den_ngay: date) -> dict[str, Indicator]:
    """Returns every chi_so of spec/inputs.md computed from one window's figures."""
    tong = bieu06_total(figures.tthc)
    f = figures
    pairs = {
        "ty_le_hai_long": (f.khao_sat.hai_long, f.khao_sat.so_phieu),
        "tthc_dung_han": (tong.truoc_han + tong.dung_han, tong.da_giai_quyet),
        "tthc_truoc_han": (tong.truoc_han, tong.da_giai_quyet),
        "tthc_truc_tuyen": (tong.truc_tuyen, tong.truc_tuyen + tong.truc_tiep),
        "van_ban_tren_mang": (f.van_ban.den_tren_mang + f.van_ban.di_tren_mang, f.van_ban.den + f.van_ban.di),
        "boi_duong_van_hoa": (f.boi_duong.van_hoa_giao_tiep, f.boi_duong.tong_so),
        "boi_duong_ky_nang_so": (f.boi_duong.ky_nang_so, f.boi_duong.tong_so),
        "lanh_dao_quan_triet": (f.boi_duong.lanh_dao_quan_triet, f.boi_duong.lanh_dao),
        "pakn_xu_ly": (f.pakn.da_xu_ly, f.pakn.tiep_nhan),
        "kien_nghi_thanh_tra": (f.kien_nghi_thanh_tra.da_thuc_hien, f.kien_nghi_thanh_tra.tong),
        "chuyen_truong": (f.chuyen_truong.dung_tien_do, f.chuyen_truong.tong),
        "tuyen_truyen_hinh_thuc": (distinct_forms(f.tuyen_truyen.hinh_thuc), 1),
        "tuyen_truyen_tan_suat": (f.tuyen_truyen.so_lan, weeks(tu_ngay, den_ngay)),
    }
    return {
        chi_so: Indicator(chi_so, Fraction(num), Fraction(den), KINDS.get(chi_so, "percent"))
        for chi_so, (num, den) in pairs.items()
    }


def assess(indicator: Indicator, chi_tieu: ChiTieu) -> DanhGia:
    """Returns the assessment of ``indicator`` against the target, compared unrounded.

    A percentage of exactly 86 against "> 86" is ``chua_dat``; no denominator is
    ``khong_phat_sinh``.
    """
    value = indicator.value
    if value is None:
        return "khong_phat_sinh"
    if indicator.kind == "percent":
        value *= 100
    target = Fraction(chi_tieu.muc_tieu)
    met = value > target if chi_tieu.so_sanh == ">" else value >= target
    return "dat" if met else "chua_dat"


def compute(valid: Valid, period: str) -> Computed:
    """Returns the computed content of the report of ``period``."""
    report = valid.reports[period]
    tu_ngay, den_ngay = window(period, valid.year, report)
    found = indicators(report.so_lieu, tu_ngay, den_ngay) if report.so_lieu else {}
    by_hand = {item.ma: item for item in report.chi_tieu_thu_cong}
    results = []
    for chi_tieu in valid.ke_hoach.chi_tieu:
        if chi_tieu.chi_so is not None and chi_tieu.chi_so in found:
            ind = found[chi_tieu.chi_so]
            results.append(KetQuaChiTieu(chi_tieu, assess(ind, chi_tieu), indicator=ind))
        else:
            item = by_hand.get(chi_tieu.ma)
            results.append(KetQuaChiTieu(chi_tieu, item.danh_gia if item else "khong_phat_sinh", thu_cong=item))
    rows = report.so_lieu.tthc if report.so_lieu else []
    return Computed(period, valid.year, tu_ngay, den_ngay, report, found, results, rows, bieu06_total(rows))
