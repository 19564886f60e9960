"""Step 2, validate: plain data → domain models, with every problem located and reported at once.

The models check each file's shape (pydantic words what is wrong, see
:mod:`generator.fields`); the functions here check what pydantic cannot say in
the clerk's words: the consistency rules of spec/inputs.md, the
references between files, the calendar. Nothing downstream validates again.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from generator.errors import InputError, Problem
from generator.fields import Invalid
from generator.i18n import N_, _, without_diacritics
from generator.load import Inputs, Source
from generator.models import QUARTERS, TARGET_MARK, DonVi, KeHoach, Report
from generator.periods import data_window
from generator.models import CONTROL_CHARS


@dataclass(frozen=True)
class Valid:
    """The validated inputs of one build, and the warnings found on the way."""

    year: int
    don_vi: DonVi
    ke_hoach: KeHoach
    reports: dict[str, Report]
    warnings: list[Problem] = field(default_factory=list)


LEGACY_CHARS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÆÇÑÖ×ØÜÞßäåæçëîïñö÷øûüþÿ")
"""Characters no Vietnamese Unicode text uses, but text typed in a TCVN3 (.VnTime) or VNI font shows."""


LOST_LETTERS = re.compile(r"\w*[A-Za-zÀ-ÿ]\?+[A-Za-zÀ-ÿ]\w*")
"""A "?" between two Latin letters of one word ("Tr??ng"): what Notepad's ANSI (Windows-1252) makes of the
Vietnamese letters it cannot store; the letters around it are those it can."""

LEGACY_CHAR = re.compile("[" + re.escape("".join(sorted(LEGACY_CHARS))) + "]")


def legacy_font(text: str) -> bool:
    """Returns whether ``text`` looks typed in a TCVN3 or VNI font: two or more of their telltale characters."""
    first = LEGACY_CHAR.search(text)
    return first is not None and LEGACY_CHAR.search(text, first.end()) is not None


def _texts(value, loc=(), found=None) -> list[tuple[tuple, str]]:
    """Returns (key path, text) for every text value of a plain YAML tree, in order.

    A list, not a generator: the texts of a Biểu 06 row stand four levels deep,
    and each would pass up through every level's generator.
    """
    found = [] if found is None else found
    if isinstance(value, str):
        found.append((loc, value))
    elif isinstance(value, (dict, list)):
        for k, v in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(v, str):
                found.append((loc + (k,), v))
            elif isinstance(v, (dict, list)):
                _texts(v, loc + (k,), found)
    return found


def _text_problems(source: Source) -> list[Problem]:
    """Returns an error for each text in a legacy font encoding and a warning for each holding control characters."""
    problems = []
    for loc, value in _texts(source.data):
        if legacy_font(value):
            problems.append(
                source.problem(
                    loc,
                    _("the text is in an old TCVN3/VNI font encoding, not Unicode: %(text)s", text=value[:40]),
                    _("convert it to Unicode (e.g. Unikey: Công cụ chuyển mã, from TCVN3 or VNI to Unicode), then save as UTF-8"),
                )
            )
        lost = LOST_LETTERS.findall(value) if "?" in value else []
        if lost:
            problems.append(source.problem(loc, _(
                "“%(word)s”: a “?” stands where letters were; the file was once saved as ANSI, which lost its Vietnamese "
                "letters", word=", ".join(lost[:3])), _("retype the letters, then save with Encoding: UTF-8")))
        if CONTROL_CHARS.search(value):
            problems.append(source.problem(loc, _("the text holds invisible control characters; they are left out of the document"),
                                           warning=True))
    return problems


def _unfilled(source: Source, draft: bool, plan: bool) -> list[Problem]:
    """Returns a problem for each value still marked "# chưa điền": an error, so that no placeholder
    reaches a document to sign, or a warning for a ``draft``.

    The plan's text (van_ban) counts only when the plan itself is built: no report prints it.
    """
    hint = (_("type the value, then delete the comment “# chưa điền”") if draft else
            _("type the value, then delete the comment “# chưa điền”; to print a draft marked DỰ THẢO anyway, add --draft"))
    return [
        source.problem(loc, _("not filled in yet: “%(key)s”", key=".".join(str(p) for p in loc)), hint, warning=draft)
        for loc in sorted(source.unfilled, key=source.where)
        if plan or source.path.name != "ke-hoach.yaml" or loc[0] != "van_ban"
    ]


LABELS = {"kinh_gui": "Kính gửi", "noi_nhan_bao_cao": "Nơi nhận", "noi_nhan": "Nơi nhận", "so": "Số"}
"""Keys whose label the document prints itself: typed again into the value, it would print twice."""


def _without_label(value, label: str) -> tuple[object, bool]:
    """Returns ``value`` without a leading "label:" ("Kính gửi: Phòng …" → "Phòng …", None when nothing else is
    left) and whether there was one; any other value comes back as it is."""
    text = value
    if isinstance(value, dict) and len(value) == 1:  # YAML reads "- Nơi nhận: Phòng GDĐT" as {"Nơi nhận": "Phòng GDĐT"}
        (key, inner), = value.items()
        text = f"{key}: {'' if inner is None else inner}"
    match = re.match(rf"^\s*{label}\s*:?\s*", text, flags=re.IGNORECASE) if isinstance(text, str) else None
    rest = text[match.end():].strip() if match else ""
    if not match or (label == "Số" and not rest.isdigit()):
        return value, False
    return (int(rest) if label == "Số" else rest) or None, True


def _repeated_labels(source: Source) -> tuple[Source, list[Problem]]:
    """Returns ``source`` without the labels typed into values (:data:`LABELS`), and a warning for each one left out."""
    if not isinstance(source.data, dict):
        return source, []
    data, problems = dict(source.data), []

    def cleaned(loc, value, label):
        value, found = _without_label(value, label)
        if found:
            problems.append(source.problem(loc, _("“%(label)s:” is printed by the program; it is left out of the value so "
                                                  "that it does not print twice", label=label), warning=True))
        return value

    for key, label in LABELS.items():
        if isinstance(data.get(key), list):
            data[key] = [v for v in (cleaned((key, i), item, label) for i, item in enumerate(data[key])) if v is not None]
        elif key in data:
            data[key] = cleaned((key,), data[key], label)
    return dataclasses.replace(source, data=data), problems


def _fields_at(model: type, loc: tuple) -> list[str]:
    """Returns the keys allowed in the mapping at ``loc`` of ``model`` (for "did you mean")."""
    current: typing.Any = model
    for part in loc:
        while True:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if dataclasses.is_dataclass(current):
                break
            if not args:
                return []
            current = args[-1]
        if isinstance(part, int):
            continue
        if part not in current.model_fields:
            return []
        current = typing.get_type_hints(current)[part]
    while not dataclasses.is_dataclass(current):
        args = [a for a in typing.get_args(current) if a is not type(None)]
        if not args:
            return []
        current = args[-1]
    return list(current.model_fields)


THOUSANDS_DOT = re.compile(r"^\s*\d{1,3}(?:\.\d{3})+\s*$")
"""A count typed with Vietnamese thousands dots ("1.250"), which YAML reads as a decimal number (1.25)."""


def _message(error: dict, model: type, source: Source) -> tuple[str, str | None]:
    """Returns the clerk's sentence and hint for one pydantic error, quoting the value as typed in ``source``."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    key = str(loc[-1]) if loc else ""
    value = source.typed.get(tuple(loc), value)
    if kind == "missing":
        return _("the key “%(key)s” is missing", key=key), None
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # the latter: pydantic's word for a dataclass
        glued = re.match(r"^(\w+):(\S.*)$", key)
        if glued:
            return _("a space is missing after the colon"), _(
                "write “key: value”, with a space after “:”, e.g. “%(example)s”", example=f"{glued[1]}: {glued[2]}"
            )
        close = difflib.get_close_matches(key, _fields_at(model, loc[:-1]), n=1, cutoff=0.5)
        hint = _("did you mean “%(key)s”?", key=close[0]) if close else None
        if value is None and not close and not re.fullmatch(r"[a-z0-9_]+", key):
            hint = _("a comma inside { … } ends a value: put the whole text in double quotes, e.g. %(example)s",
                     example=_comma_example(source, tuple(loc)))
        return _("unknown key “%(key)s”", key=key), hint
    if kind in ("int_type", "int_from_float", "int_parsing"):
        if isinstance(value, str) and value.strip().endswith("%"):
            return _("“%(key)s” is a count, but a percentage was typed: %(value)s", key=key, value=value), _(
                "type the number of cases; the program computes the percentages"
            )
        number = re.match(r"^\s*(\d+)\s+\D", value) if isinstance(value, str) else None
        hint = _("type the number alone, e.g. %(number)s", number=number[1]) if number else None
        if isinstance(value, str) and THOUSANDS_DOT.match(value):
            hint = _("write %(number)s, without the dot: the program puts in the thousands dots itself",
                     number=value.strip().replace(".", ""))
        return _("“%(key)s” must be a whole number, but it is %(value)s", key=key, value=value), hint
    if kind == "greater_than_equal":
        return _("“%(key)s” must not be negative, but it is %(value)s", key=key, value=value), None
    if kind.startswith("date"):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            return _("“%(key)s”: the date %(value)s does not exist", key=key, value=value), None
        return _("“%(key)s” is not a valid date: %(value)s", key=key, value=value), _(
            "write dates as YYYY-MM-DD, e.g. 2023-08-28 for 28 August 2023"
        )
    if kind == "string_pattern_mismatch" and key == "ky_hieu":
        example = re.sub(r"[^A-ZĐ0-9]", "", "".join(c if c == "Đ" else without_diacritics(c) for c in str(value).upper()))
        return _("“%(key)s” may hold only capital letters (A–Z, Đ) and digits, but it is %(value)s", key=key, value=value), _(
            "the number line joins it with a dash, as in “Số: 05/BC-%(example)s”, so it cannot hold a dash, a space or "
            "a diacritic itself: write %(example)s", example=example or "THCSBM")
    if kind in ("string_type",):
        return _("“%(key)s” must be text, but it is %(value)s", key=key, value=value), None
    if kind in ("list_type",):
        return _("“%(key)s” must be a list (lines starting with “- ”)", key=key), None
    if kind in ("model_type", "model_attributes_type", "dict_type", "dataclass_type", "dataclass_exact_type"):
        hint = None
        if isinstance(value, str) and re.match(r"^\w+:\S", value):
            hint = _("write “key: value”, with a space after “:”, e.g. “so: 25”")
        return _("“%(key)s” must be a group of keys", key=key), hint
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5)
        hint = _("did you mean “%(key)s”?", key=close[0]) if close else _("allowed: %(allowed)s", allowed=", ".join(allowed))
        return _("“%(key)s” has a value that is not allowed: %(value)s", key=key, value=value), hint
    if kind == "bool_type" or kind == "bool_parsing":
        return _("“%(key)s” must be true or false", key=key), None
    return _("“%(key)s” is not valid: %(value)s", key=key, value=value), None


def _comma_example(source: Source, loc: tuple) -> str:
    """Returns the value as the clerk meant it when a comma cut it in two: ket_qua: "Đã cập nhật hồ sơ, sổ sách"."""
    mapping = source.data
    for part in loc[:-1]:
        mapping = mapping[part]
    keys = list(mapping)
    before = keys[keys.index(loc[-1]) - 1] if keys.index(loc[-1]) > 0 else None
    if before is not None and isinstance(mapping[before], str):
        return f'{before}: "{mapping[before]}, {loc[-1]}"'
    return f'"…, {loc[-1]}"'


def parse(source: Source | None, model: type) -> tuple[typing.Any, list[Problem]]:
    """Returns the model built from ``source`` and no problems, or None and every problem found.

    A source of None (a file that could not be read) gives None and no further problem.
    """
    if source is None:
        return None, []
    if not isinstance(source.data, dict):
        return None, [source.problem((), _("the file must be a list of keys (key: value)"))]
    try:
        return model.model_validate(source.data), []
    except Invalid as exc:
        problems = []
        for error in exc.errors:
            message, hint = _message(error, model, source)
            problems.append(source.problem(tuple(error["loc"]), message, hint))
        return None, problems


COUNT_NAMES = {
    ("khao_sat", "so_phieu"): N_("forms handed out"),
    ("khao_sat", "hai_long"): N_("satisfied forms"),
    ("van_ban", "den"): N_("documents received"),
    ("van_ban", "den_tren_mang"): N_("documents received handled on the network"),
    ("van_ban", "di"): N_("documents sent"),
    ("van_ban", "di_tren_mang"): N_("documents sent on the network"),
    ("pakn", "tiep_nhan"): N_("feedback received"),
    ("pakn", "da_xu_ly"): N_("feedback handled"),
    ("kien_nghi_thanh_tra", "tong"): N_("inspection conclusions due"),
    ("kien_nghi_thanh_tra", "da_thuc_hien"): N_("inspection conclusions acted on"),
    ("chuyen_truong", "tong"): N_("student transfers"),
    ("chuyen_truong", "dung_tien_do"): N_("student transfers on time"),
    ("boi_duong", "tong_so"): N_("staff in all"),
    ("boi_duong", "van_hoa_giao_tiep"): N_("staff trained in workplace conduct"),
    ("boi_duong", "ky_nang_so"): N_("staff trained in digital skills"),
    ("boi_duong", "lanh_dao"): N_("managers"),
    ("boi_duong", "lanh_dao_quan_triet"): N_("managers briefed"),
}
"""The clerk's name of each count that a consistency rule compares (its key follows in brackets)."""
PARTS_OF_WHOLES = [
    (("khao_sat", "hai_long"), ("khao_sat", "so_phieu")),
    (("van_ban", "den_tren_mang"), ("van_ban", "den")),
    (("van_ban", "di_tren_mang"), ("van_ban", "di")),
    (("pakn", "da_xu_ly"), ("pakn", "tiep_nhan")),
    (("kien_nghi_thanh_tra", "da_thuc_hien"), ("kien_nghi_thanh_tra", "tong")),
    (("chuyen_truong", "dung_tien_do"), ("chuyen_truong", "tong")),
    (("boi_duong", "lanh_dao_quan_triet"), ("boi_duong", "lanh_dao")),
] + [(("boi_duong", k), ("boi_duong", "tong_so")) for k in ("van_hoa_giao_tiep", "ky_nang_so", "lanh_dao")]


def _count(data, *path) -> int | None:
    """Returns the count at ``path`` of the plain data, or None where it is missing or not a count (reported elsewhere)."""
    for key in path:
        if not isinstance(data, dict if isinstance(key, str) else list):
            return None
        try:
            data = data[key]
        except (KeyError, IndexError):
            return None
    return data if isinstance(data, int) and not isinstance(data, bool) and data >= 0 else None


def _parts_within_whole(src: Source) -> list[Problem]:
    """Returns an error for each count larger than the whole it is part of.

    It reads the plain data, so that these errors come in the same run as the
    type errors of other keys, not only once those are fixed.
    """
    so_lieu = src.data.get("so_lieu") if isinstance(src.data, dict) else None
    problems = []
    for part_key, whole_key in PARTS_OF_WHOLES:
        part, whole = _count(so_lieu, *part_key), _count(so_lieu, *whole_key)
        if part is not None and whole is not None and part > whole:
            problems.append(src.problem(("so_lieu",) + part_key, _(
                "%(part_name)s (%(part)s) %(part_value)s is more than %(whole_name)s (%(whole)s) %(whole_value)s",
                part_name=_(COUNT_NAMES[part_key]), part=part_key[1], part_value=part,
                whole_name=_(COUNT_NAMES[whole_key]), whole=whole_key[1], whole_value=whole)))
    return problems


BIEU06_COUNTS = ("tu_ky_truoc", "truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han", "dang_trong_han", "dang_qua_han")


def _row_counts(row) -> dict[str, int] | None:
    """Returns the counts of a Biểu 06 row of the plain data, as :func:`_count` reads each; None when one is missing
    or not a count (reported elsewhere)."""
    if not isinstance(row, dict):
        return None
    c = {name: row.get(name) for name in BIEU06_COUNTS}
    return c if all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in c.values()) else None


def _bieu_balances(src: Source) -> list[Problem]:
    """Returns an error for each Biểu 06 row whose dossiers in and out do not balance (from the plain data, as above)."""
    so_lieu = src.data.get("so_lieu") if isinstance(src.data, dict) else None
    rows = so_lieu.get("tthc") if isinstance(so_lieu, dict) else None
    problems = []
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        c = _row_counts(row)
        if c is None:
            continue
        received = c["tu_ky_truoc"] + c["truc_tuyen"] + c["truc_tiep"]
        resolved = c["truoc_han"] + c["dung_han"] + c["qua_han"]
        pending = c["dang_trong_han"] + c["dang_qua_han"]
        if received != resolved + pending:
            problems.append(
                src.problem(
                    ("so_lieu", "tthc", i),
                    _(
                        "“%(linh_vuc)s” does not balance: resolved %(resolved)s + pending %(pending)s = %(out)s, "
                        "but received %(received)s (from before %(before)s + online %(online)s + in person %(direct)s)",
                        linh_vuc=row.get("linh_vuc", ""),
                        resolved=resolved,
                        pending=pending,
                        out=resolved + pending,
                        received=received,
                        before=c["tu_ky_truoc"],
                        online=c["truc_tuyen"],
                        direct=c["truc_tiep"],
                    ),
                )
            )
    return problems


def _report_dates(period: str, year: int, report: Report, src: Source, deadline: date | None) -> list[Problem]:
    problems = []
    start, end = window(period, year, report)
    if start > end:
        problems.append(
            src.problem(("tu_ngay",), _("tu_ngay %(start)s is after den_ngay %(end)s", start=start, end=end))
        )
    if report.ngay < end - timedelta(days=EARLIEST_DAYS_BEFORE_END):
        problems.append(src.problem(("ngay",), _(
            "the report is dated %(day)s, long before the end of its data window (%(end)s): was the file copied from another period?",
            day=report.ngay, end=end), warning=True))
    latest = date(year + 1, 1, 31) if period in ("q4", "nam") else date(year, 12, 31)
    if not date(year, 1, 1) <= report.ngay <= latest:
        problems.append(src.problem(("ngay",), _("the report date %(day)s is outside the year %(year)s", day=report.ngay, year=year)))
    if deadline is not None and report.ngay > deadline:
        problems.append(
            src.problem(
                ("ngay",),
                _("late report: dated %(day)s, but the plan's deadline is %(deadline)s", day=report.ngay, deadline=deadline),
                warning=True,
            )
        )
    return problems


EARLIEST_DAYS_BEFORE_END = 45
"""A report is dated a little before its window ends (deadlines fall ~2 weeks before); much earlier is a copied file."""


def _numbers_used_twice(reports: dict, sources: dict) -> list[Problem]:
    """Returns a warning for each report number (so) already used by another report of the year."""
    problems, seen = [], {}
    for period, report in reports.items():
        if report is None or report.so is None:
            continue
        if report.so in seen:
            problems.append(sources[period].problem(("so",), _(
                "number %(so)s is already used by %(other)s", so=report.so, other=f"{seen[report.so]}.yaml"), warning=True))
        seen.setdefault(report.so, period)
    return problems


def window(period: str, year: int, report: Report) -> tuple[date, date]:
    """Returns the report's data window: its own tu_ngay/den_ngay, else the legal window of the period."""
    start, end = data_window(period, year)
    return report.tu_ngay or start, report.den_ngay or end


def _references(don_vi: DonVi, ke_hoach: KeHoach, period: str, report: Report, src: Source) -> list[Problem]:
    problems = []
    signer = report.nguoi_ky
    if signer is not None and signer not in don_vi.nguoi_ky:
        problems.append(
            src.problem(
                ("nguoi_ky",),
                _("unknown signer “%(id)s”", id=signer),
                _("one of: %(ids)s", ids=", ".join(don_vi.nguoi_ky)),
            )
        )
    manual = {c.ma for c in ke_hoach.chi_tieu if c.chi_so is None}
    for i, item in enumerate(report.chi_tieu_thu_cong):
        if item.ma not in manual:
            problems.append(
                src.problem(
                    ("chi_tieu_thu_cong", i, "ma"),
                    _("“%(id)s” is not a target assessed by hand in ke-hoach.yaml", id=item.ma),
                    _("one of: %(ids)s", ids=", ".join(sorted(manual))) if manual else None,
                )
            )
    return problems


def _manual_results(ke_hoach: KeHoach, report: Report, src: Source) -> list[Problem]:
    given = {item.ma for item in report.chi_tieu_thu_cong}
    return [
        src.problem(
            ("chi_tieu_thu_cong",),
            _("the target “%(id)s” is assessed by hand but has no result in chi_tieu_thu_cong", id=c.ma),
            warning=True,
        )
        for c in ke_hoach.chi_tieu
        if c.chi_so is None and c.ma not in given
    ]


def _continuity(previous: Report, current: Report, prev_name: str, src: Source) -> list[Problem]:
    """Returns warnings where a quarter does not carry on from the one before it.

    A lĩnh vực's ``tu_ky_truoc`` should equal what was still pending at the end
    of the previous quarter, and the people trained (a stock) never decrease.
    """
    if previous.so_lieu is None or current.so_lieu is None:
        return []
    problems = []
    pending = {r.linh_vuc.casefold(): r.dang_giai_quyet for r in previous.so_lieu.tthc}
    seen = set()
    for i, row in enumerate(current.so_lieu.tthc):
        key = row.linh_vuc.casefold()
        seen.add(key)
        if row.tu_ky_truoc != pending.get(key, 0):
            problems.append(
                src.problem(
                    ("so_lieu", "tthc", i, "tu_ky_truoc"),
                    _(
                        "“%(linh_vuc)s”: tu_ky_truoc is %(now)s, but %(prev)s ended with %(pending)s pending",
                        linh_vuc=row.linh_vuc, now=row.tu_ky_truoc, prev=prev_name, pending=pending.get(key, 0),
                    ),
                    warning=True,
                )
            )
    for name, count in ((r.linh_vuc, r.dang_giai_quyet) for r in previous.so_lieu.tthc):
        if count and name.casefold() not in seen:
            problems.append(
                src.problem(
                    ("so_lieu", "tthc"),
                    _("“%(linh_vuc)s” had %(pending)s pending in %(prev)s but has no row here", linh_vuc=name, pending=count, prev=prev_name),
                    warning=True,
                )
            )
    before, now = previous.so_lieu.boi_duong, current.so_lieu.boi_duong
    for field_name in type(now).model_fields:
        if getattr(now, field_name) < getattr(before, field_name):
            problems.append(
                src.problem(
                    ("so_lieu", "boi_duong", field_name),
                    _(
                        "boi_duong.%(key)s fell from %(before)s in %(prev)s to %(now)s; it counts people since 1 January",
                        key=field_name, before=getattr(before, field_name), prev=prev_name, now=getattr(now, field_name),
                    ),
                    warning=True,
                )
            )
    return problems


def previous_file(period: str, reports: dict) -> str | None:
    """Returns the report whose window ends just before ``period``'s: the quarter before, or for nam the last quarter present."""
    if period == "nam":
        present = [q for q in QUARTERS if reports.get(q) is not None]
        return present[-1] if present else None
    before = f"q{int(period[1]) - 1}"
    return before if reports.get(before) is not None else None


def _plan(ke_hoach: KeHoach, src: Source) -> list[Problem]:
    problems, seen = [], set()
    for i, target in enumerate(ke_hoach.chi_tieu):
        if target.ma in seen:
            problems.append(src.problem(("chi_tieu", i, "ma"), _("the target id “%(id)s” is used twice", id=target.ma)))
        seen.add(target.ma)
        if target.chi_so is not None and not isinstance(target.muc_tieu, Decimal):
            number = re.sub(r"[^\d.,]", "", str(target.muc_tieu or "")) or "80"
            problems.append(
                src.problem(("chi_tieu", i, "muc_tieu"), _("a target with chi_so needs a number in muc_tieu, but it is %(value)s",
                                                             value=target.muc_tieu),
                            _("type the number alone, e.g. %(number)s", number=number))
            )
    return problems


def _plan_text(ke_hoach: KeHoach, src: Source, required: bool) -> list[Problem]:
    """Returns a problem for a missing plan text (when the plan is to be built) and for each unknown ((ma))."""
    if ke_hoach.van_ban is None:
        return [src.problem((), _("the key “%(key)s” is missing", key="van_ban"))] if required else []
    known = {c.ma for c in ke_hoach.chi_tieu}
    problems = []

    def check(text, loc):
        for match in TARGET_MARK.finditer(text):
            if match[1] not in known:
                close = difflib.get_close_matches(match[1], known, n=1, cutoff=0.5)
                problems.append(
                    src.problem(
                        loc,
                        _("((%(id)s)) names no target of chi_tieu", id=match[1]),
                        _("did you mean “%(key)s”?", key=close[0]) if close else None,
                    )
                )

    def walk(value, loc):
        if isinstance(value, str):
            check(value, loc)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, loc + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, loc + (i,))

    walk(src.data.get("van_ban"), ("van_ban",))
    return problems


def _cleaned(source: Source | None, labelled: dict) -> Source | None:
    return labelled[id(source)][0] if source is not None else None


def validate(inputs: Inputs, plan: bool = False, draft: bool = False) -> Valid:
    """Returns the validated inputs; raises InputError listing every error (warnings ride along).

    ``plan``: the plan itself is to be built, so its full text is required.
    ``draft``: a draft is to be built, so values still to fill in are warnings, not errors.
    """
    labelled = {id(src): _repeated_labels(src) for src in (inputs.don_vi, inputs.ke_hoach, *inputs.reports.values()) if src}
    inputs = dataclasses.replace(inputs, don_vi=_cleaned(inputs.don_vi, labelled), ke_hoach=_cleaned(inputs.ke_hoach, labelled),
                                 reports={p: _cleaned(src, labelled) for p, src in inputs.reports.items()})
    sources = [src for src in (inputs.don_vi, inputs.ke_hoach, *inputs.reports.values()) if src is not None]
    problems = list(inputs.problems) + [p for src in sources for p in _text_problems(src) + _unfilled(src, draft, plan)]
    problems += [p for _src, found in labelled.values() for p in found]
    don_vi, more = parse(inputs.don_vi, DonVi)
    problems += more
    ke_hoach, more = parse(inputs.ke_hoach, KeHoach)
    problems += more
    reports = {}
    for period, src in inputs.reports.items():
        reports[period], more = parse(src, Report)
        problems += more
    if don_vi is not None and don_vi.nguoi_ky_mac_dinh not in don_vi.nguoi_ky:
        problems.append(
            inputs.don_vi.problem(("nguoi_ky_mac_dinh",), _("unknown signer “%(id)s”", id=don_vi.nguoi_ky_mac_dinh))
        )
    if ke_hoach is not None:
        problems += _plan(ke_hoach, inputs.ke_hoach) + _plan_text(ke_hoach, inputs.ke_hoach, plan)
    if "nam" in inputs.reports and reports.get("nam") is not None and reports["nam"].so_lieu is None and "q4" not in inputs.reports:
        problems.append(inputs.reports["nam"].problem((), _("so_lieu is needed in nam.yaml while there is no q4.yaml")))
    for period, src in inputs.reports.items():
        if period != "nam" and src is not None and isinstance(src.data, dict) and "so_lieu" not in src.data:
            problems.append(src.problem((), _("the key “%(key)s” is missing", key="so_lieu")))
    for src in inputs.reports.values():
        if src is not None:
            problems += _parts_within_whole(src) + _bieu_balances(src)
    for period, report in reports.items():
        if report is None:
            continue
        src = inputs.reports[period]
        deadline = ke_hoach.bao_cao.get(period) if ke_hoach else None
        problems += _report_dates(period, inputs.year, report, src, deadline)
        if don_vi is not None and ke_hoach is not None:
            problems += _references(don_vi, ke_hoach, period, report, src)
        if ke_hoach is not None:
            problems += _manual_results(ke_hoach, report, src)
        previous = previous_file(period, reports)
        if previous and reports.get(previous) is not None:
            problems += _continuity(reports[previous], report, f"{previous}.yaml", src)
    problems += _numbers_used_twice(reports, inputs.reports)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise InputError(problems)
    return Valid(inputs.year, don_vi, ke_hoach, reports, [p for p in problems if p.warning])
