"""The cache in outputs/.cache: it changes no byte of any document, cannot go stale, and is never required."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, sample_options
from generator import cache, pipeline
from generator.pipeline import build

DOCUMENTS = ("q1", "q2", "q3", "nam", "ke-hoach")


def built_bytes(outputs: Path, document: str = "q3") -> bytes:
    return build(document, sample_options(outputs)).written[0].read_bytes()


def entries(outputs: Path) -> list[Path]:
    return sorted(p for p in (outputs / cache.FOLDER).rglob("*") if p.is_file())


def test_every_document_is_the_same_with_an_empty_a_warm_and_no_cache(tmp_path, monkeypatch):
    warm = {d: built_bytes(tmp_path / "a", d) for d in DOCUMENTS}
    assert entries(tmp_path / "a")
    again = {d: built_bytes(tmp_path / "a", d) for d in DOCUMENTS}
    monkeypatch.setattr(pipeline, "workspace_cache", lambda outputs: cache.NO_CACHE)
    without = {d: built_bytes(tmp_path / "b", d) for d in DOCUMENTS}
    assert warm == again == without
    assert not (tmp_path / "b" / cache.FOLDER).exists()


def edited_template(folder: Path, old: str, new: str) -> Path:
    """Copies the shipped report template into ``folder`` with ``old`` replaced by ``new`` in its body."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "bao-cao-quy.docx"
    with zipfile.ZipFile(REPO / "templates" / "bao-cao-quy.docx") as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    return target


def test_an_edited_template_is_never_served_from_the_cache(tmp_path):
    templates = tmp_path / "templates"
    options = pipeline.Options(inputs=REPO / "inputs", templates=templates, outputs=tmp_path / "out")
    edited_template(templates, "Kính gửi", "Kính gửi")
    build("q3", options)
    edited_template(templates, "Kính gửi", "Kính trình")  # same shape, other text: other patched XML, other code
    text = zipfile.ZipFile(build("q3", options).written[0]).read("word/document.xml").decode()
    assert "Kính trình" in text and "Kính gửi" not in text


def test_another_program_never_meets_the_entries_of_this_one(monkeypatch):
    name = cache.key("patch", "<w:p/>")
    monkeypatch.setattr(cache, "program_fingerprint", lambda: "another program")
    assert cache.key("patch", "<w:p/>") != name


def test_the_cache_can_be_deleted_damaged_or_unwritable(tmp_path):
    reference = built_bytes(tmp_path / "ref")
    outputs = tmp_path / "out"
    built_bytes(outputs)
    for entry in entries(outputs):  # damaged: every entry cut short or overwritten
        entry.write_bytes(entry.read_bytes()[:40] + b"garbage")
    assert built_bytes(outputs) == reference
    shutil.rmtree(outputs / cache.FOLDER)
    (outputs / cache.FOLDER).write_text("not a folder")  # nothing can be written there
    assert built_bytes(outputs) == reference
    (outputs / cache.FOLDER).unlink()
    assert built_bytes(outputs) == reference


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_only_costs_time(tmp_path):
    reference = built_bytes(tmp_path / "ref")
    outputs = tmp_path / "out"
    (outputs / cache.FOLDER).mkdir(parents=True)
    (outputs / cache.FOLDER).chmod(0o500)
    try:
        assert built_bytes(outputs) == reference
    finally:
        (outputs / cache.FOLDER).chmod(0o700)


def test_a_clean_document_is_checked_once_and_a_faulty_one_every_time(tmp_path, monkeypatch):
    from generator import check

    calls = []
    real = check.check_document
    monkeypatch.setattr(check, "check_document", lambda data: calls.append(1) or real(data))
    built_bytes(tmp_path)
    built_bytes(tmp_path)
    assert len(calls) == 1
    from types import SimpleNamespace

    violation = SimpleNamespace(code="BODY", note=False)
    monkeypatch.setattr(check, "check_document", lambda data: calls.append(1) or [violation])
    monkeypatch.setattr(check, "violation_text", lambda v: "a violation")
    for _ in range(2):
        result = build("q3", sample_options(tmp_path / "other"))
        assert [p.message for p in result.layout] == ["a violation"]
    assert len(calls) == 3


def test_a_failed_build_and_validate_write_no_cache(tmp_path):
    from generator.errors import TemplateError

    templates = tmp_path / "templates"
    edited_template(templates, "Kính gửi", "{{ khong_co }}")
    options = pipeline.Options(inputs=REPO / "inputs", templates=templates, outputs=tmp_path / "out")
    with pytest.raises(TemplateError):
        build("q3", options)
    with pytest.raises(TemplateError):
        pipeline.validate_only("q3", options)
    assert not (tmp_path / "out").exists()


def test_two_builds_at_once_in_one_workspace(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    command = [sys.executable, "-m", "generator", "build", "q3"]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    written = tmp_path / "outputs" / "2023" / "BC-CCHC-Q3-2023-THCSBM.docx"
    assert written.read_bytes() == built_bytes(tmp_path / "ref")
    assert entries(tmp_path / "outputs") and not list((tmp_path / "outputs" / cache.FOLDER).rglob("*.tmp"))


@pytest.mark.parametrize("document", ["q3", "nam", "ke-hoach"])
def test_the_template_sources_a_build_keeps_are_docxtpls(tmp_path, document):
    import json

    from generator.render import _sources_name, _template_sources, open_template

    outputs = tmp_path / "out"
    built_bytes(outputs, document)
    template = REPO / "templates" / pipeline.TEMPLATE_OF[document]
    kept = cache.workspace_cache(outputs).get("sources", _sources_name(template))
    assert json.loads(kept) == _template_sources(open_template(template))


def test_validate_after_a_build_starts_without_docxtpl_pydantic_ruamel_or_babel(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    code = ("import sys; sys.argv = ['cchc-docs', 'validate', 'q3']\n"
            "import atexit; heavy = ('docxtpl', 'docx', 'pydantic', 'ruamel', 'babel')\n"
            "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))))\n"
            "from generator.cli import main; main()")
    first = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0 and "docxtpl" in first.stdout  # no build yet: the templates are read with docxtpl
    subprocess.run([sys.executable, "-m", "generator", "build", "q3"], cwd=tmp_path, check=True, capture_output=True)
    again = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "[]"
    assert again.stderr == first.stderr
