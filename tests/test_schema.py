"""What we build is what Word reads without complaint: no Open XML schema error, no stale or duplicate part."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

import conftest
from conftest import DOCUMENTS, REPO, assert_schema_valid, bieu06_rows, sample_options, schema_errors, with_part_changed, zip_duplicates
from generator.pipeline import build
from generator.schema_order import get_or_add

STALE = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")


def part_names(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def related_parts(path) -> set[str]:
    """Returns every part some relationship of the package points to (internal targets only)."""
    import posixpath

    found = set()
    with zipfile.ZipFile(path) as z:
        for rels in (n for n in z.namelist() if n.endswith(".rels")):
            source_dir = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") != "External":
                    target = rel.get("Target")
                    found.add(target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(source_dir, target)))
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_sample_document_is_schema_valid_and_carries_only_its_own_parts(built, document):
    path = built[document]
    assert_schema_valid(path)
    assert zip_duplicates(path) == []
    names = part_names(path)
    assert not set(STALE) & set(names), f"stale parts: {set(STALE) & set(names)}"
    unused = {n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"} - related_parts(path)
    assert not unused, f"parts no relationship points to: {unused}"


@pytest.mark.parametrize("name", ["bao-cao-quy.docx", "bao-cao-nam.docx", "ke-hoach.docx"])
def test_the_shipped_templates_are_schema_valid(name):
    assert_schema_valid(REPO / "templates" / name)
    assert not set(STALE) & set(part_names(REPO / "templates" / name))


def _color_after_size(styles):
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rpr.append(rpr.find(qn("w:color")))  # w:color belongs before w:sz


def _layout_last(document):
    tbl_pr = document.find(f".//{qn('w:tblPr')}")
    tbl_pr.append(tbl_pr.find(qn("w:tblLayout")))  # w:tblLayout belongs before w:tblCellMar and w:tblLook


def _border_after_alignment(styles):
    ppr = next(p for p in styles.iter(qn("w:pPr")) if p.find(qn("w:pBdr")) is not None)
    ppr.append(ppr.find(qn("w:pBdr")))  # the fault of the rule styles before this issue


def _layout_twice(document):
    tbl_pr = document.find(f".//{qn('w:tblPr')}")
    tbl_pr.find(qn("w:tblLayout")).addnext(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))


@pytest.mark.parametrize("part, change, element", [
    ("word/styles.xml", _color_after_size, "color"),
    ("word/document.xml", _layout_last, "tblLayout"),
    ("word/styles.xml", _border_after_alignment, "pBdr"),
    ("word/document.xml", _layout_twice, "tblLayout"),
], ids=["rPr color after sz", "tblLayout after tblCellMar", "pBdr after jc", "tblLayout twice"])
def test_the_validator_catches_an_element_out_of_order(built, part, change, element):
    """Mutation: one element moved out of its schema place in a valid document is one schema error, named."""
    assert schema_errors(built["q3"]) == []
    errors = schema_errors(with_part_changed(built["q3"], part, change))
    assert len(errors) == 1 and f"'{element}'" in errors[0] and errors[0].startswith("/" + part), errors


def test_get_or_add_puts_each_element_at_its_schema_place_whatever_the_order_of_calls():
    ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
    for tag in ("w:jc", "w:ind", "w:pBdr", "w:spacing", "w:pStyle", "w:keepNext"):
        get_or_add(ppr, tag)
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "keepNext", "pBdr", "spacing", "ind", "jc"]
    jc = ppr.find(qn("w:jc"))
    assert get_or_add(ppr, "w:jc") is jc and len(ppr) == 6  # found, not added twice
    with pytest.raises(ValueError, match="w:tblLook"):
        get_or_add(ppr, "w:tblLook")


def test_every_document_the_program_writes_is_seen_by_the_schema_check(tmp_path):
    """The check after each test sees the program's writes: a build here is recorded, so it cannot pass unseen."""
    written = build("q3", sample_options(tmp_path / "outputs")).written[0]
    assert str(written) in [name for name, _data in conftest._written]


def workspace_deputy_blank_number_60_rows(root):
    """Copies the sample inputs to ``root`` with q3 signed by the deputy (KT.), without a number, with 60 Biểu 06 rows."""
    shutil.copytree(REPO / "inputs", root / "inputs")
    q3 = root / "inputs" / "2023" / "q3.yaml"
    text = q3.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^so:[^#\n]*", "so: ", text)
    text = re.sub(r"(?m)^nguoi_ky:[^#\n]*", "nguoi_ky: pho_hieu_truong ", text)
    rows = "".join(f"    - {{linh_vuc: Lĩnh vực thứ {i}, tu_ky_truoc: 0, truc_tuyen: {i % 5}, truc_tiep: 1, truoc_han: {i % 5},"
                   f" dung_han: 1, qua_han: 0, dang_trong_han: 0, dang_qua_han: 0}}\n" for i in range(1, 61))
    text = re.sub(r"(?m)^  tthc: .*\n(?:    .*\n)+", "  tthc:\n" + rows, text)
    q3.write_text(text, encoding="utf-8")
    return root


def test_a_deputy_signed_report_without_number_with_60_rows_is_schema_valid_and_clean(tmp_path):
    from docx import Document

    root = workspace_deputy_blank_number_60_rows(tmp_path)
    result = build("q3", sample_options(root / "outputs", inputs=root / "inputs"))
    path = result.written[0]
    assert_schema_valid(path)
    doc = Document(str(path))
    texts = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "KT. HIỆU TRƯỞNG" in texts and "PHÓ HIỆU TRƯỞNG" in texts
    assert any(re.fullmatch(r"Số:\s{2,}/BC-THCSBM", t) for t in texts), [t for t in texts if t.startswith("Số")]
    assert len(bieu06_rows(doc)) == 60 + 1  # and the Tổng cộng row
    assert result.layout == []
