"""QH, TN, TN-RULE, CQ-CQ, CQ, CQ-RULE, SO and DATE: the header block."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher

from generator.checker.common import (
    check_format, check_rule, format_problems, longest_line_pt, missing, paras_after, rules_under, violation,
)
from generator.checker.document import Doc, Para
from generator.checker.layout import Layout, bare, fold, is_date, is_qh, is_so, is_vv
from generator.checker.messages import Msg, Violation, _m, figure, quoted
from generator.checker.nd30 import QUOC_HIEU, RULE_TOLERANCE, SHORT_RULE, TEN_LOAI, TIEU_NGU, TYPE_CODES
from generator.ooxml import TWIPS_PER_CM, TWIPS_PER_PT, line_widths_pt


def check_header(doc: Doc, layout: Layout) -> list[Violation]:
    """QH, TN, TN-RULE, CQ-CQ, CQ, CQ-RULE, SO, DATE, and the V/v of a công văn (TY)."""
    out = []
    qh = layout.qh
    if qh is None:
        return [missing("QH", _m("the Quốc hiệu"), "header"), missing("TN", _m("the Tiêu ngữ"), "header"),
                missing("CQ", _m("the issuing agency"), "header"), missing("SO", _m("the number and symbol"), "header"),
                missing("DATE", _m("the place and date"), "header")]
    qh = next((p for p in layout.right if p.el is qh.el and fold(p.clean) == fold(qh.clean)), qh)
    found, expected = format_problems(qh, sizes=(12, 13), bold=True, align="center", case="upper")
    if fold(qh.clean) != fold(QUOC_HIEU):
        found.insert(0, _m("misspelt %(text)s", text=quoted(qh.clean)))
        expected.insert(0, "“" + QUOC_HIEU + "”")
    wrap = _wraps(qh)
    if wrap:
        found.append(wrap)
        expected.append(_m("one line"))
    if found:
        out.append(violation("QH", qh, found, expected))
    right = layout.right if qh in layout.right else layout.header
    tn = next((p for p in paras_after(qh, right) if not p.empty), None)
    if tn is None or SequenceMatcher(None, fold(tn.clean), fold(TIEU_NGU)).ratio() < 0.7:
        out.append(missing("TN", _m("the Tiêu ngữ"), "header"))
    else:
        qh_size = max(qh.sizes)
        found, expected = format_problems(tn, sizes=(13, 14), bold=True, align="center")
        if tn.clean != TIEU_NGU:
            misspelt = bare(tn.clean).replace("-", " ").split() != bare(TIEU_NGU).replace("-", " ").split()
            found.insert(0, _m("misspelt %(text)s", text=quoted(tn.clean)) if misspelt else quoted(tn.clean))
            expected.insert(0, "“" + TIEU_NGU + "”")
        if not found and 12 <= qh_size <= 13 and max(tn.sizes) != qh_size + 1:
            found.append(_m("size %(size)s pt", size=figure(max(tn.sizes))))
            expected.append(_m("one size above the Quốc hiệu (%(size)s pt)", size=figure(qh_size + 1)))
        if found:
            out.append(violation("TN", tn, found, expected))
        width = max(line_widths_pt(tn.runs, 10 ** 6)) * TWIPS_PER_PT
        out += check_rule("TN-RULE", rules_under(tn, paras_after(tn, right)), width * (1 - RULE_TOLERANCE),
                           width * (1 + RULE_TOLERANCE), tn, "header")
    out += _check_agency(layout)
    out += _check_so(layout)
    out += _check_vv(layout)
    out += _check_date(layout)
    return out


def _wraps(p: Para) -> Msg | None:
    """Returns the message for a line that wraps in its column, None when it fits (or its room cannot be known).

    A hand-laid part is measured in the room left of the line after the text
    and spaces before it; after a tab, the room depends on tab stops and is
    not judged.
    """
    if p.hand_laid:
        if p.offset_pt is None:
            return None
        available = p.width / TWIPS_PER_PT - p.offset_pt
    else:
        available = (p.width - p.fmt.ind_left - p.fmt.ind_right - max(p.fmt.first_line, 0)) / TWIPS_PER_PT
    lines = line_widths_pt(p.runs, available)
    if len(lines) == 1:
        return None
    need = max(line_widths_pt(p.runs, 10 ** 6)) * TWIPS_PER_PT / TWIPS_PER_CM
    return _m("wraps: %(need)s cm of text in %(have)s cm", need=need, have=available * TWIPS_PER_PT / TWIPS_PER_CM)


AGENCY_START = re.compile(
    r"^(ủy ban|uỷ ban|ubnd|hđnd|hội đồng|bộ|sở|phòng|trường|cục|tổng cục|chi cục|văn phòng|ban|tổ|đoàn|vụ|viện|"
    r"học viện|trung tâm|bệnh viện|công an|tòa án|kho bạc|thanh tra|đảng ủy|tỉnh ủy|thành ủy|huyện ủy|đại học|"
    r"công ty|tổng công ty|ngân hàng|hội|liên đoàn|tên cơ quan)(\s|$)")
"""The first words of an agency's name: a line of the left column that starts otherwise continues the name above."""


def agency_names(lines: list[Para]) -> list[list[Para]]:
    """Returns the names above the số, each as its lines: "ỦY BAN NHÂN DÂN" over "TỈNH LÂM ĐỒNG" is one name.

    A line continues the name above when it does not start like an agency's name
    and has the same weight: the chủ quản (regular) over the cơ quan (bold) are
    two names whatever their words.
    """
    names: list[list[Para]] = []
    for p in lines:
        if not names or AGENCY_START.match(fold(p.clean)) or p.all("bold") != names[-1][-1].all("bold"):
            names.append([p])
        else:
            names[-1].append(p)
    return names


def _check_agency(layout: Layout) -> list[Violation]:
    """CQ-CQ, CQ and CQ-RULE in the left column."""
    lines = []
    for p in layout.left:
        if is_so(p) or is_date(p) or is_vv(p):
            break
        if not p.empty and not set(p.clean) <= set("_"):
            lines.append(p)
    if not lines:
        return [missing("CQ", _m("the issuing agency"), "header")]
    names = agency_names(lines)
    parent, agency = [p for name in names[:-1] for p in name], names[-1]
    out = []
    for p in parent:
        out += check_format("CQ-CQ", p, sizes=(12, 13), bold=False, align="center", case="upper")
    for p in agency:
        out += check_format("CQ", p, sizes=(12, 13), bold=True, align="center", case="upper")
    width = longest_line_pt(agency) * TWIPS_PER_PT
    out += check_rule("CQ-RULE", rules_under(agency[-1], paras_after(agency[-1], layout.left)),
                       width * SHORT_RULE[0], width * SHORT_RULE[1], agency[-1], "header")
    return out


def so_problems(text: str, type_expected: str | None) -> list[Msg]:
    """Returns what is wrong with a số, ký hiệu line ("Số: 05/BC-THCSBM"); empty when it is right.

    ``type_expected`` is the type code the tên loại asks for, None for a
    document without one (a công văn, whose ký hiệu has no type code).
    """
    m = re.match(r"^(?P<label>[^\s\d/:]+\s*:?)(?P<gap>\s*)(?P<num>[^/\s]*)(?P<gap2>\s*)/(?P<rest>.*)$", text)
    if m is None:
        return [_m("not in the form “Số: 05/BC-THCSBM”")]
    problems = []
    if m["label"] != "Số:":
        problems.append(_m("label %(label)s", label=quoted(m["label"])))
    num, rest = m["num"], m["rest"]
    if not num:
        if len(m["gap"]) + len(m["gap2"]) < 2:
            problems.append(_m("no blank left for the number"))
    elif not num.isdigit():
        problems.append(_m("number %(num)s", num=quoted(num)))
    elif int(num) < 10 and len(num) != 2:
        problems.append(_m("number %(num)s without a leading zero", num=num))
    elif int(num) >= 10 and num.startswith("0"):
        problems.append(_m("number %(num)s with a leading zero", num=num))
    elif m["gap2"]:
        problems.append(_m("spaces inside the ký hiệu"))
    if re.search(r"\s", rest.strip()) or rest != rest.strip():
        problems.append(_m("spaces inside the ký hiệu"))
    parts = rest.strip().split("/")
    if len(parts) > 1 and any(re.fullmatch(r"(19|20)\d\d", part) for part in parts):
        problems.append(_m("the year inside the number"))
    code, _sep, unit = parts[-1].partition("-")
    if not unit:
        problems.append(_m("no unit code after the type code"))
    if code == "CV" or code.casefold() == "cv":
        problems.append(_m("type code “CV” (a công văn has none)"))
    elif type_expected is not None and code != type_expected:
        problems.append(_m("type code %(code)s", code=quoted(code)))
    elif type_expected is None and code not in TYPE_CODES and code.casefold() in {c.casefold() for c in TYPE_CODES}:
        problems.append(_m("type code %(code)s", code=quoted(code)))
    return problems


def _check_so(layout: Layout) -> list[Violation]:
    so = next((p for p in layout.left + layout.header if is_so(p)), None)
    if so is None:
        return [missing("SO", _m("the number and symbol"), "header")]
    tl_code = TEN_LOAI.get(fold(layout.tl.clean)) if layout.tl is not None else None
    type_expected = tl_code if layout.tl is not None else None
    if layout.kind == "form":
        type_expected = None  # a form's code is its own ("PT" for a phiếu trình)
    elif layout.tl is not None and tl_code is None:
        code = unicodedata.normalize("NFC", so.text).partition("/")[2].partition("-")[0].strip()
        type_expected = code if code in TYPE_CODES else "BC|KH|…"
    text = unicodedata.normalize("NFC", so.text).strip().replace("\u00a0", " ")
    found = so_problems(text, type_expected)
    expected = [_m("“Số: 05/%(code)s-…”: number below 10 with a leading 0, no year, no spaces", code=type_expected or "BC")] if found else []
    f2, e2 = format_problems(so, sizes=(13, 13), italic=False, align="center")
    if any(f.bold for t, f in so.runs):
        f2.append(_m("bold"))
        e2.append(_m("not bold"))
    out = [violation("SO", so, found + f2, expected + e2)] if found or f2 else []
    if re.match(r"^[^\d/]*/", text):
        out.append(draft_note("SO", so, _m("no number yet (a draft)"), _m("the number, written at issuance")))
    return out


def draft_note(code: str, p: Para, found: Msg, expected: Msg) -> Violation:
    """Returns the note for what a draft leaves blank for the văn thư: a violation only under ``--strict``."""
    return replace(violation(code, p, [found], [expected]), note=True)


def _check_vv(layout: Layout) -> list[Violation]:
    """The trích yếu of a công văn, under its number: "V/v …", 12–13 pt, upright, centred (reported as TY)."""
    out = []
    for p in layout.vv:
        found, expected = format_problems(p, sizes=(12, 13), italic=False, align="center")
        if found:
            out.append(violation("TY", p, found, expected))
    return out


def date_problems(text: str) -> list[Msg]:
    """Returns what is wrong with a place-and-date line ("Bình Minh, ngày 09 tháng 02 năm 2023"); empty when it is right."""
    m = re.match(r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d*|[.…]*)\s*tháng\s*(?P<m>\d*|[.…]*)\s*năm\s+(?P<y>\d{4})\s*$", text)
    if m is None:
        return [_m("not in the form “Place, ngày 09 tháng 02 năm 2023”")]
    day, month, year = m["d"], m["m"], int(m["y"])
    blank_day = not day.strip(".…")
    if blank_day and (not month.strip(".…") or month.isdigit() and 1 <= int(month) <= 12):
        day = "01"  # a draft's blank day: the month is still judged
    if not day.isdigit() or not month.isdigit():
        return [] if blank_day and not month.strip(".…") else [_m("not a date")]
    problems = []
    d, mo = int(day), int(month)
    if not 1 <= mo <= 12 or not 1 <= d <= calendar.monthrange(year, mo)[1]:
        return [_m("not a date")]
    if d < 10 and len(day) != 2:
        problems.append(_m("day %(day)s without a leading zero", day=day))
    if d >= 10 and day.startswith("0"):
        problems.append(_m("day %(day)s with a leading zero", day=day))
    if mo <= 2 and len(month) != 2:
        problems.append(_m("month %(month)s without a leading zero", month=month))
    if mo >= 3 and month.startswith("0"):
        problems.append(_m("month %(month)s with a leading zero", month=month))
    return problems


def _check_date(layout: Layout) -> list[Violation]:
    date = next((p for p in layout.right + layout.header if is_date(p) and not is_so(p) and not is_qh(p)), None)
    if date is None:
        return [missing("DATE", _m("the place and date"), "header")]
    out = []
    if re.search(r"ngày\s*[.…]*\s*tháng", fold(date.clean)):
        out.append(draft_note("DATE", date, _m("no day yet (a draft)"), _m("the day, written at issuance")))
    found = date_problems(date.clean)
    expected = [_m("ngày 09 tháng 02 / ngày 15 tháng 3: day below 10 and months 1–2 with a leading 0")] if found else []
    f2, e2 = format_problems(date, sizes=(13, 14), italic=True, align="center")
    found, expected = found + f2, expected + e2
    so = next((p for p in layout.left + layout.header if is_so(p)), None)
    if so is not None and so.tc is not None and date.tc is not None:
        if so.tc.row is not date.tc.row:
            found.append(_m("not on the same row as the number"))
            expected.append(_m("on the same row as the number"))
    return ([violation("DATE", date, found, expected)] if found else []) + out
