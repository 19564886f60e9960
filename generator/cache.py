"""A cache of work that depends only on content: it can be deleted at any time, and is never required.

It lives in ``outputs/.cache`` (the workspace's own output folder, so that a
clerk can delete it with the documents, and two workspaces never share it).
Every entry is named by the SHA-256 of everything its value depends on: the
content it was made from, this program's own code (:func:`program_fingerprint`:
a change to any module is a new program) and the versions of the libraries
that made it. A changed template or program therefore never meets an old entry:
entries cannot go stale, they only stop being used.

An entry is written to a temporary file and renamed into place, so two builds
running at once each see a whole entry or none; it carries its own SHA-256, so
that a damaged file is ignored. Any error reading or writing
(a read-only or full disk, a damaged entry) only costs the time of doing the
work again.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = ".cache"
DIGEST = 32
"""Each entry starts with the SHA-256 of its content, so that a damaged file is not taken for an entry."""


@lru_cache(maxsize=None)
def program_fingerprint() -> str:
    """Returns the SHA-256 of this program's source files and of the Python version that runs them."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def key(*parts: str | bytes) -> str:
    """Returns the SHA-256 naming an entry made from ``parts`` by this program."""
    h = hashlib.sha256(program_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """Entries (bytes) by kind and key in ``folder``; a folder of None keeps nothing.

    New entries wait in memory until :meth:`save`: a build saves them with
    its documents, so that a build that fails (or ``validate``) writes nothing.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.pending: dict[tuple[str, str], bytes] = {}

    def get(self, kind: str, name: str) -> bytes | None:
        """Returns the entry, or None when there is none (or it cannot be read)."""
        if (kind, name) in self.pending:
            return self.pending[kind, name]
        if self.folder is None:
            return None
        try:
            stored = (self.folder / kind / name).read_bytes()
        except OSError:
            return None
        data = stored[DIGEST:]
        return data if stored[:DIGEST] == hashlib.sha256(data).digest() else None  # a damaged entry is no entry

    def put(self, kind: str, name: str, data: bytes) -> None:
        """Keeps the entry, to be saved by :meth:`save`."""
        if self.folder is not None:
            self.pending[kind, name] = data

    def save(self) -> None:
        """Stores the new entries, each through a temporary file and a rename; gives up silently when the disk refuses."""
        pending, self.pending = self.pending, {}
        for (kind, name), data in pending.items():
            folder = self.folder / kind
            tmp = None
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{name[:16]}.", suffix=".tmp", dir=folder)
                with os.fdopen(fd, "wb") as f:
                    f.write(hashlib.sha256(data).digest() + data)
                os.replace(tmp, folder / name)
            except OSError:
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)


NO_CACHE = Cache(None)
"""Keeps nothing (its entries are never saved): the default of the functions that take a cache."""


def workspace_cache(outputs: Path) -> Cache:
    """Returns the cache of the workspace whose output folder is ``outputs``."""
    return Cache(outputs / FOLDER)
