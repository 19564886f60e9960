"""Step 6, write: the only step that touches the output folder.

A document is written to a temporary file beside its destination and renamed
over it, so an interrupted run leaves either the old file or the new one, never
half of one. The writer refuses a path outside the output folder.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import CchcError
from generator.i18n import _


def write_atomic(outputs_dir: Path, relative: Path, data: bytes) -> Path:
    """Returns the path written: ``data`` stored at ``outputs_dir / relative``, atomically."""
    root = outputs_dir.resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise CchcError(_("refusing to write outside the outputs folder: %(path)s", path=str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return outputs_dir / relative
