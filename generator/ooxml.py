"""What the program knows of WordprocessingML, in one place: effective formatting, geometry and text widths.

Rendering uses it to fit the short rules under the header and the title to the
text above them; the layout checker uses it to read any .docx the way Word
would. Formatting resolves as Word does: direct properties → character style
→ paragraph style and its basedOn chain → table style → document defaults,
with theme fonts and colours looked up in the theme part. Widths come from the
Times New Roman metrics in :mod:`generator.font_metrics`.

Security boundary: a .docx given to the checker may come from anyone, so XML is
parsed without entity resolution or network access.
"""
from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from lxml import etree

from generator.font_metrics import UNITS_PER_EM, WIDTHS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TWIPS_PER_PT = 20
TWIPS_PER_CM = 567
TWIPS_PER_MM = 56.7
EMU_PER_TWIP = 635
DEFAULT_CELL_MARGIN = 108
"""Left and right cell padding, in twips, of a table that sets none (Word's "Normal Table")."""
LINE_HEIGHT_EM = (1825 + 443 + 87) / 2048
"""Height of one single-spaced line of Times New Roman, in ems (ascent + descent + line gap)."""


@lru_cache(maxsize=None)
def qn(tag: str) -> str:
    """Returns the Clark name of a prefixed name: "w:p" → "{…main}p"."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _on(el) -> bool | None:
    """Returns the value of a toggle property element (w:b, w:i): None when absent."""
    if el is None:
        return None
    return el.get(qn("w:val"), "true") not in ("0", "false", "off")


def _int(value, default=None):
    """Returns ``value`` as an int (Word writes some numbers as "12.0" or "50%"); ``default`` when it is not one."""
    try:
        return int(float(str(value).rstrip("%")))
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class RunFormat:
    """The effective character formatting of a run.

    ``fonts`` maps each script slot set somewhere in the style chain (ascii,
    hAnsi, eastAsia, cs) to a font name, or to "theme:<name>" for a theme font.
    ``color`` is "auto", an RGB hex string, or "theme:<name>[:tint]".
    """

    size_pt: float = 10.0
    bold: bool = False
    italic: bool = False
    font: str | None = None
    caps: bool = False
    underline: bool = False
    hidden: bool = False
    fonts: tuple[tuple[str, str], ...] = ()
    color: str | None = None
    spacing_twips: int = 0
    scale_pct: int = 100


@dataclass(frozen=True)
class ParaFormat:
    """The effective paragraph formatting; lengths in twips, ``first_line`` negative for a hanging indent.

    ``line`` is a multiple of single spacing when ``line_rule`` is "auto", else
    a height in twips ("exact", "atLeast"). A border is (style, width in
    eighths of a point), None when there is none.
    """

    align: str = "left"
    ind_left: int = 0
    ind_right: int = 0
    first_line: int = 0
    space_before: int = 0
    space_after: int = 0
    contextual: bool = False
    line: float = 1.0
    line_rule: str = "auto"
    border_top: tuple[str, int] | None = None
    border_bottom: tuple[str, int] | None = None
    num: tuple[int, int] | None = None
    style_id: str | None = None


ALIGN = {"start": "left", "end": "right", "both": "justify", "distribute": "justify", "center": "center",
         "left": "left", "right": "right"}
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTR = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
THEME_COLOR_SLOT = {"text1": "dk1", "dark1": "dk1", "text2": "dk2", "dark2": "dk2", "background1": "lt1",
                    "light1": "lt1", "background2": "lt2", "light2": "lt2"}


def _local(tag) -> str:
    """Returns the local name of an element's tag ("{…main}sz" → "sz"); "" for a comment or processing instruction."""
    return tag[tag.find("}") + 1:] if isinstance(tag, str) else ""


def _rpr_props(rpr) -> dict:
    """Returns the run properties set by one rPr element, as a flat dict (empty for None)."""
    props: dict = {}
    if rpr is None:
        return props
    val = qn("w:val")
    for child in rpr:
        tag = _local(child.tag)
        if tag == "sz" and _int(child.get(val)) is not None:
            props["sz"] = _int(child.get(val)) / 2
        elif tag in ("b", "i", "caps", "vanish"):
            props[tag] = _on(child)
        elif tag == "u":
            props["u"] = child.get(val, "single") != "none"
        elif tag == "color":
            theme = child.get(qn("w:themeColor"))
            tint = child.get(qn("w:themeTint"))
            props["color"] = f"theme:{theme}:{tint or ''}" if theme else (child.get(val) or "auto")
        elif tag == "spacing":
            props["spacing"] = _int(child.get(val), 0)
        elif tag == "w":
            props["w"] = _int(child.get(val), 100)
        elif tag == "rFonts":
            for slot in FONT_SLOTS:
                theme, name = child.get(qn("w:" + THEME_ATTR[slot])), child.get(qn("w:" + slot))
                if theme:
                    props["font." + slot] = "theme:" + theme
                elif name:
                    props["font." + slot] = name
    return props


def _length(el, attr: str):
    """Returns ("twips", n) or ("chars", n) for an indent attribute and its *Chars twin, None when neither is set."""
    chars = _int(el.get(qn(f"w:{attr}Chars")))
    if chars:
        return ("chars", chars)
    twips = _int(el.get(qn(f"w:{attr}")))
    return ("twips", twips) if twips is not None else None


def _ppr_props(ppr) -> dict:
    """Returns the paragraph properties set by one pPr element, as a flat dict (empty for None)."""
    props: dict = {}
    if ppr is None:
        return props
    val = qn("w:val")
    for child in ppr:
        tag = _local(child.tag)
        if tag == "jc":
            props["jc"] = ALIGN.get(child.get(val), "left")
        elif tag == "ind":
            for key, names in (("left", ("left", "start")), ("right", ("right", "end"))):
                found = next((v for v in (_length(child, n) for n in names) if v), None)
                if found:
                    props["ind." + key] = found
            hanging, first = _length(child, "hanging"), _length(child, "firstLine")
            if hanging:
                props["ind.first"] = (hanging[0], -hanging[1])
            elif first:
                props["ind.first"] = first
        elif tag == "spacing":
            for edge in ("before", "after"):
                if child.get(qn(f"w:{edge}Autospacing")) in ("1", "true", "on"):
                    props["sp." + edge] = ("twips", 280)  # Word's "auto" spacing is 14 pt
                elif _int(child.get(qn(f"w:{edge}Lines"))) is not None:
                    props["sp." + edge] = ("twips", _int(child.get(qn(f"w:{edge}Lines"))) * 240 // 100)
                elif _int(child.get(qn(f"w:{edge}"))) is not None:
                    props["sp." + edge] = ("twips", _int(child.get(qn(f"w:{edge}"))))
            if _int(child.get(qn("w:line"))) is not None:
                props["sp.line"] = _int(child.get(qn("w:line")))
                props["sp.lineRule"] = child.get(qn("w:lineRule"), "auto")
        elif tag == "contextualSpacing":
            props["contextual"] = _on(child)
        elif tag == "pBdr":
            for edge in ("top", "bottom"):
                el = child.find(qn("w:" + edge))
                if el is not None:
                    props["bdr." + edge] = (el.get(val, "nil"), _int(el.get(qn("w:sz")), 4))
        elif tag == "numPr":
            num_id, level = child.find(qn("w:numId")), child.find(qn("w:ilvl"))
            if num_id is not None:
                props["num"] = (_int(num_id.get(val), 0), _int(level.get(val), 0) if level is not None else 0)
    return props


class Styles:
    """The style sheet of a document (styles.xml, with the theme), able to resolve effective formatting.

    Style chains are resolved once per style and cached, so that checking a
    long document costs one dict merge per run.
    """

    def __init__(self, styles_el, theme_el=None):
        styles = list(styles_el.iter(qn("w:style")))
        self._by_id = {s.get(qn("w:styleId")): s for s in styles}
        defaults = styles_el.find(qn("w:docDefaults"))
        self._default_rpr = _rpr_props(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None)
        self._default_ppr = _ppr_props(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None)
        self._default = {
            kind: next((s.get(qn("w:styleId")) for s in styles
                        if s.get(qn("w:type")) == kind and s.get(qn("w:default")) in ("1", "true", "on")), None)
            for kind in ("paragraph", "table", "character")
        }
        self._default_para = self._default["paragraph"]
        self._theme = _theme_tables(theme_el)
        self._chain_cache: dict = {}
        self._base_cache: dict = {}
        self._format_cache: dict = {}
        self._last_table: tuple = (None, None)

    def _chain(self, style_id: str | None) -> list:
        """Returns the style and its basedOn ancestors, nearest first."""
        chain, seen = [], set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def _style_props(self, style_id: str | None, kind: str) -> dict:
        """Returns the merged rPr ("r") or pPr ("p") properties of a style and its ancestors."""
        key = (style_id, kind)
        if key not in self._chain_cache:
            read, tag = (_rpr_props, "w:rPr") if kind == "r" else (_ppr_props, "w:pPr")
            merged: dict = {}
            for style in reversed(self._chain(style_id)):
                merged.update(read(style.find(qn(tag))))
            self._chain_cache[key] = merged
        return self._chain_cache[key]

    def _paragraph_style_id(self, ppr) -> str | None:
        """Returns the id of the style a paragraph's pPr names when defined, else the default paragraph style."""
        pstyle = child(ppr, "w:pStyle")
        style_id = pstyle.get(qn("w:val")) if pstyle is not None else None
        return style_id if style_id in self._by_id else self._default_para

    def _table_style_id(self, p_el) -> str | None:
        """Returns the style of the table the paragraph sits in (None outside tables).

        The last table's is kept, as the cells of a table are read one after
        another: a table's style is taken as fixed while its Styles is used.
        """
        tbl = next(p_el.iterancestors(qn("w:tbl")), None)
        if tbl is None:
            return None
        if self._last_table[0] is not tbl:
            tstyle = child(tbl, "w:tblPr", "w:tblStyle")
            self._last_table = (tbl, tstyle.get(qn("w:val")) if tstyle is not None else self._default["table"])
        return self._last_table[1]

    def _key(self, p_el, ppr) -> tuple[str | None, str | None]:
        """Returns what a paragraph's base formatting depends on: its paragraph style and its table's style."""
        return self._paragraph_style_id(ppr), self._table_style_id(p_el)

    def _base(self, key: tuple[str | None, str | None], kind: str) -> dict:
        """Returns the properties a paragraph of ``key`` gets before its own direct formatting: defaults, table style,
        paragraph style."""
        cache_key = key + (kind,)
        if cache_key not in self._base_cache:
            merged = dict(self._default_rpr if kind == "r" else self._default_ppr)
            merged.update(self._style_props(key[1], kind))
            merged.update(self._style_props(key[0], kind))
            self._base_cache[cache_key] = merged
        return self._base_cache[cache_key]

    def run_format(self, p_el, r_el=None) -> RunFormat:
        """Returns the effective formatting of run ``r_el`` in paragraph ``p_el`` (the paragraph mark's if None)."""
        return self._run_format(self._key(p_el, child(p_el, "w:pPr")), r_el)

    def _run_format(self, key: tuple[str | None, str | None], r_el) -> RunFormat:
        """Returns the formatting of run ``r_el`` (the mark's if None) in a paragraph of ``key``.

        Runs formatted alike share one RunFormat, found by the properties
        their rPr sets: a table of thousands of cells has a handful of them.
        """
        rpr = child(r_el, "w:rPr")
        if rpr is None:
            found = self._format_cache.get(("mark", key))
            if found is None:
                found = self._format_cache[("mark", key)] = _run_format(self._base(key, "r"))
            return found
        rstyle = child(rpr, "w:rStyle")
        own = _rpr_props(rpr)
        cache_key = ("r", key, rstyle.get(qn("w:val")) if rstyle is not None else None, tuple(own.items()))
        found = self._format_cache.get(cache_key)
        if found is None:
            props = dict(self._base(key, "r"))
            if rstyle is not None:
                props.update(self._style_props(cache_key[2], "r"))
            props.update(own)
            found = self._format_cache[cache_key] = _run_format(props)
        return found

    def para_format(self, p_el) -> ParaFormat:
        """Returns the effective paragraph formatting of ``p_el``."""
        ppr = child(p_el, "w:pPr")
        return self._para_format(ppr, self._key(p_el, ppr))

    def paragraph_formats(self, p_el, runs) -> tuple[ParaFormat, RunFormat, list[RunFormat]]:
        """Returns the formatting of a paragraph, of its mark and of each of its ``runs``, its styles looked up once."""
        ppr = child(p_el, "w:pPr")
        key = self._key(p_el, ppr)
        return self._para_format(ppr, key), self._run_format(key, None), [self._run_format(key, r) for r in runs]

    def _para_format(self, ppr, key: tuple[str | None, str | None]) -> ParaFormat:
        own = _ppr_props(ppr)
        cache_key = ("p", key, tuple(own.items()))
        found = self._format_cache.get(cache_key)
        if found is None:
            props = dict(self._base(key, "p"))
            props.update(own)
            found = self._format_cache[cache_key] = _para_format(props, self._base(key, "r").get("sz", 10.0), key[0])
        return found

    def table_cell_margins(self, tbl) -> tuple[int, int]:
        """Returns the left and right cell padding of a table, in twips: its own, else its style's, else Word's default."""
        tstyle = child(tbl, "w:tblPr", "w:tblStyle")
        style_id = tstyle.get(qn("w:val")) if tstyle is not None else self._default["table"]
        sources = [child(tbl, "w:tblPr")] + [s.find(qn("w:tblPr")) for s in self._chain(style_id)]
        return tuple(
            next((m for m in (_margin(child(src, "w:tblCellMar"), names) for src in sources) if m is not None), DEFAULT_CELL_MARGIN)
            for names in (("left", "start"), ("right", "end"))
        )

    def theme_font(self, name: str) -> str | None:
        """Returns the typeface a theme font name ("minorHAnsi") stands for, None without a theme."""
        group = "major" if name.startswith("major") else "minor"
        script = "ea" if name.endswith("EastAsia") else "cs" if name.endswith("Bidi") else "latin"
        return self._theme["fonts"].get((group, script))

    def theme_color(self, name: str) -> str | None:
        """Returns the RGB hex of a theme colour name ("text1"), None when the theme does not say."""
        return self._theme["colors"].get(THEME_COLOR_SLOT.get(name, name))


def _run_format(props: dict) -> RunFormat:
    """Returns the RunFormat of flat run properties."""
    fonts = tuple((slot, props["font." + slot]) for slot in FONT_SLOTS if "font." + slot in props)
    return RunFormat(
        size_pt=props.get("sz", 10.0),
        bold=bool(props.get("b")),
        italic=bool(props.get("i")),
        font=props.get("font.ascii"),
        caps=bool(props.get("caps")),
        underline=bool(props.get("u")),
        hidden=bool(props.get("vanish")),
        fonts=fonts,
        color=props.get("color"),
        spacing_twips=props.get("spacing", 0),
        scale_pct=props.get("w", 100),
    )


def _para_format(props: dict, size: float, style_id: str | None) -> ParaFormat:
    """Returns the ParaFormat of flat paragraph properties in a paragraph whose text is ``size`` points."""
    def twips(key, default=0):
        value = props.get(key)
        if value is None:
            return default
        kind, n = value
        return round(n / 100 * size * TWIPS_PER_PT) if kind == "chars" else n

    rule = props.get("sp.lineRule", "auto")
    line = props.get("sp.line", 240)
    return ParaFormat(
        align=props.get("jc", "left"),
        ind_left=twips("ind.left"),
        ind_right=twips("ind.right"),
        first_line=twips("ind.first"),
        space_before=twips("sp.before"),
        space_after=twips("sp.after"),
        contextual=bool(props.get("contextual")),
        line=line / 240 if rule == "auto" else float(line),
        line_rule=rule if rule in ("exact", "atLeast") else "auto",
        border_top=_border(props.get("bdr.top")),
        border_bottom=_border(props.get("bdr.bottom")),
        num=props.get("num") if props.get("num", (0, 0))[0] else None,
        style_id=style_id,
    )


def _border(value) -> tuple[str, int] | None:
    """Returns a border (style, width) when it draws a line, None for "nil"/"none"."""
    if value is None or value[0] in ("nil", "none"):
        return None
    return value


def _margin(mar, names) -> int | None:
    """Returns the cell margin ``names`` (e.g. left/start) set in a tblCellMar/tcMar element, None if unset."""
    if mar is None:
        return None
    for name in names:
        el = child(mar, "w:" + name)
        if el is not None and el.get(qn("w:type"), "dxa") in ("dxa", "twips"):
            return _int(el.get(qn("w:w")), 0)
    return None


def _theme_tables(theme_el) -> dict:
    """Returns the theme's fonts {(major|minor, latin|ea|cs): typeface} and colours {dk1: rgb}."""
    tables: dict = {"fonts": {}, "colors": {}}
    if theme_el is None:
        return tables
    for group in ("major", "minor"):
        font = theme_el.find(f".//{qn('a:' + group + 'Font')}")
        if font is not None:
            for script in ("latin", "ea", "cs"):
                el = font.find(qn("a:" + script))
                if el is not None and el.get("typeface"):
                    tables["fonts"][(group, script)] = el.get("typeface")
    scheme = theme_el.find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else []:
        color = next(iter(slot), None)
        if color is not None:
            tables["colors"][etree.QName(slot).localname] = (color.get("lastClr") or color.get("val") or "").upper()
    return tables


def char_width_pt(ch: str, fmt: RunFormat) -> float:
    """Returns the advance of one character in points; unknown letters are measured by their base letter."""
    if unicodedata.combining(ch):
        return 0.0  # a combining mark of decomposed text sits on the letter before it
    table = WIDTHS[(fmt.bold, fmt.italic)]
    units = table.get(ch)
    if units is None:
        base = unicodedata.normalize("NFD", ch)[:1]
        units = table.get(base, table["n"])
    return units * fmt.size_pt / UNITS_PER_EM * fmt.scale_pct / 100 + fmt.spacing_twips / TWIPS_PER_PT


def text_width_pt(text: str, fmt: RunFormat) -> float:
    """Returns the width of ``text`` set in one line with formatting ``fmt``, in points."""
    if fmt.caps:
        text = text.upper()
    return sum(char_width_pt(ch, fmt) for ch in text)


RUN_CHARS = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): "\t", qn("w:noBreakHyphen"): "-"}
"""The characters a run's elements other than w:t stand for in its text."""


def run_text(r_el) -> str:
    """Returns the text of a run, with "\n" for each line break (w:br) and "\t" for each tab."""
    parts = []
    for child in r_el:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag in RUN_CHARS:
            parts.append(RUN_CHARS[child.tag])
    return "".join(parts)


# Inline containers whose runs belong to the paragraph (a run's own children never hold runs of it).
RUN_CONTAINERS = {qn("w:" + t) for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdt",
                                          "sdtContent", "customXml", "dir", "bdo")}


def iter_runs(p_el):
    """Yields the runs of a paragraph in order, through hyperlinks, insertions, fields and content controls.

    Runs of text boxes anchored in the paragraph are not the paragraph's own and are left out.
    """
    for child in p_el:
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in RUN_CONTAINERS:
            yield from iter_runs(child)


def paragraph_runs(p_el, styles: Styles) -> list[tuple[str, RunFormat]]:
    """Returns the text of each visible run of a paragraph with its effective formatting; [] when it shows no text.

    Runs of spaces and line breaks are kept: measuring lines needs them.
    """
    runs = []
    for r in iter_runs(p_el):
        text = run_text(r)
        if text:
            fmt = styles.run_format(p_el, r)
            if not fmt.hidden:
                runs.append((text, fmt))
    return runs if any(text.strip() for text, _fmt in runs) else []


def line_widths_pt(runs: list[tuple[str, RunFormat]], width_pt: float) -> list[float]:
    """Returns the width of each line when the runs are broken greedily at spaces into ``width_pt``.

    A "\n" in the text (a w:br) ends a line; trailing spaces do not count.
    """
    # Tokens: ("word", width), ("space", width), ("break", 0).
    tokens: list[tuple[str, float]] = []
    for text, fmt in runs:
        if fmt.caps:
            text = text.upper()
        for ch in text:
            kind = "break" if ch == "\n" else "space" if ch in " \t" else "word"
            width = 0.0 if kind == "break" else char_width_pt(ch, fmt)
            if tokens and tokens[-1][0] == kind == "word" or tokens and tokens[-1][0] == kind == "space":
                tokens[-1] = (kind, tokens[-1][1] + width)
            else:
                tokens.append((kind, width))
    lines, line, pending = [], 0.0, 0.0
    for kind, width in tokens:
        if kind == "break":
            lines.append(line)
            line, pending = 0.0, 0.0
        elif kind == "space":
            pending += width
        else:
            if line and line + pending + width > width_pt:
                lines.append(line)
                line, pending = 0.0, 0.0
            line += pending + width
            pending = 0.0
    lines.append(line)
    return lines


def line_height_pt(fmt: ParaFormat, size_pt: float) -> float:
    """Returns the height of one line of a paragraph whose text is ``size_pt`` high, in points."""
    single = size_pt * LINE_HEIGHT_EM
    if fmt.line_rule == "exact":
        return fmt.line / TWIPS_PER_PT
    if fmt.line_rule == "atLeast":
        return max(fmt.line / TWIPS_PER_PT, single)
    return single * fmt.line


# ---------------------------------------------------------------------------
# The package: parts and relationships.

PARSE_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
PARSER = etree.XMLParser(**PARSE_OPTIONS)


class _Stream:
    """An iterparse whose XML errors are ValueErrors, as :class:`Package` raises for a file that is not a .docx."""

    def __init__(self, events):
        self._events = events

    def __iter__(self):
        try:
            for _event, el in self._events:
                yield el
        except etree.XMLSyntaxError as exc:
            raise ValueError(f"not a .docx: {exc}") from None

    @property
    def root(self):
        return self._events.root


class Package:
    """A .docx read into XML trees: the main document, its styles and theme, and its header and footer parts.

    The main part is parsed when first asked for (:attr:`document`), or read as
    a stream (:meth:`stream`): the body of a long table is far larger as a tree
    than anything checked of it. Raises ValueError when the bytes are not a
    WordprocessingML package.
    """

    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._main = self._main_part_name()
            _event, root = next(iter(etree.iterparse(self._zip.open(self._main), events=("start",), **PARSE_OPTIONS)))
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, StopIteration) as exc:
            raise ValueError(f"not a .docx: {exc}") from None
        if root.tag != qn("w:document"):
            raise ValueError(f"not a .docx: the main part is {root.tag!r}")
        self._rels = self._relationships(self._main)
        styles = self._part_of_type("/styles")
        theme = self._part_of_type("/theme")
        self.styles = Styles(styles if styles is not None else etree.Element(qn("w:styles")), theme)
        self.numbering_el = self._part_of_type("/numbering")

    @cached_property
    def document(self):
        """Returns the main part as one tree."""
        return self._parse(self._main)

    def stream(self, tags: tuple[str, ...]):
        """Returns an iterparse of the main part giving each element of ``tags`` (Clark names) when it ends; its
        ``root`` is the tree built so far, which the reader may prune behind it. Iterating raises ValueError on
        malformed XML."""
        return _Stream(etree.iterparse(self._zip.open(self._main), events=("end",), tag=tags, **PARSE_OPTIONS))

    def _parse(self, name: str):
        return etree.fromstring(self._zip.read(name), PARSER)

    def _main_part_name(self) -> str:
        """Returns the name of the main document part, from the package relationships."""
        rels = etree.fromstring(self._zip.read("_rels/.rels"), PARSER)
        for rel in rels.iter(f"{{{REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target").lstrip("/")
        raise KeyError("no officeDocument relationship")

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Returns the relationships of a part: id → (type, part name)."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self._zip.namelist():
            return {}
        rels = self._parse(rels_name)
        return {
            rel.get("Id"): (rel.get("Type", ""), posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))))
            for rel in rels.iter(f"{{{REL}}}Relationship") if rel.get("TargetMode") != "External"
        }

    def _part_of_type(self, suffix: str):
        """Returns the parsed part the main document relates to with a type ending in ``suffix``, None if none."""
        name = next((target for kind, target in self._rels.values() if kind.endswith(suffix)), None)
        return self._parse(name) if name and name in self._zip.namelist() else None

    def related(self, rel_id: str | None):
        """Returns the parsed part behind relationship ``rel_id`` of the main document, None when it is missing."""
        kind_target = self._rels.get(rel_id)
        if kind_target is None or kind_target[1] not in self._zip.namelist():
            return None
        return self._parse(kind_target[1])

    def parts_of_type(self, suffix: str) -> list:
        """Returns every related part whose type ends in ``suffix`` ("/header", "/footer"), parsed."""
        return [self._parse(t) for k, t in self._rels.values() if k.endswith(suffix) and t in self._zip.namelist()]


# ---------------------------------------------------------------------------
# Numbering: the labels Word draws in front of list paragraphs.

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Returns counter ``n`` as Word shows it in numbering format ``fmt`` (Word's letters are English: a b c d e f)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """The list definitions of a document (numbering.xml); :meth:`label` is called for list paragraphs in document order."""

    def __init__(self, numbering_el=None):
        self._levels: dict = {}
        self._abstract_of: dict = {}
        self._counters: dict = {}
        if numbering_el is None:
            return
        val = qn("w:val")
        abstract = {}
        for a in numbering_el.findall(qn("w:abstractNum")):
            abstract[a.get(qn("w:abstractNumId"))] = {
                _int(lvl.get(qn("w:ilvl")), 0): (
                    (lvl.find(qn("w:numFmt")).get(val) if lvl.find(qn("w:numFmt")) is not None else "decimal"),
                    (lvl.find(qn("w:lvlText")).get(val) if lvl.find(qn("w:lvlText")) is not None else ""),
                    _int(lvl.find(qn("w:start")).get(val), 1) if lvl.find(qn("w:start")) is not None else 1,
                    (lvl.find(qn("w:suff")).get(val) if lvl.find(qn("w:suff")) is not None else "tab"),
                )
                for lvl in a.findall(qn("w:lvl"))
            }
        for num in numbering_el.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(val) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                level = _int(override.get(qn("w:ilvl")), 0)
                if start is not None and level in levels:
                    levels[level] = levels[level][:2] + (_int(start.get(val), 1),) + levels[level][3:]
            self._levels[_int(num.get(qn("w:numId")), 0)] = levels

    def label(self, num: tuple[int, int]) -> str:
        """Returns the label of the next paragraph of list ``num`` = (numId, level), with its separator ("I.\t")."""
        num_id, level = num
        levels = self._levels.get(num_id, {})
        if level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start, suffix = levels[level]
        if fmt == "bullet":
            label = text
        else:
            label = re.sub(r"%(\d)", lambda m: format_number(counters.get(int(m.group(1)) - 1, levels.get(int(m.group(1)) - 1, (0, 0, 1))[2]),
                                                             levels.get(int(m.group(1)) - 1, (fmt,))[0]), text)
        return label + {"tab": "\t", "space": " "}.get(suffix, "")


# ---------------------------------------------------------------------------
# Sections.

@dataclass(frozen=True)
class Section:
    """A section's page setup, in twips; ``headers``/``footers`` map "default"/"first"/"even" to relationship ids."""

    width: int | None
    height: int | None
    orient: str
    top: int | None
    bottom: int | None
    left: int | None
    right: int | None
    gutter: int
    title_page: bool
    headers: dict = field(default_factory=dict)
    footers: dict = field(default_factory=dict)
    page_start: int | None = None
    """The number of the section's first page when it restarts the numbering (w:pgNumType w:start)."""

    @property
    def text_width(self) -> int:
        """Returns the width between the side margins (Word's defaults for a section that sets none)."""
        return (self.width or 12240) - (self.left if self.left is not None else 1800) - (self.right if self.right is not None else 1800) - self.gutter


def section(sect_pr) -> Section:
    """Returns the page setup of a w:sectPr element (all None/empty for None)."""
    def attr(tag, name):
        el = sect_pr.find(qn(tag)) if sect_pr is not None else None
        return _int(el.get(qn("w:" + name))) if el is not None else None

    def refs(tag):
        if sect_pr is None:
            return {}
        return {el.get(qn("w:type"), "default"): el.get(qn("r:id")) for el in sect_pr.findall(qn(tag))}

    pg = sect_pr.find(qn("w:pgSz")) if sect_pr is not None else None
    top, bottom = attr("w:pgMar", "top"), attr("w:pgMar", "bottom")
    return Section(
        width=attr("w:pgSz", "w"), height=attr("w:pgSz", "h"),
        orient=pg.get(qn("w:orient"), "portrait") if pg is not None else "portrait",
        top=abs(top) if top is not None else None, bottom=abs(bottom) if bottom is not None else None,
        left=attr("w:pgMar", "left"), right=attr("w:pgMar", "right"), gutter=attr("w:pgMar", "gutter") or 0,
        title_page=bool(_on(sect_pr.find(qn("w:titlePg")))) if sect_pr is not None else False,
        headers=refs("w:headerReference"), footers=refs("w:footerReference"),
        page_start=attr("w:pgNumType", "start"),
    )


def field_codes(part_el) -> list[tuple[str, object]]:
    """Returns each field of a part as (instruction, paragraph element): simple fields and complex ones."""
    found = [(f.get(qn("w:instr"), ""), next(f.iterancestors(qn("w:p")), None)) for f in part_el.iter(qn("w:fldSimple"))]
    for p in part_el.iter(qn("w:p")):
        instr = "".join(t.text or "" for t in p.iter(qn("w:instrText")))
        if instr.strip():
            found.append((instr, p))
    return found


def is_page_field(instruction: str) -> bool:
    """Returns True for a PAGE field instruction (" PAGE \\* MERGEFORMAT "), not NUMPAGES or PAGEREF."""
    return re.match(r"\s*PAGE\b(?!REF)", instruction, re.IGNORECASE) is not None


# ---------------------------------------------------------------------------
# Table geometry.

def child(el, *tags: str):
    """Returns the first child ``tags[0]`` of ``el``, then its first child ``tags[1]``, …; None when one is missing.

    Unlike a find() with a path, it stops at the first match at each step: on a
    table of thousands of rows, "w:tblPr/w:tblStyle" would scan every row.
    """
    for tag in tags:
        if el is None:
            return None
        wanted, found = qn(tag), None
        for c in el:
            if c.tag == wanted:
                found = c
                break
        el = found
    return el


def _grid_columns(tbl) -> list[int]:
    grid = child(tbl, "w:tblGrid")
    return [_int(c.get(qn("w:w")), 0) for c in grid.findall(qn("w:gridCol"))] if grid is not None else []


def _properties(el) -> dict:
    """Returns the first child of each tag of a property element (tcPr…) by tag, read in one pass; {} for None."""
    found: dict = {}
    for c in el if el is not None else ():
        found.setdefault(c.tag, c)
    return found


def _span(tcpr: dict) -> int:
    el = tcpr.get(qn("w:gridSpan"))
    return max(1, _int(el.get(qn("w:val")), 1)) if el is not None else 1


def row_cells(tr) -> list[tuple[object, dict, int, int]]:
    """Returns each cell of a table row as (cell, its tcPr's children by tag, first grid column, number of columns), in one pass.

    A row's cells are the w:tc under it (through content controls and custom
    XML) whose nearest row is this one, not the cells of a table nested in them.
    """
    before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
    col = _int(before.get(qn("w:val")), 0) if before is not None else 0
    cells = []
    for cell in tr.iter(qn("w:tc")):
        if cell.getparent() is tr or next(cell.iterancestors(qn("w:tr"))) is tr:
            tcpr = _properties(child(cell, "w:tcPr"))
            span = _span(tcpr)
            cells.append((cell, tcpr, col, span))
            col += span
    return cells


def _cell_width(tcpr: dict, grid: list[int], col: int, span: int, margins: tuple[int, int]) -> int | None:
    """Returns the width a cell (given by its tcPr's children) at grid column ``col`` spanning ``span`` columns gives its
    paragraphs: the narrower of its width by the grid and by its w:tcW, less its padding (its own, else the
    table's ``margins``); None when neither width is stated."""
    by_grid = sum(grid[col:col + span]) if col + span <= len(grid) else None
    tcw = tcpr.get(qn("w:tcW"))
    by_tcw = None
    if tcw is not None:
        kind, value = tcw.get(qn("w:type"), "dxa"), tcw.get(qn("w:w"), "")
        if kind == "dxa":
            by_tcw = _int(value)
        elif kind == "pct" and sum(grid):
            pct = float(value.rstrip("%")) if value.endswith("%") else (_int(value, 0) / 50)
            by_tcw = round(sum(grid) * pct / 100)
    stated = [w for w in (by_grid, by_tcw) if w]
    if not stated:
        return None
    own = [_margin(tcpr.get(qn("w:tcMar")), names) for names in (("left", "start"), ("right", "end"))]
    left, right = (table if mine is None else mine for mine, table in zip(own, margins))
    return min(stated) - left - right


class CellWidths:
    """The width each table cell gives its paragraphs, in twips: the narrower of grid and tcW, less the padding.

    Word lays a fixed table out by the grid and LibreOffice by the cell
    widths, so the narrower one is what both can promise. Each table's grid
    and padding are read once, and cells alike (same columns, same tcW, no
    padding of their own) are measured once, whatever rows they are asked for
    in: a table of thousands of rows costs time in proportion to its cells.
    """

    def __init__(self, styles: Styles):
        self._styles = styles
        self._tables: dict = {}
        self._alike: dict = {}

    def of(self, el) -> dict:
        """Returns the width of each cell of a table or row ``el`` (and of the tables nested in it) by cell element;
        None when neither width is stated."""
        widths: dict = {}
        for tr in el.iter(qn("w:tr")):
            own = tr.getparent() if tr.getparent().tag == qn("w:tbl") else next(tr.iterancestors(qn("w:tbl")))
            if own not in self._tables:
                self._tables[own] = (_grid_columns(own), self._styles.table_cell_margins(own))
            grid, margins = self._tables[own]
            for tc, tcpr, col, span in row_cells(tr):
                tcw = tcpr.get(qn("w:tcW"))
                key = None if qn("w:tcMar") in tcpr else (
                    own, col, span, (tcw.get(qn("w:type")), tcw.get(qn("w:w"))) if tcw is not None else None)
                if key not in self._alike:
                    width = _cell_width(tcpr, grid, col, span, margins)
                    if key is None:
                        widths[tc] = width
                        continue
                    self._alike[key] = width
                widths[tc] = self._alike[key]
        return widths


# ---------------------------------------------------------------------------
# Rules: a bordered paragraph or a drawn line.

@dataclass(frozen=True)
class Rule:
    """A horizontal rule found at a paragraph: its length in twips, whether it is centred (None: unknown), solid."""

    kind: str
    length: int
    centred: bool | None
    solid: bool
    x_mid: int | None = None
    """The middle of the rule from the left of its column, in twips, when its position says."""


SOLID_BORDERS = {"single", "thick"}
LINE_SHAPES = {"line", "straightConnector1"}


def _outside_fallback(el) -> bool:
    """Returns True unless ``el`` sits in an mc:Fallback (the copy of a drawing for old readers)."""
    return not any(a.tag == qn("mc:Fallback") for a in el.iterancestors())


def _vml_twips(text: str) -> float:
    """Returns a VML length ("12pt", "1.5in", "40px") in twips; a bare number is taken as points."""
    m = re.match(r"\s*(-?[\d.]+)\s*(pt|in|cm|mm|px|emu)?", text or "")
    if not m:
        return 0.0
    value, unit = float(m.group(1)), m.group(2) or "pt"
    return value * {"pt": 20, "in": 1440, "cm": 567, "mm": 56.7, "px": 15, "emu": 1 / 635}[unit]


def drawn_lines(p_el, available: int, floating: bool = False) -> list[Rule]:
    """Returns the straight lines drawn in a paragraph (DrawingML shapes and VML lines); only the floating ones
    (placed anywhere on the page, not in the text's line) when ``floating``."""
    rules = []
    for frame in p_el.iter(*((qn("wp:anchor"),) if floating else (qn("wp:inline"), qn("wp:anchor")))):
        geom = frame.find(f".//{qn('a:prstGeom')}")
        extent = frame.find(qn("wp:extent"))
        if geom is None or extent is None or not _outside_fallback(frame):
            continue
        cx, cy = _int(extent.get("cx"), 0), _int(extent.get("cy"), 0)
        if geom.get("prst") not in LINE_SHAPES and not (cx and cy < 2 * EMU_PER_TWIP * 20):
            continue
        dash = frame.find(f".//{qn('a:ln')}/{qn('a:prstDash')}")
        length = round(cx / EMU_PER_TWIP)
        rules.append(Rule("drawing", length, _anchor_centred(frame, length, available),
                          dash is None or dash.get("val") == "solid", _anchor_middle(frame, length)))
    for shape in p_el.iter(qn("v:line"), qn("v:shape")):
        if not _outside_fallback(shape) or floating and "position:absolute" not in (shape.get("style") or ""):
            continue
        if shape.tag == qn("v:line"):
            (x1, _y1), (x2, _y2) = [[_vml_twips(v) for v in (shape.get(end) or "0,0").split(",")[:2] + ["0"]][:2]
                                    for end in ("from", "to")]
            length = abs(x2 - x1)
        elif shape.get(qn("o:connectortype")) or "t32" in (shape.get("type") or ""):
            style = dict(kv.split(":", 1) for kv in (shape.get("style") or "").split(";") if ":" in kv)
            length = _vml_twips(style.get("width", "0"))
        else:
            continue
        stroke = shape.find(qn("v:stroke"))
        rules.append(Rule("drawing", round(length), None,
                          stroke is None or stroke.get("dashstyle", "solid") == "solid"))
    return rules


def _anchor_middle(frame, length: int) -> int | None:
    """Returns the middle of an anchored drawing from the left of its column, in twips; None when not placed so."""
    pos = frame.find(qn("wp:positionH"))
    offset = pos.findtext(qn("wp:posOffset")) if pos is not None and pos.get("relativeFrom") == "column" else None
    return round(_int(offset, 0) / EMU_PER_TWIP + length / 2) if offset is not None else None


def _anchor_centred(frame, length: int, available: int) -> bool | None:
    """Returns whether a drawing is centred in its column: True/False when its position says, None otherwise."""
    if frame.tag == qn("wp:inline"):
        return None
    pos = frame.find(qn("wp:positionH"))
    if pos is None:
        return None
    align = pos.findtext(qn("wp:align"))
    if align:
        return align == "center"
    offset = pos.findtext(qn("wp:posOffset"))
    if pos.get("relativeFrom") == "column" and offset is not None and available:
        return abs(_int(offset, 0) / EMU_PER_TWIP + length / 2 - available / 2) <= TWIPS_PER_MM * 1.5
    return None


def border_rule(fmt: ParaFormat, edge: str, available: int) -> Rule | None:
    """Returns the rule a paragraph border draws on ``edge`` ("top"/"bottom"), None when there is none."""
    border = fmt.border_top if edge == "top" else fmt.border_bottom
    if border is None:
        return None
    length = available - fmt.ind_left - fmt.ind_right
    return Rule("border", length, abs(fmt.ind_left - fmt.ind_right) <= TWIPS_PER_MM, border[0] in SOLID_BORDERS)
