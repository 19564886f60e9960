"""The layout checker: every rule of spec/nd30.md, checked on any .docx, ours or someone else's.

The public API: :func:`check_document`, :func:`check_files`, :func:`format_report`
and :class:`Violation`. The document is read as raw WordprocessingML through
:mod:`generator.ooxml` (effective formatting through the style chain, theme
fonts, cell widths, rules drawn as borders or shapes), cut into areas by
landmarks (:mod:`generator.checker.layout`), and each rule of nd30.md is
checked by the module of its area in :mod:`generator.checker`.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from generator.checker.annex import check_annexes
from generator.checker.body import check_body
from generator.checker.document import read_document
from generator.checker.header import check_header
from generator.checker.layout import find_layout
from generator.checker.messages import Violation, _m, joined
from generator.checker.nd30 import AREAS, NOT_FOR_FORMS
from generator.checker.page import check_page, check_page_number
from generator.checker.signature import check_signature
from generator.checker.text import check_text
from generator.checker.title import check_title
from generator.collector import paused
from generator.errors import UsageError
from generator.i18n import N_, _
from generator.ooxml import Package


NOT_DOCX = (
    (b"%PDF", N_("%(file)s is a PDF, not a .docx: check the .docx it was made from (the same name, ending in .docx)")),
    (b"\xd0\xcf\x11\xe0", N_("%(file)s is an old Word 97–2003 .doc, not a .docx: open it in Word and save it as "
                            "Word Document (.docx), then check that")),
)
"""Files a clerk gives ``check`` by mistake, known by their first bytes, and what to do instead."""


def check_document(source, strict: bool = False) -> list[Violation]:
    """Returns every violation of nd30.md in a .docx given as a path or as bytes, with the notes on a draft;
    an empty list when it is clean.

    A fault repeated on several elements is one violation with its count. A
    draft's blank number and day are notes (the văn thư writes them at
    issuance); ``strict``, for a document about to be issued, makes them
    violations. Raises UsageError when the file cannot be read as a .docx.
    """
    name = str(source) if isinstance(source, (str, Path)) else "<bytes>"
    data = b""
    with paused():
        try:
            data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
            doc = read_document(Package(data))
        except (OSError, ValueError) as exc:
            kind = next((message for magic, message in NOT_DOCX if data.startswith(magic)), None)
            raise UsageError(_(kind, file=name) if kind else _("cannot read %(file)s as a .docx: %(error)s", file=name,
                                                                 error=str(exc))) from None
        layout = find_layout(doc)
        found = (check_page(doc, layout) + check_page_number(doc, layout) + check_text(doc) + check_header(doc, layout)
                 + check_title(doc, layout) + check_body(doc, layout) + check_signature(doc, layout)
                 + check_annexes(doc, layout))
    if layout.kind == "form":
        found = [v for v in found if v.code not in NOT_FOR_FORMS]
    if strict:
        found = [replace(v, note=False) for v in found]
    return sorted(once(found), key=lambda v: (v.note, AREAS.index(v.area)))


def once(found: list[Violation]) -> list[Violation]:
    """Returns the violations with each fault of a repeated pattern (same rule, area, finding) once, with its count."""
    groups: dict = {}
    for v in found:
        groups.setdefault((v.code, v.area, v.found, v.expected, v.note), []).append(v)
    out = []
    for same in groups.values():
        first = same[0]
        count = sum(v.count for v in same)
        where = first.where if len(same) == 1 else joined(
            _m("%(where)s and %(count)s more paragraphs", where=first.where, count=count - first.count))
        out.append(replace(first, where=where, count=count))
    return out


def check_files(paths: list[Path], strict: bool = False) -> dict[Path, list[Violation]]:
    """Returns the violations and notes of each file, in the order given."""
    return {Path(path): check_document(Path(path), strict) for path in paths}


AREA_NAMES = {"page": N_("Page"), "header": N_("Header"), "title": N_("Title"), "body": N_("Body"), "signature": N_("Signature"),
              "annex": N_("Annex")}


def format_report(results: dict[Path, list[Violation]], as_json: bool = False) -> str:
    """Returns the report of ``check_files``: JSON (a list of violations with their file) or text grouped by area, one line per violation."""
    if as_json:
        return json.dumps([dict(file=str(path), **v.as_dict()) for path, found in results.items() for v in found],
                          ensure_ascii=False, indent=2)
    lines = []
    for path, found in results.items():
        faults = [v for v in found if not v.note]
        if not faults:
            lines.append(_("%(file)s: no layout violation", file=str(path)))
        else:
            lines.append(_("%(file)s: %(count)s layout violations", file=str(path), count=len(faults)))
        for area in AREAS:
            in_area = [v for v in faults if v.area == area]
            if in_area:
                lines.append("  " + _(AREA_NAMES[area]))
            lines += ["    " + violation_text(v) for v in in_area]
        notes = [v for v in found if v.note]
        if notes:
            lines.append("  " + _("Notes (a draft: not violations; --strict counts them)"))
            lines += ["    " + violation_text(v) for v in notes]
    return "\n".join(lines)


def violation_text(v: Violation) -> str:
    """Returns one violation as the clerk reads it: "[SO] …: found …; expected …"."""
    return _("[%(code)s] %(where)s: found %(found)s; expected %(expected)s", code=v.code, where=v.where,
             found=v.found, expected=v.expected)
