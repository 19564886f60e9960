"""Property: any q3-shaped report either is refused with located problems, or becomes a .docx that says what the input says.

Random reports shaped like inputs/2023/q3.yaml (random Unicode in every
paragraph list, random counts that keep the consistency rules most of the time
but not always, 0–20 Biểu 06 rows with random lĩnh vực names) are written as
YAML into a copy of the sample workspace and built in-process with
``generator.pipeline.build``. Then either

* it raised InputError, every problem names a file and at least one a line,
  and it did so only if the input really broke a rule (or looks typed in a
  TCVN3/VNI font); or
* it returned a Result, and the .docx it wrote opens with python-docx, holds no
  template syntax of its own, and every figure and paragraph matches the input:
  Biểu 06 rows and the Tổng cộng row, the sentence that sums Biểu 06 up, the
  percentages of the targets table, every typed paragraph.

Text is compared after NFC (the loader normalises), after removing what the
program may drop or insert (control characters; U+2060 WORD JOINER, which may
be put between "{" and "{" a clerk typed) and with whitespace runs collapsed.

CCHC_FUZZ_EXAMPLES sets the number of examples (default 200; CI: 600).
CCHC_FUZZ_PDF_EXAMPLES sets how many fuzzed reports LibreOffice converts (default 20).
"""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import REPO, bieu06_rows, form_columns, to_pdf
from generator.errors import InputError, TemplateError
from generator.pipeline import Options, Result, build

# Generated reports built and converted by LibreOffice: the full suite (CI) runs them, not the everyday subset.
pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "200"))
PDF_EXAMPLES = int(os.environ.get("CCHC_FUZZ_PDF_EXAMPLES", "20"))
TEMPLATE = REPO / "templates" / "bao-cao-quy.docx"

# ---------------------------------------------------------------------------------------------------------------
# Text the clerk may type

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ0123456789"
)
COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"  # NFD tone marks: NFC recombines them on load
PUNCTUATION = " ,.;:!?()[]-–—•/\\|%#*+=_~^`@$&<>\"'“”‘’…{}"
SCRIPTS = "😀👍🏽🇻🇳\u200d中文한국שלוםمرحبا" + "\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\u061c"  # emoji, CJK, RTL marks
INVISIBLE = "\u00a0\u200b\u2060\u2028\u2029\ufeff\u3000"
CONTROL = "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x80\x85\x9f"
ALPHABET = VIETNAMESE + COMBINING + PUNCTUATION + SCRIPTS + INVISIBLE + CONTROL
TEMPLATE_LIKE = ["{{ x }}", "{%  if %}", "{% endfor %}", "{#", "#}", "{{", "}}", "{%p for r in bieu06 %}", "{{ r.stt }}", "{{r}}"]

LEGACY_CHARS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÆÇÑÖ×ØÜÞßäåæçëîïñö÷øûüþÿ")
"""generator.validate.LEGACY_CHARS: text with two of these is refused as typed in a TCVN3/VNI font."""
LOST_LETTERS = re.compile(r"[A-Za-zÀ-ÿ]\?+[A-Za-zÀ-ÿ]")
"""generator.validate.LOST_LETTERS: a "?" between two Latin letters is refused as letters lost to an ANSI save."""

char_text = st.text(alphabet=ALPHABET, max_size=60)
paragraph = st.one_of(
    char_text,
    char_text,
    st.lists(st.one_of(char_text, st.sampled_from(TEMPLATE_LIKE)), max_size=4).map("".join),
    # anything Unicode has but surrogates and the Latin-1 letters that make text look TCVN3/VNI-encoded (refused)
    st.text(st.characters(codec="utf-8", exclude_characters="".join(LEGACY_CHARS)), max_size=30),
)
paragraphs = st.lists(paragraph, max_size=3)
# A lĩnh vực name is usually a real one, sometimes anything.
linh_vuc = st.one_of(
    st.sampled_from(["Chuyển trường đối với học sinh trung học cơ sở", "Miễn, giảm học phí, hỗ trợ chi phí học tập",
                     "Xét tuyển sinh vào lớp 6", "Cấp bản sao văn bằng, chứng chỉ"]),
    paragraph,
)
count = st.one_of(st.integers(0, 20), st.integers(0, 20), st.integers(0, 10**7))

BIEU06_IN = ("tu_ky_truoc", "truc_tuyen", "truc_tiep")
BIEU06_OUT = ("truoc_han", "dung_han", "qua_han", "dang_trong_han", "dang_qua_han")
BIEU06_COLUMNS = BIEU06_IN + BIEU06_OUT

AREAS = ("the_che", "tthc", "bo_may", "cong_vu", "tai_chinh", "chinh_quyen_so")
PAIRS = {  # group: (part, whole) pairs of the rule "every part ≤ its whole"
    "khao_sat": [("hai_long", "so_phieu")],
    "van_ban": [("den_tren_mang", "den"), ("di_tren_mang", "di")],
    "pakn": [("da_xu_ly", "tiep_nhan")],
    "kien_nghi_thanh_tra": [("da_thuc_hien", "tong")],
    "chuyen_truong": [("dung_tien_do", "tong")],
}


@dataclass
class Case:
    """A generated q3.yaml: its data, and the rules it breaks on purpose (empty: it must build)."""

    data: dict
    broken: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Returns every text value of the report."""
        found = []

        def walk(value):
            if isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)
            elif isinstance(value, str):
                found.append(value)

        walk(self.data)
        return found


@st.composite
def part_whole(draw, whole: int | None = None) -> tuple[int, int]:
    """Returns (part, whole) with part ≤ whole."""
    whole = draw(count) if whole is None else whole
    return draw(st.integers(0, whole)), whole


@st.composite
def bieu06_row(draw) -> dict:
    """Returns one Biểu 06 row that balances (received = resolved + pending)."""
    row = {"linh_vuc": draw(linh_vuc)}
    for name in BIEU06_IN:
        row[name] = draw(count)
    total = sum(row[n] for n in BIEU06_IN)
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=4, max_size=4)))
    for name, lo, hi in zip(BIEU06_OUT, [0] + cuts, cuts + [total]):
        row[name] = hi - lo
    return row


@st.composite
def reports(draw, allow_broken: bool = True) -> Case:
    """Returns a q3.yaml-shaped report (see the module docstring)."""
    broken: list[str] = []
    data: dict = {}
    if draw(st.booleans()):
        data["so"] = draw(st.integers(0, 10**5))
    month = draw(st.integers(1, 12))
    data["ngay"] = f"2023-{month:02d}-{draw(st.integers(1, 28)):02d}"
    signer = draw(st.sampled_from([None, "hieu_truong", "pho_hieu_truong"]))
    if signer:
        data["nguoi_ky"] = signer
    if draw(st.integers(0, 4)) == 0:  # an explicit window; rarely backwards
        start, end = sorted([draw(st.integers(1, 28)), draw(st.integers(1, 28))])
        data["tu_ngay"], data["den_ngay"] = f"2023-06-{start:02d}", f"2023-09-{end:02d}"
    data["uoc_tinh"] = draw(st.booleans())
    data["chi_dao_dieu_hanh"] = draw(paragraphs)
    data["ket_qua"] = {area: draw(paragraphs) for area in AREAS}
    so_lieu: dict = {"tthc": draw(st.lists(bieu06_row(), max_size=20))}
    for group, pairs in PAIRS.items():
        values: dict = {}
        for part, whole in pairs:
            values[part], values[whole] = draw(part_whole())
        so_lieu[group] = values
    so_lieu["tuyen_truyen"] = {"hinh_thuc": draw(st.lists(paragraph, max_size=6)), "so_lan": draw(count)}
    tong_so = draw(count)
    boi_duong = {"tong_so": tong_so}
    for name in ("van_hoa_giao_tiep", "ky_nang_so", "lanh_dao"):
        boi_duong[name] = draw(part_whole(tong_so))[0]
    boi_duong["lanh_dao_quan_triet"] = draw(part_whole(boi_duong["lanh_dao"]))[0]
    so_lieu["boi_duong"] = boi_duong
    data["so_lieu"] = so_lieu
    data["danh_gia"] = {k: draw(paragraphs) for k in ("uu_diem", "ton_tai", "nguyen_nhan")}
    data["phuong_huong"] = draw(paragraphs)
    data["kien_nghi"] = draw(paragraphs)
    data["chi_tieu_thu_cong"] = [{
        "ma": "chi_so_cchc", "ket_qua": draw(paragraph),
        "danh_gia": draw(st.sampled_from(["dat", "chua_dat", "khong_phat_sinh"])),
    }]
    if allow_broken and draw(st.integers(0, 11)) == 7:  # about one report in ten breaks one to three rules
        for _ in range(draw(st.integers(1, 3))):
            broken.append(draw(break_rule(data)))
    return Case(data, broken)


@st.composite
def break_rule(draw, data: dict) -> str:
    """Breaks one consistency rule of spec/inputs.md in ``data``; returns which."""
    so_lieu = data["so_lieu"]
    kinds = ["part", "ngay", "window"] + (["balance"] if so_lieu["tthc"] else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "part":
        pairs = [(g, part, whole) for g, ps in PAIRS.items() for part, whole in ps] + [
            ("boi_duong", p, "tong_so") for p in ("van_hoa_giao_tiep", "ky_nang_so", "lanh_dao")] + [
            ("boi_duong", "lanh_dao_quan_triet", "lanh_dao")]
        group, part, whole = draw(st.sampled_from(pairs))
        so_lieu[group][part] = so_lieu[group][whole] + draw(st.integers(1, 5))
        return f"{group}.{part} > {whole}"
    if kind == "ngay":
        data["ngay"] = draw(st.sampled_from(["2022-12-31", "2024-03-01"]))
        return "ngay outside the year"
    if kind == "window":
        data["tu_ngay"], data["den_ngay"] = "2023-09-14", "2023-06-15"
        return "tu_ngay after den_ngay"
    i = draw(st.integers(0, len(so_lieu["tthc"]) - 1))
    so_lieu["tthc"][i][draw(st.sampled_from(BIEU06_COLUMNS))] += draw(st.integers(1, 3))
    return f"tthc[{i}] does not balance"


# ---------------------------------------------------------------------------------------------------------------
# YAML, as a clerk's editor would hold it: block style, each text in double quotes with escapes for what
# cannot stand in a YAML file as typed (control characters, line separators, BOM, non-characters).

def _must_escape(ch: str) -> bool:
    o = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or o in (0xFEFF, 0xFFFE, 0xFFFF)
            or 0xD800 <= o <= 0xDFFF)


def yaml_text(s: str) -> str:
    """Returns ``s`` as a YAML double-quoted scalar."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif _must_escape(ch):
            out.append(f"\\x{o:02X}" if o < 0x100 else f"\\u{o:04X}" if o < 0x10000 else f"\\U{o:08X}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def yaml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return v if re.fullmatch(r"\d{4}-\d\d-\d\d", v) else yaml_text(v)
    raise TypeError(v)


def to_yaml(data, indent: int = 0) -> str:
    """Returns ``data`` (dicts, lists, str, int, bool) as block-style YAML."""
    pad = " " * indent
    lines = []
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:\n" + to_yaml(v, indent + 2))
            else:
                lines.append(f"{pad}{k}: " + ("[]" if v == [] else "{}" if v == {} else yaml_value(v)) + "\n")
    else:
        for v in data:
            if isinstance(v, dict):
                body = to_yaml(v, indent + 2)
                lines.append(f"{pad}- " + body[indent + 2:])
            else:
                lines.append(f"{pad}- {yaml_value(v)}\n")
    return "".join(lines)


def test_yaml_writer_round_trips():
    """The test's own YAML writer says what it means (ruamel reads back the same data)."""
    from ruamel.yaml import YAML

    data = {"a": ["x\x00\x85\u2028y\"\\", "", "{{ x }}", "- Lưu: VT", "# no comment", "😀\ufeff\uffff"],
            "b": [{"c": 1, "d": "x"}], "e": [], "f": True}
    assert YAML(typ="safe", pure=True).load(to_yaml(data)) == data


# ---------------------------------------------------------------------------------------------------------------
# Reading the output

def clean(text: str) -> str:
    """Returns ``text`` as compared: NFC, without control characters, line separators, U+2060 and whitespace.

    Whitespace goes too: a line break typed may print as a break, a space or
    nothing at all, and a paragraph may be trimmed; the words must all be there.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if not (ch.isspace() or ch == "\u2060" or unicodedata.category(ch) in ("Cc", "Zl", "Zp")))
    return unicodedata.normalize("NFC", text)  # a mark that followed a dropped character now joins the letter before


def number(n: int) -> str:
    """Returns a count as the report prints it: a dot for thousands."""
    return f"{n:,}".replace(",", ".")


def percent(part: int, whole: int, target: Fraction, strict: bool) -> str:
    """Returns part/whole as a percentage, half-up to one decimal, decimal comma, no trailing zeros
    (spec/inputs.md), or to as many more decimals as it takes for the number shown to stand on the same
    side of the plan's target as the true value, and on it only when the value is exactly on it."""
    value = Fraction(part * 100, whole)

    def met(x: Fraction) -> bool:
        return x > target if strict else x >= target

    places = 1
    while True:
        scale = 10 ** places
        shown = Fraction((value * scale + Fraction(1, 2)).__floor__(), scale)
        if met(shown) == met(value) and (shown == target) == (value == target):
            break
        places += 1
    whole_part, decimals = divmod(int(shown * scale), scale)
    decimals = f"{decimals:0{places}d}".rstrip("0")
    return number(whole_part) + (f",{decimals}" if decimals else "") + "%"


def sample_targets() -> dict[str, tuple[Fraction, bool]]:
    """Returns chi_so → (muc_tieu, strict ">") of the sample ke-hoach.yaml, read here with PyYAML."""
    import yaml

    plan = yaml.safe_load((REPO / "inputs" / "2023" / "ke-hoach.yaml").read_text(encoding="utf-8"))
    return {c["chi_so"]: (Fraction(str(c["muc_tieu"])), c.get("so_sanh", ">=") == ">")
            for c in plan["chi_tieu"] if c.get("chi_so")}


def template_tags() -> list[str]:
    """Returns the text of every tag of the quarter template, as docxtpl sees it ("{{ r.stt }}", "{%p endfor %}")."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(TEMPLATE))
    template.init_docx()
    text = re.sub(r"<[^>]+>", "", template.patch_xml(template.get_xml()))
    return sorted({" ".join(t.split()) for t in re.findall(r"\{[{%#].*?[}%#]\}", text)})


def paragraph_texts(document) -> list[str]:
    """Returns the text of every paragraph of the body, its tables included, and of headers and footers."""
    from docx.oxml.ns import qn

    roots = [document.element.body] + [
        part._element for s in document.sections for part in (s.header, s.footer, s.first_page_header,
                                                              s.first_page_footer, s.even_page_header, s.even_page_footer)
        if not part.is_linked_to_previous
    ]
    out = []
    for root in roots:
        for p in root.iter(qn("w:p")):
            parts = []
            for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
                parts.append(el.text or "" if el.tag == qn("w:t") else "\t" if el.tag == qn("w:tab") else "\n")
            out.append("".join(parts))
    return out


def targets_table(document) -> dict[str, list[str]]:
    """Returns the rows of the targets table by their Chỉ tiêu cell."""
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and "Chỉ tiêu" in rows[0]:
            return {clean(r[1]): r for r in rows[1:]}
    return {}


SAMPLE_TARGETS = {  # chi_so → noi_dung in the sample ke-hoach.yaml
    "ty_le_hai_long": "Mức độ hài lòng của người dân, tổ chức và doanh nghiệp về giải quyết TTHC của ngành GDĐT",
    "tthc_dung_han": "Tỷ lệ TTHC được giải quyết và trả kết quả đúng hạn",
    "tthc_truoc_han": "Tỷ lệ TTHC được trả kết quả trước hạn",
    "tthc_truc_tuyen": "Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3 và 4 trên tổng số hồ sơ",
    "van_ban_tren_mang": "Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ văn bản mật) trên môi trường mạng",
    "pakn_xu_ly": "Kiến nghị, phản ánh của người dân, tổ chức được tiếp nhận, xem xét và xử lý kịp thời",
    "chuyen_truong": "Hồ sơ học sinh chuyển đi, chuyển đến trên phần mềm CSDL được giải quyết đúng tiến độ",
    "boi_duong_ky_nang_so": "CB, CC, VC được tập huấn về kỹ năng phân tích, xử lý dữ liệu, dịch vụ công trực tuyến",
}


def expected_indicators(so_lieu: dict) -> dict[str, tuple[int, int]]:
    """Returns (numerator, denominator) of some indicators of spec/inputs.md, from the input alone."""
    rows = so_lieu["tthc"]
    total = {c: sum(r[c] for r in rows) for c in BIEU06_COLUMNS}
    resolved = total["truoc_han"] + total["dung_han"] + total["qua_han"]
    v = so_lieu["van_ban"]
    return {
        "ty_le_hai_long": (so_lieu["khao_sat"]["hai_long"], so_lieu["khao_sat"]["so_phieu"]),
        "tthc_dung_han": (total["truoc_han"] + total["dung_han"], resolved),
        "tthc_truoc_han": (total["truoc_han"], resolved),
        "tthc_truc_tuyen": (total["truc_tuyen"], total["truc_tuyen"] + total["truc_tiep"]),
        "van_ban_tren_mang": (v["den_tren_mang"] + v["di_tren_mang"], v["den"] + v["di"]),
        "pakn_xu_ly": (so_lieu["pakn"]["da_xu_ly"], so_lieu["pakn"]["tiep_nhan"]),
        "chuyen_truong": (so_lieu["chuyen_truong"]["dung_tien_do"], so_lieu["chuyen_truong"]["tong"]),
        "boi_duong_ky_nang_so": (so_lieu["boi_duong"]["ky_nang_so"], so_lieu["boi_duong"]["tong_so"]),
    }


# ---------------------------------------------------------------------------------------------------------------
# The property

@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """Returns one copy of the sample inputs for the whole module; each example overwrites only q3.yaml."""
    root = tmp_path_factory.mktemp("fuzz-pipeline")
    shutil.copytree(REPO / "inputs", root / "inputs")
    return root


@pytest.fixture(scope="module")
def our_tags() -> list[str]:
    return template_tags()


def run(case: Case, root: Path) -> tuple[Result | None, InputError | None]:
    """Writes the case as q3.yaml and builds it; returns the Result or the InputError (anything else propagates)."""
    (root / "inputs" / "2023" / "q3.yaml").write_text(to_yaml(case.data), encoding="utf-8")
    try:
        return build("q3", Options(inputs=root / "inputs", templates=REPO / "templates", outputs=root / "outputs")), None
    except InputError as exc:
        return None, exc


def check_refusal(case: Case, error: InputError) -> None:
    problems = [p for p in error.problems if not p.warning]
    assert problems, f"InputError without an error: {error.problems}"
    assert all(p.file for p in error.problems), error.problems
    assert any(p.line is not None for p in problems), [str(p) for p in problems]
    legacy = any(sum(ch in LEGACY_CHARS for ch in unicodedata.normalize("NFC", t)) >= 2 for t in case.texts())
    legacy = legacy or any(LOST_LETTERS.search(unicodedata.normalize("NFC", t)) for t in case.texts())
    if not case.broken and not legacy:
        print(case.data)
    assert case.broken or legacy, "a report that keeps every rule was refused:\n" + "\n".join(str(p) for p in problems)


def check_document_says_the_input(case: Case, written: Path, our_tags: list[str]) -> None:
    import docx

    with zipfile.ZipFile(written) as z:  # a well-formed package, every part readable
        assert z.testzip() is None
    document = docx.Document(str(written))
    texts = [clean(t) for t in paragraph_texts(document)]
    whole = "".join(texts)  # a control character typed may split a paragraph (docxtpl: "\a" starts a new one)
    typed = [clean(t) for t in case.texts()]

    # No tag of ours left; no "{{" "{%" "{#" but those the clerk typed. The typed texts are taken out of each
    # paragraph first, then out of the whole (where "\a" split one): taken out of the whole only, a long text
    # could be found across two paragraphs that each print a shorter one, and leave part of the second.
    def without_typed(text: str) -> str:
        for t in sorted(filter(None, typed), key=len, reverse=True):
            text = text.replace(t, "\x00")
        return text

    rest = without_typed("".join(without_typed(t) for t in texts))
    leftovers = [tag for tag in our_tags if clean(tag) in rest]
    assert not leftovers, f"template tags left in the output: {leftovers}"
    for mark in ("{{", "{%", "{#", "}}", "%}", "#}", "endfor", "endif"):
        assert mark not in rest, f"template syntax {mark!r} in the output: {rest[rest.index(mark) - 60:][:140]!r}"

    # Every paragraph typed is printed.
    r = case.data
    lists = [r["chi_dao_dieu_hanh"], *r["ket_qua"].values(), *r["danh_gia"].values(), r["phuong_huong"], r["kien_nghi"]]
    for items in lists:
        for item in items:
            want = clean(item)
            assert want in whole, f"paragraph {item!r} (compared as {want!r}) is not in the document"
    if not r["kien_nghi"]:
        assert "Không." in texts  # EMPTY_KIEN_NGHI
    assert clean(r["chi_tieu_thu_cong"][0]["ket_qua"]) in whole

    # Biểu 06 (the annex): the rows typed, then the Tổng cộng row with the column sums; "Không phát sinh" alone
    # when no dossier was received nor carried over.
    rows = r["so_lieu"]["tthc"]
    table = bieu06_rows(document)
    assert table is not None, "no Biểu 06 table"
    sums = {c: sum(row[c] for row in rows) for c in BIEU06_COLUMNS}
    received = sum(sums[c] for c in BIEU06_IN)
    if received == 0:
        assert table == [["Không phát sinh"] * 13], table
    else:
        body, total = table[:-1], table[-1]
        assert len(body) == len(rows), f"Biểu 06 has {len(body)} rows, the input {len(rows)}"
        for i, (cells, row) in enumerate(zip(body, rows), 1):
            assert cells[0] == str(i)
            assert clean(cells[1]) == clean(row["linh_vuc"]), (cells[1], row["linh_vuc"])
            assert cells[2:] == [number(n) for n in form_columns(row)], (cells, row)
        assert clean(total[1]) == "Tổngcộng"
        assert total[2:] == [number(n) for n in form_columns(sums)], (total, sums)

    # The sentence that sums Biểu 06 up (section II.2) and refers to the annex.
    refers = [t for t in texts if t.endswith(clean("(chi tiết tại Phụ lục kèm theo)."))]
    assert len(refers) == 1, "the body does not refer to its annex once"
    if received == 0:
        assert clean("không tiếp nhận hồ sơ thủ tục hành chính nào") in refers[0]
    else:
        summary = (f"tiếp nhận {number(received)} hồ sơ thủ tục hành chính (kỳ trước chuyển sang {number(sums['tu_ky_truoc'])}, "
                   f"trực tuyến {number(sums['truc_tuyen'])}, trực tiếp hoặc qua dịch vụ bưu chính {number(sums['truc_tiep'])}); "
                   f"đã giải quyết {number(sums['truoc_han'] + sums['dung_han'] + sums['qua_han'])} hồ sơ")
        assert any(clean(summary) in t for t in texts), summary

    # The targets table: "Kết quả trong kỳ" of each indicator, computed here from the input alone.
    targets = targets_table(document)
    plan = sample_targets()
    for chi_so, (part, whole) in expected_indicators(r["so_lieu"]).items():
        row = targets[clean(SAMPLE_TARGETS[chi_so])]
        want = "Không phát sinh" if whole == 0 else f"{percent(part, whole, *plan[chi_so])} ({number(part)}/{number(whole)})"
        assert clean(row[3]) == clean(want), (chi_so, row, want)
        if whole == 0:
            assert clean(row[5]) == clean("Không phát sinh"), row


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=reports())
def test_any_report_is_refused_with_locations_or_printed_faithfully(case, workspace, our_tags):
    try:
        result, error = run(case, workspace)
    except TemplateError as exc:  # the shipped template is not broken; a TemplateError here is a bug
        pytest.fail(f"TemplateError on a valid template: {exc}")
    if error is not None:
        event("refused: " + ("broken on purpose" if case.broken else "other"))
        check_refusal(case, error)
        return
    event(f"built, Biểu 06 rows: {len(case.data['so_lieu']['tthc']) // 5 * 5}+")
    assert not case.broken, f"a report that breaks {case.broken} was built"
    (written,) = result.written
    check_document_says_the_input(case, written, our_tags)


def test_fuzzed_reports_convert_with_libreoffice(tmp_path_factory):
    """A few fuzzed reports that build are converted by LibreOffice, in one soffice run, each to a PDF with a page."""
    from conftest import soffice_or_skip

    soffice_or_skip()
    root = tmp_path_factory.mktemp("fuzz-pdf")
    shutil.copytree(REPO / "inputs", root / "inputs")
    docs = root / "docs"
    docs.mkdir()
    built: list[Path] = []

    @settings(max_examples=PDF_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(case=reports(allow_broken=False))
    def collect(case):
        result, error = run(case, root)
        if error is None:
            target = docs / f"fuzz-{len(built):03d}.docx"
            shutil.copyfile(result.written[0], target)
            built.append(target)

    collect()
    assert built, "no fuzzed report built"
    pdfs = to_pdf(built, root / "pdf")
    for docx_file, pdf in zip(built, pdfs):
        assert pdf.is_file(), f"LibreOffice did not convert {docx_file.name}"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and re.search(rb"/Type\s*/Page[^s]", data), f"{pdf.name} has no page"


@pytest.mark.parametrize("typed", ["a\\uD800b", "\\uDFFF"], ids=["lone-high-surrogate", "lone-low-surrogate"])
def test_escaped_lone_surrogate_is_refused_or_dropped(typed, tmp_path):
    """Found by the fuzzer's YAML escapes: "\\uD800" is valid YAML but no character; no traceback may follow."""
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    q3 = tmp_path / "inputs" / "2023" / "q3.yaml"
    q3.write_text(q3.read_text(encoding="utf-8").replace("kien_nghi: []", f'kien_nghi: ["{typed}"]'), encoding="utf-8")
    try:
        result = build("q3", Options(inputs=tmp_path / "inputs", templates=REPO / "templates", outputs=tmp_path / "outputs"))
    except InputError as exc:
        assert any(p.line for p in exc.problems)
        return
    import docx

    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in [p.text for p in docx.Document(str(result.written[0])).paragraphs]
