"""Where a unit's name breaks when it is too long for its header column: after the kind of unit.

A reader of official documents breaks "UBND PHƯỜNG HOÀNG VĂN THỤ" as
"UBND PHƯỜNG / HOÀNG VĂN THỤ" and "TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN TRÃI" as
"TRƯỜNG TRUNG HỌC CƠ SỞ / NGUYỄN TRÃI": the kind of unit on the first line,
its proper name whole on the second; never inside a proper name, never inside
a word of two syllables ("CƠ SỞ", "TIỂU HỌC"). When the kind itself is too
long it breaks before its "VÀ" ("PHÒNG GIÁO DỤC / VÀ ĐÀO TẠO").
"""
from __future__ import annotations

import unicodedata
from typing import Callable

WORDS = (
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "TRUNG HỌC CƠ SỞ", "TRUNG HỌC PHỔ THÔNG", "GIÁO DỤC THƯỜNG XUYÊN",
    "PHỔ THÔNG DÂN TỘC NỘI TRÚ", "PHỔ THÔNG DÂN TỘC BÁN TRÚ", "TIỂU HỌC", "TRUNG HỌC", "PHỔ THÔNG", "MẦM NON",
    "MẪU GIÁO", "NHÀ TRẺ", "LIÊN CẤP", "CƠ SỞ", "GIÁO DỤC", "ĐÀO TẠO", "NHÂN DÂN", "THÀNH PHỐ", "THỊ XÃ",
    "THỊ TRẤN", "ĐẶC KHU", "DÂN TỘC", "NỘI TRÚ", "BÁN TRÚ", "TRUNG TÂM", "HỘI ĐỒNG", "NỘI VỤ", "VĂN HÓA",
    "XÃ HỘI", "THƯỜNG XUYÊN", "KINH TẾ", "TÀI CHÍNH", "KẾ HOẠCH", "Y TẾ", "NGHỀ NGHIỆP", "HƯỚNG NGHIỆP",
)
"""Words of two syllables or more (and fixed phrases) that a line break never splits, longest first when matched."""

LEVELS = {"PHƯỜNG", "XÃ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "THÀNH PHỐ", "TỈNH", "ĐẶC KHU"}
"""Administrative levels: part of the kind after UBND ("UBND PHƯỜNG"), the start of a place name after a department."""

COUNCILS = {"UBND", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HĐND"}
SCHOOLS = {"TRƯỜNG"}
SCHOOL_KINDS = {
    "MẦM NON", "MẪU GIÁO", "NHÀ TRẺ", "TIỂU HỌC", "TRUNG HỌC CƠ SỞ", "TRUNG HỌC PHỔ THÔNG", "TRUNG HỌC", "PHỔ THÔNG",
    "PHỔ THÔNG DÂN TỘC NỘI TRÚ", "PHỔ THÔNG DÂN TỘC BÁN TRÚ", "LIÊN CẤP", "CƠ SỞ", "DÂN TỘC", "NỘI TRÚ", "BÁN TRÚ",
    "MN", "MG", "TH", "THCS", "THPT", "PTDTNT", "PTDTBT", "PTCS", "TH&THCS", "THCS&THPT", "VÀ", "-", "CHUYÊN",
}
DEPARTMENTS = {"PHÒNG", "SỞ", "BAN", "TRUNG TÂM", "HỘI ĐỒNG", "BỘ"}


def words(name: str) -> list[str]:
    """Returns the words of an upper-case name, a word of several syllables as one ("TRUNG HỌC CƠ SỞ")."""
    syllables = unicodedata.normalize("NFC", name).split()
    out, i = [], 0
    while i < len(syllables):
        for size in range(min(6, len(syllables) - i), 1, -1):
            candidate = " ".join(syllables[i:i + size])
            if candidate in WORDS:
                out.append(candidate)
                i += size
                break
        else:
            out.append(syllables[i])
            i += 1
    return out


def kind_length(tokens: list[str]) -> int:
    """Returns how many of the words name the kind of unit ("UBND PHƯỜNG", "TRƯỜNG TIỂU HỌC"); 0 when none is known."""
    if not tokens:
        return 0
    head = tokens[0]
    if head in COUNCILS:
        return 2 if len(tokens) > 1 and tokens[1] in LEVELS else 1
    if head in SCHOOLS:
        n = 1
        while n < len(tokens) and tokens[n] in SCHOOL_KINDS:
            n += 1
        return n
    if head in DEPARTMENTS:
        n = 1
        while n < len(tokens) and tokens[n] not in LEVELS:
            n += 1
        return n
    return 0


def break_name(name: str, fits: Callable[[str], bool], most: int = 3) -> list[str] | None:
    """Returns the lines a name is set in: ``[name]`` when it fits, else two or three lines; None when it cannot break well.

    ``fits`` says whether a line of text fits the column. Fewer lines win;
    among as many lines, the breaks go by preference right after the kind of
    unit; before a "VÀ" of the kind (never after it); between other words of
    the kind, as late as fits; after the level word of a place name. Once
    broken, no line mixes words of the kind with words of the proper name.
    For a kind this module does not know, the last place that leaves two words
    below. Never inside a word of :data:`WORDS`, never inside the proper name:
    a name whose own part does not fit a line, or a one-word name, is None
    (left for Word to wrap).
    """
    tokens = words(name)
    if fits(" ".join(tokens)):
        return [" ".join(tokens)]
    return _lines(tokens, kind_length(tokens), kind_length(tokens) > 0, fits, most)


def _lines(tokens: list[str], kind: int, known: bool, fits, most: int) -> list[str] | None:
    """Returns the best lines for ``tokens``, whose first ``kind`` words name the kind of unit; None when none is good.

    Once broken, a line holds words of the kind or words of the name, not both.
    """
    if (kind == 0 or kind >= len(tokens)) and fits(" ".join(tokens)):
        return [" ".join(tokens)]
    best = None
    for cut in range(1, len(tokens)) if most > 1 else ():
        first = " ".join(tokens[:cut])
        rank = _rank(tokens, cut, kind, known)
        if rank is None or not fits(first):
            continue
        rest = _lines(tokens[cut:], max(kind - cut, 0), known, fits, most - 1)
        if rest is not None and (best is None or (len(rest), rank, -cut) < best[0]):
            best = ((len(rest), rank, -cut), [first] + rest)
    return best[1] if best else None


def _rank(tokens: list[str], cut: int, kind: int, known: bool) -> int | None:
    """Returns how good a break before word ``cut`` is (0 best), None where a reader would never break."""
    if tokens[cut - 1] == "VÀ":
        return None  # a line never ends on "và"
    if cut == kind:
        return 0
    if cut < kind:
        return 1 if tokens[cut] == "VÀ" else 2
    if tokens[cut - 1] in LEVELS:
        return 3
    if not known and len(tokens) - cut >= 2:
        return 4
    return None
