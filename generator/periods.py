"""The reporting periods and their data windows (Nghị định 09/2019/NĐ-CP, Điều 12)."""
from __future__ import annotations

from datetime import date

def quarter_number(period: str) -> int | None:
    """Returns 1–4 for "q1"–"q4"; None for "nam"."""
    return int(period[1]) if period.startswith("q") else None


def data_window(period: str, year: int) -> tuple[date, date]:
    """Returns the first and last day of the data window of ``period`` in ``year``.

    A quarter runs from the 15th of the month before it to the 14th of its last
    month (Q1: 15/12 of the previous year – 14/3); the year from 15/12 of the
    previous year to 14/12.
    """
    q = quarter_number(period)
    if q is None:
        return date(year - 1, 12, 15), date(year, 12, 14)
    start = date(year - 1, 12, 15) if q == 1 else date(year, 3 * q - 3, 15)
    return start, date(year, 3 * q, 14)
