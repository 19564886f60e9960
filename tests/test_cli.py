"""The command line as the clerk meets it: exit codes, one clear Vietnamese sentence, nothing written."""
from __future__ import annotations

import shutil
import sys

import pytest

from conftest import REPO
from generator import cli


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """Returns a copy of the sample workspace (inputs only: templates fall back to the shipped ones), as cwd."""
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    return tmp_path


def run(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["cchc-docs", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def assert_refused(code, err, workspace, *needles):
    assert code == 1
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert not (workspace / "outputs").exists()


def test_build_q3_writes_the_report_and_says_which_year(workspace, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 0, err
    assert "2023" in out
    assert (workspace / "outputs" / "2023" / "BC-CCHC-Q3-2023-THCSBM.docx").is_file()
    assert "BC-CCHC-Q3-2023-THCSBM.docx" in out


def test_period_words_are_forgiving_of_case(workspace, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "build", "Q2")
    assert code == 0
    assert (workspace / "outputs" / "2023" / "BC-CCHC-Q2-2023-THCSBM.docx").is_file()


def test_unknown_period_is_a_usage_error(workspace, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, "build", "q5")
    assert code == 2
    assert "q5" in err and "Traceback" not in err


def test_no_inputs_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, tmp_path, "inputs", "không có thư mục dữ liệu đầu vào")


def test_no_q3_file(workspace, monkeypatch, capsys):
    (workspace / "inputs" / "2023" / "q3.yaml").unlink()
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, workspace, "q3.yaml", "không tìm thấy tệp")


def test_yaml_syntax_error_names_file_and_line(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[9] = "  - 'một đoạn văn chưa đóng nháy"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, workspace, "q3.yaml:10:5:", "dấu nháy mở ở đây nhưng chưa được đóng", "gợi ý:")
    assert err.strip().count("\n") == 0  # one sentence


def test_count_that_is_not_a_whole_number_names_file_line_and_key(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    text = path.read_text(encoding="utf-8").replace("truc_tuyen: 9", "truc_tuyen: 9.5")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "truc_tuyen: 9.5" in l)
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, workspace, f"q3.yaml:{line}:", "“truc_tuyen” phải là số nguyên", "9.5")


def test_every_error_at_once_with_numbers(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("truc_tiep: 2", "truc_tiep: 4").replace("hai_long: 141", "hai_long: 151")
    text = text.replace("ngay: 2023-08-28", "ngay: 28/08/2023").replace("den: 186", "den: 186 văn bản")
    path.write_text(text, encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    # the consistency errors come in the same run as the type errors of other keys, named as the clerk wrote them
    assert_refused(code, err, workspace, "q3.yaml:3:1: “ngay” không phải ngày hợp lệ: 28/08/2023",
                   "“den” phải là số nguyên, nhưng đang ghi 186 văn bản",
                   "đã giải quyết 11 + đang giải quyết 0 = 11, nhưng tiếp nhận 13",
                   "q3.yaml:50:29: số phiếu hài lòng (hai_long) 151 lớn hơn số phiếu phát ra (so_phieu) 150")


def test_unknown_key_suggests_the_nearest(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("so_phieu:", "so_pheiu:"), encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, workspace, "“so_pheiu”", "so_phieu")


def test_bom_and_crlf_are_accepted(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 0, err


def test_windows_1258_file_is_named_as_an_encoding_problem(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "don-vi.yaml"
    path.write_bytes("ten_goi: Tr\u01b0\u1eddng".encode("utf-8").replace(b"\xc6\xb0", b"\xfd"))
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert_refused(code, err, workspace, "don-vi.yaml", "UTF-8")


def test_english_messages_on_request(workspace, monkeypatch, capsys):
    (workspace / "inputs" / "2023" / "q3.yaml").unlink()
    code, _, err = run(monkeypatch, capsys, "build", "q3", "--lang", "en")
    assert code == 1 and "file not found" in err


def test_late_report_is_a_warning_not_an_error(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ngay: 2023-08-28", "ngay: 2023-09-05"), encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 0
    assert "cảnh báo" in err and "quá hạn gửi báo cáo" in err and "q3.yaml:" in err


def broken_template(workspace, old, new):
    """Copies the shipped template into the workspace with one paragraph's text replaced."""
    from docx import Document

    doc = Document(REPO / "templates" / "bao-cao-quy.docx")
    paragraph = next(p for p in doc.paragraphs if p.text == old)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = new
    (workspace / "templates").mkdir(exist_ok=True)
    doc.save(workspace / "templates" / "bao-cao-quy.docx")


@pytest.mark.parametrize("command", ["build", "validate"])
def test_template_with_an_unknown_name_exits_4_naming_template_and_paragraph(workspace, monkeypatch, capsys, command):
    broken_template(workspace, "{{ ket_luan }}", "Kết luận: {{ ket_luan_sai }}")
    code, _, err = run(monkeypatch, capsys, command, "q3")
    assert code == 4, err
    assert "bao-cao-quy.docx" in err and "ket_luan_sai" in err and "Kết luận:" in err
    assert "Traceback" not in err
    assert not (workspace / "outputs").exists()


def test_template_with_a_syntax_error_exits_4(workspace, monkeypatch, capsys):
    broken_template(workspace, "{{ ket_luan }}", "Kết luận {{ ket_luan }")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 4, err
    assert "bao-cao-quy.docx" in err and "Kết luận" in err and "Traceback" not in err


def test_template_reaching_into_python_is_refused_with_exit_4(workspace, monkeypatch, capsys):
    broken_template(workspace, "{{ ket_luan }}", "{{ ket_luan.__class__.__mro__ }}")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 4, err
    assert "bao-cao-quy.docx" in err and "Python" in err


def test_validate_all_lists_the_files_checked(workspace, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "validate")
    assert code == 0, err
    assert "q1, q2, q3" in out
    assert not (workspace / "outputs").exists()


def test_validate_reports_cross_file_warnings(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    text = path.read_text(encoding="utf-8").replace("tu_ky_truoc: 1\n      truc_tuyen: 0\n      truc_tiep: 1",
                                                     "tu_ky_truoc: 0\n      truc_tuyen: 0\n      truc_tiep: 2")
    path.write_text(text.replace("ky_nang_so: 17", "ky_nang_so: 12"), encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, "validate", "all")
    assert code == 0, err
    assert "tu_ky_truoc là 0, nhưng cuối kỳ trước (q2.yaml) còn 1" in err
    assert "boi_duong.ky_nang_so giảm từ 14 (q2.yaml) xuống 12" in err


def test_problems_of_every_file_come_in_one_run(workspace, monkeypatch, capsys):
    path = workspace / "inputs" / "2023" / "q3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("so_lan: 14", "so_lan:14"), encoding="utf-8")
    don_vi = workspace / "inputs" / "don-vi.yaml"
    don_vi.write_text(don_vi.read_text(encoding="utf-8").replace("ky_hieu: THCSBM", "ky_hieu: [THCSBM]"), encoding="utf-8")
    (workspace / "inputs" / "2023" / "q2.yaml").write_text("so: 18\nngay: 2023-05-29\nbogus: 1\n", encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "validate", "all")
    lines = err.strip().splitlines()
    assert code == 1
    files = [line.split(":")[0] for line in lines]
    assert files == sorted(files)  # sorted by file, then line
    assert any("don-vi.yaml:" in line and "ky_hieu" in line for line in lines)
    assert any("q3.yaml:" in line and "thiếu dấu cách sau dấu hai chấm" in line for line in lines)
    assert any("q2.yaml:3:1:" in line and "bogus" in line for line in lines)
    assert any("q2.yaml:1:1:" in line and "“so_lieu”" in line for line in lines)


def test_check_is_clean_on_what_build_wrote_and_exits_3_on_a_violation(workspace, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 0 and "[" not in err  # no layout warning
    out_file = "outputs/2023/BC-CCHC-Q3-2023-THCSBM.docx"
    code, out, _ = run(monkeypatch, capsys, "check", out_file)
    assert code == 0 and "không có lỗi thể thức" in out
    broken_template(workspace, "{{ ket_luan }}", "{{ ket_luan }}")
    from docx import Document
    from docx.shared import Pt

    doc = Document(workspace / "templates" / "bao-cao-quy.docx")
    doc.styles["CCHC Văn bản"].font.size = Pt(12)  # a clerk's restyling that breaks BODY
    doc.save(workspace / "templates" / "bao-cao-quy.docx")
    code, _, err = run(monkeypatch, capsys, "build", "q3")
    assert code == 0
    assert "cảnh báo: [BODY]" in err and out_file in err
    code, out, _ = run(monkeypatch, capsys, "check", out_file, "--lang", "en")
    assert code == 3 and "[BODY]" in out
    code, out, _ = run(monkeypatch, capsys, "check", out_file, "--json")
    import json

    assert code == 3 and {v["code"] for v in json.loads(out)} == {"BODY"}


def test_clicks_own_messages_and_the_help_are_in_vietnamese(workspace, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "build")
    assert code == 2
    assert err.splitlines() == ["Cách dùng: cchc-docs build [TÙY CHỌN] PERIOD", "Xem hướng dẫn: cchc-docs build --help", "",
                                "Lỗi: Thiếu tham số 'PERIOD'."]
    code, out, err = run(monkeypatch, capsys, "build", "--help")
    assert code == 0
    assert "Tạo văn bản của kỳ PERIOD: q1 … q4 (quý), nam (năm), ke-hoach (kế hoạch), hoặc all (tất cả)." in " ".join(out.split())
    assert "Tùy chọn:" in out and "Xem hướng dẫn này rồi thoát." in out and "[mặc định: inputs]" in out
    code, out, err = run(monkeypatch, capsys, "build", "--lang", "en")
    assert code == 2 and err.splitlines()[-1] == "Error: Missing argument 'PERIOD'."
    code, out, err = run(monkeypatch, capsys, "build", "--help")  # and back in Vietnamese
    assert "Tạo văn bản của kỳ PERIOD" in out


def test_check_on_a_pdf_says_what_it_is_and_what_to_do(workspace, monkeypatch, capsys):
    (workspace / "bao-cao.pdf").write_bytes(b"%PDF-1.7\n")
    code, out, err = run(monkeypatch, capsys, "check", "bao-cao.pdf")
    assert code == 2
    assert err.strip() == ("bao-cao.pdf là tệp PDF, không phải .docx: hãy soát tệp .docx đã tạo ra nó "
                           "(cùng tên, đuôi .docx)")


def test_a_console_without_vietnamese_shows_whole_words_without_diacritics():
    assert cli.fold_words("văn bản đã tạo: “Trường” – xong", "cp1252") == 'van ban da tao: “Truong” – xong'
    assert cli.fold_words("Cách dùng: hợp lệ", "cp1252") == "Cách dùng: hop le"  # a word cp1252 shows whole stays
    assert cli.fold_words("văn bản đã tạo: “Trường” – xong", "cp437") == 'van ban da tao: "Truong" - xong'
    assert cli.fold_words("văn bản đã tạo", "utf-8") == "văn bản đã tạo"
