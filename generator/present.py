"""Step 4, present: computed values → the Vietnamese text the template prints.

Each rule a reviewer of official documents asks about is a small pure function
here: the date line, the number line, percentage rounding, the trích yếu, the
signature lines, the Nơi nhận list. :func:`context` assembles them into the
template context, which holds only strings, lists and dicts of strings.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from generator.numbers import format_decimal

from generator.compute import BIEU06_COT, Bieu06, Computed, DongBieu06, Indicator, KetQuaChiTieu
from generator.models import CONTROL_CHARS, TARGET_MARK, ChiTieu, DonVi, KeHoach, NguoiKy
from generator.periods import quarter_number

LOCALE = "vi"


@dataclass(frozen=True)
class Properties:
    """What a document says about itself (its core properties): title, author, and the day it is dated."""

    title: str
    author: str
    day: date


def report_properties(c: Computed, don_vi: DonVi) -> Properties:
    return Properties("Báo cáo " + " ".join(trich_yeu(c.period, c.year)), don_vi.ten_goi, c.report.ngay)


def plan_properties(ke_hoach: KeHoach, don_vi: DonVi) -> Properties:
    return Properties("Kế hoạch " + ke_hoach.trich_yeu, don_vi.ten_goi, ke_hoach.ngay)
DANH_GIA = {"dat": "Đạt", "chua_dat": "Chưa đạt", "khong_phat_sinh": "Không phát sinh"}
KHONG_PHAT_SINH = "Không phát sinh"
EMPTY_SECTION = "Trong kỳ báo cáo không có nội dung phát sinh."
EMPTY_KIEN_NGHI = "Không."


@lru_cache(maxsize=4096, typed=True)
def so_nguyen(n: int) -> str:
    """Returns a count with a dot for thousands: 1234 → "1.234" (kept: a Biểu 06 repeats the same few counts)."""
    return format_decimal(n, locale=LOCALE)


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """Returns ``value`` rounded half-up to ``places`` decimals, exactly (0.92650 → 0.9265, 92.65 → 92.7)."""
    scale = 10**places
    return Decimal(math.floor(value * scale + Fraction(1, 2))) / scale


def phan_tram(ratio: Fraction, places: int = 1) -> str:
    """Returns a ratio as a Vietnamese percentage, half-up to ``places`` decimals, no trailing zeros: 14/15 → "93,3%"."""
    return format_decimal(round_half_up(ratio * 100, places), format="#,##0." + "#" * places, locale=LOCALE) + "%"


def so_thap_phan(value: Fraction, places: int = 1) -> str:
    """Returns ``value`` half-up with exactly ``places`` decimals and a decimal comma: 15/13.57 → "1,1"."""
    return format_decimal(round_half_up(value, places), format="#,##0." + "0" * places, locale=LOCALE)


def decimals_shown(value: Fraction, target: Fraction, places: int = 1) -> int:
    """Returns how many decimals ``value`` is shown with: ``places``, or as many more as it takes for the
    rounded value to stand on the same side of ``target`` as the value itself (on it only when equal).

    So the value shown never contradicts its assessment, for ">" and ">=" alike:
    13 sessions in 13.1 weeks show "0,99 lần/tuần" against "Ít nhất 1 lần/tuần"
    (Chưa đạt), not "1,0"; 85.99 % shows "85,99%" against "Trên 86%", not "86%".
    The loop ends: rounding to more places comes as close to the value as needed.
    """
    side = _sign(value - target)
    while _sign(Fraction(round_half_up(value, places)) - target) != side:
        places += 1
    return places


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def ngay_thang(day: date) -> str:
    """Returns the date as it stands in a body sentence: "09/02/2023"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def ngay_thang_nam(day: date) -> str:
    """Returns a document's date in words as nd30.md writes it (rule DATE): "ngày 09 tháng 02 năm 2023".

    Days below 10 and the months 1 and 2 take a leading zero; months 3–12 never
    do: "ngày 15 tháng 3 năm 2023".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(dia_danh: str, day: date) -> str:
    """Returns the địa danh và thời gian line of nd30.md (rule DATE): "Bình Minh, ngày 09 tháng 02 năm 2023"."""
    return f"{dia_danh}, {ngay_thang_nam(day)}"


def ky_hieu(so: int | None, ma_loai: str, ky_hieu_don_vi: str) -> str:
    """Returns the số và ký hiệu without "Số:": "05/BC-THCSBM"; a missing number leaves a blank to write by hand."""
    number = "     " if so is None else f"{so:02d}"
    return f"{number}/{ma_loai}-{ky_hieu_don_vi}"


def number_line(so: int | None, ma_loai: str, ky_hieu_don_vi: str) -> str:
    """Returns the number line of nd30.md (rule SO): "Số: 05/BC-THCSBM", or "Số:      /BC-THCSBM" when unknown."""
    return f"Số: {ky_hieu(so, ma_loai, ky_hieu_don_vi)}"


def ten_ky(period: str, year: int) -> str:
    """Returns the name of a reporting period in a sentence: "quý III năm 2023", "năm 2023"."""
    q = quarter_number(period)
    return f"năm {year}" if q is None else f"quý {so_la_ma(q)} năm {year}"


def ky_sau(period: str, year: int) -> str:
    """Returns the period after ``period``: q3 → "quý IV năm 2023", q4 → "quý I năm 2024", nam → "năm 2024"."""
    q = quarter_number(period)
    if q is None:
        return f"năm {year + 1}"
    return ten_ky(f"q{q % 4 + 1}", year + (q == 4))


def trich_yeu(period: str, year: int) -> tuple[str, str]:
    """Returns the trích yếu of the report of ``period`` (rule TY) as its two lines, sentence case, no "V/v".

    The title breaks before "và phương hướng", where a reader pauses, rather
    than wherever the line happens to fill.
    """
    return (
        f"Kết quả thực hiện công tác cải cách hành chính {ten_ky(period, year)}",
        f"và phương hướng, nhiệm vụ {ky_sau(period, year)}",
    )


def signature_lines(nguoi_ky: NguoiKy) -> list[str]:
    """Returns the quyền hạn and chức vụ lines over the signature (rule SIGN), upper case.

    A deputy signing for the head gets "KT. HIỆU TRƯỞNG" over "PHÓ HIỆU TRƯỞNG".
    """
    lines = [f"KT. {nguoi_ky.ky_thay.upper()}"] if nguoi_ky.ky_thay else []
    return lines + [nguoi_ky.chuc_vu.upper()]


def noi_nhan_lines(recipients: list[str]) -> list[str]:
    """Returns the Nơi nhận lines (rule NN-LIST): "- …;" each, the last ("- Lưu: VT") ending with ".".

    Dashes and punctuation the clerk typed are taken off first, and "Lưu: VT" is
    added at the end when no recipient is the archive.
    """
    names = [r.strip().lstrip("-–•").strip().rstrip(";.,").strip() for r in recipients]
    names = [n for n in names if n]
    archive = [n for n in names if n.casefold().startswith("lưu")]
    names = [n for n in names if n not in archive] + (archive or ["Lưu: VT"])
    return [f"- {parenthesis_whole(n)}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


NO_BREAK_SPACE = "\u00a0"


def parenthesis_whole(text: str) -> str:
    """Returns ``text`` with the spaces inside each parenthesis made non-breaking: "(để b/c)" never splits across lines."""
    return re.sub(r"\([^()]*\)", lambda m: m[0].replace(" ", NO_BREAK_SPACE), text)


def indicator_text(indicator: Indicator, chi_tieu: ChiTieu | None = None) -> str:
    """Returns the Kết quả cell of an indicator: "94% (141/150)", "5 hình thức", "1,1 lần/tuần".

    Against the target of ``chi_tieu`` the value gets the decimals it needs not
    to contradict its assessment (:func:`decimals_shown`).
    """
    value = indicator.value
    if value is None:
        return KHONG_PHAT_SINH
    if indicator.kind == "count":
        return f"{so_nguyen(int(value))} hình thức"
    scaled = value if indicator.kind == "rate" else value * 100
    places = 1
    if chi_tieu is not None and isinstance(chi_tieu.muc_tieu, Decimal):
        places = decimals_shown(scaled, Fraction(chi_tieu.muc_tieu))
    if indicator.kind == "rate":
        return f"{so_thap_phan(value, places)} lần/tuần"
    return f"{phan_tram(value, places)} ({so_nguyen(int(indicator.tu_so))}/{so_nguyen(int(indicator.mau_so))})"


def target_text(chi_tieu: ChiTieu) -> str:
    """Returns the Kế hoạch cell of a target: "Trên 86%", "100%", "Ít nhất 30%", "Ít nhất 5 hình thức"."""
    target = chi_tieu.muc_tieu
    if target is None:
        return ""
    if isinstance(target, str):
        return target[:1].upper() + target[1:]
    number = format_decimal(target, format="#,##0.#", locale=LOCALE)
    unit = {"tuyen_truyen_hinh_thuc": " hình thức", "tuyen_truyen_tan_suat": " lần/tuần"}.get(chi_tieu.chi_so or "", "%")
    if chi_tieu.so_sanh == ">":
        return f"Trên {number}{unit}"
    if unit == "%" and target == 100:
        return "100%"
    return f"Ít nhất {number}{unit}"


def luy_ke_text(item: KetQuaChiTieu, ket_qua: str) -> str:
    """Returns the Lũy kế cell of a target: the running value of an indicator; for a target assessed by hand,
    the quarter's result only when earlier quarters gave one too, else "-" (the quarter's text is no running total)."""
    if item.luy_ke is not None:
        return indicator_text(item.luy_ke, item.chi_tieu)
    return ket_qua if item.thu_cong_truoc else "-"


def chi_tieu_row(stt: int, item: KetQuaChiTieu) -> dict:
    if item.indicator is not None:
        ket_qua = indicator_text(item.indicator, item.chi_tieu)
    else:
        ket_qua = item.thu_cong.ket_qua if item.thu_cong else ""
    return {
        "stt": str(stt),
        "noi_dung": item.chi_tieu.noi_dung,
        "ke_hoach": target_text(item.chi_tieu),
        "ket_qua": ket_qua,
        "luy_ke": luy_ke_text(item, ket_qua),
        "danh_gia": DANH_GIA[item.danh_gia],
    }


def bieu06_row(stt: str, row: DongBieu06) -> dict:
    """Returns a row of Biểu 06 as printed: its STT, its lĩnh vực and the counts (3)…(13) by their names."""
    counts = map(so_nguyen, map(row.cot.__getitem__, BIEU06_COT))
    return {"stt": stt, "linh_vuc": row.linh_vuc, **dict(zip(BIEU06_COT, counts))}


def tu_ngay_den_ngay(tu_ngay: date, den_ngay: date) -> str:
    """Returns the period line of a Biểu: "(Từ ngày 15/06/2023 đến ngày 14/09/2023)"."""
    return f"(Từ ngày {ngay_thang(tu_ngay)} đến ngày {ngay_thang(den_ngay)})"


def bieu06_context(bieu: Bieu06, tu_ngay: date, den_ngay: date) -> dict:
    """Returns Biểu 06 as its annex prints it: the period ("ky"), the rows ("dong") and the Tổng cộng row ("tong").

    When no dossier arose the rows are empty (the template then prints a
    single "Không phát sinh" row, and no Tổng cộng).
    """
    rows = [] if bieu.khong_phat_sinh else [bieu06_row(str(i), row) for i, row in enumerate(bieu.dong, 1)]
    return {"ky": tu_ngay_den_ngay(tu_ngay, den_ngay), "dong": rows, "tong": bieu06_row("", bieu.tong)}


def kem_theo(ten_loai: str, ma_loai: str, so: int | None, ngay: date, don_vi: DonVi) -> str:
    """Returns the line under an annex's title (nd30.md rule PL).

    "(Kèm theo Báo cáo số 25/BC-THCSBM ngày 28 tháng 8 năm 2023 của Trường THCS
    Bình Minh)"; without a number the blank is kept as in the header's "Số:".
    """
    return f"(Kèm theo {ten_loai} số {ky_hieu(so, ma_loai, don_vi.ky_hieu)} {ngay_thang_nam(ngay)} của {don_vi.ten_goi})"


def doan(paragraphs: list[str], empty: str = EMPTY_SECTION) -> list[str]:
    """Returns the paragraphs to print for a section; an empty section says so rather than vanishing."""
    return list(paragraphs) or [empty]


CHI_TIET_PHU_LUC = "(chi tiết tại Phụ lục kèm theo)"
"""How the body refers to its annex (nd30.md rule PL)."""


def tthc_tom_tat(c: Computed, chu_the: str = "nhà trường", chi_tiet: str = CHI_TIET_PHU_LUC) -> str:
    """Returns the sentence that sums up Biểu 06 in section II.2 and refers to the annex that holds it;
    ``chu_the`` is who received the dossiers."""
    t = c.bieu06_tong
    if t.tong_nhan == 0:
        return f"Trong kỳ báo cáo, {chu_the} không tiếp nhận hồ sơ thủ tục hành chính nào {chi_tiet}."
    text = (
        f"Trong kỳ báo cáo, {chu_the} tiếp nhận {so_nguyen(t.tong_nhan)} hồ sơ thủ tục hành chính "
        f"(kỳ trước chuyển sang {so_nguyen(t.tu_ky_truoc)}, trực tuyến {so_nguyen(t.truc_tuyen)}, "
        f"trực tiếp hoặc qua dịch vụ bưu chính {so_nguyen(t.truc_tiep)}); đã giải quyết "
        f"{so_nguyen(t.da_giai_quyet)} hồ sơ (trước hạn {so_nguyen(t.truoc_han)}, đúng hạn "
        f"{so_nguyen(t.dung_han)}, quá hạn {so_nguyen(t.qua_han)}); đang giải quyết "
        f"{so_nguyen(t.dang_giai_quyet)} hồ sơ"
    )
    return f"{text} {chi_tiet}."


def mo_dau(c: Computed, don_vi: DonVi, ke_hoach: KeHoach) -> list[str]:
    """Returns the opening paragraphs: what is reported, under which plan, over which window."""
    plan = f"Kế hoạch số {ky_hieu(ke_hoach.so, 'KH', don_vi.ky_hieu).strip()} ngày {ngay_thang(ke_hoach.ngay)}"
    if ke_hoach.so is None:
        plan = f"Kế hoạch ngày {ngay_thang(ke_hoach.ngay)}"
    lines = [
        f"{don_vi.ten_goi} báo cáo kết quả thực hiện công tác cải cách hành chính {ten_ky(c.period, c.year)} "
        f"theo {plan} của nhà trường về {ke_hoach.trich_yeu[0].lower()}{ke_hoach.trich_yeu[1:]} "
        f"(số liệu tính từ ngày {ngay_thang(c.tu_ngay)} đến ngày {ngay_thang(c.den_ngay)}) như sau:"
    ]
    if c.report.uoc_tinh:
        lines.append(
            f"Số liệu từ sau ngày {ngay_thang(c.report.ngay)} đến ngày {ngay_thang(c.den_ngay)} là số liệu ước tính.",
        )
    return lines


def luy_ke_ghi_chu(c: Computed) -> str:
    """Returns the note under the targets table that says what the Lũy kế column adds up."""
    quarters = ", ".join(ten_ky(q, c.year).replace(f" năm {c.year}", "") for q in c.luy_ke_tu)
    return f"Cột “Lũy kế” cộng dồn số liệu từ đầu năm đến hết kỳ báo cáo ({quarters} năm {c.year})."


WORD_JOINER = "\u2060"
TAG_MARKS = ("{{", "}}", "{%", "%}", "{#", "#}")


def printable(text: str) -> str:
    """Returns text typed by the clerk as the document prints it: as typed, but safe.

    Control characters are left out (validation warns about them); a line
    break or tab becomes a space, so that words do not run together. A typed
    "{{" or "{%" is printed as typed, with an invisible word joiner between its
    two characters, so that no template engine and no layout check can take it
    for a tag. Autoescaping in the renderer takes care of "<", "&" and quotes.
    """
    if "{" not in text and "}" not in text and CONTROL_CHARS.search(text) is None:
        return text  # nearly every text, and each of the 110,000 numbers of a Biểu 06 of 10,000 rows
    text = CONTROL_CHARS.sub(lambda m: " " if m[0] in "\t\n\r\v\f" else "", text)
    for mark in TAG_MARKS:
        text = text.replace(mark, mark[0] + WORD_JOINER + mark[1])
    return text


def printable_all(value):
    """Returns a template context with :func:`printable` applied to every string in it."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):  # a text straight to printable(): Biểu 06 rows hold 130,000 of them
        return {k: printable(v) if type(v) is str else printable_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_all(v) for v in value]
    return value


def frame(don_vi: DonVi, ma_loai: str, so: int | None, ngay: date, noi_nhan: list[str], nguoi_ky: str | None) -> dict:
    """Returns what every document shares: the header block, Nơi nhận and the signature (the templates' shared pieces)."""
    signer = don_vi.nguoi_ky[nguoi_ky or don_vi.nguoi_ky_mac_dinh]
    return {
        "co_quan_chu_quan": (don_vi.co_quan_chu_quan or "").upper(),
        "ten_don_vi": don_vi.ten_don_vi.upper(),
        "so_ky_hieu": number_line(so, ma_loai, don_vi.ky_hieu),
        "dia_danh_ngay": date_line(don_vi.dia_danh, ngay),
        "noi_nhan": noi_nhan_lines(noi_nhan),
        "chuc_danh_ky": signature_lines(signer),
        "ho_ten_ky": signer.ho_ten,
    }


def context(c: Computed, don_vi: DonVi, ke_hoach: KeHoach) -> dict:
    """Returns the template context of a report: every string the template prints, ready to print."""
    r = c.report
    ky_bao_cao = ten_ky(c.period, c.year)
    return printable_all({
        **frame(don_vi, "BC", r.so, r.ngay, don_vi.noi_nhan_bao_cao, r.nguoi_ky),
        "trich_yeu": trich_yeu(c.period, c.year)[0],
        "trich_yeu_tiep": trich_yeu(c.period, c.year)[1],
        "kinh_gui": don_vi.kinh_gui or "",
        "mo_dau": mo_dau(c, don_vi, ke_hoach),
        "chi_dao_dieu_hanh": doan(r.chi_dao_dieu_hanh),
        "ket_qua": {area: doan(getattr(r.ket_qua, area)) for area in type(r.ket_qua).model_fields},
        "tthc_tom_tat": tthc_tom_tat(c),
        "bieu06": bieu06_context(c.bieu06, c.tu_ngay, c.den_ngay),
        "phu_luc_kem_theo": kem_theo("Báo cáo", "BC", r.so, r.ngay, don_vi),
        "chi_tieu": [chi_tieu_row(i, item) for i, item in enumerate(c.ket_qua_chi_tieu, 1)],
        "co_luy_ke": bool(c.luy_ke_tu),
        "luy_ke_ghi_chu": luy_ke_ghi_chu(c) if c.luy_ke_tu else "",
        "uu_diem": doan(r.danh_gia.uu_diem),
        "ton_tai": doan(r.danh_gia.ton_tai),
        "nguyen_nhan": doan(r.danh_gia.nguyen_nhan),
        "ky_sau": ky_sau(c.period, c.year).upper(),
        "phuong_huong": doan(r.phuong_huong),
        "kien_nghi": doan(r.kien_nghi, EMPTY_KIEN_NGHI),
        "ket_luan": (
            f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {ky_bao_cao} "
            f"của {don_vi.ten_goi}./."
        ),
    })


CHU_CAI = "abcdđeghiklmnopqrstuvxy"
"""The letters of điểm a), b), … in Vietnamese order (nd30.md, rule HEAD)."""



def so_la_ma(n: int) -> str:
    """Returns ``n`` in Roman numerals: 4 → "IV", 9 → "IX"."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def muc_tieu_text(chi_tieu: ChiTieu, width: int | None = None) -> str:
    """Returns a target as the plan's text prints it: "86%", "100%", "05" (``width`` 2), "tăng bậc"."""
    target = chi_tieu.muc_tieu
    if target is None or isinstance(target, str):
        return target or ""
    if width:
        return f"{int(target):0{width}d}"
    number = format_decimal(target, format="#,##0.#", locale=LOCALE)
    percent = chi_tieu.chi_so is not None and chi_tieu.chi_so not in ("tuyen_truyen_hinh_thuc", "tuyen_truyen_tan_suat")
    return number + ("%" if percent else "")


def expand_targets(text: str, chi_tieu: dict[str, ChiTieu]) -> str:
    """Returns ``text`` with each ((ma)) replaced by the target of ``ma``, so that a target is typed once."""
    return TARGET_MARK.sub(lambda m: muc_tieu_text(chi_tieu[m[1]], int(m[2]) if m[2] else None), text)


def can_cu_lines(lines: list[str]) -> list[str]:
    """Returns the căn cứ lines (rule CANCU): each ends with ";", the last with "."."""
    cleaned = [line.strip().rstrip(";.,").strip() for line in lines if line.strip()]
    return [f"{line}{'.' if i == len(cleaned) - 1 else ';'}" for i, line in enumerate(cleaned)]


def outline(ke_hoach: KeHoach) -> list[dict]:
    """Returns the plan's text as paragraphs with their kind (muc, khoan, diem, doan), numbered."""
    targets = {c.ma: c for c in ke_hoach.chi_tieu}
    rows: list[dict] = []

    def paragraphs(items):
        for item in items:
            for text in ([f"- {x}" for x in item] if isinstance(item, list) else [item]):
                rows.append({"kieu": "doan", "text": expand_targets(text, targets)})

    for i, muc in enumerate(ke_hoach.van_ban.muc, 1):
        rows.append({"kieu": "muc", "text": f"{so_la_ma(i)}. {muc.ten.upper()}"})
        paragraphs(muc.doan)
        for j, khoan in enumerate(muc.khoan, 1):
            rows.append({"kieu": "khoan", "text": f"{j}. {khoan.ten}"})
            paragraphs(khoan.doan)
            for k, diem in enumerate(khoan.diem):
                rows.append({"kieu": "diem", "text": f"{CHU_CAI[k % len(CHU_CAI)]}) {diem.ten}"})
                paragraphs(diem.doan)
    return rows


def plan_context(ke_hoach: KeHoach, don_vi: DonVi) -> dict:
    """Returns the template context of the year's plan (KẾ HOẠCH)."""
    van_ban = ke_hoach.van_ban
    targets = {c.ma: c for c in ke_hoach.chi_tieu}
    return printable_all({
        **frame(don_vi, "KH", ke_hoach.so, ke_hoach.ngay, ke_hoach.noi_nhan, ke_hoach.nguoi_ky),
        "trich_yeu": ke_hoach.trich_yeu,
        "can_cu": can_cu_lines(van_ban.can_cu),
        "mo_dau": [expand_targets(van_ban.mo_dau, targets)] if van_ban.mo_dau else [],
        "noi_dung": outline(ke_hoach),
        "ket_luan": expand_targets(van_ban.ket_luan, targets),
    })


def email_text(document: str, year: int, don_vi: DonVi, so: int | None, ngay: date) -> tuple[str, str]:
    """Returns the subject and the body of the e-mail that sends a document to the Phòng.

    Subject: "Báo cáo CCHC quý III năm 2023 - Trường THCS Bình Minh".
    """
    loai = "Kế hoạch CCHC" if document == "ke-hoach" else "Báo cáo CCHC"
    what = f"{loai} năm {year}" if document == "ke-hoach" else f"{loai} {ten_ky(document, year)}"
    so_ky_hieu = ky_hieu(so, "KH" if document == "ke-hoach" else "BC", don_vi.ky_hieu).strip()
    greeting = f"Kính gửi: {don_vi.kinh_gui}." if don_vi.kinh_gui else "Kính gửi Quý cơ quan."
    body = (
        f"{greeting}\n\n"
        f"{don_vi.ten_goi} trân trọng gửi {what[0].lower()}{what[1:]} "
        f"(số {so_ky_hieu} ngày {ngay_thang(ngay)}) trong tệp đính kèm.\n\n"
        f"Trân trọng.\n{don_vi.ten_goi}\n"
    )
    return f"{what} - {don_vi.ten_goi}", body
