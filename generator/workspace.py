"""A new workspace for a clerk (`cchc-docs init`).

``init`` copies the skeleton input files (every key present, a Vietnamese
comment on each, "# chưa điền" on the values still to fill in) and the
shipped templates. It never overwrites a file.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SKELETON = {"don-vi.yaml": "inputs/don-vi.yaml", "ke-hoach.yaml": "inputs/{NAM}/ke-hoach.yaml", "q1.yaml": "inputs/{NAM}/q1.yaml"}
TEMPLATES = ("bao-cao-quy.docx", "bao-cao-nam.docx", "ke-hoach.docx")


def init_workspace(folder: Path, year: int) -> tuple[list[Path], list[Path]]:
    """Creates a workspace in ``folder`` for ``year``; returns the files created and those left as they were."""
    created, kept = [], []

    def put(target: Path, data: bytes) -> None:
        if target.exists():
            kept.append(target)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        created.append(target)

    skeleton = resources.files("generator") / "skeleton"
    for name, where in SKELETON.items():
        text = (skeleton / name).read_text(encoding="utf-8").replace("{NAM}", str(year))
        put(folder / where.replace("{NAM}", str(year)), text.encode("utf-8"))
    shipped = resources.files("generator.templates")
    for name in TEMPLATES:
        put(folder / "templates" / name, (shipped / name).read_bytes())
    (folder / "outputs").mkdir(parents=True, exist_ok=True)
    return created, kept
