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
from functools import lru_cache
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
    unfilled: frozenset = frozenset()
    """Key paths whose line carries the comment "# chưa điền" (left by ``cchc-docs init``: still to fill in)."""
    typed: dict[tuple, str] = field(default_factory=dict)
    """Key path → the number as typed, for each decimal number ("1.250", where the data holds 1.25)."""

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
    don_vi: Source | None
    ke_hoach: Source | None
    reports: dict[str, Source | None]
    problems: list[Problem] = field(default_factory=list)
    """Files that could not be read (None above): validation reports them with its own findings."""


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda c, node: str(c.construct_scalar(node))
    )
    return yaml


UNFILLED_MARK = "chưa điền"


def _marked_unfilled(node, key, line: int) -> bool:
    """Returns whether the entry ``key`` of ``node`` has "# chưa điền" as the comment of its own line."""
    tokens = node.ca.items.get(key) or []
    return any(
        t is not None and not isinstance(t, list) and t.start_mark.line == line
        and UNFILLED_MARK in unicodedata.normalize("NFC", t.value.split("\n")[0])
        for t in tokens
    )


def typed_number(node) -> str:
    """Returns a decimal number as the clerk typed it: ruamel keeps its width and precision ("1.250", not 1.25)."""
    width, prec = getattr(node, "_width", None), getattr(node, "_prec", None)
    if getattr(node, "_exp", None) is None and width is not None and prec is not None and width > prec >= 0:
        return f"{float(node):.{width - prec - 1}f}"
    return str(node)


def _plain(node, path: tuple, locations: dict, unfilled: set, typed: dict) -> Any:
    """Returns ruamel's round-trip node as plain data, recording positions, "chưa điền" marks and typed numbers."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for raw_key, value in node.items():
            key = _plain(raw_key, path, {}, set(), {})
            # A key brought in by a merge (<<: *anchor) has no position of its own: it stands where the mapping does.
            line, col = node.lc.key(raw_key) if raw_key in (node.lc.data or {}) else (node.lc.line, node.lc.col)
            locations[path + (key,)] = (line + 1, col + 1)
            if _marked_unfilled(node, raw_key, line):
                unfilled.add(path + (key,))
            out[key] = _plain(value, path + (key,), locations, unfilled, typed)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            locations[path + (i,)] = (line + 1, col + 1)
            if _marked_unfilled(node, i, line):
                unfilled.add(path + (i,))
            out.append(_plain(item, path + (i,), locations, unfilled, typed))
        return out
    if isinstance(node, str):
        return unicodedata.normalize("NFC", str(node))
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        typed[path] = typed_number(node)
        return float(node)
    return node


NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w]*:[^\s:/]")
ENDS_WITH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_]\w*):\s+[^\"'{\[#][^#]*:\s*(?:#.*)?$")
"""A key whose unquoted text ends with ":" ("mo_dau: … như sau:")."""
FLOW_VALUE_WITH_COLON = re.compile(r"[{,]\s*([A-Za-z_]\w*):\s+([^,{}\"']*?:\s[^,{}]*)")
"""Inside { … }, a key whose unquoted value holds ": " ("ket_qua: Tỷ lệ số hóa: 82%")."""


def syntax_problem(text: str, exc, shown_as: Path) -> Problem:
    """Returns the clerk's sentence for a YAML syntax error, at the line to fix, with a hint for the usual causes.

    The usual causes in Notepad: a Tab used to indent, a missing space after a
    colon ("so:25"), a quote opened and not closed, ": " inside a sentence,
    items out of line, a key typed twice.
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    lines = text.splitlines()
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    message = _("YAML syntax error: %(problem)s", problem=exc.problem or str(exc))
    hint = None
    nearby = range(max(0, (line or 1) - 3), min(len(lines), line or 0))
    if "\t" in problem or "'\\t'" in str(exc):
        message, hint = _("a Tab character is used to indent"), _("use spaces, not the Tab key, to indent")
    elif "quoted scalar" in context:
        start = exc.context_mark
        line, column = (start.line + 1, start.column + 1) if start else (line, column)
        message = _("a quote is opened here and never closed")
        hint = _("close the quote at the end of the value, or remove it")
    elif "duplicate key" in problem:
        key = re.search(r'duplicate key "([^"]*)"', exc.problem or "")
        message = _("the key “%(key)s” is written twice", key=key.group(1) if key else "")
        hint = _("keep one of them")
    elif any(NO_SPACE_AFTER_COLON.match(lines[i]) for i in reversed(nearby)):
        i = next(i for i in reversed(nearby) if NO_SPACE_AFTER_COLON.match(lines[i]))
        line, column = i + 1, lines[i].index(":") + 1
        message = _("a space is missing after the colon")
        hint = _("write “key: value”, with a space after “:”, e.g. “so: 25”")
    elif line and FLOW_VALUE_WITH_COLON.search(lines[line - 1].split("#")[0]) and ("flow" in context or "mapping values" in problem):
        key, value = FLOW_VALUE_WITH_COLON.search(lines[line - 1].split("#")[0]).groups()
        message = _("inside { … } a value contains “: ”, which YAML reads as a new key")
        hint = _("put that value in double quotes: %(example)s", example=f'{key}: "{value.strip()}"')
    elif line and ENDS_WITH_COLON.match(lines[line - 1]):
        key = ENDS_WITH_COLON.match(lines[line - 1])[1]
        message = _("the value of “%(key)s” ends with “:”, which YAML reads as the start of a new key", key=key)
        hint = _("put the whole sentence in double quotes: %(example)s",
                 example=f'{key}: "{lines[line - 1].split(":", 1)[1].split(" #")[0].strip()}"')
    elif "mapping values are not allowed" in problem and line and lines[line - 1].split("#")[0].count(": ") >= 2:
        message = _("a value contains “: ”, which YAML reads as a new key")
        hint = _("put the whole sentence in double quotes")
    elif line and re.match(r"""^\s*(?:-\s+|\w+:\s+)(["'])[^"']*\1\s*\S""", lines[line - 1]):
        message = _("a quoted part is followed by more text on the same line")
        hint = _("put the whole value in double quotes, and the inner quotes as “ ”")
    elif "flow" in context:
        start = exc.context_mark
        line, column = (start.line + 1, start.column + 1) if start else (line, column)
        message = _("a bracket [ or { is opened and not closed")
        hint = _("check the brackets [ ] and { } on this line")
    elif "block" in context or "expected ':'" in problem or "mapping values" in problem:
        message = _("the lines are not aligned (indentation)")
        hint = _("items of the same level must start in the same column, indented with spaces")
    return Problem(shown_as, message, line, column, hint)


def read_source(path: Path, shown_as: Path) -> Source:
    """Returns the parsed file at ``path``; raises InputError with one located problem if it cannot be read."""
    if path.is_dir():
        raise InputError([Problem(shown_as, _("is a folder, but a YAML file was expected here"))])
    if not path.exists():
        twin = path.with_name(path.name + ".txt")
        if twin.is_file():
            raise InputError([Problem(shown_as, _("file not found, but %(twin)s is there: Notepad added “.txt” to the name",
                                                  twin=twin.name),
                                      hint=_("rename it to %(name)s (in File Explorer, tick View > File name extensions to see "
                                             "the “.txt”); when saving in Notepad, choose Save as type: All files", name=path.name))])
        raise InputError([Problem(shown_as, _("file not found"))])
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(shown_as, _("the file is saved as UTF-16 (Notepad's “Unicode”), not UTF-8"),
                                  hint=_("open it in Notepad, choose File > Save As, Encoding: UTF-8"))])
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
    return read_libyaml(text, shown_as) or read_ruamel(text, shown_as)


def read_ruamel(text: str, shown_as: Path) -> Source:
    """Returns the YAML ``text`` parsed by ruamel.yaml (YAML 1.2, comments kept); raises InputError with one located problem."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    locations: dict[tuple, Location] = {}
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise InputError([syntax_problem(text, exc, shown_as)]) from None
    except ReaderError as exc:
        before = text[: exc.position]
        raise InputError(
            [
                Problem(
                    shown_as,
                    _("the file contains an invisible control character (U+%(code)04X)", code=exc.character if isinstance(exc.character, int) else ord(exc.character)),
                    before.count("\n") + 1,
                    len(before) - (before.rfind("\n") + 1) + 1,
                    _("delete it, or retype the line"),
                )
            ]
        ) from None
    except Exception as exc:  # ruamel raises plain errors for a few malformed documents
        raise InputError([Problem(shown_as, _("YAML syntax error: %(problem)s", problem=str(exc)))]) from None
    if isinstance(node, dict) and node:
        first_line, _col = node.lc.key(next(iter(node)))
        locations[()] = (first_line + 1, 1)  # a key missing from the top level belongs where the keys start
    unfilled: set = set()
    typed: dict[tuple, str] = {}
    data = _plain(node, (), locations, unfilled, typed)
    return Source(shown_as, data, locations, frozenset(unfilled), typed)


class _NotPlain(Exception):
    """The text uses YAML that the fast reader leaves to ruamel.yaml (see :func:`read_libyaml`)."""


PLAIN_NULL = frozenset(["", "~", "null", "Null", "NULL"])
PLAIN_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
NUMBER_LIKE = re.compile(r"[-+]?[.0-9][0-9A-Za-z_.:+-]*")
"""A plain scalar starting so may be one of YAML 1.2's other number forms (0o17, 1e3, .inf, 1_000): left to ruamel.yaml."""
TAG_OR_DIRECTIVE = re.compile(r"(?:^|[\s\[{,])!|^%", re.MULTILINE)


def read_libyaml(text: str, shown_as: Path) -> Source | None:
    """Returns the file parsed by libyaml (PyYAML's C parser), or None to leave it to ruamel.yaml.

    It gives what the ruamel.yaml path of :func:`read_source` gives (a
    differential test holds them to it), roughly ten times faster. ruamel.yaml
    stays the reference and reads anything the fast path is not sure to read
    alike: a syntax error (for its located message), a tag or directive, a
    merge key, a duplicate key, a key that is not a scalar, a number in any
    form but the plain 12 or 12.5, and the YAML 1.1 words (yes, on, =) that
    YAML 1.2 reads otherwise. libyaml keeps no comments, so the “# chưa điền”
    marks are found on the lines themselves.
    """
    loader = _libyaml_loader()
    if loader is None:
        return None
    if TAG_OR_DIRECTIVE.search(text) or any(ch in text for ch in "\t\x85\u2028\u2029"):  # ruamel.yaml refuses some tabs; YAML 1.1 line breaks
        return None
    try:
        root = loader(text).get_single_node()
    except Exception:  # every error is worded by the ruamel.yaml path
        return None
    if root is None:
        return None
    lines = re.split(r"\r\n|\r|\n", text)
    locations: dict[tuple, Location] = {}
    unfilled: set = set()
    typed: dict[tuple, str] = {}
    try:
        data = _from_node(root, (), locations, unfilled, typed, lines, set())
    except (_NotPlain, RecursionError):
        return None
    if isinstance(data, dict) and data:
        first = root.value[0][0].start_mark
        locations[()] = (first.line + 1, 1)
    return Source(shown_as, data, locations, frozenset(unfilled), typed)


@lru_cache(maxsize=None)
def _libyaml_loader():
    """Returns libyaml's parser with PyYAML's (YAML 1.1) tag resolution left out; None when libyaml is not installed.

    :func:`_scalar` reads plain scalars as YAML 1.2 itself, and resolving each
    one in Python first would cost more than the parsing.
    """
    try:
        from yaml import CSafeLoader
    except ImportError:
        return None

    class Loader(CSafeLoader):
        def resolve(self, kind, value, implicit):
            return kind.__name__

        def descend_resolver(self, current_node, current_index):
            pass

        def ascend_resolver(self):
            pass

    return Loader


def _scalar(node) -> Any:
    """Returns a libyaml scalar node as YAML 1.2 (ruamel.yaml) reads it; raises _NotPlain when unsure."""
    value = node.value
    if node.style:  # quoted or block: always text (a plain scalar has no style, None or "")
        return unicodedata.normalize("NFC", value)
    if value in PLAIN_NULL:
        return None
    if value in PLAIN_BOOL:
        return PLAIN_BOOL[value]
    if PLAIN_INT.fullmatch(value):
        return int(value)
    if PLAIN_FLOAT.fullmatch(value):
        return float(value)
    if NUMBER_LIKE.fullmatch(value) and not re.match(r"\d{4}-\d\d?-\d\d?(?![\d:])", value) or value in ("=", "<<"):
        raise _NotPlain(value)
    return unicodedata.normalize("NFC", value)


def _comment_marks(line: str, after: int) -> bool:
    """Returns whether ``line`` has, after column ``after``, a comment holding "chưa điền"."""
    rest = line[after:].lstrip(" \t:-")
    return rest.startswith("#") and UNFILLED_MARK in unicodedata.normalize("NFC", rest[1:])


def _marked(key_node, value_node, lines: list[str]) -> bool:
    """Returns whether the entry (key, or item when ``key_node`` is None) carries "# chưa điền" on its own line."""
    line = (key_node or value_node).start_mark.line
    if line >= len(lines) or "#" not in lines[line]:
        return False
    end = value_node.end_mark
    after = end.column if end.line == line and end.index != value_node.start_mark.index else None
    if after is None:
        after = key_node.end_mark.column if key_node is not None else value_node.start_mark.column
    return _comment_marks(lines[line], after)


def _from_node(node, path: tuple, locations: dict, unfilled: set, typed: dict, lines: list[str], open_nodes: set) -> Any:
    """Returns a libyaml node as plain data, recording positions, "chưa điền" marks and typed numbers as :func:`_plain` does."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node)
        if isinstance(value, float):
            typed[path] = node.value  # a plain scalar is the number exactly as typed ("1.250")
        return value
    if id(node) in open_nodes:  # an alias inside its own anchor
        raise _NotPlain("recursive alias")
    open_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or (key_node.value == "<<" and not key_node.style):
                raise _NotPlain("merge or complex key")
            key = _scalar(key_node)
            if key in out:
                raise _NotPlain("duplicate key")
            locations[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if _marked(key_node, value_node, lines):
                unfilled.add(path + (key,))
            out[key] = _from_node(value_node, path + (key,), locations, unfilled, typed, lines, open_nodes)
    else:
        out = []
        for i, item in enumerate(node.value):
            locations[path + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            # ruamel.yaml keeps the comment of an empty item ("-   # chưa điền") elsewhere than on the item
            empty = isinstance(item, yaml.ScalarNode) and not item.style and item.value == ""
            if not empty and _marked(None, item, lines):
                unfilled.add(path + (i,))
            out.append(_from_node(item, path + (i,), locations, unfilled, typed, lines, open_nodes))
    open_nodes.discard(id(node))
    return out


def newest_year(inputs_dir: Path) -> int | None:
    """Returns the newest year folder (four digits) under ``inputs_dir``; None if there is none."""
    years = [int(p.name) for p in inputs_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)]
    return max(years) if years else None


def resolve_year(inputs_dir: Path, year: int | None) -> int:
    """Returns ``year``, or the newest year folder of the inputs; raises InputError when there is none."""
    if not inputs_dir.is_dir():
        raise InputError(
            [Problem(inputs_dir, _("the inputs folder does not exist"), hint=_("run the command in the folder that holds inputs/, or give --inputs"))]
        )
    if year is None:
        year = newest_year(inputs_dir)
        if year is None:
            raise InputError([Problem(inputs_dir, _("no year folder (e.g. 2023) in the inputs folder"))])
    return year


def load_inputs(inputs_dir: Path, year: int | None, required: list[str], optional: list[str] = ()) -> Inputs:
    """Reads don-vi.yaml, the year's ke-hoach.yaml, the report files of ``required`` and those of ``optional`` that exist.

    A file that cannot be read is None in the result and its problem is kept,
    so that validation can report it together with everything else. A year of
    None means the newest year folder.
    """
    year = resolve_year(inputs_dir, year)
    problems: list[Problem] = []

    def read(*parts: str) -> Source | None:
        path = inputs_dir.joinpath(*parts)
        try:
            return read_source(path, path)
        except InputError as exc:
            if not path.exists() and exc.problems[0].hint is None and re.fullmatch(r"q[2-4]\.yaml", path.name):
                before = path.with_name(f"q{int(path.name[1]) - 1}.yaml")
                exc.problems[0] = Problem(path, exc.problems[0].message, hint=_(
                    "copy %(previous)s to %(name)s and change its figures and paragraphs", previous=before.name, name=path.name))
            elif not path.exists() and exc.problems[0].hint is None and path.name == "nam.yaml":
                quarters = [q for q in ("q4", "q3", "q2", "q1") if path.with_name(f"{q}.yaml").is_file()]
                exc.problems[0] = Problem(path, exc.problems[0].message, hint=_(
                    "copy %(previous)s to nam.yaml and change it: its paragraphs are the whole year's, its figures (so_lieu) "
                    "only those after the last quarter file (usually from 15/9)", previous=f"{quarters[0] if quarters else 'q1'}.yaml"))
            problems.extend(exc.problems)
            return None

    don_vi = read("don-vi.yaml")
    ke_hoach = read(str(year), "ke-hoach.yaml")
    wanted = list(required) + [p for p in optional if p not in required and (inputs_dir / str(year) / f"{p}.yaml").exists()]
    reports = {p: read(str(year), f"{p}.yaml") for p in wanted}
    return Inputs(year, don_vi, ke_hoach, reports, problems)
