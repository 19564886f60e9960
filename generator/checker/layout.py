"""The areas of a document, found by landmarks rather than by our own style names.

- header: the table (or the first paragraphs) holding the Quốc hiệu, plus the
  blocks right after it that hold the số and the date when they are not in it;
  its left column (cơ quan, số) and right column (Quốc hiệu, Tiêu ngữ, date);
- title: the tên loại (a known name, or a short UPPER line), the trích yếu
  under it, the empty lines that may carry its rule, the "Kính gửi" lines;
- signature: the last table holding "Nơi nhận" (or the paragraphs from it);
- body: the top-level blocks in between.

Header, title and signature elements are compared line by line, since they
are often typed as lines of one paragraph.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.checker.document import Doc, Para, lines_of, split_lines
from generator.checker.nd30 import QUOC_HIEU, TEN_LOAI
from generator.ooxml import cell_column, qn


def fold(text: str) -> str:
    """Returns text for matching: NFC, case-folded, one space between words, old tone placement "hoà" → "hòa"."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    return text.replace("hoà", "hòa")


def is_qh(para: Para) -> bool:
    return fold(QUOC_HIEU) in fold(para.text)


def is_so(para: Para) -> bool:
    return re.match(r"số\s*[:.]?\s*[\d/ ]", fold(para.text) + " ") is not None


def is_date(para: Para) -> bool:
    folded = fold(para.text)
    return ("ngày" in folded and "năm" in folded) or re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", folded) is not None


def is_nn(para: Para) -> bool:
    return fold(para.text).startswith("nơi nhận")


@dataclass
class Layout:
    """Where each element of nd30.md is in a document; empty lists and None for what is not there."""

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


def _header_extent(doc: Doc) -> tuple[int, Para | None]:
    """Returns the index of the last header block (-1 without a Quốc hiệu) and the Quốc hiệu's Para."""
    qh, qh_block = None, -1
    for i, items in enumerate(doc.block_paras):
        qh = next((p for p in items if is_qh(p)), None)
        if qh is not None:
            qh_block = i
            break
    if qh is None:
        return -1, None
    end = qh_block
    have = doc.block_paras[qh_block]
    for kind in (is_so, is_date):
        if any(kind(p) for p in have):
            continue
        for j in range(qh_block + 1, min(qh_block + 4, len(doc.blocks))):
            if any(kind(p) for p in doc.block_paras[j]):
                end = max(end, j)
                break
    return end, qh


def _columns(doc: Doc, header: list, qh: Para) -> tuple[list, list]:
    """Returns the header's left column (cơ quan, số) and right column (Quốc hiệu, date) paragraphs."""
    if qh.tc is None:
        index = header.index(qh)
        return [p for p in header[:index] if p.tc is None], header[index:]
    table = next(qh.tc.iterancestors(qn("w:tbl")))
    qh_col = cell_column(qh.tc)[0]
    left, right = [], []
    for p in header:
        own = next((tc for tc in p.el.iterancestors(qn("w:tc")) if next(tc.iterancestors(qn("w:tbl"))) is table), None)
        if own is not None and cell_column(own)[0] < qh_col:
            left.append(p)
        elif own is not None:
            right.append(p)
        elif is_so(p):
            left.append(p)
        else:
            right.append(p)
    return left, right


def heading_kind(para: Para) -> str | None:
    """Returns "muc" for ``I. …``, "khoan" for ``1. …``, None for text (a long numbered sentence is text)."""
    text = para.clean
    if re.match(r"^[IVXLC]+\.\s+\S", text):
        return "muc"
    if re.match(r"^\d+(\.\d+)*\.\s+\S", text) and not (len(text) > 150 and text[-1] in ".;:"):
        return "khoan"
    return None


def _looks_like_tl(para: Para) -> bool:
    text = para.clean
    if fold(text) in TEN_LOAI:
        return True
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and text.upper() == text and len(text.split()) <= 5 and not heading_kind(para)


def _is_kg(para: Para) -> bool:
    return fold(para.text).startswith("kính gửi")


def _title(seq: list[tuple[int, Para]]):
    """Returns (tên loại, trích yếu lines, empty lines under it, Kính gửi lines, index in ``seq`` of the last title line).

    ``seq`` holds the lines of the top-level paragraphs after the header, with
    their block index. Without a tên loại, all is empty and the index is -1.
    """
    k = next((i for i, (_j, p) in enumerate(seq) if not p.empty), None)
    if k is None or not _looks_like_tl(seq[k][1]):
        return None, [], [], [], -1
    tl, end, ty = seq[k][1], k, []
    k = next((i for i in range(end + 1, len(seq)) if not seq[i][1].empty), None)
    if k is not None and not _is_kg(seq[k][1]) and not heading_kind(seq[k][1]):
        ty, end = [seq[k][1]], k
        while end + 1 < len(seq):
            p = seq[end + 1][1]
            alike = p.fmt.align == "center" == ty[0].fmt.align and p.all("bold") == ty[0].all("bold")
            if p.empty or _is_kg(p) or not (p.el is ty[-1].el or alike):
                break
            ty.append(p)
            end += 1
    after = []
    while end + 1 < len(seq) and seq[end + 1][1].empty and len(after) < 3:
        after.append(seq[end + 1][1])
        end += 1
    kg = []
    if end + 1 < len(seq) and _is_kg(seq[end + 1][1]):
        kg.append(seq[end + 1][1])
        end += 1
        while end + 1 < len(seq) and seq[end + 1][1].clean.startswith(("-", "–")) and seq[end + 1][1].fmt.align != "justify":
            kg.append(seq[end + 1][1])
            end += 1
    return tl, ty, after, kg, end


def _signature(signature: list[Para]):
    """Returns (the Nơi nhận line, the recipient lines under it, the lines of the other column) of the signature area."""
    lines = split_lines(signature)
    nn = next((p for p in lines if is_nn(p)), None)
    if nn is None:
        return None, [], []
    after = lines[lines.index(nn) + 1:]
    if nn.tc is None:
        return nn, [p for p in after if not p.empty], []
    table = next(nn.tc.iterancestors(qn("w:tbl")))
    column = cell_column(nn.tc)[0]
    recipients = [p for p in after if p.tc is nn.tc and not p.empty]
    right = [p for p in lines if p.tc is not None and p.tc is not nn.tc
             and next(p.tc.iterancestors(qn("w:tbl"))) is table and cell_column(p.tc)[0] != column]
    return nn, recipients, right


def find_layout(doc: Doc) -> Layout:
    """Returns the elements of the document found by landmarks (see the module docstring).

    It also sets the ``area`` of each paragraph of ``doc``, which every rule reports.
    """
    header_end, qh = _header_extent(doc)
    header = [p for items in doc.block_paras[: header_end + 1] for p in items]
    left, right = _columns(doc, header, qh) if qh is not None else ([], [])
    nn_block = max((i for i, items in enumerate(doc.block_paras) if i > header_end and any(is_nn(p) for p in items)),
                   default=len(doc.blocks))
    signature = [p for items in doc.block_paras[nn_block:] for p in items]
    first_table = next((j for j in range(header_end + 1, nn_block) if doc.blocks[j].tag == qn("w:tbl")), nn_block)
    seq = [(j, line) for j in range(header_end + 1, first_table) for line in lines_of(doc.paras[doc.blocks[j]])]
    tl, ty, after_ty, kg, title_end = _title(seq)
    title_block = seq[title_end][0] if title_end >= 0 else header_end
    for area, items in (("header", header), ("signature", signature),
                        ("title", [doc.paras[doc.blocks[j]] for j in range(header_end + 1, title_block + 1)])):
        for p in items:
            p.area = area
    for p in [tl] + ty + after_ty + kg:
        if p is not None:
            p.area = "title"
    body_blocks = list(range(title_block + 1, nn_block))
    body = [doc.paras[doc.blocks[j]] for j in body_blocks if doc.blocks[j].tag == qn("w:p")]
    nn, nn_list, sign_right = _signature(signature)
    return Layout(split_lines(header), split_lines(left), split_lines(right), tl, ty, after_ty, kg, body, body_blocks, signature,
                  sign_right, nn, nn_list, qh is not None and qh.tc is not None)
