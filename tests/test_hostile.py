"""Hostile text anywhere a clerk can type: printed literally, never evaluated, in a valid document that passes check."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess

import pytest
from docx import Document
from ruamel.yaml import YAML

from conftest import REPO, bieu06_rows, sample_options, to_pdf
from generator.check import check_document
from generator.load import read_source
from generator.pipeline import build

# Documents of 20,000-character paragraphs and 1,000-row tables: the full suite (CI) builds them, not the everyday subset.
pytestmark = pytest.mark.slow

SAMPLE_Q3 = read_source(REPO / "inputs" / "2023" / "q3.yaml", REPO / "inputs" / "2023" / "q3.yaml").data
HOSTILE = [
    "Ký tự XML & < > \" ' “ ” phải in đúng như gõ",
    "Thẻ mẫu {{ ten_don_vi }} và {% if true %}có{% endif %} và {# chú thích #} không được thực thi",
    "Ký tự điều khiển\x07 giữa\x1b[31m câu",
    "Biểu tượng 📄✅ và dấu phải-sang-trái \u200fעברית\u200f trong câu",
    "{%p for x in y %}",
    "}}{{ r.stt }}",
]
CASES = {
    "ky-tu": lambda d: d["ket_qua"].__setitem__("the_che", HOSTILE) or d["danh_gia"].__setitem__("uu_diem", HOSTILE[:2]),
    "doan-dai": lambda d: d.__setitem__("kien_nghi", ["Đoạn rất dài " + "nội dung báo cáo " * 1180]),
    "nhieu-doan": lambda d: d.__setitem__("chi_dao_dieu_hanh", [f"Đoạn văn số {i} của phần chỉ đạo, điều hành." for i in range(500)]),
    "bieu-lon": lambda d: d["so_lieu"].__setitem__("tthc", [
        {"linh_vuc": f"Lĩnh vực {i}", "tu_ky_truoc": 0, "truc_tuyen": i % 7, "truc_tiep": 1, "truoc_han": i % 7,
         "dung_han": 1, "qua_han": 0, "dang_trong_han": 0, "dang_qua_han": 0} for i in range(1000)]),
}


def visible_text(path) -> str:
    doc = Document(path)
    cells = [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells).replace("\u2060", "")


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory):
    """Builds the q3 report once per hostile case; returns case → (written .docx, the build's warnings)."""
    built = {}
    for name, mutate in CASES.items():
        folder = tmp_path_factory.mktemp(name)
        shutil.copytree(REPO / "inputs", folder / "inputs")
        data = copy.deepcopy(SAMPLE_Q3)
        mutate(data)
        out = io.StringIO()
        YAML(typ="safe", pure=True).dump(data, out)
        (folder / "inputs" / "2023" / "q3.yaml").write_text(out.getvalue(), encoding="utf-8")
        result = build("q3", sample_options(folder / "outputs", inputs=folder / "inputs"))
        built[name] = (result.written[0], result.warnings, result.layout)
    return built


def test_special_characters_are_printed_as_typed_and_never_evaluated(hostile_builds):
    path, warnings, layout = hostile_builds["ky-tu"]
    text = visible_text(path)
    assert "Ký tự XML & < > \" ' “ ” phải in đúng như gõ" in text
    assert "Thẻ mẫu {{ ten_don_vi }} và {% if true %}có{% endif %} và {# chú thích #} không được thực thi" in text
    assert "{%p for x in y %}" in text and "}}{{ r.stt }}" in text
    assert "Biểu tượng 📄✅ và dấu phải-sang-trái \u200fעברית\u200f trong câu" in text
    assert "Ký tự điều khiển giữa[31m câu" in text  # the control characters are left out …
    assert any("ký tự điều khiển" in w.message and w.line for w in warnings)  # … with a located warning
    assert layout == [] and check_document(path) == []


def test_a_20000_character_paragraph(hostile_builds):
    path, _, layout = hostile_builds["doan-dai"]
    para = next(p.text for p in Document(path).paragraphs if p.text.startswith("Đoạn rất dài"))
    assert len(para) >= 20000
    assert layout == []


def test_500_paragraphs_in_one_section(hostile_builds):
    path, _, layout = hostile_builds["nhieu-doan"]
    texts = [p.text for p in Document(path).paragraphs]
    assert [t for t in texts if t.startswith("Đoạn văn số ")] == [f"Đoạn văn số {i} của phần chỉ đạo, điều hành." for i in range(500)]
    assert layout == []


def test_a_1000_row_bieu_06(hostile_builds):
    path, _, layout = hostile_builds["bieu-lon"]
    rows = bieu06_rows(Document(path))
    assert len(rows) == 1000 + 1
    assert rows[999][:5] == ["1000", "Lĩnh vực 999", str(999 % 7 + 1), str(999 % 7), "1"]  # (3) = (4) + (5) + (6)
    online = sum(i % 7 for i in range(1000))
    assert rows[-1][1:5] == ["Tổng cộng", f"{online + 1000:,}".replace(",", "."), f"{online:,}".replace(",", "."), "1.000"]
    assert layout == []


def test_libreoffice_opens_every_hostile_output(hostile_builds, tmp_path):
    copies = []
    for name, (path, _, _) in hostile_builds.items():  # one name per case: the outputs all share one file name
        copies.append(tmp_path / f"{name}.docx")
        shutil.copy(path, copies[-1])
    pdfs = to_pdf(copies, tmp_path)
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    ky_tu = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "{{ ten_don_vi }}" in ky_tu.replace("\u2060", "")
