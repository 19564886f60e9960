"""Step 6, write: the only step that touches the output folder.

A document is written to a temporary file beside its destination and renamed
over it, so an interrupted run leaves either the old file or the new one, never
half of one. The writer refuses a path outside the output folder and two
documents to one name. It remembers what it wrote (a manifest of SHA-256 hashes
per folder) and refuses to overwrite a file changed since (a Word edit, a
signature added), unless forced, when the old file is kept as ``….bak`` (``….2.bak``,
``….3.bak`` … when that name is taken: no forced build ever loses a hand edit).
The manifest also records, for each PDF and e-mail draft, the .docx it was made
from, so that one made from another version of its .docx is known as such.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CchcError
from generator.i18n import _

MANIFEST = ".cchc-manifest.json"
MADE_FROM = "made_from"
"""Manifest key: PDF or e-mail draft name → SHA-256 of the .docx it was made from (no output is named so)."""
COMPANIONS = (".pdf", ".eml")


@dataclass(frozen=True)
class Output:
    """A file to write: its path inside the outputs folder, its bytes and, for a PDF or an e-mail
    draft, the SHA-256 of the .docx it was made from."""

    relative: Path
    data: bytes
    made_from: str | None = None


@dataclass(frozen=True)
class Written:
    """What :func:`write_outputs` wrote, and where each replaced file changed by hand was kept."""

    paths: list[Path]
    backups: dict[Path, Path]


class ChangedOutputError(CchcError):
    """An output was changed by hand since the program wrote it: exit 1, nothing written."""

    exit_code = 1

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__("\n".join(
            _("%(path)s was changed since cchc-docs wrote it; not overwritten (use --force to replace it and keep the old one as .bak)",
              path=str(p)) for p in paths
        ))

    def lines(self) -> list[str]:
        return self.message.splitlines()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _target(outputs_dir: Path, relative: Path) -> Path:
    root = outputs_dir.resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise CchcError(_("refusing to write outside the outputs folder: %(path)s", path=str(target)))
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Stores ``data`` at ``target`` through a temporary file in the same folder and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; an output is an ordinary file
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_manifest(folder: Path) -> dict[str, str]:
    """Returns file name → SHA-256 of what the program last wrote in ``folder``; empty when none or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def changed_by_hand(target: Path, manifest: dict) -> bool:
    """Returns whether ``target`` exists and differs from what the program wrote there (or was not written by it).

    A manifest entry is a hash, or a list of hashes while a write is under way
    (the old file and the new one are both the program's).
    """
    known = manifest.get(target.name, [])
    return target.exists() and digest(target.read_bytes()) not in ([known] if isinstance(known, str) else known)


def edited_but_current(outputs_dir: Path, outputs: list[Output]) -> list[Path]:
    """Returns the targets changed by hand whose new bytes are exactly what the program last wrote there.

    Their inputs and templates have not changed since: the hand edit is the only
    difference, so the edited file is kept as it is rather than refused or replaced.
    """
    kept = []
    for output in outputs:
        target = _target(outputs_dir, output.relative)
        manifest = read_manifest(target.parent)
        if changed_by_hand(target, manifest) and manifest.get(target.name) == digest(output.data):
            kept.append(outputs_dir / output.relative)
    return kept


def backup_name(target: Path) -> Path:
    """Returns the first free name among "X.docx.bak", "X.docx.2.bak", "X.docx.3.bak" … beside ``target``."""
    candidate, n = target.with_name(target.name + ".bak"), 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}.{n}.bak")
    return candidate


def made_from_other(docx: Path) -> list[Path]:
    """Returns the PDF and e-mail draft beside ``docx`` that were not made from the .docx now on disk.

    One whose origin is unknown (written before the manifest recorded it) counts
    as made from another version.
    """
    manifest = read_manifest(docx.parent)
    current = digest(docx.read_bytes()) if docx.is_file() else None
    sources = manifest.get(MADE_FROM, {})
    return [
        path for path in (docx.with_suffix(s) for s in COMPANIONS)
        if path.exists() and (current is None or not isinstance(sources, dict) or sources.get(path.name) != current)
    ]


def _save_manifest(folder: Path, manifest: dict) -> None:
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))


def write_outputs(outputs_dir: Path, outputs: list[Output], force: bool = False) -> Written:
    """Writes every output atomically and returns their paths (as ``outputs_dir / relative``) and the backups made.

    Every target is checked before the first is written: one file changed by
    hand means nothing is written (ChangedOutputError), unless ``force``, when
    the changed file is first moved to a backup name of its own.
    """
    targets = [_target(outputs_dir, o.relative) for o in outputs]
    if len(set(targets)) != len(targets):
        raise CchcError(_("two documents would be written to the same file"))
    manifests = {t.parent: read_manifest(t.parent) for t in targets}
    changed = [t for t in targets if changed_by_hand(t, manifests[t.parent])]
    if changed and not force:
        raise ChangedOutputError([outputs_dir / o.relative for o, t in zip(outputs, targets) if t in changed])
    # The manifest first accepts both the old and the new file, so that a run killed between the
    # renames (even by SIGKILL) leaves files the next run still knows as its own.
    for output, target in zip(outputs, targets):
        manifest = manifests[target.parent]
        old = manifest.get(target.name, [])
        manifest[target.name] = sorted({*([old] if isinstance(old, str) else old), digest(output.data)})
        if output.made_from is not None:
            manifest.setdefault(MADE_FROM, {})[target.name] = output.made_from
    for folder, manifest in manifests.items():
        _save_manifest(folder, manifest)
    backups = {}
    for output, target in zip(outputs, targets):
        if target in changed:
            backups[outputs_dir / output.relative] = backup = backup_name(target)
            os.replace(target, backup)
        write_atomic(target, output.data)
        manifests[target.parent][target.name] = digest(output.data)
    for folder, manifest in manifests.items():
        _save_manifest(folder, manifest)
    return Written([outputs_dir / o.relative for o in outputs], backups)


def remove_stale(docx: Path) -> list[Path]:
    """Removes the PDF and e-mail draft beside ``docx`` made from another version of it (and not changed
    by hand since); returns the ones removed.

    Left in place, they would carry an old version of the document to the Phòng.
    Those made from the .docx now on disk stay.
    """
    removed = []
    for path in made_from_other(docx):
        manifest = read_manifest(path.parent)
        if not changed_by_hand(path, manifest):
            path.unlink()
            manifest.pop(path.name, None)
            manifest.get(MADE_FROM, {}).pop(path.name, None)
            _save_manifest(path.parent, manifest)
            removed.append(path)
    return removed
