"""Step 1, load: the clerk's YAML files → plain Python data, with where each value stood.

Only this module reads input files. It accepts UTF-8 with or without a BOM and
CRLF line ends, parses YAML 1.2 with ruamel.yaml, and normalises every string
to NFC. Dates stay as the text the clerk typed, so that an impossible date
(2023-02-30) becomes a located validation message instead of a crash.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.i18n import _

Location = tuple[int, int]


@dataclass(frozen=True)
class Source:
    """One input file: its plain data and the 1-based (line, column) of every key and item."""

    path: Path
    data: Any
    locations: dict[tuple, Location] = field(default_factory=dict)

    def where(self, loc: tuple) -> Location | tuple[None, None]:
        """Returns the position of ``loc``, or of its nearest located ancestor; (None, None) if none is."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.locations:
                return self.locations[loc[:end]]
        return (None, None)

    def problem(self, loc: tuple, message: str, hint: str | None = None, warning: bool = False) -> Problem:
        line, column = self.where(loc)
        return Problem(self.path, message, line, column, hint, warning)


@dataclass(frozen=True)
class Inputs:
    """Everything one build reads: the unit, the year's plan and the report files by period."""

    year: int
    don_vi: Source
    ke_hoach: Source
    reports: dict[str, Source]


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda c, node: str(c.construct_scalar(node))
    )
    return yaml


def _plain(node, path: tuple, locations: dict) -> Any:
    """Returns ruamel's round-trip node as plain data, recording positions into ``locations``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for raw_key, value in node.items():
            key = _plain(raw_key, path, {})
            line, col = node.lc.key(raw_key)
            locations[path + (key,)] = (line + 1, col + 1)
            out[key] = _plain(value, path + (key,), locations)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            locations[path + (i,)] = (line + 1, col + 1)
            out.append(_plain(item, path + (i,), locations))
        return out
    if isinstance(node, str):
        return unicodedata.normalize("NFC", str(node))
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def read_source(path: Path, shown_as: Path) -> Source:
    """Returns the parsed file at ``path``; raises InputError with one located problem if it cannot be read."""
    from ruamel.yaml.error import MarkedYAMLError

    if path.is_dir():
        raise InputError([Problem(shown_as, _("is a folder, but a YAML file was expected here"))])
    if not path.exists():
        raise InputError([Problem(shown_as, _("file not found"))])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    shown_as,
                    _("the file is not saved as UTF-8 (perhaps Windows-1258 or a TCVN3/VNI font)"),
                    line,
                    hint=_("open it in Notepad, choose File > Save As, Encoding: UTF-8"),
                )
            ]
        ) from None
    if not text.strip():
        raise InputError([Problem(shown_as, _("the file is empty"))])
    locations: dict[tuple, Location] = {}
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        hint = None
        if "\t" in text and "'\\t'" in str(exc):
            hint = _("use spaces, not the Tab key, to indent")
        raise InputError(
            [
                Problem(
                    shown_as,
                    _("YAML syntax error: %(problem)s", problem=exc.problem or str(exc)),
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    hint,
                )
            ]
        ) from None
    except Exception as exc:  # ruamel raises plain errors for a few malformed documents
        raise InputError([Problem(shown_as, _("YAML syntax error: %(problem)s", problem=str(exc)))]) from None
    return Source(shown_as, _plain(node, (), locations), locations)


def newest_year(inputs_dir: Path) -> int | None:
    """Returns the newest year folder (four digits) under ``inputs_dir``; None if there is none."""
    years = [int(p.name) for p in inputs_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)]
    return max(years) if years else None


def load_inputs(inputs_dir: Path, year: int | None, periods: list[str]) -> Inputs:
    """Reads don-vi.yaml, the year's ke-hoach.yaml and the report files of ``periods``.

    Every file is read before anything fails, so that all unreadable files are
    reported at once. A year of None means the newest year folder.
    """
    if not inputs_dir.is_dir():
        raise InputError(
            [Problem(inputs_dir, _("the inputs folder does not exist"), hint=_("run the command in the folder that holds inputs/, or give --inputs"))]
        )
    if year is None:
        year = newest_year(inputs_dir)
        if year is None:
            raise InputError([Problem(inputs_dir, _("no year folder (e.g. 2023) in the inputs folder"))])
    problems: list[Problem] = []

    def read(*parts: str) -> Source | None:
        path = inputs_dir.joinpath(*parts)
        try:
            return read_source(path, path)
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    don_vi = read("don-vi.yaml")
    ke_hoach = read(str(year), "ke-hoach.yaml")
    reports = {p: read(str(year), f"{p}.yaml") for p in periods}
    if problems:
        raise InputError(problems)
    return Inputs(year, don_vi, ke_hoach, reports)
