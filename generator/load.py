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

from generator.collector import paused
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


READINGS = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
            "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
"""The plain scalars that YAML 1.2 reads as null, true or false."""
PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
NUMBER_LIKE = re.compile(r"[-+]?[.0-9][0-9A-Za-z_.:+-]*")
"""A plain scalar starting so may be one of YAML 1.2's other number forms (0o17, 1e3, .inf, 1_000): left to ruamel.yaml."""
NUMBER_START = frozenset("-+.0123456789")
"""The first characters of :data:`PLAIN_INT`, :data:`PLAIN_FLOAT` and :data:`NUMBER_LIKE`: any other starts a text."""
TAG = re.compile(r"!(?<=[\s\[{,]!)")
"""A "!" after a space, a line break, "[", "{" or ",": the start of a tag (searched from each "!", as a tag is rare)."""


def _tag_or_directive(text: str) -> bool:
    """Returns whether ``text`` may hold a tag ("!!str", "!x") or a directive ("%YAML" at the start of a line)."""
    return text.startswith(("!", "%")) or "\n%" in text or TAG.search(text) is not None


def read_libyaml(text: str, shown_as: Path) -> Source | None:
    """Returns the file parsed by libyaml (PyYAML's C parser), or None to leave it to ruamel.yaml.

    It gives what the ruamel.yaml path of :func:`read_source` gives (a
    differential test holds them to it), many times faster. ruamel.yaml
    stays the reference and reads anything the fast path is not sure to read
    alike: a syntax error (for its located message), a tag or directive, a
    merge key, a duplicate key, a key that is not a scalar (or is anchored or an alias), a number in any
    form but the plain 12 or 12.5, and the YAML 1.1 words (yes, on, =) that
    YAML 1.2 reads otherwise. libyaml keeps no comments, so the “# chưa điền”
    marks are found on the lines themselves.
    """
    try:
        from yaml import YAMLError
        from yaml.cyaml import CParser
    except ImportError:  # PyYAML without libyaml
        return None
    if _tag_or_directive(text) or any(ch in text for ch in "\t\x85\u2028\u2029"):  # ruamel.yaml refuses some tabs; YAML 1.1 line breaks
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        with paused():
            found = _EventReader(CParser(text).get_event, lines).document()
    except (_NotPlain, RecursionError, YAMLError):  # every error is worded by the ruamel.yaml path
        return None
    if found is None:
        return None
    data, locations, unfilled, typed = found
    if isinstance(data, dict) and data:
        locations[()] = (locations[(next(iter(data)),)][0], 1)
    return Source(shown_as, data, locations, frozenset(unfilled), typed)


def _plain_scalar(value: str) -> Any:
    """Returns a plain (unquoted) scalar as YAML 1.2 (ruamel.yaml) reads it; raises _NotPlain when unsure."""
    if value in READINGS:
        return READINGS[value]
    if value[:1] in NUMBER_START:
        if PLAIN_INT.fullmatch(value):
            return int(value)
        if PLAIN_FLOAT.fullmatch(value):
            return float(value)
        if NUMBER_LIKE.fullmatch(value) and not re.match(r"\d{4}-\d\d?-\d\d?(?![\d:])", value):
            raise _NotPlain(value)
    elif value in ("=", "<<"):
        raise _NotPlain(value)
    return unicodedata.normalize("NFC", value)


def _comment_marks(line: str, after: int) -> bool:
    """Returns whether ``line`` has, after column ``after``, a comment holding "chưa điền"."""
    rest = line[after:].lstrip(" \t:-")
    return rest.startswith("#") and UNFILLED_MARK in unicodedata.normalize("NFC", rest[1:])


def _marked(key, first, last, lines: list[str]) -> bool:
    """Returns whether the entry (key, or item when ``key`` is None) carries "# chưa điền" on its own line.

    ``key`` is the key's scalar event; ``first`` and ``last`` are the first and last events of the value.
    """
    line = (key or first).start_mark.line
    if line >= len(lines) or "#" not in lines[line]:
        return False
    end = last.end_mark
    after = end.column if end.line == line and end.index != first.start_mark.index else None
    if after is None:
        after = key.end_mark.column if key is not None else first.start_mark.column
    return _comment_marks(lines[line], after)


class _EventReader:
    """Builds plain data from libyaml's parsing events as they come, recording what :func:`_plain` records.

    No node tree is built (for 10,000 rows it would hold 100 MB at once), and
    each value is read straight from its events. An anchored node keeps its
    events, for each alias to read them again where it stands. What
    libyaml's composer refuses (an undefined or recursive alias, an anchor
    defined twice) is left to ruamel.yaml, as is a document stream of more than
    one document.
    """

    def __init__(self, take, lines: list[str]):
        from yaml import events

        self.kinds = events
        """PyYAML's event classes (imported with the parser, when a file is read)."""
        self.take = take
        self.lines = lines
        self.commented = frozenset(i for i, line in enumerate(lines) if "#" in line)
        self.locations: dict[tuple, Location] = {}
        self.unfilled: set = set()
        self.typed: dict[tuple, str] = {}
        self.readings: dict[str, Any] = {}
        """Each plain scalar read so far: a Biểu 06 repeats the same few counts."""
        self.anchors: dict[str, list] = {}
        """Each anchor's events, for its aliases to read again."""
        self.open: set[str] = set()
        """The anchors whose node is being read: an alias to one of them is recursive."""

    def document(self) -> tuple | None:
        """Returns (data, locations, unfilled, typed) of the one document; None when there is none."""
        take, StreamEndEvent = self.take, self.kinds.StreamEndEvent
        take()  # the start of the stream
        if type(take()) is StreamEndEvent:
            return None
        data, _first, _last = self.value(take(), (), take)
        take()  # the end of the document
        if type(take()) is not StreamEndEvent:
            raise _NotPlain("more than one document")
        return data, self.locations, self.unfilled, self.typed

    def scalar(self, event) -> Any:
        if event.style:  # quoted or block: always text (a plain scalar's style is "")
            return unicodedata.normalize("NFC", event.value)
        try:
            return self.readings[event.value]
        except KeyError:
            reading = self.readings[event.value] = _plain_scalar(event.value)
            return reading

    def value(self, event, path: tuple, take) -> tuple[Any, Any, Any]:
        """Returns the node that starts with ``event`` as plain data, and its first and last events
        (an alias's are those of its anchor's node); ``take`` returns the next event."""
        kinds = self.kinds
        if type(event) is kinds.AliasEvent:
            if event.anchor not in self.anchors or event.anchor in self.open:
                raise _NotPlain("undefined or recursive alias")
            events = self.anchors[event.anchor]
            return self.value(events[0], path, iter(events[1:]).__next__)
        if event.anchor is not None and self.anchors.get(event.anchor, (None,))[0] is not event:
            return self._anchored(event, path, take)
        if type(event) is kinds.ScalarEvent:
            value = self.scalar(event)
            if type(value) is float:
                self.typed[path] = event.value  # a plain scalar is the number exactly as typed ("1.250")
            return value, event, event
        if type(event) is kinds.MappingStartEvent:
            return self.mapping(event, path, take)
        return self.sequence(event, path, take)

    def _anchored(self, event, path: tuple, take) -> tuple[Any, Any, Any]:
        """Returns :meth:`value` of the node that ``event`` starts and anchors, keeping its events for its aliases."""
        if event.anchor in self.anchors:
            raise _NotPlain("anchor defined twice")
        kept = self.anchors[event.anchor] = [event]

        def keeping():
            kept.append(take())
            return kept[-1]
        self.open.add(event.anchor)
        found = self.value(event, path, keeping)
        self.open.discard(event.anchor)
        return found

    def mapping(self, start, path: tuple, take) -> tuple[dict, Any, Any]:
        ScalarEvent, MappingEndEvent = self.kinds.ScalarEvent, self.kinds.MappingEndEvent
        out: dict = {}
        scalar, locations, commented = self.scalar, self.locations, self.commented
        while True:
            key_event = take()
            if type(key_event) is not ScalarEvent:
                if type(key_event) is MappingEndEvent:
                    return out, start, key_event
                raise _NotPlain("a key that is not a scalar")
            if key_event.anchor is not None or (key_event.value == "<<" and not key_event.style):
                raise _NotPlain("merge or anchored key")
            key = scalar(key_event)
            if key in out:
                raise _NotPlain("duplicate key")
            here = path + (key,)
            mark = key_event.start_mark
            locations[here] = (mark.line + 1, mark.column + 1)
            event = take()
            if type(event) is ScalarEvent and event.anchor is None:
                out[key] = value = scalar(event)
                if type(value) is float:
                    self.typed[here] = event.value
                first = last = event
            else:
                out[key], first, last = self.value(event, here, take)
            if mark.line in commented and _marked(key_event, first, last, self.lines):
                self.unfilled.add(here)

    def sequence(self, start, path: tuple, take) -> tuple[list, Any, Any]:
        ScalarEvent, SequenceEndEvent = self.kinds.ScalarEvent, self.kinds.SequenceEndEvent
        out: list = []
        scalar, locations, commented = self.scalar, self.locations, self.commented
        while True:
            event = take()
            here = path + (len(out),)
            if type(event) is ScalarEvent and event.anchor is None:
                value = scalar(event)
                if type(value) is float:
                    self.typed[here] = event.value
                first = last = event
            elif type(event) is SequenceEndEvent:
                return out, start, event
            else:
                value, first, last = self.value(event, here, take)
            mark = first.start_mark
            locations[here] = (mark.line + 1, mark.column + 1)
            if mark.line in commented and _marked(None, first, last, self.lines):
                # ruamel.yaml keeps the comment of an empty item ("-   # chưa điền") elsewhere than on the item
                if not (type(first) is ScalarEvent and not first.style and first.value == ""):
                    self.unfilled.add(here)
            out.append(value)


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
