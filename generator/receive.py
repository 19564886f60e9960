"""Step 1 of ``tong-hop``, receive: the schools' .docx files → the plain data of their data parts.

This is the loader of received reports, in front of the same validate →
compute → present → render → write steps as ``build``. It reads what the
specialist saved from the schools' e-mails, any names, subfolders included.

Security boundary: every received file is untrusted. Nothing in it is
evaluated or executed; only two zip members are ever read (the data part and
word/document.xml), each through a size guard on its declared and on its
actual (decompressed) size, so that a zip bomb stops at the limit; XML is
parsed by :func:`generator.datapart.parse_xml` (no DTD, no entity). A file
too large, damaged or hostile becomes a warning naming it, never a traceback.
The size limits bound the time spent on any one file.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from generator.datapart import W, UnsafeXml, parse_xml, read_data, text_hash
from generator.errors import Problem
from generator.i18n import _

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A school's report is about 50 KB; with pictures pasted in, a few MB. Anything larger is not one."""
MAX_MEMBERS = 1000
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""word/document.xml, decompressed: a 100-page report is under 2 MB."""
MAX_DATA_BYTES = 2 * 1024 * 1024
"""The data part, decompressed: ours is about 5 KB, and 300 KB with a thousand Biểu 06 rows."""
DATA_PART = re.compile(r"customXml/item\d+\.xml", re.IGNORECASE)
MAGIC = {b"%PDF": "PDF", b"\xd0\xcf\x11\xe0": "Word 97-2003 (.doc)", b"{\\rtf": "RTF"}


@dataclass(frozen=True)
class Received:
    """One received report: where it was, the plain data of its data part, and whether its text is as built."""

    path: Path
    data: dict
    edited: bool


class Refused(Exception):
    """A received file left out; the message says why, in the clerk's words."""


def _member(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Returns a zip member's bytes; raises Refused when its declared or its actual size passes ``limit``."""
    if info.file_size > limit:
        raise Refused(_("a part inside it is too large (%(size)s MB declared): perhaps a zip bomb",
                        size=round(info.file_size / 1048576, 1)))
    with z.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise Refused(_("a part inside it is larger than it declares: perhaps a zip bomb"))
    return data


def _kind(path: Path) -> str | None:
    """Returns what a file that is not a zip package really is ("PDF", …), judged by its first bytes; None if unknown."""
    with path.open("rb") as f:
        head = f.read(8)
    return next((name for magic, name in MAGIC.items() if head.startswith(magic)), None)


def read_report(path: Path) -> Received:
    """Returns the data of the report at ``path``; raises Refused when it is not one of ours or cannot be read safely."""
    if path.suffix.lower() != ".docx":
        raise Refused(_("not a .docx file"))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Refused(_("too large for a report (%(size)s MB)", size=round(size / 1048576, 1)))
    if not zipfile.is_zipfile(path):
        kind = _kind(path)
        raise Refused(_("not a .docx but a %(kind)s file with a .docx name", kind=kind) if kind
                      else _("not a .docx (not a Word package)"))
    with zipfile.ZipFile(path) as z:
        members = z.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused(_("not a .docx (not a Word package)"))
        data = None
        for info in members:
            if DATA_PART.fullmatch(info.filename):
                try:
                    data = read_data(parse_xml(_member(z, info, MAX_DATA_BYTES)))
                except UnsafeXml:
                    raise Refused(_("its data part declares a DTD or entities, which are refused")) from None
                if data is not None:
                    break
        if data is None:
            raise Refused(_("a .docx without cchc-docs data (not made by cchc-docs build)"))
        document = next((i for i in members if i.filename == "word/document.xml"), None)
        if document is None:
            raise Refused(_("not a .docx (not a Word package)"))
        try:
            body = parse_xml(_member(z, document, MAX_DOCUMENT_BYTES)).find(f"{{{W}}}body")
        except UnsafeXml:
            raise Refused(_("its text cannot be read safely (a DTD, entities or broken XML)")) from None
    edited = body is None or text_hash(body) != data.get("sha256")
    return Received(path, data, edited)


def receive(folder: Path) -> tuple[list[Received], list[Problem]]:
    """Returns every report found under ``folder`` (recursively, in name order) and a warning for each file left out."""
    found, problems = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            found.append(read_report(path))
        except Refused as exc:
            problems.append(Problem(path, _("left out: %(why)s", why=str(exc)), warning=True))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError,
                RuntimeError) as exc:  # a damaged or encrypted package: whatever zipfile says, it is left out
            problems.append(Problem(path, _("left out: the file is damaged (%(error)s)", error=str(exc)[:120]), warning=True))
    return found, problems
