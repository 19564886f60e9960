"""Any template the clerk may save still gives documents Word opens clean and `check` passes.

The shipped templates are saved again the ways a school does it: by
LibreOffice (straight to .docx, and through .odt and back with the "MS Word
2007 XML" filter), with every style renamed and given another id (Word in
Vietnamese translates style names; Word writes ids "a", "a0", … for names it
cannot spell in ASCII), and rebuilt from scratch with python-docx, with direct
formatting and python-docx's own parts. From each, every document is built and
must have no duplicate zip entry, no schema error the template did not have,
its own core properties, and no layout violation.
"""
from __future__ import annotations

import copy
import importlib.util
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

pytestmark = pytest.mark.slow  # LibreOffice re-saves every template

from conftest import REPO, assert_schema_valid, sample_options, schema_errors, soffice_or_skip, with_part_changed, zip_duplicates
from generator.check import check_document
from generator.pipeline import build
from generator.schema_order import get_or_add

TEMPLATES = ("bao-cao-quy.docx", "bao-cao-nam.docx", "ke-hoach.docx")
DOCUMENT_TEMPLATE = {"q3": "bao-cao-quy.docx", "nam": "bao-cao-nam.docx", "ke-hoach": "ke-hoach.docx"}
WAYS = ("libreoffice", "libreoffice-odt", "renamed-styles", "python-docx")

spec = importlib.util.spec_from_file_location("make_templates", REPO / "tools" / "make_templates.py")
make_templates = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_templates)


def libreoffice(sources: list[Path], out_dir: Path, target: str, profile: Path) -> list[Path]:
    """Returns the files LibreOffice writes converting ``sources`` to ``target`` ("docx", "odt", "docx:MS Word 2007 XML")."""
    exe = soffice_or_skip()
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(out_dir), *map(str, sources)], check=True, capture_output=True, timeout=240)
    return [out_dir / (s.stem + "." + target.split(":")[0]) for s in sources]


STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:basedOn", "w:next", "w:link", "w:numStyleLink", "w:styleLink")


def rename_styles(source: Path, target: Path) -> None:
    """Writes ``source`` to ``target`` with every style renamed ("CCHC Tiêu ngữ" → "Kiểu Tiêu ngữ") and re-identified ("a", "a0", …)."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    ids = {}
    for i, style in enumerate(styles.iter(qn("w:style"))):
        ids[style.get(qn("w:styleId"))] = "a" if i == 0 else f"a{i - 1}"
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")).startswith("CCHC "):
            name.set(qn("w:val"), "Kiểu " + name.get(qn("w:val"))[5:])
    for part, data in parts.items():
        if part.startswith("word/") and part.endswith(".xml"):
            tree = styles if part == "word/styles.xml" else etree.fromstring(data)
            for el in tree.iter(qn("w:style")):
                el.set(qn("w:styleId"), ids[el.get(qn("w:styleId"))])
            for el in tree.iter(*map(qn, STYLE_REFERENCES)):
                el.set(qn("w:val"), ids.get(el.get(qn("w:val")), el.get(qn("w:val"))))
            parts[part] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)


def _flatten(doc, style_ids: set[str]) -> None:
    """Turns the formatting of our paragraph styles into direct formatting, in schema order, and deletes those styles."""
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}
    body_parts = [doc.element.body] + [s.header._element for s in doc.sections] + [s.first_page_header._element for s in doc.sections]
    for root in body_parts:
        for p in root.iter(qn("w:p")):
            pstyle = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if pstyle is None or pstyle.get(qn("w:val")) not in style_ids:
                continue
            style = styles[pstyle.get(qn("w:val"))]
            ppr = p.get_or_add_pPr()
            ppr.remove(pstyle)
            for prop in style.find(qn("w:pPr")) if style.find(qn("w:pPr")) is not None else []:
                _merge(ppr, prop)
            runs = [r.get_or_add_rPr() for r in p.iter(qn("w:r"))]
            for rpr in runs:
                for prop in style.find(qn("w:rPr")) if style.find(qn("w:rPr")) is not None else []:
                    _merge(rpr, prop)
                fonts = get_or_add(rpr, "w:rFonts")
                for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(slot), make_templates.FONT)
    for style_id in style_ids & set(styles):  # a template without an annex has no annex styles
        styles[style_id].getparent().remove(styles[style_id])


def _merge(parent, prop) -> None:
    """Copies a property element into ``parent`` at its schema place (attributes and children)."""
    el = get_or_add(parent, "w:" + etree.QName(prop).localname)
    for key, value in prop.attrib.items():
        el.set(key, value)
    for sub in prop:
        el.append(copy.deepcopy(sub))


def from_scratch(target: Path, build_template) -> None:
    """Writes the template ``build_template`` makes, but as plain python-docx makes a document: its default parts
    (thumbnail, stylesWithEffects, bibliography), its theme defaults, and direct formatting instead of our styles."""
    from docx import Document

    def plain_document():
        doc = Document()
        make_templates._paragraph_styles(doc)
        make_templates._page(doc)
        body = doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        return doc

    original = make_templates.new_document
    make_templates.new_document = plain_document
    try:
        doc = build_template()
    finally:
        make_templates.new_document = original
    _flatten(doc, {row[1] for row in make_templates.PARAGRAPH_STYLES + make_templates.ANNEX_STYLES})
    doc.save(target)


@pytest.fixture(scope="module")
def saved_templates(tmp_path_factory) -> dict[str, Path]:
    """Returns each way of saving → a templates folder holding the three templates saved that way."""
    root = tmp_path_factory.mktemp("saved-templates")
    profile = root / "lo-profile"
    shipped = [REPO / "templates" / name for name in TEMPLATES]
    folders = {way: root / way for way in WAYS}
    libreoffice(shipped, folders["libreoffice"], "docx", profile)
    odts = libreoffice(shipped, root / "odt", "odt", profile)
    libreoffice(odts, folders["libreoffice-odt"], "docx:MS Word 2007 XML", profile)
    folders["renamed-styles"].mkdir()
    folders["python-docx"].mkdir()
    for name in TEMPLATES:
        rename_styles(REPO / "templates" / name, folders["renamed-styles"] / name)
        from_scratch(folders["python-docx"] / name, make_templates.TEMPLATES[name])
    return folders


def error_kind(error: str) -> str:
    """Returns a schema error without the positions in its path: the same fault repeated by a loop is one kind."""
    return re.sub(r"\[\d+\]", "", error)


def from_templates(templates: Path, outputs: Path):
    """Returns the sample's options with another templates folder."""
    return replace(sample_options(outputs), templates=templates)


@pytest.mark.template_schema_errors
@pytest.mark.parametrize("document", sorted(DOCUMENT_TEMPLATE))
@pytest.mark.parametrize("way", WAYS)
def test_a_template_saved_again_gives_a_clean_document(saved_templates, built, way, document, tmp_path):
    from docx import Document

    result = build(document, from_templates(saved_templates[way], tmp_path / "outputs"))
    path = result.written[0]
    assert zip_duplicates(path) == []
    template_kinds = {error_kind(e) for e in schema_errors(saved_templates[way] / DOCUMENT_TEMPLATE[document])}
    added = [e for e in schema_errors(path) if error_kind(e) not in template_kinds]
    assert added == [], "schema errors the template did not have:\n" + "\n".join(added)
    assert [str(p) for p in result.layout] == [] and check_document(path) == []
    with zipfile.ZipFile(path) as z:
        assert not {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"} & set(z.namelist())
    core, shipped = (Document(str(p)).core_properties for p in (path, built[document]))
    for prop in ("title", "author", "last_modified_by", "created", "modified", "last_printed", "revision", "comments",
                 "language", "identifier", "version"):
        assert getattr(core, prop) == getattr(shipped, prop), prop


def _rule_under_tieu_ngu(document):
    """Returns the rule paragraph of the template right under the Tiêu ngữ."""
    tn = next(p for p in document.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith("Độc lập"))
    return tn.getnext()


LINE = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>
 <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" behindDoc="0" locked="0"
   layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
  <wp:positionH relativeFrom="margin"><wp:posOffset>120000</wp:posOffset></wp:positionH>
  <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
  <wp:extent cx="3500000" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
  <wp:docPr id="101" name="Đường kẻ"/><wp:cNvGraphicFramePr/>
  <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
   <wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3500000" cy="0"/></a:xfrm>
   <a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>
   </wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>
 </wp:anchor></w:drawing></w:r>"""


def _drawn_line_instead_of_border(document):
    rule = _rule_under_tieu_ngu(document)
    rule.remove(rule.find(qn("w:pPr")))
    rule.append(etree.fromstring(LINE))


def test_a_rule_drawn_as_a_line_is_fitted_and_centred(tmp_path):
    """A rule drawn with Word's line tool, too long and off centre, is given the Tiêu ngữ's length and the column's centre."""
    from generator.checker.document import read_document
    from generator.ooxml import EMU_PER_TWIP, Package, line_widths_pt

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    template = templates / "bao-cao-quy.docx"
    template.write_bytes(with_part_changed(template, "word/document.xml", _drawn_line_instead_of_border))
    assert_schema_valid(template)
    result = build("q3", from_templates(templates, tmp_path / "outputs"))
    assert result.layout == [] and check_document(result.written[0]) == []
    package = Package(result.written[0].read_bytes())
    anchor = package.document.find(f".//{qn('wp:anchor')}")
    length = int(anchor.find(qn("wp:extent")).get("cx")) / EMU_PER_TWIP
    doc = read_document(package)
    tn = next(p for p in doc.paras.values() if p.text.startswith("Độc lập"))
    assert abs(length - max(line_widths_pt(tn.runs, 10 ** 6)) * 20) < 20  # within a point of the Tiêu ngữ
    assert anchor.find(f"{qn('wp:positionH')}").get("relativeFrom") == "column"


def _no_rule_under_tieu_ngu(document):
    rule = _rule_under_tieu_ngu(document)
    rule.getparent().remove(rule)


def test_a_template_without_a_rule_is_named_once_for_all_the_documents_it_makes(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    template = templates / "bao-cao-quy.docx"
    template.write_bytes(with_part_changed(template, "word/document.xml", _no_rule_under_tieu_ngu))
    result = build("all", from_templates(templates, tmp_path / "outputs"))
    assert len(result.written) == 5  # q1, q2, q3 from this template: one warning, on the template, and no other
    assert [(p.file, p.message) for p in result.layout] == [
        (template, "không có đường kẻ ngay dưới Tiêu ngữ: thêm vào mẫu một đoạn trống có viền trên, hoặc một đường kẻ vẽ bằng Word")]
