"""The areas of a document, found by landmarks rather than by our own style names.

- header: the table (or the first paragraphs) holding the Quốc hiệu, plus the
  blocks right after it that hold the số, the V/v of a công văn and the date
  when they are not in it; its left column (cơ quan, số, V/v) and right
  column (Quốc hiệu, Tiêu ngữ, date). A header typed without a table, its
  columns set by tabs or spaces, is cut at the gap of each line;
- title: the tên loại (a known name, or a short UPPER line), the trích yếu
  under it, the empty lines that may carry its rule, the "Kính gửi" lines;
- annexes: from the first "Phụ lục" heading, or the first second Quốc hiệu
  (an attached form, a quy chế issued with a quyết định), to the end: never
  body, signature or Nơi nhận;
- signature: the last table holding "Nơi nhận" before the annexes (or the
  paragraphs from it), else the short lines that close the main text;
- body: the top-level blocks in between.

Header, title and signature elements are compared line by line, since they
are often typed as lines of one paragraph.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from generator.checker.document import Doc, Para, has_letters, lines_of, split_gap, split_lines
from generator.checker.nd30 import FORMS, QUOC_HIEU, TEN_LOAI, TYPE_CODES
from generator.i18n import without_diacritics
from generator.ooxml import qn


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Returns text for matching: NFC, case-folded, one space between words, old tone placement "hoà" → "hòa".

    Remembered for the last texts: a data table repeats its numbers, and
    each line is matched against several landmarks.
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    return text.replace("hoà", "hòa")


@lru_cache(maxsize=4096)
def bare(text: str) -> str:
    """Returns folded text without diacritics, to recognise a fixed text that is misspelt ("Nơi nhân", "CÔNG HÒA")."""
    return without_diacritics(fold(text))


FOLDED_QH = fold(QUOC_HIEU)


def is_qh(para: Para) -> bool:
    """Returns True for the Quốc hiệu, also misspelt ("CÔNG HÒA …", "… XÃ HỘI NGHĨA …") when it stands alone on its line."""
    folded = fold(para.text)
    if FOLDED_QH in folded:
        return True
    return len(folded) < 50 and bare(folded).startswith("co") and SequenceMatcher(None, folded, FOLDED_QH).ratio() >= 0.85


def is_so(para: Para) -> bool:
    return re.match(r"số\s*[:.]?\s*[\d/ ]", fold(para.text) + " ") is not None


def is_date(para: Para) -> bool:
    """Returns True for a place-and-date line ("Bình Minh, ngày 09 tháng 02 năm 2023"), not for a V/v or a sentence citing a date."""
    folded = fold(para.text)
    if folded.startswith("v/v") or len(folded) > 80:
        return False
    return re.search(r"ngày\s*\S*\s*tháng\s*\S*\s*năm", folded) is not None or re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", folded) is not None


def is_vv(para: Para) -> bool:
    return re.match(r"(v\s*/\s*v|về việc)\b", fold(para.text)) is not None


def is_nn(para: Para) -> bool:
    return bare(para.text).replace(" ", "").startswith("noinhan")


def is_annex_label(para: Para) -> bool:
    """Returns True for an annex heading: "Phụ lục", "PHỤ LỤC II", "Phụ lục 1" alone on its line."""
    return re.fullmatch(r"phụ lục(\s+([ivxlc]+|\d+|số\s*\d+))?\s*[.:]?", fold(para.text)) is not None


@dataclass
class Layout:
    """Where each element of nd30.md is in a document; empty lists and None for what is not there.

    ``kind`` is the document's type code (BC, QĐ, TB…), "CV" for a công văn
    (a V/v under its number and no tên loại), "form" for an internal form
    (phiếu trình), None when it cannot be told;
    ``annexes`` holds the lines of each annex (or attached form), in order.
    """

    header: list
    left: list
    right: list
    tl: Para | None
    ty: list
    after_ty: list
    kg: list
    body: list
    body_blocks: list
    signature: list
    sign_right: list
    nn: Para | None
    nn_list: list
    qh_in_table: bool
    qh: Para | None = None
    vv: list = None
    kind: str | None = None
    annexes: list = None
    annex_blocks: list = None
    annex_starts: list = None
    below_title: list = None
    """The empty lines under the trích yếu and the first text after them: where its rule may be drawn."""


def _pieces(p: Para) -> list[Para]:
    """Returns a line, or its two columns when it is laid out by hand (in a table cell: a line placed by leading spaces)."""
    pieces = split_gap(p)
    return pieces if p.tc is None or len(pieces) == 1 else [p]


def _find_qh(doc: Doc, start: int = 0, stop: int | None = None) -> tuple[int, Para | None]:
    """Returns the block index of the first Quốc hiệu from ``start`` (-1 if none) and its line."""
    for i in range(start, len(doc.blocks) if stop is None else stop):
        for p in doc.block_paras[i]:
            if not has_letters(p.text) or "co" not in bare(p.text):
                continue  # a figure of a data table, or text without the "co" every Quốc hiệu (misspelt too) begins with
            for piece in (q for line in lines_of(p) for q in _pieces(line)):
                if is_qh(piece):
                    return i, piece
    return -1, None


def _header_extent(doc: Doc) -> tuple[int, Para | None]:
    """Returns the index of the last header block (-1 without a Quốc hiệu) and the Quốc hiệu's Para."""
    qh_block, qh = _find_qh(doc, 0, min(len(doc.blocks), 12))
    if qh is None:
        return -1, None
    end = qh_block
    lines = [piece for p in doc.block_paras[qh_block] for line in lines_of(p) for piece in _pieces(line)]
    for kind in (is_so, is_date):
        if any(kind(p) for p in lines):
            continue
        for j in range(qh_block + 1, min(qh_block + 6, len(doc.blocks))):
            if doc.blocks[j].tag == qn("w:p") and _looks_like_tl(doc.paras[doc.blocks[j]]) and not is_so(doc.paras[doc.blocks[j]]):
                break  # the title: the header ends above it
            found = [piece for p in doc.block_paras[j] for line in lines_of(p) for piece in _pieces(line)]
            if any(kind(p) for p in found):
                end = max(end, j)
                break
    # The V/v of a công văn right under the số (when it is not in the header table), and its lines.
    k = end + 1
    while k < len(doc.blocks) and doc.blocks[k].tag == qn("w:p") and doc.paras[doc.blocks[k]].empty:
        k += 1
    if k < len(doc.blocks) and doc.blocks[k].tag == qn("w:p") and is_vv(doc.paras[doc.blocks[k]]):
        end = k
        while end + 1 < len(doc.blocks) and doc.blocks[end + 1].tag == qn("w:p"):
            p = doc.paras[doc.blocks[end + 1]]
            if p.empty or is_kg(p) or p.fmt.align == "justify" or len(p.clean) > 80:
                break
            end += 1
    return end, qh


def _hand_column(piece: Para, pieces: list[Para]) -> str:
    """Returns "left" or "right" for a part of a hand-laid header line."""
    if len(pieces) == 2:
        return "left" if piece is pieces[0] else "right"
    if is_qh(piece) or is_date(piece) or "độc lập" in fold(piece.text):
        return "right"
    return "left"


def _columns(doc: Doc, header: list, qh: Para) -> tuple[list, list]:
    """Returns the header's left column (cơ quan, số, V/v) and right column (Quốc hiệu, date) lines."""
    lines = split_lines(header)
    if qh.tc is None:
        left, right = [], []
        for line in lines:
            if line.empty:
                left.append(line)
                right.append(line)
                continue
            pieces = _pieces(line)
            for piece in pieces:
                (left if _hand_column(piece, pieces) == "left" else right).append(piece)
        return left, right
    table = qh.tc.row.table
    qh_col = qh.tc.col
    left, right = [], []
    for p in [piece for line in lines for piece in _pieces(line)]:
        own = next((tc for tc in p.tc.enclosing() if tc.row.table is table), None) if p.tc is not None else None
        if own is not None and own.col < qh_col:
            left.append(p)
        elif own is not None:
            right.append(p)
        elif is_so(p) or is_vv(p):
            left.append(p)
        else:
            right.append(p)
    return left, right


def heading_kind(para: Para) -> str | None:
    """Returns "muc" for ``I. …``, "khoan" for ``1. …``, "centred" for a short bold centred line ("QUYẾT ĐỊNH:",
    "Chương I"), None for text (a long numbered sentence is text)."""
    text = para.clean
    if re.match(r"^[IVXLC]+\.\s+\S", text):
        return "muc"
    if re.match(r"^\d+\.\s+\S", text) and not text.endswith((".", ";")) and len(text) <= 150:
        return "khoan"
    if re.match(r"^\d+(\.\d+)*\.\s+\S", text) and len(text) <= 150 and text[-1:] not in ".;":
        return "sub"
    short = len(text.split()) <= 12 and bool(para.runs) and para.all("bold")
    if short and (para.fmt.align == "center" or text.isupper()) or re.match(r"^chương\s+[ivxlc\d]+$", fold(text)):
        return "centred"
    return None


def _looks_like_tl(para: Para) -> bool:
    text = para.clean
    if fold(text) in TEN_LOAI or fold(text) in FORMS or text.isupper() and any(fold(text).startswith(name + " ") for name in TEN_LOAI):
        return True
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and text.upper() == text and len(text.split()) <= 5 and not heading_kind(para) in ("muc", "khoan")


def is_kg(para: Para) -> bool:
    return bare(para.text).replace(" ", "").startswith("kinhgui")


def _title(seq: list[tuple[int, Para]]):
    """Returns (tên loại, trích yếu lines, empty lines under it, Kính gửi lines, index in ``seq`` of the last title line).

    ``seq`` holds the lines of the top-level paragraphs after the header, with
    their block index. Without a tên loại, all is empty and the index points
    at the Kính gửi lines of a công văn (or is -1). A quyết định's thẩm quyền
    line ("CỤC TRƯỞNG CỤC THUẾ …", UPPER under the trích yếu) closes the title.
    """
    k = next((i for i, (_j, p) in enumerate(seq) if not p.empty), None)
    tl, ty, after, end = None, [], [], -1
    if k is not None and _looks_like_tl(seq[k][1]) and not is_kg(seq[k][1]):
        tl, end = seq[k][1], k
        k = next((i for i in range(end + 1, len(seq)) if not seq[i][1].empty), None)
        nxt = seq[k][1] if k is not None else None
        title_like = nxt is not None and (nxt.fmt.align == "center" or nxt.all("bold")
                                          or len(nxt.clean) <= 150 and not nxt.clean.endswith((".", ":", ";")))
        if title_like and not is_kg(seq[k][1]) and heading_kind(seq[k][1]) not in ("muc", "khoan") \
                and fold(tl.clean) in TEN_LOAI:
            ty, end = [seq[k][1]], k
            while end + 1 < len(seq):
                p = seq[end + 1][1]
                alike = p.fmt.align == "center" == ty[0].fmt.align and p.all("bold") == ty[0].all("bold")
                upper = p.clean.isupper() and not ty[0].clean.isupper()
                if p.empty or is_kg(p) or upper or not (p.el is ty[-1].el or alike):
                    break
                ty.append(p)
                end += 1
        while end + 1 < len(seq) and seq[end + 1][1].empty and len(after) < 3:
            after.append(seq[end + 1][1])
            end += 1
        nxt = next((i for i in range(end + 1, len(seq)) if not seq[i][1].empty), None)
        if nxt is not None and fold(tl.clean) == "quyết định" and seq[nxt][1].clean.isupper() and seq[nxt][1].fmt.align == "center":
            end = nxt
    kg = []
    nxt = next((i for i in range(end + 1, len(seq)) if not seq[i][1].empty), None)
    if nxt is not None and is_kg(seq[nxt][1]) and (tl is not None or nxt - end <= 4):
        end = nxt
        kg.append(seq[end][1])
        while end + 1 < len(seq) and re.match(r"^\s*[-–]", seq[end + 1][1].text.lstrip("\t ")) and seq[end + 1][1].fmt.align != "justify":
            kg.append(seq[end + 1][1])
            end += 1
    return tl, ty, after, kg, end


def _signature(signature: list[Para]):
    """Returns (the Nơi nhận line, the recipient lines under it, the lines of the other column) of the signature area."""
    lines = split_lines(signature)
    nn = next((p for p in lines if is_nn(p)), None)
    if nn is None:
        return None, [], []
    if nn.tc is None:
        recipients, right, seen = [], [], False
        for line in lines:
            pieces = _pieces(line)
            for piece in pieces:
                if is_nn(piece):
                    nn, seen = piece, True
                elif seen and piece is pieces[0] and (len(pieces) == 2 or re.match(r"^\s*[-–+]", piece.text)):
                    recipients.append(piece)
                elif not piece.empty:
                    right.append(piece)
        return nn, [p for p in recipients if not p.empty], right
    after = lines[lines.index(nn) + 1:]
    table = nn.tc.row.table
    recipients = [p for p in after if p.tc is nn.tc and not p.empty]
    right = [piece for p in lines if p.tc is not None and p.tc is not nn.tc
             and p.tc.row.table is table and p.tc.col != nn.tc.col for piece in _pieces(p)]
    return nn, recipients, right


def _holds_qh(doc: Doc, i: int, searched: dict) -> bool:
    """Returns True when block ``i`` holds a Quốc hiệu; ``searched`` remembers the blocks already searched."""
    if i not in searched:
        searched[i] = _find_qh(doc, i, i + 1)[1] is not None
    return searched[i]


def _annex_start(doc: Doc, after: int, searched: dict) -> int:
    """Returns the first block of the annexes and attached forms (len(blocks) when there is none).

    An annex starts at a "Phụ lục" heading, or at a second Quốc hiệu (a form
    or a quy chế with its own header), taking with it the title lines above
    it on the same page (a header table sits at the top of its page).
    """
    for i in range(after + 1, len(doc.blocks)):
        items = doc.block_paras[i]
        if doc.blocks[i].tag == qn("w:p") and is_annex_label(items[0]) or _holds_qh(doc, i, searched):
            return i
    return len(doc.blocks)


def _trailing_signature(doc: Doc, blocks: list[int]) -> int:
    """Returns the first block of a signature typed without a Nơi nhận: the short lines after the last sentence.

    A main text closes with a sentence ending "./." or "."; what follows it
    (the chức vụ, the signer's name) is signature, not body.
    """
    for k in range(len(blocks) - 1, -1, -1):
        j = blocks[k]
        if doc.blocks[j].tag != qn("w:p"):
            short = all(p.empty or not p.clean.endswith((".", ";", ":")) and len(p.clean) <= 60 for p in doc.block_paras[j])
            if short and k == len(blocks) - 1 or short and all(doc.paras[doc.blocks[i]].empty for i in blocks[k + 1:]
                                                                if doc.blocks[i].tag == qn("w:p")):
                continue  # a signature table without a Nơi nhận
            return blocks[k + 1] if k + 1 < len(blocks) else len(doc.blocks)
        p = doc.paras[doc.blocks[j]]
        if not p.empty and not is_nn(p) and (p.clean.endswith((".", ";", ":")) or len(p.clean) > 90):
            return blocks[k + 1] if k + 1 < len(blocks) else j + 1
    return blocks[0] if blocks else len(doc.blocks)


def _vv_lines(left: list[Para]) -> list[Para]:
    """Returns the lines of a công văn's trích yếu: "V/v …" (or "Về việc …") right under the số, to the next empty line."""
    so = next((i for i, p in enumerate(left) if is_so(p)), None)
    if so is None:
        return []
    start = next((i for i in range(so + 1, min(so + 4, len(left))) if is_vv(left[i])), None)
    if start is None:
        return []
    lines = [left[start]]
    for p in left[start + 1:]:
        if p.empty or p.tc is not lines[0].tc:
            break
        lines.append(p)
    return lines


def document_kind(tl: Para | None, left: list[Para]) -> str | None:
    """Returns the type code the document's tên loại names, "CV" for a công văn, None when it cannot be told."""
    if tl is not None and fold(tl.clean) in FORMS:
        return "form"
    if tl is not None:
        return TEN_LOAI.get(fold(tl.clean))
    so = next((p for p in left if is_so(p)), None)
    if any(is_vv(p) for p in left):
        return "CV"
    code = unicodedata.normalize("NFC", so.text).partition("/")[2].partition("-")[0].strip() if so else ""
    return code if code in TYPE_CODES else None


def find_layout(doc: Doc) -> Layout:
    """Returns the elements of the document found by landmarks (see the module docstring).

    It also sets the ``area`` of each paragraph of ``doc``, which every rule reports.
    """
    header_end, qh = _header_extent(doc)
    header = [p for items in doc.block_paras[: header_end + 1] for p in items]
    left, right = _columns(doc, header, qh) if qh is not None else ([], [])
    searched: dict = {}  # a long table is searched for a second Quốc hiệu once, not again to cut the annexes
    annex = _annex_start(doc, max(header_end, 0), searched)
    nn_block = max((i for i, items in enumerate(doc.block_paras[:annex]) if i > header_end and any(is_nn(p) for p in items)),
                   default=None)
    first_table = next((j for j in range(header_end + 1, nn_block or annex) if doc.blocks[j].tag == qn("w:tbl")), nn_block or annex)
    seq = [(j, line) for j in range(header_end + 1, first_table) for line in lines_of(doc.paras[doc.blocks[j]])]
    tl, ty, after_ty, kg, title_end = _title(seq)
    last_title = (ty or [tl])[-1]
    at = next((i for i, (_j, p) in enumerate(seq) if p is last_title), None)
    below_title = []
    for _j, p in seq[at + 1:] if at is not None else []:
        below_title.append(p)
        if not p.empty:
            break
    title_block = seq[title_end][0] if title_end >= 0 else header_end
    if nn_block is None:
        nn_block = _trailing_signature(doc, list(range(title_block + 1, annex)))
    elif doc.blocks[nn_block].tag == qn("w:p"):
        # A hand-laid signature may stand above its Nơi nhận.
        nn_block = _trailing_signature(doc, list(range(title_block + 1, nn_block + 1)))
    signature = [p for items in doc.block_paras[nn_block:annex] for p in items]
    annex_paras = [p for items in doc.block_paras[annex:] for p in items]
    for area, items in (("header", header), ("signature", signature), ("annex", annex_paras),
                        ("title", [doc.paras[doc.blocks[j]] for j in range(header_end + 1, title_block + 1)])):
        for p in items:
            p.area = area
    for p in [tl] + ty + after_ty + kg:
        if p is not None:
            p.area = "title"
    body_blocks = list(range(title_block + 1, nn_block))
    body = [doc.paras[doc.blocks[j]] for j in body_blocks if doc.blocks[j].tag == qn("w:p")]
    nn, nn_list, sign_right = _signature(signature)
    if nn is None:
        last_col = max((p.tc.col for p in signature if p.tc is not None), default=0)
        sign_right = [piece for line in split_lines(signature) for piece in _pieces(line)[-1:]
                      if not piece.empty and (line.tc is None or line.tc.col == last_col)]
    for piece in [nn] + nn_list + sign_right:
        if piece is not None:
            piece.area = "signature"
    for piece in left + right:
        piece.area = "header"
    annexes, starts = [], []
    for i in range(annex, len(doc.blocks)):
        if not starts or doc.blocks[i].tag == qn("w:p") and is_annex_label(doc.block_paras[i][0]) or (
                _holds_qh(doc, i, searched)):
            annexes.append([])
            starts.append(i)
        annexes[-1] += split_lines(doc.block_paras[i])
    vv = _vv_lines(left)
    return Layout(split_lines(header), left, right, tl, ty, after_ty, kg, body, body_blocks, signature,
                  sign_right, nn, nn_list, qh is not None and qh.tc is not None, qh, vv,
                  document_kind(tl, left), annexes, list(range(annex, len(doc.blocks))), starts, below_title)
