"""The layout checker's time and memory grow in proportion to the document: a Biểu 06 ten times longer costs about
ten times more, and a long table is never held whole.

A school that types every dossier as a row makes an annex table of thousands
of rows, and `build` checks what it wrote; a check that re-reads the table for
each cell (its grid, its rows) would take minutes there, and one that holds
the table as a tree takes hundreds of megabytes.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import REPO, sample_options, sample_with_tthc
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


def long_table(n: int, font: str = "Arial") -> bytes:
    """Returns :func:`table_in_arial` of ``n`` rows, its one row repeated with each row's own figures (python-docx takes
    seconds to add thousands of rows), typed in ``font``."""
    with zipfile.ZipFile(io.BytesIO(table_in_arial(1))) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'"Arial"', f'"{font}"'.encode())
    xml = parts["word/document.xml"].decode("utf-8")
    row = re.search(r"<w:tr>.*?</w:tr>", xml).group()
    texts = iter(f"Thủ tục thứ {i}" if j == 1 else str(i * j) for i in range(1, n + 1) for j in range(13))
    rows = "".join(re.sub(r"<w:t>[^<]*</w:t>", lambda _m: f"<w:t>{next(texts)}</w:t>", row) for _ in range(n))
    parts["word/document.xml"] = xml.replace(row, rows).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def profiled(docx: bytes) -> dict[str, int]:
    """Returns how many times each function was called while checking ``docx``: a count of work that no other load on
    the machine changes. The document is checked once before, so that what the checker remembers of texts it has
    seen (in other tests too) is the same for every document measured."""
    check_document(docx)
    profile = cProfile.Profile()
    profile.runcall(check_document, docx)
    calls: dict[str, int] = {}
    for (_file, _line, name), (_primitive, total, *_rest) in pstats.Stats(profile).stats.items():
        calls[name] = calls.get(name, 0) + total
    return calls


def test_the_work_of_a_check_grows_in_proportion_to_the_rows_and_a_table_is_measured_once():
    small, large = profiled(long_table(100)), profiled(long_table(1000))
    # Ten times the rows (and their figures a digit longer): a term in rows² or rows × log(rows) would pass 11.
    assert sum(large.values()) / sum(small.values()) < 11
    assert large["_grid_columns"] == large["table_cell_margins"] == 1  # read once for the table, not for each row or cell
    assert large["row_cells"] == small["row_cells"]  # rows alike are resolved once


PEAK_KB = """
import re, sys
from generator.check import check_document
check_document(open(sys.argv[1], "rb").read())
print(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1])
"""


def peak_mb(path: Path) -> float:
    """Returns the peak resident memory of a fresh process that checks the document at ``path``, in MB."""
    out = subprocess.run([sys.executable, "-c", PEAK_KB, str(path)], capture_output=True, text=True, check=True,
                         cwd=REPO).stdout
    return int(out) / 1024


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the peak is read from Linux's /proc")
def test_checking_a_long_table_holds_little_more_than_its_text_in_memory(tmp_path):
    for n in (30, 3000):
        (tmp_path / f"{n}.docx").write_bytes(long_table(n, "Times New Roman"))  # clean: no violation to hold per cell
    grown = peak_mb(tmp_path / "3000.docx") - peak_mb(tmp_path / "30.docx")
    # 39,000 cells: about 9 KB a row as Python objects; the tree of the table alone would take about 35 KB a row.
    assert grown < 3000 * 15 / 1024, grown
