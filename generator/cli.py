"""The command line: thin click commands over :mod:`generator.pipeline`.

Exactly one place, :func:`main`, turns a CchcError into its message and exit
code; anything else that escapes is reported in one sentence, never as a
traceback.
"""
from __future__ import annotations

import atexit
import gc
import sys
from datetime import date
from pathlib import Path

import click

from generator.errors import CchcError, LayoutError
from generator.i18n import N_, _, set_language, without_diacritics

PathOption = click.Path(path_type=Path, file_okay=False)


def _echo(text: str, err: bool = False) -> None:
    """Prints ``text``; on a console that cannot show Vietnamese (cp1252, cp437) it drops the diacritics it cannot show.

    "Trường THCS Bình Minh" then reads "Truong THCS Binh Minh": readable, never a UnicodeEncodeError.
    """
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    shown = "".join(ch if _encodable(ch, encoding) else without_diacritics(ch) or "?" for ch in text)
    click.echo(shown, err=err)


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def workspace_options(f):
    for option in reversed(
        [
            click.option("--year", type=int, help="YYYY; default: the newest year folder under inputs/"),
            click.option("--inputs", "inputs", type=PathOption, default=Path("inputs"), show_default=True),
            click.option("--templates", "templates", type=PathOption, default=None),
            click.option("--outputs", "outputs", type=PathOption, default=Path("outputs"), show_default=True),
            click.option("--lang", type=click.Choice(["vi", "en"]), default=None),
        ]
    ):
        f = option(f)
    return f


@click.group()
@click.version_option(package_name="cchc-docs")
def cli():
    """cchc-docs: báo cáo cải cách hành chính của nhà trường, đúng thể thức Nghị định 30/2020/NĐ-CP."""


class Progress:
    """A progress bar on stderr, shown only when there are more than a few documents."""

    SHOW_ABOVE = 3

    def __init__(self):
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if total <= self.SHOW_ABOVE:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=_("building"), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)
        if done == total:
            self.bar.__exit__(None, None, None)


@cli.command()
@click.argument("period")
@workspace_options
@click.option("--pdf", is_flag=True, help="also write a PDF through LibreOffice")
@click.option("--eml", is_flag=True, help="also write an e-mail draft with the files attached")
@click.option("--force", is_flag=True, help="replace outputs changed by hand, keeping them as .bak")
def build(period, year, inputs, templates, outputs, lang, pdf, eml, force):
    """Build the document of PERIOD: q1 … q4, nam (year), ke-hoach (plan), or all."""
    from generator.pipeline import Delivery, Options, build as run_build

    set_language(lang)
    result = run_build(period, Options(inputs, templates, outputs, year), Delivery(pdf, eml, force), Progress())
    for warning in result.warnings + result.layout:
        _echo(str(warning), err=True)
    _echo(_("year %(year)s", year=result.year))
    for path in result.written:
        _echo(str(path))


@cli.command()
@click.argument("period", default="all")
@workspace_options
def validate(period, year, inputs, templates, outputs, lang):
    """Check the inputs of PERIOD (q1 … q4, or all) without writing anything."""
    from generator.pipeline import Options, validate_only

    set_language(lang)
    year, periods, warnings = validate_only(period, Options(inputs, templates, outputs, year))
    for warning in warnings:
        _echo(str(warning), err=True)
    _echo(_("inputs of %(year)s are valid: %(files)s", year=year, files=", ".join(periods) or "-"))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None)
def check(files, as_json, lang):
    """Check .docx files against the layout rules of Nghị định 30/2020 (exit 3 on any violation)."""
    from generator.check import check_files, format_report

    set_language(lang)
    results = check_files(list(files))
    _echo(format_report(results, as_json))
    if any(results.values()):
        raise LayoutError(_("layout violations found"))


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help="YYYY; default: this year")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None)
def init(folder, year, lang):
    """Create a workspace in FOLDER (inputs with every key, templates, outputs); never overwrites a file."""
    from generator.workspace import init_workspace

    set_language(lang)
    created, kept = init_workspace(folder, year or date.today().year)
    for path in created:
        _echo(_("created %(path)s", path=str(path)))
    for path in kept:
        _echo(_("kept as it was: %(path)s", path=str(path)))
    _echo(_("next: fill in the values marked “# chưa điền”, then run: cchc-docs validate"))


STATE = {
    "missing": N_("not there"),
    "valid": N_("valid"),
    "invalid": N_("%(count)s errors"),
    "current": N_("built, up to date"),
    "stale": N_("built, older than its inputs"),
}


@cli.command()
@workspace_options
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, hidden=True)
def status(year, inputs, templates, outputs, lang, today):
    """Show the year's reports: data window, deadline, days left, input and output."""
    from generator.pipeline import Options, status as run_status
    from generator.present import ngay_thang

    set_language(lang)
    day = today.date() if today else date.today()
    year, rows = run_status(Options(inputs, templates, outputs, year), day)
    _echo(_("year %(year)s, today %(today)s", year=year, today=ngay_thang(day)))
    for row in rows:
        window = f"{ngay_thang(row.window[0])}–{ngay_thang(row.window[1])}" if row.window else "-"
        if row.days_left is None:
            when = "-"
        elif row.output_state != "missing":  # built: days late would alarm for nothing
            when = _("due %(day)s, document built", day=ngay_thang(row.deadline))
        elif row.days_left >= 0:
            when = _("due %(day)s, %(n)s days left", day=ngay_thang(row.deadline), n=row.days_left)
        else:
            when = _("due %(day)s, %(n)s days late", day=ngay_thang(row.deadline), n=-row.days_left)
        _echo(f"{row.document:<9} {window:<23} {when}")
        _echo("          " + _("input: %(state)s; output: %(built)s",
                                state=_(STATE[row.input_state], count=row.errors), built=_(STATE[row.output_state])))


def main() -> None:
    """Runs the command line and exits with the code of spec/cli.md."""
    # At exit, the objects still alive go with the process instead of through a last garbage collection
    # (a tenth of a build's CPU time). Files are closed by their with-blocks before that.
    atexit.register(gc.freeze)
    for stream in (sys.stdout, sys.stderr):
        # click's own help and errors do not go through _echo: on a cp1252 console they must not crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except CchcError as exc:
        for line in exc.lines():
            _echo(line, err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # the promise of spec/cli.md: never a traceback
        error = f"{type(exc).__name__}: {exc}"
        _echo(_("unexpected error: %(error)s", error=error), err=True)
        sys.exit(1)
    sys.exit(0)
