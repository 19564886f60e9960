"""``cchc-docs tong-hop``: the office's report and workbook from the reports its schools sent (spec/tong-hop.md).

The same steps as ``build``, with :mod:`generator.receive` in front:
receive (the schools' .docx → data) and load (the office's YAML) → validate
(the same models) → compute (sums of counts; each indicator of the whole is
the summed numerators over the summed denominators, never an average of
percentages) → present → render → write. Nothing is written until everything
is read, checked and rendered.
"""
from __future__ import annotations

import dataclasses

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path

from generator.compute import (Computed, Indicator, KetQuaChiTieu, _sum_models, assess, bieu06, bieu06_total, indicators)
from generator.errors import InputError, Problem, TemplateError
from generator.i18n import N_, _
from generator.load import load_inputs, read_source
from generator.models import BaoCaoGui, BieuTthcRow, DanhSachTruong, Figures, KeHoach, Report, TuyenTruyen
from generator.validate import Valid, _text_problems, _unfilled, parse, validate, window

ROSTER = "truong.yaml"
TEMPLATE = "tong-hop.docx"
FLOW_AND_STOCK = ("khao_sat", "van_ban", "pakn", "kien_nghi_thanh_tra", "chuyen_truong", "boi_duong")

DA_NOP, NOP_MUON, CHUA_NOP, DA_SUA, NGOAI_DANH_SACH = "da_nop", "nop_muon", "chua_nop", "da_sua", "ngoai_danh_sach"
TRANG_THAI = {DA_NOP: "đã nộp", NOP_MUON: "nộp muộn", CHUA_NOP: "chưa nộp", DA_SUA: "đã sửa sau khi tạo",
              NGOAI_DANH_SACH: "ngoài danh sách"}


def is_office(inputs_dir: Path) -> bool:
    """Returns whether ``inputs_dir`` is an office's workspace (it has a roster of schools)."""
    return (inputs_dir / ROSTER).is_file()


# --- load and validate the office's own inputs -------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """The office's validated inputs: itself, its plan, its schools and its report of the period."""

    valid: Valid
    truong: DanhSachTruong
    reports: dict[str, Report]
    """The office's own report files (tong-hop-<period>.yaml) that were read, by period."""


def tong_hop_name(period: str) -> str:
    return f"tong-hop-{period}.yaml"


def load_office(inputs_dir: Path, year: int | None, periods: Iterable[str], required: bool = True,
                draft: bool = False) -> Office:
    """Returns the office's validated inputs with its tong-hop-<period>.yaml of each of ``periods`` (when
    ``required`` is false, only those that exist); raises InputError with every problem (warnings ride along)."""
    periods = list(periods)
    inputs = load_inputs(inputs_dir, year, [])
    problems: list[Problem] = []
    try:
        valid = validate(inputs, draft=draft)
    except InputError as exc:
        valid, problems = None, list(exc.problems)
    if not (inputs_dir / ROSTER).is_file():
        raise InputError(problems + [Problem(inputs_dir / ROSTER, _("file not found"), hint=_(
            "tong-hop runs in the workspace of the office above the schools: make one with cchc-docs init --tong-hop"))])
    roster_src = _read(inputs_dir / ROSTER, problems)
    sources = [roster_src]
    roster, more = parse(roster_src, DanhSachTruong)
    problems += more + _roster_problems(roster, roster_src)
    reports = {}
    for period in periods:
        path = inputs_dir / str(inputs.year) / tong_hop_name(period)
        if not required and not path.is_file():
            continue
        src = _read(path, problems)
        sources.append(src)
        if src is not None and isinstance(src.data, dict):
            problems += [src.problem((key,), _("“%(key)s” does not belong here: the figures come from the schools' reports",
                                             key=key)) for key in ("so_lieu", "chi_tieu_thu_cong") if key in src.data]
        report, more = parse(src, Report)
        problems += more
        if report is not None:
            reports[period] = report
    problems += [p for src in sources if src is not None for p in _text_problems(src) + _unfilled(src, draft, plan=False)]
    if valid is not None:
        problems += valid.warnings + _plan_problems(valid.ke_hoach, inputs.ke_hoach, periods)
    if any(not p.warning for p in problems) or valid is None or roster is None:
        raise InputError(problems)
    valid = replace(valid, warnings=[p for p in problems if p.warning])
    return Office(valid, roster, reports)


def _read(path: Path, problems: list[Problem]):
    try:
        return read_source(path, path)
    except InputError as exc:
        problems += exc.problems
        return None


def _roster_problems(roster: DanhSachTruong | None, src) -> list[Problem]:
    seen, problems = set(), []
    for i, t in enumerate(roster.truong if roster else []):
        if t.ky_hieu in seen:
            problems.append(src.problem(("truong", i, "ky_hieu"), _("the school code “%(id)s” is listed twice", id=t.ky_hieu)))
        seen.add(t.ky_hieu)
    return problems


def _plan_problems(ke_hoach: KeHoach, src, periods: list[str]) -> list[Problem]:
    problems = [src.problem(("chi_tieu", i, "chi_so"), _(
        "the target “%(id)s” has no chi_so: a summary cannot assess it from the schools' figures, so it is left out",
        id=c.ma), warning=True) for i, c in enumerate(ke_hoach.chi_tieu) if c.chi_so is None]
    problems += [src.problem(("han_truong_nop",), _(
        "no deadline for the schools in han_truong_nop.%(period)s: no report can be called late", period=p), warning=True)
        for p in periods if p not in ke_hoach.han_truong_nop]
    return problems


# --- validate what the schools sent ------------------------------------------------------------------------


@dataclass(frozen=True)
class BaoCaoTruong:
    """One school's report as it counts: its data, the file it came from, its status marks."""

    path: Path
    bao_cao: BaoCaoGui
    trang_thai: tuple[str, ...]


def _validated(received, period: str, year: int) -> tuple[list[tuple[Path, BaoCaoGui, bool]], list[Problem]]:
    """Returns the received reports of ``period`` and ``year`` whose data is valid; a warning for each other one."""
    from generator.fields import Invalid

    kept, problems = [], []
    for r in received:
        try:
            b = BaoCaoGui.model_validate(r.data)
        except Invalid as exc:
            where = ".".join(str(p) for p in exc.errors[0]["loc"])
            problems.append(Problem(r.path, _("left out: its data is damaged (%(where)s)", where=where), warning=True))
            continue
        if (b.ky.ky, b.ky.nam) != (period, year):
            problems.append(Problem(r.path, _("left out: a report of %(period)s %(year)s, not of %(wanted)s %(wanted_year)s",
                                              period=b.ky.ky, year=b.ky.nam, wanted=period, wanted_year=year), warning=True))
        elif b.so_lieu is None:
            problems.append(Problem(r.path, _("left out: the report carries no figures"), warning=True))
        else:
            kept.append((r.path, b, r.edited))
    return kept, problems


def _one_per_school(kept) -> tuple[dict[str, tuple], list[Problem]]:
    """Returns the report that counts for each school code: the later ngay, then the later so; a warning per pair."""
    chosen: dict[str, tuple] = {}
    problems = []
    for item in kept:
        code = item[1].don_vi.ky_hieu
        other = chosen.get(code)
        if other is None:
            chosen[code] = item
            continue
        newer = (item[1].ky.ngay, item[1].ky.so or 0) > (other[1].ky.ngay, other[1].ky.so or 0)
        later, earlier = (item, other) if newer else (other, item)  # the same date and number: the first found counts
        chosen[code] = later
        problems.append(Problem(earlier[0], _("%(school)s sent two reports: %(kept)s counts, this one is left out (the later date counts, then the higher number)",
                                              school=code, kept=str(later[0])), warning=True))
    return chosen, problems


# --- compute -----------------------------------------------------------------------------------------------


def sum_figures(all_figures: list[Figures]) -> Figures:
    """Returns the figures of all schools together: every count summed, Biểu 06 by lĩnh vực, the forms as a union.

    Schools are side by side, not one after another: unlike :func:`generator.compute.add_up` (a year of
    windows), every Biểu 06 column, pending counts included, is summed.
    """
    names: dict[str, str] = {}
    totals: dict[str, list[BieuTthcRow]] = {}
    forms: dict[str, str] = {}
    for f in all_figures:
        for row in f.tthc:
            key = " ".join(row.linh_vuc.split()).casefold()
            names.setdefault(key, row.linh_vuc)
            totals.setdefault(key, []).append(row)
        for form in f.tuyen_truyen.hinh_thuc:
            forms.setdefault(" ".join(form.split()).casefold(), form)
    rows = [dataclasses.replace(bieu06_total(totals[key]), linh_vuc=name) for key, name in names.items()]
    return Figures(
        tthc=rows,
        **{g: _sum_models([getattr(f, g) for f in all_figures]) for g in FLOW_AND_STOCK},
        tuyen_truyen=TuyenTruyen(hinh_thuc=list(forms.values()), so_lan=sum(f.tuyen_truyen.so_lan for f in all_figures)),
    )


def whole(per_school: list[dict[str, Indicator]]) -> dict[str, Indicator]:
    """Returns each indicator of the whole: the schools' numerators summed over their denominators summed.

    Never an average of percentages: a school of 800 forms weighs more than one of 50. For the two
    non-percentages the same rule gives forms per school and times per school-week.
    """
    first = per_school[0]
    return {chi_so: Indicator(chi_so, sum((s[chi_so].tu_so for s in per_school), Fraction(0)),
                              sum((s[chi_so].mau_so for s in per_school), Fraction(0)), ind.kind)
            for chi_so, ind in first.items()}


@dataclass(frozen=True)
class DongTruong:
    """One row of the submission table: a roster school (or one outside it) and where its report stands."""

    ky_hieu: str
    ten: str
    path: Path | None
    bao_cao: BaoCaoGui | None
    trang_thai: tuple[str, ...]
    ket_qua: list[KetQuaChiTieu] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)


@dataclass(frozen=True)
class TongHop:
    """Everything the office's documents show, computed once."""

    computed: Computed
    truong: list[DongTruong]
    targets: list
    warnings: list[Problem]

    @property
    def sent(self) -> list[DongTruong]:
        return [t for t in self.truong if t.bao_cao is not None]


def assessed(targets, found: dict[str, Indicator]) -> list[KetQuaChiTieu]:
    return [KetQuaChiTieu(c, assess(found[c.chi_so], c), indicator=found[c.chi_so]) for c in targets]


def tong_hop(office: Office, period: str, received) -> TongHop:
    """Returns the office's figures for ``period`` from the reports received (see :mod:`generator.receive`).

    Without the office's own report file of the period (``status`` asks before it is written), the
    window is the legal one.
    """
    from generator.periods import data_window

    valid = office.valid
    kept, problems = _validated(received, period, valid.year)
    chosen, more = _one_per_school(kept)
    problems += more
    deadline = valid.ke_hoach.han_truong_nop.get(period)
    roster = {t.ky_hieu: t.ten for t in office.truong.truong}
    for code, (path, _b, _e) in chosen.items():
        if code not in roster:
            problems.append(Problem(path, _("%(school)s is not in truong.yaml: its report counts, listed as outside the roster",
                                            school=code), warning=True))
    targets = [c for c in valid.ke_hoach.chi_tieu if c.chi_so is not None]
    rows = []
    for code, ten in [*roster.items(), *((c, chosen[c][1].don_vi.ten_goi) for c in chosen if c not in roster)]:
        if code not in chosen:
            rows.append(DongTruong(code, ten, None, None, (CHUA_NOP,)))
            continue
        path, b, edited = chosen[code]
        marks = ((NGOAI_DANH_SACH,) if code not in roster else ()) + (
            (NOP_MUON,) if deadline and b.ky.ngay > deadline else (DA_NOP,)) + ((DA_SUA,) if edited else ())
        found = indicators(b.so_lieu, b.ky.tu_ngay, b.ky.den_ngay)
        rows.append(DongTruong(code, ten, path, b, marks, assessed(targets, found), found))
    report = office.reports.get(period)
    tu_ngay, den_ngay = window(period, valid.year, report) if report else data_window(period, valid.year)
    sent = [r for r in rows if r.bao_cao is not None]
    figures = sum_figures([r.bao_cao.so_lieu for r in sent]) if sent else None
    found = whole([r.indicators for r in sent]) if sent else {}
    results = assessed(targets, found) if sent else [KetQuaChiTieu(c, "khong_phat_sinh") for c in targets]
    rows_tthc = figures.tthc if figures else []
    computed = Computed(period, valid.year, tu_ngay, den_ngay, report, found, results, bieu06(rows_tthc),
                        bieu06_total(rows_tthc), (), figures)
    return TongHop(computed, rows, targets, problems)


# --- present -----------------------------------------------------------------------------------------------

def _status_text(marks: tuple[str, ...]) -> str:
    return "; ".join(TRANG_THAI[m] for m in marks)


def school_targets(stt: int, t: DongTruong) -> dict:
    """Returns a school's row of the targets annex: "10/13" met (and how many did not arise), and each target not met
    with its value and the plan's target."""
    from generator.present import indicator_text, target_text

    counts = {k: sum(1 for r in t.ket_qua if r.danh_gia == k) for k in ("dat", "khong_phat_sinh")}
    dat = f"{counts['dat']}/{len(t.ket_qua)}"
    if counts["khong_phat_sinh"]:
        dat += f" ({counts['khong_phat_sinh']} không phát sinh)"
    missed = [f"- {r.chi_tieu.noi_dung}: {indicator_text(r.indicator, r.chi_tieu)} ({target_text(r.chi_tieu).lower()})"
              for r in t.ket_qua if r.danh_gia == "chua_dat"]
    status = f" ({_status_text(t.trang_thai)})" if t.trang_thai != (DA_NOP,) else ""
    return {"stt": str(stt), "ten": t.ten + status, "dat": dat, "chua_dat": missed or ["Đạt tất cả các chỉ tiêu."]}


def tong_hop_context(th: TongHop, don_vi, ke_hoach: KeHoach) -> dict:
    """Returns the template context of the office's report: the school report's context, said of the schools, with the annexes."""
    from generator.present import context, ky_hieu, ngay_thang, printable_all, ten_ky, tthc_tom_tat

    c = th.computed
    base = context(c, don_vi, ke_hoach)
    roster = [t for t in th.truong if NGOAI_DANH_SACH not in t.trang_thai]
    sent = th.sent
    late = [t for t in sent if NOP_MUON in t.trang_thai]
    missing = [t for t in th.truong if t.bao_cao is None]
    edited = [t for t in sent if DA_SUA in t.trang_thai]
    plan = (f"Kế hoạch số {ky_hieu(ke_hoach.so, 'KH', don_vi.ky_hieu).strip()} ngày {ngay_thang(ke_hoach.ngay)}"
            if ke_hoach.so is not None else f"Kế hoạch ngày {ngay_thang(ke_hoach.ngay)}")
    mo_dau = [
        f"{don_vi.ten_goi} báo cáo kết quả thực hiện công tác cải cách hành chính {ten_ky(c.period, c.year)} của "
        f"các trường trực thuộc theo {plan} về {ke_hoach.trich_yeu[0].lower()}{ke_hoach.trich_yeu[1:]} (số liệu tổng hợp "
        f"từ báo cáo của {len(sent)}/{len(roster)} trường, tính từ ngày {ngay_thang(c.tu_ngay)} đến ngày "
        f"{ngay_thang(c.den_ngay)}) như sau:"
    ]
    tinh_hinh = [f"Có {len(sent)}/{len(roster)} trường đã gửi báo cáo"
                 + (f", trong đó {len(late)} trường gửi sau thời hạn" if late else "") + "."]
    if missing:
        tinh_hinh.append("Chưa gửi báo cáo: " + ", ".join(t.ten for t in missing) + ".")
    if edited:
        tinh_hinh.append("Báo cáo đã được sửa sau khi tạo, cần đối chiếu số liệu: " + ", ".join(t.ten for t in edited) + ".")
    if len(sent) > len([t for t in roster if t.bao_cao is not None]):
        tinh_hinh.append("Có báo cáo của trường ngoài danh sách, đã được tổng hợp.")
    tinh_hinh.append("Chi tiết tại Phụ lục III kèm theo.")
    return {**base, **printable_all({
        "mo_dau": mo_dau,
        "tthc_tom_tat": tthc_tom_tat(c, "các trường", "(chi tiết tại Phụ lục I kèm theo)"),
        "chi_tieu_ghi_chu": (
            "Tỷ lệ chung tính bằng tổng số của các trường chia cho tổng số tương ứng (không lấy trung bình các tỷ lệ); "
            "kết quả của từng trường tại Phụ lục II kèm theo."),
        "tinh_hinh_nop": tinh_hinh,
        "truong_chi_tieu": [school_targets(i, t) for i, t in enumerate(sent, 1)],
        "truong_nop": [
            {"stt": str(i), "ten": t.ten, "ky_hieu": t.ky_hieu,
             "so_ngay": (ky_hieu(t.bao_cao.ky.so, "BC", t.ky_hieu).strip() + ", " + ngay_thang(t.bao_cao.ky.ngay)) if t.bao_cao else "",
             "trang_thai": _status_text(t.trang_thai).capitalize()}
            for i, t in enumerate(th.truong, 1)
        ],
    })}


# --- the command -------------------------------------------------------------------------------------------


def workbook_name(period: str, year: int, ky_hieu_don_vi: str) -> str:
    """Returns the file name of the workbook: "TH-CCHC-Q3-2023-PGDDT.xlsx"."""
    from generator.pipeline import ascii_name

    return f"TH-CCHC-{period.upper()}-{year}-{ascii_name(ky_hieu_don_vi)}.xlsx"


def default_folder(options, year: int, period: str) -> Path:
    """Returns nop/<year>/<period>/ beside the inputs folder."""
    return options.inputs.parent / "nop" / str(year) / period


def run(period: str, folder: Path | None, options, delivery):
    """Builds the office's report and workbook of ``period`` from the reports under ``folder``; returns what was written.

    Raises InputError when the office's own inputs are invalid (nothing written);
    every school file left out is a warning of the result.
    """
    from generator.cache import workspace_cache
    from generator.datapart import computed_data
    from generator.errors import UsageError
    from generator.pipeline import DU_THAO, PLAN, Presented, Rendered, deliver, normalise_period, output_name, template_path
    from generator.present import report_properties
    from generator.receive import receive
    from generator.render import render
    from generator.workbook import workbook
    from generator.write import Output

    period = normalise_period(period)
    if period == PLAN:
        raise UsageError(_("tong-hop sums the schools' reports: give a period q1, q2, q3, q4 or nam"))
    office = load_office(options.inputs, options.year, [period], draft=delivery.draft)
    valid = office.valid
    folder = folder if folder is not None else default_folder(options, valid.year, period)
    if not folder.is_dir():
        raise InputError([Problem(folder, _("the folder of the schools' reports does not exist"),
                                  hint=_("save the schools' .docx files in %(folder)s, or give the folder", folder=str(folder)))])
    received, problems = receive(folder)
    th = tong_hop(office, period, received)
    props = report_properties(th.computed, valid.don_vi)
    context = {**tong_hop_context(th, valid.don_vi, valid.ke_hoach), "du_thao": DU_THAO if delivery.draft else ""}
    data_part = computed_data(th.computed, valid.don_vi)
    template, unfitted, cache = template_path(options, TEMPLATE), [], workspace_cache(options.outputs)
    data = render(template, context, props, cache, data_part, unfitted)
    name = output_name(period, valid.year, valid.don_vi.ky_hieu)
    presented = Presented(period, context, props, th.computed.report.so, th.computed.report.ngay, data_part)
    sheets = Output(Path(str(valid.year)) / workbook_name(period, valid.year, valid.don_vi.ky_hieu), workbook(th))
    result = deliver([Rendered(presented, name, data, template, tuple(unfitted))], valid, options, delivery,
                     valid.warnings + problems + th.warnings, cache, extra=[sheets])
    if not th.sent:
        result.warnings.append(Problem(folder, _("no school's report was found: the report is written without figures"), warning=True))
    return result, th


def _names(rows: list[DongTruong]) -> str:
    return ", ".join(f"{t.ten} ({t.ky_hieu})" for t in rows)


def summary(th: TongHop) -> str:
    """Returns the one-line account of who has sent: "12 schools in the roster: 11 sent (2 late), 1 not sent, …"."""
    roster = [t for t in th.truong if NGOAI_DANH_SACH not in t.trang_thai]
    return _("%(roster)s schools in the roster: %(sent)s sent (%(late)s late), %(missing)s not sent, "
             "%(edited)s edited after building, %(outside)s outside the roster",
             roster=len(roster), sent=len([t for t in roster if t.bao_cao]),
             late=len([t for t in th.truong if NOP_MUON in t.trang_thai]),
             missing=len([t for t in th.truong if t.bao_cao is None]),
             edited=len([t for t in th.truong if DA_SUA in t.trang_thai]),
             outside=len(th.truong) - len(roster))


def validate_office(period: str, options) -> tuple[int, list[str], list[Problem]]:
    """Checks the office's inputs (``period``, or "all": every tong-hop-<period>.yaml there is) and its template;
    returns the year, the files checked and the warnings. Raises InputError, or TemplateError for a broken template."""
    from generator.models import PERIODS
    from generator.pipeline import normalise_period, template_path
    from generator.render import template_problems

    every = period.strip().lower() == "all"
    periods = list(PERIODS) if every else [normalise_period(period)]
    office = load_office(options.inputs, options.year, periods, required=not every)
    for p in office.reports:
        context = tong_hop_context(tong_hop(office, p, []), office.valid.don_vi, office.valid.ke_hoach)
        found = template_problems(template_path(options, TEMPLATE), context)
        if found:
            raise TemplateError("\n".join(found))
    return office.valid.year, [tong_hop_name(p)[:-5] for p in office.reports], office.valid.warnings


def office_status(options, today: date) -> list[str]:
    """Returns the lines of ``status`` for an office: per period, who has sent, who is late, who has not."""
    from generator.load import resolve_year
    from generator.models import PERIODS
    from generator.pipeline import output_name
    from generator.present import ngay_thang
    from generator.receive import receive

    year = resolve_year(options.inputs, options.year)
    # Who has sent does not depend on the office's own unfilled values: they are the business of validate.
    office = load_office(options.inputs, year, PERIODS, required=False, draft=True)
    plan = office.valid.ke_hoach
    lines = [_("year %(year)s, today %(today)s", year=year, today=ngay_thang(today))]
    for period in PERIODS:
        folder = default_folder(options, year, period)
        if period not in plan.han_truong_nop and not folder.is_dir():
            continue
        received = receive(folder)[0] if folder.is_dir() else []
        th = tong_hop(office, period, received)
        deadline = plan.han_truong_nop.get(period)
        lines.append(f"{period:<4} " + (_("schools' deadline %(day)s", day=ngay_thang(deadline)) if deadline else "-")
                     + "; " + summary(th))
        for mark, label in ((CHUA_NOP, N_("not sent: %(names)s")), (NOP_MUON, N_("late: %(names)s")),
                            (DA_SUA, N_("edited after building: %(names)s")), (NGOAI_DANH_SACH, N_("outside the roster: %(names)s"))):
            rows = [t for t in th.truong if mark in t.trang_thai]
            if rows and th.sent:  # before anyone has sent, the whole roster is no news
                lines.append("     " + _(label, names=_names(rows)))
        built = (options.outputs / str(year) / output_name(period, year, office.valid.don_vi.ky_hieu)).is_file()
        own = plan.bao_cao.get(period)
        lines.append("     " + _("the office's report: due %(day)s; %(state)s", day=ngay_thang(own) if own else "-",
                                  state=_("built") if built else _("not built yet")))
    return lines
