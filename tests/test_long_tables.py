"""Rows set aside while rendering (generator.long_tables) are written exactly as they would have been from a tree.

The differential tests build the same reports three ways: every row that may
be set aside set aside but the first of each table (keep=1: the header
table's one row is what rendering fits rules to), the default, and none (keep
larger than any table); the .docx files must be the same bytes. The rows typed for it carry
what serialization could change: "&", "<", ">", quotes, no-break and doubled
spaces, an empty cell.
"""
from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import REPO, sample_with_tthc
import generator.render
from generator import long_tables, pipeline, tong_hop
from generator.datapart import paragraph_line, visible_text
from generator.long_tables import movable_rows, parse_body
from generator.pipeline import Delivery, Options
from generator.receive import read_report
from generator.render import render

NAMES = ['Cấp bản sao văn bằng & chứng chỉ "gốc"', "Chuyển trường <THCS> -> THPT", "Miễn,\u00a0giảm  học phí",
         "Xác nhận 'học bạ'", "Tuyển sinh lớp 6"]


def workspace(tmp_path: Path, rows: int) -> Path:
    """Returns a copy of the sample whose q3 has a Biểu 06 of ``rows`` rows named from NAMES."""
    sample_with_tthc(tmp_path, [
        {"linh_vuc": f"{NAMES[i % len(NAMES)]} ({i})", "tu_ky_truoc": 0, "truc_tuyen": i % 4, "truc_tiep": 1,
         "truoc_han": i % 4, "dung_han": 1, "qua_han": 0, "dang_trong_han": 0, "dang_qua_han": 0}
        for i in range(rows)
    ])
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def built_with(monkeypatch, root: Path, keep: int, name: str) -> dict[str, bytes]:
    """Builds every document of the workspace at ``root`` with ``keep`` rows of each table kept as elements."""
    monkeypatch.setattr(pipeline, "render", functools.partial(render, keep=keep))
    options = Options(inputs=root / "inputs", templates=root / "templates", outputs=root / name)
    return {p.name: p.read_bytes() for p in pipeline.build("all", options).written}


def set_aside_counts(monkeypatch) -> list[int]:
    """Records, for each body parsed from now on, how many rows it set aside."""
    counts = []
    original = long_tables.parse_body

    def counting(xml, keep=long_tables.KEEP):
        body, aside, stats = original(xml, keep)
        counts.append(sum(len(rows) for rows in aside.rows))
        return body, aside, stats

    monkeypatch.setattr(generator.render, "parse_body", counting)  # where rendering calls it
    return counts


def test_setting_rows_aside_changes_no_byte(tmp_path, monkeypatch):
    root = workspace(tmp_path, 40)
    counts = set_aside_counts(monkeypatch)
    every = built_with(monkeypatch, root, 1, "every")
    assert max(counts) > 0, "keep=1 set no row aside: the test would compare a path with itself"
    default = built_with(monkeypatch, root, long_tables.KEEP, "default")
    none = built_with(monkeypatch, root, 10**9, "none")
    assert sorted(every) == sorted(none) and len(every) >= 4
    for name in none:
        assert every[name] == none[name], name
        assert default[name] == none[name], name


def test_the_office_report_is_the_same_with_rows_set_aside(tmp_path, monkeypatch):
    shutil.copytree(REPO / "examples" / "tong-hop" / "inputs", tmp_path / "inputs")
    shutil.copytree(REPO / "examples" / "tong-hop" / "nop", tmp_path / "nop")
    counts = set_aside_counts(monkeypatch)
    written = {}
    for keep in (1, 10**9):
        monkeypatch.setattr(generator.render, "render", functools.partial(render, keep=keep))
        options = Options(inputs=tmp_path / "inputs", templates=REPO / "templates", outputs=tmp_path / f"out-{keep}")
        result, _th = tong_hop.run("q3", None, options, Delivery())
        written[keep] = {p.name: p.read_bytes() for p in result.written}
    assert counts[0] > 0
    assert written[1] == written[10**9]


def test_a_report_with_rows_set_aside_reads_back_as_not_edited(tmp_path, monkeypatch):
    root = workspace(tmp_path, 30)
    counts = set_aside_counts(monkeypatch)
    built_with(monkeypatch, root, 1, "out")
    assert max(counts) > 0
    received = read_report(root / "out" / "2023" / "BC-CCHC-Q3-2023-THCSBM.docx")
    assert received.edited is False
    body = Document(root / "out" / "2023" / "BC-CCHC-Q3-2023-THCSBM.docx").element.body
    assert "Chuyển trường <THCS> -> THPT (1)" in visible_text(body)


W = long_tables.W


def body_of(*tables: str, extra: str = "") -> str:
    return f'<w:body xmlns:w="{W}">' + "".join(tables) + extra + "</w:body>"


def table(rows: int, cell: str = "<w:p><w:r><w:t>x</w:t></w:r></w:p>") -> str:
    grid = "<w:tblGrid><w:gridCol w:w=\"100\"/></w:tblGrid>"
    return f"<w:tbl>{grid}" + "".join(f"<w:tr><w:tc>{cell}</w:tc></w:tr>" for _ in range(rows)) + "</w:tbl>"


def test_only_rows_past_the_first_kept_ones_of_a_plain_table_are_movable():
    xml = body_of(table(5), table(2)).encode()
    runs = movable_rows(xml, 3)
    assert len(runs) == 1
    start, end = runs[0]
    assert xml[start:end].count(b"<w:tr>") == 2


@pytest.mark.parametrize("inside", [
    '<w:p><w:r><w:drawing><wp:docPr xmlns:wp="urn:x" id="1"/></w:drawing></w:r></w:p>',
    table(1),
    '<w:p><w:hyperlink xmlns:r="urn:r" r:id="rId5"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:p>',
])
def test_a_row_holding_a_drawing_a_nested_table_or_a_relationship_stays(inside):
    xml = body_of(table(4, inside)).encode()
    assert movable_rows(xml, 1) == []


@pytest.mark.parametrize("extra", ["<!-- <w:tr> -->", "<?pi x?>", "<w:tbl/>"])
def test_markup_the_tag_scan_cannot_follow_sets_nothing_aside(extra):
    assert movable_rows(body_of(table(6), extra=extra).encode(), 1) == []


def test_the_tree_holds_only_the_kept_rows_and_the_grid_counts_all():
    body, aside, stats = parse_body(body_of(table(2000)), keep=3)
    assert len(body.findall(f".//{{{W}}}tr")) == 3
    assert sum(r.count(b"<w:tr>") for run in aside.rows for r in run) == 1997
    (only,) = stats.values()
    assert (only.most_cells, only.most_columns) == (1, 1)


def test_an_unreadable_body_is_parsed_whole_as_docxtpl_would():
    broken = body_of(table(6)).replace("<w:t>x</w:t>", "<w:t>x</w:t></w:t>", 5)
    body, aside, _stats = parse_body(broken, keep=1)
    assert aside.rows == []
    whole = etree.fromstring(broken.encode(), etree.XMLParser(recover=True))
    assert etree.tostring(body) == etree.tostring(whole)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r &<>\"'\u00a0"),
                        max_size=12), min_size=1, max_size=4))
def test_lines_read_from_the_written_rows_are_the_lines_read_from_elements(texts):
    cells = "".join(f"<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r><w:r><w:t/></w:r></w:p></w:tc>"
                    for t in texts)
    xml = f'<w:body xmlns:w="{W}"><w:tbl><w:tblGrid/>' + f"<w:tr>{cells}</w:tr>" * 3 + "</w:tbl></w:body>"
    body, aside, _stats = parse_body(xml, keep=1)
    whole = etree.fromstring(xml.encode())
    assert list(aside.visible_lines(body)) == [line for p in whole.iter(f"{{{W}}}p") if (line := paragraph_line(p))]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def test_a_body_whose_namespace_has_another_prefix_is_parsed_whole():
    xml = body_of(table(6)).replace("w:", "x:").replace("xmlns:w=", "xmlns:x=")
    body, aside, _stats = parse_body(xml, keep=1)
    assert aside.rows == [] and len(body.findall(f".//{{{W}}}tr")) == 6


CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r &<>\"'\u00a0"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL_TEXT, CELL_TEXT), min_size=1, max_size=6))
def test_rows_set_aside_are_written_as_lxml_writes_them(cells):
    from markupsafe import escape as jinja_escape

    def row(a, b):  # as Jinja renders a template row: values escaped by markupsafe, an empty value leaves <w:t></w:t>
        return (f'<w:tr><w:tc><w:tcPr><w:tcW w:w="1"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">{jinja_escape(a)}</w:t>'
                f'</w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:jc w:val="{jinja_escape(b)}"/></w:pPr><w:r><w:t>{jinja_escape(b)}'
                f'</w:t></w:r></w:p></w:tc></w:tr>')

    rows = "".join(row(a, b) for a, b in cells)
    xml = f'<w:body xmlns:w="{W}"><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl></w:body>'
    body, aside, _stats = parse_body(xml, keep=0)
    whole = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    assert aside.rows, "no row was set aside"
    assert aside.splice(etree.tostring(body, encoding="UTF-8")) == etree.tostring(whole, encoding="UTF-8")
    assert list(aside.visible_lines(body)) == [line for p in whole.iter(f"{{{W}}}p") if (line := paragraph_line(p))]
