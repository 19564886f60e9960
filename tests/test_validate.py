"""Loading and validation: located problems, the clerk's YAML habits, the data windows."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from conftest import REPO
from generator.errors import InputError
from generator.load import load_inputs, read_source
from generator.periods import data_window
from generator.validate import validate


@pytest.fixture
def inputs(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    return tmp_path / "inputs"


def problems_of(inputs, period="q3"):
    with pytest.raises(InputError) as info:
        validate(load_inputs(inputs, None, [period]))
    return info.value.problems


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("q1", date(2022, 12, 15), date(2023, 3, 14)),
        ("q2", date(2023, 3, 15), date(2023, 6, 14)),
        ("q3", date(2023, 6, 15), date(2023, 9, 14)),
        ("q4", date(2023, 9, 15), date(2023, 12, 14)),
        ("nam", date(2022, 12, 15), date(2023, 12, 14)),
    ],
)
def test_data_windows_of_decree_09_2019(period, start, end):
    assert data_window(period, 2023) == (start, end)


def test_sample_is_valid_and_uses_the_newest_year():
    valid = validate(load_inputs(REPO / "inputs", None, ["q1", "q2", "q3"]))
    assert valid.year == 2023
    assert valid.warnings == []
    assert valid.don_vi.noi_nhan_bao_cao == ["Như trên", "Lưu: VT"]


def test_a_line_with_colon_space_is_text_not_a_mapping(inputs):
    edit(inputs / "2023" / "q3.yaml", "kien_nghi: []", "kien_nghi:\n  - Đề nghị: tổ chức tập huấn cho văn thư")
    valid = validate(load_inputs(inputs, None, ["q3"]))
    assert valid.reports["q3"].kien_nghi == ["Đề nghị: tổ chức tập huấn cho văn thư"]


def test_text_is_normalised_to_nfc(inputs):
    decomposed = "Trường THCS Bình Minh".replace("ờ", "o\u031b\u0300")
    edit(inputs / "don-vi.yaml", "ten_goi: Trường THCS Bình Minh", f"ten_goi: {decomposed}")
    assert validate(load_inputs(inputs, None, ["q3"])).don_vi.ten_goi == "Trường THCS Bình Minh"


def test_impossible_date_is_located(inputs):
    edit(inputs / "2023" / "q3.yaml", "ngay: 2023-08-28", "ngay: 2023-02-30")
    [problem] = problems_of(inputs)
    assert (problem.file.name, problem.line, problem.column) == ("q3.yaml", 3, 1)
    assert "2023-02-30" in problem.message and "lịch" in problem.message


def test_date_in_another_format_gets_the_iso_hint(inputs):
    edit(inputs / "2023" / "q3.yaml", "ngay: 2023-08-28", "ngay: 28/08/2023")
    [problem] = problems_of(inputs)
    assert "28/08/2023" in problem.message and "YYYY-MM-DD" in problem.hint


def test_percentage_typed_for_a_count(inputs):
    edit(inputs / "2023" / "q3.yaml", "hai_long: 141", "hai_long: 94%")
    [problem] = problems_of(inputs)
    assert "94%" in problem.message and problem.hint


def test_negative_count(inputs):
    edit(inputs / "2023" / "q3.yaml", "so_lan: 14", "so_lan: -1")
    [problem] = problems_of(inputs)
    assert "so_lan" in problem.message and "-1" in problem.message


def test_unknown_signer_and_unknown_manual_target(inputs):
    edit(inputs / "2023" / "q3.yaml", "nguoi_ky: hieu_truong", "nguoi_ky: hieu_pho")
    edit(inputs / "2023" / "q3.yaml", "{ma: chi_so_cchc,", "{ma: chi_so_cchx,")
    messages = " | ".join(p.message for p in problems_of(inputs))
    assert "hieu_pho" in messages and "chi_so_cchx" in messages


def test_duplicate_target_ids(inputs):
    edit(inputs / "2023" / "ke-hoach.yaml", "  - ma: tthc_truoc_han", "  - ma: tthc_dung_han")
    duplicate, orphan_mark = problems_of(inputs)
    assert duplicate.file.name == "ke-hoach.yaml" and "tthc_dung_han" in duplicate.message and "hai lần" in duplicate.message
    assert "((tthc_truoc_han))" in orphan_mark.message


def test_window_backwards(inputs):
    edit(inputs / "2023" / "q3.yaml", "tu_ngay: 2023-06-15", "tu_ngay: 2023-09-20")
    [problem] = problems_of(inputs)
    assert "tu_ngay" in problem.message


def test_empty_file_and_folder_in_place_of_a_file(inputs, tmp_path):
    (inputs / "2023" / "q3.yaml").write_text("   \n", encoding="utf-8")
    [problem] = problems_of(inputs)
    assert "q3.yaml" in str(problem)
    (inputs / "2023" / "q3.yaml").unlink()
    (inputs / "2023" / "q3.yaml").mkdir()
    [problem] = problems_of(inputs)
    assert "thư mục" in problem.message


def test_tab_indentation_gets_a_hint(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a:\n\tb: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_source(path, path)
    [problem] = info.value.problems
    assert problem.line == 2 and "Tab" in problem.hint


def test_unknown_target_mark_in_the_plan_text(inputs):
    edit(inputs / "2023" / "ke-hoach.yaml", "đạt trên ((hai_long))", "đạt trên ((hai_longg))")
    [problem] = problems_of(inputs)
    assert "hai_longg" in problem.message and "hai_long" in problem.hint and problem.file.name == "ke-hoach.yaml"


def test_annual_report_needs_figures_without_q4(inputs):
    text = (inputs / "2023" / "nam.yaml").read_text(encoding="utf-8")
    start, end = text.index("so_lieu:"), text.index("danh_gia:")
    (inputs / "2023" / "nam.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    [problem] = problems_of(inputs, "nam")
    assert "so_lieu" in problem.message and "q4.yaml" in problem.message


def test_building_the_plan_needs_its_text(inputs):
    text = (inputs / "2023" / "ke-hoach.yaml").read_text(encoding="utf-8")
    (inputs / "2023" / "ke-hoach.yaml").write_text(text[: text.index("\n# Toàn văn")], encoding="utf-8")
    validate(load_inputs(inputs, None, []))  # reports do not need it
    with pytest.raises(InputError) as info:
        validate(load_inputs(inputs, None, []), plan=True)
    assert "van_ban" in info.value.problems[0].message


def test_a_paragraph_ending_with_a_colon_is_text(inputs):
    edit(inputs / "2023" / "q3.yaml", "kien_nghi: []", "kien_nghi:\n  - Kết quả cụ thể như sau:\n  - Đạt")
    assert validate(load_inputs(inputs, None, ["q3"])).reports["q3"].kien_nghi == ["Kết quả cụ thể như sau:", "Đạt"]


def test_a_quote_at_the_start_of_a_line_gets_a_hint(inputs):
    edit(inputs / "2023" / "q3.yaml", "kien_nghi: []", 'kien_nghi:\n  - "Trường học thân thiện" là chủ đề năm học')
    [problem] = problems_of(inputs)
    assert "dấu nháy kép" in problem.hint and problem.line == 71


def test_utf16_file(inputs):
    path = inputs / "don-vi.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    [problem] = problems_of(inputs)
    assert "UTF-16" in problem.message and "UTF-8" in problem.hint


def test_missing_quarter_file_suggests_copying_the_previous_one(inputs):
    (inputs / "2023" / "q3.yaml").unlink()
    [problem] = problems_of(inputs)
    assert "q2.yaml" in problem.hint and "q3.yaml" in problem.hint


def test_percent_sign_in_a_target(inputs):
    edit(inputs / "2023" / "ke-hoach.yaml", "muc_tieu: 80", "muc_tieu: 80%")
    [problem] = problems_of(inputs)
    assert "80%" in problem.message and "80" in problem.hint


def test_a_date_that_is_not_on_the_calendar(inputs):
    edit(inputs / "2023" / "q3.yaml", "ngay: 2023-08-28", "ngay: 2023-06-31")
    [problem] = problems_of(inputs)
    assert "2023-06-31" in problem.message and problem.hint is None


def test_a_count_with_a_unit(inputs):
    edit(inputs / "2023" / "q3.yaml", "truc_tuyen: 9", "truc_tuyen: 9 hồ sơ")
    [problem] = problems_of(inputs)
    assert "9 hồ sơ" in problem.message and "9" in problem.hint


def test_a_file_copied_from_the_previous_quarter_is_warned(inputs):
    (inputs / "2023" / "q3.yaml").write_text((inputs / "2023" / "q2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    warnings = validate(load_inputs(inputs, None, ["q3"], optional=["q1", "q2"])).warnings
    messages = " | ".join(w.message for w in warnings)
    assert "số 18 đã dùng cho q2.yaml" in messages or "18" in messages
    assert any(w.file.name == "q3.yaml" and w.line == 3 and "sao chép" in w.message for w in warnings)


# What a new clerk typed, and the message that points at the real mistake --------------------------

def only(problems) -> str:
    errors = [p for p in problems if not p.warning]
    assert len(errors) == 1, [str(p) for p in problems]
    return str(errors[0]).replace("\\", "/")


def test_an_unquoted_sentence_ending_with_a_colon(inputs):
    edit(inputs / "2023" / "ke-hoach.yaml", '  mo_dau: "Trường THCS Bình Minh xây dựng Kế hoạch Cải cách hành chính nhà nước năm 2023 như sau:"',
         "  mo_dau: Trường THCS Bình Minh xây dựng Kế hoạch như sau:")
    assert only(problems_of(inputs)).endswith(
        "ke-hoach.yaml:84:58: giá trị của “mo_dau” kết thúc bằng dấu “:”, YAML hiểu đó là đầu một mục mới "
        "(gợi ý: đặt cả câu trong dấu nháy kép: mo_dau: \"Trường THCS Bình Minh xây dựng Kế hoạch như sau:\")")


def test_colon_space_inside_braces(inputs):
    edit(inputs / "2023" / "q3.yaml", "ket_qua: Chưa có kết quả xếp hạng", "ket_qua: Tỷ lệ số hóa: 82%")
    assert only(problems_of(inputs)).endswith(
        "q3.yaml:73:44: trong cặp ngoặc { … } có giá trị chứa “: ”, YAML hiểu đó là một mục mới "
        "(gợi ý: đặt giá trị đó trong dấu nháy kép: ket_qua: \"Tỷ lệ số hóa: 82%\")")


def test_a_comma_inside_braces(inputs):
    edit(inputs / "2023" / "q3.yaml", "ket_qua: Chưa có kết quả xếp hạng", "ket_qua: Đã cập nhật hồ sơ, sổ sách")
    assert only(problems_of(inputs)).endswith(
        "q3.yaml:73:51: mục “sổ sách” không có trong mẫu (gợi ý: trong cặp ngoặc { … }, dấu phẩy kết thúc một giá trị: "
        "đặt cả đoạn chữ trong dấu nháy kép, ví dụ ket_qua: \"Đã cập nhật hồ sơ, sổ sách\")")


@pytest.mark.parametrize("typed, number", [("1.250", "1250"), ("12.000", "12000"), ("1.000.000", "1000000")])
def test_a_vietnamese_thousands_dot(inputs, typed, number):
    edit(inputs / "2023" / "q3.yaml", "so_phieu: 150", f"so_phieu: {typed}")
    assert only(problems_of(inputs)).endswith(
        f"q3.yaml:50:14: “so_phieu” phải là số nguyên, nhưng đang ghi {typed} "
        f"(gợi ý: ghi {number}, không có dấu chấm: chương trình tự thêm dấu chấm phân cách hàng nghìn)")


def test_notepad_added_txt_to_the_name(inputs):
    q3 = inputs / "2023" / "q3.yaml"
    q3.rename(q3.with_name("q3.yaml.txt"))
    assert only(problems_of(inputs)).endswith(
        "q3.yaml: không tìm thấy tệp, nhưng có tệp q3.yaml.txt: Notepad đã thêm đuôi “.txt” vào tên (gợi ý: đổi tên thành "
        "q3.yaml (trong File Explorer, đánh dấu View > File name extensions để thấy đuôi “.txt”); khi lưu bằng Notepad, "
        "chọn Save as type: All files)")


def test_a_missing_nam_yaml_says_where_to_start(inputs):
    (inputs / "2023" / "nam.yaml").unlink()
    assert only(problems_of(inputs, "nam")).endswith(
        "nam.yaml: không tìm thấy tệp (gợi ý: sao chép q3.yaml thành nam.yaml rồi sửa: các đoạn văn viết cho cả năm, "
        "còn số liệu (so_lieu) chỉ tính phần sau tệp quý cuối cùng (thường từ 15/9))")


@pytest.mark.parametrize(
    "file, old, new, where, label",
    [
        ("don-vi.yaml", "kinh_gui: Phòng", 'kinh_gui: "Kính gửi: Phòng', ("kinh_gui",), "Kính gửi"),
        ("don-vi.yaml", "  - Như trên", "  - Nơi nhận:\n  - Như trên", ("noi_nhan_bao_cao",), "Nơi nhận"),
        ("2023/q3.yaml", "so: 25 ", 'so: "Số: 25"', ("so",), "Số"),
    ],
)
def test_a_label_typed_into_its_value_is_left_out_with_a_warning(inputs, file, old, new, where, label):
    path = inputs / file
    text = path.read_text(encoding="utf-8").replace(old, new, 1)
    path.write_text(text.replace("Thanh Oai   #", 'Thanh Oai"   #') if "Kính gửi" in new else text, encoding="utf-8")
    valid = validate(load_inputs(inputs, None, ["q3"]))
    assert [str(w).split(": ", 1)[1] for w in valid.warnings] == [
        f"cảnh báo: chương trình tự in “{label}:”; đã bỏ chữ này khỏi giá trị để không in hai lần"]
    assert valid.don_vi.kinh_gui == "Phòng Giáo dục và Đào tạo huyện Thanh Oai"
    assert valid.don_vi.noi_nhan_bao_cao == ["Như trên", "Lưu: VT"]
    assert valid.reports["q3"].so == 25


def test_a_unit_code_with_a_dash_says_which_characters_are_allowed(inputs):
    edit(inputs / "don-vi.yaml", "ky_hieu: THCSBM", "ky_hieu: TH-NTMK")
    assert only(problems_of(inputs)).endswith(
        "don-vi.yaml:5:1: “ky_hieu” chỉ được gồm chữ in hoa (A–Z, Đ) và chữ số, nhưng đang ghi TH-NTMK (gợi ý: dòng số ký "
        "hiệu nối nó bằng dấu gạch ngang, như “Số: 05/BC-THNTMK”, nên trong nó không được có dấu gạch, dấu cách hay dấu "
        "thanh: ghi THNTMK)")


def test_letters_lost_to_ansi_are_a_located_error(inputs):
    edit(inputs / "2023" / "q3.yaml", "Rà soát, cập nhật các quy chế nội bộ của nhà trường",
         "Rà soát, c?p nh?t các quy chế nội bộ của nhà tr??ng")
    assert only(problems_of(inputs)).endswith(
        "q3.yaml:15:7: “c?p, nh?t, tr??ng”: dấu “?” đứng thay chữ cái; tệp đã từng được lưu dạng ANSI nên mất các chữ có "
        "dấu (gợi ý: gõ lại các chữ đó, rồi lưu với Encoding: UTF-8)")


def test_a_question_mark_after_a_word_is_not_taken_for_lost_letters(inputs):
    edit(inputs / "2023" / "q3.yaml", "kien_nghi: []", "kien_nghi:\n  - Vì sao chưa có kết quả xếp hạng? Đề nghị Phòng thông báo.")
    assert validate(load_inputs(inputs, None, ["q3"])).warnings == []


def test_the_control_character_pattern_is_is_control_on_every_code_point():
    from generator.models import CONTROL_CHARS, is_control

    found = [cp for cp in range(0x110000) if bool(CONTROL_CHARS.fullmatch(chr(cp))) != is_control(chr(cp))]
    assert found == []


@pytest.mark.parametrize("text, expected", [("Trường THCS", False), ("Tr¦êng THCS", False), ("Tr¦êng ®¹i häc", True),
                                            ("", False), ("©©", True), ("a©b", False)])
def test_legacy_font_needs_two_telltale_characters(text, expected):
    from generator.validate import legacy_font

    assert legacy_font(text) is expected
