"""The office's workbook (TH-CCHC-<PERIOD>-<year>-<KY_HIEU>.xlsx): four sheets named as spec/tong-hop.md fixes.

Numbers are stored as numbers and dates as dates, so the specialist can sum
and filter; header rows are frozen; column widths fit their longest cell. The
same data gives the same bytes (fixed properties and zip timestamps).
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, time

from generator.compute import BIEU06_COT, bieu06_total
from generator.models import BieuTthcRow, Figures
from generator.present import DANH_GIA, round_half_up
from generator.render import stable_zip
from generator.tong_hop import TRANG_THAI, TongHop

SHEETS = ("Tinh hinh nop", "Chi tieu", "Bieu 06", "So lieu")
BIEU06_HEADERS = (  # Thông tư 01/2020/TT-VPCP, Biểu 06: the headers of columns (3)…(13), in compute.BIEU06_COT's order
    "(3) Tổng số nhận", "(4) Nhận trực tuyến", "(5) Nhận trực tiếp, bưu chính", "(6) Kỳ trước chuyển qua",
    "(7) Tổng số đã giải quyết", "(8) Trước hạn", "(9) Đúng hạn", "(10) Quá hạn",
    "(11) Tổng số đang giải quyết", "(12) Trong hạn", "(13) Quá hạn",
)
MAX_WIDTH = 60


def raw_counts(figures: Figures) -> dict[str, int | str]:
    """Returns every raw count of a school's figures under a dotted name ("khao_sat.so_phieu"); Biểu 06 by column totals."""
    total = bieu06_total(figures.tthc)
    counts: dict[str, int | str] = {f"tthc.{c}": getattr(total, c) for c in BieuTthcRow.model_fields if c != "linh_vuc"}
    for group in ("khao_sat", "van_ban", "pakn", "kien_nghi_thanh_tra", "chuyen_truong", "boi_duong"):
        counts.update({f"{group}.{k}": v for k, v in getattr(figures, group).model_dump().items()})
    counts["tuyen_truyen.so_lan"] = figures.tuyen_truyen.so_lan
    counts["tuyen_truyen.hinh_thuc"] = "; ".join(figures.tuyen_truyen.hinh_thuc)
    return counts


def indicator_number(indicator) -> float | None:
    """Returns an indicator as the sheet stores it: percent (94.0), a count, or times per week, rounded as shown; None if nothing arose."""
    value = indicator.value
    if value is None:
        return None
    return float(round_half_up(value * 100 if indicator.kind == "percent" else value))


def _sheet(wb, title: str, header: list[str], rows: list[list], frozen: str):
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = frozen
    for column in ws.columns:
        longest = max(len(_shown(c.value)) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(MAX_WIDTH, longest + 2)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY"
    return ws


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "00/00/0000"
    return str(value)


def workbook(th: TongHop) -> bytes:
    """Returns the .xlsx of the office's figures."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    day = th.computed.report.ngay
    _sheet(wb, SHEETS[0], ["ky_hieu", "ten", "file", "so", "ngay", "status"], [
        [t.ky_hieu, t.ten, t.path.name if t.path else None, t.bao_cao.ky.so if t.bao_cao else None,
         datetime.combine(t.bao_cao.ky.ngay, time()) if t.bao_cao else None,
         "; ".join(TRANG_THAI[m] for m in t.trang_thai)]
        for t in th.truong], "C2")
    header = ["ky_hieu", "ten"]
    for c in th.targets:
        header += [f"{c.chi_so} ({'%' if c.chi_so not in ('tuyen_truyen_hinh_thuc', 'tuyen_truyen_tan_suat') else 'số'})",
                   f"{c.chi_so} (đánh giá)"]
    _sheet(wb, SHEETS[1], header, [
        [t.ky_hieu, t.ten] + [x for k in t.ket_qua for x in (indicator_number(k.indicator), DANH_GIA[k.danh_gia])]
        for t in th.sent], "C2")
    bieu = th.computed.bieu06
    _sheet(wb, SHEETS[2], ["linh_vuc", *BIEU06_HEADERS],
           [[r.linh_vuc] + [r.cot[c] for c in BIEU06_COT] for r in [*bieu.dong, bieu.tong]], "B2")
    counts = [raw_counts(t.bao_cao.so_lieu) for t in th.sent]
    names = list(counts[0]) if counts else []
    _sheet(wb, SHEETS[3], ["ky_hieu", "ten"] + names,
           [[t.ky_hieu, t.ten] + [c[n] for n in names] for t, c in zip(th.sent, counts)], "C2")
    moment = datetime.combine(day, time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = wb.properties.lastModifiedBy = "cchc-docs"
    out = io.BytesIO()
    # Workbook.save stamps "modified" with the clock; the writer itself keeps the date set above.
    ExcelWriter(wb, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return stable_zip(out.getvalue(), day)
