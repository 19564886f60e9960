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
from generator.i18n import _
from generator.fields import Invalid
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


LEGACY_CHAR = re.compile("[" + re.escape("".join(sorted(LEGACY_CHARS))) + "]")


def legacy_font(text: str) -> bool:
    """Returns whether ``text`` looks typed in a TCVN3 or VNI font: two or more of their telltale characters."""
    first = LEGACY_CHAR.search(text)
    return first is not None and LEGACY_CHAR.search(text, first.end()) is not None


def _texts(value, loc=()):
    """Yields (key path, text) for every text value of a plain YAML tree."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, loc + (i,))
    elif isinstance(value, str):
        yield loc, value


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
        if CONTROL_CHARS.search(value):
            problems.append(source.problem(loc, _("the text holds invisible control characters; they are left out of the document"),
                                           warning=True))
    return problems


def _unfilled(source: Source) -> list[Problem]:
    """Returns a warning for each value still marked "# chưa điền"."""
    return [
        source.problem(
            loc,
            _("not filled in yet: “%(key)s”", key=".".join(str(p) for p in loc)),
            _("type the value, then delete the comment “# chưa điền”"),
            warning=True,
        )
        for loc in sorted(source.unfilled, key=source.where)
    ]


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


def _message(error: dict, model: type) -> tuple[str, str | None]:
    """Returns the clerk's sentence and hint for one pydantic error."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    key = str(loc[-1]) if loc else ""
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
        return _("unknown key “%(key)s”", key=key), hint
    if kind in ("int_type", "int_from_float", "int_parsing"):
        if isinstance(value, str) and value.strip().endswith("%"):
            return _("“%(key)s” is a count, but a percentage was typed: %(value)s", key=key, value=value), _(
                "type the number of cases; the program computes the percentages"
            )
        number = re.match(r"^\s*(\d+)\s+\D", value) if isinstance(value, str) else None
        hint = _("type the number alone, e.g. %(number)s", number=number[1]) if number else None
        return _("“%(key)s” must be a whole number, but it is %(value)s", key=key, value=value), hint
    if kind == "greater_than_equal":
        return _("“%(key)s” must not be negative, but it is %(value)s", key=key, value=value), None
    if kind.startswith("date"):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            return _("“%(key)s”: the date %(value)s does not exist", key=key, value=value), None
        return _("“%(key)s” is not a valid date: %(value)s", key=key, value=value), _(
            "write dates as YYYY-MM-DD, e.g. 2023-08-28 for 28 August 2023"
        )
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
            message, hint = _message(error, model)
            problems.append(source.problem(tuple(error["loc"]), message, hint))
        return None, problems


def _parts_within_whole(report: Report, src: Source) -> list[Problem]:
    s = report.so_lieu
    if s is None:
        return []
    checks = [
        (("khao_sat", "hai_long"), s.khao_sat.hai_long, ("khao_sat", "so_phieu"), s.khao_sat.so_phieu),
        (("van_ban", "den_tren_mang"), s.van_ban.den_tren_mang, ("van_ban", "den"), s.van_ban.den),
        (("van_ban", "di_tren_mang"), s.van_ban.di_tren_mang, ("van_ban", "di"), s.van_ban.di),
        (("pakn", "da_xu_ly"), s.pakn.da_xu_ly, ("pakn", "tiep_nhan"), s.pakn.tiep_nhan),
        (
            ("kien_nghi_thanh_tra", "da_thuc_hien"),
            s.kien_nghi_thanh_tra.da_thuc_hien,
            ("kien_nghi_thanh_tra", "tong"),
            s.kien_nghi_thanh_tra.tong,
        ),
        (("chuyen_truong", "dung_tien_do"), s.chuyen_truong.dung_tien_do, ("chuyen_truong", "tong"), s.chuyen_truong.tong),
        (("boi_duong", "lanh_dao_quan_triet"), s.boi_duong.lanh_dao_quan_triet, ("boi_duong", "lanh_dao"), s.boi_duong.lanh_dao),
    ] + [
        (("boi_duong", k), getattr(s.boi_duong, k), ("boi_duong", "tong_so"), s.boi_duong.tong_so)
        for k in ("van_hoa_giao_tiep", "ky_nang_so", "lanh_dao")
    ]
    return [
        src.problem(
            ("so_lieu",) + part_key,
            _(
                "%(part)s = %(part_value)s is more than %(whole)s = %(whole_value)s",
                part=".".join(part_key),
                part_value=part,
                whole=".".join(whole_key),
                whole_value=whole,
            ),
        )
        for part_key, part, whole_key, whole in checks
        if part > whole
    ]


def _bieu_balances(report: Report, src: Source) -> list[Problem]:
    problems = []
    for i, row in enumerate(report.so_lieu.tthc if report.so_lieu else []):
        if row.tong_nhan != row.da_giai_quyet + row.dang_giai_quyet:
            problems.append(
                src.problem(
                    ("so_lieu", "tthc", i),
                    _(
                        "“%(linh_vuc)s” does not balance: resolved %(resolved)s + pending %(pending)s = %(out)s, "
                        "but received %(received)s (from before %(before)s + online %(online)s + in person %(direct)s)",
                        linh_vuc=row.linh_vuc,
                        resolved=row.da_giai_quyet,
                        pending=row.dang_giai_quyet,
                        out=row.da_giai_quyet + row.dang_giai_quyet,
                        received=row.tong_nhan,
                        before=row.tu_ky_truoc,
                        online=row.truc_tuyen,
                        direct=row.truc_tiep,
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


def validate(inputs: Inputs, plan: bool = False) -> Valid:
    """Returns the validated inputs; raises InputError listing every error (warnings ride along).

    ``plan``: the plan itself is to be built, so its full text is required.
    """
    sources = [src for src in (inputs.don_vi, inputs.ke_hoach, *inputs.reports.values()) if src is not None]
    problems = list(inputs.problems) + [p for src in sources for p in _text_problems(src) + _unfilled(src)]
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
    for period, report in reports.items():
        if report is None:
            continue
        src = inputs.reports[period]
        problems += _parts_within_whole(report, src) + _bieu_balances(report, src)
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
