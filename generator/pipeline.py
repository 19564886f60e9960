"""The whole job, read as the pipeline: load → validate → compute → present → render → write.

Everything is read and checked, and every document rendered, before anything
is written (as Pelican does): one bad input file means no document at all, not
half a set.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from generator.cache import Cache, key, workspace_cache
from generator.compute import compute
from generator.datapart import DataPart, computed_data
from generator.errors import CchcError, Problem, TemplateError, UsageError
from generator.i18n import N_, _, without_diacritics
from generator.load import Inputs, load_inputs, resolve_year
from generator.models import PERIODS, QUARTERS
from generator.present import Properties, context, email_text, plan_context, plan_properties, report_properties
from generator.render import render, template_problems
from generator.validate import Valid, validate
from generator.write import (Output, changed_by_hand, digest, edited_but_current, made_from_other, read_manifest, remove_stale,
                             write_outputs)

PLAN = "ke-hoach"
DOCUMENTS = PERIODS + (PLAN,)
ALIASES = {"year": "nam", "plan": PLAN}
TEMPLATE_OF = {**{q: "bao-cao-quy.docx" for q in QUARTERS}, "nam": "bao-cao-nam.docx", PLAN: "ke-hoach.docx"}


@dataclass(frozen=True)
class Options:
    """Where the workspace is; None for a folder means the default (or, for templates, the shipped ones)."""

    inputs: Path = Path("inputs")
    templates: Path | None = None
    outputs: Path = Path("outputs")
    year: int | None = None


@dataclass(frozen=True)
class Delivery:
    """What to write besides each .docx, and whether to replace outputs changed by hand."""

    pdf: bool = False
    eml: bool = False
    force: bool = False
    draft: bool = False
    """Build even with values still marked "# chưa điền", and mark the document DỰ THẢO on page 1."""


@dataclass
class Result:
    """What a build wrote, the warnings on its inputs, and the layout violations found in what it wrote.

    ``written`` lists every document of the build (one kept as edited by hand
    included), then the PDFs and e-mail drafts written.
    """

    year: int
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    layout: list[Problem] = field(default_factory=list)


def ascii_name(text: str) -> str:
    """Returns ``text`` in ASCII for a file name: Đ → D, diacritics dropped, no spaces."""
    return "".join(ch for ch in without_diacritics(text) if ch.isalnum() or ch in "-_")


def output_name(document: str, year: int, ky_hieu: str) -> str:
    """Returns the file name of a document: "BC-CCHC-Q3-2023-THCSBM.docx", "KH-CCHC-2023-THCSBM.docx"."""
    if document == PLAN:
        return f"KH-CCHC-{year}-{ascii_name(ky_hieu)}.docx"
    return f"BC-CCHC-{document.upper()}-{year}-{ascii_name(ky_hieu)}.docx"


def normalise_period(period: str) -> str:
    """Returns the document id for a command-line word ("Q3" → "q3", "year" → "nam", "plan" → "ke-hoach")."""
    word = period.strip().lower()
    word = ALIASES.get(word, word)
    if word not in TEMPLATE_OF:
        raise UsageError(
            _("unknown period “%(period)s”; use one of: %(periods)s", period=period,
              periods="q1, q2, q3, q4, nam (year), ke-hoach (plan), all")
        )
    return word


def earlier(period: str) -> list[str]:
    """Returns the quarter files a report adds up besides its own: those before it (all four for the year)."""
    return [q for q in QUARTERS if q < period] if period in QUARTERS else list(QUARTERS) if period == "nam" else []


def template_path(options: Options, name: str) -> Path:
    """Returns the template ``name``: the workspace's copy when it has one, else the shipped one."""
    folder = options.templates if options.templates is not None else Path("templates")
    if (folder / name).is_file():
        return folder / name
    if options.templates is not None:
        raise UsageError(_("template not found: %(path)s", path=str(folder / name)))
    return Path(str(resources.files("generator.templates") / name))


def documents_of_year(options: Options, year: int) -> list[str]:
    """Returns every document whose input file exists for ``year``: the reports, and the plan (see :func:`with_plan_text`)."""
    folder = options.inputs / str(year)
    return [p for p in PERIODS if (folder / f"{p}.yaml").is_file()] + [PLAN]


def with_plan_text(documents: list[str], inputs: Inputs) -> list[str]:
    """Returns ``documents`` without the plan when ke-hoach.yaml has no plan text (van_ban) to print."""
    plan = inputs.ke_hoach
    has_text = plan is not None and isinstance(plan.data, dict) and "van_ban" in plan.data
    return [d for d in documents if d != PLAN or has_text]


def _read(documents: list[str], options: Options, year: int | None) -> Inputs:
    required = [d for d in documents if d in PERIODS]
    optional = [q for d in documents for q in earlier(d)]
    return load_inputs(options.inputs, year, required, optional=optional)


def missing_earlier(documents: list[str], inputs: Inputs) -> list[Problem]:
    """Returns a warning for each earlier quarter file a running total or the year would add but that is absent."""
    expected = {q for d in documents for q in earlier(d) if d != "nam" or q != "q4"}
    folder = inputs.ke_hoach.path.parent if inputs.ke_hoach else Path()
    return [
        Problem(folder / f"{q}.yaml", _("this file is missing: the running totals (Lũy kế) are built without it"), warning=True)
        for q in sorted(expected)
        if q not in inputs.reports
    ]


@dataclass(frozen=True)
class Presented:
    """A document ready to render: its template context, its properties, its number and date."""

    document: str
    context: dict
    properties: Properties
    so: int | None
    ngay: date
    data: DataPart | None = None


DU_THAO = "DỰ THẢO"


def _present(document: str, valid: Valid, draft: bool = False) -> Presented:
    marks = {"du_thao": DU_THAO if draft else ""}
    if document == PLAN:
        k = valid.ke_hoach
        return Presented(document, {**plan_context(k, valid.don_vi), **marks}, plan_properties(k, valid.don_vi), k.so, k.ngay)
    computed = compute(valid, document)
    return Presented(document, {**context(computed, valid.don_vi, valid.ke_hoach), **marks},
                     report_properties(computed, valid.don_vi), computed.report.so, computed.report.ngay,
                     computed_data(computed, valid.don_vi))


@dataclass(frozen=True)
class Rendered:
    presented: Presented
    name: str
    data: bytes
    template: Path
    unfitted: tuple[str, ...] = ()
    """Codes of the rules (TN-RULE, CQ-RULE, TY-RULE) the rendering found no rule for."""


def _render(document: str, valid: Valid, options: Options, draft: bool, cache: Cache) -> Rendered:
    p = _present(document, valid, draft)
    template, unfitted = template_path(options, TEMPLATE_OF[document]), []
    data = render(template, p.context, p.properties, cache, p.data, unfitted)
    return Rendered(p, output_name(document, valid.year, valid.don_vi.ky_hieu), data, template, tuple(unfitted))


def checked(data: bytes, cache: Cache) -> list:
    """Returns the layout violations of the .docx ``data`` (a draft's notes left out); a document found clean is
    remembered (by its SHA-256) and not checked again."""
    import hashlib

    name = key("clean", hashlib.sha256(data).digest())
    if cache.get("checked", name) is not None:
        return []
    from generator.check import check_document

    found = [v for v in check_document(data) if not v.note]
    if not found:
        cache.put("checked", name, b"")
    return found


def layout_problems(written: list[Path], rendered: list[Rendered], cache: Cache) -> list[Problem]:
    """Returns a warning for each layout violation found in the documents just written, and one warning on the
    template for each rule it lacks.

    A rule the template lacks is said once, on the template, where the clerk
    can add it; the checker's violation for it would say it again.
    """
    places = {"TN-RULE": N_("the Tiêu ngữ"), "CQ-RULE": N_("the name of the issuing agency"), "TY-RULE": N_("the trích yếu")}
    found, said = [], set()
    for r in rendered:
        for code in r.unfitted:
            if (r.template, code) not in said:  # q1, q2 and q3 share a template: one warning for it
                said.add((r.template, code))
                found.append(Problem(r.template, _(
                    "no rule right under %(element)s: add one to the template, an empty paragraph with a top border or a line drawn in Word",
                    element=_(places[code])), warning=True))
    violations = [(path, v) for path, r in zip(written, rendered) for v in checked(r.data, cache) if v.code not in r.unfitted]
    if violations:
        from generator.check import violation_text

        found += [Problem(path, violation_text(v), warning=True) for path, v in violations]
    return found


def build(period: str, options: Options, delivery: Delivery = Delivery(),
          progress: Callable[[int, int], None] | None = None) -> Result:
    """Builds the document of ``period`` ("all": every document of the year) and returns what was written.

    Reads and validates every input, renders every document and checks its
    layout, and only then writes (.docx, then the PDFs, then the e-mail drafts).
    """
    if period.strip().lower() == "all":
        year = resolve_year(options.inputs, options.year)
        documents = documents_of_year(options, year)
    else:
        documents, year = [normalise_period(period)], options.year
    inputs = _read(documents, options, year)
    if period.strip().lower() == "all":
        documents = with_plan_text(documents, inputs)
        if not documents:
            raise CchcError(_("no input file of a report or of the plan in %(folder)s", folder=str(options.inputs / str(year))))
    valid = validate(inputs, plan=PLAN in documents, draft=delivery.draft)
    cache = workspace_cache(options.outputs)
    rendered = []
    for document in documents:
        rendered.append(_render(document, valid, options, delivery.draft, cache))
        if progress:
            progress(len(rendered), len(documents))
    return deliver(rendered, valid, options, delivery, valid.warnings + missing_earlier(documents, inputs), cache)


def deliver(rendered: list[Rendered], valid, options: Options, delivery: Delivery, warnings: list[Problem],
            cache: Cache, extra: list[Output] = ()) -> Result:
    """Writes the rendered documents (and ``extra`` outputs beside them), then their PDFs and e-mail drafts;
    returns what was written, with ``warnings`` and the layout violations of each document. The cache of the
    rendering and of the layout check is saved once the documents are written.

    A document edited by hand whose inputs have not changed is kept as it is, and
    its PDF and e-mail are made from the edited file.
    """
    folder = Path(str(valid.year))
    outputs = [Output(folder / r.name, r.data) for r in rendered]
    kept = [] if delivery.force else edited_but_current(options.outputs, outputs)
    done = write_outputs(options.outputs, [o for o in outputs if options.outputs / o.relative not in kept] + list(extra),
                         delivery.force)
    paths = [options.outputs / o.relative for o in outputs]
    # A clerk who restyled a template in Word learns here what the restyling broke.
    layout = layout_problems(paths, rendered, cache)
    cache.save()
    result = Result(valid.year, paths + [options.outputs / o.relative for o in extra], list(warnings), layout)
    kept_note = (_("kept as edited by hand: the inputs have not changed since it was written; the PDF and the e-mail draft "
                   "are made from it") if delivery.pdf or delivery.eml else
                 _("kept as edited by hand: the inputs have not changed since it was written"))
    result.warnings += [Problem(path, kept_note, warning=True) for path in kept]
    result.warnings += [Problem(path, _("the version changed by hand is kept as %(backup)s", backup=backup.name), warning=True)
                        for path, backup in done.backups.items()]
    # What is attached and converted is the .docx on disk now, hand edits included.
    on_disk = {path: path.read_bytes() if path in kept else r.data for path, r in zip(paths, rendered)}
    pdfs = _pdfs(on_disk, options, delivery, result) if delivery.pdf else {}
    if delivery.eml:
        result.written += _emails(rendered, on_disk, pdfs, valid, options, delivery)
    for path in paths:
        for stale in remove_stale(path):
            result.warnings.append(Problem(stale, _("removed: it held the previous version of the document"), warning=True))
    return result


def _pdfs(on_disk: dict[Path, bytes], options: Options, delivery: Delivery, result: Result) -> dict[Path, bytes]:
    from generator.export import NoLibreOfficeError, to_pdf

    try:
        pdfs = to_pdf(list(on_disk))
    except NoLibreOfficeError as exc:
        result.warnings.append(Problem(Path("--pdf"), exc.message, warning=True))
        return {}
    outputs = [Output(path.relative_to(options.outputs).with_suffix(".pdf"), data, digest(on_disk[path]))
               for path, data in pdfs.items()]
    result.written += write_outputs(options.outputs, outputs, delivery.force).paths
    return pdfs


def _emails(rendered, on_disk: dict[Path, bytes], pdfs, valid: Valid, options: Options, delivery: Delivery) -> list[Path]:
    from generator.export import email_draft

    outputs = []
    for r, (path, docx) in zip(rendered, on_disk.items()):
        p = r.presented
        subject, body = email_text(p.document, valid.year, valid.don_vi, p.so, p.ngay)
        files = {r.name: docx}
        if path in pdfs:
            files[path.with_suffix(".pdf").name] = pdfs[path]
        data = email_draft(valid.don_vi.email_nhan, subject, body, files)
        outputs.append(Output(path.relative_to(options.outputs).with_suffix(".eml"), data, digest(docx)))
    return write_outputs(options.outputs, outputs, delivery.force).paths


def validate_only(period: str, options: Options) -> tuple[int, list[str], list[Problem]]:
    """Checks the inputs of ``period`` ("all": every document of the year) and returns the year, the documents and the warnings.

    The templates are checked too: every name they use must be in the context.
    Raises InputError with every error (and the warnings) when any input is
    invalid, TemplateError when a template is broken.
    """
    if period.strip().lower() == "all":
        year = resolve_year(options.inputs, options.year)
        documents = documents_of_year(options, year)
        inputs = load_inputs(options.inputs, year, [d for d in documents if d in PERIODS])
        documents = with_plan_text(documents, inputs)
    else:
        documents = [normalise_period(period)]
        inputs = _read(documents, options, options.year)
    valid = validate(inputs, plan=PLAN in documents)
    cache = workspace_cache(options.outputs)
    for document in documents:
        found = template_problems(template_path(options, TEMPLATE_OF[document]), _present(document, valid).context, cache)
        if found:
            raise TemplateError("\n".join(found))
    return valid.year, documents, valid.warnings + missing_earlier(documents, inputs)


@dataclass(frozen=True)
class Status:
    """Where one document of the year stands: its window, its deadline, its input and its output."""

    document: str
    window: tuple[date, date] | None
    deadline: date | None
    days_left: int | None
    input_state: str  # "missing", "valid" or "invalid"
    errors: int
    output_state: str  # "missing", "current", "stale" (older than an input or a template) or "edited" (changed by hand)
    behind: tuple[str, ...] = ()
    """The companions (".pdf", ".eml") made from another version of the .docx than the one on disk."""


def _newest_input(document: str, options: Options, year: int) -> float:
    folder = options.inputs / str(year)
    files = [options.inputs / "don-vi.yaml", folder / "ke-hoach.yaml"]
    files += [folder / f"{p}.yaml" for p in [document, *earlier(document)] if p in PERIODS]
    files.append(template_path(options, TEMPLATE_OF[document]))
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def status(options: Options, today: date) -> tuple[int, list[Status]]:
    """Returns the year and the state of each of its documents on ``today``."""
    from generator.errors import InputError
    from generator.periods import data_window

    year = resolve_year(options.inputs, options.year)
    try:
        calendar = validate(load_inputs(options.inputs, year, []), draft=True).ke_hoach.bao_cao
    except InputError:
        calendar = {}
    documents = [p for p in PERIODS if p in calendar or (options.inputs / str(year) / f"{p}.yaml").is_file()] + [PLAN]
    rows = []
    for document in documents:
        source = options.inputs / str(year) / ("ke-hoach.yaml" if document == PLAN else f"{document}.yaml")
        errors, state = 0, "missing"
        if source.is_file():
            try:
                validate_only(document, Options(options.inputs, options.templates, options.outputs, year))
                state = "valid"
            except InputError as exc:
                state, errors = "invalid", len([p for p in exc.problems if not p.warning])
            except TemplateError:
                state, errors = "invalid", 1
        deadline = calendar.get(document)
        out = options.outputs / str(year) / output_name(document, year, _ky_hieu(options))
        if not out.is_file():
            built = "missing"
        elif changed_by_hand(out, read_manifest(out.parent)):
            built = "edited"
        else:
            built = "current" if out.stat().st_mtime >= _newest_input(document, options, year) else "stale"
        rows.append(Status(document, data_window(document, year) if document != PLAN else None, deadline,
                           (deadline - today).days if deadline else None, state, errors, built,
                           tuple(p.suffix for p in made_from_other(out))))
    return year, rows


def _ky_hieu(options: Options) -> str:
    """Returns the unit code for output names, read from don-vi.yaml; "" when it cannot be read."""
    from generator.errors import InputError
    from generator.load import read_source

    try:
        data = read_source(options.inputs / "don-vi.yaml", options.inputs / "don-vi.yaml").data
    except InputError:
        return ""
    return str(data.get("ky_hieu", "")) if isinstance(data, dict) else ""
