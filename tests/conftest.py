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
