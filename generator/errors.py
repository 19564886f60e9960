"""The one error family of cchc-docs, each kind carrying its exit code (spec/cli.md).

Errors are raised anywhere in the pipeline and turned into a message and an
exit code in exactly one place, :func:`generator.cli.main`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import _


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the clerk's input, located where known.

    ``line`` and ``column`` are 1-based; None means the position is not known
    (a missing file, a key missing from a whole file).
    """

    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    warning: bool = False

    def sort_key(self):
        return (str(self.file), self.line or 0, self.column or 0)

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.warning:
            text += _("warning") + ": "
        text += self.message
        if self.hint:
            text += " (" + _("hint") + ": " + self.hint + ")"
        return visible(text)


def visible(text: str) -> str:
    """Returns ``text`` on one line: control characters and line separators a clerk typed are shown escaped.

    A message quotes what the clerk typed; a stray line break or terminal
    control code in it must not split the message or disturb the console.
    """
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Zl", "Zp") else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class CchcError(Exception):
    """Base of every error the clerk may see; ``exit_code`` is what the program exits with."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class InputError(CchcError):
    """The inputs are invalid: exit 1, nothing written. Carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(CchcError):
    exit_code = 2


class LayoutError(CchcError):
    """``check`` found violations of nd30.md."""

    exit_code = 3


class TemplateError(CchcError):
    """A template is broken; the message names the template and the tag."""

    exit_code = 4
