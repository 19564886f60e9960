"""Shared fixtures: the repository's sample workspace, documents built from it, LibreOffice, the schema validator.

Tests that need LibreOffice skip when `soffice` is missing, unless
CCHC_REQUIRE_SOFFICE=1 (set by .ci/run), where a missing soffice is a failure.

Every .docx the suite builds is checked against the Open XML schema after the
test that built it (see :func:`schema_valid_outputs`): Microsoft Word reads
our documents, and it drops or "recovers" what LibreOffice forgives.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import generator.write
from generator.pipeline import Options, build

REPO = Path(__file__).resolve().parent.parent
QUARTERS = ("q1", "q2", "q3")
DOCUMENTS = QUARTERS + ("nam", "ke-hoach")


def sample_options(outputs: Path, inputs: Path = REPO / "inputs") -> Options:
    return Options(inputs=inputs, templates=REPO / "templates", outputs=outputs)


def sample_with_tthc(root: Path, rows: list[dict]) -> Path:
    """Copies the sample's inputs under ``root`` with q3's Biểu 06 rows (so_lieu.tthc) replaced by ``rows``; returns the inputs folder."""
    from ruamel.yaml import YAML

    shutil.copytree(REPO / "inputs", root / "inputs")
    path = root / "inputs" / "2023" / "q3.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["so_lieu"]["tthc"] = rows
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return root / "inputs"


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


# ---------------------------------------------------------------------------------------------------------------
# The Open XML schema, as Word reads it.
#
# The validator is openxml-audit (MIT, pure Python): a port of the Open XML SDK's validator, whose findings of
# type "schema" are the SDK's schema errors; the rules of Office 2016, the oldest Word a school may still run.
# The ECMA-376 XSDs through lxml were the other choice: they know nothing of the Office extensions
# (w14, w15) Word itself writes, and the SDK's reading of them is what Word does.

SCHEMA_CAP_PER_TEST = int(os.environ.get("CCHC_SCHEMA_PER_TEST", "10"))
"""At most this many distinct documents a test builds are validated, then one in 250 (the fuzzers build thousands)."""


def schema_errors(source) -> list[str]:
    """Returns each Open XML schema error of a .docx (a path or its bytes) as "part path: description"; [] when valid."""
    from openxml_audit import FileFormat, OpenXmlValidator, ValidationErrorType

    if isinstance(source, bytes):
        folder = Path(os.environ.get("TMPDIR", "/tmp"))
        path = folder / f"cchc-schema-{hashlib.sha256(source).hexdigest()[:16]}-{os.getpid()}.docx"
        path.write_bytes(source)
        try:
            return schema_errors(path)
        finally:
            path.unlink(missing_ok=True)
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2016, max_errors=0, semantic_validation=False).validate(source)
    return [f"{e.part_uri}{':' + e.path if e.path else ''}: {e.description}"
            for e in result.errors if e.error_type == ValidationErrorType.SCHEMA]


def assert_schema_valid(source, name: str = "") -> None:
    """Fails the test when a .docx (a path or its bytes) has any Open XML schema error, listing them."""
    errors = schema_errors(source)
    assert not errors, f"{name or source} has {len(errors)} Open XML schema error(s):\n" + "\n".join(errors[:20])


def zip_duplicates(source) -> list[str]:
    """Returns the names that occur more than once among the zip entries of a .docx (a path or its bytes)."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
        names = z.namelist()
    return sorted({n for n in names if names.count(n) > 1})


def with_part_changed(path, part: str, change) -> bytes:
    """Returns the bytes of the .docx at ``path`` with the XML of ``part`` passed through ``change`` (an lxml tree → None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                tree = etree.fromstring(data)
                change(tree)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return out.getvalue()


_written: list[tuple[str, bytes]] = []
_validated: set[str] = set()
_real_write_atomic = generator.write.write_atomic


def _recording_write_atomic(target: Path, data: bytes) -> None:
    if target.suffix == ".docx" and data[:2] == b"PK":
        _written.append((str(target), data))
    _real_write_atomic(target, data)


generator.write.write_atomic = _recording_write_atomic


@pytest.fixture(autouse=True)
def schema_valid_outputs(request):
    """After each test, checks the documents the program wrote during it (its fixtures' too) against the schema.

    Identical documents (the sample, built by many tests) are validated once.
    A test marked ``template_schema_errors`` builds from a template that has
    errors of its own (LibreOffice's) and checks itself that we add none.
    """
    yield
    pending = [(name, data) for name, data in _written]
    _written.clear()
    if request.node.get_closest_marker("template_schema_errors"):
        return
    fresh = {}
    for name, data in pending:
        fresh.setdefault(hashlib.sha256(data).hexdigest(), (name, data))
    fresh = {k: v for k, v in fresh.items() if k not in _validated}
    for i, (digest, (name, data)) in enumerate(fresh.items()):
        if i < SCHEMA_CAP_PER_TEST or i % 250 == 0:
            _validated.add(digest)
            try:
                names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            except zipfile.BadZipFile:
                continue  # a test of the writer, with bytes that are no document
            if "word/document.xml" in names:
                assert not zip_duplicates(data), f"{name}: duplicate zip entries {zip_duplicates(data)}"
                assert_schema_valid(data, name)
