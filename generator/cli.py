"""The command line: thin click commands over :mod:`generator.pipeline`.

Exactly one place, :func:`main`, turns a CchcError into its message and exit
code; anything else that escapes is reported in one sentence, never as a
traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.errors import CchcError, LayoutError
from generator.i18n import _, set_language

PathOption = click.Path(path_type=Path, file_okay=False)


def _echo(text: str, err: bool = False) -> None:
    """Prints ``text`` even on a console that cannot show Vietnamese (it degrades, never crashes)."""
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    click.echo(text.encode(encoding, "replace").decode(encoding), err=err)


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


@cli.command()
@click.argument("period")
@workspace_options
def build(period, year, inputs, templates, outputs, lang):
    """Build the document of PERIOD (q1, q2, q3, q4)."""
    from generator.pipeline import Options, build as run_build

    set_language(lang)
    result = run_build(period, Options(inputs, templates, outputs, year))
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


def main() -> None:
    """Runs the command line and exits with the code of spec/cli.md."""
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
