"""TL, TY, TY-RULE and KG: the tên loại, the trích yếu with its rule, the Kính gửi lines."""
from __future__ import annotations

import re
import unicodedata

from generator.checker.common import (
    ALIGN_NAME, check_format, check_rule, format_problems, longest_line_pt, missing, rules_under, violation,
)
from generator.checker.document import Doc
from generator.checker.layout import Layout, fold, is_so
from generator.checker.messages import Violation, _m, quoted
from generator.checker.nd30 import SHORT_RULE, TEN_LOAI, TYPE_CODES
from generator.ooxml import TWIPS_PER_CM, TWIPS_PER_PT


def check_title(doc: Doc, layout: Layout) -> list[Violation]:
    """TL, TY, TY-RULE, KG."""
    if layout.tl is None:
        so = next((p for p in layout.header if is_so(p)), None)
        code = unicodedata.normalize("NFC", so.text).partition("/")[2].partition("-")[0].strip() if so else ""
        # A công văn has no tên loại; any other document must have one.
        return [missing("TL", _m("the document type"), "title")] if code in TYPE_CODES or so is None else []
    out = check_format("TL", layout.tl, sizes=(13, 14), bold=True, align="center", case="upper")
    if not layout.ty and fold(layout.tl.clean) not in TEN_LOAI:
        width = longest_line_pt([layout.tl]) * TWIPS_PER_PT
        return out + [violation("TY", layout.tl, [_m("joined to the document type, in upper case")],
                                [_m("the document type alone, the summary under it in sentence case")])] + check_rule(
            "TY-RULE", rules_under(layout.tl, layout.below_title), width * SHORT_RULE[0], width * SHORT_RULE[1], layout.tl, "title")
    if not layout.ty:
        return out + [missing("TY", _m("the summary"), "title")]
    for i, p in enumerate(layout.ty):
        found, expected = format_problems(p, sizes=(13, 14), bold=True, align="center", case="sentence" if i == 0 else None)
        if i == 0 and re.match(r"^v\s*/\s*v\b", fold(p.clean)):
            found.insert(0, _m("starts with “V/v”"))
            expected.insert(0, _m("no “V/v”"))
        if found:
            out.append(violation("TY", p, found, expected))
    width = longest_line_pt(layout.ty) * TWIPS_PER_PT
    out += check_rule("TY-RULE", rules_under(layout.ty[-1], layout.below_title), width * SHORT_RULE[0],
                       width * SHORT_RULE[1], layout.ty[-1], "title")
    for i, p in enumerate(layout.kg):
        found, expected = format_problems(p, sizes=(14, 14), italic=False)
        centred = p.fmt.align == "center" or p.fmt.ind_left + min(p.fmt.first_line, 0) >= 2 * TWIPS_PER_CM
        if not centred:
            found.append(_m(ALIGN_NAME[p.fmt.align]))
            expected.append(_m("centred"))
        if i == 0 and not p.clean.startswith("Kính gửi:"):
            found.insert(0, quoted(p.clean, 20))
            expected.insert(0, "“Kính gửi: …”")
        if found:
            out.append(violation("KG", p, found, expected))
    return out
