"""Shared fixtures: the repository's sample workspace, documents built from it, and LibreOffice.

Tests that need LibreOffice skip when `soffice` is missing, unless
CCHC_REQUIRE_SOFFICE=1 (set by .ci/run), where a missing soffice is a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.pipeline import Options, build

REPO = Path(__file__).resolve().parent.parent
QUARTERS = ("q1", "q2", "q3")
DOCUMENTS = QUARTERS + ("nam", "ke-hoach")


def sample_options(outputs: Path, inputs: Path = REPO / "inputs") -> Options:
    return Options(inputs=inputs, templates=REPO / "templates", outputs=outputs)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Returns every document of the sample (q1–q3, the year, the plan) built once into a temporary outputs folder."""
    out = tmp_path_factory.mktemp("outputs")
    return {d: build(d, sample_options(out)).written[0] for d in DOCUMENTS}


def soffice_or_skip() -> str:
    """Returns the LibreOffice executable; skips the test when absent (fails instead under CCHC_REQUIRE_SOFFICE=1)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CCHC_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here (CCHC_REQUIRE_SOFFICE=1) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def to_pdf(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """Returns the PDFs LibreOffice makes of ``docx_files`` (one soffice process for all)."""
    exe = soffice_or_skip()
    profile = out_dir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), *map(str, docx_files)],
        check=True, capture_output=True, timeout=240,
    )
    return [out_dir / (f.stem + ".pdf") for f in docx_files]


def effective(paragraph, attribute):
    """Returns a font attribute of the paragraph's first run as Word resolves it: run, then the style chain."""
    run = next((r for r in paragraph.runs if r.text.strip()), None)
    value = getattr(run.font, attribute) if run is not None else None
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def form_columns(row: dict) -> list[int]:
    """Returns the columns (3)…(13) of Biểu 06 (Thông tư 01/2020/TT-VPCP) for an input row, summed here from the input."""
    received = [row["truc_tuyen"], row["truc_tiep"], row["tu_ky_truoc"]]
    resolved = [row["truoc_han"], row["dung_han"], row["qua_han"]]
    pending = [row["dang_trong_han"], row["dang_qua_han"]]
    return [sum(received), *received, sum(resolved), *resolved, sum(pending), *pending]


BIEU06_HEADER_ROWS = 3
"""The grouped header of Biểu 06 is two rows, then the (1)…(13) numbering row."""


def bieu06_rows(document) -> list[list[str]] | None:
    """Returns the cell texts of Biểu 06 below its header rows (a python-docx Document), or None when there is no Biểu 06."""
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and any(c.startswith("Lĩnh vực") for c in rows[0]):
            return rows[BIEU06_HEADER_ROWS:]
    return None


def split_at_annex(document) -> tuple[list, list]:
    """Returns the paragraphs of the body's section and those of the annex after it (python-docx Paragraphs)."""
    paragraphs = document.paragraphs
    end = next(i for i, p in enumerate(paragraphs) if p._p.pPr is not None and p._p.pPr.sectPr is not None)
    return paragraphs[:end + 1], paragraphs[end + 1:]
