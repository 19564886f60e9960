"""The rules of spec/nd30.md as the checker needs them: the fixed texts, the codes and lists, the tolerances."""
from __future__ import annotations

import re

from generator.ooxml import TWIPS_PER_MM

AREAS = ("page", "header", "title", "body", "signature", "annex")
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TYPE_CODES = {"BC", "KH", "TTr", "TB", "QĐ", "HD", "CTr", "QC", "QyĐ", "PA", "ĐA"}
TEN_LOAI = {"báo cáo": "BC", "kế hoạch": "KH", "tờ trình": "TTr", "thông báo": "TB", "quyết định": "QĐ",
            "hướng dẫn": "HD", "chương trình": "CTr", "quy chế": "QC", "quy định": "QyĐ", "phương án": "PA",
            "đề án": "ĐA"}
"""Tên loại (case-folded) → its type code in the số, ký hiệu."""
FORMS = ("phiếu trình", "phiếu chuyển", "phiếu xử lý", "phiếu báo")
"""Internal forms that carry the standard header but are not a type of Nghị định 30: no date line, signature or Nơi nhận of its kind."""
NOT_FOR_FORMS = {"DATE", "TL", "TY", "TY-RULE", "KG", "BODY", "HEAD", "CANCU", "END", "SIGN", "SIGNER", "NN", "NN-LIST"}
ITEM_LETTERS = "abcdđeghiklmnopqrstuvxy"
LEFTOVER_TOKENS = ("{{", "}}", "{%", "%}", "{#")
SIGN_PREFIXES = ("KT", "TM", "Q", "TL", "TUQ")
TITLES_BEFORE_NAME = re.compile(
    r"^(((th\.?\s?s|t\.?\s?s|pgs|gs|cn|ks|bs|ngưt|ngnd)\.?(\s?(ts|ths)\.?)?)|(ông|bà|thầy|cô|đ/c|đồng chí))\s", re.IGNORECASE)
"""Titles and forms of address before a signer's name ("ThS.", "Th.s", "PGS.TS.", "Ông")."""
FONT_NAME = "Times New Roman"

VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
LEGACY_CHARS = {chr(c) for c in range(0xA1, 0x100)} - VIETNAMESE_LATIN1 - set("°±§©®«»×÷")
"""Latin-1 signs that no Vietnamese word holds: TCVN3 and VNI text shows them inside words ("nhµ", "häc")."""
LEGACY_FONT = re.compile(r"^(\.Vn|VNI[- ]|VNtimes)", re.IGNORECASE)

MM = TWIPS_PER_MM
RULE_TOLERANCE = 0.10
"""TN-RULE may differ from the Tiêu ngữ's text width by this share."""
SHORT_RULE = (1 / 3 * (1 - RULE_TOLERANCE), 1 / 2 * (1 + RULE_TOLERANCE))
"""CQ-RULE and TY-RULE: share of the longest line above. Rules are drawn by hand to "a third or a half" of a
text measured within 5 % of how it is set: like TN-RULE, they may differ by 10 % from the share."""
SIGNATURE_SPACE_LINES = 3
"""Least room for signature and seal, in single lines of 14 pt ("about 4 empty lines", one of slack)."""
