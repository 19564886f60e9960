"""The layout checker (generator/check.py) against spec/nd30.md.

A hand-built conformant báo cáo (tests/fixtures/check/conformant.py) must be
clean; each row of MUTATIONS breaks it in one way and must raise exactly that
rule's code. Documents made by other means must be read without a crash, and
the documents our pipeline builds must be clean.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from conftest import soffice_or_skip
from generator import check
from generator.checker.common import ALIGN_NAME
from generator.checker.header import date_problems, so_problems
from generator.errors import UsageError
from generator.i18n import set_language
from generator.ooxml import qn

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "nd30.md"
ALL_CODES = ["PAGE", "MARGIN", "FONT", "PGNUM", "LEFTOVER", "NFC", "QH", "TN", "TN-RULE", "CQ-CQ", "CQ", "CQ-RULE",
             "SO", "DATE", "TL", "TY", "TY-RULE", "KG", "BODY", "HEAD", "CANCU", "PL", "END", "SIGN", "SIGNER", "NN", "NN-LIST"]


def _load_fixture():
    spec = importlib.util.spec_from_file_location("conformant", ROOT / "tests" / "fixtures" / "check" / "conformant.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conformant = _load_fixture()


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("vi")


# ---------------------------------------------------------------------------
# Mutation helpers: each takes the fixture's parts (lxml trees) and changes one thing.

def _doc(parts):
    return parts["word/document.xml"]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _p(parts, start: str, part="word/document.xml"):
    """Returns the first paragraph of ``part`` whose text starts with ``start``."""
    return next(p for p in parts[part].iter(qn("w:p")) if _text(p).startswith(start))


def _set_run(p, tag: str, **attrs):
    """Sets a run property on every run of paragraph ``p`` (replacing it)."""
    for r in p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(r, qn("w:rPr"))
            r.insert(0, rpr)
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
        el = etree.SubElement(rpr, qn(tag))
        for k, v in attrs.items():
            el.set(qn("w:" + k), v)


def _set_ppr(p, tag: str, **attrs):
    ppr = p.find(qn("w:pPr"))
    el = ppr.find(qn(tag))
    if el is None:
        el = etree.SubElement(ppr, qn(tag))
    for k, v in attrs.items():
        el.set(qn("w:" + k), v)


def _replace_text(p, old: str, new: str):
    for t in p.iter(qn("w:t")):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not in {_text(p)!r}")


def _sect(parts, tag):
    return _doc(parts).find(f"{qn('w:body')}/{qn('w:sectPr')}/{qn(tag)}")


def _rule_after(parts, start):
    """Returns the empty paragraph right after the paragraph starting with ``start``."""
    return _p(parts, start).getnext()


def _remove(el):
    el.getparent().remove(el)


def _narrow_header_cell(parts):
    """The right header cell says 8.5 cm in tcW while the grid still says 10 cm: LibreOffice would wrap the Quốc hiệu."""
    cell = next(_p(parts, "CỘNG HÒA").iterancestors(qn("w:tc")))
    cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").set(qn("w:w"), str(int(8.5 * 567)))


def _theme_font_defaults(parts):
    fonts = parts["word/styles.xml"].find(f".//{qn('w:rPrDefault')}//{qn('w:rFonts')}")
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")


def _drawn_line(parts):
    return next(_doc(parts).iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"))


def _halve_drawn_line(parts):
    extent = _drawn_line(parts)
    extent.set("cx", str(int(extent.get("cx")) // 2))


def _underline_instead_of_rule(parts):
    _remove(next(_drawn_line(parts).iterancestors(qn("w:r"))))
    _set_run(_p(parts, "Độc lập"), "w:u", val="single")


def _line_drawn_as_word_does(parts, offset=None, fallback=100):
    """Replaces the Tiêu ngữ's inline line by an anchored one in the Quốc hiệu's paragraph (centred unless ``offset``)."""
    _remove(next(_drawn_line(parts).iterancestors(qn("w:r"))))
    column = conformant.HEADER_COLUMNS[1] - 2 * conformant.CELL_MARGIN
    offset = (column - 3428) // 2 if offset is None else offset
    run = etree.fromstring(f"<w:p {conformant.NSDECL}>{conformant.anchored_line(3428, offset, fallback)}</w:p>")[0]
    _p(parts, "CỘNG HÒA").append(run)


def _box(text):
    return etree.fromstring(f"<w:p {conformant.NSDECL}>{conformant.text_box(text)}</w:p>")[0]


def _fewer_signature_lines(parts):
    signer = _p(parts, "Nguyễn Văn A")
    for _ in range(3):
        _remove(signer.getprevious())


def _body_size_13(parts):
    _set_run(_p(parts, "Tiếp tục tuyên truyền"), "w:sz", val="26")


def _nfd(parts):
    p = _p(parts, "Tiếp tục tuyên truyền")
    for t in p.iter(qn("w:t")):
        t.text = unicodedata.normalize("NFD", t.text)


def _word_lettering(parts, items=5):
    """Letters the a) b) c) items with Word's automatic lettering, adding items up to ``items``."""
    parts["word/numbering.xml"] = etree.fromstring(conformant.NUMBERING.encode())
    first, anchor = _p(parts, "a) Cải cách"), _p(parts, "c) Xây dựng")
    for n in range(3, items):
        extra = copy.deepcopy(first)
        _replace_text(extra, "a) Cải cách thủ tục", f"x) Nội dung thứ {n + 1}")
        anchor.addnext(extra)
        anchor = extra
    for p in _doc(parts).iter(qn("w:p")):
        if re.match(r"^[a-z]\) ", _text(p)):
            _replace_text(p, _text(p)[:3], "")
            _set_ppr(p, "w:numPr")
            num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            etree.SubElement(num, qn("w:ilvl")).set(qn("w:val"), "0")
            etree.SubElement(num, qn("w:numId")).set(qn("w:val"), "1")


def _smaller_run(parts):
    p = _p(parts, "Tiếp tục tuyên truyền")
    p.append(etree.fromstring(f'<w:r {conformant.NSDECL}><w:rPr><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve"> và Zalo</w:t></w:r>'))


MUTATIONS = [
    ("PAGE", "US Letter paper", lambda d: _sect(d, "w:pgSz").attrib.update({qn("w:w"): "12240", qn("w:h"): "15840"})),
    ("MARGIN", "left margin 20 mm", lambda d: _sect(d, "w:pgMar").set(qn("w:left"), "1134")),
    ("MARGIN", "top margin 30 mm", lambda d: _sect(d, "w:pgMar").set(qn("w:top"), "1701")),
    ("FONT", "Arial in one body run", lambda d: _set_run(_p(d, "Tiếp tục tuyên truyền"), "w:rFonts", ascii="Arial", hAnsi="Arial")),
    ("FONT", "a theme font in the document defaults", _theme_font_defaults),
    ("FONT", "a red run", lambda d: _set_run(_p(d, "Tiếp tục tuyên truyền"), "w:color", val="FF0000")),
    ("PGNUM", "no different first page", lambda d: _remove(_sect(d, "w:titlePg"))),
    ("PGNUM", "page number italic", lambda d: _set_run(_p(d, "2", "word/header1.xml"), "w:i")),
    ("PGNUM", "page number not centred", lambda d: _set_ppr(_p(d, "2", "word/header1.xml"), "w:jc", val="right")),
    ("LEFTOVER", "a Jinja tag left in the body", lambda d: _replace_text(_p(d, "Tiếp tục tuyên truyền"), "Cổng", "{{ cong }}")),
    ("LEFTOVER", "a Jinja tag in a text box", lambda d: _p(d, "Tiếp tục tuyên truyền").append(_box("Ghi chú: {{ ghi_chu }}"))),
    ("NFC", "decomposed Unicode", _nfd),
    ("NFC", "TCVN3-encoded text", lambda d: _replace_text(_p(d, "Tiếp tục tuyên truyền"), "cha mẹ học sinh", "cha mÑ häc sinh nhµ tr\u00adêng")),
    ("QH", "Quốc hiệu not bold", lambda d: _set_run(_p(d, "CỘNG HÒA"), "w:b", val="0")),
    ("QH", "right header cell too narrow by tcW (grid unchanged)", _narrow_header_cell),
    ("QH", "Quốc hiệu in title case", lambda d: _replace_text(_p(d, "CỘNG HÒA"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ("TN", "en dashes in the Tiêu ngữ", lambda d: _replace_text(_p(d, "Độc lập"), " - ", " – ")),
    ("TN", "Tiêu ngữ the same size as the Quốc hiệu", lambda d: _set_run(_p(d, "Độc lập"), "w:sz", val="26")),
    ("TN-RULE", "line half the Tiêu ngữ", _halve_drawn_line),
    ("TN-RULE", "Tiêu ngữ underlined instead of a rule", _underline_instead_of_rule),
    ("TN-RULE", "line anchored at the column's left edge", lambda d: _line_drawn_as_word_does(d, offset=0)),
    ("CQ-CQ", "cơ quan chủ quản bold", lambda d: _set_run(_p(d, "UBND HUYỆN"), "w:b")),
    ("CQ", "cơ quan ban hành not bold", lambda d: _set_run(_p(d, "TRƯỜNG THCS"), "w:b", val="0")),
    ("CQ-RULE", "rule 80 % of the name", lambda d: _set_ppr(_rule_after(d, "TRƯỜNG THCS"), "w:ind", left="392", right="393")),
    ("CQ-RULE", "dotted rule", lambda d: _rule_after(d, "TRƯỜNG THCS").find(f".//{qn('w:top')}").set(qn("w:val"), "dotted")),
    ("SO", "number 5 without a leading zero", lambda d: _replace_text(_p(d, "Số:"), "05", "5")),
    ("SO", "the year inside the number", lambda d: _replace_text(_p(d, "Số:"), "05/BC", "05/2023/BC")),
    ("SO", "type code CV", lambda d: _replace_text(_p(d, "Số:"), "/BC-", "/CV-")),
    ("SO", "italic", lambda d: _set_run(_p(d, "Số:"), "w:i")),
    ("DATE", "month 2 without a leading zero", lambda d: _replace_text(_p(d, "Bình Minh, ngày"), "tháng 02", "tháng 2")),
    ("DATE", "upright", lambda d: _set_run(_p(d, "Bình Minh, ngày"), "w:i", val="0")),
    ("TL", "tên loại not bold", lambda d: _set_run(_p(d, "BÁO CÁO"), "w:b", val="0")),
    ("TY", "trích yếu starting with V/v", lambda d: _replace_text(_p(d, "Kết quả thực hiện công tác"), "Kết quả", "V/v Kết quả")),
    ("TY", "trích yếu not bold", lambda d: _set_run(_p(d, "Kết quả thực hiện công tác"), "w:b", val="0")),
    ("TY-RULE", "rule 80 % of the trích yếu", lambda d: _set_ppr(_rule_after(d, "Kết quả thực hiện công tác"), "w:ind", left="1645", right="1646")),
    ("TY-RULE", "no rule", lambda d: _remove(_rule_after(d, "Kết quả thực hiện công tác"))),
    ("KG", "Kính gửi in italic", lambda d: _set_run(_p(d, "Kính gửi"), "w:i")),
    ("BODY", "4 pt spacing on one paragraph", lambda d: _set_ppr(_p(d, "Tiếp tục tuyên truyền"), "w:spacing", before="80", after="0")),
    ("BODY", "one paragraph at 13 pt", _body_size_13),
    ("BODY", "one paragraph left-aligned", lambda d: _set_ppr(_p(d, "Tiếp tục tuyên truyền"), "w:jc", val="left")),
    ("BODY", "no first-line indent", lambda d: _set_ppr(_p(d, "Tiếp tục tuyên truyền"), "w:ind", firstLine="0")),
    ("HEAD", "items a) c)", lambda d: _replace_text(_p(d, "b) Cải cách"), "b)", "c)")),
    ("HEAD", "mục not in upper case", lambda d: _replace_text(_p(d, "II. PHƯƠNG"), "PHƯƠNG HƯỚNG", "Phương hướng")),
    ("HEAD", "Word's automatic lettering: e) where đ) is due", _word_lettering),
    ("HEAD", "khoản not bold", lambda d: _set_run(_p(d, "1. Công tác"), "w:b", val="0")),
    ("CANCU", "căn cứ line upright", lambda d: _set_run(_p(d, "Căn cứ Kế hoạch"), "w:i", val="0")),
    ("CANCU", "last căn cứ line ends with ;", lambda d: _replace_text(_p(d, "Căn cứ kết quả"), "trường.", "trường;")),
    ("END", "no ./. at the end", lambda d: _replace_text(_p(d, "Trên đây"), "Minh./.", "Minh.")),
    ("SIGN", "chức vụ not bold", lambda d: _set_run(_p(d, "HIỆU TRƯỞNG"), "w:b", val="0")),
    ("SIGN", "KT without a dot", lambda d: _replace_text(_p(d, "HIỆU TRƯỞNG"), "HIỆU", "KT HIỆU")),
    ("SIGNER", "one empty line for the signature", _fewer_signature_lines),
    ("SIGNER", "a title before the name", lambda d: _replace_text(_p(d, "Nguyễn Văn A"), "Nguyễn", "ThS. Nguyễn")),
    ("NN", "Nơi nhận not italic", lambda d: _set_run(_p(d, "Nơi nhận"), "w:i", val="0")),
    ("NN-LIST", "recipient without ;", lambda d: _replace_text(_p(d, "- Phòng GDĐT"), "b/c);", "b/c)")),
    ("NN-LIST", "recipients at 12 pt", lambda d: _set_run(_p(d, "- Lưu"), "w:sz", val="24")),
    # Faults of real documents the checker once missed or misnamed.
    ("QH", "Quốc hiệu misspelt “CÔNG HÒA”", lambda d: _replace_text(_p(d, "CỘNG HÒA"), "CỘNG", "CÔNG")),
    ("QH", "Quốc hiệu missing “CHỦ”", lambda d: _replace_text(_p(d, "CỘNG HÒA"), "CHỦ ", "")),
    ("TN", "Tiêu ngữ misspelt", lambda d: _replace_text(_p(d, "Độc lập"), "Hạnh phúc", "Hạnh phước")),
    ("SO", "a bold number", lambda d: _set_run(_p(d, "Số:"), "w:b")),
    ("BODY", "a 13 pt run inside a 14 pt paragraph", _smaller_run),
    ("SIGNER", "“Th.s” before the name", lambda d: _replace_text(_p(d, "Nguyễn Văn A"), "Nguyễn", "Th.s Nguyễn")),
    ("SIGNER", "“PGS.TS.” before the name", lambda d: _replace_text(_p(d, "Nguyễn Văn A"), "Nguyễn", "PGS.TS. Nguyễn")),
    ("NN", "“Nơi nhân” misspelt", lambda d: _replace_text(_p(d, "Nơi nhận"), "nhận", "nhân")),
    ("KG", "“Kính gủi” misspelt", lambda d: _replace_text(_p(d, "Kính gửi"), "gửi", "gủi")),
]


# ---------------------------------------------------------------------------
# An annex as our reports carry it (the layout of #11), added to the conformant báo cáo with python-docx.

ANNEX_TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC QUÝ I NĂM 2023"
ANNEX_BASIS = "(Kèm theo Báo cáo số 05/BC-THCSBM ngày 09 tháng 02 năm 2023 của Trường THCS Bình Minh)"


def with_annex(change=None) -> bytes:
    """Returns the conformant báo cáo with a landscape annex section; ``change(doc, annex)`` breaks it first.

    ``annex`` maps "label", "title", "basis" to the annex's paragraphs and
    "section" to its section (python-docx objects).
    """
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    doc = Document(io.BytesIO(conformant.build()))
    mention = next(p for p in doc.paragraphs if p.text.startswith("Trong kỳ, nhà trường tiếp nhận"))
    mention.runs[-1].text += " (chi tiết tại Phụ lục kèm theo)"
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = number.add_run()
        run.font.size = Pt(14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fldCharType", kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
    start = OxmlElement("w:pgNumType")
    start.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start", "1")
    section._sectPr.insert_element_before(start, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                          "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")
    annex = {"section": section}
    for key, text, size, bold, italic in (("label", "Phụ lục", 14, True, False), ("title", ANNEX_TITLE, 13, True, False),
                                          ("basis", ANNEX_BASIS, 14, False, True),
                                          ("period", "(Từ ngày 15/12/2022 đến ngày 14/3/2023)", 14, False, True),
                                          ("unit", "Đơn vị tính: hồ sơ", 12, False, True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if key == "unit" else WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        annex[key] = p
    table = doc.add_table(rows=2, cols=13)
    for c in range(13):
        for r, text in enumerate((f"Cột {c + 1}", str(c))):
            run = table.cell(r, c).paragraphs[0].add_run(text)
            run.font.size = Pt(12)
    if change is not None:
        change(doc, annex)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _no_mention(doc, annex):
    p = next(p for p in doc.paragraphs if "Phụ lục kèm theo" in p.text)
    p.runs[-1].text = p.runs[-1].text.replace(" (chi tiết tại Phụ lục kèm theo)", "")


def _same_section(doc, annex):
    """The annex follows the text on the same page run: page numbers go on."""
    start = annex["section"]._sectPr.find(qn("w:pgNumType"))
    start.getparent().remove(start)


ANNEX_MUTATIONS = [
    ("PL", "the body does not mention its annex", _no_mention),
    ("PL", "“Phụ lục” not bold", lambda doc, a: setattr(a["label"].runs[0], "bold", False)),
    ("PL", "annex title in sentence case", lambda doc, a: setattr(a["title"].runs[0], "text", "Tình hình, kết quả giải quyết TTHC")),
    ("PL", "the “Kèm theo” line upright", lambda doc, a: setattr(a["basis"].runs[0], "italic", False)),
    ("PL", "page numbers of the annex go on from the text", _same_section),
    ("MARGIN", "landscape annex with portrait top margin", lambda doc, a: setattr(a["section"], "top_margin", 1134 * 635)),
]


def test_an_annex_on_a_landscape_page_is_clean_and_kept_apart():
    found = check.check_document(with_annex())
    assert found == [], check.format_report({Path("annex.docx"): found})
    from generator.checker.document import read_document
    from generator.checker.layout import find_layout
    from generator.ooxml import Package

    doc = read_document(Package(with_annex()))
    layout = find_layout(doc)
    assert [p.clean for p in layout.annexes[0] if not p.empty][:2] == ["Phụ lục", ANNEX_TITLE]
    assert all(not p.clean.startswith(("Phụ lục", "Cột")) for p in layout.body + layout.nn_list + layout.sign_right)
    assert layout.sign_right[-1].clean == "Nguyễn Văn A" and layout.nn_list[-1].clean == "- Lưu: VT."


@pytest.mark.parametrize("code, description, mutate", ANNEX_MUTATIONS, ids=[f"{c}: {d}" for c, d, _m in ANNEX_MUTATIONS])
def test_each_annex_mutation_raises_exactly_its_code(code, description, mutate):
    found = check.check_document(with_annex(mutate))
    assert {v.code for v in found} == {code}, check.format_report({Path(description): found})


def _codes(data: bytes) -> list[str]:
    return [v.code for v in check.check_document(data)]


def test_conformant_fixture_is_clean():
    found = check.check_document(conformant.build())
    assert found == [], check.format_report({Path("conformant.docx"): found})


@pytest.mark.parametrize("code, description, mutate", MUTATIONS, ids=[f"{c}: {d}" for c, d, _m in MUTATIONS])
def test_each_mutation_raises_exactly_its_code(code, description, mutate):
    parts = conformant.parts()
    mutate(parts)
    found = check.check_document(conformant.pack(parts))
    assert {v.code for v in found} == {code}, check.format_report({Path(description): found})


def test_the_mutation_table_covers_every_rule_of_the_spec():
    codes = ALL_CODES
    if SPEC.exists():
        codes = re.findall(r"^\| ([A-Z][A-Z-]+) \|", SPEC.read_text(encoding="utf-8"), re.MULTILINE)
        assert set(codes) == set(ALL_CODES)
    assert set(codes) <= {code for code, _d, _m in MUTATIONS + ANNEX_MUTATIONS}


def test_a_text_box_is_read_once_in_the_area_of_its_anchor():
    parts = conformant.parts()
    _p(parts, "Tiếp tục tuyên truyền").append(_box("{{ ghi_chu }}"))
    (violation,) = check.check_document(conformant.pack(parts))  # not again from the VML copy
    assert (violation.code, violation.area, str(violation.where)) == ("LEFTOVER", "body", "“{{ ghi_chu }}”")


def test_a_violation_says_where_what_and_what_is_expected():
    parts = conformant.parts()
    _replace_text(_p(parts, "Bình Minh, ngày"), "tháng 02", "tháng 2")
    (violation,) = check.check_document(conformant.pack(parts))
    assert violation.area == "header"
    assert "Bình Minh, ngày 09 tháng 2 năm 2023" in str(violation.where)
    assert "month 2 without a leading zero" in str(violation.found)
    assert "leading 0" in str(violation.expected)


def test_a_wrapping_quoc_hieu_reports_the_widths():
    parts = conformant.parts()
    _narrow_header_cell(parts)
    (violation,) = check.check_document(conformant.pack(parts))
    assert re.search(r"wraps: 9\.6 cm of text in 8\.\d cm", str(violation.found))


def test_lines_drawn_in_word_are_measured_wherever_anchored_in_the_cell():
    parts = conformant.parts()
    _line_drawn_as_word_does(parts, fallback=100)  # the VML copy (5 pt) is for old readers and is not measured
    assert check.check_document(conformant.pack(parts)) == []


def test_an_old_vml_line_is_measured():
    parts = conformant.parts()
    _remove(next(_drawn_line(parts).iterancestors(qn("w:r"))))
    _rule_after(parts, "Độc lập").append(etree.fromstring(f"<w:p {conformant.NSDECL}>{conformant.vml_line(3428)}</w:p>")[0])
    assert check.check_document(conformant.pack(parts)) == []
    extent = _rule_after(parts, "Độc lập").find(".//{urn:schemas-microsoft-com:vml}line")
    extent.set("to", "80pt,0")
    assert [v.code for v in check.check_document(conformant.pack(parts))] == ["TN-RULE"]


def test_automatic_lettering_is_read_with_its_labels():
    parts = conformant.parts()
    _word_lettering(parts, items=4)
    assert check.check_document(conformant.pack(parts)) == []  # a) b) c) d) are right in both orders
    parts = conformant.parts()
    _word_lettering(parts, items=5)
    (violation,) = check.check_document(conformant.pack(parts))
    assert str(violation.found) == "item e)" and str(violation.expected).startswith("item đ)")


def test_a_line_break_ends_a_measured_line():
    """A two-line trích yếu is measured line by line (render.fit_rules fits its rule to the longest)."""
    from generator.ooxml import RunFormat, Styles, line_widths_pt, paragraph_runs, text_width_pt

    parts = conformant.parts()
    p = _p(parts, "Kết quả thực hiện công tác")
    p.append(etree.fromstring(f'<w:r {conformant.NSDECL}><w:br/></w:r>'))
    p.append(etree.fromstring(f'<w:r {conformant.NSDECL}><w:rPr><w:b/></w:rPr><w:t>và phương hướng quý II</w:t></w:r>'))
    lines = line_widths_pt(paragraph_runs(p, Styles(parts["word/styles.xml"])), conformant.PAGE_TEXT / 20)
    bold = RunFormat(14, bold=True)
    alone = [text_width_pt(t, bold) for t in ("Kết quả thực hiện công tác cải cách hành chính quý I năm 2023",
                                             "và phương hướng quý II")]
    assert lines == pytest.approx(alone)


# ---------------------------------------------------------------------------
# Pure rules: the number and the date.

@pytest.mark.parametrize("text, ok", [
    ("Bình Minh, ngày 09 tháng 02 năm 2023", True),
    ("Bình Minh, ngày 15 tháng 3 năm 2023", True),
    ("Bình Minh, ngày 01 tháng 12 năm 2023", True),
    ("Bình Minh, ngày 28 tháng 8 năm 2023", True),
    ("Bình Minh, ngày      tháng      năm 2023", True),
    ("Bình Minh, ngày 9 tháng 02 năm 2023", False),
    ("Bình Minh, ngày 09 tháng 2 năm 2023", False),
    ("Bình Minh, ngày 15 tháng 03 năm 2023", False),
    ("Bình Minh, ngày 1 tháng 12 năm 2023", False),
    ("Bình Minh, ngày 30 tháng 02 năm 2023", False),
    ("Bình Minh, 09/02/2023", False),
])
def test_date_line_padding(text, ok):
    assert (date_problems(re.sub(r"\s+", " ", text)) == []) is ok


@pytest.mark.parametrize("text, type_expected, ok", [
    ("Số: 05/BC-THCSBM", "BC", True),
    ("Số: 25/BC-THCSBM", "BC", True),
    ("Số:      /BC-THCSBM", "BC", True),
    ("Số: 12/THCSBM-VP", None, True),
    ("Số: 5/BC-THCSBM", "BC", False),
    ("Số: 025/BC-THCSBM", "BC", False),
    ("Số: 05/2023/BC-THCSBM", "BC", False),
    ("Số: 05/BC - THCSBM", "BC", False),
    ("Số: 05/KH-THCSBM", "BC", False),
    ("Số: 05/CV-THCSBM", None, False),
    ("Số /BC-THCSBM", "BC", False),
    ("Số 05/BC-THCSBM", "BC", False),
])
def test_number_line_form(text, type_expected, ok):
    assert (so_problems(text, type_expected) == []) is ok


# ---------------------------------------------------------------------------
# Reports.

def _two_violations() -> bytes:
    parts = conformant.parts()
    _replace_text(_p(parts, "Số:"), "05", "5")
    _replace_text(_p(parts, "Trên đây"), "Minh./.", "Minh.")
    return conformant.pack(parts)


def test_human_report_groups_by_area_one_line_per_violation(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(_two_violations())
    (tmp_path / "good.docx").write_bytes(conformant.build())
    results = check.check_files([path, tmp_path / "good.docx"])
    lines = check.format_report(results).splitlines()
    assert lines[0] == f"{path}: 2 layout violations"
    assert lines[1] == "  Header" and lines[2].startswith("    [SO] “Số: 5/BC-THCSBM”: found number 5 without a leading zero")
    assert lines[3] == "  Body" and lines[4].startswith("    [END] “Trên đây")
    assert lines[5] == f"{tmp_path / 'good.docx'}: no layout violation"


def test_report_in_vietnamese():
    set_language("vi")
    text = check.format_report({Path("x.docx"): check.check_document(_two_violations())})
    assert "[SO]" in text and "không có số 0 ở đầu" in text and "Phần đầu" in text


def test_json_report_is_machine_readable(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(_two_violations())
    rows = json.loads(check.format_report(check.check_files([path]), as_json=True))
    assert [(r["file"], r["code"], r["area"]) for r in rows] == [(str(path), "SO", "header"), (str(path), "END", "body")]
    assert set(rows[0]) == {"file", "code", "severity", "area", "where", "found", "expected", "count"}
    assert (rows[0]["severity"], rows[0]["count"]) == ("violation", 1)


def test_not_a_docx_is_a_usage_error(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("not a zip")
    with pytest.raises(UsageError, match="notes.docx"):
        check.check_files([path])
    with pytest.raises(UsageError):
        check.check_document(tmp_path / "missing.docx")


def test_every_message_has_a_vietnamese_translation():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    keywords = {"_": None, "_m": None, "N_": None}
    modules = [ROOT / "generator" / "check.py", *sorted((ROOT / "generator" / "checker").glob("*.py"))]
    used = {msg for module in modules for _l, msg, _c, _ctx in extract_from_file("python", module, keywords=keywords)}
    assert set(check.AREA_NAMES.values()) | set(ALIGN_NAME.values()) <= used
    for lang in ("vi", "en"):
        with open(ROOT / "generator" / "locale" / lang / "LC_MESSAGES" / "check.po", "rb") as f:
            catalog = {m.id: m.string for m in read_po(f) if m.id}
        missing = sorted(m for m in used if not catalog.get(m))
        assert missing == [], f"{lang}: {missing}"


# ---------------------------------------------------------------------------
# Documents we did not make.

def test_python_docx_documents_in_several_styles_are_read():
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.add_heading("Báo cáo", 0)
    doc.add_heading("I. Mục một", 1)
    doc.add_paragraph("Đoạn văn thường.")
    doc.add_paragraph("Mục liệt kê", style="List Bullet")
    doc.add_paragraph("Trích dẫn", style="Intense Quote").runs[0].font.size = Pt(13)
    outer = doc.add_table(rows=2, cols=2)
    outer.style = "Table Grid"
    outer.cell(0, 0).text = "Nơi nhận:"
    outer.cell(1, 1).add_table(rows=1, cols=2).cell(0, 0).text = "bảng lồng"
    doc.sections[0].header.paragraphs[0].text = "Đầu trang"
    path_bytes = _save(doc)
    codes = set(_codes(path_bytes))
    assert {"FONT", "QH"} <= codes  # theme fonts (Calibri), no Quốc hiệu
    assert "PGNUM" not in codes  # one page needs no page number
    for _ in range(60):
        doc.add_paragraph("Đoạn văn thường, đủ dài để văn bản sang trang thứ hai.")
    assert "PGNUM" in set(_codes(_save(doc)))


def test_python_docx_copy_of_the_layout_in_arial_is_read():
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "TRƯỜNG THCS BÌNH MINH\nSố: 5/BC-THCSBM"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBình Minh, ngày 9 tháng 2 năm 2023"
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Kết quả công tác")
    doc.add_paragraph("Nội dung.")
    for p in doc.paragraphs:
        for r in p.runs:
            r.font.name = "Arial"
    codes = set(_codes(_save(doc)))
    assert {"FONT", "QH", "SO", "DATE", "TL", "END"} <= codes


def _save(doc) -> bytes:
    import io

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _convert(tmp_path: Path, source: Path, target: str) -> Path:
    """Returns the file LibreOffice makes of ``source`` in format ``target``, with a private profile."""
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice_or_skip(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(tmp_path / "out"), str(source)], check=True, capture_output=True, timeout=180)
    return tmp_path / "out" / (source.stem + "." + target.split(":")[0])


HTML = """<html><head><meta charset="utf-8"></head><body style="font-family: 'Times New Roman'; font-size: 14pt">
<table width="100%"><tr><td width="40%" align="center">UBND HUYỆN THANH OAI<br><b>TRƯỜNG THCS BÌNH MINH</b></td>
<td align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b><u>Độc lập - Tự do - Hạnh phúc</u></b></td></tr>
<tr><td align="center">Số: 05/BC-THCSBM</td><td align="center"><i>Bình Minh, ngày 09 tháng 02 năm 2023</i></td></tr></table>
<p align="center"><b>BÁO CÁO</b><br><b>Kết quả công tác cải cách hành chính quý I năm 2023</b></p>
<p align="justify">Nhà trường báo cáo như sau:</p>
<h2>I. KẾT QUẢ</h2><ol><li>Một</li><li>Hai</li></ol>
<table border="1"><tr><td>1</td><td><table border="1"><tr><td>lồng</td></tr></table></td></tr></table>
<p align="justify">Trên đây là báo cáo./.</p>
<table width="100%"><tr><td><b><i>Nơi nhận:</i></b><br>- Như trên;<br>- Lưu: VT.</td>
<td align="center"><b>HIỆU TRƯỞNG</b><br><br><br><br><b>Nguyễn Văn A</b></td></tr></table></body></html>"""


@pytest.mark.slow
def test_document_converted_by_libreoffice_from_html_is_read(tmp_path):
    source = tmp_path / "bao-cao.html"
    source.write_text(HTML, encoding="utf-8")
    converted = _convert(tmp_path, source, "docx:MS Word 2007 XML")
    found = check.check_document(converted)
    assert [v for v in found if "not found" in str(v.found)] == []  # every element is found, lines split at <br>
    rules = {v.code: str(v.found) for v in found if v.code.endswith("RULE")}
    assert rules["TN-RULE"] == "no rule, the text is underlined"
    assert {"QH", "CQ", "SO", "NN", "NN-LIST"} <= {v.code for v in found}  # 14 pt everywhere
    assert "PGNUM" not in {v.code for v in found}  # one page: no page number needed
    assert "DATE" not in {v.code for v in found} and "SIGN" not in {v.code for v in found}


@pytest.mark.slow
def test_conformant_fixture_resaved_by_libreoffice_is_still_read_alike(tmp_path):
    """LibreOffice rewrites styles, cell widths and the drawn line; the checker must read the same layout."""
    source = tmp_path / "conformant.docx"
    source.write_bytes(conformant.build())
    converted = _convert(tmp_path, source, "odt")
    back = _convert(tmp_path / "back", converted, "docx:MS Word 2007 XML")
    found = check.check_document(back)
    assert found == [], check.format_report({back: found})


# ---------------------------------------------------------------------------
# Our own output (the time to check is measured by bench/bench_check.py).

@pytest.mark.parametrize("period", ["q1", "q2", "q3", "nam", "ke-hoach"])
def test_documents_we_build_are_clean(period, tmp_path, monkeypatch):
    from generator.pipeline import Options, build

    monkeypatch.chdir(ROOT)
    result = build(period, Options(inputs=ROOT / "inputs", templates=ROOT / "templates", outputs=tmp_path))
    (path,) = result.written
    found = check.check_document(path)
    assert found == [], check.format_report({path: found})


# ---------------------------------------------------------------------------
# Reading documents as they are made (issue #13).

def test_a_draft_blank_number_and_day_are_notes_unless_strict():
    parts = conformant.parts()
    _replace_text(_p(parts, "Số:"), "05", "      ")
    _replace_text(_p(parts, "Bình Minh, ngày"), "ngày 09", "ngày      ")
    data = conformant.pack(parts)
    found = check.check_document(data)
    assert [(v.code, v.note) for v in found] == [("SO", True), ("DATE", True)]
    assert str(found[0].found) == "no number yet (a draft)"
    text = check.format_report({Path("du-thao.docx"): found})
    assert text.splitlines()[0] == "du-thao.docx: no layout violation" and "Notes" in text
    assert [(v.code, v.note) for v in check.check_document(data, strict=True)] == [("SO", False), ("DATE", False)]


def test_a_repeated_fault_is_one_line_with_its_count():
    parts = conformant.parts()
    for start in ("Nhà trường ban hành", "Trong kỳ, nhà trường", "Tiếp tục tuyên truyền"):
        _set_ppr(_p(parts, start), "w:spacing", before="80", after="0")
    (violation,) = check.check_document(conformant.pack(parts))
    assert (violation.code, violation.count) == ("BODY", 3)
    assert str(violation.where).endswith("and 2 more paragraphs")


def test_fonts_are_judged_by_the_script_they_draw():
    """Vietnamese letters are drawn with the hAnsi font: an eastAsia or cs font that no letter uses shows nothing."""
    parts = conformant.parts()
    _set_run(_p(parts, "Tiếp tục tuyên truyền"), "w:rFonts", ascii="Times New Roman", hAnsi="Times New Roman",
             eastAsia="Calibri", cs=".VnTime")
    assert check.check_document(conformant.pack(parts)) == []
    _set_run(_p(parts, "Tiếp tục tuyên truyền"), "w:rFonts", ascii="Times New Roman", hAnsi="Arial")
    (violation,) = check.check_document(conformant.pack(parts))
    assert (violation.code, str(violation.found)) == ("FONT", "font Arial")


def test_a_report_opening_sentence_is_not_a_can_cu():
    parts = conformant.parts()
    _remove(_p(parts, "Căn cứ Kế hoạch"))
    _remove(_p(parts, "Căn cứ kết quả"))
    opening = _p(parts, "Trường THCS Bình Minh báo cáo")
    _replace_text(opening, "Trường THCS Bình Minh báo cáo", "Thực hiện Kế hoạch số 12/KH-THCSBM ngày 09/02/2023, nhà trường báo cáo")
    assert check.check_document(conformant.pack(parts)) == []


def test_a_header_and_signature_laid_out_with_tabs_are_read_by_their_columns():
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    lines = ["UBND HUYỆN THANH OAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "TRƯỜNG THCS BÌNH MINH\tĐộc lập - Tự do - Hạnh phúc",
             "Số:      /BC-THCSBM\tBình Minh, ngày      tháng 02 năm 2023",
             "BÁO CÁO", "Kết quả công tác cải cách hành chính quý I năm 2023",
             "Nhà trường báo cáo như sau./.",
             "Nơi nhận:\tHIỆU TRƯỞNG", "- Phòng GDĐT;", "- Lưu: VT.", "", "", "\tNguyễn Văn A"]
    for text in lines:
        run = doc.add_paragraph().add_run(text)
        run.font.name, run.font.size = "Times New Roman", Pt(13)
    found = {v.code: v for v in check.check_document(_save(doc)) if not v.note}
    assert [v for v in found.values() if "not found" in str(v.found)] == []
    # Each element is read alone from its column, judged by its text and fonts (plain runs: not bold, not italic);
    # where a tab puts it says nothing of its alignment.
    assert {code: (str(found[code].where), str(found[code].found)) for code in ("QH", "TN", "CQ", "DATE", "SIGN", "SIGNER")} == {
        "QH": ("“CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”", "not bold"), "TN": ("“Độc lập - Tự do - Hạnh phúc”", "not bold"),
        "CQ": ("“TRƯỜNG THCS BÌNH MINH”", "not bold"), "DATE": ("“Bình Minh, ngày tháng 02 năm 2023”", "upright"),
        "SIGN": ("“HIỆU TRƯỞNG”", "not bold"), "SIGNER": ("“Nguyễn Văn A”", "not bold")}
    assert "CQ-CQ" not in found and "SO" not in found  # "UBND HUYỆN THANH OAI" upright is right; a blank number is a note


@pytest.mark.parametrize("value, low, high, shown", [
    (5.17, 5.19, 8.6, ("5.17", "5.19", "8.6")),
    (4.5, 5.1, 8.5, ("4.5", "5.1", "8.5")),
    (8.64, 5.2, 8.63, ("8.64", "5.2", "8.63")),
])
def test_ranges_are_printed_with_the_precision_that_decides_them(value, low, high, shown):
    from generator.checker.messages import decisive

    assert decisive(value, low, high) == shown
