"""Step 5, render: a template context → the bytes of a .docx, through docxtpl.

Security boundary: templates are files a clerk may edit and values are text a
clerk typed, so every template runs in a Jinja SandboxedEnvironment with
StrictUndefined (a missing name is an error, never a silent blank) and
autoescape on (a "<" or "&" in a paragraph stays text and cannot break the XML).

After rendering, the short rules under the header and the title are fitted to
the text above them (nd30.md: TN-RULE, CQ-RULE, TY-RULE).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from generator.errors import TemplateError
from generator.i18n import _
from generator.ooxml import TWIPS_PER_PT, Styles, line_widths_pt, paragraph_runs, qn

RULE_RATIO = {"CCHCKeDu": 1.0, "CCHCKeNgan": 0.4}
"""Length of each rule style as a share of the text above it: the whole Tiêu ngữ; 40 % (1/3–1/2) of the rest."""


def environment():
    """Returns the one Jinja environment every template is rendered in."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _style_id(p_el) -> str | None:
    ppr = p_el.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _available_twips(p_el, page_text_twips: int) -> int:
    """Returns the width a paragraph can use: its table cell's width less the cell margins, else the page's."""
    tc = next((a for a in p_el.iterancestors(qn("w:tc"))), None)
    if tc is None:
        return page_text_twips
    tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    width = int(tcw.get(qn("w:w")))
    tbl = next(tc.iterancestors(qn("w:tbl")))
    margins = 0
    for edge in ("left", "right"):
        el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:' + edge)}")
        margins += int(el.get(qn("w:w"))) if el is not None else 108
    return width - margins


def fit_rules(document) -> None:
    """Sets the indents of each rule paragraph so that its border has the length nd30.md asks for.

    The text measured is the nearest non-empty paragraph above the rule; when it
    wraps, its longest line counts.
    """
    styles = Styles(document.styles.element)
    section = document.sections[0]
    page_text = int((section.page_width - section.left_margin - section.right_margin) / 635)
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for i, p in enumerate(paragraphs):
        ratio = RULE_RATIO.get(_style_id(p))
        if ratio is None:
            continue
        above = next((q for q in reversed(paragraphs[:i]) if paragraph_runs(q, styles)), None)
        if above is None:
            continue
        available = _available_twips(p, page_text)
        longest_pt = max(line_widths_pt(paragraph_runs(above, styles), available / TWIPS_PER_PT))
        length = min(available, round(longest_pt * ratio * TWIPS_PER_PT))
        side = (available - length) // 2
        ppr = p.find(qn("w:pPr"))
        ind = ppr.find(qn("w:ind"))
        if ind is None:
            from docx.oxml import OxmlElement

            ind = OxmlElement("w:ind")
            ppr.append(ind)
        ind.set(qn("w:left"), str(side))
        ind.set(qn("w:right"), str(available - length - side))


def _template_error(path: Path, exc: Exception) -> TemplateError:
    """Returns the clerk-facing error for a broken template: the template, the tag, the text around it."""
    around = " ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
    around = re.sub(r"\s+", " ", around)[:200]
    message = _("template %(template)s is broken: %(error)s", template=path.name, error=str(exc))
    if around:
        message += " — " + _("near: %(text)s", text=around)
    return TemplateError(message)


def render(template_path: Path, context: dict) -> bytes:
    """Returns the .docx made from the template at ``template_path`` filled with ``context``."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    try:
        template = DocxTemplate(str(template_path))
        template.render(context, environment(), autoescape=True)
    except JinjaError as exc:
        raise _template_error(template_path, exc) from None
    except (KeyError, ValueError, OSError) as exc:
        raise TemplateError(_("template %(template)s cannot be read: %(error)s", template=str(template_path), error=str(exc))) from None
    fit_rules(template.docx)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
