"""Step 3, compute: the indicators of spec/inputs.md, the Biểu 06 totals, each target's assessment.

All arithmetic is exact (fractions.Fraction): a percentage is compared with its
target unrounded, and rounded only when it is shown (:mod:`generator.present`).
A zero denominator means nothing arose: the value is None and the target is
assessed ``khong_phat_sinh``, never ``dat``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from operator import attrgetter
from typing import Literal

from generator.models import QUARTERS, BieuTthcRow, ChiTieu, ChiTieuThuCong, Figures, Report, TuyenTruyen
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
    """A target of the plan beside what the report shows for it (and, from Q2 on, since 1 January)."""

    chi_tieu: ChiTieu
    danh_gia: DanhGia
    indicator: Indicator | None = None
    thu_cong: ChiTieuThuCong | None = None
    luy_ke: Indicator | None = None
    thu_cong_truoc: bool = False
    """A target assessed by hand that an earlier quarter file of the year gave a result for too."""


@dataclass(frozen=True)
class Window:
    """The figures of one data window and its first and last day."""

    figures: Figures
    tu_ngay: date
    den_ngay: date


BIEU06_COT = ("tong_nhan", "truc_tuyen", "truc_tiep", "tu_ky_truoc", "da_giai_quyet", "truoc_han", "dung_han", "qua_han",
              "dang_giai_quyet", "dang_trong_han", "dang_qua_han")
"""The count columns (3)…(13) of Biểu 06 (Thông tư 01/2020/TT-VPCP), in the form's order."""

COLUMNS = attrgetter(*BIEU06_COT)
"""A row's counts in the order of :data:`BIEU06_COT`, read in one call (a Biểu 06 may have 10,000 rows)."""


@dataclass(frozen=True)
class DongBieu06:
    """One printed row of Biểu 06: the lĩnh vực and its counts, by the names of :data:`BIEU06_COT`."""

    linh_vuc: str
    cot: dict[str, int]


@dataclass(frozen=True)
class Bieu06:
    """Biểu 06 as the annex prints it: one row per lĩnh vực with columns (3)…(13), and the Tổng cộng row."""

    dong: list[DongBieu06]
    tong: DongBieu06

    @property
    def khong_phat_sinh(self) -> bool:
        """Whether no dossier was received nor carried over: the annex then says "Không phát sinh"."""
        return self.tong.cot["tong_nhan"] == 0


def dong_bieu06(row: BieuTthcRow) -> DongBieu06:
    """Returns the printed row of ``row``: (3)=(4)+(5)+(6), (7)=(8)+(9)+(10), (11)=(12)+(13).

    The three Tổng số columns are sums, never typed; validation has made every
    row balance, so (3)=(7)+(11) as well.
    """
    return DongBieu06(row.linh_vuc, dict(zip(BIEU06_COT, COLUMNS(row))))


def bieu06(rows: list[BieuTthcRow]) -> Bieu06:
    """Returns Biểu 06 of ``rows`` (one window's, or added up by :func:`add_up`), with its Tổng cộng row."""
    return Bieu06([dong_bieu06(r) for r in rows], dong_bieu06(bieu06_total(rows)))


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
    bieu06: Bieu06
    bieu06_tong: BieuTthcRow
    luy_ke_tu: list[str] = ()
    """The periods the Lũy kế column adds up (empty: no Lũy kế column)."""
    figures: Figures | None = None
    """The raw figures the report shows (the year added up, for nam); None when it has none."""


def weeks(tu_ngay: date, den_ngay: date) -> Fraction:
    """Returns the number of weeks in the window, both ends included: (den − tu + 1 day) / 7."""
    return Fraction((den_ngay - tu_ngay).days + 1, 7)


def distinct_forms(hinh_thuc: list[str]) -> int:
    """Returns how many different forms are listed, ignoring case and surrounding spaces."""
    return len({" ".join(h.split()).casefold() for h in hinh_thuc if h.strip()})


def bieu06_total(rows: list[BieuTthcRow]) -> BieuTthcRow:
    """Returns the Tổng cộng row: each column summed over ``rows``."""
    columns = [name for name in BieuTthcRow.model_fields if name != "linh_vuc"]
    sums = [sum(column) for column in zip(*map(attrgetter(*columns), rows))] or [0] * len(columns)
    return BieuTthcRow.model_construct(linh_vuc="Tổng cộng", **dict(zip(columns, sums)))


FLOW_COUNTS = ("khao_sat", "van_ban", "pakn", "kien_nghi_thanh_tra", "chuyen_truong")


def _sum_models(models: list):
    """Returns a model of the same type with each count summed over ``models``."""
    kind = type(models[0])
    return kind(**{name: sum(getattr(m, name) for m in models) for name in kind.model_fields})


FLOWS = ("truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han")
"""The counts of a Biểu 06 row that flow in its window: added up over the windows (the others are stocks)."""


def add_up(windows: list[Window]) -> Window:
    """Returns the figures from the start of the first window to the end of the last (spec/inputs.md).

    Flows are summed. In Biểu 06, each lĩnh vực takes tu_ky_truoc from the first
    window and its pending counts from the last, the rest summed. Stocks
    (boi_duong) are the latest window's; the forms of tuyên truyền are the union.
    """
    by_window = [{r.linh_vuc.casefold(): r for r in w.figures.tthc} for w in windows]
    names: dict[str, str] = {}
    for w in windows:
        for row in w.figures.tthc:
            names.setdefault(row.linh_vuc.casefold(), row.linh_vuc)
    rows = []
    for key, name in names.items():
        present = [rows_of[key] for rows_of in by_window if key in rows_of]
        start, end = by_window[0].get(key), by_window[-1].get(key)
        summed = dict(zip(FLOWS, map(sum, zip(*map(attrgetter(*FLOWS), present)))))
        rows.append(
            BieuTthcRow.model_construct(
                linh_vuc=name,
                tu_ky_truoc=start.tu_ky_truoc if start else 0,
                dang_trong_han=end.dang_trong_han if end else 0,
                dang_qua_han=end.dang_qua_han if end else 0,
                **summed,
            )
        )
    forms: dict[str, str] = {}
    for w in windows:
        for form in w.figures.tuyen_truyen.hinh_thuc:
            forms.setdefault(" ".join(form.split()).casefold(), form)
    figures = Figures(
        tthc=rows,
        **{name: _sum_models([getattr(w.figures, name) for w in windows]) for name in FLOW_COUNTS},
        tuyen_truyen=TuyenTruyen(hinh_thuc=list(forms.values()), so_lan=sum(w.figures.tuyen_truyen.so_lan for w in windows)),
        boi_duong=windows[-1].figures.boi_duong,
    )
    return Window(figures, windows[0].tu_ngay, windows[-1].den_ngay)


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


def windows_of(valid: Valid, periods: list[str]) -> list[Window]:
    """Returns the data windows of those of ``periods`` whose report has figures, in order."""
    found = []
    for period in periods:
        report = valid.reports.get(period)
        if report is not None and report.so_lieu is not None:
            found.append(Window(report.so_lieu, *own_window(valid, period)))
    return found


def own_window(valid: Valid, period: str) -> tuple[date, date]:
    """Returns the window that the figures of ``period``'s own file cover.

    For nam.yaml that is the part of the year after the last quarter file
    (usually 15/9 to 14/12), unless the file gives tu_ngay and den_ngay.
    """
    report = valid.reports[period]
    if period != "nam":
        return window(period, valid.year, report)
    ends = [window(q, valid.year, valid.reports[q])[1] for q in QUARTERS if q in valid.reports]
    year_start, year_end = window(period, valid.year, report)
    start = report.tu_ngay or (max(ends) + timedelta(days=1) if ends else year_start)
    return start, report.den_ngay or year_end


def compute(valid: Valid, period: str) -> Computed:
    """Returns the computed content of the report of ``period``.

    A quarter report shows its own window and, from Q2 on, the running total
    (Lũy kế) of the quarter files present up to it. The annual report shows the
    year added up from q1–q4 and nam.yaml's own figures.
    """
    report = valid.reports[period]
    if period == "nam":
        parts = windows_of(valid, list(QUARTERS) + ["nam"])
        shown = add_up(parts) if parts else None
        running, running_from = None, []
    else:
        shown = Window(report.so_lieu, *own_window(valid, period))
        earlier = [q for q in QUARTERS if q <= period]
        parts = windows_of(valid, earlier)
        running = indicators(add_up(parts).figures, parts[0].tu_ngay, parts[-1].den_ngay) if period != "q1" else None
        running_from = [q for q in earlier if q in valid.reports] if running else []
    tu_ngay, den_ngay = (shown.tu_ngay, shown.den_ngay) if shown else window(period, valid.year, report)
    found = indicators(shown.figures, tu_ngay, den_ngay) if shown else {}
    by_hand = {item.ma: item for item in report.chi_tieu_thu_cong}
    results = []
    for chi_tieu in valid.ke_hoach.chi_tieu:
        if chi_tieu.chi_so is not None and chi_tieu.chi_so in found:
            ind = found[chi_tieu.chi_so]
            luy_ke = running[chi_tieu.chi_so] if running else None
            results.append(KetQuaChiTieu(chi_tieu, assess(ind, chi_tieu), indicator=ind, luy_ke=luy_ke))
        else:
            item = by_hand.get(chi_tieu.ma)
            before = any(given.ma == chi_tieu.ma for q in running_from if q != period
                         for given in valid.reports[q].chi_tieu_thu_cong)
            results.append(KetQuaChiTieu(chi_tieu, item.danh_gia if item else "khong_phat_sinh", thu_cong=item,
                                         thu_cong_truoc=before))
    rows = shown.figures.tthc if shown else []
    return Computed(period, valid.year, tu_ngay, den_ngay, report, found, results, bieu06(rows), bieu06_total(rows), running_from,
                    shown.figures if shown else None)
