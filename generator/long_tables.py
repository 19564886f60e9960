"""Long tables without a long tree: the rows of a rendered table past its first few stay bytes, not elements.

A 10,000-row Biểu 06 is 130,000 cells. As lxml elements they take ≈ 250 MB,
and moving them into python-docx's document (docxtpl's map_tree) takes seconds,
yet nothing after rendering touches them: the rules and names fitted after
rendering are in the header, the title and the first rows of a table. So the
rendered body is first scanned for its table rows (:func:`movable_rows`); the
body is parsed with each run of rows after the first :data:`KEEP` of its table
replaced by one processing instruction, ``<?cchc-rows N?>``; the rows
themselves are parsed a few hundred at a time, written out by lxml and
dropped, and put back in place of their marker when the part is written
(:meth:`SetAside.splice`). Being lxml's own serialization of the same
elements, the file is the same bytes whether rows were set aside or not
(tests/test_long_tables.py builds both and compares).

Rows that anything after rendering could need are never set aside: a row
holding a drawing (docxtpl renumbers wp:docPr ids), a relationship reference
(r:id, r:embed: the part it names must be kept), a nested table or a text box.
Where lxml has to recover from malformed XML, the whole body is parsed as one,
as docxtpl would.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from generator.datapart import paragraph_line

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_TBL, W_TR, W_TC, W_P = (f"{{{W}}}{tag}" for tag in ("tbl", "tr", "tc", "p"))
W_SPAN = f"{{{W}}}tcPr/{{{W}}}gridSpan"
MARKER = "cchc-rows"
KEEP = 3
"""Rows of each table kept as elements: the header row, the numbering row and a first row of data."""


@dataclass
class TableStats:
    """What docxtpl's fix_tables reads of a table, gathered row by row: the most cells in a row, without and with spans."""

    most_cells: int = 0
    most_columns: int = 0

    def add(self, row) -> None:
        """Counts a row element."""
        cells = len(row.findall(W_TC))
        self._count(cells, cells + sum(int(s.get(f"{{{W}}}val")) - 1 for s in row.iterfind(f"{{{W}}}tc/{W_SPAN}")))

    def add_serialized(self, row: bytes, element) -> None:
        """Counts a row as lxml wrote it: by its tags when it spans no columns (it holds no nested table), else by ``element``."""
        if b"gridSpan" in row:
            self.add(element)
        else:
            cells = row.count(b"<w:tc>") + row.count(b"<w:tc ")
            self._count(cells, cells)

    def _count(self, cells: int, columns: int) -> None:
        self.most_cells = max(self.most_cells, cells)
        self.most_columns = max(self.most_columns, columns)


def table_fits(table, stats: TableStats) -> bool:
    """Returns whether docxtpl's fix_tables would leave ``table``'s grid as it is: no row has more cells than
    grid columns, and some row spans them all."""
    grid = table.find(f"{{{W}}}tblGrid")
    if grid is None:
        return False
    columns = len(grid.findall(f"{{{W}}}gridCol"))
    return stats.most_cells <= columns <= stats.most_columns


@dataclass
class SetAside:
    """The rows left out of the tree: for marker N, their bytes as written and the visible line of each paragraph."""

    rows: list[list[bytes]] = field(default_factory=list)
    lines: list[list[str]] = field(default_factory=list)

    def splice(self, blob: bytes) -> bytes:
        """Returns the serialized part ``blob`` with each marker replaced by its rows."""
        if not self.rows:
            return blob
        pieces = re.split(rb"<\?" + MARKER.encode() + rb" (\d+)\?>", blob)
        for i in range(1, len(pieces), 2):
            pieces[i] = b"".join(self.rows[int(pieces[i])])
        return b"".join(pieces)

    def visible_lines(self, body):
        """Yields the visible line of each paragraph of ``body``, the set-aside rows' in their place (datapart.visible_text)."""
        from lxml import etree

        for el in body.iter(W_P, etree.PI):
            if el.tag is etree.PI:
                if el.target == MARKER:
                    yield from self.lines[int(el.text)]
            else:
                line = paragraph_line(el)
                if line:
                    yield line


_TAGS = re.compile(rb"<(/?)w:(tbl|tr)(?:\s[^>]*)?(/?)>")
_UNSAFE = re.compile(rb"<!--|<!\[CDATA\[|<\?")
_UNMOVABLE = (b"docPr", b" r:", b"<w:tbl", b"txbxContent")
_NOT_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?(?<!/)>|<[^>]*>[^<\0]*")
CHUNK = 500
"""Rows parsed at a time: enough to make lxml's cost per call small, few enough that their tree stays a few MB."""


def movable_rows(xml: bytes, keep: int) -> list[tuple[int, int]]:
    """Returns the (start, end) of each run of rows that may be set aside in a rendered body.

    The body is scanned for its w:tbl and w:tr tags only: "<" is always
    escaped in text and attributes, and a comment, CDATA section or processing
    instruction, where it would not be, makes the answer "none". A row may be
    set aside when it is in a table not nested in another, comes after the
    first ``keep`` rows of that table and holds nothing :data:`_UNMOVABLE`.
    """
    body = xml.find(b"<w:body")
    if body < 0 or _UNSAFE.search(xml, body):
        return []
    unmovable = sorted(_positions(xml, _UNMOVABLE, body))
    runs: list[list[int]] = []
    depth = row_start = index = 0
    for m in _TAGS.finditer(xml, body):
        closing, tag, empty = m.groups()
        if empty:
            return []  # an empty <w:tbl/> or <w:tr/> has no closing tag to pair
        if tag == b"tbl":
            depth += -1 if closing else 1
            index = 0
        elif depth == 1 and not closing:
            row_start = m.start()
        elif depth == 1:
            first = bisect.bisect_left(unmovable, row_start)
            if index >= keep and (first == len(unmovable) or unmovable[first] >= m.end()):
                if runs and runs[-1][1] == row_start:
                    runs[-1][1] = m.end()
                else:
                    runs.append([row_start, m.end()])
            index += 1
    return [(a, b) for a, b in runs]


def _positions(xml: bytes, needles: tuple[bytes, ...], start: int):
    """Yields where each of ``needles`` occurs in ``xml`` from ``start`` (bytes.find: far faster than a regex alternation)."""
    for needle in needles:
        at = xml.find(needle, start)
        while at >= 0:
            yield at
            at = xml.find(needle, at + 1)


def _lines(rows: bytes) -> list[str]:
    """Returns the visible line of each paragraph of serialized rows (no nested paragraphs: see _UNMOVABLE), as
    datapart.paragraph_line reads them from elements.

    In C, not a Python step per paragraph: each paragraph's end becomes a NUL
    (no XML text holds one), then every tag goes, and with it any text that
    does not follow a w:t start tag.
    """
    text = _NOT_TEXT.sub(b"", rows.replace(b"</w:p>", b"\0")).decode("utf-8")
    if "&" in text:  # lxml escapes only these in text
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#13;", "\r").replace("&amp;", "&")
    return [line for paragraph in text.split("\0") if (line := " ".join(paragraph.split()))]


class _Unreadable(Exception):
    """lxml had to recover from a piece of the body: only the whole body is recovered the way docxtpl's would be."""


def parse_body(xml: str, keep: int = KEEP):
    """Returns (body element, SetAside, {table: TableStats}) of a rendered body, parsed as docxtpl's fix_tables parses it.

    ``keep`` is how many rows of each table stay elements; the rest are parsed
    :data:`CHUNK` at a time inside a copy of the body's start tag, written out
    and dropped.
    """
    data = xml.encode("utf-8")
    try:
        return _parse(data, movable_rows(data, keep))
    except _Unreadable:
        return _parse(data, [])


def _parse(xml: bytes, runs: list[tuple[int, int]]):
    from lxml import etree

    parser = etree.XMLParser(recover=True)

    def parsed(text: bytes):
        el = etree.fromstring(text, parser)
        if runs and parser.error_log:
            raise _Unreadable
        return el

    kept, last = [], 0
    for n, (start, end) in enumerate(runs):
        kept += [xml[last:start], f"<?{MARKER} {n}?>".encode()]
        last = end
    kept.append(xml[last:])
    body = parsed(b"".join(kept))
    del kept
    aside, stats = SetAside(), {}
    markers = {int(pi.text): pi for pi in body.iter(etree.PI) if pi.target == MARKER}
    opening = xml[: xml.index(b">", xml.index(b"<w:body")) + 1] if runs else b""
    for n, (start, end) in enumerate(runs):
        table_stats = stats.setdefault(markers[n].getparent(), TableStats())
        aside.rows.append([])
        aside.lines.append([])
        bounds = _row_ends(xml, start, end)
        for i in range(0, len(bounds) - 1, CHUNK):
            chunk = parsed(opening + xml[bounds[i]:bounds[min(i + CHUNK, len(bounds) - 1)]] + b"</w:body>")
            written = etree.tostring(chunk, encoding="UTF-8", xml_declaration=False)
            rows = written[written.index(b">") + 1: -len(b"</w:body>")]
            for row, element in zip(rows.split(b"</w:tr>"), chunk):
                table_stats.add_serialized(row, element)
            aside.rows[n].append(rows)
            aside.lines[n].extend(_lines(rows))
    for table in body.iter(W_TBL):
        for row in table.iter(W_TR):
            stats.setdefault(table, TableStats()).add(row)
    return body, aside, stats


def _row_ends(xml: bytes, start: int, end: int) -> list[int]:
    """Returns where each row of xml[start:end] (whole rows of one table, none nested) begins, and ``end``."""
    bounds, closing = [start], b"</w:tr>"
    while bounds[-1] < end:
        bounds.append(xml.index(closing, bounds[-1]) + len(closing))
    return bounds
