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
    "MN", "MG", "TH", "THCS", "THPT", "PTDTNT", "PTDTBT", "PTCS", "TH&THCS", "THCS&THPT", "VÀ", "-",
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


def break_name(name: str, fits: Callable[[str], bool]) -> tuple[str, str] | None:
    """Returns the two lines a name too long for its column breaks into, None when it fits or cannot break well.

    ``fits`` says whether a line of text fits the column. The break goes,
    by preference: right after the kind of unit; before a "VÀ" of the kind;
    between other words of the kind, as late as fits; after the level of a
    place name that follows a department ("… ĐÀO TẠO / HUYỆN THANH OAI" is
    the kind's end already); for a kind not known here, the last place that
    leaves two words below. Never inside the proper name: a name whose own
    part needs two lines, or a one-word name, is left for Word to wrap (None).
    """
    tokens = words(name)
    if fits(" ".join(tokens)) or len(tokens) < 2:
        return None
    kind = kind_length(tokens)
    choices = []
    for cut in range(1, len(tokens)):
        first, second = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        if not (fits(first) and fits(second)):
            continue
        if cut == kind:
            rank = 0
        elif cut < kind and tokens[cut] == "VÀ":
            rank = 1
        elif cut < kind:
            rank = 2
        elif tokens[cut - 1] in LEVELS and cut - 1 >= kind:
            rank = 3
        elif kind == 0 and len(tokens) - cut >= 2:
            rank = 4  # a kind this module does not know: at least two words on the second line
        else:
            continue  # inside the proper name
        choices.append((rank, -cut, first, second))
    if not choices:
        return None
    _rank, _cut, first, second = min(choices)
    return first, second
