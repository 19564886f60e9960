"""A unit's name too long for its header column breaks where a reader would break it, and `check` reads it as one name."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, sample_options
from generator.names import break_name, kind_length, words
from generator.ooxml import RunFormat, text_width_pt
from generator.pipeline import build

COLUMN_PT = (3685 - 2 * 45) / 20
"""The text width of the header's left column: 6.5 cm less 0.08 cm of padding each side."""
NAME_EXAMPLES = int(os.environ.get("CCHC_FUZZ_NAME_EXAMPLES", "25"))


def column(bold: bool, size: float = 13):
    fmt = RunFormat(size_pt=size, bold=bold)
    return lambda line: text_width_pt(line, fmt) <= COLUMN_PT


def chars(n: int):
    return lambda line: len(line) <= n


@pytest.mark.parametrize("name, bold, lines", [
    ("UBND PHƯỜNG HOÀNG VĂN THỤ", False, ["UBND PHƯỜNG", "HOÀNG VĂN THỤ"]),
    ("TRƯỜNG TIỂU HỌC HÒA BÌNH", True, ["TRƯỜNG TIỂU HỌC", "HÒA BÌNH"]),
    ("TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN TRÃI", False, ["TRƯỜNG TRUNG HỌC CƠ SỞ", "NGUYỄN TRÃI"]),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", False, ["PHÒNG GIÁO DỤC", "VÀ ĐÀO TẠO"]),
    ("UBND THÀNH PHỐ BUÔN MA THUỘT", True, ["UBND THÀNH PHỐ", "BUÔN MA THUỘT"]),
    ("ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", False, ["ỦY BAN NHÂN DÂN QUẬN", "HOÀN KIẾM"]),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH OAI", False, ["PHÒNG GIÁO DỤC", "VÀ ĐÀO TẠO", "HUYỆN THANH OAI"]),
    ("TRƯỜNG THCS BÌNH MINH", True, ["TRƯỜNG THCS BÌNH MINH"]),
])
def test_a_long_name_breaks_after_its_kind_of_unit(name, bold, lines):
    assert break_name(name, column(bold)) == lines


def test_the_kind_breaks_before_its_va_never_after_it():
    assert break_name("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", chars(18)) == ["PHÒNG GIÁO DỤC", "VÀ ĐÀO TẠO"]
    assert break_name("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", chars(17)) == ["PHÒNG GIÁO DỤC", "VÀ ĐÀO TẠO"]  # not "… DỤC VÀ / ĐÀO TẠO"


def test_a_word_of_two_syllables_and_the_proper_name_stay_whole():
    # "TRƯỜNG TRUNG HỌC CƠ / SỞ …" (the word "cơ sở" split) and "… HOÀNG / VĂN THỤ" are never chosen.
    assert break_name("TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN TRÃI", chars(20)) == ["TRƯỜNG", "TRUNG HỌC CƠ SỞ", "NGUYỄN TRÃI"]
    assert break_name("UBND PHƯỜNG HOÀNG VĂN THỤ", chars(19)) == ["UBND PHƯỜNG", "HOÀNG VĂN THỤ"]
    assert break_name("UBND PHƯỜNG HOÀNG VĂN THỤ", chars(12)) is None  # the name itself needs two lines: Word wraps it
    assert words("TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN TRÃI") == ["TRƯỜNG", "TRUNG HỌC CƠ SỞ", "NGUYỄN", "TRÃI"]


@pytest.mark.parametrize("name, fits, lines", [
    ("BÌNHMINHHOÀNGVĂNTHỤ", chars(8), None),  # one word: nothing to break
    ("", chars(8), [""]),
    ("TRƯỜNG THCS A", chars(40), ["TRƯỜNG THCS A"]),
    ("CÔNG TY CỔ PHẦN SÁCH GIÁO DỤC", chars(22), ["CÔNG TY CỔ PHẦN", "SÁCH GIÁO DỤC"]),  # unknown kind: two words below ("giáo dục" is one)
])
def test_edge_cases(name, fits, lines):
    assert break_name(name, fits) == lines


def test_the_kind_of_unit():
    assert kind_length(words("UBND PHƯỜNG HOÀNG VĂN THỤ")) == 2
    assert kind_length(words("TRƯỜNG TH VÀ THCS HÒA BÌNH")) == 4
    assert kind_length(words("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH OAI")) == 4
    assert kind_length(words("BÌNH MINH")) == 0


def workspace(root, co_quan_chu_quan: str, ten_don_vi: str):
    shutil.copytree(REPO / "inputs", root / "inputs", dirs_exist_ok=True)
    path = root / "inputs" / "don-vi.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^co_quan_chu_quan:[^#\n]*", f"co_quan_chu_quan: '{co_quan_chu_quan}' ", text)
    text = re.sub(r"(?m)^ten_don_vi:[^#\n]*", f"ten_don_vi: '{ten_don_vi}' ", text)
    path.write_text(text, encoding="utf-8")
    return root


def header_lines(path) -> list[str]:
    """Returns the paragraphs of the header's left column, a line break shown as " / "."""
    cell = Document(str(path)).tables[0].rows[0].cells[0]
    return [p.text.replace("\n", " / ") for p in cell.paragraphs if p.text.strip()]


@pytest.mark.parametrize("chu_quan, don_vi, lines", [
    ("UBND PHƯỜNG HOÀNG VĂN THỤ", "TRƯỜNG TIỂU HỌC HÒA BÌNH", ["UBND PHƯỜNG / HOÀNG VĂN THỤ", "TRƯỜNG TIỂU HỌC / HÒA BÌNH"]),
    ("UBND QUẬN ĐỐNG ĐA", "TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN TRÃI", ["UBND QUẬN ĐỐNG ĐA", "TRƯỜNG TRUNG HỌC CƠ SỞ / NGUYỄN TRÃI"]),
])
def test_the_build_breaks_the_header_names_and_its_own_check_is_clean(tmp_path, chu_quan, don_vi, lines):
    root = workspace(tmp_path, chu_quan, don_vi)
    result = build("q3", sample_options(root / "outputs", inputs=root / "inputs"))
    assert header_lines(result.written[0]) == lines
    assert result.layout == []


VIETNAMESE_SYLLABLES = ["HOÀNG", "VĂN", "THỤ", "NGUYỄN", "TRÃI", "BÌNH", "MINH", "HÒA", "LÊ", "HỒNG", "PHONG", "ĐỨC",
                        "THƯỢNG", "QUANG", "TRUNG", "KIM", "LIÊN", "A", "Ư", "NGHĨA", "KHƯƠNG", "ĐÌNH"]
KINDS = ["", "UBND PHƯỜNG", "UBND XÃ", "UBND HUYỆN", "UBND THÀNH PHỐ", "ỦY BAN NHÂN DÂN QUẬN", "TRƯỜNG TIỂU HỌC",
         "TRƯỜNG TRUNG HỌC CƠ SỞ", "TRƯỜNG THCS", "TRƯỜNG MẦM NON", "TRƯỜNG TH VÀ THCS", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ", "CÔNG TY"]
unit_name = st.builds(
    lambda kind, name: " ".join(filter(None, [kind, " ".join(name)])) or "A",
    st.sampled_from(KINDS), st.lists(st.sampled_from(VIETNAMESE_SYLLABLES), min_size=0, max_size=7),
) | st.text(alphabet="ABCDĐEGHIKLMNOPQRSTUVXYÀÁẢÃẠĂÂÊÔƠƯ", min_size=1, max_size=40)


@pytest.mark.slow
@settings(max_examples=NAME_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chu_quan=unit_name, don_vi=unit_name)
def test_the_build_is_clean_for_any_unit_name(tmp_path_factory, chu_quan, don_vi):
    """Long, short, one word: the program's own check finds nothing wrong in the header it made."""
    root = workspace(tmp_path_factory.mktemp("names"), chu_quan, don_vi)
    result = build("q3", sample_options(root / "outputs", inputs=root / "inputs"))
    assert [str(p) for p in result.layout] == []
