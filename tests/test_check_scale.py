"""The layout checker's time grows in proportion to the document: a Biểu 06 ten times longer costs about ten times more.

A school that types every dossier as a row makes an annex table of thousands
of rows, and `build` checks what it wrote; a check that re-reads the table for
each cell (its grid, its rows) would take minutes there.
"""
from __future__ import annotations

import io
import time

import pytest
from docx import Document

from conftest import sample_options, sample_with_tthc
from generator.check import check_document
from generator.pipeline import build


def report_with_rows(tmp_path, n: int) -> bytes:
    """Returns the q3 report of the sample built with a Biểu 06 of ``n`` balanced rows."""
    inputs = sample_with_tthc(tmp_path, [
        {"linh_vuc": f"Thủ tục hành chính thứ {i} của nhà trường", "tu_ky_truoc": 0, "truc_tuyen": i % 7, "truc_tiep": 1,
         "truoc_han": i % 7, "dung_han": 1, "qua_han": 0, "dang_trong_han": 0, "dang_qua_han": 0}
        for i in range(1, n + 1)
    ])
    return build("q3", sample_options(tmp_path / "out", inputs=inputs)).written[0].read_bytes()


def table_in_arial(n: int) -> bytes:
    """Returns a document of one body table of ``n`` rows of 13 cells typed in Arial: a FONT violation in every cell."""
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.add_paragraph("Số liệu giải quyết thủ tục hành chính trong kỳ như sau:")
    table = document.add_table(rows=n, cols=13)
    for i, row in enumerate(table.rows, 1):
        for j, cell in enumerate(row.cells):
            cell.text = f"Thủ tục thứ {i}" if j == 1 else str(i * j)
    document.add_paragraph("Nơi nhận:")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cpu_seconds(docx: bytes) -> float:
    """Returns the least CPU time of three checks: the one other work on the machine disturbed least."""
    times = []
    for _ in range(3):
        start = time.process_time()
        check_document(docx)
        times.append(time.process_time() - start)
    return min(times)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[int, bytes]:
    return {n: report_with_rows(tmp_path_factory.mktemp(f"rows{n}"), n) for n in (200, 2000)}


@pytest.mark.slow
def test_checking_ten_times_the_rows_of_biểu_06_takes_about_ten_times_as_long(reports):
    small, large = reports[200], reports[2000]
    assert check_document(large) == []  # the time measured is that of a whole check, not of an early stop
    assert cpu_seconds(large) / cpu_seconds(small) < 15


@pytest.mark.slow
def test_a_violation_in_every_cell_of_a_long_table_is_named_in_time_proportional_to_the_cells():
    small, large = table_in_arial(200), table_in_arial(2000)
    font = [v for v in check_document(large) if v.code == "FONT" and v.area == "body"]
    assert [v.count for v in font] == [1 + 2000 * 13]  # the line above the table, and every cell named by its row
    assert cpu_seconds(large) / cpu_seconds(small) < 15
