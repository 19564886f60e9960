"""The clerk's workflow around build: init, status, build all, PDF, e-mail draft, protected outputs, Windows consoles."""
from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, soffice_or_skip
from generator.load import load_inputs, read_source
from generator.pipeline import Delivery, Options, build, status
from generator.validate import validate
from generator.workspace import init_workspace
from generator.write import ChangedOutputError
from test_cli import run

Q3 = "BC-CCHC-Q3-2023-THCSBM.docx"


@pytest.fixture
def sample(tmp_path) -> Options:
    """A copy of the sample workspace in a folder whose name has spaces and Vietnamese letters."""
    folder = tmp_path / "Báo cáo CCHC Bình Minh"
    shutil.copytree(REPO / "inputs", folder / "inputs")
    return Options(inputs=folder / "inputs", templates=REPO / "templates", outputs=folder / "kết quả")


# init -----------------------------------------------------------------------------------------

def test_init_makes_a_workspace_that_build_accepts_as_a_draft_only(tmp_path, monkeypatch, capsys):
    from docx import Document

    folder = tmp_path / "Trường mới"
    created, kept = init_workspace(folder, 2026)
    assert kept == []
    assert {p.relative_to(folder).as_posix() for p in created} >= {
        "inputs/don-vi.yaml", "inputs/2026/ke-hoach.yaml", "inputs/2026/q1.yaml", "templates/bao-cao-quy.docx"}
    monkeypatch.chdir(folder)
    for command in (["validate", "q1"], ["build", "q1"]):
        code, out, err = run(monkeypatch, capsys, *command)
        assert code == 1 and not (folder / "outputs" / "2026").exists(), command
        assert "hợp lệ" not in out
        assert ("inputs/don-vi.yaml:4:1: chưa điền: “ten_don_vi” (gợi ý: ghi giá trị đúng, rồi xóa chú thích “# chưa điền”; "
                "muốn in bản dự thảo có dấu DỰ THẢO thì thêm --draft)") in err.replace("\\", "/")
    code, out, err = run(monkeypatch, capsys, "build", "all", "--draft")
    assert code == 0, err
    assert "chưa điền" in err
    for name in ("KH-CCHC-2026-TRUONG.docx", "BC-CCHC-Q1-2026-TRUONG.docx"):
        first = Document(str(folder / "outputs" / "2026" / name)).paragraphs[0]
        assert first.text == "DỰ THẢO" and first.runs[0].bold


def test_init_marks_every_value_to_fill_and_comments_every_key(tmp_path):
    init_workspace(tmp_path, 2026)
    inputs = load_inputs(tmp_path / "inputs", 2026, ["q1"])
    valid = validate(inputs, plan=True, draft=True)
    unfilled = [w for w in valid.warnings if "chưa điền" in w.message]
    assert {w.file.name for w in unfilled} == {"don-vi.yaml", "ke-hoach.yaml", "q1.yaml"}
    assert len(unfilled) >= 30
    q1 = read_source(tmp_path / "inputs" / "2026" / "q1.yaml", Path("q1.yaml"))
    top_keys = set(q1.data)
    assert top_keys >= {"so", "ngay", "nguoi_ky", "uoc_tinh", "chi_dao_dieu_hanh", "ket_qua", "so_lieu", "danh_gia",
                        "phuong_huong", "kien_nghi", "chi_tieu_thu_cong"}
    lines = (tmp_path / "inputs" / "2026" / "q1.yaml").read_text(encoding="utf-8").splitlines()
    for key in top_keys:  # a Vietnamese comment on each key, on its line or just above
        i = next(n for n, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert "#" in lines[i] or lines[i - 1].startswith("#"), key


def test_init_never_overwrites(tmp_path):
    init_workspace(tmp_path, 2026)
    don_vi = tmp_path / "inputs" / "don-vi.yaml"
    don_vi.write_text("ten_goi: đã sửa\n", encoding="utf-8")
    created, kept = init_workspace(tmp_path, 2026)
    assert created == [] and don_vi in kept
    assert don_vi.read_text(encoding="utf-8") == "ten_goi: đã sửa\n"


def test_a_filled_value_is_no_longer_warned(tmp_path):
    init_workspace(tmp_path, 2026)
    path = tmp_path / "inputs" / "don-vi.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("ten_goi:"))
    path.write_text(text.replace(line, "ten_goi: Trường THCS An Bình"), encoding="utf-8")
    warnings = validate(load_inputs(tmp_path / "inputs", 2026, []), plan=True, draft=True).warnings
    assert not any("“ten_goi”" in w.message for w in warnings)
    assert any("“ten_don_vi”" in w.message for w in warnings)


# status ---------------------------------------------------------------------------------------

def test_status_on_a_given_day(sample):
    build("q3", sample)
    year, rows = status(sample, date(2023, 8, 25))
    by = {r.document: r for r in rows}
    assert year == 2023 and list(by) == ["q1", "q2", "q3", "nam", "ke-hoach"]
    assert (by["q3"].deadline, by["q3"].days_left) == (date(2023, 9, 1), 7)
    assert by["q1"].days_left == -177
    assert by["q3"].window == (date(2023, 6, 15), date(2023, 9, 14))
    assert (by["q3"].input_state, by["q3"].output_state) == ("valid", "current")
    assert by["q2"].output_state == "missing"
    q3 = sample.inputs / "2023" / "q3.yaml"
    built_at = (sample.outputs / "2023" / Q3).stat().st_mtime
    os.utime(q3, (built_at + 10, built_at + 10))
    assert {r.document: r for r in status(sample, date(2023, 8, 25))[1]}["q3"].output_state == "stale"
    q3.write_text(q3.read_text(encoding="utf-8").replace("hai_long: 141", "hai_long: 151"), encoding="utf-8")
    row = {r.document: r for r in status(sample, date(2023, 8, 25))[1]}["q3"]
    assert (row.input_state, row.errors) == ("invalid", 1)


def test_status_command(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "status", "--today", "2023-09-03")
    assert code == 0
    assert "hôm nay 03/09/2023" in out
    assert "hạn gửi 01/09/2023, đã quá 2 ngày" in out and "hạn gửi 01/12/2023, còn 89 ngày" in out


# build all, PDF, e-mail -------------------------------------------------------------------------

def test_build_all_writes_every_document_of_the_year(sample):
    progress = []
    result = build("all", sample, progress=lambda done, total: progress.append((done, total)))
    names = [p.name for p in result.written]
    assert names == ["BC-CCHC-Q1-2023-THCSBM.docx", "BC-CCHC-Q2-2023-THCSBM.docx", Q3,
                     "BC-CCHC-NAM-2023-THCSBM.docx", "KH-CCHC-2023-THCSBM.docx"]
    assert progress == [(i, 5) for i in range(1, 6)]
    assert all(p.is_file() for p in result.written)
    assert result.layout == []


@pytest.mark.slow
def test_pdf_and_email_draft(sample):
    soffice_or_skip()
    result = build("q3", sample, Delivery(pdf=True, eml=True))
    names = [p.name for p in result.written]
    assert names == [Q3, Q3.replace(".docx", ".pdf"), Q3.replace(".docx", ".eml")]
    assert result.written[1].read_bytes().startswith(b"%PDF")
    message = email.message_from_bytes(result.written[2].read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "phonggd@example.edu.vn"
    assert message["Subject"] == "Báo cáo CCHC quý III năm 2023 - Trường THCS Bình Minh"
    assert "=?utf-8?" in result.written[2].read_text(encoding="ascii").split("Subject:")[1].splitlines()[0]  # RFC 2047
    body, docx, pdf = list(message.iter_parts())
    assert body.get_content_type() == "text/plain"
    assert "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thanh Oai." in body.get_content()
    assert "số 25/BC-THCSBM ngày 28/08/2023" in body.get_content()
    assert docx.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raw = result.written[2].read_text(encoding="ascii")
    assert docx.get_filename() == Q3 and f"filename*=utf-8''{Q3}" in raw
    assert docx.get_content() == result.written[0].read_bytes()
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == Q3.replace(".docx", ".pdf")
    assert pdf.get_content() == result.written[1].read_bytes()


def test_pdf_without_libreoffice_says_so_and_still_builds(sample, monkeypatch):
    monkeypatch.setattr("generator.export.find_soffice", lambda: None)
    result = build("q3", sample, Delivery(pdf=True, eml=True))
    assert [p.suffix for p in result.written] == [".docx", ".eml"]
    assert any("LibreOffice" in w.message for w in result.warnings)


def test_soffice_is_looked_for_at_its_usual_install_paths(monkeypatch):
    from generator import export

    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    monkeypatch.setattr(export.os.path, "isfile", lambda p: p == r"C:\Program Files\LibreOffice\program\soffice.exe")
    assert export.find_soffice() == r"C:\Program Files\LibreOffice\program\soffice.exe"
    monkeypatch.setattr(export.os.path, "isfile", lambda p: p == "/Applications/LibreOffice.app/Contents/MacOS/soffice")
    assert export.find_soffice() == "/Applications/LibreOffice.app/Contents/MacOS/soffice"


# protection and reproducibility ----------------------------------------------------------------

def test_same_inputs_give_byte_identical_documents(sample, tmp_path):
    first = build("q3", sample).written[0].read_bytes()
    again = build("q3", Options(sample.inputs, sample.templates, tmp_path / "again")).written[0].read_bytes()
    assert first == again


def renumber(options: Options, so: int) -> None:
    """Changes the number of the q3 report: a change of input."""
    q3 = options.inputs / "2023" / "q3.yaml"
    q3.write_text(q3.read_text(encoding="utf-8").replace("so: 25", f"so: {so}"), encoding="utf-8")


def test_an_output_changed_by_hand_is_protected_until_forced(sample, monkeypatch, capsys):
    path = build("q3", sample).written[0]
    build("q3", sample)  # unchanged since written: rebuilt without a word
    path.write_bytes(path.read_bytes() + b"signed")
    renumber(sample, 26)
    with pytest.raises(ChangedOutputError):
        build("q3", sample)
    assert path.read_bytes().endswith(b"signed")
    monkeypatch.chdir(sample.inputs.parent)
    code, _, err = run(monkeypatch, capsys, "build", "q3", "--outputs", "kết quả")
    assert code == 1 and "--force" in err and "Traceback" not in err
    result = build("q3", sample, Delivery(force=True))
    assert result.written == [path]
    assert path.with_name(path.name + ".bak").read_bytes().endswith(b"signed")
    assert not path.read_bytes().endswith(b"signed")
    assert any(w.file == path and path.name + ".bak" in w.message for w in result.warnings)


def test_a_second_force_keeps_the_first_backup_too(sample):
    path = build("q3", sample).written[0]
    path.write_bytes(path.read_bytes() + b"first edit")
    build("q3", sample, Delivery(force=True))
    path.write_bytes(path.read_bytes() + b"second edit")
    result = build("q3", sample, Delivery(force=True))
    first, second = path.with_name(path.name + ".bak"), path.with_name(path.name + ".2.bak")
    assert first.read_bytes().endswith(b"first edit") and second.read_bytes().endswith(b"second edit")
    assert [w.message for w in result.warnings if w.file == path] == [
        f"bản đã sửa tay được giữ lại thành {second.name}"]


def test_a_hand_edit_with_unchanged_inputs_is_kept(sample):
    path = build("q3", sample).written[0]
    path.write_bytes(path.read_bytes() + b"signed")
    result = build("q3", sample)
    assert result.written == [path] and path.read_bytes().endswith(b"signed")
    assert [w.message for w in result.warnings if w.file == path] == [
        "giữ nguyên bản đã sửa tay: dữ liệu đầu vào không thay đổi kể từ khi tạo tệp"]


def test_a_refused_build_writes_nothing(sample):
    result = build("all", sample)
    q1 = result.written[0]
    q1.write_bytes(b"edited")
    q1_input = sample.inputs / "2023" / "q1.yaml"
    q1_input.write_text(q1_input.read_text(encoding="utf-8").replace("so: 7", "so: 8"), encoding="utf-8")
    q3_before = result.written[2].stat().st_mtime_ns
    with pytest.raises(ChangedOutputError):
        build("all", sample)
    assert result.written[2].stat().st_mtime_ns == q3_before


# Windows consoles --------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_a_console_without_vietnamese_gets_readable_text(sample, encoding):
    env = dict(os.environ, PYTHONIOENCODING=encoding, LANG="vi_VN.UTF-8")
    folder = sample.inputs.parent
    done = subprocess.run([sys.executable, "-m", "generator", "build", "q3"], cwd=folder, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)
    assert "nam 2023" in out or "năm 2023" in out
    (folder / "inputs" / "2023" / "q3.yaml").unlink()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "q3"], cwd=folder, env=env, capture_output=True, timeout=120)
    err = done.stderr.decode(encoding)
    assert done.returncode == 1 and "Traceback" not in err and "UnicodeEncodeError" not in err
    assert "khong tim thay tep" in err.replace("ô", "o").replace("ì", "i").replace("á", "a").replace("ê", "e")
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, env=env, capture_output=True, timeout=120)
    assert done.returncode == 2 and done.stderr.decode(encoding).splitlines()[-1] == "Loi: Thieu tham so 'PERIOD'."


def test_a_rebuild_with_new_figures_removes_the_old_pdf_and_email(sample, monkeypatch):
    monkeypatch.setattr("generator.export.find_soffice", lambda: None)
    eml = build("q3", sample, Delivery(eml=True)).written[1]
    assert eml.suffix == ".eml" and eml.is_file()
    renumber(sample, 26)
    result = build("q3", sample)
    assert not eml.exists()  # it attached the previous .docx
    assert any(w.file == eml for w in result.warnings)


def test_a_rebuild_that_changes_nothing_keeps_the_pdf_and_email(sample, monkeypatch):
    monkeypatch.setattr("generator.export.find_soffice", lambda: None)
    eml = build("q3", sample, Delivery(eml=True)).written[1]
    before = eml.read_bytes()
    result = build("q3", sample)
    assert eml.read_bytes() == before
    assert not any(w.file == eml for w in result.warnings)
    assert status(sample, date(2023, 8, 20))[1][2].behind == ()


def attachments(eml: Path) -> dict[str, bytes]:
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def test_the_email_draft_attaches_the_docx_as_edited_by_hand(sample, monkeypatch, capsys):
    monkeypatch.setattr("generator.export.find_soffice", lambda: None)
    path, eml = build("q3", sample, Delivery(eml=True)).written
    edited = path.read_bytes() + b"signed"
    path.write_bytes(edited)
    _, rows = status(sample, date(2023, 8, 20))
    q3 = next(r for r in rows if r.document == "q3")
    assert q3.output_state == "edited" and q3.behind == (".eml",)
    monkeypatch.chdir(sample.inputs.parent)
    code, out, _ = run(monkeypatch, capsys, "status", "--outputs", "kết quả", "--today", "2023-08-20")
    assert code == 0
    assert "dữ liệu: hợp lệ; văn bản: đã tạo, sau đó được sửa tay" in out
    assert "thư điện tử soạn sẵn đính kèm một phiên bản khác của tệp .docx: tạo lại với --eml" in out

    result = build("q3", sample, Delivery(eml=True))
    assert result.written == [path, eml] and path.read_bytes() == edited
    assert attachments(eml)[path.name] == edited
    q3 = next(r for r in status(sample, date(2023, 8, 20))[1] if r.document == "q3")
    assert q3.output_state == "edited" and q3.behind == ()


def test_a_document_to_sign_carries_no_draft_mark(sample):
    from docx import Document

    document = Document(str(build("q3", sample).written[0]))
    assert not any("DỰ THẢO" in p.text for p in document.paragraphs)
    assert document.tables[0].cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.slow
def test_the_pdf_is_made_from_the_docx_as_edited_by_hand(sample):
    from docx import Document

    soffice_or_skip()
    path = build("q3", sample, Delivery(pdf=True, eml=True)).written[0]
    document = Document(str(path))
    last = next(p for p in document.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    last.runs[-1].text += " Kèm theo bản chụp Kế hoạch đã ký."
    document.save(str(path))
    edited = path.read_bytes()
    result = build("q3", sample, Delivery(pdf=True, eml=True))
    assert path.read_bytes() == edited
    assert [w.message for w in result.warnings if w.file == path] == [
        "giữ nguyên bản đã sửa tay: dữ liệu đầu vào không thay đổi kể từ khi tạo tệp; tệp PDF và thư điện tử được tạo từ bản này"]
    pdf, eml = result.written[1:]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kèm theo bản chụp Kế hoạch đã ký." in " ".join(text.split())
    assert attachments(eml) == {path.name: edited, pdf.name: pdf.read_bytes()}
