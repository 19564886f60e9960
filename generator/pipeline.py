"""The whole job, read as the pipeline: load → validate → compute → present → render → write.

Everything is read and checked before anything is written (as Pelican does):
one bad input file means no document at all, not half a set.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from generator.check import check_document, violation_text
from generator.compute import compute
from generator.errors import Problem, TemplateError, UsageError
from generator.i18n import _
from generator.load import Inputs, load_inputs, resolve_year
from generator.models import PERIODS, QUARTERS
from generator.present import context, plan_context
from generator.render import render, template_problems
from generator.validate import Valid, validate
from generator.write import write_atomic

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


@dataclass
class Result:
    """What a build wrote, the warnings on its inputs, and the layout violations found in what it wrote."""

    year: int
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    layout: list[Problem] = field(default_factory=list)


def ascii_name(text: str) -> str:
    """Returns ``text`` in ASCII for a file name: Đ → D, diacritics dropped, no spaces."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_")


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
              periods="q1, q2, q3, q4, nam (year), ke-hoach (plan)")
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


def _read(document: str, options: Options) -> Inputs:
    required = [document] if document in PERIODS else []
    return load_inputs(options.inputs, options.year, required, optional=earlier(document))


def missing_earlier(document: str, inputs: Inputs) -> list[Problem]:
    """Returns a warning for each earlier quarter file a running total or the year would add but that is absent."""
    expected = [q for q in earlier(document) if document != "nam" or q != "q4"]
    folder = inputs.ke_hoach.path.parent if inputs.ke_hoach else Path()
    return [
        Problem(folder / f"{q}.yaml", _("this file is missing: the running totals (Lũy kế) are built without it"), warning=True)
        for q in expected
        if q not in inputs.reports
    ]


def _context(document: str, valid: Valid) -> dict:
    if document == PLAN:
        return plan_context(valid.ke_hoach, valid.don_vi)
    return context(compute(valid, document), valid.don_vi, valid.ke_hoach)


def build(period: str, options: Options) -> Result:
    """Builds the document of ``period`` and returns what was written, with the inputs' warnings."""
    document = normalise_period(period)
    inputs = _read(document, options)
    valid = validate(inputs, plan=document == PLAN)
    data = render(template_path(options, TEMPLATE_OF[document]), _context(document, valid))
    name = output_name(document, valid.year, valid.don_vi.ky_hieu)
    written = write_atomic(options.outputs, Path(str(valid.year)) / name, data)
    # A clerk who restyled a template in Word learns here what the restyling broke.
    layout = [Problem(written, violation_text(v), warning=True) for v in check_document(data)]
    return Result(valid.year, [written], valid.warnings + missing_earlier(document, inputs), layout)


def validate_only(period: str, options: Options) -> tuple[int, list[str], list[Problem]]:
    """Checks the inputs of ``period`` ("all": every document of the year) and returns the year, the files and the warnings.

    The templates are checked too: every name they use must be in the context.
    Raises InputError with every error (and the warnings) when any input is
    invalid, TemplateError when a template is broken.
    """
    if period.strip().lower() == "all":
        year = resolve_year(options.inputs, options.year)
        present = [p for p in PERIODS if (options.inputs / str(year) / f"{p}.yaml").exists()]
        inputs = load_inputs(options.inputs, year, present)
        documents = present + [PLAN]
    else:
        documents = [normalise_period(period)]
        inputs = _read(documents[0], options)
    valid = validate(inputs, plan=PLAN in documents)
    for document in documents:
        found = template_problems(template_path(options, TEMPLATE_OF[document]), _context(document, valid))
        if found:
            raise TemplateError("\n".join(found))
    files = [p for p in PERIODS if p in inputs.reports and p in documents] + ([PLAN] if PLAN in documents else [])
    return valid.year, files, valid.warnings
