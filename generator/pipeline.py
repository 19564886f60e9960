"""The whole job, read as the pipeline: load → validate → compute → present → render → write.

Everything is read and checked before anything is written (as Pelican does):
one bad input file means no document at all, not half a set.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from generator.compute import compute
from generator.errors import Problem, TemplateError, UsageError
from generator.i18n import _
from generator.load import load_inputs, resolve_year
from generator.models import PERIODS, QUARTERS
from generator.present import context
from generator.render import render, template_problems
from generator.validate import validate
from generator.write import write_atomic

ALIASES = {"year": "nam"}
TEMPLATE_OF = {"q1": "bao-cao-quy.docx", "q2": "bao-cao-quy.docx", "q3": "bao-cao-quy.docx", "q4": "bao-cao-quy.docx"}


@dataclass(frozen=True)
class Options:
    """Where the workspace is; None for a folder means the default (or, for templates, the shipped ones)."""

    inputs: Path = Path("inputs")
    templates: Path | None = None
    outputs: Path = Path("outputs")
    year: int | None = None


@dataclass
class Result:
    year: int
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def ascii_name(text: str) -> str:
    """Returns ``text`` in ASCII for a file name: Đ → D, diacritics dropped, no spaces."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_")


def output_name(period: str, year: int, ky_hieu: str) -> str:
    """Returns the file name of a report: "BC-CCHC-Q3-2023-THCSBM.docx"."""
    return f"BC-CCHC-{period.upper()}-{year}-{ascii_name(ky_hieu)}.docx"


def normalise_period(period: str) -> str:
    """Returns the period id for a command-line word ("Q3" → "q3", "year" → "nam"); UsageError if unknown."""
    word = period.strip().lower()
    word = ALIASES.get(word, word)
    if word not in TEMPLATE_OF:
        raise UsageError(_("unknown period “%(period)s”; use one of: %(periods)s", period=period, periods="q1, q2, q3, q4"))
    return word


def earlier(period: str) -> list[str]:
    """Returns the quarters before ``period`` (read when present, for continuity checks and running totals)."""
    return [q for q in QUARTERS if q < period] if period in QUARTERS else list(QUARTERS)


def validate_only(period: str, options: Options) -> tuple[int, list[str], list[Problem]]:
    """Checks the inputs of ``period`` ("all": every report file of the year) and returns the year, the files and the warnings.

    Raises InputError with every error (and the warnings) when any input is invalid.
    """
    if period.strip().lower() == "all":
        year = resolve_year(options.inputs, options.year)
        present = [p for p in PERIODS if (options.inputs / str(year) / f"{p}.yaml").exists()]
        inputs = load_inputs(options.inputs, year, present)
    else:
        period = normalise_period(period)
        inputs = load_inputs(options.inputs, options.year, [period], optional=earlier(period))
    valid = validate(inputs)
    for period in valid.reports:
        if period in TEMPLATE_OF:
            path = template_path(options, TEMPLATE_OF[period])
            found = template_problems(path, context(compute(valid, period), valid.don_vi, valid.ke_hoach))
            if found:
                raise TemplateError("\n".join(found))
    return valid.year, [p for p in PERIODS if p in inputs.reports], valid.warnings


def template_path(options: Options, name: str) -> Path:
    """Returns the template ``name``: the workspace's copy when it has one, else the shipped one."""
    folder = options.templates if options.templates is not None else Path("templates")
    if (folder / name).is_file():
        return folder / name
    if options.templates is not None:
        raise UsageError(_("template not found: %(path)s", path=str(folder / name)))
    return Path(str(resources.files("generator.templates") / name))


def build(period: str, options: Options) -> Result:
    """Builds the document of ``period`` and returns what was written, with the inputs' warnings."""
    period = normalise_period(period)
    inputs = load_inputs(options.inputs, options.year, [period], optional=earlier(period))
    valid = validate(inputs)
    computed = compute(valid, period)
    ctx = context(computed, valid.don_vi, valid.ke_hoach)
    data = render(template_path(options, TEMPLATE_OF[period]), ctx)
    name = output_name(period, valid.year, valid.don_vi.ky_hieu)
    written = write_atomic(options.outputs, Path(str(valid.year)) / name, data)
    return Result(valid.year, [written], valid.warnings)
