"""PAGE, MARGIN and PGNUM: the page setup of every section and the page numbers."""
from __future__ import annotations

from generator.checker.common import format_problems
from generator.checker.document import Doc, read_para
from generator.checker.messages import Violation, _m, joined
from generator.i18n import N_
from generator.checker.nd30 import MM
from generator.ooxml import field_codes, is_page_field, iter_runs, qn, run_text


def check_page(doc: Doc) -> list[Violation]:
    """PAGE and MARGIN for every section."""
    out = []
    for n, (_end, sect) in enumerate(doc.sections, 1):
        where = joined(_m("section %(n)s", n=n) if len(doc.sections) > 1 else _m("page setup"))
        w, h = sect.width or 12240, sect.height or 15840
        if abs(w - 11906) > MM or abs(h - 16838) > MM or sect.orient == "landscape":
            found = [_m("%(w)s × %(h)s mm", w=w / MM, h=h / MM)]
            if sect.orient == "landscape" or w > h:
                found.append(_m("landscape"))
            out.append(Violation("PAGE", "page", where, joined(*found), joined(_m("A4 portrait, 210 × 297 mm"))))
        found, expected = [], []
        left = sect.left + sect.gutter if sect.left is not None else None
        for value, low, high, is_msg, want_msg in (
            (sect.top, 20, 25, N_("top %(mm)s mm"), N_("top %(low)s–%(high)s mm")),
            (sect.bottom, 20, 25, N_("bottom %(mm)s mm"), N_("bottom %(low)s–%(high)s mm")),
            (left, 30, 35, N_("left %(mm)s mm"), N_("left %(low)s–%(high)s mm")),
            (sect.right, 15, 20, N_("right %(mm)s mm"), N_("right %(low)s–%(high)s mm")),
        ):
            mm = (value if value is not None else 1440) / MM  # Word's default margin is one inch
            if not low - 0.1 <= mm <= high + 0.1:
                found.append(_m(is_msg, mm=mm))
                expected.append(_m(want_msg, low=low, high=high))
        if found:
            out.append(Violation("MARGIN", "page", where, joined(*found), joined(*expected)))
    return out


def check_page_number(doc: Doc) -> list[Violation]:
    """PGNUM: a PAGE field, centred, 13–14 pt, upright, in the header of page 2 on; none on page 1."""
    package, styles = doc.package, doc.styles
    sect = doc.sections[0][1]
    where = joined(_m("page header"))
    out = []
    default = package.related(sect.headers.get("default"))
    pages = [(instr, p) for instr, p in field_codes(default) if is_page_field(instr)] if default is not None else []
    if not pages:
        in_footer = any(is_page_field(i) for part in package.parts_of_type("/footer") for i, _p in field_codes(part))
        found = _m("page number in the footer") if in_footer else _m("no page number in the header")
        out.append(Violation("PGNUM", "page", where, joined(found), joined(_m("a PAGE field in the header"))))
    else:
        p = pages[0][1]
        para = read_para(p, styles, sect.text_width) if p is not None else None
        if para is not None:
            if not para.runs:
                para.pieces = [("1", styles.run_format(p, next(iter_runs(p), None)))]
            found, expected = format_problems(para, sizes=(13, 14), italic=False, align="center")
            if found:
                out.append(Violation("PGNUM", "page", where, joined(*found), joined(*expected)))
    first = package.related(sect.headers.get("first")) if sect.title_page else None
    first_text = "".join(run_text(r) for r in first.iter(qn("w:r"))).strip() if first is not None else ""
    first_fields = [i for i, _p in field_codes(first) if is_page_field(i)] if first is not None else []
    if not sect.title_page:
        out.append(Violation("PGNUM", "page", joined(_m("first page")), joined(_m("no different first page (w:titlePg)")),
                             joined(_m("page 1 without a number"))))
    elif first_text or first_fields:
        out.append(Violation("PGNUM", "page", joined(_m("first page")), joined(_m("the first-page header is not empty")),
                             joined(_m("page 1 without a number"))))
    return out
