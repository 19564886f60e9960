"""The command line: thin click commands over :mod:`generator.pipeline`.

Exactly one place, :func:`main`, turns a CchcError into its message and exit
code; anything else that escapes is reported in one sentence, never as a
traceback.
"""
from __future__ import annotations

import atexit
import codecs
import gc
import io
import re
import sys
from datetime import date
from pathlib import Path

import click

from generator.errors import CchcError, LayoutError
from generator.i18n import N_, _, gettext, ngettext, set_language, without_diacritics

PathOption = click.Path(path_type=Path, file_okay=False)

WORD = re.compile(r"\w+")
PUNCTUATION = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "}


def fold_words(text: str, encoding: str) -> str:
    """Returns ``text`` as a console in ``encoding`` (cp1252, cp437) can show it: a word it cannot show whole
    loses all its diacritics, never some of them.

    "văn bản đã tạo" reads "van ban da tao" on cp1252, not "van ban dã tao".
    """
    text = WORD.sub(lambda m: m[0] if _encodable(m[0], encoding) else without_diacritics(m[0]) or "?", text)
    return "".join(ch if _encodable(ch, encoding) else PUNCTUATION.get(ch) or without_diacritics(ch) or "?" for ch in text)


def _fold_unencodable(exc: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler for click's own output: the rest of the word that cannot be shown, folded."""
    end = exc.end
    while end < len(exc.object) and WORD.match(exc.object[end]):
        end += 1
    return fold_words(exc.object[exc.start:end], "ascii"), end


codecs.register_error("cchc-fold", _fold_unencodable)


def _echo(text: str, err: bool = False) -> None:
    """Prints ``text``; on a console that cannot show Vietnamese it folds the words it cannot show (:func:`fold_words`)."""
    stream = sys.stderr if err else sys.stdout
    click.echo(fold_words(text, getattr(stream, "encoding", None) or "utf-8"), err=err)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def workspace_options(f):
    for option in reversed(
        [
            click.option("--year", type=int, help=N_("YYYY; default: the newest year folder under inputs/")),
            click.option("--inputs", "inputs", type=PathOption, default=Path("inputs"), show_default=True,
                         help=N_("the folder of the input files")),
            click.option("--templates", "templates", type=PathOption, default=None,
                         help=N_("the folder of the templates; default: templates/, else the shipped ones")),
            click.option("--outputs", "outputs", type=PathOption, default=Path("outputs"), show_default=True,
                         help=N_("the folder of the documents written")),
            click.option("--lang", type=click.Choice(["vi", "en"]), default=None, help=N_("language of the messages")),
        ]
    ):
        f = option(f)
    return f


@click.group(help=N_("cchc-docs: the administrative reform (CCHC) reports of a school, in the layout of Nghị định 30/2020/NĐ-CP."))
@click.version_option(package_name="cchc-docs", message="%(prog)s %(version)s")
def cli():
    pass


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


@cli.command(help=N_("Build the document of PERIOD: q1 … q4, nam (year), ke-hoach (plan), or all."))
@click.argument("period")
@workspace_options
@click.option("--pdf", is_flag=True, help=N_("also write a PDF through LibreOffice"))
@click.option("--eml", is_flag=True, help=N_("also write an e-mail draft with the files attached"))
@click.option("--force", is_flag=True, help=N_("replace outputs changed by hand, keeping each old one as .bak"))
@click.option("--draft", is_flag=True, help=N_("build even with values marked “# chưa điền”, marked DỰ THẢO"))
def build(period, year, inputs, templates, outputs, lang, pdf, eml, force, draft):
    from generator.pipeline import Delivery, Options, build as run_build

    set_language(lang)
    result = run_build(period, Options(inputs, templates, outputs, year), Delivery(pdf, eml, force, draft), Progress())
    for warning in result.warnings + result.layout:
        _echo(str(warning), err=True)
    _echo(_("year %(year)s", year=result.year))
    for path in result.written:
        _echo(str(path))


@cli.command(help=N_("Check the inputs of PERIOD (q1 … q4, or all) without writing anything."))
@click.argument("period", default="all")
@workspace_options
def validate(period, year, inputs, templates, outputs, lang):
    from generator.pipeline import Options, validate_only
    from generator.tong_hop import is_office, validate_office

    set_language(lang)
    check = validate_office if is_office(inputs) else validate_only
    year, periods, warnings = check(period, Options(inputs, templates, outputs, year))
    for warning in warnings:
        _echo(str(warning), err=True)
    _echo(_("inputs of %(year)s are valid: %(files)s", year=year, files=", ".join(periods) or "-"))


@cli.command(help=N_("Check .docx files against the layout rules of Nghị định 30/2020 (exit 3 on any violation)."))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=N_("machine-readable output"))
@click.option("--strict", is_flag=True, help=N_("a document about to be issued: a blank number or day is a violation"))
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, help=N_("language of the messages"))
def check(files, as_json, strict, lang):
    from generator.check import check_files, format_report

    set_language(lang)
    results = check_files(list(files), strict)
    _echo(format_report(results, as_json))
    if any(not v.note for found in results.values() for v in found):
        raise LayoutError(_("layout violations found"))


@cli.command(help=N_("Create a workspace in FOLDER (inputs with every key, templates, outputs); never overwrites a file."))
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help=N_("YYYY; default: this year"))
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, help=N_("language of the messages"))
@click.option("--tong-hop", "office", is_flag=True, help=N_("the workspace of the office that sums its schools' reports"))
def init(folder, year, lang, office):
    from generator.workspace import init_office, init_workspace

    set_language(lang)
    created, kept = (init_office if office else init_workspace)(folder, year or date.today().year)
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
    "edited": N_("built, then changed by hand"),
}
BEHIND = {".pdf": N_("the PDF was made from another version of the .docx: build again with --pdf"),
          ".eml": N_("the e-mail draft attaches another version of the .docx: build again with --eml")}


@cli.command(help=N_("Show the year's reports: data window, deadline, days left, input and output."))
@workspace_options
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, hidden=True)
def status(year, inputs, templates, outputs, lang, today):
    from generator.pipeline import Options, status as run_status
    from generator.present import ngay_thang

    set_language(lang)
    day = today.date() if today else date.today()
    from generator.tong_hop import is_office, office_status

    if is_office(inputs):
        for line in office_status(Options(inputs, templates, outputs, year), day):
            _echo(line)
        return
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
        for suffix in row.behind:
            _echo("          " + _(BEHIND[suffix]))


CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui", "utils")


def speak_the_clerks_language(argv: list[str]) -> None:
    """Puts click's own messages and every help text in the language of ``--lang`` (else LANG, else Vietnamese).

    click asks gettext for its messages ("Missing argument", "Usage:"); here it asks
    our catalogs instead (click.po). Help texts are English msgids, translated
    from the original each time, so that a later call in another language still works.
    """
    lang = next((a.split("=", 1)[1] if "=" in a else argv[i + 1] for i, a in enumerate(argv)
                 if a.split("=", 1)[0] == "--lang" and ("=" in a or i + 1 < len(argv))), None)
    set_language(lang)
    for name in CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        for attr, function in (("_", gettext), ("ngettext", ngettext)):
            if module is not None and hasattr(module, attr):
                setattr(module, attr, function)
    cli.subcommand_metavar = _("COMMAND [ARGS]...")
    for command in (cli, *cli.commands.values()):
        command.options_metavar = _("[OPTIONS]")
        for item in (command, *command.params, *(p.type for p in command.params if isinstance(p.type, click.Path))):
            for attr in ("help", "name"):  # a click.Path's name ("file") was translated when it was made
                msgid = item.__dict__.setdefault(f"{attr}_msgid", getattr(item, attr, None))
                if msgid and (attr == "help" or isinstance(item, click.Path)):
                    setattr(item, attr, _(msgid))


@cli.command("tong-hop", help=N_("The office's report and workbook of PERIOD from the schools' .docx files in FOLDER "
                                  "(default nop/<year>/<period>/)."))
@click.argument("period")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@workspace_options
@click.option("--pdf", is_flag=True, help=N_("also write a PDF through LibreOffice"))
@click.option("--eml", is_flag=True, help=N_("also write an e-mail draft with the files attached"))
@click.option("--force", is_flag=True, help=N_("replace outputs changed by hand, keeping each old one as .bak"))
@click.option("--draft", is_flag=True, help=N_("build even with values marked “# chưa điền”, marked DỰ THẢO"))
def tong_hop(period, folder, year, inputs, templates, outputs, lang, pdf, eml, force, draft):
    from generator.pipeline import Delivery, Options
    from generator.tong_hop import run, summary

    set_language(lang)
    result, th = run(period, folder, Options(inputs, templates, outputs, year), Delivery(pdf, eml, force, draft))
    for warning in result.warnings + result.layout:
        _echo(str(warning), err=True)
    _echo(_("year %(year)s", year=result.year))
    _echo(summary(th))
    for path in result.written:
        _echo(str(path))


def main() -> None:
    """Runs the command line and exits with the code of spec/cli.md."""
    # At exit, the objects still alive go with the process instead of through a last garbage collection
    # (a tenth of a build's CPU time). Files are closed by their with-blocks before that.
    atexit.register(gc.freeze)
    for stream in (sys.stdout, sys.stderr):
        # click's own help and errors do not go through _echo: on a cp1252 console they fold like it, never crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="cchc-fold")
    speak_the_clerks_language(sys.argv[1:])
    try:
        cli.main(standalone_mode=False, prog_name="cchc-docs")
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)
        _echo(shown.getvalue().rstrip("\n"), err=True)
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
