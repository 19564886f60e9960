"""Step 5, render: a template context → the bytes of a .docx, through docxtpl.

Security boundary: templates are files a clerk may edit and values are text a
clerk typed, so every template runs in a Jinja SandboxedEnvironment with
StrictUndefined (a missing name is an error, never a silent blank) and
autoescape on (a "<" or "&" in a paragraph stays text and cannot break the XML).

After rendering, the short rules under the header and the title are fitted to
the text above them (nd30.md: TN-RULE, CQ-RULE, TY-RULE).
"""
from __future__ import annotations

import copy
import io
import itertools
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from generator.cache import NO_CACHE, Cache, key
from generator.datapart import hash_of_lines
from generator.errors import TemplateError
from generator.i18n import _
from generator.long_tables import KEEP, SetAside, parse_body, table_fits
from generator.names import break_name
from generator.ooxml import (
    EMU_PER_TWIP, TWIPS_PER_PT, Styles, child, drawn_lines, line_widths_pt, paragraph_runs, qn, text_width_pt,
)
from generator.present import Properties


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
        def __init__(self, template_file, cache: Cache, keep: int):
            super().__init__(template_file)
            self.cache = cache
            self.keep = keep
            self.sources: list[str] = []
            self.aside = SetAside()  # rows docxtpl's fix_tables (below) leaves out of the tree: none unless it does

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            """docxtpl's own steps, with str.replace where it runs a regex over the output: the same text, but a
            10,000-row table renders to 22 MB, on which the regex takes half a second."""
            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)  # one paragraph a line: Jinja's errors name a line
            if part.content_type.endswith(SOURCE_PARTS):  # as _template_sources has them, for template_problems
                self.sources.append(src_xml)
            self.current_rendering_part = part
            dst_xml = jinja_env.from_string(src_xml).render(context)
            dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            if "{_" in dst_xml or "_}" in dst_xml:
                dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            return self.resolve_listing(dst_xml)

        def resolve_listing(self, xml):
            if not any(ch in xml for ch in "\t\a\n\f"):  # docxtpl's rewrite of these characters would change nothing
                return xml
            return super().resolve_listing(xml)

        def fix_tables(self, xml):
            body, aside, stats = parse_body(xml, self.keep)
            if all(table in stats and table_fits(table, stats[table]) for table in body.iter(qn("w:tbl"))):
                self.aside = aside
                return body
            return super().fix_tables(xml)  # docxtpl changes a grid: its own way, the whole body a tree

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


def open_template(template_path: Path, cache: Cache = NO_CACHE, keep: int = KEEP):
    """Returns the docxtpl template at ``template_path``, its patched XML kept in ``cache``.

    Rendered, each table keeps ``keep`` rows as elements (generator.long_tables).
    """
    return _template_class()(str(template_path), cache, keep)


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


def _plain(p_el) -> str:
    """Returns the text of a paragraph in NFC, lower case, white space collapsed (to recognise "Độc lập - …")."""
    text = "".join(t.text or "" for t in p_el.iter(qn("w:t")))
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass
class Header:
    """The elements a rule goes under, found by what they say, not by their style: None where not found.

    ``agency`` is the paragraphs of the left header cell above its rule (or
    above the số line): the cơ quan chủ quản, then the cơ quan ban hành.
    """

    tieu_ngu: object = None
    agency: list = field(default_factory=list)
    trich_yeu: object = None


def find_header(document, styles: Styles) -> Header:
    """Returns the Tiêu ngữ, the cơ quan lines and the trích yếu of a rendered document."""
    body = document.element.body
    found = Header()
    found.tieu_ngu = next((p for p in body.iter(qn("w:p")) if _plain(p).startswith("độc lập")), None)
    table = next(found.tieu_ngu.iterancestors(qn("w:tbl")), None) if found.tieu_ngu is not None else None
    if table is None:
        return found
    row = next(found.tieu_ngu.iterancestors(qn("w:tr")))
    own = next(found.tieu_ngu.iterancestors(qn("w:tc")))
    left = next((tc for tc in row.iterchildren(qn("w:tc")) if tc is not own), None)
    for p in left.iterchildren(qn("w:p")) if left is not None else ():
        if _is_rule(p, styles) or _plain(p).startswith("số"):
            break
        if paragraph_runs(p, styles):
            found.agency.append(p)
    texts = (b for b in table.itersiblings() if b.tag == qn("w:p") and paragraph_runs(b, styles))
    found.trich_yeu = next(itertools.islice(texts, 1, None), None)  # the one under the tên loại ("BÁO CÁO")
    return found


def _is_rule(p_el, styles: Styles) -> bool:
    """Returns whether a paragraph is a rule: no text, and a top or bottom border or a drawn line."""
    if paragraph_runs(p_el, styles):
        return False
    fmt = styles.para_format(p_el)
    return fmt.border_top is not None or fmt.border_bottom is not None or bool(_line_frames(p_el))


def _line_frames(p_el) -> list:
    """Returns the DrawingML frames (inline or anchored) of a paragraph that draw a straight line."""
    return [f for f in p_el.iter(qn("wp:inline"), qn("wp:anchor"))
            if drawn_lines(_wrapped(f), 0) and not any(a.tag == qn("mc:Fallback") for a in f.iterancestors())]


def _wrapped(frame):
    """Returns a bare paragraph holding a copy of ``frame``, for ooxml.drawn_lines to judge the one frame."""
    from lxml import etree

    p = etree.Element(qn("w:p"))
    p.append(copy.deepcopy(frame))
    return p


def rule_under(p_el, styles: Styles):
    """Returns the rule right under a paragraph: the next paragraph when it is a rule, else a line drawn in it; None if neither."""
    following = p_el.getnext()
    if following is not None and following.tag == qn("w:p") and _is_rule(following, styles):
        return following
    return p_el if _line_frames(p_el) else None


SMALLEST_NAME_PT = 12
"""The smaller size nd30.md allows the cơ quan lines (12–13 pt): a name that needs three lines at 13 pt may take two at 12."""


def balance_lines(document) -> None:
    """Breaks each cơ quan name too wide for its header column after its kind of unit (see generator.names).

    A name that would take three lines, or could not break well, at its size
    is set at 12 pt when that takes fewer lines ("TRƯỜNG TRUNG HỌC CƠ SỞ /
    NGUYỄN TRÃI" in bold).
    """
    styles, page_text = _basis(document)
    for p in find_header(document, styles).agency:
        runs = [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        if len(runs) != 1 or len(runs[0].findall(qn("w:t"))) != 1:
            continue
        run, t = runs[0], runs[0].find(qn("w:t"))
        fmt = styles.run_format(p, run)
        available = _available_twips(p, page_text) / TWIPS_PER_PT

        def lines_at(size: float) -> list[str] | None:
            sized = replace(fmt, size_pt=size)
            return break_name(t.text or "", lambda line: text_width_pt(line, sized) <= available)

        lines = lines_at(fmt.size_pt)
        if fmt.size_pt > SMALLEST_NAME_PT and (lines is None or len(lines) > 2):
            smaller = lines_at(SMALLEST_NAME_PT)
            if smaller is not None and (lines is None or len(smaller) < len(lines)):
                lines = smaller
                from generator.schema_order import get_or_add  # python-docx's XML layer, loaded by rendering only

                rpr = run.get_or_add_rPr()
                for tag in ("w:sz", "w:szCs"):
                    get_or_add(rpr, tag).set(qn("w:val"), str(SMALLEST_NAME_PT * 2))
        if lines is None or len(lines) == 1:
            continue
        t.text = lines[0]
        for line in lines[1:]:
            run.add_br()
            run.add_t(line)


RULES = (("TN-RULE", 1.0), ("CQ-RULE", 0.4), ("TY-RULE", 0.4))
"""Each rule of nd30.md and its length as a share of the text above it: the whole Tiêu ngữ; 40 % (1/3–1/2) of the rest."""


def fit_rules(document) -> list[str]:
    """Fits each rule under the Tiêu ngữ, the cơ quan and the trích yếu to the text above it; returns the codes of those not found.

    A rule is found by what it is, whatever the template's styles are called:
    an empty paragraph with a border, or a drawn line, right under its text
    (or a line drawn in that paragraph). A bordered paragraph gets indents, a
    drawing its width and a centred place. When the text wraps, its longest
    line counts.
    """
    styles, page_text = _basis(document)
    header = find_header(document, styles)
    anchors = {"TN-RULE": header.tieu_ngu, "CQ-RULE": header.agency[-1] if header.agency else None,
               "TY-RULE": header.trich_yeu}
    missing = []
    for code, ratio in RULES:
        above = anchors[code]
        rule = rule_under(above, styles) if above is not None else None
        if rule is None:
            if above is None or styles.para_format(above).border_bottom is None:
                missing.append(code)  # a border under the text itself is a rule of its own, for the checker to judge
            continue
        available = _available_twips(rule, page_text)
        longest_pt = max(line_widths_pt(paragraph_runs(above, styles), available / TWIPS_PER_PT))
        length = min(available, round(longest_pt * ratio * TWIPS_PER_PT))
        if rule is above or _line_frames(rule):
            for frame in _line_frames(rule):
                _fit_drawing(frame, length, available)
        else:
            ind = rule.get_or_add_pPr().get_or_add_ind()
            side = (available - length) // 2
            ind.set(qn("w:left"), str(side))
            ind.set(qn("w:right"), str(available - length - side))
    return missing


def _fit_drawing(frame, length: int, available: int) -> None:
    """Gives a drawn line ``length`` twips and, when it is anchored by an offset, the centre of its column."""
    emu = str(length * EMU_PER_TWIP)
    frame.find(qn("wp:extent")).set("cx", emu)
    for ext in frame.iter(qn("a:ext")):
        if ext.getparent().tag == qn("a:xfrm"):
            ext.set("cx", emu)
    offset = frame.find(f"{qn('wp:positionH')}/{qn('wp:posOffset')}")
    if offset is not None:
        offset.getparent().set("relativeFrom", "column")
        offset.text = str((available - length) // 2 * EMU_PER_TWIP)


CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
STALE_RELATIONSHIPS = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
                       "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")
"""Parts a template carries that describe another document: its preview picture (python-docx's is a blank
page) and Word 2010's copy of the styles (Word 2013+ reads styles.xml; a copy that differs is "unreadable content")."""


def drop_stale_parts(document) -> None:
    """Removes the thumbnail and the stylesWithEffects copy from a document's package, if it has them."""
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for rel_id in [r for r, rel in rels.items() if rel.reltype in STALE_RELATIONSHIPS]:
            del rels[rel_id]


def adopt_core_properties(document) -> None:
    """Gives the core properties the relationship type python-docx looks for, so it updates them instead of adding a second part.

    LibreOffice writes the type of the 2006 drafts (…/officedocument/2006/
    relationships/metadata/core-properties); python-docx would not see the part
    and would add its own docProps/core.xml: two zip entries of one name.
    """
    from docx.opc.parts.coreprops import CorePropertiesPart

    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype != CORE_PROPERTIES and rel.reltype.endswith("/metadata/core-properties") and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, CorePropertiesPart):
                part = CorePropertiesPart.load(part.partname, part.content_type, part.blob, part.package)
            del rels[rel_id]
            rels.add_relationship(CORE_PROPERTIES, part, rel_id)


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
        for statement in node.body + node.else_:
            found += _references(statement, inner)
        return found
    path = _path(node, scope)
    if path is not None:
        return [] if path[0] == "loop" else [(path, node.lineno)]
    found = []
    for inner_node in node.iter_child_nodes():
        found += _references(inner_node, scope)
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
    """Sets every core property from the document itself: none is left as the template had it (LibreOffice writes "en-US")."""
    core = document.core_properties
    moment = datetime.combine(props.day, time())
    core.title, core.author, core.last_modified_by = props.title, props.author, props.author
    core.created = core.modified = moment
    core.last_printed = moment
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = core.identifier = ""
    core.content_status = core.version = ""
    core.language = "vi-VN"


def _entry(name: str, day: date) -> zipfile.ZipInfo:
    """Returns the zip entry of ``name`` stamped ``day`` (not the clock), so that equal inputs give equal bytes."""
    entry = zipfile.ZipInfo(name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def stable_zip(data: bytes, day: date) -> bytes:
    """Returns the same zip package with every entry stamped ``day``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_entry(info.filename, day), src.read(info.filename))
    return out.getvalue()


def package_bytes(document, day: date, aside: SetAside) -> bytes:
    """Returns the .docx of a rendered document: python-docx's parts in python-docx's order, each entry stamped
    ``day``, the rows set aside (generator.long_tables) back in the main part.

    python-docx's PackageWriter is driven with a zip of our own instead of
    saving and zipping again: a second pass would inflate and deflate every
    part (≈ 0.6 s for a 10,000-row table).
    """
    from docx.opc.pkgwriter import PackageWriter

    package, main = document.part.package, document.part.partname
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:

        class StampedZip:  # the interface of python-docx's PhysPkgWriter
            @staticmethod
            def write(uri, blob: bytes) -> None:
                zf.writestr(_entry(uri.membername, day), aside.splice(blob) if uri == main else blob)

        PackageWriter._write_content_types_stream(StampedZip, parts)
        PackageWriter._write_pkg_rels(StampedZip, package.rels)
        PackageWriter._write_parts(StampedZip, parts)
    return out.getvalue()


def render(template_path: Path, context: dict, props: Properties, cache: Cache = NO_CACHE, data=None,
           notes: list[str] | None = None, keep: int = KEEP) -> bytes:
    """Returns the .docx made from the template at ``template_path`` filled with ``context``.

    ``data`` (a :class:`generator.datapart.DataPart`, or None) is attached as
    the document's Custom XML data part, hashed over the text as rendered.

    The same template, context and properties always give the same bytes.
    Raises TemplateError (exit 4) when the template is broken or reaches
    outside the sandbox. The code of each rule not found to fit (fit_rules)
    is added to ``notes`` when given. The template's patched XML and compiled
    code are kept in ``cache``.
    """
    from jinja2 import TemplateError as JinjaError
    from jinja2.exceptions import SecurityError

    try:
        template = open_template(template_path, cache, keep)
        adopt_core_properties(template.get_docx())  # before docxtpl renders the properties' text
        unbalanced = unbalanced_tags(template.docx, template_path.name)
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
    missing = fit_rules(template.docx)
    if notes is not None:
        notes.extend(missing)
    drop_stale_parts(template.docx)
    _set_properties(template.docx, props)
    if data is not None:
        data.attach(template.docx, hash_of_lines(template.aside.visible_lines(template.docx.element.body)))
    return package_bytes(template.docx, props.day, template.aside)
