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
import json
import re
import zipfile
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from generator.cache import NO_CACHE, Cache, key
from generator.errors import TemplateError
from generator.i18n import _
from generator.present import Properties
from generator.ooxml import NS, TWIPS_PER_PT, Styles, child, line_widths_pt, paragraph_runs, qn, text_width_pt

RULE_RATIO = {"CCHCKeDu": 1.0, "CCHCKeNgan": 0.4}
"""Length of each rule style as a share of the text above it: the whole Tiêu ngữ; 40 % (1/3–1/2) of the rest."""


def environment(cache: Cache = NO_CACHE):
    """Returns the one Jinja environment every template is rendered in; it keeps compiled templates in ``cache``."""
    from jinja2 import StrictUndefined

    return _environment_class()(cache, undefined=StrictUndefined, autoescape=True)


@lru_cache(maxsize=None)
def _environment_class():
    """Returns the sandboxed Jinja environment whose compiled code is kept in a cache, keyed by the template source."""
    import marshal

    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    class CachingEnvironment(SandboxedEnvironment):
        def __init__(self, cache: Cache, **options):
            super().__init__(**options)
            self.cache = cache

        def from_string(self, source, globals=None, template_class=None):
            if not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            name = key("jinja", jinja2.__version__, type(self).__mro__[1].__name__, repr(self.autoescape),
                       self.undefined.__name__, source)
            data = self.cache.get("jinja", name)
            try:
                code = marshal.loads(data) if data is not None else None
            except (ValueError, EOFError, TypeError):
                code = None
            if code is None:
                code = self.compile(source)
                self.cache.put("jinja", name, marshal.dumps(code))
            return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)

    return CachingEnvironment


@lru_cache(maxsize=None)
def _template_class():
    """Returns docxtpl's template whose patched XML (its tags cleaned of Word's markup) is kept in a cache."""
    import docxtpl
    from docxtpl import DocxTemplate

    class CachingTemplate(DocxTemplate):
        def __init__(self, template_file, cache: Cache):
            super().__init__(template_file)
            self.cache = cache
            self.sources: list[str] = []

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            if part.content_type.endswith(SOURCE_PARTS):  # as _template_sources has them, for template_problems
                self.sources.append(re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml))
            return super().render_xml_part(src_xml, part, context, jinja_env)

        def patch_xml(self, src_xml):
            name = key("patch", docxtpl.__version__, src_xml)
            data = self.cache.get("patch", name)
            if data is not None:
                return data.decode("utf-8", "surrogatepass")
            patched = super().patch_xml(src_xml)
            self.cache.put("patch", name, patched.encode("utf-8", "surrogatepass"))
            return patched

    return CachingTemplate


SOURCE_PARTS = ("document.main+xml", "header+xml", "footer+xml")


def _sources_name(template_path: Path) -> str:
    """Returns the cache name of the Jinja sources of the template at ``template_path`` (its bytes, docxtpl's code)."""
    from importlib.util import find_spec

    docxtpl = find_spec("docxtpl")
    return key("sources", Path(docxtpl.origin).read_bytes() if docxtpl and docxtpl.origin else b"", template_path.read_bytes())


def open_template(template_path: Path, cache: Cache = NO_CACHE):
    """Returns the docxtpl template at ``template_path``, its patched XML kept in ``cache``."""
    return _template_class()(str(template_path), cache)


def _style_id(p_el) -> str | None:
    ppr = p_el.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _styled(body, style_ids) -> list:
    """Returns the paragraphs of ``body`` whose style is one of ``style_ids``, in document order.

    lxml finds them: a Biểu 06 of 10,000 rows has 100,000 paragraphs that a Python loop would visit.
    """
    from lxml import etree

    test = " or ".join(f"@w:val='{s}'" for s in style_ids)
    return etree.XPath(f".//w:p[w:pPr/w:pStyle[{test}]]", namespaces=NS)(body)


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
        el = child(tbl, "w:tblPr", "w:tblCellMar", "w:" + edge)
        margins += int(el.get(qn("w:w"))) if el is not None else 108
    return width - margins


def _basis(document) -> tuple[Styles, int]:
    """Returns the document's style sheet and the width of its text area in twips."""
    section = document.sections[0]
    return Styles(document.styles.element), int((section.page_width - section.left_margin - section.right_margin) / 635)


BALANCED_STYLES = ("CCHCCoQuanChuQuan", "CCHCCoQuan")
"""Header lines that break into two even lines rather than leave one word alone on the second."""


def balance_lines(document) -> None:
    """Breaks a cơ quan name too wide for its column so that its second line keeps at least two words.

    Word would leave one syllable alone ("TRƯỜNG TIỂU HỌC HÒA / BÌNH"); the
    break goes at the last space that keeps two words together below and the
    first line within the column: "TRƯỜNG TIỂU HỌC / HÒA BÌNH". A name that
    needs three lines is left to wrap.
    """
    from docx.oxml import OxmlElement

    styles, page_text = _basis(document)
    for p in _styled(document.element.body, BALANCED_STYLES):
        runs = [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        if len(runs) != 1 or len(runs[0].findall(qn("w:t"))) != 1:
            continue
        run, t = runs[0], runs[0].find(qn("w:t"))
        text, fmt = t.text or "", styles.run_format(p, runs[0])
        available = _available_twips(p, page_text) / TWIPS_PER_PT
        spaces = [i for i, ch in enumerate(text) if ch == " "][:-1]  # not the last: two words stay together
        fitting = [i for i in spaces if max(text_width_pt(text[:i], fmt), text_width_pt(text[i + 1:], fmt)) <= available]
        if text_width_pt(text, fmt) <= available or not fitting:
            continue
        cut = fitting[-1]
        t.text = text[:cut]
        second = OxmlElement("w:t")
        second.text = text[cut + 1:]
        run.append(OxmlElement("w:br"))
        run.append(second)


def fit_rules(document) -> None:
    """Sets the indents of each rule paragraph so that its border has the length nd30.md asks for.

    The text measured is the nearest non-empty paragraph above the rule; when it
    wraps, its longest line counts.
    """
    styles, page_text = _basis(document)
    body = document.element.body
    rules = _styled(body, RULE_RATIO)
    paragraphs = []
    for q in body.iter(qn("w:p")) if rules else ():  # up to the last rule only: the rules stand above the long tables
        paragraphs.append(q)
        if q is rules[-1]:
            break
    position = {p: i for i, p in enumerate(paragraphs)}
    for p in rules:
        ratio, i = RULE_RATIO[_style_id(p)], position[p]
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


def _template_sources(template) -> list[str]:
    """Returns the Jinja source of each part of a docxtpl template (body, headers, footers), one paragraph a line."""
    template.init_docx()
    parts = [template.get_xml()]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        parts += [template.get_part_xml(part) for _key, part in template.get_headers_footers(uri)]
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)) for xml in parts]


def _paragraph_text(source: str, lineno: int) -> str:
    """Returns the visible text of line ``lineno`` (a paragraph) of a template source."""
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()[:160]


def _references(node, scope: dict[str, tuple]) -> list[tuple[tuple, int]]:
    """Returns every name path a Jinja AST uses ("bieu06", "[]", "stt"), with its line; loop variables map to their list."""
    from jinja2 import nodes

    if isinstance(node, nodes.For):
        found = _references(node.iter, scope)
        path = _path(node.iter, scope)
        inner = dict(scope)
        if isinstance(node.target, nodes.Name) and path is not None:
            inner[node.target.name] = path + ("[]",)
        for child in node.body + node.else_:
            found += _references(child, inner)
        return found
    path = _path(node, scope)
    if path is not None:
        return [] if path[0] == "loop" else [(path, node.lineno)]
    found = []
    for child in node.iter_child_nodes():
        found += _references(child, scope)
    return found


def _path(node, scope) -> tuple | None:
    """Returns the name path of a Name/Getattr/Getitem chain, or None for any other expression."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name) and node.ctx == "load":
        return scope.get(node.name, (node.name,))
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return None if base is None else base + (node.attr,)
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node, scope)
        return None if base is None else base + (node.arg.value,)
    return None


def _resolves(context: dict, path: tuple) -> bool:
    """Returns whether ``path`` exists in ``context``; "[]" stands for every item of a list."""
    values = [context]
    for part in path:
        following = []
        for value in values:
            if part == "[]" and isinstance(value, list):
                following.extend(value)
            elif isinstance(value, dict) and part in value:
                following.append(value[part])
            else:
                return False
        if not following:
            return True  # an empty list: nothing below it can be missing
        values = following
    return True


TAG_PAIRS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))


def unbalanced_tags(document, template_name: str) -> list[str]:
    """Returns a sentence for each paragraph whose tags do not close within it.

    A docxtpl tag never spans paragraphs; one left open ("{{ ten }") would
    swallow the XML up to the next closing mark and silently damage the output.
    """
    problems = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        for opening, closing in TAG_PAIRS:
            if text.count(opening) != text.count(closing):
                problems.append(
                    _(
                        "template %(template)s: a tag is malformed (%(error)s) in the paragraph “%(text)s”",
                        template=template_name, error=f"{opening} … {closing}", text=text[:160],
                    )
                )
                break
    return problems


def template_problems(template_path: Path, context: dict, cache: Cache = NO_CACHE) -> list[str]:
    """Returns a sentence for each fault of the template: a Jinja syntax error, or a name the context lacks.

    Each sentence names the template, the tag and the text of the paragraph it
    stands in, so that a clerk who edited the template in Word can find it.
    """
    from jinja2 import TemplateSyntaxError

    env = environment()
    problems = []
    known = cache.get("sources", _sources_name(template_path))
    if known is not None:  # a build rendered this template: its tags are balanced, its sources known without docxtpl
        sources = json.loads(known)
    else:
        template = open_template(template_path, cache)
        problems = unbalanced_tags(template.get_docx(), template_path.name)
        if problems:
            return problems
        sources = _template_sources(template)
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            problems.append(
                _(
                    "template %(template)s: a tag is malformed (%(error)s) in the paragraph “%(text)s”",
                    template=template_path.name, error=exc.message, text=_paragraph_text(source, exc.lineno),
                )
            )
            continue
        for path, lineno in _references(tree, {}):
            if not _resolves(context, path):
                name = ".".join(p for p in path if p != "[]")
                problems.append(
                    _(
                        "template %(template)s: unknown name “%(name)s” in the paragraph “%(text)s”",
                        template=template_path.name, name=name, text=_paragraph_text(source, lineno),
                    )
                )
    return problems


def _set_properties(document, props: Properties) -> None:
    core = document.core_properties
    moment = datetime.combine(props.day, time())
    core.title, core.author, core.last_modified_by = props.title, props.author, props.author
    core.created = core.modified = moment
    core.last_printed = moment
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = ""


def stable_zip(data: bytes, day: date) -> bytes:
    """Returns the same .docx with every zip entry stamped ``day``, so that equal inputs give equal bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render(template_path: Path, context: dict, props: Properties, cache: Cache = NO_CACHE) -> bytes:
    """Returns the .docx made from the template at ``template_path`` filled with ``context``.

    The same template, context and properties always give the same bytes.
    Raises TemplateError (exit 4) when the template is broken or reaches
    outside the sandbox. The template's patched XML and compiled code are kept
    in ``cache``.
    """
    from jinja2 import TemplateError as JinjaError
    from jinja2.exceptions import SecurityError

    try:
        template = open_template(template_path, cache)
        unbalanced = unbalanced_tags(template.get_docx(), template_path.name)
        if unbalanced:
            raise TemplateError("\n".join(unbalanced))
        template.render(context, environment(cache), autoescape=True)
    except SecurityError as exc:
        raise TemplateError(
            _("template %(template)s tries to reach Python internals, which is not allowed: %(error)s",
              template=template_path.name, error=str(exc))
        ) from None
    except JinjaError as exc:
        found = template_problems(template_path, context, cache)
        raise TemplateError("\n".join(found) if found else _(
            "template %(template)s is broken: %(error)s", template=template_path.name, error=str(exc))) from None
    except (KeyError, ValueError, OSError) as exc:
        raise TemplateError(_("template %(template)s cannot be read: %(error)s", template=str(template_path), error=str(exc))) from None
    cache.put("sources", _sources_name(template_path), json.dumps(template.sources).encode("utf-8"))
    balance_lines(template.docx)
    fit_rules(template.docx)
    _set_properties(template.docx, props)
    out = io.BytesIO()
    template.save(out)
    return stable_zip(out.getvalue(), props.day)
