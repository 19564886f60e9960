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
    return _init(folder, year, resources.files("generator") / "skeleton", SKELETON, TEMPLATES, ("outputs",))


def _init(folder: Path, year: int, skeleton, files: dict, templates, folders) -> tuple[list[Path], list[Path]]:
    created, kept = [], []

    def put(target: Path, data: bytes) -> None:
        if target.exists():
            kept.append(target)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        created.append(target)

    for name, where in files.items():
        text = (skeleton / name).read_text(encoding="utf-8").replace("{NAM}", str(year))
        put(folder / where.replace("{NAM}", str(year)), text.encode("utf-8"))
    shipped = resources.files("generator.templates")
    for name in templates:
        put(folder / "templates" / name, (shipped / name).read_bytes())
    for sub in folders:
        path = folder / sub.replace("{NAM}", str(year))
        if not path.is_dir():
            path.mkdir(parents=True, exist_ok=True)
            created.append(path)
    return created, kept


OFFICE_SKELETON = {"don-vi.yaml": "inputs/don-vi.yaml", "truong.yaml": "inputs/truong.yaml",
                   "ke-hoach.yaml": "inputs/{NAM}/ke-hoach.yaml", "tong-hop-q1.yaml": "inputs/{NAM}/tong-hop-q1.yaml"}
OFFICE_TEMPLATES = ("tong-hop.docx",)
OFFICE_FOLDERS = ("nop/{NAM}/q1", "nop/{NAM}/q2", "nop/{NAM}/q3", "nop/{NAM}/q4", "nop/{NAM}/nam", "outputs")


def init_office(folder: Path, year: int) -> tuple[list[Path], list[Path]]:
    """Creates the workspace of the office above the schools (spec/tong-hop.md); returns the files and folders
    created and the files left as they were."""
    return _init(folder, year, resources.files("generator") / "skeleton" / "tong-hop", OFFICE_SKELETON, OFFICE_TEMPLATES,
                 OFFICE_FOLDERS)
